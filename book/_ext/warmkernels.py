"""Sphinx extension: start the book's notebook kernels from one process that has imported their modules.

Every executed notebook pays a new kernel: an interpreter that imports ipykernel, then pandas, the
``analysis`` package and matplotlib before the notebook's own work (with the stored corpus already
cached, that was most of a register page's time). For the build, this extension starts one *kernel
server* that imports those modules once (:data:`PRELOAD`) and then forks a kernel for each notebook,
so that the modules are shared copy-on-write and nothing is imported again. On a cold processing
cache the server also has the corpora processed before they are needed (:func:`_prepare`,
:func:`_score`): the book's corpus and every table its pages read, in a child forked as the server
starts, while the server imports (the notebooks, run side by side, used to wait for the same tables
at the same time, each after its own kernel's start); the overview map's base, in a child of its own
(:func:`_map`); and the development and held-out sets' scores, in a child that runs beside the first
kernels. A kernel asking for one of these before its child is done waits for it (the cache entry's
lock) and reads it.

How a kernel is started: myst-nb asks jupyter_client for the notebook's kernel, ``python3``; while the
build reads notebooks, ``JUPYTER_PATH`` points first to a kernelspec of that name whose command is
this file's *launcher* (``warmkernels.py launch SOCKET -f CONNECTION_FILE``), a small stdlib-only
process. The launcher passes its working directory, environment, arguments and standard streams to
the server over a Unix socket; the server forks a child, which takes them over and runs ipykernel
exactly as ``python -m ipykernel_launcher`` would. The launcher stays as the kernel's process for
jupyter_client: it forwards signals (an interrupt reaches the kernel), exits with the kernel's exit
status, and if it is killed the server kills the kernel. A kernel ends with ``os._exit`` after its
``atexit`` functions: the interpreter's teardown (freeing every module and table, about a quarter of
a second on a page with figures) has nothing to leave behind.

Nothing changes in what a notebook computes: the child is an ordinary ipykernel in the notebook's
folder with the launcher's environment. When the server is not running, or the launcher's
environment differs from the server's in anything but jupyter_client's own variables (``JPY_*``),
the launcher simply becomes ``python -m ipykernel_launcher`` (the stock kernel). ``pytest --nbval``
and ``python -m analysis.book.notebooks refresh`` never use this path.

``BRIEFING_WARM_KERNELS=0`` turns it off. It is on only when the build executes notebooks and at
least one notebook is to be read (a rebuild with nothing changed starts no server).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sys

#: Modules the server imports before forking kernels: what the notebooks' first cells and their
#: figures import (``analysis`` first: it limits the BLAS threads before numpy is imported), and the
#: kernel itself. Imports only; ``matplotlib_inline`` is left out on purpose: importing it outside a
#: running IPython would skip the set-up it does when a kernel imports it.
PRELOAD = (
    "analysis",
    "analysis.book.pages",
    "analysis.book.appendix",
    "analysis.book.briefing",
    "analysis.book.figures",
    "analysis.book.sourcing",
    "analysis.book.trade",
    "analysis.nlp.gazetteer",
    "analysis.tables",
    "matplotlib.pyplot",
    "matplotlib.dates",
    "matplotlib.lines",
    "matplotlib.patches",
    "matplotlib.transforms",
    "matplotlib.backends.backend_agg",
    "matplotlib.backends.backend_pdf",
    "fontTools.subset",
    "PIL.BmpImagePlugin",  # the image plugins Pillow loads when the first PNG is written, in its order
    "PIL.GifImagePlugin",
    "PIL.JpegImagePlugin",
    "PIL.PpmImagePlugin",
    "mpl_toolkits.basemap",  # the maps of the transport and digital chapters
    "pymorphy3",
    "tabulate",  # pandas' to_markdown
    "myst_nb.ext.glue",  # what myst_nb.glue imports on first use
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "ipykernel.zmqshell",
    "ipykernel.debugger",  # debugpy: imported by every kernel's set-up (a third of what it costs)
)

#: Environment variables a launcher may have that the server has not (or with another value):
#: those jupyter_client sets for each kernel. Any other difference falls back to the stock kernel.
KERNEL_ONLY_ENV = ("JPY_",)

_STDIO = (0, 1, 2)


# --- the launcher: the kernel's process as jupyter_client sees it ------------------------------------

def _stock_kernel(args: list[str]) -> None:
    """Become ``python -m ipykernel_launcher ARGS`` (the kernelspec every other tool uses)."""
    os.execv(sys.executable, [sys.executable, "-m", "ipykernel_launcher", *args])


def _send(sock: socket.socket, obj) -> None:
    sock.sendall(json.dumps(obj).encode() + b"\n")


def _receive(sock: socket.socket, buffer: bytearray) -> dict | None:
    """Read one JSON line from *sock* (None at end of stream)."""
    while b"\n" not in buffer:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        buffer.extend(chunk)
    line, _, rest = bytes(buffer).partition(b"\n")
    buffer[:] = rest
    return json.loads(line)


def launch(path: str, args: list[str]) -> int:
    """Ask the server at *path* for a kernel with *args*; forward signals to it and return its exit
    status. Becomes the stock kernel if the server cannot serve this one."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.connect(path)
        request = json.dumps({"cwd": os.getcwd(), "env": dict(os.environ), "args": args}).encode()
        socket.send_fds(sock, [len(request).to_bytes(8, "big")], list(_STDIO))
        sock.sendall(request)
        buffer = bytearray()
        reply = _receive(sock, buffer)
    except OSError:
        reply = None
    if not reply or "pid" not in reply:
        sock.close()
        _stock_kernel(args)
    pid = reply["pid"]
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT, signal.SIGUSR1, signal.SIGUSR2):
        signal.signal(sig, lambda signum, _frame: _forward(pid, signum))
    end = _receive(sock, buffer)
    if end is None:  # the server went away: its kernels with it
        return 1
    status = end["status"]
    if status < 0:  # killed by a signal: die the same way, so the caller sees what the kernel saw
        signal.signal(-status, signal.SIG_DFL)
        os.kill(os.getpid(), -status)
    return status


def _forward(pid: int, signum: int) -> None:
    try:
        os.kill(pid, signum)
    except ProcessLookupError:
        pass


# --- the server: imports once, forks a kernel per launcher -------------------------------------------

def _differs(env: dict[str, str], ignore: tuple[str, ...] = KERNEL_ONLY_ENV) -> list[str]:
    """The environment variables in which *env* differs from this process's, those starting with one of
    *ignore* aside."""
    keys = set(env) | set(os.environ)
    return sorted(k for k in keys if env.get(k) != os.environ.get(k) and not k.startswith(ignore))


def _read_request(conn: socket.socket) -> tuple[dict, list[int]]:
    head, fds, _flags, _addr = socket.recv_fds(conn, 8, len(_STDIO))
    size = int.from_bytes(head.ljust(8, b"\0"), "big") if len(head) == 8 else 0
    data = bytearray()
    while len(data) < size:
        chunk = conn.recv(min(65536, size - len(data)))
        if not chunk:
            break
        data.extend(chunk)
    return json.loads(bytes(data) or b"{}"), list(fds)


def _run_kernel(request: dict, fds: list[int], added: dict[str, str]) -> None:
    """In the forked child: take over the launcher's streams, folder, environment and arguments, and run
    ipykernel as ``python -m ipykernel_launcher`` does; never returns."""
    status = 1
    try:
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGCHLD, signal.SIGHUP):
            signal.signal(sig, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        os.setsid()
        for fd, target in zip(fds, _STDIO):
            os.dup2(fd, target)
        for fd in fds:
            os.close(fd)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        for key, value in added.items():
            os.environ.setdefault(key, value)
        import importlib.util

        sys.argv = [importlib.util.find_spec("ipykernel_launcher").origin, *request["args"]]
        del sys.path[0]  # this script's folder; ipykernel_launcher removes its own (the cwd) the same way
        from ipykernel import kernelapp

        try:
            app = kernelapp.IPKernelApp.instance()
            # its default was read from the environment when ipykernel was imported (in the server)
            app.parent_handle = int(os.environ.get("JPY_PARENT_PID") or 0)
            app.initialize()
            app.start()
            status = 0
        except SystemExit as stop:
            status = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
        import atexit

        atexit._run_exitfuncs()
    finally:
        for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
            try:
                stream.flush()
            except Exception:  # the streams may already be closed: nothing left to say
                pass
        os._exit(status)


def _imports() -> list[str]:
    """Import :data:`PRELOAD`; return the modules that could not be imported (the kernels import them)."""
    import contextlib
    import importlib
    import io

    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")  # as ipykernel sets it
    failed = []
    # what importing prints (debugpy's note about frozen modules) a kernel prints into its own output
    # stream, which nothing reads before the first cell: here it would land in the build's log
    with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
        for name in PRELOAD:
            try:
                importlib.import_module(name)
            except Exception:  # a module missing here is imported by the kernel, as before
                failed.append(name)
    return failed


def _in_child(work) -> int:
    """Run *work* (a function of no arguments) in a child forked from this process and return the child's
    pid without waiting (the server reaps it with its kernels). Its output goes nowhere (a progress bar or a corpus warning is the
    kernels' to show, not the build log's) and a failure ends only the child."""
    pid = os.fork()
    if pid == 0:
        status = 1
        try:
            import contextlib
            import io

            from analysis.parallel import _shutdown_pools

            with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
                work()
            _shutdown_pools()  # the workers a large corpus started end before this child does
            status = 0
        finally:
            os._exit(status)
    return pid


def _prepare() -> int | None:
    """Start processing the book's corpus and every table its pages read (:func:`analysis.pipeline.prepare`)
    when the processing cache lacks them, and return the pid of the child doing it (None: nothing to
    do) without waiting. It is forked as the server starts, so it holds the corpus's cache lock before
    any kernel asks; a kernel that asks for a table while it works waits for it
    (:func:`analysis.cache.stored`) and reads it.

    Notebooks run side by side, and on a cold cache the first ones each waited for the same tables
    (the seeds' entities, claims and timeline), one kernel computing while the others held their
    cores idle. Here they are computed once, from the server's start, in a child forked from this process
    (it may start a pool of workers for a large corpus, and their threads end with it, so this process
    stays single-threaded and can fork kernels). A failure is left to the kernels, which compute what
    is missing and show the error where it belongs, in the page."""
    try:
        from analysis.pipeline import is_prepared, prepare

        if is_prepared():
            return None
    except Exception:
        return None
    return _in_child(prepare)


def _map() -> int | None:
    """Start building the overview map's base (coastlines clipped to the region: 1.5–5 s, stored in the
    processing cache by :func:`analysis.book.figures._basemap`) in a child of this process when the cache
    has none, and return its pid without waiting. The overview's kernel, among the first to start,
    would otherwise build it on its own core after the corpus is ready; it now waits for this child
    (the cache entry's lock) if it asks first."""
    try:
        from analysis.paths import cache_dir

        if any((cache_dir() / "maps").glob("basemap-*.pkl")):
            return None
    except Exception:
        return None

    def build():
        from analysis.book.figures import _basemap

        _basemap()

    return _in_child(build)


def _score() -> int | None:
    """Start scoring the development and held-out sets (the method page and the page of changes report
    the scores) in a child of this process, and return its pid without waiting (None when nothing is to
    score). It runs beside the first kernels; a kernel asking for the scores meanwhile waits for them
    (:func:`analysis.cache.stored` holds a lock while it computes) instead of computing them again."""
    try:
        from analysis.book.facts import DEVSET, HELDOUT, annotated_scores, scores_path

        todo = [f for f in (DEVSET, HELDOUT) if any((f / "corpus").glob("*.txt")) and not scores_path(f).exists()]
    except Exception:
        return None
    if not todo:
        return None
    return _in_child(lambda: [annotated_scores(f) for f in todo])


#: The server's wake-up pipe (read end, write end), which a forked kernel closes.
_WAKE: list[int] = []


def serve(listener: socket.socket, parent: int | None = None, ignore: tuple[str, ...] = KERNEL_ONLY_ENV) -> None:
    """Accept launchers on *listener* until SIGTERM, or until *parent* (a pid) is gone; fork a kernel
    for each one whose environment is this process's but for variables starting with one of *ignore*."""
    import selectors
    import threading

    baseline = dict(os.environ)
    # forked first, before this process imports the kernels' modules: each child holds its cache entry's
    # lock long before the first kernel asks for it, and that kernel waits for it instead of computing it
    _prepare()
    _map()
    _imports()
    _score()
    # what importing added to the environment (analysis's BLAS thread limits) a kernel adds on top of
    # the launcher's environment, as if it had imported the modules itself; MPLBACKEND ipykernel sets
    added = {k: v for k, v in os.environ.items() if k not in baseline and k != "MPLBACKEND"}
    os.environ.clear()
    os.environ.update(baseline)
    can_fork = threading.active_count() == 1  # forking a process with threads is not safe
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ)
    # a kernel's end wakes the loop at once (a byte on this pipe for each SIGCHLD), so its launcher, and
    # jupyter_client polling it, learn of it without waiting out the loop's tick: 0.1 s off every notebook
    wake_r, wake_w = _WAKE[:] = os.pipe()
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    selector.register(wake_r, selectors.EVENT_READ)
    kernels: dict[int, socket.socket] = {}
    while not stopping and (parent is None or os.getppid() == parent):
        for key, _ in selector.select(timeout=0.2):
            if key.fileobj is listener:
                _accept(listener, selector, kernels, can_fork, added, ignore)
            elif key.fileobj == wake_r:
                os.read(wake_r, 512)  # the ended kernels are reaped below
            else:  # a launcher's socket readable: it has gone (it sends nothing after its request)
                pid = key.data
                if pid in kernels:
                    _kill(pid)
        _reap(selector, kernels)
    for pid in list(kernels):
        _kill(pid)
    _reap(selector, kernels, wait=True)


def _accept(listener, selector, kernels, can_fork: bool, added: dict[str, str], ignore: tuple[str, ...]) -> None:
    import selectors

    conn, _ = listener.accept()
    request, fds = _read_request(conn)
    differs = _differs(request.get("env", {}), ignore)
    if not can_fork or len(fds) != len(_STDIO) or "cwd" not in request or differs:
        print(f"[warmkernels] stock kernel: {'threads' if not can_fork else differs or 'bad request'}", file=sys.stderr)
        for fd in fds:
            os.close(fd)
        _send(conn, {"refused": True})
        conn.close()
        return
    pid = os.fork()
    if pid == 0:
        signal.set_wakeup_fd(-1)  # the wake-up pipe is the server's
        for fd in _WAKE:
            os.close(fd)
        selector.close()
        listener.close()
        for other in kernels.values():
            other.close()
        conn.close()
        _run_kernel(request, fds, added)
    for fd in fds:
        os.close(fd)
    kernels[pid] = conn
    selector.register(conn, selectors.EVENT_READ, pid)
    _send(conn, {"pid": pid})


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _reap(selector, kernels: dict, wait: bool = False) -> None:
    """Collect every kernel that has ended and tell its launcher how."""
    while kernels:
        try:
            pid, raw = os.waitpid(-1, 0 if wait else os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        conn = kernels.pop(pid, None)
        if conn is None:
            continue
        status = os.waitstatus_to_exitcode(raw)
        selector.unregister(conn)
        try:
            _send(conn, {"status": status})
        except OSError:
            pass
        conn.close()


# --- the Sphinx side --------------------------------------------------------------------------------

class KernelServer:
    """A kernel server process and the kernelspec that sends the ``python3`` kernel to it."""

    def __init__(self, folder: str, ignore: tuple[str, ...] = KERNEL_ONLY_ENV):
        import subprocess

        self.folder = folder
        self.socket = os.path.join(folder, "kernels.sock")
        self._jupyter_path = os.environ.get("JUPYTER_PATH")
        os.environ["JUPYTER_PATH"] = os.pathsep.join(p for p in (folder, self._jupyter_path) if p)
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(self.socket)  # bound here, so a launcher can connect before the server has imported
        listener.listen(64)
        self.process = subprocess.Popen(
            [sys.executable, os.path.abspath(__file__), "serve", str(listener.fileno()), str(os.getpid()), *ignore],
            pass_fds=[listener.fileno()], stdin=subprocess.DEVNULL,
        )
        listener.close()
        spec_dir = os.path.join(folder, "kernels", "python3")
        os.makedirs(spec_dir)
        spec = {
            "argv": [sys.executable, "-I", "-S", os.path.abspath(__file__), "launch", self.socket, "-f", "{connection_file}"],
            "display_name": "Python 3 (ipykernel)",
            "language": "python",
            "metadata": {"debugger": True},
        }
        with open(os.path.join(spec_dir, "kernel.json"), "w", encoding="utf-8") as fh:
            json.dump(spec, fh, indent=1)

    def stop(self) -> None:
        import shutil

        if self._jupyter_path is None:
            os.environ.pop("JUPYTER_PATH", None)
        else:
            os.environ["JUPYTER_PATH"] = self._jupyter_path
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except Exception:  # a server that does not stop is killed
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


def wanted(config, docnames) -> bool:
    """Whether the build should start a kernel server: execution on, a notebook to read, not turned off."""
    if os.environ.get("BRIEFING_WARM_KERNELS", "1").strip() == "0" or not hasattr(socket, "send_fds"):
        return False
    if getattr(config, "nb_execution_mode", "off") == "off" or not hasattr(os, "fork"):
        return False
    return bool(docnames)


def _start(app, env, docnames) -> None:
    import tempfile

    from sphinx.util import logging

    notebooks = [d for d in docnames if str(env.doc2path(d, False)).endswith(".ipynb")]
    if getattr(app, "_briefing_kernels", None) is None and wanted(app.config, notebooks):
        folder = tempfile.mkdtemp(prefix="briefing-kernels-")
        try:
            app._briefing_kernels = KernelServer(folder)
        except OSError as err:  # e.g. a socket path too long for AF_UNIX: the stock kernels run
            logging.getLogger(__name__).info(f"[warmkernels] stock kernels: {err}")
            return
        logging.getLogger(__name__).info("[warmkernels] kernels forked from one process with their modules imported")


def _stop(app, exception) -> None:
    server = getattr(app, "_briefing_kernels", None)
    if server is not None:
        app._briefing_kernels = None
        server.stop()


def setup(app):
    app.connect("env-before-read-docs", _start)
    app.connect("build-finished", _stop)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}


def main(argv: list[str]) -> int:
    if len(argv) >= 2 and argv[0] == "launch":
        return launch(argv[1], argv[2:])
    if len(argv) >= 3 and argv[0] == "serve":
        serve(socket.socket(fileno=int(argv[1])), int(argv[2]), tuple(argv[3:]) or KERNEL_ONLY_ENV)
        return 0
    print("usage: warmkernels.py launch SOCKET KERNEL-ARGS… | serve FD PARENT-PID [IGNORED-PREFIX…]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
