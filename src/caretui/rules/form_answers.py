"""An answer as it is stored, as it is shown, and as a new form starts with it.

A practitioner types "12/3/1948"; the store keeps "1948-03-12" and the form shows
"12/03/1948". Whether an answer is right at all is :func:`caretui.rules.forms.validate`'s
business; here nothing typed is ever lost: what does not parse is kept as typed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from caretui.rules import clock
from caretui.rules.forms import Field, FormSpec, is_blank, visible_fields
from caretui.rules.validation import (
    ValidationError,
    check_email,
    check_nhs_number,
    check_phone,
    check_postcode,
    format_nhs_number,
    parse_date,
    parse_datetime,
    parse_money,
    parse_number,
)

__all__ = [
    "clean_answers",
    "display_value",
    "initial_answers",
    "locked_fields",
    "normalise",
    "option_pairs",
]


def normalise(f: Field, value: Any, *, today: date | None = None) -> Any:
    """The answer as it is stored: ISO dates, bare NHS digits, tidy postcodes, pence as 0.00.

    An answer that does not parse is returned as typed, so nothing typed is ever lost;
    :func:`caretui.rules.forms.validate` says what is wrong with it.
    """
    if is_blank(value):
        return [] if f.type in ("multichoice", "table") else ""
    today = today or clock.today()
    try:
        if f.type == "table":
            if not isinstance(value, list):
                return value
            return [
                {c.key: normalise(c, row.get(c.key), today=today) for c in f.columns}
                if isinstance(row, dict)
                else row
                for row in value
                if not is_blank(row)
            ]
        if f.type == "multichoice":
            ticked = {str(v) for v in (value if isinstance(value, list) else [value])}
            return [o for o in f.options if o in ticked] + sorted(ticked - set(f.options))
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            return value
        text = str(value).strip()
        if f.type == "date":
            return parse_date(text, today=today).isoformat()
        if f.type == "datetime":
            return parse_datetime(text, today=today).isoformat(timespec="minutes")
        if f.type == "number":
            return parse_number(text)
        if f.type == "money":
            return f"{parse_money(text):.2f}"
        if f.type == "nhs_number":
            return check_nhs_number(text)
        if f.type == "postcode":
            return check_postcode(text)
        if f.type == "phone":
            return check_phone(text)
        if f.type == "email":
            return check_email(text)
        if f.type == "textarea":
            return str(value).rstrip()
        return text
    except ValidationError:
        return value.strip() if isinstance(value, str) else value


def display_value(f: Field, value: Any) -> str:
    """An answer as a practitioner reads it (dates day first, money in pounds); '' when blank."""
    if is_blank(value):
        return ""
    try:
        if f.type == "date":
            return date.fromisoformat(str(value)).strftime("%d/%m/%Y")
        if f.type == "datetime":
            return datetime.fromisoformat(str(value)).strftime("%d/%m/%Y %H:%M")
        if f.type == "money":
            return f"£{parse_money(str(value)):,.2f}"
        if f.type == "nhs_number":
            return format_nhs_number(str(value))
    except (ValueError, ValidationError):
        return str(value)
    if f.type in ("choice", "yesno"):
        return f.option_label(value)
    if f.type == "multichoice":
        ticked = value if isinstance(value, list) else [value]
        return ", ".join(f.option_label(v) for v in ticked)
    if f.type == "table":
        rows = [r for r in value if not is_blank(r)] if isinstance(value, list) else []
        return f"{len(rows)} row{'s' * (len(rows) != 1)}"
    return str(value)


def clean_answers(
    spec: FormSpec,
    answers: Mapping[str, Any],
    *,
    today: date | None = None,
    every_field: bool = False,
) -> dict[str, Any]:
    """The answers to store: shown fields only, each normalised; hidden answers dropped.

    Keys the spec does not know are dropped. With ``every_field`` each shown field appears,
    blank ("" or []) when unanswered, so two readings of a form always compare key for key.
    """
    today = today or clock.today()
    return {
        f.key: normalise(f, answers.get(f.key), today=today)
        for f in visible_fields(spec, answers)
        if f.holds_answer and (every_field or f.key in answers)
    }


def initial_answers(
    spec: FormSpec,
    answers: Mapping[str, Any],
    prefill: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Answers with the blanks filled: from the record (``prefill``), then spec defaults.

    A read-only prefilled field always shows what the record holds now, because the record
    is where that fact is kept; an editable one only fills a blank.
    """
    out = dict(answers)
    context = dict(prefill or {})
    for f in spec.fields:
        source = context.get(f.prefill) if f.prefill else None
        if not is_blank(source) and (f.readonly or is_blank(out.get(f.key))):
            out[f.key] = source
        elif f.default is not None and is_blank(out.get(f.key)):
            out[f.key] = f.default
    return out


def locked_fields(spec: FormSpec, prefill: Mapping[str, Any] | None) -> set[str]:
    """Read-only fields the record has supplied; without a value they are typed on the form."""
    context = prefill or {}
    return {
        f.key
        for f in spec.fields
        if f.readonly and f.prefill is not None and not is_blank(context.get(f.prefill))
    }


def option_pairs(f: Field, extra: Iterable[str] = ()) -> list[tuple[str, str]]:
    """(label, value) pairs for a choice, with any stored value no longer offered kept last."""
    pairs = [(f.option_label(o), o) for o in f.choices]
    for value in extra:
        if value not in f.choices:
            pairs.append((f"{value} (no longer an option)", value))
    return pairs
