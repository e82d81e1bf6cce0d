"""The book: what the notebooks call.

Modules: ``pages`` (each notebook's start-up and the tables it shows), ``facts`` (the declared facts the
prose cites through ``{glue:text}``), ``briefing`` (what a chapter shows: claims, quotes, findings,
watchlist), ``figures`` (the house plotting style and every figure), ``notebooks`` (deterministic
re-execution of the stored notebooks).
"""
