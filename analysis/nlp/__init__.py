"""Russian NLP: sentences, lemmas, the gazetteer, entities, speakers, time expressions, tracks.

Modules: ``sentences``, ``lemmas`` (the one pymorphy3 analyser), ``gazetteer`` (one loader and matcher),
``entities`` (natasha NER + gazetteer), ``speakers``, ``dates`` (time expressions), ``tracks``.

Sentences, lemmas, named entities and speakers of Russian news articles.

Pure functions, DataFrame in → DataFrame out (column contracts in /tmp/team/contract.md):

- :func:`split_sentences` — documents → sentences (``doc_id, sentence_id, paragraph, start, end,
  text``); offsets are into ``documents.text``.
- :func:`add_lemmas` — sentences + ``lemmas`` (tuple of lower-case lemmas, ё written е);
  :func:`lemmatize` does one text.
- :func:`attribute_speakers` — sentences + ``speaker`` (canonical English name or None), by rules
  over quotes, verbs of saying, pronouns and the gazetteer; no NER.
- :func:`extract_entities` — sentences → entities (natasha NER + the gazetteer).
- :func:`load_gazetteer` — the gazetteer as a table for the book; :func:`transliterate` —
  Cyrillic → Latin (BGN/PCGN-style, simplified) for names the gazetteer does not know.

Only :func:`extract_entities` loads natasha (models ≈ 1 s and ≈ 240 MB, once per process);
everything else needs razdel and pymorphy3 only. Lexicons live in ``analysis/data/``:
``gazetteer.yml`` (entities and the speech-attribution lexicon) and ``lemma_fixes.csv``.
"""
