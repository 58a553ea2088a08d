"""A person's service provisions (P7)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

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
class ServiceRow:
    id: int
    service_type: str
    provider: str
    start_date: date
    end_date: date | None
    units_per_week: float | None
    weekly_cost: float | None
    status: str
    notes: str
    recorded_by: str


def service_provisions(store: Store, actor: Actor, person_id: int) -> list[ServiceRow]:
    """P7: services provided, current first."""
    from caretui.store.models import ServiceProvision

    with store.read() as session:
        person_for(session, actor, person_id)
        rows = session.exec(
            select(ServiceProvision, User.name)
            .outerjoin(User, col(User.id) == ServiceProvision.created_by_id)
            .where(ServiceProvision.person_id == person_id)
            .order_by(
                col(ServiceProvision.end_date).is_not(None),
                col(ServiceProvision.start_date).desc(),
            )
        ).all()
        return [
            ServiceRow(
                r.id,  # type: ignore[arg-type]
                r.service_type,
                r.provider,
                r.start_date,
                r.end_date,
                r.units_per_week,
                r.weekly_cost,
                r.status,
                r.notes,
                by or "",
            )
            for r, by in rows
        ]
