"""The bottom line on one page: for each line of the briefing (the relations as a whole, then the four
tracks), its key facts — the latest figure the register holds and the goal set for it, else the dated
commitment the watchlist holds — with their status, date, source, grade and the confidence they bear.

What a row may show is data (``analysis/data/editorial/bottom_line.yml``): the indicators that can be a
line's key fact, and the project whose commitment stands in when no figure does. Figures are those the
prose may use (:func:`analysis.book.briefing.fact_claims`: bilateral ones, or a named party's own).
Confidence follows the claim's grade (outlet reliability A–F × credibility 1–6) by the file's rules.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from analysis import datafiles
from analysis.book.briefing import _best, claim_link, fact_claims, project_targets, source_link
from analysis.claims.indicators import indicator_labels
from analysis.ingest.outlets import load_outlets
from analysis.tables import format_period, format_value
from analysis.vocabulary import QUALIFIER_SIGN

#: The table's columns, in order.
COLUMNS = ["Line", "Key fact", "Status", "Date", "Source", "Grade", "Confidence", "Register"]

#: Kinds of figure that state a goal rather than what happened.
GOAL_KINDS = ("target", "forecast")


@lru_cache(maxsize=1)
def _spec() -> dict:
    return datafiles.load("bottom_line.yml")


def confidence(grade: str | None) -> str:
    """The confidence a claim of *grade* ('B2': outlet reliability B, credibility 2) bears: the first rule
    of ``bottom_line.yml`` it meets, else 'low'; '—' without a grade.

    >>> confidence("B2"), confidence("B3"), confidence("C3"), confidence("B6"), confidence(None)
    ('high', 'moderate', 'moderate', 'low', '—')
    """
    if not isinstance(grade, str) or len(grade) < 2 or not grade[1:].isdigit():
        return "—"
    reliability, credibility = grade[0], int(grade[1:])
    for rule in _spec()["confidence"]:
        if reliability in rule["reliability"] and credibility <= int(rule["credibility_at_most"]):
            return str(rule["level"])
    return "low"


def _key_fact(r: pd.Series) -> str:
    """"Bilateral trade turnover: $547 M"; a named party's own figure says whose it is ("Port capacity
    growth (Aktau, Kuryk) — Kazakhstan: 50 %")."""
    label = indicator_labels().get(r["indicator"], r["indicator"])
    whose = r["subject"] if isinstance(r["subject"], str) and r["subject"] != "Kazakhstan–Azerbaijan" else None
    figure = QUALIFIER_SIGN.get(r["qualifier"], "") + format_value(r["value"], r["unit"])
    return f"{label}{f' — {whose}' if whose else ''}: {figure}"


def _claim_row(corpus, line: str, r: pd.Series, grades: pd.Series) -> dict:
    grade = grades.get(r["claim_id"])
    return {"Line": line, "Key fact": _key_fact(r), "Status": str(r["kind"]),
            "Date": format_period(r["period_start"], r["period_end"]).replace("unresolved", "no period given"),
            "Source": source_link(r["doc_id"], _source_label(r["outlet"], r["published"])),
            "Grade": grade if isinstance(grade, str) else "—", "Confidence": confidence(grade),
            "Register": claim_link(r["claim_id"])}


def _source_label(outlet, published) -> str:
    return f"{outlet if isinstance(outlet, str) and outlet else 'unknown outlet'}, " \
           f"{published if isinstance(published, str) and published else 'undated'}"


def _commitment_row(corpus, line: str, canonical: str) -> dict | None:
    """The project's nearest dated commitment from the watchlist (a statement, credibility at best 3)."""
    targets = project_targets(corpus, canonical)
    if targets.empty:
        return None
    first = targets.sort_values("date", kind="stable").iloc[0]
    w = corpus.watchlist
    item = w[(w["item"] == first["label"]) & (w["date_to_check"] == first["date"])].iloc[0]
    docs = corpus.documents.set_index("doc_id")
    doc = docs.loc[item["doc_id"]] if item["doc_id"] in docs.index else None
    outlet = doc["outlet"] if doc is not None else None
    outlets = load_outlets().set_index("outlet")["reliability"]
    reliability = outlets.get(outlet) if isinstance(outlet, str) else None
    grade = f"{reliability}3" if isinstance(reliability, str) else None
    return {"Line": line, "Key fact": str(first["label"]), "Status": "commitment", "Date": str(first["date"]),
            "Source": source_link(item["doc_id"], _source_label(outlet, item["published"])),
            "Grade": grade or "—", "Confidence": confidence(grade), "Register": "watchlist"}


def _line_rows(corpus, spec: dict, grades: pd.Series) -> list[dict]:
    """A line's rows: its latest reported figure and its nearest goal; else its project's commitment;
    else a row saying the corpus has neither."""
    claims = fact_claims(corpus, spec["indicators"])
    rows = []
    if not claims.empty:
        claims = claims.assign(period_kind=claims["kind"].where(~claims["kind"].isin(GOAL_KINDS), "goal"))
        for kind in ("actual", "goal"):
            best = _best(claims, kind)
            if best is not None:
                rows.append(_claim_row(corpus, spec["line"], best, grades))
    if not rows and spec.get("project"):
        commitment = _commitment_row(corpus, spec["line"], spec["project"])
        rows += [commitment] if commitment else []
    return rows or [{"Line": spec["line"], "Key fact": "no figure or dated commitment in this corpus",
                     "Status": "—", "Date": "—", "Source": "—", "Grade": "—", "Confidence": "—", "Register": "—"}]


def bottom_line(corpus) -> pd.DataFrame:
    """The bottom-line table (:data:`COLUMNS`): one or two rows per line of ``bottom_line.yml``."""
    grades = corpus.sources.set_index("claim_id")["grade"] if not corpus.sources.empty else pd.Series(dtype=str)
    rows = [row for spec in _spec()["rows"] for row in _line_rows(corpus, spec, grades)]
    return pd.DataFrame(rows, columns=COLUMNS)


def printed(table: pd.DataFrame) -> pd.DataFrame:
    """The bottom-line table as the book prints it (:data:`PRINTED`): "actual, 2025-01 – 2025-08",
    "C3 (moderate)"."""
    out = pd.DataFrame(index=table.index)
    out["Line"], out["Key fact"] = table["Line"], table["Key fact"]
    out["Status and date"] = [s if d in ("—", "") else f"{s}, {d}" for s, d in zip(table["Status"], table["Date"])]
    out["Source"] = table["Source"]
    out["Grade (confidence)"] = [g if c == "—" else f"{g} ({c})" for g, c in zip(table["Grade"], table["Confidence"])]
    out["Register"] = table["Register"]
    return out
