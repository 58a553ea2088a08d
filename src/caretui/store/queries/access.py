"""The access review (S2): every account with its end date and what it may do."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import aliased
from sqlmodel import col, func, select

from caretui.rules import clock
from caretui.rules.access import AccessStatus, access_status, review_due_on
from caretui.rules.permissions import Action, Actor, require
from caretui.rules.roles import ROLE_LABELS, Role
from caretui.store.db import Store
from caretui.store.models import (
    AccessReview,
    Team,
    User,
)


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
