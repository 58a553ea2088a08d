"""Opening a case for a person (C1)."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select

from caretui.rules import clock
from caretui.rules.permissions import (
    Action,
    Actor,
    require,
)
from caretui.rules.transfer import ALLOCATED_WORKER, RESPONSIBLE_TEAM
from caretui.rules.vocab import ACTIVE_CASE_STATUSES, CaseStatus
from caretui.store.db import Store
from caretui.store.errors import (
    DomainError,
)
from caretui.store.models import (
    Case,
    CaseAssignment,
    Involvement,
    Person,
)
from caretui.store.ops.writing import get_row, record_audit, transaction, user_in_team


def refuse_second_case(session: Session, person: Person) -> None:
    """A person has one current case at a time (a referral, waiting, open, or closing):
    a new referral for them is recorded on that case."""
    current = session.exec(
        select(Case.id, Case.status).where(
            Case.person_id == person.id, col(Case.status).in_(ACTIVE_CASE_STATUSES)
        )
    ).first()
    if current is not None:
        case_id, status = current
        what = "an open case" if status == CaseStatus.OPEN else "a current case"
        raise DomainError(
            f"{person.first_name} {person.last_name} already has {what} ({case_id}, "
            f"{CaseStatus(status).label.lower()}). Record the new referral on that case."
        )


def create_case(
    store: Store,
    actor: Actor,
    *,
    person_id: int,
    referral_date: date,
    responsible_team_id: int,
    responsible_user_id: int | None = None,
    referral_source: str = "",
    referral_reason: str = "",
    priority: str = "Normal",
) -> int:
    """Open a case from a referral (R1); the Care Act 28-day clock starts at its date."""
    if referral_date > clock.today():
        raise DomainError("The referral date cannot be in the future.")
    with transaction(store) as session:
        require(actor, Action.CREATE_CASE)
        person = get_row(session, Person, person_id, "person")
        refuse_second_case(session, person)
        user_in_team(session, responsible_user_id, responsible_team_id)
        case = insert_case(
            session,
            store,
            actor,
            Case(
                person_id=person_id,
                referral_date=referral_date,
                referral_source=referral_source,
                referral_reason=referral_reason,
                priority=priority,
                responsible_team_id=responsible_team_id,
                responsible_user_id=responsible_user_id,
            ),
            note="Case opened",
        )
        assert case.id is not None
        return case.id


def insert_case(session: Session, store: Store, actor: Actor, case: Case, *, note: str) -> Case:
    """Insert a new case with its first assignment row, its responsibility involvement
    and the audit entry, in the caller's transaction: ``create_case``, and a new contact's
    referral case. ``note`` starts the assignment history ("Case opened")."""
    now = clock.now()
    case.created_at = case.updated_at = now
    case.created_by_id = case.updated_by_id = actor.id
    session.add(case)
    session.flush()
    assert case.id is not None
    start_responsibility(session, actor, case, note=note, start_date=case.referral_date)
    record_audit(
        session,
        store,
        actor,
        "case.create",
        "case",
        case.id,
        person_id=case.person_id,
        case_id=case.id,
        detail={
            "status": case.status,
            "referral_date": case.referral_date,
            "source": case.referral_source,
            "team_id": case.responsible_team_id,
            "user_id": case.responsible_user_id,
        },
    )
    return case


def start_responsibility(
    session: Session, actor: Actor, case: Case, *, note: str, start_date: date
) -> None:
    """The case's responsible team and user start holding it (a case opened or reopened):
    a row of the assignment history and the involvement that stands for them."""
    now = clock.now()
    team_id, user_id = case.responsible_team_id, case.responsible_user_id
    session.add(
        CaseAssignment(
            case_id=case.id,  # type: ignore[arg-type]
            team_id=team_id,
            user_id=user_id,
            started_at=now,
            changed_by_id=actor.id,
            note=note,
        )
    )
    session.add(
        Involvement(
            case_id=case.id,  # type: ignore[arg-type]
            user_id=user_id,
            team_id=team_id,
            role=ALLOCATED_WORKER if user_id else RESPONSIBLE_TEAM,
            start_date=start_date,
            created_by_id=actor.id,
            created_at=now,
        )
    )
