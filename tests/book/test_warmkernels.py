"""book/_ext/warmkernels.py: kernels forked from one process with the notebooks' modules imported give the
same outputs as the stock kernel, answer interrupts, die with their launcher, and fall back to the stock
kernel whenever the server cannot serve one."""

from __future__ import annotations

import os
import time
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest
from conftest import load_book_extension
from jupyter_client import KernelManager
from nbclient import NotebookClient

from analysis.paths import REPO_ROOT

warmkernels = load_book_extension("warmkernels")

PROBE = "import os, sys\nprint('analysis.book.pages' in sys.modules, os.getcwd())"
PAGE = "from analysis.book import pages\ncorpus = pages.start('register_energy')\npages.show_register(corpus, 'energy')"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    # pytest names the running test in the environment: a difference the book's build never has
    ignore = (*warmkernels.KERNEL_ONLY_ENV, "PYTEST_CURRENT_TEST", "COLUMNS", "LINES")
    srv = warmkernels.KernelServer(str(tmp_path_factory.mktemp("kernels")), ignore)
    yield srv
    srv.stop()
    assert srv.process.returncode == 0


def _run(*sources: str) -> list:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    NotebookClient(nb, kernel_name="python3", resources={"metadata": {"path": str(REPO_ROOT / "book")}}).execute()
    return [cell.outputs for cell in nb.cells]


def test_a_kernel_starts_with_the_modules_imported_in_the_notebooks_folder(server):
    (probe,) = _run(PROBE)
    assert probe[0]["text"] == f"True {REPO_ROOT / 'book'}\n"


def test_outputs_are_those_of_the_stock_kernel(server, monkeypatch):
    warm = _run(PAGE, "import sys\nprint(sys.argv[1:2], sys.path.count(''))")
    with monkeypatch.context() as m:
        m.setenv("JUPYTER_PATH", "")  # the stock kernelspec
        stock = _run(PAGE, "import sys\nprint(sys.argv[1:2], sys.path.count(''))")
    assert warm == stock
    assert "Entry" in warm[0][0]["data"]["text/markdown"]


def _kernel_pid(km: KernelManager) -> int:
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=60)
    out: list = []
    reply = kc.execute_interactive("import os; print(os.getpid())", output_hook=out.append, timeout=60)
    assert reply["content"]["status"] == "ok"
    kc.stop_channels()
    return int(next(m["content"]["text"] for m in out if m["msg_type"] == "stream"))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_an_interrupt_reaches_the_kernel(server):
    km = KernelManager(kernel_name="python3")
    km.start_kernel()
    try:
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=60)
        msg_id = kc.execute("import time\ntime.sleep(60)")
        time.sleep(1)
        km.interrupt_kernel()
        reply = kc.get_shell_msg(timeout=20)
        assert reply["parent_header"]["msg_id"] == msg_id
        assert reply["content"]["status"] == "error" and reply["content"]["ename"] == "KeyboardInterrupt"
        kc.stop_channels()
    finally:
        km.shutdown_kernel(now=True)


def test_a_killed_launcher_takes_its_kernel_with_it(server):
    km = KernelManager(kernel_name="python3")
    km.start_kernel()
    pid = _kernel_pid(km)
    assert pid != km.provisioner.process.pid  # the kernel is the server's child, not the launcher
    km.shutdown_kernel(now=True)  # SIGKILL to the launcher
    deadline = time.monotonic() + 10
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(pid)


def test_without_a_server_or_with_another_environment_the_stock_kernel_runs(server, monkeypatch, tmp_path):
    monkeypatch.setenv("BRIEFING_SOMETHING_ELSE", "1")  # an environment the server was not started with
    assert _run(PROBE)[0][0]["text"].startswith("False ")
    monkeypatch.delenv("BRIEFING_SOMETHING_ELSE")
    spec = tmp_path / "kernels" / "python3"
    spec.mkdir(parents=True)
    served = Path(server.folder, "kernels", "python3", "kernel.json").read_text(encoding="utf-8")
    (spec / "kernel.json").write_text(served.replace(server.socket, str(tmp_path / "none.sock")), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    assert _run(PROBE)[0][0]["text"].startswith("False ")


@pytest.mark.parametrize(("mode", "env", "docs", "expected"), [
    ("cache", None, ["book/overview"], True),
    ("off", None, ["book/overview"], False),
    ("cache", "0", ["book/overview"], False),
    ("cache", None, [], False),
])
def test_a_server_only_when_notebooks_are_to_be_executed(monkeypatch, mode, env, docs, expected):
    if env is None:
        monkeypatch.delenv("BRIEFING_WARM_KERNELS", raising=False)
    else:
        monkeypatch.setenv("BRIEFING_WARM_KERNELS", env)
    assert warmkernels.wanted(SimpleNamespace(nb_execution_mode=mode), docs) is expected


def test_the_books_corpus_is_prepared_once_before_the_kernels(monkeypatch, tmp_path):
    import os
    import shutil

    import pandas as pd

    from analysis.cache import corpus_key
    from analysis.pipeline import DERIVED, is_prepared, load

    corpus = tmp_path / "corpus"
    shutil.copytree(REPO_ROOT / "seeds", corpus)
    monkeypatch.setenv("BRIEFING_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("BRIEFING_CORPUS", str(corpus))
    assert not is_prepared()
    pid = warmkernels._prepare()  # computed in a child of this process
    assert pid is not None and os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 0
    folder = tmp_path / "cache" / "corpus" / corpus_key(corpus)
    assert sorted(p.stem for p in folder.glob("*.pkl")) >= sorted(DERIVED)
    assert is_prepared() and warmkernels._prepare() is None  # nothing more to do
    # what a kernel reads from the cache is what it would have computed itself
    cached = load(corpus)
    fresh = load(corpus, use_cache=False)
    for name in ("claims", "timeline", "entities"):
        pd.testing.assert_frame_equal(getattr(cached, name), getattr(fresh, name), check_exact=True)


def test_a_corpus_that_cannot_be_prepared_is_left_to_the_kernels(monkeypatch, tmp_path):
    import os

    from analysis import pipeline

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(" date 2025-01-15 Товарооборот вырос до 5 млн тонн.", encoding="utf-8")
    monkeypatch.setenv("BRIEFING_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("BRIEFING_CORPUS", str(corpus))
    monkeypatch.setattr(pipeline, "prepare", lambda *a: 1 / 0)
    pid = warmkernels._prepare()  # it runs, fails in its child, and this process carries on
    assert os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 1
    assert not pipeline.is_prepared()  # the kernels compute what is missing, showing any error in the page


def test_the_annotated_sets_are_scored_beside_the_first_kernels(monkeypatch, tmp_path):
    import os

    from analysis.book import facts

    monkeypatch.setenv("BRIEFING_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(facts, "HELDOUT", tmp_path / "none")  # (only the development set, to be quick)
    pid = warmkernels._score()
    assert pid is not None
    _, raw = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(raw) == 0
    assert facts.scores_path(facts.DEVSET).exists()
    assert warmkernels._score() is None  # stored: nothing left to score
    facts.annotated_scores.cache_clear()
    assert facts.devset_score(None, "docs") == len(list((facts.DEVSET / "corpus").glob("*.txt")))


def test_the_maps_base_is_built_beside_the_kernels_once(monkeypatch, tmp_path):
    import os

    from analysis.book import figures

    monkeypatch.setenv("BRIEFING_CACHE", str(tmp_path / "cache"))
    figures._basemap.cache_clear()  # (an earlier test's map, kept in this process, would be the child's too)
    pid = warmkernels._map()
    assert pid is not None and os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 0
    assert len(list((tmp_path / "cache" / "maps").glob("basemap-*.pkl"))) == 1
    assert warmkernels._map() is None  # stored: every kernel unpickles it
