"""Lexicon data of the event coder and the scanner that turns a sentence into tokens.

All linguistic knowledge lives in ``events/data/*.tsv`` (triggers, cue words, fallback
actors, countries, the CAMEO→PLOVER crosswalk); this module loads it once and finds the
longest, leftmost non-overlapping matches in a normalised (simplified) sentence.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import ahocorasick

QUAD = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1,
    "COOPERATE": 2, "AID": 2, "RETREAT": 2,
    "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3, "SANCTION": 3,
    "PROTEST": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}


# What each flag of triggers.tsv tells the coder; the loader refuses any other.
TRIGGER_FLAGS: dict[str, str] = {
    "absorb": "the rest of the clause is the verb's complement (同意…, 支持…), coded as part of it",
    "accord": "an act on an accord only when its object names one (中止…签证便利化协议)",
    "blame": "是…造成的 / 导致的: blames the party after the copula",
    "causative": "an intransitive act (爆炸): only the subject of a causing verb (制造了…爆炸) did it",
    "consequent": "threatens only as the consequence of a condition (采取措施)",
    "deny": "a denial of a claim is no event",
    "future": "an event only when the clause is future (视为…, 将视作…)",
    "harm": "harm a party is blamed for: the cause is the accused, not the harmed (对…构成打击)",
    "intransitive": "a movement verb, force only with no object after it (向…推进, not 推进合作)",
    "mil": "force only with a military actor",
    "munition": "发射: force only when fired at someone",
    "needattack": "a repel verb that is force only against an attack noun (阻止俄军进攻)",
    "needrec": "an event only with a recipient",
    "np_object": "an event only with a noun-phrase object (承认…独立), not a clause (承认美国输送了…)",
    "repel": "击退: the attack is the repelled side's, against the repeller",
    "restart": "a new predicate of the same subject ends an absorbed complement",
    "verbal": "a verbal noun opening its clause is its topic, not an act",
    "victim": "a wrong done to someone: the verb's object is the wronged, never the accused",
    "wish": "a wish (希望同…): a wish not to do something refuses nobody",
}


@dataclass(slots=True, frozen=True)
class Trigger:
    word: str
    event: str
    mode: str | None
    cameo: str | None
    frame: str  # act | meet | speech | content
    flags: frozenset[str]
    example: str


@dataclass(slots=True, frozen=True)
class ActorEntry:
    name: str
    code: str | None
    type: str  # state | abbr | bound | org | person | sector
    sector: str | None


@dataclass(slots=True)
class Token:
    """One lexicon match in a sentence; ``start``/``end`` index the sentence (norm) text."""

    start: int
    end: int
    text: str
    kinds: frozenset[str]
    trigger: Trigger | None = None
    actor: ActorEntry | None = None
    value: str | None = None  # qualifier text, etc.
    entity_id: str | None = None
    meta: dict[str, str | None] = field(default_factory=dict)


@dataclass(slots=True)
class Lexicon:
    triggers: dict[str, Trigger]
    actors: dict[str, ActorEntry]
    cues: dict[str, dict[str, str]]  # word -> {kind: value}
    cameo: dict[str, tuple[str, str | None, list[str]]]
    automaton: ahocorasick.Automaton
    cue_index: dict[str, frozenset[str]] = field(default_factory=dict)  # kind -> words, built lazily

    def cue_words(self, kind: str) -> frozenset[str]:
        words = self.cue_index.get(kind)
        if words is None:  # called per trigger: build each kind's word set once
            words = self.cue_index[kind] = frozenset(w for w, kinds in self.cues.items() if kind in kinds)
        return words


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("zhevents.events").joinpath("data", name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def _load_triggers() -> dict[str, Trigger]:
    out: dict[str, Trigger] = {}
    for r in _rows("triggers.tsv"):
        flags = frozenset(f for f in r["flags"].split(",") if f)
        if not flags <= TRIGGER_FLAGS.keys():
            raise ValueError(f"triggers.tsv: {r['trigger']}: unknown flags {sorted(flags - TRIGGER_FLAGS.keys())}")
        out[r["trigger"]] = Trigger(r["trigger"], r["event"], r["mode"] or None, r["cameo"] or None,
                                    r["frame"], flags, r["example"])
    return out


def _load_actors() -> dict[str, ActorEntry]:
    out: dict[str, ActorEntry] = {}
    for name in ("countries.tsv", "actors.tsv"):  # curated rows override generated ones
        for r in _rows(name):
            out[r["name"]] = ActorEntry(r["name"], r["code"] or None, r["type"], r["sector"] or None)
    return out


def _load_cues() -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for r in _rows("cues.tsv"):
        out.setdefault(r["cue"], {})[r["kind"]] = r["value"]
    return out


def _load_cameo() -> dict[str, tuple[str, str | None, list[str]]]:
    out: dict[str, tuple[str, str | None, list[str]]] = {}
    for r in _rows("cameo_plover.tsv"):
        out[r["cameo"]] = (r["event"], r["mode"] or None, [c for c in r["context"].split(";") if c])
    return out


def _words_by_kind(name: str) -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for r in _rows(name):
        out.setdefault(r["kind"], set()).add(r["word"])
    return {kind: frozenset(words) for kind, words in out.items()}


@lru_cache(maxsize=1)
def text_cues() -> dict[str, frozenset[str]]:
    """Words by kind from text_cues.tsv, matched against the text around a trigger; never tokens."""
    return _words_by_kind("text_cues.tsv")


def text_words(kind: str) -> frozenset[str]:
    return text_cues().get(kind, frozenset())


@lru_cache(maxsize=1)
def phrase_breaks() -> dict[str, frozenset[str]]:
    """Gap words by kind (aspect, adverb, classifier) from phrase_breaks.tsv; not scanned as tokens."""
    return _words_by_kind("phrase_breaks.tsv")


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    triggers, actors, cues = _load_triggers(), _load_actors(), _load_cues()
    automaton = ahocorasick.Automaton()
    for word in {*triggers, *actors, *cues}:
        automaton.add_word(word, word)
    automaton.make_automaton()
    return Lexicon(triggers, actors, cues, _load_cameo(), automaton)


def _token_for(word: str, start: int, lex: Lexicon) -> Token:
    kinds: set[str] = set()
    trig = lex.triggers.get(word)
    actor = lex.actors.get(word)
    cue = lex.cues.get(word, {})
    if trig:
        kinds.add("trigger")
    if actor:
        kinds.add("sector" if actor.type == "sector" else "actor")
    kinds.update(cue)
    value = next((v for v in cue.values() if v), None)
    return Token(start, start + len(word), word, frozenset(kinds), trig, actor, value)


def scan(text: str, fixed: list[Token] | None = None) -> list[Token]:
    """Longest-leftmost non-overlapping lexicon matches in ``text``.

    ``fixed`` tokens (entity mentions from the entity stage) win over lexicon matches they
    overlap, except trigger words wholly outside them.
    """
    lex = lexicon()
    taken = [False] * len(text)
    out: list[Token] = []
    matches = [(end - len(w) + 1, w) for end, w in lex.automaton.iter(text)]
    # a curated actor name that contains a mention (基辅政权 ⊃ 基辅) is the better reading
    longer = [(s, s + len(w)) for s, w in matches if w in lex.actors and lex.actors[w].code]
    fixed = [t for t in fixed or [] if "time" in t.kinds or not any(
        s <= t.start and t.end <= e and e - s > t.end - t.start for s, e in longer)]
    for tok in sorted(fixed, key=lambda t: (t.start, -(t.end - t.start))):
        if tok.end <= len(text) and not any(taken[tok.start:tok.end]):
            out.append(tok)
            for i in range(tok.start, tok.end):
                taken[i] = True
    matches.sort(key=lambda m: (m[0], -len(m[1])))
    pos_limit = 0
    for start, word in matches:
        end = start + len(word)
        if start < pos_limit or any(taken[start:end]):
            continue
        # a longer word starting later but overlapping would be lost: prefer the longer one
        out.append(_token_for(word, start, lex))
        pos_limit = end
    out = [t for t in out if t.kinds != {"block"}]
    out.sort(key=lambda t: t.start)
    return out
