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
"""

from __future__ import annotations

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


def _resolved(app, doctree, docname) -> None:
    if app.builder.format == "html" and docname in app.config.datatables_pages:
        unwrap_cells(doctree)


def _add_to_page(app, pagename, templatename, context, doctree) -> None:
    if pagename not in app.config.datatables_pages or app.builder.format != "html":
        return
    # the builder's own add_* affect this page only (Sphinx resets them after each page)
    app.builder.add_css_file(f"{STATIC_DIR}/dt_bundle.css", priority=600)
    app.builder.add_js_file(f"{STATIC_DIR}/dt_bundle.js", priority=600)
    app.builder.add_js_file(f"{STATIC_DIR}/{INIT_SCRIPT.name}", priority=601)


def setup(app):
    app.add_config_value("datatables_pages", [], "html")
    app.connect("doctree-resolved", _resolved)
    app.connect("html-page-context", _add_to_page)
    app.connect("builder-inited", _write_assets)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
