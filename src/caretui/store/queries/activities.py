"""Activities (C4, P8): one activity in full, a case's activities, a person's across all cases."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import col, select

from caretui.rules.permissions import Actor
from caretui.rules.vocab import ActivityStatus, ActivityType
from caretui.store.db import Store
from caretui.store.models import (
    Activity,
    Case,
    Team,
)
from caretui.store.queries.authorship import (
    Authorship,
    PreviousVersion,
    authorship,
    previous_versions,
    user_names,
)
from caretui.store.queries.lockdown import (
    check_unlocked,
    person_for,
)
from caretui.store.queries.worklists import (
    ActivityRow,
    activity_rows,
)


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
        check_unlocked(session, actor, row.person_id)
        names = user_names(session, row.responsible_user_id)
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
            authorship=authorship(session, row),
            previous=previous_versions(session, "activity", activity_id),
        )


def case_activities(store: Store, actor: Actor, case_id: int) -> list[ActivityRow]:
    """Every activity on the case, newest first by the date it happened (as the Timeline
    orders them), so the list reads in one order; open ones say so in their status."""
    with store.read() as session:
        case = session.get(Case, case_id)
        if case is None:
            return []
        check_unlocked(session, actor, case.person_id)
        rows = activity_rows(session, actor, [Activity.case_id == case_id], None)
    return sorted(rows, key=lambda r: (r.occurred_at, r.activity_id), reverse=True)


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
        person_for(session, actor, person_id)
        rows = activity_rows(session, actor, where, None)
    return sorted(rows, key=lambda r: (-r.occurred_at.timestamp(), -r.activity_id))
