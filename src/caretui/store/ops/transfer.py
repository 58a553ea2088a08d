"""Transferring a case to another worker or team (W1)."""

from __future__ import annotations

from sqlmodel import Session, col, select

from caretui.rules import clock
from caretui.rules.permissions import (
    Action,
    Actor,
)
from caretui.rules.transfer import TransferPlan
from caretui.rules.vocab import CaseStatus
from caretui.store.db import Store
from caretui.store.errors import (
    DomainError,
)
from caretui.store.models import (
    Case,
    CaseAssignment,
    Involvement,
    Team,
    User,
)
from caretui.store.ops.activities import case_note
from caretui.store.ops.writing import (
    check_version,
    name_of,
    open_case_for_write,
    record_audit,
    transaction,
)


def hand_over(
    session: Session, actor: Actor, case: Case, plan: TransferPlan, note: str
) -> list[int]:
    """Give the case to ``plan.after`` in the caller's transaction: the assignment history
    gains a row, the responsibility involvements follow (``rules.transfer``), and the
    case's responsible team and user, who and when, and version change. Returns the
    involvements ended. Transfers use it, and so does allocation from the front door."""
    from caretui.rules.transfer import OpenInvolvement, involvement_moves

    now = clock.now()
    today = now.date()
    current = session.exec(
        select(CaseAssignment).where(
            CaseAssignment.case_id == case.id, col(CaseAssignment.ended_at).is_(None)
        )
    ).all()
    for row in current:
        row.ended_at = now
        session.add(row)
    session.add(
        CaseAssignment(
            case_id=case.id,  # type: ignore[arg-type]
            team_id=plan.after.team_id,
            user_id=plan.after.user_id,
            started_at=now,
            changed_by_id=actor.id,
            note=note,
        )
    )
    open_rows = session.exec(
        select(Involvement).where(
            Involvement.case_id == case.id, col(Involvement.end_date).is_(None)
        )
    ).all()
    ending, starting = involvement_moves(
        plan,
        [OpenInvolvement(i.id, i.user_id, i.team_id, i.role) for i in open_rows],  # type: ignore[arg-type]
    )
    for inv in open_rows:
        if inv.id in ending:
            inv.end_date = max(today, inv.start_date)
            inv.version += 1
            session.add(inv)
    for new in starting:
        session.add(
            Involvement(
                case_id=case.id,  # type: ignore[arg-type]
                user_id=new.user_id,
                team_id=new.team_id,
                role=new.role,
                start_date=today,
                created_by_id=actor.id,
                created_at=now,
            )
        )
    case.responsible_team_id = plan.after.team_id
    case.responsible_user_id = plan.after.user_id
    case.updated_at = now
    case.updated_by_id = actor.id
    case.version += 1
    session.add(case)
    return ending


def transfer_case(
    store: Store,
    actor: Actor,
    case_id: int,
    *,
    kind: str,
    team_id: int | None = None,
    decision: str | None = None,
    user_id: int | None = None,
    reason: str = "",
    expected_version: int | None = None,
) -> str:
    """Move the case to another worker of the team, or to another team (W1).

    Keeps the assignment history, moves the responsibility involvements, and records a
    transfer summary note on the Timeline. Returns the summary.
    """
    from caretui.rules.transfer import Holder, TransferInvalid, plan_transfer, transfer_summary

    with transaction(store) as session:
        case = open_case_for_write(session, actor, case_id, Action.TRANSFER_CASE)
        check_version(case, expected_version, "case", session)
        if case.status == CaseStatus.CLOSURE_REQUESTED:
            raise DomainError(
                "This case is waiting for a manager to authorise its closure. Ask them to "
                "return the request before transferring it."
            )
        if CaseStatus(case.status).at_the_front_door:
            raise DomainError(
                f"This referral is {CaseStatus(case.status).label.lower()}: the front door "
                "screens it, and a manager allocates it from the waiting list."
            )
        user = session.get(User, user_id) if user_id is not None else None
        if user_id is not None and (user is None or user.disabled):
            raise DomainError("The worker chosen no longer has an active account.")
        try:
            plan = plan_transfer(
                current=Holder(case.responsible_team_id, case.responsible_user_id),
                kind=kind,
                team_id=team_id,
                decision=decision,
                user_id=user_id,
                user_team_id=user.team_id if user is not None else None,
            )
        except TransferInvalid as exc:
            raise DomainError(str(exc)) from None
        if session.get(Team, plan.after.team_id) is None:
            raise DomainError("Choose a team that exists.")
        ending = hand_over(session, actor, case, plan, reason.strip() or "Transferred")
        today = clock.today()
        summary = transfer_summary(
            from_team=name_of(session, Team, plan.before.team_id),
            from_user=name_of(session, User, plan.before.user_id),
            to_team=name_of(session, Team, plan.after.team_id),
            to_user=name_of(session, User, plan.after.user_id),
            reason=reason,
            by=actor.name,
            on=today,
        )
        record_audit(
            session,
            store,
            actor,
            "case.transfer",
            "case",
            case_id,
            person_id=case.person_id,
            case_id=case_id,
            detail={
                "kind": plan.kind.value,
                "from": {"team_id": plan.before.team_id, "user_id": plan.before.user_id},
                "to": {"team_id": plan.after.team_id, "user_id": plan.after.user_id},
                "involvements_ended": ending,
            },
        )
        to_words = name_of(session, User, plan.after.user_id) or name_of(
            session, Team, plan.after.team_id
        )
        case_note(
            session,
            store,
            actor,
            case,
            f"Transfer summary: case transferred to {to_words}",
            summary,
            team_id=plan.after.team_id,
        )
        return summary
