"""Speakers: who says each sentence, by rules over quotes, verbs of saying, pronouns and the gazetteer."""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

import pandas as pd

from analysis.nlp.gazetteer import _entries, _Matcher, _matcher, _roles_for, _roles_on, _speech_lexicon, transliterate
from analysis.nlp.lemmas import _WORD, _fold, _lemma, _parses, morph, tokens

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
#
# In the code each rule is a small function, listed in order in a tuple: SENTENCE_RULES (1–3, per
# sentence) and DOCUMENT_RULES (4–5), with QUOTE_KINDS (what a quote is), MENTION_RULES and
# WORD_RULES (who a sentence names) and AGENT_RULES (who the agent of a verb of saying is).

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
                                   or not morph().word_is_known(word)),
        nominative=any("nomn" in p.tag for p in parses),
        role=lemma in lex.roles and any(
            p.normal_form.replace("ё", "е") in lex.roles and "sing" in p.tag and "nomn" in p.tag
            for p in parses),
        pronoun=word in lex.pronouns,
    )


_QUOTE_RE = re.compile("[" + re.escape("".join(sorted(_QUOTE_CHARS))) + "]")


def _quote_marks(text: str) -> tuple[tuple[int, str], ...]:
    """(char position, 'open'|'close'|'either') of the quote marks of *text*."""
    marks = []
    for mq in _QUOTE_RE.finditer(text):
        cls = _quote_class(text, mq.start())
        if cls:
            marks.append((mq.start(), cls))
    return tuple(marks)


def _verbs_and_stops(toks, words, infos) -> tuple[list, set, set]:
    """(verbs of saying as (token index, gender), finite verbs, clause stops что/чтобы/:/;)."""
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
    return verbs, finite, stops


@dataclass
class _Parse:
    """One sentence while its people are found: tokens, folded words, word infos, and the mentions
    found so far with the tokens they cover (a later rule never takes a covered token)."""

    text: str
    toks: tuple
    words: tuple
    infos: list
    roles: frozenset
    mentions: list[_Mention] = field(default_factory=list)
    covered: set[int] = field(default_factory=set)

    def add(self, mention: _Mention) -> None:
        self.mentions.append(mention)
        self.covered.update(range(mention.first, mention.last + 1))

    @functools.cached_property
    def starts(self) -> list[int]:
        return [t[0] for t in self.toks]

    def token_range(self, start: int, end: int) -> tuple[int, int] | None:
        """(first, last) tokens from the one at *start* to the last ending by *end*."""
        first = bisect.bisect_left(self.starts, start)
        last = first
        while last < len(self.toks) and self.toks[last][1] <= end:
            last += 1
        return (first, last - 1) if last > first else None


def _gazetteer_people(p: _Parse) -> None:
    """Names, surnames and the dated roles in force. "Президент Казахстана заявил" (2025) → Tokayev."""
    for m in _person_matcher(p.roles).find(p.text):
        rng = p.token_range(m.start, m.end)
        if rng is None:
            continue
        first, last = rng
        if m.how == "role":
            nominative = p.infos[first] is not None and p.infos[first].nominative
        else:
            nominative = _fold(p.toks[last][2]) == _fold(m.entry.ru.split()[-1])
        p.add(_Mention(first, last, "named", m.entry.canonical, m.entry.gender, nominative))


def _unknown_names(p: _Parse) -> None:
    """People the gazetteer does not know: a first name and a surname-like word, transliterated.
    "Иван Петров заявил" → Ivan Petrov."""
    toks, words, infos = p.toks, p.words, p.infos
    for k in range(len(toks) - 1):
        i1, i2 = infos[k], infos[k + 1]
        if i1 is None or i2 is None or not (i1.name and i2.surname_like):
            continue
        s1, s2 = toks[k][2], toks[k + 1][2]
        if not (s1[0].isupper() and s2[0].isupper()) or k in p.covered or k + 1 in p.covered:
            continue
        if not p.text[toks[k][1]:toks[k + 1][0]].isspace():
            continue
        if i1.name_nominative:
            name, gender = f"{s1} {s2}", next(
                (_gender(q.tag) for q in _parses(words[k]) if "Name" in q.tag), None)
        else:
            name, gender = _nominative_name([words[k], words[k + 1]], [s1, s2])
        p.add(_Mention(k, k + 1, "named", transliterate(name), gender, i1.name_nominative))


def _pronoun(p: _Parse, k: int) -> tuple[_Mention, ...] | None:
    """A personal pronoun of the lexicon. "сказал он" → a pronoun, masculine."""
    info = p.infos[k]
    return (_Mention(k, k, "pronoun", None, info.gender, True),) if info.pronoun else None


def _po_slovam(p: _Parse, k: int) -> tuple[_Mention, ...] | None:
    """"по его/её словам" (refers back) or "по <слово> словам Имя Фамилия" (names the speaker, if a name
    follows within 3 tokens). "По собственным словам Алима Байеля" → Alim Bayel; "по словам X" is no match."""
    words = p.words
    if not (words[k] == "по" and k + 2 < len(words) and words[k + 2] == "словам"):
        return None
    if words[k + 1] in ("его", "ее"):
        return (_Mention(k, k + 2, "po_pron", None, "m" if words[k + 1] == "его" else "f", True),)
    named = next((m for m in p.mentions if m.kind == "named" and k + 2 <= m.first <= k + 5), None)
    return (_Mention(k, k + 1, "po_named", named.canonical, named.gender, True),) if named else ()


def _role_noun(p: _Parse, k: int) -> tuple[_Mention, ...] | None:
    """A role noun of the lexicon, singular nominative. "подчеркнул эксперт" → a role."""
    return (_Mention(k, k, "role", None, None, True),) if p.infos[k].role else None


#: What a word not covered by a name may be, in the order tried: the first rule that applies
#: (returns a tuple, maybe empty) decides the word.
WORD_RULES = (
    _pronoun,
    _po_slovam,
    _role_noun,
)


def _referring_words(p: _Parse) -> None:
    """Pronouns, "по … словам" and role nouns (:data:`WORD_RULES`) outside the names found.
    "По ее словам, эксперт и он согласны" → "по ее словам", "эксперт", "он"."""
    for k, info in enumerate(p.infos):
        if info is None or k in p.covered:
            continue
        for rule in WORD_RULES:
            found = rule(p, k)
            if found is not None:
                p.mentions.extend(found)
                break


#: How the people of a sentence are found, in the order applied (a later rule skips the tokens of
#: the names found before it).
MENTION_RULES = (
    _gazetteer_people,
    _unknown_names,
    _referring_words,
)


@functools.lru_cache(maxsize=100_000)
def _features(text: str, roles: frozenset = frozenset()) -> _Features:
    toks = tokens(text)
    words = tuple(_fold(t) if _WORD.fullmatch(t) else "" for _, _, t in toks)
    infos = [(_word_info(w) if w else None) for w in words]
    verbs, finite, stops = _verbs_and_stops(toks, words, infos)
    p = _Parse(text, toks, words, infos, roles)
    for rule in MENTION_RULES:
        rule(p)
    mentions = sorted(p.mentions, key=lambda m: (m.first, m.last))
    starts_with_dash = bool(toks) and toks[0][2] in _DASHES
    return _Features(toks, words, _quote_marks(text), tuple(verbs), frozenset(finite),
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


def _said_after_quote(q: _Quote, feats: list[_Features], texts: list[str]) -> str | None:
    """A verb of saying after the closing mark: 'person' with an agent, else 'source'.
    "«…», - отметил Алим Байель" → person; "«…», - говорится в сообщении" → source."""
    f, text = feats[q.close_sent], texts[q.close_sent]
    tail_toks = _tail_tokens(f, text, q.close_pos)
    if not (tail_toks and re.match(r"\s*[,.!?…]*\s*[-–—―]|\s*,", text[q.close_pos + 1:])):
        return None
    verbs = [k for k, _ in f.verbs if k in tail_toks]
    if not verbs:
        return None
    agents = [m for m in f.mentions if m.first in tail_toks and m.kind in ("named", "pronoun", "role")]
    return "person" if agents else "source"


def _attribution_line_after_quote(q: _Quote, feats: list[_Features], texts: list[str]) -> str | None:
    """Nothing after the quote but a next paragraph "– Имя Фамилия": 'line'. "«Это очень важное событие»." +
    "– Касым-Жомарт Токаев" → line."""
    tail = texts[q.close_sent][q.close_pos + 1:]
    if not tail.strip(" \t.,!?…") and q.close_sent + 1 < len(feats) \
            and _attribution_line(feats[q.close_sent + 1]) is not None:
        return "line"
    return None


def _speech_after_colon(q: _Quote, feats: list[_Features], texts: list[str]) -> str | None:
    """Opened after a colon and speech-like (a sentence end inside, or several sentences): 'intro'.
    "…развития: «Товарооборот вырос втрое. …»" → intro."""
    inside = texts[q.open_sent][q.open_pos + 1:] if q.open_sent != q.close_sent \
        else texts[q.open_sent][q.open_pos + 1:q.close_pos]
    speech_like = q.open_sent != q.close_sent or bool(re.search(r"[.!?…]\s", inside + " "))
    before = texts[q.open_sent][:q.open_pos].rstrip()
    return "intro" if before.endswith(":") and speech_like else None


#: What a closed top-level quote is, in the order tried; none applies: 'plain' (a title or a name:
#: «круглый стол»), read as narration.
QUOTE_KINDS = (
    _said_after_quote,
    _attribution_line_after_quote,
    _speech_after_colon,
)


def _quote_kind(q: _Quote, feats: list[_Features], texts: list[str]) -> str:
    return next((kind for rule in QUOTE_KINDS if (kind := rule(q, feats, texts))), "plain")


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


@dataclass
class _Verb:
    """A verb of saying at token *k* whose agent is sought (rule 2), with the verb's gender, the
    tokens the search may see (``allowed``: not quoted speech) and the document's referents."""

    f: _Features
    k: int
    gender: str | None
    allowed: Callable[[int], bool]
    refs: _Referents
    lo: int = 0

    def is_barrier(self, j: int) -> bool:
        # quoted speech is excluded by allowed(); titles in quotes ("Вестника Кавказа") are not
        return j in self.f.stops or not self.allowed(j)

    @functools.cached_property
    def after(self) -> _Mention | None:
        """The first nominative person/pronoun/role right after the verb, in its clause (4 words at most)."""
        tokens, words = self.f.tokens, self.f.words
        by_first = {m.first: m for m in self.f.mentions if m.kind in _AGENT_KINDS}
        j, seen = self.k + 1, 0
        while j < len(tokens) and not self.is_barrier(j) and tokens[j][2] not in ",.!?…" \
                and tokens[j][2] not in _DASHES and tokens[j][2] not in _QUOTE_CHARS:
            m = by_first.get(j)
            if m is not None and m.nominative:
                return m
            if words[j]:
                seen += 1
                if seen >= 4:
                    break
            j += 1
        return None

    @functools.cached_property
    def before(self) -> _Mention | None:
        """The nearest nominative person/pronoun/role before the verb, in its clause. A dash ends
        the clause ("…», - говорится в сообщении" must not reach into the quote), so does a finite verb."""
        tokens = self.f.tokens
        by_last = {m.last: m for m in self.f.mentions if m.kind in _AGENT_KINDS}
        j = self.k - 1
        while j >= self.lo and not self.is_barrier(j) and tokens[j][2] not in _DASHES:
            m = by_last.get(j)
            if m is not None and m.nominative:
                return m
            if m is not None:
                j = m.first - 1
                continue
            if j in self.f.finite:
                break
            j -= 1
        return None


_AGENT_KINDS = ("named", "pronoun", "role")


class _Agent(NamedTuple):
    """A rule's verdict: the agent is *name* (None: the rule applies, but finds nobody)."""
    name: str | None


def _named_after_verb(v: _Verb) -> _Agent | None:
    """A name right after the verb. "отметил Алим Байель" → Alim Bayel."""
    m = v.after
    return _Agent(m.canonical) if m is not None and m.kind == "named" else None


def _pronoun_after_verb(v: _Verb) -> _Agent | None:
    """A pronoun right after the verb: the last referent of its gender. "сказал он" → the last man named."""
    m = v.after
    return _Agent(v.refs.resolve(m.gender)) if m is not None and m.kind == "pronoun" else None


def _role_after_verb(v: _Verb) -> _Agent | None:
    """A role noun right after the verb: the name in apposition to it ("сказала политолог …, Айгерим
    Жампетова"), else the last referent of the verb's gender ("подчеркнул эксперт")."""
    m = v.after
    if m is None or m.kind != "role":
        return None
    tokens = v.f.tokens
    by_first = {x.first: x for x in v.f.mentions if x.kind in _AGENT_KINDS}
    j = m.last + 1
    while j < len(tokens) and not v.is_barrier(j) and tokens[j][2] not in _QUOTE_CHARS:
        x = by_first.get(j)
        if x is not None and x.kind == "named" and x.nominative:
            return _Agent(x.canonical)
        j += 1
    return _Agent(v.refs.resolve(v.gender))


def _named_before_verb(v: _Verb) -> _Agent | None:
    """A name before the verb, in its clause. "Алим Байель подчеркнул" → Alim Bayel."""
    m = v.before
    return _Agent(m.canonical) if m is not None and m.kind == "named" else None


def _referent_before_verb(v: _Verb) -> _Agent | None:
    """A pronoun or role noun before the verb: the last referent of its (else the verb's) gender.
    "Дипломат подчеркнул" → the last man named; "Она отметила" → the last woman named."""
    m = v.before
    return _Agent(v.refs.resolve(m.gender or v.gender)) if m is not None else None


#: Who is the agent of a verb of saying, in the order tried: the first rule that applies decides
#: (a mention right after the verb is always taken over one before it).
AGENT_RULES = (
    _named_after_verb,
    _pronoun_after_verb,
    _role_after_verb,
    _named_before_verb,
    _referent_before_verb,
)


def _find_agent(f: _Features, k: int, gender: str | None, allowed, refs: _Referents,
                lo: int = 0) -> str | None:
    """Agent of the verb of saying at token *k* (rule 2), resolved to a canonical name."""
    verb = _Verb(f, k, gender, allowed, refs, lo)
    for rule in AGENT_RULES:
        agent = rule(verb)
        if agent is not None:
            return agent.name
    return None


@dataclass
class _Document:
    """One document under attribution: its sentences' features and quotes, and what the rules have
    decided so far (``speakers``; ``own`` is each sentence's speaker from its own narration, and
    ``explicit`` says it found one; ``named_here`` the people each narration names)."""

    texts: list[str]
    paragraphs: list[int]
    feats: list[_Features]
    quotes: list[_Quote]
    refs: _Referents
    covered: list[list[tuple[int, int, _Quote]]]
    opening: dict[int, list[_Quote]]
    closing: dict[int, list[_Quote]]
    speakers: list[str | None]
    own: list[str | None]
    explicit: list[bool]
    named_here: list[set[str]]

    def outside_quotes(self, i: int) -> Callable[[int], bool]:
        """Is token j of sentence *i* outside the 'person'/'line'/'intro' quotes (narration)?"""
        f, spans = self.feats[i], self.covered[i]

        def allowed(j: int) -> bool:
            s = f.tokens[j][0]
            return not any(lo <= s < hi for lo, hi, _ in spans)

        return allowed

    def narrated_names(self, i: int) -> list[_Mention]:
        """The people sentence *i* names in the nominative, outside quotes."""
        allowed = self.outside_quotes(i)
        return [m for m in self.feats[i].mentions if m.kind == "named" and m.nominative and allowed(m.first)]


def _quoted_spans(quotes: list[_Quote], texts: list[str]) -> list[list[tuple[int, int, _Quote]]]:
    """Per sentence: the character intervals covered by a 'person'/'line'/'intro' quote (not narration)."""
    covered: list[list[tuple[int, int, _Quote]]] = [[] for _ in texts]
    for q in quotes:
        if q.kind not in ("person", "line", "intro"):
            continue
        for i in range(q.open_sent, q.close_sent + 1):
            lo = q.open_pos if i == q.open_sent else 0
            hi = q.close_pos + 1 if i == q.close_sent else len(texts[i])
            covered[i].append((lo, hi, q))
    return covered


def _document_referents(feats: list[_Features]) -> _Referents:
    """Referents knowing the gender of everyone named in the document, so that a speaker found
    through a role noun or pronoun still carries the gender of the name it stands for."""
    refs = _Referents()
    for e in _entries():
        if e.kind == "PER":
            refs.gender_of[e.canonical] = e.gender
    for f in feats:
        for m in f.mentions:
            if m.kind == "named" and m.gender:
                refs.gender_of.setdefault(m.canonical, m.gender)
    return refs


def _document(texts: list[str], paragraphs: list[int], published: str | None) -> _Document:
    roles = _roles_on(published)
    feats = [_features(t, _roles_for(t, roles)) for t in texts]
    quotes = _find_quotes(feats, paragraphs, texts)
    opening: dict[int, list[_Quote]] = {}
    closing: dict[int, list[_Quote]] = {}
    for q in quotes:
        if q.kind in ("person", "line"):
            closing.setdefault(q.close_sent, []).append(q)
        elif q.kind == "intro":
            opening.setdefault(q.open_sent, []).append(q)
    n = len(texts)
    return _Document(texts, paragraphs, feats, quotes, _document_referents(feats), _quoted_spans(quotes, texts),
                     opening, closing, [None] * n, [None] * n, [False] * n, [set() for _ in range(n)])


def _verb_of_saying(d: _Document, i: int) -> None:
    """Rule 2: the first verb of saying (or "по его словам") in the narration whose agent is found
    (:data:`AGENT_RULES`) gives the sentence its speaker. "Алим Байель отметил важность визита." → Alim Bayel."""
    f, allowed = d.feats[i], d.outside_quotes(i)
    own = None
    events = sorted([(k, "verb", g) for k, g in f.verbs if allowed(k)]
                    + [(m.first, "po", m) for m in f.mentions
                       if m.kind in ("po_pron", "po_named") and allowed(m.first)],
                    key=lambda e: e[0])
    for k, what, extra in events:
        if what == "verb":
            own = _find_agent(f, k, extra, allowed, d.refs)
        else:
            own = extra.canonical if extra.kind == "po_named" else d.refs.resolve(extra.gender)
        if own:
            break
    d.own[i] = own
    if own:
        d.speakers[i], d.explicit[i] = own, True
        d.refs.add(own)


def _names_become_referents(d: _Document, i: int) -> None:
    """Rule 3: people named in the nominative in narration are what later pronouns and role nouns
    refer to (when the sentence has no speaker of its own). "Айгерим Жампетова прибыла в Баку. Она отметила
    рост." → Zhampetova, for "Она"."""
    names = d.narrated_names(i)
    d.named_here[i].update(m.canonical for m in names)
    if not d.own[i]:
        for m in names:
            d.refs.add(m.canonical, m.gender)


def _quote_after_colon(d: _Document, i: int) -> None:
    """Rule 1, 'intro': a quote opened after a colon takes the introducing sentence's speaker, else
    the last referent. "Политолог отметил: «Товарооборот вырос втрое. …»"."""
    for q in d.opening.get(i, ()):
        q.speaker = d.own[i] or d.refs.resolve(None)
        for j in range(q.open_sent, q.close_sent + 1):
            if not d.explicit[j]:
                d.speakers[j] = q.speaker


def _quote_with_attribution(d: _Document, i: int) -> None:
    """Rule 1, 'person'/'line': a quote closing here takes the agent of the verb of saying after it,
    or the name of the "– Имя Фамилия" line after it. "«…», - отметил Алим Байель" → Alim Bayel."""
    f = d.feats[i]
    for q in d.closing.get(i, ()):
        if q.kind == "line":
            q.speaker = _attribution_line(d.feats[i + 1]).canonical
        else:
            tail = _tail_tokens(f, d.texts[i], q.close_pos)
            lo = tail[0] if tail else len(f.tokens)
            for k, g in f.verbs:
                if k in tail:
                    q.speaker = _find_agent(f, k, g, lambda j: True, d.refs, lo=lo)
                    if q.speaker:
                        break
        if q.speaker:
            for j in range(q.open_sent, q.close_sent + 1):
                if not (d.explicit[j] and j == q.open_sent):
                    d.speakers[j] = q.speaker
            d.refs.add(q.speaker)


def _attribution_line_names(d: _Document, i: int) -> None:
    """An attribution line makes its (first) person the last referent. "– Касым-Жомарт Токаев и Ильхам Алиев" +
    "Он добавил …" → Tokayev."""
    line = _attribution_line(d.feats[i])
    if line is not None:
        d.refs.add(line.canonical, line.gender)


def _retro_opener(d: _Document) -> None:
    """Rule 4: "Об этом сказал X" (speech.retro_openers) gives X to the unattributed sentences of the
    previous paragraph. "Об этом в беседе с Day.Az сказала политолог Айгерим Жампетова."."""
    retro = _speech_lexicon().retro
    for i in range(len(d.texts)):
        if d.explicit[i] and retro.match(d.texts[i]):
            prev_para = d.paragraphs[i] - 1
            for j in range(i):
                if d.paragraphs[j] == prev_para and d.speakers[j] is None:
                    d.speakers[j] = d.speakers[i]


def _paragraph_lead_in(d: _Document) -> None:
    """Rule 5: a paragraph's closing attribution covers its narrated lead-in when that names nobody
    else and the last attributed sentence before it is the same speaker's.
    "Товарооборот вырос на 40%. «Мы видим рост», - отметил Алим Байель." → both Alim Bayel's."""
    for q in d.quotes:
        if q.kind not in ("person", "line") or not q.speaker:
            continue
        para = d.paragraphs[q.open_sent]
        for j in range(q.open_sent):
            if d.paragraphs[j] != para or d.speakers[j] is not None:
                continue
            if d.named_here[j] - {q.speaker}:
                continue
            before = next((d.speakers[b] for b in range(j - 1, -1, -1) if d.speakers[b]), None)
            if before == q.speaker:
                d.speakers[j] = q.speaker


#: The speaker rules applied to each sentence of a document, in reading order, in this order
#: (the numbers are those of the comment block at the top of this module).
SENTENCE_RULES = (
    _verb_of_saying,
    _names_become_referents,
    _quote_after_colon,
    _quote_with_attribution,
    _attribution_line_names,
)

#: The speaker rules applied once the whole document has been read, in this order.
DOCUMENT_RULES = (
    _retro_opener,
    _paragraph_lead_in,
)


def _doc_speakers(texts: list[str], paragraphs: list[int], published: str | None = None) -> list[str | None]:
    d = _document(texts, paragraphs, published)
    for i in range(len(texts)):
        for rule in SENTENCE_RULES:
            rule(d, i)
    for rule in DOCUMENT_RULES:
        rule(d)
    return d.speakers


def attribute_speakers(sentences: pd.DataFrame, published: Mapping[str, str | None] | None = None) -> pd.DataFrame:
    """Return a copy of *sentences* with ``speaker``: who is being reported or quoted.

    *published* maps doc_id → ISO publication date (None or absent: undated). A role such as
    "Президент Казахстана" names whoever held the office that day (the gazetteer's role dates); in
    an undated article, the present holder.

    ``speaker`` is the canonical English name from the gazetteer (a transliteration for people
    it does not know), or None for the journalist's own narration. Rules (no NER): quotes and
    their attributions, verbs of saying with named / pronoun / role agents, "по его словам",
    "Об этом сказал …", and a paragraph's closing attribution — see the comment block at the top
    of this module and :data:`SENTENCE_RULES`, :data:`DOCUMENT_RULES`. Sentences are taken per ``doc_id`` in table order;
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
