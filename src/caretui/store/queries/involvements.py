"""A case's involvements (C3)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import col, select

from caretui.rules import clock
from caretui.rules.permissions import Actor
from caretui.store.db import Store
from caretui.store.models import (
    Case,
    Involvement,
    Team,
    User,
)
from caretui.store.queries.lockdown import (
    check_unlocked,
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
        check_unlocked(session, actor, case.person_id)
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
