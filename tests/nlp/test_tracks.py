"""Tests for analysis.tracks: lexicon, context rules, coverage table."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis.nlp.lemmas import add_lemmas, lemmatize
from analysis.nlp.sentences import split_sentences
from analysis.nlp.tracks import TRACKS, coverage, sentence_tracks, tag_tracks, track_sentences
from analysis.paths import REPO_ROOT

_HEADER = re.compile(r"^\s*date \d{4}-\d{2}-\d{2} ")


@pytest.fixture(scope="module")
def seed_sentences() -> pd.DataFrame:
    files = sorted((REPO_ROOT / "seeds").glob("*.txt"))
    docs = pd.DataFrame({"doc_id": [f.stem[:3] for f in files],
                         "text": [_HEADER.sub("", f.read_text(encoding="utf-8")) for f in files]})
    return tag_tracks(add_lemmas(split_sentences(docs)))


def _tracks_of(sentences: pd.DataFrame, doc_id: str, needle: str) -> tuple[str, ...]:
    rows = sentences[(sentences["doc_id"] == doc_id)
                     & sentences["text"].str.contains(needle, regex=False)]
    assert len(rows) == 1, (doc_id, needle)
    return rows["tracks"].iloc[0]


def test_track_constants():
    assert TRACKS == ("energy", "transport", "digital", "agriculture")


@pytest.mark.parametrize("doc_id, needle, expected", [
    # seed 000: ТМТМ + oil and uranium + the fibre-optic line in one quoted sentence
    ("000", "экспорт казахстанской нефти и урана", ("energy", "transport", "digital")),
    ("000", "основным поставщиком пшеницы", ("agriculture",)),
    ("000", "в сферах энергетики и транспорта", ("energy", "transport")),
    ("000", "энергетического и транспортно-логистического", ("energy", "transport")),
    # the job title "эксперт в сфере транспорта" alone does not make a transport sentence
    ("001", "эксперт в сфере транспорта Рауф Агамирзоев", ("general",)),
    ("001", "трубопроводу Баку-Тбилиси-Джейхан", ("energy",)),
    ("001", "значение проекта Среднего коридора", ("transport",)),
    ("002", "транспортировку больших объемов казахской нефти", ("energy",)),
    ("002", "Казахские порты не глубоководные", ("transport",)),
    ("003", "возобновляемой энергии", ("energy",)),
    ("003", "прокладку высоковольтного кабеля", ("energy",)),
    ("003", "Международного университета информационных технологий", ("general",)),
    ("003", "пропуск контейнеров", ("transport",)),
    ("003", "агро-промышленных технологий", ("agriculture",)),
    ("003", "связанные с цифровизацией", ("digital",)),
    ("004", "подводный волоконно-оптический кабель", ("transport", "digital")),  # + "порты Актау"
    ("004", "новый цифровой маршрут", ("digital",)),
    ("004", "Наши отношения - это не просто добрососедство", ("general",)),
])
def test_tracks_on_seed_sentences(seed_sentences, doc_id, needle, expected):
    assert _tracks_of(seed_sentences, doc_id, needle) == expected


@pytest.mark.parametrize("text, expected", [
    ("прокладка высоковольтного кабеля", ("energy",)),
    ("прокладка волоконно-оптического кабеля", ("digital",)),
    ("прокладка кабеля", ("general",)),
    ("создание зелёных коридоров", ("energy",)),
    ("Средний коридор", ("transport",)),
    ("транспортировка нефти", ("energy",)),
    ("транспортировка грузов", ("transport",)),
    ("транспортно-логистический хаб", ("transport",)),
    ("линии связи по дну моря", ("digital",)),
    ("связи между странами крепнут", ("general",)),
    ("экспорт газа и урана", ("energy",)),
    ("сельское хозяйство и зерно", ("agriculture",)),
    ("эксперт в сфере транспорта", ("general",)),
    ("эксперт в сфере транспорта говорил о портах", ("transport",)),
])
def test_context_rules(text, expected):
    assert sentence_tracks(lemmatize(text)) == expected


def test_tag_tracks_computes_missing_lemmas():
    sents = pd.DataFrame({"doc_id": ["x", "x"], "text": ["Экспорт пшеницы растет.", "Привет."]})
    out = tag_tracks(sents)
    assert list(out["tracks"]) == [("agriculture",), ("general",)]
    assert "lemmas" not in out.columns and "tracks" not in sents.columns


def test_coverage_and_track_sentences(seed_sentences):
    cov = coverage(seed_sentences)
    assert list(cov.columns) == ["doc_id", "energy", "transport", "digital", "agriculture",
                                 "general", "sentences"]
    assert list(cov["doc_id"]) == ["000", "001", "002", "003", "004"]
    assert all(cov[c].dtype == "int64" for c in cov.columns[1:])
    row = cov.set_index("doc_id").loc["003"]
    assert row["sentences"] == (seed_sentences["doc_id"] == "003").sum()
    assert row["agriculture"] == 3 and row["energy"] >= 8 and row["transport"] >= 8
    # a cell and the sentences behind it agree
    for doc_id in cov["doc_id"]:
        for track in TRACKS + ("general",):
            behind = track_sentences(seed_sentences, doc_id, track)
            assert len(behind) == cov.set_index("doc_id").loc[doc_id, track]
            assert all(track in ts for ts in behind["tracks"])
    agri = track_sentences(seed_sentences, "003", "agriculture")
    assert agri["text"].str.contains("зерна").any()
    with pytest.raises(ValueError):
        track_sentences(seed_sentences, "003", "space")


def test_bare_carriage_in_an_article_that_carries_grain_is_agriculture():
    texts = [("g", "В 2025 году объем перевозок зерна в Азербайджан вырос в три раза."),
             ("g", "Перевозки в Иран выросли на 69%."),
             ("g", "Перевозки через порт Актау выросли на 10%."),  # a port: transport still
             ("h", "Перевозки в Иран выросли на 20%.")]  # another article: no grain context
    df = pd.DataFrame([{"doc_id": d, "sentence_id": f"{d}{i}", "text": t, "lemmas": lemmatize(t)}
                       for i, (d, t) in enumerate(texts)])
    got = list(tag_tracks(df)["tracks"])
    assert got == [("transport", "agriculture"), ("agriculture",), ("transport",), ("transport",)]


def test_a_sentence_that_refers_to_the_articles_digital_project_is_digital():
    texts = [("f", "Казахтелеком представил план прокладки волоконно-оптической линии связи по дну Каспия."),
             ("f", "Кабель прокладывают между Актау и Сумгаитом."),
             ("f", "Министр провел встречу с послом."),  # nothing of the project: general still
             ("k", "Кабель прокладывают между Актау и Сумгаитом.")]  # another article: no project named
    df = pd.DataFrame([{"doc_id": d, "sentence_id": f"{d}{i}", "text": t, "lemmas": lemmatize(t)}
                       for i, (d, t) in enumerate(texts)])
    got = list(tag_tracks(df)["tracks"])
    assert got == [("digital",), ("digital",), ("general",), ("general",)]
