"""The book's vocabulary, defined once: tracks (order, titles, colours), qualifier wording, short ids."""

from __future__ import annotations


def short_id(doc_id: str) -> str:
    """Return the reader-facing short id of a document: its numeric prefix, else the whole id."""
    head = str(doc_id).split("_", 1)[0]
    return head if head.isdigit() else str(doc_id)
