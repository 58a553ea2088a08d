"""Files held for a person (P5)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, select

from caretui.rules.permissions import Actor
from caretui.store.db import Store
from caretui.store.models import (
    User,
)
from caretui.store.queries.lockdown import (
    person_for,
)


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
        person_for(session, actor, person_id)
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
