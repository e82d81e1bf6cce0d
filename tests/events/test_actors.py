"""Tests for analysis.actors: the speakers table and entity co-mentions.

Frames are built here per the contract columns (lemmas from razdel + pymorphy3 directly); the seed
tests at the end run the real modules on the seeds.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.claims.register import claims_register
from analysis.events.actors import COMENTION_COLUMNS, SPEAKER_COLUMNS, comentions, speakers
from analysis.ingest.reading import read_corpus
from analysis.nlp.entities import extract_entities
from analysis.nlp.lemmas import add_lemmas
from analysis.nlp.lemmas import lemmatize as lemmas
from analysis.nlp.sentences import split_sentences
from analysis.nlp.speakers import attribute_speakers
from analysis.nlp.tracks import tag_tracks

SEEDS = Path(__file__).resolve().parents[2] / "seeds"



def sentence_frame(rows: list[tuple[str, str, str | None, tuple[str, ...]]]) -> pd.DataFrame:
    """(doc_id, text, speaker, tracks) → sentences (contract columns), numbered within each doc."""
    out, n = [], {}
    for doc, text, speaker, tracks in rows:
        n[doc] = n.get(doc, 0) + 1
        out.append({"doc_id": doc, "sentence_id": f"{doc}-s{n[doc]:03d}", "paragraph": 0, "start": 0,
                    "end": len(text), "text": text, "lemmas": lemmas(text), "speaker": speaker, "tracks": tracks})
    return pd.DataFrame(out)


def entity_frame(sentences: pd.DataFrame, spec: dict[str, list[tuple[str, str, str, str]]]) -> pd.DataFrame:
    """{sentence_id: [(surface, kind, canonical, source)]} → entities, offsets found in the sentence."""
    texts = dict(zip(sentences["sentence_id"], sentences["text"]))
    rows = []
    for sid, items in spec.items():
        pos = 0
        for surface, kind, canonical, source in items:
            start = texts[sid].index(surface, pos)
            pos = start + len(surface)
            rows.append({"doc_id": sid.rsplit("-s", 1)[0], "sentence_id": sid, "start": start, "end": pos,
                         "text": surface, "normal": surface, "kind": kind, "canonical": canonical, "source": source})
    return pd.DataFrame(rows)


BAYEL = "Посол Казахстана в Азербайджане Алим Байель отметил важность энергетического сотрудничества."
SHAFIYEV = ("Председатель правления Центра анализа международных отношений Фарид Шафиев предложил провести "
            "форум.")
ALIYEV_NO_ROLE = "Глава Казахстана также напомнил, что Азербайджан сейчас под руководством Ильхама Алиева развивается."
ZHAMPETOVA = ("Об этом сказала казахстанский политолог, ассистент профессора кафедры истории Казахстана, "
              "Международного университета информационных технологий Айгерим Жампетова.")

DOCS = pd.DataFrame({"doc_id": ["a", "b", "c"], "outlet": ["Report", "AZERTAC", None],
                     "published": ["2025-12-15", None, "2025-09-12"]})


def _speaker_inputs():
    sents = sentence_frame([
        ("a", BAYEL, "Alim Bayel", ("energy",)),
        ("a", "Он добавил, что транзит растет.", "Alim Bayel", ("energy", "transport")),
        ("a", SHAFIYEV, "Farid Shafiyev", ("general",)),
        ("b", "Посол Казахстана в Азербайджане Алим Байель сказал, что порты расширяются.", "Alim Bayel",
         ("transport",)),
        ("b", ALIYEV_NO_ROLE, None, ("general",)),
        ("c", ZHAMPETOVA, "Aigerim Zhampetova", ("general",)),
        ("c", "Никто ничего не сказал.", None, ("general",)),
    ])
    ents = entity_frame(sents, {
        "a-s001": [("Казахстана", "LOC", "Kazakhstan", "gazetteer"), ("Азербайджане", "LOC", "Azerbaijan", "gazetteer"),
                   ("Алим Байель", "PER", "Alim Bayel", "gazetteer")],
        "a-s003": [("Центра анализа международных отношений", "ORG", "AIR Center", "gazetteer"),
                   ("Фарид Шафиев", "PER", "Farid Shafiyev", "gazetteer")],
        "b-s001": [("Алим Байель", "PER", "Alim Bayel", "gazetteer")],
        "b-s002": [("Ильхама Алиева", "PER", "Ilham Aliyev", "gazetteer")],
        # an organisation the gazetteer does not know (a transliteration) is not appended to the role
        "c-s001": [("Международного университета информационных технологий", "ORG",
                    "Mezhdunarodnyy universitet informatsionnykh tekhnologiy", "ner"),
                   ("Айгерим Жампетова", "PER", "Aigerim Zhampetova", "gazetteer")],
    })
    claims = pd.DataFrame({"claim_id": ["a-c001", "b-c001", "b-c002"], "speaker": ["Alim Bayel", "Alim Bayel", None]})
    return sents, ents, claims


def test_speakers_table_on_constructed_sentences():
    sents, ents, claims = _speaker_inputs()
    t = speakers(sents, DOCS, claims, ents)
    assert list(t.columns) == SPEAKER_COLUMNS
    got = [tuple(r[c] for c in SPEAKER_COLUMNS) for r in t.to_dict("records")]
    assert got == [
        ("Alim Bayel", "ambassador", "Kazakhstan", 3, 2, "AZERTAC; Report", "energy 2, transport 2", 2),
        ("Aigerim Zhampetova", "assistant professor", "Kazakhstan", 1, 1, "outlet unknown", "general 1", 0),
        ("Farid Shafiyev", "chair of the board, AIR Center", "Azerbaijan", 1, 1, "Report", "general 1", 0),
    ]
    assert str(t["n_claims"].dtype) == "Int64"


def test_speakers_without_claims_or_entities():
    sents, _, _ = _speaker_inputs()
    t = speakers(sents, DOCS)
    assert t["n_claims"].isna().all()  # unknown, not zero
    # roles from the gazetteer's full-name patterns: the same roles, without the organisation
    assert dict(zip(t["speaker"], t["role"])) == {"Alim Bayel": "ambassador", "Aigerim Zhampetova": "assistant professor",
                                                  "Farid Shafiyev": "chair of the board"}


@pytest.mark.parametrize("text, name, role", [
    (BAYEL, "Alim Bayel", "ambassador"),
    ("Президент Азербайджана Ильхам Алиев прибыл в Астану.", "Ilham Aliyev", "president"),
    ("Депутат парламента Казахстана Айдос Сарым отметил рост.", "Aidos Sarym", "member of parliament"),
    # a verb of saying and "что" end the apposition: the head of Kazakhstan is not Aliyev
    (ALIYEV_NO_ROLE, "Ilham Aliyev", None),
    # the role nearest the name wins
    ("Эксперт института, этномедиатор Рустем Бектрумов сказал, что всё хорошо.", "Rustem Bektrumov", "ethnomediator"),
    # too far from the name: no role
    ("Политолог долго и подробно рассказывал о многих разных вещах в разных городах и странах, а Расим Мусабеков "
     "молчал.", "Rasim Musabekov", None),
])
def test_role_in_apposition(text, name, role):
    sents = sentence_frame([("d", text, name, ("general",))])
    t = speakers(sents, pd.DataFrame({"doc_id": ["d"], "outlet": ["X"]}))
    assert t.iloc[0]["speaker"] == name and t.iloc[0]["role"] == role


def test_speakers_empty_inputs():
    sents, _, _ = _speaker_inputs()
    assert list(speakers(sents.iloc[0:0], DOCS).columns) == SPEAKER_COLUMNS
    none_said = sents.assign(speaker=None)
    assert speakers(none_said, DOCS).empty and list(speakers(none_said, DOCS).columns) == SPEAKER_COLUMNS


def _ent(doc, sid, canonical, kind, text=None):
    return {"doc_id": doc, "sentence_id": sid, "start": 0, "end": 1, "text": text or canonical,
            "normal": text or canonical, "kind": kind, "canonical": canonical, "source": "gazetteer"}


COMENTION_ENTS = pd.DataFrame([
    _ent("a", "a-s001", "Kassym-Jomart Tokayev", "PER"), _ent("a", "a-s001", "Ilham Aliyev", "PER"),
    _ent("a", "a-s001", "Astana", "LOC"), _ent("a", "a-s001", "Ilham Aliyev", "PER"),  # repeated: counts once
    _ent("a", "a-s002", "Ilham Aliyev", "PER"), _ent("a", "a-s002", "Kassym-Jomart Tokayev", "PER"),
    _ent("b", "b-s001", "Kassym-Jomart Tokayev", "PER"), _ent("b", "b-s001", "Ilham Aliyev", "PER"),
    _ent("b", "b-s001", "Middle Corridor", "PROJECT"),
    _ent("b", "b-s002", None, "ORG", text="Фонд"), _ent("b", "b-s002", "Astana", "LOC"),  # no canonical: text
    _ent("b", "b-s003", "Astana", "LOC"),  # alone: no pair
])


@pytest.mark.parametrize("kinds, expected", [
    (("PER", "ORG", "PROJECT", "LOC"), [
        ("Ilham Aliyev", "Kassym-Jomart Tokayev", 3, 2, "PER", "PER"),
        ("Astana", "Ilham Aliyev", 1, 1, "LOC", "PER"),
        ("Astana", "Kassym-Jomart Tokayev", 1, 1, "LOC", "PER"),
        ("Astana", "Фонд", 1, 1, "LOC", "ORG"),
        ("Ilham Aliyev", "Middle Corridor", 1, 1, "PER", "PROJECT"),
        ("Kassym-Jomart Tokayev", "Middle Corridor", 1, 1, "PER", "PROJECT"),
    ]),
    (("PER",), [("Ilham Aliyev", "Kassym-Jomart Tokayev", 3, 2, "PER", "PER")]),
    (("LOC",), []),
])
def test_comentions(kinds, expected):
    c = comentions(COMENTION_ENTS, kinds=kinds)
    assert list(c.columns) == COMENTION_COLUMNS
    assert [tuple(r[k] for k in COMENTION_COLUMNS) for r in c.to_dict("records")] == expected


def test_comentions_is_order_independent():
    shuffled = COMENTION_ENTS.sample(frac=1.0, random_state=3).reset_index(drop=True)
    pd.testing.assert_frame_equal(comentions(shuffled), comentions(COMENTION_ENTS))
    assert comentions(COMENTION_ENTS.iloc[0:0]).empty


# ------------------------------------------------------------------------ integration (real seeds)


@pytest.fixture(scope="module")
def seeds():

    docs, _ = read_corpus(SEEDS)
    sents = tag_tracks(attribute_speakers(add_lemmas(split_sentences(docs))))
    return docs, sents, extract_entities(sents), claims_register(sents, docs)


def test_seed_speakers(seeds):
    docs, sents, entities, claims = seeds
    t = speakers(sents, docs, claims, entities).set_index("speaker")
    assert int(t["n_sentences"].sum()) == int(sents["speaker"].notna().sum())
    assert int(t["n_claims"].sum()) == int(claims["speaker"].notna().sum())
    bayel = t.loc["Alim Bayel"]
    assert (bayel["role"], bayel["country"], bayel["n_docs"], bayel["outlets"]) == (
        "ambassador", "Kazakhstan", 2, "AZERTAC; Report")
    assert t.loc["Farid Shafiyev", "role"] == "chair of the board, AIR Center"
    assert t.loc["Ilham Aliyev", "role"] == "president" and t.loc["Kassym-Jomart Tokayev", "role"] == "president"
    assert t.loc["Agalar Atamoglanov", "country"] == "Azerbaijan"
    # every attributed sentence is counted under at least one track
    for name, row in t.iterrows():
        counts = [int(x.rsplit(" ", 1)[1]) for x in row["tracks"].split(", ")]
        assert sum(counts) >= row["n_sentences"], name
    assert list(t.index[:1]) == ["Aigerim Zhampetova"]  # the most quoted voice: one Day.Az interview


def test_seed_comentions(seeds):
    _, _, entities, _ = seeds
    c = comentions(entities)
    assert (c["a"] < c["b"]).all() and not c.duplicated(["a", "b"]).any()
    assert (c.iloc[0]["a"], c.iloc[0]["b"]) == ("Azerbaijan", "Kazakhstan")
    pair = c[(c["a"] == "Ilham Aliyev") & (c["b"] == "Kassym-Jomart Tokayev")]
    assert len(pair) == 1 and pair.iloc[0]["weight"] >= 5
    assert list(c["weight"]) == sorted(c["weight"], reverse=True)
