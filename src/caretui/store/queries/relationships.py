"""A person's relationships and contacts (P4)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import aliased
from sqlmodel import col, select

from caretui.rules.permissions import Actor
from caretui.store.db import Store
from caretui.store.models import (
    Person,
    Relationship,
)
from caretui.store.queries.case_record import address_of
from caretui.store.queries.lockdown import (
    RESTRICTED,
    is_hidden,
    person_for,
    person_name,
    unlocked_ids,
)


@dataclass(frozen=True)
class RelationshipRow:
    id: int
    related_person_id: int | None  # None for an external contact
    name: str
    relationship_type: str
    organisation: str
    phone: str
    email: str
    address: str
    start_date: date | None
    end_date: date | None
    restricted: bool = False
    version: int = 1

    @property
    def kind(self) -> str:
        return "Person on record" if self.related_person_id else "External contact"


def relationships(store: Store, actor: Actor, person_id: int) -> list[RelationshipRow]:
    """P4: related people (their details from their own record) and external contacts."""
    with store.read() as session:
        person_for(session, actor, person_id)
        unlocked = unlocked_ids(session, actor)
        other = aliased(Person)
        rows = session.exec(
            select(Relationship, other)
            .outerjoin(other, col(other.id) == Relationship.related_person_id)
            .where(Relationship.person_id == person_id)
            .order_by(col(Relationship.end_date).is_not(None), col(Relationship.id))
        ).all()
        out = []
        for rel, person in rows:
            if person is not None and is_hidden(person.restricted, person.id, unlocked):
                out.append(
                    RelationshipRow(
                        rel.id,  # type: ignore[arg-type]
                        person.id,
                        RESTRICTED,
                        rel.relationship_type,
                        "",
                        "",
                        "",
                        "",
                        rel.start_date,
                        rel.end_date,
                        True,
                        rel.version,
                    )
                )
                continue
            out.append(
                RelationshipRow(
                    id=rel.id,  # type: ignore[arg-type]
                    related_person_id=rel.related_person_id,
                    name=person_name(person.first_name, person.last_name)
                    if person
                    else rel.contact_name,
                    relationship_type=rel.relationship_type,
                    organisation=rel.organisation,
                    phone=rel.phone or (person.phone if person else ""),
                    email=rel.email or (person.email if person else ""),
                    address=rel.address or (address_of(person) if person else ""),
                    start_date=rel.start_date,
                    end_date=rel.end_date,
                    version=rel.version,
                )
            )
        return out
