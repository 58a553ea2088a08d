"""The only writer: one function per thing a user does.

Every op takes the acting user, asks ``rules.permissions``, applies the rules, writes
the change and its audit entry in one transaction, and raises a
:class:`~caretui.store.errors.DomainError` (or ``PermissionDenied``) whose message a
practitioner can act on. Screens call these from thread workers and never write
themselves.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from sqlmodel import Session, col, func, select

from caretui.rules import clock
from caretui.rules.permissions import (
    NEEDS_COUNTERSIGNATURE,
    Action,
    Actor,
    CaseContext,
    PermissionDenied,
    require,
)
from caretui.rules.roles import Role
from caretui.rules.vocab import ActivityStatus, ActivityType, CaseStatus, ClosureStatus, FormStatus
from caretui.store import audit, name_index
from caretui.store.db import Store, describe_operational_error
from caretui.store.errors import (
    DomainError,
    NotFound,
    SignInRefused,
    StaleRecord,
    StoreUnavailable,
)
from caretui.store.models import (
    AccessReview,
    Activity,
    Attachment,
    Case,
    CaseAssignment,
    ClosureRequest,
    DoLS,
    Draft,
    FormAnswer,
    FormInstance,
    Involvement,
    Person,
    Revision,
    Safeguarding,
    Team,
    User,
)
from caretui.store.signin import account_for, actor_from_user

SHELL_LOGIN = "shell"


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


def _add(
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


def get_case(session: Session, case_id: int) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound(f"There is no case {case_id}.")
    return case


# --- accounts -----------------------------------------------------------------------


def sign_in(store: Store, login: str, *, today: date | None = None) -> Actor:
    """Map a login to an account, refuse ended or disabled accounts, note the sign-in.

    The command line lets a user in with ``store.signin.check_sign_in`` (a read, without
    loading this module) and notes the sign-in later with :func:`note_sign_in`.
    """
    with transaction(store) as session:
        actor = account_for(session, login, today or clock.today())
        _note_sign_in(session, store, actor)
        return actor


def _note_sign_in(session: Session, store: Store, actor: Actor) -> None:
    user = session.get(User, actor.id)
    assert user is not None
    before, user.last_sign_in = user.last_sign_in, clock.now()
    session.add(user)
    record_audit(
        session,
        store,
        actor,
        "user.sign_in",
        "user",
        user.id,
        detail={"last_sign_in": {"from": before, "to": user.last_sign_in}},
    )


def note_sign_in(store: Store, actor: Actor) -> None:
    """Record the sign-in (last sign-in date and the audit trail) for an actor let in."""
    with transaction(store) as session:
        _note_sign_in(session, store, actor)


def note_session_lock(store: Store, actor: Actor, *, idle_minutes: float) -> None:
    """The screen locked itself after ``idle_minutes`` without use (access protocol:
    an unattended terminal shows nothing); written so a system admin can see when."""
    with transaction(store) as session:
        record_audit(
            session,
            store,
            actor,
            "session.locked",
            "user",
            actor.id,
            detail={"idle_minutes": idle_minutes},
        )


def unlock_session(store: Store, login: str) -> Actor:
    """The user came back to a locked screen: their account is checked again (it may have
    been disabled or reached its end date meanwhile) and the unlock, or its refusal, is
    written to the audit trail."""
    refused: SignInRefused | None = None
    with transaction(store) as session:
        try:
            actor = account_for(session, login, clock.today())
        except SignInRefused as exc:
            refused = exc
            user = session.exec(select(User).where(User.login == login)).first()
            if user is not None:
                actor = actor_from_user(user)
                detail = {"reason": str(exc)}
                record_audit(
                    session,
                    store,
                    actor,
                    "session.unlock_refused",
                    "user",
                    actor.id,
                    detail=detail,
                )
        else:
            record_audit(session, store, actor, "session.unlocked", "user", actor.id)
    if refused is not None:
        raise refused
    return actor


def _require_admin_or_bootstrap(session: Session, actor: Actor | None) -> None:
    """An empty store may be set up from the shell; after that only system admins manage."""
    if actor is not None:
        require(actor, Action.MANAGE_USERS)
        return
    if session.exec(select(func.count()).select_from(User)).one() > 0:
        raise PermissionDenied(
            "Only a system administrator can add users and teams. "
            "Run this command signed in as a system admin."
        )


def create_team(store: Store, actor: Actor | None, name: str) -> int:
    name = " ".join(name.split())
    if not name:
        raise DomainError("A team needs a name.")
    with transaction(store) as session:
        _require_admin_or_bootstrap(session, actor)
        if session.exec(select(Team).where(Team.name == name)).first():
            raise DomainError(f"There is already a team called '{name}'.")
        team = Team(name=name, created_at=clock.now())
        session.add(team)
        session.flush()
        record_audit(session, store, actor, "team.create", "team", team.id, detail={"name": name})
        assert team.id is not None
        return team.id


def create_user(
    store: Store,
    actor: Actor | None,
    *,
    login: str,
    name: str,
    role: Role,
    team: str,
    designation: str = "",
    access_ends: date | None = None,
) -> int:
    role = Role(role)
    login = login.strip()
    if not login or " " in login:
        raise DomainError("A login is one word, as the person signs in to the computer.")
    if not name.strip():
        raise DomainError("A user needs a full name.")
    if role is Role.VIEWER and access_ends is None:
        raise DomainError(
            "A view-only account needs an access end date (--access-ends YYYY-MM-DD): "
            "the access protocol allows non-standard access only for a set period."
        )
    if access_ends is not None and access_ends < clock.today():
        raise DomainError("An account's access end date cannot be in the past.")
    with transaction(store) as session:
        empty = session.exec(select(func.count()).select_from(User)).one() == 0
        _require_admin_or_bootstrap(session, actor)
        if actor is None and empty and role is not Role.SYSTEM_ADMIN:
            raise DomainError(
                "The first account in a new store must be a system admin "
                "(--role system_admin), who can then add everyone else."
            )
        team_row = session.exec(select(Team).where(Team.name == team)).first()
        if team_row is None:
            raise DomainError(
                f"There is no team called '{team}'. Create it first: "
                f'caretui admin create-team "{team}"'
            )
        if session.exec(select(User).where(User.login == login)).first():
            raise DomainError(f"There is already an account with the login '{login}'.")
        user = User(
            login=login,
            name=" ".join(name.split()),
            role=role.value,
            team_id=team_row.id,  # type: ignore[arg-type]
            designation=designation,
            access_ends=access_ends,
            created_at=clock.now(),
        )
        session.add(user)
        try:
            session.flush()
        except IntegrityError as exc:
            raise DomainError(f"The account '{login}' could not be created: {exc.orig}") from exc
        record_audit(
            session,
            store,
            actor,
            "user.create",
            "user",
            user.id,
            detail={
                "login": login,
                "role": role.value,
                "team": team,
                "access_ends": access_ends,
            },
        )
        assert user.id is not None
        return user.id


# --- reading is audited too (S4) ----------------------------------------------------


def record_view(
    store: Store,
    actor: Actor,
    *,
    person_id: int | None = None,
    case_id: int | None = None,
    item: tuple[str, int] | None = None,
) -> None:
    """Note that the actor opened a person or case record, or ``item`` (e.g.
    ``("activity", 12)``) of a case: reads are audited like writes (S4)."""
    if person_id is None and case_id is None:
        return
    require(actor, Action.VIEW_RECORDS)
    with transaction(store) as session:
        if case_id is not None and person_id is None:
            case = get_case(session, case_id)
            person_id = case.person_id
        if item is not None:
            entity, entity_id = item
        elif case_id is not None:
            entity, entity_id = "case", case_id
        else:
            entity, entity_id = "person", person_id  # type: ignore[assignment]
        record_audit(
            session,
            store,
            actor,
            f"{entity}.view",
            entity,
            entity_id,
            person_id=person_id,
            case_id=case_id,
        )


# --- drafts: typed work survives escape, ctrl+q and crashes ------------------------


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


def person_for_case(session: Session, case: Case) -> Person:
    person = session.get(Person, case.person_id)
    if person is None:
        raise NotFound(f"Case {case.id} has no person.")
    return person


# --- the case record (C3, C4, C5, C9, C10, K1) ------------------------------------------


def _open_case_for_write(session: Session, actor: Actor, case_id: int, action: Action) -> Case:
    case = get_case(session, case_id)
    require(actor, action, case_context(session, case))
    if case.status == CaseStatus.CLOSED:
        raise DomainError(
            f"Case {case_id} is closed, so nothing more can be recorded on it. "
            "A team manager can reopen it if work needs to continue."
        )
    return case


def _awaits_countersignature(actor: Actor) -> bool:
    return actor.role in NEEDS_COUNTERSIGNATURE


def _user_in_team(session: Session, user_id: int | None, team_id: int) -> None:
    team = session.get(Team, team_id)
    if team is None:
        raise DomainError("Choose a responsible team: it is required.")
    if user_id is None:
        return
    user = session.get(User, user_id)
    if user is None or user.disabled:
        raise DomainError("The responsible user chosen no longer has an active account.")


def _keep_revision(
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


def add_involvement(
    store: Store,
    actor: Actor,
    *,
    case_id: int,
    user_id: int | None,
    team_id: int,
    role: str,
    start_date: date,
) -> int:
    if not role.strip():
        raise DomainError("Choose the involvement role.")
    with transaction(store) as session:
        case = _open_case_for_write(session, actor, case_id, Action.ADD_INVOLVEMENT)
        _user_in_team(session, user_id, team_id)
        if user_id is not None:
            current = session.exec(
                select(Involvement).where(
                    Involvement.case_id == case_id,
                    Involvement.user_id == user_id,
                    col(Involvement.end_date).is_(None),
                )
            ).first()
            if current is not None:
                raise DomainError(
                    f"That worker already has a current involvement on this case "
                    f"({current.role}, since {current.start_date:%d %b %Y})."
                )
        row = Involvement(
            case_id=case_id,
            user_id=user_id,
            team_id=team_id,
            role=role.strip(),
            start_date=start_date,
            created_by_id=actor.id,
            created_at=clock.now(),
        )
        return _add(
            session,
            store,
            actor,
            row,
            "involvement.add",
            person_id=case.person_id,
            case_id=case_id,
            detail={"user_id": user_id, "team_id": team_id, "role": role, "start": start_date},
        )


def end_involvement(
    store: Store, actor: Actor, involvement_id: int, *, end_date: date, expected_version: int
) -> None:
    with transaction(store) as session:
        row = session.get(Involvement, involvement_id)
        if row is None:
            raise NotFound(f"There is no involvement {involvement_id}.")
        case = _open_case_for_write(session, actor, row.case_id, Action.ADD_INVOLVEMENT)
        if row.version != expected_version:
            raise StaleRecord("involvement", "another user", clock.now())
        if row.end_date is not None:
            raise DomainError(f"This involvement already ended on {row.end_date:%d %b %Y}.")
        if end_date < row.start_date:
            raise DomainError(
                f"The end date cannot be before the start date ({row.start_date:%d %b %Y})."
            )
        row.end_date = end_date
        row.version += 1
        session.add(row)
        record_audit(
            session,
            store,
            actor,
            "involvement.end",
            "involvement",
            row.id,
            person_id=case.person_id,
            case_id=case.id,
            detail={"end_date": {"from": None, "to": end_date}},
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


def _insert_activity(
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
        awaiting_countersignature=_awaits_countersignature(actor),
        created_by_id=actor.id,
        created_at=now,
        updated_at=now,
        **fields,
    )
    return _add(
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
        case = _open_case_for_write(session, actor, case_id, Action.ADD_ACTIVITY)
        _user_in_team(session, responsible_user_id, responsible_team_id)
        now = clock.now()
        attachment_id = None
        if attachment is not None:
            attachment_id = _store_attachment(
                session, actor, case.person_id, title=subject, file=attachment
            )
        status = ActivityStatus.COMPLETED if completed else ActivityStatus.OPEN
        return _insert_activity(
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


def _store_attachment(
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
    row = session.get(Activity, activity_id)
    if row is None:
        raise NotFound(f"There is no activity {activity_id}.")
    case = _open_case_for_write(session, actor, row.case_id, Action.EDIT_ACTIVITY)
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
            _user_in_team(
                session,
                fields.get("responsible_user_id", row.responsible_user_id),
                fields.get("responsible_team_id", row.responsible_team_id),
            )
        before = {k: getattr(row, k) for k in fields}
        diff = changes(before, fields)
        if not diff:
            return row.version
        if any(k in diff for k in _AMENDED_TEXT):
            _keep_revision(session, "activity", row, _AMENDED_TEXT, actor)
        if _awaits_countersignature(actor):
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


# --- forms (C5) ------------------------------------------------------------------------------


def create_form(
    store: Store,
    actor: Actor,
    *,
    case_id: int,
    form_type: str,
    responsible_user_id: int | None,
) -> int:
    from caretui.rules.form_types import form_type as lookup_form_type

    try:
        kind = lookup_form_type(form_type)
    except ValueError as exc:
        raise DomainError(str(exc)) from None
    with transaction(store) as session:
        case = _open_case_for_write(session, actor, case_id, Action.CREATE_FORM)
        if kind.unique:
            existing = session.exec(
                select(FormInstance, User.name)
                .join(User, col(User.id) == FormInstance.created_by_id)
                .where(
                    FormInstance.case_id == case_id,
                    FormInstance.form_type == form_type,
                    FormInstance.status != FormStatus.CLOSED,
                )
            ).first()
            if existing is not None:
                form, author = existing
                raise DomainError(
                    f"A {kind.label} is already {FormStatus(form.status).label} on this case "
                    f"(form {form.id}, opened {form.created_at:%d %b %Y} by {author}). "
                    "It must be closed before another can be created."
                )
        now = clock.now()
        row = FormInstance(
            case_id=case_id,
            form_type=form_type,
            needs_manager=kind.needs_manager,
            responsible_user_id=responsible_user_id,
            awaiting_countersignature=_awaits_countersignature(actor),
            created_by_id=actor.id,
            created_at=now,
            updated_at=now,
        )
        return _add(
            session,
            store,
            actor,
            row,
            "form.create",
            person_id=case.person_id,
            case_id=case_id,
            detail={"form_type": form_type, "responsible_user_id": responsible_user_id},
        )


def _editable_form(session: Session, actor: Actor, form_id: int) -> tuple[FormInstance, Case]:
    form = session.get(FormInstance, form_id)
    if form is None:
        raise NotFound(f"There is no form {form_id}.")
    case = _open_case_for_write(session, actor, form.case_id, Action.CREATE_FORM)
    if form.status != FormStatus.IN_PROGRESS:
        raise DomainError(
            f"This form is {FormStatus(form.status).label}, so it is read only. "
            + ("A manager can return it for changes." if form.status == FormStatus.COMPLETE else "")
        )
    return form, case


def _write_answers(session: Session, form: FormInstance, answers: dict[str, Any]) -> dict:
    current = {
        a.field_key: a
        for a in session.exec(select(FormAnswer).where(FormAnswer.form_id == form.id)).all()
    }
    diff: dict[str, Any] = {}
    for key, value in answers.items():
        row = current.get(key)
        if row is None:
            if value in (None, "", []):
                continue
            session.add(FormAnswer(form_id=form.id, field_key=key, value=value))  # type: ignore[arg-type]
            diff[key] = {"from": None, "to": value}
        elif row.value != value:
            diff[key] = {"from": row.value, "to": value}
            row.value = value
            session.add(row)
    return diff


def save_form(
    store: Store,
    actor: Actor,
    form_id: int,
    answers: dict[str, Any],
    *,
    expected_version: int,
    complete: bool = False,
) -> FormStatus:
    """Save answers; with ``complete`` check every required field and move the form on.

    Complete closes the form at once unless its type needs a manager, in which case it
    waits on the manager's "Forms awaiting manager closure".
    """
    from caretui.rules.errors import FormInvalid
    from caretui.rules.forms import load_spec, validate

    with transaction(store) as session:
        form, case = _editable_form(session, actor, form_id)
        check_version(form, expected_version, "form", session)
        spec = load_spec(form.form_type)
        problems = validate(spec, answers, completing=complete, today=clock.today())
        if problems:
            raise FormInvalid(problems)
        status_before = form.status
        diff = _write_answers(session, form, answers)
        now = clock.now()
        form.updated_by_id = actor.id
        form.updated_at = now
        form.version += 1
        if _awaits_countersignature(actor):
            form.awaiting_countersignature = True
        action = "form.save"
        if complete:
            form.completed_at = now
            form.completed_by_id = actor.id
            form.returned_reason = ""
            if form.needs_manager:
                form.status = FormStatus.COMPLETE
                action = "form.complete"
            else:
                form.status = FormStatus.CLOSED
                form.closed_at = now
                form.closed_by_id = actor.id
                action = "form.complete_and_close"
        if form.status != status_before:
            diff["status"] = {"from": status_before, "to": form.status}
        session.add(form)
        record_audit(
            session,
            store,
            actor,
            action,
            "form",
            form.id,
            person_id=case.person_id,
            case_id=case.id,
            detail=diff,
        )
        return FormStatus(form.status)


def _form_awaiting_manager(
    session: Session, actor: Actor, form_id: int
) -> tuple[FormInstance, Case]:
    form = session.get(FormInstance, form_id)
    if form is None:
        raise NotFound(f"There is no form {form_id}.")
    case = get_case(session, form.case_id)
    require(actor, Action.CLOSE_FORM, case_context(session, case))
    if form.status != FormStatus.COMPLETE:
        raise DomainError(
            f"This form is {FormStatus(form.status).label}: only completed forms wait for a "
            "manager to close them."
        )
    return form, case


def close_form(store: Store, actor: Actor, form_id: int) -> None:
    with transaction(store) as session:
        form, case = _form_awaiting_manager(session, actor, form_id)
        diff = {"status": {"from": form.status, "to": FormStatus.CLOSED.value}}
        form.status = FormStatus.CLOSED
        form.closed_at = clock.now()
        form.closed_by_id = actor.id
        form.version += 1
        session.add(form)
        record_audit(
            session,
            store,
            actor,
            "form.close",
            "form",
            form.id,
            person_id=case.person_id,
            case_id=case.id,
            detail=diff,
        )


def return_form(store: Store, actor: Actor, form_id: int, reason: str) -> None:
    """Send a completed form back to In Progress with the manager's reason."""
    if not reason.strip():
        raise DomainError("Say why the form is being returned, so the worker knows what to fix.")
    with transaction(store) as session:
        form, case = _form_awaiting_manager(session, actor, form_id)
        diff = {
            "status": {"from": form.status, "to": FormStatus.IN_PROGRESS.value},
            "returned_reason": {"from": form.returned_reason, "to": reason.strip()},
        }
        form.status = FormStatus.IN_PROGRESS
        form.returned_reason = reason.strip()
        form.completed_at = None
        form.version += 1
        form.updated_by_id = actor.id
        form.updated_at = clock.now()
        session.add(form)
        record_audit(
            session,
            store,
            actor,
            "form.return",
            "form",
            form.id,
            person_id=case.person_id,
            case_id=case.id,
            detail=diff,
        )


# --- safeguarding and DoLS (C9, C10) --------------------------------------------------------


def create_safeguarding(
    store: Store,
    actor: Actor,
    *,
    case_id: int,
    concern_date: date,
    concern_type: str,
    source: str = "",
    stage: str = "Concern",
    outcome: str = "",
    notes: str = "",
) -> int:
    if not concern_type.strip():
        raise DomainError("Choose the type of concern.")
    with transaction(store) as session:
        case = _open_case_for_write(session, actor, case_id, Action.ADD_SAFEGUARDING)
        now = clock.now()
        row = Safeguarding(
            case_id=case_id,
            concern_date=concern_date,
            concern_type=concern_type,
            source=source,
            stage=stage,
            outcome=outcome,
            notes=notes,
            created_by_id=actor.id,
            created_at=now,
            updated_by_id=actor.id,
            updated_at=now,
        )
        return _add(
            session,
            store,
            actor,
            row,
            "safeguarding.create",
            person_id=case.person_id,
            case_id=case_id,
            detail={"concern_type": concern_type, "stage": stage},
        )


SAFEGUARDING_FIELDS = ("stage", "outcome", "notes", "source", "concern_type", "concern_date")


def review_safeguarding(
    store: Store, actor: Actor, safeguarding_id: int, *, expected_version: int, **fields: Any
) -> None:
    unknown = set(fields) - set(SAFEGUARDING_FIELDS)
    if unknown:
        raise ValueError(f"not safeguarding fields: {sorted(unknown)}")
    with transaction(store) as session:
        row = session.get(Safeguarding, safeguarding_id)
        if row is None:
            raise NotFound(f"There is no safeguarding record {safeguarding_id}.")
        case = _open_case_for_write(session, actor, row.case_id, Action.ADD_SAFEGUARDING)
        check_version(row, expected_version, "safeguarding record", session)
        diff = changes({k: getattr(row, k) for k in fields}, fields)
        if not diff:
            return
        if "notes" in diff or "outcome" in diff:
            _keep_revision(session, "safeguarding", row, ("stage", "outcome", "notes"), actor)
        write_edit(
            session,
            store,
            actor,
            row,
            fields,
            diff,
            "safeguarding.review",
            person_id=case.person_id,
            case_id=case.id,
        )


def create_dols(
    store: Store,
    actor: Actor,
    *,
    case_id: int,
    authorisation_type: str,
    authorisation_start: date,
    authorisation_end: date | None = None,
    notes: str = "",
) -> int:
    if authorisation_end is not None and authorisation_end < authorisation_start:
        raise DomainError("The authorisation cannot end before it starts.")
    with transaction(store) as session:
        case = _open_case_for_write(session, actor, case_id, Action.ADD_DOLS)
        row = DoLS(
            case_id=case_id,
            authorisation_type=authorisation_type,
            authorisation_start=authorisation_start,
            authorisation_end=authorisation_end,
            notes=notes,
            created_by_id=actor.id,
            created_at=clock.now(),
        )
        return _add(
            session,
            store,
            actor,
            row,
            "dols.create",
            person_id=case.person_id,
            case_id=case_id,
            detail={
                "type": authorisation_type,
                "start": authorisation_start,
                "end": authorisation_end,
            },
        )


def end_dols(
    store: Store, actor: Actor, dols_id: int, *, actual_end_date: date, expected_version: int
) -> None:
    with transaction(store) as session:
        row = session.get(DoLS, dols_id)
        if row is None:
            raise NotFound(f"There is no DoLS record {dols_id}.")
        case = _open_case_for_write(session, actor, row.case_id, Action.ADD_DOLS)
        if row.version != expected_version:
            raise StaleRecord("DoLS record", "another user", clock.now())
        if actual_end_date < row.authorisation_start:
            raise DomainError(
                "The actual end date cannot be before the authorisation started "
                f"({row.authorisation_start:%d %b %Y})."
            )
        row.actual_end_date = actual_end_date
        row.version += 1
        session.add(row)
        record_audit(
            session,
            store,
            actor,
            "dols.end",
            "dols",
            row.id,
            person_id=case.person_id,
            case_id=case.id,
            detail={"actual_end_date": {"from": None, "to": actual_end_date}},
        )


# --- people and referrals -----------------------------------------------------------------


def create_person(
    store: Store,
    actor: Actor,
    *,
    first_name: str,
    last_name: str,
    date_of_birth: date | None = None,
    **details: Any,
) -> int:
    """Add a person record; free-text details go through as typed, keys are derived."""
    first_name, last_name = " ".join(first_name.split()), " ".join(last_name.split())
    if not first_name or not last_name:
        raise DomainError("A person needs a first name and a last name.")
    allowed_details = {
        "title",
        "preferred_name",
        "gender",
        "ethnicity",
        "nhs_number",
        "address_line1",
        "address_line2",
        "town",
        "postcode",
        "phone",
        "email",
        "primary_service_user_group",
        "employment_status",
    }
    unknown = set(details) - allowed_details
    if unknown:
        raise ValueError(f"not person fields: {sorted(unknown)}")
    with transaction(store) as session:
        require(actor, Action.EDIT_PERSON)
        now = clock.now()
        person = Person(
            first_name=first_name,
            last_name=last_name,
            first_name_key=first_name.lower(),
            last_name_key=last_name.lower(),
            date_of_birth=date_of_birth,
            created_at=now,
            updated_at=now,
            updated_by_id=actor.id,
            **details,
        )
        session.add(person)
        session.flush()
        name_index.index_person(session, person)
        record_audit(
            session,
            store,
            actor,
            "person.create",
            "person",
            person.id,
            person_id=person.id,
            detail={"first_name": first_name, "last_name": last_name, "dob": date_of_birth},
        )
        assert person.id is not None
        return person.id


def create_case(
    store: Store,
    actor: Actor,
    *,
    person_id: int,
    referral_date: date,
    responsible_team_id: int,
    responsible_user_id: int | None = None,
    referral_source: str = "",
    referral_reason: str = "",
    priority: str = "Normal",
) -> int:
    """Open a case from a referral (R1); the Care Act 28-day clock starts at its date."""
    if referral_date > clock.today():
        raise DomainError("The referral date cannot be in the future.")
    with transaction(store) as session:
        require(actor, Action.CREATE_CASE)
        person = session.get(Person, person_id)
        if person is None:
            raise NotFound(f"There is no person {person_id}.")
        open_case = session.exec(
            select(Case.id).where(
                Case.person_id == person_id,
                col(Case.status).in_([CaseStatus.OPEN, CaseStatus.CLOSURE_REQUESTED]),
            )
        ).first()
        if open_case is not None:
            raise DomainError(
                f"{person.first_name} {person.last_name} already has an open case "
                f"({open_case}). Record the new referral on that case."
            )
        _user_in_team(session, responsible_user_id, responsible_team_id)
        now = clock.now()
        case = Case(
            person_id=person_id,
            referral_date=referral_date,
            referral_source=referral_source,
            referral_reason=referral_reason,
            priority=priority,
            responsible_team_id=responsible_team_id,
            responsible_user_id=responsible_user_id,
            created_at=now,
            created_by_id=actor.id,
            updated_at=now,
            updated_by_id=actor.id,
        )
        session.add(case)
        session.flush()
        assert case.id is not None
        session.add(
            CaseAssignment(
                case_id=case.id,
                team_id=responsible_team_id,
                user_id=responsible_user_id,
                started_at=now,
                changed_by_id=actor.id,
                note="Case opened",
            )
        )
        session.add(
            Involvement(
                case_id=case.id,
                user_id=responsible_user_id,
                team_id=responsible_team_id,
                role="Allocated Worker" if responsible_user_id else "Responsible Team",
                start_date=referral_date,
                created_by_id=actor.id,
                created_at=now,
            )
        )
        record_audit(
            session,
            store,
            actor,
            "case.create",
            "case",
            case.id,
            person_id=person_id,
            case_id=case.id,
            detail={
                "referral_date": referral_date,
                "source": referral_source,
                "team_id": responsible_team_id,
                "user_id": responsible_user_id,
            },
        )
        return case.id


# --- the person record: details, alerts, key safe, relationships, attachments, Section 117,
# --- services, lock-down (P2-P7, S3) ------------------------------------------------------


def _person_for_write(session: Session, actor: Actor, person_id: int, action: Action) -> Person:
    """The person, after the permission check and the lock-down check (S3)."""
    from caretui.store.queries import _person_for

    require(actor, action)
    return _person_for(session, actor, person_id)


def _clean_person_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """Typed person details checked and tidied; every problem at once, by field."""
    from caretui.rules.errors import FormInvalid
    from caretui.rules.validation import (
        ValidationError,
        check_email,
        check_nhs_number,
        check_phone,
        check_postcode,
    )

    checks = {
        "nhs_number": check_nhs_number,
        "postcode": check_postcode,
        "phone": check_phone,
        "email": check_email,
    }
    clean: dict[str, Any] = {}
    problems: dict[str, str] = {}
    for key, value in fields.items():
        if isinstance(value, str):
            value = " ".join(value.split())
        if key in ("first_name", "last_name") and not value:
            problems[key] = "A person needs a first name and a last name."
            continue
        if key in checks and value:
            try:
                value = checks[key](value)
            except ValidationError as exc:
                problems[key] = str(exc)
                continue
        clean[key] = value
    born, died = clean.get("date_of_birth"), clean.get("date_of_death")
    if born and born > clock.today():
        problems["date_of_birth"] = "The date of birth cannot be in the future."
    if born and died and died < born:
        problems["date_of_death"] = "The date of death cannot be before the date of birth."
    if problems:
        raise FormInvalid(problems)
    return clean


def update_person(
    store: Store, actor: Actor, person_id: int, *, expected_version: int, **fields: Any
) -> None:
    """Edit person details (name, dates, address, phone, NHS number with its check digit)."""
    from caretui.store.queries import PERSON_FIELDS

    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise ValueError(f"not person fields: {sorted(unknown)}")
    clean = _clean_person_fields(fields)
    with transaction(store) as session:
        person = _person_for_write(session, actor, person_id, Action.EDIT_PERSON)
        check_version(person, expected_version, "person record", session)
        merged = {**{k: getattr(person, k) for k in PERSON_FIELDS}, **clean}
        _clean_person_fields(
            {k: merged[k] for k in ("first_name", "last_name", "date_of_birth", "date_of_death")}
        )
        diff = changes({k: getattr(person, k) for k in clean}, clean)
        if not diff:
            return
        write_edit(session, store, actor, person, clean, diff, "person.update", person_id=person_id)
        person.first_name_key = person.first_name.lower()
        person.last_name_key = person.last_name.lower()
        if {"first_name", "last_name", "preferred_name"} & set(diff):
            name_index.index_person(session, person)


def restrict_person(store: Store, actor: Actor, person_id: int, user_ids: list[int]) -> None:
    """Lock a person record down to the named users (S3); system admins only."""
    from caretui.store.models import PersonRestriction

    if not user_ids:
        raise DomainError("Name at least one user who may still open the record.")
    with transaction(store) as session:
        require(actor, Action.RESTRICT_PERSON)
        person = session.get(Person, person_id)
        if person is None:
            raise NotFound(f"There is no person P{person_id}.")
        named = set(
            session.exec(
                select(PersonRestriction.user_id).where(PersonRestriction.person_id == person_id)
            ).all()
        )
        for user_id in user_ids:
            if user_id not in named:
                session.add(
                    PersonRestriction(
                        person_id=person_id,
                        user_id=user_id,
                        added_by_id=actor.id,
                        added_at=clock.now(),
                    )
                )
        person.restricted = True
        person.version += 1
        session.add(person)
        record_audit(
            session,
            store,
            actor,
            "person.restrict",
            "person",
            person_id,
            person_id=person_id,
            detail={"named_user_ids": sorted(set(user_ids) | named)},
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
        _person_for_write(session, actor, person_id, Action.ADD_ALERT)
        row = Alert(
            person_id=person_id,
            kind=kind,
            category=category.strip(),
            description=description.strip(),
            start_date=start,
            created_by_id=actor.id,
            created_at=clock.now(),
        )
        return _add(
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
        row = session.get(Alert, alert_id)
        if row is None:
            raise NotFound(f"There is no alert {alert_id}.")
        _person_for_write(session, actor, row.person_id, Action.ADD_ALERT)
        if row.version != expected_version:
            raise StaleRecord("alert", "another user", clock.now())
        if row.end_date is not None:
            raise DomainError(f"This {row.kind} already ended on {row.end_date:%d %b %Y}.")
        if end_date < row.start_date:
            raise DomainError(f"It cannot end before it started ({row.start_date:%d %b %Y}).")
        row.end_date = end_date
        row.version += 1
        session.add(row)
        record_audit(
            session,
            store,
            actor,
            "alert.end",
            "alert",
            alert_id,
            person_id=row.person_id,
            detail={"end": end_date},
        )


def reveal_key_safe(store: Store, actor: Actor, person_id: int) -> str:
    """P3: the key safe code, written to the audit trail with who revealed it and when."""
    from caretui.store.models import KeySafe

    with transaction(store) as session:
        _person_for_write(session, actor, person_id, Action.REVEAL_KEY_SAFE)
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
        _person_for_write(session, actor, person_id, Action.EDIT_KEY_SAFE)
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


def add_relationship(
    store: Store,
    actor: Actor,
    *,
    person_id: int,
    relationship_type: str,
    related_person_id: int | None = None,
    contact_name: str = "",
    organisation: str = "",
    phone: str = "",
    email: str = "",
    address: str = "",
    start_date: date | None = None,
) -> int:
    """P4: a related person on record, or an external contact with their details."""
    from caretui.store.models import Relationship

    if not relationship_type.strip():
        raise DomainError("Say how they are related (e.g. Daughter, Carer, GP).")
    if related_person_id is None and not contact_name.strip():
        raise DomainError("Give the contact's name, or choose a person on record.")
    if related_person_id == person_id:
        raise DomainError("A person cannot be related to themselves.")
    clean = _clean_person_fields({"phone": phone, "email": email})
    with transaction(store) as session:
        _person_for_write(session, actor, person_id, Action.ADD_RELATIONSHIP)
        if related_person_id is not None and session.get(Person, related_person_id) is None:
            raise NotFound(f"There is no person P{related_person_id}.")
        row = Relationship(
            person_id=person_id,
            related_person_id=related_person_id,
            relationship_type=relationship_type.strip(),
            contact_name=contact_name.strip(),
            organisation=organisation.strip(),
            phone=clean.get("phone", ""),
            email=clean.get("email", ""),
            address=address.strip(),
            start_date=start_date,
            created_at=clock.now(),
        )
        return _add(
            session,
            store,
            actor,
            row,
            "relationship.create",
            person_id=person_id,
            detail={"type": relationship_type.strip(), "related_person_id": related_person_id},
        )


RELATIONSHIP_FIELDS = (
    "relationship_type",
    "contact_name",
    "organisation",
    "phone",
    "email",
    "address",
    "start_date",
    "end_date",
)


def update_relationship(
    store: Store, actor: Actor, relationship_id: int, *, expected_version: int, **fields: Any
) -> None:
    """P4: correct a relationship or a contact's details (a new phone number, an end date
    when someone stops being the carer). Each changed field goes in the audit trail with
    its old and new value; a save over someone else's newer change is refused."""
    from caretui.store.models import Relationship

    unknown = set(fields) - set(RELATIONSHIP_FIELDS)
    if unknown:
        raise ValueError(f"not relationship fields: {sorted(unknown)}")
    fields = {k: v.strip() if isinstance(v, str) else v for k, v in fields.items()}
    if "relationship_type" in fields and not fields["relationship_type"]:
        raise DomainError("Say how they are related (e.g. Daughter, Carer, GP).")
    fields.update(_clean_person_fields({k: fields[k] for k in ("phone", "email") if k in fields}))
    with transaction(store) as session:
        row = session.get(Relationship, relationship_id)
        if row is None:
            raise NotFound(f"There is no relationship {relationship_id}.")
        _person_for_write(session, actor, row.person_id, Action.ADD_RELATIONSHIP)
        check_version(row, expected_version, "relationship", session)
        if row.related_person_id is None and fields.get("contact_name", row.contact_name) == "":
            raise DomainError("Give the contact's name.")
        start = fields.get("start_date", row.start_date)
        end = fields.get("end_date", row.end_date)
        if start is not None and end is not None and end < start:
            raise DomainError("The relationship cannot end before it starts.")
        diff = changes({k: getattr(row, k) for k in fields}, fields)
        if diff:
            write_edit(
                session,
                store,
                actor,
                row,
                fields,
                diff,
                "relationship.update",
                person_id=row.person_id,
            )


MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


def add_attachment(store: Store, actor: Actor, *, person_id: int, title: str, path: Any) -> int:
    """P5: keep a copy of a file on the person record (admin / CSO only)."""
    from pathlib import Path

    source = Path(path).expanduser()
    require(actor, Action.ADD_ATTACHMENT)
    if not source.is_file():
        raise DomainError(f"There is no file at {source}. Check the path and try again.")
    size = source.stat().st_size
    if size > MAX_ATTACHMENT_BYTES:
        raise DomainError(
            f"{source.name} is {size / 1024 / 1024:.0f} MB; attachments can be at most 20 MB."
        )
    try:
        content = source.read_bytes()
    except OSError as exc:
        raise DomainError(f"{source.name} could not be read: {exc.strerror}.") from exc
    with transaction(store) as session:
        _person_for_write(session, actor, person_id, Action.ADD_ATTACHMENT)
        attachment_id = _store_attachment(
            session,
            actor,
            person_id,
            title=title.strip() or source.name,
            file=(source.name, content),
        )
        record_audit(
            session,
            store,
            actor,
            "attachment.create",
            "attachment",
            attachment_id,
            person_id=person_id,
            detail={"filename": source.name, "size": len(content)},
        )
        return attachment_id


def export_attachment(store: Store, actor: Actor, attachment_id: int, folder: Any) -> Any:
    """P5: write a copy of an attachment into ``folder`` (audited); returns the new path.

    An existing file of the same name is never overwritten: the copy gets " (2)" etc.
    """
    import os
    from pathlib import Path

    target_folder = Path(folder).expanduser()
    if not target_folder.is_dir():
        raise DomainError(f"There is no folder {target_folder}. Choose a folder that exists.")
    with transaction(store) as session:
        row = session.get(Attachment, attachment_id)
        if row is None:
            raise NotFound(f"There is no attachment {attachment_id}.")
        _person_for_write(session, actor, row.person_id, Action.VIEW_RECORDS)
        name = Path(row.filename).name or f"attachment-{attachment_id}"
        target = target_folder / name
        number = 2
        while target.exists():
            target = target_folder / f"{Path(name).stem} ({number}){Path(name).suffix}"
            number += 1
        try:
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with open(fd, "wb") as out:
                out.write(row.content)
        except OSError as exc:
            raise DomainError(
                f"The copy could not be written to {target_folder}: {exc.strerror}."
            ) from exc
        record_audit(
            session,
            store,
            actor,
            "attachment.export",
            "attachment",
            attachment_id,
            person_id=row.person_id,
            detail={"to": str(target)},
        )
        return target


def create_section117(
    store: Store,
    actor: Actor,
    *,
    person_id: int,
    detention_section: str,
    start_date: date,
    end_date: date | None = None,
    status: str = "Entitled",
    aftercare_summary: str = "",
    organisation_responsible: str = "",
) -> int:
    """P6: a Section 117 aftercare entitlement; the guide says practitioners leave
    "organisation responsible" for admin / CSO, so only they may fill it."""
    from caretui.store.models import Section117

    if organisation_responsible.strip():
        require(actor, Action.SET_S117_ORGANISATION)
    if end_date is not None and end_date < start_date:
        raise DomainError("The entitlement cannot end before it starts.")
    with transaction(store) as session:
        _person_for_write(session, actor, person_id, Action.ADD_SECTION117)
        row = Section117(
            person_id=person_id,
            detention_section=detention_section.strip() or "3",
            start_date=start_date,
            end_date=end_date,
            status=status,
            organisation_responsible=organisation_responsible.strip(),
            aftercare_summary=aftercare_summary.strip(),
            created_by_id=actor.id,
            created_at=clock.now(),
        )
        return _add(
            session,
            store,
            actor,
            row,
            "section117.create",
            person_id=person_id,
            detail={"section": row.detention_section, "start": start_date, "status": status},
        )


SECTION117_FIELDS = (
    "detention_section",
    "start_date",
    "end_date",
    "status",
    "aftercare_summary",
)


def update_section117(
    store: Store, actor: Actor, section117_id: int, *, expected_version: int, **fields: Any
) -> None:
    """P6: review a Section 117 entitlement (status, end date, the aftercare). The
    organisation responsible is admin / CSO's, through set_section117_organisation."""
    from caretui.store.models import Section117

    unknown = set(fields) - set(SECTION117_FIELDS)
    if unknown:
        raise ValueError(f"not Section 117 fields: {sorted(unknown)}")
    fields = {k: v.strip() if isinstance(v, str) else v for k, v in fields.items()}
    if "detention_section" in fields and not fields["detention_section"]:
        raise DomainError("Say which section of the Mental Health Act (e.g. 3 or 37).")
    with transaction(store) as session:
        row = session.get(Section117, section117_id)
        if row is None:
            raise NotFound(f"There is no Section 117 record {section117_id}.")
        _person_for_write(session, actor, row.person_id, Action.ADD_SECTION117)
        check_version(row, expected_version, "Section 117 record", session)
        start = fields.get("start_date", row.start_date)
        end = fields.get("end_date", row.end_date)
        if end is not None and end < start:
            raise DomainError("The entitlement cannot end before it starts.")
        diff = changes({k: getattr(row, k) for k in fields}, fields)
        if diff:
            write_edit(
                session,
                store,
                actor,
                row,
                fields,
                diff,
                "section117.update",
                person_id=row.person_id,
            )


def set_section117_organisation(
    store: Store, actor: Actor, section117_id: int, organisation: str, *, expected_version: int
) -> None:
    """Admin / CSO fill in the organisation responsible for the aftercare."""
    from caretui.store.models import Section117

    with transaction(store) as session:
        row = session.get(Section117, section117_id)
        if row is None:
            raise NotFound(f"There is no Section 117 record {section117_id}.")
        _person_for_write(session, actor, row.person_id, Action.SET_S117_ORGANISATION)
        check_version(row, expected_version, "Section 117 record", session)
        before = row.organisation_responsible
        row.organisation_responsible = organisation.strip()
        row.updated_by_id = actor.id
        row.updated_at = clock.now()
        row.version += 1
        session.add(row)
        record_audit(
            session,
            store,
            actor,
            "section117.organisation",
            "section117",
            row.id,
            person_id=row.person_id,
            detail={"from": before, "to": row.organisation_responsible},
        )


def add_service_provision(
    store: Store,
    actor: Actor,
    *,
    person_id: int,
    service_type: str,
    start_date: date,
    provider: str = "",
    end_date: date | None = None,
    units_per_week: float | None = None,
    weekly_cost: float | None = None,
    status: str = "Active",
    notes: str = "",
) -> int:
    """P7: a service provided to the person (admin / CSO maintain these)."""
    from caretui.store.models import ServiceProvision

    if not service_type.strip():
        raise DomainError("Say what the service is (e.g. Home care, Day centre).")
    if end_date is not None and end_date < start_date:
        raise DomainError("The service cannot end before it starts.")
    with transaction(store) as session:
        _person_for_write(session, actor, person_id, Action.ADD_SERVICE_PROVISION)
        row = ServiceProvision(
            person_id=person_id,
            service_type=service_type.strip(),
            provider=provider.strip(),
            start_date=start_date,
            end_date=end_date,
            units_per_week=units_per_week,
            weekly_cost=weekly_cost,
            status=status,
            notes=notes.strip(),
            created_by_id=actor.id,
            created_at=clock.now(),
        )
        return _add(
            session,
            store,
            actor,
            row,
            "service_provision.create",
            person_id=person_id,
            detail={"service": service_type.strip(), "provider": provider.strip()},
        )


def note_refused_open(store: Store, actor: Actor, person_id: int) -> None:
    """Write to the audit trail that someone not named on a restricted record tried to
    open it, so system admins can see attempts as well as views (S3, S4)."""
    with transaction(store) as session:
        record_audit(
            session, store, actor, "person.view_refused", "person", person_id, person_id=person_id
        )


# --- wizards: transfer, closure, carers conversation and review (W1-W4) -----------------------


def _case_note(
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
    return _insert_activity(
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


def _name_of(session: Session, model: Any, row_id: int | None) -> str:
    row = session.get(model, row_id) if row_id is not None else None
    return row.name if row is not None else ""


def transfer_case(
    store: Store,
    actor: Actor,
    case_id: int,
    *,
    kind: str,
    team_id: int | None = None,
    decision: str | None = None,
    user_id: int | None = None,
    reason: str = "",
    expected_version: int | None = None,
) -> str:
    """Move the case to another worker of the team, or to another team (W1).

    Keeps the assignment history, moves the responsibility involvements, and records a
    transfer summary note on the Timeline. Returns the summary.
    """
    from caretui.rules.transfer import (
        Holder,
        OpenInvolvement,
        TransferInvalid,
        involvement_moves,
        plan_transfer,
        transfer_summary,
    )

    with transaction(store) as session:
        case = _open_case_for_write(session, actor, case_id, Action.TRANSFER_CASE)
        check_version(case, expected_version, "case", session)
        if case.status == CaseStatus.CLOSURE_REQUESTED:
            raise DomainError(
                "This case is waiting for a manager to authorise its closure. Ask them to "
                "return the request before transferring it."
            )
        user = session.get(User, user_id) if user_id is not None else None
        if user_id is not None and (user is None or user.disabled):
            raise DomainError("The worker chosen no longer has an active account.")
        try:
            plan = plan_transfer(
                current=Holder(case.responsible_team_id, case.responsible_user_id),
                kind=kind,
                team_id=team_id,
                decision=decision,
                user_id=user_id,
                user_team_id=user.team_id if user is not None else None,
            )
        except TransferInvalid as exc:
            raise DomainError(str(exc)) from None
        if session.get(Team, plan.after.team_id) is None:
            raise DomainError("Choose a team that exists.")
        now = clock.now()
        today = now.date()
        current = session.exec(
            select(CaseAssignment).where(
                CaseAssignment.case_id == case_id, col(CaseAssignment.ended_at).is_(None)
            )
        ).all()
        for row in current:
            row.ended_at = now
            session.add(row)
        session.add(
            CaseAssignment(
                case_id=case_id,
                team_id=plan.after.team_id,
                user_id=plan.after.user_id,
                started_at=now,
                changed_by_id=actor.id,
                note=reason.strip() or "Transferred",
            )
        )
        open_rows = session.exec(
            select(Involvement).where(
                Involvement.case_id == case_id, col(Involvement.end_date).is_(None)
            )
        ).all()
        ending, starting = involvement_moves(
            plan,
            [OpenInvolvement(i.id, i.user_id, i.team_id, i.role) for i in open_rows],  # type: ignore[arg-type]
        )
        for inv in open_rows:
            if inv.id in ending:
                inv.end_date = max(today, inv.start_date)
                inv.version += 1
                session.add(inv)
        for new in starting:
            session.add(
                Involvement(
                    case_id=case_id,
                    user_id=new.user_id,
                    team_id=new.team_id,
                    role=new.role,
                    start_date=today,
                    created_by_id=actor.id,
                    created_at=now,
                )
            )
        summary = transfer_summary(
            from_team=_name_of(session, Team, plan.before.team_id),
            from_user=_name_of(session, User, plan.before.user_id),
            to_team=_name_of(session, Team, plan.after.team_id),
            to_user=_name_of(session, User, plan.after.user_id),
            reason=reason,
            by=actor.name,
            on=today,
        )
        case.responsible_team_id = plan.after.team_id
        case.responsible_user_id = plan.after.user_id
        case.updated_at = now
        case.updated_by_id = actor.id
        case.version += 1
        session.add(case)
        record_audit(
            session,
            store,
            actor,
            "case.transfer",
            "case",
            case_id,
            person_id=case.person_id,
            case_id=case_id,
            detail={
                "kind": plan.kind.value,
                "from": {"team_id": plan.before.team_id, "user_id": plan.before.user_id},
                "to": {"team_id": plan.after.team_id, "user_id": plan.after.user_id},
                "involvements_ended": ending,
            },
        )
        to_words = _name_of(session, User, plan.after.user_id) or _name_of(
            session, Team, plan.after.team_id
        )
        _case_note(
            session,
            store,
            actor,
            case,
            f"Transfer summary: case transferred to {to_words}",
            summary,
            team_id=plan.after.team_id,
        )
        return summary


def request_closure(
    store: Store,
    actor: Actor,
    case_id: int,
    *,
    reason: str,
    summary: dict[str, Any],
    expected_version: int | None = None,
) -> int:
    """Send the case to the team manager to authorise its closure (W2).

    Refused while any line of the closure checklist fails; the message names them.
    """
    from caretui.rules.closure import SUMMARY_FIELDS, closure_problems
    from caretui.store.queries import closure_checklist_in

    problems = closure_problems(reason, summary)
    if problems:
        raise DomainError(" ".join(problems.values()))
    with transaction(store) as session:
        case = _open_case_for_write(session, actor, case_id, Action.REQUEST_CLOSURE)
        check_version(case, expected_version, "case", session)
        if case.status == CaseStatus.CLOSURE_REQUESTED:
            raise DomainError("Closure has already been requested: it waits for the manager.")
        checklist = closure_checklist_in(session, case, clock.today())
        if not checklist.ready:
            raise DomainError(checklist.sentence())
        now = clock.now()
        row = ClosureRequest(
            case_id=case_id,
            team_id=case.responsible_team_id,
            closure_reason=reason,
            summary={k: str(summary.get(k) or "").strip() for k in SUMMARY_FIELDS},
            requested_by_id=actor.id,
            requested_at=now,
        )
        request_id = _add(
            session,
            store,
            actor,
            row,
            "closure.request",
            person_id=case.person_id,
            case_id=case_id,
            detail={"reason": reason},
        )
        case.status = CaseStatus.CLOSURE_REQUESTED
        case.updated_at = now
        case.updated_by_id = actor.id
        case.version += 1
        session.add(case)
        return request_id


def _pending_closure(
    session: Session, actor: Actor, request_id: int
) -> tuple[ClosureRequest, Case]:
    row = session.get(ClosureRequest, request_id)
    if row is None:
        raise NotFound(f"There is no closure request {request_id}.")
    case = get_case(session, row.case_id)
    require(actor, Action.AUTHORISE_CLOSURE, case_context(session, case))
    if row.status != ClosureStatus.PENDING:
        raise DomainError(
            f"This closure request has already been {ClosureStatus(row.status).value}."
        )
    return row, case


def authorise_closure(store: Store, actor: Actor, request_id: int) -> None:
    """The manager authorises: the case closes with its reason and its involvements end."""
    from caretui.store.queries import closure_checklist_in

    with transaction(store) as session:
        row, case = _pending_closure(session, actor, request_id)
        today = clock.today()
        checklist = closure_checklist_in(session, case, today)
        if not checklist.ready:
            raise DomainError(
                "Since the request was sent the record has changed. "
                f"{checklist.sentence()} Return the request so the worker can finish."
            )
        now = clock.now()
        ended = []
        for inv in session.exec(
            select(Involvement).where(
                Involvement.case_id == case.id, col(Involvement.end_date).is_(None)
            )
        ).all():
            inv.end_date = max(today, inv.start_date)
            inv.version += 1
            session.add(inv)
            ended.append(inv.id)
        for assignment in session.exec(
            select(CaseAssignment).where(
                CaseAssignment.case_id == case.id, col(CaseAssignment.ended_at).is_(None)
            )
        ).all():
            assignment.ended_at = now
            session.add(assignment)
        row.status = ClosureStatus.AUTHORISED
        row.decided_by_id = actor.id
        row.decided_at = now
        session.add(row)
        case.status = CaseStatus.CLOSED
        case.closure_reason = row.closure_reason
        case.closed_on = today
        case.updated_at = now
        case.updated_by_id = actor.id
        case.version += 1
        session.add(case)
        record_audit(
            session,
            store,
            actor,
            "closure.authorise",
            "closure",
            row.id,
            person_id=case.person_id,
            case_id=case.id,
            detail={"reason": row.closure_reason, "involvements_ended": ended},
        )


def return_closure(store: Store, actor: Actor, request_id: int, reason: str) -> None:
    """The manager returns the request: the case is open again and the worker sees why."""
    if not reason.strip():
        raise DomainError("Say why the closure is returned, so the worker knows what to do.")
    with transaction(store) as session:
        row, case = _pending_closure(session, actor, request_id)
        now = clock.now()
        row.status = ClosureStatus.RETURNED
        row.return_reason = reason.strip()
        row.decided_by_id = actor.id
        row.decided_at = now
        session.add(row)
        case.status = CaseStatus.OPEN
        case.updated_at = now
        case.updated_by_id = actor.id
        case.version += 1
        session.add(case)
        record_audit(
            session,
            store,
            actor,
            "closure.return",
            "closure",
            row.id,
            person_id=case.person_id,
            case_id=case.id,
            detail={"reason": reason.strip()},
        )


def reopen_case(store: Store, actor: Actor, case_id: int, reason: str) -> None:
    """A manager reopens a closed case; the responsibility involvement starts again."""
    if not reason.strip():
        raise DomainError("Say why the case is being reopened.")
    with transaction(store) as session:
        case = get_case(session, case_id)
        require(actor, Action.AUTHORISE_CLOSURE, case_context(session, case))
        if case.status != CaseStatus.CLOSED:
            raise DomainError("This case is not closed.")
        other = session.exec(
            select(Case.id).where(
                Case.person_id == case.person_id,
                Case.id != case_id,
                col(Case.status).in_([CaseStatus.OPEN, CaseStatus.CLOSURE_REQUESTED]),
            )
        ).first()
        if other is not None:
            raise DomainError(f"This person already has an open case ({other}): work on that.")
        now = clock.now()
        closed = f"{case.closed_on:%d %B %Y}" if case.closed_on else "earlier"
        previous_reason = case.closure_reason
        case.status = CaseStatus.OPEN
        case.closure_reason = ""
        case.closed_on = None
        case.updated_at = now
        case.updated_by_id = actor.id
        case.version += 1
        session.add(case)
        session.add(
            CaseAssignment(
                case_id=case_id,
                team_id=case.responsible_team_id,
                user_id=case.responsible_user_id,
                started_at=now,
                changed_by_id=actor.id,
                note=f"Reopened: {reason.strip()}",
            )
        )
        session.add(
            Involvement(
                case_id=case_id,
                user_id=case.responsible_user_id,
                team_id=case.responsible_team_id,
                role="Allocated Worker" if case.responsible_user_id else "Responsible Team",
                start_date=now.date(),
                created_by_id=actor.id,
                created_at=now,
            )
        )
        record_audit(
            session,
            store,
            actor,
            "case.reopen",
            "case",
            case_id,
            person_id=case.person_id,
            case_id=case_id,
            detail={"reason": reason.strip(), "closed_reason": previous_reason},
        )
        _case_note(
            session,
            store,
            actor,
            case,
            "Case reopened",
            f"Closed on {closed} ({previous_reason}); reopened by {actor.name}: {reason.strip()}",
        )


def start_carers_form(
    store: Store, actor: Actor, *, case_id: int, form_type: str
) -> tuple[int, int | None]:
    """The Carers Conversation or Review form the wizard fills: the one In Progress, or new.

    A Carers Conversation is refused while a Carers Review is scheduled for the person
    (seed 004 section 5: starting a new conversation would duplicate it); a Carers Review
    picks up the scheduled review activity. Returns the form and that activity, if any.
    """
    from caretui.rules.carers import prerequisite_problems
    from caretui.store.queries import scheduled_review_in

    with transaction(store) as session:
        case = _open_case_for_write(session, actor, case_id, Action.CREATE_FORM)
        person = person_for_case(session, case)
        problems = prerequisite_problems(
            person.primary_service_user_group, person.employment_status
        )
        if problems:
            raise DomainError(" ".join(problems))
        review = scheduled_review_in(session, case.person_id)
        if form_type == "carers_conversation_record" and review is not None:
            raise DomainError(
                f"A Carers Review is scheduled for {review.due_date:%d %b %Y} "
                f"(activity {review.id}). Start the Carers Review instead (v), so the carer's "
                "record is not duplicated."
            )
        existing = session.exec(
            select(FormInstance).where(
                FormInstance.case_id == case_id,
                FormInstance.form_type == form_type,
                FormInstance.status == FormStatus.IN_PROGRESS,
            )
        ).first()
        review_id = review.id if review is not None else None
        if review is not None and review.responsible_user_id is None:
            review.responsible_user_id = actor.id  # "Assign step: Yes": it is now theirs
            review.updated_by_id = actor.id
            review.updated_at = clock.now()
            review.version += 1
            session.add(review)
            record_audit(
                session,
                store,
                actor,
                "activity.pick_up",
                "activity",
                review.id,
                person_id=case.person_id,
                case_id=review.case_id,
            )
        if existing is not None:
            return existing.id, review_id  # type: ignore[return-value]
    form_id = create_form(
        store, actor, case_id=case_id, form_type=form_type, responsible_user_id=actor.id
    )
    return form_id, review_id


def finish_carers_form(
    store: Store,
    actor: Actor,
    form_id: int,
    answers: dict[str, Any],
    *,
    expected_version: int,
    review_activity_id: int | None = None,
) -> list[int]:
    """Complete a Carers Conversation or Review and carry out its next actions (W3, W4).

    In one transaction: the form is completed (it waits for the manager, as its type
    says), the scheduled review being picked up is completed, and each next action is
    recorded: Purchase Service as a task for the worker, a Carers Review as a task on the
    chosen team's queue due on the scheduled date, No further action as a case note with
    its reason. Returns the activities created.
    """
    from caretui.rules.carers import (
        CARERS_REVIEW,
        NO_FURTHER_ACTION,
        PURCHASE_SERVICE,
        PURCHASE_SUBJECT,
        REVIEW_SUBJECT,
        next_action_problems,
        next_actions_from,
    )
    from caretui.rules.errors import FormInvalid
    from caretui.rules.forms import load_spec, validate

    with transaction(store) as session:
        form, case = _editable_form(session, actor, form_id)
        check_version(form, expected_version, "form", session)
        spec = load_spec(form.form_type)
        today = clock.today()
        teams = {t.name: t.id for t in session.exec(select(Team)).all()}
        plan = next_actions_from(answers)
        problems = validate(spec, answers, completing=True, today=today)
        problems.update(
            next_action_problems(
                plan,
                funds_required=answers.get("funds_required") == "Yes",
                today=today,
                teams=list(teams),
            )
        )
        if problems:
            raise FormInvalid(problems)
        diff = _write_answers(session, form, answers)
        now = clock.now()
        form.updated_by_id = actor.id
        form.updated_at = now
        form.completed_at = now
        form.completed_by_id = actor.id
        form.returned_reason = ""
        form.version += 1
        if form.needs_manager:
            form.status = FormStatus.COMPLETE
        else:
            form.status = FormStatus.CLOSED
            form.closed_at = now
            form.closed_by_id = actor.id
        if _awaits_countersignature(actor):
            form.awaiting_countersignature = True
        session.add(form)
        record_audit(
            session,
            store,
            actor,
            "form.complete",
            "form",
            form.id,
            person_id=case.person_id,
            case_id=case.id,
            detail={**diff, "next_actions": list(plan.actions)},
        )
        if review_activity_id is not None:
            review = session.get(Activity, review_activity_id)
            if review is not None and review.status == ActivityStatus.OPEN:
                review.status = ActivityStatus.COMPLETED
                review.completed_at = now
                review.responsible_user_id = review.responsible_user_id or actor.id
                review.updated_by_id = actor.id
                review.updated_at = now
                review.version += 1
                session.add(review)
                record_audit(
                    session,
                    store,
                    actor,
                    "activity.complete",
                    "activity",
                    review.id,
                    person_id=case.person_id,
                    case_id=review.case_id,
                    detail={"picked_up_by_form": form.id},
                )
        created: list[int] = []
        note = str(answers.get("action_note") or "").strip()

        def task(subject: str, *, team_id: int, user_id: int | None, due: date | None) -> int:
            return _insert_activity(
                session,
                store,
                actor,
                case,
                kind=ActivityType.TASK,
                subject=subject,
                responsible_team_id=team_id,
                responsible_user_id=user_id,
                now=now,
                detail={"type": ActivityType.TASK.value, "subject": subject, "from_form": form.id},
                notes=f"Priority: {plan.priority}." + (f"\n{note}" if note else ""),
                due_date=due,
            )

        if PURCHASE_SERVICE in plan.actions:
            created.append(
                task(
                    f"{PURCHASE_SUBJECT} ({plan.priority})",
                    team_id=actor.team_id,
                    user_id=actor.id,
                    due=None,
                )
            )
        if CARERS_REVIEW in plan.actions:
            created.append(
                task(
                    f"{REVIEW_SUBJECT} ({plan.priority})",
                    team_id=teams[plan.review_team],
                    user_id=None,
                    due=plan.review_date,
                )
            )
        if NO_FURTHER_ACTION in plan.actions:
            reason = plan.nfa_reason + (f": {plan.nfa_note.strip()}" if plan.nfa_note else "")
            created.append(
                _case_note(
                    session,
                    store,
                    actor,
                    case,
                    f"{spec.title}: no further action",
                    f"Reason: {reason}",
                )
            )
        return created


# --- access control and audit (S1, S2, S4) -----------------------------------------------

USER_FIELDS = ("name", "role", "team_id", "designation", "email", "phone", "access_ends")


def _get_user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"There is no account {user_id}.")
    return user


def _keeps_a_system_admin(session: Session, user: User) -> None:
    """Refuse a change that would leave nobody able to manage accounts."""
    others = session.exec(
        select(func.count())
        .select_from(User)
        .where(
            User.role == Role.SYSTEM_ADMIN,
            col(User.disabled).is_(False),
            User.id != user.id,
        )
    ).one()
    if others == 0:
        raise DomainError(
            f"{user.name} is the only active system admin. Make someone else a system admin "
            "first, so that accounts can still be managed."
        )


def _check_access_ends(role: str, access_ends: date | None, changed: bool) -> None:
    if role == Role.VIEWER and access_ends is None:
        raise DomainError(
            "A view-only account needs an access end date: the access protocol allows "
            "non-standard access only for a set period."
        )
    if changed and access_ends is not None and access_ends < clock.today():
        raise DomainError(
            "An access end date cannot be in the past. To end someone's access now, "
            "disable the account instead."
        )


def update_user(
    store: Store, actor: Actor, user_id: int, *, expected_version: int, **fields: Any
) -> int:
    """Change an account's name, role, team, designation, contact details or end date.

    Every changed field is audited with its old and new value (so an extended end date
    shows who extended it, when, and from what). Returns the account's new version.
    """
    unknown = set(fields) - set(USER_FIELDS)
    if unknown:
        raise ValueError(f"not user fields: {sorted(unknown)}")
    if "role" in fields:
        fields["role"] = Role(fields["role"]).value
    if "name" in fields:
        fields["name"] = " ".join(str(fields["name"]).split())
        if not fields["name"]:
            raise DomainError("A user needs a full name.")
    with transaction(store) as session:
        require(actor, Action.MANAGE_USERS)
        user = _get_user(session, user_id)
        if user.version != expected_version:
            raise StaleRecord("account", "another system admin", clock.now())
        diff = changes({k: getattr(user, k) for k in fields}, fields)
        if not diff:
            return user.version
        if "team_id" in diff and session.get(Team, fields["team_id"]) is None:
            raise DomainError("Choose a team that exists.")
        if "role" in diff and user.role == Role.SYSTEM_ADMIN:
            _keeps_a_system_admin(session, user)
        _check_access_ends(
            fields.get("role", user.role),
            fields.get("access_ends", user.access_ends),
            "access_ends" in diff,
        )
        for key, value in fields.items():
            setattr(user, key, value)
        user.version += 1
        session.add(user)
        record_audit(session, store, actor, "user.update", "user", user.id, detail=diff)
        return user.version


def set_user_disabled(
    store: Store, actor: Actor, user_id: int, *, disabled: bool, reason: str = ""
) -> None:
    """Disable (or re-enable) an account. Accounts are never deleted: what a person
    recorded keeps its author."""
    if disabled and not reason.strip():
        raise DomainError("Say why the account is being disabled (for example: left the team).")
    with transaction(store) as session:
        require(actor, Action.MANAGE_USERS)
        user = _get_user(session, user_id)
        if user.disabled == disabled:
            state = "disabled" if disabled else "active"
            raise DomainError(f"The account '{user.login}' is already {state}.")
        if disabled and user.id == actor.id:
            raise DomainError("You cannot disable your own account.")
        if disabled and user.role == Role.SYSTEM_ADMIN:
            _keeps_a_system_admin(session, user)
        user.disabled = disabled
        user.version += 1
        session.add(user)
        record_audit(
            session,
            store,
            actor,
            "user.disable" if disabled else "user.enable",
            "user",
            user.id,
            detail={"disabled": {"from": not disabled, "to": disabled}, "reason": reason.strip()},
        )


def record_access_review(
    store: Store,
    actor: Actor,
    user_id: int,
    *,
    outcome: str,
    access_ends: date | None = None,
) -> int:
    """Record the two-monthly access review of one account (protocol section 7).

    With ``access_ends`` the end date moves in the same transaction and the audit entry
    shows it; an outcome of "Account closed" disables the account.
    """
    outcome = " ".join(outcome.split())
    if not outcome:
        raise DomainError("Choose the outcome of the review.")
    with transaction(store) as session:
        require(actor, Action.REVIEW_ACCESS)
        user = _get_user(session, user_id)
        detail: dict[str, Any] = {"login": user.login, "outcome": outcome}
        closing = outcome.lower().startswith("account closed")
        if access_ends is not None and access_ends != user.access_ends:
            _check_access_ends(user.role, access_ends, changed=True)
            detail["access_ends"] = {"from": user.access_ends, "to": access_ends}
            user.access_ends = access_ends
        if closing and not user.disabled:
            if user.id == actor.id:
                raise DomainError("You cannot close your own account.")
            if user.role == Role.SYSTEM_ADMIN:
                _keeps_a_system_admin(session, user)
            detail["disabled"] = {"from": False, "to": True}
            user.disabled = True
        if "access_ends" in detail or "disabled" in detail:
            user.version += 1
            session.add(user)
        review = AccessReview(
            user_id=user_id, reviewed_by_id=actor.id, reviewed_at=clock.now(), outcome=outcome
        )
        return _add(session, store, actor, review, "access_review.record", detail=detail)


def export_who_viewed(store: Store, actor: Actor, person_id: int, path: Path) -> int:
    """Write a person's "who has looked at my record" report as CSV, readable by its
    owner only, for a subject access request; the export itself is audited.

    Returns how many looks the report lists.
    """
    from caretui.store import queries

    path = Path(path).expanduser()
    with transaction(store) as session:
        require(actor, Action.VIEW_AUDIT)
        rows = queries.who_viewed(store, actor, person_id)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
                out.write(queries.who_viewed_csv(rows))
        except OSError as exc:
            raise DomainError(
                f"The report could not be written to {path}: {exc.strerror or exc}. "
                "Choose a folder you can write to."
            ) from exc
        record_audit(
            session,
            store,
            actor,
            "audit.export_views",
            "person",
            person_id,
            person_id=person_id,
            detail={"rows": len(rows), "file": str(path)},
        )
        return len(rows)
