"""Record lock-down (S3) as every reader applies it.

A restricted person is shown as "Restricted record" (no name, address or date of birth)
to anyone not named on the restriction; system admins see everyone.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from caretui.rules.permissions import Actor
from caretui.rules.roles import Role
from caretui.store.models import (
    Person,
    PersonRestriction,
    User,
)

RESTRICTED = "Restricted record"


def unlocked_ids(session: Session, actor: Actor) -> frozenset[int] | None:
    """Restricted people this actor may see; ``None`` means all (system admins)."""
    if actor.role is Role.SYSTEM_ADMIN:
        return None
    rows = session.exec(
        select(PersonRestriction.person_id).where(PersonRestriction.user_id == actor.id)
    ).all()
    return frozenset(rows)


def is_hidden(restricted: bool, person_id: int, unlocked: frozenset[int] | None) -> bool:
    return restricted and unlocked is not None and person_id not in unlocked


def person_name(first: str, last: str) -> str:
    return f"{first} {last}".strip()


class RecordLocked(Exception):
    """Raised to screens when a restricted record is opened by someone not named on it."""


def locked_message() -> str:
    return (
        "This record is restricted. Only the people named on the restriction can open it. "
        "If you need access, ask your team manager to contact Adults System Support."
    )


def check_unlocked(session: Session, actor: Actor, person_id: int) -> None:
    from caretui.store.errors import NotFound

    person = session.get(Person, person_id)
    if person is None or is_hidden(person.restricted, person_id, unlocked_ids(session, actor)):
        raise NotFound(locked_message())


def restricted_refusal(session: Session) -> str:
    """What an unnamed user is told when they open a restricted record: whom to ask."""
    admins = session.exec(
        select(User.name)
        .where(User.role == Role.SYSTEM_ADMIN, col(User.disabled).is_(False))
        .order_by(col(User.name))
    ).all()
    who = f"a system administrator ({', '.join(admins)})" if admins else "Adults System Support"
    return (
        "This record is restricted: only the people named on the restriction can open it. "
        f"If you need access for your work, ask your team manager to request it from {who}."
    )


def person_for(session: Session, actor: Actor, person_id: int) -> Person:
    """The person, or the refusal a practitioner can act on (unknown, or restricted)."""
    from caretui.store.errors import NotFound, RecordRestricted

    person = session.get(Person, person_id)
    if person is None:
        raise NotFound(f"There is no person P{person_id}.")
    if is_hidden(person.restricted, person_id, unlocked_ids(session, actor)):
        raise RecordRestricted(restricted_refusal(session))
    return person
