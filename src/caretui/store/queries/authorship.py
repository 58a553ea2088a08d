"""Who wrote each entry, their designation and when, and the text an amendment replaced (K1)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from caretui.store.models import (
    User,
)


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


def user_names(session: Session, *ids: int | None) -> dict[int, tuple[str, str]]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = session.exec(
        select(User.id, User.name, User.designation).where(col(User.id).in_(wanted))
    ).all()
    return {i: (n, d) for i, n, d in rows}  # type: ignore[misc]


def previous_versions(session: Session, record_type: str, record_id: int) -> tuple:
    from caretui.store.models import Revision

    revisions = session.exec(
        select(Revision)
        .where(Revision.record_type == record_type, Revision.record_id == record_id)
        .order_by(col(Revision.version))
    ).all()
    names = user_names(
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


def authorship(session: Session, row) -> Authorship:  # type: ignore[no-untyped-def]
    names = user_names(session, row.created_by_id, row.updated_by_id, row.countersigned_by_id)
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
