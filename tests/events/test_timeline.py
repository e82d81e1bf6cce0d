"""Tests for analysis.timeline: dated events and the watchlist.

Input frames are built here per the contract columns (lemmas from razdel + pymorphy3 directly), so
these tests do not depend on analysis.nlp / analysis.claims; the integration tests at the end run
on the real seeds only when those modules are importable.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.claims.register import claims_register
from analysis.events.timeline import PRECISIONS, TIMELINE_COLUMNS, event_extent, event_reports, timeline
from analysis.events.watchlist import WATCHLIST_COLUMNS, watchlist
from analysis.ingest.reading import read_corpus
from analysis.nlp.entities import extract_entities
from analysis.nlp.lemmas import add_lemmas
from analysis.nlp.lemmas import lemmatize as lemmas
from analysis.nlp.sentences import split_sentences
from analysis.nlp.speakers import attribute_speakers
from analysis.nlp.tracks import tag_tracks

SEEDS = Path(__file__).resolve().parents[2] / "seeds"



def frames(docs: list[tuple[str, str | None, str | None, list[str]]], with_lemmas: bool = True,
           speakers: dict | None = None, tracks: dict | None = None):
    """(doc_id, published, outlet, [sentence, ...]) → documents, sentences (contract columns)."""
    d_rows, s_rows = [], []
    for doc_id, pub, outlet, sents in docs:
        text = " ".join(sents)
        d_rows.append({"doc_id": doc_id, "published": pub, "outlet": outlet, "text": text})
        pos = 0
        for n, s in enumerate(sents, 1):
            start = text.index(s, pos)
            pos = start + len(s)
            sid = f"{doc_id}-s{n:03d}"
            row = {"doc_id": doc_id, "sentence_id": sid, "paragraph": 0, "start": start, "end": pos, "text": s,
                   "speaker": (speakers or {}).get(sid), "tracks": (tracks or {}).get(sid, ("general",))}
            if with_lemmas:
                row["lemmas"] = lemmas(s)
            s_rows.append(row)
    return pd.DataFrame(d_rows), pd.DataFrame(s_rows)


def ents(sentences: pd.DataFrame, spec: dict[str, list[tuple[str, str, str]]]) -> pd.DataFrame:
    """Entities from {sentence_id: [(surface, kind, canonical)]}, offsets found in the sentence text."""
    rows = []
    texts = dict(zip(sentences["sentence_id"], sentences["text"]))
    for sid, items in spec.items():
        pos = 0
        for surface, kind, canonical in items:
            start = texts[sid].index(surface, pos)
            pos = start + len(surface)
            rows.append({"doc_id": sid.rsplit("-s", 1)[0], "sentence_id": sid, "start": start, "end": pos,
                         "text": surface, "normal": surface, "kind": kind, "canonical": canonical,
                         "source": "gazetteer"})
    return pd.DataFrame(rows)


TALKS = "Президент Азербайджана Ильхам Алиев и президент Казахстана Касым-Жомарт Токаев сегодня провели переговоры в Астане."
VISIT_000 = ("В ходе мероприятия эксперты высоко оценили итоги визита президента Казахстана Касым-Жомарта Токаева "
             "в Азербайджан для участия в XII Саммите Организации тюркских государств, а также государственного "
             "визита президента Азербайджана Ильхама Алиева в Казахстан, состоявшегося в октябре 2025 года.")
VISITS_001 = ("В этом контексте дипломат коснулся состоявшегося в октябре минувшего года визита Президента Казахстана "
              "Касым-Жомарта Токаева в Азербайджан и визита Президента Ильхама Алиева в Казахстан в апреле этого года.")
ARRIVAL = "Президент Азербайджана Ильхам Алиев накануне прибыл с государственным визитом в Казахстан."


def test_talks_today_in_astana():
    docs, sents = frames([("d1", "2025-10-20", "Vestnik Kavkaza", [TALKS, "Беседа прошла в формате один на один."])])
    e = ents(sents, {"d1-s001": [("Азербайджана", "LOC", "Azerbaijan"), ("Ильхам Алиев", "PER", "Ilham Aliyev"),
                                 ("Казахстана", "LOC", "Kazakhstan"),
                                 ("Касым-Жомарт Токаев", "PER", "Kassym-Jomart Tokayev"), ("Астане", "LOC", "Astana")]})
    t = timeline(sents, docs, e)
    assert list(t.columns) == TIMELINE_COLUMNS
    assert len(t) == 1
    r = t.iloc[0]
    assert (r["kind"], r["date"], r["date_precision"], r["resolved"], r["place"]) == (
        "talks", "2025-10-20", "day", True, "Astana")
    assert set(r["actors"]) == {"Ilham Aliyev", "Kassym-Jomart Tokayev"}
    assert r["time_text"] == "сегодня" and r["date_basis"] == "text"
    assert r["quote"] == TALKS and r["outlet"] == "Vestnik Kavkaza" and r["published"] == "2025-10-20"
    assert r["event_key"] == "talks|2025-10|Astana" and r["event_id"] == "d1-e001"


def test_month_precision_visit_attaches_to_the_right_visit():
    docs, sents = frames([("d0", "2025-12-15", "Report", ["Круглый стол прошел в Баку.", VISIT_000])])
    e = ents(sents, {"d0-s002": [("Казахстана", "LOC", "Kazakhstan"),
                                 ("Касым-Жомарта Токаева", "PER", "Kassym-Jomart Tokayev"),
                                 ("Азербайджан", "LOC", "Azerbaijan"),
                                 ("Организации тюркских государств", "ORG", "Organization of Turkic States"),
                                 ("Азербайджана", "LOC", "Azerbaijan"), ("Ильхама Алиева", "PER", "Ilham Aliyev"),
                                 ("Казахстан", "LOC", "Kazakhstan")]})
    t = timeline(sents, docs, e)
    visits = t[t["kind"] == "visit"]
    assert len(visits) == 2  # Aliyev's dated state visit, and Tokayev's summit trip: its own visit, undated
    r = visits.iloc[0]
    assert (r["date"], r["date_precision"], r["place"], r["actors"]) == ("2025-10", "month", "Kazakhstan",
                                                                         ("Ilham Aliyev",))
    trip = visits.iloc[1]
    assert (trip["date"], trip["precision"], trip["place"]) == (None, "undated", "Azerbaijan")
    assert "Kassym-Jomart Tokayev" in trip["participants"]
    # the lead sentence without a date is undated: the publication date is never silently the event's
    lead = t[t["sentence_id"] == "d0-s001"].iloc[0]
    assert (lead["kind"], lead["date"], lead["precision"], lead["date_basis"]) == ("meeting", None, "undated", "none")


def test_undated_document_events_are_shown_unresolved():
    docs, sents = frames([("d1", None, None, ["Состоялся круглый стол.", VISITS_001])])
    e = ents(sents, {"d1-s002": [("Казахстана", "LOC", "Kazakhstan"),
                                 ("Касым-Жомарта Токаева", "PER", "Kassym-Jomart Tokayev"),
                                 ("Азербайджан", "LOC", "Azerbaijan"), ("Ильхама Алиева", "PER", "Ilham Aliyev"),
                                 ("Казахстан", "LOC", "Kazakhstan")]})
    t = timeline(sents, docs, e)
    v = t[t["kind"] == "visit"].sort_values("time_text")
    assert list(v["time_text"]) == ["в апреле этого года", "в октябре минувшего года"]
    assert v["date"].isna().all() and v["date_precision"].isna().all() and not v["resolved"].any()
    assert all(d is None for d in v["date"])  # None, not NaN
    assert list(v["actors"]) == [("Ilham Aliyev",), ("Kassym-Jomart Tokayev",)]
    assert list(v["place"]) == ["Kazakhstan", "Azerbaijan"]
    assert set(v["event_key"]) == {"visit|undated|Kazakhstan", "visit|undated|Azerbaijan"}
    lead = t[t["sentence_id"] == "d1-s001"].iloc[0]
    assert lead["date"] is None and not lead["resolved"] and lead["date_basis"] == "none"
    assert set(v["precision"]) == {"unresolved"} and lead["precision"] == "undated"
    # unresolved rows sort after dated ones
    assert t["date"].iloc[-1] is None


def test_nakanune_and_event_key_groups_reports_of_one_visit():
    docs, sents = frames([("a", "2025-10-21", "1news.az", [ARRIVAL]),
                          ("b", "2025-12-15", "Report", ["Пресса пишет.", VISIT_000])])
    e = ents(sents, {"a-s001": [("Ильхам Алиев", "PER", "Ilham Aliyev"), ("Казахстан", "LOC", "Kazakhstan")],
                     "b-s002": [("Ильхама Алиева", "PER", "Ilham Aliyev"), ("Казахстан", "LOC", "Kazakhstan")]})
    t = timeline(sents, docs, e)
    v = t[t["kind"] == "visit"]
    assert len(v) == 1  # one visit, two reports: the most precise dates it
    r = v.iloc[0]
    assert (r["date_start"], r["precision"], r["n_reports"], set(r["reports"])) == ("2025-10-20", "day", 2, {"a-s001", "b-s002"})
    reports = event_reports(sents, docs, e)
    visits = reports[reports["kind"] == "visit"]
    assert sorted(visits["date"]) == ["2025-10", "2025-10-20"] and visits["event_id"].nunique() == 1
    assert visits["event_key"].nunique() == 1


def test_undated_events_are_emitted_and_vague_dates_make_no_event():
    docs, sents = frames([("d", "2025-09-12", "Day.Az", [
        "Отношения развиваются.",
        "Стороны провели переговоры.",
        "Посол коснулся важных документов, подписанных между двумя странами в последние годы.",
        "Товарооборот вырос втрое, чем годом ранее, отметил он на встрече.",
    ])])
    t = timeline(sents, docs)
    # the talks, told twice in the article: one event; "провели переговоры" alone is undated (not the
    # publication date), the meeting a statement was made at ("отметил он на встрече") is of the publication's
    # month; the documents "signed in recent years" are a generic mention; "годом ранее" dates nothing
    assert list(t["kind"]) == ["talks"] and set(t.iloc[0]["reports"]) == {"d-s002", "d-s004"}
    assert (t.iloc[0]["date_start"], t.iloc[0]["precision"]) == ("2025-09", "month")
    docs, sents = frames([("d", "2025-09-12", "Day.Az", ["Отношения развиваются.", "Стороны провели переговоры."])])
    assert (timeline(sents, docs).iloc[0]["date_start"], timeline(sents, docs).iloc[0]["precision"]) == (None, "undated")


def test_planned_event_and_launch_year():
    docs, sents = frames([("d", "2025-12-15", "Report", [
        "Эксперты обсудили сотрудничество.",
        "Фарид Шафиев предложил провести в 2026 году форум аналитических центров.",
        "Росту взаимодействия способствует и запуск инвестиционного фонда в 2024 году.",
    ])])
    t = timeline(sents, docs)
    got = {r["kind"]: (r["date"], r["planned"]) for r in t.to_dict("records")}
    assert got["meeting"] == ("2026", True)
    assert got["launch"] == ("2024", False)
    assert list(t["date"]) == ["2024", "2026"]


def test_a_sentence_repeated_in_documents_of_other_dates_is_dated_per_document():
    # tokens and time expressions are cached per text: one document's date must not leak into another
    docs, sents = frames([("a", "2025-10-20", None, [TALKS]), ("b", "2024-03-05", None, [TALKS]),
                          ("c", None, None, [TALKS])])
    t = timeline(sents, docs)
    assert list(zip(t["doc_id"], t["date"], t["resolved"])) == [
        ("b", "2024-03-05", True), ("a", "2025-10-20", True), ("c", None, False)]


def test_fallback_without_lemmas_column():
    docs, sents = frames([("d1", "2025-10-20", None, [TALKS])], with_lemmas=False)
    assert "lemmas" not in sents.columns
    t = timeline(sents, docs)
    assert list(t["kind"]) == ["talks"] and list(t["date"]) == ["2025-10-20"]


def test_gazetteer_fallback_for_place_and_actors():
    docs, sents = frames([("d1", "2025-10-20", None, [TALKS])])
    r = timeline(sents, docs).iloc[0]
    assert r["place"] == "Astana"
    assert len(r["actors"]) == 2


def test_empty_inputs():
    docs, sents = frames([("d", "2025-01-01", None, ["Ничего не произошло."])])
    assert list(timeline(sents, docs).columns) == TIMELINE_COLUMNS
    assert list(timeline(sents.iloc[0:0], docs).columns) == TIMELINE_COLUMNS
    assert list(watchlist(pd.DataFrame(columns=["claim_id"]), sents, docs).columns) == WATCHLIST_COLUMNS


# ------------------------------------------------------------------------------ spans and series

SERIES_004 = "За последние три года лидеры встречались более десяти раз - и это не просто дипломатия."
GABALA_002 = ("Стоит отметить, что это далеко не первая встреча Ильхама Алиева и Касым-Жомарта Токаева в этом году: "
              "только за последний месяц они встречались и в Габале, на саммит Организации тюркских государств, "
              "и в Душанбе, на саммите СНГ – то есть встречи на разных площадках довольно интенсивны.")
GABALA_ENTS = [("Ильхама Алиева", "PER", "Ilham Aliyev"), ("Касым-Жомарта Токаева", "PER", "Kassym-Jomart Tokayev"),
               ("Габале", "LOC", "Gabala"), ("Организации тюркских государств", "ORG", "Organization of Turkic States"),
               ("Душанбе", "LOC", "Dushanbe"), ("СНГ", "ORG", "CIS")]


@pytest.mark.parametrize("sentence, published, expected", [
    # a multi-meeting span is a series over the whole span, never a meeting at its start
    (SERIES_004, "2025-10-21", [("series", "2022-10", "2025-10", "period")]),
    ("За последний месяц министры неоднократно встречались в Баку.", "2025-10-20",
     [("series", "2025-09-20", "2025-10-20", "period")]),
    # a year is not a span, but "трижды" still makes it several meetings
    ("В прошлом году лидеры встречались трижды.", "2025-10-20", [("series", "2024", "2024", "year")]),
    # one event somewhere inside a span: its kind, the span as its date
    ("За первые восемь месяцев 2025 года в Баку прошел форум.", "2025-10-20",
     [("meeting", "2025-01", "2025-08", "period")]),
    ("За последний год министры встретились в Баку.", "2025-10-20", [("talks", "2024-10", "2025-10", "period")]),
    # "в три раза" is a multiplier, not a count of meetings
    ("В 2024 году на форуме в Баку товарооборот назвали выросшим в три раза.", "2025-10-20",
     [("meeting", "2024", "2024", "year")]),
    # a point stays a point
    ("В 2024 году состоялся визит президента в Баку.", "2025-10-20", [("visit", "2024", "2024", "year")]),
    # an undated document: the span cannot be placed at all
    (SERIES_004, None, [("series", None, None, None)]),
])
def test_spans_are_periods_and_repeated_events_are_series(sentence, published, expected):
    docs, sents = frames([("d", published, None, ["Вступление.", sentence])])
    t = timeline(sents, docs)
    got = [(r["kind"], r["date"], r["date_end"], r["date_precision"]) for r in t.to_dict("records")]
    assert got == expected
    assert set(t["date_precision"].dropna()) <= set(PRECISIONS)


def test_span_dates_each_enumerated_summit_and_the_umbrella_verb_makes_no_row():
    docs, sents = frames([("d", "2025-10-20", "Vestnik Kavkaza", ["Вступление.", GABALA_002])])
    t = timeline(sents, docs, ents(sents, {"d-s002": GABALA_ENTS}))
    got = [(r["kind"], r["date"], r["date_end"], r["date_precision"], r["place"], r["actors"])
           for r in t.to_dict("records")]
    both = ("Ilham Aliyev", "Kassym-Jomart Tokayev")
    assert got == [
        # "далеко не первая встреча ... в этом году" is a generic mention: no event (issue 13)
        # the two summits of the last month: each its own place and organisation, the span as date
        ("summit", "2025-09-20", "2025-10-20", "period", "Gabala", both + ("Organization of Turkic States",)),
        ("summit", "2025-09-20", "2025-10-20", "period", "Dushanbe", both + ("CIS",)),
    ]
    assert list(t["event_key"]) == ["summit|2025-09..2025-10|Gabala", "summit|2025-09..2025-10|Dushanbe"]


def test_event_extent_draws_spans_as_intervals():
    docs, sents = frames([("d", "2025-10-21", None, [ARRIVAL, SERIES_004, "В 2024 году состоялся визит в Баку."])])
    t = timeline(sents, docs)
    x = event_extent(t).set_index("event_id")
    by_kind = dict(zip(t["kind"], t["event_id"]))
    series = x.loc[by_kind["series"]]
    assert (series["start"], series["end"]) == (pd.Timestamp("2022-10-01"), pd.Timestamp("2025-10-31"))
    assert series["is_span"] and not series["is_point"]
    visits = x.loc[t.loc[t["kind"] == "visit", "event_id"]]
    assert list(visits["is_point"]) == [False, True]  # 2024 (a year) and "накануне" (a day)
    assert (visits.iloc[0]["start"], visits.iloc[0]["end"]) == (pd.Timestamp("2024-01-01"), pd.Timestamp("2024-12-31"))
    assert list(event_extent(t.iloc[0:0]).columns) == ["event_id", "start", "end", "is_span", "is_point"]


# ------------------------------------------------------------------------------------ watchlist

CLAIM_COLUMNS = ["claim_id", "doc_id", "sentence_id", "quote", "value", "unit", "qualifier", "period_start",
                 "period_end", "period_kind", "indicator", "track", "speaker", "outlet", "published"]


def claim(cid, doc, sid, quote, value, unit, qual, start, end, kind, ind, track="general", speaker=None,
          outlet=None, pub=None):
    return dict(zip(CLAIM_COLUMNS, [cid, doc, sid, quote, value, unit, qual, start, end, kind, ind, track,
                                    speaker, outlet, pub]))


FIBRE = ("Посол отметил важность таких проектов как Транскаспийский международный транспортный маршрут (ТМТМ), "
         "экспорт нефти, прокладка по дну Каспийского моря волоконно-оптической линии связи, "
         "завершение которой планируется в конце 2026 года.")
FORUM = "Фарид Шафиев предложил провести в 2026 году форум аналитических центров."
COMMISSION = "Посол сообщил, что в этом месяце планируется проведение очередного заседания комиссии в формате онлайн."
PORTS = "К 2028 году планируется увеличить пропускную способность портов на 50%."
TRADE = "Стороны ставят цель довести товарооборот до 1 млрд долларов."
WHEAT = "В 2025 году Казахстан впервые стал основным поставщиком пшеницы."


def _watch_inputs():
    docs, sents = frames([
        ("r", "2025-12-15", "Report", [FIBRE, FORUM, WHEAT]),
        ("u", None, None, [COMMISSION]),
        ("d", "2025-09-12", "Day.Az", ["Казахстан расширяет мощности портов Актау и Курык.", PORTS, TRADE]),
    ], speakers={"r-s001": "Alim Bayel", "r-s002": "Farid Shafiyev"},
        tracks={"r-s001": ("energy", "transport", "digital")})
    claims = pd.DataFrame([
        claim("d-c001", "d", "d-s002", "увеличить пропускную способность портов на 50%", 50.0, "%", "exact",
              "2028", "2028", "target", "port_capacity_growth", "transport", "Aigerim Zhampetova", "Day.Az",
              "2025-09-12"),
        claim("d-c002", "d", "d-s003", "довести товарооборот до 1 млрд долларов", 1e9, "USD", "up_to",
              None, None, "target", "trade_turnover", "general", None, "Day.Az", "2025-09-12"),
        claim("r-c001", "r", "r-s003", "впервые", 1.0, "count", "exact", "2025", "2025", "actual", "other"),
    ], columns=CLAIM_COLUMNS)
    return claims, sents, docs


def test_watchlist_contents_and_order():
    claims, sents, docs = _watch_inputs()
    w = watchlist(claims, sents, docs)
    assert list(w.columns) == WATCHLIST_COLUMNS
    rows = {r["sentence_id"]: r for r in w.to_dict("records")}
    # the Caspian fibre-optic line, a commitment without a figure
    fibre = rows["r-s001"]
    assert fibre["date_to_check"] == "2026-12" and fibre["source"] == "sentence" and fibre["claim_id"] is None
    # the gazetteer project nearest the commitment ("завершение"), not the Middle Corridor; no
    # endpoints: this document does not say where the line runs
    assert fibre["item"] == "Trans-Caspian fibre-optic line: completion" and fibre["stated_by"] == "Alim Bayel"
    assert fibre["track"] == "digital"  # not every track the sentence touches
    # the proposed forum in 2026
    forum = rows["r-s002"]
    assert forum["date_to_check"] == "2026" and forum["item"] == "Think-tank forum: proposed"
    assert forum["stated_by"] == "Farid Shafiyev"
    # an undated document's "в этом месяце планируется": kept, never dated
    com = rows["u-s001"]
    assert com["date_to_check"] is None and "undated" in com["note"]
    assert com["item"] == "Intergovernmental commission meeting (online): to be held"
    # claims: a dated target and a target without a date
    ports = rows["d-s002"]
    assert ports["claim_id"] == "d-c001" and ports["date_to_check"] == "2028" and ports["item"].endswith("+50 %")
    assert ports["stated_by"] == "Aigerim Zhampetova" and ports["track"] == "transport"
    trade = rows["d-s003"]
    assert trade["date_to_check"] is None and trade["note"] == "no date given" and "up to $1 bn" in trade["item"]
    assert trade["stated_by"] == "Day.Az"  # no speaker → the outlet
    # past facts are not watch items; the target sentence is not listed twice
    assert "r-s003" not in rows and (w["sentence_id"] == "d-s002").sum() == 1
    # sorted by date, None last
    assert list(w["date_to_check"]) == ["2026", "2026-12", "2028", None, None]


ENDPOINTS = ("«Еще один важный проект - подводный волоконно-оптический кабель по дну Каспийского моря, "
             "который соединит порты Актау и Алят.")


@pytest.mark.parametrize("sentence, extra, sentence_tracks, item, track", [
    # the committed project decides the track, not every track the sentence touches
    (FIBRE, [], ("energy", "transport", "digital"), "Trans-Caspian fibre-optic line: completion", "digital"),
    # the route's endpoints, when the same document states them
    (FIBRE, [ENDPOINTS], ("energy", "transport", "digital"),
     "Trans-Caspian fibre-optic line (Aktau–Alyat): completion", "digital"),
    ("Завершение строительства Среднего коридора планируется к 2027 году.", [], ("transport",),
     "Middle Corridor: completion", "transport"),
    ("Запуск высоковольтного кабеля по дну Каспия ожидается к 2029 году.", [], ("energy", "digital"),
     "Caspian green-energy cable: launch", "energy"),
    # no project: the object and its format; the sentence's tracks
    (FORUM.replace("аналитических центров", "аналитических центров формата С6"), [], ("general",),
     "Think-tank forum in the C6 format: proposed", "general"),
    # a code that is not all Latin look-alikes is left out, not guessed
    ("Фарид Шафиев предложил провести в 2026 году форум формата ЦА5.", [], ("general",),
     "Forum: proposed", "general"),
    ("Фарид Шафиев предложил провести в 2026 году форум в формате онлайн.", [], ("general",),
     "Forum (online): proposed", "general"),
    # a project far from the commitment cue is not what is committed
    ("Средний коридор важен, а также стороны предложили провести в 2026 году бизнес-форум в Баку по вопросам "
     "сельского хозяйства.", [], ("transport", "agriculture"), "Business forum: proposed",
     "transport; agriculture"),
])
def test_watchlist_item_and_track_of_what_is_committed(sentence, extra, sentence_tracks, item, track):
    docs, sents = frames([("r", "2025-12-15", "Report", [sentence] + extra)],
                         tracks={"r-s001": sentence_tracks})
    w = watchlist(pd.DataFrame(columns=CLAIM_COLUMNS), sents, docs)
    row = w[w["sentence_id"] == "r-s001"].iloc[0]
    assert (row["item"], row["track"]) == (item, track)


def test_endpoints_come_from_the_same_document_only():
    docs, sents = frames([("r", "2025-12-15", "Report", [FIBRE]), ("x", "2025-10-21", "1news.az", [ENDPOINTS])])
    w = watchlist(pd.DataFrame(columns=CLAIM_COLUMNS), sents, docs)
    assert list(w["item"]) == ["Trans-Caspian fibre-optic line: completion"]


@pytest.mark.parametrize("sentence, quote, claim_track, track", [
    # a project inside the claim's quote decides the track
    ("К 2030 году планируется довести прокачку по трубопроводу Баку-Тбилиси-Джейхан до 7 млн тонн.",
     "довести прокачку по трубопроводу Баку-Тбилиси-Джейхан до 7 млн тонн", "general", "energy"),
    # a project elsewhere in the sentence does not: the claim's (indicator) track
    ("Средний коридор развивается, а к 2030 году планируется довести товарооборот до 1 млрд долларов.",
     "довести товарооборот до 1 млрд долларов", "general", "general"),
    # no claim track: the sentence's tracks
    ("К 2030 году планируется довести товарооборот до 1 млрд долларов.",
     "довести товарооборот до 1 млрд долларов", None, "energy; transport"),
])
def test_watchlist_claim_track_precedence(sentence, quote, claim_track, track):
    docs, sents = frames([("d", "2025-09-12", "Day.Az", [sentence])], tracks={"d-s001": ("energy", "transport")})
    c = claim("d-c001", "d", "d-s001", quote, 7e6, "t", "exact", "2030", "2030", "target", "other", claim_track)
    w = watchlist(pd.DataFrame([c], columns=CLAIM_COLUMNS), sents, docs)
    assert list(w["track"]) == [track] and list(w["source"]) == ["claim"]


def test_watchlist_uses_the_entities_table_when_given():
    docs, sents = frames([("r", "2025-12-15", "Report", [FIBRE])], tracks={"r-s001": ("digital",)})
    # an entities table without the project: the line is not recognised as the project then
    e = ents(sents, {"r-s001": [("Каспийского моря", "LOC", "Caspian Sea")]})
    w = watchlist(pd.DataFrame(columns=CLAIM_COLUMNS), sents, docs, entities=e)
    assert list(w["item"]) == ["Fibre-optic line (Caspian): completion"]


# ------------------------------------------------------------------------ integration (real seeds)


def _pipeline():

    docs, _ = read_corpus(SEEDS)
    sents = attribute_speakers(add_lemmas(split_sentences(docs)))
    return docs, tag_tracks(sents)


@pytest.fixture(scope="module")
def seeds():
    docs, sents = _pipeline()
    return docs, sents, extract_entities(sents)


def _doc(docs, prefix):
    return docs.loc[docs["doc_id"].str.startswith(prefix), "doc_id"].iloc[0]


def test_seed_timeline(seeds):
    docs, sents, entities = seeds
    t = event_reports(sents, docs, entities)  # the reports: one row per sentence telling of an event
    d002, d004, d001, d000 = (_doc(docs, p) for p in ("002", "004", "001", "000"))
    today = t[(t["doc_id"] == d002) & (t["date"] == "2025-10-20") & (t["kind"] != "visit")]
    talks = today[today["date_basis"] == "text"]
    assert list(talks["kind"]) == ["talks"] and talks.iloc[0]["place"] == "Astana"
    # the council session the state visit is timed to ("приурочен к заседанию") is dated by the visit
    assert list(today.loc[today["date_basis"] == "parent", "kind"]) == ["meeting"]
    assert {"Ilham Aliyev", "Kassym-Jomart Tokayev"} <= set(talks.iloc[0]["actors"])
    arrival = t[(t["doc_id"] == d004) & (t["kind"] == "visit")]
    assert "2025-10-20" in set(arrival["date"])
    v000 = t[(t["doc_id"] == d000) & (t["kind"] == "visit") & t["date"].notna()]
    assert list(v000["date"]) == ["2025-10"] and list(v000["place"]) == ["Kazakhstan"]
    assert set(v000["event_key"]) & set(arrival["event_key"])  # same visit, two reports
    assert set(v000["event_id"]) == set(arrival["event_id"])  # merged into one event
    undated = t[t["doc_id"] == d001]
    assert len(undated) >= 3 and not undated["resolved"].any() and undated["date"].isna().all()
    assert "в октябре минувшего года" in set(undated["time_text"])
    # seed 004: "За последние три года лидеры встречались более десяти раз" is a series over the
    # whole span, not talks in 2022-10
    s004 = t[(t["doc_id"] == d004) & (t["time_text"] == "За последние три года")]
    assert [(r["kind"], r["date"], r["date_end"], r["date_precision"]) for r in s004.to_dict("records")] == [
        ("series", "2022-10", "2025-10", "period")]
    assert not ((t["date"] == "2022-10") & (t["date_precision"] != "period")).any()
    # seed 002: the Gabala and Dushanbe summits lie somewhere in the month before 2025-10-20
    month = t[(t["doc_id"] == d002) & (t["time_text"] == "за последний месяц")]
    assert [(r["kind"], r["place"], r["date"], r["date_end"], r["date_precision"]) for r in month.to_dict("records")] == [
        ("summit", "Gabala", "2025-09-20", "2025-10-20", "period"),
        ("summit", "Dushanbe", "2025-09-20", "2025-10-20", "period")]
    assert "Organization of Turkic States" in month.iloc[0]["actors"] and "CIS" in month.iloc[1]["actors"]
    # no span is ever given a point precision; every period has both ends, ISO, start <= end
    spans = t[t["time_text"].str.contains(r"(?i)^за\s", regex=True)]
    assert len(spans) == 3 and set(spans["date_precision"]) == {"period"}
    ext = event_extent(t).set_index("event_id")
    periods = ext.loc[t.loc[t["date_precision"] == "period", "event_id"]]
    assert periods["is_span"].all() and (periods["start"] < periods["end"]).all()
    assert ext.loc[s004["event_id"].iloc[0], "is_span"] and not ext.loc[s004["event_id"].iloc[0], "is_point"]


def test_seed_watchlist(seeds):
    docs, sents, _ = seeds

    claims = claims_register(sents, docs)
    w = watchlist(claims, sents, docs)
    got = [(r["item"], r["date_to_check"], r["track"]) for r in w.to_dict("records")]
    assert got[:5] == [
        ("Think-tank forum in the C6 format: proposed", "2026", "general"),
        # derived, not stated: the council meets yearly, hosts alternate; 2025 in Astana → 2026 in Azerbaijan
        ("Supreme Interstate Council session (Azerbaijan): next session due", "2026", "general"),
        # the fibre-optic line is digital only, though its sentence also names the Middle Corridor
        # and oil exports; seed 000 does not say where it runs (seed 004 does: not borrowed)
        ("Trans-Caspian fibre-optic line: completion", "2026-12", "digital"),
        ("Port capacity growth (Aktau, Kuryk): +50 %", "2028", "transport"),
        ("Intergovernmental commission meeting (online): to be held", None, "general"),
    ]
    assert ("Bilateral trade turnover: $1 bn", None, "general") in got[5:]
    assert (w["date_to_check"].isna() & (w["note"] == "no date given")).any()  # the $1 bn trade goal
    # the same with the entities table: the same items
    w2 = watchlist(claims, sents, docs, entities=seeds[2])
    assert list(w2["item"]) == list(w["item"]) and list(w2["track"]) == list(w["track"])


def test_project_milestones_are_events_only_when_they_happen():
    docs, sents = frames([("p", "2025-11-25", "Trend", [
        # a step done or planned, with the thing it is done to: events, each its own (not merged)
        "По дну Каспийского моря будет проложен кабель.",
        "Операторы трёх стран уже учредили проектное предприятие.",
        "До 2027 года Казахстан намерен закупить в Азербайджане два судна.",
        # a noun step made to happen by its verb; the opening of a pipeline is a launch
        "Завершение строительных работ по проекту планируется до конца 2026 года.",
        "Трубопровод был открыт 13 июля 2006 года.",
        # what a document provides for, a prospect, a word without the thing it is done to: none
        "Документ предусматривает прокладку высоковольтного кабеля.",
        "Мы видим перспективы в модернизации портовых терминалов.",
        "Соглашение открыло новые возможности.",
        "Стороны намерены строить отношения.",
    ])])
    t = timeline(sents, docs)
    got = sorted((r["kind"], r["status"], r["date_start"] or "") for r in t.to_dict("records"))
    assert got == [("launch", "held", "2006-07-13"), ("project", "held", ""), ("project", "planned", ""),
                   ("project", "planned", "2026"), ("project", "planned", "2027")]


def test_an_arrival_in_the_lead_is_the_days_news_and_other_past_leads_stay_undated():
    docs, sents = frames([
        ("a", "2024-03-11", "Kazinform", ["Президент Казахстана Касым-Жомарт Токаев прибыл в Азербайджан с официальным визитом.",
                                          "Ранее Токаев прибыл в Баку с визитом."]),
        ("b", "2025-12-15", "Report", ["В посольстве Казахстана в Баку состоялся круглый стол."]),
    ])
    t = timeline(sents, docs).set_index("doc_id")
    lead = t[t["reports"].map(lambda r: "a-s001" in r)].iloc[0]
    assert (lead["kind"], lead["date_start"], lead["precision"]) == ("visit", "2024-03-11", "day")
    assert t.loc["b", "precision"] == "undated"


def test_an_outcome_of_an_earlier_event_takes_its_date_and_place():
    summit = "Издание напоминает, что самый первый саммит этой организации прошел в 2011 году в Алматы."
    outcome = "По итогам той встречи была подписана Алматинская декларация."
    docs, sents = frames([("d1", None, "AZE.az", [summit, outcome])])
    entities = ents(sents, {"d1-s001": [("Алматы", "LOC", "Almaty")]})
    t = event_reports(sents, docs, entities)
    signed = t[t["kind"] == "agreement"].iloc[0]
    assert (signed["date"], signed["place"], signed["date_basis"]) == ("2011", "Almaty", "antecedent")
    # without a demonstrative pointing back, an undated signing stays undated
    docs, sents = frames([("d1", None, "AZE.az", [summit, "Была подписана декларация."])])
    t = event_reports(sents, docs, ents(sents, {"d1-s001": [("Алматы", "LOC", "Almaty")]}))
    assert t.loc[t["kind"] == "agreement", "date"].isna().all()


def test_a_country_acting_on_a_project_takes_part_in_each_of_its_verbs():
    text = ("В результате Казахстан перенаправил эти объемы в Каспийский трубопроводный консорциум, маршрут которого "
            "идет в Европу, и на время приостановил отгрузки из порта Актау на терминал в Сангачале.")
    docs, sents = frames([("d1", "2025-08-16", "Trend", [text])])
    entities = ents(sents, {"d1-s001": [("Казахстан", "LOC", "Kazakhstan"), ("Европу", "LOC", "Europe"),
                                        ("Актау", "LOC", "Aktau"), ("Сангачале", "LOC", "Sangachal")]})
    t = event_reports(sents, docs, entities)
    steps = t[t["kind"] == "project"]
    assert list(steps["trigger"]) == ["перенаправил", "приостановил"]
    assert all("Kazakhstan" in a for a in steps["actors"])


def test_oil_shipped_delivered_and_resumed_and_a_pipeline_that_started_working():
    docs, sents = frames([("o", "2025-09-15", "Report", [
        "13 сентября из порта Актау была отгружена партия в 7 тыс. тонн нефти.",
        "Компания возобновила экспорт нефти по маршруту Баку – Тбилиси – Джейхан.",
        "Трубопровод заработал в мае 2006 года.",
        # the verb without what is shipped, or a company's earnings: none
        "Делегация отправилась в Баку.",
        "После прибытия в Баку грузы могут отправиться дальше в Турцию.",
        "Компания заработала 5 млн долларов.",
    ])])
    t = timeline(sents, docs)
    got = sorted((r["kind"], r["status"], r["date_start"] or "") for r in t.to_dict("records"))
    assert got == [("launch", "held", "2006-05"), ("shipment", "held", ""), ("shipment", "held", "2025-09-13")]


def test_visitors_counted_are_no_visit_and_a_train_that_will_arrive_is_a_shipment():
    docs, sents = frames([("v", "2023-12-20", "Report", [
        "В январе-ноябре 2023 года Азербайджан посетили 121 467 туристов из стран Центральной Азии.",
        "В 2022 году Азербайджан принял 1 602 600 иностранных граждан.",
        "Состав пройдет через КПП Хоргос и прибудет в порт Актау 25 декабря.",
        # two leaders are no crowd: a visit
        "Два президента посетили Баку в июне 2023 года.",
    ])])
    t = timeline(sents, docs)
    got = sorted((r["kind"], r["status"]) for r in t.to_dict("records"))
    assert got == [("shipment", "planned"), ("visit", "held")]


def test_a_ship_that_sails_a_service_begun_a_terminal_opened_a_trip_a_seminar_and_a_declaration_adopted():
    docs, sents = frames([("w", "2025-10-01", "Report", [
        "Танкер «Арал», загруженный нефтью, вышел из порта Актау в Баку 12 сентября 2025 года.",
        "Фидерные суда начали курсировать по маршруту в апреле 2019 года.",
        "В июне 2025 года открылся новый контейнерный терминал в порту Поти.",
        "Во время рабочей поездки в Баку в августе 2025 года министр провел переговоры.",
        "На первом семинаре в Баку в сентябре 2025 года обсудили проект.",
        "Историческим стало принятие в мае 2025 года Совместной декларации.",
    ])])
    t = timeline(sents, docs)
    kinds = {r["kind"] for r in t.to_dict("records")}
    assert {"shipment", "launch", "visit", "meeting", "agreement"} <= kinds, kinds
    assert (t["kind"] == "launch").sum() == 2


def test_what_would_happen_is_no_event():
    docs, sents = frames([("b", "2025-06-01", "Report", [
        "Он добавил, что строительство зернового терминала позволило бы привлечь дополнительные грузы.",
        "В мае 2025 года началось строительство зернового терминала в порту.",
    ])])
    t = timeline(sents, docs)
    assert len(t) == 1 and t.iloc[0]["date"] == "2025-05"
