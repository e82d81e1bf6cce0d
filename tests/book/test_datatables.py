"""book/_ext/datatables.py: the register's sortable, filterable tables, served from the book."""

from __future__ import annotations

import pytest
from conftest import load_book_extension
from docutils import nodes

datatables = load_book_extension("datatables")


def test_the_pinned_bundle_becomes_a_classic_script():
    module = (datatables.bundle_dir() / "dt_bundle.js").read_text(encoding="utf-8")
    script = datatables.classic_script(module)
    assert script.startswith('(function(){"use strict";') and script.rstrip().endswith("})();")
    assert "export{" not in script and '"default":' in script and '"jQuery":' in script
    assert (datatables.bundle_dir() / "dt_bundle.css").is_file()
    assert datatables.INIT_SCRIPT.is_file()


def test_a_module_with_imports_is_refused():
    with pytest.raises(ValueError, match="one export"):
        datatables.classic_script('import x from "y";export{x as default};')
    with pytest.raises(ValueError, match="one export"):
        datatables.classic_script("var a=1;")


def _cell(*children):
    return nodes.entry("", nodes.paragraph("", "", *children))


def test_cells_lose_their_paragraph_unless_they_hold_a_link():
    text = _cell(nodes.Text("up to 7 Mt/yr"))
    anchored = _cell(nodes.inline("", "002-c002", ids=["claim-x"]))
    linked = _cell(nodes.reference("", "Day.Az", refuri="sources.html#source-x"))
    two = nodes.entry("", nodes.paragraph("", "a"), nodes.paragraph("", "b"))
    row = nodes.row("", text, anchored, linked, two)
    assert datatables.unwrap_cells(row) == 2
    assert isinstance(text[0], nodes.Text) and text.astext() == "up to 7 Mt/yr"
    assert isinstance(anchored[0], nodes.inline) and anchored[0]["ids"] == ["claim-x"]
    assert isinstance(linked[0], nodes.paragraph) and len(two) == 2


def test_rows_leave_the_page_for_a_script_and_keep_their_ids():
    body = ('<table class="table"><thead><tr><th>Entry</th><th>Quote</th></tr></thead><tbody>'
            '<tr class="row-even"><td><span id="claim-1">001-c001</span></td><td>«Баку» &amp; 7 %</td></tr>'
            '<tr class="row-odd"><td><span id="claim-2">001-c002</span></td><td><p><a href="#s">x</a></p></td></tr>'
            '</tbody></table><p>between</p><table><tr><td>no body</td></tr></table>'
            '<table><thead><tr><th>a</th></tr></thead><tbody></tbody></table>')
    left, tables = datatables.split_rows(body)
    assert "claim-" not in left and "Баку" not in left and "<p>between</p>" in left
    assert left.count("data-briefing-rows") == 2 and "<td>no body</td>" in left
    assert tables[0]["ids"] == [["claim-1"], ["claim-2"]]
    assert tables[0]["rows"][1] == ['<span id="claim-2">001-c002</span>', '<p><a href="#s">x</a></p>']
    assert tables[1] == {"rows": [], "ids": []}
    script = datatables.rows_script("book/register_energy", tables)
    assert "</" not in script and "Баку" in script
    assert datatables.rows_file("book/register_energy") == "datatables/rows/book-register_energy.js"


def test_table_pages_are_named_or_matched():
    pages = ["book/register_*", "book/sources"]
    assert datatables.is_table_page("book/register_other", pages)
    assert datatables.is_table_page("book/sources", pages)
    assert not datatables.is_table_page("book/register", pages)


def test_repeated_cells_are_stored_once_and_come_back_unchanged():
    rows = [[f"<span id=\"claim-{i}\">{i}</span>", "Trend, 2025", "Bilateral trade turnover" if i % 3 else "Oil"]
            for i in range(30)]
    table = {"rows": rows, "ids": [[f"claim-{i}"] for i in range(30)]}
    shared = datatables.shared_cells(table)
    assert shared["columns"][0] is None and shared["columns"][1] == ["Trend, 2025"]
    assert shared["columns"][2] == ["Oil", "Bilateral trade turnover"] and shared["rows"][1][1:] == [0, 1]
    assert datatables.decoded_rows(shared) == rows and shared["ids"] == table["ids"]
    assert len(datatables.rows_script("p", [shared])) < len(datatables.rows_script("p", [table]))
