"""The timeline: bilateral events (visits, summits, talks, meetings, agreements, launches) with date, place and actors."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

from analysis.events.cues import (
    WINDOW,
    _assign,
    _cue_first_lemmas,
    _cue_hits,
    _dist,
    _doc_meta,
    _entities_by_sentence,
    _events,
    _is_span,
    _none_for_missing,
    _place,
    _sentence_entities,
    _tok_span,
    _token_lemmas,
    _uniq,
    _usable,
    _word_at,
    _yo,
    what_of,
)
from analysis.events.merging import dates_from_parents, merge, summary
from analysis.events.reading import (
    Cue,
    Dated,
    Mention,
    coordinated,
    counted,
    dates_the_cue,
    directions,
    is_event,
    is_participant,
    is_reference,
    is_verb_lemma,
    kind_of,
    own_place,
    own_time,
    present_tense,
    statement_occasion,
    status,
    subject_places,
)
from analysis.events.reading import reading as _reading_spec
from analysis.nlp.dates import TimeExpr, find_time_expressions, iso_bounds, needs_claim_anchor
from analysis.tables import records
from analysis.vocabulary import sentence_number

#: One row per report (a sentence telling of an event): what :func:`event_reports` gives.
REPORT_COLUMNS = [
    "event_id", "event_key", "kind", "date", "date_end", "date_precision", "resolved", "date_basis",
    "time_text", "planned", "place", "actors", "doc_id", "sentence_id", "quote", "published", "outlet",
    "status", "trigger", "report_id", "precision", "parent_event", "what",
]

#: One row per event (its reports merged): what :func:`timeline` gives. The first eleven are the
#: chronology's; the rest keep the report-level names the book reads (``date`` = ``date_start``,
#: ``date_precision``, ``actors`` = ``participants``, ``doc_id``/``sentence_id`` of the quoted report).
TIMELINE_COLUMNS = [
    "event_id", "kind", "status", "date_start", "date_end", "precision", "place", "participants",
    "parent_event", "reports", "quote", "what", "n_reports", "event_key", "date", "date_precision", "resolved",
    "date_basis", "time_text", "planned", "actors", "doc_id", "sentence_id", "published", "outlet", "trigger",
]

#: Values of ``date_precision``: a point cut to a year/month/day, or 'period' — a span the event
#: (or series) lies somewhere inside, from ``date`` to ``date_end``. None when unresolved.
PRECISIONS = ("year", "month", "day", "period")


# --------------------------------------------------------------------------------------------
# timeline
# --------------------------------------------------------------------------------------------


def _series_marker(toks, lems, i: int) -> bool:
    """True when a repetition marker ("более десяти раз", "неоднократно") is near cue *i*."""
    spec = _events().get("series") or {}
    w = int(spec.get("window", 4))
    lo, hi = max(0, i - w), min(len(toks), i + w + 1)
    words = [_yo(_word_at(toks, lems, j)) for j in range(len(toks))]
    adverbs = {str(a) for a in spec.get("adverbs", [])}
    counts = {str(c) for c in spec.get("count_words", [])}
    noun = str(spec.get("count_noun", "раз"))
    for j in range(lo, hi):
        if j == i:
            continue
        if words[j] in adverbs:
            return True
        if words[j] == noun and j > 0 and (words[j - 1] in counts or toks[j - 1][2].isdigit()):
            # "в три раза" is a multiplier, not a count of occurrences
            if not (j > 1 and words[j - 2] in {"в", "во"}):
                return True
    return False


def _umbrella(lems, toks, i: int) -> bool:
    return _yo(_word_at(toks, lems, i)) in {str(x) for x in _events().get("umbrella_cues", [])}


def _may_name_events(sentences: pd.DataFrame) -> pd.DataFrame:
    """The sentences that may name an event: all but those whose ``lemmas`` hold no cue's first word.

    Most sentences of a corpus name no event; they are dropped before anything else is done with
    them (no tokenisation, no time expressions, not even conversion to records). Without lemmas
    (or with an empty tuple) a sentence is kept: the word-form fallback decides.
    """
    if "lemmas" not in sentences.columns:
        return sentences
    first = _cue_first_lemmas()
    keep = [i for i, given in enumerate(sentences["lemmas"])
            if not (isinstance(given, (list, tuple)) and given and not (first & set(given)))]
    return sentences.iloc[keep]


@dataclass
class _Dating:
    """One sentence with event cues, and what the dating rules decide about it.

    ``chosen`` maps each dated cue (kind, token index) to (distance, the time expression dating it;
    PUBLICATION (None) for the publication date, UNDATED for none); ``absorbed`` holds the cues that make no row.
    """

    row: dict
    doc: dict
    toks: tuple
    lems: list[str] | None
    cues: list[tuple[str, int]]
    exprs: list[tuple[TimeExpr, tuple[int, int]]]
    window: int
    by_sentence: dict | None
    chosen: dict[tuple[str, int], tuple[int, TimeExpr | None]] = field(default_factory=dict)
    absorbed: set[tuple[str, int]] = field(default_factory=set)
    enumerates: dict[tuple[str, int], list[int]] = field(default_factory=dict)
    vague: list[tuple[int, int]] = field(default_factory=list)

    @cached_property
    def ents(self) -> list[dict]:
        """The sentence's PER/LOC/ORG entities (read only once some cue is dated)."""
        return _sentence_entities(self.row, self.by_sentence)

    @cached_property
    def assigned(self) -> dict[int, list[dict]]:
        """Cue token index → the entities that belong to it (see :func:`_assign`)."""
        verbs = {i for _, i in self.cues if self.lems is not None and is_verb_lemma(self.lems[i])}
        return _assign(self.ents, self.toks, [i for _, i in self.cues], self.row["text"], verbs)

    def by_position(self) -> list[tuple[tuple[str, int], tuple[int, TimeExpr | None]]]:
        """The dated cues in sentence order (ties: the order they were dated in)."""
        return sorted(self.chosen.items(), key=lambda kv: kv[0][1])


def _dating(row: dict, doc: dict, by_sentence: dict | None, window: int) -> _Dating | None:
    """The sentence's cues and usable time expressions; None when it names no event kind."""
    toks, lems = _token_lemmas(row["text"], row.get("lemmas"))
    cues = [(kind_of(Cue(k, row["text"], toks, lems, i)), i) for k, i in _cue_hits(toks, lems)
            if is_event(Cue(k, row["text"], toks, lems, i))]
    if not cues:
        return None
    found = [(e, _tok_span(toks, e.start, e.end)) for e in find_time_expressions(row["text"], doc["published"])]
    exprs = [(e, sp) for e, sp in found if sp is not None and _usable(e)]
    vague = [sp for e, sp in found if sp is not None and not _usable(e) and not needs_claim_anchor(e)]
    return _Dating(row, doc, toks, lems, cues, exprs, window, by_sentence, vague=vague)


def _date_by_nearest_expression(s: _Dating) -> None:
    """Each time expression dates the nearest cue of every kind within the window, or farther when the parse
    makes it the cue's own (:func:`~analysis.events.reading.own_time`; a span: every such cue); a cue keeps
    its nearest expression. "сегодня провели переговоры в Астане" → talks, today."""
    for e, sp in s.exprs:
        for kind in {k for k, _ in s.cues}:
            cand = [(_dist(i, sp), i) for k, i in s.cues if k == kind
                    and (_dist(i, sp) <= s.window or own_time(_cue(s, k, i), e.start, e.end))
                    and not is_reference(_cue(s, k, i)) and dates_the_cue(_cue(s, k, i), e.start, e.end)
                    and not (_is_span(e) and counted(_cue(s, k, i)))]
            if not cand:
                continue
            for d, i in (cand if _is_span(e) else [min(cand)]):
                if (kind, i) not in s.chosen or d < s.chosen[(kind, i)][0]:
                    s.chosen[(kind, i)] = (d, e)


def _date_present_by_publication(s: _Dating) -> None:
    """A cue without a time expression whose verb is in the present ("заседание комиссии, которое проходит в
    Баку", "выступая перед прессой", "находится в Баку") happens as the article appears: the publication date.
    A past verb in the lead ("Состоялся круглый стол") is not dated by publication: the text does not say when.
    A process (``reading.under_way_kinds``: a project step) in the present is under way, not done that day:
    the publication's month ("KazmorTransFlot закупает суда", published 2025-11-26 → 2025-11)."""
    if s.doc["published"] is None:
        return
    under_way = set((_events().get("reading") or {}).get("under_way_kinds") or ())
    for kind, i in s.cues:
        if (kind, i) not in s.chosen and not any(k == kind for k, _ in s.chosen) and _present(s, i) \
                and not _series_marker(s.toks, s.lems, i):
            s.chosen[(kind, i)] = (0, UNDER_WAY if kind in under_way else PUBLICATION)


def _date_arrival_news_by_publication(s: _Dating) -> None:
    """A visit the article's lead reports as an arrival ("Президент Казахстана прибыл в Азербайджан с
    официальным визитом"), with no time of its own, is the day's news: the publication date. Any other past
    verb in the lead stays undated (:func:`_date_present_by_publication`)."""
    if s.doc["published"] is None or sentence_number(s.row.get("sentence_id", "")) != 1:
        return
    arrival = {_yo(v) for v in (_events().get("reading") or {}).get("arrival_verbs") or ()}
    for kind, i in s.cues:
        if kind == "visit" and (kind, i) not in s.chosen and _yo(_word_at(s.toks, s.lems, i)) in arrival:
            s.chosen[(kind, i)] = (0, PUBLICATION)


def _cue(s: _Dating, kind: str, i: int) -> Cue:
    return Cue(kind, s.row["text"], s.toks, s.lems, i)


def _present(s: _Dating, i: int) -> bool:
    return present_tense(_cue(s, "", i))


def _date_occasion_by_publication_month(s: _Dating) -> None:
    """The occasion a reported statement was made at, undated, is dated to the publication's month: "Об этом
    на заседании правительства сообщил министр" (published 2025-11-25) → a session in 2025-11."""
    if s.doc["published"] is None:
        return
    for kind, i in s.cues:
        if (kind, i) not in s.chosen and not any(k == kind for k, _ in s.chosen) and statement_occasion(_cue(s, kind, i)):
            s.chosen[(kind, i)] = (0, OCCASION)


def _vaguely_dated(s: _Dating, i: int) -> bool:
    """A cue next to a vague time expression is a generic mention, not one event: "документы, подписанные
    в последние годы", "неоднократно встречались" (a series without a span) make no row."""
    return any(_dist(i, sp) <= s.window // 2 for sp in s.vague)


def _keep_undated_cues(s: _Dating) -> None:
    """A cue no expression dates is an undated event of its own (``precision='undated'``), unless another cue
    of its kind in the sentence already makes a row and it is not another event (:func:`_another_event`).
    "Состоялся круглый стол." → a round table, date unknown (not the publication's)."""
    for kind, i in s.cues:
        if (kind, i) in s.chosen or (kind, i) in s.absorbed or _vaguely_dated(s, i) or _series_marker(s.toks, s.lems, i):
            continue
        same = [j for k, j in s.chosen if k == kind]
        if not same or _another_event(s, i, same):
            s.chosen[(kind, i)] = (0, UNDATED)


def _another_event(s: _Dating, i: int, same: list[int]) -> bool:
    """Is undated cue *i* another event than the cues *same* of its kind that make rows? When it names its own
    place, not theirs ("визита Токаева в Азербайджан …, а также визита Алиева в Казахстан, состоявшегося в
    октябре"), or is another word for another event ("в заседании совета и бизнес-форуме"); a repeated word
    is the same event ("визит …, в ходе визита")."""
    place = _own_place(s, i)
    if place is not None and all(_own_place(s, j) not in {None, place} for j in same):
        return True
    word = _word_at(s.toks, s.lems, i)
    return any(_word_at(s.toks, s.lems, j) != word and coordinated(_cue(s, "", i), j) for j in same)


def _later_unchosen(s: _Dating, kind: str, i: int):
    """The cues of *kind* after cue *i*, up to the first that is already dated."""
    for k, j in s.cues:
        if k != kind or j <= i:
            continue
        if (k, j) in s.chosen:
            return
        yield k, j


def _date_enumerated_events_of_span(s: _Dating) -> None:
    """A span also dates the later undated cues of its kind that name their own place.
    "за последний месяц они встречались и в Габале, на саммите ОТГ, и в Душанбе, на саммите СНГ" → two summits."""
    for (kind, i), (d, e) in s.by_position():
        if not _is_span(e):
            continue
        for k, j in _later_unchosen(s, kind, i):
            if _own_place(s, j) is not None:
                s.chosen[(k, j)] = (d, e)


def _drop_umbrella_verbs(s: _Dating) -> None:
    """A repeated-meeting verb whose span also dates the cues after it makes no row: those are its meetings.
    "за последний месяц они встречались и в Габале, на саммите ОТГ, …" → no row for "встречались"."""
    s.absorbed = {(k, i) for (k, i), (_, e) in s.chosen.items()
                  if _is_span(e) and _umbrella(s.lems, s.toks, i) and not _series_marker(s.toks, s.lems, i)
                  and any(j > i and e2 is e for (_, j), (_, e2) in s.chosen.items())}


def _own_place(s: _Dating, j: int) -> str | None:
    return _place(s.row["text"], s.toks, s.assigned.get(j, []), j)


def _date_coordinated_clauses(s: _Dating) -> None:
    """A point also dates the later undated verb cues of its kind that name their own place: coordinated
    clauses are events of their own. "В прошлом году состоялись визиты, где Токаев посетил Баку, Алиев
    посетил Астану" → a visit to Baku and a visit to Astana, both 2024."""
    for (kind, i), (d, e) in s.by_position():
        if _is_span(e) or e is None:
            continue
        for k, j in _later_unchosen(s, kind, i):
            if s.lems is not None and is_verb_lemma(s.lems[j]) and _own_place(s, j) is not None:
                s.chosen[(k, j)] = (d, e)
                s.enumerates.setdefault((k, i), []).append(j)


def _drop_enumerating_cues(s: _Dating) -> None:
    """A cue without a place of its own whose date went to the coordinated clauses after it makes no row:
    those are its events. "состоялись официальные визиты, где Токаев посетил Баку, …" → no row for "визиты"."""
    s.absorbed |= {(k, i) for (k, i), js in s.enumerates.items() if js and _own_place(s, i) is None}


#: How a sentence's event cues get their dates, in the order the rules are applied (see the
#: attachment rules in :mod:`analysis.events`). A sentence none of them dates makes no row.
DATING_RULES = (
    _date_by_nearest_expression,
    _date_present_by_publication,
    _date_arrival_news_by_publication,
    _date_occasion_by_publication_month,
    _date_enumerated_events_of_span,
    _drop_umbrella_verbs,
    _date_coordinated_clauses,
    _drop_enumerating_cues,
    _keep_undated_cues,
)


def _cue_entities(s: _Dating, kind: str, i: int, dated: list[tuple[str, int]]) -> list[dict]:
    """The entities of cue *i*, and of the later undated cues of its kind up to the next dated one
    ("визиты ..., где Токаев посетил Баку, Алиев посетил Астану")."""
    nxt = min([j for k, j in dated if k == kind and j > i], default=10**9)
    merged = [j for k, j in s.cues if k == kind and i < j < nxt and (k, j) not in s.chosen]
    return s.assigned.get(i, []) + [x for j in merged for x in s.assigned.get(j, [])]


def _event_actors(s: _Dating, cue: tuple[str, int], own: list[dict], emitting: list[tuple[str, int]]) -> tuple:
    """The PER/ORG of the cue; when none is a person, the people of the sentence and the organisations
    no other dated cue holds; and the countries that are the subject of its verb ("Азербайджан, Казахстан и
    Узбекистан подписали"). Never an outlet or a reporter (:data:`analysis.events.reading.NON_PARTICIPANT_RULES`)."""
    spec = {**_reading_spec(cue[0]), "_people": [x for x in s.ents if x["kind"] == "PER"], "_kind": cue[0]}
    ents = [x for x in s.ents if x["kind"] not in {"PER", "ORG"} or is_participant(
        Mention(x, s.row["text"], s.toks, s.lems, spec))]
    own = [x for x in own if any(x is y for y in ents)]
    people = [x for x in own if x["kind"] in {"PER", "ORG"}]
    if not any(x["kind"] == "PER" for x in people):
        others = [x for c in emitting if c != cue for x in s.assigned.get(c[1], [])]
        people = [x for x in ents if x["kind"] == "PER"
                  or (x["kind"] == "ORG" and (any(x is y for y in own) or not any(x is y for y in others)))]
    locs = [x for x in s.ents if x["kind"] == "LOC"]
    signers = [locs[n] for n in subject_places(_cue(s, cue[0], cue[1]), [(int(x["start"]), int(x["end"])) for x in locs])]
    return _without_bare_surnames(_uniq(x["canonical"] for x in [*people, *signers]))


def _without_bare_surnames(names: tuple[str, ...]) -> tuple[str, ...]:
    """A surname alone ("Sauranbayev") next to a full name that holds it ("Nurlan Sauranbayev") is the same
    person: named once."""
    return tuple(n for n in names if " " in n or not any(n != m and n in m.split() for m in names))


#: What dates a cue that no time expression dates: the publication (a verb in the present), its month (the
#: occasion of a statement; a process under way) or nothing.
PUBLICATION = None
UNDATED = TimeExpr(0, 0, "", "undated", None, None, None, False, False)
OCCASION = TimeExpr(0, 0, "", "occasion", None, None, "month", False, False)
UNDER_WAY = TimeExpr(0, 0, "", "under way", None, None, "month", False, False)


def _event_place(s: _Dating, kind: str, i: int, own: list[dict], alone: bool) -> str | None:
    """The event's place: the one its cue governs (:func:`_governed_place`), else its own nearest place after a
    locative preposition, else — when it is the sentence's only event (*alone*) — the sentence's. For the kinds of
    ``reading.no_destination_kinds`` (a project step) a direction is where it leads, not where it happens:
    "с последующим выходом в Европу", "кабель будет проложен … в Азербайджан" give no place."""
    if kind in set((_events().get("reading") or {}).get("no_destination_kinds") or ()):
        away = directions(_cue(s, kind, i), [(int(x["start"]), int(x["end"])) for x in s.ents])
        ents = [x for n, x in enumerate(s.ents) if n not in away]
        own = [x for x in own if any(x is y for y in ents)]
    else:
        ents = s.ents
    place = _governed_place(s, kind, i, ents) or _place(s.row["text"], s.toks, own, i)
    return place if place is not None or not alone else _place(s.row["text"], s.toks, ents, i)


def _governed_place(s: _Dating, kind: str, i: int, ents: list[dict] | None = None) -> str | None:
    """The place the cue's verb or noun governs directly, read from the parse ("прибыл в Баку")."""
    locs = [x for x in (s.ents if ents is None else ents) if x["kind"] == "LOC"]
    n = own_place(_cue(s, kind, i), [(int(x["start"]), int(x["end"])) for x in locs]) if locs else None
    return str(locs[n]["canonical"]) if n is not None else None


def _event_date(e: TimeExpr | None, published: str | None) -> tuple:
    """(date, date_end, date_precision, resolved, time_text, basis) of an event dated by *e*
    (:data:`PUBLICATION`: the publication date; :data:`OCCASION`, :data:`UNDER_WAY`: its month;
    :data:`UNDATED`: none)."""
    if e is UNDATED:
        return None, None, None, False, "", "none"
    if e is PUBLICATION:
        return published, published, "day" if published else None, published is not None, "", "publication"
    if e is OCCASION or e is UNDER_WAY:
        return published[:7], published[:7], "month", True, "", "publication"
    date, date_end, prec, resolved = e.start_iso, e.end_iso, e.precision, e.resolved
    if e.kind == "target" and prec == "month" and date_end and date_end.endswith("-12"):
        # "до конца 2025 года", "к концу года": a deadline at the end of a year is that year
        date = date_end = date_end[:4]
        prec = "year"
    if _is_span(e):
        # never a point: the event lies somewhere between date and date_end
        prec = "period" if e.resolved and e.start_iso and e.end_iso else None
        if prec is None:
            date = date_end = None
            resolved = False
    return date, date_end, prec, resolved, e.text, "text"


def _event_rows(s: _Dating) -> list[dict]:
    """One row per dated cue the rules left (kind, date, place, actors, quote)."""
    text, doc = s.row["text"], s.doc
    producing = sorted(s.chosen, key=lambda kc: kc[1])
    emitting = [kc for kc in producing if kc not in s.absorbed]
    rows = []
    for (kind, i), (_, e) in s.by_position():
        if (kind, i) in s.absorbed:
            continue
        own = _cue_entities(s, kind, i, producing)
        actors = _event_actors(s, (kind, i), own, emitting)
        place = _event_place(s, kind, i, own, len(emitting) == 1)
        date, date_end, prec, resolved, time_text, basis = _event_date(e, doc["published"])
        if e is not None and e is not UNDATED and _series_marker(s.toks, s.lems, i):
            kind = "series"  # "встречались более десяти раз": several events, not one
        st = status(Dated(Cue(kind, text, s.toks, s.lems, i), e, doc["published"]))
        rows.append({
            "kind": kind, "date": date, "date_end": date_end, "date_precision": prec,
            "resolved": bool(resolved), "date_basis": basis, "time_text": time_text,
            "planned": st != "held", "place": place, "actors": actors,
            "doc_id": s.row["doc_id"], "sentence_id": s.row["sentence_id"], "quote": text,
            "published": doc["published"], "outlet": doc["outlet"], "status": st, "trigger": s.toks[i][2],
            "what": what_of(text, s.toks, s.lems, i),
            "_outcome": e is UNDATED and _outcome_of_earlier_event(s, kind, i),
        })
    return rows


def _outcome_of_earlier_event(s: _Dating, kind: str, i: int) -> bool:
    """Is the cue an outcome of an event the article told of before, named by a demonstrative ("По итогам той
    встречи была подписана Алматинская декларация")? ``reading.outcome``: the kinds that are outcomes, the
    words that make them one ("по итогам", "по результатам") and the demonstratives."""
    spec = (_events().get("reading") or {}).get("outcome") or {}
    if kind not in set(spec.get("kinds") or ()) or s.lems is None:
        return False
    words = [_yo(w) for w in s.lems]
    demonstratives = {_yo(x) for x in spec.get("demonstratives") or ()}
    for seq in spec.get("markers") or ():
        seq = [_yo(x) for x in seq]
        for j in range(len(words) - len(seq)):
            if words[j:j + len(seq)] == seq and words[j + len(seq)] in demonstratives:
                return True
    return False


def _date_outcomes_by_their_event(rows: list[dict]) -> list[dict]:
    """An undated outcome of an earlier event (:func:`_outcome_of_earlier_event`) takes the date and, when it
    names none, the place of the nearest dated report before it in its article of an event that has outcomes
    (``reading.outcome.of``): "самый первый саммит прошел в 2011 году в Алматы. По итогам той встречи была
    подписана Алматинская декларация" → the declaration, 2011, Almaty (``date_basis='antecedent'``)."""
    of = set(((_events().get("reading") or {}).get("outcome") or {}).get("of") or ())
    for k, r in enumerate(rows):
        if not r.pop("_outcome", False):
            continue
        before = [x for x in rows[:k] if x["doc_id"] == r["doc_id"] and x["kind"] in of and x["date"]
                  and x["sentence_id"] != r["sentence_id"]]
        if before:
            e = before[-1]
            r.update({f: e[f] for f in ("date", "date_end", "date_precision", "resolved", "time_text")})
            r.update({"date_basis": "antecedent", "place": r["place"] or e["place"]})
    return rows


def _reports_frame(rows: list[dict]) -> pd.DataFrame:
    """The rows as the reports table: event keys, sorted by date (unresolved last), report ids, then the
    events they are merged into (``event_id``, ``parent_event``: :mod:`analysis.events.merging`)."""
    if not rows:
        return pd.DataFrame(columns=REPORT_COLUMNS)
    out = pd.DataFrame(rows)
    out = _none_for_missing(out, ["date", "date_end", "date_precision", "place", "published", "outlet"])
    # The key coarsens day dates to the month: "20 октября 2025" and "в октябре 2025 года" in two
    # reports of the same visit share a key. A span keys on its whole extent.
    out["event_key"] = [f"{k}|{_key_date(d, de, pr)}|{p or 'unknown place'}" for k, d, de, pr, p in
                        zip(out["kind"], out["date"], out["date_end"], out["date_precision"], out["place"])]
    out["_undated"] = out["date"].isna()
    out = out.sort_values(["_undated", "date", "doc_id", "sentence_id"], kind="stable", na_position="last")
    out = out.drop(columns="_undated").reset_index(drop=True)
    counters: dict[str, int] = {}
    ids = []
    for d in out["doc_id"]:
        counters[d] = counters.get(d, 0) + 1
        ids.append(f"{d}-e{counters[d]:03d}")
    out["report_id"] = ids
    out["precision"] = [p if p else ("undated" if b == "none" else "unresolved")
                        for p, b in zip(out["date_precision"], out["date_basis"])]
    events, parent_of = _merge_and_date_sub_events(out)
    event_of = {k: out["report_id"][ev[0]] for ev in events for k in ev}
    parent = {k: out["report_id"][events[parent_of[n]][0]] for n, ev in enumerate(events) if n in parent_of for k in ev}
    out["event_id"] = [event_of[k] for k in range(len(out))]
    out["parent_event"] = pd.Series([parent.get(k) for k in range(len(out))], dtype=object)
    # a sub-event its visit dated moves to that date (its report id stays)
    out["_undated"] = out["date"].isna()
    out = out.sort_values(["_undated", "date", "doc_id", "sentence_id"], kind="stable", na_position="last")
    return out.drop(columns="_undated").reset_index(drop=True)[REPORT_COLUMNS]


def _merge_and_date_sub_events(out: pd.DataFrame) -> tuple[list[list[int]], dict[int, int]]:
    """Merge the reports into events and link sub-events to their visits; a sub-event the visit dates
    (:func:`~analysis.events.merging.dates_from_parents`) is re-dated in *out* (and re-keyed) and the reports
    merged once more: dated now, it may be the same event as another article's ("В повестке визита -
    переговоры" and "сегодня провели переговоры в Астане"). Returns the events and their parents."""
    events, parent_of, _ = merge(out)
    inherited = dates_from_parents(out.to_dict("records"), events, parent_of)
    if not inherited:
        return events, parent_of
    for k, fields in inherited.items():
        for f, v in fields.items():
            out.at[k, f] = v
        out.at[k, "event_key"] = (f"{out['kind'][k]}|{_key_date(out['date'][k], out['date_end'][k], out['date_precision'][k])}"
                                  f"|{out['place'][k] or 'unknown place'}")
    events, parent_of, _ = merge(out)
    return events, parent_of


def _event_row(reports: pd.DataFrame, group: list[int], summary: dict) -> dict:
    """One event of the chronology from its reports (positions in *reports*) and its merged fields."""
    best, first = summary["best"], reports.iloc[group[0]]
    return {
        "event_id": first["event_id"], "kind": best["kind"], "status": summary["status"],
        "date_start": best["date"], "date_end": best["date_end"], "precision": best["precision"],
        "place": summary["place"], "participants": summary["actors"], "parent_event": first["parent_event"],
        "reports": tuple(dict.fromkeys(str(reports["sentence_id"].iloc[k]) for k in group)),
        "quote": best["quote"], "what": next((w for w in reports["what"].iloc[group] if isinstance(w, str) and w), None),
        "n_reports": len(group), "event_key": best["event_key"], "date": best["date"],
        "date_precision": best["date_precision"], "resolved": best["resolved"], "date_basis": best["date_basis"],
        "time_text": best["time_text"], "planned": summary["status"] != "held", "actors": summary["actors"],
        "doc_id": best["doc_id"], "sentence_id": best["sentence_id"], "published": best["published"],
        "outlet": best["outlet"], "trigger": best["trigger"],
    }


def events_of(reports: pd.DataFrame) -> pd.DataFrame:
    """The chronology: one row per event of the *reports* table (columns :data:`TIMELINE_COLUMNS`), sorted
    by date (undated last), then by its first report."""
    if reports is None or len(reports) == 0:
        return pd.DataFrame(columns=TIMELINE_COLUMNS)
    reports = reports.reset_index(drop=True)
    groups: dict[str, list[int]] = {}
    for k, e in enumerate(reports["event_id"]):
        groups.setdefault(str(e), []).append(k)
    rows = []
    for ids in groups.values():
        summary = _merged(reports, ids)
        rows.append(_event_row(reports, ids, summary))
    out = pd.DataFrame(rows, columns=TIMELINE_COLUMNS)
    out = _none_for_missing(out, ["date_start", "date_end", "date", "date_precision", "place", "parent_event",
                                  "published", "outlet"])
    out["_undated"] = out["date"].isna()
    out = out.sort_values(["_undated", "date", "event_id"], kind="stable", na_position="last")
    return out.drop(columns="_undated").reset_index(drop=True)[TIMELINE_COLUMNS]


def _merged(reports: pd.DataFrame, ids: list[int]) -> dict:
    return summary(reports.iloc[ids].to_dict("records"))


def document_reports(reports: pd.DataFrame) -> pd.DataFrame:
    """One row per event per article: what an analyst annotating that article lists. The article's first
    report of the event, with the fields of all the article's reports of it merged (its most precise
    date, most specific place; held if any says so) and its own participants (all the article's when it
    names none). Columns as :data:`REPORT_COLUMNS`."""
    if reports is None or len(reports) == 0:
        return pd.DataFrame(columns=REPORT_COLUMNS)
    reports = reports.reset_index(drop=True)
    groups: dict[tuple[str, str], list[int]] = {}
    for k, (d, e) in enumerate(zip(reports["doc_id"], reports["event_id"])):
        groups.setdefault((str(d), str(e)), []).append(k)
    rows = []
    for ids in groups.values():
        ids = sorted(ids, key=lambda k: (str(reports["sentence_id"][k]), k))
        m = _merged(reports, ids)
        row = dict(reports.iloc[ids[0]])
        row.update({c: m["best"][c] for c in ("date", "date_end", "date_precision", "precision", "resolved",
                                              "date_basis", "time_text")})
        own = row["actors"] if isinstance(row["actors"], tuple) and row["actors"] else m["actors"]
        row.update({"place": m["place"], "actors": own, "status": m["status"],
                    "planned": m["status"] != "held"})
        rows.append(row)
    return pd.DataFrame(rows, columns=REPORT_COLUMNS)


def timeline(sentences: pd.DataFrame, documents: pd.DataFrame, entities: pd.DataFrame | None = None,
             window: int = WINDOW) -> pd.DataFrame:
    """Return the chronology: one row per event, its reports merged (columns :data:`TIMELINE_COLUMNS`;
    :func:`events_of` of :func:`event_reports`)."""
    return events_of(event_reports(sentences, documents, entities, window))


def event_reports(sentences: pd.DataFrame, documents: pd.DataFrame, entities: pd.DataFrame | None = None,
                  window: int = WINDOW) -> pd.DataFrame:
    """Return one row per report of an event (columns :data:`REPORT_COLUMNS`).

    ``date``/``date_end`` are ISO strings; ``date_precision`` is 'year'|'month'|'day' for a point
    (both cut to it) or 'period' for a span the event lies somewhere inside (``date`` = span start,
    ``date_end`` = span end, each at its own cut, e.g. '2025-09-20' and '2025-10-20'); all three are
    None when the date is unresolved (``resolved=False``, e.g. a relative phrase in an undated
    document). ``kind`` is an event kind of ``events.yml`` or 'series' (repeated events over a span,
    not one event). ``actors`` is a tuple of canonical names; ``place`` a canonical name or None.
    ``status`` is 'held', 'planned' or 'proposed' (:data:`analysis.events.reading.STATUS_RULES`;
    ``planned`` is ``status != 'held'``) and ``trigger`` the cue word as written.
    Rows are sorted by date (unresolved last), then document and sentence. Cues are dated by
    :data:`DATING_RULES`, in order.
    """
    meta = _doc_meta(documents)
    if sentences is None or len(sentences) == 0:
        return pd.DataFrame(columns=REPORT_COLUMNS)
    candidates = records(_may_name_events(sentences), ["doc_id", "sentence_id", "text", "lemmas"])
    by_sentence = _entities_by_sentence(
        entities, sentence_ids={r["sentence_id"] for r in candidates if isinstance(r["sentence_id"], str)})
    rows: list[dict] = []
    for row in candidates:
        doc = meta.get(str(row["doc_id"]), {"published": None, "outlet": None})
        s = _dating(row, doc, by_sentence, window)
        if s is None:
            continue
        for rule in DATING_RULES:
            rule(s)
        if s.chosen:
            rows.extend(_event_rows(s))
    return _reports_frame(_date_outcomes_by_their_event(rows))


def _key_date(date, date_end, precision) -> str:
    if not date:
        return "undated"
    if precision == "period":
        return f"{date[:7]}..{(date_end or date)[:7]}"
    return date[:7]


def event_extent(events: pd.DataFrame) -> pd.DataFrame:
    """Return, per timeline row, the calendar interval a figure must draw.

    Columns: ``event_id``, ``start`` and ``end`` (``pandas.Timestamp``, first and last day covered:
    a month-precision date covers the whole month, a period row its whole span), ``is_span`` (True
    when ``date_precision`` is 'period': draw a bar from start to end, never a point at ``date``)
    and ``is_point`` (True only for day precision). Unresolved rows get NaT and are False in both.
    """
    rows = []
    for r in events.to_dict("records") if events is not None and len(events) else []:
        a = iso_bounds(r.get("date")) if isinstance(r.get("date"), str) else None
        b = iso_bounds(r.get("date_end") or r.get("date")) if isinstance(r.get("date"), str) else None
        ok = a is not None and b is not None
        prec = r.get("date_precision")
        rows.append({"event_id": r.get("event_id"),
                     "start": pd.Timestamp(a[0]) if ok else pd.NaT, "end": pd.Timestamp(b[1]) if ok else pd.NaT,
                     "is_span": bool(ok and prec == "period"), "is_point": bool(ok and prec == "day")})
    out = pd.DataFrame(rows, columns=["event_id", "start", "end", "is_span", "is_point"])
    out["start"] = pd.to_datetime(out["start"])
    out["end"] = pd.to_datetime(out["end"])
    return out


