"""book/_ext/downloads.py: the tables as CSV files, written with the HTML book and linked from its pages."""

from __future__ import annotations

import contextlib
import io

from conftest import load_book_extension
from docutils import nodes

from analysis import cli
from analysis.paths import REPO_ROOT

downloads = load_book_extension("downloads")


def test_the_files_are_what_the_command_line_writes(corpus, tmp_path):
    written = downloads.write_downloads(tmp_path, ["claims", "timeline", "watchlist"], corpus)
    assert [p.relative_to(tmp_path).as_posix() for p in written] == [
        "downloads/claims.csv", "downloads/timeline.csv", "downloads/watchlist.csv"]
    for path in written:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            assert cli.main([path.stem, str(REPO_ROOT / "seeds"), "--format", "csv"]) == 0
        assert path.read_text(encoding="utf-8") == out.getvalue()
    assert len(written[0].read_text(encoding="utf-8").splitlines()) == len(corpus.claims) + 1


def test_a_page_gets_one_link_per_table_relative_to_its_folder():
    para = downloads.downloads_paragraph("book/overview", ["timeline", "watchlist"])
    refs = list(para.findall(nodes.reference))
    assert [r["refuri"] for r in refs] == ["../downloads/timeline.csv", "../downloads/watchlist.csv"]
    assert [r.astext() for r in refs] == ["timeline.csv", "watchlist.csv"]
    assert para.astext() == ("Download as CSV: timeline.csv (the dated contacts and agreements) · "
                             "watchlist.csv (the dated targets and commitments to watch).")
    assert set(downloads.DESCRIPTIONS) <= set(cli.TABLES)
