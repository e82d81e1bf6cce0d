"""The development set (tests/data/devset): its annotations are well formed, and extraction quality on it
never falls below the floors measured when each improvement landed (bench/devset.py prints the scores).

The blind held-out set (tests/data/heldout) passes the same schema checks but has no score floor: it
measures the rules on articles they were never tuned on, so no test may push them towards it. Its figures
are aligned against the articles as read (ingest only), so checking it extracts nothing."""

from __future__ import annotations

import re

import pytest

from analysis.claims.indicators import load_indicators
from analysis.evaluation import evaluate, load_gold
from analysis.ingest.headers import parse_date_header
from analysis.ingest.reading import read_corpus
from analysis.paths import REPO_ROOT, load_yaml
from analysis.pipeline import load
from analysis.vocabulary import ALL_TRACKS, QUALIFIERS

DEVSET = REPO_ROOT / "tests" / "data" / "devset"
HELDOUT = REPO_ROOT / "tests" / "data" / "heldout"
#: Every hand-annotated set the schema checks cover (the score floors are the development set's alone).
ANNOTATED = pytest.mark.parametrize("folder", [DEVSET, HELDOUT], ids=["devset", "heldout"])
#: The blind sets: schema and alignment checks only, never scored by a test.
BLIND = pytest.mark.parametrize("folder", [HELDOUT], ids=["heldout"])
KINDS = {"actual", "target", "forecast", "unresolved"}
EVENT_KINDS = {"visit", "summit", "talks", "meeting", "council_session", "forum", "agreement", "ratification",
               "launch", "shipment", "address", "other"}
EVENT_STATUS = {"held", "planned", "proposed"}
ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")

#: Floors: the scores when the last extraction change landed. Raise them with each improvement. (Lowered on
#: 2026-12-07 when the second blind held-out set, 12 articles, joined the development set as dev_h11–dev_h22,
#: and again when 14 new articles, dev_i01–dev_i14, joined it: scored before any rule looked at them they gave
#: full-tuple 10/46 and value recall 46/58 — the set grows harder and truer. Lowered again on 2026-12-07 (next
#: session) when the third blind set joined as dev_h23–dev_h36 (blind full tuple 23/50) and 14 new articles,
#: dev_j01–dev_j14, read before any rule looked at them: full tuple 17/62, value recall 55/69, subject 30/55.)
#: Raised the same day as the rules generalised on the 106 articles: full tuple 0.783 → 0.854, track 96 → 99.
#: Lowered next session when the fourth blind set (dev_h37–dev_h50, blind full tuple 14/62, subject 0.345) and 14
#: new articles, dev_k01–dev_k14 (read before any rule looked at them: full tuple 32/70, subject 48/67), joined:
#: 134 articles at the start of that session's rules scored full tuple 0.751 (485/646); its rules took them to
#: 0.843 (552/655), subject 0.849 → 0.915, indicator 0.946 → 0.974, value recall 0.941 → 0.957.
#: Lowered the session after when the fifth blind set joined as dev_h51–dev_h64 (blind full tuple 12/38, subject
#: 16/35): 148 articles scored full tuple 0.815 (565/693) at f361a56's rules; that session's first rules, read off
#: those articles' errors, took them to 0.830 (575/693), subject 0.891 → 0.903; later rules to 0.846 (589/696), value
#: recall 0.954 → 0.964. (Bilateral accuracy fell 0.963 → 0.959 as the figures newly found, 656 → 660 right of 688,
#: brought their own errors.) Lowered on 2026-12-08 when the sixth blind set joined as dev_h65–dev_h78 (blind full
#: tuple 8/45, subject 23/43, period 28/43 through a whole session's rules): 162 articles at dd6384a scored full
#: tuple 0.807 (598/741), subject 0.884, bilateral 0.953, indicator 0.964, period 0.941, value recall 0.961; the
#: entity-name fix for oil bound for the BTC pipeline took indicator to 0.966 (706/731), the partners beyond the
#: region full tuple to 0.810 (600/741). The floors are set there.
FLOORS = {"value_precision": 0.985, "value_recall": 0.96, "subject": 0.88, "bilateral": 0.95, "indicator": 0.965,
          "period": 0.94, "qualifier": 0.995, "kind": 0.985, "full_tuple_precision": 0.805, "track_accuracy": 0.935}


def _annotations(folder=DEVSET):
    return [(p, load_yaml(p.read_text(encoding="utf-8"))) for p in sorted((folder / "annotations").glob("*.yml"))]


def test_the_development_set_is_large_enough():
    assert len(list((DEVSET / "corpus").glob("*.txt"))) >= 40


@ANNOTATED
def test_every_article_has_its_annotation(folder):
    if folder != DEVSET:
        _held_out_or_skip(folder)
    assert {p.stem for p, _ in _annotations(folder)} == {p.stem for p in (folder / "corpus").glob("*.txt")}


def _held_out_or_skip(folder=HELDOUT):
    if not list((folder / "annotations").glob("*.yml")):
        pytest.skip("this held-out set was retired into the development set; no new one is gathered there yet")


@BLIND
def test_the_held_out_set_is_not_empty(folder):
    _held_out_or_skip(folder)
    assert len(_annotations(folder)) >= 10


@ANNOTATED
def test_every_annotation_is_well_formed(folder):
    if folder != DEVSET:
        _held_out_or_skip(folder)
    indicators = {i["id"] for i in load_indicators()} | {"other"}
    for path, ann in _annotations(folder):
        text = (folder / "corpus" / f"{path.stem}.txt").read_text(encoding="utf-8")
        assert path.read_text(encoding="utf-8").startswith("# Paraphrase of http"), f"{path.name}: no source header"
        assert str(ann["source"]).startswith("http"), path.name
        published, _status, _body = parse_date_header(text)
        assert (str(ann["published"]) if ann.get("published") else None) == published, path.name
        assert ann["dominant_track"] in ALL_TRACKS, path.name
        for c in ann.get("claims") or []:
            where = f"{path.name}: {c.get('text')!r}"
            assert str(c["text"]) in text, where
            assert isinstance(c["value"], (int, float)) and isinstance(c["bilateral"], bool), where
            assert c["indicator"] in indicators and c["qualifier"] in QUALIFIERS and c["kind"] in KINDS, where
            assert isinstance(c["subject"], str) and c["subject"], where
            for bound in (c.get("period_start"), c.get("period_end")):
                assert bound is None or ISO.match(str(bound)), where
        for e in ann.get("events") or []:
            where = f"{path.name}: {e.get('text')!r}"
            assert str(e["text"]) in text, where
            assert e["kind"] in EVENT_KINDS and e["status"] in EVENT_STATUS, where
            assert e.get("date") is None or ISO.match(str(e["date"])), where


@pytest.fixture(scope="module")
def scored():
    corpus = load(DEVSET / "corpus", use_cache=False)
    return corpus, evaluate(corpus, DEVSET)


def test_gold_figures_are_found_in_the_cleaned_articles(scored):
    corpus, _ = scored
    gold, docs = load_gold(DEVSET, corpus.documents)
    assert len(gold) >= 200 and len(docs) == len(_annotations())


@BLIND
def test_held_out_figures_are_found_in_the_cleaned_articles(folder):
    # alignment only: a held-out set is scored by bench/devset.py --devset <its folder>, never floored
    _held_out_or_skip(folder)
    documents, _manifest = read_corpus(folder / "corpus")
    gold, docs = load_gold(folder, documents)
    annotations = _annotations(folder)
    assert len(gold) == sum(len(ann.get("claims") or []) for _, ann in annotations)
    assert len(docs) == len(annotations)


def test_scores_never_fall_below_the_floors(scored):
    _, (s, _pairs, _aligned) = scored
    got = {"value_precision": s.value_precision, "value_recall": s.value_recall,
           "full_tuple_precision": s.full_tuple_precision, "track_accuracy": s.track_accuracy}
    got |= {f: s.field_accuracy[f] / s.matched for f in ("subject", "bilateral", "indicator", "period", "qualifier", "kind")}
    low = {k: (round(v, 3), FLOORS[k]) for k, v in got.items() if v < FLOORS[k]}
    assert not low, f"below the floor (score, floor): {low}\n{s.report()}"


def _duplicate_keys(node) -> list[str]:
    """Keys written twice in any mapping of a composed YAML document (YAML keeps the last silently)."""
    import yaml

    out = []
    if isinstance(node, yaml.MappingNode):
        keys = [k.value for k, _ in node.value]
        out += sorted({k for k in keys if keys.count(k) > 1})
        for _, v in node.value:
            out += _duplicate_keys(v)
    elif isinstance(node, yaml.SequenceNode):
        for v in node.value:
            out += _duplicate_keys(v)
    return out


@ANNOTATED
def test_annotations_write_no_key_twice(folder):
    import yaml

    for path in sorted((folder / "annotations").glob("*.yml")):
        assert _duplicate_keys(yaml.compose(path.read_text(encoding="utf-8"))) == [], path.name


def test_the_subject_read_by_countries_is_a_coarser_reading_reported_beside_it(scored):
    # a named port, terminal or company is read as its country: never stricter than the subject itself, and
    # reported on its own line, outside the full tuple
    _, (s, pairs, _aligned) = scored
    assert s.field_accuracy["subject"] <= s.countries_right <= s.matched
    assert not (pairs["subject_ok"] & ~pairs["subject_countries_ok"]).any()
    assert "countries only (diagnostic, not in the full tuple)" in s.report()
