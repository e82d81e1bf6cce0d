"""Tests for analysis.consistency: conflicts, growth arithmetic, corroboration and grades.

Claims and documents are built here per the contract columns; the seed scenario reproduces the
trade-turnover figures of the five seed articles by hand, and an integration test runs the real
claims register when analysis.corpus/nlp/claims are importable.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pandas as pd
import pytest

from analysis.claims import consistency
from analysis.claims.consistency import FINDING_COLUMNS, SOURCE_COLUMNS, findings, independent_sources, source_keys
from analysis.claims.register import claims_register
from analysis.ingest.reading import read_corpus
from analysis.nlp.lemmas import add_lemmas
from analysis.nlp.sentences import split_sentences
from analysis.nlp.speakers import attribute_speakers

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
COLS = ["claim_id", "doc_id", "sentence_id", "quote", "value", "unit", "qualifier", "period_start", "period_end",
        "period_kind", "indicator", "track", "speaker", "outlet", "published", "base_period_start",
        "base_period_end", "growth_ref", "direction"]


def c(cid, doc, value, unit="USD", start="2024", end=None, kind="actual", ind="trade_turnover", qual="exact",
      quote="", base=(None, None), ref=None, direction=None, pub="2025-06-01"):
    end = start if end is None else end
    return dict(zip(COLS, [cid, doc, f"{doc}-s001", quote, value, unit, qual, start, end, kind, ind, "general",
                           None, None, pub, base[0], base[1], ref, direction]))


def docs(*rows):
    """rows: (doc_id, outlet, published[, outlets_mentioned[, duplicate_of]])."""
    out = []
    for r in rows:
        r = list(r) + [None] * (5 - len(r))
        out.append({"doc_id": r[0], "outlet": r[1], "published": r[2], "outlets_mentioned": r[3] or (),
                    "duplicate_of": r[4]})
    return pd.DataFrame(out)


def claims(*rows):
    return pd.DataFrame(list(rows), columns=COLS)


def kinds(f: pd.DataFrame) -> list[str]:
    return list(f["kind"])


def cred(s: pd.DataFrame, cid: str) -> int:
    return int(s.set_index("claim_id").loc[cid, "credibility"])


TWO = docs(("a", "Report", "2025-03-01"), ("b", "Kazinform", "2025-03-02"))


def test_conflict_same_indicator_and_year():
    cl = claims(c("a-c1", "a", 450e6), c("b-c1", "b", 533e6))
    f = findings(cl, TWO)
    assert list(f.columns) == FINDING_COLUMNS
    conf = f[f["kind"] == "conflict"]
    assert len(conf) == 1
    r = conf.iloc[0]
    assert r["severity"] == "warning" and set(r["claim_ids"]) == {"a-c1", "b-c1"} and set(r["doc_ids"]) == {"a", "b"}
    assert "$450 M" in r["values"] and "$533 M" in r["values"] and "2024" in r["periods"]
    assert "18%" in r["arithmetic"]  # (533 - 450) / 450
    s = independent_sources(cl, TWO)
    assert list(s.columns) == SOURCE_COLUMNS
    assert cred(s, "a-c1") == 4 and cred(s, "b-c1") == 4  # one against one: doubtful
    assert s.set_index("claim_id").loc["a-c1", "contradicted_by"] == ("b-c1",)


def test_within_tolerance_is_corroboration():
    cl = claims(c("a-c1", "a", 500e6), c("b-c1", "b", 520e6))
    f = findings(cl, TWO)
    assert "conflict" not in kinds(f) and "single_source" not in kinds(f)
    s = independent_sources(cl, TWO).set_index("claim_id")
    assert s.loc["a-c1", "n_sources"] == 2 and s.loc["a-c1", "credibility"] == 2
    assert s.loc["a-c1", "source_docs"] == ("a", "b")
    s = independent_sources(cl, docs(("a", "Unknown Gazette", "2025-03-01"), ("b", "Other Daily", "2025-03-02")))
    assert s.set_index("claim_id").loc["a-c1", "grade"] == "F2"  # ungraded outlet → reliability F


def test_tolerance_parameter():
    cl = claims(c("a-c1", "a", 450e6), c("b-c1", "b", 480e6))  # 6.7 % apart
    assert "conflict" not in kinds(findings(cl, TWO))
    assert "conflict" in kinds(findings(cl, TWO, tolerance=0.05))


def test_unresolved_period_never_conflicts():
    d = docs(("a", "AZERTAC", None), ("b", "Kazinform", "2025-03-02"))
    cl = claims(c("a-c1", "a", 450e6, start=None, kind="unresolved", pub=None), c("b-c1", "b", 900e6))
    f = findings(cl, d)
    assert "conflict" not in kinds(f)
    assert "unresolved_period" in kinds(f)
    s = independent_sources(cl, d)
    assert cred(s, "a-c1") == 6 and cred(s, "b-c1") == 3


def test_no_period_in_dated_document_is_graded_as_single_source():
    d = docs(("a", "1news.az", "2025-10-21"))
    s = independent_sources(claims(c("a-c1", "a", 250, unit="count", start=None, kind="unresolved",
                                     ind="kazakh_companies_in_azerbaijan", pub="2025-10-21")), d)
    assert cred(s, "a-c1") == 3


def test_same_outlet_reprint_and_duplicate_count_once():
    d = docs(("a", "Report", "2025-03-01"), ("b", "Report", "2025-03-05"),
             ("c", None, "2025-03-06", ("Report",)), ("e", "Trend", "2025-03-07", (), "a"))
    keys = source_keys(d)
    assert keys["a"] == keys["b"] == keys["c"] == keys["e"] == "outlet:Report"
    cl = claims(c("a-c1", "a", 533e6), c("b-c1", "b", 533e6), c("c-c1", "c", 533e6), c("e-c1", "e", 533e6))
    s = independent_sources(cl, d)
    assert set(s["n_sources"]) == {1} and set(s["credibility"]) == {3}
    assert "single_source" in kinds(findings(cl, d))


def test_three_sources_confirm_and_majority_beats_minority():
    d = docs(("a", "Report", "2025-03-01"), ("b", "Kazinform", "2025-03-02"), ("e", "Trend", "2025-03-03"),
             ("g", "APA", "2025-03-04"))
    cl = claims(c("a-c1", "a", 533e6), c("b-c1", "b", 530e6), c("e-c1", "e", 540e6))
    assert set(independent_sources(cl, d)["credibility"]) == {1}
    cl = claims(c("a-c1", "a", 533e6), c("b-c1", "b", 530e6), c("g-c1", "g", 450e6))
    s = independent_sources(cl, d)
    assert cred(s, "a-c1") == 3 and cred(s, "g-c1") == 5
    conf = findings(cl, d).query("kind == 'conflict'").iloc[0]
    assert "better supported" in conf["assessment"] and "2 independent" in conf["assessment"]


def test_reliability_from_documents_or_outlets_file():
    d = pd.DataFrame([{"doc_id": "a", "outlet": "X", "published": "2025-01-01", "outlet_reliability": "B"}])
    s = independent_sources(claims(c("a-c1", "a", 1e6)), d)
    assert s.iloc[0]["reliability"] == "B" and s.iloc[0]["grade"] == "B3"


def test_reliability_from_outlets_csv():
    path = Path(__file__).resolve().parents[2] / "analysis" / "data" / "lexicons" / "outlets.csv"
    grades = pd.read_csv(path)
    expected = grades.set_index("outlet").loc["Report", "reliability"]
    s = independent_sources(claims(c("a-c1", "a", 1e6)), docs(("a", "Report", "2025-01-01")))
    assert s.iloc[0]["reliability"] == expected


def test_targets_without_date_corroborate():
    d = docs(("v", "Vestnik Kavkaza", "2025-10-20"), ("y", "Day.Az", "2025-09-12"))
    cl = claims(c("v-c1", "v", 1e9, start=None, kind="target", qual="up_to"),
                c("y-c1", "y", 1e9, start=None, kind="target", qual="up_to"))
    s = independent_sources(cl, d)
    assert set(s["n_sources"]) == {2} and set(s["credibility"]) == {2}
    assert findings(cl, d).empty


def test_impossible_sub_period_figure_is_a_conflict_but_prorata_is_not():
    d = TWO
    # 8 months larger than the whole year: impossible for a flow
    cl = claims(c("a-c1", "a", 600e6, start="2024-01", end="2024-08"), c("b-c1", "b", 500e6))
    f = findings(cl, d)
    assert kinds(f)[0] == "conflict" and "exceeds" in f.iloc[0]["arithmetic"]
    # 8 months at 350 of a 533 year: not like for like, and nothing to flag
    cl = claims(c("a-c1", "a", 350e6, start="2024-01", end="2024-08"), c("b-c1", "b", 533e6))
    f = findings(cl, d)
    assert "conflict" not in kinds(f) and "growth_mismatch" not in kinds(f)
    # capacities are not additive: never compared across periods
    cl = claims(c("a-c1", "a", 9e6, unit="t/yr", start="2024-01", end="2024-08", ind="port_capacity"),
                c("b-c1", "b", 5e6, unit="t/yr", ind="port_capacity"))
    assert set(kinds(findings(cl, d))) == {"single_source"}


def test_growth_consistent_same_base_period():
    d = TWO
    cl = claims(c("a-c1", "a", 300e6, start="2025"), c("a-c2", "a", 1.5, unit="x", start="2025",
                                                        ind="trade_turnover_growth", base=("2024", "2024"),
                                                        ref="a-c1"),
                c("b-c1", "b", 205e6, start="2024"))
    f = findings(cl, d)
    g = f[f["kind"] == "growth_consistent"].iloc[0]
    assert "$200 M implied for 2024" in g["arithmetic"] and g["severity"] == "info"
    # a 40 % growth whose base contradicts the other source
    cl = claims(c("a-c1", "a", 450e6, start="2024"), c("a-c2", "a", 40, unit="%", start="2024",
                                                       ind="trade_turnover_growth", base=("2023", "2023")),
                c("b-c1", "b", 250e6, start="2023"))
    g = findings(cl, d).query("kind == 'growth_mismatch'").iloc[0]
    assert "/ 1.4 (+40 %)" in g["arithmetic"] and "$321 M implied for 2023" in g["arithmetic"]
    assert cred(independent_sources(cl, d), "a-c2") == 4


def test_growth_base_anchored_from_quote_when_register_gives_none():
    cl = claims(c("a-c1", "a", 300e6, start="2025"),
                c("a-c2", "a", 3, unit="x", start="2025", ind="trade_turnover_growth",
                  quote="втрое больше, чем годом ранее"),
                c("b-c1", "b", 100e6, start="2024"))
    g = findings(cl, TWO).query("kind == 'growth_consistent'")
    assert len(g) == 1 and "implied for 2024" in g.iloc[0]["arithmetic"]


def test_growth_down_direction():
    cl = claims(c("a-c1", "a", 100e6, start="2025"),
                c("a-c2", "a", 50, unit="%", start="2025", ind="trade_turnover_growth", base=("2024", "2024"),
                  direction="down"),
                c("b-c1", "b", 200e6, start="2024"))
    g = findings(cl, TWO).query("kind == 'growth_consistent'")
    assert len(g) == 1 and "$200 M implied" in g.iloc[0]["arithmetic"]


@pytest.mark.parametrize("unit", ["x", "%"])
def test_growth_of_zero_implies_nothing_and_never_divides_by_zero(unit):
    # "сократился в 0 раз" is nonsense a parser can still produce; it must not crash the book
    cl = claims(c("a-c1", "a", 100e6, start="2025"),
                c("a-c2", "a", 0, unit=unit, start="2025", ind="trade_turnover_growth", base=("2024", "2024"),
                  direction="down"),
                c("b-c1", "b", 200e6, start="2024"))
    f = findings(cl, TWO)
    assert not f["kind"].str.startswith("growth").any()



@pytest.mark.parametrize("period", [("2024-10-02", "2024-10-01"), ("2024-12", "2024-01")])
def test_period_ending_before_it_starts_is_never_compared_nor_prorated(period):
    # found by fuzzing: "2–1 октября 2025 года" once gave such a period, and the base period one year back
    # was 0 days long: the pro-rata rate divided by zero
    cl = claims(c("a-c1", "a", 300e6, start="2025"),
                c("a-c2", "a", 3, unit="x", start="2025", ind="trade_turnover_growth", base=period),
                c("b-c1", "b", 50e6, start="2024"),
                c("b-c2", "b", 70e6, start=period[0], end=period[1]))
    f = findings(cl, TWO)
    assert not f["kind"].isin(["growth_mismatch", "growth_consistent", "period_mismatch", "conflict"]).any()

# ----------------------------------------------------------------- the seed figures, by hand

SEED_DOCS = docs(("000", "Report", "2025-12-15"), ("001", "AZERTAC", None), ("002", "Vestnik Kavkaza", "2025-10-20"),
                 ("003", "Day.Az", "2025-09-12"), ("004", "1news.az", "2025-10-21"))


def seed_claims():
    return claims(
        # 001 (undated): "В прошлом году ... увеличился на 40 процентов и достиг 450 миллионов долларов, а в первые
        # шесть месяцев нынешнего года ... 300 миллионов"
        c("001-c1", "001", 40, unit="%", start=None, kind="unresolved", ind="trade_turnover_growth", pub=None),
        c("001-c2", "001", 450e6, start=None, kind="unresolved", pub=None),
        c("001-c3", "001", 300e6, start=None, kind="unresolved", pub=None),
        # 002: "намерения увеличить товарооборот до $1 млрд"
        c("002-c1", "002", 1e9, start=None, kind="target", qual="up_to", pub="2025-10-20"),
        # 003: "За последние пять лет товарооборот вырос в пять раз и в 2024 году составил свыше 533 млн долларов,
        # при этом стороны ставят цель довести этот показатель до 1 млрд"
        c("003-c1", "003", 5, unit="x", start="2020-09", end="2025-09", ind="trade_turnover_growth",
          base=("2020-09", "2020-09"), ref="003-c2", pub="2025-09-12"),
        c("003-c2", "003", 533e6, qual="more_than", start="2024", pub="2025-09-12"),
        c("003-c3", "003", 1e9, start=None, kind="target", qual="up_to", pub="2025-09-12"),
        # 004: "За первые восемь месяцев 2025 года ... превысил 547 миллионов долларов - это втрое больше, чем годом ранее"
        c("004-c1", "004", 547e6, qual="more_than", start="2025-01", end="2025-08", pub="2025-10-21"),
        c("004-c2", "004", 3, unit="x", start="2025-01", end="2025-08", ind="trade_turnover_growth",
          base=("2024-01", "2024-08"), ref="004-c1", quote="это втрое больше, чем годом ранее", pub="2025-10-21"),
    )


def test_seed_trade_figures():
    f = findings(seed_claims(), SEED_DOCS)
    # No like-for-like conflict exists among the seeds' trade figures: 003 (2024) and 004 (Jan–Aug 2025)
    # cover different periods, and 001's figures cannot be placed in time.
    assert "conflict" not in kinds(f)
    # The real tension: 004's ×3 implies ~$182 M for Jan–Aug 2024, while 003's full-year 2024 is over $533 M,
    # so Sep–Dec 2024 would have to run at ~3.8× the Jan–Aug monthly rate. A warning with the arithmetic.
    g = f[f["kind"] == "growth_mismatch"]
    assert len(g) == 1
    r = g.iloc[0]
    assert r["severity"] == "warning" and set(r["claim_ids"]) == {"004-c2", "004-c1", "003-c2"}
    assert "$547 M" in r["arithmetic"] and "/ 3 = $182 M implied for 2024-01..2024-08" in r["arithmetic"]
    assert "34%" in r["arithmetic"] and "67%" in r["arithmetic"] and "$351 M" in r["arithmetic"]
    assert "lower bounds" in r["arithmetic"]
    assert "Seasonality" in r["assessment"] and "not a conflict" in r["assessment"]
    assert f.iloc[0]["kind"] == "growth_mismatch"  # warnings first
    # 001's three figures are listed as unplaceable
    assert set(f.loc[f["kind"] == "unresolved_period", "claim_ids"].map(lambda t: t[0])) == {"001-c1", "001-c2",
                                                                                             "001-c3"}
    s = independent_sources(seed_claims(), SEED_DOCS).set_index("claim_id")
    assert s.loc["002-c1", "n_sources"] == 2 and s.loc["002-c1", "credibility"] == 2  # the $1 bn goal, two outlets
    assert s.loc["004-c2", "credibility"] == 4  # single source, arithmetic in tension
    # the other side of the tension, 003's 2024 total, is graded down too; 004's own level is not in it
    assert s.loc["004-c1", "credibility"] == 3 and s.loc["003-c2", "credibility"] == 4
    assert (s.loc[["001-c1", "001-c2", "001-c3"], "credibility"] == 6).all()


def test_empty():
    assert list(findings(pd.DataFrame(columns=COLS), SEED_DOCS).columns) == FINDING_COLUMNS
    assert list(independent_sources(pd.DataFrame(columns=COLS), SEED_DOCS).columns) == SOURCE_COLUMNS


# ------------------------------------------------------------------------ integration (real seeds)


def test_real_seed_register():

    documents, _ = read_corpus(SEEDS)
    sents = attribute_speakers(add_lemmas(split_sentences(documents)))
    cl = claims_register(sents, documents)
    f = findings(cl, documents)
    s = independent_sources(cl, documents)
    assert len(s) == len(cl) and s["credibility"].between(1, 6).all()
    assert "conflict" not in kinds(f)
    times3 = cl[(cl["unit"] == "x") & (cl["value"] == 3) & (cl["period_start"] == "2025-01")
                & (cl["indicator"] == "trade_turnover_growth")]
    if len(times3):  # the register recognised 004's "втрое больше, чем годом ранее"
        g = f[f["kind"] == "growth_mismatch"]
        assert len(g) == 1 and "$182 M" in g.iloc[0]["arithmetic"]


def _many(n_claims, values, n_outlets=40):
    """n_claims claims on one indicator/period, one per document, cycling through *values*."""
    rows = [c(f"d{i}-c1", f"d{i}", values[i % len(values)]) for i in range(n_claims)]
    d = docs(*[(f"d{i}", f"Outlet{i % n_outlets}", "2025-03-01") for i in range(n_claims)])
    return claims(*rows), d


def test_large_group_gives_one_conflict_finding():
    # 200 claims, 5 distinct values far apart: one finding for the group, not one per pair.
    cl, d = _many(200, [100e6, 200e6, 300e6, 400e6, 500e6])
    f = findings(cl, d)
    conf = f[f["kind"] == "conflict"]
    assert len(f) == 1 and len(conf) == 1
    r = conf.iloc[0]
    assert len(r["claim_ids"]) == 200 and set(r["claim_ids"]) == set(cl["claim_id"])
    assert r["values"].count(";") == 4  # the five distinct values, each listed once
    assert "5 distinct figures from 40 independent sources" in r["assessment"]
    s = independent_sources(cl, d).set_index("claim_id")
    # Every claim is contradicted by the 160 claims of the four other values.
    assert s["contradicted_by"].map(len).eq(160).all()
    assert s.loc["d0-c1", "n_sources"] == 8 and s.loc["d0-c1", "credibility"] == 5


def test_values_list_is_capped():
    cl, d = _many(30, [float(10 ** (6 + i / 2)) for i in range(12)])
    r = findings(cl, d).query("kind == 'conflict'").iloc[0]
    assert "and 4 more" in r["values"]


def test_scaling_2000_claims_one_indicator_period():
    # No timing assert: it must complete and give O(1) findings per group.
    cl, d = _many(2000, [100e6, 101e6, 150e6, 300e6, 1e9, 5e8, 7e8])
    cl = pd.concat([cl, claims(c("g-c1", "g", 3, unit="x", start="2025", ind="trade_turnover_growth"),
                               c("g-c2", "g", 900e6, start="2025"))], ignore_index=True)
    d = pd.concat([d, docs(("g", "Growth", "2025-06-01"))], ignore_index=True)
    cl.loc[cl["claim_id"] == "g-c1", "quote"] = "втрое больше, чем годом ранее"
    cl.loc[cl["claim_id"] == "g-c1", ["base_period_start", "base_period_end"]] = ["2024", "2024"]
    f = findings(cl, d)
    assert len(f) <= 4
    assert (f["kind"] == "conflict").sum() == 1
    g = f[f["kind"].isin(["growth_mismatch", "growth_consistent"])]
    assert len(g) == 1 and "implied for 2024" in g.iloc[0]["arithmetic"]
    assert "figures for 2024 from other documents" in g.iloc[0]["assessment"]
    s = independent_sources(cl, d)
    assert len(s) == len(cl) and s["credibility"].between(1, 6).all()


def test_group_index_matches_the_pairwise_definition():
    # The index finds opposing figures by bisection; check it against comparing every pair (_gap) on
    # random groups with ties, qualifiers, zeros, shared documents and sources.
    import random

    from analysis.claims.consistency import _gap, _GroupIndex

    rng = random.Random(7)
    for _ in range(150):
        tol = rng.choice([0.0, 0.05, 0.10, 0.5, 1.0])
        base = [rng.choice([0, 1, 9, 10, 11, 12, 50, 100, 104, 110, 121, 1000]) for _ in range(6)]
        cs = [{"claim_id": f"c{n}", "doc_id": f"d{rng.randrange(5)}", "source": f"s{rng.randrange(4)}",
               "value": float(rng.choice(base)), "qualifier": rng.choice(["exact", "more_than", "up_to", "approx"])}
              for n in range(rng.randint(1, 25))]
        ix = _GroupIndex(cs, tol)
        reps = [m[0] for m in ix.members]
        k = len(reps)
        opp = [[j for j in range(k) if j != i and _gap(reps[i], reps[j], tol) > tol] for i in range(k)]
        assert [ix.opposed(i) for i in range(k)] == opp
        for i in range(k):
            agree = [c for j in range(k) if j not in opp[i] for c in ix.members[j]]
            assert ix.agreeing(i) == (agree, {c["source"] for c in agree})
            assert ix.support[i] == len({c["source"] for c in agree})
        assert ix.conflicting() == any(a["doc_id"] != b["doc_id"] for i in range(k) for j in opp[i]
                                       for a in ix.members[i] for b in ix.members[j])


def _scaled_register(n):
    """n documents, each with a 2024 turnover figure (n/2 distinct values, all three qualifier shapes) and a
    smaller January–August one; every fifth also a 2025 figure and its ×1.5 growth on 2024."""
    rows, ds = [], []
    for i in range(n):
        d = f"d{i}"
        v = (100 + i % (n // 2)) * 1e6
        rows.append(c(f"{d}-c1", d, v, qual=("exact", "more_than", "up_to")[i % 3]))
        rows.append(c(f"{d}-c2", d, v * 0.8, start="2024-01", end="2024-08"))
        if i % 5 == 0:
            rows.append(c(f"{d}-c3", d, 1.5, unit="x", start="2025", ind="trade_turnover_growth",
                          base=("2024", "2024")))
            rows.append(c(f"{d}-c4", d, v * 1.5, start="2025"))
        ds.append((d, f"Outlet{i % 40}", "2025-03-01"))
    return claims(*rows), docs(*ds)


def test_findings_work_grows_about_linearly(monkeypatch):
    # Counted, not timed: comparisons of two figures (_gap) and interval widenings (_interval, also every
    # sort key over a group) for 10× the claims. Comparing every pair of figures in a group, every
    # sub-period figure with every whole-period one, or re-sorting a group per growth claim gives ~100×;
    # bisecting sorted figures gives ~10 × log-factor (≈ 15×).
    import analysis.claims.consistency as cons

    def work(n):
        calls = [0]
        gap, interval = cons._gap, cons._interval

        def counted_gap(*a):
            calls[0] += 1
            return gap(*a)

        def counted_interval(*a):
            calls[0] += 1
            return interval(*a)

        with monkeypatch.context() as m:
            m.setattr(cons, "_gap", counted_gap)
            m.setattr(cons, "_interval", counted_interval)
            f = findings(*_scaled_register(n))
        assert {"conflict", "growth_mismatch"} <= set(f["kind"])
        return calls[0]

    small, large = work(100), work(1000)
    assert large < 25 * small, (small, large)


def test_no_check_is_longer_than_80_lines():
    """The checks are named rules in small functions, not one long function per kind of finding."""
    tree = ast.parse(Path(consistency.__file__).read_text(encoding="utf-8"))
    lengths = {f.name: f.end_lineno - f.lineno + 1 for f in ast.walk(tree) if isinstance(f, ast.FunctionDef)}
    assert {name: n for name, n in lengths.items() if n > 80} == {}
