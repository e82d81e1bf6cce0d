"""Syntax: natasha's dependency parse of one sentence, as plain tokens with character offsets.

natasha ships its morphology tagger and syntax parser inside the package (slovnet models with navec
embeddings; nothing is downloaded). The parse is what binds a figure to the noun it measures and that
noun to its countries (:mod:`analysis.claims.subjects`); only sentences that hold a figure are parsed,
each distinct text once per process.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from analysis.nlp.entities import _natasha_norm
from analysis.nlp.lemmas import _lemma


@dataclass(frozen=True)
class Token:
    """One word of a parsed sentence: ``i`` (0-based), ``head`` (index of its head, -1 for the root)."""

    i: int
    text: str
    start: int
    stop: int
    head: int
    rel: str
    pos: str
    feats: tuple[tuple[str, str], ...]
    lemma: str

    def feat(self, name: str) -> str | None:
        return dict(self.feats).get(name)


@functools.lru_cache(maxsize=20_000)
def parse(text: str) -> tuple[Token, ...]:
    """Return the tokens of *text* with their UD relation, head, part of speech, features and lemma.

    The text is parsed as one sentence (natasha's segmenter may split it; heads never cross the
    pieces, each piece keeps its own root).
    """
    from natasha import Doc

    nn = _natasha_norm()
    doc = Doc(text)
    doc.segment(nn.segmenter)
    doc.tag_morph(nn.morph)
    doc.parse_syntax(nn.syntax)
    out: list[Token] = []
    for sent in doc.sents:
        ids = {t.id: len(out) + k for k, t in enumerate(sent.tokens)}
        for t in sent.tokens:
            out.append(Token(
                i=ids[t.id], text=t.text, start=t.start, stop=t.stop,
                head=ids.get(t.head_id, -1), rel=t.rel or "", pos=t.pos or "",
                feats=tuple(sorted((t.feats or {}).items())), lemma=_lemma(t.text.lower()),
            ))
    return tuple(out)


def verb_above(tokens: tuple[Token, ...], t: Token | None) -> Token | None:
    """The first verb up the parse from token *t* (the verb that reports a figure: "составил", "осуществят")."""
    seen: set[int] = set()
    while t is not None and t.i not in seen:
        seen.add(t.i)
        if t.pos in {"VERB", "AUX"}:
            return t
        t = tokens[t.head] if t.head >= 0 else None
    return None
