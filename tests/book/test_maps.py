"""A map in this book shows only what the corpus names, or says plainly that a layer is outside knowledge."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest

from analysis.book import figures, sourcing
from analysis.nlp.gazetteer import load_gazetteer


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


@pytest.mark.parametrize("highlight", [("Middle Corridor",), ("Trans-Caspian fibre-optic line",)])
def test_every_place_on_the_map_is_named_in_the_corpus_or_labelled_outside_knowledge(corpus, highlight):
    named = set(sourcing.named_places(corpus))
    ax = figures.caspian_map(load_gazetteer(), places=named, highlight=highlight).axes[0]
    places = [t for t in ax.texts if (t.get_gid() or "").startswith(("place:", "place-outside:"))]
    assert places
    for t in places:
        kind, name = t.get_gid().split(":", 1)
        assert (kind == "place" and name in named) or (
            kind == "place-outside" and "not in the sources" in t.get_text()), t.get_text()
    shown = {t.get_gid().split(":", 1)[1] for t in places}
    assert "Turkmenbashi" not in shown and "Atyrau" not in shown      # no seed names them


def test_a_place_the_corpus_does_not_name_is_labelled_when_a_route_needs_it(corpus):
    named = set(sourcing.named_places(corpus)) - {"Kuryk"}
    ax = figures.caspian_map(load_gazetteer(), places=named).axes[0]
    kuryk = [t for t in ax.texts if t.get_gid() == "place-outside:Kuryk"]
    assert kuryk and "not in the sources" in kuryk[0].get_text()


def test_every_route_is_described_by_the_corpus_or_labelled_outside_knowledge(corpus):
    """A 'corpus' route has its evidence words in one sentence; any other says so in its legend entry."""
    sentences = [s.lower() for s in corpus.sentences["text"]]
    routes = figures.load_routes()
    for r in routes.to_dict("records"):
        if r["basis"] == figures.OUTSIDE:
            assert "outside knowledge" in r["status"], r["name"]
            assert "operating" not in r["status"], r["name"]
        else:
            assert r["basis"] == "corpus" and r["evidence"], r["name"]
            assert any(all(w.lower() in s for w in r["evidence"]) for s in sentences), r["name"]
    assert "Caspian green-energy cable" not in set(routes["name"])     # no source gives its landing points
    legend = figures.caspian_map(load_gazetteer(), places=sourcing.named_places(corpus)).axes[1].get_legend()
    entries = [t.get_text() for t in legend.get_texts()]
    assert any("ferry" in e and "outside knowledge" in e for e in entries)
    assert any("named in the sources" in e for e in entries)


def test_outlet_markers_are_never_the_carets_of_more_than_and_up_to():
    assert not {"^", "v", "<", ">", 6, 7} & set(figures.OUTLET_MARKERS)
