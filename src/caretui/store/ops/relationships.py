"""A person's relationships and contacts (P4)."""

from __future__ import annotations

from datetime import date
from typing import Any

from caretui.rules import clock
from caretui.rules.permissions import (
    Action,
    Actor,
)
from caretui.store.db import Store
from caretui.store.errors import (
    DomainError,
    NotFound,
)
from caretui.store.models import (
    Person,
)
from caretui.store.ops.people import clean_person_fields, person_for_write
from caretui.store.ops.writing import (
    add_record,
    changes,
    check_version,
    get_row,
    transaction,
    write_edit,
)


def add_relationship(
    store: Store,
    actor: Actor,
    *,
    person_id: int,
    relationship_type: str,
    related_person_id: int | None = None,
    contact_name: str = "",
    organisation: str = "",
    phone: str = "",
    email: str = "",
    address: str = "",
    start_date: date | None = None,
) -> int:
    """P4: a related person on record, or an external contact with their details."""
    from caretui.store.models import Relationship

    if not relationship_type.strip():
        raise DomainError("Say how they are related (e.g. Daughter, Carer, GP).")
    if related_person_id is None and not contact_name.strip():
        raise DomainError("Give the contact's name, or choose a person on record.")
    if related_person_id == person_id:
        raise DomainError("A person cannot be related to themselves.")
    clean = clean_person_fields({"phone": phone, "email": email})
    with transaction(store) as session:
        person_for_write(session, actor, person_id, Action.ADD_RELATIONSHIP)
        if related_person_id is not None and session.get(Person, related_person_id) is None:
            raise NotFound(f"There is no person P{related_person_id}.")
        row = Relationship(
            person_id=person_id,
            related_person_id=related_person_id,
            relationship_type=relationship_type.strip(),
            contact_name=contact_name.strip(),
            organisation=organisation.strip(),
            phone=clean.get("phone", ""),
            email=clean.get("email", ""),
            address=address.strip(),
            start_date=start_date,
            created_at=clock.now(),
        )
        return add_record(
            session,
            store,
            actor,
            row,
            "relationship.create",
            person_id=person_id,
            detail={"type": relationship_type.strip(), "related_person_id": related_person_id},
        )


RELATIONSHIP_FIELDS = (
    "relationship_type",
    "contact_name",
    "organisation",
    "phone",
    "email",
    "address",
    "start_date",
    "end_date",
)


def update_relationship(
    store: Store, actor: Actor, relationship_id: int, *, expected_version: int, **fields: Any
) -> None:
    """P4: correct a relationship or a contact's details (a new phone number, an end date
    when someone stops being the carer). Each changed field goes in the audit trail with
    its old and new value; a save over someone else's newer change is refused."""
    from caretui.store.models import Relationship

    unknown = set(fields) - set(RELATIONSHIP_FIELDS)
    if unknown:
        raise ValueError(f"not relationship fields: {sorted(unknown)}")
    fields = {k: v.strip() if isinstance(v, str) else v for k, v in fields.items()}
    if "relationship_type" in fields and not fields["relationship_type"]:
        raise DomainError("Say how they are related (e.g. Daughter, Carer, GP).")
    fields.update(clean_person_fields({k: fields[k] for k in ("phone", "email") if k in fields}))
    with transaction(store) as session:
        row = get_row(session, Relationship, relationship_id, "relationship")
        person_for_write(session, actor, row.person_id, Action.ADD_RELATIONSHIP)
        check_version(row, expected_version, "relationship", session)
        if row.related_person_id is None and fields.get("contact_name", row.contact_name) == "":
            raise DomainError("Give the contact's name.")
        start = fields.get("start_date", row.start_date)
        end = fields.get("end_date", row.end_date)
        if start is not None and end is not None and end < start:
            raise DomainError("The relationship cannot end before it starts.")
        diff = changes({k: getattr(row, k) for k in fields}, fields)
        if diff:
            write_edit(
                session,
                store,
                actor,
                row,
                fields,
                diff,
                "relationship.update",
                person_id=row.person_id,
            )
