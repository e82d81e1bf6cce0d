"""The vocabulary of the quantity grammar, compiled once: number words, scales, units, qualifiers
(``units.yml``) and clause boundaries, target cues, comparison bases, change verbs (``claims.yml``)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from analysis import datafiles


def _load_yaml(name: str) -> dict:
    """A lexicon of the claims grammar, checked against its schema (:mod:`analysis.datafiles`)."""
    return datafiles.load(name)


def _alt(words: Iterable[str]) -> str:
    return "(?:" + "|".join(sorted(set(words), key=len, reverse=True)) + ")"


@lru_cache(maxsize=1)
def _grammar() -> dict:
    """Compile the quantity grammar from units.yml / claims.yml once."""
    u = _load_yaml("units.yml")
    c = _load_yaml("claims.yml")
    g: dict = {}
    for part in (_numbers, _units, _multipliers, _per_period, _qualifiers, _nouns_and_prefixes, _exclusions):
        g.update(part(u))
    g.update(_clauses_and_cues(c))
    # Every pattern a figure can start from, in one alternation: a sentence it does not match holds
    # no figure, and one search settles that for most sentences (search(A|B) finds a match exactly
    # when search(A) or search(B) does).
    g["candidate"] = re.compile("|".join(
        [r"\d"] + [g[k].pattern for k in ("numword", "adverb", "adjective", "lone_scale")]))
    return g


def _numbers(u: dict) -> dict:
    """Number words, digits, "с половиной", scale words (units.yml)."""
    g: dict = {}
    word_value: dict[str, float] = {}
    for value, forms in u["number_words"].items():
        for f in forms:
            word_value[f] = float(value)
    g["word_value"] = word_value
    g["numword"] = re.compile(r"(?<![\w-])" + _alt(word_value) + r"(?![\w-])")
    # "1 500 000" (any space kind, normalised), "1.500.000" (dotted thousands), "1,5" / "1.5" (decimal).
    g["digits"] = re.compile(
        r"(?<!\d)(\d{1,3}(?:\.\d{3}){2,}(?![\d.,]\d)|\d{1,3}(?: \d{3})+(?!\d)|\d+)(?:([.,])(\d+))?(?!\d)")
    g["half"] = re.compile(r"\s+" + u["half"] + r"\b")
    g["scales"] = [(re.compile(r"\s*(?:" + s["pattern"] + r")(?![а-яa-z])"), float(s["factor"]))
                   for s in u["scales"]]
    g["lone_scale"] = re.compile(
        r"(?<![\w-])(" + "|".join(s["pattern"] for s in u["lone_scales"]) + r")(?![\w-])")
    g["lone_scale_factor"] = [(re.compile(s["pattern"]), float(s["factor"])) for s in u["lone_scales"]]
    return g


def _units(u: dict) -> dict:
    """Units after the number and currency signs before it (units.yml)."""
    g: dict = {}
    units = []
    for spec in u["units"]:
        rx = re.compile(r"\s*(?:" + spec["pattern"] + r")(?![а-яa-z0-9])")
        units.append((rx, spec.get("unit"), float(spec.get("factor", 1.0)), bool(spec.get("skip", False))))
    g["units"] = units
    g["prefix_cur"] = [(re.compile(r"(?:" + p["pattern"] + r")\s*$"), p["unit"]) for p in u["prefix_currencies"]]
    return g


def _multipliers(u: dict) -> dict:
    """Multiplier adverbs ("втрое") and adjectives ("двукратный рост") (units.yml)."""
    g: dict = {}
    adv = {}
    for value, forms in u["multiplier_adverbs"].items():
        for f in forms:
            adv[f] = float(value)
    g["adverb_value"] = adv
    g["adverb"] = re.compile(r"(?<![\w-])" + _alt(adv) + r"(?![\w-])")
    adj = {}
    for value, stems in u["multiplier_adjective_stems"].items():
        for s in stems:
            adj[s] = float(value)
    g["adj_value"] = adj
    g["adjective"] = re.compile(r"(?<![\w-])(" + _alt(adj) + r"|(?P<d>\d+(?:[.,]\d+)?)\s?-\s?кратн)\w*\s+"
                                + u["multiplier_adjective_nouns"])
    return g


def _per_period(u: dict) -> dict:
    """What turns a volume into a flow per year / per day (units.yml)."""
    g: dict = {}
    g["per_year_after"] = re.compile(u["per_year_after"])
    g["per_year_before"] = re.compile(u["per_year_before"])
    g["per_year_window"] = int(u["per_year_window"])
    g["per_day_after"] = re.compile(u["per_day_after"])
    g["per_year_units"] = dict(u["per_year_units"])
    g["per_day_units"] = dict(u["per_day_units"])
    return g


def _qualifiers(u: dict) -> dict:
    """Qualifier words before the figure, "с лишним" after it, change verbs before "до" (units.yml)."""
    g: dict = {}
    q = u["qualifiers"]
    quals = []
    for name in ("approx", "more_than", "up_to"):
        for w in q[name].split("|"):
            quals.append((w, name))
    g["qual_rx"] = [(re.compile(w), name) for w, name in quals]  # (qualifier word, meaning)
    g["qualifier"] = re.compile(
        r"(?:^|[^\w-])(" + _alt(w for w, _ in quals) + r")(?:,?\s+чем)?(?:\s+(?:на|в|во|до|с|со|от|через))?\s*"
        r"(?:us\$|\$|€|₸|₽)?\s*$")
    g["more_than_after"] = re.compile(u["more_than_after"])
    g["to_level"] = re.compile(u["to_level_verbs"])
    g["per_tonne_after"] = re.compile(u["per_tonne_after"])
    g["per_tonne_before"] = re.compile(u["per_tonne_before"])
    g["per_tonne_units"] = dict(u["per_tonne_units"])
    g["per_tonne_one"] = re.compile(u["per_tonne_one"])
    g["price_word"] = re.compile(u["price_word"])
    g["per_tonne_max"] = float(u["per_tonne_max"])
    g["days"] = re.compile(u["days"])
    g["hours"] = re.compile(u["hours"])
    g["transit_cue"] = re.compile(u["transit_cue"])
    g["to_level_after_change"] = re.compile(u["to_level_after_change"])
    return g


def _nouns_and_prefixes(u: dict) -> dict:
    """Counted nouns and what is not one; "раз", "в", range prefixes and separators."""
    g: dict = {}
    g["time_noun"] = re.compile(r"\s*(?:" + u["time_nouns"] + r"|" + u["month_nouns"] + r")(?![а-я])")
    g["stop_noun"] = re.compile(r"(?:" + u["count_stop_nouns"] + r"|" + u["function_words"] + r")")
    g["countable"] = re.compile(u["countable_stems"])
    g["noun"] = re.compile(r"\s+([а-яa-z][а-яa-z-]*)")
    g["raz"] = re.compile(r"\s+(раза?)(?![а-я])")
    g["frequency"] = re.compile(r"\s+в\s+(?:год|неделю|месяц|день|сутки|квартал|час|полгода)(?![а-я])")
    g["v_prefix"] = re.compile(r"(?:^|[^\w-])(во?)\s+$")
    g["range_prefix"] = re.compile(r"(?:^|[^\w-])(от|с|со)\s+$")
    g["range_do"] = re.compile(r"\s+до\s+(?:us\$|\$|€|₸|₽)?\s*")
    g["range_dash"] = re.compile(r"\s?[-–—]\s?")
    return g


def _exclusions(_u: dict) -> dict:
    """Spans that are never quantities: dates, times, phone numbers, "№ 5" (fixed patterns)."""
    g: dict = {}
    # Every alternative starts with a digit, "+", "(", "№" or "#": the leading lookahead only lets the scan
    # pass other positions fast.
    g["exclusions"] = re.compile(
        r"(?=[\d+(№#])(?:\b\d{1,2}\.\d{1,2}\.\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}:\d{2}\b"
        r"|(?:\+\d{1,3}\s?)?\(?\d{3,5}\)?[\s-]?\d{1,3}-\d{2}-\d{2}\b|№\s*\d+|#\d+)")
    return g


def _clauses_and_cues(c: dict) -> dict:
    """Clause and sentence boundaries, target/actual cues, comparison bases, direction (claims.yml)."""
    g: dict = {}
    g["clause_boundary"] = re.compile(c["clause_boundaries"])
    # a sentence end inside *text* (not after an abbreviation such as "тыс.", "млн.", "г."); the leading
    # lookahead repeats the first character class so that other positions skip the ten lookbehinds
    g["sentence_boundary"] = re.compile(
        r"(?=[.!?…])(?<!тыс)(?<!млн)(?<!млрд)(?<!трлн)(?<!долл)(?<!руб)(?<!\bг)(?<!\bт)(?<!\bгг)(?<!\bкм)(?<!\bп)"
        r"[.!?…]+[»\"”]?\s+(?=[«\"“(]?[А-ЯЁA-Z0-9])")
    g["target_cues"] = re.compile(c["target_cues"])
    g["actual_cues"] = re.compile(c["actual_cues"])
    g["forecast_cues"] = re.compile(c["forecast_cues"])
    g["base_markers"] = re.compile(c["base_markers"])
    g["year_shift_base"] = re.compile(c["year_shift_base"])
    g["timeless_cues"] = re.compile(c["timeless_cues"])
    g["since_event"] = re.compile(c["since_event"])
    g["plan_source"] = re.compile(c["plan_source"])
    g["explains_previous"] = re.compile(c["explains_previous"])
    g["barrels_per_tonne"] = float(c["barrels_per_tonne"])
    g["plan_words"] = re.compile(c["plan_words"])
    g["dir_up"] = re.compile(c["direction_up"])
    g["dir_down"] = re.compile(c["direction_down"])
    return g
