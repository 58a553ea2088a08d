"""Case closure with a manager's authorisation, and reopening (W2)."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from caretui.rules import clock
from caretui.rules.permissions import (
    Action,
    Actor,
    require,
)
from caretui.rules.vocab import ACTIVE_CASE_STATUSES, CaseStatus, ClosureStatus
from caretui.store.db import Store
from caretui.store.errors import (
    DomainError,
)
from caretui.store.models import (
    Case,
    CaseAssignment,
    ClosureRequest,
    Involvement,
)
from caretui.store.ops.activities import case_note
from caretui.store.ops.cases import start_responsibility
from caretui.store.ops.writing import (
    add_record,
    case_context,
    check_version,
    get_case,
    get_row,
    open_case_for_write,
    record_audit,
    transaction,
)


def request_closure(
    store: Store,
    actor: Actor,
    case_id: int,
    *,
    reason: str,
    summary: dict[str, Any],
    expected_version: int | None = None,
) -> int:
    """Send the case to the team manager to authorise its closure (W2).

    Refused while any line of the closure checklist fails; the message names them.
    """
    from caretui.rules.closure import SUMMARY_FIELDS, closure_problems
    from caretui.store.queries.closure import closure_checklist_in

    problems = closure_problems(reason, summary)
    if problems:
        raise DomainError(" ".join(problems.values()))
    with transaction(store) as session:
        case = open_case_for_write(session, actor, case_id, Action.REQUEST_CLOSURE)
        check_version(case, expected_version, "case", session)
        if case.status == CaseStatus.CLOSURE_REQUESTED:
            raise DomainError("Closure has already been requested: it waits for the manager.")
        if CaseStatus(case.status).at_the_front_door:
            raise DomainError(
                f"This referral is {CaseStatus(case.status).label.lower()}. A referral that "
                "needs no more from us is closed by its screening decision (decline, or "
                "information and advice only)."
            )
        checklist = closure_checklist_in(session, case, clock.today())
        if not checklist.ready:
            raise DomainError(checklist.sentence())
        now = clock.now()
        row = ClosureRequest(
            case_id=case_id,
            team_id=case.responsible_team_id,
            closure_reason=reason,
            summary={k: str(summary.get(k) or "").strip() for k in SUMMARY_FIELDS},
            requested_by_id=actor.id,
            requested_at=now,
        )
        request_id = add_record(
            session,
            store,
            actor,
            row,
            "closure.request",
            person_id=case.person_id,
            case_id=case_id,
            detail={"reason": reason},
        )
        case.status = CaseStatus.CLOSURE_REQUESTED
        case.updated_at = now
        case.updated_by_id = actor.id
        case.version += 1
        session.add(case)
        return request_id


def close_case_in(session: Session, actor: Actor, case: Case, reason: str) -> list[int]:
    """Close the case today in the caller's transaction: its involvements and assignment
    end, the reason is kept. Returns the involvements ended. A manager's authorisation
    uses it, and so does a referral declined or answered with advice at the front door."""
    now = clock.now()
    today = now.date()
    ended = []
    for inv in session.exec(
        select(Involvement).where(
            Involvement.case_id == case.id, col(Involvement.end_date).is_(None)
        )
    ).all():
        inv.end_date = max(today, inv.start_date)
        inv.version += 1
        session.add(inv)
        ended.append(inv.id)
    for assignment in session.exec(
        select(CaseAssignment).where(
            CaseAssignment.case_id == case.id, col(CaseAssignment.ended_at).is_(None)
        )
    ).all():
        assignment.ended_at = now
        session.add(assignment)
    case.status = CaseStatus.CLOSED
    case.closure_reason = reason
    case.closed_on = today
    case.updated_at = now
    case.updated_by_id = actor.id
    case.version += 1
    session.add(case)
    return [i for i in ended if i is not None]


def _pending_closure(
    session: Session, actor: Actor, request_id: int
) -> tuple[ClosureRequest, Case]:
    row = get_row(session, ClosureRequest, request_id, "closure request")
    case = get_case(session, row.case_id)
    require(actor, Action.AUTHORISE_CLOSURE, case_context(session, case))
    if row.status != ClosureStatus.PENDING:
        raise DomainError(
            f"This closure request has already been {ClosureStatus(row.status).value}."
        )
    return row, case


def authorise_closure(store: Store, actor: Actor, request_id: int) -> None:
    """The manager authorises: the case closes with its reason and its involvements end."""
    from caretui.store.queries.closure import closure_checklist_in

    with transaction(store) as session:
        row, case = _pending_closure(session, actor, request_id)
        today = clock.today()
        checklist = closure_checklist_in(session, case, today)
        if not checklist.ready:
            raise DomainError(
                "Since the request was sent the record has changed. "
                f"{checklist.sentence()} Return the request so the worker can finish."
            )
        now = clock.now()
        ended = close_case_in(session, actor, case, row.closure_reason)
        row.status = ClosureStatus.AUTHORISED
        row.decided_by_id = actor.id
        row.decided_at = now
        session.add(row)
        record_audit(
            session,
            store,
            actor,
            "closure.authorise",
            "closure",
            row.id,
            person_id=case.person_id,
            case_id=case.id,
            detail={"reason": row.closure_reason, "involvements_ended": ended},
        )


def return_closure(store: Store, actor: Actor, request_id: int, reason: str) -> None:
    """The manager returns the request: the case is open again and the worker sees why."""
    if not reason.strip():
        raise DomainError("Say why the closure is returned, so the worker knows what to do.")
    with transaction(store) as session:
        row, case = _pending_closure(session, actor, request_id)
        now = clock.now()
        row.status = ClosureStatus.RETURNED
        row.return_reason = reason.strip()
        row.decided_by_id = actor.id
        row.decided_at = now
        session.add(row)
        case.status = CaseStatus.OPEN
        case.updated_at = now
        case.updated_by_id = actor.id
        case.version += 1
        session.add(case)
        record_audit(
            session,
            store,
            actor,
            "closure.return",
            "closure",
            row.id,
            person_id=case.person_id,
            case_id=case.id,
            detail={"reason": reason.strip()},
        )


def reopen_case(store: Store, actor: Actor, case_id: int, reason: str) -> None:
    """A manager reopens a closed case; the responsibility involvement starts again."""
    if not reason.strip():
        raise DomainError("Say why the case is being reopened.")
    with transaction(store) as session:
        case = get_case(session, case_id)
        require(actor, Action.AUTHORISE_CLOSURE, case_context(session, case))
        if case.status != CaseStatus.CLOSED:
            raise DomainError("This case is not closed.")
        other = session.exec(
            select(Case.id).where(
                Case.person_id == case.person_id,
                Case.id != case_id,
                col(Case.status).in_(ACTIVE_CASE_STATUSES),
            )
        ).first()
        if other is not None:
            raise DomainError(f"This person already has a current case ({other}): work on that.")
        now = clock.now()
        closed = f"{case.closed_on:%d %B %Y}" if case.closed_on else "earlier"
        previous_reason = case.closure_reason
        case.status = CaseStatus.OPEN
        case.closure_reason = ""
        case.closed_on = None
        case.updated_at = now
        case.updated_by_id = actor.id
        case.version += 1
        session.add(case)
        start_responsibility(
            session, actor, case, note=f"Reopened: {reason.strip()}", start_date=now.date()
        )
        record_audit(
            session,
            store,
            actor,
            "case.reopen",
            "case",
            case_id,
            person_id=case.person_id,
            case_id=case_id,
            detail={"reason": reason.strip(), "closed_reason": previous_reason},
        )
        case_note(
            session,
            store,
            actor,
            case,
            "Case reopened",
            f"Closed on {closed} ({previous_reason}); reopened by {actor.name}: {reason.strip()}",
        )
