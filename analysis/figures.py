"""The book's figures: one house style, one colour per track, one marker per outlet.

Every function returns a ``matplotlib.figure.Figure`` and draws nothing it was not given: an empty
table gives a figure that says what is missing rather than an empty frame. Figures are
deterministic (no dates, no random state): the same tables give the same PNG bytes.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # figures are rendered for the page, never shown in a window

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

#: Colour per track; the same track always has the same colour in every chart.
TRACK_COLOURS = {
    "energy": "#c0392b",
    "transport": "#2471a3",
    "digital": "#7d3c98",
    "agriculture": "#b7950b",
    "general": "#7f8c8d",
}
#: Marker cycle for outlets (assigned in sorted outlet order, so stable for a given corpus).
OUTLET_MARKERS = ("o", "s", "D", "^", "v", "P", "X", "*", "h", "<", ">")
NEUTRAL = "#4d4d4d"

STYLE = {
    "figure.figsize": (7.0, 3.8),
    "figure.dpi": 100,
    "savefig.dpi": 130,
    "savefig.bbox": "tight",
    "font.family": "DejaVu Sans",
    "font.size": 9.5,
    "axes.titlesize": 10.5,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#e5e5e5",
    "grid.linewidth": 0.6,
    "legend.frameon": False,
    "legend.fontsize": 8.5,
    "svg.hashsalt": "caspian-briefing",
    "image.cmap": "Blues",
}


def use_style() -> None:
    """Apply the house style to matplotlib (called once by ``analysis.book.start``)."""
    plt.rcParams.update(STYLE)


def outlet_markers(outlets) -> dict[str, str]:
    """Return a marker per outlet name, stable for a given set of outlets."""
    names = sorted({str(o) for o in outlets if isinstance(o, str) and o})
    return {name: OUTLET_MARKERS[i % len(OUTLET_MARKERS)] for i, name in enumerate(names)}


def empty_figure(message: str, *, height: float = 1.2) -> Figure:
    """Return a small figure that states *message* (used when a corpus has nothing to draw)."""
    fig, ax = plt.subplots(figsize=(STYLE["figure.figsize"][0], height))
    ax.axis("off")
    ax.text(0.5, 0.5, message, ha="center", va="center", color=NEUTRAL, fontsize=10, wrap=True)
    return fig


def coverage_heatmap(coverage: pd.DataFrame, labels: dict[str, str] | None = None) -> Figure:
    """Return a documents × tracks heat-map of sentence counts (coverage, i.e. reports, not events).

    *coverage* has a ``doc_id`` column and one integer column per track; *labels* maps doc_id to
    the row label shown (default: the doc_id).
    """
    from analysis.tracks import TRACKS

    if coverage.empty:
        return empty_figure("No loaded documents: nothing to map.")
    cols = [*TRACKS, "general"]
    data = coverage.set_index("doc_id")[cols]
    fig, ax = plt.subplots(figsize=(STYLE["figure.figsize"][0], 0.45 * len(data) + 1.4))
    ax.grid(False)
    im = ax.imshow(data.to_numpy(), aspect="auto", cmap="Blues")
    ax.set_xticks(range(len(cols)), cols)
    ax.set_yticks(range(len(data)), [(labels or {}).get(d, d) for d in data.index])
    for (i, j), v in pd.DataFrame(data.to_numpy()).stack().items():
        ax.text(j, i, str(int(v)), ha="center", va="center",
                color="white" if v > data.to_numpy().max() * 0.6 else "black", fontsize=8.5)
    for j, name in enumerate(cols):
        ax.get_xticklabels()[j].set_color(TRACK_COLOURS[name])
    fig.colorbar(im, ax=ax, label="sentences", shrink=0.8)
    ax.set_title("Sentences per track in each article")
    return fig
