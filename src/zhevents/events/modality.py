"""PLOVER auxiliary modes and qualifiers from cue words before the trigger.

future (将, 将于, 计划, 准备, 拟), hypothetical (如果, 若, 一旦, 可能), negation (未, 没有, 并未),
negated intent (不, 不会, 不能) that turns a cooperative act into REJECT, historical (a date a
year or more before the story's reference day) and qualifiers (原则上 → "in principle").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from zhevents.events.lexicon import QUAD, Token

# acts whose negated intent is itself a refusal (不会投降, 不能接受, 不会让步)
REFUSABLE = {"AGREE", "RETREAT", "CONCEDE", "COOPERATE", "CONSULT", "SUPPORT", "AID"}
HISTORICAL_DAYS = 365


@dataclass(slots=True)
class Modality:
    aux: list[str] = field(default_factory=list)
    qualifier: str | None = None
    refuse: bool = False  # negated intent: code as REJECT


def read_modality(before: list[Token], sentence_before: list[Token], event: str, text: str = "") -> Modality:
    """Cues in the clause before the trigger (``before``) and earlier in the sentence."""
    mod = Modality()
    kinds = [t.kinds for t in before]
    if any("future" in t.kinds and not _object_marker(t, text) for t in before):
        mod.aux.append("future")
    # a conditional (如果, 一旦, 凡是…都) scopes over the rest of the sentence
    if any("hypothetical" in k for k in kinds) or any("conditional" in t.kinds for t in sentence_before):
        mod.aux.append("hypothetical")
    near = before[-3:]  # negation binds to the verb it precedes
    negated = any("negation" in t.kinds for t in near) or _negated_across_phrase(before, text)
    if negated and event == "CONCEDE":
        mod.refuse = True  # 美国和北约均未…让步: not yielding is refusing, whatever the tense
    elif negated:
        mod.aux.append("negation")
    elif QUAD.get(event, 0) <= 2 and _ceased(before, text):
        # 停止将…石油输送给捷克 / 禁止为俄商船提供保险: stopping or banning a cooperative act is the
        # opposite of it (a sanction, coded from its own trigger where there is one)
        mod.aux.append("negation")
    elif any("intent_negation" in t.kinds for t in near):
        if event in REFUSABLE:
            mod.refuse = True
        else:
            mod.aux.append("negation")
    for t in before:
        if "qualifier" in t.kinds and t.value:
            mod.qualifier = t.value
    return mod


# 已将/已经将: after a perfective adverb 将 marks the object (美方已将两套地空导弹系统交付给乌克兰), not the future
PERFECTIVE = ("已", "已经", "业已", "曾")


def _object_marker(tok: Token, text: str) -> bool:
    return tok.text == "将" and "ba" in tok.kinds and text[:tok.start].endswith(PERFECTIVE)


PHRASE_OPENERS = frozenset({"with", "to"})
VERB_KINDS = frozenset({"light", "speech", "governing", "time"})


def _ceased(before: list[Token], text: str) -> bool:
    """A verb of stopping or banning governs the trigger: its object phrase (将过境乌克兰的俄石油,
    为俄商船) may be long, but no other verb comes between (《禁止生物武器公约》…审议大会上…进行讨论:
    the light verb 进行 governs the talks, 禁止 only names the treaty)."""
    for tok in reversed(before):
        if "cessation" in tok.kinds:
            return not _in_title(text, tok.start)
        if tok.trigger is not None or tok.kinds & VERB_KINDS:
            return False
    return False


# 就 (about, on) opens a topic phrase; it is no lexicon token (就 is also the adverb "then")
TOPIC_PREPOSITION = "就"


def _negated_across_phrase(before: list[Token], text: str = "") -> bool:
    """尚未与土耳其和俄罗斯就解除乌港口封锁达成协议 / 未能就对俄罗斯天然气实施限价达成一致: a negation
    right before a prepositional phrase (与/同/对/向/就 …) scopes over the verb after the phrase,
    however long the phrase."""
    for i in range(len(before) - 2, -1, -1):
        neg = before[i]
        if "negation" in neg.kinds:
            nxt = before[i + 1]
            if text[neg.end:neg.end + 1] == TOPIC_PREPOSITION:
                return True
            return nxt.start == neg.end and bool(nxt.kinds & PHRASE_OPENERS)
    return False


def _in_title(text: str, pos: int) -> bool:
    """Inside a 《…》 title (《禁止生物武器公约》): words there name the work, they do not predicate."""
    return text.rfind("《", 0, pos) > text.rfind("》", 0, pos)


def is_historical(date: str | None, reference: str | None) -> bool:
    if not date or not reference:
        return False
    try:
        d = dt.date.fromisoformat((date[:10] + "-01-01"[len(date[:10]) - 4:])[:10])  # 2014-04 → 2014-04-01
        r = dt.date.fromisoformat(reference[:10])
    except ValueError:
        return False
    return (r - d).days >= HISTORICAL_DAYS
