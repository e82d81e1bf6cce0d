"""``python -m analysis``: help, every table in JSON and CSV, and clear failures.

Each test runs the command in a subprocess with the venv's Python and its own ``BRIEFING_CACHE``, as
a user would, so nothing is shared with the book's cache or between tests by accident.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from analysis.cli import TABLES
from analysis.paths import REPO_ROOT

SEEDS = REPO_ROOT / "seeds"
QUICK_TABLES = ["manifest", "sentences", "tracks", "claims", "consistency", "timeline", "watchlist"]


def run(args: list[str], cache: Path, corpus_env: str | None = None, prefix: list[str] = ()) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.pop("BRIEFING_CORPUS", None)
    if corpus_env is not None:
        env["BRIEFING_CORPUS"] = corpus_env
    env["BRIEFING_CACHE"] = str(cache)
    if prefix:
        cache.chmod(0o777)
    return subprocess.run([*prefix, sys.executable, "-m", "analysis", *args], cwd=REPO_ROOT, env=env,
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def cli_cache(tmp_path_factory) -> Path:
    """One cache for this module's seed runs (the first run fills it; the rest read it)."""
    return tmp_path_factory.mktemp("cli_cache")


@pytest.fixture(scope="module")
def seed_output(cli_cache):
    """Return (table, format) → the finished process, each command run once per module."""
    done: dict[tuple[str, str], subprocess.CompletedProcess] = {}

    def get(name: str, fmt: str) -> subprocess.CompletedProcess:
        if (name, fmt) not in done:
            done[name, fmt] = run([name, str(SEEDS), "--format", fmt], cli_cache)
        return done[name, fmt]

    return get


def test_no_arguments_prints_help(tmp_path):
    proc = run([], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("usage: python -m analysis")
    for name in TABLES:
        assert name in proc.stdout
    assert proc.stderr == ""


def test_help_flag(tmp_path):
    proc = run(["--help"], tmp_path)
    assert proc.returncode == 0 and "usage:" in proc.stdout


@pytest.mark.parametrize("name", QUICK_TABLES)
def test_table_json(name, seed_output):
    proc = seed_output(name, "json")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == "", f"the seeds should load without warnings: {proc.stderr[:500]}"
    records = json.loads(proc.stdout)
    assert isinstance(records, list)
    assert all(isinstance(r, dict) for r in records)
    if name in ("manifest", "sentences", "tracks", "claims"):
        assert records, f"{name} is empty on the seeds"
    cols = TABLES[name][1]
    if records:
        keys = list(records[0])
        assert all(list(r) == keys for r in records), "every object has the same keys, in order"
        if cols is not None:
            assert keys == list(cols), f"{name}: columns {keys} != documented {cols}"
    if name == "manifest":
        assert [r["file"] for r in records] == sorted(p.name for p in SEEDS.iterdir())
        assert all(r["status"] == "loaded" for r in records)


@pytest.mark.parametrize("name", QUICK_TABLES)
def test_table_csv(name, seed_output):
    proc = seed_output(name, "csv")
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.reader(io.StringIO(proc.stdout)))
    assert rows, "CSV output has no header"
    header = rows[0]
    cols = TABLES[name][1]
    if cols is not None:
        assert header == list(cols)
    else:
        assert header and all(h for h in header)
    assert all(len(r) == len(header) for r in rows[1:]), "ragged CSV rows"
    # JSON and CSV describe the same rows
    as_json = json.loads(seed_output(name, "json").stdout)
    assert len(rows) - 1 == len(as_json)
    if as_json:
        assert header == list(as_json[0])


def test_default_corpus_is_seeds_and_env_switch(cli_cache, tmp_path):
    default = json.loads(run(["manifest"], cli_cache).stdout)
    assert [r["file"] for r in default] == sorted(p.name for p in SEEDS.iterdir())
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    seed = sorted(SEEDS.iterdir())[0]
    (corpus / seed.name).write_bytes(seed.read_bytes())
    switched = json.loads(run(["manifest"], cli_cache, corpus_env=str(corpus)).stdout)
    assert [r["file"] for r in switched] == [seed.name]


def test_entities(cli_cache):
    proc = run(["entities", str(SEEDS), "--format", "json"], cli_cache)
    assert proc.returncode == 0, proc.stderr
    records = json.loads(proc.stdout)
    assert records and list(records[0]) == list(TABLES["entities"][1])
    assert any(r["kind"] == "PER" for r in records)


@pytest.mark.parametrize("kind", ["missing", "file", "unreadable"])
def test_bad_corpus_directory(kind, tmp_path):
    prefix: list[str] = []
    if kind == "missing":
        target = tmp_path / "no-such-dir"
    elif kind == "file":
        target = tmp_path / "a-file.txt"
        target.write_text("not a directory", encoding="utf-8")
    else:
        # pytest's tmp_path is private to its owner: use a folder another user can reach
        base = Path(tempfile.mkdtemp(prefix="cli-locked-", dir="/tmp"))
        base.chmod(0o755)
        target = base / "locked"
        target.mkdir()
        (target / "x.txt").write_text("текст", encoding="utf-8")
        target.chmod(0)
        if os.geteuid() == 0:
            # root reads any directory: run the command as an unprivileged user instead
            setpriv = shutil.which("setpriv")
            if setpriv is None:
                pytest.skip("running as root without setpriv: cannot make a directory unreadable")
            prefix = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
    try:
        cache = (target.parent if kind == "unreadable" else tmp_path) / "cache"
        cache.mkdir()
        proc = run(["manifest", str(target)], cache, prefix=prefix)
    finally:
        if kind == "unreadable":
            target.chmod(0o755)
            shutil.rmtree(target.parent)
    assert proc.returncode != 0
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, f"expected a one-line message, got: {proc.stderr!r}"
    assert str(target.name) in lines[0]
    assert "Traceback" not in proc.stderr


def test_unreadable_directory_as_root(tmp_path):
    """Root ignores directory permissions; an unreadable corpus is then a path that is not a directory."""
    proc = run(["manifest", "/dev/null"], tmp_path)
    assert proc.returncode != 0 and len(proc.stderr.strip().splitlines()) == 1


def test_bad_arguments(tmp_path):
    proc = run(["no-such-table"], tmp_path)
    assert proc.returncode == 2 and "invalid choice" in proc.stderr
    proc = run(["manifest", "--format", "xml"], tmp_path)
    assert proc.returncode == 2


def test_corpus_with_skipped_files(small_hostile_corpus, tmp_path):
    root, expected = small_hostile_corpus
    proc = run(["manifest", str(root)], tmp_path)
    assert proc.returncode == 0, proc.stderr
    records = json.loads(proc.stdout)
    assert {r["file"]: r["status"] for r in records} == {f: e[0] for f, e in expected.items()}
    # each problem is reported as one warning line, never a traceback
    assert "Traceback" not in proc.stderr
    warned = [l for l in proc.stderr.splitlines() if l.startswith("warning: ")]
    assert len(warned) == len(proc.stderr.splitlines())
    skipped = [f for f, e in expected.items() if e[0] == "skipped"]
    for name in skipped:
        assert any(name in l for l in warned), f"no warning for {name}"
    proc = run(["claims", str(root), "--format", "csv"], tmp_path)
    assert proc.returncode == 0 and proc.stdout.startswith("claim_id,")


def test_no_cache_flag(tmp_path):
    proc = run(["manifest", str(SEEDS), "--no-cache"], tmp_path)
    assert proc.returncode == 0
    assert not (tmp_path / "corpus").exists(), "--no-cache wrote the corpus cache"


def test_snapshot_command_writes_the_snapshot_of_the_seeds(cli_cache, tmp_path):
    out = tmp_path / "assessed_facts.json"
    done = run(["snapshot", str(SEEDS), "--output", str(out)], cli_cache)
    assert done.returncode == 0, done.stderr
    assert f"wrote {out}" in done.stderr and done.stdout == ""
    written = json.loads(out.read_text(encoding="utf-8"))
    committed = json.loads((REPO_ROOT / "analysis/data/editorial/assessed_facts.json").read_text(encoding="utf-8"))
    assert written == committed, "the snapshot is stale: run `python -m analysis snapshot seeds`"
