"""What the book's notebooks call: one start-up, glue that only takes plain values, figure output.

A notebook's first cell is ``corpus = book.start()``: it applies the figure style and loads the
processed corpus once (from the on-disk cache after the first notebook).
"""

from __future__ import annotations

import base64
import math
import numbers
import re
from collections.abc import Sequence

import pandas as pd
from IPython.display import Markdown
from myst_nb import glue as _glue

from analysis import datafiles
from analysis.book import appendix, bottomline, briefing, changes, figures, topics
from analysis.book.facts import page_facts
from analysis.cache import content_fingerprint
from analysis.claims.indicators import indicator_labels
from analysis.ingest.outlets import load_outlets
from analysis.ingest.reading import cleaning_report
from analysis.pipeline import Corpus, load
from analysis.tables import (
    escape_md,
    external_link,
    format_period,
    format_value,
    md_table,
    records,
    show,
)
from analysis.vocabulary import QUALIFIER_PREFIX, TRACK_TITLES, TRACKS, sentence_doc, short_claim_id, short_id


def start(page: str | None = None, path=None) -> Corpus:
    """Apply the house style, load the processed corpus (``$BRIEFING_CORPUS`` or ``seeds/``) and glue
    the facts the prose of *page* (the notebook's name) cites — those registered for it in
    :mod:`analysis.book.facts`, nothing else."""
    figures.use_style()
    pd.set_option("display.max_colwidth", 80)
    corpus = load(path)
    if page is not None:
        glue_all(page_facts(corpus, page))
    return corpus


def plain(value):
    """Return *value* as a plain Python ``int``/``float``/``str`` (NumPy scalars break glue formats)."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        v = float(value)
        return "—" if math.isnan(v) else v
    return str(value)


def glue(key: str, value) -> None:
    """Glue *value* under *key* for ``{glue:text}`` in the prose, without displaying it here."""
    _glue(key, plain(value), display=False)


def glue_all(values: dict) -> None:
    """Glue every item of *values* (key → value)."""
    for key, value in values.items():
        glue(key, value)


def glue_figure(key: str, fig) -> None:
    """Glue a matplotlib figure for a ``{glue:figure}`` directive on the same page, then close it.

    What is glued is :class:`FigureOutput`: a PNG for the HTML, a vector PDF for the PDF book (myst-nb
    picks one per builder) and a description of the figure, which the book uses as its alt text."""
    _glue(key, FigureOutput(fig), display=False)
    figures.plt.close(fig)


class FigureOutput:
    """A figure's outputs for the book: screen PNG, print PDF and a plain-text description."""

    def __init__(self, fig):
        self.files = figures.figure_files(fig)
        self.description = figures.describe(fig)

    def _repr_mimebundle_(self, include=None, exclude=None):
        # the PNG has SCREEN_DPI / figure.dpi pixels per displayed pixel: show it at the figure's own size
        width = int.from_bytes(self.files["png"][16:20], "big") * figures.STYLE["figure.dpi"] // figures.SCREEN_DPI
        data = {"image/png": base64.b64encode(self.files["png"]).decode("ascii"),
                "application/pdf": base64.b64encode(self.files["pdf"]).decode("ascii"),
                "text/plain": self.description}
        return data, {"image/png": {"width": f"{width}px"}}




def doc_labels(documents: pd.DataFrame) -> dict[str, str]:
    """Return doc_id → 'short id · outlet · date' (or 'undated') for axis labels and tables."""
    out = {}
    for row in documents.itertuples(index=False):
        outlet = row.outlet if isinstance(row.outlet, str) and row.outlet else "outlet unknown"
        date = row.published if isinstance(row.published, str) and row.published else "undated"
        out[row.doc_id] = f"{short_id(row.doc_id)} · {outlet} · {date}"
    return out


def doc_dates(documents: pd.DataFrame) -> dict[str, str]:
    """Return doc_id → publication date (ISO; '' when undated), for figures that group by period."""
    return {d: p if isinstance(p, str) else "" for d, p in zip(documents["doc_id"], documents["published"])}


def inventory(corpus: Corpus) -> pd.DataFrame:
    """Return one row per loaded article: short id, date ('undated' when none), outlet, characters,
    sentences (the manifest has the file names)."""
    docs = corpus.documents
    counts = corpus.sentences.groupby("doc_id").size()
    return pd.DataFrame({
        "id": docs["doc_id"].map(short_id),
        "date": [p if isinstance(p, str) and p else ("undated" if s == "missing" else f"undated ({s} header)")
                 for p, s in zip(docs["published"], docs["date_status"])],
        "outlet": [o if isinstance(o, str) and o else "unknown" for o in docs["outlet"]],
        "characters": docs["characters"].astype(int),
        "sentences": docs["doc_id"].map(counts).fillna(0).astype(int),
    })




# --- chapters --------------------------------------------------------------------------------------



def corpus_note(corpus: Corpus):
    """Return a warning (Markdown) when the corpus differs from the one the narrative was written
    for, else None (nothing is shown)."""

    assessed = datafiles.load("assessed_corpus.yml")
    if content_fingerprint(corpus.path) == assessed["content_fingerprint"]:
        return None
    return Markdown(
        ":::{warning}\nThis book was built on a different corpus from the one its judgments were "
        "written against. Every table, figure and number below is recomputed from the corpus now "
        "loaded; the analyst's prose (judgments, assessments) is not, and may not hold for it.\n:::"
    )


#: Rows a chapter's table shows at most (issue 15: readable at any size). A longer table shows its
#: top rows, chosen by a stated rule, and says how many there are and where the full table is.
CHAPTER_ROWS = 12


def top_rows(table: pd.DataFrame, order: Sequence[int] | None = None,
             limit: int = CHAPTER_ROWS) -> tuple[pd.DataFrame, int]:
    """Return (the rows of *table* to show, how many it has): all of them when they are *limit* or
    fewer; else the first *limit* in *order* (positions, best first; default the table's own order),
    shown in the table's own order.

    >>> t = pd.DataFrame({"x": list("abcde")})
    >>> head, n = top_rows(t, order=[4, 0, 3, 1, 2], limit=3)
    >>> list(head["x"]), n
    (['a', 'd', 'e'], 5)
    >>> list(top_rows(t, limit=9)[0]["x"])
    ['a', 'b', 'c', 'd', 'e']
    """
    if len(table) <= limit:
        return table, len(table)
    keep = sorted((list(order) if order is not None else list(range(len(table))))[:limit])
    return table.iloc[keep].reset_index(drop=True), len(table)


def _with_note(shown, n_shown: int, total: int, note: str):
    """*shown* (a :func:`show` Markdown) followed, when rows were left out, by *note* (Markdown, with
    ``{shown}`` and ``{total}`` to fill)."""
    if n_shown >= total:
        return shown
    return Markdown(f"{shown.data}\n\n*{note.format(shown=n_shown, total=total)}*")


def claim_rank(corpus: Corpus, claims: pd.DataFrame) -> list[int]:
    """Positions of *claims* best first, for a chapter that shows only its top claims: bilateral
    figures first, then the best source grade (Admiralty: A1 best), then the latest publication,
    then the register's order."""
    grades = corpus.sources.set_index("claim_id")["grade"] if not corpus.sources.empty else pd.Series(dtype=str)
    keys = pd.DataFrame({
        "bilateral": ~claims["bilateral"].fillna(False).astype(bool),
        "grade": claims["claim_id"].map(grades).fillna("Z9").astype(str),
        "published": claims["published"].map(lambda p: p if isinstance(p, str) and p else ""),
        "pos": range(len(claims)),
    })
    keys = keys.sort_values(["bilateral", "grade", "published", "pos"], ascending=[True, True, False, True], kind="stable")
    return list(keys["pos"])


def show_claims(corpus: Corpus, track: str):
    """Return the track's claims as a table with links to the register (Markdown): at most
    :data:`CHAPTER_ROWS` of them — the top ones by :func:`claim_rank` — and a note linking to the
    register's page for the track when there are more."""
    claims = briefing.track_claims(corpus, track)
    head, total = top_rows(claims, claim_rank(corpus, claims) if len(claims) else None, CHAPTER_ROWS)
    table = briefing.claims_table(corpus, head)
    shown = show(table, raw_columns=("Register",), empty=f"This corpus reports no figure for the {track} track.")
    return _with_note(shown, len(head), total,
                      "The {shown} of {total} claims with bilateral figures and the best-graded sources first, "
                      f"then the latest; every claim is in the register ([{escape_md(TRACK_TITLES[track])}]"
                      f"(#{register_page_label(track)}) and its other pages).")


def show_quotes(corpus: Corpus, track: str, n: int = 6):
    """Return the chapter's quotations (Russian original, English rendering, source) as Markdown."""

    return Markdown(briefing.quotes_markdown(briefing.chapter_quotes(corpus, track, n)))


def show_findings(corpus: Corpus, track: str):
    """Return the consistency findings that touch the track as a table (Markdown): the first
    :data:`CHAPTER_ROWS` (warnings first, as :func:`briefing.track_findings` orders them) and, when
    there are more, a note pointing to the full list among the register's downloads."""
    findings = briefing.track_findings(corpus, track)
    head, total = top_rows(findings, limit=CHAPTER_ROWS)
    table = briefing.findings_table(head)
    shown = show(table, raw_columns=("Claims",), empty="No consistency finding involves this track's figures.")
    return _with_note(shown, len(head), total,
                      "The first {shown} of {total} findings; all of them are in consistency.csv, "
                      "a download of {{ref}}`the register <register>`.")


def show_gaps(corpus: Corpus, track: str):
    """Return what the corpus does not establish for the track, as a Markdown list."""

    gaps = briefing.track_gaps(corpus, track)
    return Markdown("\n".join(f"- {escape_md(g)}" for g in gaps) if gaps else "*No gap found by the automatic checks.*")


def show_watchlist(corpus: Corpus, track: str):
    """Return the track's rows of the watchlist as a table (Markdown): the first :data:`CHAPTER_ROWS`
    (in the watchlist's own order) and, when there are more, a note
    pointing to the full watchlist among the register's downloads."""
    table = briefing.track_watchlist(corpus, track)
    what = "the relations as a whole" if track == "general" else "this track"
    head, total = top_rows(table, limit=CHAPTER_ROWS)
    shown = show(head, raw_columns=("Source",), empty=f"The corpus states no dated target or commitment for {what}.")
    return _with_note(shown, len(head), total,
                      "The first {shown} of {total} items; all of them are in watchlist.csv, "
                      "a download of {{ref}}`the register <register>`.")


def show_topics(corpus: Corpus, track: str):
    """Return the topics of *track* without a figure (``topics.yml``): each with the Russian words of its
    first mention, who speaks of it and the articles — or, for a topic the corpus does not mention, so."""
    return show(topics.topics_table(corpus, track), raw_columns=("Articles",),
                empty="No topic is listed for this part of the book.")


def project_targets(corpus: Corpus, canonical: str):
    """Return the dated targets stated for a project (see briefing.project_targets)."""
    return briefing.project_targets(corpus, canonical)




def show_support(corpus: Corpus, mapping: dict | None = None):
    """Return a table: for each judgment (key) the register entries behind its indicators (value);
    by default the key judgments of ``key_judgments.yml`` (:func:`briefing.key_judgments`)."""
    mapping = briefing.key_judgments() if mapping is None else mapping
    table = pd.DataFrame({
        "Judgment": list(mapping),
        "Register entries (outlet, entry, grade)": [briefing.support_links(corpus, inds) for inds in mapping.values()],
    })
    return show(table, raw_columns=("Register entries (outlet, entry, grade)",))


def _reports_cell(reports) -> str:
    """"3: [000], [002], [004]" — how many reports an event has ("7 in 3 articles" when an article reports
    it more than once), and links to the articles they are in (at most :data:`briefing.MAX_LINKS_PER_CELL`,
    the rest counted: an event of a large corpus is reported in thousands of articles, and every link made
    the overview a 5 MB page at 5,000).

    >>> _reports_cell([f"{d:03d}_x-s001" for d in range(10)]).split(", ")[-2:]
    ['[007](#source-007-x)', 'and 2 more articles (see the sources appendix)']
    >>> _reports_cell(["000_x-s001", "000_x-s004", "002_y-s002"])
    '3 in 2 articles: [000](#source-000-x), [002](#source-002-y)'
    """
    ids = list(reports) if isinstance(reports, (tuple, list)) else []
    docs = list(dict.fromkeys(sentence_doc(r) for r in ids))
    links = briefing.links_capped([briefing.source_link(d) for d in docs], briefing.MAX_LINKS_PER_CELL,
                                  noun="articles", where="the sources appendix")
    count = f"{len(ids)}" if len(ids) == len(docs) else f"{len(ids)} in {len(docs)} articles"
    return f"{count}: " + ", ".join(links) if ids else "—"


def _event_rows(tl: pd.DataFrame, dated: bool) -> pd.DataFrame:
    when = [a if not isinstance(b, str) or not b or b == a else f"{a} – {b}" for a, b in zip(tl["date"], tl["date_end"])]
    table = pd.DataFrame({
        "Year": [str(d)[:4] for d in tl["date"]],
        "When": when,
        "Event": tl["kind"],
        "Status": tl["status"],
        "Place": tl["place"].map(lambda p: p if isinstance(p, str) and p else "—"),
        "Actors": tl["actors"].map(lambda a: ", ".join(a) if isinstance(a, (tuple, list)) and a else "—"),
        "Reports": tl["reports"].map(_reports_cell),
    })
    return table if dated else table.drop(columns=["Year", "When"])


def show_timeline(corpus: Corpus):
    """Return the chronology: one row per event (its reports merged), the dated ones by year with when,
    kind, status, place, actors and how many reports it has (with links to their articles); then, apart,
    the events the corpus gives no usable date for."""
    tl = corpus.timeline
    if tl.empty:
        return show(tl, empty="The corpus reports no dated contact or agreement.")
    dated_mask = tl["date"].map(lambda d: isinstance(d, str) and bool(d))
    note = ("The {shown} most-reported of {total} events, in the order above; all of them are in timeline.csv, "
            "a download of {{ref}}`the register <register>`.")
    parts = []
    for mask, is_dated, empty in ((dated_mask, True, "The corpus reports no dated contact or agreement."),
                                  (~dated_mask, False, "Every event is dated.")):
        events = tl[mask].reset_index(drop=True)
        head, total = top_rows(_event_rows(events, is_dated), _most_reported(events), limit=CHRONOLOGY_ROWS)
        parts.append(_with_note(show(head, raw_columns=("Reports",), empty=empty), len(head), total, note).data)
    return Markdown(f"**Dated events**, by year\n\n{parts[0]}\n\n"
                    f"**Events the corpus gives no date for** (relative to an undated article, or vague)\n\n{parts[1]}")


#: The most events each of the chronology's tables shows (the most-reported; all are in timeline.csv).
CHRONOLOGY_ROWS = 60


def _most_reported(events: pd.DataFrame) -> list[int]:
    """Positions of *events* by number of reports, most first (ties: the timeline's order)."""
    n = events["reports"].map(lambda r: len(r) if isinstance(r, (tuple, list)) else 0)
    return sorted(range(len(events)), key=lambda k: (-int(n.iloc[k]), k))


def show_speakers(corpus: Corpus):
    """Return who speaks in the corpus and about what, as a table: role and organisation (in apposition
    before the name, :mod:`analysis.book.appendix`), country, sentences, articles, outlets, tracks, claims."""
    table = corpus.speakers.copy()
    orgs = appendix.person_organisations(corpus)
    roles = [appendix.split_role(r) for r in table["role"]]
    table["role"] = [r if r != "—" else None for r, _ in roles]
    table.insert(2, "organisation", [o or orgs.get(n) or "—" for n, (_, o) in zip(table["speaker"], roles)])
    table = table.rename(columns={
        "speaker": "Speaker", "role": "Role", "organisation": "Organisation", "country": "Country", "n_sentences": "Sentences",
        "n_docs": "Articles", "outlets": "Outlets", "tracks": "Sentences by track", "n_claims": "Claims",
    })
    most = sorted(range(len(table)), key=lambda k: (-int(table["Sentences"].iloc[k]), k))
    head, total = top_rows(table, most, limit=CHRONOLOGY_ROWS)
    return _with_note(show(head, empty="No statement in this corpus is attributed to a named person."), len(head), total,
                      "The {shown} speakers quoted most of {total}; {{ref}}`the actors' index <glossary>` lists them all.")


# --- corpus, method and appendices -----------------------------------------------------------------

def show_bottom_line(corpus: Corpus):
    """Return the bottom-line table (:func:`analysis.book.bottomline.bottom_line`): per line of the
    briefing its latest figure and its goal, with status, date, source, grade and confidence."""
    return show(bottomline.printed(bottomline.bottom_line(corpus)), raw_columns=("Source", "Register"),
                empty="The corpus holds no figure.")


def show_manifest(corpus: Corpus):
    """Return the manifest (one row per file, with status and reason, the language and encoding it was
    read in — a file skipped for its language says which in both — and its date with how it was found)
    as a table. Language and encoding share a column, as do the date and its status, so that the table
    fits a printed page."""
    m = corpus.manifest.copy()

    def text(col: str) -> pd.Series:
        values = m[col] if col in m.columns else pd.Series([None] * len(m), index=m.index)
        return values.map(lambda p: p if isinstance(p, str) and p else "—")

    read_as = (text("language") + " · " + text("encoding")).replace("— · —", "—")
    status = text("date_status")
    date = text("published").where(status.isin(["ok", "—"]), text("published") + " (" + status + ")")
    table = pd.DataFrame({"file": m.get("file"), "status": m.get("status"), "reason": m.get("reason"),
                          "read as": read_as, "date": date, "outlet": text("outlet"),
                          "characters": m.get("characters"), "sentences": m.get("sentences")})
    return show(table, empty="The corpus folder is empty.")


def show_cleaning(corpus: Corpus):
    """Return the cleaning report (what was repaired, before and after) as a table."""
    r = cleaning_report(corpus.documents)
    if not r.empty:
        r = r.assign(doc_id=r["doc_id"].map(short_id)).rename(columns={"doc_id": "article"})
    return show(r, empty="No print-layout repair was needed in this corpus.")




#: The last corpus the changes page was computed for, and what it showed (computed once per corpus).
_CHANGES: list = []


def _changes(corpus: Corpus) -> dict:
    """:func:`changes.report` of *corpus* against the committed snapshot, computed once per corpus."""
    if not (_CHANGES and _CHANGES[0] is corpus):
        _CHANGES[:] = [corpus, changes.report(corpus, changes.load_snapshot())]
    return _CHANGES[1]


def show_changes_summary(corpus: Corpus):
    """Return one sentence: what changed since the assessed corpus (:mod:`analysis.book.changes`)."""
    return Markdown(_changes(corpus)["summary"])


def show_changed_articles(corpus: Corpus):
    """Return the articles added, removed or edited since the assessed corpus, as a table."""
    return show(_changes(corpus)["articles"], empty="No article was added, removed or edited.")


def show_changed_facts(corpus: Corpus):
    """Return the glued facts whose value changed since the assessed corpus (page, fact, old, new)."""
    return show(_changes(corpus)["facts"], raw_columns=("Page",), empty="No glued fact of the prose changed value.")


def show_judgment_changes(corpus: Corpus):
    """Return, per key judgment, the new claims and consistency findings on its indicators and the claims
    of the assessed corpus behind it that are gone."""
    return show(_changes(corpus)["judgments"], raw_columns=("New claims", "New findings"),
                empty="No key judgment has a new or withdrawn claim, nor a new consistency finding, on its indicators.")


def show_outlet_grades(corpus: Corpus):
    """Return the outlets of the corpus with their reliability grade (A–F) and the reason."""
    outlets = load_outlets()
    used = corpus.documents["outlet"].dropna().value_counts()
    table = outlets[outlets["outlet"].isin(used.index)][["outlet", "country", "type", "reliability", "grade_reason"]].copy()
    table.insert(1, "articles", table["outlet"].map(used).astype(int))
    table.columns = ["Outlet", "Articles", "Country", "Type", "Grade", "Why"]
    return show(table.reset_index(drop=True), empty="No outlet could be identified in this corpus.")


_COUNT = re.compile(r"\d+")


def _count_range(values: list[int]) -> str:
    lo, hi = min(values), max(values)
    return str(lo) if lo == hi else f"{lo:,}–{hi:,}"


def credibility_table(sources: pd.DataFrame) -> pd.DataFrame:
    """Return the claims' credibility grades (``Credibility``), their reasons (``Why``) and how many
    claims each has (``Claims``): one row per grade and wording of the reason, the source counts in it
    given as the range the claims span ("confirmed by 2–57 independent sources"), so the table has a
    row per rule, not per count of sources (2,265 rows at 5,000 generated articles before). Rows in
    grade order, then the reason's first wording in text order.

    >>> src = pd.DataFrame({"credibility": [1, 1, 1, 3], "credibility_reason": [
    ...     "confirmed by 3 independent sources", "confirmed by 12 independent sources",
    ...     "confirmed by 3 independent sources", "single source (at best 3)"]})
    >>> credibility_table(src).to_dict("records")  # doctest: +NORMALIZE_WHITESPACE
    [{'Credibility': 1, 'Why': 'confirmed by 3–12 independent sources', 'Claims': 3},
     {'Credibility': 3, 'Why': 'single source (at best 3)', 'Claims': 1}]
    """
    counts = sources.groupby(["credibility", "credibility_reason"]).size()
    rows: dict[tuple, dict] = {}
    for (grade, why), n in counts.items():
        words, numbers = _COUNT.split(why), [int(x) for x in _COUNT.findall(why)]
        row = rows.setdefault((grade, tuple(words)), {"numbers": [[] for _ in numbers], "claims": 0})
        for seen, x in zip(row["numbers"], numbers):
            seen.append(x)
        row["claims"] += int(n)
    return pd.DataFrame([
        {"Credibility": grade,
         "Why": "".join(w + (_count_range(row["numbers"][i]) if i < len(row["numbers"]) else "") for i, w in enumerate(words)),
         "Claims": row["claims"]}
        for (grade, words), row in rows.items()
    ], columns=["Credibility", "Why", "Claims"])


def show_credibility(corpus: Corpus):
    """Return the claims' credibility grades with their reasons and counts (:func:`credibility_table`)."""
    src = corpus.sources
    if src.empty:
        return show(src, empty="The corpus holds no quantitative claim to grade.")
    return show(credibility_table(src))


def _kind_and_period(kind: str, period: str) -> str:
    """ "actual, 2024" / "target, 2028" / "actual, period unresolved" for a register entry.

    >>> _kind_and_period("actual", "unresolved"), _kind_and_period("target", "2028")
    ('actual, period unresolved', 'target, 2028')
    """
    return f"{kind}, {'period ' if period == 'unresolved' else ''}{period}"


#: The register's last section: claims in none of the four tracks (trade totals, politics).
NO_TRACK = "No track"


def register_sections(claims: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """Return the register's sections in the book's order: (title, claims) for each of the four
    tracks with a claim, then ``No track`` for every other claim (cross-cutting or untracked)."""
    sections = [(TRACK_TITLES[t], claims[claims["track"] == t]) for t in TRACKS]
    sections.append((NO_TRACK, claims[~claims["track"].isin(TRACKS)]))
    return [(title, rows) for title, rows in sections if not rows.empty]


#: The register table's columns.
REGISTER_COLUMNS = ("Entry", "Figure", "Measures", "Whose figure", "Kind, period", "Stated by",
                    "Source (outlet, date)", "Grade", "Quote (original)")
#: The columns that hold Markdown built here (an anchored id, a link), not text to escape.
REGISTER_MARKDOWN = ("Entry", "Source (outlet, date)")


def _entry_cell(claim_id: str) -> str:
    """The register entry's id as a span carrying the claim's anchor (the chapters link to it)."""
    return f"[{escape_md(short_claim_id(claim_id))}]{{#{briefing.claim_anchor(claim_id)}}}"


def register_table(rows: pd.DataFrame, grades: pd.Series) -> pd.DataFrame:
    """Return one register row per claim of *rows* (columns :data:`REGISTER_COLUMNS`): the anchored
    entry id, the figure (with its qualifier, in reading units), what it measures, whose figure it is,
    kind and period, speaker, a link to the source (outlet, date), the grade (*grades*: claim_id →
    Admiralty grade) and the exact quote. The entry and source cells are Markdown; the rest is text."""
    labels = indicator_labels()

    def text(value, missing):
        return value if isinstance(value, str) and value else missing

    columns = (
        [_entry_cell(c) for c in rows["claim_id"]],
        [QUALIFIER_PREFIX.get(q, "") + format_value(v, u) for q, v, u in zip(rows["qualifier"], rows["value"], rows["unit"])],
        [labels.get(i, i) for i in rows["indicator"]],
        [text(s, "subject unclear") + ("" if b else " (not bilateral)") for s, b in zip(rows["subject"], rows["bilateral"])],
        [_kind_and_period(k, format_period(a, b)) for k, a, b in zip(rows["kind"], rows["period_start"], rows["period_end"])],
        [text(s, "unattributed") for s in rows["speaker"]],
        [briefing.source_link(d, f"{text(o, 'unknown outlet')}, {text(p, 'undated')}")
         for d, o, p in zip(rows["doc_id"], rows["outlet"], rows["published"])],
        [grades.get(c, "—") for c in rows["claim_id"]],
        list(rows["quote"]),
    )
    return pd.DataFrame(dict(zip(REGISTER_COLUMNS, columns)))


#: The register's pages, one per section, in the book's order: section key → page (notebook) name.
#: Each page holds one section's table, so that a large corpus's register is several pages of a
#: track each, not one page of every claim (issue 15: no page over ~2 MB at 5,000 articles).
REGISTER_PAGES = {**{t: f"register_{t}" for t in TRACKS}, "other": "register_other"}


def register_page_label(section: str) -> str:
    """The MyST label of a register page: ``register-energy`` … ``register-other``."""
    return "register-" + section


def register_section(claims: pd.DataFrame, section: str) -> pd.DataFrame:
    """The claims of one register page: those of the track *section*, or (``"other"``) those in no track."""
    if section not in REGISTER_PAGES:
        raise ValueError(f"unknown register section {section!r}: one of {', '.join(REGISTER_PAGES)}")
    return claims[claims["track"] == section] if section in TRACKS else claims[~claims["track"].isin(TRACKS)]


def show_register(corpus: Corpus, section: str | None = None):
    """Return the claims register as Markdown: one table with one anchored row per claim — its
    figure, what it measures, whose figure it is (marked when it does not measure
    Kazakhstan–Azerbaijan relations), kind and period, speaker, outlet and date, grade and the exact
    quote. With *section* (a key of :data:`REGISTER_PAGES`) the table of that register page; without,
    every section under its heading. In the HTML the tables are sortable and filterable
    (``book/_ext/datatables.py``); in the PDF they are plain long tables."""

    claims = corpus.claims
    grades = corpus.sources.set_index("claim_id")["grade"] if not corpus.sources.empty else pd.Series(dtype=str)
    if section is not None:
        rows = register_section(claims, section) if not claims.empty else claims
        if rows.empty:
            what = f"the {section} track" if section in TRACKS else "no track"
            return Markdown(f"*The corpus holds no quantitative claim in {what}.*")
        return Markdown(md_table(register_table(rows, grades), raw_columns=REGISTER_MARKDOWN, compact=True))
    if claims.empty:
        return Markdown("*The corpus holds no quantitative claim.*")
    parts = []
    for title, rows in register_sections(claims):
        table = md_table(register_table(rows, grades), raw_columns=REGISTER_MARKDOWN, compact=True)
        parts.append(f"## {escape_md(title)}\n\n{table}")
    return Markdown("\n\n".join(parts))


def show_register_index(corpus: Corpus):
    """Return the register's table of contents: one row per register page (section, link, claims)."""
    claims = corpus.claims
    rows = []
    for section in REGISTER_PAGES:
        title = TRACK_TITLES[section] if section in TRACKS else NO_TRACK
        n = len(register_section(claims, section)) if not claims.empty else 0
        rows.append({"Section": f"[{escape_md(title)}](#{register_page_label(section)})", "Claims": n})
    return show(pd.DataFrame(rows), raw_columns=("Section",))


def _known(value) -> str:
    """*value* when it is a non-empty string, else ''."""
    return value if isinstance(value, str) and value else ""


#: The sources appendix's columns: one row per article.
SOURCE_COLUMNS = ("Article", "Outlet", "Published", "Author", "Headline (else the opening words)", "Original", "File",
                  "Characters")


def _headline(d: dict, lead: str) -> str:
    """The article's headline from ``sources.csv``, else its first sentence (cut after 160 characters)."""
    headline = _known(d.get("headline"))
    if headline:
        return headline
    return lead if len(lead) <= 160 else lead[:157].rsplit(" ", 1)[0] + " …"


def sources_table(documents: pd.DataFrame, first_sentences: pd.Series) -> pd.DataFrame:
    """One row per loaded article (columns :data:`SOURCE_COLUMNS`): its short id carrying the anchor
    the claims link to, outlet, publication date, author, headline (else *first_sentences*: doc_id →
    its first sentence) and — where ``sources.csv`` gave them — a link to the original; then the file
    and its length; without any author or address known, those columns are left out. The article and
    original cells are Markdown; the rest is text."""
    rows = records(documents, ["doc_id", "file", "characters", "outlet", "published", "headline", "author", "url"])
    columns = (
        [f"[{escape_md(short_id(d['doc_id']))}]{{#{briefing.source_anchor(d['doc_id'])}}}" for d in rows],
        [_known(d.get("outlet")) or "unknown" for d in rows],
        [_known(d.get("published")) or "undated" for d in rows],
        [_known(d.get("author")) or "—" for d in rows],
        [f"«{_headline(d, str(first_sentences.get(d['doc_id'], '')))}»" for d in rows],
        [external_link("Original article", d.get("url")) if _known(d.get("url")) else "—" for d in rows],
        [d["file"] for d in rows],
        [int(d["characters"]) for d in rows],
    )
    table = pd.DataFrame(dict(zip(SOURCE_COLUMNS, columns)))
    # no sources.csv gave an author or an address: those columns would be a dash in every row
    return table.drop(columns=[c for c in ("Author", "Original") if (table[c] == "—").all()])


def show_sources(corpus: Corpus):
    """Return the bibliography of the corpus: a table of one anchored row per loaded article
    (:func:`sources_table`; sortable and filterable in the HTML, ``book/_ext/datatables.py``), then
    the files that were skipped or set aside as duplicates."""

    docs = corpus.documents
    first = corpus.sentences.groupby("doc_id")["text"].first()
    parts = []
    if not docs.empty:
        parts.append(md_table(sources_table(docs, first), raw_columns=("Article", "Original"), compact=True))
    other = corpus.manifest[corpus.manifest["status"] != "loaded"]
    if not other.empty:
        parts.append("### Files not used as articles")
        parts.extend(f"- {escape_md(r.file)}: {escape_md(r.status)} — {escape_md(r.reason)}" for r in other.itertuples(index=False))
    return Markdown("\n\n".join(parts) if parts else "*No article was loaded.*")
