"""A person's alerts and hazards (P2), shown before a visit; the key safe (P3) without its code."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import col, select

from caretui.rules import clock
from caretui.rules.permissions import Actor
from caretui.store.db import Store
from caretui.store.models import (
    Alert,
    Case,
    KeySafe,
    User,
)
from caretui.store.queries.authorship import user_names
from caretui.store.queries.lockdown import (
    person_for,
)


@dataclass(frozen=True)
class AlertRow:
    id: int
    kind: str  # alert | hazard
    category: str
    description: str
    start_date: date
    end_date: date | None
    recorded_by: str
    recorded_at: datetime
    version: int
    current: bool

    @property
    def kind_label(self) -> str:
        return "Hazard" if self.kind == "hazard" else "Alert"


def person_alerts(
    store: Store, actor: Actor, person_id: int, today: date | None = None
) -> list[AlertRow]:
    """P2: current alerts and hazards first (hazards before alerts), then ended ones."""
    today = today or clock.today()
    with store.read() as session:
        person_for(session, actor, person_id)
        rows = session.exec(
            select(Alert, User.name)
            .outerjoin(User, col(User.id) == Alert.created_by_id)
            .where(Alert.person_id == person_id)
        ).all()
        out = [
            AlertRow(
                id=a.id,  # type: ignore[arg-type]
                kind=a.kind,
                category=a.category,
                description=a.description,
                start_date=a.start_date,
                end_date=a.end_date,
                recorded_by=by or "",
                recorded_at=a.created_at,
                version=a.version,
                current=a.start_date <= today and (a.end_date is None or a.end_date >= today),
            )
            for a, by in rows
        ]
    return sorted(
        out, key=lambda r: (not r.current, r.kind != "hazard", -r.start_date.toordinal(), r.id)
    )


def current_hazards(store: Store, actor: Actor, person_id: int) -> list[AlertRow]:
    """What a practitioner is shown before a visit (an appointment) to this person."""
    return [r for r in person_alerts(store, actor, person_id) if r.current and r.kind == "hazard"]


@dataclass(frozen=True)
class KeySafeInfo:
    """P3 without the code: the code is only given by ``ops.reveal_key_safe`` (audited)."""

    exists: bool
    access_information: str
    has_code: bool
    updated_by: str
    updated_at: datetime | None
    version: int | None


def key_safe_info(store: Store, actor: Actor, person_id: int) -> KeySafeInfo:
    with store.read() as session:
        person_for(session, actor, person_id)
        row = session.exec(select(KeySafe).where(KeySafe.person_id == person_id)).first()
        if row is None:
            return KeySafeInfo(False, "", False, "", None, None)
        by = user_names(session, row.updated_by_id).get(row.updated_by_id or 0, ("", ""))[0]
        return KeySafeInfo(
            True, row.access_information, bool(row.code), by, row.updated_at, row.version
        )


def case_hazards(store: Store, actor: Actor, case_id: int) -> list[AlertRow]:
    """The current hazards of the person on a case: shown before a visit is opened."""
    with store.read() as session:
        case = session.get(Case, case_id)
        if case is None:
            return []
        person_id = case.person_id
    return current_hazards(store, actor, person_id)
