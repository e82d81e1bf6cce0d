"""The timeline measured on the development set (analysis/events/scoring.py, bench/events.py), the
reading rules of issue 13 on small sentences, and the seeds' events that issue 13 lists, table-driven."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis.events.cues import _token_lemmas
from analysis.events.reading import Cue, Dated, is_event, is_reference, kind_of, status
from analysis.events.scoring import KIND_MAP, STATUSES, evaluate_events, load_gold_events, watchlist_precision
from analysis.events.timeline import TIMELINE_COLUMNS, document_reports, event_reports, timeline
from analysis.nlp.lemmas import lemmatize
from analysis.paths import REPO_ROOT, load_yaml
from analysis.pipeline import load

DEVSET = REPO_ROOT / "tests" / "data" / "devset"
#: The hand-annotated sets whose events the schema check covers: the development set and the blind held-out set
#: (checked for form only, never scored by a test).
ANNOTATED = [DEVSET, REPO_ROOT / "tests" / "data" / "heldout"]
ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")

#: Floors: the scores when the last event-extraction change landed (a ratchet: raise them with each
#: improvement, never lower them). ``python bench/events.py`` prints the scores. The field accuracies are
#: shares of the MATCHED events: when recall grows, a share may fall while the number right grows — the
#: project-milestone kind (recall 0.53 → 0.76) took precision 0.92 → 0.90 and place, participants and
#: all-fields shares down a little while each count rose (places 31 → 42, participants 25 → 34, all 14 → 18).
#: The development set grew on 2026-12-07 by ten articles that had been a blind held-out set (dev_h01–h10,
#: 9 events the rules were never tuned on): recall 0.756 → 0.737, place 0.662 → 0.658 and all fields
#: 0.324 → 0.329 on the larger set — the floors follow the larger set, which is the harder and truer one.
#: It grew again the same day by the second blind set (dev_h11–h22, 30 events, blind recall 0.367): recall
#: 0.737 → 0.651, precision 0.890 → 0.866 on the 64 articles. Shipments of one batch or tanker, resumed exports
#: and a pipeline that "заработал" then took recall to 0.690 (84 → 89 matched) and precision to 0.873; the
#: shares of the matched fell a little while each count rose (date 78 → 82, place 54 → 56, participants 44 → 46).
#: Then 14 new articles (dev_i01–dev_i14, 29 events) joined; read as they came they gave 16 of 29 events at
#: precision 0.52 (single trains told verb by verb, visitors counted). Visitors counted are no visit, a train
#: that "пройдет … и прибудет" is a shipment, "доставить"/"отправиться" are no shipment cues: on the 78
#: articles precision 0.844, recall 0.652.
#: ("отправиться" came back as a shipment cue when what only may happen — "грузы могут отправиться дальше"
#: — stopped being an event: precision 0.849, recall 0.677.)
#: Then the third blind set (dev_h23–dev_h36, 26 events, blind recall 7/26) and 14 new articles (dev_j01–dev_j14,
#: 34 events, read as they came: 18 of 34 at precision 0.75) joined: precision 0.820, recall 0.606 on 106 articles.
#: Ships that sail, services begun, terminals opened, working trips, seminars and declarations adopted: 138 of
#: 218 at precision 0.826 (the matched events' shares of date, participants and all fields fell a little as six
#: more, with fewer of those fields written, were matched: date 115 → 119).
#: (What would happen — "позволило бы" — is no event: precision 0.831.)
#: Then the fourth blind set (dev_h37–dev_h50, 30 events, blind recall 13/30) and 14 new articles (dev_k01–dev_k14,
#: 21 events, read as they came: 7 of 21 at precision 0.50) joined: 158 of 269 at precision 0.790 on 134 articles;
#: that session worked on the figures, not the events, and left these numbers as they were.
#: Then the fifth blind set joined as dev_h51–dev_h64 (41 events, blind recall 23/41 at precision 0.821): 181 of 310
#: at precision 0.794 on 148 articles; kind 0.953, status 0.956, date 0.851, place 0.575, participants 0.470.
#: The sixth blind set joined as dev_h65–dev_h78 on 2026-12-08 (32 events, blind recall 13/32 at precision 0.591):
#: 194 of 342 at precision 0.776 on 162 articles; kind 0.946, status 0.959, date 0.861, place 0.557, participants
#: 0.469, all fields 0.253; the watchlist 113 of 122 (0.926).
FLOORS = {"precision": 0.775, "recall": 0.565, "recall_in_scope": 0.565, "kind": 0.945, "status": 0.95,
          "date": 0.86, "place": 0.555, "participants": 0.46, "all_fields": 0.25}
#: The watchlist's precision on the development set (a row is right when its sentence holds a planned or
#: proposed event or a target or forecast figure of the annotation; derived rows left out).
WATCHLIST_FLOOR = 0.925  # 113 of 122 on the 162 articles (0.926)


# ------------------------------------------------------------------------------ the annotations


def _annotations(folder=DEVSET):
    return [(p, load_yaml(p.read_text(encoding="utf-8"))) for p in sorted((folder / "annotations").glob("*.yml"))]


@pytest.mark.parametrize("folder", ANNOTATED, ids=[f.name for f in ANNOTATED])
def test_every_annotated_event_is_well_formed(folder):
    for path, ann in _annotations(folder):
        text = (folder / "corpus" / f"{path.stem}.txt").read_text(encoding="utf-8")
        assert isinstance(ann.get("events"), list), f"{path.name}: no events list (write `events: []`)"
        for e in ann["events"]:
            where = f"{path.name}: {e.get('text')!r}"
            assert set(e) == {"text", "kind", "status", "date", "place", "participants"}, where
            assert isinstance(e["text"], str) and e["text"].strip() and e["text"] in text, where
            assert e["kind"] in KIND_MAP and e["status"] in STATUSES, where
            assert e["date"] is None or ISO.match(str(e["date"])), where
            assert e["place"] is None or (isinstance(e["place"], str) and e["place"]), where
            assert isinstance(e["participants"], list) and all(isinstance(x, str) and x for x in e["participants"]), where


@pytest.fixture(scope="module")
def devset():
    corpus = load(DEVSET / "corpus", use_cache=False)
    scored = document_reports(event_reports(corpus.sentences, corpus.documents, corpus.entities))
    return corpus, evaluate_events(scored, corpus.documents, corpus.sentences, DEVSET)


def test_every_gold_trigger_lies_in_one_sentence(devset):
    corpus, _ = devset
    gold = load_gold_events(DEVSET, corpus.documents, corpus.sentences)
    assert len(gold) >= 80
    assert gold["sentence_id"].notna().all(), gold[gold["sentence_id"].isna()][["doc_id", "text"]]


def test_event_scores_never_fall_below_the_floors(devset):
    _, (scores, _pairs, _aligned) = devset
    got = scores.as_dict()
    low = {k: (round(v, 3), FLOORS[k]) for k, v in got.items() if v < FLOORS[k]}
    assert not low, f"below the floor (score, floor): {low}\n{scores.report()}"


def test_watchlist_precision_never_falls_below_its_floor(devset):
    corpus, _ = devset
    right, listed, rows = watchlist_precision(corpus.watchlist, corpus.documents, corpus.sentences, DEVSET)
    assert listed >= 20 and right / listed >= WATCHLIST_FLOOR, rows[~rows["right"]][["doc_id", "item"]]


def test_alignment_is_one_to_one(devset):
    _, (_scores, pairs, aligned) = devset
    rows = [int(r) for r in aligned["row"].dropna()]
    assert len(rows) == len(set(rows)) == len(pairs)


# ------------------------------------------------------------------------------ the reading rules


def _cue(sentence: str, word: str, kind: str = "talks") -> Cue:
    lems = list(lemmatize(sentence))
    toks, lems = _token_lemmas(sentence, lems)
    i = next(k for k, t in enumerate(toks) if t[2] == word)
    return Cue(kind, sentence, toks, lems, i)


@pytest.mark.parametrize("sentence, word, kind, expected", [
    ("Это далеко не первая встреча лидеров в этом году.", "встреча", "talks", False),
    ("Стороны не подписали соглашение в 2024 году.", "подписали", "agreement", False),
    ("Президент Казахстана принял участие в заседании.", "принял", "talks", False),
    ("Было отправлено в общей сложности 1,5 млн тонн казахстанской нефти.", "отправлено", "shipment", False),
    ("Президент Касым-Жомарт Токаев принял председателя правления компании.", "принял", "talks", True),
    ("Первая встреча лидеров прошла в Баку в 2024 году.", "встреча", "talks", True),
    ("В 2024 году стороны подписали соглашение.", "подписали", "agreement", True),
])
def test_negated_generic_and_anniversary_mentions_are_no_event(sentence, word, kind, expected):
    assert is_event(_cue(sentence, word, kind)) is expected


@pytest.mark.parametrize("sentence, word, expected", [
    # an anniversary names the original event (an event, never dated by the anniversary's date)
    ("В мае отметили 20-летие подписания договора о партнерстве.", "подписания", True),
    ("С момента подписания соглашения прокачано 3,4 млн тонн нефти.", "подписания", True),
    ("В 2024 году стороны подписали соглашение.", "подписали", False),
])
def test_anniversaries_refer_to_the_original_event(sentence, word, expected):
    c = _cue(sentence, word, "agreement")
    assert is_event(c) and is_reference(c) is expected


@pytest.mark.parametrize("sentence, word, expected", [
    ("Рустамов напомнил, что первый контейнерный поезд из порта Сиань в Китае прибыл в Баку за 11 дней.", "прибыл", "shipment"),
    ("Сегодня утром этот товарный состав прибыл на сортировочную станцию Баладжары.", "прибыл", "shipment"),
    ("Президент Азербайджана Ильхам Алиев накануне прибыл с государственным визитом в Казахстан.", "прибыл", "visit"),
])
def test_a_cargo_that_arrives_is_a_shipment(sentence, word, expected):
    assert kind_of(_cue(sentence, word, "visit")) == expected


@pytest.mark.parametrize("sentence, word, kind, published, expected", [
    ("Фарид Шафиев предложил провести в 2026 году форум аналитических центров.", "форум", "meeting", "2025-12-15", "proposed"),
    ("В этом месяце планируется проведение очередного заседания комиссии.", "заседания", "meeting", "2025-10-01", "planned"),
    ("Главы государств также примут участие в заседании Высшего межгосударственного совета.", "заседании", "meeting", None, "planned"),
    ("Форум пройдет в Баку в ноябре.", "Форум", "meeting", None, "planned"),
    ("Запуск совместного производства запланирован на лето 2026 года.", "Запуск", "launch", "2025-10-21", "planned"),
    ("Форум прошел в Баку в ноябре.", "Форум", "meeting", None, "held"),
    ("Президент Казахстана посетил Баку.", "посетил", "visit", "2025-10-21", "held"),
])
def test_status_of_an_event(sentence, word, kind, published, expected):
    assert status(Dated(_cue(sentence, word, kind), None, published)) == expected


def frames(doc_id: str, published: str | None, sentence: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One document of one sentence, as the timeline reads it (contract columns, lemmas)."""
    docs = pd.DataFrame([{"doc_id": doc_id, "published": published, "outlet": None, "text": sentence}])
    sents = pd.DataFrame([{"doc_id": doc_id, "sentence_id": f"{doc_id}-s001", "paragraph": 0, "start": 0,
                           "end": len(sentence), "text": sentence, "lemmas": lemmatize(sentence)}])
    return docs, sents


def test_outlets_and_reporters_are_never_participants():
    talks = ("Как передает Report, Ильхам Алиев и Касым-Жомарт Токаев сегодня провели переговоры в Астане "
             "в беседе с корреспондентом Trend.")
    docs, sents = frames("d", "2025-10-20", talks)
    found = [("Report", "ORG", "Report"), ("Ильхам Алиев", "PER", "Ilham Aliyev"),
             ("Касым-Жомарт Токаев", "PER", "Kassym-Jomart Tokayev"), ("Астане", "LOC", "Astana"), ("Trend", "ORG", "Trend")]
    ents = pd.DataFrame([{"doc_id": "d", "sentence_id": "d-s001", "start": talks.index(x), "end": talks.index(x) + len(x),
                          "text": x, "normal": x, "kind": k, "canonical": c, "source": "test"} for x, k, c in found])
    r = timeline(sents, docs, ents).iloc[0]
    assert (r["kind"], r["place"]) == ("talks", "Astana")
    assert set(r["actors"]) == {"Ilham Aliyev", "Kassym-Jomart Tokayev"}
    # with no person named, the organisations of the sentence are taken: never the outlets
    kept = ents[ents["kind"] != "PER"]
    r = timeline(sents, docs, kept).iloc[0]
    assert r["actors"] == ()


# ------------------------------------------------------------------------------ the seeds (issue 13)


@pytest.fixture(scope="module")
def seeds():
    corpus = load(REPO_ROOT / "seeds", use_cache=False)
    return corpus.timeline, corpus.watchlist


def _docs(row) -> set[str]:
    return {str(sid)[:3] for sid in row["reports"]}


def _is(row, want: dict) -> bool:
    """Does event *row* (a timeline row as a dict) have every field *want* names?"""
    checks = {
        "doc": lambda v: v in _docs(row),
        "kind": lambda v: row["kind"] == v,
        "status": lambda v: row["status"] == v,
        "date": lambda v: row["date_start"] == v,
        "place": lambda v: row["place"] in v,
        "with": lambda v: set(v) <= set(row["participants"] or ()),
        "what": lambda v: v in (row["what"] or ""),
        "trigger": lambda v: row["trigger"] == v,
    }
    return all(checks[k](v) for k, v in want.items())


#: The seed events issue 13 names: (what the test is about, the fields of the ONE event that must match).
SEED_EVENTS = [
    ("Tokayev visited Baku", {"doc": "003", "kind": "visit", "status": "held", "date": "2024", "place": ("Baku",),
                              "with": ("Kassym-Jomart Tokayev",)}),
    ("Aliyev visited Astana, a visit of its own", {"doc": "003", "kind": "visit", "status": "held", "date": "2024",
                                                   "place": ("Astana",), "with": ("Ilham Aliyev",)}),
    ("Tokayev's trip to Azerbaijan for the XII OTS summit", {
        "doc": "000", "kind": "visit", "status": "held", "date": None, "place": ("Azerbaijan",),
        "with": ("Kassym-Jomart Tokayev",)}),
    ("the October 2025 state visit, once, told by three articles", {
        "doc": "004", "kind": "visit", "status": "held", "date": "2025-10-20", "place": ("Astana", "Kazakhstan"),
        "with": ("Ilham Aliyev",)}),
    ("Shafiyev's proposed C6 think-tank forum", {
        "doc": "000", "kind": "meeting", "status": "proposed", "date": "2026", "what": "C6",
        "with": ("Farid Shafiyev",)}),
    ("the Supreme Interstate Council session of the state visit, told by two articles", {
        "doc": "004", "kind": "meeting", "trigger": "заседанию", "place": ("Astana",)}),
    ("the business forum of the state visit", {"doc": "004", "kind": "meeting", "status": "planned",
                                               "what": "Business forum"}),
    ("the COP29 agreement", {"doc": "003", "kind": "agreement", "status": "held",
                             "with": ("Azerbaijan", "Kazakhstan", "Uzbekistan")}),
    ("the 2025 State of the Nation address", {"doc": "003", "kind": "address", "status": "held", "date": "2025",
                                              "with": ("Kassym-Jomart Tokayev",)}),
    ("the talks of the state visit, today in Astana", {
        "doc": "002", "kind": "talks", "status": "held", "date": "2025-10-20", "place": ("Astana",),
        "with": ("Ilham Aliyev", "Kassym-Jomart Tokayev")}),
]


@pytest.mark.parametrize("about, want", SEED_EVENTS, ids=[a for a, _ in SEED_EVENTS])
def test_seed_events_of_issue_13(seeds, about, want):
    t, _ = seeds
    found = [r for r in t.to_dict("records") if _is(r, want)]
    assert len(found) == 1, (about, [(r["event_id"], r["kind"], r["date_start"], r["place"]) for r in found])


def test_the_state_visit_is_one_event_with_its_sub_events(seeds):
    t, _ = seeds
    rows = t.to_dict("records")
    visits = [r for r in rows if r["kind"] == "visit" and (r["date_start"] or "").startswith("2025-10")]
    assert len(visits) == 1 and {"000", "002", "004"} <= _docs(visits[0])
    # the two presidents, not the expert who commented on the visit nor his institute
    assert set(visits[0]["participants"]) == {"Ilham Aliyev", "Kassym-Jomart Tokayev"}
    visit = visits[0]["event_id"]
    subs = {r["trigger"] for r in rows if r["parent_event"] == visit}
    assert {"заседанию", "бизнес-форуме", "переговоры"} <= subs  # council session, business forum, talks


def test_no_phantom_talks_from_a_generic_mention(seeds):
    t, _ = seeds
    # "это далеко не первая встреча … в этом году" is no event: no 2025 talks but today's
    talks = t[t["kind"] == "talks"]
    assert list(talks["date_start"].dropna()) == ["2025-10-20"]
    assert not any("далеко не первая встреча" in q and tr == "встреча" for q, tr in zip(t["quote"], t["trigger"]))


def test_seed_watchlist_is_future_items_with_who_committed(seeds):
    t, w = seeds
    items = dict(zip(w["item"], w["date_to_check"]))
    assert items["Supreme Interstate Council session (Azerbaijan): next session due"] == "2026"
    assert items["Think-tank forum in the C6 format: proposed"] == "2026"
    forum = w[w["item"] == "Think-tank forum in the C6 format: proposed"].iloc[0]
    assert "Farid Shafiyev" in forum["committed_by"]
    published = dict(zip(t["doc_id"], t["published"]))
    for r in w.to_dict("records"):  # never a past item
        pub = r["published"] or published.get(r["doc_id"])
        assert r["date_to_check"] is None or pub is None or r["date_to_check"][:4] >= pub[:4], r["item"]


def test_seed_timeline_columns_and_no_outlet_participant(seeds):
    t, _ = seeds
    assert list(t.columns) == TIMELINE_COLUMNS
    assert TIMELINE_COLUMNS[:11] == ["event_id", "kind", "status", "date_start", "date_end", "precision", "place",
                                     "participants", "parent_event", "reports", "quote"]
    assert set(t["status"]) <= set(STATUSES)
    assert (t["planned"] == (t["status"] != "held")).all()
    assert set(t["precision"]) <= {"year", "month", "day", "period", "undated", "unresolved"}
    outlets = {"Report", "AZERTAC", "Day.Az", "Vestnik Kavkaza", "1news.az"}
    assert not any(set(a or ()) & outlets for a in t["participants"])
    assert t["event_id"].is_unique and set(t["parent_event"].dropna()) <= set(t["event_id"])
