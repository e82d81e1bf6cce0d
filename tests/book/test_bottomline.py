"""The bottom-line table at the head of the key judgments (analysis.book.bottomline)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis import datafiles
from analysis.book import bottomline
from analysis.claims.indicators import indicator_labels
from analysis.paths import REPO_ROOT
from analysis.pipeline import load


@pytest.fixture(scope="module")
def seeds_table() -> pd.DataFrame:
    return bottomline.bottom_line(load(REPO_ROOT / "seeds"))


def test_every_line_in_order_with_the_columns(seeds_table):
    lines = [r["line"] for r in datafiles.load("bottom_line.yml")["rows"]]
    assert list(seeds_table.columns) == bottomline.COLUMNS
    assert list(dict.fromkeys(seeds_table["Line"])) == lines


def test_trade_shows_the_latest_figure_and_the_goal(seeds_table):
    trade = seeds_table[seeds_table["Line"] == "Relations and trade"].set_index("Status")
    # the eight months of 2025 are the latest period reported; the goal is the $1 bn both sides set
    assert trade.loc["actual", "Key fact"] == "Bilateral trade turnover: > $547 M"
    assert trade.loc["actual", "Date"] == "2025-01 – 2025-08"
    assert trade.loc["target", "Key fact"].endswith("$1 bn")
    assert trade.loc["actual", "Register"].endswith("(#claim-004-e24caed92fdcf6ad-c002)")


def test_a_line_without_figures_shows_its_project_commitment(seeds_table):
    digital = seeds_table[seeds_table["Line"] == "Digital"].iloc[0]
    assert digital["Status"] == "commitment" and digital["Date"] == "2026-12"
    assert digital["Key fact"].startswith("Trans-Caspian fibre-optic line")
    # a single statement: credibility at best 3, graded with the outlet's reliability
    assert digital["Grade"].endswith("3") and digital["Confidence"] in {"moderate", "low"}


def test_confidence_follows_the_grade_and_a_named_party_is_named(seeds_table):
    for grade, conf in zip(seeds_table["Grade"], seeds_table["Confidence"]):
        assert conf == bottomline.confidence(grade)
    transport = seeds_table[seeds_table["Line"] == "Transport"]
    assert transport["Key fact"].str.contains("— Kazakhstan:", regex=False).all()


def test_an_empty_corpus_says_so(tmp_path: Path):
    table = bottomline.bottom_line(load(tmp_path, use_cache=False))
    assert (table["Key fact"] == "no figure or dated commitment in this corpus").all()
    assert len(table) == len(datafiles.load("bottom_line.yml")["rows"])


def test_the_file_names_only_known_indicators_and_projects():
    known = set(indicator_labels())
    projects = {p["canonical"] for p in datafiles.load("projects.yml")["projects"]}
    for row in datafiles.load("bottom_line.yml")["rows"]:
        assert set(row["indicators"]) <= known, row["line"]
        assert row.get("project") in projects | {None}, row["line"]


def test_the_printed_table_joins_status_with_date_and_grade_with_confidence(seeds_table):
    out = bottomline.printed(seeds_table)
    assert list(out.columns) == ["Line", "Key fact", "Status and date", "Source", "Grade (confidence)", "Register"]
    trade = out[out["Line"] == "Relations and trade"].iloc[0]
    assert trade["Status and date"] == "actual, 2025-01 – 2025-08" and trade["Grade (confidence)"] == "C3 (moderate)"


def test_the_page_links_to_the_sources_and_the_register():
    from analysis.book import pages

    text = pages.show_bottom_line(load(REPO_ROOT / "seeds")).data
    assert "](#source-004-e24caed92fdcf6ad)" in text and "](#claim-004-e24caed92fdcf6ad-c002)" in text
    assert "\\](#" not in text  # a link, not its escaped text
