"""The watchlist: dated targets and announced next steps an analyst can check later."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache

import pandas as pd

from analysis.events.cues import (
    WINDOW,
    _clean,
    _dist,
    _doc_meta,
    _entities_by_sentence,
    _events,
    _find_seq,
    _format_of,
    _gazetteer_hits,
    _indicator_labels,
    _located_places,
    _none_for_missing,
    _object_item,
    _plans,
    _project_tracks,
    _sentence_entities,
    _tok_span,
    _token_lemmas,
    _uniq,
    place_country,
)
from analysis.events.timeline import timeline
from analysis.nlp.dates import find_time_expressions, iso_bounds, needs_claim_anchor, parse_published, precision_of
from analysis.nlp.syntax import parse
from analysis.tables import format_value, records
from analysis.vocabulary import QUALIFIER_PREFIX

WATCHLIST_COLUMNS = [
    "item", "date_to_check", "date_precision", "note", "track", "stated_by", "doc_id", "sentence_id",
    "claim_id", "quote", "published", "source", "committed_by",
]

# --------------------------------------------------------------------------------------------
# watchlist
# --------------------------------------------------------------------------------------------


def _fmt_value(value, unit, qualifier) -> str:
    """The figure as stated, in the book's number style: 'up to $1 bn', '+50 %', '×3'."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        return ""
    if v != v:
        return ""
    q = QUALIFIER_PREFIX.get(qualifier if isinstance(qualifier, str) else "exact", "")
    try:
        text = format_value(v, unit)
    except Exception:  # the tables module is optional here
        text = f"{v:g} {unit or ''}".strip()
    if unit == "%":
        text = "+" + text  # a target in % is a change ("увеличить на 50%")
    return q + text


@lru_cache(maxsize=10_000)
def _places_in(text: str) -> tuple[str, ...]:
    """Cities, ports and seas named in *text* (countries would only repeat "bilateral").

    Cached (a tuple, never changed): every target claim asks for its sentence and the one before,
    and the gazetteer's hundreds of patterns are scanned over each."""
    located = _located_places()
    return _uniq(h["canonical"] for h in _gazetteer_hits(text, {"LOC"}) if h["canonical"] in located)


def _action(toks, lems) -> tuple[str, int] | None:
    """(label, token index) of the commitment cue: the first ``actions`` label the sentence names."""
    for label, words in _events().get("actions", {}).items():
        hits = sorted(i for w in words for i in _find_seq(toks, lems, [str(w)]))
        if hits:
            return str(label), hits[0]
    return None


def _track_text(tracks) -> str:
    if isinstance(tracks, (list, tuple)) and tracks:
        return "; ".join(str(t) for t in tracks)
    if isinstance(tracks, str) and tracks:
        return tracks
    return "general"




def _nearest_project(toks, projects: list[dict], anchor: tuple[int, int], window: int) -> dict | None:
    """The PROJECT entity nearest to the token span *anchor*, within *window* tokens (ties: earlier)."""
    best = None
    for p in projects:
        sp = _tok_span(toks, int(p["start"]), int(p["end"]))
        if sp is None:
            continue
        d = 0 if sp[0] <= anchor[1] and anchor[0] <= sp[1] else min(abs(sp[1] - anchor[0]), abs(sp[0] - anchor[1]))
        if d <= window and (best is None or d < best[0]):
            best = (d, p)
    return best[1] if best else None


def _endpoints(doc_rows: list[dict], canonical: str, by_sentence: dict | None) -> tuple[str, ...]:
    """The route's endpoints as one document states them: the located places after a connect cue
    ("соединит порты Актау и Алят", "между Актау и Баку") in a sentence of the document that names
    the project *canonical*. () when no sentence of the document says where it runs."""
    located = _located_places()
    connect = [str(x) for x in _events().get("connect_lemmas", [])]
    for r in doc_rows:
        if not any(p["canonical"] == canonical for p in _sentence_entities(r, by_sentence, {"PROJECT"})):
            continue
        toks, lems = _token_lemmas(r["text"], r.get("lemmas"))
        cue = min((i for w in connect for i in _find_seq(toks, lems, [w])), default=None)
        if cue is None:
            continue
        after = toks[cue][1]
        places = _uniq(x["canonical"] for x in sorted(_sentence_entities(r, by_sentence, {"LOC"}), key=lambda x: int(x["start"]))
                       if int(x["start"]) >= after and x["canonical"] in located)
        if len(places) >= 2:
            return places
    return ()


def _label_with_places(label: str, places: tuple[str, ...]) -> str:
    return label + (f" ({'–'.join(places)})" if places else "")


@dataclass
class _Watch:
    """What the sources of watch items read: the sentences by id and by document, the documents'
    metadata, the entities table (None: the gazetteer) and the lexicons' labels and tracks."""

    claims: pd.DataFrame | None
    meta: dict[str, dict]
    by_sentence: dict | None
    sent_by_id: dict[str, dict]
    doc_rows: dict[str, list[dict]]
    prev_of: dict[str, str]
    labels: dict[str, str]
    tracks_of: dict[str, str]
    window: int
    events: pd.DataFrame | None = None

    @cached_property
    def event_date_of(self) -> dict[str, str]:
        """Sentence id → the date of the first dated event (in the timeline's order) that the sentence
        reports: the timeline read once, not once per sentence :func:`_next_session` looks at (at 5,000
        generated articles, 1,026 readings of 6,052 events were 216 of the watchlist's 240 s)."""
        out: dict[str, str] = {}
        for r in self.events.to_dict("records") if self.events is not None and len(self.events) else []:
            if r.get("date"):
                for sid in set(r.get("reports") or ()):
                    out.setdefault(sid, r["date"])
        return out

    @cached_property
    def target_claims(self) -> list[dict]:
        """The claims whose period is a target, in table order."""
        if self.claims is None or not len(self.claims):
            return []
        return [c for c in self.claims.to_dict("records") if c.get("period_kind") == "target"]

    @cached_property
    def claimed(self) -> set:
        """Sentence ids of the target claims: their sentences are listed once, as claims."""
        return {c.get("sentence_id") for c in self.target_claims}

    def project_label(self, project: dict, doc_id) -> str:
        """The project's canonical name, with the route's endpoints when its document states them."""
        name = str(project["canonical"])
        return _label_with_places(name, _endpoints(self.doc_rows.get(str(doc_id), []), name, self.by_sentence))

    def project_track(self, project: dict | None) -> str | None:
        """The gazetteer track of the committed project (None: no project, or it has none)."""
        return self.tracks_of.get(str(project["canonical"])) if project is not None else None


def _watch(claims, sentences, documents, entities, window: int) -> _Watch:
    sent_by_id: dict[str, dict] = {}
    doc_rows: dict[str, list[dict]] = {}
    if sentences is not None and len(sentences):
        sent_by_id = {r["sentence_id"]: r for r in records(
            sentences, ["doc_id", "sentence_id", "text", "lemmas", "speaker", "tracks"])}
        for r in sent_by_id.values():
            doc_rows.setdefault(str(r["doc_id"]), []).append(r)
    prev_of: dict[str, str] = {}
    for rs in doc_rows.values():
        ids = [r["sentence_id"] for r in rs]
        prev_of.update({b: a for a, b in zip(ids, ids[1:])})
    return _Watch(claims, _doc_meta(documents), _entities_by_sentence(entities, frozenset({"PROJECT", "LOC"})),
                  sent_by_id, doc_rows, prev_of, _indicator_labels(), _project_tracks(), window)


# ------------------------------------------------------------------ items from target claims


@dataclass
class _Target:
    """One target claim, its sentence (None when the sentence table lacks it) and that sentence's tokens."""

    w: _Watch
    claim: dict
    sent: dict | None
    toks: tuple | None = None
    lems: list[str] | None = None
    project: dict | None = None


def _project_of_quote(t: _Target) -> dict | None:
    """The PROJECT the claim's quote names or touches (within 2 tokens), not any in the sentence."""
    c, sent, toks = t.claim, t.sent, t.toks
    qs, qe = _clean(c.get("quote_start")), _clean(c.get("quote_end"))
    if qs is None or qe is None:
        q = _clean(c.get("quote")) or ""
        qs = sent["text"].find(q) if q else -1
        qe = qs + len(q)
    anchor = _tok_span(toks, int(qs), int(qe)) if qs is not None and int(qs) >= 0 else None
    if anchor is None:
        return None
    return _nearest_project(toks, _sentence_entities(sent, t.w.by_sentence, {"PROJECT"}), anchor, 2)


def _label_of_indicator(t: _Target) -> str | None:
    """The indicator's English label. "довести товарооборот до 1 млрд долларов" → 'Bilateral trade turnover'."""
    ind = t.claim.get("indicator")
    return t.w.labels.get(ind) if isinstance(ind, str) else None


def _label_of_indicator_id(t: _Target) -> str | None:
    """An indicator without a label, its id made readable. "довести экспорт пшеницы" ('wheat_exports') → 'Wheat exports'."""
    ind = t.claim.get("indicator")
    return str(ind).replace("_", " ").capitalize() if isinstance(ind, str) and ind != "other" else None


def _label_of_project(t: _Target) -> str | None:
    """The project the quote names. "довести прокачку по трубопроводу Баку-Тбилиси-Джейхан" → 'Baku–Tbilisi–Ceyhan pipeline'."""
    return t.w.project_label(t.project, t.claim.get("doc_id")) if t.project is not None else None


def _label_of_object(t: _Target) -> str | None:
    """The first object the sentence names. "… пропускную способность портов …" → 'Port capacity'."""
    if t.sent is None:
        return None
    hit = _object_item(t.toks, t.lems)
    return hit[0] if hit else None


#: What a target claim's item is called: the first of these that gives a label (else
#: 'Target (see quote)'), then the sentence's places and the figure are added.
CLAIM_LABELS = (
    _label_of_indicator,
    _label_of_indicator_id,
    _label_of_project,
    _label_of_object,
)


def _claim_places(t: _Target, label: str) -> tuple[str, ...]:
    """The places of the claim's sentence (else of the sentence before it) the label does not name."""
    places: tuple[str, ...] = ()
    if t.sent is not None:
        places = _places_in(t.sent["text"])
        if not places and t.claim.get("sentence_id") in t.w.prev_of:
            places = _places_in(t.w.sent_by_id[t.w.prev_of[t.claim["sentence_id"]]]["text"])
    return tuple(p for p in places if p not in label)


def _claim_item(w: _Watch, c: dict) -> dict:
    """The watch item of one target claim."""
    t = _Target(w, c, w.sent_by_id.get(c.get("sentence_id")))
    if t.sent is not None:
        t.toks, t.lems = _token_lemmas(t.sent["text"], t.sent.get("lemmas"))
        t.project = _project_of_quote(t)
    label = next((label for rule in CLAIM_LABELS if (label := rule(t))), None) or "Target (see quote)"
    places = _claim_places(t, label)
    item = label + (f" ({', '.join(places)})" if places and "(" not in label else "")
    fig = _fmt_value(c.get("value"), c.get("unit"), c.get("qualifier"))
    item = f"{item}: {fig}" if fig else item
    date = _clean(c.get("period_end")) or _clean(c.get("period_start"))
    doc = w.meta.get(str(c.get("doc_id")), {})
    sent = t.sent
    track = w.project_track(t.project) or _clean(c.get("track")) \
        or (_track_text(sent.get("tracks")) if sent is not None else "general")
    return {
        "item": item, "date_to_check": date, "date_precision": precision_of(date),
        "note": "" if date else "no date given",
        "track": track,
        "stated_by": _clean(c.get("speaker")) or _clean(c.get("outlet")) or doc.get("outlet"),
        "doc_id": c.get("doc_id"), "sentence_id": c.get("sentence_id"), "claim_id": c.get("claim_id"),
        "quote": sent["text"] if sent is not None else _clean(c.get("quote")),
        "published": _clean(c.get("published")) or doc.get("published"), "source": "claim",
    }


# ------------------------------------------------------------- items from dated commitments


def _resolved_target(e, published, plans: bool) -> bool:
    """A resolved target date. "К 2028 году планируется увеличить …" → 2028."""
    return e.kind == "target" and e.resolved


def _after_publication(e, published, plans: bool) -> bool:
    """A date after publication. "предложил провести в 2026 году форум" (published 2025-12-15) → 2026."""
    b = iso_bounds(e.start_iso) if e.resolved else None
    return bool(b and published and b[0] > published)


def _plan_in_undated_document(e, published, plans: bool) -> bool:
    """A stated plan with a relative date an undated document cannot resolve.
    "в этом месяце планируется проведение очередного заседания комиссии" → kept, undated."""
    return plans and e.relative and not e.resolved and e.kind != "period"


#: Which time expression dates a commitment sentence: the first expression, in text order, that
#: any of these accepts (checked in this order).
COMMITMENT_DATES = (
    _resolved_target,
    _after_publication,
    _plan_in_undated_document,
)


def _main_verb_in_the_past(text: str) -> bool:
    """Is the sentence's main verb in the past ("прошли", "было получено")?"""
    tokens = parse(text)
    root = next((t for t in tokens if t.head < 0), None)
    if root is None:
        return False
    verbs = [root] + [t for t in tokens if t.head == root.i and t.pos == "AUX"]
    return any(v.feat("Tense") == "Past" for v in verbs)


def _commitment_date(exprs, published, plans: bool):
    for e in exprs:
        if any(rule(e, published, plans) for rule in COMMITMENT_DATES):
            return e
    return None


def _committed_project(w: _Watch, s: dict, toks, picked, act, obj) -> dict | None:
    """The PROJECT nearest the commitment cue (else the time expression), within the window; None
    when an object noun nearer the cue, and not part of its name, is what is committed
    ("Средний коридор важен, … предложили провести форум")."""
    anchor = (act[1], act[1]) if act else _tok_span(toks, picked.start, picked.end)
    project = _nearest_project(toks, _sentence_entities(s, w.by_sentence, {"PROJECT"}), anchor, w.window) \
        if anchor else None
    if project is not None and obj is not None:
        psp = _tok_span(toks, int(project["start"]), int(project["end"]))
        if psp and not psp[0] <= obj[1] <= psp[1] and _dist(obj[1], anchor) < min(
                _dist(psp[0], anchor), _dist(psp[1], anchor)):
            return None
    return project


def _commitment_item(w: _Watch, sid: str, s: dict) -> dict | None:
    """The watch item of a sentence that commits to something dated; None when it does not."""
    doc = w.meta.get(str(s["doc_id"]), {"published": None, "outlet": None})
    exprs = [e for e in find_time_expressions(s["text"], doc["published"]) if not needs_claim_anchor(e)]
    if not exprs:
        return None
    toks, lems = _token_lemmas(s["text"], s.get("lemmas"))
    plans = _plans(toks, lems)
    picked = _commitment_date(exprs, parse_published(doc["published"]), plans)
    if picked is None or (picked.relative and not plans and _main_verb_in_the_past(s["text"])):
        return None  # "В декабре в Актау прошли общественные слушания" (published in February): last December
    act = _action(toks, lems)
    obj = _object_item(toks, lems, act[1] if act else None)
    if obj is None and act is None:
        return None  # nothing concrete to watch ("в 2026 году" without an object or action)
    project = _committed_project(w, s, toks, picked, act, obj)
    if project is not None:
        item = w.project_label(project, s["doc_id"])
    elif obj is not None:
        fmt = _format_of(s["text"], toks, lems, obj[1])
        item = obj[0] + (f" {fmt}" if fmt else "")
    else:
        item = "Commitment"
    item += f": {act[0]}" if act else ""
    if plans and act is None:
        item += ": planned"
    date = picked.end_iso if picked.resolved else None
    note = "" if date else ("date unresolved (undated document)" if doc["published"] is None
                            else "date unresolved")
    return {
        "item": item, "date_to_check": date, "date_precision": picked.precision if date else None,
        "note": note, "track": w.project_track(project) or _track_text(s.get("tracks")),
        "stated_by": _clean(s.get("speaker")) or doc["outlet"],
        "doc_id": s["doc_id"], "sentence_id": sid, "claim_id": None, "quote": s["text"],
        "published": doc["published"], "source": "sentence",
    }


# ----------------------------------------------------------------------------- the watchlist


def _target_claims(w: _Watch) -> list[dict]:
    """Claims whose period is a target. "К 2028 году планируется увеличить пропускную способность портов на 50%"."""
    return [_claim_item(w, c) for c in w.target_claims]


def _commitment_sentences(w: _Watch) -> list[dict]:
    """Sentences without a target claim that commit to something with a target, future or planned date.
    "Фарид Шафиев предложил провести в 2026 году форум аналитических центров"."""
    rows = []
    for sid, s in w.sent_by_id.items():
        if sid not in w.claimed:
            row = _commitment_item(w, sid, s)
            if row is not None:
                rows.append(row)
    return rows


# ------------------------------------------------------- planned events and recurring sessions


def _future(date, published) -> bool:
    """Not a past item: no date, no publication date, or a date whose end is not before publication."""
    b = iso_bounds(date) if isinstance(date, str) and date else None
    pub = parse_published(published)
    return b is None or pub is None or b[1] >= pub


def _to_be(kind: str) -> str:
    """How a planned event of *kind* is phrased: its ``to_be`` in events.yml ('to be signed'), else 'to be held'."""
    return str(((_events().get("kinds") or {}).get(kind) or {}).get("to_be") or "to be held")


def _kind_title(kind: str) -> str:
    """How the watchlist names a planned event of *kind* that names no object: its ``watch_label`` in
    events.yml ('Project milestone'), else the kind ('Visit')."""
    return str(((_events().get("kinds") or {}).get(kind) or {}).get("watch_label") or str(kind).capitalize())


def _planned_events(w: _Watch) -> list[dict]:
    """Events of the timeline planned or proposed, and not dated before the article: "Главы государств примут
    участие в заседании Высшего межгосударственного совета" → the session, to be held. Who committed to it:
    its participants."""
    rows = []
    events = w.events.to_dict("records") if w.events is not None and len(w.events) else []
    held = {r["event_id"] for r in events if r.get("status") == "held"}
    for r in events:
        if r.get("status") not in {"planned", "proposed"} or not _future(r.get("date"), r.get("published")):
            continue
        if r.get("parent_event") in held:
            continue  # part of a visit under way: it happens during the visit, nothing to watch
        s = w.sent_by_id.get(r["sentence_id"]) or {}
        label = r["what"] if isinstance(r.get("what"), str) and r["what"] else _kind_title(r["kind"])
        rows.append({
            "item": f"{label}: {'proposed' if r['status'] == 'proposed' else _to_be(r['kind'])}",
            "date_to_check": r.get("date_end") or r.get("date"), "date_precision": r.get("date_precision"),
            "note": "" if r.get("date") else "no date given", "track": _track_text(s.get("tracks")),
            "stated_by": _clean(s.get("speaker")) or (w.meta.get(str(r["doc_id"])) or {}).get("outlet"),
            "doc_id": r["doc_id"], "sentence_id": r["sentence_id"], "claim_id": None, "quote": r["quote"],
            "published": r.get("published"), "source": "event",
        })
    return rows


def _recurring(w: _Watch) -> list[dict]:
    """Sessions a text says recur yearly with alternating hosts (``recurring`` of events.yml): the next one is
    due the year after the last, in the other country. "заседанию Высшего межгосударственного совета, в рамках
    которого главы двух стран поочередно раз в год посещают друг друга" (Astana, 2025) → the next session, in
    Azerbaijan, 2026: an indicator derived from the text, not stated in it."""
    rows = []
    for spec in _events().get("recurring") or ():
        for sid, s in w.sent_by_id.items():
            toks, lems = _token_lemmas(s["text"], s.get("lemmas"))
            if not all(any(_find_seq(toks, lems, [str(x) for x in seq]) for seq in spec[key])
                       for key in ("cues", "yearly", "alternate")):
                continue
            row = _next_session(w, spec, sid, s)
            if row is not None:
                rows.append(row)
    return rows


def _next_session(w: _Watch, spec: dict, sid: str, s: dict) -> dict | None:
    """The watch item of the session after the one sentence *s* tells of (see :func:`_recurring`)."""
    hosts = [str(h) for h in spec.get("hosts") or ()]
    doc = w.meta.get(str(s["doc_id"]), {"published": None, "outlet": None})
    places = [h["canonical"] for h in _gazetteer_hits(s["text"], {"LOC"})]
    host = next((c for c in (place_country().get(p, p) for p in places) if c in hosts), None)
    year = (w.event_date_of.get(str(s["sentence_id"])) or doc["published"] or "")[:4]
    if host is None or not year.isdigit() or len(hosts) != 2:
        return None
    nxt = hosts[1 - hosts.index(host)]
    return {
        "item": f"{spec['item']} ({nxt}): next session due", "date_to_check": str(int(year) + 1),
        "date_precision": "year", "note": f"derived: held yearly, hosts alternate (last: {host}, {year})",
        "track": _track_text(s.get("tracks")), "stated_by": _clean(s.get("speaker")) or doc["outlet"],
        "doc_id": s["doc_id"], "sentence_id": sid, "claim_id": None, "quote": s["text"],
        "published": doc["published"], "source": "rule", "committed_by": "; ".join(hosts),
    }


#: Where watch items come from, in the order they are listed before the sort by date (ties keep it).
WATCHLIST_SOURCES = (
    _target_claims,
    _commitment_sentences,
    _planned_events,
    _recurring,
)


def _committed_by(w: _Watch, rows: list[dict]) -> list[dict]:
    """Who committed to each item: the participants of the planned or proposed events of its sentence, else
    who stated it. An event item whose sentence already gives an item is that item (listed once)."""
    by_sentence: dict[str, list[str]] = {}
    proposed = set()
    for r in w.events.to_dict("records") if w.events is not None and len(w.events) else []:
        if r.get("status") in {"planned", "proposed"}:
            by_sentence.setdefault(str(r["sentence_id"]), []).extend(r.get("participants") or ())
        if r.get("status") == "proposed":
            proposed.add(str(r["sentence_id"]))
    told = {str(r["sentence_id"]) for r in rows if r["source"] in {"claim", "sentence"}}
    out = []
    for r in rows:
        if r["source"] == "event" and str(r["sentence_id"]) in told:
            continue
        if r["source"] == "sentence" and str(r["sentence_id"]) in proposed:
            r["item"] = r["item"].replace(": to be held", "").replace(": planned", "") + ": proposed"
        if not r.get("committed_by"):
            who = _uniq(by_sentence.get(str(r["sentence_id"])) or ())
            r["committed_by"] = "; ".join(who) if who else r.get("stated_by")
        out.append(r)
    return [r for r in out if _future(r.get("date_to_check"), r.get("published"))]


def watchlist(claims: pd.DataFrame, sentences: pd.DataFrame, documents: pd.DataFrame,
              entities: pd.DataFrame | None = None, window: int = WINDOW,
              events: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return every future-dated target or commitment (columns :data:`WATCHLIST_COLUMNS`).

    Two sources (:data:`WATCHLIST_SOURCES`): claims with ``period_kind == 'target'`` (``source='claim'``;
    ``date_to_check`` is the claim's period end, None with ``note='no date given'`` when the target has
    no date), and sentences without such a claim whose time expression is a target or lies after
    publication, or that state a plan ("планируется", "предложил провести") with a date that cannot be
    resolved (``source='sentence'``, :data:`COMMITMENT_DATES`); planned and proposed events of the
    timeline (*events*, else computed; ``source='event'``); and the next session of a body the text says
    meets yearly with alternating hosts (``source='rule'``, derived). Never a past item (an end date before
    publication). ``committed_by``: the participants of the planned event of the sentence, else who stated
    it. Sorted by ``date_to_check``, None last.

    What is committed: the gazetteer PROJECT nearest (within *window* word tokens) to the commitment
    cue ("завершение", "провести"; for a claim, its quote), else the object the sentence names.
    ``item`` is an English label built from templates: the project's canonical name with the route's
    endpoints when its document states them ('Trans-Caspian fibre-optic line (Aktau–Alyat):
    completion'), or the indicator label + figure (:data:`CLAIM_LABELS`), or the object + its format +
    the action ('Think-tank forum in the C6 format: to be held'). ``track`` is the committed project's
    gazetteer track, else the claim's (indicator) track, else the sentence's tracks joined by '; '.
    *entities* (the contract's entities table) is optional: without it projects and places come from
    the gazetteer.
    """
    w = _watch(claims, sentences, documents, entities, window)
    w.events = timeline(sentences, documents, entities) if events is None else events
    rows = _committed_by(w, [row for source in WATCHLIST_SOURCES for row in source(w)])
    if not rows:
        return pd.DataFrame(columns=WATCHLIST_COLUMNS)
    out = _none_for_missing(pd.DataFrame(rows), ["date_to_check", "date_precision", "stated_by", "claim_id",
                                                 "published", "quote"])
    out["_k"] = out["date_to_check"].isna()
    out = out.sort_values(["_k", "date_to_check", "doc_id", "sentence_id"], kind="stable", na_position="last")
    return out.drop(columns="_k").reset_index(drop=True)[WATCHLIST_COLUMNS]
