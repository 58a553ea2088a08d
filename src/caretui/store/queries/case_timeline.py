"""A case's Timeline (C1): everything on the case, newest first, paged for large cases."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import String, bindparam, cast, literal, union_all
from sqlalchemy.orm import aliased
from sqlmodel import col, func, select

from caretui.rules.form_types import form_label
from caretui.rules.permissions import Actor
from caretui.rules.vocab import ActivityStatus, ActivityType, ClosureStatus, FormStatus
from caretui.store.db import Store
from caretui.store.models import (
    Activity,
    Case,
    ClosureRequest,
    DoLS,
    FormInstance,
    Involvement,
    Person,
    Safeguarding,
    User,
)
from caretui.store.queries.lockdown import (
    is_hidden,
    locked_message,
    unlocked_ids,
)


@dataclass(frozen=True)
class TimelineRow:
    """One item on a case's Timeline; ``kind`` + ``item_id`` say what enter opens."""

    kind: str  # activity | form | safeguarding | dols | involvement | assignment | closure
    item_id: int
    at: datetime
    type_label: str
    subject: str
    author: str
    status: str
    awaiting_countersignature: bool = False


def timeline(
    store: Store, actor: Actor, case_id: int, *, limit: int = 10_000, offset: int = 0
) -> list[TimelineRow]:
    """Everything on the case, newest first, in one indexed UNION query."""
    from caretui.store.errors import NotFound

    with store.read() as session:
        case = session.get(Case, case_id)
        if case is None:
            raise NotFound(f"There is no case {case_id}.")
        person = session.get(Person, case.person_id)
        if person and is_hidden(person.restricted, person.id, unlocked_ids(session, actor)):  # type: ignore[arg-type]
            raise NotFound(locked_message())
        paged = limit + offset < 10_000
        params = {"case_id": case_id, "limit": limit, "offset": offset, "wanted": limit + offset}
        stmt = _timeline_statement(paged)
        return [_timeline_row(r) for r in session.execute(stmt, params).all()]


@functools.cache
def _timeline_statement(paged: bool):  # type: ignore[no-untyped-def]
    """The Timeline's UNION, built once: building it costs far more than running it.

    Paged, each kind gives only its newest ``wanted`` rows (an index range on a case with
    thousands of activities), so the union sorts a page, not the whole case.
    """
    au = aliased(User)
    fu = aliased(User)
    su = aliased(User)
    du = aliased(User)
    iu = aliased(User)
    cu = aliased(User)
    case_id = bindparam("case_id")
    parts = [
        select(
            literal("activity").label("kind"),
            col(Activity.id).label("item_id"),
            col(Activity.occurred_at).label("at"),
            col(Activity.type).label("type"),
            col(Activity.subject).label("subject"),
            col(au.name).label("author"),
            col(Activity.status).label("status"),
            col(Activity.awaiting_countersignature).label("awaiting"),
        )
        .join(au, col(au.id) == Activity.created_by_id)
        .where(Activity.case_id == case_id),
        select(
            literal("form"),
            FormInstance.id,
            FormInstance.created_at,
            FormInstance.form_type,
            FormInstance.form_type,
            fu.name,
            FormInstance.status,
            FormInstance.awaiting_countersignature,
        )
        .join(fu, col(fu.id) == FormInstance.created_by_id)
        .where(FormInstance.case_id == case_id),
        select(
            literal("safeguarding"),
            Safeguarding.id,
            Safeguarding.created_at,
            literal("safeguarding"),
            Safeguarding.concern_type,
            su.name,
            Safeguarding.stage,
            literal(False),
        )
        .outerjoin(su, col(su.id) == Safeguarding.created_by_id)
        .where(Safeguarding.case_id == case_id),
        select(
            literal("dols"),
            DoLS.id,
            DoLS.created_at,
            literal("dols"),
            DoLS.authorisation_type,
            du.name,
            func.coalesce(cast(DoLS.actual_end_date, String), ""),
            literal(False),
        )
        .outerjoin(du, col(du.id) == DoLS.created_by_id)
        .where(DoLS.case_id == case_id),
        select(
            literal("involvement"),
            Involvement.id,
            Involvement.created_at,
            literal("involvement"),
            Involvement.role,
            iu.name,
            func.coalesce(cast(Involvement.end_date, String), ""),
            literal(False),
        )
        .outerjoin(iu, col(iu.id) == Involvement.user_id)
        .where(Involvement.case_id == case_id),
        select(
            literal("closure"),
            ClosureRequest.id,
            ClosureRequest.requested_at,
            literal("closure"),
            ClosureRequest.closure_reason,
            cu.name,
            ClosureRequest.status,
            literal(False),
        )
        .join(cu, col(cu.id) == ClosureRequest.requested_by_id)
        .where(ClosureRequest.case_id == case_id),
    ]
    if paged:
        parts = [
            select(
                part.order_by(part.selected_columns[2].desc(), part.selected_columns[1].desc())
                .limit(bindparam("wanted"))
                .subquery()
            )
            for part in parts
        ]
    union = union_all(*parts).subquery()
    return (
        select(union)
        .order_by(union.c.at.desc(), union.c.kind, union.c.item_id.desc())
        .limit(bindparam("limit"))
        .offset(bindparam("offset"))
    )


def _ended(iso_date: str) -> str:
    if not iso_date:
        return "Current"
    return f"Ended {date.fromisoformat(iso_date[:10]):%d %b %Y}"


def _timeline_row(r) -> TimelineRow:  # type: ignore[no-untyped-def]
    kind, item_id, at, type_, subject, author, status, awaiting = r
    if isinstance(at, str):
        at = datetime.fromisoformat(at)
    if kind == "activity":
        type_label = ActivityType(type_).label
        status_label = ActivityStatus(status).label
    elif kind == "form":
        type_label = "Form"
        subject = form_label(subject)
        status_label = FormStatus(status).label
    elif kind == "safeguarding":
        type_label, status_label = "Safeguarding", status
    elif kind == "dols":
        type_label = "DoLS"
        status_label = _ended(status)
        subject = f"{subject} authorisation"
    elif kind == "involvement":
        type_label = "Involvement"
        status_label = _ended(status)
        subject = f"{subject}: {author or 'team'}"
    else:
        type_label = "Closure request"
        status_label = ClosureStatus(status).value.capitalize()
    return TimelineRow(
        kind=kind,
        item_id=item_id,
        at=at,
        type_label=type_label,
        subject=subject,
        author=author or "",
        status=status_label,
        awaiting_countersignature=bool(awaiting),
    )
