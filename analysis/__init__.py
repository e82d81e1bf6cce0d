"""Processing of the Kazakhstan–Azerbaijan news corpus for the Caspian briefing book.

The layout follows the method, in the order a corpus goes through it:

- ``ingest/`` — reading a folder (``reading``: the manifest), its ``metadata`` (``sources.csv``),
  ``decoding``, date ``headers``, ``cleaning`` (print-layout repairs), ``language`` (lingua; only
  Russian is read), ``outlets``, ``duplicates`` (datasketch MinHash LSH);
- ``nlp/`` — ``sentences``, ``lemmas`` (one pymorphy3 analyser), ``gazetteer``, ``entities`` (natasha),
  ``speakers``, ``syntax`` (natasha's dependency parse), ``dates`` (time expressions), ``tracks``;
- ``claims/`` — the quantity ``grammar`` and its rules (``quantities``, ``text``), ``indicators`` (by
  keyword, then by meaning), ``subjects`` (whose figure: the parse's parties), ``register`` (the claims
  table and its ``why`` column), ``consistency`` (cross-source findings, source grades);
- ``events/`` — ``cues`` (lexicons and cue matching), ``timeline``, ``watchlist``, ``actors``;
- ``book/`` — what the notebooks call: ``pages`` (start-up and tables), ``facts`` (every glued number,
  declared), ``briefing`` (a chapter's evidence), ``figures``, ``notebooks`` (deterministic refresh);
- ``pipeline`` (the processed ``Corpus``), ``cache`` (fingerprints, locks, atomic pickles),
  ``datafiles`` (the one loader of ``analysis/data/``, with schemas), ``vocabulary`` (tracks,
  qualifier wording, short ids), ``tables`` (escaping and number formatting), ``evaluation`` (scores
  against the development set), ``cli`` (``python -m analysis``).

Data: ``analysis/data/lexicons/`` (what the processing reads: part of the NLP cache key) and
``analysis/data/editorial/`` (renderings, projects, routes, the assessed corpus: only the book reads them).
"""

import os as _os

# natasha's NER runs small matrix products on one document at a time; with the BLAS default of one
# thread per core they spend more time synchronising threads than computing (≈6 docs/s against ≈37
# with one thread, measured on the seeds). This only takes effect if numpy is not yet imported,
# which holds whenever `analysis` is imported first (the notebooks and the command line do).
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    _os.environ.setdefault(_var, "1")

__version__ = "0.1.0"
