"""How an event cue is read once found: is it an event at all, what is its status, who takes part.

Three named rule lists, each applied in order (the lexicons are the ``reading`` block of each kind in
``analysis/data/lexicons/events.yml``):

* :data:`KIND_RULES` — a cue may be of another kind than its lexicon entry's (a train that "прибыл" is a
  shipment, not a visit);
* :data:`CUE_FILTERS` — a cue any filter rejects is no event: a negated or generic mention ("далеко не
  первая встреча", "не подписали"), a receiving verb without a person received ("принял участие"), a
  volume shipped over time ("отправлено 1,5 млн тонн"); an anniversary or reference point ("20-летие
  подписания договора", "с момента подписания") is the original event, never dated by the anniversary's
  time expression (:func:`is_reference`);
* :data:`STATUS_RULES` — the first rule that says so gives the status ('proposed', 'planned');
  otherwise the event is 'held';
* :data:`NON_PARTICIPANT_RULES` — an entity any rule names is never a participant: news outlets and
  agencies (the outlet register, or a web address: "AZE.az"), the reporter or outlet right after
  "корреспондент", "агентство" …

A cue here is (toks, lems, i): the sentence's word tokens, their lemmas (or None) and the cue's index.

>>> ends_with_seq(["далеко", "не", "первый", "встреча"], 3, ("не", "первый"))
True
>>> is_verb_lemma("посетить"), is_verb_lemma("визит"), is_verb_lemma("встретиться")
(True, False, True)
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from analysis.events.cues import _events, _word_at, _yo
from analysis.ingest.outlets import mentioned_outlets
from analysis.nlp.dates import TimeExpr, iso_bounds, parse_published
from analysis.nlp.gazetteer import gazetteer_file
from analysis.nlp.syntax import Token, parse

STATUSES = ("held", "planned", "proposed")

#: Infinitive endings: a cue lemma with one of them is a verb ("посетить", "встретиться", "провести").
_VERB_ENDINGS = ("ть", "ться", "ти", "тись", "чь", "чься")


def is_verb_lemma(lemma: str) -> bool:
    """Is *lemma* (a normal form) a verb? Russian verbs' normal form is the infinitive."""
    return str(lemma).endswith(_VERB_ENDINGS)


@lru_cache(maxsize=16)
def reading(kind: str) -> dict:
    """How a cue of event kind *kind* is read (the ``reading`` section of events.yml, one for every kind;
    a kind may override it with a ``reading`` of its own)."""
    spec = _events().get("kinds", {}).get(kind) or {}
    return spec.get("reading") or _events().get("reading") or {}


def ends_with_seq(words: list[str], i: int, seq) -> bool:
    """Does the lemma sequence *seq* end right before word *i*?"""
    seq = [_yo(w) for w in seq]
    n = len(seq)
    return i - n >= 0 and [_yo(w) for w in words[i - n:i]] == seq


@dataclass(frozen=True)
class Cue:
    """One event cue in its sentence, as the reading rules see it."""

    kind: str
    text: str
    toks: tuple
    lems: list[str] | None
    i: int

    @property
    def words(self) -> list[str]:
        return [_word_at(self.toks, self.lems, j) for j in range(len(self.toks))]

    @property
    def spec(self) -> dict:
        return reading(self.kind)

    def near(self, lemmas, window: int | None = None, after: bool = True) -> bool:
        """Is any of *lemmas* within *window* words before the cue (and after it, with *after*)?"""
        w = int(self.spec.get("window", 6)) if window is None else window
        lo, hi = max(0, self.i - w), min(len(self.toks), self.i + (w + 1 if after else 0))
        want = {_yo(x) for x in lemmas}
        return any(_yo(self.words[j]) in want for j in range(lo, hi) if j != self.i)


# --------------------------------------------------------------------------------------------
# Is it an event?
# --------------------------------------------------------------------------------------------


def _negated_or_generic(c: Cue) -> bool:
    """A negated, generic or hypothetical mention is no event. "это далеко не первая встреча" → none;
    "стороны не подписали соглашение" → none; "строительство терминала позволило бы …" → none."""
    words = c.words
    if any(ends_with_seq(words, c.i, seq) for seq in c.spec.get("generic") or ()):
        return True
    if c.near(c.spec.get("hypothetical") or (), window=4, after=True):
        return True  # "строительство зернового терминала позволило бы привлечь …": what would happen
    negation = {_yo(x) for x in c.spec.get("negation") or ()}
    return c.i > 0 and _yo(words[c.i - 1]) in negation


def _anniversary(c: Cue) -> bool:
    """An anniversary or a reference point is not a new event. "20-летие подписания договора",
    "с момента подписания" → no new signing."""
    words = c.words
    if any(ends_with_seq(words, c.i, seq) for seq in c.spec.get("anniversary") or ()):
        return True
    endings = tuple(str(e) for e in c.spec.get("anniversary_endings") or ())
    return c.i > 0 and bool(endings) and c.toks[c.i - 1][2].lower().endswith(endings)


def _receives_no_one(c: Cue) -> bool:
    """A receiving verb is a meeting only with a person as its object. "Токаев принял председателя правления"
    → talks; "принял участие", "принял решение" → none."""
    verbs = {_yo(x) for x in c.spec.get("receive_verbs") or ()}
    if _yo(c.words[c.i]) not in verbs:
        return False
    tokens = parse(c.text)
    t = _token_of(tokens, c.toks[c.i][0])
    return t is None or not any(x.head == t.i and x.rel == "obj" and x.feat("Animacy") == "Anim" for x in tokens)


def _a_flow(c: Cue) -> bool:
    """A volume sent over time is a figure (the claims register's), not a shipment. "было отправлено в общей
    сложности 1,5 млн тонн", "планируется отправлять 1000 блок-поездов в год" → none; one batch or tanker
    of so many tonnes is one shipment."""
    if c.kind != "shipment":
        return False
    if c.near(c.spec.get("batch_words") or (), window=int(c.spec.get("batch_window", 3))):
        return False  # "была отгружена партия в 8,8 тыс. тонн нефти": one batch, an event
    flow = c.spec.get("flow_words") or ()
    return c.near(flow, window=int(c.spec.get("flow_window", 8))) or any(ends_with_seq(c.words, len(c.words), seq) for seq in c.spec.get("flow_endings") or ())


def _idle_milestone(c: Cue) -> bool:
    """A project step named by a noun is an event only when a verb makes it happen ("начнется строительство",
    "ведется прокладка", "завершение работ планируется"); a noun in a list of plans or of what a document
    provides for is not one ("предусматривает … прокладку кабеля", "перспективы в модернизации терминалов").
    A step that is the subject of its verb happens ("модернизация дороги стала ключевым событием")."""
    verbs = {_yo(x) for x in c.spec.get("milestone_verbs") or ()}
    if c.kind != "project" or not verbs:
        return False
    tokens = parse(c.text)
    t = _token_of(tokens, c.toks[c.i][0])
    if t is None or t.pos in {"VERB", "AUX"}:
        return False
    v = _governing_verb(tokens, t, steps=4)
    if v is None:
        return True
    subject = t.rel.startswith("nsubj") or (t.head >= 0 and tokens[t.head].rel.startswith("nsubj") and t.rel in {"nmod", "amod"})
    if subject and _yo(v.lemma) not in _speech_verbs():  # "прекращение поставок изменило …": the step acts
        return False
    return _yo(v.lemma) not in verbs


def _only_possible(c: Cue) -> bool:
    """What only may happen is no event: "После прибытия в Баку грузы могут отправиться дальше в Турцию"."""
    tokens = parse(c.text)
    t = _token_of(tokens, c.toks[c.i][0])
    return t is not None and t.head >= 0 and t.rel == "xcomp" and tokens[t.head].lemma == "мочь"


def _counted_people(c: Cue) -> bool:
    """People counted who visit or are received are a flow of visitors (a figure), not a visit or a meeting:
    "Азербайджан посетили 121 467 туристов", "Азербайджан принял 1 602 600 иностранных граждан" → none."""
    if c.kind not in ("visit", "talks"):
        return False
    tokens = parse(c.text)
    t = _token_of(tokens, c.toks[c.i][0])
    if t is None:
        return False
    people = [x for x in tokens if x.head == t.i and x.rel in {"nsubj", "obj", "nsubj:pass"}]
    return any(y.head == x.i and y.rel.startswith("nummod") and _many(y) for x in people for y in tokens)


def _many(t) -> bool:
    """Is number token *t* a crowd (a thousand, or 20 and more written in digits), not "два президента"?"""
    if t.lemma in {"тысяча", "миллион", "тыс", "млн"}:
        return True
    digits = t.text.replace(" ", "").replace("\u00a0", "")
    return digits.isdigit() and int(digits) >= 20


#: Filters that make a cue no event, in order (any one rejects it). An anniversary is still an event: the
#: original one (:func:`is_reference`).
CUE_FILTERS = (_negated_or_generic, _receives_no_one, _a_flow, _idle_milestone, _counted_people, _only_possible)


def is_event(c: Cue) -> bool:
    """True unless a rule of :data:`CUE_FILTERS` rejects the cue."""
    return not any(rule(c) for rule in CUE_FILTERS)


def is_reference(c: Cue) -> bool:
    """Is the cue an anniversary or a reference point ("20-летие подписания договора", "с момента подписания")?
    It names the original event, not a new one: the time expressions next to it (the anniversary's) never
    date it."""
    return _anniversary(c)


# --------------------------------------------------------------------------------------------
# Which kind?
# --------------------------------------------------------------------------------------------


def _cargo_arrival(c: Cue) -> str | None:
    """A train, a ship or a batch of cargo that arrives is a shipment, not a visit. "первый контейнерный поезд
    прибыл в Баку", "товарный состав прибыл на станцию Баладжары" → shipment. The subject of the verb is
    read from the parse; without one, a cargo noun just before the cue."""
    spec = _events().get("reading") or {}
    verbs = {_yo(x) for x in spec.get("arrival_verbs") or ()}
    cargo = {_yo(x) for x in spec.get("cargo_nouns") or ()}
    if c.kind != "visit" or _yo(c.words[c.i]) not in verbs:
        return None
    tokens = parse(c.text)
    t = _token_of(tokens, c.toks[c.i][0])
    subjects = [x for x in tokens if t is not None and x.head == t.i and x.rel.startswith("nsubj")]
    if not subjects and t is not None and t.rel == "conj" and t.head >= 0:
        # "Состав пройдет через КПП Хоргос и прибудет в порт Актау": the subject is the first verb's
        subjects = [x for x in tokens if x.head == t.head and x.rel.startswith("nsubj")]
    if subjects:
        return "shipment" if any(_yo(x.lemma) in cargo for x in subjects) else None
    return "shipment" if c.near(cargo, window=3, after=False) else None


#: Rules that give a cue another kind than its lexicon entry's, in order (the first that says decides).
KIND_RULES = (_cargo_arrival,)


def kind_of(c: Cue) -> str:
    """The event kind of cue *c*: its lexicon kind unless a rule of :data:`KIND_RULES` says otherwise."""
    for rule in KIND_RULES:
        got = rule(c)
        if got:
            return got
    return c.kind


# --------------------------------------------------------------------------------------------
# Status
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dated:
    """A cue with the time expression that dates it (None: the publication date) and the publication."""

    cue: Cue
    expr: TimeExpr | None
    published: str | None


def _status_proposed(d: Dated) -> str | None:
    """Someone proposed it. "Шафиев предложил провести в 2026 году форум" → proposed."""
    return "proposed" if d.cue.near(d.cue.spec.get("proposed") or (), after=False) else None


def _status_planned_by_word(d: Dated) -> str | None:
    """A word of planning next to the cue. "планируется проведение заседания", "запланирован запуск" → planned."""
    return "planned" if d.cue.near(d.cue.spec.get("planned") or ()) else None


def _token_of(tokens: tuple[Token, ...], start: int) -> Token | None:
    return next((t for t in tokens if t.start <= start < t.stop), None)


def _future(tokens: tuple[Token, ...], t: Token) -> bool:
    """Is verb *t* in the future tense, or has it a future auxiliary ("будет подписан")?"""
    if t.feat("Tense") == "Fut":
        return True
    return any(a.head == t.i and a.rel.startswith("aux") and (a.feat("Tense") == "Fut" or a.text.lower() in _WILL_BE)
               for a in tokens)


#: The forms of быть that make a future ("будет проложен"): the tagger may call them present.
_WILL_BE = frozenset({"буду", "будешь", "будет", "будем", "будете", "будут"})


def _governing_verb(tokens: tuple[Token, ...], t: Token | None, steps: int = 5) -> Token | None:
    """The cue itself when a verb, else the verb that governs it, up to *steps* - 1 heads up (None when none)."""
    for _ in range(steps):
        if t is None:
            return None
        if t.pos in {"VERB", "AUX"}:
            return t
        t = tokens[t.head] if 0 <= t.head < len(tokens) else None
    return None


@lru_cache(maxsize=1)
def _speech_verbs() -> frozenset[str]:
    """Verbs of saying (the gazetteer's speech lexicon) and of speaking at an occasion (``reading.occasion_verbs``)."""
    verbs = (gazetteer_file().get("speech") or {}).get("verbs") or ()
    more = (_events().get("reading") or {}).get("occasion_verbs") or ()
    return frozenset(_yo(v) for v in [*verbs, *more])


def statement_occasion(c: Cue) -> bool:
    """Is the event the occasion a statement was made at? The cue is an oblique of a verb of saying or of
    speaking: "об этом заявил министр на заседании правительства", "сообщил, выступая в Баку на круглом
    столе". News reports such a statement within days of it: the event is dated to the publication's month."""
    if c.kind not in set(c.spec.get("occasion_kinds") or ()):
        return False
    tokens = parse(c.text)
    t = _phrase_head(tokens, _token_of(tokens, c.toks[c.i][0]))
    for _ in range(2):  # "заявил … на встрече", "заявил председатель … Рустамов на встрече" (nmod of the speaker)
        if t is None or t.rel not in {"obl", "nmod"} or not 0 <= t.head < len(tokens):
            return False
        if tokens[t.head].head == t.i:  # a cycle (the parse hangs the cue and its participle on each other):
            # the finite verb before the cue is the one it is an oblique of
            t = next((v for v in reversed(tokens[:t.i]) if v.pos == "VERB" and v.feat("VerbForm") == "Fin"), None)
            return t is not None and _yo(t.lemma) in _speech_verbs()
        t = tokens[t.head]
        if t.pos == "VERB":
            return _yo(t.lemma) in _speech_verbs()
    return False


def _phrase_head(tokens: tuple[Token, ...], t: Token | None) -> Token | None:
    """The noun a cue's first word modifies ("круглом" → "столе"), else the word itself."""
    while t is not None and t.rel in {"amod", "det", "nummod"} and 0 <= t.head < len(tokens) and t.head > t.i:
        t = tokens[t.head]
    return t


def counted(c: Cue) -> bool:
    """Is the cue counted by an ordinal ("седьмой визит", "первый саммит")? A span next to it is the span of
    the count ("За последние три года это мой седьмой визит"), not this event's date."""
    return c.i > 0 and _yo(c.words[c.i - 1]) in {_yo(x) for x in c.spec.get("ordinals") or ()}


def _time_root(tokens: tuple[Token, ...], start: int, end: int) -> Token | None:
    """The word of the time expression at characters *start*..*end* that hangs outside it (None when the
    expression is not parsed, or all its words hang inside). A time noun the expression hangs on ("Летом
    прошлого года", "в начале 2024 года") is part of it: the root is that noun."""
    inside = [t for t in tokens if start <= t.start < end]
    if not inside or not all(0 <= t.head < len(tokens) or t.rel == "root" for t in inside):
        return None
    root = next((t for t in inside if t.head < 0 or not start <= tokens[t.head].start < end), None)
    nouns = {_yo(x) for x in (_events().get("reading") or {}).get("time_nouns") or ()}
    seen = set()
    while root is not None and 0 <= root.head < len(tokens) and root.i not in seen:
        seen.add(root.i)
        head = tokens[root.head]
        if _yo(head.lemma) not in nouns and _yo(head.text.lower()) not in nouns:
            break
        root = head
    return root


def _clause_chain(tokens: tuple[Token, ...], v: Token, steps: int = 6) -> list[tuple[Token, str]]:
    """(verb, the relation it hangs by) up the parse from verb *v*: the verbs whose clauses hold *v*'s."""
    out, seen = [], set()
    while v is not None and v.i not in seen and len(out) < steps:
        seen.add(v.i)
        out.append((v, v.rel))
        v = _governing_verb(tokens, tokens[v.head], steps=steps) if 0 <= v.head < len(tokens) else None
    return out


#: Relations by which a verb's clause is part of the one above it without an event of its own: an infinitive
#: complement ("планируется закончить", "намерены подписать"). A time expression of either dates both.
_SAME_PREDICATE = frozenset({"xcomp", "csubj", "csubj:pass"})

#: Relations by which a clause is reported or known by the verb above it ("стало известно, что …",
#: "заявил, что …"): the time of the verb above is the telling's, not the event's.
_REPORTED = frozenset({"ccomp"})


def dates_the_cue(c: Cue, start: int, end: int) -> bool:
    """May the time expression at characters *start*..*end* date cue *c*? Read from the parse:

    * not when it modifies another noun than the cue: "подписана «Дорожная карта на 2022-2027 годы»" — the
      years are the road map's, not the signing's;
    * not when it is the time of a verb the cue's clause is reported by: "В 2022 году стало известно, что
      ВОЛС будут строить" — 2022 is when it became known, not when it is built.

    A time expression attached to a verb, to the cue, or not parsed may."""
    tokens = parse(c.text)
    root = _time_root(tokens, start, end)
    if root is None or not 0 <= root.head < len(tokens):
        return True
    head = tokens[root.head]
    cue = _token_of(tokens, c.toks[c.i][0])
    if head.pos in {"NOUN", "PROPN"} and root.rel == "nmod" and (cue is None or head.i != cue.i):
        return False
    own = _governing_verb(tokens, cue) if cue is not None else None
    if own is None or head.pos not in {"VERB", "AUX"} or head.i == own.i:
        return True
    chain = _clause_chain(tokens, own)
    above = [k for k, (v, _) in enumerate(chain) if v.i == head.i]
    return not (above and any(rel in _REPORTED for _, rel in chain[:above[0]]))


#: Relations that make a noun an argument of its verb (or of a noun that is one): the subject, the object,
#: an oblique ("Строительство … планируется", "прошли переговоры", "на встрече").
_ARGUMENT = frozenset({"nsubj", "nsubj:pass", "obj", "iobj", "obl", "nmod"})


def _argument_of(tokens: tuple[Token, ...], t: Token, verb: Token) -> bool:
    """Is *t* the verb *verb* itself, or an argument of it (through nouns that are)? A noun the parse hangs
    by parataxis or apposition ("то есть встречи на разных площадках") is not."""
    seen = set()
    while t.i != verb.i:
        if t.i in seen or t.rel not in _ARGUMENT or not 0 <= t.head < len(tokens):
            return False
        seen.add(t.i)
        t = tokens[t.head]
    return True


def own_time(c: Cue, start: int, end: int) -> bool:
    """Is the time expression at characters *start*..*end* the cue's own by the parse, however far from it?
    It hangs on the cue, on the verb that governs the cue, or on an infinitive that completes that verb:
    "Строительство линии … планируется закончить к концу 2025 года" — the end of 2025 is the building's."""
    tokens = parse(c.text)
    root = _time_root(tokens, start, end)
    cue = _token_of(tokens, c.toks[c.i][0])
    if root is None or cue is None or not 0 <= root.head < len(tokens):
        return False
    head = tokens[root.head]
    if head.i == cue.i:
        return True
    own = _governing_verb(tokens, cue)
    if own is None or head.pos not in {"VERB", "AUX"} or not _argument_of(tokens, cue, own):
        return False
    if head.i == own.i:
        return True
    # "планируется закончить к концу 2025 года": the infinitive's time is its governing verb's event's
    return head.rel in _SAME_PREDICATE and head.head == own.i


def own_place(c: Cue, places: list[tuple[int, int]]) -> int | None:
    """Of the places at character spans *places*, the index of the one the cue's verb or noun governs
    directly ("поезд из порта Сиань в Китае прибыл в Баку" → Baku), else None."""
    tokens = parse(c.text)
    cue = _token_of(tokens, c.toks[c.i][0])
    if cue is None:
        return None
    for n, (a, _b) in enumerate(places):
        t = _token_of(tokens, a)
        if t is not None and t.head == cue.i and t.rel in {"obl", "nmod"}:
            return n
    return None


def directions(c: Cue, spans: list[tuple[int, int]]) -> set[int]:
    """Of the entities at character spans *spans*, the indices of those named as a direction: after "в", "во" or
    "на" in the accusative ("выход в Европу", "проложен … в Азербайджан"), read from the parse."""
    tokens = parse(c.text)
    out = set()
    for n, (a, _b) in enumerate(spans):
        t = _token_of(tokens, a)
        if t is None or t.feat("Case") != "Acc":
            continue
        if any(x.head == t.i and x.rel == "case" and x.text.lower() in {"в", "во", "на"} for x in tokens):
            out.add(n)
    return out


def subject_places(c: Cue, places: list[tuple[int, int]]) -> list[int]:
    """Of the places at character spans *places*, the indices of those that are the subject of the cue's verb,
    or conjuncts of it: countries that sign ("Азербайджан, Казахстан и Узбекистан подписали соглашение") or act
    on a project ("Казахстан перенаправил объемы в КТК и приостановил отгрузки": both verbs Kazakhstan's)."""
    if c.kind not in set(c.spec.get("signing_kinds") or ()):
        return []
    tokens = parse(c.text)
    verb = _governing_verb(tokens, _token_of(tokens, c.toks[c.i][0]), steps=1)
    if verb is None or verb.feat("VerbForm") != "Fin":
        return []
    subj = {x.i for x in tokens if x.head == verb.i and x.rel.startswith("nsubj")}
    if not subj and verb.rel == "conj" and 0 <= verb.head < len(tokens):  # "Казахстан перенаправил … и приостановил"
        subj = {x.i for x in tokens if x.head == verb.head and x.rel.startswith("nsubj")}
    if not subj:  # the parser may hang the list elsewhere: the names listed right before the verb
        j = verb.i - 1
        while j >= 0 and tokens[j].pos in {"PROPN", "PUNCT", "CCONJ"}:
            subj.add(j)
            j -= 1
    subj |= {x.i for x in tokens if x.head in subj and x.rel == "conj"}
    out = []
    for n, (a, _b) in enumerate(places):
        t = _token_of(tokens, a)
        if t is not None and t.i in subj:
            out.append(n)
    return out


def coordinated(c: Cue, j: int) -> bool:
    """Is cue *c* a conjunct of the word at token *j* ("в заседании совета и бизнес-форуме")?"""
    tokens = parse(c.text)
    t, o = _token_of(tokens, c.toks[c.i][0]), _token_of(tokens, c.toks[j][0])
    # the conjunct may hang on the first cue's noun phrase ("заседании Высшего совета и бизнес-форуме")
    return t is not None and o is not None and t.rel == "conj" and o.i <= t.head < t.i


def present_tense(c: Cue) -> bool:
    """Does the event happen as the article is written? The verb of the cue, or of a relative clause on it,
    is in the present (not a gerund: its time is the main verb's). "заседание комиссии, которое проходит в
    Баку", "в столице находится руководство" → True; "состоялся круглый стол", "пройдет форум" → False."""
    tokens = parse(c.text)
    t = _token_of(tokens, c.toks[c.i][0])
    if t is None:
        return False
    verbs = [_governing_verb(tokens, t, steps=2)]
    if t.pos in {"VERB", "AUX"}:  # a verb's own tense decides, not a relative clause on its object
        # ("перенаправил объемы в КТК, маршрут которого идет в Европу" → past)
        return _in_present(tokens, t)
    # the cue's noun phrase, by the parse and by adjacency up to the next comma (the parser may not join
    # "заседании азербайджано-казахстанской … комиссии, которое проходит")
    near = {t.i} | set(itertools.takewhile(lambda j: tokens[j].text != ",", range(t.i + 1, len(tokens))))
    for _ in range(3):
        near |= {x.i for x in tokens if x.head in near and x.pos in {"NOUN", "PROPN", "ADJ"}}
    verbs += [x for x in tokens if x.head in near and x.rel == "acl:relcl" and x.pos == "VERB"]
    return any(v is not None and _in_present(tokens, v) for v in verbs)


def _in_present(tokens: tuple[Token, ...], v: Token) -> bool:
    """Is verb *v* in the present (not a gerund, not with a future auxiliary)?"""
    return v.feat("Tense") == "Pres" and v.feat("VerbForm") != "Conv" and not _future(tokens, v)


def _status_future_tense(d: Dated) -> str | None:
    """The verb of the cue is in the future. "примут участие в заседании", "Гюль прибудет в Азербайджан",
    "форум пройдет в Баку" → planned."""
    c = d.cue
    tokens = parse(c.text)
    v = _governing_verb(tokens, _token_of(tokens, c.toks[c.i][0]))
    return "planned" if v is not None and _future(tokens, v) else None


def _status_after_publication(d: Dated) -> str | None:
    """Dated after publication, or by a target ("к 2030 году"). "в 2026 году" in a 2025 article → planned."""
    e = d.expr
    if e is None:
        return None
    if e.kind == "target":
        return "planned"
    pub = parse_published(d.published)
    b = iso_bounds(e.start_iso)
    return "planned" if pub and b and b[0] > pub else None


#: How an event's status is read, in order: the first rule that gives one decides; else 'held'.
STATUS_RULES = (_status_proposed, _status_planned_by_word, _status_future_tense, _status_after_publication)


def status(d: Dated) -> str:
    """The event's status ('held', 'planned', 'proposed'): the first of :data:`STATUS_RULES` that says."""
    for rule in STATUS_RULES:
        got = rule(d)
        if got:
            return got
    return "held"


# --------------------------------------------------------------------------------------------
# Participants
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mention:
    """An entity of the cue's sentence, as the participant rules see it."""

    ent: dict
    text: str
    toks: tuple
    lems: list[str] | None
    spec: dict

    @property
    def surface(self) -> str:
        return self.text[int(self.ent["start"]):int(self.ent["end"])]


def _a_cited_source(m: Mention) -> bool:
    """Named as the source a report cites. "со ссылкой на Акорду" → not a participant."""
    start = int(m.ent["start"])
    words = [_word_at(m.toks, m.lems, j) for j, t in enumerate(m.toks) if t[1] <= start]
    return any(ends_with_seq(words, len(words), seq) for seq in m.spec.get("cited_source") or ())


def _an_outlet(m: Mention) -> bool:
    """A news outlet or agency. "Как передает Report", "сообщает AZE.az" → not a participant."""
    names = (m.surface, str(m.ent.get("canonical") or ""))
    if any(mentioned_outlets(n) for n in names if n):
        return True
    rx = m.spec.get("outlet_names")
    return bool(rx) and any(re.match(str(rx), n) for n in names if n)


def _after_a_reporter_noun(m: Mention) -> bool:
    """Named right after a reporter or outlet noun. "в беседе с корреспондентом «Вестника Кавказа»" → not a participant."""
    start = int(m.ent["start"])
    before = [j for j, t in enumerate(m.toks) if t[1] <= start]
    if not before:
        return False
    j = before[-1]
    word = _word_at(m.toks, m.lems, j)
    return _yo(word) in {_yo(x) for x in m.spec.get("reporters") or ()}


def _an_affiliation(m: Mention) -> bool:
    """An organisation named in a person's role, right before the name, is the person's affiliation: the
    person takes part. "принял председателя правления АО «Казахтелеком» Багдата Мусина" → Musin only."""
    if m.ent.get("kind") != "ORG":
        return False
    people = [int(p["start"]) for p in m.spec.get("_people") or ()]
    end = int(m.ent["end"])
    return any(0 <= p - end <= 3 for p in people)


def _a_commentator(m: Mention) -> bool:
    """An expert commenting on a visit, a summit or talks, and the institute in the expert's role, take no part in
    it (``reading.commentators``; at a round table or a forum, ``reading.commentator_events``, experts do).
    "Своими мыслями о значении визита поделился эксперт Института прикладных этнополитических исследований,
    этномедиатор Рустем Бектрумов" → neither Bektrumov nor his institute is a participant of the visit."""
    if m.spec.get("_kind") in set(m.spec.get("commentator_events") or ()):
        return False
    nouns = {_yo(x) for x in m.spec.get("commentators") or ()}
    tokens = parse(m.text)
    t = _token_of(tokens, int(m.ent["start"]))
    for _ in range(4):  # the name, its appositions and the noun phrase of the role it stands in
        if t is None or t.rel not in {"appos", "nmod", "flat:name", "flat"} or not 0 <= t.head < len(tokens):
            return False
        t = tokens[t.head]
        if _yo(t.lemma) in nouns:
            return True
    return False


#: Entities that are never participants, in order (any one rule excludes).
NON_PARTICIPANT_RULES = (_an_outlet, _after_a_reporter_noun, _a_cited_source, _an_affiliation, _a_commentator)


def is_participant(m: Mention) -> bool:
    """True unless a rule of :data:`NON_PARTICIPANT_RULES` excludes the entity."""
    return not any(rule(m) for rule in NON_PARTICIPANT_RULES)
