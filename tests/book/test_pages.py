"""analysis.book: what the notebooks call."""

from __future__ import annotations

import math
import shutil

import numpy as np

from analysis.book.pages import corpus_note, doc_labels, inventory, plain, start
from analysis.paths import REPO_ROOT


def test_inventory_shows_the_undated_article_as_undated(corpus):
    inv = inventory(corpus)
    assert len(inv) == 5
    assert inv.set_index("id").loc["001", "date"] == "undated"
    assert inv.set_index("id").loc["003", "date"] == "2025-09-12"


def test_plain_makes_glue_safe_values():
    assert plain(np.float64(1.5)) == 1.5 and type(plain(np.float64(1.5))) is float
    assert type(plain(np.int64(3))) is int
    assert plain(math.nan) == "—" and plain(None) == "—"


def test_corpus_note_only_on_another_corpus(corpus, tmp_path, monkeypatch):
    assert corpus_note(corpus) is None
    other = tmp_path / "other"
    shutil.copytree(REPO_ROOT / "seeds", other)
    (other / "zz_extra.txt").write_text(" date 2025-01-01 Новая статья о нефти.", encoding="utf-8")
    monkeypatch.setenv("BRIEFING_CACHE", str(tmp_path / "cache"))
    note = corpus_note(start(path=other))
    assert note is not None and "different corpus" in note.data


def test_doc_labels(corpus):
    labels = doc_labels(corpus.documents)
    assert labels["001_51ae3e02b997e7ef"] == "001 · AZERTAC · undated"
