"""How every write reaches the store: the transaction, checked edits, versions, the audit entry.

Every op in ``store/ops/`` takes the acting user, asks ``rules.permissions``, applies the
rules, writes the change and its audit entry in one :func:`transaction`, and raises a
:class:`~caretui.store.errors.DomainError` (or ``PermissionDenied``) whose message a
practitioner can act on. Screens call the ops from thread workers and never write
themselves. The helpers here are what every domain's ops share.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import event
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.exc import DataError, OperationalError
from sqlmodel import Session, select

from caretui.rules import clock
from caretui.rules.permissions import (
    NEEDS_COUNTERSIGNATURE,
    Action,
    Actor,
    CaseContext,
    require,
)
from caretui.rules.vocab import CaseStatus
from caretui.store import audit
from caretui.store.db import Store, describe_operational_error
from caretui.store.errors import (
    DomainError,
    NotFound,
    StaleRecord,
    StoreUnavailable,
)
from caretui.store.models import (
    Case,
    Involvement,
    Person,
    Revision,
    Team,
    User,
)

SHELL_LOGIN = "shell"
Row = TypeVar("Row")


@contextmanager
def transaction(store: Store) -> Iterator[Session]:
    """A write transaction whose driver failures become messages, never tracebacks.

    What is written is checked the same way on both stores before it reaches the
    database (SQLite would keep an over-long value that PostgreSQL refuses).
    """
    try:
        with store.write() as session:
            event.listen(session, "before_flush", _check_what_is_written)
            yield session
    except OperationalError as exc:
        raise StoreUnavailable(describe_operational_error(store.url, exc)) from exc
    except DataError as exc:
        raise DomainError(
            "Something typed cannot be stored as it is, so nothing was saved: "
            f"{str(exc.orig).splitlines()[0]}. What you typed is kept on screen."
        ) from exc
    except OSError as exc:  # e.g. the disk filled while SQLite grew its file
        raise StoreUnavailable(
            f"Nothing was saved: {exc.strerror or exc}. What you typed is kept as a draft."
        ) from exc


def _label(name: str) -> str:
    return name.removesuffix("_id").replace("_", " ").capitalize()


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_has_nul(v) for v in value)
    return False


def _check_what_is_written(session: Session, _context: Any, _instances: Any) -> None:
    """Refuse over-long text and NUL characters (pasted from odd sources) in words."""
    for row in (*session.new, *session.dirty):
        for attr in sa_inspect(row).mapper.column_attrs:
            column = attr.columns[0]
            value = getattr(row, attr.key, None)
            if _has_nul(value):
                raise DomainError(
                    f"{_label(attr.key)} contains a hidden control character (often from "
                    "pasted text). Retype that part; nothing was saved."
                )
            limit = getattr(column.type, "length", None)
            if isinstance(value, str) and limit and len(value) > limit:
                raise DomainError(
                    f"{_label(attr.key)} is too long: at most {limit} characters "
                    f"(this has {len(value)}). Shorten it; nothing was saved."
                )


def record_audit(
    session: Session,
    store: Store,
    actor: Actor | None,
    action: str,
    entity: str,
    entity_id: int | None = None,
    *,
    person_id: int | None = None,
    case_id: int | None = None,
    detail: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> None:
    audit.append(
        session,
        at=at or clock.now(),
        user_id=actor.id if actor else None,
        user_login=actor.login if actor else SHELL_LOGIN,
        action=action,
        entity=entity,
        entity_id=entity_id,
        person_id=person_id,
        case_id=case_id,
        detail=detail,
        origin=store.origin,
    )


def add_record(
    session: Session,
    store: Store,
    actor: Actor,
    row: Any,
    action: str,
    *,
    person_id: int | None = None,
    case_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> int:
    """Insert a new record and audit it ("activity.create" audits entity "activity")."""
    session.add(row)
    session.flush()
    record_audit(
        session,
        store,
        actor,
        action,
        action.split(".")[0],
        row.id,
        person_id=person_id,
        case_id=case_id,
        detail=detail,
    )
    assert row.id is not None
    return int(row.id)


def changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """The audit detail of an edit: each changed field with its old and new value."""
    return {
        key: {"from": before.get(key), "to": value}
        for key, value in after.items()
        if before.get(key) != value
    }


def check_version(record: Any, expected: int | None, what: str, session: Session) -> None:
    """Refuse a stale save: the record moved on since the editor loaded ``expected``."""
    if expected is None or record.version == expected:
        return
    by_id = getattr(record, "updated_by_id", None)
    by = session.get(User, by_id).name if by_id and session.get(User, by_id) else "someone else"
    at = getattr(record, "updated_at", None) or clock.now()
    raise StaleRecord(what, by, at)


def write_edit(
    session: Session,
    store: Store,
    actor: Actor,
    row: Any,
    fields: dict[str, Any],
    diff: dict[str, Any],
    action: str,
    *,
    person_id: int | None,
    case_id: int | None = None,
) -> None:
    """Apply an edit found to change something (``diff``, from :func:`changes`): the new
    values, who and when, the next version, and an audit entry with each changed
    field's old and new value. ``action`` is ``entity.verb``, e.g. ``activity.update``."""
    for key, value in fields.items():
        setattr(row, key, value)
    row.updated_by_id = actor.id
    row.updated_at = clock.now()
    row.version += 1
    session.add(row)
    entity = action.split(".", 1)[0]
    record_audit(
        session,
        store,
        actor,
        action,
        entity,
        row.id,
        person_id=person_id,
        case_id=case_id,
        detail=diff,
    )


def write_end(
    session: Session,
    store: Store,
    actor: Actor,
    row: Any,
    field: str,
    value: date,
    action: str,
    *,
    person_id: int,
    case_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """End a record that keeps no editor of its own (an involvement, a DoLS, an alert):
    the end date, the next version, and an audit entry (by default the date set)."""
    setattr(row, field, value)
    row.version += 1
    session.add(row)
    record_audit(
        session,
        store,
        actor,
        action,
        action.split(".", 1)[0],
        row.id,
        person_id=person_id,
        case_id=case_id,
        detail={field: {"from": None, "to": value}} if detail is None else detail,
    )


def case_context(session: Session, case: Case) -> CaseContext:
    involved = session.exec(
        select(Involvement.user_id).where(
            Involvement.case_id == case.id,
            Involvement.end_date.is_(None),  # type: ignore[union-attr]
        )
    ).all()
    return CaseContext(
        team_id=case.responsible_team_id,
        responsible_user_id=case.responsible_user_id,
        involved_user_ids=frozenset(u for u in involved if u is not None),
    )


def get_row(session: Session, model: type[Row], row_id: int, what: str) -> Row:
    """The record ``row_id`` of ``model``, or "There is no <what> <id>." in words."""
    row = session.get(model, row_id)
    if row is None:
        raise NotFound(f"There is no {what} {row_id}.")
    return row


def get_case(session: Session, case_id: int) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound(f"There is no case {case_id}.")
    return case


def person_for_case(session: Session, case: Case) -> Person:
    person = session.get(Person, case.person_id)
    if person is None:
        raise NotFound(f"Case {case.id} has no person.")
    return person


def open_case_for_write(session: Session, actor: Actor, case_id: int, action: Action) -> Case:
    case = get_case(session, case_id)
    require(actor, action, case_context(session, case))
    if case.status == CaseStatus.CLOSED:
        raise DomainError(
            f"Case {case_id} is closed, so nothing more can be recorded on it. "
            "A team manager can reopen it if work needs to continue."
        )
    return case


def awaits_countersignature(actor: Actor) -> bool:
    return actor.role in NEEDS_COUNTERSIGNATURE


def user_in_team(session: Session, user_id: int | None, team_id: int) -> None:
    team = session.get(Team, team_id)
    if team is None:
        raise DomainError("Choose a responsible team: it is required.")
    if user_id is None:
        return
    user = session.get(User, user_id)
    if user is None or user.disabled:
        raise DomainError("The responsible user chosen no longer has an active account.")


def keep_revision(
    session: Session, record_type: str, record: Any, fields: tuple[str, ...], actor: Actor
) -> None:
    """Keep the text being replaced, readable beside the new text (K1)."""
    session.add(
        Revision(
            record_type=record_type,
            record_id=record.id,
            version=record.version,
            content=audit.canonical({f: getattr(record, f) for f in fields}),
            written_by_id=getattr(record, "updated_by_id", None) or record.created_by_id,
            written_at=getattr(record, "updated_at", None) or record.created_at,
            replaced_by_id=actor.id,
            replaced_at=clock.now(),
        )
    )


def name_of(session: Session, model: Any, row_id: int | None) -> str:
    row = session.get(model, row_id) if row_id is not None else None
    return row.name if row is not None else ""
