"""The per-code tables of migration 6 (event_codes, event_code_counts) and the queries that read them.

The tables are kept by triggers, so they must equal what the events table says after any mix of
inserts, INSERT OR REPLACE / OR IGNORE, updates and deletes; and a filter answered through them
must give exactly the page, total and timeline of the same filter answered from the events alone
(a copy of the store without the tables, as a store from before migration 6 is).
"""

from __future__ import annotations

import contextlib
import json
import random
import shutil
import sqlite3
from pathlib import Path

import pytest

from zhevents.store import Store, queries
from zhevents.store.schema import MIGRATIONS

COLUMNS = ("id", "doc", "page_id", "story_id", "event", "confidence", "coder", "start", "end", "sentence_start",
           "sentence_end", "event_text", "actor_codes", "recipient_codes", "date", "json")
CODES = ("RUS", "USA", "UKR", "CHN", "")
DATES = (None, "", "2022-05", "2022-05-01", "2022-05-02", "2022-05-02", "2022-05-03T10:00", "2022-06-30")
TYPES = ("CONSULT", "AID", "ACCUSE")


def _codes(rng: random.Random) -> str:
    return " ".join(rng.choice(CODES) for _ in range(rng.randint(0, 3)))


def _event(rng: random.Random, event_id: str) -> dict[str, object]:
    date = rng.choice(DATES)
    return {"id": event_id, "doc": "d", "page_id": "p", "story_id": "s", "event": rng.choice(TYPES),
            "confidence": 1.0, "coder": "test", "start": 0, "end": 1, "sentence_start": 0, "sentence_end": 1,
            "event_text": "t", "actor_codes": _codes(rng), "recipient_codes": _codes(rng), "date": date,
            "json": json.dumps({"id": event_id, "date": date})}


def _insert(db: sqlite3.Connection, row: dict[str, object], verb: str = "INSERT") -> None:
    cols = ", ".join(f'"{c}"' for c in COLUMNS)
    db.execute(f"{verb} INTO events ({cols}) VALUES ({', '.join('?' * len(COLUMNS))})",
               [row[c] for c in COLUMNS])


def _expected_codes(db: sqlite3.Connection) -> dict[tuple[str, str], tuple[str, str, int]]:
    """event_codes as the events table defines it: one row per distinct token of either code column."""
    out = {}
    for event_id, date, event, actors, recipients in db.execute(
            "SELECT id, date, event, actor_codes, recipient_codes FROM events"):
        a, r = actors.split(" "), recipients.split(" ")
        for code in {c for c in a + r if c}:
            out[(event_id, code)] = ("" if date is None else "d" + date, event, (code in a) + 2 * (code in r))
    return out


def _stored_codes(db: sqlite3.Connection) -> dict[tuple[str, str], tuple[str, str, int]]:
    return {(i, c): (d, e, r) for i, c, d, e, r in db.execute("SELECT id, code, day, event, role FROM event_codes")}


def _expected_counts(codes: dict[tuple[str, str], tuple[str, str, int]]) -> dict[tuple[str, str, str, int], int]:
    out: dict[tuple[str, str, str, int], int] = {}
    for (_id, code), (day, event, role) in codes.items():
        out[(code, day, event, role)] = out.get((code, day, event, role), 0) + 1
    return out


def _stored_counts(db: sqlite3.Connection) -> dict[tuple[str, str, str, int], int]:
    return {(c, d, e, r): n for c, d, e, r, n in db.execute("SELECT code, day, event, role, n FROM event_code_counts")}


def test_triggers_keep_the_tables_exact_through_any_write() -> None:
    db = sqlite3.connect(":memory:")
    for script in MIGRATIONS:
        db.executescript(script)
    rng = random.Random(11)
    for step in range(300):
        event_id = rng.choice("abcdefgh")
        verb = rng.choice(["INSERT OR REPLACE", "INSERT OR IGNORE", "INSERT", "UPDATE", "DELETE"])
        if verb == "UPDATE":
            db.execute("UPDATE events SET actor_codes = ?, date = ?, event = ? WHERE id = ?",
                       (_codes(rng), rng.choice(DATES), rng.choice(TYPES), event_id))
        elif verb == "DELETE":
            db.execute("DELETE FROM events WHERE id = ?", (event_id,))
        else:
            with contextlib.suppress(sqlite3.IntegrityError):  # a plain INSERT of an id already there
                _insert(db, _event(rng, event_id), verb)
        codes = _stored_codes(db)
        assert codes == _expected_codes(db), (step, verb)
        assert _stored_counts(db) == _expected_counts(codes), (step, verb)  # no empty groups either


def test_codes_with_any_character_split_like_the_filter() -> None:
    db = sqlite3.connect(":memory:")
    for script in MIGRATIONS:
        db.executescript(script)
    row = _event(random.Random(1), "x")
    row["actor_codes"], row["recipient_codes"] = 'USA "q\\z  a\tb 中国', "\\u0041 USA"
    _insert(db, row)
    assert _stored_codes(db) == _expected_codes(db)
    assert {c for _i, c in _stored_codes(db)} == {"USA", '"q\\z', "a\tb", "中国", "\\u0041"}


def test_migration_fills_the_tables_of_an_existing_store(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / "old.db")
    db.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    for script in MIGRATIONS[:5]:
        db.executescript(script)
    db.execute("INSERT INTO schema_version VALUES (5)")
    rng = random.Random(5)
    for n in range(60):
        _insert(db, _event(rng, f"e{n}"))
    db.commit()
    db.close()
    Store(tmp_path / "old.db").close()  # migrates to the current version
    db = sqlite3.connect(tmp_path / "old.db")
    codes = _stored_codes(db)
    assert codes == _expected_codes(db) and codes
    assert _stored_counts(db) == _expected_counts(codes)


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> tuple[sqlite3.Connection, sqlite3.Connection]:
    """The same events twice: with the per-code tables, and without them (events-only answers)."""
    path = tmp_path_factory.mktemp("codes") / "store.db"
    Store(path).close()
    db = sqlite3.connect(path)
    rng = random.Random(7)
    for n in range(400):
        _insert(db, _event(rng, f"e{n:03d}"))
    db.commit()
    db.close()
    plain = path.with_name("plain.db")
    shutil.copyfile(path, plain)
    with sqlite3.connect(plain) as p:
        p.execute("DROP TABLE event_code_counts")
    return _open(path), _open(plain)


def _open(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path)
    db.row_factory = sqlite3.Row
    return db


FILTERS = [
    {"code": "RUS"}, {"actor": "USA"}, {"recipient": "UKR"}, {"code": "CHN", "event": "AID"},
    {"actor": "RUS", "event": "CONSULT"}, {"code": "USA", "since": "2022-05-02"},
    {"code": "RUS", "until": "2022-05-02"}, {"recipient": "RUS", "since": "2022-05-01", "until": "2022-05-03"},
    {"actor": "UKR", "event": "ACCUSE", "until": "2022-06-30"}, {"code": "XXX"},
]


@pytest.mark.parametrize("params", FILTERS, ids=lambda p: ",".join(f"{k}={v}" for k, v in p.items()))
def test_code_filters_answer_exactly_as_the_events_do(stores: tuple[sqlite3.Connection, sqlite3.Connection],
                                                      params: dict[str, str]) -> None:
    indexed, plain = stores
    f = queries.parse_filter(**params)
    assert queries._codes_table(indexed, f) is not None and queries._codes_table(plain, f) is None
    total = queries.count_events(plain, f)
    assert queries.count_events(indexed, f) == total
    assert queries.timeline(indexed, f) == queries.timeline(plain, f)
    for sort in ("-date", "date"):
        for limit, offset in ((5, 0), (7, 3), (50, 0), (3, total - 2), (10, total + 5)):
            if offset < 0:
                continue
            got = queries.list_events(indexed, f, limit=limit, offset=offset, sort=sort)
            want = queries.list_events(plain, f, limit=limit, offset=offset, sort=sort)
            assert got == want, (sort, limit, offset)


def test_other_filters_do_not_use_the_code_tables(stores: tuple[sqlite3.Connection, sqlite3.Connection]) -> None:
    indexed, _plain = stores
    for params in ({"code": "RUS", "actor": "USA"}, {"actor": "普京"}, {"code": "RUS", "place": "基辅"}, {}):
        assert queries._codes_table(indexed, queries.parse_filter(**params)) is None


def test_day_counts_follow_an_event_replaced_with_another_date(tmp_path: Path) -> None:
    """A store connection turns on recursive triggers, so INSERT OR REPLACE moves an event's day count."""
    with Store(tmp_path / "s.db") as store:
        rng = random.Random(3)
        for step in range(200):
            row = _event(rng, rng.choice("abcdef"))
            if row["date"] == "":  # the store writes NULL for no date, never ''
                row["date"] = None
            _insert(store.db, row, "INSERT OR REPLACE")
            expected = dict(((d, e), n) for d, e, n in store.db.execute(
                "SELECT COALESCE(date, ''), event, COUNT(*) FROM events GROUP BY 1, 2"))
            stored = {(d, e): n for d, e, n in store.db.execute("SELECT day, event, n FROM event_day_counts")}
            assert stored == expected, step  # no empty groups either
            if step % 50 == 49:  # deletes and date changes keep it too
                store.db.execute("DELETE FROM events WHERE rowid IN (SELECT rowid FROM events ORDER BY id LIMIT 3)")
                store.db.execute("UPDATE events SET date = '2022-01-01' WHERE rowid = (SELECT MIN(rowid) FROM events)")
                expected = dict(((d, e), n) for d, e, n in store.db.execute(
                    "SELECT COALESCE(date, ''), event, COUNT(*) FROM events GROUP BY 1, 2"))
                assert dict(((d, e), n) for d, e, n in store.db.execute(
                    "SELECT day, event, n FROM event_day_counts")) == expected, step
