"""analysis.book.changes: what changed since the assessed corpus, and the snapshot it compares with."""

from __future__ import annotations

import copy
import json
import os
import shutil

import pytest

from analysis import datafiles
from analysis.book import changes, pages
from analysis.book.briefing import key_judgments
from analysis.book.facts import corpus_count
from analysis.paths import REPO_ROOT
from analysis.pipeline import load
from analysis.vocabulary import short_claim_id

REMOVED = "002_ed331273710f358c.txt"
ADDED = "dev_a02.txt"
STALE = "the snapshot is stale for the seeds: run `python -m analysis snapshot seeds` and commit it"


@pytest.fixture(scope="module")
def snap():
    return changes.load_snapshot()


@pytest.fixture(scope="module")
def grown(tmp_path_factory, snap):
    """The seeds with one article removed and one development-set article added: the corpus, and what
    the functions return for it (computed here, with this module's own processing cache)."""
    root = tmp_path_factory.mktemp("grown")
    for p in sorted((REPO_ROOT / "seeds").iterdir()):
        if p.name != REMOVED:
            shutil.copy(p, root / p.name)
    shutil.copy(REPO_ROOT / "tests/data/devset/corpus" / ADDED, root / ADDED)
    old = os.environ.get("BRIEFING_CACHE")
    os.environ["BRIEFING_CACHE"] = str(tmp_path_factory.mktemp("grown_cache"))
    try:
        corpus = load(root)
        return {"corpus": corpus, "claims": corpus.claims.copy(), "n_sentences": corpus_count(corpus, "n_sentences"),
                "articles": changes.article_changes(corpus, snap), "facts": changes.fact_changes(corpus, snap),
                "judgments": changes.judgment_changes(corpus, snap), "summary": changes.summary(corpus, snap),
                "findings": changes.new_findings(corpus, snap),
                "page": [pages.show_changes_summary(corpus).data, pages.show_changed_articles(corpus).data]}
    finally:
        if old is None:
            os.environ.pop("BRIEFING_CACHE")
        else:
            os.environ["BRIEFING_CACHE"] = old


# --- the snapshot ---------------------------------------------------------------------------------

def test_the_committed_snapshot_is_that_of_the_seeds(corpus, snap):
    assert changes.snapshot(corpus, "seeds") == snap, STALE


def test_the_snapshot_is_of_the_assessed_corpus(snap):
    assert snap["content_fingerprint"] == datafiles.load("assessed_corpus.yml")["content_fingerprint"]
    assert [a["file"] for a in snap["articles"]] == sorted(p.name for p in (REPO_ROOT / "seeds").glob("*.txt"))


def test_the_snapshot_holds_every_glued_fact_as_the_prose_shows_it(snap):
    facts = {(f["page"], f["key"]): f["value"] for f in snap["facts"]}
    assert facts["corpus", "n_loaded"] == facts["key_judgments", "n_loaded"] == "5"
    # the prose shows shares with one decimal and devset scores with two ({glue:text}`energy_share:.1f`)
    assert facts["energy", "energy_share"].count(".") == 1 and len(facts["energy", "energy_share"].split(".")[1]) == 1
    assert len(facts["method", "devset_value_precision"].split(".")[1]) == 2


def test_write_snapshot_validates_and_writes_json(corpus, tmp_path):
    path = changes.write_snapshot(corpus, "seeds", tmp_path / "snap.json")
    assert datafiles.validate(changes.SNAPSHOT, json.loads(path.read_text(encoding="utf-8")))
    broken = changes.snapshot(corpus)
    broken["facts"][0].pop("value")
    with pytest.raises(datafiles.DataFileError, match=r"assessed_facts\.json: field 'facts\.0\.value'"):
        datafiles.validate(changes.SNAPSHOT, broken)


def test_shown_formats_like_glue():
    assert changes.shown(14.25, ".1f") == "14.2" and changes.shown(0.5, ".2f") == "0.50"
    assert changes.shown("not reported in this corpus", ".1f") == "not reported in this corpus"
    assert changes.shown(True) == "True" and changes.shown(float("nan")) == "—"


# --- the assessed corpus: nothing changed ---------------------------------------------------------

def test_on_the_seeds_every_table_is_empty(corpus, snap):
    assert changes.article_changes(corpus, snap).empty
    assert changes.fact_changes(corpus, snap).empty
    assert changes.judgment_changes(corpus, snap).empty
    assert changes.new_findings(corpus, snap).empty
    assert changes.summary(corpus, snap).startswith("The corpus now loaded is the one the prose was written against")


def test_the_page_says_so_on_the_seeds(corpus):
    assert "no article was added or removed" in pages.show_changes_summary(corpus).data
    assert pages.show_changed_facts(corpus).data == "*No glued fact of the prose changed value\\.*"


def test_an_edited_article_and_a_changed_fact_are_caught(corpus, snap):
    edited = copy.deepcopy(snap)
    edited["articles"][1]["sha256"] = "0" * 16
    edited["facts"] = [dict(f, value="999") if f["key"] == "n_sentences" else f for f in edited["facts"]]
    articles = changes.article_changes(corpus, edited)
    assert articles.values.tolist() == [[snap["articles"][1]["file"], snap["articles"][1]["sha256"], "edited"]]
    facts = changes.fact_changes(corpus, edited)
    assert facts[["Page", "Fact", "Assessed corpus", "Now"]].values.tolist() == [
        ["{ref}`corpus`", "n_sentences", "999", str(corpus_count(corpus, "n_sentences"))]]


def test_findings_are_new_by_what_they_say_not_by_their_rank(corpus, snap):
    renumbered = copy.deepcopy(snap)
    for i, f in enumerate(renumbered["findings"]):
        f["finding_id"] = f"X{i}"
    assert changes.new_findings(corpus, renumbered).empty
    without = dict(snap, findings=snap["findings"][1:])
    assert list(changes.new_findings(corpus, without)["finding_id"]) == [snap["findings"][0]["finding_id"]]


# --- a grown corpus: one article removed, one added -----------------------------------------------

def test_added_and_removed_articles(grown, snap):
    table = grown["articles"]
    assert table[["File", "Change"]].values.tolist() == [[REMOVED, "removed"], [ADDED, "added"]]
    removed_hash = next(a["sha256"] for a in snap["articles"] if a["file"] == REMOVED)
    assert table.loc[0, "Content hash"] == removed_hash and len(table.loc[1, "Content hash"]) == 16


def test_changed_glued_facts_name_their_page_and_both_values(grown, snap):
    facts = grown["facts"]
    old = {(f["page"], f["key"]): f["value"] for f in snap["facts"]}
    row = facts[facts["Fact"] == "n_sentences"]
    assert row[["Page", "Assessed corpus", "Now"]].values.tolist() == [
        ["{ref}`corpus`", old["corpus", "n_sentences"], str(grown["n_sentences"])]]
    assert (facts["Assessed corpus"] != facts["Now"]).all()
    # the article count did not change (one out, one in), so it is not listed
    assert "n_loaded" not in set(facts["Fact"])


def test_new_claims_are_listed_under_the_judgment_whose_indicator_they_carry(grown, snap):
    table = grown["judgments"].set_index("Judgment")
    claims = grown["claims"]
    new = claims[claims["doc_id"] == "dev_a02"]
    mapping = key_judgments()
    trade = new[new["indicator"].isin(mapping["Trade"])]
    assert len(trade) and f"(#claim-{trade['claim_id'].iloc[0].replace('_', '-').lower()})" in table.loc["Trade", "New claims"]
    for judgment in table.index.drop("Trade"):
        assert "dev\\_a02" not in table.loc[judgment, "New claims"], judgment
    assert list(table.index) == [j for j in mapping if j in table.index]  # the key judgments' order


def test_claims_of_the_removed_article_are_listed_as_gone(grown, snap):
    table = grown["judgments"].set_index("Judgment")
    gone = [c for c in snap["claims"] if c["claim_id"].startswith(REMOVED.removesuffix(".txt"))]
    for judgment, indicators in key_judgments().items():
        for c in gone:
            if c["indicator"] in indicators:
                assert short_claim_id(c["claim_id"]) in table.loc[judgment, "Claims gone"]


def test_new_findings_on_a_judgment_are_listed(grown):
    findings = grown["findings"]
    table = grown["judgments"].set_index("Judgment")
    for judgment, indicators in key_judgments().items():
        for f in findings[findings["indicator"].isin(indicators)].itertuples():
            assert f.finding_id in table.loc[judgment, "New findings"]


def test_the_summary_counts_what_changed(grown):
    assert grown["summary"].startswith("Since the assessed corpus, 1 article added, 1 removed and 0 edited;")
    assert f"{len(grown['facts'])} glued facts of the prose changed value" in grown["summary"]


def test_the_page_shows_the_corpus_it_is_given(grown, corpus):
    summary, articles = grown["page"]
    assert summary == grown["summary"]
    assert "| removed " in articles and "| added " in articles and "dev\\_a02\\.txt" in articles
    # the page computes once per corpus, and another corpus gets its own tables
    assert pages.show_changes_summary(corpus).data.startswith("The corpus now loaded is the one")
