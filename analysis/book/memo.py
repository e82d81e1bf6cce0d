"""Computed once per corpus: what several tables or facts of one page derive from the same corpus.

A page's facts, tables and notes often ask for the same derived value (the trade story for 23 of the
overview's facts; the people's organisations for two indexes of the glossary). :func:`per_corpus`
keeps such a value on the corpus object itself, for as long as the notebook holds that corpus: never
on disk, since it is the book's code, which the processing cache's key does not cover, and never
across corpora (a second ``load()`` starts afresh).
"""

from __future__ import annotations

import functools
from collections.abc import Callable

__all__ = ["per_corpus"]

#: The attribute of a corpus object holding its memoised values ((function name, *args) → value).
ATTRIBUTE = "_book_memo"


def per_corpus(fn: Callable) -> Callable:
    """Decorate ``fn(corpus, *args)`` (hashable *args*) so that it runs once per corpus object and
    arguments; later calls return the same value, which callers must treat as read-only.

    >>> from types import SimpleNamespace
    >>> calls = []
    >>> @per_corpus
    ... def size(corpus, times=1):
    ...     calls.append(1)
    ...     return len(corpus.rows) * times
    >>> c = SimpleNamespace(rows=[1, 2, 3])
    >>> size(c), size(c), size(c, 2), len(calls), size(SimpleNamespace(rows=[])), len(calls)
    (3, 3, 6, 2, 0, 3)
    """
    name = f"{fn.__module__}.{fn.__qualname__}"

    @functools.wraps(fn)
    def once(corpus, *args):
        memo = vars(corpus).setdefault(ATTRIBUTE, {})
        key = (name, *args)
        if key not in memo:
            memo[key] = fn(corpus, *args)
        return memo[key]

    return once
