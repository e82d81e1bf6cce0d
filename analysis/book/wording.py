"""Small wording helpers for generated prose: counts with their nouns, numbers as words, lists.

Generated sentences go through these so that the book never prints "1 target(s)" or "1 of 3
figures have".
"""

from __future__ import annotations

_NUMBER_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight",
                 9: "nine", 10: "ten", 11: "eleven", 12: "twelve"}


def number_word(n: int) -> str:
    """'two' for 2 (up to twelve), else the digits.

    >>> number_word(2), number_word(14)
    ('two', '14')
    """
    return _NUMBER_WORDS.get(int(n), str(int(n)))


def plural(n: int, noun: str, plural_form: str | None = None) -> str:
    """'1 target', '2 targets' (a noun with its count, properly inflected).

    >>> plural(1, "target"), plural(2, "target"), plural(2, "figure has", "figures have")
    ('1 target', '2 targets', '2 figures have')
    """
    return f"{n} {noun if n == 1 else (plural_form or noun + 's')}"


def join_words(items) -> str:
    """'a', 'a and b', 'a, b and c'.

    >>> join_words(["Aktau"]), join_words(["Aktau", "Alyat"]), join_words(["a", "b", "c"])
    ('Aktau', 'Aktau and Alyat', 'a, b and c')
    """
    items = [str(i) for i in items]
    if len(items) <= 1:
        return items[0] if items else ""
    return ", ".join(items[:-1]) + " and " + items[-1]
