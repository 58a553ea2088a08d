"""How search text is read (P1): name words, IDs, NHS numbers and dates of birth as typed."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from caretui.rules.names import fold, name_words, query_words, read_search

BIRTHS = st.dates(min_value=date(1900, 1, 1), max_value=date(2026, 11, 24))


@given(BIRTHS)
def test_a_date_of_birth_typed_any_usual_way_reads_as_that_date(born: date) -> None:
    for typed in (f"{born:%d/%m/%Y}", f"{born:%Y-%m-%d}", f"{born.day} {born:%b %Y}"):
        terms = read_search(typed)
        assert (terms.kind, terms.born) == ("dob", born), typed


@given(st.integers(1, 999_999_999), st.sampled_from(["P", "p", "#", ""]))
def test_a_person_id_reads_as_that_person(number: int, prefix: str) -> None:
    terms = read_search(f"{prefix}{number}")
    assert (terms.kind, terms.number) == ("person", number)


def test_ten_digits_are_an_nhs_number_and_a_half_typed_date_asks_for_the_rest() -> None:
    assert read_search("943 476 5919").nhs == "9434765919"
    assert read_search("12/03").kind == "partial"
    assert read_search("C45").kind == "case"
    assert read_search("   ").kind == "empty"


def test_names_fold_accents_apostrophes_and_hyphens() -> None:
    assert fold("Zoë Łukasz") == "zoe lukasz"
    assert name_words("Siobhán", "O'Brien-Smith") >= {"siobhan", "obriensmith", "o", "brien"}
    assert query_words("O'Bri SIOB") == ["obri", "siob"]


@given(st.text(min_size=1, max_size=30))
def test_every_query_word_is_a_plain_lower_case_word(text: str) -> None:
    for word in query_words(text):
        assert word.isascii() and word.isalpha() and word.islower()


def test_a_whole_postcode_is_read_as_one_and_a_date_is_not() -> None:
    assert read_search("wf12ab").postcode == "WF1 2AB"
    assert read_search("WF1 2AB").kind == "postcode"
    assert read_search("12 Mar 1948").kind == "dob"
    half = read_search("wf1")
    assert half.kind == "partial" and "postcode" in half.hint
