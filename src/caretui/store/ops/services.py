"""Service provisions for a person (P7)."""

from __future__ import annotations

from datetime import date

from caretui.rules import clock
from caretui.rules.permissions import (
    Action,
    Actor,
)
from caretui.store.db import Store
from caretui.store.errors import (
    DomainError,
)
from caretui.store.ops.people import person_for_write
from caretui.store.ops.writing import add_record, transaction


def add_service_provision(
    store: Store,
    actor: Actor,
    *,
    person_id: int,
    service_type: str,
    start_date: date,
    provider: str = "",
    end_date: date | None = None,
    units_per_week: float | None = None,
    weekly_cost: float | None = None,
    status: str = "Active",
    notes: str = "",
) -> int:
    """P7: a service provided to the person (admin / CSO maintain these)."""
    from caretui.store.models import ServiceProvision

    if not service_type.strip():
        raise DomainError("Say what the service is (e.g. Home care, Day centre).")
    if end_date is not None and end_date < start_date:
        raise DomainError("The service cannot end before it starts.")
    with transaction(store) as session:
        person_for_write(session, actor, person_id, Action.ADD_SERVICE_PROVISION)
        row = ServiceProvision(
            person_id=person_id,
            service_type=service_type.strip(),
            provider=provider.strip(),
            start_date=start_date,
            end_date=end_date,
            units_per_week=units_per_week,
            weekly_cost=weekly_cost,
            status=status,
            notes=notes.strip(),
            created_by_id=actor.id,
            created_at=clock.now(),
        )
        return add_record(
            session,
            store,
            actor,
            row,
            "service_provision.create",
            person_id=person_id,
            detail={"service": service_type.strip(), "provider": provider.strip()},
        )
