"""The claims register: every figure of the corpus with its period, kind, indicator, track, speaker and outlet."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

import pandas as pd

from analysis.claims.grammar import _grammar
from analysis.claims.indicators import _match_indicator
from analysis.claims.quantities import Quantity, _quantities
from analysis.claims.text import _COMMA_CUT, _LEAD_PREPOSITION, _YEAR, _clause_of, normalise
from analysis.nlp.dates import find_time_expressions, needs_claim_anchor, shift_iso

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
    *find_time* defaults to :func:`analysis.nlp.dates.find_time_expressions` (injectable for tests).
    """
    if find_time is None:
        find_time = find_time_expressions

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
                            and not (published is None and e.relative))  # noqa: B023 (called within this iteration only)

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
