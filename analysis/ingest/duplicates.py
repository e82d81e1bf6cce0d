"""Exact and near-duplicate articles: normalised text and word-shingle Jaccard, candidates by datasketch's
MinHash LSH."""

from __future__ import annotations

import hashlib
import math
import re
import zlib
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

if TYPE_CHECKING:
    from datasketch import MinHash

#: Word 5-gram shingles; two texts at least this similar (Jaccard) are near-duplicates.
SHINGLE_WORDS = 5
NEAR_DUPLICATE_JACCARD = 0.9

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


# Candidates come from datasketch's MinHash LSH: NUM_PERM hash functions (a fixed seed, so results do
# not depend on the run) in BANDS bands of ROWS minhashes. Two documents become candidates when all
# minhashes of one band agree, which for Jaccard J happens with probability 1 - (1 - J**ROWS)**BANDS:
# 0.9998 at J = 0.9, 0.27 at J = 0.5, 0.02 at J = 0.3. Every candidate is then verified with the exact
# Jaccard of the shingle sets, so the threshold is exact; only recall is probabilistic.
BANDS, ROWS = 10, 5
NUM_PERM = BANDS * ROWS
MINHASH_SEED = 20251215


def _identity(value):
    return value


def _datasketch():
    """datasketch, imported when a corpus is first read: importing it imports scipy (about half a
    second), which a notebook reading the processed corpus from the cache never needs."""
    import datasketch

    return datasketch


@lru_cache(maxsize=1)
def _permutations():
    """The hash functions, drawn once from the seed (datasketch draws them per MinHash otherwise)."""
    return _datasketch().MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, scheme="affine64").permutations


def _minhash(shingles: np.ndarray) -> MinHash:
    """Return the MinHash of a non-empty array of 64-bit shingle hashes (already hashed: identity)."""
    mh = _datasketch().MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, hashfunc=_identity, scheme="affine64",
                 permutations=_permutations())
    mh.update_batch(shingles)
    return mh


def _jaccard(a: np.ndarray, b: np.ndarray) -> float:
    if a.size == 0 or b.size == 0:
        return 0.0
    inter = np.intersect1d(a, b, assume_unique=True).size
    return inter / (a.size + b.size - inter)


def shingle_similarity(text_a: str, text_b: str) -> float:
    """Return the Jaccard similarity (0–1) of the word 5-gram sets of two texts (normalised words)."""
    return _jaccard(_shingles(normalized_words(text_a)), _shingles(normalized_words(text_b)))


class Fingerprint(NamedTuple):
    """What the duplicate check needs of a text, computed on its own (in a worker, say): digests of
    the exact and of the normalised text, the word 5-gram hashes in text order, their MinHash (None
    for a text without words)."""

    exact: bytes
    normal: bytes
    shingles: np.ndarray
    minhash: MinHash | None


def fingerprint(text: str) -> Fingerprint:
    """Return the :class:`Fingerprint` of *text* (a pure function of the text)."""
    key = hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()
    words = normalized_words(text)
    nkey = hashlib.blake2b(" ".join(words).encode("utf-8"), digest_size=16).digest()
    raw = _shingles(words, unique=False)
    # repeats do not change a minimum: no need to deduplicate before the MinHash
    return Fingerprint(key, nkey, raw, _minhash(raw) if raw.size else None)


class _DuplicateIndex:
    """Kept documents, looked up by exact text, normalised text and MinHash LSH bands."""

    def __init__(self):
        self.exact: dict[bytes, str] = {}
        self.normal: dict[bytes, str] = {}
        self.lsh = _datasketch().MinHashLSH(num_perm=NUM_PERM, params=(BANDS, ROWS))
        # per kept document: [doc_id, shingle hashes, sorted unique hashes (computed when first needed)]
        self.kept: list[list] = []

    def _unique(self, c: int) -> np.ndarray:
        if self.kept[c][2] is None:
            self.kept[c][2] = np.unique(self.kept[c][1])
            self.kept[c][1] = None
        return self.kept[c][2]

    def check(self, doc_id: str, text: str | Fingerprint) -> tuple[str, str] | None:
        """Return ``(kept_doc_id, reason)`` if *text* (or its :func:`fingerprint`) duplicates a kept
        document; else keep it."""
        fp = text if isinstance(text, Fingerprint) else fingerprint(text)
        if fp.exact in self.exact:
            other = self.exact[fp.exact]
            return other, f"duplicate of {other}"
        if fp.normal in self.normal:
            other = self.normal[fp.normal]
            return other, f"near-duplicate of {other} (similarity 1.00)"
        candidates = set(self.lsh.query(fp.minhash)) if fp.minhash is not None else set()
        best: tuple[float, int] | None = None
        sh = np.unique(fp.shingles) if candidates else None
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
        self.kept.append([doc_id, fp.shingles, sh])
        self.exact[fp.exact] = doc_id
        self.normal[fp.normal] = doc_id
        if fp.minhash is not None:
            self.lsh.insert(idx, fp.minhash)
        return None
