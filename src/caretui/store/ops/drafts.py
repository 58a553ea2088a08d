"""Drafts: typed work that survives escape, ctrl+q and crashes; they belong to their author."""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from caretui.rules import clock
from caretui.rules.permissions import (
    Actor,
)
from caretui.store.db import Store
from caretui.store.models import (
    Draft,
)
from caretui.store.ops.writing import transaction


def save_draft(store: Store, actor: Actor, key: str, data: dict[str, Any], title: str = "") -> None:
    """Keep typed work; drafts belong to their author and are not part of the record."""
    with transaction(store) as session:
        draft = session.exec(
            select(Draft).where(Draft.user_id == actor.id, Draft.key == key)
        ).first()
        if draft is None:
            draft = Draft(user_id=actor.id, key=key, title=title, data=data, updated_at=clock.now())
        else:
            draft.data = data
            draft.title = title or draft.title
            draft.updated_at = clock.now()
        session.add(draft)


def discard_draft(store: Store, actor: Actor, key: str) -> None:
    with transaction(store) as session:
        draft = session.exec(
            select(Draft).where(Draft.user_id == actor.id, Draft.key == key)
        ).first()
        if draft is not None:
            session.delete(draft)
