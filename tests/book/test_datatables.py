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


def _register_rows(n: int) -> dict:
    """*n* register-like rows (split_rows' shape): an anchored entry, a shared source link, a quote
    that two rows in three repeat, a grade."""
    rows = [[f'<span id="claim-{i:05d}-c001">{i:05d}-c001</span>',
             f'<p><a class="reference internal" href="sources.html#source-{i // 3:05d}">Day.Az, 2025</a></p>',
             f"Товарооборот между странами в {2000 + i // 3} году составил {i // 3} млн долларов.",
             "B2" if i % 2 else "A1"] for i in range(n)]
    return {"rows": rows, "ids": [[f"claim-{i:05d}-c001"] for i in range(n)]}


def test_repeated_cells_and_markup_are_stored_once_and_come_back_unchanged():
    rows = [[f"<span id=\"claim-{i}\">{i}</span>", "Trend, 2025", "Bilateral trade turnover" if i % 3 else "Oil"]
            for i in range(30)]
    table = {"rows": rows, "ids": [[f"claim-{i}"] for i in range(30)]}
    compact = datatables.compact_table(table)
    assert compact["columns"][0] == {"affix": ['<span id="claim-', "</span>"]} and compact["rows"][3][0] == '3">3'
    assert compact["columns"][1] == {"values": ["Trend, 2025"]}
    assert compact["columns"][2] == {"values": ["Oil", "Bilateral trade turnover"]} and compact["rows"][1][1:] == [0, 1]
    assert "ids" not in compact  # tables.js reads them from the cells
    assert datatables.decoded_rows(compact) == rows
    assert len(datatables.rows_script("p", [compact])) < len(datatables.rows_script("p", [table])) / 2


def test_a_sentence_quoted_by_several_claims_is_stored_once():
    table = _register_rows(300)
    compact = datatables.compact_table(table)
    assert len(compact["columns"][2]["values"]) == 100 and compact["rows"][4][2] == 1
    assert datatables.decoded_rows(compact) == table["rows"]


def test_a_large_table_comes_in_parts_each_under_the_budget():
    table = _register_rows(3000)
    whole = len(datatables._script_json(datatables.compact_table(table)).encode("utf-8"))
    budget = whole // 3 + 1
    parts = datatables.table_parts(table, budget)
    assert len(parts) == 3 and sum(len(p["rows"]) for p in parts) == 3000
    assert [r for p in parts for r in p["rows"]] == table["rows"]  # consecutive, in order
    assert all(len(datatables.part_script("k", datatables.compact_table(p)).encode("utf-8")) < budget * 1.1 for p in parts)
    assert datatables.table_parts(table, whole + 1) == [table]
    index = datatables.parts_index("book/register_other", 0, parts)
    assert index["parts"][1] == "rows/book-register_other.0.2.js" and index["counts"] == [len(p["rows"]) for p in parts]
    assert index["idPrefix"] == "claim-0" and index["ids"][0].split()[0] == "0000-c001"


def test_the_page_scripts_of_a_table_in_parts_give_back_every_row(tmp_path):
    """What _add_to_page writes for a page whose second table comes in parts, read back by page_rows."""
    small, large = _register_rows(5), _register_rows(900)
    parts = datatables.table_parts(large, 20_000)
    assert len(parts) > 1
    static = tmp_path / "_static"
    (static / "datatables" / "rows").mkdir(parents=True)
    for n, part in enumerate(parts, start=1):
        (static / datatables.part_file("book/p", 1, n)).write_text(
            datatables.part_script(f"book/p/1/{n}", datatables.compact_table(part)), encoding="utf-8")
    index = datatables.parts_index("book/p", 1, parts)
    (static / datatables.rows_file("book/p")).write_text(
        datatables.rows_script("book/p", [datatables.compact_table(small), index]), encoding="utf-8")
    assert datatables.page_rows(static, "book/p") == [small["rows"], large["rows"]]
    assert datatables.page_rows(static, "book/other") == []
    for part in index["parts"]:
        assert (static / "datatables" / part).is_file()
