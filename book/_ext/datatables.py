"""Sphinx extension: sortable, filterable tables on the pages that ask for them, served from the book.

The claims register is long (hundreds of rows on a large corpus); in the HTML a reader sorts and
filters it. The tables stay ordinary Sphinx tables (so the PDF prints them as plain long tables and
every claim's anchor is an element of the page); on the pages listed in ``datatables_pages`` a
script turns each table of the article into a DataTable, without paging, so every row, and so every
anchor the chapters link to, stays in the page.

DataTables comes from the ``itables`` package (pinned in requirements.txt), whose wheel ships
DataTables and jQuery as one bundle, ``itables/html/dt_bundle.js`` and ``dt_bundle.css``, with
nothing fetched from anywhere. The bundle is an ES module, and a browser refuses module scripts on a
page opened from disk (``file://``), which is how the book is meant to be read offline; so it is
copied into the build as a classic script: its single closing ``export{…}`` statement becomes an
assignment to ``window.briefingDataTables`` inside a strict-mode function (the module's own scope
and strictness). Only the listed pages load it (≈ 0.7 MB, cached by the browser).

On those pages, a cell of one paragraph holds its text directly (``<td>text</td>``), which keeps a
register of thousands of rows a tenth smaller.

A register of a large corpus is several megabytes of rows: written into the page, the page itself
becomes that heavy and the browser lays out every row before the reader sees anything. So on those
pages the rows of each table leave the HTML (:func:`split_rows`): the page keeps each table's header
and an empty body, and the rows (each cell's HTML as Sphinx wrote it, with the ids it carries) go to
one classic script per page, ``_static/datatables/rows/<page>.js``, which sets
``window.briefingRows[<page>]`` (a classic script, not ``fetch``: the book opened from disk may not
fetch; a column's repeated cells stored once, :func:`shared_cells`). ``tables.js`` builds each
DataTable from them, a page of rows at a time (``deferRender``),
and when the address names an id held by a row not drawn (``#claim-…``, another page of the table,
or filtered out) it clears the filter and turns to that row's page. A ``<noscript>`` note says where
the rows are without scripts.
"""

from __future__ import annotations

import fnmatch
import json
import re
import shutil
from importlib.resources import files
from pathlib import Path

from docutils import nodes

#: Where the assets go, under the HTML build's ``_static``.
STATIC_DIR = "datatables"
#: The script that turns the page's tables into DataTables (beside this file).
INIT_SCRIPT = Path(__file__).with_name("datatables") / "tables.js"
#: The bundle's one export statement: ``export{Md as DateTime,…,vh as default,Tt as jQuery}``.
_EXPORT = re.compile(r"export\s*\{([^{}]*)\}\s*;?")
_EXPORT_ITEM = re.compile(r"^\s*([\w$]+)\s+as\s+([\w$]+)\s*$")
#: Under ``_static/datatables``: one script of table rows per page.
ROWS_DIR = "rows"
#: What Sphinx's HTML writer makes of a table (no table nests in another in this book).
_TABLE = re.compile(r"<table\b[^>]*>.*?</table>", re.S)
_TBODY = re.compile(r"(<tbody\b[^>]*>)(.*?)(</tbody>)", re.S)
_ROW = re.compile(r"<tr\b[^>]*>(.*?)</tr>", re.S)
_CELL = re.compile(r"<td\b[^>]*>(.*?)</td>", re.S)
_ID = re.compile(r'\bid="([^"]+)"')
#: Shown instead of the rows when the browser runs no script.
NOSCRIPT = ('<noscript><p class="briefing-noscript">The rows of this table are loaded by a script; '
            'without scripts, read them in the PDF or the CSV download.</p></noscript>')


def bundle_dir() -> Path:
    """The folder of itables' DataTables bundle (``dt_bundle.js`` and ``dt_bundle.css``)."""
    return Path(str(files("itables") / "html"))


def classic_script(module: str, name: str = "briefingDataTables") -> str:
    """Return the ES module *module* (one ``export{a as b, …}`` and no ``import``) as a classic
    script that sets ``window.<name>`` to its exports.

    >>> classic_script("var x=1;function f(){return x}export{f as default,x as X};/*! licence */")
    '(function(){"use strict";\\nvar x=1;function f(){return x};window.briefingDataTables={"default":f,"X":x};/*! licence */\\n})();\\n'
    """
    found = list(_EXPORT.finditer(module))
    if len(found) != 1 or re.search(r"\bimport\s*[\s{*\"'(]|\bimport\.meta\b", module):
        raise ValueError(f"expected one export statement and no import in the bundle, found {len(found)} exports")
    items = []
    for item in found[0].group(1).split(","):
        match = _EXPORT_ITEM.match(item)
        if not match:
            raise ValueError(f"unexpected export item {item!r}")
        items.append(f'"{match.group(2)}":{match.group(1)}')
    exports = f";window.{name}={{{','.join(items)}}};"
    start, end = found[0].span()
    return '(function(){"use strict";\n' + module[:start] + exports + module[end:] + "\n})();\n"


def _write_assets(app) -> None:
    # before any page is written: Sphinx stamps each asset's link with its checksum (``?v=…``) when
    # the file is already in the output, so a cold and an incremental build then give the same pages
    if app.builder.format != "html" or not app.config.datatables_pages:
        return
    out = Path(app.outdir) / "_static" / STATIC_DIR
    out.mkdir(parents=True, exist_ok=True)
    source = bundle_dir()
    script = classic_script((source / "dt_bundle.js").read_text(encoding="utf-8"))
    (out / "dt_bundle.js").write_text(script, encoding="utf-8")
    shutil.copyfile(source / "dt_bundle.css", out / "dt_bundle.css")
    shutil.copyfile(INIT_SCRIPT, out / INIT_SCRIPT.name)


def unwrap_cells(doctree) -> int:
    """Put the content of every table cell that holds one paragraph straight into the cell; return
    how many. The HTML then has ``<td>text</td>`` instead of ``<td><p>text</p></td>``: on a register
    of thousands of rows, nine cells a row, that is a tenth of the page (HTML only: the PDF keeps
    its paragraphs). A cell with a link keeps its paragraph: the HTML writer wants a link inside a
    text element."""
    count = 0
    for entry in list(doctree.findall(nodes.entry)):
        para = entry[0] if len(entry) == 1 else None
        if isinstance(para, nodes.paragraph) and not para["ids"] and not any(
                isinstance(child, nodes.reference) for child in para.children):
            entry[:] = entry[0].children
            count += 1
    return count


def split_rows(body: str) -> tuple[str, list[dict]]:
    """Take the body rows out of every table of the HTML *body*; return the body left and the rows.

    Each table that has a ``<tbody>`` keeps its header and gets an empty body, its ``<table>`` tag a
    ``data-briefing-rows`` attribute (its number among the tables moved, from 0) and a
    ``<noscript>`` note after it. The rows come back per table as ``{"rows": [[cell HTML, …], …],
    "ids": [[ids in the row], …]}``.

    >>> body, tables = split_rows('<p>x</p><table class="t"><thead><tr><th>Entry</th></tr></thead>'
    ...                           '<tbody><tr class="row-odd"><td><span id="claim-a">a</span></td></tr>'
    ...                           '<tr><td>b &amp; c</td></tr></tbody></table>')
    >>> body.split("<noscript>")[0]
    '<p>x</p><table data-briefing-rows="0" class="t"><thead><tr><th>Entry</th></tr></thead><tbody></tbody></table>'
    >>> tables
    [{'rows': [['<span id="claim-a">a</span>'], ['b &amp; c']], 'ids': [['claim-a'], []]}]
    """
    tables: list[dict] = []

    def move(match: re.Match) -> str:
        table = match.group(0)
        tbody = _TBODY.search(table)
        if tbody is None:
            return table
        rows = [_CELL.findall(row) for row in _ROW.findall(tbody.group(2))]
        tables.append({"rows": rows, "ids": [_ID.findall("".join(cells)) for cells in rows]})
        table = table[:tbody.start(2)] + table[tbody.end(2):]
        table = re.sub(r"^<table\b", f'<table data-briefing-rows="{len(tables) - 1}"', table, count=1)
        return table + NOSCRIPT

    return _TABLE.sub(move, body), tables


def shared_cells(table: dict) -> dict:
    """Return *table* (:func:`split_rows`) with each column whose cells repeat much (fewer distinct
    values than half its rows: outlet and date, what a figure measures, whose figure, kind, grade)
    stored once per distinct value: ``"columns"`` lists, per column, its distinct values in order of
    first use (None for a column kept as it is), and such a column's cells become indices into it.
    On a large register this makes the rows script about a third smaller; ``tables.js`` undoes it.

    >>> shared_cells({"rows": [["a", "x"], ["b", "x"], ["c", "x"]], "ids": [[], [], []]})
    {'rows': [['a', 0], ['b', 0], ['c', 0]], 'ids': [[], [], []], 'columns': [None, ['x']]}
    """
    rows = table["rows"]
    width = max((len(r) for r in rows), default=0)
    columns: list = []
    for c in range(width):
        cells = [r[c] for r in rows if c < len(r)]
        distinct = list(dict.fromkeys(cells))
        columns.append(distinct if len(distinct) * 2 < len(cells) else None)
    index = [{v: i for i, v in enumerate(values)} if values is not None else None for values in columns]
    coded = [[index[c][cell] if c < width and index[c] is not None else cell for c, cell in enumerate(r)] for r in rows]
    return {"rows": coded, "ids": table["ids"], "columns": columns}


def decoded_rows(table: dict) -> list[list[str]]:
    """The rows of a :func:`shared_cells` table with every cell's HTML put back (what ``tables.js`` does).

    >>> decoded_rows(shared_cells({"rows": [["a", "x"], ["b", "x"], ["c", "x"]], "ids": [[], [], []]}))
    [['a', 'x'], ['b', 'x'], ['c', 'x']]
    """
    columns = table.get("columns") or []
    return [[columns[c][cell] if c < len(columns) and columns[c] is not None else cell for c, cell in enumerate(row)]
            for row in table["rows"]]


def rows_script(pagename: str, tables: list[dict]) -> str:
    r"""The classic script that hands *tables* (:func:`split_rows`) to ``tables.js`` for *pagename*.

    The JSON keeps non-ASCII text as it is (the Russian quotes: half the bytes of ``\u`` escapes)
    and escapes ``<`` so that no cell can ever close a script element.

    >>> rows_script("book/x", [{"rows": [["<b>Баку</b>"]], "ids": [[]]}])
    'window.briefingRows=window.briefingRows||{};window.briefingRows["book/x"]=[{"rows":[["\\u003cb>Баку\\u003c/b>"]],"ids":[[]]}];\n'
    """
    data = json.dumps(tables, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    return (f"window.briefingRows=window.briefingRows||{{}};"
            f"window.briefingRows[{json.dumps(pagename)}]={data};\n")


def rows_file(pagename: str) -> str:
    """The rows script of *pagename*, relative to ``_static``: ``datatables/rows/book-register_energy.js``."""
    return f"{STATIC_DIR}/{ROWS_DIR}/{pagename.replace('/', '-')}.js"


def is_table_page(pagename: str, patterns) -> bool:
    """Whether *pagename* is one of the ``datatables_pages`` (names or ``fnmatch`` patterns).

    >>> is_table_page("book/register_energy", ["book/register_*"]), is_table_page("book/register", ["book/register_*"])
    (True, False)
    """
    return any(fnmatch.fnmatchcase(pagename, p) for p in patterns)


def _resolved(app, doctree, docname) -> None:
    if app.builder.format == "html" and is_table_page(docname, app.config.datatables_pages):
        unwrap_cells(doctree)


def _add_to_page(app, pagename, templatename, context, doctree) -> None:
    if app.builder.format != "html" or not is_table_page(pagename, app.config.datatables_pages):
        return
    # the builder's own add_* affect this page only (Sphinx resets them after each page)
    app.builder.add_css_file(f"{STATIC_DIR}/dt_bundle.css", priority=600)
    app.builder.add_js_file(f"{STATIC_DIR}/dt_bundle.js", priority=600)
    if context.get("body"):
        context["body"], tables = split_rows(context["body"])
        if tables:
            # written before the page is rendered, so its link carries the file's checksum (?v=…)
            target = Path(app.outdir) / "_static" / rows_file(pagename)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(rows_script(pagename, [shared_cells(t) for t in tables]), encoding="utf-8")
            app.builder.add_js_file(rows_file(pagename), priority=600)
    app.builder.add_js_file(f"{STATIC_DIR}/{INIT_SCRIPT.name}", priority=601)


def setup(app):
    app.add_config_value("datatables_pages", [], "html")
    app.connect("doctree-resolved", _resolved)
    app.connect("html-page-context", _add_to_page)
    app.connect("builder-inited", _write_assets)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
