"""One event, many reports: the reports of the same event, across sentences and articles, merged into one.

A *report* is one timeline row as a sentence gives it (kind, status, date, place, participants). Two
reports are of the same event when :data:`MERGE_RULES` all agree:

* the same kind, not one of ``merge.separate_kinds`` (a 'series' is many events, each shipment its own);
  for a project milestone, the same step (``merge.same_action_kinds``: the cue words' lemmas agree);
* dates that can be the same: both dated and their intervals overlap ('2025-10' and '2025-10-20'); or
  one undated and, in the same article, nothing against it; in another article, the dated one lies in
  the window before the undated report's publication (``merge.undated_window_days`` of events.yml: an
  article reporting a held visit without its date speaks of a recent one) or, for a planned report, after it;
* places that can be the same (equal, one unknown, or one the country of the other: Astana, Kazakhstan) and
  participants that can be the same (one list empty, or a name in common); in one article it is enough
  that one of the two can be (two clauses differ in both: "Токаев посетил Баку, Алиев посетил Астану"); in
  two articles an undated report needs a participant in common, and two reports of the same day and place
  need none;
* statuses that can be the same: a proposal is never the event held or planned; one article does not
  report one event both held and planned.

Each event takes its most precise report's date, its most specific place, all its participants, and is
'held' when any report says so (a planned visit reported held later is one visit, held). A sub-event
(talks, a council session, a business forum, an agreement, a press address) gets ``parent_event`` = the
visit reported in the same sentence, or in an article that is news of the visit, whose dates and place can
be the same (:func:`parents`); undated, or dated only more coarsely, it takes the visit's date as that article
gives it (:func:`dates_from_parents`).
"""

from __future__ import annotations

import datetime as _dt
from functools import lru_cache

import pandas as pd

from analysis.events.cues import _events, place_country
from analysis.nlp.dates import iso_bounds, parse_published
from analysis.nlp.lemmas import lemmatize

#: Precision rank: the most precise report dates the event.
_RANK = {"day": 0, "month": 1, "year": 2, "period": 3}


@lru_cache(maxsize=1)
def _spec() -> dict:
    return _events().get("merge") or {}


def _country_of() -> dict[str, str]:
    return place_country()


def _bounds(r: dict) -> tuple[_dt.date, _dt.date] | None:
    return _span(r.get("date"), r.get("date_end"))


@lru_cache(maxsize=65536)
def _span(date, date_end) -> tuple[_dt.date, _dt.date] | None:
    """The first and last day of a report's dates (read once per distinct pair: clustering asks again and again)."""
    a = iso_bounds(date) if isinstance(date, str) and date else None
    b = iso_bounds(date_end or date) if a else None
    return (a[0], b[1]) if a and b else None


#: The publication date of a report, read once per distinct value.
_published = lru_cache(maxsize=65536)(parse_published)


def _same_kind(a: dict, b: dict) -> bool:
    """The same kind, and not one of ``merge.separate_kinds`` (a series is many events; every shipment is
    one of its own: "состав прибыл на станцию", "отправили его в Грузию" are two)."""
    return a["kind"] == b["kind"] and a["kind"] not in set(_spec().get("separate_kinds") or ("series",))


def _undated_fits(dated: dict, undated: dict) -> bool:
    """An undated report of another article fits a dated one published in its window."""
    pub = _published(undated.get("published"))
    span = _bounds(dated)
    if pub is None or span is None:
        return False
    days = _dt.timedelta(days=int(_spec().get("undated_window_days", 45)))
    if undated.get("status") == "held":
        return pub - days <= span[1] and span[0] <= pub
    return span[1] >= pub - _dt.timedelta(days=1) and span[0] <= pub + 8 * days


def _same_dates(a: dict, b: dict) -> bool:
    """Dates that can be one event's: overlapping intervals ("в октябре 2025 года", "20 октября"); one undated
    in the same article; else an undated report of a recent or coming event (:func:`_undated_fits`)."""
    x, y = _bounds(a), _bounds(b)
    if x and y:
        return x[0] <= y[1] and y[0] <= x[1]
    if a["doc_id"] == b["doc_id"]:
        return True
    if x or y:
        return _undated_fits(a, b) if x else _undated_fits(b, a)
    pa, pb = _published(a.get("published")), _published(b.get("published"))
    days = int(_spec().get("undated_window_days", 45))
    return pa is not None and pb is not None and abs((pa - pb).days) <= days


def same_place(p, q) -> bool:
    """Equal, one unknown, or one the country of the other.

    >>> same_place("Astana", "Kazakhstan"), same_place("Baku", "Astana"), same_place(None, "Baku")
    (True, False, True)
    """
    if not p or not q or p == q:
        return True
    c = _country_of()
    return c.get(p) == q or c.get(q) == p


def _same_place(a: dict, b: dict) -> bool:
    return same_place(a.get("place"), b.get("place"))


def _same_participants(a: dict, b: dict) -> bool:
    x, y = set(a.get("actors") or ()), set(b.get("actors") or ())
    return not x or not y or bool(x & y)


def _not_two_clauses(a: dict, b: dict) -> bool:
    """In one article, two reports differ only when both their places and their people do ("Токаев посетил
    Баку, Алиев посетил Астану"); in two articles, places and people must both be compatible, and a report
    without a date needs a named participant in common (else any undated "встреча" would merge)."""
    if a["sentence_id"] == b["sentence_id"]:
        return False  # two rows of one sentence are two events: the dating rules decided so
    if a["doc_id"] == b["doc_id"]:
        return _same_place(a, b) or _same_participants(a, b)
    x, y = _bounds(a), _bounds(b)
    if x and y and x == y and x[0] == x[1] and _same_place(a, b):
        return True  # the same day, the same place: one event, whoever each report names
    if not (_same_place(a, b) and _same_participants(a, b)):
        return False
    if x and y:
        return True
    return bool(set(a.get("actors") or ()) & set(b.get("actors") or ()))


def _same_status(a: dict, b: dict) -> bool:
    """A proposal ("предложил провести форум") is never the event held or planned; one article does not
    report the same event both held and planned (two articles may: "пройдет" before, "прошел" after)."""
    if (a.get("status") == "proposed") != (b.get("status") == "proposed"):
        return False
    return a["doc_id"] != b["doc_id"] or a.get("status") == b.get("status")


def _same_action(a: dict, b: dict) -> bool:
    """For the kinds of ``merge.same_action_kinds`` (project milestones), the same step: building is not
    laying a cable, nor setting up a company ("будет проложен кабель", "учредили проектное предприятие"
    are two). The cue words are compared by lemma."""
    if a["kind"] not in set(_spec().get("same_action_kinds") or ()):
        return True
    return _trigger_lemma(a.get("trigger")) == _trigger_lemma(b.get("trigger"))


@lru_cache(maxsize=4096)
def _trigger_lemma(word) -> str:
    lemmas = lemmatize(str(word or ""))
    return lemmas[0] if lemmas else ""


#: When two reports are of one event: all of these agree.
MERGE_RULES = (_same_kind, _same_action, _same_status, _same_dates, _not_two_clauses)


def same_event(a: dict, b: dict) -> bool:
    """Are reports *a* and *b* (timeline rows as dicts) of one event? (:data:`MERGE_RULES`)"""
    return all(rule(a, b) for rule in MERGE_RULES)


def _specific(place) -> int:
    """0 for a city or port, 1 for a country, 2 for none: the most specific place names the event."""
    if not place:
        return 2
    return 0 if place in _country_of() else 1


def summary(group: list[dict]) -> dict:
    """The event's fields from its reports (see the module docstring)."""
    best = min(group, key=lambda r: (_RANK.get(r.get("date_precision") or "", 9), group.index(r)))
    place = min((r.get("place") for r in group), key=lambda p: (_specific(p), p or ""))
    actors = tuple(dict.fromkeys(a for r in group for a in (r.get("actors") or ())))
    statuses = [r.get("status") for r in group]
    status = "held" if "held" in statuses else best.get("status")
    return {"best": best, "place": place, "actors": actors, "status": status}


def _fits(reports: list[dict], ev: list[int], r: dict) -> bool:
    """Can report *r* join event *ev*? It must fit every report of the event in its own article, when the
    event has some there (the article says which of its mentions are one event); else be of one event with
    one report of it and of a compatible place and status with all."""
    own = [j for j in ev if reports[j]["doc_id"] == r["doc_id"]]
    if own:
        return all(same_event(reports[j], r) for j in own)
    return all(_same_place(reports[j], r) and _same_status(reports[j], r) for j in ev) and any(
        same_event(reports[j], r) for j in ev)


def _signature(r: dict) -> tuple:
    """What :func:`same_event` reads of a report when the other report is of another article: two reports of
    one signature agree, or not, with every report of other articles alike."""
    return (r["kind"], r.get("trigger"), r.get("status"), r.get("date"), r.get("date_end"), r.get("published"),
            r.get("place"), frozenset(r.get("actors") or ()))


class _Reach:
    """What an event's reports can meet, for :func:`cluster` to pass over the events a report cannot join
    without comparing it with each of their reports: the articles they are in (with their reports), the hull
    of their dates and the hull of the publication dates of the undated ones; and, for :func:`_fits_event`,
    their distinct places, statuses and signatures (:func:`_signature`), so that a report of another article
    is compared with one report of each kind the event holds, not with each of its reports (an event of a large
    corpus has thousands)."""

    __slots__ = ("docs", "dated", "undated", "places", "statuses", "signatures")

    def __init__(self) -> None:
        self.docs: dict = {}
        self.dated: tuple[_dt.date, _dt.date] | None = None
        self.undated: tuple[_dt.date, _dt.date] | None = None
        self.places: set = set()
        self.statuses: set = set()
        self.signatures: dict = {}

    def add(self, r: dict, k: int) -> None:
        self.docs.setdefault(r["doc_id"], []).append(k)
        self.places.add(r.get("place"))
        self.statuses.add(r.get("status"))
        self.signatures.setdefault(_signature(r), k)
        x = _bounds(r)
        if x is not None:
            self.dated = x if self.dated is None else (min(self.dated[0], x[0]), max(self.dated[1], x[1]))
            return
        pub = _published(r.get("published"))
        if pub is not None:
            self.undated = (pub, pub) if self.undated is None else (min(self.undated[0], pub), max(self.undated[1], pub))

    def may_meet(self, windows) -> bool:
        """Can a report of another article whose dates reach *windows* (:func:`_windows`) be of this event?"""
        return any(w is not None and h is not None and w[0] <= h[1] and h[0] <= w[1]
                   for w, h in zip(windows, (self.dated, self.undated)))


def _windows(r: dict) -> tuple:
    """(the dates a dated report of another article must overlap, the publication dates an undated one must
    have) for either to be of one event with *r* (:func:`_same_dates`, :func:`_undated_fits`): wide enough,
    never too narrow."""
    days = _dt.timedelta(days=int(_spec().get("undated_window_days", 45)))
    one = _dt.timedelta(days=1)
    x = _bounds(r)
    if x is not None:
        return x, (x[0] - 8 * days - one, x[1] + days + one)
    pub = _published(r.get("published"))
    if pub is None:
        return None, None
    return (pub - days - one, pub + 8 * days + one), (pub - days, pub + days)


def _fits_event(reports: list[dict], reach: _Reach, r: dict) -> bool:
    """:func:`_fits` for an event summed up by *reach*: the same answer, in time that grows with the kinds of
    report the event holds, not with its reports."""
    own = reach.docs.get(r["doc_id"])
    if own:
        return all(same_event(reports[j], r) for j in own)
    proposed = r.get("status") == "proposed"
    return (all(same_place(p, r.get("place")) for p in reach.places)
            and all((s == "proposed") == proposed for s in reach.statuses)
            and any(same_event(reports[j], r) for j in reach.signatures.values()))


def cluster(reports: list[dict]) -> list[list[int]]:
    """Indices of *reports* grouped into events: each report joins the first event it fits (:func:`_fits`).
    The most precisely dated reports come first (a day before a month, dated before undated): they anchor the
    events the vaguer reports join. Events are listed in order of their first report in *reports*.

    A report can only join an event of its own kind (:func:`same_event` needs it, so an event's reports all
    have its first report's kind), and one of another article only when their dates can meet
    (:class:`_Reach`): only those events are compared, in the order they were made, so the result is that of
    comparing it with every event — in time that grows with the events of its kind and dates, not with all."""
    events: list[list[int]] = []
    reach: list[_Reach] = []
    of_kind: dict[str, list[int]] = {}
    separate = set(_spec().get("separate_kinds") or ("series",))
    order = sorted(range(len(reports)), key=lambda k: (_RANK.get(reports[k].get("date_precision") or "", 9), k))
    for k in order:
        r = reports[k]
        home = None
        if r["kind"] not in separate:
            windows = _windows(r)
            home = next((n for n in of_kind.get(r["kind"], ())
                         if (r["doc_id"] in reach[n].docs or reach[n].may_meet(windows)) and _fits_event(reports, reach[n], r)),
                        None)
        if home is None:
            home = len(events)
            events.append([])
            reach.append(_Reach())
            of_kind.setdefault(r["kind"], []).append(home)
        events[home].append(k)
        reach[home].add(r, k)
    return sorted((sorted(ev) for ev in events), key=lambda ev: ev[0])


#: The kinds that may be part of a visit (sub-events).
SUB_KINDS = ("talks", "meeting", "agreement", "address")


def parents(reports: list[dict], events: list[list[int]]) -> dict[int, int]:
    """Event index → the index of the visit it is part of: a visit reported in the same article, whose
    dates and place can be the same as the sub-event's (the nearest report before it, else after)."""
    # the visits' reports by article: a sub-event's report is compared with those of its own article only
    visit_reports: dict = {}
    for v, ev in enumerate(events):
        if reports[ev[0]]["kind"] == "visit":
            for j in ev:
                visit_reports.setdefault(reports[j]["doc_id"], []).append((j, v))
    out = {}
    for n, ev in enumerate(events):
        if reports[ev[0]]["kind"] not in SUB_KINDS:
            continue
        cands = []
        for k in ev:
            b = reports[k]
            for j, v in visit_reports.get(b["doc_id"], ()):
                a = reports[j]
                if _part_of(a, b):
                    cands.append((str(b["sentence_id"]) < str(a["sentence_id"]), str(a["sentence_id"]), v))
        if cands:
            out[n] = min(cands)[2]
    return out


def _part_of(visit: dict, sub: dict) -> bool:
    """Can report *sub* be of something done during the visit *visit*? Both in one sentence ("В повестке
    визита - переговоры"), or the article is news of the visit (dated within ``merge.news_days`` of its
    publication) and the sub-event's date and place can be the visit's. A held sub-event is not part of a
    visit still planned."""
    if sub.get("status") == "held" and visit.get("status") != "held":
        return False
    if not (_same_dates(visit, sub) and _same_place(visit, sub)):
        return False
    if visit["sentence_id"] == sub["sentence_id"]:
        return True
    span, pub = _bounds(visit), _published(visit.get("published"))
    days = int(_spec().get("news_days", 3))
    return bool(span and pub and abs((pub - span[1]).days) <= days)


#: The date fields a sub-event takes from its visit (:func:`dates_from_parents`).
DATE_FIELDS = ("date", "date_end", "date_precision", "precision", "resolved", "date_basis", "time_text")


def dates_from_parents(reports: list[dict], events: list[list[int]], parent_of: dict[int, int]) -> dict[int, dict]:
    """Report index → the date fields (:data:`DATE_FIELDS`) it takes from the visit it is part of.

    A sub-event happens during its visit: when the article dates the visit and not the sub-event, or dates
    the sub-event only more coarsely in a way the visit's date agrees with, the sub-event takes the visit's
    date ("Токаев прибыл в Азербайджан" on 2024-03-11; "заявил на первом заседании Высшего совета", dated
    only by the publication's month → 2024-03-11). A sub-event still planned during a visit already under
    way ("главы государств примут участие в бизнес-форуме") is not dated by the visit's start. The visit's
    most precise report of the same status in the sub-event's own
    article gives the date (``date_basis='parent'``); another article's never does."""
    out = {}
    for n, p in parent_of.items():
        for k in events[n]:
            sub = reports[k]
            dated = [reports[j] for j in events[p] if reports[j]["doc_id"] == sub["doc_id"] and _bounds(reports[j])
                     and reports[j].get("date_precision") in _RANK and reports[j].get("status") == sub.get("status")]
            if not dated:
                continue
            visit = min(dated, key=lambda r: _RANK[r["date_precision"]])
            own, theirs = _bounds(sub), _bounds(visit)
            if own is None or (own[0] <= theirs[0] and theirs[1] <= own[1] and own != theirs):
                out[k] = {f: visit.get(f) for f in DATE_FIELDS} | {"date_basis": "parent"}
    return out


def merge(reports: pd.DataFrame) -> tuple[list[list[int]], dict[int, int], list[dict]]:
    """(events as lists of row positions, their parents, each event's summary) of a reports table."""
    rows = reports.to_dict("records")
    events = cluster(rows)
    return events, parents(rows, events), [summary([rows[k] for k in ev]) for ev in events]
