"""Build the derived data files of zhevents.events from /work/shared/corpus.

- events/data/cameo_plover.tsv: CAMEO code -> PLOVER event, mode, contexts, from
  openeventdata/PLOVER CAMEO2PLOVER-2021.txt (CC BY-SA 4.0).
- events/data/countries.tsv: Chinese country names (mainland, SG, TW, HK, MO spellings, the
  traditional ones simplified with OpenCC) -> ISO alpha-3, from country_names_by_region.tsv
  (names from Unicode CLDR via umpirsky/country-list, MIT/Unicode licence).

usage: .venv/bin/python scripts/build_events_data.py [/work/shared/corpus]
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

import opencc
import pycountry

DATA = Path(__file__).resolve().parents[1] / "src" / "zhevents" / "events" / "data"
# ISO codes PLOVER treats specially (Kosovo has no ISO alpha-3)
SPECIAL_ALPHA3 = {"XK": "KOS"}


def build_cameo(corpus: Path) -> None:
    src = corpus / "event_ontology" / "plover" / "CAMEO2PLOVER-2021.txt"
    rows: list[list[str]] = []
    for line in src.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(\d{2,4}):\s*([A-Z]+)\s*(?:,([^,#]*))?(?:,([^#]*))?(?:#\s*(.*))?$", line.strip())
        if not m:
            continue
        code, event, mode, ctx, label = (g.strip() if g else "" for g in m.groups())
        rows.append([code, event, mode, ctx.replace(" ", ""), label, "openeventdata/PLOVER CAMEO2PLOVER-2021"])
    with (DATA / "cameo_plover.tsv").open("w", encoding="utf-8", newline="") as out:
        out.write("# CAMEO -> PLOVER crosswalk. Source: openeventdata/PLOVER CAMEO2PLOVER-2021.txt "
                  "(PLOVER manual draft 0.8). Licence: CC BY-SA 4.0. Built by scripts/build_events_data.py\n")
        w = csv.writer(out, delimiter="\t", lineterminator="\n")
        w.writerow(["cameo", "event", "mode", "context", "label", "source"])
        w.writerows(rows)


def build_countries(corpus: Path) -> None:
    src = corpus / "dictionaries" / "country_names_by_region.tsv"
    t2s = opencc.OpenCC("t2s")
    seen: set[str] = set()
    rows: list[list[str]] = []
    with src.open(encoding="utf-8") as handle:
        for rec in csv.DictReader(handle, delimiter="\t"):
            iso2 = rec["iso2"]
            country = pycountry.countries.get(alpha_2=iso2)
            alpha3 = SPECIAL_ALPHA3.get(iso2) or (country.alpha_3 if country else None)
            if not alpha3:
                continue
            for col in ("zh_CN", "zh_SG", "zh_TW", "zh_HK", "zh_MO"):
                name = t2s.convert(rec[col].strip())
                if len(name) < 2 or name in seen or not re.fullmatch(r"[\u4e00-\u9fff·]+", name):
                    continue
                seen.add(name)
                rows.append([name, alpha3, "state", "", f"CLDR via country-list ({col})"])
    with (DATA / "countries.tsv").open("w", encoding="utf-8", newline="") as out:
        out.write("# Chinese country names (all regional spellings, simplified) -> ISO 3166-1 alpha-3. "
                  "Source: Unicode CLDR via umpirsky/country-list (MIT; CLDR Unicode licence). "
                  "Built by scripts/build_events_data.py\n")
        w = csv.writer(out, delimiter="\t", lineterminator="\n")
        w.writerow(["name", "code", "type", "sector", "source"])
        w.writerows(rows)


if __name__ == "__main__":
    corpus_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/work/shared/corpus")
    DATA.mkdir(parents=True, exist_ok=True)
    build_cameo(corpus_dir)
    build_countries(corpus_dir)
