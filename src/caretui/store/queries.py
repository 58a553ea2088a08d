"""Readers: plain rows shaped for the screens, tuned for large stores.

Screens never build queries and never hold ORM objects: every function here returns
frozen dataclasses. Every function that shows people applies record lock-down (S3):
a restricted person is shown as "Restricted record" to anyone not named on it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache

from sqlalchemy import String, and_, bindparam, cast, literal, or_, union_all
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, func, select

from caretui.rules import clock
from caretui.rules.access import AccessStatus, access_status, review_due_on
from caretui.rules.form_types import form_label
from caretui.rules.permissions import Action, Actor, require
from caretui.rules.roles import ROLE_LABELS, Role
from caretui.rules.timescales import AssessmentClock, age_on, assessment_clock
from caretui.rules.vocab import ActivityStatus, ActivityType, CaseStatus, ClosureStatus, FormStatus
from caretui.store.db import Store
from caretui.store.lockdown import RESTRICTED, is_hidden, person_name, unlocked_ids
from caretui.store.models import (
    AccessReview,
    Activity,
    Alert,
    AuditEntry,
    Case,
    CaseAssignment,
    ClosureRequest,
    DoLS,
    Draft,
    FormInstance,
    Involvement,
    KeySafe,
    Person,
    Relationship,
    Safeguarding,
    StoreInfo,
    Team,
    User,
)

# The dashboard's lists (store/worklists.py) are part of this module's interface too.
from caretui.store.worklists import (
    OPEN_CASE as OPEN_CASE,
)
from caretui.store.worklists import (
    ActivityRow as ActivityRow,
)
from caretui.store.worklists import (
    CaseRow as CaseRow,
)
from caretui.store.worklists import (
    ClosureRow as ClosureRow,
)
from caretui.store.worklists import (
    FormRow as FormRow,
)
from caretui.store.worklists import (
    activity_rows as activity_rows,
)
from caretui.store.worklists import (
    awaiting_countersignature as awaiting_countersignature,
)
from caretui.store.worklists import (
    closures_awaiting as closures_awaiting,
)
from caretui.store.worklists import (
    form_rows as form_rows,
)
from caretui.store.worklists import (
    forms_awaiting_closure as forms_awaiting_closure,
)
from caretui.store.worklists import (
    my_activities as my_activities,
)
from caretui.store.worklists import (
    my_forms as my_forms,
)
from caretui.store.worklists import (
    primary_cases as primary_cases,
)
from caretui.store.worklists import (
    secondary_cases as secondary_cases,
)
from caretui.store.worklists import (
    team_activities as team_activities,
)

# --- accounts -------------------------------------------------------------------------


@dataclass(frozen=True)
class UserRow:
    id: int
    login: str
    name: str
    role: Role
    team: str
    team_id: int
    designation: str
    access_ends: date | None
    disabled: bool
    last_sign_in: datetime | None

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[self.role]


def users(store: Store, *, include_disabled: bool = True) -> list[UserRow]:
    with store.read() as session:
        stmt = (
            select(User, Team.name)
            .join(Team, col(Team.id) == User.team_id)
            .order_by(col(Team.name), col(User.name))
        )
        if not include_disabled:
            stmt = stmt.where(col(User.disabled).is_(False))
        return [
            UserRow(
                id=u.id,  # type: ignore[arg-type]
                login=u.login,
                name=u.name,
                role=Role(u.role),
                team=team,
                team_id=u.team_id,
                designation=u.designation,
                access_ends=u.access_ends,
                disabled=u.disabled,
                last_sign_in=u.last_sign_in,
            )
            for u, team in session.exec(stmt).all()
        ]


def user_count(store: Store) -> int:
    with store.read() as session:
        return session.exec(select(func.count()).select_from(User)).one()


def store_kind(store: Store) -> str:
    """'sandbox' or 'live', as recorded when the store was built."""
    with store.read() as session:
        row = session.get(StoreInfo, "kind")
        return row.value if row else "live"


@dataclass(frozen=True)
class TeamRow:
    id: int
    name: str


def teams(store: Store) -> list[TeamRow]:
    with store.read() as session:
        rows = session.exec(select(Team.id, Team.name).order_by(col(Team.name))).all()
        return [TeamRow(id=i, name=n) for i, n in rows]  # type: ignore[arg-type]


# --- the case record (C1, C2) ---------------------------------------------------------------


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


class RecordLocked(Exception):
    """Raised to screens when a restricted record is opened by someone not named on it."""


def locked_message() -> str:
    return (
        "This record is restricted. Only the people named on the restriction can open it. "
        "If you need access, ask your team manager to contact Adults System Support."
    )


def _address(p: Person) -> str:
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
        .where(Case.person_id == person_id, OPEN_CASE)
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
        address=_address(person),
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
class TimelineRow:
    """One item on a case's Timeline; ``kind`` + ``item_id`` say what enter opens."""

    kind: str  # activity | form | safeguarding | dols | involvement | assignment | closure
    item_id: int
    at: datetime
    type_label: str
    subject: str
    author: str
    status: str
    awaiting_countersignature: bool = False


def timeline(
    store: Store, actor: Actor, case_id: int, *, limit: int = 10_000, offset: int = 0
) -> list[TimelineRow]:
    """Everything on the case, newest first, in one indexed UNION query."""
    from caretui.store.errors import NotFound

    with store.read() as session:
        case = session.get(Case, case_id)
        if case is None:
            raise NotFound(f"There is no case {case_id}.")
        person = session.get(Person, case.person_id)
        if person and is_hidden(person.restricted, person.id, unlocked_ids(session, actor)):  # type: ignore[arg-type]
            raise NotFound(locked_message())
        paged = limit + offset < 10_000
        params = {"case_id": case_id, "limit": limit, "offset": offset, "wanted": limit + offset}
        stmt = _timeline_statement(paged)
        return [_timeline_row(r) for r in session.execute(stmt, params).all()]


@functools.cache
def _timeline_statement(paged: bool):  # type: ignore[no-untyped-def]
    """The Timeline's UNION, built once: building it costs far more than running it.

    Paged, each kind gives only its newest ``wanted`` rows (an index range on a case with
    thousands of activities), so the union sorts a page, not the whole case.
    """
    au = aliased(User)
    fu = aliased(User)
    su = aliased(User)
    du = aliased(User)
    iu = aliased(User)
    cu = aliased(User)
    case_id = bindparam("case_id")
    parts = [
        select(
            literal("activity").label("kind"),
            col(Activity.id).label("item_id"),
            col(Activity.occurred_at).label("at"),
            col(Activity.type).label("type"),
            col(Activity.subject).label("subject"),
            col(au.name).label("author"),
            col(Activity.status).label("status"),
            col(Activity.awaiting_countersignature).label("awaiting"),
        )
        .join(au, col(au.id) == Activity.created_by_id)
        .where(Activity.case_id == case_id),
        select(
            literal("form"),
            FormInstance.id,
            FormInstance.created_at,
            FormInstance.form_type,
            FormInstance.form_type,
            fu.name,
            FormInstance.status,
            FormInstance.awaiting_countersignature,
        )
        .join(fu, col(fu.id) == FormInstance.created_by_id)
        .where(FormInstance.case_id == case_id),
        select(
            literal("safeguarding"),
            Safeguarding.id,
            Safeguarding.created_at,
            literal("safeguarding"),
            Safeguarding.concern_type,
            su.name,
            Safeguarding.stage,
            literal(False),
        )
        .outerjoin(su, col(su.id) == Safeguarding.created_by_id)
        .where(Safeguarding.case_id == case_id),
        select(
            literal("dols"),
            DoLS.id,
            DoLS.created_at,
            literal("dols"),
            DoLS.authorisation_type,
            du.name,
            func.coalesce(cast(DoLS.actual_end_date, String), ""),
            literal(False),
        )
        .outerjoin(du, col(du.id) == DoLS.created_by_id)
        .where(DoLS.case_id == case_id),
        select(
            literal("involvement"),
            Involvement.id,
            Involvement.created_at,
            literal("involvement"),
            Involvement.role,
            iu.name,
            func.coalesce(cast(Involvement.end_date, String), ""),
            literal(False),
        )
        .outerjoin(iu, col(iu.id) == Involvement.user_id)
        .where(Involvement.case_id == case_id),
        select(
            literal("closure"),
            ClosureRequest.id,
            ClosureRequest.requested_at,
            literal("closure"),
            ClosureRequest.closure_reason,
            cu.name,
            ClosureRequest.status,
            literal(False),
        )
        .join(cu, col(cu.id) == ClosureRequest.requested_by_id)
        .where(ClosureRequest.case_id == case_id),
    ]
    if paged:
        parts = [
            select(
                part.order_by(part.selected_columns[2].desc(), part.selected_columns[1].desc())
                .limit(bindparam("wanted"))
                .subquery()
            )
            for part in parts
        ]
    union = union_all(*parts).subquery()
    return (
        select(union)
        .order_by(union.c.at.desc(), union.c.kind, union.c.item_id.desc())
        .limit(bindparam("limit"))
        .offset(bindparam("offset"))
    )


def _ended(iso_date: str) -> str:
    if not iso_date:
        return "Current"
    return f"Ended {date.fromisoformat(iso_date[:10]):%d %b %Y}"


def _timeline_row(r) -> TimelineRow:  # type: ignore[no-untyped-def]
    kind, item_id, at, type_, subject, author, status, awaiting = r
    if isinstance(at, str):
        at = datetime.fromisoformat(at)
    if kind == "activity":
        type_label = ActivityType(type_).label
        status_label = ActivityStatus(status).label
    elif kind == "form":
        type_label = "Form"
        subject = form_label(subject)
        status_label = FormStatus(status).label
    elif kind == "safeguarding":
        type_label, status_label = "Safeguarding", status
    elif kind == "dols":
        type_label = "DoLS"
        status_label = _ended(status)
        subject = f"{subject} authorisation"
    elif kind == "involvement":
        type_label = "Involvement"
        status_label = _ended(status)
        subject = f"{subject}: {author or 'team'}"
    else:
        type_label = "Closure request"
        status_label = ClosureStatus(status).value.capitalize()
    return TimelineRow(
        kind=kind,
        item_id=item_id,
        at=at,
        type_label=type_label,
        subject=subject,
        author=author or "",
        status=status_label,
        awaiting_countersignature=bool(awaiting),
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


# --- the command palette -----------------------------------------------------------------


@dataclass(frozen=True)
class PaletteHit:
    person_id: int
    case_id: int | None
    label: str
    detail: str


def find_people_and_cases(
    store: Store, actor: Actor, text: str, limit: int = 20
) -> list[PaletteHit]:
    """The palette's people: :func:`search_people`, each with their open case if any."""
    hits = []
    for h in search_people(store, actor, text, limit).hits:
        if h.restricted:
            hits.append(PaletteHit(h.person_id, None, RESTRICTED, f"Person {h.person_id}"))
            continue
        born = f"born {h.date_of_birth:%d %b %Y}" if h.date_of_birth else "date of birth not known"
        where = f"case {h.case_id}" if h.case_id else "no open case"
        hits.append(
            PaletteHit(h.person_id, h.case_id, h.name, f"P{h.person_id} · {born} · {where}")
        )
    return hits


# --- drafts -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DraftRow:
    key: str
    title: str
    data: dict
    updated_at: datetime


def draft(store: Store, actor: Actor, key: str) -> DraftRow | None:
    with store.read() as session:
        row = session.exec(select(Draft).where(Draft.user_id == actor.id, Draft.key == key)).first()
        return DraftRow(row.key, row.title, dict(row.data), row.updated_at) if row else None


def drafts(store: Store, actor: Actor) -> list[DraftRow]:
    with store.read() as session:
        rows = session.exec(
            select(Draft).where(Draft.user_id == actor.id).order_by(col(Draft.updated_at).desc())
        ).all()
        return [DraftRow(r.key, r.title, dict(r.data), r.updated_at) for r in rows]


# --- case record items (C3, C4, C5, K1) -------------------------------------------------------


@dataclass(frozen=True)
class LookupUser:
    """A row of the responsible-user lookup, with what the profile view shows."""

    id: int
    name: str
    login: str
    role: Role
    designation: str
    team_id: int
    team: str
    email: str
    phone: str


def lookup_users(store: Store, text: str = "", *, limit: int = 200) -> list[LookupUser]:
    """Active users whose name or login starts with what was typed (any word)."""
    with store.read() as session:
        stmt = (
            select(User, Team.name)
            .join(Team, col(Team.id) == User.team_id)
            .where(col(User.disabled).is_(False), User.role != Role.VIEWER)
            .order_by(col(User.name))
            .limit(limit)
        )
        for word in text.lower().split()[:3]:
            stmt = stmt.where(
                or_(
                    func.lower(User.name).like(f"{word}%"),
                    func.lower(User.name).like(f"% {word}%"),
                    func.lower(User.login).like(f"{word}%"),
                )
            )
        return [
            LookupUser(
                id=u.id,  # type: ignore[arg-type]
                name=u.name,
                login=u.login,
                role=Role(u.role),
                designation=u.designation,
                team_id=u.team_id,
                team=team,
                email=u.email,
                phone=u.phone,
            )
            for u, team in session.exec(stmt).all()
        ]


@dataclass(frozen=True)
class Authorship:
    """Who wrote an entry, their designation and when (K1)."""

    author: str
    designation: str
    written_at: datetime
    updated_by: str
    updated_at: datetime | None
    countersigned_by: str
    countersigned_at: datetime | None
    awaiting_countersignature: bool

    @property
    def line(self) -> str:
        text = f"Written by {self.author}"
        if self.designation:
            text += f" ({self.designation})"
        text += f" on {self.written_at:%d %b %Y at %H:%M}"
        if self.updated_at and self.updated_by and self.updated_at != self.written_at:
            text += f"; amended by {self.updated_by} on {self.updated_at:%d %b %Y at %H:%M}"
        if self.awaiting_countersignature:
            text += " — awaiting countersignature"
        elif self.countersigned_by and self.countersigned_at:
            text += (
                f" — countersigned by {self.countersigned_by} on {self.countersigned_at:%d %b %Y}"
            )
        return text


@dataclass(frozen=True)
class PreviousVersion:
    version: int
    content: dict
    written_by: str
    written_at: datetime
    replaced_by: str
    replaced_at: datetime


@dataclass(frozen=True)
class ActivityDetail:
    id: int
    case_id: int
    person_id: int
    type: ActivityType
    subject: str
    notes: str
    occurred_at: datetime
    due_date: date | None
    direction: str
    contact: str
    outcome: str
    location: str
    responsible_user_id: int | None
    responsible_user: str
    responsible_team_id: int
    responsible_team: str
    status: ActivityStatus
    completed_at: datetime | None
    attachment_id: int | None
    attachment_name: str
    version: int
    authorship: Authorship
    previous: tuple[PreviousVersion, ...]


def _names(session: Session, *ids: int | None) -> dict[int, tuple[str, str]]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = session.exec(
        select(User.id, User.name, User.designation).where(col(User.id).in_(wanted))
    ).all()
    return {i: (n, d) for i, n, d in rows}  # type: ignore[misc]


def _previous_versions(session: Session, record_type: str, record_id: int) -> tuple:
    from caretui.store.models import Revision

    revisions = session.exec(
        select(Revision)
        .where(Revision.record_type == record_type, Revision.record_id == record_id)
        .order_by(col(Revision.version))
    ).all()
    names = _names(
        session, *[r.written_by_id for r in revisions], *[r.replaced_by_id for r in revisions]
    )
    return tuple(
        PreviousVersion(
            version=r.version,
            content=dict(r.content),
            written_by=names.get(r.written_by_id or 0, ("", ""))[0],
            written_at=r.written_at,
            replaced_by=names.get(r.replaced_by_id or 0, ("", ""))[0],
            replaced_at=r.replaced_at,
        )
        for r in revisions
    )


def _authorship(session: Session, row) -> Authorship:  # type: ignore[no-untyped-def]
    names = _names(session, row.created_by_id, row.updated_by_id, row.countersigned_by_id)
    author, designation = names.get(row.created_by_id, ("", ""))
    return Authorship(
        author=author,
        designation=designation,
        written_at=row.created_at,
        updated_by=names.get(row.updated_by_id or 0, ("", ""))[0],
        updated_at=row.updated_at,
        countersigned_by=names.get(row.countersigned_by_id or 0, ("", ""))[0],
        countersigned_at=row.countersigned_at,
        awaiting_countersignature=row.awaiting_countersignature,
    )


def _check_unlocked(session: Session, actor: Actor, person_id: int) -> None:
    from caretui.store.errors import NotFound

    person = session.get(Person, person_id)
    if person is None or is_hidden(person.restricted, person_id, unlocked_ids(session, actor)):
        raise NotFound(locked_message())


def activity_type(store: Store, activity_id: int) -> ActivityType:
    """The type of an activity, so its screen can lay out the right fields."""
    with store.read() as session:
        kind = session.exec(select(Activity.type).where(Activity.id == activity_id)).first()
        return ActivityType(kind) if kind else ActivityType.CASE_NOTE


def activity_detail(store: Store, actor: Actor, activity_id: int) -> ActivityDetail:
    from caretui.store.errors import NotFound
    from caretui.store.models import Attachment

    with store.read() as session:
        row = session.get(Activity, activity_id)
        if row is None:
            raise NotFound(f"There is no activity {activity_id}.")
        _check_unlocked(session, actor, row.person_id)
        names = _names(session, row.responsible_user_id)
        team = session.get(Team, row.responsible_team_id)
        attachment = session.get(Attachment, row.attachment_id) if row.attachment_id else None
        return ActivityDetail(
            id=activity_id,
            case_id=row.case_id,
            person_id=row.person_id,
            type=ActivityType(row.type),
            subject=row.subject,
            notes=row.notes,
            occurred_at=row.occurred_at,
            due_date=row.due_date,
            direction=row.direction,
            contact=row.contact,
            outcome=row.outcome,
            location=row.location,
            responsible_user_id=row.responsible_user_id,
            responsible_user=names.get(row.responsible_user_id or 0, ("", ""))[0],
            responsible_team_id=row.responsible_team_id,
            responsible_team=team.name if team else "",
            status=ActivityStatus(row.status),
            completed_at=row.completed_at,
            attachment_id=row.attachment_id,
            attachment_name=attachment.filename if attachment else "",
            version=row.version,
            authorship=_authorship(session, row),
            previous=_previous_versions(session, "activity", activity_id),
        )


@dataclass(frozen=True)
class FormDetail:
    id: int
    case_id: int
    person_id: int
    form_type: str
    title: str
    status: FormStatus
    needs_manager: bool
    responsible_user_id: int | None
    responsible_user: str
    answers: dict
    returned_reason: str
    completed_at: datetime | None
    closed_at: datetime | None
    closed_by: str
    version: int
    authorship: Authorship


def form_detail(store: Store, actor: Actor, form_id: int) -> FormDetail:
    from caretui.store.errors import NotFound
    from caretui.store.models import FormAnswer

    with store.read() as session:
        form = session.get(FormInstance, form_id)
        if form is None:
            raise NotFound(f"There is no form {form_id}.")
        case = session.get(Case, form.case_id)
        assert case is not None
        _check_unlocked(session, actor, case.person_id)
        answers = {
            a.field_key: a.value
            for a in session.exec(select(FormAnswer).where(FormAnswer.form_id == form_id)).all()
        }
        names = _names(session, form.responsible_user_id, form.closed_by_id)
        return FormDetail(
            id=form_id,
            case_id=form.case_id,
            person_id=case.person_id,
            form_type=form.form_type,
            title=form_label(form.form_type),
            status=FormStatus(form.status),
            needs_manager=form.needs_manager,
            responsible_user_id=form.responsible_user_id,
            responsible_user=names.get(form.responsible_user_id or 0, ("", ""))[0],
            answers=answers,
            returned_reason=form.returned_reason,
            completed_at=form.completed_at,
            closed_at=form.closed_at,
            closed_by=names.get(form.closed_by_id or 0, ("", ""))[0],
            version=form.version,
            authorship=_authorship(session, form),
        )


@dataclass(frozen=True)
class InvolvementRow:
    id: int
    user_id: int | None
    user: str
    role: str
    team: str
    start_date: date
    end_date: date | None
    version: int

    @property
    def current(self) -> bool:
        return self.end_date is None or self.end_date >= clock.today()


def involvements(store: Store, actor: Actor, case_id: int) -> list[InvolvementRow]:
    with store.read() as session:
        case = session.get(Case, case_id)
        if case is None:
            return []
        _check_unlocked(session, actor, case.person_id)
        rows = session.exec(
            select(Involvement, User.name, Team.name)
            .join(Team, col(Team.id) == Involvement.team_id)
            .outerjoin(User, col(User.id) == Involvement.user_id)
            .where(Involvement.case_id == case_id)
            .order_by(col(Involvement.end_date).is_not(None), col(Involvement.start_date).desc())
        ).all()
        return [
            InvolvementRow(
                id=i.id,  # type: ignore[arg-type]
                user_id=i.user_id,
                user=user or "(team)",
                role=i.role,
                team=team,
                start_date=i.start_date,
                end_date=i.end_date,
                version=i.version,
            )
            for i, user, team in rows
        ]


def case_activities(store: Store, actor: Actor, case_id: int) -> list[ActivityRow]:
    """Every activity on the case, open first then newest."""
    with store.read() as session:
        case = session.get(Case, case_id)
        if case is None:
            return []
        _check_unlocked(session, actor, case.person_id)
        rows = activity_rows(session, actor, [Activity.case_id == case_id], None)
    return sorted(
        rows, key=lambda r: (r.status is not ActivityStatus.OPEN, -r.occurred_at.timestamp())
    )


def case_forms(store: Store, actor: Actor, case_id: int) -> list[FormRow]:
    with store.read() as session:
        case = session.get(Case, case_id)
        if case is None:
            return []
        _check_unlocked(session, actor, case.person_id)
        return form_rows(session, actor, [FormInstance.case_id == case_id])


@dataclass(frozen=True)
class SafeguardingRow:
    id: int
    concern_date: date
    concern_type: str
    source: str
    stage: str
    outcome: str
    notes: str
    version: int
    authorship_line: str


def safeguarding_records(store: Store, actor: Actor, case_id: int) -> list[SafeguardingRow]:
    with store.read() as session:
        case = session.get(Case, case_id)
        if case is None:
            return []
        _check_unlocked(session, actor, case.person_id)
        rows = session.exec(
            select(Safeguarding)
            .where(Safeguarding.case_id == case_id)
            .order_by(col(Safeguarding.concern_date).desc())
        ).all()
        out = []
        for r in rows:
            names = _names(session, r.created_by_id, r.updated_by_id)
            author, designation = names.get(r.created_by_id or 0, ("", ""))
            line = f"Recorded by {author}" + (f" ({designation})" if designation else "")
            line += f" on {r.created_at:%d %b %Y at %H:%M}"
            if r.updated_at != r.created_at and r.updated_by_id:
                line += f"; reviewed by {names.get(r.updated_by_id, ('', ''))[0]}"
                line += f" on {r.updated_at:%d %b %Y}"
            out.append(
                SafeguardingRow(
                    r.id,
                    r.concern_date,
                    r.concern_type,
                    r.source,
                    r.stage,  # type: ignore[arg-type]
                    r.outcome,
                    r.notes,
                    r.version,
                    line,
                )
            )
        return out


@dataclass(frozen=True)
class DolsRow:
    id: int
    authorisation_type: str
    authorisation_start: date
    authorisation_end: date | None
    actual_end_date: date | None
    notes: str
    version: int

    @property
    def ended(self) -> bool:
        return self.actual_end_date is not None and self.actual_end_date < clock.today()


def dols_records(store: Store, actor: Actor, case_id: int) -> list[DolsRow]:
    with store.read() as session:
        case = session.get(Case, case_id)
        if case is None:
            return []
        _check_unlocked(session, actor, case.person_id)
        rows = session.exec(
            select(DoLS).where(DoLS.case_id == case_id).order_by(col(DoLS.authorisation_start))
        ).all()
        return [
            DolsRow(
                r.id,
                r.authorisation_type,
                r.authorisation_start,  # type: ignore[arg-type]
                r.authorisation_end,
                r.actual_end_date,
                r.notes,
                r.version,
            )
            for r in rows
        ]


# --- the person record: search, alerts, key safe, relationships, attachments, Section 117,
# --- services, all activities, lock-down (P1-P8, S3) ---------------------------------------


@dataclass(frozen=True)
class PersonHit:
    """A search result with enough to tell two namesakes apart."""

    person_id: int
    name: str
    date_of_birth: date | None
    age: int | None
    address: str
    case_id: int | None
    responsible_user: str
    responsible_team: str
    restricted: bool = False

    @property
    def born(self) -> str:
        if self.date_of_birth is None:
            return "" if self.restricted else "DOB not known"
        return f"{self.date_of_birth:%d/%m/%Y} ({self.age})"

    @property
    def case(self) -> str:
        if self.restricted:
            return ""
        if self.case_id is None:
            return "No open case"
        who = self.responsible_user or "unallocated"
        return f"Case {self.case_id}: {who}, {self.responsible_team}"


@dataclass(frozen=True)
class PersonSearch:
    hits: tuple[PersonHit, ...]
    hint: str = ""  # what to do when nothing is found, or how the text was read
    more: bool = False  # there were more matches than the limit


_DRIVER_CAP = 1_000


def _word_range(word: str) -> tuple[str, str]:
    """(lowest, first word past) the index range of words starting with ``word``."""
    from caretui.rules.names import MAX_WORD, after_prefix

    return word, after_prefix(word) or "z" * (MAX_WORD + 1)


@cache
def _word_count_statement():  # type: ignore[no-untyped-def]
    """How many name words start with :lo (counted only up to a cap: cheap for any prefix).

    The search statements are built once and reused with new values on every key press:
    building them again costs more than running them.
    """
    from caretui.store.models import PersonNameWord as W

    capped = (
        select(W.person_id)
        .where(col(W.word) >= bindparam("lo"), col(W.word) < bindparam("hi"))
        .limit(_DRIVER_CAP)
    )
    return select(func.count()).select_from(capped.subquery())


@cache
def _name_statement(words: int):  # type: ignore[no-untyped-def]
    """People with a name word in [lo0, hi0), ordered by that word, who also have one in
    [lo1, hi1), [lo2, hi2) ...; at most :want rows."""
    from caretui.store.models import PersonNameWord as W

    lead = aliased(W)
    stmt = select(lead.person_id).where(
        col(lead.word) >= bindparam("lo0"), col(lead.word) < bindparam("hi0")
    )
    for n in range(1, words):
        other = aliased(W)
        stmt = stmt.where(
            select(other.person_id)
            .where(
                other.person_id == lead.person_id,
                col(other.word) >= bindparam(f"lo{n}"),
                col(other.word) < bindparam(f"hi{n}"),
            )
            .exists()
        )
    return stmt.order_by(lead.word, lead.sort_key, lead.person_id).limit(bindparam("want"))


def _name_matches(session: Session, words: tuple[str, ...], want: int) -> list[int]:
    """People whose names have a word starting with each typed word.

    The rarest typed word leads: its range of the word index is read in order (word, then
    surname) only as far as ``want`` people, and each is checked for the other words, so
    the cost stays small however common a prefix is.
    """

    def how_many(word: str) -> int:
        lo, hi = _word_range(word)
        return session.exec(_word_count_statement(), params={"lo": lo, "hi": hi}).one()

    ordered = sorted(words, key=len, reverse=True)
    if len(ordered) > 1:
        ordered.sort(key=how_many)
    params: dict[str, object] = {"want": want * 2}
    for n, word in enumerate(ordered):
        params[f"lo{n}"], params[f"hi{n}"] = _word_range(word)
    seen: dict[int, None] = {}
    for person_id in session.exec(_name_statement(len(ordered)), params=params).all():
        seen.setdefault(person_id)
    return list(seen)


@cache
def _hits_statement():  # type: ignore[no-untyped-def]
    responsible = aliased(User)
    return (
        select(
            Person.id,
            Person.first_name,
            Person.last_name,
            Person.date_of_birth,
            Person.restricted,
            Person.address_line1,
            Person.address_line2,
            Person.town,
            Person.postcode,
            col(Case.id).label("case_id"),
            col(responsible.name).label("responsible"),
            col(Team.name).label("team"),
        )
        .outerjoin(Case, and_(col(Case.person_id) == Person.id, OPEN_CASE))
        .outerjoin(Team, col(Team.id) == Case.responsible_team_id)
        .outerjoin(responsible, col(responsible.id) == Case.responsible_user_id)
        .where(col(Person.id).in_(bindparam("ids", expanding=True)))
    )


def _hits(session: Session, actor: Actor, ids: list[int], today: date) -> list[PersonHit]:
    """Result rows in the order found; a restricted person the actor is not named on is
    a bare "Restricted record" (S3: others see that a record exists, nothing more), put
    after the named rows so its place in the alphabet says nothing of the name."""
    if not ids:
        return []
    rows = session.exec(_hits_statement(), params={"ids": ids}).all()
    by_id: dict[int, PersonHit] = {}
    masked: dict[int, PersonHit] = {}
    unlocked = unlocked_ids(session, actor)
    for pid, first, last, dob, restricted, *address, case_id, user, team in rows:
        if pid in by_id or pid in masked:
            continue
        if is_hidden(restricted, pid, unlocked):
            masked[pid] = PersonHit(pid, RESTRICTED, None, None, "", None, "", "", True)
            continue
        by_id[pid] = PersonHit(
            person_id=pid,
            name=person_name(first, last),
            date_of_birth=dob,
            age=age_on(dob, today) if dob else None,
            address=", ".join(x for x in address if x),
            case_id=case_id,
            responsible_user=user or "",
            responsible_team=team or "",
        )
    return [by_id[i] for i in ids if i in by_id] + [masked[i] for i in ids if i in masked]


def search_people(
    store: Store, actor: Actor, text: str, limit: int = 50, today: date | None = None
) -> PersonSearch:
    """P1: people by name prefixes in any order, person or case ID, date of birth or NHS
    number, as typed. Restricted people are masked for anyone not named on them (S3)."""
    from caretui.rules.names import read_search

    terms = read_search(text)
    today = today or clock.today()
    if terms.kind in ("empty", "partial"):
        return PersonSearch((), terms.hint)
    with store.read() as session:
        if terms.kind == "name":
            ids = _name_matches(session, terms.words, limit + 1)
        elif terms.kind == "person":
            ids = [terms.number] if session.get(Person, terms.number) else []  # type: ignore[list-item]
        elif terms.kind == "case":
            found = session.exec(select(Case.person_id).where(Case.id == terms.number)).first()
            ids = [found] if found is not None else []
        else:
            where = (
                Person.date_of_birth == terms.born
                if terms.kind == "dob"
                else Person.nhs_number == terms.nhs
            )
            ids = list(
                session.exec(
                    select(Person.id)
                    .where(where)
                    .order_by(col(Person.last_name_key), col(Person.first_name_key))
                    .limit(limit + 1)
                ).all()
            )  # type: ignore[arg-type]
        hits = _hits(session, actor, ids, today)
    more = len(hits) > limit
    hits = hits[:limit]
    hint = ""
    if not hits:
        hint = {
            "name": f"No one found whose names start with {' and '.join(terms.words)}. "
            "Check the spelling, type less of the name, or search by date of birth or ID.",
            "person": f"There is no person P{terms.number}.",
            "case": f"There is no case {terms.number}.",
            "dob": f"No one on record was born on {terms.born:%d %B %Y}." if terms.born else "",
            "nhs": "No one on record has that NHS number.",
        }[terms.kind]
    elif more:
        hint = f"Showing the first {limit}: type more of the name, or add a second name."
    return PersonSearch(tuple(hits), hint, more)


def restricted_refusal(session: Session) -> str:
    """What an unnamed user is told when they open a restricted record: whom to ask."""
    admins = session.exec(
        select(User.name)
        .where(User.role == Role.SYSTEM_ADMIN, col(User.disabled).is_(False))
        .order_by(col(User.name))
    ).all()
    who = f"a system administrator ({', '.join(admins)})" if admins else "Adults System Support"
    return (
        "This record is restricted: only the people named on the restriction can open it. "
        f"If you need access for your work, ask your team manager to request it from {who}."
    )


def _person_for(session: Session, actor: Actor, person_id: int) -> Person:
    """The person, or the refusal a practitioner can act on (unknown, or restricted)."""
    from caretui.store.errors import NotFound, RecordRestricted

    person = session.get(Person, person_id)
    if person is None:
        raise NotFound(f"There is no person P{person_id}.")
    if is_hidden(person.restricted, person_id, unlocked_ids(session, actor)):
        raise RecordRestricted(restricted_refusal(session))
    return person


@dataclass(frozen=True)
class PersonDetail:
    """The person record's own details (guide p.28) with its banner and menu counts."""

    person_id: int
    title: str
    first_name: str
    last_name: str
    preferred_name: str
    date_of_birth: date | None
    date_of_death: date | None
    gender: str
    ethnicity: str
    nhs_number: str
    address_line1: str
    address_line2: str
    town: str
    postcode: str
    phone: str
    email: str
    primary_service_user_group: str
    employment_status: str
    version: int
    updated_at: datetime
    updated_by: str
    banner: Banner
    open_case_id: int | None
    counts: dict[str, int]


PERSON_FIELDS = (
    "title",
    "first_name",
    "last_name",
    "preferred_name",
    "date_of_birth",
    "date_of_death",
    "gender",
    "ethnicity",
    "nhs_number",
    "address_line1",
    "address_line2",
    "town",
    "postcode",
    "phone",
    "email",
    "primary_service_user_group",
    "employment_status",
)


def person_record(
    store: Store, actor: Actor, person_id: int, today: date | None = None
) -> PersonDetail:
    """The person record; refused, saying whom to ask, for a restricted record (S3)."""
    from caretui.store.models import Attachment, Section117, ServiceProvision

    today = today or clock.today()
    with store.read() as session:
        person = _person_for(session, actor, person_id)
        the_banner = banner(session, actor, person_id, today)
        open_case = session.exec(
            select(Case.id)
            .where(Case.person_id == person_id, OPEN_CASE)
            .order_by(col(Case.referral_date).desc())
        ).first()

        def count(model, *where) -> int:  # type: ignore[no-untyped-def]
            return session.exec(select(func.count()).select_from(model).where(*where)).one()

        counts = {
            "alerts": the_banner.current_alerts,
            "relationships": count(Relationship, Relationship.person_id == person_id),
            "attachments": count(Attachment, Attachment.person_id == person_id),
            "section117": count(Section117, Section117.person_id == person_id),
            "services": count(ServiceProvision, ServiceProvision.person_id == person_id),
            "activities": count(Activity, Activity.person_id == person_id),
            "cases": count(Case, Case.person_id == person_id),
        }
        updated_by = _names(session, person.updated_by_id).get(person.updated_by_id or 0, ("", ""))
        return PersonDetail(
            person_id=person_id,
            **{f: getattr(person, f) for f in PERSON_FIELDS},
            version=person.version,
            updated_at=person.updated_at,
            updated_by=updated_by[0],
            banner=the_banner,
            open_case_id=open_case,
            counts=counts,
        )


@dataclass(frozen=True)
class AlertRow:
    id: int
    kind: str  # alert | hazard
    category: str
    description: str
    start_date: date
    end_date: date | None
    recorded_by: str
    recorded_at: datetime
    version: int
    current: bool

    @property
    def kind_label(self) -> str:
        return "Hazard" if self.kind == "hazard" else "Alert"


def person_alerts(
    store: Store, actor: Actor, person_id: int, today: date | None = None
) -> list[AlertRow]:
    """P2: current alerts and hazards first (hazards before alerts), then ended ones."""
    today = today or clock.today()
    with store.read() as session:
        _person_for(session, actor, person_id)
        rows = session.exec(
            select(Alert, User.name)
            .outerjoin(User, col(User.id) == Alert.created_by_id)
            .where(Alert.person_id == person_id)
        ).all()
        out = [
            AlertRow(
                id=a.id,  # type: ignore[arg-type]
                kind=a.kind,
                category=a.category,
                description=a.description,
                start_date=a.start_date,
                end_date=a.end_date,
                recorded_by=by or "",
                recorded_at=a.created_at,
                version=a.version,
                current=a.start_date <= today and (a.end_date is None or a.end_date >= today),
            )
            for a, by in rows
        ]
    return sorted(
        out, key=lambda r: (not r.current, r.kind != "hazard", -r.start_date.toordinal(), r.id)
    )


def current_hazards(store: Store, actor: Actor, person_id: int) -> list[AlertRow]:
    """What a practitioner is shown before a visit (an appointment) to this person."""
    return [r for r in person_alerts(store, actor, person_id) if r.current and r.kind == "hazard"]


@dataclass(frozen=True)
class KeySafeInfo:
    """P3 without the code: the code is only given by ``ops.reveal_key_safe`` (audited)."""

    exists: bool
    access_information: str
    has_code: bool
    updated_by: str
    updated_at: datetime | None
    version: int | None


def key_safe_info(store: Store, actor: Actor, person_id: int) -> KeySafeInfo:
    with store.read() as session:
        _person_for(session, actor, person_id)
        row = session.exec(select(KeySafe).where(KeySafe.person_id == person_id)).first()
        if row is None:
            return KeySafeInfo(False, "", False, "", None, None)
        by = _names(session, row.updated_by_id).get(row.updated_by_id or 0, ("", ""))[0]
        return KeySafeInfo(
            True, row.access_information, bool(row.code), by, row.updated_at, row.version
        )


@dataclass(frozen=True)
class RelationshipRow:
    id: int
    related_person_id: int | None  # None for an external contact
    name: str
    relationship_type: str
    organisation: str
    phone: str
    email: str
    address: str
    start_date: date | None
    end_date: date | None
    restricted: bool = False
    version: int = 1

    @property
    def kind(self) -> str:
        return "Person on record" if self.related_person_id else "External contact"


def relationships(store: Store, actor: Actor, person_id: int) -> list[RelationshipRow]:
    """P4: related people (their details from their own record) and external contacts."""
    with store.read() as session:
        _person_for(session, actor, person_id)
        unlocked = unlocked_ids(session, actor)
        other = aliased(Person)
        rows = session.exec(
            select(Relationship, other)
            .outerjoin(other, col(other.id) == Relationship.related_person_id)
            .where(Relationship.person_id == person_id)
            .order_by(col(Relationship.end_date).is_not(None), col(Relationship.id))
        ).all()
        out = []
        for rel, person in rows:
            if person is not None and is_hidden(person.restricted, person.id, unlocked):
                out.append(
                    RelationshipRow(
                        rel.id,  # type: ignore[arg-type]
                        person.id,
                        RESTRICTED,
                        rel.relationship_type,
                        "",
                        "",
                        "",
                        "",
                        rel.start_date,
                        rel.end_date,
                        True,
                        rel.version,
                    )
                )
                continue
            out.append(
                RelationshipRow(
                    id=rel.id,  # type: ignore[arg-type]
                    related_person_id=rel.related_person_id,
                    name=person_name(person.first_name, person.last_name)
                    if person
                    else rel.contact_name,
                    relationship_type=rel.relationship_type,
                    organisation=rel.organisation,
                    phone=rel.phone or (person.phone if person else ""),
                    email=rel.email or (person.email if person else ""),
                    address=rel.address or (_address(person) if person else ""),
                    start_date=rel.start_date,
                    end_date=rel.end_date,
                    version=rel.version,
                )
            )
        return out


@dataclass(frozen=True)
class AttachmentRow:
    id: int
    title: str
    filename: str
    media_type: str
    size_bytes: int
    added_by: str
    added_at: datetime

    @property
    def size(self) -> str:
        if self.size_bytes < 1024:
            return f"{self.size_bytes} bytes"
        if self.size_bytes < 1024 * 1024:
            return f"{self.size_bytes / 1024:.0f} KB"
        return f"{self.size_bytes / 1024 / 1024:.1f} MB"


def attachments(store: Store, actor: Actor, person_id: int) -> list[AttachmentRow]:
    """P5: files held for the person, newest first (without their content)."""
    from caretui.store.models import Attachment

    with store.read() as session:
        _person_for(session, actor, person_id)
        rows = session.exec(
            select(
                Attachment.id,
                Attachment.title,
                Attachment.filename,
                Attachment.media_type,
                Attachment.size_bytes,
                User.name,
                Attachment.added_at,
            )
            .outerjoin(User, col(User.id) == Attachment.added_by_id)
            .where(Attachment.person_id == person_id)
            .order_by(col(Attachment.added_at).desc(), col(Attachment.id).desc())
        ).all()
        return [AttachmentRow(i, t, f, m, s, by or "", at) for i, t, f, m, s, by, at in rows]  # type: ignore[arg-type]


@dataclass(frozen=True)
class Section117Row:
    id: int
    detention_section: str
    start_date: date
    end_date: date | None
    status: str
    organisation_responsible: str
    aftercare_summary: str
    recorded_by: str
    recorded_at: datetime
    version: int


def section117_entitlements(store: Store, actor: Actor, person_id: int) -> list[Section117Row]:
    """P6: Section 117 aftercare entitlements, newest first."""
    from caretui.store.models import Section117

    with store.read() as session:
        _person_for(session, actor, person_id)
        rows = session.exec(
            select(Section117, User.name)
            .outerjoin(User, col(User.id) == Section117.created_by_id)
            .where(Section117.person_id == person_id)
            .order_by(col(Section117.start_date).desc())
        ).all()
        return [
            Section117Row(
                r.id,  # type: ignore[arg-type]
                r.detention_section,
                r.start_date,
                r.end_date,
                r.status,
                r.organisation_responsible,
                r.aftercare_summary,
                by or "",
                r.created_at,
                r.version,
            )
            for r, by in rows
        ]


@dataclass(frozen=True)
class ServiceRow:
    id: int
    service_type: str
    provider: str
    start_date: date
    end_date: date | None
    units_per_week: float | None
    weekly_cost: float | None
    status: str
    notes: str
    recorded_by: str


def service_provisions(store: Store, actor: Actor, person_id: int) -> list[ServiceRow]:
    """P7: services provided, current first."""
    from caretui.store.models import ServiceProvision

    with store.read() as session:
        _person_for(session, actor, person_id)
        rows = session.exec(
            select(ServiceProvision, User.name)
            .outerjoin(User, col(User.id) == ServiceProvision.created_by_id)
            .where(ServiceProvision.person_id == person_id)
            .order_by(
                col(ServiceProvision.end_date).is_not(None),
                col(ServiceProvision.start_date).desc(),
            )
        ).all()
        return [
            ServiceRow(
                r.id,  # type: ignore[arg-type]
                r.service_type,
                r.provider,
                r.start_date,
                r.end_date,
                r.units_per_week,
                r.weekly_cost,
                r.status,
                r.notes,
                by or "",
            )
            for r, by in rows
        ]


def person_activities(
    store: Store,
    actor: Actor,
    person_id: int,
    *,
    types: frozenset[ActivityType] | None = None,
    status: ActivityStatus | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> list[ActivityRow]:
    """P8: every activity on every case of the person, newest first, filtered."""
    where = [Activity.person_id == person_id]
    if types:
        where.append(col(Activity.type).in_([t.value for t in types]))
    if status is not None:
        where.append(Activity.status == status.value)
    if date_from is not None:
        where.append(col(Activity.occurred_at) >= datetime.combine(date_from, datetime.min.time()))
    if date_to is not None:
        where.append(col(Activity.occurred_at) <= datetime.combine(date_to, datetime.max.time()))
    with store.read() as session:
        _person_for(session, actor, person_id)
        rows = activity_rows(session, actor, where, None)
    return sorted(rows, key=lambda r: (-r.occurred_at.timestamp(), -r.activity_id))


def case_hazards(store: Store, actor: Actor, case_id: int) -> list[AlertRow]:
    """The current hazards of the person on a case: shown before a visit is opened."""
    with store.read() as session:
        case = session.get(Case, case_id)
        if case is None:
            return []
        person_id = case.person_id
    return current_hazards(store, actor, person_id)


# --- wizards: transfer, closure, carers conversation and review (W1-W4) -----------------------


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
        _check_unlocked(session, actor, case.person_id)
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
        _check_unlocked(session, actor, case.person_id)
        row = session.exec(
            select(ClosureRequest)
            .where(ClosureRequest.case_id == case_id)
            .order_by(col(ClosureRequest.requested_at).desc(), col(ClosureRequest.id).desc())
            .limit(1)
        ).first()
        if row is None:
            return None
        names = _names(session, row.requested_by_id, row.decided_by_id)
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


@dataclass(frozen=True)
class TeamMember:
    id: int
    name: str
    designation: str
    team_id: int


def team_members(store: Store) -> dict[int, list[TeamMember]]:
    """Active workers who can hold a case, by team (viewers, admins and students cannot)."""
    holders = [Role.PRACTITIONER, Role.MANAGER]
    with store.read() as session:
        rows = session.exec(
            select(User)
            .where(col(User.disabled).is_(False), col(User.role).in_(holders))
            .order_by(col(User.name))
        ).all()
        out: dict[int, list[TeamMember]] = {}
        for u in rows:
            out.setdefault(u.team_id, []).append(
                TeamMember(u.id, u.name, u.designation, u.team_id)  # type: ignore[arg-type]
            )
        return out


def wizard_drafts(store: Store, actor: Actor, case_id: int) -> list[DraftRow]:
    """This user's unfinished wizards on the case, newest first (offered on opening it)."""
    with store.read() as session:
        rows = session.exec(
            select(Draft)
            .where(
                Draft.user_id == actor.id,
                col(Draft.key).like("wizard:%"),
                col(Draft.key).endswith(f":case:{case_id}"),
            )
            .order_by(col(Draft.updated_at).desc())
        ).all()
        return [DraftRow(r.key, r.title, dict(r.data), r.updated_at) for r in rows]


@dataclass(frozen=True)
class ScheduledReview:
    id: int
    case_id: int
    due_date: date | None
    team: str
    subject: str


def scheduled_review_in(session: Session, person_id: int) -> Activity | None:
    """The open Carers Review activity a previous conversation booked for the person."""
    from caretui.rules.carers import REVIEW_SUBJECT

    return session.exec(
        select(Activity)
        .where(
            Activity.person_id == person_id,
            Activity.status == ActivityStatus.OPEN,
            Activity.type == ActivityType.TASK,
            col(Activity.subject).startswith(REVIEW_SUBJECT),
        )
        .order_by(col(Activity.due_date), col(Activity.id))
        .limit(1)
    ).first()


def scheduled_review(store: Store, person_id: int) -> ScheduledReview | None:
    with store.read() as session:
        row = scheduled_review_in(session, person_id)
        if row is None:
            return None
        team = session.get(Team, row.responsible_team_id)
        return ScheduledReview(
            row.id,  # type: ignore[arg-type]
            row.case_id,
            row.due_date,
            team.name if team else "",
            row.subject,
        )


@dataclass(frozen=True)
class CarerFacts:
    """What the carers wizards read from the person record and earlier carers forms."""

    person_id: int
    primary_group: str
    employment_status: str
    gender: str
    ethnicity: str
    previous_answers: dict
    previous_form_id: int | None
    previous_title: str


CARERS_FORMS = ("carers_conversation_record", "carers_support_plan_review")


def carer_facts(store: Store, actor: Actor, case_id: int) -> CarerFacts:
    """The carer's groups and employment, and the answers of their last completed carers
    form (conversation or review), for prefilling a review."""
    from caretui.store.errors import NotFound
    from caretui.store.models import FormAnswer

    with store.read() as session:
        case = session.get(Case, case_id)
        if case is None:
            raise NotFound(f"There is no case {case_id}.")
        _check_unlocked(session, actor, case.person_id)
        person = session.get(Person, case.person_id)
        assert person is not None
        last = session.exec(
            select(FormInstance)
            .join(Case, col(Case.id) == FormInstance.case_id)
            .where(
                Case.person_id == case.person_id,
                col(FormInstance.form_type).in_(CARERS_FORMS),
                FormInstance.status != FormStatus.IN_PROGRESS,
            )
            .order_by(col(FormInstance.completed_at).desc(), col(FormInstance.id).desc())
            .limit(1)
        ).first()
        answers: dict = {}
        if last is not None:
            answers = {
                a.field_key: a.value
                for a in session.exec(select(FormAnswer).where(FormAnswer.form_id == last.id)).all()
            }
        return CarerFacts(
            person_id=person.id,  # type: ignore[arg-type]
            primary_group=person.primary_service_user_group,
            employment_status=person.employment_status,
            gender=person.gender,
            ethnicity=person.ethnicity,
            previous_answers=answers,
            previous_form_id=last.id if last else None,
            previous_title=form_label(last.form_type) if last else "",
        )


# --- access control and audit (S2, S4) ------------------------------------------------------


@dataclass(frozen=True)
class AccessRow:
    """One account as the access review sees it."""

    id: int
    login: str
    name: str
    role: Role
    team: str
    team_id: int
    designation: str
    access_ends: date | None
    disabled: bool
    last_sign_in: datetime | None
    created_at: datetime
    last_reviewed_at: datetime | None
    last_reviewed_by: str
    last_outcome: str
    review_due_on: date
    status: AccessStatus
    version: int

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[self.role]


def access_review(store: Store, actor: Actor, today: date | None = None) -> list[AccessRow]:
    """Every account with its end date, last sign-in, last review and what needs doing."""
    require(actor, Action.REVIEW_ACCESS)
    today = today or clock.today()
    reviewer = aliased(User)
    latest = (
        select(AccessReview.user_id, func.max(AccessReview.id).label("review_id"))
        .group_by(col(AccessReview.user_id))
        .subquery()
    )
    with store.read() as session:
        rows = session.exec(
            select(User, Team.name, AccessReview, reviewer.name)
            .join(Team, col(Team.id) == User.team_id)
            .outerjoin(latest, latest.c.user_id == User.id)
            .outerjoin(AccessReview, col(AccessReview.id) == latest.c.review_id)
            .outerjoin(reviewer, col(reviewer.id) == AccessReview.reviewed_by_id)
            .order_by(col(Team.name), col(User.name))
        ).all()
        out = []
        for user, team, review, reviewed_by in rows:
            reviewed = review.reviewed_at.date() if review else None
            out.append(
                AccessRow(
                    id=user.id,
                    login=user.login,
                    name=user.name,
                    role=Role(user.role),
                    team=team,
                    team_id=user.team_id,
                    designation=user.designation,
                    access_ends=user.access_ends,
                    disabled=user.disabled,
                    last_sign_in=user.last_sign_in,
                    created_at=user.created_at,
                    last_reviewed_at=review.reviewed_at if review else None,
                    last_reviewed_by=reviewed_by or "",
                    last_outcome=review.outcome if review else "",
                    review_due_on=review_due_on(reviewed, user.created_at.date()),
                    status=access_status(
                        access_ends=user.access_ends,
                        disabled=user.disabled,
                        last_reviewed=reviewed,
                        created=user.created_at.date(),
                        today=today,
                    ),
                    version=user.version,
                )
            )
        return out


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    user_login: str
    user_name: str
    action: str
    entity: str
    entity_id: int | None
    person_id: int | None
    case_id: int | None
    detail: dict
    origin: str

    @property
    def summary(self) -> str:
        """The detail in one line: changed fields as ``field: old → new``."""
        parts = []
        for key, value in self.detail.items():
            if isinstance(value, dict) and set(value) == {"from", "to"}:
                parts.append(f"{key}: {_shown(value['from'])} → {_shown(value['to'])}")
            else:
                parts.append(f"{key}: {_shown(value)}")
        return "; ".join(parts)


def _shown(value: object) -> str:
    if value in (None, ""):
        return "(blank)"
    return str(value)


AUDIT_LIMIT = 2000


def audit_entries(
    store: Store,
    actor: Actor,
    *,
    person_id: int | None = None,
    case_id: int | None = None,
    user: str = "",
    since: date | None = None,
    until: date | None = None,
    action: str = "",
    limit: int = AUDIT_LIMIT,
) -> list[AuditRow]:
    """The audit trail, newest first, filtered as the audit viewer asks (system admins)."""
    require(actor, Action.VIEW_AUDIT)
    stmt = select(AuditEntry, User.name).outerjoin(User, col(User.id) == AuditEntry.user_id)
    if person_id is not None:
        stmt = stmt.where(AuditEntry.person_id == person_id)
    if case_id is not None:
        stmt = stmt.where(AuditEntry.case_id == case_id)
    if user.strip():
        needle = f"%{user.strip().lower()}%"
        stmt = stmt.where(
            or_(
                func.lower(AuditEntry.user_login).like(needle),
                func.lower(User.name).like(needle),
            )
        )
    if since is not None:
        stmt = stmt.where(AuditEntry.at >= datetime.combine(since, datetime.min.time()))
    if until is not None:
        stmt = stmt.where(
            AuditEntry.at < datetime.combine(until + timedelta(days=1), datetime.min.time())
        )
    if action.strip():
        stmt = stmt.where(func.lower(AuditEntry.action).like(f"%{action.strip().lower()}%"))
    stmt = stmt.order_by(col(AuditEntry.id).desc()).limit(limit)
    with store.read() as session:
        return [
            AuditRow(
                id=e.id,  # type: ignore[arg-type]
                at=e.at,
                user_login=e.user_login,
                user_name=name or e.user_login,
                action=e.action,
                entity=e.entity,
                entity_id=e.entity_id,
                person_id=e.person_id,
                case_id=e.case_id,
                detail=e.detail or {},
                origin=e.origin,
            )
            for e, name in session.exec(stmt).all()
        ]


@dataclass(frozen=True)
class ViewRow:
    """One look at a person's record, for a subject access request."""

    at: datetime
    login: str
    name: str
    designation: str
    team: str
    what: str
    origin: str


def _what_was_seen(action: str, entity_id: int | None, case_id: int | None) -> str:
    entity = action.split(".")[0]
    if "reveal" in action:
        return "Revealed the key safe code"
    if entity == "case":
        return f"Opened case {case_id}"
    if entity == "person":
        return "Opened the person record"
    on_case = f" on case {case_id}" if case_id else ""
    return f"Opened {entity.replace('_', ' ')} {entity_id or ''}".rstrip() + on_case


def who_viewed(store: Store, actor: Actor, person_id: int) -> list[ViewRow]:
    """Who has looked at this person's record, oldest first ("who has seen my record")."""
    require(actor, Action.VIEW_AUDIT)
    stmt = (
        select(AuditEntry, User.name, User.designation, Team.name)
        .outerjoin(User, col(User.id) == AuditEntry.user_id)
        .outerjoin(Team, col(Team.id) == User.team_id)
        .where(
            AuditEntry.person_id == person_id,
            or_(
                col(AuditEntry.action).like("%.view"),
                col(AuditEntry.action).like("%.reveal%"),
            ),
        )
        .order_by(col(AuditEntry.id))
    )
    with store.read() as session:
        if session.get(Person, person_id) is None:
            from caretui.store.errors import NotFound

            raise NotFound(f"There is no person {person_id}.")
        return [
            ViewRow(
                at=e.at,
                login=e.user_login,
                name=name or e.user_login,
                designation=designation or "",
                team=team or "",
                what=_what_was_seen(e.action, e.entity_id, e.case_id),
                origin=e.origin,
            )
            for e, name, designation, team in session.exec(stmt).all()
        ]


def who_viewed_csv(rows: list[ViewRow]) -> str:
    """The report as CSV (UTF-8, one row per look), ready for a subject access request."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["When", "Login", "Name", "Job title", "Team", "What", "From where"])
    for r in rows:
        writer.writerow(
            [
                r.at.strftime("%Y-%m-%d %H:%M:%S"),
                r.login,
                r.name,
                r.designation,
                r.team,
                r.what,
                r.origin,
            ]
        )
    return out.getvalue()


def audited_person_name(store: Store, actor: Actor, person_id: int) -> str:
    """The person's name for the audit viewer's headings (system admins see every name)."""
    require(actor, Action.VIEW_AUDIT)
    with store.read() as session:
        person = session.get(Person, person_id)
        return person_name(person.first_name, person.last_name) if person else ""
