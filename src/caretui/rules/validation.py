"""Checking what practitioners type: NHS numbers, dates, postcodes, phone numbers, amounts.

Each function returns the clean value or raises :class:`ValidationError` whose message
says what is wrong in the practitioner's words, with an example of what would do. Nothing
here throws away what was typed: the caller keeps the text and shows the message beside it.

Dates are read day first, as everyone in England writes them. A two-digit year is refused
rather than guessed: in a care record 12/03/26 could be a date of birth in 1926 or a
review in 2026, and a guess that is a century out is worse than two more keystrokes.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from caretui.rules.errors import PracticeError

__all__ = [
    "EARLIEST_YEAR",
    "LATEST_YEAR",
    "ValidationError",
    "check_email",
    "check_nhs_number",
    "check_phone",
    "check_postcode",
    "format_nhs_number",
    "nhs_check_digit",
    "parse_date",
    "parse_date_or_none",
    "parse_datetime",
    "parse_money",
    "parse_number",
]


class ValidationError(PracticeError):
    """What was typed cannot be read as the kind of value the field holds."""


# --- NHS number (modulus 11) -----------------------------------------------------------------


def nhs_check_digit(nine_digits: str) -> int | None:
    """The NHS number check digit for the first nine digits, or None when none can exist.

    Weights 10 down to 2 over the nine digits; the check digit is 11 minus the remainder
    of the total divided by 11, where 11 becomes 0 and 10 means no number is ever issued
    with these nine digits (so any tenth digit is wrong).
    """
    if len(nine_digits) != 9 or not nine_digits.isascii() or not nine_digits.isdigit():
        raise ValueError("nhs_check_digit needs exactly nine digits")
    total = sum(int(d) * w for d, w in zip(nine_digits, range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def check_nhs_number(text: str) -> str:
    """Ten digits (spaces or dashes allowed) with the right check digit; returns the digits.

    Numbers of one repeated digit pass the arithmetic (1111111111 does) but are never
    issued: they are what gets typed to get past a required field, so they are refused.
    """
    raw = text.strip()
    digits = re.sub(r"[\s-]", "", raw)
    if not digits:
        raise ValidationError("Type the NHS number: 10 digits, e.g. 943 476 5919.")
    if not digits.isascii() or not digits.isdigit():
        raise ValidationError(
            f"'{raw}' is not an NHS number: it is 10 digits, e.g. 943 476 5919 (spaces are fine)."
        )
    if len(digits) != 10:
        raise ValidationError(
            f"An NHS number has 10 digits; '{raw}' has {len(digits)}. Check it was typed correctly."
        )
    if len(set(digits)) == 1:
        raise ValidationError(
            f"{raw} is not a real NHS number. Leave the field blank if the number is not known."
        )
    expected = nhs_check_digit(digits[:9])
    if expected is None or expected != int(digits[9]):
        raise ValidationError(
            "This NHS number's last digit does not match the rest: check it was typed correctly."
        )
    return digits


def format_nhs_number(digits: str) -> str:
    """The 3-3-4 grouping people read NHS numbers in: 9434765919 -> 943 476 5919."""
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}" if len(digits) == 10 else digits


# --- dates ------------------------------------------------------------------------------------

EARLIEST_YEAR = 1900
"""No one in a care record was born before this; an earlier year is a typing slip."""
LATEST_YEAR = 2199

MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
RELATIVE_DAYS = {"today": 0, "yesterday": -1, "tomorrow": 1}
EXAMPLE = "like 12/03/1948, 12 Mar 1948 or today"

_DAY_FIRST = re.compile(r"^(\d{1,2})([/.\-])(\d{1,2})\2(\d+)$")
_YEAR_FIRST = re.compile(r"^(\d{4})([/.\-])(\d{1,2})\2(\d{1,2})$")
_RUN_TOGETHER = re.compile(r"^(\d{2})(\d{2})(\d{4})$")
_WORDS = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?[\s/\-]+([a-z]+)\.?,?[\s/\-]+(\d+)$", re.IGNORECASE)


def _full_year(year_text: str, shown: str) -> int:
    if len(year_text) == 2:
        raise ValidationError(
            f"Type the year in full: is {shown} in 19{year_text} or 20{year_text}?"
        )
    if len(year_text) != 4:
        raise ValidationError(f"'{shown}' needs a four-digit year: type it {EXAMPLE}.")
    year = int(year_text)
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise ValidationError(f"{shown}: check the year, {year} cannot be right in a care record.")
    return year


def _real_date(year: int, month: int, day: int, shown: str) -> date:
    """The date, or a message saying exactly why the calendar has no such day."""
    if not 1 <= month <= 12:
        raise ValidationError(f"{shown} is not a real date: there is no month {month}.")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        month_name = calendar.month_name[month]
        raise ValidationError(
            f"{shown} is not a real date: {month_name} {year} has {last} days."
            if day > last
            else f"{shown} is not a real date: there is no day {day}."
        )
    return date(year, month, day)


def parse_date(text: str, *, today: date | None = None) -> date:
    """A date in any of the forms people type, day first.

    Accepted: 12/03/1948, 12-3-1948, 12.03.1948, 12031948, 1948-03-12 (and 1948/03/12),
    12 Mar 1948, 12 March 1948, 12th March 1948, 12-Mar-1948, and the words today,
    yesterday and tomorrow (relative to ``today``, which defaults to the program's clock).
    """
    shown = " ".join(text.split())
    raw = shown.lower()
    if not raw:
        raise ValidationError(f"Type a date {EXAMPLE}.")
    if raw in RELATIVE_DAYS:
        if today is None:
            from caretui.rules import clock

            today = clock.today()
        return today + timedelta(days=RELATIVE_DAYS[raw])
    if m := _YEAR_FIRST.match(raw):
        year = _full_year(m[1], shown)
        return _real_date(year, int(m[3]), int(m[4]), shown)
    if m := _DAY_FIRST.match(raw):
        year = _full_year(m[4], shown)
        return _real_date(year, int(m[3]), int(m[1]), shown)
    if m := _RUN_TOGETHER.match(raw):
        year = _full_year(m[3], shown)
        return _real_date(year, int(m[2]), int(m[1]), shown)
    if m := _WORDS.match(shown):
        month = MONTHS.get(m[2].lower())
        if month is None:
            raise ValidationError(f"'{m[2]}' is not a month. Type the date {EXAMPLE}.")
        year = _full_year(m[3], shown)
        return _real_date(year, month, int(m[1]), shown)
    raise ValidationError(f"'{shown}' is not a date caretui can read. Type it {EXAMPLE}.")


def parse_date_or_none(text: str | None, *, today: date | None = None) -> date | None:
    """None for a blank answer (an optional date left empty), else :func:`parse_date`."""
    if text is None or not text.strip():
        return None
    return parse_date(text, today=today)


_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$")


def _parse_time(text: str) -> time:
    """14:30, 14.30, 2:30pm, 2pm, 9am; a bare number without am/pm is not a time."""
    m = _TIME.match(text.strip().lower())
    if not m or (m[2] is None and m[3] is None):
        raise ValidationError(f"'{text}' is not a time of day. Use 24-hour time, e.g. 14:30.")
    hour, minute = int(m[1]), int(m[2] or 0)
    if m[3]:
        if not 1 <= hour <= 12:
            raise ValidationError(f"'{text}' is not a time of day: use 1 to 12 with am or pm.")
        hour = hour % 12 + (12 if m[3] == "pm" else 0)
    if hour > 23 or minute > 59:
        raise ValidationError(f"{text} is not a time of day. Use 24-hour time, e.g. 14:30.")
    return time(hour, minute)


_TRAILING_TIME = re.compile(r"^(.+?)(?:\s+|(?<=\d)t)(\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm)?)$")


def parse_datetime(text: str, *, today: date | None = None) -> datetime:
    """A date with an optional time: '24/11/2026 14:30', 'today 9am', '2026-11-24T14:30'.

    No time means the start of the day, as when a visit's time was not noted. A time needs
    a colon, a dot or am/pm, so the year of '12 Mar 1948' is never read as an hour.
    """
    raw = " ".join(text.split())
    m = _TRAILING_TIME.match(raw.lower())
    if m and re.search(r"[:.]|am|pm", m[2]):
        return datetime.combine(parse_date(m[1], today=today), _parse_time(m[2]))
    return datetime.combine(parse_date(raw, today=today), time.min)


# --- numbers and money ------------------------------------------------------------------------


def parse_number(
    text: str, *, minimum: float | None = None, maximum: float | None = None
) -> int | float:
    """A count or a quantity: '12', '7.5', '1,200'; whole numbers come back as int."""
    raw = text.strip().replace(",", "")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValidationError(f"'{text.strip()}' is not a number. Type digits, e.g. 12.") from None
    if not value.is_finite():
        raise ValidationError(f"'{text.strip()}' is not a number. Type digits, e.g. 12.")
    if minimum is not None and value < Decimal(str(minimum)):
        raise ValidationError(f"This cannot be less than {minimum:g}.")
    if maximum is not None and value > Decimal(str(maximum)):
        raise ValidationError(f"This cannot be more than {maximum:g}.")
    return int(value) if value == value.to_integral_value() else float(value)


def parse_money(text: str) -> Decimal:
    """An amount in pounds: '95', '£95.50', '1,200'; never negative, at most two pence digits."""
    raw = text.strip().replace(",", "").replace(" ", "").removeprefix("£")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValidationError(
            f"'{text.strip()}' is not an amount. Type pounds and pence, e.g. 95 or 95.50."
        ) from None
    if not value.is_finite():
        raise ValidationError(f"'{text.strip()}' is not an amount, e.g. 95.50.")
    if value < 0:
        raise ValidationError("An amount cannot be negative.")
    if value != value.quantize(Decimal("0.01")):
        raise ValidationError("Give pence as two digits at most, e.g. 95.50.")
    return value.quantize(Decimal("0.01"))


# --- addresses and contact details ------------------------------------------------------------

# Outward code (area, district, optional sub-district letter) and inward code (sector digit and
# two unit letters, never C, I, K, M, O or V), as Royal Mail issues them.
_POSTCODE = re.compile(
    r"^([A-PR-UWYZ][A-HK-Y]?[0-9][0-9A-Z]?)\s*([0-9][ABD-HJLNP-UW-Z]{2})$|^(GIR)\s*(0AA)$"
)
_OUTWARD_ONLY = re.compile(r"^[A-Z]{1,2}[0-9][0-9A-Z]?$")


def check_postcode(text: str) -> str:
    """A UK postcode, returned upper case with one space: 'wf12ab' -> 'WF1 2AB'."""
    shown = text.strip()
    raw = re.sub(r"\s+", "", shown.upper())
    m = _POSTCODE.match(raw)
    if m:
        outward, inward = (m[1], m[2]) if m[1] else (m[3], m[4])
        return f"{outward} {inward}"
    if _OUTWARD_ONLY.match(raw):
        raise ValidationError(
            f"'{shown}' is only the first half of a postcode: add the rest, e.g. WF1 2AB."
        )
    raise ValidationError(f"'{shown}' is not a UK postcode. Type it like WF1 2AB.")


def check_phone(text: str) -> str:
    """A UK phone number (landline or mobile, +44 allowed), returned in its usual grouping.

    The grouping follows the number's kind so it reads back clearly on a call:
    07700 900123, 020 7946 0958, 0113 496 0000, 01924 302000, 0300 123 4567.
    """
    shown = text.strip()
    digits = re.sub(r"[\s().\-]", "", shown)
    if digits.startswith("+44"):
        digits = "0" + digits[3:].removeprefix("0")
    elif digits.startswith("0044"):
        digits = "0" + digits[4:].removeprefix("0")
    if not digits.isascii() or not digits.isdigit() or not digits.startswith("0"):
        raise ValidationError(f"'{shown}' is not a UK phone number, e.g. 01924 302000.")
    if len(digits) not in (10, 11):
        raise ValidationError(
            f"A UK phone number has 11 digits (a few have 10); '{shown}' has {len(digits)}."
        )
    if len(digits) == 10:
        return f"{digits[:5]} {digits[5:]}"
    if digits.startswith("02"):
        return f"{digits[:3]} {digits[3:7]} {digits[7:]}"
    if digits.startswith(("011", "03", "08", "09")) or (digits[:2] == "01" and digits[3] == "1"):
        return f"{digits[:4]} {digits[4:7]} {digits[7:]}"
    return f"{digits[:5]} {digits[5:]}"


_EMAIL = re.compile(r"^[^@\s]+@([^@\s.]+\.)+[^@\s.]{2,}$")


def check_email(text: str) -> str:
    """A plausible email address (something@somewhere.domain); the domain in lower case."""
    shown = text.strip()
    if not _EMAIL.match(shown):
        raise ValidationError(f"'{shown}' is not an email address, e.g. name@wakefield.gov.uk.")
    local, domain = shown.rsplit("@", 1)
    return f"{local}@{domain.lower()}"
