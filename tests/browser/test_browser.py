"""The built HTML book in a real browser: Debian's headless Chromium driven by selenium.

The book is served from ``_build/html`` on a localhost port (``http.server`` in a thread) and every
page is opened. Checked: no page logs a console error; no request leaves localhost (Chromium's own
network log, not a scan of the files); the search page finds "Aktau"; the register's filter narrows
its rows, a link to a row the filter hides still lands, a link to a row on another page of the table
turns to that page, a link to a row in another part of a table in parts (a large corpus) loads that
part, and a header click sorts; every internal link of every page resolves, file and
``#anchor`` (anchors as the browser's DOM has them, plus the ids held by the rows of a register table
that are not drawn yet — the register loads its rows from a script and draws a page of them at a
time; following such a link draws its row, which the tests above check); the CSV downloads linked
from the register and the overview are there and are the tables they name.

Without a built book (``make html``) or without ``chromium`` and ``chromium-driver`` the tests skip
and say why, so ``make test`` needs no browser; ``make browser-test`` sets
``BRIEFING_BROWSER_TEST=1``, under which a missing piece fails instead.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import tempfile
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from analysis.paths import REPO_ROOT

HTML = Path(os.environ.get("BRIEFING_HTML") or REPO_ROOT / "_build" / "html")
REQUIRED = os.environ.get("BRIEFING_BROWSER_TEST") == "1"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
#: What the brief for this test fixes: no GPU, no network of the browser's own, a throwaway profile.
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage", "--window-size=1280,900")
#: URL schemes a page may use without a request leaving the machine.
LOCAL_SCHEMES = ("data", "blob", "about", "chrome", "chrome-extension", "devtools")
WAIT = 20  # seconds for a page's scripts (search, DataTables) to finish


def missing_prerequisites(html: Path = HTML) -> list[str]:
    """What the browser test needs and this machine lacks, in words (empty when all is there)."""
    missing = []
    if not (html / "index.html").is_file():
        missing.append(f"no built HTML book at {html} (run `make html`)")
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not os.access(path, os.X_OK):
            missing.append(f"{path} not found (apt-get install {package})")
    return missing


def html_pages(root: Path) -> list[str]:
    """The book's pages: every ``.html`` file of the build outside ``_static`` and ``_sources``, as
    paths relative to *root*."""
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.html")
                  if not {"_static", "_sources", "_images"} & set(p.relative_to(root).parts))


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the build folder and logs nothing (the test reads the browser's logs instead)."""

    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def site():
    """The built book served on a free localhost port; yields its base URL."""
    missing = missing_prerequisites()
    if missing:
        message = "browser test not run: " + "; ".join(missing)
        if REQUIRED:
            pytest.fail(message + " (BRIEFING_BROWSER_TEST=1 requires it)")
        pytest.skip(message)
    handler = functools.partial(QuietHandler, directory=str(HTML))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser(site):
    """Headless Chromium through chromedriver, with its console and network logs recorded."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="briefing-chromium-")
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def requested_urls(performance_log: list[dict]) -> list[str]:
    """The URLs of the requests in a Chromium performance log (``Network.requestWillBeSent``)."""
    urls = []
    for entry in performance_log:
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def leaves_the_machine(url: str, site: str) -> bool:
    """Whether a request for *url* would leave the book served at *site*.

    >>> leaves_the_machine("http://127.0.0.1:8000/_static/x.js", "http://127.0.0.1:8000/")
    False
    >>> leaves_the_machine("data:image/png;base64,AA", "http://127.0.0.1:8000/")
    False
    >>> leaves_the_machine("https://cdn.example/x.js", "http://127.0.0.1:8000/")
    True
    """
    scheme = urlsplit(url).scheme
    return scheme not in LOCAL_SCHEMES and not url.startswith(site)


def page_ids(driver) -> set[str]:
    """Every ``id`` and ``<a name>`` in the current page's DOM (after its scripts ran), and every id
    held by a row of the page's register tables not drawn yet (``window.briefingTableIds``)."""
    return set(driver.execute_script(
        "return Array.from(document.querySelectorAll('[id]'), e => e.id)"
        ".concat(Array.from(document.querySelectorAll('a[name]'), e => e.name))"
        ".concat(window.briefingTableIds ? window.briefingTableIds() : []);"))


def page_links(driver) -> list[str]:
    """The resolved ``href`` of every link in the current page."""
    return driver.execute_script("return Array.from(document.querySelectorAll('a[href]'), a => a.href);")


@pytest.fixture(scope="module")
def visits(browser, site):
    """Open every page once; return, per page, its console entries, requests, ids and links."""
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get_log("browser"), browser.get_log("performance")  # start from empty logs
    out = {}
    for page in html_pages(HTML):
        browser.get(site + page)
        WebDriverWait(browser, WAIT).until(lambda d: d.execute_script("return document.readyState") == "complete")
        out[page] = {
            "ids": page_ids(browser),
            "links": page_links(browser),
            "console": browser.get_log("browser"),
            "requests": requested_urls(browser.get_log("performance")),
        }
    return out


# --- the checks' own pieces, without a browser ------------------------------------------------------


def test_missing_build_is_named(tmp_path):
    assert any("no built HTML book" in m for m in missing_prerequisites(tmp_path))


def test_broken_links_finds_missing_files_and_anchors(tmp_path):
    (tmp_path / "book").mkdir()
    for name in ("book/a.html", "book/b.html", "book/fig.png"):
        (tmp_path / name).write_text("x")
    site = "http://127.0.0.1:1/"
    visits = {
        "book/a.html": {"ids": {"top"}, "links": [
            site + "book/b.html#claim-1", site + "book/b.html#claim-2", site + "book/a.html#top",
            site + "book/fig.png", site + "book/gone.html", "https://elsewhere.example/#x"]},
        "book/b.html": {"ids": {"claim-1"}, "links": []},
    }
    assert broken_links(visits, site, tmp_path) == [
        "book/a.html: http://127.0.0.1:1/book/b.html#claim-2 (no #claim-2 in book/b.html)",
        "book/a.html: http://127.0.0.1:1/book/gone.html (no file book/gone.html)",
    ]


def test_requested_urls_reads_the_performance_log():
    log = [{"message": json.dumps({"message": {"method": "Network.requestWillBeSent",
                                               "params": {"request": {"url": "http://127.0.0.1:1/x.js"}}}})},
           {"message": json.dumps({"message": {"method": "Network.responseReceived", "params": {}}})}]
    assert requested_urls(log) == ["http://127.0.0.1:1/x.js"]


# --- the book in Chromium ---------------------------------------------------------------------------


def test_the_book_has_pages(visits):
    assert {"index.html", "search.html", "book/register.html", "book/register_energy.html"} <= set(visits)


def test_no_console_errors(visits):
    errors = [f"{page}: {e['message']}" for page, v in visits.items() for e in v["console"] if e["level"] == "SEVERE"]
    assert not errors, "console errors:\n" + "\n".join(errors)


def test_no_request_leaves_the_book(visits, site):
    assert any(v["requests"] for v in visits.values()), "the performance log recorded no request at all"
    away = sorted({f"{page}: {u}" for page, v in visits.items() for u in v["requests"] if leaves_the_machine(u, site)})
    assert not away, "requests leaving the book:\n" + "\n".join(away)


def broken_links(visits: dict, site: str, root: Path = HTML) -> list[str]:
    """Every internal link of *visits* whose file is not in the build folder *root*, or whose
    ``#anchor`` is not an id of the page it points to (a page that was not visited has no known ids:
    only its file is checked)."""
    broken = []
    for page, v in visits.items():
        for href in v["links"]:
            if not href.startswith(site):
                continue
            parts = urlsplit(href)
            target = unquote(parts.path[len(urlsplit(site).path):]) or "index.html"
            if target.endswith("/"):
                target += "index.html"
            if not (root / target).is_file():
                broken.append(f"{page}: {href} (no file {target})")
            elif parts.fragment and target in visits and unquote(parts.fragment) not in visits[target]["ids"]:
                broken.append(f"{page}: {href} (no #{unquote(parts.fragment)} in {target})")
    return sorted(set(broken))


def test_every_internal_link_resolves(visits, site):
    checked = sum(len(v["links"]) for v in visits.values())
    assert checked > 100, f"only {checked} links found: did the pages load?"
    assert any("#claim-" in h for v in visits.values() for h in v["links"]), "no page links to a register entry"
    broken = broken_links(visits, site)
    assert not broken, f"{len(broken)} broken links:\n" + "\n".join(broken[:60])


def test_search_finds_aktau(browser, site):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(site + "search.html?q=Aktau")
    results = WebDriverWait(browser, WAIT).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "ul.search li a") or None)
    targets = {urlsplit(a.get_attribute("href")).path.rsplit("/", 1)[-1] for a in results}
    assert results and targets, "the search for Aktau found nothing"
    assert all(t.endswith(".html") for t in targets), targets


def _register_page(browser, site) -> str:
    """The register page (one per track) whose table holds the most rows."""
    from selenium.webdriver.support.ui import WebDriverWait

    best, most = None, -1
    for page in (p for p in html_pages(HTML) if p.startswith("book/register_")):
        browser.get(site + page)
        WebDriverWait(browser, WAIT).until(lambda d: d.execute_script("return document.readyState") == "complete")
        n = len(browser.execute_script("return window.briefingTableIds ? window.briefingTableIds() : []"))
        best, most = (page, n) if n > most else (best, most)
    assert best is not None, "the book has no register page (book/register_*.html)"
    return best


def _register_table(browser, site):
    """Open the register page with the most rows; return its DataTables-enhanced table and filter box."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(site + _register_page(browser, site))
    # a register row carries its claim's anchor; a table in parts draws its rows once its part's script loaded
    WebDriverWait(browser, WAIT).until(lambda d: d.find_elements(By.CSS_SELECTOR, "div.dt-container table.dataTable tbody [id]"))
    containers = browser.find_elements(By.CSS_SELECTOR, "div.dt-container")
    container = max(containers, key=lambda c: len(c.find_elements(By.CSS_SELECTOR, "tbody tr")))
    return container, container.find_element(By.CSS_SELECTOR, "input[type=search]")


def _rows(container) -> list:
    from selenium.webdriver.common.by import By

    return container.find_elements(By.CSS_SELECTOR, "table.dataTable tbody tr")


def test_register_filter_narrows_the_rows(browser, site):
    from selenium.webdriver.support.ui import WebDriverWait

    container, search = _register_table(browser, site)
    rows = _rows(container)
    assert len(rows) >= 2, "the largest register table has fewer than two rows: nothing to filter"
    entry = rows[-1].find_element("css selector", "td").text.strip()
    hidden = rows[0].find_element("css selector", "td span[id]").get_attribute("id")
    search.send_keys(entry)
    WebDriverWait(browser, WAIT).until(lambda d: len(_rows(container)) < len(rows))
    narrowed = _rows(container)
    assert 1 <= len(narrowed) < len(rows)
    assert all(entry in r.text for r in narrowed)
    # a link to a row the filter now hides still lands: the filter is cleared first
    assert not browser.execute_script("return document.getElementById(arguments[0])", hidden)
    browser.execute_script("window.location.hash = arguments[0]", hidden)
    WebDriverWait(browser, WAIT).until(lambda d: d.execute_script("return !!document.getElementById(arguments[0])", hidden))
    assert len(_rows(container)) == len(rows)


def test_register_header_sorts(browser, site):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    container, _ = _register_table(browser, site)
    first_column = lambda: [r.find_element(By.CSS_SELECTOR, "td").text for r in _rows(container)]  # noqa: E731
    header = container.find_elements(By.CSS_SELECTOR, "thead th")[0]
    header.click()
    WebDriverWait(browser, WAIT).until(lambda d: first_column() == sorted(first_column()))
    header.click()
    WebDriverWait(browser, WAIT).until(lambda d: first_column() == sorted(first_column(), reverse=True))


def test_register_rows_come_from_their_script_not_the_page():
    if missing_prerequisites():
        pytest.skip("no built book")
    raw = (HTML / _register_page_file()).read_text(encoding="utf-8")
    assert "data-briefing-rows" in raw and "claim-" not in raw.split("<tbody>", 1)[-1].split("</tbody>", 1)[0]


def _register_page_file() -> str:
    return max((p for p in html_pages(HTML) if p.startswith("book/register_")),
               key=lambda p: (HTML / p).stat().st_size)


def test_a_link_to_a_row_on_another_page_of_the_table_turns_to_it(browser, site):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    container, _ = _register_table(browser, site)
    table = container.find_element(By.CSS_SELECTOR, "table.dataTable")
    # one row a page, so that every row but the first is on another page of the table
    pages = browser.execute_script(
        "var api = new window.briefingDataTables['default'].Api(arguments[0]);"
        "api.page.len(1).draw(); return api.page.info().pages;", table)
    assert pages >= 2 and len(_rows(container)) == 1
    last = browser.execute_script("var ids = window.briefingTableIds(); return ids[ids.length - 1];")
    assert not browser.execute_script("return document.getElementById(arguments[0])", last)
    browser.execute_script("window.location.hash = arguments[0]", last)
    WebDriverWait(browser, WAIT).until(lambda d: d.execute_script("return !!document.getElementById(arguments[0])", last))
    assert browser.execute_script("return new window.briefingDataTables['default'].Api(arguments[0]).page()", table) > 0


def _page_with_parts() -> str | None:
    """A register page of the build whose table comes in parts (a rows script per part, beside the page's:
    ``book/_ext/datatables.py``), the one with the most parts; None on a build without one (a
    small corpus, such as the seeds)."""
    rows = HTML / "_static" / "datatables" / "rows"
    counts: dict[str, int] = {}
    for part in rows.glob("*.*.*.js"):
        stem = part.name.split(".")[0]
        counts[stem] = counts.get(stem, 0) + 1
    register = [p for p in html_pages(HTML) if p.startswith("book/register_")]
    for page in sorted(register, key=lambda p: -counts.get(p[:-len(".html")].replace("/", "-"), 0)):
        if counts.get(page[:-len(".html")].replace("/", "-")):
            return page
    return None


def test_a_link_to_a_row_in_another_part_of_the_table_loads_that_part(browser, site):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    page = _page_with_parts()
    if page is None:
        pytest.skip("no table of this build comes in parts (a corpus small enough for one script a table)")
    browser.get(site + page)
    WebDriverWait(browser, WAIT).until(lambda d: d.find_elements(By.CSS_SELECTOR, "p.briefing-parts button[disabled]"))
    buttons = browser.find_elements(By.CSS_SELECTOR, "p.briefing-parts button")
    assert len(buttons) >= 2 and buttons[0].get_attribute("aria-pressed") == "true"
    ids = browser.execute_script("return window.briefingTableIds();")
    first_shown = browser.execute_script("return document.querySelector('table.dataTable tbody [id]').id")
    last = ids[-1]
    assert first_shown in ids and not browser.execute_script("return document.getElementById(arguments[0])", last)
    # the address names a row of the last part: that part is loaded and the row drawn
    browser.execute_script("window.location.hash = arguments[0]", last)
    WebDriverWait(browser, WAIT).until(lambda d: d.execute_script("return !!document.getElementById(arguments[0])", last))
    nav = browser.find_elements(By.CSS_SELECTOR, "p.briefing-parts")[0].find_elements(By.CSS_SELECTOR, "button")
    assert nav[-1].get_attribute("aria-pressed") == "true" and nav[0].get_attribute("aria-pressed") == "false"
    # the first part's button brings its rows back (scrolled clear of the sticky header first)
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", nav[0])
    nav[0].click()
    WebDriverWait(browser, WAIT).until(lambda d: d.execute_script("return !!document.getElementById(arguments[0])", first_shown))
    assert not browser.execute_script("return document.getElementById(arguments[0])", last)


@pytest.mark.parametrize("page", ["book/register.html", "book/overview.html"])
def test_the_csv_downloads_are_linked_and_hold_their_tables(browser, site, page):
    import csv

    from analysis import cli

    browser.get(site + page)
    links = [h for h in page_links(browser) if h.endswith(".csv")]
    assert links, f"{page} links to no CSV download"
    for href in links:
        path = HTML / unquote(urlsplit(href).path[len(urlsplit(site).path):])
        assert path.is_file(), f"{page}: {href} is not in the build"
        header = next(csv.reader(path.open(encoding="utf-8")))
        declared = cli.TABLES[path.stem][1]
        assert header and (declared is None or header == [c for c in declared if c in header]), f"{path.name}: {header}"
