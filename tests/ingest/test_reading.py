"""Tests for analysis.corpus: reading, decoding, date headers, outlets, duplicates, the manifest."""

from __future__ import annotations

import os
import random
import re
import sys
import warnings

import pandas as pd
import pytest

from analysis.ingest.decoding import SkipFile, decode_bytes
from analysis.ingest.duplicates import shingle_similarity
from analysis.ingest.headers import parse_date_header
from analysis.ingest.outlets import detect_outlet, load_outlets, mentioned_outlets
from analysis.ingest.reading import DOCUMENT_COLUMNS, MANIFEST_COLUMNS, CorpusWarning, cleaning_report, read_corpus
from analysis.paths import REPO_ROOT

SEEDS = REPO_ROOT / "seeds"
SEED_TEXTS = {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}
CONTRACT_DOCUMENT_COLUMNS = ["doc_id", "file", "published", "date_status", "outlet", "outlet_country",
                             "outlet_type", "text", "raw_text", "encoding", "characters"]
CONTRACT_MANIFEST_COLUMNS = ["file", "doc_id", "status", "reason", "encoding", "published", "date_status",
                             "outlet", "characters", "sentences", "duplicate_of"]


def read(path):
    """read_corpus, returning the warning messages too."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        documents, manifest = read_corpus(path)
    return documents, manifest, [str(w.message) for w in caught if issubclass(w.category, CorpusWarning)]


@pytest.fixture(scope="module")
def seeds():
    return read(SEEDS)


def by_prefix(frame: pd.DataFrame, prefix: str) -> pd.Series:
    rows = frame[frame["doc_id"].str.startswith(prefix)]
    assert len(rows) == 1
    return rows.iloc[0]


# --- the real seeds ------------------------------------------------------------------------

def test_seed_columns(seeds):
    documents, manifest, problems = seeds
    assert list(documents.columns) == list(DOCUMENT_COLUMNS)
    assert list(documents.columns)[:11] == CONTRACT_DOCUMENT_COLUMNS
    assert list(manifest.columns) == list(MANIFEST_COLUMNS)
    assert list(manifest.columns)[:11] == CONTRACT_MANIFEST_COLUMNS  # plus 'language'
    assert problems == []  # an undated article is not a problem to warn about; it is in the table


def test_seed_manifest(seeds):
    documents, manifest, _ = seeds
    assert len(manifest) == 5 and (manifest["status"] == "loaded").all()
    assert (manifest["reason"] == "").all() and (manifest["duplicate_of"] == "").all()
    assert (manifest["encoding"] == "utf-8").all()
    assert (manifest["sentences"] == 0).all()
    assert manifest["doc_id"].tolist() == documents["doc_id"].tolist() == [p.stem for p in sorted(SEEDS.glob("*.txt"))]
    assert manifest["characters"].tolist() == documents["text"].str.len().tolist()


@pytest.mark.parametrize("prefix,published,status", [
    ("000", "2025-12-15", "ok"),
    ("001", None, "missing"),
    ("002", "2025-10-20", "ok"),
    ("003", "2025-09-12", "ok"),
    ("004", "2025-10-21", "ok"),
])
def test_seed_dates(seeds, prefix, published, status):
    doc = by_prefix(seeds[0], prefix)
    assert doc["published"] == published if published else doc["published"] is None
    assert doc["date_status"] == status
    assert by_prefix(seeds[1], prefix)["published"] == doc["published"]


@pytest.mark.parametrize("prefix,outlet,country,kind,mentioned", [
    ("000", "Report", "Azerbaijan", "private", ("Report",)),
    ("001", "AZERTAC", "Azerbaijan", "state agency", ("AZERTAC",)),
    ("002", "Vestnik Kavkaza", "Russia", "foreign", ("Vestnik Kavkaza",)),
    ("003", "Day.Az", "Azerbaijan", "private", ("Day.Az",)),
    ("004", "1news.az", "Azerbaijan", "private", ("1news.az",)),  # "сообщили казахстанские медиа" is no outlet
])
def test_seed_outlets(seeds, prefix, outlet, country, kind, mentioned):
    doc = by_prefix(seeds[0], prefix)
    assert (doc["outlet"], doc["outlet_country"], doc["outlet_type"]) == (outlet, country, kind)
    assert doc["outlets_mentioned"] == mentioned
    assert doc["outlet_reliability"] in set("ABCDEF")
    assert by_prefix(seeds[1], prefix)["outlet"] == outlet


def test_seed_text_and_raw_text(seeds):
    documents = seeds[0]
    d000 = by_prefix(documents, "000")
    assert d000["raw_text"].startswith(" date 2025-12-15 В посольстве Казахстана")
    assert d000["text"].startswith("В посольстве Казахстана в Баку состоялся круглый стол")
    assert not documents["text"].str.contains("date 20").any()
    d001 = by_prefix(documents, "001")
    assert d001["raw_text"] == SEED_TEXTS["001"]
    assert "в том числе благодаря взаимным визитам" in d001["text"]
    assert (documents["characters"] == documents["text"].str.len()).all()


def test_seed_cleaning_report(seeds):
    report = cleaning_report(seeds[0])
    assert list(report.columns) == ["doc_id", "kind", "before", "after"]
    assert set(report["doc_id"]) == {by_prefix(seeds[0], "001")["doc_id"]}
    assert report["kind"].tolist() == ["lookalike", "pull_quote", "repeated_headline", "hyphenation", "split_paragraph",
                                       "split_paragraph", "hyphenation", "hyphenation"]
    assert report.loc[report["kind"] == "hyphenation", "after"].tolist() == ["числе", "добавил", "маршрута"]
    # recomputed from raw_text when the repairs column is absent: same table
    pd.testing.assert_frame_equal(cleaning_report(seeds[0].drop(columns="repairs")), report)


def test_reading_is_deterministic(seeds):
    again = read(SEEDS)
    pd.testing.assert_frame_equal(again[0], seeds[0])
    pd.testing.assert_frame_equal(again[1], seeds[1])


# --- a messy directory written by the test -------------------------------------------------

def body(prefix: str) -> str:
    return parse_date_header(SEED_TEXTS[prefix])[2]


@pytest.fixture(scope="module")
def messy(tmp_path_factory):
    root = tmp_path_factory.mktemp("messy")
    rng = random.Random(7)
    (root / "a_cp1251.txt").write_bytes(SEED_TEXTS["000"].encode("cp1251"))
    (root / "b_koi8r.txt").write_bytes(SEED_TEXTS["003"].encode("koi8-r"))
    (root / "c_bom_crlf.txt").write_bytes(b"\xef\xbb\xbf" + SEED_TEXTS["004"].replace("\n", "\r\n").encode("utf-8"))
    (root / "d_empty.txt").write_bytes(b"")
    (root / "e_blank.txt").write_bytes(b"  \r\n\t\n \n")
    (root / "f_random.txt").write_bytes(bytes(rng.randrange(256) for _ in range(4096)) + b"\x00\x00")
    (root / "g_png.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(rng.randrange(256) for _ in range(600)))
    (root / "h_exact_dup.txt").write_text(SEED_TEXTS["000"], encoding="utf-8")  # same text as a_cp1251
    # the same article with other spacing, punctuation and case, and a byline added
    (root / "i_original.txt").write_text(SEED_TEXTS["002"], encoding="utf-8")
    (root / "j_respaced.txt").write_text(SEED_TEXTS["002"].replace(", ", " , ").replace("Президент", "ПРЕЗИДЕНТ"), encoding="utf-8")
    (root / "k_byline.txt").write_text(SEED_TEXTS["002"] + "\n\nАли Гасымов", encoding="utf-8")
    (root / "l_bad_date.txt").write_text(" date 2025-13-45 Ныне отношения между Азербайджаном и Казахстаном развиваются.", encoding="utf-8")
    (root / "m_no_date.txt").write_text("Казахстан и Азербайджан обсудили транзит нефти через Каспий.", encoding="utf-8")
    (root / "n_notes.md").write_text("not an article", encoding="utf-8")
    (root / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1\x00")
    (root / "o_header_only.txt").write_text(" date 2025-01-01 ", encoding="utf-8")
    (root / "p_bom_date.txt").write_bytes(b"\xef\xbb\xbf\n\n date 2025-11-03 " + "Текст статьи о визите в Баку.".encode())
    (root / "q_half.txt").write_text("\n\n".join(SEED_TEXTS["002"].split("\n\n")[:10]), encoding="utf-8")
    os.mkdir(root / "r_subdir")
    return root, read(root)


def manifest_row(messy, file):
    manifest = messy[1][1]
    rows = manifest[manifest["file"] == file]
    assert len(rows) == 1
    return rows.iloc[0]


def test_manifest_has_one_row_per_entry(messy):
    root, (documents, manifest, _) = messy
    assert sorted(manifest["file"]) == sorted(os.listdir(root))
    assert manifest["file"].tolist() == sorted(os.listdir(root))
    assert manifest["file"].is_unique
    assert set(documents["doc_id"]) == set(manifest.loc[manifest["status"] == "loaded", "doc_id"])


@pytest.mark.parametrize("file,status,reason", [
    ("a_cp1251.txt", "loaded", ""),
    ("b_koi8r.txt", "loaded", ""),
    ("c_bom_crlf.txt", "loaded", ""),
    ("d_empty.txt", "skipped", "empty file"),
    ("e_blank.txt", "skipped", "empty file"),
    ("f_random.txt", "skipped", "binary (not text)"),
    ("g_png.txt", "skipped", "binary (not text)"),
    ("h_exact_dup.txt", "duplicate", "duplicate of a_cp1251"),
    ("i_original.txt", "loaded", ""),
    ("j_respaced.txt", "duplicate", "near-duplicate of i_original (similarity 1.00)"),
    ("l_bad_date.txt", "loaded", ""),
    ("m_no_date.txt", "loaded", ""),
    ("n_notes.md", "skipped", "not a .txt file"),
    (".DS_Store", "skipped", "not a .txt file"),
    ("o_header_only.txt", "skipped", "empty file (no text after the date header)"),
    ("p_bom_date.txt", "loaded", ""),
    ("q_half.txt", "loaded", ""),
    ("r_subdir", "skipped", "not a regular file (directory)"),
])
def test_manifest_status_and_reason(messy, file, status, reason):
    row = manifest_row(messy, file)
    assert (row["status"], row["reason"]) == (status, reason)
    assert row["duplicate_of"] == (reason.split(" of ")[1].split(" ")[0] if status == "duplicate" else "")


def test_near_duplicate_with_byline(messy):
    row = manifest_row(messy, "k_byline.txt")
    assert row["status"] == "duplicate" and row["duplicate_of"] == "i_original"
    m = re.fullmatch(r"near-duplicate of i_original \(similarity (0\.\d\d)\)", row["reason"])
    assert m and 0.9 <= float(m.group(1)) < 1.0


def test_encodings(messy):
    documents = messy[1][0]
    enc = dict(zip(messy[1][1]["file"], messy[1][1]["encoding"]))
    assert enc["a_cp1251.txt"] == "cp1251"
    assert enc["b_koi8r.txt"] == "koi8-r"
    assert enc["c_bom_crlf.txt"] == "utf-8-sig"
    assert enc["i_original.txt"] == "utf-8"
    assert enc["d_empty.txt"] is None and enc["f_random.txt"] is None
    docs = documents.set_index("doc_id")
    assert docs.loc["a_cp1251", "text"] == by_prefix(read(SEEDS)[0], "000")["text"]
    assert docs.loc["b_koi8r", "outlet"] == "Day.Az" and docs.loc["b_koi8r", "published"] == "2025-09-12"
    crlf = docs.loc["c_bom_crlf"]
    assert "\r" not in crlf["raw_text"] and "\ufeff" not in crlf["raw_text"]
    assert crlf["raw_text"] == SEED_TEXTS["004"]
    assert crlf["published"] == "2025-10-21" and crlf["outlet"] == "1news.az"


def test_dates_in_messy_directory(messy):
    docs = messy[1][0].set_index("doc_id")
    assert docs.loc["l_bad_date", "date_status"] == "invalid" and docs.loc["l_bad_date", "published"] is None
    assert docs.loc["l_bad_date", "text"].startswith("Ныне отношения между Азербайджаном")
    assert docs.loc["m_no_date", "date_status"] == "missing" and docs.loc["m_no_date", "published"] is None
    assert docs.loc["p_bom_date", "published"] == "2025-11-03"
    assert docs.loc["p_bom_date", "text"] == "Текст статьи о визите в Баку."


def test_warnings_name_the_file(messy):
    problems = messy[1][2]
    assert "l_bad_date.txt: invalid date header '2025-13-45'" in problems
    for file in ("d_empty.txt", "e_blank.txt", "f_random.txt", "g_png.txt", "n_notes.md", ".DS_Store", "r_subdir"):
        assert any(p.startswith(f"{file}: skipped: ") for p in problems), file
    assert not any("Traceback" in p for p in problems)
    # duplicates are recorded in the manifest, not warned about
    assert not any(p.startswith(("h_exact_dup", "j_respaced", "k_byline")) for p in problems)


def test_partial_reprint_is_not_a_duplicate(messy):
    half = "\n\n".join(SEED_TEXTS["002"].split("\n\n")[:10])
    assert 0.3 < shingle_similarity(SEED_TEXTS["002"], half) < 0.9
    assert manifest_row(messy, "q_half.txt")["status"] == "loaded"


def test_three_megabyte_article(tmp_path):
    paragraphs = [p for k in ("000", "002", "003", "004") for p in body(k).split("\n\n")]
    rng = random.Random(3)
    parts, size = [], 0
    while size < 3_000_000:
        p = rng.choice(paragraphs)
        parts.append(p)
        size += len(p.encode("utf-8")) + 2
    (tmp_path / "big.txt").write_text(" date 2025-06-01 " + "\n\n".join(parts), encoding="utf-8")
    (tmp_path / "small.txt").write_text(SEED_TEXTS["003"], encoding="utf-8")
    documents, manifest, problems = read(tmp_path)
    assert manifest["status"].tolist() == ["loaded", "loaded"]
    big = documents.set_index("doc_id").loc["big"]
    assert big["characters"] > 1_500_000 and big["published"] == "2025-06-01"
    assert problems == []


def test_a_thousand_documents_are_all_accounted_for(tmp_path):
    # (throughput is measured in bench/, not here)
    paragraphs = [p for k in SEED_TEXTS for p in body(k).split("\n\n")]
    rng = random.Random(11)
    for i in range(1000):
        chosen = rng.sample(paragraphs, rng.randint(3, 8))
        (tmp_path / f"{i:04d}.txt").write_text(f" date 2025-{rng.randint(1, 12):02d}-10 " + "\n\n".join(chosen), encoding="utf-8")
    documents, manifest, _ = read(tmp_path)
    assert len(manifest) == 1000 and manifest["status"].isin(["loaded", "duplicate"]).all()
    assert len(documents) == (manifest["status"] == "loaded").sum()


def test_directory_errors(tmp_path):
    with pytest.raises(FileNotFoundError, match="corpus directory not found"):
        read_corpus(tmp_path / "nope")
    (tmp_path / "file.txt").write_text("x")
    with pytest.raises(NotADirectoryError, match="not a directory"):
        read_corpus(tmp_path / "file.txt")


def test_empty_directory(tmp_path):
    documents, manifest = read_corpus(tmp_path)
    assert documents.empty and manifest.empty
    assert list(documents.columns) == list(DOCUMENT_COLUMNS) and list(manifest.columns) == list(MANIFEST_COLUMNS)


# --- the helpers ---------------------------------------------------------------------------

@pytest.mark.parametrize("text,published,status,rest", [
    (" date 2025-12-15 В посольстве", "2025-12-15", "ok", "В посольстве"),
    ("\ufeff\n\n date 2025-01-02 Текст", "2025-01-02", "ok", "Текст"),
    (" date 2025-12-15 10:30 Текст", "2025-12-15", "ok", "Текст"),
    (" date 15.12.2025 Текст", "2025-12-15", "ok", "Текст"),
    (" date 2025-13-45 Текст", None, "invalid", "Текст"),
    (" date 2025-02-30 Текст", None, "invalid", "Текст"),
    (" date 0001-01-01 Текст", None, "invalid", "Текст"),
    (" date None Текст", None, "missing", "Текст"),
    (" date  Президент прибыл", None, "missing", "Президент прибыл"),
    ("\n\nСостоялся «круглый стол»", None, "missing", "\n\nСостоялся «круглый стол»"),
    ("dated text", None, "missing", "dated text"),
])
def test_parse_date_header(text, published, status, rest):
    assert parse_date_header(text) == (published, status, rest)


@pytest.mark.parametrize("codec", ["cp1251", "koi8-r", "cp866", "utf-8", "utf-8-sig", "utf-16"])
def test_decode_bytes_round_trip(codec):
    text = "Казахстан и Азербайджан подписали соглашение о транзите нефти.\nВторая строка."
    assert decode_bytes(text.encode(codec)) == (text, codec)


@pytest.mark.parametrize("data,reason", [
    (b"", "empty file"),
    (b" \r\n\t", "empty file"),
    (b"\xef\xbb\xbf  \n", "empty file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary (not text)"),
    (bytes(range(1, 32)) * 50, "binary (not text)"),
])
def test_decode_bytes_skips(data, reason):
    with pytest.raises(SkipFile) as info:
        decode_bytes(data)
    assert info.value.reason == reason


def test_decode_bytes_normalises_line_ends():
    assert decode_bytes("а\r\nб\rв\n".encode())[0] == "а\nб\nв\n"


@pytest.mark.parametrize("text,outlet", [
    ("Как передает Report со ссылкой на ТАСС, визит прошел.", "Report"),
    ("Как сообщает АЗЕРТАДЖ, посол отметил.", "AZERTAC"),
    ("Об этом сообщили агентству Kazinform в МИД.", "Kazinform"),
    ("Об этом пишет Интерфакс-Казахстан.", "Interfax-Kazakhstan"),
    ("По данным Интерфакса, рост составил 5%.", "Interfax"),
    ("Своими мыслями с 1news.az поделился эксперт.", "1news.az"),
    ("Председатель правления АЗЕРТАДЖ выступил. Затем Day.Az сообщает, что", "Day.Az"),
    ("Председатель правления АЗЕРТАДЖ Аслан Асланов выступил.", None),
    ("World Investment Report показал рост.", None),
    ("Главы государств примут участие, сообщили казахстанские медиа.", None),
])
def test_detect_outlet(text, outlet):
    found = detect_outlet(text)
    assert (found["outlet"] if found else None) == outlet


def test_mentioned_outlets_in_order():
    text = "Как передает Report со ссылкой на ТАСС, председатель АЗЕРТАДЖ и снова Report."
    assert mentioned_outlets(text) == ("Report", "TASS", "AZERTAC")
    assert mentioned_outlets("Reporter и 1newsaz") == ()


def test_outlet_list_is_well_formed():
    outlets = load_outlets()
    assert list(outlets.columns) == ["outlet", "patterns", "country", "type", "reliability", "grade_reason"]
    assert outlets["outlet"].is_unique
    assert set(outlets["type"]) <= {"state agency", "private", "foreign"}
    assert set(outlets["reliability"]) <= set("ABCDEF")
    assert (outlets["grade_reason"].str.len() > 20).all()
    for pattern in outlets["patterns"]:
        re.compile(pattern)


def test_shingle_similarity():
    assert shingle_similarity(SEED_TEXTS["002"], SEED_TEXTS["002"].upper()) == 1.0
    assert shingle_similarity(SEED_TEXTS["002"], SEED_TEXTS["004"]) < 0.1


def test_utf8_with_a_corrupt_byte_stays_utf8(tmp_path):
    text = SEED_TEXTS["003"]
    (tmp_path / "corrupt.txt").write_bytes(text[:300].encode("utf-8") + b"\xff" + text[300:].encode("utf-8"))
    documents, manifest, problems = read(tmp_path)
    assert manifest["encoding"].tolist() == ["utf-8"] and manifest["status"].tolist() == ["loaded"]
    assert problems == ["corrupt.txt: 1 invalid UTF-8 byte(s) replaced"]
    assert documents["outlet"].tolist() == ["Day.Az"]


def test_same_stem_twice_is_skipped(tmp_path):
    (tmp_path / "a.txt").write_text("Первая статья о Баку.", encoding="utf-8")
    (tmp_path / "a.TXT").write_text("Вторая статья об Астане.", encoding="utf-8")
    documents, manifest, problems = read(tmp_path)
    assert manifest.set_index("file")["status"].to_dict() == {"a.TXT": "loaded", "a.txt": "skipped"}
    assert manifest.set_index("file").loc["a.txt", "reason"] == "doc_id 'a' already used by a.TXT"
    assert documents["doc_id"].tolist() == ["a"]


def test_every_warning_points_at_the_caller_of_read_corpus(tmp_path):
    """Skips, replaced bytes and bad date headers are all reported at the line that called read_corpus."""
    seed = SEED_TEXTS["000"].encode("utf-8")
    (tmp_path / "a_corrupt.txt").write_bytes(seed[:300] + b"\xff" + seed[300:])
    (tmp_path / "b_bad_date.txt").write_text(" date 2025-13-45 Текст статьи о визите в Баку.", encoding="utf-8")
    (tmp_path / "c_empty.txt").write_bytes(b"")
    (tmp_path / "d_header_only.txt").write_text(" date 2025-01-01 ", encoding="utf-8")
    (tmp_path / "e_notes.md").write_text("not an article", encoding="utf-8")
    os.mkdir(tmp_path / "f_subdir")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        line = sys._getframe().f_lineno + 1
        read_corpus(tmp_path)
    caught = [w for w in caught if issubclass(w.category, CorpusWarning)]
    assert [str(w.message).split(":")[0] for w in caught] == [
        "a_corrupt.txt", "b_bad_date.txt", "c_empty.txt", "d_header_only.txt", "e_notes.md", "f_subdir"]
    assert {(w.filename, w.lineno) for w in caught} == {(__file__, line)}
