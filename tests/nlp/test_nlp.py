"""Tests for analysis.nlp: sentences, lemmas, gazetteer, transliteration, entities, speakers."""

from __future__ import annotations

import re
import subprocess
import sys

import pandas as pd
import pytest

from analysis.nlp import entities, speakers
from analysis.nlp.entities import ENTITY_COLUMNS, extract_entities
from analysis.nlp.gazetteer import (
    GAZETTEER_COLUMNS,
    KINDS,
    _entries,
    _matcher,
    _parse_role,
    _Role,
    _roles_for,
    _roles_on,
    _speech_lexicon,
    load_gazetteer,
    transliterate,
)
from analysis.nlp.lemmas import _lemma_fixes, add_lemmas, lemmatize
from analysis.nlp.sentences import SENTENCE_COLUMNS, split_sentences
from analysis.nlp.speakers import attribute_speakers
from analysis.paths import REPO_ROOT

SEEDS = REPO_ROOT / "seeds"
_HEADER = re.compile(r"^\s*date \d{4}-\d{2}-\d{2} ")


def _docs(**texts: str) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": list(texts), "text": list(texts.values())})


@pytest.fixture(scope="module")
def seed_docs() -> pd.DataFrame:
    """The five seeds, date header stripped (seed 001 keeps its print-layout artefacts)."""
    files = sorted(SEEDS.glob("*.txt"))
    assert len(files) == 5
    return pd.DataFrame({
        "doc_id": [f.stem for f in files],
        "text": [_HEADER.sub("", f.read_text(encoding="utf-8")) for f in files],
    })


@pytest.fixture(scope="module")
def seed_sentences(seed_docs) -> pd.DataFrame:
    return attribute_speakers(add_lemmas(split_sentences(seed_docs)))


@pytest.fixture(scope="module")
def seed_entities(seed_sentences) -> pd.DataFrame:
    # the only natasha-loading fixture of the module
    return extract_entities(seed_sentences)


def _sentence(sentences: pd.DataFrame, doc_prefix: str, needle: str) -> pd.Series:
    rows = sentences[sentences["doc_id"].str.startswith(doc_prefix)
                     & sentences["text"].str.contains(needle, regex=False)]
    assert len(rows) == 1, (doc_prefix, needle, len(rows))
    return rows.iloc[0]


# ----------------------------------------------------------------------------- sentences

def test_sentence_offsets_round_trip(seed_docs, seed_sentences):
    texts = dict(zip(seed_docs["doc_id"], seed_docs["text"]))
    assert list(seed_sentences.columns[:6]) == SENTENCE_COLUMNS
    for row in seed_sentences.itertuples():
        assert texts[row.doc_id][row.start:row.end] == row.text
        assert row.text == row.text.strip() and row.text
    assert seed_sentences["sentence_id"].is_unique
    for doc_id, group in seed_sentences.groupby("doc_id"):
        n = len(group)
        assert list(group["sentence_id"]) == [f"{doc_id}-s{i:03d}" for i in range(1, n + 1)]
        assert group["paragraph"].is_monotonic_increasing
        assert group["start"].is_monotonic_increasing
        assert group["paragraph"].iloc[0] == 0
    assert seed_sentences["start"].dtype == "int64" and seed_sentences["paragraph"].dtype == "int64"
    # seed 002 has 21 paragraphs and 34 sentences
    s002 = seed_sentences[seed_sentences["doc_id"].str.startswith("002")]
    assert (len(s002), s002["paragraph"].max()) == (34, 20)


def test_headings_and_attribution_lines_are_their_own_sentences(seed_sentences):
    texts = set(seed_sentences["text"])
    assert "– Касым-Жомарт Токаев" in texts
    assert "– Ильхам Алиев" in texts
    assert "Контакты Баку и Астаны" in texts
    assert "Али Гасымов" in texts  # the byline of seed 003
    assert "Важные страны региона" in texts  # the pull-out headline of seed 001
    # the sentence after an attribution line starts a new paragraph
    line = seed_sentences[seed_sentences["text"] == "– Касым-Жомарт Токаев"].iloc[0]
    nxt = seed_sentences.loc[line.name + 1]
    assert nxt["text"].startswith("Президент Казахстана добавил")
    assert nxt["paragraph"] == line["paragraph"] + 1


def test_split_sentences_paragraphs_and_edge_cases():
    text = ("Заголовок без точки\n \t\nПервое предложение. Второе, с $1 млрд и 1,5 млн т.\n\n\n\n"
            "  – Касым-Жомарт Токаев  \n\nПоследнее")
    docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "text": [text, "", None]})
    out = split_sentences(docs)
    assert list(out["text"]) == ["Заголовок без точки", "Первое предложение.",
                                 "Второе, с $1 млрд и 1,5 млн т.", "– Касым-Жомарт Токаев",
                                 "Последнее"]
    assert list(out["paragraph"]) == [0, 1, 1, 2, 3]
    assert set(out["doc_id"]) == {"a"}
    for row in out.itertuples():
        assert text[row.start:row.end] == row.text
    empty = split_sentences(docs.iloc[1:])
    assert list(empty.columns) == SENTENCE_COLUMNS and empty.empty


# ----------------------------------------------------------------------------- lemmas

@pytest.mark.parametrize("text, lemmas", [
    ("возобновляемой энергии", ("возобновляемый", "энергия")),
    ("Среднего коридора", ("средний", "коридор")),
    ("в среднем", ("в", "средний")),
    ("Высшего межгосударственного совета", ("высший", "межгосударственный", "совет")),
    ("на высшем уровне", ("на", "высший", "уровень")),
    ("стали партнерами", ("стать", "партнер")),
    ("Казахские порты не глубоководные", ("казахский", "порт", "не", "глубоководный")),
    ("транспортировка газа", ("транспортировка", "газ")),
    ("Касым-Жомарта Токаева", ("касым-жомарт", "токаев")),
    ("волоконно-оптической линии связи", ("волоконно-оптический", "линия", "связь")),
    ("зелёных коридоров", ("зеленый", "коридор")),
    ("«Это», - сказал он: 1,5 млн т!", ("это", "сказать", "он", "1,5", "млн", "т")),
])
def test_lemmatize_traps_and_tokens(text, lemmas):
    assert lemmatize(text) == lemmas


def test_add_lemmas_adds_tuples(seed_sentences):
    row = _sentence(seed_sentences, "000", "пшеницы")
    assert isinstance(row["lemmas"], tuple)
    assert {"пшеница", "дипломат", "подчеркнуть", "2025"} <= set(row["lemmas"])
    assert all(l == l.lower() for l in row["lemmas"])


def test_lemma_fixes_file_is_well_formed():
    fixes = _lemma_fixes()
    assert fixes.forms and fixes.avoid and fixes.readings
    assert "порты" in fixes.avoid and "газа" in fixes.avoid


# ----------------------------------------------------------------------------- transliteration

@pytest.mark.parametrize("ru, en", [
    ("Касым-Жомарт Токаев", "Kasym-Zhomart Tokayev"),
    ("Ильхам Алиев", "Ilkham Aliyev"),
    ("Евразия", "Yevraziya"),
    ("Щучинск", "Shchuchinsk"),
    ("Юрий Объедков", "Yuriy Obyedkov"),
    ("ЦАМО", "TSAMO"),
    ("Институт прикладных исследований", "Institut prikladnykh issledovaniy"),
    ("Report 1news.az", "Report 1news.az"),
    ("Қазақстан", "Qazaqstan"),
])
def test_transliterate(ru, en):
    assert transliterate(ru) == en


# ----------------------------------------------------------------------------- gazetteer

def test_load_gazetteer_table():
    gaz = load_gazetteer()
    assert list(gaz.columns) == GAZETTEER_COLUMNS
    assert gaz["canonical"].is_unique
    assert set(gaz["kind"]) == set(KINDS)
    by_name = gaz.set_index("canonical")
    assert (by_name.loc["Aktau", "lat"], by_name.loc["Aktau", "lon"]) == (43.65, 51.17)
    assert (by_name.loc["Kuryk", "lat"], by_name.loc["Kuryk", "lon"]) == (43.17, 51.65)
    assert (by_name.loc["Baku", "lat"], by_name.loc["Alyat", "lon"]) == (40.41, 49.41)
    assert by_name.loc["Turkmenbashi", "country"] == "Turkmenistan"
    assert by_name.loc["Aigerim Zhampetova", "gender"] == "f"
    assert pd.isna(by_name.loc["Middle Corridor", "lat"])
    # every place with coordinates is a LOC, and coordinates are plausible for the region
    placed = gaz.dropna(subset=["lat"])
    assert set(placed["kind"]) == {"LOC"}
    assert placed["lat"].between(30, 60).all() and placed["lon"].between(30, 80).all()
    for name in ["Kassym-Jomart Tokayev", "Ilham Aliyev", "Alim Bayel", "Farid Shafiyev",
                 "Agalar Atamoglanov", "Aidos Sarym", "Rasim Musabekov", "Zaur Mammadov",
                 "Rauf Agamirzoyev", "Rovshan Ibrahimov", "Olzhas Bektenov",
                 "Aigerim Zhampetova", "Rustem Bektrumov", "Ali Gasimov"]:
        assert by_name.loc[name, "kind"] == "PER"


@pytest.mark.parametrize("text, canonical", [
    ("встреча с Токаевым", "Kassym-Jomart Tokayev"),
    ("визит Касым-Жомарта Токаева", "Kassym-Jomart Tokayev"),
    ("переговоры с Алиевым", "Ilham Aliyev"),
    ("порт Актау", "Aktau"),
    ("из Курыка", "Kuryk"),
    ("в Баку", "Baku"),
    ("по маршруту БТД", "Baku–Tbilisi–Ceyhan pipeline"),
    ("по трубопроводу Баку-Тбилиси-Джейхан", "Baku–Tbilisi–Ceyhan pipeline"),
    ("развитие Срединного коридора", "Middle Corridor"),
    ("саммит ОТГ", "Organization of Turkic States"),
    ("Зангезурского коридора", "Zangezur corridor"),
    ("посол Айдоc Сарым", "Aidos Sarym"),  # Latin c in the seed
])
def test_gazetteer_matches_inflected_forms(text, canonical):
    found = _matcher(frozenset(KINDS)).find(text)
    assert [m.entry.canonical for m in found][-1] == canonical


def test_gazetteer_boundaries_and_other_first_names():
    matcher = _matcher(frozenset(KINDS))
    # no place inside hyphenated words or adjectives
    assert matcher.find("казахстанско-азербайджанские отношения, Казахстанский") == []
    # another person of the surname is not Ilham Aliyev
    assert [m.entry.canonical for m in matcher.find("Лейла Алиева приехала")] == []


# ----------------------------------------------------------------------------- entities

def test_entities_columns_and_offsets(seed_sentences, seed_entities):
    ents = seed_entities
    assert list(ents.columns) == ENTITY_COLUMNS
    assert set(ents["kind"]) <= set(KINDS) and set(ents["source"]) <= {"ner", "gazetteer"}
    texts = dict(zip(seed_sentences["sentence_id"], seed_sentences["text"]))
    for row in ents.itertuples():
        assert texts[row.sentence_id][row.start:row.end] == row.text
    # no overlapping spans within a sentence
    for _, group in ents.groupby("sentence_id"):
        spans = sorted(zip(group["start"], group["end"]))
        assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:]))


def test_entities_on_seeds(seed_entities):
    kinds = seed_entities.groupby("canonical")["kind"].agg(set).to_dict()
    expected = {
        "Kassym-Jomart Tokayev": "PER", "Ilham Aliyev": "PER", "Alim Bayel": "PER",
        "Aigerim Zhampetova": "PER", "Rustem Bektrumov": "PER", "Olzhas Bektenov": "PER",
        "Aktau": "LOC", "Alyat": "LOC", "Kuryk": "LOC", "Baku": "LOC", "Caspian Sea": "LOC",
        "Middle Corridor": "PROJECT", "Baku–Tbilisi–Ceyhan pipeline": "PROJECT",
        "Zangezur corridor": "PROJECT", "Trans-Caspian fibre-optic line": "PROJECT",
        "Caspian green-energy cable": "PROJECT",
        "Organization of Turkic States": "ORG", "CICA": "ORG", "CIS": "ORG",
        "AIR Center": "ORG", "SOCAR": "ORG", "KazMunayGas": "ORG", "Milli Majlis": "ORG",
        "Supreme Interstate Council": "ORG",
    }
    for canonical, kind in expected.items():
        assert kinds.get(canonical) == {kind}, canonical
    # NER hits that the gazetteer does not know are transliterated from natasha's normal form
    airport = seed_entities[seed_entities["text"] == "Международном аэропорту"]
    assert list(airport["normal"]) == ["Международный аэропорт"]
    assert list(airport["canonical"]) == ["Mezhdunarodnyy aeroport"]
    # … and those it knows take its English name (Bektrumov's institute, Zhampetova's university)
    inst = seed_entities[seed_entities["text"] == "Института прикладных этнополитических исследований"]
    assert list(inst["canonical"]) == ["Institute of Applied Ethnopolitical Studies"]
    # the surname alone and the inflected full name both resolve
    toka = seed_entities[seed_entities["text"].isin(["Токаевым", "Касым-Жомарта Токаева"])]
    assert set(toka["canonical"]) == {"Kassym-Jomart Tokayev"}
    # "при Президенте" is not a person
    assert "Президенте" not in set(seed_entities["text"])
    # NER and gazetteer agree on Aktau in seed 004: reported once, as NER
    aktau = seed_entities[seed_entities["sentence_id"].str.startswith("004")
                          & (seed_entities["canonical"] == "Aktau")]
    assert len(aktau) == 1 and aktau["source"].iloc[0] == "ner"


def test_natasha_is_loaded_only_for_entities():
    code = (
        "import sys, pandas as pd\n"
        "from analysis.nlp.gazetteer import load_gazetteer\n"
        "from analysis.nlp.lemmas import add_lemmas\n"
        "from analysis.nlp.sentences import split_sentences\n"
        "from analysis.nlp.speakers import attribute_speakers\n"
        "from analysis.nlp.tracks import tag_tracks\n"
        "d = pd.DataFrame({'doc_id': ['x'], 'text': ['Алим Байель заявил, что порт Актау растет.']})\n"
        "s = tag_tracks(attribute_speakers(add_lemmas(split_sentences(d))))\n"
        "load_gazetteer()\n"
        "assert s['speaker'].iloc[0] == 'Alim Bayel', s['speaker'].iloc[0]\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('natasha', 'slovnet', 'navec')]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO_ROOT)


# ----------------------------------------------------------------------------- speakers

@pytest.mark.parametrize("doc, needle, speaker", [
    # explicit "Имя Фамилия отметил(а)/заявил(а)" and role/pronoun references
    ("000", "Алим Байель отметил важность", "Alim Bayel"),
    ("000", "Дипломат подчеркнул", "Alim Bayel"),
    ("000", "Фарид Шафиев предложил", "Farid Shafiyev"),
    ("001", "По его словам, налаживание", "Farid Shafiyev"),
    ("001", "Он подчеркнул, что значение проекта", "Agalar Atamoglanov"),
    ("001", "Посол добавил", "Agalar Atamoglanov"),
    ("001", "Он сказал, что сегодня", "Aidos Sarym"),
    # a quote across a print break, closed by "…», - отметил Алим Байель", and its lead-in
    ("001", "Казахстан уже приступил к экспорту нефти", "Alim Bayel"),
    ("001", "450 миллионов долларов", "Alim Bayel"),
    # attribution paragraphs "– Имя Фамилия"
    ("002", "Это очень важное событие", "Kassym-Jomart Tokayev"),
    ("002", "Мы нацелены на укрепление", "Ilham Aliyev"),
    ("002", "Президент Казахстана добавил", "Kassym-Jomart Tokayev"),
    ("002", "Азербайджанский президент констатировал", "Ilham Aliyev"),
    ("002", "Кроме того, добавил он", "Ilham Aliyev"),
    # "…", - прежде всего сказал он / добавил политолог (names inside the quote are ignored)
    ("002", "Стоит отметить, что это далеко", "Rovshan Ibrahimov"),
    ("002", "вплоть до 7 млн т в год", "Rovshan Ibrahimov"),
    ("003", "К 2028 году планируется увеличить пропускную способность портов на 50%",
     "Aigerim Zhampetova"),
    ("003", "По ее словам", "Aigerim Zhampetova"),
    ("003", "около 85% всего импорта", "Aigerim Zhampetova"),  # quote across two paragraphs
    ("003", "Сегодня отношения между Азербайджаном", "Aigerim Zhampetova"),  # "Об этом сказала"
    ("004", "втрое больше, чем годом ранее", "Rustem Bektrumov"),  # intro "…развития: «"
    ("004", "Наши отношения - это не просто", "Rustem Bektrumov"),  # "- убежден политолог"
    ("004", "аналитик назвал", "Rustem Bektrumov"),
    ("004", "станет символом новой эпохи", "Rustem Bektrumov"),
])
def test_speakers_on_seeds(seed_sentences, doc, needle, speaker):
    assert _sentence(seed_sentences, doc, needle)["speaker"] == speaker


@pytest.mark.parametrize("doc, needle", [
    ("000", "Как передает Report"),
    ("000", "Отмечено, что высокая интенсивность"),
    ("000", "Участники круглого стола"),
    ("002", "сегодня провели переговоры в Астане"),
    ("002", "Контакты Баку и Астаны"),
    ("003", "Али Гасымов"),
    ("004", "сообщили казахстанские медиа"),
    ("004", "Таким образом, мы видим"),
])
def test_narration_has_no_speaker(seed_sentences, doc, needle):
    assert _sentence(seed_sentences, doc, needle)["speaker"] is None


def test_attribution_line_itself_has_no_speaker(seed_sentences):
    lines = seed_sentences[seed_sentences["text"].str.startswith("– ")]
    assert len(lines) == 4 and lines["speaker"].isna().all()


@pytest.mark.parametrize("day, president, premier", [
    ("2025-10-21", "Kassym-Jomart Tokayev", "Olzhas Bektenov"),
    ("2023-05-01", "Kassym-Jomart Tokayev", "Alikhan Smailov"),
    ("2020-06-15", "Kassym-Jomart Tokayev", "Askar Mamin"),
    ("2018-06-15", "Nursultan Nazarbayev", None),   # that year's prime minister is not in the gazetteer
    (None, "Kassym-Jomart Tokayev", "Olzhas Bektenov"),  # undated: the present holder
])
def test_a_role_names_the_holder_of_the_articles_date(day, president, premier):
    docs = _docs(p="Президент Казахстана заявил, что визит важен.", m="Премьер-министр Казахстана отметил рост торговли.")
    out = attribute_speakers(split_sentences(docs), {"p": day, "m": day})
    got = dict(zip(out["doc_id"], out["speaker"]))
    assert got["p"] == president
    assert got["m"] == premier


def test_role_dates_are_checked():
    assert _parse_role("x") == _Role("x")
    assert _parse_role({"pattern": "x", "until": "2019-03-19"}).holds_on("2019-03-19")
    assert not _parse_role({"pattern": "x", "until": "2019-03-19"}).holds_on("2019-03-20")
    assert not _parse_role({"pattern": "x", "until": "2019-03-19"}).holds_on(None)
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        _parse_role({"pattern": "x", "since": "March 2019"})
    with pytest.raises(ValueError, match="pattern"):
        _parse_role({"since": "2019-03-20"})


def test_every_dated_office_has_one_holder_a_day():
    """Two people holding the same role pattern on one day would make the speaker a coin toss."""
    by_pattern: dict[str, list] = {}
    for e in _entries():
        for r in e.roles:
            by_pattern.setdefault(r.pattern, []).append((r.since or "0000-00-00", r.until or "9999-99-99", e.canonical))
    for pattern, terms in by_pattern.items():
        terms.sort()
        for (_s1, u1, a), (s2, _u2, b) in zip(terms, terms[1:]):
            assert u1 < s2, f"{a} and {b} both hold {pattern!r} between {s2} and {u1}"


def test_speaker_rules_on_small_texts():
    docs = _docs(
        a="«Первое предложение цитаты. Второе предложение», - отметил Алим Байель.",
        b="Иван Петров заявил, что рынок растет.",
        c=("Айгерим Жампетова выступила. Рустем Бектрумов выступил.\n\n"
           "\"Цены растут\", - добавила эксперт."),
        d=("Посол Алим Байель подчеркнул важность визита.\n\n"
           "Товарооборот вырос на 40%. «Мы видим рост», - отметил Алим Байель."),
        e=("Фарид Шафиев подчеркнул важность визита.\n\n"
           "Товарооборот вырос на 40%. «Мы видим рост», - отметил Алим Байель."),
        f="Состоялся «круглый стол» на тему «Отношения: сотрудничество».",
    )
    out = attribute_speakers(split_sentences(docs))
    got = {(r.doc_id, r.text[:12]): r.speaker for r in out.itertuples()}
    assert got[("a", "«Первое пред")] == got[("a", "Второе предл")] == "Alim Bayel"
    assert got[("b", "Иван Петров ")] == "Ivan Petrov"  # not in the gazetteer: transliterated
    assert got[("c", "\"Цены растут")] == "Aigerim Zhampetova"  # добавила → the last woman named
    assert got[("d", "Товарооборот")] == "Alim Bayel"  # closing attribution continues his account
    assert got[("e", "Товарооборот")] is None  # … but not when someone else spoke before
    assert got[("f", "Состоялся «к")] is None
    assert out["speaker"].dtype == object


# ----------------------------------------------------------------------------- named rule lists
#
# The speaker and entity rules are small functions listed in order in tuples. The order tests are
# deliberately literal: a reorder changes the outputs, so it must show in review here too.

def _names(rules) -> list[str]:
    return [r.__name__ for r in rules]


def test_speaker_rule_lists_order():
    assert _names(speakers.SENTENCE_RULES) == [
        "_verb_of_saying", "_names_become_referents", "_quote_after_colon", "_quote_with_attribution",
        "_attribution_line_names"]
    assert _names(speakers.DOCUMENT_RULES) == ["_retro_opener", "_paragraph_lead_in"]
    assert _names(speakers.QUOTE_KINDS) == ["_said_after_quote", "_attribution_line_after_quote",
                                            "_speech_after_colon"]
    assert _names(speakers.MENTION_RULES) == ["_gazetteer_people", "_unknown_names", "_referring_words"]
    assert _names(speakers.WORD_RULES) == ["_pronoun", "_po_slovam", "_role_noun"]
    assert _names(speakers.AGENT_RULES) == ["_named_after_verb", "_pronoun_after_verb", "_role_after_verb",
                                            "_named_before_verb", "_referent_before_verb"]


def test_entity_rule_list_order():
    assert _names(entities.NER_MERGE_RULES) == ["_title_alone", "_unknown_to_gazetteer",
                                                "_other_person_of_that_surname", "_same_span_as_gazetteer"]


def test_every_rule_has_a_docstring_with_a_russian_example():
    rules = (*speakers.SENTENCE_RULES, *speakers.DOCUMENT_RULES, *speakers.QUOTE_KINDS, *speakers.MENTION_RULES,
             *speakers.WORD_RULES, *speakers.AGENT_RULES, *entities.NER_MERGE_RULES)
    for rule in rules:
        doc = rule.__doc__ or ""
        assert any("а" <= ch <= "я" for ch in doc.lower()), rule.__name__


def _speakers_of(text: str, day: str | None = "2025-10-21") -> list[str | None]:
    out = attribute_speakers(split_sentences(_docs(x=text)), {"x": day})
    return list(out["speaker"])


# One small text per sentence/document rule: (rule, text, speakers of its sentences).
SPEAKER_RULE_CASES = [
    ("_verb_of_saying", "Алим Байель отметил важность визита.", ["Alim Bayel"]),
    # "прибыла" is not a verb of saying: the name is only a referent, for "Она"
    ("_names_become_referents", "Айгерим Жампетова прибыла в Баку. Она отметила рост.",
     [None, "Aigerim Zhampetova"]),
    ("_quote_after_colon", "Рустем Бектрумов высказался о развитии: «Товарооборот вырос втрое. Это рекорд».",
     ["Rustem Bektrumov", "Rustem Bektrumov"]),
    ("_quote_with_attribution", "«Первое предложение цитаты. Второе предложение», - отметил Алим Байель.",
     ["Alim Bayel", "Alim Bayel"]),
    # the line's first name is the last referent, though both are named in it
    ("_attribution_line_names",
     "Визит прошел успешно.\n\n– Касым-Жомарт Токаев и Ильхам Алиев\n\nОн добавил, что визит важен.",
     [None, None, "Kassym-Jomart Tokayev"]),
    ("_retro_opener", "Товарооборот вырос.\n\nОб этом сказал Фарид Шафиев.", ["Farid Shafiyev", "Farid Shafiyev"]),
    ("_paragraph_lead_in",
     "Алим Байель выступил.\n\nТоварооборот вырос на 40%. «Мы видим рост», - отметил Алим Байель.",
     ["Alim Bayel", "Alim Bayel", "Alim Bayel"]),
]


def test_every_speaker_rule_has_a_case():
    assert [r for r, _, _ in SPEAKER_RULE_CASES] == _names(speakers.SENTENCE_RULES + speakers.DOCUMENT_RULES)


@pytest.mark.parametrize("rule, text, expected", SPEAKER_RULE_CASES, ids=[r for r, _, _ in SPEAKER_RULE_CASES])
def test_speaker_rule(rule, text, expected, monkeypatch):
    assert _speakers_of(text) == expected
    # without the rule the result is different: each case shows its rule at work
    for name in ("SENTENCE_RULES", "DOCUMENT_RULES"):
        monkeypatch.setattr(speakers, name, tuple(r for r in getattr(speakers, name) if r.__name__ != rule))
    assert _speakers_of(text) != expected


@pytest.mark.parametrize("texts, paragraphs, kind", [
    (["«Рынок растет», - отметил Алим Байель."], [0], "person"),
    (["«Рынок растет», - говорится в сообщении."], [0], "source"),
    (["«Это очень важное событие».", "– Касым-Жомарт Токаев"], [0, 1], "line"),
    (["Эксперт высказался: «Товарооборот вырос втрое.", "Это рекорд»."], [0, 0], "intro"),
    (["Состоялся «круглый стол»."], [0], "plain"),
])
def test_quote_kinds(texts, paragraphs, kind):
    feats = [speakers._features(t) for t in texts]
    assert [q.kind for q in speakers._find_quotes(feats, paragraphs, texts)] == [kind]


@pytest.mark.parametrize("rule, text, day, mentions", [
    # a dated role names its holder on the article's day
    ("_gazetteer_people", "Президент Казахстана заявил, что визит важен.", "2018-06-15",
     [("named", "Nursultan Nazarbayev")]),
    ("_unknown_names", "Иван Петров заявил, что рынок растет.", None, [("named", "Ivan Petrov")]),
    ("_referring_words", "По ее словам, эксперт и он согласны.", None,
     [("po_pron", None), ("role", None), ("pronoun", None)]),
])
def test_mention_rules(rule, text, day, mentions):
    roles = _roles_for(text, _roles_on(day))
    got = [(m.kind, m.canonical) for m in speakers._features(text, roles).mentions]
    assert got == mentions
    p = _parse(text, roles)
    getattr(speakers, rule)(p)
    assert [(m.kind, m.canonical) for m in p.mentions] == mentions  # the rule alone finds them


def _parse(text: str, roles: frozenset = frozenset()):
    f = speakers._features(text, roles)
    return speakers._Parse(text, f.tokens, f.words, [speakers._word_info(w) if w else None for w in f.words], roles)


@pytest.mark.parametrize("text, k, rule, mention", [
    ("Рынок растет, сказал он.", 4, "_pronoun", ("pronoun", None, "m")),
    ("По его словам, рынок растет.", 0, "_po_slovam", ("po_pron", None, "m")),
    ("По собственным словам Алима Байеля, рынок растет.", 0, "_po_slovam", ("po_named", "Alim Bayel", "m")),
    ("Рынок растет, подчеркнул эксперт.", 4, "_role_noun", ("role", None, None)),
])
def test_word_rules(text, k, rule, mention):
    p = _parse(text)
    speakers._gazetteer_people(p)
    found = {r.__name__: r(p, k) for r in speakers.WORD_RULES}
    first = next(name for name, value in found.items() if value is not None)
    m = found[first][0]
    assert (first, (m.kind, m.canonical, m.gender)) == (rule, mention)


def test_po_slovam_decides_its_word_even_without_a_name():
    # "по … словам" with no name after it makes no mention, and the word is not tried as a role
    p = _parse("По последним словам, рынок растет.")
    assert speakers._po_slovam(p, 0) == ()
    assert "по" not in _speech_lexicon().roles and not _speech_lexicon().roles & _speech_lexicon().pronouns


@pytest.mark.parametrize("text, referents, rule, agent", [
    ("Рынок растет, - отметил Алим Байель.", [], "_named_after_verb", "Alim Bayel"),
    ("Рынок растет, сказала она.", [("Aigerim Zhampetova", "f"), ("Rustem Bektrumov", "m")],
     "_pronoun_after_verb", "Aigerim Zhampetova"),
    ("Рынок растет, - сказала политолог, ассистент профессора, Айгерим Жампетова.", [("Farid Shafiyev", "m")],
     "_role_after_verb", "Aigerim Zhampetova"),
    ("Рынок растет, - подчеркнул эксперт.", [("Farid Shafiyev", "m")], "_role_after_verb", "Farid Shafiyev"),
    # a role with nobody to refer to: the rule still decides (nobody), the words before are not searched
    ("Рынок растет, - подчеркнул эксперт.", [], "_role_after_verb", None),
    ("Алим Байель отметил важность визита.", [], "_named_before_verb", "Alim Bayel"),
    ("Дипломат подчеркнул, что рынок растет.", [("Alim Bayel", "m")], "_referent_before_verb", "Alim Bayel"),
])
def test_agent_rules(text, referents, rule, agent):
    f = speakers._features(text)
    k, gender = f.verbs[0]
    refs = speakers._Referents()
    for name, g in referents:
        refs.add(name, g)
    verb = speakers._Verb(f, k, gender, lambda j: True, refs)
    decided = next((r.__name__, a.name) for r in speakers.AGENT_RULES if (a := r(verb)) is not None)
    assert decided == (rule, agent)
    assert speakers._find_agent(f, k, gender, lambda j: True, refs) == agent


@pytest.mark.parametrize("rule, text, ner_span, verdict", [
    # "при Президенте": a title alone is not a person
    ("_title_alone", "Совещание прошло при Президенте Казахстана.", (21, 31, "PER"), (False, (), ())),
    ("_unknown_to_gazetteer", "Совещание прошло в Твери.", (19, 24, "LOC"), (True, (), ())),
    # "Г-н Алиев": NER's person contains the gazetteer's surname: it is NER's, the surname match goes
    ("_other_person_of_that_surname", "Г-н Алиев посетил Баку.", (0, 9, "PER"), (True, ((4, 9),), ())),
    ("_same_span_as_gazetteer", "Порт Актау расширяется.", (5, 10, "LOC"), (False, (), ((5, 10),))),
    # none applies: NER's "порт Актау" overlaps the gazetteer's "Актау", which wins
    (None, "Порт Актау расширяется.", (0, 10, "ORG"), (False, (), ())),
])
def test_ner_merge_rules(rule, text, ner_span, verdict):
    gspans = _matcher(frozenset(KINDS)).find(text)
    ns, ne, _ = ner_span
    overlap = [g for g in gspans if g.start < ne and ns < g.end]
    role_words = entities._role_forms(_speech_lexicon().roles)
    decided = next(((r.__name__, v) for r in entities.NER_MERGE_RULES
                    if (v := r(text, ner_span, overlap, role_words)) is not None), (None, entities._Verdict()))
    name, v = decided
    assert (name, v.keep_ner, tuple((g.start, g.end) for g in v.drop), tuple((g.start, g.end) for g in v.agree)) == (
        rule, *verdict)
