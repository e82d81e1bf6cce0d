"""analysis.pipeline: load(), its two cache levels, the fingerprints and the corpus switch."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

import analysis.pipeline as pipeline
import analysis.stages as stages
from analysis import cache as processing_cache
from analysis.paths import EDITORIAL_DIR, LEXICON_DIR, REPO_ROOT, corpus_dir

SEEDS = REPO_ROOT / "seeds"
TABLES = ("manifest", "documents", "sentences")


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    """A private processing cache for the test."""
    path = tmp_path / "cache"
    monkeypatch.setenv("BRIEFING_CACHE", str(path))
    return path


@pytest.fixture
def corpus_copy(tmp_path) -> Path:
    """A writable copy of the seeds."""
    root = tmp_path / "corpus"
    root.mkdir()
    for p in sorted(SEEDS.iterdir()):
        (root / p.name).write_bytes(p.read_bytes())
    return root


@pytest.fixture
def spy(monkeypatch):
    """Record the doc_ids of every batch handed to process_sentences."""
    calls: list[list[str]] = []
    real = stages.process_sentences

    def wrapper(documents):
        calls.append(list(documents["doc_id"]))
        return real(documents)

    # the sentence step looks it up in analysis.stages (one worker: the step runs in this process)
    monkeypatch.setattr(stages, "process_sentences", wrapper)
    return calls


def processed(calls: list[list[str]]) -> list[str]:
    return [d for batch in calls for d in batch]


def assert_same_tables(a, b):
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), check_exact=True)


# --- load() ---------------------------------------------------------------------------------


def test_load_seeds(cache):
    corpus = pipeline.load(SEEDS)
    assert corpus.path == SEEDS.resolve()
    assert len(corpus.manifest) == len(list(SEEDS.iterdir()))
    assert (corpus.manifest["status"] == "loaded").all()
    assert len(corpus.documents) == 5 and len(corpus.sentences) > 50
    assert corpus.problems == []
    assert not corpus.claims.empty
    assert set(corpus.sentences["doc_id"]) == set(corpus.documents["doc_id"])


def test_manifest_sentence_counts_match_sentence_table(cache, small_hostile_corpus):
    for root in (SEEDS, small_hostile_corpus[0]):
        corpus = pipeline.load(root)
        counts = corpus.sentences.groupby("doc_id").size()
        m = corpus.manifest
        loaded = m[m["status"] == "loaded"]
        assert loaded["sentences"].tolist() == [int(counts.get(d, 0)) for d in loaded["doc_id"]]
        assert (m.loc[m["status"] != "loaded", "sentences"] == 0).all()
        assert int(m["sentences"].sum()) == len(corpus.sentences)


def test_cache_hit_returns_equal_tables(cache, spy, monkeypatch):
    first = pipeline.load(SEEDS)
    assert processed(spy) == list(first.documents["doc_id"])
    assert list((cache / "corpus").glob("*.pkl")), "the corpus cache was not written"



    def must_not_read(*a, **k):
        raise AssertionError("a cache hit re-read the corpus")

    monkeypatch.setattr(pipeline, "read_corpus", must_not_read)
    spy.clear()
    second = pipeline.load(SEEDS)
    assert spy == []
    assert_same_tables(first, second)
    pd.testing.assert_frame_equal(first.claims, second.claims)


def test_no_cache_is_equal_and_writes_nothing(cache):
    fresh = pipeline.load(SEEDS, use_cache=False)
    assert not cache.exists() or not any(cache.rglob("*.pkl"))
    cached = pipeline.load(SEEDS)
    assert_same_tables(fresh, cached)


def test_changing_one_file_reprocesses_only_that_document(cache, corpus_copy, spy):
    before = processing_cache.build_fingerprint(corpus_copy)
    first = pipeline.load(corpus_copy)
    assert sorted(processed(spy)) == sorted(first.documents["doc_id"])

    target = sorted(corpus_copy.glob("*.txt"))[2]
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("Казахстана", "Республики Казахстан", 1), encoding="utf-8")
    assert processing_cache.build_fingerprint(corpus_copy) != before

    spy.clear()
    second = pipeline.load(corpus_copy)
    assert processed(spy) == [target.stem], "only the changed document may be re-processed"
    assert "Республики Казахстан" in " ".join(second.sentences.loc[second.sentences["doc_id"] == target.stem, "text"])
    # the other documents' sentences are the cached ones, unchanged and in corpus order
    others = first.sentences[first.sentences["doc_id"] != target.stem].reset_index(drop=True)
    pd.testing.assert_frame_equal(others, second.sentences[second.sentences["doc_id"] != target.stem].reset_index(drop=True))
    assert list(second.sentences["doc_id"].drop_duplicates()) == list(second.documents["doc_id"])


def test_renamed_file_reuses_cache_under_its_new_id(cache, corpus_copy, spy):
    first = pipeline.load(corpus_copy)
    old = sorted(corpus_copy.glob("*.txt"))[0]
    new = old.with_name("999_renamed.txt")
    old.rename(new)
    spy.clear()
    second = pipeline.load(corpus_copy)
    assert spy == []
    mine = second.sentences[second.sentences["doc_id"] == "999_renamed"]
    assert not mine.empty and mine["sentence_id"].str.startswith("999_renamed").all()
    assert len(mine) == int((first.sentences["doc_id"] == old.stem).sum())


def test_removed_file_leaves_no_stale_rows(cache, corpus_copy):
    pipeline.load(corpus_copy)
    victim = sorted(corpus_copy.glob("*.txt"))[1]
    victim.unlink()
    after = pipeline.load(corpus_copy)
    assert victim.stem not in set(after.sentences["doc_id"]) | set(after.manifest["doc_id"])


def test_missing_directory_raises(cache, tmp_path):
    with pytest.raises(FileNotFoundError):
        pipeline.load(tmp_path / "nope")


# --- fingerprints ----------------------------------------------------------------------------


def test_build_fingerprint_follows_corpus_bytes(corpus_copy):
    fp = processing_cache.build_fingerprint(corpus_copy)
    assert processing_cache.build_fingerprint(corpus_copy) == fp, "not deterministic"
    f = sorted(corpus_copy.glob("*.txt"))[0]
    data = f.read_bytes()
    f.write_bytes(data + b" ")
    changed = processing_cache.build_fingerprint(corpus_copy)
    assert changed != fp
    f.write_bytes(data)
    assert processing_cache.build_fingerprint(corpus_copy) == fp, "same bytes, same fingerprint (no mtime)"
    (corpus_copy / "new.txt").write_text("текст", encoding="utf-8")
    assert processing_cache.build_fingerprint(corpus_copy) not in (fp, changed)


def test_build_fingerprint_depends_on_corpus_location(corpus_copy):
    assert processing_cache.build_fingerprint(corpus_copy) != processing_cache.build_fingerprint(SEEDS)


def test_nlp_files_cover_code_lexicons_and_pins_but_not_the_book():
    names = {p.relative_to(REPO_ROOT).as_posix() for p in processing_cache._nlp_files()}
    assert {"analysis/pipeline.py", "analysis/claims/register.py", "requirements.txt"} <= names
    lexicons = {p.relative_to(REPO_ROOT).as_posix() for p in LEXICON_DIR.iterdir() if p.is_file()}
    assert lexicons and lexicons <= names, f"lexicons outside the NLP fingerprint: {sorted(lexicons - names)}"
    assert not any(n.startswith(("analysis/book/", "analysis/data/editorial/")) for n in names)
    assert not any("__pycache__" in n for n in names)


def test_book_files_cover_the_book_and_editorial_data():
    names = {p.relative_to(REPO_ROOT).as_posix() for p in processing_cache._book_files()}
    editorial = {p.relative_to(REPO_ROOT).as_posix() for p in EDITORIAL_DIR.iterdir() if p.is_file()}
    assert editorial and editorial <= names
    assert "analysis/book/pages.py" in names


def _edited(monkeypatch, target: Path) -> None:
    """Make *target* read as if one byte had been appended (the file itself is untouched)."""
    original_read = Path.read_bytes

    def read_bytes(self):
        data = original_read(self)
        return data + b"#" if self == target else data

    monkeypatch.setattr(Path, "read_bytes", read_bytes)


def test_editing_a_lexicon_reprocesses_every_document(monkeypatch, cache, corpus_copy, spy):
    """A lexicon is part of the NLP key: the per-document cache does not survive an edit of it."""
    pipeline.load(corpus_copy)
    before = (processing_cache.nlp_fingerprint(), processing_cache.build_fingerprint(corpus_copy))
    _edited(monkeypatch, LEXICON_DIR / "tracks.yml")
    assert processing_cache.nlp_fingerprint() != before[0]
    assert processing_cache.build_fingerprint(corpus_copy) != before[1]
    spy.clear()
    again = pipeline.load(corpus_copy)
    assert sorted(processed(spy)) == sorted(again.documents["doc_id"]), "the per-document cache survived a lexicon change"


def test_editing_a_rendering_reexecutes_the_book_but_runs_no_nlp(monkeypatch, cache, corpus_copy, spy):
    """Editorial data is outside the NLP key: the notebooks re-run (build fingerprint), the NLP does not."""
    first = pipeline.load(corpus_copy)
    before = (processing_cache.nlp_fingerprint(), processing_cache.corpus_key(corpus_copy),
              processing_cache.build_fingerprint(corpus_copy))
    _edited(monkeypatch, EDITORIAL_DIR / "renderings.yml")
    assert processing_cache.nlp_fingerprint() == before[0]
    assert processing_cache.corpus_key(corpus_copy) == before[1]
    assert processing_cache.build_fingerprint(corpus_copy) != before[2]
    spy.clear()
    again = pipeline.load(corpus_copy)
    assert processed(spy) == [] and again.cache_key == first.cache_key


# --- the corpus switch -------------------------------------------------------------------------


def test_corpus_dir_switch(monkeypatch, tmp_path):
    monkeypatch.delenv("BRIEFING_CORPUS", raising=False)
    assert corpus_dir() == REPO_ROOT / "seeds"
    monkeypatch.setenv("BRIEFING_CORPUS", str(tmp_path))
    assert corpus_dir() == tmp_path.resolve()
    assert corpus_dir(SEEDS) == SEEDS.resolve(), "an explicit path wins over the environment"
    monkeypatch.setenv("BRIEFING_CORPUS", "")
    assert corpus_dir() == REPO_ROOT / "seeds", "an empty variable means the default"


def test_load_follows_briefing_corpus(monkeypatch, cache, corpus_copy):
    keep = sorted(corpus_copy.glob("*.txt"))[:2]
    for p in corpus_copy.iterdir():
        if p not in keep:
            p.unlink()
    monkeypatch.setenv("BRIEFING_CORPUS", str(corpus_copy))
    corpus = pipeline.load()
    assert corpus.path == corpus_copy.resolve()
    assert list(corpus.manifest["file"]) == [p.name for p in keep]
    assert processing_cache.build_fingerprint() == processing_cache.build_fingerprint(corpus_copy)


# --- the book's freshness check --------------------------------------------------------------


def _fake_app(build: Path):
    return SimpleNamespace(config=SimpleNamespace(nb_execution_cache_path=""), outdir=str(build / "html"))


def test_freshness_empties_execution_cache_when_fingerprint_changes(tmp_path, monkeypatch, corpus_copy):
    import importlib.util

    spec = importlib.util.spec_from_file_location("freshness", REPO_ROOT / "book" / "_ext" / "freshness.py")
    freshness = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(freshness)

    monkeypatch.setenv("BRIEFING_CORPUS", str(corpus_copy))
    build = tmp_path / "_build"
    jcache = build / ".jupyter_cache"
    jcache.mkdir(parents=True)
    (jcache / "global.db").write_text("x")

    app = _fake_app(build)
    freshness._check(app, app.config)  # no stamp yet: treated as changed
    assert app.env_fingerprint_changed and not jcache.exists()
    assert (build / freshness.STAMP_NAME).read_text().strip() == processing_cache.build_fingerprint(corpus_copy)

    jcache.mkdir()
    (jcache / "global.db").write_text("x")
    app = _fake_app(build)
    freshness._check(app, app.config)
    assert not app.env_fingerprint_changed and jcache.exists(), "nothing changed: the cache must be kept"
    env = SimpleNamespace(found_docs={"book/a", "book/b"}, doc2path=lambda d: d + (".ipynb" if d.endswith("a") else ".md"))
    assert freshness._outdated(app, env, set(), set(), set()) == []

    f = sorted(corpus_copy.glob("*.txt"))[0]
    f.write_bytes(f.read_bytes() + b"\n")
    app = _fake_app(build)
    freshness._check(app, app.config)
    assert app.env_fingerprint_changed and not jcache.exists(), "a corpus change must empty the execution cache"
    assert freshness._outdated(app, env, set(), set(), set()) == ["book/a"]


# --- derived tables: computed once per corpus, shared by every kernel ---------------------------

DERIVED = ("claims", "findings", "sources", "coverage", "entities", "timeline", "watchlist", "speakers")


def test_derived_tables_are_stored_once_and_reread(cache, monkeypatch):
    first = pipeline.load(SEEDS)
    assert first.cache_key == processing_cache.corpus_key(SEEDS)
    computed = {name: getattr(first, name) for name in DERIVED}
    stored = cache / "corpus" / first.cache_key
    assert sorted(p.stem for p in stored.glob("*.pkl")) == sorted(DERIVED)
    assert not list(stored.glob("*.tmp")), "no temporary file may be left behind"

    # A second process (here: a second load) reads them and never recomputes.



    def refuse(*args, **kwargs):
        raise AssertionError("a stored derived table was recomputed")

    monkeypatch.setattr(pipeline, "claims_register", refuse)
    monkeypatch.setattr(pipeline, "extract_entities", refuse)
    monkeypatch.setattr(pipeline, "speaker_table", refuse)
    second = pipeline.load(SEEDS)
    for name in DERIVED:
        pd.testing.assert_frame_equal(getattr(second, name), computed[name], check_exact=True)


def test_derived_tables_without_cache_write_nothing(cache):
    corpus = pipeline.load(SEEDS, use_cache=False)
    assert corpus.cache_key is None
    assert len(corpus.claims) > 0
    assert not (cache / "corpus").exists()


def test_derived_tables_follow_the_corpus(cache, corpus_copy):
    before = pipeline.load(corpus_copy)
    n = len(before.claims)
    f = sorted(corpus_copy.glob("*.txt"))[0]
    f.write_bytes(f.read_bytes() + "\nЭкспорт нефти составил 42 млн тонн.\n".encode())
    after = pipeline.load(corpus_copy)
    assert after.cache_key != before.cache_key
    assert len(after.claims) == n + 1, "a new corpus must never be given the old corpus's stored claims"


def test_write_pickle_uses_a_private_temporary_name(tmp_path, monkeypatch):
    seen = []
    real_replace = Path.replace

    def spy_replace(self, target):
        seen.append(self.name)
        return real_replace(self, target)

    monkeypatch.setattr(Path, "replace", spy_replace)
    processing_cache._write_pickle({"a": 1}, tmp_path / "x.pkl")
    assert seen == [f"x.pkl.{__import__('os').getpid()}.tmp"]
    assert pd.read_pickle(tmp_path / "x.pkl") == {"a": 1}


# --- book/_ext/parallel.py -------------------------------------------------------------------


def _load_ext(name: str):
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, REPO_ROOT / "book" / "_ext" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_parallel_jobs_setting(monkeypatch):
    parallel = _load_ext("parallel")
    monkeypatch.delenv("BRIEFING_JOBS", raising=False)
    monkeypatch.setattr("os.cpu_count", lambda: 6)
    assert parallel.jobs("auto") == 6
    assert parallel.jobs(3) == 3 and parallel.jobs("2") == 2 and parallel.jobs(0) == 1
    monkeypatch.setenv("BRIEFING_JOBS", "1")
    assert parallel.jobs("auto") == 1
    monkeypatch.setenv("BRIEFING_JOBS", "many")
    with pytest.raises(ValueError, match="briefing_jobs"):
        parallel.jobs("auto")


def test_parallel_sets_jobs_and_declares_multitoc_numbering_safe(monkeypatch):
    import sphinx.builders

    parallel = _load_ext("parallel")
    monkeypatch.setattr(sphinx.builders, "make_chunks", sphinx.builders.make_chunks)  # restored after the test
    monkeypatch.setenv("BRIEFING_JOBS", "2")
    undeclared = SimpleNamespace(parallel_read_safe=None)
    unsafe = SimpleNamespace(parallel_read_safe=False)
    app = SimpleNamespace(parallel=1, extensions={"sphinx_multitoc_numbering": undeclared, "other": unsafe})
    parallel._set_jobs(app, SimpleNamespace(briefing_jobs="auto"))
    assert app.parallel == 2
    assert undeclared.parallel_read_safe is True
    assert unsafe.parallel_read_safe is False, "only the extensions known to be safe are declared safe"
    assert sphinx.builders.make_chunks is parallel.one_per_chunk, "each document read and written as a chunk of its own"

    monkeypatch.setenv("BRIEFING_JOBS", "1")
    serial = SimpleNamespace(parallel=1, extensions={"sphinx_multitoc_numbering": SimpleNamespace(parallel_read_safe=None)})
    parallel._set_jobs(serial, SimpleNamespace(briefing_jobs="auto"))
    assert serial.parallel == 1 and serial.extensions["sphinx_multitoc_numbering"].parallel_read_safe is None


def test_parallel_reads_the_longest_documents_first(monkeypatch):
    parallel = _load_ext("parallel")
    app = SimpleNamespace(parallel=2, config=SimpleNamespace(briefing_read_first=["book/overview", "book/gone", "book/changes"]))
    docnames = ["book/agriculture", "book/changes", "book/intro", "book/overview", "book/register"]
    parallel._schedule(app, None, docnames)
    # overview and changes start at once, then (Sphinx takes the last submitted first) agriculture, intro, register
    assert docnames == ["book/overview", "book/changes", "book/register", "book/intro", "book/agriculture"]
    serial = SimpleNamespace(parallel=1, config=app.config)
    docnames = ["book/b", "book/a"]
    parallel._schedule(serial, None, docnames)
    assert docnames == ["book/b", "book/a"], "a serial build reads in Sphinx's order"


def test_parallel_keeps_the_doctrees_loaded_for_numbering_for_writing():
    parallel = _load_ext("parallel")

    class Env:
        def __init__(self):
            self._write_doc_doctree_cache = {}

        def get_doctree(self, docname):
            return {"doc": docname}

    env, app = Env(), SimpleNamespace(parallel=2)
    assert parallel._keep_doctrees(app, env) == []
    numbered = env.get_doctree("book/a")
    assert env._write_doc_doctree_cache["book/a"] is numbered, "the writer gets the doctree numbering loaded"
    assert parallel._stop_keeping(app, env) == []
    import gc

    gc.unfreeze()  # what _stop_keeping froze (the test process's heap)
    assert gc.isenabled(), "the collector is on again once the doctrees are loaded"
    env.get_doctree("book/b")
    assert list(env._write_doc_doctree_cache) == ["book/a"], "after numbering, nothing more is kept"
    assert "get_doctree" not in vars(env), "Sphinx pickles the environment right after numbering: no local function left on it"
    serial = Env()
    parallel._keep_doctrees(SimpleNamespace(parallel=1), serial)
    serial.get_doctree("book/a")
    assert serial._write_doc_doctree_cache == {}, "a serial build keeps the doctrees it read itself"


def test_parallel_writers_send_back_a_pages_search_index_entries():
    """A writing process indexes its page in its own copy of the search index; the main process
    gets exactly that page's entries, in the order Sphinx's own (serial) indexing gives them."""
    parallel = _load_ext("parallel")

    def indexer():
        return SimpleNamespace(_titles={}, _filenames={}, _all_titles={}, _index_entries={}, _mapping={}, _title_mapping={})

    main = indexer()
    main._titles["book/kept"] = "Kept"  # a page of an earlier build, not rewritten
    main._mapping["caspian"] = {"book/kept"}
    for docname, words in (("book/b", ["caspian", "aktau"]), ("book/a", ["baku"])):
        writer = indexer()  # the writing process's copy, already holding another page
        writer._titles["book/kept"], writer._mapping["caspian"] = "Kept", {"book/kept"}
        writer._titles[docname], writer._filenames[docname] = docname.upper(), f"{docname}.ipynb"
        writer._all_titles[docname], writer._index_entries[docname] = [(docname.upper(), None)], []
        for word in words:
            writer._mapping.setdefault(word, set()).add(docname)
        writer._title_mapping.setdefault(docname[-1], set()).add(docname)
        entries = parallel._index_of(writer, docname)
        assert sorted(entries["_mapping"]) == sorted(words) and "book/kept" not in str(entries)
        parallel._add_index(main, docname, entries)
    parallel._in_written_order(main, ["book/b", "book/a"])
    assert main._mapping == {"caspian": {"book/kept", "book/b"}, "aktau": {"book/b"}, "baku": {"book/a"}}
    assert main._title_mapping == {"b": {"book/b"}, "a": {"book/a"}}
    assert list(main._titles) == ["book/kept", "book/a", "book/b"], "pages written come last, sorted, as Sphinx feeds them"
    assert list(main._index_entries) == ["book/a", "book/b"]
    assert parallel._index_of(None, "book/a") is None
    parallel._add_index(None, "book/a", None)  # no search index: nothing to do


def test_parallel_writers_resolve_only_for_a_parallel_html_build():
    parallel = _load_ext("parallel")
    html = SimpleNamespace(parallel=2, builder=SimpleNamespace(name="html"))
    parallel._resolve_in_writers(html)
    assert callable(html.builder._write_parallel)
    for app in (SimpleNamespace(parallel=1, builder=SimpleNamespace(name="html")),
                SimpleNamespace(parallel=2, builder=SimpleNamespace(name="latex"))):
        parallel._resolve_in_writers(app)
        assert not hasattr(app.builder, "_write_parallel"), "Sphinx's own way for a serial or a PDF build"


def test_parallel_readers_do_not_collect_but_the_main_process_does():
    import gc
    import os

    parallel = _load_ext("parallel")
    app = SimpleNamespace(parallel=2)
    parallel._no_collection_in_workers(app, "book/a", [""])
    assert gc.isenabled(), "the main process (here, the test's) keeps its collector"
    pid = os.fork()
    if pid == 0:  # a process forked to read one document, as Sphinx's are
        parallel._no_collection_in_workers(app, "book/a", [""])
        os._exit(0 if not gc.isenabled() else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, "a reading process turns the collector off"


@pytest.mark.parametrize("nproc", [1, 2])
def test_sphinx_starts_tasks_in_the_submission_order_asked(tmp_path, nproc):
    """What :func:`submission_order` assumes of Sphinx's ``ParallelTasks`` (pinned): the first *nproc*
    tasks start at once, then the last submitted of those waiting. The first tasks hold until every
    task is submitted, so the order does not depend on how fast they run."""
    import time

    from sphinx.util.parallel import ParallelTasks

    parallel = _load_ext("parallel")
    started, go = tmp_path / "started", tmp_path / "go"

    def task(name):
        with started.open("a") as fh:
            fh.write(name + "\n")
        while not go.exists():
            time.sleep(0.01)

    order = ["a", "b", "c", "d", "e"]
    tasks = ParallelTasks(nproc)
    for name in parallel.submission_order(order, nproc):
        tasks.add_task(task, name)
    go.touch()
    tasks.join()
    names = started.read_text().split()
    assert sorted(names[:nproc]) == order[:nproc] and names[nproc:] == order[nproc:]


def test_stored_computes_once_when_asked_concurrently(tmp_path):
    """Two askers at once (threads with their own file handles, which flock treats like two
    processes): one computes, the other waits for it and reads the stored result."""
    import threading
    import time

    calls = []

    def compute():
        calls.append(1)
        time.sleep(0.3)  # long enough for the other asker to arrive meanwhile
        return pd.DataFrame({"x": [len(calls)]})

    target = tmp_path / "table.pkl"
    results = [None, None]

    def ask(i):
        results[i] = processing_cache.stored(target, compute)

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1
    pd.testing.assert_frame_equal(results[0], results[1], check_exact=True)
    assert processing_cache.stored(target, lambda: 1 / 0)["x"].tolist() == [1], "stored: never recomputed"


def test_missing_directory_caches_nothing(cache, tmp_path):
    with pytest.raises((FileNotFoundError, NotADirectoryError)):
        pipeline.load(tmp_path / "nowhere")
    assert not cache.exists() or not any(cache.rglob("*"))


def test_freshness_creates_the_execution_cache_database_before_parallel_readers(tmp_path, monkeypatch, corpus_copy):
    import sqlite3

    freshness = _load_ext("freshness")
    monkeypatch.setenv("BRIEFING_CORPUS", str(corpus_copy))
    build = tmp_path / "_build"
    app = SimpleNamespace(config=SimpleNamespace(nb_execution_cache_path="", nb_execution_mode="cache"),
                          outdir=str(build / "html"))
    freshness._check(app, app.config)
    db = build / ".jupyter_cache" / "global.db"
    assert db.exists()
    tables = {r[0] for r in sqlite3.connect(db).execute("select name from sqlite_master where type='table'")}
    assert "settings" in tables, "the workers must find the tables already made (they race to create them)"


def test_same_text_under_another_date_is_not_served_from_the_sentence_cache(cache, tmp_path):
    """Speakers depend on the publication date (a role names that day's holder), so the
    per-document sentence cache is keyed by date as well as text."""
    body = "Премьер-министр Казахстана заявил, что товарооборот растет."
    speakers = {}
    for day in ("2023-05-01", "2025-05-01"):
        root = tmp_path / day
        root.mkdir()
        (root / "a.txt").write_text(f" date {day} {body}", encoding="utf-8")
        speakers[day] = pipeline.load(root).sentences["speaker"].tolist()
    assert speakers == {"2023-05-01": ["Alikhan Smailov"], "2025-05-01": ["Olzhas Bektenov"]}
