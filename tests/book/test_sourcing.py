"""analysis.book.sourcing: who speaks, for which side, and what the corroboration statements say."""

from __future__ import annotations

from analysis.book import briefing, sourcing


def test_information_date_and_horizons(corpus):
    assert sourcing.information_date(corpus) == "2025-12-15"
    assert sourcing.horizon(corpus, 0) == "end-2025" and sourcing.horizon(corpus, 1) == "end-2026"


def test_an_embassy_release_is_graded_as_its_originator(corpus):
    v = sourcing.voices(corpus, briefing.project_sentences(corpus, "Trans-Caspian fibre-optic line"))
    row = v.set_index("short").loc["000"]
    assert row["originator"] == "Embassy of Kazakhstan in Azerbaijan" and row["outlet"] == "Report"
    assert row["side"] == "Kazakhstan" and row["outlet_country"] == "Azerbaijan"


def test_the_fibre_line_statement_is_true_to_the_corpus(corpus):
    text = sourcing.project_corroboration(corpus, "Trans-Caspian fibre-optic line", "the account of the line")
    assert "two articles" in text
    assert "Both voices are Kazakh" in text and "both outlets are Azerbaijani" in text
    assert "Only 004 names its endpoints (Aktau and Alyat)" in text
    assert "different countries" not in text
    assert sourcing.endpoint_docs(corpus, "Trans-Caspian fibre-optic line") == ["004"]


def test_two_kazakh_voices_on_grain_are_not_independent(corpus):
    text = sourcing.account(corpus, briefing.featured_sentences(corpus, "agriculture"), "the grain position")
    assert "Both voices are Kazakh: one side's account, not independent corroboration" in text
    v = sourcing.voices(corpus, briefing.featured_sentences(corpus, "agriculture"))
    assert sourcing.independent_sides(v) == 1


def test_the_only_corroborated_figure_is_a_target(corpus):
    assert sourcing.corroborated_figures(corpus).startswith("The only corroborated figure is a target: $1 bn")


def test_named_places_are_the_corpus_locations(corpus):
    named = sourcing.named_places(corpus)
    assert {"Aktau", "Kuryk", "Alyat", "Baku"} <= set(named) and "Turkmenbashi" not in named


def test_gaps_count_every_figure_without_a_period(corpus):
    """A target without a date is a figure without a period too ('1 of 3' was printed where it was 2 of 3)."""
    claims = briefing.track_claims(corpus, "transport")
    n = int(claims["period_start"].isna().sum())
    text = " ".join(briefing.track_gaps(corpus, "transport"))
    assert f"{n} of {len(claims)} figures {'has' if n == 1 else 'have'} no period the text pins down" in text
    targets = int((claims["period_start"].isna() & (claims["period_kind"] == "target")).sum())
    assert f"among them {targets} target{'' if targets == 1 else 's'} without a date" in text
    assert not any("(s)" in g for t in ("energy", "transport", "general") for g in briefing.track_gaps(corpus, t))


def test_the_grain_share_is_of_grain_imports():
    en = briefing.rendering("В этом году Казахстан стал основным поставщиком зерна на азербайджанский рынок, "
                   "обеспечив около 85% всего импорта.")
    assert "of all [grain] imports" in en
