"""zhevents.dedup.stories: exact and near-duplicate stories across scripts and edits."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import opencc
import pytest

from zhevents.dedup.stories import (
    BANDS,
    MIN_NEAR_CHARS,
    NUM_PERM,
    Duplicate,
    band_keys,
    find_duplicate,
    jaccard,
    shingles,
    signature,
)
from zhevents.normalize import normalize_story
from zhevents.records import Alignment, Story

SHARED = Path(__file__).parents[1].parent / "shared"
SAMPLE_000 = SHARED / "samples" / "000_202d6752c14345d9.txt"
CCTV = SHARED / "corpus" / "news" / "cctv"


class MemoryIndex:
    """The two look-ups a store gives ``find_duplicate``, over stories added so far."""

    def __init__(self) -> None:
        self.by_hash: dict[str, str] = {}
        self.buckets: dict[tuple[int, str], list[tuple[str, str]]] = defaultdict(list)

    def add(self, story: Story) -> None:
        self.by_hash.setdefault(story.content_hash, story.id)
        for key in band_keys(signature(story.norm)):
            self.buckets[key].append((story.id, story.norm))

    def exact(self, digest: str) -> str | None:
        return self.by_hash.get(digest)

    def candidates(self, keys: list[tuple[int, str]]) -> list[tuple[str, str]]:
        return [hit for key in keys for hit in self.buckets.get(key, [])]

    def check(self, story: Story) -> Duplicate | None:
        return find_duplicate(story, self.exact, self.candidates)


def make_story(text: str, sid: str) -> Story:
    story = Story(id=sid, page_id=sid, seq=0, kind="article", text=text, align=Alignment.identity(len(text)))
    return normalize_story(story)


def cctv_paragraphs(path: Path) -> str:
    html = path.read_text(encoding="utf-8")
    paragraphs = (re.sub(r"<[^>]+>", "", p) for p in re.findall(r"<p>(.*?)</p>", html, re.S))
    return "\n".join(p for p in paragraphs if len(p) > 20)


@pytest.fixture(scope="module")
def article() -> str:
    return SAMPLE_000.read_text(encoding="utf-8")


def _raw_shingles(text: str, k: int = 5) -> set[str]:
    key = re.sub(r"[\W_]+", "", text)
    return {key[i : i + k] for i in range(len(key) - k + 1)}


@pytest.mark.parametrize("config", ["s2hk", "s2tw"])
def test_scripts_share_few_5grams_until_normalised(article: str, config: str) -> None:
    traditional = opencc.OpenCC(config).convert(article)
    before = jaccard(_raw_shingles(article), _raw_shingles(traditional))
    after = jaccard(shingles(make_story(article, "a").norm), shingles(make_story(traditional, "b").norm))
    assert before < 0.15  # measured 0.079 (s2hk) and 0.080 (s2tw) on sample 000
    assert after >= 0.9  # measured 1.0


@pytest.mark.parametrize("config", ["s2hk", "s2tw", "s2t"])
def test_same_story_in_traditional_script_is_a_duplicate(article: str, config: str) -> None:
    index = MemoryIndex()
    index.add(make_story(article, "p1-0"))
    copy = make_story(opencc.OpenCC(config).convert(article).replace("，", ","), "p2-0")
    dup = index.check(copy)
    assert dup is not None and dup.of == "p1-0"
    assert dup.method in ("exact", "near") and dup.similarity >= 0.9


def test_lightly_edited_copy_is_near(article: str) -> None:
    index = MemoryIndex()
    index.add(make_story(article, "p1-0"))
    cut = article.index("\n\n", 200)
    edited = article[:cut] + "\n\n记者当天还从联合国方面获悉，秘书长此后将前往基辅会见乌克兰总统。" + article[cut:]
    dup = index.check(make_story(edited, "p2-0"))
    assert dup is not None
    assert dup.of == "p1-0" and dup.method == "near"
    assert 0.7 <= dup.similarity < 1.0


def test_different_cctv_stories_are_not_duplicates() -> None:
    pages = sorted(CCTV.glob("*.shtml"))
    assert len(pages) == 316
    index = MemoryIndex()
    flagged = []
    for page in pages:
        story = make_story(cctv_paragraphs(page), page.name)
        if len(story.norm) < MIN_NEAR_CHARS:
            continue
        if (dup := index.check(story)) is not None:
            flagged.append((page.name, dup))
        index.add(story)
    assert flagged == []


def test_two_cctv_stories_share_bands_rarely_and_fail_verification() -> None:
    a, b = sorted(CCTV.glob("*.shtml"))[:2]
    sa, sb = make_story(cctv_paragraphs(a), "a"), make_story(cctv_paragraphs(b), "b")
    assert jaccard(shingles(sa.norm), shingles(sb.norm)) < 0.3
    index = MemoryIndex()
    index.add(sa)
    assert index.check(sb) is None


def test_headline_only_teasers_never_near_match() -> None:
    headline = "普京称打击乌克兰境内军事基础设施的行动已接近尾声"
    index = MemoryIndex()
    index.add(make_story(headline, "p1-0"))
    same = make_story(headline + "。", "p2-0")
    assert index.check(same) == Duplicate(of="p1-0", method="exact", similarity=1.0)  # exact still works
    longer = make_story(headline + "了", "p3-0")
    assert jaccard(shingles(longer.norm), shingles(headline)) >= 0.7
    assert len(longer.norm) < MIN_NEAR_CHARS
    assert index.check(longer) is None  # too short for a near match


def test_ties_go_to_the_lowest_story_id(article: str) -> None:
    index = MemoryIndex()
    cut = article.index("\n\n", 200)
    copy = article[:cut] + "\n\n补充一句话用来区分副本。" + article[cut:]
    for sid in ("p9-0", "p3-0", "p5-0"):  # three identical earlier copies, equally similar
        index.add(make_story(copy, sid))
    dup = index.check(make_story(article, "p10-0"))
    assert dup is not None and dup.method == "near" and dup.of == "p3-0"
    assert index.check(make_story(article, "p10-0")) == dup


def test_a_story_is_not_its_own_duplicate(article: str) -> None:
    index = MemoryIndex()
    story = make_story(article, "p1-0")
    index.add(story)
    assert index.check(story) is None


def test_signature_and_band_keys_are_deterministic(article: str) -> None:
    norm = make_story(article, "a").norm
    sig = signature(norm)
    assert len(sig.hashvalues) == NUM_PERM
    keys = band_keys(sig)
    assert keys == band_keys(signature(norm))
    assert [band for band, _ in keys] == list(range(BANDS))
    assert all(re.fullmatch(r"[0-9a-f]{16}", bucket) for _, bucket in keys)
    assert keys[0] == (0, band_keys(signature(norm))[0][1])


def test_shingles() -> None:
    assert shingles("普京，说：“好”") == {"普京说好"}
    assert shingles("一二三四五六") == {"一二三四五", "二三四五六"}
    assert shingles("") == set()
    assert shingles("a b c d e f", k=3) == {"abc", "bcd", "cde", "def"}


def test_candidates_ranked_by_shared_bands_and_capped() -> None:
    from zhevents.dedup.stories import MAX_CANDIDATES, rank_candidates

    hits = ["b"] * 5 + ["a"] * 5 + ["c"] * 9 + ["lonely"] + [f"x{i:02d}" for i in range(40) for _ in range(2)]
    ranked = rank_candidates(hits)
    assert ranked[:3] == ["c", "a", "b"]  # most shared bands first, ties by id
    assert "lonely" not in ranked  # one shared band is chance at the near-duplicate threshold
    assert len(ranked) == MAX_CANDIDATES


def test_length_bound_skips_only_pairs_that_fail_and_jaccard_is_unchanged() -> None:
    """The verification shortcut is exact: a candidate skipped as too short never reaches the threshold,
    and the union-free Jaccard equals |a ∩ b| / |a ∪ b|."""
    import random

    from zhevents.dedup.stories import NEAR_THRESHOLD, _too_short
    from zhevents.normalize import content_key

    rng = random.Random(7)
    alphabet = "乌克兰俄罗斯国防部表示军队导弹袭击哈尔科夫"
    texts = ["".join(rng.choice(alphabet[: rng.randint(3, len(alphabet))]) for _ in range(rng.randint(30, 120)))
             for _ in range(200)]
    skipped = 0
    for a, b in zip(texts, texts[1:] + texts[:1], strict=True):
        ga, gb = shingles(a), shingles(b)
        assert jaccard(ga, gb) == len(ga & gb) / len(ga | gb)
        if _too_short(len(content_key(b)), len(ga), NEAR_THRESHOLD):
            skipped += 1
            assert jaccard(ga, gb) < NEAR_THRESHOLD
    assert skipped > 20
    shared = texts[0] * 3
    assert not _too_short(len(content_key(shared)), len(shingles(shared)), NEAR_THRESHOLD)  # itself: J = 1
