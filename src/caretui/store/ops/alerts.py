"""A person's alerts and hazards (P2), and the key safe (P3), whose code each reveal audits."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import select

from caretui.rules import clock
from caretui.rules.permissions import (
    Action,
    Actor,
)
from caretui.store.db import Store
from caretui.store.errors import (
    DomainError,
    NotFound,
    StaleRecord,
)
from caretui.store.ops.people import person_for_write
from caretui.store.ops.writing import (
    add_record,
    check_version,
    get_row,
    record_audit,
    transaction,
    write_end,
)

ALERT_KINDS = ("alert", "hazard")


def add_alert(
    store: Store,
    actor: Actor,
    *,
    person_id: int,
    kind: str,
    category: str,
    description: str = "",
    start_date: date | None = None,
) -> int:
    """P2: an alert or a hazard; it shows on the banner's bell while current."""
    from caretui.store.models import Alert

    if kind not in ALERT_KINDS:
        raise DomainError("Choose whether this is an alert or a hazard.")
    if not category.strip():
        raise DomainError("Choose or type what the alert is about (its category).")
    start = start_date or clock.today()
    with transaction(store) as session:
        person_for_write(session, actor, person_id, Action.ADD_ALERT)
        row = Alert(
            person_id=person_id,
            kind=kind,
            category=category.strip(),
            description=description.strip(),
            start_date=start,
            created_by_id=actor.id,
            created_at=clock.now(),
        )
        return add_record(
            session,
            store,
            actor,
            row,
            "alert.create",
            person_id=person_id,
            detail={"kind": kind, "category": category.strip(), "start": start},
        )


def end_alert(
    store: Store, actor: Actor, alert_id: int, *, end_date: date, expected_version: int
) -> None:
    from caretui.store.models import Alert

    with transaction(store) as session:
        row = get_row(session, Alert, alert_id, "alert")
        person_for_write(session, actor, row.person_id, Action.ADD_ALERT)
        if row.version != expected_version:
            raise StaleRecord("alert", "another user", clock.now())
        if row.end_date is not None:
            raise DomainError(f"This {row.kind} already ended on {row.end_date:%d %b %Y}.")
        if end_date < row.start_date:
            raise DomainError(f"It cannot end before it started ({row.start_date:%d %b %Y}).")
        write_end(
            session,
            store,
            actor,
            row,
            "end_date",
            end_date,
            "alert.end",
            person_id=row.person_id,
            detail={"end": end_date},
        )


def reveal_key_safe(store: Store, actor: Actor, person_id: int) -> str:
    """P3: the key safe code, written to the audit trail with who revealed it and when."""
    from caretui.store.models import KeySafe

    with transaction(store) as session:
        person_for_write(session, actor, person_id, Action.REVEAL_KEY_SAFE)
        row = session.exec(select(KeySafe).where(KeySafe.person_id == person_id)).first()
        if row is None or not row.code:
            raise NotFound("No key safe code is recorded for this person.")
        record_audit(
            session, store, actor, "key_safe.reveal", "key_safe", row.id, person_id=person_id
        )
        return row.code


def save_key_safe(
    store: Store,
    actor: Actor,
    person_id: int,
    *,
    access_information: str,
    code: str | None = None,
    expected_version: int | None,
) -> None:
    """Record or change the access information; ``code=None`` keeps the code as it is.

    The audit entry says the code changed, never what it is.
    """
    from caretui.store.models import KeySafe

    with transaction(store) as session:
        person_for_write(session, actor, person_id, Action.EDIT_KEY_SAFE)
        row = session.exec(select(KeySafe).where(KeySafe.person_id == person_id)).first()
        now = clock.now()
        if row is None:
            row = KeySafe(person_id=person_id, updated_at=now, updated_by_id=actor.id)
            action = "key_safe.create"
        else:
            check_version(row, expected_version, "key safe record", session)
            row.version += 1
            action = "key_safe.update"
        detail: dict[str, Any] = {}
        if access_information.strip() != row.access_information:
            detail["access_information"] = {
                "from": row.access_information,
                "to": access_information.strip(),
            }
        if code is not None and code.strip() != row.code:
            detail["code"] = "changed"
        row.access_information = access_information.strip()
        if code is not None:
            row.code = code.strip()
        row.updated_at = now
        row.updated_by_id = actor.id
        session.add(row)
        session.flush()
        record_audit(
            session, store, actor, action, "key_safe", row.id, person_id=person_id, detail=detail
        )
