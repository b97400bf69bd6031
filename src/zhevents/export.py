"""Exports of stored events: PLOVER JSON Lines, GDELT 2.0 event TSV, CSV and Parquet.

Every format is written from the PLOVER-shaped JSON the coder stores for each event, so all
formats agree.  The GDELT TSV fills the GDELT 2.0 event columns we can fill and leaves the rest
empty (tone, Goldstein-style scores and mention counts are GDELT's own measures).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

FORMATS = ("plover-jsonl", "gdelt-tsv", "csv", "parquet")

GDELT_COLUMNS = [
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *[f"Actor{n}{c}" for n in (1, 2) for c in (
        "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
        "Religion2Code", "Type1Code", "Type2Code", "Type3Code")],
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *[f"{g}Geo_{c}" for g in ("Actor1", "Actor2", "Action") for c in (
        "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")],
    "DATEADDED", "SOURCEURL",
]

FLAT_COLUMNS = [
    "id", "doc", "date", "date_precision", "event", "mode", "quad_code", "cameo", "actor_text",
    "actor_code", "actor_sector", "recipient_text", "recipient_code", "recipient_sector",
    "place", "lat", "lon", "country", "attribution", "aux", "qualifier", "teaser", "confidence",
    "story", "start", "end", "event_text", "coder",
]


def flat_row(ev: dict[str, Any]) -> dict[str, Any]:
    """One event as a flat row (CSV, Parquet): lists joined with ``;``."""
    loc = ev.get("event_loc") or {}
    info = ev.get("text_info") or {}

    def join(items: list[dict[str, Any]], key: str) -> str:
        return ";".join(str(a.get(key) or "") for a in items)

    return {
        "id": ev["id"], "doc": ev.get("doc"), "date": ev.get("date"),
        "date_precision": ev.get("date_precision"), "event": ev["event"], "mode": ev.get("mode"),
        "quad_code": ev.get("quad_code"), "cameo": ev.get("cameo"),
        "actor_text": join(ev.get("actor", []), "entity_text"), "actor_code": join(ev.get("actor", []), "code"),
        "actor_sector": join(ev.get("actor", []), "sector"),
        "recipient_text": join(ev.get("recipient", []), "entity_text"),
        "recipient_code": join(ev.get("recipient", []), "code"),
        "recipient_sector": join(ev.get("recipient", []), "sector"),
        "place": loc.get("name") or loc.get("text"), "lat": loc.get("lat"), "lon": loc.get("lon"),
        "country": loc.get("country"),
        "attribution": ";".join(_source_text(a) for a in ev.get("attribution", [])),
        "aux": ";".join(ev.get("aux") or []), "qualifier": ev.get("qualifier"),
        "teaser": bool(ev.get("teaser")), "confidence": ev.get("confidence"),
        "story": info.get("story"), "start": info.get("start"), "end": info.get("end"),
        "event_text": ev.get("event_text"), "coder": ev.get("coder"),
    }


def _source_text(a: Any) -> str:
    return str(a.get("text")) if isinstance(a, dict) else str(a)


def gdelt_row(ev: dict[str, Any], number: int, url: str | None) -> list[str]:
    """GDELT 2.0 event columns; CAMEO code from the coder's crosswalk."""
    row = dict.fromkeys(GDELT_COLUMNS, "")
    date = (ev.get("date") or "").replace("-", "")
    cameo = str(ev.get("cameo") or "")
    row.update({
        "GLOBALEVENTID": str(number), "IsRootEvent": "1", "EventCode": cameo,
        "EventBaseCode": cameo[:3], "EventRootCode": cameo[:2], "QuadClass": str(ev.get("quad_code") or ""),
        "NumMentions": "1", "NumSources": "1", "NumArticles": "1", "SOURCEURL": url or ev.get("doc") or "",
    })
    if len(date) == 8:
        year, month, day = int(date[:4]), int(date[4:6]), int(date[6:])
        row.update({"SQLDATE": date, "MonthYear": date[:6], "Year": date[:4],
                    "FractionDate": f"{year + ((month - 1) * 30 + day) / 365:.4f}", "DATEADDED": date + "000000"})
    for n, key in ((1, "actor"), (2, "recipient")):
        first = (ev.get(key) or [{}])[0]
        code = first.get("code") or ""
        country = code if len(code) == 3 and code.isalpha() and code not in _NON_STATE else ""
        row.update({f"Actor{n}Code": code + (first.get("sector") or ""),
                    f"Actor{n}Name": first.get("identifier_text") or first.get("entity_text") or "",
                    f"Actor{n}CountryCode": country,
                    f"Actor{n}KnownGroupCode": code if code in _NON_STATE else "",
                    f"Actor{n}Type1Code": first.get("sector") or ""})
    loc = ev.get("event_loc") or {}
    if loc.get("lat") is not None:
        row.update({"ActionGeo_Type": "4", "ActionGeo_FullName": loc.get("name") or loc.get("text") or "",
                    "ActionGeo_CountryCode": loc.get("country") or "", "ActionGeo_Lat": str(loc["lat"]),
                    "ActionGeo_Long": str(loc["lon"])})
    return [row[c] for c in GDELT_COLUMNS]


_NON_STATE = {"UNO", "IGO", "EUR", "NGO", "ISM", "IMG", "MNC"}


def write_events(events: Iterable[dict[str, Any]], fmt: str, out: TextIO | Path,
                 urls: dict[str, str] | None = None) -> int:
    """Write events in ``fmt``; ``out`` is a text stream, or a path (required for parquet)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    if fmt == "parquet":
        if not isinstance(out, Path):
            raise ValueError("parquet needs an output file: --out FILE.parquet")
        return _write_parquet(events, out)
    if isinstance(out, Path):
        with out.open("w", encoding="utf-8", newline="") as fh:
            return write_events(events, fmt, fh, urls)
    return _WRITERS[fmt](events, out, urls or {})


def _write_jsonl(events: Iterable[dict[str, Any]], out: TextIO, _urls: dict[str, str]) -> int:
    n = 0
    for ev in events:
        out.write(json.dumps(ev, ensure_ascii=False) + "\n")
        n += 1
    return n


def _write_csv(events: Iterable[dict[str, Any]], out: TextIO, _urls: dict[str, str]) -> int:
    writer = csv.DictWriter(out, fieldnames=FLAT_COLUMNS)
    writer.writeheader()
    n = 0
    for ev in events:
        writer.writerow(flat_row(ev))
        n += 1
    return n


def _write_gdelt(events: Iterable[dict[str, Any]], out: TextIO, urls: dict[str, str]) -> int:
    writer = csv.writer(out, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\")
    writer.writerow(GDELT_COLUMNS)
    n = 0
    for n, ev in enumerate(events, start=1):
        writer.writerow([c.replace("\t", " ").replace("\n", " ")
                         for c in gdelt_row(ev, n, urls.get(str(ev.get("doc"))))])
    return n


def _write_parquet(events: Iterable[dict[str, Any]], path: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = [flat_row(ev) for ev in events]
    table = pa.Table.from_pylist(rows, schema=_parquet_schema(pa))
    pq.write_table(table, path)
    return len(rows)


def _parquet_schema(pa: Any) -> Any:
    numeric = {"quad_code": pa.int64(), "lat": pa.float64(), "lon": pa.float64(),
               "confidence": pa.float64(), "start": pa.int64(), "end": pa.int64(), "teaser": pa.bool_()}
    return pa.schema([(c, numeric.get(c, pa.string())) for c in FLAT_COLUMNS])


_WRITERS = {"plover-jsonl": _write_jsonl, "csv": _write_csv, "gdelt-tsv": _write_gdelt}


def to_string(events: Iterable[dict[str, Any]], fmt: str) -> str:
    buf = io.StringIO()
    write_events(events, fmt, buf)
    return buf.getvalue()


def stored_events(store: Any, where: str = "1", params: tuple[Any, ...] = ()) -> Iterator[dict[str, Any]]:
    for row in store.query(f"SELECT json FROM events WHERE {where} ORDER BY date, id", params):
        yield json.loads(row[0])
