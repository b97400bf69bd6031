"""zhevents: Chinese-language news pages to an attributed, deduplicated PLOVER event dataset.

The public API is small::

    import zhevents
    summary = zhevents.ingest(["samples"], "zhevents.db", manifest="samples/manifest.jsonl")
    page = zhevents.process_page(zhevents.read_page("samples/000_202d6752c14345d9.txt"))
    events, rejected = zhevents.extract(["samples"], manifest="samples/manifest.jsonl")
"""

__version__ = "0.1.0"

# ``zhevents.ingest`` is the stage package *and* the public function: binding the function after
# the package is imported makes the attribute the function, while ``zhevents.ingest.*`` imports work.
from zhevents.ingest import read_page  # noqa: E402
from zhevents.pipeline import extract, ingest, process_page  # noqa: E402
from zhevents.store import Store  # noqa: E402

__all__ = ["Store", "__version__", "extract", "ingest", "process_page", "read_page"]
