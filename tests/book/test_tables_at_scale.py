"""Issue 15, readable at any size: the tables of the method chapter and of the glossary on a corpus
of 5,000 articles (the size ``bench/scale.py --docs 5000`` builds).

The tables are made from DataFrames shaped like the pipeline's, seeded, with the counts of a
5,000-article generated corpus: no book is built. Measured there before these tests: the method
chapter's credibility table had 2,265 rows (one per count of sources), the glossary's and the actors'
index's article cells up to 4,434 ids each (the glossary page 0.61 MB).
"""

from __future__ import annotations

import random
import re
from types import SimpleNamespace

import pandas as pd
import pytest

from analysis import datafiles
from analysis.book import pages
from analysis.book.appendix import glossary
from analysis.book.briefing import MAX_LINKS_PER_CELL

N_DOCS = 5000
N_CLAIMS = 60_000


def _reason(rng: random.Random) -> tuple[int, str]:
    """A credibility grade and its reason, in the wordings of ``analysis.claims.consistency.sources``,
    with source counts as a large corpus gives them."""
    n, m = rng.randrange(2, 400), rng.randrange(1, 400)
    return rng.choice([
        (1, f"confirmed by {n} independent sources"),
        (2, "corroborated by an independent source"),
        (3, "single source (at best 3)"),
        (3, "single source (at best 3); no period stated, read as of publication"),
        (4, "single source, and its arithmetic is in tension with another source"),
        (3, f"contradicted by {min(n, m)} source(s) but supported by more ({max(n, m) + 1})"),
        (4, f"contradicted by as many independent sources as support it ({m})"),
        (5, f"contradicted by more independent sources ({max(n, m) + 1}) than support it ({min(n, m)})"),
        (6, "relative or missing period in an undated document: truth cannot be judged"),
    ])


@pytest.fixture(scope="module")
def sources() -> pd.DataFrame:
    rng = random.Random("scale-credibility")
    grades, reasons = zip(*(_reason(rng) for _ in range(N_CLAIMS)))
    return pd.DataFrame({"claim_id": [f"{i % N_DOCS:05d}_x-c{i:05d}" for i in range(N_CLAIMS)],
                         "credibility": grades, "credibility_reason": reasons})


def _markdown_rows(markdown) -> list[list[str]]:
    """The body rows of the first Markdown table in *markdown* (cells stripped)."""
    lines = [line for line in markdown.data.splitlines() if line.startswith("|")]
    return [[c.strip() for c in line.strip("|").split("|")] for line in lines[2:]]


def test_the_credibility_table_has_a_row_per_grade_and_rule_not_per_count_of_sources(sources):
    rows = _markdown_rows(pages.show_credibility(SimpleNamespace(sources=sources)))
    assert len(rows) <= pages.CHAPTER_ROWS
    assert sum(int(r[-1].replace(",", "")) for r in rows) == N_CLAIMS
    confirmed = [r for r in rows if r[1].startswith("confirmed by")]
    assert len(confirmed) == 1
    lo, hi = (int(x.replace(",", "")) for x in re.findall(r"[\d,]+", confirmed[0][1]))
    wanted = sources.loc[sources["credibility_reason"].str.startswith("confirmed by"), "credibility_reason"]
    counts = wanted.str.extract(r"(\d+)")[0].astype(int)
    assert (lo, hi) == (counts.min(), counts.max())


def test_a_credibility_reason_met_once_reads_as_before(sources):
    one = sources.drop_duplicates("credibility").sort_values("credibility")
    before = (one.groupby(["credibility", "credibility_reason"]).size().reset_index(name="claims")
              .rename(columns={"credibility": "Credibility", "credibility_reason": "Why", "claims": "Claims"}))
    pd.testing.assert_frame_equal(pages.credibility_table(one), before)


@pytest.fixture(scope="module")
def large_corpus() -> SimpleNamespace:
    """5,000 articles, every one naming the glossary's first term with an entity (so its row's cell
    would list all of them) and a random eighth the second's."""
    rng = random.Random("scale-glossary")
    terms = [t for t in datafiles.load("glossary.yml")["terms"] if t.get("entity")]
    ids = [f"{i:05d}_x" for i in range(N_DOCS)]
    ents = [(d, terms[0]["entity"]) for d in ids] + [(d, terms[1]["entity"]) for d in ids if rng.random() < 0.125]
    return SimpleNamespace(
        documents=pd.DataFrame({"doc_id": ids, "raw_text": ["Текст без сокращений." for _ in ids]}),
        entities=pd.DataFrame(ents, columns=["doc_id", "canonical"]),
        terms=terms[:2],
    )


def test_a_glossary_cell_lists_at_most_a_cell_of_articles_and_counts_the_rest(large_corpus):
    table = glossary(large_corpus).set_index("Term")
    for term in large_corpus.terms:
        cell = table.at[term["term"], "Articles"]
        n = large_corpus.entities["canonical"].eq(term["entity"]).sum()
        shown, more = re.fullmatch(r"(.*), and ([\d,]+) more articles", cell).groups()
        assert len(shown.split(", ")) == MAX_LINKS_PER_CELL
        assert MAX_LINKS_PER_CELL + int(more.replace(",", "")) == n
    assert table["Articles"].str.len().max() < 200
