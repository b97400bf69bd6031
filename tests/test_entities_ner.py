"""The character CRF NER (zhevents.entities.ner) over real text: samples and the MSRA test split."""

from __future__ import annotations

import csv
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import opencc
import pytest

from zhevents.entities import ner

REPO = Path(__file__).parents[1]
SHARED = REPO.parent / "shared"
SAMPLES = SHARED / "samples"
MSRA_TEST = SHARED / "corpus" / "ner" / "msra" / "msra_test_bio.txt"

# Measured 92.6 F1 on the first 500 test sentences (full split: bench/results/ner.md).
F1_FLOOR_FIRST_500 = 0.90


def _train_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("train_ner", REPO / "scripts" / "train_ner.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the script loads
    spec.loader.exec_module(module)
    return module


def _sample_sentence(name_prefix: str, contains: str, simplify: bool = False) -> str:
    """The first sentence of a sample page holding ``contains`` (after t2s when asked)."""
    path = next(SAMPLES.glob(f"{name_prefix}_*.txt"))
    text = path.read_text(encoding="utf-8")
    if simplify:
        text = opencc.OpenCC("t2s").convert(text)
    for start, end in ner.sentence_bounds(text):
        if contains in text[start:end]:
            return text[start:end]
    raise AssertionError(f"no sentence with {contains!r} in {path.name}")


def _names(text: str) -> set[tuple[str, str]]:
    return {(text[s:e], kind) for s, e, kind in ner.find_names(text)}


def test_model_file_is_small_and_loads() -> None:
    assert ner.MODEL_PATH.stat().st_size < 20_000_000
    tagger = ner.open_tagger(ner.MODEL_PATH)
    assert {"O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC"} <= set(tagger.labels())


@pytest.mark.parametrize(
    ("prefix", "contains", "simplify", "expected"),
    [
        ("000", "(莫斯科27日讯)", False, {("普京", "person"), ("古特雷斯", "person"), ("联合国", "org")}),
        (
            "000",
            "联合国发言人杜贾里奇表示",
            False,
            {("杜贾里奇", "person"), ("联合国人道事务协调厅", "org"), ("俄罗斯国防部", "org")},
        ),
        ("004", "俄罗斯总统普京5日说", True, {("俄罗斯", "place"), ("普京", "person")}),
        ("004", "米津采夫5日在莫斯科表示", True, {("莫斯科", "place"), ("马里乌波尔", "place")}),
    ],
)
def test_finds_names_in_sample_sentences(
    prefix: str, contains: str, simplify: bool, expected: set[tuple[str, str]]
) -> None:
    sentence = _sample_sentence(prefix, contains, simplify)
    assert expected <= _names(sentence)


def test_offsets_are_valid_sorted_and_disjoint_on_a_whole_page() -> None:
    text = opencc.OpenCC("t2s").convert(next(SAMPLES.glob("004_*.txt")).read_text(encoding="utf-8"))
    spans = ner.find_names(text)
    assert len(spans) > 20
    previous_end = 0
    for start, end, kind in spans:
        assert previous_end <= start < end <= len(text)
        assert kind in ("person", "org", "place")
        assert text[start:end].strip() == text[start:end]
        assert not any(ch in "。！？；\n" for ch in text[start:end])
        previous_end = end


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "Reuters reported on Tuesday (AP).", "12345 ,.;"])
def test_no_names_without_chinese_text(text: str) -> None:
    assert ner.find_names(text) == []


def test_features_ignore_character_width() -> None:
    assert ner.sentence_features("２０２２年３月５日，ＵＮ") == ner.sentence_features("2022年3月5日,UN")


def test_bio_decoding_follows_conlleval() -> None:
    tags = ["B-PER", "I-PER", "O", "I-LOC", "I-LOC", "B-ORG", "I-PER", "B-LOC"]
    assert ner.spans_from_tags(tags) == [
        (0, 2, "person"),
        (3, 5, "place"),
        (5, 6, "org"),
        (6, 7, "person"),
        (7, 8, "place"),
    ]


def test_sentence_bounds_cover_the_text() -> None:
    text = "普京说：“好。”联合国表示同意！\n还有；最后一句"
    bounds = list(ner.sentence_bounds(text))
    assert "".join(text[s:e] for s, e in bounds) == text
    assert text[bounds[0][0] : bounds[0][1]] == "普京说：“好。"


def test_markers_have_a_source_and_known_classes() -> None:
    lines = [ln for ln in ner.MARKERS_PATH.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter="\t"))
    assert len(rows) > 200
    assert all(row["marker"] and row["source"] for row in rows)
    assert {row["class"] for row in rows} == {"org_suffix", "place_suffix", "surname", "translit", "title"}
    assert "org_suffix" in ner.markers()["部"].split("|")


@pytest.mark.skipif(not MSRA_TEST.exists(), reason="MSRA corpus not present in ../shared")
def test_f1_on_first_500_msra_test_sentences_stays_above_floor() -> None:
    train_ner = _train_script()
    head = list(train_ner.read_bio(MSRA_TEST))[:500]
    tagger = ner.open_tagger(ner.MODEL_PATH)
    tp = n_pred = n_gold = 0
    for text, tags in head:
        gold = set(ner.spans_from_tags(tags))
        pred = set(ner.names_with(tagger, text))
        tp, n_pred, n_gold = tp + len(gold & pred), n_pred + len(pred), n_gold + len(gold)
    precision, recall = tp / n_pred, tp / n_gold
    f1 = 2 * precision * recall / (precision + recall)
    assert n_gold > 500
    assert f1 >= F1_FLOOR_FIRST_500
