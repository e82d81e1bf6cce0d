"""Sphinx extension: the PDF (LaTeX) book a reader can print.

Sphinx's LaTeX builder inlines the book's table of contents into one document and loses its part
captions; it heads the contents page with the first caption ("Bottom line"); and it leaves table
column widths to ``tabulary``, which squeezes a column narrower than its longest word (the word then
runs into the next column: "growtl", "1news.a"). This extension, for the LaTeX builder only:

* heads the contents page "Contents";
* writes each part of ``_toc.yml`` into the contents (and the PDF bookmarks) where its first chapter
  starts, and begins the appendices with ``\\appendix`` so that the chapters of the part whose caption
  starts "Appendi" print as appendices A, B … (their "Appendix: " title prefix is dropped, the
  heading already says it);
* cuts a table of more than :data:`MAX_TABLE_ROWS` rows into several with the same header and
  columns (a longtable of a thousand rows exhausts TeX's memory);
* writes a label for every span that carries an anchor (the register's entries, which the chapters
  link to), as it does for a target;
* gives every table a column specification computed from its text: each column at least as wide as
  its longest word (measured with the book's own fonts), the rest of the line shared out like
  ``tabulary`` does, cells set ragged-right (so no country name is hyphenated in a narrow column).

The HTML build is not touched. ``_config.yml`` (``latex_elements``) holds the rest of the PDF's layout:
one-sided pages that start chapters on the next page (no blank pages), the footer (the running title
kept clear of the page number) and the table type. ``tests/book/test_pdf.py`` checks the result.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from docutils import nodes
from matplotlib.font_manager import FontProperties, findfont
from matplotlib.ft2font import FT2Font
from sphinx import addnodes
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: Text width of the PDF page (A4, 1 in margins: 453 pt) in TeX points, less a little.
LINE_WIDTH = 448.0
#: Table text: (point size, ``\tabcolsep``) normally (``\footnotesize`` of a 10 pt book) and, for a
#: table whose longest words do not fit so, compact (``\scriptsize``, half the column gap).
NORMAL, COMPACT = (8.0, 6.0), (7.0, 3.0)
#: Safety margin on measured widths (kerning, italics, rounding).
MARGIN = 1.06
#: Columns never narrower than this (pt of text), so a column of short numbers still reads.
MIN_COLUMN = 14.0
#: Where a word may break: after a hyphen or dash between two runs of at least four letters
#: ("Kazakhstan–|Azerbaijan", "Trans-|Caspian"). Dates ("2025-10-20") and register ids ("002-c002") are
#: measured whole, so their column is wide enough that LaTeX never breaks them.
_WORD_BREAK = re.compile(r"(?<=[^\W\d_]{4}[-–—])(?=[^\W\d_]{4})")
APPENDIX_PREFIX = re.compile(r"^\s*Appendix\s*[:.–—-]\s*", re.I)


@cache
def _font(family: str) -> FT2Font:
    return FT2Font(findfont(FontProperties(family=family)))


@lru_cache(maxsize=8192)
def text_width(text: str, family: str = "DejaVu Serif", size: float = NORMAL[0]) -> float:
    """Width of *text* on one line, in points, in *family* at *size* points (with :data:`MARGIN`)."""
    if not text:
        return 0.0
    font = _font(family)
    font.set_size(size, 72)
    font.set_text(text, 0.0)
    return font.get_width_height()[0] / 64 * MARGIN


def words(text: str) -> list[str]:
    """The pieces of *text* a column must hold on one line (words, split where :data:`_WORD_BREAK` allows)."""
    return [piece for word in text.split() for piece in _WORD_BREAK.split(word) if piece]


def _measure(rows: list[list[str]], header_rows: int, size: float) -> tuple[list[float], list[float]]:
    """(longest word, longest line) of each column, in points of text at *size*."""
    ncols = max((len(r) for r in rows), default=0)
    least, natural = [MIN_COLUMN] * ncols, [MIN_COLUMN] * ncols
    for i, row in enumerate(rows):
        family = "DejaVu Sans" if i < header_rows else "DejaVu Serif"
        for j, cell in enumerate(row):
            least[j] = max(least[j], *(text_width(w, family, size) for w in words(cell)), 0.0)
            lines = (text_width(" ".join(line.split()), family, size) for line in cell.splitlines())
            natural[j] = max(natural[j], *lines, 0.0)
    return least, natural


def table_layout(rows: list[list[str]], header_rows: int = 1) -> tuple[list[float], bool]:
    """Return the column widths of a table of cell texts *rows* (fractions of the line, summing to at
    most 1) and whether it is set compact (:data:`COMPACT`: smaller type, narrower gaps).

    Each column gets at least its longest word (and :data:`MIN_COLUMN`); when the table's natural
    width (every cell on one line) fits the line, each column gets that; otherwise the width left
    over after the longest words is shared in proportion to how much more each column would like,
    as ``tabulary`` shares it. A table whose longest words do not fit is set compact; when even then
    they do not fit, the columns are scaled down together (a word will then overrun: the LaTeX log
    says so and the tests catch it).
    """
    compact = False
    for size, sep in (NORMAL, COMPACT):
        least, natural = _measure(rows, header_rows, size)
        least = [w + 2 * sep + 0.4 for w in least]
        if sum(least) <= LINE_WIDTH:
            break
        compact = True
    natural = [max(n + 2 * sep + 0.4, w) for n, w in zip(natural, least)]
    if sum(natural) <= LINE_WIDTH:
        return [n / LINE_WIDTH for n in natural], compact
    if sum(least) >= LINE_WIDTH:
        return [w / sum(least) for w in least], compact
    spare = LINE_WIDTH - sum(least)
    # like tabulary's \tymax: a very long column does not take all the room from the others
    wants = [min(n - w, max(spare, LINE_WIDTH / 2)) for n, w in zip(natural, least)]
    return [(w + spare * x / sum(wants)) / LINE_WIDTH for w, x in zip(least, wants)], compact


def colspec(widths: list[float]) -> str:
    """The LaTeX column specification for *widths* (fractions of the line): ragged-right paragraphs."""
    return "".join(r">{\raggedright\arraybackslash}\Y{" + f"{w:.4f}" + "}" for w in widths)


def _table_rows(table: nodes.table) -> tuple[list[list[str]], int] | None:
    """The cell texts of *table* by row and its number of header rows; None for a table with merged
    cells (its layout is left to Sphinx)."""
    rows, header = [], 0
    for part in table.findall(lambda n: isinstance(n, (nodes.thead, nodes.tbody))):
        for row in part.children:
            if not isinstance(row, nodes.row):
                continue
            entries = [e for e in row.children if isinstance(e, nodes.entry)]
            if any(e.get("morecols") or e.get("morerows") for e in entries):
                return None
            rows.append([e.astext() for e in entries])
            header += isinstance(part, nodes.thead)
    return rows, header


def set_table_columns(doctree: nodes.document) -> int:
    """Give every table of *doctree* without a column specification one computed from its text
    (a compact table is wrapped in a group with smaller type); return how many were given one."""
    count = 0
    for table in list(doctree.findall(nodes.table)):
        parent = table.parent
        at = parent.index(table) if parent is not None else 0
        if parent is None or (at and isinstance(parent[at - 1], addnodes.tabular_col_spec)):
            continue
        found = _table_rows(table)
        if not found or not found[0]:
            continue
        widths, compact = table_layout(*found)
        parent.insert(at, addnodes.tabular_col_spec(spec=colspec(widths)))
        if compact:
            start = r"\begingroup\let\briefingtablefont\scriptsize\setlength{\tabcolsep}{" + f"{COMPACT[1]:g}pt" + "}"
            parent.insert(at, nodes.raw("", start + "\n", format="latex"))
            parent.insert(parent.index(table) + 1, nodes.raw("", "\\endgroup\n", format="latex"))
        count += 1
    return count


#: Rows of one LaTeX table at most: a longtable of about a thousand rows (the register of a large
#: corpus) exhausts TeX's main memory ("TeX capacity exceeded") at its end; one of 300 does not.
MAX_TABLE_ROWS = 200


def split_long_tables(doctree: nodes.document, max_rows: int = MAX_TABLE_ROWS) -> int:
    """Cut every table of more than *max_rows* body rows into consecutive tables of at most that
    many, each with the table's header and column specification; return how many tables were added.
    The pieces follow one another, so the PDF reads as one table whose header repeats."""
    added = 0
    for table in list(doctree.findall(nodes.table)):
        tgroup = table.next_node(nodes.tgroup)
        tbody = tgroup.next_node(nodes.tbody) if tgroup is not None else None
        if tbody is None or len(tbody) <= max_rows or table.parent is None:
            continue
        parent, rows = table.parent, list(tbody.children)
        at = parent.index(table)
        spec = parent[at - 1] if at and isinstance(parent[at - 1], addnodes.tabular_col_spec) else None
        tbody[:] = rows[:max_rows]
        after = at + 1
        for start in range(max_rows, len(rows), max_rows):
            piece, group, body = table.copy(), tgroup.copy(), tbody.copy()
            piece["ids"], piece["names"] = [], []
            group += [child.deepcopy() for child in tgroup.children if not isinstance(child, nodes.tbody)]
            body += rows[start:start + max_rows]
            group += body
            piece += group
            for node in ([spec.deepcopy()] if spec is not None else []) + [piece]:
                parent.insert(after, node)
                after += 1
            added += 1
    return added


def toc_parts(app) -> list[tuple[str, str]]:
    """(caption, first document) of each captioned toctree of the root document, in order."""
    root = app.env.get_doctree(app.config.root_doc)
    return [(t["caption"], t["includefiles"][0]) for t in root.findall(addnodes.toctree)
            if t.get("caption") and t.get("includefiles")]


def mark_parts(app, doctree: nodes.document) -> None:
    """Write the parts into the contents where their first chapter starts, and open the appendices."""
    firsts = {doc: caption for caption, doc in toc_parts(app)}
    appendix = False
    for start in list(doctree.findall(addnodes.start_of_file)):
        caption = firsts.get(start["docname"])
        if caption is None:
            if appendix:
                _drop_appendix_prefix(start)
            continue
        latex = r"\clearpage\phantomsection"
        if caption.lower().startswith("appendi"):
            latex = r"\clearpage\appendix\phantomsection"
            appendix = True
            _drop_appendix_prefix(start)
        latex += r"\addcontentsline{toc}{part}{" + _latex_escape(caption) + "}"
        start.parent.insert(start.parent.index(start), nodes.raw("", latex + "\n", format="latex"))


def _drop_appendix_prefix(start: nodes.Element) -> None:
    section = start.next_node(nodes.section)
    title = section.next_node(nodes.title) if section is not None else None
    if title is None or not title.children or not isinstance(title[0], nodes.Text):
        return
    rest = APPENDIX_PREFIX.sub("", str(title[0]), count=1)
    if rest != str(title[0]) and rest:
        title[0] = nodes.Text(rest[0].upper() + rest[1:])


def _latex_escape(text: str) -> str:
    text = re.sub(r"([{}$&#_%])", r"\\\1", text.replace("\\", "\x00"))
    return text.replace("\x00", r"\textbackslash{}").replace("^", r"\^{}").replace("~", r"\~{}")


def anchor_spans(doctree: nodes.document) -> int:
    """Put a target before every inline span that carries an id (``[002-c002]{#claim-…}``, the
    register's anchored entries) so that the PDF has a label for it; return how many.

    Sphinx's LaTeX writer writes a label for a target but not for a span's id, so a link from a
    chapter to a register entry would point nowhere in the PDF."""
    count = 0
    for span in list(doctree.findall(nodes.inline)):
        if span["ids"] and span.parent is not None:
            span.parent.insert(span.parent.index(span), nodes.target("", "", ids=list(span["ids"])))
            span["ids"] = []
            count += 1
    return count


def _resolved(app, doctree: nodes.document, docname: str) -> None:
    if app.builder.name != "latex":
        return
    if docname == app.config.root_doc:
        mark_parts(app, doctree)
    anchor_spans(doctree)
    set_table_columns(doctree)
    split_long_tables(doctree)


def _builder_inited(app) -> None:
    if app.builder.name == "latex":
        # Sphinx would head the contents page with the first toctree caption ("Bottom line").
        app.builder.get_contentsname = lambda indexfile: "Contents"


def setup(app):
    app.connect("builder-inited", _builder_inited)
    app.connect("doctree-resolved", _resolved)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
