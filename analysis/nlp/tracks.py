"""Thematic tracks of cooperation (energy, transport, digital, agriculture) for each sentence.

The lexicon is analysis/data/lexicons/tracks.yml: per track single lemmas and lemma phrases, plus
`ignore` phrases (job titles such as "эксперт в сфере транспорта"). Phrases are matched first,
longest first, and consume their words, which is how context rules work ("высоковольтный
кабель" → energy, "волоконно-оптический кабель" → digital, "транспортировка … нефти" → energy
and not transport). Matching is on the ``lemmas`` column (analysis.nlp.lemmas.add_lemmas).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import pandas as pd

from analysis import datafiles
from analysis.nlp.lemmas import lemmatize
from analysis.vocabulary import GENERAL, TRACKS

#: The thematic tracks, in the book's order. A sentence with none of them is ('general',).
#: Words a "…" gap in a phrase may skip.
MAX_GAP = 4


@dataclass(frozen=True)
class _Phrase:
    words: tuple[tuple[str, bool], ...]   # (lemma, gap allowed before it)
    track: str | None                     # None: an ignore phrase

    @property
    def size(self) -> int:
        return len(self.words)


@dataclass(frozen=True)
class _Lexicon:
    lemmas: dict[str, frozenset[str]]         # lemma → tracks
    phrases: dict[str, tuple[_Phrase, ...]]   # first lemma → phrases, longest first


def _fold(s: str) -> str:
    return s.lower().replace("ё", "е")


def _parse_phrase(text: str, track: str | None) -> _Phrase:
    words, gap = [], False
    for part in _fold(text).split():
        if part in ("…", "..."):
            gap = True
            continue
        words.append((part, gap))
        gap = False
    if len(words) < 2:
        raise ValueError(f"tracks.yml: phrase {text!r} needs at least two words")
    return _Phrase(tuple(words), track)


@functools.lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    data = datafiles.load("tracks.yml")
    unknown = set(data["tracks"]) - set(TRACKS)
    if unknown:
        raise ValueError(f"tracks.yml: unknown tracks {sorted(unknown)}")
    lemmas: dict[str, set[str]] = {}
    phrases: list[_Phrase] = []
    for track, spec in data["tracks"].items():
        for lemma in spec.get("lemmas") or ():
            lemmas.setdefault(_fold(str(lemma)), set()).add(track)
        phrases += [_parse_phrase(p, track) for p in spec.get("phrases") or ()]
    phrases += [_parse_phrase(p, None) for p in data.get("ignore") or ()]
    by_first: dict[str, list[_Phrase]] = {}
    for p in phrases:
        by_first.setdefault(p.words[0][0], []).append(p)
    return _Lexicon(
        lemmas={k: frozenset(v) for k, v in lemmas.items()},
        phrases={k: tuple(sorted(v, key=lambda p: -p.size)) for k, v in by_first.items()},
    )


def _match_phrase(lemmas: tuple[str, ...], i: int, phrase: _Phrase, used: set[int]) -> list[int] | None:
    """Token positions of *phrase* starting at *i*, or None."""
    positions = [i]
    pos = i
    for lemma, gap in phrase.words[1:]:
        limit = pos + 1 + (MAX_GAP if gap else 0)
        nxt = next((j for j in range(pos + 1, min(limit, len(lemmas) - 1) + 1)
                    if lemmas[j] == lemma and j not in used), None)
        if nxt is None:
            return None
        positions.append(nxt)
        pos = nxt
    return positions


def sentence_tracks(lemmas: tuple[str, ...]) -> tuple[str, ...]:
    """Tracks of one sentence given its lemmas, in TRACKS order, or ('general',)."""
    lex = _lexicon()
    lemmas = tuple(lemmas)
    found: set[str] = set()
    used: set[int] = set()
    # phrases first, the longest phrase at each start first; an ignore phrase marks nothing
    phrases = lex.phrases
    candidates = [(-phrase.size, i, phrase) for i, lemma in enumerate(lemmas) if lemma in phrases
                  for phrase in phrases[lemma]]
    for _, i, phrase in sorted(candidates, key=lambda c: (c[0], c[1])):
        if i in used:
            continue
        positions = _match_phrase(lemmas, i, phrase, used)
        if positions is None:
            continue
        used.update(positions)
        if phrase.track:
            found.add(phrase.track)
    by_lemma = lex.lemmas
    for i, lemma in enumerate(lemmas):
        tracks = by_lemma.get(lemma)
        if tracks and i not in used:
            found |= tracks
    return tuple(t for t in TRACKS if t in found) or (GENERAL,)


@functools.lru_cache(maxsize=1)
def _carriage() -> tuple[frozenset[str], dict[str, str], int]:
    """tracks.yml ``carriage``: (carriage words, goods lemma → track, how far after the carriage word)."""
    c = datafiles.load("tracks.yml")["carriage"]
    return frozenset(_fold(w) for w in c["words"]), {_fold(k): v for k, v in c["goods"].items()}, int(c["window"])


def carried_goods_track(lemmas: tuple[str, ...]) -> str | None:
    """The track of the goods a sentence names right after a carriage word ("перевозок зерна" → agriculture).

    >>> carried_goods_track(("объем", "перевозка", "зерно", "вырасти")), carried_goods_track(("перевозка", "вырасти"))
    ('agriculture', None)
    """
    words, goods, window = _carriage()
    for i, lemma in enumerate(lemmas):
        if lemma in words:
            hit = next((goods[x] for x in lemmas[i + 1:i + 1 + window] if x in goods), None)
            if hit:
                return hit
    return None


def _in_context(lemmas: tuple[str, ...], tracks: tuple[str, ...], goods: str | None) -> tuple[str, ...]:
    """*tracks* of a sentence read in its article: a sentence marked transport only by carriage words, in an
    article that carries *goods*' track, is about those goods."""
    if goods is None or tracks != ("transport",):
        return tracks
    words = _carriage()[0]
    if sentence_tracks(tuple(x for x in lemmas if x not in words)) != (GENERAL,):
        return tracks  # it names a port, a ferry or containers: transport
    return (goods,)


@functools.lru_cache(maxsize=1)
def _projects() -> tuple[tuple[str, frozenset[str], frozenset[str]], ...]:
    """tracks.yml ``projects``: (track, lemmas that name its project, nouns that refer back to it)."""
    return tuple((track, frozenset(_fold(w) for w in p["named"]), frozenset(_fold(w) for w in p["referred"]))
                 for track, p in datafiles.load("tracks.yml")["projects"].items())


def _of_the_project(lemmas: tuple[str, ...], tracks: tuple[str, ...], project: str | None) -> tuple[str, ...]:
    """A sentence that names no track but refers to the article's project by a common noun ("Кабель прокладывают
    между Актау и Сумгаитом" in a fibre-line report) is about the project's track."""
    if project is None or tracks != (GENERAL,):
        return tracks
    referred = next(r for t, _, r in _projects() if t == project)
    return (project,) if referred & set(lemmas) else tracks


def _project_named(lemmas: tuple[str, ...]) -> str | None:
    return next((t for t, named, _ in _projects() if named & set(lemmas)), None)


def tag_tracks(sentences: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of *sentences* with ``tracks``: tuple of track names in TRACKS order
    (subset of energy/transport/digital/agriculture), or ('general',) when none applies. With a ``doc_id``
    column the sentences are read in their article's order: bare carriage in an article that carries grain
    (or oil) is about that (tracks.yml ``carriage``), and a sentence that names no track but refers to the
    article's project ("кабель" in a fibre-line report) is about the project's track (``projects``).

    Uses the ``lemmas`` column; when it is absent the lemmas are computed (analysis.nlp).
    """
    out = sentences.copy()
    if "lemmas" in out.columns:
        lemma_lists = list(out["lemmas"])
    else:

        lemma_lists = [lemmatize(t) for t in out["text"]]
    docs = list(out["doc_id"]) if "doc_id" in out.columns else [None] * len(out)
    goods: dict = {}
    projects: dict = {}
    tagged = []
    for doc, lm in zip(docs, lemma_lists):
        lm = tuple(lm)
        projects[doc] = projects.get(doc) or _project_named(lm)
        if doc is None:
            tagged.append(sentence_tracks(lm))
        else:
            tagged.append(_of_the_project(lm, _in_context(lm, sentence_tracks(lm), goods.get(doc)), projects[doc]))
        named = carried_goods_track(lm)
        if named is not None:
            goods[doc] = named
    out["tracks"] = pd.Series(tagged, index=out.index, dtype=object)
    return out


def coverage(sentences: pd.DataFrame) -> pd.DataFrame:
    """Sentence counts per track for each document.

    Returns one row per ``doc_id`` (in order of first appearance) with int columns
    ``energy``, ``transport``, ``digital``, ``agriculture``, ``general`` (number of sentences
    tagged with the track; a sentence with two tracks counts in both) and ``sentences`` (all
    sentences of the document). Tags the tracks first if the ``tracks`` column is missing.
    """
    if "tracks" not in sentences.columns:
        sentences = tag_tracks(sentences)
    columns = list(TRACKS) + [GENERAL]
    counts: dict[str, dict[str, int]] = {}
    for doc_id, tracks in zip(sentences["doc_id"], sentences["tracks"]):
        row = counts.setdefault(doc_id, dict.fromkeys(columns + ["sentences"], 0))
        row["sentences"] += 1
        for t in tracks:
            row[t] += 1
    out = pd.DataFrame(
        [{"doc_id": d, **c} for d, c in counts.items()],
        columns=["doc_id"] + columns + ["sentences"],
    )
    return out.astype({c: "int64" for c in columns + ["sentences"]})


def track_sentences(sentences: pd.DataFrame, doc_id: str, track: str) -> pd.DataFrame:
    """The sentences of *doc_id* tagged with *track* (the rows behind one coverage cell), in
    document order, all columns kept."""
    if track not in TRACKS + (GENERAL,):
        raise ValueError(f"unknown track {track!r}; expected one of {TRACKS + (GENERAL,)}")
    if "tracks" not in sentences.columns:
        sentences = tag_tracks(sentences)
    mask = (sentences["doc_id"] == doc_id) & sentences["tracks"].map(lambda ts: track in ts)
    return sentences[mask]
