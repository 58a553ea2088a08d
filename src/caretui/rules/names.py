"""Name words for person search (P1): what a practitioner types to find someone.

Names are folded to plain lower-case letters, so "Zoë", "zoe" and "ZOE" are the same
word, "O'Brien" is found by "obrien", "o'b" and "brien", and "Smith-Jones" by "smith",
"jones" or "smithjones". Only the letters a-z are kept: the store compares words as
ranges ("pat" up to "pau"), which sorts the same way under every database collation
only for such plain words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

# Letters that do not decompose into a base letter plus an accent.
_SPECIAL = str.maketrans(
    {"ł": "l", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}
)
_NOT_LETTER = re.compile(r"[^a-z]+")
MAX_WORD = 40


def fold(text: str) -> str:
    """Lower case, accents removed, special letters spelled out: 'Zoë Łukasz' -> 'zoe lukasz'."""
    lowered = text.lower().translate(_SPECIAL)
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def name_words(*names: str) -> set[str]:
    """Every word a person may be found by, from their first, last and preferred names."""
    words: set[str] = set()
    for name in names:
        for chunk in fold(name).split():
            joined = _NOT_LETTER.sub("", chunk)[:MAX_WORD]
            if joined:
                words.add(joined)
            parts = [p for p in _NOT_LETTER.split(chunk) if p]
            if len(parts) > 1:
                words.update(p[:MAX_WORD] for p in parts)
    return words


def query_words(text: str) -> list[str]:
    """The words typed into a search box, folded as :func:`name_words` folds names."""
    out = []
    for chunk in fold(text).split():
        word = _NOT_LETTER.sub("", chunk)[:MAX_WORD]
        if word and word not in out:
            out.append(word)
    return out


def sort_key(first_name: str, last_name: str) -> str:
    """Surname then forename, folded: how a list of namesakes is ordered."""
    return f"{' '.join(query_words(last_name))} {' '.join(query_words(first_name))}"[:120]


def after_prefix(word: str) -> str | None:
    """The first word that no longer starts with ``word`` ('pat' -> 'pau', 'paz' -> 'pb').

    None when every later word starts with it ('zz'): the range is then open-ended.
    """
    trimmed = word.rstrip("z")
    if not trimmed:
        return None
    return trimmed[:-1] + chr(ord(trimmed[-1]) + 1)


# --- what a search box's text means ----------------------------------------------------------

_ID = re.compile(r"^([#pc]?)\s*(\d{1,9})$")
_DIGITS_AND_SPACES = re.compile(r"^[\d\s-]+$")


@dataclass(frozen=True)
class SearchTerms:
    """How typed text is read: ``kind`` is name, person, case, dob, nhs, postcode, partial or
    empty."""

    kind: str
    words: tuple[str, ...] = ()
    number: int | None = None
    nhs: str = ""
    born: date | None = None
    postcode: str = ""
    hint: str = ""


def read_search(text: str) -> SearchTerms:
    """Read a search box as a name, a person or case ID, an NHS number or a date of birth.

    "pat jon" is two name prefixes; "P123", "#123" and "123" a person ID ("C45" a case);
    ten digits an NHS number (spaces allowed); 12/03/1948, 1948-03-12 or 12 Mar 1948 a
    date of birth; a whole UK postcode (wf1 2ab, WF12AB) the people living there. Anything
    with digits that is none of these yet (a date half typed) finds nobody and says what to
    finish.
    """
    raw = " ".join(text.split()).lower()
    if not raw:
        return SearchTerms("empty", hint="Type a name, an ID, a date of birth or an NHS number.")
    if m := _ID.match(raw):
        kind = "case" if m[1] == "c" else "person"
        return SearchTerms(kind, number=int(m[2]))
    if _DIGITS_AND_SPACES.match(raw):
        digits = re.sub(r"\D", "", raw)
        if len(digits) == 10:
            return SearchTerms("nhs", nhs=digits)
    if any(ch.isdigit() for ch in raw):
        from caretui.rules.validation import ValidationError, check_postcode, parse_date

        if any(ch.isalpha() for ch in raw):
            try:
                return SearchTerms("postcode", postcode=check_postcode(raw))
            except ValidationError:
                pass  # a date such as 12 Mar 1948, or half of one

        try:
            return SearchTerms("dob", born=parse_date(raw, today=date(2000, 1, 1)))
        except ValidationError as exc:
            message = str(exc)
            if "not a real date" not in message and "check the year" not in message:
                message = (
                    "Keep typing: a date of birth in full (12/03/1948, 1948-03-12 or "
                    "12 Mar 1948), an NHS number (10 digits) or a whole postcode (WF1 2AB)."
                )
            return SearchTerms("partial", hint=message)
    words = query_words(raw)
    if not words:
        return SearchTerms("empty", hint="Type a name, an ID, a date of birth or an NHS number.")
    return SearchTerms("name", words=tuple(words[:4]))
