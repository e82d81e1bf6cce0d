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

How the documents are shared out: Sphinx cuts the list of documents to read into as many chunks as
there are processes (two chunks of nine on two cores), in alphabetical order, and each process reads
a whole chunk. On a large corpus the notebooks' times differ tenfold (the overview's several seconds,
a register page's one), so one process finished long before the other. Here every document is a
chunk of its own (:func:`one_per_chunk`), so a process that finishes takes the next document, and
the documents start longest first (``briefing_read_first``: the notebooks that take longest, in
that order, as ``bench/run.py --only book-scale`` measures them), so that the last to start are
the short ones and the processes finish together. Writing the HTML uses the same one-document
chunks: the writing process starts on a page as soon as the main process has resolved it.

After a parallel read, the main process loads every document's doctree twice, one at a time: to
number the figures and tables (Sphinx's ``env-get-updated`` step) and again to write it. On a large
corpus the register's doctrees are megabytes each, and loading them is a good part of the serial
time before and during writing. Here the doctree loaded for numbering, which only reads it, is kept
for writing (:func:`_keep_doctrees`), as a serial build keeps the doctrees it read.
"""

from __future__ import annotations

import os

import sphinx.builders
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


def one_per_chunk(arguments, nproc: int, maxbatch: int = 10) -> list[list]:
    """Sphinx's ``make_chunks`` with one document per chunk: a process that finishes takes the next.

    >>> one_per_chunk(["a", "b", "c"], 2)
    [['a'], ['b'], ['c']]
    """
    return [[argument] for argument in arguments]


def start_order(docnames, first) -> list[str]:
    """Return *docnames* in the order they should start: those named in *first*, in its order, then
    the others in their own order.

    >>> start_order(["a", "b", "c", "d"], ["c", "x", "a"])
    ['c', 'a', 'b', 'd']
    """
    present = set(docnames)
    head = [d for d in dict.fromkeys(first) if d in present]
    return head + [d for d in docnames if d not in set(head)]


def submission_order(order: list[str], nproc: int) -> list[str]:
    """Return the list to hand Sphinx so that its tasks start in *order* on *nproc* processes.

    Sphinx's ``ParallelTasks`` starts the first *nproc* tasks at once and then, each time one ends,
    the task submitted *last* among those still waiting (``dict.popitem``). So the first *nproc* go
    in order and the rest reversed.

    >>> submission_order(["a", "b", "c", "d", "e"], 2)
    ['a', 'b', 'e', 'd', 'c']
    """
    return order[:nproc] + order[nproc:][::-1]


def _schedule(app, env, docnames: list[str]) -> None:
    if app.parallel <= 1:
        return
    docnames[:] = submission_order(start_order(docnames, app.config.briefing_read_first), app.parallel)


def _keep_doctrees(app, env) -> list[str]:
    """While the documents that changed are numbered, keep each doctree loaded for writing; return no
    document to rewrite (this is an ``env-get-updated`` handler run before the numbering's)."""
    if app.parallel > 1:
        load = env.get_doctree

        def get_doctree(docname: str):
            doctree = load(docname)
            env._write_doc_doctree_cache.setdefault(docname, doctree)
            return doctree

        env.get_doctree = get_doctree
    return []


def _stop_keeping(app, env) -> list[str]:
    """The numbering is done (an ``env-get-updated`` handler run after it): any other reader of a
    doctree gets a fresh copy, as Sphinx gives it, and the environment pickles as before."""
    env.__dict__.pop("get_doctree", None)
    return []


def _set_jobs(app, config) -> None:
    n = jobs(config.briefing_jobs)
    if n <= 1 or app.parallel > 1:
        return
    for name in KNOWN_SAFE:
        ext = app.extensions.get(name)
        if ext is not None and ext.parallel_read_safe is None:
            ext.parallel_read_safe = True
    app.parallel = n
    sphinx.builders.make_chunks = one_per_chunk
    logger.info("[parallel] reading and executing with %d processes", n)


def setup(app):
    app.add_config_value("briefing_jobs", "auto", "env")
    app.add_config_value("briefing_read_first", [], "")
    app.connect("config-inited", _set_jobs)
    app.connect("env-before-read-docs", _schedule)
    app.connect("env-get-updated", _keep_doctrees, priority=100)
    app.connect("env-get-updated", _stop_keeping, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
