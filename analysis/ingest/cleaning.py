"""Repair print-layout artefacts in article text (scans of print pages, copy-paste from PDFs).

The entry point is :func:`clean_text`, which returns a :class:`CleanResult`: the cleaned text
(paragraphs separated by exactly one blank line) and the list of repairs it made, each a dict
``{kind, before, after}`` for the book's cleaning report. Kinds:

``whitespace``
    no-break/typographic spaces and tabs made plain spaces, runs of spaces collapsed, invisible
    characters (zero-width space, stray BOM) dropped — one summary repair per kind of change.
``unicode``
    decomposed characters composed (NFC), e.g. "й" typed as "и" + combining breve.
``hyphenation``
    a word hyphenated across a line/paragraph/page break is rejoined: ``чис-`` … ``ле`` →
    ``числе``. Which spelling wins: the one the article itself uses elsewhere; else the
    hyphenated form if it is a pymorphy3 dictionary word (``волоконно-оптической`` is in the
    dictionary in both spellings); else the solid form if it is a dictionary word; else the hyphen
    stays (``казахско-`` … ``азербайджанских``, ``Касым-`` … ``Жомарт``, particles ``кто-`` …
    ``то``). Soft hyphens are dropped.
``split_paragraph``
    a paragraph that ends without terminal punctuation and is followed (after any number of blank
    lines) by one that starts in lower case is the same sentence: the two are joined with a space.
``repeated_headline``
    a short unpunctuated paragraph that repeats an earlier paragraph, or the beginning of the first
    one (the headline), verbatim — a running head of a print page — is removed.
``pull_quote``
    a short unpunctuated paragraph inserted in the middle of a split sentence that repeats a phrase
    of the article (compared by lemmas, so "Важные страны региона" matches "важными странами
    региона") is removed.
``moved_insertion``
    a short capitalised unpunctuated paragraph (a caption, say) that interrupts a split sentence but
    repeats nothing is kept, moved after the paragraph whose sentence it interrupted.

What is deliberately NOT touched (conservatism beats cleverness here): headings and attribution
lines ("Контакты Баку и Астаны", "– Касым-Жомарт Токаев"), which end without punctuation but are
followed by a capitalised paragraph; bylines ("Али Гасымов"); repeated full paragraphs with
punctuation; hyphens inside a line. Inserted paragraphs are only recognised between an open
sentence and an unambiguous continuation (lower case or , ; : )); a line-break hyphen continues in
upper case only after a capitalised first half (``Касым-`` … ``Жомарт``).

Every line of the input is treated as a paragraph candidate (one newline or several make no
difference); the join rules above decide what belongs together. Settings live in
``analysis/data/lexicons/cleaning.yml``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from analysis import datafiles
from analysis.nlp.lemmas import morph

__all__ = ["CleanResult", "clean_text", "is_known_word", "lemma", "REPAIR_KINDS"]

REPAIR_KINDS = (
    "whitespace", "unicode", "lookalike", "hyphenation", "split_paragraph", "repeated_headline", "pull_quote",
    "moved_insertion",
)

#: Marks a paragraph break inside the ``before`` text of a repair.
BREAK = " ¶ "

_TERMINAL = ".!?…"
_CLOSERS = "»\"”’)]'"
_HYPHENS = "-\u2010\u2011\u00ac"  # hyphen-minus, hyphen, non-breaking hyphen, "¬" (OCR)
_HYPHEN_END = re.compile(rf"([^\W\d_]+)[{_HYPHENS}]$")
_LETTERS = re.compile(r"[^\W\d_]+")
_WORD_FORMS = re.compile(rf"[^\W\d_]+(?:[{_HYPHENS}][^\W\d_]+)*")
_SPACE_RUN = re.compile(r" {2,}")
_ODD_NEWLINES = re.compile(r"[\f\v\x85\u2028\u2029]")


@dataclass(frozen=True)
class CleanResult:
    """Cleaned text (paragraphs joined by ``"\\n\\n"``) and the repairs made, in text order."""

    text: str
    repairs: list[dict] = field(default_factory=list)


@lru_cache(maxsize=1)
def _settings() -> dict:
    cfg = dict(datafiles.load("cleaning.yml"))
    cfg["hyphen_particles"] = frozenset(cfg["hyphen_particles"])
    cfg["_odd_spaces"] = re.compile(f"[{re.escape(cfg['odd_spaces'])}]")
    cfg["_invisible"] = re.compile(f"[{re.escape(cfg['invisible'])}]")
    return cfg


# pymorphy3 is loaded once, on first use: most documents never need it (no hyphen at a break, no
# pull-quote), so plain ingestion does not pay the ~0.1 s load.
@lru_cache(maxsize=200_000)
def is_known_word(word: str) -> bool:
    """Return True if the lower-cased *word* is in the pymorphy3 dictionary (no guessing)."""
    return bool(word) and morph().word_is_known(word.lower())


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """Return the most probable pymorphy3 lemma of the lower-cased *word*."""
    return morph().parse(word.lower())[0].normal_form


def _hyphen_end(par: str) -> re.Match | None:
    """Match ``word-`` at the end of *par* (in its last 80 characters: no scan of long paragraphs)."""
    if not par or par[-1] not in _HYPHENS:
        return None
    return _HYPHEN_END.search(par, max(0, len(par) - 80))


def _is_terminal(par: str) -> bool:
    """True if *par* ends a sentence: terminal punctuation, possibly inside closing quotes."""
    s = par.rstrip(_CLOSERS)
    return bool(s) and s[-1] in _TERMINAL


def _starts_lower(par: str) -> bool:
    c = par[0]
    return c.isalpha() and c.islower()


def _starts_upper(par: str) -> bool:
    s = par.lstrip("«\"„“")
    return bool(s) and s[0].isalpha() and s[0].isupper()


def _words(par: str) -> list[str]:
    return par.split()


def _tail(par: str, n: int = 3) -> str:
    return " ".join(par.split()[-n:])


def _head(par: str, n: int = 3) -> str:
    return " ".join(par.split()[:n])


def _is_insertion_shape(par: str, cfg: dict) -> bool:
    """Short, capitalised, no terminal punctuation: what a running head or pull-quote looks like."""
    return (
        len(par) <= cfg["insertion_max_chars"]
        and _starts_upper(par)
        and not _is_terminal(par)
        and len(_words(par)) <= cfg["insertion_max_words"]
    )


def _is_continuation(prev: str, nxt: str) -> bool:
    """True if *nxt* continues the sentence that *prev* leaves open."""
    m = _hyphen_end(prev)
    if m:
        # "Касым-" … "Жомарт": a capitalised first half may go on in upper case; "чис-" … only in lower.
        return _starts_lower(nxt) or (m.group(1)[0].isupper() and nxt[0].isalpha())
    if _is_terminal(prev):
        return False
    return _starts_lower(nxt) or nxt[0] in ",;:)"


def _strong_continuation(prev: str, nxt: str) -> bool:
    """True if *nxt* can only be the rest of *prev*'s sentence (starts in lower case or with , ; : ))."""
    return not _is_terminal(prev) and (_starts_lower(nxt) or nxt[0] in ",;:)")


def _join_hyphen(prev: str, nxt: str, doc_words: Callable[[], set[str]], cfg: dict) -> tuple[str, dict]:
    """Join *prev* (ending in ``word-``) and *nxt*; drop the hyphen only for a typesetting hyphen."""
    m = _hyphen_end(prev)
    prefix = m.group(1)
    w = _LETTERS.match(nxt)
    suffix = w.group(0) if w else ""
    solid = (prefix + suffix).lower()
    hyphenated = f"{prefix}-{suffix}".lower()
    keep = True
    if suffix and suffix[0].islower() and suffix.lower() not in cfg["hyphen_particles"]:
        # Evidence from the article itself beats the dictionary: if it spells this very word form
        # elsewhere, follow it.
        words = doc_words()
        if hyphenated in words:
            keep = True
        elif solid in words:
            keep = False
        # "волоконно-оптической" is in the dictionary in both spellings: the hyphenated entry wins.
        elif is_known_word(hyphenated):
            keep = True
        else:
            keep = not is_known_word(solid)
    joined = prev[: m.end(1)] + ("-" if keep else "") + nxt
    after = f"{prefix}-{suffix}" if keep else prefix + suffix
    return joined, {"kind": "hyphenation", "before": f"{prefix}-{BREAK}{suffix}", "after": after}


class _LemmaIndex:
    """Lemma bigram counts of a whole article, built on first use (only pull-quote checks need it)."""

    def __init__(self, paragraphs: list[str]):
        self._paragraphs = paragraphs
        self._counts: Counter | None = None

    @staticmethod
    def bigrams(text: str) -> list[tuple[str, str]]:
        lem = [lemma(w) for w in _LETTERS.findall(text)]
        return list(zip(lem, lem[1:]))

    def repeats(self, par: str, min_share: float) -> bool:
        """True if at least *min_share* of *par*'s lemma bigrams occur in the rest of the article."""
        if self._counts is None:
            # One stream over all paragraphs, so a phrase split across a paragraph break still counts.
            self._counts = Counter(self.bigrams("\n".join(self._paragraphs)))
        own = Counter(self.bigrams(par))
        if not own:
            return False
        hits = sum(n for bg, n in own.items() if self._counts[bg] - n > 0)
        return hits / sum(own.values()) >= min_share


#: Latin letters that look like Cyrillic ones, and the Cyrillic letter meant.
_LOOKALIKE = str.maketrans("aceopxyACEHKMOPTXB", "асеорхуАСЕНКМОРТХВ")
# a word of Cyrillic letters with a Latin lookalike inside ("Aзербайджан"), or a lone Latin "c"/"o"/"a"/"y"
# between Russian words or before a number ("… Азербайджаном c 2020 года")
_MIXED_WORD = re.compile(r"\b(?=[а-яёА-ЯЁaceopxyACEHKMOPTXB]*[а-яёА-ЯЁ])(?=[а-яёА-ЯЁ]*[aceopxyACEHKMOPTXB])"
                         r"[а-яёА-ЯЁaceopxyACEHKMOPTXB]+\b")
_LONE_LATIN = re.compile(r"(?<=[а-яё,] )[caoy](?= (?:\d|[а-яё]))")


def _repair_lookalikes(text: str, repairs: list[dict]) -> str:
    """Latin lookalikes typed inside Russian text become the Cyrillic letters meant: a date module or a
    lemmatiser reads "c 2020 года" (Latin c) as no preposition at all."""
    def fix(m: re.Match) -> str:
        after = m.group(0).translate(_LOOKALIKE)
        repairs.append({"kind": "lookalike", "before": m.group(0), "after": after})
        return after

    return _LONE_LATIN.sub(fix, _MIXED_WORD.sub(fix, text))


def _normalise_chars(text: str, repairs: list[dict], cfg: dict) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _ODD_NEWLINES.search(text):
        text = _ODD_NEWLINES.sub("\n", text)
    if not unicodedata.is_normalized("NFC", text):
        before = len(text)
        text = unicodedata.normalize("NFC", text)
        repairs.append({"kind": "unicode", "before": f"{before - len(text)}× combining mark", "after": "composed (NFC)"})
    n = text.count("\u00ad")
    if n:
        text = text.replace("\u00ad", "")
        repairs.append({"kind": "hyphenation", "before": f"{n}× soft hyphen", "after": "removed"})
    text, n = cfg["_invisible"].subn("", text)
    if n:
        repairs.append({"kind": "whitespace", "before": f"{n}× invisible character", "after": "removed"})
    text, n = cfg["_odd_spaces"].subn(" ", text)
    if n:
        repairs.append({"kind": "whitespace", "before": f"{n}× no-break/typographic space or tab", "after": "space"})
    text = _repair_lookalikes(text, repairs)
    # Runs of spaces inside lines only; leading/trailing spaces go with the line split below.
    n = sum(1 for line in text.split("\n") for _ in _SPACE_RUN.finditer(line.strip(" "))) if "  " in text else 0
    if n:
        text = _SPACE_RUN.sub(" ", text)
        repairs.append({"kind": "whitespace", "before": f"{n}× run of spaces", "after": "single space"})
    return text


def clean_text(raw: str) -> CleanResult:
    """Return the cleaned article text and the repairs made (see the module docstring).

    *raw* is the article body without the date header. Runs in time linear in the text length.
    """
    cfg = _settings()
    repairs: list[dict] = []
    text = _normalise_chars(raw, repairs, cfg)
    paras = [p.strip(" ") for p in text.split("\n")]
    paras = [p for p in paras if p]
    if not paras:
        return CleanResult("", repairs)
    return CleanResult(_Cleaner(paras, cfg, repairs).run(), repairs)


def _join_split(prev: str, nxt: str) -> tuple[str, dict]:
    """Join a sentence split across a paragraph break: with a space, or none before , ; : )."""
    glue = "" if nxt[0] in ",;:)" else " "
    rep = {"kind": "split_paragraph", "before": f"{_tail(prev)}{BREAK}{_head(nxt)}", "after": f"{_tail(prev)}{glue}{_head(nxt)}"}
    return f"{prev}{glue}{nxt}", rep


class _Cleaner:
    """One pass over an article's paragraphs, in text order; each paragraph goes to the first of
    :attr:`RULES` that takes it, and the output grows as it goes."""

    def __init__(self, paras: list[str], cfg: dict, repairs: list[dict]):
        self.paras = paras
        self.cfg = cfg
        self.repairs = repairs
        self.index = _LemmaIndex(paras)
        self._words: set[str] | None = None
        # Earlier paragraphs (verbatim) and the first paragraph, for repeated-headline checks: O(1) each.
        self.seen: set[str] = set()
        self.first = paras[0]
        self.out: list[str] = []
        self.pending: list[str] = []  # moved insertions, emitted after the paragraph they interrupted

    def run(self) -> str:
        """Apply the rules to every paragraph; return the cleaned text."""
        i, n = 0, len(self.paras)
        while i < n:
            for rule in self.RULES:
                nxt = rule(self, i)
                if nxt is not None:
                    break
            i = nxt
        self.out.extend(self.pending)
        return "\n\n".join(self.out)

    # -- what the rules look up in the article -------------------------------------------------

    def doc_words(self) -> set[str]:
        """Lower-case word forms of the article, hyphenated compounds as one form (built once)."""
        if self._words is None:
            self._words = set(_WORD_FORMS.findall("\n".join(self.paras).lower()))
        return self._words

    def repeats_headline(self, par: str) -> bool:
        """True if *par* repeats an earlier paragraph, or the beginning of the first one, verbatim."""
        if par in self.seen:
            return True
        first = self.first
        return par != first and first.startswith(par) and not first[len(par)].isalnum()

    def insertion_repair(self, cand: str) -> dict:
        """The repair for a short paragraph inside an open sentence: running head, pull-quote, else moved."""
        cfg = self.cfg
        if self.repeats_headline(cand):
            return {"kind": "repeated_headline", "before": cand, "after": ""}
        if len(_words(cand)) >= cfg["pull_quote_min_words"] and self.index.repeats(cand, cfg["pull_quote_min_bigram_share"]):
            return {"kind": "pull_quote", "before": cand, "after": ""}
        return {"kind": "moved_insertion", "before": cand, "after": "after the rejoined paragraph"}

    def continuation(self, prev: str, i: int) -> tuple[int | None, list[dict]]:
        """Where the sentence *prev* leaves open goes on from paragraph *i*: its index (None: nowhere)
        and the repairs of the short paragraphs inserted before it."""
        paras, cfg, n = self.paras, self.cfg, len(self.paras)
        if _is_continuation(prev, paras[i]):
            return i, []
        # Look past short inserted paragraphs for the continuation of the open sentence.
        j, run = i, []
        while j < n and j - i < cfg["insertion_max_run"] and _is_insertion_shape(paras[j], cfg):
            run.append(self.insertion_repair(paras[j]))
            j += 1
        # Only an unambiguous continuation (lower case or , ; : )) behind the insertions
        # proves they interrupt a sentence.
        if run and j < n and _strong_continuation(prev, paras[j]):
            return j, run
        return None, []

    # -- the rules, in the order applied: each returns the next paragraph's index, or None -------

    def join_open_sentence(self, i: int) -> int | None:
        """split_paragraph / hyphenation: join the paragraph that continues the open sentence before it."""
        if not self.out or _is_terminal(self.out[-1]):
            return None
        prev = self.out[-1]
        target, inserted = self.continuation(prev, i)
        if target is None:
            return None
        nxt = self.paras[target]
        self.repairs.extend(inserted)
        self.pending.extend(r["before"] for r in inserted if r["kind"] == "moved_insertion")
        self.seen.update(self.paras[i:target])
        if _hyphen_end(prev):
            joined, rep = _join_hyphen(prev, nxt, self.doc_words, self.cfg)
        else:
            joined, rep = _join_split(prev, nxt)
        self.out[-1] = joined
        self.repairs.append(rep)
        self.seen.add(nxt)
        return target + 1

    def drop_repeated_headline(self, i: int) -> int | None:
        """repeated_headline: remove a short unpunctuated paragraph that repeats the headline or an earlier one."""
        par, cfg = self.paras[i], self.cfg
        if (
            _is_insertion_shape(par, cfg)
            and len(_words(par)) >= cfg["repeated_headline_min_words"]
            and self.repeats_headline(par)
        ):
            self.repairs.append({"kind": "repeated_headline", "before": par, "after": ""})
            return i + 1
        return None

    def keep(self, i: int) -> int:
        """Keep the paragraph, after the insertions moved out of the sentence before it."""
        par = self.paras[i]
        self.out.extend(self.pending)
        self.pending.clear()
        self.seen.add(par)
        self.out.append(par)
        return i + 1

    RULES = (join_open_sentence, drop_repeated_headline, keep)
