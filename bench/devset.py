"""Extraction quality on the hand-annotated development set: precision, recall and accuracy per field.

    .venv/bin/python bench/devset.py                 # the scores
    .venv/bin/python bench/devset.py --errors period # and every matched figure whose period is wrong
    .venv/bin/python bench/devset.py --missed        # gold figures the register does not find

Not a test (nothing fails here); tests/claims/test_devset.py holds the floors the scores may not fall
below. The development set and how it was annotated: tests/data/devset/README.md.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from analysis.evaluation import FIELDS, evaluate
from analysis.pipeline import load

DEVSET = Path(__file__).resolve().parent.parent / "tests" / "data" / "devset"


def _print_why(corpus, wrong: pd.DataFrame, field: str) -> None:
    """Each wrong claim with its sentence and its ``why`` (the rules that decided each field)."""
    claims = corpus.claims.set_index("claim_id")
    text = dict(zip(corpus.sentences["sentence_id"], corpus.sentences["text"]))
    for row in wrong.itertuples(index=False):
        c = claims.loc[row.claim_id]
        print(f"\n{row.claim_id} {row.text!r}: gold {getattr(row, field + '_gold')} / system {getattr(row, field + '_system')}")
        print(f"  {text.get(c['sentence_id'], '')}")
        print(f"  why: {c['why']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", choices=FIELDS, help="list the matched figures whose FIELD is wrong")
    parser.add_argument("--missed", action="store_true", help="list the gold figures no claim matches")
    parser.add_argument("--why", action="store_true", help="with --errors: each claim's sentence and the rules that decided it")
    parser.add_argument("--devset", type=Path, default=DEVSET)
    args = parser.parse_args(argv)
    corpus = load(args.devset / "corpus", use_cache=False)
    scores, pairs, aligned = evaluate(corpus, args.devset)
    print(f"Development set: {scores.docs} articles, {scores.gold} annotated figures, {scores.system} claims\n")
    print(scores.report())
    with pd.option_context("display.width", 200, "display.max_colwidth", 60, "display.max_rows", 1000):
        if args.errors:
            f = args.errors
            wrong = pairs[~pairs[f"{f}_ok"]][["doc_id", "text", f"{f}_gold", f"{f}_system"]]
            print(f"\n{len(wrong)} matched figures with a wrong {f}:\n{wrong.to_string(index=False)}")
            if args.why:
                _print_why(corpus, pairs[~pairs[f"{f}_ok"]], f)
        if args.missed:
            missed = aligned[aligned["claim_id"].map(lambda x: not isinstance(x, str))]
            print(f"\n{len(missed)} gold figures not found:\n{missed[['doc_id', 'text', 'value', 'unit']].to_string(index=False)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
