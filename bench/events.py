"""Event extraction quality on the hand-annotated development set: the timeline against the gold events.

    .venv/bin/python bench/events.py                  # precision, recall and accuracy per field
    .venv/bin/python bench/events.py --errors status  # every matched event whose status is wrong
    .venv/bin/python bench/events.py --missed         # gold events no timeline row matches
    .venv/bin/python bench/events.py --spurious       # timeline rows that match no gold event
    .venv/bin/python bench/events.py --watchlist      # watchlist rows, each right or not
    .venv/bin/python bench/events.py --figure 400     # the chronology figure on a generated 400-article corpus

Not a test (nothing fails here); tests/events/test_event_scores.py holds the floors the scores may not
fall below. How events are aligned and scored: analysis/events/scoring.py; the development set and how
it was annotated: tests/data/devset/README.md.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from analysis.events.scoring import FIELDS, evaluate_events, watchlist_precision
from analysis.events.timeline import document_reports, event_reports
from analysis.pipeline import load

DEVSET = Path(__file__).resolve().parent.parent / "tests" / "data" / "devset"


def _short(text, n: int = 90) -> str:
    text = str(text)
    return text if len(text) <= n else text[: n - 1] + "…"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", choices=FIELDS, help="list the matched events whose FIELD is wrong")
    parser.add_argument("--missed", action="store_true", help="list the gold events no timeline row matches")
    parser.add_argument("--spurious", action="store_true", help="list the timeline rows that match no gold event")
    parser.add_argument("--watchlist", action="store_true", help="list the watchlist rows and whether each is right")
    parser.add_argument("--devset", type=Path, default=DEVSET)
    parser.add_argument("--figure", type=int, metavar="N",
                        help="draw the chronology of a generated N-article corpus (bench/corpus_gen.py) and count "
                             "its events, marks and labels, instead of scoring the development set")
    args = parser.parse_args(argv)
    if args.figure:
        return figure_at_scale(args.figure)
    corpus = load(args.devset / "corpus", use_cache=False)
    # scored per article: each event once per article, as the annotation lists it
    reports = event_reports(corpus.sentences, corpus.documents, corpus.entities)
    timeline = document_reports(reports).reset_index(drop=True)
    scores, pairs, aligned = evaluate_events(timeline, corpus.documents, corpus.sentences, args.devset)
    print(f"Development set: {len(corpus.documents)} articles, {scores.gold} annotated events "
          f"({scores.in_scope} of kinds the timeline has), {scores.system} timeline rows\n")
    print(scores.report())
    right, listed, wrows = watchlist_precision(corpus.watchlist, corpus.documents, corpus.sentences, args.devset)
    print(f"| watchlist precision (planned/proposed events, targets, forecasts) | "
          f"{right / listed if listed else 0.0:.3f} | {right}/{listed} |")
    with pd.option_context("display.width", 250, "display.max_colwidth", 70, "display.max_rows", 1000):
        if args.errors:
            f = args.errors
            wrong = pairs[~pairs[f"{f}_ok"]][["doc_id", "text", "kind", f"{f}_gold", f"{f}_system"]]
            print(f"\n{len(wrong)} matched events with a wrong {f}:\n{wrong.to_string(index=False)}")
        if args.missed:
            missed = aligned[aligned["row"].isna()].copy()
            kinds = list(timeline["kind"])
            missed["in_sentence"] = [kinds[int(k)] if pd.notna(k) else "" for k in missed["any_row"]]
            cols = ["doc_id", "text", "kind", "status", "date", "in_sentence"]
            print(f"\n{len(missed)} gold events not found (in_sentence: the kind of a row of their sentence):\n"
                  f"{missed[cols].to_string(index=False)}")
        if args.watchlist:
            cols = ["doc_id", "item", "date_to_check", "source", "right"]
            print(f"\nwatchlist ({listed} rows scored; derived rows left out):\n{wrows[cols].to_string(index=False)}")
        if args.spurious:
            used = {int(k) for k in aligned["row"].dropna()}
            extra = timeline[[k not in used for k in range(len(timeline))]].copy()
            extra["quote"] = extra["quote"].map(_short)
            cols = [c for c in ("doc_id", "kind", "status", "date", "trigger", "quote") if c in extra.columns]
            print(f"\n{len(extra)} timeline rows matching no gold event:\n{extra[cols].to_string(index=False)}")
    return 0


def figure_at_scale(n: int) -> int:
    """Print how the overview's chronology figure reads on a generated corpus of *n* articles: dated events,
    the marks drawn (one per event, or per kind and quarter above ``MAX_TIMELINE_EVENTS``) and the labels."""
    import tempfile

    from corpus_gen import generate

    from analysis.book import figures

    with tempfile.TemporaryDirectory() as tmp:
        corpus = load(generate(n, Path(tmp) / f"corpus_{n}"), use_cache=False)
        events, unresolved = figures.timeline_events(corpus.timeline)
        fig = figures.relations_timeline(corpus.timeline)
    main = next(a for a in fig.axes if a.get_gid() == "timeline-main")
    marks = [ln for ln in main.get_lines() if (ln.get_gid() or "").startswith(("event:", "cell:"))]
    keyed = main.get_xlabel().count("×")
    print(f"| articles | timeline rows | dated events | undated/unresolved | marks | labels on the axis | key entries "
          f"| lanes | height (in) |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n"
          f"| {n} | {len(corpus.timeline)} | {len(events)} | {len(unresolved)} | {len(marks)} | {len(main.texts)} "
          f"| {keyed} | {len(main.get_yticklabels())} | {fig.get_figheight():.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
