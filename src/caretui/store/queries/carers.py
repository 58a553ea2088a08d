"""What the carers wizards need to know (W3, W4): the carer's facts and a scheduled review."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from caretui.rules import clock
from caretui.rules.form_types import form_label
from caretui.rules.permissions import Actor
from caretui.rules.vocab import ActivityStatus, ActivityType, FormStatus
from caretui.store.db import Store
from caretui.store.models import (
    Activity,
    Case,
    FormInstance,
    Person,
    Team,
)
from caretui.store.queries.case_record import address_of
from caretui.store.queries.lockdown import (
    RESTRICTED,
    check_unlocked,
    is_hidden,
    person_name,
    unlocked_ids,
)

CARED_FOR = "Cared for"
"""The relationship a carer's record gives the person they care for."""


@dataclass(frozen=True)
class ScheduledReview:
    id: int
    case_id: int
    due_date: date | None
    team: str
    subject: str


def scheduled_review_in(session: Session, person_id: int) -> Activity | None:
    """The open Carers Review activity a previous conversation booked for the person."""
    from caretui.rules.carers import REVIEW_SUBJECT

    return session.exec(
        select(Activity)
        .where(
            Activity.person_id == person_id,
            Activity.status == ActivityStatus.OPEN,
            Activity.type == ActivityType.TASK,
            col(Activity.subject).startswith(REVIEW_SUBJECT),
        )
        .order_by(col(Activity.due_date), col(Activity.id))
        .limit(1)
    ).first()


def scheduled_review(store: Store, person_id: int) -> ScheduledReview | None:
    with store.read() as session:
        row = scheduled_review_in(session, person_id)
        if row is None:
            return None
        team = session.get(Team, row.responsible_team_id)
        return ScheduledReview(
            row.id,  # type: ignore[arg-type]
            row.case_id,
            row.due_date,
            team.name if team else "",
            row.subject,
        )


@dataclass(frozen=True)
class CarerFacts:
    """What the carers wizards read from the person record and earlier carers forms."""

    person_id: int
    primary_group: str
    employment_status: str
    gender: str
    ethnicity: str
    previous_answers: dict
    previous_form_id: int | None
    previous_title: str
    accommodation_status: str = ""
    has_unpaid_carer: str = ""

    @property
    def record(self) -> dict[str, str]:
        """The facts the Client Level Data answers can be filled from (rules.cld_prefill)."""
        return {
            "gender": self.gender,
            "ethnicity": self.ethnicity,
            "employment_status": self.employment_status,
            "accommodation_status": self.accommodation_status,
            "has_unpaid_carer": self.has_unpaid_carer,
        }


CARERS_FORMS = ("carers_conversation_record", "carers_support_plan_review")


def carer_facts(store: Store, actor: Actor, case_id: int) -> CarerFacts:
    """The carer's groups and employment, and the answers of their last completed carers
    form (conversation or review), for prefilling a review."""
    from caretui.store.errors import NotFound
    from caretui.store.models import FormAnswer

    with store.read() as session:
        case = session.get(Case, case_id)
        if case is None:
            raise NotFound(f"There is no case {case_id}.")
        check_unlocked(session, actor, case.person_id)
        person = session.get(Person, case.person_id)
        assert person is not None
        last = session.exec(
            select(FormInstance)
            .join(Case, col(Case.id) == FormInstance.case_id)
            .where(
                Case.person_id == case.person_id,
                col(FormInstance.form_type).in_(CARERS_FORMS),
                FormInstance.status != FormStatus.IN_PROGRESS,
            )
            .order_by(col(FormInstance.completed_at).desc(), col(FormInstance.id).desc())
            .limit(1)
        ).first()
        answers: dict = {}
        if last is not None:
            answers = {
                a.field_key: a.value
                for a in session.exec(select(FormAnswer).where(FormAnswer.form_id == last.id)).all()
            }
        return CarerFacts(
            person_id=person.id,  # type: ignore[arg-type]
            primary_group=person.primary_service_user_group,
            employment_status=person.employment_status,
            gender=person.gender,
            ethnicity=person.ethnicity,
            previous_answers=answers,
            previous_form_id=last.id if last else None,
            previous_title=form_label(last.form_type) if last else "",
            accommodation_status=person.accommodation_status,
            has_unpaid_carer=person.has_unpaid_carer,
        )


@dataclass(frozen=True)
class CaredForPerson:
    """Someone a carer may care for: a related person on record, or one found by search."""

    person_id: int
    name: str
    date_of_birth: date | None
    address: str
    relationship: str  # their relationship to the carer on the carer's record; "" if none
    restricted: bool = False

    @property
    def line(self) -> str:
        """One row of the lookup: name, relationship, date of birth, ID."""
        if self.restricted:
            return f"{RESTRICTED}  ·  P{self.person_id}"
        born = f"born {self.date_of_birth:%d/%m/%Y}" if self.date_of_birth else "DOB not known"
        related = self.relationship or "not related on the record"
        return "  ·  ".join((self.name, related, born, f"P{self.person_id}"))


def related_people(store: Store, actor: Actor, person_id: int) -> list[CaredForPerson]:
    """The carer's related people on record (not external contacts), current ones first,
    "Cared for" first among them: whom the Carers Conversation's table is filled from."""
    from caretui.store.models import Relationship

    today = clock.today()
    with store.read() as session:
        check_unlocked(session, actor, person_id)
        unlocked = unlocked_ids(session, actor)
        rows = session.exec(
            select(Relationship, Person)
            .join(Person, col(Person.id) == Relationship.related_person_id)
            .where(Relationship.person_id == person_id)
            .order_by(col(Relationship.id))
        ).all()
    out: list[tuple[tuple[bool, bool], CaredForPerson]] = []
    seen: set[int] = set()
    for rel, other in rows:
        if other.id in seen or other.id == person_id:
            continue
        seen.add(other.id)  # type: ignore[arg-type]
        ended = rel.end_date is not None and rel.end_date <= today
        hidden = is_hidden(other.restricted, other.id, unlocked)  # type: ignore[arg-type]
        person = CaredForPerson(
            person_id=other.id,  # type: ignore[arg-type]
            name="" if hidden else person_name(other.first_name, other.last_name),
            date_of_birth=None if hidden else other.date_of_birth,
            address="" if hidden else address_of(other),
            relationship=rel.relationship_type,
            restricted=hidden,
        )
        out.append(((ended, rel.relationship_type != CARED_FOR), person))
    return [p for _key, p in sorted(out, key=lambda pair: pair[0])]
