"""Sentences: blank-line paragraphs first, then razdel inside each paragraph."""

from __future__ import annotations

import re

import pandas as pd
from razdel import sentenize

SENTENCE_COLUMNS = ["doc_id", "sentence_id", "paragraph", "start", "end", "text"]

# =============================================================================== sentences

# A paragraph break is a line that is empty or holds only spaces/tabs.
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Return (start, end) of the non-empty blank-line-separated blocks of *text*, stripped."""
    spans = []
    pos = 0
    cuts = [m.span() for m in _BLANK_LINE.finditer(text)] + [(len(text), len(text))]
    for cut_start, cut_end in cuts:
        block = text[pos:cut_start]
        stripped = block.strip()
        if stripped:
            lead = len(block) - len(block.lstrip())
            spans.append((pos + lead, pos + lead + len(stripped)))
        pos = cut_end
    return spans


# A scale abbreviation never ends a sentence when what follows is its unit or goes on in lower case:
# "до 300 тыс. TEU", "5 млн. тонн", "в 4 тыс. МВт" (razdel takes the dot for a full stop before a capital or a
# Latin word).
_SCALE_END = re.compile(r"(?<![\w-])(?:тыс|млн|млрд|трлн|долл|руб)\.$")
_GOES_ON = re.compile(r"(?:[a-zа-яё]|TEU\b|ДФЭ\b|USD\b|EUR\b|AZN\b|KZT\b|\$|€|[кМГТ]Вт|[кМГТ]бит|[МГТ]Дж)")


def _sentence_spans(block: str) -> list[tuple[int, int]]:
    """razdel's sentences of one paragraph, rejoined where a scale abbreviation was taken for a full stop."""
    spans: list[tuple[int, int]] = []
    for piece in sentenize(block):
        if spans and _SCALE_END.search(block[spans[-1][0]:spans[-1][1]]) and _GOES_ON.match(block[piece.start:piece.stop]):
            spans[-1] = (spans[-1][0], piece.stop)
        else:
            spans.append((piece.start, piece.stop))
    return spans


def split_sentences(documents: pd.DataFrame) -> pd.DataFrame:
    """Split documents into sentences.

    Paragraphs are blank-line-separated blocks (split FIRST: razdel ignores blank lines and would
    glue an unpunctuated heading or an attribution line such as "– Касым-Жомарт Токаев" to the
    next sentence); each paragraph is then split by ``razdel.sentenize``, and a sentence razdel ended at
    a scale abbreviation followed by its unit ("до 300 тыс. TEU") is joined to what follows.

    Returns one row per sentence: ``doc_id``, ``sentence_id`` (f"{doc_id}-s{n:03d}", n from 1),
    ``paragraph`` (int, from 0 within the document), ``start``, ``end`` (character offsets into
    ``documents.text``; ``text == documents.text[start:end]``), ``text`` (whitespace-stripped).
    Documents with empty or missing text yield no rows.
    """
    rows: dict[str, list] = {c: [] for c in SENTENCE_COLUMNS}
    for doc_id, text in zip(documents["doc_id"], documents["text"]):
        if not isinstance(text, str) or not text.strip():
            continue
        doc_id = str(doc_id)
        n = 0
        for paragraph, (p_start, p_end) in enumerate(_paragraph_spans(text)):
            block = text[p_start:p_end]
            for a, b in _sentence_spans(block):
                raw = block[a:b]
                stripped = raw.strip()
                if not stripped:
                    continue
                start = p_start + a + (len(raw) - len(raw.lstrip()))
                n += 1
                rows["doc_id"].append(doc_id)
                rows["sentence_id"].append(f"{doc_id}-s{n:03d}")
                rows["paragraph"].append(paragraph)
                rows["start"].append(start)
                rows["end"].append(start + len(stripped))
                rows["text"].append(stripped)
    out = pd.DataFrame(rows, columns=SENTENCE_COLUMNS)
    return out.astype({"doc_id": "str", "sentence_id": "str", "paragraph": "int64",
                       "start": "int64", "end": "int64", "text": "str"})


