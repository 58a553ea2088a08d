"""What the front door's screens have typed, read as the rules' values.

The new-contact wizard and the person record's consent dialogs keep answers as the form
renderer does (choices as their stored values, dates as ISO text or dates, yes/no as
"Yes"/"No"). These functions turn them into :class:`ContactDraft`, :class:`ConsentEvent`,
:class:`NewPerson` and the new person's fields, and put the rules' messages back on the
answers they are about, so a practitioner reads each one beside its field.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime, time
from typing import Any

from caretui.rules.consent import ConsentEvent, ConsentEventKind, ConsentNature, LawfulBasis
from caretui.rules.duplicates import NewPerson
from caretui.rules.forms import Field
from caretui.rules.referrals import ContactDraft, ReferralSource
from caretui.rules.validation import ValidationError, parse_datetime
from caretui.rules.wording import Choice, as_member

STORE_NAMES = {"dob_estimated": "date_of_birth_estimated"}
"""The new person's answers whose field the store names otherwise."""


CONSENT_FIELDS = {
    "kind": "consent_kind",
    "on": "consent_on",
    "nature": "consent_nature",
    "reason": "consent_reason",
}
"""Where :func:`consent_event_problems` keys differ from the answers' names."""


def with_options(field: Field, members: Sequence[Choice]) -> Field:
    """A choice question offering one of the rules' lists: stored values, read as labels."""
    return replace(
        field,
        options=tuple(m.value for m in members),
        option_labels=tuple((m.value, m.label) for m in members),
    )


def text(answers: Mapping[str, Any], key: str) -> str:
    value = answers.get(key)
    return "" if value is None else str(value).strip()


def day(value: Any) -> date | None:
    """A date answer: a date, or ISO text as the form keeps it; None when blank or bad."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def read_time(value: Any) -> time | None:
    """'14:30', '2.30pm', '9am'; None when blank or not a time of day."""
    try:
        return parse_datetime(f"01/01/2000 {value}").time() if text({"v": value}, "v") else None
    except ValidationError:
        return None


def time_problem(value: Any) -> str:
    """Why a typed time is not one ('' when it is, or when nothing is typed)."""
    typed = text({"v": value}, "v")
    if not typed:
        return ""
    try:
        parse_datetime(f"01/01/2000 {typed}")
    except ValidationError as exc:
        return str(exc)
    return ""


def yes(answers: Mapping[str, Any], key: str) -> bool:
    return text(answers, key) == "Yes"


# --- the contact ------------------------------------------------------------------------------


def contact_draft(answers: Mapping[str, Any]) -> ContactDraft:
    source = as_member(ReferralSource, answers.get("source"))
    asks_referrer = source is None or source.needs_referrer
    return ContactDraft(
        contact_date=day(answers.get("contact_date")),
        contact_time=read_time(answers.get("contact_time")),
        source=source,
        referrer_name=text(answers, "referrer_name") if asks_referrer else "",
        referrer_contact=text(answers, "referrer_contact") if asks_referrer else "",
        route=text(answers, "route") or None,
        reason=text(answers, "reason"),
        urgency=text(answers, "urgency") or None,
    )


def contact_at(answers: Mapping[str, Any]) -> datetime | None:
    return contact_draft(answers).contact_at


# --- the person -------------------------------------------------------------------------------


def new_person(answers: Mapping[str, Any]) -> NewPerson:
    """What the duplicate check looks at."""
    return NewPerson(
        first_name=text(answers, "first_name"),
        last_name=text(answers, "last_name"),
        date_of_birth=day(answers.get("date_of_birth")),
        dob_estimated=yes(answers, "dob_estimated"),
        nhs_number=text(answers, "nhs_number"),
        postcode=text(answers, "postcode"),
    )


def new_person_fields(answers: Mapping[str, Any], asked: Sequence[Field]) -> dict[str, Any]:
    """The new person record as ``record_contact`` takes it, from the questions ``asked``:
    dates as dates, yes or no as True or False, the rest as typed (trimmed)."""
    fields: dict[str, Any] = {}
    for f in asked:
        name = STORE_NAMES.get(f.key, f.key)
        if f.type == "date":
            fields[name] = day(answers.get(f.key))
        elif f.type == "yesno":
            fields[name] = yes(answers, f.key)
        else:
            fields[name] = text(answers, f.key)
    return fields


def person_name(answers: Mapping[str, Any]) -> str:
    if text(answers, "person_mode") == "existing":
        return text(answers, "person_name")
    return " ".join(x for x in (text(answers, "first_name"), text(answers, "last_name")) if x)


# --- consent ----------------------------------------------------------------------------------


def consent_event(answers: Mapping[str, Any], by: str) -> ConsentEvent | None:
    """The consent entry the answers describe; None when none is being recorded."""
    kind = as_member(ConsentEventKind, answers.get("consent_kind"))
    if kind is None:
        return None
    gives = kind in (ConsentEventKind.GIVEN, ConsentEventKind.RECONFIRMED)
    nature = as_member(ConsentNature, answers.get("consent_nature")) if gives else None
    basis = (
        as_member(LawfulBasis, answers.get("lawful_basis"))
        if kind is ConsentEventKind.NO_CONSENT
        else None
    )
    representative = nature is ConsentNature.REPRESENTATIVE
    ends = kind in (ConsentEventKind.REFUSED, ConsentEventKind.WITHDRAWN)
    return ConsentEvent(
        kind=kind,
        on=day(answers.get("consent_on")),
        by=by,
        nature=nature,
        representative_name=text(answers, "representative_name") if representative else "",
        representative_relationship=(
            text(answers, "representative_relationship") if representative else ""
        ),
        other_means=text(answers, "other_means") if nature is ConsentNature.OTHER else "",
        to_share_information=text(answers, "to_share_information") != "No",
        lawful_basis=basis,
        justification=text(answers, "justification") if basis else "",
        best_interests_ref=(
            text(answers, "best_interests_ref") if basis is LawfulBasis.LACKS_CAPACITY else ""
        ),
        best_interests_on=(
            day(answers.get("best_interests_on")) if basis is LawfulBasis.LACKS_CAPACITY else None
        ),
        reason=text(answers, "consent_reason") if ends else "",
    )


CONSENT_ANSWERS = frozenset(
    {
        "representative_name",
        "representative_relationship",
        "other_means",
        "to_share_information",
        "lawful_basis",
        "justification",
        "best_interests_ref",
        "best_interests_on",
    }
)


def consent_field(problem_key: str) -> str:
    """The answer a consent problem is about: a :func:`consent_event_problems` key, or the
    store's (``record_contact`` prefixes them ``consent_``)."""
    bare = problem_key.removeprefix("consent_")
    if bare in CONSENT_ANSWERS:
        return bare
    return CONSENT_FIELDS.get(problem_key, problem_key)


def on_consent_fields(problems: Mapping[str, str]) -> dict[str, str]:
    return {consent_field(key): message for key, message in problems.items()}
