"""Reading a corpus folder: every file decoded, dated, cleaned, attributed and de-duplicated, and accounted for in the manifest."""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import pandas as pd

from analysis.ingest.cleaning import clean_text
from analysis.ingest.decoding import SkipFile, _decode
from analysis.ingest.duplicates import _DuplicateIndex
from analysis.ingest.headers import _split_header, parse_date_header
from analysis.ingest.language import Detection, detect_language, language_from_name, language_label
from analysis.ingest.metadata import SOURCES_FILE, Sources, read_sources
from analysis.ingest.outlets import _outlet_info, outlet_named

DOCUMENT_COLUMNS = (
    "doc_id", "file", "published", "date_status", "outlet", "outlet_country", "outlet_type",
    "text", "raw_text", "encoding", "characters",
    # additions to the contract:
    "outlets_mentioned", "outlet_reliability", "outlet_evidence", "repairs",
    # from sources.csv (None when the table does not say):
    "url", "headline", "author",
)
MANIFEST_COLUMNS = (
    "file", "doc_id", "status", "reason", "encoding", "published", "date_status", "outlet",
    "characters", "sentences", "duplicate_of",
    # addition: the language the file was read as (ISO 639-1; 'und' for none; None if never read)
    "language",
)

class CorpusWarning(UserWarning):
    """A problem with one corpus file (the message starts with the file name)."""



# --------------------------------------------------------------------------------------------
# The corpus


def _warn(message: str, depth: int = 0) -> None:
    # stacklevel points at the caller of read_corpus (depth = helper frames in between).
    warnings.warn(message, CorpusWarning, stacklevel=3 + depth)


def _list_dir(root: Path) -> list[os.DirEntry]:
    if not root.exists():
        raise FileNotFoundError(f"corpus directory not found: {root}")
    if not root.is_dir():
        raise NotADirectoryError(f"corpus path is not a directory: {root}")
    try:
        with os.scandir(root) as it:
            return sorted(it, key=lambda e: e.name)
    except PermissionError:
        raise PermissionError(f"corpus directory cannot be read (permission denied): {root}") from None


def read_corpus(path: str | os.PathLike) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read every file of the directory *path*; return ``(documents, manifest)``.

    ``documents`` has one row per loaded, non-duplicate article, columns :data:`DOCUMENT_COLUMNS`
    (the contract's plus ``outlets_mentioned`` (tuple of outlet names), ``outlet_reliability``
    (A–F grade from outlets.csv or None), ``outlet_evidence`` (the attribution phrase, '' if none)
    ``repairs`` (tuple of ``{kind, before, after}`` dicts from the cleaning) and ``url``, ``headline``,
    ``author`` (from ``sources.csv``, None when it does not say)). ``manifest`` has one row per
    directory entry, columns :data:`MANIFEST_COLUMNS`; ``sentences`` is 0 (the pipeline fills it);
    ``language`` is the ISO 639-1 code the file was read as. An optional ``sources.csv``
    (:mod:`analysis.ingest.metadata`) gets its own row (skipped: corpus metadata, with every problem
    of the table in its reason) and its date, outlet and language win over the inferred ones; a
    file that is not Russian (:mod:`analysis.ingest.language`) is skipped, naming its language. Nullable text columns (published, outlet, …) are object columns holding str or None.
    ``characters`` counts characters of the cleaned text. Raises FileNotFoundError /
    NotADirectoryError / PermissionError (one-line messages) if *path* is not a readable directory.
    """
    root = Path(path)
    entries = _list_dir(root)
    sources = read_sources(root, [e.name for e in entries]) or Sources()
    for problem in sources.problems:
        _warn(problem)
    docs: list[dict] = []
    manifest: list[dict] = []
    used_ids: dict[str, str] = {}
    dups = _DuplicateIndex()

    for entry in entries:
        row = _manifest_row(entry.name)
        manifest.append(row)
        if entry.name == SOURCES_FILE and entry.is_file():
            row["reason"] = sources.summary()
            continue
        try:
            doc = _read_entry(entry, row, used_ids, dups, sources.get(entry.name))
        except _Skip as exc:
            row["reason"] = exc.reason
            _warn(f"{row['file']}: skipped: {exc.reason}")
            continue
        if doc is not None:
            docs.append(doc)

    return _documents_frame(docs), _manifest_frame(manifest)


# --------------------------------------------------------------------------------------------
# One directory entry. Each step either fills in the entry's manifest row or raises _Skip, in this
# order: a regular file, a .txt name, an unused doc_id, readable bytes, decodable text, the date
# header, text left after cleaning, then the outlet and the duplicate check.


class _Skip(Exception):
    """An entry that gives no document; ``reason`` goes to the manifest and to a warning."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _manifest_row(name: str) -> dict:
    """The manifest row of an entry before it is read: skipped, with no reason yet."""
    return {
        "file": name, "doc_id": Path(name).stem, "status": "skipped", "reason": "", "encoding": None,
        "published": None, "date_status": None, "outlet": None, "characters": 0, "sentences": 0,
        "duplicate_of": "", "language": None,
    }


def _read_entry(entry: os.DirEntry, row: dict, used_ids: dict[str, str], dups: _DuplicateIndex,
                meta: dict[str, str]) -> dict | None:
    """Read *entry* into its manifest *row*; return its document, None for a duplicate; raise _Skip.

    *meta* is the file's row of ``sources.csv`` ({} if none): its date, outlet and language win over
    the header, the attribution and the detector."""
    name, doc_id = row["file"], row["doc_id"]
    _check_regular_file(entry)
    _check_txt_name(name)
    _claim_doc_id(doc_id, name, used_ids)
    raw, encoding, note = _decoded(_read_bytes(entry))
    row["encoding"] = encoding
    if note:
        _warn(f"{name}: {note}", depth=1)

    published, date_status, body = parse_date_header(raw)
    if date_status == "invalid":
        _warn(f"{name}: invalid date header '{_split_header(raw)[0]}'", depth=1)
    if meta.get("date"):
        published, date_status = meta["date"], "ok"
    row["published"], row["date_status"] = published, date_status

    cleaned = clean_text(body)
    if not cleaned.text:
        raise _Skip("empty file (no text after the date header)")
    _check_russian(cleaned.text, row, meta)
    outlet, mentioned = _outlet_info(cleaned.text)
    if meta.get("outlet"):
        outlet = outlet_named(meta["outlet"])
    row["outlet"] = outlet["outlet"] if outlet else None
    row["characters"] = len(cleaned.text)

    dup = dups.check(doc_id, cleaned.text)
    if dup is not None:
        row["status"], row["duplicate_of"], row["reason"] = "duplicate", dup[0], dup[1]
        return None
    row["status"] = "loaded"
    return _document(row, raw, cleaned, outlet, mentioned, meta)


def _check_regular_file(entry: os.DirEntry) -> None:
    """Skip a directory, a broken link or anything else that is not a regular file."""
    try:
        is_file = entry.is_file()
    except OSError:
        is_file = False
    if not is_file:
        raise _Skip("not a regular file (directory)" if entry.is_dir() else "not a regular file")


def _check_txt_name(name: str) -> None:
    """Skip a file whose name does not end in .txt (any case)."""
    if Path(name).suffix.lower() != ".txt":
        raise _Skip("not a .txt file")


def _claim_doc_id(doc_id: str, name: str, used_ids: dict[str, str]) -> None:
    """Skip a file whose doc_id an earlier file took ('a.txt' and 'a.TXT'); else record it as taken."""
    if doc_id in used_ids:
        raise _Skip(f"doc_id {doc_id!r} already used by {used_ids[doc_id]}")
    used_ids[doc_id] = name


def _check_russian(text: str, row: dict, meta: dict[str, str]) -> None:
    """Record the file's language (``sources.csv``'s when given, else detected); skip it unless Russian."""
    given = language_from_name(meta["language"]) if meta.get("language") else None
    language: Detection = given or detect_language(text)
    row["language"] = language.code
    if not language.is_russian:
        raise _Skip(f"language {language_label(language)}, not Russian")


def _read_bytes(entry: os.DirEntry) -> bytes:
    """Return the file's bytes; skip a file that cannot be read."""
    try:
        return Path(entry.path).read_bytes()
    except OSError as exc:
        raise _Skip(f"unreadable ({exc.strerror or type(exc).__name__})") from None


def _decoded(data: bytes) -> tuple[str, str, str]:
    """Return ``(text, encoding, note)``; skip an empty or binary file."""
    try:
        return _decode(data)
    except SkipFile as exc:
        raise _Skip(exc.reason) from None


def _document(row: dict, raw: str, cleaned, outlet: dict | None, mentioned, meta: dict[str, str]) -> dict:
    """The documents row of a loaded entry (columns :data:`DOCUMENT_COLUMNS`)."""
    return {
        "doc_id": row["doc_id"], "file": row["file"], "published": row["published"],
        "date_status": row["date_status"],
        "outlet": row["outlet"],
        "outlet_country": outlet["country"] if outlet else None,
        "outlet_type": outlet["type"] if outlet else None,
        "text": cleaned.text, "raw_text": raw, "encoding": row["encoding"],
        "characters": len(cleaned.text),
        "outlets_mentioned": mentioned,
        "outlet_reliability": outlet["reliability"] if outlet else None,
        "outlet_evidence": outlet["evidence"] if outlet else "",
        "repairs": tuple(cleaned.repairs),
        "url": meta.get("url"), "headline": meta.get("headline"), "author": meta.get("author"),
    }


_NULLABLE = {"published", "date_status", "outlet", "outlet_country", "outlet_type", "encoding", "outlet_reliability",
             "url", "headline", "author", "language"}


def _frame(rows: list[dict], columns: tuple[str, ...], ints: tuple[str, ...], objects: tuple[str, ...]) -> pd.DataFrame:
    data = {}
    for col in columns:
        values = [r[col] for r in rows]
        if col in ints:
            data[col] = pd.Series(values, dtype="int64")
        elif col in _NULLABLE or col in objects:
            # object, so that a missing value stays None (the str dtype would turn it into NaN)
            data[col] = pd.Series(values, dtype=object)
        else:
            data[col] = pd.Series(values, dtype="str")
    return pd.DataFrame(data, columns=list(columns))


def _documents_frame(rows: list[dict]) -> pd.DataFrame:
    return _frame(rows, DOCUMENT_COLUMNS, ("characters",), ("outlets_mentioned", "repairs"))


def _manifest_frame(rows: list[dict]) -> pd.DataFrame:
    return _frame(rows, MANIFEST_COLUMNS, ("characters", "sentences"), ())


def cleaning_report(documents: pd.DataFrame) -> pd.DataFrame:
    """Return one row per cleaning repair: ``doc_id, kind, before, after`` (documents order).

    Uses the ``repairs`` column of *documents* when present, else re-cleans ``raw_text``.
    """
    rows = []
    for rec in documents.itertuples(index=False):
        if "repairs" in documents.columns:
            repairs = rec.repairs
        else:
            repairs = clean_text(parse_date_header(rec.raw_text)[2]).repairs
        for r in repairs:
            rows.append({"doc_id": rec.doc_id, "kind": r["kind"], "before": r["before"], "after": r["after"]})
    return pd.DataFrame(rows, columns=["doc_id", "kind", "before", "after"]).astype("str")
