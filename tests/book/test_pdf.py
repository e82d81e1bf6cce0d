"""The PDF a reader can print: no clipped text, no blank pages, the parts in the contents, vector
figures, and figures that describe themselves to a screen reader in the HTML.

Three kinds of test:

* unit tests of the pieces (``book/_ext/printbook.py``'s column widths, the figure outputs of
  ``analysis.book.figures`` / ``pages``, the LaTeX-log reader below);
* checks of a built PDF: ``$BRIEFING_PDF_DIR`` or the repository's ``_build/latex`` (``make pdf``),
  skipped when there is no ``book.log`` / ``book.pdf`` there;
* the same checks on the hostile corpus's PDF and the seeds' HTML, built by the session fixtures of
  ``tests/conftest.py`` (marked ``slow``).
"""

from __future__ import annotations

import base64
import os
import re
import subprocess
from pathlib import Path

import matplotlib.pyplot as plt
import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import load_book_extension

from analysis.book import figures, pages
from analysis.paths import REPO_ROOT

#: Overfull boxes up to this wide are invisible in print (a hair past the margin); wider ones clip text.
OVERFULL_TOLERANCE_PT = 3.0
_OVERFULL = re.compile(r"^Overfull \\hbox \((\d+(?:\.\d+)?)pt too wide\) (.*)$", re.M)


printbook = load_book_extension("printbook")


def overfull_boxes(log: str, tolerance: float = OVERFULL_TOLERANCE_PT) -> list[str]:
    """The Overfull \\hbox lines of a LaTeX *log* wider than *tolerance* points, each with the text
    TeX printed after it (the words that overran)."""
    out = []
    for m in _OVERFULL.finditer(log):
        if float(m.group(1)) > tolerance:
            after = log[m.end():m.end() + 160].strip().splitlines()
            out.append(f"{m.group(0)} :: {after[0] if after else ''}")
    return out


def pdf_dir() -> Path:
    return Path(os.environ.get("BRIEFING_PDF_DIR") or REPO_ROOT / "_build" / "latex")


def page_texts(pdf: Path) -> list[str]:
    """The text of each page of *pdf* (pdftotext; pages are separated by form feeds)."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    return out.stdout.split("\f")[:-1]


def toc_captions() -> list[str]:
    """The part captions of ``_toc.yml``."""
    toc = yaml.safe_load((REPO_ROOT / "_toc.yml").read_text(encoding="utf-8"))
    return [part["caption"] for part in toc.get("parts", []) if part.get("caption")]


def blank_pages(texts: list[str], title: str) -> list[int]:
    """Pages (1-based) with nothing on them but the running header and footer."""
    blank = []
    for i, text in enumerate(texts, start=1):
        body = text.replace(title, "")
        body = re.sub(r"^\s*([ivxlc]+|\d+)\s*$", "", body, flags=re.M)  # a page number alone on a line
        if len(re.sub(r"\s+", "", body)) < 40:
            blank.append(i)
    return blank


# --- the LaTeX-log reader ----------------------------------------------------------------------------


def test_overfull_reader_keeps_only_wide_boxes():
    log = ("Overfull \\hbox (16.04967pt too wide) in paragraph at lines 1--2\n"
           "[]\\TU/DejaVuSerif(0)/m/n/8 1news.az|\n\n"
           "Overfull \\hbox (0.66309pt too wide) in paragraph at lines 23--23\n"
           "Overfull \\vbox (20.0pt too high) has occurred while \\output is active\n")
    found = overfull_boxes(log)
    assert len(found) == 1 and "16.04967pt" in found[0] and "1news.az" in found[0]


def test_blank_page_reader():
    texts = ["Title page text that is long enough to count as a page of its own", "\n  ii\n", "Book\n\n 3\n"]
    assert blank_pages(texts, "Book") == [2, 3]


# --- table columns (book/_ext/printbook.py) --------------------------------------------------------------


def test_every_column_holds_its_longest_word():
    rows = [["Figure", "Whose", "Measures", "Said by", "Outlet", "Published", "Register"],
            ["≤ 7 Mt/yr", "Kazakhstan–Azerbaijan", "Kazakh oil shipped via Azerbaijan (BTC route)",
             "Rovshan Ibrahimov", "Vestnik Kavkaza", "2025-10-20", "002-c002"],
            ["1.5 Mt/yr", "Kazakhstan", "Bilateral trade turnover growth over five years", "Aigerim Zhampetova",
             "1news.az", "2025-09-12", "003-c006"]]
    widths, compact = printbook.table_layout(rows, 1)
    assert sum(widths) <= 1.0 + 1e-9
    size, sep = printbook.COMPACT if compact else printbook.NORMAL
    for j, width in enumerate(widths):
        room = width * printbook.LINE_WIDTH - 2 * sep - 0.4
        for i, row in enumerate(rows):
            family = "DejaVu Sans" if i == 0 else "DejaVu Serif"
            for word in printbook.words(row[j]):
                assert printbook.text_width(word, family, size) <= room + 1e-6, (word, j)


def test_words_break_between_names_not_inside_dates_or_ids():
    assert printbook.words("Kazakhstan–Azerbaijan Trans-Caspian") == ["Kazakhstan–", "Azerbaijan", "Trans-", "Caspian"]
    assert printbook.words("2025-10-20 002-c002") == ["2025-10-20", "002-c002"]


def test_a_table_too_wide_for_footnotesize_is_set_compact():
    header = [f"Heading{j}" for j in range(10)]
    body = ["Kazakhstan–Azerbaijan Interconnector"[: 10 + j] for j in range(10)]
    widths, compact = printbook.table_layout([header, body], 1)
    assert compact and sum(widths) <= 1.0 + 1e-9


def test_anchored_spans_get_a_target_the_latex_writer_labels():
    from docutils import nodes
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser
    from docutils.utils import new_document

    doc = new_document("register", get_default_settings(Parser))
    para = nodes.paragraph()
    para += nodes.inline("", "002-c002", ids=["claim-002-x-c002"])
    para += nodes.inline("", "no anchor")
    doc += para
    assert printbook.anchor_spans(doc) == 1
    target, span, plain = para.children
    assert isinstance(target, nodes.target) and target["ids"] == ["claim-002-x-c002"]
    assert span["ids"] == [] and span.astext() == "002-c002" and plain["ids"] == []


def test_a_long_table_is_cut_into_pieces_with_its_header_and_columns():
    from docutils import nodes
    from sphinx import addnodes

    def row(*texts):
        return nodes.row("", *(nodes.entry("", nodes.paragraph("", t)) for t in texts))

    tgroup = nodes.tgroup("", nodes.colspec(colwidth=1), nodes.colspec(colwidth=1), cols=2)
    tgroup += nodes.thead("", row("Entry", "Figure"))
    tgroup += nodes.tbody("", *(row(f"e{i}", f"{i} Mt") for i in range(5)))
    section = nodes.section("", addnodes.tabular_col_spec(spec="ll"), nodes.table("", tgroup, ids=["t"]),
                            nodes.paragraph("", "after"))
    assert printbook.split_long_tables(section, max_rows=2) == 2
    tables = list(section.findall(nodes.table))
    assert [len(t.next_node(nodes.tbody)) for t in tables] == [2, 2, 1]
    assert all(t.next_node(nodes.thead).astext() == "Entry\n\nFigure" for t in tables)
    assert [t.next_node(nodes.tbody)[0][0].astext() for t in tables] == ["e0", "e2", "e4"]
    assert [type(n).__name__ for n in section.children] == [
        "tabular_col_spec", "table", "tabular_col_spec", "table", "tabular_col_spec", "table", "paragraph"]
    assert tables[0]["ids"] == ["t"] and tables[1]["ids"] == []


def test_colspec_is_ragged_right():
    spec = printbook.colspec([0.25, 0.75])
    assert spec.count(r"\raggedright") == 2 and r"\Y{0.2500}" in spec


# --- figure outputs (analysis.book.figures / pages) -------------------------------------------------------


def _line_chart():
    figures.use_style()
    fig, ax = plt.subplots()
    ax.plot([2023, 2024, 2025], [300, 533, 547], label="AZERTAC")
    ax.set_title("Bilateral trade turnover")
    ax.set_xlabel("year")
    ax.set_ylabel("$ M")
    ax.legend()
    return fig


def test_figure_files_are_vector_for_print_and_sharp_for_screens():
    fig = _line_chart()
    files = figures.figure_files(fig)
    again = figures.figure_files(fig)
    plt.close(fig)
    assert files == again, "figure bytes must not depend on the day or the run"
    assert files["pdf"].startswith(b"%PDF") and b"/Subtype /Image" not in files["pdf"], "the print figure is not vector"
    assert b"CreationDate" not in files["pdf"]
    width_px = int.from_bytes(files["png"][16:20], "big")
    assert width_px >= 1.9 * figures.STYLE["figure.dpi"] * 6.0  # about 2 px per displayed px


def test_glued_figure_carries_png_pdf_and_a_description():
    fig = _line_chart()
    data, metadata = pages.FigureOutput(fig)._repr_mimebundle_()
    plt.close(fig)
    assert set(data) == {"image/png", "application/pdf", "text/plain"}
    assert base64.b64decode(data["application/pdf"]).startswith(b"%PDF")
    alt = data["text/plain"]
    assert not alt.startswith("<Figure") and "Bilateral trade turnover" in alt and "$ M" in alt and "AZERTAC" in alt
    shown = int(metadata["image/png"]["width"].removesuffix("px"))
    assert shown == int.from_bytes(base64.b64decode(data["image/png"])[16:20], "big") // 2


def test_an_empty_figure_is_described_by_its_message():
    fig = figures.empty_figure("No loaded documents: nothing to map.")
    assert "nothing to map" in figures.describe(fig)
    plt.close(fig)


# --- a built PDF -----------------------------------------------------------------------------------------


def check_pdf_build(latex: Path) -> None:
    """Everything a printed book must satisfy, for the LaTeX build in *latex*."""
    log = (latex / "book.log").read_text(encoding="utf-8", errors="replace")
    wide = overfull_boxes(log)
    assert not wide, f"{len(wide)} overfull boxes wider than {OVERFULL_TOLERANCE_PT} pt (clipped text):\n" + "\n".join(wide[:20])
    tex = (latex / "book.tex").read_text(encoding="utf-8")
    title = re.search(r"\\title\{(.*)\}", tex).group(1)
    texts = page_texts(latex / "book.pdf")
    assert not blank_pages(texts[1:], title), "blank pages in the PDF"  # the page after the cover may be empty
    assert "CONTENTS" in texts[1], "the contents page is not headed Contents"
    contents = " ".join(" ".join(t.split()) for t in texts[1:4])
    for caption in toc_captions():
        assert r"\addcontentsline{toc}{part}{" + caption + "}" in tex and caption in contents, f"part {caption!r} not in the contents"
    assert r"\appendix" in tex and re.search(r"\bA Claims register\b", contents), "the appendices are not lettered"
    images = [p for p in latex.iterdir() if p.suffix.lower() in {".png", ".jpg", ".jpeg"}]
    assert not images, f"raster figures in the PDF (print wants vector): {[p.name for p in images]}"


def test_built_pdf():
    latex = pdf_dir()
    if not (latex / "book.log").exists() or not (latex / "book.pdf").exists():
        pytest.skip(f"no PDF build in {latex} (make pdf, or set BRIEFING_PDF_DIR)")
    layout = [REPO_ROOT / "_config.yml", REPO_ROOT / "_toc.yml", REPO_ROOT / "book" / "_ext" / "printbook.py"]
    if (latex / "book.log").stat().st_mtime < max(p.stat().st_mtime for p in layout):
        pytest.skip(f"the PDF in {latex} predates the book's layout settings: make pdf")
    check_pdf_build(latex)


@pytest.mark.slow
def test_hostile_pdf_prints_cleanly(hostile_pdf):
    assert hostile_pdf.returncode == 0, hostile_pdf.log[-3000:]
    log = (hostile_pdf.pdf.parent / "book.log").read_text(encoding="utf-8", errors="replace")
    wide = overfull_boxes(log)
    assert not wide, "\n".join(wide[:20])


@pytest.mark.slow
def test_html_figures_have_descriptive_alt_text(seeds_build):
    assert seeds_build.returncode == 0, seeds_build.log[-3000:]
    images = []
    for page in sorted(seeds_build.html.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        images += [(page.name, img) for img in soup.select("figure img")]
    assert images, "no figures in the HTML"
    for name, img in images:
        alt = img.get("alt", "")
        assert alt and "_images" not in alt and not alt.endswith(".png"), f"{name}: alt text {alt!r}"
