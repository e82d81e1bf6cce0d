"""The ` date YYYY-MM-DD` header glued to an article's first sentence: parsed, validated, stripped."""

from __future__ import annotations

import re
from datetime import date

# --------------------------------------------------------------------------------------------
# Date header

# The value is a run of digits and separators (so "2025-12-15В посольстве" still splits) or, failing
# that, whatever non-space token follows ("None", or the article's first word if the value was empty).
_HEADER = re.compile(
    r"^[\ufeff\s]*date(?!\w)(?:[ \t]*[:=])?(?:[ \t]+(?P<value>\d[\d./\-]*(?:T[\d:.+\-Z]*)?|\S+))?[ \t]*\n?[ \t]*"
)
_TIME = re.compile(r"[ \t]+\d{1,2}:\d{2}(?::\d{2})?(?=\s|$)")
_NULL_VALUES = {"none", "null", "nan", "nat", "-", "—", "unknown", "n/a", "нет"}
_DATE_FORMATS = (
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:T[\d:.+\-Z]*)?"), ("y", "m", "d")),
    (re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})"), ("y", "m", "d")),
    (re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})"), ("d", "m", "y")),
)
#: Years outside this range are treated as invalid (a typo, not a date of this corpus).
YEAR_RANGE = (1900, 2100)


def _split_header(text: str) -> tuple[str | None, str, bool]:
    """Return ``(value, rest, has_header)``: the raw header value (None if empty) and the text after it."""
    m = _HEADER.match(text)
    if not m:
        return None, text, False
    value = m.group("value")
    if value is None:
        return None, text[m.end():], True
    if not any(ch.isdigit() for ch in value) and value.lower() not in _NULL_VALUES:
        # "date" followed by the first word of the article: the value was empty.
        start = m.start("value")
        return None, text[start:], True
    rest = text[m.end():]
    t = _TIME.match(text, m.end("value"))
    if t:
        rest = text[t.end():].lstrip(" \t\n")
    return value, rest, True


def _parse_date_value(value: str) -> str | None:
    for rx, order in _DATE_FORMATS:
        m = rx.fullmatch(value)
        if m:
            parts = dict(zip(order, map(int, m.groups())))
            if not YEAR_RANGE[0] <= parts["y"] <= YEAR_RANGE[1]:
                return None
            try:
                return date(parts["y"], parts["m"], parts["d"]).isoformat()
            except ValueError:
                return None
    return None


def parse_date_header(text: str) -> tuple[str | None, str, str]:
    """Return ``(published, date_status, text_without_header)`` for an article's decoded text.

    *published* is an ISO ``'YYYY-MM-DD'`` string or None; *date_status* is ``'ok'``,
    ``'missing'`` (no header, or an empty/``None`` value) or ``'invalid'`` (a value that is not a
    real date, e.g. ``2025-13-45``; it is stripped all the same). A BOM or blank lines before the
    header are tolerated. The header value is never guessed at or repaired.
    """
    value, rest, has_header = _split_header(text)
    if not has_header or value is None or value.lower() in _NULL_VALUES:
        return None, "missing", rest
    published = _parse_date_value(value)
    return (published, "ok", rest) if published else (None, "invalid", rest)


