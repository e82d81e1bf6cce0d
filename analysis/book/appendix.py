"""The reference appendix: a glossary of abbreviations and an index of the people the corpus names.

Both are generated: the glossary from ``glossary.yml`` (what a term stands for) and the corpus
(which articles use it); the actors index from the gazetteer (name, country) and the corpus (the
words that introduce each person, the role the speaker attribution found, the articles that
mention them and those in which they speak).
"""

from __future__ import annotations

import re

import pandas as pd

from analysis import datafiles
from analysis.events.actors import speakers
from analysis.nlp.gazetteer import load_gazetteer
from analysis.vocabulary import short_id

#: Words shown before a person's first mention ("Депутат Милли Меджлиса Азербайджана Расим Мусабеков").
CONTEXT_WORDS = 6


def _articles(ids) -> str:
    return ", ".join(sorted({short_id(d) for d in ids})) or "—"


def glossary(corpus) -> pd.DataFrame:
    """One row per term of glossary.yml: term, what it stands for, the Russian form, the articles that
    use it (by its patterns or its gazetteer entity) and a note; terms the corpus never uses are kept
    (marked '—') so the reader meets the same list on any corpus."""
    docs = corpus.documents
    ents = corpus.entities
    rows = []
    for t in datafiles.load("glossary.yml")["terms"]:
        ids = {d for d, text in zip(docs["doc_id"], docs["raw_text"])
               if any(re.search(p, str(text)) for p in t.get("patterns") or ())}
        if t.get("entity") and not ents.empty:
            ids |= set(ents.loc[ents["canonical"] == t["entity"], "doc_id"])
        rows.append({"Term": t["term"], "Stands for": t["expansion"], "In the sources": t.get("ru") or "—",
                     "Articles": _articles(ids), "Note": t.get("note") or ""})
    return pd.DataFrame(rows).sort_values("Term", key=lambda s: s.str.lower(), kind="stable").reset_index(drop=True)


def _mentioned_as(corpus, name: str) -> str:
    """The words before the person's first mention in the corpus, and the mention itself."""
    ents = corpus.entities
    rows = ents[(ents["canonical"] == name) & (ents["kind"] == "PER")]
    if rows.empty:
        return ""
    first = rows.iloc[0]
    text = corpus.sentences.set_index("sentence_id").loc[first["sentence_id"], "text"]
    before = re.findall(r"[\w-]+", text[: int(first["start"])])[-CONTEXT_WORDS:]
    return " ".join([*before, text[int(first["start"]): int(first["end"])]])


def actors_index(corpus) -> pd.DataFrame:
    """One row per person the corpus names: name, country (gazetteer), role (speaker attribution),
    how the corpus introduces them (Russian), the articles that mention them and those they speak in."""
    ents = corpus.entities
    if ents.empty:
        return pd.DataFrame()
    per = ents[ents["kind"] == "PER"]
    g = load_gazetteer()
    country = dict(zip(g["canonical"], g["country"]))
    sp = speakers(corpus.sentences, corpus.documents, claims=corpus.claims, entities=corpus.entities)
    roles = dict(zip(sp["speaker"], sp["role"]))
    s = corpus.sentences
    rows = []
    for name, group in per.groupby("canonical", sort=True):
        spoke = s.loc[s["speaker"] == name, "doc_id"]
        rows.append({
            "Name": name, "Country": country.get(name) if isinstance(country.get(name), str) else "—",
            "Role": roles.get(name) if isinstance(roles.get(name), str) and roles.get(name) else "—",
            "Introduced as": _mentioned_as(corpus, name),
            "Mentioned in": _articles(group["doc_id"]), "Speaks in": _articles(spoke),
        })
    return pd.DataFrame(rows)
