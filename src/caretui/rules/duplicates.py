"""Find before you create (issue 12): people already on record who may be the new person.

A person is a likely duplicate when, strongest first:

1. the **NHS number** is the same (spaces and dashes do not count);
2. the **date of birth** is the same and the **name is similar**;
3. the **surname** is the same and so is the **postcode** (case and spaces do not count);
4. the new person's date of birth is only **estimated**, the year is the same, the
   surname is the same and the first name is similar.

Names are compared folded (``rules.names``: accents, case, apostrophes and hyphens do not
count). Two surnames are *alike* when they share a name word ("Smith-Jones" and "Smith"),
or when, written as one word, they differ by one letter (two once both are six letters or
longer): a letter added, dropped, changed, or two letters swapped ("Smyth", "Tomson",
"Mohammed"/"Muhammad"). Two first names are *alike* on the same terms, or when they start
with the same letter ("P" or "Pat" for "Patricia"). Names typed the wrong way round count
when each surname is alike the other's first name. Particles that many unrelated surnames
share ("de", "van", "al", the "o" of O'Brien) are not words of their own here.

A restricted person is listed like anyone else, flagged ``restricted``: the screen shows
only "Restricted record" and whom to ask. The reasons quote only what the practitioner
typed about the new person, so they tell nothing about a restricted record.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from caretui.rules.names import name_words, query_words, sort_key
from caretui.rules.validation import format_nhs_number
from caretui.rules.wording import blank, day_month_year

PARTICLES = frozenset(
    {"o", "d", "l", "de", "da", "di", "du", "del", "della", "der", "den", "van", "von", "la"}
    | {"le", "al", "el", "bin", "bint", "ben", "st", "mac", "mc", "ap", "ter"}
)


@dataclass(frozen=True)
class NewPerson:
    """What has been typed about the person before the record is created."""

    first_name: str
    last_name: str
    date_of_birth: date | None = None
    dob_estimated: bool = False
    nhs_number: str = ""
    postcode: str = ""


@dataclass(frozen=True)
class ExistingPerson:
    """A person on record, as the store's duplicate lookups return them."""

    id: int
    first_name: str
    last_name: str
    date_of_birth: date | None = None
    nhs_number: str = ""
    postcode: str = ""
    restricted: bool = False


class MatchReason(StrEnum):
    NHS_NUMBER = "nhs_number"
    BIRTH_AND_NAME = "birth_and_name"
    SURNAME_AND_POSTCODE = "surname_and_postcode"
    BIRTH_YEAR_AND_NAME = "birth_year_and_name"

    @property
    def weight(self) -> int:
        """How strongly the reason points to the same person; reasons add up."""
        return {
            "nhs_number": 8,
            "birth_and_name": 4,
            "surname_and_postcode": 2,
            "birth_year_and_name": 1,
        }[self.value]


@dataclass(frozen=True)
class DuplicateCandidate:
    person: ExistingPerson
    reasons: tuple[MatchReason, ...]
    because: tuple[str, ...]
    """The reasons in words, strongest first, e.g. 'same NHS number (943 476 5919)'."""
    different_nhs_number: bool = False

    @property
    def id(self) -> int:
        return self.person.id

    @property
    def restricted(self) -> bool:
        return self.person.restricted

    @property
    def strength(self) -> int:
        return sum(reason.weight for reason in self.reasons)

    @property
    def sentence(self) -> str:
        """'Same NHS number (943 476 5919); same surname and postcode (WF1 2AB).'"""
        text = "; ".join(self.because)
        if self.different_nhs_number:
            text += "; but a different NHS number"
        return text[:1].upper() + text[1:] + "."


# --- normalising what is typed ----------------------------------------------------------------


def normalise_nhs_number(text: str) -> str:
    """The NHS number's characters without spaces or dashes ('943 476 5919' -> '9434765919')."""
    return re.sub(r"[\s\-]", "", text or "")


def normalise_postcode(text: str) -> str:
    """Upper case with one space before the last three characters ('wf12ab' -> 'WF1 2AB')."""
    compact = re.sub(r"\s", "", text or "").upper()
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) > 3 else compact


# --- names -------------------------------------------------------------------------------------


def _words(name: str) -> frozenset[str]:
    """A name's folded words without particles (all of them if the name is only particles)."""
    words = name_words(name)
    kept = {w for w in words if w not in PARTICLES}
    return frozenset(kept or words)


def _joined(name: str) -> str:
    return "".join(query_words(name))


def _within_edits(a: str, b: str, limit: int) -> bool:
    """True when a and b differ by at most ``limit`` letters added, dropped, changed or swapped.

    Optimal string alignment distance, stopped as soon as a row exceeds the limit.
    """
    if abs(len(a) - len(b)) > limit:
        return False
    before: list[int] = []
    row = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            current[j] = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > limit:
            return False
        before, row = row, current
    return row[-1] <= limit


def _spelt_alike(a: str, b: str) -> bool:
    one, other = _joined(a), _joined(b)
    if not one or not other:
        return False
    limit = 1 if min(len(one), len(other)) <= 5 else 2
    return _within_edits(one, other, limit)


def same_surname(a: str, b: str) -> bool:
    """The two surnames share a name word (folded, particles aside)."""
    return bool(_words(a) & _words(b))


def surnames_alike(a: str, b: str) -> bool:
    """The same surname, or one spelt a letter or two differently."""
    return same_surname(a, b) or _spelt_alike(a, b)


def first_names_alike(a: str, b: str) -> bool:
    """Alike as surnames are, or starting with the same letter ('P', 'Pat', 'Patricia')."""
    one, other = _joined(a), _joined(b)
    return bool(one and other) and (one[0] == other[0] or surnames_alike(a, b))


def names_alike(first_a: str, last_a: str, first_b: str, last_b: str) -> bool:
    """Whether two people's names are similar enough to be one person's (see the module)."""
    in_order = surnames_alike(last_a, last_b) and first_names_alike(first_a, first_b)
    swapped = surnames_alike(first_a, last_b) and surnames_alike(last_a, first_b)
    return in_order or swapped


# --- the check ---------------------------------------------------------------------------------


def _reasons(new: NewPerson, old: ExistingPerson) -> list[tuple[MatchReason, str]]:
    found: list[tuple[MatchReason, str]] = []
    nhs = normalise_nhs_number(new.nhs_number)
    if nhs and nhs == normalise_nhs_number(old.nhs_number):
        found.append((MatchReason.NHS_NUMBER, f"same NHS number ({format_nhs_number(nhs)})"))
    born, was_born = new.date_of_birth, old.date_of_birth
    if born and was_born:
        alike = names_alike(new.first_name, new.last_name, old.first_name, old.last_name)
        if not new.dob_estimated and born == was_born and alike:
            found.append(
                (
                    MatchReason.BIRTH_AND_NAME,
                    f"same date of birth ({day_month_year(born)}) and a similar name",
                )
            )
        elif (
            new.dob_estimated
            and born.year == was_born.year
            and same_surname(new.last_name, old.last_name)
            and first_names_alike(new.first_name, old.first_name)
        ):
            found.append(
                (
                    MatchReason.BIRTH_YEAR_AND_NAME,
                    f"born in {born.year} (the estimated year), same surname, similar first name",
                )
            )
    postcode = normalise_postcode(new.postcode)
    if (
        postcode
        and postcode == normalise_postcode(old.postcode)
        and same_surname(new.last_name, old.last_name)
    ):
        found.append((MatchReason.SURNAME_AND_POSTCODE, f"same surname and postcode ({postcode})"))
    return found


def likely_duplicates(
    new: NewPerson, existing: Iterable[ExistingPerson]
) -> list[DuplicateCandidate]:
    """The people on record who may be ``new``, most likely first, each with why."""
    nhs = normalise_nhs_number(new.nhs_number)
    out: dict[int, DuplicateCandidate] = {}
    for old in existing:
        found = _reasons(new, old)
        if not found or old.id in out:
            continue
        found.sort(key=lambda pair: -pair[0].weight)
        other_nhs = normalise_nhs_number(old.nhs_number)
        out[old.id] = DuplicateCandidate(
            person=old,
            reasons=tuple(reason for reason, _ in found),
            because=tuple(words for _, words in found),
            different_nhs_number=bool(nhs and other_nhs and nhs != other_nhs),
        )
    return sorted(
        out.values(),
        key=lambda c: (-c.strength, sort_key(c.person.first_name, c.person.last_name), c.id),
    )


def override_problems(candidates: Sequence[DuplicateCandidate], reason: str) -> dict[str, str]:
    """Creating a new record despite likely duplicates needs a reason, which is recorded."""
    if not candidates or not blank(reason):
        return {}
    count = len(candidates)
    who = "1 person on record" if count == 1 else f"{count} people on record"
    return {
        "duplicate_reason": (
            f"{who} may be this person. Open the record that is theirs, or say why a new "
            "record is needed (the reason is kept)."
        )
    }


# --- what the store must look up ---------------------------------------------------------------


@dataclass(frozen=True)
class DuplicateLookups:
    """The indexed lookups that find every possible duplicate of one new person.

    - ``nhs_number``: people with this NHS number (``ix_person_nhs``);
    - ``date_of_birth``: people born that day (``ix_person_dob``; a day holds a handful);
    - ``surname_words``: people with one of these name words (the name index,
      ``person_name_word``), kept only when they live at ``postcode`` or, for an estimated
      date of birth, were born between ``born_from`` and ``born_to``.

    Empty fields mean no such lookup; pass everything found to :func:`likely_duplicates`.
    """

    nhs_number: str = ""
    date_of_birth: date | None = None
    surname_words: tuple[str, ...] = ()
    postcode: str = ""
    born_from: date | None = None
    born_to: date | None = None

    @property
    def empty(self) -> bool:
        return not (self.nhs_number or self.date_of_birth or self.surname_words)


def duplicate_lookups(new: NewPerson) -> DuplicateLookups:
    """What to look up for ``new``: only what was typed, normalised as the store keeps it."""
    born = new.date_of_birth
    exact = born if born and not new.dob_estimated else None
    year = born.year if born and new.dob_estimated else None
    postcode = normalise_postcode(new.postcode)
    words = tuple(sorted(_words(new.last_name))) if (postcode or year) else ()
    return DuplicateLookups(
        nhs_number=normalise_nhs_number(new.nhs_number),
        date_of_birth=exact,
        surname_words=words,
        postcode=postcode if words else "",
        born_from=date(year, 1, 1) if year and words else None,
        born_to=date(year, 12, 31) if year and words else None,
    )
