"""The timeline measured against the events of the hand-annotated development set (``tests/data/devset``).

Every annotation lists the events its article reports (``events:``: the trigger ``text`` as written,
``kind``, ``status``, ``date``, ``place``, ``participants``; see ``tests/data/devset/README.md``).
This module aligns them with the timeline table of the same corpus and scores it:

* **event precision / recall** — a timeline row and a gold event match when the row is in the sentence
  that holds the gold trigger and its kind is one the gold kind maps to (:data:`KIND_MAP`); one to one,
  each gold event taking the unmatched row whose trigger is nearest its own;
* **kind accuracy** — of the gold events that some row of their sentence was aligned with (a second
  pass that ignores the kind), the share whose kind agrees;
* **status, date, place and participants accuracy** over the matched pairs (a field the timeline does
  not give is wrong, never skipped).

The annotation has a finer inventory of kinds than the timeline; :data:`KIND_MAP` says which timeline
kinds stand for each annotated one. Gold events of kinds the timeline's lexicon (``events.yml``) does not
have (today: shipment, address, other) still count against recall, which is what a reader of the
chronology misses; ``recall_in_scope`` leaves them out, to show what the existing kinds catch.

>>> timeline_kinds("meeting")
('talks', 'meeting')
>>> system_date("2025-09-20", "2025-10-20", "period"), system_date("2025-10", "2025-10", "month")
('2025-09-20..2025-10-20', '2025-10')
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis import datafiles
from analysis.paths import load_yaml

#: Annotated kind → the timeline kinds that report it. The timeline's ``talks`` are the annotation's
#: bilateral meetings and talks ("встреча", "переговоры"); its ``meeting`` is any session, forum or round
#: table ("заседание", "форум", "круглый стол"), so a gold ``meeting`` may be either; a ratification is
#: reported under ``ratification`` (older timelines: ``agreement``, the document it ratifies); shipment and address keep their names, for
#: the day the lexicon has them; ``other`` is what the annotation has no kind for, of which the timeline
#: reports the milestones of infrastructure projects (``project``: built, laid, bought, halted).
KIND_MAP: dict[str, tuple[str, ...]] = {
    "visit": ("visit",),
    "summit": ("summit",),
    "talks": ("talks",),
    "meeting": ("talks", "meeting"),
    "council_session": ("meeting",),
    "forum": ("meeting",),
    "agreement": ("agreement",),
    "ratification": ("ratification", "agreement"),
    "launch": ("launch",),
    "shipment": ("shipment",),
    "address": ("address",),
    "other": ("project",),
}

#: The fields compared on a matched pair, in the order the report prints them.
FIELDS = ("status", "date", "place", "participants")

STATUSES = ("held", "planned", "proposed")

GOLD_COLUMNS = ["doc_id", "n", "text", "start", "sentence_id", "kind", "status", "date", "place", "participants"]


def timeline_kinds(gold_kind: str) -> tuple[str, ...]:
    """The timeline kinds that stand for annotated kind *gold_kind* (see :data:`KIND_MAP`)."""
    return KIND_MAP.get(str(gold_kind), ())


def lexicon_kinds() -> frozenset[str]:
    """The event kinds the timeline can produce: those of ``events.yml``, and 'series'."""
    return frozenset(datafiles.load("events.yml")["kinds"]) | {"series"}


def iso(v) -> str | None:
    """An annotation's date as an ISO string (YAML reads 2025-10-10 as a date and 2025 as an int).

    >>> iso(_dt.date(2025, 10, 10)), iso(2025), iso("2024-08"), iso(None)
    ('2025-10-10', '2025', '2024-08', None)
    """
    if v is None:
        return None
    if isinstance(v, _dt.date):
        return v.isoformat()
    return str(v)


def system_date(date, date_end, precision) -> str | None:
    """A timeline row's date as one string comparable with an annotated date: the date at its own cut,
    or ``start..end`` for a span (which no single annotated date equals); None when unresolved."""
    if not isinstance(date, str) or not date:
        return None
    if precision == "period":
        return f"{date}..{date_end if isinstance(date_end, str) else date}"
    return date


def system_status(row: dict) -> str:
    """The row's status: its ``status`` column when the timeline has one, else from ``planned``."""
    s = row.get("status")
    if isinstance(s, str) and s in STATUSES:
        return s
    return "planned" if bool(row.get("planned")) else "held"


def participants_key(xs) -> frozenset:
    """Participants compared as a set of names (order and repeats do not matter).

    >>> participants_key(("Ilham Aliyev", "Kassym-Jomart Tokayev")) == participants_key(["Kassym-Jomart Tokayev", "Ilham Aliyev"])
    True
    >>> participants_key(None), participants_key("Ilham Aliyev;SOCAR") == {"Ilham Aliyev", "SOCAR"}
    (frozenset(), True)
    """
    if xs is None or (isinstance(xs, float) and pd.isna(xs)):
        return frozenset()
    if isinstance(xs, str):
        xs = [x for x in xs.split(";") if x]
    return frozenset(str(x) for x in xs)


def _annotations(folder: Path) -> list[tuple[str, dict]]:
    return [(p.stem, load_yaml(p.read_text(encoding="utf-8")) or {})
            for p in sorted((folder / "annotations").glob("*.yml"))]


def sentence_at(spans: list[tuple[int, int, str]], pos: int) -> str | None:
    """The id of the sentence (start, end, id) holding character *pos* of its document, else None.

    >>> sentence_at([(0, 10, "s1"), (11, 30, "s2")], 12), sentence_at([(0, 10, "s1")], 40)
    ('s2', None)
    """
    return next((sid for a, b, sid in spans if a <= pos < b), None)


def _sentence_spans(sentences: pd.DataFrame) -> dict[str, list[tuple[int, int, str]]]:
    out: dict[str, list[tuple[int, int, str]]] = {}
    for d, a, b, sid in zip(sentences["doc_id"], sentences["start"], sentences["end"], sentences["sentence_id"]):
        out.setdefault(str(d), []).append((int(a), int(b), str(sid)))
    return out


def load_gold_events(folder: str | Path, documents: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Return one row per annotated event (columns :data:`GOLD_COLUMNS`), located in its article: the
    trigger's character ``start`` and the ``sentence_id`` that holds it. Triggers are searched in order
    of annotation (a repeated phrase is the next occurrence); a trigger not in its article is an error of
    the annotation, raised with the file and the event named."""
    folder = Path(folder)
    texts = dict(zip(documents["doc_id"].astype(str), documents["text"]))
    spans = _sentence_spans(sentences)
    rows = []
    for doc_id, ann in _annotations(folder):
        if doc_id not in texts:
            raise ValueError(f"{doc_id}.yml: no loaded article {doc_id}.txt in {folder / 'corpus'}")
        text, pos = texts[doc_id], 0
        for n, e in enumerate(ann.get("events") or []):
            trigger = str(e["text"])
            at = text.find(trigger, pos)
            at = text.find(trigger) if at < 0 else at
            if at < 0:
                raise ValueError(f"{doc_id}.yml: event {n} {trigger!r} is not in the article")
            pos = at + 1
            rows.append({"doc_id": doc_id, "n": n, "text": trigger, "start": at,
                         "sentence_id": sentence_at(spans.get(doc_id, []), at), "kind": str(e["kind"]),
                         "status": e.get("status"), "date": iso(e.get("date")), "place": e.get("place"),
                         "participants": participants_key(e.get("participants"))})
    return pd.DataFrame(rows, columns=GOLD_COLUMNS)


def trigger_positions(timeline: pd.DataFrame, sentences: pd.DataFrame) -> list[int | None]:
    """The character offset, in its document, of each timeline row's trigger (its ``trigger`` column:
    the k-th row with the same trigger in a sentence is its k-th occurrence there); the sentence start
    when the timeline gives no trigger or the trigger is not found; None for an unknown sentence."""
    starts = dict(zip(sentences["sentence_id"].astype(str), sentences["start"]))
    seen: dict[tuple[str, str], int] = {}
    out: list[int | None] = []
    triggers = timeline["trigger"] if "trigger" in timeline.columns else [None] * len(timeline)
    for sid, quote, trig in zip(timeline["sentence_id"], timeline["quote"], triggers):
        s0 = starts.get(str(sid))
        if s0 is None:
            out.append(None)
            continue
        at = -1
        if isinstance(trig, str) and trig and isinstance(quote, str):
            k = seen.get((str(sid), trig), 0)
            seen[(str(sid), trig)] = k + 1
            for _ in range(k + 1):
                at = quote.find(trig, at + 1)
                if at < 0:
                    break
        out.append(int(s0) + max(at, 0))
    return out


def align_events(gold: pd.DataFrame, timeline: pd.DataFrame, sentences: pd.DataFrame,
                 same_kind: bool = True, taken: set[int] | None = None) -> list[int | None]:
    """For each gold event, the positional index in *timeline* of the row it matches, or None.

    A row matches when it is in the gold trigger's sentence and (with *same_kind*) its kind is one the
    gold kind maps to; one to one, each gold event (in order) taking the free row whose trigger is
    nearest its own. Rows in *taken* are not free (and the rows matched here are added to it)."""
    taken = set() if taken is None else taken
    where = trigger_positions(timeline, sentences)
    by_sentence: dict[str, list[int]] = {}
    for k, sid in enumerate(timeline["sentence_id"]):
        by_sentence.setdefault(str(sid), []).append(k)
    kinds = list(timeline["kind"])
    out: list[int | None] = []
    for g in gold.itertuples(index=False):
        free = [k for k in by_sentence.get(str(g.sentence_id), []) if k not in taken
                and (not same_kind or kinds[k] in timeline_kinds(g.kind))]
        best = min(free, key=lambda k: (abs((where[k] or 0) - g.start), k), default=None)
        if best is not None:
            taken.add(best)
        out.append(best)
    return out


def _text(v) -> str | None:
    """A non-empty string, else None (pandas turns a missing annotation into NaN)."""
    return v if isinstance(v, str) and v else None


def field_table(gold: pd.DataFrame, timeline: pd.DataFrame, matches: list[int | None]) -> pd.DataFrame:
    """One row per matched pair: doc_id, text (the gold trigger), event_id, and per field of
    :data:`FIELDS` the gold value, the system value and whether they agree."""
    rows = []
    records = timeline.to_dict("records")
    for g, k in zip(gold.to_dict("records"), matches):
        if k is None:
            continue
        r = records[k]
        sys_f = {"status": system_status(r), "date": system_date(r.get("date"), r.get("date_end"), r.get("date_precision")),
                 "place": _text(r.get("place")),
                 "participants": participants_key(r.get("actors"))}
        gold_f = {"status": _text(g["status"]), "date": _text(g["date"]), "place": _text(g["place"]),
                  "participants": g["participants"]}
        row = {"doc_id": g["doc_id"], "text": g["text"], "kind": g["kind"], "event_id": r.get("event_id")}
        for f in FIELDS:
            row[f"{f}_gold"], row[f"{f}_system"], row[f"{f}_ok"] = gold_f[f], sys_f[f], gold_f[f] == sys_f[f]
        row["all_ok"] = all(row[f"{f}_ok"] for f in FIELDS)
        rows.append(row)
    cols = ["doc_id", "text", "kind", "event_id"] + [f"{f}_{x}" for f in FIELDS for x in ("gold", "system", "ok")]
    return pd.DataFrame(rows, columns=[*cols, "all_ok"])


@dataclass(frozen=True)
class EventScores:
    """What :func:`evaluate_events` measures (counts; the ratios are properties)."""

    gold: int
    in_scope: int
    system: int
    matched: int
    sentence_aligned: int
    field_right: dict
    all_right: int

    @property
    def precision(self) -> float:
        return self.matched / self.system if self.system else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def recall_in_scope(self) -> float:
        return self.matched / self.in_scope if self.in_scope else 0.0

    @property
    def kind_accuracy(self) -> float:
        return self.matched / self.sentence_aligned if self.sentence_aligned else 0.0

    def accuracy(self, f: str) -> float:
        return self.field_right[f] / self.matched if self.matched else 0.0

    def as_dict(self) -> dict[str, float]:
        """The ratios by name (what the regression test holds floors for)."""
        out = {"precision": self.precision, "recall": self.recall, "recall_in_scope": self.recall_in_scope,
               "kind": self.kind_accuracy}
        out.update({f: self.accuracy(f) for f in FIELDS})
        out["all_fields"] = self.all_right / self.matched if self.matched else 0.0
        return out

    def report(self) -> str:
        """The scores as a Markdown table a maintainer reads in a terminal."""
        lines = ["| measure | value | counts |", "| --- | --- | --- |",
                 f"| event precision | {self.precision:.3f} | {self.matched}/{self.system} |",
                 f"| event recall | {self.recall:.3f} | {self.matched}/{self.gold} |",
                 f"| event recall (kinds the timeline has) | {self.recall_in_scope:.3f} | {self.matched}/{self.in_scope} |",
                 f"| kind accuracy (sentence-aligned) | {self.kind_accuracy:.3f} | {self.matched}/{self.sentence_aligned} |"]
        for f in FIELDS:
            lines.append(f"| {f} accuracy (matched) | {self.accuracy(f):.3f} | {self.field_right[f]}/{self.matched} |")
        lines.append(f"| all fields right (matched) | {self.as_dict()['all_fields']:.3f} | {self.all_right}/{self.matched} |")
        return "\n".join(lines)


def evaluate_events(timeline: pd.DataFrame, documents: pd.DataFrame, sentences: pd.DataFrame,
                    folder: str | Path) -> tuple[EventScores, pd.DataFrame, pd.DataFrame]:
    """Score *timeline* (of the development set's corpus) against the annotations in *folder*.

    Returns the scores, the per-pair field table, and the gold events with ``row`` (the positional
    index of the matched timeline row, or None) and ``any_row`` (the row of their sentence aligned
    ignoring the kind, when no row of the right kind matched)."""
    gold = load_gold_events(folder, documents, sentences)
    timeline = timeline.reset_index(drop=True)
    taken: set[int] = set()
    strict = align_events(gold, timeline, sentences, same_kind=True, taken=taken)
    unmatched = gold[[m is None for m in strict]]
    loose = dict(zip(unmatched.index, align_events(unmatched, timeline, sentences, same_kind=False, taken=taken)))
    aligned = gold.assign(row=strict, any_row=[loose.get(i) for i in gold.index])
    pairs = field_table(gold, timeline, strict)
    matched = sum(m is not None for m in strict)
    scores = EventScores(
        gold=len(gold), in_scope=int(sum(bool(set(timeline_kinds(k)) & lexicon_kinds()) for k in gold["kind"])), system=len(timeline),
        matched=matched, sentence_aligned=matched + sum(v is not None for v in loose.values()),
        field_right={f: int(pairs[f"{f}_ok"].sum()) if len(pairs) else 0 for f in FIELDS},
        all_right=int(pairs["all_ok"].sum()) if len(pairs) else 0)
    return scores, pairs, aligned


def _future_sentences(folder: Path, documents: pd.DataFrame, sentences: pd.DataFrame) -> set[str]:
    """Sentence ids holding a genuine future item by the annotation: a planned or proposed event, or a
    figure annotated as a target."""
    gold = load_gold_events(folder, documents, sentences)
    out = {str(s) for s, st in zip(gold["sentence_id"], gold["status"]) if st in {"planned", "proposed"}}
    texts = dict(zip(documents["doc_id"].astype(str), documents["text"]))
    spans = _sentence_spans(sentences)
    for doc_id, ann in _annotations(Path(folder)):
        text, pos = texts.get(doc_id, ""), 0
        for c in ann.get("claims") or []:
            at = text.find(str(c.get("text")), pos)
            at = text.find(str(c.get("text"))) if at < 0 else at
            if at < 0:
                continue
            pos = at + 1
            if c.get("kind") in ("target", "forecast"):  # a forecast is as much a date to check as a goal
                out.add(str(sentence_at(spans.get(doc_id, []), at)))
    return out


def watchlist_precision(watchlist: pd.DataFrame, documents: pd.DataFrame, sentences: pd.DataFrame,
                        folder: str | Path) -> tuple[int, int, pd.DataFrame]:
    """(right, listed, the rows with ``right``): a watchlist row is right when its sentence holds a planned or
    proposed event or a target or forecast figure of the annotation. Derived rows (``source='rule'``: the next session of a
    recurring body) state nothing the annotation could hold and are left out of the count."""
    future = _future_sentences(Path(folder), documents, sentences)
    rows = watchlist[watchlist["source"] != "rule"].copy() if len(watchlist) else watchlist.copy()
    rows["right"] = [str(s) in future for s in rows["sentence_id"]]
    return int(rows["right"].sum()), len(rows), rows
