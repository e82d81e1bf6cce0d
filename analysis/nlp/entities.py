"""Named entities: natasha NER merged with the gazetteer, normalised to canonical English names."""

from __future__ import annotations

import functools
from types import SimpleNamespace
from typing import NamedTuple

import pandas as pd

from analysis.nlp.gazetteer import KINDS, _matcher, _speech_lexicon, transliterate
from analysis.nlp.lemmas import _fold, _parses

ENTITY_COLUMNS = ["doc_id", "sentence_id", "start", "end", "text", "normal", "kind",
                  "canonical", "source"]
_ENTITY_DTYPES = {c: "str" for c in ENTITY_COLUMNS} | {"start": "int64", "end": "int64"}

# =============================================================================== entities

@functools.lru_cache(maxsize=1)
def _natasha() -> SimpleNamespace:
    """natasha embedding + NER tagger, loaded once per process on first use."""
    # natasha must be imported before anything that imports pymorphy2 (toolchain.md: yargy
    # patches pymorphy2 so that it imports on Python 3.11). pymorphy3 is a separate package.
    import natasha  # noqa: F401
    from natasha import NewsEmbedding, NewsNERTagger

    # Throughput note: slovnet's many small matrix products are fastest with a single BLAS
    # thread. With numpy's default OpenBLAS pool on two busy cores, NER + normalisation ran at
    # ≈ 6 docs/s instead of ≈ 37; set OPENBLAS_NUM_THREADS=1 before numpy is first imported.

    emb = NewsEmbedding()
    return SimpleNamespace(emb=emb, ner=NewsNERTagger(emb))


@functools.lru_cache(maxsize=1)
def _natasha_norm() -> SimpleNamespace:
    """Segmenter, morphology, syntax and vocabulary — only needed by ``span.normalize``."""
    from natasha import MorphVocab, NewsMorphTagger, NewsSyntaxParser, Segmenter

    base = _natasha()
    return SimpleNamespace(segmenter=Segmenter(), morph=NewsMorphTagger(base.emb),
                           syntax=NewsSyntaxParser(base.emb), vocab=MorphVocab())


def _sorted_map(model, items: list) -> list:
    """``model.map`` over *items* in length order (less padding per batch), results in input
    order."""
    order = sorted(range(len(items)), key=lambda i: len(items[i]))
    results = [None] * len(items)
    for i, res in zip(order, model.map([items[i] for i in order])):
        results[i] = res
    return results


def _normalize_batch(items: list[tuple[str, list[tuple[int, int, str]]]]) -> list[list[str]]:
    """natasha normal forms of spans: *items* are (sentence text, [(start, end, NER type)]).

    Runs segmentation, morphology and syntax over all the sentences at once (batched, like
    ``Doc.tag_morph``/``Doc.parse_syntax`` per document), then ``DocSpan.normalize`` (syntax-based
    for ORG). A span whose tokens do not align falls back to its surface text.
    """
    from natasha import Doc
    from natasha.doc import DocSpan, inject_morph, inject_syntax, offset_syntax, sent_words

    nn = _natasha_norm()
    docs = []
    for text, _spans in items:
        doc = Doc(text)
        doc.segment(nn.segmenter)
        docs.append(doc)
    sents = [sent for doc in docs for sent in doc.sents]
    chunks = [sent_words(sent) for sent in sents]
    for sent, markup in zip(sents, _sorted_map(nn.morph, chunks)):
        inject_morph(sent.tokens, markup.tokens)
    for sent, markup in zip(sents, _sorted_map(nn.syntax, chunks)):
        inject_syntax(sent.tokens, markup.tokens)
    for doc in docs:
        for sent_id, sent in enumerate(doc.sents, 1):
            offset_syntax(sent_id, sent.tokens)
    out = []
    for doc, (text, spans) in zip(docs, items):
        doc.spans = [DocSpan(s, e, k, text[s:e]) for s, e, k in spans]
        doc.envelop_span_tokens()
        normals = []
        for span in doc.spans:
            try:
                span.normalize(nn.vocab)
                normals.append(span.normal or span.text)
            except Exception:  # tokens that do not align with the span: keep the surface form
                normals.append(span.text)
        out.append(normals)
    return out


@functools.lru_cache(maxsize=1)
def _role_forms(roles: frozenset) -> frozenset[str]:
    """All inflected forms (folded) of the role nouns of the speech lexicon."""
    forms = set()
    for role in roles:
        for p in _parses(role):
            if p.normal_form.replace("ё", "е") == role:
                forms.update(_fold(f.word) for f in p.lexeme)
                break
    return frozenset(forms)


def _paragraph_texts(sentences: pd.DataFrame) -> list[tuple[str, list[tuple[str, str, int]]]]:
    """(paragraph text, [(doc_id, sentence_id, offset in it)]) for each run of consecutive sentences
    with the same (doc_id, paragraph); the sentences are joined by a space."""
    paragraphs: list[tuple[str, list[tuple[str, str, int]]]] = []
    key = None
    for doc_id, sid, para, text in zip(sentences["doc_id"], sentences["sentence_id"],
                                       sentences["paragraph"], sentences["text"]):
        if (doc_id, para) != key:
            paragraphs.append(("", []))
            key = (doc_id, para)
        ptext, members = paragraphs[-1]
        offset = len(ptext) + (1 if ptext else 0)
        members.append((str(doc_id), sid, offset))
        paragraphs[-1] = ((ptext + " " if ptext else "") + text, members)
    return paragraphs


def _ner_by_sentence(ptext: str, members: list, markup) -> tuple[list[tuple[int, int]], list[list[tuple[int, int, str]]]]:
    """The sentences' (start, end) in the paragraph, and each one's NER spans as (start, end, type)
    in SENTENCE coordinates (a span crossing a sentence end is cut there)."""
    bounds = []
    for i, (_, _, off) in enumerate(members):
        end = members[i + 1][2] - 1 if i + 1 < len(members) else len(ptext)
        bounds.append((off, end))
    per_sentence: list[list[tuple[int, int, str]]] = [[] for _ in members]
    for span in markup.spans:
        for i, (s0, s1) in enumerate(bounds):
            if s0 <= span.start < s1:
                per_sentence[i].append((span.start - s0, min(span.stop, s1) - s0, span.type))
                break
    return bounds, per_sentence


class _Verdict(NamedTuple):
    """What a NER span becomes: kept as NER (normalised later), and which gazetteer spans it drops
    or agrees with (an agreed gazetteer span is reported once, with source 'ner')."""
    keep_ner: bool = False
    drop: tuple = ()
    agree: tuple = ()


def _title_alone(text: str, span: tuple[int, int, str], overlap: list, role_words: frozenset) -> _Verdict | None:
    """A NER person that is only a title is dropped. "при Президенте" → nothing."""
    ns, ne, nk = span
    return _Verdict() if nk == "PER" and _fold(text[ns:ne]) in role_words else None


def _unknown_to_gazetteer(text: str, span: tuple[int, int, str], overlap: list, role_words: frozenset) -> _Verdict | None:
    """A NER span no gazetteer span overlaps is kept (normalised, transliterated). "в Твери" → LOC 'Tver'."""
    return _Verdict(keep_ner=True) if not overlap else None


def _other_person_of_that_surname(text: str, span: tuple[int, int, str], overlap: list,
                                  role_words: frozenset) -> _Verdict | None:
    """A NER person strictly containing a gazetteer person is another person of that surname: the
    NER span is kept, the gazetteer's dropped. "Г-н Алиев" (NER) around "Алиев" (gazetteer) → not Ilham Aliyev."""
    ns, ne, nk = span
    inner = tuple(g for g in overlap if nk == "PER" and g.entry.kind == "PER"
                  and ns <= g.start and g.end <= ne and (g.start, g.end) != (ns, ne))
    return _Verdict(keep_ner=True, drop=inner) if inner else None


def _same_span_as_gazetteer(text: str, span: tuple[int, int, str], overlap: list,
                            role_words: frozenset) -> _Verdict | None:
    """NER and the gazetteer agree on the span: the gazetteer's entity, with source 'ner'. "Актау" → Aktau."""
    ns, ne, _ = span
    if len(overlap) == 1 and (overlap[0].start, overlap[0].end) == (ns, ne):
        return _Verdict(agree=(overlap[0],))
    return None


#: What becomes of a NER span, in the order tried; none applies: the overlapping gazetteer span
#: wins and the NER span is dropped.
NER_MERGE_RULES = (
    _title_alone,
    _unknown_to_gazetteer,
    _other_person_of_that_surname,
    _same_span_as_gazetteer,
)


def _merge_with_gazetteer(text: str, ner: list[tuple[int, int, str]], gaz, role_words: frozenset):
    """(entities found as (start, end, normal, kind, canonical, source) — the gazetteer's —, the NER
    spans kept for normalisation) of one sentence, by :data:`NER_MERGE_RULES`."""
    gspans = gaz.find(text)
    agreed, dropped, kept = set(), set(), []
    for ns, ne, nk in ner:
        overlap = [g for g in gspans if g.start < ne and ns < g.end]
        verdict = next((v for rule in NER_MERGE_RULES if (v := rule(text, (ns, ne, nk), overlap, role_words))),
                       _Verdict())
        if verdict.keep_ner:
            kept.append((ns, ne, nk))
        dropped.update(id(g) for g in verdict.drop)
        agreed.update(id(g) for g in verdict.agree)
    found = [(g.start, g.end, g.entry.ru, g.entry.kind, g.entry.canonical, "ner" if id(g) in agreed else "gazetteer")
             for g in gspans if id(g) not in dropped]
    return found, kept


def _add_normalised(sentence_rows: list, pending: list[tuple[int, int, int, str]], normalize: bool) -> None:
    """Add the kept NER spans to their sentences' entities, with natasha's normal form (or the
    surface text) and its transliteration; normalisation is batched over their sentences only."""
    by_row: dict[int, list[tuple[int, int, str]]] = {}
    for row, s, e, k in pending:
        by_row.setdefault(row, []).append((s, e, k))
    rows_needed = list(by_row)
    if normalize:
        normals = _normalize_batch([(sentence_rows[r][2], by_row[r]) for r in rows_needed])
    else:
        normals = [[sentence_rows[r][2][s:e] for s, e, _ in by_row[r]] for r in rows_needed]
    for r, spans, norms in zip(rows_needed, (by_row[r] for r in rows_needed), normals):
        for (s, e, k), normal in zip(spans, norms):
            sentence_rows[r][3].append((s, e, normal, k, transliterate(normal), "ner"))


def _entity_frame(sentence_rows: list) -> pd.DataFrame:
    """The entities table: per sentence, its entities by start, longest first."""
    rows: dict[str, list] = {c: [] for c in ENTITY_COLUMNS}
    for doc_id, sid, stext, found in sentence_rows:
        for s, e, normal, kind, canonical, source in sorted(found, key=lambda r: (r[0], -r[1])):
            rows["doc_id"].append(doc_id)
            rows["sentence_id"].append(sid)
            rows["start"].append(s)
            rows["end"].append(e)
            rows["text"].append(stext[s:e])
            rows["normal"].append(normal)
            rows["kind"].append(kind)
            rows["canonical"].append(canonical)
            rows["source"].append(source)
    return pd.DataFrame(rows, columns=ENTITY_COLUMNS).astype(_ENTITY_DTYPES)


def extract_entities(sentences: pd.DataFrame, *, normalize: bool = True) -> pd.DataFrame:
    """Named entities of the sentences: natasha NER (PER/LOC/ORG) merged with the gazetteer.

    NER runs once per paragraph (sentences of a paragraph joined by a space, batched through
    ``NewsNERTagger.map``) and spans are mapped back to their sentence (a span crossing a
    sentence end is cut there). The gazetteer (analysis/data/lexicons/gazetteer.yml) adds what NER
    misses (projects, routes, acronyms) and names what it finds. Overlaps (:data:`NER_MERGE_RULES`):
    the gazetteer span wins — except a NER PER span that strictly contains a gazetteer PER span
    (another person of that surname, "Мехрибан Алиева"). A NER span identical to a gazetteer span
    is reported once, with source 'ner' and the gazetteer's canonical name and kind.

    Returns the entities table: ``doc_id``, ``sentence_id``, ``start``, ``end`` (offsets into the
    SENTENCE text), ``text``, ``normal`` (Russian nominative: the gazetteer's ``ru``, else
    natasha's normal form, or the surface text when ``normalize=False``), ``kind``,
    ``canonical`` (gazetteer English name, else :func:`transliterate` of ``normal``),
    ``source`` ('ner' | 'gazetteer'). Normalisation of the spans the gazetteer does not know
    runs natasha morphology + syntax on their sentences only (batched).
    """
    if sentences.empty:
        return _entity_frame([])
    paragraphs = _paragraph_texts(sentences)
    markups = _sorted_map(_natasha().ner, [p for p, _ in paragraphs])
    gaz = _matcher(frozenset(KINDS))
    role_words = _role_forms(_speech_lexicon().roles)
    sentence_rows = []   # (doc_id, sentence_id, sentence text, found spans)
    pending = []         # (index into sentence_rows, start, end, NER type): need normalising
    for (ptext, members), markup in zip(paragraphs, markups):
        bounds, ner = _ner_by_sentence(ptext, members, markup)
        for (doc_id, sid, _), (s0, s1), spans in zip(members, bounds, ner):
            stext = ptext[s0:s1]
            found, kept = _merge_with_gazetteer(stext, spans, gaz, role_words)
            pending.extend((len(sentence_rows), ns, ne, nk) for ns, ne, nk in kept)
            sentence_rows.append((doc_id, sid, stext, found))
    if pending:
        _add_normalised(sentence_rows, pending, normalize)
    return _entity_frame(sentence_rows)
