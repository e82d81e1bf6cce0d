"""Sphinx extension: the book's tables as CSV files, written with the HTML book and linked from its pages.

Issue 14 asks for the claims register, the timeline and the watchlist as downloads a reader can open
in a spreadsheet, built with the book and offline. They are the very tables of
``python -m analysis claims|timeline|watchlist --format csv`` (:func:`analysis.cli.table` and
:func:`analysis.cli.write`, the same columns and the same bytes), computed from the corpus the book
was built on (``$BRIEFING_CORPUS`` or ``seeds/``) when the build has finished — the notebooks have
filled the processing cache by then — and written to ``downloads/<table>.csv`` at the root of the
HTML output. The pages named in ``briefing_downloads`` (page → tables) get a line of links to them
under their title, in the HTML only (a printed book has nothing to download).
"""

from __future__ import annotations

import io
from pathlib import Path

from docutils import nodes

#: Under the HTML output's root.
DOWNLOADS_DIR = "downloads"
#: What each download holds, for the reader (the command line's own descriptions speak to a user of it).
DESCRIPTIONS = {
    "claims": "the claims register, with the rules that read each figure",
    "consistency": "the consistency findings",
    "timeline": "the dated contacts and agreements",
    "watchlist": "the dated targets and commitments to watch",
}


def csv_text(table: str, corpus) -> str:
    """The CSV of *table* for *corpus*, exactly as ``python -m analysis <table> --format csv`` writes it."""
    from analysis import cli

    out = io.StringIO()
    cli.write(cli.table(table, corpus), "csv", out)
    return out.getvalue()


def download_uri(docname: str, table: str) -> str:
    """The link from page *docname* to the CSV of *table*.

    >>> download_uri("book/register", "claims"), download_uri("index", "timeline")
    ('../downloads/claims.csv', 'downloads/timeline.csv')
    """
    return "../" * docname.count("/") + f"{DOWNLOADS_DIR}/{table}.csv"


def downloads_paragraph(docname: str, tables) -> nodes.paragraph:
    """'Download as CSV: claims.csv (the claims register, …) · …' with a link to each file."""
    para = nodes.paragraph(classes=["briefing-downloads"])
    para += nodes.strong(text="Download as CSV: ")
    for i, table in enumerate(tables):
        if i:
            para += nodes.Text(" · ")
        para += nodes.reference("", f"{table}.csv", refuri=download_uri(docname, table), internal=False)
        para += nodes.Text(f" ({DESCRIPTIONS[table]})")
    para += nodes.Text(".")
    return para


def _add_links(app, doctree, docname) -> None:
    tables = app.config.briefing_downloads.get(docname)
    if app.builder.format != "html" or not tables:
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        return
    title = next((i for i, child in enumerate(section.children) if isinstance(child, nodes.title)), -1)
    section.insert(title + 1, downloads_paragraph(docname, tables))


def write_downloads(outdir: Path, tables, corpus) -> list[Path]:
    """Write ``downloads/<table>.csv`` under *outdir* for each of *tables*; return the paths."""
    folder = Path(outdir) / DOWNLOADS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in tables:
        path = folder / f"{table}.csv"
        path.write_text(csv_text(table, corpus), encoding="utf-8")
        written.append(path)
    return written


def _write(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    tables = sorted({t for ts in app.config.briefing_downloads.values() for t in ts})
    if tables:
        from analysis.pipeline import load

        write_downloads(Path(app.outdir), tables, load())


def setup(app):
    app.add_config_value("briefing_downloads", {}, "html")
    app.connect("doctree-resolved", _add_links)
    app.connect("build-finished", _write)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
