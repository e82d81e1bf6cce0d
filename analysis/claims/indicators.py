"""Indicators: what a figure measures, from the rules of indicators.yml."""

from __future__ import annotations

import re
from functools import lru_cache

from analysis.claims.grammar import _load_yaml
from analysis.claims.quantities import Quantity


@lru_cache(maxsize=1)
def load_indicators() -> list[dict]:
    """Return the indicator definitions of ``analysis/data/lexicons/indicators.yml`` with compiled regexes.

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
#: Where an indicator's rule may match, in the order tried: the claim's clause, its sentence, and (only for
#: indicators marked ``context``) the previous sentence of the same paragraph. The names appear in the
#: register's ``why`` column ("indicator=trade_turnover@clause").
INDICATOR_SCOPES = ("clause", "sentence", "previous-sentence")


def _match_indicator(q: Quantity, clause: tuple[int, int], norm: str, prev_norm: str | None
                     ) -> tuple[dict | None, int | None]:
    """Return (indicator, position of its nearest keyword in the sentence or None) for a quantity."""
    ind, pos, _scope = _match_indicator_scope(q, clause, norm, prev_norm)
    return ind, pos


def _match_indicator_scope(q: Quantity, clause: tuple[int, int], norm: str, prev_norm: str | None
                           ) -> tuple[dict | None, int | None, str | None]:
    """:func:`_match_indicator` plus the scope (one of :data:`INDICATOR_SCOPES`) where it matched, or None."""
    cl_text = norm[clause[0]:clause[1]]
    for scope, text, offset in (("clause", cl_text, clause[0]), ("sentence", norm, 0)):
        b = _best_in_scope(q, cl_text, text, offset, False)
        if b:
            return b[1], b[2], scope
    if prev_norm:
        b = _best_in_scope(q, cl_text, prev_norm, None, True)
        if b:
            return b[1], None, "previous-sentence"
    return None, None, None


def _rule_applies(ind: dict, q: Quantity, cl_text: str, use_context_only: bool) -> bool:
    """The indicator's unit, context flag, cue / not-cue (in the clause) and counted noun allow figure *q*."""
    if q.unit not in ind["units"]:
        return False
    if use_context_only and not ind["context"]:
        return False
    if ind["cue"] is not None and not ind["cue"].search(cl_text):
        return False
    if ind["not_cue"] is not None and ind["not_cue"].search(cl_text):
        return False
    return not (ind["noun"] is not None and not (q.noun and ind["noun"].match(q.noun)))


def _best_in_scope(q: Quantity, cl_text: str, scope: str, offset: int | None, use_context_only: bool):
    """The indicator whose keyword is nearest the figure in *scope* (ties: first in indicators.yml).

    Returns ((distance, rank), indicator, keyword position in the sentence or None), or None. *offset* is
    where *scope* starts in the sentence (None: another sentence, where distances do not count).
    """
    best = None
    for rank, ind in enumerate(load_indicators()):
        if not _rule_applies(ind, q, cl_text, use_context_only):
            continue
        if ind["keywords"] is None:
            dist, pos = 0.0, None
        else:
            ms = list(ind["keywords"].finditer(scope))
            if not ms:
                continue
            if ind["also"] is not None and not ind["also"].search(scope):
                continue
            dist, pos = _keyword_distance(q, ind, ms, scope, offset)
        key = (dist, rank)
        if best is None or key < best[0]:
            best = (key, ind, pos)
    return best


def _keyword_distance(q: Quantity, ind: dict, ms: list, scope: str, offset: int | None
                      ) -> tuple[float, int | None]:
    """(gap between the nearest keyword and the figure, where the quote should start for it)."""
    if offset is None:
        return 0.0, None

    # gap between the keyword and the figure (0 when they touch or overlap)
    def gap(m):
        return max(0, m.start() + offset - q.end, q.start - (m.end() + offset))

    mm = min(ms, key=gap)
    dist = gap(mm)
    # the also-pattern may sit further away (e.g. "торговый оборот" for "данный показатель"); its position,
    # nearest the figure's centre, only extends the quote
    pos = mm.start() + offset
    if ind["also"] is not None:
        centre = (q.start + q.end) / 2
        ma = min(ind["also"].finditer(scope), key=lambda m: abs((m.start() + m.end()) / 2 + offset - centre))
        pos = min(pos, ma.start() + offset)
    return dist, pos
