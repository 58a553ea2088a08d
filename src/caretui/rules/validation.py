"""Checking what practitioners type: NHS numbers, dates, postcodes, phone numbers.

Each function returns the clean value or raises :class:`ValidationError` whose message
says what is wrong in the practitioner's words. Nothing here throws away what was typed:
the caller keeps the text and shows the message beside it.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from caretui.rules.errors import PracticeError


class ValidationError(PracticeError):
    pass


# --- NHS number (modulus 11) -------------------------------------------------------------


def nhs_check_digit(nine_digits: str) -> int | None:
    """The NHS number check digit for the first nine digits, or None when none exists.

    Weights 10..2 over the digits; the check digit is 11 minus the remainder mod 11,
    where 11 becomes 0 and 10 means the number is never issued.
    """
    if len(nine_digits) != 9 or not nine_digits.isdigit():
        raise ValueError("nine digits expected")
    total = sum(int(d) * w for d, w in zip(nine_digits, range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def check_nhs_number(text: str) -> str:
    """Ten digits (spaces or dashes allowed) whose last digit is the right check digit."""
    digits = re.sub(r"[\s-]", "", text)
    if not digits.isdigit() or len(digits) != 10:
        raise ValidationError("An NHS number has 10 digits, e.g. 943 476 5919.")
    expected = nhs_check_digit(digits[:9])
    if expected is None or expected != int(digits[9]):
        raise ValidationError(
            "This NHS number's last digit does not match the rest: check it was typed correctly."
        )
    return digits


# --- dates -------------------------------------------------------------------------------

MONTHS = {
    name: n
    for n, names in enumerate(
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
RELATIVE = {"today": 0, "yesterday": -1, "tomorrow": 1}
_NUMERIC = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_WORDS = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})$")


def _year(text: str, today: date) -> int:
    """Four-digit years as typed; two digits mean the most recent such year up to today."""
    year = int(text)
    if len(text) == 4:
        return year
    century = today.year - today.year % 100
    full = century + year
    return full if full <= today.year else full - 100


def parse_date(text: str, *, today: date | None = None) -> date:
    """A date in the forms people type: 12/03/1948, 12-3-48, 1948-03-12, 12 Mar 1948, today.

    Day first, as in the UK. A two-digit year means the latest such year not after today
    (12/03/48 is 1948), which suits dates of birth and recent events alike.
    """
    from caretui.rules import clock

    today = today or clock.today()
    raw = " ".join(text.strip().lower().split())
    if not raw:
        raise ValidationError("Type a date, e.g. 24/11/2026.")
    if raw in RELATIVE:
        return today + timedelta(days=RELATIVE[raw])
    if m := _ISO.match(raw):
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
    elif m := _NUMERIC.match(raw):
        d, mo, y = int(m[1]), int(m[2]), _year(m[3], today)
    elif m := _WORDS.match(raw):
        month = MONTHS.get(m[2])
        if month is None:
            raise ValidationError(f"'{m[2]}' is not a month. Try 12 Mar 1948 or 12/03/1948.")
        d, mo, y = int(m[1]), month, int(m[3])
    else:
        raise ValidationError(
            f"'{text.strip()}' is not a date caretui understands. Type it as 24/11/2026."
        )
    try:
        return date(y, mo, d)
    except ValueError:
        raise ValidationError(f"{text.strip()} is not a real date.") from None


def parse_date_or_none(text: str, *, today: date | None = None) -> date | None:
    return parse_date(text, today=today) if text.strip() else None


_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})$")


def parse_datetime(text: str, *, today: date | None = None) -> datetime:
    """A date with an optional time, e.g. '24/11/2026 14:30'; no time means midnight."""
    raw = text.strip()
    parts = raw.rsplit(" ", 1)
    if len(parts) == 2 and (m := _TIME.match(parts[1])):
        day = parse_date(parts[0], today=today)
        hour, minute = int(m[1]), int(m[2])
        if hour > 23 or minute > 59:
            raise ValidationError(f"{parts[1]} is not a time of day. Use 24-hour time, e.g. 14:30.")
        return datetime.combine(day, time(hour, minute))
    return datetime.combine(parse_date(raw, today=today), time.min)


# --- addresses and contact details ----------------------------------------------------------

_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})$")


def check_postcode(text: str) -> str:
    """A UK postcode, returned upper case with one space: 'wf12ab' -> 'WF1 2AB'."""
    raw = text.strip().upper()
    m = _POSTCODE.match(raw)
    if not m:
        raise ValidationError(f"'{text.strip()}' is not a UK postcode, e.g. WF1 2AB.")
    return f"{m[1]} {m[2]}"


def check_phone(text: str) -> str:
    digits = re.sub(r"[\s()-]", "", text.strip())
    if digits.startswith("+44"):
        digits = "0" + digits[3:]
    if not digits.isdigit() or not 10 <= len(digits) <= 11 or not digits.startswith("0"):
        raise ValidationError(f"'{text.strip()}' is not a UK phone number, e.g. 01924 302000.")
    return text.strip()


def check_email(text: str) -> str:
    raw = text.strip()
    if not re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", raw):
        raise ValidationError(f"'{raw}' is not an email address.")
    return raw
