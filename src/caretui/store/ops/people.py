"""People: created, their details corrected, their record locked down to named users (S3)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session, select

from caretui.rules import clock
from caretui.rules.names import name_key
from caretui.rules.permissions import (
    Action,
    Actor,
    require,
)
from caretui.store import name_index
from caretui.store.db import Store
from caretui.store.errors import (
    DomainError,
    NotFound,
)
from caretui.store.models import (
    Person,
)
from caretui.store.ops.writing import changes, check_version, record_audit, transaction, write_edit
from caretui.store.queries.people import PERSON_FIELDS

PERSON_DETAILS = frozenset(PERSON_FIELDS) - {
    "first_name",
    "last_name",
    "date_of_birth",
    "date_of_death",
}
"""What a new person may be given besides their names and date of birth."""

UNPAID_CARER_ANSWERS = ("", "Yes", "No", "Unknown")
"""Client Level Data asks whether the person has an unpaid carer; blank until asked."""


def create_person(
    store: Store,
    actor: Actor,
    *,
    first_name: str,
    last_name: str,
    date_of_birth: date | None = None,
    **details: Any,
) -> int:
    """Add a person record; free-text details go through as typed, keys are derived."""
    with transaction(store) as session:
        require(actor, Action.EDIT_PERSON)
        return insert_person(
            session,
            store,
            actor,
            first_name=first_name,
            last_name=last_name,
            date_of_birth=date_of_birth,
            **details,
        ).id  # type: ignore[return-value]


def insert_person(
    session: Session,
    store: Store,
    actor: Actor,
    *,
    first_name: str,
    last_name: str,
    date_of_birth: date | None = None,
    audit_detail: dict[str, Any] | None = None,
    **details: Any,
) -> Person:
    """Insert a person, their name words and the audit entry, in the caller's transaction
    (after its permission check): ``create_person``, and a new contact's new person."""
    first_name, last_name = " ".join(first_name.split()), " ".join(last_name.split())
    if not first_name or not last_name:
        raise DomainError("A person needs a first name and a last name.")
    unknown = set(details) - PERSON_DETAILS
    if unknown:
        raise ValueError(f"not person fields: {sorted(unknown)}")
    now = clock.now()
    person = Person(
        first_name=first_name,
        last_name=last_name,
        first_name_key=name_key(first_name),
        last_name_key=name_key(last_name),
        date_of_birth=date_of_birth,
        created_at=now,
        updated_at=now,
        updated_by_id=actor.id,
        **details,
    )
    session.add(person)
    session.flush()
    name_index.index_person(session, person)
    record_audit(
        session,
        store,
        actor,
        "person.create",
        "person",
        person.id,
        person_id=person.id,
        detail={
            "first_name": first_name,
            "last_name": last_name,
            "dob": date_of_birth,
            **(audit_detail or {}),
        },
    )
    return person


def person_for_write(session: Session, actor: Actor, person_id: int, action: Action) -> Person:
    """The person, after the permission check and the lock-down check (S3)."""
    from caretui.store.queries.lockdown import person_for

    require(actor, action)
    return person_for(session, actor, person_id)


def clean_person_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """Typed person details checked and tidied; every problem at once, by field."""
    from caretui.rules.errors import FormInvalid
    from caretui.rules.validation import (
        ValidationError,
        check_email,
        check_nhs_number,
        check_phone,
        check_postcode,
    )

    checks = {
        "nhs_number": check_nhs_number,
        "postcode": check_postcode,
        "phone": check_phone,
        "email": check_email,
    }
    clean: dict[str, Any] = {}
    problems: dict[str, str] = {}
    for key, value in fields.items():
        if isinstance(value, str):
            value = " ".join(value.split())
        if key in ("first_name", "last_name") and not value:
            problems[key] = "A person needs a first name and a last name."
            continue
        if key == "has_unpaid_carer" and value not in UNPAID_CARER_ANSWERS:
            problems[key] = "Answer Yes, No or Unknown."
            continue
        if key in checks and value:
            try:
                value = checks[key](value)
            except ValidationError as exc:
                problems[key] = str(exc)
                continue
        clean[key] = value
    born, died = clean.get("date_of_birth"), clean.get("date_of_death")
    if born and born > clock.today():
        problems["date_of_birth"] = "The date of birth cannot be in the future."
    if born and died and died < born:
        problems["date_of_death"] = "The date of death cannot be before the date of birth."
    if problems:
        raise FormInvalid(problems)
    return clean


def update_person(
    store: Store, actor: Actor, person_id: int, *, expected_version: int, **fields: Any
) -> None:
    """Edit person details (name, dates, address, phone, NHS number with its check digit)."""
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise ValueError(f"not person fields: {sorted(unknown)}")
    clean = clean_person_fields(fields)
    with transaction(store) as session:
        person = person_for_write(session, actor, person_id, Action.EDIT_PERSON)
        check_version(person, expected_version, "person record", session)
        merged = {**{k: getattr(person, k) for k in PERSON_FIELDS}, **clean}
        clean_person_fields(
            {k: merged[k] for k in ("first_name", "last_name", "date_of_birth", "date_of_death")}
        )
        diff = changes({k: getattr(person, k) for k in clean}, clean)
        if not diff:
            return
        write_edit(session, store, actor, person, clean, diff, "person.update", person_id=person_id)
        person.first_name_key = name_key(person.first_name)
        person.last_name_key = name_key(person.last_name)
        if {"first_name", "last_name", "preferred_name"} & set(diff):
            name_index.index_person(session, person)


def restrict_person(store: Store, actor: Actor, person_id: int, user_ids: list[int]) -> None:
    """Lock a person record down to the named users (S3); system admins only."""
    from caretui.store.models import PersonRestriction

    if not user_ids:
        raise DomainError("Name at least one user who may still open the record.")
    with transaction(store) as session:
        require(actor, Action.RESTRICT_PERSON)
        person = session.get(Person, person_id)
        if person is None:
            raise NotFound(f"There is no person P{person_id}.")
        named = set(
            session.exec(
                select(PersonRestriction.user_id).where(PersonRestriction.person_id == person_id)
            ).all()
        )
        for user_id in user_ids:
            if user_id not in named:
                session.add(
                    PersonRestriction(
                        person_id=person_id,
                        user_id=user_id,
                        added_by_id=actor.id,
                        added_at=clock.now(),
                    )
                )
        person.restricted = True
        person.version += 1
        session.add(person)
        record_audit(
            session,
            store,
            actor,
            "person.restrict",
            "person",
            person_id,
            person_id=person_id,
            detail={"named_user_ids": sorted(set(user_ids) | named)},
        )
