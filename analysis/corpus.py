"""Read a directory of article files into the ``documents`` and ``manifest`` tables.

:func:`read_corpus` is the entry point. Every entry of the directory gets exactly one manifest row
(``loaded``, ``skipped`` with a reason, or ``duplicate`` with the kept ``doc_id``); only loaded
articles are in ``documents``. Problems (undecodable or empty files, invalid date headers, …) are
reported with :class:`CorpusWarning` messages that start with the file name — never tracebacks.

Per file, in order:

1. **Decoding** (:func:`decode_bytes`): UTF-8 (with or without BOM) strictly first; UTF-16 with a
   BOM; otherwise charset-normalizer, checked for plausible Cyrillic text and named by the common
   codec that gives the same text (``cp1251`` rather than ``kz1048``, ``cp866`` rather than
   ``cp1125``). NUL bytes or implausible text → skipped ``binary (not text)``; nothing but
   whitespace → skipped ``empty file``. Line endings become ``\\n``.
2. **Date header** (:func:`parse_date_header`): the text begins with ``" date YYYY-MM-DD "`` glued
   to the first sentence. It is parsed into ``published`` (ISO) and stripped. No header →
   ``date_status='missing'``; an impossible date → ``'invalid'`` and a warning. Never a guess.
3. **Cleaning** (:func:`analysis.cleaning.clean_text`): print-layout repairs, kept per document in
   the ``repairs`` column; :func:`cleaning_report` turns them into a table.
4. **Outlet** (:func:`detect_outlet`): the first outlet named in an attribution context ("Как
   передает Report", "в беседе с Day.Az") per ``analysis/data/outlets.csv``; every outlet named
   anywhere is listed in ``outlets_mentioned``.
5. **Duplicates**: files are taken in name order and the first is kept. Exact duplicates have the
   same cleaned text. Near-duplicates have the same normalised text (lower case, ``ё``→``е``,
   punctuation and whitespace dropped; similarity 1.00) or a word 5-gram shingle Jaccard similarity
   of at least :data:`NEAR_DUPLICATE_JACCARD`. To stay near O(n) for 10,000 documents the Jaccard
   is computed only for candidates found by MinHash LSH (50 fixed hash functions, 10 bands of 5;
   a pair at Jaccard 0.9 is missed with probability 2e-4) whose shingle counts are within the
   similarity bound; the threshold itself is applied to the exact Jaccard. Hashes are CRC-32 and
   fixed constants, so results do not depend on ``PYTHONHASHSEED`` or the run.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import math
import os
import re
import warnings
import zlib
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.cleaning import clean_text
from analysis.paths import DATA_DIR, load_yaml

__all__ = [
    "CorpusWarning",
    "SkipFile",
    "DOCUMENT_COLUMNS",
    "MANIFEST_COLUMNS",
    "NEAR_DUPLICATE_JACCARD",
    "read_corpus",
    "decode_bytes",
    "parse_date_header",
    "detect_outlet",
    "mentioned_outlets",
    "load_outlets",
    "normalized_words",
    "shingle_similarity",
    "cleaning_report",
]

DOCUMENT_COLUMNS = (
    "doc_id", "file", "published", "date_status", "outlet", "outlet_country", "outlet_type",
    "text", "raw_text", "encoding", "characters",
    # additions to the contract:
    "outlets_mentioned", "outlet_reliability", "outlet_evidence", "repairs",
)
MANIFEST_COLUMNS = (
    "file", "doc_id", "status", "reason", "encoding", "published", "date_status", "outlet",
    "characters", "sentences", "duplicate_of",
)

#: Word 5-gram shingles; two texts at least this similar (Jaccard) are near-duplicates.
SHINGLE_WORDS = 5
NEAR_DUPLICATE_JACCARD = 0.9


class CorpusWarning(UserWarning):
    """A problem with one corpus file (the message starts with the file name)."""


class SkipFile(ValueError):
    """Raised by :func:`decode_bytes` for a file that holds no article; ``reason`` goes to the manifest."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


# --------------------------------------------------------------------------------------------
# Decoding

# When charset-normalizer's pick decodes to the same text as one of these, report that name: the
# Cyrillic code pages agree on Russian letters, and "cp1251" is what a reader expects to see.
_PREFERRED_CODECS = ("cp1251", "koi8-r", "cp866", "mac-cyrillic", "iso8859-5", "koi8-u")
_UTF16_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_NEWLINES = re.compile(r"\r\n?")
_GOOD_CHARS = re.compile(r"[а-яёәғқңөұүһі\x20-\x7e\s«»„“”–—…№°’‘]")
_CYR_UPPER = re.compile(r"[А-ЯЁӘҒҚҢӨҰҮҺІ]")
#: Share of "ordinary" characters (lower-case Cyrillic, ASCII, whitespace, common punctuation) a
#: decoding needs to count as text: Russian prose scores ≈ 0.95, mojibake and binary far lower.
PLAUSIBLE_TEXT = 0.75


def _plausibility(text: str) -> float:
    """Share of ordinary characters in *text* (sampled: first and last 20,000 characters).

    Capital Cyrillic letters count half: prose is mostly lower case, while a KOI8-R text read as
    cp1251 (or the reverse) swaps the cases.
    """
    sample = text if len(text) <= 40_000 else text[:20_000] + text[-20_000:]
    if not sample:
        return 0.0
    return (len(_GOOD_CHARS.findall(sample)) + 0.5 * len(_CYR_UPPER.findall(sample))) / len(sample)


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _control_share(text: str) -> float:
    """Share of control characters (other than tab, newlines, form feed) in the first 20,000 characters."""
    sample = text[:20_000]
    return len(_CONTROL.findall(sample)) / len(sample) if sample else 0.0


def _codec_name(data: bytes, text: str, guess: str) -> str:
    for name in _PREFERRED_CODECS:
        try:
            if data.decode(name) == text:
                return name
        except UnicodeDecodeError:
            continue
    try:
        return codecs.lookup(guess).name
    except LookupError:
        return guess


def _decode(data: bytes) -> tuple[str, str, str]:
    """Return ``(text, encoding, note)``; *note* is non-empty when characters had to be replaced."""
    if not data.strip(b" \t\r\n\x0b\x0c"):
        raise SkipFile("empty file")
    note = ""
    if data.startswith(codecs.BOM_UTF8):
        body = data[len(codecs.BOM_UTF8):]
        try:
            text, enc = body.decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            text, enc = body.decode("utf-8", "replace"), "utf-8-sig"
            note = f"{text.count(chr(0xFFFD))} invalid UTF-8 byte(s) replaced"
    elif data.startswith(_UTF16_BOMS):
        enc = "utf-32" if data.startswith(_UTF16_BOMS[:2]) else "utf-16"
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            raise SkipFile("binary (not text)") from None
    elif b"\x00" in data:
        raise SkipFile("binary (not text)")
    else:
        try:
            text, enc = data.decode("utf-8"), "utf-8"  # the fast path: almost every file
        except UnicodeDecodeError:
            text, enc, note = _decode_legacy(data)
    text = _NEWLINES.sub("\n", text).lstrip("\ufeff")
    if not text.strip():
        raise SkipFile("empty file")
    if _control_share(text) > 0.01:
        raise SkipFile("binary (not text)")
    return text, enc, note


def _decode_legacy(data: bytes) -> tuple[str, str, str]:
    lenient = data.decode("utf-8", "replace")
    bad = lenient.count("\ufffd")
    multibyte = sum(1 for c in lenient if ord(c) > 127) - bad
    # A UTF-8 file with a few corrupt bytes: keep it UTF-8 rather than let a code page garble
    # every Cyrillic letter.
    if bad <= max(2, len(lenient) // 1000) and multibyte >= 10 * bad:
        return lenient, "utf-8", f"{bad} invalid UTF-8 byte(s) replaced"
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    candidates: list[tuple[str, str]] = []
    if best is not None:
        candidates.append((str(best), best.encoding))
    text, enc = (candidates[0] if candidates else ("", ""))
    if not candidates or _plausibility(text) < PLAUSIBLE_TEXT:
        # charset-normalizer can misfire on short texts (koi8-r read as shift_jis): try the Cyrillic
        # code pages and keep the most plausible decoding.
        for name in _PREFERRED_CODECS:
            try:
                candidates.append((data.decode(name), name))
            except UnicodeDecodeError:
                pass
        if not candidates:
            raise SkipFile("binary (not text)")
        text, enc = max(candidates, key=lambda c: _plausibility(c[0]))
        if _plausibility(text) < PLAUSIBLE_TEXT:
            if best is None:
                raise SkipFile("binary (not text)")
            # charset-normalizer saw text, but nothing reads as ordinary prose (e.g. all capitals)
            text, enc = str(best), best.encoding
            name = _codec_name(data, text, enc)
            return text, name, f"encoding uncertain (read as {name})"
    return text, _codec_name(data, text, enc), ""


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)`` for a file's bytes: text with ``\\n`` line ends and no BOM.

    *encoding* is a Python codec name: ``'utf-8'``, ``'utf-8-sig'``, ``'cp1251'``, ``'koi8-r'``,
    ``'cp866'``, … Raises :class:`SkipFile` (reason ``'empty file'`` or ``'binary (not text)'``).
    """
    text, enc, _ = _decode(data)
    return text, enc


# --------------------------------------------------------------------------------------------
# Date header

# The value is a run of digits and separators (so "2025-12-15В посольстве" still splits) or, failing
# that, whatever non-space token follows ("None", or the article's first word if the value was empty).
_HEADER = re.compile(
    r"^[\ufeff\s]*date(?!\w)(?:[ \t]*[:=])?(?:[ \t]+(?P<value>\d[\d./\-]*(?:T[\d:.+\-Z]*)?|\S+))?[ \t]*\n?[ \t]*"
)
_TIME = re.compile(r"[ \t]+\d{1,2}:\d{2}(?::\d{2})?(?=\s|$)")
_NULL_VALUES = {"none", "null", "nan", "nat", "-", "—", "unknown", "n/a", "нет"}
_DATE_FORMATS = (
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:T[\d:.+\-Z]*)?"), ("y", "m", "d")),
    (re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})"), ("y", "m", "d")),
    (re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})"), ("d", "m", "y")),
)
#: Years outside this range are treated as invalid (a typo, not a date of this corpus).
YEAR_RANGE = (1900, 2100)


def _split_header(text: str) -> tuple[str | None, str, bool]:
    """Return ``(value, rest, has_header)``: the raw header value (None if empty) and the text after it."""
    m = _HEADER.match(text)
    if not m:
        return None, text, False
    value = m.group("value")
    if value is None:
        return None, text[m.end():], True
    if not any(ch.isdigit() for ch in value) and value.lower() not in _NULL_VALUES:
        # "date" followed by the first word of the article: the value was empty.
        start = m.start("value")
        return None, text[start:], True
    rest = text[m.end():]
    t = _TIME.match(text, m.end("value"))
    if t:
        rest = text[t.end():].lstrip(" \t\n")
    return value, rest, True


def _parse_date_value(value: str) -> str | None:
    for rx, order in _DATE_FORMATS:
        m = rx.fullmatch(value)
        if m:
            parts = dict(zip(order, map(int, m.groups())))
            if not YEAR_RANGE[0] <= parts["y"] <= YEAR_RANGE[1]:
                return None
            try:
                return date(parts["y"], parts["m"], parts["d"]).isoformat()
            except ValueError:
                return None
    return None


def parse_date_header(text: str) -> tuple[str | None, str, str]:
    """Return ``(published, date_status, text_without_header)`` for an article's decoded text.

    *published* is an ISO ``'YYYY-MM-DD'`` string or None; *date_status* is ``'ok'``,
    ``'missing'`` (no header, or an empty/``None`` value) or ``'invalid'`` (a value that is not a
    real date, e.g. ``2025-13-45``; it is stripped all the same). A BOM or blank lines before the
    header are tolerated. The header value is never guessed at or repaired.
    """
    value, rest, has_header = _split_header(text)
    if not has_header or value is None or value.lower() in _NULL_VALUES:
        return None, "missing", rest
    published = _parse_date_value(value)
    return (published, "ok", rest) if published else (None, "invalid", rest)


# --------------------------------------------------------------------------------------------
# Outlets


@dataclass(frozen=True)
class _Outlets:
    table: tuple[dict, ...]
    each: tuple[re.Pattern, ...]
    mention: re.Pattern
    cue_before: re.Pattern
    cue_after: re.Pattern


@lru_cache(maxsize=1)
def _outlets() -> _Outlets:
    with open(DATA_DIR / "outlets.csv", encoding="utf-8", newline="") as fh:
        rows = tuple(csv.DictReader(fh))
    each = []
    for k, row in enumerate(rows):
        if None in row or any(v is None for v in row.values()):
            raise ValueError(f"outlets.csv: row {k + 2} does not have exactly the header's columns (unquoted comma?)")
        try:
            each.append(re.compile(row["patterns"]))
        except re.error as exc:
            raise ValueError(f"outlets.csv: bad pattern for {row['outlet']!r}: {exc}") from None
    # One flat, case-sensitive alternation ("Report", not "report"): every branch starts with a
    # literal, so the regex engine can skip ahead by first character — ~20 times faster than named
    # groups. Which outlet matched is found afterwards with the outlet's own pattern.
    mention = re.compile("|".join(row["patterns"] for row in rows))
    with open(DATA_DIR / "outlets_cues.yml", encoding="utf-8") as fh:
        cues = load_yaml(fh)
    gap = cues["max_gap_words"]
    before = re.compile(
        r"(?<!\w)(?:" + "|".join(cues["before"]) + rf")\W*(?:\w+\W+){{0,{gap}}}$", re.IGNORECASE
    )
    gap_after = cues["max_gap_words_after"]
    after = re.compile(
        rf"\W*(?:\w+\W+){{0,{gap_after}}}?(?:" + "|".join(cues["after"]) + r")(?!\w)", re.IGNORECASE
    )
    return _Outlets(rows, tuple(each), mention, before, after)


def load_outlets() -> pd.DataFrame:
    """Return the outlet list (``analysis/data/outlets.csv``): outlet, patterns, country, type, reliability, grade_reason."""
    return pd.DataFrame(list(_outlets().table))


_SENTENCE_END = re.compile(r"[.!?…]\s|\n")


def _mentions(text: str):
    """Yield ``(match, outlets.csv row)`` for every outlet mention, as a whole token, in text order."""
    o = _outlets()
    for m in o.mention.finditer(text):
        a, b = m.start(), m.end()
        if (a and (text[a - 1].isalnum() or text[a - 1] in "._")) or (b < len(text) and (text[b].isalnum() or text[b] == "_")):
            continue
        found = m.group()
        for row, rx in zip(o.table, o.each):
            if rx.fullmatch(found):
                yield m, row
                break


def _attribution(text: str, m: re.Match) -> str | None:
    """Return the attribution phrase around mention *m* ("передает Report"), or None."""
    o = _outlets()
    lo = max(0, m.start() - 120)
    before = text[lo:m.start()]
    cut = None
    for cut in _SENTENCE_END.finditer(before):
        pass
    if cut is not None:
        lo, before = lo + cut.end(), before[cut.end():]
    b = o.cue_before.search(before)
    if b:
        return text[lo + b.start():m.end()]
    end = _SENTENCE_END.search(text, m.end(), m.end() + 80)
    a = o.cue_after.match(text, m.end(), end.start() if end else min(len(text), m.end() + 80))
    if a:
        return text[m.start():a.end()]
    return None


def _outlet_info(text: str) -> tuple[dict | None, tuple[str, ...]]:
    """One pass over *text*: ``(attributed outlet dict or None, all outlets mentioned)``."""
    attributed = None
    seen: dict[str, None] = {}
    for m, row in _mentions(text):
        seen.setdefault(row["outlet"], None)
        if attributed is None:
            evidence = _attribution(text, m)
            if evidence is not None:
                attributed = {
                    "outlet": row["outlet"], "country": row["country"], "type": row["type"],
                    "reliability": row["reliability"], "grade_reason": row["grade_reason"], "evidence": evidence,
                }
    return attributed, tuple(seen)


def mentioned_outlets(text: str) -> tuple[str, ...]:
    """Return the canonical names of all outlets mentioned in *text*, in order of first mention."""
    return _outlet_info(text)[1]


def detect_outlet(text: str) -> dict | None:
    """Return the article's outlet: the first outlet named in an attribution context, else None.

    The dict has ``outlet``, ``country``, ``type``, ``reliability``, ``grade_reason`` (from
    ``outlets.csv``) and ``evidence`` (the attribution phrase, e.g. ``'передает Report'``). A mere
    mention ("председатель правления АЗЕРТАДЖ") is not an attribution; nor is an unnamed source
    ("сообщили казахстанские медиа"). Cue words: ``analysis/data/outlets_cues.yml``.
    """
    return _outlet_info(text)[0]


# --------------------------------------------------------------------------------------------
# Duplicates

_WORD = re.compile(r"\w+")


def normalized_words(text: str) -> list[str]:
    """Return the words of *text* lower-cased with ``ё``→``е``; punctuation and spacing dropped."""
    return _WORD.findall(text.lower().replace("ё", "е"))


class _WordIds(dict):
    def __missing__(self, word: str) -> int:
        value = self[word] = zlib.crc32(word.encode("utf-8"))
        return value


_WORD_IDS = _WordIds()
_SHINGLE_MULT = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93, 0xFF51AFD7ED558CCD],
    dtype=np.uint64,
)


def _shingles(words: list[str], unique: bool = True) -> np.ndarray:
    """Return the 64-bit hashes of the word 5-grams of *words* (fewer words: one gram), sorted unique
    unless *unique* is False (then in text order, with repeats)."""
    n = len(words)
    if n == 0:
        return np.empty(0, dtype=np.uint64)
    ids = np.fromiter(map(_WORD_IDS.__getitem__, words), dtype=np.uint64, count=n)
    k = min(SHINGLE_WORDS, n)
    m = n - k + 1
    h = np.zeros(m, dtype=np.uint64)
    for j in range(k):
        h = h * np.uint64(31) + ids[j:j + m] * _SHINGLE_MULT[j]
    # Mix the bits so that the smallest hashes are a fair sample of the shingles.
    h ^= h >> np.uint64(29)
    h *= np.uint64(0xBF58476D1CE4E5B9)
    h ^= h >> np.uint64(32)
    return np.unique(h) if unique else h


# MinHash with NUM_PERM hash functions h(x) = a*x + b (mod 2**64), fixed constants so results do
# not depend on the run. LSH: BANDS bands of ROWS minhashes; two documents become candidates when
# all minhashes of one band agree, which for Jaccard J happens with probability 1 - (1 - J**ROWS)**BANDS:
# 0.9998 at J = 0.9, 0.27 at J = 0.5, 0.02 at J = 0.3. Every candidate is then verified with the
# exact Jaccard of the shingle sets, so the threshold is exact; only recall is probabilistic.
BANDS, ROWS = 10, 5
NUM_PERM = BANDS * ROWS
_RNG = np.random.default_rng(20251215)
_PERM_A = (_RNG.integers(1, 2**63, NUM_PERM, dtype=np.uint64) * np.uint64(2) + np.uint64(1))[:, None]
_PERM_B = _RNG.integers(0, 2**63, NUM_PERM, dtype=np.uint64)[:, None]
_CHUNK = 8192


def _minhash(shingles: np.ndarray) -> np.ndarray:
    """Return the NUM_PERM minhashes of a non-empty shingle array (chunked: memory stays flat)."""
    out = np.full(NUM_PERM, np.iinfo(np.uint64).max, dtype=np.uint64)
    for k in range(0, shingles.size, _CHUNK):
        chunk = shingles[k:k + _CHUNK][None, :]
        np.minimum(out, (_PERM_A * chunk + _PERM_B).min(axis=1), out=out)
    return out


def _jaccard(a: np.ndarray, b: np.ndarray) -> float:
    if a.size == 0 or b.size == 0:
        return 0.0
    inter = np.intersect1d(a, b, assume_unique=True).size
    return inter / (a.size + b.size - inter)


def shingle_similarity(text_a: str, text_b: str) -> float:
    """Return the Jaccard similarity (0–1) of the word 5-gram sets of two texts (normalised words)."""
    return _jaccard(_shingles(normalized_words(text_a)), _shingles(normalized_words(text_b)))


class _DuplicateIndex:
    """Kept documents, looked up by exact text, normalised text and MinHash LSH bands."""

    def __init__(self):
        self.exact: dict[bytes, str] = {}
        self.normal: dict[bytes, str] = {}
        self.bands: dict[tuple[int, bytes], list[int]] = {}
        # per kept document: [doc_id, shingle hashes, sorted unique hashes (computed when first needed)]
        self.kept: list[list] = []

    def _unique(self, c: int) -> np.ndarray:
        if self.kept[c][2] is None:
            self.kept[c][2] = np.unique(self.kept[c][1])
            self.kept[c][1] = None
        return self.kept[c][2]

    def check(self, doc_id: str, text: str) -> tuple[str, str] | None:
        """Return ``(kept_doc_id, reason)`` if *text* duplicates a kept document; else keep it."""
        key = hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()
        if key in self.exact:
            other = self.exact[key]
            return other, f"duplicate of {other}"
        words = normalized_words(text)
        nkey = hashlib.blake2b(" ".join(words).encode("utf-8"), digest_size=16).digest()
        if nkey in self.normal:
            other = self.normal[nkey]
            return other, f"near-duplicate of {other} (similarity 1.00)"
        raw = _shingles(words, unique=False)
        band_keys: list[tuple[int, bytes]] = []
        if raw.size:
            mh = _minhash(raw)  # repeats do not change a minimum: no need to deduplicate first
            band_keys = [(b, mh[b * ROWS:(b + 1) * ROWS].tobytes()) for b in range(BANDS)]
        candidates = {c for bk in band_keys for c in self.bands.get(bk, ())}
        best: tuple[float, int] | None = None
        sh = np.unique(raw) if candidates else None
        for c in sorted(candidates):
            other_sh = self._unique(c)
            small, large = sorted((sh.size, other_sh.size))
            if small < NEAR_DUPLICATE_JACCARD * large:
                continue
            sim = _jaccard(sh, other_sh)
            if sim >= NEAR_DUPLICATE_JACCARD and (best is None or sim > best[0]):
                best = (sim, c)
        if best is not None:
            other = self.kept[best[1]][0]
            # rounded down, so that "1.00" is reserved for identical normalised texts
            return other, f"near-duplicate of {other} (similarity {math.floor(best[0] * 100) / 100:.2f})"
        idx = len(self.kept)
        self.kept.append([doc_id, raw, sh])
        self.exact[key] = doc_id
        self.normal[nkey] = doc_id
        for bk in band_keys:
            self.bands.setdefault(bk, []).append(idx)
        return None


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
    and ``repairs`` (tuple of ``{kind, before, after}`` dicts from the cleaning)). ``manifest`` has
    one row per directory entry, columns :data:`MANIFEST_COLUMNS`; ``sentences`` is 0 (the pipeline
    fills it). Nullable text columns (published, outlet, …) are object columns holding str or None.
    ``characters`` counts characters of the cleaned text. Raises FileNotFoundError /
    NotADirectoryError / PermissionError (one-line messages) if *path* is not a readable directory.
    """
    root = Path(path)
    entries = _list_dir(root)
    docs: list[dict] = []
    manifest: list[dict] = []
    used_ids: dict[str, str] = {}
    dups = _DuplicateIndex()

    for entry in entries:
        name = entry.name
        doc_id = Path(name).stem
        row = {
            "file": name, "doc_id": doc_id, "status": "skipped", "reason": "", "encoding": None,
            "published": None, "date_status": None, "outlet": None, "characters": 0, "sentences": 0,
            "duplicate_of": "",
        }
        manifest.append(row)

        def skip(reason: str) -> None:
            row["reason"] = reason
            _warn(f"{name}: skipped: {reason}", depth=1)

        try:
            is_file = entry.is_file()
        except OSError:
            is_file = False
        if not is_file:
            skip("not a regular file (directory)" if entry.is_dir() else "not a regular file")
            continue
        if Path(name).suffix.lower() != ".txt":
            skip("not a .txt file")
            continue
        if doc_id in used_ids:
            skip(f"doc_id {doc_id!r} already used by {used_ids[doc_id]}")
            continue
        used_ids[doc_id] = name
        try:
            data = Path(entry.path).read_bytes()
        except OSError as exc:
            skip(f"unreadable ({exc.strerror or type(exc).__name__})")
            continue
        try:
            raw, encoding, note = _decode(data)
        except SkipFile as exc:
            skip(exc.reason)
            continue
        row["encoding"] = encoding
        if note:
            _warn(f"{name}: {note}")

        published, date_status, body = parse_date_header(raw)
        if date_status == "invalid":
            _warn(f"{name}: invalid date header '{_split_header(raw)[0]}'")
        row["published"], row["date_status"] = published, date_status

        cleaned = clean_text(body)
        if not cleaned.text:
            skip("empty file (no text after the date header)")
            continue
        outlet, mentioned = _outlet_info(cleaned.text)
        row["outlet"] = outlet["outlet"] if outlet else None
        row["characters"] = len(cleaned.text)

        dup = dups.check(doc_id, cleaned.text)
        if dup is not None:
            row["status"], row["duplicate_of"], row["reason"] = "duplicate", dup[0], dup[1]
            continue
        row["status"] = "loaded"
        docs.append({
            "doc_id": doc_id, "file": name, "published": published, "date_status": date_status,
            "outlet": row["outlet"],
            "outlet_country": outlet["country"] if outlet else None,
            "outlet_type": outlet["type"] if outlet else None,
            "text": cleaned.text, "raw_text": raw, "encoding": encoding,
            "characters": len(cleaned.text),
            "outlets_mentioned": mentioned,
            "outlet_reliability": outlet["reliability"] if outlet else None,
            "outlet_evidence": outlet["evidence"] if outlet else "",
            "repairs": tuple(cleaned.repairs),
        })

    return _documents_frame(docs), _manifest_frame(manifest)


_NULLABLE = {"published", "date_status", "outlet", "outlet_country", "outlet_type", "encoding", "outlet_reliability"}


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
