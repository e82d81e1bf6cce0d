"""Turn tables and corpus text into Markdown the book can show safely.

Corpus text is data, never markup: every string that came from an article passes through
:func:`escape_md` before it reaches a Markdown cell, so ``<script>``, ``*``, ``|``, ``{glue}`` or
``$`` in an article are shown literally in HTML and PDF alike (the LaTeX writer escapes what
docutils hands it). Numbers are formatted for reading (``$533 M``, ``1.5 Mt``, ``50 %``).
"""

from __future__ import annotations

import math
import re

import pandas as pd


def records(frame: pd.DataFrame, columns) -> list[dict]:
    """``frame.to_dict("records")`` restricted to those of *columns* the frame has.

    The same values as the whole-frame call (pandas' own conversion; a missing column is absent
    from every row), without converting the columns nobody reads (documents' whole texts,
    entities' ``normal`` …), which was a large share of the checks' and the timeline's run time.
    """
    return frame[[c for c in columns if c in frame.columns]].to_dict("records")

# CommonMark lets any ASCII punctuation be backslash-escaped; escaping all of it is the only way to
# be sure that no MyST role, directive, HTML block, table pipe or math delimiter survives.
_PUNCT = re.compile(r"([!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])")
_SPACE = re.compile(r"\s+")


def escape_md(text: object) -> str:
    r"""Return *text* as Markdown that renders literally, on one line ('' for None/NaN).

    >>> print(escape_md("<b>$5*</b> [x](y)"))
    \<b\>\$5\*\<\/b\> \[x\]\(y\)
    >>> escape_md(None)
    ''
    """
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    return _PUNCT.sub(r"\\\1", _SPACE.sub(" ", str(text)).strip())


# In a link's destination only these could end it early or start markup; percent-encoding them keeps
# the address the same for any server (RFC 3986 §2.1).
_URL_UNSAFE = re.compile(r"[()\[\]<>\\\s\"`{}|^]")


def external_link(label: object, url: object) -> str:
    """Return a Markdown link to the http(s) address *url* labelled with the escaped *label*; just the
    escaped label when *url* is not such an address (a ``javascript:`` link never reaches the page).

    An address with ``&`` is shown as text after the label, not linked: myst-parser 3.0.1 escapes a
    link's ``&`` twice (the page would link to ``?a=1&amp;b=2``), and ``%26`` would change the query.

    >>> print(external_link("Kazinform [1]", "https://kazinform.kz/news/a_(b)"))
    [Kazinform \\[1\\]](https://kazinform.kz/news/a_%28b%29)
    >>> print(external_link("x", "javascript:alert(1)"))
    x
    >>> print(external_link("Report", "https://report.az/?a=1&b=2"))
    Report: https\\:\\/\\/report\\.az\\/\\?a\\=1\\&b\\=2
    """
    if not isinstance(url, str) or not re.match(r"https?://[^/\s]", url):
        return escape_md(label)
    if "&" in url:
        return f"{escape_md(label)}: {escape_md(url)}"
    safe = _URL_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), url)
    return f"[{escape_md(label)}]({safe})"


_SCALES = ((1e12, "T"), (1e9, "bn"), (1e6, "M"), (1e3, "k"))


def _num(v: float, digits: int = 3) -> str:
    """Format *v* with up to *digits* significant digits and no trailing zeros."""
    if v == int(v) and abs(v) < 1e15:
        return f"{int(v):,}".replace(",", "\u2009")
    return f"{v:.{digits}g}"


def _scaled(v: float) -> tuple[str, str]:
    for factor, suffix in _SCALES:
        if abs(v) >= factor:
            return _num(v / factor), suffix
    return _num(v), ""


def format_value(value: float, unit: str) -> str:
    """Return *value* in *unit* (the claims register's base units) as a reader would write it.

    ``533e6, 'USD'`` → ``$533 M``; ``1.5e6, 't'`` → ``1.5 Mt``; ``7e6, 't/yr'`` → ``7 Mt/yr``;
    ``50, '%'`` → ``50 %``; ``3, 'x'`` → ``×3``; ``250, 'count'`` → ``250``; ``4e14, 'bit/s'`` →
    ``400 Tbit/s``.

    >>> format_value(533e6, "USD"), format_value(1.5e6, "t"), format_value(7e6, "t/yr")
    ('$533 M', '1.5 Mt', '7 Mt/yr')
    >>> format_value(50, "%"), format_value(3, "x"), format_value(250, "count"), format_value(4e14, "bit/s")
    ('50 %', '×3', '250', '400 Tbit/s')
    >>> format_value(236.5, "USD/t"), format_value(16, "day"), format_value(30_000, "bbl/d"), format_value(5, "KZT")
    ('$236.5/t', '16 days', '30 k bbl/d', '5 KZT')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    value = float(value)
    if unit == "USD":
        num, suffix = _scaled(value)
        return f"${num} {suffix}".strip()
    if unit in ("t", "t/yr"):
        per = "/yr" if unit == "t/yr" else ""
        if abs(value) >= 1e6:
            return f"{_num(value / 1e6)} Mt{per}"
        if abs(value) >= 1e3:
            return f"{_num(value / 1e3)} kt{per}"
        return f"{_num(value)} t{per}"
    if unit == "%":
        return f"{_num(value)} %"
    if unit == "x":
        return f"×{_num(value)}"
    if unit == "bit/s":
        for factor, prefix in ((1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")):
            if abs(value) >= factor:
                return f"{_num(value / factor)} {prefix}bit/s"
        return f"{_num(value)} bit/s"
    if unit == "km":
        return f"{_num(value)} km"
    if unit == "TEU":
        num, suffix = _scaled(value)
        return f"{num} {suffix} TEU".replace("  ", " ")
    if unit == "count" or not isinstance(unit, str) or not unit:
        return _num(value)
    if unit.endswith("/t") and unit[:-2] == "USD":
        return f"${_num(value, 4)}/t"
    if unit == "day":
        return f"{_num(value)} day{'' if value == 1 else 's'}"
    num, suffix = _scaled(value)  # any other unit is written out: "30 k bbl/d", "2 M EUR"
    return f"{num} {suffix} {unit}".replace("  ", " ")


def format_period(start: object, end: object) -> str:
    """Return a period as text: ``2024``, ``2025-01 – 2025-08``, or ``unresolved``.

    >>> format_period("2024", "2024"), format_period("2025-01", "2025-08"), format_period(None, None)
    ('2024', '2025-01 – 2025-08', 'unresolved')
    """
    def ok(x: object) -> bool:
        return isinstance(x, str) and bool(x)

    if not ok(start) and not ok(end):
        return "unresolved"
    if ok(start) and ok(end) and start != end:
        return f"{start} – {end}"
    return str(start if ok(start) else end)


def md_table(frame: pd.DataFrame, *, raw_columns: tuple[str, ...] = (), compact: bool = False) -> str:
    r"""Return *frame* as a Markdown pipe table, every cell escaped except *raw_columns*.

    *raw_columns* hold Markdown the caller built itself (links to anchors, for instance) from
    escaped pieces. An empty frame gives an empty string: say in prose what is missing instead.
    *compact* writes no padding and no column alignment (which the HTML would repeat as a class on
    every cell): the form for a table of thousands of rows, like the claims register.

    >>> print(md_table(pd.DataFrame({"Figure": ["$5 M", "1|2"]}), compact=True))
    | Figure |
    | --- |
    | \$5 M |
    | 1\|2 |
    """
    if frame.empty:
        return ""
    cells = frame.copy()
    for col in cells.columns:
        if col in raw_columns:
            cells[col] = cells[col].map(lambda v: "" if v is None else str(v).replace("\n", " "))
        else:
            cells[col] = cells[col].map(escape_md)
    cells.columns = [escape_md(c) for c in cells.columns]
    if compact:
        lines = [list(cells.columns), ["---"] * len(cells.columns), *cells.itertuples(index=False)]
        return "\n".join("| " + " | ".join(row) + " |" for row in lines)
    return cells.to_markdown(index=False, disable_numparse=True)


def show(frame: pd.DataFrame, *, raw_columns: tuple[str, ...] = (), empty: str = "No rows.") -> object:
    """Return an IPython ``Markdown`` object showing *frame* as a table (or *empty* when it has no rows)."""
    from IPython.display import Markdown

    text = md_table(frame, raw_columns=raw_columns)
    return Markdown(text if text else f"*{escape_md(empty)}*")
