"""Reading a corpus folder: every file decoded, dated, cleaned, attributed and de-duplicated, and accounted for in the manifest."""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.ingest.cleaning import CleanResult, clean_text
from analysis.ingest.decoding import SkipFile, _decode
from analysis.ingest.duplicates import Fingerprint, _DuplicateIndex, fingerprint
from analysis.ingest.headers import _split_header, parse_date_header
from analysis.ingest.language import Detection, detect_language, language_from_name, language_label
from analysis.ingest.metadata import SOURCES_FILE, Sources, read_sources
from analysis.ingest.outlets import _outlet_info, outlet_named
from analysis.parallel import chunk_size, map_chunks

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

#: Files read per task when :func:`read_corpus` reads in worker processes (at most; fewer when
#: that leaves a worker idle).
READ_CHUNK = 100


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


def read_corpus(path: str | os.PathLike, *, workers: int | None = 1) -> tuple[pd.DataFrame, pd.DataFrame]:
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

    With *workers* other than 1 the files are read (decoded, dated, cleaned, their language
    detected, their outlet found, their duplicate fingerprint computed) in worker processes,
    :data:`READ_CHUNK` files a task (:mod:`analysis.parallel`; ``None``: one per core); what
    depends on the files before — which file takes a doc_id, which one is a duplicate of which —
    is decided here in file order, so the tables and the warnings are those of ``workers=1``.
    """
    root = Path(path)
    entries = _list_dir(root)
    sources = read_sources(root, [e.name for e in entries]) or Sources()
    for problem in sources.problems:
        _warn(problem)
    manifest = [_manifest_row(entry.name) for entry in entries]
    plan, to_read = _plan(entries, manifest, sources)
    size = chunk_size(len(to_read), READ_CHUNK, workers)
    chunks = [to_read[i:i + size] for i in range(0, len(to_read), size)]
    readings = [r for chunk in map_chunks(_read_files, chunks, workers=workers) for r in chunk]
    docs = _assemble(manifest, plan, readings, sources)
    return _documents_frame(docs), _manifest_frame(manifest)


def _plan(entries: list[os.DirEntry], manifest: list[dict], sources: Sources) -> tuple[list, list[tuple]]:
    """What the names alone decide, in file order: per entry, ``SOURCES_FILE`` (the metadata table),
    a :class:`_Skip` (not a regular .txt file, or its doc_id taken by an earlier file), or the index
    of the file in the returned list of files to read, ``(path, name, sources.csv row)``."""
    plan: list = []
    to_read: list[tuple] = []
    used_ids: dict[str, str] = {}
    for entry, row in zip(entries, manifest):
        if entry.name == SOURCES_FILE and entry.is_file():
            plan.append(SOURCES_FILE)
            continue
        try:
            _check_regular_file(entry)
            _check_txt_name(row["file"])
            _claim_doc_id(row["doc_id"], row["file"], used_ids)
        except _Skip as exc:
            plan.append(exc)
            continue
        plan.append(len(to_read))
        to_read.append((entry.path, row["file"], sources.get(entry.name)))
    return plan, to_read


def _assemble(manifest: list[dict], plan: list, readings: list[_Reading], sources: Sources) -> list[dict]:
    """Fill in the manifest rows from the *plan* and the files' *readings*, in file order, giving
    each file's warnings and checking it against the documents kept before it; return the documents."""
    docs: list[dict] = []
    dups = _DuplicateIndex()
    for row, step in zip(manifest, plan):
        if step == SOURCES_FILE:
            row["reason"] = sources.summary()
            continue
        reading = readings[step] if isinstance(step, int) else _Reading(skip=step.reason)
        row.update(reading.fields)
        for note in reading.notes:
            _warn(f"{row['file']}: {note}", depth=1)
        if reading.skip is not None:
            row["reason"] = reading.skip
            _warn(f"{row['file']}: skipped: {reading.skip}", depth=1)
            continue
        dup = dups.check(row["doc_id"], reading.fingerprint)
        if dup is not None:
            row["status"], row["duplicate_of"], row["reason"] = "duplicate", dup[0], dup[1]
            continue
        row["status"] = "loaded"
        docs.append(_document(row, reading))
    return docs


# --------------------------------------------------------------------------------------------
# One directory entry. Each step either fills in the entry's manifest row or raises _Skip, in this
# order: a regular file, a .txt name, an unused doc_id (these three in _plan, from the names), readable
# bytes, decodable text, the date header, text left after cleaning, the language, the outlet (these
# in _read_file, a file on its own, in a worker or not), then the duplicate check (in _assemble).


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


@dataclass
class _Reading:
    """What reading one file gave: its manifest *fields*, the *notes* to warn about (in order), and
    either the reason it is *skipped* or its document's parts."""

    fields: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    skip: str | None = None
    raw: str = ""
    cleaned: CleanResult | None = None
    outlet: dict | None = None
    mentioned: tuple = ()
    meta: dict = field(default_factory=dict)
    fingerprint: Fingerprint | None = None


def _read_files(files: list[tuple[str, str, dict[str, str]]]) -> list[_Reading]:
    """Read each ``(path, name, sources.csv row)`` of *files* (one task of :func:`read_corpus`)."""
    return [_read_file(*f) for f in files]


def _read_file(path: str, name: str, meta: dict[str, str]) -> _Reading:
    """Read the file at *path*: decode, date, clean, check its language, find its outlet and
    fingerprint it for the duplicate check. Depends on nothing but the file and *meta*, its row of
    ``sources.csv`` ({} if none): its date, outlet and language win over the header, the
    attribution and the detector."""
    reading = _Reading(meta=meta)
    fields = reading.fields
    try:
        raw, encoding, note = _decoded(_read_bytes(path))
        fields["encoding"] = encoding
        if note:
            reading.notes.append(note)
        published, date_status, body = parse_date_header(raw)
        if date_status == "invalid":
            reading.notes.append(f"invalid date header '{_split_header(raw)[0]}'")
        if meta.get("date"):
            published, date_status = meta["date"], "ok"
        fields["published"], fields["date_status"] = published, date_status

        cleaned = clean_text(body)
        if not cleaned.text:
            raise _Skip("empty file (no text after the date header)")
        _check_russian(cleaned.text, fields, meta)
        outlet, mentioned = _outlet_info(cleaned.text)
        if meta.get("outlet"):
            outlet = outlet_named(meta["outlet"])
        fields["outlet"] = outlet["outlet"] if outlet else None
        fields["characters"] = len(cleaned.text)
    except _Skip as exc:
        reading.skip = exc.reason
        return reading
    reading.raw, reading.cleaned, reading.outlet, reading.mentioned = raw, cleaned, outlet, mentioned
    reading.fingerprint = fingerprint(cleaned.text)
    return reading


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


def _check_russian(text: str, fields: dict, meta: dict[str, str]) -> None:
    """Record the file's language in its manifest *fields* (``sources.csv``'s when given, else
    detected); skip it unless Russian."""
    given = language_from_name(meta["language"]) if meta.get("language") else None
    language: Detection = given or detect_language(text)
    fields["language"] = language.code
    if not language.is_russian:
        raise _Skip(f"language {language_label(language)}, not Russian")


def _read_bytes(path: str) -> bytes:
    """Return the file's bytes; skip a file that cannot be read."""
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise _Skip(f"unreadable ({exc.strerror or type(exc).__name__})") from None


def _decoded(data: bytes) -> tuple[str, str, str]:
    """Return ``(text, encoding, note)``; skip an empty or binary file."""
    try:
        return _decode(data)
    except SkipFile as exc:
        raise _Skip(exc.reason) from None


def _document(row: dict, reading: _Reading) -> dict:
    """The documents row of a loaded entry (columns :data:`DOCUMENT_COLUMNS`)."""
    outlet, cleaned, meta = reading.outlet, reading.cleaned, reading.meta
    return {
        "doc_id": row["doc_id"], "file": row["file"], "published": row["published"],
        "date_status": row["date_status"],
        "outlet": row["outlet"],
        "outlet_country": outlet["country"] if outlet else None,
        "outlet_type": outlet["type"] if outlet else None,
        "text": cleaned.text, "raw_text": reading.raw, "encoding": row["encoding"],
        "characters": len(cleaned.text),
        "outlets_mentioned": reading.mentioned,
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
