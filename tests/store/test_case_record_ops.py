"""The case record's writes, on SQLite and PostgreSQL: permissions, lifecycle, stale saves."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import select

from caretui.rules import clock
from caretui.rules.errors import FormInvalid
from caretui.rules.permissions import PermissionDenied
from caretui.rules.vocab import ActivityType, FormStatus
from caretui.store import audit
from caretui.store.errors import DomainError, StaleRecord
from caretui.store.models import Activity, Case, Revision
from caretui.store.ops.activities import (
    complete_activity,
    countersign,
    create_activity,
    update_activity,
)
from caretui.store.ops.forms import close_form, create_form, return_form, save_form
from caretui.store.ops.involvements import add_involvement, end_involvement
from caretui.store.ops.safeguarding import (
    create_dols,
    create_safeguarding,
    end_dols,
    review_safeguarding,
)
from caretui.store.ops.viewing import record_view
from caretui.store.queries import case_timeline, worklists
from tests.factories import World, make_world


@pytest.fixture
def world(store) -> World:  # type: ignore[no-untyped-def]
    return make_world(store)


def note(w: World, actor=None, **kw) -> int:  # type: ignore[no-untyped-def]
    args = dict(
        case_id=w.case,
        type=ActivityType.CASE_NOTE,
        subject="Spoke to daughter about discharge",
        notes="Daughter can stay for the first week.",
        responsible_team_id=w.north,
    )
    args.update(kw)
    return create_activity(w.store, actor or w.practitioner, **args)


def test_open_task_for_a_user_reaches_their_my_activities(world: World) -> None:
    create_activity(
        world.store,
        world.practitioner,
        case_id=world.case,
        type=ActivityType.TASK,
        subject="Chase OT assessment",
        responsible_team_id=world.north,
        responsible_user_id=world.colleague.id,
        due_date=clock.today() + timedelta(days=3),
    )
    mine = worklists.my_activities(world.store, world.colleague)
    assert [a.subject for a in mine] == ["Chase OT assessment"]
    assert worklists.my_activities(world.store, world.practitioner) == []


def test_activity_with_no_user_goes_to_the_team_queue(world: World) -> None:
    note(world, type=ActivityType.PHONE_CALL, subject="Call back re: equipment")
    queue = worklists.team_activities(world.store, world.colleague)
    assert [a.subject for a in queue] == ["Call back re: equipment"]
    assert worklists.team_activities(world.store, world.other_team) == []


def test_completed_activity_leaves_my_activities(world: World) -> None:
    aid = note(world, responsible_user_id=world.practitioner.id)
    assert len(worklists.my_activities(world.store, world.practitioner)) == 1
    complete_activity(world.store, world.practitioner, aid, expected_version=1)
    assert worklists.my_activities(world.store, world.practitioner) == []
    with pytest.raises(DomainError, match="completed"):
        update_activity(world.store, world.practitioner, aid, expected_version=2, subject="changed")


def test_activity_recorded_as_completed_never_reaches_a_dashboard(world: World) -> None:
    note(world, responsible_user_id=world.practitioner.id, completed=True)
    assert worklists.my_activities(world.store, world.practitioner) == []
    newest = case_timeline.timeline(world.store, world.practitioner, world.case)[0]
    assert newest.type_label == "Case Note"


def test_viewer_is_refused_every_write_with_a_clear_message(world: World) -> None:
    with pytest.raises(PermissionDenied, match="view only"):
        note(world, actor=world.viewer)
    with pytest.raises(PermissionDenied, match="view only"):
        create_form(
            world.store,
            world.viewer,
            case_id=world.case,
            form_type="ot_review",
            responsible_user_id=None,
        )


def test_practitioner_of_another_team_cannot_record_on_the_case(world: World) -> None:
    with pytest.raises(PermissionDenied, match="team"):
        note(world, actor=world.other_team)


def test_students_note_waits_for_countersignature_by_a_qualified_worker(world: World) -> None:
    add_involvement(
        world.store,
        world.practitioner,
        case_id=world.case,
        user_id=world.student.id,
        team_id=world.north,
        role="Secondary Worker",
        start_date=clock.today(),
    )
    aid = note(world, actor=world.student)
    waiting = worklists.awaiting_countersignature(world.store, world.manager)
    assert [w.activity_id for w in waiting] == [aid]
    with pytest.raises(PermissionDenied):
        countersign(world.store, world.student, kind="activity", record_id=aid)
    countersign(world.store, world.manager, kind="activity", record_id=aid)
    assert worklists.awaiting_countersignature(world.store, world.manager) == []


def test_amending_an_activity_keeps_the_original_text(world: World) -> None:
    aid = note(world)
    update_activity(
        world.store,
        world.practitioner,
        aid,
        expected_version=1,
        notes="Daughter can stay for two weeks.",
    )
    with world.store.read() as s:
        revisions = s.exec(select(Revision).where(Revision.record_id == aid)).all()
        current = s.get(Activity, aid)
    assert revisions[0].content["notes"] == "Daughter can stay for the first week."
    assert current is not None and current.notes == "Daughter can stay for two weeks."


def test_stale_save_is_refused_naming_who_changed_it(world: World) -> None:
    aid = note(world)
    update_activity(world.store, world.colleague, aid, expected_version=1, subject="First")
    with pytest.raises(StaleRecord, match=r"changed by Daniel Okafor at \d\d:\d\d"):
        update_activity(world.store, world.practitioner, aid, expected_version=1, subject="Second")


def test_second_form_of_a_unique_type_is_refused_naming_the_existing_one(world: World) -> None:
    first = create_form(
        world.store,
        world.practitioner,
        case_id=world.case,
        form_type="ot_review",
        responsible_user_id=world.practitioner.id,
    )
    with pytest.raises(DomainError, match=rf"form {first}, opened .* by Priya Sharma"):
        create_form(
            world.store,
            world.practitioner,
            case_id=world.case,
            form_type="ot_review",
            responsible_user_id=world.practitioner.id,
        )
    rows = worklists.my_forms(world.store, world.practitioner)
    assert [(r.form_id, r.status) for r in rows] == [(first, FormStatus.IN_PROGRESS)]


def test_form_needing_a_manager_waits_until_the_manager_closes_it(world: World) -> None:
    from caretui.rules.forms import load_spec, visible_fields

    form_id = create_form(
        world.store,
        world.practitioner,
        case_id=world.case,
        form_type="indicative_budget",
        responsible_user_id=world.practitioner.id,
    )
    with pytest.raises(FormInvalid):
        save_form(world.store, world.practitioner, form_id, {}, expected_version=1, complete=True)
    spec = load_spec("indicative_budget")
    answers = _complete_answers(spec, visible_fields)
    status = save_form(
        world.store, world.practitioner, form_id, answers, expected_version=1, complete=True
    )
    assert status is FormStatus.COMPLETE
    waiting = worklists.forms_awaiting_closure(world.store, world.manager)
    assert [f.form_id for f in waiting] == [form_id]
    with pytest.raises(PermissionDenied):
        close_form(world.store, world.practitioner, form_id)
    with pytest.raises(PermissionDenied):
        close_form(world.store, world.south_manager, form_id)
    close_form(world.store, world.manager, form_id)
    assert worklists.forms_awaiting_closure(world.store, world.manager) == []
    assert worklists.my_forms(world.store, world.practitioner) == []


def test_manager_returns_a_form_with_a_reason(world: World) -> None:
    from caretui.rules.forms import load_spec, visible_fields

    form_id = create_form(
        world.store,
        world.practitioner,
        case_id=world.case,
        form_type="indicative_budget",
        responsible_user_id=world.practitioner.id,
    )
    answers = _complete_answers(load_spec("indicative_budget"), visible_fields)
    save_form(world.store, world.practitioner, form_id, answers, expected_version=1, complete=True)
    with pytest.raises(DomainError, match="why"):
        return_form(world.store, world.manager, form_id, " ")
    return_form(world.store, world.manager, form_id, "Add the daughter's views")
    (row,) = worklists.my_forms(world.store, world.practitioner)
    assert row.status is FormStatus.IN_PROGRESS
    assert row.returned_reason == "Add the daughter's views"


def _complete_answers(spec, visible_fields) -> dict:  # type: ignore[no-untyped-def]
    """Fill every visible required field with a value its type accepts."""
    answers: dict = {}
    for _ in range(3):  # conditions can reveal more required fields
        for field in visible_fields(spec, answers):
            if not field.required or field.key in answers:
                continue
            answers[field.key] = _value_for(field)
    return answers


def _value_for(field):  # type: ignore[no-untyped-def]
    kind = field.type
    if kind in ("choice",):
        return field.options[-1] if field.options else "Yes"
    if kind == "multichoice":
        return [field.options[0]]
    if kind == "yesno":
        return "Yes"
    if kind in ("date", "datetime"):
        return clock.today().isoformat()
    if kind in ("number", "money"):
        return "1"
    if kind == "nhs_number":
        return "9434765919"
    if kind == "postcode":
        return "WF1 2AB"
    if kind == "table":
        return [{c.key: _value_for(c) for c in field.columns}]
    return "Recorded"


def test_involvement_makes_a_secondary_case_until_it_ends(world: World) -> None:
    inv = add_involvement(
        world.store,
        world.practitioner,
        case_id=world.case,
        user_id=world.colleague.id,
        team_id=world.north,
        role="Secondary Worker",
        start_date=clock.today(),
    )
    assert [c.case_id for c in worklists.secondary_cases(world.store, world.colleague)] == [
        world.case
    ]
    with pytest.raises(DomainError, match="already has a current involvement"):
        add_involvement(
            world.store,
            world.practitioner,
            case_id=world.case,
            user_id=world.colleague.id,
            team_id=world.north,
            role="Secondary Worker",
            start_date=clock.today(),
        )
    with pytest.raises(DomainError, match="before the start"):
        end_involvement(
            world.store,
            world.practitioner,
            inv,
            end_date=clock.today() - timedelta(days=1),
            expected_version=1,
        )
    end_involvement(
        world.store, world.practitioner, inv, end_date=clock.today(), expected_version=1
    )
    tomorrow = clock.today() + timedelta(days=1)
    assert worklists.secondary_cases(world.store, world.colleague, today=tomorrow) == []


def test_dols_records_authorisation_and_actual_end(world: World) -> None:
    start = clock.today() - timedelta(days=200)
    did = create_dols(
        world.store,
        world.practitioner,
        case_id=world.case,
        authorisation_type="Standard",
        authorisation_start=start,
        authorisation_end=start + timedelta(days=365),
    )
    with pytest.raises(DomainError, match="before the authorisation started"):
        end_dols(
            world.store,
            world.practitioner,
            did,
            actual_end_date=start - timedelta(days=1),
            expected_version=1,
        )
    end_dols(
        world.store, world.practitioner, did, actual_end_date=clock.today(), expected_version=1
    )
    kinds = {r.kind for r in case_timeline.timeline(world.store, world.practitioner, world.case)}
    assert "dols" in kinds


def test_safeguarding_review_keeps_previous_notes(world: World) -> None:
    sid = create_safeguarding(
        world.store,
        world.practitioner,
        case_id=world.case,
        concern_date=clock.today(),
        concern_type="Neglect",
        notes="Neighbour reports no food in the house.",
    )
    review_safeguarding(
        world.store,
        world.practitioner,
        sid,
        expected_version=1,
        stage="Section 42 enquiry",
        notes="Enquiry opened with the police.",
    )
    with world.store.read() as s:
        rev = s.exec(select(Revision).where(Revision.record_type == "safeguarding")).one()
    assert rev.content["notes"] == "Neighbour reports no food in the house."


def test_closed_case_refuses_new_entries(world: World) -> None:
    with world.store.write() as s:
        case = s.get(Case, world.case)
        assert case is not None
        case.status = "closed"
        case.closed_on = date.today()
        s.add(case)
    with pytest.raises(DomainError, match="closed"):
        note(world)


def test_letter_carries_an_attached_file(world: World) -> None:
    aid = note(
        world,
        type=ActivityType.LETTER,
        subject="Letter to GP",
        attachment=("gp-letter.txt", b"Dear Dr Shah"),
    )
    with world.store.read() as s:
        activity = s.get(Activity, aid)
    assert activity is not None and activity.attachment_id is not None
    with pytest.raises(DomainError, match="Only letters"):
        note(world, attachment=("x.txt", b"x"))


def test_every_write_leaves_an_intact_audit_chain(world: World) -> None:
    note(world)
    record_view(world.store, world.practitioner, case_id=world.case)
    with world.store.read() as s:
        report = audit.verify(s)
    assert report.ok and report.entries > 10
