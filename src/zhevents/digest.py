"""The digest: a round-up like the 004 sample, one item per story cluster, every sentence cited.

Each item has a headline (the cluster's first headline) and one to three sentences extracted from
the sources (the evidence sentences of the cluster's most confident distinct events), each with
its citations: the outlets that carried it and the agencies and speakers it is attributed to.
Text is written in the chosen script through ``normalize.convert``, which repairs the artefacts
OpenCC's s2t/s2hk create (一箇中國, 馬裏烏波爾).
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from typing import Any, Literal

from zhevents.normalize import convert

ScriptChoice = Literal["original", "simplified", "traditional", "hk", "tw"]


@dataclass(slots=True)
class Sentence:
    text: str
    citations: list[str]


@dataclass(slots=True)
class Item:
    cluster_id: str
    headline: str
    date: str | None
    sentences: list[Sentence] = field(default_factory=list)


def build_digest(store: Any, since: str, until: str | None = None, max_sentences: int = 3) -> list[Item]:
    """Digest items for events dated in [since, until], newest first."""
    rows = store.query(
        "SELECT e.id, e.json, e.event_text, e.confidence, e.outlet, e.date, e.story_id, e.sentence_start,"
        " sc.cluster_id AS story_cluster, ec.cluster_id AS event_cluster"
        " FROM events e JOIN story_clusters sc ON sc.story_id = e.story_id"
        " LEFT JOIN event_clusters ec ON ec.event_id = e.id"
        " WHERE e.teaser = 0 AND e.date >= ? AND (? IS NULL OR e.date <= ?)"
        " ORDER BY e.date, e.id", (since, until, until))
    by_cluster: dict[str, list[Any]] = {}
    for row in rows:
        by_cluster.setdefault(row["story_cluster"], []).append(row)
    items = [_item(store, cid, members, max_sentences) for cid, members in by_cluster.items()]
    return sorted(items, key=lambda i: (i.date or "", i.cluster_id), reverse=True)


def _item(store: Any, cluster_id: str, rows: list[Any], max_sentences: int) -> Item:
    item = Item(cluster_id, _headline(store, cluster_id, rows), max(r["date"] for r in rows))
    best: dict[str, list[Any]] = {}
    for row in rows:  # every report of one event cluster cites together
        best.setdefault(row["event_cluster"] or row["id"], []).append(row)
    ranked = sorted(best.values(), key=lambda rs: (-max(r["confidence"] for r in rs), rs[0]["id"]))
    seen_text: set[str] = set()
    for reports in ranked:
        lead = min(reports, key=lambda r: (-r["confidence"], r["id"]))
        if lead["event_text"] in seen_text:
            continue
        seen_text.add(lead["event_text"])
        item.sentences.append(Sentence(lead["event_text"], _citations(reports)))
        if len(item.sentences) == max_sentences:
            break
    return item


def _headline(store: Any, cluster_id: str, rows: list[Any]) -> str:
    found = store.query(
        "SELECT s.headline FROM stories s JOIN story_clusters c ON c.story_id = s.id"
        " WHERE c.cluster_id = ? AND s.headline IS NOT NULL ORDER BY s.id LIMIT 1", (cluster_id,))
    return str(found[0]["headline"]) if found else str(rows[0]["event_text"])[:40]


def _citations(reports: list[Any]) -> list[str]:
    """Outlet first, then the agencies and speakers the reports attribute the sentence to."""
    cites: list[str] = []
    for row in reports:
        chain = [a.get("text") for a in json.loads(row["json"]).get("attribution") or [] if isinstance(a, dict)]
        for name in [row["outlet"], *reversed(chain)]:
            if name and name not in cites:
                cites.append(str(name))
    return cites


def render(items: list[Item], fmt: Literal["md", "html"], script: ScriptChoice = "original") -> str:
    def conv(text: str) -> str:
        return text if script == "original" else convert(text, script)

    if fmt == "md":
        return _markdown(items, conv)
    return _html(items, conv)


def _markdown(items: list[Item], conv: Any) -> str:
    out = [f"# {conv('事件摘要')}", ""]
    for item in items:
        out += [f"## {conv(item.headline)}", ""]
        out += [f"- {conv(s.text)} ({'；'.join(conv(c) for c in s.citations)})" for s in item.sentences]
        out.append("")
    return "\n".join(out)


def _html(items: list[Item], conv: Any) -> str:
    e = html.escape
    parts = ['<!doctype html><html lang="zh"><meta charset="utf-8"><title>digest</title><body>']
    for item in items:
        parts.append(f"<section><h2>{e(conv(item.headline))}</h2><ul>")
        parts += [f"<li>{e(conv(s.text))} <cite>{e('；'.join(conv(c) for c in s.citations))}</cite></li>"
                  for s in item.sentences]
        parts.append("</ul></section>")
    parts.append("</body></html>")
    return "\n".join(parts)
