"""The front door (R1, issue 12): a new contact opens a referral case at once; the front
door team screens it; a manager allocates it from the waiting list.

A contact's case starts in status ``referral`` with the Care Act clock running from the
date of initial contact (seed 003), responsible team the recorder's (the front door), no
worker. Screening moves it on: accepted (open, a worker named now or later), onto a
team's waiting list, or closed (declined, or information and advice only) with a CLD
event outcome. Every decision leaves a completed activity on the Timeline saying how
the person and the referrer were told.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from caretui.rules import clock
from caretui.rules.consent import ConsentEvent
from caretui.rules.duplicates import NewPerson
from caretui.rules.errors import FormInvalid
from caretui.rules.permissions import Action, Actor, require
from caretui.rules.referrals import (
    SCREENED_STATUS,
    ContactDraft,
    DeclineReason,
    InformMethod,
    Priority,
    ReferralSource,
    ReferralStatus,
    RouteOfAccess,
    ScreeningDecision,
    ScreeningOutcome,
    cld_event_outcome,
    contact_problems,
    screening_problems,
)
from caretui.rules.roles import CASE_HOLDERS
from caretui.rules.transfer import Holder, TransferKind, TransferPlan
from caretui.rules.vocab import ActivityType, CaseStatus, Direction
from caretui.rules.wording import as_member, blank
from caretui.store.db import Store
from caretui.store.errors import DomainError
from caretui.store.models import Case, Person, Referral, Team, User
from caretui.store.ops.activities import case_note, insert_activity
from caretui.store.ops.cases import insert_case, refuse_second_case
from caretui.store.ops.closure import close_case_in
from caretui.store.ops.consent import consent_problems, insert_consent
from caretui.store.ops.people import PERSON_DETAILS, clean_person_fields, insert_person
from caretui.store.ops.transfer import hand_over
from caretui.store.ops.writing import (
    add_record,
    awaits_countersignature,
    case_context,
    check_version,
    get_case,
    get_row,
    name_of,
    record_audit,
    transaction,
)
from caretui.store.queries.lockdown import person_for
from caretui.store.queries.referrals import (
    DuplicateRow,
    duplicates_in,
    likely_waits,
    past_waits,
)


class ContactInvalid(FormInvalid, DomainError):
    """The new contact cannot be saved as it is; ``problems`` maps each field to what it
    needs. Contact fields keep their names (``contact_date``, ``source``, ...), the new
    person's theirs (``first_name``, ``nhs_number``, ...), consent's start ``consent_``."""


class ScreeningInvalid(FormInvalid, DomainError):
    """The screening decision is not complete for its outcome; ``problems`` by field."""


class LikelyDuplicates(DomainError):
    """People on record may be the new person: open theirs, or give a reason to go on."""

    def __init__(self, candidates: list[DuplicateRow]) -> None:
        self.candidates = list(candidates)
        count = len(self.candidates)
        who = "1 person on record" if count == 1 else f"{count} people on record"
        super().__init__(
            f"{who} may be this person. Open the record that is theirs, or say why a new "
            "record is needed (the reason is kept)."
        )


@dataclass(frozen=True)
class ContactRecorded:
    person_id: int
    case_id: int
    referral_id: int


# --- a new contact -----------------------------------------------------------------------------


def _clean_new_person(new_person: dict[str, Any], problems: dict[str, str]) -> dict[str, Any]:
    unknown = set(new_person) - PERSON_DETAILS - {"first_name", "last_name", "date_of_birth"}
    if unknown:
        raise ValueError(f"not person fields: {sorted(unknown)}")
    fields = {"first_name": "", "last_name": "", **new_person}
    try:
        return clean_person_fields(fields)
    except FormInvalid as exc:
        problems.update(exc.problems)
        return {}


def _new_person_typed(clean: dict[str, Any]) -> NewPerson:
    return NewPerson(
        first_name=clean.get("first_name", ""),
        last_name=clean.get("last_name", ""),
        date_of_birth=clean.get("date_of_birth"),
        dob_estimated=bool(clean.get("date_of_birth_estimated")),
        nhs_number=clean.get("nhs_number", ""),
        postcode=clean.get("postcode", ""),
    )


def _the_person(
    session: Session,
    store: Store,
    actor: Actor,
    *,
    person_id: int | None,
    clean: dict[str, Any],
    duplicate_reason: str,
) -> tuple[Person, list[DuplicateRow]]:
    """The existing person (lock-down checked), or the new one after the duplicate check."""
    if person_id is not None:
        person = person_for(session, actor, person_id)
        refuse_second_case(session, person)
        return person, []
    candidates = duplicates_in(session, actor, _new_person_typed(clean))
    if candidates and blank(duplicate_reason):
        raise LikelyDuplicates(candidates)
    fields = dict(clean)
    reason = duplicate_reason.strip() if candidates else ""
    audit_detail = (
        {"duplicate_reason": reason, "likely_duplicates": [c.person_id for c in candidates]}
        if candidates
        else None
    )
    person = insert_person(session, store, actor, audit_detail=audit_detail, **fields)
    return person, candidates


def record_contact(
    store: Store,
    actor: Actor,
    *,
    contact: ContactDraft,
    person_id: int | None = None,
    new_person: dict[str, Any] | None = None,
    duplicate_reason: str = "",
    consent: ConsentEvent | None = None,
) -> ContactRecorded:
    """Record a new contact: the person (found, or new after the duplicate check), their
    referral case awaiting screening on the recorder's team, and consent if given.

    The Care Act clock runs from the date of initial contact. A student's contact awaits
    a countersignature, which the screening decision gives.
    """
    if (person_id is None) == (new_person is None):
        raise ValueError("give exactly one of person_id and new_person")
    now = clock.now()
    problems = contact_problems(contact, now=now)
    clean = _clean_new_person(new_person, problems) if new_person is not None else {}
    with transaction(store) as session:
        require(actor, Action.RECORD_CONTACT)
        if consent is not None:
            wrong = consent_problems(session, person_id, consent)
            problems.update({f"consent_{key}": text for key, text in wrong.items()})
        if problems:
            raise ContactInvalid(problems)
        person, candidates = _the_person(
            session,
            store,
            actor,
            person_id=person_id,
            clean=clean,
            duplicate_reason=duplicate_reason,
        )
        assert person.id is not None and contact.contact_at is not None
        case = _referral_case(session, store, actor, person, contact)
        reason = duplicate_reason.strip() if candidates else ""
        referral = Referral(
            person_id=person.id,
            case_id=case.id,  # type: ignore[arg-type]
            contact_at=contact.contact_at,
            source=_member(ReferralSource, contact.source).value,
            referrer_name=contact.referrer_name.strip(),
            referrer_contact=contact.referrer_contact.strip(),
            route=_member(RouteOfAccess, contact.route).value,
            reason=contact.reason.strip(),
            urgency=_member(Priority, contact.urgency).value,
            duplicate_reason=reason,
            status=ReferralStatus.AWAITING_SCREENING,
            awaiting_countersignature=awaits_countersignature(actor),
            created_at=now,
            created_by_id=actor.id,
            updated_at=now,
            updated_by_id=actor.id,
        )
        referral_id = add_record(
            session,
            store,
            actor,
            referral,
            "referral.create",
            person_id=person.id,
            case_id=case.id,
            detail={
                "contact_at": referral.contact_at,
                "source": referral.source,
                "route": referral.route,
                "urgency": referral.urgency,
                "new_person": person_id is None,
                "duplicate_reason": reason,
                "likely_duplicates": [c.person_id for c in candidates],
            },
        )
        if consent is not None:
            insert_consent(session, store, actor, person.id, consent)
        assert case.id is not None
        return ContactRecorded(person.id, case.id, referral_id)


def _member(kind: Any, value: Any) -> Any:
    member = as_member(kind, value)
    assert member is not None, "contact_problems let an unknown choice through"
    return member


def _referral_case(
    session: Session,
    store: Store,
    actor: Actor,
    person: Person,
    contact: ContactDraft,
) -> Case:
    """The referral's case: awaiting screening on the front door team, the clock running."""
    assert contact.contact_date is not None
    case = Case(
        person_id=person.id,  # type: ignore[arg-type]
        status=CaseStatus.REFERRAL,
        referral_date=contact.contact_date,
        referral_source=_member(ReferralSource, contact.source).label,
        referral_reason=contact.reason.strip(),
        priority=_member(Priority, contact.urgency).label,
        responsible_team_id=actor.team_id,
        responsible_user_id=None,
    )
    return insert_case(session, store, actor, case, note="Referral received")


# --- screening -----------------------------------------------------------------------------------


def _worker(session: Session, user_id: int, team_id: int) -> User:
    """An active member of the team who can hold cases, or the reason not."""
    user = session.get(User, user_id)
    if user is None or user.disabled:
        raise DomainError("The worker chosen no longer has an active account.")
    if user.team_id != team_id:
        team = name_of(session, Team, team_id)
        raise DomainError(f"{user.name} is not in {team}: choose a worker of that team.")
    if user.role not in CASE_HOLDERS:
        raise DomainError(f"{user.name}'s account cannot hold cases: choose a practitioner.")
    return user


_INFORM_WORDS = {
    InformMethod.LETTER: ("letter", ActivityType.LETTER),
    InformMethod.EMAIL: ("email", ActivityType.EMAIL),
    InformMethod.PHONE: ("phone call", ActivityType.PHONE_CALL),
    InformMethod.IN_PERSON: ("told in person", ActivityType.CASE_NOTE),
}

_HEADLINES = {
    ScreeningOutcome.ACCEPT: "Referral accepted",
    ScreeningOutcome.WAITING_LIST: "Placed on the waiting list",
    ScreeningOutcome.DECLINE: "Referral declined",
    ScreeningOutcome.ADVICE_ONLY: "Information and advice given",
}


def _inform_activity(
    session: Session,
    store: Store,
    actor: Actor,
    case: Case,
    referral: Referral,
    outcome: ScreeningOutcome,
    how: InformMethod | None,
    notes: str,
) -> int:
    """The completed activity recording how the person and the referrer were told."""
    whom = "the person" if referral.source == ReferralSource.SELF else "the person and the referrer"
    headline = _HEADLINES[outcome]
    if how is None:
        subject, kind = headline, ActivityType.CASE_NOTE
    else:
        words, kind = _INFORM_WORDS[how]
        joiner = ", " if how is InformMethod.IN_PERSON else " to "
        subject = f"{headline}: {words}{joiner}{whom}"
    contact = "; ".join(x for x in (referral.referrer_name, referral.referrer_contact) if x.strip())
    fields: dict[str, Any] = {"notes": notes, "contact": contact[:200]}
    if kind is not ActivityType.CASE_NOTE:
        fields["direction"] = Direction.OUTGOING.value
    return insert_activity(
        session,
        store,
        actor,
        case,
        kind=kind,
        subject=subject[:200],
        responsible_team_id=case.responsible_team_id,
        responsible_user_id=actor.id,
        completed=True,
        detail={"type": kind.value, "subject": subject[:200], "outcome": outcome.value},
        **fields,
    )


def _decision_notes(session: Session, decision: ScreeningDecision, extra: str = "") -> str:
    lines = []
    if decision.team_id is not None:
        lines.append(f"Team: {name_of(session, Team, decision.team_id)}")
    if decision.worker_id is not None:
        lines.append(f"Worker: {name_of(session, User, decision.worker_id)}")
    reason = as_member(DeclineReason, decision.decline_reason)
    if reason is not None:
        lines.append(f"Reason: {reason.label}")
    for label, text in (
        ("Detail", decision.reason_detail),
        ("Alternative services suggested", decision.alternative_services),
        ("No alternative suggested because", decision.no_alternative_because),
        ("Information and advice given", decision.advice_given),
    ):
        if not blank(text):
            lines.append(f"{label}: {text.strip()}")
    if extra:
        lines.append(extra)
    return "\n".join(lines)


def _referral_for_write(
    session: Session, actor: Actor, referral_id: int, action: Action
) -> tuple[Referral, Case]:
    referral = get_row(session, Referral, referral_id, "referral")
    case = get_case(session, referral.case_id)
    require(actor, action, case_context(session, case))
    person_for(session, actor, case.person_id)
    return referral, case


def screen_referral(
    store: Store,
    actor: Actor,
    referral_id: int,
    decision: ScreeningDecision,
    *,
    expected_version: int,
) -> None:
    """The front door's decision on a referral awaiting screening (issue 12 §5).

    Accept (open the case for a team, a worker now or later), place on a team's waiting
    list, decline, or information and advice only (both close the case with the CLD
    event outcome). ``expected_version`` is the referral's (``ReferralRow.version``).
    """
    problems = screening_problems(decision)
    if problems:
        raise ScreeningInvalid(problems)
    outcome = _member(ScreeningOutcome, decision.outcome)
    how = as_member(InformMethod, decision.informed_how)
    with transaction(store) as session:
        referral, case = _referral_for_write(session, actor, referral_id, Action.SCREEN_REFERRAL)
        check_version(referral, expected_version, "referral", session)
        if referral.status != ReferralStatus.AWAITING_SCREENING:
            status = as_member(ReferralStatus, referral.status)
            raise DomainError(
                f"This referral has already been screened "
                f"({status.label.lower() if status else referral.status})."
            )
        now = clock.now()
        today = now.date()
        extra = ""
        if outcome in (ScreeningOutcome.ACCEPT, ScreeningOutcome.WAITING_LIST):
            assert decision.team_id is not None
            if session.get(Team, decision.team_id) is None:
                raise DomainError("Choose a team that exists.")
            worker = decision.worker_id if outcome is ScreeningOutcome.ACCEPT else None
            if worker is not None:
                _worker(session, worker, decision.team_id)
            note = f"{_HEADLINES[outcome]} by {actor.name}"
            _move(session, actor, case, Holder(decision.team_id, worker), note)
            if outcome is ScreeningOutcome.ACCEPT:
                case.status = CaseStatus.OPEN
                if worker is not None:
                    referral.allocated_at, referral.allocated_by_id = now, actor.id
                else:
                    extra = (
                        "No worker named yet: the case is on no one's Primary Cases until a "
                        "manager of the team allocates it."
                    )
            else:
                priority = _member(Priority, decision.priority)
                case.status = CaseStatus.WAITING
                case.priority = priority.label
                referral.waiting_priority = priority.value
                referral.waiting_since = today
                referral.waiting_team_id = decision.team_id
                phrase = likely_waits(past_waits(session, decision.team_id, today), today)
                extra = f"Priority: {priority.label}. Likely wait: {phrase[priority.value]}."
        else:
            reason = as_member(DeclineReason, decision.decline_reason)
            closure = (
                f"Referral declined: {reason.label}"
                if outcome is ScreeningOutcome.DECLINE and reason
                else "Information and advice only"
            )
            close_case_in(session, actor, case, closure[:80])
            referral.cld_outcome = cld_event_outcome(outcome, decision.decline_reason) or ""
            referral.decline_reason = reason.value if reason else ""
        referral.status = SCREENED_STATUS[outcome]
        referral.outcome = outcome.value
        referral.decided_by_id, referral.decided_at = actor.id, now
        referral.reason_detail = decision.reason_detail.strip()
        referral.alternative_services = decision.alternative_services.strip()
        referral.no_alternative_because = decision.no_alternative_because.strip()
        referral.advice_given = decision.advice_given.strip()
        referral.informed_how = how.value if how else ""
        _countersign_and_bump(referral, actor, now)
        _audit_decision(
            session,
            store,
            actor,
            "referral.screen",
            referral,
            case,
            {
                "outcome": outcome.value,
                "team_id": decision.team_id,
                "worker_id": decision.worker_id,
                "priority": referral.waiting_priority,
                "decline_reason": referral.decline_reason,
                "cld_outcome": referral.cld_outcome,
                "informed_how": referral.informed_how,
            },
        )
        notes = _decision_notes(session, decision, extra)
        _inform_activity(session, store, actor, case, referral, outcome, how, notes)


def _move(session: Session, actor: Actor, case: Case, after: Holder, note: str) -> list[int]:
    before = Holder(case.responsible_team_id, case.responsible_user_id)
    kind = (
        TransferKind.WITHIN_TEAM if after.team_id == before.team_id else TransferKind.ANOTHER_TEAM
    )
    return hand_over(session, actor, case, TransferPlan(kind, before, after), note)


def _audit_decision(
    session: Session,
    store: Store,
    actor: Actor,
    action: str,
    referral: Referral,
    case: Case,
    detail: dict[str, Any],
) -> None:
    """Keep the referral and its case as decided, with the audit entry."""
    session.add(case)
    session.add(referral)
    record_audit(
        session,
        store,
        actor,
        action,
        "referral",
        referral.id,
        person_id=case.person_id,
        case_id=case.id,
        detail=detail,
    )


def _countersign_and_bump(referral: Referral, actor: Actor, now: datetime) -> None:
    """A qualified decision on a student's contact is its countersignature."""
    if referral.awaiting_countersignature and not awaits_countersignature(actor):
        referral.awaiting_countersignature = False
        referral.countersigned_by_id, referral.countersigned_at = actor.id, now
    referral.updated_at, referral.updated_by_id = now, actor.id
    referral.version += 1


# --- allocation ----------------------------------------------------------------------------------


def allocate_from_waiting_list(
    store: Store, actor: Actor, case_id: int, user_id: int, *, expected_version: int
) -> None:
    """A manager of the case's team allocates a worker: the case opens (or, accepted
    without a worker, gets one) and joins the worker's Primary Cases.

    ``expected_version`` is the referral's (``WaitingRow.version``).
    """
    with transaction(store) as session:
        case = get_case(session, case_id)
        require(actor, Action.ALLOCATE_FROM_WAITING_LIST, case_context(session, case))
        person_for(session, actor, case.person_id)
        referral = session.exec(select(Referral).where(Referral.case_id == case_id)).first()
        unallocated = case.status == CaseStatus.OPEN and case.responsible_user_id is None
        if referral is None or not (case.status == CaseStatus.WAITING or unallocated):
            raise DomainError(
                f"Case {case_id} is not waiting for a worker: "
                f"it is {CaseStatus(case.status).label.lower()}."
            )
        check_version(referral, expected_version, "waiting list entry", session)
        worker = _worker(session, user_id, case.responsible_team_id)
        now = clock.now()
        waited = (now.date() - referral.waiting_since).days if referral.waiting_since else None
        _move(
            session,
            actor,
            case,
            Holder(case.responsible_team_id, user_id),
            f"Allocated by {actor.name}",
        )
        case.status = CaseStatus.OPEN
        referral.allocated_at, referral.allocated_by_id = now, actor.id
        if referral.status == ReferralStatus.WAITING:
            referral.status = ReferralStatus.ACCEPTED
        _countersign_and_bump(referral, actor, now)
        _audit_decision(
            session,
            store,
            actor,
            "referral.allocate",
            referral,
            case,
            {"user_id": user_id, "days_waited": waited},
        )
        after = f" after {waited} day{'s' * (waited != 1)} on the waiting list" if waited else ""
        case_note(
            session,
            store,
            actor,
            case,
            f"Allocated to {worker.name}{after}",
            f"{actor.name} allocated the case to {worker.name}{after}.",
        )
