"""Tests for analysis.cleaning: print-layout repairs, checked word by word on the real seeds."""

from __future__ import annotations

import pytest

from analysis.ingest.cleaning import REPAIR_KINDS, clean_text
from analysis.ingest.headers import parse_date_header
from analysis.paths import REPO_ROOT

SEEDS = REPO_ROOT / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt"))
HEADLINE = "Состоялся «круглый стол» на тему «Азербайджано-казахстанские отношения: региональное сотрудничество»"


def body(name: str) -> str:
    """Seed text after the date header (as read_corpus hands it to clean_text)."""
    path = next(p for p in SEED_FILES if p.name.startswith(name))
    return parse_date_header(path.read_text(encoding="utf-8"))[2]


@pytest.fixture(scope="module")
def seed001():
    return clean_text(body("001"))


# --- seed 001: the scanned print page -------------------------------------------------------

@pytest.mark.parametrize("phrase", [
    "в том числе благодаря взаимным визитам",
    "значение Транскаспийского маршрута. Он сказал",
    "Агалар Атамогланов добавил, что межправительственная комиссия",
    "подписанных между двумя странами в последние годы. Он подчеркнул",
    "Азербайджан и Казахстан являются важными странами региона», - отметил Алим Байель.",
])
def test_seed001_rejoined_sentences(seed001, phrase):
    assert phrase in seed001.text


@pytest.mark.parametrize("broken", ["чис-", "марш-", " до-", "\nле ", "\nрута", "\nбавил", "\nгоды.", "\nрегиона»"])
def test_seed001_no_broken_pieces_left(seed001, broken):
    assert broken not in seed001.text


def test_seed001_pull_quote_and_repeated_headline_removed(seed001):
    paragraphs = seed001.text.split("\n\n")
    assert "Важные страны региона" not in paragraphs
    assert "Важные страны региона" not in seed001.text
    assert seed001.text.count("Состоялся «круглый стол» на тему") == 1
    assert seed001.text.startswith(HEADLINE + ", организованный Центром анализа")
    assert HEADLINE not in paragraphs  # the bare running head is gone


def test_seed001_paragraph_structure(seed001):
    paragraphs = seed001.text.split("\n\n")
    assert len(paragraphs) == 8
    assert paragraphs[2].startswith("Посол Казахстана в Азербайджане Алим Байель подчеркнул")
    assert paragraphs[2].endswith("визита Президента Ильхама Алиева в Казахстан в апреле этого года.")
    assert paragraphs[3].endswith("- отметил Алим Байель.")
    assert paragraphs[-1] == "Мероприятие было продолжено обсуждениями."


def test_seed001_repairs_list(seed001):
    assert seed001.repairs == [
        {"kind": "lookalike", "before": "Айдоc", "after": "Айдос"},  # a Latin c in the name
        {"kind": "pull_quote", "before": "Важные страны региона", "after": ""},
        {"kind": "repeated_headline", "before": HEADLINE, "after": ""},
        {"kind": "hyphenation", "before": "чис- ¶ ле", "after": "числе"},
        {"kind": "split_paragraph", "before": "являются важными странами ¶ региона», - отметил",
         "after": "являются важными странами региона», - отметил"},
        {"kind": "split_paragraph", "before": "странами в последние ¶ годы. Он подчеркнул,",
         "after": "странами в последние годы. Он подчеркнул,"},
        {"kind": "hyphenation", "before": "до- ¶ бавил", "after": "добавил"},
        {"kind": "hyphenation", "before": "марш- ¶ рута", "after": "маршрута"},
    ]
    assert {r["kind"] for r in seed001.repairs} <= set(REPAIR_KINDS)


def test_seed001_real_hyphens_kept(seed001):
    for word in ("Касым-Жомарта", "Баку-Тбилиси-Джейхан", "Азербайджано-казахстанские", "религиозно-этническим"):
        assert word in seed001.text


# --- the other seeds: nothing to repair, nothing wrongly joined ---------------------------

@pytest.mark.parametrize("name", ["000", "002", "003", "004"])
def test_clean_seeds_untouched(name):
    raw = body(name)
    result = clean_text(raw)
    assert result.repairs == []
    assert result.text.split("\n\n") == [p.strip() for p in raw.strip().split("\n\n")]


def test_seed002_headings_and_attributions_stay_paragraphs():
    paragraphs = clean_text(body("002")).text.split("\n\n")
    assert "Контакты Баку и Астаны" in paragraphs
    assert paragraphs.count("– Касым-Жомарт Токаев") == 2
    assert paragraphs.count("– Ильхам Алиев") == 2
    i = paragraphs.index("Контакты Баку и Астаны")
    assert paragraphs[i + 1].startswith("Политолог Ровшан Ибрагимов")


def test_seed003_byline_stays():
    paragraphs = clean_text(body("003")).text.split("\n\n")
    assert paragraphs[-1] == "Али Гасымов"
    assert "Баку-Тбилиси-Джейхан" in paragraphs[7]


@pytest.mark.parametrize("name,words", [
    ("000", ["казахско-азербайджанских", "волоконно-оптической", "Касым-Жомарта", "транспортно-логистического"]),
    ("002", ["Касым-Жомарт", "азербайджано-казахстанских", "премьер-министр"]),
    ("004", ["Касым-Жомарт", "волоконно-оптический", "казахско-азербайджанском"]),
])
def test_real_hyphens_kept_in_seeds(name, words):
    text = clean_text(body(name)).text
    for w in words:
        assert w in text


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name[:3])
def test_cleaning_is_idempotent_and_paragraphs_single_blank_line(path):
    once = clean_text(parse_date_header(path.read_text(encoding="utf-8"))[2])
    assert clean_text(once.text) == type(once)(once.text, [])
    assert "\n\n\n" not in once.text
    assert all("\n" not in p and p == p.strip() and p for p in once.text.split("\n\n"))


# --- synthetic cases -----------------------------------------------------------------------

@pytest.mark.parametrize("raw,expected", [
    ("Прокладка волоконно-\n\nоптической линии.", "Прокладка волоконно-оптической линии."),  # both spellings in the dictionary
    ("Развитие казахско-\nазербайджанских связей.", "Развитие казахско-азербайджанских связей."),
    ("Президент Касым-\n\nЖомарт Токаев прибыл.", "Президент Касым-Жомарт Токаев прибыл."),
    ("Нефть по трубопроводу Баку-\nТбилиси-Джейхан.", "Нефть по трубопроводу Баку-Тбилиси-Джейхан."),
    ("Кто-\nто сказал.", "Кто-то сказал."),
    ("Ново-\nго этапа.", "Нового этапа."),
    ("Азер-\n\nбайджан и Казахстан.", "Азербайджан и Казахстан."),
])
def test_line_break_hyphens(raw, expected):
    assert clean_text(raw).text == expected


def test_article_spelling_beats_dictionary():
    # The article itself writes "научно-экспертной": a break at that hyphen keeps it.
    raw = "Развитие научно-экспертной работы.\n\nВ рамках научно-\nэкспертной кооперации."
    assert "В рамках научно-экспертной кооперации." in clean_text(raw).text


def test_lowercase_hyphen_does_not_join_capitalised_paragraph():
    raw = "Это стало возможным в том чис-\n\nНовая глава\n\nНачалась иначе."
    assert clean_text(raw).text.split("\n\n") == ["Это стало возможным в том чис-", "Новая глава", "Началась иначе."]


def test_unrepeated_insertion_is_moved_not_dropped():
    raw = "Посол сказал, что в том чис-\n\nФото пресс-службы\n\nле благодаря визитам. Конец.\n\nДалее."
    result = clean_text(raw)
    assert result.text.split("\n\n") == [
        "Посол сказал, что в том числе благодаря визитам. Конец.", "Фото пресс-службы", "Далее."]
    assert [r["kind"] for r in result.repairs] == ["moved_insertion", "hyphenation"]


def test_heading_followed_by_capital_is_not_joined():
    raw = "Контакты Баку и Астаны\n\nПолитолог сказал.\n\n– Ильхам Алиев\n\nПрезидент добавил."
    assert clean_text(raw).text.split("\n\n") == ["Контакты Баку и Астаны", "Политолог сказал.", "– Ильхам Алиев", "Президент добавил."]


def test_split_sentence_joined_across_blank_lines_and_before_punctuation():
    assert clean_text("Текст без точки\n\n\n\nпродолжение текста.").text == "Текст без точки продолжение текста."
    assert clean_text("Он сказал\n\n, что всё хорошо.").text == "Он сказал, что всё хорошо."


def test_repeated_headline_outside_a_sentence():
    raw = "Визит президента в Астану начался\n\nПервый абзац.\n\nВизит президента в Астану начался\n\nВторой абзац."
    result = clean_text(raw)
    assert result.text.split("\n\n") == ["Визит президента в Астану начался", "Первый абзац.", "Второй абзац."]
    assert result.repairs == [{"kind": "repeated_headline", "before": "Визит президента в Астану начался", "after": ""}]


def test_whitespace_and_unicode_repairs():
    raw = "  Начало\u00a0текста  и\tтаб.\u200b Конец\u00ad. \r\n\r\n\r\nИ\u0306од."
    result = clean_text(raw)
    assert result.text == "Начало текста и таб. Конец.\n\nЙод."
    kinds = [r["kind"] for r in result.repairs]
    assert kinds.count("whitespace") == 3 and "unicode" in kinds and "hyphenation" in kinds


def test_empty_and_blank():
    assert clean_text("").text == ""
    assert clean_text(" \n\n \t\n").text == ""


def test_cleaning_a_two_megabyte_text():
    # (how its time grows with size is measured in bench/, not here)
    paragraphs = [p for path in SEED_FILES for p in parse_date_header(path.read_text(encoding="utf-8"))[2].split("\n\n")]
    big = "\n\n".join(paragraphs * 120)  # ≈ 2 MB of UTF-8
    result = clean_text(big)
    assert len(result.text) > 1_000_000


def test_latin_lookalikes_in_russian_text_become_cyrillic():
    r = clean_text("Товарооборот с Казахстаном c 2020 года вырос. Депутат Айдоc Сарым и SOCAR, BTC, c.")
    assert r.text == "Товарооборот с Казахстаном с 2020 года вырос. Депутат Айдос Сарым и SOCAR, BTC, c."
    assert [(x["before"], x["after"]) for x in r.repairs if x["kind"] == "lookalike"] == [("Айдоc", "Айдос"), ("c", "с")]
