"""Sentences, lemmas, named entities and speakers of Russian news articles.

Pure functions, DataFrame in → DataFrame out (column contracts in /tmp/team/contract.md):

- :func:`split_sentences` — documents → sentences (``doc_id, sentence_id, paragraph, start, end,
  text``); offsets are into ``documents.text``.
- :func:`add_lemmas` — sentences + ``lemmas`` (tuple of lower-case lemmas, ё written е);
  :func:`lemmatize` does one text.
- :func:`attribute_speakers` — sentences + ``speaker`` (canonical English name or None), by rules
  over quotes, verbs of saying, pronouns and the gazetteer; no NER.
- :func:`extract_entities` — sentences → entities (natasha NER + the gazetteer).
- :func:`load_gazetteer` — the gazetteer as a table for the book; :func:`transliterate` —
  Cyrillic → Latin (BGN/PCGN-style, simplified) for names the gazetteer does not know.

Only :func:`extract_entities` loads natasha (models ≈ 1 s and ≈ 240 MB, once per process);
everything else needs razdel and pymorphy3 only. Lexicons live in ``analysis/data/``:
``gazetteer.yml`` (entities and the speech-attribution lexicon) and ``lemma_fixes.csv``.
"""

from __future__ import annotations

import bisect
import csv
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import SimpleNamespace

import pandas as pd
from razdel import sentenize, tokenize

from .paths import DATA_DIR, load_yaml

GAZETTEER_PATH = DATA_DIR / "gazetteer.yml"
LEMMA_FIXES_PATH = DATA_DIR / "lemma_fixes.csv"

SENTENCE_COLUMNS = ["doc_id", "sentence_id", "paragraph", "start", "end", "text"]
ENTITY_COLUMNS = ["doc_id", "sentence_id", "start", "end", "text", "normal", "kind",
                  "canonical", "source"]
_ENTITY_DTYPES = {c: "str" for c in ENTITY_COLUMNS} | {"start": "int64", "end": "int64"}
GAZETTEER_COLUMNS = ["canonical", "kind", "country", "ru", "lat", "lon", "gender", "patterns"]
KINDS = ("PER", "LOC", "ORG", "PROJECT")


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


def split_sentences(documents: pd.DataFrame) -> pd.DataFrame:
    """Split documents into sentences.

    Paragraphs are blank-line-separated blocks (split FIRST: razdel ignores blank lines and would
    glue an unpunctuated heading or an attribution line such as "– Касым-Жомарт Токаев" to the
    next sentence); each paragraph is then split by ``razdel.sentenize``.

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
            for piece in sentenize(block):
                raw = block[piece.start:piece.stop]
                stripped = raw.strip()
                if not stripped:
                    continue
                start = p_start + piece.start + (len(raw) - len(raw.lstrip()))
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


# =============================================================================== lemmas

# A word token: letters/digits, with inner hyphens, commas or dots ("Касым-Жомарт", "1,5").
_WORD = re.compile(r"[^\W_]+(?:[-,.][^\W_]+)*")


@functools.lru_cache(maxsize=1)
def _morph():
    """The one pymorphy3 analyser of the process (≈ 0.1 s to create)."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@functools.lru_cache(maxsize=1)
def _lemma_fixes() -> SimpleNamespace:
    """Load lemma_fixes.csv: form regexes, avoided readings, reading remaps."""
    forms: list[tuple[re.Pattern, str]] = []
    avoid: dict[str, list[frozenset]] = {}
    readings: dict[str, list[tuple[frozenset, str]]] = {}
    with open(LEMMA_FIXES_PATH, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
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
    parses = _morph().parse(word)
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


# =============================================================================== gazetteer

@dataclass(frozen=True)
class _Entry:
    canonical: str
    kind: str
    country: str | None
    ru: str
    lat: float | None
    lon: float | None
    gender: str | None
    patterns: tuple[str, ...]
    surname: str | None
    roles: tuple["_Role", ...]


@dataclass(frozen=True)
class _Role:
    """A description that designates a person while they hold an office ("Президент Казахстана").

    *since*/*until* are ISO dates (inclusive), None when open: an office changes hands, and an
    article is read with the holder of its own publication date (see :func:`_roles_on`).
    """
    pattern: str
    since: str | None = None
    until: str | None = None

    def holds_on(self, day: str | None) -> bool:
        """Does the description designate this person on ISO date *day*? An undated article is
        read with the present holder (a role with no end date): the corpus is current news."""
        if day is None:
            return self.until is None
        return (self.since is None or self.since <= day) and (self.until is None or day <= self.until)


def _parse_role(raw) -> _Role:
    if isinstance(raw, str):
        return _Role(raw)
    unknown = set(raw) - {"pattern", "since", "until"}
    if unknown or "pattern" not in raw:
        raise ValueError(f"gazetteer: a role is a pattern or {{pattern, since, until}}, not {raw!r}")
    since, until = (str(raw[k]) if raw.get(k) is not None else None for k in ("since", "until"))
    for d in (since, until):
        if d is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", d):
            raise ValueError(f"gazetteer: role dates are YYYY-MM-DD, not {d!r} ({raw['pattern']!r})")
    return _Role(str(raw["pattern"]), since, until)


@functools.lru_cache(maxsize=1)
def gazetteer_file() -> dict:
    """Return ``analysis/data/gazetteer.yml`` as parsed (``entries`` and the ``speech`` lexicon);
    read once per process. Treat it as read-only."""
    with open(GAZETTEER_PATH, encoding="utf-8") as fh:
        return load_yaml(fh)


@functools.lru_cache(maxsize=1)
def _entries() -> tuple[_Entry, ...]:
    entries = []
    for raw in gazetteer_file()["entries"]:
        kind = raw["kind"]
        if kind not in KINDS:
            raise ValueError(f"gazetteer: {raw['canonical']!r} has unknown kind {kind!r}")
        entries.append(_Entry(
            canonical=raw["canonical"], kind=kind, country=raw.get("country"),
            ru=raw.get("ru") or raw["canonical"],
            lat=raw.get("lat"), lon=raw.get("lon"),
            gender=(raw.get("gender") or "m") if kind == "PER" else None,
            patterns=tuple(raw.get("patterns") or ()), surname=raw.get("surname"),
            roles=tuple(_parse_role(r) for r in raw.get("roles") or ()),
        ))
    return tuple(entries)


@functools.lru_cache(maxsize=1)
def _speech_lexicon() -> SimpleNamespace:
    sp = gazetteer_file()["speech"]
    retro = "|".join(f"(?:{p})" for p in sp["retro_openers"])
    return SimpleNamespace(verbs=frozenset(sp["verbs"]), roles=frozenset(sp["roles"]),
                           pronouns=frozenset(sp["pronouns"]),
                           retro=re.compile(rf"\s*(?:{retro})(?!\w)"))


def load_gazetteer() -> pd.DataFrame:
    """Return the gazetteer as a table, one row per entity.

    Columns: ``canonical`` (English name), ``kind`` (PER/LOC/ORG/PROJECT), ``country`` (str or
    None), ``ru`` (Russian nominative), ``lat``, ``lon`` (decimal degrees, float, NaN when not a
    mapped place), ``gender`` ('m'/'f' for people, else None), ``patterns`` (tuple of regexes).
    """
    rows = [{
        "canonical": e.canonical, "kind": e.kind, "country": e.country, "ru": e.ru,
        "lat": float(e.lat) if e.lat is not None else float("nan"),
        "lon": float(e.lon) if e.lon is not None else float("nan"),
        "gender": e.gender,
        "patterns": e.patterns + ((e.surname,) if e.surname else ()),
    } for e in _entries()]
    out = pd.DataFrame(rows, columns=GAZETTEER_COLUMNS)
    for col in ("country", "gender", "patterns"):
        out[col] = out[col].astype(object)
    return out


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    entry: _Entry
    how: str  # 'name' | 'surname' | 'role'


class _Matcher:
    """All gazetteer patterns of a selection in ONE alternation (one scan per text).

    Alternatives are ordered longest pattern first, full names before surnames, so that at a
    given position the leftmost-first regex semantics pick the longest form in practice.
    """

    def __init__(self, items: list[tuple[str, _Entry, str]]):
        order = {"name": 0, "role": 1, "surname": 2}
        items = sorted(items, key=lambda it: (order[it[2]], -len(it[0])))
        self.items = items
        alts = "|".join(f"(?P<g{i}>{p})" for i, (p, _, _) in enumerate(items))
        self.regex = re.compile(rf"(?<![\w-])(?:{alts})(?![\w-])") if items else None

    def find(self, text: str) -> list[_Match]:
        if self.regex is None:
            return []
        out = []
        for m in self.regex.finditer(text):
            _, entry, how = self.items[int(m.lastgroup[1:])]
            if how == "surname" and _other_first_name_before(text, m.start()):
                continue
            out.append(_Match(m.start(), m.end(), entry, how))
        return out


_PREV_WORD = re.compile(r"([^\W\d_][\w-]*)\s+$")


def _other_first_name_before(text: str, pos: int) -> bool:
    """True when a surname at *pos* follows a capitalised word that looks like a first name —
    then it is someone else of that surname (full names of gazetteer people match first)."""
    m = _PREV_WORD.search(text, max(0, pos - 40), pos)
    if not m or not m.group(1)[0].isupper():
        return False
    word = _fold(m.group(1))
    if not re.fullmatch(r"[а-я-]+", word):
        return False
    parses = _parses(word)
    return any("Name" in p.tag for p in parses) or not _morph().word_is_known(word)


@functools.lru_cache(maxsize=16)
def _matcher(kinds: frozenset, roles: frozenset = frozenset()) -> _Matcher:
    """One alternation of the names of *kinds* and of their *roles* ((person, pattern) pairs in force)."""
    items = []
    for e in _entries():
        if e.kind not in kinds:
            continue
        items += [(p, e, "name") for p in e.patterns]
        if e.surname:
            items.append((e.surname, e, "surname"))
        items += [(r.pattern, e, "role") for r in e.roles if (e.canonical, r.pattern) in roles]
    return _Matcher(items)


@functools.lru_cache(maxsize=4096)
def _roles_on(day: str | None) -> frozenset[tuple[str, str]]:
    """The (person, role pattern) pairs in force on ISO date *day* (None: undated).

    This, not the date, is what the speaker rules depend on, and there are only as many distinct
    sets as terms of office: the matcher and each sentence's features are cached per set, so a
    corpus spread over many dates compiles a handful of matchers and shares its features.
    """
    return frozenset((e.canonical, r.pattern) for e in _entries() for r in e.roles if r.holds_on(day))


@functools.lru_cache(maxsize=1)
def _any_role() -> re.Pattern | None:
    """Every role pattern of the gazetteer, whatever its dates, in one search (None: no roles)."""
    patterns = sorted({r.pattern for e in _entries() for r in e.roles})
    return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None


def _roles_for(text: str, roles: frozenset) -> frozenset:
    """*roles*, or none when *text* mentions no role at all: then the roles cannot change its
    features, and the sentence shares one cached analysis across every date it is published on."""
    rx = _any_role()
    return roles if roles and rx is not None and rx.search(text) else frozenset()


# =============================================================================== transliteration

_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    # Kazakh and other Cyrillic letters met in names
    "ә": "a", "ғ": "gh", "қ": "q", "ң": "ng", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
    "ї": "yi", "є": "ye", "ў": "w", "ҷ": "j", "ҳ": "h", "ӣ": "i", "ӯ": "u",
}
_VOWELS = set("аеёиоуыэюяәөұүіїє")


def transliterate(s: str) -> str:
    """Cyrillic → Latin, BGN/PCGN-style without diacritics or apostrophes.

    е is "ye" at a word start and after a vowel, ъ or ь (Токаев → Tokayev, Евразия → Yevraziya);
    ё → "yo"; ъ/ь are dropped; other characters pass through. Capitalisation follows the source
    letter ("Ж" → "Zh"), and all-capital words stay all-capital (ЦАМО → TSAMO).
    """
    out = []
    for word in re.split(r"([^\w]+)", s):
        if not word:
            continue
        all_caps = len(word) > 1 and word.isupper()
        chars = []
        prev = None
        for ch in word:
            low = ch.lower()
            if low in _LATIN:
                lat = _LATIN[low]
                if low == "е" and (prev is None or prev in _VOWELS or prev in "ъь"):
                    lat = "ye"
                if ch != low and lat:
                    lat = lat.upper() if all_caps else lat[0].upper() + lat[1:]
                chars.append(lat)
            else:
                chars.append(ch)
            prev = low if low.isalpha() else None
        out.append("".join(chars))
    return "".join(out)


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
    for text, spans in items:
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
    sentence end is cut there). The gazetteer (analysis/data/gazetteer.yml) adds what NER
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


# =============================================================================== speakers
#
# Rules (attribute_speakers), applied per document in reading order:
#  1. Quotes. «…», „…“, “…” and "…" are tracked across sentences and paragraphs (a quote may
#     open in one paragraph and close in a later one). A top-level quote is
#       'person' — its closing mark is followed by ", - <verb of saying> <agent>" or "- <agent>
#                  <verb>" where the agent is a named person, a pronoun (он/она) or a role noun
#                  (эксперт, политолог, …), or the next paragraph is only "– <Name>";
#       'source' — followed by a verb of saying without a person ("- говорится в сообщении");
#       'intro'  — opened after a colon, speech-like (holds a sentence end or spans sentences);
#       'plain'  — anything else (titles, names: «круглый стол», "Вестника Кавказа").
#     All sentences of a 'person' quote get its agent; of an 'intro' quote, the speaker of the
#     sentence that introduces it, else the last referent. 'source' and 'plain' quotes are read
#     as narration (the rules below see inside them).
#  2. Narration. A verb of saying (finite verb or predicative: отметил, заявила, убежден, …)
#     takes as agent the first named person / pronoun / role noun right after it ("сказал он",
#     "подчеркнул эксперт", "сказала политолог …, Айгерим Жампетова" — a role followed in the
#     clause by a name takes the name) or else the nearest nominative one before it in the same
#     clause ("Алим Байель подчеркнул", "Дипломат подчеркнул"). "По его/её словам" refers back.
#  3. Reference. Pronouns and role nouns resolve to the most recent referent — the last speaker,
#     or the last person named in the nominative in narration — of the gender of the pronoun or
#     of the verb (добавила → a woman) when there is one. Names inside quotes are not referents.
#  4. "Об этом сказал X" (or "Такое мнение высказал X", … — speech.retro_openers in the
#     gazetteer) at the start of a sentence gives X to the unattributed sentences of the previous
#     paragraph.
#  5. Paragraph closing attribution: in a paragraph whose quote is attributed to X, narrated
#     sentences before the quote that name nobody else get X when the last attributed sentence
#     before them is X's as well (the paragraph continues X's account). This is what attributes
#     "В прошлом году торговый оборот … 450 миллионов долларов …" (seed 001) to Alim Bayel.

#: A quotation spanning more paragraphs than this is taken for an unbalanced quote mark.
MAX_QUOTE_PARAGRAPHS = 4

_QUOTE_OPEN = {"«", "„"}
_QUOTE_CLOSE = {"»", "”"}
_QUOTE_AMBIGUOUS = {'"', "“"}
_QUOTE_CHARS = _QUOTE_OPEN | _QUOTE_CLOSE | _QUOTE_AMBIGUOUS
_DASHES = {"-", "–", "—", "―"}
_CLAUSE_STOP_WORDS = {"что", "чтобы"}
_OPENING_CONTEXT = set("([{/-–—\u00a0") | {"«", "„"}


@dataclass(frozen=True)
class _Mention:
    first: int          # first token index
    last: int           # last token index (inclusive)
    kind: str           # 'named' | 'pronoun' | 'role' | 'po_pron' | 'po_named'
    canonical: str | None
    gender: str | None  # 'm' | 'f' | None
    nominative: bool


@dataclass(frozen=True)
class _Features:
    """What the speaker rules need from one sentence, independent of its document."""
    tokens: tuple            # (start, end, token)
    words: tuple             # folded word per token, '' for punctuation
    marks: tuple             # (char pos, 'open'|'close'|'either') quote marks
    verbs: tuple             # (token index, gender) verbs of saying
    finite: frozenset        # token indices of finite verbs
    stops: frozenset         # token indices of что/чтобы/:/;
    mentions: tuple          # _Mention, by first token
    starts_with_dash: bool


def _quote_class(text: str, i: int) -> str | None:
    ch = text[i]
    if ch in _QUOTE_OPEN:
        return "open"
    if ch in _QUOTE_CLOSE:
        return "close"
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if prev.isspace() or prev in _OPENING_CONTEXT:
        return None if nxt.isspace() else "open"
    return "close" if (nxt.isspace() or not nxt.isalnum()) else "either"


def _gender(tag) -> str | None:
    if "femn" in tag:
        return "f"
    if "masc" in tag:
        return "m"
    return None


def _person_matcher(roles: frozenset = frozenset()) -> _Matcher:
    """People by name, surname, and the *roles* in force (see :func:`_roles_on`)."""
    return _matcher(frozenset({"PER"}), roles)


def _nominative_name(words: list[str], surfaces: list[str]) -> tuple[str, str | None]:
    """(nominative surface, gender) of an unknown "Имя Фамилия" pair, via pymorphy3."""
    first = next((p for p in _parses(words[0]) if "Name" in p.tag), None)
    gender = _gender(first.tag) if first else None
    out = []
    for word, surface, want in zip(words, surfaces, ("Name", "Surn")):
        form = surface
        for p in _parses(word):
            if want in p.tag and (gender is None or _gender(p.tag) in (gender, None)):
                inflected = p.inflect({"nomn"})
                if inflected:
                    form = inflected.word.capitalize() if "-" not in surface else "-".join(
                        w.capitalize() for w in inflected.word.split("-"))
                break
        out.append(form)
    return " ".join(out), gender


@dataclass(frozen=True)
class _WordInfo:
    """What the speaker rules ask pymorphy3 about one folded word (cached per word)."""
    lemma: str
    finite: bool            # best reading is a finite verb
    speech_verb: bool       # a verb of saying (finite or predicative)
    gender: str | None      # of the best reading
    name: bool              # has a first-name reading
    name_nominative: bool   # has a nominative first-name reading
    surname_like: bool      # has a surname reading or is unknown to the dictionary
    nominative: bool        # has a nominative reading
    role: bool              # a role noun of the lexicon, singular nominative
    pronoun: bool           # он / она


@functools.lru_cache(maxsize=200_000)
def _word_info(word: str) -> _WordInfo:
    lex = _speech_lexicon()
    parses = _parses(word)
    best = parses[0]
    pos = best.tag.POS
    lemma = _lemma(word)
    cyrillic = re.fullmatch(r"[а-я-]+", word) is not None
    return _WordInfo(
        lemma=lemma,
        finite=pos == "VERB",
        speech_verb=pos in ("VERB", "ADJS", "PRTS") and lemma in lex.verbs,
        gender=_gender(best.tag),
        name=cyrillic and any("Name" in p.tag for p in parses),
        name_nominative=cyrillic and any("Name" in p.tag and "nomn" in p.tag for p in parses),
        surname_like=cyrillic and (any("Surn" in p.tag for p in parses)
                                   or not _morph().word_is_known(word)),
        nominative=any("nomn" in p.tag for p in parses),
        role=lemma in lex.roles and any(
            p.normal_form.replace("ё", "е") in lex.roles and "sing" in p.tag and "nomn" in p.tag
            for p in parses),
        pronoun=word in lex.pronouns,
    )


_QUOTE_RE = re.compile("[" + re.escape("".join(sorted(_QUOTE_CHARS))) + "]")


@functools.lru_cache(maxsize=100_000)
def _features(text: str, roles: frozenset = frozenset()) -> _Features:
    toks = tokens(text)
    words = tuple(_fold(t) if _WORD.fullmatch(t) else "" for _, _, t in toks)
    marks = []
    for mq in _QUOTE_RE.finditer(text):
        cls = _quote_class(text, mq.start())
        if cls:
            marks.append((mq.start(), cls))

    infos = [(_word_info(w) if w else None) for w in words]
    verbs, finite, stops = [], set(), set()
    for k, ((_, _, tok), word, info) in enumerate(zip(toks, words, infos)):
        if info is None:
            if tok in (":", ";"):
                stops.add(k)
            continue
        if word in _CLAUSE_STOP_WORDS:
            stops.add(k)
            continue
        if info.finite:
            finite.add(k)
        if info.speech_verb:
            verbs.append((k, info.gender))

    starts = [t[0] for t in toks]

    def token_range(start: int, end: int) -> tuple[int, int] | None:
        first = bisect.bisect_left(starts, start)
        last = first
        while last < len(toks) and toks[last][1] <= end:
            last += 1
        return (first, last - 1) if last > first else None

    mentions: list[_Mention] = []
    covered: set[int] = set()
    for m in _person_matcher(roles).find(text):
        rng = token_range(m.start, m.end)
        if rng is None:
            continue
        first, last = rng
        if m.how == "role":
            nominative = infos[first] is not None and infos[first].nominative
        else:
            nominative = _fold(toks[last][2]) == _fold(m.entry.ru.split()[-1])
        mentions.append(_Mention(first, last, "named", m.entry.canonical, m.entry.gender, nominative))
        covered.update(range(first, last + 1))

    # people the gazetteer does not know: "Имя Фамилия" (first-name reading + surname or unknown)
    for k in range(len(toks) - 1):
        i1, i2 = infos[k], infos[k + 1]
        if i1 is None or i2 is None or not (i1.name and i2.surname_like):
            continue
        s1, s2 = toks[k][2], toks[k + 1][2]
        if not (s1[0].isupper() and s2[0].isupper()) or k in covered or k + 1 in covered:
            continue
        if not text[toks[k][1]:toks[k + 1][0]].isspace():
            continue
        if i1.name_nominative:
            name, gender = f"{s1} {s2}", next(
                (_gender(p.tag) for p in _parses(words[k]) if "Name" in p.tag), None)
        else:
            name, gender = _nominative_name([words[k], words[k + 1]], [s1, s2])
        mentions.append(_Mention(k, k + 1, "named", transliterate(name), gender, i1.name_nominative))
        covered.update((k, k + 1))

    for k, (word, info) in enumerate(zip(words, infos)):
        if info is None or k in covered:
            continue
        if info.pronoun:
            mentions.append(_Mention(k, k, "pronoun", None, info.gender, True))
        elif word == "по" and k + 2 < len(words) and words[k + 2] == "словам":
            if words[k + 1] in ("его", "ее"):
                mentions.append(_Mention(k, k + 2, "po_pron", None,
                                         "m" if words[k + 1] == "его" else "f", True))
            else:
                # "по словам <Имя Фамилия>"
                named = next((m for m in mentions if m.kind == "named" and k + 2 <= m.first <= k + 5),
                             None)
                if named:
                    mentions.append(_Mention(k, k + 1, "po_named", named.canonical, named.gender, True))
        elif info.role:
            mentions.append(_Mention(k, k, "role", None, None, True))
    mentions.sort(key=lambda m: (m.first, m.last))
    starts_with_dash = bool(toks) and toks[0][2] in _DASHES
    return _Features(toks, words, tuple(marks), tuple(verbs), frozenset(finite),
                     frozenset(stops), tuple(mentions), starts_with_dash)


@dataclass
class _Quote:
    open_sent: int
    open_pos: int
    close_sent: int | None = None
    close_pos: int | None = None
    kind: str = "plain"           # 'person' | 'line' | 'source' | 'intro' | 'plain' | 'open'
    speaker: str | None = None


def _find_quotes(feats: list[_Features], paragraphs: list[int], texts: list[str]) -> list[_Quote]:
    """Top-level quotes of a document (nested quotes are inside their parent)."""
    quotes: list[_Quote] = []
    depth = 0
    current: _Quote | None = None
    for i, f in enumerate(feats):
        new_paragraph = i > 0 and paragraphs[i] != paragraphs[i - 1]
        for n, (pos, cls) in enumerate(f.marks):
            # a paragraph that opens with a quote mark while a quote is still open continues it
            if new_paragraph and n == 0 and depth > 0 and pos == 0 and cls != "close":
                continue
            if cls == "open" or (cls == "either" and depth == 0):
                depth += 1
                if depth == 1:
                    current = _Quote(i, pos)
            elif depth > 0:
                depth -= 1
                if depth == 0 and current is not None:
                    current.close_sent, current.close_pos = i, pos
                    quotes.append(current)
                    current = None
    if current is not None:
        current.kind = "open"  # never closed: read as narration
        quotes.append(current)
    for q in quotes:
        if q.kind == "open":
            continue
        if paragraphs[q.close_sent] - paragraphs[q.open_sent] >= MAX_QUOTE_PARAGRAPHS:
            q.kind = "open"  # most likely an unbalanced quote mark, not a long quotation
        else:
            q.kind = _quote_kind(q, feats, texts)
    return quotes


def _tail_tokens(f: _Features, text: str, pos: int) -> list[int]:
    """Token indices after the closing mark at *pos*, up to the next quote mark."""
    nxt = next((p for p, _ in f.marks if p > pos), len(text))
    return [k for k, (s, _, _) in enumerate(f.tokens) if pos < s and s < nxt]


def _attribution_line(f: _Features) -> _Mention | None:
    """The named person of a "– Имя Фамилия" attribution paragraph, if the sentence is one."""
    if not f.starts_with_dash or f.verbs or sum(1 for w in f.words if w) > 12:
        return None
    first_word = next((k for k, w in enumerate(f.words) if w), None)
    return next((m for m in f.mentions if m.kind == "named" and m.first == first_word), None)


def _quote_kind(q: _Quote, feats: list[_Features], texts: list[str]) -> str:
    f, text = feats[q.close_sent], texts[q.close_sent]
    tail = text[q.close_pos + 1:]
    tail_toks = _tail_tokens(f, text, q.close_pos)
    if tail_toks and re.match(r"\s*[,.!?…]*\s*[-–—―]|\s*,", tail):
        verbs = [k for k, _ in f.verbs if k in tail_toks]
        if verbs:
            agents = [m for m in f.mentions if m.first in tail_toks
                      and m.kind in ("named", "pronoun", "role")]
            return "person" if agents else "source"
    if not tail.strip(" \t.,!?…") and q.close_sent + 1 < len(feats) \
            and _attribution_line(feats[q.close_sent + 1]) is not None:
        return "line"
    inside = texts[q.open_sent][q.open_pos + 1:] if q.open_sent != q.close_sent \
        else texts[q.open_sent][q.open_pos + 1:q.close_pos]
    speech_like = q.open_sent != q.close_sent or bool(re.search(r"[.!?…]\s", inside + " "))
    before = texts[q.open_sent][:q.open_pos].rstrip()
    if before.endswith(":") and speech_like:
        return "intro"
    return "plain"


class _Referents:
    """The people a pronoun or role noun may refer back to, most recent last."""

    def __init__(self):
        self.items: list[tuple[str, str | None]] = []
        self.gender_of: dict[str, str | None] = {}

    def add(self, canonical: str | None, gender: str | None = None):
        if canonical:
            gender = self.gender_of.get(canonical) or gender
            self.gender_of.setdefault(canonical, gender)
            self.items.append((canonical, gender))

    def resolve(self, gender: str | None) -> str | None:
        if gender:
            for canonical, g in reversed(self.items):
                if g == gender:
                    return canonical
        return self.items[-1][0] if self.items else None


def _find_agent(f: _Features, k: int, gender: str | None, allowed, refs: _Referents,
                lo: int = 0) -> str | None:
    """Agent of the verb of saying at token *k* (rule 2), resolved to a canonical name."""
    tokens, words = f.tokens, f.words
    by_first = {m.first: m for m in f.mentions if m.kind in ("named", "pronoun", "role")}
    by_last = {m.last: m for m in f.mentions if m.kind in ("named", "pronoun", "role")}

    def is_barrier(j: int) -> bool:
        # quoted speech is excluded by allowed(); titles in quotes ("Вестника Кавказа") are not
        return j in f.stops or not allowed(j)

    # after the verb: "сказал он", "подчеркнул эксперт", "отметил Алим Байель"
    j, seen, role = k + 1, 0, None
    while j < len(tokens) and not is_barrier(j) and tokens[j][2] not in ",.!?…" \
            and tokens[j][2] not in _DASHES and tokens[j][2] not in _QUOTE_CHARS:
        m = by_first.get(j)
        if m is not None and m.nominative:
            if m.kind == "named":
                return m.canonical
            if m.kind == "pronoun":
                return refs.resolve(m.gender)
            role = m
            break
        if words[j]:
            seen += 1
            if seen >= 4:
                break
        j += 1
    if role is not None:
        # apposition: "сказала казахстанский политолог, ассистент …, Айгерим Жампетова"
        j = role.last + 1
        while j < len(tokens) and not is_barrier(j) and tokens[j][2] not in _QUOTE_CHARS:
            m = by_first.get(j)
            if m is not None and m.kind == "named" and m.nominative:
                return m.canonical
            j += 1
        return refs.resolve(gender)

    # before the verb, within the clause: "Алим Байель подчеркнул", "Дипломат подчеркнул".
    # A dash ends the clause ("…», - говорится в сообщении" must not reach into the quote).
    j = k - 1
    while j >= lo and not is_barrier(j) and tokens[j][2] not in _DASHES:
        m = by_last.get(j)
        if m is not None and m.nominative:
            if m.kind == "named":
                return m.canonical
            return refs.resolve(m.gender or gender)
        if m is not None:
            j = m.first - 1
            continue
        if j in f.finite:
            break
        j -= 1
    return None


def _doc_speakers(texts: list[str], paragraphs: list[int], published: str | None = None) -> list[str | None]:
    roles = _roles_on(published)
    feats = [_features(t, _roles_for(t, roles)) for t in texts]
    n = len(texts)
    quotes = _find_quotes(feats, paragraphs, texts)

    # per sentence: character intervals covered by a 'person'/'line'/'intro' quote (not narration)
    covered: list[list[tuple[int, int, _Quote]]] = [[] for _ in range(n)]
    for q in quotes:
        if q.kind not in ("person", "line", "intro"):
            continue
        for i in range(q.open_sent, q.close_sent + 1):
            lo = q.open_pos if i == q.open_sent else 0
            hi = q.close_pos + 1 if i == q.close_sent else len(texts[i])
            covered[i].append((lo, hi, q))
    closing = {q.close_sent: [] for q in quotes if q.kind in ("person", "line")}
    for q in quotes:
        if q.kind in ("person", "line"):
            closing[q.close_sent].append(q)
    opening = {}
    for q in quotes:
        if q.kind == "intro":
            opening.setdefault(q.open_sent, []).append(q)

    speakers: list[str | None] = [None] * n
    explicit = [False] * n
    named_here: list[set[str]] = [set() for _ in range(n)]
    refs = _Referents()
    # genders of everyone named in the document, so that a speaker found through a role noun
    # or pronoun still carries the gender of the name it stands for
    for e in _entries():
        if e.kind == "PER":
            refs.gender_of[e.canonical] = e.gender
    for f in feats:
        for m in f.mentions:
            if m.kind == "named" and m.gender:
                refs.gender_of.setdefault(m.canonical, m.gender)

    for i, f in enumerate(feats):
        spans = covered[i]

        def allowed(j: int, _f=f, _spans=spans) -> bool:
            s = _f.tokens[j][0]
            return not any(lo <= s < hi for lo, hi, _ in _spans)

        # rule 2: the sentence's own speaker, from its narration
        own = None
        events = sorted([(k, "verb", g) for k, g in f.verbs if allowed(k)]
                        + [(m.first, "po", m) for m in f.mentions
                           if m.kind in ("po_pron", "po_named") and allowed(m.first)],
                        key=lambda e: e[0])
        for k, what, extra in events:
            if what == "verb":
                own = _find_agent(f, k, extra, allowed, refs)
            else:
                own = extra.canonical if extra.kind == "po_named" else refs.resolve(extra.gender)
            if own:
                break
        for m in f.mentions:
            if m.kind == "named" and m.nominative and allowed(m.first):
                named_here[i].add(m.canonical)
        if own:
            speakers[i], explicit[i] = own, True
            refs.add(own)
        else:
            for m in f.mentions:
                if m.kind == "named" and m.nominative and allowed(m.first):
                    refs.add(m.canonical, m.gender)

        # rule 1: quotes introduced by a colon take the introducing sentence's speaker
        for q in opening.get(i, ()):
            q.speaker = own or refs.resolve(None)
            for j in range(q.open_sent, q.close_sent + 1):
                if not explicit[j]:
                    speakers[j] = q.speaker

        # rule 1: quotes that close here with an attribution
        for q in closing.get(i, ()):
            if q.kind == "line":
                line = _attribution_line(feats[i + 1])
                q.speaker = line.canonical
            else:
                tail = _tail_tokens(f, texts[i], q.close_pos)
                lo = tail[0] if tail else len(f.tokens)
                for k, g in f.verbs:
                    if k in tail:
                        q.speaker = _find_agent(f, k, g, lambda j: True, refs, lo=lo)
                        if q.speaker:
                            break
            if q.speaker:
                for j in range(q.open_sent, q.close_sent + 1):
                    if not (explicit[j] and j == q.open_sent):
                        speakers[j] = q.speaker
                refs.add(q.speaker)

        line = _attribution_line(f)
        if line is not None:
            refs.add(line.canonical, line.gender)

    # rule 4: "Об этом сказал X" closes the previous paragraph's account
    retro = _speech_lexicon().retro
    for i in range(n):
        if explicit[i] and retro.match(texts[i]):
            prev_para = paragraphs[i] - 1
            for j in range(i):
                if paragraphs[j] == prev_para and speakers[j] is None:
                    speakers[j] = speakers[i]

    # rule 5: a paragraph's closing attribution covers its narrated lead-in (see module notes)
    for q in quotes:
        if q.kind not in ("person", "line") or not q.speaker:
            continue
        para = paragraphs[q.open_sent]
        for j in range(q.open_sent):
            if paragraphs[j] != para or speakers[j] is not None:
                continue
            if named_here[j] - {q.speaker}:
                continue
            before = next((speakers[b] for b in range(j - 1, -1, -1) if speakers[b]), None)
            if before == q.speaker:
                speakers[j] = q.speaker
    return speakers


def attribute_speakers(sentences: pd.DataFrame, published: Mapping[str, str | None] | None = None) -> pd.DataFrame:
    """Return a copy of *sentences* with ``speaker``: who is being reported or quoted.

    *published* maps doc_id → ISO publication date (None or absent: undated). A role such as
    "Президент Казахстана" names whoever held the office that day (the gazetteer's role dates); in
    an undated article, the present holder.

    ``speaker`` is the canonical English name from the gazetteer (a transliteration for people
    it does not know), or None for the journalist's own narration. Rules (no NER): quotes and
    their attributions, verbs of saying with named / pronoun / role agents, "по его словам",
    "Об этом сказал …", and a paragraph's closing attribution — see the comment block above
    ``_QUOTE_OPEN`` in analysis/nlp.py. Sentences are taken per ``doc_id`` in table order;
    ``paragraph`` is used for quotes spanning paragraphs and for the paragraph rules.
    """
    out = sentences.copy()
    speakers: list[str | None] = [None] * len(out)
    texts, paragraphs = out["text"].tolist(), out["paragraph"].tolist()
    starts = out["start"].tolist() if "start" in out.columns else None
    # positions (not labels) of each document's rows; one list write per sentence, no per-group
    # pandas assignment (which cost more than the rules themselves on a large corpus)
    published = published or {}
    for doc_id, rows in out.groupby("doc_id", sort=False).indices.items():
        rows = rows.tolist()
        if starts is not None:
            rows.sort(key=lambda r: starts[r])  # reading order matters (stable: ties keep table order)
        day = published.get(doc_id)
        day = day if isinstance(day, str) and day else None
        values = _doc_speakers([texts[r] for r in rows], [int(paragraphs[r]) for r in rows], day)
        for r, v in zip(rows, values):
            speakers[r] = v
    out["speaker"] = pd.Series(speakers, index=out.index, dtype=object)
    return out
