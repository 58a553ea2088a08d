"""Record lock-down (S3) as every reader applies it.

A restricted person is shown as "Restricted record" (no name, address or date of birth)
to anyone not named on the restriction; system admins see everyone.
"""

from __future__ import annotations

from sqlmodel import Session, select

from caretui.rules.permissions import Actor
from caretui.rules.roles import Role
from caretui.store.models import PersonRestriction

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
