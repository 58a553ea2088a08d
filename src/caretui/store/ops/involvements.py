"""Involvements (C3): who else works on a case, and when their part ends."""

from __future__ import annotations

from datetime import date

from sqlmodel import col, select

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
    Involvement,
)
from caretui.store.ops.writing import (
    add_record,
    get_row,
    open_case_for_write,
    transaction,
    user_in_team,
    write_end,
)


def add_involvement(
    store: Store,
    actor: Actor,
    *,
    case_id: int,
    user_id: int | None,
    team_id: int,
    role: str,
    start_date: date,
) -> int:
    if not role.strip():
        raise DomainError("Choose the involvement role.")
    with transaction(store) as session:
        case = open_case_for_write(session, actor, case_id, Action.ADD_INVOLVEMENT)
        user_in_team(session, user_id, team_id)
        if user_id is not None:
            current = session.exec(
                select(Involvement).where(
                    Involvement.case_id == case_id,
                    Involvement.user_id == user_id,
                    col(Involvement.end_date).is_(None),
                )
            ).first()
            if current is not None:
                raise DomainError(
                    f"That worker already has a current involvement on this case "
                    f"({current.role}, since {current.start_date:%d %b %Y})."
                )
        row = Involvement(
            case_id=case_id,
            user_id=user_id,
            team_id=team_id,
            role=role.strip(),
            start_date=start_date,
            created_by_id=actor.id,
            created_at=clock.now(),
        )
        return add_record(
            session,
            store,
            actor,
            row,
            "involvement.add",
            person_id=case.person_id,
            case_id=case_id,
            detail={"user_id": user_id, "team_id": team_id, "role": role, "start": start_date},
        )


def end_involvement(
    store: Store, actor: Actor, involvement_id: int, *, end_date: date, expected_version: int
) -> None:
    with transaction(store) as session:
        row = get_row(session, Involvement, involvement_id, "involvement")
        case = open_case_for_write(session, actor, row.case_id, Action.ADD_INVOLVEMENT)
        if row.version != expected_version:
            raise StaleRecord("involvement", "another user", clock.now())
        if row.end_date is not None:
            raise DomainError(f"This involvement already ended on {row.end_date:%d %b %Y}.")
        if end_date < row.start_date:
            raise DomainError(
                f"The end date cannot be before the start date ({row.start_date:%d %b %Y})."
            )
        write_end(
            session,
            store,
            actor,
            row,
            "end_date",
            end_date,
            "involvement.end",
            person_id=case.person_id,
            case_id=case.id,
        )
