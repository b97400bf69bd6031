"""The store's bulk-load path (the batch reduce): deferred indexes and the one-statement LSH look-up."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from zhevents.dedup.stories import rank_candidates
from zhevents.store import Store
from zhevents.store.sqlite import DEFERRABLE_INDEXES


def _schema(db: sqlite3.Connection) -> list[tuple[str, str]]:
    rows = db.execute("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL")
    return sorted((str(r[0]), str(r[1])) for r in rows)


def test_deferred_indexes_come_back_as_migrated(tmp_path: Path) -> None:
    with Store(tmp_path / "fresh.db") as fresh:
        expected = _schema(fresh.db)
    assert set(DEFERRABLE_INDEXES) <= {name for name, _ in expected}  # every name is a real index
    with Store(tmp_path / "bulk.db", scratch=True) as store:
        with store.indexes_deferred():
            names = {r[0] for r in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
            assert not names & set(DEFERRABLE_INDEXES)
            store.db.execute("INSERT INTO minhash_bands VALUES (1, 'b', 's')")
        assert _schema(store.db) == expected


def test_deferred_indexes_come_back_after_a_failed_load(tmp_path: Path) -> None:
    with Store(tmp_path / "bulk.db", scratch=True) as store:
        before = _schema(store.db)
        try:
            with store.indexes_deferred():
                raise RuntimeError("a shard failed")
        except RuntimeError:
            pass
        assert _schema(store.db) == before


def test_bucket_lookup_in_one_statement_ranks_as_one_per_band(tmp_path: Path) -> None:
    """The joined look-up returns one hit per (band, bucket) a stored story shares, as 32 queries did."""
    rows = [(band, f"k{band % 3}", f"s{sid}") for sid in range(6) for band in range(sid, sid + 4)]
    rows += [(0, "k0", "s9"), (3, "k0", "s9"), (7, "other", "s9")]
    with Store(tmp_path / "s.db", scratch=True) as store:
        store.db.executemany("INSERT INTO minhash_bands VALUES (?, ?, ?)", rows)
        store.db.executemany(
            "INSERT INTO stories (id, page_id, seq, kind, script, text, align_json, norm, norm_align_json,"
            " content_hash) VALUES (?, 'p', 0, 'article', 'simplified', '', '[]', ?, '[]', '')",
            [(f"s{i}", f"norm {i}") for i in (*range(6), 9)])
        keys = [(band, f"k{band % 3}") for band in range(8)]
        one_per_band = [r[0] for band, bucket in keys for r in store.db.execute(
            "SELECT story_id FROM minhash_bands WHERE band = ? AND bucket = ?", (band, bucket))]
        got = store._candidate_stories(keys)
    assert [sid for sid, _ in got] == sorted(rank_candidates(one_per_band))
    assert dict(got)["s9"] == "norm 9" and len(got) == 7
    assert not Store(tmp_path / "t.db", scratch=True)._candidate_stories([])
