"""Ingestion: from a folder of files to a table of clean, dated, attributed, de-duplicated articles.

Modules: ``reading`` (the folder, the manifest), ``metadata`` (the optional ``sources.csv``), ``decoding``
(bytes to text), ``headers`` (the date header), ``cleaning`` (print-layout repairs), ``language`` (only
Russian is read), ``outlets`` (who published it), ``duplicates`` (exact and near copies).

Read a directory of article files into the ``documents`` and ``manifest`` tables.

:func:`read_corpus` is the entry point. Every entry of the directory gets exactly one manifest row
(``loaded``, ``skipped`` with a reason, or ``duplicate`` with the kept ``doc_id``); only loaded
articles are in ``documents``. Problems (undecodable or empty files, invalid date headers, …) are
reported with :class:`CorpusWarning` messages that start with the file name — never tracebacks.

First the folder's optional ``sources.csv`` (:func:`analysis.ingest.metadata.read_sources`): one row
per article (file, url, outlet, headline, author, language, date); each problem in it is a warning
naming ``sources.csv`` and the line, and its manifest row lists them all. What it says wins over the
inference below; files without a row keep the inference.

Per file, in order:

1. **Decoding** (:func:`decode_bytes`): UTF-8 (with or without BOM) strictly first; UTF-16 with a
   BOM; otherwise charset-normalizer, checked for plausible Cyrillic text and named by the common
   codec that gives the same text (``cp1251`` rather than ``kz1048``, ``cp866`` rather than
   ``cp1125``). NUL bytes or implausible text → skipped ``binary (not text)``; nothing but
   whitespace → skipped ``empty file``. Line endings become ``\n``.
2. **Date header** (:func:`parse_date_header`): the text begins with ``" date YYYY-MM-DD "`` glued
   to the first sentence. It is parsed into ``published`` (ISO) and stripped. No header →
   ``date_status='missing'``; an impossible date → ``'invalid'`` and a warning. Never a guess.
   A ``date`` in ``sources.csv`` replaces the header's.
3. **Cleaning** (:func:`analysis.ingest.cleaning.clean_text`): print-layout repairs, kept per document in
   the ``repairs`` column; :func:`cleaning_report` turns them into a table.
   **Language** (:func:`analysis.ingest.language.detect_language`, or ``sources.csv``'s ``language``):
   anything but Russian is skipped as ``language English (en), not Russian`` and never parsed.
4. **Outlet** (:func:`detect_outlet`): the first outlet named in an attribution context ("Как
   передает Report", "в беседе с Day.Az") per ``analysis/data/lexicons/outlets.csv``; every outlet named
   anywhere is listed in ``outlets_mentioned``. An ``outlet`` in ``sources.csv`` replaces it.
5. **Duplicates**: files are taken in name order and the first is kept. Exact duplicates have the
   same cleaned text. Near-duplicates have the same normalised text (lower case, ``ё``→``е``,
   punctuation and whitespace dropped; similarity 1.00) or a word 5-gram shingle Jaccard similarity
   of at least :data:`NEAR_DUPLICATE_JACCARD`. To stay near O(n) for 10,000 documents the Jaccard
   is computed only for candidates found by MinHash LSH (50 fixed hash functions, 10 bands of 5;
   a pair at Jaccard 0.9 is missed with probability 2e-4) whose shingle counts are within the
   similarity bound; the threshold itself is applied to the exact Jaccard. Hashes are CRC-32 and
   fixed constants, so results do not depend on ``PYTHONHASHSEED`` or the run.
"""
