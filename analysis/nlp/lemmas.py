"""Lemmas: one pymorphy3 analyser for the whole package, with the project's lemma fixes."""

from __future__ import annotations

import functools
import re
from types import SimpleNamespace

import pandas as pd
from razdel import tokenize

from analysis import datafiles

# =============================================================================== lemmas

# A word token: letters/digits, with inner hyphens, commas or dots ("Касым-Жомарт", "1,5").
_WORD = re.compile(r"[^\W_]+(?:[-,.][^\W_]+)*")


@functools.lru_cache(maxsize=1)
def morph():
    """The one pymorphy3 analyser of the process (≈ 0.1 s to create)."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@functools.lru_cache(maxsize=1)
def _lemma_fixes() -> SimpleNamespace:
    """Load lemma_fixes.csv: form regexes, avoided readings, reading remaps."""
    forms: list[tuple[re.Pattern, str]] = []
    avoid: dict[str, list[frozenset]] = {}
    readings: dict[str, list[tuple[frozenset, str]]] = {}
    for row in datafiles.load("lemma_fixes.csv"):
        grams = frozenset((row.get("grammemes") or "").split())
        kind, match, lemma = row["kind"].strip(), row["match"].strip(), row["lemma"].strip()
        if kind == "form":
            forms.append((re.compile(match), lemma))
        elif kind == "avoid":
            avoid.setdefault(match, []).append(grams)
        elif kind == "reading":
            readings.setdefault(match, []).append((grams, lemma))
        else:
            raise ValueError(f"lemma_fixes.csv: unknown kind {kind!r}")
    return SimpleNamespace(forms=forms, avoid=avoid, readings=readings)


def _fold(word: str) -> str:
    return word.lower().replace("ё", "е")


@functools.lru_cache(maxsize=200_000)
def _parses(word: str) -> tuple:
    """pymorphy3 readings of a folded word, best first, avoided readings moved to the end."""
    parses = morph().parse(word)
    avoid = _lemma_fixes().avoid
    if not avoid:
        return tuple(parses)
    good, bad = [], []
    for p in parses:
        rules = avoid.get(p.normal_form)
        (bad if rules and any(g <= p.tag.grammemes for g in rules) else good).append(p)
    return tuple(good + bad)


@functools.lru_cache(maxsize=200_000)
def _lemma(word: str) -> str:
    """Lemma of one folded word token: lemma_fixes.csv first, else pymorphy3's best reading."""
    fixes = _lemma_fixes()
    for rx, lemma in fixes.forms:
        if rx.fullmatch(word):
            return lemma
    if not any(ch.isalpha() for ch in word):
        return word
    best = _parses(word)[0]
    lemma = best.normal_form
    for grams, target in fixes.readings.get(lemma, ()):
        if grams <= best.tag.grammemes:
            lemma = target
            break
    return lemma.replace("ё", "е")


@functools.lru_cache(maxsize=100_000)
def tokens(text: str) -> tuple[tuple[int, int, str], ...]:
    """razdel tokens of *text* as (start, end, token), punctuation included — cached because the
    lemmas, the speakers and the timeline all tokenise the same sentences. The lemmas of
    :func:`lemmatize` are those of the word tokens among these, in order."""
    return tuple((t.start, t.stop, t.text) for t in tokenize(text))


@functools.lru_cache(maxsize=200_000)
def _token_lemma(token: str) -> str | None:
    """Lemma of a razdel token, None for punctuation and symbols."""
    return _lemma(_fold(token)) if _WORD.fullmatch(token) else None


def lemmatize(text: str) -> tuple[str, ...]:
    """Return the lower-case lemmas (ё written е) of the word tokens of *text*, in order.

    Tokens come from ``razdel.tokenize``; punctuation is dropped, hyphenated words stay whole.
    """
    lemmas = [_token_lemma(tok) for _, _, tok in tokens(text)]
    return tuple(l for l in lemmas if l is not None)


def add_lemmas(sentences: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of *sentences* with ``lemmas`` (tuple[str, ...], see :func:`lemmatize`)."""
    out = sentences.copy()
    out["lemmas"] = pd.Series([lemmatize(t) for t in out["text"]], index=out.index, dtype=object)
    return out


