"""The dashboard's work lists (D1, D2): my cases, my and my team's activities, my forms,
and what waits for a manager.

The first screen a practitioner sees loads only this reader. Rows are frozen
dataclasses, locked-down people masked (``queries.lockdown``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import or_
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, func, select

from caretui.rules import clock
from caretui.rules.form_types import form_label
from caretui.rules.permissions import Actor
from caretui.rules.timescales import AssessmentClock, assessment_clock
from caretui.rules.vocab import (
    ACTIVE_CASE_STATUSES,
    ActivityStatus,
    ActivityType,
    CaseStatus,
    ClosureStatus,
    FormStatus,
)
from caretui.store.db import Store
from caretui.store.models import (
    Activity,
    Case,
    ClosureRequest,
    FormInstance,
    Involvement,
    Person,
    Team,
    User,
)
from caretui.store.queries.lockdown import RESTRICTED, is_hidden, person_name, unlocked_ids


@dataclass(frozen=True)
class CaseRow:
    case_id: int
    person_id: int
    person: str
    date_of_birth: date | None
    referral_date: date
    status: CaseStatus
    responsible: str
    team: str
    assessment: AssessmentClock
    involvement_role: str = ""
    restricted: bool = False
    # The manager returned my closure request, and why (empty unless it is the newest).
    closure_returned: str = ""
    closure_returned_by: str = ""


def _case_rows(session: Session, actor: Actor, stmt, today: date) -> list[CaseRow]:  # type: ignore[no-untyped-def]
    unlocked = unlocked_ids(session, actor)
    out = []
    for r in session.exec(stmt).all():
        hidden = is_hidden(r.restricted, r.person_id, unlocked)
        out.append(
            CaseRow(
                case_id=r.case_id,
                person_id=r.person_id,
                person=RESTRICTED if hidden else person_name(r.first_name, r.last_name),
                date_of_birth=None if hidden else r.date_of_birth,
                referral_date=r.referral_date,
                status=CaseStatus(r.status),
                responsible=r.responsible or "",
                team=r.team,
                assessment=assessment_clock(r.referral_date, r.assessment_completed_on, today),
                involvement_role=getattr(r, "involvement_role", "") or "",
                restricted=hidden,
            )
        )
    return out


def _case_select(*extra):  # type: ignore[no-untyped-def]
    responsible = aliased(User)
    return (
        select(
            col(Case.id).label("case_id"),
            col(Case.person_id).label("person_id"),
            Person.first_name,
            Person.last_name,
            Person.date_of_birth,
            Person.restricted,
            Case.referral_date,
            Case.status,
            Case.assessment_completed_on,
            col(responsible.name).label("responsible"),
            col(Team.name).label("team"),
            *extra,
        )
        .join(Person, col(Person.id) == Case.person_id)
        .join(Team, col(Team.id) == Case.responsible_team_id)
        .outerjoin(responsible, col(responsible.id) == Case.responsible_user_id)
    )


OPEN_CASE = col(Case.status).in_([CaseStatus.OPEN, CaseStatus.CLOSURE_REQUESTED])
"""Allocated work: what the worklists show."""
CURRENT_CASE = col(Case.status).in_(ACTIVE_CASE_STATUSES)
"""A person's current case, allocated or still at the front door (awaiting screening,
waiting list): what finding a person, their banner and their record show."""


def primary_cases(store: Store, actor: Actor, today: date | None = None) -> list[CaseRow]:
    """Open cases where I am the responsible user."""
    today = today or clock.today()
    with store.read() as session:
        stmt = (
            _case_select()
            .where(Case.responsible_user_id == actor.id, OPEN_CASE)
            .order_by(col(Case.referral_date))
        )
        rows = _case_rows(session, actor, stmt, today)
        returned = _returned_closures(session, [r.case_id for r in rows])
        return [
            replace(
                r,
                closure_returned=returned[r.case_id][0],
                closure_returned_by=returned[r.case_id][1],
            )
            if r.case_id in returned and not r.restricted
            else r
            for r in rows
        ]


def _returned_closures(session: Session, case_ids: list[int]) -> dict[int, tuple[str, str]]:
    """Cases whose newest closure request the manager returned: (why, by whom)."""
    if not case_ids:
        return {}
    decided_by = aliased(User)
    rows = session.exec(
        select(
            ClosureRequest.case_id,
            ClosureRequest.status,
            ClosureRequest.return_reason,
            col(decided_by.name).label("decided_by"),
        )
        .outerjoin(decided_by, col(decided_by.id) == ClosureRequest.decided_by_id)
        .where(col(ClosureRequest.case_id).in_(case_ids))
        .order_by(col(ClosureRequest.requested_at), col(ClosureRequest.id))
    ).all()
    newest = {r.case_id: r for r in rows}  # the last of each case's requests wins
    return {
        case_id: (r.return_reason, r.decided_by or "")
        for case_id, r in newest.items()
        if r.status == ClosureStatus.RETURNED
    }


def secondary_cases(store: Store, actor: Actor, today: date | None = None) -> list[CaseRow]:
    """Open cases where I have an open involvement but am not the responsible user."""
    today = today or clock.today()
    with store.read() as session:
        stmt = (
            _case_select(col(Involvement.role).label("involvement_role"))
            .join(Involvement, col(Involvement.case_id) == Case.id)
            .where(
                Involvement.user_id == actor.id,
                or_(col(Involvement.end_date).is_(None), col(Involvement.end_date) >= today),
                or_(
                    col(Case.responsible_user_id).is_(None),
                    col(Case.responsible_user_id) != actor.id,
                ),
                OPEN_CASE,
            )
            .order_by(col(Case.referral_date))
        )
        rows = _case_rows(session, actor, stmt, today)
        seen: set[int] = set()
        return [r for r in rows if not (r.case_id in seen or seen.add(r.case_id))]  # type: ignore[func-returns-value]


@dataclass(frozen=True)
class ActivityRow:
    activity_id: int
    case_id: int
    person_id: int
    person: str
    type: ActivityType
    subject: str
    occurred_at: datetime
    due_date: date | None
    status: ActivityStatus
    responsible: str
    team: str
    author: str
    awaiting_countersignature: bool

    @property
    def overdue(self) -> bool:
        return (
            self.status is ActivityStatus.OPEN
            and self.due_date is not None
            and self.due_date < clock.today()
        )


def activity_rows(session: Session, actor: Actor, where, limit: int | None) -> list[ActivityRow]:  # type: ignore[no-untyped-def]
    responsible = aliased(User)
    author = aliased(User)
    stmt = (
        select(
            Activity.id,
            Activity.case_id,
            Activity.person_id,
            Person.first_name,
            Person.last_name,
            Person.restricted,
            Activity.type,
            Activity.subject,
            Activity.occurred_at,
            Activity.due_date,
            Activity.status,
            col(responsible.name).label("responsible"),
            col(Team.name).label("team"),
            col(author.name).label("author"),
            Activity.awaiting_countersignature,
        )
        .join(Person, col(Person.id) == Activity.person_id)
        .join(Team, col(Team.id) == Activity.responsible_team_id)
        .join(author, col(author.id) == Activity.created_by_id)
        .outerjoin(responsible, col(responsible.id) == Activity.responsible_user_id)
        .where(*where)
        .order_by(func.coalesce(Activity.due_date, func.date(Activity.occurred_at)))
    )
    if limit:
        stmt = stmt.limit(limit)
    unlocked = unlocked_ids(session, actor)
    return [
        ActivityRow(
            activity_id=r.id,
            case_id=r.case_id,
            person_id=r.person_id,
            person=RESTRICTED
            if is_hidden(r.restricted, r.person_id, unlocked)
            else person_name(r.first_name, r.last_name),
            type=ActivityType(r.type),
            subject=r.subject,
            occurred_at=r.occurred_at,
            due_date=r.due_date,
            status=ActivityStatus(r.status),
            responsible=r.responsible or "",
            team=r.team,
            author=r.author,
            awaiting_countersignature=r.awaiting_countersignature,
        )
        for r in session.exec(stmt).all()
    ]


def my_activities(store: Store, actor: Actor, limit: int | None = None) -> list[ActivityRow]:
    """Open activities where I am the responsible user."""
    with store.read() as session:
        return activity_rows(
            session,
            actor,
            [Activity.responsible_user_id == actor.id, Activity.status == ActivityStatus.OPEN],
            limit,
        )


def team_activities(store: Store, actor: Actor, limit: int | None = None) -> list[ActivityRow]:
    """Open activities for my team with no responsible user: the team's queue."""
    with store.read() as session:
        return activity_rows(
            session,
            actor,
            [
                Activity.responsible_team_id == actor.team_id,
                Activity.status == ActivityStatus.OPEN,
                col(Activity.responsible_user_id).is_(None),
            ],
            limit,
        )


@dataclass(frozen=True)
class FormRow:
    form_id: int
    case_id: int
    person_id: int
    person: str
    form_type: str
    title: str
    status: FormStatus
    needs_manager: bool
    responsible: str
    created_at: datetime
    completed_at: datetime | None
    returned_reason: str


def form_rows(session: Session, actor: Actor, where) -> list[FormRow]:  # type: ignore[no-untyped-def]
    responsible = aliased(User)
    stmt = (
        select(
            FormInstance.id,
            FormInstance.case_id,
            col(Case.person_id).label("person_id"),
            Person.first_name,
            Person.last_name,
            Person.restricted,
            FormInstance.form_type,
            FormInstance.status,
            FormInstance.needs_manager,
            col(responsible.name).label("responsible"),
            FormInstance.created_at,
            FormInstance.completed_at,
            FormInstance.returned_reason,
        )
        .join(Case, col(Case.id) == FormInstance.case_id)
        .join(Person, col(Person.id) == Case.person_id)
        .outerjoin(responsible, col(responsible.id) == FormInstance.responsible_user_id)
        .where(*where)
        .order_by(col(FormInstance.created_at))
    )
    unlocked = unlocked_ids(session, actor)
    return [
        FormRow(
            form_id=r.id,
            case_id=r.case_id,
            person_id=r.person_id,
            person=RESTRICTED
            if is_hidden(r.restricted, r.person_id, unlocked)
            else person_name(r.first_name, r.last_name),
            form_type=r.form_type,
            title=form_label(r.form_type),
            status=FormStatus(r.status),
            needs_manager=r.needs_manager,
            responsible=r.responsible or "",
            created_at=r.created_at,
            completed_at=r.completed_at,
            returned_reason=r.returned_reason,
        )
        for r in session.exec(stmt).all()
    ]


def my_forms(store: Store, actor: Actor) -> list[FormRow]:
    """Forms I am responsible for that are not yet closed."""
    with store.read() as session:
        return form_rows(
            session,
            actor,
            [
                FormInstance.responsible_user_id == actor.id,
                FormInstance.status != FormStatus.CLOSED,
            ],
        )


def forms_awaiting_closure(store: Store, actor: Actor) -> list[FormRow]:
    """Completed forms that need a manager, on cases of the manager's team."""
    with store.read() as session:
        return form_rows(
            session,
            actor,
            [
                FormInstance.status == FormStatus.COMPLETE,
                col(FormInstance.needs_manager).is_(True),
                Case.responsible_team_id == actor.team_id,
            ],
        )


@dataclass(frozen=True)
class ClosureRow:
    request_id: int
    case_id: int
    person_id: int
    person: str
    reason: str
    requested_by: str
    requested_at: datetime
    status: ClosureStatus
    return_reason: str


def closures_awaiting(store: Store, actor: Actor) -> list[ClosureRow]:
    """Closure requests waiting for this manager's team to authorise or return."""
    with store.read() as session:
        requester = aliased(User)
        stmt = (
            select(
                ClosureRequest.id,
                ClosureRequest.case_id,
                col(Case.person_id).label("person_id"),
                Person.first_name,
                Person.last_name,
                Person.restricted,
                ClosureRequest.closure_reason,
                col(requester.name).label("requested_by"),
                ClosureRequest.requested_at,
                ClosureRequest.status,
                ClosureRequest.return_reason,
            )
            .join(Case, col(Case.id) == ClosureRequest.case_id)
            .join(Person, col(Person.id) == Case.person_id)
            .join(requester, col(requester.id) == ClosureRequest.requested_by_id)
            .where(
                ClosureRequest.team_id == actor.team_id,
                ClosureRequest.status == ClosureStatus.PENDING,
            )
            .order_by(col(ClosureRequest.requested_at))
        )
        unlocked = unlocked_ids(session, actor)
        return [
            ClosureRow(
                request_id=r.id,
                case_id=r.case_id,
                person_id=r.person_id,
                person=RESTRICTED
                if is_hidden(r.restricted, r.person_id, unlocked)
                else person_name(r.first_name, r.last_name),
                reason=r.closure_reason,
                requested_by=r.requested_by,
                requested_at=r.requested_at,
                status=ClosureStatus(r.status),
                return_reason=r.return_reason,
            )
            for r in session.exec(stmt).all()
        ]


def awaiting_countersignature(store: Store, actor: Actor, limit: int = 500) -> list[ActivityRow]:
    """Students' entries on the team's cases that still need a qualified countersignature."""
    with store.read() as session:
        return activity_rows(
            session,
            actor,
            [
                col(Activity.awaiting_countersignature).is_(True),
                Activity.responsible_team_id == actor.team_id,
            ],
            limit,
        )
