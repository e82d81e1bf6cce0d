"""Process a whole corpus once, cache it on disk, and hand every notebook the same tables.

``load()`` is what the book and the command line call. Processing has two cache levels, both keyed
by content, never by time:

* per document: sentences (with lemmas, speakers and tracks) and, when asked for, entities, keyed by
  the document's cleaned text and the module fingerprint, so changing one corpus file re-runs the
  NLP for that file only;
* per corpus: the assembled :class:`Corpus`, keyed by the corpus files' bytes and the module
  fingerprint, so every notebook after the first reads one pickle instead of re-running anything.

The module fingerprint covers every source and data file of ``analysis`` and ``requirements.txt``:
editing a lexicon or upgrading a pin invalidates the cache without anyone having to remember to.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import warnings
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from analysis import __version__
from analysis.paths import REPO_ROOT, cache_dir, corpus_dir

PACKAGE_DIR = Path(__file__).resolve().parent
#: Below this many documents no progress bar is drawn (it would only add noise to notebook output).
PROGRESS_MIN_DOCS = 200
#: Documents processed per step of the sentence stage.
CHUNK = 500
#: Documents per call of the NER stage.
ENTITY_BATCH = 50


def _module_files() -> list[Path]:
    files = [p for p in PACKAGE_DIR.rglob("*") if p.is_file() and p.suffix in {".py", ".yml", ".yaml", ".csv", ".txt", ".json"}]
    files = [p for p in files if "__pycache__" not in p.parts]
    req = REPO_ROOT / "requirements.txt"
    if req.exists():
        files.append(req)
    return sorted(files)


def module_fingerprint() -> str:
    """Return a hex digest of the package version, every source/data file of ``analysis`` and the pins."""
    h = hashlib.sha256(__version__.encode())
    for p in _module_files():
        h.update(str(p.relative_to(REPO_ROOT) if p.is_relative_to(REPO_ROOT) else p.name).encode())
        h.update(p.read_bytes())
    return h.hexdigest()


def corpus_fingerprint(path: str | os.PathLike | None = None) -> str:
    """Return a hex digest of the corpus directory: every file's name and bytes (sorted by name)."""
    root = corpus_dir(path)
    h = hashlib.sha256(str(root).encode())
    if root.is_dir():
        for p in sorted(root.iterdir()):
            h.update(p.name.encode())
            if p.is_file():
                h.update(hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()


def content_fingerprint(path: str | os.PathLike | None = None) -> str:
    """Return a hex digest of the corpus files' names and bytes only (not where the folder is)."""
    root = corpus_dir(path)
    h = hashlib.sha256()
    if root.is_dir():
        for p in sorted(root.iterdir()):
            if p.is_file():
                h.update(p.name.encode() + b"\0" + hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()


def build_fingerprint(path: str | os.PathLike | None = None) -> str:
    """Return the digest that decides whether stored notebook outputs may be reused."""
    return hashlib.sha256((module_fingerprint() + corpus_fingerprint(path)).encode()).hexdigest()


@dataclass
class Corpus:
    """Every table the book uses, for one corpus directory.

    ``manifest`` has a row per file, ``documents`` per loaded article, ``sentences`` per sentence.
    The derived tables (``entities``, ``claims``, ``findings``, ``sources``, ``timeline``,
    ``watchlist``, ``coverage``) are computed on first use. When the corpus came from
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
        return stored(cache_dir() / "corpus" / self.cache_key / f"{name}.pkl", compute)

    @cached_property
    def entities(self) -> pd.DataFrame:
        return self._derived("entities", lambda: _cached_entities(self.documents, self.sentences))

    @cached_property
    def claims(self) -> pd.DataFrame:
        from analysis.claims import claims_register

        return self._derived("claims", lambda: claims_register(self.sentences, self.documents))

    @cached_property
    def findings(self) -> pd.DataFrame:
        from analysis.consistency import findings

        return self._derived("findings", lambda: findings(self.claims, self.documents))

    @cached_property
    def sources(self) -> pd.DataFrame:
        from analysis.consistency import independent_sources

        return self._derived("sources", lambda: independent_sources(self.claims, self.documents))

    @cached_property
    def timeline(self) -> pd.DataFrame:
        from analysis.timeline import timeline

        return self._derived("timeline", lambda: timeline(self.sentences, self.documents, self.entities))

    @cached_property
    def watchlist(self) -> pd.DataFrame:
        from analysis.timeline import watchlist

        return self._derived(
            "watchlist", lambda: watchlist(self.claims, self.sentences, self.documents, entities=self.entities)
        )

    @cached_property
    def coverage(self) -> pd.DataFrame:
        from analysis.tracks import coverage

        return self._derived("coverage", lambda: coverage(self.sentences))


def _doc_key(text: str, module_fp: str) -> str:
    return hashlib.sha256((module_fp + "\0" + text).encode()).hexdigest()


def _per_doc_cache(module_fp: str) -> Path:
    return cache_dir() / "docs" / module_fp[:16]


def _progress(steps: list, n_docs: int, desc: str):
    """Wrap *steps* in a progress bar when they cover many documents (else return them as they are)."""
    if n_docs < PROGRESS_MIN_DOCS:
        return steps
    from tqdm import tqdm

    return tqdm(steps, desc=desc)


def _in_corpus_order(frame: pd.DataFrame, documents: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Return *frame* sorted by the documents' order, then by *keys*, with a fresh index."""
    order = {d: i for i, d in enumerate(documents["doc_id"])}
    frame = frame.assign(_o=frame["doc_id"].map(order))
    return frame.sort_values(["_o", *keys], kind="stable").drop(columns="_o").reset_index(drop=True)


@contextmanager
def _exclusive(path: Path):
    """Hold an advisory lock on *path* + ".lock" (POSIX ``flock``; the OS releases it if the holder dies)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: no lock, at worst the work is done twice
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _read_pickle(path: Path):
    with path.open("rb") as fh:
        return pickle.load(fh)


def stored(path: Path, compute):
    """Return the object pickled at *path*; if there is none, ``compute()`` it and store it there.

    Computed once across processes: the book's notebooks run in parallel kernels, and the first
    notebook of each would otherwise process the same corpus (and load the NER models) side by side.
    A second process asking meanwhile waits for the first and then reads its result.
    """
    if path.exists():
        return _read_pickle(path)
    with _exclusive(path):
        if path.exists():  # computed by another process while this one waited
            return _read_pickle(path)
        value = compute()
        _write_pickle(value, path)
        return value


def _write_pickle(obj, path: Path) -> None:
    """Write *obj* to *path* atomically (a reader never sees half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # A name of this process's own: kernels executing notebooks in parallel may write the same entry.
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    with tmp.open("wb") as fh:
        pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(path)


def process_sentences(documents: pd.DataFrame) -> pd.DataFrame:
    """Return the sentence table of *documents*: split, lemmatised, speaker-attributed, track-tagged."""
    from analysis.nlp import add_lemmas, attribute_speakers, split_sentences
    from analysis.tracks import tag_tracks

    published = dict(zip(documents["doc_id"], documents["published"])) if "published" in documents else None
    return tag_tracks(attribute_speakers(add_lemmas(split_sentences(documents)), published))


def _cached_sentences(documents: pd.DataFrame, use_cache: bool) -> pd.DataFrame:
    module_fp = module_fingerprint()
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
        starts = list(range(0, len(fresh_docs), CHUNK))
        for i in _progress(starts, len(fresh_docs), f"sentences ({CHUNK} docs a step)"):
            chunk = fresh_docs.iloc[i : i + CHUNK]
            sents = process_sentences(chunk)
            parts.append(sents)
            if use_cache:
                store.mkdir(parents=True, exist_ok=True)
                for doc_id, part in sents.groupby("doc_id", sort=False):
                    part.reset_index(drop=True).to_pickle(store / f"{keys[doc_id]}.sentences.pkl")
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
    from analysis.nlp import extract_entities

    module_fp = module_fingerprint()
    store = _per_doc_cache(module_fp)
    parts = []
    texts = dict(zip(documents["doc_id"], documents["text"]))
    by_doc = dict(tuple(sentences.groupby("doc_id", sort=False)))
    todo = []
    for doc_id in documents["doc_id"]:
        f = store / f"{_doc_key(texts[doc_id], module_fp)}.entities.pkl"
        if f.exists():
            parts.append(_rename_doc(pd.read_pickle(f), doc_id))
        elif doc_id in by_doc:
            todo.append(doc_id)
    # NER runs in batches of documents (faster than one call per document), cached per document.
    batches = [todo[i : i + ENTITY_BATCH] for i in range(0, len(todo), ENTITY_BATCH)]
    for batch in _progress(batches, len(todo), f"entities ({ENTITY_BATCH} docs a step)"):
        ents = extract_entities(pd.concat([by_doc[d] for d in batch], ignore_index=True))
        store.mkdir(parents=True, exist_ok=True)
        found = dict(tuple(ents.groupby("doc_id", sort=False)))
        for doc_id in batch:
            part = found.get(doc_id, ents.iloc[0:0]).reset_index(drop=True)
            part.to_pickle(store / f"{_doc_key(texts[doc_id], module_fp)}.entities.pkl")
            parts.append(part)
    if not parts:
        return extract_entities(sentences.iloc[0:0])
    return _in_corpus_order(pd.concat(parts, ignore_index=True), documents, ["sentence_id", "start"])


def load(path: str | os.PathLike | None = None, *, use_cache: bool = True) -> Corpus:
    """Read, clean and process the corpus at *path* (default: ``$BRIEFING_CORPUS`` or ``seeds/``).

    Returns a :class:`Corpus`. Warnings about individual files (bad encoding, invalid date, …) are
    collected in ``Corpus.problems`` and in the manifest's ``reason`` column, not printed. Raises
    ``FileNotFoundError``/``NotADirectoryError`` when *path* is not a readable directory.
    """
    root = corpus_dir(path)
    if not use_cache or not root.is_dir():  # (no folder: read_corpus raises, saying why; nothing cached)
        return _process(root, use_cache=False)
    key = build_fingerprint(root)
    corpus = stored(cache_dir() / "corpus" / f"{key}.pkl", lambda: _process(root, use_cache=True))
    corpus.cache_key = key
    return corpus


def _process(root: Path, *, use_cache: bool) -> Corpus:
    """Read and process the corpus at *root* (the per-document sentence cache used if *use_cache*)."""
    from analysis.corpus import read_corpus

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        documents, manifest = read_corpus(root)
        sentences = _cached_sentences(documents, use_cache)
    problems = [str(w.message) for w in caught]
    counts = sentences.groupby("doc_id").size()
    manifest = manifest.copy()
    manifest["sentences"] = manifest["doc_id"].map(counts).where(manifest["status"] == "loaded", 0).fillna(0).astype(int)
    return Corpus(path=root, manifest=manifest, documents=documents, sentences=sentences, problems=problems)
