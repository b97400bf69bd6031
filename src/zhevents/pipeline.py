"""What to run: the list of stages, and the local driver that feeds pages through them into the store.

A stage is a callable ``Page -> Page``.  Story-level stages are lifted with ``per_story``.  The list
is data (``default_stages``), so the local executor here and the Ray executor in ``scale`` run the
very same stages.  A stage that raises on one page marks that page rejected with the stage's name
and the error; the batch goes on.
"""

from __future__ import annotations

import functools
import multiprocessing
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from zhevents.clean import clean_page
from zhevents.dates import annotate_dates
from zhevents.entities import annotate_entities
from zhevents.events import code_events
from zhevents.ingest import DEFAULT_MAX_BYTES, Manifest, load_manifest, read_inputs
from zhevents.normalize import normalize_story
from zhevents.quantities import annotate_quantities
from zhevents.records import Page, PageMeta, Story
from zhevents.store import Store

PageStage = Callable[[Page], Page]


@dataclass(frozen=True, slots=True)
class NamedStage:
    name: str
    fn: PageStage

    def __call__(self, page: Page) -> Page:
        return self.fn(page)


def per_story(name: str, fn: Callable[[Story, Page], Story]) -> NamedStage:
    """Lift a story-level function into a page stage."""

    def run(page: Page) -> Page:
        page.stories = [fn(story, page) for story in page.stories]
        return page

    return NamedStage(name, run)


def _story_only(fn: Callable[[Story], Story]) -> Callable[[Story, Page], Story]:
    return lambda story, _page: fn(story)


def default_stages(stage_set: str = "full") -> list[NamedStage]:
    """The stage list: ``full`` (through events), ``entities`` (no events) or ``clean`` (clean+normalise)."""
    if stage_set not in STAGE_SETS:
        raise ValueError(f"unknown stage set {stage_set!r}; choose from {', '.join(STAGE_SETS)}")
    stages = [NamedStage("clean", clean_page), per_story("normalize", _story_only(normalize_story))]
    if stage_set in ("entities", "full"):
        stages += [
            per_story("entities", annotate_entities),
            per_story("dates", annotate_dates),
            per_story("quantities", _story_only(annotate_quantities)),
        ]
    if stage_set == "full":
        stages.append(per_story("events", code_events))
    return stages


STAGE_SETS = ("clean", "entities", "full")


def process_page(page: Page, stages: Sequence[NamedStage] | None = None) -> Page:
    """Run every stage over one page; a failing stage rejects the page, never the batch."""
    for stage in stages if stages is not None else default_stages():
        if page.status != "ok":
            break
        try:
            page = stage(page)
        except Exception as exc:  # one bad document must never stop a batch
            page.status = "rejected"
            page.error = f"{stage.name} stage failed: {type(exc).__name__}: {exc}"
            page.stories = []
    return page


@dataclass(slots=True)
class IngestSummary:
    read: int = 0
    new: int = 0
    already: int = 0
    stories: Counter[str] = field(default_factory=Counter)
    duplicates: int = 0
    events: int = 0
    rejected: list[tuple[str, str]] = field(default_factory=list)

    def format(self) -> str:
        kinds = ", ".join(f"{n} {k}" for k, n in sorted(self.stories.items())) or "0"
        lines = [
            f"pages read: {self.read} (new {self.new}, already in store {self.already}, "
            f"rejected {len(self.rejected)})",
            f"stories: {sum(self.stories.values())} ({kinds}); duplicates: {self.duplicates}",
            f"events: {self.events}",
        ]
        lines += [f"  rejected {src}: {err}" for src, err in self.rejected]
        return "\n".join(lines)


_STAGE_CACHE: dict[str, list[NamedStage]] = {}


def _process_with(stage_set: str, page: Page) -> Page:
    """Module-level (picklable) worker: stage lists are built once per process."""
    if stage_set not in _STAGE_CACHE:
        _STAGE_CACHE[stage_set] = default_stages(stage_set)
    return process_page(page, _STAGE_CACHE[stage_set])


def _pages_to_process(pages: Iterable[Page], store: Store, summary: IngestSummary) -> Iterator[Page]:
    """Skip pages already stored (idempotent ingest); count every page read."""
    for page in pages:
        summary.read += 1
        if store.page_status(page.id) == "ok":
            summary.already += 1
            store.add_source(page.source, page.id)
            continue
        yield page


def _manifest_index(manifest: str | Path | Manifest | None) -> Manifest | None:
    """A manifest given as a path is loaded; one already loaded (or none) is used as is."""
    return load_manifest(manifest) if isinstance(manifest, str | Path) else manifest


def ingest(
    paths: Sequence[str | Path],
    db: str | Path = "zhevents.db",
    *,
    manifest: str | Path | Manifest | None = None,
    defaults: PageMeta | None = None,
    workers: int = 1,
    progress: bool = False,
    progress_file: TextIO | None = None,
    stage_set: str = "full",
    max_bytes: int | None = None,
) -> IngestSummary:
    """Read, process and store pages; re-running on the same input adds nothing."""
    index = _manifest_index(manifest)
    summary = IngestSummary()
    if index is not None:
        summary.rejected += [("manifest", f"line skipped: {why}") for why in index.errors]
    with Store(db) as store, Store(db) as feeder:  # the feeder runs in the pool's feeding thread
        pages = read_inputs(paths, manifest=index, defaults=defaults, max_bytes=max_bytes or DEFAULT_MAX_BYTES)
        todo = _pages_to_process(pages, feeder, summary)
        worker = functools.partial(_process_with, stage_set)
        for page in _run_stages(todo, worker, workers, progress, progress_file or sys.stderr):
            _record(store.write_page(page), page, summary)
        store.refresh_clusters()  # event dedup, story clusters, claims over what changed
    return summary


def _run_stages(
    pages: Iterator[Page], worker: Callable[[Page], Page], workers: int, progress: bool, out: TextIO
) -> Iterator[Page]:
    bar = _progress(out) if progress else None
    if workers <= 1:
        results: Iterator[Page] = map(worker, pages)
    else:
        pool = multiprocessing.get_context("fork").Pool(workers)
        results = pool.imap(worker, pages, chunksize=8)  # ordered: deterministic store
    for page in results:
        if bar is not None:
            bar.update(1)
        yield page
    if bar is not None:
        bar.close()
    if workers > 1:
        pool.close()
        pool.join()


def _progress(out: TextIO):  # type: ignore[no-untyped-def]
    from tqdm import tqdm

    return tqdm(unit="page", file=out, mininterval=0.5, disable=None)


def _record(result: object, page: Page, summary: IngestSummary) -> None:
    if page.status != "ok":
        summary.rejected.append((page.source, page.error or "unknown error"))
        return
    summary.new += 1
    summary.stories.update(s.kind for s in page.stories)
    summary.duplicates += sum(1 for s in page.stories if s.duplicate_of)
    summary.events += sum(len(s.events) for s in page.stories)


def extract(
    paths: Sequence[str | Path],
    *,
    manifest: str | Path | Manifest | None = None,
    defaults: PageMeta | None = None,
) -> tuple[list[dict[str, object]], list[tuple[str, str]]]:
    """Code events of files in memory (no store): PLOVER-shaped events, and rejected pages."""
    from zhevents.events import event_to_plover

    index = _manifest_index(manifest)
    for path in paths:
        if not Path(path).exists():
            raise FileNotFoundError(f"no such file or directory: {path}")
    events: list[dict[str, object]] = []
    rejected: list[tuple[str, str]] = []
    for page in read_inputs(paths, manifest=index, defaults=defaults):
        page = process_page(page)
        if page.status != "ok":
            rejected.append((page.source, page.error or "unknown error"))
        events += [event_to_plover(e) for s in page.stories for e in s.events]
    return events, rejected
