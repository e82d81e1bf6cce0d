"""Who speaks in the corpus and about what, and who is mentioned with whom.

:func:`speakers` — one row per speaker (the ``speaker`` column of the sentences table): role and
country, how many sentences and articles carry their words, in which outlets, on which tracks, and
how many claims they are the source of. Counts are of reports, not of statements made: the same
remark reprinted by two outlets counts twice.

:func:`comentions` — pairs of entities named in the same sentence, weighted by the number of such
sentences (the edges of a co-mention network).

Roles are read from the corpus itself (the role noun in apposition before a person's name, rendered
in English through ``analysis/data/lexicons/actors.yml``); countries come from the gazetteer.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from itertools import combinations

import pandas as pd

from analysis import datafiles
from analysis.nlp.gazetteer import gazetteer_file
from analysis.nlp.lemmas import _WORD  # word tokens as the lemmas count them (token i = lemma i)
from analysis.vocabulary import ALL_TRACKS

__all__ = ["speakers", "comentions", "SPEAKER_COLUMNS", "COMENTION_COLUMNS"]

SPEAKER_COLUMNS = ["speaker", "role", "country", "n_sentences", "n_docs", "outlets", "tracks", "n_claims"]
COMENTION_COLUMNS = ["a", "b", "weight", "n_docs", "kind_a", "kind_b"]



# --------------------------------------------------------------------------------------------
# Lexicons
# --------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _lexicon() -> dict:
    data = datafiles.load("actors.yml")
    roles = [(tuple(str(w).replace("ё", "е") for w in r["ru"]), str(r["en"])) for r in data.get("roles", [])]
    return {"window": int(data.get("window", 14)), "roles": roles,
            "stop": frozenset(str(w) for w in data.get("stop_lemmas", []))}


def _gazetteer() -> dict:

    return gazetteer_file()


@lru_cache(maxsize=1)
def _countries() -> dict[str, str]:
    """Canonical name → country, for gazetteer entries that have one."""
    return {str(e["canonical"]): str(e["country"]) for e in _gazetteer().get("entries", [])
            if isinstance(e, dict) and e.get("canonical") and e.get("country")}


@lru_cache(maxsize=1)
def _gazetteer_names() -> frozenset[str]:
    return frozenset(str(e["canonical"]) for e in _gazetteer().get("entries", [])
                     if isinstance(e, dict) and e.get("canonical"))


@lru_cache(maxsize=1)
def _speech_verbs() -> frozenset[str]:
    return frozenset(str(v) for v in (_gazetteer().get("speech") or {}).get("verbs", []))


@lru_cache(maxsize=1)
def _person_patterns() -> dict[str, re.Pattern]:
    """Canonical → compiled full-name patterns of the gazetteer's people (no bare surnames: a role
    is read only before a full name)."""
    out = {}
    for e in _gazetteer().get("entries", []):
        if isinstance(e, dict) and e.get("kind") == "PER" and e.get("patterns"):
            alts = "|".join(f"(?:{p})" for p in e["patterns"])
            out[str(e["canonical"])] = re.compile(rf"(?<![\w-])(?:{alts})(?![\w-])")
    return out


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def _tokens(text: str) -> list[tuple[int, int, str]]:
    import razdel

    return [(t.start, t.stop, t.text) for t in razdel.tokenize(text) if _WORD.fullmatch(t.text)]


def _lemmas_for(text: str, lemmas) -> tuple[list[tuple[int, int, str]], list[str]]:
    toks = _tokens(text)
    if isinstance(lemmas, (list, tuple)) and len(lemmas) == len(toks):
        return toks, [str(x).lower().replace("ё", "е") for x in lemmas]
    return toks, [t[2].lower().replace("ё", "е") for t in toks]  # word forms: roles then rarely match


def _is_name(v) -> bool:
    return isinstance(v, str) and bool(v.strip())


def _role_before(text: str, lemmas, start: int, persons: list[tuple[int, int]],
                 orgs: list[tuple[int, int, str]]) -> str | None:
    """The English role in apposition before the name starting at char *start*, or None.

    The role is the lexicon phrase ending nearest the name (longest on a tie); an ORG entity
    between the role and the name is appended ('chair of the board, AIR Center'); only gazetteer
    organisations are (they have an English name).
    """
    lx = _lexicon()
    toks, lems = _lemmas_for(text, lemmas)
    name_tok = next((i for i, t in enumerate(toks) if t[0] >= start), len(toks))
    lo = max(0, name_tok - lx["window"])
    for i in range(name_tok - 1, lo - 1, -1):  # stop at another person, "что", a verb of saying
        s, e, _ = toks[i]
        if lems[i] in lx["stop"] or lems[i] in _speech_verbs() or any(ps <= s < pe for ps, pe in persons):
            lo = i + 1
            break
    best = None  # (end token, length, english, start token)
    for seq, en in lx["roles"]:
        n = len(seq)
        for i in range(lo, name_tok - n + 1):
            if tuple(lems[i:i + n]) == seq:
                cand = (i + n - 1, n, en, i)
                if best is None or cand[:2] > best[:2]:
                    best = cand
    if best is None:
        return None
    role_end = toks[best[0]][1]
    between = [name for os_, oe, name in orgs if os_ >= role_end and oe <= start]
    return best[2] + (f", {between[0]}" if between else "")


def _track_summary(counter: Counter) -> str:
    """'energy 3, transport 2, general 5': by count (descending), then the book's track order."""
    rank = {t: i for i, t in enumerate(ALL_TRACKS)}
    items = [(t, n) for t, n in counter.items() if n]
    substantive = sorted((x for x in items if x[0] != "general"), key=lambda x: (-x[1], rank.get(x[0], 99), x[0]))
    general = [x for x in items if x[0] == "general"]
    return ", ".join(f"{t} {n}" for t, n in substantive + general)


def _tracks_of(value) -> tuple[str, ...]:
    if isinstance(value, (list, tuple)):
        return tuple(str(t) for t in value) or ("general",)
    if isinstance(value, str) and value:
        return tuple(t.strip() for t in value.split(";") if t.strip()) or ("general",)
    return ("general",)


# --------------------------------------------------------------------------------------------
# speakers
# --------------------------------------------------------------------------------------------


def speakers(sentences: pd.DataFrame, documents: pd.DataFrame, claims: pd.DataFrame | None = None,
             entities: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return one row per speaker (columns :data:`SPEAKER_COLUMNS`).

    ``speaker``: canonical name from the sentences' ``speaker`` column (sentences without one are
    left out). ``role``: the English role most often in apposition before the person's full name in
    the corpus (ties: the first seen), None when the corpus never gives one; ``country``: from the
    gazetteer, None when absent. ``n_sentences``: sentences attributed (int); ``n_docs``: articles
    with at least one (int); ``outlets``: their outlets, sorted, joined by '; ' ('outlet unknown' for
    articles without one); ``tracks``: attributed sentences per track, e.g. 'energy 3, transport 2,
    general 5' (a sentence on two tracks counts for both); ``n_claims``: claims whose ``speaker`` is
    this person (Int64; <NA> when *claims* is not given). Mentions for the role come from
    *entities* (PER rows) when given, else from the gazetteer's full-name patterns. Sorted by
    ``n_sentences`` (descending), then name.
    """
    if sentences is None or len(sentences) == 0 or "speaker" not in sentences.columns:
        return pd.DataFrame(columns=SPEAKER_COLUMNS)
    said = sentences[sentences["speaker"].map(_is_name)]
    if said.empty:
        return pd.DataFrame(columns=SPEAKER_COLUMNS)
    outlet_of = {}
    if documents is not None and len(documents):
        outlet_of = {str(d): (o if _is_name(o) else None) for d, o in zip(documents["doc_id"], documents["outlet"])}
    n_claims = None
    if claims is not None:
        col = claims["speaker"] if "speaker" in claims.columns else pd.Series([], dtype=object)
        n_claims = Counter(str(v) for v in col if _is_name(v))
    roles = _roles(sentences, set(said["speaker"]), entities)
    rows = []
    for name, grp in said.groupby("speaker", sort=True):
        docs = sorted(set(map(str, grp["doc_id"])))
        outlets = sorted({outlet_of.get(d) or "outlet unknown" for d in docs})
        tracks = Counter(t for v in grp["tracks"] for t in _tracks_of(v)) if "tracks" in grp.columns else Counter()
        rows.append({
            "speaker": name, "role": roles.get(name), "country": _countries().get(name),
            "n_sentences": int(len(grp)), "n_docs": len(docs), "outlets": "; ".join(outlets),
            "tracks": _track_summary(tracks),
            "n_claims": (n_claims.get(name, 0) if n_claims is not None else pd.NA),
        })
    out = pd.DataFrame(rows, columns=SPEAKER_COLUMNS)
    out["n_claims"] = out["n_claims"].astype("Int64")
    for c in ("role", "country"):
        out[c] = pd.Series([v if _is_name(v) else None for v in out[c]], index=out.index, dtype=object)
    out = out.sort_values(["n_sentences", "speaker"], ascending=[False, True], kind="stable")
    return out.reset_index(drop=True)


def _roles(sentences: pd.DataFrame, names: set[str], entities: pd.DataFrame | None) -> dict[str, str]:
    """Speaker → most frequent role over the mentions of their full name (ties: first mention)."""
    mentions: dict[str, list[tuple[int, int, str]]] = {}  # sentence_id -> [(start, end, canonical)]
    orgs: dict[str, list[tuple[int, int, str]]] = {}
    if entities is not None and len(entities):
        for r in entities.to_dict("records"):
            canon = r.get("canonical") if _is_name(r.get("canonical")) else r.get("text")
            if r.get("kind") == "PER":
                mentions.setdefault(str(r["sentence_id"]), []).append((int(r["start"]), int(r["end"]), str(canon)))
            elif r.get("kind") == "ORG" and str(canon) in _gazetteer_names():
                # only gazetteer organisations have an English name; a transliteration would not read
                orgs.setdefault(str(r["sentence_id"]), []).append((int(r["start"]), int(r["end"]), str(canon)))
    else:
        pats = {n: p for n, p in _person_patterns().items() if n in names}
        for sid, text in zip(sentences["sentence_id"], sentences["text"]):
            for n, rx in pats.items():
                for m in rx.finditer(str(text)):
                    mentions.setdefault(str(sid), []).append((m.start(), m.end(), n))
    lemmas = dict(zip(sentences["sentence_id"], sentences["lemmas"])) if "lemmas" in sentences.columns else {}
    found: dict[str, list[str]] = {}
    for sid, text in zip(sentences["sentence_id"], sentences["text"]):
        here = sorted(mentions.get(str(sid), []))
        for start, _end, name in here:
            if name not in names:
                continue
            others = [(s, e) for s, e, n in here if n != name]
            role = _role_before(str(text), lemmas.get(sid), start, others, sorted(orgs.get(str(sid), [])))
            if role:
                found.setdefault(name, []).append(role)
    out = {}
    for name, rs in found.items():
        counts = Counter(rs)
        top = max(counts.values())
        out[name] = next(r for r in rs if counts[r] == top)
    return out


# --------------------------------------------------------------------------------------------
# comentions
# --------------------------------------------------------------------------------------------


def comentions(entities: pd.DataFrame, kinds=("PER", "ORG", "PROJECT", "LOC")) -> pd.DataFrame:
    """Return entity pairs named in the same sentence (columns :data:`COMENTION_COLUMNS`).

    One row per unordered pair of canonical names (``a`` < ``b`` alphabetically; the entity's
    ``text`` when it has no canonical) of the given *kinds*: ``weight`` is the number of sentences
    naming both (a sentence counts once however often it repeats them), ``n_docs`` the number of
    articles, ``kind_a``/``kind_b`` each name's most frequent kind. Sorted by weight (descending),
    then ``a``, then ``b``.
    """
    if entities is None or len(entities) == 0:
        return pd.DataFrame(columns=COMENTION_COLUMNS)
    keep = entities[entities["kind"].isin(list(kinds))]
    per_sentence: dict[tuple[str, str], set[str]] = {}
    kind_counts: dict[str, Counter] = {}
    for r in keep.to_dict("records"):
        name = r.get("canonical") if _is_name(r.get("canonical")) else r.get("text")
        if not _is_name(name):
            continue
        per_sentence.setdefault((str(r["doc_id"]), str(r["sentence_id"])), set()).add(str(name))
        kind_counts.setdefault(str(name), Counter())[str(r["kind"])] += 1
    weight: Counter = Counter()
    docs: dict[tuple[str, str], set[str]] = {}
    for (doc, _sid), names in per_sentence.items():
        for a, b in combinations(sorted(names), 2):
            weight[(a, b)] += 1
            docs.setdefault((a, b), set()).add(doc)
    if not weight:
        return pd.DataFrame(columns=COMENTION_COLUMNS)

    def kind_of(name: str) -> str:
        c = kind_counts[name]
        return sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]

    rows = [{"a": a, "b": b, "weight": int(w), "n_docs": len(docs[(a, b)]), "kind_a": kind_of(a),
             "kind_b": kind_of(b)} for (a, b), w in weight.items()]
    out = pd.DataFrame(rows, columns=COMENTION_COLUMNS)
    out = out.sort_values(["weight", "a", "b"], ascending=[False, True, True], kind="stable")
    return out.reset_index(drop=True)
