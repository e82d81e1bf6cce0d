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


