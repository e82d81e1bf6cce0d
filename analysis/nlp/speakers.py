"""Speakers: who says each sentence, by rules over quotes, verbs of saying, pronouns and the gazetteer."""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from analysis.nlp.gazetteer import _entries, _Matcher, _matcher, _roles_for, _roles_on, _speech_lexicon, transliterate
from analysis.nlp.lemmas import _WORD, _fold, _lemma, _morph, _parses, tokens

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
