"""Section 117 aftercare entitlements (P6)."""

from __future__ import annotations

from datetime import date
from typing import Any

from caretui.rules import clock
from caretui.rules.permissions import (
    Action,
    Actor,
    require,
)
from caretui.store.db import Store
from caretui.store.errors import (
    DomainError,
)
from caretui.store.ops.people import person_for_write
from caretui.store.ops.writing import (
    add_record,
    changes,
    check_version,
    get_row,
    record_audit,
    transaction,
    write_edit,
)


def create_section117(
    store: Store,
    actor: Actor,
    *,
    person_id: int,
    detention_section: str,
    start_date: date,
    end_date: date | None = None,
    status: str = "Entitled",
    aftercare_summary: str = "",
    organisation_responsible: str = "",
) -> int:
    """P6: a Section 117 aftercare entitlement; the guide says practitioners leave
    "organisation responsible" for admin / CSO, so only they may fill it."""
    from caretui.store.models import Section117

    if organisation_responsible.strip():
        require(actor, Action.SET_S117_ORGANISATION)
    if end_date is not None and end_date < start_date:
        raise DomainError("The entitlement cannot end before it starts.")
    with transaction(store) as session:
        person_for_write(session, actor, person_id, Action.ADD_SECTION117)
        row = Section117(
            person_id=person_id,
            detention_section=detention_section.strip() or "3",
            start_date=start_date,
            end_date=end_date,
            status=status,
            organisation_responsible=organisation_responsible.strip(),
            aftercare_summary=aftercare_summary.strip(),
            created_by_id=actor.id,
            created_at=clock.now(),
        )
        return add_record(
            session,
            store,
            actor,
            row,
            "section117.create",
            person_id=person_id,
            detail={"section": row.detention_section, "start": start_date, "status": status},
        )


SECTION117_FIELDS = (
    "detention_section",
    "start_date",
    "end_date",
    "status",
    "aftercare_summary",
)


def update_section117(
    store: Store, actor: Actor, section117_id: int, *, expected_version: int, **fields: Any
) -> None:
    """P6: review a Section 117 entitlement (status, end date, the aftercare). The
    organisation responsible is admin / CSO's, through set_section117_organisation."""
    from caretui.store.models import Section117

    unknown = set(fields) - set(SECTION117_FIELDS)
    if unknown:
        raise ValueError(f"not Section 117 fields: {sorted(unknown)}")
    fields = {k: v.strip() if isinstance(v, str) else v for k, v in fields.items()}
    if "detention_section" in fields and not fields["detention_section"]:
        raise DomainError("Say which section of the Mental Health Act (e.g. 3 or 37).")
    with transaction(store) as session:
        row = get_row(session, Section117, section117_id, "Section 117 record")
        person_for_write(session, actor, row.person_id, Action.ADD_SECTION117)
        check_version(row, expected_version, "Section 117 record", session)
        start = fields.get("start_date", row.start_date)
        end = fields.get("end_date", row.end_date)
        if end is not None and end < start:
            raise DomainError("The entitlement cannot end before it starts.")
        diff = changes({k: getattr(row, k) for k in fields}, fields)
        if diff:
            write_edit(
                session,
                store,
                actor,
                row,
                fields,
                diff,
                "section117.update",
                person_id=row.person_id,
            )


def set_section117_organisation(
    store: Store, actor: Actor, section117_id: int, organisation: str, *, expected_version: int
) -> None:
    """Admin / CSO fill in the organisation responsible for the aftercare."""
    from caretui.store.models import Section117

    with transaction(store) as session:
        row = get_row(session, Section117, section117_id, "Section 117 record")
        person_for_write(session, actor, row.person_id, Action.SET_S117_ORGANISATION)
        check_version(row, expected_version, "Section 117 record", session)
        before = row.organisation_responsible
        row.organisation_responsible = organisation.strip()
        row.updated_by_id = actor.id
        row.updated_at = clock.now()
        row.version += 1
        session.add(row)
        record_audit(
            session,
            store,
            actor,
            "section117.organisation",
            "section117",
            row.id,
            person_id=row.person_id,
            detail={"from": before, "to": row.organisation_responsible},
        )
