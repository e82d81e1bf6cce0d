"""Declared facts: every number the prose cites, with the function that computes it."""

from __future__ import annotations


from analysis.pipeline import Corpus


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
