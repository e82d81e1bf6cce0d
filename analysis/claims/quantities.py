"""The quantity grammar: every figure of one sentence with its value in base units, unit, qualifier and span."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

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

# --------------------------------------------------------------------------------------------
# Vocabulary
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
            return t.start - len(vpre.group(0)) + vpre.group(0).index(vpre.group(1))  # noqa: B023 (called within this iteration only)

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
