"""Quantitative claims register: every figure in the corpus with its unit, qualifier, period and indicator.

Two layers:

* :func:`extract_quantities` — the pure core: a regex grammar over one sentence that returns
  :class:`Quantity` records (value in base units, unit, qualifier, span). It knows Russian number words,
  decimal commas, thin/no-break spaces as thousands separators, scale words (тыс./млн/млрд/трлн), currency
  signs before the number, ranges ("с 0,8 до 4,5 млн тонн", "от 5 до 7%", "5–7%"), multipliers
  ("в пять раз", "втрое", "в 1,5 раза"), counts ("около 250 компаний", "более десяти раз") and per-year
  flows ("7 млн т в год", "1,5 млн тонн … ежегодно"). It never returns years, dates, ordinals ("XII",
  "21-е"), names with digits ("COP29"/"СОР29", "С6", "1news"), durations ("за последние пять лет",
  "первые шесть месяцев"), phone numbers, or number words that count nothing ("между двумя странами",
  "один на один", "одним из").
* :func:`claims_register` — runs the grammar on every sentence and adds the period (via
  :func:`analysis.dates.find_time_expressions`), period kind, indicator (``analysis/data/indicators.yml``),
  track, speaker, outlet and publication date.

Vocabulary lives in ``analysis/data/units.yml`` (number words, scales, units, qualifiers) and
``analysis/data/claims.yml`` (clause boundaries, target cues, comparison bases, direction of change).

Decisions (the briefing depends on them):

* ``qualifier``: 'approx' (около, порядка, почти, примерно…), 'more_than' (свыше, более, больше, не менее,
  превысил…, "с лишним"), 'up_to' (до, вплоть до, не более, менее…) — except that "до X" after a change verb
  in the same clause ("увеличить товарооборот до $1 млрд", "довести … до 1 млрд", "вырос до") is the level
  reached or to be reached: 'exact'. Both ends of a range are 'exact' (or the qualifier written before it).
* A bare amount with a scale word and no unit ("до 1 млрд") takes the unit of the nearest figure with a
  unit in the same sentence (preferring one before it); with none it is dropped (never guessed).
  A bare number without scale or counted noun ("составил 250.") is dropped, and so is a numeral of more
  than :data:`MAX_DIGITS` digits (no float holds it exactly; its arithmetic would overflow).
* Number WORDS count something only before a countable noun (компаний, документов, раз, встреч…) or after a
  qualifier ("более десяти раз"); digits count before any noun that is not a time unit, month or rank.
* "раз в год" is a frequency of a procedure (the Supreme Council meets annually), not a measured figure:
  it has no numeral and yields no claim. "в N раз" is a multiplier (unit 'x'); "N раз" without "в" is a
  count of occasions (unit 'count').
* ``period_kind``: 'target' when the clause carries a goal/plan/forecast cue (планируется, цель, довести,
  намерения увеличить, будет, future tense…) or the governing time expression is a deadline ("к 2028 году");
  the period is then that deadline (or a future/absolute year in the same clause), else None. 'actual' when
  a reported figure has a resolved governing time expression. 'unresolved' otherwise — including an actual
  figure with no time expression at all (we do not assume "as of publication") and any relative phrase in
  an undated document (never resolved, whatever the dates module returns).
  A cue before the figure governs it unless a reported-fact verb (составил, вырос…) intervenes; a cue after
  it only when no other figure follows in the clause ("составил 533 …, как ожидается, превысит 700").
  An agreed or floated volume with no plan cue in its clause ("соглашение … о транспортировке 1,5 млн
  тонн … ежегодно", "Озвучиваются разные цифры, вплоть до 7 млн т в год") is not promoted to a target:
  it stays 'unresolved' (no period) and the quote shows what it is.
* Governing time expression: the nearest one before the figure in its clause, else the nearest after it in
  its clause, else (reported figures only, never targets) the nearest one in an earlier clause of the same
  sentence. Expressions that are the BASE of a comparison ("чем годом ранее", "по сравнению с 2020 годом")
  never govern.
* Units outside the contract list are kept rather than dropped and flagged in ``units.yml`` (extended):
  'EUR', 'KZT', 'AZN', 'RUB', 'm3', 'm3/yr', 'bbl', 'bbl/yr', 'bbl/d', 'W', 'Wh'. Percentage points, areas
  and speeds are recognised only so as not to misread them, and yield no claim.
* ``indicator``: rules in indicators.yml, tried on the claim's clause, then its sentence, then (only for
  indicators marked ``context``) the previous sentence of the same paragraph — for an anaphoric figure
  such as "Озвучиваются разные цифры, вплоть до 7 млн т в год" after a sentence about oil via Azerbaijan.
  When the indicator's keyword sits in an earlier clause, the quote is extended back to it if it still fits.
* No period is carried across sentences ("Также в три раза увеличится пропуск контейнеров" after
  "К 2028 году …" is a target with no period).
* Low end of a change range ("вырос с 0,8 до 4,5 млн тонн"): it is the earlier level, so its period is not
  the sentence's period — it is recorded 'unresolved' with no period.

Extra columns (beyond the contract), for growth claims (unit '%' or 'x' with a change verb or a growth
indicator):

* ``growth_of`` — the level indicator the growth applies to (``growth_of`` in indicators.yml), else None.
* ``growth_ref`` — claim_id of the level figure of that indicator in the same sentence (nearest), else None;
  the consistency module derives implied base values from it (e.g. 547e6 / 3).
* ``direction`` — 'up' | 'down' | None (nearest change verb in the clause).
* ``base_period_start``, ``base_period_end`` — period the growth is measured against, ISO or None:
  an explicit base ("чем годом ранее" → the claim's period one year back; "по сравнению с 2020 годом" →
  2020); else for a rolling multi-year window ("за последние пять лет") its first month; else the claim's
  period one year back (growth "в прошлом году" = over the year before). None unless the claim is 'actual'.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterable

import pandas as pd

from analysis.paths import DATA_DIR, load_yaml

__all__ = [
    "Quantity",
    "CLAIM_COLUMNS",
    "CONTRACT_COLUMNS",
    "extract_quantities",
    "claims_register",
    "clause_spans",
    "load_indicators",
    "indicator_labels",
    "normalise",
]

#: Columns of the claims table fixed by the shared contract.
CONTRACT_COLUMNS = [
    "claim_id", "doc_id", "sentence_id", "quote", "quote_start", "quote_end", "value", "unit", "qualifier",
    "period_start", "period_end", "period_kind", "indicator", "track", "speaker", "outlet", "published",
]
#: Contract columns plus the growth helpers documented in the module docstring.
CLAIM_COLUMNS = CONTRACT_COLUMNS + [
    "growth_of", "growth_ref", "direction", "base_period_start", "base_period_end",
]

QUOTE_MAX = 200  # characters; a quote must fit a table cell
_QUOTE_STRIP = " \t\n\r«»\"“”„'‘’,;:.–—-"

# --------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------


def _load_yaml(name: str) -> dict:
    with open(DATA_DIR / name, encoding="utf-8") as fh:
        return load_yaml(fh)


def _alt(words: Iterable[str]) -> str:
    return "(?:" + "|".join(sorted(set(words), key=len, reverse=True)) + ")"


@lru_cache(maxsize=1)
def _grammar() -> dict:
    """Compile the quantity grammar from units.yml / claims.yml once."""
    u = _load_yaml("units.yml")
    c = _load_yaml("claims.yml")
    g: dict = {}
    word_value: dict[str, float] = {}
    for value, forms in u["number_words"].items():
        for f in forms:
            word_value[f] = float(value)
    g["word_value"] = word_value
    g["numword"] = re.compile(r"(?<![\w-])" + _alt(word_value) + r"(?![\w-])")
    # "1 500 000" (any space kind, normalised), "1.500.000" (dotted thousands), "1,5" / "1.5" (decimal).
    g["digits"] = re.compile(
        r"(?<!\d)(\d{1,3}(?:\.\d{3}){2,}(?![\d.,]\d)|\d{1,3}(?: \d{3})+(?!\d)|\d+)(?:([.,])(\d+))?(?!\d)")
    g["half"] = re.compile(r"\s+" + u["half"] + r"\b")
    g["scales"] = [(re.compile(r"\s*(?:" + s["pattern"] + r")(?![а-яa-z])"), float(s["factor"]))
                   for s in u["scales"]]
    g["lone_scale"] = re.compile(
        r"(?<![\w-])(" + "|".join(s["pattern"] for s in u["lone_scales"]) + r")(?![\w-])")
    g["lone_scale_factor"] = [(re.compile(s["pattern"]), float(s["factor"])) for s in u["lone_scales"]]
    units = []
    for spec in u["units"]:
        rx = re.compile(r"\s*(?:" + spec["pattern"] + r")(?![а-яa-z0-9])")
        units.append((rx, spec.get("unit"), float(spec.get("factor", 1.0)), bool(spec.get("skip", False))))
    g["units"] = units
    g["prefix_cur"] = [(re.compile(r"(?:" + p["pattern"] + r")\s*$"), p["unit"]) for p in u["prefix_currencies"]]
    adv = {}
    for value, forms in u["multiplier_adverbs"].items():
        for f in forms:
            adv[f] = float(value)
    g["adverb_value"] = adv
    g["adverb"] = re.compile(r"(?<![\w-])" + _alt(adv) + r"(?![\w-])")
    adj = {}
    for value, stems in u["multiplier_adjective_stems"].items():
        for s in stems:
            adj[s] = float(value)
    g["adj_value"] = adj
    g["adjective"] = re.compile(r"(?<![\w-])(" + _alt(adj) + r"|(?P<d>\d+(?:[.,]\d+)?)\s?-\s?кратн)\w*\s+"
                                + u["multiplier_adjective_nouns"])
    g["per_year_after"] = re.compile(u["per_year_after"])
    g["per_year_before"] = re.compile(u["per_year_before"])
    g["per_year_window"] = int(u["per_year_window"])
    g["per_day_after"] = re.compile(u["per_day_after"])
    g["per_year_units"] = dict(u["per_year_units"])
    g["per_day_units"] = dict(u["per_day_units"])
    q = u["qualifiers"]
    quals = []
    for name in ("approx", "more_than", "up_to"):
        for w in q[name].split("|"):
            quals.append((w, name))
    g["qual_rx"] = [(re.compile(w), name) for w, name in quals]  # (qualifier word, meaning)
    g["qualifier"] = re.compile(
        r"(?:^|[^\w-])(" + _alt(w for w, _ in quals) + r")(?:\s+чем)?(?:\s+(?:на|в|во|до|с|со|от))?\s*"
        r"(?:us\$|\$|€|₸|₽)?\s*$")
    g["more_than_after"] = re.compile(u["more_than_after"])
    g["to_level"] = re.compile(u["to_level_verbs"])
    g["time_noun"] = re.compile(r"\s*(?:" + u["time_nouns"] + r"|" + u["month_nouns"] + r")(?![а-я])")
    g["stop_noun"] = re.compile(r"(?:" + u["count_stop_nouns"] + r"|" + u["function_words"] + r")")
    g["countable"] = re.compile(u["countable_stems"])
    g["noun"] = re.compile(r"\s+([а-яa-z][а-яa-z-]*)")
    g["raz"] = re.compile(r"\s+(раза?)(?![а-я])")
    g["frequency"] = re.compile(r"\s+в\s+(?:год|неделю|месяц|день|сутки|квартал|час|полгода)(?![а-я])")
    g["v_prefix"] = re.compile(r"(?:^|[^\w-])(во?)\s+$")
    g["range_prefix"] = re.compile(r"(?:^|[^\w-])(от|с|со)\s+$")
    g["range_do"] = re.compile(r"\s+до\s+(?:us\$|\$|€|₸|₽)?\s*")
    g["range_dash"] = re.compile(r"\s?[-–—]\s?")
    # Spans that are never quantities: dates, times, phone numbers, "№ 5". Every alternative starts with
    # a digit, "+", "(", "№" or "#": the leading lookahead only lets the scan pass other positions fast.
    g["exclusions"] = re.compile(
        r"(?=[\d+(№#])(?:\b\d{1,2}\.\d{1,2}\.\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}:\d{2}\b"
        r"|(?:\+\d{1,3}\s?)?\(?\d{3,5}\)?[\s-]?\d{1,3}-\d{2}-\d{2}\b|№\s*\d+|#\d+)")
    g["clause_boundary"] = re.compile(c["clause_boundaries"])
    # a sentence end inside *text* (not after an abbreviation such as "тыс.", "млн.", "г."); the leading
    # lookahead repeats the first character class so that other positions skip the ten lookbehinds
    g["sentence_boundary"] = re.compile(
        r"(?=[.!?…])(?<!тыс)(?<!млн)(?<!млрд)(?<!трлн)(?<!долл)(?<!руб)(?<!\bг)(?<!\bт)(?<!\bгг)(?<!\bкм)(?<!\bп)"
        r"[.!?…]+[»\"”]?\s+(?=[«\"“(]?[А-ЯЁA-Z0-9])")
    g["target_cues"] = re.compile(c["target_cues"])
    g["actual_cues"] = re.compile(c["actual_cues"])
    g["base_markers"] = re.compile(c["base_markers"])
    g["year_shift_base"] = re.compile(c["year_shift_base"])
    g["dir_up"] = re.compile(c["direction_up"])
    g["dir_down"] = re.compile(c["direction_down"])
    # Every pattern a figure can start from, in one alternation: a sentence it does not match holds
    # no figure, and one search settles that for most sentences (search(A|B) finds a match exactly
    # when search(A) or search(B) does).
    g["candidate"] = re.compile("|".join(
        [r"\d"] + [g[k].pattern for k in ("numword", "adverb", "adjective", "lone_scale")]))
    return g


@lru_cache(maxsize=1)
def load_indicators() -> list[dict]:
    """Return the indicator definitions of ``analysis/data/indicators.yml`` with compiled regexes.

    Each dict has id, label, track (str or None), units (set), growth_of, context (bool) and compiled
    ``keywords``/``also``/``cue``/``not_cue``/``noun`` (or None). Read once per process.
    """
    return list(_indicators())


@lru_cache(maxsize=1)
def _indicators() -> tuple[dict, ...]:
    raw = _load_yaml("indicators.yml")
    out = []
    for spec in raw["indicators"]:
        d = {
            "id": spec["id"],
            "label": spec["label"],
            "track": spec.get("track"),
            "units": set(spec.get("units", [])),
            "growth_of": spec.get("growth_of"),
            "context": bool(spec.get("context", False)),
        }
        for key in ("keywords", "also", "cue", "not_cue", "noun"):
            d[key] = re.compile(spec[key]) if spec.get(key) else None
        out.append(d)
    return tuple(out)


def indicator_labels() -> dict[str, str]:
    """Return {indicator id: English label} including 'other' (for the book's tables)."""
    labels = {d["id"]: d["label"] for d in load_indicators()}
    labels["other"] = "Other figure"
    return labels


# --------------------------------------------------------------------------------------------
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
# Quantity grammar
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


def _number_tokens(text: str, norm: str) -> list[_Tok]:
    """Digit numbers, number-word phrases and lone scale words, left to right, excluding non-quantities."""
    g = _grammar()
    excluded = [(m.start(), m.end()) for m in g["exclusions"].finditer(norm)]

    def is_excluded(a: int, b: int) -> bool:
        return any(a < e and s < b for s, e in excluded)

    toks: list[_Tok] = []
    for m in g["digits"].finditer(norm):
        s, e = m.start(), m.end()
        if is_excluded(s, e):
            continue
        prev = norm[s - 1] if s > 0 else " "
        after_hyphen = False
        if prev.isalpha() or prev in "№#_/^":
            continue  # "СОР29", "С6", "№ 5", "24/7", "a_1", LaTeX "$x^2$"
        if prev == "+" and s >= 2 and norm[s - 2].isalnum():
            continue  # "С5+1", "3+3" are format names
        if prev in ".,":
            if s >= 2 and norm[s - 2].isdigit():
                continue  # tail of "1.2.3" or "192.168…"
        if prev in "-‑–—":
            before = norm[s - 2] if s >= 2 else " "
            if before.isalpha():
                continue  # "COP-29", "Ту-154"
            if before.isdigit() or (before == " " and s >= 3 and norm[s - 3].isdigit()):
                after_hyphen = True
        nxt = norm[e] if e < len(norm) else " "
        if nxt.isalpha():
            # "50млн", "10км" are fine; "1news", "5g" are names.
            if not (any(rx.match(norm, e) for rx, _f in g["scales"])
                    or any(rx.match(norm, e) and not sk for rx, _u, _f, sk in g["units"])):
                continue
        if nxt in "-‑" and e + 1 < len(norm) and norm[e + 1].isalpha():
            suffix = _CASE_SUFFIX.match(norm, e)
            suf = suffix.group(1) if suffix else ""
            if suf.startswith("кратн"):
                continue  # handled by the multiplier-adjective rule
            if suf not in ("ти", "ми", "х", "ух", "ех", "ью"):
                continue  # ordinal: "21-е", "5-й", "XII"-style numbering
            e = e + 1 + len(suf)  # cardinal case ending "5-ти", "2-х"
        raw = m.group(1).replace(" ", "").replace(".", "")
        if len(raw.lstrip("0")) > MAX_DIGITS:
            continue
        if m.group(3):
            # a single "," or "." before the fraction is a decimal mark ("1,5 млн", "1.5")
            value = float(raw + "." + m.group(3))
            year_like = False
        else:
            value = float(raw)
            year_like = len(m.group(1)) == 4 and 1000 <= value <= 2100
        toks.append(_Tok(s, e, value, "digit", year_like, after_hyphen))

    # Number words, merged into compounds ("двадцать пять", "сто пятьдесят").
    words = []
    for m in g["numword"].finditer(norm):
        orig = text[m.start():m.end()]
        if len(orig) > 1 and orig.isupper():
            continue  # acronym ("СТО")
        words.append((m.start(), m.end(), g["word_value"][m.group(0)]))

    def place(v: float) -> int:
        if v != int(v):
            return -1
        if v >= 100:
            return 2
        if v >= 20:
            return 1
        return 0

    i = 0
    while i < len(words):
        s, e, v = words[i]
        p = place(v)
        j = i + 1
        while j < len(words) and p > 0:
            s2, e2, v2 = words[j]
            if norm[e:s2].strip() != "":
                break
            p2 = place(v2)
            if p2 < 0 or p2 >= p:
                break
            v += v2
            e = e2
            p = p2
            j += 1
        toks.append(_Tok(s, e, v, "word"))
        i = j

    for m in g["lone_scale"].finditer(norm):
        fac = next(f for rx, f in g["lone_scale_factor"] if rx.fullmatch(m.group(1)))
        toks.append(_Tok(m.start(), m.end(), fac, "lone"))
    toks.sort(key=lambda t: (t.start, -t.end))
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


def _qualifier_before(norm: str, clause_start: int, pos: int) -> tuple[str, str | None]:
    """Return (qualifier, the word written) for the text right before *pos* within its clause."""
    g = _grammar()
    left = norm[max(clause_start, pos - 60):pos]
    m = g["qualifier"].search(left)
    if not m:
        return "exact", None
    word = m.group(1)
    for rx, name in g["qual_rx"]:
        if rx.fullmatch(word):
            return name, word
    return "exact", None


def _apply_per_period(norm: str, unit: str, unit_end: int, num_start: int,
                      clause: tuple[int, int]) -> str:
    g = _grammar()
    if unit in g["per_year_units"] or unit in g["per_day_units"]:
        after = norm[unit_end:min(clause[1], unit_end + g["per_year_window"])]
        if unit in g["per_day_units"] and g["per_day_after"].search(after):
            return g["per_day_units"][unit]
        before = norm[max(clause[0], num_start - g["per_year_window"]):num_start]
        if unit in g["per_year_units"] and (g["per_year_after"].search(after) or g["per_year_before"].search(before)):
            return g["per_year_units"][unit]
    return unit


def _counted_noun(text: str, norm: str, pos: int, limit: int) -> tuple[str | None, str]:
    """Return (noun, next-two-words) after *pos*, or (None, '') when no plain noun follows."""
    g = _grammar()
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
    toks = _number_tokens(text, norm)
    out: list[Quantity] = []
    bare: list[int] = []  # indices in `out` of bare amounts awaiting a context unit
    consumed = 0

    def mk(s: int, e: int, value: float, unit: str | None, **kw) -> Quantity:
        # an abbreviation dot that also ends the sentence ("до 1 млрд.") is not part of the figure
        if text[e - 1:e] == "." and not _WORD_AFTER.match(text, e):
            e -= 1
        return Quantity(s, e, text[s:e], value, unit, **kw)  # type: ignore[arg-type]

    # Multiplier adverbs / adjectives first ("вдвое", "втрое", "двукратный рост").
    mult: list[Quantity] = []
    for m in g["adverb"].finditer(norm):
        cl = _clause_of(clauses, m.start())
        qual, _w = _qualifier_before(norm, cl[0], m.start())
        v = g["adverb_value"][m.group(0)]
        mult.append(mk(m.start(), m.end(), v, "x", qualifier=qual, number=v))
    for m in g["adjective"].finditer(norm):
        cl = _clause_of(clauses, m.start())
        if m.group("d"):
            if len(re.split("[.,]", m.group("d"))[0].lstrip("0")) > MAX_DIGITS:
                continue  # (see MAX_DIGITS)
            v = float(m.group("d").replace(",", "."))
        else:
            v = g["adj_value"][next(k for k in g["adj_value"] if m.group(1).startswith(k))]
        end = _KRATN_WORD.match(norm, m.start()).end()
        qual, _w = _qualifier_before(norm, cl[0], m.start())
        mult.append(mk(m.start(), end, v, "x", qualifier=qual, number=v))
    mult_spans = [(q.start, q.end) for q in mult]

    def to_level_before(pos: int, clause_start: int) -> bool:
        # A change verb/noun governing "до" makes it the level reached / to reach: at most four words
        # between them ("нарастить объем взаимной торговли до") and no other past-tense verb in between
        # ("в условиях роста цен компании закупили до 5 млн тонн" stays an upper bound).
        window = norm[max(clause_start, pos - 60):pos]
        ms = list(g["to_level"].finditer(window))
        if not ms:
            return False
        between = window[ms[-1].end():].split()
        if between and between[-1] in ("до", "с", "со", "от"):
            between = between[:-1]
        return len(between) <= 4 and not any(_PAST_PLURAL.search(w) for w in between)

    i = 0
    while i < len(toks):
        t = toks[i]
        i += 1
        if t.start < consumed or any(t.start < e and s < t.end for s, e in mult_spans):
            continue
        cl = _clause_of(clauses, t.start)
        limit = cl[1]
        r = _parse_right(norm, t.end, limit)
        if r.skip:
            consumed = r.end
            continue
        if t.kind == "lone" and (r.has_scale or r.unit is None):
            continue
        number = t.value + (0.5 if r.half else 0.0)
        scaled = number * r.scale
        # Compound amounts: "1 млрд 200 млн долларов", "2 млн 500 тыс. тонн".
        while r.has_scale and r.unit is None:
            nxt = next((u for u in toks[i:] if u.start >= r.end), None)
            if nxt is None or norm[r.end:nxt.start].strip() or nxt.kind == "lone":
                break
            r2 = _parse_right(norm, nxt.end, limit)
            if not (r2.has_scale and r2.scale < r.scale):
                break
            scaled += (nxt.value + (0.5 if r2.half else 0.0)) * r2.scale
            r = _Right(end=r2.end, scale=r2.scale, has_scale=True, unit=r2.unit, unit_factor=r2.unit_factor,
                       skip=r2.skip)
            i = toks.index(nxt) + 1
        left_text = norm[max(cl[0], t.start - 12):t.start]
        vpre = g["v_prefix"].search(left_text)

        def v_start() -> int:
            return t.start - len(vpre.group(0)) + vpre.group(0).index(vpre.group(1))

        # --- multiplier "в пять раз", "в 1,5 раза", "более чем в два раза" -------------------------
        mraz = g["raz"].match(norm, r.end) if not (r.has_scale or r.unit) else None
        if mraz and vpre and mraz.end() <= limit:
            s0 = v_start()
            qual, _w = _qualifier_before(norm, cl[0], s0)
            out.append(mk(s0, mraz.end(), number, "x", qualifier=qual, number=number))
            consumed = mraz.end()
            continue

        # --- ranges "с X до Y", "от X до Y", "X–Y", "в 1,5–2 раза" -----------------------------------
        rng = None
        rpre = g["range_prefix"].search(left_text)
        if rpre:
            md = g["range_do"].match(norm, r.end)
            if md:
                rng = (md, "do")
        if rng is None and t.kind == "digit":
            md = g["range_dash"].match(norm, r.end)
            if md and not r.unit:
                rng = (md, "dash")
        if rng is not None:
            md, how = rng
            nxt = next((u for u in toks[i:] if u.start == md.end()), None)
            if nxt is not None and nxt.kind != "lone" and (how == "do" or nxt.kind == "digit"):
                r2 = _parse_right(norm, nxt.end, limit)
                hi_num = nxt.value + (0.5 if r2.half else 0.0)
                mraz2 = g["raz"].match(norm, r2.end) if not (r2.has_scale or r2.unit) else None
                if how == "dash" and vpre and mraz2 and mraz2.end() <= limit and not r.has_scale:
                    s0 = v_start()
                    qual, _w = _qualifier_before(norm, cl[0], s0)
                    out.append(mk(s0, r.end, number, "x", qualifier=qual, number=number, range_role="low"))
                    out.append(mk(nxt.start, mraz2.end(), hi_num, "x", qualifier=qual, number=hi_num,
                                  range_role="high"))
                    consumed = mraz2.end()
                    i = toks.index(nxt) + 1
                    continue
                cur_hi = _prefix_currency(norm, md.end(), cl[0])
                cur_lo = _prefix_currency(norm, t.start, cl[0])
                unit_hi = r2.unit or cur_hi or cur_lo
                fac_hi = r2.unit_factor if r2.unit else 1.0
                if not r2.skip and (unit_hi or r.unit or r2.has_scale) and \
                        not (t.year_like and nxt.year_like and not unit_hi):
                    lo_start = t.start - (len(rpre.group(0)) - rpre.group(0).index(rpre.group(1))) if rpre \
                        else t.start
                    q_both, _w = _qualifier_before(norm, cl[0], lo_start)
                    if q_both == "up_to":
                        q_both = "exact"  # "до" belongs to the range
                    unit_lo = r.unit or cur_lo or unit_hi
                    fac_lo = r.unit_factor if r.unit else fac_hi
                    scale_lo = r.scale
                    drop_low = False
                    if not r.has_scale and r2.has_scale:
                        if number < hi_num:
                            scale_lo = r2.scale  # "с 0,8 до 4,5 млн тонн": the scale is shared
                        else:
                            drop_low = True  # "с 900 до 1,2 млрд": the low end's scale is unknowable
                    change = to_level_before(lo_start, cl[0])
                    hi_end = r2.end
                    lo_unit = _apply_per_period(norm, unit_lo, hi_end, t.start, cl) if unit_lo else None
                    hi_unit = _apply_per_period(norm, unit_hi, hi_end, t.start, cl) if unit_hi else None
                    if not drop_low:
                        out.append(mk(lo_start, r.end, number * scale_lo * fac_lo, lo_unit, qualifier=q_both,
                                      number=number, range_role="low", change_range=change))
                        if lo_unit is None:
                            bare.append(len(out) - 1)
                    hi_start = _prefix_currency_start(norm, nxt.start, md.start()) if cur_hi else nxt.start
                    out.append(mk(hi_start, hi_end, hi_num * r2.scale * fac_hi, hi_unit, qualifier=q_both,
                                  number=hi_num, range_role="high", change_range=change))
                    if hi_unit is None:
                        bare.append(len(out) - 1)
                    consumed = hi_end
                    i = toks.index(nxt) + 1
                    continue

        # --- single figure -------------------------------------------------------------------------
        cur = _prefix_currency(norm, t.start, cl[0])
        start = _prefix_currency_start(norm, t.start, cl[0]) if cur else t.start
        unit = r.unit
        fac = r.unit_factor
        if cur and (unit is None or unit == cur):
            unit, fac = cur, 1.0
        qual, qword = _qualifier_before(norm, cl[0], start)
        to_level = False
        if qual == "up_to" and qword == "до" and to_level_before(start, cl[0]):
            qual, to_level = "exact", True
        if r.more or g["more_than_after"].match(norm, r.end):
            qual = "more_than"
        if t.kind == "lone" and unit is None:
            continue
        if unit is not None:
            unit = _apply_per_period(norm, unit, r.end, start, cl)
            out.append(mk(start, r.end, scaled * fac, unit, qualifier=qual, number=number, to_level=to_level))
            consumed = r.end
            continue
        if t.year_like and not r.has_scale:
            continue  # "в 2025 году", "2024 году", "с 2020 по 2025"
        # Count: "около 250 компаний", "15 документов", "более десяти раз", "2 млн человек".
        noun, two = _counted_noun(text, norm, r.end, limit)
        end = r.end
        mraz2 = g["raz"].match(norm, r.end)
        if mraz2 and mraz2.end() <= limit:
            if t.after_hyphen or g["frequency"].match(norm, mraz2.end()):
                continue  # "4 раза в неделю" is a frequency; "1,5–2 раза" without "в" is unreadable
            noun, two = mraz2.group(1), mraz2.group(1)
        if noun is not None:
            if t.kind == "word" and qual == "exact" and not g["countable"].match(two):
                continue  # "между двумя странами", "главы двух стран" count nothing
            if g["to_level"].search(noun):
                continue  # "5 выросло" is not a counted thing
            out.append(mk(start, end, scaled, "count", qualifier=qual, number=number, noun=noun,
                          to_level=to_level))
            consumed = end
            continue
        if r.has_scale and t.kind != "lone":
            out.append(mk(start, r.end, scaled, None, qualifier=qual, number=number, to_level=to_level))
            bare.append(len(out) - 1)
            consumed = r.end
            continue
        # A bare number without a scale word or counted noun is not a figure we can read.

    # A value that overflowed to infinity all the same (numerals are capped at MAX_DIGITS, but a compound
    # amount adds up) is not a figure anyone can read or compare: no quantity, never a made-up value.
    dropped: set[int] = {j for j, q in enumerate(out) if not math.isfinite(q.value)}
    mult = [q for q in mult if math.isfinite(q.value)]
    # Bare amounts take the unit of the nearest figure with a unit in the sentence (before it first).
    resolved: list[Quantity] = []
    for k in bare:
        if k in dropped:
            continue
        q = out[k]
        cands = [(0 if o.start < q.start else 1, abs(o.start - q.start), o) for j, o in enumerate(out)
                 if j not in bare and j not in dropped and o.unit not in (None, "count", "x", "%")]
        if not cands:
            dropped.add(k)
            continue
        ctx = min(cands, key=lambda c: (c[0], c[1]))[2]
        unit = ctx.unit
        out[k] = Quantity(q.start, q.end, q.text, q.value, unit, q.qualifier, q.number, q.noun, q.to_level,
                          q.range_role, q.change_range, True)
    resolved = [q for j, q in enumerate(out) if j not in dropped]
    resolved.extend(mult)
    resolved.sort(key=lambda q: (q.start, q.end))
    return resolved, clauses


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
# Register
# --------------------------------------------------------------------------------------------


def _columns(df: pd.DataFrame, names: Iterable[str]) -> list[list]:
    """The named columns of *df* as Python lists; a column *df* lacks reads as all None."""
    return [df[n].tolist() if n in df.columns else [None] * len(df) for n in names]


def _is_missing(x) -> bool:
    if x is None:
        return True
    if type(x) is str:  # the common case, settled without pandas
        return False
    try:
        return bool(pd.isna(x))
    except (TypeError, ValueError):
        return False


def _tracks_of(x) -> tuple[str, ...]:
    """The sentence's tracks as a tuple, whatever the column holds (tuple, list, array, "a,b" or NaN)."""
    if isinstance(x, str):
        return tuple(t for t in re.split(r"[,;| ]+", x) if t)
    if isinstance(x, (list, tuple)):
        return tuple(x)
    if _is_missing(x):
        return ()
    try:
        return tuple(x)
    except TypeError:
        return ()


def _match_indicator(q: Quantity, clause: tuple[int, int], norm: str, prev_norm: str | None
                     ) -> tuple[dict | None, int | None]:
    """Return (indicator, position of its nearest keyword in the sentence or None) for a quantity."""
    inds = load_indicators()
    cl_text = norm[clause[0]:clause[1]]
    centre = (q.start + q.end) / 2  # for the also-pattern, whose position only extends the quote

    def try_scope(scope: str, offset: int | None, use_context_only: bool):
        best = None
        for rank, ind in enumerate(inds):
            if q.unit not in ind["units"]:
                continue
            if use_context_only and not ind["context"]:
                continue
            if ind["cue"] is not None and not ind["cue"].search(cl_text):
                continue
            if ind["not_cue"] is not None and ind["not_cue"].search(cl_text):
                continue
            if ind["noun"] is not None and not (q.noun and ind["noun"].match(q.noun)):
                continue
            if ind["keywords"] is None:
                dist, pos = 0.0, None
            else:
                ms = list(ind["keywords"].finditer(scope))
                if not ms:
                    continue
                if ind["also"] is not None and not ind["also"].search(scope):
                    continue
                if offset is None:
                    dist, pos = 0.0, None
                else:
                    # gap between the keyword and the figure (0 when they touch or overlap)
                    def gap(m):
                        return max(0, m.start() + offset - q.end, q.start - (m.end() + offset))
                    mm = min(ms, key=gap)
                    dist = gap(mm)
                    # the also-pattern may sit further away (e.g. "торговый оборот" for "данный показатель")
                    pos = mm.start() + offset
                    if ind["also"] is not None:
                        ma = min(ind["also"].finditer(scope),
                                 key=lambda m: abs((m.start() + m.end()) / 2 + offset - centre))
                        pos = min(pos, ma.start() + offset)
            key = (dist, rank)
            if best is None or key < best[0]:
                best = (key, ind, pos)
        return best

    for scope, offset, ctx in ((cl_text, clause[0], False), (norm, 0, False)):
        b = try_scope(scope, offset, ctx)
        if b:
            return b[1], b[2]
    if prev_norm:
        b = try_scope(prev_norm, None, True)
        if b:
            return b[1], None
    return None, None


def _is_target(norm: str, q: Quantity, qs: list[Quantity], cl: tuple[int, int]) -> bool:
    """True when a goal/plan/forecast cue governs figure *q* in its clause.

    A cue before the figure counts unless a reported-fact verb ("составил", "вырос"…) comes between it and
    the figure; a cue after the figure counts only when no other figure follows in the clause (else it is
    that figure's): "составил 533 млн долларов и, как ожидается, превысит 700 млн" → 533 reported, 700 target;
    "Также в три раза увеличится пропуск контейнеров" → target.
    """
    g = _grammar()
    before = norm[cl[0]:q.start]
    cues = list(g["target_cues"].finditer(before))
    if cues and not g["actual_cues"].search(before[cues[-1].end():]):
        return True
    if not any(o.start >= q.end and o.end <= cl[1] for o in qs):
        return bool(g["target_cues"].search(norm[q.end:cl[1]]))
    return False


def _shift_for(expr_text: str) -> tuple[int, int] | None:
    """(years, months) to shift the claim's period for a claim-relative base phrase, None if unknown."""
    t = normalise(expr_text)
    if "квартал" in t:
        return 0, -3
    if "месяц" in t:
        return 0, -1
    if "год" in t or "аналогичн" in t:
        return -1, 0
    return None


def _cut_quote(text: str, a: int, b: int, fig: tuple[int, int]) -> tuple[int, int]:
    """Trim [a, b) of quotes/punctuation and, when longer than QUOTE_MAX, narrow it around the figure.

    Narrowing keeps whole comma-separated pieces around the figure as long as they fit, else a word window.
    The figure itself (``fig``) is always inside the result.
    """
    while a < fig[0] and text[a] in _QUOTE_STRIP:
        a += 1
    while b > fig[1] and text[b - 1] in _QUOTE_STRIP:
        b -= 1
    if b - a <= QUOTE_MAX:
        return a, b
    cuts = sorted({a, b} | {m.end() for m in _COMMA_CUT.finditer(text, a, b)})
    lo_i = max(k for k, c in enumerate(cuts) if c <= fig[0])
    hi_i = min(k for k, c in enumerate(cuts) if c >= fig[1])
    grown = True
    while grown:
        grown = False
        if hi_i < len(cuts) - 1 and cuts[hi_i + 1] - cuts[lo_i] <= QUOTE_MAX:
            hi_i += 1
            grown = True
        if lo_i > 0 and cuts[hi_i] - cuts[lo_i - 1] <= QUOTE_MAX:
            lo_i -= 1
            grown = True
    lo, hi = cuts[lo_i], cuts[hi_i]
    if hi - lo > QUOTE_MAX:
        room = max(0, QUOTE_MAX - (fig[1] - fig[0]))
        lo = max(lo, fig[0] - room // 2)
        hi = min(hi, fig[1] + (room - (fig[0] - lo)))
        while lo < fig[0] and lo > a and not text[lo - 1].isspace():
            lo += 1
        while hi > fig[1] and hi < b and not text[hi].isspace():
            hi -= 1
    while lo < fig[0] and text[lo] in _QUOTE_STRIP:
        lo += 1
    while hi > fig[1] and text[hi - 1] in _QUOTE_STRIP:
        hi -= 1
    return lo, hi


def _empty_claims() -> pd.DataFrame:
    df = pd.DataFrame({c: pd.Series(dtype=object) for c in CLAIM_COLUMNS})
    df["value"] = df["value"].astype(float)
    df["quote_start"] = df["quote_start"].astype("int64")
    df["quote_end"] = df["quote_end"].astype("int64")
    return df


def claims_register(sentences: pd.DataFrame, documents: pd.DataFrame, *,
                    find_time: Callable | None = None) -> pd.DataFrame:
    """Return the claims table: one row per quantitative claim, columns :data:`CLAIM_COLUMNS`.

    *sentences* needs doc_id, sentence_id, text (tracks, speaker, paragraph optional); *documents* needs
    doc_id, published (ISO or None), outlet. ``value`` is a float in base units of ``unit``; text columns
    that may be missing (period_*, speaker, outlet, published, growth_*, base_period_*) are object dtype
    holding None. Rows are ordered by doc_id, sentence order, position; claim_id = f"{doc_id}-c{n:03d}".
    *find_time* defaults to :func:`analysis.dates.find_time_expressions` (injectable for tests).
    """
    if find_time is None:
        from analysis.dates import find_time_expressions as find_time  # noqa: N813
    from analysis.dates import needs_claim_anchor, shift_iso

    g = _grammar()
    if sentences is None or len(sentences) == 0:
        return _empty_claims()
    docs = {}
    if documents is not None and len(documents):
        for doc_id, published, outlet in zip(*_columns(documents, ("doc_id", "published", "outlet"))):
            docs[doc_id] = (None if _is_missing(published) else str(published),
                            None if _is_missing(outlet) else str(outlet))

    # Only the columns used here, in (doc_id, original order): read as plain lists, one zip per row
    # rather than a namedtuple and a dict per row.
    cols = ("doc_id", "sentence_id", "text", "paragraph", "speaker", "tracks")
    sents = sentences.reset_index(drop=True)[[c for c in cols if c in sentences.columns]].copy()
    sents["_order"] = range(len(sents))
    sents = sents.sort_values(["doc_id", "_order"], kind="stable")
    rows: list[dict] = []
    prev_key = None
    prev_norm: str | None = None
    # Sentence text → (normalised text, figures, clauses). Both depend on the text alone, and reprints,
    # boilerplate and duplicates repeat sentences verbatim, so each distinct text is analysed once per call.
    analysed: dict[str, tuple[str, list[Quantity], list[tuple[int, int]]]] = {}
    # (text, publication date) → its time expressions: a repeated sentence with figures in documents of
    # the same day (a wire story and its reprints) asks the dates module once.
    times: dict[tuple[str, str | None], list] = {}
    for doc_id, sentence_id, text, par, speaker, tracks_v in zip(*_columns(sents, cols)):
        key = (doc_id, par)
        context_norm = prev_norm if prev_key == key else None
        if not isinstance(text, str) or not text:
            prev_key, prev_norm = key, None
            continue
        hit = analysed.get(text)
        if hit is None:
            norm = normalise(text)
            hit = analysed[text] = (norm, *_quantities(text, norm))
        norm, qs, clauses = hit
        prev_key, prev_norm = key, norm
        if not qs:
            continue
        published, outlet = docs.get(doc_id, (None, None))
        exprs = times.get((text, published))
        if exprs is None:
            exprs = times[text, published] = list(find_time(text, published))
        # A figure inside a time expression is a duration/date, never a claim ("первые шесть месяцев").
        qs = [q for q in qs if not any(q.start < e.end and e.start < q.end for e in exprs)]
        if not qs:
            continue
        speaker = None if _is_missing(speaker) else str(speaker)
        tracks = [t for t in _tracks_of(tracks_v) if t != "general"]
        base_exprs = []
        gov_exprs = []
        for e in exprs:
            cl = _clause_of(clauses, e.start)
            # the expression may start with the marker's own preposition ("по сравнению | с 2023 годом")
            lead = _LEAD_PREPOSITION.match(normalise(e.text))
            if needs_claim_anchor(e) or g["base_markers"].search(norm[cl[0]:e.start + (lead.end() if lead else 0)]):
                base_exprs.append(e)
            else:
                gov_exprs.append(e)
        sent_rows: list[dict] = []
        for q in qs:
            cl = _clause_of(clauses, q.start)
            cl_norm = norm[cl[0]:cl[1]]
            in_cl = [e for e in gov_exprs if cl[0] <= e.start and e.end <= cl[1]]
            before = [e for e in in_cl if e.end <= q.start]
            after = [e for e in in_cl if e.start >= q.end]
            gov = max(before, key=lambda e: e.end) if before else (min(after, key=lambda e: e.start)
                                                                   if after else None)
            target = _is_target(norm, q, qs, cl) or (gov is not None and gov.kind == "target")
            inherited = None
            if gov is None and not target:
                earlier = [e for e in gov_exprs if e.end <= cl[0]]
                inherited = max(earlier, key=lambda e: e.end) if earlier else None
                if inherited is not None and inherited.kind == "target":
                    inherited = None
            gexpr = gov or inherited

            def usable(e) -> bool:
                return bool(e is not None and e.resolved and e.start_iso
                            and not (published is None and e.relative))

            p_start = p_end = None
            if target:
                kind = "target"
                if gov is not None and usable(gov):
                    # a deadline, or a year not before publication ("в 2030 году планируется"); a past
                    # year in the clause is when the goal was set, not its period
                    future = (gov.kind == "target" or
                              (published is not None and gov.start_iso[:4] >= published[:4]) or
                              (published is None and not gov.relative and gov.kind == "point"))
                    if future:
                        p_start, p_end = gov.start_iso, gov.end_iso or gov.start_iso
            elif q.range_role == "low" and q.change_range:
                kind = "unresolved"
            elif usable(gexpr):
                kind = "actual"
                p_start, p_end = gexpr.start_iso, gexpr.end_iso or gexpr.start_iso
            else:
                kind = "unresolved"

            ind, kw_pos = _match_indicator(q, cl, norm, context_norm)
            ind_id = ind["id"] if ind else "other"
            track = (ind["track"] if ind and ind["track"] else (tracks[0] if tracks else "general"))

            # Growth helpers
            direction = None
            if q.unit in ("%", "x"):
                ups = [(abs(m.start() - (q.start - cl[0])), "up") for m in g["dir_up"].finditer(cl_norm)]
                downs = [(abs(m.start() - (q.start - cl[0])), "down") for m in g["dir_down"].finditer(cl_norm)]
                if ups or downs:
                    direction = min(ups + downs)[1]
            growth_of = ind["growth_of"] if ind else None
            is_growth = q.unit in ("%", "x") and (growth_of is not None or direction is not None)
            b_start = b_end = None
            if is_growth and kind == "actual":
                bexp = [e for e in base_exprs if cl[0] <= e.start and e.end <= cl[1]]
                if bexp:
                    e = bexp[0]
                    sh = _shift_for(e.text) if needs_claim_anchor(e) or not usable(e) else None
                    if sh is not None:
                        b_start, b_end = shift_iso(p_start, *sh), shift_iso(p_end, *sh)
                    elif usable(e):
                        b_start, b_end = e.start_iso, e.end_iso or e.start_iso
                        years = _YEAR.findall(e.text)
                        if len(years) == 1 and e.kind == "period":
                            b_start = b_end = years[0]  # "по сравнению с 2023 годом" is the year 2023
                elif g["year_shift_base"].search(cl_norm):
                    b_start, b_end = shift_iso(p_start, -1), shift_iso(p_end, -1)
                elif gexpr is not None and gexpr.kind == "period" and p_start and p_end and \
                        p_start[:4] != p_end[:4] and gexpr.relative:
                    b_start = b_end = p_start  # "за последние пять лет": measured from the window's start
                else:
                    b_start, b_end = shift_iso(p_start, -1), shift_iso(p_end, -1)

            # Quote: the clause, extended back to the indicator's keyword when that lies in an earlier clause.
            qa, qb = cl
            if kw_pos is not None and kw_pos < cl[0]:
                kcl = _clause_of(clauses, kw_pos)
                a2, b2 = _cut_quote(text, kcl[0], cl[1], (q.start, q.end))
                if b2 - a2 <= QUOTE_MAX and a2 <= kcl[0] + 3:
                    qa = kcl[0]
            qa, qb = _cut_quote(text, qa, qb, (q.start, q.end))

            sent_rows.append({
                "doc_id": doc_id, "sentence_id": sentence_id, "quote": text[qa:qb],
                "quote_start": qa, "quote_end": qb, "value": float(q.value), "unit": q.unit,
                "qualifier": q.qualifier, "period_start": p_start, "period_end": p_end, "period_kind": kind,
                "indicator": ind_id, "track": track, "speaker": speaker, "outlet": outlet,
                "published": published, "growth_of": growth_of if is_growth else None, "growth_ref": None,
                "direction": direction if is_growth else None, "base_period_start": b_start,
                "base_period_end": b_end, "_pos": q.start,
            })
        rows.extend(sent_rows)

    if not rows:
        return _empty_claims()
    # claim ids, then growth references within each sentence
    counters: dict[str, int] = {}
    for r in rows:
        counters[r["doc_id"]] = counters.get(r["doc_id"], 0) + 1
        r["claim_id"] = f"{r['doc_id']}-c{counters[r['doc_id']]:03d}"
    by_sent: dict[str, list[dict]] = {}
    for r in rows:
        by_sent.setdefault(r["sentence_id"], []).append(r)
    for r in rows:
        if r["growth_of"]:
            levels = [o for o in by_sent[r["sentence_id"]] if o["indicator"] == r["growth_of"]
                      and o["period_kind"] == r["period_kind"]]
            if levels:
                r["growth_ref"] = min(levels, key=lambda o: abs(o["_pos"] - r["_pos"]))["claim_id"]
    df = pd.DataFrame(rows, columns=CLAIM_COLUMNS)
    for c in CLAIM_COLUMNS:
        if c not in ("value", "quote_start", "quote_end"):
            df[c] = pd.Series([None if _is_missing(v) else v for v in df[c].tolist()], index=df.index, dtype=object)
    df["value"] = df["value"].astype(float)
    df["quote_start"] = df["quote_start"].astype("int64")
    df["quote_end"] = df["quote_end"].astype("int64")
    return df.reset_index(drop=True)
