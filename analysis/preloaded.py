"""Importing this module loads the per-document stages and every model they use into the importing process.

The worker pool's fork server imports it (:func:`analysis.parallel.warm_up`, which the pipeline
calls before processing a corpus large enough for workers), so that every worker forked from the
server starts with the stages (:mod:`analysis.stages`) imported and their models loaded — natasha's embedding, NER, morphology
and syntax, pymorphy3's dictionary, the gazetteer and the lexicons — once, shared copy-on-write,
instead of each worker loading its own (about 2 s of CPU a worker, measured by ``bench/parallel.py``).
Loading is what importing does here because a fork server can only be told which modules to import.

It loads them by processing one sentence (:data:`SAMPLE`) through the sentence and NER stages, so
that no lazily loaded model is missed; what that leaves behind is the models and memoised pure
functions (``lru_cache``), so a worker's results are those of a fresh process.
"""

from __future__ import annotations

import pandas as pd

from analysis.nlp.entities import _natasha_norm, extract_entities
from analysis.stages import process_sentences

__all__ = ["SAMPLE"]

#: One article of one sentence with a speaker, a place, a track word and a figure.
SAMPLE = pd.DataFrame({
    "doc_id": ["preload"],
    "text": ["Президент Казахстана Касым-Жомарт Токаев заявил в Баку, что транзит нефти вырос до 2 млн тонн."],
    "published": ["2025-01-15"],
})

_natasha_norm()
extract_entities(process_sentences(SAMPLE))
