"""Extraction measured against the hand-annotated development set (``tests/data/devset``).

The development set is real Russian news, paraphrased and annotated by hand with the full meaning of
every figure (value, unit, subject, bilateral, indicator, period, qualifier, kind) and the article's
dominant track (see ``tests/data/devset/README.md``). This module aligns the claims register of that
corpus with the annotations and scores it:

* **value precision / recall** — a system claim and a gold figure match when they are in the same
  sentence with the same unit and value (one to one, in order of appearance);
* **per-field accuracy** over the matched pairs, for each field of the tuple;
* **full-tuple precision** — system claims whose every field is right, over all system claims (a
  claim that matches no gold figure counts as wrong);
* **dominant-track accuracy** per article.

Fields the register does not produce yet are scored as wrong (never skipped), so the full-tuple
figure is what a reader of the book actually gets.

>>> same_value(547.6e6, 547600000.0), same_value(3.0, 3.2)
(True, False)
"""

from __future__ import annotations

import datetime as _dt
import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.claims.subjects import lexicon as subjects_lexicon
from analysis.paths import load_yaml
from analysis.pipeline import Corpus
from analysis.vocabulary import TRACKS

#: The fields of a figure's meaning, in the order the report prints them.
FIELDS = ("subject", "bilateral", "indicator", "period", "qualifier", "kind")

GOLD_COLUMNS = ["doc_id", "n", "text", "start", "value", "unit", "subject", "bilateral", "indicator",
                "period_start", "period_end", "qualifier", "kind"]


def _iso(v) -> str | None:
    """An annotation's date or period bound as an ISO string (YAML reads 2025-10-10 as a date, 2025 as int)."""
    if v is None:
        return None
    if isinstance(v, _dt.date):
        return v.isoformat()
    return str(v)


def same_value(a: float, b: float) -> bool:
    """Two figures are the same when they agree to one part in a million."""
    if a is None or b is None or (isinstance(a, float) and math.isnan(a)) or (isinstance(b, float) and math.isnan(b)):
        return False
    return math.isclose(float(a), float(b), rel_tol=1e-6, abs_tol=1e-9)


def _annotations(folder: Path) -> list[tuple[str, dict]]:
    out = []
    for path in sorted((folder / "annotations").glob("*.yml")):
        out.append((path.stem, load_yaml(path.read_text(encoding="utf-8")) or {}))
    return out


def load_gold(folder: str | Path, documents: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the gold figures (one row per annotated figure, located in ``documents.text``) and the
    gold articles (doc_id, dominant_track, published). A figure whose text cannot be found in its
    article in order is an error of the annotation, raised with the file and figure named."""
    folder = Path(folder)
    texts = dict(zip(documents["doc_id"], documents["text"]))
    rows, docs = [], []
    for doc_id, ann in _annotations(folder):
        if doc_id not in texts:
            raise ValueError(f"{doc_id}.yml: no loaded article {doc_id}.txt in {folder / 'corpus'}")
        docs.append({"doc_id": doc_id, "dominant_track": ann.get("dominant_track"),
                     "published": _iso(ann.get("published"))})
        text, pos = texts[doc_id], 0
        for n, c in enumerate(ann.get("claims") or []):
            at = text.find(str(c["text"]), pos)
            if at < 0:
                at = text.find(str(c["text"]))
            if at < 0:
                raise ValueError(f"{doc_id}.yml: figure {n} {c['text']!r} is not in the article")
            pos = at + 1
            rows.append({"doc_id": doc_id, "n": n, "text": str(c["text"]), "start": at,
                         "value": float(c["value"]), "unit": str(c["unit"]), "subject": c.get("subject"),
                         "bilateral": c.get("bilateral"), "indicator": c.get("indicator"),
                         "period_start": _iso(c.get("period_start")), "period_end": _iso(c.get("period_end")),
                         "qualifier": c.get("qualifier"), "kind": c.get("kind")})
    return pd.DataFrame(rows, columns=GOLD_COLUMNS), pd.DataFrame(docs, columns=["doc_id", "dominant_track", "published"])


def _sentence_of(sentences: pd.DataFrame) -> dict[str, list[tuple[int, int, str]]]:
    by_doc: dict[str, list[tuple[int, int, str]]] = {}
    for d, a, b, sid in zip(sentences["doc_id"], sentences["start"], sentences["end"], sentences["sentence_id"]):
        by_doc.setdefault(d, []).append((int(a), int(b), sid))
    return by_doc


def align(gold: pd.DataFrame, claims: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Return the gold figures with the ``claim_id`` of the system claim each matches (None if none):
    same sentence, same unit, same value; one to one, the earlier system claim first."""
    spans = _sentence_of(sentences)
    taken: set[str] = set()
    by_sentence: dict[str, list[dict]] = {}
    for c in claims.to_dict("records"):
        by_sentence.setdefault(c["sentence_id"], []).append(c)
    matched = []
    for g in gold.itertuples(index=False):
        sid = next((s for a, b, s in spans.get(g.doc_id, []) if a <= g.start < b), None)
        hit = next((c["claim_id"] for c in by_sentence.get(sid, [])
                    if c["claim_id"] not in taken and c["unit"] == g.unit and same_value(c["value"], g.value)), None)
        if hit is not None:
            taken.add(hit)
        matched.append(hit)
    return gold.assign(claim_id=matched)


def _system_fields(c: dict) -> dict:
    kind = c.get("kind") if isinstance(c.get("kind"), str) else c.get("period_kind")
    return {
        "subject": subject_key(c.get("subject")),
        "bilateral": c.get("bilateral") if isinstance(c.get("bilateral"), bool) else None,
        "indicator": c.get("indicator"),
        "period": (_iso(c.get("period_start")) if isinstance(c.get("period_start"), str) else None,
                   _iso(c.get("period_end")) if isinstance(c.get("period_end"), str) else None),
        "qualifier": c.get("qualifier"),
        "kind": kind,
    }


def subject_key(subject) -> frozenset | None:
    """A subject compared without the order of its parties ("Azerbaijan–Turkey" is "Turkey–Azerbaijan").

    >>> subject_key("Azerbaijan–Turkey") == subject_key("Turkey–Azerbaijan"), subject_key(None)
    (True, None)
    """
    return frozenset(str(subject).split("–")) if isinstance(subject, str) and subject else None


def subject_countries(subject: frozenset | None) -> frozenset | None:
    """The countries of a subject key, each named entity read as its country (``subjects.yml``
    ``entity_countries``: "Port of Aktau" is Kazakhstan's), anything else kept as it is — a coarser reading of
    the subject, reported beside it as a diagnostic: whose figure it is, at the level of countries, when the
    annotation names a finer party than the register does.

    >>> sorted(subject_countries(subject_key("Port of Aktau–Azerbaijan")))
    ['Azerbaijan', 'Kazakhstan']
    """
    if subject is None:
        return None
    homes = subjects_lexicon().entity_country
    return frozenset(homes.get(name, name) for name in subject)


def _str_or_none(v) -> str | None:
    return v if isinstance(v, str) and v else None


def _gold_fields(g) -> dict:
    return {"subject": subject_key(g.subject), "bilateral": g.bilateral, "indicator": g.indicator,
            "period": (_str_or_none(g.period_start), _str_or_none(g.period_end)), "qualifier": g.qualifier,
            "kind": g.kind}


def field_table(aligned: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    """Return one row per matched pair: doc_id, text, claim_id, and for each field gold, system, ok."""
    by_id = {c["claim_id"]: c for c in claims.to_dict("records")}
    rows = []
    for g in aligned.itertuples(index=False):
        if not isinstance(g.claim_id, str):
            continue
        gf, sf = _gold_fields(g), _system_fields(by_id[g.claim_id])
        row = {"doc_id": g.doc_id, "text": g.text, "claim_id": g.claim_id}
        for f in FIELDS:
            row[f"{f}_gold"], row[f"{f}_system"], row[f"{f}_ok"] = gf[f], sf[f], gf[f] == sf[f]
        row["all_ok"] = all(row[f"{f}_ok"] for f in FIELDS)
        row["subject_countries_ok"] = subject_countries(gf["subject"]) == subject_countries(sf["subject"])
        rows.append(row)
    return pd.DataFrame(rows)


#: An article is 'general' (trade, politics) when its general sentences outnumber its top track's this much.
GENERAL_RATIO = 3


def dominant_track(coverage: pd.DataFrame) -> dict[str, str]:
    """Return doc_id → what the article is about: the track with most sentences (ties in the book's
    order), or 'general' when it has no track sentence or its general sentences outnumber that
    track's :data:`GENERAL_RATIO` to one (a trade release with one sentence on oil is about trade).

    >>> dominant_track(pd.DataFrame([{"doc_id": "a", "energy": 1, "transport": 0, "digital": 0, "agriculture": 0, "general": 5},
    ...                              {"doc_id": "b", "energy": 0, "transport": 1, "digital": 2, "agriculture": 0, "general": 5}]))
    {'a': 'general', 'b': 'digital'}
    """
    out = {}
    for row in coverage.to_dict("records"):
        top = max(TRACKS, key=lambda t: (row.get(t, 0), -TRACKS.index(t)))
        n = row.get(top, 0)
        out[row["doc_id"]] = top if n and row.get("general", 0) <= GENERAL_RATIO * n else "general"
    return out


@dataclass(frozen=True)
class Scores:
    """What :func:`evaluate` measures (counts and ratios)."""

    gold: int
    system: int
    matched: int
    field_accuracy: dict
    full_tuple: int
    docs: int
    tracks_right: int
    #: matched figures whose subject names the right countries (:func:`subject_countries`; not in the full tuple)
    countries_right: int = 0

    @property
    def value_precision(self) -> float:
        return self.matched / self.system if self.system else 0.0

    @property
    def value_recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def full_tuple_precision(self) -> float:
        return self.full_tuple / self.system if self.system else 0.0

    @property
    def track_accuracy(self) -> float:
        return self.tracks_right / self.docs if self.docs else 0.0

    def report(self) -> str:
        """The scores as a Markdown table a maintainer reads in a terminal."""
        lines = ["| measure | value | counts |", "| --- | --- | --- |",
                 f"| value precision | {self.value_precision:.3f} | {self.matched}/{self.system} |",
                 f"| value recall | {self.value_recall:.3f} | {self.matched}/{self.gold} |"]
        for f in FIELDS:
            ok = self.field_accuracy[f]
            lines.append(f"| {f} accuracy (matched) | {ok / self.matched if self.matched else 0:.3f} | {ok}/{self.matched} |")
        lines.append(f"| subject, countries only (diagnostic, not in the full tuple) | "
                     f"{self.countries_right / self.matched if self.matched else 0:.3f} | {self.countries_right}/{self.matched} |")
        lines.append(f"| full-tuple precision | {self.full_tuple_precision:.3f} | {self.full_tuple}/{self.system} |")
        lines.append(f"| dominant track | {self.track_accuracy:.3f} | {self.tracks_right}/{self.docs} |")
        return "\n".join(lines)


def evaluate(corpus: Corpus, folder: str | Path) -> tuple[Scores, pd.DataFrame, pd.DataFrame]:
    """Score *corpus* (the development set's ``corpus/`` loaded) against the annotations in *folder*.
    Returns the scores, the per-pair field table and the gold figures with their matches."""
    gold, gold_docs = load_gold(folder, corpus.documents)
    claims = corpus.claims
    aligned = align(gold, claims, corpus.sentences)
    pairs = field_table(aligned, claims)
    dominant = dominant_track(corpus.coverage)
    right = sum(dominant.get(d) == t for d, t in zip(gold_docs["doc_id"], gold_docs["dominant_track"]))
    scores = Scores(
        gold=len(gold), system=len(claims), matched=int(aligned["claim_id"].map(lambda x: isinstance(x, str)).sum()),
        field_accuracy={f: int(pairs[f"{f}_ok"].sum()) if len(pairs) else 0 for f in FIELDS},
        full_tuple=int(pairs["all_ok"].sum()) if len(pairs) else 0,
        docs=len(gold_docs), tracks_right=int(right),
        countries_right=int(pairs["subject_countries_ok"].sum()) if len(pairs) else 0,
    )
    return scores, pairs, aligned
