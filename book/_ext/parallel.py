"""Sphinx extension: read the book's documents, and so execute its notebooks, on every core.

myst-nb executes a notebook while Sphinx reads it, one kernel per notebook. Sphinx can read
documents in parallel worker processes when every extension says it is safe (all of the book's
do), but ``jupyter-book build`` has no ``-j`` option and always passes one job. This extension
sets the job count from the ``briefing_jobs`` setting (``auto``: one per core, the default) when
the configuration is read, before Sphinx decides how to read, so the kernels run side by side.
``BRIEFING_JOBS`` in the environment overrides it (``1`` gives the serial build).

One extension Jupyter Book adds, ``sphinx_multitoc_numbering``, does not declare either way, and
Sphinx then falls back to a serial read with a warning. It only replaces how section numbers are
assigned, which Sphinx does in the main process after all documents are read (the
``env-get-updated`` step), so reading in parallel cannot change its result; it is declared safe
here. The book's numbering is checked by the tests either way.
"""

from __future__ import annotations

import os

from sphinx.util import logging

logger = logging.getLogger(__name__)


def jobs(setting) -> int:
    """Return the number of worker processes for *setting* (``auto``, a number, or a numeric string)."""
    value = os.environ.get("BRIEFING_JOBS") or setting
    if str(value).strip().lower() == "auto":
        return max(1, os.cpu_count() or 1)
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        raise ValueError(f"briefing_jobs must be 'auto' or a whole number, not {value!r}") from None


#: Extensions that do not declare parallel-read safety but are safe (see the module docstring).
KNOWN_SAFE = ("sphinx_multitoc_numbering",)


def _set_jobs(app, config) -> None:
    n = jobs(config.briefing_jobs)
    if n <= 1 or app.parallel > 1:
        return
    for name in KNOWN_SAFE:
        ext = app.extensions.get(name)
        if ext is not None and ext.parallel_read_safe is None:
            ext.parallel_read_safe = True
    app.parallel = n
    logger.info("[parallel] reading and executing with %d processes", n)


def setup(app):
    app.add_config_value("briefing_jobs", "auto", "env")
    app.connect("config-inited", _set_jobs)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
