"""Users and teams as screens list them: the sign-in picker, lookups, team members."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import or_
from sqlmodel import col, func, select

from caretui.rules.roles import CASE_HOLDERS, ROLE_LABELS, Role
from caretui.store.db import Store
from caretui.store.models import (
    StoreInfo,
    Team,
    User,
)


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
class TeamMember:
    id: int
    name: str
    designation: str
    team_id: int


def team_members(store: Store) -> dict[int, list[TeamMember]]:
    """Active workers who can hold a case, by team (``CASE_HOLDERS``)."""
    with store.read() as session:
        rows = session.exec(
            select(User)
            .where(col(User.disabled).is_(False), col(User.role).in_(CASE_HOLDERS))
            .order_by(col(User.name))
        ).all()
        out: dict[int, list[TeamMember]] = {}
        for u in rows:
            out.setdefault(u.team_id, []).append(
                TeamMember(u.id, u.name, u.designation, u.team_id)  # type: ignore[arg-type]
            )
        return out
