"""What the book's notebooks call: one start-up, glue that only takes plain values, figure output.

A notebook's first cell is ``corpus = book.start()``: it applies the figure style and loads the
processed corpus once (from the on-disk cache after the first notebook).
"""

from __future__ import annotations

import math
import numbers

import pandas as pd

from analysis import figures
from analysis.pipeline import Corpus, load


def start(path=None) -> Corpus:
    """Apply the house style and return the processed corpus (``$BRIEFING_CORPUS`` or ``seeds/``)."""
    figures.use_style()
    pd.set_option("display.max_colwidth", 80)
    return load(path)


def plain(value):
    """Return *value* as a plain Python ``int``/``float``/``str`` (NumPy scalars break glue formats)."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        v = float(value)
        return "—" if math.isnan(v) else v
    return str(value)


def glue(key: str, value) -> None:
    """Glue *value* under *key* for ``{glue:text}`` in the prose, without displaying it here."""
    from myst_nb import glue as _glue

    _glue(key, plain(value), display=False)


def glue_all(values: dict) -> None:
    """Glue every item of *values* (key → value)."""
    for key, value in values.items():
        glue(key, value)


def glue_figure(key: str, fig) -> None:
    """Glue a matplotlib figure for a ``{glue:figure}`` directive on the same page, then close it."""
    import matplotlib.pyplot as plt
    from myst_nb import glue as _glue

    _glue(key, fig, display=False)
    plt.close(fig)


def short_id(doc_id: str) -> str:
    """Return the reader-facing short id of a document: its numeric prefix, else the whole id."""
    head = str(doc_id).split("_", 1)[0]
    return head if head.isdigit() else str(doc_id)


def doc_labels(documents: pd.DataFrame) -> dict[str, str]:
    """Return doc_id → 'short id · outlet · date' (or 'undated') for axis labels and tables."""
    out = {}
    for row in documents.itertuples(index=False):
        outlet = row.outlet if isinstance(row.outlet, str) and row.outlet else "outlet unknown"
        date = row.published if isinstance(row.published, str) and row.published else "undated"
        out[row.doc_id] = f"{short_id(row.doc_id)} · {outlet} · {date}"
    return out


def inventory(corpus: Corpus) -> pd.DataFrame:
    """Return one row per loaded article: id, date ('undated' when none), outlet, characters, sentences."""
    docs = corpus.documents
    counts = corpus.sentences.groupby("doc_id").size()
    return pd.DataFrame({
        "id": docs["doc_id"].map(short_id),
        "file": docs["file"],
        "date": [p if isinstance(p, str) and p else ("undated" if s == "missing" else f"undated ({s} header)")
                 for p, s in zip(docs["published"], docs["date_status"])],
        "outlet": [o if isinstance(o, str) and o else "unknown" for o in docs["outlet"]],
        "characters": docs["characters"].astype(int),
        "sentences": docs["doc_id"].map(counts).fillna(0).astype(int),
    })


def corpus_facts(corpus: Corpus) -> dict[str, int]:
    """Return the corpus counts the prose cites: files, loaded, skipped, duplicates, undated, outlets, sentences."""
    m = corpus.manifest
    docs = corpus.documents
    return {
        "n_files": len(m),
        "n_loaded": int((m["status"] == "loaded").sum()),
        "n_skipped": int((m["status"] == "skipped").sum()),
        "n_duplicate": int((m["status"] == "duplicate").sum()),
        "n_undated": int((docs["date_status"] != "ok").sum()),
        "n_outlets": int(docs["outlet"].dropna().nunique()),
        "n_sentences": len(corpus.sentences),
    }


# --- chapters --------------------------------------------------------------------------------------

def start_chapter(track: str, path=None) -> Corpus:
    """Start a track chapter: style, corpus, and every fact its prose cites glued (see briefing.track_facts)."""
    from analysis import briefing

    corpus = start(path)
    glue_all(briefing.track_facts(corpus, track))
    return corpus


def corpus_note(corpus: Corpus):
    """Return a warning (Markdown) when the corpus differs from the one the narrative was written
    for, else None (nothing is shown)."""
    import yaml
    from IPython.display import Markdown

    from analysis.paths import DATA_DIR
    from analysis.pipeline import content_fingerprint

    assessed = yaml.safe_load((DATA_DIR / "assessed_corpus.yml").read_text(encoding="utf-8"))
    if content_fingerprint(corpus.path) == assessed["content_fingerprint"]:
        return None
    return Markdown(
        ":::{warning}\nThis book was built on a different corpus from the one its judgments were "
        "written against. Every table, figure and number below is recomputed from the corpus now "
        "loaded; the analyst's prose (judgments, assessments) is not, and may not hold for it.\n:::"
    )


def show_claims(corpus: Corpus, track: str):
    """Return the track's claims as a table with links to the register (Markdown)."""
    from analysis import briefing
    from analysis.tables import show

    table = briefing.claims_table(corpus, briefing.track_claims(corpus, track))
    return show(table, raw_columns=("Register",), empty=f"This corpus reports no figure for the {track} track.")


def show_quotes(corpus: Corpus, track: str, n: int = 6):
    """Return the chapter's quotations (Russian original, English rendering, source) as Markdown."""
    from IPython.display import Markdown

    from analysis import briefing

    return Markdown(briefing.quotes_markdown(briefing.chapter_quotes(corpus, track, n)))


def show_findings(corpus: Corpus, track: str):
    """Return the consistency findings that touch the track as a table (Markdown)."""
    from analysis import briefing
    from analysis.tables import show

    table = briefing.findings_table(briefing.track_findings(corpus, track))
    return show(table, raw_columns=("Claims",), empty="No consistency finding involves this track's figures.")


def show_gaps(corpus: Corpus, track: str):
    """Return what the corpus does not establish for the track, as a Markdown list."""
    from IPython.display import Markdown

    from analysis import briefing
    from analysis.tables import escape_md

    gaps = briefing.track_gaps(corpus, track)
    return Markdown("\n".join(f"- {escape_md(g)}" for g in gaps) if gaps else "*No gap found by the automatic checks.*")


def show_watchlist(corpus: Corpus, track: str):
    """Return the track's rows of the watchlist as a table (Markdown)."""
    from analysis import briefing
    from analysis.tables import show

    table = briefing.track_watchlist(corpus, track)
    return show(table, raw_columns=("Source",), empty="The corpus states no dated target or commitment for this track.")


def project_targets(corpus: Corpus, canonical: str):
    """Return the dated targets stated for a project (see briefing.project_targets)."""
    from analysis import briefing

    return briefing.project_targets(corpus, canonical)
