"""Command line: ``python -m analysis TABLE [CORPUS_DIR] [--format json|csv]``.

Writes one of the book's tables to standard output, computed by the same functions the notebooks
call. ``python -m analysis snapshot seeds`` instead writes the snapshot of the assessed corpus
(``analysis/data/editorial/assessed_facts.json``, see :mod:`analysis.book.changes`): run it after a
change that alters a glued fact, a claim or a finding on the seeds (``make test`` says when). Exit status 0 when the corpus was read (even if some files were skipped: see ``manifest``),
2 with a one-line message when the corpus directory cannot be read.
"""

from __future__ import annotations

import argparse
import json
import math
import sys

import pandas as pd

from analysis.book.changes import write_snapshot
from analysis.paths import corpus_dir
from analysis.pipeline import load

#: table name → (description, columns shown, or None for all columns)
TABLES: dict[str, tuple[str, tuple[str, ...] | None]] = {
    "manifest": ("one row per corpus file: loaded / skipped / duplicate, with the reason", (
        "file", "doc_id", "status", "reason", "encoding", "published", "date_status", "outlet",
        "characters", "sentences", "duplicate_of", "language")),
    "sentences": ("one row per sentence, with tracks and speaker", (
        "doc_id", "sentence_id", "paragraph", "start", "end", "text", "tracks", "speaker")),
    "entities": ("named entities with canonical English names (loads the NER models)", (
        "doc_id", "sentence_id", "text", "normal", "kind", "canonical")),
    "tracks": ("one row per document: sentence counts per track", None),
    "claims": ("the register of quantitative claims with provenance, whose figure each is, and why", (
        "claim_id", "doc_id", "sentence_id", "quote", "value", "unit", "qualifier", "period_start",
        "period_end", "period_kind", "indicator", "track", "speaker", "outlet", "published",
        "subject", "bilateral", "kind", "why")),
    "consistency": ("cross-source consistency findings", None),
    "timeline": ("dated events (visits, summits, talks, agreements; loads the NER models)", None),
    "watchlist": ("future-dated targets and commitments (loads the NER models)", None),
}

#: The command that writes the snapshot of the assessed corpus instead of a table.
SNAPSHOT = "snapshot"


def table(name: str, corpus) -> pd.DataFrame:
    """Return the table *name* of *corpus* (an :class:`analysis.pipeline.Corpus`)."""
    frame = {
        "manifest": lambda: corpus.manifest,
        "sentences": lambda: corpus.sentences,
        "entities": lambda: corpus.entities,
        "tracks": lambda: corpus.coverage,
        "claims": lambda: corpus.claims,
        "consistency": lambda: corpus.findings,
        "timeline": lambda: corpus.timeline,
        "watchlist": lambda: corpus.watchlist,
    }[name]()
    columns = TABLES[name][1]
    if columns is not None:
        frame = frame[[c for c in columns if c in frame.columns]]
    return frame.reset_index(drop=True)


def _plain(value):
    """Return *value* as something JSON and CSV show plainly (tuples → lists / 'a;b', NaN → None)."""
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def to_records(frame: pd.DataFrame) -> list[dict]:
    """Return *frame* as a list of plain dicts (column name → value)."""
    return [{c: _plain(v) for c, v in zip(frame.columns, row)} for row in frame.itertuples(index=False)]


def write(frame: pd.DataFrame, fmt: str, out) -> None:
    """Write *frame* to *out* as JSON (a list of objects) or CSV (sequences joined with ';')."""
    if fmt == "json":
        json.dump(to_records(frame), out, ensure_ascii=False, indent=1)
        out.write("\n")
    else:
        flat = frame.map(lambda v: ";".join(map(str, v)) if isinstance(v, (tuple, list)) else v)
        flat.to_csv(out, index=False, lineterminator="\n")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m analysis",
        description="Export the briefing book's tables from a corpus of Russian news articles.",
        epilog="Tables: " + "; ".join(f"{k} — {v[0]}" for k, v in TABLES.items())
        + f"; {SNAPSHOT} — write the snapshot of the assessed corpus (analysis/data/editorial/assessed_facts.json)"
        + ". The corpus defaults to $BRIEFING_CORPUS, else seeds/.",
    )
    parser.add_argument("table", choices=[*sorted(TABLES), SNAPSHOT], help="which table to write (or snapshot)")
    parser.add_argument("corpus_dir", nargs="?", default=None, help="corpus directory (default: $BRIEFING_CORPUS or seeds/)")
    parser.add_argument("--format", choices=("json", "csv"), default="json", help="output format (default json)")
    parser.add_argument("--output", default=None,
                        help="snapshot only: write it here instead of analysis/data/editorial/assessed_facts.json")
    parser.add_argument("--no-cache", action="store_true", help="process the corpus afresh instead of using the on-disk cache")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""

    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser()
    if not argv:
        parser.print_help()
        return 0
    args = parser.parse_args(argv)
    root = corpus_dir(args.corpus_dir)
    if not root.is_dir():
        print(f"python -m analysis: cannot read corpus directory {root}: not a directory", file=sys.stderr)
        return 2
    try:
        corpus = load(root, use_cache=not args.no_cache)
    except OSError as exc:
        print(f"python -m analysis: cannot read corpus directory {root}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    for problem in corpus.problems:
        print(f"warning: {problem}", file=sys.stderr)
    if args.table == SNAPSHOT:
        path = write_snapshot(corpus, root.name, args.output)
        print(f"wrote {path}", file=sys.stderr)
        return 0
    write(table(args.table, corpus), args.format, sys.stdout)
    return 0
