"""Which language an article is written in: only Russian goes through the pipeline's grammar.

Detection is offline: ``lingua-language-detector`` ships its n-gram models inside the wheel, and the
detector is built once per process (:func:`_detector`) for a small set of candidate languages
(:data:`CANDIDATES`) — the corpus's own languages and their near neighbours, so that a Ukrainian or
Bulgarian text is named as such instead of being forced into Russian or Kazakh.

The decision is a list of named rules (:data:`RULES`), tried in order; the first that answers wins
and says which rule it was:

1. ``no_letters`` — a text without a single letter has no language (``und``);
2. ``short_russian_alphabet`` — a short text (under :data:`SHORT_LETTERS` letters) written mostly in
   Cyrillic and only in the Russian alphabet is Russian: on a few words lingua is unsure and takes
   «Али Гасымов» for Kazakh or «ДФЭ в год.» for Belarusian;
3. ``russian_letters`` — a text written mostly in Cyrillic, only in the Russian alphabet, and using
   ``ы`` or ``э`` (which Ukrainian, Bulgarian, Serbian and Macedonian do not have; Belarusian,
   Kazakh, Kyrgyz, Tatar or Mongolian would show their own letters) is Russian without asking
   lingua: it would say the same (every paragraph of the seeds and the development set), at a
   tenth of the cost;
4. ``detector`` — lingua's most likely language when its confidence is at least :data:`CONFIDENT`;
5. ``unsure_russian_alphabet`` — lingua unsure, but the text is Cyrillic in the Russian alphabet: Russian;
6. ``detector_unsure`` — otherwise lingua's best guess all the same (never Russian by default).

Only the first :data:`SAMPLE_CHARS` characters are read, so a 3 MB article costs what a short one
does; ``bench/language.py`` measures the cost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

__all__ = [
    "CANDIDATES", "CONFIDENT", "RULES", "RUSSIAN", "SAMPLE_CHARS", "SHORT_LETTERS",
    "Detection", "detect_language", "language_from_name", "language_label",
]

#: The languages the detector chooses between (lingua names).
CANDIDATES = (
    "RUSSIAN", "KAZAKH", "UKRAINIAN", "BELARUSIAN", "BULGARIAN", "MONGOLIAN",
    "ENGLISH", "AZERBAIJANI", "TURKISH", "GERMAN", "FRENCH",
    "GEORGIAN", "ARMENIAN", "PERSIAN", "ARABIC", "CHINESE",
)
#: The one language the pipeline reads (ISO 639-1).
RUSSIAN = "ru"
#: Characters of the cleaned text the detector reads.
SAMPLE_CHARS = 2000
#: Below this many letters a text counts as short (a headline, a caption, a line of figures).
SHORT_LETTERS = 120
#: Lingua's confidence (0–1, relative to the other candidates) from which its answer is taken as is.
CONFIDENT = 0.5
#: Share of the letters that must be Cyrillic for a text to be read as Cyrillic.
CYRILLIC_MAJORITY = 0.5
#: A short line with at least this share of Cyrillic letters, the rest words in Latin letters, may be Russian
#: citing Latin names (:func:`russian_with_latin_names`).
LATIN_NAMES_CYRILLIC = 0.4
#: Share of the Cyrillic letters that may lie outside the Russian alphabet (a Kazakh name quoted once).
FOREIGN_CYRILLIC = 0.02

# (counted by what is left or found: few, long matches are cheaper than a list of every letter)
_NOT_CYRILLIC = re.compile(r"[^\u0400-\u04ff]+")
_FOREIGN_CYRILLIC = re.compile(r"[\u0400\u0402-\u040f\u0450\u0452-\u04ff]")  # Cyrillic but not а-я, ё
_ONLY_RUSSIAN = re.compile(r"[ыэЫЭ]")


@dataclass(frozen=True)
class Detection:
    """A document's language: ISO 639-1 ``code`` ('ru', 'kk', 'en'; 'und' if none), English ``name``
    and the ``rule`` that decided (a name from :data:`RULES`, or 'sources.csv')."""

    code: str
    name: str
    rule: str

    @property
    def is_russian(self) -> bool:
        return self.code == RUSSIAN


@lru_cache(maxsize=1)
def _detector():
    """The lingua detector over :data:`CANDIDATES` (models load lazily, from the installed wheel).

    Low-accuracy mode (trigrams only): its models load in about 0.1 s where the full ones take
    3 s or more on the first non-Russian text, and it names every test language alike — lingua
    is only asked about text the Russian-alphabet rules did not settle, never about a short one
    in the Russian alphabet.
    """
    languages = (getattr(Language, n) for n in CANDIDATES)
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()


def _detection(language: Language, rule: str) -> Detection:
    return Detection(language.iso_code_639_1.name.lower(), language.name.title(), rule)


_UNDETERMINED = Detection("und", "undetermined", "no_letters")


@dataclass(frozen=True)
class _Sample:
    text: str
    letters: int
    cyrillic: int
    foreign: int
    only_russian: bool

    @property
    def russian_alphabet(self) -> bool:
        """Mostly Cyrillic letters, nearly all of them Russian ones."""
        return (self.cyrillic >= CYRILLIC_MAJORITY * self.letters
                and self.foreign <= FOREIGN_CYRILLIC * self.cyrillic)


def _sample(text: str) -> _Sample:
    s = text[:SAMPLE_CHARS]
    return _Sample(s, sum(map(str.isalpha, s)), len(_NOT_CYRILLIC.sub("", s)), len(_FOREIGN_CYRILLIC.findall(s)),
                   _ONLY_RUSSIAN.search(s) is not None)


def _best(sample: _Sample):
    """Lingua's most likely candidate and its confidence (None when it names none)."""
    values = _detector().compute_language_confidence_values(sample.text)
    return (values[0].language, values[0].value) if values else (None, 0.0)


# --- the rules: each returns a Detection or None (no opinion) ------------------------------------

def no_letters(sample: _Sample, best) -> Detection | None:
    """No letter at all («2025 — 12,5 %», «600 000 000 $»): no language (not even «русский»), never read as Russian."""
    return _UNDETERMINED if sample.letters == 0 else None


def short_russian_alphabet(sample: _Sample, best) -> Detection | None:
    """A few words in the Russian alphabet («ДФЭ в год.», «Али Гасымов») are Russian, whatever lingua guesses."""
    if sample.letters < SHORT_LETTERS and sample.russian_alphabet:
        return _detection(Language.RUSSIAN, "short_russian_alphabet")
    return None


def russian_letters(sample: _Sample, best) -> Detection | None:
    """Russian alphabet and ``ы``/``э`` («Товарооборот вырос …»): Russian; «Товарообіг зріс …» is not."""
    if sample.russian_alphabet and sample.only_russian:
        return _detection(Language.RUSSIAN, "russian_letters")
    return None


#: A word in Latin letters (a name or an address cited in a Russian sentence: «Atameken business», «trans.info»).
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9.\-]*")


def russian_with_latin_names(sample: _Sample, best) -> Detection | None:
    """A short line in the Russian alphabet that cites names or addresses in Latin letters («Об этом сообщает
    Atameken business, передает Caravan.kz.», «Источник: trans.info»): Russian, whatever lingua makes of the names."""
    if sample.letters >= SHORT_LETTERS or sample.cyrillic < LATIN_NAMES_CYRILLIC * sample.letters:
        return None  # (not "The port of Актау and Баку handled …": an English line with Russian names)
    rest = _sample(_LATIN_WORD.sub(" ", sample.text))
    if rest.letters and rest.russian_alphabet and len(rest.text.split()) >= 1 and rest.cyrillic >= 6:
        return _detection(Language.RUSSIAN, "russian_with_latin_names")
    return None


def detector(sample: _Sample, best) -> Detection | None:
    """Lingua's answer when it is confident («Қазақстан мен Әзірбайжан …» → Kazakh, «Kazakhstan and …» → English)."""
    language, confidence = best()
    return _detection(language, "detector") if language is not None and confidence >= CONFIDENT else None


def unsure_russian_alphabet(sample: _Sample, best) -> Detection | None:
    """Lingua unsure, the text Cyrillic in the Russian alphabet («Алиев, Токаев, Актау: 12»): Russian."""
    return _detection(Language.RUSSIAN, "unsure_russian_alphabet") if sample.russian_alphabet else None


def detector_unsure(sample: _Sample, best) -> Detection | None:
    """Lingua unsure and the text not in the Russian alphabet («Бiз келдiк» with a Latin i): its best guess,
    so the file is set aside."""
    language, _ = best()
    return _detection(language, "detector_unsure") if language is not None else None


RULES = (no_letters, short_russian_alphabet, russian_letters, russian_with_latin_names, detector, unsure_russian_alphabet,
         detector_unsure)


def detect_language(text: str) -> Detection:
    """Return the language of *text* (an article's cleaned text), by the first rule of :data:`RULES` that answers.

    >>> detect_language("Казахстан и Азербайджан подписали соглашение о транзите нефти через порт Актау.").code
    'ru'
    >>> detect_language("Товарооборот между Казахстаном и Азербайджаном за девять месяцев вырос в полтора "
    ...                 "раза и достиг 600 миллионов долларов, сообщили в министерстве торговли.").rule
    'russian_letters'
    >>> d = detect_language("Kazakhstan and Azerbaijan signed an agreement on oil transit through the port of Aktau.")
    >>> (d.code, d.name, d.rule)
    ('en', 'English', 'detector')
    >>> detect_language("Қазақстан мен Әзірбайжан Ақтау порты арқылы мұнай транзиті туралы келісімге қол қойды.").name
    'Kazakh'
    >>> detect_language("Али Гасымов").rule   # lingua alone would say Kazakh
    'short_russian_alphabet'
    >>> detect_language("Об этом сообщает Atameken business, передает Caravan.kz.").rule
    'russian_with_latin_names'
    >>> detect_language("The port of Актау and Баку handled five million tonnes.").code
    'en'
    """
    sample = _sample(text)
    cached: list = []

    def best():
        if not cached:
            cached.append(_best(sample))
        return cached[0]

    for rule in RULES:
        found = rule(sample, best)
        if found is not None:
            return found
    return _UNDETERMINED


def language_from_name(value: str) -> Detection | None:
    """Return the language a ``sources.csv`` cell names — an ISO 639-1 code ('ru', 'kk') or an English
    name ('Russian'), any case — with rule 'sources.csv'; None if lingua knows no such language.

    >>> language_from_name("KK").name, language_from_name("english").code, language_from_name("Klingon")
    ('Kazakh', 'en', None)
    """
    v = value.strip()
    language = getattr(Language, v.upper(), None) if v.isalpha() else None
    if not isinstance(language, Language):
        language = None
        code = getattr(IsoCode639_1, v.upper(), None) if len(v) == 2 else None
        if code is not None:
            language = Language.from_iso_code_639_1(code)
    return _detection(language, "sources.csv") if language is not None else None


def language_label(detection: Detection) -> str:
    """'English (en)' — how the manifest and the corpus page name a language.

    >>> language_label(Detection("kk", "Kazakh", "detector"))
    'Kazakh (kk)'
    """
    return f"{detection.name} ({detection.code})"
