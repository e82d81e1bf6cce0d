"""Who stands behind a statement, and when the information ends: the book's sourcing judgments.

Counting outlets is not counting sources. An embassy release carried by a news agency is the
embassy's statement (``originators`` in ``sourcing.yml``); two people from the same side are two
voices of one party, not independent witnesses. This module names, for a claim or a project, who
speaks (the speaker, else the originator, else the outlet), which side each voice belongs to and
which articles carry the detail the prose relies on, and writes the corroboration statements the
chapters glue — so a sentence such as "two independent sources agree" is computed, not typed.
"""

from __future__ import annotations

import datetime as _dt
import re
from functools import lru_cache

import pandas as pd

from analysis import datafiles
from analysis.book.briefing import project_sentences
from analysis.book.wording import join_words, number_word
from analysis.claims.indicators import indicator_labels
from analysis.tables import format_value
from analysis.vocabulary import short_id

# --- the information date -------------------------------------------------------------------------

def information_date(corpus) -> str | None:
    """The last publication date in the corpus: the book's information is as of this day."""
    dates = [d for d in corpus.documents["published"] if isinstance(d, str) and d]
    return max(dates) if dates else None


def horizon(corpus, years: int) -> str | None:
    """'end-2026' for *years* = 1 when the information ends in 2025: a judgment's time frame,
    counted from the information date (0 = the end of the information year)."""
    date = information_date(corpus)
    return None if date is None else f"end-{_dt.date.fromisoformat(date[:10]).year + years}"


# --- originators and voices -----------------------------------------------------------------------

@lru_cache(maxsize=1)
def _originators() -> tuple[dict, ...]:
    return tuple(datafiles.load("sourcing.yml")["originators"])


def originator(text: str) -> dict | None:
    """The body whose release the article says it relays ("об этом сообщает посольство …"), or None.

    >>> originator("Как передает Report, об этом сообщает посольство Казахстана в Азербайджане.")["originator"]
    'Embassy of Kazakhstan in Azerbaijan'
    >>> originator("Об этом в беседе с Day.Az сказала политолог") is None
    True
    """
    for o in _originators():
        if re.search(o["pattern"], str(text)):
            return o
    return None


def _speaker_countries(corpus) -> dict[str, str]:
    table = corpus.speakers
    return {s: c for s, c in zip(table["speaker"], table["country"]) if isinstance(c, str) and c}


def voices(corpus, sentence_ids) -> pd.DataFrame:
    """One row per article among *sentence_ids*: doc_id, short id, speaker (or —), originator (the body
    the article relays, or None), voice (originator, else speaker, else outlet), side (the voice's
    country), outlet, outlet_country."""
    s = corpus.sentences.set_index("sentence_id")
    docs = corpus.documents.set_index("doc_id")
    countries = _speaker_countries(corpus)
    rows = []
    for sid in dict.fromkeys(sentence_ids):
        if sid not in s.index:
            continue
        doc_id = s.loc[sid, "doc_id"]
        if any(r["doc_id"] == doc_id for r in rows):
            continue
        doc = docs.loc[doc_id]
        who = s.loc[sid, "speaker"] if isinstance(s.loc[sid, "speaker"], str) else None
        orig = originator(doc.get("raw_text", ""))
        outlet = doc["outlet"] if isinstance(doc["outlet"], str) else "outlet unknown"
        voice = orig["originator"] if orig else (who or outlet)
        side = orig["country"] if orig else (countries.get(who) if who else doc.get("outlet_country"))
        rows.append({"doc_id": doc_id, "short": short_id(doc_id), "speaker": who or "—",
                     "originator": orig["originator"] if orig else None, "voice": voice,
                     "side": side if isinstance(side, str) else "unknown", "outlet": outlet,
                     "outlet_country": doc.get("outlet_country") or "unknown"})
    return pd.DataFrame(rows, columns=["doc_id", "short", "speaker", "originator", "voice", "side",
                                       "outlet", "outlet_country"])


def independent_sides(v: pd.DataFrame) -> int:
    """How many sides (countries) the voices of *v* speak for: two voices of one side count once."""
    return int(v["side"][v["side"] != "unknown"].nunique()) if len(v) else 0


# --- corroboration statements ---------------------------------------------------------------------

_DEMONYM = {"Kazakhstan": "Kazakh", "Azerbaijan": "Azerbaijani", "Russia": "Russian", "Uzbekistan": "Uzbek"}


def demonym(country: str) -> str:
    """'Kazakh' for Kazakhstan (the country name itself when no adjective is listed)."""
    return _DEMONYM.get(country, country)


def _voice_text(r) -> str:
    """'Rustem Bektrumov (Kazakh; 004, 1news.az)' or, for a relayed release, the originator first."""
    where = f"{r.short}, {r.outlet}"
    if isinstance(r.originator, str) and r.originator:
        who = f"the {r.originator}" + (f" quoting {r.speaker}" if r.speaker != "—" else "")
        return f"{who} ({demonym(r.side)}; {where}, which carried the release)"
    return f"{r.voice} ({demonym(r.side)}; {where})"


def sides_sentence(v: pd.DataFrame) -> str:
    """Whether the voices of *v* are independent: how many sides they speak for and where they were printed."""
    if v.empty:
        return "No article carries it."
    sides = sorted(v["side"][v["side"] != "unknown"].unique())
    outlets = sorted(v["outlet_country"][v["outlet_country"] != "unknown"].unique())
    n = len(v)
    if n == 1:
        return "It rests on that one voice: credibility at best 3."
    if len(sides) == 1:
        text = (f"{'Both' if n == 2 else 'All ' + number_word(n)} voices are {demonym(sides[0])}: one side's "
                "account, not independent corroboration")
    else:
        text = f"The voices speak for {join_words(demonym(s) for s in sides)} sides"
    if len(outlets) == 1:
        text += f"; {'both' if n == 2 else 'all'} outlets are {demonym(outlets[0])}"
    return text + "."


def account(corpus, sentence_ids, what: str) -> str:
    """'<What> comes from two articles: A (…) and B (…). Both voices are Kazakh: …' — computed from who
    speaks (*what* is a noun phrase: "the account of the cable")."""
    v = voices(corpus, sentence_ids)
    if v.empty:
        return f"No article of this corpus gives {what}."
    head = f"{what[0].upper() + what[1:]} comes from {number_word(len(v))} {'article' if len(v) == 1 else 'articles'}: "
    return head + join_words(_voice_text(r) for r in v.itertuples(index=False)) + ". " + sides_sentence(v)


def _route_endpoints(canonical: str) -> tuple[str, ...]:
    for r in datafiles.load("routes.yml")["routes"]:
        if r.get("project") == canonical and r.get("basis", "corpus") == "corpus":
            return (r["from"], r["to"])
    return ()


def endpoint_docs(corpus, canonical: str) -> list[str]:
    """Short ids of the articles whose sentences about project *canonical* name both endpoints of its
    route in routes.yml (e.g. Aktau and Alyat for the fibre-optic line)."""
    ends = set(_route_endpoints(canonical))
    ents = corpus.entities
    ids = set(project_sentences(corpus, canonical))
    if not ends or ents.empty:
        return []
    named = ents[ents["sentence_id"].isin(ids)].groupby("doc_id")["canonical"].agg(set)
    return [short_id(d) for d, names in named.items() if ends <= names]


def project_corroboration(corpus, canonical: str, what: str) -> str:
    """The corroboration statement of a project: who describes it (:func:`account`) and which articles
    name its endpoints."""
    text = account(corpus, project_sentences(corpus, canonical), what)
    ends, docs = _route_endpoints(canonical), endpoint_docs(corpus, canonical)
    if not ends:
        return text
    n_docs = len(voices(corpus, project_sentences(corpus, canonical)))
    if not docs:
        return text + f" No article names its endpoints ({join_words(ends)})."
    only = "Only " if len(docs) < n_docs else ""
    verb = "names" if len(docs) == 1 else "name"
    return text + f" {only}{join_words(docs)} {verb} its endpoints ({join_words(ends)})."


def corroborated_figures(corpus) -> str:
    """What the corroborated figures of the register are: 'the only corroborated figure is a target …'."""
    src = corpus.sources
    if src.empty:
        return "The register holds no figure."
    rows = corpus.claims[corpus.claims["claim_id"].isin(src.loc[src["n_sources"] >= 2, "claim_id"])]
    if rows.empty:
        return "No figure of the register is corroborated by an independent source."
    figures = rows.drop_duplicates(["indicator", "value", "unit", "kind"])
    kinds = set(figures["kind"])
    if len(figures) == 1:
        r = figures.iloc[0]
        kind = "a target" if r["kind"] == "target" else f"an {r['kind']} figure" if r["kind"][0] in "aeiou" else f"a {r['kind']} figure"
        return f"The only corroborated figure is {kind}: {_figure_text(r)}, stated in {number_word(len(rows))} articles."
    label = "targets" if kinds == {"target"} else "figures"
    return f"{number_word(len(figures)).capitalize()} {label} are corroborated: " + join_words(_figure_text(r) for _, r in figures.iterrows()) + "."


def _figure_text(r) -> str:
    return f"{format_value(r['value'], r['unit'])} ({indicator_labels().get(r['indicator'], r['indicator']).lower()})"


# --- places ----------------------------------------------------------------------------------------

def named_places(corpus) -> list[str]:
    """The places (gazetteer canonical names, kind LOC) the corpus names: what a map may show as
    'named in the sources'."""
    ents = corpus.entities
    if ents.empty:
        return []
    return sorted(set(ents.loc[ents["kind"] == "LOC", "canonical"]))
