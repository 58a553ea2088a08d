"""Answers for the sandbox's finished forms that pass their own spec's checks.

Trainers show completed and closed forms to a classroom: a form "Complete — waiting for a
manager" with its questions empty would not survive a careful look. Every finished form
gets the curated answers in ``words.FORM_ANSWERS`` and, for each required question they
leave open (including questions a previous answer reveals), a plain answer its type
accepts. The filled-in template is made once per form type; the date answers are the
day the form was finished.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any

from caretui.rules.forms import Field, load_spec, visible_fields
from caretui.sandbox import words

if TYPE_CHECKING:
    from sqlalchemy import Connection

DAY = "@finished@"  # stands for the day the form was finished, in the template
SAFER_NO = ("concern", "safeguarding", "interpreter", "advocate", "risk", "urgent")
NOTES = (
    "Discussed with the person and recorded as they described it.",
    "Agreed with the person; to be looked at again at the review.",
    "As the person and their family described it on the visit.",
)


def _value(field: Field) -> Any:
    kind = field.type
    if kind == "date" and "birth" in field.key:
        return "1944-05-12"  # someone cared for, not born the day the form was finished
    if kind == "text" and field.key.endswith("name"):
        return "Margaret Ellis"
    if kind == "multichoice":
        return [field.options[0]] if field.options else []
    if kind == "choice":
        return field.options[0] if field.options else "Yes"
    if kind == "yesno":
        return "No" if any(word in field.key for word in SAFER_NO) else "Yes"
    if kind in ("date", "datetime"):
        return DAY
    if kind in ("number", "money"):
        return str(int(field.minimum)) if field.minimum and field.minimum > 0 else "1"
    if kind == "nhs_number":
        return "9434765919"
    if kind == "postcode":
        return "WF1 2AB"
    if kind == "table":  # a read-only column is the app's lookup to fill, never typed
        return [{c.key: "" if c.readonly else _value(c) for c in field.columns}]
    if kind == "text" and field.key == "relationship":
        return "Mother"
    text = NOTES[len(field.key) % len(NOTES)]
    return text[: field.max_length] if field.max_length else text


@cache
def _template(form_type: str) -> tuple[tuple[str, Any], ...]:
    spec = load_spec(form_type)
    answers: dict[str, Any] = dict(words.FORM_ANSWERS.get(form_type, {}))
    for _ in range(5):  # an answer can reveal more required questions
        missing = [
            f
            for f in visible_fields(spec, answers)
            if f.required
            and answers.get(f.key) in (None, "", [])
            and not (f.prefill and f.prefill.startswith("person."))
        ]
        if not missing:
            break
        for field in missing:
            answers[field.key] = _value(field)
    return tuple(answers.items())


def _dated(value: Any, day: str) -> Any:
    if value == DAY:
        return day
    if isinstance(value, list):
        return [_dated(v, day) for v in value]
    if isinstance(value, dict):
        return {k: _dated(v, day) for k, v in value.items()}
    return value


def finished_answers(form_type: str, finished: date) -> Mapping[str, Any]:
    """Every answer a finished form of this type holds, dated the day it was finished."""
    day = finished.isoformat()
    return {key: _dated(value, day) for key, value in _template(form_type)}


def _person_fields(form_type: str) -> list[Field]:
    return [f for f in load_spec(form_type).fields if f.prefill and f.prefill.startswith("person.")]


def person_value(source: str, person: Mapping[str, Any]) -> Any:
    """What a form field prefilled from the person record holds (as the form shows it)."""
    if source == "person.name":
        return f"{person['first_name']} {person['last_name']}"
    if source == "person.address":
        parts = ("address_line1", "address_line2", "town", "postcode")
        return ", ".join(str(person[p]) for p in parts if person[p])
    if source == "person.date_of_birth":
        born = person["date_of_birth"]
        return str(born)[:10] if born else ""
    if source == "person.service_user_group":
        return person["primary_service_user_group"]
    return person.get(source.removeprefix("person."), "")


CARERS_FORMS = ("carers_conversation_record", "carers_support_plan_review")


def fill_cared_for(connection: Connection) -> int:
    """A finished carers form names the person its carer's record says they care for
    ("Cared for"), by ID when that person is on record, as the wizard's lookup keeps them.
    Returns how many forms were filled."""
    from sqlalchemy import and_, select, update

    from caretui.store.models import Case, FormAnswer, FormInstance, Person, Relationship
    from caretui.store.queries.carers import CARED_FOR

    form, case, rel = FormInstance.__table__, Case.__table__, Relationship.__table__
    person, answers = Person.__table__, FormAnswer.__table__
    rows = connection.execute(
        select(
            form.c.id,
            rel.c.related_person_id,
            rel.c.contact_name,
            person.c.first_name,
            person.c.last_name,
            person.c.date_of_birth,
        )
        .join(case, case.c.id == form.c.case_id)
        .join(
            rel, and_(rel.c.person_id == case.c.person_id, rel.c.relationship_type == "Cared for")
        )
        .outerjoin(person, person.c.id == rel.c.related_person_id)
        .where(and_(form.c.status != "in_progress", form.c.form_type.in_(CARERS_FORMS)))
        .order_by(form.c.id, rel.c.id)
    ).mappings()
    filled: dict[int, dict[str, Any]] = {}
    for row in rows:
        if row["id"] in filled:
            continue
        on_record = row["related_person_id"] is not None
        born = row["date_of_birth"]
        filled[row["id"]] = {
            "full_name": f"{row['first_name']} {row['last_name']}"
            if on_record
            else row["contact_name"],
            "person_id": row["related_person_id"] if on_record else "",
            "date_of_birth": str(born)[:10] if born else "",
            "relationship": CARED_FOR,
            "lives_with_carer": "",
        }
    for form_id, cared_for in filled.items():
        connection.execute(
            update(answers)
            .where(and_(answers.c.form_id == form_id, answers.c.field_key == "cared_for"))
            .values(value=[cared_for])
        )
    return len(filled)


def fill_from_people(connection: Connection) -> int:
    """A finished form's questions prefilled from the person record hold the person's
    own details (name, date of birth, address...), as saving it in the app would have
    kept them, and a carers form names whom its carer cares for. Returns how many answers
    were written."""
    written = fill_cared_for(connection)
    from sqlalchemy import and_, delete, insert, select

    from caretui.rules.form_types import BY_KEY
    from caretui.store.models import Case, FormAnswer, FormInstance, Person

    wanted = {key: fields for key in BY_KEY if (fields := _person_fields(key))}
    if not wanted:
        return written
    form, case, person = FormInstance.__table__, Case.__table__, Person.__table__
    rows = connection.execute(
        select(form.c.id, form.c.form_type, person)
        .join(case, case.c.id == form.c.case_id)
        .join(person, person.c.id == case.c.person_id)
        .where(and_(form.c.status != "in_progress", form.c.form_type.in_(list(wanted))))
    ).mappings()
    answers = FormAnswer.__table__
    for row in rows:
        for field in wanted[row["form_type"]]:
            assert field.prefill is not None
            value = person_value(field.prefill, row)
            connection.execute(
                delete(answers).where(
                    and_(answers.c.form_id == row["id"], answers.c.field_key == field.key)
                )
            )
            connection.execute(
                insert(answers).values(form_id=row["id"], field_key=field.key, value=value)
            )
            written += 1
    return written
