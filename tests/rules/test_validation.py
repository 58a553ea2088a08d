"""What practitioners type: NHS numbers, dates, times, postcodes, phone numbers, amounts."""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from caretui.rules.validation import (
    EARLIEST_YEAR,
    LATEST_YEAR,
    ValidationError,
    check_email,
    check_nhs_number,
    check_phone,
    check_postcode,
    format_nhs_number,
    nhs_check_digit,
    parse_date,
    parse_date_or_none,
    parse_datetime,
    parse_money,
    parse_number,
)

TODAY = date(2026, 11, 24)
nine_digits = st.text(alphabet="0123456789", min_size=9, max_size=9)
care_dates = st.dates(min_value=date(EARLIEST_YEAR, 1, 1), max_value=date(LATEST_YEAR, 12, 31))


def issued(first_nine: str) -> str:
    """The full NHS number for nine digits, skipping those no number is issued for."""
    check = nhs_check_digit(first_nine)
    assume(check is not None)
    number = first_nine + str(check)
    assume(len(set(number)) > 1)
    return number


# --- NHS numbers ------------------------------------------------------------------------------


@given(nine_digits, st.sampled_from(["", " ", "-", "  "]))
def test_every_issued_nhs_number_passes_its_check_however_it_is_spaced(
    first_nine: str, gap: str
) -> None:
    number = issued(first_nine)
    typed = f" {number[:3]}{gap}{number[3:6]}{gap}{number[6:]} "
    assert check_nhs_number(typed) == number


@given(nine_digits, st.integers(0, 9), st.integers(1, 9))
def test_changing_any_one_digit_fails_the_check(first_nine: str, at: int, by: int) -> None:
    digits = [int(d) for d in issued(first_nine)]
    digits[at] = (digits[at] + by) % 10
    with pytest.raises(ValidationError):
        check_nhs_number("".join(map(str, digits)))


def test_a_mistyped_nhs_number_says_to_check_the_typing() -> None:
    with pytest.raises(ValidationError, match=r"last digit does not match.*typed correctly"):
        check_nhs_number("943 476 5918")


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("12345", "10 digits; '12345' has 5"),
        ("943 476 59199", "has 11"),
        ("943x476x591", "is not an NHS number"),
        ("", "Type the NHS number"),
        ("1111111111", "not a real NHS number"),
    ],
)
def test_nhs_numbers_of_the_wrong_shape_are_refused_in_words(typed: str, says: str) -> None:
    with pytest.raises(ValidationError, match=says):
        check_nhs_number(typed)


def test_nine_digits_that_are_never_issued_have_no_check_digit() -> None:
    never = next(
        f"{n:09d}" for n in range(100_000_000, 100_001_000) if nhs_check_digit(f"{n:09d}") is None
    )
    assert nhs_check_digit(never) is None
    with pytest.raises(ValueError):
        nhs_check_digit("12345")


def test_nhs_numbers_read_back_in_three_three_four() -> None:
    assert format_nhs_number("9434765919") == "943 476 5919"


# --- dates ------------------------------------------------------------------------------------


def accepted_forms(day: date) -> list[str]:
    return [
        f"{day:%d/%m/%Y}",
        f"{day.day}/{day.month}/{day.year}",
        f"{day.day}-{day.month}-{day.year}",
        f"{day:%d.%m.%Y}",
        f"{day:%d%m%Y}",
        day.isoformat(),
        f"{day:%Y/%m/%d}",
        f"{day:%d %b %Y}",
        f"{day.day} {day:%B %Y}",
        f"{day:%d-%b-%Y}",
        f"{day:%d %B %Y}".upper(),
        f"{day.day}th {day:%B}, {day.year}",
    ]


@given(care_dates)
def test_dates_round_trip_in_every_accepted_form(day: date) -> None:
    for text in accepted_forms(day):
        assert parse_date(text, today=TODAY) == day, text


def test_words_for_days_are_relative_to_today() -> None:
    assert parse_date("today", today=TODAY) == TODAY
    assert parse_date(" Yesterday ", today=TODAY) == TODAY - timedelta(days=1)
    assert parse_date("TOMORROW", today=TODAY) == TODAY + timedelta(days=1)


def test_today_defaults_to_the_programs_clock() -> None:
    assert parse_date("today") == date(2026, 11, 24)  # CARETUI_TODAY, pinned in conftest


@given(care_dates)
def test_two_digit_years_are_refused_rather_than_guessed(day: date) -> None:
    with pytest.raises(ValidationError, match=r"year in full: .* in 19\d\d or 20\d\d\?"):
        parse_date(f"{day:%d/%m/%y}", today=TODAY)


@given(st.integers(EARLIEST_YEAR, LATEST_YEAR), st.integers(1, 12), st.integers(1, 5))
def test_days_past_the_end_of_the_month_are_not_real_dates(
    year: int, month: int, over: int
) -> None:
    last = calendar.monthrange(year, month)[1]
    day = last + over
    typed = f"{day:02d}/{month:02d}/{year}"
    with pytest.raises(ValidationError, match=f"{typed} is not a real date: .* has {last} days"):
        parse_date(typed, today=TODAY)


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("31/02/2026", "31/02/2026 is not a real date: February 2026 has 28 days"),
        ("29/02/2025", "February 2025 has 28 days"),
        ("30 Feb 2026", "not a real date"),
        ("2026-13-01", "there is no month 13"),
        ("00/01/2020", "there is no day 0"),
        ("31/04/2026", "April 2026 has 30 days"),
    ],
)
def test_impossible_dates_are_refused_in_words(typed: str, why: str) -> None:
    with pytest.raises(ValidationError, match=why):
        parse_date(typed, today=TODAY)


def test_29_february_is_real_in_a_leap_year() -> None:
    assert parse_date("29/02/2028", today=TODAY) == date(2028, 2, 29)


@pytest.mark.parametrize(
    "typed", ["soon", "12 Smarch 2020", "", "   ", "12/2020", "12/03/948", "1/1/1066", "1/1/2300"]
)
def test_unreadable_dates_say_how_to_type_one(typed: str) -> None:
    with pytest.raises(ValidationError, match=r"12/03/1948|month|year|date"):
        parse_date(typed, today=TODAY)


def test_a_blank_optional_date_is_none() -> None:
    assert parse_date_or_none("  ", today=TODAY) is None
    assert parse_date_or_none(None) is None
    assert parse_date_or_none("1/3/1948", today=TODAY) == date(1948, 3, 1)


# --- dates with times -------------------------------------------------------------------------


@given(st.datetimes(min_value=datetime(1950, 1, 1), max_value=datetime(2150, 12, 31)))
def test_date_and_time_round_trip(moment: datetime) -> None:
    moment = moment.replace(second=0, microsecond=0)
    for text in (
        f"{moment:%d/%m/%Y %H:%M}",
        f"{moment:%d %b %Y %H.%M}",
        moment.isoformat(timespec="minutes"),
        f"{moment:%d/%m/%Y %I:%M%p}",
    ):
        assert parse_datetime(text, today=TODAY) == moment, text


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("today 9am", datetime(2026, 11, 24, 9, 0)),
        ("today 12pm", datetime(2026, 11, 24, 12, 0)),
        ("today 12am", datetime(2026, 11, 24, 0, 0)),
        ("24/11/2026 2.30 pm", datetime(2026, 11, 24, 14, 30)),
        ("12 Mar 1948", datetime(1948, 3, 12, 0, 0)),
    ],
)
def test_times_people_type(typed: str, expected: datetime) -> None:
    assert parse_datetime(typed, today=TODAY) == expected


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("24/11/2026 25:30", "24-hour"),
        ("24/11/2026 10:75", "not a time of day"),
        ("today 13pm", "1 to 12"),
        ("31/02/2026 10:00", "not a real date"),
    ],
)
def test_impossible_times_are_refused(typed: str, why: str) -> None:
    with pytest.raises(ValidationError, match=why):
        parse_datetime(typed, today=TODAY)


# --- postcodes, phones, emails ----------------------------------------------------------------

AREAS = ["WF", "LS", "M", "B", "SW", "EC", "N", "BD", "HX", "S"]
outward = st.one_of(
    st.builds(lambda a, d: f"{a}{d}", st.sampled_from(AREAS), st.integers(1, 99)),
    st.builds(lambda a, d, x: f"{a}{d}{x}", st.sampled_from(["SW", "EC", "W", "N"]),
              st.integers(1, 9), st.sampled_from("ABCDEHJKMNPRSTVWXY")),
)  # fmt: skip
inward = st.builds(
    lambda d, a, b: f"{d}{a}{b}",
    st.integers(0, 9),
    st.sampled_from("ABDEFGHJLNPQRSTUWXYZ"),
    st.sampled_from("ABDEFGHJLNPQRSTUWXYZ"),
)


@given(outward, inward)
def test_every_well_formed_postcode_is_tidied_the_same_however_typed(out: str, inw: str) -> None:
    tidy = f"{out} {inw}"
    for typed in (tidy, f"{out}{inw}".lower(), f"  {out}   {inw.lower()} "):
        assert check_postcode(typed) == tidy
    assert check_postcode(check_postcode(tidy)) == tidy


@pytest.mark.parametrize(
    ("typed", "clean"),
    [
        ("wf12ab", "WF1 2AB"),
        ("LS1 4DY", "LS1 4DY"),
        ("sw1a 1aa", "SW1A 1AA"),
        ("gir0aa", "GIR 0AA"),
    ],
)
def test_postcodes_are_tidied(typed: str, clean: str) -> None:
    assert check_postcode(typed) == clean


@pytest.mark.parametrize("typed", ["12345", "WF1 2A", "W1 2ABC", "QQ1 1AA", "WF1 2CI", ""])
def test_bad_postcodes_are_refused(typed: str) -> None:
    with pytest.raises(ValidationError, match="postcode"):
        check_postcode(typed)


def test_half_a_postcode_asks_for_the_rest() -> None:
    with pytest.raises(ValidationError, match="only the first half"):
        check_postcode("wf1")


@pytest.mark.parametrize(
    ("typed", "clean"),
    [
        ("07700 900123", "07700 900123"),
        ("+44 7700 900123", "07700 900123"),
        ("(01924) 302000", "01924 302000"),
        ("01134960000", "0113 496 0000"),
        ("020 7946 0958", "020 7946 0958"),
        ("0300-123-4567", "0300 123 4567"),
    ],
)
def test_phone_numbers_read_back_in_their_usual_groups(typed: str, clean: str) -> None:
    assert check_phone(typed) == clean


@pytest.mark.parametrize("typed", ["12345", "7700 900123", "0770090012345", "call me"])
def test_bad_phone_numbers_are_refused(typed: str) -> None:
    with pytest.raises(ValidationError, match="phone number"):
        check_phone(typed)


def test_email_addresses() -> None:
    assert check_email(" Duty.Team@Wakefield.GOV.uk ") == "Duty.Team@wakefield.gov.uk"
    for bad in ("duty team@wakefield.gov.uk", "duty@wakefield", "@wakefield.gov.uk"):
        with pytest.raises(ValidationError, match="not an email address"):
            check_email(bad)


# --- numbers and money ------------------------------------------------------------------------


def test_numbers() -> None:
    assert parse_number("12") == 12 and isinstance(parse_number("12"), int)
    assert parse_number("7.5") == 7.5
    assert parse_number("1,200") == 1200
    with pytest.raises(ValidationError, match="not a number"):
        parse_number("twelve")
    with pytest.raises(ValidationError, match="more than 12"):
        parse_number("13", maximum=12)
    with pytest.raises(ValidationError, match="less than 1"):
        parse_number("0", minimum=1)


@given(st.decimals(min_value=0, max_value=100_000, places=2))
def test_money_round_trips_with_or_without_a_pound_sign(amount: Decimal) -> None:
    assert parse_money(f"£{amount:,.2f}") == amount
    assert parse_money(f"{amount}") == amount


def test_money_refuses_negatives_and_fractions_of_a_penny() -> None:
    with pytest.raises(ValidationError, match="negative"):
        parse_money("-5")
    with pytest.raises(ValidationError, match="two digits"):
        parse_money("9.999")
    with pytest.raises(ValidationError, match="not an amount"):
        parse_money("lots")
