"""Only figures that measure Kazakhstan–Azerbaijan relations reach the prose, the series, the consistency
findings and the watchlist (a figure of Azerbaijan's trade with Turkey never becomes "the bilateral
turnover"); the others stay in the register, labelled with their subject. Checked on the development
set, whose articles are full of third-country figures, and on the seeds."""

from __future__ import annotations

import pytest

from analysis.book.briefing import NAMED_SUBJECTS, fact_claims, track_claims
from analysis.book.facts import FACTS, page_facts
from analysis.paths import REPO_ROOT
from analysis.pipeline import load
from analysis.vocabulary import ALL_TRACKS

DEVSET = REPO_ROOT / "tests" / "data" / "devset" / "corpus"
PAGES = sorted({page for fact in FACTS for page in fact.pages})


@pytest.fixture(scope="module", params=["devset", "seeds"])
def any_corpus(request):
    return load(DEVSET if request.param == "devset" else REPO_ROOT / "seeds")


def _allowed(claims) -> bool:
    named = claims["indicator"].map(NAMED_SUBJECTS)
    ok = (named.notna() & (claims["subject"] == named)) | (named.isna() & claims["bilateral"].astype(bool))
    return bool(ok.all())


def test_the_register_keeps_every_figure_with_its_subject(any_corpus):
    claims = any_corpus.claims
    assert {"subject", "bilateral", "kind"} <= set(claims.columns)
    assert set(claims["kind"]) <= {"actual", "target", "forecast", "unresolved"}
    assert claims["bilateral"].map(lambda b: isinstance(b, bool)).all()


def test_the_devset_has_figures_of_other_relations():
    claims = load(DEVSET).claims
    others = claims[~claims["bilateral"].astype(bool)]
    assert len(others) > 100 and {"Azerbaijan–Turkey", "Azerbaijan–OTS members"} <= set(others["subject"])


def test_consistency_findings_use_only_bilateral_figures(any_corpus):
    bilateral = set(any_corpus.bilateral_claims["claim_id"])
    for ids in any_corpus.findings["claim_ids"]:
        assert set(ids) <= bilateral, ids


def test_the_watchlist_uses_only_bilateral_figures(any_corpus):
    bilateral = set(any_corpus.bilateral_claims["claim_id"])
    w = any_corpus.watchlist
    ids = {c for c in w["claim_id"] if isinstance(c, str) and c} if len(w) else set()
    assert ids <= bilateral


def test_series_and_facts_use_only_bilateral_or_named_figures(any_corpus):
    for track in ALL_TRACKS:
        assert _allowed(track_claims(any_corpus, track, bilateral=True)), track
    indicators = any_corpus.claims["indicator"].unique()
    assert _allowed(fact_claims(any_corpus, indicators))


def test_the_headline_turnover_is_the_bilateral_one():
    corpus = load(DEVSET)
    facts = page_facts(corpus, "overview")
    # Azerbaijan's trade with all Turkic states ($5.9 bn) and with Turkey ($4.8 bn) are in the same
    # articles; the headline is the Kazakhstan–Azerbaijan figure for January–October 2025.
    assert facts["trade_turnover_actual"] == "$600 M"
    assert facts["trade_turnover_actual_period"] == "2025-01 – 2025-10"


def test_every_page_builds_its_facts(any_corpus):
    for page in PAGES:
        assert page_facts(any_corpus, page)
