"""Sphinx extension: never show stale notebook outputs.

myst-nb's execution cache re-runs a notebook only when its code cells change. The book's
notebooks, though, depend on things the cache does not see: the ``analysis`` package, its data
files, the corpus (``$BRIEFING_CORPUS`` or ``seeds/``) and the pinned environment. This extension
computes a fingerprint of all of those when the build starts. When it differs from the one stored
beside the execution cache, the cache is emptied and every notebook is marked outdated, so each is
re-executed and re-read. When nothing changed, cached outputs are reused and the rebuild is quick.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sphinx.util import logging

logger = logging.getLogger(__name__)

STAMP_NAME = "analysis-fingerprint.txt"


def _cache_path(app) -> Path:
    configured = app.config.nb_execution_cache_path
    return Path(configured) if configured else Path(app.outdir).parent / ".jupyter_cache"


def _check(app, config) -> None:
    from analysis.cache import build_fingerprint

    fingerprint = build_fingerprint()
    cache = _cache_path(app)
    stamp = cache.parent / STAMP_NAME
    previous = stamp.read_text(encoding="utf-8").strip() if stamp.exists() else None
    app.env_fingerprint_changed = previous != fingerprint
    if app.env_fingerprint_changed:
        if cache.exists():
            logger.info("[freshness] analysis/corpus changed: emptying %s", cache)
            shutil.rmtree(cache)
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(fingerprint + "\n", encoding="utf-8")
    if getattr(config, "nb_execution_mode", None) == "cache":
        _create_cache_db(cache)


def _create_cache_db(cache: Path) -> None:
    """Create the execution cache's database now, in the main process.

    Sphinx reads (and so executes) documents in forked worker processes when the build is
    parallel (book/_ext/parallel.py). Each worker opens the cache, and on a fresh build two of them
    may both find no database and race to create its tables ("table settings already exists").
    Creating it here, before any worker starts, leaves them nothing to race for.
    """
    from jupyter_cache import get_cache

    cache.mkdir(parents=True, exist_ok=True)
    _ = get_cache(str(cache)).db  # creates the database (the attribute access does)


def _outdated(app, env, added, changed, removed):
    if not getattr(app, "env_fingerprint_changed", False):
        return []
    return [doc for doc in env.found_docs if str(env.doc2path(doc)).endswith(".ipynb")]


def setup(app):
    app.connect("config-inited", _check)
    app.connect("env-get-outdated", _outdated)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
