"""Forms on a case (C5-C8): created, saved, completed, closed or returned by a manager."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from caretui.rules import clock
from caretui.rules.permissions import (
    Action,
    Actor,
    require,
)
from caretui.rules.vocab import FormStatus
from caretui.rules.wording import a_or_an
from caretui.store.db import Store
from caretui.store.errors import (
    DomainError,
)
from caretui.store.models import (
    Case,
    FormAnswer,
    FormInstance,
    User,
)
from caretui.store.ops.writing import (
    add_record,
    awaits_countersignature,
    case_context,
    check_version,
    get_case,
    get_row,
    open_case_for_write,
    record_audit,
    transaction,
)


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
        case = open_case_for_write(session, actor, case_id, Action.CREATE_FORM)
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
                named = a_or_an(kind.label)
                raise DomainError(
                    f"{named[0].upper()}{named[1:]} is already "
                    f"{FormStatus(form.status).label} on this case "
                    f"(form {form.id}, opened {form.created_at:%d %b %Y} by {author}). "
                    "It must be closed before another can be created."
                )
        now = clock.now()
        row = FormInstance(
            case_id=case_id,
            form_type=form_type,
            needs_manager=kind.needs_manager,
            responsible_user_id=responsible_user_id,
            awaiting_countersignature=awaits_countersignature(actor),
            created_by_id=actor.id,
            created_at=now,
            updated_at=now,
        )
        return add_record(
            session,
            store,
            actor,
            row,
            "form.create",
            person_id=case.person_id,
            case_id=case_id,
            detail={"form_type": form_type, "responsible_user_id": responsible_user_id},
        )


def editable_form(session: Session, actor: Actor, form_id: int) -> tuple[FormInstance, Case]:
    form = get_row(session, FormInstance, form_id, "form")
    case = open_case_for_write(session, actor, form.case_id, Action.CREATE_FORM)
    if form.status != FormStatus.IN_PROGRESS:
        raise DomainError(
            f"This form is {FormStatus(form.status).label}, so it is read only. "
            + ("A manager can return it for changes." if form.status == FormStatus.COMPLETE else "")
        )
    return form, case


def write_answers(session: Session, form: FormInstance, answers: dict[str, Any]) -> dict:
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
        form, case = editable_form(session, actor, form_id)
        check_version(form, expected_version, "form", session)
        spec = load_spec(form.form_type)
        problems = validate(spec, answers, completing=complete, today=clock.today())
        if problems:
            raise FormInvalid(problems)
        status_before = form.status
        diff = write_answers(session, form, answers)
        now = clock.now()
        form.updated_by_id = actor.id
        form.updated_at = now
        form.version += 1
        if awaits_countersignature(actor):
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
    form = get_row(session, FormInstance, form_id, "form")
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
