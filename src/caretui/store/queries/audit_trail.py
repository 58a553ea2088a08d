"""The audit trail as system admins read it (S4), and who viewed a person's record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import or_
from sqlmodel import col, func, select

from caretui.rules.permissions import Action, Actor, require
from caretui.store.db import Store
from caretui.store.models import (
    AuditEntry,
    Person,
    Team,
    User,
)
from caretui.store.queries.lockdown import person_name


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
