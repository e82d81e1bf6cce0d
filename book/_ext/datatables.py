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
fetch). The rows are stored compactly (:func:`compact_table`: arrays of cells, a column's repeated
cells and its shared markup stored once). A table whose script would still be over
``datatables_part_bytes`` (:data:`PART_BYTES`) comes in parts of consecutive rows, a script each
(:func:`table_parts`): the page's script then holds only each part's name, row count and ids, the
page loads one part at a time, buttons above the table turn to another, and a link to a row of
another part loads that part (issue 15: no page and the scripts it loads over ~2 MB at 5,000
articles). ``tables.js`` builds each DataTable from them, a page of rows at a time
(``deferRender``), and when the address names an id held by a row not drawn (``#claim-…``, another
page of the table, or filtered out) it clears the filter and turns to that row's page. A
``<noscript>`` note says where the rows are without scripts.
"""

from __future__ import annotations

import fnmatch
import json
import os
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
#: A table whose rows script would be larger than this (bytes) is cut into parts of consecutive rows,
#: one script each, and the page loads one part at a time (:func:`table_parts`).
PART_BYTES = 1_000_000
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


def _json_size(value) -> int:
    """Bytes *value* takes in the rows script (JSON, non-ASCII kept as UTF-8), with its comma."""
    return len(json.dumps(value, ensure_ascii=False).encode("utf-8")) + 1


def _affixes(values: list[str]) -> tuple[str, str]:
    """The longest prefix and suffix every one of *values* shares (not overlapping in the shortest).

    >>> _affixes(['<a href="#s1">x</a>', '<a href="#s22">y</a>'])
    ('<a href="#s', '</a>')
    """
    if not values:
        return "", ""
    prefix = os.path.commonprefix(values)
    rest = [v[len(prefix):] for v in values]
    suffix = os.path.commonprefix([v[::-1] for v in rest])[::-1]
    return prefix, suffix


def compact_table(table: dict) -> dict:
    """Return *table* (:func:`split_rows`) in the rows script's compact form, which ``tables.js`` undoes
    (:func:`decoded_rows` here): ``{"rows": [[cell, …], …], "columns": [spec or None, …]}``.

    Per column, whichever is smaller: each cell as it is, or each distinct cell stored once in the
    spec's ``"values"`` (in order of first use; the cells become indices) — outlet and date, what a
    figure measures, grade, and a sentence quoted by several claims. Then the prefix and suffix every
    stored value of the column shares (``<span id="claim-`` … ``</span>``, the source link's markup)
    go to the spec's ``"affix"``, once. The ids a row holds are not stored: ``tables.js`` reads them
    from the cells (``id="…"``). On the 5,000-article register this halves the script.

    >>> compact_table({"rows": [['<b id="c-1">1</b>', "x"], ['<b id="c-2">2</b>', "x"], ['<b id="c-3">3</b>', "x"]],
    ...                "ids": [["c-1"], ["c-2"], ["c-3"]]})
    {'rows': [['1">1', 0], ['2">2', 0], ['3">3', 0]], 'columns': [{'affix': ['<b id="c-', '</b>']}, {'values': ['x']}]}
    """
    rows = table["rows"]
    width = max((len(r) for r in rows), default=0)
    specs: list = []
    for c in range(width):
        cells = [r[c] for r in rows if c < len(r)]
        distinct = list(dict.fromkeys(cells))
        index = {v: i for i, v in enumerate(distinct)}
        shared = (sum(_json_size(v) for v in distinct) + sum(_json_size(index[v]) for v in cells)
                  < sum(_json_size(v) for v in cells))
        prefix, suffix = _affixes(distinct) if len(distinct) > 1 else ("", "")
        spec = {}
        if prefix or suffix:
            spec["affix"] = [prefix, suffix]
        if shared:
            spec["values"] = [v[len(prefix):len(v) - len(suffix)] for v in distinct]
        specs.append((spec or None, index if shared else None, len(prefix), len(suffix)))
    coded = []
    for r in rows:
        out = []
        for c, cell in enumerate(r):
            _, index, pre, suf = specs[c]
            out.append(index[cell] if index is not None else cell[pre:len(cell) - suf])
        coded.append(out)
    return {"rows": coded, "columns": [spec for spec, *_ in specs]}


def decoded_rows(table: dict) -> list[list[str]]:
    """The rows of a :func:`compact_table` table with every cell's HTML put back (what ``tables.js`` does).

    >>> table = {"rows": [["a", "<i>x</i>"], ["b", "<i>x</i>"], ["c", "<i>y</i>"]]}
    >>> decoded_rows(compact_table(table)) == table["rows"]
    True
    """
    specs = table.get("columns") or []

    def cell(c: int, value):
        spec = specs[c] if c < len(specs) else None
        if not spec:
            return value
        pre, suf = spec.get("affix", ("", ""))
        return pre + (spec["values"][value] if "values" in spec else value) + suf

    return [[cell(c, value) for c, value in enumerate(row)] for row in table["rows"]]


def _script_json(value) -> str:
    """*value* as JSON for a classic script: non-ASCII kept as it is (the Russian quotes: half the
    bytes of ``\\u`` escapes), ``<`` escaped so that no cell can ever close a script element."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def rows_script(pagename: str, tables: list[dict]) -> str:
    r"""The classic script that hands *tables* (:func:`compact_table`, or :func:`table_parts`' index of
    a table in parts) to ``tables.js`` for *pagename*.

    >>> rows_script("book/x", [{"rows": [["<b>Баку</b>"]], "columns": [None]}])
    'window.briefingRows=window.briefingRows||{};window.briefingRows["book/x"]=[{"rows":[["\\u003cb>Баку\\u003c/b>"]],"columns":[null]}];\n'
    """
    return (f"window.briefingRows=window.briefingRows||{{}};"
            f"window.briefingRows[{json.dumps(pagename)}]={_script_json(tables)};\n")


def part_script(key: str, table: dict) -> str:
    """The classic script of one part of a table in parts (:func:`table_parts`): it sets
    ``window.briefingRowParts[key]`` to the part's rows (:func:`compact_table`)."""
    return (f"window.briefingRowParts=window.briefingRowParts||{{}};"
            f"window.briefingRowParts[{json.dumps(key)}]={_script_json(table)};\n")


def rows_file(pagename: str) -> str:
    """The rows script of *pagename*, relative to ``_static``: ``datatables/rows/book-register_energy.js``."""
    return f"{STATIC_DIR}/{ROWS_DIR}/{pagename.replace('/', '-')}.js"


def part_file(pagename: str, table: int, part: int) -> str:
    """The script of part *part* (from 1) of table *table* (from 0) of *pagename*, relative to ``_static``.

    >>> part_file("book/register_other", 0, 2)
    'datatables/rows/book-register_other.0.2.js'
    """
    return rows_file(pagename)[:-len(".js")] + f".{table}.{part}.js"


def table_parts(table: dict, budget: int) -> list[dict]:
    """Split *table* (:func:`split_rows`) into parts whose rows (:func:`compact_table`) are at most
    *budget* bytes of script each (a single row may be more): the fewest parts of consecutive rows,
    their row counts differing by one at most (one part, the table itself, when it is small enough). The reader's page loads one part at a time (issue 15: no page over ~2 MB at 5,000
    articles), and turns to the part a link names.

    >>> rows = [[f'<span id="c-{i}">{i}</span>', "Баку"] for i in range(10)]
    >>> [len(p["rows"]) for p in table_parts({"rows": rows, "ids": [[f"c-{i}"] for i in range(10)]}, 150)]
    [3, 3, 4]
    >>> [p["ids"] for p in table_parts({"rows": rows[:2], "ids": [["c-0"], ["c-1"]]}, 200)]
    [[['c-0'], ['c-1']]]
    """
    def size(part: dict) -> int:
        return len(_script_json(compact_table(part)).encode("utf-8"))

    n, rows = max(1, -(-size(table) // budget)), len(table["rows"])
    if n == 1:
        return [table]
    while True:  # each part's own shared cells make it a little over its share: one part more until none is
        n = min(n, rows)
        cuts = [rows * k // n for k in range(n + 1)]
        parts = [{"rows": table["rows"][a:b], "ids": table["ids"][a:b]} for a, b in zip(cuts, cuts[1:])]
        if n == rows or max(size(p) for p in parts) <= budget:
            return parts
        n += 1


def parts_index(pagename: str, table: int, parts: list[dict]) -> dict:
    """What the page's rows script holds for a table in *parts*: each part's script (relative to
    ``_static/datatables``), row count and ids (the ids' common prefix once, then per part the rest
    joined by spaces), so that a link to a row of any part finds it.

    >>> parts_index("book/r", 0, [{"rows": [["a"]], "ids": [["claim-1"]]}, {"rows": [["b"], ["c"]], "ids": [["claim-2"], ["claim-31"]]}])
    {'parts': ['rows/book-r.0.1.js', 'rows/book-r.0.2.js'], 'counts': [1, 2], 'idPrefix': 'claim-', 'ids': ['1', '2 31']}
    """
    every = [i for part in parts for row in part["ids"] for i in row]
    prefix = os.path.commonprefix(every) if len(every) > 1 else ""
    return {"parts": [part_file(pagename, table, k)[len(STATIC_DIR) + 1:] for k in range(1, len(parts) + 1)],
            "counts": [len(part["rows"]) for part in parts],
            "idPrefix": prefix,
            "ids": [" ".join(i[len(prefix):] for row in part["ids"] for i in row) for part in parts]}


_SCRIPT_DATA = re.compile(r"window\.briefingRow(?:s|Parts)\[[^\]]*\]=(.*);\s*$", re.S)


def page_rows(static: Path, pagename: str) -> list[list[list[str]]]:
    """The rows of every table the build moved out of *pagename* (its rows script and its parts'
    under the build's *static* folder), each cell's HTML as Sphinx wrote it; ``[]`` for a page
    without a rows script. What a reader's browser shows, for the tests and benchmarks."""
    script = static / rows_file(pagename)
    if not script.is_file():
        return []
    out = []
    for table in json.loads(_SCRIPT_DATA.search(script.read_text(encoding="utf-8")).group(1)):
        if "parts" not in table:
            out.append(decoded_rows(table))
            continue
        rows = []
        for part in table["parts"]:
            text = (static / STATIC_DIR / part).read_text(encoding="utf-8")
            rows.extend(decoded_rows(json.loads(_SCRIPT_DATA.search(text).group(1))))
        out.append(rows)
    return out


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
            static = Path(app.outdir) / "_static"
            target = static / rows_file(pagename)
            target.parent.mkdir(parents=True, exist_ok=True)
            for old in target.parent.glob(target.stem + ".*.js"):  # parts of an earlier build
                old.unlink()
            data = []
            for k, table in enumerate(tables):
                parts = table_parts(table, app.config.datatables_part_bytes)
                if len(parts) == 1:
                    data.append(compact_table(table))
                    continue
                for n, part in enumerate(parts, start=1):
                    (static / part_file(pagename, k, n)).write_text(
                        part_script(f"{pagename}/{k}/{n}", compact_table(part)), encoding="utf-8")
                data.append(parts_index(pagename, k, parts))
            target.write_text(rows_script(pagename, data), encoding="utf-8")
            app.builder.add_js_file(rows_file(pagename), priority=600)
    app.builder.add_js_file(f"{STATIC_DIR}/{INIT_SCRIPT.name}", priority=601)


def setup(app):
    app.add_config_value("datatables_pages", [], "html")
    app.add_config_value("datatables_part_bytes", PART_BYTES, "html")
    app.connect("doctree-resolved", _resolved)
    app.connect("html-page-context", _add_to_page)
    app.connect("builder-inited", _write_assets)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
