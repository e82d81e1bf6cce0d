"""The data files of ``analysis/data/``: one loader, and the shape of each file declared as a schema.

Lexicons and grammars live in ``analysis/data/lexicons/`` (what the processing reads: part of the NLP
cache key); editorial data in ``analysis/data/editorial/`` (what only the book's pages read, and the
snapshot of the assessed corpus, ``assessed_facts.json``). Every file
is read through :func:`load`, which parses it and checks it against its schema in :data:`SCHEMAS`
(pydantic models; CSV files against their columns). A file of the wrong shape stops the run with a
:class:`DataFileError` naming the file and the field — never a KeyError three modules later.

>>> sorted(load("consistency.yml"))
['additive_indicators', 'prorata_factor', 'tolerance']
"""

from __future__ import annotations

import csv
import io
import json
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from analysis.paths import EDITORIAL_DIR, LEXICON_DIR, REPO_ROOT, load_yaml


class DataFileError(ValueError):
    """A data file of ``analysis/data/`` does not have the shape its schema declares."""


class _Strict(BaseModel):
    """A mapping whose keys are exactly the declared fields (a misspelt key is an error, not ignored)."""

    # defer_build: a model's validator is built when a file of its shape is first checked, not when
    # this module is imported (building all of them cost every notebook about 0.1 s at start-up)
    model_config = ConfigDict(extra="forbid", defer_build=True)


class _Open(BaseModel):
    """A mapping with these fields at least (entries may carry optional extras)."""

    model_config = ConfigDict(extra="allow", defer_build=True)


Regex = str
Lemmas = list[str]


# --- lexicons -----------------------------------------------------------------------------------------

class Actors(_Strict):
    window: int
    stop_lemmas: Lemmas
    roles: list[dict[str, Any]]


class Claims(_Strict):
    clause_boundaries: Regex
    target_cues: Regex
    forecast_cues: Regex
    actual_cues: Regex
    base_markers: Regex
    year_shift_base: Regex
    direction_up: Regex
    direction_down: Regex
    timeless_cues: Regex
    since_event: Regex
    plan_source: Regex
    barrels_per_tonne: float
    explains_previous: Regex
    plan_words: Regex


class Cleaning(_Strict):
    insertion_max_words: int
    insertion_max_chars: int
    insertion_max_run: int
    pull_quote_min_bigram_share: float
    pull_quote_min_words: int
    repeated_headline_min_words: int
    hyphen_particles: list[str]
    odd_spaces: str
    invisible: str


class Consistency(_Strict):
    tolerance: float
    prorata_factor: float
    additive_indicators: list[str]


class Dates(_Strict):
    months: dict[int, Regex]
    numbers: dict[int, Regex]
    relative_adjectives: dict[int, Regex]
    relative_days: dict[int, Regex]
    eve_of_nouns: Regex
    vague: dict[str, Any]
    claim_relative: list[Any]
    triggers: Regex


class Events(_Strict):
    kinds: dict[str, Any]
    planning_lemmas: Lemmas
    actions: dict[str, Any]
    objects: list[Any]
    object_places: dict[str, Any]
    series: dict[str, Any]
    umbrella_cues: list[Any]
    connect_lemmas: Lemmas
    format_lemma: str
    format_words: dict[str, Any]
    homoglyphs: dict[str, str]
    reading: dict[str, Any]
    merge: dict[str, Any]
    recurring: list[Any]


class GazetteerEntry(_Open):
    canonical: str
    kind: str
    patterns: list[Regex]


class Gazetteer(_Strict):
    entries: list[GazetteerEntry]
    speech: dict[str, Any]


class Indicator(_Strict):
    id: str
    label: str
    track: str | None = None
    units: list[str]
    keywords: Regex | None = None
    also: Regex | None = None
    cue: Regex | None = None
    not_cue: Regex | None = None
    noun: Regex | None = None
    growth_of: str | None = None
    context: bool = False
    #: the entity the indicator is a measure of: a figure of it with no other subject than the two countries is
    #: that entity's ("Он соединит Актау и Сумгаит, его длина — 380 километров": the fibre line's length)
    measures: str | None = None


class CarriageGoods(_Strict):
    pattern: Regex
    goods: dict[str, str]
    other_goods: Regex


class Indicators(_Strict):
    change_cue: Regex
    indicators: list[Indicator]
    unit_levels: dict[str, str]
    carrier_goods: dict[str, str]
    carriage_goods: CarriageGoods
    project_units: dict[str, dict[str, str]]
    meaning: dict[str, Regex]


class OutletCues(_Strict):
    before: list[Regex]
    max_gap_words: int
    after: list[Regex]
    max_gap_words_after: int


class Subjects(_Strict):
    countries: dict[str, Lemmas]
    groups: dict[str, list[Lemmas]]
    entities: dict[str, list[Lemmas]]
    entity_countries: dict[str, str]
    entity_nouns: dict[str, Lemmas]
    governors: Lemmas
    partner_prepositions: Lemmas
    origin_prepositions: Lemmas
    bilateral_entities: list[str]
    back_references: list[Lemmas]
    relation_governors: Lemmas
    two_countries: list[Lemmas]
    role_nouns: Lemmas
    attribution_verbs: Lemmas
    focus_words: Lemmas
    purchase_words: Lemmas
    company_nouns: Lemmas
    property_nouns: Lemmas
    community_nouns: Lemmas
    located_verbs: Lemmas
    recipient_nouns: Lemmas
    ferry_lines: dict[str, list[Lemmas]]
    ferry_words: Lemmas
    settlement_nouns: Lemmas
    origin_entities: list[str]
    train_nouns: Lemmas
    train_loads: Lemmas


class Track(_Strict):
    lemmas: Lemmas = []
    phrases: list[str] = []


class Carriage(_Strict):
    words: Lemmas
    goods: dict[str, str]
    window: int


class TrackProject(_Strict):
    named: Lemmas
    referred: Lemmas


class Tracks(_Strict):
    tracks: dict[str, Track]
    ignore: list[Any]
    carriage: Carriage
    projects: dict[str, TrackProject]


class UnitPattern(_Open):
    pattern: Regex


class Units(_Open):
    number_words: dict[float, list[str]]
    scales: list[UnitPattern]
    lone_scales: list[UnitPattern]
    units: list[UnitPattern]
    prefix_currencies: list[UnitPattern]
    per_year_window: int
    per_tonne_units: dict[str, str]
    per_tonne_max: float
    to_level_verbs: Regex
    to_level_after_change: Regex


# --- editorial ----------------------------------------------------------------------------------------

class AssessedCorpus(_Strict):
    content_fingerprint: str
    assessed_on: str


class Project(_Strict):
    key: str
    canonical: str
    track: str


class Projects(_Strict):
    projects: list[Project]


class Rendering(_Strict):
    ru: str
    en: str
    feature: list[str] | str | None = None


class Renderings(_Strict):
    renderings: list[Rendering]


class Route(_Open):
    name: str
    track: str
    basis: str = "corpus"
    evidence: list[str] = []


class Originator(_Strict):
    pattern: Regex
    originator: str
    country: str
    type: str


class Sourcing(_Strict):
    originators: list[Originator]
    relative_year: dict[str, Regex]


class GlossaryTerm(_Strict):
    term: str
    expansion: str
    ru: str | None = None
    note: str | None = None
    patterns: list[Regex] = []
    entity: str | None = None


class Glossary(_Strict):
    terms: list[GlossaryTerm]


class Routes(_Strict):
    routes: list[Route]
    labels: dict[str, Any]
    water: list[str]
    countries: dict[str, list[float]]


class BottomLineRow(_Strict):
    line: str
    track: str
    indicators: list[str]
    project: str | None = None


class ConfidenceRule(_Strict):
    level: str
    reliability: list[str]
    credibility_at_most: int


class BottomLine(_Strict):
    rows: list[BottomLineRow]
    confidence: list[ConfidenceRule]


class Topic(_Strict):
    key: str
    label: str
    track: str
    patterns: list[Regex] = []
    entity: str | None = None
    with_entity: str | None = None
    in_track: str | None = None
    words_after: int | None = None


class Topics(_Strict):
    topics: list[Topic]


class KeyJudgment(_Strict):
    judgment: str
    indicators: list[str]


class KeyJudgments(_Strict):
    judgments: list[KeyJudgment]


class AssessedArticle(_Strict):
    file: str
    sha256: str


class AssessedFact(_Strict):
    page: str
    key: str
    value: str


class AssessedClaim(_Strict):
    claim_id: str
    indicator: str


class AssessedFinding(_Strict):
    finding_id: str
    kind: str
    indicator: str | None = None
    claim_ids: list[str]


class AssessedFacts(_Strict):
    corpus: str
    content_fingerprint: str
    articles: list[AssessedArticle]
    facts: list[AssessedFact]
    claims: list[AssessedClaim]
    findings: list[AssessedFinding]


#: file name → schema (a pydantic model for YAML, the required columns for CSV).
SCHEMAS: dict[str, type[BaseModel] | tuple[str, ...]] = {
    "actors.yml": Actors, "claims.yml": Claims, "cleaning.yml": Cleaning, "consistency.yml": Consistency,
    "dates.yml": Dates, "events.yml": Events, "gazetteer.yml": Gazetteer, "indicators.yml": Indicators,
    "outlets_cues.yml": OutletCues, "subjects.yml": Subjects, "tracks.yml": Tracks, "units.yml": Units,
    "outlets.csv": ("outlet", "patterns", "country", "type", "reliability", "grade_reason"),
    "lemma_fixes.csv": ("kind", "match", "grammemes", "lemma", "note"),
    "assessed_corpus.yml": AssessedCorpus, "projects.yml": Projects, "renderings.yml": Renderings,
    "routes.yml": Routes, "sourcing.yml": Sourcing, "glossary.yml": Glossary, "bottom_line.yml": BottomLine,
    "key_judgments.yml": KeyJudgments, "topics.yml": Topics, "assessed_facts.json": AssessedFacts,
}


def path_of(name: str) -> Path:
    """Where data file *name* lives: ``lexicons/`` or ``editorial/``."""
    for folder in (LEXICON_DIR, EDITORIAL_DIR):
        if (folder / name).is_file():
            return folder / name
    raise DataFileError(f"analysis/data: no data file {name!r} in lexicons/ or editorial/")


def _where(path: Path) -> str:
    return str(path.relative_to(REPO_ROOT)) if path.is_relative_to(REPO_ROOT) else str(path)


def _field(loc: tuple) -> str:
    return ".".join(str(part) for part in loc) or "(top level)"


def validate(name: str, data, path: Path | None = None):
    """Check *data* (parsed from data file *name*) against its schema; return it unchanged.

    >>> validate("consistency.yml", {"tolerance": "x", "prorata_factor": 1.2, "additive_indicators": []})
    Traceback (most recent call last):
    ...
    analysis.datafiles.DataFileError: analysis/data/consistency.yml: field 'tolerance': Input should be a valid number, unable to parse string as a number
    """
    where = _where(path) if path is not None else f"analysis/data/{name}"
    schema = SCHEMAS.get(name)
    if schema is None:
        raise DataFileError(f"{where}: no schema declared for this file in analysis/datafiles.py")
    if isinstance(schema, tuple):
        header = data[0].keys() if data else ()
        missing = [c for c in schema if c not in header]
        if missing:
            raise DataFileError(f"{where}: missing column(s) {', '.join(missing)}")
        return data
    if not isinstance(data, dict):
        raise DataFileError(f"{where}: expected a mapping at the top level, found {type(data).__name__}")
    try:
        schema.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        raise DataFileError(f"{where}: field {_field(err['loc'])!r}: {err['msg']}") from None
    return data


@cache
def _load(name: str):
    path = path_of(name)
    text = path.read_text(encoding="utf-8")
    if name.endswith(".csv"):
        data = list(csv.DictReader(io.StringIO(text, newline="")))
    elif name.endswith(".json"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise DataFileError(f"{_where(path)}: not valid JSON: {exc}") from None
    else:
        try:
            data = load_yaml(text)
        except Exception as exc:  # a YAML syntax error: say which file
            raise DataFileError(f"{_where(path)}: not valid YAML: {exc}") from None
    return validate(name, data, path)


def load(name: str):
    """Return data file *name* parsed (YAML → its mapping, CSV → a list of row dicts), checked against
    its schema; read once per process. Callers must not modify what they get."""
    return _load(name)
