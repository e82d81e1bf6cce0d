"""The tables and facts a chapter of the briefing shows, built from a processed corpus.

Every track chapter shows the same kinds of evidence — the claims register's rows for the track,
key quotations with an English rendering, consistency findings, gaps and the watchlist — so they
are built here once, by track, and the notebooks only call them. ``track_facts`` returns every
number the prose cites under a fixed set of keys, with an honest fallback text when the corpus
does not report it, so a chapter builds (and says what is missing) on any corpus.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

import pandas as pd

from analysis import datafiles
from analysis.book.wording import plural
from analysis.claims.indicators import indicator_labels, load_indicators
from analysis.tables import escape_md, format_period, format_value
from analysis.vocabulary import QUALIFIER_SIGN, short_claim_id, short_id

NOT_REPORTED = "not reported in this corpus"


# --- anchors -------------------------------------------------------------------------------------

def claim_anchor(claim_id: str) -> str:
    """Return the MyST label of a claim's entry in the register appendix."""
    return "claim-" + re.sub(r"[^a-z0-9-]", "-", str(claim_id).lower())


def source_anchor(doc_id: str) -> str:
    """Return the MyST label of an article's entry in the sources appendix."""
    return "source-" + re.sub(r"[^a-z0-9-]", "-", str(doc_id).lower())


#: A table cell lists at most this many links; the rest are counted ("and 12 more, see the register").
#: On a large corpus a cell with every link would not fit a PDF page (LaTeX: "Dimension too large").
MAX_LINKS_PER_CELL = 8
MAX_LINKS_PER_OUTLET = 4
MAX_OUTLETS_PER_CELL = 6


def links_capped(items: list[str], limit: int, noun: str = "entries", where: str = "the register") -> list[str]:
    """Return *items* cut to *limit*, with a last item counting the rest (see *where*)."""
    if len(items) <= limit:
        return list(items)
    return [*items[:limit], f"and {len(items) - limit} more {noun} (see {where})"]


def claim_link(claim_id: str) -> str:
    """Return a Markdown link to the claim's register entry (text: the claim's short id)."""
    return f"[{escape_md(short_claim_id(claim_id))}](#{claim_anchor(claim_id)})"


def source_link(doc_id: str, label: str | None = None) -> str:
    """Return a Markdown link to the article's entry in the sources appendix."""

    return f"[{escape_md(label or short_id(doc_id))}](#{source_anchor(doc_id)})"


# --- renderings ----------------------------------------------------------------------------------

def _sentence_key(text: str) -> str:
    return hashlib.sha256(" ".join(str(text).split()).encode()).hexdigest()[:16]


@lru_cache(maxsize=1)
def _renderings() -> dict[str, dict]:
    data = datafiles.load("renderings.yml")
    return {_sentence_key(item["ru"]): item for item in data.get("renderings", [])}


def rendering(text: str) -> str | None:
    """Return the English rendering written for the Russian sentence *text*, or None."""
    item = _renderings().get(_sentence_key(text))
    return " ".join(item["en"].split()) if item else None


def featured_sentences(corpus, track: str) -> list[str]:
    """Return the ids of the corpus sentences the analyst chose to feature for *track*
    (``feature`` in renderings.yml), in corpus order; empty when none of them is in this corpus."""
    chosen = {k for k, item in _renderings().items() if track in item.get("feature", ())}
    s = corpus.sentences
    return [sid for sid, text in zip(s["sentence_id"], s["text"]) if _sentence_key(text) in chosen]


def chapter_quotes(corpus, track: str, n: int = 6) -> pd.DataFrame:
    """Return the quotations a chapter shows: the featured sentences, else the track's key sentences."""
    ids = featured_sentences(corpus, track) or key_sentences(corpus, track, n)
    return quotes_table(corpus, ids[:n])


# --- claims ---------------------------------------------------------------------------------------

def _indicator_tracks() -> dict[str, str]:

    return {i["id"]: i.get("track") for i in load_indicators()}


#: Indicators the prose cites as one party's own figure, naming that party ("there is a roughly even
#: chance that the Kazakh ports reach their capacity target"): their facts, series and supporting links
#: use that subject's claims. Every other indicator uses only bilateral claims.
NAMED_SUBJECTS = {"port_capacity_growth": "Kazakhstan", "container_throughput_growth": "Kazakhstan"}


def fact_claims(corpus, indicators) -> pd.DataFrame:
    """The claims of *indicators* the book's prose, series and judgments may use: bilateral ones (they
    measure Kazakhstan–Azerbaijan relations), or those of the subject :data:`NAMED_SUBJECTS` names."""
    claims = corpus.claims
    if claims.empty:
        return claims
    indicators = [indicators] if isinstance(indicators, str) else list(indicators)
    rows = claims[claims["indicator"].isin(indicators)]
    named = rows["indicator"].map(NAMED_SUBJECTS)
    keep = (named.notna() & (rows["subject"] == named)) | (named.isna() & rows["claim_id"].isin(corpus.bilateral_claims["claim_id"]))
    return rows[keep]


def track_claims(corpus, track: str, *, bilateral: bool = False) -> pd.DataFrame:
    """Return the register's claims about *track* (by indicator, else by the claim's own track); with
    *bilateral*, only those a series or a judgment may use (:func:`fact_claims`)."""
    claims = corpus.claims
    if claims.empty:
        return claims
    ind_track = claims["indicator"].map(_indicator_tracks())
    mask = (ind_track == track) | (ind_track.isna() & (claims["track"] == track)) | (claims["track"] == track)
    rows = claims[mask]
    if bilateral:
        rows = rows[rows["claim_id"].isin(fact_claims(corpus, rows["indicator"].unique())["claim_id"])]
    return rows.reset_index(drop=True)


def claims_table(corpus, claims: pd.DataFrame) -> pd.DataFrame:
    """Return *claims* as a reader's table: figure, whose figure (its subject), what it measures, period,
    kind (actual, target, forecast), who, outlet, date, grade, link."""

    if claims.empty:
        return pd.DataFrame()
    labels = indicator_labels()
    grades = corpus.sources.set_index("claim_id")["grade"] if not corpus.sources.empty else pd.Series(dtype=str)
    return pd.DataFrame({
        "Figure": [QUALIFIER_SIGN.get(q, "") + format_value(v, u) for v, u, q in zip(claims["value"], claims["unit"], claims["qualifier"])],
        "Whose": claims["subject"].map(lambda s: s if isinstance(s, str) and s else "unclear"),
        "Measures": claims["indicator"].map(lambda i: labels.get(i, i)),
        "Period": [format_period(a, b) for a, b in zip(claims["period_start"], claims["period_end"])],
        "Kind": claims["kind"],
        "Said by": claims["speaker"].map(lambda s: s if isinstance(s, str) and s else "—"),
        "Outlet": claims["outlet"].map(lambda s: s if isinstance(s, str) and s else "unknown"),
        "Published": claims["published"].map(lambda s: s if isinstance(s, str) and s else "undated"),
        "Grade": claims["claim_id"].map(grades).fillna("—"),
        "Register": claims["claim_id"].map(claim_link),
    })


# --- quotations ----------------------------------------------------------------------------------

def quotes_table(corpus, sentence_ids) -> pd.DataFrame:
    """Return the sentences *sentence_ids* as quotations: Russian original, English rendering, source."""
    s = corpus.sentences.set_index("sentence_id")
    docs = corpus.documents.set_index("doc_id")
    rows = []
    for sid in dict.fromkeys(sentence_ids):
        if sid not in s.index:
            continue
        row = s.loc[sid]
        doc = docs.loc[row["doc_id"]]
        speaker = row.get("speaker")
        who = speaker if isinstance(speaker, str) and speaker else (doc["outlet"] if isinstance(doc["outlet"], str) else "unattributed")
        en = rendering(row["text"])
        rows.append({
            "sentence_id": sid,
            "ru": row["text"],
            "en": en if en else "(no English rendering written yet)",
            "who": who,
            "source": source_link(row["doc_id"], f"{_short(row['doc_id'])}, {doc['outlet'] if isinstance(doc['outlet'], str) else 'outlet unknown'}, {doc['published'] if isinstance(doc['published'], str) else 'undated'}"),
        })
    return pd.DataFrame(rows, columns=["sentence_id", "ru", "en", "who", "source"])


def _short(doc_id: str) -> str:

    return short_id(doc_id)


def quotes_markdown(quotes: pd.DataFrame) -> str:
    """Return quotations as Markdown blockquotes: Russian (escaped), English rendering, attribution link."""
    if quotes.empty:
        return "*No sentence of this corpus speaks to this point.*"
    parts = []
    for q in quotes.itertuples(index=False):
        parts.append(f"> {escape_md(q.ru)}\n>\n> *{escape_md(q.en)}*\n>\n> — {escape_md(q.who)} ({q.source})")
    return "\n\n".join(parts)


def key_sentences(corpus, track: str, n: int = 4) -> list[str]:
    """Return up to *n* sentence ids that carry the track's evidence: claim sentences first, then
    sentences tagged with the track that name a project or route, in corpus order."""
    claims = track_claims(corpus, track)
    chosen = list(dict.fromkeys(claims["sentence_id"])) if not claims.empty else []
    s = corpus.sentences
    tagged = s[s["tracks"].map(lambda t: track in t)]
    if len(chosen) < n and not tagged.empty:
        ents = corpus.entities
        with_project = set(ents.loc[ents["kind"] == "PROJECT", "sentence_id"]) if not ents.empty else set()
        ranked = sorted(tagged["sentence_id"], key=lambda sid: (sid not in with_project,))
        for sid in ranked:
            if sid not in chosen:
                chosen.append(sid)
            if len(chosen) >= n:
                break
    order = {sid: i for i, sid in enumerate(s["sentence_id"])}
    return sorted(chosen[:n], key=lambda sid: order.get(sid, 0))


# --- findings, gaps, watchlist -------------------------------------------------------------------

def track_findings(corpus, track: str) -> pd.DataFrame:
    """Return the consistency findings that involve a claim of *track* (warnings first)."""
    ids = set(track_claims(corpus, track)["claim_id"]) if not corpus.claims.empty else set()
    f = corpus.findings
    if f.empty or not ids:
        return f.iloc[0:0]
    return f[f["claim_ids"].map(lambda c: bool(ids & set(c)))].reset_index(drop=True)


def findings_table(findings: pd.DataFrame) -> pd.DataFrame:
    """Return findings as a reader's table: id and kind, what, values, assessment, claims (links)."""

    if findings.empty:
        return pd.DataFrame()
    labels = indicator_labels()
    return pd.DataFrame({
        "Finding": findings["finding_id"] + " · " + findings["kind"].str.replace("_", " "),
        "Measures": findings["indicator"].map(lambda i: labels.get(i, i)),
        "Figures": findings["values"],
        "Assessment": findings["assessment"],
        "Claims": findings["claim_ids"].map(lambda ids: ", ".join(links_capped([claim_link(c) for c in ids], MAX_LINKS_PER_CELL))),
    })


def track_watchlist(corpus, track: str) -> pd.DataFrame:
    """Return the watchlist rows of *track* as a reader's table (date to check, item, who, source)."""
    w = corpus.watchlist
    if w.empty:
        return pd.DataFrame()
    rows = w[w["track"].map(lambda t: track in str(t).split("; "))]
    if rows.empty:
        return pd.DataFrame()
    return pd.DataFrame({
        "Check on": rows["date_to_check"].map(lambda d: d if isinstance(d, str) and d else "no date"),
        "Item": rows["item"],
        "Note": rows["note"].map(lambda s: s if isinstance(s, str) else ""),
        "Stated by": rows["stated_by"].map(lambda s: s if isinstance(s, str) and s else "unattributed"),
        "Source": [claim_link(c) if isinstance(c, str) and c else source_link(d) for c, d in zip(rows["claim_id"], rows["doc_id"])],
    })


def track_gaps(corpus, track: str) -> list[str]:
    """Return plain-English statements of what the corpus does not establish for *track*."""
    claims = track_claims(corpus, track)
    sources = corpus.sources.set_index("claim_id") if not corpus.sources.empty else pd.DataFrame()
    s = corpus.sentences
    n_sent = int(s["tracks"].map(lambda t: track in t).sum())
    gaps = []
    if n_sent == 0:
        gaps.append(f"No sentence of the corpus is about the {track} track: nothing below can be assessed from it.")
        return gaps
    if claims.empty:
        gaps.append(f"The corpus gives no quantitative claim for the {track} track: its sentences are qualitative.")
        return gaps
    single = [c for c in claims["claim_id"] if c in sources.index and int(sources.loc[c, "n_sources"]) <= 1]
    if single:
        gaps.append(f"{single_count(len(single), len(claims))} (credibility at best 3).")
    gaps.extend(period_gaps(claims))
    actual = claims[claims["period_kind"] == "actual"]
    if actual.empty:
        gaps.append("No figure reports an outcome for a stated period: the track's numbers are plans, targets or undated.")
    return gaps


def single_count(n: int, total: int) -> str:
    """'1 of 3 figures rests on a single source', 'All 3 figures rest …' (the verb agrees with *n*).

    >>> single_count(1, 3), single_count(3, 3), single_count(1, 1)
    ('1 of 3 figures rests on a single source', 'All 3 figures rest on a single source', 'The one figure rests on a single source')
    """
    if total == 1:
        return "The one figure rests on a single source"
    head = ("Both figures" if total == 2 else f"All {total} figures") if n == total else f"{n} of {total} figures"
    return f"{head} {'rests' if n == 1 else 'rest'} on a single source"


def period_gaps(claims: pd.DataFrame) -> list[str]:
    """How many of *claims* have no period the text pins down (targets without a date included), said once.

    >>> rows = pd.DataFrame({"period_start": ["2028", None, None], "period_kind": ["target", "target", "unresolved"]})
    >>> period_gaps(rows)
    ['2 of 3 figures have no period the text pins down, among them 1 target without a date by which it should be met.']
    """
    no_period = claims["period_start"].isna()
    n = int(no_period.sum())
    if not n:
        return []
    targets = int((no_period & (claims["period_kind"] == "target")).sum())
    if n == len(claims):
        text = "No figure has a period the text pins down" if n > 1 else "The one figure has no period the text pins down"
    else:
        text = f"{n} of {len(claims)} figures {'has' if n == 1 else 'have'} no period the text pins down"
    if targets:
        text += (f", among them {plural(targets, 'target')} without a date by which "
                 f"{'it' if targets == 1 else 'they'} should be met")
    return [text + "."]


# --- facts for the prose -------------------------------------------------------------------------

def _best(claims: pd.DataFrame, kind: str | None = None) -> pd.Series | None:
    rows = claims if kind is None else claims[claims["period_kind"] == kind]
    if rows.empty:
        return None
    # the most recent period first, then the most recent publication, then the larger figure
    key = rows.assign(_p=rows["period_end"].fillna(""), _d=rows["published"].fillna(""))
    return key.sort_values(["_p", "_d", "value"], ascending=False, kind="stable").iloc[0]






# --- projects -------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def projects() -> tuple[dict, ...]:
    """Return the projects the chapters follow (key, canonical, track), from projects.yml."""
    data = datafiles.load("projects.yml")
    return tuple(data["projects"])


def project_sentences(corpus, canonical: str) -> list[str]:
    """Return the ids of the sentences that mention the project *canonical*, in corpus order."""
    ents = corpus.entities
    if ents.empty:
        return []
    return list(dict.fromkeys(ents.loc[ents["canonical"] == canonical, "sentence_id"]))


def project_targets(corpus, canonical: str) -> pd.DataFrame:
    """Return the watchlist's dated targets stated in sentences that mention *canonical*:
    columns project, date (ISO cut to precision), label."""
    ids = set(project_sentences(corpus, canonical))
    w = corpus.watchlist
    rows = w[w["sentence_id"].isin(ids) & w["date_to_check"].map(lambda d: isinstance(d, str) and bool(d))] if not w.empty else w
    return pd.DataFrame({
        "project": [canonical] * len(rows),
        "date": list(rows["date_to_check"]) if len(rows) else [],
        "label": list(rows["item"]) if len(rows) else [],
    })




# --- front matter ----------------------------------------------------------------------------------

def key_judgments() -> dict[str, list[str]]:
    """Return judgment → the register's indicator ids it rests on, in the key judgments' order
    (``analysis/data/editorial/key_judgments.yml``)."""
    return {j["judgment"]: list(j["indicators"]) for j in datafiles.load("key_judgments.yml")["judgments"]}


def support_links(corpus, indicators, kinds=None) -> str:
    """Return Markdown links to the register entries behind *indicators* — those a judgment may rest
    on (:func:`fact_claims`), optionally only claims whose period_kind is in *kinds* — labelled with
    outlet and grade; a plain note when there are none."""
    rows = fact_claims(corpus, indicators)
    if rows.empty:
        return "*no register entry in this corpus*"
    if kinds is not None:
        rows = rows[rows["period_kind"].isin(list(kinds))]
    if rows.empty:
        return "*no register entry in this corpus*"
    grades = corpus.sources.set_index("claim_id")["grade"] if not corpus.sources.empty else pd.Series(dtype=str)
    by_outlet: dict[str, list[str]] = {}
    for cid, outlet in zip(rows["claim_id"], rows["outlet"]):
        name = outlet if isinstance(outlet, str) and outlet else "unknown outlet"
        short = claim_link(cid)
        grade = grades.get(cid, "")
        by_outlet.setdefault(name, []).append(f"{short} {escape_md(grade)}".strip())
    parts = [f"{escape_md(name)} {', '.join(links_capped(links, MAX_LINKS_PER_OUTLET))}" for name, links in by_outlet.items()]
    return "; ".join(links_capped(parts, MAX_OUTLETS_PER_CELL, noun="outlets"))


