"""Property tests: the Alignment of ``to_simplified`` maps every output span back correctly."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from zhevents.normalize import to_simplified

# Characters whose conversion does not depend on their neighbours (no OpenCC phrase among
# them), plus everything the normaliser treats specially: punctuation that turns full-width
# next to Chinese, full-width letters, spaces that collapse, zero-width characters (deleted),
# line ends, HK/TW variants.
HAN = "国國说說説衞卫乌烏克蘭兰马馬波爾尔中文普京俄总統统"
SPECIAL = ",:;!?()，。（）ＡＺａ０９％ \u00a0\u3000\t\u200b\ufeff\r\n·・"
ALPHABET = HAN + SPECIAL + "ab1"
ZERO_WIDTH = {"\u200b", "\ufeff"}
texts = st.text(alphabet=ALPHABET, max_size=60)

# Fold the context-dependent one-to-one choices (ASCII vs full-width punctuation) and spacing,
# so "the conversion of the input span contains the output span" can be checked out of context.
_FOLD = str.maketrans({"，": ",", "：": ":", "；": ";", "！": "!", "？": "?", "（": "(", "）": ")"})


@settings(max_examples=1000, deadline=None)
@given(texts, st.data())
def test_any_output_span_maps_to_an_input_span_whose_conversion_contains_it(text: str, data: st.DataObject) -> None:
    out, align = to_simplified(text)
    i = data.draw(st.integers(0, len(out)))
    j = data.draw(st.integers(i, len(out)))
    s, e = align.map_span(i, j)
    assert 0 <= s <= e <= len(text)
    converted, _ = to_simplified(text[s:e])
    piece = out[i:j].translate(_FOLD)
    assert piece in converted.translate(_FOLD)


@settings(max_examples=1000, deadline=None)
@given(texts)
def test_blocks_are_contiguous_and_cover_both_texts(text: str) -> None:
    out, align = to_simplified(text)
    if not text:
        assert out == "" and align.blocks == []
        return
    assert align.blocks[0].src_start == 0 and align.blocks[0].dst_start == 0
    assert align.blocks[-1].src_end == len(out) and align.blocks[-1].dst_end == len(text)
    for a, b in zip(align.blocks, align.blocks[1:], strict=False):
        assert a.src_end == b.src_start and a.dst_end == b.dst_start
    s, e = align.map_span(0, len(out))
    assert set(text[:s] + text[e:]) <= ZERO_WIDTH  # only deleted characters may fall outside


# Equal-length conversions (no space runs, zero-width characters or \r) map one to one.
equal_length = st.text(alphabet=HAN + ",:;!?()，。ＡＺ０９ab1 ·", max_size=60).filter(lambda t: "  " not in t)


@settings(max_examples=1000, deadline=None)
@given(equal_length)
def test_equal_length_conversion_maps_character_by_character(text: str) -> None:
    out, align = to_simplified(text)
    assert len(out) == len(text)
    for k in range(len(out)):
        assert align.map_span(k, k + 1) == (k, k + 1)
        assert to_simplified(text[k])[0].translate(_FOLD) == out[k].translate(_FOLD)
