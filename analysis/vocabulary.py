"""The book's vocabulary, defined once: tracks (order, titles, colours), qualifier wording, short ids.

>>> TRACKS
('energy', 'transport', 'digital', 'agriculture')
>>> ALL_TRACKS[-1], TRACK_TITLES["general"]
('general', 'Cross-cutting (trade, politics)')
>>> QUALIFIER_PREFIX["more_than"] + "$547M", QUALIFIER_SIGN["up_to"] + "7 Mt"
('more than $547M', '≤ 7 Mt')
"""

from __future__ import annotations

#: The four thematic tracks, in the book's order.
TRACKS = ("energy", "transport", "digital", "agriculture")
#: A sentence in none of the tracks.
GENERAL = "general"
#: Every track a sentence or claim can carry, in the book's order.
ALL_TRACKS = (*TRACKS, GENERAL)

TRACK_TITLES = {
    "energy": "Energy",
    "transport": "Transport",
    "digital": "Digital",
    "agriculture": "Agriculture",
    GENERAL: "Cross-cutting (trade, politics)",
}

#: Colour-blind-safe enough and distinct in greyscale print.
TRACK_COLOURS = {
    "energy": "#c0392b",
    "transport": "#2471a3",
    "digital": "#7d3c98",
    "agriculture": "#b7950b",
    GENERAL: "#7f8c8d",
}

#: Values of a claim's ``qualifier``.
QUALIFIERS = ("exact", "approx", "more_than", "up_to")
#: Qualifier wording in prose ("more than $547M").
QUALIFIER_PREFIX = {"exact": "", "approx": "about ", "more_than": "more than ", "up_to": "up to "}
#: Qualifier wording in table cells ("> $547M").
QUALIFIER_SIGN = {"exact": "", "approx": "≈ ", "more_than": "> ", "up_to": "≤ "}


def short_claim_id(claim_id: str) -> str:
    """Return the reader-facing id of a claim: its document's short id and its number.

    >>> short_claim_id("003_5951633c20930dad-c004"), short_claim_id("dev_a01-c012")
    ('003-c004', 'dev_a01-c012')
    """
    doc_id, _, n = str(claim_id).rpartition("-")
    return f"{short_id(doc_id)}-{n}" if doc_id else str(claim_id)


def short_id(doc_id: str) -> str:
    """Return the reader-facing short id of a document: its numeric prefix, else the whole id.

    >>> short_id("003_5951633c20930dad"), short_id("dev_a01")
    ('003', 'dev_a01')
    """
    head = str(doc_id).split("_", 1)[0]
    return head if head.isdigit() else str(doc_id)


def sentence_doc(sentence_id: str) -> str:
    """Return the document of a sentence id (``f"{doc_id}-s{n:03d}"``, :func:`analysis.nlp.sentences.split_sentences`).

    >>> sentence_doc("004_e24caed92fdcf6ad-s010"), sentence_doc("dev_a01-s001")
    ('004_e24caed92fdcf6ad', 'dev_a01')
    """
    return str(sentence_id).rsplit("-s", 1)[0]


def sentence_number(sentence_id: str) -> int | None:
    """Return a sentence's number in its document (1 for the lead), None for an id of another shape.

    >>> sentence_number("004_e24caed92fdcf6ad-s001"), sentence_number("004-s12"), sentence_number("x")
    (1, 12, None)
    """
    tail = str(sentence_id).rsplit("-s", 1)
    return int(tail[1]) if len(tail) == 2 and tail[1].isdigit() else None
