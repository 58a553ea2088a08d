"""Adult safeguarding records and Deprivations of Liberty (C9, C10) on a case."""

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
    StaleRecord,
)
from caretui.store.models import (
    DoLS,
    Safeguarding,
)
from caretui.store.ops.writing import (
    add_record,
    changes,
    check_version,
    get_row,
    keep_revision,
    open_case_for_write,
    transaction,
    write_edit,
    write_end,
)


def create_safeguarding(
    store: Store,
    actor: Actor,
    *,
    case_id: int,
    concern_date: date,
    concern_type: str,
    source: str = "",
    stage: str = "Concern",
    outcome: str = "",
    notes: str = "",
) -> int:
    if not concern_type.strip():
        raise DomainError("Choose the type of concern.")
    with transaction(store) as session:
        case = open_case_for_write(session, actor, case_id, Action.ADD_SAFEGUARDING)
        now = clock.now()
        row = Safeguarding(
            case_id=case_id,
            concern_date=concern_date,
            concern_type=concern_type,
            source=source,
            stage=stage,
            outcome=outcome,
            notes=notes,
            created_by_id=actor.id,
            created_at=now,
            updated_by_id=actor.id,
            updated_at=now,
        )
        return add_record(
            session,
            store,
            actor,
            row,
            "safeguarding.create",
            person_id=case.person_id,
            case_id=case_id,
            detail={"concern_type": concern_type, "stage": stage},
        )


SAFEGUARDING_FIELDS = ("stage", "outcome", "notes", "source", "concern_type", "concern_date")


def review_safeguarding(
    store: Store, actor: Actor, safeguarding_id: int, *, expected_version: int, **fields: Any
) -> None:
    unknown = set(fields) - set(SAFEGUARDING_FIELDS)
    if unknown:
        raise ValueError(f"not safeguarding fields: {sorted(unknown)}")
    with transaction(store) as session:
        row = get_row(session, Safeguarding, safeguarding_id, "safeguarding record")
        case = open_case_for_write(session, actor, row.case_id, Action.ADD_SAFEGUARDING)
        check_version(row, expected_version, "safeguarding record", session)
        diff = changes({k: getattr(row, k) for k in fields}, fields)
        if not diff:
            return
        if "notes" in diff or "outcome" in diff:
            keep_revision(session, "safeguarding", row, ("stage", "outcome", "notes"), actor)
        write_edit(
            session,
            store,
            actor,
            row,
            fields,
            diff,
            "safeguarding.review",
            person_id=case.person_id,
            case_id=case.id,
        )


def create_dols(
    store: Store,
    actor: Actor,
    *,
    case_id: int,
    authorisation_type: str,
    authorisation_start: date,
    authorisation_end: date | None = None,
    notes: str = "",
) -> int:
    if authorisation_end is not None and authorisation_end < authorisation_start:
        raise DomainError("The authorisation cannot end before it starts.")
    with transaction(store) as session:
        case = open_case_for_write(session, actor, case_id, Action.ADD_DOLS)
        row = DoLS(
            case_id=case_id,
            authorisation_type=authorisation_type,
            authorisation_start=authorisation_start,
            authorisation_end=authorisation_end,
            notes=notes,
            created_by_id=actor.id,
            created_at=clock.now(),
        )
        return add_record(
            session,
            store,
            actor,
            row,
            "dols.create",
            person_id=case.person_id,
            case_id=case_id,
            detail={
                "type": authorisation_type,
                "start": authorisation_start,
                "end": authorisation_end,
            },
        )


def end_dols(
    store: Store, actor: Actor, dols_id: int, *, actual_end_date: date, expected_version: int
) -> None:
    with transaction(store) as session:
        row = get_row(session, DoLS, dols_id, "DoLS record")
        case = open_case_for_write(session, actor, row.case_id, Action.ADD_DOLS)
        if row.version != expected_version:
            raise StaleRecord("DoLS record", "another user", clock.now())
        if actual_end_date < row.authorisation_start:
            raise DomainError(
                "The actual end date cannot be before the authorisation started "
                f"({row.authorisation_start:%d %b %Y})."
            )
        write_end(
            session,
            store,
            actor,
            row,
            "actual_end_date",
            actual_end_date,
            "dols.end",
            person_id=case.person_id,
            case_id=case.id,
        )
