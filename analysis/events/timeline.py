"""The timeline: bilateral events (visits, summits, talks, meetings, agreements, launches) with date, place and actors."""

from __future__ import annotations

import pandas as pd

from analysis.events.cues import (
    WINDOW,
    _assign,
    _cue_first_lemmas,
    _cue_hits,
    _dist,
    _doc_meta,
    _entities_by_sentence,
    _events,
    _has_any,
    _is_span,
    _none_for_missing,
    _place,
    _sentence_entities,
    _tok_span,
    _token_lemmas,
    _uniq,
    _usable,
)
from analysis.nlp.dates import TimeExpr, find_time_expressions, iso_bounds, parse_published
from analysis.tables import records

TIMELINE_COLUMNS = [
    "event_id", "event_key", "kind", "date", "date_end", "date_precision", "resolved", "date_basis",
    "time_text", "planned", "place", "actors", "doc_id", "sentence_id", "quote", "published", "outlet",
]

#: Values of ``date_precision``: a point cut to a year/month/day, or 'period' — a span the event
#: (or series) lies somewhere inside, from ``date`` to ``date_end``. None when unresolved.
PRECISIONS = ("year", "month", "day", "period")


# --------------------------------------------------------------------------------------------
# timeline
# --------------------------------------------------------------------------------------------






def _first_sentences(sentences: pd.DataFrame) -> set[str]:
    if "start" in sentences.columns:
        order = sentences.sort_values(["doc_id", "start"], kind="stable")
    else:
        order = sentences
    return set(order.groupby("doc_id", sort=False)["sentence_id"].first())


def _planned(toks, lems, e: TimeExpr | None, published: str | None) -> bool:
    if _has_any(toks, lems, [str(x) for x in _events().get("planning_lemmas", [])]):
        return True
    if e is None:
        return False
    if e.kind == "target":
        return True
    pub = parse_published(published)
    b = iso_bounds(e.start_iso)
    return bool(pub and b and b[0] > pub)


def _series_marker(toks, lems, i: int) -> bool:
    """True when a repetition marker ("более десяти раз", "неоднократно") is near cue *i*."""
    spec = _events().get("series") or {}
    w = int(spec.get("window", 4))
    lo, hi = max(0, i - w), min(len(toks), i + w + 1)
    words = [(lems[j] if lems is not None else toks[j][2].lower()).replace("ё", "е") for j in range(len(toks))]
    adverbs = {str(a) for a in spec.get("adverbs", [])}
    counts = {str(c) for c in spec.get("count_words", [])}
    noun = str(spec.get("count_noun", "раз"))
    for j in range(lo, hi):
        if j == i:
            continue
        if words[j] in adverbs:
            return True
        if words[j] == noun and j > 0 and (words[j - 1] in counts or toks[j - 1][2].isdigit()):
            # "в три раза" is a multiplier, not a count of occurrences
            if not (j > 1 and words[j - 2] in {"в", "во"}):
                return True
    return False


def _umbrella(lems, toks, i: int) -> bool:
    word = lems[i] if lems is not None else toks[i][2].lower()
    return word.replace("ё", "е") in {str(x) for x in _events().get("umbrella_cues", [])}


def _may_name_events(sentences: pd.DataFrame) -> pd.DataFrame:
    """The sentences that may name an event: all but those whose ``lemmas`` hold no cue's first word.

    Most sentences of a corpus name no event; they are dropped before anything else is done with
    them (no tokenisation, no time expressions, not even conversion to records). Without lemmas
    (or with an empty tuple) a sentence is kept: the word-form fallback decides.
    """
    if "lemmas" not in sentences.columns:
        return sentences
    first = _cue_first_lemmas()
    keep = [i for i, given in enumerate(sentences["lemmas"])
            if not (isinstance(given, (list, tuple)) and given and not (first & set(given)))]
    return sentences.iloc[keep]


def timeline(sentences: pd.DataFrame, documents: pd.DataFrame, entities: pd.DataFrame | None = None,
             window: int = WINDOW) -> pd.DataFrame:
    """Return one row per reported dated event (columns :data:`TIMELINE_COLUMNS`).

    ``date``/``date_end`` are ISO strings; ``date_precision`` is 'year'|'month'|'day' for a point
    (both cut to it) or 'period' for a span the event lies somewhere inside (``date`` = span start,
    ``date_end`` = span end, each at its own cut, e.g. '2025-09-20' and '2025-10-20'); all three are
    None when the date is unresolved (``resolved=False``, e.g. a relative phrase in an undated
    document). ``kind`` is an event kind of ``events.yml`` or 'series' (repeated events over a span,
    not one event). ``actors`` is a tuple of canonical names; ``place`` a canonical name or None.
    Rows are sorted by date (unresolved last), then document and sentence.
    """
    meta = _doc_meta(documents)
    if sentences is None or len(sentences) == 0:
        return pd.DataFrame(columns=TIMELINE_COLUMNS)
    leads = _first_sentences(sentences)
    candidates = records(_may_name_events(sentences), ["doc_id", "sentence_id", "text", "lemmas"])
    by_sentence = _entities_by_sentence(
        entities, sentence_ids={r["sentence_id"] for r in candidates if isinstance(r["sentence_id"], str)})
    rows: list[dict] = []
    for row in candidates:
        text = row["text"]
        doc = meta.get(str(row["doc_id"]), {"published": None, "outlet": None})
        given = row.get("lemmas")
        toks, lems = _token_lemmas(text, given)
        cues = _cue_hits(toks, lems)
        if not cues:
            continue
        exprs = [(e, _tok_span(toks, e.start, e.end)) for e in find_time_expressions(text, doc["published"])]
        exprs = [(e, sp) for e, sp in exprs if sp is not None and _usable(e)]
        # each expression -> nearest cue of every kind within the window (a span: every cue within
        # the window, an interval holds several events); each cue keeps its nearest expression
        chosen: dict[tuple[str, int], tuple[int, TimeExpr]] = {}
        for e, sp in exprs:
            for kind in {k for k, _ in cues}:
                cand = [(_dist(i, sp), i) for k, i in cues if k == kind and _dist(i, sp) <= window]
                if not cand:
                    continue
                for d, i in (cand if _is_span(e) else [min(cand)]):
                    if (kind, i) not in chosen or d < chosen[(kind, i)][0]:
                        chosen[(kind, i)] = (d, e)
        basis = "text"
        if not chosen and row["sentence_id"] in leads:
            kind, i = cues[0]
            chosen[(kind, i)] = (0, None)
            basis = "publication"
        if not chosen:
            continue
        ents = _sentence_entities(row, by_sentence)
        assigned = _assign(ents, toks, [i for _, i in cues], text)
        # A span also dates the later undated cues of its kind that name their own place: the
        # enumerated events of the span ("и в Габале, на саммите ОТГ, и в Душанбе, на саммите СНГ").
        for (kind, i), (d, e) in sorted(chosen.items(), key=lambda kv: kv[0][1]):
            if not _is_span(e):
                continue
            for k, j in cues:
                if k != kind or j <= i:
                    continue
                if (k, j) in chosen:
                    break
                if _place(text, toks, assigned.get(j, []), j) is not None:
                    chosen[(k, j)] = (d, e)
        # A repeated-meeting verb whose span also dates the cues after it is their umbrella.
        absorbed = {(k, i) for (k, i), (_, e) in chosen.items()
                    if _is_span(e) and _umbrella(lems, toks, i) and not _series_marker(toks, lems, i)
                    and any(j > i and e2 is e for (_, j), (_, e2) in chosen.items())}
        producing = sorted(chosen, key=lambda kc: kc[1])
        emitting = [kc for kc in producing if kc not in absorbed]
        for (kind, i), (_, e) in sorted(chosen.items(), key=lambda kv: kv[0][1]):
            if (kind, i) in absorbed:
                continue
            # A dated cue also takes the entities of later undated cues of its kind up to the next
            # dated one ("визиты ..., где Токаев посетил Баку, Алиев посетил Астану").
            nxt = min([j for k, j in producing if k == kind and j > i], default=10**9)
            merged = [j for k, j in cues if k == kind and i < j < nxt and (k, j) not in chosen]
            own = assigned.get(i, []) + [x for j in merged for x in assigned.get(j, [])]
            people = [x for x in own if x["kind"] in {"PER", "ORG"}]
            if not any(x["kind"] == "PER" for x in people):
                # the people of the sentence, and the organisations no other dated cue holds
                others = [x for (k2, j2) in emitting if (k2, j2) != (kind, i) for x in assigned.get(j2, [])]
                people = [x for x in ents if x["kind"] == "PER"
                          or (x["kind"] == "ORG" and (any(x is y for y in own) or not any(x is y for y in others)))]
            place = _place(text, toks, own, i)
            if place is None and len(emitting) == 1:
                place = _place(text, toks, ents, i)
            if e is None:  # lead sentence dated by publication
                pub = doc["published"]
                date = date_end = pub
                prec = "day" if pub else None
                resolved, time_text = pub is not None, ""
            else:
                date, date_end, prec, resolved, time_text = e.start_iso, e.end_iso, e.precision, e.resolved, e.text
                if _is_span(e):
                    # never a point: the event lies somewhere between date and date_end
                    prec = "period" if e.resolved and e.start_iso and e.end_iso else None
                    if prec is None:
                        date = date_end = None
                        resolved = False
            if e is not None and _series_marker(toks, lems, i):
                kind = "series"  # "встречались более десяти раз": several events, not one
            rows.append({
                "kind": kind, "date": date, "date_end": date_end, "date_precision": prec,
                "resolved": bool(resolved), "date_basis": basis, "time_text": time_text,
                "planned": _planned(toks, lems, e, doc["published"]),
                "place": place, "actors": _uniq(x["canonical"] for x in people),
                "doc_id": row["doc_id"], "sentence_id": row["sentence_id"], "quote": text,
                "published": doc["published"], "outlet": doc["outlet"],
            })
    if not rows:
        return pd.DataFrame(columns=TIMELINE_COLUMNS)
    out = pd.DataFrame(rows)
    out = _none_for_missing(out, ["date", "date_end", "date_precision", "place", "published", "outlet"])
    # The key coarsens day dates to the month: "20 октября 2025" and "в октябре 2025 года" in two
    # reports of the same visit share a key; the rows (reports) stay separate.
    # A span keys on its whole extent: a report "within the last month" is not the same key as a
    # report of a dated day.
    out["event_key"] = [f"{k}|{_key_date(d, de, pr)}|{p or 'unknown place'}" for k, d, de, pr, p in
                        zip(out["kind"], out["date"], out["date_end"], out["date_precision"], out["place"])]
    out["_undated"] = out["date"].isna()
    out = out.sort_values(["_undated", "date", "doc_id", "sentence_id"], kind="stable", na_position="last")
    out = out.drop(columns="_undated").reset_index(drop=True)
    counters: dict[str, int] = {}
    ids = []
    for d in out["doc_id"]:
        counters[d] = counters.get(d, 0) + 1
        ids.append(f"{d}-e{counters[d]:03d}")
    out["event_id"] = ids
    return out[TIMELINE_COLUMNS]


def _key_date(date, date_end, precision) -> str:
    if not date:
        return "undated"
    if precision == "period":
        return f"{date[:7]}..{(date_end or date)[:7]}"
    return date[:7]


def event_extent(events: pd.DataFrame) -> pd.DataFrame:
    """Return, per timeline row, the calendar interval a figure must draw.

    Columns: ``event_id``, ``start`` and ``end`` (``pandas.Timestamp``, first and last day covered:
    a month-precision date covers the whole month, a period row its whole span), ``is_span`` (True
    when ``date_precision`` is 'period': draw a bar from start to end, never a point at ``date``)
    and ``is_point`` (True only for day precision). Unresolved rows get NaT and are False in both.
    """
    rows = []
    for r in events.to_dict("records") if events is not None and len(events) else []:
        a = iso_bounds(r.get("date")) if isinstance(r.get("date"), str) else None
        b = iso_bounds(r.get("date_end") or r.get("date")) if isinstance(r.get("date"), str) else None
        ok = a is not None and b is not None
        prec = r.get("date_precision")
        rows.append({"event_id": r.get("event_id"),
                     "start": pd.Timestamp(a[0]) if ok else pd.NaT, "end": pd.Timestamp(b[1]) if ok else pd.NaT,
                     "is_span": bool(ok and prec == "period"), "is_point": bool(ok and prec == "day")})
    out = pd.DataFrame(rows, columns=["event_id", "start", "end", "is_span", "is_point"])
    out["start"] = pd.to_datetime(out["start"])
    out["end"] = pd.to_datetime(out["end"])
    return out


