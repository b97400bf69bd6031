"""Event dedup on real pages: the gold file, order independence of clusters and claims, and score floors."""

from __future__ import annotations

import html
import importlib.util
import re
import sqlite3
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CCTV = SHARED / "corpus" / "news" / "cctv"
GOLD = ROOT / "tests" / "fixtures" / "dedup" / "gold_clusters.jsonl"

_spec = importlib.util.spec_from_file_location("bench_dedup", ROOT / "bench" / "dedup.py")
assert _spec and _spec.loader
bench = importlib.util.module_from_spec(_spec)
sys.modules["bench_dedup"] = bench
_spec.loader.exec_module(bench)

# Measured with `bench/dedup.py --docs 24`: P 1.000, R 0.897 (35/35 merged pairs right, 39 gold pairs,
# most of them cross-script copies); floors sit a little below.
FLOOR_PRECISION = 0.95
FLOOR_RECALL = 0.85
SUBSET_DOCS = 24
# Real pages only, whole gold (bench/results/dedup.md): P 1.000, R 0.708 (17/24 pairs) with argument matching,
# the same-story rule and soft dates read from the sentence; R 0.538 without the issue-6 rules on the same
# coder output; R 0.750 (18/24) with periods ending on the coded day and plain/specific attack verbs, on
# the dedup pairs (pairs one stored event tells are the coder's merges, scored apart); R 0.727 (16/22) with
# the month seams and the coder of issue 6's last round.  The floor stays below, with room for the coder's
# output to move.
FLOOR_NATIVE_RECALL = 0.6
FLOOR_MATCHED = 0.5

needs_corpus = pytest.mark.skipif(not CCTV.is_dir(), reason="../shared/corpus not available")


def _pipeline() -> None:
    pytest.importorskip("zhevents.normalize", reason="normalize stage not in the tree yet")
    pytest.importorskip("zhevents.dedup.stories", reason="story dedup not in the tree yet")


def test_gold_file_is_well_formed() -> None:
    gold = bench.load_gold(GOLD)
    assert len(gold) >= 150
    clusters = Counter(g.cluster for g in gold)
    assert sum(1 for n in clusters.values() if n > 1) >= 24
    originals = {g.doc for g in gold if g.copy_of is None}
    for g in gold:
        assert g.evidence.strip() and g.event.isupper()
        if g.copy_of:
            assert g.copy_of in originals and g.doc.split(".")[-2] in {"s2hk", "s2tw", "t2s"}
    # a cluster never mixes event types: the gold groups reports of one coded action
    types = defaultdict(set)
    for g in gold:
        types[g.cluster].add(g.event)
    assert all(len(t) == 1 for t in types.values())


@needs_corpus
def test_gold_evidence_is_verbatim_in_the_pages() -> None:
    import opencc

    text: dict[str, str] = {}
    for g in bench.load_gold(GOLD):
        if g.doc not in text:
            original = g.copy_of or g.doc
            src = (CCTV if original.startswith("VIDE") else ROOT / "samples") / original
            # the page's text as a reader sees it: tags out (a sentence may run across <em>), entities decoded
            page = html.unescape(re.sub(r"<[^>]+>", "", src.read_text(encoding="utf-8")))
            page = opencc.OpenCC(g.doc.split(".")[-2]).convert(page) if g.copy_of else page
            text[g.doc] = _squeeze(page)
        assert _squeeze(g.evidence) in text[g.doc], (g.doc, g.evidence)


def _squeeze(text: str) -> str:
    """Without whitespace: the extractor turns an HTML page's spaces and &nbsp; into single spaces."""
    return "".join(text.split())


def _subset() -> tuple[list[str], dict[str, str], list[bench.Gold]]:
    gold = bench.select_gold(bench.load_gold(GOLD), 12)
    docs = list(dict.fromkeys(g.doc for g in gold))
    return docs, bench.copy_configs(gold), gold


def _clusters(db: Path) -> set[frozenset[tuple[str, str, str]]]:
    """Event clusters as sets of (doc, type, evidence sentence): ids are page-derived, so compare content."""
    members: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    for e in bench.system_events(db):
        members[e.cluster].add((e.doc, e.event, e.sentence + "|" + e.clause))
    return {frozenset(m) for m in members.values()}


def _claims(db: Path) -> set[tuple[str, frozenset[tuple[str, str]]]]:
    con = sqlite3.connect(db)
    rows = con.execute(
        "SELECT c.kind, a.doc, a.event_text, b.doc, b.event_text FROM claims c"
        " JOIN events a ON a.id = c.event_a JOIN events b ON b.id = c.event_b").fetchall()
    con.close()
    return {(r[0], frozenset({(Path(r[1]).name, r[2]), (Path(r[3]).name, r[4])})) for r in rows}


@needs_corpus
def test_ingest_order_and_batches_give_the_same_clusters_and_claims(tmp_path: Path) -> None:
    _pipeline()
    docs, copies, _ = _subset()
    half = len(docs) // 2
    runs = {
        "forward": [docs],
        "reversed": [list(reversed(docs))],
        "two batches": [docs[half:], docs[:half]],
    }
    results = {}
    for name, batches in runs.items():
        db = tmp_path / f"{name}.db"
        bench.ingest_eval(docs, copies, db, batches=batches, workdir=tmp_path / name)
        results[name] = (_clusters(db), _claims(db))
    forward = results["forward"]
    assert any(len(c) > 1 for c in forward[0])  # something was merged, so the comparison means something
    for name, got in results.items():
        assert got[0] == forward[0], name
        assert got[1] == forward[1], name


@needs_corpus
def test_pairwise_precision_and_recall_floors(tmp_path: Path) -> None:
    _pipeline()
    gold = bench.select_gold(bench.load_gold(GOLD), SUBSET_DOCS)
    docs = list(dict.fromkeys(g.doc for g in gold))
    db = bench.ingest_eval(docs, bench.copy_configs(gold), tmp_path / "eval.db", workdir=tmp_path)
    result = bench.evaluate(db, gold)
    scores = result["system"]
    # the gold still finds most of the coder's events; since the coder stopped coding negated,
    # hypothetical and background events (the event gold's convention) it matched 117 of 195, 113 at
    # 79cd824, and 106-108 since audit 3 (2d6f393..374008c) stopped coding relation nouns (中德合作务实,
    # 美中合作不仅有利), willingness (法方愿…促进), passives (得到…拥护和支持) and copulas (…是双方的政治
    # 承诺) that the gold had labelled when they were coded; the floor is below that
    assert scores.matched >= FLOOR_MATCHED * scores.mentions
    assert scores.precision >= FLOOR_PRECISION, str(scores)
    assert scores.recall >= FLOOR_RECALL, str(scores)
    assert scores.precision >= result["baseline"].precision  # better than one event per day per actor pair


def test_halves_split_by_document_and_keep_every_gold_pair_on_one_side() -> None:
    gold = bench.load_gold(GOLD)
    half = bench.halves(gold)
    assert set(half.values()) == {"tune", "test"}
    assert set(half) == {g.doc for g in gold}
    for g in gold:
        if g.copy_of:
            assert half[g.doc] == half[g.copy_of]
    sides = defaultdict(set)
    for g in gold:
        sides[g.cluster].add(half[g.doc])
    assert all(len(s) == 1 for s in sides.values())
    pairs = Counter()
    for label, members in Counter(g.cluster for g in gold if g.copy_of is None).items():
        pairs[next(iter(sides[label]))] += members * (members - 1) // 2
    assert min(pairs.values()) >= 10  # each half has gold pairs to score


@needs_corpus
def test_native_pages_precision_and_recall_floors(tmp_path: Path) -> None:
    _pipeline()
    gold = bench.load_gold(GOLD)
    docs = list(dict.fromkeys(g.doc for g in gold))
    db = bench.ingest_eval(docs, bench.copy_configs(gold), tmp_path / "eval.db", workdir=tmp_path)
    result = bench.evaluate(db, gold)
    for name in ("native", "native_tune", "native_test"):
        assert result[name].precision >= FLOOR_PRECISION, (name, str(result[name]))
    assert result["native"].recall >= FLOOR_NATIVE_RECALL, str(result["native"])
