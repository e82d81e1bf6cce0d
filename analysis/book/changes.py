"""What changed since the assessed corpus: the analyst's to-do list when the corpus grows.

The book's prose was written against one corpus, the seeds (``assessed_corpus.yml``). A snapshot of
that corpus, ``analysis/data/editorial/assessed_facts.json``, holds what the prose rests on: the
articles (file name and content hash), every glued fact as the prose shows it, the register's claims
(id and indicator) and the consistency findings. ``python -m analysis snapshot seeds`` writes it (:func:`write_snapshot`);
``tests/book/test_changes.py`` fails when it no longer matches the seeds.

Given a corpus and the snapshot, the functions below return what the analyst must revisit: articles
added and removed (:func:`article_changes`), glued facts whose value changed (:func:`fact_changes`), and
per key judgment the new claims and findings on its indicators (:func:`judgment_changes`). On the
assessed corpus every table is empty.
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analysis import datafiles
from analysis.book.briefing import MAX_LINKS_PER_CELL, claim_link, key_judgments, links_capped
from analysis.book.facts import FACTS
from analysis.book.wording import plural
from analysis.cache import content_fingerprint
from analysis.claims.indicators import indicator_labels
from analysis.paths import EDITORIAL_DIR, REPO_ROOT
from analysis.pipeline import Corpus
from analysis.tables import escape_md
from analysis.vocabulary import short_claim_id

__all__ = ["SNAPSHOT", "article_changes", "fact_changes", "judgment_changes", "load_snapshot", "new_findings",
           "page_link", "report", "shown", "snapshot", "summary", "write_snapshot"]

#: The snapshot's file name in ``analysis/data/editorial/``.
SNAPSHOT = "assessed_facts.json"
BOOK = REPO_ROOT / "book"
#: ``{glue:text}`key``` or ``{glue:text}`key:.1f``` in a page's prose: the key and its format.
_GLUE = re.compile(r"\{glue:text\}`([A-Za-z0-9_]+)(?::([^`:]*))?`")
_LABEL = re.compile(r"^\(([\w-]+)\)=\s*$", re.M)

ARTICLE_COLUMNS = ["File", "Content hash", "Change"]
FACT_COLUMNS = ["Page", "Fact", "Assessed corpus", "Now"]
JUDGMENT_COLUMNS = ["Judgment", "Measures", "New claims", "New findings", "Claims gone"]


# --- the book's pages: label and how each fact is formatted in the prose ----------------------------

@lru_cache(maxsize=1)
def _pages() -> dict[str, dict]:
    """Return page → {'label', 'formats': key → format spec} read from ``book/*.ipynb``."""
    import nbformat  # here, not at the top: only the changes page reads the notebooks (0.1 s to import)

    out = {}
    for path in sorted(BOOK.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        prose = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
        label = _LABEL.search(prose)
        out[path.stem] = {
            "label": label.group(1) if label else path.stem.replace("_", "-"),
            "formats": {k: spec for k, spec in _GLUE.findall(prose) if spec},
        }
    return out


def shown(value, spec: str = "") -> str:
    """Return a fact's *value* as ``{glue:text}`` shows it with format *spec* ('' for none).

    >>> shown(12.0, ".1f"), shown(5), shown("more than $547M"), shown(None)
    ('12.0', '5', 'more than $547M', '—')
    """
    if value is None or (isinstance(value, float) and value != value):
        return "—"
    if isinstance(value, bool) or not spec:
        return str(value)
    try:
        return format(value, spec)
    except (TypeError, ValueError):
        return str(value)


def page_link(page: str) -> str:
    """Return a cross-reference to *page* (a notebook's name) by its label; the book shows its title.
    (A Markdown link ``[title](#corpus)`` is ambiguous to Sphinx: the label and the document share the name.)

    >>> page_link("key_judgments")
    '{ref}`key-judgments`'
    """
    label = _pages().get(page, {}).get("label", page.replace("_", "-"))
    return f"{{ref}}`{label}`"


# --- the snapshot --------------------------------------------------------------------------------

def _articles(corpus: Corpus) -> list[dict]:
    """The loaded articles: file name and the first 16 hex digits of the SHA-256 of the file's bytes."""
    out = []
    for name in sorted(corpus.documents["file"]):
        path = Path(corpus.path) / name
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16] if path.is_file() else ""
        out.append({"file": name, "sha256": digest})
    return out


def _facts(corpus: Corpus) -> list[dict]:
    """Every glued fact of every page: page, key and the value as that page's prose shows it."""
    pages = _pages()
    out = []
    for fact in FACTS:
        value = fact.value(corpus)
        for page in fact.pages:
            spec = pages.get(page, {}).get("formats", {}).get(fact.key, "")
            out.append({"page": page, "key": fact.key, "value": shown(value, spec)})
    return out


def _findings(corpus: Corpus) -> list[dict]:
    """The consistency findings: id, kind, indicator and the claims involved."""
    f = corpus.findings
    if f.empty:
        return []
    return [{"finding_id": str(r.finding_id), "kind": str(r.kind),
             "indicator": r.indicator if isinstance(r.indicator, str) else None,
             "claim_ids": [str(c) for c in r.claim_ids]} for r in f.itertuples(index=False)]


def snapshot(corpus: Corpus, name: str = "seeds") -> dict:
    """Return the snapshot of *corpus* (called *name*): its content fingerprint, articles, glued facts,
    claims (id and indicator) and consistency findings — the shape of ``assessed_facts.json``."""
    claims = corpus.claims
    return {
        "corpus": name,
        "content_fingerprint": content_fingerprint(corpus.path),
        "articles": _articles(corpus),
        "facts": _facts(corpus),
        "claims": [{"claim_id": str(c), "indicator": str(i)} for c, i in sorted(zip(claims["claim_id"], claims["indicator"]))]
        if not claims.empty else [],
        "findings": _findings(corpus),
    }


def write_snapshot(corpus: Corpus, name: str = "seeds", path: Path | None = None) -> Path:
    """Write :func:`snapshot` of *corpus* as JSON to *path* (default: the editorial snapshot); return the path."""
    path = EDITORIAL_DIR / SNAPSHOT if path is None else Path(path)
    data = datafiles.validate(SNAPSHOT, snapshot(corpus, name), path)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


def load_snapshot() -> dict:
    """Return the committed snapshot of the assessed corpus (``assessed_facts.json``), validated."""
    return datafiles.load(SNAPSHOT)


# --- what changed --------------------------------------------------------------------------------

def article_changes(corpus: Corpus, snap: dict) -> pd.DataFrame:
    """Return the articles added, removed or edited (same file name, other content) since *snap*:
    columns :data:`ARTICLE_COLUMNS`, removed first, then edited, then added, each by file name."""
    old = {a["file"]: a["sha256"] for a in snap["articles"]}
    new = {a["file"]: a["sha256"] for a in _articles(corpus)}
    rows = [(f, old[f], "removed") for f in sorted(old.keys() - new.keys())]
    rows += [(f, new[f], "edited") for f in sorted(old.keys() & new.keys()) if old[f] != new[f]]
    rows += [(f, new[f], "added") for f in sorted(new.keys() - old.keys())]
    return pd.DataFrame(rows, columns=ARTICLE_COLUMNS)


def fact_changes(corpus: Corpus, snap: dict) -> pd.DataFrame:
    """Return the glued facts whose value, as the prose shows it, differs from *snap*: one row per page
    and fact (columns :data:`FACT_COLUMNS`; the page is a ``{ref}`` to it), in the registry's order."""
    old = {(f["page"], f["key"]): f["value"] for f in snap["facts"]}
    rows = [(page_link(f["page"]), f["key"], old.get((f["page"], f["key"]), "—"), f["value"])
            for f in _facts(corpus) if old.get((f["page"], f["key"])) != f["value"]]
    return pd.DataFrame(rows, columns=FACT_COLUMNS)


def _finding_key(kind, indicator, claim_ids) -> tuple:
    """What identifies a finding across corpora (its id is only its rank in one run)."""
    return kind, indicator if isinstance(indicator, str) else None, tuple(sorted(claim_ids))


def new_findings(corpus: Corpus, snap: dict) -> pd.DataFrame:
    """Return the consistency findings of *corpus* that *snap* does not hold (same kind, indicator and
    claims), with the columns of ``corpus.findings``."""
    f = corpus.findings
    if f.empty:
        return f
    old = {_finding_key(x["kind"], x["indicator"], x["claim_ids"]) for x in snap["findings"]}
    keep = [_finding_key(k, i, c) not in old for k, i, c in zip(f["kind"], f["indicator"], f["claim_ids"])]
    return f[keep].reset_index(drop=True)


def _gone_by_indicator(corpus: Corpus, snap: dict) -> dict[str, list[str]]:
    """Return indicator → the claim ids of *snap* that *corpus* no longer holds."""
    now = set(corpus.claims["claim_id"]) if not corpus.claims.empty else set()
    out: dict[str, list[str]] = {}
    for c in snap["claims"]:
        if c["claim_id"] not in now:
            out.setdefault(c["indicator"], []).append(c["claim_id"])
    return out


def _gone_cell(ids: list[str]) -> str:
    """The short ids of claims that are gone, at most a cell's worth, the rest counted ('—' for none).

    >>> _gone_cell(["002-c001"]), _gone_cell([]), _gone_cell([f"c{i}" for i in range(10)])[-10:]
    ('002-c001', '—', 'and 2 more')
    """
    if not ids:
        return "—"
    rest = len(ids) - MAX_LINKS_PER_CELL
    return ", ".join(ids[:MAX_LINKS_PER_CELL]) + (f", and {rest} more" if rest > 0 else "")


def judgment_changes(corpus: Corpus, snap: dict) -> pd.DataFrame:
    """Return, per key judgment with something new or gone, the new claims (links to the register) and the new
    consistency findings on its indicators (:func:`briefing.key_judgments`), and the claims of the
    assessed corpus behind it that are gone (short ids: they have no register entry any more): columns
    :data:`JUDGMENT_COLUMNS`, in the key judgments' order."""
    claims, findings = corpus.claims, new_findings(corpus, snap)
    fresh = claims[~claims["claim_id"].isin({c["claim_id"] for c in snap["claims"]})] if not claims.empty else claims
    gone = _gone_by_indicator(corpus, snap)
    labels = indicator_labels()
    rows = []
    for judgment, indicators in key_judgments().items():
        ids = list(fresh.loc[fresh["indicator"].isin(indicators), "claim_id"]) if not fresh.empty else []
        on = findings[findings["indicator"].isin(indicators)] if not findings.empty else findings
        lost = sorted(c for i in indicators for c in gone.get(i, []))
        if not ids and on.empty and not lost:
            continue
        found = [f"{escape_md(r.finding_id)} {escape_md(str(r.kind).replace('_', ' '))}" for r in on.itertuples()]
        rows.append((judgment, ", ".join(labels.get(i, i) for i in indicators),
                     ", ".join(links_capped([claim_link(c) for c in ids], MAX_LINKS_PER_CELL)) or "—",
                     "; ".join(found) or "—",
                     _gone_cell([short_claim_id(c) for c in lost])))
    return pd.DataFrame(rows, columns=JUDGMENT_COLUMNS)


def report(corpus: Corpus, snap: dict) -> dict[str, object]:
    """Return everything the page shows, each computed once: 'articles', 'facts' and 'judgments'
    (:func:`article_changes`, :func:`fact_changes`, :func:`judgment_changes`) and the 'summary' sentence."""
    out: dict[str, object] = {"articles": article_changes(corpus, snap), "facts": fact_changes(corpus, snap),
                              "judgments": judgment_changes(corpus, snap)}
    out["summary"] = _sentence(out["articles"], out["facts"], out["judgments"])
    return out


def summary(corpus: Corpus, snap: dict) -> str:
    """Return one sentence (Markdown) saying what changed since the assessed corpus, or that nothing did."""
    return report(corpus, snap)["summary"]


def _sentence(articles: pd.DataFrame, facts: pd.DataFrame, judgments: pd.DataFrame) -> str:
    """The summary sentence of the three tables.

    >>> none = pd.DataFrame(columns=ARTICLE_COLUMNS)
    >>> _sentence(none, none, none)[:40]
    'The corpus now loaded is the one the pro'
    >>> _sentence(pd.DataFrame({"Change": ["added", "added", "removed"]}), none, none)
    'Since the assessed corpus, 2 articles added, 1 removed and 0 edited; 0 glued facts of the prose changed value and 0 key judgments have new or withdrawn evidence to weigh.'
    """
    if articles.empty and facts.empty and judgments.empty:
        return ("The corpus now loaded is the one the prose was written against: no article was added or "
                "removed, no glued fact changed and no key judgment has new or withdrawn evidence.")
    n = articles["Change"].value_counts()
    return (f"Since the assessed corpus, {plural(int(n.get('added', 0)), 'article')} added, "
            f"{int(n.get('removed', 0))} removed and {int(n.get('edited', 0))} edited; "
            f"{plural(len(facts), 'glued fact')} of the prose changed value and "
            f"{plural(len(judgments), 'key judgment has', 'key judgments have')} new or withdrawn "
            "evidence to weigh.")
