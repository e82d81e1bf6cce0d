"""Tests for analysis.ingest.language: only Russian is read; anything else is skipped naming its language."""

from __future__ import annotations

import re

import pytest
from conftest import read_with_warnings
from lingua import Language

from analysis.ingest import language
from analysis.ingest.language import RULES, RUSSIAN, SAMPLE_CHARS, detect_language, language_from_name
from analysis.paths import REPO_ROOT

SEEDS = REPO_ROOT / "seeds"
DEVSET = REPO_ROOT / "tests" / "data" / "devset" / "corpus"

ENGLISH = ("Trade between Kazakhstan and Azerbaijan reached $460 million in the first nine months of 2025, "
           "and the two countries agreed to raise cargo shipments through the ports of Aktau and Alat.")
KAZAKH = ("Қазақстан мен Әзірбайжан арасындағы тауар айналымы 2025 жылдың тоғыз айында 600 миллион долларға "
          "жетті. Екі ел Ақтау мен Алят порттары арқылы жүк тасымалын арттыруға келісті.")
AZERBAIJANI = ("Azərbaycan ilə Qazaxıstan arasında ticarət dövriyyəsi 2025-ci ilin doqquz ayında 600 milyon "
               "dollara çatıb. Tərəflər Aktau və Ələt limanları vasitəsilə yükdaşımaları artırmağa razılaşıblar.")
TURKISH = ("Kazakistan ile Azerbaycan arasındaki ticaret hacmi 2025 yılının ilk dokuz ayında 600 milyon dolara "
           "ulaştı. İki ülke Aktav ve Alat limanları üzerinden yük taşımacılığını artırma konusunda anlaştı.")
UKRAINIAN = ("Товарообіг між Казахстаном і Азербайджаном за дев'ять місяців 2025 року зріс до 600 мільйонів "
             "доларів. Сторони домовилися збільшити перевезення вантажів через порти Актау та Алят.")
RUSSIAN_TEXT = ("Товарооборот между Казахстаном и Азербайджаном за девять месяцев 2025 года вырос до 600 миллионов "
                "долларов. Стороны договорились увеличить перевозки грузов через порты Актау и Алят.")


read = read_with_warnings  # read_corpus and its CorpusWarning messages


# --- the detector ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text,code,name", [
    (RUSSIAN_TEXT, "ru", "Russian"),
    (ENGLISH, "en", "English"),
    (KAZAKH, "kk", "Kazakh"),
    (AZERBAIJANI, "az", "Azerbaijani"),
    (TURKISH, "tr", "Turkish"),
    (UKRAINIAN, "uk", "Ukrainian"),
])
def test_each_language_of_the_region_is_named(text, code, name):
    found = detect_language(text)
    assert (found.code, found.name) == (code, name)
    assert found.is_russian == (code == RUSSIAN)


@pytest.mark.parametrize("text", ["Текст", "Али Гасымов", "ДФЭ в год.", "195,6 тыс.", "т в 2013/14).",
                                  "Министр энергетики Азербайджана Парвиз Шахбазов"])
def test_short_texts_in_the_russian_alphabet_are_russian(text):
    found = detect_language(text)
    assert found.code == "ru" and found.rule in ("short_russian_alphabet", "detector"), found


@pytest.mark.parametrize("text,code", [("Қазақстан мен Әзірбайжан", "kk"), ("Україна і Казахстан", "uk"),
                                       ("Kazakhstan and Azerbaijan signed it", "en")])
def test_short_texts_in_another_alphabet_are_not_russian(text, code):
    assert detect_language(text).code == code


def test_a_text_without_letters_has_no_language():
    found = detect_language("2025 — 12,5 % / 600 000 000 $")
    assert (found.code, found.name, found.rule) == ("und", "undetermined", "no_letters")
    assert not found.is_russian


def test_a_russian_text_quoting_a_kazakh_name_is_russian():
    text = RUSSIAN_TEXT + " Об этом сообщил представитель компании «Қазақстан темір жолы»."
    assert detect_language(text).code == "ru"


def test_a_mostly_english_text_with_a_russian_quote_is_english():
    assert detect_language(ENGLISH + " He said: «Мы довольны»." + " " + ENGLISH).code == "en"


def test_only_the_sample_is_read():
    # a long English tail after a Russian opening does not change the answer: detection costs what
    # SAMPLE_CHARS characters cost, whatever the article's length
    text = (RUSSIAN_TEXT + " ") * (SAMPLE_CHARS // len(RUSSIAN_TEXT) + 1) + ENGLISH * 1000
    assert detect_language(text).code == "ru"


def test_rules_are_named_and_documented():
    assert [r.__name__ for r in RULES] == ["no_letters", "short_russian_alphabet", "russian_letters",
                                           "russian_with_latin_names", "detector", "unsure_russian_alphabet",
                                           "detector_unsure"]
    assert all(r.__doc__ and re.search("[а-яё]", r.__doc__.lower()) for r in RULES)  # each with an example


def test_the_detector_is_built_once():
    assert language._detector() is language._detector()
    detect_language(ENGLISH)
    detect_language(KAZAKH)
    assert language._detector.cache_info().currsize == 1


@pytest.mark.parametrize("value,code", [("ru", "ru"), ("RU", "ru"), (" kk ", "kk"), ("Kazakh", "kk"),
                                        ("english", "en"), ("az", "az"), ("Ukrainian", "uk")])
def test_language_names_in_sources_csv(value, code):
    found = language_from_name(value)
    assert found.code == code and found.rule == "sources.csv"


@pytest.mark.parametrize("value", ["xx", "Klingon", "русский", "r", "ru-RU", ""])
def test_unknown_language_names(value):
    assert language_from_name(value) is None


# --- the real texts are all Russian -----------------------------------------------------------------

def test_the_seeds_are_all_russian():
    _, manifest, problems = read(SEEDS)
    assert problems == []
    assert manifest["language"].tolist() == ["ru"] * len(manifest) and (manifest["status"] == "loaded").all()


def test_every_paragraph_of_the_seeds_and_the_devset_is_russian():
    # paragraphs, not articles: short ones (a headline, an attribution line) are where a detector errs
    paths = sorted(SEEDS.glob("*.txt")) + sorted(DEVSET.glob("*.txt"))
    assert len(paths) > 20
    paragraphs = [p.strip() for path in paths for p in path.read_text(encoding="utf-8").split("\n\n")]
    paragraphs = [re.sub(r"^date \S+ ", "", p) for p in paragraphs if re.search(r"[а-яё]", p)]
    wrong = [(detect_language(p), p[:60]) for p in paragraphs if detect_language(p).code != "ru"]
    assert wrong == []


def test_lingua_agrees_with_the_russian_letters_rule():
    # the shortcut that spares lingua on ordinary Russian text must not change an answer
    paths = sorted(SEEDS.glob("*.txt")) + sorted(DEVSET.glob("*.txt"))
    paragraphs = [p for path in paths for p in path.read_text(encoding="utf-8").split("\n\n")]
    samples = [language._sample(p) for p in paragraphs]
    shortcut = [s for s in samples if language.russian_letters(s, None) and s.letters >= language.SHORT_LETTERS]
    assert len(shortcut) > 100
    assert all(language._best(s)[0] == Language.RUSSIAN for s in shortcut)
    # and it leaves the neighbours to lingua
    assert language.russian_letters(language._sample(UKRAINIAN), None) is None
    assert language.russian_letters(language._sample(KAZAKH), None) is None


# --- in a corpus: skipped with their language, every file accounted for ----------------------------

def test_english_and_kazakh_articles_are_skipped_with_their_language(tmp_path):
    for name, text in {"a_ru": RUSSIAN_TEXT, "b_en": ENGLISH, "c_kk": KAZAKH, "d_az": AZERBAIJANI,
                       "e_none": "2025 — 12,5 % / 600 000 000 $"}.items():
        (tmp_path / f"{name}.txt").write_text(f" date 2025-11-20 {text}\n", encoding="utf-8")
    documents, manifest, problems = read(tmp_path)
    m = manifest.set_index("file")
    assert sorted(m.index) == sorted(p.name for p in tmp_path.iterdir())
    assert m["status"].to_dict() == {"a_ru.txt": "loaded", "b_en.txt": "skipped", "c_kk.txt": "skipped",
                                     "d_az.txt": "skipped", "e_none.txt": "skipped"}
    assert m["reason"].to_dict() == {
        "a_ru.txt": "", "b_en.txt": "language English (en), not Russian",
        "c_kk.txt": "language Kazakh (kk), not Russian", "d_az.txt": "language Azerbaijani (az), not Russian",
        "e_none.txt": "language undetermined (und), not Russian"}
    assert m["language"].tolist() == ["ru", "en", "kk", "az", "und"]
    assert documents["file"].tolist() == ["a_ru.txt"]  # nothing else reaches the Russian grammar
    assert problems == [f"{f}: skipped: {m.loc[f, 'reason']}" for f in ["b_en.txt", "c_kk.txt", "d_az.txt", "e_none.txt"]]


def test_files_that_are_never_read_have_no_language(tmp_path):
    (tmp_path / "a.txt").write_text(RUSSIAN_TEXT, encoding="utf-8")
    (tmp_path / "notes.md").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("   ", encoding="utf-8")
    (tmp_path / "copy.txt").write_text(RUSSIAN_TEXT, encoding="utf-8")
    _, manifest, _ = read(tmp_path)
    m = manifest.set_index("file")
    assert m["language"].to_dict() == {"a.txt": "ru", "copy.txt": "ru", "empty.txt": None, "notes.md": None}
    assert m.loc["copy.txt", "status"] == "duplicate"


@pytest.mark.parametrize("text, code", [
    ("Об этом сообщает Atameken business, передает Caravan.kz.", "ru"),
    ("Источник: trans.info", "ru"),
    # an English line with Russian names stays English
    ("The port of Актау and Баку handled five million tonnes.", "en"),
])
def test_a_short_russian_line_citing_latin_names_is_russian(text, code):
    assert detect_language(text).code == code
