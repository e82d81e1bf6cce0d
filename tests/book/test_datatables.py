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
