"""Processing of the Kazakhstan–Azerbaijan news corpus for the Caspian briefing book.

One module per concept: ``corpus`` (ingestion, cleaning, manifest), ``nlp`` (sentences, lemmas,
entities, speakers), ``tracks`` (track tagging), ``claims`` (quantitative claims register),
``dates`` (time expressions), ``consistency`` (cross-source checks), ``timeline`` (events and
watchlist), ``figures`` (house plotting style), ``tables`` (escaping and formatting for the book),
``pipeline`` (cached processing of a whole corpus), ``cli`` (``python -m analysis``).
"""

import os as _os

# natasha's NER runs small matrix products on one document at a time; with the BLAS default of one
# thread per core they spend more time synchronising threads than computing (≈6 docs/s against ≈37
# with one thread, measured on the seeds). This only takes effect if numpy is not yet imported,
# which holds whenever `analysis` is imported first (the notebooks and the command line do).
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    _os.environ.setdefault(_var, "1")

__version__ = "0.1.0"
