"""Tests for analysis.ingest.metadata: sources.csv read, validated (problems name the line), and
winning over what is inferred from the text; the sources appendix shows what it gives."""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import pandas as pd
import pytest
from conftest import read_with_warnings

from analysis.book.pages import show_sources
from analysis.cache import corpus_fingerprint
from analysis.ingest.metadata import COLUMNS, SOURCES_FILE, parse_sources, read_sources, valid_date, valid_url
from analysis.ingest.reading import DOCUMENT_COLUMNS, read_corpus
from analysis.paths import REPO_ROOT
from analysis.pipeline import Corpus

EXAMPLE = REPO_ROOT / "tests" / "data" / "sources_example"
HEADER = ",".join(COLUMNS)
RU_REPORT = (" date 2025-01-01 Товарооборот между Казахстаном и Азербайджаном вырос до 600 миллионов долларов, "
             "как передает Report.\n\nСтороны договорились развивать Транскаспийский маршрут через порт Актау.\n")
RU_PLAIN = ("Казахстан и Азербайджан обсудили поставки зерна через порт Алят и строительство нового "
            "зернового терминала мощностью 500 тысяч тонн в год.\n")


read = read_with_warnings  # read_corpus and its CorpusWarning messages


def corpus_with(tmp_path: Path, sources: str | bytes | None, **files: str) -> Path:
    """A corpus folder with *files* (name without .txt → text) and, unless None, a sources.csv."""
    for name, text in files.items():
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    if isinstance(sources, str):
        (tmp_path / SOURCES_FILE).write_text(sources, encoding="utf-8")
    elif isinstance(sources, bytes):
        (tmp_path / SOURCES_FILE).write_bytes(sources)
    return tmp_path


def sources_row(manifest: pd.DataFrame) -> pd.Series:
    return manifest.set_index("file").loc[SOURCES_FILE]


# --- validation: every problem is a warning naming sources.csv and its line, never a crash -----------

@pytest.mark.parametrize("table,line,says", [
    (f"{HEADER}\na.txt,,,,,,\nmissing.txt,,,,,,\n", 3, "file 'missing.txt' is not in the corpus folder"),
    (f"{HEADER}\na.txt,,,,,,15.12.2025\n", 2, "malformed date '15.12.2025' (expected YYYY-MM-DD"),
    (f"{HEADER}\na.txt,,,,,,2025-02-30\n", 2, "malformed date '2025-02-30'"),
    (f"{HEADER}\na.txt,,,,,,2025-1-5\n", 2, "malformed date '2025-1-5'"),
    ("file,colour\na.txt,red\n", 1, "unknown column 'colour'"),
    (f"{HEADER}\na.txt,,Report,,,,\n\na.txt,,Trend,,,,\n", 4, "second row for 'a.txt' (the first is on line 2)"),
    (f"{HEADER}\na.txt,www.kazinform.kz/news,,,,,\n", 2, "bad url 'www.kazinform.kz/news'"),
    (f"{HEADER}\na.txt,javascript:alert(1),,,,,\n", 2, "bad url 'javascript:alert(1)'"),
    (f"{HEADER}\na.txt,https://x.kz/a b,,,,,\n", 2, "bad url 'https://x.kz/a b'"),
    (f"{HEADER}\na.txt,,,,,Klingon,\n", 2, "unknown language 'Klingon'"),
    ("url,outlet\nhttps://x.kz,Report\n", 1, "no 'file' column: the whole table is ignored"),
    ("file,file\na.txt,a.txt\n", 1, "column 'file' given twice"),
    (f"{HEADER}\na.txt,,,,,,,extra\n", 2, "8 cells but the header has 7"),
    (f"{HEADER}\n,https://x.kz,,,,,\n", 2, "no file name: row ignored"),
    (f"{HEADER}\nnotes.md,,,,,,\n", 2, "file 'notes.md' is not an article (.txt)"),
    ('file,headline\n"a.txt","a headline\nover two lines"\nb.txt,\n', 4, "file 'b.txt' is not in the corpus folder"),
])
def test_each_problem_is_a_warning_with_its_line(tmp_path, table, line, says):
    root = corpus_with(tmp_path, table, a=RU_PLAIN)
    (tmp_path / "notes.md").write_text("not an article")
    documents, manifest, problems = read(root)
    ours = [p for p in problems if p.startswith(SOURCES_FILE)]
    assert len(ours) == 1, problems
    assert ours[0].startswith(f"sources.csv: line {line}: ") and says in ours[0], ours[0]
    # never silently ignored: the manifest's own row for sources.csv says the same
    row = sources_row(manifest)
    assert row["status"] == "skipped" and f"line {line}: " in row["reason"] and says in row["reason"]
    # and the article is still read
    assert documents["file"].tolist() == ["a.txt"]


def test_a_bad_cell_drops_only_that_cell(tmp_path):
    table = f"{HEADER}\na.txt,not-a-url,Kazinform,Заголовок,Автор,,2025-13-01\n"
    documents, _, problems = read(corpus_with(tmp_path, table, a=RU_REPORT))
    doc = documents.iloc[0]
    assert [p.split(": ", 2)[1] for p in problems] == ["line 2", "line 2"]
    assert doc["url"] is None and doc["published"] == "2025-01-01"  # the header's date stays
    assert (doc["outlet"], doc["headline"], doc["author"]) == ("Kazinform", "Заголовок", "Автор")


def test_the_first_of_two_rows_for_a_file_wins(tmp_path):
    table = f"{HEADER}\na.txt,,Kazinform,,,,\na.txt,,Trend,,,,\n"
    documents, _, _ = read(corpus_with(tmp_path, table, a=RU_PLAIN))
    assert documents.iloc[0]["outlet"] == "Kazinform"


@pytest.mark.parametrize("content,says", [
    (b"", "line 1: cannot be read (empty file)"),
    (b"\x00\x01\x02binary\x00", "line 1: cannot be read (binary (not text))"),
    (b"\n\n", "line 1: cannot be read (empty file)"),
])
def test_an_unreadable_table_is_a_problem_not_a_crash(tmp_path, content, says):
    documents, manifest, problems = read(corpus_with(tmp_path, content, a=RU_PLAIN))
    assert [p for p in problems if p.startswith(SOURCES_FILE)] == [f"sources.csv: {says}: the whole table is ignored"]
    assert len(documents) == 1 and sources_row(manifest)["status"] == "skipped"


def test_a_table_in_a_legacy_code_page_is_read(tmp_path):
    table = f"{HEADER}\na.txt,,,Заголовок статьи,Иванов,,\n".encode("cp1251")
    documents, _, problems = read(corpus_with(tmp_path, table, a=RU_PLAIN))
    assert problems == [] and documents.iloc[0]["headline"] == "Заголовок статьи"


def test_header_names_are_case_and_space_insensitive_and_only_file_is_required(tmp_path):
    s = parse_sources("\ufeff File , URL\na.txt , https://x.kz/1\nb.txt\n", {"a.txt", "b.txt"})
    assert s.problems == []
    assert s.rows == {"a.txt": {"file": "a.txt", "url": "https://x.kz/1"}, "b.txt": {"file": "b.txt"}}


def test_validators():
    assert valid_date("2024-02-29") and not valid_date("2023-02-29") and not valid_date(" 2024-02-01")
    assert valid_url("http://kazinform.kz") and not valid_url("ftp://kazinform.kz/a") and not valid_url("https://")


def test_no_table_no_row(tmp_path):
    root = corpus_with(tmp_path, None, a=RU_PLAIN)
    assert read_sources(root, ["a.txt"]) is None
    documents, manifest, problems = read(root)
    assert problems == [] and manifest["file"].tolist() == ["a.txt"]
    assert documents[["url", "headline", "author"]].iloc[0].tolist() == [None, None, None]


# --- sources.csv is not an article, and the manifest accounts for it --------------------------------

def test_the_table_is_not_read_as_an_article(tmp_path):
    table = f"{HEADER}\na.txt,,,,,,\n"
    documents, manifest, problems = read(corpus_with(tmp_path, table, a=RU_PLAIN))
    assert problems == []
    assert documents["file"].tolist() == ["a.txt"]
    row = sources_row(manifest)
    assert (row["status"], row["reason"]) == ("skipped", "corpus metadata, not an article: 1 row used")
    assert row["language"] is None and row["characters"] == 0


def test_a_folder_named_sources_csv_is_just_not_a_file(tmp_path):
    (tmp_path / SOURCES_FILE).mkdir()
    documents, manifest, _ = read(corpus_with(tmp_path, None, a=RU_PLAIN))
    assert sources_row(manifest)["reason"] == "not a regular file (directory)" and len(documents) == 1


def test_changing_the_table_changes_the_corpus_key(tmp_path):
    root = corpus_with(tmp_path, f"{HEADER}\na.txt,,Report,,,,\n", a=RU_PLAIN)
    before = corpus_fingerprint(root)
    (root / SOURCES_FILE).write_text(f"{HEADER}\na.txt,,Trend,,,,\n", encoding="utf-8")
    assert corpus_fingerprint(root) != before


# --- metadata wins over inference; inference stays for files without a row ---------------------------

def test_metadata_wins_over_the_header_and_the_attribution(tmp_path):
    table = f"{HEADER}\na.txt,https://www.inform.kz/ru/a,Kazinform,Товарооборот вырос,А. Иванова,ru,2025-12-15\n"
    documents, manifest, problems = read(corpus_with(tmp_path, table, a=RU_REPORT, b=RU_REPORT.replace("600", "700")))
    assert problems == []
    docs = documents.set_index("file")
    a, b = docs.loc["a.txt"], docs.loc["b.txt"]
    assert (a["published"], a["date_status"], a["outlet"]) == ("2025-12-15", "ok", "Kazinform")
    assert (a["outlet_reliability"], a["outlet_evidence"]) == ("B", "sources.csv")
    assert (a["url"], a["headline"], a["author"]) == ("https://www.inform.kz/ru/a", "Товарооборот вырос", "А. Иванова")
    assert "Report" in a["outlets_mentioned"]  # what the text names is still recorded
    # no row: the header's date and the attributed outlet
    assert (b["published"], b["outlet"], b["outlet_evidence"]) == ("2025-01-01", "Report", "передает Report")
    assert (b["url"], b["headline"], b["author"]) == (None, None, None)
    assert manifest.set_index("file").loc["a.txt", "published"] == "2025-12-15"


def test_metadata_date_fills_a_missing_or_invalid_header(tmp_path):
    table = f"{HEADER}\nnone.txt,,,,,,2025-03-01\nbad.txt,,,,,,2025-03-02\n"
    documents, _, problems = read(corpus_with(tmp_path, table, none=RU_PLAIN, bad=RU_REPORT.replace("2025-01-01", "2025-13-45")))
    docs = documents.set_index("file")
    assert docs.loc["none.txt", ["published", "date_status"]].tolist() == ["2025-03-01", "ok"]
    assert docs.loc["bad.txt", ["published", "date_status"]].tolist() == ["2025-03-02", "ok"]
    assert problems == ["bad.txt: invalid date header '2025-13-45'"]  # the file's own fault is still reported


def test_an_outlet_outside_the_register_is_kept_ungraded(tmp_path):
    table = f"{HEADER}\na.txt,,Caspian Weekly,,,,\n"
    doc = read(corpus_with(tmp_path, table, a=RU_REPORT))[0].iloc[0]
    assert (doc["outlet"], doc["outlet_reliability"], doc["outlet_country"]) == ("Caspian Weekly", None, None)


def test_metadata_language_wins_over_detection(tmp_path):
    english = "Kazakhstan and Azerbaijan agreed to expand shipping through the ports of Aktau and Alat.\n"
    table = f"{HEADER}\nru_said_en.txt,,,,,en,\nen_said_ru.txt,,,,,Russian,\n"
    documents, manifest, problems = read(corpus_with(tmp_path, table, ru_said_en=RU_PLAIN, en_said_ru=english))
    m = manifest.set_index("file")
    assert (m.loc["ru_said_en.txt", "status"], m.loc["ru_said_en.txt", "reason"]) == (
        "skipped", "language English (en), not Russian")
    assert (m.loc["en_said_ru.txt", "status"], m.loc["en_said_ru.txt", "language"]) == ("loaded", "ru")
    assert problems == ["ru_said_en.txt: skipped: language English (en), not Russian"]


def test_documents_columns(tmp_path):
    documents, _, _ = read(corpus_with(tmp_path, None, a=RU_PLAIN))
    assert list(documents.columns) == list(DOCUMENT_COLUMNS)
    assert list(DOCUMENT_COLUMNS[-3:]) == ["url", "headline", "author"]


# --- the example folder, as it is -------------------------------------------------------------------

def test_the_example_folder(tmp_path):
    documents, manifest, problems = read(EXAMPLE)
    assert problems == [
        "sources.csv: line 5: file '005_missing.txt' is not in the corpus folder: row ignored",
        "002_en.txt: skipped: language English (en), not Russian",
        "003_kk.txt: skipped: language Kazakh (kk), not Russian",
        "README.md: skipped: not a .txt file",
    ]
    m = manifest.set_index("file")
    assert sorted(m.index) == sorted(p.name for p in EXAMPLE.iterdir())  # every file accounted for
    assert m["status"].to_dict() == {"001_ru.txt": "loaded", "002_en.txt": "skipped", "003_kk.txt": "skipped",
                                     "004_ru.txt": "loaded", "README.md": "skipped", "sources.csv": "skipped"}
    assert "1 problem: line 5:" in m.loc["sources.csv", "reason"]
    docs = documents.set_index("file")
    assert docs.loc["001_ru.txt", ["published", "outlet"]].tolist() == ["2025-12-15", "Kazinform"]
    assert docs.loc["004_ru.txt", ["published", "outlet"]].tolist() == ["2025-11-03", "Trend"]


# --- the sources appendix ----------------------------------------------------------------------------

def _corpus(root: Path) -> Corpus:
    documents, manifest = read_corpus(root)
    sentences = pd.DataFrame({"doc_id": documents["doc_id"], "text": ["Первое предложение."] * len(documents)})
    return Corpus(path=root, manifest=manifest, documents=documents, sentences=sentences)


def test_the_appendix_shows_headline_outlet_author_and_link_escaped(tmp_path):
    table = (f"{HEADER}\na.txt,https://x.kz/news/a_(1)?q=<b>,Kazinform,"
             "\"<script>alert(1)</script> *Заголовок* [x](y)\",Иванова $x$,,2025-12-15\n")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        text = show_sources(_corpus(corpus_with(tmp_path, table, a=RU_PLAIN, b=RU_REPORT))).data
    entry_a, entry_b = [line for line in text.splitlines() if "{#source-" in line]
    assert "bad url" in text  # the url with '<b>' is refused, and the appendix lists why
    assert "| Kazinform | 2025\\-12\\-15 | Иванова \\$x\\$ |" in entry_a
    assert "«\\<script\\>alert\\(1\\)\\<\\/script\\> \\*Заголовок\\* \\[x\\]\\(y\\)»" in entry_a
    assert "](" not in entry_a.replace("](y", "")  # no link: its url was refused
    assert "«Первое предложение\\.»" in entry_b and "Report" in entry_b


def test_the_appendix_links_a_valid_url(tmp_path):
    table = f"{HEADER}\na.txt,https://x.kz/news/a_(1),Kazinform,Заголовок,,,\n"
    text = show_sources(_corpus(corpus_with(tmp_path, table, a=RU_PLAIN))).data
    assert "| «Заголовок» | [Original article](https://x.kz/news/a_%281%29) |" in text


def test_an_address_with_an_ampersand_is_shown_not_linked(tmp_path):
    # myst-parser would escape the '&' of the link twice; the reader gets the address as text
    table = f"{HEADER}\na.txt,https://report.az/news?id=1&lang=ru,Report,,,,\n"
    text = show_sources(_corpus(corpus_with(tmp_path, table, a=RU_PLAIN))).data
    assert "| Original article: https\\:\\/\\/report\\.az\\/news\\?id\\=1\\&lang\\=ru |" in text
    assert "](" not in text


def test_example_folder_is_copied_intact(tmp_path):
    # the example also works as a corpus anywhere (no path in sources.csv is absolute)
    shutil.copytree(EXAMPLE, tmp_path / "c")
    documents, _, _ = read(tmp_path / "c")
    assert documents["file"].tolist() == ["001_ru.txt", "004_ru.txt"]
