"""Named entities: natasha NER merged with the gazetteer, normalised to canonical English names."""

from __future__ import annotations

import functools
from types import SimpleNamespace

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


def extract_entities(sentences: pd.DataFrame, *, normalize: bool = True) -> pd.DataFrame:
    """Named entities of the sentences: natasha NER (PER/LOC/ORG) merged with the gazetteer.

    NER runs once per paragraph (sentences of a paragraph joined by a space, batched through
    ``NewsNERTagger.map``) and spans are mapped back to their sentence (a span crossing a
    sentence end is cut there). The gazetteer (analysis/data/lexicons/gazetteer.yml) adds what NER
    misses (projects, routes, acronyms) and names what it finds. Overlaps: the gazetteer span
    wins — except a NER PER span that strictly contains a gazetteer PER span (another person
    of that surname, "Мехрибан Алиева"). A NER span identical to a gazetteer span is reported
    once, with source 'ner' and the gazetteer's canonical name and kind.

    Returns the entities table: ``doc_id``, ``sentence_id``, ``start``, ``end`` (offsets into the
    SENTENCE text), ``text``, ``normal`` (Russian nominative: the gazetteer's ``ru``, else
    natasha's normal form, or the surface text when ``normalize=False``), ``kind``,
    ``canonical`` (gazetteer English name, else :func:`transliterate` of ``normal``),
    ``source`` ('ner' | 'gazetteer'). Normalisation of the spans the gazetteer does not know
    runs natasha morphology + syntax on their sentences only (batched).
    """
    rows: dict[str, list] = {c: [] for c in ENTITY_COLUMNS}
    if sentences.empty:
        return pd.DataFrame(rows, columns=ENTITY_COLUMNS).astype(_ENTITY_DTYPES)

    # paragraphs: consecutive sentences with the same (doc_id, paragraph)
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

    markups = _sorted_map(_natasha().ner, [p for p, _ in paragraphs])
    gaz = _matcher(frozenset(KINDS))
    lex = _speech_lexicon()
    role_words = _role_forms(lex.roles)

    sentence_rows = []   # (doc_id, sentence_id, sentence text, found spans)
    pending = []         # (index into sentence_rows, start, end, NER type): need normalising
    for (ptext, members), markup in zip(paragraphs, markups):
        bounds = []  # (sentence start, end) in paragraph coordinates
        for i, (_, _, off) in enumerate(members):
            end = members[i + 1][2] - 1 if i + 1 < len(members) else len(ptext)
            bounds.append((off, end))
        per_sentence_ner: list[list[tuple[int, int, str]]] = [[] for _ in members]
        for span in markup.spans:
            for i, (s0, s1) in enumerate(bounds):
                if s0 <= span.start < s1:
                    per_sentence_ner[i].append((span.start - s0, min(span.stop, s1) - s0, span.type))
                    break
        for i, ((doc_id, sid, _), (s0, s1)) in enumerate(zip(members, bounds)):
            stext = ptext[s0:s1]
            found = []
            row = len(sentence_rows)
            gspans = gaz.find(stext)
            agreed, dropped = set(), set()
            for ns, ne, nk in per_sentence_ner[i]:
                if nk == "PER" and _fold(stext[ns:ne]) in role_words:
                    continue  # "при Президенте": a title alone is not a person
                overlap = [g for g in gspans if g.start < ne and ns < g.end]
                if not overlap:
                    pending.append((row, ns, ne, nk))
                    continue
                inner_per = [g for g in overlap if nk == "PER" and g.entry.kind == "PER"
                             and ns <= g.start and g.end <= ne and (g.start, g.end) != (ns, ne)]
                if inner_per:
                    dropped.update(id(g) for g in inner_per)
                    pending.append((row, ns, ne, nk))
                elif len(overlap) == 1 and (overlap[0].start, overlap[0].end) == (ns, ne):
                    agreed.add(id(overlap[0]))
            for g in gspans:
                if id(g) not in dropped:
                    found.append((g.start, g.end, g.entry.ru, g.entry.kind, g.entry.canonical,
                                  "ner" if id(g) in agreed else "gazetteer"))
            sentence_rows.append((doc_id, sid, stext, found))

    if pending:
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


