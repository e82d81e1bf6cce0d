"""Outlets: the register of news outlets (outlets.csv) and the outlet an article names in its attribution."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from analysis import datafiles

# --------------------------------------------------------------------------------------------
# Outlets


@dataclass(frozen=True)
class _Outlets:
    table: tuple[dict, ...]
    each: tuple[re.Pattern, ...]
    mention: re.Pattern
    cue_before: re.Pattern
    cue_after: re.Pattern


@lru_cache(maxsize=1)
def _outlets() -> _Outlets:
    rows = tuple(datafiles.load("outlets.csv"))
    each = []
    for k, row in enumerate(rows):
        if None in row or any(v is None for v in row.values()):
            raise ValueError(f"outlets.csv: row {k + 2} does not have exactly the header's columns (unquoted comma?)")
        try:
            each.append(re.compile(row["patterns"]))
        except re.error as exc:
            raise ValueError(f"outlets.csv: bad pattern for {row['outlet']!r}: {exc}") from None
    # One flat, case-sensitive alternation ("Report", not "report"): every branch starts with a
    # literal, so the regex engine can skip ahead by first character — ~20 times faster than named
    # groups. Which outlet matched is found afterwards with the outlet's own pattern.
    mention = re.compile("|".join(row["patterns"] for row in rows))
    cues = datafiles.load("outlets_cues.yml")
    gap = cues["max_gap_words"]
    before = re.compile(
        r"(?<!\w)(?:" + "|".join(cues["before"]) + rf")\W*(?:\w+\W+){{0,{gap}}}$", re.IGNORECASE
    )
    gap_after = cues["max_gap_words_after"]
    after = re.compile(
        rf"\W*(?:\w+\W+){{0,{gap_after}}}?(?:" + "|".join(cues["after"]) + r")(?!\w)", re.IGNORECASE
    )
    return _Outlets(rows, tuple(each), mention, before, after)


def load_outlets() -> pd.DataFrame:
    """Return the outlet list (``analysis/data/lexicons/outlets.csv``): outlet, patterns, country, type, reliability, grade_reason."""
    return pd.DataFrame(list(_outlets().table))


_SENTENCE_END = re.compile(r"[.!?…]\s|\n")


def _mentions(text: str):
    """Yield ``(match, outlets.csv row)`` for every outlet mention, as a whole token, in text order."""
    o = _outlets()
    for m in o.mention.finditer(text):
        a, b = m.start(), m.end()
        if (a and (text[a - 1].isalnum() or text[a - 1] in "._")) or (b < len(text) and (text[b].isalnum() or text[b] == "_")):
            continue
        found = m.group()
        for row, rx in zip(o.table, o.each):
            if rx.fullmatch(found):
                yield m, row
                break


def _attribution(text: str, m: re.Match) -> str | None:
    """Return the attribution phrase around mention *m* ("передает Report"), or None."""
    o = _outlets()
    lo = max(0, m.start() - 120)
    before = text[lo:m.start()]
    cut = None
    for cut in _SENTENCE_END.finditer(before):  # noqa: B007 (the last sentence end is wanted)
        pass
    if cut is not None:
        lo, before = lo + cut.end(), before[cut.end():]
    b = o.cue_before.search(before)
    if b:
        return text[lo + b.start():m.end()]
    end = _SENTENCE_END.search(text, m.end(), m.end() + 80)
    a = o.cue_after.match(text, m.end(), end.start() if end else min(len(text), m.end() + 80))
    if a:
        return text[m.start():a.end()]
    return None


def _outlet_info(text: str) -> tuple[dict | None, tuple[str, ...]]:
    """One pass over *text*: ``(attributed outlet dict or None, all outlets mentioned)``."""
    attributed = None
    seen: dict[str, None] = {}
    for m, row in _mentions(text):
        seen.setdefault(row["outlet"], None)
        if attributed is None:
            evidence = _attribution(text, m)
            if evidence is not None:
                attributed = {
                    "outlet": row["outlet"], "country": row["country"], "type": row["type"],
                    "reliability": row["reliability"], "grade_reason": row["grade_reason"], "evidence": evidence,
                }
    return attributed, tuple(seen)


def outlet_named(name: str, evidence: str = "sources.csv") -> dict:
    """Return the outlet dict (as :func:`detect_outlet`) for an outlet given by name, e.g. in ``sources.csv``.

    A name that is an outlet of ``outlets.csv`` (its canonical name in any case, or a form its pattern
    matches: 'Report.az') takes that outlet's canonical name, country, type and grade; any other name is
    kept as written, with country, type and grade unknown (None). *evidence* says where the name came from.

    >>> outlet_named("REPORT")["outlet"], outlet_named("Report.az")["reliability"], outlet_named("Caspian Weekly")["reliability"]
    ('Report', 'B', None)
    """
    o = _outlets()
    wanted = name.strip()
    for row, rx in zip(o.table, o.each):
        if row["outlet"].lower() == wanted.lower() or rx.fullmatch(wanted):
            return {"outlet": row["outlet"], "country": row["country"], "type": row["type"],
                    "reliability": row["reliability"], "grade_reason": row["grade_reason"], "evidence": evidence}
    return {"outlet": wanted, "country": None, "type": None, "reliability": None, "grade_reason": None,
            "evidence": evidence}


def is_outlet(name) -> bool:
    """Return True when *name* is a news outlet of ``outlets.csv`` (its canonical name in any case, or a
    form its pattern matches): an outlet carries reports, it is not an actor of the relations.

    >>> is_outlet("AZERTAC"), is_outlet("1news.az"), is_outlet("Вестник Кавказа"), is_outlet("SOCAR"), is_outlet(None)
    (True, True, True, False, False)
    """
    if not isinstance(name, str) or not name.strip():
        return False
    return outlet_named(name)["reliability"] is not None or any(
        row["outlet"].lower() == name.strip().lower() for row in _outlets().table)


def mentioned_outlets(text: str) -> tuple[str, ...]:
    """Return the canonical names of all outlets mentioned in *text*, in order of first mention."""
    return _outlet_info(text)[1]


def detect_outlet(text: str) -> dict | None:
    """Return the article's outlet: the first outlet named in an attribution context, else None.

    The dict has ``outlet``, ``country``, ``type``, ``reliability``, ``grade_reason`` (from
    ``outlets.csv``) and ``evidence`` (the attribution phrase, e.g. ``'передает Report'``). A mere
    mention ("председатель правления АЗЕРТАДЖ") is not an attribution; nor is an unnamed source
    ("сообщили казахстанские медиа"). Cue words: ``analysis/data/lexicons/outlets_cues.yml``.
    """
    return _outlet_info(text)[0]


