"""Benchmarks: the analysis pipeline, the book build and the test suite, measured side by side.

    make bench                                   # everything, default sizes
    .venv/bin/python bench/run.py --sizes 1000 --ner-sample 200 --skip-make-test
    .venv/bin/python bench/run.py --only book
    .venv/bin/python bench/run.py --only parallel --parallel-docs 1000

Every measurement runs in its own subprocess (``--stage``), so each reports its own peak RSS
(``ru_maxrss``) and none inherits another's warm caches: the processing cache
(``BRIEFING_CACHE``) is a fresh temporary folder per stage and ``load`` runs with
``use_cache=False``. Results go to ``bench/out/results.json`` and ``bench/out/summary.md``; the
summary is also printed. See bench/README.md for the aims.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import corpus_gen  # noqa: E402
import parallel as parallel_bench  # noqa: E402  (bench/parallel.py)

PY = sys.executable
JB = str(Path(PY).parent / "jupyter-book")
JB_FLAGS = ["-W", "-n", "--keep-going"]

AIMS = {
    "ner_vs_ner_alone": 0.8,      # pipeline-with-NER throughput / natasha-NER-alone throughput ≥
    "no_ner_speedup": 10.0,       # pipeline-without-NER throughput / pipeline-with-NER throughput ≥
    "linearity": 1.2,             # (t_big / t_small) / (n_big / n_small) ≤ (1.0 = perfectly linear)
    "peak_rss_mb": 2048.0,        # every stage ≤
    "parallel_speedup": parallel_bench.AIM,  # pipeline with NER, 1 worker / 2 workers ≥
}
#: The book build on the 1,000-document generated corpus, processing cache warm (issue 15): seconds ≤
BOOK_SCALE_AIM_S = 60.0


# ------------------------------------------------------------------------------------------------
# Stages: each runs in a child process and prints one JSON object on its last line.


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KiB on Linux


def _texts(corpus: Path) -> list[str]:
    from analysis.ingest.reading import read_corpus

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        documents, _ = read_corpus(corpus)
    return list(documents["text"])


def stage(name: str, corpus: Path) -> dict:
    os.environ["BRIEFING_CACHE"] = tempfile.mkdtemp(prefix="bench-cache-")
    # throughput per core, as the aims are stated: all cores are compared in bench/parallel.py
    os.environ.setdefault("BRIEFING_WORKERS", "1")
    try:
        return _stage(name, corpus)
    finally:
        shutil.rmtree(os.environ["BRIEFING_CACHE"], ignore_errors=True)


def _stage(name: str, corpus: Path) -> dict:
    out: dict = {"stage": name, "corpus": str(corpus)}
    if name in ("pipeline", "pipeline_ner"):
        from analysis.pipeline import load

        t0 = time.perf_counter()
        c = load(corpus, use_cache=False)
        out["load_s"] = time.perf_counter() - t0
        # the tables that need no NER, then (with NER) the entities and the tables that use them
        tables = ["claims", "findings", "coverage"]
        if name == "pipeline_ner":
            tables += ["entities", "watchlist", "timeline"]
        for table in tables:
            t1 = time.perf_counter()
            getattr(c, table)
            out[f"{table}_s"] = time.perf_counter() - t1
        out["findings"] = len(c.findings)
        out["seconds"] = time.perf_counter() - t0
        out["docs"] = len(c.documents)
        out["sentences"] = len(c.sentences)
        out["characters"] = int(c.documents["characters"].sum())
        out["claims"] = len(c.claims)
    elif name == "ner_alone":
        texts = _texts(corpus)
        t0 = time.perf_counter()
        from natasha import Doc, NewsEmbedding, NewsNERTagger, Segmenter

        segmenter, ner = Segmenter(), NewsNERTagger(NewsEmbedding())
        out["model_load_s"] = time.perf_counter() - t0
        spans = 0
        for text in texts:
            doc = Doc(text)
            doc.segment(segmenter)
            doc.tag_ner(ner)
            spans += len(doc.spans)
        out["seconds"] = time.perf_counter() - t0
        out["docs"], out["spans"] = len(texts), spans
    elif name == "razdel_alone":
        texts = _texts(corpus)
        from razdel import sentenize

        t0 = time.perf_counter()
        n = sum(1 for text in texts for _ in sentenize(text))
        out["seconds"] = time.perf_counter() - t0
        out["docs"], out["sentences"] = len(texts), n
    elif name == "read_alone":
        t0 = time.perf_counter()
        out["docs"] = len(_texts(corpus))
        out["seconds"] = time.perf_counter() - t0
    else:
        raise SystemExit(f"unknown stage {name}")
    out["docs_per_s"] = out["docs"] / out["seconds"] if out["seconds"] else None
    out["peak_rss_mb"] = _peak_rss_mb()
    return out


def run_stage(name: str, corpus: Path) -> dict:
    """Run one stage in a fresh interpreter; return its result (with wall time including start-up)."""
    t0 = time.perf_counter()
    proc = subprocess.run([PY, str(Path(__file__).resolve()), "--stage", name, "--corpus", str(corpus)],
                          cwd=REPO_ROOT, capture_output=True, text=True, env=_env(None))
    if proc.returncode != 0:
        raise RuntimeError(f"stage {name} on {corpus} failed:\n{proc.stderr[-3000:]}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["wall_s"] = time.perf_counter() - t0
    _say(f"  {name:<13} {result['docs']:>6} docs  {result['seconds']:8.1f} s  "
         f"{result['docs_per_s']:8.1f} docs/s  peak {result['peak_rss_mb']:6.0f} MB")
    return result


def _env(corpus: Path | None, cache: Path | None = None, checkout: Path | None = None) -> dict:
    env = dict(os.environ)
    env.pop("BRIEFING_CORPUS", None)
    env.pop("BRIEFING_CACHE", None)
    if corpus is not None:
        env["BRIEFING_CORPUS"] = str(corpus)
    if cache is not None:
        env["BRIEFING_CACHE"] = str(cache)
    if checkout is not None:  # its own `analysis` package, in the kernels too
        env["PYTHONPATH"] = os.pathsep.join([str(checkout), *filter(None, [env.get("PYTHONPATH")])])
    env["PATH"] = f"{Path(PY).parent}{os.pathsep}{env.get('PATH', '')}"
    return env


def _say(msg: str) -> None:
    print(msg, flush=True)


# ------------------------------------------------------------------------------------------------
# (a) the pipeline


def bench_pipeline(sizes: list[int], ner_sample: int, work: Path) -> dict:
    res: dict = {"sizes": sizes, "ner_sample": ner_sample, "runs": {}}
    for n in sizes:
        corpus = corpus_gen.ensure(n, work / f"corpus_{n}")
        _say(f"[pipeline] {n} documents ({corpus})")
        runs = {s: run_stage(s, corpus) for s in ("read_alone", "razdel_alone", "pipeline")}
        res["runs"][str(n)] = runs
    # NER on a sample (natasha ≈ 25 docs/s per core): the first k documents of the generated corpus
    k = ner_sample or sizes[0]
    sample = corpus_gen.ensure(k, work / f"corpus_{k}")
    _say(f"[ner] {k} documents ({sample})")
    res["ner"] = {s: run_stage(s, sample) for s in ("pipeline", "pipeline_ner", "ner_alone", "razdel_alone")}
    ner = res["ner"]
    res["ratios"] = {
        "ner_vs_ner_alone": ner["pipeline_ner"]["docs_per_s"] / ner["ner_alone"]["docs_per_s"],
        "no_ner_speedup": ner["pipeline"]["docs_per_s"] / ner["pipeline_ner"]["docs_per_s"],
        "entities_only_vs_ner_alone": (ner["pipeline_ner"]["docs"] / ner["pipeline_ner"]["entities_s"]) / ner["ner_alone"]["docs_per_s"],
        "entities_share_of_ner_pipeline": ner["pipeline_ner"]["entities_s"] / ner["pipeline_ner"]["seconds"],
        "pipeline_vs_razdel": ner["pipeline"]["docs_per_s"] / ner["razdel_alone"]["docs_per_s"],
    }
    if len(sizes) >= 2:
        small, big = sizes[0], sizes[-1]
        t_small = res["runs"][str(small)]["pipeline"]["seconds"]
        t_big = res["runs"][str(big)]["pipeline"]["seconds"]
        res["ratios"]["linearity"] = (t_big / t_small) / (big / small)
        for part in ("load", "claims", "findings"):
            a = res["runs"][str(small)]["pipeline"][f"{part}_s"]
            b = res["runs"][str(big)]["pipeline"][f"{part}_s"]
            res["ratios"][f"linearity_{part}"] = (b / a) / (big / small)
    peaks = [r["peak_rss_mb"] for runs in [*res["runs"].values(), res["ner"]] for r in runs.values()]
    res["ratios"]["peak_rss_mb"] = max(peaks)
    return res


def bench_parallel(docs: int, work: Path, memory_docs: int = 0) -> dict:
    """The pipeline with NER on *docs* documents, 1 worker vs 2, and (if *memory_docs*) its peak
    memory with 2 workers on *memory_docs* documents (bench/parallel.py)."""
    res = parallel_bench.compare(docs, workers=2, repeats=1, out=work)
    if memory_docs:
        res["memory"] = parallel_bench.memory(memory_docs, workers=2, out=work)
    return res


# ------------------------------------------------------------------------------------------------
# (b) the book build


def _children_cpu() -> float:
    """CPU seconds (user + system) of every finished child process and its waited-for descendants:
    a build's kernels and Sphinx's reading processes included. Unlike the wall time it does not grow
    with a neighbour's load on a shared machine."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _build(out: Path, corpus: Path | None, cache: Path, config: Path | None = None,
           checkout: Path | None = None) -> dict:
    """Build the book of *checkout* (default: this one) into *out*; return its times and log summary."""
    source = checkout or REPO_ROOT
    cmd = [JB, "build", *JB_FLAGS, "--path-output", str(out)]
    if config is not None:
        cmd += ["--config", str(config)]
    cmd.append(str(source))
    load, t0, cpu0 = os.getloadavg()[0], time.perf_counter(), _children_cpu()
    proc = subprocess.run(cmd, cwd=source, env=_env(corpus, cache, checkout), capture_output=True, text=True)
    seconds, cpu = time.perf_counter() - t0, _children_cpu() - cpu0
    log = proc.stdout + proc.stderr
    executed = sorted(set(re.findall(r"/([\w-]+)\.ipynb: Executing notebook", log)))
    from_cache = sorted(set(re.findall(r"/([\w-]+)\.ipynb: Using cached notebook", log)))
    # Sphinx's own warnings, not the kernels' stderr (see tests/conftest.py: Build.warnings)
    warns = [l for l in (re.sub(r"\x1b\[[0-9;]*m", "", l) for l in log.splitlines())
             if re.search(r"(?:^|: )(?:WARNING|ERROR|CRITICAL|SEVERE): ", l)]
    m = re.search(r"updating environment: .*?(\d+) added, (\d+) changed, (\d+) removed", log)
    kernels = {name: float(t) for name, t in re.findall(r"/([\w-]+)\.ipynb: Executed notebook in ([\d.]+) seconds", log)}
    result = {"seconds": seconds, "cpu_s": cpu, "load_average": load,
              "returncode": proc.returncode, "executed": executed, "from_cache": from_cache,
              "warnings": warns[:20], "env_update": m.group(0) if m else None, "notebook_seconds": kernels}
    (out.parent / f"{out.name}.log").write_text(log, encoding="utf-8")
    status = "ok" if proc.returncode == 0 and not warns else f"FAILED (exit {proc.returncode}, {len(warns)} warnings)"
    _say(f"  {out.name:<16} {seconds:7.1f} s  CPU {cpu:6.1f} s  executed {len(executed):>2}  cached {len(from_cache):>2}  {status}")
    return result


def _execution_off_config(work: Path) -> Path:
    import yaml

    cfg = yaml.safe_load((REPO_ROOT / "_config.yml").read_text(encoding="utf-8"))
    cfg.setdefault("execute", {})["execute_notebooks"] = "off"
    # local extension folders are resolved relative to the config file: make them absolute
    ext = cfg.get("sphinx", {}).get("local_extensions") or {}
    for name, path in ext.items():
        ext[name] = str((REPO_ROOT / path).resolve())
    path = work / "_config_noexec.yml"
    path.write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _page_text(page: Path) -> str:
    from bs4 import BeautifulSoup

    return re.sub(r"\s+", " ", BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").get_text(" "))


def _html_text(html: Path) -> str:
    """The text of every page, and the rows the register and corpus tables load from their scripts
    (``_static/datatables/rows/*.js``, stored compactly: their rows are not in the page's HTML)."""
    sys.path.insert(0, str(REPO_ROOT / "book" / "_ext"))
    import datatables  # the book's extension: it wrote the rows scripts, it reads them back

    files = sorted(html.rglob("*.html"))
    pages = [_page_text(p) for p in files]
    rows = ["\n".join(cell for table in datatables.page_rows(html / "_static", p.relative_to(html).with_suffix("").as_posix())
                      for row in table for cell in row) for p in files]
    return "\n".join(pages + rows)


def _images_by_page(html: Path) -> dict[str, set[str]]:
    out = {}
    for p in sorted(html.rglob("*.html")):
        out[str(p.relative_to(html))] = set(re.findall(r'src="[^"]*_images/([^"]+)"', p.read_text(encoding="utf-8")))
    return out


#: The paragraph added to one corpus file for the "one file changed" rebuild: track words and a
#: number, so it changes the sentence count, the coverage figure and the claims register.
CHANGE = "\n\nЭкспорт нефти через порт Актау в 2025 году составил 98765 тонн, сообщили в министерстве энергетики.\n"


def _kernel_floor(repeats: int = 3) -> dict:
    """What every executed notebook pays before its own work: an empty notebook run the way myst-nb
    runs one (nbclient: kernel start, execute, shutdown), and the same with the first cell every
    chapter has (``book.start()``: imports and the cached corpus); each with the stock kernel
    (``python -m ipykernel_launcher``) and with a kernel forked from the build's kernel server
    (``book/_ext/warmkernels.py``, which the book build uses). Median seconds (wall) and CPU seconds
    of *repeats*: a stock kernel's whole process (``getrusage`` of the finished child), a forked
    kernel's from the fork to its last cell (it ends with ``os._exit``: nothing after)."""
    code = (
        "import json, os, resource, statistics, sys, tempfile, time, nbformat\n"
        "from nbclient import NotebookClient\n"
        "sys.path.insert(0, 'book/_ext')\n"
        "import warmkernels\n"
        "def cpu():\n"
        "    r = resource.getrusage(resource.RUSAGE_CHILDREN); return r.ru_utime + r.ru_stime\n"
        "def run(src, forked):\n"
        "    cells = ([nbformat.v4.new_code_cell(src)] if src else []) + [nbformat.v4.new_code_cell('import time\\nprint(time.process_time())')]\n"
        "    nb = nbformat.v4.new_notebook(cells=cells)\n"
        "    c, t = cpu(), time.perf_counter(); NotebookClient(nb, kernel_name='python3').execute()\n"
        "    return time.perf_counter() - t, float(nb.cells[-1].outputs[0]['text']) if forked else cpu() - c\n"
        "def floor(forked):\n"
        "    out = {}\n"
        f"    for name, src in (('empty_notebook', ''), ('start_only_notebook', 'from analysis.book import pages\\ncorpus = pages.start()')):\n"
        f"        runs = [run(src, forked) for _ in range({repeats})]\n"
        "        out[name] = statistics.median(r[0] for r in runs)\n"
        "        out[name + '_cpu'] = statistics.median(r[1] for r in runs)\n"
        "    return out\n"
        "res = floor(False)\n"
        "server = warmkernels.KernelServer(tempfile.mkdtemp(prefix='bench-kernels-'))\n"
        "try:\n"
        "    run('', True)  # the first waits for the server's imports, which the build overlaps with its own start\n"
        "    res.update({'forked_' + k: v for k, v in floor(True).items()})\n"
        "finally:\n"
        "    server.stop()\n"
        "print(json.dumps(res))\n"
    )
    proc = subprocess.run([PY, "-c", code], cwd=REPO_ROOT, env=_env(None), capture_output=True, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _floor_text(f: dict) -> str:
    return (f"stock kernel: empty notebook {f['empty_notebook']:.2f} s (CPU {f['empty_notebook_cpu']:.2f} s), "
            f"book.start() only {f['start_only_notebook']:.2f} s (CPU {f['start_only_notebook_cpu']:.2f} s); "
            f"forked kernel: empty {f['forked_empty_notebook']:.2f} s (CPU {f['forked_empty_notebook_cpu']:.2f} s), "
            f"book.start() only {f['forked_start_only_notebook']:.2f} s (CPU {f['forked_start_only_notebook_cpu']:.2f} s)")


def bench_book(work: Path) -> dict:
    res: dict = {}
    book = _empty_dir(work / "book")
    _say("[book] seeds")
    res["kernel_floor"] = _kernel_floor()
    _say(f"  kernel floor: {_floor_text(res['kernel_floor'])}")
    res["cold"] = _build(book / "cold", None, book / "cache_cold")
    res["execution_off"] = _build(book / "noexec", None, book / "cache_noexec", _execution_off_config(book))
    res["rebuild_unchanged"] = _build(book / "cold", None, book / "cache_cold")
    # every notebook executed again (a new output folder: no execution cache), the processed corpus and the
    # derived tables already in the processing cache the first cold build filled: what the "cold build"
    # names — each notebook pays its imports and the loading of the processed corpus, not the processing
    res["cold_processed_corpus"] = _build(book / "cold_again", None, book / "cache_cold")

    _say("[book] a copy of the seeds, then one file changed")
    corpus = book / "corpus"
    shutil.copytree(REPO_ROOT / "seeds", corpus)
    for p in corpus.iterdir():
        p.chmod(0o644)
    res["copy_cold"] = _build(book / "changed", corpus, book / "cache_changed")
    html = book / "changed" / "_build" / "html"
    before_images = _images_by_page(html)
    target = sorted(corpus.glob("*.txt"))[3]
    target.write_text(target.read_text(encoding="utf-8").rstrip("\n") + CHANGE, encoding="utf-8")
    res["rebuild_one_file_changed"] = _build(book / "changed", corpus, book / "cache_changed")
    after_images = _images_by_page(html)

    # nothing stale: the new sentence is shown, the sentence count the prose cites is the new one,
    # and the figures that depend on it were redrawn
    from analysis.pipeline import load

    os.environ["BRIEFING_CACHE"] = str(book / "cache_verify")
    n_sentences = len(load(corpus).sentences)
    text = _html_text(html)
    corpus_page = "\n".join(_page_text(p) for p in html.rglob("corpus.html"))
    res["stale_check"] = {
        "changed_file": target.name,
        "new_sentence_shown": "98765 тонн" in text or "98 765 тонн" in text,
        "pages_with_new_figures": sorted(p for p in after_images if after_images[p] != before_images.get(p, set())),
        "n_sentences_now": n_sentences,
        "n_sentences_shown_on_corpus_page": re.search(rf"(?<![\d\u2009,]){n_sentences}(?![\d\u2009,])", corpus_page) is not None,
    }
    _say(f"  stale check: {res['stale_check']}")
    return res


#: What the processing cache holds after the pipeline (the corpus and every derived table the pages
#: read), filled before the build on a generated corpus so that the build's time is the book's own.
FILL = (
    "import json, time\n"
    "from analysis.pipeline import load\n"
    "t = time.perf_counter(); c = load(); out = {'load_s': time.perf_counter() - t}\n"
    "for name in ('claims', 'findings', 'sources', 'coverage', 'entities', 'timeline', 'watchlist'):\n"
    "    t = time.perf_counter(); getattr(c, name); out[name + '_s'] = time.perf_counter() - t\n"
    "out['docs'] = len(c.documents)\n"
    "print(json.dumps(out))\n"
)


def _empty_dir(path: Path) -> Path:
    """*path* as an empty folder (what an earlier run left there removed)."""
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    return path


def _same_tree(a: Path, b: Path) -> bool:
    """Whether folders *a* and *b* hold the same files with the same bytes."""
    files = lambda root: sorted(p.relative_to(root) for p in root.rglob("*") if p.is_file())  # noqa: E731
    return files(a) == files(b) and all((a / f).read_bytes() == (b / f).read_bytes() for f in files(a))


def book_at_scale_ab(docs: int, work: Path, old: Path, repeats: int = 2) -> dict:
    """This checkout's book against another checkout's (*old*, e.g. a ``git worktree`` of main) on a
    generated corpus of *docs* articles: cold builds alternating old, new, old, new … (*repeats* each),
    each from a copy of the same filled processing cache, so a neighbour's load falls on both; the
    best of each, the ratio, and whether the two HTML books are the same bytes."""
    corpus = corpus_gen.ensure(docs, work / f"corpus_{docs}")
    root = _empty_dir(work / f"book_{docs}_ab")
    filled = root / "filled"
    _say(f"[book at scale, A/B] {docs} generated articles: filling the processing cache for both checkouts")
    for checkout in (old, REPO_ROOT):  # processing code may differ: each fills what its key asks for
        subprocess.run([PY, "-c", FILL], cwd=checkout, env=_env(corpus, filled, checkout), capture_output=True,
                       text=True, check=True)
    res: dict = {"docs": docs, "old": str(old), "builds": []}
    for i in range(1, repeats + 1):
        for label, checkout in (("old", old), ("new", REPO_ROOT)):
            cache = root / f"cache_{label}{i}"
            shutil.copytree(filled, cache)
            r = _build(root / f"{label}{i}", corpus, cache, checkout=checkout)
            shutil.rmtree(cache)
            res["builds"].append({"label": label, "run": i, **r})
    best = {label: min((b for b in res["builds"] if b["label"] == label), key=lambda b: b["seconds"])
            for label in ("old", "new")}
    res["best"] = {label: {"seconds": b["seconds"], "cpu_s": b["cpu_s"]} for label, b in best.items()}
    res["ratio"] = best["old"]["seconds"] / best["new"]["seconds"]
    res["same_html"] = all(_same_tree(root / f"old{i}" / "_build" / "html", root / f"new{i}" / "_build" / "html")
                           for i in range(1, repeats + 1))
    _say(f"  best old {best['old']['seconds']:.1f} s (CPU {best['old']['cpu_s']:.1f}), best new "
         f"{best['new']['seconds']:.1f} s (CPU {best['new']['cpu_s']:.1f}): {res['ratio']:.2f}×; "
         f"same HTML: {res['same_html']}")
    return res


def bench_book_at_scale(docs: int, work: Path) -> dict:
    """The book on a generated corpus of *docs* articles (``BRIEFING_CORPUS``).

    The pipeline is kept out of the build's time: first, in a process of its own, the processing
    cache is filled (:data:`FILL`: ``load()`` and every derived table, NER included, on all workers:
    timed as ``cache_fill``); then the book is built cold into an empty output folder (every notebook
    executed; each reads the processed corpus and its tables from that cache), then with execution
    off (same cache). What the build computes beyond the cache (the pages' own tables and figures, the method
    page's development-set scores) is the build's.
    """
    res: dict = {"docs": docs}
    corpus = corpus_gen.ensure(docs, work / f"corpus_{docs}")
    root = _empty_dir(work / f"book_{docs}")
    cache = root / "cache"
    _say(f"[book at scale] {docs} generated articles ({corpus}): filling the processing cache")
    t0 = time.perf_counter()
    proc = subprocess.run([PY, "-c", FILL], cwd=REPO_ROOT, env=_env(corpus, cache), capture_output=True, text=True, check=True)
    res["cache_fill"] = {"seconds": time.perf_counter() - t0, **json.loads(proc.stdout.strip().splitlines()[-1])}
    _say(f"  cache fill       {res['cache_fill']['seconds']:7.1f} s  (the pipeline: not part of the build)")
    res["cold"] = _build(root / "cold", corpus, cache)
    # the same warm cache: the build's CSV downloads read the processed corpus too (book/_ext/downloads.py),
    # and with an empty cache this build would run the whole pipeline
    res["execution_off"] = _build(root / "noexec", corpus, cache, _execution_off_config(root))
    return res


# ------------------------------------------------------------------------------------------------
# (c) the test suite


def bench_make_test() -> dict:
    _say("[make test] pytest tests book --nbval … --durations=0")
    cmd = [str(Path(PY).parent / "pytest"), "tests", "book", "--nbval", "--nbval-current-env",
           "--nbval-sanitize-with", "tests/nbval_sanitize.cfg", "--durations=0", "-q", "-p", "no:cacheprovider"]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=REPO_ROOT, env=_env(None), capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    out = proc.stdout
    durations = re.findall(r"^(\d+\.\d+)s (call|setup|teardown)\s+(\S+)", out, re.M)
    summary = out.strip().splitlines()[-1] if out.strip() else ""
    _say(f"  {seconds:.0f} s, exit {proc.returncode}: {summary}")
    durations = [{"seconds": float(s), "when": w, "test": t} for s, w, t in durations]
    return {"seconds": seconds, "returncode": proc.returncode, "summary": summary,
            "by_group": _test_groups(durations), "durations": sorted(durations, key=lambda d: -d["seconds"])[:15]}


def _test_group(d: dict) -> str:
    """Name the part of the suite a timed step belongs to."""
    path, _, name = d["test"].partition("::")
    if path.startswith("book/"):
        return "nbval (stored outputs vs a fresh kernel)"
    if path.endswith("test_quality.py"):
        if d["when"] == "setup":
            return "test_quality: waiting for the background book builds"
        if name.startswith("test_notebook_reexecution"):
            return "test_quality: re-executing every notebook (byte-identical)"
        return "test_quality: checks of the built books"
    return f"unit: {Path(path).stem}"


def _test_groups(durations: list[dict]) -> dict[str, float]:
    groups: dict[str, float] = {}
    for d in durations:
        g = _test_group(d)
        groups[g] = groups.get(g, 0.0) + d["seconds"]
    return dict(sorted(groups.items(), key=lambda kv: -kv[1]))


# ------------------------------------------------------------------------------------------------


def summary(results: dict) -> str:
    lines = ["# Benchmark summary", "", f"Machine: {results['machine']}", ""]
    p = results.get("pipeline")
    if p:
        lines += ["## Pipeline", "", "| corpus | stage | docs | seconds | docs/s | peak RSS MB |", "|---|---|---:|---:|---:|---:|"]
        for n, runs in p["runs"].items():
            for s, r in runs.items():
                lines.append(f"| {n} | {s} | {r['docs']} | {r['seconds']:.1f} | {r['docs_per_s']:.1f} | {r['peak_rss_mb']:.0f} |")
        for s, r in p["ner"].items():
            lines.append(f"| NER sample {p['ner_sample']} | {s} | {r['docs']} | {r['seconds']:.1f} | {r['docs_per_s']:.1f} | {r['peak_rss_mb']:.0f} |")
        lines += ["", "Where the time goes (seconds):", "", "| corpus | stage | load | claims | findings (rows) | entities | watchlist | timeline |",
                  "|---|---|---:|---:|---:|---:|---:|---:|"]
        rows = [(n, runs["pipeline"]) for n, runs in p["runs"].items()]
        rows += [(f"NER sample {p['ner_sample']}", p["ner"][s]) for s in ("pipeline", "pipeline_ner")]
        for n, r in rows:
            g = lambda k: f"{r[k]:.1f}" if k in r else "—"  # noqa: E731, B023 (called within this iteration only)
            lines.append(f"| {n} | {r['stage']} | {g('load_s')} | {g('claims_s')} | {g('findings_s')} ({r.get('findings', 0)}) | "
                         f"{g('entities_s')} | {g('watchlist_s')} | {g('timeline_s')} |")
        lines += ["", "| ratio | value | aim | met |", "|---|---:|---:|---|"]
        for k, v in p["ratios"].items():
            aim = AIMS.get(k)
            if aim is None:
                lines.append(f"| {k} | {v:.2f} | — | — |")
                continue
            met = v <= aim if k in ("linearity", "peak_rss_mb") else v >= aim
            sign = "≤" if k in ("linearity", "peak_rss_mb") else "≥"
            lines.append(f"| {k} | {v:.2f} | {sign} {aim:g} | {'yes' if met else 'NO'} |")
        lines.append("")
    par = results.get("parallel")
    if par:
        met = "yes" if par["ratio"] >= par["aim"] else "NO"
        lines += ["## Pipeline on all cores", "", "| documents | 1 worker s | 2 workers s | ratio | aim | met | outputs identical |",
                  "|---:|---:|---:|---:|---:|---|---|",
                  f"| {par['docs']} | {par['serial_s']:.1f} | {par['parallel_s']:.1f} | {par['ratio']:.2f} | "
                  f"≥ {par['aim']:g} | {met} | {'yes' if par['identical'] else 'NO: ' + par['difference']} |", ""]
        runs = {w: min(rs, key=lambda r: r["seconds"]) for w, rs in par["runs"].items()}
        lines += [f"CPU of the process tree: {runs['1']['cpu_s']:.1f} s on 1 worker, "
                  f"{runs[str(par['workers'])]['cpu_s']:.1f} s on {par['workers']}; machine load average before: "
                  f"{runs['1']['load_average']:.1f} and {runs[str(par['workers'])]['load_average']:.1f}.", ""]
        mem = par.get("memory")
        if mem:
            met = "yes" if mem["peak_pss_mb"] <= mem["aim_mb"] else "NO"
            lines += ["| documents | workers | seconds | peak MB (summed PSS) | aim | met | summed RSS MB | largest process MB |",
                      "|---:|---:|---:|---:|---:|---|---:|---:|",
                      f"| {mem['docs']} | {mem['workers']} | {mem['seconds']:.1f} | {mem['peak_pss_mb']:.0f} | "
                      f"≤ {mem['aim_mb']} | {met} | {mem['peak_rss_sum_mb']:.0f} | {mem['peak_rss_one_mb']:.0f} |", ""]
    b = results.get("book")
    if b:
        lines += ["## Book build", "", "| build | seconds | CPU s | load before | executed | from cache | ok |",
                  "|---|---:|---:|---:|---:|---:|---|"]
        for k, r in b.items():
            if k in ("stale_check", "kernel_floor"):
                continue
            ok = r["returncode"] == 0 and not r["warnings"]
            lines.append(f"| {k} | {r['seconds']:.1f} | {r.get('cpu_s', float('nan')):.1f} | {r.get('load_average', float('nan')):.1f} | "
                         f"{len(r['executed'])} | {len(r['from_cache'])} | {'yes' if ok else 'NO'} |")
        cold, off = b["cold"]["seconds"], b["execution_off"]["seconds"]
        lines += ["", f"- cold / execution off: {cold / off:.2f}× (CPU time: "
                  f"{b['cold'].get('cpu_s', float('nan')) / b['execution_off'].get('cpu_s', float('nan')):.2f}×; "
                  "a load average above 2 before a build means neighbours shared its two cores)"]
        again = b.get("cold_processed_corpus")
        if again:
            lines += [f"- cold with the corpus already processed / execution off: {again['seconds'] / off:.2f}× (CPU time: "
                      f"{again.get('cpu_s', float('nan')) / b['execution_off'].get('cpu_s', float('nan')):.2f}×): every "
                      "notebook executed, the processing cache warm"]
        lines += [
                  f"- rebuild unchanged / execution off: {b['rebuild_unchanged']['seconds'] / off:.2f}×",
                  f"- rebuild after one corpus file changed / execution off: {b['rebuild_one_file_changed']['seconds'] / off:.2f}×"
                  f" (re-executed: {', '.join(b['rebuild_one_file_changed']['executed']) or 'none'})",
                  f"- stale check: {b['stale_check']}", ""]
        kernels = b["cold"].get("notebook_seconds") or {}
        floor = b.get("kernel_floor")
        if kernels:
            lines += ["Where the cold build's time goes:", "",
                      f"- {len(kernels)} notebooks executed, {sum(kernels.values()):.1f} s of kernel time in all "
                      f"(as myst-nb reports it: kernel start, cells, shutdown), in a {cold:.1f} s build; "
                      f"the rest of the build, with execution off, takes {off:.1f} s.",
                      "- per notebook: " + ", ".join(f"{k} {v:.1f} s" for k, v in sorted(kernels.items(), key=lambda kv: -kv[1]))]
        if floor:
            lines += ["- the floor every notebook pays before its own work (an empty notebook: kernel start and "
                      "shutdown; one holding only `book.start()`: imports, cached corpus), measured in the same run; "
                      "the build forks its kernels from a kernel server (`book/_ext/warmkernels.py`): "
                      f"{_floor_text(floor)}."]
        lines.append("")
    bs = results.get("book_scale")
    if bs:
        cold, off = bs["cold"], bs["execution_off"]
        ok = lambda r: "yes" if r["returncode"] == 0 and not r["warnings"] else "NO"  # noqa: E731
        kernels = cold.get("notebook_seconds") or {}
        lines += [f"## Book build on {bs['docs']} generated articles", "",
                  "| build | seconds | CPU s | load before | executed | ok |", "|---|---:|---:|---:|---:|---|",
                  f"| processing cache filled first (the pipeline, NER included; not part of the build) | "
                  f"{bs['cache_fill']['seconds']:.1f} | — | — | — | — |",
                  f"| cold (every notebook executed, processing cache warm) | {cold['seconds']:.1f} | {cold['cpu_s']:.1f} | "
                  f"{cold['load_average']:.1f} | {len(cold['executed'])} | {ok(cold)} |",
                  f"| execution off | {off['seconds']:.1f} | {off['cpu_s']:.1f} | {off['load_average']:.1f} | "
                  f"{len(off['executed'])} | {ok(off)} |", "",
                  f"- cold build: {cold['seconds']:.1f} s (aim ≤ {BOOK_SCALE_AIM_S:g} s: "
                  f"{'met' if cold['seconds'] <= BOOK_SCALE_AIM_S else 'NOT met'}); cold / execution off: "
                  f"{cold['seconds'] / off['seconds']:.2f}×",
                  "- per notebook: " + ", ".join(f"{k} {v:.1f} s" for k, v in sorted(kernels.items(), key=lambda kv: -kv[1])), ""]
    ab = results.get("book_scale_ab")
    if ab:
        lines += [f"## Book build on {ab['docs']} generated articles: this checkout against {ab['old']}", "",
                  "| build | seconds | CPU s | load before | ok |", "|---|---:|---:|---:|---|"]
        lines += [f"| {b['label']} {b['run']} | {b['seconds']:.1f} | {b['cpu_s']:.1f} | {b['load_average']:.1f} | "
                  f"{'yes' if b['returncode'] == 0 and not b['warnings'] else 'NO'} |" for b in ab["builds"]]
        lines += ["", f"- best of each: old {ab['best']['old']['seconds']:.1f} s (CPU {ab['best']['old']['cpu_s']:.1f} s), "
                  f"new {ab['best']['new']['seconds']:.1f} s (CPU {ab['best']['new']['cpu_s']:.1f} s): old / new "
                  f"{ab['ratio']:.2f}×; the two HTML books byte-identical: {'yes' if ab['same_html'] else 'NO'}", ""]
    t = results.get("make_test")
    if t:
        lines += ["## make test", "", f"{t['seconds']:.0f} s wall, exit {t['returncode']}: {t['summary']}", "",
                  "Where it goes (seconds per part of the suite; the book builds run in the background while the "
                  "unit tests run, so a setup step shows only the wait that was left):", "",
                  "| seconds | part |", "|---:|---|"]
        lines += [f"| {v:.1f} | {k} |" for k, v in t.get("by_group", {}).items()]
        lines += ["", "The 15 slowest steps:", "", "| seconds | phase | test |", "|---:|---|---|"]
        lines += [f"| {d['seconds']:.1f} | {d['when']} | {d['test']} |" for d in t["durations"]]
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark the pipeline, the book build and the tests.")
    parser.add_argument("--sizes", default="1000,10000", help="corpus sizes for the pipeline (comma-separated)")
    parser.add_argument("--ner-sample", type=int, default=500, help="documents for the NER comparison (0: the smallest size)")
    parser.add_argument("--parallel-docs", type=int, default=1000, help="documents for the 1-vs-2-workers comparison")
    parser.add_argument("--memory-docs", type=int, default=10000,
                        help="documents for the peak memory of the pipeline on 2 workers (0: skip)")
    parser.add_argument("--book-docs", type=int, default=1000, help="generated articles for the book-scale build")
    parser.add_argument("--book-old", type=Path,
                        help="with --only book-scale: build this other checkout's book too, alternating with this one's")
    parser.add_argument("--book-repeats", type=int, default=2, help="builds of each checkout with --book-old")
    parser.add_argument("--only", choices=("pipeline", "parallel", "book", "book-scale", "make-test"), action="append",
                        help="run only this part (repeatable)")
    parser.add_argument("--skip-make-test", action="store_true", help="do not time the test suite")
    parser.add_argument("--out", type=Path, default=HERE / "out", help="results folder (default bench/out)")
    parser.add_argument("--stage", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.stage:
        print(json.dumps(stage(args.stage, args.corpus)))
        return 0

    parts = set(args.only or ("pipeline", "parallel", "book", "book-scale", "make-test"))
    if args.skip_make_test:
        parts.discard("make-test")
    args.out.mkdir(parents=True, exist_ok=True)
    results: dict = {"machine": f"{platform.node()} · {os.cpu_count()} CPUs · Python {platform.python_version()}",
                     "started": time.strftime("%Y-%m-%d %H:%M:%S")}
    if "pipeline" in parts:
        results["pipeline"] = bench_pipeline([int(s) for s in args.sizes.split(",")], args.ner_sample, args.out)
    if "parallel" in parts:
        results["parallel"] = bench_parallel(args.parallel_docs, args.out, args.memory_docs)
    if "book" in parts:
        results["book"] = bench_book(args.out)
    if "book-scale" in parts and args.book_old:
        results["book_scale_ab"] = book_at_scale_ab(args.book_docs, args.out, args.book_old.resolve(), args.book_repeats)
    elif "book-scale" in parts:
        results["book_scale"] = bench_book_at_scale(args.book_docs, args.out)
    if "make-test" in parts:
        results["make_test"] = bench_make_test()
    (args.out / "results.json").write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    text = summary(results)
    (args.out / "summary.md").write_text(text, encoding="utf-8")
    print("\n" + text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
