"""The front door in the sandbox (issue 12): writes ``front_door_cast``'s contacts as rows.

Each contact becomes what the store's own ops (``store.ops.referrals``) leave behind: the
person, a case in the status its screening reached (awaiting screening, waiting list,
open, closed), its referral row, the consent history, the assignment chain with the
Responsible Team and Allocated Worker involvements, and the Timeline entries that tell
the person and the referrer the decision. Like the rest of the sandbox the rows are
written directly, with no audit entry of their own (the build's entry covers the store).

Every story is checked against the pure rules the ops apply (``contact_problems``,
``screening_problems``, ``consent_event_problems``) as the sandbox is built, so a story the
program would refuse fails the build instead of puzzling a trainer. It runs after the
rest of the demo with its own random source, so the demo's other people and records come
out exactly as they did before the front door existed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from random import Random

from caretui.rules.consent import ConsentEvent, consent_event_problems
from caretui.rules.names import name_key
from caretui.rules.referrals import (
    ContactDraft,
    InformMethod,
    ReferralSource,
    ScreeningDecision,
    ScreeningOutcome,
    cld_event_outcome,
    contact_problems,
    screening_problems,
)
from caretui.rules.transfer import ALLOCATED_WORKER, RESPONSIBLE_TEAM
from caretui.rules.vocab import CaseStatus
from caretui.rules.waiting import PastWait, estimate_wait
from caretui.rules.wording import plural
from caretui.sandbox.demo_cast import FRONT_DOOR
from caretui.sandbox.front_door_cast import CONTACTS, FRONT_DOOR_WORKER, QUEUE, Contact, Screening
from caretui.sandbox.people import NhsNumbers, PeopleMaker
from caretui.sandbox.records import CaseFacts
from caretui.sandbox.rows import RowBuffer
from caretui.sandbox.staff import TeamStaff, Worker

_SEED = 1212  # issue 12
_OFFICE_HOURS = (time(8, 30), time(17, 30))

# How the person and the referrer were told: the activity's words and type (as the ops).
_TOLD = {
    InformMethod.LETTER: ("letter to", "letter"),
    InformMethod.EMAIL: ("email to", "email"),
    InformMethod.PHONE: ("phone call to", "phone_call"),
    InformMethod.IN_PERSON: ("told in person,", "case_note"),
}
_HEADLINES = {
    ScreeningOutcome.ACCEPT: "Referral accepted",
    ScreeningOutcome.WAITING_LIST: "Placed on the waiting list",
    ScreeningOutcome.DECLINE: "Referral declined",
    ScreeningOutcome.ADVICE_ONLY: "Information and advice given",
}
_REFERRAL_STATUS = {
    ScreeningOutcome.ACCEPT: "accepted",
    ScreeningOutcome.WAITING_LIST: "waiting",
    ScreeningOutcome.DECLINE: "declined",
    ScreeningOutcome.ADVICE_ONLY: "advice_only",
}


@dataclass
class FrontDoorResult:
    """Ids of what the front door wrote, by the person's name (for the build and tests)."""

    people: dict[str, int] = field(default_factory=dict)
    cases: dict[str, int] = field(default_factory=dict)
    referrals: dict[str, int] = field(default_factory=dict)


class StoryRefused(ValueError):
    """A front-door story breaks a rule the program itself enforces."""


def build_front_door(
    sink: RowBuffer,
    today: date,
    nhs: NhsNumbers,
    users: dict[str, Worker],
    teams: dict[str, TeamStaff],
) -> FrontDoorResult:
    """Write every contact of ``front_door_cast``, then the front door's team queue."""
    writer = _FrontDoorWriter(sink, Random(_SEED), today, nhs, users, teams)
    result = FrontDoorResult()
    for contact in CONTACTS:
        facts, referral_id = writer.write(contact)
        name = contact.person.name
        result.people[name] = facts.person_id
        result.cases[name] = facts.case_id
        result.referrals[name] = referral_id
    writer.queue()
    return result


def past_waits(today: date) -> list[PastWait]:
    """The cast's finished waits (joined a list, then allocated), for the likely waits."""
    waits = []
    for contact in CONTACTS:
        screening = contact.screening
        if screening and screening.allocated and screening.priority:
            joined = today - timedelta(days=screening.days_ago)
            allocated = today - timedelta(days=screening.allocated[0])
            waits.append(PastWait(joined, allocated, screening.priority))
    return waits


def _refuse_if(problems: dict[str, str], what: str, name: str) -> None:
    if problems:
        raise StoryRefused(f"The front door's story of {name}: the {what} breaks {problems}")


@dataclass
class _Moments:
    """When a contact happened, was recorded, screened and allocated, and by whom."""

    contact_day: date
    contact_at: datetime
    recorded: datetime
    recorder: Worker
    team: TeamStaff  # responsible now
    decided_at: datetime | None = None
    decider: Worker | None = None
    worker: Worker | None = None  # responsible now
    allocated_at: datetime | None = None
    allocator: Worker | None = None

    @property
    def last(self) -> tuple[datetime, Worker]:
        """The last change and who made it."""
        if self.allocated_at and self.allocator:
            return self.allocated_at, self.allocator
        if self.decided_at and self.decider:
            return self.decided_at, self.decider
        return self.recorded, self.recorder

    @property
    def version(self) -> int:
        return 1 + (self.decided_at is not None) + (self.allocated_at is not None)


class _FrontDoorWriter(PeopleMaker):
    def __init__(
        self,
        sink: RowBuffer,
        rng: Random,
        today: date,
        nhs: NhsNumbers,
        users: dict[str, Worker],
        teams: dict[str, TeamStaff],
    ) -> None:
        super().__init__(sink, rng, today, nhs)
        self.users = users
        self.teams = teams
        self.front = teams[FRONT_DOOR]
        self.waits = past_waits(today)
        self.written: dict[str, tuple[CaseFacts, _Moments]] = {}

    def ago(self, days: int) -> date:
        return self.today - timedelta(days=days)

    def after(self, day: date, moment: datetime, minutes: int = 20) -> datetime:
        """An office-hours time on ``day``, but not before ``moment`` plus ``minutes``."""
        return max(self.at(day), moment + timedelta(minutes=minutes))

    # -- one contact, in the order the ops would have written it --

    def write(self, contact: Contact) -> tuple[CaseFacts, int]:
        when = self._moments(contact)
        person_id = self._person(contact, when)
        if contact.person.relative:
            relationship, relative = contact.person.relative
            self.contact(person_id, relationship, relative, on=when.contact_day)
        facts = self._case(contact, when, person_id)
        referral_id = self._referral(contact, when, facts)
        self._consent(contact, person_id, when.recorded)
        self._holders(contact, when, facts.case_id)
        if contact.screening is not None:
            self._tell_the_decision(contact, contact.screening, when, facts)
        if when.allocated_at and when.allocator and when.worker:
            joined = when.decided_at.date() if when.decided_at else when.contact_day
            waited = (when.allocated_at.date() - joined).days
            words = f"{when.worker.name} after {plural(waited, 'day')} on the waiting list"
            self.activity(
                facts, "case_note", f"Allocated to {words}", when=when.allocated_at,
                team_id=when.allocator.team_id, user_id=when.allocator.id,
                author_id=when.allocator.id, done=True,
                notes=f"{when.allocator.name} allocated the case to {words}.",
            )  # fmt: skip
        for days, login, kind, subject in contact.notes:
            self._note(facts, when, self.users[login], days, kind, subject)
        self.written[contact.person.name] = (facts, when)
        return facts, referral_id

    def _moments(self, contact: Contact) -> _Moments:
        """When everything happened, checked against the rules the ops apply."""
        name = contact.person.name
        day = self.ago(contact.days_ago)
        clock_time = time.fromisoformat(contact.time)
        draft = ContactDraft(
            day,
            clock_time,
            contact.source,
            contact.referrer,
            contact.referrer_contact,
            contact.route,
            contact.reason,
            contact.urgency,
        )
        _refuse_if(
            contact_problems(draft, now=datetime.combine(self.today, time())), "contact", name
        )
        contact_at = datetime.combine(day, clock_time)
        opens, closes = _OFFICE_HOURS
        if opens <= clock_time <= closes:
            recorded = contact_at + timedelta(minutes=10)
        else:  # out of hours: the front door records it the next morning
            recorded = self.at(day + timedelta(days=1), 8 * 60 + 30, 10 * 60)
        recorder = self.users[FRONT_DOOR_WORKER]
        when = _Moments(day, contact_at, recorded, recorder, self.front)
        screening = contact.screening
        if screening is None:
            return when
        when.decider = self.users[screening.by]
        when.decided_at = self.after(self.ago(screening.days_ago), recorded)
        if not screening.outcome.closes_referral:
            when.team = self.teams[screening.team]
        if screening.worker:
            when.worker = self.users[screening.worker]
        decision = ScreeningDecision(
            outcome=screening.outcome,
            team_id=when.team.id,
            worker_id=when.worker.id if when.worker else None,
            priority=screening.priority,
            decline_reason=screening.decline_reason,
            reason_detail=screening.detail,
            alternative_services=screening.alternatives,
            advice_given=screening.advice,
            informed_how=screening.informed,
        )
        _refuse_if(screening_problems(decision), "screening decision", name)
        if screening.allocated:
            days, login, by = screening.allocated
            when.worker, when.allocator = self.users[login], self.users[by]
            when.allocated_at = self.after(self.ago(days), when.decided_at)
        return when

    def _person(self, contact: Contact, when: _Moments) -> int:
        person = contact.person
        if person.birthday:
            month, day = person.birthday
            born = date(self.today.year - person.age, month, day)
        else:
            born = self.born(person.age)
        return self.sink.add(
            "person",
            {
                "title": person.title,
                "first_name": person.first,
                "last_name": person.last,
                "first_name_key": name_key(person.first),
                "last_name_key": name_key(person.last),
                "date_of_birth": born,
                "gender": person.gender,
                "ethnicity": person.ethnicity,
                "nhs_number": self.nhs.next(),
                "address_line1": person.address1,
                "address_line2": person.address2,
                "town": person.town,
                "postcode": person.postcode,
                "phone": self.phone(),
                "primary_service_user_group": person.group,
                "employment_status": person.employment,
                "date_of_birth_estimated": False,
                "main_language": person.main_language,
                "interpreter_needed": person.interpreter,
                "communication_needs": person.communication,
                "accommodation_status": person.accommodation,
                "has_unpaid_carer": person.unpaid_carer,
                "primary_support_reason": person.support_reason,
                "created_at": when.recorded,
                "updated_at": when.recorded,
                "updated_by_id": when.recorder.id,
            },
        )

    def _case(self, contact: Contact, when: _Moments, person_id: int) -> CaseFacts:
        screening = contact.screening
        status = _case_status(screening, allocated=when.allocated_at is not None)
        closed = status is CaseStatus.CLOSED and when.decided_at is not None
        priority = screening.priority if screening and screening.priority else contact.urgency
        completed_on = None  # the Care Act assessment, some days after a worker took it on
        if when.allocated_at and (self.today - when.allocated_at.date()).days >= 20:
            completed_on = when.allocated_at.date() + timedelta(days=10)
        last, last_by = when.last
        case_id = self.sink.add(
            "case_record",
            {
                "person_id": person_id,
                "status": status,
                "referral_date": when.contact_day,
                "referral_source": contact.source.label,
                "referral_reason": contact.reason,
                "priority": priority.label,
                "responsible_user_id": when.worker.id if when.worker else None,
                "responsible_team_id": when.team.id,
                "assessment_completed_on": completed_on,
                "closure_reason": _closure_reason(screening) if closed else "",
                "closed_on": when.decided_at.date() if closed and when.decided_at else None,
                "created_at": when.recorded,
                "created_by_id": when.recorder.id,
                "updated_at": last,
                "updated_by_id": last_by.id,
                "version": when.version,
            },
        )
        person = contact.person
        return CaseFacts(
            person_id=person_id,
            case_id=case_id,
            team_id=when.team.id,
            worker_id=when.worker.id if when.worker else None,
            referral_date=when.contact_day,
            allocated_on=(when.allocated_at or when.decided_at or when.recorded).date(),
            first=person.first,
            last=person.last,
            name=person.name,
            scenario="front_door",
            ctx={"first": person.first, "name": f"{person.title} {person.last}".strip()},
        )

    def _referral(self, contact: Contact, when: _Moments, facts: CaseFacts) -> int:
        screening = contact.screening
        outcome = screening.outcome if screening else None
        waiting = outcome is ScreeningOutcome.WAITING_LIST and when.decided_at is not None
        row = {
            "person_id": facts.person_id,
            "case_id": facts.case_id,
            "contact_at": when.contact_at,
            "source": contact.source.value,
            "referrer_name": contact.referrer,
            "referrer_contact": contact.referrer_contact,
            "route": contact.route.value,
            "reason": contact.reason,
            "urgency": contact.urgency.value,
            "duplicate_reason": contact.duplicate_reason,
            "status": "awaiting_screening",
            "awaiting_countersignature": False,
            "created_at": when.recorded,
            "created_by_id": when.recorder.id,
            "updated_at": when.last[0],
            "updated_by_id": when.last[1].id,
            "version": when.version,
        }
        if screening is not None and outcome is not None and when.decider and when.decided_at:
            allocated = when.allocated_at is not None
            row |= {
                "status": "accepted" if allocated else _REFERRAL_STATUS[outcome],
                "outcome": outcome.value,
                "decided_by_id": when.decider.id,
                "decided_at": when.decided_at,
                "decline_reason": screening.decline_reason.value
                if screening.decline_reason
                else "",
                "reason_detail": screening.detail,
                "alternative_services": screening.alternatives,
                "advice_given": screening.advice,
                "informed_how": screening.informed.value,
                "cld_outcome": cld_event_outcome(outcome, screening.decline_reason) or "",
                "waiting_priority": screening.priority.value if screening.priority else "",
                "waiting_since": when.decided_at.date() if waiting else None,
                "waiting_team_id": when.team.id if waiting else None,
            }
            if outcome is ScreeningOutcome.ACCEPT and when.worker:
                row |= {"allocated_at": when.decided_at, "allocated_by_id": when.decider.id}
            if when.allocated_at and when.allocator:
                row |= {"allocated_at": when.allocated_at, "allocated_by_id": when.allocator.id}
        return self.sink.add("referral", row)

    def _consent(self, contact: Contact, person_id: int, recorded: datetime) -> None:
        history: list[ConsentEvent] = []
        for entry in contact.consent:
            by = self.users[entry.by]
            on = self.ago(entry.days_ago)
            name, relationship = entry.representative
            event = ConsentEvent(
                kind=entry.kind,
                on=on,
                by=by.name,
                nature=entry.nature,
                representative_name=name,
                representative_relationship=relationship,
                to_share_information=entry.to_share_information,
                lawful_basis=entry.lawful_basis,
                justification=entry.justification,
                reason=entry.reason,
            )
            problems = consent_event_problems(event, today=self.today, history=history)
            _refuse_if(problems, "consent entry", contact.person.name)
            history.append(event)
            self.sink.add(
                "consent_event",
                {
                    "person_id": person_id,
                    "kind": entry.kind.value,
                    "on": on,
                    "by_id": by.id,
                    "by_name": by.name,
                    "nature": entry.nature.value if entry.nature else "",
                    "representative_name": name,
                    "representative_relationship": relationship,
                    "to_share_information": entry.to_share_information,
                    "lawful_basis": entry.lawful_basis.value if entry.lawful_basis else "",
                    "justification": entry.justification,
                    "reason": entry.reason,
                    "created_at": self.after(on, recorded, 5),
                    "created_by_id": by.id,
                },
            )

    def _holders(self, contact: Contact, when: _Moments, case_id: int) -> None:
        """The assignment chain and its involvements, as ``hand_over`` and ``close_case_in``
        leave them: the front door, then a waiting list or the accepting team, then the
        worker. A closed referral's assignment and involvement end with the decision."""
        screening = contact.screening
        front, recorder = self.front.id, when.recorder
        decided_at, decider = when.decided_at, when.decider
        if screening is None or decided_at is None or decider is None:
            self.assignment(
                case_id, front, None, when.recorded, None, recorder.id, "Referral received"
            )
            self.involvement(
                case_id, None, front, RESPONSIBLE_TEAM, when.contact_day, None, recorder.id
            )
            return
        self.assignment(
            case_id, front, None, when.recorded, decided_at, recorder.id, "Referral received"
        )
        self.involvement(
            case_id, None, front, RESPONSIBLE_TEAM, when.contact_day, decided_at.date(), recorder.id
        )
        if screening.outcome.closes_referral:
            return
        team = when.team.id
        moved = f"{_HEADLINES[screening.outcome]} by {decider.name}"
        first = None if screening.allocated else when.worker
        ends = when.allocated_at
        self.assignment(
            case_id, team, first.id if first else None, decided_at, ends, decider.id, moved
        )
        role, user = (ALLOCATED_WORKER, first.id) if first else (RESPONSIBLE_TEAM, None)
        ended = ends.date() if ends else None
        self.involvement(case_id, user, team, role, decided_at.date(), ended, decider.id)
        if when.allocated_at and when.allocator and when.worker:
            by, worker = when.allocator, when.worker
            note = f"Allocated by {by.name}"
            self.assignment(case_id, team, worker.id, when.allocated_at, None, by.id, note)
            start = when.allocated_at.date()
            self.involvement(case_id, worker.id, team, ALLOCATED_WORKER, start, None, by.id)

    def _tell_the_decision(
        self, contact: Contact, screening: Screening, when: _Moments, facts: CaseFacts
    ) -> None:
        """The completed Letter, Email or Phone Call that told the person and the referrer.

        It is the decider's entry, so it sits on the decider's team (the front door)."""
        decider, decided_at = when.decider, when.decided_at
        assert decider is not None and decided_at is not None
        whom = (
            "the person" if contact.source is ReferralSource.SELF else "the person and the referrer"
        )
        words, kind = _TOLD[screening.informed]
        lines = []
        if not screening.outcome.closes_referral:
            lines.append(f"Team: {when.team.name}")
        if screening.outcome is ScreeningOutcome.ACCEPT and when.worker:
            lines.append(f"Worker: {when.worker.name}")
        if screening.decline_reason:
            lines.append(f"Reason: {screening.decline_reason.label}")
        for label, text in (
            ("Detail", screening.detail),
            ("Alternative services suggested", screening.alternatives),
            ("Information and advice given", screening.advice),
        ):
            if text:
                lines.append(f"{label}: {text}")
        if screening.priority:
            likely = estimate_wait(self.waits, screening.priority, today=decided_at.date())
            lines.append(f"Priority: {screening.priority.label}. Likely wait: {likely.phrase}.")
        told = "; ".join(x for x in (contact.referrer, contact.referrer_contact) if x)
        self.activity(
            facts, kind, f"{_HEADLINES[screening.outcome]}: {words} {whom}", when=decided_at,
            team_id=decider.team_id, user_id=decider.id, author_id=decider.id, done=True,
            notes="\n".join(lines), contact=told or contact.person.name,
            direction="" if kind == "case_note" else "outgoing",
        )  # fmt: skip

    def _note(
        self, facts: CaseFacts, when: _Moments, user: Worker, days: int, kind: str, subject: str
    ) -> None:
        """A completed entry of the story (a call about consent, a first visit)."""
        calls = kind == "phone_call"
        self.activity(
            facts, kind, subject, when=self.after(self.ago(days), when.recorded),
            team_id=user.team_id, user_id=user.id, author_id=user.id, done=True,
            direction=("incoming" if " from " in subject else "outgoing") if calls else "",
            contact=facts.name if calls else "",
        )  # fmt: skip

    # -- the front door's own queue --

    def queue(self) -> None:
        """Open tasks on the front door's Team Activities for referrals not yet screened."""
        member = self.front.any_member()
        assert member is not None
        for name, subject, due_in in QUEUE:
            facts, when = self.written[name]
            self.activity(
                facts, "task", subject, when=when.recorded + timedelta(minutes=30),
                team_id=self.front.id, user_id=None, author_id=member.id, done=False,
                due=self.today + timedelta(days=due_in),
            )  # fmt: skip


def _case_status(screening: Screening | None, *, allocated: bool) -> CaseStatus:
    if screening is None:
        return CaseStatus.REFERRAL
    if screening.outcome is ScreeningOutcome.WAITING_LIST:
        return CaseStatus.OPEN if allocated else CaseStatus.WAITING
    if screening.outcome is ScreeningOutcome.ACCEPT:
        return CaseStatus.OPEN
    return CaseStatus.CLOSED


def _closure_reason(screening: Screening | None) -> str:
    if screening is not None and screening.decline_reason is not None:
        return f"Referral declined: {screening.decline_reason.label}"[:80]
    return "Information and advice only"
