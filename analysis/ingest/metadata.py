"""The corpus's own metadata: an optional ``sources.csv`` beside the articles, read and validated.

One row per article, columns (only ``file`` is required; cells may be left empty)::

    file,url,outlet,headline,author,language,date
    000_trade.txt,https://example.kz/news/1,Kazinform,Товарооборот вырос,А. Иванова,ru,2025-12-15

* ``file`` — the article's file name in the folder, exactly;
* ``url`` — its address (``http://`` or ``https://``);
* ``outlet`` — who published it (an outlet of ``outlets.csv`` gets that outlet's country, type and grade);
* ``headline``, ``author`` — as published;
* ``language`` — an ISO 639-1 code (``ru``, ``kk``, ``en``) or an English name (``Kazakh``);
* ``date`` — the publication date, ``YYYY-MM-DD``.

What the table says wins over what the reader infers from the text (the ` date` header, the outlet
named in the attribution, the detected language); files without a row keep the inference. A row
naming a file that is not in the folder, a second row for the same file, a malformed date, url or
language, an unknown column or a row with more cells than the header is a problem naming
``sources.csv`` and its line (``sources.csv: line 4: …``); the bad cell or row is ignored, the rest
is used. Nothing here raises.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from analysis.ingest.decoding import SkipFile, _decode
from analysis.ingest.language import language_from_name

__all__ = ["COLUMNS", "SOURCES_FILE", "Sources", "parse_sources", "read_sources"]

#: The metadata file's name in the corpus folder.
SOURCES_FILE = "sources.csv"
#: Its columns, in the documented order; only ``file`` is required.
COLUMNS = ("file", "url", "outlet", "headline", "author", "language", "date")

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


@dataclass
class Sources:
    """What ``sources.csv`` says: ``rows`` maps a file name to its non-empty cells (column → str; a
    ``language`` cell is kept as given and resolved by :func:`analysis.ingest.language.language_from_name`),
    ``problems`` lists the messages (each starting ``sources.csv: line N:``)."""

    rows: dict[str, dict[str, str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def get(self, name: str) -> dict[str, str]:
        """The cells of *name*'s row ({} when it has none)."""
        return self.rows.get(name, {})

    def summary(self) -> str:
        """One line for the manifest: how many rows were used and every problem, in full."""
        used = f"corpus metadata, not an article: {len(self.rows)} row{'s' if len(self.rows) != 1 else ''} used"
        if not self.problems:
            return used
        shown = "; ".join(p.removeprefix(f"{SOURCES_FILE}: ") for p in self.problems)
        return f"{used}; {len(self.problems)} problem{'s' if len(self.problems) != 1 else ''}: {shown}"


def _problem(out: Sources, line: int, message: str) -> None:
    out.problems.append(f"{SOURCES_FILE}: line {line}: {message}")


def valid_date(value: str) -> bool:
    """True for a real calendar date written ``YYYY-MM-DD``.

    >>> valid_date("2025-12-15"), valid_date("2025-02-30"), valid_date("15.12.2025"), valid_date("2025-1-5")
    (True, False, False, False)
    """
    m = _ISO_DATE.fullmatch(value)
    if not m:
        return False
    try:
        date(*map(int, m.groups()))
    except ValueError:
        return False
    return True


def valid_url(value: str) -> bool:
    """True for an absolute ``http``/``https`` address with a host and no spaces.

    >>> valid_url("https://kazinform.kz/news/1?id=2"), valid_url("kazinform.kz/news"), valid_url("javascript:alert(1)")
    (True, False, False)
    """
    if any(ch.isspace() for ch in value) or any(ch in value for ch in '<>"\\`{}|^'):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _header(fields: list[str], out: Sources) -> list[str | None] | None:
    """The columns the header names, None for an ignored one; None if there is no ``file`` column."""
    columns: list[str | None] = []
    for raw in fields:
        name = raw.lstrip("\ufeff").strip().lower()
        if name not in COLUMNS:
            _problem(out, 1, f"unknown column {raw.strip()!r} (ignored; the columns are {', '.join(COLUMNS)})")
            columns.append(None)
        elif name in columns:
            _problem(out, 1, f"column {name!r} given twice (the second is ignored)")
            columns.append(None)
        else:
            columns.append(name)
    if "file" not in columns:
        _problem(out, 1, "no 'file' column: the whole table is ignored")
        return None
    return columns


def _cells(fields: list[str], columns: list[str | None], line: int, out: Sources) -> dict[str, str]:
    """The row's non-empty cells by column; a row longer than the header is reported (extra cells ignored)."""
    if len(fields) > len(columns):
        _problem(out, line, f"{len(fields)} cells but the header has {len(columns)} (the extra cells are ignored)")
    return {col: v.strip() for col, v in zip(columns, fields) if col is not None and v.strip()}


def _check_cells(cells: dict[str, str], line: int, out: Sources) -> dict[str, str]:
    """Drop (and report) a malformed date, url or language; return the cells kept."""
    checks = {
        "date": (valid_date, "malformed date {!r} (expected YYYY-MM-DD, a real date): date ignored"),
        "url": (valid_url, "bad url {!r} (expected http:// or https:// and a host): url ignored"),
        "language": (lambda v: language_from_name(v) is not None,
                     "unknown language {!r} (expected an ISO 639-1 code such as ru, kk, en): language ignored"),
    }
    for col, (ok, message) in checks.items():
        if col in cells and not ok(cells[col]):
            _problem(out, line, message.format(cells.pop(col)))
    return cells


def _add_row(cells: dict[str, str], line: int, files: set[str], first_line: dict[str, int], out: Sources) -> None:
    """Keep the row of an article in the folder, once; report anything else."""
    name = cells.get("file", "")
    if not name:
        _problem(out, line, "no file name: row ignored")
    elif name in first_line:
        _problem(out, line, f"second row for {name!r} (the first is on line {first_line[name]}): row ignored")
    elif name not in files:
        _problem(out, line, f"file {name!r} is not in the corpus folder: row ignored")
    elif Path(name).suffix.lower() != ".txt" or name == SOURCES_FILE:
        _problem(out, line, f"file {name!r} is not an article (.txt): row ignored")
    else:
        first_line[name] = line
        out.rows[name] = _check_cells(cells, line, out)


def parse_sources(text: str, files) -> Sources:
    """Parse the text of a ``sources.csv`` against the file names *files* of the corpus folder.

    Returns :class:`Sources`; line numbers count physical lines from 1 (the header), so a quoted cell
    spanning lines is reported at the line its row starts on.

    >>> s = parse_sources("file,date,colour\\na.txt,2025-12-15,red\\nb.txt,15.12.2025\\nc.txt\\n", {"a.txt", "b.txt"})
    >>> s.rows
    {'a.txt': {'file': 'a.txt', 'date': '2025-12-15'}, 'b.txt': {'file': 'b.txt'}}
    >>> for p in s.problems: print(p)
    sources.csv: line 1: unknown column 'colour' (ignored; the columns are file, url, outlet, headline, author, language, date)
    sources.csv: line 3: malformed date '15.12.2025' (expected YYYY-MM-DD, a real date): date ignored
    sources.csv: line 4: file 'c.txt' is not in the corpus folder: row ignored
    """
    out = Sources()
    files = set(files)
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader, None)
        columns = _header(header, out) if header else None
        if header is None:
            _problem(out, 1, "empty table (no header line)")
        if columns is None:
            return out
        first_line: dict[str, int] = {}
        previous = reader.line_num
        for fields in reader:
            line, previous = previous + 1, reader.line_num
            if any(f.strip() for f in fields):
                _add_row(_cells(fields, columns, line, out), line, files, first_line, out)
    except csv.Error as exc:
        _problem(out, reader.line_num, f"not readable as CSV ({exc}): the rest of the table is ignored")
    return out


def read_sources(root: Path, files) -> Sources | None:
    """Read ``root/sources.csv`` (None when the folder has none) against the folder's file names *files*.

    The file is decoded like an article (UTF-8 with or without BOM, else a Cyrillic code page); one
    that cannot be decoded gives an empty :class:`Sources` with that problem.
    """
    path = Path(root) / SOURCES_FILE
    if not path.is_file():
        return None
    try:
        text = _decode(path.read_bytes())[0]
    except SkipFile as exc:
        out = Sources()
        _problem(out, 1, f"cannot be read ({exc.reason}): the whole table is ignored")
        return out
    except OSError as exc:
        out = Sources()
        _problem(out, 1, f"cannot be read ({exc.strerror or type(exc).__name__}): the whole table is ignored")
        return out
    return parse_sources(text, files)
