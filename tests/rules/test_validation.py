"""What practitioners type: NHS numbers, dates, postcodes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from caretui.rules.validation import (
    ValidationError,
    check_nhs_number,
    check_postcode,
    nhs_check_digit,
    parse_date,
    parse_datetime,
)

TODAY = date(2026, 11, 24)
nine_digits = st.text(alphabet="0123456789", min_size=9, max_size=9)


@given(nine_digits)
def test_every_issued_nhs_number_passes_its_check(first_nine: str) -> None:
    check = nhs_check_digit(first_nine)
    assume(check is not None)
    number = first_nine + str(check)
    assert check_nhs_number(f"{number[:3]} {number[3:6]} {number[6:]}") == number


@given(nine_digits, st.integers(0, 9), st.integers(1, 9))
def test_changing_any_one_digit_fails_the_check(first_nine: str, at: int, by: int) -> None:
    check = nhs_check_digit(first_nine)
    assume(check is not None)
    digits = [int(d) for d in first_nine + str(check)]
    digits[at] = (digits[at] + by) % 10
    with pytest.raises(ValidationError, match="last digit"):
        check_nhs_number("".join(map(str, digits)))


def test_nhs_number_must_have_ten_digits() -> None:
    with pytest.raises(ValidationError, match="10 digits"):
        check_nhs_number("12345")


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_dates_round_trip_in_every_accepted_form(day: date) -> None:
    for text in (
        f"{day:%d/%m/%Y}",
        f"{day.day}-{day.month}-{day.year}",
        day.isoformat(),
        f"{day:%d %b %Y}",
        f"{day.day} {day:%B %Y}",
        f"{day:%d.%m.%Y}",
    ):
        assert parse_date(text, today=TODAY) == day


@given(st.dates(min_value=date(1927, 1, 1), max_value=TODAY))
def test_two_digit_years_mean_the_latest_year_not_after_today(day: date) -> None:
    assert parse_date(f"{day:%d/%m/%y}", today=TODAY) == day


@pytest.mark.parametrize("text", ["31/02/2026", "30 Feb 2026", "2026-13-01", "00/01/2020"])
def test_impossible_dates_are_refused_in_words(text: str) -> None:
    with pytest.raises(ValidationError, match="not a real date"):
        parse_date(text, today=TODAY)


@pytest.mark.parametrize("text", ["soon", "12 Smarch 2020", "", "12/2020"])
def test_unreadable_dates_say_how_to_type_one(text: str) -> None:
    with pytest.raises(ValidationError):
        parse_date(text, today=TODAY)


def test_relative_words() -> None:
    assert parse_date("today", today=TODAY) == TODAY
    assert parse_date("Yesterday", today=TODAY) == TODAY - timedelta(days=1)


def test_date_and_time() -> None:
    assert parse_datetime("24/11/2026 14:30", today=TODAY).hour == 14
    with pytest.raises(ValidationError, match="24-hour"):
        parse_datetime("24/11/2026 25:30", today=TODAY)


@pytest.mark.parametrize(
    ("typed", "clean"),
    [("wf12ab", "WF1 2AB"), ("LS1 4DY", "LS1 4DY"), ("sw1a 1aa", "SW1A 1AA"), ("M1 1AE", "M1 1AE")],
)
def test_postcodes_are_tidied(typed: str, clean: str) -> None:
    assert check_postcode(typed) == clean


@pytest.mark.parametrize("typed", ["WF1", "12345", "WF1 2A", "W1 2ABC"])
def test_bad_postcodes_are_refused(typed: str) -> None:
    with pytest.raises(ValidationError, match="postcode"):
        check_postcode(typed)
