"""Find before you create: likely duplicates of a new person, and the lookups that find them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from hypothesis import assume, given
from hypothesis import strategies as st

from caretui.rules.duplicates import (
    DuplicateCandidate,
    DuplicateLookups,
    ExistingPerson,
    MatchReason,
    NewPerson,
    duplicate_lookups,
    likely_duplicates,
    names_alike,
    normalise_nhs_number,
    normalise_postcode,
    override_problems,
)

BORN = date(1948, 3, 12)
NEW = NewPerson("Margaret", "Smith", BORN, nhs_number="943 476 5919", postcode="wf1 2ab")


def on_record(number: int, first: str, last: str, **kw: object) -> ExistingPerson:
    return ExistingPerson(number, first, last, **kw)  # type: ignore[arg-type]


def reasons(new: NewPerson, *existing: ExistingPerson) -> dict[int, tuple[MatchReason, ...]]:
    return {c.id: c.reasons for c in likely_duplicates(new, existing)}


# --- examples ----------------------------------------------------------------------------------


def test_the_strongest_match_comes_first_with_its_reasons_in_words() -> None:
    found = likely_duplicates(
        NEW,
        [
            on_record(1, "Peggy", "Smith", postcode="WF1 2AB"),
            on_record(2, "Margret", "Smyth", date_of_birth=BORN),
            on_record(3, "M", "Smith", date_of_birth=BORN, nhs_number="9434765919"),
            on_record(4, "Margaret", "Jones", date_of_birth=BORN, postcode="WF1 2AB"),
        ],
    )
    assert [c.id for c in found] == [3, 2, 1]
    assert found[0].because == (
        "same NHS number (943 476 5919)",
        "same date of birth (12 Mar 1948) and a similar name",
    )
    assert found[0].sentence == (
        "Same NHS number (943 476 5919); same date of birth (12 Mar 1948) and a similar name."
    )
    assert found[2].because == ("same surname and postcode (WF1 2AB)",)


def test_a_different_nhs_number_is_said_beside_the_other_reasons() -> None:
    (found,) = likely_duplicates(
        NEW, [on_record(5, "Margaret", "Smith", date_of_birth=BORN, nhs_number="4010232137")]
    )
    assert found.different_nhs_number
    assert found.sentence.endswith("a similar name; but a different NHS number.")


def test_similar_names_allow_a_slip_an_initial_a_hyphen_an_accent_or_a_swap() -> None:
    assert names_alike("Margaret", "Smith", "Margaret", "Smyth")
    assert names_alike("Catherine", "Thompson", "Katherine", "Thomson")
    assert names_alike("Mohammed", "Khan", "Muhammad", "Khan")
    assert names_alike("P", "Smith", "Patricia", "Smith")
    assert names_alike("Zoë", "O'Brien", "zoe", "OBRIEN")
    assert names_alike("Ann", "Smith-Jones", "Anne", "Jones")
    assert names_alike("Smith", "Margaret", "Margaret", "Smith")
    assert not names_alike("Margaret", "Smith", "Margaret", "Jones")
    assert not names_alike("Margaret", "Smith", "Doris", "Smith")
    assert not names_alike("Luis", "de Souza", "Luis", "de Costa")
    assert not names_alike("Ed", "Li", "Ed", "Lee")


def test_an_estimated_date_of_birth_matches_the_year_with_the_same_surname_only() -> None:
    guess = NewPerson("Margaret", "Smith", date(1948, 1, 1), dob_estimated=True)
    found = reasons(
        guess,
        on_record(1, "Maggie", "Smith", date_of_birth=BORN),
        on_record(2, "Margaret", "Smyth", date_of_birth=BORN),
        on_record(3, "Margaret", "Smith", date_of_birth=date(1949, 1, 1)),
    )
    assert found == {1: (MatchReason.BIRTH_YEAR_AND_NAME,)}


def test_nothing_typed_but_a_name_finds_no_one() -> None:
    assert (
        likely_duplicates(NewPerson("Margaret", "Smith"), [on_record(1, "Margaret", "Smith")]) == []
    )


def test_a_person_found_by_two_lookups_is_listed_once() -> None:
    twice = on_record(7, "Margaret", "Smith", date_of_birth=BORN)
    assert [c.id for c in likely_duplicates(NEW, [twice, twice])] == [7]


def test_creating_a_new_record_despite_duplicates_needs_a_reason() -> None:
    found = likely_duplicates(NEW, [on_record(1, "Peggy", "Smith", postcode="WF12AB")])
    assert override_problems([], "") == {}
    assert override_problems(found, "Different person: checked with her GP.") == {}
    assert override_problems(found, " ")["duplicate_reason"].startswith(
        "1 person on record may be this person."
    )


def test_the_lookups_name_only_what_was_typed_normalised() -> None:
    assert duplicate_lookups(NEW) == DuplicateLookups(
        nhs_number="9434765919",
        date_of_birth=BORN,
        surname_words=("smith",),
        postcode="WF1 2AB",
    )
    bare = duplicate_lookups(NewPerson("Margaret", "O'Brien"))
    assert bare.empty and bare.surname_words == ()
    guess = duplicate_lookups(NewPerson("Margaret", "O'Brien", BORN, dob_estimated=True))
    assert guess.date_of_birth is None
    assert (guess.born_from, guess.born_to) == (date(1948, 1, 1), date(1948, 12, 31))
    assert guess.surname_words == ("brien", "obrien")


def test_postcodes_and_nhs_numbers_are_normalised_as_the_store_keeps_them() -> None:
    assert normalise_postcode(" wf1  2ab ") == "WF1 2AB"
    assert normalise_postcode("") == ""
    assert normalise_nhs_number("943-476 5919") == "9434765919"


# --- properties --------------------------------------------------------------------------------

names = st.text(alphabet="abcdefghijklmnopqrstuvwxyzÉéö'-", min_size=1, max_size=12).filter(
    lambda n: any(ch.isalpha() for ch in n)
)
nhs_numbers = st.text(alphabet="0123456789", min_size=10, max_size=10)
postcodes = st.from_regex(r"[A-Z]{1,2}[0-9]{1,2} [0-9][A-Z]{2}", fullmatch=True)
births = st.dates(min_value=date(1920, 1, 1), max_value=date(2008, 12, 31))


@st.composite
def people(draw: st.DrawFn) -> NewPerson:
    return NewPerson(
        first_name=draw(names),
        last_name=draw(names),
        date_of_birth=draw(st.none() | births),
        dob_estimated=draw(st.booleans()),
        nhs_number=draw(st.just("") | nhs_numbers),
        postcode=draw(st.just("") | postcodes),
    )


def as_record(person: NewPerson, number: int = 1, restricted: bool = False) -> ExistingPerson:
    return ExistingPerson(
        number,
        person.first_name,
        person.last_name,
        person.date_of_birth,
        person.nhs_number,
        person.postcode,
        restricted,
    )


def respace(text: str, draw: st.DrawFn) -> str:
    """The same characters with spaces added anywhere and letters in any case."""
    out = []
    for ch in text:
        out.append(" " * draw(st.integers(0, 2)))
        out.append(ch.lower() if draw(st.booleans()) else ch)
    return "".join(out) + " " * draw(st.integers(0, 2))


@given(people())
def test_a_record_always_matches_itself(person: NewPerson) -> None:
    assume(person.nhs_number or person.date_of_birth or person.postcode)
    (found,) = likely_duplicates(person, [as_record(person)])
    assert found.id == 1 and found.reasons and not found.different_nhs_number


@given(names, names, names, names)
def test_name_similarity_is_symmetric(first_a: str, last_a: str, first_b: str, last_b: str) -> None:
    assert names_alike(first_a, last_a, first_b, last_b) == names_alike(
        first_b, last_b, first_a, last_a
    )


@given(people(), people(), st.data())
def test_spacing_and_case_in_nhs_numbers_and_postcodes_never_change_the_result(
    new: NewPerson, other: NewPerson, data: st.DataObject
) -> None:
    existing = [as_record(new, 1), as_record(other, 2)]

    def outcome(person: NewPerson, records: list[ExistingPerson]) -> list[tuple]:
        return [(c.id, c.reasons, c.because) for c in likely_duplicates(person, records)]

    retyped = replace(
        new,
        nhs_number=respace(new.nhs_number, data.draw),
        postcode=respace(new.postcode, data.draw),
    )
    records = [
        replace(
            r, nhs_number=respace(r.nhs_number, data.draw), postcode=respace(r.postcode, data.draw)
        )
        for r in existing
    ]
    assert outcome(retyped, records) == outcome(new, existing)
    assert duplicate_lookups(retyped) == duplicate_lookups(new)


@given(people())
def test_a_restricted_person_is_still_listed_and_flagged(person: NewPerson) -> None:
    assume(person.nhs_number or person.date_of_birth or person.postcode)
    found = likely_duplicates(person, [as_record(person, 9, restricted=True)])
    assert [(c.id, c.restricted) for c in found] == [(9, True)]
    assert isinstance(found[0], DuplicateCandidate)
