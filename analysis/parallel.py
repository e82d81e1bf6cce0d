"""Run one function over chunks of documents on every core, or on a Dask cluster, keeping their order.

:func:`map_chunks` is what the per-document stages of :mod:`analysis.pipeline` call (reading a
large corpus: :func:`analysis.ingest.reading.read_corpus`; sentence splitting with lemmas, speakers
and tracks; NER: :mod:`analysis.stages`). It returns ``[fn(c) for c in chunks]``, in order,
and the result never depends on how the work was spread.

Where the work runs:

* ``BRIEFING_SCHEDULER=tcp://host:8786`` (or a ``distributed.Client`` passed as *client*): on that
  Dask cluster. Its workers need the project installed, and — since the pipeline's workers write
  the per-document cache themselves — ``BRIEFING_CACHE`` should be a folder they all share.
* otherwise on this machine, in ``BRIEFING_WORKERS`` worker processes (default: one per core,
  ``os.cpu_count()``).
* one worker, or a single chunk: a plain loop in this process, with no pool to start. The pipeline
  asks for one worker when a stage has fewer than ``PARALLEL_MIN_DOCS`` documents to process (the
  seeds' five articles), so the notebooks pay nothing for a pool.

The engine is Dask, not joblib/loky, because the issue asks for the same code to run on a Dask
``distributed`` cluster when a corpus outgrows one machine: locally the chunks are ``dask.delayed``
tasks on Dask's ``"processes"`` scheduler; on a cluster the same function is mapped over the same
chunks (scattered to the workers first, so they travel as data, not inside the task graph). One
engine to pin instead of two (joblib would need Dask anyway for the cluster). Processes, not
threads: the NLP is pure Python and holds the GIL.

Every chunk runs with one BLAS thread (``threadpoolctl``), in a worker and in the serial loop alike:
natasha's NER multiplies small matrices, and OpenBLAS's own threads (one per core by default) only
burn a second core spinning — measured here, NER took twice the CPU time and 1.5–2× the wall time
with them — and would fight the other workers for the cores. The results are the same (checked on
the seeds and 200 generated articles); "one worker" now means one core.

The local pool is started on first use and kept for the life of the process (as loky's reusable
executor is), so the reading, sentence and NER stages share warm workers. Workers are *forked from
a fork server* (``multiprocessing``'s "forkserver" start method), never from the calling process: a
notebook kernel has threads, and forking a process with threads can deadlock; the fork server is a
fresh single-threaded interpreter. :func:`warm_up` starts it with the modules to *preload*: the
server imports them (and the pipeline's models, :mod:`analysis.preloaded`) once, and every worker
forked from it starts with them in memory, shared copy-on-write. Spawned workers (the method before)
each imported the package and loaded natasha's models themselves: about 2 s of CPU per worker, on
the critical path of every run, measured in ``bench/parallel.py``.
"""

from __future__ import annotations

import atexit
import functools
import math
import multiprocessing
import multiprocessing.forkserver
import os
import warnings
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

__all__ = ["map_chunks", "resolve_workers", "chunk_size", "warm_up"]

#: The kept local pools, by number of workers.
_POOL: dict[int, ProcessPoolExecutor] = {}
#: How the local workers start: forked from a fork server where the platform has one (Linux, macOS).
_CONTEXT = multiprocessing.get_context("forkserver" if "forkserver" in multiprocessing.get_all_start_methods()
                                       else "spawn")


def resolve_workers(workers: int | None = None) -> int:
    """Return the number of local worker processes: *workers*, else ``$BRIEFING_WORKERS``, else one per core.

    >>> resolve_workers(3)
    3
    >>> resolve_workers(0)
    1
    """
    if workers is None:
        value = os.environ.get("BRIEFING_WORKERS", "").strip()
        if value:
            try:
                workers = int(value)
            except ValueError:
                raise ValueError(f"BRIEFING_WORKERS must be a whole number, not {value!r}") from None
        else:
            workers = os.cpu_count() or 1
    return max(1, int(workers))


def chunk_size(n_items: int, largest: int, workers: int | None = None) -> int:
    """Return how many items to put in a chunk: at most *largest*, and small enough that every
    worker gets a chunk (so two workers do not wait on one 500-document chunk).

    >>> chunk_size(1000, 500, 2), chunk_size(700, 500, 2), chunk_size(700, 500, 1), chunk_size(3, 50, 8)
    (500, 350, 500, 1)
    """
    parts = resolve_workers(workers)
    return max(1, min(largest, math.ceil(n_items / parts) if n_items else largest))


def _scheduler_address() -> str | None:
    return os.environ.get("BRIEFING_SCHEDULER", "").strip() or None


@functools.lru_cache(maxsize=4)
def _client_for(address: str):
    """A client connected to the cluster at *address* (kept: one connection per process)."""
    from distributed import Client

    return Client(address, set_as_default=False)


def _pool(workers: int) -> ProcessPoolExecutor:
    """The process pool of *workers* processes (started on its first task), created once and reused."""
    if workers not in _POOL:
        _POOL[workers] = ProcessPoolExecutor(workers, mp_context=_CONTEXT)
    return _POOL[workers]


def warm_up(modules: tuple[str, ...] = ("analysis.preloaded",), workers: int | None = None) -> None:
    """Start the fork server of the local pool now, preloading *modules*, and return without waiting.

    The pipeline calls it before reading a corpus large enough for workers, so that the server's
    start (a fresh interpreter importing the package and loading the models: about 2 s of CPU)
    overlaps the reading; the workers are then forked from it when the first stage needs them, in
    a few milliseconds. Nothing happens with one worker or with a cluster set; if a fork server is
    already running (this process started one before), it is kept as it is.
    """
    n = resolve_workers(workers)
    if n <= 1 or _scheduler_address():
        return
    if _CONTEXT.get_start_method() == "forkserver":
        _CONTEXT.set_forkserver_preload([*modules, "dask.multiprocessing"])
        multiprocessing.forkserver.ensure_running()
    _pool(n)


@atexit.register
def _shutdown_pools() -> None:
    while _POOL:
        _POOL.popitem()[1].shutdown(wait=True, cancel_futures=True)


def _bar(total: int, progress: bool, desc: str | None):
    """A tqdm bar over *total* chunks, or None when no bar was asked for."""
    if not progress:
        return None
    from tqdm import tqdm

    return tqdm(total=total, desc=desc)


class _Task:
    """*fn* as a worker runs it: with one BLAS thread, its warnings recorded to be raised again in the
    calling process, in chunk order (a worker's warnings would otherwise be lost, and the pipeline
    lists them as the corpus's problems). A class, not a closure, so that it pickles to the workers."""

    def __init__(self, fn: Callable):
        self.fn = fn

    def __call__(self, chunk) -> tuple[Any, list[tuple[type[Warning], str]]]:
        from threadpoolctl import threadpool_limits

        with threadpool_limits(limits=1, user_api="blas"), warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            value = self.fn(chunk)
        return value, [(w.category, str(w.message)) for w in caught]


def _unwrap(results: list) -> list:
    """The values of :class:`_Task` results, their warnings raised here, in order."""
    for _, caught in results:
        for category, message in caught:
            warnings.warn(message, category, stacklevel=3)
    return [value for value, _ in results]


def _serial(fn: Callable, chunks: list, bar) -> list:
    out = []
    for c in chunks:
        out.append(fn(c))
        if bar is not None:
            bar.update(1)
    return out


def _local(fn: Callable, chunks: list, workers: int, bar) -> list:
    """Run the chunks on the local "processes" scheduler, in the kept pool of *workers*."""
    import dask
    from dask.callbacks import Callback

    tasks = [dask.delayed(fn, pure=False)(c) for c in chunks]
    keys = {t.key for t in tasks}

    class _Tick(Callback):
        def _posttask(self, key, result, dsk, state, worker_id):
            if bar is not None and key in keys:
                bar.update(1)

    # chunksize=1: one chunk per submission, so a free worker always takes the next chunk
    try:
        with _Tick():
            return list(dask.compute(*tasks, scheduler="processes", pool=_pool(workers), chunksize=1))
    except BrokenProcessPool:  # a worker died (killed, out of memory): the next call starts a new pool
        _POOL.pop(workers).shutdown(wait=False, cancel_futures=True)
        raise


def _cluster(fn: Callable, chunks: list, client, bar) -> list:
    """Run the chunks on the Dask cluster behind *client*; gather the results in order."""
    from distributed import as_completed

    # scattered first: the chunks go to the workers as data, not inside the task graph
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        data = client.scatter(chunks)
        futures = client.map(fn, data, pure=False)
    for _ in as_completed(futures, loop=client.loop):
        if bar is not None:
            bar.update(1)
    return client.gather(futures)


def map_chunks(fn: Callable[[Any], Any], chunks: Sequence, *, workers: int | None = None, client=None,
               progress: bool = False, desc: str | None = None) -> list:
    """Return ``[fn(c) for c in chunks]``, in the chunks' order, computed in parallel.

    Parameters
    ----------
    fn : a module-level function (it is pickled to the workers by reference).
    chunks : the inputs, each a unit of work (e.g. a frame of 500 documents).
    workers : local worker processes (default ``$BRIEFING_WORKERS``, else ``os.cpu_count()``);
        1, or a single chunk, runs a plain loop in this process, even when a cluster is set.
    client : a ``distributed.Client``; default: one connected to ``$BRIEFING_SCHEDULER`` if set.
        With a client, the chunks run on its cluster (however many workers it has).
    progress : draw a tqdm bar over the chunks (on standard error); *desc* labels it.

    An exception raised by *fn* in a worker is raised here, and so are its warnings (after it ends,
    in chunk order). Each call of *fn* has one BLAS thread.

    >>> map_chunks(abs, [-2, 1, -3], workers=1)
    [2, 1, 3]
    """
    chunks = list(chunks)
    n = resolve_workers(workers)
    task = _Task(fn)
    bar = _bar(len(chunks), progress, desc)
    try:
        if n <= 1 or len(chunks) <= 1:
            return _unwrap(_serial(task, chunks, bar))
        if client is None and _scheduler_address():
            client = _client_for(_scheduler_address())
        if client is not None:
            return _unwrap(_cluster(task, chunks, client, bar))
        return _unwrap(_local(task, chunks, n, bar))
    finally:
        if bar is not None:
            bar.close()
