"""Processing of the Kazakhstan–Azerbaijan news corpus for the Caspian briefing book.

One module per concept: ``corpus`` (ingestion, cleaning, manifest), ``nlp`` (sentences, lemmas,
entities, speakers), ``tracks`` (track tagging), ``claims`` (quantitative claims register),
``dates`` (time expressions), ``consistency`` (cross-source checks), ``timeline`` (events and
watchlist), ``figures`` (house plotting style), ``tables`` (escaping and formatting for the book),
``pipeline`` (cached processing of a whole corpus), ``cli`` (``python -m analysis``).
"""

__version__ = "0.1.0"
