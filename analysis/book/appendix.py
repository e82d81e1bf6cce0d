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
from analysis.book.briefing import MAX_LINKS_PER_CELL
from analysis.book.memo import per_corpus
from analysis.events.actors import speakers
from analysis.ingest.outlets import is_outlet
from analysis.nlp.gazetteer import load_gazetteer
from analysis.vocabulary import short_id

#: Words shown before a person's first mention ("Депутат Милли Меджлиса Азербайджана Расим Мусабеков").
CONTEXT_WORDS = 6
#: An organisation is a person's when at most this many words stand between it and their name, none of
#: them another person ("эксперт казахстанского Института прикладных этнополитических исследований,
#: этномедиатор Рустем Бектрумов": one word) — apposition, not a summit named earlier in the sentence.
ORG_GAP_WORDS = 3
#: The role of a person named only in an article's closing line, alone: the article's byline.
BYLINE = "author of the article (byline)"


def _articles(ids) -> str:
    """The articles' short ids in order, at most :data:`briefing.MAX_LINKS_PER_CELL` and the rest
    counted: a term or a person of a large corpus is in thousands of articles (a cell of 4,434 ids
    at 5,000 generated articles; the glossary page was 0.6 MB of them).

    >>> _articles(["002_b", "000_a", "002_b"])
    '000, 002'
    >>> _articles([f"{i:03d}_x" for i in range(11)])
    '000, 001, 002, 003, 004, 005, 006, 007, and 3 more articles'
    >>> _articles([])
    '—'
    """
    shown = sorted({short_id(d) for d in ids})
    rest = len(shown) - MAX_LINKS_PER_CELL
    if rest > 0:
        return ", ".join(shown[:MAX_LINKS_PER_CELL]) + f", and {rest:,} more articles"
    return ", ".join(shown) or "—"


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


@per_corpus
def mention_roles(corpus) -> dict[str, str]:
    """Return person → the English role in apposition before their full name in the corpus (the
    speaker attribution's reading, :func:`analysis.events.actors.speakers`, applied to every person
    named — not only to those who speak), e.g. 'member of parliament, Milli Majlis'. Persons the corpus
    never introduces with a role are left out."""
    ents, s = corpus.entities, corpus.sentences
    if ents is None or ents.empty or s.empty:
        return {}
    pairs = ents.loc[ents["kind"] == "PER", ["sentence_id", "canonical"]].dropna().drop_duplicates()
    # speakers() reads roles for the names of its speaker column: put each person named there
    rows = s.drop(columns=["speaker"], errors="ignore").merge(pairs, on="sentence_id").rename(columns={"canonical": "speaker"})
    table = speakers(rows, corpus.documents, entities=ents)
    return {n: r for n, r in zip(table["speaker"], table["role"]) if isinstance(r, str) and r}


def split_role(role: str | None) -> tuple[str, str | None]:
    """('chair of the board', 'AIR Center') for 'chair of the board, AIR Center'; ('—', None) for None.

    >>> split_role("chair of the board, AIR Center"), split_role("ambassador"), split_role(None)
    (('chair of the board', 'AIR Center'), ('ambassador', None), ('—', None))
    """
    if not isinstance(role, str) or not role:
        return "—", None
    head, _, org = role.partition(", ")
    return head, (org or None)


def _known_orgs() -> set[str]:
    g = load_gazetteer()
    return {c for c, k in zip(g["canonical"], g["kind"]) if k == "ORG" and not is_outlet(c)}


@per_corpus
def person_organisations(corpus) -> dict[str, str]:
    """Return person → the organisation named just before their name (at most :data:`ORG_GAP_WORDS`
    words between, no other person; a gazetteer organisation, never an outlet), the most frequent
    over their mentions (ties: the first)."""
    ents = corpus.entities
    if ents is None or ents.empty:
        return {}
    known = _known_orgs()
    text = dict(zip(corpus.sentences["sentence_id"], corpus.sentences["text"]))
    # each sentence's persons and known organisations, in table order (plain tuples: a sentence's
    # handful of entities is no work for a DataFrame, and building one per sentence was most of the time)
    people: dict[str, list[tuple]] = {}
    orgs: dict[str, list[tuple]] = {}
    for sid, kind, canonical, start, end in zip(ents["sentence_id"], ents["kind"], ents["canonical"], ents["start"], ents["end"]):
        if pd.isna(sid):
            continue
        if kind == "PER":
            people.setdefault(sid, []).append((canonical, start, end))
        elif kind == "ORG" and canonical in known:
            orgs.setdefault(sid, []).append((canonical, start, end))
    found: dict[str, list[str]] = {}
    for sid in dict.fromkeys(ents["sentence_id"]):  # sentences in table order, as a groupby would visit them
        persons = people.get(sid, [])
        for name, p_start, _ in persons:
            o = _org_before(orgs.get(sid, []), p_start)
            if o is None:
                continue
            gap = str(text.get(sid, ""))[int(o[2]):int(p_start)]
            between = any(o[2] <= start < p_start for _, start, _ in persons)
            if not between and len(re.findall(r"\w+", gap)) <= ORG_GAP_WORDS:
                found.setdefault(name, []).append(o[0])
    out = {}
    for name, named in found.items():
        top = max(named.count(o) for o in named)
        out[name] = next(o for o in named if named.count(o) == top)
    return out


def _org_before(orgs: list[tuple], start) -> tuple | None:
    """The organisation (canonical, start, end) ending last at or before *start* (ties: the later one in
    the table), or None."""
    best = None
    for o in orgs:
        if o[2] <= start and (best is None or o[2] >= best[2]):
            best = o
    return best


def bylines(corpus) -> set[str]:
    """The persons named alone in the last sentence of an article: its byline, not a source it quotes."""
    ents, s = corpus.entities, corpus.sentences
    if ents is None or ents.empty or s.empty:
        return set()
    last = set(s.groupby("doc_id")["sentence_id"].last())
    text = dict(zip(s["sentence_id"], s["text"]))
    return {e.canonical for e in ents[ents["kind"] == "PER"].itertuples(index=False)
            if e.sentence_id in last and str(text.get(e.sentence_id, "")).strip(" .") == str(e.text).strip()}


def actors_index(corpus) -> pd.DataFrame:
    """One row per person the corpus names: name, country (gazetteer), role and organisation (in
    apposition before the name; the byline's author is marked), how the corpus introduces them
    (Russian), the articles that mention them and those they speak in."""
    ents = corpus.entities
    if ents.empty:
        return pd.DataFrame()
    per = ents[ents["kind"] == "PER"]
    g = load_gazetteer()
    country = dict(zip(g["canonical"], g["country"]))
    roles, orgs, signed = mention_roles(corpus), person_organisations(corpus), bylines(corpus)
    s = corpus.sentences
    rows = []
    for name, group in per.groupby("canonical", sort=True):
        role, org = split_role(roles.get(name))
        if role == "—" and name in signed:
            role = BYLINE
        spoke = s.loc[s["speaker"] == name, "doc_id"]
        rows.append({
            "Name": name, "Country": country.get(name) if isinstance(country.get(name), str) else "—",
            "Role": role, "Organisation": org or orgs.get(name) or "—",
            "Introduced as": _mentioned_as(corpus, name),
            "Mentioned in": _articles(group["doc_id"]), "Speaks in": _articles(spoke),
        })
    return pd.DataFrame(rows)


def organisations_index(corpus) -> pd.DataFrame:
    """One row per organisation of the gazetteer the corpus names (news outlets left out): its English
    name, country ('several states' for a body of more than one), the Russian name, the articles that
    mention it and the people the corpus places in it (:func:`person_organisations`)."""
    ents = corpus.entities
    if ents is None or ents.empty:
        return pd.DataFrame()
    known = _known_orgs()
    org = ents[(ents["kind"] == "ORG") & ents["canonical"].isin(known)]
    if org.empty:
        return pd.DataFrame()
    g = load_gazetteer().drop_duplicates("canonical").set_index("canonical")
    people: dict[str, list[str]] = {}
    for person, o in sorted(person_organisations(corpus).items()):
        people.setdefault(o, []).append(person)
    for person, role in sorted(mention_roles(corpus).items()):
        o = split_role(role)[1]
        if o and person not in people.get(o, []):
            people.setdefault(o, []).append(person)
    rows = []
    for name, group in org.groupby("canonical", sort=True):
        c = g.at[name, "country"] if name in g.index else None
        ru = g.at[name, "ru"] if name in g.index and "ru" in g.columns else None
        rows.append({"Organisation": name, "Country": c if isinstance(c, str) and c else "several states",
                     "In the sources": ru if isinstance(ru, str) and ru else "—",
                     "Mentioned in": _articles(group["doc_id"]),
                     "Its people in the corpus": ", ".join(sorted(people.get(name, []))) or "—"})
    return pd.DataFrame(rows)
