"""Name words for person search (P1): what a practitioner types to find someone.

Names in every script are found. A name is folded the same way when it is saved and
when it is typed, so that what a keyboard may spell differently counts as the same:

- compatibility forms and case are folded (NFKC, then case folding): "ＺＯＥ", "Zoe" and
  "zoe" are one word, as are "ß" and "ss", "ς" and "σ";
- accents are dropped where a name is found without them: Latin, Greek and Cyrillic
  diacritics ("Zoë" = "zoe", "Łukasz" = "lukasz", "İpek" = "ipek"), Hebrew points and
  Arabic vowel marks and hamza seats ("مُحَمَّد" = "محمد", "أحمد" = "احمد"); the letters
  Arabic and Urdu keyboards type differently (ك/ک, ي/ى/ی, ہ/ه) are one letter;
- the vowel signs and viramas of Bengali, Devanagari, Gurmukhi and the other scripts that
  spell with combining marks are kept: they are letters there, not accents;
- invisible joiners and direction marks (copied with right-to-left names), the Arabic
  kashida and emoji variation selectors are dropped.

A word is a run of letters (and of the marks kept on them); anything else in a name,
punctuation, digits, symbols or emoji, joins or splits words: "O'Brien" is found by
"obrien", "o'b" and "brien", "Smith-Jones" by "smith", "jones" or "smithjones", and an
emoji is indexed as nothing. Chinese and Japanese names, written without spaces, are one
word, found by any beginning of it.

The store compares words as ranges ("pat" up to "pau"): :func:`after_prefix` works on
code points, so the store keeps the word column in code-point (binary) order under every
database collation (``COLLATE "C"`` on PostgreSQL; SQLite compares bytes already).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

MAX_WORD = 40
MAX_CODE_POINT = 0x10FFFF
TOP_OF_WORDS = chr(MAX_CODE_POINT)
"""Above every name word (no word holds this noncharacter): an open-ended range's end."""

# Letters that do not decompose into a base letter plus an accent, and the Arabic-script
# letters Arabic, Persian and Urdu keyboards type as different code points.
_SPECIAL = {
    "ł": "l",
    "ø": "o",
    "æ": "ae",
    "œ": "oe",
    "ß": "ss",
    "đ": "d",
    "ð": "d",
    "þ": "th",
    "ı": "i",
    "ħ": "h",
    "ŧ": "t",
    "\u0643": "\u06a9",  # Arabic kaf -> keheh (Urdu, Persian)
    "\u064a": "\u06cc",  # Arabic yeh -> Farsi yeh
    "\u0649": "\u06cc",  # alef maksura -> Farsi yeh
    "\u06c1": "\u0647",  # Urdu heh goal -> heh
}

# Combining marks that are accents: dropped. Marks outside these blocks (Indic vowel
# signs and viramas, Thai vowels, the kana voicing marks, ...) are part of the spelling.
_ACCENT_BLOCKS = (
    (0x0300, 0x036F),  # combining diacritical marks (Latin, Greek, Cyrillic)
    (0x0483, 0x0489),  # Cyrillic
    (0x0591, 0x05C7),  # Hebrew cantillation and points (niqqud)
    (0x0610, 0x061A),  # Arabic honorifics and small letters
    (0x064B, 0x065F),  # Arabic harakat, shadda, sukun, hamza above and below
    (0x0670, 0x0670),  # Arabic superscript alef
    (0x06D6, 0x06ED),  # Quranic annotation marks
    (0x0711, 0x0711),  # Syriac superscript alaph
    (0x0730, 0x074A),  # Syriac vowels
    (0x07EB, 0x07F3),  # N'Ko tone marks
    (0x0898, 0x08FF),  # Arabic extended marks
    (0x1AB0, 0x1AFF),  # combining diacritical marks extended
    (0x1DC0, 0x1DFF),  # combining diacritical marks supplement
    (0x20D0, 0x20FF),  # combining marks for symbols (the emoji keycap)
    (0xFB1E, 0xFB1E),  # Hebrew point judeo-spanish varika
    (0xFE20, 0xFE2F),  # combining half marks
)
# Format characters that are not letters, yet sit inside names as typed or copied: the
# zero-width space and soft hyphen split words as a hyphen does; other format characters
# (joiners, direction marks) are dropped.
_SEPARATING_FORMAT = frozenset({0x00AD, 0x200B})
_DROPPED = frozenset(
    {
        0x0640,  # Arabic tatweel (kashida): stretches a word, spells nothing
        0x115F,  # Hangul fillers: invisible
        0x1160,
        0x3164,
        0xFFA0,
    }
)


def _is_variation_selector(cp: int) -> bool:
    return 0xFE00 <= cp <= 0xFE0F or 0xE0100 <= cp <= 0xE01EF


def _is_accent(cp: int) -> bool:
    return any(low <= cp <= high for low, high in _ACCENT_BLOCKS)


def _folded_char(cp: int) -> str | None:
    """What one code point of case-folded, decomposed text becomes (None: dropped)."""
    ch = chr(cp)
    category = unicodedata.category(ch)
    if cp in _DROPPED or _is_variation_selector(cp):
        return None
    if category == "Cf":
        return "-" if cp in _SEPARATING_FORMAT else None
    if category[0] == "M" and _is_accent(cp):
        return None
    return _SPECIAL.get(ch, ch)


def _in_word(ch: str) -> bool:
    """Whether a character of folded text is part of a word: a letter of any script, or a
    mark kept on one. Modifier letters such as ʼ and ʻ are apostrophes here."""
    category = unicodedata.category(ch)
    if category[0] == "L":
        return not (category == "Lm" and 0x02B0 <= ord(ch) <= 0x02FF)
    return category[0] == "M"


class _Table(dict[int, "str | None"]):
    """A ``str.translate`` table filled the first time each code point is met."""

    def __init__(self, rule: Callable[[int], str | None]) -> None:
        super().__init__()
        self.rule = rule

    def __missing__(self, cp: int) -> str | None:
        value = self.rule(cp)
        self[cp] = value
        return value


_FOLD = _Table(_folded_char)
_GAP = "\x00"
_WORD_GAPS = _Table(lambda cp: chr(cp) if _in_word(chr(cp)) else _GAP)
_NOT_LETTER = re.compile(r"[^a-z]+")


def fold(text: str) -> str:
    """Text as it is compared: case and compatibility forms folded, accents removed,
    special letters spelled out ('Zoë Łukasz' -> 'zoe lukasz', 'أحمد' -> 'احمد').
    Characters that are not letters stay, except the invisible ones."""
    if text.isascii():
        return text.lower()
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = unicodedata.normalize("NFKD", folded).translate(_FOLD)
    return unicodedata.normalize("NFC", folded)


def _parts(chunk: str) -> list[str]:
    """The runs of letters in one folded, space-free chunk of a name."""
    if chunk.isascii():
        return [p for p in _NOT_LETTER.split(chunk) if p]
    parts = []
    for part in chunk.translate(_WORD_GAPS).split(_GAP):
        # A mark with no letter before it (a stray vowel sign) belongs to nothing.
        while part and unicodedata.category(part[0])[0] == "M":
            part = part[1:]
        if part:
            parts.append(part)
    return parts


def _chunk_words(chunk: str) -> tuple[str, list[str]]:
    """(the chunk's letters joined, its runs of letters), each cut to MAX_WORD."""
    parts = _parts(chunk)
    return "".join(parts)[:MAX_WORD], [p[:MAX_WORD] for p in parts]


def name_words(*names: str) -> set[str]:
    """Every word a person may be found by, from their first, last and preferred names."""
    words: set[str] = set()
    for name in names:
        for chunk in fold(name).split():
            joined, parts = _chunk_words(chunk)
            if joined:
                words.add(joined)
            if len(parts) > 1:
                words.update(parts)
    return words


def query_words(text: str) -> list[str]:
    """The words typed into a search box, folded as :func:`name_words` folds names."""
    out = []
    for chunk in fold(text).split():
        word, _parts_of_it = _chunk_words(chunk)
        if word and word not in out:
            out.append(word)
    return out


def name_key(name: str) -> str:
    """A name's words, folded, for ordering people by it (``person.last_name_key``)."""
    return " ".join(query_words(name))[:80]


def sort_key(first_name: str, last_name: str) -> str:
    """Surname then forename, folded: how a list of namesakes is ordered."""
    return f"{' '.join(query_words(last_name))} {' '.join(query_words(first_name))}"[:120]


def after_prefix(word: str) -> str | None:
    """The first string past every word that starts with ``word``, in code-point order
    ('pat' -> 'pau', 'مر' -> 'مز'): the last code point that can grow is incremented.

    None when no string is past them (``word`` is all U+10FFFF): the range is open-ended
    (:data:`TOP_OF_WORDS` closes it for a store).
    """
    kept = word
    while kept:
        following = ord(kept[-1]) + 1
        if 0xD800 <= following <= 0xDFFF:  # surrogates cannot be stored: skip them
            following = 0xE000
        if following <= MAX_CODE_POINT:
            return kept[:-1] + chr(following)
        kept = kept[:-1]
    return None


# --- what a search box's text means ----------------------------------------------------------

_ID = re.compile(r"^(#|p|c|person|case)?\s*(\d{1,9})$")
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

    "pat jon" is two name prefixes; "P123", "#123", "person 123" and "123" a person ID
    ("C45" or "case 45" a case);
    ten digits an NHS number (spaces allowed); 12/03/1948, 1948-03-12 or 12 Mar 1948 a
    date of birth; a whole UK postcode (wf1 2ab, WF12AB) the people living there. Anything
    with digits that is none of these yet (a date half typed) finds nobody and says what to
    finish.
    """
    raw = " ".join(fold(text).split())
    if not raw:
        return SearchTerms("empty", hint="Type a name, an ID, a date of birth or an NHS number.")
    if m := _ID.match(raw):
        kind = "case" if m[1] in ("c", "case") else "person"
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
