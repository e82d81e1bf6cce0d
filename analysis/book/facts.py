"""Declared facts: every number the book's prose cites through ``{glue:text}``, in one registry.

Each :class:`Fact` names its glue key written out in full, the function that computes it (with its
arguments), the text shown when the corpus does not report it, and the pages whose prose cites it.
A notebook glues only the facts of its own page (:func:`page_facts`); ``tests/book/test_facts.py``
fails on a ``{glue:text}`` key that is not registered here and on a registered key no page uses.
To find where a number of the prose comes from, ``grep`` its key: it appears once, below.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analysis.book.briefing import (
    NOT_REPORTED,
    _best,
    fact_claims,
    featured_sentences,
    project_targets,
    projects,
    track_claims,
)
from analysis.book.sourcing import (
    account,
    corroborated_figures,
    horizon,
    information_date,
    project_corroboration,
)
from analysis.book.topics import topic_account
from analysis.book.trade import story_facts, trade_story
from analysis.cache import corpus_key, stored
from analysis.evaluation import evaluate
from analysis.ingest.reading import cleaning_report
from analysis.paths import REPO_ROOT, cache_dir
from analysis.pipeline import Corpus, load
from analysis.tables import format_period, format_value
from analysis.vocabulary import QUALIFIER_PREFIX

NO_DATE = "no date given in this corpus"


@dataclass(frozen=True)
class Fact:
    """One number (or phrase) of the prose: ``compute(corpus, *args)``; None → ``fallback``."""

    key: str
    compute: Callable
    args: tuple = ()
    fallback: object = NOT_REPORTED
    pages: tuple[str, ...] = ()

    def value(self, corpus: Corpus):
        v = self.compute(corpus, *self.args)
        return self.fallback if v is None else v


# --- the corpus --------------------------------------------------------------------------------------

def corpus_facts(corpus: Corpus) -> dict[str, int]:
    """Return the corpus counts: files, loaded, skipped, duplicates, undated, outlets, sentences."""
    m = corpus.manifest
    docs = corpus.documents
    return {
        "n_files": len(m),
        "n_loaded": int((m["status"] == "loaded").sum()),
        "n_skipped": int((m["status"] == "skipped").sum()),
        "n_duplicate": int((m["status"] == "duplicate").sum()),
        "n_undated": int((docs["date_status"] != "ok").sum()),
        "n_outlets": int(docs["outlet"].dropna().nunique()),
        "n_sentences": len(corpus.sentences),
    }


def corpus_count(corpus: Corpus, key: str) -> int:
    """One of :func:`corpus_facts`."""
    return corpus_facts(corpus)[key]


def repairs(corpus: Corpus, kind: str | None = None, *, docs: bool = False) -> int:
    """Print-layout repairs of the cleaning step: all of them, one *kind*, or the articles repaired."""
    r = cleaning_report(corpus.documents)
    if not len(r):
        return 0
    if docs:
        return int(r["doc_id"].nunique())
    return len(r) if kind is None else int((r["kind"] == kind).sum())


# --- tracks ------------------------------------------------------------------------------------------

def _in_track(corpus: Corpus, track: str) -> pd.Series:
    return corpus.sentences["tracks"].map(lambda t: track in t)


def track_sentences(corpus: Corpus, track: str) -> int:
    """Sentences tagged with *track*."""
    return int(_in_track(corpus, track).sum())


def track_share(corpus: Corpus, track: str) -> float:
    """Share of the corpus's sentences tagged with *track*, in percent, one decimal."""
    s = corpus.sentences
    return round(100 * float(_in_track(corpus, track).mean()), 1) if len(s) else 0.0


def track_docs(corpus: Corpus, track: str) -> int:
    """Articles with at least one sentence tagged with *track*."""
    s = corpus.sentences
    return int(s.loc[_in_track(corpus, track), "doc_id"].nunique())


def track_claim_count(corpus: Corpus, track: str) -> int:
    """Claims of the register shown in the *track* chapter."""
    return len(track_claims(corpus, track))


# --- indicators --------------------------------------------------------------------------------------

def _indicator_rows(corpus: Corpus, indicator: str) -> pd.DataFrame:
    """The claims of *indicator* the prose may cite: bilateral, or of the subject the prose names."""
    return fact_claims(corpus, indicator)


def _headline_row(corpus: Corpus, indicator: str, kind: str | None = None) -> pd.Series | None:
    """The claim behind *indicator*'s headline ('actual', 'target' or None for any): the most recent
    period, then publication, then the larger figure."""
    rows = _indicator_rows(corpus, indicator)
    return _best(rows, kind) if len(rows) else None


def headline(corpus: Corpus, indicator: str, kind: str | None) -> str | None:
    """The headline figure of *indicator*, with its qualifier ("more than $547M")."""
    best = _headline_row(corpus, indicator, kind)
    if best is None:
        return None
    return QUALIFIER_PREFIX.get(best["qualifier"], "") + format_value(best["value"], best["unit"])


def headline_period(corpus: Corpus, indicator: str, kind: str | None) -> str | None:
    """The period of :func:`headline`'s figure."""
    best = _headline_row(corpus, indicator, kind)
    return None if best is None else format_period(best["period_start"], best["period_end"])


def headline_by(corpus: Corpus, indicator: str, kind: str | None) -> str | None:
    """Who states :func:`headline`'s figure: the speaker, else the outlet."""
    best = _headline_row(corpus, indicator, kind)
    if best is None:
        return None
    speaker = best["speaker"]
    return speaker if isinstance(speaker, str) and speaker else (best["outlet"] or "an unattributed source")


def indicator_docs(corpus: Corpus, indicator: str) -> int:
    """Articles reporting a figure of *indicator*."""
    rows = _indicator_rows(corpus, indicator)
    return int(rows["doc_id"].nunique()) if len(rows) else 0


def indicator_extreme(corpus: Corpus, indicator: str, end: str) -> str | None:
    """The smallest (*end* 'min') or largest ('max') figure of *indicator* in the headline's unit."""
    rows = _indicator_rows(corpus, indicator)
    best = _headline_row(corpus, indicator)
    if best is None:
        return None
    same = rows[rows["unit"] == best["unit"]]["value"]
    return format_value(same.min() if end == "min" else same.max(), best["unit"])


# --- projects, events, findings, sources ------------------------------------------------------------

def project_target(corpus: Corpus, key: str) -> str | None:
    """The earliest dated target stated about the project *key* of projects.yml."""
    canonical = next(p["canonical"] for p in projects() if p["key"] == key)
    targets = project_targets(corpus, canonical)
    return min(targets["date"]) if len(targets) else None


def event_count(corpus: Corpus, which: str) -> int:
    """Timeline events: 'all', 'resolved' (dated) or 'unresolved'."""
    tl = corpus.timeline
    resolved = int(tl["resolved"].sum()) if len(tl) else 0
    return {"all": len(tl), "resolved": resolved, "unresolved": len(tl) - resolved}[which]


def actor_event_date(corpus: Corpus, actor: str, kind: str) -> str | None:
    """The date of the earliest dated timeline event of *kind* ('launch') whose actors include *actor*
    (a gazetteer canonical name), as the timeline gives it ('2024'); None when there is none."""
    tl = corpus.timeline
    if tl.empty:
        return None
    rows = tl[(tl["kind"] == kind) & tl["actors"].map(lambda a: isinstance(a, (tuple, list)) and actor in a)]
    dates = [d for d in rows["date"] if isinstance(d, str) and d]
    return min(dates) if dates else None


def watch_statement(corpus: Corpus, item_start: str) -> str | None:
    """The first watchlist item starting with *item_start*, with its date to check and note:
    'Supreme Interstate Council session (Azerbaijan): next session due — check in 2026 (derived: …)'."""
    w = corpus.watchlist
    if w.empty:
        return None
    rows = w[w["item"].map(lambda i: str(i).startswith(item_start))]
    if rows.empty:
        return None
    r = rows.iloc[0]
    date = r["date_to_check"] if isinstance(r["date_to_check"], str) and r["date_to_check"] else "no date given"
    note = f" ({r['note']})" if isinstance(r["note"], str) and r["note"] else ""
    return f"{r['item']} — check in {date}{note}"


def warning_count(corpus: Corpus) -> int:
    """Consistency findings of severity 'warning'."""
    f = corpus.findings
    return int((f["severity"] == "warning").sum()) if len(f) else 0


def claim_count(corpus: Corpus) -> int:
    """Claims in the register."""
    return len(corpus.claims)


def sourced_claims(corpus: Corpus, corroborated: bool) -> int:
    """Claims with one source only (*corroborated* False) or with two or more independent ones."""
    src = corpus.sources
    if not len(src):
        return 0
    return int((src["n_sources"] >= 2).sum()) if corroborated else int((src["n_sources"] <= 1).sum())


# --- the information date, the trade story, sourcing -------------------------------------------------

def trade_fact(corpus: Corpus, key: str) -> str | None:
    """One figure of the trade story (:func:`analysis.book.trade.story_facts`), None when not derivable."""
    return story_facts(trade_story(corpus)).get(key)


def featured_account(corpus: Corpus, track: str, what: str) -> str:
    """Who states the sentences featured for *track* and whether they are independent voices."""
    return account(corpus, featured_sentences(corpus, track), what)


# --- extraction quality on the development set ------------------------------------------------------

DEVSET = REPO_ROOT / "tests" / "data" / "devset"
HELDOUT = REPO_ROOT / "tests" / "data" / "heldout"


def scores_path(folder: Path) -> Path:
    """Where the scores on the annotated set *folder* are stored: beside its processed corpus, under the
    same key (the processing code, which :func:`analysis.evaluation.evaluate` is part of, and the corpus
    files), named by a digest of its annotations. A change to any of them is another path: nothing
    stale is read."""
    h = hashlib.sha256()
    for path in sorted((folder / "annotations").glob("*.yml")):
        h.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return cache_dir() / "corpus" / corpus_key(folder / "corpus") / f"scores-{h.hexdigest()[:16]}.pkl"


@lru_cache(maxsize=2)
def annotated_scores(folder: Path):
    """The scores of the extraction on the annotated set *folder* (:func:`analysis.evaluation.evaluate`),
    computed once and stored beside its processed corpus (:func:`scores_path`)."""
    # two pages report them (the method and what changed): computed by the first kernel, read by the other.
    # In this kernel, without a pool of workers: the build already runs a kernel on every core, and a
    # pool's fork server (the package and the models loaded again) only competes with them — the
    # development set's sentences took 2.2 s that way against 0.7 s here (models already loaded)
    return stored(scores_path(folder), lambda: evaluate(load(folder / "corpus", workers=1), folder)[0])


def devset_score(corpus: Corpus, measure: str, folder: Path = DEVSET) -> float | int | None:
    """A score of the extraction on the hand-annotated development set (``tests/data/devset``;
    ``bench/devset.py`` prints them all) or, with *folder*, on the blind held-out set: counts,
    precision/recall, per-field accuracy (two decimals)."""
    if not (folder / "corpus").is_dir() or not any((folder / "corpus").glob("*.txt")):
        return None
    s = annotated_scores(folder)
    if measure in ("docs", "gold", "system"):
        return getattr(s, measure)
    if measure in s.field_accuracy:
        return round(s.field_accuracy[measure] / s.matched, 2) if s.matched else 0.0
    return round(getattr(s, measure), 2)


# --- the registry ------------------------------------------------------------------------------------

KJ, OV = "key_judgments", "overview"

FACTS: tuple[Fact, ...] = (
    # the corpus
    Fact("n_files", corpus_count, ("n_files",), 0, ("corpus",)),
    Fact("n_loaded", corpus_count, ("n_loaded",), 0, ("corpus", KJ, "method")),
    Fact("n_skipped", corpus_count, ("n_skipped",), 0, ("corpus",)),
    Fact("n_duplicate", corpus_count, ("n_duplicate",), 0, ("corpus",)),
    Fact("n_undated", corpus_count, ("n_undated",), 0, ("corpus", KJ)),
    Fact("n_outlets", corpus_count, ("n_outlets",), 0, ("corpus", KJ)),
    Fact("n_sentences", corpus_count, ("n_sentences",), 0, ("corpus",)),
    Fact("repairs_total", repairs, (), 0, ("corpus",)),
    Fact("repairs_docs", lambda c: repairs(c, docs=True), (), 0, ("corpus",)),
    Fact("repairs_hyphenation", repairs, ("hyphenation",), 0, ("corpus",)),
    Fact("repairs_repeated_headline", repairs, ("repeated_headline",), 0, ("corpus",)),
    Fact("repairs_pull_quote", repairs, ("pull_quote",), 0, ("corpus",)),
    Fact("repairs_split_paragraph", repairs, ("split_paragraph",), 0, ("corpus",)),
    # tracks
    Fact("energy_sentences", track_sentences, ("energy",), 0, ("energy",)),
    Fact("energy_share", track_share, ("energy",), 0.0, ("energy",)),
    Fact("energy_docs", track_docs, ("energy",), 0, ("energy",)),
    Fact("transport_sentences", track_sentences, ("transport",), 0, ("transport",)),
    Fact("transport_share", track_share, ("transport",), 0.0, ("transport",)),
    Fact("transport_docs", track_docs, ("transport",), 0, ("transport",)),
    Fact("digital_sentences", track_sentences, ("digital",), 0, ("digital",)),
    Fact("digital_share", track_share, ("digital",), 0.0, ("digital",)),
    Fact("digital_docs", track_docs, ("digital",), 0, ("digital",)),
    Fact("digital_claims", track_claim_count, ("digital",), 0, ("digital",)),
    Fact("agriculture_sentences", track_sentences, ("agriculture",), 0, ("agriculture",)),
    Fact("agriculture_share", track_share, ("agriculture",), 0.0, ("agriculture",)),
    Fact("agriculture_docs", track_docs, ("agriculture",), 0, ("agriculture",)),
    # indicators
    Fact("trade_turnover_actual", headline, ("trade_turnover", "actual"), NOT_REPORTED, (OV,)),
    Fact("trade_turnover_actual_period", headline_period, ("trade_turnover", "actual"), NOT_REPORTED, (OV,)),
    Fact("trade_turnover_actual_by", headline_by, ("trade_turnover", "actual"), NOT_REPORTED, (OV,)),
    Fact("trade_turnover_target", headline, ("trade_turnover", "target"), NOT_REPORTED, (KJ, OV)),
    Fact("leader_meetings_actual", headline, ("leader_meetings", "actual"), NOT_REPORTED, (KJ,)),
    Fact("leader_meetings_actual_period", headline_period, ("leader_meetings", "actual"), NOT_REPORTED, (KJ,)),
    Fact("oil_transit_btc_docs", indicator_docs, ("oil_transit_btc",), 0, ("energy",)),
    Fact("oil_transit_btc_min", indicator_extreme, ("oil_transit_btc", "min"), NOT_REPORTED, ("energy", KJ)),
    Fact("oil_transit_btc_max", indicator_extreme, ("oil_transit_btc", "max"), NOT_REPORTED, ("energy", KJ)),
    Fact("port_capacity_growth_target", headline, ("port_capacity_growth", "target"), NOT_REPORTED,
         ("transport", KJ)),
    Fact("port_capacity_growth_target_period", headline_period, ("port_capacity_growth", "target"), NOT_REPORTED,
         ("transport", KJ)),
    Fact("grain_import_share_actual", headline, ("grain_import_share", "actual"), NOT_REPORTED,
         ("agriculture", KJ)),
    Fact("grain_import_share_actual_period", headline_period, ("grain_import_share", "actual"), NOT_REPORTED,
         ("agriculture", KJ)),
    Fact("kazakh_companies_actual", headline, ("kazakh_companies_in_azerbaijan", None), NOT_REPORTED, (OV,)),
    Fact("kazakh_companies_actual_by", headline_by, ("kazakh_companies_in_azerbaijan", None), "no source",
         (OV,)),
    # projects
    Fact("fibre_line_target", project_target, ("fibre_line",), NO_DATE, ("digital", KJ)),
    # events, findings, sources
    Fact("events", event_count, ("all",), 0, (OV,)),
    Fact("events_resolved", event_count, ("resolved",), 0, (OV,)),
    Fact("events_unresolved", event_count, ("unresolved",), 0, (OV,)),
    Fact("investment_fund_launch", actor_event_date, ("Kazakhstan-Azerbaijan Direct Investment Fund", "launch"),
         "no date in this corpus", (OV,)),
    Fact("council_watch", watch_statement, ("Supreme Interstate Council",),
         "no session of the Supreme Interstate Council is on this corpus's watchlist", (KJ, OV)),
    Fact("findings_warnings", warning_count, (), 0, (KJ,)),
    Fact("claims", claim_count, (), 0, (KJ,)),
    Fact("claims_single_source", sourced_claims, (False,), 0, (KJ,)),
    Fact("claims_corroborated", sourced_claims, (True,), 0, (KJ,)),
    # the information date and time frames counted from it
    Fact("information_as_of", information_date, (), "an unknown date", (KJ,)),
    Fact("horizon_year_end", horizon, (0,), NOT_REPORTED, (KJ, OV)),
    Fact("horizon_next_year", horizon, (1,), NOT_REPORTED, (KJ, "energy", "digital", "agriculture", "transport")),
    Fact("horizon_two_years", horizon, (2,), NOT_REPORTED, (KJ, "energy")),
    # the trade story
    Fact("trade_year", trade_fact, ("year",), NOT_REPORTED, (KJ, OV)),
    Fact("trade_year_total", trade_fact, ("year_total",), NOT_REPORTED, (KJ, OV)),
    Fact("trade_year_by", trade_fact, ("year_by",), NOT_REPORTED, (OV,)),
    Fact("trade_year_qualifier", trade_fact, ("year_qualifier",), NOT_REPORTED, (KJ, OV)),
    Fact("trade_part_span", trade_fact, ("part_span",), NOT_REPORTED, (KJ,)),
    Fact("trade_part_total", trade_fact, ("part_total",), NOT_REPORTED, (KJ,)),
    Fact("trade_compare", trade_fact, ("compare",), "not comparable with", (KJ, OV)),
    Fact("trade_annualised", trade_fact, ("annualised",), NOT_REPORTED, (KJ, OV)),
    Fact("trade_growth", trade_fact, ("growth",), NOT_REPORTED, (KJ, OV)),
    Fact("trade_target_share", trade_fact, ("target_share",), NOT_REPORTED, (OV,)),
    Fact("trade_rest_months", trade_fact, ("rest_months",), NOT_REPORTED, (OV,)),
    Fact("trade_part_rate", trade_fact, ("part_rate",), NOT_REPORTED, (OV,)),
    Fact("trade_target_needed_rate", trade_fact, ("target_needed_rate",), NOT_REPORTED, (OV,)),
    Fact("trade_multiplier", trade_fact, ("multiplier",), NOT_REPORTED, (OV,)),
    Fact("trade_multiplier_by", trade_fact, ("multiplier_by",), NOT_REPORTED, (OV,)),
    Fact("trade_implied_prior", trade_fact, ("implied_prior",), NOT_REPORTED, (OV,)),
    Fact("trade_implied_share", trade_fact, ("implied_share",), NOT_REPORTED, (OV,)),
    Fact("trade_even_share", trade_fact, ("even_share",), NOT_REPORTED, (OV,)),
    Fact("trade_rest_needed", trade_fact, ("rest_needed",), NOT_REPORTED, (OV,)),
    Fact("trade_rest_ratio", trade_fact, ("rest_ratio",), NOT_REPORTED, (OV,)),
    Fact("trade_even_growth", trade_fact, ("even_growth",), NOT_REPORTED, (OV,)),
    Fact("trade_undated_value", trade_fact, ("undated_value",), NOT_REPORTED, (OV, "energy")),
    Fact("trade_undated_doc", trade_fact, ("undated_doc",), NOT_REPORTED, (OV, "energy")),
    Fact("trade_undated_not", trade_fact, ("undated_not",), NOT_REPORTED, (OV,)),
    Fact("trade_undated_predates", trade_fact, ("undated_predates",), NOT_REPORTED, (OV, "energy")),
    # sourcing: who speaks, and whether the voices are independent
    Fact("fibre_line_account", project_corroboration,
         ("Trans-Caspian fibre-optic line", "the account of the fibre-optic line"), NOT_REPORTED, ("digital",)),
    Fact("grain_position_account", featured_account,
         ("agriculture", "the statement that Kazakhstan is Azerbaijan's main grain supplier"), NOT_REPORTED,
         ("agriculture",)),
    Fact("corroborated_figures", corroborated_figures, (), NOT_REPORTED, (KJ,)),
    # topics without a figure (topics.yml): who speaks of them, in their words — or that no one does
    Fact("uranium_account", topic_account, ("uranium",), NOT_REPORTED, ("energy",)),
    Fact("zangezur_account", topic_account, ("zangezur",), NOT_REPORTED, ("transport",)),
    Fact("grain_first_account", topic_account, ("grain_first",), NOT_REPORTED, (KJ, "agriculture")),
    # extraction quality, measured on the development set
    Fact("devset_articles", devset_score, ("docs",), 0, ("method",)),
    Fact("devset_figures", devset_score, ("gold",), 0, ("method",)),
    Fact("devset_value_precision", devset_score, ("value_precision",), 0.0, ("method",)),
    Fact("devset_value_recall", devset_score, ("value_recall",), 0.0, ("method",)),
    Fact("devset_bilateral", devset_score, ("bilateral",), 0.0, ("method",)),
    Fact("devset_subject", devset_score, ("subject",), 0.0, ("method",)),
    Fact("devset_indicator", devset_score, ("indicator",), 0.0, ("method",)),
    Fact("devset_period", devset_score, ("period",), 0.0, ("method",)),
    Fact("devset_kind", devset_score, ("kind",), 0.0, ("method",)),
    Fact("devset_full_tuple", devset_score, ("full_tuple_precision",), 0.0, ("method",)),
    # and on the blind held-out set, never used to tune the rules
    Fact("heldout_articles", devset_score, ("docs", HELDOUT), 0, ("method",)),
    Fact("heldout_figures", devset_score, ("gold", HELDOUT), 0, ("method",)),
    Fact("heldout_value_recall", devset_score, ("value_recall", HELDOUT), 0.0, ("method",)),
    Fact("heldout_subject", devset_score, ("subject", HELDOUT), 0.0, ("method",)),
    Fact("heldout_period", devset_score, ("period", HELDOUT), 0.0, ("method",)),
    Fact("heldout_full_tuple", devset_score, ("full_tuple_precision", HELDOUT), 0.0, ("method",)),
)

REGISTRY: dict[str, Fact] = {f.key: f for f in FACTS}


def page_facts(corpus: Corpus, page: str) -> dict[str, object]:
    """Return key → value of every fact the prose of *page* (a notebook's name) cites."""
    return {f.key: f.value(corpus) for f in FACTS if page in f.pages}
