"""Generate a benchmark corpus of N articles from the seeds, deterministically.

Each article is made of 7–16 paragraphs drawn from the pool of all seed paragraphs, in shuffled
order, with every number replaced, a new date header, and indeclinable place/outlet names swapped.
Articles differ enough that the near-duplicate detector keeps them apart (word 5-gram Jaccard far
below 0.9), yet read like the seeds, so the NLP does the same kind of work per character.

    python bench/corpus_gen.py 1000 bench/out/corpus_1000      # writes 1000 files
    python bench/corpus_gen.py 10000 bench/out/corpus_10000 --seed 7

The same (n, seed) always gives the same bytes (random.Random with a string seed is stable across
processes and PYTHONHASHSEED).
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
from datetime import date, timedelta
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SEEDS = REPO_ROOT / "seeds"

_HEADER = re.compile(r"^\s*date\s+\S+\s*")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
#: Indeclinable names: swapping them keeps the Russian grammatical.
_SWAPS = [
    ("Report", "Trend", "APA", "Day.Az", "Kazinform", "Tengrinews"),
    ("Баку", "Алматы", "Тбилиси"),
    ("Актау", "Курык", "Алят"),
]


def seed_paragraphs(seeds: Path = SEEDS) -> list[str]:
    """All paragraphs of the seed articles (date headers removed), in file order."""
    out = []
    for p in sorted(seeds.glob("*.txt")):
        text = _HEADER.sub("", p.read_text(encoding="utf-8"), count=1)
        out += [q.strip() for q in re.split(r"\n\s*\n", text) if len(q.strip()) > 40]
    return out


def _vary_number(m: re.Match, rng: random.Random) -> str:
    s = m.group()
    if re.fullmatch(r"(19|20)\d\d", s):  # a year: stay plausible
        return str(rng.randint(2015, 2030))
    if "," in s or "." in s:
        return f"{rng.uniform(0.1, 99):.1f}".replace(".", ",")
    return str(rng.randint(1, 10 ** len(s) - 1))


def article(i: int, pool: list[str], seed: int = 0) -> str:
    """Return the text of article *i* (with its date header)."""
    rng = random.Random(f"caspian-bench-{seed}-{i}")
    paras = rng.sample(pool, k=min(len(pool), rng.randint(7, 16)))
    out = []
    for p in paras:
        p = _NUMBER.sub(lambda m: _vary_number(m, rng), p)
        for group in _SWAPS:
            for name in group:
                if name in p:
                    p = p.replace(name, rng.choice(group))
        out.append(p)
    day = date(2023, 1, 1) + timedelta(days=rng.randrange(3 * 365))
    return f" date {day.isoformat()} " + "\n\n".join(out) + "\n"


def _marker(out: Path) -> Path:
    """A file beside the corpus (not in it: the reader would list it) saying what was generated."""
    return out.parent / f"{out.name}.complete"


def generate(n: int, out: Path, seed: int = 0) -> Path:
    """Write *n* articles into *out* (created; existing .txt files there are removed first)."""
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.txt"):
        old.unlink()
    pool = seed_paragraphs()
    width = max(5, len(str(n)))
    for i in range(n):
        text = article(i, pool, seed)
        digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
        (out / f"{i:0{width}d}_{digest}.txt").write_text(text, encoding="utf-8")
    _marker(out).write_text(f"{n} {seed}\n")
    return out


def ensure(n: int, out: Path, seed: int = 0) -> Path:
    """Generate the corpus unless *out* already holds this exact one."""
    marker = _marker(out)
    if not (marker.exists() and marker.read_text().split() == [str(n), str(seed)]):
        generate(n, out, seed)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("out", type=Path, help="output folder")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    generate(args.n, args.out, args.seed)
    print(f"wrote {args.n} articles to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
