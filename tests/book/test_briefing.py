"""analysis.briefing: what each chapter shows, on the real seeds."""

from __future__ import annotations

from analysis.book.briefing import (
    chapter_quotes,
    claims_table,
    project_targets,
    quotes_markdown,
    rendering,
    support_links,
    track_claims,
    track_gaps,
    track_watchlist,
)


def test_track_claims_follow_the_indicator_track(corpus):
    energy = track_claims(corpus, "energy")
    assert set(energy["indicator"]) == {"oil_transit_btc"}
    assert sorted(energy["value"]) == [1.5e6, 7e6]
    assert track_claims(corpus, "digital").empty


def test_claims_table_formats_for_reading_and_links_to_the_register(corpus):
    table = claims_table(corpus, track_claims(corpus, "agriculture"))
    row = table.iloc[0]
    assert row["Figure"] == "≈ 85 %" and row["Period"] == "2025" and row["Outlet"] == "Day.Az"
    assert row["Register"].endswith("(#claim-003-5951633c20930dad-c007)")


def test_featured_quotes_have_renderings_and_sources(corpus):
    quotes = chapter_quotes(corpus, "digital")
    assert any("Актау и Алят" in q for q in quotes["ru"])
    assert not quotes["en"].str.contains("no English rendering").any()
    assert quotes["source"].str.contains("#source-").all()


def test_rendering_ignores_whitespace_differences():
    text = "Также в три раза   увеличится пропуск контейнеров."
    assert rendering(text) == "Container throughput will also triple."
    assert rendering("Несуществующее предложение.") is None


def test_quotes_are_escaped(corpus):
    import pandas as pd

    q = pd.DataFrame([{"sentence_id": "x", "ru": "<script>alert(1)</script>", "en": "*x*", "who": "a|b", "source": "[s](#source-x)"}])
    md = quotes_markdown(q)
    assert "<script>" not in md and r"\<script\>" in md and r"\*x\*" in md


def test_project_targets(corpus):
    targets = project_targets(corpus, "Trans-Caspian fibre-optic line")
    assert list(targets["date"]) == ["2026-12"]


def test_gaps_say_what_is_missing(corpus):
    gaps = track_gaps(corpus, "digital")
    assert gaps == ["The corpus gives no quantitative claim for the digital track: its sentences are qualitative."]
    assert any("single source" in g for g in track_gaps(corpus, "energy"))


def test_support_links_group_by_outlet(corpus):
    links = support_links(corpus, ["grain_import_share"])
    assert links.startswith("Day\\.Az [003\\-c007](#claim-003-5951633c20930dad-c007) C3")
    assert support_links(corpus, ["no_such_indicator"]) == "*no register entry in this corpus*"


def test_watchlist_rows_by_track(corpus):
    digital = track_watchlist(corpus, "digital")
    assert list(digital["Check on"]) == ["2026-12"]
