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

Writing the HTML: Sphinx resolves every document's references in the main process, one at a time,
and hands it to a single writing process (the main one being busy); on a large corpus resolving is
most of the writing time and the writing process mostly waits. Here (:func:`write_parallel`) the
writing processes, one per core, resolve the documents they write themselves, largest first, and
send the main process back what it keeps of each: the images to copy and the page's entries in the
search index, merged in Sphinx's own order, so the pages and the search index are the same bytes.

Python's cyclic garbage collector: a doctree is a graph of hundreds of thousands of nodes, each
pointing to its parent, and while a process builds or unpickles one the collector keeps walking
everything allocated so far (unpickling the doctrees of the 1,000-article book takes 5.4 s with it
and 0.4 s without). A process forked to read or to write one document does not collect at all
(:func:`_no_collection_in_workers`; it exits when the document is done, and the operating system
takes its memory back); the main process does not collect while it loads the doctrees to number
them, and then moves them to the collector's permanent generation, where it never looks again.
"""

from __future__ import annotations

import gc
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


#: The process that runs the build (Sphinx's reading and writing processes are forked from it).
MAIN_PID = os.getpid()


def _no_collection_in_workers(app, docname, source) -> None:
    """In a process forked to read one document (``source-read``), turn the cyclic collector off."""
    if app.parallel > 1 and os.getpid() != MAIN_PID:
        gc.disable()


def _keep_doctrees(app, env) -> list[str]:
    """While the documents that changed are numbered, keep each doctree loaded for writing; return no
    document to rewrite (this is an ``env-get-updated`` handler run before the numbering's)."""
    if app.parallel > 1:
        gc.collect()  # what is garbage now, while the heap is small; then no collection while loading
        gc.disable()
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
    if app.parallel > 1:
        gc.freeze()  # the doctrees kept for writing: never walked by the collector again
        gc.enable()
    return []


#: What the search index holds per document (``IndexBuilder`` attributes, Sphinx 7.4).
_INDEX_PER_DOC = ("_titles", "_filenames", "_all_titles", "_index_entries")
_INDEX_WORDS = ("_mapping", "_title_mapping")


def _index_of(indexer, docname: str) -> dict | None:
    """What the search index *indexer* holds of *docname* (None: no search index)."""
    if indexer is None:
        return None
    out = {name: getattr(indexer, name)[docname] for name in _INDEX_PER_DOC if docname in getattr(indexer, name)}
    for name in _INDEX_WORDS:
        out[name] = [word for word, docs in getattr(indexer, name).items() if docname in docs]
    return out


def _add_index(indexer, docname: str, entries: dict | None) -> None:
    """Put *entries* (:func:`_index_of` in a writing process) into the main process's *indexer*."""
    if indexer is None or entries is None:
        return
    for name in _INDEX_PER_DOC:
        if name in entries:
            getattr(indexer, name)[docname] = entries[name]
    for name in _INDEX_WORDS:
        mapping = getattr(indexer, name)
        for word in entries[name]:
            mapping.setdefault(word, set()).add(docname)


def _in_written_order(indexer, docnames: list[str]) -> None:
    """Order the index's per-document entries as Sphinx feeds them (the pages written, sorted, last):
    the index lists one of them (``_index_entries``) in that order."""
    if indexer is None:
        return
    for name in _INDEX_PER_DOC:
        table = getattr(indexer, name)
        for docname in sorted(docnames):
            if docname in table:
                table[docname] = table.pop(docname)


def _doctree_bytes(env, docname: str) -> int:
    try:
        return os.path.getsize(os.path.join(env.doctreedir, docname + ".doctree"))
    except OSError:
        return 0


def write_parallel(builder, docnames, nproc: int) -> None:
    """Sphinx's ``Builder._write_parallel`` (7.4), with each document resolved in the process writing it.

    The first document is resolved and written in the main process, as Sphinx does (templates
    compiled once, before the writing processes are forked); the others, largest doctree first, on
    one writing process per core; each returns the images it saw and its search-index entries.
    """
    from sphinx.locale import __
    from sphinx.util.build_phase import BuildPhase
    from sphinx.util.display import status_iterator
    from sphinx.util.parallel import ParallelTasks

    app, env = builder.app, builder.env
    firstname, rest = docnames[0], list(docnames[1:])
    app.phase = BuildPhase.RESOLVING
    doctree = env.get_and_resolve_doctree(firstname, builder)
    app.phase = BuildPhase.WRITING
    builder.write_doc_serialized(firstname, doctree)
    builder.write_doc(firstname, doctree)

    def write_process(docname: str) -> dict:
        gc.disable()  # a process of its own, for this page only (see the module docstring)
        app.phase = BuildPhase.RESOLVING
        doctree = env.get_and_resolve_doctree(docname, builder)
        app.phase = BuildPhase.WRITING
        seen = set(builder.images)
        builder.write_doc_serialized(docname, doctree)
        builder.write_doc(docname, doctree)
        return {"images": {k: v for k, v in builder.images.items() if k not in seen},
                "index": _index_of(getattr(builder, "indexer", None), docname)}

    progress = status_iterator(rest, __("writing output... "), "darkgreen", len(rest), app.verbosity)

    def merge(docname: str, result: dict) -> None:
        builder.images.update(result["images"])
        _add_index(getattr(builder, "indexer", None), docname, result["index"])
        next(progress)

    nproc = max(1, app.parallel)  # the main process only hands out documents and merges
    order = sorted(rest, key=lambda d: -_doctree_bytes(env, d))
    tasks = ParallelTasks(nproc)
    for docname in submission_order(order, nproc):
        tasks.add_task(write_process, docname, merge)
    tasks.join()
    _in_written_order(getattr(builder, "indexer", None), docnames)
    logger.info("")


def _freeze_heap(app, exception) -> None:
    """The build is over: move every object to the collector's permanent generation, so the
    interpreter's exit frees the process's memory without first walking every doctree node
    (seconds on a large corpus, once the doctrees are kept for writing)."""
    if app.parallel > 1:
        gc.freeze()


def _resolve_in_writers(app) -> None:
    builder = app.builder
    if app.parallel > 1 and builder.name == "html":
        builder._write_parallel = lambda docnames, nproc: write_parallel(builder, docnames, nproc)


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
    app.connect("source-read", _no_collection_in_workers)
    app.connect("env-get-updated", _keep_doctrees, priority=100)
    app.connect("env-get-updated", _stop_keeping, priority=900)
    app.connect("builder-inited", _resolve_in_writers)
    app.connect("build-finished", _freeze_heap, priority=1000)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
