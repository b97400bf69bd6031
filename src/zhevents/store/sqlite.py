"""The embedded store: one SQLite file in WAL mode, one writer, one transaction per page.

Everything derived from a page (its stories, mentions, times, quantities, events) is written in
the same transaction as the page row, so a kill at any moment loses at most the page in flight
and a re-run redoes exactly that page.  Row ids are content-derived, never autoincrement, so an
interrupted and resumed ingest produces the same rows as an uninterrupted one.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zhevents.dedup.claims import claim_signature, find_claims
from zhevents.dedup.events import Components, EventSig, cluster, seam_links, seams_of, story_clusters
from zhevents.dedup.events import signature as event_signature
from zhevents.dedup.stories import find_duplicate, norm_band_keys, rank_candidates
from zhevents.records import Alignment, Entity, Page, Story
from zhevents.store.rows import Row, insert_sql, page_rows
from zhevents.store.schema import MIGRATIONS

DEFAULT_DB = "zhevents.db"
# SQLite's page cache of a scratch store (the batch reduce), in KiB (a negative cache_size).  The default
# 2 MB does not hold the upper levels of a large store's indexes, so a look-up read them again (a cold
# bucket look-up took 96 µs at 40k pages, 12 µs with 64 MB).  Measured at 40k pages with the indexes
# deferred: 128 MB saved 6 s of the 69 s load and cost 155 MB of peak memory, so 32 MB, fixed (not a
# share of the store): the upper index levels, not the leaves.
SCRATCH_CACHE_KIB = 32_768
# Indexes that no write path reads (only the read queries, clustering and exports use them).  A bulk
# load into a scratch store drops them and builds each once at the end, by one sort, instead of
# updating them row by row at random places (see ``Store.indexes_deferred``).
DEFERRABLE_INDEXES = (
    "stories_kind", "mentions_entity", "events_block", "events_day_type_codes", "events_type_day_codes",
    "events_day", "events_type_day", "event_codes_day", "event_codes_type", "event_code_counts_type",
)


class StoreError(Exception):
    """The store file cannot be opened or is not a zhevents store."""


@dataclass(slots=True)
class WriteResult:
    page_id: str
    status: str
    stories: int = 0
    duplicates: int = 0
    events: int = 0


class Store:
    """Read and write access to one zhevents SQLite file."""

    def __init__(self, path: str | Path = DEFAULT_DB, *, readonly: bool = False, scratch: bool = False) -> None:
        """Open (and migrate) a store; ``scratch`` skips durability for a file rebuilt from scratch on failure."""
        self.path = Path(path)
        self._bulk = False
        if readonly and not self.path.exists():
            raise StoreError(f"no store at {self.path}: run `zhevents ingest PATH --db {self.path}` first")
        uri = f"file:{self.path}?mode=ro" if readonly else f"file:{self.path}"
        try:
            self.db = sqlite3.connect(uri, uri=True, check_same_thread=False)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open store {self.path}: {exc}") from exc
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA busy_timeout = 10000")
        if not readonly:
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute(f"PRAGMA synchronous = {'OFF' if scratch else 'NORMAL'}")
            if scratch:
                self.db.execute(f"PRAGMA cache_size = -{SCRATCH_CACHE_KIB}")
            # INSERT OR REPLACE deletes the old row; only with recursive triggers do the count tables'
            # delete triggers see that deletion (an event whose date or type changed moves its count)
            self.db.execute("PRAGMA recursive_triggers = ON")
            self.migrate()
        elif self.schema_version() == 0:
            raise StoreError(f"{self.path} is not a zhevents store")

    # -- schema -------------------------------------------------------------------------------
    def schema_version(self) -> int:
        try:
            row = self.db.execute("SELECT version FROM schema_version").fetchone()
        except sqlite3.DatabaseError as exc:
            if "no such table" in str(exc):
                return 0
            raise StoreError(f"{self.path} is not a SQLite store: {exc}") from exc
        return int(row[0]) if row else 0

    def migrate(self) -> None:
        self.db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        current = self.schema_version()
        for number, script in enumerate(MIGRATIONS, start=1):
            if number <= current:
                continue
            with self.db:
                self.db.executescript("BEGIN;" + script + ";DELETE FROM schema_version;"
                                      f"INSERT INTO schema_version VALUES ({number});COMMIT;")

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def bulk(self) -> Iterator[None]:
        """Write many pages in one transaction (a batch reduce into a scratch store): one commit for
        all of them, where each page alone would commit and rewrite the index pages it touched."""
        self._bulk = True
        try:
            with self.db:
                self.db.execute("BEGIN")
                yield
        finally:
            self._bulk = False

    @contextmanager
    def indexes_deferred(self) -> Iterator[None]:
        """The ``DEFERRABLE_INDEXES`` dropped for a bulk load and created again when it ends."""
        saved = self.drop_deferrable_indexes()
        try:
            yield
        finally:
            self.create_indexes(saved)

    def drop_deferrable_indexes(self) -> list[str]:
        """Drop the ``DEFERRABLE_INDEXES`` and return their SQL for ``create_indexes``: built again from
        their own SQL, the store has the schema of a migrated one, each index made by one sort of its
        rows.  For a scratch store being loaded: queries on these indexes scan while they are gone."""
        names = ", ".join(f"'{n}'" for n in DEFERRABLE_INDEXES)
        saved = self.db.execute(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name IN ({names}) ORDER BY name").fetchall()
        with self.db:
            for name, _ in saved:
                self.db.execute(f"DROP INDEX {name}")
        return [str(sql) for _, sql in saved]

    def create_indexes(self, statements: list[str]) -> None:
        with self.db:
            for sql in statements:
                self.db.execute(sql)

    def _transaction(self) -> AbstractContextManager[Any]:
        """One page's writes: a transaction of its own, or a savepoint inside ``bulk()``."""
        return self._savepoint() if self._bulk else self.db

    @contextmanager
    def _savepoint(self) -> Iterator[None]:
        self.db.execute("SAVEPOINT page")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK TO page")
            raise
        finally:
            self.db.execute("RELEASE page")

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ------------------------------------------------------------------------------
    def page_status(self, page_id: str) -> str | None:
        row = self.db.execute("SELECT status FROM pages WHERE id = ?", (page_id,)).fetchone()
        return str(row[0]) if row else None

    def add_source(self, source: str, page_id: str) -> None:
        with self._transaction():
            self.db.execute("INSERT OR IGNORE INTO page_sources VALUES (?, ?)", (source, page_id))

    def write_page(self, page: Page) -> WriteResult:
        """Write a processed page and everything derived from it, atomically."""
        rows = page_rows(page, 0)
        result = self.write_rows(rows)
        for story, row in zip(page.stories, rows["stories"], strict=True):
            story.duplicate_of = row["duplicate_of"]
        return result

    def write_rows(self, rows: dict[str, list[Row]]) -> WriteResult:
        """Write the rows of one page (see ``rows.page_rows``) in one transaction.

        The page keeps its place (``seq``) when it was stored before, else goes last; its stories
        are deduplicated against every story already stored.
        """
        page = rows["pages"][0]
        result = WriteResult(page["id"], page["status"])
        with self._transaction():
            seq, stored = self._page_seq(page["id"])
            page["seq"] = seq
            if stored:
                self._delete_page(page["id"])  # a rejected page is retried on re-run, in its old place
            for row in rows["stories"]:
                result.duplicates += self._insert_story(row, story_stub(row))
            self.db.executemany(insert_sql("entities", "INSERT OR IGNORE"), rows.get("entities", []))
            for table in ("pages", "page_sources", "mentions", "times", "quantities", "events"):
                self._insert_rows(table, rows.get(table, []))
            self.db.executemany("INSERT OR IGNORE INTO dirty_blocks VALUES (?)",
                                [(r["block"],) for r in rows.get("events", [])])
            result.stories = len(rows["stories"])
            result.events = len(rows.get("events", []))
        return result

    def _page_seq(self, page_id: str) -> tuple[int, bool]:
        """The page's place in ingest order, and whether it is stored already."""
        row = self.db.execute("SELECT seq FROM pages WHERE id = ?", (page_id,)).fetchone()
        if row:
            return int(row[0]), True
        return int(self.db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM pages").fetchone()[0]), False

    def _delete_page(self, page_id: str) -> None:
        story_ids = [r[0] for r in self.db.execute("SELECT id FROM stories WHERE page_id = ?", (page_id,))]
        self.db.executemany(
            "INSERT OR IGNORE INTO dirty_blocks SELECT block FROM events WHERE story_id = ?",
            [(s,) for s in story_ids])
        for table in ("mentions", "times", "quantities", "events", "story_duplicates", "minhash_bands"):
            self.db.executemany(f"DELETE FROM {table} WHERE story_id = ?", [(s,) for s in story_ids])
        self.db.execute("DELETE FROM stories WHERE page_id = ?", (page_id,))
        self.db.execute("DELETE FROM pages WHERE id = ?", (page_id,))

    def _insert_rows(self, table: str, rows: list[Row]) -> None:
        if rows:
            self.db.executemany(insert_sql(table), rows)

    def _insert_story(self, row: Row, story: Story) -> int:
        """Insert one story row, deduplicated against every earlier story; returns 1 if a duplicate."""
        norm = story.norm
        dup = find_duplicate(story, self._exact_story, self._candidate_stories) if norm else None
        row["duplicate_of"] = dup.of if dup else None
        if dup and dup.method == "exact":
            row["norm"] = ""  # store the text once
        self._insert_rows("stories", [row])
        if dup:
            self.db.execute("INSERT INTO story_duplicates VALUES (?,?,?,?)",
                            (row["id"], dup.of, dup.method, dup.similarity))
        elif norm:
            self.db.executemany("INSERT INTO minhash_bands VALUES (?,?,?)",
                                [(b, k, row["id"]) for b, k in norm_band_keys(norm)])
        return 1 if dup else 0

    def _exact_story(self, content_hash: str) -> str | None:
        row = self.db.execute(
            "SELECT id FROM stories WHERE content_hash = ? AND duplicate_of IS NULL ORDER BY id LIMIT 1",
            (content_hash,),
        ).fetchone()
        return str(row[0]) if row else None

    def _candidate_stories(self, keys: list[tuple[int, str]]) -> list[tuple[str, str]]:
        if not keys:
            return []
        # one statement for every band (an index search per key): 32 statements cost more than the rows
        values = ",".join("(?, ?)" for _ in keys)
        hits = [r[0] for r in self.db.execute(
            f"SELECT m.story_id FROM (VALUES {values}) k"
            " JOIN minhash_bands m ON m.band = k.column1 AND m.bucket = k.column2",
            [x for key in keys for x in key])]
        ids = rank_candidates(hits)
        if not ids:
            return []
        rows = self.db.execute(
            f"SELECT id, norm FROM stories WHERE id IN ({','.join('?' * len(ids))}) ORDER BY id", ids)
        return [(str(r[0]), str(r[1])) for r in rows]

    def refresh_clusters(self) -> None:
        """Recompute event clusters of every changed block, then story clusters and claims.

        Runs in one transaction after each ingest; the blocks to redo are recorded with the pages
        that changed them, so an ingest killed before this step is completed by the next run.
        """
        with self.db:
            blocks = [r[0] for r in self.db.execute("SELECT block FROM dirty_blocks ORDER BY block")]
            for block in blocks:
                self._cluster_block(block)
            for table in ("event_clusters", "block_clusters"):
                self.db.execute(f"DELETE FROM {table} WHERE event_id NOT IN (SELECT id FROM events)")
            self._join_seams(blocks)
            self.db.execute("DELETE FROM dirty_blocks")
            if blocks:
                self._refresh_claims()
            self._refresh_story_clusters()

    def _cluster_block(self, block: str) -> None:
        rows = self.db.execute("SELECT id, json, norm_text FROM events WHERE block = ?", (block,))
        mapping = cluster(event_signature(json.loads(r[1]), r[2]) for r in rows)
        self.db.executemany("INSERT OR REPLACE INTO block_clusters VALUES (?, ?)", sorted(mapping.items()))

    def _join_seams(self, blocks: list[str]) -> None:
        """Relink the seams of the changed blocks, then give each event of a changed block, and each
        event whose label was or is linked, its cluster: the smallest label its links join it to."""
        seams = {s.key: s for b in blocks for s in seams_of(b)}
        touched = {label for key in seams for link in self._seam_links("seam = ?", key) for label in link}
        for key, s in sorted(seams.items()):
            self.db.execute("DELETE FROM seam_links WHERE seam = ?", (key,))
            sides = (("block = ? AND date >= ?", (s.before, s.since)), ("block = ? AND date < ?", (s.after, s.until)))
            if not all(self._seam_side_exists(where, params) for where, params in sides):
                continue  # nothing on one side (a crawl's first or last month): nothing to join
            before, after = (self._seam_side(where, params) for where, params in sides)
            label = self._column("block_clusters", "event_id", "label", [e.id for e in before + after])
            self.db.executemany("INSERT INTO seam_links VALUES (?, ?, ?)",
                                [(key, label[a], label[b]) for a, b in seam_links(before, after)])
        components = Components()
        for event_type in sorted({b.partition("|")[0] for b in blocks}):
            for a, b in self._seam_links("seam LIKE ?", f"{event_type}|%"):
                components.union(a, b)
        root = components.mapping()
        ids = self._values("events", "block", "id", blocks)
        ids |= self._values("block_clusters", "label", "event_id", sorted(touched | set(root)))
        label = self._column("block_clusters", "event_id", "label", sorted(ids))
        self.db.executemany("INSERT OR REPLACE INTO event_clusters VALUES (?, ?)",
                            sorted((e, root.get(x, x)) for e, x in label.items()))

    def _seam_links(self, where: str, param: str) -> list[tuple[str, str]]:
        rows = self.db.execute(f"SELECT label_a, label_b FROM seam_links WHERE {where}", (param,))
        return [(str(r[0]), str(r[1])) for r in rows]

    def _seam_side(self, where: str, params: tuple[str, str]) -> list[EventSig]:
        """The day-precision reports of one side of a seam."""
        rows = self.db.execute(f"SELECT id, json, norm_text FROM events WHERE {where} AND date_precision = 'day'",
                               params)
        return [event_signature(json.loads(r[1]), r[2]) for r in rows]

    def _seam_side_exists(self, where: str, params: tuple[str, str]) -> bool:
        return self.db.execute(f"SELECT 1 FROM events WHERE {where} AND date_precision = 'day' LIMIT 1",
                               params).fetchone() is not None

    def _column(self, table: str, key: str, value: str, keys: list[str]) -> dict[str, str]:
        """``value`` by ``key`` (a unique column) for the given keys."""
        return {k: v for k, v in self._pairs(table, key, value, keys)}

    def _values(self, table: str, key: str, value: str, keys: list[str]) -> set[str]:
        """Every ``value`` of the rows whose ``key`` is one of ``keys``."""
        return {v for _, v in self._pairs(table, key, value, keys)}

    def _pairs(self, table: str, key: str, value: str, keys: list[str]) -> Iterator[tuple[str, str]]:
        for chunk in _chunks(keys, 500):  # SQLite caps the parameters of one statement
            rows = self.db.execute(
                f"SELECT {key}, {value} FROM {table} WHERE {key} IN ({','.join('?' * len(chunk))})", chunk)
            yield from ((str(k), str(v)) for k, v in rows)

    def _refresh_story_clusters(self) -> None:
        shared = self.db.execute(
            "SELECT DISTINCT e.story_id, c.cluster_id FROM events e JOIN event_clusters c ON c.event_id = e.id"
            " WHERE e.teaser = 0")
        dups = self.db.execute("SELECT id, duplicate_of FROM stories WHERE duplicate_of IS NOT NULL")
        stories = [r[0] for r in self.db.execute("SELECT id FROM stories WHERE kind != 'teaser'")]
        mapping = story_clusters(stories, [(r[0], r[1]) for r in shared], [(r[0], r[1]) for r in dups])
        self.db.execute("DELETE FROM story_clusters")
        self.db.executemany("INSERT INTO story_clusters VALUES (?, ?)", sorted(mapping.items()))

    def _refresh_claims(self) -> None:
        rows = self.db.execute(
            "SELECT e.id, c.cluster_id, e.json FROM events e JOIN event_clusters c ON c.event_id = e.id"
            " WHERE e.date IS NOT NULL AND e.teaser = 0")
        # a generator: find_claims keeps one report per distinct claim key, not every event of the store
        sigs = (claim_signature(str(r[0]), str(r[1]), json.loads(r[2])) for r in rows)
        claims = [(c.id, c.event_a, c.event_b, c.kind, c.day, c.parties) for c in find_claims(sigs)]
        self.db.execute("DELETE FROM claims")
        self.db.executemany("INSERT INTO claims VALUES (?,?,?,?,?,?)", claims)

    # -- reading ------------------------------------------------------------------------------
    def query(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> list[sqlite3.Row]:
        return list(self.db.execute(sql, params))

    def stories(self, kind: str | None = None, page_id: str | None = None) -> Iterator[dict[str, Any]]:
        sql = ("SELECT s.*, p.doc, p.published, p.outlet, p.url FROM stories s JOIN pages p ON p.id = s.page_id"
               " WHERE (:kind IS NULL OR s.kind = :kind) AND (:page IS NULL OR s.page_id = :page)"
               " ORDER BY p.seq, s.seq")
        for row in self.db.execute(sql, {"kind": kind, "page": page_id}):
            yield dict(row)

    def story(self, story_id: str) -> dict[str, Any] | None:
        row = self.db.execute(
            "SELECT s.*, p.doc, p.published, p.outlet, p.url, p.text AS page_text, p.removed_json"
            " FROM stories s JOIN pages p ON p.id = s.page_id WHERE s.id = ?", (story_id,)).fetchone()
        return dict(row) if row else None

    def counts(self) -> dict[str, Any]:
        q = self.db.execute
        return {
            "pages": q("SELECT COUNT(*) FROM pages WHERE status = 'ok'").fetchone()[0],
            "rejected": q("SELECT COUNT(*) FROM pages WHERE status = 'rejected'").fetchone()[0],
            "stories": dict(q("SELECT kind, COUNT(*) FROM stories GROUP BY kind").fetchall()),
            "duplicates": q("SELECT COUNT(*) FROM story_duplicates").fetchone()[0],
            "entities": q("SELECT COUNT(DISTINCT entity_id) FROM mentions").fetchone()[0],
            "events": q("SELECT COUNT(*) FROM events").fetchone()[0],
        }

    def entity_records(self, type: str | None = None, story_id: str | None = None) -> list[dict[str, Any]]:
        """Entities mentioned in the store (or in one story), with the surface forms seen, as written."""
        rows = self.db.execute(
            "SELECT n.*, group_concat(DISTINCT m.text) AS seen, COUNT(m.id) AS mentions"
            " FROM entities n JOIN mentions m ON m.entity_id = n.id"
            " WHERE (:type IS NULL OR n.type = :type) AND (:story IS NULL OR m.story_id = :story)"
            " GROUP BY n.id ORDER BY mentions DESC, n.id", {"type": type, "story": story_id})
        out = []
        for r in rows:
            d = {k: r[k] for k in ("id", "type", "name_zh", "name_en", "code", "sector", "wikidata_id")}
            if r["type"] == "place":
                d.update(lat=r["lat"], lon=r["lon"], country=r["country"])
            d.update(role=r["role"], mentions=r["mentions"], aliases_seen=sorted(set(r["seen"].split(","))))
            out.append(d)
        return out

    def rejected(self) -> list[tuple[str, str]]:
        return [(r[0], r[1]) for r in self.db.execute(
            "SELECT source, error FROM pages WHERE status = 'rejected' ORDER BY seq")]


def story_stub(row: Row) -> Story:
    """The fields of a stored story that deduplication reads."""
    return Story(id=row["id"], page_id=row["page_id"], seq=row["seq"], kind=row["kind"], text=row["text"],
                 align=Alignment(), norm=row["norm"], content_hash=row["content_hash"])


def entity_from_row(row: sqlite3.Row | dict[str, Any]) -> Entity:
    d = dict(row)
    return Entity(id=d["id"], type=d["type"], name_zh=d["name_zh"], name_en=d["name_en"], code=d["code"],
                  sector=d["sector"], wikidata_id=d["wikidata_id"], lat=d["lat"], lon=d["lon"],
                  country=d["country"], role=d["role"], source=d["source"])


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    """Slices of at most ``size`` items (SQLite caps the parameters of one statement)."""
    for i in range(0, len(items), size):
        yield items[i:i + size]
