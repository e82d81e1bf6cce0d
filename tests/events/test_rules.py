"""The named rule lists of analysis.events (timeline dating, watchlist sources, commitment dates,
claim labels): their order, and each rule on a small real sentence.

The order tests are deliberately literal: reordering a rule list changes the outputs, so a reorder
must show up in review as a change to these lists too.
"""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.events import merging as mg
from analysis.events import reading as rd
from analysis.events import timeline as tl
from analysis.events import watchlist as wl
from analysis.events.cues import WINDOW
from analysis.nlp.dates import find_time_expressions, parse_published
from analysis.nlp.lemmas import lemmatize


def names(rules) -> list[str]:
    return [r.__name__ for r in rules]


def test_rule_lists_order():
    assert names(tl.DATING_RULES) == [
        "_date_by_nearest_expression",
        "_date_present_by_publication",
        "_date_arrival_news_by_publication",
        "_date_occasion_by_publication_month",
        "_date_enumerated_events_of_span",
        "_drop_umbrella_verbs",
        "_date_coordinated_clauses",
        "_drop_enumerating_cues",
        "_keep_undated_cues",
    ]
    assert names(rd.KIND_RULES) == ["_cargo_arrival"]
    assert names(rd.CUE_FILTERS) == ["_negated_or_generic", "_receives_no_one", "_a_flow", "_idle_milestone", "_counted_people",
                                        "_only_possible"]
    assert names(rd.STATUS_RULES) == ["_status_proposed", "_status_planned_by_word", "_status_future_tense",
                                      "_status_after_publication"]
    assert names(rd.NON_PARTICIPANT_RULES) == ["_an_outlet", "_after_a_reporter_noun", "_a_cited_source",
                                               "_an_affiliation", "_a_commentator"]
    assert names(mg.MERGE_RULES) == ["_same_kind", "_same_action", "_same_status", "_same_dates", "_not_two_clauses"]
    assert names(wl.WATCHLIST_SOURCES) == ["_target_claims", "_commitment_sentences", "_planned_events", "_recurring"]
    assert names(wl.COMMITMENT_DATES) == ["_resolved_target", "_after_publication", "_plan_in_undated_document"]
    assert names(wl.CLAIM_LABELS) == [
        "_label_of_indicator",
        "_label_of_indicator_id",
        "_label_of_project",
        "_label_of_object",
    ]


def test_every_rule_has_a_docstring_with_a_russian_example():
    for rule in (*tl.DATING_RULES, *rd.KIND_RULES, *rd.CUE_FILTERS, *rd.STATUS_RULES, *rd.NON_PARTICIPANT_RULES,
                 *wl.WATCHLIST_SOURCES, *wl.COMMITMENT_DATES, *wl.CLAIM_LABELS):
        doc = rule.__doc__ or ""
        assert doc.strip(), rule.__name__
        assert any("а" <= ch <= "я" for ch in doc.lower()), rule.__name__
    for rule in mg.MERGE_RULES:
        assert any("а" <= ch <= "я" for ch in (rule.__doc__ or "").lower()), rule.__name__


# ------------------------------------------------------------------------------- timeline dating


def dated(text: str, published: str | None, *, upto: int = len(tl.DATING_RULES)):
    """The sentence after the first *upto* dating rules: chosen cues as {(kind, token): time text}
    (None: dated by publication; '' undated)."""
    row = {"doc_id": "d", "sentence_id": "d-s002", "text": text, "lemmas": lemmatize(text)}
    s = tl._dating(row, {"published": published, "outlet": None}, None, WINDOW)
    for rule in tl.DATING_RULES[:upto]:
        rule(s)
    return s, {k: (e.text if e is not None else None) for k, (_, e) in s.chosen.items()}


TALKS = "Президент Азербайджана Ильхам Алиев и президент Казахстана Касым-Жомарт Токаев сегодня провели переговоры в Астане."
GABALA = ("Стоит отметить, что это далеко не первая встреча Ильхама Алиева и Касым-Жомарта Токаева в этом году: "
          "только за последний месяц они встречались и в Габале, на саммит Организации тюркских государств, "
          "и в Душанбе, на саммите СНГ – то есть встречи на разных площадках довольно интенсивны.")


def test_date_by_nearest_expression():
    _, chosen = dated(TALKS, "2025-10-20", upto=1)
    assert chosen == {("talks", 11): "сегодня"}
    # a point dates only the nearest cue of its kind: the second visit stays undated
    _, chosen = dated("В 2024 году состоялся визит президента в Баку, а в Астане прошел визит министра.",
                      "2025-10-20", upto=1)
    assert chosen == {("visit", 4): "В 2024 году"}


def test_a_time_expression_is_the_cues_own_by_the_parse():
    # far from the cue, but on the infinitive completing the cue's verb: the building ends in 2025
    text = ("Строительство волоконно-оптической линии связи по дну Каспийского моря между Казахстаном и "
            "Азербайджаном, с последующим выходом в Европу, планируется закончить к концу 2025 года.")
    _, chosen = dated(text, "2023-10-26", upto=1)
    assert chosen == {("project", 0): "к концу 2025 года"}
    r = tl._event_rows(dated(text, "2023-10-26")[0])[0]
    assert (r["date"], r["status"]) == ("2025", "planned")
    # the time of the verb that reports the cue's clause is the news's, not the event's
    _, chosen = dated("В 2022 году стало известно, что Транскаспийскую ВОЛС будут строить два оператора связи.",
                      "2023-10-26", upto=1)
    assert chosen == {}
    # a time noun the expression hangs on is part of it: "Летом прошлого года" dates the signing
    _, chosen = dated("Летом прошлого года эти компании подписали документы о создании совместного предприятия.",
                      "2023-10-26", upto=1)
    assert chosen == {("agreement", 5): "прошлого года"}
    # a generic noun the parse hangs by parataxis is not an argument: the year is not its own
    toks, lems = tl._token_lemmas(GABALA, lemmatize(GABALA))
    meetings = next(i for i, t in enumerate(toks) if t[2] == "встречи")
    year = GABALA.index("в этом году")
    assert not rd.own_time(rd.Cue("talks", GABALA, toks, lems, meetings), year, year + len("в этом году"))


def test_date_present_by_publication():
    s, chosen = dated("Заседание комиссии, которое проходит в Баку, открыл министр.", "2025-10-14", upto=2)
    assert chosen == {("meeting", 0): None}  # happening as the article appears: the publication day
    _, chosen = dated("Состоялся круглый стол.", "2025-10-20", upto=2)
    assert chosen == {}  # a past verb: the text does not say when (never silently the publication date)
    # a past verb is past, whatever the tense of a relative clause on its object
    _, chosen = dated("В результате Казахстан перенаправил эти объемы в Каспийский трубопроводный консорциум (КТК), "
                      "маршрут которого идет в Европу через территорию России, и на время приостановил отгрузки из "
                      "порта Актау на терминал компании Azertrans в Сангачале.", "2025-08-16", upto=2)
    assert chosen == {}
    # a process in the present is under way: the publication's month, not its day
    s, _ = dated("Компания KazmorTransFlot закупает 6 новых контейнерных судов, чтобы увеличить грузоперевозки по "
                 "Среднему коридору.", "2025-11-26")
    r = tl._event_rows(s)[0]
    assert (r["kind"], r["date"], r["date_precision"], r["date_basis"]) == ("project", "2025-11", "month", "publication")


def test_date_occasion_by_publication_month():
    _, chosen = dated("Об этом на заседании правительства сообщил министр транспорта.", "2025-11-25", upto=4)
    assert list(chosen) == [("meeting", 3)] and chosen[("meeting", 3)] == ""
    r = tl._event_rows(dated("Об этом на заседании правительства сообщил министр транспорта.", "2025-11-25")[0])[0]
    assert (r["date"], r["date_precision"], r["date_basis"]) == ("2025-11", "month", "publication")
    # the parse hangs the meeting and its participle on each other: the finite verb before it is the speaker's
    text = ('Об этом заявил председатель ЗАО "Азербайджанские железные дороги" Ровшан Рустамов на консультативной '
            'встрече руководителей железнодорожных администраций, посвященной созданию Международной ассоциации '
            '"Евразийский транспортный маршрут", в Баку.')
    r = tl._event_rows(dated(text, "2024-09-20")[0])[0]
    assert (r["kind"], r["date"], r["date_precision"]) == ("talks", "2024-09", "month")


def test_keep_undated_cues():
    s, chosen = dated("Состоялся круглый стол.", "2025-10-20")
    assert chosen == {("meeting", 1): ""}
    r = tl._event_rows(s)[0]
    assert (r["date"], r["date_precision"], r["date_basis"], r["resolved"]) == (None, None, "none", False)
    # the same event named twice in a sentence is one; a coordinated other event is its own
    _, chosen = dated("Алиев прибыл с визитом, в ходе визита он встретился с Токаевым.", None)
    assert [k for k, _ in chosen] == ["visit", "talks"]
    _, chosen = dated("Главы государств примут участие в заседании совета и бизнес-форуме.", None)
    assert sorted(chosen) == [("meeting", 5), ("meeting", 8)]
    # a vague date or a repetition makes a generic mention, no event
    assert dated("Посол коснулся документов, подписанных в последние годы.", None)[1] == {}
    assert dated("Главы двух стран поочередно раз в год посещают друг друга.", "2025-10-20")[1] == {}


def test_date_enumerated_events_of_span():
    _, before = dated(GABALA, "2025-10-20", upto=4)
    _, after = dated(GABALA, "2025-10-20", upto=5)
    # the Dushanbe summit is beyond the window of "за последний месяц", but it names its own place
    assert ("summit", 34) not in before
    assert after[("summit", 26)] == after[("summit", 34)] == "за последний месяц"


def test_drop_umbrella_verbs():
    s, chosen = dated(GABALA, "2025-10-20")
    assert chosen[("talks", 21)] == "за последний месяц"  # "встречались"
    assert s.absorbed == {("talks", 21)}
    # with a repetition marker the verb is a series of its own, not an umbrella
    s, _ = dated("За последний месяц министры неоднократно встречались в Баку.", "2025-10-20")
    assert s.absorbed == set()


# ------------------------------------------------------------------------------------ watchlist

CLAIM_COLUMNS = ["claim_id", "doc_id", "sentence_id", "quote", "value", "unit", "qualifier", "period_start",
                 "period_end", "period_kind", "indicator", "track", "speaker", "outlet", "published"]


def frames(sentences: list[str], published: str | None = "2025-09-12"):
    text = " ".join(sentences)
    docs = pd.DataFrame([{"doc_id": "d", "published": published, "outlet": "Day.Az", "text": text}])
    sents = pd.DataFrame([{"doc_id": "d", "sentence_id": f"d-s{n:03d}", "paragraph": 0, "text": s,
                           "lemmas": lemmatize(s), "speaker": None, "tracks": ("general",)}
                          for n, s in enumerate(sentences, 1)])
    return docs, sents


def target(sid: str, quote: str, indicator, value=50.0, unit="%", end="2028") -> dict:
    return dict(zip(CLAIM_COLUMNS, [f"{sid}-c", "d", sid, quote, value, unit, "exact", end, end, "target",
                                    indicator, None, None, "Day.Az", "2025-09-12"]))


PORTS = "К 2028 году планируется увеличить пропускную способность портов на 50%."
FORUM = "Фарид Шафиев предложил провести в 2026 году форум аналитических центров."


def test_target_claims_source():
    docs, sents = frames([PORTS, FORUM])
    claims = pd.DataFrame([target("d-s001", "увеличить пропускную способность портов на 50%", "other")])
    w = wl._watch(claims, sents, docs, None, WINDOW)
    rows = wl._target_claims(w)
    assert [(r["sentence_id"], r["source"], r["item"]) for r in rows] == [("d-s001", "claim", "Port capacity: +50 %")]
    assert w.claimed == {"d-s001"}


def test_commitment_sentences_source():
    docs, sents = frames([PORTS, FORUM])
    claims = pd.DataFrame([target("d-s001", "увеличить пропускную способность портов на 50%", "other")])
    rows = wl._commitment_sentences(wl._watch(claims, sents, docs, None, WINDOW))
    # the claimed sentence is left to its claim
    assert [(r["sentence_id"], r["source"], r["item"], r["date_to_check"]) for r in rows] == [
        ("d-s002", "sentence", "Think-tank forum: to be held", "2026")]


def rules_accepting(sentence: str, published: str | None, plans: bool) -> list[str]:
    e = find_time_expressions(sentence, published)[0]
    return [r.__name__ for r in wl.COMMITMENT_DATES if r(e, parse_published(published), plans)]


def test_resolved_target():
    # a target already begun at publication is still a target
    assert rules_accepting("К 2025 году планируется увеличить товарооборот.", "2025-09-12", True) == [
        "_resolved_target"]


def test_after_publication():
    assert rules_accepting(FORUM, "2025-12-15", True) == ["_after_publication"]
    assert rules_accepting(FORUM, "2027-01-10", True) == []  # the forum year is past


def test_plan_in_undated_document():
    text = "В этом месяце планируется заседание комиссии."
    assert rules_accepting(text, None, True) == ["_plan_in_undated_document"]
    assert rules_accepting(text, None, False) == []  # no plan stated: nothing to watch


@pytest.mark.parametrize("rule, sentence, quote, indicator, label", [
    ("_label_of_indicator", "Стороны ставят цель довести товарооборот до 1 млрд долларов.",
     "довести товарооборот до 1 млрд долларов", "trade_turnover", "Bilateral trade turnover"),
    ("_label_of_indicator_id", "Стороны ставят цель довести экспорт пшеницы до 1 млн тонн.",
     "довести экспорт пшеницы до 1 млн тонн", "wheat_exports", "Wheat exports"),
    ("_label_of_project", "К 2030 году планируется довести прокачку по трубопроводу Баку-Тбилиси-Джейхан до 7 млн тонн.",
     "довести прокачку по трубопроводу Баку-Тбилиси-Джейхан до 7 млн тонн", "other", "Baku–Tbilisi–Ceyhan pipeline"),
    ("_label_of_object", PORTS, "увеличить пропускную способность портов на 50%", "other", "Port capacity"),
])
def test_claim_labels(rule, sentence, quote, indicator, label):
    docs, sents = frames([sentence])
    w = wl._watch(None, sents, docs, None, WINDOW)
    t = wl._Target(w, target("d-s001", quote, indicator), w.sent_by_id["d-s001"])
    t.toks, t.lems = wl._token_lemmas(sentence, t.sent["lemmas"])
    t.project = wl._project_of_quote(t)
    got = {r.__name__: r(t) for r in wl.CLAIM_LABELS}
    first = next(name for name, value in got.items() if value)
    assert (first, got[first]) == (rule, label)


def test_claim_label_fallback_and_places():
    docs, sents = frames(["Казахстан расширяет мощности портов Актау и Курык.", PORTS,
                          "Стороны ставят цель к 2030 году."])
    claims = pd.DataFrame([target("d-s002", "увеличить пропускную способность портов на 50%", "other"),
                           target("d-s003", "к 2030 году", None, value=None, unit=None, end="2030")])
    w = wl.watchlist(claims, sents, docs)
    # the places of the sentence before; no label at all: the quote must be read
    assert list(w["item"]) == ["Port capacity (Aktau, Kuryk): +50 %", "Target (see quote)"]


def test_project_milestones_merge_only_when_the_step_is_the_same():
    a = {"kind": "project", "trigger": "проложен"}
    assert mg._same_action(a, {"kind": "project", "trigger": "проложат"})
    assert not mg._same_action(a, {"kind": "project", "trigger": "учредили"})
    assert mg._same_action({"kind": "visit", "trigger": "визит"}, {"kind": "visit", "trigger": "посетил"})


def test_a_project_step_is_not_placed_where_it_leads():
    text = ("Строительство волоконно-оптической линии связи по дну Каспийского моря между Казахстаном и "
            "Азербайджаном, с последующим выходом в Европу, планируется закончить к концу 2025 года.")
    toks, lems = tl._token_lemmas(text, lemmatize(text))
    europe = (text.index("Европу"), text.index("Европу") + len("Европу"))
    kazakhstan = (text.index("Казахстаном"), text.index("Казахстаном") + len("Казахстаном"))
    assert rd.directions(rd.Cue("project", text, toks, lems, 0), [kazakhstan, europe]) == {1}
    s, _ = dated(text, "2023-10-26")
    s.__dict__["ents"] = [{"start": europe[0], "end": europe[1], "kind": "LOC", "canonical": "Europe"}]
    assert tl._event_rows(s)[0]["place"] is None
    # a visit's direction is its place
    visit = "Президент Казахстана Касым-Жомарт Токаев прибыл в Азербайджан с официальным визитом."
    s, _ = dated(visit, "2024-03-11")
    at = visit.index("Азербайджан")
    s.__dict__["ents"] = [{"start": at, "end": at + len("Азербайджан"), "kind": "LOC", "canonical": "Azerbaijan"}]
    assert tl._event_rows(s)[0]["place"] == "Azerbaijan"
