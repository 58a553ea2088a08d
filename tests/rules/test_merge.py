"""Two people edited one record: what is shown, what starts chosen, and what is saved."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caretui.rules.merge import (
    CHOICE_WORDS,
    Choice,
    ConflictField,
    FieldChange,
    Undecided,
    compare,
    default_choice,
    default_choices,
    in_words,
    joined,
    normalised,
    resolve,
    undecided,
)

FIELDS = [
    ConflictField("subject", "Subject"),
    ConflictField("notes", "Notes", joinable=True, multiline=True),
    ConflictField("outcome", "Outcome", joinable=True),
    ConflictField("due_date", "Due date", show=lambda d: f"{d:%d/%m/%Y}"),
    ConflictField("team_id", "Responsible team"),
]
BASE: dict[str, Any] = {
    "subject": "Home visit",
    "notes": "Visited at 10.",
    "outcome": "",
    "due_date": date(2026, 12, 1),
    "team_id": 3,
}


def change(key: str, base: Any, theirs: Any, yours: Any) -> FieldChange:
    field = next(f for f in FIELDS if f.key == key)
    return FieldChange(field, base, theirs, yours)


def test_only_fields_where_theirs_and_yours_differ_are_shown() -> None:
    theirs = {**BASE, "notes": "Visited at 10. GP rang.", "subject": "Home visit (joint)"}
    yours = {**BASE, "notes": "Visited at 10. Daughter rang.", "subject": "Home visit (joint)"}
    yours["team_id"] = 4

    changes = compare(FIELDS, BASE, theirs, yours)

    assert [c.key for c in changes] == ["notes", "team_id"]
    notes, team = changes
    assert notes.clash and notes.they_changed and notes.you_changed and notes.differs
    assert not team.clash and team.you_changed and not team.they_changed


def test_fields_come_in_the_order_given() -> None:
    theirs = {**BASE, "team_id": 5, "subject": "Phone call"}
    changes = compare(FIELDS, BASE, theirs, BASE)
    assert [c.key for c in changes] == ["subject", "team_id"]


def test_trailing_spaces_and_blank_versus_none_are_not_changes() -> None:
    theirs = {**BASE, "notes": "Visited at 10.  \n", "outcome": None}
    yours = {**BASE, "notes": "Visited at 10.", "outcome": "   "}
    assert compare(FIELDS, BASE, theirs, yours) == []
    assert normalised("a  \nb \n\n") == "a\nb"
    assert normalised(None) == ""


def test_a_key_missing_from_a_record_counts_as_blank() -> None:
    theirs = {k: v for k, v in BASE.items() if k != "outcome"}
    assert compare(FIELDS, BASE, theirs, BASE) == []


def test_only_they_changed_starts_with_theirs() -> None:
    c = change("subject", "Visit", "Joint visit", "Visit")
    assert default_choice(c) is Choice.THEIRS
    assert in_words(c) == "Only they changed"


def test_only_you_changed_starts_with_yours() -> None:
    c = change("subject", "Visit", "Visit", "Home visit")
    assert default_choice(c) is Choice.YOURS
    assert in_words(c) == "Only you changed"


def test_a_clash_is_undecided_until_the_practitioner_chooses() -> None:
    c = change("notes", "Visited.", "Visited. GP rang.", "Visited. Daughter rang.")
    assert c.clash
    assert default_choice(c) is None
    assert in_words(c) == "Both changed"
    assert default_choices([c]) == {"notes": None}


def test_the_same_change_on_both_sides_is_not_a_clash() -> None:
    c = change("subject", "Visit", "Joint visit", "Joint visit ")
    assert not c.clash and not c.differs
    assert in_words(c) == "Both changed alike"


def test_joined_keeps_theirs_first_then_yours_after_a_blank_line() -> None:
    assert joined("GP rang.", "Daughter rang.") == "GP rang.\n\nDaughter rang."
    assert joined("GP rang.\n", "Daughter rang.  ") == "GP rang.\n\nDaughter rang."


def test_joined_does_not_repeat_or_add_blank_paragraphs() -> None:
    assert joined("", "Daughter rang.") == "Daughter rang."
    assert joined(None, "Daughter rang.") == "Daughter rang."
    assert joined("GP rang.", None) == "GP rang."
    assert joined("GP rang.", "GP rang. ") == "GP rang."


def test_both_is_offered_for_free_text_only() -> None:
    assert change("notes", "a", "b", "c").can_join
    assert not change("subject", "a", "b", "c").can_join
    assert not change("due_date", None, date(2026, 1, 1), date(2026, 2, 1)).can_join


def test_a_field_says_its_value_in_words() -> None:
    due = next(f for f in FIELDS if f.key == "due_date")
    assert due.text(date(2026, 12, 1)) == "01/12/2026"
    assert due.text(None) == ""
    assert ConflictField("x", "X").text(3) == "3"


def test_resolve_takes_each_field_as_chosen() -> None:
    theirs = {**BASE, "notes": "Visited at 10. GP rang.", "subject": "Joint visit"}
    yours = {**BASE, "notes": "Visited at 10. Daughter rang.", "team_id": 4}
    changes = compare(FIELDS, BASE, theirs, yours)

    saved = resolve(yours, changes, {"notes": Choice.BOTH})

    assert saved == {
        **yours,
        "subject": "Joint visit",
        "notes": "Visited at 10. GP rang.\n\nVisited at 10. Daughter rang.",
        "team_id": 4,
    }
    assert yours["subject"] == "Home visit", "yours is not changed in place"


def test_resolve_lets_the_practitioner_overrule_a_default() -> None:
    theirs = {**BASE, "subject": "Joint visit"}
    changes = compare(FIELDS, BASE, theirs, BASE)
    assert resolve(BASE, changes, {"subject": Choice.YOURS})["subject"] == "Home visit"


def test_resolve_refuses_while_a_clash_is_undecided() -> None:
    theirs = {**BASE, "notes": "GP rang.", "outcome": "Referred"}
    yours = {**BASE, "notes": "Daughter rang.", "outcome": "Closed"}
    changes = compare(FIELDS, BASE, theirs, yours)

    assert undecided(changes, {"notes": Choice.YOURS}) == ["Outcome"]
    with pytest.raises(Undecided) as refused:
        resolve(yours, changes, {})
    assert refused.value.labels == ["Notes", "Outcome"]
    assert str(refused.value) == (
        "Choose what to keep for Notes and Outcome: you both changed them."
    )


def test_resolve_refuses_both_for_a_field_that_cannot_be_joined() -> None:
    changes = [change("subject", "Visit", "Joint visit", "Home visit")]
    with pytest.raises(ValueError, match="Subject cannot keep both"):
        resolve({"subject": "Home visit"}, changes, {"subject": Choice.BOTH})


def test_every_choice_has_words() -> None:
    assert CHOICE_WORDS[Choice.BOTH] == "Keep: both (theirs, then yours)"
    assert set(CHOICE_WORDS) == set(Choice)


# --- properties -------------------------------------------------------------------------------

TEXT = st.one_of(st.none(), st.sampled_from(["", " ", "a", "a ", "b", "a\nb"]), st.text(max_size=8))
KEYS = [f.key for f in FIELDS]
RECORDS = st.fixed_dictionaries(
    {
        "subject": TEXT,
        "notes": TEXT,
        "outcome": TEXT,
        "due_date": st.one_of(st.none(), st.dates()),
        "team_id": st.one_of(st.none(), st.integers(1, 4)),
    }
)


@given(base=RECORDS, theirs=RECORDS, yours=RECORDS)
def test_keeping_yours_everywhere_saves_exactly_yours(
    base: dict[str, Any], theirs: dict[str, Any], yours: dict[str, Any]
) -> None:
    changes = compare(FIELDS, base, theirs, yours)
    assert resolve(yours, changes, dict.fromkeys(KEYS, Choice.YOURS)) == yours


@given(base=RECORDS, theirs=RECORDS, yours=RECORDS)
def test_taking_theirs_everywhere_saves_theirs_on_every_changed_field(
    base: dict[str, Any], theirs: dict[str, Any], yours: dict[str, Any]
) -> None:
    changes = compare(FIELDS, base, theirs, yours)
    saved = resolve(yours, changes, dict.fromkeys(KEYS, Choice.THEIRS))
    for c in changes:
        assert saved[c.key] == theirs[c.key]
    for key in KEYS:
        assert normalised(saved[key]) == normalised(theirs[key])


@given(base=RECORDS, theirs=RECORDS, yours=RECORDS)
def test_nothing_they_saved_is_lost_by_the_starting_choices(
    base: dict[str, Any], theirs: dict[str, Any], yours: dict[str, Any]
) -> None:
    """Once every clash is decided, a field only they changed is saved as they left it."""
    changes = compare(FIELDS, base, theirs, yours)
    choices = {c.key: Choice.YOURS for c in changes if c.clash}
    saved = resolve(yours, changes, choices)
    for c in changes:
        if c.they_changed and not c.you_changed:
            assert saved[c.key] == theirs[c.key]
        if c.you_changed and not c.they_changed:
            assert saved[c.key] == yours[c.key]


@given(theirs=TEXT, yours=TEXT)
def test_both_holds_each_side_in_full(theirs: str | None, yours: str | None) -> None:
    kept = joined(theirs, yours)
    assert normalised(theirs) in normalised(kept)
    assert normalised(yours) in normalised(kept)
