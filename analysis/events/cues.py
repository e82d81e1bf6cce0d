"""What the timeline and the watchlist share: event lexicons, word tokens with lemmas, cue matching and the entities around a cue."""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

from analysis.claims.indicators import indicator_labels
from analysis.nlp.dates import TimeExpr, needs_claim_anchor
from analysis.nlp.gazetteer import gazetteer_file
from analysis.nlp.lemmas import _WORD, tokens
from analysis.paths import LEXICON_DIR, load_yaml
from analysis.tables import records

# A word token is one as analysis.nlp counts them for ``lemmas`` (its ``_WORD``: punctuation
# dropped, "1,5" and "Касым-Жомарт" whole), so that token i and lemma i are the same word.

#: Maximum distance, in word tokens, between an event cue and the time expression that dates it.
WINDOW = 12

# --------------------------------------------------------------------------------------------
# Lexicons (read defensively: other helpers own the gazetteer and indicator files)
# --------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _events() -> dict:
    with open(LEXICON_DIR / "events.yml", encoding="utf-8") as fh:
        return load_yaml(fh)


@lru_cache(maxsize=1)
def _planning_lemmas() -> tuple[str, ...]:
    """Lemmas that make a statement a plan ("планируется", "предложил"): ``planning_lemmas`` of events.yml."""
    return tuple(str(x) for x in _events().get("planning_lemmas", []))


def _gazetteer_entries() -> list:
    """The gazetteer's entries as analysis.nlp parsed them (read once per process)."""

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
def place_country() -> dict[str, str]:
    """Canonical name → country of the gazetteer's places that have one (Astana → Kazakhstan)."""
    return {str(e["canonical"]): str(e["country"]) for e in _gazetteer_entries()
            if isinstance(e, dict) and e.get("kind") == "LOC" and e.get("canonical") and e.get("country")}


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

    return tuple(t for t in tokens(text) if _WORD.fullmatch(t[2]))


def _token_lemmas(text: str, lemmas) -> tuple[tuple[tuple[int, int, str], ...], list[str] | None]:
    """Tokens of *text* and their lemmas when the sentence's ``lemmas`` align with them, else None."""
    toks = _tokens(text)
    if isinstance(lemmas, (list, tuple)) and len(lemmas) == len(toks) and len(toks) > 0:
        return toks, [str(x).lower() for x in lemmas]
    return toks, None


def _yo(word) -> str:
    """*word* with ё written е, as the lemmas and the lexicons compare words."""
    return str(word).replace("ё", "е")


def _word_at(toks, lems, i: int) -> str:
    """Token *i* as cues compare it: its lemma when the sentence has lemmas, else its lower-case form."""
    return lems[i] if lems is not None else toks[i][2].lower()


def _word_matches(lemma: str | None, word: str, cue: str) -> bool:
    if lemma is not None:
        return lemma == cue or lemma == _yo(cue)
    # Fallback on word forms: the cue lemma minus its ending as a prefix.
    w = _yo(word.lower())
    cue = _yo(cue)
    stem = cue[:-2] if len(cue) >= 6 else cue[:-1] if len(cue) >= 4 else cue
    return w == cue or w.startswith(stem)


def _find_seq(toks, lems, seq) -> list[int]:
    """Token indices where the lemma sequence *seq* starts."""
    n = len(seq)
    if lems is not None:  # fast path: exact lemma comparison
        seq = [_yo(w) for w in seq]
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
        return any(_yo(w) in lems for w in words)
    return any(_find_seq(toks, lems, [w]) for w in words)


#: "78 грузовиков, ожидающих отправки": the participle of "ожидать" is waiting, not expecting.
_WAITING = re.compile(r"ожидающ", re.IGNORECASE)


def _plans(toks, lems) -> bool:
    """Does the sentence hold a word of planning (``planning_lemmas``), a truck "ожидающий отправки" aside?"""
    if lems is None:
        return _has_any(toks, lems, _planning_lemmas())
    words = {_yo(w) for w in _planning_lemmas()}
    return any(lem in words and not _WAITING.match(tok[2]) for tok, lem in zip(toks, lems))


def _cue_seq(cue) -> list:
    """The lemmas of a cue of ``events.yml``: a list, or ``{seq: [...], requires: [...]}``."""
    return cue["seq"] if isinstance(cue, dict) else cue


@lru_cache(maxsize=1)
def _cue_first_lemmas() -> frozenset[str]:
    return frozenset(_yo(_cue_seq(cue)[0]) for spec in _events()["kinds"].values() for cue in spec["cues"])


@lru_cache(maxsize=1)
def _cue_lexicon() -> tuple[tuple[str, tuple[str, ...], tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]], ...]:
    """(kind, required words, (cue lemma sequence, the cue's own required words) …) per event kind of
    ``events.yml``, read once rather than per sentence. Words are written with е for ё, as
    :func:`_find_seq` and :func:`_word_matches` compare them anyway."""
    def own(cue) -> tuple[str, ...]:
        return tuple(_yo(r) for r in cue.get("requires") or ()) if isinstance(cue, dict) else ()

    return tuple((kind, tuple(_yo(r) for r in spec.get("requires") or ()),
                  tuple((tuple(_yo(c) for c in _cue_seq(cue)), own(cue)) for cue in spec["cues"]))
                 for kind, spec in _events()["kinds"].items())


def _lacks(words: set[str] | None, toks, lems, req: tuple[str, ...]) -> bool:
    """Does the sentence lack every word of *req* (a non-empty requirement)?"""
    if not req:
        return False
    return words.isdisjoint(req) if words is not None else not _has_any(toks, lems, req)


def _cue_hits(toks, lems) -> list[tuple[str, int]]:
    """(kind, token index) for every event cue occurrence in the sentence."""
    # With lemmas, a word absent from the sentence can neither be required nor start a cue: a set
    # test saves scanning for the dozens of cues a sentence does not contain.
    words = set(lems) if lems is not None else None
    best: dict[int, tuple[int, str]] = {}  # token → (cue length, kind): the longest cue at a token wins
    for kind, req, cues in _cue_lexicon():
        if _lacks(words, toks, lems, req):
            continue
        for cue, cue_req in cues:
            if (words is not None and cue[0] not in words) or _lacks(words, toks, lems, cue_req):
                continue
            for i in _find_seq(toks, lems, cue):
                if i not in best or len(cue) > best[i][0]:
                    best[i] = (len(cue), kind)
    # a cue inside a longer one of another kind is no cue ("сессии Конференции сторон": one summit)
    inside = {j for i, (n, _) in best.items() for j in range(i + 1, i + n)}
    return sorted(((kind, i) for i, (_, kind) in best.items() if i not in inside), key=lambda h: h[1])


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

_LOCATIVE = re.compile(r"(?:^|[\s«\"(])(?:(?:в|во|на|из|посетил\w*|посети\w*|посещени\w*)"
                       # "в столице Азербайджана Баку", "в городе Актау", "в морском порту Алят"
                       r"|(?:в|во|на)\s+(?:\w+\s+)?(?:столиц|город|порт|аэропорт|резиденци)\w*(?:\s+\w+)?)\s*$",
                       re.IGNORECASE)


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
            nxt = _word_at(toks, lems, i + 1)
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


def what_of(text: str, toks, lems, i: int, window: int = 3) -> str | None:
    """What the event at cue *i* is about, in English, when the ``objects`` lexicon names it right there:
    "предложил провести форум аналитических центров формата С6" → 'Think-tank forum in the C6 format'."""
    obj = _object_item(toks, lems, i)
    if obj is None or not 0 <= obj[1] - i <= window:
        return None
    fmt = _format_of(text, toks, lems, obj[1])
    return obj[0] + (f" {fmt}" if fmt else "")


def _sentence_entities(row, by_sentence: dict | None, kinds=frozenset({"PER", "LOC", "ORG"})) -> list[dict]:
    """Entities of *kinds* in a sentence: from the entities table when given, else the gazetteer."""
    if by_sentence is not None:
        return [x for x in by_sentence.get(row["sentence_id"], []) if x["kind"] in kinds]
    return _gazetteer_hits(row["text"], kinds)


# A place in apposition to the event that follows it: "в Габале, на саммите ОТГ".
_APPOSITION = re.compile(r"\s*,\s*(?:на|в|во)\s+$", re.IGNORECASE)


def _assign(ents, toks, cue_idx: list[int], text: str = "", verb_cues: set[int] | None = None) -> dict[int, list[dict]]:
    """Each entity goes to the nearest cue at or before it (Russian event nouns govern what follows:
    "визит президента X в Y"); entities before the first cue go to the first cue. A LOC followed by
    ", на|в <cue>" belongs to that cue ("в Габале, на саммите": the summit's place). The people and
    organisations of a verb cue's own clause, before it, are its own (:func:`_clause_subjects`)."""
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
    return _clause_subjects(out, toks, verb_cues or set(), text)


#: What ends a clause before a verb cue: its subject is named after the last of these.
_CLAUSE_BOUNDARY = re.compile(r"[,;:–—(]|\b(?:где|когда|а|но)\b", re.IGNORECASE)


def _clause_subjects(out: dict[int, list[dict]], toks, verb_cues: set[int], text: str) -> dict[int, list[dict]]:
    """The people and organisations named in a verb cue's clause before it are its agents, not the
    previous cue's: "…, где Токаев посетил Баку, Алиев посетил Астану" → Aliyev visits Astana."""
    if not text or not verb_cues:
        return out
    for j in sorted(verb_cues):
        at = toks[j][0]
        prev_end = max((toks[i][1] for i in out if i < j), default=0)
        starts = [m.end() for m in _CLAUSE_BOUNDARY.finditer(text, 0, at)]
        lo = max([prev_end, *starts[-1:]])
        for i in [i for i in out if i != j]:
            move = [e for e in out[i] if e["kind"] in {"PER", "ORG"} and int(e["start"]) >= lo and int(e["end"]) <= at]
            if move:
                out[i] = [e for e in out[i] if not any(e is m for m in move)]
                out[j].extend(move)
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
    # "в столице Азербайджана Баку": a place named right before another is the other's country
    starts = {int(e["start"]) for e in ents if e["kind"] == "LOC"}
    locs = [e for e in locs if not any(int(e["end"]) < k <= int(e["end"]) + 1 and not text[int(e["end"]):k].strip()
                                       for k in starts)]
    if not locs:
        return None
    # "в Азербайджане, в городе Габала": of a country and a city in it, the city
    inner = {place_country().get(str(e["canonical"])) for e in locs}
    locs = [e for e in locs if str(e["canonical"]) not in inner] or locs
    best = min(locs, key=lambda e: (_dist(cue_i, _tok_span(toks, int(e["start"]), int(e["end"])) or (10**6, 10**6)),
                                    int(e["start"])))
    return str(best["canonical"])


def _none_for_missing(frame: pd.DataFrame, cols) -> pd.DataFrame:
    """Missing values as None (object columns), not NaN: the book prints them as 'unresolved'."""
    for c in cols:
        frame[c] = pd.Series([None if _clean(v) is None else v for v in frame[c]], index=frame.index, dtype=object)
    return frame


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
