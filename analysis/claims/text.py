"""Text helpers of the claims grammar: normalisation that keeps offsets, and clause boundaries."""

from __future__ import annotations

import re
from functools import lru_cache

from analysis.claims.grammar import _grammar

# Text helpers
# --------------------------------------------------------------------------------------------

# Space-like characters that normalise() turns into " ". A regex rather than str.translate: translate
# looks every character of a Cyrillic (non-ASCII) text up in its table, which made normalising the
# largest single cost of the register; a character class scans for the rare hits instead.
_SPACES = re.compile("[\u00a0\u2007\u2009\u202f\u200a\u2002\u2003\u2004\u2005\u2006\u2008"
                     "\u205f\u3000\t\n\r\x0b\x0c]")

# Fixed patterns of the grammar's inner loops, compiled once here rather than looked up in re's cache
# on every call (tens of thousands of look-ups on a large corpus).
_CASE_SUFFIX = re.compile(r"[-‑]([а-я]+)")  # after a number: "5-ти", "2-х" (cardinal) or "21-е" (ordinal)
_PAST_VERB = re.compile(r"[аеиоуыя]ли$|[аеиоуыя]ли(?:сь|ся)$")  # "подписали", "встретились"
_PAST_PLURAL = re.compile(r"[аеиоуыя]ли$")
_WORD_AFTER = re.compile(r"\s*[а-яёa-z]")  # a word continues after an abbreviation's dot
_KRATN_WORD = re.compile(r"[\w\s.,-]*?кратн\w*")  # the "-кратный" word of a multiplier adjective ("1,5-кратный")
_COMMA_CUT = re.compile(r",\s")  # where a long quote may be cut
_LEAD_PREPOSITION = re.compile(r"(?:с|со|к)\s+")
_YEAR = re.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)")
#: A numeral with more integer digits than this is no figure: a float cannot even hold it exactly (2**53
#: has 16 digits), so its value would be made up, and in the checks' arithmetic it overflows to infinity.
#: Scale words still reach any real amount ("1 500 трлн").
MAX_DIGITS = 15


def normalise(text: str) -> str:
    """Return *text* lower-cased, "ё" → "е", every space-like character → " ", SAME LENGTH as *text*.

    Offsets found in the normalised text are offsets into the original (the grammar relies on it).
    """
    low = text.lower()
    if len(low) != len(text):  # rare characters whose lower case is longer (e.g. "İ"): keep them
        low = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    return _SPACES.sub(" ", low.replace("ё", "е"))


_ROUTE_DASH = re.compile(r"\w\s[–—-]\s\w")
_NAME_BEFORE = re.compile(r"(?:^|\s)[А-ЯЁA-Z][\w-]*$")
_NAME_AFTER = re.compile(r"[А-ЯЁA-Z][\w-]*")


def _between_names(text: str, a: int, b: int) -> bool:
    """Is the dash at text[a:b] between two capitalised words (place names of a route)?"""
    return bool(_NAME_BEFORE.search(text[max(0, a - 40):a]) and _NAME_AFTER.match(text, b))


def clause_spans(text: str, norm: str | None = None) -> list[tuple[int, int]]:
    """Return the clauses of a sentence as (start, end) offsets covering *text* end to end.

    Boundaries (claims.yml): ';', a spaced dash not between digits, ': ', and a comma before а / но /
    при этом / однако / что / который… — plus sentence ends, in case *text* holds several sentences.
    *norm* is ``normalise(text)`` when the caller has it already (it is not computed twice).
    """
    g = _grammar()
    if norm is None:
        norm = normalise(text)
    cuts = {0, len(text)}
    for m in g["clause_boundary"].finditer(norm):
        if _ROUTE_DASH.fullmatch(text[max(0, m.start() - 1):m.end() + 1]) and _between_names(text, m.start(), m.end()):
            continue  # "Актау — Баку — Тбилиси — Джейхан": a route, not a clause break
        cuts.add(m.start())
        cuts.add(m.end())
    for m in g["sentence_boundary"].finditer(text):
        cuts.add(m.start())
        cuts.add(m.end())
    pts = sorted(cuts)
    # Separators become their own tiny "clauses"; drop the empty ones but keep coverage for lookups.
    return [(a, b) for a, b in zip(pts, pts[1:]) if b > a]


def _clause_of(spans: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    for a, b in spans:
        if a <= pos < b:
            return a, b
    return spans[-1] if spans else (0, 0)


# --------------------------------------------------------------------------------------------


@lru_cache(maxsize=256)
def _parentheses(text: str) -> tuple[tuple[int, int], ...]:
    """The (open, close) offsets of every matched parenthesis of *text*, innermost first."""
    opens: list[int] = []
    spans = []
    for i, ch in enumerate(text):
        if ch == "(":
            opens.append(i)
        elif ch == ")" and opens:
            spans.append((opens.pop(), i))
    return tuple(spans)


def _parenthesis_of(text: str, pos: int) -> tuple[int, int] | None:
    """The (open, close) offsets of the innermost parenthesis holding offset *pos*, None outside any."""
    return next(((a, b) for a, b in _parentheses(text) if a < pos < b), None)
