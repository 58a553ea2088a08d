"""Activities on a case (C4, K1): recorded, amended (old text kept), completed, countersigned."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from caretui.rules import clock
from caretui.rules.permissions import (
    Action,
    Actor,
    require,
)
from caretui.rules.vocab import ActivityStatus, ActivityType
from caretui.store.db import Store
from caretui.store.errors import (
    DomainError,
    NotFound,
)
from caretui.store.models import (
    Activity,
    Attachment,
    Case,
    FormInstance,
)
from caretui.store.ops.writing import (
    add_record,
    awaits_countersignature,
    case_context,
    changes,
    check_version,
    get_case,
    get_row,
    keep_revision,
    open_case_for_write,
    record_audit,
    transaction,
    user_in_team,
    write_edit,
)

ACTIVITY_FIELDS = (
    "subject",
    "notes",
    "occurred_at",
    "due_date",
    "direction",
    "contact",
    "outcome",
    "location",
    "responsible_user_id",
    "responsible_team_id",
)
_AMENDED_TEXT = ("subject", "notes", "outcome", "occurred_at", "due_date", "contact")


def insert_activity(
    session: Session,
    store: Store,
    actor: Actor,
    case: Case,
    *,
    kind: ActivityType,
    subject: str,
    responsible_team_id: int,
    responsible_user_id: int | None,
    detail: dict[str, Any],
    completed: bool = False,
    now: datetime | None = None,
    **fields: Any,
) -> int:
    """Insert one activity on a case and its audit entry, in the caller's transaction.

    The one place an activity row is built: by the practitioner (``create_activity``) or
    by a wizard (its summary note, the tasks its next actions create).
    """
    now = now or clock.now()
    fields.setdefault("occurred_at", now)
    row = Activity(
        case_id=case.id,  # type: ignore[arg-type]
        person_id=case.person_id,
        type=kind.value,
        subject=subject,
        responsible_user_id=responsible_user_id,
        responsible_team_id=responsible_team_id,
        status=ActivityStatus.COMPLETED if completed else ActivityStatus.OPEN,
        completed_at=now if completed else None,
        awaiting_countersignature=awaits_countersignature(actor),
        created_by_id=actor.id,
        created_at=now,
        updated_at=now,
        **fields,
    )
    return add_record(
        session,
        store,
        actor,
        row,
        "activity.create",
        person_id=case.person_id,
        case_id=case.id,
        detail=detail,
    )


def create_activity(
    store: Store,
    actor: Actor,
    *,
    case_id: int,
    type: ActivityType,
    subject: str,
    responsible_team_id: int,
    occurred_at: datetime | None = None,
    notes: str = "",
    due_date: date | None = None,
    direction: str = "",
    contact: str = "",
    outcome: str = "",
    location: str = "",
    responsible_user_id: int | None = None,
    completed: bool = False,
    attachment: tuple[str, bytes] | None = None,
) -> int:
    """Record an activity; open ones reach the responsible user's or team's dashboard."""
    subject = subject.strip()
    if not subject:
        raise DomainError("Give the activity a subject.")
    if attachment is not None and type is not ActivityType.LETTER:
        raise DomainError("Only letters carry an attached file.")
    with transaction(store) as session:
        case = open_case_for_write(session, actor, case_id, Action.ADD_ACTIVITY)
        user_in_team(session, responsible_user_id, responsible_team_id)
        now = clock.now()
        attachment_id = None
        if attachment is not None:
            attachment_id = store_attachment(
                session, actor, case.person_id, title=subject, file=attachment
            )
        status = ActivityStatus.COMPLETED if completed else ActivityStatus.OPEN
        return insert_activity(
            session,
            store,
            actor,
            case,
            kind=type,
            subject=subject,
            responsible_team_id=responsible_team_id,
            responsible_user_id=responsible_user_id,
            completed=completed,
            now=now,
            detail={
                "type": type.value,
                "subject": subject,
                "status": status,
                "responsible_user_id": responsible_user_id,
                "responsible_team_id": responsible_team_id,
            },
            notes=notes,
            occurred_at=occurred_at or now,
            due_date=due_date,
            direction=direction,
            contact=contact,
            outcome=outcome,
            location=location,
            attachment_id=attachment_id,
        )


def store_attachment(
    session: Session, actor: Actor, person_id: int, *, title: str, file: tuple[str, bytes]
) -> int:
    import mimetypes

    filename, content = file
    row = Attachment(
        person_id=person_id,
        title=title,
        filename=filename,
        media_type=mimetypes.guess_type(filename)[0] or "application/octet-stream",
        size_bytes=len(content),
        content=content,
        added_by_id=actor.id,
        added_at=clock.now(),
    )
    session.add(row)
    session.flush()
    assert row.id is not None
    return row.id


def _editable_activity(session: Session, actor: Actor, activity_id: int) -> tuple[Activity, Case]:
    row = get_row(session, Activity, activity_id, "activity")
    case = open_case_for_write(session, actor, row.case_id, Action.EDIT_ACTIVITY)
    if row.status == ActivityStatus.COMPLETED:
        raise DomainError(
            "This activity is completed, so it can no longer be edited. "
            "Record a new case note if something needs adding."
        )
    return row, case


def update_activity(
    store: Store, actor: Actor, activity_id: int, *, expected_version: int, **fields: Any
) -> int:
    """Edit an open activity; amended text is kept as a previous version (K1).

    Returns the activity's version after the edit (unchanged when nothing changed).
    """
    unknown = set(fields) - set(ACTIVITY_FIELDS)
    if unknown:
        raise ValueError(f"not activity fields: {sorted(unknown)}")
    if "subject" in fields and not str(fields["subject"]).strip():
        raise DomainError("Give the activity a subject.")
    with transaction(store) as session:
        row, case = _editable_activity(session, actor, activity_id)
        check_version(row, expected_version, "activity", session)
        if "responsible_team_id" in fields or "responsible_user_id" in fields:
            user_in_team(
                session,
                fields.get("responsible_user_id", row.responsible_user_id),
                fields.get("responsible_team_id", row.responsible_team_id),
            )
        before = {k: getattr(row, k) for k in fields}
        diff = changes(before, fields)
        if not diff:
            return row.version
        if any(k in diff for k in _AMENDED_TEXT):
            keep_revision(session, "activity", row, _AMENDED_TEXT, actor)
        if awaits_countersignature(actor):
            row.awaiting_countersignature = True
        write_edit(
            session,
            store,
            actor,
            row,
            fields,
            diff,
            "activity.update",
            person_id=case.person_id,
            case_id=case.id,
        )
        return row.version


def complete_activity(
    store: Store, actor: Actor, activity_id: int, *, expected_version: int
) -> None:
    """Completed activities leave My Activities and Team Activities."""
    with transaction(store) as session:
        row, case = _editable_activity(session, actor, activity_id)
        check_version(row, expected_version, "activity", session)
        now = clock.now()
        diff = {"status": {"from": row.status, "to": ActivityStatus.COMPLETED.value}}
        row.status = ActivityStatus.COMPLETED
        row.completed_at = now
        row.updated_by_id = actor.id
        row.updated_at = now
        row.version += 1
        session.add(row)
        record_audit(
            session,
            store,
            actor,
            "activity.complete",
            "activity",
            row.id,
            person_id=case.person_id,
            case_id=case.id,
            detail=diff,
        )


def countersign(store: Store, actor: Actor, *, kind: str, record_id: int) -> None:
    """A qualified worker confirms a student's entry (standards 6.2)."""
    model = {"activity": Activity, "form": FormInstance}.get(kind)
    if model is None:
        raise ValueError(f"cannot countersign {kind}")
    with transaction(store) as session:
        row = session.get(model, record_id)
        if row is None:
            raise NotFound(f"There is no {kind} {record_id}.")
        case = get_case(session, row.case_id)
        require(actor, Action.COUNTERSIGN, case_context(session, case))
        if not row.awaiting_countersignature:
            raise DomainError("This entry does not need a countersignature.")
        if row.created_by_id == actor.id:
            raise DomainError("You cannot countersign your own entry.")
        row.awaiting_countersignature = False
        row.countersigned_by_id = actor.id
        row.countersigned_at = clock.now()
        session.add(row)
        record_audit(
            session,
            store,
            actor,
            f"{kind}.countersign",
            kind,
            record_id,
            person_id=case.person_id,
            case_id=case.id,
            detail={
                "awaiting_countersignature": {"from": True, "to": False},
                "countersigned_by_id": {"from": None, "to": actor.id},
            },
        )


def case_note(
    session: Session,
    store: Store,
    actor: Actor,
    case: Case,
    subject: str,
    notes: str,
    *,
    team_id: int | None = None,
) -> int:
    """A completed case note on the Timeline: the written summary of a wizard's outcome."""
    subject = subject[:200]
    return insert_activity(
        session,
        store,
        actor,
        case,
        kind=ActivityType.CASE_NOTE,
        subject=subject,
        responsible_team_id=team_id or case.responsible_team_id,
        responsible_user_id=actor.id,
        completed=True,
        detail={
            "type": ActivityType.CASE_NOTE.value,
            "subject": subject,
            "status": ActivityStatus.COMPLETED,
        },
        notes=notes,
    )
