"""Drafts waiting to be carried on with: typed work that survived escape, ctrl+q or a crash."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import and_, col, or_, select

from caretui.rules.permissions import Actor
from caretui.store.db import Store
from caretui.store.models import (
    Draft,
)


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


def unfinished_on_case(store: Store, actor: Actor, case_id: int) -> list[DraftRow]:
    """This user's unfinished wizards and new activities on the case, newest first (offered
    on opening it, so work typed before a crash is found again without hunting for it)."""
    with store.read() as session:
        rows = session.exec(
            select(Draft)
            .where(
                Draft.user_id == actor.id,
                or_(
                    and_(
                        col(Draft.key).like("wizard:%"),
                        col(Draft.key).endswith(f":case:{case_id}"),
                    ),
                    col(Draft.key).like(f"activity:new:{case_id}:%"),
                ),
            )
            .order_by(col(Draft.updated_at).desc())
        ).all()
        return [DraftRow(r.key, r.title, dict(r.data), r.updated_at) for r in rows]
