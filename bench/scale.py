"""The book at scale (issue 15, "readable at any size"): page sizes and figure label counts for a corpus.

    python bench/scale.py --docs 5000                       # generate 5,000 articles, count labels, build, measure
    python bench/scale.py --corpus DIR --html BUILD/html    # a corpus already built: labels and page sizes
    python bench/scale.py --docs 1000 --no-build            # figure labels only

Figure labels: every figure the book's notebooks glue (``pages.glue_figure("key", EXPR)``) is drawn
again here from the same expression, on the corpus given, and its labels counted with
:func:`analysis.book.figures.figure_labels` (tick labels, texts, annotations, legend entries); the
aim is at most :data:`analysis.book.figures.MAX_LABELS`. Page sizes: every HTML page of the build,
its own bytes plus what it loads of its own — the rows script of a table page and the largest part
of a table in parts (``book/_ext/datatables.py``), and its images — largest first; the aim is no
page over about 2 MB. Beside it, the scripts the page shares with every other (the theme's, the
DataTables bundle, the search index), loaded once and cached. Also the CSV downloads and the search
index on their own. With ``--docs`` the corpus is made by ``bench/corpus_gen.py``
(the same N always gives the same bytes) under ``bench/out/``; the book is built with
``BRIEFING_CORPUS`` into a temporary folder (``--out``), never into ``_build``.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
sys.path.insert(0, str(REPO_ROOT / "book" / "_ext"))

MB = 1_000_000


def figure_expressions(book: Path = REPO_ROOT / "book") -> list[tuple[str, str, str, str]]:
    """(notebook, key, expression, the notebook's imports) of every ``pages.glue_figure(key,
    expression)`` in the book's notebooks."""
    import nbformat

    out = []
    for path in sorted(book.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        cells = [ast.parse(c.source) for c in nb.cells if c.cell_type == "code"]
        imports = "\n".join(ast.unparse(n) for tree in cells for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom)))
        for tree in cells:
            for node in ast.walk(tree):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                        and node.func.attr == "glue_figure" and len(node.args) == 2):
                    out.append((path.stem, ast.literal_eval(node.args[0]), ast.unparse(node.args[1]), imports))
    return out


def label_counts(corpus_dir: Path, skip: tuple[str, ...] = ()) -> list[dict]:
    """Draw every glued figure of the book on *corpus_dir* (but those whose key is in *skip*); return
    notebook, key, labels, seconds."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from analysis.book import figures
    from analysis.pipeline import load

    corpus = load(corpus_dir)
    figures.use_style()
    rows = []
    for notebook, key, expression, imports in figure_expressions():
        if key in skip:
            continue
        scope = {"corpus": corpus}
        exec(imports, scope)  # the book's own notebook code
        start = time.perf_counter()
        fig = eval(expression, scope)  # the book's own notebook code
        rows.append({"notebook": notebook, "figure": key, "labels": figures.figure_labels(fig),
                     "seconds": round(time.perf_counter() - start, 2)})
        plt.close(fig)
    return rows


_SCRIPT_SRC = re.compile(r"<script\b[^>]*\bsrc=\"([^\"]+)\"")
_IMG_SRC = re.compile(r"<img\b[^>]*\bsrc=\"([^\"]+)\"")


def page_sizes(html: Path) -> list[dict]:
    """Every HTML page of the build *html*: its own bytes, the bytes of the scripts it loads of its own
    (the rows script of a register or corpus page and, for a table in parts, the largest of its
    parts, which the page loads one at a time: ``book/_ext/datatables.py``), and the bytes of the
    scripts it shares with other pages (the theme's, the DataTables bundle, the search index: loaded
    once and cached by the browser), and of its images (the figures). ``total_bytes`` is what the
    page loads of its own: the page, its own scripts and its images."""
    import datatables

    out = []
    for page in sorted(html.rglob("*.html")):
        rel = page.relative_to(html)
        if {"_static", "_sources", "_images"} & set(rel.parts):
            continue
        text = page.read_text(encoding="utf-8")
        own = shared = 0
        for src in dict.fromkeys(_SCRIPT_SRC.findall(text)):
            if "://" in src:
                continue
            script = (page.parent / src.split("?")[0]).resolve()
            if not script.is_file():
                continue
            if script.parent.name == datatables.ROWS_DIR:
                own += script.stat().st_size + _largest_parts(script)
            else:
                shared += script.stat().st_size
        images = sum((page.parent / src.split("?")[0]).stat().st_size for src in dict.fromkeys(_IMG_SRC.findall(text))
                     if "://" not in src and not src.startswith("data:") and (page.parent / src.split("?")[0]).is_file())
        size = page.stat().st_size
        out.append({"page": rel.as_posix(), "html_bytes": size, "rows_bytes": own, "image_bytes": images,
                    "total_bytes": size + own + images, "shared_script_bytes": shared})
    return sorted(out, key=lambda r: -r["total_bytes"])


def _largest_parts(rows_script: Path) -> int:
    """The bytes of the largest part of each table in parts of the page whose rows script is
    *rows_script* (its parts: ``<page>.<table>.<part>.js`` beside it), summed over its tables."""
    largest: dict[str, int] = {}
    for part in rows_script.parent.glob(rows_script.stem + ".*.*.js"):
        table = part.name.split(".")[-3]
        largest[table] = max(largest.get(table, 0), part.stat().st_size)
    return sum(largest.values())


def other_files(html: Path) -> dict[str, int]:
    """Bytes of the search index and of each CSV download."""
    files = {"searchindex.js": html / "searchindex.js", **{f"downloads/{p.name}": p for p in sorted((html / "downloads").glob("*.csv"))}}
    return {name: p.stat().st_size for name, p in files.items() if p.is_file()}


def build(corpus_dir: Path, out: Path, cache: Path) -> float:
    """Build the HTML book on *corpus_dir* into *out* (``make html``'s flags); return the seconds taken."""
    env = {**os.environ, "BRIEFING_CORPUS": str(corpus_dir), "BRIEFING_CACHE": str(cache), "PYTHONPATH": str(REPO_ROOT)}
    jb = Path(sys.executable).with_name("jupyter-book")
    start = time.perf_counter()
    subprocess.run([str(jb), "build", "-W", "-n", "--keep-going", "--path-output", str(out), str(REPO_ROOT)],
                   env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, help="generate a corpus of this many articles (bench/corpus_gen.py)")
    parser.add_argument("--corpus", type=Path, help="use this corpus folder instead")
    parser.add_argument("--html", type=Path, help="measure this built HTML folder instead of building")
    parser.add_argument("--out", type=Path, help="build into this folder (default: bench/out/scale-build-N)")
    parser.add_argument("--no-build", action="store_true", help="figure labels only")
    parser.add_argument("--skip", action="append", default=[], metavar="KEY",
                        help="a figure not to draw (its glue key, e.g. fig-overview-timeline); repeatable")
    parser.add_argument("--json", type=Path, help="also write every number here")
    args = parser.parse_args(argv)
    if (args.docs is None) == (args.corpus is None):
        parser.error("give --docs N or --corpus DIR")
    corpus_dir = args.corpus
    if corpus_dir is None:
        corpus_dir = REPO_ROOT / "bench" / "out" / f"corpus_{args.docs}"
        if not corpus_dir.is_dir():
            subprocess.run([sys.executable, str(REPO_ROOT / "bench" / "corpus_gen.py"), str(args.docs), str(corpus_dir)], check=True)
    cache = Path(os.environ.get("BRIEFING_CACHE") or REPO_ROOT / ".cache" / "analysis")
    result: dict = {"corpus": str(corpus_dir), "articles": len(list(corpus_dir.glob("*.txt")))}

    from analysis.book.figures import MAX_LABELS

    result["figures"] = label_counts(corpus_dir, tuple(args.skip))
    print(f"Figure labels on {corpus_dir} ({result['articles']} articles; aim ≤ {MAX_LABELS}):")
    for r in result["figures"]:
        flag = "" if r["labels"] <= MAX_LABELS else "  OVER"
        print(f"  {r['notebook']:<12} {r['figure']:<28} {r['labels']:>4} labels  ({r['seconds']} s){flag}")

    html = args.html
    if html is None and not args.no_build:
        out = args.out or REPO_ROOT / "bench" / "out" / f"scale-build-{result['articles']}"
        result["build_seconds"] = round(build(corpus_dir, out, cache), 1)
        print(f"Built in {result['build_seconds']} s into {out}")
        html = out / "_build" / "html"
    if html is not None:
        result["pages"] = page_sizes(html)
        result["other_files"] = other_files(html)
        print(f"Pages of {html}, largest first: the page with what it loads of its own — its rows scripts and "
              "images — (aim: none over about 2 MB), and apart the scripts it shares with every page "
              "(theme, DataTables, search index; loaded once, cached):")
        for r in result["pages"][:12]:
            parts = [f"page {r['html_bytes'] / MB:.2f} MB"]
            parts += [f"rows scripts {r['rows_bytes'] / MB:.2f} MB"] if r["rows_bytes"] else []
            parts += [f"images {r['image_bytes'] / MB:.2f} MB"] if r["image_bytes"] else []
            flag = "" if r["total_bytes"] <= 2 * MB else "  OVER"
            print(f"  {r['page']:<34} {r['total_bytes'] / MB:6.2f} MB  ({' + '.join(parts)}; "
                  f"shared scripts {r['shared_script_bytes'] / MB:.2f} MB){flag}")
        for name, size in result["other_files"].items():
            print(f"  {name:<34} {size / MB:6.2f} MB  (not a page)")
    if args.json:
        args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
