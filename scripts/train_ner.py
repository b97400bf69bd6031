"""Train the character CRF for ``zhevents.entities.ner`` on the MSRA corpus and evaluate it.

Reproducible: fixed hyper-parameters below, corpus read in file order, L-BFGS (deterministic).

    PYTHONPATH=src .venv/bin/python scripts/train_ner.py \\
        --train ../shared/corpus/ner/msra/msra_train_bio.txt \\
        --test ../shared/corpus/ner/msra/msra_test_bio.txt \\
        --out src/zhevents/entities/models/msra.crfsuite

Prints entity-level precision / recall / F1 (exact span and type) per type and overall on the
test split, and writes ``bench/results/ner.md``.  The corpus is only read, never copied.
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pycrfsuite

from zhevents.entities.ner import names_with, open_tagger, sentence_features, spans_from_tags

REPO = Path(__file__).resolve().parents[1]
TYPES = ("person", "org", "place")

# Published entity F1 on the MSRA test split, for comparison (quoted, not re-measured here).
PUBLISHED = [
    ("best closed-track system, SIGHAN 2006 bakeoff 3 (CRF-based; Levow 2006 overview)", "≈ 86"),
    ("BiLSTM-CRF (as tabulated in the public repository loujie0822/DeepIE)", "91.87"),
    ("Lattice LSTM (Zhang & Yang, ACL 2018)", "93.18"),
    ("FLAT (Li et al., ACL 2020; DeepIE table)", "94.35"),
    ("BERT (DeepIE table)", "94.95"),
]


@dataclass(frozen=True)
class Params:
    c1: float
    c2: float
    max_iterations: int
    min_freq: float

    def crfsuite(self) -> dict[str, object]:
        return {
            "c1": self.c1,
            "c2": self.c2,
            "max_iterations": self.max_iterations,
            "feature.minfreq": self.min_freq,
            "feature.possible_transitions": True,
        }


def read_bio(path: Path) -> Iterator[tuple[str, list[str]]]:
    """Sentences of a one-char-per-line BIO file: ``(text, tags)``."""
    chars: list[str] = []
    tags: list[str] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if not line.strip():
                if chars:
                    yield "".join(chars), tags
                chars, tags = [], []
                continue
            char, _, tag = line.rpartition("\t")
            if not char:  # "char tag" with a space separator
                char, _, tag = line.rpartition(" ")
            chars.append(char[:1] or " ")
            tags.append(tag)
    if chars:
        yield "".join(chars), tags


def train(train_path: Path, out: Path, params: Params, limit: int | None, verbose: bool) -> tuple[int, int]:
    """Train and write the model; returns (sentences, characters) used."""
    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=verbose)
    trainer.set_params(params.crfsuite())
    sentences = chars = 0
    for text, tags in read_bio(train_path):
        if limit is not None and sentences >= limit:
            break
        trainer.append(sentence_features(text), tags)
        sentences += 1
        chars += len(text)
    print(f"training on {sentences} sentences, {chars} characters", file=sys.stderr, flush=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))
    return sentences, chars


def evaluate(model: Path, test_path: Path, limit: int | None = None) -> dict[str, Counter[str]]:
    """Exact-match counts (tp / pred / gold) per type, tagging through the public code path."""
    tagger = open_tagger(model)
    counts: dict[str, Counter[str]] = {kind: Counter() for kind in (*TYPES, "all")}
    for n, (text, tags) in enumerate(read_bio(test_path)):
        if limit is not None and n >= limit:
            break
        gold = set(spans_from_tags(tags))
        pred = set(names_with(tagger, text))
        for kind in TYPES:
            g = {s for s in gold if s[2] == kind}
            p = {s for s in pred if s[2] == kind}
            counts[kind].update(tp=len(g & p), pred=len(p), gold=len(g))
        counts["all"].update(tp=len(gold & pred), pred=len(pred), gold=len(gold))
    return counts


def prf(c: Counter[str]) -> tuple[float, float, float]:
    p = c["tp"] / c["pred"] if c["pred"] else 0.0
    r = c["tp"] / c["gold"] if c["gold"] else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def score_table(counts: dict[str, Counter[str]]) -> str:
    lines = ["| type | precision | recall | F1 | gold entities |", "|---|---:|---:|---:|---:|"]
    for kind in (*TYPES, "all"):
        p, r, f = prf(counts[kind])
        lines.append(f"| {kind} | {100 * p:.2f} | {100 * r:.2f} | {100 * f:.2f} | {counts[kind]['gold']} |")
    return "\n".join(lines)


def write_report(path: Path, table: str, command: str, params: Params, facts: dict[str, str]) -> None:
    published = "\n".join(f"| {name} | {f1} |" for name, f1 in PUBLISHED)
    fact_lines = "\n".join(f"- {k}: {v}" for k, v in facts.items())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "# NER: character CRF on MSRA (entity level, exact span and type)\n\n"
        f"Command:\n\n```\n{command}\n```\n\n"
        f"Hyper-parameters: L-BFGS, c1={params.c1}, c2={params.c2}, "
        f"max_iterations={params.max_iterations}, feature.minfreq={params.min_freq}.\n\n"
        f"{fact_lines}\n\n"
        "## This model, MSRA test split\n\n"
        f"{table}\n\n"
        "## Published entity F1 on the MSRA test split (quoted, not re-measured)\n\n"
        "| system | F1 |\n|---|---:|\n"
        f"{published}\n",
        encoding="utf-8",
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--train", type=Path, required=True)
    parser.add_argument("--test", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--report", type=Path, default=REPO / "bench" / "results" / "ner.md")
    parser.add_argument("--c1", type=float, default=0.3, help="L1 weight: larger → fewer features, smaller model")
    parser.add_argument("--c2", type=float, default=0.01)
    parser.add_argument("--max-iterations", type=int, default=150)
    parser.add_argument("--min-freq", type=float, default=2, help="drop attributes seen fewer times")
    parser.add_argument("--limit", type=int, default=None, help="train on the first N sentences only")
    parser.add_argument("--verbose", action="store_true", help="print crfsuite's progress per iteration")
    parser.add_argument("--eval-only", action="store_true", help="evaluate an existing --out model")
    args = parser.parse_args(argv)
    params = Params(args.c1, args.c2, args.max_iterations, args.min_freq)

    facts: dict[str, str] = {}
    if not args.eval_only:
        began = time.perf_counter()
        sentences, chars = train(args.train, args.out, params, args.limit, args.verbose)
        minutes = (time.perf_counter() - began) / 60
        facts["training data"] = f"{sentences} sentences, {chars} characters of `{args.train.name}`"
        facts["training time"] = f"{minutes:.1f} min on {platform.machine()} (one core, crfsuite is single-threaded)"
    facts["model size"] = f"{args.out.stat().st_size / 1e6:.2f} MB (`{args.out.name}`)"
    began = time.perf_counter()
    counts = evaluate(args.out, args.test)
    facts["test tagging time"] = f"{time.perf_counter() - began:.1f} s for `{args.test.name}`"
    table = score_table(counts)
    print(table)
    command = " ".join(["PYTHONPATH=src .venv/bin/python", *sys.argv]) if argv is None else "(called from code)"
    write_report(args.report, table, command, params, facts)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
