"""What language detection costs: the detector's start-up, per document, and as a share of reading.

    .venv/bin/python bench/language.py            # seeds + 1,000 generated documents
    .venv/bin/python bench/language.py --n 5000

Measured side by side in one run (best of ``--repeats``):

* the first call of :func:`analysis.ingest.language.detect_language` (building the detector and
  loading its models from the wheel);
* detection alone on every seed and on every generated document (ms per document), and on the
  generated documents without the ``russian_letters`` shortcut (lingua asked every time);
* :func:`analysis.ingest.reading.read_corpus` on the generated corpus as it is, and with detection
  replaced by a constant "Russian" — the ratio is what detection adds to reading a corpus.

The generated corpus comes from ``bench/corpus_gen.py`` (written under ``bench/out/``).
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import corpus_gen

from analysis.ingest import language, reading
from analysis.ingest.headers import parse_date_header

OUT = Path(__file__).resolve().parent / "out"


def _best(fn, repeats: int) -> float:
    """Seconds of the fastest of *repeats* calls of *fn*."""
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def _texts(folder: Path) -> list[str]:
    return [parse_date_header(p.read_text(encoding="utf-8"))[2] for p in sorted(folder.glob("*.txt"))]


def _read(folder: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reading.read_corpus(folder)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="generated documents (default 1000)")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)

    t = time.perf_counter()
    # an English sentence: Russian text may not need lingua at all, this loads its models
    language.detect_language("Kazakhstan and Azerbaijan signed an agreement on the transit of oil through Aktau.")
    first = time.perf_counter() - t

    seeds = _texts(corpus_gen.SEEDS)
    corpus = corpus_gen.ensure(args.n, OUT / f"corpus_{args.n}")
    generated = _texts(corpus)
    per_seed = _best(lambda: [language.detect_language(x) for x in seeds], args.repeats) / len(seeds)
    per_doc = _best(lambda: [language.detect_language(x) for x in generated], args.repeats) / len(generated)
    russian = sum(language.detect_language(x).is_russian for x in generated)
    rules = language.RULES
    language.RULES = tuple(r for r in rules if r is not language.russian_letters)
    try:
        per_doc_lingua = _best(lambda: [language.detect_language(x) for x in generated], args.repeats) / len(generated)
    finally:
        language.RULES = rules

    # interleaved, so that load from other processes falls on both alike
    constant = language.Detection("ru", "Russian", "bench")
    real = reading.detect_language
    with_times, without_times = [], []
    for _ in range(args.repeats):
        with_times.append(_best(lambda: _read(corpus), 1))
        reading.detect_language = lambda text: constant
        try:
            without_times.append(_best(lambda: _read(corpus), 1))
        finally:
            reading.detect_language = real
    with_detection, without = min(with_times), min(without_times)

    print(f"detector start-up (first call on English, models loaded from the wheel): {first * 1000:.0f} ms")
    print(f"detection on the {len(seeds)} seeds: {per_seed * 1000:.2f} ms/doc")
    print(f"detection on {len(generated)} generated docs: {per_doc * 1000:.2f} ms/doc "
          f"({russian}/{len(generated)} detected Russian); "
          f"{per_doc_lingua * 1000:.2f} ms/doc asking lingua every time "
          f"(the russian_letters rule is {per_doc_lingua / per_doc:.1f}× cheaper)")
    print(f"read_corpus on {len(generated)} docs: {with_detection:.2f} s with detection, {without:.2f} s without "
          f"(ratio {with_detection / without:.2f}×, detection ≈ {(with_detection - without) / with_detection:.0%} of reading)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
