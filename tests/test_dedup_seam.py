"""Event clusters across the seam of two months, through the real pipeline and SQLite store."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from zhevents.pipeline import ingest

PAGES = {
    # published on 30 April: the strike of that day
    "odesa_0430.txt": ("2022-04-30", "俄称打击敖德萨军用机场\n\n（莫斯科4月30日讯）俄罗斯国防部30日表示，"
                       "俄军使用高精度导弹打击了敖德萨附近的军用机场，炸毁了机场跑道。\n"),
    # broadcast on 1 May with no day of its own: the act may be the day before
    "odesa_0501.txt": ("2022-05-01", "央视网消息：俄罗斯国防部表示，俄军使用高精度导弹打击了敖德萨附近的军用机场。\n"),
}


def _write_pages(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for name, (published, text) in PAGES.items():
        (folder / name).write_text(text, encoding="utf-8")
        lines.append({"path": name, "published": published, "outlet": "test"})
    manifest = folder / "manifest.jsonl"
    manifest.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    return manifest


def _strikes(db: Path) -> list[tuple[str, str, str, str]]:
    con = sqlite3.connect(db)
    rows = con.execute("SELECT e.doc, e.block, e.date, c.cluster_id FROM events e JOIN event_clusters c"
                       " ON c.event_id = e.id WHERE e.event = 'ASSAULT' AND e.event_text LIKE '%敖德萨%'"
                       " ORDER BY e.doc").fetchall()
    con.close()
    return [(Path(r[0]).name, r[1], r[2], r[3]) for r in rows]


def test_one_strike_reported_on_both_sides_of_a_month_is_one_event_in_any_order(tmp_path: Path) -> None:
    manifest = _write_pages(tmp_path / "pages")
    names = sorted(PAGES)
    results = {}
    for order in (names, names[::-1]):
        db = tmp_path / f"{order[0]}.db"
        for name in order:  # one ingest per page: the second page's block is clustered alone first
            ingest([tmp_path / "pages" / name], db, manifest=manifest)
        results[order[0]] = _strikes(db)
    first, second = results.values()
    assert [r[:3] for r in first] == [r[:3] for r in second]
    assert {r[1] for r in first} == {"ASSAULT|2022-04", "ASSAULT|2022-05"}  # two blocks, so the seam decides
    assert len({r[3] for r in first}) == 1 and len({r[3] for r in second}) == 1
