"""Build the derived data files of ``zhevents.normalize`` (src/zhevents/data/normalize/).

1. ``script_chars.tsv`` (Apache-2.0, derived from OpenCC's own dictionaries): characters that
   exist only in simplified or only in traditional script.  A character is *traditional*
   when it occurs on the traditional side of OpenCC's tables (STCharacters/STPhrases values,
   TSCharacters/TSCharactersExt/TSPhrases keys, HK/TW variant forms) and never on the simplified
   side (TSCharacters/TSPhrases values, STCharacters/STPhrases keys); *simplified* the other
   way round.  Characters on both sides (里, 着, 台, 于 …) are neutral and not listed.
2. ``repairs_traditional_cgroups.tsv`` (CC BY-SA 4.0): OpenCC simplified→traditional
   character-choice errors in names, from the Chinese Wikipedia conversion groups
   (shared/corpus/dictionaries/cgroups_variants.tsv).  A row becomes a repair only when
   OpenCC's output and the accepted regional spelling have the same length, the accepted
   spelling has no simplified-only character, and they differ only in characters that are
   traditional forms of the *same* simplified character (a character choice error, not a
   different transliteration such as 馬立波 vs 馬里烏波爾).

Usage: .venv/bin/python scripts/build_normalize_data.py [path/to/cgroups_variants.tsv]
"""

from __future__ import annotations

import csv
import subprocess
import sys
import tempfile
from pathlib import Path

import opencc

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "src" / "zhevents" / "data" / "normalize"
DEFAULT_CGROUPS = ROOT.parent / "shared" / "corpus" / "dictionaries" / "cgroups_variants.tsv"
OPENCC_DIR = Path(opencc.__file__).parent / "clib"
MIN_NAME_LENGTH = 3  # 州里/道里 are too short to be names: they would fire inside ordinary words
# target name → (OpenCC config, cgroups column holding the accepted spelling)
TARGETS = {"traditional": ("s2t", "zh-hant"), "hk": ("s2hk", "zh-hk"), "tw": ("s2tw", "zh-tw")}
# (dictionary, which side of it is traditional): "key" or "value"
TRADITIONAL_SIDE = {
    "STCharacters": "value",
    "STPhrases": "value",
    "TSCharacters": "key",
    "TSCharactersExt": "key",
    "TSPhrases": "key",
    "HKVariants": "value",
    "TWVariants": "value",
}


def read_opencc_dict(name: str, workdir: Path) -> list[tuple[str, list[str]]]:
    """Dump one of OpenCC's binary dictionaries (ocd2) to (key, [values]) with its own tool."""
    out = workdir / f"{name}.txt"
    subprocess.run(
        [str(OPENCC_DIR / "bin" / "opencc_dict"), "-i", str(OPENCC_DIR / "share" / "opencc" / f"{name}.ocd2"),
         "-o", str(out), "-f", "ocd2", "-t", "text"],
        check=True, capture_output=True,
    )
    rows = []
    for line in out.read_text(encoding="utf-8").splitlines():
        if line:
            key, values = line.split("\t", 1)
            rows.append((key, values.split(" ")))
    return rows


def script_chars() -> tuple[set[str], set[str]]:
    """(simplified-only, traditional-only) characters according to OpenCC's tables."""
    trad: set[str] = set()
    simp: set[str] = set()
    with tempfile.TemporaryDirectory() as tmp:
        for name, trad_side in TRADITIONAL_SIDE.items():
            for key, values in read_opencc_dict(name, Path(tmp)):
                value_chars = set("".join(values))
                if trad_side == "key":
                    trad.update(key)
                    simp.update(value_chars)
                elif name.endswith("Variants"):  # HK/TW variant forms: both sides are traditional
                    trad.update(value_chars)
                else:
                    simp.update(key)
                    trad.update(value_chars)
    return simp - trad, trad - simp


def write_script_chars(simp_only: set[str], trad_only: set[str]) -> None:
    path = OUT_DIR / "script_chars.tsv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(f"# Characters found on only one side of OpenCC {opencc.__version__}'s conversion tables\n")
        fh.write("# (Apache-2.0, github.com/BYVoid/OpenCC); built by scripts/build_normalize_data.py.\n")
        fh.write("char\tscript\tsource\n")
        for script, chars in (("simplified", simp_only), ("traditional", trad_only)):
            for ch in sorted(chars):
                fh.write(f"{ch}\t{script}\topencc-{opencc.__version__}\n")
    print(f"{len(simp_only)} simplified-only, {len(trad_only)} traditional-only → {path}")


def character_choice_only(simplified: str, wrong: str, right: str, t2s: opencc.OpenCC) -> bool:
    """True when ``wrong`` and ``right`` differ only in alternative traditional forms of one char."""
    if not (len(simplified) == len(wrong) == len(right)) or wrong == right:
        return False
    if len(right) < MIN_NAME_LENGTH:
        return False
    if wrong[-1] != right[-1]:  # 地區於/河畔於: a name fragment ending in the fixed char, fires on prose
        return False
    for s, w, r in zip(simplified, wrong, right, strict=True):
        if w != r and not (t2s.convert(w) == t2s.convert(r) == s):
            return False
    return True


def name_repairs(cgroups: Path, simp_only: set[str]) -> list[tuple[str, str, str, str]]:
    t2s = opencc.OpenCC("t2s")
    converters = {name: opencc.OpenCC(cfg) for name, (cfg, _) in TARGETS.items()}
    rows: dict[tuple[str, str], tuple[str, str, str, str]] = {}
    with cgroups.open(encoding="utf-8") as fh:
        for rec in csv.DictReader(fh, delimiter="\t"):
            simplified = rec["zh-cn"] or rec["zh-hans"]
            if not simplified:
                continue
            for target, (_, column) in TARGETS.items():
                right = rec[column]
                if not right or simp_only.intersection(right):  # "accepted" form still half simplified
                    continue
                wrong = converters[target].convert(simplified)
                if character_choice_only(simplified, wrong, right, t2s):
                    source = f"cgroups:{rec['group']}:{rec['original'][:40]}".replace("\t", " ")
                    rows.setdefault((wrong, target), (wrong, right, target, source))
    return sorted(rows.values(), key=lambda r: (r[2], r[0]))


def write_name_repairs(rows: list[tuple[str, str, str, str]]) -> None:
    path = OUT_DIR / "repairs_traditional_cgroups.tsv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("# Repairs for OpenCC simplified→traditional character-choice errors in names.\n")
        fh.write("# DERIVED from Chinese Wikipedia Module:CGroup conversion groups (CC BY-SA 4.0) via\n")
        fh.write("# Gowee/zhconv-rs data/cgroups @ b13469d7c247c5ef87a83bcdf1d7d892f09e66da;\n")
        fh.write("# built by scripts/build_normalize_data.py.  Licence of this file: CC BY-SA 4.0.\n")
        fh.write("wrong\tright\ttarget\tsource\n")
        for row in rows:
            fh.write("\t".join(row) + "\n")
    print(f"{len(rows)} name repairs → {path}")


def main() -> None:
    cgroups = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_CGROUPS
    simp_only, trad_only = script_chars()
    write_script_chars(simp_only, trad_only)
    write_name_repairs(name_repairs(cgroups, simp_only))


if __name__ == "__main__":
    main()
