"""zhevents.ingest: files, directories and containers → decoded ``Page`` records.

Formats: plain text, HTML, JSON Lines, WARC / WARC.gz and ``.gz`` of any of them.
Encodings: UTF-8 (± BOM), UTF-16/32 (BOM), the GB family (read as GB18030) and Big5 (read
as Big5-HKSCS).  Bad input is never an exception: it is a ``Page`` with
``status="rejected"`` and an ``error`` that says what is wrong and how to fix it.
"""

import sys
import types
from typing import Any

from zhevents.ingest.decode import (
    Decoded,
    DecodeError,
    declared_charset,
    decode_bytes,
    detect_format,
    sniff_binary,
)
from zhevents.ingest.meta import (
    Manifest,
    ManifestError,
    html_meta,
    load_manifest,
    merge_meta,
    meta_from_record,
    normalize_published,
)
from zhevents.ingest.readers import DEFAULT_MAX_BYTES, MANIFEST_NAME, page_from_bytes, read_inputs, read_page

__all__ = [
    "DEFAULT_MAX_BYTES",
    "MANIFEST_NAME",
    "DecodeError",
    "Decoded",
    "Manifest",
    "ManifestError",
    "declared_charset",
    "decode_bytes",
    "detect_format",
    "html_meta",
    "load_manifest",
    "merge_meta",
    "meta_from_record",
    "normalize_published",
    "page_from_bytes",
    "read_inputs",
    "read_page",
    "sniff_binary",
]


class _IngestPackage(types.ModuleType):
    """``zhevents.ingest`` is this stage package, and calling it runs ``pipeline.ingest``."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from zhevents.pipeline import ingest

        return ingest(*args, **kwargs)


sys.modules[__name__].__class__ = _IngestPackage
