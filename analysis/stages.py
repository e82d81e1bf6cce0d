"""The per-document stages of the pipeline as a worker process runs them: sentences, then entities.

:mod:`analysis.pipeline` decides what to compute (what the per-document cache lacks) and hands
chunks of documents to :func:`analysis.parallel.map_chunks`, which runs :func:`sentences_step` and
:func:`entities_step` on them, in worker processes on a larger corpus. They live apart from the
pipeline so that a worker imports only the NLP they need (not the claims, events or reading code:
about half a second less to start, measured by ``bench/parallel.py``).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.cache import _write_pickle
from analysis.nlp.entities import extract_entities
from analysis.nlp.lemmas import add_lemmas
from analysis.nlp.sentences import split_sentences
from analysis.nlp.speakers import attribute_speakers
from analysis.nlp.tracks import tag_tracks

__all__ = ["process_sentences", "sentences_step", "entities_step"]


def process_sentences(documents: pd.DataFrame) -> pd.DataFrame:
    """Return the sentence table of *documents*: split, lemmatised, speaker-attributed, track-tagged."""
    published = dict(zip(documents["doc_id"], documents["published"])) if "published" in documents else None
    return tag_tracks(attribute_speakers(add_lemmas(split_sentences(documents)), published))


def sentences_step(step: tuple[pd.DataFrame, dict[str, Path] | None]) -> pd.DataFrame:
    """One step of the sentence stage, run in a worker: process the documents of *step* and, when it
    gives each document's cache path, store that document's sentences there (atomically: workers
    write side by side). Returns the sentences of all the step's documents."""
    documents, paths = step
    sents = process_sentences(documents)
    for doc_id, part in sents.groupby("doc_id", sort=False) if paths else ():
        _write_pickle(part.reset_index(drop=True), paths[doc_id])
    return sents


def entities_step(step: tuple[pd.DataFrame, dict[str, Path]]) -> list[pd.DataFrame]:
    """One step of the NER stage, run in a worker: the entities of the sentences in *step*, stored
    per document at the given cache paths (an empty table for a document without any). Returns the
    per-document tables, in the order of the paths."""
    sentences, paths = step
    ents = extract_entities(sentences)
    found = dict(tuple(ents.groupby("doc_id", sort=False)))
    parts = [found.get(doc_id, ents.iloc[0:0]).reset_index(drop=True) for doc_id in paths]
    for part, path in zip(parts, paths.values()):
        _write_pickle(part, path)
    return parts
