"""How an event cue is read once found: is it an event at all, what is its status, who takes part.

Three named rule lists, each applied in order (the lexicons are the ``reading`` block of each kind in
``analysis/data/lexicons/events.yml``):

* :data:`CUE_FILTERS` — a cue any filter rejects is no event: a negated or generic mention ("далеко не
  первая встреча", "не подписали") and an anniversary or reference point ("20-летие подписания
  договора", "с момента подписания": the original event, not a new one);
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

import re
from dataclasses import dataclass
from functools import lru_cache

from analysis.events.cues import _events, _word_at, _yo
from analysis.ingest.outlets import mentioned_outlets
from analysis.nlp.dates import TimeExpr, iso_bounds, parse_published
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
    """A negated or generic mention is no event. "это далеко не первая встреча" → none;
    "стороны не подписали соглашение" → none."""
    words = c.words
    if any(ends_with_seq(words, c.i, seq) for seq in c.spec.get("generic") or ()):
        return True
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


#: Filters that make a cue no event, in order (any one rejects it).
CUE_FILTERS = (_negated_or_generic, _anniversary)


def is_event(c: Cue) -> bool:
    """True unless a rule of :data:`CUE_FILTERS` rejects the cue."""
    return not any(rule(c) for rule in CUE_FILTERS)


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
    return any(a.head == t.i and a.rel.startswith("aux") and a.feat("Tense") == "Fut" for a in tokens)


def _status_future_tense(d: Dated) -> str | None:
    """The verb of the cue is in the future. "примут участие в заседании", "Гюль прибудет в Азербайджан",
    "форум пройдет в Баку" → planned."""
    c = d.cue
    tokens = parse(c.text)
    t = _token_of(tokens, c.toks[c.i][0])
    for _ in range(3):  # the cue itself, or the verb that governs it, a few heads up
        if t is None:
            return None
        if t.pos in {"VERB", "AUX"}:
            return "planned" if _future(tokens, t) else None
        t = tokens[t.head] if 0 <= t.head < len(tokens) else None
    return None


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


#: Entities that are never participants, in order (any one rule excludes).
NON_PARTICIPANT_RULES = (_an_outlet, _after_a_reporter_noun)


def is_participant(m: Mention) -> bool:
    """True unless a rule of :data:`NON_PARTICIPANT_RULES` excludes the entity."""
    return not any(rule(m) for rule in NON_PARTICIPANT_RULES)
