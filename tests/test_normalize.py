"""zhevents.normalize: script detection, conversion, artefact repair, stories."""

from __future__ import annotations

from pathlib import Path

import opencc
import pytest

from zhevents.normalize import (
    content_hash,
    content_key,
    convert,
    detect_script,
    normalize_story,
    script_counts,
    to_simplified,
)
from zhevents.records import Alignment, Story

SHARED = Path(__file__).parents[1].parent / "shared"
SAMPLE_004 = SHARED / "samples" / "004_807478d756e0f648.txt"
SAMPLE_000 = SHARED / "samples" / "000_202d6752c14345d9.txt"


@pytest.fixture(scope="module")
def sample_004() -> str:
    return SAMPLE_004.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def sample_000() -> str:
    return SAMPLE_000.read_text(encoding="utf-8")


# ------------------------------------------------------------------ measured facts about 004


def test_004_is_opencc_s2hk_output(sample_004: str) -> None:
    simplified, _ = to_simplified(sample_004)
    # our norm changes punctuation, so convert the script only and go back with s2hk
    assert opencc.OpenCC("s2hk").convert(convert(sample_004, "simplified")) == sample_004
    assert "，" in simplified and "," in sample_004


def test_t2s_leaves_wei_variant_that_hk2s_fixes(sample_004: str) -> None:
    assert "衞" in opencc.OpenCC("t2s").convert(sample_004)
    assert "衞" not in opencc.OpenCC("hk2s").convert(sample_004)


def test_opencc_s2t_creates_the_artefacts() -> None:
    for config in ("s2t", "s2hk"):
        assert opencc.OpenCC(config).convert("一个中国") == "一箇中國"
        assert opencc.OpenCC(config).convert("马里乌波尔") == "馬裏烏波爾"
        assert opencc.OpenCC(config).convert("回归") == "迴歸"


# (artefact as written in 004, expected simplified, occurrences in 004)
ARTEFACTS_004 = [
    ("一箇中國", "一个中国", 1),
    ("馬裏烏波爾", "马里乌波尔", 6),
    ("迴歸", "回归", 1),
    ("説", "说", 10),
    ("防衞", "防卫", 4),
    ("衞生", "卫生", 1),
    ("着眼", "着眼", 1),  # 着 is already the simplified form: must stay
    ("發佈", "发布", 1),
    ("宣佈", "宣布", 1),
    ("關係", "关系", 3),
    ("註明", "注明", 1),
    ("儘早", "尽早", 1),
]


@pytest.mark.parametrize(("artefact", "expected", "count"), ARTEFACTS_004)
def test_004_artefact_fixed_in_place(sample_004: str, artefact: str, expected: str, count: int) -> None:
    norm, align = to_simplified(sample_004)
    starts = [i for i in range(len(sample_004)) if sample_004.startswith(artefact, i)]
    assert len(starts) == count
    for start in starts:
        ns = next(i for i in range(len(norm)) if align.map_start(i) == start)
        assert norm[ns : ns + len(expected)] == expected
        assert align.map_span(ns, ns + len(expected)) == (start, start + len(artefact))


def test_004_norm_has_no_traditional_character_left(sample_004: str) -> None:
    norm, _ = to_simplified(sample_004)
    assert script_counts(norm)[1] == 0
    assert detect_script(norm) == "simplified"


# ------------------------------------------------------------------ TW input and repairs


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("他看著這份報告", "他看着这份报告"),  # TW 著 (zhe) → 着
        ("這意味著", "这意味着"),
        ("著名學者", "著名学者"),  # 著 (zhu) stays
        ("顯著增加", "显著增加"),
        ("這裡", "这里"),
        ("防衞", "防卫"),  # HK variant
        ("位於敖德薩", "位于敖德萨"),  # repair table: TSPhrases surname pair 於敖
    ],
)
def test_variants_to_simplified(text: str, expected: str) -> None:
    assert to_simplified(text)[0] == expected


@pytest.mark.parametrize("word", ["显著", "土著", "卓著", "臭名昭著", "著作", "什么", "那么", "这里"])
def test_simplified_input_is_left_alone(word: str) -> None:
    assert to_simplified(word)[0] == word


def test_text_without_traditional_characters_skips_opencc() -> None:
    # 著 alone is valid simplified (著名): with no traditional-only character nothing converts
    assert to_simplified("看著他")[0] == "看著他"


def test_simplified_corpus_is_unchanged_by_conversion(sample_000: str) -> None:
    assert convert(sample_000, "simplified") == sample_000


# ------------------------------------------------------------------ punctuation, width, spaces


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("普京说,俄方", "普京说，俄方"),
        ("表示:我们", "表示：我们"),
        ("好吗?是的!", "好吗？是的！"),
        ("甲;乙", "甲；乙"),
        ("人口1,000万", "人口1,000万"),  # digits on both sides: stays
        ("12:30", "12:30"),
        ("Hello, world", "Hello, world"),
        ("普京(左)", "普京（左）"),
        ("(莫斯科27日讯)俄", "（莫斯科27日讯）俄"),
        ("新华社(AFP)\n", "新华社（AFP）\n"),  # a pair converts together
        ("f(x) = 1", "f(x) = 1"),
        ("ＡＢＣ１２３％", "ABC123%"),
        ("普京\u00a0说", "普京 说"),
        ("\u3000\u3000据报道", " 据报道"),
        ("普\u200b京", "普京"),
        ("甲\r\n乙\r丙", "甲\n乙\n丙"),
        ("a    b", "a b"),
        ("泽连斯基・弗拉基米尔", "泽连斯基·弗拉基米尔"),
    ],
)
def test_punctuation_width_spaces(text: str, expected: str) -> None:
    assert to_simplified(text)[0] == expected


def test_collapsed_spaces_map_to_the_whole_run() -> None:
    text = "俄罗斯   总统\u200b普京"
    norm, align = to_simplified(text)
    assert norm == "俄罗斯 总统普京"
    assert align.map_span(3, 4) == (3, 6)
    assert align.map_span(4, 6) == (6, 8)
    assert text[slice(*align.map_span(6, 8))] == "普京"


def test_alignment_round_trips_through_list() -> None:
    _, align = to_simplified("甲  乙")
    assert Alignment.from_list(align.to_list()).blocks == align.blocks


def test_length_changing_opencc_config_is_aligned_by_line() -> None:
    from zhevents.normalize import _simplify_chars

    text = "他去了肯亞。\n然後回來\n"
    out, align = _simplify_chars(text, opencc.OpenCC("tw2sp"))  # TWPhrasesRev changes lengths
    assert out == "他去了肯尼亚。\n然后回来\n"
    assert align is not None
    assert align.map_span(3, 6) == (0, 7)  # inside the changed line: the whole line
    assert align.map_span(8, 10) == (7, 9)  # the equal second line maps one to one


# ------------------------------------------------------------------ script detection


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("俄罗斯总统普京说", "simplified"),
        ("俄羅斯總統普京説", "traditional"),
        ("俄罗斯总统說俄羅斯總統说", "mixed"),
        ("中国人民", "simplified"),
        ("中文", "none"),
        ("hello 123", "none"),
        ("", "none"),
    ],
)
def test_detect_script(text: str, script: str) -> None:
    assert detect_script(text) == script


def test_detect_script_on_samples(sample_000: str, sample_004: str) -> None:
    assert detect_script(sample_000) == "simplified"
    assert detect_script(sample_004) == "traditional"
    one_name = sample_000 + "澤連斯基"  # a few traditional characters do not make it mixed
    assert detect_script(one_name) == "simplified"


# ------------------------------------------------------------------ display conversion


@pytest.mark.parametrize(
    ("text", "target", "expected"),
    [
        ("坚持一个中国原则", "traditional", "堅持一個中國原則"),
        ("坚持一个中国原则", "hk", "堅持一個中國原則"),
        ("坚持一个中国原则", "tw", "堅持一個中國原則"),
        ("马里乌波尔", "traditional", "馬里烏波爾"),
        ("马里乌波尔", "hk", "馬里烏波爾"),
        ("马里乌波尔", "tw", "馬里烏波爾"),
        ("应当回归", "hk", "應當回歸"),
        ("基里连科", "tw", "基里連科"),
        ("瓦列里·扎卢日内", "hk", "瓦列里·扎盧日內"),
        ("新闻发布会", "tw", "新聞發布會"),
        ("普京说", "hk", "普京説"),
        ("普京说", "tw", "普京說"),
        ("馬裏烏波爾", "simplified", "马里乌波尔"),
        ("一箇中國", "tw", "一個中國"),  # traditional input with artefacts is repaired too
    ],
)
def test_convert(text: str, target: str, expected: str) -> None:
    assert convert(text, target) == expected  # type: ignore[arg-type]


def test_convert_repairs_cgroups_names() -> None:
    # rows of repairs_traditional_cgroups.tsv (Chinese Wikipedia conversion groups)
    assert opencc.OpenCC("s2hk").convert("波德戈里察") == "波德戈裏察"
    assert convert("波德戈里察", "hk") == "波德戈里察"
    assert convert("让-马里·勒庞", "traditional") == "讓-馬里·勒龐"


def test_convert_rejects_unknown_target() -> None:
    with pytest.raises(ValueError):
        convert("中国", "jp")  # type: ignore[arg-type]


# ------------------------------------------------------------------ stories


def _story(text: str, sid: str = "p-0") -> Story:
    return Story(id=sid, page_id="p", seq=0, kind="article", text=text, align=Alignment.identity(len(text)))


def test_normalize_story_sets_fields(sample_004: str) -> None:
    story = normalize_story(_story(sample_004))
    assert story.script == "traditional"
    assert story.norm == to_simplified(sample_004)[0]
    assert story.norm_align.map_span(0, len(story.norm)) == (0, len(sample_004))
    assert len(story.content_hash) == 64
    start, end = story.page_span(0, 2)
    assert sample_004[start:end] == "又一"


def test_content_hash_ignores_script_punctuation_and_spacing(sample_000: str) -> None:
    hk = opencc.OpenCC("s2hk").convert(sample_000).replace("，", ",").replace("\n", "\n\n  ")
    a, b = normalize_story(_story(sample_000)), normalize_story(_story(hk))
    assert a.script == "simplified" and b.script == "traditional"
    assert a.content_hash == b.content_hash
    assert content_hash(to_simplified("普京说。")[0]) == content_hash(to_simplified("普京 説!")[0])
    assert content_key("ＡＢＣ，d") != content_key("abc，e")
