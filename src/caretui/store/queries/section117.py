"""A person's Section 117 aftercare entitlements (P6)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import col, select

from caretui.rules.permissions import Actor
from caretui.store.db import Store
from caretui.store.models import (
    User,
)
from caretui.store.queries.lockdown import (
    person_for,
)


@dataclass(frozen=True)
class Section117Row:
    id: int
    detention_section: str
    start_date: date
    end_date: date | None
    status: str
    organisation_responsible: str
    aftercare_summary: str
    recorded_by: str
    recorded_at: datetime
    version: int


def section117_entitlements(store: Store, actor: Actor, person_id: int) -> list[Section117Row]:
    """P6: Section 117 aftercare entitlements, newest first."""
    from caretui.store.models import Section117

    with store.read() as session:
        person_for(session, actor, person_id)
        rows = session.exec(
            select(Section117, User.name)
            .outerjoin(User, col(User.id) == Section117.created_by_id)
            .where(Section117.person_id == person_id)
            .order_by(col(Section117.start_date).desc())
        ).all()
        return [
            Section117Row(
                r.id,  # type: ignore[arg-type]
                r.detention_section,
                r.start_date,
                r.end_date,
                r.status,
                r.organisation_responsible,
                r.aftercare_summary,
                by or "",
                r.created_at,
                r.version,
            )
            for r, by in rows
        ]
