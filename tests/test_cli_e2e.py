"""End to end through the CLI: ingest the samples and bad input, inspect, export, digest."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import SAMPLES

ROOT = Path(__file__).resolve().parents[1]


def zhevents(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    done = subprocess.run([sys.executable, "-m", "zhevents", *args], capture_output=True, text=True, env=env,
                          timeout=600, check=False)
    if check:
        assert done.returncode == 0, done.stderr[-3000:]
    return done


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "x.db"
    zhevents("ingest", str(SAMPLES), "--meta", str(SAMPLES / "manifest.jsonl"), "--db", str(path), "--quiet")
    return path


def _stories(db: Path) -> list[dict[str, object]]:
    out = zhevents("stories", "--db", str(db), "--format", "jsonl").stdout
    return [json.loads(line) for line in out.splitlines()]


def test_samples_give_one_article_its_teasers_and_the_digest_items(db: Path) -> None:
    stories = _stories(db)
    by_doc: dict[str, list[str]] = {}
    for s in stories:
        by_doc.setdefault(str(s["doc"]), []).append(str(s["kind"]))
        assert {"id", "doc", "kind", "headline", "dateline", "published", "text"} <= set(s)
        for chrome in ("阅读全文", "閱讀全文", "版權聲明", "轉載請註明", "热门新闻", "(图取自"):
            assert chrome not in str(s["text"]), (s["id"], chrome)
    page000 = by_doc["000_202d6752c14345d9.txt"]
    assert page000.count("article") == 1 and page000.count("teaser") >= 10 and len(set(page000)) == 2
    assert set(by_doc["004_807478d756e0f648.txt"]) == {"digest-item"}
    assert len(by_doc["004_807478d756e0f648.txt"]) == 5
    article = next(s for s in stories if s["kind"] == "article")
    assert article["dateline"] == "(莫斯科27日讯)" and article["published"] == "2022-04-27"


def test_show_marks_entities_dates_captions_and_chrome(db: Path) -> None:
    article = next(s for s in _stories(db) if s["kind"] == "article")
    out = zhevents("show", str(article["id"]), "--db", str(db)).stdout
    assert "[普京|person:" in out
    assert "[当地时间周二|date:2022-04-26]" in out
    assert "[caption] 俄罗斯总统普京(左)" in out
    assert "[removed: " in out and "阅读全文" in out  # chrome shown apart, never in the text
    missing = zhevents("show", "nope", "--db", str(db), check=False)
    assert missing.returncode == 2 and "no story 'nope'" in missing.stderr


def test_entities_jsonl_carries_codes_coordinates_and_surface_forms(db: Path) -> None:
    rows = [json.loads(x) for x in zhevents("entities", "--db", str(db), "--format", "jsonl").stdout.splitlines()]
    by_name = {r["name_zh"]: r for r in rows}
    assert {"id", "type", "name_zh", "name_en", "code", "sector", "wikidata_id", "aliases_seen"} <= set(rows[0])
    assert by_name["普京"]["code"] == "RUS" and "普京" in by_name["普京"]["aliases_seen"]
    mariupol = by_name["马里乌波尔"]
    assert mariupol["type"] == "place" and 46 < mariupol["lat"] < 48 and 37 < mariupol["lon"] < 38
    assert "馬裏烏波爾" in mariupol["aliases_seen"]  # the traditional page's own spelling
    places = zhevents("entities", "--db", str(db), "--type", "place", "--format", "jsonl").stdout.splitlines()
    assert all(json.loads(p)["type"] == "place" for p in places)


def test_events_and_exports_load_in_pandas_and_duckdb(db: Path, tmp_path: Path) -> None:
    import duckdb
    import pandas as pd

    events = [json.loads(x) for x in zhevents("events", "--db", str(db), "--format", "jsonl").stdout.splitlines()]
    assert events and all(e["text_info"]["start"] < e["text_info"]["end"] for e in events)
    n = len(events)
    for fmt, suffix in (("plover-jsonl", "jsonl"), ("csv", "csv"), ("gdelt-tsv", "tsv"), ("parquet", "parquet")):
        out = tmp_path / f"events.{suffix}"
        zhevents("export", "--db", str(db), "--format", fmt, "--out", str(out))
        frame = {"jsonl": lambda p: pd.read_json(p, lines=True), "csv": pd.read_csv,
                 "tsv": lambda p: pd.read_csv(p, sep="\t"), "parquet": pd.read_parquet}[suffix](out)
        assert len(frame) == n, fmt
        reader = {"jsonl": "read_json_auto", "csv": "read_csv_auto", "tsv": "read_csv_auto",
                  "parquet": "read_parquet"}[suffix]
        assert duckdb.sql(f"SELECT count(*) FROM {reader}('{out}')").fetchall()[0][0] == n, fmt
    gdelt = pd.read_csv(tmp_path / "events.tsv", sep="\t", dtype=str)
    assert len(gdelt.columns) == 61 and gdelt["EventRootCode"].notna().all()
    assert ((gdelt["QuadClass"].astype(int) >= 1) & (gdelt["QuadClass"].astype(int) <= 4)).all()


def test_events_filters_reject_bad_input_clearly(db: Path) -> None:
    bad = zhevents("events", "--db", str(db), "--event", "PUNCH", check=False)
    assert bad.returncode == 2 and "unknown PLOVER event type" in bad.stderr
    only = zhevents("events", "--db", str(db), "--event", "CONSULT", "--format", "jsonl").stdout.splitlines()
    assert only and all(json.loads(x)["event"] == "CONSULT" for x in only)


def test_extract_prints_plover_events_without_a_store(tmp_path: Path) -> None:
    out = zhevents("extract", *map(str, sorted(SAMPLES.glob("*.txt"))), "--meta", str(SAMPLES / "manifest.jsonl"))
    events = [json.loads(x) for x in out.stdout.splitlines()]
    page = (SAMPLES / "000_202d6752c14345d9.txt").read_text(encoding="utf-8")
    for e in events:
        assert {"id", "doc", "event", "mode", "quad_code", "cameo", "actor", "recipient", "date", "date_precision",
                "event_loc", "attribution", "aux", "qualifier", "teaser", "event_text", "text_info", "confidence",
                "coder"} <= set(e)
        if e["doc"] == "000_202d6752c14345d9.txt":
            info = e["text_info"]
            assert page[info["start"]:info["end"]] in e["event_text"]


def _bad_inputs(root: Path) -> None:
    root.mkdir()
    (root / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (root / "empty.txt").write_bytes(b"")
    (root / "cut.txt.gz").write_bytes(gzip.compress("俄军炮击哈尔科夫。".encode() * 200)[:60])
    (root / "garbage.txt").write_bytes(bytes(128 + (i * 151 + 7) % 128 for i in range(4000)))  # no NUL, no text
    with (root / "huge.txt").open("wb") as fh:  # a 50 MB page
        line = ("俄罗斯国防部表示，俄军打击了乌军阵地。" * 50 + "\n").encode()
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            fh.write(line)
    (root / "broken.html").write_text("<html><body>" + "<div>" * 5000 + "内容" + "</p>" * 3, encoding="utf-8")
    (root / "good.txt").write_bytes((SAMPLES / "000_202d6752c14345d9.txt").read_bytes())


def test_bad_input_is_recorded_with_a_reason_and_the_batch_goes_on(tmp_path: Path) -> None:
    _bad_inputs(tmp_path / "bad")
    db = tmp_path / "bad.db"
    done = zhevents("ingest", str(tmp_path / "bad"), "--db", str(db), "--quiet")
    summary = done.stderr
    assert "new 1" in summary  # the good page went in
    for name, reason in (("image.png", "PNG"), ("empty.txt", "empty"), ("cut.txt.gz", "gzip"),
                         ("huge.txt", "too large"), ("garbage.txt", "")):
        line = next((x for x in summary.splitlines() if f"/{name}:" in x or f"/{name}#" in x), None)
        assert line is not None and reason in line, (name, summary)
    strict = zhevents("ingest", str(tmp_path / "bad"), "--db", str(db), "--quiet", "--strict", check=False)
    assert strict.returncode == 1
    import sqlite3

    rows = dict(sqlite3.connect(db).execute("SELECT doc, error FROM pages WHERE status = 'rejected'").fetchall())
    assert {"image.png", "empty.txt", "huge.txt"} <= set(rows) and all(rows.values())


def test_missing_store_says_how_to_make_one(tmp_path: Path) -> None:
    done = zhevents("stories", "--db", str(tmp_path / "none.db"), check=False)
    assert done.returncode == 2 and "zhevents ingest" in done.stderr


def test_digest_and_claims_commands_run(db: Path) -> None:
    md = zhevents("digest", "--db", str(db), "--since", "2022-03-01").stdout
    assert md.startswith("# ") and "\n## " in md
    bad = zhevents("digest", "--db", str(db), "--since", "March", check=False)
    assert bad.returncode == 2 and "YYYY-MM-DD" in bad.stderr
    claims = zhevents("claims", "--db", str(db), "--format", "jsonl").stdout.splitlines()
    assert all(json.loads(c)["kind"] in {"reversed-roles", "affirmed-denied"} for c in claims)
