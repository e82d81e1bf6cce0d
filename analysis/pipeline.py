"""Process a whole corpus once, cache it on disk, and hand every notebook the same tables.

``load()`` is what the book and the command line call. Processing has two cache levels, both keyed
by content, never by time:

* per document: sentences (with lemmas, speakers and tracks) and, when asked for, entities, keyed by
  the document's cleaned text and the module fingerprint, so changing one corpus file re-runs the
  NLP for that file only;
* per corpus: the assembled :class:`Corpus`, keyed by the corpus files' bytes and the module
  fingerprint, so every notebook after the first reads one pickle instead of re-running anything.

The per-document stages (:mod:`analysis.stages`) run in worker processes on larger corpora (:mod:`analysis.parallel`:
``BRIEFING_WORKERS``, ``BRIEFING_SCHEDULER``); each worker writes the cache entries of its own
documents, atomically, and the tables are the same as a serial run's.

The module fingerprint covers every source and data file of ``analysis`` and ``requirements.txt``:
editing a lexicon or upgrading a pin invalidates the cache without anyone having to remember to.
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.cache import _doc_key, _per_doc_cache, corpus_key, nlp_fingerprint, stored
from analysis.claims.consistency import findings, independent_sources
from analysis.claims.register import claims_register
from analysis.events.actors import speakers as speaker_table
from analysis.events.timeline import timeline
from analysis.events.watchlist import watchlist
from analysis.ingest.reading import read_corpus
from analysis.nlp.entities import extract_entities
from analysis.nlp.tracks import coverage
from analysis.parallel import chunk_size, map_chunks, warm_up
from analysis.paths import cache_dir, corpus_dir
from analysis.stages import entities_step, process_sentences, sentences_step

PACKAGE_DIR = Path(__file__).resolve().parent
#: Below this many documents no progress bar is drawn (it would only add noise to notebook output).
PROGRESS_MIN_DOCS = 200
#: Below this many documents to process, a stage runs in this process: starting worker processes
#: (a fork server importing the package and loading the models) would cost more than it saves.
PARALLEL_MIN_DOCS = 100
#: From this many files the corpus is read in the workers too (:func:`read_corpus` with workers).
#: Below it, reading here is quicker: it overlaps the start of the workers' fork server (about 1.6 s
#: of CPU: as long as reading 1,000 generated files here), which reading in the workers would wait
#: for. Read in the workers, a file leaves about 0.2 ms of CPU here (its duplicate check) instead of
#: 1.5 ms; measured with ``bench/parallel.py`` and on the 10,000-file corpus of ``--memory``.
PARALLEL_READ_MIN_FILES = 4000
#: Documents processed per step of the sentence stage (at most; fewer when that leaves a worker idle).
CHUNK = 500
#: Documents per call of the NER stage (at most, likewise).
ENTITY_BATCH = 50


@dataclass
class Corpus:
    """Every table the book uses, for one corpus directory.

    ``manifest`` has a row per file, ``documents`` per loaded article, ``sentences`` per sentence.
    The derived tables (``entities``, ``claims``, ``findings``, ``sources``, ``timeline``,
    ``watchlist``, ``speakers``, ``coverage``) are computed on first use. When the corpus came from
    :func:`load` with the cache on, each derived table is also stored beside the corpus pickle the
    first time any process computes it, so the book's ten kernels compute it once between them and
    only ``entities`` (and what needs it) ever loads the NER models.
    """

    path: Path
    manifest: pd.DataFrame
    documents: pd.DataFrame
    sentences: pd.DataFrame
    problems: list[str] = field(default_factory=list)
    #: The build fingerprint this corpus is cached under (None: not cached, compute in memory).
    cache_key: str | None = None

    def _derived(self, name: str, compute):
        """Return derived table *name*: from the on-disk cache when there, else ``compute()`` (stored)."""
        if self.cache_key is None:
            return compute()
        return stored(_derived_file(self.cache_key, name), compute)

    @cached_property
    def entities(self) -> pd.DataFrame:
        return self._derived("entities", lambda: _cached_entities(self.documents, self.sentences))

    @cached_property
    def claims(self) -> pd.DataFrame:

        return self._derived("claims", lambda: claims_register(self.sentences, self.documents))

    @property
    def bilateral_claims(self) -> pd.DataFrame:
        """The claims that measure Kazakhstan–Azerbaijan relations (``bilateral``): the only ones the
        consistency findings, the watchlist, the series and the prose's facts use."""
        c = self.claims
        return c[c["bilateral"].fillna(False).astype(bool)] if len(c) else c

    @cached_property
    def findings(self) -> pd.DataFrame:

        return self._derived("findings", lambda: findings(self.bilateral_claims, self.documents))

    @cached_property
    def sources(self) -> pd.DataFrame:

        return self._derived("sources", lambda: independent_sources(self.claims, self.documents))

    @cached_property
    def timeline(self) -> pd.DataFrame:

        return self._derived("timeline", lambda: timeline(self.sentences, self.documents, self.entities))

    @cached_property
    def watchlist(self) -> pd.DataFrame:

        return self._derived(
            "watchlist", lambda: watchlist(self.bilateral_claims, self.sentences, self.documents, entities=self.entities,
                                           events=self.timeline)  # the timeline once, not again here
        )

    @cached_property
    def speakers(self) -> pd.DataFrame:
        """Who speaks (:func:`analysis.events.actors.speakers` over the whole corpus, with its claims and
        entities): the overview and every chapter's sourcing read it, and reading the speakers' roles
        tokenises every sentence again, so it is computed once. Read-only: copy it before changing it."""
        return self._derived("speakers", lambda: speaker_table(self.sentences, self.documents, claims=self.claims,
                                                               entities=self.entities))

    @cached_property
    def coverage(self) -> pd.DataFrame:

        return self._derived("coverage", lambda: coverage(self.sentences))


def _n_entries(root: Path) -> int:
    """How many entries the corpus folder has (0 if it cannot be listed: read_corpus says why)."""
    try:
        with os.scandir(root) as it:
            return sum(1 for _ in it)
    except OSError:
        return 0


def _workers(n_docs: int, workers: int | None = None) -> int | None:
    """Worker processes for a stage over *n_docs* documents: 1 for a few (no pool to start), else
    *workers*, else the default (``$BRIEFING_WORKERS`` or one per core; see :mod:`analysis.parallel`)."""
    return 1 if n_docs < PARALLEL_MIN_DOCS else workers


def _in_corpus_order(frame: pd.DataFrame, documents: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Return *frame* sorted by the documents' order, then by *keys*, with a fresh index."""
    order = {d: i for i, d in enumerate(documents["doc_id"])}
    frame = frame.assign(_o=frame["doc_id"].map(order))
    return frame.sort_values(["_o", *keys], kind="stable").drop(columns="_o").reset_index(drop=True)


def _cached_sentences(documents: pd.DataFrame, use_cache: bool, workers: int | None = None) -> pd.DataFrame:
    module_fp = nlp_fingerprint()
    store = _per_doc_cache(module_fp)
    # keyed by text AND publication date: a role ("Президент Казахстана") is read with the holder
    # of the article's own date, so the same text published on another date may name another speaker
    dates = documents["published"] if "published" in documents else [None] * len(documents)
    keys = {doc_id: _doc_key(f"{day if isinstance(day, str) else ''}\0{text}", module_fp)
            for doc_id, text, day in zip(documents["doc_id"], documents["text"], dates)}
    parts: list[pd.DataFrame] = []
    todo = []
    for row in documents.itertuples(index=False):
        f = store / f"{keys[row.doc_id]}.sentences.pkl"
        if use_cache and f.exists():
            cached = pd.read_pickle(f)
            cached = _rename_doc(cached, row.doc_id)
            parts.append(cached)
        else:
            todo.append(row)
    if todo:
        fresh_docs = documents[documents["doc_id"].isin([r.doc_id for r in todo])]
        workers = _workers(len(fresh_docs), workers)
        size = chunk_size(len(fresh_docs), CHUNK, workers)
        steps = []
        for i in range(0, len(fresh_docs), size):
            chunk = fresh_docs.iloc[i : i + size]
            steps.append((chunk, {d: store / f"{keys[d]}.sentences.pkl" for d in chunk["doc_id"]} if use_cache else None))
        parts += map_chunks(sentences_step, steps, workers=workers, progress=len(fresh_docs) >= PROGRESS_MIN_DOCS,
                            desc=f"sentences ({size} docs a step)")
    if not parts:
        return _empty_sentences()
    return _in_corpus_order(pd.concat(parts, ignore_index=True), documents, ["sentence_id"])


def _rename_doc(frame: pd.DataFrame, doc_id: str) -> pd.DataFrame:
    """A cached per-document table keyed by text may come from an identical text under another name."""
    if frame.empty or (frame["doc_id"] == doc_id).all():
        return frame
    frame = frame.copy()
    old = frame["doc_id"].iloc[0]
    frame["doc_id"] = doc_id
    frame["sentence_id"] = frame["sentence_id"].str.replace(old, doc_id, n=1, regex=False)
    return frame


def _empty_sentences() -> pd.DataFrame:
    return process_sentences(pd.DataFrame({"doc_id": pd.Series(dtype=str), "text": pd.Series(dtype=str)}))


def _cached_entities(documents: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:

    module_fp = nlp_fingerprint()
    store = _per_doc_cache(module_fp)
    parts = []
    texts = dict(zip(documents["doc_id"], documents["text"]))
    rows = sentences.groupby("doc_id", sort=False).indices  # doc_id -> positions of its sentences
    todo = []
    for doc_id in documents["doc_id"]:
        f = store / f"{_doc_key(texts[doc_id], module_fp)}.entities.pkl"
        if f.exists():
            parts.append(_rename_doc(pd.read_pickle(f), doc_id))
        elif doc_id in rows:
            todo.append(doc_id)
    # NER runs in batches of documents (faster than one call per document), cached per document.
    workers = _workers(len(todo))
    size = chunk_size(len(todo), ENTITY_BATCH, workers)
    steps = []
    for i in range(0, len(todo), size):
        batch = todo[i : i + size]
        paths = {d: store / f"{_doc_key(texts[d], module_fp)}.entities.pkl" for d in batch}
        steps.append((sentences.take(np.concatenate([rows[d] for d in batch])).reset_index(drop=True), paths))
    for found in map_chunks(entities_step, steps, workers=workers, progress=len(todo) >= PROGRESS_MIN_DOCS,
                            desc=f"entities ({size} docs a step)"):
        parts += found
    if not parts:
        return extract_entities(sentences.iloc[0:0])
    return _in_corpus_order(pd.concat(parts, ignore_index=True), documents, ["sentence_id", "start"])


def load(path: str | os.PathLike | None = None, *, use_cache: bool = True, workers: int | None = None) -> Corpus:
    """Read, clean and process the corpus at *path* (default: ``$BRIEFING_CORPUS`` or ``seeds/``).

    *workers*: the worker processes of the reading and sentence stages when the corpus is large
    enough for them (default ``$BRIEFING_WORKERS`` or one per core); ``workers=1`` processes it in
    this process, starting no pool. The tables are the same either way.

    Returns a :class:`Corpus`. Warnings about individual files (bad encoding, invalid date, …) are
    collected in ``Corpus.problems`` and in the manifest's ``reason`` column, not printed. Raises
    ``FileNotFoundError``/``NotADirectoryError`` when *path* is not a readable directory.
    """
    root = corpus_dir(path)
    if not use_cache or not root.is_dir():  # (no folder: read_corpus raises, saying why; nothing cached)
        return _process(root, use_cache=False, workers=workers)
    key = corpus_key(root)
    corpus = stored(_corpus_file(key), lambda: _process(root, use_cache=True, workers=workers))
    corpus.cache_key = key
    return corpus


#: The derived tables of a :class:`Corpus` that the book's pages read, in the order they are computed.
DERIVED = ("entities", "claims", "findings", "sources", "coverage", "timeline", "watchlist", "speakers")


def _corpus_file(key: str) -> Path:
    """Where the processed corpus of build key *key* is cached."""
    return cache_dir() / "corpus" / f"{key}.pkl"


def _derived_file(key: str, name: str) -> Path:
    """Where derived table *name* of the corpus of build key *key* is cached."""
    return cache_dir() / "corpus" / key / f"{name}.pkl"


def is_prepared(path: str | os.PathLike | None = None) -> bool:
    """Whether the processing cache holds the corpus at *path* and every derived table (:data:`DERIVED`)
    (a missing folder counts as prepared: there is nothing to process, and :func:`load` says why)."""
    root = corpus_dir(path)
    if not root.is_dir():
        return True
    key = corpus_key(root)
    return _corpus_file(key).exists() and all(_derived_file(key, name).exists() for name in DERIVED)


def prepare(path: str | os.PathLike | None = None) -> Corpus:
    """Load the corpus at *path* (as :func:`load`) and compute every derived table (:data:`DERIVED`), so
    that the processing cache holds all the book reads. The book's build calls it once, before the
    first notebook runs (``book/_ext/warmkernels.py``): notebooks running side by side on a cold cache
    would otherwise each compute the same tables."""
    corpus = load(path)
    for name in DERIVED:
        getattr(corpus, name)
    return corpus


def _process(root: Path, *, use_cache: bool, workers: int | None = None) -> Corpus:
    """Read and process the corpus at *root* (the per-document sentence cache used if *use_cache*)."""

    n_files = _n_entries(root)
    read_workers = workers if n_files >= PARALLEL_READ_MIN_FILES else 1
    if n_files >= PARALLEL_MIN_DOCS and workers != 1:
        # the workers' fork server starts (and loads the models) while this process lists (or reads) the corpus
        # (datasketch too when the workers read: the duplicate check imports it on first use)
        warm_up(("analysis.preloaded", "analysis.ingest.reading", "datasketch") if read_workers != 1
                else ("analysis.preloaded",))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        documents, manifest = read_corpus(root, workers=read_workers)
        sentences = _cached_sentences(documents, use_cache, workers)
    problems = [str(w.message) for w in caught]
    counts = sentences.groupby("doc_id").size()
    manifest = manifest.copy()
    manifest["sentences"] = manifest["doc_id"].map(counts).where(manifest["status"] == "loaded", 0).fillna(0).astype(int)
    return Corpus(path=root, manifest=manifest, documents=documents, sentences=sentences, problems=problems)
