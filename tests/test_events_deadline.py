"""A deadline (今年年底前, 5月1日前) says when an act is due, not when it was decided or reported: the event
keeps the day of the report and is marked future (a real CCTV sentence and a constructed control, through the
whole pipeline so that the dates stage runs)."""

from __future__ import annotations

from pathlib import Path

from zhevents.pipeline import extract
from zhevents.records import PageMeta


def events(tmp_path: Path, text: str, published: str) -> list[dict[str, object]]:
    page = tmp_path / "page.txt"
    page.write_text(text + "\n", encoding="utf-8")
    found, errors = extract([page], defaults=PageMeta(published=published))
    assert not errors
    return found


def test_a_ban_due_by_the_years_end_keeps_the_day_of_the_proposal(tmp_path: Path) -> None:
    text = "欧盟委员会4日提交了第六轮对俄罗斯制裁措施提案，其中包括今年年底前全面禁止进口俄罗斯石油。"
    ban = [e for e in events(tmp_path, text, "2022-05-05") if e["event"] == "SANCTION"]
    assert [(e["date"], e["date_precision"], e["aux"]) for e in ban] == [("2022-05-04", "day", ["future"])]


def test_a_stated_day_without_qian_still_dates_the_act(tmp_path: Path) -> None:
    text = "欧盟委员会4日宣布对俄罗斯实施制裁。"
    sanction = [e for e in events(tmp_path, text, "2022-05-05") if e["event"] == "SANCTION"]
    assert [(e["date"], e["aux"]) for e in sanction] == [("2022-05-04", [])]
