"""Processing of the Kazakhstan–Azerbaijan news corpus for the Caspian briefing book.

One module per concept: ``corpus`` (ingestion, manifest) and ``cleaning`` (print-layout repairs),
``nlp`` (sentences, lemmas, entities, speakers), ``tracks`` (track tagging), ``dates`` (time
expressions), ``claims`` (quantitative claims register), ``consistency`` (cross-source checks,
source grading), ``timeline`` (events and watchlist), ``actors`` (speakers, co-mentions),
``pipeline`` (cached processing of a whole corpus), ``briefing`` (what a chapter shows),
``figures`` (house plotting style), ``tables`` (escaping and number formatting), ``book`` (what
the notebooks call), ``notebooks`` (deterministic re-execution), ``cli`` (``python -m analysis``).
Lexicons, gazetteer, outlets and indicator definitions are data files in ``analysis/data/``.
"""

import os as _os

# natasha's NER runs small matrix products on one document at a time; with the BLAS default of one
# thread per core they spend more time synchronising threads than computing (≈6 docs/s against ≈37
# with one thread, measured on the seeds). This only takes effect if numpy is not yet imported,
# which holds whenever `analysis` is imported first (the notebooks and the command line do).
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    _os.environ.setdefault(_var, "1")

__version__ = "0.1.0"
