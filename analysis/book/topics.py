"""Topics without a figure: what the corpus says about the relations' institutions, formats and projects.

Some of what the sources say carries no number and no dated event — the export of uranium across
Azerbaijan, the intergovernmental commission, Azerbaijan's chairmanship of the Organization of Turkic
States, the Zangezur corridor. ``topics.yml`` names each topic and how to find it (patterns over a
sentence's text, a gazetteer entity); this module finds the sentences that speak of it, quotes the
words around what was found and says who said them, so the book's prose and tables cite the corpus,
not the analyst's memory — and say plainly when the corpus does not mention a topic.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

from analysis import datafiles
from analysis.book.briefing import MAX_LINKS_PER_CELL, links_capped, source_link
from analysis.book.memo import per_corpus
from analysis.book.sourcing import demonym, sides_sentence, voices
from analysis.book.wording import plural

__all__ = ["topics", "topic", "phrase_around", "topic_sentences", "topic_phrase", "topic_account",
           "topics_table", "NOT_MENTIONED", "PHRASE_WORDS"]

#: Words quoted on each side of what was found ("…экспорт казахстанской нефти и урана через территорию…").
PHRASE_WORDS = 5
#: What a topics table says of a topic the corpus does not mention.
NOT_MENTIONED = "not mentioned in this corpus"

_WORD = re.compile(r"[\w\-–]+|[^\w\s]")


@lru_cache(maxsize=1)
def topics() -> tuple[dict, ...]:
    """Return the topics of ``topics.yml``, in the book's order."""
    return tuple(datafiles.load("topics.yml")["topics"])


def topic(key: str) -> dict:
    """Return the topic *key* of ``topics.yml`` (KeyError when there is none)."""
    for t in topics():
        if t["key"] == key:
            return t
    raise KeyError(f"topics.yml: no topic {key!r}")


def phrase_around(text: str, start: int, end: int, words: int = PHRASE_WORDS, after: int | None = None) -> str:
    """Return the words of *text* around characters *start*..*end*: *words* words before and *after*
    (default: *words*) after, with an ellipsis where the sentence goes on (punctuation counts as a
    word; a cut never splits a word).

    >>> phrase_around("Посол отметил экспорт казахстанской нефти и урана через территорию Азербайджана.", 44, 49, 3)
    '…казахстанской нефти и урана через территорию Азербайджана'
    >>> phrase_around("Впервые стал поставщиком зерна.", 0, 7, 2)
    'Впервые стал поставщиком…'
    >>> phrase_around("проекты, экспорт урана, кабель", 17, 22, 2), phrase_around("в рамках СВМДА (Азия).", 9, 14, 2)
    ('…экспорт урана, кабель', 'в рамках СВМДА (Азия)')
    """
    tokens = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    inside = [i for i, (a, b) in enumerate(tokens) if b > start and a < end]
    if not inside:
        return text.strip()
    lo, hi = max(0, inside[0] - words), min(len(tokens), inside[-1] + (words if after is None else after) + 1)
    while lo < inside[0] and not re.match(r"\w", text[tokens[lo][0]]):  # no leading punctuation
        lo += 1
    while hi > lo and not re.match(r"\w", text[tokens[hi - 1][0]]):  # no trailing punctuation …
        hi -= 1
    if text.count("(", tokens[lo][0], tokens[hi - 1][1]) > text.count(")", tokens[lo][0], tokens[hi - 1][1]) \
            and hi < len(tokens) and text[tokens[hi][0]] == ")":
        hi += 1  # … but a parenthesis opened in the phrase is closed
    head = "…" if lo > 0 else ""
    tail = "…" if any(re.match(r"\w", text[a]) for a, _b in tokens[hi:]) else ""
    return head + text[tokens[lo][0]:tokens[hi - 1][1]] + tail


def _entity_spans(corpus, canonical: str | None) -> dict[str, tuple[int, int]]:
    """sentence_id → the first (start, end) of a mention of *canonical* in it."""
    ents = corpus.entities
    if not canonical or ents is None or ents.empty:
        return {}
    rows = ents[ents["canonical"] == canonical]
    spans: dict[str, tuple[int, int]] = {}
    for sid, a, b in zip(rows["sentence_id"], rows["start"], rows["end"]):
        spans.setdefault(str(sid), (int(a), int(b)))
    return spans


@per_corpus
def _hits(corpus, key: str) -> list[tuple[str, int, int]]:
    """(sentence_id, start, end) of what was found for topic *key*, one per sentence, in corpus order."""
    t = topic(key)
    s = corpus.sentences
    if s is None or s.empty:
        return []
    by_entity = _entity_spans(corpus, t.get("entity"))
    required = set(_entity_spans(corpus, t.get("with_entity"))) if t.get("with_entity") else None
    patterns = [re.compile(p) for p in t.get("patterns") or ()]
    track = t.get("in_track")
    out = []
    for sid, text, tracks in zip(s["sentence_id"], s["text"], s["tracks"]):
        sid = str(sid)
        if required is not None and sid not in required:
            continue
        if track and track not in (tracks or ()):
            continue
        found = next((m for m in (p.search(str(text)) for p in patterns) if m), None)
        if found:
            out.append((sid, found.start(), found.end()))
        elif sid in by_entity:
            out.append((sid, *by_entity[sid]))
    return out


def topic_sentences(corpus, key: str) -> list[str]:
    """Return the ids of the sentences that speak of topic *key*, in corpus order (empty: not mentioned)."""
    return [sid for sid, _a, _b in _hits(corpus, key)]


def topic_phrase(corpus, key: str) -> str | None:
    """Return the words around the first mention of topic *key* (Russian, as in the article), or None."""
    hits = _hits(corpus, key)
    if not hits:
        return None
    sid, a, b = hits[0]
    text = corpus.sentences.set_index("sentence_id").loc[sid, "text"]
    return phrase_around(str(text), a, b, after=topic(key).get("words_after"))


def _figures_in(corpus, sentence_ids) -> int:
    claims = corpus.claims
    return int(claims["sentence_id"].isin(list(sentence_ids)).sum()) if claims is not None and len(claims) else 0


def _who(r) -> str:
    """'the Embassy of Kazakhstan in Azerbaijan, quoting Alim Bayel' — a voice of :func:`voices`."""
    if isinstance(r.originator, str) and r.originator:
        return f"the {r.originator}" + (f", quoting {r.speaker}" if r.speaker != "—" else "")
    return str(r.voice)


def topic_account(corpus, key: str) -> str:
    """Return what the prose says of topic *key*: the Russian words of its first mention and whose they
    are, how many more articles mention it, whether the voices are independent
    (:func:`analysis.book.sourcing.sides_sentence`) and whether any figure comes with it — or, when the
    corpus does not mention it, a sentence that says so."""
    ids = topic_sentences(corpus, key)
    if not ids:
        return f"No article of this corpus mentions {topic(key)['label']}."
    v = voices(corpus, ids)
    first = v.iloc[0]
    text = (f"In the words of {_who(first)} ({demonym(first['side'])}; {first['short']}, {first['outlet']}): "
            f"«{topic_phrase(corpus, key)}».")
    if len(v) > 1:
        text += f" {plural(len(v) - 1, 'more article mentions', 'more articles mention')} it."
    text += " " + sides_sentence(v)
    if not _figures_in(corpus, ids):
        text += " No figure comes with it."
    return text


def topics_table(corpus, track: str) -> pd.DataFrame:
    """Return the topics of *track* as a reader's table: the topic, the Russian words of its first mention
    (or :data:`NOT_MENTIONED`), who speaks of it, and links to the articles (Markdown in column 'Articles').
    Every topic of the track has a row, so a reader sees on any corpus what it does not mention."""
    rows = []
    for t in topics():
        if t["track"] != track:
            continue
        ids = topic_sentences(corpus, t["key"])
        v = voices(corpus, ids)
        who = sorted(dict.fromkeys(
            _who(r).removeprefix("the ") for r in v.itertuples(index=False)))
        rows.append({
            "Topic": t["label"][0].upper() + t["label"][1:],
            "In the sources (first mention)": f"«{topic_phrase(corpus, t['key'])}»" if ids else NOT_MENTIONED,
            "Said by": "; ".join(who) if who else "—",
            # at most MAX_LINKS_PER_CELL links, the rest counted (thousands at 5,000 articles: a 0.85 MB table)
            "Articles": ", ".join(links_capped([source_link(d) for d in v["doc_id"]], MAX_LINKS_PER_CELL, noun="articles",
                                             where="the sources appendix"))
            if len(v) else "—",
        })
    return pd.DataFrame(rows, columns=["Topic", "In the sources (first mention)", "Said by", "Articles"])

