"""zhevents: Chinese-language news pages to an attributed, deduplicated PLOVER event dataset.

The public API is small::

    import zhevents
    summary = zhevents.ingest(["samples"], "zhevents.db", manifest="samples/manifest.jsonl")
    page = zhevents.process_page(zhevents.read_page("samples/000_202d6752c14345d9.txt"))
    events, rejected = zhevents.extract(["samples"], manifest="samples/manifest.jsonl")

Names are imported lazily so that importing one stage does not load every other stage.
``zhevents.ingest`` is both the ingest stage package and, when called, ``pipeline.ingest``.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "extract": "zhevents.pipeline",
    "process_page": "zhevents.pipeline",
    "read_page": "zhevents.ingest",
    "Store": "zhevents.store",
}

__all__ = ["Store", "__version__", "extract", "ingest", "process_page", "read_page"]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    if name == "ingest":
        return importlib.import_module("zhevents.ingest")
    raise AttributeError(f"module 'zhevents' has no attribute {name!r}")
