"""The book's notebooks: stored executed, thin, and free of hand-typed numbers."""

from __future__ import annotations

import re

import nbformat
import pytest

from analysis.book.notebooks import notebooks, unexecuted_code_cells
from analysis.paths import REPO_ROOT

BOOK = REPO_ROOT / "book"
NOTEBOOKS = notebooks(BOOK)

# Markdown that may legitimately hold digits: MyST roles ({glue:text}`key:.1f`, {numref}`fig-x`),
# inline code, link targets and (label)= anchors. Anything else with a digit is a number typed by
# hand, which is exactly what the book promises never to show.
_ALLOWED = re.compile(
    r"\{[\w:-]+\}`[^`]*`"      # any role with its content
    r"|`[^`]*`"                # inline code
    r"|\]\([^)]*\)"            # link targets
    r"|^\([^)]*\)=\s*$"        # target labels
    r"|^(?::::?|```+)\{[^}]*\}.*$"  # directive lines
    r"|^:[\w-]+:.*$"           # directive options
    r"|^\s*\d+\.\s",              # ordered-list markers
    re.M,
)
_DIGIT = re.compile(r"\d")


def typed_numbers(markdown: str) -> list[str]:
    """Return the snippets of *markdown* that contain a digit outside a role, code or target."""
    stripped = _ALLOWED.sub(" ", markdown)
    return [stripped[max(0, m.start() - 25): m.end() + 15] for m in _DIGIT.finditer(stripped)]


def test_typed_numbers_detector():
    assert typed_numbers("Turnover rose to {glue:text}`turnover_2024:,.0f` USD.") == []
    assert typed_numbers("see {numref}`fig-energy-1` and `f(2)`") == []
    assert typed_numbers("(kj-1)=\n# Title") == []
    assert typed_numbers("1. **First judgment.**\n2. Second") == []
    assert typed_numbers("Trade reached $533 M in 2024.")  # typed: caught
    assert typed_numbers("around 85% of imports")


def test_book_has_notebooks():
    assert NOTEBOOKS, "no notebooks found under book/"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_code_cell_is_stored_executed(path):
    nb = nbformat.read(path, as_version=4)
    missing = unexecuted_code_cells(nb)
    assert not missing, f"{path.name}: code cells {missing} are stored unexecuted; run `make refresh`"
    counts = [c.execution_count for c in nb.cells if c.cell_type == "code" and c.source.strip()]
    assert counts == list(range(1, len(counts) + 1)), f"{path.name}: not executed top to bottom in one run"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_hand_typed_numbers_in_prose(path):
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            found = typed_numbers(cell.source)
            assert not found, f"{path.name} cell {i}: hand-typed number(s) {found}: glue them"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_errors_stored(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            assert out.output_type != "error", f"{path.name}: stored error output"
            if out.output_type == "stream":
                assert out.name != "stderr" or not out.text.strip(), f"{path.name}: stderr output {out.text[:200]!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_are_thin(path):
    """A long code cell is a function missing from analysis/ (house style)."""
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            lines = [l for l in cell.source.splitlines() if l.strip() and not l.strip().startswith("#")]
            assert len(lines) <= 12, f"{path.name} cell {i} has {len(lines)} lines: move the logic to analysis/"
            assert not re.search(r"^\s*(def|class)\s", cell.source, re.M), f"{path.name} cell {i} defines a function"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_glued_figures_carry_an_image(path):
    """A figure glued without its PNG shows as '<Figure size …>' text in the book."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            text = data.get("application/papermill.record/text/plain", "")
            if text.startswith("<Figure"):
                assert "application/papermill.record/image/png" in data, f"{path.name}: glued figure without PNG"
