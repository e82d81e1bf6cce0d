"""analysis.book: what the notebooks call."""

from __future__ import annotations

import math
import shutil

import numpy as np

from analysis.book.briefing import claim_anchor, source_anchor
from analysis.book.pages import (
    NO_TRACK,
    REGISTER_COLUMNS,
    corpus_note,
    doc_labels,
    inventory,
    plain,
    register_sections,
    register_table,
    show_register,
    show_sources,
    show_speakers,
    show_timeline,
    show_topics,
    show_watchlist,
    sources_table,
    start,
)
from analysis.paths import REPO_ROOT
from analysis.vocabulary import short_id


def test_inventory_shows_the_undated_article_as_undated(corpus):
    inv = inventory(corpus)
    assert len(inv) == 5
    assert inv.set_index("id").loc["001", "date"] == "undated"
    assert inv.set_index("id").loc["003", "date"] == "2025-09-12"


def test_plain_makes_glue_safe_values():
    assert plain(np.float64(1.5)) == 1.5 and type(plain(np.float64(1.5))) is float
    assert type(plain(np.int64(3))) is int
    assert plain(math.nan) == "—" and plain(None) == "—"


def test_corpus_note_only_on_another_corpus(corpus, tmp_path, monkeypatch):
    assert corpus_note(corpus) is None
    other = tmp_path / "other"
    shutil.copytree(REPO_ROOT / "seeds", other)
    (other / "zz_extra.txt").write_text(" date 2025-01-01 Новая статья о нефти.", encoding="utf-8")
    monkeypatch.setenv("BRIEFING_CACHE", str(tmp_path / "cache"))
    note = corpus_note(start(path=other))
    assert note is not None and "different corpus" in note.data


def test_doc_labels(corpus):
    labels = doc_labels(corpus.documents)
    assert labels["001_51ae3e02b997e7ef"] == "001 · AZERTAC · undated"


def test_the_sources_appendix_is_one_anchored_row_per_article(corpus):
    first = corpus.sentences.groupby("doc_id")["text"].first()
    table = sources_table(corpus.documents, first)
    assert len(table) == len(corpus.documents)
    assert [c for c in table["Article"]] == [f"[{short_id(d)}]{{#{source_anchor(d)}}}" for d in corpus.documents["doc_id"]]
    # the seeds have no sources.csv: no author, no address — no column of dashes
    assert "Author" not in table.columns and "Original" not in table.columns
    assert (table["Published"] == "undated").sum() == corpus.documents["published"].isna().sum()
    text = show_sources(corpus).data
    assert text.startswith("| Article | Outlet | Published |") and text.count("{#source-") == len(corpus.documents)


def test_register_sections_follow_the_tracks_then_no_track(corpus):
    sections = register_sections(corpus.claims)
    titles = [t for t, _ in sections]
    assert titles == ["Energy", "Transport", "Agriculture", NO_TRACK]  # the seeds have no digital claim
    assert sum(len(rows) for _, rows in sections) == len(corpus.claims)
    no_track = dict(sections)[NO_TRACK]
    assert set(no_track["track"]) == {"general"}


def test_register_sections_put_untracked_claims_last(corpus):
    claims = corpus.claims.copy()
    claims.loc[claims.index[0], "track"] = None
    sections = register_sections(claims)
    assert sections[-1][0] == NO_TRACK and claims["claim_id"].iloc[0] in set(sections[-1][1]["claim_id"])


def test_register_table_anchors_every_claim(corpus):
    grades = corpus.sources.set_index("claim_id")["grade"]
    _, energy = register_sections(corpus.claims)[0]
    table = register_table(energy, grades)
    assert list(table.columns) == list(REGISTER_COLUMNS) and len(table) == len(energy)
    first = energy.iloc[0]
    assert table["Entry"].iloc[0] == f"[002\\-c002]{{#{claim_anchor(first['claim_id'])}}}"
    assert table["Figure"].iloc[0] == "up to 7 Mt/yr"
    assert table["Source (outlet, date)"].iloc[0] == "[Vestnik Kavkaza\\, 2025\\-10\\-20](#source-002-ed331273710f358c)"
    assert table["Grade"].iloc[0] == grades[first["claim_id"]]


def test_register_markdown_is_one_table_per_section_with_escaped_quotes(corpus):
    markdown = show_register(corpus).data
    assert markdown.count("\n## ") + markdown.startswith("## ") == len(register_sections(corpus.claims))
    for claim_id in corpus.claims["claim_id"]:
        assert markdown.count(f"{{#{claim_anchor(claim_id)}}}") == 1
    assert "Озвучиваются разные цифры\\, вплоть до 7 млн т в год" in markdown


def test_the_chronology_table_has_one_row_per_event_with_its_reports_and_the_undated_apart():
    from analysis.pipeline import load as load_corpus

    text = show_timeline(load_corpus(REPO_ROOT / "seeds")).data
    dated, undated = text.split("**Events the corpus gives no date for**")
    # the October 2025 state visit: one row, its seven reports in three articles, linked
    visit = next(line for line in dated.splitlines() if "2025\\-10\\-20 " in line and "| visit" in line)
    assert "7 in 3 articles: [000](#source-000-3e59cfda37d3e722), [002](#source-002-ed331273710f358c), " \
           "[004](#source-004-e24caed92fdcf6ad)" in visit
    assert "| Year" in dated and "| Year" not in undated and "unresolved" not in dated
    assert undated.count("\n|") > 2  # the seeds' undated events are listed, apart from the dated ones


def test_the_chronology_says_so_when_nothing_is_dated(tmp_path):
    from analysis.pipeline import load as load_corpus

    (tmp_path / "a.txt").write_text("Отношения двух стран развиваются. Стороны провели переговоры.", encoding="utf-8")
    text = show_timeline(load_corpus(tmp_path, use_cache=False)).data
    assert "The corpus reports no dated contact or agreement" in text
    assert "**Events the corpus gives no date for**" in text


def test_the_overview_s_general_sections_on_the_seeds_and_on_a_corpus_without_them(corpus, tmp_path):
    from analysis.pipeline import load as load_corpus

    watch = show_watchlist(corpus, "general").data
    assert "Supreme Interstate Council session (Azerbaijan)" in watch.replace("\\", "")
    assert "Intergovernmental commission" in watch
    speakers = show_speakers(corpus).data
    assert "| Organisation " in speakers and "Institute of Applied Ethnopolitical Studies" in speakers
    (tmp_path / "a.txt").write_text("Отношения двух стран развиваются.", encoding="utf-8")
    sparse = load_corpus(tmp_path, use_cache=False)
    assert "no dated target or commitment for the relations as a whole" in show_watchlist(sparse, "general").data
    assert "not mentioned in this corpus" in show_topics(sparse, "general").data


def test_each_register_page_holds_its_section_and_every_claim_is_on_one(corpus):
    from analysis.book.pages import REGISTER_PAGES, register_section, show_register_index

    seen = []
    for section in REGISTER_PAGES:
        markdown = show_register(corpus, section).data
        rows = register_section(corpus.claims, section)
        seen += list(rows["claim_id"])
        assert "## " not in markdown
        for claim_id in rows["claim_id"]:
            assert markdown.count(f"{{#{claim_anchor(claim_id)}}}") == 1
        if rows.empty:
            assert markdown.startswith("*The corpus holds no quantitative claim in")
    assert sorted(seen) == sorted(corpus.claims["claim_id"])
    index = show_register_index(corpus).data
    assert "[Energy](#register-energy)" in index and "[No track](#register-other)" in index


def test_a_long_chapter_table_shows_its_top_rows_and_says_where_the_rest_are(corpus, monkeypatch):
    from analysis.book import pages

    full = pages.show_claims(corpus, "transport").data
    assert "claims with bilateral figures" not in full  # the seeds' few claims: all shown, no note
    monkeypatch.setattr(pages, "CHAPTER_ROWS", 1)
    claims = pages.briefing.track_claims(corpus, "transport")
    capped = pages.show_claims(corpus, "transport").data
    assert capped.count("](#claim-") == 1
    assert f"*The 1 of {len(claims)} claims with bilateral figures" in capped and "(#register-transport)" in capped
    best = claims.iloc[pages.claim_rank(corpus, claims)[0]]
    assert f"#{claim_anchor(best['claim_id'])}" in capped


def test_long_findings_and_watchlist_tables_point_to_the_downloads(corpus, monkeypatch):
    from analysis.book import pages

    monkeypatch.setattr(pages, "CHAPTER_ROWS", 1)
    findings = pages.briefing.track_findings(corpus, "general")
    text = pages.show_findings(corpus, "general").data
    if len(findings) > 1:
        assert f"*The first 1 of {len(findings)} findings; all of them are in consistency.csv" in text
    watch = pages.briefing.track_watchlist(corpus, "transport")
    text = pages.show_watchlist(corpus, "transport").data
    if len(watch) > 1:
        assert f"*The first 1 of {len(watch)} items; all of them are in watchlist.csv" in text
    assert len(findings) > 1 or len(watch) > 1, "the seeds have too few rows to cut"


def test_a_long_chronology_shows_its_most_reported_events_and_says_where_the_rest_are(corpus, monkeypatch):
    from analysis.book import pages

    full = pages.show_timeline(corpus).data
    assert "most-reported" not in full  # the seeds' 22 events: all shown
    monkeypatch.setattr(pages, "CHRONOLOGY_ROWS", 2)
    capped = pages.show_timeline(corpus).data
    tl = corpus.timeline
    n_dated = int(tl["date"].map(lambda d: isinstance(d, str) and bool(d)).sum())
    assert f"*The 2 most-reported of {n_dated} events" in capped and "timeline.csv" in capped
    visit = tl.loc[tl["reports"].map(len).idxmax()]  # the state visit, seven reports: always kept
    assert f"| {len(visit['reports'])} in " in capped or f"| {len(visit['reports'])}: " in capped


def test_a_long_speakers_table_shows_those_quoted_most(corpus, monkeypatch):
    from analysis.book import pages

    assert "quoted most" not in pages.show_speakers(corpus).data
    monkeypatch.setattr(pages, "CHRONOLOGY_ROWS", 1)
    capped = pages.show_speakers(corpus).data
    assert "*The 1 speakers quoted most of" in capped and "(glossary)" in capped.replace("<glossary>", "(glossary)")
