"""The closure checklist computed from the record, and a case's latest closure request (W2)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from caretui.rules import clock
from caretui.rules.form_types import form_label
from caretui.rules.permissions import Actor
from caretui.rules.vocab import ActivityStatus, ActivityType, ClosureStatus, FormStatus
from caretui.store.db import Store
from caretui.store.models import (
    Activity,
    Case,
    ClosureRequest,
    DoLS,
    FormInstance,
    Involvement,
    Team,
    User,
)
from caretui.store.queries.authorship import user_names
from caretui.store.queries.lockdown import (
    check_unlocked,
)


def closure_checklist_in(session: Session, case: Case, today: date):  # type: ignore[no-untyped-def]
    """The closure checklist from the record, inside a session (ops rechecks with it)."""
    from caretui.rules.closure import (
        ActivityFact,
        DolsFact,
        FormFact,
        InvolvementFact,
        closure_checklist,
    )

    activities = session.exec(
        select(Activity.id, Activity.type, Activity.subject, Activity.status, Activity.due_date)
        .where(Activity.case_id == case.id, Activity.status == ActivityStatus.OPEN)
        .order_by(col(Activity.occurred_at))
    ).all()
    forms = session.exec(
        select(FormInstance.id, FormInstance.form_type, FormInstance.status).where(
            FormInstance.case_id == case.id, FormInstance.status != FormStatus.CLOSED
        )
    ).all()
    dols = session.exec(select(DoLS).where(DoLS.case_id == case.id)).all()
    iu = aliased(User)
    involvements = session.exec(
        select(Involvement, col(iu.name), col(Team.name))
        .join(Team, col(Team.id) == Involvement.team_id)
        .outerjoin(iu, col(iu.id) == Involvement.user_id)
        .where(Involvement.case_id == case.id)
    ).all()

    def due(d: date | None) -> str:
        return f", due {d:%d/%m/%Y}" if d else ""

    return closure_checklist(
        activities=[
            ActivityFact(i, f"{ActivityType(t).label}: {s}{due(d)}", completed=False)
            for i, t, s, _st, d in activities
        ],
        forms=[
            FormFact(i, f"{form_label(t)} ({FormStatus(st).label})", closed=False)
            for i, t, st in forms
        ],
        dols=[
            DolsFact(
                d.id,  # type: ignore[arg-type]
                f"{d.authorisation_type} from {d.authorisation_start:%d/%m/%Y}, "
                + (
                    f"ends {d.actual_end_date:%d/%m/%Y}"
                    if d.actual_end_date
                    else "no actual end date"
                ),
                actual_end=d.actual_end_date,
            )
            for d in dols
        ],
        involvements=[
            InvolvementFact(
                inv.id,  # type: ignore[arg-type]
                f"{inv.role}: {user or team} since {inv.start_date:%d/%m/%Y}"
                + (f", ends {inv.end_date:%d/%m/%Y}" if inv.end_date else ""),
                user_id=inv.user_id,
                team_id=inv.team_id,
                end_date=inv.end_date,
            )
            for inv, user, team in involvements
        ],
        responsible_user_id=case.responsible_user_id,
        responsible_team_id=case.responsible_team_id,
        today=today,
    )


def closure_checklist(store: Store, actor: Actor, case_id: int, today: date | None = None):  # type: ignore[no-untyped-def]
    from caretui.store.errors import NotFound

    with store.read() as session:
        case = session.get(Case, case_id)
        if case is None:
            raise NotFound(f"There is no case {case_id}.")
        check_unlocked(session, actor, case.person_id)
        return closure_checklist_in(session, case, today or clock.today())


@dataclass(frozen=True)
class ClosureRequestDetail:
    request_id: int
    case_id: int
    status: ClosureStatus
    reason: str
    summary: dict
    requested_by: str
    requested_at: datetime
    decided_by: str
    decided_at: datetime | None
    return_reason: str


def latest_closure_request(store: Store, actor: Actor, case_id: int) -> ClosureRequestDetail | None:
    """The case's newest closure request: pending, returned (with why) or authorised."""
    with store.read() as session:
        case = session.get(Case, case_id)
        if case is None:
            return None
        check_unlocked(session, actor, case.person_id)
        row = session.exec(
            select(ClosureRequest)
            .where(ClosureRequest.case_id == case_id)
            .order_by(col(ClosureRequest.requested_at).desc(), col(ClosureRequest.id).desc())
            .limit(1)
        ).first()
        if row is None:
            return None
        names = user_names(session, row.requested_by_id, row.decided_by_id)
        return ClosureRequestDetail(
            request_id=row.id,  # type: ignore[arg-type]
            case_id=case_id,
            status=ClosureStatus(row.status),
            reason=row.closure_reason,
            summary=dict(row.summary),
            requested_by=names.get(row.requested_by_id, ("", ""))[0],
            requested_at=row.requested_at,
            decided_by=names.get(row.decided_by_id or 0, ("", ""))[0],
            decided_at=row.decided_at,
            return_reason=row.return_reason,
        )
