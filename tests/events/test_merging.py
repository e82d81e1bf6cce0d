"""One event, many reports (analysis/events/merging.py): when two reports are of one event, and which visit
a sub-event belongs to. Reports are timeline rows as dicts; only the fields the rules read are given."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.events import merging as mg


def report(doc="a", sid="a-s001", kind="visit", status="held", date=None, date_end=None, precision=None,
           place=None, actors=(), published="2025-10-21") -> dict:
    return {"doc_id": doc, "sentence_id": sid, "kind": kind, "status": status, "date": date,
            "date_end": date_end or date, "date_precision": precision, "place": place, "actors": tuple(actors),
            "published": published}


ALIYEV_DAY = report(date="2025-10-20", precision="day", place="Kazakhstan", actors=["Ilham Aliyev"])


@pytest.mark.parametrize("other, same", [
    # "в октябре 2025 года" and "накануне" (20 October) in two articles: one visit
    (report(doc="b", sid="b-s003", date="2025-10", precision="month", place="Kazakhstan", actors=["Ilham Aliyev"],
            published="2025-12-15"), True),
    # the same day and place, whoever each report names (the host in one, the guest in the other)
    (report(doc="c", sid="c-s003", date="2025-10-20", precision="day", place="Astana",
            actors=["Kassym-Jomart Tokayev"]), True),
    # another year: another visit
    (report(doc="b", sid="b-s001", date="2024", precision="year", place="Kazakhstan", actors=["Ilham Aliyev"]), False),
    # another kind
    (report(doc="b", sid="b-s001", kind="talks", date="2025-10-20", precision="day", place="Kazakhstan"), False),
    # an undated report of a held visit, in an article two days later, naming the same guest
    (report(doc="d", sid="d-s005", place="Kazakhstan", actors=["Ilham Aliyev"], published="2025-10-22"), True),
    # … but not a year later, nor without a name in common
    (report(doc="d", sid="d-s005", place="Kazakhstan", actors=["Ilham Aliyev"], published="2026-10-22"), False),
    (report(doc="d", sid="d-s005", place="Kazakhstan", published="2025-10-22"), False),
])
def test_reports_of_one_event_across_articles(other, same):
    assert mg.same_event(ALIYEV_DAY, other) is same


def test_two_clauses_of_one_sentence_are_two_events():
    # "Токаев посетил Баку, Алиев посетил Астану"
    baku = report(date="2024", precision="year", place="Baku", actors=["Kassym-Jomart Tokayev"])
    astana = report(date="2024", precision="year", place="Astana", actors=["Ilham Aliyev"])
    assert not mg.same_event(baku, astana)
    # in two sentences of one article, places AND people must differ to keep them apart
    later = report(sid="a-s004", place="Astana")
    assert mg.same_event(astana, later) and not mg.same_event(baku, {**later, "actors": ("Ilham Aliyev",)})


def test_a_proposal_is_never_the_event_held_and_an_article_does_not_mix_held_and_planned():
    held = report(kind="meeting", date="2026", precision="year")
    assert not mg.same_event(held, {**held, "sid": "a-s002", "sentence_id": "a-s002", "status": "proposed"})
    assert not mg.same_event(held, {**held, "sentence_id": "a-s002", "status": "planned"})
    assert mg.same_event(held, {**held, "doc_id": "b", "sentence_id": "b-s002", "status": "planned"})


def test_shipments_and_series_never_merge():
    train = report(kind="shipment", date="2025-11-04", precision="day", place="Baku")
    assert not mg.same_event(train, {**train, "sentence_id": "a-s002"})
    assert not mg.same_event({**train, "kind": "series"}, {**train, "kind": "series", "sentence_id": "a-s002"})


def test_same_place_by_country():
    assert mg.same_place("Astana", "Kazakhstan") and mg.same_place(None, "Baku")
    assert not mg.same_place("Baku", "Astana") and not mg.same_place("Gabala", "Kazakhstan")


def test_cluster_anchors_on_the_most_precise_report():
    rows = [report(doc="b", sid="b-s003", date="2025-10", precision="month", place="Kazakhstan",
                   actors=["Ilham Aliyev"], published="2025-12-15"),
            report(doc="c", sid="c-s001", date="2025-10-20", precision="day", place="Kazakhstan",
                   actors=["Kassym-Jomart Tokayev"]),
            ALIYEV_DAY]
    # the month report alone would not take the host's report; the day reports join first, then the month
    assert mg.cluster(rows) == [[0, 1, 2]]
    events, parents, summaries = mg.merge(pd.DataFrame(rows))
    assert parents == {} and summaries[0]["best"]["date"] == "2025-10-20" and summaries[0]["status"] == "held"


def test_sub_events_belong_to_the_visit_of_their_article():
    visit = report(sid="a-s001", date="2025-10-20", precision="day", place="Kazakhstan", actors=["Ilham Aliyev"])
    session = report(sid="a-s002", kind="meeting", status="planned")           # "примут участие в заседании"
    talks = report(sid="a-s001", kind="talks")                                 # "В повестке визита - переговоры"
    old_forum = report(doc="z", sid="z-s002", kind="meeting", published="2025-12-15")  # another article
    rows = [visit, session, talks, old_forum]
    events = mg.cluster(rows)
    parents = mg.parents(rows, events)
    of = {events[n][0]: events[p][0] for n, p in parents.items()}
    assert of == {1: 0, 2: 0}
    # a held sub-event is not part of a visit still planned
    assert not mg._part_of({**visit, "status": "planned"}, {**talks, "status": "held"})


def test_a_sub_event_takes_the_date_of_its_visit():
    # "Токаев прибыл в Азербайджан" (the lead, 2024-03-11); "заявил на первом заседании Высшего совета" (the
    # publication's month); "Переговоры …" (undated); a planned business forum; another article's visit
    visit = report(sid="a-s001", date="2024-03-11", precision="day", place="Azerbaijan", published="2024-03-11")
    session = report(sid="a-s004", kind="meeting", date="2024-03", precision="month", published="2024-03-11")
    talks = report(sid="a-s009", kind="talks", published="2024-03-11")
    forum = report(sid="a-s010", kind="meeting", status="planned", published="2024-03-11")
    rows = [visit, session, talks, forum]
    events = mg.cluster(rows)
    got = mg.dates_from_parents(rows, events, mg.parents(rows, events))
    assert {k: (v["date"], v["date_precision"], v["date_basis"]) for k, v in got.items()} == {
        1: ("2024-03-11", "day", "parent"), 2: ("2024-03-11", "day", "parent")}
    # a sub-event dated by its own text in another month keeps its date (the visit's cannot be it)
    other = report(sid="a-s004", kind="meeting", date="2024-02", precision="month", published="2024-03-11")
    rows = [visit, other]
    events = mg.cluster(rows)
    assert mg.dates_from_parents(rows, events, {1: 0}) == {}


def _cluster_by_comparing_every_event(reports: list[dict]) -> list[list[int]]:
    """The grouping :func:`mg.cluster` must give: each report, most precise first, tried against every event."""
    events: list[list[int]] = []
    order = sorted(range(len(reports)), key=lambda k: (mg._RANK.get(reports[k].get("date_precision") or "", 9), k))
    for k in order:
        home = next((ev for ev in events if mg._fits(reports, ev, reports[k])), None)
        if home is None:
            events.append([k])
        else:
            home.append(k)
    return sorted((sorted(ev) for ev in events), key=lambda ev: ev[0])


def test_cluster_compares_only_the_events_a_report_can_join_and_groups_as_comparing_them_all():
    import random
    rng = random.Random(7)
    dates = [(None, None), ("2025-10", "month"), ("2025-10-20", "day"), ("2025-10-21", "day"), ("2025", "year"),
             ("2024-03-11", "day"), ("2025-12", "month")]
    for _ in range(20):
        reports = []
        for n in range(60):
            date, precision = rng.choice(dates)
            doc = rng.choice("abcdefgh")
            reports.append(report(doc=doc, sid=f"{doc}-s{n:03d}", kind=rng.choice(["visit", "talks", "shipment", "forum"]),
                                  status=rng.choice(["held", "held", "planned", "proposed"]), date=date,
                                  precision=precision, place=rng.choice([None, "Baku", "Astana", "Kazakhstan"]),
                                  actors=rng.choice([(), ("Ilham Aliyev",), ("Kassym-Jomart Tokayev",)]),
                                  published=rng.choice([None, "2025-10-21", "2025-11-30", "2024-03-12", "2026-01-05"])))
        assert mg.cluster(reports) == _cluster_by_comparing_every_event(reports)


def test_a_report_is_compared_with_each_kind_of_report_an_event_holds_not_with_each_report(monkeypatch):
    # 300 articles report one visit alike: joining it must not cost a comparison with every report before
    reports = [report(doc=f"d{n:03d}", sid=f"d{n:03d}-s001", kind="visit", status="held", date="2025-10-20",
                      precision="day", place="Baku", actors=("Ilham Aliyev",), published="2025-10-21")
               for n in range(300)]
    calls = {"n": 0}
    real_place, real_event = mg.same_place, mg.same_event

    def counted_place(p, q):
        calls["n"] += 1
        return real_place(p, q)

    def counted_event(a, b):
        calls["n"] += 1
        return real_event(a, b)

    monkeypatch.setattr(mg, "same_place", counted_place)
    monkeypatch.setattr(mg, "same_event", counted_event)
    assert mg.cluster(reports) == [list(range(300))]
    assert calls["n"] < 5 * len(reports)  # comparing with every report would take some 45,000


def _parents_by_comparing_every_visit(reports: list[dict], events: list[list[int]]) -> dict[int, int]:
    """What :func:`mg.parents` must give: every sub-event's report against every visit's report."""
    visits = [n for n, ev in enumerate(events) if reports[ev[0]]["kind"] == "visit"]
    out = {}
    for n, ev in enumerate(events):
        if reports[ev[0]]["kind"] not in mg.SUB_KINDS:
            continue
        cands = [(str(reports[k]["sentence_id"]) < str(reports[j]["sentence_id"]), str(reports[j]["sentence_id"]), v)
                 for v in visits for j in events[v] for k in ev
                 if reports[j]["doc_id"] == reports[k]["doc_id"] and mg._part_of(reports[j], reports[k])]
        if cands:
            out[n] = min(cands)[2]
    return out


def test_parents_compare_a_sub_event_with_the_visits_of_its_own_articles_only_and_find_the_same():
    import random
    rng = random.Random(3)
    for _ in range(20):
        reports = []
        for n in range(80):
            doc = rng.choice("abcdef")
            reports.append(report(doc=doc, sid=f"{doc}-s{n:03d}", kind=rng.choice(["visit", "talks", "meeting", "forum"]),
                                  date=rng.choice([None, "2025-10-20", "2025-10-21"]), precision="day",
                                  place=rng.choice([None, "Baku", "Astana"]),
                                  actors=rng.choice([(), ("Ilham Aliyev",)])))
        events = mg.cluster(reports)
        assert mg.parents(reports, events) == _parents_by_comparing_every_visit(reports, events)
