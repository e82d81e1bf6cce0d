"""Dated events (visits, summits, talks, agreements, launches, meetings) and the watchlist.

:func:`timeline` turns sentences into event reports: a sentence names an event kind (lexicon in
``analysis/data/events.yml``, matched on the sentence's ``lemmas``) and a time expression
(:mod:`analysis.dates`) close to it. :func:`watchlist` lists every future-dated target or
commitment, from target claims and from sentences with target time expressions.

Counts are of reports, not of events: the same visit told by three articles is three rows that
share one ``event_key`` (kind | date cut to the month | place), so the book can group them.

Spans are never points. A time expression that is an interval ("за последний месяц", "за последние
три года", "в январе–марте") says only that the event happened somewhere inside it, so a row it dates
has ``date_precision='period'``: ``date`` is the span start and ``date_end`` the span end, both ISO
strings at their own cut ('2025-09-20' … '2025-10-20', '2022-10' … '2025-10'); a figure must draw
the whole interval (see :func:`event_extent`), never a point at ``date``. A dated cue with a
repetition marker next to it ("за последние три года встречались более десяти раз", "в этом году
неоднократно встречались") reports a series of events, not one: its row has ``kind='series'`` and
the date of the whole span or year (the count itself is a claim, in the claims register).

Attachment rules (why an event gets a date, a place and actors):

* each time expression attaches, for every event kind, to the nearest cue of that kind within
  ``window`` word tokens (default 12); a cue keeps the nearest expression attached to it. A span
  attaches to EVERY cue within the window (one interval holds several events), and a later undated
  cue of the same kind that names its own place ("и в Габале, на саммите ОТГ, и в Душанбе, на
  саммите СНГ") is another event of the same span, not part of the first. A repeated-meeting verb
  ("встречались") whose span also dates the cues after it makes no row: those are its meetings. Vague
  expressions ("в последние годы") and claim-relative ones ("годом ранее") never date an event;
  unresolved relative ones (undated document) do, and the row is shown with ``resolved=False``;
* the first sentence of a document (its lead) with an event cue but no time expression is dated by
  the publication date (``date_basis='publication'``: news reports the event on or just after it);
* entities belong to the nearest event cue at or before them (an event noun governs what follows
  it: "визит президента X в Y"; entities before the first cue belong to it), except a place in
  apposition to the next cue ("в Габале, на саммите"), which belongs to that cue; a dated cue also
  takes the entities of the later undated cues of its kind ("визиты ..., где Токаев посетил Баку");
* actors are the PER/ORG entities of the cue; when none is a person, the people of the sentence
  and the organisations not held by another dated cue of the sentence;
* the place is the cue's LOC entity after a locative/directional preposition ("в Астане",
  "в Казахстан") or a visit verb ("посетил Баку"), nearest first; when the cue has none and it is
  the only dated cue of the sentence, the nearest such LOC of the sentence.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

from analysis.dates import (
    TimeExpr,
    find_time_expressions,
    iso_bounds,
    needs_claim_anchor,
    parse_published,
    precision_of,
)
from analysis.paths import DATA_DIR, load_yaml
from analysis.tables import records

__all__ = ["timeline", "watchlist", "event_extent", "TIMELINE_COLUMNS", "WATCHLIST_COLUMNS", "PRECISIONS"]

TIMELINE_COLUMNS = [
    "event_id", "event_key", "kind", "date", "date_end", "date_precision", "resolved", "date_basis",
    "time_text", "planned", "place", "actors", "doc_id", "sentence_id", "quote", "published", "outlet",
]
WATCHLIST_COLUMNS = [
    "item", "date_to_check", "date_precision", "note", "track", "stated_by", "doc_id", "sentence_id",
    "claim_id", "quote", "published", "source",
]

# A word token as analysis.nlp counts them for ``lemmas`` (punctuation dropped, "1,5" and
# "Касым-Жомарт" whole), so that token i and lemma i are the same word.
_WORD = re.compile(r"[^\W_]+(?:[-,.][^\W_]+)*")

#: Maximum distance, in word tokens, between an event cue and the time expression that dates it.
WINDOW = 12

#: Values of ``date_precision``: a point cut to a year/month/day, or 'period' — a span the event
#: (or series) lies somewhere inside, from ``date`` to ``date_end``. None when unresolved.
PRECISIONS = ("year", "month", "day", "period")


# --------------------------------------------------------------------------------------------
# Lexicons (read defensively: other helpers own the gazetteer and indicator files)
# --------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _events() -> dict:
    with open(DATA_DIR / "events.yml", encoding="utf-8") as fh:
        return load_yaml(fh)


def _gazetteer_entries() -> list:
    """The gazetteer's entries as analysis.nlp parsed them (read once per process)."""
    from analysis.nlp import gazetteer_file

    data = gazetteer_file()
    return data.get("entries", []) if isinstance(data, dict) else []


@lru_cache(maxsize=1)
def _gazetteer() -> tuple[tuple[str, str, tuple[re.Pattern, ...]], ...]:
    """Return (kind, canonical, compiled surface patterns) from ``gazetteer.yml``; () if absent.

    Layout (owned by analysis.nlp): ``entries:`` a list of mappings with ``canonical``, ``kind``,
    ``ru`` and ``patterns`` (case-sensitive regexes over the surface text) and, for people, a
    ``surname`` pattern. Patterns are wrapped so that parts of hyphenated words never match.
    Anything unreadable is skipped: this is only the fallback when no entities table is given.
    """
    out = []
    for entry in _gazetteer_entries():
        if not isinstance(entry, dict):
            continue
        canonical, kind = entry.get("canonical"), entry.get("kind")
        if not canonical or not kind:
            continue
        raw = entry.get("patterns") or []
        raw = [raw] if isinstance(raw, str) else list(raw)
        if isinstance(entry.get("surname"), str):
            raw.append(entry["surname"])
        if isinstance(entry.get("ru"), str) and not raw:
            raw.append(re.escape(entry["ru"]))
        compiled = []
        for pat in raw:
            try:
                compiled.append(re.compile(r"(?<![\w-])(?:" + str(pat) + r")(?![\w-])"))
            except re.error:
                continue
        if compiled:
            out.append((str(kind).upper(), str(canonical), tuple(compiled)))
    return tuple(out)


@lru_cache(maxsize=1)
def _project_tracks() -> dict[str, str]:
    """Canonical name → track of the gazetteer's PROJECT entries that carry a ``track``."""
    return {str(e["canonical"]): str(e["track"]) for e in _gazetteer_entries()
            if isinstance(e, dict) and e.get("kind") == "PROJECT" and e.get("canonical") and e.get("track")}


@lru_cache(maxsize=1)
def _located_places() -> frozenset[str]:
    """Canonical names of gazetteer places with coordinates (cities, ports, seas — not countries)."""
    return frozenset(str(e["canonical"]) for e in _gazetteer_entries()
                     if isinstance(e, dict) and e.get("kind") == "LOC" and e.get("canonical")
                     and e.get("lat") is not None and e.get("lon") is not None)


def _gazetteer_hits(text: str, kinds: set[str]) -> list[dict]:
    """Entities found in *text* by the gazetteer's patterns (a fallback when none are given)."""
    hits = []
    for kind, canonical, patterns in _gazetteer():
        if kind not in kinds:
            continue
        for rx in patterns:
            for m in rx.finditer(text):
                hits.append({"start": m.start(), "end": m.end(), "kind": kind, "canonical": canonical})
    hits.sort(key=lambda h: (h["start"], -(h["end"] - h["start"])))
    out, last_end = [], -1
    for h in hits:  # drop overlaps: the longest match at a position wins
        if h["start"] >= last_end:
            out.append(h)
            last_end = h["end"]
    return out


def _indicator_labels() -> dict[str, str]:
    """Indicator id → English label, without the catch-all 'other' (no label is better than that)."""
    from analysis.claims import indicator_labels

    return {k: v for k, v in indicator_labels().items() if k != "other"}


# --------------------------------------------------------------------------------------------
# Tokens and cues
# --------------------------------------------------------------------------------------------


@lru_cache(maxsize=100_000)
def _tokens(text: str) -> tuple[tuple[int, int, str], ...]:
    """Word tokens of *text* as (start, end, word), the tokenisation the sentence lemmas come from.

    The razdel tokens are analysis.nlp's own (cached there: the lemmas were made from them, often
    in this very process); the word filter is cached here because the timeline and the watchlist
    read the same sentences, and news repeats sentences. A tuple: it is shared, nobody changes it.
    """
    from analysis.nlp import tokens

    return tuple(t for t in tokens(text) if _WORD.fullmatch(t[2]))


def _token_lemmas(text: str, lemmas) -> tuple[tuple[tuple[int, int, str], ...], list[str] | None]:
    """Tokens of *text* and their lemmas when the sentence's ``lemmas`` align with them, else None."""
    toks = _tokens(text)
    if isinstance(lemmas, (list, tuple)) and len(lemmas) == len(toks) and len(toks) > 0:
        return toks, [str(x).lower() for x in lemmas]
    return toks, None


def _word_matches(lemma: str | None, word: str, cue: str) -> bool:
    if lemma is not None:
        return lemma == cue or lemma == cue.replace("ё", "е")
    # Fallback on word forms: the cue lemma minus its ending as a prefix.
    w = word.lower().replace("ё", "е")
    cue = cue.replace("ё", "е")
    stem = cue[:-2] if len(cue) >= 6 else cue[:-1] if len(cue) >= 4 else cue
    return w == cue or w.startswith(stem)


def _find_seq(toks, lems, seq) -> list[int]:
    """Token indices where the lemma sequence *seq* starts."""
    n = len(seq)
    if lems is not None:  # fast path: exact lemma comparison
        seq = [w.replace("ё", "е") for w in seq]
        if seq[0] not in lems:  # most cues are absent from most sentences: one scan in C says so
            return []
        return [i for i in range(len(lems) - n + 1) if lems[i] == seq[0] and list(lems[i:i + n]) == seq]
    hits = []
    for i in range(len(toks) - n + 1):
        if all(_word_matches(lems[i + j] if lems else None, toks[i + j][2], seq[j]) for j in range(n)):
            hits.append(i)
    return hits


def _has_any(toks, lems, words) -> bool:
    """Does the sentence contain any of the single *words*?"""
    if lems is not None:  # what _find_seq would find, without a scan per word
        return any(w.replace("ё", "е") in lems for w in words)
    return any(_find_seq(toks, lems, [w]) for w in words)


@lru_cache(maxsize=1)
def _cue_first_lemmas() -> frozenset[str]:
    return frozenset(str(cue[0]).replace("ё", "е") for spec in _events()["kinds"].values() for cue in spec["cues"])


@lru_cache(maxsize=1)
def _cue_lexicon() -> tuple[tuple[str, tuple[str, ...], tuple[tuple[str, ...], ...]], ...]:
    """(kind, required words, cue lemma sequences) per event kind of ``events.yml``, read once
    rather than per sentence. Words are written with е for ё, as :func:`_find_seq` and
    :func:`_word_matches` compare them anyway."""
    def fold(w) -> str:
        return str(w).replace("ё", "е")

    return tuple((kind, tuple(fold(r) for r in spec.get("requires") or ()),
                  tuple(tuple(fold(c) for c in cue) for cue in spec["cues"]))
                 for kind, spec in _events()["kinds"].items())


def _cue_hits(toks, lems) -> list[tuple[str, int]]:
    """(kind, token index) for every event cue occurrence in the sentence."""
    # With lemmas, a word absent from the sentence can neither be required nor start a cue: a set
    # test saves scanning for the dozens of cues a sentence does not contain.
    words = set(lems) if lems is not None else None
    hits = []
    for kind, req, cues in _cue_lexicon():
        if req and (words.isdisjoint(req) if words is not None else not _has_any(toks, lems, req)):
            continue
        seen = set()
        for cue in cues:
            if words is not None and cue[0] not in words:
                continue
            for i in _find_seq(toks, lems, cue):
                if i not in seen:
                    seen.add(i)
                    hits.append((kind, i))
    return sorted(hits, key=lambda h: h[1])


def _tok_span(toks, start: int, end: int) -> tuple[int, int] | None:
    idx = [i for i, (s, e, _) in enumerate(toks) if s < end and start < e]
    return (idx[0], idx[-1]) if idx else None


def _dist(i: int, span: tuple[int, int]) -> int:
    a, b = span
    return 0 if a <= i <= b else min(abs(i - a), abs(i - b))


def _is_span(e: TimeExpr | None) -> bool:
    """True for an interval the event lies somewhere inside ("за последний месяц", "с 2020 года")."""
    return e is not None and e.kind == "period"


def _usable(e: TimeExpr) -> bool:
    """May this expression date an event? Not when vague or anchored on a claim's own period."""
    if needs_claim_anchor(e):
        return False
    if not e.resolved and not e.relative:
        return False  # vague ("в последние годы", "в ближайшее время")
    return True


# --------------------------------------------------------------------------------------------
# Entities around a cue
# --------------------------------------------------------------------------------------------

_LOCATIVE = re.compile(r"(?:^|[\s«\"(])(?:в|во|на|из|посетил\w*|посети\w*|посещени\w*)\s*$", re.IGNORECASE)


def _sentence_entities(row, by_sentence: dict | None) -> list[dict]:
    if by_sentence is not None:
        return by_sentence.get(row["sentence_id"], [])
    return _gazetteer_hits(row["text"], {"PER", "LOC", "ORG"})


# A place in apposition to the event that follows it: "в Габале, на саммите ОТГ".
_APPOSITION = re.compile(r"\s*,\s*(?:на|в|во)\s+$", re.IGNORECASE)


def _assign(ents, toks, cue_idx: list[int], text: str = "") -> dict[int, list[dict]]:
    """Each entity goes to the nearest cue at or before it (Russian event nouns govern what follows:
    "визит президента X в Y"); entities before the first cue go to the first cue. A LOC followed by
    ", на|в <cue>" belongs to that cue ("в Габале, на саммите": the summit's place)."""
    out: dict[int, list[dict]] = {i: [] for i in cue_idx}
    if not cue_idx:
        return out
    cues = set(cue_idx)
    for ent in ents:
        span = _tok_span(toks, int(ent["start"]), int(ent["end"]))
        if span is None:
            continue
        nxt = span[1] + 2  # the cue after one preposition
        if (ent["kind"] == "LOC" and text and nxt in cues
                and _APPOSITION.fullmatch(text[int(ent["end"]):toks[nxt][0]])):
            out[nxt].append(ent)
            continue
        before = [i for i in cue_idx if i <= span[0]]
        out[max(before) if before else min(cue_idx)].append(ent)
    return out


def _uniq(xs) -> tuple[str, ...]:
    seen, out = set(), []
    for x in xs:
        if x and x not in seen:
            seen.add(x)
            out.append(x)
    return tuple(out)


def _place(text: str, toks, ents: list[dict], cue_i: int) -> str | None:
    locs = [e for e in ents if e["kind"] == "LOC" and _LOCATIVE.search(text[: int(e["start"])])]
    if not locs:
        return None
    best = min(locs, key=lambda e: (_dist(cue_i, _tok_span(toks, int(e["start"]), int(e["end"])) or (10**6, 10**6)),
                                    int(e["start"])))
    return str(best["canonical"])


# --------------------------------------------------------------------------------------------
# timeline
# --------------------------------------------------------------------------------------------


def _doc_meta(documents: pd.DataFrame) -> dict[str, dict]:
    meta = {}
    if documents is None or len(documents) == 0:
        return meta
    for r in records(documents, ["doc_id", "published", "outlet"]):
        pub = r.get("published")
        meta[str(r["doc_id"])] = {
            "published": pub if isinstance(pub, str) and pub else None,
            "outlet": r.get("outlet") if isinstance(r.get("outlet"), str) else None,
        }
    return meta


def _entities_by_sentence(entities: pd.DataFrame | None,
                          kinds: frozenset[str] = frozenset({"PER", "LOC", "ORG"}),
                          sentence_ids: set[str] | None = None) -> dict | None:
    """Sentence id → the entities of *kinds* in it, as {start, end, kind, canonical}; None without a table.

    With *sentence_ids*, only entities of those sentences are read (a table holds tens of
    thousands of entities; the timeline looks up the few sentences that name an event). An entity
    whose sentence id is not a string is always kept: its key is ``str()`` of it.
    """
    if entities is None:
        return None
    out: dict[str, list[dict]] = {}
    if len(entities) == 0 or "kind" not in entities.columns:
        return out
    keep = [i for i, kind in enumerate(entities["kind"]) if kind in kinds]
    if sentence_ids is not None and "sentence_id" in entities.columns:
        sids = entities["sentence_id"].tolist()
        keep = [i for i in keep if not isinstance(sids[i], str) or sids[i] in sentence_ids]
    for r in records(entities.iloc[keep], ["sentence_id", "start", "end", "kind", "canonical", "text"]):
        if r.get("kind") not in kinds:
            continue
        canonical = r.get("canonical") if isinstance(r.get("canonical"), str) and r.get("canonical") else r.get("text")
        out.setdefault(str(r["sentence_id"]), []).append(
            {"start": int(r["start"]), "end": int(r["end"]), "kind": r["kind"], "canonical": canonical})
    return out


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


# --------------------------------------------------------------------------------------------
# watchlist
# --------------------------------------------------------------------------------------------

_QUALIFIER = {"exact": "", "approx": "about ", "more_than": "more than ", "up_to": "up to "}


def _fmt_value(value, unit, qualifier) -> str:
    """The figure as stated, in the book's number style: 'up to $1 bn', '+50 %', '×3'."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        return ""
    if v != v:
        return ""
    q = _QUALIFIER.get(qualifier if isinstance(qualifier, str) else "exact", "")
    try:
        from analysis.tables import format_value

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


def _object_item(toks, lems, near: int | None = None) -> tuple[str, int] | None:
    """(English label, token index of its cue) of the first ``objects`` entry the sentence names;
    of its occurrences, the one nearest token *near* (the commitment cue) when given."""
    for spec in _events().get("objects", []):
        hits = _find_seq(toks, lems, [str(c) for c in spec["cue"]])
        if hits:
            where = _uniq(str(en) for lemma, en in (_events().get("object_places") or {}).items()
                          if _find_seq(toks, lems, [str(lemma)]))
            at = hits[0] if near is None else min(hits, key=lambda i: (abs(i - near), i))
            return str(spec["item"]) + (f" ({', '.join(where)})" if where else ""), at
    return None


def _none_for_missing(frame: pd.DataFrame, cols) -> pd.DataFrame:
    """Missing values as None (object columns), not NaN: the book prints them as 'unresolved'."""
    for c in cols:
        frame[c] = pd.Series([None if _clean(v) is None else v for v in frame[c]], index=frame.index, dtype=object)
    return frame


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


def _clean(v):
    """None for None/NaN/NA/'' scalars; anything else unchanged."""
    if v is None or isinstance(v, (list, tuple, dict, set)):
        return v
    if isinstance(v, str):
        return v if v.strip() else None
    try:
        return None if pd.isna(v) else v
    except (TypeError, ValueError):
        return v


def _hits_of(row, by_sentence: dict | None, kind: str) -> list[dict]:
    """Entities of one kind in a sentence: from the entities table when given, else the gazetteer."""
    if by_sentence is not None:
        return [x for x in by_sentence.get(row["sentence_id"], []) if x["kind"] == kind]
    return _gazetteer_hits(row["text"], {kind})


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
        if not any(p["canonical"] == canonical for p in _hits_of(r, by_sentence, "PROJECT")):
            continue
        toks, lems = _token_lemmas(r["text"], r.get("lemmas"))
        cue = min((i for w in connect for i in _find_seq(toks, lems, [w])), default=None)
        if cue is None:
            continue
        after = toks[cue][1]
        places = _uniq(x["canonical"] for x in sorted(_hits_of(r, by_sentence, "LOC"), key=lambda x: int(x["start"]))
                       if int(x["start"]) >= after and x["canonical"] in located)
        if len(places) >= 2:
            return places
    return ()


_CODE = re.compile(r"\s+([A-ZА-ЯЁ0-9+]*[A-ZА-ЯЁ][A-ZА-ЯЁ0-9+]*)(?![\w-])")


def _format_of(text: str, toks, lems, after: int) -> str | None:
    """The format named right after the object ("форум ... формата С6" → 'in the C6 format',
    "в формате онлайн" → '(online)'), or None. A code (capitals, digits: "С6", "C5+1") is rendered
    only when each of its letters is Latin or a Cyrillic look-alike of a Latin letter; nothing is
    guessed (the tokeniser splits "С6", so the code is read from the text)."""
    ev = _events()
    noun = str(ev.get("format_lemma", "формат"))
    for i in _find_seq(toks, lems, [noun]):
        if i < after or i - after > 6:
            continue
        if i + 1 < len(toks):
            nxt = lems[i + 1] if lems is not None else toks[i + 1][2].lower()
            eng = (ev.get("format_words") or {}).get(nxt)
            if eng:
                return f"({eng})"
        m = _CODE.match(text, toks[i][1])
        if m is None or not (any(ch.isdigit() for ch in m.group(1)) or len(m.group(1)) >= 2):
            continue
        glyphs = ev.get("homoglyphs") or {}
        out = []
        for ch in m.group(1):
            if ch.isascii():
                out.append(ch)
            elif ch in glyphs:
                out.append(str(glyphs[ch]))
            else:
                return None
        return f"in the {''.join(out)} format"
    return None


def _label_with_places(label: str, places: tuple[str, ...]) -> str:
    return label + (f" ({'–'.join(places)})" if places else "")


def watchlist(claims: pd.DataFrame, sentences: pd.DataFrame, documents: pd.DataFrame,
              entities: pd.DataFrame | None = None, window: int = WINDOW) -> pd.DataFrame:
    """Return every future-dated target or commitment (columns :data:`WATCHLIST_COLUMNS`).

    Two sources: claims with ``period_kind == 'target'`` (``source='claim'``; ``date_to_check`` is the
    claim's period end, None with ``note='no date given'`` when the target has no date), and
    sentences without such a claim whose time expression is a target or lies after publication, or
    that state a plan ("планируется", "предложил провести") with a date that cannot be resolved
    (``source='sentence'``). Sorted by ``date_to_check``, None last.

    What is committed: the gazetteer PROJECT nearest (within *window* word tokens) to the commitment
    cue ("завершение", "провести"; for a claim, its quote), else the object the sentence names.
    ``item`` is an English label built from templates: the project's canonical name with the route's
    endpoints when its document states them ('Trans-Caspian fibre-optic line (Aktau–Alyat):
    completion'), or the indicator label + figure, or the object + its format + the action ('Think-tank
    forum in the C6 format: to be held'). ``track`` is the committed project's gazetteer track, else
    the claim's (indicator) track, else the sentence's tracks joined by '; '. *entities* (the
    contract's entities table) is optional: without it projects and places come from the gazetteer.
    """
    meta = _doc_meta(documents)
    rows: list[dict] = []
    by_sentence = _entities_by_sentence(entities, frozenset({"PROJECT", "LOC"}))
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
    labels = _indicator_labels()
    tracks_of = _project_tracks()
    claimed_sentences: set[str] = set()

    def project_label(project: dict, doc_id) -> str:
        name = str(project["canonical"])
        return _label_with_places(name, _endpoints(doc_rows.get(str(doc_id), []), name, by_sentence))

    if claims is not None and len(claims):
        for c in claims.to_dict("records"):
            if c.get("period_kind") != "target":
                continue
            claimed_sentences.add(c.get("sentence_id"))
            sent = sent_by_id.get(c.get("sentence_id"))
            project = None
            if sent is not None:
                toks, lems = _token_lemmas(sent["text"], sent.get("lemmas"))
                qs, qe = _clean(c.get("quote_start")), _clean(c.get("quote_end"))
                if qs is None or qe is None:
                    q = _clean(c.get("quote")) or ""
                    qs = sent["text"].find(q) if q else -1
                    qe = qs + len(q)
                anchor = _tok_span(toks, int(qs), int(qe)) if qs is not None and int(qs) >= 0 else None
                if anchor is not None:
                    # a claim's project is the one its quote names (or touches), not any in the sentence
                    project = _nearest_project(toks, _hits_of(sent, by_sentence, "PROJECT"), anchor, 2)
            ind = c.get("indicator")
            label = labels.get(ind) if isinstance(ind, str) else None
            if not label:
                label = (str(ind).replace("_", " ").capitalize() if isinstance(ind, str) and ind != "other"
                         else None)
            if not label and project is not None:
                label = project_label(project, c.get("doc_id"))
            if not label and sent is not None:
                hit = _object_item(toks, lems)
                label = hit[0] if hit else None
            label = label or "Target (see quote)"
            places: tuple[str, ...] = ()
            if sent is not None:
                places = _places_in(sent["text"])
                if not places and c.get("sentence_id") in prev_of:
                    places = _places_in(sent_by_id[prev_of[c["sentence_id"]]]["text"])
            places = tuple(p for p in places if p not in label)
            item = label + (f" ({', '.join(places)})" if places and "(" not in label else "")
            fig = _fmt_value(c.get("value"), c.get("unit"), c.get("qualifier"))
            item = f"{item}: {fig}" if fig else item
            date = _clean(c.get("period_end")) or _clean(c.get("period_start"))
            pub = _clean(c.get("published")) or meta.get(str(c.get("doc_id")), {}).get("published")
            track = (tracks_of.get(str(project["canonical"])) if project is not None else None) \
                or _clean(c.get("track")) or (_track_text(sent.get("tracks")) if sent is not None else "general")
            rows.append({
                "item": item, "date_to_check": date, "date_precision": precision_of(date),
                "note": "" if date else "no date given",
                "track": track,
                "stated_by": _clean(c.get("speaker")) or _clean(c.get("outlet"))
                or meta.get(str(c.get("doc_id")), {}).get("outlet"),
                "doc_id": c.get("doc_id"), "sentence_id": c.get("sentence_id"), "claim_id": c.get("claim_id"),
                "quote": sent["text"] if sent is not None else _clean(c.get("quote")),
                "published": pub, "source": "claim",
            })

    planning = [str(x) for x in _events().get("planning_lemmas", [])]
    for sid, s in sent_by_id.items():
        if sid in claimed_sentences:
            continue
        doc = meta.get(str(s["doc_id"]), {"published": None, "outlet": None})
        exprs = [e for e in find_time_expressions(s["text"], doc["published"]) if not needs_claim_anchor(e)]
        if not exprs:
            continue
        pub = parse_published(doc["published"])
        toks, lems = _token_lemmas(s["text"], s.get("lemmas"))
        plans = _has_any(toks, lems, planning)
        picked = None
        for e in exprs:
            b = iso_bounds(e.start_iso) if e.resolved else None
            future = bool(b and pub and b[0] > pub)
            if e.kind == "target" and e.resolved:
                picked = e
            elif future:
                picked = e
            elif plans and e.relative and not e.resolved and e.kind != "period":
                picked = e  # "в этом месяце планируется ..." in an undated document
            if picked is not None:
                break
        if picked is None:
            continue
        act = _action(toks, lems)
        obj = _object_item(toks, lems, act[1] if act else None)
        if obj is None and act is None:
            continue  # nothing concrete to watch ("в 2026 году" without an object or action)
        # what is committed: the project nearest the commitment cue (else the time expression)
        anchor = (act[1], act[1]) if act else _tok_span(toks, picked.start, picked.end)
        project = _nearest_project(toks, _hits_of(s, by_sentence, "PROJECT"), anchor, window) if anchor else None
        if project is not None and obj is not None:
            # an object noun nearer the cue than the project, and not part of its name, is what is
            # committed ("Средний коридор важен, … предложили провести форум")
            psp = _tok_span(toks, int(project["start"]), int(project["end"]))
            if psp and not psp[0] <= obj[1] <= psp[1] and _dist(obj[1], anchor) < min(
                    _dist(psp[0], anchor), _dist(psp[1], anchor)):
                project = None
        if project is not None:
            item = project_label(project, s["doc_id"])
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
        track = (tracks_of.get(str(project["canonical"])) if project is not None else None) \
            or _track_text(s.get("tracks"))
        rows.append({
            "item": item, "date_to_check": date, "date_precision": picked.precision if date else None,
            "note": note, "track": track,
            "stated_by": _clean(s.get("speaker")) or doc["outlet"],
            "doc_id": s["doc_id"], "sentence_id": sid, "claim_id": None, "quote": s["text"],
            "published": doc["published"], "source": "sentence",
        })
    if not rows:
        return pd.DataFrame(columns=WATCHLIST_COLUMNS)
    out = _none_for_missing(pd.DataFrame(rows), ["date_to_check", "date_precision", "stated_by", "claim_id",
                                                 "published", "quote"])
    out["_k"] = out["date_to_check"].isna()
    out = out.sort_values(["_k", "date_to_check", "doc_id", "sentence_id"], kind="stable", na_position="last")
    return out.drop(columns="_k").reset_index(drop=True)[WATCHLIST_COLUMNS]
