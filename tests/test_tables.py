"""analysis.tables: escaping corpus text and formatting numbers for the book."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from markdown_it import MarkdownIt

from analysis.tables import escape_md, format_period, format_value, md_table


def render(md: str) -> str:
    return MarkdownIt("commonmark").enable("table").render(md)


@pytest.mark.parametrize("hostile", [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "**bold** _it_ `code` [link](http://example.com) {glue}`x` $x^2$",
    r"\section{x} 100% & a_b # {brace}",
    "| a | b |",
])
def test_escaped_text_renders_literally(hostile):
    html = render(escape_md(hostile))
    assert "<script" not in html and "<img" not in html and "<strong>" not in html and "<a " not in html
    # every visible character survives (HTML-escaped by the renderer)
    import html as h
    assert h.unescape(html).strip().removeprefix("<p>").removesuffix("</p>") == " ".join(hostile.split())


def test_escape_handles_missing_and_newlines():
    assert escape_md(None) == ""
    assert escape_md(float("nan")) == ""
    assert escape_md("a\n\nb") == "a b"


def test_md_table_escapes_cells_but_not_raw_columns():
    frame = pd.DataFrame({"quote": ["a | b <b>x</b>"], "link": ["[c001](#c001)"]})
    md = md_table(frame, raw_columns=("link",))
    html = render(md)
    assert "<table>" in html and "<b>" not in html and '<a href="#c001">c001</a>' in html
    assert md_table(frame.iloc[0:0]) == ""


@pytest.mark.parametrize("value, unit, text", [
    (533e6, "USD", "$533 M"), (1e9, "USD", "$1 bn"), (450e6, "USD", "$450 M"),
    (1.5e6, "t", "1.5 Mt"), (7e6, "t/yr", "7 Mt/yr"), (50, "%", "50 %"), (85.0, "%", "85 %"),
    (3, "x", "×3"), (250, "count", "250"), (4e14, "bit/s", "400 Tbit/s"), (math.nan, "USD", "—"),
])
def test_format_value(value, unit, text):
    assert format_value(value, unit) == text


def test_format_period():
    assert format_period("2024", "2024") == "2024"
    assert format_period("2025-01", "2025-08") == "2025-01 – 2025-08"
    assert format_period(None, None) == "unresolved"
    assert format_period(None, "2028") == "2028"


def test_link_lists_are_capped_for_the_page():
    from analysis.book.briefing import links_capped

    assert links_capped(["a", "b"], 3) == ["a", "b"]
    capped = links_capped([str(i) for i in range(20)], 8)
    assert len(capped) == 9 and capped[-1] == "and 12 more entries (see the register)"
