"""analysis.book.facts: one registry of every fact the prose cites, and each page glues only its own."""

from __future__ import annotations

import re

import nbformat
import pytest

from analysis.book import facts
from analysis.book.briefing import NOT_REPORTED
from analysis.book.facts import FACTS, REGISTRY, corpus_facts, page_facts
from analysis.paths import REPO_ROOT

BOOK = REPO_ROOT / "book"
GLUE = re.compile(r"\{glue:text\}`([A-Za-z0-9_]+)(?![.\w]*::)")
#: A glue from another page: {glue:text}`key_judgments.ipynb::information_as_of` (the title page has no code).
CROSS_GLUE = re.compile(r"\{glue:text\}`([\w/]+)\.ipynb::([A-Za-z0-9_]+)(?::[^`]*)?`")


def _prose(path) -> str:
    if path.suffix == ".md":
        return path.read_text(encoding="utf-8")
    nb = nbformat.read(path, as_version=4)
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def _pages() -> dict[str, set[str]]:
    return {p.stem: set(GLUE.findall(_prose(p))) for p in sorted([*BOOK.glob("*.ipynb"), *BOOK.glob("*.md")])}


def test_glue_from_another_page_names_a_fact_that_page_glues():
    found = [(p.stem, page, key) for p in sorted(BOOK.glob("*.md")) for page, key in CROSS_GLUE.findall(_prose(p))]
    assert ("intro", "key_judgments", "information_as_of") in found
    for _, page, key in found:
        assert key in REGISTRY and page in REGISTRY[key].pages, (page, key)


def test_every_key_is_registered_once():
    keys = [f.key for f in FACTS]
    assert len(keys) == len(set(keys)), "a key is registered twice"


def test_every_glued_key_in_the_prose_is_registered():
    missing = {page: keys - set(REGISTRY) for page, keys in _pages().items() if keys - set(REGISTRY)}
    assert not missing, f"{{glue:text}} keys not in analysis/book/facts.py: {missing}"


def test_every_registered_key_is_used_by_the_pages_it_names():
    pages = _pages()
    for fact in FACTS:
        assert fact.pages, f"{fact.key} names no page"
        for page in fact.pages:
            assert fact.key in pages.get(page, set()), f"{fact.key} is registered for {page}, whose prose never cites it"


def test_each_page_glues_exactly_what_its_prose_cites():
    for page, keys in _pages().items():
        registered = {f.key for f in FACTS if page in f.pages}
        assert registered == keys, page


def test_every_key_is_written_out_in_full_in_the_package():
    # finding a number's origin is one grep: no key is assembled with an f-string
    source = (REPO_ROOT / "analysis" / "book" / "facts.py").read_text(encoding="utf-8")
    for fact in FACTS:
        assert f'Fact("{fact.key}",' in source, fact.key


def test_page_facts_on_the_seeds(corpus):
    kj = page_facts(corpus, "key_judgments")
    assert set(kj) == {f.key for f in FACTS if "key_judgments" in f.pages}
    assert page_facts(corpus, "overview")["trade_turnover_actual"] == "more than $547 M"
    assert kj["information_as_of"] == "2025-12-15" and kj["horizon_next_year"] == "end-2026"
    assert kj["trade_part_total"] == "more than $547 M" and kj["trade_year_total"] == "$533 M"
    assert kj["trade_year_qualifier"] == "a lower bound"
    assert kj["trade_compare"] == "already more than" and kj["trade_annualised"] == "$820 M"
    assert kj["corroborated_figures"].startswith("The only corroborated figure is a target")
    assert kj["port_capacity_growth_target"] == "50 %" and kj["port_capacity_growth_target_period"] == "2028"
    assert kj["fibre_line_target"] == "2026-12"
    assert page_facts(corpus, "register") == {}
    transport = page_facts(corpus, "transport")
    assert transport["transport_docs"] == 5


def test_fallbacks_when_the_corpus_reports_nothing(corpus):
    empty = corpus.claims.iloc[0:0]
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(type(corpus), "claims", property(lambda self: empty))
        facts = page_facts(corpus, "overview")
    assert facts["trade_turnover_actual"] == NOT_REPORTED and facts["trade_turnover_actual_by"] == NOT_REPORTED


def test_corpus_facts(corpus):
    facts = corpus_facts(corpus)
    assert facts["n_files"] == 5 and facts["n_loaded"] == 5 and facts["n_undated"] == 1
    assert facts["n_sentences"] == len(corpus.sentences)


def test_devset_scores_are_stored_once_and_never_served_stale(monkeypatch, tmp_path):
    """The scores are stored beside the set's processed corpus; a changed annotation or corpus file is
    another key, so they are computed again."""
    monkeypatch.setenv("BRIEFING_CACHE", str(tmp_path / "cache"))
    folder = tmp_path / "set"
    (folder / "corpus").mkdir(parents=True)
    (folder / "annotations").mkdir()
    (folder / "corpus" / "a.txt").write_text("date 2025-01-01\nТекст.", encoding="utf-8")
    (folder / "annotations" / "a.yml").write_text("figures: []\n", encoding="utf-8")
    calls = []
    monkeypatch.setattr(facts, "load", lambda path, workers=None: path)
    monkeypatch.setattr(facts, "evaluate", lambda corpus, f: (calls.append(f) or f"scores {len(calls)}", None, None))

    def scores():
        facts.annotated_scores.cache_clear()  # a new kernel
        return facts.annotated_scores(folder)

    assert scores() == "scores 1" and scores() == "scores 1" and len(calls) == 1
    first = facts.scores_path(folder)
    (folder / "annotations" / "a.yml").write_text("figures: [1]\n", encoding="utf-8")
    assert scores() == "scores 2" and facts.scores_path(folder) != first
    (folder / "corpus" / "a.txt").write_text("date 2025-01-02\nТекст.", encoding="utf-8")
    assert scores() == "scores 3" and scores() == "scores 3"
    facts.annotated_scores.cache_clear()
