"""The wizards' writes on SQLite and PostgreSQL: transfer, closure, carers conversation/review."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import select

from caretui.rules import clock
from caretui.rules.carers import CARERS_REVIEW, PURCHASE_SERVICE, a_year_after
from caretui.rules.errors import FormInvalid
from caretui.rules.forms import load_spec
from caretui.rules.permissions import PermissionDenied
from caretui.rules.vocab import ActivityStatus, ActivityType, CaseStatus, ClosureStatus, FormStatus
from caretui.store.errors import DomainError
from caretui.store.models import Activity, AuditEntry, Case, Involvement
from caretui.store.ops.activities import complete_activity, create_activity
from caretui.store.ops.carers import finish_carers_form, start_carers_form
from caretui.store.ops.cases import create_case
from caretui.store.ops.closure import (
    authorise_closure,
    reopen_case,
    request_closure,
    return_closure,
)
from caretui.store.ops.involvements import add_involvement
from caretui.store.ops.people import create_person
from caretui.store.ops.transfer import transfer_case
from caretui.store.queries import carers, case_record, case_timeline, closure, forms, worklists
from tests.factories import World, make_world


@pytest.fixture
def world(store) -> World:  # type: ignore[no-untyped-def]
    return make_world(store)


def _case(w: World, case_id: int | None = None) -> Case:
    with w.store.read() as s:
        case = s.get(Case, case_id or w.case)
        assert case is not None
        return case


def _open_involvements(w: World, case_id: int | None = None) -> list[tuple[int | None, int, str]]:
    with w.store.read() as s:
        rows = s.exec(
            select(Involvement).where(
                Involvement.case_id == (case_id or w.case),
                Involvement.end_date.is_(None),  # type: ignore[union-attr]
            )
        ).all()
        return sorted(((r.user_id, r.team_id, r.role) for r in rows), key=str)


# --- W1 transfer ----------------------------------------------------------------------------------


def test_transfer_within_the_team_moves_the_case_to_the_colleagues_dashboard_at_once(
    world: World,
) -> None:
    summary = transfer_case(
        world.store,
        world.practitioner,
        world.case,
        kind="within_team",
        user_id=world.colleague.id,
        reason="Priya is going on leave.",
    )
    assert "Daniel Okafor (North)" in summary and "Priya is going on leave." in summary
    assert [c.case_id for c in worklists.primary_cases(world.store, world.colleague)] == [
        world.case
    ]
    assert worklists.primary_cases(world.store, world.practitioner) == []
    assert _open_involvements(world) == [(world.colleague.id, world.north, "Allocated Worker")]
    history = case_record.assignment_history(world.store, world.case)
    assert [h.user for h in history] == ["Daniel Okafor", "Priya Sharma"]
    assert history[1].ended_at is not None and history[0].ended_at is None
    notes = [
        r
        for r in case_timeline.timeline(world.store, world.colleague, world.case)
        if r.subject.startswith("Transfer summary")
    ]
    assert len(notes) == 1 and notes[0].status == "Completed"


def test_transfer_to_another_team_with_the_user_cleared_puts_it_on_their_queue(
    world: World,
) -> None:
    transfer_case(
        world.store,
        world.practitioner,
        world.case,
        kind="another_team",
        team_id=world.south,
        decision="clear",
    )
    case = _case(world)
    assert (case.responsible_team_id, case.responsible_user_id) == (world.south, None)
    assert _open_involvements(world) == [(None, world.south, "Responsible Team")]
    with world.store.read() as s:
        assert s.exec(select(AuditEntry).where(AuditEntry.action == "case.transfer")).first()


def test_transfer_to_another_team_naming_the_worker(world: World) -> None:
    transfer_case(
        world.store,
        world.practitioner,
        world.case,
        kind="another_team",
        team_id=world.south,
        decision="change",
        user_id=world.other_team.id,
    )
    assert [c.case_id for c in worklists.primary_cases(world.store, world.other_team)] == [
        world.case,
        world.south_case,
    ] or world.case in [c.case_id for c in worklists.primary_cases(world.store, world.other_team)]


def test_transfer_refuses_a_worker_of_another_team_within_the_team(world: World) -> None:
    with pytest.raises(DomainError, match="another team"):
        transfer_case(
            world.store,
            world.practitioner,
            world.case,
            kind="within_team",
            user_id=world.other_team.id,
        )


def test_only_someone_on_the_case_or_its_manager_may_transfer_it(world: World) -> None:
    with pytest.raises(PermissionDenied):
        transfer_case(
            world.store,
            world.other_team,
            world.case,
            kind="within_team",
            user_id=world.colleague.id,
        )
    with pytest.raises(PermissionDenied):
        transfer_case(
            world.store, world.viewer, world.case, kind="within_team", user_id=world.colleague.id
        )
    transfer_case(
        world.store, world.manager, world.case, kind="within_team", user_id=world.colleague.id
    )


# --- W2 closure -----------------------------------------------------------------------------------

SUMMARY = {
    "goals_met": "Fully met",
    "goals_notes": "Managing stairs safely with the new rail.",
    "recommendations": "None.",
    "onward_referral": "",
}


def _task(w: World) -> int:
    return create_activity(
        w.store,
        w.practitioner,
        case_id=w.case,
        type=ActivityType.TASK,
        subject="Order grab rail",
        responsible_team_id=w.north,
        responsible_user_id=w.practitioner.id,
    )


def test_closure_checklist_lists_the_open_task_and_the_other_workers_involvement(
    world: World,
) -> None:
    task = _task(world)
    add_involvement(
        world.store,
        world.practitioner,
        case_id=world.case,
        user_id=world.colleague.id,
        team_id=world.north,
        role="Secondary Worker",
        start_date=clock.today(),
    )
    checklist = closure.closure_checklist(world.store, world.practitioner, world.case)
    failing = {line.key: [i.id for i in line.failing] for line in checklist.failing}
    assert failing["activities"] == [task]
    assert len(failing["involvements"]) == 1  # Priya's own involvement is not listed
    assert set(failing) == {"activities", "involvements"}
    with pytest.raises(DomainError, match="All activities completed"):
        request_closure(
            world.store, world.practitioner, world.case, reason="Needs met", summary=SUMMARY
        )


def test_closure_requested_authorised_by_the_manager_closes_the_case_and_ends_involvements(
    world: World,
) -> None:
    task = _task(world)
    with pytest.raises(DomainError):
        request_closure(
            world.store, world.practitioner, world.case, reason="Needs met", summary=SUMMARY
        )
    complete_activity(world.store, world.practitioner, task, expected_version=1)
    request = request_closure(
        world.store, world.practitioner, world.case, reason="Needs met", summary=SUMMARY
    )
    assert _case(world).status == CaseStatus.CLOSURE_REQUESTED
    waiting = worklists.closures_awaiting(world.store, world.manager)
    assert [r.request_id for r in waiting] == [request]
    with pytest.raises(PermissionDenied):
        authorise_closure(world.store, world.practitioner, request)
    with pytest.raises(PermissionDenied):
        authorise_closure(world.store, world.south_manager, request)
    authorise_closure(world.store, world.manager, request)
    case = _case(world)
    assert (case.status, case.closure_reason, case.closed_on) == (
        CaseStatus.CLOSED,
        "Needs met",
        clock.today(),
    )
    assert _open_involvements(world) == []
    assert worklists.closures_awaiting(world.store, world.manager) == []
    assert worklists.primary_cases(world.store, world.practitioner) == []


def test_a_returned_closure_reopens_the_case_and_the_worker_sees_why(world: World) -> None:
    request = request_closure(
        world.store, world.practitioner, world.case, reason="Needs met", summary=SUMMARY
    )
    with pytest.raises(DomainError, match="Say why"):
        return_closure(world.store, world.manager, request, "  ")
    return_closure(world.store, world.manager, request, "Add the daughter's views first.")
    assert _case(world).status == CaseStatus.OPEN
    latest = closure.latest_closure_request(world.store, world.practitioner, world.case)
    assert latest is not None and latest.status is ClosureStatus.RETURNED
    assert latest.return_reason == "Add the daughter's views first."
    assert latest.decided_by == "Helen Clarke"


def test_a_practitioner_cannot_close_or_reopen_and_a_manager_reopens_with_a_reason(
    world: World,
) -> None:
    request = request_closure(
        world.store, world.practitioner, world.case, reason="Needs met", summary=SUMMARY
    )
    authorise_closure(world.store, world.manager, request)
    with pytest.raises(PermissionDenied):
        reopen_case(world.store, world.practitioner, world.case, "More falls")
    with pytest.raises(DomainError):
        reopen_case(world.store, world.manager, world.case, "")
    reopen_case(world.store, world.manager, world.case, "Two more falls reported by GP.")
    case = _case(world)
    assert case.status == CaseStatus.OPEN and case.closed_on is None
    assert _open_involvements(world) == [(world.practitioner.id, world.north, "Allocated Worker")]


def test_closure_needs_a_reason_and_a_summary(world: World) -> None:
    with pytest.raises(DomainError, match="closure reason"):
        request_closure(world.store, world.practitioner, world.case, reason="", summary=SUMMARY)
    with pytest.raises(DomainError, match="recommendations"):
        request_closure(
            world.store,
            world.practitioner,
            world.case,
            reason="Needs met",
            summary={**SUMMARY, "recommendations": ""},
        )


# --- W3 / W4 carers -------------------------------------------------------------------------------


def _carer(w: World, *, group: str = "Carer", employment: str = "Retired") -> int:
    person = create_person(
        w.store,
        w.practitioner,
        first_name="Timothy",
        last_name="Guide",
        date_of_birth=date(1966, 6, 1),
        gender="Male",
        primary_service_user_group=group,
        employment_status=employment,
    )
    return create_case(
        w.store,
        w.practitioner,
        person_id=person,
        referral_date=clock.today() - timedelta(days=3),
        responsible_team_id=w.north,
        responsible_user_id=w.practitioner.id,
    )


def conversation_answers(**extra) -> dict:  # type: ignore[no-untyped-def]
    """A finished Carers Conversation: eligible, funds required, review in a year."""
    spec = load_spec("carers_conversation_record")
    answers = {
        "carer_name": "Timothy Guide",
        "date_of_birth": "1966-06-01",
        "privacy_notice": "Yes",
        "adults_cared_for": 1,
        "cared_for": [{"full_name": "Alice Trainee", "relationship": "Friend or neighbour"}],
        "caring_hours_band": "36 - 42 hours",
        "gp_knows": "Yes",
        "communication_support": "No",
        "receives_payment": "No",
        "method_of_contact": "Home visit",
        "cared_for_views": "Yes",
        "caring_role": "Helps Alice wash and dress every morning.",
        "what_matters": "A night's sleep.",
        "has_children": "No",
        "has_other_dependants": "No",
        "able_habitable_home": "Yes",
        "able_nutrition": "Yes",
        "able_relationships": "No",
        "able_work_learning": "Yes",
        "able_community": "Yes",
        "able_recreation": "No",
        "health_deteriorating": "Yes",
        "wellbeing_areas": ["Control over day-to-day life"],
        "eligible": "Yes",
        "level_of_caring_role": "2",
        "impact_on_wellbeing": "2",
        "funds_required": "Yes",
        "support_plan": [
            {"want_to_achieve": "A break each week", "support_needed": "Sitting service"}
        ],
        "gender_identity": "Male",
        "trans": "No",
        "gender_same_as_birth": "Yes",
        "sexual_orientation": "Prefer not to say",
        "next_actions": [PURCHASE_SERVICE, CARERS_REVIEW],
        "review_date": a_year_after(clock.today()).isoformat(),
        "review_team": "North",
        "priority": "Normal",
        "cld_event_start": clock.today().isoformat(),
    }
    answers.update(extra)
    from caretui.rules.form_answers import initial_answers

    return initial_answers(spec, answers)


def _fill_cld(answers: dict, form_type: str) -> dict:
    """Any CLD field still blank gets its first option, so the test is about the wizard."""
    from caretui.rules.forms import is_blank, visible_fields

    spec = load_spec(form_type)
    for f in visible_fields(spec, answers):
        if f.required and is_blank(answers.get(f.key)) and f.choices:
            answers[f.key] = f.choices[0]
    return answers


def test_carers_conversation_needs_the_carer_group_and_employment_status(world: World) -> None:
    case = _carer(world, group="Physical support", employment="")
    with pytest.raises(DomainError, match=r"'Carer' service user group.*Employment status"):
        start_carers_form(
            world.store, world.practitioner, case_id=case, form_type="carers_conversation_record"
        )


def test_carers_conversation_books_the_review_on_the_team_queue_and_the_review_picks_it_up(
    world: World,
) -> None:
    case = _carer(world)
    form_id, review = start_carers_form(
        world.store, world.practitioner, case_id=case, form_type="carers_conversation_record"
    )
    assert review is None
    again, _ = start_carers_form(
        world.store, world.practitioner, case_id=case, form_type="carers_conversation_record"
    )
    assert again == form_id  # the one In Progress, not a second
    answers = _fill_cld(conversation_answers(), "carers_conversation_record")
    created = finish_carers_form(
        world.store, world.practitioner, form_id, answers, expected_version=1
    )
    assert len(created) == 2
    detail = forms.form_detail(world.store, world.practitioner, form_id)
    assert detail.status is FormStatus.COMPLETE  # waits for the manager, as its type says
    queue = worklists.team_activities(world.store, world.colleague)
    review_rows = [a for a in queue if a.subject.startswith("Carers Review")]
    assert len(review_rows) == 1 and review_rows[0].due_date == a_year_after(clock.today())
    mine = [a.subject for a in worklists.my_activities(world.store, world.practitioner)]
    assert any(s.startswith("Purchase service") for s in mine)

    with pytest.raises(DomainError, match="Start the Carers Review instead"):
        start_carers_form(
            world.store, world.practitioner, case_id=case, form_type="carers_conversation_record"
        )
    review_form, picked = start_carers_form(
        world.store, world.practitioner, case_id=case, form_type="carers_support_plan_review"
    )
    assert picked == review_rows[0].activity_id
    assert [a.subject for a in worklists.team_activities(world.store, world.colleague)] == []
    facts = carers.carer_facts(world.store, world.practitioner, case)
    assert facts.previous_form_id == form_id
    assert facts.previous_answers["support_plan"][0]["want_to_achieve"] == "A break each week"

    review_answers = {
        **conversation_answers(),
        "previous_plan": facts.previous_answers["support_plan"],
        "how_support_working": "Well.",
        "outcomes_achieved": "Yes, a weekly break.",
        "what_changed": "Alice moved in.",
        "outcomes_met": "Fully",
        "budget_as_agreed": "Yes",
        "next_actions": ["No further action"],
        "nfa_reason": "Signposting, information and advice provided",
        "funds_required": "No",
    }
    review_answers = _fill_cld(review_answers, "carers_support_plan_review")
    finish_carers_form(
        world.store,
        world.practitioner,
        review_form,
        review_answers,
        expected_version=1,
        review_activity_id=picked,
    )
    with world.store.read() as s:
        booked = s.get(Activity, picked)
        assert booked is not None and booked.status == ActivityStatus.COMPLETED
    assert carers.scheduled_review(world.store, facts.person_id) is None


def test_next_actions_are_checked_before_the_form_completes(world: World) -> None:
    case = _carer(world)
    form_id, _ = start_carers_form(
        world.store, world.practitioner, case_id=case, form_type="carers_conversation_record"
    )
    answers = _fill_cld(
        conversation_answers(next_actions=[PURCHASE_SERVICE]), "carers_conversation_record"
    )
    with pytest.raises(FormInvalid) as caught:
        finish_carers_form(world.store, world.practitioner, form_id, answers, expected_version=1)
    assert "Carers review" in caught.value.problems["next_actions"]
    assert forms.form_detail(world.store, world.practitioner, form_id).status is (
        FormStatus.IN_PROGRESS
    )


def test_a_carers_form_keeps_the_cared_for_person_by_id_and_the_details_boxes(
    world: World,
) -> None:
    """Seed 004: the cared-for person is found on the record (kept by ID, relationship as
    the record says) and each question's details box is kept with the form."""
    case = _carer(world)
    alice = create_person(
        world.store, world.practitioner, first_name="Alice", last_name="Trainee", gender="Female"
    )
    form_id, _ = start_carers_form(
        world.store, world.practitioner, case_id=case, form_type="carers_conversation_record"
    )
    cared_for = [{"full_name": "Alice Trainee", "person_id": alice, "relationship": "Friend"}]
    details = {
        "gp_details": "Dr Patel, Bedford Way surgery: not yet told.",
        "communication_details": "",
        "recreation_details": "Gave up evening classes.",
    }
    answers = _fill_cld(
        conversation_answers(cared_for=cared_for, **details), "carers_conversation_record"
    )
    unknown = [{**cared_for[0], "person_id": 999_999}]
    with pytest.raises(FormInvalid) as refused:
        finish_carers_form(
            world.store,
            world.practitioner,
            form_id,
            {**answers, "cared_for": unknown},
            expected_version=1,
        )
    assert "Nobody on the record has the ID 999999" in refused.value.problems["cared_for"]
    finish_carers_form(world.store, world.practitioner, form_id, answers, expected_version=1)
    kept = forms.form_detail(world.store, world.practitioner, form_id).answers
    assert kept["cared_for"][0]["person_id"] == alice
    assert kept["cared_for"][0]["relationship"] == "Friend"
    assert kept["gp_details"] == details["gp_details"]
    assert kept["recreation_details"] == details["recreation_details"]
