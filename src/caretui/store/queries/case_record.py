"""The case record's Details (C1, D2) and the person banner (C2) over case and person screens."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import bindparam, or_
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, func, select

from caretui.rules import clock
from caretui.rules.permissions import Actor
from caretui.rules.timescales import AssessmentClock, age_on, assessment_clock
from caretui.rules.vocab import ActivityStatus, CaseStatus, FormStatus
from caretui.store.db import Store
from caretui.store.models import (
    Activity,
    Alert,
    Case,
    CaseAssignment,
    FormInstance,
    KeySafe,
    Person,
    Relationship,
    Team,
    User,
)
from caretui.store.queries import consent
from caretui.store.queries.lockdown import (
    RESTRICTED,
    is_hidden,
    locked_message,
    person_for,
    person_name,
    unlocked_ids,
)
from caretui.store.queries.worklists import (
    CURRENT_CASE,
)


@dataclass(frozen=True)
class RelatedPerson:
    person_id: int | None
    name: str
    relationship: str
    phone: str


@dataclass(frozen=True)
class Banner:
    """The person banner: who this is, how to reach them, and what to watch out for."""

    person_id: int
    name: str
    date_of_birth: date | None
    age: int | None
    address: str
    phone: str
    nhs_number: str
    current_alerts: int
    alert_summary: tuple[str, ...]
    has_key_safe: bool
    responsible_user: str
    responsible_team: str
    related: tuple[RelatedPerson, ...]
    restricted: bool = False
    consent: str = ""
    """The consent line of the expanded banner (R2): 'Consent: spoken, confirmed 3 Mar
    2026', 'Consent withdrawn ...'; "" when no consent has been recorded."""


@dataclass(frozen=True)
class CaseDetail:
    case_id: int
    person_id: int
    status: CaseStatus
    referral_date: date
    referral_source: str
    referral_reason: str
    priority: str
    responsible_user: str
    responsible_user_id: int | None
    responsible_team: str
    responsible_team_id: int
    assessment: AssessmentClock
    closure_reason: str
    closed_on: date | None
    created_at: datetime
    version: int
    banner: Banner
    open_activities: int
    open_forms: int
    assignments: tuple[AssignmentRow, ...] = ()


def address_of(p: Person) -> str:
    return ", ".join(x for x in (p.address_line1, p.address_line2, p.town, p.postcode) if x)


def banner(session: Session, actor: Actor, person_id: int, today: date) -> Banner:
    person = session.get(Person, person_id)
    if person is None:
        raise LookupError(f"There is no person {person_id}.")
    unlocked = unlocked_ids(session, actor)
    if is_hidden(person.restricted, person_id, unlocked):
        from caretui.store.errors import NotFound

        raise NotFound(locked_message())
    alerts = session.exec(
        select(Alert.kind, Alert.category)
        .where(
            Alert.person_id == person_id,
            col(Alert.start_date) <= today,
            or_(col(Alert.end_date).is_(None), col(Alert.end_date) >= today),
        )
        .order_by(col(Alert.kind).desc(), col(Alert.start_date))
    ).all()
    key_safe = session.exec(select(KeySafe.id).where(KeySafe.person_id == person_id)).first()
    responsible = aliased(User)
    open_case = session.exec(
        select(col(responsible.name), col(Team.name))
        .select_from(Case)
        .join(Team, col(Team.id) == Case.responsible_team_id)
        .outerjoin(responsible, col(responsible.id) == Case.responsible_user_id)
        .where(Case.person_id == person_id, CURRENT_CASE)
        .order_by(col(Case.referral_date).desc())
        .limit(1)
    ).first()
    other = aliased(Person)
    rel_rows = session.exec(
        select(
            Relationship.related_person_id,
            Relationship.relationship_type,
            Relationship.contact_name,
            Relationship.phone,
            other.first_name,
            other.last_name,
            other.restricted,
            other.phone,
        )
        .outerjoin(other, col(other.id) == Relationship.related_person_id)
        .where(
            Relationship.person_id == person_id,
            or_(col(Relationship.end_date).is_(None), col(Relationship.end_date) >= today),
        )
        .order_by(col(Relationship.id))
    ).all()
    related = []
    for rid, rtype, contact, phone, first, last, restricted, other_phone in rel_rows:
        if rid is not None and is_hidden(bool(restricted), rid, unlocked):
            related.append(RelatedPerson(rid, RESTRICTED, rtype, ""))
        elif rid is not None:
            related.append(
                RelatedPerson(rid, person_name(first, last), rtype, phone or other_phone)
            )
        else:
            related.append(RelatedPerson(None, contact, rtype, phone))
    return Banner(
        person_id=person_id,
        name=person_name(person.first_name, person.last_name),
        date_of_birth=person.date_of_birth,
        age=age_on(person.date_of_birth, today) if person.date_of_birth else None,
        address=address_of(person),
        phone=person.phone,
        nhs_number=person.nhs_number,
        current_alerts=len(alerts),
        alert_summary=tuple(
            f"{'Hazard' if kind == 'hazard' else 'Alert'}: {cat}" for kind, cat in alerts
        ),
        has_key_safe=key_safe is not None,
        responsible_user=(open_case[0] or "") if open_case else "",
        responsible_team=open_case[1] if open_case else "",
        related=tuple(related),
        restricted=person.restricted,
        consent=consent.summary_in(session, person_id),
    )


def person_banner(store: Store, actor: Actor, person_id: int, today: date | None = None) -> Banner:
    with store.read() as session:
        return banner(session, actor, person_id, today or clock.today())


def case_detail(store: Store, actor: Actor, case_id: int, today: date | None = None) -> CaseDetail:
    """The case's Details tab and banner; refuses a restricted record to the unnamed."""
    from caretui.store.errors import NotFound

    today = today or clock.today()
    with store.read() as session:
        case = session.get(Case, case_id)
        if case is None:
            raise NotFound(f"There is no case {case_id}.")
        person_banner_ = banner(session, actor, case.person_id, today)
        user = session.get(User, case.responsible_user_id) if case.responsible_user_id else None
        team = session.get(Team, case.responsible_team_id)
        open_activities = session.exec(
            select(func.count())
            .select_from(Activity)
            .where(Activity.case_id == case_id, Activity.status == ActivityStatus.OPEN)
        ).one()
        open_forms = session.exec(
            select(func.count())
            .select_from(FormInstance)
            .where(FormInstance.case_id == case_id, FormInstance.status != FormStatus.CLOSED)
        ).one()
        return CaseDetail(
            case_id=case_id,
            person_id=case.person_id,
            status=CaseStatus(case.status),
            referral_date=case.referral_date,
            referral_source=case.referral_source,
            referral_reason=case.referral_reason,
            priority=case.priority,
            responsible_user=user.name if user else "",
            responsible_user_id=case.responsible_user_id,
            responsible_team=team.name if team else "",
            responsible_team_id=case.responsible_team_id,
            assessment=assessment_clock(case.referral_date, case.assessment_completed_on, today),
            closure_reason=case.closure_reason,
            closed_on=case.closed_on,
            created_at=case.created_at,
            version=case.version,
            banner=person_banner_,
            open_activities=open_activities,
            open_forms=open_forms,
            assignments=tuple(_assignments(session, case_id)),
        )


@dataclass(frozen=True)
class AssignmentRow:
    team: str
    user: str
    started_at: datetime
    ended_at: datetime | None
    changed_by: str
    note: str


def assignment_history(store: Store, case_id: int) -> list[AssignmentRow]:
    """Who has held the case, newest first (W1: the history is kept and shown)."""
    with store.read() as session:
        return _assignments(session, case_id)


def _assignments(session: Session, case_id: int) -> list[AssignmentRow]:
    rows = session.execute(_assignments_statement(), {"case_id": case_id}).all()
    return [AssignmentRow(t, u or "", s, e, c or "", n) for t, u, s, e, c, n in rows]


@functools.cache
def _assignments_statement():  # type: ignore[no-untyped-def]
    """Built once (aliases cost more to build than the query costs to run)."""
    user = aliased(User)
    changer = aliased(User)
    return (
        select(
            Team.name,
            col(user.name),
            CaseAssignment.started_at,
            CaseAssignment.ended_at,
            col(changer.name),
            CaseAssignment.note,
        )
        .join(Team, col(Team.id) == CaseAssignment.team_id)
        .outerjoin(user, col(user.id) == CaseAssignment.user_id)
        .outerjoin(changer, col(changer.id) == CaseAssignment.changed_by_id)
        .where(CaseAssignment.case_id == bindparam("case_id"))
        .order_by(col(CaseAssignment.started_at).desc(), col(CaseAssignment.id).desc())
    )


@dataclass(frozen=True)
class PersonCaseRow:
    """One of a person's cases, open or closed, for the person record's Cases list."""

    case_id: int
    status: CaseStatus
    referral_date: date
    closed_on: date | None
    closure_reason: str
    responsible_team: str
    responsible_user: str

    @property
    def closed(self) -> bool:
        return self.status is CaseStatus.CLOSED


def person_cases(store: Store, actor: Actor, person_id: int) -> list[PersonCaseRow]:
    """Every case the person has had, the current one first, then closed ones newest
    first; refuses a restricted record to the unnamed as the person record does."""
    with store.read() as session:
        person_for(session, actor, person_id)
        responsible = aliased(User)
        rows = session.exec(
            select(Case, Team.name, responsible.name)
            .join(Team, col(Team.id) == Case.responsible_team_id)
            .outerjoin(responsible, col(responsible.id) == Case.responsible_user_id)
            .where(Case.person_id == person_id)
            .order_by(
                col(Case.status) == CaseStatus.CLOSED,
                col(Case.referral_date).desc(),
                col(Case.id).desc(),
            )
        ).all()
        return [
            PersonCaseRow(
                case_id=case.id,  # type: ignore[arg-type]
                status=CaseStatus(case.status),
                referral_date=case.referral_date,
                closed_on=case.closed_on,
                closure_reason=case.closure_reason,
                responsible_team=team or "",
                responsible_user=user or "",
            )
            for case, team, user in rows
        ]
