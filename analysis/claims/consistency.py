"""Cross-source checks of the claims register: conflicts, growth arithmetic, corroboration, grades.

:func:`findings` lists what a reader should know about the figures: sources that disagree on the
same indicator and period (``conflict``), growth claims whose implied base contradicts another
source (``growth_mismatch``) or agrees with it (``growth_consistent``), figures for different but
overlapping periods that cannot be compared like for like (``period_mismatch``), indicators and
periods that only one independent source reports (``single_source``), and figures that cannot be
placed in time (``unresolved_period``).

:func:`independent_sources` counts, per claim, the independent sources that report the same figure
and grades the claim's credibility on the Admiralty scale (1–6).

Rules (settings in ``analysis/data/lexicons/consistency.yml``):

* **Same figure.** Same indicator (never ``'other'``), unit and ``period_kind``, identical period
  (``period_start``/``period_end``; a dateless target matches a dateless target), and values within
  the relative tolerance (default 10 %: ``|a − b| / min(|a|, |b|)``). "More than v" is read as
  ``[v, v·(1+tol)]`` and "up to v" as ``[v·(1−tol), v]`` before the gap is measured.
* **Comparable periods.** Only identical periods are compared value for value. Overlapping but
  different periods (January–August vs the whole year) are *not* a conflict: for flow indicators
  (``additive_indicators``) a sub-period figure larger than the containing period's is impossible
  (a conflict); otherwise the monthly rate the rest of the containing period would need is set
  against the sub-period's rate, and flagged (``growth_mismatch``/warning, with a seasonality
  caveat) only when they differ by more than ``prorata_factor`` (default 2×). An unresolved period
  never conflicts with anything.
* **Independent sources.** One source per outlet; a document without an outlet that names another
  outlet counts as that outlet (a reprint); duplicates count as the document they duplicate; a
  document with neither counts as itself.
* **Credibility** (Admiralty, per the briefing standard): 6 when the period cannot be placed in
  time; otherwise, with *n* independent sources agreeing (itself included) and *m* independent
  sources contradicting: m = 0 → 1 if n ≥ 3, 2 if n = 2, 3 if n = 1 (a single-source claim is at
  best 3), and 4 for a single-source growth claim whose arithmetic is in tension with another
  source; m > 0 → 3 if n > m, 4 if n = m, 5 if n < m.
* **Reliability** of the outlet (A–F) comes from the documents' ``outlet_reliability`` or
  ``analysis/data/lexicons/outlets.csv``; F (cannot be judged) when the outlet is unknown.
"""

from __future__ import annotations

import datetime as _dt
import math
from bisect import bisect_left
from collections.abc import Iterable
from functools import cached_property, lru_cache
from itertools import accumulate

import pandas as pd

from analysis import datafiles
from analysis.claims.indicators import load_indicators
from analysis.ingest.outlets import load_outlets
from analysis.nlp.dates import find_time_expressions, iso_bounds, needs_claim_anchor, shift_iso
from analysis.tables import format_value, records
from analysis.vocabulary import QUALIFIER_PREFIX, short_id

__all__ = ["findings", "independent_sources", "FINDING_COLUMNS", "SOURCE_COLUMNS", "source_keys"]

FINDING_COLUMNS = ["finding_id", "kind", "indicator", "claim_ids", "doc_ids", "values", "periods",
                   "arithmetic", "assessment", "severity"]
SOURCE_COLUMNS = ["claim_id", "n_sources", "source_docs", "sources", "contradicted_by", "credibility",
                  "credibility_reason", "reliability", "grade", "outlet"]

_KIND_ORDER = {"conflict": 0, "growth_mismatch": 1, "period_mismatch": 2, "growth_consistent": 3,
               "single_source": 4, "unresolved_period": 5}


# --------------------------------------------------------------------------------------------
# Settings and reference data (read defensively: indicators.yml and outlets.csv belong to others)
# --------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _settings() -> dict:
    return datafiles.load("consistency.yml")


@lru_cache(maxsize=1)
def _indicator_meta() -> dict[str, dict]:

    return {str(i["id"]): i for i in load_indicators()}


def _level_of(indicator: str) -> str | None:
    """The level indicator a growth indicator applies to (``growth_of``), else None."""
    meta = _indicator_meta().get(indicator)
    if meta and meta.get("growth_of"):
        return str(meta["growth_of"])
    if indicator.endswith("_growth"):
        return indicator[: -len("_growth")]
    return None


def _label(indicator: str) -> str:
    meta = _indicator_meta().get(indicator)
    return str(meta.get("label")) if meta and meta.get("label") else indicator


@lru_cache(maxsize=1)
def _outlet_grades() -> dict[str, str]:

    outlets = load_outlets()
    return {o: r for o, r in zip(outlets["outlet"], outlets["reliability"]) if isinstance(o, str) and isinstance(r, str) and r}


def _additive(indicator: str, unit: str) -> bool:
    return indicator in set(_settings().get("additive_indicators", [])) and not str(unit).endswith("/yr")


# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------


def _s(v) -> str | None:
    """A clean string or None (NaN, NA, '' → None)."""
    if v is None:
        return None
    if isinstance(v, str):
        return v if v.strip() else None
    try:
        if pd.isna(v):
            return None
    except (TypeError, ValueError):
        pass
    return str(v)


def _f(v) -> float | None:
    try:
        x = float(v)
    except (TypeError, ValueError):
        return None
    return None if x != x else x


@lru_cache(maxsize=65536, typed=True)
def _fmt(value: float, unit: str) -> str:
    """*value* in *unit* as the book writes it; cached, as each figure is written once per finding."""
    try:

        return format_value(value, unit)
    except Exception:  # the tables module is optional here
        return f"{value:g} {unit}"




def _fmt_claim(c: dict) -> str:
    return QUALIFIER_PREFIX.get(c.get("qualifier") or "exact", "") + _fmt(c["value"], c["unit"])


def _period_text(start, end) -> str:
    if not start and not end:
        return "no period"
    if start and end and start != end:
        return f"{start}..{end}"
    return str(start or end)


@lru_cache(maxsize=65536)
def _days(a: str | None, b: str | None) -> tuple[_dt.date, _dt.date] | None:
    lo, hi = iso_bounds(a or b), iso_bounds(b or a)
    if lo is None or hi is None or hi[1] < lo[0]:
        return None  # unresolved, or an end before the start: no period to compare or prorate over
    return lo[0], hi[1]


@lru_cache(maxsize=65536)
def _relation(a: tuple[str, str], b: tuple[str, str]) -> str | None:
    """'same' | 'a_in_b' | 'b_in_a' | 'partial' | None (disjoint or unresolved)."""
    da, db = _days(*a), _days(*b)
    if da is None or db is None:
        return None
    if da == db:
        return "same"
    if da[1] < db[0] or db[1] < da[0]:
        return None
    if db[0] <= da[0] and da[1] <= db[1]:
        return "a_in_b"
    if da[0] <= db[0] and db[1] <= da[1]:
        return "b_in_a"
    return "partial"


def _span_days(p: tuple[str, str]) -> int:
    d = _days(*p)
    return (d[1] - d[0]).days + 1


def _interval(value: float, qualifier: str | None, tol: float) -> tuple[float, float]:
    if qualifier == "more_than":
        return value, value * (1 + tol)
    if qualifier == "up_to":
        return value * (1 - tol), value
    return value, value


def _gap(a: dict, b: dict, tol: float) -> float:
    """Relative gap between two figures (0 when their qualifier-widened intervals meet)."""
    lo_a, hi_a = _interval(a["value"], a.get("qualifier"), tol)
    lo_b, hi_b = _interval(b["value"], b.get("qualifier"), tol)
    if lo_b > hi_a:
        return (lo_b - hi_a) / max(min(abs(hi_a), abs(lo_b)), 1e-12)
    if lo_a > hi_b:
        return (lo_a - hi_b) / max(min(abs(hi_b), abs(lo_a)), 1e-12)
    return 0.0


# --------------------------------------------------------------------------------------------
# Sources and prepared claims
# --------------------------------------------------------------------------------------------


def _mentioned(v) -> list[str]:
    if isinstance(v, (list, tuple)):
        return [str(x) for x in v if _s(x)]
    s = _s(v)
    if not s:
        return []
    return [x.strip() for x in s.replace(";", ",").split(",") if x.strip()]


#: The columns the checks read. The tables carry more (the documents their whole texts), and turning
#: every column of every row into dicts was a large share of the run time.
_DOC_COLUMNS = ("doc_id", "outlet", "outlets_mentioned", "duplicate_of", "outlet_reliability", "published")
_CLAIM_COLUMNS = ("claim_id", "doc_id", "sentence_id", "value", "unit", "qualifier", "period_start", "period_end",
                  "period_kind", "indicator", "quote", "published", "base_period_start", "base_period_end",
                  "outlet", "growth_ref", "direction")


def source_keys(documents: pd.DataFrame | None) -> dict[str, str]:
    """Return doc_id → independent-source key ('outlet:<name>' or 'doc:<doc_id>').

    Same outlet → one source; a document with no outlet of its own that names an outlet is a
    reprint of it; a document with a ``duplicate_of`` counts as the document it duplicates.
    """
    if documents is None or len(documents) == 0:
        return {}
    recs = records(documents, _DOC_COLUMNS)
    keys: dict[str, str] = {}
    for r in recs:
        did = str(r["doc_id"])
        outlet = _s(r.get("outlet"))
        mentioned = _mentioned(r.get("outlets_mentioned"))
        if outlet:
            keys[did] = f"outlet:{outlet}"
        elif mentioned:
            keys[did] = f"outlet:{mentioned[0]}"
        else:
            keys[did] = f"doc:{did}"
    for r in recs:
        dup = _s(r.get("duplicate_of"))
        if dup and dup in keys:
            keys[str(r["doc_id"])] = keys[dup]
    return keys


def _prepare(claims: pd.DataFrame, documents: pd.DataFrame | None) -> list[dict]:
    keys = source_keys(documents)
    docs = {}
    if documents is not None and len(documents):
        docs = {str(r["doc_id"]): r for r in records(documents, _DOC_COLUMNS)}
    grades = _outlet_grades()
    out = []
    if claims is None or len(claims) == 0:
        return out
    for r in records(claims, _CLAIM_COLUMNS):
        value = _f(r.get("value"))
        if value is None:
            continue
        did = str(r["doc_id"])
        doc = docs.get(did, {})
        outlet = _s(doc.get("outlet")) or _s(r.get("outlet"))
        kind = _s(r.get("period_kind")) or "unresolved"
        start, end = _s(r.get("period_start")), _s(r.get("period_end"))
        if kind != "target" and not (start or end):
            kind = "unresolved"
        reliability = _s(doc.get("outlet_reliability")) or (grades.get(outlet) if outlet else None) or "F"
        out.append({
            "claim_id": str(r["claim_id"]), "doc_id": did, "sentence_id": _s(r.get("sentence_id")),
            "value": value, "unit": _s(r.get("unit")) or "", "qualifier": _s(r.get("qualifier")) or "exact",
            "start": start, "end": end, "kind": kind, "indicator": _s(r.get("indicator")) or "other",
            "quote": _s(r.get("quote")) or "", "published": _s(r.get("published")) or _s(doc.get("published")),
            "base_start": _s(r.get("base_period_start")), "base_end": _s(r.get("base_period_end")),
            "outlet": outlet, "source": keys.get(did) or (f"outlet:{outlet}" if outlet else f"doc:{did}"),
            "growth_ref": _s(r.get("growth_ref")), "direction": _s(r.get("direction")),
            "reliability": reliability,
        })
    return out


def _who(c: dict) -> str:
    return f"{c['outlet'] or 'unknown outlet'} ({short_id(c['doc_id'])})"


def _same_group(c: dict) -> tuple | None:
    """Key of claims that may report the same figure; None when the claim cannot be compared."""
    if c["indicator"] == "other" or c["kind"] == "unresolved":
        return None
    return (c["indicator"], c["unit"], c["kind"], c["start"] or "", c["end"] or "")


# --------------------------------------------------------------------------------------------
# The checks
# --------------------------------------------------------------------------------------------


def _groups(prepped: list[dict]) -> dict[tuple, list[dict]]:
    """Return the claims grouped by (indicator, unit, kind, period): the figures that must agree."""
    groups: dict[tuple, list[dict]] = {}
    for c in prepped:
        g = _same_group(c)
        if g:
            groups.setdefault(g, []).append(c)
    return groups


_MAX_VALUES = 8  # distinct values listed in one finding's ``values`` before "and K more"


class _Chunk:
    """Claims that oppose a claim, shared by every claim with the same figure (no per-pair lists)."""

    __slots__ = ("claims", "docs")

    def __init__(self, claims: list[dict]):
        self.claims = claims
        self.docs = frozenset(c["doc_id"] for c in claims)


#: Stand-in for "claims from more than one document" in a documents summary (see :func:`_docs_of`).
_MANY = object()


def _docs_of(claims: Iterable[dict], start=None):
    """Summarise the documents of *claims* (joined to summary *start*): None (no claims), the one doc_id
    they all share, or ``_MANY``. Enough to tell whether two sets of claims hold a cross-document pair."""
    out = start
    for c in claims:
        if out is _MANY:
            break
        d = c["doc_id"]
        if out is None:
            out = d
        elif out != d:
            out = _MANY
    return out


def _cross_document(a, b) -> bool:
    """True when two non-empty documents summaries (:func:`_docs_of`) hold claims of different documents."""
    return a is _MANY or b is _MANY or a != b


class _Fenwick:
    """Counts at positions 0..n-1 with O(log n) update and prefix sum (a binary indexed tree)."""

    __slots__ = ("tree",)

    def __init__(self, n: int):
        self.tree = [0] * (n + 1)

    def add(self, pos: int, delta: int) -> None:
        pos += 1
        while pos < len(self.tree):
            self.tree[pos] += delta
            pos += pos & -pos

    def below(self, pos: int) -> int:
        """Sum of the counts at positions < *pos*."""
        total = 0
        while pos > 0:
            total += self.tree[pos]
            pos -= pos & -pos
        return total


class _GroupIndex:
    """A same-figure group indexed by distinct figure (value, qualifier), in O(n log n) for n claims.

    Figure *b* opposes figure *a* when their relative gap exceeds the tolerance (:func:`_gap`): *b*
    lies above *a* (lo_b > hi_a of the qualifier-widened intervals) or below it (hi_b < lo_a). For
    finite non-negative values and 0 ≤ tol ≤ 1 the gap above only grows with lo_b and the gap below
    only grows as hi_b falls, so the figures opposing *a* are a suffix of the figures sorted by lo
    plus a prefix of the figures sorted by hi: two bisections per figure locate them, where comparing
    every pair cost O(k²) for k distinct figures (and a large group can have hundreds). Groups with
    other values (negative, infinite) or tolerances are compared pair by pair, as the reference.

    ``support[i]``: independent sources of the figures that agree with figure *i* (itself included);
    :meth:`opposed`, :meth:`agreeing` and :meth:`chunk` list figures and claims for one figure, on
    demand — their total size is quadratic, and only the per-claim sources table needs them all.
    """

    def __init__(self, cs: list[dict], tol: float):
        by_key: dict[tuple, list[dict]] = {}
        for c in cs:
            by_key.setdefault((c["value"], c["qualifier"]), []).append(c)
        self.claims = cs
        self.members = list(by_key.values())
        self.pos = {c["claim_id"]: i for i, m in enumerate(self.members) for c in m}
        self._reps = [m[0] for m in self.members]
        self._srcs = [{c["source"] for c in m} for m in self.members]
        self._chunks: dict[int, _Chunk | None] = {}
        k = len(self._reps)
        iv = [_interval(r["value"], r["qualifier"], tol) for r in self._reps]
        self._monotone = 0 <= tol <= 1 and all(math.isfinite(r["value"]) and r["value"] >= 0 for r in self._reps)
        if not self._monotone:
            self._opp = [[j for j in range(k) if j != i and _gap(self._reps[i], self._reps[j], tol) > tol]
                         for i in range(k)]
            return
        reps = self._reps
        self._by_lo = sorted(range(k), key=lambda j: iv[j][0])
        self._by_hi = sorted(range(k), key=lambda j: iv[j][1])
        self._lo_rank = [0] * k
        self._hi_rank = [0] * k
        for r, j in enumerate(self._by_lo):
            self._lo_rank[j] = r
        for r, j in enumerate(self._by_hi):
            self._hi_rank[j] = r

        def above(i: int, j: int) -> bool:
            return iv[j][0] > iv[i][1] and _gap(reps[i], reps[j], tol) > tol

        def below(i: int, j: int) -> bool:
            return iv[j][1] < iv[i][0] and _gap(reps[i], reps[j], tol) > tol

        # Figures opposing i: ranks >= _above_from[i] of _by_lo, ranks < _below_to[i] of _by_hi.
        self._above_from = [bisect_left(self._by_lo, True, key=lambda j, i=i: above(i, j)) for i in range(k)]
        self._below_to = [bisect_left(self._by_hi, True, key=lambda j, i=i: not below(i, j)) for i in range(k)]

    # -- opposition, figure by figure -----------------------------------------------------------

    def opposed(self, i: int) -> list[int]:
        """The figures that disagree with figure *i* beyond tolerance, in figure order."""
        if not self._monotone:
            return self._opp[i]
        lo_from, hi_to = self._above_from[i], self._below_to[i]
        return [j for j in range(len(self.members)) if self._lo_rank[j] >= lo_from or self._hi_rank[j] < hi_to]

    def agreeing(self, i: int) -> tuple[list[dict], set[str]]:
        """The claims of the figures that agree with figure *i* (itself included) and their sources."""
        bad = set(self.opposed(i))
        keep = [j for j in range(len(self.members)) if j not in bad]
        return [c for j in keep for c in self.members[j]], set().union(*(self._srcs[j] for j in keep))

    def chunk(self, i: int) -> _Chunk | None:
        """The claims opposing figure *i* as one chunk shared by all its claims (None: no opposition)."""
        if i not in self._chunks:
            opp = self.opposed(i)
            self._chunks[i] = _Chunk([c for j in opp for c in self.members[j]]) if opp else None
        return self._chunks[i]

    # -- whole-group answers, without listing pairs ---------------------------------------------

    @cached_property
    def support(self) -> list[int]:
        """Per figure, the independent sources of the figures that agree with it (itself included).

        The agreeing figures of *i* have lo-rank < ``_above_from[i]`` and hi-rank >= ``_below_to[i]``.
        Figures enter in lo order while the queries are taken in order of ``_above_from``; per source
        the highest hi-rank seen so far is counted in a Fenwick tree, so the sources with a figure
        reaching hi-rank >= ``_below_to[i]`` are one suffix count.
        """
        k = len(self.members)
        if not self._monotone:
            return [len(self.agreeing(i)[1]) for i in range(k)]
        counts = _Fenwick(k)
        top: dict[str, int] = {}  # source → highest hi-rank among the figures entered so far
        out = [0] * k
        entered = 0
        for i in sorted(range(k), key=self._above_from.__getitem__):
            while entered < self._above_from[i]:
                j = self._by_lo[entered]
                r = self._hi_rank[j]
                for s in self._srcs[j]:
                    old = top.get(s)
                    if old is None or r > old:
                        if old is not None:
                            counts.add(old, -1)
                        counts.add(r, 1)
                        top[s] = r
                entered += 1
            out[i] = len(top) - counts.below(self._below_to[i])
        return out

    def key_of(self, c: dict) -> int:
        return self.pos[c["claim_id"]]

    def conflicting(self) -> bool:
        """True when two claims of different documents disagree beyond tolerance.

        Opposition is symmetric, so every opposing pair is one figure and a figure above it: it is
        enough to set each figure's documents against those of the lo-order suffix above it.
        """
        if not self._monotone:
            return any(_cross_document(_docs_of(self.members[i]), _docs_of(self.chunk(i).claims))
                       for i in range(len(self.members)) if self.chunk(i) is not None)
        k = len(self.members)
        suffix = [None] * (k + 1)  # suffix[r]: documents summary of the figures of lo-rank >= r
        for r in range(k - 1, -1, -1):
            suffix[r] = _docs_of(self.members[self._by_lo[r]], suffix[r + 1])
        return any(_cross_document(_docs_of(self.members[i]), suffix[self._above_from[i]])
                   for i in range(k) if self._above_from[i] < k)

    def best_order(self) -> list[dict]:
        """The group's claims, best corroborated first (ties: A then B outlets, then register order)."""
        order = {c["claim_id"]: n for n, c in enumerate(self.claims)}
        return sorted(self.claims, key=lambda c: (-self.support[self.key_of(c)], c["reliability"] != "A",
                                                  c["reliability"] != "B", order[c["claim_id"]]))


def _add_opp(opp: dict[str, list[_Chunk]], c: dict, chunk: _Chunk | None) -> None:
    if chunk is not None:
        opp.setdefault(c["claim_id"], []).append(chunk)


def _capped(items: list[str], cap: int = _MAX_VALUES) -> str:
    items = list(dict.fromkeys(items))
    if len(items) <= cap:
        return "; ".join(items)
    return "; ".join(items[:cap]) + f"; and {len(items) - cap} more"


def _contradictions(prepped: list[dict], tol: float, with_opposition: bool = True
                    ) -> tuple[dict[str, list[_Chunk]], list[dict], dict[tuple, _GroupIndex]]:
    """Same-period conflicts and impossible sub-period figures.

    Returns claim → chunks of opposing claims (shared per figure, never one entry per pair; empty
    unless *with_opposition*: only the per-claim sources table needs it, and it is quadratic in the
    size of a disagreeing group), one finding per disagreeing group (or per pair of
    sub-period/whole-period groups), and the group indexes.
    """
    opp: dict[str, list[_Chunk]] | None = {} if with_opposition else None
    found: list[dict] = []
    index = {g: _GroupIndex(cs, tol) for g, cs in _groups(prepped).items()}
    for g, ix in index.items():
        cs = ix.claims
        if opp is not None:
            for c in cs:
                _add_opp(opp, c, ix.chunk(ix.key_of(c)))
        if not ix.conflicting():
            continue
        lo = min(cs, key=lambda c: c["value"])
        hi = max(cs, key=lambda c: c["value"])
        ranked = ix.best_order()
        best = ranked[0]
        b = ix.key_of(best)
        ties = [i for i in ix.opposed(b) if ix.support[i] == ix.support[b]]
        if ties:
            verdict = ("No figure has more independent support than the other; neither can be preferred "
                       "on corroboration alone.")
        else:
            verdict = (f"{_fmt_claim(best)} is better supported ({ix.support[b]} independent "
                       f"source(s)).")
        n_sources = len({c["source"] for c in cs})
        n_values = len({_fmt_claim(c) for c in cs})
        listed = []
        for i in sorted(range(len(ix.members)), key=lambda i: (-ix.support[i], ix.members[i][0]["value"])):
            outlets = list(dict.fromkeys(c["outlet"] or "unknown outlet" for c in ix.members[i]))
            who = ", ".join(outlets[:3]) + (f", +{len(outlets) - 3} more" if len(outlets) > 3 else "")
            listed.append(f"{_fmt_claim(ix.members[i][0])} ({who}, {_period_text(g[3], g[4])})")
        found.append({
            "kind": "conflict", "indicator": g[0], "claims": cs, "values": _capped(listed),
            "arithmetic": (f"{_fmt_claim(hi)} vs {_fmt_claim(lo)}: difference "
                           f"{(hi['value'] - lo['value']) / max(abs(lo['value']), 1e-12):.0%} of the lower figure, "
                           f"above the {tol:.0%} tolerance"),
            "assessment": (f"Sources disagree on {_label(g[0])} for {_period_text(g[3], g[4])}"
                           + (f": {n_values} distinct figures from {n_sources} independent sources"
                              if len(cs) > 2 else "")
                           + ". " + verdict),
            "severity": "warning",
        })

    # Impossible sub-period figures for flow indicators (different documents, actual figures):
    # compared group against group (distinct figures), one finding per pair of periods.
    flows = [(g, ix) for g, ix in index.items() if g[2] == "actual" and _additive(g[0], g[1])]
    by_ind: dict[tuple, list] = {}
    for g, ix in flows:
        by_ind.setdefault((g[0], g[1]), []).append((g, ix))
    for items in by_ind.values():
        for n, (ga, ia) in enumerate(items):
            for gb, ib in items[n + 1:]:
                rel = _relation((ga[3] or None, ga[4] or None), (gb[3] or None, gb[4] or None))
                if rel not in ("a_in_b", "b_in_a"):
                    continue
                (gs, isub), (gw, iwhole) = ((ga, ia), (gb, ib)) if rel == "a_in_b" else ((gb, ib), (ga, ia))
                f = _sub_period_conflict(gs, isub, iwhole, tol, opp)
                if f is not None:
                    found.append(f)
    return (opp if opp is not None else {}), found, index


def _sub_period_conflict(gs: tuple, isub: _GroupIndex, iwhole: _GroupIndex, tol: float,
                         opp: dict[str, list[_Chunk]] | None) -> dict | None:
    """The conflict finding when a figure of sub-period group *isub* exceeds one of the containing
    period's group *iwhole* (claims of different documents), else None; records the opposing chunks
    in *opp* unless it is None.

    Sub-period figure *i* exceeds whole-period figure *j* when lo_i > hi_j·(1 + tol): with the
    whole-period figures sorted by hi_j·(1 + tol), the figures *i* exceeds are a prefix of that order,
    found by one bisection (``n_hit[i]`` long) rather than by comparing every pair.
    """
    subs, wholes = isub.members, iwhole.members
    by_top, n_hit = _exceeded_prefixes(subs, wholes, tol)
    hit_subs = [i for i in range(len(subs)) if n_hit[i]]
    if not hit_subs:
        return None
    pair = _cross_document_pair(subs, wholes, hit_subs, by_top, n_hit)
    if pair is None:
        return None
    if opp is not None:
        _record_exceeding(opp, subs, wholes, hit_subs, by_top, n_hit)
    hit_wholes = _hit_wholes(hit_subs, by_top, n_hit)
    return _sub_period_finding(gs, [s for i in hit_subs for s in subs[i]],
                               [w for j in hit_wholes for w in wholes[j]], pair)


def _exceeded_prefixes(subs: list[list[dict]], wholes: list[list[dict]], tol: float) -> tuple[list[int], list[int]]:
    """The whole-period figures in order of hi·(1 + tol) (``by_top``), and per sub-period figure how many
    of them it exceeds (``n_hit``: a prefix of ``by_top``)."""
    w_top = [_interval(m[0]["value"], m[0]["qualifier"], tol)[1] * (1 + tol) for m in wholes]
    # (a NaN top is exceeded by nothing, so it is left out of the order)
    by_top = sorted((j for j in range(len(wholes)) if w_top[j] == w_top[j]), key=w_top.__getitem__)
    tops = [w_top[j] for j in by_top]
    n_hit = []
    for m in subs:
        lo_sub = _interval(m[0]["value"], m[0]["qualifier"], tol)[0]
        n_hit.append(bisect_left(tops, lo_sub) if lo_sub == lo_sub else 0)
    return by_top, n_hit


def _hit_wholes(hit_subs: list[int], by_top: list[int], n_hit: list[int]) -> list[int]:
    """The whole-period figures any sub-period figure exceeds, in the order the pairs first name them
    (sub-period figure by figure, whole-period figures in figure order): the prefixes are nested."""
    hit_wholes: list[int] = []
    for i in hit_subs:
        if n_hit[i] > len(hit_wholes):
            hit_wholes += sorted(by_top[len(hit_wholes):n_hit[i]])
    return hit_wholes


def _cross_document_pair(subs: list[list[dict]], wholes: list[list[dict]], hit_subs: list[int],
                         by_top: list[int], n_hit: list[int]) -> tuple[dict, dict] | None:
    """A sub-period claim and a whole-period claim it exceeds from another document, else None.

    Each sub-period claim is set against the first whole-period figure it exceeds, else against
    every figure it exceeds (skipping claims that have no such partner).
    """
    first_whole = list(accumulate(by_top, min))  # first_whole[r - 1]: lowest figure number of by_top[:r]
    other_first: dict[int, dict | None] = {}

    def other_doc(j: int, doc: str) -> dict | None:
        """The first claim of whole-period figure *j* from a document other than *doc*, in O(1): its
        first claim, or else the first claim from a document other than the first claim's."""
        m = wholes[j]
        if m[0]["doc_id"] != doc:
            return m[0]
        if j not in other_first:
            other_first[j] = next((w for w in m if w["doc_id"] != doc), None)
        return other_first[j]

    pair = next(((s, w) for i in hit_subs for s in subs[i]
                 for w in [other_doc(first_whole[n_hit[i] - 1], s["doc_id"])] if w is not None), None)
    if pair is None:
        prefix_docs = []  # prefix_docs[r - 1]: documents of the claims of by_top[:r]
        for j in by_top:
            prefix_docs.append(_docs_of(wholes[j], prefix_docs[-1] if prefix_docs else None))
        pair = next(((s, w) for i in hit_subs for s in subs[i]
                     if _cross_document(prefix_docs[n_hit[i] - 1], s["doc_id"])
                     for j in sorted(by_top[:n_hit[i]]) for w in [other_doc(j, s["doc_id"])] if w is not None), None)
    return pair


def _record_exceeding(opp: dict[str, list[_Chunk]], subs: list[list[dict]], wholes: list[list[dict]],
                      hit_subs: list[int], by_top: list[int], n_hit: list[int]) -> None:
    """Record in *opp* the whole-period claims each sub-period claim exceeds, and the reverse."""
    hits = {i: sorted(by_top[:n_hit[i]]) for i in hit_subs}
    rev: dict[int, list[int]] = {}
    for i, js in hits.items():
        for j in js:
            rev.setdefault(j, []).append(i)
    for i, js in hits.items():
        ch = _Chunk([w for j in js for w in wholes[j]])
        for s in subs[i]:
            _add_opp(opp, s, ch)
    for j, is_ in rev.items():
        ch = _Chunk([s for i in is_ for s in subs[i]])
        for w in wholes[j]:
            _add_opp(opp, w, ch)


def _sub_period_finding(gs: tuple, sub_claims: list[dict], whole_claims: list[dict],
                        pair: tuple[dict, dict]) -> dict:
    """The conflict finding of the exceeding sub-period claims and the whole-period claims they exceed."""
    # The most informative pair: the largest sub-period figure against the smallest whole.
    sub = max(sub_claims, key=lambda c: c["value"])
    whole = min((w for w in whole_claims if w["doc_id"] != sub["doc_id"]), key=lambda c: c["value"], default=None)
    if whole is None:
        sub, whole = pair
    involved = sub_claims + whole_claims
    more = len(involved) - 2
    return {
        "kind": "conflict", "indicator": gs[0], "claims": [sub, whole] + [
            c for c in involved if c is not sub and c is not whole],
        "arithmetic": (f"{_fmt_claim(sub)} for {_period_text(sub['start'], sub['end'])} ({_who(sub)}) "
                       f"exceeds {_fmt_claim(whole)} for the containing period "
                       f"{_period_text(whole['start'], whole['end'])} ({_who(whole)})"),
        "assessment": (f"A {_label(gs[0])} figure for part of a period exceeds another "
                       "source's figure for the whole period, which is impossible for a flow; "
                       "one of them is wrong or they measure different things."
                       + (f" {more} other claim(s) of these two periods are in the same conflict."
                          if more > 0 else "")),
        "severity": "warning",
    }


def _base_period(g: dict) -> tuple[str | None, str | None]:
    """The period a growth claim compares with: the claims register's, or "годом ранее" anchored."""
    if g["base_start"] or g["base_end"]:
        return g["base_start"] or g["base_end"], g["base_end"] or g["base_start"]
    if not (g["start"] or g["end"]):
        return None, None
    for e in find_time_expressions(g["quote"], g["published"]):
        if needs_claim_anchor(e):
            return shift_iso(g["start"], years=-1), shift_iso(g["end"], years=-1)
    return None, None


def _growth_pair(ctx: dict, o: dict, rel: str, tol: float, factor: float, texts: bool = True) -> dict:
    """One growth claim (context *ctx*) against one other-source figure *o*: kind, texts, tension.

    With *texts* False only ``kind`` and ``tense`` are filled: the tallies over a whole comparison
    group need no more, and formatting the texts of every pair was most of their cost. The rules,
    by how the base period relates to *o*'s period: the same period (compare values); overlapping,
    or a level that is not a flow (not comparable); one inside the other (pro rata).
    """
    if rel == "same":
        return _growth_same_period(ctx, o, tol, texts)
    if rel == "partial" or not _additive(ctx["level_ind"], ctx["level"]["unit"]):
        return _growth_not_comparable(ctx, o, texts)
    return _growth_pro_rata(ctx, o, rel, tol, factor, texts)


def _other_text(o: dict) -> str:
    """What the other source reports: outlet (document), figure and period."""
    return f"{_who(o)} reports {_fmt_claim(o)} for {_period_text(o['start'], o['end'])}"


def _growth_same_period(ctx: dict, o: dict, tol: float, texts: bool) -> dict:
    """Same period: the implied base agrees with *o* within tolerance (consistent) or not (mismatch)."""
    gap = _gap({"value": ctx["implied"], "qualifier": ctx["level"]["qualifier"]}, o, tol)
    ok = gap <= tol
    if not texts:
        return {"kind": "growth_consistent" if ok else "growth_mismatch", "tense": not ok}
    return {
        "kind": "growth_consistent" if ok else "growth_mismatch", "tense": not ok,
        "arithmetic": f"{ctx['head']}; {_other_text(o)} (gap {gap:.0%}).",
        "assessment": ("The growth claim agrees with the other source's figure for the base period."
                       if ok else
                       "The growth claim implies a base-period figure the other source contradicts: "
                       "at least one of the figures, or the multiplier, is wrong."),
        "severity": "info" if ok else "warning",
    }


def _growth_not_comparable(ctx: dict, o: dict, texts: bool) -> dict:
    """Overlapping periods, or a level that cannot be prorated: not comparable, no conflict."""
    if not texts:
        return {"kind": "period_mismatch", "tense": False}
    return {
        "kind": "period_mismatch", "tense": False, "arithmetic": f"{ctx['head']}; {_other_text(o)}.",
        "assessment": ("Not comparable: the periods overlap but differ, and the figures cannot be "
                       "prorated; no conflict is claimed."),
        "severity": "info",
    }


def _pro_rata(ctx: dict, o: dict, rel: str, tol: float, factor: float) -> dict:
    """The sub-period and whole-period figures of a growth claim's base and *o*, and their monthly rates."""
    b0, b1 = ctx["b0"], ctx["b1"]
    if rel == "a_in_b":  # the implied base is part of the other source's period
        sub_v, sub_p, whole_v, whole_p = ctx["implied"], (b0, b1), o["value"], (o["start"], o["end"])
    else:
        sub_v, sub_p, whole_v, whole_p = o["value"], (o["start"], o["end"]), ctx["implied"], (b0, b1)
    rest = whole_v - sub_v
    rest_days = _span_days(whole_p) - _span_days(sub_p)
    rate_sub = sub_v / _span_days(sub_p) * 30.44
    rate_rest = rest / rest_days * 30.44 if rest_days > 0 else float("nan")
    impossible = sub_v > whole_v * (1 + tol)
    tension = (not impossible and rest_days > 0 and rate_sub > 0
               and not (1 / factor <= rate_rest / rate_sub <= factor))
    return {"sub_v": sub_v, "sub_p": sub_p, "whole_v": whole_v, "whole_p": whole_p, "rest": rest,
            "rest_days": rest_days, "rate_sub": rate_sub, "rate_rest": rate_rest, "impossible": impossible,
            "tension": tension}


def _pro_rata_arithmetic(ctx: dict, o: dict, p: dict) -> str:
    """The ``arithmetic`` text of a pro-rata comparison *p* (see :func:`_pro_rata`)."""
    unit = ctx["level"]["unit"]
    share = p["sub_v"] / p["whole_v"] if p["whole_v"] else float("inf")
    expected = _span_days(p["sub_p"]) / _span_days(p["whole_p"])
    arith = (f"{ctx['head']}; {_other_text(o)}: the {_period_text(*p['sub_p'])} figure is {share:.0%} of the "
             f"{_period_text(*p['whole_p'])} figure, against {expected:.0%} if spread evenly over the calendar")
    if p["rest_days"] > 0 and p["rest"] >= 0:
        arith += (f"; the remaining {p['rest_days']} days would need {_fmt(p['rest'], unit)} "
                  f"({_fmt(p['rate_rest'], unit)}/month vs {_fmt(p['rate_sub'], unit)}/month).")
    else:
        arith += "."
    return arith + ctx["bounds"]


def _growth_pro_rata(ctx: dict, o: dict, rel: str, tol: float, factor: float, texts: bool) -> dict:
    """One period inside the other (flows): impossible, in tension pro rata, or consistent pro rata."""
    p = _pro_rata(ctx, o, rel, tol, factor)
    impossible, tension = p["impossible"], p["tension"]
    if not texts:
        return {"kind": "growth_mismatch" if impossible or tension else "period_mismatch",
                "tense": impossible or tension}
    arith = _pro_rata_arithmetic(ctx, o, p)
    if impossible:
        return {
            "kind": "growth_mismatch", "tense": True, "arithmetic": arith,
            "assessment": ("Impossible as stated: a figure for part of a period exceeds the figure for the "
                           "whole period; the multiplier or one of the figures is wrong."),
            "severity": "warning",
        }
    if tension:
        rate_rest, rate_sub = p["rate_rest"], p["rate_sub"]
        pace = (f"{rate_rest / rate_sub:.1f} times as much a month as in" if rate_rest > rate_sub
                else f"only {rate_rest / rate_sub:.0%} of the monthly rate of")
        return {
            "kind": "growth_mismatch", "tense": True, "arithmetic": arith,
            "assessment": (f"Tension, not proof: the figures fit together only if the rest of "
                           f"{_period_text(*p['whole_p'])} brought {pace} "
                           f"{_period_text(*p['sub_p'])}. Seasonality or one-off deliveries "
                           "could explain part of it, or the multiplier is loose; the periods are not "
                           "like for like, so this is a warning, not a conflict."),
            "severity": "warning",
        }
    return {
        "kind": "period_mismatch", "tense": False, "arithmetic": arith,
        "assessment": "Not like for like (different periods), but consistent pro rata; no conflict.",
        "severity": "info",
    }


_GROWTH_RANK = {"growth_mismatch": 0, "period_mismatch": 1, "growth_consistent": 2}


def _candidate_orders(ix: _GroupIndex, tol: float) -> tuple[list[dict], ...]:
    """A group's claims in the orders a growth claim's candidates are taken from (first claim of
    another document in each): best corroborated, lowest and highest value, lowest top and highest
    bottom of the qualifier-widened interval. Sorted once per group, not once per growth claim."""
    ranked = ix.best_order()
    return (ranked,
            sorted(ranked, key=lambda c: c["value"]),
            sorted(ranked, key=lambda c: -c["value"]),
            sorted(ranked, key=lambda c: _interval(c["value"], c["qualifier"], tol)[1]),
            sorted(ranked, key=lambda c: -_interval(c["value"], c["qualifier"], tol)[0]))


def _growth_checks(prepped: list[dict], tol: float, factor: float,
                   index: dict[tuple, _GroupIndex] | None = None) -> tuple[set[str], list[dict]]:
    """Growth claims whose implied base contradicts (or matches) another source's figure.

    One finding per (growth indicator, base period, comparison group); each growth claim is checked
    against the comparison group's extreme and best-corroborated figures only (the checks are
    monotonic in the other figure), so the cost is O(growth claims × groups), not per pair.
    """
    tense: set[str] = set()
    by_id = {c["claim_id"]: c for c in prepped}
    if index is None:
        index = {g: _GroupIndex(cs, tol) for g, cs in _groups(prepped).items()}
    by_doc: dict[str, list[dict]] = {}
    for c in prepped:
        by_doc.setdefault(c["doc_id"], []).append(c)
    actual_groups: dict[tuple, list[tuple]] = {}
    for gk in index:
        if gk[2] == "actual":
            actual_groups.setdefault((gk[0], gk[1]), []).append(gk)
    orders_cache: dict[tuple, tuple[list[dict], ...]] = {}
    buckets: dict[tuple, dict] = {}
    for g in prepped:
        ctx = _growth_context(g, by_id, by_doc)
        if ctx is None:
            continue
        for gk in actual_groups.get((ctx["level_ind"], ctx["level"]["unit"]), []):
            rel = _relation((ctx["b0"], ctx["b1"]), (gk[3] or None, gk[4] or None))
            if rel is None:
                continue
            ix = index[gk]
            if gk not in orders_cache:
                orders_cache[gk] = _candidate_orders(ix, tol)
            cands = _candidates(orders_cache[gk], g["doc_id"])
            if not cands:
                continue
            results = [(o, _growth_pair(ctx, o, rel, tol, factor, texts=False)) for o in cands]
            if any(r["tense"] for _, r in results):
                tense.add(g["claim_id"])
                # the other side of the tension is as doubtful: both are graded down, not one
                tense.update(o["claim_id"] for o, r in results if r["tense"])
            key = (g["indicator"], ctx["b0"], ctx["b1"], gk)
            buckets.setdefault(key, {"entries": [], "ix": ix, "rel": rel})["entries"].append((ctx, results))
    found = [_growth_finding(ind, gk, bk, tol, factor) for (ind, _b0, _b1, gk), bk in buckets.items()]
    return tense, found


def _growth_context(g: dict, by_id: dict[str, dict], by_doc: dict[str, list[dict]]) -> dict | None:
    """What growth claim *g* is compared with: its level figure and the base-period figure it implies.

    None unless every rule holds, in the order applied: an actual growth figure (× or %) of an
    indicator that has a level indicator; an actual level figure to apply it to; a base period; a
    positive growth value and factor.
    """
    if g["unit"] not in ("x", "%") or g["kind"] != "actual":
        return None
    level_ind = _level_of(g["indicator"])
    if not level_ind:
        return None
    level = _growth_level(g, level_ind, by_id, by_doc)
    if level is None or level["kind"] != "actual":
        return None
    b0, b1 = _base_period(g)
    if not (b0 or b1):
        return None
    if g["value"] <= 0:
        return None  # "fell 0 times" / "grew by 0 %" implies nothing about the base period
    factor_, op = _growth_factor(g)
    if factor_ <= 0:
        return None
    implied = level["value"] / factor_
    return {"g": g, "level": level, "implied": implied, "b0": b0, "b1": b1, "level_ind": level_ind,
            "head": (f"{_fmt_claim(level)} ({_period_text(level['start'], level['end'])}, {_who(level)}) "
                     f"{op} = {_fmt(implied, level['unit'])} implied for {_period_text(b0, b1)}"),
            "bounds": (" Both figures are lower bounds ('more than'), so the ratio is indicative."
                       if level["qualifier"] == "more_than" else "")}


def _growth_level(g: dict, level_ind: str, by_id: dict[str, dict], by_doc: dict[str, list[dict]]) -> dict | None:
    """The level figure growth claim *g* applies to: its ``growth_ref`` when that is of *level_ind*, else
    an actual *level_ind* figure for the same period in the same document (the same sentence first)."""
    ref = by_id.get(g["growth_ref"]) if g["growth_ref"] else None
    levels = [ref] if ref is not None and ref["indicator"] == level_ind else [
        c for c in by_doc.get(g["doc_id"], []) if c["indicator"] == level_ind
        and c["kind"] == "actual" and (c["start"], c["end"]) == (g["start"], g["end"])]
    if not levels:
        return None
    return sorted(levels, key=lambda c: (c["sentence_id"] != g["sentence_id"], c["claim_id"]))[0]


def _growth_factor(g: dict) -> tuple[float, str]:
    """The factor from base period to period of a positive growth claim, and the operation as written."""
    down = g["direction"] == "down"
    if g["unit"] == "x":
        factor_ = 1 / g["value"] if down else g["value"]
        op = f"× {g['value']:g}" if down else f"/ {g['value']:g}"
    else:
        factor_ = 1 - g["value"] / 100.0 if down else 1 + g["value"] / 100.0
        op = f"/ {factor_:g} ({'-' if down else '+'}{g['value']:g} %)"
    return factor_, op


def _candidates(orders: tuple[list[dict], ...], doc_id: str) -> list[dict]:
    """The best-corroborated figure and the extremes (by value and by interval) of a comparison group:
    the first claim of a document other than *doc_id* in each of *orders*, each claim once."""
    cands: list[dict] = []
    for seq in orders:
        o = next((o for o in seq if o["doc_id"] != doc_id), None)
        if o is not None and all(o is not x for x in cands):
            cands.append(o)
    return cands


def _growth_finding(ind: str, gk: tuple, bk: dict, tol: float, factor: float) -> dict:
    """The finding of one (growth indicator, base period, comparison group) bucket *bk*."""
    entries = bk["entries"]
    # The finding's kind: the most serious any pair reaches; its text: the first growth claim
    # against the best-corroborated figure that shows that kind.
    kind = min((r["kind"] for _, rs in entries for _, r in rs), key=_GROWTH_RANK.get)
    ctx, o = next((ctx, o) for ctx, rs in entries for o, r in rs if r["kind"] == kind)
    r = _growth_pair(ctx, o, bk["rel"], tol, factor)  # the texts, for this one pair only
    g = ctx["g"]
    group_claims = bk["ix"].claims
    compared = [x for x in group_claims if x["doc_id"] != g["doc_id"]]
    assessment = r["assessment"]
    if len(compared) > 1:
        kinds_ = [_growth_pair(ctx, x, bk["rel"], tol, factor, texts=False)["kind"] for x in compared]
        agree = sum(k != "growth_mismatch" for k in kinds_)
        assessment += (f" Of the {len(compared)} figures for {_period_text(gk[3], gk[4])} from other "
                       f"documents, {agree} fit this growth claim and {len(compared) - agree} do not.")
    if len(entries) > 1:
        assessment += f" {len(entries) - 1} other growth claim(s) make the same comparison."
    claims_ = [g, ctx["level"], o]
    claims_ += [c for e, _ in entries for c in (e["g"], e["level"])]
    claims_ += [x for x in group_claims if x["doc_id"] != g["doc_id"]]
    return {"kind": kind, "indicator": ind, "claims": claims_, "arithmetic": r["arithmetic"],
            "assessment": assessment, "severity": r["severity"]}


def _coverage_findings(prepped: list[dict]) -> list[dict]:
    found = []
    for g, cs in _groups(prepped).items():
        if len({c["source"] for c in cs}) == 1:
            found.append({
                "kind": "single_source", "indicator": g[0], "claims": cs, "arithmetic": "",
                "assessment": (f"Only one independent source ({cs[0]['outlet'] or 'unknown outlet'}) reports "
                               + (f"a {_label(g[0])} target" if g[2] == "target" else _label(g[0]))
                               + (f" for {_period_text(g[3], g[4])}" if (g[3] or g[4]) else " (no date given)")
                               + "; credibility at best 3."),
                "severity": "info",
            })
    for c in prepped:
        if c["kind"] == "unresolved" and c["indicator"] != "other":
            why = ("a relative or missing date in an undated document" if not c["published"] else
                   "no period stated (at best 'as of publication')")
            found.append({
                "kind": "unresolved_period", "indicator": c["indicator"], "claims": [c], "arithmetic": "",
                "assessment": (f"{_label(c['indicator'])} figure that cannot be placed in time ({why}); "
                               "it is compared with nothing."),
                "severity": "info",
            })
    return found


def _settings_or(tolerance, factor) -> tuple[float, float]:
    st = _settings()
    tol = float(tolerance if tolerance is not None else st.get("tolerance", 0.10))
    f = float(factor if factor is not None else st.get("prorata_factor", 2.0))
    return tol, f


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------


def findings(claims: pd.DataFrame, documents: pd.DataFrame | None = None, tolerance: float | None = None,
             prorata_factor: float | None = None) -> pd.DataFrame:
    """Return the cross-source findings on *claims* (columns :data:`FINDING_COLUMNS`).

    ``kind`` is one of conflict, growth_mismatch, period_mismatch, growth_consistent, single_source,
    unresolved_period; ``severity`` 'warning' or 'info'. ``values`` lists each figure with its
    outlet and period; ``arithmetic`` shows the computation behind a growth or period check (money in
    the claims' base units, formatted ``$547 M``). *tolerance* is relative (default 0.10).
    Warnings come first.
    """
    tol, factor = _settings_or(tolerance, prorata_factor)
    prepped = _prepare(claims, documents)
    _, conflicts, index = _contradictions(prepped, tol, with_opposition=False)
    _, growth = _growth_checks(prepped, tol, factor, index)
    rows = []
    for f in conflicts + growth + _coverage_findings(prepped):
        cs = f["claims"]
        rows.append({
            "kind": f["kind"], "indicator": f["indicator"],
            "claim_ids": tuple(dict.fromkeys(c["claim_id"] for c in cs)),
            "doc_ids": tuple(dict.fromkeys(c["doc_id"] for c in cs)),
            "values": f.get("values") or _capped(
                [f"{_fmt_claim(c)} ({c['outlet'] or 'unknown outlet'}, {_period_text(c['start'], c['end'])})"
                 for c in cs]),
            "periods": _capped([_period_text(c["start"], c["end"]) for c in cs]),
            "arithmetic": f["arithmetic"], "assessment": f["assessment"], "severity": f["severity"],
        })
    if not rows:
        return pd.DataFrame(columns=FINDING_COLUMNS)
    out = pd.DataFrame(rows)
    out["_s"] = (out["severity"] != "warning").astype(int)
    out["_k"] = out["kind"].map(_KIND_ORDER).fillna(9)
    out = out.sort_values(["_s", "_k", "indicator"], kind="stable").drop(columns=["_s", "_k"])
    out = out.reset_index(drop=True)
    out["finding_id"] = [f"F{i + 1:03d}" for i in range(len(out))]
    return out[FINDING_COLUMNS]


def independent_sources(claims: pd.DataFrame, documents: pd.DataFrame | None = None,
                        tolerance: float | None = None, prorata_factor: float | None = None) -> pd.DataFrame:
    """Return per claim its independent corroboration and Admiralty grade (columns :data:`SOURCE_COLUMNS`).

    ``n_sources``: independent sources (itself included) reporting the same indicator, unit, period
    and value within *tolerance*; ``source_docs``/``sources``: their documents / source keys;
    ``contradicted_by``: claims of other documents that disagree (same period, or an impossible
    sub-period figure); ``credibility`` 1–6 with ``credibility_reason``; ``reliability`` A–F of the
    outlet; ``grade`` the two combined ('B2').
    """
    tol, factor = _settings_or(tolerance, prorata_factor)
    prepped = _prepare(claims, documents)
    opp, _, index = _contradictions(prepped, tol)
    tense, _ = _growth_checks(prepped, tol, factor, index)
    # Per-figure results are shared by the claims reporting the same figure (no per-pair lists).
    agree_cache: dict[tuple, tuple] = {}
    against_cache: dict[tuple, tuple] = {}
    rows = []
    for c in prepped:
        g = _same_group(c)
        if g:
            ix = index[g]
            ak = (g, ix.key_of(c))
            if ak not in agree_cache:
                agree, agree_sources = ix.agreeing(ak[1])
                agree_cache[ak] = (len(agree_sources), tuple(sorted({o["doc_id"] for o in agree})),
                                   tuple(sorted(agree_sources)))
            n, source_docs, sources = agree_cache[ak]
        else:
            n, source_docs, sources = 1, (c["doc_id"],), (c["source"],)
        chunks = opp.get(c["claim_id"], [])
        own_doc = c["doc_id"] if any(c["doc_id"] in ch.docs for ch in chunks) else None
        ck = (tuple(id(ch) for ch in chunks), own_doc)
        if ck not in against_cache:
            against = {o["claim_id"]: o for ch in chunks for o in ch.claims if o["doc_id"] != own_doc}
            against_cache[ck] = (tuple(sorted(against)), frozenset(o["source"] for o in against.values()))
        against_ids, against_sources = against_cache[ck]
        m = len(against_sources - {c["source"]})
        if c["kind"] == "unresolved" and not c["published"]:
            cred, why = 6, "relative or missing period in an undated document: truth cannot be judged"
        elif m == 0:
            if n >= 3:
                cred, why = 1, f"confirmed by {n} independent sources"
            elif n == 2:
                cred, why = 2, "corroborated by an independent source"
            elif c["claim_id"] in tense:
                cred, why = 4, "single source, and its arithmetic is in tension with another source"
            elif c["kind"] == "unresolved":
                cred, why = 3, "single source (at best 3); no period stated, read as of publication"
            else:
                cred, why = 3, "single source (at best 3)"
        elif n > m:
            cred, why = 3, f"contradicted by {m} source(s) but supported by more ({n})"
        elif n == m:
            cred, why = 4, f"contradicted by as many independent sources as support it ({m})"
        else:
            cred, why = 5, f"contradicted by more independent sources ({m}) than support it ({n})"
        rows.append({
            "claim_id": c["claim_id"], "n_sources": n,
            "source_docs": source_docs, "sources": sources, "contradicted_by": against_ids,
            "credibility": cred, "credibility_reason": why, "reliability": c["reliability"],
            "grade": f"{c['reliability']}{cred}", "outlet": c["outlet"],
        })
    if not rows:
        return pd.DataFrame(columns=SOURCE_COLUMNS)
    out = pd.DataFrame(rows)
    out["n_sources"] = out["n_sources"].astype(int)
    out["credibility"] = out["credibility"].astype(int)
    out["outlet"] = pd.Series([o if isinstance(o, str) else None for o in out["outlet"]], dtype=object)
    return out[SOURCE_COLUMNS]
