"""A case's adult safeguarding and Deprivation of Liberty records (C9, C10)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import col, select

from caretui.rules import clock
from caretui.rules.permissions import Actor
from caretui.store.db import Store
from caretui.store.models import (
    Case,
    DoLS,
    Safeguarding,
)
from caretui.store.queries.authorship import user_names
from caretui.store.queries.lockdown import (
    check_unlocked,
)


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
        check_unlocked(session, actor, case.person_id)
        rows = session.exec(
            select(Safeguarding)
            .where(Safeguarding.case_id == case_id)
            .order_by(col(Safeguarding.concern_date).desc())
        ).all()
        out = []
        for r in rows:
            names = user_names(session, r.created_by_id, r.updated_by_id)
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
        check_unlocked(session, actor, case.person_id)
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
