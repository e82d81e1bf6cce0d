"""The quantity grammar: every figure of one sentence with its value in base units, unit, qualifier and span.

The grammar is a list of named rules, applied in a fixed order (like razdel's rules):

* :data:`WORD_RULES` — passes over the whole sentence for multiplier words with no numeral ("втрое",
  "двукратный рост");
* :data:`TOKEN_RULES` — for every numeral left to right (digits, number words, lone scale words), each rule
  in turn either settles it (a figure is written or the numeral is dropped) or refines what the next rules
  see (scale, unit, qualifier) and passes it on.

Every figure records the rule that wrote it (:attr:`Quantity.rule`) and the rule that decided its qualifier
(:attr:`Quantity.qualifier_rule`); the claims register shows both in its ``why`` column.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from analysis.claims.grammar import _grammar
from analysis.claims.text import (
    _CASE_SUFFIX,
    _KRATN_WORD,
    _PAST_PLURAL,
    _PAST_VERB,
    _WORD_AFTER,
    MAX_DIGITS,
    _clause_of,
    clause_spans,
    normalise,
)
from analysis.nlp.syntax import parse

# --------------------------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Quantity:
    """One figure found in a text.

    ``start``/``end`` delimit the figure (number, scale word, unit; the "в" of "в пять раз"; a "$" before it)
    in the given text; ``value`` is in base units of ``unit`` (USD, t, t/yr, %, x, count, km, TEU, bit/s,
    or an extended unit); ``number`` is the numeral as written (before scale). ``noun`` is the counted noun
    of a count. ``to_level``: "до X" after a change verb (a level reached / to reach). ``range_role``:
    'low'/'high' for the ends of a range; ``change_range``: the range follows a change verb ("вырос с X до
    Y"). ``unit_from_context``: a bare amount ("до 1 млрд") that took the unit of another figure.
    ``rule``: the grammar rule that wrote the figure (a function name of this module); ``qualifier_rule``:
    how its qualifier was decided ("before:более", "no-word-before", "to-level:до", "range:до",
    "after:с лишним"). Neither takes part in comparisons.
    """

    start: int
    end: int
    text: str
    value: float
    unit: str
    qualifier: str = "exact"
    number: float = math.nan
    noun: str | None = None
    to_level: bool = False
    range_role: str | None = None
    change_range: bool = False
    unit_from_context: bool = False
    rule: str = field(default="", compare=False)
    qualifier_rule: str = field(default="", compare=False)


@dataclass
class _Tok:
    start: int
    end: int
    value: float
    kind: str  # 'digit' | 'word' | 'lone'
    year_like: bool = False
    after_hyphen: bool = False


@dataclass
class _Right:
    end: int            # end of everything consumed after the token
    scale: float = 1.0
    has_scale: bool = False
    unit: str | None = None
    unit_factor: float = 1.0
    skip: bool = False
    half: bool = False
    more: bool = False
    more_word: str | None = None  # the "с лишним" read when ``more``


# --------------------------------------------------------------------------------------------
# Numerals
# --------------------------------------------------------------------------------------------


def _number_tokens(text: str, norm: str) -> list[_Tok]:
    """Digit numbers, number-word phrases and lone scale words, left to right, excluding non-quantities."""
    g = _grammar()
    excluded = [(m.start(), m.end()) for m in g["exclusions"].finditer(norm)]
    toks = _digit_tokens(norm, g, excluded) + _word_tokens(text, norm, g) + _lone_scale_tokens(norm, g)
    toks.sort(key=lambda t: (t.start, -t.end))
    return toks


def _digit_tokens(norm: str, g: dict, excluded: list[tuple[int, int]]) -> list[_Tok]:
    """Every run of digits that reads as a number (not a date, time, phone, name or ordinal)."""
    toks: list[_Tok] = []
    for m in g["digits"].finditer(norm):
        s = m.start()
        if any(s < b and a < m.end() for a, b in excluded):
            continue
        left = _digit_left(norm, s)
        if left is None:
            continue
        e = _digit_end(norm, m.end(), g)
        if e is None:
            continue
        raw = m.group(1).replace(" ", "").replace(".", "")
        if len(raw.lstrip("0")) > MAX_DIGITS:
            continue
        if m.group(3) == "000" and len(raw) <= 3 and raw.lstrip("0"):
            # "протяженностью 2,000км": a thousands separator, as no decimal is written with three zeros
            value = float(raw + "000")
            year_like = False
        elif m.group(3):
            # a single "," or "." before the fraction is a decimal mark ("1,5 млн", "1.5")
            value = float(raw + "." + m.group(3))
            year_like = False
        else:
            value = float(raw)
            year_like = len(m.group(1)) == 4 and 1000 <= value <= 2100
        toks.append(_Tok(s, e, value, "digit", year_like, left))
    return toks


def _digit_left(norm: str, s: int) -> bool | None:
    """What the text before a digit run at *s* says: None when it is part of a name, else "after a hyphen"."""
    prev = norm[s - 1] if s > 0 else " "
    if prev.isalpha() or prev in "№#_/^":
        return None  # "СОР29", "С6", "№ 5", "24/7", "a_1", LaTeX "$x^2$"
    if prev == "+" and s >= 2 and norm[s - 2].isalnum():
        return None  # "С5+1", "3+3" are format names
    if prev in ".," and s >= 2 and norm[s - 2].isdigit():
        return None  # tail of "1.2.3" or "192.168…"
    if prev in "-‑–—":
        before = norm[s - 2] if s >= 2 else " "
        if before.isalpha():
            return None  # "COP-29", "Ту-154"
        if before.isdigit() or (before == " " and s >= 3 and norm[s - 3].isdigit()):
            return True
    return False


def _digit_end(norm: str, e: int, g: dict) -> int | None:
    """End of a digit run ending at *e*, with a cardinal case ending ("5-ти"); None when it is no number."""
    nxt = norm[e] if e < len(norm) else " "
    if nxt.isalpha():
        # "50млн", "10км" are fine; "1news", "5g" are names.
        if not (any(rx.match(norm, e) for rx, _f in g["scales"])
                or any(rx.match(norm, e) and not sk for rx, _u, _f, sk in g["units"])):
            return None
    if nxt in "-‑" and e + 1 < len(norm) and norm[e + 1].isalpha():
        suffix = _CASE_SUFFIX.match(norm, e)
        suf = suffix.group(1) if suffix else ""
        if suf.startswith("кратн"):
            return None  # handled by the multiplier-adjective rule
        if suf not in ("ти", "ми", "х", "ух", "ех", "ью"):
            return None  # ordinal: "21-е", "5-й", "XII"-style numbering
        e = e + 1 + len(suf)  # cardinal case ending "5-ти", "2-х"
    return e


def _place(v: float) -> int:
    """Decimal place of a number word (0 units, 1 tens, 2 hundreds and up; -1 for a fraction)."""
    if v != int(v):
        return -1
    if v >= 100:
        return 2
    if v >= 20:
        return 1
    return 0


def _word_tokens(text: str, norm: str, g: dict) -> list[_Tok]:
    """Number words, merged into compounds ("двадцать пять", "сто пятьдесят")."""
    words = []
    for m in g["numword"].finditer(norm):
        orig = text[m.start():m.end()]
        if len(orig) > 1 and orig.isupper():
            continue  # acronym ("СТО")
        words.append((m.start(), m.end(), g["word_value"][m.group(0)]))
    toks: list[_Tok] = []
    i = 0
    while i < len(words):
        s, e, v = words[i]
        p = _place(v)
        j = i + 1
        while j < len(words) and p > 0:
            s2, e2, v2 = words[j]
            if norm[e:s2].strip() != "":
                break
            p2 = _place(v2)
            if p2 < 0 or p2 >= p:
                break
            v += v2
            e = e2
            p = p2
            j += 1
        toks.append(_Tok(s, e, v, "word"))
        i = j
    return toks


def _lone_scale_tokens(norm: str, g: dict) -> list[_Tok]:
    """Scale words standing for a number ("миллиард долларов")."""
    toks = []
    for m in g["lone_scale"].finditer(norm):
        fac = next(f for rx, f in g["lone_scale_factor"] if rx.fullmatch(m.group(1)))
        toks.append(_Tok(m.start(), m.end(), fac, "lone"))
    return toks


def _parse_right(norm: str, pos: int, limit: int) -> _Right:
    """Parse "с половиной", a scale word and a unit after a number ending at *pos* (not past *limit*)."""
    g = _grammar()
    r = _Right(end=pos)
    m = g["half"].match(norm, pos)
    if m and m.end() <= limit:
        r.half = True
        r.end = m.end()
    m = g["more_than_after"].match(norm, r.end)
    if m and m.end() <= limit:
        r.more = True  # "500 с лишним тонн"
        r.more_word = m.group(0).strip()
        r.end = m.end()
    for rx, fac in g["scales"]:
        m = rx.match(norm, r.end)
        if m and m.end() <= limit:
            r.scale, r.has_scale, r.end = fac, True, m.end()
            break
    for rx, unit, fac, skip in g["units"]:
        m = rx.match(norm, r.end)
        if m and m.end() <= limit:
            r.unit, r.unit_factor, r.skip, r.end = unit, fac, skip, m.end()
            break
    return r


# --------------------------------------------------------------------------------------------
# Qualifiers, per-period units, counted nouns, currency signs
# --------------------------------------------------------------------------------------------


#: "чем" right after a comma at the start of the figure's clause ("более, чем в 7 раз").
_COMMA_THAN = re.compile(r"^\s*чем\s+(?:на|в|во|до|с|со|от)?\s*$")


def _qualifier_before(norm: str, clause_start: int, pos: int) -> tuple[str, str | None]:
    """Return (qualifier, the word written) for the text right before *pos* within its clause."""
    g = _grammar()
    left = norm[max(clause_start, pos - 60):pos]
    if _COMMA_THAN.search(left):  # "вырос более, чем в 7 раз": the comma before "чем" opens no clause
        left = norm[max(0, pos - 60):pos]
    m = g["qualifier"].search(left)
    if not m:
        return "exact", None
    word = m.group(1)
    for rx, name in g["qual_rx"]:
        if rx.fullmatch(word):
            return name, word
    return "exact", None


def _qualifier_rule(word: str | None) -> str:
    """The ``qualifier_rule`` of a qualifier read by :func:`_qualifier_before`."""
    return f"before:{word}" if word is not None else "no-word-before"


#: An earlier "до <number>" of the same list ("…до 6 млн тонн, а к 2027 году - до 7,2 млн").
_LISTED_TO = re.compile(r"(?<!\w)до\s+(?=\d)")

#: Places joined by dashes, counted as one word between a change verb and its "до".
_ROUTE_WORDS = re.compile(r"\w+(?:\s*[—–-]\s*\w+)+")

#: The start level of a change written between its verb and "до" ("с 259 долларов в 2023 году").
_FROM_LEVEL = re.compile(r"(?:с|со|от)\s+[\d.,]+(?:\s+\S+){0,5}$")


#: The most words between a change verb and its "до" ("нарастить объем экспорта нефти по маршруту … до").
_TO_LEVEL_GAP = 6


#: A change's size, then a dash and "до" with no other figure between: "в два раза к уровню 2021 года — до".
_CHANGE_BEFORE_DASH = re.compile(r"(?:в\s+\S+\s+раз\w*|на\s+[\d,.]+\s*(?:%|процент\w*))(?:[^\d.;]|\d{4}\s+год\w*){0,40}[–—-]\s*до\s*$")


def _to_level_before(norm: str, pos: int, clause_start: int) -> bool:
    """True when a change verb/noun governs the "до" before *pos*: the level reached / to reach.

    At most four words between them ("нарастить объем взаимной торговли до") and no other past-tense verb in
    between ("в условиях роста цен компании закупили до 5 млн тонн" stays an upper bound); or a change
    amount right before "до", its verb elided in a list ("с Казахстаном – в 3,2 раза, до 547,6 млн").
    """
    window = norm[max(clause_start, pos - 100):pos]
    if window.strip() == "до":  # "вырос в 1,9 раза - до 66,1 млн": the change is across the dash
        window = norm[max(0, pos - 60):pos]
        listed = list(_LISTED_TO.finditer(window))
        if listed and listed[-1].end() < len(window) - 4:
            # "с увеличением в 2026 году до 6 млн тонн, а к 2027 году - до 7,2 млн": a list of levels reached
            return _to_level_before(norm, max(0, pos - 60) + listed[-1].end(), 0)
        if _CHANGE_BEFORE_DASH.search(window):
            return True  # "рост … в два раза к уровню 2021 года — до 50 тыс. ДФЭ": the level the change reaches
    if _grammar()["to_level_after_change"].search(window.rstrip()):
        return True
    ms = list(_grammar()["to_level"].finditer(window))
    if not ms:
        return False
    # "Актау — Баку — Джейхан": one name; a gloss in brackets ("(БТД)") is no word between
    between = _ROUTE_WORDS.sub("route", re.sub(r"\([^()]*\)", " ", window[ms[-1].end():])).split()
    if between and between[-1] in ("до", "с", "со", "от"):
        between = between[:-1]
    if len(between) > 4 and _FROM_LEVEL.match(" ".join(between)):
        return True  # "упала с 259 долларов в 2023 году до 216 долларов": from one level to another
    return len(between) <= _TO_LEVEL_GAP and not any(_PAST_PLURAL.search(w) for w in between)


def _apply_per_period(norm: str, unit: str, unit_end: int, num_start: int,
                      clause: tuple[int, int]) -> str:
    """The per-year / per-day unit of a flow ("7 млн т в год" → t/yr, "ежегодно … 1,5 млн тонн"), else *unit*."""
    g = _grammar()
    if unit in g["per_year_units"] or unit in g["per_day_units"]:
        after = norm[unit_end:min(clause[1], unit_end + g["per_year_window"])]
        if unit in g["per_day_units"] and g["per_day_after"].search(after):
            return g["per_day_units"][unit]
        before = norm[max(clause[0], num_start - g["per_year_window"]):num_start]
        if unit in g["per_year_units"] and (g["per_year_after"].search(after) or g["per_year_before"].search(before)):
            return g["per_year_units"][unit]
    return unit


#: A size written in digits before a counted noun: "40-футовых", "20-тонных".
_SIZE_ADJECTIVE = re.compile(r"\s+\d+-[а-яё]+(?:ых|их|ого|ой|ые|ий|ый)\b")


def _counted_noun(text: str, norm: str, pos: int, limit: int) -> tuple[str | None, str]:
    """Return (noun, next-two-words) after *pos*, or (None, '') when no plain noun follows."""
    g = _grammar()
    size = _SIZE_ADJECTIVE.match(norm, pos)
    if size and size.end() < limit:
        pos = size.end()  # "62 40-футовых контейнеров": the size of what is counted, then the noun
    m = g["noun"].match(norm, pos)
    if not m or m.end() > limit:
        return None, ""
    if not text[m.start(1)].islower():
        return None, ""  # a capitalised word is a name, not a counted noun
    if g["time_noun"].match(norm, pos):
        return None, ""
    noun = m.group(1)
    if g["stop_noun"].fullmatch(noun) or _PAST_VERB.search(noun):
        return None, ""  # a rank/function word, or a past-tense verb ("5 подписали")
    m2 = g["noun"].match(norm, m.end())
    two = noun + (" " + m2.group(1) if m2 and m2.end() <= limit else "")
    return noun, two


def _prefix_currency(norm: str, pos: int, clause_start: int) -> str | None:
    g = _grammar()
    left = norm[max(clause_start, pos - 6):pos]
    for rx, unit in g["prefix_cur"]:
        if rx.search(left):
            return unit
    return None


def _prefix_currency_start(norm: str, pos: int, clause_start: int) -> int:
    g = _grammar()
    left = norm[max(clause_start, pos - 6):pos]
    base = max(clause_start, pos - 6)
    for rx, _unit in g["prefix_cur"]:
        m = rx.search(left)
        if m:
            return base + m.start()
    return pos


# --------------------------------------------------------------------------------------------
# The state of one pass
# --------------------------------------------------------------------------------------------


@dataclass
class _Scan:
    """One pass of the grammar over a sentence: its text, clauses, numerals and the figures written so far."""

    text: str
    norm: str
    g: dict
    clauses: list[tuple[int, int]]
    toks: list[_Tok]
    out: list[Quantity] = field(default_factory=list)
    bare: list[int] = field(default_factory=list)  # indices in `out` of bare amounts awaiting a context unit
    consumed: int = 0  # end of the text read by the last figure
    i: int = 0  # index in `toks` of the next numeral to read

    def make(self, rule: str, s: int, e: int, value: float, unit: str | None, **kw) -> Quantity:
        """A figure over text[s:e] (without a sentence-final abbreviation dot: "до 1 млрд.")."""
        if self.text[e - 1:e] == "." and not _WORD_AFTER.match(self.text, e):
            e -= 1
        # "4,1 млн" is 4,100,000, not the 4099999.9999999995 that 4.1 × 10⁶ gives in binary floating point
        value = float(f"{value:.15g}")
        return Quantity(s, e, self.text[s:e], value, unit, rule=rule, **kw)  # type: ignore[arg-type]

    def emit(self, rule: str, s: int, e: int, value: float, unit: str | None, **kw) -> None:
        """Write a figure; one without a unit waits for the unit of another figure (a bare amount)."""
        self.out.append(self.make(rule, s, e, value, unit, **kw))
        if unit is None:
            self.bare.append(len(self.out) - 1)

    def qualifier(self, clause_start: int, pos: int) -> tuple[str, str]:
        """(qualifier, qualifier_rule) of a figure starting at *pos*."""
        qual, word = _qualifier_before(self.norm, clause_start, pos)
        return qual, _qualifier_rule(word)


@dataclass
class _Range:
    """The high end of a range "с X до Y" / "X–Y" found after a numeral."""

    how: str  # 'do' | 'dash'
    sep: re.Match  # the "до" or the dash
    rpre: re.Match | None  # "с" / "от" before the low end
    hi: _Tok
    r2: _Right
    hi_num: float


@dataclass
class _Cand:
    """A numeral being read by the token rules, with what the rules so far made of it."""

    t: _Tok
    cl: tuple[int, int]
    r: _Right
    number: float
    scaled: float
    left_text: str
    vpre: re.Match | None  # the "в" of "в пять раз"
    start: int = 0
    unit: str | None = None
    fac: float = 1.0
    qual: str = "exact"
    qword: str | None = None
    qrule: str = "no-word-before"
    to_level: bool = False
    partner: _Range | None = None
    partner_read: bool = False

    @property
    def limit(self) -> int:
        return self.cl[1]

    def v_start(self) -> int:
        """Start of the "в" of "в пять раз" before the numeral."""
        v = self.vpre
        return self.t.start - len(v.group(0)) + v.group(0).index(v.group(1))


def _candidate(s: _Scan, t: _Tok) -> _Cand:
    cl = _clause_of(s.clauses, t.start)
    r = _parse_right(s.norm, t.end, cl[1])
    number = t.value + (0.5 if r.half else 0.0)
    left_text = s.norm[max(cl[0], t.start - 12):t.start]
    return _Cand(t, cl, r, number, number * r.scale, left_text, s.g["v_prefix"].search(left_text), t.start)


def _range_partner(s: _Scan, c: _Cand) -> _Range | None:
    """The high end of a range starting at the candidate ("с 0,8 до 4,5", "5–7"), read once."""
    if c.partner_read:
        return c.partner
    c.partner_read = True
    g, r = s.g, c.r
    rng = None
    rpre = g["range_prefix"].search(c.left_text)
    if rpre:
        md = g["range_do"].match(s.norm, r.end)
        if md:
            rng = (md, "do")
    if rng is None and c.t.kind == "digit":
        md = g["range_dash"].match(s.norm, r.end)
        if md and not r.unit:
            rng = (md, "dash")
    if rng is None:
        return None
    md, how = rng
    nxt = next((u for u in s.toks[s.i:] if u.start == md.end()), None)
    if nxt is None or nxt.kind == "lone" or not (how == "do" or nxt.kind == "digit"):
        return None
    r2 = _parse_right(s.norm, nxt.end, c.limit)
    c.partner = _Range(how, md, rpre, nxt, r2, nxt.value + (0.5 if r2.half else 0.0))
    return c.partner


# --------------------------------------------------------------------------------------------
# Rules over the whole sentence: multiplier words without a numeral
# --------------------------------------------------------------------------------------------


def multiplier_adverb(s: _Scan) -> list[Quantity]:
    """A multiplier adverb: "сокращая время перевозок почти вдвое", "втрое больше"."""
    out = []
    for m in s.g["adverb"].finditer(s.norm):
        cl = _clause_of(s.clauses, m.start())
        qual, qrule = s.qualifier(cl[0], m.start())
        v = s.g["adverb_value"][m.group(0)]
        out.append(s.make("multiplier_adverb", m.start(), m.end(), v, "x", qualifier=qual, number=v,
                          qualifier_rule=qrule))
    return out


def multiplier_adjective(s: _Scan) -> list[Quantity]:
    """A multiplier adjective before a change noun: "двукратный рост", "1,5-кратное увеличение"."""
    out = []
    for m in s.g["adjective"].finditer(s.norm):
        cl = _clause_of(s.clauses, m.start())
        if m.group("d"):
            if len(re.split("[.,]", m.group("d"))[0].lstrip("0")) > MAX_DIGITS:
                continue  # (see MAX_DIGITS)
            v = float(m.group("d").replace(",", "."))
        else:
            v = s.g["adj_value"][next(k for k in s.g["adj_value"] if m.group(1).startswith(k))]
        end = _KRATN_WORD.match(s.norm, m.start()).end()
        qual, qrule = s.qualifier(cl[0], m.start())
        out.append(s.make("multiplier_adjective", m.start(), end, v, "x", qualifier=qual, number=v,
                          qualifier_rule=qrule))
    return out


# --------------------------------------------------------------------------------------------
# Rules over each numeral. Each returns True when it settled the numeral (a figure was written or the
# numeral dropped), False to pass it, possibly refined, to the next rule.
# --------------------------------------------------------------------------------------------


def skipped_unit(s: _Scan, c: _Cand) -> bool:
    """A unit read only so as not to misread it is no figure: "на 2 процентных пункта", "100 кв. км"."""
    if c.r.skip:
        s.consumed = c.r.end
        return True
    return False


def lone_scale_needs_unit(s: _Scan, c: _Cand) -> bool:
    """A lone scale word is a number only right before a unit: "миллиард долларов", not "миллион тысяч"."""
    return c.t.kind == "lone" and (c.r.has_scale or c.r.unit is None)


def compound_amount(s: _Scan, c: _Cand) -> bool:
    """Smaller amounts add up into one: "1 млрд 200 млн долларов", "1 миллион 292 тысячи 26 тонн", "9 тыс. 811 единиц"."""
    r = c.r
    while r.has_scale and r.unit is None:
        nxt = next((u for u in s.toks[s.i:] if u.start >= r.end), None)
        if nxt is None or s.norm[r.end:nxt.start].strip() or nxt.kind == "lone":
            break
        r2 = _parse_right(s.norm, nxt.end, c.limit)
        # "9 тыс. 811 единиц", "21 тыс. 62 железнодорожных вагона"
        counted = r2.unit is None and _counts_a_thing(" ".join(s.norm[r2.end:].split()[:2]))
        last = not r2.has_scale and (r2.unit is not None or counted) and nxt.value < r.scale and nxt.kind == "digit"
        if not ((r2.has_scale and r2.scale < r.scale) or last):
            break  # a smaller amount with a unit ends it: "1 миллион 292 тысячи 26 тонн", "495 тыс. 611,5 тонн"
        c.scaled += (nxt.value + (0.5 if r2.half else 0.0)) * r2.scale
        r = _Right(end=r2.end, scale=r2.scale, has_scale=True, unit=r2.unit, unit_factor=r2.unit_factor,
                   skip=r2.skip)
        s.i = s.toks.index(nxt) + 1
    c.r = r
    return False


def multiplier_v_n_raz(s: _Scan, c: _Cand) -> bool:
    """A multiplier "в N раз": "в пять раз", "в 1,5 раза", "более чем в два раза"."""
    r = c.r
    mraz = s.g["raz"].match(s.norm, r.end) if not (r.has_scale or r.unit) else None
    if not (mraz and c.vpre and mraz.end() <= c.limit):
        return False
    s0 = c.v_start()
    qual, qrule = s.qualifier(c.cl[0], s0)
    s.emit("multiplier_v_n_raz", s0, mraz.end(), c.number, "x", qualifier=qual, number=c.number,
           qualifier_rule=qrule)
    s.consumed = mraz.end()
    return True


def multiplier_range(s: _Scan, c: _Cand) -> bool:
    """Both ends of a multiplier range: "в 1,5–2 раза"."""
    p = _range_partner(s, c)
    if p is None or p.how != "dash" or not c.vpre or c.r.has_scale:
        return False
    mraz2 = s.g["raz"].match(s.norm, p.r2.end) if not (p.r2.has_scale or p.r2.unit) else None
    if not (mraz2 and mraz2.end() <= c.limit):
        return False
    s0 = c.v_start()
    qual, qrule = s.qualifier(c.cl[0], s0)
    s.emit("multiplier_range", s0, c.r.end, c.number, "x", qualifier=qual, number=c.number, range_role="low",
           qualifier_rule=qrule)
    s.emit("multiplier_range", p.hi.start, mraz2.end(), p.hi_num, "x", qualifier=qual, number=p.hi_num,
           range_role="high", qualifier_rule=qrule)
    s.consumed = mraz2.end()
    s.i = s.toks.index(p.hi) + 1
    return True


def range_from_to(s: _Scan, c: _Cand) -> bool:
    """Both ends of a range: "с 0,8 до 4,5 млн тонн", "от 5 до 7%", "5–7%" (a shared unit and scale)."""
    p = _range_partner(s, c)
    if p is None:
        return False
    t, r, r2, cl = c.t, c.r, p.r2, c.cl
    cur_hi = _prefix_currency(s.norm, p.sep.end(), cl[0])
    cur_lo = _prefix_currency(s.norm, t.start, cl[0])
    unit_hi = r2.unit or cur_hi or cur_lo
    fac_hi = r2.unit_factor if r2.unit else 1.0
    if r2.skip or not (unit_hi or r.unit or r2.has_scale) or (t.year_like and p.hi.year_like and not unit_hi):
        return False
    lo_start = t.start - (len(p.rpre.group(0)) - p.rpre.group(0).index(p.rpre.group(1))) if p.rpre else t.start
    q_both, word = _qualifier_before(s.norm, cl[0], lo_start)
    qrule = _qualifier_rule(word)
    if q_both == "up_to":
        q_both, qrule = "exact", f"range:{word}"  # "до" belongs to the range
    unit_lo = r.unit or cur_lo or unit_hi
    fac_lo = r.unit_factor if r.unit else fac_hi
    scale_lo = r.scale
    drop_low = False
    if not r.has_scale and r2.has_scale:
        if c.number < p.hi_num:
            scale_lo = r2.scale  # "с 0,8 до 4,5 млн тонн": the scale is shared
        else:
            drop_low = True  # "с 900 до 1,2 млрд": the low end's scale is unknowable
    # "вырос на 450-500 процентов": a range of the change's size, not the levels it went from and to
    by = re.search(r"(?<!\w)на\s+(?:\w+\s+){0,1}$", s.norm[max(cl[0], lo_start - 20):lo_start])
    kw = {"qualifier": q_both, "change_range": not by and _to_level_before(s.norm, lo_start, cl[0]), "qualifier_rule": qrule}
    hi_end = r2.end
    lo_unit = _apply_per_period(s.norm, unit_lo, hi_end, t.start, cl) if unit_lo else None
    hi_unit = _apply_per_period(s.norm, unit_hi, hi_end, t.start, cl) if unit_hi else None
    if not drop_low:
        s.emit("range_from_to", lo_start, r.end, c.number * scale_lo * fac_lo, lo_unit, number=c.number,
               range_role="low", **kw)
    hi_start = _prefix_currency_start(s.norm, p.hi.start, p.sep.start()) if cur_hi else p.hi.start
    s.emit("range_from_to", hi_start, hi_end, p.hi_num * r2.scale * fac_hi, hi_unit, number=p.hi_num,
           range_role="high", **kw)
    s.consumed = hi_end
    s.i = s.toks.index(p.hi) + 1
    return True


def currency_prefix(s: _Scan, c: _Cand) -> bool:
    """A currency sign before the number is its unit and part of the figure: "$1 млрд", "€ 5 млн"."""
    cur = _prefix_currency(s.norm, c.t.start, c.cl[0])
    c.start = _prefix_currency_start(s.norm, c.t.start, c.cl[0]) if cur else c.t.start
    c.unit, c.fac = c.r.unit, c.r.unit_factor
    if cur and (c.unit is None or c.unit == cur):
        c.unit, c.fac = cur, 1.0
    return False


def qualifier_word_before(s: _Scan, c: _Cand) -> bool:
    """The qualifier written right before the figure: "около 250 компаний", "свыше 533 млн долларов"."""
    c.qual, c.qword = _qualifier_before(s.norm, c.cl[0], c.start)
    c.qrule = _qualifier_rule(c.qword)
    return False


def _to_level_by_parse(text: str, start: int) -> bool:
    """Does the parse hang the phrase "до <figure>" at character *start* on a change verb or noun, however far
    away ("увеличить объём транспортировки … по трубопроводу «Баку — Тбилиси — Джейхан» (БТД) до семи
    миллионов тонн")?"""
    tokens = parse(text)
    t = next((x for x in tokens if x.stop > start), None)
    for _ in range(4):
        if t is None or t.head < 0:
            return False
        if any(x.head == t.i and x.rel == "case" and x.lemma == "до" for x in tokens):
            return bool(_grammar()["to_level"].search(tokens[t.head].lemma))
        t = tokens[t.head]
    return False


def to_level_do(s: _Scan, c: _Cand) -> bool:
    """"до X" after a change verb is the level reached, not a bound: "увеличить товарооборот до $1 млрд"."""
    if c.qual == "up_to" and c.qword == "до" and _to_level_before(s.norm, c.start, c.cl[0]):
        c.qual, c.to_level, c.qrule = "exact", True, "to-level:до"
    elif c.qual == "up_to" and c.qword == "до" and _to_level_by_parse(s.text, c.start):
        c.qual, c.to_level, c.qrule = "exact", True, "to-level-by-parse:до"
    return False


def more_than_after(s: _Scan, c: _Cand) -> bool:
    """"с лишним" after the number or unit makes it a lower bound: "500 с лишним тонн", "1 млн тонн с небольшим"."""
    if c.r.more:
        c.qual, c.qrule = "more_than", f"after:{c.r.more_word}"
        return False
    m = s.g["more_than_after"].match(s.norm, c.r.end)
    if m:
        c.qual, c.qrule = "more_than", f"after:{m.group(0).strip()}"
    return False


def per_year_flow(s: _Scan, c: _Cand) -> bool:
    """A volume with "в год" after it or "ежегодно" before it is a flow: "7 млн т в год" → t/yr."""
    if c.unit is not None:
        c.unit = _apply_per_period(s.norm, c.unit, c.r.end, c.start, c.cl)
    return False


def figure_with_unit(s: _Scan, c: _Cand) -> bool:
    """A number with a unit (after it or a currency sign before it): "450 миллионов долларов", "85%"."""
    if c.unit is None:
        return False
    s.emit("figure_with_unit", c.start, c.r.end, c.scaled * c.fac, c.unit, qualifier=c.qual, number=c.number,
           to_level=c.to_level, qualifier_rule=c.qrule)
    s.consumed = c.r.end
    return True


_DAYS_RANGE_LOW = re.compile(r"(?<![\d,.])(\d{1,3})\s*[-–—]\s*$")
_TIME_OF_THE_SENTENCE = re.compile(r"(?:\bза|\(|\s[—–-])\s*(?:около|порядка|примерно|более|менее|свыше)?\s*$")
_DAYS_FROM = re.compile(r"(?<!\w)с\s+(\d{1,3})\s+до\s*$")


def transit_days(s: _Scan, c: _Cand) -> bool:
    """A delivery or transit time in days or hours is a figure, other durations are not: "срок доставки составил 16 дней"."""
    # "за 12 дней" or "(17 дней)" in a sentence about delivery is one even in a clause of its own
    if c.r.has_scale or c.r.unit is not None:
        return False
    m, unit = s.g["days"].match(s.norm, c.r.end), "day"
    if not m:
        m, unit = s.g["hours"].match(s.norm, c.r.end), "hour"
    if not (m and m.end() <= c.limit):
        return False
    low = _DAYS_RANGE_LOW.search(s.norm, max(0, c.start - 8), c.start)  # "за 8-10 дней": two figures
    low = low or _DAYS_FROM.search(s.norm, max(0, c.start - 24), c.start)  # "сократился с 20 до 12 дней"
    first = low.start(1) if low else c.start
    lead = s.norm[max(0, first - 24):first]
    # "за 12 дней", "(17 дней)", "…, а по морскому маршруту — 45-55 дней": one of the sentence's times
    scope = (0, len(s.norm)) if _TIME_OF_THE_SENTENCE.search(lead) else c.cl
    if not s.g["transit_cue"].search(s.norm[scope[0]:scope[1]]):
        return False
    if low:
        s.emit("transit_days", low.start(1), low.end(1), float(low.group(1)), unit, qualifier=c.qual,
               number=float(low.group(1)), range_role="low", qualifier_rule=c.qrule)
    s.emit("transit_days", c.start, m.end(), c.scaled, unit, qualifier=c.qual, number=c.number,
           qualifier_rule=c.qrule, range_role="high" if low else None)
    s.consumed = m.end()
    return True


def year_is_no_figure(s: _Scan, c: _Cand) -> bool:
    """A year is a date, not a figure: "в 2025 году", "2024 году", "с 2020 по 2025"."""
    if not c.t.year_like or c.r.has_scale:
        return False
    # "отправлять 1000 контейнерных блок-поездов": a number of things counted is no year
    return not _counts_a_thing(_counted_noun(s.text, s.norm, c.r.end, c.limit)[1])


def frequency_is_no_figure(s: _Scan, c: _Cand) -> bool:
    """"N раз в неделю" is a frequency, and "1,5–2 раза" without "в" is unreadable: "4 раза в неделю"."""
    mraz = s.g["raz"].match(s.norm, c.r.end)
    return bool(mraz and mraz.end() <= c.limit
                and (c.t.after_hyphen or s.g["frequency"].match(s.norm, mraz.end())))


def _counts_a_thing(two: str) -> bool:
    """Do the (up to) two words after a number name a countable thing, the first or the one an adjective
    leads to ("составов", "грузовых составов", "контейнерных блок-поездов")?"""
    countable = _grammar()["countable"]
    words = two.split()
    return bool(words) and (bool(countable.match(words[0])) or
                            (len(words) > 1 and bool(_ADJECTIVE.fullmatch(words[0])) and bool(countable.search(words[1]))))


_AFTER_PREPOSITION = re.compile(r"(?<!\w)(?:по|в|во|на|с|со|между|из|для|к|о|об|при)\s+$")
_ADJECTIVE = re.compile(r"[а-яё-]+(?:ых|их|ой|ей|ый|ий|ое|ее|ая|яя|ые|ие|ого|его|ому|ему|ым|им)")


def count_before_countable_noun(s: _Scan, c: _Cand) -> bool:
    """A count of things or occasions: "около 250 компаний", "15 документов", "более десяти раз"."""
    mraz = s.g["raz"].match(s.norm, c.r.end)
    if mraz and mraz.end() <= c.limit:
        noun, two = mraz.group(1), mraz.group(1)
    else:
        noun, two = _counted_noun(s.text, s.norm, c.r.end, c.limit)
    if noun is None:
        return False
    if c.t.kind == "word" and c.number == 1 and re.search(r"(?<!\w)ещ[её]\s+$", s.norm[max(0, c.start - 6):c.start]):
        return True  # "ушел еще один поезд": another one, not a count
    loose = c.number != 1 and not _AFTER_PREPOSITION.search(s.norm[max(0, c.start - 8):c.start])
    if c.t.kind == "word" and c.qual == "exact" and not (_counts_a_thing(two) if loose else s.g["countable"].match(two)):
        # an adjective between counts only after a number that is no article ("Еще один важный проект") and
        # no preposition's object ("по двум трубопроводным маршрутам")
        return True  # "между двумя странами", "главы двух стран" count nothing
    if s.g["to_level"].search(noun):
        return True  # "5 выросло" is not a counted thing
    s.emit("count_before_countable_noun", c.start, c.r.end, c.scaled, "count", qualifier=c.qual,
           number=c.number, noun=noun, to_level=c.to_level, qualifier_rule=c.qrule)
    s.consumed = c.r.end
    return True


def bare_amount(s: _Scan, c: _Cand) -> bool:
    """An amount with a scale word and no unit takes a unit from the sentence later: "до 1 млрд"."""
    if not (c.r.has_scale and c.t.kind != "lone"):
        return False
    s.emit("bare_amount", c.start, c.r.end, c.scaled, None, qualifier=c.qual, number=c.number,
           to_level=c.to_level, qualifier_rule=c.qrule)
    s.consumed = c.r.end
    return True


#: A list item right before a bare number: "…, из Узбекистана – 35 222", "(из Казахстана – 167 052, Туркменистана –".
LIST_ITEM = re.compile(r"[,(;]\s*(?:(?:из|в|во|с|со|на|для)\s+)?[а-яё]+(?:\s+[а-яё]+)?\s*[–—-]\s*$")


#: A base named by its period, then a bracket: "…аналогичного показателя 2023 года (", "…того же периода (".
_BRACKETED_BASE = re.compile(r"(?:период\w*|показател\w*|уровн\w*|год\w*)\s*\(\s*$")

#: An item whose noun and verb are left out, before a dash: "…, а 1897 — по маршруту Курык—Алят",
#: "из них 104 — транзитные".
_ELIDED_ITEM = re.compile(r"(?:,\s*(?:а|и)|из них|из которых|в том числе)\s*$")


def listed_amount(s: _Scan, c: _Cand) -> bool:
    """A list's item after a dash, or its noun left out, takes a unit before it: "…, из Узбекистана – 35 222"."""
    # (an item with its noun left out before a dash: "265 поездов, из них 104 — транзитные")
    before = s.norm[max(0, c.t.start - 40):c.t.start]
    elided = _ELIDED_ITEM.search(before) and re.match(r"\s*[–—-]", s.norm[c.r.end:])
    # (a base's level in brackets: "на 46,55 процента больше аналогичного показателя 2023 года (232 567)")
    base = _BRACKETED_BASE.search(before) and re.match(r"\s*\)", s.norm[c.r.end:])
    if c.r.has_scale or c.number < 10 or not (LIST_ITEM.search(before) or elided or base):
        return False
    s.emit("listed_amount", c.start, c.r.end, c.scaled, None, qualifier=c.qual, number=c.number,
           to_level=c.to_level, qualifier_rule=c.qrule)
    s.consumed = c.r.end
    return True


#: "Число туристов из Казахстана составило 4 352": the number of a countable thing, told with its verb.
_NUMBER_OF = re.compile(r"(?<!\w)(?:число|количество|численность)\s+[а-яё]+[^.;:!?]{0,60}?\s"
                        r"(?:составил\w*|достиг\w*|превысил\w*|насчитыва\w*)\s+(?:более\s+|свыше\s+|около\s+|почти\s+)?$")


def number_of_things(s: _Scan, c: _Cand) -> bool:
    """A bare number after "число … составило" counts what it is of: "число туристов составило 4 352"."""
    if c.r.has_scale or c.r.unit is not None or c.number < 2 or not _NUMBER_OF.search(s.norm[max(0, c.t.start - 100):c.t.start]):
        return False
    s.emit("number_of_things", c.start, c.r.end, c.scaled, "count", qualifier=c.qual, number=c.number,
           qualifier_rule=c.qrule)
    s.consumed = c.r.end
    return True


def bare_number_is_no_figure(s: _Scan, c: _Cand) -> bool:
    """A bare number without a scale word or counted noun is not a figure we can read: "составил 250."."""
    return True


#: The rules over the whole sentence, in order (their figures are kept apart from the numerals' figures).
WORD_RULES: tuple[Callable[[_Scan], list[Quantity]], ...] = (multiplier_adverb, multiplier_adjective)

#: The rules over each numeral, in the order they are tried (the first that returns True settles it).
TOKEN_RULES: tuple[Callable[[_Scan, _Cand], bool], ...] = (
    skipped_unit,
    lone_scale_needs_unit,
    compound_amount,
    multiplier_v_n_raz,
    multiplier_range,
    range_from_to,
    currency_prefix,
    qualifier_word_before,
    to_level_do,
    more_than_after,
    per_year_flow,
    figure_with_unit,
    transit_days,
    year_is_no_figure,
    frequency_is_no_figure,
    count_before_countable_noun,
    bare_amount,
    number_of_things,
    listed_amount,
    bare_number_is_no_figure,
)


# --------------------------------------------------------------------------------------------
# The grammar
# --------------------------------------------------------------------------------------------


def extract_quantities(text: str) -> list[Quantity]:
    """Return every quantity in *text* (one sentence), left to right.

    Values are in base units: USD (money in dollars), t / t/yr (tonnes), '%' (percent, as written: 40.0),
    'x' (multiplier), 'count', 'km', 'TEU', 'bit/s', plus extended units (see module docstring).
    Pure function: no time expressions, no indicators — those are added by :func:`claims_register`.
    """
    if not text or not isinstance(text, str):
        return []
    return _quantities(text, normalise(text))[0]


def _quantities(text: str, norm: str) -> tuple[list[Quantity], list[tuple[int, int]]]:
    """:func:`extract_quantities` on a sentence already normalised (*norm*), with its clause spans.

    The register needs both and would otherwise normalise the sentence and cut its clauses again.
    The clause list is empty when the sentence holds no candidate figure at all.
    """
    g = _grammar()
    # Most sentences hold no number at all: skip the clause and token analysis for them.
    if not g["candidate"].search(norm):
        return [], []
    clauses = clause_spans(text, norm)
    s = _Scan(text, norm, g, clauses, _number_tokens(text, norm))
    mult = [q for rule in WORD_RULES for q in rule(s)]
    mult_spans = [(q.start, q.end) for q in mult]
    while s.i < len(s.toks):
        t = s.toks[s.i]
        s.i += 1
        if t.start < s.consumed or any(t.start < e and a < t.end for a, e in mult_spans):
            continue  # read already, or inside "вдвое" / "двукратный"
        c = _candidate(s, t)
        for rule in TOKEN_RULES:
            if rule(s, c):
                break
    return _shared_qualifiers(norm, _per_tonne_prices(norm, _resolve_bare_amounts(s.out, s.bare, mult, norm))), clauses


#: "свыше 5 тыс. вагонов и 10 тыс. контейнеров": the second item of a pair, right after the first's noun.
_AND_NEXT = re.compile(r"^\s+(?:[а-яё-]+\s+){0,2}и\s+$")


def _shared_qualifiers(norm: str, qs: list[Quantity]) -> list[Quantity]:
    """A qualifier written once before a pair of figures joined by "и" qualifies both: "свыше 5 тыс. вагонов и
    10 тыс. контейнеров" — both more than."""
    out = list(qs)
    for k in range(1, len(out)):
        a, b = out[k - 1], out[k]
        if (a.qualifier in ("more_than", "approx", "up_to") and b.qualifier == "exact" and "%" not in (a.unit, b.unit)
                and "x" not in (a.unit, b.unit)
                and b.qualifier_rule == "no-word-before" and _AND_NEXT.match(norm[a.end:b.start])):
            out[k] = replace(b, qualifier=a.qualifier, qualifier_rule=f"shared-with-previous:{a.qualifier_rule}")
    return out


def _per_tonne_prices(norm: str, qs: list[Quantity]) -> list[Quantity]:
    """A price per tonne is USD/t, and "одной тонны" in it is no quantity: "по цене $236,5 за тонну",
    "стоимость одной тонны составила 259 долларов"."""
    g = _grammar()
    out = []
    for q in qs:
        if q.unit == "t" and q.value == 1 and g["per_tonne_one"].search(norm[max(0, q.start - 30):q.start]):
            continue  # "стоимость одной тонны"
        before = norm[max(0, q.start - 60):q.start]
        price = (q.value < g["per_tonne_max"] and "тонн" in norm
                 and g["price_word"].search(norm[max(0, q.start - 120):q.start]))
        if q.unit in g["per_tonne_units"] and (g["per_tonne_after"].match(norm, q.end)
                                               or g["per_tonne_before"].search(before) or price):
            q = replace(q, unit=g["per_tonne_units"][q.unit])
        out.append(q)
    return out


#: Words that make a bare amount a part of the count before it ("19 тыс. контейнеров, в том числе 13,5 тыс.").
_PART_OF_COUNT = re.compile(r"(?:в том числе|из них|из которых|включая)")


def _resolve_bare_amounts(out: list[Quantity], bare: list[int], mult: list[Quantity],
                          norm: str = "") -> list[Quantity]:
    """Give bare amounts the unit of the nearest figure with a unit (before them first), drop unreadable ones.

    A count lends its unit (and its counted noun) only to a part of it written after it ("свыше 19 тыс.
    контейнеров …, в том числе свыше 13,5 тыс. - по ТМТМ"): a count of ships is no unit for any amount.

    A value that overflowed to infinity all the same (numerals are capped at MAX_DIGITS, but a compound
    amount adds up) is not a figure anyone can read or compare: no quantity, never a made-up value. A bare
    amount with no figure to take a unit from is dropped (never guessed).
    """
    dropped: set[int] = {j for j, q in enumerate(out) if not math.isfinite(q.value)}
    mult = [q for q in mult if math.isfinite(q.value)]
    for k in bare:
        if k in dropped:
            continue
        q = out[k]
        cands = [(0 if o.start < q.start else 1, abs(o.start - q.start), o) for j, o in enumerate(out)
                 if j not in bare and j not in dropped and (o.unit not in (None, "count", "x", "%") or (
                     o.unit == "count" and o.end <= q.start
                     and (q.rule == "listed_amount" or _PART_OF_COUNT.search(norm[o.end:q.start]))))]
        if q.rule == "listed_amount":  # a list's item: only a figure before it in the list gives its unit
            cands = [c for c in cands if c[0] == 0]
        if not cands:
            dropped.add(k)
            continue
        ctx = min(cands, key=lambda c: (c[0], c[1]))[2]
        out[k] = dataclasses.replace(q, unit=ctx.unit, unit_from_context=True,
                                     noun=ctx.noun if ctx.unit == "count" else q.noun)
    resolved = [q for j, q in enumerate(out) if j not in dropped]
    resolved.extend(mult)
    resolved.sort(key=lambda q: (q.start, q.end))
    return resolved
