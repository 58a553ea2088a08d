"""Two people edited one record: what each changed, and the values to save once chosen.

When a save is refused because someone else saved first (``StaleRecord``), nothing typed
is thrown away and nothing they saved is overwritten unseen. The record as it was opened
(``base``), as they saved it (``theirs``) and as typed (``yours``) are compared field by
field; only fields where theirs and yours now differ are shown. A field only one side
changed starts with that side's value; a field both changed (a clash) waits for the
practitioner to choose theirs, yours, or (for free text) both, theirs first.

Plain values in, plain values out: the screen that shows the choice and the op that
saves the result live elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from caretui.rules.errors import PracticeError


class Choice(StrEnum):
    """Which value of a changed field to save."""

    THEIRS = "theirs"
    YOURS = "yours"
    BOTH = "both"


@dataclass(frozen=True)
class ConflictField:
    """One field of a record that can be compared.

    ``joinable`` marks free text where keeping both makes sense (notes, an outcome);
    ``multiline`` text is shown a line at a time in the overview; ``show`` says a value
    in words (a date as dd/mm/yyyy, a team id as its name).
    """

    key: str
    label: str
    joinable: bool = False
    multiline: bool = False
    show: Callable[[Any], str] | None = None

    def text(self, value: Any) -> str:
        """``value`` as the practitioner reads it; a blank value is the empty string."""
        if _blank(value):
            return ""
        if self.show is not None:
            return self.show(value)
        return str(value)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def normalised(value: Any) -> Any:
    """``value`` as compared: None and blank text alike, text without trailing spaces.

    Spaces at the end of a line are invisible, so a field whose only difference is one
    is not a change anyone made on purpose.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return "\n".join(line.rstrip() for line in value.rstrip().split("\n"))
    return value


def same(a: Any, b: Any) -> bool:
    return bool(normalised(a) == normalised(b))


@dataclass(frozen=True)
class FieldChange:
    """One field as it was opened (``base``), as they saved it and as you typed it."""

    field: ConflictField
    base: Any
    theirs: Any
    yours: Any

    @property
    def key(self) -> str:
        return self.field.key

    @property
    def label(self) -> str:
        return self.field.label

    @property
    def they_changed(self) -> bool:
        return not same(self.theirs, self.base)

    @property
    def you_changed(self) -> bool:
        return not same(self.yours, self.base)

    @property
    def differs(self) -> bool:
        return not same(self.theirs, self.yours)

    @property
    def clash(self) -> bool:
        """Both of you changed the field, each differently: only a person can choose."""
        return self.they_changed and self.you_changed and self.differs

    @property
    def can_join(self) -> bool:
        """Keeping both is offered for free text only."""
        return self.field.joinable and all(
            v is None or isinstance(v, str) for v in (self.theirs, self.yours)
        )


def compare(
    fields: Iterable[ConflictField],
    base: Mapping[str, Any],
    theirs: Mapping[str, Any],
    yours: Mapping[str, Any],
) -> list[FieldChange]:
    """The fields, in the order given, where theirs and yours differ.

    A field both left alone, or both changed to the same value, needs no choice and is
    not listed. A key missing from a mapping counts as blank.
    """
    changes = [FieldChange(f, base.get(f.key), theirs.get(f.key), yours.get(f.key)) for f in fields]
    return [change for change in changes if change.differs]


def default_choice(change: FieldChange) -> Choice | None:
    """The side that changed the field, or None for a clash (the practitioner chooses)."""
    if change.clash:
        return None
    if change.they_changed:
        return Choice.THEIRS
    return Choice.YOURS


def default_choices(changes: Iterable[FieldChange]) -> dict[str, Choice | None]:
    return {change.key: default_choice(change) for change in changes}


def joined(theirs: str | None, yours: str | None) -> str:
    """Both texts, theirs first, a blank line between; one alone if the other is blank."""
    first, second = (theirs or "").rstrip(), (yours or "").rstrip()
    if not first:
        return second
    if not second or normalised(first) == normalised(second):
        return first
    return f"{first}\n\n{second}"


def in_words(change: FieldChange) -> str:
    """Who changed the field: 'Both changed', 'Only they changed', 'Only you changed'."""
    if change.they_changed and change.you_changed:
        return "Both changed" if change.differs else "Both changed alike"
    if change.they_changed:
        return "Only they changed"
    if change.you_changed:
        return "Only you changed"
    return "Unchanged"


CHOICE_WORDS = {
    Choice.THEIRS: "Keep: theirs",
    Choice.YOURS: "Keep: yours",
    Choice.BOTH: "Keep: both (theirs, then yours)",
}


class Undecided(PracticeError):
    """Fields both people changed that have no choice yet; ``labels`` names them."""

    def __init__(self, labels: list[str]) -> None:
        self.labels = list(labels)
        named = _listed(self.labels)
        them = "it" if len(self.labels) == 1 else "them"
        super().__init__(f"Choose what to keep for {named}: you both changed {them}.")


def _listed(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


def undecided(changes: Iterable[FieldChange], choices: Mapping[str, Choice | None]) -> list[str]:
    """The labels of clashes with no choice, in order."""
    return [c.label for c in changes if c.clash and choices.get(c.key) is None]


def resolve(
    yours: Mapping[str, Any],
    changes: Iterable[FieldChange],
    choices: Mapping[str, Choice | None],
) -> dict[str, Any]:
    """The values to save: a copy of ``yours`` with each changed field taken as chosen.

    A field without a choice takes :func:`default_choice`; a clash without one raises
    :class:`Undecided` rather than guess. Keeping both of a field that cannot be joined
    is a mistake of the caller (``ValueError``): the screen never offers it.
    """
    changes = list(changes)
    missing = undecided(changes, choices)
    if missing:
        raise Undecided(missing)
    values = dict(yours)
    for change in changes:
        choice = choices.get(change.key) or default_choice(change)
        if choice is Choice.THEIRS:
            values[change.key] = change.theirs
        elif choice is Choice.BOTH:
            if not change.can_join:
                raise ValueError(f"{change.label} cannot keep both values: it is not free text")
            values[change.key] = joined(change.theirs, change.yours)
        else:
            values[change.key] = change.yours
    return values
