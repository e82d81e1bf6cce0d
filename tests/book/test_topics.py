"""analysis.book.topics: the seeds' topics without a figure are found, quoted in their own words and
attributed; a corpus that lacks a topic says so instead of failing."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis import datafiles
from analysis.book import topics
from analysis.book.facts import REGISTRY, actor_event_date, watch_statement
from analysis.pipeline import load
from analysis.vocabulary import short_id

#: Topic → the seed articles that speak of it (read by hand from seeds/).
SEED_ARTICLES = {
    "uranium": ["000"], "investment_fund": ["003"], "council": ["002", "004"], "commission": ["001"],
    "ots_chair": ["000"], "ngo_platform": ["000"], "c6": ["000"], "cica": ["000"], "zangezur": ["001"],
    "grain_first": ["000"],
}


@pytest.mark.parametrize("key, articles", sorted(SEED_ARTICLES.items()))
def test_each_topic_is_found_in_the_seed_articles_that_speak_of_it(corpus, key, articles):
    found = topics.topic_sentences(corpus, key)
    assert sorted({short_id(corpus.sentences.set_index("sentence_id").loc[s, "doc_id"]) for s in found}) == articles


def test_every_topic_of_the_file_is_tested_on_the_seeds():
    assert {t["key"] for t in datafiles.load("topics.yml")["topics"]} == set(SEED_ARTICLES)


def test_the_words_quoted_are_the_article_s_own(corpus):
    assert "урана через территорию Азербайджана" in topics.topic_phrase(corpus, "uranium")
    assert "впервые стал основным поставщиком" in topics.topic_phrase(corpus, "grain_first")
    # "председательство" is common: the OTS chairmanship is only where the OTS is named
    assert "председательства" in topics.topic_phrase(corpus, "ots_chair")
    for key in SEED_ARTICLES:
        phrase = topics.topic_phrase(corpus, key).strip("…")
        assert any(phrase in str(t) for t in corpus.sentences["text"]), key


def test_the_account_says_who_and_whether_a_figure_comes_with_it(corpus):
    text = topics.topic_account(corpus, "uranium")
    assert text.startswith("In the words of the Embassy of Kazakhstan in Azerbaijan, quoting Alim Bayel (Kazakh; 000, Report): «")
    assert "урана" in text and "credibility at best 3" in text and text.endswith("No figure comes with it.")
    council = topics.topic_account(corpus, "council")
    assert "1 more article mentions it" in council and "Both voices are Azerbaijani" in council
    # what is said of the corridor comes after its name: the quote goes on to say it
    assert "одной из важных ветвей Среднего коридора" in topics.topic_account(corpus, "zangezur")


def test_the_general_table_lists_every_general_topic_with_its_source(corpus):
    table = topics.topics_table(corpus, "general")
    general = [t for t in topics.topics() if t["track"] == "general"]
    assert len(table) == len(general)
    assert not (table["In the sources (first mention)"] == topics.NOT_MENTIONED).any()
    commission = table[table["Topic"] == "The intergovernmental commission"].iloc[0]
    assert commission["Said by"] == "Agalar Atamoglanov" and "#source-001" in commission["Articles"]


def test_the_facts_on_the_seeds(corpus):
    assert REGISTRY["kazakh_companies_actual"].value(corpus) == "about 250"
    assert REGISTRY["kazakh_companies_actual_by"].value(corpus) == "Rustem Bektrumov"
    assert actor_event_date(corpus, "Kazakhstan-Azerbaijan Direct Investment Fund", "launch") == "2024"
    council = watch_statement(corpus, "Supreme Interstate Council")
    assert council.startswith("Supreme Interstate Council session (Azerbaijan)") and "check in 2026" in council


def test_a_corpus_without_the_topics_says_so(tmp_path: Path):
    (tmp_path / "001.txt").write_text(
        " date 2025-11-03 Казахстан и Азербайджан обсудили экспорт нефти через порт Актау.\n", encoding="utf-8")
    sparse = load(tmp_path, use_cache=False)
    table = topics.topics_table(sparse, "general")
    assert len(table) == len([t for t in topics.topics() if t["track"] == "general"])
    assert (table["In the sources (first mention)"] == topics.NOT_MENTIONED).all()
    assert (table["Articles"] == "—").all()
    assert topics.topic_account(sparse, "uranium") == "No article of this corpus mentions the export of Kazakh uranium across Azerbaijan."
    assert topics.topic_phrase(sparse, "zangezur") is None
    assert REGISTRY["investment_fund_launch"].value(sparse) == "no date in this corpus"
    assert REGISTRY["council_watch"].value(sparse).startswith("no session")
    assert REGISTRY["kazakh_companies_actual"].value(sparse) == "not reported in this corpus"


def test_an_empty_corpus_gives_empty_answers(tmp_path: Path):
    empty = load(tmp_path, use_cache=False)
    assert topics.topic_sentences(empty, "uranium") == []
    assert (topics.topics_table(empty, "general")["Said by"] == "—").all()
