"""The claims register's speed against another checkout's, side by side in one run.

    .venv/bin/python bench/compare_claims.py --old /path/to/old/checkout [--corpus bench/out/corpus_1000] [--repeats 2]

The corpus is read and split into sentences once (this checkout's pipeline, its cache); then each
checkout's ``claims_register`` runs on the same sentences in a fresh interpreter, the two alternating
``--repeats`` times so that a neighbour's load falls on both. Prints each run, the best of each, their
ratio and whether both found the same number of claims. Not a test: nothing fails.
"""

from __future__ import annotations

import argparse
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_RUN = """
import sys, time, pickle
sys.path.insert(0, sys.argv[1])
import analysis.claims.register as R
sents, docs = pickle.load(open(sys.argv[2], "rb"))
t = time.perf_counter(); c = R.claims_register(sents, docs); dt = time.perf_counter() - t
print(f"{dt:.3f} {len(c)}")
"""


def _time(tree: Path, data: Path) -> tuple[float, int]:
    out = subprocess.run([sys.executable, "-c", _RUN, str(tree), str(data)], check=True, capture_output=True,
                         text=True).stdout.split()
    return float(out[0]), int(out[1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--old", required=True, type=Path, help="another checkout of the project (e.g. a git worktree)")
    ap.add_argument("--corpus", type=Path, default=ROOT / "bench" / "out" / "corpus_1000")
    ap.add_argument("--repeats", type=int, default=2)
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    from analysis.pipeline import load

    corpus = load(args.corpus)
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "sentences.pkl"
        data.write_bytes(pickle.dumps((corpus.sentences, corpus.documents)))
        runs: dict[str, list[tuple[float, int]]] = {"old": [], "new": []}
        for _ in range(args.repeats):
            for name, tree in (("old", args.old), ("new", ROOT)):
                runs[name].append(_time(tree, data))
                print(f"{name}: {runs[name][-1][0]:.2f} s, {runs[name][-1][1]} claims")
    best = {k: min(t for t, _ in v) for k, v in runs.items()}
    same = {n for _, n in runs["old"]} == {n for _, n in runs["new"]}
    print(f"{len(corpus.sentences)} sentences; best old {best['old']:.2f} s, new {best['new']:.2f} s; "
          f"new / old = {best['new'] / best['old']:.2f}×; same number of claims: {same}")


if __name__ == "__main__":
    main()
