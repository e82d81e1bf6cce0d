"""analysis.figures: every figure on the real seeds and on empty input, deterministic, honest about dates."""

from __future__ import annotations

import ast
import datetime as dt
import io
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from PIL import Image

from analysis.book import figures
from analysis.book.figures import period_span
from analysis.book.pages import start
from analysis.nlp.dates import iso_span
from analysis.nlp.gazetteer import load_gazetteer
from analysis.nlp.tracks import coverage

TRADE = ["trade_turnover", "trade_turnover_growth"]
FIBRE = "Trans-Caspian fibre-optic line"


@pytest.fixture(scope="module")
def corpus():
    return start()


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def png(fig: Figure, dpi: float | None = None) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None}, dpi=dpi or plt.rcParams["savefig.dpi"])
    return buf.getvalue()


def day(iso: str) -> float:
    return figures._num(dt.date.fromisoformat(iso))


def axes_by_gid(fig: Figure, prefix: str):
    return [a for a in fig.axes if (a.get_gid() or "").startswith(prefix)]


def lines_by_gid(ax, prefix: str) -> dict[str, Line2D]:
    return {ln.get_gid(): ln for ln in ax.get_lines() if (ln.get_gid() or "").startswith(prefix)}


def texts(fig: Figure) -> str:
    return "\n".join(t.get_text() for t in fig.findobj(lambda o: hasattr(o, "get_text")))


def is_empty_figure(fig: Figure) -> bool:
    return len(fig.axes) == 1 and not fig.axes[0].axison and len(fig.axes[0].texts) == 1


# --- helpers -------------------------------------------------------------------------------------

def test_iso_span_follows_precision_and_never_guesses():
    assert iso_span("2025") == (dt.date(2025, 1, 1), dt.date(2026, 1, 1))
    assert iso_span("2025-12") == (dt.date(2025, 12, 1), dt.date(2026, 1, 1))
    assert iso_span("2025-10-20") == (dt.date(2025, 10, 20), dt.date(2025, 10, 21))
    for bad in (None, "", "unresolved", float("nan"), "2025-13"):
        assert iso_span(bad) is None
    assert period_span("2025-01", "2025-08") == (day("2025-01-01"), day("2025-09-01"))
    assert period_span(None, None) is None


def test_place_labels_separates_labels_of_coincident_points():
    pts = [(1.0, 1.0, "Day.Az · $1 bn"), (1.0, 1.0, "V. Kavkaza · $1 bn")]
    a, b = figures.place_labels(pts, (0.0, 4.0), (0.0, 2.0), (300.0, 100.0))
    assert a != b


def test_outlet_short_names():
    assert figures.outlet_short("Vestnik Kavkaza") == "V. Kavkaza"
    assert figures.outlet_short("Day.Az") == "Day.Az"


# --- 1. claims series ----------------------------------------------------------------------------

def test_claims_series_places_only_resolved_periods_on_the_time_axis(corpus):
    claims = corpus.claims[corpus.claims["indicator"].isin(TRADE)]
    fig = figures.claims_series(claims, TRADE, title="Trade")
    mains = axes_by_gid(fig, "claims-main")
    # one panel per (indicator, unit): $ turnover, % growth, × growth
    assert [a.get_gid() for a in mains] == ["claims-main:trade_turnover:USD",
                                           "claims-main:trade_turnover_growth:%",
                                           "claims-main:trade_turnover_growth:x"]
    on_axis = {g.removeprefix("claim:"): ln for a in mains for g, ln in lines_by_gid(a, "claim:").items()}
    in_strip = {g.removeprefix("claim:") for a in axes_by_gid(fig, "claims-strip") for g in lines_by_gid(a, "claim:")}
    resolved = claims[claims["period_start"].map(lambda p: isinstance(p, str) and bool(p))]
    assert set(on_axis) == set(resolved["claim_id"])
    assert in_strip == set(claims["claim_id"]) - set(resolved["claim_id"])
    assert in_strip  # the seeds' undated AZERTAC figures and the undated $1 bn targets
    for r in resolved.itertuples():
        lo, hi = period_span(r.period_start, r.period_end)
        (x,), _ = on_axis[r.claim_id].get_data()
        assert lo <= x <= hi
    # reading units: $533 M in 2024 is drawn at y = 533 in the middle of 2024
    ln = on_axis["003_5951633c20930dad-c004"]
    assert ln.get_ydata()[0] == pytest.approx(533.0)
    assert ln.get_xdata()[0] == pytest.approx((day("2024-01-01") + day("2025-01-01")) / 2)
    assert mains[0].get_ylabel() == "$ M"
    # each point is labelled with its outlet
    assert "Day.Az · $533 M" in texts(fig) and "AZERTAC" in texts(fig)


def test_claims_series_marks_targets_hollow_and_qualifiers(corpus):
    fig = figures.claims_series(corpus.claims, ["trade_turnover"], title="Trade")
    lines = {g: ln for a in fig.axes for g, ln in lines_by_gid(a, "claim:").items()}
    assert lines["claim:003_5951633c20930dad-c005"].get_markerfacecolor() == "white"        # target
    assert lines["claim:003_5951633c20930dad-c004"].get_markerfacecolor() != "white"        # actual
    carets = [ln for a in fig.axes for ln in a.get_lines() if ln.get_gid() == "qualifier"]
    assert len(carets) == int(corpus.claims.query("indicator == 'trade_turnover'")["qualifier"]
                              .isin(["more_than", "up_to"]).sum())


@pytest.mark.parametrize("indicators", [["oil_transit_btc"], ["grain_import_share"],
                                        ["port_capacity_growth", "container_throughput_growth",
                                         "transit_time_reduction"]])
def test_claims_series_on_each_track(corpus, indicators):
    fig = figures.claims_series(corpus.claims, indicators, title="t", track="energy")
    n = int(corpus.claims["indicator"].isin(indicators).sum())
    assert sum(len(lines_by_gid(a, "claim:")) for a in fig.axes) == n > 0


def test_claims_series_empty_inputs(corpus):
    assert is_empty_figure(figures.claims_series(corpus.claims, ["digital_capacity"], title="t"))
    assert is_empty_figure(figures.claims_series(corpus.claims.iloc[0:0], TRADE, title="t"))
    fig = figures.claims_series(pd.DataFrame(), TRADE, title="t")
    assert is_empty_figure(fig) and "Bilateral trade turnover" in texts(fig)


# --- 2. map ----------------------------------------------------------------------------------------

def test_map_draws_every_route_whose_endpoints_are_in_the_gazetteer(gazetteer):
    routes = figures.load_routes()
    fig = figures.caspian_map(gazetteer)
    ax = fig.axes[0]
    drawn = {g.split(":", 1)[1] for g in lines_by_gid(ax, "route")}
    assert drawn == set(routes["name"]) and len(drawn) == 3
    assert set(lines_by_gid(ax, "route-outside:")) == {"route-outside:Aktau – Alyat ferry",
                                                      "route-outside:Kuryk – Alyat ferry"}
    labels = {t.get_gid() for t in ax.texts if t.get_gid()}
    assert {"place:Aktau", "place:Kuryk", "place:Baku", "place:Alyat"} <= labels
    assert "place:Astana" not in labels                       # outside the map


def test_map_places_at_the_same_point_share_one_label(gazetteer):
    port = pd.DataFrame([{"canonical": "Port of Baku", "kind": "LOC", "lat": 39.95, "lon": 49.41}])
    g = pd.concat([gazetteer[gazetteer["canonical"] != "Port of Baku"], port], ignore_index=True)
    g.loc[g["canonical"] == "Alyat", ["lat", "lon"]] = [39.95, 49.41]
    ax = figures.caspian_map(g, places=["Alyat", "Port of Baku"]).axes[0]
    assert [t.get_text() for t in ax.texts if t.get_gid() == "place:Alyat"] == ["Alyat (Port of Baku)"]
    assert not [t for t in ax.texts if t.get_gid() == "place:Port of Baku"]


def test_map_skips_routes_without_endpoints_and_highlights(gazetteer):
    no_kuryk = gazetteer[gazetteer["canonical"] != "Kuryk"]
    fig = figures.caspian_map(no_kuryk, highlight=("Middle Corridor", FIBRE))
    lines = lines_by_gid(fig.axes[0], "route")
    assert "route-outside:Kuryk – Alyat ferry" not in lines and len(lines) == 2
    ferry, fibre = lines["route-outside:Aktau – Alyat ferry"], lines[f"route:{FIBRE}"]
    assert fibre.get_linewidth() > ferry.get_linewidth()      # outside knowledge is never emphasised
    assert is_empty_figure(figures.caspian_map(gazetteer.iloc[0:0]))


def test_basemap_is_built_once_then_unpickled(tmp_path, monkeypatch):
    import mpl_toolkits.basemap as basemap
    import numpy as np

    monkeypatch.setenv("BRIEFING_CACHE", str(tmp_path))
    figures._basemap.cache_clear()
    built = figures._basemap()
    assert len(list((tmp_path / "maps").glob("basemap-*.pkl"))) == 1

    def refuse(self, **kwargs):
        raise AssertionError("the stored map was rebuilt")

    monkeypatch.setattr(basemap.Basemap, "__init__", refuse)  # unpickling never calls __init__
    figures._basemap.cache_clear()
    again = figures._basemap()
    assert again is not built
    assert len(again.coastsegs) == len(built.coastsegs)
    assert all(np.array_equal(a, b) for a, b in zip(again.coastsegs, built.coastsegs))
    assert again(50.0, 42.0) == built(50.0, 42.0)
    figures._basemap.cache_clear()


# --- 3. project status -----------------------------------------------------------------------------

def test_project_status_dates_mentions_and_keeps_undated_apart(corpus):
    targets = pd.DataFrame([{"project": FIBRE, "date": "2026-12", "label": "completion"}])
    projects = [FIBRE, "Middle Corridor"]
    fig = figures.project_status(corpus.sentences, corpus.documents, corpus.entities, projects, targets=targets)
    main, = axes_by_gid(fig, "project-main")
    strip, = axes_by_gid(fig, "project-strip")
    docs = corpus.documents.set_index("doc_id")
    ents = corpus.entities[corpus.entities["canonical"].isin(projects)]
    expected = {f"mention:{p}:{d}" for p, d in zip(ents["canonical"], ents["doc_id"])}
    on_main, on_strip = lines_by_gid(main, "mention:"), lines_by_gid(strip, "mention:")
    assert set(on_main) | set(on_strip) == expected
    for gid, ln in on_main.items():
        assert ln.get_xdata()[0] == day(docs.at[gid.rsplit(":", 1)[1], "published"])
    assert {g.rsplit(":", 1)[1] for g in on_strip} == set(docs.index[docs["published"].isna()]) & set(ents["doc_id"])
    diamond = lines_by_gid(main, "target:")[f"target:{FIBRE}"]
    assert diamond.get_xdata()[0] == pytest.approx((day("2026-12-01") + day("2027-01-01")) / 2)
    # colour by track: the fibre line is digital
    assert on_main[f"mention:{FIBRE}:004_e24caed92fdcf6ad"].get_markerfacecolor() == figures.TRACK_COLOURS["digital"]


def test_project_status_empty_inputs(corpus):
    empty = corpus.entities.iloc[0:0]
    assert is_empty_figure(figures.project_status(corpus.sentences, corpus.documents, empty, [FIBRE]))
    assert is_empty_figure(figures.project_status(pd.DataFrame(), pd.DataFrame(), pd.DataFrame(), [FIBRE]))
    assert is_empty_figure(figures.project_status(corpus.sentences, corpus.documents, corpus.entities, []))


# --- 4. relations timeline -------------------------------------------------------------------------

def test_timeline_draws_each_resolved_event_once_and_lists_the_rest(corpus):
    tl = corpus.timeline
    fig = figures.relations_timeline(tl)
    main, = axes_by_gid(fig, "timeline-main")
    events = lines_by_gid(main, "event:")
    resolved = tl[tl["resolved"].astype(bool) & tl["date"].map(lambda d: isinstance(d, str))]
    assert set(events) == {f"event:{k}" for k in resolved["event_key"]}      # once per event
    assert len(events) == len(resolved)                   # one row per event: the state visit told by 3 articles
    for key, ln in events.items():
        rows = resolved[resolved["event_key"] == key.removeprefix("event:")]
        spans = [period_span(a, b) for a, b in zip(rows["date"], rows["date_end"])]
        assert any(lo <= ln.get_xdata()[0] <= hi for lo, hi in spans)
    assert "×3 reports" in texts(fig)  # the October 2025 state visit, told by three articles
    n_unresolved = len(tl) - len(resolved)
    unresolved_ax, = axes_by_gid(fig, "timeline-unresolved")
    assert f"{n_unresolved} events" in unresolved_ax.get_title(loc="left")


def test_timeline_with_only_unresolved_events_places_nothing_on_the_axis():
    tl = pd.DataFrame([{"event_key": "visit|undated|Baku", "kind": "visit", "date": None, "date_end": None,
                        "date_precision": None, "resolved": False, "planned": False, "place": "Baku",
                        "actors": (), "doc_id": "x", "time_text": "в апреле", "outlet": "O$"}])
    fig = figures.relations_timeline(tl)
    main, = axes_by_gid(fig, "timeline-main")
    assert not lines_by_gid(main, "event:")
    assert "1 event " in axes_by_gid(fig, "timeline-unresolved")[0].get_title(loc="left")
    png(fig)   # a "$" from the corpus is text, not maths
    assert is_empty_figure(figures.relations_timeline(tl.iloc[0:0]))
    assert is_empty_figure(figures.relations_timeline(pd.DataFrame()))


def _shift(iso, quarters: int):
    """An ISO date at its own cut, moved by *quarters* quarters (a year stays a year)."""
    if not isinstance(iso, str) or not iso:
        return iso
    y, *rest = [int(x) for x in iso.split("-")]
    if not rest:
        return str(y + quarters // 4)
    m = rest[0] - 1 + 3 * quarters
    out = f"{y + m // 12:04d}-{m % 12 + 1:02d}"
    return out + (f"-{min(rest[1], 28):02d}" if len(rest) > 1 else "")


def grown_timeline(seed_timeline: pd.DataFrame, copies: int = 40) -> pd.DataFrame:
    """The seeds' chronology grown to hundreds of events: each dated event again every quarter (its kind,
    place, participants, precision and span kept), told by 1 to 9 articles."""
    dated = seed_timeline[seed_timeline["resolved"].astype(bool) & seed_timeline["date"].map(
        lambda d: isinstance(d, str))]
    rows = []
    for k in range(copies):
        for n, r in enumerate(dated.to_dict("records")):
            reports = 1 + (7 * k + 3 * n) % 9
            rows.append({**r, "event_key": f"{r['event_key']}#{k}", "date": _shift(r["date"], k - copies // 2),
                         "date_end": _shift(r["date_end"], k - copies // 2), "doc_id": f"g{k}n{n}",
                         "reports": tuple(f"g{k}n{n}d{j}-s001" for j in range(reports))})
    return pd.concat([pd.DataFrame(rows), seed_timeline[~seed_timeline.index.isin(dated.index)]], ignore_index=True)


def test_timeline_stays_readable_at_hundreds_of_events(corpus):
    big = grown_timeline(corpus.timeline)
    events, unresolved = figures.timeline_events(big)
    assert len(events) >= 300 > figures.MAX_TIMELINE_EVENTS
    fig = figures.relations_timeline(big)
    main, = axes_by_gid(fig, "timeline-main")
    # aggregated by quarter and kind: every dated event counted once, no mark of its own
    assert not lines_by_gid(main, "event:")
    cells = lines_by_gid(main, "cell:")
    assert sum(int(g.rsplit(":", 1)[1]) for g in cells) == len(events)
    assert len(cells) == len(figures.event_cells(events)) < len(events) / 2
    # labels: the most-reported events only, numbered at their cell and named in the key below the axis;
    # at most ~40 labels in all (numbers, key entries, lanes, legend)
    numbers = [t.get_text() for t in main.texts]
    assert numbers == [str(n) for n in range(1, figures.TOP_EVENT_LABELS + 1)]
    key = main.get_xlabel()
    most = int(events["reports"].max())
    assert f"1 {figures.top_events(events).iloc[0]['kind']} · " in key and f"×{most} reports" in key
    assert key.count("×") == figures.TOP_EVENT_LABELS
    n_labels = 2 * len(numbers) + len(main.get_yticklabels()) + len(fig.legends[0].get_texts())
    assert n_labels <= 40
    # the figure keeps its page size: one lane per kind, however many events
    assert fig.get_figheight() <= 1.0 + 0.45 * len(set(events["kind"])) + 0.4
    assert f"{len(unresolved)} events" in axes_by_gid(fig, "timeline-unresolved")[0].get_title(loc="left")
    assert png(fig, 50) == png(figures.relations_timeline(big), 50)


def test_event_cells_count_each_event_in_its_quarter_or_its_years():
    ev = pd.DataFrame([
        {"kind": "visit", "lo": day("2025-10-20"), "hi": day("2025-10-21"), "reports": 3, "planned": False},
        {"kind": "visit", "lo": day("2025-11-01"), "hi": day("2025-12-01"), "reports": 1, "planned": True},
        {"kind": "visit", "lo": day("2025-01-01"), "hi": day("2026-01-01"), "reports": 2, "planned": False},
        {"kind": "talks", "lo": day("2025-12-31"), "hi": day("2026-01-01"), "reports": 1, "planned": True},
    ])
    cells = figures.event_cells(ev)
    assert [(r.kind, r.cell, r.events, r.reports, r.planned) for r in cells.itertuples(index=False)] == [
        ("talks", "2025 Q4", 1, 1, True), ("visit", "2025", 1, 2, False), ("visit", "2025 Q4", 2, 4, False)]


# --- 5. co-mention network / 6. track share ---------------------------------------------------------

def test_comention_network_counts_shared_sentences(corpus):
    nodes, edges = figures.comention_table(corpus.entities, top=20)
    assert len(nodes) == 20 and nodes["sentences"].is_monotonic_decreasing
    e = corpus.entities
    both = (set(e.loc[e["canonical"] == "Ilham Aliyev", "sentence_id"])
            & set(e.loc[e["canonical"] == "Kassym-Jomart Tokayev", "sentence_id"]))
    w = edges.query("a == 'Ilham Aliyev' and b == 'Kassym-Jomart Tokayev'")["weight"]
    assert int(w.iloc[0]) == len(both) > 0
    fig = figures.comention_network(corpus.entities, min_weight=2, exclude=("Kazakhstan",))
    ax = fig.axes[0]
    drawn = lines_by_gid(ax, "edge:")
    assert drawn and all(f"edge:{a}|{b}" in drawn for a, b, w in edges.itertuples(index=False)
                         if w >= 2 and "Kazakhstan" not in (a, b))
    assert not any("Kazakhstan" in g.split(":", 1)[1].split("|") for g in drawn)
    assert is_empty_figure(figures.comention_network(e.iloc[0:0]))


def test_comention_network_never_draws_an_outlet_as_an_organisation(corpus):
    # the round table's release is carried by Report and AZERTAC: the outlets are named in the text
    # ("Как передает Report"), but they carry reports, they are not organisations of the relations
    e = pd.DataFrame([
        {"sentence_id": "d-s1", "canonical": "Report", "kind": "ORG"},
        {"sentence_id": "d-s1", "canonical": "SOCAR", "kind": "ORG"},
        {"sentence_id": "d-s1", "canonical": "Alim Bayel", "kind": "PER"},
        {"sentence_id": "d-s2", "canonical": "Vestnik Kavkaza", "kind": "ORG"},
        {"sentence_id": "d-s2", "canonical": "Alim Bayel", "kind": "PER"},
    ])
    nodes, edges = figures.comention_table(e)
    assert set(nodes["canonical"]) == {"SOCAR", "Alim Bayel"}
    assert list(edges.itertuples(index=False, name=None)) == [("Alim Bayel", "SOCAR", 1)]
    fig = figures.comention_network(e)
    drawn = {c.get_gid() for c in fig.axes[0].collections}
    assert {"node:SOCAR", "node:Alim Bayel"} <= drawn and not drawn & {"node:Report", "node:Vestnik Kavkaza"}
    # a name tied to no other drawn name is not drawn (it only crowds the circle)
    lone = e.assign(sentence_id=["d-s1", "d-s1", "d-s1", "d-s2", "d-s3"],
                    canonical=["Report", "SOCAR", "Alim Bayel", "Vestnik Kavkaza", "KazMunayGas"])
    lone_drawn = {c.get_gid() for c in figures.comention_network(lone).axes[0].collections}
    assert "node:KazMunayGas" not in lone_drawn and "node:SOCAR" in lone_drawn
    seeds_nodes, _ = figures.comention_table(corpus.entities, top=50)
    assert not set(seeds_nodes["canonical"]) & {"Report", "AZERTAC", "Day.Az", "1news.az", "Vestnik Kavkaza"}


def test_track_share_bars_are_shares_of_sentences(corpus):
    cov = coverage(corpus.sentences)
    fig = figures.track_share(cov)
    widths = [p.get_width() for p in fig.axes[0].patches]
    assert widths[0] == pytest.approx(100 * cov["energy"].sum() / cov["sentences"].sum())
    assert "coverage, not events" in fig.axes[0].get_xlabel()
    assert is_empty_figure(figures.track_share(cov.iloc[0:0]))


# --- every figure: deterministic, fits the page ------------------------------------------------------

BUILDERS = {
    "claims": lambda c, g: figures.claims_series(c.claims, TRADE, title="Trade"),
    "map": lambda c, g: figures.caspian_map(g, highlight=(FIBRE,)),
    "projects": lambda c, g: figures.project_status(
        c.sentences, c.documents, c.entities, [FIBRE, "Middle Corridor"],
        targets=pd.DataFrame([{"project": FIBRE, "date": "2026-12", "label": "completion"}])),
    "timeline": lambda c, g: figures.relations_timeline(c.timeline),
    "network": lambda c, g: figures.comention_network(c.entities),
    "share": lambda c, g: figures.track_share(coverage(c.sentences)),
}


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_figures_are_deterministic_and_fit_an_a4_page(corpus, gazetteer, name):
    dpi = 50   # determinism does not depend on resolution; a small raster keeps the test fast
    first = png(BUILDERS[name](corpus, gazetteer), dpi)
    second = png(BUILDERS[name](corpus, gazetteer), dpi)
    assert first == second
    width_px, _ = Image.open(io.BytesIO(first)).size
    assert width_px <= 7 * dpi


def test_no_drawing_function_is_longer_than_80_lines():
    """Each figure is a list of small drawing steps (axes, series, labels, legend), not one long function."""
    tree = ast.parse(Path(figures.__file__).read_text(encoding="utf-8"))
    lengths = {f.name: f.end_lineno - f.lineno + 1 for f in ast.walk(tree) if isinstance(f, ast.FunctionDef)}
    assert {name: n for name, n in lengths.items() if n > 80} == {}
