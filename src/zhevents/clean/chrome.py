"""Page chrome: which lines (or line ends) of news text are navigation, markers, footers.

The phrases live in ``data/chrome.yaml``; this module compiles them once into a few combined
regular expressions so one line costs one ``fullmatch`` (plus one ``search`` for the rare line
that ends in a bracket or 文), which keeps the text path cheap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

# Decoration around a whole-line phrase: 【阅读全文】, >> 更多, [打印] …
_DECOR = r"[\s\[\]【】<>《》»›|｜·•:：>＞\-—]*"

Role = str  # "marker" (ends a teaser block) | "section" (opens a teaser zone) | "nav_run" | ""


@dataclass(frozen=True, slots=True)
class Verdict:
    """Why a line (or its end, from ``cut`` on) is chrome."""

    reason: str
    role: Role
    cut: int = 0


@dataclass(frozen=True, slots=True)
class _Rule:
    group: str
    reason: str
    role: Role


def load_yaml(name: str) -> dict[str, Any]:
    """Read one of the package data files in ``clean/data``."""
    text = resources.files("zhevents.clean").joinpath("data", name).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise ValueError(f"clean/data/{name}: expected a mapping at the top level")
    return data


def _rule_pattern(rule: dict[str, Any]) -> str:
    """One rule as a pattern for ``fullmatch`` on a stripped line (or for a line end)."""
    match = rule["match"]
    if match in ("line", "prefix"):
        phrases = sorted((str(p) for p in rule["phrases"]), key=len, reverse=True)
        alternation = "|".join(re.escape(p) for p in phrases)
        body = f"{_DECOR}(?:{alternation}){_DECOR}" if match == "line" else f"{_DECOR}(?:{alternation}).*"
    elif match in ("regex", "suffix"):
        body = "|".join(f"(?:{p})" for p in rule["patterns"])
    else:
        raise ValueError(f"chrome rule {rule.get('id')}: unknown match {match!r}")
    max_len = rule.get("max_len")
    if max_len is not None:
        # A length cap keeps short-line rules (bylines, menus) off real paragraphs.
        body = f"(?=.{{0,{int(max_len)}}}$)(?:{body})"
    return body


class ChromeRules:
    """The compiled chrome rules of ``data/chrome.yaml``."""

    def __init__(self, data: dict[str, Any]) -> None:
        self._rules: dict[str, _Rule] = {}
        line_parts: list[str] = []
        suffix_parts: list[str] = []
        self.nav_run_min = 3
        for i, rule in enumerate(data["rules"]):
            group = f"r{i}"
            role = str(rule.get("role", ""))
            self._rules[group] = _Rule(group, str(rule["reason"]), role)
            part = f"(?P<{group}>{_rule_pattern(rule)})"
            (suffix_parts if rule["match"] == "suffix" else line_parts).append(part)
            if role == "nav_run":
                self.nav_run_min = int(rule.get("min_run", 3))
        self._line_re = re.compile("|".join(line_parts))
        self._suffix_re = re.compile("(?:" + "|".join(suffix_parts) + r")\s*$")
        # Only lines ending in one of these can carry a suffix rule: skip the search otherwise.
        self._suffix_last = frozenset("文】])）)>»›0123456789")
        title = data.get("title", {})
        self._title_prefix = re.compile("|".join(f"(?:{p})" for p in title.get("prefix_patterns", [])) or "(?!)")
        self._title_suffix = re.compile(
            "(?:" + ("|".join(f"(?:{p})" for p in title.get("suffix_patterns", [])) or "(?!)") + r")\s*$"
        )
        self._site_sep = re.compile(title.get("site_separators", "(?!)"))

    def classify_line(self, line: str) -> Verdict | None:
        """The verdict for a whole stripped line, or None when the line is not chrome."""
        m = self._line_re.fullmatch(line)
        if m is None or m.lastgroup is None:
            return None
        rule = self._rules[m.lastgroup]
        return Verdict(rule.reason, rule.role, 0)

    def strip_suffix(self, line: str) -> Verdict | None:
        """Chrome at the end of a content line (teaser marker, portal tag): where it starts."""
        if not line or line[-1] not in self._suffix_last:
            return None
        m = self._suffix_re.search(line)
        if m is None or m.start() == 0:
            return None
        group = next(g for g, v in m.groupdict().items() if v is not None)
        rule = self._rules[group]
        return Verdict(rule.reason, rule.role, m.start())

    def title_span(self, title: str) -> tuple[int, int]:
        """The part of an HTML ``<title>`` that is the headline: tags and site names cut off."""
        start, end = 0, len(title)
        m = self._title_prefix.match(title)
        if m:
            start = m.end()
        pieces = [p for p in self._site_sep.finditer(title, start)]
        if pieces:
            # "标题_栏目_网站": the headline is the first piece when it is not a stub.
            first_end = pieces[0].start()
            if first_end - start >= 5:
                end = first_end
        m = self._title_suffix.search(title, start, end)
        if m and m.start() > start:
            end = m.start()
        while end > start and title[end - 1].isspace():
            end -= 1
        return (start, end) if end > start else (0, len(title))


@lru_cache(maxsize=1)
def chrome_rules() -> ChromeRules:
    """The package's chrome rules, compiled once per process."""
    return ChromeRules(load_yaml("chrome.yaml"))
