"""Quality gates on the whole book: hostile input, offline HTML, reproducible output.

* **Hostile corpus** (``conftest.make_hostile_corpus``): legacy encodings, BOM + CRLF, empty,
  whitespace-only and binary files, exact and near duplicates, an impossible and a missing date, a
  ~3 MB article, a non-.txt file, a file name that is markup, and an article full of HTML, MyST and
  LaTeX syntax. The book must build from it warning-free (HTML and PDF), account for every file,
  and show the markup literally: escaped in HTML, verbatim in the PDF.
* **Offline**: no page of the built HTML loads anything from the network.
* **Reproducible**: notebooks re-executed give the stored bytes; two cold builds give the same
  pages apart from what Sphinx itself stamps (named in :data:`SPHINX_STAMPS`); figures are
  byte-identical.

The book builds are session fixtures (``conftest.py``) in temporary folders; they are marked
``slow`` but run by default (``-m "not slow"`` skips them).
"""

from __future__ import annotations

import difflib
import filecmp
import os
import re
import subprocess
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup
from conftest import HOSTILE_LITERALS, HOSTILE_NAME, load_book_extension

from analysis import pipeline
from analysis.book.notebooks import execute, notebooks
from analysis.paths import REPO_ROOT

BOOK = REPO_ROOT / "book"
NOTEBOOKS = notebooks(BOOK)

# --- the hostile corpus, without a build ---------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_loaded(hostile_corpus, tmp_path_factory):
    import os

    root, expected = hostile_corpus
    old = os.environ.get("BRIEFING_CACHE")
    os.environ["BRIEFING_CACHE"] = str(tmp_path_factory.mktemp("hostile_cache"))
    try:
        corpus = pipeline.load(root)
        _ = corpus.claims  # computed here, so a crash shows up as this fixture's error
    finally:
        if old is None:
            os.environ.pop("BRIEFING_CACHE")
        else:
            os.environ["BRIEFING_CACHE"] = old
    return corpus, expected


def test_hostile_manifest_accounts_for_every_file(hostile_loaded):
    corpus, expected = hostile_loaded
    m = corpus.manifest.set_index("file")
    assert sorted(m.index) == sorted(expected)
    for name, (status, reason) in expected.items():
        assert m.loc[name, "status"] == status, f"{name}: {m.loc[name, 'status']} ({m.loc[name, 'reason']})"
        assert reason in m.loc[name, "reason"], f"{name}: reason {m.loc[name, 'reason']!r}, expected {reason!r}"
        if status == "loaded":
            assert m.loc[name, "sentences"] > 0
    assert m.loc["010_cp1251.txt", "encoding"] == "cp1251"
    assert m.loc["011_koi8r.txt", "encoding"] == "koi8-r"
    assert m.loc["012_bom_crlf.txt", "encoding"] == "utf-8-sig"
    assert (m.loc["018_bad_date.txt", "date_status"], m.loc["018_bad_date.txt", "published"]) == ("invalid", None)
    assert m.loc["019_no_date.txt", "date_status"] == "missing"
    docs = corpus.documents.set_index("file")
    assert "\r" not in docs.loc["012_bom_crlf.txt", "text"] and "\ufeff" not in docs.loc["012_bom_crlf.txt", "text"]
    assert "товарооборот" in docs.loc["012_bom_crlf.txt", "text"].lower()
    assert "Каспийского" in docs.loc["011_koi8r.txt", "text"]
    assert len(docs.loc["020_huge.txt", "text"]) > 1_000_000
    # every skipped file and the impossible date produce one problem line naming the file
    for name, (status, _) in expected.items():
        if status == "skipped":
            assert any(p.startswith(name) for p in corpus.problems), name
    assert any(p.startswith("018_bad_date.txt") and "2025-13-45" in p for p in corpus.problems)


def test_hostile_markup_reaches_the_tables(hostile_loaded):
    """The escaping article's sentences carry track words and numbers: they must be in the tables."""
    corpus, _ = hostile_loaded
    texts = " ".join(corpus.sentences.loc[corpus.sentences["doc_id"] == "022_escaping", "text"])
    quotes = " ".join(corpus.claims.loc[corpus.claims["doc_id"] == "022_escaping", "quote"])
    for literal in HOSTILE_LITERALS + ["**bold**", "[link](http://evil.example)", "\\textbf{x}"]:
        assert literal in texts, literal
        assert literal in quotes, literal
    tracked = corpus.sentences.loc[corpus.sentences["doc_id"] == "022_escaping", "tracks"]
    assert all(len(t) for t in tracked), "every hostile sentence should carry a track"


# --- builds: helpers -----------------------------------------------------------------------------


def pages(html_dir: Path) -> list[Path]:
    return sorted(html_dir.rglob("*.html"))


datatables = load_book_extension("datatables")


def page_html(path: Path) -> str:
    """The page's HTML as a browser shows it: with the table rows the build moved out of the page
    into scripts (``book/_ext/datatables.py``, every part of a table in parts) put back, as rows of
    one table after the page."""
    raw = path.read_text(encoding="utf-8")
    root = next((d for d in path.parents if (d / "_static").is_dir()), None)
    if root is None:
        return raw
    tables = datatables.page_rows(root / "_static", path.relative_to(root).with_suffix("").as_posix())
    if not tables:
        return raw
    rows = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for t in tables for row in t)
    return raw + f"<table class=\"briefing-moved-rows\"><tbody>{rows}</tbody></table>"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(page_html(path), "html.parser")


def assert_built(build) -> None:
    assert build.returncode == 0, f"build failed ({build.builder}):\n" + "\n".join(build.log.splitlines()[-60:])
    warnings = build.warnings()
    assert not warnings, "build warnings:\n" + "\n".join(warnings[:30])


def page_text(html_dir: Path) -> str:
    """All visible text of the book's content pages, whitespace collapsed."""
    out = []
    for p in pages(html_dir):
        if p.name in ("search.html", "genindex.html"):
            continue
        out.append(re.sub(r"\s+", " ", soup(p).get_text(" ")))
    return "\n".join(out)


# --- hostile build: HTML ---------------------------------------------------------------------


@pytest.mark.slow
def test_hostile_book_builds_warning_free(hostile_build):
    assert_built(hostile_build)
    # its own execution cache and freshness stamp, beside its own output; not the repository's
    out_build = hostile_build.out / "_build"
    assert f"Using jupyter-cache at: {out_build / '.jupyter_cache'}" in hostile_build.log
    stamp = out_build / "analysis-fingerprint.txt"
    assert stamp.exists(), "the freshness extension wrote no fingerprint beside the build"
    repo_stamp = REPO_ROOT / "_build" / "analysis-fingerprint.txt"
    if repo_stamp.exists():
        assert repo_stamp.read_text().strip() != stamp.read_text().strip(), "the hostile build touched the repository's _build"


@pytest.mark.slow
def test_hostile_book_accounts_for_every_file(hostile_build, hostile_corpus):
    assert_built(hostile_build)
    _, expected = hostile_corpus
    corpus_pages = [p for p in pages(hostile_build.html) if p.stem == "corpus"]
    assert corpus_pages, "no corpus page in the build"
    text = re.sub(r"\s+", " ", soup(corpus_pages[0]).get_text(" "))
    for name, (_status, reason) in expected.items():
        assert name in text, f"the corpus chapter does not name {name!r}"
        if reason:
            assert reason in text, f"the corpus chapter does not give the reason {reason!r} for {name}"


@pytest.mark.slow
def test_hostile_markup_is_escaped_in_html(hostile_build):
    assert_built(hostile_build)
    raw_pages = {p: page_html(p) for p in pages(hostile_build.html)}
    everything = "\n".join(raw_pages.values())
    # shown, escaped
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in everything
    assert "onerror=alert(1)&gt;" in everything
    # never live
    for p, raw in raw_pages.items():
        assert "<script>alert" not in raw, f"{p.name}: raw <script> from the corpus"
        s = BeautifulSoup(raw, "html.parser")
        for tag in s.find_all(True):
            assert "onerror" not in tag.attrs, f"{p.name}: live onerror attribute on <{tag.name}>"
            if tag.name == "a":
                assert "evil.example" not in (tag.get("href") or ""), f"{p.name}: link to evil.example"
            if tag.name == "img":
                assert tag.get("src") != "x", f"{p.name}: live <img src=x>"
        assert "<strong>bold</strong>" not in raw, f"{p.name}: **bold** from the corpus rendered as bold"
        assert not re.search(r"<h\d[^>]*>\s*heading", raw), f"{p.name}: '# heading' from the corpus became a heading"
    # literally, as the reader sees it
    text = page_text(hostile_build.html)
    for literal in ["**bold**", "{glue:text}`x`", "`code`", "[link](http://evil.example)", "$x^2$",
                    "| pipe |", "\\textbf{x} 100% & a_b # ^ ~ {brace}", *HOSTILE_LITERALS]:
        assert literal in text, f"{literal!r} is not shown literally in the HTML"
    assert HOSTILE_NAME in text


# --- hostile build: PDF --------------------------------------------------------------------------


@pytest.mark.slow
def test_hostile_book_pdf(hostile_pdf):
    assert_built(hostile_pdf)
    assert hostile_pdf.pdf.stat().st_size > 10_000
    proc = subprocess.run(["pdftotext", "-enc", "UTF-8", str(hostile_pdf.pdf), "-"], capture_output=True, text=True, check=True)
    text = re.sub(r"\s+", " ", proc.stdout)
    unhyphenated = re.sub(r"(\w)- (\w)", r"\1\2", text)
    for literal in ["<script>alert(1)</script>", "100% & a_b", "Касым-Жомарт"]:
        assert literal in text or literal in unhyphenated, f"{literal!r} not in the PDF text"


# --- offline ---------------------------------------------------------------------------------

_EXTERNAL = re.compile(r"^\s*(?:https?:)?//", re.I)
_CSS_URL = re.compile(r"url\(\s*['\"]?\s*((?:https?:)?//[^)'\"]+)", re.I)
_CSS_IMPORT = re.compile(r"@import\s+(?:url\()?\s*['\"]?\s*((?:https?:)?//[^)'\";]+)", re.I)
#: (tag, attribute) pairs the browser fetches when the page loads.
_LOADS = [("script", "src"), ("img", "src"), ("img", "srcset"), ("iframe", "src"), ("frame", "src"),
          ("embed", "src"), ("object", "data"), ("source", "src"), ("source", "srcset"), ("video", "src"),
          ("video", "poster"), ("audio", "src"), ("track", "src"), ("input", "src"), ("image", "href")]
_LINK_NOT_LOADED = {"canonical", "alternate", "author", "license", "help", "search", "next", "prev", "index"}


def external_loads(html_dir: Path) -> list[str]:
    """Return every network load of the built HTML as 'page: what url'."""
    found = []
    for p in pages(html_dir):
        rel = p.relative_to(html_dir)
        s = soup(p)
        for tag_name, attr in _LOADS:
            for tag in s.find_all(tag_name):
                value = tag.get(attr) or ""
                if any(_EXTERNAL.match(v.split()[0]) for v in value.split(",") if v.strip()):
                    found.append(f"{rel}: <{tag_name} {attr}> {value}")
        for tag in s.find_all("link"):
            rels = {r.lower() for r in (tag.get("rel") or [])}
            if _EXTERNAL.match(tag.get("href") or "") and not rels <= _LINK_NOT_LOADED:
                found.append(f"{rel}: <link rel={sorted(rels)}> {tag.get('href')}")
        for tag in s.find_all("meta"):
            if (tag.get("http-equiv") or "").lower() == "refresh" and re.search(r"url=\s*(https?:)?//", tag.get("content") or "", re.I):
                found.append(f"{rel}: <meta refresh> {tag.get('content')}")
        css = [t.get_text() for t in s.find_all("style")] + [t.get("style") for t in s.find_all(style=True)]
        for block in css:
            found += [f"{rel}: css {u}" for u in css_loads(block)]
        for tag in s.find_all("script", src=False):
            code = tag.get_text()
            # an inline script that builds a <script>/<link> from a CDN (thebe, require.js, MathJax)
            for m in re.findall(r"['\"]((?:https?:)?//[^'\"]+\.(?:js|css)(?:\?[^'\"]*)?)['\"]", code):
                found.append(f"{rel}: inline script loads {m}")
    for css in sorted(html_dir.rglob("*.css")):
        found += [f"{css.relative_to(html_dir)}: {u}" for u in css_loads(css.read_text(encoding="utf-8", errors="replace"))]
    return found


def css_loads(css: str) -> list[str]:
    """External URLs a stylesheet fetches: url(...) and @import, each once."""
    return sorted({m for rx in (_CSS_URL, _CSS_IMPORT) for m in rx.findall(css)})


def external_links(html_dir: Path) -> dict[str, set[str]]:
    """Return external <a href> targets (not loads) → pages they are on."""
    links: dict[str, set[str]] = {}
    for p in pages(html_dir):
        for a in soup(p).find_all("a", href=True):
            if _EXTERNAL.match(a["href"]):
                links.setdefault(a["href"], set()).add(str(p.relative_to(html_dir)))
    return links


def test_external_load_detector(tmp_path):
    (tmp_path / "a.html").write_text(
        '<html><head><link rel="stylesheet" href="https://cdn.example/x.css">'
        '<link rel="canonical" href="https://book.example/a.html">'
        '<script src="//unpkg.com/thebe"></script><style>@import url("https://f.example/font.css");</style>'
        '</head><body><img src="_images/ok.png"><img src="http://x.example/i.png">'
        '<a href="https://example.org">a link, not a load</a>'
        '<script>var s = document.createElement("script"); s.src = "https://cdn.example/require.min.js";</script>'
        '<div style="background: url(//x.example/bg.png)"></div></body></html>', encoding="utf-8")
    (tmp_path / "s.css").write_text("body{background:url('https://x.example/y.png')} a{background:url(data:image/png;base64,AA)}")
    found = external_loads(tmp_path)
    assert len(found) == 7, found
    assert not any("book.example" in f or "example.org" in f for f in found)
    assert list(external_links(tmp_path)) == ["https://example.org"]


@pytest.mark.slow
@pytest.mark.parametrize("which", ["seeds", "hostile"])
def test_html_loads_nothing_from_the_network(which, seeds_build, hostile_build):
    build = seeds_build if which == "seeds" else hostile_build
    assert_built(build)
    assert pages(build.html)
    loads = external_loads(build.html)
    assert not loads, "external loads:\n" + "\n".join(loads[:40])


@pytest.mark.slow
def test_html_has_no_external_links(seeds_build):
    """Not loads, but a briefing meant for offline reading should not send the reader away either."""
    assert_built(seeds_build)
    links = external_links(seeds_build.html)
    assert not links, "external links: " + "; ".join(f"{u} ({len(p)} pages)" for u, p in sorted(links.items()))


# --- reproducible ----------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_reexecution_is_byte_identical(path, monkeypatch, tmp_path_factory):
    """``analysis.notebooks.execute`` on the seeds gives exactly the stored file (what `make refresh` writes)."""
    monkeypatch.delenv("BRIEFING_CORPUS", raising=False)
    monkeypatch.setenv("BRIEFING_CACHE", str(tmp_path_factory.getbasetemp() / "reexec_cache"))
    stored = path.read_bytes()
    out = tmp_path_factory.mktemp("reexec") / path.name
    nbformat.write(execute(path), out)  # exactly as `make refresh` writes it
    fresh = out.read_bytes()
    if fresh != stored:
        diff = difflib.unified_diff(stored.decode().splitlines(), fresh.decode().splitlines(), "stored", "re-executed", n=0, lineterm="")
        lines = [l if len(l) < 160 else l[:160] + "…" for l in diff]
        pytest.fail(f"{path.name}: re-execution differs from the stored notebook; run `make refresh` "
                    f"({len(lines)} diff lines):\n" + "\n".join(lines[:40]))


#: What Sphinx itself stamps into a build and that may differ between two builds of the same sources
#: (paths relative to the HTML folder). Measured: NOTHING differs between two cold builds into two
#: different folders — not ``.buildinfo`` (its config hash does not include the output path), not
#: ``searchindex.js``, not ``_images/*.png`` (named by content hash), not ``objects.inv``; and no page
#: carries a date (``html_last_updated_fmt`` is unset and ``|today|`` is not used; the copyright
#: is the fixed "2026"). So the set is empty and two builds must be byte-identical; if a change
#: introduces a stamp, name it here deliberately.
SPHINX_STAMPS: set[str] = set()


def differing_files(a: Path, b: Path) -> list[str]:
    """Files (relative paths) that are not byte-identical between two build folders, or in one only."""
    rel_a = {p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file()}
    rel_b = {p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file()}
    out = sorted(rel_a ^ rel_b)
    for rel in sorted(rel_a & rel_b):
        if not filecmp.cmp(a / rel, b / rel, shallow=False):
            out.append(rel)
    return sorted(out)


@pytest.mark.slow
def test_two_cold_builds_give_the_same_html(seeds_build, seeds_build_again):
    """Two cold builds in different folders — one parallel, one serial — give the same files."""
    assert_built(seeds_build)
    assert_built(seeds_build_again)
    if (os.cpu_count() or 1) > 1:
        assert "[parallel] reading and executing with" in seeds_build.log
    assert "[parallel]" not in seeds_build_again.log
    differ = differing_files(seeds_build.html, seeds_build_again.html)
    unexpected = [f for f in differ if f not in SPHINX_STAMPS]
    details = []
    for rel in unexpected[:5]:
        fa, fb = seeds_build.html / rel, seeds_build_again.html / rel
        if fa.exists() and fb.exists() and fa.suffix in (".html", ".js", ".txt", ".css"):
            d = difflib.unified_diff(fa.read_text(errors="replace").splitlines(), fb.read_text(errors="replace").splitlines(), n=0, lineterm="")
            details.append(f"--- {rel}\n" + "\n".join(list(d)[2:12]))
    assert not unexpected, f"not reproducible: {unexpected}\n" + "\n".join(details)


@pytest.mark.slow
def test_no_page_carries_the_build_date(seeds_build):
    """A date stamp would make a build differ from one made on another day (same-day builds can't show it)."""
    import datetime

    assert_built(seeds_build)
    today = datetime.date.today()
    stamps = {today.isoformat(), today.strftime("%b %d, %Y"), today.strftime("%d %B %Y"), today.strftime("%B %d, %Y"),
              today.strftime("%Y/%m/%d"), today.strftime("%d.%m.%Y")}
    for p in [*pages(seeds_build.html), seeds_build.html / "searchindex.js"]:
        text = p.read_text(encoding="utf-8")
        found = [d for d in stamps if d in text]
        assert not found, f"{p.relative_to(seeds_build.html)} carries the build date {found}"


@pytest.mark.slow
def test_figures_are_byte_identical_across_builds(seeds_build, seeds_build_again):
    assert_built(seeds_build)
    images = sorted((seeds_build.html / "_images").glob("*"))
    assert images, "the book has no figures"
    for img in images:
        other = seeds_build_again.html / "_images" / img.name
        assert other.exists(), f"{img.name} missing from the second build"
        assert img.read_bytes() == other.read_bytes(), f"{img.name} differs between builds"


def stored_figures(nb) -> dict[str, str]:
    """PNG outputs of a notebook (base64), keyed by glue name or by cell/output position."""
    out = {}
    for i, cell in enumerate(nb.cells):
        for j, o in enumerate(cell.get("outputs", [])):
            data = o.get("data", {})
            name = o.get("metadata", {}).get("scrapbook", {}).get("name")
            for key, value in data.items():
                if key.endswith("image/png"):
                    out[name or f"cell {i} output {j}"] = value
    return out


@pytest.mark.slow
def test_executed_notebooks_match_stored_figures(seeds_build):
    """The figures the build executed are the figures stored in the notebooks (PNG bytes, base64).

    myst-nb moves glued outputs out of its executed copy (``jupyter_execute/…ipynb``) into a
    ``….glue.json`` beside it: both are read.
    """
    import json

    assert_built(seeds_build)
    for path in NOTEBOOKS:
        built = seeds_build.out / "_build" / "jupyter_execute" / path.relative_to(REPO_ROOT)
        assert built.exists(), built
        executed = stored_figures(nbformat.read(built, as_version=4))
        glue = built.with_suffix(".glue.json")
        if glue.exists():
            for name, o in json.loads(glue.read_text(encoding="utf-8")).items():
                if "image/png" in o.get("data", {}):
                    executed[name] = o["data"]["image/png"]
        stored = stored_figures(nbformat.read(path, as_version=4))
        assert sorted(stored) == sorted(executed), f"{path.name}: not the same figures: {sorted(stored)} vs {sorted(executed)}"
        differ = [k for k in stored if stored[k] != executed[k]]
        assert not differ, f"{path.name}: figures {differ} differ between the stored notebook and the build"


# --- a corpus where most tracks are empty -----------------------------------------------------------

@pytest.mark.slow
def test_sparse_corpus_builds_and_says_what_is_missing(sparse_build):
    """Chapters build on any corpus: no absent glue key, no empty plot, a plain statement instead."""
    import html as h

    assert sparse_build.returncode == 0, sparse_build.log[-3000:]
    assert sparse_build.warnings() == []
    def page(name):
        return h.unescape((sparse_build.html / "book" / f"{name}.html").read_text(encoding="utf-8"))
    digital = page("digital")
    assert "No sentence of the corpus is about the digital track" in digital
    assert "different corpus from the one its judgments were written against" in digital
    assert "This corpus reports no figure for the agriculture track." in page("agriculture")
    assert "The corpus reports no dated contact or agreement." in page("overview")
