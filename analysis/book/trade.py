"""The trade story, told plainly: what the reported totals imply when they are put on one footing.

The sources give bilateral turnover for different spans — a full year, the first months of the next,
a multiplier against "a year earlier", a goal without a date, and an undated article's "last year".
:func:`trade_story` takes the register's bilateral trade claims and derives, with the arithmetic
spelt out: the partial year annualised, its growth over the last full year, how far that leaves
the goal, what the multiplier implies for the same months of the year before (and why that is in
tension with the full-year total), and which years an undated "last year" figure can be.
Everything the overview and the key judgments say about trade is glued from here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from analysis import datafiles
from analysis.book.briefing import fact_claims
from analysis.book.memo import per_corpus
from analysis.tables import format_value
from analysis.vocabulary import QUALIFIER_PREFIX, short_id

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")
_YEAR = re.compile(r"^\d{4}$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class TradeStory:
    """The trade figures on one footing (values in USD; shares and ratios as fractions)."""

    year: str                      # the last full calendar year reported ("2024")
    year_claim: pd.Series
    part_claim: pd.Series          # the latest partial-year total ("2025-01..2025-08")
    part_year: str
    months: int                    # months the partial total covers
    target_claims: pd.DataFrame
    multiplier_claim: pd.Series | None
    undated_claims: pd.DataFrame   # undated articles' "last year" totals

    @property
    def annualised(self) -> float:
        """The partial total at the same monthly rate for twelve months."""
        return float(self.part_claim["value"]) * 12 / self.months

    @property
    def growth(self) -> float:
        """Annualised partial year over the last full year, minus one."""
        return self.annualised / float(self.year_claim["value"]) - 1

    @property
    def target(self) -> float | None:
        return float(self.target_claims["value"].max()) if len(self.target_claims) else None

    @property
    def implied_prior(self) -> float | None:
        """The same months of the year before, as the multiplier implies (partial total / multiplier)."""
        m = self.multiplier_claim
        return None if m is None else float(self.part_claim["value"]) / float(m["value"])


def _months(claim) -> int | None:
    """Months covered by a claim's period when it is one year's first months ('2025-01'..'2025-08' → 8)."""
    a, b = _MONTH.match(str(claim["period_start"] or "")), _MONTH.match(str(claim["period_end"] or ""))
    if not (a and b) or a.group(1) != b.group(1) or a.group(2) != "01":
        return None
    return int(b.group(2))


def _is_year(claim) -> bool:
    return bool(_YEAR.match(str(claim["period_start"] or ""))) and claim["period_start"] == claim["period_end"]


@lru_cache(maxsize=1)
def _last_year_cue() -> str:
    return datafiles.load("sourcing.yml")["relative_year"]["last_year"]


@per_corpus
def trade_story(corpus) -> TradeStory | None:
    """The trade story of the corpus, or None when it lacks a full year followed by a partial year."""
    rows = fact_claims(corpus, ["trade_turnover", "trade_turnover_growth"])
    if rows.empty:
        return None
    turnover = rows[(rows["indicator"] == "trade_turnover") & (rows["unit"] == "USD")]
    actual = turnover[turnover["kind"] == "actual"]
    years = actual[actual.apply(_is_year, axis=1)] if len(actual) else actual
    parts = actual.assign(_m=actual.apply(_months, axis=1)) if len(actual) else actual
    parts = parts[parts["_m"].notna() & (parts["_m"] < 12)] if len(parts) else parts
    if years.empty or parts.empty:
        return None
    year = years.sort_values("period_end", kind="stable").iloc[-1]
    later = parts[parts["period_start"].str[:4] > str(year["period_end"])]
    if later.empty:
        return None
    part = later.sort_values("period_end", kind="stable").iloc[-1]
    growth = rows[(rows["indicator"] == "trade_turnover_growth") & (rows["unit"] == "x")
                  & (rows["period_start"] == part["period_start"]) & (rows["period_end"] == part["period_end"])]
    undated = turnover[turnover["published"].isna()
                       & turnover["quote"].map(lambda q: bool(re.search(_last_year_cue(), str(q))))]
    return TradeStory(
        year=str(year["period_start"]), year_claim=year, part_claim=part, part_year=str(part["period_start"])[:4],
        months=int(part["_m"]), target_claims=turnover[turnover["kind"] == "target"],
        multiplier_claim=growth.iloc[0] if len(growth) else None, undated_claims=undated,
    )


# --- what the prose cites -------------------------------------------------------------------------

def _usd(v: float, step: float = 1e7) -> str:
    """'$820 M' (rounded to *step*)."""
    return format_value(round(v / step) * step, "USD")


def _qualified(claim) -> str:
    """'more than $533 M': the figure with its qualifier."""
    return QUALIFIER_PREFIX.get(claim["qualifier"], "") + format_value(float(claim["value"]), "USD")


def _pct(x: float) -> str:
    return f"{round(100 * x)} %"


def part_span(story: TradeStory) -> str:
    """'January–August 2025'."""
    return f"{_MONTHS[0]}–{_MONTHS[story.months - 1]} {story.part_year}"


def story_facts(story: TradeStory | None) -> dict[str, str]:
    """Every figure of the trade story as the prose shows it (empty when the corpus has no story)."""
    if story is None:
        return {}
    y, p = story.year_claim, story.part_claim
    part_v, year_v = float(p["value"]), float(y["value"])
    out = {
        "year": story.year, "part_span": part_span(story), "months": str(story.months),
        "year_total": format_value(year_v, "USD"), "part_total": _qualified(p),
        "compare": "already more than" if part_v > year_v else "still less than",
        "annualised": _usd(story.annualised), "growth": f"+{_pct(story.growth)}" if story.growth >= 0 else _pct(story.growth),
        "even_share": _pct(story.months / 12), "rest_months": str(12 - story.months),
        "year_by": f"{y['speaker']}, {y['outlet']}, {short_id(y['doc_id'])}",
        "year_qualifier": "a lower bound" if y["qualifier"] == "more_than" else "as reported",
    }
    out.update(_target_facts(story))
    out.update(_multiplier_facts(story))
    out.update(_undated_facts(story))
    return out


def _target_facts(story: TradeStory) -> dict[str, str]:
    t = story.target
    if t is None:
        return {}
    part_v = float(story.part_claim["value"])
    rest = 12 - story.months
    needed = (t - part_v) / rest if rest else 0.0
    rate = part_v / story.months
    return {
        "target": format_value(t, "USD"), "target_share": _pct(story.annualised / t),
        "target_gap": _usd(t - story.annualised),
        "target_needed_rate": _usd(needed, 1e6), "part_rate": _usd(rate, 1e6),
        "target_needed_ratio": f"{needed / rate:.1f}" if rate else "—",
    }


def _multiplier_facts(story: TradeStory) -> dict[str, str]:
    prior = story.implied_prior
    if prior is None:
        return {}
    year_v = float(story.year_claim["value"])
    rest = 12 - story.months
    rest_needed = year_v - prior
    prior_rate, rest_rate = prior / story.months, rest_needed / rest if rest else 0.0
    m = story.multiplier_claim
    return {
        "multiplier": format_value(m["value"], "x"), "multiplier_by": f"{m['speaker']}, {m['outlet']}",
        "implied_prior": _usd(prior, 1e6), "implied_share": _pct(prior / year_v),
        "rest_needed": _usd(rest_needed, 1e6), "rest_ratio": f"{rest_rate / prior_rate:.1f}" if prior_rate else "—",
        "even_growth": f"{float(story.part_claim['value']) / (year_v * story.months / 12):.1f}",
    }


def _undated_facts(story: TradeStory) -> dict[str, str]:
    """An undated article's 'last year' total, and which reported years it cannot be."""
    u = story.undated_claims
    if u.empty:
        return {}
    r = u.iloc[0]
    v = float(r["value"])
    # a total below a year's reported lower bound (or below a later year's partial total) is not that year
    excluded = [story.year] if v < float(story.year_claim["value"]) else []
    if v < float(story.part_claim["value"]):
        excluded.append(story.part_year)
    out = {"undated_value": format_value(v, "USD"), "undated_doc": short_id(r["doc_id"]),
           "undated_by": f"{r['speaker']}, {r['outlet']}"}
    if excluded:
        out["undated_not"] = " or ".join(sorted(excluded))
        out["undated_predates"] = str(min(int(e) for e in excluded) + 1)
    return out


def rate_bars(story: TradeStory | None) -> pd.DataFrame:
    """The trade totals on one footing for the trade figure: one row per bar with the label, the total
    as reported, the months it covers, the same at a yearly rate (annualised), who reported it, and
    the bar's role ('reported', 'implied' by the multiplier, 'undated', 'target')."""
    cols = ["label", "reported", "months", "annual", "by", "role", "qualifier"]
    if story is None:
        return pd.DataFrame(columns=cols)
    y, p = story.year_claim, story.part_claim
    rows = [
        (f"{story.year}, full year", float(y["value"]), 12, float(y["value"]), _by(y), "reported", y["qualifier"]),
        (f"{part_span(story)}", float(p["value"]), story.months, story.annualised, _by(p), "reported", p["qualifier"]),
    ]
    if story.implied_prior is not None:
        m = story.multiplier_claim
        rows.append((f"{_MONTHS[0]}–{_MONTHS[story.months - 1]} {story.year}, implied by "
                     f"'{format_value(m['value'], 'x')}'", story.implied_prior, story.months,
                     story.implied_prior * 12 / story.months, _by(m), "implied", "exact"))
    for r in story.undated_claims.itertuples(index=False):
        rows.append(("'last year', undated article", float(r.value), 12, float(r.value),
                     f"{r.outlet}, {short_id(r.doc_id)}", "undated", r.qualifier))
    if story.target is not None:
        rows.append(("goal, no date", story.target, 12, story.target, "; ".join(
            dict.fromkeys(_by(t) for _, t in story.target_claims.iterrows())), "target", "exact"))
    return pd.DataFrame(rows, columns=cols)


def _by(claim) -> str:
    return f"{claim['outlet']}, {short_id(claim['doc_id'])}"
