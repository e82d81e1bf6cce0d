"""Shared fixtures: a hostile corpus (every kind of bad input) and book builds in temporary folders.

The builds never touch the repository's own ``_build`` (``--path-output``) nor its processing cache
(``BRIEFING_CACHE`` points into the temporary folder), so the tests can run beside ``make book``.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from analysis.paths import REPO_ROOT


def read_with_warnings(path):
    """``read_corpus(path)`` and the CorpusWarning messages it gave (the ingest tests' reader)."""
    import warnings

    from analysis.ingest.reading import CorpusWarning, read_corpus

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        documents, manifest = read_corpus(path)
    return documents, manifest, [str(w.message) for w in caught if issubclass(w.category, CorpusWarning)]


def load_book_extension(name: str):
    """The book's Sphinx extension ``book/_ext/<name>.py`` as a module (it is not a package)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, REPO_ROOT / "book" / "_ext" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module

SEEDS = REPO_ROOT / "seeds"
VENV_BIN = Path(sys.executable).parent
JUPYTER_BOOK = VENV_BIN / "jupyter-book"
JB_FLAGS = ["-W", "-n", "--keep-going"]

# --- the hostile corpus ------------------------------------------------------------------------

#: Markup that must reach the tables (it sits in sentences with track words and a number) and be
#: shown literally: HTML, Markdown/MyST, math, a table pipe, a directive fence, LaTeX specials.
HOSTILE_SENTENCES = [
    "Как передает Report, экспорт нефти из Казахстана через порт Баку вырос до 5 млн тонн "
    "<script>alert(1)</script> по итогам 2025 года.",
    "По словам министра энергетики, транзит нефти по маршруту Баку-Тбилиси-Джейхан составит 7 млн тонн "
    "<img src=x onerror=alert(1)> в год.",
    "Объем экспорта нефти **bold** {glue:text}`x` `code` [link](http://evil.example) $x^2$ достиг 3 млн тонн.",
    "# heading | pipe | Поставки газа в Казахстан выросли на 12% по сравнению с 2024 годом.",
    ":::{note} Экспорт зерна из Казахстана в Азербайджан составил 300 тыс. тонн в 2025 году.",
    "Доля экспорта пшеницы составила \\textbf{x} 100% & a_b # ^ ~ {brace} при урожае 17 млн тонн.",
]
#: What the reader must see, literally (the test looks for these in the HTML, escaped, and in the PDF).
HOSTILE_LITERALS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "100% & a_b"]

CP1251_TEXT = (
    "date 2025-11-03 Министр транспорта Азербайджана провел встречу с делегацией Казахстана в Баку.\n\n"
    "Стороны обсудили развитие Транскаспийского международного транспортного маршрута и увеличение "
    "грузоперевозок через порты Актау и Алят до 10 млн тонн в год.\n\n"
    "Как отметил министр, в 2025 году объем контейнерных перевозок вырос на 20 процентов.\n"
)
KOI8R_TEXT = (
    "date 2025-11-05 Казахстан и Азербайджан подписали соглашение о сотрудничестве в области "
    "цифровых технологий.\n\n"
    "Документ предусматривает прокладку волоконно-оптической линии связи по дну Каспийского моря "
    "протяженностью 380 километров.\n\n"
    "Проект планируется завершить в 2026 году, сообщили в министерстве цифрового развития.\n"
)
BOM_CRLF_TEXT = (
    "date 2025-11-07 В Астане прошло заседание межправительственной комиссии Казахстана и Азербайджана.\n\n"
    "Товарооборот между странами за девять месяцев 2025 года составил 450 млн долларов.\n\n"
    "Стороны договорились довести его до 1 млрд долларов в ближайшие годы.\n"
)
BAD_DATE_TEXT = (
    "date 2025-13-45 Азербайджан и Казахстан расширяют сотрудничество в сельском хозяйстве.\n\n"
    "Экспорт казахстанской муки в Азербайджан в 2025 году вырос до 150 тыс. тонн.\n"
)
NO_DATE_TEXT = (
    "Казахстанские и азербайджанские компании обсудили строительство зерновых терминалов.\n\n"
    "Мощность нового терминала в порту Алят составит 500 тыс. тонн зерна в год.\n"
)

#: A file name that is itself markup (shown in the inventory table).
HOSTILE_NAME = "023_<em>name&_$x$_*b*.txt"


def _huge_article(seed_texts: list[str], target_bytes: int, rng: random.Random) -> str:
    """Return a ~target_bytes UTF-8 article: seed paragraphs repeated with their numbers varied."""
    paragraphs = [p.strip() for t in seed_texts for p in re.split(r"\n\s*\n", t) if len(p.strip()) > 80]
    paragraphs = [re.sub(r"^\s*date \S+\s*", "", p) for p in paragraphs]
    out, size = ["date 2025-11-10 Обзор казахско-азербайджанского сотрудничества за год."], 0
    while size < target_bytes:
        p = rng.choice(paragraphs)
        p = re.sub(r"\d+", lambda m: str(rng.randint(1, 999)), p)
        out.append(p)
        size += len(p.encode("utf-8")) + 2
    return "\n\n".join(out) + "\n"


def make_hostile_corpus(root: Path, *, huge_bytes: int = 3_000_000, hostile_name: bool = True) -> dict[str, tuple[str, str]]:
    """Write the hostile corpus into *root*; return file name → (expected status, reason fragment).

    *huge_bytes* = 0 leaves the multi-megabyte article out (for quick command-line tests).
    """
    root.mkdir(parents=True, exist_ok=True)
    expected: dict[str, tuple[str, str]] = {}
    seeds = sorted(SEEDS.glob("*.txt"))
    seed_texts = [p.read_text(encoding="utf-8") for p in seeds]
    for p in seeds:
        shutil.copyfile(p, root / p.name)
        expected[p.name] = ("loaded", "")

    (root / "010_cp1251.txt").write_bytes(CP1251_TEXT.encode("cp1251"))
    expected["010_cp1251.txt"] = ("loaded", "")
    (root / "011_koi8r.txt").write_bytes(KOI8R_TEXT.encode("koi8-r"))
    expected["011_koi8r.txt"] = ("loaded", "")
    (root / "012_bom_crlf.txt").write_bytes(b"\xef\xbb\xbf" + BOM_CRLF_TEXT.replace("\n", "\r\n").encode("utf-8"))
    expected["012_bom_crlf.txt"] = ("loaded", "")
    (root / "013_empty.txt").write_bytes(b"")
    expected["013_empty.txt"] = ("skipped", "empty file")
    (root / "014_whitespace.txt").write_bytes(b"  \n\t\r\n   \n")
    expected["014_whitespace.txt"] = ("skipped", "empty file")
    (root / "015_binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64 + bytes(range(256)) * 4)
    expected["015_binary.txt"] = ("skipped", "binary")
    exact = seeds[3]
    (root / "016_exact_dup.txt").write_bytes(exact.read_bytes())
    expected["016_exact_dup.txt"] = ("duplicate", f"duplicate of {exact.stem}")
    near = seeds[2]
    near_text = near.read_text(encoding="utf-8").replace("сегодня", "вчера", 1).replace("Беседа", "Встреча", 1)
    (root / "017_near_dup.txt").write_text(near_text, encoding="utf-8")
    expected["017_near_dup.txt"] = ("duplicate", f"near-duplicate of {near.stem}")
    (root / "018_bad_date.txt").write_text(BAD_DATE_TEXT, encoding="utf-8")
    expected["018_bad_date.txt"] = ("loaded", "")
    (root / "019_no_date.txt").write_text(NO_DATE_TEXT, encoding="utf-8")
    expected["019_no_date.txt"] = ("loaded", "")
    if huge_bytes:
        (root / "020_huge.txt").write_text(_huge_article(seed_texts, huge_bytes, random.Random(20251215)), encoding="utf-8")
        expected["020_huge.txt"] = ("loaded", "")
    (root / "021_notes.md").write_text("# Not an article\n\nЭкспорт нефти 5 млн тонн.\n", encoding="utf-8")
    expected["021_notes.md"] = ("skipped", "not a .txt file")
    (root / "022_escaping.txt").write_text(
        "date 2025-11-12 " + "\n\n".join(HOSTILE_SENTENCES) + "\n", encoding="utf-8"
    )
    expected["022_escaping.txt"] = ("loaded", "")
    if hostile_name:
        (root / HOSTILE_NAME).write_text(
            "date 2025-11-14 Казахстан увеличил поставки пшеницы в Азербайджан до 600 тыс. тонн.\n", encoding="utf-8"
        )
        expected[HOSTILE_NAME] = ("loaded", "")
    return expected


@pytest.fixture(scope="session")
def hostile_corpus(tmp_path_factory) -> tuple[Path, dict[str, tuple[str, str]]]:
    root = tmp_path_factory.mktemp("hostile") / "corpus"
    return root, make_hostile_corpus(root)


@pytest.fixture(scope="session")
def small_hostile_corpus(tmp_path_factory) -> tuple[Path, dict[str, tuple[str, str]]]:
    """The hostile corpus without the multi-megabyte article (quick to process)."""
    root = tmp_path_factory.mktemp("hostile_small") / "corpus"
    return root, make_hostile_corpus(root, huge_bytes=0)


# --- book builds -----------------------------------------------------------------------------------


#: What jupyter_client says when a kernel never answers its first request (see Build.wait).
KERNEL_START_TIMEOUT = "Kernel didn't respond in"
#: A parallel build's workers share myst-nb's execution cache (jupyter-cache); now and then one looks up a
#: cached notebook another is still writing ("Notebook file does not exist for cache record PK: 2", seen
#: once in a hostile-corpus build). Like a kernel that never starts, it is the race, not the book.
CACHE_RACE = "Notebook file does not exist for cache record"
TRANSIENT = (KERNEL_START_TIMEOUT, CACHE_RACE)


class Build:
    """One ``jupyter-book build`` into a temporary folder: its output folder, log and wall time.

    :meth:`start` launches it in the background (builds are single-threaded; CI has two cores, so
    two builds run side by side), :meth:`wait` collects it.
    """

    def __init__(self, out: Path, builder: str, corpus: Path | None, cache: Path, jobs: int | None = None):
        self.out, self.builder, self.corpus, self.cache = out, builder, corpus, cache
        self.jobs = jobs  # BRIEFING_JOBS for the build (None: the book's own setting, one per core)
        self.returncode: int | None = None
        self.log = ""
        self.seconds = 0.0
        self._proc: subprocess.Popen | None = None
        self._t0 = 0.0
        self.retried = False

    @property
    def html(self) -> Path:
        return self.out / "_build" / "html"

    @property
    def pdf(self) -> Path:
        return self.out / "_build" / "latex" / "book.pdf"

    @property
    def started(self) -> bool:
        return self._proc is not None or self.returncode is not None

    def start(self) -> Build:
        if self.started:
            return self
        env = build_env(self.corpus, self.cache)
        if self.jobs is not None:
            env["BRIEFING_JOBS"] = str(self.jobs)
        cmd = [str(JUPYTER_BOOK), "build", *JB_FLAGS, "--path-output", str(self.out)]
        if self.builder != "html":
            cmd += ["--builder", self.builder]
        cmd.append(str(REPO_ROOT))
        self.out.mkdir(parents=True, exist_ok=True)
        self._log = open(self.out.parent / f"{self.out.name}-{self.builder}.log", "w+", encoding="utf-8")
        self._t0 = time.time()
        self._proc = subprocess.Popen(cmd, cwd=REPO_ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT)
        return self

    def wait(self) -> Build:
        self.start()
        self._collect()
        if self.returncode and any(m in self.log for m in TRANSIENT) and not self.retried:
            # A kernel that never answered its first request is the machine, not the book: with
            # builds, the suite's own kernels and NER subprocesses sharing two cores, jupyter_client
            # now and then gives up on a kernel after 60 s. Run the same build once more, cold,
            # from an empty folder; any other failure (or a second one) stands.
            print(f"\n[build] {self.builder} {self.corpus or 'seeds'}: a transient failure (kernel start or cache "
                  "race); building again, cold")
            self.retried = True
            if self.builder == "html":  # a PDF build shares its folder with the HTML one: keep that
                shutil.rmtree(self.out, ignore_errors=True)
                shutil.rmtree(self.cache, ignore_errors=True)
            self.returncode = None
            self.start()
            self._collect()
        return self

    def _collect(self) -> None:
        if self._proc is not None:
            self.returncode = self._proc.wait()
            self._log.flush()
            # the log's last write is when the build ended (it may have ended long before this wait)
            self.seconds = os.path.getmtime(self._log.name) - self._t0
            self._log.seek(0)
            self.log = self._log.read()
            self._log.close()
            self._proc = None
            print(f"\n[build] {self.builder} {self.corpus or 'seeds'}: exit {self.returncode} in {self.seconds:.0f} s")

    def warnings(self) -> list[str]:
        """Sphinx's warnings and errors in the log ("path:line: WARNING: …", "WARNING: …").

        The kernels' own stderr is not a warning of the build: ipykernel's "[IPKernelApp] WARNING |
        Kernel is running over TCP without encryption" on every start, and, now and then,
        "ERROR:tornado.general:Uncaught exception in ZMQStream callback … ZMQError: Socket operation
        on non-socket" from a kernel shutting down (a shutdown race in ipykernel 7; the notebook has
        already been executed and the build is not affected).
        """
        return sphinx_warnings(self.log)


_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_SPHINX_WARNING = re.compile(r"(?:^|: )(?:WARNING|ERROR|CRITICAL|SEVERE): ")


def sphinx_warnings(log: str) -> list[str]:
    return [l for l in (_ANSI.sub("", l) for l in log.splitlines()) if _SPHINX_WARNING.search(l)]


def build_env(corpus: Path | None, cache: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("BRIEFING_CORPUS", None)
    env.pop("BRIEFING_JOBS", None)
    if corpus is not None:
        env["BRIEFING_CORPUS"] = str(corpus)
    env["BRIEFING_CACHE"] = str(cache)
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"
    return env


class Builds:
    """The session's builds, started two at a time: (seeds, hostile HTML), then (seeds again, hostile PDF)."""

    def __init__(self, base: Path, hostile: Path, sparse: Path):
        self.items = {
            "sparse": Build(base / "sparse" / "out", "html", sparse, base / "sparse" / "cache"),
            "seeds": Build(base / "seeds" / "out", "html", None, base / "seeds" / "cache"),
            # serial, so that the reproducibility check also proves the parallel build changes nothing
            "seeds_again": Build(base / "seeds_again" / "out", "html", None, base / "seeds_again" / "cache", jobs=1),
            "hostile": Build(base / "hostile" / "out", "html", hostile, base / "hostile" / "cache"),
        }
        h = self.items["hostile"]
        # the PDF goes into the HTML build's folder, so it reuses that build's execution cache
        self.items["hostile_pdf"] = Build(h.out, "pdflatex", hostile, h.cache)

    def get(self, name: str) -> Build:
        if name in ("seeds", "hostile"):
            self.items["seeds"].start()
            self.items["hostile"].start()
        elif name == "sparse":
            self.items["hostile"].wait()
            self.items["seeds_again"].wait()
            self.items["hostile_pdf"].wait()
            self.items["sparse"].start()
        else:
            self.items["hostile"].wait()
            self.items["seeds_again"].start()
            self.items["hostile_pdf"].start()
        return self.items[name].wait()


    def stop(self) -> None:
        """End builds started but never waited for (a run that selected only some tests)."""
        for build in self.items.values():
            if build._proc is not None:
                build._proc.terminate()
                build._proc.wait()
                build._proc = None


#: A corpus of one short article about oil: three tracks have no sentence at all.
SPARSE_ARTICLE = (" date 2025-05-01 Казахстан и Азербайджан обсудили экспорт нефти по трубопроводу "
                  "Баку-Тбилиси-Джейхан.\n\nСтороны отметили важность энергетического сотрудничества.")


@pytest.fixture(scope="session")
def sparse_corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("sparse_corpus")
    (root / "only.txt").write_text(SPARSE_ARTICLE, encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def builds(tmp_path_factory, hostile_corpus, sparse_corpus):
    b = Builds(tmp_path_factory.mktemp("builds"), hostile_corpus[0], sparse_corpus)
    yield b
    b.stop()


@pytest.fixture(scope="session")
def seeds_build(builds) -> Build:
    """The seeds book, HTML, built cold in a temporary folder."""
    return builds.get("seeds")


@pytest.fixture(scope="session")
def seeds_build_again(builds) -> Build:
    """The same book built cold a second time, in another folder and serially (one notebook at a
    time): the reproducibility checks compare it with the parallel build."""
    return builds.get("seeds_again")


@pytest.fixture(scope="session")
def hostile_build(builds) -> Build:
    """The hostile corpus's book, HTML."""
    return builds.get("hostile")


@pytest.fixture(scope="session")
def sparse_build(builds) -> Build:
    """The book of a one-article corpus in which most tracks have no sentence (after the others)."""
    return builds.get("sparse")


@pytest.fixture(scope="session")
def hostile_pdf(builds) -> Build:
    """The PDF of the hostile corpus, built into the same folder (reusing its execution cache)."""
    return builds.get("hostile_pdf")


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: builds the whole book (run by default; -m 'not slow' skips)")


@pytest.fixture(scope="session")
def corpus():
    """The processed seeds, as a notebook gets them (house style applied, nothing glued).
    Test modules that need another corpus define their own ``corpus`` fixture."""
    from analysis.book.pages import start

    return start()
