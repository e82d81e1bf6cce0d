"""Tests for analysis.timeline: dated events and the watchlist.

Input frames are built here per the contract columns (lemmas from razdel + pymorphy3 directly), so
these tests do not depend on analysis.nlp / analysis.claims; the integration tests at the end run
on the real seeds only when those modules are importable.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pytest
import razdel

from analysis.timeline import TIMELINE_COLUMNS, WATCHLIST_COLUMNS, timeline, watchlist

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
_WORD = re.compile(r"[^\W_]+(?:[-,.][^\W_]+)*")


@lru_cache(maxsize=1)
def _morph():
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


def lemmas(text: str) -> tuple[str, ...]:
    m = _morph()
    return tuple(m.parse(t.text.lower())[0].normal_form.replace("ё", "е")
                 for t in razdel.tokenize(text) if _WORD.fullmatch(t.text))


def frames(docs: list[tuple[str, str | None, str | None, list[str]]], with_lemmas: bool = True,
           speakers: dict | None = None):
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
                   "speaker": (speakers or {}).get(sid), "tracks": ("general",)}
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
    assert len(visits) == 1  # Tokayev's summit trip carries no date in this sentence
    r = visits.iloc[0]
    assert (r["date"], r["date_precision"], r["place"], r["actors"]) == ("2025-10", "month", "Kazakhstan",
                                                                         ("Ilham Aliyev",))
    # the lead sentence without a date is dated by publication, and says so
    lead = t[t["sentence_id"] == "d0-s001"].iloc[0]
    assert (lead["kind"], lead["date"], lead["date_basis"], lead["place"]) == ("meeting", "2025-12-15",
                                                                                "publication", None)


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
    assert lead["date"] is None and not lead["resolved"] and lead["date_basis"] == "publication"
    # unresolved rows sort after dated ones
    assert t["date"].iloc[-1] is None


def test_nakanune_and_event_key_groups_reports_of_one_visit():
    docs, sents = frames([("a", "2025-10-21", "1news.az", [ARRIVAL]),
                          ("b", "2025-12-15", "Report", ["Пресса пишет.", VISIT_000])])
    e = ents(sents, {"a-s001": [("Ильхам Алиев", "PER", "Ilham Aliyev"), ("Казахстан", "LOC", "Kazakhstan")],
                     "b-s002": [("Ильхама Алиева", "PER", "Ilham Aliyev"), ("Казахстан", "LOC", "Kazakhstan")]})
    t = timeline(sents, docs, e)
    v = t[t["kind"] == "visit"]
    assert sorted(v["date"]) == ["2025-10", "2025-10-20"]
    assert v["event_key"].nunique() == 1  # two reports, one event key; still two rows
    assert len(v) == 2


def test_no_event_without_date_outside_the_lead_and_vague_dates_do_not_date():
    docs, sents = frames([("d", "2025-09-12", "Day.Az", [
        "Отношения развиваются.",
        "Стороны провели переговоры.",
        "Посол коснулся важных документов, подписанных между двумя странами в последние годы.",
        "Товарооборот вырос втрое, чем годом ранее, отметил он на встрече.",
    ])])
    assert timeline(sents, docs).empty


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


def test_fallback_without_lemmas_column():
    docs, sents = frames([("d1", "2025-10-20", None, [TALKS])], with_lemmas=False)
    assert "lemmas" not in sents.columns
    t = timeline(sents, docs)
    assert list(t["kind"]) == ["talks"] and list(t["date"]) == ["2025-10-20"]


def test_gazetteer_fallback_for_place_and_actors():
    gaz = Path(__file__).resolve().parent.parent / "analysis" / "data" / "gazetteer.yml"
    if not gaz.exists():
        pytest.skip("gazetteer.yml not written yet")
    docs, sents = frames([("d1", "2025-10-20", None, [TALKS])])
    r = timeline(sents, docs).iloc[0]
    assert r["place"] == "Astana"
    assert len(r["actors"]) == 2


def test_empty_inputs():
    docs, sents = frames([("d", "2025-01-01", None, ["Ничего не произошло."])])
    assert list(timeline(sents, docs).columns) == TIMELINE_COLUMNS
    assert list(timeline(sents.iloc[0:0], docs).columns) == TIMELINE_COLUMNS
    assert list(watchlist(pd.DataFrame(columns=["claim_id"]), sents, docs).columns) == WATCHLIST_COLUMNS


# ------------------------------------------------------------------------------------ watchlist

CLAIM_COLUMNS = ["claim_id", "doc_id", "sentence_id", "quote", "value", "unit", "qualifier", "period_start",
                 "period_end", "period_kind", "indicator", "track", "speaker", "outlet", "published"]


def claim(cid, doc, sid, quote, value, unit, qual, start, end, kind, ind, track="general", speaker=None,
          outlet=None, pub=None):
    return dict(zip(CLAIM_COLUMNS, [cid, doc, sid, quote, value, unit, qual, start, end, kind, ind, track,
                                    speaker, outlet, pub]))


FIBRE = ("Посол отметил важность проектов, прокладка по дну Каспийского моря волоконно-оптической линии связи, "
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
    ], speakers={"r-s001": "Alim Bayel", "r-s002": "Farid Shafiyev"})
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
    assert fibre["item"].startswith("Fibre-optic line") and "completion" in fibre["item"]
    assert "Caspian" in fibre["item"] and fibre["stated_by"] == "Alim Bayel"
    # the proposed forum in 2026
    forum = rows["r-s002"]
    assert forum["date_to_check"] == "2026" and forum["item"].startswith("Forum") and forum["stated_by"] == "Farid Shafiyev"
    # an undated document's "в этом месяце планируется": kept, never dated
    com = rows["u-s001"]
    assert com["date_to_check"] is None and "undated" in com["note"] and "commission" in com["item"].lower()
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


# ------------------------------------------------------------------------ integration (real seeds)


def _pipeline():
    corpus = pytest.importorskip("analysis.corpus")
    nlp = pytest.importorskip("analysis.nlp")
    if not SEEDS.exists():
        pytest.skip("seeds missing")
    docs, _ = corpus.read_corpus(SEEDS)
    sents = nlp.attribute_speakers(nlp.add_lemmas(nlp.split_sentences(docs)))
    return docs, sents, nlp


@pytest.fixture(scope="module")
def seeds():
    docs, sents, nlp = _pipeline()
    return docs, sents, nlp.extract_entities(sents)


def _doc(docs, prefix):
    return docs.loc[docs["doc_id"].str.startswith(prefix), "doc_id"].iloc[0]


def test_seed_timeline(seeds):
    docs, sents, entities = seeds
    t = timeline(sents, docs, entities)
    d002, d004, d001, d000 = (_doc(docs, p) for p in ("002", "004", "001", "000"))
    talks = t[(t["doc_id"] == d002) & (t["date"] == "2025-10-20")]
    assert list(talks["kind"]) == ["talks"] and talks.iloc[0]["place"] == "Astana"
    assert {"Ilham Aliyev", "Kassym-Jomart Tokayev"} <= set(talks.iloc[0]["actors"])
    arrival = t[(t["doc_id"] == d004) & (t["kind"] == "visit")]
    assert "2025-10-20" in set(arrival["date"])
    v000 = t[(t["doc_id"] == d000) & (t["kind"] == "visit")]
    assert list(v000["date"]) == ["2025-10"] and list(v000["place"]) == ["Kazakhstan"]
    assert set(v000["event_key"]) & set(arrival["event_key"])  # same visit, two reports
    undated = t[t["doc_id"] == d001]
    assert len(undated) >= 3 and not undated["resolved"].any() and undated["date"].isna().all()
    assert "в октябре минувшего года" in set(undated["time_text"])


def test_seed_watchlist(seeds):
    docs, sents, _ = seeds
    claims_mod = pytest.importorskip("analysis.claims")
    claims = claims_mod.claims_register(sents, docs)
    w = watchlist(claims, sents, docs)
    items = dict(zip(w["item"], w["date_to_check"]))
    assert any(k.startswith("Fibre-optic line") and v == "2026-12" for k, v in items.items())
    assert any(k.startswith("Forum") and v == "2026" for k, v in items.items())
    assert any("commission" in k.lower() and v is None for k, v in items.items())
    assert (w["date_to_check"].isna() & (w["note"] == "no date given")).any()  # the $1 bn trade goal
    assert w["date_to_check"].notna().iloc[0]
