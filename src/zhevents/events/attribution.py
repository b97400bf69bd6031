"""Reported speech and sourcing: who the page says a claim comes from.

Chinese news marks sources in a few ways that this module reads from tokens:
``据X报道/报导/消息`` and ``X报道(称)，`` (an agency or outlet), ``X(时间)(在…中)表示/称/说/指出…``
(a speaker, whose content follows the verb or a colon), quoted speech “…” that continues
across sentences.  Chains are innermost first: speaker → agency → outlet.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import pairwise

from zhevents.events.arguments import NP, Memory, read_roles
from zhevents.events.lexicon import Token
from zhevents.records import Actor, Source


@dataclass(slots=True)
class Frame:
    """A speech frame found in a clause: content starts at ``content_start`` (clause offset)."""

    chain: list[Source]
    speaker: list[Actor]
    content_start: int
    report_only: bool  # 据X报道 / X报道: the clause itself carries no content
    person: bool = False  # the speaker is a person: 他/她 in the content refers to them


def source_of(np: NP, role: str) -> Source:
    a = np.actors[0] if np.actors else None
    if a is not None and a.sector == "JRN":
        role = "agency"
    text = np.text
    if a is not None and a.entity_text and a.entity_text not in text:
        text = a.entity_text  # 他说: the pronoun's antecedent is the source
    return Source(text=text, role=role, entity_id=a.entity_id if a else None,  # type: ignore[arg-type]
                  code=a.code if a else None)


def find_frame(tokens: list[Token], text: str, memory: Memory) -> Frame | None:
    """The first attribution construction in a clause (tokens in clause order)."""
    kinds_seq = [t.kinds for t in tokens]
    # 据X报道 / 根据X的消息
    if tokens and "report" in kinds_seq[0]:
        for j in range(1, len(tokens)):
            if "report_noun" in kinds_seq[j] or "speech" in kinds_seq[j]:
                roles = read_roles(tokens[1:j], text, memory, meet=False)
                nps = roles.subj or roles.rec
                if nps:
                    return Frame([source_of(nps[0], "agency")], nps[0].actors, tokens[j].end, True)
                return None
        return None
    colon = _colon_speaker(tokens, text, memory)
    if colon is not None:
        return colon
    adverbial = -1  # index of the 在 opening a 在…时 adverbial before the speech verb
    for j, tok in enumerate(tokens):
        if tok.trigger and "speech" not in tok.kinds and not _modifies_speaker(tokens, j, text):
            adverbial = _time_adverbial(tokens, j, text)
            if adverbial < 0:
                return None  # a verb before any speech verb: the clause is an event, not a frame
        if "speech" in tok.kinds or ("report_noun" in tok.kinds and tok.text in ("报道", "报导")):
            head = tokens[:adverbial] if adverbial >= 0 else _relative_head(tokens[:j], text)
            roles = read_roles(head, text, memory, meet=False)
            nps = roles.subj
            if not nps:
                if memory.last_subject:  # dropped subject (但指…, 还称…): the current topic speaks
                    return Frame([], list(memory.last_subject), tok.end, False)
                return None
            np = nps[0]
            role = "agency" if tok.text in ("报道", "报导", "报道称", "报导称") else "speaker"
            return Frame([source_of(np, role)], np.actors, tok.end, False, np.is_person)
    return None


def _colon_speaker(tokens: list[Token], text: str, memory: Memory) -> Frame | None:
    """（3）普京：芬兰放弃军事中立是个错误: a clause that is only a party, closed by a colon, names who
    says what follows (headlines and summary lines drop the speech verb)."""
    if not tokens or text[tokens[-1].end:tokens[-1].end + 1] not in ("：", ":"):
        return None
    if any(t.trigger or "speech" in t.kinds or "time" in t.kinds for t in tokens):
        return None
    nps = read_roles(tokens, text, memory, meet=False).subj
    if not nps or any(not np.actors or np.is_place for np in nps) or not _adjacent(nps, text):
        return None
    if len(nps) == 1:
        return Frame([source_of(nps[0], "speaker")], nps[0].actors, tokens[-1].end, False, nps[0].is_person)
    # 法美学者: states run together before one head noun, whose sector is every state's
    sector = nps[-1].actors[-1].sector
    speakers = [a if a.sector else replace(a, sector=sector) for np in nps for a in np.actors]
    whole = NP(nps[0].start, nps[-1].end, text[nps[0].start:nps[-1].end], speakers)
    return Frame([source_of(whole, "speaker")], speakers, tokens[-1].end, False, False)


def _adjacent(nps: list[NP], text: str) -> bool:
    """Phrases that touch or are joined by 、/和/与 only: one party list, not two phrases."""
    return all(text[a.end:b.start].strip() in ("", "、", "和", "与") for a, b in pairwise(nps))


def _modifies_speaker(tokens: list[Token], j: int, text: str) -> bool:
    """到访土耳其的俄罗斯外长拉夫罗夫表示: a verb in a relative clause (…的) before the speech verb
    describes the speaker; the clause is still a speech frame."""
    speech = next((t for t in tokens[j + 1:] if "speech" in t.kinds), None)
    if speech is None or any(t.trigger and "speech" not in t.kinds for t in tokens[j + 1:] if t.end <= speech.start):
        return False
    return "的" in text[tokens[j].end:speech.start]


# the words that close a 在…时 adverbial of time (在访问塞尔维亚时表示, 在会见…期间表示)
ADVERBIAL_CLOSE = ("时", "期间", "之际")
# 联合国方面在与俄方代表磋商后宣布: talks closed by 后 before the speech verb happened, then the speaker spoke
# (only talks: 俄方在乌军炮击后表示 keeps its strike an act of the clause)
AFTER_TALKS_CLOSE = ("后", "之后")


def _time_adverbial(tokens: list[Token], j: int, text: str) -> int:
    """欧尔班在访问塞尔维亚时表示: a verb inside 在…时 (or talks inside 在…后) right before the speech verb
    says when the speaker spoke; the clause is still a speech frame, its speaker the phrase before 在.  Returns the
    index of that 在, or -1."""
    speech = next((k for k in range(j + 1, len(tokens)) if "speech" in tokens[k].kinds), None)
    if speech is None or any(t.trigger and "speech" not in t.kinds for t in tokens[j + 1:speech]):
        return -1
    before_speech = text[:tokens[speech].start].rstrip("还也曾再并")
    trigger = tokens[j].trigger
    talks = trigger is not None and trigger.frame == "meet"
    if not (before_speech.endswith(ADVERBIAL_CLOSE) or (talks and before_speech.endswith(AFTER_TALKS_CLOSE))):
        return -1
    opener = next((k for k in range(j - 1, -1, -1) if tokens[k].text == "在" and "at" in tokens[k].kinds), -1)
    return opener if opener > 0 and not any(t.trigger for t in tokens[opener:j]) else -1


def _relative_head(tokens: list[Token], text: str) -> list[Token]:
    """The speaker's own words, after a relative clause (到访土耳其的|俄罗斯外长拉夫罗夫)."""
    for k in range(len(tokens) - 1, -1, -1):
        tok = tokens[k]
        if tok.trigger and "speech" not in tok.kinds:
            de = text.find("的", tok.end)
            return [t for t in tokens[k + 1:] if de >= 0 and t.start > de]
    return tokens
