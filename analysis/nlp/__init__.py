"""Russian NLP: sentences, lemmas, the gazetteer, entities, speakers, syntax, time expressions, tracks.

Pure functions, DataFrame in → DataFrame out (each module names the columns it returns):

- ``sentences.split_sentences`` — documents → sentences (``doc_id, sentence_id, paragraph, start, end,
  text``); offsets are into ``documents.text``; blank-line paragraphs first, then razdel.
- ``lemmas.add_lemmas`` — sentences + ``lemmas`` (tuple of lower-case lemmas, ё written е);
  ``lemmas.lemmatize`` does one text; ``lemmas.morph`` is the one pymorphy3 analyser of the package.
- ``speakers.attribute_speakers`` — sentences + ``speaker`` (canonical English name or None), by named
  rules over quotes, verbs of saying, pronouns and the gazetteer; no NER.
- ``entities.extract_entities`` — sentences → entities (natasha NER merged with the gazetteer).
- ``gazetteer.load_gazetteer`` — the gazetteer as a table for the book (one loader and one matcher for
  every user); ``gazetteer.transliterate`` — Cyrillic → Latin for names the gazetteer does not know.
- ``syntax.parse`` — natasha's dependency parse of one sentence (what binds a figure to its subject).
- ``dates.find_time_expressions`` — Russian time expressions resolved against the publication date.
- ``tracks.tag_tracks`` — the thematic tracks of each sentence.

Only entities and syntax load natasha's models (from the installed package, ≈ 1 s, once per process);
everything else needs razdel and pymorphy3 only. Lexicons live in ``analysis/data/lexicons/``.
"""
