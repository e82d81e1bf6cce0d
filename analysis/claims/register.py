"""The claims register: every figure of the corpus with its period, kind, indicator, track, speaker and outlet.

Per sentence (:func:`_register_rows`): the grammar (:mod:`analysis.claims.quantities`) and the dates module,
each once per distinct input (:class:`_Analyser`); figures inside a time expression dropped; time expressions
split into governing ones and comparison bases (:func:`_split_time_expressions`). Per figure
(:func:`_claim_row`), in this order:

1. period and kind (:func:`_period`): governing time expression (:func:`_governing_time`), target cue
   (:func:`_target_cue`), a target's period (:func:`_target_period`), else an expression inherited from an
   earlier clause (:func:`_inherited_time`);
2. indicator (:func:`analysis.claims.indicators._match_indicator_scope`) and track;
3. growth helpers: direction (:func:`_direction`), growth_of, base period (:func:`_base_period`);
4. quote (:func:`_quote_span`, :func:`_cut_quote`);
5. ``why`` (:func:`_why`): the names of the rules that decided all of the above.

Then claim ids (:func:`_number_claims`) and growth references (:func:`_link_growth_refs`).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pandas as pd

from analysis.claims.grammar import _grammar
from analysis.claims.indicators import (
    _by_id,
    _growth_of_level,
    _match_indicator_scope,
    carried_goods_named,
    indicator_by_meaning,
    is_capacity,
)
from analysis.claims.quantities import LIST_ITEM, Quantity, _quantities
from analysis.claims.subjects import (
    BILATERAL,
    KA,
    THIRD_PERSON_SINGULAR,
    Context,
    article_context,
    back_reference,
    figure_subject,
    governing_lemma,
    is_bilateral,
    joint_of_countries,
    subject_anchor,
)
from analysis.claims.subjects import lexicon as subjects_lexicon  # (the entities' countries)
from analysis.claims.text import _COMMA_CUT, _LEAD_PREPOSITION, _YEAR, _clause_of, _parenthesis_of, normalise
from analysis.nlp.dates import find_time_expressions, needs_claim_anchor, shift_iso
from analysis.nlp.lemmas import lemmatize
from analysis.nlp.syntax import parse, verb_above

#: Columns of the claims table fixed by the shared contract.
CONTRACT_COLUMNS = [
    "claim_id", "doc_id", "sentence_id", "quote", "quote_start", "quote_end", "value", "unit", "qualifier",
    "period_start", "period_end", "period_kind", "indicator", "track", "speaker", "outlet", "published",
]
#: Contract columns plus the growth helpers documented in the module docstring, and ``why`` (the rules
#: that decided qualifier, period, kind and indicator; see :func:`claims_register`).
CLAIM_COLUMNS = CONTRACT_COLUMNS + [
    "subject", "bilateral", "kind",
    "growth_of", "growth_ref", "direction", "base_period_start", "base_period_end", "why",
]

QUOTE_MAX = 200  # characters; a quote must fit a table cell
#: a quote is never extended back across the start of a quotation or an explanation ("…: «За первые …")
_QUOTE_OPENS = re.compile(r"[:«\"]")
_QUOTE_STRIP = " \t\n\r«»\"“”„'‘’,;:.–—-"

# Helpers
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


# --------------------------------------------------------------------------------------------
# One sentence
# --------------------------------------------------------------------------------------------


@dataclass
class _Sentence:
    """A sentence with figures, as the claim steps read it."""

    text: str
    norm: str
    clauses: list[tuple[int, int]]
    qs: list[Quantity]  # its figures, those inside a time expression left out
    published: str | None
    context_norm: str | None  # the previous sentence of the same paragraph, normalised
    gov_exprs: list  # time expressions that may govern a figure
    base_exprs: list  # time expressions that are the base of a comparison
    paragraph: int | None = None
    lemmas: tuple = ()
    article: Context | None = None  # what the article said before this sentence (subjects, last period)


@dataclass
class _Period:
    """The period decision for one figure, with the names of the rules that made it."""

    kind: str
    start: str | None
    end: str | None
    gexpr: object  # the governing (or inherited) time expression, or None
    why_period: str
    why_kind: str


def _split_time_expressions(exprs: list, clauses: list[tuple[int, int]], norm: str) -> tuple[list, list]:
    """(governing, base) expressions: the BASE of a comparison ("чем годом ранее", "по сравнению с 2020
    годом") never governs a figure."""
    g = _grammar()
    gov_exprs, base_exprs = [], []
    for e in exprs:
        cl = _clause_of(clauses, e.start)
        # the expression may start with the marker's own preposition ("по сравнению | с 2023 годом")
        lead = _LEAD_PREPOSITION.match(normalise(e.text))
        # a year written right after a base ("чем за аналогичный период | 2024 года") is that base's year
        follows_base = bool(base_exprs) and 0 <= e.start - base_exprs[-1].end <= 1
        if needs_claim_anchor(e) or follows_base or \
                g["base_markers"].search(norm[cl[0]:e.start + (lead.end() if lead else 0)]):
            base_exprs.append(e)
        else:
            gov_exprs.append(e)
    return gov_exprs, base_exprs


def _usable(e, published: str | None) -> bool:
    """A time expression that gives a period: resolved, and not relative in an undated document."""
    return bool(e is not None and e.resolved and e.start_iso and not (published is None and e.relative))


#: The ``why`` of a period that the text gives but that cannot be resolved (see :func:`_unusable_reason`).
_UNKNOWABLE = "none:relative-in-undated-document"


def _unusable_reason(e, published: str | None) -> str:
    """Why :func:`_usable` refused *e* (for the ``why`` column)."""
    if published is None and e.relative:
        return f"relative-in-undated-document:{e.text}"
    return f"unresolved-time:{e.text}"


_TO_WORD = re.compile(r"(?<!\w)до(?!\w)")


#: What may stand between a figure and the time written right after it ("70 тыс. TEU в год сегодня").
_JUST_AFTER = re.compile(r"\W{0,2}(?:в\s+год\W{0,2})?$")


def _governing_time(q: Quantity, cl: tuple[int, int], gov_exprs: list, others: list | None = None,
                    norm: str = "") -> tuple[object, str | None]:
    """(expression, rule): the nearest one before the figure in its clause, else the nearest after it —
    unless the one before is written right after another figure and one is written right after this
    one ("упала с 259 долларов в 2023 году до 216 долларов в 2024-м": each figure has its own year)."""
    in_cl = [e for e in gov_exprs if cl[0] <= e.start and e.end <= cl[1]]
    before = [e for e in in_cl if e.end <= q.start]
    right_after = [e for e in in_cl if 0 <= e.start - q.end <= 2]
    if before and right_after:
        last = max(before, key=lambda e: e.end)
        from_to = _TO_WORD.search(norm[last.end:q.start]) if norm else None  # "с X в 2023 году до Y в 2024-м"
        if from_to and any(o.end <= last.start and _JUST_AFTER.match(norm[o.end:last.start]) for o in (others or []) if o is not q):
            return right_after[0], "right-after-figure"
    if before:
        return max(before, key=lambda e: e.end), "nearest-before-in-clause"
    # not one written right before another figure ("около 400 тысяч тонн …, пик пришелся на апрель — 430
    # тысяч тонн": April is the 430's)
    after = [e for e in in_cl if e.start >= q.end
             and not any(o is not q and o.start >= e.end and re.fullmatch(r"\s*[—–-]\s*", norm[e.end:o.start])
                         for o in (others or []))]
    if after:
        return min(after, key=lambda e: e.start), "nearest-after-in-clause"
    return None, None


def _inherited_time(cl: tuple[int, int], gov_exprs: list) -> object:
    """For a reported figure with none in its clause: the nearest expression in an earlier clause of the
    sentence, unless that is a deadline ("К 2028 году …, а …")."""
    earlier = [e for e in gov_exprs if e.end <= cl[0]]
    inherited = max(earlier, key=lambda e: e.end) if earlier else None
    if inherited is not None and inherited.kind == "target":
        return None
    return inherited


def _visible(exprs: list, text: str, q: Quantity) -> list:
    """The time expressions figure *q* may take: those in its own brackets when there are any, else those
    in no brackets — in "в 2015 году закупила 629 тыс. т (567 тыс. т в 2013/14)" the season in brackets is
    the 567's, and 2015 the 629's."""
    own = _parenthesis_of(text, q.start)
    inside = [e for e in exprs if own is not None and _parenthesis_of(text, e.start) == own]
    return inside or [e for e in exprs if _parenthesis_of(text, e.start) is None]


def _parenthesised_base(s: _Sentence, q: Quantity) -> object:
    """A figure in brackets right after a comparison base is the base's level: "увеличился на 15% по
    сравнению с 2024 годом (51,4 тысячи ДФЭ)" — the 51.4 thousand TEU are 2024's."""
    base = _base_before_bracket(s, q)
    if base is None or not _usable(base, s.published):
        return None
    years = _YEAR.findall(base.text)
    if len(years) == 1 and base.kind == "period":  # "по сравнению с 2024 годом" is the year 2024
        return dataclasses.replace(base, kind="point", start_iso=years[0], end_iso=years[0], precision="year")
    return base


def _base_before_bracket(s: _Sentence, q: Quantity) -> object:
    """The comparison base written right before the bracket that *q* opens ("… по сравнению с 2024 годом
    (51,4 тысячи ДФЭ)", "… чем за аналогичный период прошлого года (47 157 TEU)"), or None."""
    own = _parenthesis_of(s.text, q.start)
    if own is None or s.text[own[0] + 1:q.start].strip():
        return None
    return next((e for e in s.base_exprs if e.end <= own[0] and own[0] - e.end <= 2), None)


#: A clause that tells the consequence of the one before ("…, что приведет к росту производства на 10-15%"):
#: it happens in the time of that clause.
_CONSEQUENCE = re.compile(r"\W*что\s+(?:приведет|приведут|позволит|позволят|обеспечит|обеспечат)\b")


_DASH_GAP = re.compile(r"\s*[–—-]\s*")


def _base_figure_time(s: _Sentence, q: Quantity) -> object:
    """The time written right after a figure that is itself the base of a comparison: "снизила по сравнению
    с 207 тыс. т в сезоне-2013/14" — 207 thousand tonnes are 2013/14's, not the sentence's 2014/15."""
    if not re.search(f"(?:{_grammar()['base_markers'].pattern})\\s*$", s.norm[max(0, q.start - 40):q.start]):
        return None
    exprs = sorted(s.gov_exprs + s.base_exprs, key=lambda e: e.start)
    end = q.end
    same = next((e for e in exprs if 0 <= e.start - end <= 2 and _SAME_PERIOD.fullmatch(normalise(e.text))), None)
    if same is not None:  # "против 8 млн 372 тыс. тонн за аналогичный период 2019 года": the year after it
        end = same.end
    after = [e for e in exprs if 0 <= e.start - end <= 2 and _usable(e, s.published)]
    return after[0] if after else None


_SAME_PERIOD = re.compile(r"(?:за|в)\s+(?:тот\s+же|аналогичн\w*)\s+период\w*")


def _dash_ellipsis_time(s: _Sentence, cl: tuple[int, int]) -> object:
    """A dash standing for the verb left out after a time expression gives that time to the figure after
    it: "в 2026 году до 6 млн тонн, а к 2027 году – до 7,2 млн тонн" (7.2 million by 2027)."""
    for e in s.gov_exprs:
        if e.end <= cl[0] and _DASH_GAP.fullmatch(s.text[e.end:cl[0]]):
            return e
    return None


_WHEN_CLAUSE = re.compile(r"\W*когда\b")


def _when_clause_time(s: _Sentence, cl: tuple[int, int]) -> object:
    """A clause "когда …" after a time expression is about that time, a comparison base included: in
    "больше, чем за аналогичный период 2024 года, когда было зафиксировано 443 843 тонны" the 443,843 t
    are 2024's."""
    if not _WHEN_CLAUSE.match(s.norm[cl[0]:cl[1]]):
        return None
    before = [e for e in s.gov_exprs + s.base_exprs if e.end <= cl[0] and cl[0] - e.end <= 3]
    return before[0] if before else None


#: A coordinated clause with a subject of its own after the figure (", и часть из них будет …").
_NEW_CLAUSE = re.compile(r",\s*(?:и|а|но)\s+(?!как\b)\w")

#: A goal named right before the dash that opens the figure's clause ("цель обеих стран — достижение …").
_GOAL_BEFORE_DASH = re.compile(r"(?<!\w)(цел[ьи]|задач[аи]|ориентир)(?:\s+\w+){0,3}\s*[—–-]\s*$")


#: "отправки ожидают около 1000 грузовиков", "своей очереди ожидают 500 фур": things waiting their turn, no
#: expectation.
_AWAITED = r"(?:своей\s+)?(?:отправк|погрузк|разгрузк|очеред|пропуск|пересечени|оформлени|переправ)\w*"
_WAITING = re.compile(rf"(?<!\w){_AWAITED}\s+ожида(?:ет|ют|л|ли)\b|(?<!\w)ожида(?:ет|ют|л|ли)\s+{_AWAITED}")


def _awaits(norm: str, at: int) -> bool:
    """Is the cue at *at* "ожидают" in the sense of waiting for something (:data:`_WAITING`)?"""
    return any(m.start() <= at < m.end() for m in _WAITING.finditer(norm, max(0, at - 40), at + 60))


def _target_cue(s: _Sentence, q: Quantity, cl: tuple[int, int]) -> str | None:
    """The rule by which a goal/plan/forecast cue governs figure *q* in its clause, None when none does.

    A cue before the figure counts unless a reported-fact verb ("составил", "вырос"…) comes between it and
    the figure ("target-cue:<cue>"); a cue after the figure counts only when no other figure follows in the
    clause, else it is that figure's ("target-cue-after:<cue>"): "составил 533 млн долларов и, как ожидается,
    превысит 700 млн" → 533 reported, 700 target; "Также в три раза увеличится пропуск контейнеров" → target.
    """
    g = _grammar()
    level_of = _dash_level_of(s, q, cl)
    if level_of is not None:  # "прогнозируется рост … на 43% — до 4 млн тонн": the level the change reaches
        cue = _target_cue(s, level_of, _clause_of(s.clauses, level_of.start))
        if cue:
            return f"dash-level:{cue}"
    before = s.norm[cl[0]:q.start]
    own = _parenthesis_of(s.text, q.start)
    # a cue in brackets the figure is not in is the aside's: "(на 13,7 процентов больше плана) против 899,5 тысяч тонн"
    cues = [m for m in g["target_cues"].finditer(before)
            if _parenthesis_of(s.text, cl[0] + m.start()) in (None, own) and not _awaits(s.norm, cl[0] + m.start())]
    if cues and not g["actual_cues"].search(before[cues[-1].end():]):
        m = cues[-1]
        return f"target-cue:{s.text[cl[0] + m.start():cl[0] + m.end()]}"
    m = _GOAL_BEFORE_DASH.search(s.norm[max(0, cl[0] - 60):cl[0]])
    if m:  # "ведь цель обеих стран — достижение товарооборота в один миллиард долларов"
        return f"goal-before-dash:{m.group(1)}"
    if not any(o.start >= q.end and o.end <= cl[1] for o in s.qs):
        m = g["target_cues"].search(s.norm[q.end:cl[1]])
        if m and _NEW_CLAUSE.search(s.norm[q.end:q.end + m.start()]):
            m = None  # "130 тысяч наших граждан …, и часть из них будет присутствовать": another clause's
        if m:
            return f"target-cue-after:{s.text[q.end + m.start():q.end + m.end()]}"
    verb = _reporting_verb(parse(s.text), q.start)
    if verb is not None and verb.feat("Tense") == "Fut":
        return f"future-verb:{verb.text}"  # "Прокладку кабеля длиной 380-400 км осуществят …"
    if s.context_norm and _verbless(s) and not back_reference(s.lemmas) and _planned(s.context_norm):
        return "verbless-after-plan"  # "Оптоволоконная линия пройдет от Актау до Сиазани. Общая длина — больше 340 км"
    if s.context_norm and _explains_previous(s):  # "…заинтересован в экспорте … Речь идет о … $300 млн"
        m = g["target_cues"].search(s.context_norm)
        if m and not g["actual_cues"].search(s.context_norm[m.end():]):
            return f"explains-previous-sentence:{m.group(0)}"
    return None


_DASH_LEVEL = re.compile(r"[–—-]\s*(?:до|около|почти|порядка)\s*$")


def _dash_level_of(s: _Sentence, q: Quantity, cl: tuple[int, int]) -> Quantity | None:
    """The change a level written after a dash belongs to ("рост … на 43% — до 4 млн тонн"): the figure
    right before the dash, in the clause before *q*'s; None when *q* is no such level."""
    if q.unit in ("%", "x") or not _DASH_LEVEL.search(s.norm[max(0, cl[0] - 3):q.start]) or q.start - cl[0] > 12:
        return None
    before = [o for o in s.qs if o.end <= cl[0]]
    return before[-1] if before and before[-1].unit in ("%", "x") else None


def _verbless(s: _Sentence) -> bool:
    """Does sentence *s* have no verb of its own ("Общая длина — больше 340 километров")?"""
    return not any(t.pos in {"VERB", "AUX"} for t in parse(s.text))


def _planned(norm: str) -> bool:
    """Does the (normalised) sentence tell a plan: a target cue, or a verb in the future ("пройдет")?"""
    g = _grammar()
    if g["target_cues"].search(norm) and not g["actual_cues"].search(norm):
        return True
    return any(t.pos == "VERB" and t.feat("Tense") == "Fut" for t in parse(norm))


def _explains_previous(s: _Sentence) -> bool:
    """Does sentence *s* say what the sentence before it was about ("Речь идет о …", claims.yml
    ``explains_previous``)?"""
    return bool(_grammar()["explains_previous"].search(s.norm))


_COMPLETION = re.compile(r"\W*(?:а|и)\s+(?:\w+\s+){0,3}?(?:заверш|законч|окончи|ввести|сдать|сдан)\w*")


def _completion_deadline(s: _Sentence, cl: tuple[int, int]) -> object:
    """A target with no time in its clause takes the deadline of the clause after it that completes the same
    plan: "мощность терминала будет доведена до 240 тысяч TEU, а завершить весь этот процесс планируется в
    2026 году"."""
    nxt = next((c for c in s.clauses if c[0] >= cl[1] and re.search(r"\w", s.norm[c[0]:c[1]])), None)
    if nxt is None or not _COMPLETION.match(s.norm[cl[1]:nxt[1]]):
        return None
    return next((e for e in s.gov_exprs if nxt[0] <= e.start and e.end <= nxt[1]), None)


def _target_period(s: _Sentence, gov, gov_rule: str | None, why_kind: str) -> _Period:
    """The period of a target: its deadline, or a year not before publication ("в 2030 году планируется");
    a past year in the clause is when the goal was set, not its period."""
    published = s.published
    if gov is None:
        return _Period("target", None, None, gov, "none:no-time-in-clause", why_kind)
    if not _usable(gov, published):
        return _Period("target", None, None, gov, "none:" + _unusable_reason(gov, published), why_kind)
    future = (gov.kind == "target" or
              (published is not None and gov.start_iso[:4] >= published[:4]) or
              (published is None and not gov.relative and gov.kind == "point"))
    if not future:
        return _Period("target", None, None, gov, f"none:past-year-is-when-set:{gov.text}", why_kind)
    start, end = gov.start_iso, gov.end_iso or gov.start_iso
    if start == end and start.endswith("-12") and "конц" in gov.text.lower():
        start = end = start[:4]  # "до конца 2027 года": a deadline is its year
    return _Period("target", start, end, gov, f"{gov_rule}:{gov.text}", why_kind)


_PRONOUNS = THIRD_PERSON_SINGULAR | {"они"}  # a subject that continues the previous sentence's


def _continues_previous(s: _Sentence) -> bool:
    """A sentence with no time expression of its own whose subject is a pronoun, in the paragraph of the
    previous figure: "С Кыргызстаном он увеличился в два раза и достиг 40,064 млн долларов"."""
    return (not s.gov_exprs and not s.base_exprs and s.article is not None
            and s.article.last_period_paragraph == s.paragraph and _pronoun_subject(s))


def _pronoun_subject(s: _Sentence) -> bool:
    """Does the sentence open with a pronoun that is its subject ("С Кыргызстаном он увеличился …"), not
    one in an attribution ("По его словам, …")?"""
    if not _PRONOUNS & set(s.lemmas[:4]):
        return False
    return any(t.lemma in _PRONOUNS and t.rel.startswith("nsubj") for t in parse(s.text)[:6])


def _refers_back(s: _Sentence) -> bool:
    """Does the sentence measure what the article's previous figure measured: a back-reference ("этот
    показатель") or a pronoun subject in the previous figure's paragraph ("С Кыргызстаном он увеличился …")?"""
    if back_reference(s.lemmas):
        return True
    return (s.article is not None and s.article.last_period_paragraph == s.paragraph and _pronoun_subject(s))


#: Units of figures that state a fact with no period (a length, a data rate, a capacity in watts).
_TIMELESS_UNITS = frozenset({"km", "bit/s", "W"})
#: Units of a journey's time: it takes no period from the figures around it.
_DURATIONS = frozenset({"day", "hour"})


def _article_period_applies(s: _Sentence, q: Quantity, cl: tuple[int, int]) -> bool:
    """A reported figure with no time of its own, in a sentence told in the past ("составил",
    "было перевезено"), continues the period the article stated for its earlier figures — the customs
    release that names "январь–октябрь 2023 года" once. Not a length or a data rate, not a figure that
    holds now or every year ("ежегодно", "в настоящее время"), not one told in the present ("Речь идет о
    … на сумму $300 млн")."""
    cues = _grammar()["timeless_cues"]
    if s.gov_exprs or q.unit in _TIMELESS_UNITS or cues.search(s.norm[cl[0]:cl[1]]) or cues.match(s.norm):
        return False  # a cue opening the sentence holds for all of it: "Сейчас …, а срок перевозки сократился до 11 дней"
    return _told_in_the_past(parse(s.text), q.start)


def _told_in_the_past(tokens, start: int) -> bool:
    """Is the verb that reports the figure at character *start* in the past ("составил", "было перевезено"),
    not a present, a future or a gerund ("сокращая время вдвое")?"""
    verb = _reporting_verb(tokens, start)
    if verb is None:
        return not any(t.pos in {"VERB", "AUX"} for t in tokens)  # "это на 10% больше": no verb, no tense of its own
    aux = [c for c in tokens if c.head == verb.i and c.pos == "AUX"]
    return any(x.feat("Tense") == "Past" for x in [verb, *aux])


def _reporting_verb(tokens, start: int):
    """The verb that reports the figure at character *start*."""
    return verb_above(tokens, next((t for t in tokens if t.stop > start), None))


_WINDOW = re.compile(r"(?:последни\w* (?:\S+ )?|(?<!\S)за \S+ )(?:лет|года?)\b")


def _anchor_window(s: _Sentence, p: _Period, q: Quantity) -> _Period:
    """"За последние пять лет товарооборот вырос в пять раз и в 2024 году составил 533 млн": the window
    ends in the year the sentence gives for the level it reached (2020..2024), not at publication; the
    level itself is of that year alone ("…увеличивался на 35–40% в год, достигнув около 3,2 миллиона тонн в
    2024 году": 2024), and a change starts from the base year the sentence compares with ("по сравнению с 1,5
    миллиона тонн в 2022 году": 2022..2024)."""
    e = p.gexpr
    if e is None or p.start is None or not _WINDOW.search(normalise(getattr(e, "text", ""))):
        return p
    years = [x for x in s.gov_exprs if x.start > e.end and not x.relative and x.resolved
             and x.start_iso and len(x.start_iso) == 4 and x.kind != "target"]
    if not years:
        return p
    own = next((x for x in years if 0 <= x.start - q.end <= 4), None)
    if own is not None and q.unit not in ("%", "x"):
        return dataclasses.replace(p, start=own.start_iso, end=own.start_iso, why_period=f"level-in-its-year:{own.start_iso}")
    if len(years) >= 2 and years[-1].start_iso > years[0].start_iso:
        # "за последние пять лет … вырос в шесть раз – с 0,8 млн тонн в 2020 году до 4,5 млн тонн в 2024 году"
        start, end = years[0].start_iso, years[-1].start_iso
        return dataclasses.replace(p, start=start, end=end, why_period=f"window-from-to-stated-years:{start}..{end}")
    end = years[0].start_iso
    base = [x.start_iso for x in s.base_exprs + years[1:] if x.start > e.end and not x.relative and x.resolved
            and x.start_iso and len(x.start_iso) == 4 and x.start_iso < end]
    if base and q.unit in ("%", "x"):
        return dataclasses.replace(p, start=min(base), end=end, why_period=f"window-from-base-year:{min(base)}..{end}")
    span = int(p.end[:4]) - int(p.start[:4])
    start = str(int(end) - span + 1)
    return dataclasses.replace(p, start=start, end=end, why_period=f"window-ends-at-stated-year:{start}..{end}")


_SAME_PERIOD_OF_YEAR = re.compile(r"(?:т(?:от|ого|ом|ем) же|аналогичн\w*) период\w*\s+(?:\w+\s+)?(\d{4})")


def _same_period_of_year(s: _Sentence, p: _Period, prev: tuple) -> _Period:
    """"За тот же период 2024 года", "аналогичный период 2024 года": the months of the article's previous
    period, in that year (2025-01..2025-11 before it → 2024-01..2024-11)."""
    e = p.gexpr
    m = _SAME_PERIOD_OF_YEAR.search(s.norm[max(0, e.start - 40):e.end]) if e is not None else None
    if not m or not prev[0] or len(prev[0]) != 7 or not prev[1] or len(prev[1]) != 7:
        return p
    year = m.group(1)
    start, end = f"{year}{prev[0][4:]}", f"{year}{prev[1][4:]}"
    return dataclasses.replace(p, start=start, end=end, why_period=f"same-period-of-year:{start}..{end}")


def _last_figure_in_paragraph(s: _Sentence) -> bool:
    """Was the article's last figure with a period in the paragraph of sentence *s*?"""
    return s.article is not None and s.article.last_period_paragraph == s.paragraph


#: "за отчетный период": the period of the report the article tells.
_REPORT_PERIOD = re.compile(r"(?<!\w)отч[её]тн\w+\s+период\w*")


def _back_referenced(s: _Sentence, p: _Period, q: Quantity, cl: tuple[int, int]) -> _Period:
    """A reported figure with no period of its own, in a sentence that refers back ("за отчетный период",
    "за тот же период", "этот показатель") or continues the previous one with a pronoun, takes the
    period of the article's previous figure."""
    p = _anchor_window(s, p, q)
    prev = s.article.last_period if s.article is not None else None
    if prev == (None, None) and p.start is None and _REPORT_PERIOD.search(s.norm) and s.article.report_period:
        # "Объем перевозок нефти … за отчетный период сократился на 15%" after a figure of "текущего года" in an
        # undated release: the report's period, the one its lead stated ("в январе-сентябре 2020 года")
        prev = s.article.report_period
        return _Period("actual", prev[0], prev[1], p.gexpr, f"report-period:{prev[0]}..{prev[1]}", "reported-back-reference")
    if prev is None or prev == (None, None):
        return p
    if p.start is not None:
        return _same_period_of_year(s, p, prev)
    if p.kind != "unresolved" or q.unit in _DURATIONS:
        return p  # a journey's time with no time of its own is the route's, whenever it was told
    if p.why_period.startswith(_UNKNOWABLE) and p.gexpr is not None and p.gexpr.end <= q.start \
            and p.gexpr not in s.base_exprs:
        # "В январе-феврале текущего года … 22 254 туриста, что на 106 процентов превышает показатель того же
        # периода 2023 года" in an undated article: its own time, unknowable, not the last figure's
        return p
    if tuple(s.lemmas[:1]) == ("это",) and s.article.last_kind == "target" and _last_figure_in_paragraph(s):
        # "…до семи миллионов тонн в год к 2027 году. Это более чем в четыре раза выше нынешнего показателя"
        return _Period("target", prev[0], prev[1], p.gexpr, f"compares-previous-target:{prev[0]}..{prev[1]}",
                       "compares-previous-target")
    if back_reference(s.lemmas):
        rule = "back-reference"
    elif _continues_previous(s) and q.unit not in _TIMELESS_UNITS:
        rule = "pronoun-continues-previous"
    elif _article_period_applies(s, q, cl):
        rule = "article-period"
    elif _after_its_base(s, q, prev):
        rule = "after-its-base"
    else:
        return p
    return _Period("actual", prev[0], prev[1], p.gexpr, f"{rule}:{prev[0]}..{prev[1]}", "reported-back-reference")


def _after_its_base(s: _Sentence, q: Quantity, prev: tuple) -> bool:
    """A change with no time of its own but a base year ("По сравнению с 2024 годом наблюдается увеличение
    перевозок грузов на 42%") right after a figure of the next year in its paragraph ("в 2025 году … было
    перевезено 4,002 миллиона тонн") is that figure's change: it has its period."""
    if q.unit not in ("%", "x") or s.gov_exprs or s.article is None or s.article.last_period_paragraph != s.paragraph:
        return False
    years = {e.start_iso for e in s.base_exprs if e.start_iso and len(e.start_iso) == 4}
    return len(years) == 1 and prev[0] == prev[1] and prev[0] is not None and prev[0] == str(int(years.pop()) + 1)


_THAT = re.compile(r"\W*что\b")


def _main_clause_of(s: _Sentence, cl: tuple[int, int]) -> tuple[int, int] | None:
    """The clause a "что"-clause *cl* depends on (the one right before it), or None when *cl* is no
    "что"-clause."""
    if not _THAT.match(s.norm[cl[0]:cl[1]]):
        return None
    before = [c for c in s.clauses if c[1] <= cl[0] and re.search(r"\w", s.norm[c[0]:c[1]])]
    return before[-1] if before else None


_TOTAL_OF_THOSE = re.compile(r"\b(?:общ(?:ей|ая|ую)|суммарн\w*|совокупн\w*)\s+(?:\w+\s+){0,2}$")


def _timeless_property(s: _Sentence, q: Quantity, p: _Period) -> _Period:
    """A vessel's or a yard's capacity is a property of the thing, not a figure for a period: in "до 2027
    года планируется закупить два судна вместимостью 700 контейнеров" the year is the purchase's."""
    if p.start is None:
        return p
    if is_capacity(s.norm, q) and not _TOTAL_OF_THOSE.search(s.norm[max(0, q.start - 40):q.start]):
        # (the total capacity of the ships that came in a month is that month's: "В сентябре в порт прибыло 14
        # судов общей грузоподъемностью около 50 тыс. тонн")
        return dataclasses.replace(p, start=None, end=None, why_period="none:capacity-of-a-thing")
    paren = _parenthesis_of(s.text, q.start)
    if q.unit in _TIMELESS_UNITS and paren is not None and not any(paren[0] <= e.start < paren[1] for e in s.gov_exprs):
        # "к реализации этого масштабного проекта (порядка 400 км по дну Каспия) так и не приступили":
        # a length glossing the project, not a figure of the sentence's year
        return dataclasses.replace(p, start=None, end=None, why_period="none:property-in-parentheses")
    return p


def _plan_document(s: _Sentence) -> str | None:
    """The words that say sentence *s* gives the figures of a plan (claims.yml ``plan_source`` and
    ``plan_words``, the latter in *s* or the sentence before it in its paragraph), or None."""
    g = _grammar()
    m = g["plan_source"].search(s.norm)
    if m is None or not (g["plan_words"].search(s.norm) or (s.context_norm and g["plan_words"].search(s.context_norm))):
        return None
    return s.text[m.start():m.end()]


_OUTCOME = re.compile(r"по\s+итогам\s+(?:\w+\s+)?(\d{4})")
_WILL_AMOUNT_TO = re.compile(r"target-cue:(?:составит|составят|превысит|превысят|достигнет|достигнут)$")


def _outcome_of_the_running_year(p: _Period, s: _Sentence, cl: tuple[int, int]) -> bool:
    """"…по итогам 2025 года составит порядка 1,5 млн тонн", said in December 2025: what the year in course
    will amount to is expected, not aimed at (a plan word would make it a target)."""
    m = _OUTCOME.search(s.norm[cl[0]:cl[1]])
    return bool(m and s.published and s.published[:4] == m.group(1) and _WILL_AMOUNT_TO.match(p.why_kind))


def _kind(p: _Period, s: _Sentence, cl: tuple[int, int], q: Quantity) -> tuple[str, str]:
    """(kind, rule): 'forecast' for a forecast cue in the figure's clause ("ожидается", "по прогнозам"),
    'target' for any other goal or plan, else 'actual' — a reported fact, whether or not its period is known.
    A journey time told only in the future tense is expected, not aimed at: a forecast."""
    if p.kind == "target" and q.unit == "day" and p.why_kind.startswith("future-verb"):
        return "forecast", f"journey-time-{p.why_kind}"  # "поезд … прибудет в Баку примерно через 20 суток"
    if p.kind == "target" and _outcome_of_the_running_year(p, s, cl):
        return "forecast", f"outcome-of-the-running-year:{p.why_kind}"
    if p.kind == "target":
        m = _grammar()["forecast_cues"].search(s.norm[cl[0]:cl[1]])
        plan = _plan_document(s)
        if m and plan:  # "Как следует из документа [a plan], … объем ожидается на уровне 5,2 млн тонн"
            return "target", f"plan-document:{plan}"
        if m:
            return "forecast", f"forecast-cue:{s.text[cl[0] + m.start():cl[0] + m.end()]}"
        main = _main_clause_of(s, cl)  # "Я уверен, что к 2027 году мы достигнем …": the main clause's belief
        m = _grammar()["forecast_cues"].search(s.norm[main[0]:main[1]]) if main else None
        if m:
            return "forecast", f"forecast-cue-in-main-clause:{s.text[main[0] + m.start():main[0] + m.end()]}"
        m = _grammar()["forecast_cues"].search(s.norm[:cl[0]])
        if m and not plan and p.why_kind.startswith(("deadline", "future-verb", "dash-level")):
            # "прогнозируется не только сохранение этой динамики, но и рост показателей до 100 тысяч TEU к концу
            # года": only a date or a tense made it a target; the sentence says whose expectation it is
            return "forecast", f"forecast-cue-earlier-in-sentence:{s.text[m.start():m.end()]}"
        return "target", p.why_kind
    return "actual", p.why_kind


def _from_level_in_the_past(s: _Sentence, q: Quantity, gov) -> bool:
    """Is *q* the level a change starts from ("с 1,5 миллиона тонн в 2024 году"), with a time of its own right
    after it that is past (before publication; any year in an undated article)?"""
    if gov is None or not _FROM_LEVEL.search(s.norm[max(0, q.start - 8):q.start]) or not 0 <= gov.start - q.end <= 3:
        return False
    end = gov.end_iso or gov.start_iso
    return bool(end) and (not s.published or end < s.published[:len(end)])


_FROM_LEVEL = re.compile(r"(?<!\w)с(?:о)?\s+(?:почти\s+|около\s+|порядка\s+)?$")


def _consequence_time(s: _Sentence, cl: tuple[int, int]) -> object:
    """A clause telling the consequence of the one before (:data:`_CONSEQUENCE`) has that clause's time."""
    return _inherited_time(cl, s.gov_exprs) if _CONSEQUENCE.match(s.norm[cl[0]:cl[1]]) else None


#: How a figure finds its own time expression, in the order tried: (rule name, finder). The nearest one
#: in its clause names its rule itself (``nearest-before-in-clause``, ``right-after-figure`` …).
OWN_TIME_RULES = (
    ("parenthesised-base", lambda s, q, cl: (_parenthesised_base(s, q), None)),
    ("base-figure", lambda s, q, cl: (_base_figure_time(s, q), None)),
    ("nearest-in-clause", lambda s, q, cl: _governing_time(q, cl, _visible(s.gov_exprs, s.text, q), s.qs, s.norm)),
    ("dash-ellipsis", lambda s, q, cl: (_dash_ellipsis_time(s, cl), None)),
    ("consequence-of-earlier-clause", lambda s, q, cl: (_consequence_time(s, cl), None)),
)


def _own_time(s: _Sentence, q: Quantity, cl: tuple[int, int]) -> tuple[object, str | None]:
    """(expression, rule): the time expression figure *q* takes by the first of :data:`OWN_TIME_RULES`
    that finds one, else (None, None)."""
    for name, find in OWN_TIME_RULES:
        expr, rule = find(s, q, cl)
        if expr is not None:
            return expr, rule or name
    return None, None


#: A clause that restates the figure before it in other units ("…300 блок-поездов, что эквивалентно
#: примерно 30 тыс. TEU"): it has that figure's period and kind.
_RESTATES = re.compile(r"\W*(?:что\s+)?(?:эквивалентн\w*|соответству\w*|равнозначн\w*|равн[оа]\s+)")


def _restated(s: _Sentence, q: Quantity, cl: tuple[int, int]) -> _Period | None:
    """The period of the figure a restating clause restates (:data:`_RESTATES`), None when *q*'s clause
    restates nothing."""
    if not _RESTATES.match(s.norm[cl[0]:cl[1]]):
        return None
    earlier = [o for o in s.qs if o.end <= cl[0]]
    if not earlier:
        return None
    prev = earlier[-1]
    p = _period(s, prev, _clause_of(s.clauses, prev.start))
    return dataclasses.replace(p, why_period=f"restates-previous-figure:{p.why_period}")


def _period(s: _Sentence, q: Quantity, cl: tuple[int, int]) -> _Period:
    """Period and period kind of figure *q* (see the module docstring of :mod:`analysis.claims`)."""
    restated = _restated(s, q, cl)
    if restated is not None:
        return restated
    gov, gov_rule = _own_time(s, q, cl)
    cue = _target_cue(s, q, cl)
    if cue is not None and _from_level_in_the_past(s, q, gov):
        # "обдумывает увеличение экспорта … до 20 миллионов тонн в год с 1,5 миллиона тонн в 2024 году": the level
        # a planned change starts from, in a past year of its own, is a fact
        cue, gov_rule = None, "from-level-in-the-past"
    if gov is None and cue is not None and cue.startswith("dash-level"):
        gov, gov_rule = _inherited_time(cl, s.gov_exprs), "time-of-its-change"  # "На 2024 год прогнозируется рост … — до 4 млн тонн"
    if cue is not None or (gov is not None and gov.kind == "target"):
        if gov is None:
            gov, gov_rule = _completion_deadline(s, cl), "deadline-of-completion"
        return _target_period(s, gov, gov_rule, cue or f"deadline:{gov.text}")
    gexpr = gov
    if gov is None:
        gexpr, gov_rule = _when_clause_time(s, cl), "when-clause"
    if gexpr is None:
        gexpr, gov_rule = _inherited_time(cl, s.gov_exprs), "nearest-in-earlier-clause"
    if q.range_role == "low" and q.change_range:
        return _Period("unresolved", None, None, gexpr, "none:change-range-low-end", "change-range-low-end")
    if _usable(gexpr, s.published) and _dates_the_start(s, gexpr, q):
        # "С момента запуска фидерной линии … в апреле 2019 года «Казмортрансфлот» перевезла более 12 тыс. TEU":
        # a running total from the dated event to publication (unknown in an undated article)
        end = s.published[:7] if s.published else None
        first = _event_date(s, gexpr)
        if first is not None and first.start_iso and first.start_iso < gexpr.start_iso:
            # "с момента запуска линии … в апреле 2019 года уже в начале августа текущего года достиг отметки в 100
            # тысяч TEU": from the event's date to the later time the total was reached
            return _Period("actual", first.start_iso, gexpr.end_iso or gexpr.start_iso, gexpr,
                           f"since-dated-event:{first.text}..{gexpr.text}", "reported-with-time")
        return _Period("actual", gexpr.start_iso, end, gexpr, f"since-dated-event:{gexpr.text}", "reported-with-time")
    if _usable(gexpr, s.published) and _TODAY.search(normalise(gexpr.text)) and len(gexpr.start_iso) == 10:
        # "На сегодняшний день два парома уже вошли в акваторию": a state as of the month of publication
        return _Period("actual", gexpr.start_iso[:7], gexpr.start_iso[:7], gexpr, f"as-of-today:{gexpr.text}",
                       "reported-with-time")
    if _usable(gexpr, s.published):
        return _Period("actual", gexpr.start_iso, gexpr.end_iso or gexpr.start_iso, gexpr,
                       f"{gov_rule}:{gexpr.text}", "reported-with-time")
    if gexpr is not None and gexpr.start_iso and not gexpr.end_iso and not s.published \
            and _SINCE_TIME.match(normalise(gexpr.text)) and _told_in_the_past(parse(s.text), q.start):
        # "С января 2023 года Казахстан уже отправил 300 тысяч тонн" in an undated article: a running total from
        # that month to a publication the text does not date
        return _Period("actual", gexpr.start_iso, None, gexpr, f"since-to-undated-publication:{gexpr.text}",
                       "reported-with-time")
    if gexpr is None and s.published and (since := _since_event(s, q, cl)):
        return _Period("actual", None, s.published[:7], None, f"since-event-to-publication:{since}", "reported-with-time")
    why = "none:no-governing-time" if gexpr is None else "none:" + _unusable_reason(gexpr, s.published)
    return _Period("unresolved", None, None, gexpr, why, "reported-without-time")


_SINCE_TIME = re.compile(r"(?:начиная\s+)?с\s")
_TODAY = re.compile(r"на\s+сегодня(?:шний\s+день)?\b|сегодняшн")


def _dates_the_start(s: _Sentence, gexpr, q: Quantity) -> bool:
    """Does *gexpr* date the event a running total is counted from ("с момента запуска … в апреле 2019 года"),
    the figure after it told in the past?"""
    since = [m for m in _grammar()["since_event"].finditer(s.norm[:gexpr.start]) if gexpr.start - m.end() <= 140]
    return bool(since) and gexpr.end <= q.start and _told_in_the_past(parse(s.text), q.start)


def _event_date(s: _Sentence, gexpr):
    """The first time expression after the "с момента …" that *gexpr* follows: the event's own date."""
    since = [m for m in _grammar()["since_event"].finditer(s.norm[:gexpr.start]) if gexpr.start - m.end() <= 140]
    after = [e for e in s.gov_exprs + s.base_exprs if since and since[-1].end() <= e.start <= gexpr.start and e.resolved]
    return min(after, key=lambda e: e.start) if after else None


def _since_event(s: _Sentence, q: Quantity, cl: tuple[int, int]) -> str | None:
    """The undated event a running total is counted from, before the figure in its sentence and told in
    the past: "С момента подписания соглашения … было прокачано в сумме около 3,4 млн тонн" is the total
    from the signing (whose date the text does not give) to publication."""
    m = next(reversed(list(_grammar()["since_event"].finditer(s.norm[:q.start]))), None)
    if m is None or not _told_in_the_past(parse(s.text), q.start):
        return None
    return s.text[m.start():m.end()]


# --------------------------------------------------------------------------------------------
# Growth helpers, quote, why
# --------------------------------------------------------------------------------------------


def _direction(norm: str, q: Quantity, cl: tuple[int, int]) -> str | None:
    """'up' | 'down' for a '%' or 'x' figure: the change verb nearest it in its clause, else None."""
    if q.unit not in ("%", "x"):
        return None
    g = _grammar()
    cl_norm = norm[cl[0]:cl[1]]
    ups = [(abs(m.start() - (q.start - cl[0])), "up") for m in g["dir_up"].finditer(cl_norm)]
    downs = [(abs(m.start() - (q.start - cl[0])), "down") for m in g["dir_down"].finditer(cl_norm)]
    return min(ups + downs)[1] if ups or downs else None


def _base_period(s: _Sentence, cl: tuple[int, int], p: _Period) -> tuple[str | None, str | None]:
    """(base_period_start, base_period_end) of an actual growth figure: an explicit base in its clause,
    else its period one year back, except for a rolling multi-year window (its first month)."""
    g = _grammar()
    bexp = [e for e in s.base_exprs if cl[0] <= e.start and e.end <= cl[1]]
    if bexp:
        e = bexp[0]
        sh = _shift_for(e.text) if needs_claim_anchor(e) or not _usable(e, s.published) else None
        if sh is not None:
            return shift_iso(p.start, *sh), shift_iso(p.end, *sh)
        if _usable(e, s.published):
            years = _YEAR.findall(e.text)
            if len(years) == 1 and e.kind == "period":
                return years[0], years[0]  # "по сравнению с 2023 годом" is the year 2023
            return e.start_iso, e.end_iso or e.start_iso
        return None, None
    gexpr = p.gexpr
    if g["year_shift_base"].search(s.norm[cl[0]:cl[1]]):
        return shift_iso(p.start, -1), shift_iso(p.end, -1)
    if gexpr is not None and gexpr.kind == "period" and p.start and p.end and \
            p.start[:4] != p.end[:4] and gexpr.relative:
        return p.start, p.start  # "за последние пять лет": measured from the window's start
    return shift_iso(p.start, -1), shift_iso(p.end, -1)


def _quote_span(s: _Sentence, q: Quantity, cl: tuple[int, int], kw_pos: int | None) -> tuple[int, int]:
    """The quote: the clause, extended back to the indicator's keyword when that lies in an earlier clause."""
    qa, qb = cl
    if kw_pos is not None and kw_pos < cl[0]:
        kcl = _clause_of(s.clauses, kw_pos)
        a2, b2 = _cut_quote(s.text, kcl[0], cl[1], (q.start, q.end))
        if b2 - a2 <= QUOTE_MAX and a2 <= kcl[0] + 3:
            qa = kcl[0]
    return _cut_quote(s.text, qa, qb, (q.start, q.end))


def _why(q: Quantity, p: _Period, ind_id: str, scope: str | None, kind_rule: str, subject_rule: str) -> str:
    """The ``why`` cell: the rules that decided qualifier, period, kind, subject and indicator, and the figure."""
    figure = q.rule + ("+unit_from_context" if q.unit_from_context else "")
    return (f"qualifier={q.qualifier_rule}; period={p.why_period}; kind={kind_rule}; subject={subject_rule}; "
            f"indicator={ind_id}@{scope or 'no-rule'}; figure={figure}")


#: Period rules of a comparison's base figure.
_COMPARED_PERIODS = ("parenthesised-base", "base-figure", "same-period-of-year")


#: A change word before a range's low end: the range is what the change went from and to.
_CHANGED = re.compile(r"(?<!\w)(?:вырос|возрос|увелич|сократ|сниз|упал|уменьш|подскоч|рост|прирост|снижен)\w*")


def _year_to_date_of_the_report(s: _Sentence, p: _Period) -> _Period:
    """"С начала года" in a report on the first months of that year ("За первые 8 месяцев 2025 года …
    «Всего с начала года принято 265 поездов»") runs to the report's last month, not to publication."""
    e, report = p.gexpr, s.article.report_period if s.article is not None else None
    if e is None or not report or not p.start or not report[1] or not _SINCE_YEAR_START.match(normalise(e.text)):
        return p
    if report[0] != p.start or not (report[0] <= report[1] <= (p.end or "")):
        return p
    return dataclasses.replace(p, end=report[1], why_period=f"{p.why_period}→to-the-report's-end:{report[1]}")


_SINCE_YEAR_START = re.compile(r"(?:начиная\s+)?с\s+начала\b")


def _from_level_a_year_before(s: _Sentence, q: Quantity, p: _Period) -> _Period:
    """The level a change starts from, in a year's report, is the same span a year before (its base): "За
    январь-июль 2024 года … увеличилась на 75 процентов - с 246 тысяч тонн до 431 тысячи тонн" is 246 thousand
    tonnes in January–July 2023. A window of several years is left to its own series (:func:`_dated_by_own_series`)."""
    if not (q.range_role == "low" and q.rule == "range_from_to" and q.unit not in ("%", "x") and p.kind == "actual"
            and p.start and p.end) \
            or p.start[:4] != p.end[:4] or not _CHANGED.search(s.norm[max(0, q.start - 120):q.start]):
        return p
    return _Period(p.kind, shift_iso(p.start, -1), shift_iso(p.end, -1), p.gexpr, f"{p.why_period}→from-level-a-year-before",
                   p.why_kind)


#: Flows that are the two countries' only between the two of them: a three-way figure of them is no bilateral one.
_FLOWS_BETWEEN_TWO = frozenset({"trade_turnover", "trade_turnover_growth", "exports_value", "imports_value",
                                "oil_transit_btc", "grain_volume", "grain_import_share"})

#: The indicators of a trade flow's direction, which the noun governing the figure decides between.
_TRADE_DIRECTIONS = frozenset({"exports_value", "imports_value"})


def _claim_row(s: _Sentence, q: Quantity, meta: dict, tracks: list[str]) -> dict:
    """One row of the claims table (without claim_id and growth_ref) for figure *q* of sentence *s*."""
    cl = _clause_of(s.clauses, q.start)
    p = _from_level_a_year_before(s, q, _timeless_property(s, q, _back_referenced(s, _period(s, q, cl), q, cl)))
    p = _year_to_date_of_the_report(s, p)
    kind, kind_rule = _kind(p, s, cl, q)
    if s.article is not None:
        s.article.last_kind = kind
    before = (s.article.previous, s.article.figure_bilateral) if s.article is not None else None
    subject, subject_rule = figure_subject(s.text, q.start, s.article, s.paragraph, duration=q.unit == "day")
    if before is not None and before[0] and p.why_period.startswith("restates-previous-figure"):
        # "…300 блок-поездов, что эквивалентно 30 тыс. TEU или до 420 тыс. тонн груза": the same figure's
        subject, subject_rule = before[0], "restates-previous-figure"
        s.article.previous, s.article.figure_bilateral = before
        s.article.previous_bilateral = before[1]
    if s.article is not None and (p.start is not None or p.why_period.startswith(_UNKNOWABLE)) \
            and not p.why_period.startswith(_COMPARED_PERIODS) and _parenthesis_of(s.text, q.start) is None \
            and not p.why_period.endswith("from-level-a-year-before"):
        # (a comparison's base figure — "больше показателя аналогичного периода 2022 года (66 316 человек)" —
        # and a figure in brackets — "(2024 год — 186 тыс. тонн)" — are no period the article's next figures
        # continue)
        # a figure dated by what cannot be resolved ("текущего года" in an undated article) is the one a
        # following "за тот же период" refers to: its period is unknown too, not the one before it
        s.article.last_period = (p.start, p.end)
        s.article.last_period_paragraph = s.paragraph
        if s.article.report_period is None and p.start is not None:
            s.article.report_period = (p.start, p.end)
    ind, kw_pos, scope = _match_indicator_scope(q, cl, s.norm, s.context_norm, any_in_previous=_explains_previous(s))
    bilateral = is_bilateral(subject) or bool(s.article is not None and s.article.figure_bilateral)
    meaning_ctx = {"subject": subject, "subject_rule": subject_rule, "bilateral": bilateral,
                   "governor": governing_lemma(s.text, q.start) if ind and ind["id"] in _TRADE_DIRECTIONS else None, "back_reference": _refers_back(s),
                   "carrier": s.article.carrier if s.article is not None else None,
                   "previous_tonnage_indicator": s.article.last_tonnage_indicator if s.article is not None else None,
                   "previous_indicator": s.article.last_indicator if s.article is not None else None,
                   "level_units": tuple(o.unit for o in s.qs if o is not q),
                   "level_nouns": tuple(s.norm[o.end:o.end + 40] for o in s.qs if o is not q and o.unit == "count"),
                   "article_goods": s.article.goods if s.article is not None else None}
    new_id, meaning_rule = indicator_by_meaning(ind["id"] if ind else "other", q, s.norm, meaning_ctx)
    if meaning_rule:
        ind, scope = _by_id().get(new_id), f"meaning:{meaning_rule}"
    if s.article is not None and ind is not None and not ind["growth_of"]:
        s.article.last_indicator = ind["id"]
        if q.unit in ("t", "t/yr"):
            s.article.last_tonnage_indicator = ind["id"]
    direction = _direction(s.norm, q, cl)
    growth_of = ind["growth_of"] if ind else None
    is_growth = q.unit in ("%", "x") and (growth_of is not None or direction is not None)
    b_start, b_end = _base_period(s, cl, p) if is_growth and p.kind == "actual" else (None, None)
    qa, qb = _quote_span(s, q, cl, kw_pos)
    anchor = subject_anchor(s.text, q.start, subject) if subject_rule == "party-before" else None
    if anchor is not None and anchor < qa and q.end - anchor <= QUOTE_MAX and not _QUOTE_OPENS.search(s.text[anchor:qa]):
        qa = anchor  # the quote names whose figure it is: "с Казахстаном – в 1,5 раза, до 600,3 млн"
    ind_id = ind["id"] if ind else "other"
    measured = ind.get("measures") if ind else None
    if measured and (subject in (None, BILATERAL, *KA) or subjects_lexicon().entity_country.get(subject) in KA):
        # (or a company of one of them that builds it: "Казахтелеком и AzerTelecom завершили прокладку кабеля …
        # протяженностью 380 км")
        # "Он соединит Актау и Сумгаит, его длина — 380 километров": a measure of the fibre line is the line's,
        # whichever of the two countries (or its two ends) the sentence names
        subject, subject_rule = measured, f"{subject_rule}+measure-of:{ind_id}"
        bilateral = is_bilateral(subject)
    if bilateral and ind_id in _FLOWS_BETWEEN_TWO and joint_of_countries(subject):
        # three countries' joint project is the two's concern; their three-way trade is not the two's trade
        bilateral = False
    if ind_id == "oil_transit_btc" and subject == "Kazakhstan":
        # "Астана намерена … нарастить транспортировку нефти по Транскаспийскому коридору до 3 млн тонн": Kazakh
        # oil through Azerbaijan is the two countries' figure
        subject, bilateral, subject_rule = BILATERAL, True, f"{subject_rule}+oil-via-azerbaijan"
    return {
        **meta, "quote": s.text[qa:qb], "quote_start": qa, "quote_end": qb, "value": float(q.value),
        "unit": q.unit, "qualifier": q.qualifier, "period_start": p.start, "period_end": p.end,
        "period_kind": p.kind, "indicator": ind_id,
        "subject": subject, "bilateral": bilateral, "kind": kind,
        "track": ind["track"] if ind and ind["track"] else (tracks[0] if tracks else "general"),
        "growth_of": growth_of if is_growth else None, "growth_ref": None,
        "direction": direction if is_growth else None, "base_period_start": b_start, "base_period_end": b_end,
        "why": _why(q, p, ind_id, scope, kind_rule, subject_rule), "_pos": q.start,
        "_compares": _compares_previous_figure(s, q), "_elided": _elided_list_item(s, q),
        "_base_shift": _relative_base_level(s, q),
    }


def _relative_base_level(s: _Sentence, q: Quantity) -> tuple[int, int] | None:
    """The shift of a figure in brackets right after a base told relative to the compared figure ("это на
    48% больше, чем за аналогичный период прошлого года (47 157 TEU)"): the base's level, of the compared
    figure's period moved back by that much; None for any other figure."""
    base = _base_before_bracket(s, q)
    if base is None or _usable(base, s.published) or not any(o.end <= base.end for o in s.qs):
        return None
    return _shift_for(base.text)


#: ", что в 2 раза больше", ", что на 50% превышает", "33,6 тыс. TEU – на 33% больше": a change told right after
#: a figure, of that figure.
_WHICH_IS = re.compile(r",\s*что\s+(?:в\s+годовом\s+выражении\s+)?(?:(?:означает|означало|соответствует|составляет|составило)\s+)?"
                       r"(?:(?:рост|прирост|увеличение|снижение|сокращение|падение)\w*\s+)?"
                       r"(?:почти\s+|примерно\s+|более\s+чем\s+|свыше\s+|около\s+)?(?:(?:на|в|во)\s*)?$")
_DASH_CHANGE = re.compile(r"\s*[–—-]\s*(?:почти\s+|примерно\s+|более\s+чем\s+)?(?:на|в|во)\s*")


#: ", а колесной техники – на 1,3%": an item of a list with its verb elided, after the dash.
_ELIDED = re.compile(r"^[^,;.\d]*,\s*(?:а|и)\s+[^,;.\d]{1,50}?\s[–—-]\s*(?:на|в|во|до)?\s*$")


#: "…9,4 млн тонн нефтеналивных грузов против около 8,4 млн тонн в январе-сентябре": the base it is set against.
_VERSUS = re.compile(r"^[^,;.\d]{0,60}?\s(?:против|по сравнению с)\s+(?:около|более|свыше|почти|примерно|порядка)?\s*$")


def _elided_list_item(s: _Sentence, q: Quantity) -> str | None:
    """Is *q* the item after a dash of a list whose verb is elided ("elided"), an item of a list of places
    ("…, из Узбекистана - 2 877": "listed"), a change in brackets right after a figure ("aside"), or the figure set against ("против") another figure of its
    sentence right before it ("versus")?"""
    before = [o for o in s.qs if o.end <= q.start]
    if not before:
        return None
    between = s.norm[before[-1].end:q.start]
    own = _parenthesis_of(s.text, q.start)
    if own is not None and re.fullmatch(r"\s*(?:[а-яё-]+\s*){0,2}", s.norm[before[-1].end:own[0]]) \
            and before[-1].end <= own[0] and q.unit in ("%", "x"):
        return "aside"  # "из Таджикистана - 427 человек (рост за год на 141 процент)": the item's change
    if (q.rule == "listed_amount" or LIST_ITEM.search(s.norm[max(0, q.start - 40):q.start])) \
            and not _ELIDED.match(between):
        return "listed"  # "из Казахстана составило 4 352 (рост на 150 процентов), из Узбекистана - 2 877"
    return "elided" if _ELIDED.match(between) else "versus" if _VERSUS.match(between) else None


def _compares_previous_figure(s: _Sentence, q: Quantity) -> bool:
    """Is *q* a change ("что на 50% больше") told of the level figure right before it in its sentence?"""
    if q.unit not in ("%", "x"):
        return False
    before = [o for o in s.qs if o.end <= q.start]
    if not before or before[-1].unit in ("%", "x"):
        return False
    # right after the figure, behind a dash: "составил 33,6 тыс. TEU – на 33% больше" (not "с Казахстаном – в 1,5 раза")
    return bool(_WHICH_IS.search(s.norm[max(0, q.start - 80):q.start])
                or _DASH_CHANGE.fullmatch(s.norm[before[-1].end:q.start]))


# --------------------------------------------------------------------------------------------
# The register
# --------------------------------------------------------------------------------------------


class _Analyser:
    """The grammar and the dates module, each run once per distinct input.

    Sentence text → (normalised text, figures, clauses): both depend on the text alone, and reprints,
    boilerplate and duplicates repeat sentences verbatim. (text, publication date) → its time expressions: a
    repeated sentence with figures in documents of the same day (a wire story and its reprints) asks the
    dates module once.
    """

    def __init__(self, find_time: Callable):
        self.find_time = find_time
        self.analysed: dict[str, tuple[str, list[Quantity], list[tuple[int, int]]]] = {}
        self.times: dict[tuple[str, str | None], list] = {}

    def figures(self, text: str) -> tuple[str, list[Quantity], list[tuple[int, int]]]:
        hit = self.analysed.get(text)
        if hit is None:
            norm = normalise(text)
            hit = self.analysed[text] = (norm, *_quantities(text, norm))
        return hit

    def time_expressions(self, text: str, published: str | None) -> list:
        exprs = self.times.get((text, published))
        if exprs is None:
            exprs = self.times[text, published] = list(self.find_time(text, published))
        return exprs


def _documents(documents: pd.DataFrame | None) -> dict:
    """doc_id → (published, outlet), None for missing values."""
    docs = {}
    if documents is not None and len(documents):
        for doc_id, published, outlet in zip(*_columns(documents, ("doc_id", "published", "outlet"))):
            docs[doc_id] = (None if _is_missing(published) else str(published),
                            None if _is_missing(outlet) else str(outlet))
    return docs


_SENTENCE_COLUMNS = ("doc_id", "sentence_id", "text", "paragraph", "speaker", "tracks", "lemmas")


def _sentence_columns(sentences: pd.DataFrame) -> list[list]:
    """Only the columns used here, in (doc_id, original order), as plain lists (one zip per row rather than
    a namedtuple and a dict per row)."""
    cols = _SENTENCE_COLUMNS
    sents = sentences.reset_index(drop=True)[[c for c in cols if c in sentences.columns]].copy()
    sents["_order"] = range(len(sents))
    sents = sents.sort_values(["doc_id", "_order"], kind="stable")
    return _columns(sents, cols)


#: A record told over a stretch of time ("наивысший показатель за последние 22 года", "впервые за 10 лет").
_RECORD = re.compile(r"(?<!\w)(?:наивысш|наибольш|рекорд|максимальн|самы[йхме]\w*\s+(?:высок|больш)|впервые)\w*")


def _note_stated_period(article: Context, a: _Analyser, text: str, published: str | None, par) -> None:
    """A sentence with no figure that states a year ("Импорт пшеницы в Азербайджан в 2024 году
    продемонстрировал интересные изменения") sets the period the article's next figures continue."""
    if not (_YEAR.search(text) or _WINDOW.search(normalise(text))):  # a year, or "за последние три года"
        return
    if _RECORD.search(normalise(text)):
        return  # "это наивысший показатель перевалки за последние 22 года": a record, no period stated
    exprs = [e for e in a.time_expressions(text, published)
             if _usable(e, published) and e.kind != "target" and not needs_claim_anchor(e)
             and len(e.start_iso) <= 7]  # a year or months; a day is an event's date, not a period
    if exprs:
        e = exprs[0]
        article.last_period = (e.start_iso, e.end_iso or e.start_iso)
        article.last_period_paragraph = par


def _register_rows(sentences: pd.DataFrame, docs: dict, find_time: Callable) -> list[dict]:
    """The claim rows of every sentence, in order (claim ids and growth references not yet set)."""
    a = _Analyser(find_time)
    rows: list[dict] = []
    prev_key = None
    prev_norm: str | None = None
    columns = _sentence_columns(sentences)
    lemmas_of = [lm if isinstance(lm, (tuple, list)) else (lemmatize(t) if isinstance(t, str) else ())
                 for t, lm in zip(columns[2], columns[6])]
    articles = _article_contexts(columns[0], lemmas_of)
    for doc_id, sentence_id, text, par, speaker, tracks_v, lemmas in zip(*columns[:6], lemmas_of):
        key = (doc_id, par)
        context_norm = prev_norm if prev_key == key else None
        if not isinstance(text, str) or not text:
            prev_key, prev_norm = key, None
            continue
        norm, qs, clauses = a.figures(text)
        prev_key, prev_norm = key, norm
        goods = carried_goods_named(norm)
        if goods is not None:
            articles[doc_id].goods = goods
        published, outlet = docs.get(doc_id, (None, None))
        if not qs:
            articles[doc_id].observe(lemmas, par)
            _note_stated_period(articles[doc_id], a, text, published, par)
            continue
        exprs = a.time_expressions(text, published)
        # A figure inside a time expression is a duration/date, never a claim ("первые шесть месяцев").
        qs = [q for q in qs if not any(q.start < e.end and e.start < q.end for e in exprs)]
        if not qs:
            continue
        s = _Sentence(text, norm, clauses, qs, published, context_norm,
                      *_split_time_expressions(exprs, clauses, norm), paragraph=par, lemmas=tuple(lemmas),
                      article=articles[doc_id])
        meta = {"doc_id": doc_id, "sentence_id": sentence_id, "speaker": None if _is_missing(speaker) else str(speaker),
                "outlet": outlet, "published": published}
        tracks = [t for t in _tracks_of(tracks_v) if t != "general"]
        rows.extend(_claim_row(s, q, meta, tracks) for q in qs)
    return rows


def _article_contexts(doc_ids: list, lemmas: list) -> dict[str, Context]:
    """doc_id → the article's :class:`~analysis.claims.subjects.Context` (its countries, its focus)."""
    by_doc: dict[str, list] = {}
    for d, lm in zip(doc_ids, lemmas):
        by_doc.setdefault(d, []).append(lm)
    return {d: article_context(lms) for d, lms in by_doc.items()}


def _number_claims(rows: list[dict]) -> None:
    """claim_id = f"{doc_id}-c{n:03d}", n counting the document's claims in order."""
    counters: dict[str, int] = {}
    for r in rows:
        counters[r["doc_id"]] = counters.get(r["doc_id"], 0) + 1
        r["claim_id"] = f"{r['doc_id']}-c{counters[r['doc_id']]:03d}"


_THIS_YEAR = re.compile(r"period=[^;:]*:(?:в |за )?(?:этом|текущем|нынешнем) году|period=[^;:]*:(?:этого|текущего|нынешнего) года",
                        re.IGNORECASE)


def _rows_by_doc(rows: list[dict]) -> list[list[dict]]:
    """The claim rows of each article, in order."""
    by_doc: dict[str, list[dict]] = {}
    for r in rows:
        by_doc.setdefault(r["doc_id"], []).append(r)
    return list(by_doc.values())


def _this_year_so_far(rows: list[dict]) -> None:
    """"В этом году" in an article whose figures run January to some month of that year means those months:
    "ASCO в этом году втрое увеличило грузоперевозки" beside "в январе-ноябре этого года … 18 542 TEU" is
    2025-01..2025-11, not all of 2025 (the year is not over). A plan for "this year" stays the year's."""
    for doc_rows in _rows_by_doc(rows):
        spans = {}
        for o in doc_rows:
            a, b = o["period_start"] or "", o["period_end"] or ""
            if (o["kind"] == "actual" and len(a) == 7 and a.endswith("-01") and len(b) == 7 and a[:4] == b[:4]
                    and b[5:] != "12"):
                spans[a[:4]] = max(spans.get(a[:4], b), b)
        for r in doc_rows:
            year = r["period_start"]
            if year in spans and r["period_end"] == year and r["kind"] == "actual" and _THIS_YEAR.search(r["why"]):
                r["period_start"], r["period_end"] = f"{year}-01", spans[year]
                note = f"→this-year-so-far:{year}-01..{spans[year]}"
                r["why"] = re.sub(r"(period=[^;]*)", lambda m, note=note: m.group(1) + note, r["why"], count=1)


def _headline_told_again(rows: list[dict], first_sentences: set) -> None:
    """A figure of an article's first sentence (*first_sentences*: its headline or lead) with no period takes
    the period of the same figure (value, unit and kind) told again later in the article with one: "Импорт
    пшеницы в Азербайджан вырос почти в два раза" is the first quarter's "примерно в два раза", given below."""
    for doc_rows in _rows_by_doc(rows):
        first = doc_rows[0]["sentence_id"]
        if first not in first_sentences:
            continue  # the article's first sentence holds no figure
        for r in (r for r in doc_rows if r["sentence_id"] == first):
            again = [o for o in doc_rows if o["sentence_id"] != first and o["value"] == r["value"]
                     and o["unit"] == r["unit"] and o["kind"] == r["kind"]]
            dated = next((o for o in again if o["period_start"] is not None or o["period_end"] is not None), None)
            if dated is not None and r["period_start"] is None and r["period_end"] is None:
                r["period_start"], r["period_end"], r["period_kind"] = dated["period_start"], dated["period_end"], dated["period_kind"]
                r["why"] = re.sub(r"period=[^;]*", f"period=headline-told-again:{dated['sentence_id']}", r["why"], count=1)
            owned = next((o for o in again if o["subject"] is not None), None)
            if owned is not None and r["subject"] is None:
                # "На фидерной линии … за год перевезли более 12 тыс. TEU": whose the body says the same figure is
                r["subject"], r["bilateral"] = owned["subject"], owned["bilateral"] or r["bilateral"]
                r["why"] = re.sub(r"subject=[^;]*", f"subject=headline-told-again:{owned['sentence_id']}", r["why"], count=1)
            # "ASCO втрое увеличило грузоперевозки" told again below as "трехкратный рост контейнерных
            # перевозок": the change of what the body says grew, when the two are changes of one subject
            growth = next((o for o in again if r["unit"] in ("%", "x") and o["growth_of"] and r["growth_of"]
                           and o["subject"] == r["subject"] and o["indicator"] != r["indicator"]), None)
            if growth is not None:
                r["indicator"], r["growth_of"], r["track"] = growth["indicator"], growth["growth_of"], growth["track"]
                r["why"] = re.sub(r"indicator=[^;]*", f"indicator={growth['indicator']}@headline-told-again", r["why"], count=1)


#: Units that measure the same thing for :func:`_dated_by_own_series` (a year's tonnage is a rate per year).
_SAME_MEASURE = {"t/yr": "t", "TEU/yr": "TEU"}


def _rounding(value: float) -> float:
    """Half a unit of the last significant digit of *value*: what rounding may have taken away.

    >>> _rounding(800000.0), _rounding(4500000.0), _rounding(759000.0)
    (50000.0, 50000.0, 500.0)
    """
    v = abs(int(round(value)))
    if v == 0:
        return 0.0
    step = 1
    while v % (step * 10) == 0:
        step *= 10
    return step / 2


def _rolling_window(r: dict) -> bool:
    a, b = r["period_start"] or "", r["period_end"] or ""
    return len(a) == 7 and len(b) == 7 and a[:4] != b[:4]


def _dated_by_own_series(rows: list[dict]) -> None:
    """The ends of a change over a rolling window take the years the article's own yearly series gives them:
    "за последние семь лет … увеличился почти в пять раз - с 0,8 млн до 4,5 млн тонн" beside "в 2019 году
    объем составил 759 тыс. тонн, … в 2024 году - 4,484 млн тонн" is 2019 (0.8, rounded from 759 thousand)
    and 2024 (4.5), and the fivefold growth 2019→2024, not two figures of March 2019 to March 2026.

    The two levels of the sentence are the window's start and end; each takes, among the years of the article's
    yearly figures (same indicator, same measure, actuals) that round to it, the one nearest its end of the
    window (0.8 rounds from 2019's 759 and 2020's 783 thousand: the start is 2019). Nothing changes unless
    both ends find a year and the start's is the earlier."""
    for doc_rows in _rows_by_doc(rows):
        series = [o for o in doc_rows if o["kind"] == "actual" and o["period_start"] and len(o["period_start"]) == 4
                  and o["period_start"] == o["period_end"] and o["indicator"] != "other"]
        by_sentence: dict[str, list[dict]] = {}
        for r in doc_rows:
            if _rolling_window(r) and r["kind"] == "actual":
                by_sentence.setdefault(r["sentence_id"], []).append(r)
        for sentence_rows in by_sentence.values():
            levels = sorted((r for r in sentence_rows if r["unit"] not in ("%", "x") and r["indicator"] != "other"),
                            key=lambda r: r["_pos"])
            if len(levels) != 2:
                continue
            years = []
            for r, end in zip(levels, ("period_start", "period_end")):
                unit = _SAME_MEASURE.get(r["unit"], r["unit"])
                found = {int(o["period_start"]) for o in series if o["sentence_id"] != r["sentence_id"]
                         and o["indicator"] == r["indicator"] and _SAME_MEASURE.get(o["unit"], o["unit"]) == unit
                         and abs(o["value"] - r["value"]) <= _rounding(r["value"])}
                if found:
                    years.append(str(min(found, key=lambda y, w=int(r[end][:4]): (abs(y - w), y))))
            if len(years) != 2 or years[0] >= years[1]:
                continue
            for r in sentence_rows:
                at = next((k for k, level in enumerate(levels) if level is r), None)
                if at is not None:
                    year = years[at]
                    span, note = (year, year), f"own-series:{year}"
                elif r["unit"] in ("%", "x") and r["growth_of"]:
                    span, note = tuple(years), f"own-series:{years[0]}..{years[1]}"
                    r["base_period_start"] = r["base_period_end"] = years[0]
                else:
                    continue
                r["period_start"], r["period_end"] = span
                r["why"] = re.sub(r"(period=[^;]*)", lambda m, note=note: m.group(1) + "→" + note, r["why"], count=1)


def _restated_in_barrels(rows: list[dict]) -> None:
    """A daily rate in barrels with no time of its own that restates an earlier yearly tonnage of the article
    (within a tenth, at claims.yml ``barrels_per_tonne``) is that figure: its kind and period ("стремится
    продавать 1,5 миллиона тонн нефти в год … объём чуть более 30 тысяч б/с" — a plan, not a flow)."""
    per_tonne = _grammar()["barrels_per_tonne"]
    for doc_rows in _rows_by_doc(rows):
        for k, r in enumerate(doc_rows):
            if r["unit"] != "bbl/d" or r["period_start"] is not None or r["period_end"] is not None:
                continue
            same = next((o for o in reversed(doc_rows[:k]) if o["unit"] == "t/yr" and o["kind"] != r["kind"]
                         and abs(o["value"] * per_tonne / 365 - r["value"]) <= 0.1 * r["value"]), None)
            if same is not None:
                r["kind"], r["period_kind"] = same["kind"], same["period_kind"]
                r["period_start"], r["period_end"] = same["period_start"], same["period_end"]
                r["why"] = re.sub(r"kind=[^;]*", f"kind=restates-in-barrels:{same['sentence_id']}", r["why"], count=1)


#: Period rules that a change of an earlier figure gives up for that figure's period (no time of its own).
_BORROWED_PERIOD = ("period=none:", "period=article-period", "period=after-its-base", "period=back-reference")


def _takes_indicator(r: dict, ind_id: str, fallback_track: str, rule: str) -> None:
    """Row *r* measures *ind_id* (its growth-of and track with it, when it measured another), by *rule*."""
    if r["indicator"] != ind_id:
        ind = _by_id().get(ind_id)
        r["indicator"], r["growth_of"] = ind_id, (ind["growth_of"] if ind else None)
        r["track"] = ind["track"] if ind and ind["track"] else fallback_track
    r["why"] = re.sub(r"indicator=[^;]*", f"indicator={ind_id}@{rule}", r["why"], count=1)


def _takes_period(r: dict, source: dict, rule: str) -> bool:
    """Row *r*, with no time of its own (:data:`_BORROWED_PERIOD`), takes the period of row *source*, by *rule*;
    False when it keeps its own."""
    if not r["why"].split("; ")[1].startswith(_BORROWED_PERIOD) or source["period_start"] is None:
        return False
    r["period_start"], r["period_end"], r["period_kind"] = source["period_start"], source["period_end"], source["period_kind"]
    r["why"] = re.sub(r"period=[^;]*", f"period={rule}", r["why"], count=1)
    return True


def _of_previous_figure(rows: list[dict]) -> None:
    """"Актауский порт обработал свыше 14,3 тыс. TEU, что в 2 раза больше, чем за аналогичный период 2023
    года": the change is of the figure right before it — its subject, its countries, its indicator's change
    and, when the change has no time of its own, its period (the year after "чем" is the base). An item of a
    list with its verb elided follows the item before it (:func:`_elided_item`)."""
    for i, r in enumerate(rows):
        compares, elided = r.pop("_compares", False), r.pop("_elided", False)
        if not (compares or elided) or i == 0 or rows[i - 1]["sentence_id"] != r["sentence_id"]:
            continue
        level = rows[i - 1]
        if elided == "elided":
            _elided_item(r, level)
            continue
        if elided == "aside":  # a change in brackets after a figure, with no time of its own: that figure's
            _takes_period(r, level, "change-in-brackets")
            continue
        if elided == "listed":  # a list's item: the list's earlier item of its unit, whatever came between
            same = [o for o in rows[:i] if o["sentence_id"] == r["sentence_id"] and o["unit"] == r["unit"]]
            if same:
                _elided_item(r, same[-1])
            continue
        if elided == "versus":
            _versus_item(r, level)
            continue
        rule = "of-previous-figure"
        r["subject"], r["bilateral"] = level["subject"], level["bilateral"]
        _takes_indicator(r, _growth_of_level(level["indicator"]) or "other", level["track"], rule)
        _takes_period(r, level, rule)
        if level["kind"] in ("target", "forecast") and r["kind"] == "actual" and "kind=reported" in r["why"]:
            # "планирует увеличить поставки … до 188 тыс. т в декабре, что примерно на 30% больше, чем в ноябре":
            # the change a plan makes is planned too
            r["kind"] = level["kind"]
            r["why"] = re.sub(r"kind=[^;]*", f"kind=change-of-a-{level['kind']}", r["why"], count=1)
        r["why"] = re.sub(r"subject=[^;]*", f"subject={rule}", r["why"], count=1)


def _relative_base_levels(rows: list[dict]) -> None:
    """A base's level in brackets (:func:`_relative_base_level`) has the period of the figure before it in its
    sentence, moved back by the base's shift: 47,157 TEU "за аналогичный период прошлого года" after a
    January–August 2025 change are January–August 2024's."""
    for i, r in enumerate(rows):
        shift = r.pop("_base_shift", None)
        if shift is None or i == 0 or rows[i - 1]["sentence_id"] != r["sentence_id"]:
            continue
        level = rows[i - 1]
        if level["period_start"] is None or not r["why"].split("; ")[1].startswith(_BORROWED_PERIOD):
            continue
        r["period_start"], r["period_end"] = shift_iso(level["period_start"], *shift), shift_iso(level["period_end"], *shift)
        r["period_kind"] = "actual"
        r["why"] = re.sub(r"period=[^;]*", f"period=relative-base-level:{r['period_start']}..{r['period_end']}",
                          r["why"], count=1)


def _elided_item(r: dict, before: dict) -> None:
    """"перевалка сухих грузов увеличилась на 36,7%, а колесной техники – на 1,3%": an item of a list whose
    verb is elided measures what the item before it measures (a change of the same kind), over its period."""
    if before["unit"] != r["unit"]:
        return
    rule = "elided-list-item"
    if r["indicator"] == "other" and before["indicator"] != "other":
        _takes_indicator(r, before["indicator"], r["track"], rule)
    if r["period_start"] is None and _takes_period(r, before, rule):
        r["kind"] = before["kind"]


def _versus_item(r: dict, level: dict) -> None:
    """"перевалил более 9,4 млн тонн нефтеналивных грузов против около 8,4 млн тонн в январе-сентябре": the
    figure set against another measures what that one measures, for the same subject, over its own period."""
    if level["unit"] != r["unit"]:
        return
    rule = "versus-previous-figure"
    _takes_indicator(r, level["indicator"], r["track"], rule)
    r["subject"], r["bilateral"] = level["subject"], level["bilateral"]
    r["why"] = re.sub(r"subject=[^;]*", f"subject={rule}", r["why"], count=1)


def _link_growth_refs(rows: list[dict]) -> None:
    """growth_ref: the nearest figure of the sentence with the growth's level indicator and the same kind."""
    by_sent: dict[str, list[dict]] = {}
    for r in rows:
        by_sent.setdefault(r["sentence_id"], []).append(r)
    for r in rows:
        if r["growth_of"]:
            levels = [o for o in by_sent[r["sentence_id"]] if o["indicator"] == r["growth_of"]
                      and o["period_kind"] == r["period_kind"]]
            if levels:
                r["growth_ref"] = min(levels, key=lambda o: abs(o["_pos"] - r["_pos"]))["claim_id"]


def _claims_frame(rows: list[dict]) -> pd.DataFrame:
    """The rows as the claims table: object columns holding None, value float, quote offsets int64."""
    df = pd.DataFrame(rows, columns=CLAIM_COLUMNS)
    for c in CLAIM_COLUMNS:
        if c not in ("value", "quote_start", "quote_end"):
            df[c] = pd.Series([None if _is_missing(v) else v for v in df[c].tolist()], index=df.index, dtype=object)
    df["value"] = df["value"].astype(float)
    df["quote_start"] = df["quote_start"].astype("int64")
    df["quote_end"] = df["quote_end"].astype("int64")
    return df.reset_index(drop=True)


def claims_register(sentences: pd.DataFrame, documents: pd.DataFrame, *,
                    find_time: Callable | None = None) -> pd.DataFrame:
    """Return the claims table: one row per quantitative claim, columns :data:`CLAIM_COLUMNS`.

    *sentences* needs doc_id, sentence_id, text (tracks, speaker, paragraph optional); *documents* needs
    doc_id, published (ISO or None), outlet. ``value`` is a float in base units of ``unit``; text columns
    that may be missing (period_*, speaker, outlet, published, growth_*, base_period_*) are object dtype
    holding None. Rows are ordered by doc_id, sentence order, position; claim_id = f"{doc_id}-c{n:03d}".
    *find_time* defaults to :func:`analysis.nlp.dates.find_time_expressions` (injectable for tests).

    ``why`` (last column, never empty) names the rules that decided the claim, as
    ``qualifier=…; period=…; kind=…; indicator=…; figure=…``:

    * ``qualifier=`` ``before:<word>`` (a qualifier word before the figure: "before:более"), ``no-word-before``
      (exact), ``to-level:до`` ("увеличить … до $1 млрд": exact), ``range:<word>`` (an up-to word before a
      range belongs to it: exact), ``after:<phrase>`` ("с лишним": more_than);
    * ``period=`` ``<how the time expression was chosen>:<its text>`` — ``nearest-before-in-clause``,
      ``nearest-after-in-clause``, ``nearest-in-earlier-clause`` — or ``none:<reason>``: ``no-governing-time``,
      ``no-time-in-clause`` (a target), ``past-year-is-when-set:<text>`` (a target), ``change-range-low-end``,
      ``relative-in-undated-document:<text>``, ``unresolved-time:<text>``;
    * ``kind=`` ``target-cue:<cue>`` / ``target-cue-after:<cue>`` / ``deadline:<text>`` (target),
      ``reported-with-time`` (actual), ``reported-without-time`` or ``change-range-low-end`` (unresolved);
    * ``indicator=<id>@<scope>``: the scope of :data:`analysis.claims.indicators.INDICATOR_SCOPES` where its
      rule matched (``clause``, ``sentence``, ``previous-sentence``), ``other@no-rule`` when none did;
    * ``figure=`` the quantity-grammar rule that read the figure (a function of
      :mod:`analysis.claims.quantities`: ``figure_with_unit``, ``range_from_to``, ``multiplier_v_n_raz`` …),
      with ``+unit_from_context`` when a bare amount took another figure's unit.
    """
    if find_time is None:
        find_time = find_time_expressions
    if sentences is None or len(sentences) == 0:
        return _empty_claims()
    rows = _register_rows(sentences, _documents(documents), find_time)
    if not rows:
        return _empty_claims()
    _headline_told_again(rows, set(sentences.drop_duplicates("doc_id")["sentence_id"]))
    _this_year_so_far(rows)
    _dated_by_own_series(rows)
    _of_previous_figure(rows)
    _relative_base_levels(rows)
    _restated_in_barrels(rows)
    _number_claims(rows)
    _link_growth_refs(rows)
    return _claims_frame(rows)
