"""Alignment: the offset maps every span in the system goes through."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from zhevents.records import Alignment, Block


def test_identity_maps_one_to_one_with_offset() -> None:
    a = Alignment.identity(10, offset=5)
    assert a.map_span(2, 4) == (7, 9)
    assert a.map_span(0, 10) == (5, 15)


def test_unequal_block_maps_to_its_whole_extent() -> None:
    # src "ab" + "X" (from dst "xyz") + "cd"
    a = Alignment([Block(0, 2, 0, 2), Block(2, 3, 2, 5), Block(3, 5, 5, 7)])
    assert a.map_span(2, 3) == (2, 5)
    assert a.map_span(1, 4) == (1, 6)
    assert a.map_span(3, 5) == (5, 7)


def test_inserted_separator_maps_to_a_point() -> None:
    a = Alignment([Block(0, 3, 10, 13), Block(3, 5, 13, 13), Block(5, 8, 20, 23)])
    assert a.map_span(0, 3) == (10, 13)
    assert a.map_span(5, 8) == (20, 23)
    assert a.map_span(1, 7) == (11, 22)


def test_round_trip_through_lists() -> None:
    a = Alignment([Block(0, 2, 0, 2), Block(2, 3, 2, 5)])
    assert Alignment.from_list(a.to_list()) == a


def _segments_to_alignment(pieces: list[tuple[str, str]]) -> tuple[str, str, Alignment]:
    """Build src/dst texts from (src_piece, dst_piece) pairs, with the alignment between them."""
    src, dst, blocks = "", "", []
    for s, d in pieces:
        blocks.append(Block(len(src), len(src) + len(s), len(dst), len(dst) + len(d)))
        src, dst = src + s, dst + d
    return src, dst, Alignment([b for b in blocks if b.src_end > b.src_start])


cjk = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x4E40), min_size=1, max_size=4)


@given(st.lists(st.tuples(cjk, cjk), min_size=1, max_size=12), st.data())
def test_mapped_span_covers_the_pieces_it_came_from(pieces: list[tuple[str, str]], data: st.DataObject) -> None:
    src, dst, align = _segments_to_alignment(pieces)
    start = data.draw(st.integers(0, len(src) - 1))
    end = data.draw(st.integers(start + 1, len(src)))
    ds, de = align.map_span(start, end)
    assert 0 <= ds <= de <= len(dst)
    # every piece the source span touches is inside the mapped span
    for b in align.blocks:
        if b.src_start < end and start < b.src_end and b.dst_end > b.dst_start:
            lo = b.dst_start if b.src_end - b.src_start != b.dst_end - b.dst_start else \
                b.dst_start + max(0, start - b.src_start)
            assert ds <= lo < de


@given(st.lists(st.tuples(cjk, cjk), min_size=1, max_size=8), st.lists(st.tuples(cjk, cjk), min_size=1,
                                                                       max_size=8))
def test_composition_equals_mapping_twice(inner: list[tuple[str, str]], outer: list[tuple[str, str]]) -> None:
    a_src, a_dst, a = _segments_to_alignment(inner)
    # make the outer alignment's source exactly a_dst, cut into outer-sized pieces
    cuts, pos = [], 0
    for s, d in outer:
        if pos >= len(a_dst):
            break
        piece = a_dst[pos:pos + len(s)]
        cuts.append((piece, d))
        pos += len(piece)
    if pos < len(a_dst):
        cuts.append((a_dst[pos:], a_dst[pos:]))
    _, _, b = _segments_to_alignment(cuts)
    composed = a.then(b)
    for start in range(len(a_src)):
        for end in range(start + 1, len(a_src) + 1):
            twice = b.map_span(*a.map_span(start, end))
            once = composed.map_span(start, end)
            assert (once[0] >= twice[0] and once[1] <= twice[1]) or once == twice
