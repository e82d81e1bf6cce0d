"""Tests for analysis.dates: Russian time expressions and their resolution."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from analysis.nlp.dates import (
    TimeExpr,
    find_time_expressions,
    iso_bounds,
    iso_cut,
    parse_published,
    periods_overlap,
    precision_of,
    resolve_relative_year,
    shift_iso,
)

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def one(text: str, published: str | None) -> TimeExpr:
    found = find_time_expressions(text, published)
    assert len(found) == 1, [e.text for e in found]
    return found[0]


# (text, published, expected span text, kind, start_iso, end_iso, precision, relative, resolved)
CASES = [
    # bare and prepositional years: absolute, resolve even when undated
    ("в 2025 году Казахстан стал", None, "в 2025 году", "point", "2025", "2025", "year", False, True),
    ("составил в 2024 году", "2025-09-12", "в 2024 году", "point", "2024", "2024", "year", False, True),
    ("по итогам 2024 года", "2025-09-12", "2024 года", "point", "2024", "2024", "year", False, True),
    ("в 2025-м году", None, "в 2025-м году", "point", "2025", "2025", "year", False, True),
    ("в 2023 г. рост", None, "в 2023 г.", "point", "2023", "2023", "year", False, True),
    # months and days
    ("состоявшегося в октябре 2025 года", None, "в октябре 2025 года", "point", "2025-10", "2025-10", "month", False, True),
    ("в сентябре 2024 года", None, "в сентябре 2024 года", "point", "2024-09", "2024-09", "month", False, True),
    ("в мае 2023 года", None, "в мае 2023 года", "point", "2023-05", "2023-05", "month", False, True),
    ("20 октября 2025 года лидеры", None, "20 октября 2025 года", "point", "2025-10-20", "2025-10-20", "day", False, True),
    ("1 марта 2024 г.", None, "1 марта 2024 г.", "point", "2024-03-01", "2024-03-01", "day", False, True),
    ("20.10.2025", None, "20.10.2025", "point", "2025-10-20", "2025-10-20", "day", False, True),
    ("21-22 октября 2025 года", None, "21-22 октября 2025 года", "period", "2025-10-21", "2025-10-22", "day", False, True),
    ("в период с 18 по 21 июля через терминал", "2025-08-16", "с 18 по 21 июля", "period", "2025-07-18", "2025-07-21",
     "day", True, True),
    ("20 октября состоялись", "2025-10-21", "20 октября", "point", "2025-10-20", "2025-10-20", "day", True, True),
    ("20 октября состоялись", None, "20 октября", "point", None, None, None, True, False),
    ("в октябре", "2025-12-15", "в октябре", "point", "2025-10", "2025-10", "month", True, True),
    ("в конце октября", "2025-11-03", "в конце октября", "point", "2025-10", "2025-10", "month", True, True),
    ("в начале марта 2024 года", None, "в начале марта 2024 года", "point", "2024-03", "2024-03", "month", False, True),
    ("к 2030-му году", None, "к 2030-му году", "target", "2030", "2030", "year", False, True),
    ("в 2024–2025 гг.", None, "в 2024–2025 гг.", "period", "2024", "2025", "year", False, True),
    ("в январе – августе 2025 года", None, "в январе – августе 2025 года", "period", "2025-01", "2025-08", "month", False, True),
    ("9 мая", "2025-03-03", "9 мая", "point", "2025-05-09", "2025-05-09", "day", True, True),
    # relative years
    ("В прошлом году оборот", "2025-09-12", "В прошлом году", "point", "2024", "2024", "year", True, True),
    ("в минувшем году", "2025-09-12", "в минувшем году", "point", "2024", "2024", "year", True, True),
    ("итоги прошлого года", "2025-03-01", "прошлого года", "point", "2024", "2024", "year", True, True),
    ("в позапрошлом году", "2025-03-01", "в позапрошлом году", "point", "2023", "2023", "year", True, True),
    ("в этом году", "2025-09-12", "в этом году", "point", "2025", "2025", "year", True, True),
    ("в текущем году", "2025-09-12", "в текущем году", "point", "2025", "2025", "year", True, True),
    ("план нынешнего года", "2025-09-12", "нынешнего года", "point", "2025", "2025", "year", True, True),
    ("до этого года", "2025-09-12", "до этого года", "point", "2025", "2025", "year", True, True),
    ("в следующем году", "2025-09-12", "в следующем году", "point", "2026", "2026", "year", True, True),
    ("по сравнению с прошлым годом", "2025-09-12", "с прошлым годом", "point", "2024", "2024", "year", True, True),
    # relative months
    ("в октябре минувшего года визит", "2025-06-01", "в октябре минувшего года", "point", "2024-10", "2024-10", "month", True, True),
    ("в апреле этого года", "2025-06-01", "в апреле этого года", "point", "2025-04", "2025-04", "month", True, True),
    ("в декабре прошлого года", "2025-01-10", "в декабре прошлого года", "point", "2024-12", "2024-12", "month", True, True),
    ("в этом месяце", "2025-10-21", "в этом месяце", "point", "2025-10", "2025-10", "month", True, True),
    ("в прошлом месяце", "2025-01-21", "в прошлом месяце", "point", "2024-12", "2024-12", "month", True, True),
    ("в январе-августе 2025 года", None, "в январе-августе 2025 года", "period", "2025-01", "2025-08", "month", False, True),
    # days relative to publication
    ("сегодня провели переговоры", "2025-10-20", "сегодня", "point", "2025-10-20", "2025-10-20", "day", True, True),
    ("накануне прибыл с визитом", "2025-10-21", "накануне", "point", "2025-10-20", "2025-10-20", "day", True, True),
    ("вчера подписали", "2025-03-01", "вчера", "point", "2025-02-28", "2025-02-28", "day", True, True),
    ("накануне визита президента", "2025-10-21", "накануне", "point", None, None, None, True, False),
    # claim-relative: never anchored here
    ("втрое больше, чем годом ранее", "2025-10-21", "чем годом ранее", "point", None, None, None, True, False),
    ("за аналогичный период прошлого года", "2025-10-21", "за аналогичный период прошлого года", "point", None, None, None, True, False),
    # periods inside a year
    ("За первые восемь месяцев 2025 года", "2025-10-21", "За первые восемь месяцев 2025 года", "period", "2025-01", "2025-08", "month", False, True),
    ("в первые шесть месяцев нынешнего года", "2025-09-01", "в первые шесть месяцев нынешнего года", "period", "2025-01", "2025-06", "month", True, True),
    ("за 9 месяцев 2024 года", None, "за 9 месяцев 2024 года", "period", "2024-01", "2024-09", "month", False, True),
    ("в первом полугодии 2025 года", None, "в первом полугодии 2025 года", "period", "2025-01", "2025-06", "month", False, True),
    ("в третьем квартале 2024 года", None, "в третьем квартале 2024 года", "period", "2024-07", "2024-09", "month", False, True),
    # rolling windows ending at publication
    ("За последние пять лет товарооборот", "2025-09-12", "За последние пять лет", "period", "2020-09", "2025-09", "month", True, True),
    ("за последние три года", "2025-10-21", "за последние три года", "period", "2022-10", "2025-10", "month", True, True),
    ("за последний год", "2025-10-21", "за последний год", "period", "2024-10", "2025-10", "month", True, True),
    ("за последний месяц", "2025-10-20", "за последний месяц", "period", "2025-09-20", "2025-10-20", "day", True, True),
    ("за последние 10 лет", "2025-01-05", "за последние 10 лет", "period", "2015-01", "2025-01", "month", True, True),
    ("за последние 7 дней спрос", "2026-03-10", "за последние 7 дней", "period", "2026-03-03", "2026-03-10", "day", True, True),
    ("за последние две недели", "2026-03-10", "за последние две недели", "period", "2026-02-24", "2026-03-10", "day", True, True),
    ("два года назад", "2025-01-05", "два года назад", "point", "2023", "2023", "year", True, True),
    # targets
    ("К 2028 году планируется", "2025-09-12", "К 2028 году", "target", "2028", "2028", "year", False, True),
    ("до 2030 года", None, "до 2030 года", "target", "2030", "2030", "year", False, True),
    ("до конца 2026 года", "2025-12-15", "до конца 2026 года", "target", "2026-12", "2026-12", "month", False, True),
    ("к концу года", "2025-05-01", "к концу года", "target", "2025-12", "2025-12", "month", True, True),
    ("к концу года", None, "к концу года", "target", None, None, None, True, False),
    ("завершение планируется в конце 2026 года", "2025-12-15", "в конце 2026 года", "target", "2026-12", "2026-12", "month", False, True),
    ("в конце 2024 года запущен", "2025-12-15", "в конце 2024 года", "point", "2024-12", "2024-12", "month", False, True),
    ("в конце 2026 года", None, "в конце 2026 года", "target", "2026-12", "2026-12", "month", False, True),
    # ranges
    ("в 2024-2026 годах", None, "в 2024-2026 годах", "period", "2024", "2026", "year", False, True),
    ("с 2020 по 2024 год", None, "с 2020 по 2024 год", "period", "2020", "2024", "year", False, True),
    ("с 2020 года", "2025-09-12", "с 2020 года", "period", "2020", "2025-09", "month", True, True),
    # since a month: from it to the publication month; undated, the end is unknown
    ("с января 2023 года", "2024-03-05", "с января 2023 года", "period", "2023-01", "2024-03", "month", True, True),
    ("с января 2023 года", None, "с января 2023 года", "period", "2023-01", None, None, True, False),
    # vague: returned, never resolved
    ("подписанных в последние годы", "2025-09-12", "в последние годы", "period", None, None, None, False, False),
    ("в последние\n\nгоды", None, "в последние\n\nгоды", "period", None, None, None, False, False),
    ("в ближайшие годы", "2025-09-12", "в ближайшие годы", "target", None, None, None, False, False),
    ("в последнее время", "2025-09-12", "в последнее время", "period", None, None, None, False, False),
]


@pytest.mark.parametrize("text,pub,span,kind,a,b,prec,rel,ok", CASES, ids=[c[0][:40] for c in CASES])
def test_resolution_table(text, pub, span, kind, a, b, prec, rel, ok):
    e = one(text, pub)
    assert (e.text, e.kind, e.start_iso, e.end_iso, e.precision, e.relative, e.resolved) == (
        span, kind, a, b, prec, rel, ok)
    assert text[e.start:e.end] == e.text


RELATIVE_PHRASES = [
    "в прошлом году", "в минувшем году", "прошлого года", "в этом году", "в текущем году",
    "нынешнего года", "этого года", "в октябре минувшего года", "в апреле этого года", "в этом месяце",
    "сегодня", "накануне", "годом ранее", "за последние пять лет", "за последний год",
    "за последний месяц", "в первые шесть месяцев нынешнего года", "к концу года", "в октябре",
    "20 октября", "три года назад",
]


@pytest.mark.parametrize("phrase", RELATIVE_PHRASES)
def test_undated_never_resolves_relative(phrase):
    found = find_time_expressions(f"Сказано: {phrase} было так.", None)
    assert found, phrase
    for e in found:
        assert e.resolved is False and e.start_iso is None and e.end_iso is None and e.precision is None


@pytest.mark.parametrize("phrase", RELATIVE_PHRASES)
def test_dated_marks_relative(phrase):
    for e in find_time_expressions(f"Сказано: {phrase} было так.", "2025-10-21"):
        assert e.relative is True


def test_absolute_resolves_in_undated_text():
    e = one("в 2025 году", None)
    assert e.resolved and e.start_iso == "2025" and not e.relative


def test_longest_match_wins_and_order():
    text = "За первые восемь месяцев 2025 года оборот превысил 547 млн, а в 2024 году — 533 млн."
    found = find_time_expressions(text, "2025-10-21")
    assert [e.text for e in found] == ["За первые восемь месяцев 2025 года", "в 2024 году"]
    assert found[0].start < found[1].start


def test_per_year_and_decades_are_not_dates():
    assert find_time_expressions("до 7 млн т в год", "2025-01-01") == []
    assert find_time_expressions("раз в год посещают друг друга", "2025-01-01") == []
    assert find_time_expressions("Отношения развиваются хорошо.", "2025-01-01") == []


def test_money_after_do_is_not_a_target():
    # "до $1 млрд" / "до 1 млрд" is an amount, not a year
    assert find_time_expressions("увеличить товарооборот до $1 млрд", "2025-10-20") == []
    assert find_time_expressions("довести до 1 млрд долларов", "2025-10-20") == []
    assert find_time_expressions("около 250 компаний", "2025-10-20") == []


def test_duration_is_not_first_months():
    assert find_time_expressions("в течение шести месяцев будет построен", "2025-10-20") == []


def test_memoised_answers_are_fresh_and_resolved_per_publication_date():
    # find_time_expressions is memoised (claims, timeline and watchlist read the same sentences, and
    # news repeats them): a caller changing its list must not change the next answer, and the same
    # text in a document of another date (or undated) is resolved against that date.
    text = "В прошлом году товарооборот вырос, а в 2023 году упал."
    first = find_time_expressions(text, "2025-10-20")
    first.clear()
    again = find_time_expressions(text, "2025-10-20")
    assert [(e.text, e.start_iso) for e in again] == [("В прошлом году", "2024"), ("в 2023 году", "2023")]
    assert find_time_expressions(text, "2026-03-01")[0].start_iso == "2025"
    assert not find_time_expressions(text, None)[0].resolved
    assert find_time_expressions(text, dt.date(2025, 10, 20)) == again


def test_resolve_relative_year():
    assert resolve_relative_year("в прошлом году", "2025-09-12") == 2024
    assert resolve_relative_year("нынешнего года", "2025-09-12") == 2025
    assert resolve_relative_year("в прошлом году", None) is None


def test_iso_helpers():
    assert iso_cut(dt.date(2025, 10, 20), "month") == "2025-10"
    assert iso_cut("2025-10-20", "year") == "2025"
    assert iso_cut((2026, 12), "month") == "2026-12"
    assert iso_cut(None, "day") is None
    assert precision_of("2025-08") == "month" and precision_of(None) is None
    assert iso_bounds("2024-02") == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert iso_bounds("2024") == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert shift_iso("2025-08", years=-1) == "2024-08"
    assert shift_iso("2025", years=-1) == "2024"
    assert shift_iso("2024-02-29", years=1) == "2025-02-28"
    assert parse_published("2025-10-21") == dt.date(2025, 10, 21)
    assert parse_published(float("nan")) is None and parse_published("") is None


def test_periods_overlap():
    assert periods_overlap("2025-01", "2025-08", "2025", "2025")
    assert periods_overlap("2024", "2024", "2024-10", "2024-10")
    assert not periods_overlap("2024", "2024", "2025-01", "2025-08")
    assert not periods_overlap(None, None, "2025", "2025")  # unresolved never overlaps


def _seed(stem_prefix: str) -> tuple[str, str | None]:
    path = next(SEEDS.glob(f"{stem_prefix}_*.txt"))
    text = path.read_text(encoding="utf-8")
    pub = text[6:16] if text.startswith(" date ") else None
    return text, pub


@pytest.mark.skipif(not SEEDS.exists(), reason="seeds missing")
def test_seed_001_undated_relative_all_unresolved():
    text, pub = _seed("001")
    assert pub is None
    found = find_time_expressions(text, pub)
    assert {e.text for e in found} >= {"в октябре минувшего года", "в апреле этого года", "В прошлом году",
                                       "в первые шесть месяцев нынешнего года", "в этом месяце"}
    assert not any(e.resolved for e in found)


@pytest.mark.skipif(not SEEDS.exists(), reason="seeds missing")
def test_seed_004_and_003():
    text, pub = _seed("004")
    got = {e.text: (e.kind, e.start_iso, e.end_iso, e.resolved) for e in find_time_expressions(text, pub)}
    assert got["накануне"] == ("point", "2025-10-20", "2025-10-20", True)
    assert got["За первые восемь месяцев 2025 года"] == ("period", "2025-01", "2025-08", True)
    assert got["чем годом ранее"] == ("point", None, None, False)
    text, pub = _seed("003")
    got = {e.text: (e.kind, e.start_iso, e.end_iso) for e in find_time_expressions(text, pub)}
    assert got["К 2028 году"] == ("target", "2028", "2028")
    assert got["За последние пять лет"] == ("period", "2020-09", "2025-09")
    assert got["В прошлом году"] == ("point", "2024", "2024")


@pytest.mark.parametrize("text", ["2–1 октября 2025 года", "25–3 октября 2025 года", "в декабре–январе 2025 года",
                                  "в октябре–сентябре прошлого года"])
def test_range_written_backwards_is_unresolved_never_an_inverted_interval(text):
    # found by fuzzing: "2–1 октября" gave the interval 2025-10-02..2025-10-01 (0 days long), and the
    # consistency check divided by its length
    e = one(text, "2025-11-01")
    assert (e.kind, e.text, e.start_iso, e.end_iso, e.resolved) == ("period", text, None, None, False)


def test_range_written_forwards_still_resolves():
    assert one("1–2 октября 2025 года", None).start_iso == "2025-10-01"
    e = one("в январе–марте 2025 года", None)
    assert (e.start_iso, e.end_iso) == ("2025-01", "2025-03")


def test_months_in_the_instrumental_case_a_comparisons_base():
    e = one("по сравнению с январем-июлем 2023 года", "2024-08-08")
    assert (e.start_iso, e.end_iso) == ("2023-01", "2023-07")
    assert one("в сравнении с августом 2024 года", None).start_iso == "2024-08"
    assert one("по сравнению с маем 2022 года", None).start_iso == "2022-05"


def test_a_month_range_without_a_year_is_of_the_publications_year_or_the_one_before():
    e = one("в январе-октябре", "2025-11-20")
    assert (e.kind, e.start_iso, e.end_iso) == ("period", "2025-01", "2025-10")
    assert (one("в январе-октябре", "2025-02-01").start_iso, one("в январе-октябре", "2025-02-01").end_iso) == ("2024-01", "2024-10")
    assert one("в январе-июне", None).resolved is False  # undated: unknowable


def test_a_number_of_years_is_a_window_to_publication_with_or_without_последние():
    for text in ("За пять лет", "за последние пять лет"):
        e = one(text, "2025-02-10")
        assert (e.kind, e.start_iso, e.end_iso) == ("period", "2020-02", "2025-02"), text


def test_since_the_start_of_the_year_runs_to_publication():
    e = one("с начала года", "2024-07-04")
    assert (e.kind, e.start_iso, e.end_iso) == ("period", "2024-01", "2024-07")
    e = one("С начала 2024 года", "2025-03-01")
    assert (e.start_iso, e.end_iso) == ("2024-01", "2025-03")
    assert one("с начала прошлого года", "2025-03-01").start_iso == "2024-01"
    e = one("с начала текущего года", None)
    assert (e.start_iso, e.resolved) == (None, False)  # undated: unknowable


def test_since_a_year_after_publication_has_no_end():
    assert (one("с 2020 года", "2025-05-01").start_iso, one("с 2020 года", "2025-05-01").end_iso) == ("2020", "2025-05")
    e = one("с 2030 года", "2025-05-01")
    assert (e.start_iso, e.end_iso, e.resolved) == ("2030", None, False)


@pytest.mark.parametrize("text, span, start, end", [
    ("в 2014/15 сельхозгоду закупки снизились", "в 2014/15 сельхозгоду", "2014", "2015"),
    ("(567 тыс. т в 2013/14)", "в 2013/14", "2013", "2014"),
    ("упала до 216 долларов в 2024-м.", "в 2024-м", "2024", "2024"),
    ("по сравнению с 207 тыс. т в сезоне-2013/14.", "в сезоне-2013/14", "2013", "2014"),
    ("закупки сельхозгода 2013/14 выросли", "сельхозгода 2013/14", "2013", "2014"),
    ("до 240 тыс. TEU к концу 2026-го.", "к концу 2026-го", "2026-12", "2026-12"),
    ("пик пришелся на апрель — 430 тысяч тонн", "на апрель", "2015-04", "2015-04"),
])
def test_seasons_and_years_without_the_word_year(text, span, start, end):
    got = [(e.text, e.start_iso, e.end_iso) for e in find_time_expressions(text, "2015-06-01")]
    assert got == [(span, start, end)]


def test_two_years_that_are_no_season_are_not_one():
    assert not any("/" in e.text for e in find_time_expressions("в 2014/16 году", "2015-06-01"))


@pytest.mark.parametrize("text, want", [
    ("В первой половине 2025 года прокачка выросла", ("2025-01", "2025-06")),
    ("во второй половине текущего года", ("2025-07", "2025-12")),
    ("В текущем году за 10 месяцев показатель составил", ("2025-01", "2025-10")),
    ("в 2024 году за пять месяцев", ("2024-01", "2024-05")),
])
def test_half_years_and_months_of_a_year_named_before(text, want):
    got = [(e.start_iso, e.end_iso) for e in find_time_expressions(text, "2025-10-24")]
    assert got == [want]


def test_half_of_a_day_is_no_half_year():
    assert find_time_expressions("во второй половине дня", "2025-10-24") == []
