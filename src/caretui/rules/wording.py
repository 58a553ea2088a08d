"""Small helpers the front-door rules share: reading a choice, saying a date, a blank answer."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Self, TypeVar

E = TypeVar("E", bound=StrEnum)


class Choice(StrEnum):
    """An option list whose members carry their words: ``NAME = "stored value", "Label"``.

    The value is what the store holds; the label what a practitioner reads (by default
    the value in words: "waiting_list" reads "Waiting list").
    """

    label: str

    def __new__(cls, value: str, label: str = "") -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label or value.replace("_", " ").capitalize()
        return member


def as_member(kind: type[E], value: object) -> E | None:
    """The option ``value`` names (its stored value or its label, any case or spacing), or None.

    Screens hand over what was chosen as text; an unknown or blank answer is None, so the
    caller says "choose ..." rather than failing.
    """
    if isinstance(value, kind):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    wanted = squash(value)
    if not wanted:
        return None
    for member in kind:
        if wanted in (squash(member.value), squash(str(getattr(member, "label", "")))):
            return member
    return None


def squash(text: str) -> str:
    """Letters and digits only, lower case: how two spellings of one option are compared.

    'NFA - 100% NHS-funded care' and 'nfa 100% nhs funded care' squash alike, as do
    'Community/Other route' and 'community / other route'.
    """
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def blank(text: str | None) -> bool:
    """True for an answer left empty or only spaces."""
    return not (text or "").strip()


def day_month_year(day: date) -> str:
    """A date as a practitioner reads it aloud: 3 Mar 2026 (no leading zero)."""
    return f"{day.day} {day:%b %Y}"


def a_or_an(phrase: str) -> str:
    """ "a Case Note", "an Occupational Therapy Review": the article by the first sound,
    taken as the first letter (a vowel), which fits every name caretui uses."""
    return f"{'an' if phrase[:1].lower() in 'aeiou' else 'a'} {phrase}"


def plural(count: int, word: str) -> str:
    """'1 day', '12 days'."""
    return f"{count} {word}{'s' * (count != 1)}"


def listed(words: list[str]) -> str:
    """'Subject', 'Subject and Notes', 'Subject, Notes and Status'."""
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"
