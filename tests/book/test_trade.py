"""analysis.book.trade: the trade totals on one footing, on the seeds and on small made-up tables."""

from __future__ import annotations

import matplotlib.pyplot as plt

from analysis.book import figures, trade


def test_the_trade_story_on_the_seeds(corpus):
    story = trade.trade_story(corpus)
    assert story.year == "2024" and story.part_year == "2025" and story.months == 8
    assert round(story.annualised / 1e6, 1) == 820.5
    assert round(story.growth, 3) == 0.539
    f = trade.story_facts(story)
    assert f["part_span"] == "January–August 2025"
    assert f["compare"] == "already more than"          # 8 months of 2025 exceed all of 2024
    assert f["annualised"] == "$820 M" and f["growth"] == "+54 %" and f["target"] == "$1 bn"
    assert f["target_share"] == "82 %"                   # still short of the goal
    assert (f["implied_prior"], f["implied_share"], f["even_share"]) == ("$182 M", "34 %", "67 %")
    assert f["rest_needed"] == "$351 M" and f["rest_ratio"] == "3.8"
    # 001's "last year" ($450 M) is below both 2024 and Jan–Aug 2025: 001 predates 2025
    assert f["undated_doc"] == "001" and f["undated_not"] == "2024 or 2025" and f["undated_predates"] == "2025"


def test_rate_bars_never_compare_part_and_full_years_as_they_stand(corpus):
    bars = trade.rate_bars(trade.trade_story(corpus))
    assert list(bars["role"]) == ["reported", "reported", "implied", "undated", "target"]
    part = bars.iloc[1]
    assert part["months"] == 8 and part["annual"] == part["reported"] * 12 / 8
    fig = figures.trade_rates(bars, title="t")
    gids = {p.get_gid() for p in fig.axes[0].patches}
    assert {"trade:reported", "trade-annualised:reported", "trade:implied", "trade:undated"} <= gids
    plt.close(fig)


def test_no_story_without_a_full_year_and_a_later_part_year(corpus):
    claims = corpus.claims
    only_year = claims[~claims["period_start"].astype(str).str.startswith("2025")]
    assert trade.trade_story(type("C", (), {"claims": only_year, "bilateral_claims": corpus.bilateral_claims})()) is None
    assert trade.story_facts(None) == {}
    assert trade.rate_bars(None).empty
