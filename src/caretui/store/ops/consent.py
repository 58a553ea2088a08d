"""Consent (R2), kept on the person with its history: given, re-confirmed, refused,
withdrawn, or no consent with the lawful basis to proceed. Entries are never edited."""

from __future__ import annotations

from sqlmodel import Session, col, select

from caretui.rules import clock
from caretui.rules.consent import (
    ConsentEvent,
    ConsentEventKind,
    ConsentNature,
    LawfulBasis,
    consent_event_problems,
)
from caretui.rules.errors import FormInvalid
from caretui.rules.permissions import Action, Actor, require
from caretui.rules.wording import as_member
from caretui.store.db import Store
from caretui.store.errors import DomainError
from caretui.store.models import ConsentEvent as ConsentRecord
from caretui.store.models import User
from caretui.store.ops.writing import add_record, transaction
from caretui.store.queries.consent import consent_events
from caretui.store.queries.lockdown import person_for


class ConsentInvalid(FormInvalid, DomainError):
    """The consent entry is not complete; ``problems`` maps each field to what it needs."""


def consent_problems(
    session: Session, person_id: int | None, event: ConsentEvent
) -> dict[str, str]:
    """What the entry still needs, checked against the person's stored history."""
    history = consent_events(session, person_id) if person_id is not None else []
    return consent_event_problems(event, today=clock.today(), history=history)


def _obtained_by(session: Session, actor: Actor, name: str) -> int | None:
    """The user who obtained it, when the name recorded is one user's (usually the actor)."""
    name = name.strip()
    if name == actor.name:
        return actor.id
    found = session.exec(
        select(User.id).where(User.name == name, col(User.disabled).is_(False)).limit(2)
    ).all()
    return found[0] if len(found) == 1 else None


def insert_consent(
    session: Session, store: Store, actor: Actor, person_id: int, event: ConsentEvent
) -> int:
    """Insert a checked consent entry and its audit entry, in the caller's transaction."""
    kind = as_member(ConsentEventKind, event.kind)
    nature = as_member(ConsentNature, event.nature)
    basis = as_member(LawfulBasis, event.lawful_basis)
    assert kind is not None and event.on is not None
    row = ConsentRecord(
        person_id=person_id,
        kind=kind.value,
        on=event.on,
        by_id=_obtained_by(session, actor, event.by),
        by_name=event.by.strip(),
        nature=nature.value if nature else "",
        representative_name=event.representative_name.strip(),
        representative_relationship=event.representative_relationship.strip(),
        other_means=event.other_means.strip(),
        to_share_information=event.to_share_information,
        lawful_basis=basis.value if basis else "",
        justification=event.justification.strip(),
        best_interests_ref=event.best_interests_ref.strip(),
        best_interests_on=event.best_interests_on,
        reason=event.reason.strip(),
        created_at=clock.now(),
        created_by_id=actor.id,
    )
    return add_record(
        session,
        store,
        actor,
        row,
        "consent.create",
        person_id=person_id,
        detail={
            "kind": row.kind,
            "on": row.on,
            "by": row.by_name,
            "nature": row.nature,
            "lawful_basis": row.lawful_basis,
            "to_share_information": row.to_share_information,
        },
    )


def record_consent(store: Store, actor: Actor, person_id: int, event: ConsentEvent) -> int:
    """Add an entry to the person's consent history (standard 2.1: recorded and regularly
    re-confirmed; 2.4 withdrawn with the reason where known; 2.5 no consent only on a
    lawful basis). Returns the entry's id."""
    with transaction(store) as session:
        require(actor, Action.RECORD_CONSENT)
        person_for(session, actor, person_id)
        problems = consent_problems(session, person_id, event)
        if problems:
            raise ConsentInvalid(problems)
        return insert_consent(session, store, actor, person_id, event)
