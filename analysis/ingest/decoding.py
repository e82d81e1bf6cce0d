"""Bytes to text: BOMs, UTF-8 and the legacy Cyrillic code pages; files that hold no article are skipped with a reason."""

from __future__ import annotations

import codecs
import re


class SkipFile(ValueError):
    """Raised by :func:`decode_bytes` for a file that holds no article; ``reason`` goes to the manifest."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason



# --------------------------------------------------------------------------------------------
# Decoding

# When charset-normalizer's pick decodes to the same text as one of these, report that name: the
# Cyrillic code pages agree on Russian letters, and "cp1251" is what a reader expects to see.
_PREFERRED_CODECS = ("cp1251", "koi8-r", "cp866", "mac-cyrillic", "iso8859-5", "koi8-u")
_UTF16_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_NEWLINES = re.compile(r"\r\n?")
_GOOD_CHARS = re.compile(r"[а-яёәғқңөұүһі\x20-\x7e\s«»„“”–—…№°’‘]")
_CYR_UPPER = re.compile(r"[А-ЯЁӘҒҚҢӨҰҮҺІ]")
#: Share of "ordinary" characters (lower-case Cyrillic, ASCII, whitespace, common punctuation) a
#: decoding needs to count as text: Russian prose scores ≈ 0.95, mojibake and binary far lower.
PLAUSIBLE_TEXT = 0.75


def _plausibility(text: str) -> float:
    """Share of ordinary characters in *text* (sampled: first and last 20,000 characters).

    Capital Cyrillic letters count half: prose is mostly lower case, while a KOI8-R text read as
    cp1251 (or the reverse) swaps the cases.
    """
    sample = text if len(text) <= 40_000 else text[:20_000] + text[-20_000:]
    if not sample:
        return 0.0
    return (len(_GOOD_CHARS.findall(sample)) + 0.5 * len(_CYR_UPPER.findall(sample))) / len(sample)


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _control_share(text: str) -> float:
    """Share of control characters (other than tab, newlines, form feed) in the first 20,000 characters."""
    sample = text[:20_000]
    return len(_CONTROL.findall(sample)) / len(sample) if sample else 0.0


def _codec_name(data: bytes, text: str, guess: str) -> str:
    for name in _PREFERRED_CODECS:
        try:
            if data.decode(name) == text:
                return name
        except UnicodeDecodeError:
            continue
    try:
        return codecs.lookup(guess).name
    except LookupError:
        return guess


def _decode(data: bytes) -> tuple[str, str, str]:
    """Return ``(text, encoding, note)``; *note* is non-empty when characters had to be replaced."""
    if not data.strip(b" \t\r\n\x0b\x0c"):
        raise SkipFile("empty file")
    note = ""
    if data.startswith(codecs.BOM_UTF8):
        body = data[len(codecs.BOM_UTF8):]
        try:
            text, enc = body.decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            text, enc = body.decode("utf-8", "replace"), "utf-8-sig"
            note = f"{text.count(chr(0xFFFD))} invalid UTF-8 byte(s) replaced"
    elif data.startswith(_UTF16_BOMS):
        enc = "utf-32" if data.startswith(_UTF16_BOMS[:2]) else "utf-16"
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            raise SkipFile("binary (not text)") from None
    elif b"\x00" in data:
        raise SkipFile("binary (not text)")
    else:
        try:
            text, enc = data.decode("utf-8"), "utf-8"  # the fast path: almost every file
        except UnicodeDecodeError:
            text, enc, note = _decode_legacy(data)
    text = _NEWLINES.sub("\n", text).lstrip("\ufeff")
    if not text.strip():
        raise SkipFile("empty file")
    if _control_share(text) > 0.01:
        raise SkipFile("binary (not text)")
    return text, enc, note


def _decode_legacy(data: bytes) -> tuple[str, str, str]:
    lenient = data.decode("utf-8", "replace")
    bad = lenient.count("\ufffd")
    multibyte = sum(1 for c in lenient if ord(c) > 127) - bad
    # A UTF-8 file with a few corrupt bytes: keep it UTF-8 rather than let a code page garble
    # every Cyrillic letter.
    if bad <= max(2, len(lenient) // 1000) and multibyte >= 10 * bad:
        return lenient, "utf-8", f"{bad} invalid UTF-8 byte(s) replaced"
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    candidates: list[tuple[str, str]] = []
    if best is not None:
        candidates.append((str(best), best.encoding))
    text, enc = (candidates[0] if candidates else ("", ""))
    if not candidates or _plausibility(text) < PLAUSIBLE_TEXT:
        # charset-normalizer can misfire on short texts (koi8-r read as shift_jis): try the Cyrillic
        # code pages and keep the most plausible decoding.
        for name in _PREFERRED_CODECS:
            try:
                candidates.append((data.decode(name), name))
            except UnicodeDecodeError:
                pass
        if not candidates:
            raise SkipFile("binary (not text)")
        text, enc = max(candidates, key=lambda c: _plausibility(c[0]))
        if _plausibility(text) < PLAUSIBLE_TEXT:
            if best is None:
                raise SkipFile("binary (not text)")
            # charset-normalizer saw text, but nothing reads as ordinary prose (e.g. all capitals)
            text, enc = str(best), best.encoding
            name = _codec_name(data, text, enc)
            return text, name, f"encoding uncertain (read as {name})"
    return text, _codec_name(data, text, enc), ""


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)`` for a file's bytes: text with ``\\n`` line ends and no BOM.

    *encoding* is a Python codec name: ``'utf-8'``, ``'utf-8-sig'``, ``'cp1251'``, ``'koi8-r'``,
    ``'cp866'``, … Raises :class:`SkipFile` (reason ``'empty file'`` or ``'binary (not text)'``).
    """
    text, enc, _ = _decode(data)
    return text, enc


