"""Tests for analysis.claims: the quantity grammar and the claims register.

Unit tests build `sentences` / `documents` frames by hand (seed sentences copied verbatim) so they do not
depend on analysis.corpus / analysis.nlp; periods come from the real analysis.dates. One integration test
runs the real corpus reader and sentence splitter on seeds/.
"""

from __future__ import annotations

import dataclasses
import re

import pandas as pd
import pytest
import yaml

from analysis.claims.indicators import indicator_labels, load_indicators
from analysis.claims.quantities import _quantities, extract_quantities
from analysis.claims.register import CLAIM_COLUMNS, CONTRACT_COLUMNS, claims_register
from analysis.claims.subjects import is_bilateral
from analysis.claims.text import clause_spans, normalise
from analysis.nlp.dates import TimeExpr
from analysis.paths import LEXICON_DIR, REPO_ROOT

D000, D001, D002, D003, D004 = (
    "000_3e59cfda37d3e722", "001_51ae3e02b997e7ef", "002_ed331273710f358c",
    "003_5951633c20930dad", "004_e24caed92fdcf6ad",
)
PUBLISHED = {D000: "2025-12-15", D001: None, D002: "2025-10-20", D003: "2025-09-12", D004: "2025-10-21"}
OUTLET = {D000: "Report", D001: "AZERTAC", D002: "Vestnik Kavkaza", D003: "Day.Az", D004: "1news.az"}

# (doc_id, sentence number, paragraph, text) — verbatim from the seeds (after page-break repair in 001).
SEED_SENTENCES = [
    (D000, 3, 2, "В ходе мероприятия эксперты высоко оценили итоги визита президента Казахстана Касым-Жомарта "
                 "Токаева в Азербайджан для участия в XII Саммите Организации тюркских государств, а также "
                 "государственного визита президента Азербайджана Ильхама Алиева в Казахстан, состоявшегося в "
                 "октябре 2025 года."),
    (D000, 5, 3, "\"В этом контексте посол Казахстана в Азербайджане Алим Байель отметил важность таких крупных "
                 "проектов как Транскаспийский международный транспортный маршрут (ТМТМ), экспорт казахстанской "
                 "нефти и урана через территорию Азербайджана, прокладка по дну Каспийского моря "
                 "волоконно-оптической линии связи, завершение которой планируется в конце 2026 года."),
    (D000, 6, 3, "Дипломат подчеркнул, что в 2025 году Казахстан впервые стал основным поставщиком пшеницы на "
                 "азербайджанский рынок и выразил надежду на закрепление успеха\", - говорится в сообщении."),
    (D000, 9, 5, "В контексте расширения форматов регионального взаимодействия председатель правления Центра "
                 "анализа международных отношений Фарид Шафиев предложил провести в 2026 году форум аналитических "
                 "центров формата С6, а также рассмотреть возможность организации аналогичного мероприятия в "
                 "рамках Совещания по взаимодействию и мерам доверия в Азии (СВМДА)."),
    (D001, 4, 2, "Посол Казахстана в Азербайджане Алим Байель подчеркнул, что за последний год связи между двумя "
                 "странами достигли нового уровня и в отношениях начался новый этап."),
    (D001, 6, 2, "В этом контексте дипломат коснулся состоявшегося в октябре минувшего года визита Президента "
                 "Казахстана Касым-Жомарта Токаева в Азербайджан и визита Президента Ильхама Алиева в Казахстан в "
                 "апреле этого года."),
    (D001, 7, 3, "В прошлом году торговый оборот между двумя странами увеличился на 40 процентов и достиг 450 "
                 "миллионов долларов, а в первые шесть месяцев нынешнего года данный показатель составил 300 "
                 "миллионов долларов."),
    (D002, 2, 0, "Беседа прошла в формате один на один."),
    (D002, 23, 16, "\"Государственный визит Ильхама Алиева в Астану приурочен к заседанию Межгосударственного "
                   "высшего совета, в рамках которого главы двух стран поочередно раз в год посещают друг друга."),
    (D002, 26, 17, "У двух государств есть намерения увеличить товарооборот до $1 млрд – пока эта цифра не "
                   "достигнута, хотя возможности для двусторонней торговли весьма широкие."),
    (D002, 29, 19, "\"Со стороны Казахстана мы видим запрос на транспортировку больших объемов казахской нефти "
                   "через территорию Азербайджана на мировые рынки."),
    (D002, 30, 19, "Озвучиваются разные цифры, вплоть до 7 млн т в год, о чем не так давно говорил премьер-министр "
                   "Казахстана Олжас Бектенов\", - добавил политолог."),
    (D003, 8, 3, "\"В рамках СОР29 Азербайджан, Казахстан и Узбекистан подписали соглашение о стратегическом "
                 "партнерстве в производстве и передаче возобновляемой энергии."),
    (D003, 15, 5, "Казахстан расширяет мощности портов Актау и Курык."),
    (D003, 16, 5, "К 2028 году планируется увеличить пропускную способность портов на 50%."),
    (D003, 17, 5, "Также в три раза увеличится пропуск контейнеров."),
    (D003, 21, 7, "\"За последние пять лет товарооборот вырос в пять раз и в 2024 году составил свыше 533 млн "
                  "долларов, при этом стороны ставят цель довести этот показатель до 1 млрд."),
    (D003, 23, 7, "Важным шагом стало соглашение КазМунайГаз и SOCAR о транспортировке 1,5 млн тонн казахстанской "
                  "нефти ежегодно через порт Актау и далее по маршруту БТД."),
    (D003, 26, 7, "Росту взаимодействия способствует и запуск Казахстанско-азербайджанского инвестиционного фонда "
                  "прямых инвестиций в 2024 году."),
    (D003, 29, 8, "В этом году Казахстан стал основным поставщиком зерна на азербайджанский рынок, обеспечив около "
                  "85% всего импорта."),
    (D004, 5, 2, "Своими мыслями о значении визита, состоянии и перспективах двусторонних отношений с 1news.az "
                 "поделился эксперт казахстанского Института прикладных этнополитических исследований, "
                 "этномедиатор Рустем Бектрумов."),
    (D004, 10, 4, "За последние три года лидеры встречались более десяти раз - и это не просто дипломатия, это "
                  "отражение общего видения будущего наших стран», - подчеркнул он."),
    (D004, 11, 5, "Коснувшись экономического сотрудничества между Казахстаном и Азербайджаном, Рустем Бектрумов "
                  "обратил внимание на рекордные темпы его развития: «За первые восемь месяцев 2025 года объем "
                  "взаимного товарооборота превысил 547 миллионов долларов - это втрое больше, чем годом ранее."),
    (D004, 12, 5, "В Азербайджане уже работают около 250 компаний с участием казахстанского капитала, что говорит о "
                  "высоком уровне доверия и устойчивом инвестиционном климате»."),
    (D004, 17, 8, "«Он стал реальной альтернативой северным и южным путям, сокращая время перевозок почти вдвое."),
    (D004, 19, 9, "«Еще один важный проект - подводный волоконно-оптический кабель по дну Каспийского моря, который "
                  "соединит порты Актау и Алят."),
    (D004, 24, 13, "В этом контексте взаимодействие двух государств приобретает особое значение, превращаясь в "
                   "важный элемент геоэкономического и политического баланса на широком евразийском пространстве."),
]

# Every claim of the seeds: (value, unit, qualifier, period_start, period_end, period_kind, indicator).
EXPECTED = {
    f"{D001}-s007": [
        (40.0, "%", "exact", None, None, "unresolved", "trade_turnover_growth"),
        (450e6, "USD", "exact", None, None, "unresolved", "trade_turnover"),
        (300e6, "USD", "exact", None, None, "unresolved", "trade_turnover"),
    ],
    f"{D002}-s026": [(1e9, "USD", "exact", None, None, "target", "trade_turnover")],
    f"{D002}-s030": [(7e6, "t/yr", "up_to", None, None, "unresolved", "oil_transit_btc")],
    f"{D003}-s016": [(50.0, "%", "exact", "2028", "2028", "target", "port_capacity_growth")],
    f"{D003}-s017": [(3.0, "x", "exact", None, None, "target", "container_throughput_growth")],
    f"{D003}-s021": [
        (5.0, "x", "exact", "2020", "2024", "actual", "trade_turnover_growth"),
        (533e6, "USD", "more_than", "2024", "2024", "actual", "trade_turnover"),
        (1e9, "USD", "exact", None, None, "target", "trade_turnover"),
    ],
    f"{D003}-s023": [(1.5e6, "t/yr", "exact", None, None, "unresolved", "oil_transit_btc")],
    f"{D003}-s029": [(85.0, "%", "approx", "2025", "2025", "actual", "grain_import_share")],
    f"{D004}-s010": [(10.0, "count", "more_than", "2022-10", "2025-10", "actual", "leader_meetings")],
    f"{D004}-s011": [
        (547e6, "USD", "more_than", "2025-01", "2025-08", "actual", "trade_turnover"),
        (3.0, "x", "exact", "2025-01", "2025-08", "actual", "trade_turnover_growth"),
    ],
    f"{D004}-s012": [(250.0, "count", "approx", None, None, "unresolved", "kazakh_companies_in_azerbaijan")],
    f"{D004}-s017": [(2.0, "x", "approx", None, None, "unresolved", "transit_time_reduction")],
}
N_SEED_CLAIMS = sum(len(v) for v in EXPECTED.values())  # 17


def _frames(rows, published=PUBLISHED, tracks=None, speakers=None):
    sents = pd.DataFrame([
        {"doc_id": d, "sentence_id": f"{d}-s{n:03d}", "paragraph": p, "text": t,
         "tracks": (tracks or {}).get(f"{d}-s{n:03d}", ("general",)),
         "speaker": (speakers or {}).get(f"{d}-s{n:03d}")}
        for d, n, p, t in rows
    ])
    docs = pd.DataFrame([{"doc_id": d, "published": published.get(d), "outlet": OUTLET.get(d, "X")}
                         for d in dict.fromkeys(r[0] for r in rows)])
    return sents, docs


@pytest.fixture(scope="module")
def seed_claims() -> pd.DataFrame:
    sents, docs = _frames(SEED_SENTENCES, speakers={f"{D004}-s011": "Rustem Bektrumov"},
                          tracks={f"{D003}-s023": ("energy",)})
    return claims_register(sents, docs)


def _row_tuple(r) -> tuple:
    return (r["value"], r["unit"], r["qualifier"], r["period_start"], r["period_end"], r["period_kind"],
            r["indicator"])


# --------------------------------------------------------------------------------------------------
# The seeds, sentence by sentence
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("sentence_id", [f"{d}-s{n:03d}" for d, n, _p, _t in SEED_SENTENCES])
def test_seed_sentence_claims(seed_claims, sentence_id):
    got = [_row_tuple(r) for _, r in seed_claims[seed_claims.sentence_id == sentence_id].iterrows()]
    want = EXPECTED.get(sentence_id, [])
    assert len(got) == len(want), (sentence_id, got)
    for g, w in zip(got, want):
        assert g[0] == pytest.approx(w[0]), (sentence_id, g, w)
        assert g[1:] == w[1:], (sentence_id, g, w)


def test_seed_register_shape_and_order(seed_claims):
    assert list(seed_claims.columns) == CLAIM_COLUMNS
    assert CLAIM_COLUMNS[: len(CONTRACT_COLUMNS)] == CONTRACT_COLUMNS
    assert len(seed_claims) == N_SEED_CLAIMS == 17
    # ids: per document, numbered from 1 in sentence/position order
    for doc_id, grp in seed_claims.groupby("doc_id", sort=False):
        assert list(grp.claim_id) == [f"{doc_id}-c{n:03d}" for n in range(1, len(grp) + 1)]
    assert list(seed_claims.doc_id) == sorted(seed_claims.doc_id)
    assert seed_claims.value.dtype == float
    assert seed_claims.quote_start.dtype == "int64"
    assert set(seed_claims.period_kind) <= {"actual", "target", "unresolved"}
    assert set(seed_claims.qualifier) <= {"exact", "approx", "more_than", "up_to"}


def test_quotes_are_exact_short_clauses(seed_claims):
    texts = {f"{d}-s{n:03d}": t for d, n, _p, t in SEED_SENTENCES}
    for _, r in seed_claims.iterrows():
        sent = texts[r.sentence_id]
        assert sent[r.quote_start:r.quote_end] == r.quote
        assert 0 < len(r.quote) <= 200
        assert r.quote[0] not in "«»\" ,"
    q = seed_claims.set_index("claim_id").quote
    # the clause, cut at ", при этом" / " - " / ", а " / ": «" — or extended back to what the figure is about
    assert q[f"{D003}-c004"] == ("За последние пять лет товарооборот вырос в пять раз и в 2024 году составил "
                                 "свыше 533 млн долларов")
    assert q[f"{D004}-c002"] == ("За первые восемь месяцев 2025 года объем взаимного товарооборота превысил "
                                 "547 миллионов долларов")
    assert q[f"{D004}-c003"].startswith("За первые восемь месяцев") and q[f"{D004}-c003"].endswith("годом ранее")
    assert q[f"{D002}-c001"] == "У двух государств есть намерения увеличить товарооборот до $1 млрд"
    assert q[f"{D002}-c002"] == "Озвучиваются разные цифры, вплоть до 7 млн т в год"
    assert q[f"{D001}-c003"].startswith("а в первые шесть месяцев")


def test_metadata_columns(seed_claims):
    c = seed_claims.set_index("claim_id")
    assert c.loc[f"{D004}-c002", "speaker"] == "Rustem Bektrumov"
    assert c.loc[f"{D004}-c001", "speaker"] is None
    assert c.loc[f"{D004}-c002", "outlet"] == "1news.az"
    assert c.loc[f"{D004}-c002", "published"] == "2025-10-21"
    assert c.loc[f"{D001}-c001", "published"] is None
    assert c.loc[f"{D001}-c001", "outlet"] == "AZERTAC"
    # track: the indicator's track wins over the sentence's
    assert c.loc[f"{D003}-c006", "track"] == "energy"
    assert c.loc[f"{D003}-c001", "track"] == "transport"
    assert c.loc[f"{D003}-c007", "track"] == "agriculture"
    assert c.loc[f"{D004}-c005", "track"] == "transport"
    assert c.loc[f"{D004}-c004", "track"] == "general"


def test_growth_helpers(seed_claims):
    c = seed_claims.set_index("claim_id")
    # "втрое больше, чем годом ранее" after "за первые восемь месяцев 2025 года": same months one year back
    g = c.loc[f"{D004}-c003"]
    assert (g.growth_of, g.growth_ref, g.direction) == ("trade_turnover", f"{D004}-c002", "up")
    assert (g.base_period_start, g.base_period_end) == ("2024-01", "2024-08")
    # "за последние пять лет … вырос в пять раз … в 2024 году … 533 млн": the window ends in 2024; measured from its start
    g = c.loc[f"{D003}-c003"]
    assert (g.growth_of, g.growth_ref) == ("trade_turnover", f"{D003}-c004")
    assert (g.base_period_start, g.base_period_end) == ("2020", "2020")
    # undated document: growth "в прошлом году" → base unknown, but still linked to its level
    g = c.loc[f"{D001}-c001"]
    assert (g.growth_of, g.growth_ref, g.direction) == ("trade_turnover", f"{D001}-c002", "up")
    assert g.base_period_start is None and g.base_period_end is None
    # a reduction
    assert c.loc[f"{D004}-c005", "direction"] == "down"
    # level figures carry no growth helpers
    assert c.loc[f"{D004}-c002", ["growth_of", "growth_ref", "direction", "base_period_start"]].isna().all()


def test_undated_document_never_gets_absolute_period_from_relative_phrase(seed_claims):
    undated = seed_claims[seed_claims.doc_id == D001]
    assert len(undated) == 3
    assert undated.period_start.isna().all() and undated.period_end.isna().all()
    assert set(undated.period_kind) == {"unresolved"}


def test_undated_guard_holds_even_if_dates_module_resolved(monkeypatch):
    # A (hypothetically buggy) time resolver that resolves "В прошлом году" without a publication date:
    # the register must still refuse it, while an absolute year still resolves.
    def fake(text, published):
        out = []
        for m in re.finditer(r"В прошлом году|в 2023 году", text):
            rel = m.group(0).startswith("В прошлом")
            out.append(TimeExpr(m.start(), m.end(), m.group(0), "point", "2024", "2024", "year", rel, True))
        return out

    sents, docs = _frames([(D001, 1, 0, "В прошлом году товарооборот достиг 450 миллионов долларов."),
                           (D001, 2, 0, "А в 2023 году товарооборот составил 321 млн долларов.")])
    c = claims_register(sents, docs, find_time=fake)
    assert list(c.period_kind) == ["unresolved", "actual"]
    assert c.period_start.iloc[0] is None
    assert c.period_start.iloc[1] == "2024"  # from the (fake) absolute expression


# --------------------------------------------------------------------------------------------------
# Negative cases: never a claim
# --------------------------------------------------------------------------------------------------

NEVER = [
    "В 2025 году Казахстан впервые стал основным поставщиком пшеницы.",
    "Визит состоялся в октябре 2025 года, а форум пройдет в 2026 году.",
    "К 2028 году и до 2030 года, в 2024-м году, с 2020 по 2025 год, в 2020-2024 годах.",
    "Участие в XII Саммите ОТГ и 21-е заседание совета.",
    "В рамках СОР29 и COP29, COP-29, G20 и С5+1 подписали соглашение.",  # Cyrillic С/О/Р and Latin
    "форум аналитических центров формата С6, а также",
    "За последние пять лет и за последние три года связи окрепли.",
    "В первые шесть месяцев и за первые восемь месяцев года ничего не изменилось.",
    "Беседа прошла в формате один на один.",
    "главы двух стран поочередно раз в год посещают друг друга.",
    "отношения между двумя странами развиваются, одним из направлений стала энергетика.",
    "Звоните по телефону +7 (7172) 74-01-34 или пишите.",
    "Указ № 123 от 12.03.2024 и решение от 2025-10-21, встреча в 10:30.",
    "Казахстан занимает 5-е место, 20-летие и 30-летний юбилей, 5G и Ил-76.",
    "Сайт 1news.az сообщил об этом 15 октября.",
    "Рост на 2 п.п., площадь 300 тыс. кв. км, скорость 120 км/ч.",
    "десятки миллионов долларов и тысячи тонн грузов.",
    "Паром ходит 4 раза в неделю.",
    "Еще один важный проект - подводный кабель.",
    "Все 5 подписали итоговое заявление.",
    "В формате 3+3 и С5+1 прошли консультации.",
    "В ходе мероприятия эксперты высоко оценили итоги визита для участия в XII Саммите.",
    "Формула $x^2$ и индексы a_1, b_2 не являются суммами.",  # LaTeX math in a hostile article
    "рост $x^2$ млн долларов и $y^10$",
]


@pytest.mark.parametrize("text", NEVER)
def test_never_a_claim(text):
    assert extract_quantities(text) == [], [(q.text, q.value, q.unit) for q in extract_quantities(text)]


def test_years_durations_and_names_are_not_in_seed_register(seed_claims):
    # years (2024–2028), the XII summit, COP29, C6, "шесть/восемь месяцев", "пять лет", "три года"
    assert not seed_claims.value.isin([2024.0, 2025.0, 2026.0, 2028.0, 12.0, 29.0, 6.0, 8.0]).any()
    assert seed_claims[seed_claims.unit == "count"].value.tolist() == [10.0, 250.0]
    for q in seed_claims.quote:
        assert "СОР29" not in q and "С6" not in q and "XII" not in q


def test_time_expression_spans_suppress_figures():
    # a figure inside a time expression is a duration, even if the grammar had read it
    def fake(text, published):
        m = re.search(r"за 250 компаний", text)
        return [TimeExpr(m.start(), m.end(), m.group(0), "period", "2025", "2025", "year", False, True)]

    sents, docs = _frames([(D003, 1, 0, "Отчет за 250 компаний и 15 документов.")])
    c = claims_register(sents, docs, find_time=fake)
    assert list(c.value) == [15.0]


# --------------------------------------------------------------------------------------------------
# The grammar
# --------------------------------------------------------------------------------------------------

GRAMMAR = [
    # text, [(value, unit, qualifier), ...]
    ("товарооборот достиг 450 миллионов долларов", [(450e6, "USD", "exact")]),
    ("увеличить товарооборот до $1 млрд", [(1e9, "USD", "exact")]),
    ("составил свыше 533 млн долларов", [(533e6, "USD", "more_than")]),
    ("превысил 547 миллионов долларов", [(547e6, "USD", "more_than")]),
    ("транспортировке 1,5 млн тонн нефти ежегодно", [(1.5e6, "t/yr", "exact")]),
    ("вплоть до 7 млн т в год", [(7e6, "t/yr", "up_to")]),
    ("мощностью 7 млн т", [(7e6, "t", "exact")]),
    ("увеличился на 40 процентов", [(40.0, "%", "exact")]),
    ("на 50%", [(50.0, "%", "exact")]),
    ("обеспечив около 85% всего импорта", [(85.0, "%", "approx")]),
    ("на 12,3 % больше", [(12.3, "%", "exact")]),
    ("вырос в пять раз", [(5.0, "x", "exact")]),
    ("это втрое больше", [(3.0, "x", "exact")]),
    ("сокращая время почти вдвое", [(2.0, "x", "approx")]),
    ("вырос в 3 раза", [(3.0, "x", "exact")]),
    ("в три раза увеличится", [(3.0, "x", "exact")]),
    ("более чем в 2,5 раза", [(2.5, "x", "more_than")]),
    ("в полтора раза и в два с половиной раза", [(1.5, "x", "exact"), (2.5, "x", "exact")]),
    ("двукратный рост экспорта", [(2.0, "x", "exact")]),
    ("около 250 компаний", [(250.0, "count", "approx")]),
    ("подписали 15 документов", [(15.0, "count", "exact")]),
    ("встречались более десяти раз", [(10.0, "count", "more_than")]),
    ("подписали пять соглашений и около двадцати меморандумов", [(5.0, "count", "exact"),
                                                                 (20.0, "count", "approx")]),
    ("сто двадцать пять компаний", [(125.0, "count", "exact")]),
    ("более 1,5 тыс. студентов", [(1500.0, "count", "more_than")]),
    ("кабель длиной 380 км", [(380.0, "km", "exact")]),
    ("около 1,2 тыс. километров", [(1200.0, "km", "approx")]),
    ("100 тыс. TEU и 50 000 ДФЭ", [(1e5, "TEU", "exact"), (5e4, "TEU", "exact")]),
    ("25,5 тысяч двадцатифутовых контейнеров (TEU)", [(25500.0, "TEU", "exact")]),
    ("30 двадцатифутовых контейнеров", [(30.0, "count", "exact")]),
    ("железную дорогу протяженностью 2,000км", [(2000.0, "km", "exact")]),
    ("отправки ожидают около 1000 грузовиков", [(1000.0, "count", "approx")]),
    ("годовая потребность республики в пшенице составляет всего лишь 1 миллион 560 тысяч тонн",
     [(1560000.0, "t/yr", "exact")]),
    ("Мощность предприятия составит 2,5 тыс. тонн кабельной продукции и 1,2 тыс. экземпляров электрооборудования в год",
     [(2500.0, "t/yr", "exact"), (1200.0, "count", "exact")]),
    ("рост на 1,500 тонн", [(1.5, "t", "exact")]),
    ("пропускная способность 400 Тбит/с", [(4e14, "bit/s", "exact")]),
    ("скорость 10 Гбит/с", [(1e10, "bit/s", "exact")]),
    ("сорок процентов", [(40.0, "%", "exact")]),
    ("один миллиард долларов", [(1e9, "USD", "exact")]),
    ("более миллиона тонн", [(1e6, "t", "more_than")]),
    ("составил 1 млрд 200 млн долларов", [(1.2e9, "USD", "exact")]),
    ("порядка 40 млрд кубометров газа в год", [(4e10, "m3/yr", "approx")]),
    ("500 млн манатов и 70 тыс. тенге", [(5e8, "AZN", "exact"), (7e4, "KZT", "exact")]),
    ("не менее 100 тонн и не более 200 тонн", [(100.0, "t", "more_than"), (200.0, "t", "up_to")]),
    ("примерно 30% и приблизительно 40%", [(30.0, "%", "approx"), (40.0, "%", "approx")]),
    ("до 50% рынка", [(50.0, "%", "up_to")]),
    ("снизить долю до 50%", [(50.0, "%", "exact")]),
    ("в условиях роста цен компании закупили до 5 млн тонн", [(5e6, "t", "up_to")]),
    ("500 с лишним тонн", [(500.0, "t", "more_than")]),
]


@pytest.mark.parametrize("text,want", GRAMMAR)
def test_grammar(text, want):
    got = [(q.value, q.unit, q.qualifier) for q in extract_quantities(text)]
    assert len(got) == len(want), got
    for g, w in zip(got, want):
        assert g[0] == pytest.approx(w[0]) and g[1:] == w[1:], (g, w)


def test_decimal_comma_and_space_kinds_as_thousands_separators():
    for sep in (" ", "\u00a0", "\u2009", "\u202f"):
        qs = extract_quantities(f"перевезено 2{sep}500{sep}000 тонн и 1,5 млн тонн")
        assert [(q.value, q.unit) for q in qs] == [(2_500_000.0, "t"), (1_500_000.0, "t")]
        assert qs[0].text == f"2{sep}500{sep}000 тонн"  # spans are spans of the ORIGINAL text
    assert [q.value for q in extract_quantities("1.500.000 евро и 2,75 млрд долларов")] == [1.5e6, 2.75e9]


def test_ranges_give_both_ends_with_shared_unit_and_scale():
    qs = extract_quantities("объем вырос с 0,8 до 4,5 млн тонн")
    assert [(q.value, q.unit, q.range_role) for q in qs] == [(8e5, "t", "low"), (4.5e6, "t", "high")]
    assert all(q.change_range for q in qs) and all(q.qualifier == "exact" for q in qs)
    qs = extract_quantities("инфляция от 5 до 7%")
    assert [(q.value, q.unit, q.qualifier) for q in qs] == [(5.0, "%", "exact"), (7.0, "%", "exact")]
    qs = extract_quantities("рост на 5–7 % и в 1,5–2 раза")
    assert [(q.value, q.unit) for q in qs] == [(5.0, "%"), (7.0, "%"), (1.5, "x"), (2.0, "x")]
    # the low end's scale is unknowable when it is larger than the high number: dropped, not guessed
    assert [(q.value, q.unit) for q in extract_quantities("с 900 до 1,2 млрд долларов")] == [(1.2e9, "USD")]


def test_bare_amount_takes_context_unit():
    text = ("За последние пять лет товарооборот вырос в пять раз и в 2024 году составил свыше 533 млн "
            "долларов, при этом стороны ставят цель довести этот показатель до 1 млрд.")
    qs = extract_quantities(text)
    last = qs[-1]
    assert (last.value, last.unit, last.qualifier, last.to_level, last.unit_from_context) == \
        (1e9, "USD", "exact", True, True)
    assert last.text == "1 млрд"
    # no unit anywhere in the sentence → the bare amount is dropped, not guessed
    assert extract_quantities("стороны ставят цель довести этот показатель до 1 млрд.") == []
    qs = extract_quantities("экспорт нефти составил 5 млн тонн, а к 2030 году может достичь 10 млн")
    assert [(q.value, q.unit) for q in qs] == [(5e6, "t"), (1e7, "t")]
    # a count lends its unit and noun only to a part of it ("в том числе"), never to any bare amount
    qs = extract_quantities("Перевезено свыше 19 тыс. контейнеров, в том числе свыше 13,5 тыс. - по ТМТМ.")
    assert [(q.value, q.unit, q.noun) for q in qs] == [(19e3, "count", "контейнеров"), (13.5e3, "count", "контейнеров")]
    assert [(q.value, q.unit) for q in extract_quantities("закуплено 6 судов, а также 2 млн")] == [(6.0, "count")]


def test_spans_point_at_the_figure():
    text = "Товарооборот превысил 547 миллионов долларов - это втрое больше."
    qs = extract_quantities(text)
    assert [text[q.start:q.end] for q in qs] == ["547 миллионов долларов", "втрое"]
    text = "увеличить товарооборот до $1 млрд."
    (q,) = extract_quantities(text)
    assert q.text == "$1 млрд" and text[q.start:q.end] == q.text


def test_long_clause_quote_is_cut_around_the_figure():
    filler = ", ".join(f"в рамках направления номер {w}" for w in ("один", "два", "три", "четыре", "пять"))
    text = f"Стороны обсудили сотрудничество {filler}, и товарооборот составил 533 млн долларов {filler}."
    sents, docs = _frames([(D003, 1, 0, text)])
    (r,) = list(claims_register(sents, docs).itertuples())
    assert len(text) > 300 and len(r.quote) <= 200
    assert "533 млн долларов" in r.quote and text[r.quote_start:r.quote_end] == r.quote


def test_normalise_keeps_offsets():
    s = "Ёлка\u00a0533\u202fмлн ДОЛЛАРОВ İ"
    n = normalise(s)
    assert len(n) == len(s) and n.startswith("елка 533 млн долларов")


def test_clause_spans_cover_the_sentence():
    text = "Товарооборот составил 533 млн долларов, при этом стороны ставят цель; рост на 5 – 7 %: итог"
    spans = clause_spans(text)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:]))
    pieces = [text[a:b] for a, b in spans]
    assert "Товарооборот составил 533 млн долларов" in pieces
    assert any("5 – 7 %" in p for p in pieces)  # a dash between digits is a range, not a boundary


# --------------------------------------------------------------------------------------------------
# Periods and kinds
# --------------------------------------------------------------------------------------------------


def test_target_kinds_and_periods():
    sents, docs = _frames([
        (D003, 1, 0, "Планируется довести объем перевозок до 10 млн тонн к 2027 году."),
        (D003, 2, 0, "В 2024 году товарооборот составил 533 млн долларов и, как ожидается, превысит 700 млн "
                     "долларов."),
        (D003, 3, 0, "В 2030 году планируется нарастить экспорт до 2 млн тонн."),
        (D003, 4, 0, "В 2020 году стороны поставили цель довести товарооборот до 1 млрд долларов."),
    ])
    c = claims_register(sents, docs)
    got = [(r.value, r.period_start, r.period_kind) for r in c.itertuples()]
    assert got == [
        (1e7, "2027", "target"),
        (533e6, "2024", "actual"),
        (700e6, None, "target"),  # the only year in the clause is the reported one (past)
        (2e6, "2030", "target"),
        (1e9, None, "target"),  # 2020 is when the goal was set, not its deadline
    ]


def test_target_cue_governs_only_its_own_figure():
    sents, docs = _frames([
        (D004, 1, 0, "Планируется увеличить экспорт на 5%, в прошлом году он вырос на 3%."),
        (D004, 2, 0, "Планируется увеличить экспорт зерна на 10% и импорт на 20%."),
    ])
    c = claims_register(sents, docs)
    assert [(r.value, r.period_start, r.period_kind) for r in c.itertuples()] == [
        (5.0, None, "target"), (3.0, "2024", "actual"), (10.0, None, "target"), (20.0, None, "target")]


def test_actual_without_time_expression_is_unresolved_and_inherits_within_sentence():
    sents, docs = _frames([
        (D004, 1, 0, "В Азербайджане работают около 250 компаний."),
        (D004, 2, 0, "В 2024 году товарооборот составил 533 млн долларов, а инвестиции – 2 млрд долларов."),
        (D004, 3, 0, "Товарооборот составил 533 млн долларов в 2024 году."),
    ])
    c = claims_register(sents, docs)
    assert [(r.value, r.period_start, r.period_kind) for r in c.itertuples()] == [
        (250.0, None, "unresolved"), (533e6, "2024", "actual"), (2e9, "2024", "actual"),
        (533e6, "2024", "actual")]
    assert c.indicator.tolist() == ["other", "trade_turnover", "investment", "trade_turnover"]


def test_change_range_low_end_is_not_given_the_sentence_period():
    sents, docs = _frames([(D003, 1, 0, "В 2024 году транзит нефти через Азербайджан вырос с 0,8 до 4,5 млн тонн.")])
    c = claims_register(sents, docs)
    assert [(r.value, r.period_start, r.period_kind, r.indicator) for r in c.itertuples()] == [
        (8e5, None, "unresolved", "oil_transit_btc"), (4.5e6, "2024", "actual", "oil_transit_btc")]


def test_growth_over_the_previous_year_and_explicit_base():
    sents, docs = _frames([
        (D004, 1, 0, "В 2024 году товарооборот увеличился на 40 процентов и достиг 450 миллионов долларов."),
        (D004, 2, 0, "Товарооборот за январь-июнь 2025 года вырос на 12% по сравнению с 2023 годом."),
    ])
    c = claims_register(sents, docs).set_index("claim_id")
    g = c.loc[f"{D004}-c001"]
    assert (g.value, g.period_start, g.base_period_start, g.growth_ref) == (40.0, "2024", "2023", f"{D004}-c002")
    g = c.loc[f"{D004}-c003"]
    assert (g.value, g.base_period_start, g.base_period_end) == (12.0, "2023", "2023")


def test_track_falls_back_to_sentence_track():
    sents, docs = _frames([(D003, 1, 0, "Рост составил 6,2%.")], tracks={f"{D003}-s001": ("general", "digital")})
    c = claims_register(sents, docs)
    assert (c.indicator.iloc[0], c.track.iloc[0]) == ("other", "digital")
    sents, docs = _frames([(D003, 1, 0, "Рост составил 6,2%.")])
    assert claims_register(sents, docs).track.iloc[0] == "general"


def test_context_indicator_only_from_previous_sentence_of_same_paragraph():
    prev = ("\"Со стороны Казахстана мы видим запрос на транспортировку больших объемов казахской нефти через "
            "территорию Азербайджана на мировые рынки.")
    cur = "Озвучиваются разные цифры, вплоть до 7 млн т в год."
    same = claims_register(*_frames([(D002, 1, 0, prev), (D002, 2, 0, cur)]))
    other = claims_register(*_frames([(D002, 1, 0, prev), (D002, 2, 1, cur)]))
    assert same.indicator.tolist() == ["oil_transit_btc"]
    assert other.indicator.tolist() == ["other"]


def test_empty_inputs():
    empty = claims_register(pd.DataFrame(columns=["doc_id", "sentence_id", "text"]),
                            pd.DataFrame(columns=["doc_id", "published", "outlet"]))
    assert list(empty.columns) == CLAIM_COLUMNS and len(empty) == 0
    sents, docs = _frames([(D000, 1, 0, "Без цифр."), (D000, 2, 0, "")])
    assert len(claims_register(sents, docs)) == 0


# --------------------------------------------------------------------------------------------------
# Data files
# --------------------------------------------------------------------------------------------------


def test_indicator_definitions_are_consistent():
    inds = load_indicators()
    ids = [d["id"] for d in inds]
    assert len(ids) == len(set(ids))
    required = {"trade_turnover", "trade_turnover_growth", "oil_transit_btc", "port_capacity_growth",
                "container_throughput_growth", "grain_import_share", "kazakh_companies_in_azerbaijan",
                "leader_meetings", "transit_time_reduction"}
    assert required <= set(ids)
    units = yaml.safe_load((LEXICON_DIR / "units.yml").read_text(encoding="utf-8"))["units"]
    known_units = {u["unit"] for u in units if "unit" in u} | {"count", "x", "t/yr", "m3/yr", "bbl/yr", "bbl/d"}
    for d in inds:
        assert d["track"] in {None, "energy", "transport", "digital", "agriculture", "general"}, d["id"]
        assert d["units"] and d["units"] <= known_units, d["id"]
        if d["growth_of"]:
            assert d["units"] <= {"%", "x"}, d["id"]
    labels = indicator_labels()
    assert labels["trade_turnover"] == "Bilateral trade turnover" and "other" in labels
    assert all(re.fullmatch(r"[A-Z][\x20-\x7e–]+", v) for v in labels.values())  # English labels


# --------------------------------------------------------------------------------------------------
# Speed and the real pipeline
# --------------------------------------------------------------------------------------------------


def test_integration_on_real_seeds():
    from analysis.ingest.reading import read_corpus
    from analysis.nlp.sentences import split_sentences
    from analysis.nlp.tracks import tag_tracks

    docs, _manifest = read_corpus(REPO_ROOT / "seeds")
    sents = tag_tracks(split_sentences(docs))
    claims = claims_register(sents, docs)
    got = sorted((r.doc_id, round(r.value, 3), r.unit, r.qualifier, r.period_start, r.period_end, r.period_kind,
                  r.indicator) for r in claims.itertuples())
    want = sorted((sid.rsplit("-s", 1)[0], round(w[0], 3), *w[1:]) for sid, ws in EXPECTED.items() for w in ws)
    assert got == want
    by_id = sents.set_index("sentence_id").text
    for r in claims.itertuples():
        assert by_id[r.sentence_id][r.quote_start:r.quote_end] == r.quote
    assert claims[claims.doc_id == D001].period_start.isna().all()
    assert set(claims.outlet) == {"AZERTAC", "Vestnik Kavkaza", "Day.Az", "1news.az"}


def test_register_analyses_each_distinct_sentence_once(monkeypatch):
    # Reprints repeat sentences verbatim: the grammar runs once per distinct text and the dates module once
    # per distinct (text, publication date), and every copy still gets the claims it gets on its own.
    import analysis.claims.register as claims_mod
    from analysis.nlp.dates import find_time_expressions

    rows = [(f"{d}x{k}", n, p, t) for k in range(3) for d, n, p, t in SEED_SENTENCES]
    sents, _ = _frames(rows)
    docs = pd.DataFrame([{"doc_id": f"{d}x{k}", "published": PUBLISHED[d] if k < 2 else "2024-06-30",
                          "outlet": f"Outlet{k}"} for k in range(3) for d in PUBLISHED])
    grammar_runs: dict[str, int] = {}
    date_runs: dict[tuple, int] = {}
    quantities = _quantities

    def counted_quantities(text, norm):
        grammar_runs[text] = grammar_runs.get(text, 0) + 1
        return quantities(text, norm)

    def counted_find_time(text, published):
        date_runs[text, published] = date_runs.get((text, published), 0) + 1
        return find_time_expressions(text, published)

    monkeypatch.setattr(claims_mod, "_quantities", counted_quantities)
    got = claims_register(sents, docs, find_time=counted_find_time)
    assert len(got) == 3 * N_SEED_CLAIMS
    assert set(grammar_runs) == {t for *_x, t in SEED_SENTENCES} and set(grammar_runs.values()) == {1}
    assert set(date_runs.values()) == {1} and len(date_runs) < len(got)
    for doc_id in docs.doc_id:
        alone = claims_register(sents[sents.doc_id == doc_id], docs)
        pd.testing.assert_frame_equal(got[got.doc_id == doc_id].reset_index(drop=True), alone, check_exact=True)


def test_clause_spans_with_given_normalised_text():
    text = "Экспорт\u00a0вырос на 5 %; импорт – на 3 %. Итог: рост"
    assert clause_spans(text, normalise(text)) == clause_spans(text)


@pytest.mark.parametrize("numeral", ["9" * 400, "1" + "0" * 308 + " млрд", "1" + "0" * 20, "12 345 678 901 234 567"])
def test_numeral_too_large_for_a_float_is_no_figure(numeral):
    # found by fuzzing: the value overflowed to inf, and formatting it (int(inf)) crashed the book; a numeral
    # of more than 15 digits is not even held exactly by a float, and its arithmetic overflows downstream
    text = f"Экспорт нефти составил {numeral} тонн, а транзит — 5 млн тонн в 2025 году."
    got = extract_quantities(text)
    assert [(q.text, q.value, q.unit) for q in got] == [("5 млн тонн", 5e6, "t")]
    assert extract_quantities("Товарооборот вырос в " + "9" * 400 + " раз.") == []
    assert extract_quantities("Порт получил " + "9" * 400 + "-кратный рост грузов.") == []
    big = extract_quantities("Экспорт составил 999 999 999 999 999 тонн.")
    assert [(q.value, q.unit) for q in big] == [(999_999_999_999_999.0, "t")]


@pytest.mark.parametrize("text, figure, value", [("Ожидается 1,5-кратный рост грузов.", "1,5-кратный", 1.5),
                                                 ("Ожидается 1.5-кратное увеличение.", "1.5-кратное", 1.5),
                                                 ("Ожидается 2-кратный рост.", "2-кратный", 2.0)])
def test_multiplier_adjective_with_a_decimal(text, figure, value):
    # found by fuzzing: the span of "1,5-кратный" was looked for without its decimal comma (AttributeError)
    assert [(q.text, q.value, q.unit) for q in extract_quantities(text)] == [(figure, value, "x")]


# --------------------------------------------------------------------------------------------------
# Why: the named rules behind each claim
# --------------------------------------------------------------------------------------------------


def _why(claims: pd.DataFrame, sentence_id: str, value: float) -> dict[str, str]:
    """The why cell of the claim of *value* in *sentence_id*, as {part: rule}."""
    (w,) = claims[(claims.sentence_id == sentence_id) & (claims.value == value)].why.tolist()
    return dict(part.split("=", 1) for part in w.split("; "))


def test_why_is_the_last_column_and_names_every_decision(seed_claims):
    assert CLAIM_COLUMNS[-2:] == ["base_period_end", "why"]
    assert list(seed_claims.columns)[-1] == "why"
    for w in seed_claims.why:
        parts = dict(part.split("=", 1) for part in w.split("; "))
        assert list(parts) == ["qualifier", "period", "kind", "subject", "indicator", "figure"], w
        assert all(parts.values()), w
    empty = claims_register(pd.DataFrame(columns=["doc_id", "sentence_id", "text"]), None)
    assert list(empty.columns)[-1] == "why" and empty.why.dtype == object


def test_why_of_trade_figures_in_the_seeds(seed_claims):
    more_than = yaml.safe_load((LEXICON_DIR / "units.yml").read_text(encoding="utf-8"))["qualifiers"]["more_than"]
    # "объем взаимного товарооборота превысил 547 миллионов долларов" (004): a more-than word, clause keyword
    w = _why(seed_claims, f"{D004}-s011", 547e6)
    assert w["qualifier"] == "before:превысил" and re.fullmatch(more_than, "превысил")
    assert w["indicator"] == "trade_turnover@clause"
    assert w["period"] == "nearest-before-in-clause:За первые восемь месяцев 2025 года"
    assert w["kind"] == "reported-with-time" and w["figure"] == "figure_with_unit"
    # "это втрое больше, чем годом ранее": the period comes from the earlier clause, the keyword from the sentence
    w = _why(seed_claims, f"{D004}-s011", 3.0)
    assert w["period"] == "nearest-in-earlier-clause:За первые восемь месяцев 2025 года"
    assert w["indicator"] == "trade_turnover_growth@sentence" and w["figure"] == "multiplier_adverb"
    # "в 2024 году составил свыше 533 млн долларов, при этом стороны ставят цель довести этот показатель до 1 млрд" (003)
    w = _why(seed_claims, f"{D003}-s021", 533e6)
    assert (w["qualifier"], w["indicator"]) == ("before:свыше", "trade_turnover@clause")
    assert w["period"] == "nearest-before-in-clause:в 2024 году"
    w = _why(seed_claims, f"{D003}-s021", 1e9)
    assert (w["qualifier"], w["kind"], w["period"]) == ("to-level:до", "target-cue:довести", "none:no-time-in-clause")
    assert (w["indicator"], w["figure"]) == ("trade_turnover@sentence", "bare_amount+unit_from_context")
    w = _why(seed_claims, f"{D003}-s021", 5.0)
    assert (w["qualifier"], w["figure"]) == ("no-word-before", "multiplier_v_n_raz")


def test_why_of_periods_kinds_and_context_indicators(seed_claims):
    w = _why(seed_claims, f"{D003}-s016", 50.0)  # "К 2028 году планируется увеличить … на 50%"
    assert w["kind"].startswith("target-cue:") and w["period"] == "nearest-before-in-clause:К 2028 году"
    w = _why(seed_claims, f"{D003}-s017", 3.0)  # "Также в три раза увеличится пропуск контейнеров."
    assert (w["kind"], w["period"]) == ("target-cue-after:увеличится", "none:no-time-in-clause")
    w = _why(seed_claims, f"{D001}-s007", 450e6)  # "В прошлом году" in an undated document
    assert w["period"] == "none:relative-in-undated-document:В прошлом году"
    assert w["kind"] == "reported-without-time"
    w = _why(seed_claims, f"{D002}-s030", 7e6)  # "Озвучиваются разные цифры, вплоть до 7 млн т в год"
    assert (w["qualifier"], w["indicator"]) == ("before:вплоть до", "oil_transit_btc@previous-sentence")
    assert w["period"] == "none:no-governing-time"
    w = _why(seed_claims, f"{D004}-s017", 2.0)  # "почти вдвое"
    assert (w["qualifier"], w["figure"]) == ("before:почти", "multiplier_adverb")
    w = _why(seed_claims, f"{D004}-s010", 10.0)  # "более десяти раз"
    assert (w["qualifier"], w["figure"]) == ("before:более", "count_before_countable_noun")


def test_why_of_ranges_and_other_indicators():
    sents, docs = _frames([(D003, 1, 0, "В 2024 году транзит нефти через Азербайджан вырос с 0,8 до 4,5 млн тонн."),
                           (D003, 2, 0, "Рост составил 6,2%.")])
    c = claims_register(sents, docs)
    lo, hi, other = (dict(p.split("=", 1) for p in w.split("; ")) for w in c.why)
    assert (lo["kind"], lo["period"], lo["figure"]) == ("change-range-low-end", "none:change-range-low-end",
                                                        "range_from_to")
    assert (hi["kind"], hi["period"]) == ("reported-with-time", "nearest-before-in-clause:В 2024 году")
    assert other["indicator"] == "other@no-rule"


@pytest.mark.parametrize("text, rules", [
    ("объем вырос с 0,8 до 4,5 млн тонн", [("range_from_to", "no-word-before")] * 2),
    ("рост в 1,5–2 раза", [("multiplier_range", "no-word-before")] * 2),
    ("поставлено 500 с лишним тонн", [("figure_with_unit", "after:с лишним")]),
    ("довести товарооборот до $1 млрд", [("figure_with_unit", "to-level:до")]),
    ("до 5–7%", [("range_from_to", "range:до")] * 2),
    ("двукратный рост", [("multiplier_adjective", "no-word-before")]),
    ("экспорт 5 млн тонн, а до 1 млрд", [("figure_with_unit", "no-word-before"), ("bare_amount", "before:до")]),
])
def test_quantities_name_their_rules(text, rules):
    qs = extract_quantities(text)
    assert [(q.rule, q.qualifier_rule) for q in qs] == rules


def test_rule_fields_do_not_change_equality():
    (q,) = extract_quantities("около 250 компаний")
    assert q == dataclasses.replace(q, rule="other", qualifier_rule="other") and hash(q) == hash(
        dataclasses.replace(q, rule="x"))


def test_grammar_rules_are_named_and_documented_with_an_example():
    from analysis.claims.quantities import TOKEN_RULES, WORD_RULES

    rules = WORD_RULES + TOKEN_RULES
    assert len({r.__name__ for r in rules}) == len(rules)
    for r in rules:
        doc = r.__doc__ or ""
        assert "\n" not in doc.strip() and re.search(r"\"[^\"]*[а-я][^\"]*\"", doc), r.__name__


def test_no_function_of_the_grammar_or_register_is_longer_than_80_lines():
    import ast

    for name in ("quantities", "grammar", "register", "text", "indicators"):
        path = REPO_ROOT / "analysis" / "claims" / f"{name}.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                assert node.end_lineno - node.lineno + 1 <= 80, (name, node.name)


# ------------------------------------------------------------------------ indicator by meaning

@pytest.mark.parametrize("sentence, value, indicator", [
    # a count of ships is no container throughput; a ship's capacity is no volume moved
    ("Компания приобретет 6 новых контейнерных судов для перевозки контейнеров.", 6, "other"),
    ("Казахстан купит два судна вместимостью 700 контейнеров для перевозки контейнеров.", 700, "other"),
    # TEU are containers even without the word "контейнер"
    ("В 2024 году компания перевезла 51,4 тысячи ДФЭ.", 51_400, "container_throughput"),
    # a growth is its level's: tonne-kilometres are no freight tonnes, oil has no growth indicator
    ("Грузооборот составил 1,860 миллиарда тонно-километров и увеличился на 17,6%.", 17.6, "other"),
    ("Перевалка нефти возросла на 54% и превысила 3 млн тонн.", 54, "other"),
    ("Объем перевозок грузов вырос на 12% и составил 3 млн тонн.", 12, "cargo_volume_growth"),
    ("Объем перевозок увеличился на 15% по сравнению с 2024 годом (51,4 тысячи ДФЭ).", 15, "container_throughput_growth"),
])
def test_indicator_by_meaning(sentence, value, indicator):
    sents, docs = _frames([("m1", 0, 0, sentence)], published={"m1": "2025-01-10"})
    c = claims_register(sents, docs)
    row = c[c["value"] == value].iloc[0]
    assert row["indicator"] == indicator, row["why"]


def test_kazakh_oil_via_azerbaijan_is_the_btc_indicator_and_other_oil_is_not():
    sents, docs = _frames([
        ("o1", 0, 0, "В прошлом году транзит казахстанской нефти через Азербайджан составил 1,5 млн тонн."),
        ("o2", 0, 0, "Экспорт казахстанской нефти в Россию составил 8,8 млн тонн."),
    ], published={"o1": "2025-01-10", "o2": "2025-01-10"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[1.5e6, "indicator"] == "oil_transit_btc" and bool(c.loc[1.5e6, "bilateral"])
    assert c.loc[8.8e6, "indicator"] != "oil_transit_btc" and not bool(c.loc[8.8e6, "bilateral"])


def _by_value(rows, published) -> pd.DataFrame:
    """The register of one-sentence articles *rows*, indexed by the figures' values."""
    return claims_register(*_frames(rows, published=published)).set_index("value")


def test_oil_shipped_towards_the_btc_pipeline_stays_btc_oil_and_oil_handled_at_aktau_does_not():
    # the pipeline is Azerbaijan's way through, not three parties "Baku", "Tbilisi" and "Ceyhan pipeline"
    c = _by_value([
        ("o1", 0, 0, "Планируемая масса отгрузки нефти по направлению БТД на апрель 2023 года составляет 125 тыс. "
                     "тонн, сообщает национальный оператор Казахстана."),
        ("o2", 0, 0, "Перевалка нефти через морской порт Актау в январе-июне 2023 года выросла на 63% — до 1,8 млн тонн."),
    ], published={"o1": "2023-03-20", "o2": "2023-07-10"})
    assert c.loc[125e3, "subject"] == "Baku–Tbilisi–Ceyhan pipeline" and c.loc[125e3, "indicator"] == "oil_transit_btc"
    assert c.loc[1.8e6, "subject"] == "Port of Aktau" and c.loc[1.8e6, "indicator"] == "oil_volume"


def test_a_partner_beyond_the_region_is_a_partner_and_the_dollar_names_no_country():
    c = _by_value([
        ("o1", 0, 0, "В 2025 году объем поставок казахстанской нефти в Германию составил 2,1 млн тонн, а в Италию – "
                     "9,5 млн тонн."),
        ("o2", 0, 0, "Товарооборот Азербайджана с Казахстаном вырос до 547,6 млн долларов США."),
    ], published={"o1": "2026-01-20", "o2": "2025-10-10"})
    assert c.loc[2.1e6, "subject"] == "Kazakhstan–Germany" and c.loc[9.5e6, "subject"] == "Kazakhstan–Italy"
    assert not c.loc[[2.1e6, 9.5e6], "bilateral"].any()
    assert c.loc[547.6e6, "subject"] == "Kazakhstan–Azerbaijan" and bool(c.loc[547.6e6, "bilateral"])


def test_partner_by_partner_customs_release_gives_one_subject_per_figure():
    text = ("За первые восемь месяцев 2025 года товарооборот Азербайджана с Турцией сократился на 7,9%, до 3,8 млрд "
            "долларов США. Товарооборот с Кыргызстаном за тот же период увеличился в 1,8 раза, до 53,4 млн долларов "
            "США, с Казахстаном – в 3,2 раза, до 547,6 млн долларов США, а с Узбекистаном – в 2,1 раза, до 292 млн "
            "долларов США.")
    sents, docs = _frames([("p1", n, 0, t) for n, t in enumerate(text.split(". "))], published={"p1": "2025-10-10"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[3.8e9, "subject"] == "Azerbaijan–Turkey"
    assert c.loc[53.4e6, "subject"] == "Azerbaijan–Kyrgyzstan"
    assert c.loc[547.6e6, "subject"] == "Kazakhstan–Azerbaijan" and bool(c.loc[547.6e6, "bilateral"])
    assert c.loc[292e6, "subject"] == "Azerbaijan–Uzbekistan"
    # "до X" after a change, its verb elided, is the level reached; the period is the first sentence's
    assert set(c.loc[[3.8e9, 547.6e6], "qualifier"]) == {"exact"}
    assert c.loc[547.6e6, "period_start"] == "2025-01" and c.loc[547.6e6, "period_end"] == "2025-08"


def test_kind_separates_targets_forecasts_and_facts():
    sents, docs = _frames([
        ("k1", 0, 0, "Стороны намерены довести товарооборот до $1 млрд."),
        ("k2", 0, 0, "По прогнозам, объем перевозок составит 5 млн тонн."),
        ("k3", 0, 0, "Длина трубопровода составляет 1 768 км."),
    ], published={"k1": "2025-01-10", "k2": "2025-01-10", "k3": "2025-01-10"})
    c = claims_register(sents, docs).set_index("value")
    assert (c.loc[1e9, "kind"], c.loc[5e6, "kind"], c.loc[1768, "kind"]) == ("target", "forecast", "actual")


@pytest.mark.parametrize("sentence, expected", [
    ("Импорт составил 1 миллион 292 тысячи 26 тонн.", [(1_292_026, "t")]),
    ("Ввезено 495 тыс. 611,5 тонн пшеницы.", [(495_611.5, "t")]),
    ("Тонна пшеницы импортировалась по цене $236,5.", [(236.5, "USD/t")]),
    ("Стоимость одной тонны составила 259 долларов.", [(259, "USD/t")]),
    ("Добыча держится на уровне 30 тысяч б/с.", [(30_000, "bbl/d")]),
    ("Линия обеспечит не менее 4-6 терабит/с.", [(4e12, "bit/s"), (6e12, "bit/s")]),
    ("Стороны договорились удвоить товарооборот до $1 млрд.", [(2, "x"), (1e9, "USD")]),
    ("Грузооборот составил 1,860 миллиарда тонно-километров.", [(1.86e9, "tkm")]),
])
def test_numbers_prices_and_units_on_real_phrasings(sentence, expected):
    assert [(q.value, q.unit) for q in extract_quantities(sentence)] == [(float(v), u) for v, u in expected]


def test_a_scale_abbreviation_never_ends_a_sentence():
    from analysis.nlp.sentences import split_sentences

    docs = pd.DataFrame({"doc_id": ["x"], "text": ["К 2029 году объем планируется увеличить до 300 тыс. TEU. "
                                                   "Рост составил 5 тыс. Новый терминал открыт."]})
    assert split_sentences(docs)["text"].tolist() == [
        "К 2029 году объем планируется увеличить до 300 тыс. TEU.", "Рост составил 5 тыс.", "Новый терминал открыт."]
    # nor before a unit written with a capital: "в 4 тыс. МВт", "до 400 тыс. Гбит/с"
    docs = pd.DataFrame({"doc_id": ["y"], "text": ["Его мощность оценивается в 4 тыс. МВт. Затем 1 тыс. МВт пойдет в Европу."]})
    assert split_sentences(docs)["text"].tolist() == ["Его мощность оценивается в 4 тыс. МВт.", "Затем 1 тыс. МВт пойдет в Европу."]


def test_routes_visits_and_pronoun_continuations():
    sents, docs = _frames([
        ("r1", 0, 0, "В 2024 году Казахстан намерен нарастить экспорт нефти по маршруту Актау — Баку — Тбилиси — Джейхан до 1,5 млн тонн."),
        ("r1", 1, 1, "По маршруту Атырау - Самара обеспечена транспортировка 8,8 млн тонн нефти."),
        ("r2", 0, 0, "В первые семь месяцев 2025 года товарооборот Азербайджана с Турцией составил 3,4 млрд долларов."),
        ("r2", 1, 0, "С Кыргызстаном он увеличился в два раза и достиг 40 млн долларов."),
    ], published={"r1": "2024-03-01", "r2": "2025-08-30"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[1.5e6, "subject"] == "Kazakhstan–Azerbaijan" and bool(c.loc[1.5e6, "bilateral"])
    assert c.loc[8.8e6, "subject"] == "Kazakhstan–Russia"
    assert (c.loc[40e6, "period_start"], c.loc[40e6, "period_end"]) == ("2025-01", "2025-07")
    assert c.loc[40e6, "subject"] == "Azerbaijan–Kyrgyzstan"


def test_transit_times_in_days_are_figures_and_other_durations_are_not():
    assert [(q.value, q.unit) for q in extract_quantities(
        "Средний срок доставки грузов по маршруту Сиань-Баку составил 16 дней.")] == [(16.0, "day")]
    assert extract_quantities("Визит продлится три дня, выставка прошла 3 дня.") == []
    # both ends of a fall from one time to another
    assert [(q.value, q.unit, q.range_role) for q in extract_quantities(
        "Срок доставки сократился с 20 до 12 дней.")] == [(20.0, "day", "low"), (12.0, "day", "high")]
    # a crossing in hours; a time told after a dash in a sentence about delivery
    assert [(q.value, q.unit) for q in extract_quantities(
        "Раньше на доставку груза паромом уходило 22 часа.")] == [(22.0, "hour")]
    assert [(q.value, q.unit) for q in extract_quantities(
        "Время доставки по коридору — около 14 дней, а по морю — 40-50 дней.")] == [(14.0, "day"), (40.0, "day"),
                                                                                   (50.0, "day")]
    assert [(q.value, q.unit) for q in extract_quantities("Грузопотоки могут утроиться.")] == [(3.0, "x")]


def test_entity_subjects_glosses_anaphors_and_joint_figures():
    sents, docs = _frames([
        # a parenthesised abbreviation or country is a gloss, not another party
        ("e1", 0, 0, "За январь-октябрь товарооборот Азербайджана с государствами — членами Организации тюркских "
                     "государств (ОТГ) достиг 5,9 млрд долларов."),
        ("e2", 0, 0, "В январе-октябре 2023 года грузооборот Актауского морского торгового порта (Казахстан) "
                     "составил 3,8 млн тонн."),
        # a bare "порт" refers back to the port named before; plural "портов" does not
        ("e2", 1, 0, "Кроме того, за отчетный период порт обработал 162 тыс. тонн зерна."),
        # the port the oil leaves from is the figure's subject, not the oil's owner
        ("e3", 0, 0, "С января по сентябрь 2023 года из порта Актау было экспортировано 2 484,8 тысячи тонн "
                     "казахстанской нефти."),
        # subsidiaries of a Kazakh and an Azerbaijani company moving oil together: a joint, bilateral figure
        ("e4", 0, 0, "Дочерние компании КМГ и SOCAR – «Казмортрансфлот» и ASCO – на паритетных началах "
                     "перевезли порядка 3,4 млн тонн нефти."),
    ], published={"e1": "2025-11-10", "e2": "2023-11-10", "e3": "2023-10-10", "e4": "2025-01-10"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[5.9e9, "subject"] == "Azerbaijan–OTS members" and not bool(c.loc[5.9e9, "bilateral"])
    assert c.loc[3.8e6, "subject"] == "Port of Aktau"
    assert c.loc[162e3, "subject"] == "Port of Aktau"
    assert c.loc[2_484_800, "subject"] == "Port of Aktau"
    assert c.loc[3.4e6, "subject"] == "Kazakhstan–Azerbaijan" and bool(c.loc[3.4e6, "bilateral"])


def test_indicator_by_meaning_changes_shares_trade_values_and_counted_nouns():
    sents, docs = _frames([
        ("m1", 0, 0, "За январь-октябрь 2025 года товарооборот Азербайджана с Турцией составил 4,8 млрд долларов."),
        # a change by an amount is the turnover's growth (in USD), not a level
        ("m1", 1, 0, "По сравнению с аналогичным периодом прошлого года этот показатель увеличился на 136,5 млн долларов."),
        # a share of a total is neither the total nor its growth
        ("m1", 2, 0, "На торговлю с Турцией в отчетном периоде пришлось 14,7% всего внешнеторгового оборота Азербайджана."),
        # money after an export or import verb is the value exported or imported, whatever the goods
        ("m1", 3, 1, "За тот же период Азербайджан экспортировал в Турцию 133,1 тыс. тонн сырой нефти на сумму 65,042 млн долларов."),
        ("m2", 0, 0, "В страну было ввезено 1 миллион 292 тысячи 26 тонн пшеницы на сумму 279 млн долларов."),
        # the counted noun decides between oil, grain and other freight
        ("m3", 0, 0, "За девять месяцев 2023 года порт Актау обработал 162 тыс. тонн зерна и 142 тыс. тонн металла."),
        ("m3", 1, 1, "Кроме того, дополнительно формируется транзит 10 млн тонн российской нефти."),
    ], published={"m1": "2025-11-10", "m2": "2025-02-10", "m3": "2023-10-10"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[136.5e6, "indicator"] == "trade_turnover_growth"
    assert c.loc[14.7, "indicator"] == "other"
    assert c.loc[65.042e6, "indicator"] == "exports_value"
    assert c.loc[279e6, "indicator"] == "imports_value"
    assert (c.loc[162e3, "indicator"], c.loc[142e3, "indicator"]) == ("grain_volume", "cargo_volume")
    assert c.loc[10e6, "indicator"] == "oil_volume"
    assert "meaning:share_is_no_level" in c.loc[14.7, "why"]


def test_periods_stated_once_for_the_article_and_same_period_of_another_year():
    sents, docs = _frames([
        # the year stated once, in a sentence with no figure, holds for the figures told after it in the past
        ("p1", 0, 0, "Импорт пшеницы в Азербайджан в 2024 году продемонстрировал интересные изменения."),
        ("p1", 1, 1, "По данным таможни, в страну было ввезено 1 292 026 тонн пшеницы."),
        # … but not for one that holds every year, or one told in the present
        ("p1", 2, 2, "По контракту ежегодно поставляется 2,2 млн тонн."),
        ("p2", 0, 0, "В январе-ноябре этого года судами ASCO было перевезено 18 542 TEU."),
        # "за тот же период 2024 года": the same months, of 2024
        ("p2", 1, 1, "За тот же период 2024 года этот показатель составлял 6 186 TEU."),
        # a deadline "до конца 2027 года" is its year
        ("p3", 0, 0, "До конца 2027 года планируется подключить более 3 тысяч сел."),
    ], published={"p1": "2025-02-10", "p2": "2025-12-26", "p3": "2025-05-10"})
    c = claims_register(sents, docs).set_index("value")
    assert (c.loc[1_292_026, "period_start"], c.loc[1_292_026, "period_end"]) == ("2024", "2024")
    assert "article-period" in c.loc[1_292_026, "why"]
    assert c.loc[2.2e6, "period_start"] is None
    assert (c.loc[6186, "period_start"], c.loc[6186, "period_end"]) == ("2024-01", "2024-11")
    assert (c.loc[3000, "period_start"], c.loc[3000, "period_end"], c.loc[3000, "kind"]) == ("2027", "2027", "target")


def test_subjects_from_carrier_route_attribution_and_visits():
    sents, docs = _frames([
        # the route the goods travel by, not the country they leave
        ("s1", 0, 0, "За 8 месяцев 2024 года из Китая по Среднему коридору было отправлено 212 блок-поездов."),
        # the carrier that moves them (the verb's subject), not the route
        ("s2", 0, 0, "Азербайджанское Каспийское морское пароходство в этом году втрое увеличило грузоперевозки по Среднему коридору."),
        # where the agency writes from and whom it cites are no party of the figure
        ("s3", 0, 0, "В 2025 году «Казмортрансфлот» перевез 59,4 тысячи ДФЭ."),
        ("s3", 1, 1, "Как передает из Астаны агентство Trend, ссылаясь на информацию КМГ, объем перевозок увеличился на 15%."),
        # Kazakh oil from Aktau down the Baku–Tbilisi–Ceyhan route is theirs
        ("s4", 0, 0, "По итогам 2023 года отгрузка нефти из порта Актау в направлении Баку — Тбилиси — Джейхан составила 1 млн тонн."),
        # visits by one's president to the other
        ("s5", 0, 0, "Президент Казахстана Касым-Жомарт Токаев шесть раз посетил Азербайджан."),
        # "закупил у России": Russia is where the grain comes from
        ("s6", 0, 0, "Азербайджан в этом сезоне закупил у России 1,6 млн т зерна."),
    ], published={k: "2025-12-20" for k in ("s1", "s2", "s3", "s4", "s5", "s6")})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[212, "subject"] == "Middle Corridor"
    assert c.loc[3, "subject"] == "ASCO"
    assert c.loc[15, "subject"] == "Kazmortransflot"
    assert c.loc[1e6, "subject"] == "Kazakhstan–Azerbaijan" and bool(c.loc[1e6, "bilateral"])
    assert c.loc[6, "subject"] == "Kazakhstan–Azerbaijan"
    assert set(c.loc[1.6e6, "subject"].split("–")) == {"Azerbaijan", "Russia"}


def test_kind_from_modals_agreements_future_verbs_and_routes_written_with_dashes():
    sents, docs = _frames([
        ("k1", 0, 0, "В перспективе этот показатель может быть увеличен до $1 млрд."),
        ("k2", 0, 0, "КМГ и SOCAR заключили соглашение о транспортировке 1,5 миллиона тонн нефти ежегодно."),
        ("k3", 0, 0, "Прокладку кабеля длиной около 380 км осуществят Транстелеком и AzerTelecom."),
        # the dashes of a route are no clause break: "намерен" still governs the figure
        ("k4", 0, 0, "В 2024 году Казахстан намерен нарастить экспорт нефти по маршруту Актау — Баку — Тбилиси — Джейхан до 1,2 млн тонн."),
        ("k5", 0, 0, "Источники сообщили, что в 2023 году по другому маршруту могут начать поступать ещё 3,5 миллиона тонн нефти."),
    ], published={"k1": "2023-10-27", "k2": "2022-06-01", "k3": "2020-10-01", "k4": "2024-02-01", "k5": "2022-11-01"})
    c = claims_register(sents, docs).set_index("value")
    assert [c.loc[v, "kind"] for v in (1e9, 1.5e6, 380, 1.2e6)] == ["target"] * 4
    assert c.loc[3.5e6, "kind"] == "forecast"
    assert "future-verb:осуществят" in c.loc[380, "why"]


def test_the_country_just_named_comparison_bases_and_deliveries():
    sents, docs = _frames([
        ("c1", 0, 0, "Импорт пшеницы в Азербайджан в 2024 году продемонстрировал интересные изменения."),
        # "в страну": the country just named, and the year stated before
        ("c1", 1, 1, "По данным таможни, в страну было ввезено 1 292 026 тонн пшеницы на сумму 279 млн долларов."),
        # no verb of its own: the comparison continues the article's period; its base is not the period
        ("c1", 2, 2, "По сравнению с 2023 годом в количественном выражении это на 10% больше."),
        # "было поставлено" is a delivery, not a goal ("поставлена цель")
        ("c2", 0, 0, "В первом квартале 2015 года в Азербайджан было поставлено 495 тыс. 611,5 тонн пшеницы."),
        # "по сравнению с первыми 9 месяцами 2022 года" is the base of the change, not its period
        ("c3", 0, 0, "С января по сентябрь 2023 года из порта Актау было экспортировано 2 484,8 тысячи тонн нефти."),
        ("c3", 1, 1, "По сравнению с первыми 9 месяцами 2022 года отправка нефти в порт Махачкала снизилась на 5,9 тысячи тонн."),
        # "вырос на 5% или 226,3 млн долларов": the USD amount is a change too
        ("c4", 0, 0, "За восемь месяцев 2025 года товарооборот Азербайджана с Турцией составил 4,7 млрд долларов."),
        ("c4", 1, 0, "По сравнению с аналогичным периодом прошлого года этот показатель вырос на 5% или 226,3 млн долларов."),
    ], published={"c1": "2025-02-10", "c2": "2015-04-20", "c3": "2023-10-10", "c4": "2025-09-15"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[1_292_026, "subject"] == "Azerbaijan" and c.loc[1_292_026, "period_start"] == "2024"
    assert (c.loc[10.0, "period_start"], c.loc[10.0, "period_end"]) == ("2024", "2024")
    assert (c.loc[495_611.5, "kind"], c.loc[495_611.5, "period_start"]) == ("actual", "2015-01")
    assert (c.loc[5_900, "period_start"], c.loc[5_900, "period_end"]) == ("2023-01", "2023-09")
    assert c.loc[226.3e6, "indicator"] == "trade_turnover_growth"


def test_a_volume_with_no_party_in_an_article_about_one_entity_is_its():
    sents, docs = _frames([
        ("v1", 0, 0, "Министерство подготовило прогноз перевозок по Среднему коридору."),
        ("v1", 1, 1, "Как следует из документа, по итогам 2025 года объем ожидается на уровне 5,2 млн тонн."),
        # an article about trade that names no route: no entity to fall back on
        ("v2", 0, 0, "Как следует из документа, по итогам 2025 года объем ожидается на уровне 5,2 млн тонн."),
    ], published={"v1": "2025-06-01", "v2": "2025-06-01"})
    c = claims_register(sents, docs)
    assert c.set_index("doc_id").loc["v1", "subject"] == "Middle Corridor"
    assert c.set_index("doc_id").loc["v2", "subject"] is None


def test_relative_growth_doubling_and_oil_called_raw_material():
    sents, docs = _frames([
        ("g1", 0, 0, "Объем транзитных перевозок между Азербайджаном и Казахстаном в 2024 году достиг 3,5 млн тонн, "
                     "что на 20% превышает показатели предыдущего периода."),
        ("g2", 0, 0, "Достигнута договоренность удвоить товарооборот между Казахстаном и Азербайджаном до $1 млрд."),
        ("g3", 0, 0, "В прошлом году транзит этого стратегического сырья через Азербайджан составил почти 1,5 млн тонн."),
    ], published={"g1": "2025-02-01", "g2": "2025-02-01", "g3": "2025-02-01"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[20.0, "indicator"] == "cargo_volume_growth"
    assert c.loc[2.0, "indicator"] == "trade_turnover_growth"
    assert c.loc[1.5e6, "indicator"] == "oil_transit_btc"


def test_a_quote_names_whose_figure_it_is():
    text = ("За первые 10 месяцев 2025 года торговый оборот Азербайджана с Турцией снизился на 7,3%, до 4,8 млрд "
            "долларов; с Кыргызстаном вырос в 1,9 раза - до 66,1 млн долларов; с Казахстаном - в 1,5 раза, до 600,3 млн долларов.")
    sents, docs = _frames([("q1", 0, 0, text)], published={"q1": "2025-11-10"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[600.3e6, "quote"] == "с Казахстаном - в 1,5 раза, до 600,3 млн долларов"
    kyrgyz = c[c["unit"] == "USD"].iloc[1]["quote"]  # 66,1 млн
    assert "с Кыргызстаном вырос" in kyrgyz and "Казахстаном" not in kyrgyz


def test_from_to_figures_each_take_their_own_year():
    sents, docs = _frames([("f1", 0, 0, "Средняя цена одной тонны пшеницы упала с 259 долларов в 2023 году до 216 долларов в 2024-м.")],
                          published={"f1": "2025-02-10"})
    c = claims_register(sents, docs).set_index("value")
    assert (c.loc[259.0, "period_start"], c.loc[216.0, "period_start"]) == ("2023", "2024")


def test_a_figure_with_no_noun_takes_the_freight_of_the_sentence_before():
    sents, docs = _frames([
        ("v1", 0, 0, "Минфин также рассчитывает на рост объема транзитных перевозок через Казахстан."),
        ("v1", 1, 0, "В 2025 году ожидается 34 млн тонн, в 2026 году - 35,2 млн тонн."),
    ], published={"v1": "2025-09-23"})
    c = claims_register(sents, docs).set_index("value")
    assert set(c.loc[[34e6, 35.2e6], "indicator"]) == {"cargo_volume"}
    assert c.loc[35.2e6, "period_start"] == "2026"


def test_places_purchases_and_comparison_bases():
    sents, docs = _frames([
        # a country in the locative is where the figure happens (its owner), not a partner ...
        ("l1", 0, 0, "Так, в РФ в 2025 году планируется увеличение площадей посева пшеницы на 10%."),
        # ... except after a purchase, where it is where the goods come from
        ("l2", 0, 0, "До 2027 года Казахстан намерен закупить в Азербайджане два судна вместимостью 700 контейнеров."),
        # a year right after a comparison base is the base's; a "когда" clause after it is about that year
        ("l3", 0, 0, "За 11 месяцев 2025 года суда перевезли 716 460 тонн грузов."),
        ("l3", 1, 0, "Это примерно на 51% больше, чем за аналогичный период 2024 года, когда было зафиксировано "
                     "443 843 тонны."),
        # a bracketed figure right after a comparison base is the base's level
        ("l4", 0, 0, "В 2025 году объем перевозок увеличился на 15% по сравнению с 2024 годом (51,4 тысячи ДФЭ)."),
        # a year inside brackets belongs to the bracketed figure only
        ("l5", 0, 0, "В 2015 году страна закупила 629 тыс. т зерна (567 тыс. т в 2013/14)."),
        # a dash standing for the verb left out gives the time before it to the figure after it
        ("l6", 0, 0, "По итогам 2025 года объем ожидается на уровне 5,2 млн тонн с увеличением в 2026 году до 6 млн "
                     "тонн, а к 2027 году - до 7,2 млн тонн."),
    ], published={"l1": "2025-02-01", "l2": "2025-11-25", "l3": "2025-12-10", "l4": "2026-01-15",
                  "l5": "2015-06-01", "l6": "2025-12-20"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[10.0, "subject"] == "Russia"
    assert c.loc[700, "subject"] == "Kazakhstan–Azerbaijan" and bool(c.loc[700, "bilateral"])
    period = lambda v: (c.loc[v, "period_start"], c.loc[v, "period_end"])  # noqa: E731
    assert period(51.0) == ("2025-01", "2025-11")
    assert period(443_843) == ("2024-01", "2024-11")
    assert period(51_400) == ("2024", "2024")
    assert period(629_000) == ("2015", "2015") and period(567_000) == ("2013", "2014")
    # the sentence says the volumes are expected ("объем ожидается …, а к 2027 году - до 7,2"): a forecast; in a
    # plan document the same words are targets (test_the_figures_of_a_plan_document_are_targets_however_worded)
    assert period(7.2e6) == ("2027", "2027") and c.loc[7.2e6, "kind"] == "forecast"


def test_subjects_of_terminals_routes_and_relative_clauses():
    sents, docs = _frames([
        # a terminal of the hub named before is the hub's (a project's own figure is the project's)
        ("t1", 0, 0, "Казахстан строит крупный контейнерный хаб в порту Актау."),
        ("t1", 1, 0, "Первый терминал будет введен в эксплуатацию в этом году, и его годовая мощность составит 140 тысяч TEU."),
        # the route the goods are to travel by, though the parse hangs it on the verb of planning
        ("t2", 0, 0, "В этом году из Китая по Среднему коридору планируется отправить около 300 контейнерных блок-поездов."),
        # a relative clause about the pipeline does not make Turkey a party of the oil sold through it
        ("t3", 0, 0, "«КазМунайГаз» стремится продавать 1,5 миллиона тонн нефти в год через азербайджанский "
                     "трубопровод, по которому сырье доставляется в турецкий порт Джейхан."),
    ], published={"t1": "2025-11-26", "t2": "2025-03-01", "t3": "2022-08-01"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[140_000, "subject"] == "Aktau container hub"
    assert c.loc[300, "subject"] == "Middle Corridor"
    assert c.loc[1.5e6, "subject"] == "Kazakhstan–Azerbaijan" and c.loc[1.5e6, "indicator"] == "oil_transit_btc"


def test_consequences_restatements_and_levels_reached():
    sents, docs = _frames([
        # what a plan leads to is a forecast, in the plan's year
        ("k1", 0, 0, "Так, в РФ в 2025 году планируется увеличение площадей посева пшеницы на 10%, что приведет к "
                     "росту производства зерна на 12% по сравнению с предыдущим годом."),
        # a figure restated in other units has the first one's kind and period
        ("k2", 0, 0, "Кроме того, в этом году по Среднему коридору планируется отправить около 300 блок-поездов, "
                     "что эквивалентно примерно 30 тыс. TEU."),
        # "до X" after a change across a dash, and from one level to another, is the level reached
        ("k3", 0, 0, "Товарооборот с Турцией снизился на 7,3%, до 4,8 млрд долларов; с Кыргызстаном вырос в 1,9 раза - "
                     "до 66 млн долларов."),
        ("k4", 0, 0, "Средняя цена тонны пшеницы упала с 259 долларов в 2023 году до 216 долларов в 2024-м."),
    ], published={"k1": "2025-02-01", "k2": "2025-03-01", "k3": "2025-11-20", "k4": "2025-02-01"})
    c = claims_register(sents, docs).set_index("value")
    assert (c.loc[12.0, "kind"], c.loc[12.0, "period_start"]) == ("forecast", "2025")
    assert c.loc[30_000, "kind"] == c.loc[300, "kind"] == "target"
    assert c.loc[30_000, "period_start"] == c.loc[300, "period_start"] == "2025"
    assert c.loc[66e6, "qualifier"] == "exact" and c.loc[216, "qualifier"] == "exact"


def test_a_new_paragraph_on_the_countrys_own_trade_is_the_countrys():
    sents, docs = _frames([
        ("f1", 0, 0, "Импорт пшеницы в Азербайджан вырос почти в два раза: Азербайджан закупает больше зерна."),
        ("f1", 1, 1, "В Казахстане было закуплено около 42 тыс. тонн пшеницы, а в России – 453,6 тыс. тонн."),
        ("f1", 2, 2, "В 2014 году средняя цена импортированной пшеницы составляла $245,8."),
    ], published={"f1": "2015-06-01"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[245.8, "subject"] == "Azerbaijan"


def test_a_companys_figure_on_a_route_through_both_countries_is_bilateral_and_stays_the_companys():
    sents, docs = _frames([
        ("h1", 0, 0, "В 2025 году компания «Казмортрансфлот» перевезла в направлении Актау-Баку-Актау 59,4 тысячи "
                     "контейнеров."),
        ("h1", 1, 0, "Это на 15% больше, чем в 2024 году."),
        ("h2", 0, 0, "В 2025 году компания «Казмортрансфлот» перевезла в направлении Актау-Махачкала 12 тысяч тонн."),
    ], published={"h1": "2026-01-15", "h2": "2026-01-15"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[59_400, "subject"] == "Kazmortransflot" and bool(c.loc[59_400, "bilateral"])
    assert bool(c.loc[15.0, "bilateral"])  # continues the figure before it
    assert c.loc[12_000, "subject"] == "Kazmortransflot" and not bool(c.loc[12_000, "bilateral"])


def test_the_holder_of_a_share_is_whose_figure_it_is():
    sents, docs = _frames([
        ("d1", 0, 0, "Каспийский трубопроводный консорциум остается главным маршрутом."),
        ("d1", 1, 0, "На долю трубопровода приходится более 80% всей экспортной нефти Казахстана."),
        ("d1", 2, 0, "Общий объём дивидендов достигает $1 млрд в год, и из них на долю КМГ приходится около $200 млн."),
    ], published={"d1": "2025-06-01"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[80.0, "subject"] == "Caspian Pipeline Consortium"
    assert c.loc[200e6, "subject"] == "KazMunayGas"


def test_a_company_the_gazetteer_does_not_know_is_whose_figure_it_is():
    sents, docs = _frames([
        ("k1", 0, 0, "Компания Caspian Ferry Group планирует увеличить флот до восьми судов к 2028 году."),
        ("k1", 1, 0, "В этом году на линию вышло одно судно грузоподъемностью 5 тыс. тонн."),
        ("k2", 0, 0, "Компания «Казмортрансфлот» перевезла 12 тысяч тонн."),  # a known one stays the gazetteer's
    ], published={"k1": "2025-06-01", "k2": "2025-06-01"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[8.0, "subject"] == "Caspian Ferry Group" and "subject=named-company" in c.loc[8.0, "why"]
    assert c.loc[1.0, "subject"] == "Caspian Ferry Group"  # the next figure of the paragraph continues it
    assert c.loc[12_000, "subject"] == "Kazmortransflot"


def test_a_vessels_capacity_has_no_period():
    sents, docs = _frames([
        ("v1", 0, 0, "До 2028 года планируется закупить три судна вместимостью 750 контейнеров."),
        ("v1", 1, 1, "В 2025 году на линию вышло одно судно грузоподъемностью 5 тыс. тонн."),
    ], published={"v1": "2025-06-01"})
    c = claims_register(sents, docs).set_index("value")
    for value in (750.0, 5000.0):
        assert pd.isna(c.loc[value, "period_start"]), value
        assert "period=none:capacity-of-a-thing" in c.loc[value, "why"]
    assert c.loc[750.0, "kind"] == "target"  # still a figure of a plan


def test_a_running_total_since_an_undated_event_ends_at_publication():
    sents, docs = _frames([
        ("r1", 0, 0, "С момента запуска линии было перевезено в сумме около 2,1 млн тонн грузов."),
        ("r2", 0, 0, "После подписания соглашения компании перевезли порядка 900 тыс. тонн нефти."),
        ("r3", 0, 0, "После подписания соглашения компании перевезут 900 тыс. тонн нефти."),  # not a past total
    ], published={"r1": "2025-06-12", "r2": "2025-06-12", "r3": "2025-06-12"})
    c = claims_register(sents, docs).set_index("doc_id")
    for doc in ("r1", "r2"):
        assert pd.isna(c.loc[doc, "period_start"]) and c.loc[doc, "period_end"] == "2025-06"
        assert "period=since-event-to-publication" in c.loc[doc, "why"]
    assert pd.isna(c.loc["r3", "period_end"])


def test_same_period_as_an_unresolvable_one_is_unresolved_too():
    sents, docs = _frames([
        ("u1", 0, 0, "За январь–сентябрь 2025 года товарооборот составил 400 млн долларов."),
        ("u1", 1, 1, "В первые 9 месяцев текущего года экспорт достиг 120 млн долларов."),
        ("u1", 2, 1, "За тот же период импорт составил 80 млн долларов."),
    ], published={})  # undated: "текущего года" cannot be resolved
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[400e6, "period_start"] == "2025-01"
    assert pd.isna(c.loc[120e6, "period_start"]) and pd.isna(c.loc[80e6, "period_start"])


def test_the_territory_a_part_lies_on_is_not_whose_figure_it_is():
    sents, docs = _frames([
        ("t1", 0, 0, "Нефтепровод Баку-Тбилиси-Джейхан работает с 2006 года."),
        ("t1", 1, 0, "Его длина составляет 1 768 км: 443 км приходится на территорию Азербайджана, а 1 076 км - на "
                     "территорию Турции."),
        ("t2", 0, 0, "Каспийский трубопроводный консорциум расширяет мощности."),
        ("t2", 1, 0, "Налоговые платежи консорциума только на территории Казахстана составляют около $120 млн в год."),
    ], published={"t1": "2025-06-01", "t2": "2025-06-01"})
    c = claims_register(sents, docs).set_index("value")
    for value in (1768.0, 443.0, 1076.0):
        assert c.loc[value, "subject"] == "Baku–Tbilisi–Ceyhan pipeline", value
    assert c.loc[120e6, "subject"] == "Caspian Pipeline Consortium"


def test_a_pronoun_after_a_route_preposition_is_the_route_just_named():
    sents, docs = _frames([
        ("p1", 0, 0, "Нефть идет по трубе Каспийского трубопроводного консорциума до порта Новороссийск (в 2024 году "
                     "по ней было отгружено 50,2 млн тонн казахстанской нефти)."),
    ], published={"p1": "2025-06-01"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[50.2e6, "subject"] == "Caspian Pipeline Consortium"


def test_a_unit_says_what_a_figure_no_keyword_places_measures():
    sents, docs = _frames([
        ("b1", 0, 0, "Объем около 20 тысяч б/с кажется малым рядом с обычными 1,2 миллиона б/с, которые проходят "
                     "по трубопроводу КТК."),
    ], published={"b1": "2025-06-01"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[20_000, "indicator"] == "oil_volume" and "meaning:unit_says_what" in c.loc[20_000, "why"]
    assert c.loc[1.2e6, "indicator"] == "oil_volume"


def test_a_hubs_capacity_in_teu_is_the_ports_capacity():
    sents, docs = _frames([
        ("h1", 0, 0, "В порту Актау строится контейнерный хаб."),
        ("h1", 1, 0, "Мощности контейнерного хаба будут доведены до 150 тыс. ДФЭ в год."),
    ], published={"h1": "2025-06-01"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[150_000, "indicator"] == "port_capacity"
    assert c.loc[150_000, "subject"] == "Port of Aktau"  # "хаба" is the hub (lemma_fixes.csv), the port's


def test_revenue_dividends_and_taxes_are_no_trade_value():
    sents, docs = _frames([
        ("m1", 0, 0, "На долю трубопровода приходится 70% экспортной нефти страны, или около $25 млрд ежегодной выручки."),
        ("m2", 0, 0, "Экспорт Казахстана в Азербайджан в 2024 году составил $250 млн."),
    ], published={"m1": "2025-06-01", "m2": "2025-06-01"})
    c = claims_register(sents, docs).set_index("doc_id")
    assert c.loc["m1"].set_index("value").loc[25e9, "indicator"] == "other"
    assert c.loc["m2", "indicator"] == "exports_value"


def test_a_difference_is_no_level():
    sents, docs = _frames([
        ("d1", 0, 0, "За девять месяцев 2024 года из порта Актау экспортировано 2,5 млн тонн нефти."),
        ("d1", 1, 0, "Это на 700 тысяч тонн больше, чем годом ранее."),
    ], published={"d1": "2024-10-15"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[2.5e6, "indicator"] == "oil_volume"
    assert c.loc[700_000, "indicator"] == "other" and "meaning:change_by_amount" in c.loc[700_000, "why"]


def test_this_direction_is_the_corridor_named_before():
    sents, docs = _frames([
        ("c1", 0, 0, "Поезда по Среднему коридору идут из Китая в Азербайджан за 12 дней."),
        ("c1", 1, 0, "Только за 2025 год по этому направлению было выполнено более 300 рейсов."),
    ], published={"c1": "2026-02-01"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[300.0, "subject"] == "Middle Corridor"


def test_a_restating_clause_keeps_the_subject_of_the_figure_it_restates():
    sents, docs = _frames([
        ("r1", 0, 0, "В этом году из Китая по Среднему коридору планируется отправить около 200 блок-поездов, что "
                     "эквивалентно примерно 20 тыс. TEU или до 280 тыс. тонн груза, отметил глава азербайджанских "
                     "железных дорог."),
    ], published={"r1": "2025-04-01"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[200.0, "subject"] == "Middle Corridor"
    assert c.loc[280_000, "subject"] == "Middle Corridor" and "subject=restates-previous-figure" in c.loc[280_000, "why"]


def test_areas_are_read_in_their_units():
    sents, docs = _frames([
        ("a1", 0, 0, "В этом году пшеница посеяна на 610 тыс. га."),
        ("a1", 1, 0, "Склад площадью 4 тыс. кв. м построят к 2027 году."),
    ], published={"a1": "2025-05-01"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[610_000, "unit"] == "ha" and c.loc[4000, "unit"] == "m2"


def test_a_noun_refers_to_the_entity_it_names_before_one_it_merely_fits():
    sents, docs = _frames([
        ("n1", 0, 0, "Подписано соглашение о создании интермодального грузового терминала в порту Алят."),
        ("n1", 1, 1, "Документ подписали представители Бакинского международного морского торгового порта."),
        ("n1", 2, 2, "Новый терминал будет включать контейнерную площадку вместимостью более 2 тыс. контейнеров."),
    ], published={"n1": "2025-05-01"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[2000, "subject"] == "Alyat intermodal terminal" and bool(c.loc[2000, "bilateral"])


def test_delivery_times_of_a_route():
    sents, docs = _frames([
        ("t1", 0, 0, "По Среднему коридору из Китая планируется отправлять 900 блок-поездов в год."),
        ("t1", 1, 1, "В марте 2024 года первый поезд прибыл в Баку за 13 дней."),
        ("t1", 2, 1, "В среднем, по его словам, поезда доставляются из Китая в Азербайджан за 9-11 дней, а в порты "
                     "Грузии - за 14 дней."),
    ], published={"t1": "2024-09-20"})
    c = claims_register(sents, docs)
    days = c[c["unit"] == "day"].set_index("value")
    assert sorted(days.index) == [9.0, 11.0, 13.0, 14.0]  # a range gives both ends; "за 14 дней" in its own clause
    assert set(days["subject"]) == {"Middle Corridor"}  # the route's time, not China–Azerbaijan's
    assert days.loc[13.0, "period_start"] == "2024-03"
    for value in (9.0, 11.0, 14.0):  # "по его словам" is no pronoun subject continuing March's period
        assert pd.isna(days.loc[value, "period_start"]), value


def test_the_ends_of_a_change_in_a_share_are_levels_of_the_share():
    sents, docs = _frames([
        ("s1", 0, 0, "В 2024 году доля казахстанского зерна в азербайджанском импорте выросла с 10 до 30 процентов."),
        ("s1", 1, 0, "Импорт казахстанской пшеницы вырос на 40%."),
    ], published={"s1": "2025-03-01"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[10.0, "indicator"] == "grain_import_share" and c.loc[30.0, "indicator"] == "grain_import_share"
    assert c.loc[40.0, "indicator"] != "grain_import_share"  # a growth stays a growth


def test_a_belief_in_the_main_clause_makes_a_forecast():
    sents, docs = _frames([
        ("f1", 0, 0, "«Я уверен, что к 2028 году мы достигнем грузооборота по коридору более 12 млн тонн."),
        ("f2", 0, 0, "Стороны договорились, что к 2028 году грузооборот достигнет 12 млн тонн."),
    ], published={"f1": "2025-06-01", "f2": "2025-06-01"})
    c = claims_register(sents, docs).set_index("doc_id")
    assert c.loc["f1", "kind"] == "forecast" and "forecast-cue-in-main-clause" in c.loc["f1", "why"]
    assert c.loc["f2", "kind"] == "target"


def test_visits_counted_over_a_window_stated_before():
    sents, docs = _frames([
        ("v1", 0, 0, "За последние три года это мой седьмой визит в братскую страну."),
        ("v1", 1, 0, "За тот же период Президент Казахстана пять раз посетил Азербайджан."),
    ], published={"v1": "2025-10-20"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[5.0, "indicator"] == "leader_meetings"
    assert (c.loc[5.0, "period_start"], c.loc[5.0, "period_end"]) == ("2022-10", "2025-10")


def test_places_in_a_pipelines_name_are_no_countries_of_the_next_figure():
    from analysis.claims.subjects import Context

    ctx = Context()
    ctx.observe(["самый", "перспективный", "направление", "являться", "маршрут", "баку", "тбилиси", "джейхан"], 1)
    assert ctx.before == (1, None, None, "Baku–Tbilisi–Ceyhan pipeline")
    ctx.observe(["поставка", "в", "баку", "вырасти"], 2)
    assert ctx.before == (2, None, "Azerbaijan", None)


def test_to_a_level_across_a_route_name_and_along_a_list():
    sents, docs = _frames([
        ("l1", 0, 0, "В 2025 году Казахстан намерен нарастить объем экспорта нефти по маршруту Актау — Баку — "
                     "Тбилиси — Джейхан до 2,5 млн тонн."),
        ("l2", 0, 0, "По итогам 2025 года объем ожидается на уровне 4 млн тонн с увеличением в 2026 году до 5 млн "
                     "тонн, а к 2027 году - до 6,5 млн тонн."),
        ("l3", 0, 0, "В условиях роста цен компании в 2024 году закупили до 3 млн тонн."),
    ], published={"l1": "2025-01-10", "l2": "2025-01-10", "l3": "2025-01-10"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[2.5e6, "qualifier"] == "exact"  # the level to reach, not "up to"
    assert c.loc[5e6, "qualifier"] == "exact" and c.loc[6.5e6, "qualifier"] == "exact"
    assert c.loc[3e6, "qualifier"] == "up_to"


def test_the_council_named_before_is_whose_members_are_counted():
    sents, docs = _frames([
        ("o1", 0, 0, "Совет сотрудничества тюркоязычных государств был создан в 2009 году."),
        ("o1", 1, 0, "Сегодня членами Совета являются 5 государств: Азербайджан, Казахстан, Кыргызстан, Турция и Узбекистан."),
    ], published={"o1": "2020-06-01"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[5.0, "subject"] == "Organization of Turkic States"


def test_a_target_takes_the_deadline_of_the_clause_that_completes_it():
    sents, docs = _frames([
        ("d1", 0, 0, "На втором этапе мощность терминала будет доведена до 300 тысяч TEU, а завершить весь процесс "
                     "планируется в 2027 году."),
        ("d2", 0, 0, "Мощность терминала будет доведена до 300 тысяч TEU, а в 2027 году начнется строительство."),
    ], published={"d1": "2025-06-01", "d2": "2025-06-01"})
    c = claims_register(sents, docs).set_index("doc_id")
    assert (c.loc["d1", "period_start"], c.loc["d1", "kind"]) == ("2027", "target")
    assert "period=deadline-of-completion" in c.loc["d1", "why"]
    assert pd.isna(c.loc["d2", "period_start"])  # another plan's year, not this one's deadline


def test_a_named_terminal_and_its_capacity():
    sents, docs = _frames([
        ("n1", 0, 0, "Отгрузки из порта Актау шли на терминал компании Caspiantrans в Сангачале."),
        ("n1", 1, 0, "Мощность этого терминала составляет до 15 миллионов тонн нефти в год."),
    ], published={"n1": "2025-06-01"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[15e6, "subject"] == "Caspiantrans terminal"
    assert c.loc[15e6, "indicator"] == "port_capacity"  # the terminal's capacity, not a volume of oil


@pytest.mark.parametrize("text, want", [
    ("Планируется отправлять 1000 контейнерных блок-поездов в год.", [(1000.0, "count")]),  # not a year
    ("В январе было отправлено восемь грузовых составов.", [(8.0, "count")]),
    ("Еще один важный проект — строительство терминала.", []),  # "один" before an adjective: no count
    ("Нефть идет по двум трубопроводным маршрутам.", []),  # a preposition's object
    ("Из Баку ушел еще один поезд с зерном.", []),  # another one, not a count
    ("С 2020 по 2025 год поставки росли.", []),
])
def test_counts_of_things_with_an_adjective_between(text, want):
    assert [(q.value, q.unit) for q in extract_quantities(text)] == want


def test_a_headline_figure_told_again_below_takes_its_period():
    sents, docs = _frames([
        ("h1", 0, 0, "Экспорт пшеницы в Азербайджан вырос почти в три раза."),
        ("h1", 1, 1, "В первом квартале 2024 года в Азербайджан было поставлено 300 тыс. тонн пшеницы, что примерно "
                     "в три раза превышает показатель за тот же период прошлого года."),
        ("h2", 0, 0, "Экспорт пшеницы в Азербайджан вырос почти в три раза."),
        ("h2", 1, 1, "В 2024 году поставки выросли в два раза."),  # another figure: the headline stays undated
    ], published={"h1": "2024-05-01", "h2": "2024-05-01"})
    c = claims_register(sents, docs)
    head = c[c["sentence_id"] == "h1-s000"].iloc[0]
    assert (head["period_start"], head["period_end"]) == ("2024-01", "2024-03")
    assert "period=headline-told-again:h1-s001" in head["why"]
    assert pd.isna(c[c["sentence_id"] == "h2-s000"].iloc[0]["period_start"])


def test_this_year_in_an_article_of_months_so_far_is_those_months():
    sents, docs = _frames([
        ("y1", 0, 0, "Пароходство в этом году вдвое увеличило перевозки по Среднему коридору."),
        ("y1", 1, 1, "В январе-октябре этого года судами пароходства было перевезено 12 тыс. TEU."),
        ("y1", 2, 2, "В этом году планируется перевезти 20 тыс. TEU."),  # a plan for the year stays the year's
    ], published={"y1": "2025-11-20"})
    c = claims_register(sents, docs).set_index("value")
    assert (c.loc[2.0, "period_start"], c.loc[2.0, "period_end"]) == ("2025-01", "2025-10")
    assert "this-year-so-far" in c.loc[2.0, "why"]
    assert (c.loc[20_000, "period_start"], c.loc[20_000, "period_end"]) == ("2025", "2025")


def test_only_the_first_sentence_is_a_headline():
    sents, docs = _frames([
        ("h3", 0, 0, "Поставки пшеницы в Азербайджан растут."),  # no figure in the headline
        ("h3", 1, 1, "Экспорт вырос почти в три раза."),
        ("h3", 2, 1, "В 2024 году поставки выросли в три раза по сравнению с 2023 годом."),
    ], published={"h3": "2025-05-01"})
    c = claims_register(sents, docs)
    assert pd.isna(c[c["sentence_id"] == "h3-s001"].iloc[0]["period_start"])


def test_the_ends_of_a_change_over_a_window_take_the_years_of_the_articles_own_series():
    series = ("Статистика говорит о росте перевозок: в 2019 году объем составил 759 тыс. тонн, в 2020 году - "
              "783 тыс. тонн, в 2023 году - 2,764 млн тонн, в 2024 году - 4,484 млн тонн.")
    sents, docs = _frames([
        ("w1", 0, 0, "За последние семь лет объем перевозок по ТМТМ увеличился почти в пять раз - с 0,8 млн до "
                     "4,5 млн тонн в год."),
        ("w1", 1, 1, series),
        # the same change with no series to date it keeps its window
        ("w2", 0, 0, "За последние семь лет объем перевозок по ТМТМ увеличился почти в пять раз - с 0,8 млн до "
                     "4,5 млн тонн в год."),
    ], published={"w1": "2026-03-10", "w2": "2026-03-10"})
    c = claims_register(sents, docs)
    w1 = c[c["sentence_id"] == "w1-s000"].set_index("value")
    # 0.8 rounds from 2019's 759 and 2020's 783 thousand: the window's start takes the year nearest it
    assert (w1.loc[800_000, "period_start"], w1.loc[800_000, "period_end"]) == ("2019", "2019")
    assert (w1.loc[4_500_000, "period_start"], w1.loc[4_500_000, "period_end"]) == ("2024", "2024")
    assert (w1.loc[5.0, "period_start"], w1.loc[5.0, "period_end"]) == ("2019", "2024")
    assert "own-series:2019..2024" in w1.loc[5.0, "why"]
    w2 = c[c["sentence_id"] == "w2-s000"].set_index("value")
    assert (w2.loc[5.0, "period_start"], w2.loc[5.0, "period_end"]) == ("2019-03", "2026-03")


def test_the_figures_of_a_plan_document_are_targets_however_worded():
    sents, docs = _frames([
        ("p1", 0, 0, "В плане развития министерства предусмотрен целевой индикатор «увеличение объемов перевозок»."),
        ("p1", 1, 0, "Как следует из документа, по итогам 2026 года объем ожидается на уровне 5,2 млн тонн."),
        # an expectation that quotes no plan stays a forecast
        ("p2", 0, 0, "Министерство рассчитывает на рост перевозок. В 2026 году ожидается 34 млн тонн."),
    ], published={"p1": "2025-09-23", "p2": "2025-09-23"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[5_200_000, "kind"] == "target"
    assert "kind=plan-document:Как следует из документа" in c.loc[5_200_000, "why"]
    assert c.loc[34_000_000, "kind"] == "forecast"


def test_a_sentence_explaining_the_one_before_takes_its_plan_and_what_it_measures():
    sents, docs = _frames([
        ("r1", 0, 0, "Министр подтвердил, что Казахстан заинтересован в экспорте в Азербайджан обработанной продукции."),
        ("r1", 1, 0, "Речь идет о более чем 100 товарных позициях на сумму около $ 300 млн."),
        # without the explaining phrase, a sentence after a plan is a report of its own
        ("r2", 0, 0, "Министр подтвердил, что Казахстан заинтересован в экспорте в Азербайджан обработанной продукции."),
        ("r2", 1, 0, "В прошлом году обсуждено 100 товарных позиций на сумму около $ 200 млн."),
    ], published={"r1": "2023-10-27", "r2": "2023-10-27"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[300e6, "kind"] == "target" and c.loc[300e6, "indicator"] == "exports_value"
    assert "kind=explains-previous-sentence:заинтересован" in c.loc[300e6, "why"]
    assert c.loc[200e6, "kind"] == "actual" and c.loc[200e6, "indicator"] != "exports_value"


def test_compound_adjectives_ports_of_departure_and_parties_of_another_clause():
    sents, docs = _frames([
        # a compound adjective names both countries; the clause after "кроме того" names its own
        ("j1", 0, 0, "По казахстанско-китайскому нефтепроводу прокачивается 1 млн тонн, кроме того, дополнительно "
                     "формируется транзит 10 млн тонн российской нефти."),
        # from a port of one country to another country: the two countries' figure
        ("j2", 0, 0, "Еще 2,2 млн тонн нефти было доставлено из порта Актау в порт Махачкалы."),
        # a port with no destination named stays the port's, even with the goods' country before it
        ("j3", 0, 0, "Из порта Актау было отгружено 3,3 млн тонн нефти."),
        ("j4", 0, 0, "По итогам 9 месяцев 2023 года АО «КазТрансОйл» нарастило экспорт казахстанской нефти из порта "
                     "Актау на 53%."),
    ], published={"j1": "2026-01-28", "j2": "2026-01-28", "j3": "2026-01-28", "j4": "2023-10-20"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[1e6, "subject"] == "Kazakhstan–China"
    assert c.loc[10e6, "subject"] == "Russia"
    assert c.loc[2.2e6, "subject"] == "Kazakhstan–Russia" and not c.loc[2.2e6, "bilateral"]
    assert c.loc[3.3e6, "subject"] == c.loc[53.0, "subject"] == "Port of Aktau"


def test_a_route_shown_carrying_the_other_countrys_goods_carries_them_later():
    sents, docs = _frames([
        ("v1", 0, 0, "За период с 2023 года по трубопроводу Баку-Тбилиси-Джейхан было транспортировано 3,4 млн тонн "
                     "казахстанской нефти."),
        ("v1", 1, 1, "Планируется возможное увеличение объемов до 7 млн тонн в год к 2027 году."),
        ("v1", 2, 2, "Напомним, что трубопровод Баку-Тбилиси-Джейхан был открыт в 2006 году."),
        ("v1", 3, 2, "Его общая протяженность составляет 1 768 км."),  # the pipeline's own length stays its own
        # the same later sentence in an article where the pipeline carried no Kazakh goods
        ("v2", 0, 0, "По трубопроводу Баку-Тбилиси-Джейхан было транспортировано 30 млн тонн нефти."),
        ("v2", 1, 1, "Планируется возможное увеличение объемов до 40 млн тонн в год к 2027 году."),
    ], published={"v1": "2025-10-14", "v2": "2025-10-14"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[7e6, "subject"] == "Kazakhstan–Azerbaijan" and c.loc[7e6, "bilateral"]
    assert c.loc[7e6, "indicator"] == "oil_transit_btc" and "meaning:carried_goods" in c.loc[7e6, "why"]
    assert c.loc[1768, "subject"] == "Baku–Tbilisi–Ceyhan pipeline"
    assert c.loc[40e6, "subject"] == "Baku–Tbilisi–Ceyhan pipeline" and not c.loc[40e6, "bilateral"]


def test_us_in_an_officials_words_is_his_country():
    sents, docs = _frames([
        ("u1", 0, 0, "\"Самым перспективным направлением является маршрут \"Баку - Тбилиси - Джейхан\"."),
        ("u1", 1, 0, "Сейчас по контракту у нас закреплено 2,2 млн тонн, а для увеличения объемов есть возможность "
                     "довести физические поставки до 7 млн тонн\", - подчеркнул глава казахстанского Минэнерго."),
        ("u2", 0, 0, "В этом году у нас добыто 17 млн тонн нефти, - сказал глава казахстанского Минэнерго."),
    ], published={"u1": "2026-01-28", "u2": "2025-12-01"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[2.2e6, "subject"] == c.loc[7e6, "subject"] == "Kazakhstan–Azerbaijan"
    assert c.loc[2.2e6, "indicator"] == c.loc[7e6, "indicator"] == "oil_transit_btc"
    assert c.loc[2.2e6, "kind"] == "target" and "subject=speakers-own" in c.loc[2.2e6, "why"]
    assert c.loc[17e6, "subject"] == "Kazakhstan" and not c.loc[17e6, "bilateral"]


def test_a_ferry_line_a_region_on_a_route_and_partners_in_a_joint_venture():
    sents, docs = _frames([
        # "совместно с грузинским бизнесом" takes part; the line between the two ports is whose ferries they are
        ("f1", 0, 0, "С будущего года совместно с грузинским бизнесом между портами Курык и Алят планируется запуск "
                     "шести паромов."),
        # a place the route passes through narrows it: the region's figures, both verbs of the sentence
        ("f2", 0, 0, "В этом году объем грузоперевозок по Транскаспийскому международному транспортному маршруту "
                     "через Мангистаускую область увеличился на 20 процентов и составил 2,5 млн тонн."),
        # the route alone stays the route's
        ("f3", 0, 0, "В этом году объем грузоперевозок по Транскаспийскому международному транспортному маршруту "
                     "составил 4,5 млн тонн."),
    ], published={"f1": "2025-12-23", "f2": "2025-12-23", "f3": "2025-12-23"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[6.0, "subject"] == "Kuryk–Alyat ferry line" and c.loc[6.0, "bilateral"]
    assert c.loc[20.0, "subject"] == c.loc[2.5e6, "subject"] == "Mangystau Region"
    assert c.loc[4.5e6, "subject"] == "Middle Corridor"


def test_a_change_after_its_base_year_and_a_base_figure_with_its_own_season():
    sents, docs = _frames([
        # a change with only a base year, right after a figure of the next year in its paragraph
        ("b1", 0, 0, "В 2025 году морским транспортом страны было перевезено 4,002 миллиона тонн грузов."),
        ("b1", 1, 0, "По сравнению с 2024 годом наблюдается увеличение перевозок грузов на 42%."),
        # the same change after a figure of another year keeps no period
        ("b2", 0, 0, "В 2023 году морским транспортом страны было перевезено 3,1 миллиона тонн грузов."),
        ("b2", 1, 0, "По сравнению с 2024 годом наблюдается увеличение перевозок грузов на 12%."),
        # the base figure of a comparison has the season written right after it
        ("b3", 0, 0, "В 2014/15 сельхозгоду она объемы закупок зерна в России снизила по сравнению с 207 тыс. т "
                     "в сезоне-2013/14."),
    ], published={"b1": "2026-01-17", "b2": "2026-01-17"})
    c = claims_register(sents, docs).set_index("value")
    assert (c.loc[42.0, "period_start"], c.loc[42.0, "period_end"]) == ("2025", "2025")
    assert "period=after-its-base:2025..2025" in c.loc[42.0, "why"]
    assert c.loc[12.0, "period_start"] is None
    assert (c.loc[207_000, "period_start"], c.loc[207_000, "period_end"]) == ("2013", "2014")


def test_a_headline_change_told_again_below_measures_what_the_body_says_grew():
    sents, docs = _frames([
        ("g1", 0, 0, "Азербайджанское Каспийское морское пароходство (ЗАО ASCO) в этом году втрое увеличило грузоперевозки по Среднему коридору."),
        ("g1", 1, 1, "В январе-ноябре этого года судами ASCO было перевезено 18 542 TEU, то есть зафиксирован "
                     "примерно трехкратный рост контейнерных перевозок."),
        # told again as the same kind of change, it stays
        ("g2", 0, 0, "Азербайджанское Каспийское морское пароходство (ЗАО ASCO) в этом году втрое увеличило грузоперевозки по Среднему коридору."),
        ("g2", 1, 1, "В январе-ноябре этого года судами ASCO перевезено 700 тыс. тонн грузов, рост грузоперевозок "
                     "трехкратный."),
    ], published={"g1": "2025-12-26", "g2": "2025-12-26"})
    c = claims_register(sents, docs)
    head = c[c["sentence_id"] == "g1-s000"].iloc[0]
    assert head["indicator"] == "container_throughput_growth" and "@headline-told-again" in head["why"]
    assert c[c["sentence_id"] == "g2-s000"].iloc[0]["indicator"] == "cargo_volume_growth"


def test_a_rate_in_barrels_restating_a_planned_tonnage_is_that_plan():
    sents, docs = _frames([
        ("o1", 0, 0, "«КазМунайГаз» стремится получить разрешение продавать 1,5 миллиона тонн нефти в год через "
                     "азербайджанский трубопровод."),
        ("o1", 1, 1, "Как отмечает Reuters, объём чуть более 30 тысяч б/с выглядит ничтожным по сравнению с "
                     "обычными 1,3–1,4 миллиона б/с, которые проходят по трубопроводу КТК."),
    ], published={"o1": "2022-08-01"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[30_000, "kind"] == "target" and "kind=restates-in-barrels:o1-s000" in c.loc[30_000, "why"]
    assert c.loc[1.3e6, "kind"] == "actual"  # 1.3 million barrels a day restate nothing


def test_a_list_of_destinations_gives_each_its_partner_and_the_articles_goods():
    sents, docs = _frames([
        ("l1", 0, 0, "Казахстан экспортировал 2,6 млн тонн зерна нового урожая."),
        ("l1", 1, 1, "Наиболее заметный рост поставок отмечен в Узбекистан — на 41% (с 872 тыс. тонн до 1 232 тыс. "
                     "тонн), в Кыргызстан — в 2,2 раза (с 32 тыс. тонн до 73 тыс. тонн), в Афганистан — на 35% "
                     "(с 100 тыс. тонн до 135 тыс. тонн)."),
    ], published={"l1": "2024-11-01"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[41.0, "subject"] == c.loc[872_000, "subject"] == "Kazakhstan–Uzbekistan"
    assert c.loc[2.2, "subject"] == c.loc[73_000, "subject"] == "Kazakhstan–Kyrgyzstan"
    assert c.loc[135_000, "subject"] == "Kazakhstan–Afghanistan"
    assert not c["bilateral"].any()
    assert c.loc[872_000, "indicator"] == c.loc[135_000, "indicator"] == "grain_volume"
    assert "meaning:same_goods_as_before" in c.loc[872_000, "why"]


def test_a_level_above_last_years_is_a_base_and_the_goods_of_a_share_are_named_before_it():
    sents, docs = _frames([
        ("e1", 0, 0, "Объемы перевозок по Транскаспийскому международному транспортному маршруту (ТМТМ) через порт "
                     "Актау выросли на 66% и составили свыше 23,8 тыс. ДФЭ."),
        ("e1", 1, 1, "За 10 месяцев 2022 года через морской порт Актау перевалено 3,2 млн тонн грузов, что на 7% "
                     "выше уровня прошлого года."),
        ("e1", 2, 1, "Из этого объема на нефть пришлось свыше 1,9 млн тонн, на зерно — 385 тыс. тонн."),
    ], published={"e1": "2022-11-10"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[66.0, "subject"] == c.loc[23_800, "subject"] == "Port of Aktau"  # the port on the corridor
    assert (c.loc[7.0, "period_start"], c.loc[7.0, "period_end"]) == ("2022-01", "2022-10")
    assert c.loc[7.0, "base_period_start"] == "2021"  # "уровня прошлого года": the base, as written
    assert c.loc[1.9e6, "indicator"] == "oil_volume" and c.loc[385_000, "indicator"] == "grain_volume"
    assert c.loc[1.9e6, "period_end"] == c.loc[385_000, "period_end"] == "2022-10"


def test_a_fronted_change_to_a_level_a_cause_phrase_and_oil_named_after_the_figure():
    sents, docs = _frames([
        ("n1", 0, 0, "Более 2,6 млн тонн грузов перевалено через Актауский морской торговый порт за семь месяцев "
                     "этого года."),
        # "до" after a change written before the verb; the cause names no party of the figure; oil after it
        ("n1", 1, 1, "На 58%, или до 2,1 млн тонн, возросла перевалка нефти благодаря переориентации экспорта "
                     "казахстанской нефти на маршрут «Баку – Тбилиси – Джейхан»."),
        # the parse joins "до" to a change verb across a long route name
        ("n2", 0, 0, "Азербайджан и Казахстан планируют увеличить объём транспортировки казахстанской нефти по "
                     "трубопроводу «Баку — Тбилиси — Джейхан» (БТД) до семи миллионов тонн в год к 2027 году."),
    ], published={"n1": "2023-09-05", "n2": "2023-03-01"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[2.1e6, "qualifier"] == "exact" and c.loc[7e6, "qualifier"] == "exact"
    assert "qualifier=to-level-by-parse:до" in c.loc[7e6, "why"]
    assert c.loc[2.1e6, "subject"] == c.loc[58.0, "subject"] == "Port of Aktau"
    assert not c.loc[2.1e6, "bilateral"]
    assert c.loc[2.1e6, "indicator"] == "oil_volume" and c.loc[58.0, "indicator"] == "other"


def test_the_other_countrys_goods_and_a_comparison_with_a_target():
    sents, docs = _frames([
        ("x1", 0, 0, "Азербайджан готов в четыре раза увеличить транзит казахстанской нефти."),
        ("x1", 1, 1, "Стороны планируют увеличить объём транспортировки нефти до семи миллионов тонн в год к 2027 "
                     "году."),
        ("x1", 2, 1, "Это более чем в четыре раза выше нынешнего показателя."),
        # after a reported figure, the same comparison is a report
        ("x2", 0, 0, "В 2024 году по трубопроводу прокачали 1,5 млн тонн нефти."),
        ("x2", 1, 0, "Это в два раза выше показателя 2023 года."),
    ], published={"x1": "2023-03-01", "x2": "2025-02-01"})
    c = claims_register(sents, docs)
    head = c[c["sentence_id"] == "x1-s000"].iloc[0]
    assert head["subject"] == "Kazakhstan–Azerbaijan" and head["bilateral"]
    again = c[c["sentence_id"] == "x1-s002"].iloc[0]
    assert (again["kind"], again["period_start"]) == ("target", "2027")
    assert "compares-previous-target" in again["why"]
    assert (head["kind"], head["period_start"]) == ("target", "2027")  # the headline told again below
    assert c[c["sentence_id"] == "x2-s001"].iloc[0]["kind"] == "actual"


def test_a_planned_lines_length_and_a_hubs_capacity_to_the_end_of_a_year():
    sents, docs = _frames([
        ("q1", 0, 0, "Оптоволоконная линия пройдет от Актау до города Сиазань в Азербайджане."),
        ("q1", 1, 0, "Общая длина — больше 340 километров."),
        ("q1", 2, 0, "Кроме того, предусмотрено строительство дополнительного канала волоконно-оптической линии "
                     "протяженностью 330 км."),
        ("q2", 0, 0, "Контейнерный хаб в порту Актау заработал в июне."),
        ("q2", 1, 0, "Проект рассчитан на резкое расширение мощности: с примерно 70 тыс. TEU в год сегодня до "
                     "порядка 240 тыс. TEU к концу 2026-го."),
    ], published={"q1": "2023-01-11", "q2": "2025-07-01"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[340.0, "subject"] == "Trans-Caspian fibre-optic line" and c.loc[340.0, "indicator"] == "fibre_cable_length"
    assert c.loc[340.0, "kind"] == c.loc[330.0, "kind"] == "target"
    assert "kind=verbless-after-plan" in c.loc[340.0, "why"]
    assert c.loc[70_000, "subject"] == c.loc[240_000, "subject"] == "Aktau container hub"
    assert (c.loc[240_000, "kind"], c.loc[240_000, "period_start"]) == ("target", "2026")
    assert c.loc[70_000, "period_start"] == "2025-07-01"  # "сегодня": the day of publication


def test_a_supplier_without_a_partner_supplies_the_buyer_named_before_it():
    sents, docs = _frames([
        ("s1", 0, 0, "С начала года Азербайджан приобрел у России 640 тыс т пшеницы на $209 млн."),
        ("s1", 1, 0, "Казахстан, в свою очередь, поставил почти 150 тыс т своей пшеницы на $50,4 млн."),
        # in another paragraph the buyer is not carried over
        ("s2", 0, 0, "С начала года Азербайджан приобрел у России 640 тыс т пшеницы."),
        ("s2", 1, 1, "Казахстан поставил почти 9 млн тонн своей пшеницы."),
    ], published={"s1": "2024-12-20", "s2": "2024-12-20"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[209e6, "indicator"] == "imports_value" and c.loc[209e6, "subject"] == "Azerbaijan–Russia"
    assert c.loc[150_000, "subject"] == c.loc[50.4e6, "subject"] == "Kazakhstan–Azerbaijan"
    assert c.loc[50.4e6, "indicator"] == "exports_value" and c.loc[50.4e6, "bilateral"]
    assert c.loc[9e6, "subject"] == "Kazakhstan"


def test_both_kazakh_ports_and_a_part_of_the_total_on_its_own_route():
    sents, docs = _frames([
        ("k9", 0, 0, "За 7 месяцев 2024 года через морские порты Актау и Курык перевезено около 4,2 млн тонн грузов."),
        ("k9", 1, 1, "В этом году через порты Актау и Курык планируется перевезти около 8 млн тонн грузов, в том "
                     "числе 2,1 млн тонн грузов по маршруту ТМТМ."),
        # a route after "в том числе" belongs to the part, not to the total before it
        ("k8", 0, 0, "Через порт Актау было перевезено свыше 19 тыс. контейнеров, в том числе свыше 13,5 тыс. - по "
                     "Транскаспийскому международному транспортному маршруту (ТМТМ)."),
    ], published={"k9": "2024-08-20", "k8": "2023-11-10"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[4.2e6, "subject"] == c.loc[8e6, "subject"] == "Ports of Aktau and Kuryk"
    assert c.loc[2.1e6, "subject"] == "Middle Corridor"
    assert c.loc[19_000, "subject"] == "Port of Aktau"


def test_goods_of_kazakhstan_and_a_third_country_through_an_azerbaijani_route_are_the_routes():
    sents, docs = _frames([
        ("m1", 0, 0, "В августе по нефтепроводу Баку – Тбилиси - Джейхан (БТД) было прокачано 242 тысячи тонн нефти "
                     "Казахстана и Туркменистана."),
        ("m1", 1, 1, "Согласно данным Госкомстата Азербайджана, в январе-августе 2025 года общий объем транзита нефти "
                     "Казахстана и Туркменистана по БТД составил 2,888 млн тонн."),
        # Kazakh oil alone through the same pipeline is the two countries' figure
        ("m2", 0, 0, "В августе по нефтепроводу Баку – Тбилиси - Джейхан (БТД) было прокачано 150 тысяч тонн "
                     "казахстанской нефти."),
    ], published={"m1": "2025-09-12", "m2": "2025-09-12"})
    c = claims_register(sents, docs).set_index("value")
    for v in (242_000, 2.888e6):
        assert c.loc[v, "subject"] == "Baku–Tbilisi–Ceyhan pipeline" and c.loc[v, "bilateral"]
        assert c.loc[v, "indicator"] == "oil_transit_btc"
    assert c.loc[150_000, "subject"] == "Kazakhstan–Azerbaijan"


def test_a_length_in_parentheses_a_monthly_average_and_a_peak_month():
    sents, docs = _frames([
        ("z1", 0, 0, "Однако к концу 2021 года стороны к реализации этого масштабного проекта волоконно-оптической "
                     "линии (порядка 400 км по дну Каспия) так и не приступили."),
        ("z2", 0, 0, "В среднем на нефть Казахстана ежемесячно приходится около 400 тысяч тонн в БТД, пик пришелся "
                     "на апрель — 430 тысяч тонн."),
    ], published={"z1": "2022-03-01", "z2": "2025-09-12"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[400.0, "period_start"] is None and "property-in-parentheses" in c.loc[400.0, "why"]
    assert (c.loc[430_000, "period_start"], c.loc[430_000, "period_end"]) == ("2025-04", "2025-04")
    assert c.loc[400_000, "period_start"] is None


def test_a_change_told_of_the_figure_before_it_takes_its_subject_period_and_indicator():
    sents, docs = _frames([
        ("w1", 0, 0, "В январе-апреле 2024 года порт Актау перевалил свыше 12,1 тыс. TEU, что в 3 раза больше, чем "
                     "за аналогичный период 2023 года."),
        ("w1", 1, 1, "Общая перевалка контейнеров через порт за 4 месяца составила более 13,6 тыс. TEU, что на 40% "
                     "превышает показатель аналогичного периода прошлого года."),
        # a count of trains: its change is no container throughput growth
        ("w2", 0, 0, "В текущем году за 9 месяцев из Китая по ТМТМ отправлено 250 контейнерных поездов, что на 15% "
                     "больше показателей прошлого года."),
    ], published={"w1": "2024-05-20", "w2": "2025-10-15"})
    c = claims_register(sents, docs).set_index("value")
    for v in (3.0, 40.0):
        assert c.loc[v, "subject"] == "Port of Aktau" and c.loc[v, "indicator"] == "container_throughput_growth"
        assert (c.loc[v, "period_start"], c.loc[v, "period_end"]) == ("2024-01", "2024-04")
    assert "subject=of-previous-figure" in c.loc[3.0, "why"]
    assert (c.loc[13_600, "period_start"], c.loc[13_600, "period_end"]) == ("2024-01", "2024-04")
    assert c.loc[15.0, "subject"] == c.loc[250.0, "subject"] and c.loc[15.0, "indicator"] == "other"
    assert (c.loc[250.0, "period_start"], c.loc[250.0, "period_end"]) == ("2025-01", "2025-09")


def test_a_goal_before_a_dash_people_of_one_country_in_the_other_and_a_lines_length():
    sents, docs = _frames([
        ("g1", 0, 0, "Товарооборот растет, но цель обеих стран — выход на товарооборот в два миллиарда долларов."),
        ("g2", 0, 0, "Казахская диаспора в Азербайджане насчитывает 5 тысяч человек."),
        ("g2", 1, 1, "«Нас связывают 40 тысяч наших граждан казахской национальности», — сказал Алиев."),
        ("g3", 0, 0, "Подводную волоконно-оптическую линию связи проложат от Актау до Сиазани."),
        ("g3", 1, 0, "Ее протяженность составит около 380 километров."),
        # waiting trucks are counted, not forecast; "более, чем в 6 раз" is more than
        ("g4", 0, 0, "В порту Курык находятся 65 грузовиков, ожидающих отправки в порт Алят."),
        ("g4", 1, 1, "За последние 3 года перевозки выросли более, чем в 6 раз."),
    ], published={"g1": "2025-10-20", "g2": "2023-04-10", "g3": "2025-03-04", "g4": "2024-04-25"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[2e9, "kind"] == "target" and "goal-before-dash" in c.loc[2e9, "why"]
    for v in (5_000.0, 40_000.0):
        assert c.loc[v, "subject"] == "Kazakhstan–Azerbaijan" and c.loc[v, "bilateral"], v
    assert c.loc[380.0, "indicator"] == "fibre_cable_length"
    assert c.loc[65.0, "kind"] == "actual"
    assert c.loc[6.0, "qualifier"] == "more_than"


def test_bare_carriage_in_an_article_that_carries_grain_is_grain():
    sents, docs = _frames([
        ("k1", 0, 0, "В 2025 году объем перевозок зерна по сети КТЖ в Грузию вырос в 2 раза."),
        ("k1", 1, 1, "Перевозки в Иран выросли на 40%, составив более 600 тыс. тонн."),
        # a clause naming goods of its own keeps them
        ("k1", 2, 2, "Перевозки грузов в контейнерах выросли на 12%."),
    ], published={"k1": "2026-01-10"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[600_000, "indicator"] == "grain_volume" and "goods_of_the_carriage" in c.loc[600_000, "why"]
    assert c.loc[40.0, "indicator"] == "other"  # grain carriage has no growth indicator of its own
    assert c.loc[2.0, "indicator"] == "other"
    assert c.loc[12.0, "indicator"] != "other"


def test_the_national_railway_and_the_baltic_states_are_parties():
    sents, docs = _frames([
        ("r1", 0, 0, "В 2025 году перевозки казахстанского зерна в Афганистан выросли на 20%."),
        ("r1", 1, 0, "Перевозки в страны Балтии увеличились в 4 раза."),
        ("r1", 2, 1, "В целом объем перевозок зерна по сети КТЖ превысил 12 миллионов тонн."),
        ("r1", 3, 2, "КТЖ увеличил поставки зерна в Азербайджан в 5 раз."),
    ], published={"r1": "2026-01-10"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[4.0, "subject"] == "Kazakhstan–Baltic states"
    assert c.loc[12e6, "subject"] == "Kazakhstan Temir Zholy"
    assert c.loc[5.0, "subject"] == "Kazakhstan–Azerbaijan" and c.loc[5.0, "bilateral"]


def test_the_others_goods_bought_and_a_country_in_what_is_reported():
    sents, docs = _frames([
        ("b1", 0, 0, "Баку договорился с Астаной о расширении закупок казахстанской нефти до 1,8 млн тонн."),
        ("b2", 0, 0, "Посол Казахстана в Азербайджане сообщил, что в этом году Казахстан собрал урожай зерновых – "
                     "26 млн тонн."),
    ], published={"b1": "2024-04-18", "b2": "2011-09-01"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[1.8e6, "subject"] == "Kazakhstan–Azerbaijan" and c.loc[1.8e6, "kind"] == "target"
    assert c.loc[26e6, "subject"] == "Kazakhstan"


def test_things_counted_where_they_stand_and_a_cue_of_another_clause():
    sents, docs = _frames([
        ("s1", 0, 0, "Утром в порту Курык находятся 64 грузовика, ожидающих отправки в порт Алят."),
        ("s2", 0, 0, "Связующим звеном служат 120 тысяч наших граждан азербайджанской национальности, и часть из них "
                     "будет присутствовать на церемонии."),
    ], published={"s1": "2024-04-25", "s2": "2023-04-10"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[64.0, "subject"] == "Port of Kuryk" and not c.loc[64.0, "bilateral"]
    assert c.loc[120_000, "kind"] == "actual"


def test_a_list_with_its_unit_and_verb_elided_a_base_figure_and_a_record_window():
    sents, docs = _frames([
        ("l1", 0, 0, "В январе-октябре 2023 года Азербайджан посетили 110 000 туристов из стран Центральной Азии, что на "
                     "80% больше показателя аналогичного периода 2022 года (61 000 человек)."),
        ("l1", 1, 1, "Из Казахстана приехали 50 100 человек (рост на 90%), из Узбекистана – 31 500 (рост на 45%)."),
        ("l2", 0, 0, "За январь-сентябрь этого года порт перевалил 5 млн тонн грузов, что на 5% больше, чем за тот же "
                     "период прошлого года."),
        ("l2", 1, 1, "Это наивысший показатель перевалки за последние 20 лет."),
        ("l2", 2, 2, "За отчетный период перевалка сухих грузов увеличилась на 30%, а колесной техники – на 2%."),
    ], published={"l1": "2023-12-20", "l2": "2025-10-06"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[31_500, "unit"] == "count" and "listed_amount" in c.loc[31_500, "why"]
    for v in (50_100, 31_500, 90.0):
        assert (c.loc[v, "period_start"], c.loc[v, "period_end"]) == ("2023-01", "2023-10"), v
    assert (c.loc[5.0, "period_start"], c.loc[5.0, "period_end"]) == ("2025-01", "2025-09")
    for v in (30.0, 2.0):
        assert (c.loc[v, "period_start"], c.loc[v, "period_end"]) == ("2025-01", "2025-09"), v
    assert c.loc[2.0, "indicator"] == c.loc[30.0, "indicator"] == "cargo_volume_growth"


def test_a_size_before_the_counted_noun_and_a_train_arriving_in_so_many_days():
    got = [(q.value, q.unit) for q in extract_quantities("Блок-поезд сформирован из 58 40-футовых контейнеров.")]
    assert got == [(58.0, "count")]
    got = [(q.value, q.unit) for q in extract_quantities("Поезд прибудет в Баку примерно через 18 суток.")]
    assert got == [(18.0, "day")]


def test_a_trains_containers_a_forecast_said_earlier_and_roughly_in_so_many_days():
    sents, docs = _frames([
        ("t1", 0, 0, "Из Сианя отправился грузовой поезд из 40 контейнеров с оборудованием."),
        ("t2", 0, 0, "Прогнозируется не только сохранение этой динамики, но и рост показателей до 90 тысяч TEU к концу "
                     "года."),
        ("t3", 0, 0, "Поезд прибудет в Баку примерно через 19 суток."),
    ], published={"t1": "2026-01-05", "t2": "2025-10-06", "t3": "2026-01-21"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[40.0, "indicator"] == "other"
    assert c.loc[90_000, "kind"] == "forecast"
    assert c.loc[19.0, "qualifier"] == "approx"


def test_the_counted_nouns_origin_and_a_lists_elided_preposition_name_the_partner():
    sents, docs = _frames([
        ("v1", 0, 0, "В 2024 году Азербайджан посетили 52 300 туристов из стран Центральной Азии."),
        # the list's items after the first keep its "из"; a country in the parenthesis is no partner of the total
        ("v1", 1, 1, "За 2019-2023 годы Азербайджан принял 210 400 человек из стран Центральной Азии (из Казахстана "
                     "– 88 100, Узбекистана – 61 700, Кыргызстана – 9 300)."),
    ], published={"v1": "2025-02-01"})
    c = claims_register(sents, docs).set_index("value")
    for v in (52_300.0, 210_400.0):
        assert c.loc[v, "subject"] == "Azerbaijan–Central Asia" and not c.loc[v, "bilateral"], v
    assert c.loc[88_100.0, "subject"] == "Kazakhstan–Azerbaijan" and c.loc[88_100.0, "bilateral"]
    assert c.loc[61_700.0, "subject"] == "Azerbaijan–Uzbekistan" and not c.loc[61_700.0, "bilateral"]
    assert c.loc[9_300.0, "subject"] == "Azerbaijan–Kyrgyzstan"


def test_a_timeless_cue_opening_the_sentence_keeps_the_articles_period_off_all_its_clauses():
    sents, docs = _frames([
        ("n1", 0, 0, "В 2025 году по маршруту было перевезено 4,5 млн тонн грузов."),
        ("n1", 1, 1, "Сейчас поезда по коридору ходят чаще, а перевозки выросли на 15%."),
        # without the cue the same past-tense clause continues the article's period
        ("n2", 0, 0, "В 2025 году по маршруту было перевезено 4,5 млн тонн грузов."),
        ("n2", 1, 1, "Поезда по коридору ходили чаще, а перевозки выросли на 15%."),
    ], published={"n1": "2026-01-10", "n2": "2026-01-10"})
    c = claims_register(sents, docs)
    now = c[(c.doc_id == "n1") & (c.unit == "%")]
    assert len(now) == 1 and now.period_start.isna().all() and now.period_end.isna().all()
    then = c[(c.doc_id == "n2") & (c.unit == "%")]
    assert len(then) == 1 and (then.period_start == "2025").all()


def test_a_journey_time_told_in_the_future_is_a_forecast_and_an_export_after_a_companys_figure_its_countrys():
    sents, docs = _frames([
        ("j1", 0, 0, "Поезд пройдет через Казахстан и прибудет в Баку примерно через 18 суток."),
        ("j2", 0, 0, "В 2025 году объем перевозок зерна по сети КТЖ превысил 12 миллионов тонн."),
        ("j2", 1, 0, "Экспорт составил 9 миллионов тонн."),
    ], published={"j1": "2026-01-21", "j2": "2026-01-15"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[18.0, "kind"] == "forecast" and "journey-time-future-verb" in c.loc[18.0, "why"]
    assert c.loc[12e6, "subject"] == "Kazakhstan Temir Zholy"
    assert c.loc[9e6, "subject"] == "Kazakhstan"


def test_a_journeys_time_takes_no_period_from_the_figures_around_it():
    sents, docs = _frames([
        ("d1", 0, 0, "В 2025 году по коридору перевезли 4,5 млн тонн грузов."),
        ("d1", 1, 0, "Время доставки составило около 15 дней, а по морю — 45-55 дней."),
        ("d1", 2, 1, "В январе 2026 года поезд дошел до Баку за 12 дней."),
    ], published={"d1": "2026-03-10"})
    c = claims_register(sents, docs).set_index("value")
    for v in (15.0, 45.0, 55.0):
        assert c.loc[v, "period_start"] is None and c.loc[v, "period_end"] is None, v
    assert (c.loc[12.0, "period_start"], c.loc[12.0, "period_end"]) == ("2026-01", "2026-01")


def test_a_dateline_names_no_party_a_figure_set_against_another_measures_the_same_and_oil_with_dry_cargo_is_all():
    sents, docs = _frames([
        ("p1", 0, 0, "Азербайджан, Баку, 5 декабря."),
        ("p1", 1, 0, "В январе-ноябре АММТП перевалил более 8,1 миллиона тонн нефтеналивных грузов против около "
                     "7,2 миллиона тонн в январе-октябре."),
        ("p1", 2, 1, "Общий объем перевалки нефтеналивных и сухих грузов в АММТП составил более 10,5 миллиона тонн."),
    ], published={"p1": None})
    c = claims_register(sents, docs).set_index("value")
    for v in (8.1e6, 7.2e6):
        assert c.loc[v, "subject"] == "Port of Aktau" and c.loc[v, "indicator"] == "oil_volume", v
    assert "versus-previous-figure" in c.loc[7.2e6, "why"]
    assert c.loc[10.5e6, "indicator"] == "cargo_volume" and c.loc[10.5e6, "subject"] == "Port of Aktau"


def test_compared_with_the_same_period_of_last_year_is_a_base_not_the_period():
    sents, docs = _frames([
        ("b1", 0, 0, "Перевалка нефти через порт Актау в январе-июне 2024 года увеличилась по сравнению с тем же "
                     "периодом прошлого года на 41% — до 1,6 млн тонн."),
    ], published={"b1": None})
    c = claims_register(sents, docs).set_index("value")
    for v in (41.0, 1.6e6):
        assert (c.loc[v, "period_start"], c.loc[v, "period_end"]) == ("2024-01", "2024-06"), v


def test_a_country_named_as_the_recipient_is_the_partner_of_the_goods_that_follow():
    sents, docs = _frames([
        ("r1", 0, 0, "За 2023 год через порт Актау было перевалено 90 тыс. тонн зерна."),
        ("r1", 1, 0, "Получателем зерновых грузов стал Иран."),
        ("r1", 2, 0, "В том числе было поставлено: пшеницы - 12 000 тонн, ячменя - 70 000 тонн."),
    ], published={"r1": "2024-04-10"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[90_000.0, "subject"] == "Port of Aktau"
    for v in (12_000.0, 70_000.0):
        assert c.loc[v, "subject"] == "Kazakhstan–Iran" and not c.loc[v, "bilateral"], v


def test_the_country_a_speaker_of_another_country_calls_the_country_is_his():
    sents, docs = _frames([
        ("s1", 0, 0, "Об этом сообщили в министерстве энергетики Азербайджана."),
        ("s1", 1, 1, "Вице-министр энергетики Казахстана сообщил, что к 2030 году страна планирует довести мощность "
                     "генерации до 25 ГВт."),
    ], published={"s1": "2026-03-04"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[25e9, "subject"] == "Kazakhstan" and c.loc[25e9, "kind"] == "target"


def test_what_a_port_is_able_to_handle_is_its_capacity():
    sents, docs = _frames([
        ("h1", 0, 0, "После завершения работ порт сможет обрабатывать до 5 миллионов тонн грузов в год."),
        ("h1", 1, 1, "На новом причале смогут принимать до 15 тысяч автомашин в год."),
        ("h1", 2, 2, "Мощность порта составляет 12 млн тонн сухих грузов и 90 тыс. контейнеров."),
        # a volume handled stays a volume
        ("h1", 3, 3, "В 2024 году порт обработал 3,1 млн тонн грузов."),
    ], published={"h1": "2025-02-01"})
    c = claims_register(sents, docs).set_index("value")
    for v in (5e6, 15_000.0, 12e6, 90_000.0):
        assert c.loc[v, "indicator"] == "port_capacity", v
    assert c.loc[3.1e6, "indicator"] == "cargo_volume"


def test_containers_in_twenty_foot_equivalent_are_teu_and_thousands_add_up_with_a_counted_noun():
    got = [(q.value, q.unit) for q in extract_quantities(
        "Порт обработал 7,4 тыс. контейнеров в двадцатифутовом эквиваленте и 10 тыс. контейнеров ДФЭ.")]
    assert got == [(7400.0, "TEU"), (10_000.0, "TEU")]
    assert [(q.value, q.unit) for q in extract_quantities("Компания отправила 9 тыс. 811 единиц контейнеров.")] == [
        (9811.0, "count")]
    assert [(q.value, q.unit) for q in extract_quantities("Из Китая прибыл поезд из 45 контейнеров.")] == [
        (45.0, "count")]


def test_kazakh_oil_through_azerbaijan_and_an_agreement_between_their_companies_are_the_two_countries():
    sents, docs = _frames([
        ("o1", 0, 0, "Астана намерена в ближайшие годы нарастить транспортировку нефти по Транскаспийскому коридору "
                     "до 4 млн тонн."),
        ("o2", 0, 0, "В марте 2024 года между КМГ и SOCAR было заключено соглашение об увеличении транзита нефти."),
        ("o2", 1, 0, "Документ предусматривает рост объемов поставок до 2,5 млн тонн в год."),
    ], published={"o1": "2024-04-18", "o2": "2024-05-01"})
    c = claims_register(sents, docs).set_index("value")
    for v in (4e6, 2.5e6):
        assert c.loc[v, "subject"] == "Kazakhstan–Azerbaijan" and c.loc[v, "bilateral"], v
        assert c.loc[v, "indicator"] == "oil_transit_btc" and c.loc[v, "kind"] == "target", v


def test_what_the_running_year_will_amount_to_is_a_forecast_and_a_planned_volume_a_target():
    sents, docs = _frames([
        ("f1", 0, 0, "Объем транспортировки нефти по БТД по итогам 2025 года составит порядка 1,4 млн тонн."),
        ("f1", 1, 1, "На 2026 год также запланирована транспортировка 1,6 млн тонн нефти."),
        # a plan for a year to come stays a target
        ("f1", 2, 2, "По итогам 2027 года объем составит 2 млн тонн."),
    ], published={"f1": "2025-12-15"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[1.4e6, "kind"] == "forecast" and "outcome-of-the-running-year" in c.loc[1.4e6, "why"]
    assert c.loc[1.6e6, "kind"] == "target"
    assert c.loc[2e6, "kind"] == "target"


def test_a_dateline_with_an_abbreviated_month_is_no_figure_and_metres_are_metres():
    assert extract_quantities("ТБИЛИСИ, 25 мар – Sputnik. Начался транзит нефти.") == []
    got = [(q.value, q.unit) for q in extract_quantities("Длина танкера составляет 140 м, ширина - 16,7 м.")]
    assert got == [(140.0, "m"), (16.7, "m")]
    assert [(q.value, q.unit) for q in extract_quantities("Цена составила 50 млн долларов.")] == [(50e6, "USD")]


def test_a_sentence_that_opens_as_a_part_of_the_figure_before_keeps_its_subject():
    sents, docs = _frames([
        ("q1", 0, 0, "За первый квартал порт Актау обработал свыше 7,1 тыс. ДФЭ."),
        ("q1", 1, 0, "В том числе свыше 6,2 тыс. ДФЭ — по Транскаспийскому международному транспортному маршруту."),
    ], published={"q1": "2024-04-15"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[6_200.0, "subject"] == c.loc[7_100.0, "subject"] == "Port of Aktau"
    assert "subject=part-of-previous" in c.loc[6_200.0, "why"]


def test_who_expects_a_figure_is_its_source_and_a_level_after_a_multiplier_in_words_is_reached():
    sents, docs = _frames([
        ("x1", 0, 0, "По Транскаспийскому маршруту за 2021 год перевезли 600 тыс. тонн грузов."),
        ("x1", 1, 1, "«Согласно прогнозу, в этом году объемы перевозок вырастут в пять раз — до 3 млн тонн», — "
                     "ожидают в КТЖ."),
    ], published={"x1": "2022-05-11"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[3e6, "subject"] == "Middle Corridor" and c.loc[3e6, "qualifier"] == "exact"
    assert c.loc[3e6, "kind"] == "forecast"


def test_a_window_with_two_stated_years_spans_them_and_more_than_the_same_period_is_a_base():
    sents, docs = _frames([
        ("y1", 0, 0, "За последние пять лет объем перевозок по маршруту ТМТМ вырос в пять раз – с 0,9 млн тонн в "
                     "2020 году до 4,4 млн тонн в 2024 году."),
        ("y1", 1, 1, "За первое полугодие 2025 года перевозки достигли 2,2 млн тонн, что на 8% больше аналогичного "
                     "периода прошлого года."),
    ], published={"y1": "2025-08-22"})
    c = claims_register(sents, docs).set_index("value")
    assert (c.loc[5.0, "period_start"], c.loc[5.0, "period_end"]) == ("2020", "2024")
    assert (c.loc[0.9e6, "period_start"], c.loc[4.4e6, "period_start"]) == ("2020", "2024")
    assert (c.loc[8.0, "period_start"], c.loc[8.0, "period_end"]) == ("2025-01", "2025-06")


def test_a_qualifier_written_before_a_pair_joined_by_and_qualifies_both():
    got = [(q.value, q.qualifier) for q in extract_quantities("Перевезено свыше 4 тыс. вагонов и 9 тыс. контейнеров.")]
    assert got == [(4000.0, "more_than"), (9000.0, "more_than")]
    # a share after a level is no second item of the same kind
    got = [(q.value, q.qualifier) for q in extract_quantities("Экспорт составил около 300 тонн и 20% рынка.")]
    assert got == [(300.0, "approx"), (20.0, "exact")]


def test_a_source_cited_with_a_reference_is_no_party_whatever_the_parse():
    from analysis.claims.subjects import named
    from analysis.nlp.syntax import parse
    got = named(parse('Как пишет сайт со ссылкой на "Азербайджанские железные дороги", поезд сформирован из 60 '
                      'контейнеров.'))
    assert not [p for p in got if p.name == "Azerbaijan"]


def test_a_running_total_since_a_dated_launch_runs_to_publication_and_a_named_carrier_is_its_subject():
    sents, docs = _frames([
        ("z1", 0, 0, "С момента запуска фидерной линии по Транскаспийскому маршруту в апреле 2019 года компания "
                     "«Казмортрансфлот» перевезла более 11 тыс. TEU."),
        ("z2", 0, 0, "С момента запуска фидерной линии по Транскаспийскому маршруту в апреле 2019 года компания "
                     "«Казмортрансфлот» перевезла более 11 тыс. TEU."),
    ], published={"z1": "2021-03-01", "z2": None})
    c = claims_register(sents, docs).set_index("doc_id")
    assert (c.loc["z1", "period_start"], c.loc["z1", "period_end"]) == ("2019-04", "2021-03")
    assert (c.loc["z2", "period_start"], c.loc["z2", "period_end"]) == ("2019-04", None)
    assert c.loc["z1", "subject"] == "Kazmortransflot" and "since-dated-event" in c.loc["z1", "why"]


def test_the_total_capacity_of_the_ships_that_came_in_a_month_is_that_months():
    sents, docs = _frames([
        ("c1", 0, 0, "В августе в порт прибыло 12 судов общей грузоподъемностью около 45 тыс. тонн."),
        ("c1", 1, 1, "До 2027 года планируется закупить два судна вместимостью 700 контейнеров."),
    ], published={"c1": "2025-09-09"})
    c = claims_register(sents, docs).set_index("value")
    assert (c.loc[45_000.0, "period_start"], c.loc[45_000.0, "period_end"]) == ("2025-08", "2025-08")
    assert c.loc[700.0, "period_start"] is None


def test_the_place_a_consequence_relieves_is_not_whose_figure_it_is():
    sents, docs = _frames([
        ("k1", 0, 0, "В 2017 году морской порт Курык перевалил 1,2 млн тонн грузов."),
        ("k1", 1, 0, "Здесь смогут принимать до 15 тысяч автомашин в год, что поможет разгрузить актауский морской "
                     "порт."),
    ], published={"k1": "2017-12-06"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[15_000.0, "subject"] == "Port of Kuryk" and c.loc[15_000.0, "indicator"] == "port_capacity"


def test_a_state_as_of_today_is_the_month_of_publication_and_a_thing_done_today_its_day():
    sents, docs = _frames([
        ("t1", 0, 0, "На сегодняшний день два парома уже вошли в акваторию Каспийского моря."),
        ("t1", 1, 1, "Железнодорожники сегодня же отправили в Грузию чуть больше 1 тыс т пшеницы."),
    ], published={"t1": "2025-12-23"})
    c = claims_register(sents, docs).set_index("value")
    assert (c.loc[2.0, "period_start"], c.loc[2.0, "period_end"]) == ("2025-12", "2025-12")
    assert c.loc[1000.0, "period_start"] == "2025-12-23"


def test_whose_data_a_sentence_reports_and_whom_it_cites_are_no_parties_and_list_items_keep_their_preposition():
    from analysis.claims.subjects import named
    from analysis.nlp.syntax import parse
    # the railway whose data are reported, and the ministry the outlet cites, are sources, not parties
    got = named(parse("По данным АО «Қазақстан темір жолы», за август по сети перевезено 900 тыс. тонн зерна, "
                      "сообщает агентство со ссылкой на Министерство торговли РК."))
    assert not got
    sents, docs = _frames([
        ("w1", 0, 0, "В 2024 году Казахстан увеличил экспорт муки."),
        # each item's figure has its own preposition ("на 12%", "в 3 раза"): the list's "в" still carries over
        ("w1", 1, 1, "Экспорт муки в соседние страны растет: в Узбекистан — рост на 12% (250 тыс. тонн), "
                     "Таджикистан — на 8% (90 тыс. тонн), Азербайджан — в 3 раза (15 тыс. тонн)."),
    ], published={"w1": "2025-02-01"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[250_000.0, "subject"] == "Kazakhstan–Uzbekistan" and c.loc[12.0, "subject"] == "Kazakhstan–Uzbekistan"
    assert c.loc[90_000.0, "subject"] == "Kazakhstan–Tajikistan"
    assert c.loc[15_000.0, "subject"] == "Kazakhstan–Azerbaijan" and c.loc[15_000.0, "bilateral"]
    assert c.loc[3.0, "subject"] == "Kazakhstan–Azerbaijan"


def test_a_route_between_two_ferry_ports_is_the_ferry_line_in_an_article_about_ferries():
    sents, docs = _frames([
        ("f1", 0, 0, "В 2023 году паромы пароходства перевезли 12 тыс. пассажиров."),
        # each item of the list takes the line it names; a town after "в поселке" is where the terminal lies
        ("f1", 1, 1, "Из них 3 тыс. 15 грузовых вагонов были отправлены по маршруту Баку - Актау - Баку и "
                     "7 тыс. 40 вагонов - в направлении Баку - Курык - Баку."),
        ("f1", 2, 2, "Между портами Алят—Туркменбаши перевезли 900 пассажиров."),
        ("f1", 3, 3, "На терминале Бакинского порта в поселке Алят перевалка выросла на 12 процентов."),
    ], published={"f1": "2024-02-01"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[3015.0, "subject"] == "Aktau–Baku ferry line" and c.loc[3015.0, "bilateral"]
    assert c.loc[7040.0, "subject"] == "Kuryk–Alyat ferry line" and c.loc[7040.0, "bilateral"]
    assert c.loc[900.0, "subject"] == "Alyat–Turkmenbashi ferry line" and not c.loc[900.0, "bilateral"]
    assert c.loc[12.0, "subject"] == "Port of Baku"
    # no ferry in the article: a feeder line between the same ports stays the two countries'
    sents, docs = _frames([("f2", 0, 0, "По фидерной линии Актау - Баку - Актау в 2023 году перевезли 9 тыс. тонн.")],
                          published={"f2": "2024-02-01"})
    assert claims_register(sents, docs).set_index("value").loc[9000.0, "subject"] == "Kazakhstan–Azerbaijan"


def test_an_attribution_closing_the_sentence_and_an_agency_dateline_name_no_party():
    sents, docs = _frames([
        # the railway that reports is no party, whatever the parse makes of the quotes
        ("t1", 0, 0, "За 2024 год по Транскаспийскому маршруту было перевезено порядка 4 млн тонн грузов, "
                     "сообщили «Казахстанские железные дороги»."),
        ("t2", 0, 0, "АСТАНА /Kazinform/ - За первые 6 месяцев 2025 года в Бакинском порту перегрузили около "
                     "50 тысяч TEU-контейнеров."),
        ("t2", 1, 1, "Об этом сообщили в ЗАО «Азербайджанские железные дороги»."),
        # "по этим данным" refers back; the bracketed base is the same months a year before
        ("t2", 2, 2, "По этим данным, это на 20% больше, чем за аналогичный период прошлого года (41 600 TEU)."),
    ], published={"t1": "2025-01-20", "t2": "2025-07-10"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[4e6, "subject"] == "Middle Corridor"
    assert c.loc[50_000.0, "subject"] == "Port of Baku"
    assert c.loc[20.0, "subject"] == "Port of Baku" and c.loc[20.0, "indicator"] == "container_throughput_growth"
    assert (c.loc[41_600.0, "period_start"], c.loc[41_600.0, "period_end"]) == ("2024-01", "2024-06")
    assert c.loc[41_600.0, "why"].split("; ")[1] == "period=relative-base-level:2024-01..2024-06"


def test_a_country_that_receives_along_a_corridor_is_the_figures_owner():
    sents, docs = _frames([
        ("r1", 0, 0, "В мае этого года Азербайджан принял 35 контейнерных блок-поездов из Китая по Среднему коридору."),
        ("r1", 1, 1, "Грузовой трафик по Транскаспийскому коридору почти удвоился."),
    ], published={"r1": "2025-06-10"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[35.0, "subject"] == "Azerbaijan–China"
    assert c.loc[2.0, "subject"] == "Middle Corridor"


def test_a_change_behind_a_dash_of_the_figure_before_and_a_bracketed_figure_sets_no_period_for_the_next():
    sents, docs = _frames([
        ("d1", 0, 0, "За 2022 год по маршруту перевезли 1,5 млн тонн грузов."),
        # "– на 33% больше" right after the figure is that figure's change, over its period
        ("d1", 0, 1, "Объем контейнерных перевозок по маршруту составил 33,6 тыс. TEU – на 33% больше."),
        # a country before the dash is a list item, not a change of the figure before
        ("d2", 0, 0, "В 2024 году товарооборот Азербайджана вырос с Турцией – в 1,5 раза, с Казахстаном – в 2,4 раза."),
        ("d3", 0, 0, "В период с 1 по 30 сентября текущего года перевезено 1,2 млн тонн зерна."),
        # "Из общего объема" refers back; the bracketed 2024 figure is no period the next figure continues
        ("d3", 1, 1, "Из общего объема на внутренний рынок перевезено 300 тыс. тонн (2024 год — 180 тыс. тонн), "
                     "на экспорт отправлено 900 тыс. тонн."),
    ], published={"d1": "2023-02-01", "d2": "2025-02-01", "d3": None})
    c = claims_register(sents, docs).set_index("value")
    assert (c.loc[33.0, "period_start"], c.loc[33.0, "indicator"]) == ("2022", "container_throughput_growth")
    assert c.loc[2.4, "subject"] == "Kazakhstan–Azerbaijan" and c.loc[1.5, "subject"] == "Azerbaijan–Turkey"
    assert c.loc[180_000.0, "period_start"] == "2024"
    assert c.loc[900_000.0, "period_start"] is None


@pytest.mark.parametrize("text, expected", [
    # the number of a countable thing told with its verb, and the list items after it
    ("Число туристов из Казахстана составило 4 352 (рост на 150 процентов), из Узбекистана - 2 877.",
     [(4352.0, "count"), (150.0, "%"), (2877.0, "count")]),
    # an item with its noun left out before a dash is part of the count before it
    ("Всего принято 265 поездов, из них 104 — транзитные.", [(265.0, "count"), (104.0, "count")]),
    ("Между портами перевезли 1426 пассажиров и 312 туристов.", [(1426.0, "count"), (312.0, "count")]),
    ("Товарооборот составил 250.", []),
])
def test_counts_told_without_their_noun_after_the_number(text, expected):
    assert [(q.value, q.unit) for q in extract_quantities(text)] == expected


def test_a_list_of_places_keeps_its_period_and_an_undated_figures_own_time_beats_a_back_reference():
    sents, docs = _frames([
        ("l1", 0, 0, "В марте 2024 года Азербайджан посетили 9 100 туристов из стран Центральной Азии."),
        # each place's item follows the list's first item of its unit, whatever figures came between
        ("l1", 1, 1, "По данным Госагентства Азербайджана по туризму, число туристов из Казахстана составило 3 200 "
                     "(рост за год на 40 процентов), из Узбекистана - 2 100 (рост за год на 25 процентов), из "
                     "Туркменистана - 1 900 (рост за год на 30 процентов), из Кыргызстана - 410 (рост за год на 12 "
                     "процентов), из Таджикистана - 300 человек (рост за год на 14 процентов)."),
        ("u1", 0, 0, "В 2023 году порт перевалил 4 млн тонн грузов."),
        # an undated article's "текущего года" is the figure's own time, unknowable: not the 2023 before it
        ("u1", 1, 1, "В январе-феврале текущего года Азербайджан посетили 20 100 туристов, что на 90 процентов "
                     "превышает показатель того же периода 2023 года."),
    ], published={"l1": None, "u1": None})
    c = claims_register(sents, docs).set_index("value")
    # (a change in brackets right after an item is that item's)
    for v in (3200.0, 2100.0, 1900.0, 410.0, 300.0, 40.0, 25.0, 14.0):
        assert (c.loc[v, "period_start"], c.loc[v, "period_end"]) == ("2024-03", "2024-03"), v
    assert c.loc[20_100.0, "period_start"] is None and c.loc[90.0, "period_start"] is None


def test_what_may_happen_is_a_forecast_traffic_is_freight_and_a_part_of_a_capacity_is_capacity():
    sents, docs = _frames([
        ("m1", 0, 0, "Объемы перевозок по Среднему коридору могут утроиться к 2032 году."),
        # "может быть увеличен" is still the plan it was
        ("m1", 1, 1, "В перспективе товарооборот между Казахстаном и Азербайджаном может быть увеличен до $2 млрд."),
        ("m1", 2, 2, "В 2024 году грузовой трафик по маршруту достиг 4,5 млн тонн."),
        ("m1", 3, 3, "Порт способен обработать около 15 млн тонн различных грузов, включая до 9 млн тонн нефти."),
    ], published={"m1": "2025-03-01"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[3.0, "kind"] == "forecast" and c.loc[2e9, "kind"] == "target"
    assert c.loc[4.5e6, "indicator"] == "cargo_volume"
    assert c.loc[15e6, "indicator"] == "port_capacity" and c.loc[9e6, "indicator"] == "port_capacity"


def test_a_remark_on_the_whole_statement_after_the_figure_names_no_party():
    sents, docs = _frames([
        ("q1", 0, 0, "Как известно, Астана планировала довести в 2025 году экспорт через БТД до 2 миллионов тонн, что "
                     "входило в стратегию снижения зависимости от России."),
    ], published={"q1": "2025-12-01"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[2e6, "subject"] == "Kazakhstan–Azerbaijan" and c.loc[2e6, "bilateral"]


def test_two_countries_that_agree_together_own_the_goal_and_growing_trade_is_turnover():
    sents, docs = _frames([
        ("g1", 0, 0, "Азербайджан и Казахстан договорились об увеличении торговли до двух миллиардов долларов в год."),
    ], published={"g1": "2025-12-01"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[2e9, "subject"] == "Kazakhstan–Azerbaijan" and c.loc[2e9, "indicator"] == "trade_turnover"
    assert c.loc[2e9, "kind"] == "target"


def test_levels_and_changes_of_plans_and_forecasts_and_the_level_a_plan_starts_from():
    sents, docs = _frames([
        # the level after a dash is reached by the forecast change before it, in its year
        ("k1", 0, 0, "На 2026 год прогнозируется рост объема грузоперевозок по ТМТМ еще на 30% — до 6 млн тонн."),
        ("k1", 1, 1, "Казахстан планирует увеличить поставки нефти через БТД до 200 тыс. т в марте, что примерно на "
                     "25% больше, чем в феврале."),
        ("k1", 2, 2, "Казахстан обдумывает увеличение экспорта нефти по БТД до 10 миллионов тонн в год с 2 миллионов "
                     "тонн в 2024 году."),
        ("k1", 3, 3, "Помимо этого, из Казахстана намечено завезти еще около 60 тысяч тонн зерна."),
    ], published={"k1": "2025-12-01"})
    c = claims_register(sents, docs).set_index("value")
    assert (c.loc[6e6, "kind"], c.loc[6e6, "period_start"]) == ("forecast", "2026")
    assert c.loc[25.0, "kind"] == "target"
    assert c.loc[10e6, "kind"] == "target" and c.loc[2e6, "kind"] == "actual"
    assert c.loc[60_000.0, "kind"] == "target"


def test_a_fields_reserves_are_its_own_and_no_volume_and_oil_from_a_field_is_not_the_fields():
    sents, docs = _frames([
        ("o1", 0, 0, "Геологические запасы Тенгиза оцениваются в 3,1 миллиарда тонн нефти."),
        ("o1", 1, 1, "Общие нефтяные запасы составляют 26 миллиардов баррелей, из них извлекаемые — около 9 миллиардов."),
        ("o2", 0, 0, "В марте по БТД будет прокачано 150 тыс. т казахстанской нефти."),
        ("o2", 0, 1, "Из этого объема 120 тыс. т придет с месторождения Тенгиз, а 30 тыс. т — с Кашагана."),
        ("o3", 0, 0, "Казахстанская сторона вложит порядка 15 млн долларов в совместный проект с Азербайджаном."),
    ], published={"o1": "2025-12-01", "o2": "2025-12-01", "o3": "2025-12-01"})
    c = claims_register(sents, docs).set_index("value")
    for v in (3.1e9, 26e9, 9e9):
        assert c.loc[v, "indicator"] == "other", v
    assert c.loc[3.1e9, "subject"] == "Tengiz field"
    assert c.loc[120_000.0, "subject"] == "Kazakhstan–Azerbaijan" and c.loc[120_000.0, "indicator"] == "oil_transit_btc"
    assert c.loc[15e6, "indicator"] == "investment"


def test_a_base_figure_of_the_same_months_of_a_named_year_takes_those_months():
    sents, docs = _frames([
        ("b1", 0, 0, "По итогам девяти месяцев 2021 года объем перевозок составил 5 млн 100 тыс. тонн против 6 млн "
                     "200 тыс. тонн за аналогичный период 2020 года."),
    ], published={"b1": "2021-10-15"})
    c = claims_register(sents, docs).set_index("value")
    assert (c.loc[5_100_000.0, "period_start"], c.loc[5_100_000.0, "period_end"]) == ("2021-01", "2021-09")
    assert (c.loc[6_200_000.0, "period_start"], c.loc[6_200_000.0, "period_end"]) == ("2020-01", "2020-09")


def test_a_flow_to_a_third_country_and_one_of_the_two_together_is_no_bilateral_figure():
    sents, docs = _frames([
        ("j1", 0, 0, "Азербайджан в 2018 году заметно нарастил морские перевозки."),
        ("j1", 1, 1, "По данным ведомства, по итогам 2018 года перевозки пассажиров в Туркменистан и Казахстан выросли "
                     "на 30% и составили 25 000 человек."),
    ], published={"j1": "2019-02-01"})
    c = claims_register(sents, docs).set_index("value")
    for v in (30.0, 25_000.0):
        assert not c.loc[v, "bilateral"] and c.loc[v, "subject"] == "Azerbaijan", v


def test_goods_moved_by_a_route_in_a_participle_are_the_routes_and_20_foot_equivalents_are_teu():
    sents, docs = _frames([
        ("p1", 0, 0, "В 2025 году объем грузов, перевезенных из Китая через ТМТМ, превысил 31 тысячу контейнеров в "
                     "20-футовом эквиваленте."),
    ], published={"p1": "2026-01-10"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[31_000.0, "unit"] == "TEU" and c.loc[31_000.0, "subject"] == "Middle Corridor"


def test_a_range_of_a_changes_size_has_one_period_and_demand_is_no_volume():
    sents, docs = _frames([
        ("r1", 0, 0, "За последние 7 дней спрос на контейнерные перевозки по Среднему коридору вырос на 300-350 "
                     "процентов."),
        # a range of levels the change went from and to keeps its low end apart
        ("r1", 1, 1, "В 2024 году перевозки по коридору выросли с 2,1 до 4,4 млн тонн."),
    ], published={"r1": "2026-03-10"})
    c = claims_register(sents, docs).set_index("value")
    for v in (300.0, 350.0):
        assert c.loc[v, "period_start"] == "2026-03-03" and c.loc[v, "indicator"] == "other", v
    assert c.loc[2.1e6, "why"].split("; ")[1] == "period=none:change-range-low-end"


@pytest.mark.parametrize("text, expected", [
    # the level a change reaches, told after a dash past its base year, is reached, not an upper bound
    ("В 2023 году ожидается рост перевозок в три раза к уровню 2022 года — до 60 тыс. ДФЭ.",
     [(3.0, "x", "exact"), (60_000.0, "TEU", "exact")]),
    ("Компании закупили до 5 млн тонн.", [(5e6, "t", "up_to")]),
    # a base's level in brackets, its unit left out, is counted like the figure it is the base of
    ("В страну приехали 340 836 иностранцев, что на 46,55 процента больше аналогичного показателя 2023 года "
     "(232 567).", [(340_836.0, "count", "exact"), (46.55, "%", "exact"), (232_567.0, "count", "exact")]),
    ("Это на 5% больше, чем в 2023 году (1200).", [(5.0, "%", "exact")]),
    # a gloss in brackets is no word between the change and its "до"
    ("На переговорах президентов, завершившихся в Астане, стороны подтвердили намерение уже в ближайшие годы "
     "нарастить поставки казахстанской нефти по нефтепроводу Баку–Тбилиси–Джейхан (БТД) до 9 миллионов тонн в год.",
     [(9e6, "t/yr", "exact")]),
])
def test_a_level_after_a_change_and_a_dash_is_reached(text, expected):
    assert [(q.value, q.unit, q.qualifier) for q in extract_quantities(text)] == expected


def test_a_base_named_as_the_same_indicator_of_a_year_is_no_period_of_the_change():
    sents, docs = _frames([
        ("n1", 0, 0, "В марте-апреле текущего года в страну приехали 150 000 иностранцев, что на 20 процентов больше "
                     "аналогичного показателя 2023 года (125 000 человек)."),
    ], published={"n1": None})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[20.0, "period_start"] is None and c.loc[125_000.0, "period_start"] == "2023"


def test_a_headline_figure_with_no_party_is_whose_the_body_says_it_is():
    sents, docs = _frames([
        ("h1", 0, 0, "На фидерной линии за год перевезли более 15 тыс. TEU."),
        ("h1", 1, 1, "С момента запуска линии компания «Казмортрансфлот» перевезла более 15 тыс. TEU."),
    ], published={"h1": "2021-05-01"})
    c = claims_register(sents, docs)
    head = c[c["sentence_id"] == c["sentence_id"].iloc[0]].iloc[0]
    assert head["subject"] == "Kazmortransflot" and "subject=headline-told-again" in head["why"]


def test_what_a_route_can_carry_is_no_volume_carried():
    sents, docs = _frames([
        ("c1", 0, 0, "Инфраструктура ТМТМ позволяет перевозить по маршруту порядка 8 млн тонн, в том числе 90 тыс. ДФЭ."),
        ("c1", 1, 1, "В 2024 году по маршруту перевезли 4,5 млн тонн грузов."),
    ], published={"c1": "2025-03-01"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[8e6, "indicator"] == "other" and c.loc[90_000.0, "indicator"] == "other"
    assert c.loc[4.5e6, "indicator"] == "cargo_volume"


def test_a_figure_against_a_plan_is_no_growth_and_the_plan_in_brackets_makes_no_target():
    sents, docs = _frames([
        ("v1", 0, 0, "В октябре 2024 года порт перевалил около 1,2 миллиона тонн грузов (на 12,5 процентов больше плана) "
                     "против 950 тысяч тонн в сентябре."),
    ], published={"v1": "2024-11-05"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[12.5, "indicator"] == "other"
    assert c.loc[950_000.0, "kind"] == "actual"


def test_a_running_total_since_a_month_runs_to_publication_or_to_an_unknown_end():
    sents, docs = _frames([
        ("s1", 0, 0, "С января 2023 года Казахстан уже отправил на экспорт 300 тысяч тонн нефти через Каспийское море."),
        ("s2", 0, 0, "С марта 2022 года Казахстан уже отправил на экспорт 200 тысяч тонн нефти через Каспийское море."),
    ], published={"s1": "2024-03-05", "s2": None})
    c = claims_register(sents, docs).set_index("value")
    assert (c.loc[300_000.0, "period_start"], c.loc[300_000.0, "period_end"]) == ("2023-01", "2024-03")
    assert (c.loc[200_000.0, "period_start"], c.loc[200_000.0, "period_end"]) == ("2022-03", None)


def test_container_carriage_grows_as_containers_beside_freight_in_general():
    sents, docs = _frames([
        ("c1", 0, 0, "В 2024 году объем перевозок увеличился на 62%, а контейнерные перевозки выросли в 2,7 раза."),
    ], published={"c1": "2025-03-05"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[62.0, "indicator"] == "cargo_volume_growth"
    assert c.loc[2.7, "indicator"] == "container_throughput_growth"


def test_dry_cargo_ships_and_bulkers_are_vehicles_not_throughput():
    sents, docs = _frames([
        ("v1", 0, 0, "Под государственным флагом ходят 20 судов — 11 танкеров, 6 сухогрузов и 3 контейнеровоза."),
    ], published={"v1": "2025-03-05"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[6.0, "indicator"] == "other" and c.loc[3.0, "indicator"] == "other"


def test_the_growth_of_the_indicator_refers_back_to_the_figure_just_given():
    sents, docs = _frames([
        ("g1", 0, 0, "За январь-июль 2023 года порт Баку перевалил 240 тыс. тонн грузов."),
        ("g1", 1, 1, "Рост показателя по сравнению с аналогичным периодом прошлого года составил 60%."),
    ], published={"g1": "2023-08-10"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[60.0, "indicator"] == "cargo_volume_growth" and c.loc[60.0, "subject"] == "Port of Baku"


def test_a_part_of_a_count_of_trains_is_trains_too():
    sents, docs = _frames([
        ("t1", 0, 0, "В 2025 году по коридору принято 300 контейнерных поездов, из них 120 — транзитные."),
    ], published={"t1": "2026-01-10"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[120.0, "unit"] == "count" and c.loc[120.0, "indicator"] == "other"


def test_ferry_carriage_is_not_the_goods_the_article_carried_before():
    sents, docs = _frames([
        ("f1", 0, 0, "В 2024 году перевалка нефти через порты выросла на 40%."),
        ("f1", 1, 1, "Паромные перевозки тоже выросли на 15%."),
    ], published={"f1": "2025-02-01"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[15.0, "indicator"] == "cargo_volume_growth"


def test_one_transit_trains_figures_are_the_routes_unless_it_carries_goods_of_the_two():
    sents, docs = _frames([
        ("r1", 0, 0, "Тестовый поезд вышел из Китая 28 июля."),
        ("r1", 1, 0, "Он преодолел более 3500 километров через Казахстан и Каспийское море."),
        ("r1", 2, 1, "Тестовый поезд доставил 41 вагон-платформу."),
        ("r1", 3, 1, "Первый эшелон привез 1771,2 тонны каустической соды."),
        ("r1", 4, 2, "Контейнерный поезд из 44 вагонов добрался до станции Тбилиси."),
        # Kazakh wheat through Azerbaijan: the two countries' goods, not the route's
        ("r2", 0, 0, "В Грузию ушел поезд с казахстанской пшеницей."),
        ("r2", 1, 1, "Состав из 15 вагонов-зерновозов, груженых пшеницей из Казахстана, прибыл в Баку."),
    ], published={"r1": "2024-08-05", "r2": "2024-08-05"})
    c = claims_register(sents, docs).set_index("value")
    for value in (3500.0, 41.0, 1771.2, 44.0):
        assert c.loc[value, "subject"] == "Middle Corridor" and not c.loc[value, "bilateral"], value
        assert "subject=train-on-route" in c.loc[value, "why"]
    # the distance it covers is the route's length; what it brought is a batch, not a freight volume
    assert c.loc[3500.0, "indicator"] == "route_length" and c.loc[1771.2, "indicator"] == "other"
    assert c.loc[15.0, "subject"] != "Middle Corridor"


def test_a_base_of_months_in_the_instrumental_is_not_the_figures_period():
    sents, docs = _frames([
        ("m1", 0, 0, "За январь-июль 2024 года компания перевезла 25,5 тысяч тонн грузов."),
        ("m1", 1, 1, "По сравнению с январем-июлем 2023 года этот показатель вырос в 2,4 раза."),
    ], published={"m1": "2024-08-08"})
    c = claims_register(sents, docs).set_index("value")
    assert (c.loc[2.4, "period_start"], c.loc[2.4, "period_end"]) == ("2024-01", "2024-07")


def test_a_change_a_which_clause_means_is_of_the_level_before_it():
    sents, docs = _frames([
        ("w1", 0, 0, "В 2026 году объем казахстанской нефти, перекачиваемой по трубопроводу БТД, как ожидается, "
                     "увеличится до 1,6 млн тонн, что в годовом выражении означает рост примерно на 23%."),
    ], published={"w1": "2026-01-20"})
    c = claims_register(sents, docs).set_index("value")
    assert (c.loc[23.0, "period_start"], c.loc[23.0, "period_end"]) == ("2026", "2026")
    assert "period=of-previous-figure" in c.loc[23.0, "why"]


def test_kazakh_oil_counted_in_a_transit_through_azerbaijan_is_the_btc_routes():
    sents, docs = _frames([
        ("o1", 0, 0, "В рамках соглашения о транзите 1,5 млн тонн казахстанской нефти через территорию Азербайджана "
                     "ведется транспортировка."),
    ], published={"o1": "2024-03-20"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[1.5e6, "bilateral"] and c.loc[1.5e6, "indicator"] == "oil_transit_btc"


def test_a_running_total_from_a_dated_event_to_a_later_time_spans_both():
    sents, docs = _frames([
        ("s1", 0, 0, "Общий объем перевозок компании с момента запуска линии Актау — Баку в апреле 2019 года уже в "
                     "начале августа текущего года достиг отметки в 100 тысяч TEU."),
    ], published={"s1": "2024-08-08"})
    c = claims_register(sents, docs).set_index("value")
    assert (c.loc[1e5, "period_start"], c.loc[1e5, "period_end"]) == ("2019-04", "2024-08")


def test_the_level_a_change_starts_from_is_the_same_span_a_year_before():
    sents, docs = _frames([
        ("y1", 0, 0, "В 2024 году экспорт казахстанского зерна в Азербайджан вырос на 30% - с 500 тыс. тонн до 650 тыс. тонн."),
        ("y2", 0, 0, "За январь-июль 2024 года перевалка нефти в порту Актау выросла на 15%."),
        ("y2", 1, 1, "Транспортировка нефти за отчетный период увеличилась на 75 процентов - с 246 тысяч тонн до 431 тысячи тонн."),
        # a range of the change's own size is no level: "вырос на 450-500 процентов" keeps its period
        ("y3", 0, 0, "За последние 7 дней спрос на перевозки вырос на 450-500 процентов."),
    ], published={"y1": "2025-02-01", "y2": "2024-08-08", "y3": "2026-03-10"})
    c = claims_register(sents, docs).set_index("value")
    assert (c.loc[5e5, "period_start"], c.loc[6.5e5, "period_start"]) == ("2023", "2024")
    assert (c.loc[246000.0, "period_start"], c.loc[246000.0, "period_end"]) == ("2023-01", "2023-07")
    assert (c.loc[431000.0, "period_start"], c.loc[431000.0, "period_end"]) == ("2024-01", "2024-07")
    assert c.loc[450.0, "period_start"] == "2026-03-03"


def test_a_projects_cost_is_an_investment_but_a_value_in_money_terms_is_not():
    sents, docs = _frames([
        ("p1", 0, 0, "Стоимость проекта – 9,1 млрд тенге."),
        ("p1", 1, 1, "Строительство нового морского порта в Актау стоимостью 300 миллионов долларов начнется в 2026 году."),
        ("p1", 2, 2, "В количественном выражении это на 10% больше, однако в стоимостном – на 24 миллиона долларов меньше."),
        # a freight rate is a price
        ("p1", 3, 3, "Стоимость фрахта составляет от $1600 до $1700 в одну сторону."),
    ], published={"p1": "2025-05-01"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[9.1e9, "indicator"] == "investment" and c.loc[3e8, "indicator"] == "investment"
    assert c.loc[2.4e7, "indicator"] != "investment"
    assert c.loc[1600.0, "indicator"] != "investment" and c.loc[1700.0, "indicator"] != "investment"


def test_a_measure_of_the_fibre_line_is_the_lines_whichever_countries_the_sentence_names():
    sents, docs = _frames([
        ("c1", 0, 0, "Казахстан пока строит подобный кабель с Азербайджаном."),
        ("c1", 1, 0, "Он соединит Актау и Сумгаит, его длина — 380 километров."),
        ("c1", 2, 0, "Пропускная способность — до 400 терабит в секунду."),
    ], published={"c1": "2025-10-30"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[380.0, "indicator"] == "fibre_cable_length" and c.loc[4e14, "indicator"] == "digital_capacity"
    for value in (380.0, 4e14):
        assert c.loc[value, "subject"] == "Trans-Caspian fibre-optic line" and c.loc[value, "bilateral"], value
        assert "+measure-of:" in c.loc[value, "why"]


def test_a_route_in_the_event_a_total_counts_from_is_the_way_not_whose_figure():
    sents, docs = _frames([
        ("k1", 0, 0, "Общий объем контейнерных перевозок Казмортрансфлота с момента запуска линии Актау — Баку в апреле "
                     "2019 года уже в начале августа текущего года достиг отметки в 100 тысяч TEU."),
    ], published={"k1": "2024-08-08"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[1e5, "subject"] == "Kazmortransflot" and c.loc[1e5, "bilateral"]


def test_the_reporting_period_is_the_reports_when_the_figure_before_has_none_that_can_be_known():
    sents, docs = _frames([
        ("r1", 0, 0, "Компания в январе-сентябре 2020 года перевезла 7,2 млн тонн нефти."),
        ("r1", 1, 1, "Таким образом, в январе-сентябре текущего года перевозки нефти снизились на 14%."),
        ("r1", 2, 2, "Объем перевозок нефти по Черному морю за отчетный период сократился на 15%."),
    ], published={"r1": None})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[14.0, "period_start"] is None  # "текущего года" in an undated release: unknowable
    assert (c.loc[15.0, "period_start"], c.loc[15.0, "period_end"]) == ("2020-01", "2020-09")


def test_in_a_window_a_level_is_of_its_own_year_and_a_change_starts_at_its_base_year():
    sents, docs = _frames([
        ("w1", 0, 0, "За последние два года контейнерный трафик по Транскаспийскому маршруту увеличивался примерно на "
                     "35–40% в год, достигнув около 3,2 миллиона тонн в 2024 году по сравнению с 1,5 миллиона тонн в 2022 году."),
    ], published={"w1": "2025-03-01"})
    c = claims_register(sents, docs).set_index("value")
    assert (c.loc[3.2e6, "period_start"], c.loc[3.2e6, "period_end"]) == ("2024", "2024")
    assert (c.loc[35.0, "period_start"], c.loc[35.0, "period_end"]) == ("2022", "2024")
    assert (c.loc[1.5e6, "period_start"], c.loc[1.5e6, "period_end"]) == ("2022", "2022")


def test_trucks_waiting_their_turn_are_no_expectation():
    sents, docs = _frames([
        ("q1", 0, 0, "Сейчас на казахстанской стороне отправки ожидают около 1000 грузовиков."),
        ("q1", 1, 1, "В порту Курык своей очереди ожидают 500 фур."),
        ("q1", 2, 2, "Эксперты ожидают роста экспорта на 10%."),
    ], published={"q1": "2025-03-01"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[1000.0, "kind"] == "actual" and c.loc[500.0, "kind"] == "actual"
    assert c.loc[10.0, "kind"] == "forecast"


def test_a_freight_growth_beside_a_count_of_wagons_stays_the_freights_but_not_beside_passengers():
    sents, docs = _frames([
        ("g1", 0, 0, "В 2017 году перевалка паромных грузов увеличилась на 45,1% и составила 21 тыс. 62 железнодорожных вагона."),
        ("g1", 1, 1, "На терминале перевалка грузов увеличилась на 26,4 процента и составила 46 679 единиц."),
        ("g1", 2, 2, "В 2017 году перевозки пассажиров в Казахстан выросли на 41,4% и составили 33 129 человек."),
    ], published={"g1": "2018-01-20"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[45.1, "indicator"] == "cargo_volume_growth" and c.loc[26.4, "indicator"] == "cargo_volume_growth"
    assert c.loc[41.4, "indicator"] == "other"


def test_a_scaled_figure_is_the_exact_value_written_not_a_binary_approximation():
    got = [q.value for q in extract_quantities("порт обработал 4,1 млн тонн и 1,7 млрд долларов")]
    assert got == [4100000.0, 1700000000.0]


def test_a_sentence_with_figures_between_is_the_sentence_before_not_the_one_without_figures_before_it():
    sents, docs = _frames([
        ("b1", 0, 0, "Председатель КНР Си Цзиньпин дал старт движению грузов в порту Курык."),
        ("b1", 1, 0, "С начала года через порт перевезено свыше 1 миллиона тонн груза."),
        ("b1", 2, 0, "Этот показатель планируется увеличить до 2 миллионов 300 тысяч тонн."),
    ], published={"b1": "2024-07-04"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[2.3e6, "subject"] == c.loc[1e6, "subject"] == "Port of Kuryk"


def test_since_the_start_of_the_year_in_a_report_on_its_first_months_runs_to_the_reports_end():
    sents, docs = _frames([
        ("y1", 0, 0, "За первые 8 месяцев 2025 года в Бакинском порту перегрузили около 70 тысяч TEU-контейнеров."),
        ("y1", 1, 1, "«Всего с начала года принято 265 поездов», — сообщили в компании."),
        ("y2", 0, 0, "С начала года через порт перевезено свыше 1 миллиона тонн груза."),
    ], published={"y1": "2025-09-09", "y2": "2024-07-04"})
    c = claims_register(sents, docs).set_index("value")
    assert (c.loc[265.0, "period_start"], c.loc[265.0, "period_end"]) == ("2025-01", "2025-08")
    assert (c.loc[1e6, "period_start"], c.loc[1e6, "period_end"]) == ("2024-01", "2024-07")


def test_the_noun_governing_a_trade_figure_says_which_way_it_flows_not_the_nearest_keyword():
    sents, docs = _frames([
        ("t1", 0, 0, "Экспорт Азербайджана в Казахстан за январь-сентябрь 2025 года достиг 98,3 млн долларов, "
                     "импорт из Казахстана - 314,2 млн долларов."),
    ], published={"t1": "2025-10-20"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[98.3e6, "indicator"] == "exports_value" and c.loc[314.2e6, "indicator"] == "imports_value"


def test_a_total_since_the_start_of_operation_runs_to_publication():
    sents, docs = _frames([
        ("e1", 0, 0, "По нефтепроводу Баку-Тбилиси-Джейхан в январе-августе прокачано 1,1 млн тонн казахстанской нефти."),
        ("e1", 1, 0, "Всего с начала эксплуатации трубопровода по нему транспортировано более 600 млн тонн нефти."),
    ], published={"e1": "2025-09-15"})
    c = claims_register(sents, docs).set_index("value")
    assert (c.loc[1.1e6, "period_start"], c.loc[1.1e6, "period_end"]) == ("2025-01", "2025-08")
    assert (c.loc[6e8, "period_start"], c.loc[6e8, "period_end"]) == (None, "2025-09")


def test_a_transit_that_names_no_goods_is_the_flow_the_article_counted_before():
    sents, docs = _frames([
        ("n1", 0, 0, "По нефтепроводу Баку-Тбилиси-Джейхан в январе-августе прокачано 1,1 млн тонн казахстанской нефти."),
        ("n1", 1, 1, "КМГ планирует в следующем году увеличить объем транзита через Азербайджан до 2 млн тонн."),
        ("n1", 2, 2, "Объем перевозок грузов через порт Актау достиг 3 млн тонн."),  # freight named: stays freight
    ], published={"n1": "2025-09-15"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[2e6, "indicator"] == "oil_transit_btc" and c.loc[3e6, "indicator"] == "cargo_volume"


def test_a_corridors_carriage_that_names_no_goods_is_its_freight_not_the_articles_grain():
    sents, docs = _frames([
        ("m1", 0, 0, "За июль-декабрь 2024 года Казахстан отгрузил в Азербайджан 215 тыс. тонн пшеницы."),
        ("m1", 1, 1, "За пять лет объем перевозок по ТМТМ вырос с 0,8 млн до 4,5 млн тонн."),
    ], published={"m1": "2025-02-10"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[2.15e5, "indicator"] == "grain_volume"
    assert c.loc[4.5e6, "subject"] == "Middle Corridor" and c.loc[4.5e6, "indicator"] == "cargo_volume"
    assert (c.loc[4.5e6, "period_start"], c.loc[4.5e6, "period_end"]) == ("2020-02", "2025-02")


def test_a_total_and_its_parts_each_with_the_origin_named_after_it():
    sents, docs = _frames([
        ("w1", 0, 0, "Азербайджан в прошлом году импортировал 1,4 млн тонн пшеницы, из которых 1,1 млн тонн поступило "
                     "из России и 280 тыс. тонн — из Казахстана."),
        # a list that names each origin before its figure keeps it
        ("w2", 0, 0, "Больше всего туристов прибыло из Казахстана — 167 тыс. человек (рост на 90,74%), из Узбекистана — 96 тыс. человек."),
    ], published={"w1": "2025-03-15", "w2": "2024-03-01"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[1.4e6, "subject"] == "Azerbaijan" and not c.loc[1.4e6, "bilateral"]  # the total, not Kazakh grain
    assert c.loc[1.1e6, "subject"] == "Azerbaijan–Russia" and not c.loc[1.1e6, "bilateral"]
    assert c.loc[2.8e5, "subject"] == "Kazakhstan–Azerbaijan" and c.loc[2.8e5, "bilateral"]
    assert c.loc[167000.0, "subject"] == "Kazakhstan" and "Uzbekistan" in c.loc[96000.0, "subject"]


def test_an_entity_then_a_dash_then_a_figure_is_that_entitys_list_item():
    sents, docs = _frames([
        ("d1", 0, 0, "На долю порта Актау пришлось 5,1 млн тонн, порта Курык — 2,1 млн тонн."),
        ("d1", 1, 1, "Порт Актау обработал 5 млн тонн грузов, а порт Курык — около 2 млн тонн."),
    ], published={"d1": "2025-03-15"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[5.1e6, "subject"] == c.loc[5e6, "subject"] == "Port of Aktau"
    assert c.loc[2.1e6, "subject"] == c.loc[2e6, "subject"] == "Port of Kuryk"


def test_three_countries_joined_as_doers_own_their_project_and_a_builder_company_not_the_lines_length():
    sents, docs = _frames([
        ("j1", 0, 0, "Казахтелеком и AzerTelecom завершили прокладку кабеля по дну Каспия протяженностью 380 км."),
        ("j1", 1, 1, "Азербайджан, Казахстан и Узбекистан планируют построить энергетический кабель мощностью 1,5 ГВт."),
        # their three-way trade is not the two's trade
        ("j1", 2, 2, "Азербайджан, Казахстан и Узбекистан нарастили товарооборот до 5 млрд долларов."),
    ], published={"j1": "2025-06-01"})
    c = claims_register(sents, docs).set_index("value")
    assert c.loc[5e9, "subject"] == "Kazakhstan–Azerbaijan–Uzbekistan" and not c.loc[5e9, "bilateral"]
    assert c.loc[380.0, "subject"] == "Trans-Caspian fibre-optic line" and c.loc[380.0, "bilateral"]
    assert c.loc[1.5e9, "subject"] == "Kazakhstan–Azerbaijan–Uzbekistan" and c.loc[1.5e9, "bilateral"]
    assert not is_bilateral("Azerbaijan–Turkey–Georgia") and is_bilateral("Kazakhstan–Azerbaijan–Uzbekistan")
