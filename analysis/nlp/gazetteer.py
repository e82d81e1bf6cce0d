"""The gazetteer: one loader and one matcher of people, places, organisations and projects (with dated roles), and transliteration."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from types import SimpleNamespace

import pandas as pd

from analysis import datafiles
from analysis.nlp.lemmas import _fold, _parses, morph

GAZETTEER_COLUMNS = ["canonical", "kind", "country", "ru", "lat", "lon", "gender", "patterns"]

# =============================================================================== gazetteer

@dataclass(frozen=True)
class _Entry:
    canonical: str
    kind: str
    country: str | None
    ru: str
    lat: float | None
    lon: float | None
    gender: str | None
    patterns: tuple[str, ...]
    surname: str | None
    roles: tuple[_Role, ...]


@dataclass(frozen=True)
class _Role:
    """A description that designates a person while they hold an office ("Президент Казахстана").

    *since*/*until* are ISO dates (inclusive), None when open: an office changes hands, and an
    article is read with the holder of its own publication date (see :func:`_roles_on`).
    """
    pattern: str
    since: str | None = None
    until: str | None = None

    def holds_on(self, day: str | None) -> bool:
        """Does the description designate this person on ISO date *day*? An undated article is
        read with the present holder (a role with no end date): the corpus is current news."""
        if day is None:
            return self.until is None
        return (self.since is None or self.since <= day) and (self.until is None or day <= self.until)


def _parse_role(raw) -> _Role:
    if isinstance(raw, str):
        return _Role(raw)
    unknown = set(raw) - {"pattern", "since", "until"}
    if unknown or "pattern" not in raw:
        raise ValueError(f"gazetteer: a role is a pattern or {{pattern, since, until}}, not {raw!r}")
    since, until = (str(raw[k]) if raw.get(k) is not None else None for k in ("since", "until"))
    for d in (since, until):
        if d is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", d):
            raise ValueError(f"gazetteer: role dates are YYYY-MM-DD, not {d!r} ({raw['pattern']!r})")
    return _Role(str(raw["pattern"]), since, until)


@functools.lru_cache(maxsize=1)
def gazetteer_file() -> dict:
    """Return ``analysis/data/lexicons/gazetteer.yml`` as parsed (``entries`` and the ``speech`` lexicon);
    read once per process. Treat it as read-only."""
    return datafiles.load("gazetteer.yml")


@functools.lru_cache(maxsize=1)
def _entries() -> tuple[_Entry, ...]:
    entries = []
    for raw in gazetteer_file()["entries"]:
        kind = raw["kind"]
        if kind not in KINDS:
            raise ValueError(f"gazetteer: {raw['canonical']!r} has unknown kind {kind!r}")
        entries.append(_Entry(
            canonical=raw["canonical"], kind=kind, country=raw.get("country"),
            ru=raw.get("ru") or raw["canonical"],
            lat=raw.get("lat"), lon=raw.get("lon"),
            gender=(raw.get("gender") or "m") if kind == "PER" else None,
            patterns=tuple(raw.get("patterns") or ()), surname=raw.get("surname"),
            roles=tuple(_parse_role(r) for r in raw.get("roles") or ()),
        ))
    return tuple(entries)


@functools.lru_cache(maxsize=1)
def _speech_lexicon() -> SimpleNamespace:
    sp = gazetteer_file()["speech"]
    retro = "|".join(f"(?:{p})" for p in sp["retro_openers"])
    return SimpleNamespace(verbs=frozenset(sp["verbs"]), roles=frozenset(sp["roles"]),
                           pronouns=frozenset(sp["pronouns"]),
                           retro=re.compile(rf"\s*(?:{retro})(?!\w)"))


def load_gazetteer() -> pd.DataFrame:
    """Return the gazetteer as a table, one row per entity.

    Columns: ``canonical`` (English name), ``kind`` (PER/LOC/ORG/PROJECT), ``country`` (str or
    None), ``ru`` (Russian nominative), ``lat``, ``lon`` (decimal degrees, float, NaN when not a
    mapped place), ``gender`` ('m'/'f' for people, else None), ``patterns`` (tuple of regexes).
    """
    rows = [{
        "canonical": e.canonical, "kind": e.kind, "country": e.country, "ru": e.ru,
        "lat": float(e.lat) if e.lat is not None else float("nan"),
        "lon": float(e.lon) if e.lon is not None else float("nan"),
        "gender": e.gender,
        "patterns": e.patterns + ((e.surname,) if e.surname else ()),
    } for e in _entries()]
    out = pd.DataFrame(rows, columns=GAZETTEER_COLUMNS)
    for col in ("country", "gender", "patterns"):
        out[col] = out[col].astype(object)
    return out


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    entry: _Entry
    how: str  # 'name' | 'surname' | 'role'


class _Matcher:
    """All gazetteer patterns of a selection in ONE alternation (one scan per text).

    Alternatives are ordered longest pattern first, full names before surnames, so that at a
    given position the leftmost-first regex semantics pick the longest form in practice.
    """

    def __init__(self, items: list[tuple[str, _Entry, str]]):
        order = {"name": 0, "role": 1, "surname": 2}
        items = sorted(items, key=lambda it: (order[it[2]], -len(it[0])))
        self.items = items
        alts = "|".join(f"(?P<g{i}>{p})" for i, (p, _, _) in enumerate(items))
        self.regex = re.compile(rf"(?<![\w-])(?:{alts})(?![\w-])") if items else None

    def find(self, text: str) -> list[_Match]:
        if self.regex is None:
            return []
        out = []
        for m in self.regex.finditer(text):
            _, entry, how = self.items[int(m.lastgroup[1:])]
            if how == "surname" and _other_first_name_before(text, m.start()):
                continue
            out.append(_Match(m.start(), m.end(), entry, how))
        return out


_PREV_WORD = re.compile(r"([^\W\d_][\w-]*)\s+$")


def _other_first_name_before(text: str, pos: int) -> bool:
    """True when a surname at *pos* follows a capitalised word that looks like a first name —
    then it is someone else of that surname (full names of gazetteer people match first)."""
    m = _PREV_WORD.search(text, max(0, pos - 40), pos)
    if not m or not m.group(1)[0].isupper():
        return False
    word = _fold(m.group(1))
    if not re.fullmatch(r"[а-я-]+", word):
        return False
    parses = _parses(word)
    return any("Name" in p.tag for p in parses) or not morph().word_is_known(word)


@functools.lru_cache(maxsize=16)
def _matcher(kinds: frozenset, roles: frozenset = frozenset()) -> _Matcher:
    """One alternation of the names of *kinds* and of their *roles* ((person, pattern) pairs in force)."""
    items = []
    for e in _entries():
        if e.kind not in kinds:
            continue
        items += [(p, e, "name") for p in e.patterns]
        if e.surname:
            items.append((e.surname, e, "surname"))
        items += [(r.pattern, e, "role") for r in e.roles if (e.canonical, r.pattern) in roles]
    return _Matcher(items)


@functools.lru_cache(maxsize=4096)
def _roles_on(day: str | None) -> frozenset[tuple[str, str]]:
    """The (person, role pattern) pairs in force on ISO date *day* (None: undated).

    This, not the date, is what the speaker rules depend on, and there are only as many distinct
    sets as terms of office: the matcher and each sentence's features are cached per set, so a
    corpus spread over many dates compiles a handful of matchers and shares its features.
    """
    return frozenset((e.canonical, r.pattern) for e in _entries() for r in e.roles if r.holds_on(day))


@functools.lru_cache(maxsize=1)
def _any_role() -> re.Pattern | None:
    """Every role pattern of the gazetteer, whatever its dates, in one search (None: no roles)."""
    patterns = sorted({r.pattern for e in _entries() for r in e.roles})
    return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None


def _roles_for(text: str, roles: frozenset) -> frozenset:
    """*roles*, or none when *text* mentions no role at all: then the roles cannot change its
    features, and the sentence shares one cached analysis across every date it is published on."""
    rx = _any_role()
    return roles if roles and rx is not None and rx.search(text) else frozenset()


# =============================================================================== transliteration

_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    # Kazakh and other Cyrillic letters met in names
    "ә": "a", "ғ": "gh", "қ": "q", "ң": "ng", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
    "ї": "yi", "є": "ye", "ў": "w", "ҷ": "j", "ҳ": "h", "ӣ": "i", "ӯ": "u",
}
_VOWELS = set("аеёиоуыэюяәөұүіїє")


def transliterate(s: str) -> str:
    """Cyrillic → Latin, BGN/PCGN-style without diacritics or apostrophes.

    е is "ye" at a word start and after a vowel, ъ or ь (Токаев → Tokayev, Евразия → Yevraziya);
    ё → "yo"; ъ/ь are dropped; other characters pass through. Capitalisation follows the source
    letter ("Ж" → "Zh"), and all-capital words stay all-capital (ЦАМО → TSAMO).
    """
    out = []
    for word in re.split(r"([^\w]+)", s):
        if not word:
            continue
        all_caps = len(word) > 1 and word.isupper()
        chars = []
        prev = None
        for ch in word:
            low = ch.lower()
            if low in _LATIN:
                lat = _LATIN[low]
                if low == "е" and (prev is None or prev in _VOWELS or prev in "ъь"):
                    lat = "ye"
                if ch != low and lat:
                    lat = lat.upper() if all_caps else lat[0].upper() + lat[1:]
                chars.append(lat)
            else:
                chars.append(ch)
            prev = low if low.isalpha() else None
        out.append("".join(chars))
    return "".join(out)


KINDS = ("PER", "LOC", "ORG", "PROJECT")
