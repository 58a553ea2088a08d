"""The person record's own details (P1) with its banner and menu counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import col, func, select

from caretui.rules import clock
from caretui.rules.permissions import Actor
from caretui.store.db import Store
from caretui.store.models import (
    Activity,
    Case,
    Relationship,
)
from caretui.store.queries.authorship import user_names
from caretui.store.queries.case_record import Banner, banner
from caretui.store.queries.lockdown import (
    person_for,
)
from caretui.store.queries.worklists import (
    CURRENT_CASE,
)


@dataclass(frozen=True)
class PersonDetail:
    """The person record's own details (guide p.28) with its banner and menu counts."""

    person_id: int
    title: str
    first_name: str
    last_name: str
    preferred_name: str
    date_of_birth: date | None
    date_of_death: date | None
    gender: str
    ethnicity: str
    nhs_number: str
    address_line1: str
    address_line2: str
    town: str
    postcode: str
    phone: str
    email: str
    primary_service_user_group: str
    employment_status: str
    date_of_birth_estimated: bool
    main_language: str
    interpreter_needed: bool
    communication_needs: str
    accommodation_status: str
    has_unpaid_carer: str
    primary_support_reason: str
    version: int
    updated_at: datetime
    updated_by: str
    banner: Banner
    open_case_id: int | None
    counts: dict[str, int]


PERSON_FIELDS = (
    "title",
    "first_name",
    "last_name",
    "preferred_name",
    "date_of_birth",
    "date_of_death",
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
    "date_of_birth_estimated",
    "main_language",
    "interpreter_needed",
    "communication_needs",
    "accommodation_status",
    "has_unpaid_carer",
    "primary_support_reason",
)


def person_record(
    store: Store, actor: Actor, person_id: int, today: date | None = None
) -> PersonDetail:
    """The person record; refused, saying whom to ask, for a restricted record (S3)."""
    from caretui.store.models import Attachment, Section117, ServiceProvision

    today = today or clock.today()
    with store.read() as session:
        person = person_for(session, actor, person_id)
        the_banner = banner(session, actor, person_id, today)
        open_case = session.exec(
            select(Case.id)
            .where(Case.person_id == person_id, CURRENT_CASE)
            .order_by(col(Case.referral_date).desc())
        ).first()

        def count(model, *where) -> int:  # type: ignore[no-untyped-def]
            return session.exec(select(func.count()).select_from(model).where(*where)).one()

        counts = {
            "alerts": the_banner.current_alerts,
            "relationships": count(Relationship, Relationship.person_id == person_id),
            "attachments": count(Attachment, Attachment.person_id == person_id),
            "section117": count(Section117, Section117.person_id == person_id),
            "services": count(ServiceProvision, ServiceProvision.person_id == person_id),
            "activities": count(Activity, Activity.person_id == person_id),
            "cases": count(Case, Case.person_id == person_id),
        }
        updated_by = user_names(session, person.updated_by_id).get(
            person.updated_by_id or 0, ("", "")
        )
        return PersonDetail(
            person_id=person_id,
            **{f: getattr(person, f) for f in PERSON_FIELDS},
            version=person.version,
            updated_at=person.updated_at,
            updated_by=updated_by[0],
            banner=the_banner,
            open_case_id=open_case,
            counts=counts,
        )
