"""The processing cache: content fingerprints, advisory locks and atomic pickles.

Every cache key is a digest of content, never of time. Two fingerprints matter:

* :func:`nlp_fingerprint` — the package's code, its lexicons and grammars (``analysis/data/lexicons``)
  and the pinned requirements: what the per-document NLP and the derived tables depend on;
* :func:`build_fingerprint` — that, plus the editorial data (``analysis/data/editorial``: renderings,
  featured quotes, routes, projects, the assessed corpus) and the corpus files: what the book's stored
  outputs depend on. Editing a rendering re-executes the notebooks but re-runs no NLP.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from contextlib import contextmanager
from pathlib import Path

from analysis import __version__
from analysis.paths import EDITORIAL_DIR, REPO_ROOT, cache_dir, corpus_dir

PACKAGE_DIR = Path(__file__).resolve().parent



_SOURCE_SUFFIXES = {".py", ".yml", ".yaml", ".csv", ".txt", ".json"}


def _files_under(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and p.suffix in _SOURCE_SUFFIXES and "__pycache__" not in p.parts]


def _nlp_files() -> list[Path]:
    """What the processing depends on: the package's code outside ``book/``, its lexicons, the pins."""
    book = PACKAGE_DIR / "book"
    files = [p for p in _files_under(PACKAGE_DIR) if not p.is_relative_to(book) and not p.is_relative_to(EDITORIAL_DIR)]
    req = REPO_ROOT / "requirements.txt"
    if req.exists():
        files.append(req)
    return sorted(files)


def _book_files() -> list[Path]:
    """What only the book's pages depend on: ``analysis/book/``, the editorial data, and the development
    set whose scores the method chapter reports."""
    devset = REPO_ROOT / "tests" / "data" / "devset"
    return sorted(_files_under(PACKAGE_DIR / "book") + _files_under(EDITORIAL_DIR)
                  + (_files_under(devset) if devset.is_dir() else []))


def _digest(files: list[Path], seed: str = "") -> str:
    h = hashlib.sha256(seed.encode())
    for p in files:
        h.update(str(p.relative_to(REPO_ROOT) if p.is_relative_to(REPO_ROOT) else p.name).encode())
        h.update(p.read_bytes())
    return h.hexdigest()


def nlp_fingerprint() -> str:
    """Return a hex digest of the package version, its processing code and lexicons, and the pins:
    the key of the per-document NLP cache."""
    return _digest(_nlp_files(), __version__)


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


def corpus_key(path: str | os.PathLike | None = None) -> str:
    """Return the key of a processed corpus and its derived tables: the NLP fingerprint and the corpus files."""
    return hashlib.sha256((nlp_fingerprint() + corpus_fingerprint(path)).encode()).hexdigest()


def build_fingerprint(path: str | os.PathLike | None = None) -> str:
    """Return the digest that decides whether stored notebook outputs may be reused: the corpus key,
    the book's code and the editorial data."""
    return hashlib.sha256((corpus_key(path) + _digest(_book_files())).encode()).hexdigest()


def _doc_key(text: str, module_fp: str) -> str:
    return hashlib.sha256((module_fp + "\0" + text).encode()).hexdigest()


def _per_doc_cache(module_fp: str) -> Path:
    return cache_dir() / "docs" / module_fp[:16]


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


