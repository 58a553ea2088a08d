"""The front door (issue 12) in the store, on SQLite and PostgreSQL: a new contact, the
duplicate check, screening, the waiting list, allocation and consent."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from sqlmodel import col, select

from caretui.rules import clock
from caretui.rules.consent import ConsentEvent
from caretui.rules.duplicates import NewPerson
from caretui.rules.permissions import Actor
from caretui.rules.referrals import (
    INFORMATION_AND_ADVICE,
    ContactDraft,
    ScreeningDecision,
)
from caretui.rules.vocab import CaseStatus
from caretui.store import audit
from caretui.store.db import Store
from caretui.store.errors import DomainError, StaleRecord
from caretui.store.models import AuditEntry, Person, Referral
from caretui.store.ops.consent import ConsentInvalid, record_consent
from caretui.store.ops.people import restrict_person
from caretui.store.ops.referrals import (
    ContactInvalid,
    LikelyDuplicates,
    ScreeningInvalid,
    allocate_from_waiting_list,
    record_contact,
    screen_referral,
)
from caretui.store.queries import case_record, case_timeline, consent, referrals, search, worklists
from tests.factories import World, make_world

CONTACT_DAY = date(2026, 11, 20)  # four days before the tests' pinned today (conftest)


@pytest.fixture
def world(store: Store) -> World:
    return make_world(store)


def draft(**changes: object) -> ContactDraft:
    values: dict[str, object] = {
        "contact_date": CONTACT_DAY,
        "contact_time": time(14, 30),
        "source": "gp",
        "referrer_name": "Dr Amina Shah",
        "referrer_contact": "01924 543210",
        "route": "Community/Other route",
        "reason": "Two falls this month; lives alone.",
        "urgency": "normal",
    }
    values.update(changes)
    return ContactDraft(**values)  # type: ignore[arg-type]


def given(by: Actor, on: date = CONTACT_DAY, **changes: object) -> ConsentEvent:
    values: dict[str, object] = {"kind": "given", "on": on, "by": by.name, "nature": "spoken"}
    values.update(changes)
    return ConsentEvent(**values)  # type: ignore[arg-type]


def new_contact(
    w: World, first: str = "Iris", last: str = "Moss", on: date = CONTACT_DAY, **person: object
) -> int:
    """A contact for a new person by the practitioner; returns the referral."""
    return record_contact(
        w.store,
        w.practitioner,
        contact=draft(contact_date=on),
        new_person={"first_name": first, "last_name": last, **person},
    ).referral_id


def referral_row(w: World, referral_id: int) -> Referral:
    with w.store.read() as session:
        row = session.get(Referral, referral_id)
        assert row is not None
        return row


def audit_entries(store: Store, action: str) -> list[AuditEntry]:
    with store.read() as session:
        return list(
            session.exec(
                select(AuditEntry).where(AuditEntry.action == action).order_by(col(AuditEntry.id))
            ).all()
        )


def chain_ok(store: Store) -> None:
    with store.read() as session:
        report = audit.verify(session)
    assert report.ok, report


# --- a new contact ---------------------------------------------------------------------------


def test_a_contact_for_a_new_person_with_consent_opens_a_referral_case(world: World) -> None:
    w = world
    done = record_contact(
        w.store,
        w.practitioner,
        contact=draft(),
        new_person={
            "first_name": " Iris ",
            "last_name": "Moss",
            "date_of_birth": date(1941, 5, 2),
            "nhs_number": "943 476 5919",
            "postcode": "wf2 6aw",
            "main_language": "Polish",
            "interpreter_needed": True,
            "has_unpaid_carer": "Yes",
        },
        consent=given(w.practitioner),
    )
    detail = case_record.case_detail(w.store, w.practitioner, done.case_id)
    assert detail.status is CaseStatus.REFERRAL and detail.status.label == "Awaiting screening"
    assert detail.referral_date == CONTACT_DAY
    assert detail.assessment.due == CONTACT_DAY + timedelta(days=28)
    assert detail.responsible_team_id == w.north and detail.responsible_user_id is None
    assert (detail.referral_source, detail.priority) == ("GP", "Normal")
    assert detail.banner.consent == "Consent: spoken, confirmed 20 Nov 2026"
    with w.store.read() as session:
        person = session.get(Person, done.person_id)
        assert person is not None
        assert (person.first_name, person.nhs_number, person.postcode) == (
            "Iris",
            "9434765919",
            "WF2 6AW",
        )
        assert person.interpreter_needed and person.main_language == "Polish"
    ref = referrals.referral_for_case(w.store, w.colleague, done.case_id)
    assert ref is not None
    assert ref.contact_at.hour == 14 and ref.source_label == "GP"
    assert ref.status_label == "Awaiting screening" and ref.recorded_by == "Priya Sharma"
    assert ref.consent.startswith("Consent: spoken")
    # The referral is not anyone's work yet, but the person is found with their case.
    assert done.case_id not in [r.case_id for r in worklists.primary_cases(w.store, w.practitioner)]
    hit = search.search_people(w.store, w.colleague, "iris moss").hits[0]
    assert hit.case_id == done.case_id and "(Awaiting screening)" in hit.case
    to_screen = referrals.referrals_to_screen(w.store, w.manager, today=clock.today())
    assert [r.referral_id for r in to_screen] == [done.referral_id]
    assert to_screen[0].days_since_contact == 4 and to_screen[0].care_act.days_left == 24
    assert referrals.referrals_to_screen(w.store, w.south_manager) == []
    for action in ("person.create", "case.create", "referral.create", "consent.create"):
        assert audit_entries(w.store, action)[-1].person_id == done.person_id
    chain_ok(w.store)


def test_a_contact_for_someone_on_record(world: World) -> None:
    w = world
    other = record_contact(
        w.store,
        w.cso,
        contact=draft(source="self", referrer_name="", referrer_contact=""),
        new_person={"first_name": "Alf", "last_name": "Mann"},
    )
    with pytest.raises(DomainError, match="already has a current case"):
        record_contact(w.store, w.cso, contact=draft(), person_id=other.person_id)
    # Jonathan Patel has an open case: the new referral goes on that case.
    with pytest.raises(DomainError, match="already has an open case"):
        record_contact(w.store, w.practitioner, contact=draft(), person_id=w.person)


def test_a_students_contact_awaits_the_screeners_countersignature(world: World) -> None:
    w = world
    done = record_contact(
        w.store, w.student, contact=draft(), new_person={"first_name": "Ida", "last_name": "Vale"}
    )
    row = referrals.referrals_to_screen(w.store, w.manager)[0]
    assert row.awaiting_countersignature
    decision = ScreeningDecision("accept", team_id=w.north, worker_id=w.colleague.id)
    screen_referral(w.store, w.manager, done.referral_id, decision, expected_version=row.version)
    detail = referrals.referral_for_case(w.store, w.manager, done.case_id)
    assert detail is not None
    assert not detail.awaiting_countersignature and detail.countersigned_by == "Helen Clarke"


def test_what_a_contact_still_needs_is_said_by_field(world: World) -> None:
    w = world
    with pytest.raises(ContactInvalid) as caught:
        record_contact(
            w.store,
            w.practitioner,
            contact=draft(contact_time=None, source="gp", referrer_name="", urgency=""),
            new_person={"first_name": "Iris", "last_name": "", "nhs_number": "943 476 5918"},
            consent=ConsentEvent("given", CONTACT_DAY, by="", nature=None),
        )
    assert set(caught.value.problems) == {
        "contact_time",
        "referrer_name",
        "urgency",
        "last_name",
        "nhs_number",
        "consent_by",
        "consent_nature",
    }
    with pytest.raises(ContactInvalid) as future:
        record_contact(
            w.store,
            w.practitioner,
            contact=draft(contact_date=clock.today() + timedelta(days=1)),
            new_person={"first_name": "Iris", "last_name": "Moss", "postcode": "WF1"},
        )
    assert set(future.value.problems) == {"contact_date", "postcode"}
    with pytest.raises(ValueError):
        record_contact(w.store, w.practitioner, contact=draft())
    with pytest.raises(ValueError):
        record_contact(
            w.store, w.practitioner, contact=draft(), new_person={"first_name": "A", "shoe": 9}
        )
    assert audit_entries(w.store, "referral.create") == []


# --- find before you create ------------------------------------------------------------------


def test_a_likely_duplicate_is_refused_without_a_reason_and_kept_with_one(world: World) -> None:
    w = world
    jon = {"first_name": "Jon", "last_name": "Patel", "date_of_birth": date(1948, 3, 12)}
    with pytest.raises(LikelyDuplicates) as caught:
        record_contact(w.store, w.practitioner, contact=draft(), new_person=jon)
    [candidate] = caught.value.candidates
    assert candidate.person_id == w.person and candidate.name == "Jonathan Patel"
    assert candidate.because == "Same date of birth (12 Mar 1948) and a similar name."
    assert audit_entries(w.store, "referral.create") == []
    reason = "Different person: the GP confirmed another Jon Patel at this address."
    done = record_contact(
        w.store, w.practitioner, contact=draft(), new_person=jon, duplicate_reason=reason
    )
    assert done.person_id != w.person
    assert referral_row(w, done.referral_id).duplicate_reason == reason
    [created] = [
        e for e in audit_entries(w.store, "person.create") if e.entity_id == done.person_id
    ]
    assert created.detail["duplicate_reason"] == reason
    assert created.detail["likely_duplicates"] == [w.person]
    assert audit_entries(w.store, "referral.create")[-1].detail["duplicate_reason"] == reason
    chain_ok(w.store)


def test_duplicates_by_nhs_number_surname_and_postcode_and_estimated_year(world: World) -> None:
    w = world
    new_contact(w, "Ada", "Holt", nhs_number="9434765919", postcode="WF2 6AW")
    new_contact(w, "Bea", "Smyth-Jones", date_of_birth=date(1950, 7, 1))
    find = referrals.duplicate_candidates
    by_nhs = find(w.store, w.colleague, NewPerson("Zed", "Other", nhs_number="943-476-5919"))
    assert [c.name for c in by_nhs] == ["Ada Holt"]
    assert by_nhs[0].because.startswith("Same NHS number (943 476 5919)")
    by_address = find(w.store, w.colleague, NewPerson("Arthur", "Holt", postcode="wf26aw"))
    assert [c.name for c in by_address] == ["Ada Holt"]
    estimated = NewPerson("B", "Jones", date_of_birth=date(1950, 1, 1), dob_estimated=True)
    assert [c.name for c in find(w.store, w.colleague, estimated)] == ["Bea Smyth-Jones"]
    assert find(w.store, w.colleague, NewPerson("Ada", "Holt")) == []  # nothing to look up


def test_a_restricted_duplicate_shows_only_whom_to_ask(world: World) -> None:
    w = world
    restrict_person(w.store, w.sysadmin, w.person, [w.practitioner.id])
    patel = NewPerson("Jonathan", "Patel", date_of_birth=date(1948, 3, 12), postcode="WF1 2AB")
    [masked] = referrals.duplicate_candidates(w.store, w.colleague, patel)
    assert masked.restricted and masked.name == "Restricted record"
    assert (masked.date_of_birth, masked.address, masked.nhs_number, masked.postcode) == (
        None,
        "",
        "",
        "",
    )
    assert "Chris Morgan" in masked.whom_to_ask
    [named] = referrals.duplicate_candidates(w.store, w.practitioner, patel)
    assert not named.restricted and named.name == "Jonathan Patel"
    with pytest.raises(LikelyDuplicates) as caught:
        record_contact(
            w.store,
            w.colleague,
            contact=draft(),
            new_person={"first_name": "Jonathan", "last_name": "Patel", "postcode": "WF1 2AB"},
        )
    assert caught.value.candidates[0].name == "Restricted record"


# --- screening -------------------------------------------------------------------------------


def screen(w: World, referral_id: int, decision: ScreeningDecision, actor: Actor | None = None):  # type: ignore[no-untyped-def]
    version = referral_row(w, referral_id).version
    screen_referral(w.store, actor or w.manager, referral_id, decision, expected_version=version)
    return referral_row(w, referral_id)


def latest_on_timeline(w: World, case_id: int) -> case_timeline.TimelineRow:
    return case_timeline.timeline(w.store, w.manager, case_id)[0]


def test_accept_with_a_worker_puts_the_case_on_their_primary_cases(world: World) -> None:
    w = world
    referral_id = new_contact(w)
    decision = ScreeningDecision(
        "accept", team_id=w.north, worker_id=w.colleague.id, informed_how="phone"
    )
    row = screen(w, referral_id, decision)
    assert (row.status, row.outcome, row.decided_by_id) == ("accepted", "accept", w.manager.id)
    assert row.allocated_at is not None and row.cld_outcome == ""
    detail = case_record.case_detail(w.store, w.colleague, row.case_id)
    assert detail.status is CaseStatus.OPEN and detail.responsible_user_id == w.colleague.id
    assert detail.assessment.due == CONTACT_DAY + timedelta(days=28)
    assert detail.assignments[0].user == "Daniel Okafor"
    assert row.case_id in [r.case_id for r in worklists.primary_cases(w.store, w.colleague)]
    note = latest_on_timeline(w, row.case_id)
    assert (note.type_label, note.subject) == (
        "Phone Call",
        "Referral accepted: phone call to the person and the referrer",
    )


def test_accept_without_a_worker_waits_for_a_manager_to_allocate(world: World) -> None:
    w = world
    referral_id = new_contact(w)
    row = screen(w, referral_id, ScreeningDecision("accept", team_id=w.north), w.practitioner)
    detail = case_record.case_detail(w.store, w.manager, row.case_id)
    assert detail.status is CaseStatus.OPEN and detail.responsible_user_id is None
    note = latest_on_timeline(w, row.case_id)
    assert note.type_label == "Case Note" and note.subject == "Referral accepted"
    allocate_from_waiting_list(
        w.store, w.manager, row.case_id, w.practitioner.id, expected_version=row.version
    )
    assert row.case_id in [r.case_id for r in worklists.primary_cases(w.store, w.practitioner)]


def test_the_waiting_list_and_allocation_from_it(world: World) -> None:
    w = world
    referral_id = new_contact(w)
    decision = ScreeningDecision(
        "waiting_list", team_id=w.south, priority="urgent", informed_how="letter"
    )
    row = screen(w, referral_id, decision, w.practitioner)
    assert (row.status, row.waiting_priority, row.waiting_since) == (
        "waiting",
        "urgent",
        clock.today(),
    )
    detail = case_record.case_detail(w.store, w.south_manager, row.case_id)
    assert detail.status is CaseStatus.WAITING and detail.status.label == "Waiting list"
    assert (detail.responsible_team, detail.priority) == ("South", "Urgent")
    note = latest_on_timeline(w, row.case_id)
    assert (note.type_label, note.subject) == (
        "Letter",
        "Placed on the waiting list: letter to the person and the referrer",
    )
    [waiting] = referrals.waiting_list(w.store, w.south_manager)
    assert (waiting.priority_label, waiting.days_waiting) == ("Urgent", 0)
    assert waiting.likely_wait == "no recent waits to go by"
    assert referrals.waiting_counts(w.store)[w.south] == 1
    assert referrals.caseloads(w.store, w.south) == {w.other_team.id: 1, w.south_manager.id: 0}
    with pytest.raises(DomainError, match="not in South"):
        allocate_from_waiting_list(
            w.store, w.south_manager, row.case_id, w.colleague.id, expected_version=row.version
        )
    allocate_from_waiting_list(
        w.store, w.south_manager, row.case_id, w.other_team.id, expected_version=row.version
    )
    assert referrals.waiting_list(w.store, w.south_manager) == []
    mine = worklists.primary_cases(w.store, w.other_team)
    assert row.case_id in [r.case_id for r in mine]
    assert referrals.caseloads(w.store, w.south)[w.other_team.id] == 2
    detail_after = referrals.referral_for_case(w.store, w.other_team, row.case_id)
    assert detail_after is not None and detail_after.allocated_by == "Graham Reid"
    assert latest_on_timeline(w, row.case_id).subject == "Allocated to Megan Walsh"
    with pytest.raises(DomainError, match="not waiting for a worker"):
        allocate_from_waiting_list(
            w.store, w.south_manager, row.case_id, w.other_team.id, expected_version=3
        )


def test_a_decline_closes_the_case_with_its_cld_outcome_and_a_letter(world: World) -> None:
    w = world
    referral_id = new_contact(w)
    decision = ScreeningDecision(
        "decline",
        decline_reason="self_funding",
        alternative_services="Wakefield Care Directory; Age UK's care navigator.",
        informed_how="letter",
    )
    row = screen(w, referral_id, decision, w.practitioner)
    assert (row.status, row.cld_outcome, row.decline_reason) == (
        "declined",
        "NFA - Self-funded client (Inc. 12wk disregard)",
        "self_funding",
    )
    detail = case_record.case_detail(w.store, w.manager, row.case_id)
    assert detail.status is CaseStatus.CLOSED and detail.closed_on == clock.today()
    assert detail.closure_reason == "Referral declined: Self-funding: arranging their own care"
    letter = latest_on_timeline(w, row.case_id)
    assert (letter.type_label, letter.status) == ("Letter", "Completed")
    assert letter.subject == "Referral declined: letter to the person and the referrer"
    ref = referrals.referral_for_case(w.store, w.manager, row.case_id)
    assert ref is not None and ref.alternative_services.startswith("Wakefield Care Directory")
    assert ref.decline_reason_label == "Self-funding: arranging their own care"
    # Closed: the person may be referred again.
    again = record_contact(w.store, w.practitioner, contact=draft(), person_id=row.person_id)
    assert again.case_id != row.case_id


def test_advice_only_closes_with_information_and_advice(world: World) -> None:
    w = world
    referral_id = new_contact(w)
    decision = ScreeningDecision(
        "advice_only", advice_given="Signposted to the falls clinic.", informed_how="in_person"
    )
    row = screen(w, referral_id, decision, w.practitioner)
    assert (row.status, row.cld_outcome) == ("advice_only", INFORMATION_AND_ADVICE)
    detail = case_record.case_detail(w.store, w.manager, row.case_id)
    assert detail.status is CaseStatus.CLOSED
    assert detail.closure_reason == "Information and advice only"
    note = latest_on_timeline(w, row.case_id)
    assert note.type_label == "Case Note"
    assert (
        note.subject == "Information and advice given: told in person, the person and the referrer"
    )


@pytest.mark.parametrize(
    ("decision", "fields"),
    [
        (ScreeningDecision(), {"outcome"}),
        (ScreeningDecision("accept"), {"team_id"}),
        (ScreeningDecision("waiting_list"), {"team_id", "priority", "informed_how"}),
        (
            ScreeningDecision("decline", informed_how="phone"),
            {"decline_reason", "alternative_services", "informed_how"},
        ),
        (
            ScreeningDecision("decline", decline_reason="other", informed_how="email"),
            {"reason_detail", "alternative_services"},
        ),
        (ScreeningDecision("advice_only"), {"advice_given", "informed_how"}),
    ],
)
def test_an_incomplete_decision_is_refused_by_field(
    world: World, decision: ScreeningDecision, fields: set[str]
) -> None:
    w = world
    referral_id = new_contact(w)
    with pytest.raises(ScreeningInvalid) as caught:
        screen_referral(w.store, w.manager, referral_id, decision, expected_version=1)
    assert set(caught.value.problems) == fields
    assert referral_row(w, referral_id).status == "awaiting_screening"


def test_a_worker_outside_the_team_or_a_stale_decision_is_refused(world: World) -> None:
    w = world
    referral_id = new_contact(w)
    outsider = ScreeningDecision("accept", team_id=w.north, worker_id=w.other_team.id)
    with pytest.raises(DomainError, match="not in North"):
        screen_referral(w.store, w.manager, referral_id, outsider, expected_version=1)
    viewer = ScreeningDecision("accept", team_id=w.north, worker_id=w.viewer.id)
    with pytest.raises(DomainError, match="cannot hold cases"):
        screen_referral(w.store, w.manager, referral_id, viewer, expected_version=1)
    # A student works a case under the qualified worker who holds it (standards 6.2).
    student = ScreeningDecision("accept", team_id=w.north, worker_id=w.student.id)
    with pytest.raises(DomainError, match="cannot hold cases"):
        screen_referral(w.store, w.manager, referral_id, student, expected_version=1)
    assert w.student.id not in referrals.caseloads(w.store, w.north)
    accept = ScreeningDecision("accept", team_id=w.north)
    screen_referral(w.store, w.practitioner, referral_id, accept, expected_version=1)
    with pytest.raises(StaleRecord, match="changed by Priya Sharma"):
        screen_referral(w.store, w.manager, referral_id, accept, expected_version=1)
    with pytest.raises(DomainError, match="already been screened"):
        screen_referral(w.store, w.manager, referral_id, accept, expected_version=2)
    case_id = referral_row(w, referral_id).case_id
    with pytest.raises(StaleRecord):
        allocate_from_waiting_list(w.store, w.manager, case_id, w.colleague.id, expected_version=1)


def test_referral_and_waiting_cases_are_screened_not_transferred_or_closed(world: World) -> None:
    from caretui.store.ops.closure import request_closure
    from caretui.store.ops.transfer import transfer_case
    from tests.store.test_permissions_enforced import CLOSURE_SUMMARY

    w = world
    case_id = referral_row(w, new_contact(w)).case_id
    with pytest.raises(DomainError, match="awaiting screening"):
        transfer_case(w.store, w.manager, case_id, kind="within_team", user_id=w.colleague.id)
    with pytest.raises(DomainError, match="screening decision"):
        request_closure(w.store, w.manager, case_id, reason="Needs met", summary=CLOSURE_SUMMARY)


# --- the waiting list's order and likely wait ------------------------------------------------


def on_day(monkeypatch: pytest.MonkeyPatch, day: date) -> None:
    monkeypatch.setenv("CARETUI_TODAY", day.isoformat())


def test_the_waiting_list_order_and_likely_wait(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = world
    start = clock.today()

    def wait(name: str, priority: str, joined: date) -> Referral:
        on_day(monkeypatch, joined)
        referral_id = new_contact(w, name, "Waite", on=joined - timedelta(days=1))
        decision = ScreeningDecision(
            "waiting_list", team_id=w.north, priority=priority, informed_how="email"
        )
        return screen(w, referral_id, decision)

    # Normal waits that ended in the last 90 days: 10, 20 and 31 days -> median 20.
    for n, (joined, waited) in enumerate(((30, 10), (60, 20), (80, 31))):
        row = wait(f"Past{'abc'[n]}", "normal", start - timedelta(days=joined))
        on_day(monkeypatch, start - timedelta(days=joined - waited))
        allocate_from_waiting_list(
            w.store, w.manager, row.case_id, w.colleague.id, expected_version=row.version
        )
    wait("Lena", "low", start - timedelta(days=40))
    wait("Nora", "normal", start - timedelta(days=5))
    wait("Uma", "urgent", start - timedelta(days=1))
    wait("Nell", "normal", start - timedelta(days=12))
    on_day(monkeypatch, start)
    rows = referrals.waiting_list(w.store, w.manager)
    assert [r.person_name for r in rows] == ["Uma Waite", "Nell Waite", "Nora Waite", "Lena Waite"]
    assert [r.days_waiting for r in rows] == [1, 12, 5, 40]
    assert [r.priority_rank for r in rows] == [0, 1, 1, 2]
    assert rows[1].likely_wait == "usually about 3 weeks"
    assert rows[0].likely_wait == rows[3].likely_wait == "no recent waits to go by"
    assert referrals.waiting_list(w.store, w.manager, team_id=w.south) == []
    chain_ok(w.store)


# --- consent ---------------------------------------------------------------------------------


def test_consent_given_withdrawn_and_given_again_with_its_history(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = world
    day = clock.today()
    person = w.person

    def banner() -> str:
        return case_record.person_banner(w.store, w.colleague, person).consent

    assert banner() == ""
    record_consent(
        w.store,
        w.practitioner,
        person,
        given(
            w.practitioner,
            on=day - timedelta(days=20),
            nature="representative",
            representative_name="Sue Patel",
            representative_relationship="daughter, LPA",
        ),
    )
    assert banner() == "Consent: through Sue Patel (daughter, LPA), confirmed 4 Nov 2026"
    record_consent(
        w.store,
        w.practitioner,
        person,
        ConsentEvent("reconfirmed", day - timedelta(days=10), by="Priya Sharma"),
    )
    assert banner() == "Consent: through Sue Patel (daughter, LPA), confirmed 14 Nov 2026"
    record_consent(
        w.store,
        w.colleague,
        person,
        ConsentEvent("withdrawn", day - timedelta(days=5), by="Daniel Okafor", reason="Unhappy"),
    )
    assert banner() == "Consent withdrawn 19 Nov 2026: Unhappy"
    with pytest.raises(ConsentInvalid) as caught:
        record_consent(
            w.store, w.practitioner, person, ConsentEvent("reconfirmed", day, by="Priya Sharma")
        )
    assert "cannot be re-confirmed" in caught.value.problems["kind"]
    with pytest.raises(ConsentInvalid) as earlier:
        record_consent(
            w.store, w.practitioner, person, given(w.practitioner, on=day - timedelta(days=9))
        )
    assert set(earlier.value.problems) == {"on"}
    record_consent(w.store, w.student, person, given(w.student, on=day, nature="written"))
    assert banner() == "Consent: written, confirmed 24 Nov 2026"
    status, history = consent.consent_history(w.store, w.viewer, person)
    assert status.may_proceed and status.last_confirmed == day
    assert [h.kind_label for h in history] == [
        "Consent given",
        "Consent withdrawn",
        "Consent re-confirmed",
        "Consent given",
    ]
    assert history[-1].detail == "through Sue Patel (daughter, LPA)"
    assert history[1].detail == "reason: Unhappy" and history[0].by_name == "Sam Evans"
    assert len(audit_entries(w.store, "consent.create")) == 4
    chain_ok(w.store)


def test_no_consent_needs_its_lawful_basis(world: World) -> None:
    w = world
    day = clock.today()
    with pytest.raises(ConsentInvalid) as caught:
        record_consent(
            w.store,
            w.practitioner,
            w.person,
            ConsentEvent("no_consent", day, by="Priya Sharma", lawful_basis="lacks_capacity"),
        )
    assert set(caught.value.problems) == {
        "justification",
        "best_interests_ref",
        "best_interests_on",
    }
    record_consent(
        w.store,
        w.practitioner,
        w.person,
        ConsentEvent(
            "no_consent",
            day,
            by="Priya Sharma",
            lawful_basis="lacks_capacity",
            justification="Cannot retain information about care options.",
            best_interests_ref="BI-2026-14",
            best_interests_on=day - timedelta(days=2),
        ),
    )
    banner = case_record.person_banner(w.store, w.manager, w.person).consent
    assert (
        banner
        == "No consent: proceeding on a best-interests decision (BI-2026-14) since 24 Nov 2026"
    )
    _status, [row] = consent.consent_history(w.store, w.manager, w.person)
    assert "best-interests decision BI-2026-14 (22 Nov 2026)" in row.detail


def test_a_restricted_persons_consent_and_referral_are_refused_to_others(world: World) -> None:
    from caretui.store.errors import RecordRestricted

    w = world
    restrict_person(w.store, w.sysadmin, w.person, [w.practitioner.id])
    with pytest.raises(RecordRestricted):
        consent.consent_history(w.store, w.colleague, w.person)
    with pytest.raises(RecordRestricted):
        record_consent(w.store, w.colleague, w.person, given(w.colleague))
    with pytest.raises(RecordRestricted):
        record_contact(w.store, w.colleague, contact=draft(), person_id=w.person)
