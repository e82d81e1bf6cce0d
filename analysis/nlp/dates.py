"""Russian time expressions: find them in a text and resolve them against the publication date.

The public entry point is :func:`find_time_expressions`, which returns :class:`TimeExpr` records
(offsets into the given text, an ISO interval cut to its precision, and whether the resolution
depended on the publication date). The vocabulary (month stems, number words, relative adjectives,
vague phrases) lives in ``analysis/data/lexicons/dates.yml``.

Resolution rules (documented here because the book and the claims register depend on them):

* Absolute expressions ("в 2025 году", "20 октября 2025 года", "в октябре 2025 года") resolve
  whether or not the document is dated; ``relative`` is False.
* Relative expressions ("в прошлом году", "в апреле этого года", "сегодня", "накануне",
  "за последние пять лет", "в этом месяце") resolve against ``published``; for an undated document
  they are returned with ``resolved=False`` and ``start_iso=end_iso=None`` — never a guess.
* Expressions relative to the *claim's* period ("годом ранее", "за аналогичный период прошлого
  года") are returned as ``kind='point'``, ``relative=True``, ``resolved=False``: only the caller,
  who knows the period of the figure they accompany, can anchor them. :func:`needs_claim_anchor`
  recognises them; :func:`shift_iso` anchors them (``shift_iso('2025-08', years=-1)``).
* Vague expressions ("в последние годы", "в ближайшие годы") are returned, never resolved.
* A range written backwards ("25–3 октября 2025 года", "в декабре–январе 2025 года") and a start
  after publication ("с 2030 года" in a text of 2025) are returned unresolved: no interval is ever
  given whose end precedes its start.
* Targets: "к 2028 году", "до 2030 года", "до конца 2026 года" are ``kind='target'`` with
  ``start_iso == end_iso`` = the deadline. "в конце 2026 года" is a target when it lies after the
  publication month (or the document is undated), otherwise a past ``point``; "конец года" is
  approximated by its last month (``'2026-12'``, month precision).
* Rolling windows ("за последние пять лет", "за последний год") end at the publication date:
  years → month precision (``'2020-09'..'2025-09'`` for a text of 2025-09-12); months → day precision.
* A bare month ("в октябре") or a day without a year ("20 октября") takes the publication year.
* "накануне" is the day before publication, unless it is followed by a genitive noun
  ("накануне визита" = on the eve of the visit), in which case it is unresolved.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from analysis import datafiles
from analysis.nlp.lemmas import morph

__all__ = [
    "TimeExpr",
    "find_time_expressions",
    "parse_published",
    "iso_cut",
    "iso_bounds",
    "iso_span",
    "periods_overlap",
    "shift_iso",
    "resolve_relative_year",
    "precision_of",
    "needs_claim_anchor",
]

KINDS = ("point", "period", "target")
PRECISIONS = ("year", "month", "day")


@dataclass(frozen=True)
class TimeExpr:
    """One time expression found in a text.

    ``start``/``end`` are character offsets into the text given to :func:`find_time_expressions`
    (``text[start:end] == self.text``); ``start_iso``/``end_iso`` are ISO dates cut to
    ``precision`` ('2025', '2025-08', '2025-10-20'), None when unresolved.
    """

    start: int
    end: int
    text: str
    kind: str
    start_iso: str | None
    end_iso: str | None
    precision: str | None
    relative: bool
    resolved: bool


# --------------------------------------------------------------------------------------------
# ISO helpers
# --------------------------------------------------------------------------------------------


def parse_published(published) -> _dt.date | None:
    """Return the publication date as a ``datetime.date`` (None for None/NaN/'' or an invalid date)."""
    if published is None:
        return None
    if isinstance(published, _dt.datetime):
        return published.date()
    if isinstance(published, _dt.date):
        return published
    if isinstance(published, float):  # NaN from pandas
        return None
    s = str(published).strip()
    if not s or s.lower() in {"nan", "none", "nat"}:
        return None
    try:
        return _dt.date.fromisoformat(s[:10])
    except ValueError:
        return None


def iso_cut(date, precision: str | None) -> str | None:
    """Return *date* (a ``datetime.date``, ISO string or ``(y, m, d)`` tuple) as ISO cut to *precision*.

    ``iso_cut(date(2025, 10, 20), 'month') == '2025-10'``; None in → None out.
    """
    if date is None or precision is None:
        return None
    if isinstance(date, tuple):
        y, m, d = (list(date) + [1, 1])[:3]
    elif isinstance(date, (_dt.date, _dt.datetime)):
        y, m, d = date.year, date.month, date.day
    else:
        parts = [int(p) for p in str(date).split("-")]
        y, m, d = (parts + [1, 1])[:3]
    if precision == "year":
        return f"{y:04d}"
    if precision == "month":
        return f"{y:04d}-{m:02d}"
    if precision == "day":
        return f"{y:04d}-{m:02d}-{d:02d}"
    raise ValueError(f"unknown precision {precision!r}")


def precision_of(iso: str | None) -> str | None:
    """Return 'year'|'month'|'day' for an ISO string cut to a precision, None for None/''."""
    if iso is None or (isinstance(iso, float)) or str(iso).strip() in {"", "nan", "None"}:
        return None
    n = str(iso).count("-")
    return ("year", "month", "day")[min(n, 2)]


def _last_day(y: int, m: int) -> int:
    nxt = _dt.date(y + (m == 12), m % 12 + 1, 1)
    return (nxt - _dt.timedelta(days=1)).day


def iso_bounds(iso: str | None) -> tuple[_dt.date, _dt.date] | None:
    """Return the first and last calendar day covered by an ISO string cut to a precision.

    ``iso_bounds('2024') == (date(2024,1,1), date(2024,12,31))``; None when *iso* is empty.
    See :func:`iso_span` for the half-open interval a plot uses.

    >>> iso_bounds("2024-02")
    (datetime.date(2024, 2, 1), datetime.date(2024, 2, 29))
    """
    if precision_of(iso) is None:
        return None
    parts = [int(p) for p in str(iso).split("-")]
    if len(parts) == 1:
        return _dt.date(parts[0], 1, 1), _dt.date(parts[0], 12, 31)
    if len(parts) == 2:
        y, m = parts
        return _dt.date(y, m, 1), _dt.date(y, m, _last_day(y, m))
    d = _dt.date(*parts[:3])
    return d, d


def iso_span(iso) -> tuple[_dt.date, _dt.date] | None:
    """Return the half-open interval ``[first day, day after the last day)`` of an ISO string cut to a
    precision — what a plot's axis needs — or None for anything that is not such a string.

    >>> iso_span("2025-12")
    (datetime.date(2025, 12, 1), datetime.date(2026, 1, 1))
    >>> iso_span("2025"), iso_span("unresolved"), iso_span("2025-13"), iso_span(float("nan"))
    ((datetime.date(2025, 1, 1), datetime.date(2026, 1, 1)), None, None, None)
    """
    if not isinstance(iso, str):
        return None
    try:
        bounds = iso_bounds(iso.strip())
    except ValueError:
        return None
    return None if bounds is None else (bounds[0], bounds[1] + _dt.timedelta(days=1))


def periods_overlap(a_start, a_end, b_start, b_end) -> bool:
    """True when the ISO intervals [a_start, a_end] and [b_start, b_end] share at least one day.

    Missing ends fall back to the other end of the same interval; an interval with neither end
    (unresolved) never overlaps anything.
    """
    a0, a1 = iso_bounds(a_start or a_end), iso_bounds(a_end or a_start)
    b0, b1 = iso_bounds(b_start or b_end), iso_bounds(b_end or b_start)
    if None in (a0, a1, b0, b1):
        return False
    return a0[0] <= b1[1] and b0[0] <= a1[1]


def _add_months(y: int, m: int, n: int) -> tuple[int, int]:
    k = y * 12 + (m - 1) + n
    return k // 12, k % 12 + 1


def shift_iso(iso: str | None, years: int = 0, months: int = 0) -> str | None:
    """Return *iso* shifted by whole years/months at its own precision (for "годом ранее").

    ``shift_iso('2025-08', years=-1) == '2024-08'``; None stays None.
    """
    prec = precision_of(iso)
    if prec is None:
        return None
    parts = [int(p) for p in str(iso).split("-")]
    if prec == "year":
        return f"{parts[0] + years + months // 12:04d}"
    y, m = _add_months(parts[0], parts[1], years * 12 + months)
    if prec == "month":
        return f"{y:04d}-{m:02d}"
    d = min(parts[2], _last_day(y, m))
    return f"{y:04d}-{m:02d}-{d:02d}"


# --------------------------------------------------------------------------------------------
# Lexicon and grammar
# --------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _lexicon() -> dict:
    return datafiles.load("dates.yml")


def _alt(mapping: dict) -> str:
    """A regex alternation over a {value: fragment} mapping, longest fragments first."""
    frags = sorted((str(v) for v in mapping.values()), key=len, reverse=True)
    return "(?:" + "|".join(frags) + ")"


def _lookup(mapping: dict, word: str) -> int | None:
    """Return the key whose fragment fully matches *word* (case-insensitive)."""
    w = re.sub(r"\s+", " ", word.strip().lower())
    for key, frag in mapping.items():
        if re.fullmatch(str(frag), w, flags=re.IGNORECASE):
            return int(key)
    return None


def _month_rules(MON: str, REL: str, YEAR: str, YW: str, P: str, EDGE: str, B: str, E: str) -> list[tuple[str, Callable]]:
    """The rules of month precision and month ranges (:func:`_grammar`'s building blocks passed in), in order."""
    return [
        # --- month precision / month ranges ----------------------------------------------------
        # "с января по июль 2025 года", "с января по июль текущего года": the range, not its last month
        (B + r"(?:с|со)\s+(?P<mon1>" + MON + r")\s+(?:по|до)\s+(?P<mon2>" + MON + r")\s+"
         r"(?:(?P<y>" + YEAR + r")" + YW + r"|(?P<rel>" + REL + r")\s+года" + E + r")", _h_month_range),
        (B + P + r"(?P<mon1>" + MON + r")\s*[-–—]\s*(?P<mon2>" + MON + r")\s+"
         r"(?:(?P<y>" + YEAR + r")" + YW + r"|(?P<rel>" + REL + r")\s+года" + E + r")", _h_month_range),
        # "в январе-октябре" with no year: the publication's year, or the year before when the range would end
        # after the publication month
        (B + P + r"(?P<mon1>" + MON + r")\s*[-–—]\s*(?P<mon2>" + MON + r")" + E, _h_month_range_no_year),
        (B + r"(?:начиная\s+)?с\s+(?P<mon>" + MON + r")\s+(?P<y>" + YEAR + r")" + YW, _h_since_month),  # "с января 2023 года"
        # "с начала года", "с начала текущего года", "с начала 2024 года": from January to publication
        (B + r"(?:начиная\s+)?с\s+начала\s+(?:(?P<y>" + YEAR + r")" + YW + r"|(?:(?P<rel>" + REL + r")\s+)?года" + E + r")",
         _h_since_year_start),
        (B + P + EDGE + r"(?P<mon>" + MON + r")\s+(?:(?P<y>" + YEAR + r")" + YW + r"|(?P<rel>" + REL + r")\s+года" + E + r")",
         _h_month_year),
        # "в апреле", and "пик пришелся на апрель"
        (B + r"(?:в|во|на)\s+" + EDGE + r"(?P<mon>" + MON + r")" + E, _h_bare_month),
        (B + P + r"(?P<rel>" + REL + r")\s+месяц(?:а|е|у|ем)?" + E, _h_relative_month),
    ]


@lru_cache(maxsize=1)
def _grammar() -> list[tuple[re.Pattern, Callable]]:
    lx = _lexicon()
    MON = _alt(lx["months"])
    NUM = "(?:" + _alt(lx["numbers"]) + r"|\d{1,2})"
    REL = _alt(lx["relative_adjectives"])
    DAYW = _alt(lx["relative_days"])
    YEAR = r"(?:1[89]\d\d|20\d\d)"
    # "году", "года", "год", "годом", "годах", "г.", "гг." — optionally after "-м"/"-го".
    # "2026 года", "2026-го года", and "2026-го" with the word left out ("к концу 2026-го")
    YW = r"(?:(?:-?(?:му|м|го|й|ый))?\s*(?:год(?:а|у|ом|ах|ам|ы)?|гг?\.?)|-(?:му|м|го|й|ый))(?!\w)"
    P = r"(?:(?:в|во|за|на|с|к|до|по|от)\s+)?"  # optional leading preposition, kept in the span
    EDGE = r"(?:(?:начале|конце|середине|начала|конца|середины)\s+)?"  # "в конце октября": still that month
    B = r"(?<![\w-])"  # start of a word
    E = r"(?!\w)"

    rules: list[tuple[str, Callable]] = [
        # --- day precision ------------------------------------------------------------------
        (B + r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>" + YEAR + r")" + E, _h_numeric_date),
        # "с 18 по 21 июля": a range of days, not its last day (as "18–21 июля" below)
        (B + r"(?:с|со)\s+(?P<d1>\d{1,2})\s+(?:по|до)\s+(?P<d2>\d{1,2})\s+(?P<mon>" + MON + r")"
         r"(?:\s+(?:(?P<y>" + YEAR + r")" + YW + r"|(?P<rel>" + REL + r")\s+года" + E + r"))?" + E,
         _h_day_month),
        (B + P + r"(?P<d1>\d{1,2})(?:\s*[-–—]\s*(?P<d2>\d{1,2}))?\s+(?P<mon>" + MON + r")"
         r"(?:\s+(?:(?P<y>" + YEAR + r")" + YW + r"|(?P<rel>" + REL + r")\s+года" + E + r"))?" + E,
         _h_day_month),
        (B + r"(?P<w>" + DAYW + r")(?P<eve>\s+[а-яё]+)?" + E, _h_relative_day),
        *_month_rules(MON, REL, YEAR, YW, P, EDGE, B, E),
        # --- periods inside a year ---------------------------------------------------------------
        (B + r"(?:(?:за|в|в\s+течение|по\s+итогам)\s+)?(?P<first>перв(?:ые|ых)\s+)?(?P<n>" + NUM + r")\s+месяц(?:ев|а)"
         r"(?:\s+(?:(?P<y>" + YEAR + r")" + YW + r"|(?P<rel>" + REL + r")\s+года" + E + r"))?" + E,
         _h_first_months),
        # "в текущем году за 10 месяцев", "в 2024 году за пять месяцев": the first months of that year
        (B + r"(?:в\s+)?(?:(?P<y>" + YEAR + r")" + YW + r"|(?P<rel>" + REL + r")\s+году)\s*,?\s+за\s+"
         r"(?P<first>(?:перв(?:ые|ых)\s+)?)(?P<n>" + NUM + r")\s+месяц(?:ев|а)" + E, _h_first_months),
        (B + r"(?:(?:за|в|во|по\s+итогам)\s+)?(?P<ord>перв|втор|трет|четверт|четвёрт)[а-яё]*\s+"
         r"(?P<unit>полугоди|квартал|половин[а-яё]*(?=\s+(?:" + YEAR + r"|" + REL + r"\s+года|года)))[а-яё]*"
         r"(?:\s+(?:(?P<y>" + YEAR + r")" + YW + r"|(?P<rel>" + REL + r")\s+года" + E + r"))?" + E,
         _h_half_quarter),
        # --- rolling windows ending at publication ------------------------------------------------
        (B + r"(?:(?:за|в|на\s+протяжении|в\s+течение)\s+)?(?P<adj>последн(?:ие|их|ий|его)|прошедш(?:ие|их|ий|его))\s+"
         r"(?:(?P<n>" + NUM + r")\s+)?(?P<unit>лет|года|год|месяц(?:ев|а)?|месяц|дн(?:ей|я)|день|суток|недел[ьиюя])" + E,
         _h_last_n),
        # "за пять лет", "за 7 лет" with no "последние": the same window, the years up to publication
        (B + r"за\s+(?P<n>" + NUM + r")\s+(?P<unit>лет|года)" + E, _h_last_n),
        (B + r"(?P<n>" + NUM + r"|год|месяц)\s+(?P<unit>лет|года|год|месяц(?:ев|а)?)?\s*назад" + E, _h_ago),
        # --- targets ------------------------------------------------------------------------------
        (B + r"(?P<prep>до|к)\s+(?P<edge>конц|начал|середин)(?:а|у|ы|е)\s+(?:(?P<y>" + YEAR + r")" + YW
         + r"|(?P<rel>" + REL + r")\s+года|(?P<bare>года))" + E, _h_deadline_edge),
        (B + r"в\s+(?P<edge>конц|начал|середин)(?:е)\s+(?:(?P<y>" + YEAR + r")" + YW
         + r"|(?P<rel>" + REL + r")\s+года|(?P<bare>года))" + E, _h_in_edge),
        (B + r"(?P<prep>к|до)\s+(?P<y>" + YEAR + r")" + YW, _h_by_year),
        # --- year ranges --------------------------------------------------------------------------
        (B + r"(?:с|от)\s+(?P<y1>" + YEAR + r")(?:\s*(?:года|г\.?))?\s+(?:по|до)\s+(?P<y2>" + YEAR + r")" + YW,
         _h_year_range),
        (B + P + r"(?P<y1>" + YEAR + r")\s*[-–—]\s*(?P<y2>" + YEAR + r")" + YW, _h_year_range),
        (B + r"с\s+(?P<y>" + YEAR + r")" + YW, _h_since_year),
        # "в 2014/15 сельхозгоду", "(567 тыс. т в 2013/14)": a season across two years
        (B + P + r"(?P<y>" + YEAR + r")/(?P<y2>\d{2})(?:\s+(?:сельхоз)?(?:год|сезон)\w*)?" + E, _h_season),
        # "в сезоне-2013/14", "в сезоне 2013/14", "сельхозгода 2013/14": the word before the years
        (B + P + r"(?:сельхоз)?(?:сезон|год)\w*\s*[-–]?\s*(?P<y>" + YEAR + r")/(?P<y2>\d{2})" + E, _h_season),
        # "в 2024-м" (the word "году" left out)
        (B + P + r"(?P<y>" + YEAR + r")-(?:м|го|й)" + E, _h_year),
        # --- years ----------------------------------------------------------------------------------
        (B + P + r"(?P<y>" + YEAR + r")" + YW, _h_year),
        (B + P + r"(?P<rel>" + REL + r")\s+год(?:а|у|ом)?" + E, _h_relative_year),
        # --- claim-relative and vague ---------------------------------------------------------------
    ]
    rules += [(B + r"(?:чем\s+)?" + frag + E, _h_claim_relative) for frag in lx["claim_relative"]]
    for kind, frags in lx["vague"].items():
        rules += [(B + frag + E, _make_vague(kind)) for frag in frags]
    return [(re.compile(rx, re.IGNORECASE), fn) for rx, fn in rules]


# --------------------------------------------------------------------------------------------
# Handlers: each returns (kind, start_iso, end_iso, precision, relative, resolved) or None
# --------------------------------------------------------------------------------------------

Res = tuple[str, "str | None", "str | None", "str | None", bool, bool]


def _unresolved(kind: str, relative: bool = True) -> Res:
    return (kind, None, None, None, relative, False)


def _month_no(word: str) -> int | None:
    return _lookup(_lexicon()["months"], word)


def _num(word: str) -> int | None:
    if word is None:
        return None
    w = word.strip()
    if w.isdigit():
        return int(w)
    return _lookup(_lexicon()["numbers"], w)


def _rel_offset(word: str) -> int | None:
    return _lookup(_lexicon()["relative_adjectives"], word)


def _year_of(m: re.Match, pub: _dt.date | None) -> tuple[int | None, bool]:
    """Year from an absolute (group y) or relative (group rel) year; (None, True) if unresolvable."""
    if m.groupdict().get("y"):
        return int(m.group("y")), False
    if m.groupdict().get("rel"):
        off = _rel_offset(m.group("rel"))
        if pub is None or off is None:
            return None, True
        return pub.year + off, True
    # no year at all: the publication year
    return (pub.year if pub else None), True


def resolve_relative_year(phrase: str, published) -> int | None:
    """Return the calendar year a phrase such as "в прошлом году"/"нынешнего года" denotes, or None.

    None when the phrase carries no year or the document is undated.
    """
    for e in find_time_expressions(phrase, published):
        if e.resolved and e.precision == "year" and e.start_iso == e.end_iso:
            return int(e.start_iso)
    return None


def _h_numeric_date(m, pub) -> Res | None:
    try:
        d = _dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    except ValueError:
        return None
    s = iso_cut(d, "day")
    return ("point", s, s, "day", False, True)


def _h_day_month(m, pub) -> Res | None:
    mon = _month_no(m.group("mon"))
    y, rel = _year_of(m, pub)
    if mon is None:
        return None
    d1 = int(m.group("d1"))
    d2 = int(m.group("d2")) if m.group("d2") else None
    kind = "period" if d2 else "point"
    if y is None:
        return _unresolved(kind)
    try:
        a = _dt.date(y, mon, d1)
        b = _dt.date(y, mon, d2) if d2 else a
    except ValueError:
        return None
    if b < a:
        return _unresolved(kind, rel)  # "25–3 октября": which end is wrong cannot be known
    return (kind, iso_cut(a, "day"), iso_cut(b, "day"), "day", rel, True)


def _is_eve_of(word: str) -> bool:
    """True when *word* after "накануне" is a genitive noun ("накануне визита")."""
    w = word.strip().lower()
    try:
        analyser = morph()
        p = analyser.parse(w)[0]
        return p.tag.POS == "NOUN" and p.tag.case == "gent" or (p.tag.POS == "ADJF" and p.tag.case == "gent")
    except Exception:  # analyser unavailable: fall back on the noun list
        return re.match(_lexicon()["eve_of_nouns"], w) is not None




def _h_relative_day(m, pub) -> Res | None:
    w = m.group("w").lower()
    if w.startswith("накануне") and m.group("eve") and _is_eve_of(m.group("eve")):
        # "накануне визита": the eve of an event, not the day before publication.
        return _unresolved("point")
    off = _lookup(_lexicon()["relative_days"], w)
    if pub is None or off is None:
        return _unresolved("point")
    s = iso_cut(pub + _dt.timedelta(days=off), "day")
    return ("point", s, s, "day", True, True)


def _trim_relative_day(m: re.Match) -> tuple[int, int]:
    # The optional following word only served the eve-of test; it is not part of the expression.
    return m.start(), m.end("w")


def _h_month_year(m, pub) -> Res | None:
    mon = _month_no(m.group("mon"))
    y, rel = _year_of(m, pub)
    if mon is None:
        return None
    if y is None:
        return _unresolved("point")
    s = iso_cut((y, mon, 1), "month")
    return ("point", s, s, "month", rel, True)


def _h_month_range(m, pub) -> Res | None:
    a, b = _month_no(m.group("mon1")), _month_no(m.group("mon2"))
    y, rel = _year_of(m, pub)
    if a is None or b is None:
        return None
    if y is None:
        return _unresolved("period")
    if b < a:
        # "в декабре–январе 2025 года" straddles two years, and which one the year names is unknowable.
        return _unresolved("period", rel)
    return ("period", iso_cut((y, a, 1), "month"), iso_cut((y, b, 1), "month"), "month", rel, True)


def _h_month_range_no_year(m, pub) -> Res | None:
    a, b = _month_no(m.group("mon1")), _month_no(m.group("mon2"))
    if a is None or b is None:
        return None
    if pub is None or b < a:
        return _unresolved("period")
    y = pub.year if b <= pub.month else pub.year - 1
    return ("period", iso_cut((y, a, 1), "month"), iso_cut((y, b, 1), "month"), "month", True, True)


def _h_bare_month(m, pub) -> Res | None:
    mon = _month_no(m.group("mon"))
    if mon is None:
        return None
    if pub is None:
        return _unresolved("point")
    s = iso_cut((pub.year, mon, 1), "month")
    return ("point", s, s, "month", True, True)


def _h_relative_month(m, pub) -> Res | None:
    off = _rel_offset(m.group("rel"))
    if pub is None or off is None:
        return _unresolved("point")
    y, mo = _add_months(pub.year, pub.month, off)
    s = iso_cut((y, mo, 1), "month")
    return ("point", s, s, "month", True, True)


def _h_first_months(m, pub) -> Res | None:
    n = _num(m.group("n"))
    if n is None or not 1 <= n <= 12:
        return None
    if not (m.group("first") or m.group("y") or m.group("rel")):
        # "в течение шести месяцев" is a duration, not the first months of a year.
        return None
    y, rel = _year_of(m, pub)
    if y is None:
        return _unresolved("period")
    return ("period", iso_cut((y, 1, 1), "month"), iso_cut((y, n, 1), "month"), "month", rel, True)


_ORD = {"перв": 1, "втор": 2, "трет": 3, "четверт": 4, "четвёрт": 4}


def _h_half_quarter(m, pub) -> Res | None:
    k = _ORD[m.group("ord").lower()]
    size = 6 if m.group("unit").lower().startswith(("полугод", "половин")) else 3  # "в первой половине 2025 года"
    if k * size > 12:
        return None
    y, rel = _year_of(m, pub)
    if y is None:
        return _unresolved("period")
    a, b = (k - 1) * size + 1, k * size
    return ("period", iso_cut((y, a, 1), "month"), iso_cut((y, b, 1), "month"), "month", rel, True)


def _h_last_n(m, pub) -> Res | None:
    unit = m.group("unit").lower()
    plural = (m.groupdict().get("adj") or "").lower().endswith(("ие", "их"))
    if not m.group("n") and plural:
        # "за последние года/месяцы" without a number: vague, never resolved.
        return ("period", None, None, None, False, False)
    n = _num(m.group("n")) if m.group("n") else 1
    if n is None:
        return None
    if pub is None:
        return _unresolved("period")
    if unit.startswith(("дн", "ден", "сут", "недел")):  # "за последние 7 дней", "за последние две недели"
        start = pub - _dt.timedelta(days=n * (7 if unit.startswith("недел") else 1))
        return ("period", iso_cut(start, "day"), iso_cut(pub, "day"), "day", True, True)
    if unit.startswith("месяц"):
        y, mo = _add_months(pub.year, pub.month, -n)
        start = _dt.date(y, mo, min(pub.day, _last_day(y, mo)))
        return ("period", iso_cut(start, "day"), iso_cut(pub, "day"), "day", True, True)
    y, mo = _add_months(pub.year, pub.month, -12 * n)
    return ("period", iso_cut((y, mo, 1), "month"), iso_cut(pub, "month"), "month", True, True)


def _h_ago(m, pub) -> Res | None:
    raw = m.group("n").lower()
    unit = (m.group("unit") or raw).lower()
    n = 1 if raw in ("год", "месяц") else _num(raw)
    if n is None:
        return None
    if pub is None:
        return _unresolved("point")
    if unit.startswith(("дн", "ден", "сут", "недел")):  # "за последние 7 дней", "за последние две недели"
        start = pub - _dt.timedelta(days=n * (7 if unit.startswith("недел") else 1))
        return ("period", iso_cut(start, "day"), iso_cut(pub, "day"), "day", True, True)
    if unit.startswith("месяц"):
        y, mo = _add_months(pub.year, pub.month, -n)
        s = iso_cut((y, mo, 1), "month")
        return ("point", s, s, "month", True, True)
    s = f"{pub.year - n:04d}"
    return ("point", s, s, "year", True, True)


def _edge_month(edge: str) -> int:
    return {"конц": 12, "начал": 1, "середин": 6}[edge.lower()]


def _h_deadline_edge(m, pub) -> Res | None:
    # "до конца 2026 года", "к концу года" (bare: the current year), "к началу 2027 года".
    if m.group("bare"):
        y, rel = (pub.year if pub else None), True
    else:
        y, rel = _year_of(m, pub)
    if y is None:
        return _unresolved("target")
    s = iso_cut((y, _edge_month(m.group("edge")), 1), "month")
    return ("target", s, s, "month", rel, True)


def _h_in_edge(m, pub) -> Res | None:
    # "в конце 2026 года": a target when it lies after publication (or the text is undated),
    # a past point otherwise.
    if m.group("bare"):
        y, rel = (pub.year if pub else None), True
    else:
        y, rel = _year_of(m, pub)
    if y is None:
        return _unresolved("point")
    mon = _edge_month(m.group("edge"))
    s = iso_cut((y, mon, 1), "month")
    future = pub is None or (y, mon) > (pub.year, pub.month)
    return ("target" if future else "point", s, s, "month", rel, True)


def _h_by_year(m, pub) -> Res | None:
    s = m.group("y")
    return ("target", s, s, "year", False, True)


def _h_year_range(m, pub) -> Res | None:
    a, b = int(m.group("y1")), int(m.group("y2"))
    if b < a:
        return None
    return ("period", f"{a:04d}", f"{b:04d}", "year", False, True)


def _h_since_year(m, pub) -> Res | None:
    # "с 2020 года": from that year to publication (its month: the text speaks of the time up to then). Undated: the start is known, the end is not,
    # so the interval is unresolved (start_iso kept, end_iso None).
    s = m.group("y")
    if pub is None or int(s) > pub.year:
        # (a start after publication, "с 2030 года" in a text of 2025, has no end either)
        return ("period", s, None, None, True, False)
    return ("period", s, f"{pub.year:04d}-{pub.month:02d}", "month", True, True)  # to the publication month


def _h_since_month(m, pub) -> Res | None:
    # "с января 2023 года": from that month to the publication month, as "с 2023 года" (undated: the end unknown)
    mon = _month_no(m.group("mon"))
    if mon is None:
        return None
    s = iso_cut((int(m.group("y")), mon, 1), "month")
    if pub is None or s > f"{pub.year:04d}-{pub.month:02d}":
        return ("period", s, None, None, True, False)
    return ("period", s, f"{pub.year:04d}-{pub.month:02d}", "month", True, True)


def _h_since_year_start(m, pub) -> Res | None:
    # "с начала года" (this year's, as "текущего года"), "с начала 2024 года": from its January to the publication
    # month, as "с января 2024 года"; undated, or the year unknowable: unresolved
    if m.group("y"):
        year = int(m.group("y"))
    elif pub is None:
        return _unresolved("period")
    else:
        off = _rel_offset(m.group("rel")) if m.group("rel") else 0
        if off is None:
            return _unresolved("period")
        year = pub.year + off
    s = f"{year:04d}-01"
    if pub is None or s > f"{pub.year:04d}-{pub.month:02d}":
        return ("period", s, None, None, True, False)
    return ("period", s, f"{pub.year:04d}-{pub.month:02d}", "month", True, True)


def _h_season(m, pub) -> Res | None:
    y = int(m.group("y"))
    if int(m.group("y2")) != (y + 1) % 100:
        return None  # "2014/16" is no season
    return ("period", f"{y:04d}", f"{y + 1:04d}", "year", False, True)


def _h_year(m, pub) -> Res | None:
    s = m.group("y")
    return ("point", s, s, "year", False, True)


def _h_relative_year(m, pub) -> Res | None:
    off = _rel_offset(m.group("rel"))
    if off is None:
        return None
    if pub is None:
        return _unresolved("point")
    s = f"{pub.year + off:04d}"
    return ("point", s, s, "year", True, True)


def _h_claim_relative(m, pub) -> Res | None:
    # Anchored on the period of the figure it accompanies, which only the caller knows.
    return _unresolved("point")


@lru_cache(maxsize=1)
def _triggers() -> re.Pattern:
    return re.compile(_lexicon()["triggers"], re.IGNORECASE)


@lru_cache(maxsize=1)
def _claim_relative_rx() -> re.Pattern:
    frags = _lexicon()["claim_relative"]
    return re.compile(r"(?:чем\s+)?(?:" + "|".join(frags) + r")", re.IGNORECASE)


def needs_claim_anchor(expr: TimeExpr) -> bool:
    """True for expressions relative to the period of the figure they accompany ("годом ранее").

    Such an expression is never resolved by :func:`find_time_expressions`; anchor it with
    :func:`shift_iso` on the claim's own period (e.g. ``shift_iso('2025-08', years=-1)``).
    """
    return (not expr.resolved) and _claim_relative_rx().fullmatch(expr.text) is not None


def _make_vague(kind: str) -> Callable:
    def _h(m, pub) -> Res:
        return (kind, None, None, None, False, False)

    return _h


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------


def find_time_expressions(text: str, published: str | None) -> list[TimeExpr]:
    """Return the time expressions in *text*, left to right, non-overlapping (longest match wins).

    *published* is the document's ISO publication date ('YYYY-MM-DD') or None for an undated
    document; relative phrases never resolve without it. Offsets are into *text*.

    The claims register, the timeline and the watchlist all ask about the same sentences, and news
    repeats sentences across articles, so the work is memoised (see :func:`_grammar_matches` and
    :func:`_resolved_expressions`); the list returned is a fresh one each call (the
    :class:`TimeExpr` in it are frozen), so callers may change it freely.
    """
    if not text:
        return []
    return list(_resolved_expressions(text, parse_published(published)))


#: Sentences whose grammar matches / resolved expressions are memoised (about one large corpus).
_MEMO_SIZE = 100_000


@lru_cache(maxsize=_MEMO_SIZE)
def _grammar_matches(text: str) -> tuple[tuple[int, int, int, Callable, re.Match], ...]:
    """Every grammar match in *text* as (start, end, rule priority, handler, match), in rule order.

    This is the expensive part (some thirty case-insensitive patterns scanned over the text) and
    it does not depend on the publication date, so it is cached per text: a sentence repeated in
    articles of different dates is scanned once. (start, end) is the span the expression will
    have: the relative-day rule's lookahead word dropped, trailing whitespace stripped.
    """
    if not _triggers().search(text):
        return ()
    out = []
    for prio, (rx, handler) in enumerate(_grammar()):
        for m in rx.finditer(text):
            s, e = _trim_relative_day(m) if handler is _h_relative_day else (m.start(), m.end())
            # Strip trailing whitespace/punctuation the optional groups may have swallowed.
            while e > s and text[e - 1] in " \t\n\r":
                e -= 1
            out.append((s, e, prio, handler, m))
    return tuple(out)


@lru_cache(maxsize=_MEMO_SIZE)
def _resolved_expressions(text: str, pub: _dt.date | None) -> tuple[TimeExpr, ...]:
    """The expressions of *text* resolved against *pub* (see :func:`find_time_expressions`).

    A tuple, because it is cached and shared: nobody may change it.
    """
    cands: list[tuple[int, int, int, Res]] = []
    for s, e, prio, handler, m in _grammar_matches(text):
        res = handler(m, pub)
        if res is not None:
            cands.append((s, e, prio, res))
    # Longest span first; on equal length, the earlier (more specific) rule wins.
    cands.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
    taken: list[tuple[int, int, Res]] = []
    for s, e, _prio, res in cands:
        if any(s < te and ts < e for ts, te, _ in taken):
            continue
        taken.append((s, e, res))
    taken.sort(key=lambda t: t[0])
    return tuple(TimeExpr(s, e, text[s:e], kind, a, b, prec, rel, ok)
                 for s, e, (kind, a, b, prec, rel, ok) in taken)
