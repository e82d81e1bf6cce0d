"""Issue 15, readable at any size: every figure stays within MAX_LABELS labels on a large input.

Each test draws one figure function on a synthetic input of thousands of rows (made here, seeded,
shaped like the pipeline's tables) and counts its labels with :func:`figures.figure_labels`. The
overview's chronology figure (``relations_timeline``) is another helper's, not tested here.
"""

from __future__ import annotations

import datetime as dt
import random

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from analysis.book import figures
from analysis.ingest.outlets import load_outlets
from analysis.nlp.gazetteer import load_gazetteer
from analysis.vocabulary import ALL_TRACKS

LIMIT = figures.MAX_LABELS
N_DOCS = 3000


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _date(rng: random.Random) -> str:
    return (dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(11 * 365))).isoformat()


@pytest.fixture(scope="module")
def documents() -> pd.DataFrame:
    rng = random.Random("scale-docs")
    outlets = list(load_outlets()["outlet"])
    return pd.DataFrame({
        "doc_id": [f"{i:05d}_x" for i in range(N_DOCS)],
        "published": [_date(rng) if rng.random() > 0.1 else None for _ in range(N_DOCS)],
        "outlet": [rng.choice(outlets) for _ in range(N_DOCS)],
    })


def _coverage(documents: pd.DataFrame) -> pd.DataFrame:
    rng = random.Random("scale-coverage")
    table = pd.DataFrame({"doc_id": documents["doc_id"]})
    for track in ALL_TRACKS:
        table[track] = [rng.randrange(0, 12) for _ in range(len(table))]
    table["sentences"] = table[list(ALL_TRACKS)].sum(axis=1) + 3
    return table


def _claims(n: int, indicators: list[tuple[str, str]], outlets: list[str]) -> pd.DataFrame:
    rng = random.Random("scale-claims")
    rows = []
    for i in range(n):
        indicator, unit = indicators[i % len(indicators)]
        start = _date(rng) if rng.random() > 0.15 else None
        rows.append({
            "claim_id": f"{i:05d}_x-c001", "indicator": indicator, "unit": unit, "value": rng.uniform(1e6, 9e8),
            "period_start": start[:7] if start else None, "period_end": None,
            "period_kind": rng.choice(["actual", "target", "unresolved"]),
            "qualifier": rng.choice(["exact", "approx", "more_than", "up_to"]),
            "outlet": rng.choice(outlets), "track": "general",
        })
    return pd.DataFrame(rows)


def test_label_counter_counts_ticks_texts_and_legend_entries():
    fig, ax = plt.subplots()
    ax.set_xticks([0, 0.5, 1, 2], ["a", "b", "", "out of range"])
    ax.set_xlim(0, 1)
    ax.set_yticks([])
    ax.text(0.5, 0.5, "note")
    ax.text(0.5, 0.5, "  ")
    ax.plot([0, 1], [0, 1], label="line")
    ax.legend()
    assert figures.figure_labels(fig) == 2 + 1 + 1


def test_coverage_heatmap_of_thousands_of_articles_is_by_period(documents):
    cover = _coverage(documents)
    dates = dict(zip(documents["doc_id"], documents["published"].fillna("")))
    fig = figures.coverage_heatmap(cover, dates=dates)
    assert figures.figure_labels(fig) <= LIMIT
    rows = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert rows[-1] == figures.UNDATED and len(rows) <= figures.MAX_HEATMAP_ROWS
    table, period = figures.coverage_by_period(cover, dates)
    assert period == "year" and int(table.to_numpy().sum()) == int(cover[list(ALL_TRACKS)].to_numpy().sum())
    # without dates every article is undated: one row, still readable
    assert figures.figure_labels(figures.coverage_heatmap(cover)) <= LIMIT


def test_claims_series_of_thousands_of_claims_is_by_quarter_with_few_labels():
    outlets = list(load_outlets()["outlet"])
    claims = _claims(4000, [("trade_turnover", "USD"), ("trade_turnover_growth", "x")], outlets)
    fig = figures.claims_series(claims, ["trade_turnover", "trade_turnover_growth"], title="Trade")
    assert figures.figure_labels(fig) <= LIMIT
    summaries = [ln for ax in fig.axes for ln in ax.get_lines() if (ln.get_gid() or "").startswith("summary:")]
    assert summaries and not any((ln.get_gid() or "").startswith("claim:") for ax in fig.axes for ln in ax.get_lines())
    point_labels = [t for ax in fig.axes for t in ax.texts if t.get_text().startswith("n=")]
    assert 1 <= len(point_labels) <= figures.POINT_LABEL_BUDGET


def test_claims_series_of_a_few_dozen_claims_labels_only_the_largest():
    claims = _claims(30, [("trade_turnover", "USD")], ["Trend", "Kazinform"])
    fig = figures.claims_series(claims, ["trade_turnover"], title="Trade")
    assert figures.figure_labels(fig) <= LIMIT
    labelled = [t for ax in fig.axes for t in ax.texts if " · " in t.get_text() or "\n" in t.get_text()]
    assert 0 < len(labelled) <= figures.POINT_LABEL_BUDGET


def test_quarterly_summary_keeps_counts_and_ranges():
    claims = _claims(200, [("trade_turnover", "USD")], ["Trend"])
    sel = figures._claims_to_draw(claims, ["trade_turnover"])
    summary = figures.quarterly_summary(sel)
    assert summary["n"].sum() == len(sel)
    assert (summary["lo"] <= summary["value"]).all() and (summary["value"] <= summary["hi"]).all()
    assert set(summary.loc[~summary["dated"], "claim_id"].str.split(":").str[0]) <= {figures.UNDATED}


def test_project_status_of_thousands_of_mentions_counts_quarters(documents):
    rng = random.Random("scale-mentions")
    projects = ["Trans-Caspian fibre-optic line", "Middle Corridor"]
    rows = [{"doc_id": d, "sentence_id": f"{d}-s{j}", "canonical": rng.choice(projects), "text": "x"}
            for d in documents["doc_id"] for j in range(rng.randrange(0, 3))]
    entities = pd.DataFrame(rows)
    sentences = pd.DataFrame({"sentence_id": entities["sentence_id"], "tracks": [("digital",)] * len(entities)})
    targets = pd.DataFrame({"project": [projects[i % 2] for i in range(300)],
                            "date": [_date(rng)[:7] for _ in range(300)], "label": ["completion"] * 300})
    fig = figures.project_status(sentences, documents, entities, {p: "transport" for p in projects}, targets=targets)
    assert figures.figure_labels(fig) <= LIMIT
    assert "300 stated targets" in "\n".join(t.get_text() for ax in fig.axes for t in ax.texts)
    discs = [c for ax in fig.axes for c in ax.collections if (c.get_gid() or "").startswith("quarter:")]
    assert len(discs) > 40
    bins = figures.project_quarters(pd.DataFrame({
        "project": ["a", "a", "a"], "doc_id": ["1", "2", "3"], "n": [1, 1, 1], "outlet": ["o"] * 3,
        "x": [figures._num(dt.date(2025, 1, 5)), figures._num(dt.date(2025, 3, 30)), None], "track": ["energy"] * 3}))
    assert list(bins["doc_id"]) == ["2025 Q1", figures.UNDATED] and list(bins["n"]) == [2, 1]


def test_comention_network_of_hundreds_of_names_shows_the_top_ones():
    rng = random.Random("scale-network")
    names = [f"Name {i}" for i in range(400)]
    rows = [{"sentence_id": f"s{i}", "canonical": rng.choice(names[: rng.randrange(1, 400)]),
             "kind": rng.choice(["PER", "ORG", "PROJECT", "LOC"])} for i in range(20000)]
    fig = figures.comention_network(pd.DataFrame(rows))
    assert figures.figure_labels(fig) <= LIMIT


def test_track_share_of_a_large_corpus(documents):
    assert figures.figure_labels(figures.track_share(_coverage(documents))) <= LIMIT


def test_trade_rates_of_hundreds_of_undated_totals_draws_the_largest():
    rng = random.Random("scale-trade")
    bars = [("2024, full year", 533e6, 12, 533e6, "Trend, 003", "reported", "exact"),
            ("January–August 2025", 547e6, 8, 820e6, "APA, 004", "reported", "more_than")]
    bars += [("'last year', undated article", rng.uniform(1e8, 9e8), 12, 0.0, f"Trend, {i:03d}", "undated", "exact")
             for i in range(300)]
    bars.append(("goal, no date", 1e9, 12, 1e9, "Trend, 001", "target", "exact"))
    frame = pd.DataFrame(bars, columns=["label", "reported", "months", "annual", "by", "role", "qualifier"])
    frame.loc[frame["role"] == "undated", "annual"] = frame["reported"]
    fig = figures.trade_rates(frame, title="Trade")
    assert figures.figure_labels(fig) <= LIMIT
    drawn, left_out = figures.trade_bars_shown(frame[frame["role"] != "target"].reset_index(drop=True))
    assert len(drawn) == figures.MAX_TRADE_BARS and len(drawn) + len(left_out) == len(frame) - 1
    assert drawn["reported"][drawn["role"] == "undated"].min() >= left_out["reported"].max()
    assert "Not drawn: 294 more undated" in "\n".join(t.get_text() for t in fig.axes[0].texts)


def test_caspian_map_with_every_place_of_the_gazetteer():
    # the map's places come from the gazetteer (a data file), not from the corpus: all of them at once
    assert figures.figure_labels(figures.caspian_map(load_gazetteer())) <= LIMIT
