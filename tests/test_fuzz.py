"""Seeded fuzz regression: no input may crash the pipeline.

About 200 small documents are generated from the seed articles with a fixed ``random.Random`` and
mutated the way news text goes wrong or a parser gets confused: numbers replaced (0, negative, huge,
decimal commas, ranges, "от 0 до 0"), unit and scale words, time expressions (impossible, backwards,
far future), growth verbs ("увеличился в 0 раз", "снизился на 100%"), unbalanced quotes and dashes,
lone punctuation, markup, very long sentences, empty paragraphs, and missing or impossible date
headers. The corpus is loaded and every derived table computed (NER replaced by an empty entities
table: natasha is slow, and the entity tables have their own tests); nothing may raise, every file
must be in the manifest, and the register must hold only readable figures and forward periods.

The inputs that once crashed the book are in the vocabulary below (a numeral too long for a float,
"2–1 октября 2025 года"), so they stay covered. Speed is not measured here (see bench/).
"""

from __future__ import annotations

import math
import random
import re
import warnings
from pathlib import Path

import pandas as pd
import pytest

from analysis import pipeline
from analysis.book.briefing import claims_table, track_claims
from analysis.book.facts import FACTS, page_facts
from analysis.nlp.dates import iso_bounds
from analysis.nlp.entities import extract_entities
from analysis.vocabulary import TRACKS

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
PAGES = sorted({page for fact in FACTS for page in fact.pages})
SEED = 20251121
N_CORPORA, DOCS_PER_CORPUS = 4, 50

NUMBERS = ["0", "-5", "−12", "1,5", "0,0", "3–5", "от 0 до 0", "от 5 до 3", "1 000 000", "2025", "12,5–13",
           "1e5", "00", "07", "1,", ",5", "½", str(10**30), "9" * 400, "1" + "0" * 308, "999 999 999 999 999",
           "12 345 678 901 234 567", "0," + "0" * 400 + "1"]
UNITS = ["млн", "млрд", "тыс.", "трлн", "тонн", "млн тонн", "%", "процентов", "раз", "вдвое", "втрое", "в 0 раз",
         "в 1,5 раза", "долларов", "$", "млрд долларов", "км", "TEU", "тыс. TEU", "Гбит/с", "МВт", "-кратный рост"]
TIMES = ["в 0 году", "в 10000 году", "за первые 0 месяцев", "за первые 13 месяцев 2025 года", "к 2028 году",
         "в прошлом году", "31 февраля 2025 года", "в 13-м месяце", "XII", "накануне", "накануне визита",
         "2–1 октября 2025 года", "25–3 октября 2025 года", "в декабре–январе 2025 года", "с 2030 года",
         "с 2030 по 2020 год", "в 2025–2024 годах", "за последние 0 лет", "за последние 99 лет", "99 лет назад",
         "в январе–августе 2025 года", "за 8 месяцев 2024 года", "в 2024 году", "чем годом ранее",
         "по сравнению с аналогичным периодом прошлого года", "до конца года", "в конце 2026 года"]
VERBS = ["вырос", "сократился", "увеличился в 0 раз", "снизился на 100%", "вырос на 150%", "сократился в 0 раз",
         "упал на 1000%", "вырос в -3 раза", "составил", "достиг", "превысил", "планируется довести до"]
SUBJECTS = ["Товарооборот между Казахстаном и Азербайджаном", "Экспорт нефти через БТД", "Транзит нефти",
            "Объем контейнерных перевозок через порт Актау", "Доля казахстанского зерна в импорте Азербайджана",
            "Пропускная способность порта Алят", "Время транзита по Среднему коридору"]
NOISE = ["«", "»", "\"", "–", "—", "„", "“", "(", ")", "…", ".", ";", ":", "*", "|", "<b>", "$x^2$", "\\textbf{x}",
         "{glue:text}`x`", "\u200b", "\u00ad", "\t", "İ", "\U0001F600", "Как передает Report,", "сообщил Токаев."]
DATES = ["2025-02-31", "2025-13-01", "0000-00-00", "9999-12-31", "2025-1-5", "2024-02-29", "20250101"]
_NUM = re.compile(r"\d+(?:[.,]\d+)?")


def _seed_sentences() -> list[str]:
    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = re.sub(r"^\s*date \S*\s*", "", path.read_text(encoding="utf-8"))
        out.extend(s for s in re.split(r"(?<=[.!?])\s+", text) if s.strip())
    return out


def _mutate(s: str, rng: random.Random) -> str:
    for _ in range(rng.randint(1, 4)):
        words = s.split(" ")
        i = rng.randrange(len(words) + 1)
        op = rng.randrange(9)
        if op == 0 and _NUM.search(s):
            m = rng.choice(list(_NUM.finditer(s)))
            s = s[:m.start()] + rng.choice(NUMBERS) + s[m.end():]
            continue
        if op == 1:
            words.insert(i, f"{rng.choice(NUMBERS)} {rng.choice(UNITS)}")
        elif op == 2:
            words.insert(i, rng.choice(TIMES))
        elif op == 3:
            words.insert(i, rng.choice(VERBS))
        elif op == 4:
            words.insert(i, rng.choice(NOISE))
        elif op == 5:
            words = [f"{rng.choice(SUBJECTS)} {rng.choice(TIMES)} {rng.choice(VERBS)} {rng.choice(NUMBERS)} "
                     f"{rng.choice(UNITS)}, {rng.choice(VERBS)} {rng.choice(NUMBERS)} {rng.choice(UNITS)} "
                     f"{rng.choice(TIMES)}."]
        elif op == 6:
            del words[i:i + rng.randint(1, 3)]
        elif op == 7:
            words = words * rng.randint(2, 12)  # a very long sentence
        else:
            j = rng.randrange(len(words))
            words[i - 1 if i else 0], words[j] = words[j], words[i - 1 if i else 0]
        s = " ".join(words)
    return s


def _document(rng: random.Random, sentences: list[str]) -> str:
    paragraphs = []
    for _ in range(rng.choice([0, 1, 2, 3, 4])):
        kind = rng.random()
        if kind < 0.1:
            paragraphs.append("")
        elif kind < 0.15:
            paragraphs.append(rng.choice(NOISE))
        else:
            picked = [rng.choice(sentences) for _ in range(rng.randint(1, 3))]
            paragraphs.append(" ".join(_mutate(x, rng) if rng.random() < 0.8 else x for x in picked))
    body = ("\n" * rng.choice([1, 2, 2, 3])).join(paragraphs)
    r = rng.random()
    if r < 0.7:
        header = f"{rng.randint(2020, 2027)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    elif r < 0.8:
        header = rng.choice(DATES)
    else:
        return body
    return f" date {header} {body}"


def _empty_entities(documents: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    return extract_entities(sentences.iloc[0:0])  # the typed empty table; no model is loaded


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory) -> list[Path]:
    rng = random.Random(SEED)
    sentences = _seed_sentences()
    folders = []
    for k in range(N_CORPORA):
        folder = tmp_path_factory.mktemp(f"fuzz{k}")
        for i in range(DOCS_PER_CORPUS):
            (folder / f"{i:03d}_{rng.getrandbits(32):08x}.txt").write_text(_document(rng, sentences), encoding="utf-8")
        folders.append(folder)
    return folders


@pytest.mark.skipif(not SEEDS.exists(), reason="seeds missing")
def test_mutated_corpora_never_crash(fuzzed, monkeypatch):
    monkeypatch.setattr(pipeline, "_cached_entities", _empty_entities)
    for folder in fuzzed:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            c = pipeline.load(folder, use_cache=False)
            tables = {name: getattr(c, name)
                      for name in ("claims", "findings", "sources", "coverage", "timeline", "watchlist")}
            for track in TRACKS:
                claims_table(c, track_claims(c, track))
            for page in PAGES:
                page_facts(c, page)

        files = sorted(p.name for p in folder.iterdir())
        m = c.manifest
        assert sorted(m["file"]) == files, folder
        assert set(m["status"]) <= {"loaded", "skipped", "duplicate"}
        assert m.loc[m["status"] != "loaded", "reason"].map(lambda r: isinstance(r, str) and bool(r)).all()
        assert set(c.documents["file"]) == set(m.loc[m["status"] == "loaded", "file"])

        claims = tables["claims"]
        assert claims["value"].map(math.isfinite).all()
        for start, end in zip(claims["period_start"], claims["period_end"]):
            if isinstance(start, str) and isinstance(end, str):
                assert iso_bounds(start)[0] <= iso_bounds(end)[1], (start, end)
