"""analysis.book.appendix: the actors index knows every person the seeds name — role, organisation,
country, where they speak — and the organisations index every organisation, never a news outlet."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.book import appendix
from analysis.pipeline import load

#: Person → (role, organisation), read by hand from seeds/ ("—": the corpus gives none).
SEED_ACTORS = {
    "Rasim Musabekov": ("member of parliament", "Milli Majlis"),
    "Zaur Mammadov": ("political scientist", "Academy of Public Administration"),
    "Rauf Agamirzoyev": ("expert", "—"),
    "Olzhas Bektenov": ("prime minister", "—"),
    "Ali Gasimov": (appendix.BYLINE, "—"),
    "Rustem Bektrumov": ("ethnomediator", "Institute of Applied Ethnopolitical Studies"),
    "Aigerim Zhampetova": ("assistant professor", "International IT University"),
    "Farid Shafiyev": ("chair of the board", "AIR Center"),
    "Alim Bayel": ("ambassador", "—"),
    # the summit of the OTS named earlier in the sentence is not Aliyev's organisation
    "Ilham Aliyev": ("president", "—"),
}


@pytest.fixture(scope="module")
def actors(corpus) -> pd.DataFrame:
    return appendix.actors_index(corpus).set_index("Name")


@pytest.mark.parametrize("name, expected", sorted(SEED_ACTORS.items()))
def test_every_person_has_the_role_and_organisation_the_corpus_gives(actors, name, expected):
    assert (actors.at[name, "Role"], actors.at[name, "Organisation"]) == expected


def test_people_who_do_not_speak_are_indexed_with_their_country(actors):
    assert actors.at["Rasim Musabekov", "Speaks in"] == "—" and actors.at["Rasim Musabekov", "Country"] == "Azerbaijan"
    assert actors.at["Olzhas Bektenov", "Mentioned in"] == "002" and actors.at["Olzhas Bektenov", "Country"] == "Kazakhstan"
    assert actors.at["Alim Bayel", "Speaks in"] == "000, 001"


def test_the_organisations_index_has_the_companies_and_institutes_and_no_outlet(corpus):
    orgs = appendix.organisations_index(corpus).set_index("Organisation")
    assert {"KazMunayGas", "SOCAR", "Institute of Applied Ethnopolitical Studies", "Milli Majlis"} <= set(orgs.index)
    assert not set(orgs.index) & {"Report", "AZERTAC", "Day.Az", "1news.az", "Vestnik Kavkaza"}
    assert orgs.at["KazMunayGas", "Country"] == "Kazakhstan" and orgs.at["KazMunayGas", "Mentioned in"] == "003"
    assert orgs.at["Institute of Applied Ethnopolitical Studies", "Its people in the corpus"] == "Rustem Bektrumov"
    assert orgs.at["Organization of Turkic States", "Country"] == "several states"


def test_split_role_and_bylines(corpus):
    assert appendix.split_role("member of parliament, Milli Majlis") == ("member of parliament", "Milli Majlis")
    assert appendix.bylines(corpus) == {"Ali Gasimov"}


def test_an_article_without_people_or_organisations_gives_empty_indexes(tmp_path: Path):
    (tmp_path / "001.txt").write_text(" date 2025-11-03 Экспорт нефти через порт Актау вырос.\n", encoding="utf-8")
    sparse = load(tmp_path, use_cache=False)
    assert appendix.actors_index(sparse).empty and appendix.organisations_index(sparse).empty
    assert appendix.mention_roles(sparse) == {} and appendix.person_organisations(sparse) == {}


def _entities_corpus(rows: list[tuple], texts: dict[str, str]):
    """A corpus holding only these entities (sentence_id, kind, canonical, start, end) and sentence texts."""
    from types import SimpleNamespace

    ents = pd.DataFrame(rows, columns=["sentence_id", "kind", "canonical", "start", "end"])
    sentences = pd.DataFrame({"sentence_id": list(texts), "text": list(texts.values())})
    return SimpleNamespace(entities=ents, sentences=sentences)


def test_person_organisations_reads_the_organisation_just_before_the_name():
    corpus = _entities_corpus([
        # s1: "KazMunayGas" then a person two words on: placed there
        ("s1", "ORG", "KazMunayGas", 0, 11), ("s1", "PER", "Aigerim A", 18, 27),
        # s2: two known organisations ending at the same place, then a person: the later row wins;
        # a second person after the first is not placed (someone stands between)
        ("s2", "ORG", "CIS", 0, 3), ("s2", "ORG", "CICA", 0, 3), ("s2", "PER", "Bolat B", 4, 11),
        ("s2", "PER", "Dana D", 12, 18),
        # s3: an organisation not in the gazetteer is never read; s4: too many words between
        ("s3", "ORG", "Unknown Body", 0, 5), ("s3", "PER", "Erlan E", 6, 13),
        ("s4", "ORG", "AIR Center", 0, 3), ("s4", "PER", "Farid F", 30, 37),
        # a person placed twice in one organisation, once in another: the most frequent
        ("s5", "ORG", "CIS", 0, 3), ("s5", "PER", "Aigerim A", 4, 13),
        ("s6", "ORG", "CIS", 0, 3), ("s6", "PER", "Aigerim A", 4, 13),
    ], {"s1": "KazMunayGas, глава Айгерим А", "s2": "СНГ Болат Б Дана Д", "s3": "Нечто Ерлан Е",
        "s4": "AIR и ещё много разных слов тут Фарид Ф", "s5": "СНГ Айгерим А", "s6": "СНГ Айгерим А"})
    found = appendix.person_organisations(corpus)
    assert found == {"Aigerim A": "CIS", "Bolat B": "CICA"}
    assert appendix.person_organisations(corpus) is found, "computed once per corpus"
