"""Claims: every figure in the corpus with its unit, qualifier, period and indicator, and the cross-source checks.

Modules: ``grammar`` (the vocabulary, compiled), ``text`` (normalisation, clauses), ``quantities`` (the
quantity grammar), ``indicators`` (what a figure measures), ``register`` (the claims table), ``consistency``
(cross-source findings and source grading).

Quantitative claims register: every figure in the corpus with its unit, qualifier, period and indicator.

Two layers:

* :func:`extract_quantities` — the pure core: a regex grammar over one sentence that returns
  :class:`Quantity` records (value in base units, unit, qualifier, span). It knows Russian number words,
  decimal commas, thin/no-break spaces as thousands separators, scale words (тыс./млн/млрд/трлн), currency
  signs before the number, ranges ("с 0,8 до 4,5 млн тонн", "от 5 до 7%", "5–7%"), multipliers
  ("в пять раз", "втрое", "в 1,5 раза"), counts ("около 250 компаний", "более десяти раз") and per-year
  flows ("7 млн т в год", "1,5 млн тонн … ежегодно"). It never returns years, dates, ordinals ("XII",
  "21-е"), names with digits ("COP29"/"СОР29", "С6", "1news"), durations ("за последние пять лет",
  "первые шесть месяцев"), phone numbers, or number words that count nothing ("между двумя странами",
  "один на один", "одним из").
* :func:`claims_register` — runs the grammar on every sentence and adds the period (via
  :func:`analysis.nlp.dates.find_time_expressions`), period kind, indicator (``analysis/data/lexicons/indicators.yml``),
  track, speaker, outlet and publication date.

Vocabulary lives in ``analysis/data/lexicons/units.yml`` (number words, scales, units, qualifiers) and
``analysis/data/lexicons/claims.yml`` (clause boundaries, target cues, comparison bases, direction of change).

Decisions (the briefing depends on them):

* ``qualifier``: 'approx' (около, порядка, почти, примерно…), 'more_than' (свыше, более, больше, не менее,
  превысил…, "с лишним"), 'up_to' (до, вплоть до, не более, менее…) — except that "до X" after a change verb
  in the same clause ("увеличить товарооборот до $1 млрд", "довести … до 1 млрд", "вырос до") is the level
  reached or to be reached: 'exact'. Both ends of a range are 'exact' (or the qualifier written before it).
* A bare amount with a scale word and no unit ("до 1 млрд") takes the unit of the nearest figure with a
  unit in the same sentence (preferring one before it); with none it is dropped (never guessed).
  A bare number without scale or counted noun ("составил 250.") is dropped, and so is a numeral of more
  than :data:`MAX_DIGITS` digits (no float holds it exactly; its arithmetic would overflow).
* Number WORDS count something only before a countable noun (компаний, документов, раз, встреч…) or after a
  qualifier ("более десяти раз"); digits count before any noun that is not a time unit, month or rank.
* "раз в год" is a frequency of a procedure (the Supreme Council meets annually), not a measured figure:
  it has no numeral and yields no claim. "в N раз" is a multiplier (unit 'x'); "N раз" without "в" is a
  count of occasions (unit 'count').
* ``period_kind``: 'target' when the clause carries a goal/plan/forecast cue (планируется, цель, довести,
  намерения увеличить, будет, future tense…) or the governing time expression is a deadline ("к 2028 году");
  the period is then that deadline (or a future/absolute year in the same clause), else None. 'actual' when
  a reported figure has a resolved governing time expression. 'unresolved' otherwise — including an actual
  figure with no time expression at all (we do not assume "as of publication") and any relative phrase in
  an undated document (never resolved, whatever the dates module returns).
  A cue before the figure governs it unless a reported-fact verb (составил, вырос…) intervenes; a cue after
  it only when no other figure follows in the clause ("составил 533 …, как ожидается, превысит 700").
  An agreed or floated volume with no plan cue in its clause ("соглашение … о транспортировке 1,5 млн
  тонн … ежегодно", "Озвучиваются разные цифры, вплоть до 7 млн т в год") is not promoted to a target:
  it stays 'unresolved' (no period) and the quote shows what it is.
* Governing time expression: the nearest one before the figure in its clause, else the nearest after it in
  its clause, else (reported figures only, never targets) the nearest one in an earlier clause of the same
  sentence. Expressions that are the BASE of a comparison ("чем годом ранее", "по сравнению с 2020 годом")
  never govern.
* Units outside the contract list are kept rather than dropped and flagged in ``units.yml`` (extended):
  'EUR', 'KZT', 'AZN', 'RUB', 'm3', 'm3/yr', 'bbl', 'bbl/yr', 'bbl/d', 'W', 'Wh'. Percentage points, areas
  and speeds are recognised only so as not to misread them, and yield no claim.
* ``indicator``: rules in indicators.yml, tried on the claim's clause, then its sentence, then (only for
  indicators marked ``context``) the previous sentence of the same paragraph — for an anaphoric figure
  such as "Озвучиваются разные цифры, вплоть до 7 млн т в год" after a sentence about oil via Azerbaijan.
  When the indicator's keyword sits in an earlier clause, the quote is extended back to it if it still fits.
* No period is carried across sentences ("Также в три раза увеличится пропуск контейнеров" after
  "К 2028 году …" is a target with no period).
* Low end of a change range ("вырос с 0,8 до 4,5 млн тонн"): it is the earlier level, so its period is not
  the sentence's period — it is recorded 'unresolved' with no period.

Extra columns (beyond the contract), for growth claims (unit '%' or 'x' with a change verb or a growth
indicator):

* ``growth_of`` — the level indicator the growth applies to (``growth_of`` in indicators.yml), else None.
* ``growth_ref`` — claim_id of the level figure of that indicator in the same sentence (nearest), else None;
  the consistency module derives implied base values from it (e.g. 547e6 / 3).
* ``direction`` — 'up' | 'down' | None (nearest change verb in the clause).
* ``base_period_start``, ``base_period_end`` — period the growth is measured against, ISO or None:
  an explicit base ("чем годом ранее" → the claim's period one year back; "по сравнению с 2020 годом" →
  2020); else for a rolling multi-year window ("за последние пять лет") its first month; else the claim's
  period one year back (growth "в прошлом году" = over the year before). None unless the claim is 'actual'.
"""
