"""Events: the timeline of bilateral events, the watchlist of dated targets, and the actors (speakers, co-mentions).

Modules: ``cues`` (lexicons, tokens, cue matching shared by both), ``reading`` (is a cue an event, its
status, who takes part), ``timeline``, ``watchlist``, ``actors``, ``scoring`` (the timeline against the
development set's events; ``bench/events.py`` prints it).

Dated events (visits, summits, talks, agreements, launches, meetings) and the watchlist.

:func:`timeline` turns sentences into event reports: a sentence names an event kind (lexicon in
``analysis/data/lexicons/events.yml``, matched on the sentence's ``lemmas``) and a time expression
(:mod:`analysis.dates`) close to it. :func:`watchlist` lists every future-dated target or
commitment, from target claims and from sentences with target time expressions.

One event, many reports: :func:`event_reports` gives one row per report (a sentence telling of an event);
:mod:`analysis.events.merging` merges the reports of one event across sentences and articles (kind, dates,
place, participants) and links sub-events (talks, a council session, a business forum) to their visit;
:func:`timeline` gives one row per event (``event_id``, ``kind``, ``status``, ``date_start``, ``date_end``,
``precision``, ``place``, ``participants``, ``parent_event``, ``reports``, ``quote``, and the report-level
names the book reads). The development set is scored per article (:func:`document_reports`).

Spans are never points. A time expression that is an interval ("за последний месяц", "за последние
три года", "в январе–марте") says only that the event happened somewhere inside it, so a row it dates
has ``date_precision='period'``: ``date`` is the span start and ``date_end`` the span end, both ISO
strings at their own cut ('2025-09-20' … '2025-10-20', '2022-10' … '2025-10'); a figure must draw
the whole interval (see :func:`event_extent`), never a point at ``date``. A dated cue with a
repetition marker next to it ("за последние три года встречались более десяти раз", "в этом году
неоднократно встречались") reports a series of events, not one: its row has ``kind='series'`` and
the date of the whole span or year (the count itself is a claim, in the claims register).

Attachment rules (why an event gets a date, a place and actors):

* each time expression attaches, for every event kind, to the nearest cue of that kind within
  ``window`` word tokens (default 12); a cue keeps the nearest expression attached to it. A span
  attaches to EVERY cue within the window (one interval holds several events), and a later undated
  cue of the same kind that names its own place ("и в Габале, на саммите ОТГ, и в Душанбе, на
  саммите СНГ") is another event of the same span, not part of the first. A repeated-meeting verb
  ("встречались") whose span also dates the cues after it makes no row: those are its meetings. Vague
  expressions ("в последние годы") and claim-relative ones ("годом ранее") never date an event;
  unresolved relative ones (undated document) do, and the row is shown with ``resolved=False``. The parse
  makes an expression the cue's own however far from it when it hangs on the cue, on the verb governing
  the cue, or on an infinitive completing that verb ("Строительство линии … планируется закончить к концу
  2025 года"), and never lets the time of a verb that reports the cue's clause date it ("В 2022 году стало
  известно, что ВОЛС будут строить": 2022 is the news, not the building) (``reading.own_time``,
  ``reading.dates_the_cue``);
* a cue no time expression dates is an undated event (``precision='undated'``, ``date_basis='none'``): the
  publication date is never silently the event's. Only a verb in the present ("заседание, которое проходит
  в Баку") dates it by publication (the day; a process under way, "закупает суда", the month), and the
  occasion of a reported statement ("сообщил на заседании правительства") by the publication's month; a
  sub-event the article dates no better than its visit takes the visit's date (``merging.dates_from_parents``);
  an undated outcome of an event told before ("По итогам той встречи была подписана декларация") takes that
  event's date and place (``timeline._date_outcomes_by_their_event``); a time expression that modifies another noun
  ("Дорожная карта на 2022-2027 годы") never dates the cue (read from the natasha parse);
* entities belong to the nearest event cue at or before them (an event noun governs what follows
  it: "визит президента X в Y"; entities before the first cue belong to it), except a place in
  apposition to the next cue ("в Габале, на саммите"), which belongs to that cue; a dated cue also
  takes the entities of the later undated cues of its kind ("визиты ..., где Токаев посетил Баку");
* actors are the PER/ORG entities of the cue; when none is a person, the people of the sentence
  and the organisations not held by another dated cue of the sentence;
* a negated or generic mention ("далеко не первая встреча", "эти встречи") is no event
  (``reading.CUE_FILTERS``); an anniversary ("20-летие подписания договора") is the original event, never
  dated by the anniversary's date; a train that "прибыл" is a shipment (``reading.KIND_RULES``); a point also dates the later undated verb cues of
  its kind that name their own place, each its own event with the people of its own clause ("Токаев
  посетил Баку, Алиев посетил Астану": two visits), and the cue that only announced them makes no row;
* ``status`` is 'proposed' ("предложил провести"), 'planned' (планируется, запланирован, a verb in the
  future: пройдет, состоится, примут участие; a date after publication) or 'held'
  (``reading.STATUS_RULES``); ``planned`` is True exactly when the status is not 'held';
* outlets, agencies and reporters are never actors, nor an expert commenting on a visit, a summit or talks
  (``reading.NON_PARTICIPANT_RULES``); a country that is the subject of a signing or of a project step takes
  part ("Казахстан перенаправил объемы … и приостановил отгрузки");
* the place is the cue's LOC entity after a locative/directional preposition ("в Астане",
  "в Казахстан") or a visit verb ("посетил Баку"), nearest first; when the cue has none and it is
  the only dated cue of the sentence, the nearest such LOC of the sentence; a project step is never placed
  where it leads ("с последующим выходом в Европу": ``reading.directions``).
"""
