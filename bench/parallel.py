"""Benchmark: the pipeline with NER on N generated documents, 1 worker against 2, side by side.

    .venv/bin/python bench/parallel.py                 # 1,000 documents, 1 vs 2 workers
    .venv/bin/python bench/parallel.py --docs 300 --repeats 2

Each run is a fresh interpreter (``--stage``) with ``BRIEFING_WORKERS`` set and an empty temporary
``BRIEFING_CACHE`` (the per-document cache is cold every time): it times ``load()`` (reading,
sentences with lemmas, speakers and tracks) plus ``Corpus.entities`` (NER), pool start-up and model
loading included, and saves the two tables. The runs alternate (1, 2, 1, 2 … with ``--repeats``) so
a neighbour's load on a shared machine falls on both; the best time of each is kept. It prints both
times, the ratio (the issue's aim: ≥ 1.8 on two cores) and whether the outputs are identical
(``pandas.testing.assert_frame_equal``). Each run also reports its CPU time (its own and its
workers') and the machine's load average when it started: on a machine shared with other jobs the
wall times mean little when that load is above the core count.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import corpus_gen  # noqa: E402

AIM = 1.8
#: Peak memory of the pipeline with NER on 10,000 documents, all processes together (MB).
MEMORY_AIM_MB = 2048


def _descendants(root: int) -> list[int]:
    """The processes below *root* (its workers, their fork server), from /proc."""
    parent: dict[int, int] = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                parent[int(d.name)] = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        kids = [p for p, pp in parent.items() if pp == pid]
        out += kids
        todo += kids
    return out


def _proc_cpu(pid: int) -> float:
    """User + system CPU seconds of a live process (0 if it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _proc_memory(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of a live process in KiB; PSS shares each shared page among the processes that
    map it, so the PSS of several processes adds up to the memory they really use."""
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0, 0
    values = {line.split(":")[0]: int(line.split()[1]) for line in rollup.splitlines()[1:] if line.split()[-1] == "kB"}
    return values.get("Rss", 0), values.get("Pss", 0)


class MemorySampler:
    """Samples, every *interval* seconds, the memory of this process and all its descendants: the
    peak of their summed PSS (what the run as a whole holds), of their summed RSS (counting shared
    pages once per process: an upper bound), and the largest single process's RSS."""

    def __init__(self, interval: float = 0.2):
        self.interval, self.peak_pss, self.peak_rss_sum, self.peak_rss_one = interval, 0, 0, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        mem = [_proc_memory(p) for p in [os.getpid(), *_descendants(os.getpid())]]
        self.peak_pss = max(self.peak_pss, sum(m[1] for m in mem))
        self.peak_rss_sum = max(self.peak_rss_sum, sum(m[0] for m in mem))
        self.peak_rss_one = max([self.peak_rss_one, *(m[0] for m in mem)])

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample()

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self._sample()

    def result(self) -> dict:
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB: this process's own peak, exact
        return {"peak_pss_mb": self.peak_pss / 1024, "peak_rss_sum_mb": self.peak_rss_sum / 1024,
                "peak_rss_one_mb": max(self.peak_rss_one, own) / 1024, "main_maxrss_mb": own / 1024}


def tree_cpu() -> float:
    """CPU seconds of this process, of its children already reaped, and of its live descendants
    (the workers and their fork server, which is not a child of this process's own: forked workers
    are the server's children, so ``RUSAGE_CHILDREN`` alone would miss them)."""
    reaped = sum(getattr(resource.getrusage(who), f) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
                 for f in ("ru_utime", "ru_stime"))
    return reaped + sum(_proc_cpu(p) for p in _descendants(os.getpid()))


def stage(corpus: Path, out: Path | None) -> dict:
    """Process *corpus* with NER in this process (cold cache); pickle the tables to *out* (if given).

    Times ``load()`` and ``Corpus.entities``; counts the CPU of the whole process tree and samples
    its memory while it runs."""
    import pandas as pd

    from analysis.parallel import _shutdown_pools
    from analysis.pipeline import load

    cpu0 = tree_cpu()
    with MemorySampler() as memory:
        t0 = time.perf_counter()
        c = load(corpus)
        t_load = time.perf_counter() - t0
        entities = c.entities
        seconds = time.perf_counter() - t0
        cpu = tree_cpu() - cpu0  # before the pool shuts down: its workers are counted while alive
    if out is not None:
        pd.to_pickle({"sentences": c.sentences, "entities": entities}, out)
    _shutdown_pools()
    return {"seconds": seconds, "load_s": t_load, "entities_s": seconds - t_load, "cpu_s": cpu,
            "docs": len(c.documents), "sentences": len(c.sentences), "entities": len(entities), **memory.result()}


def run(corpus: Path, workers: int, work: Path, i: int, tables: bool = True) -> dict:
    """Run one stage in a fresh interpreter with *workers* workers and an empty cache (its tables
    saved in *work* when *tables*)."""
    cache = Path(tempfile.mkdtemp(prefix="bench-parallel-cache-", dir=work))
    out = work / f"tables_{workers}_{i}.pkl" if tables else None
    env = dict(os.environ, BRIEFING_WORKERS=str(workers), BRIEFING_CACHE=str(cache))
    env.pop("BRIEFING_SCHEDULER", None)
    env.pop("BRIEFING_CORPUS", None)
    load_avg = os.getloadavg()[0]
    t0 = time.perf_counter()
    command = [sys.executable, str(Path(__file__).resolve()), "--stage", str(corpus)]
    proc = subprocess.run(command + (["--tables", str(out)] if out else []), cwd=REPO_ROOT, env=env,
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"{workers} worker(s) failed:\n{proc.stderr[-3000:]}")
    shutil.rmtree(cache, ignore_errors=True)
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result.update(workers=workers, wall_s=time.perf_counter() - t0, tables=str(out), load_average=load_avg)
    print(f"  {workers} worker(s): {result['seconds']:6.1f} s  (load {result['load_s']:.1f} s, "
          f"entities {result['entities_s']:.1f} s; {result['wall_s']:.1f} s with interpreter start; "
          f"CPU {result['cpu_s']:.1f} s; peak memory {result['peak_pss_mb']:.0f} MB PSS; "
          f"machine load average before {load_avg:.1f})", flush=True)
    return result


def identical(a: str, b: str) -> tuple[bool, str]:
    """Whether the tables pickled at *a* and *b* are equal (and if not, the first difference)."""
    import pandas as pd

    ta, tb = pd.read_pickle(a), pd.read_pickle(b)
    try:
        for name in ("sentences", "entities"):
            pd.testing.assert_frame_equal(ta[name], tb[name], check_exact=True)
    except AssertionError as e:
        return False, str(e).splitlines()[0]
    return True, ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Pipeline with NER: 1 worker vs 2, side by side.")
    parser.add_argument("--docs", type=int, default=1000, help="generated documents (default 1000)")
    parser.add_argument("--repeats", type=int, default=1, help="runs of each setting, alternating (best kept)")
    parser.add_argument("--workers", type=int, default=2, help="the parallel setting (default 2)")
    parser.add_argument("--out", type=Path, default=HERE / "out", help="where the corpus and results go")
    parser.add_argument("--stage", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--tables", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--memory", type=int, metavar="N",
                        help="also run the pipeline with NER once on N generated documents (all workers): peak memory")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    if args.stage:  # a child run: --tables is the file its tables go to (none: not saved)
        print(json.dumps(stage(args.stage, args.tables)))
        return 0
    result = compare(args.docs, args.workers, args.repeats, args.out)
    if args.memory:
        result["memory"] = memory(args.memory, args.workers, args.out)
    if args.json:
        args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")
    return 0 if result["identical"] else 1


def compare(docs: int = 1000, workers: int = 2, repeats: int = 1, out: Path = HERE / "out") -> dict:
    """Time the pipeline with NER on *docs* generated documents, 1 worker vs *workers*; return the
    results (times, ratio, whether the outputs are identical)."""
    out.mkdir(parents=True, exist_ok=True)
    corpus = corpus_gen.ensure(docs, out / f"corpus_{docs}")
    print(f"[parallel] {docs} documents, pipeline with NER, 1 vs {workers} workers, {os.cpu_count()} CPUs", flush=True)
    work = Path(tempfile.mkdtemp(prefix="bench-parallel-", dir=out))
    try:
        runs: dict[int, list[dict]] = {1: [], workers: []}
        for i in range(repeats):
            for w in runs:
                runs[w].append(run(corpus, w, work, i))
        best = {w: min(rs, key=lambda r: r["seconds"]) for w, rs in runs.items()}
        same, why = identical(best[1]["tables"], best[workers]["tables"])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    ratio = best[1]["seconds"] / best[workers]["seconds"]
    print(f"  1 worker {best[1]['seconds']:.1f} s, {workers} workers {best[workers]['seconds']:.1f} s: "
          f"{ratio:.2f}× (aim ≥ {AIM}: {'met' if ratio >= AIM else 'NOT met'}); "
          f"outputs {'identical' if same else 'DIFFER: ' + why}", flush=True)
    return {"docs": docs, "workers": workers, "serial_s": best[1]["seconds"], "parallel_s": best[workers]["seconds"],
            "ratio": ratio, "aim": AIM, "identical": same, "difference": why,
            "runs": {str(w): rs for w, rs in runs.items()}}


def memory(docs: int = 10_000, workers: int = 2, out: Path = HERE / "out") -> dict:
    """Run the pipeline with NER once on *docs* generated documents with *workers* workers (empty
    cache); return its times and peak memory (the issue's aim: ≤ 2 GB at 10,000 documents)."""
    out.mkdir(parents=True, exist_ok=True)
    corpus = corpus_gen.ensure(docs, out / f"corpus_{docs}")
    print(f"[memory] {docs} documents, pipeline with NER, {workers} workers", flush=True)
    work = Path(tempfile.mkdtemp(prefix="bench-memory-", dir=out))
    try:
        result = run(corpus, workers, work, 0, tables=False)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    mb = MEMORY_AIM_MB
    print(f"  peak memory of the run: {result['peak_pss_mb']:.0f} MB summed PSS (aim ≤ {mb}: "
          f"{'met' if result['peak_pss_mb'] <= mb else 'NOT met'}); summed RSS {result['peak_rss_sum_mb']:.0f} MB, "
          f"largest process {result['peak_rss_one_mb']:.0f} MB", flush=True)
    return {**result, "aim_mb": mb}


if __name__ == "__main__":
    raise SystemExit(main())
