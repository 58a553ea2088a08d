"""Forms on a case (C5): one form in full and a case's forms."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import select

from caretui.rules.form_types import form_label
from caretui.rules.permissions import Actor
from caretui.rules.vocab import FormStatus
from caretui.store.db import Store
from caretui.store.models import (
    Case,
    FormInstance,
)
from caretui.store.queries.authorship import Authorship, authorship, user_names
from caretui.store.queries.lockdown import (
    check_unlocked,
)
from caretui.store.queries.worklists import (
    FormRow,
    form_rows,
)


@dataclass(frozen=True)
class FormDetail:
    id: int
    case_id: int
    person_id: int
    form_type: str
    title: str
    status: FormStatus
    needs_manager: bool
    responsible_user_id: int | None
    responsible_user: str
    answers: dict
    returned_reason: str
    completed_at: datetime | None
    closed_at: datetime | None
    closed_by: str
    version: int
    authorship: Authorship


def form_detail(store: Store, actor: Actor, form_id: int) -> FormDetail:
    from caretui.store.errors import NotFound
    from caretui.store.models import FormAnswer

    with store.read() as session:
        form = session.get(FormInstance, form_id)
        if form is None:
            raise NotFound(f"There is no form {form_id}.")
        case = session.get(Case, form.case_id)
        assert case is not None
        check_unlocked(session, actor, case.person_id)
        answers = {
            a.field_key: a.value
            for a in session.exec(select(FormAnswer).where(FormAnswer.form_id == form_id)).all()
        }
        names = user_names(session, form.responsible_user_id, form.closed_by_id)
        return FormDetail(
            id=form_id,
            case_id=form.case_id,
            person_id=case.person_id,
            form_type=form.form_type,
            title=form_label(form.form_type),
            status=FormStatus(form.status),
            needs_manager=form.needs_manager,
            responsible_user_id=form.responsible_user_id,
            responsible_user=names.get(form.responsible_user_id or 0, ("", ""))[0],
            answers=answers,
            returned_reason=form.returned_reason,
            completed_at=form.completed_at,
            closed_at=form.closed_at,
            closed_by=names.get(form.closed_by_id or 0, ("", ""))[0],
            version=form.version,
            authorship=authorship(session, form),
        )


def case_forms(store: Store, actor: Actor, case_id: int) -> list[FormRow]:
    with store.read() as session:
        case = session.get(Case, case_id)
        if case is None:
            return []
        check_unlocked(session, actor, case.person_id)
        return form_rows(session, actor, [FormInstance.case_id == case_id])
