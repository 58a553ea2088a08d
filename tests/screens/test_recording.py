"""Recording on a case by keyboard: activities, forms, a student's note, a viewer refused."""

from __future__ import annotations

from caretui.app import CareApp
from caretui.rules.vocab import ActivityStatus, ActivityType, FormStatus
from caretui.screens.activity import ActivityScreen
from caretui.screens.case import CaseScreen
from caretui.screens.dashboard import DashboardScreen
from caretui.screens.form import FormScreen
from caretui.store.db import Store
from caretui.store.ops.forms import create_form, save_form
from caretui.store.queries import activities, case_timeline, forms, search, worklists
from caretui.widgets.record_table import RecordTable
from tests.screens.conftest import settle, sign_in, wait_until
from tests.screens.test_walkthrough import SMALL


async def new_activity(pilot, type_index: int, subject: str) -> None:  # type: ignore[no-untyped-def]
    """From a case record: n, choose the type, type the subject, ctrl+s."""
    await pilot.press("n")
    await settle(pilot)
    await pilot.press(*["down"] * type_index, "enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ActivityScreen)
    await pilot.press(*subject)
    await pilot.press("ctrl+s")
    await settle(pilot)


async def test_practitioner_records_a_case_note_and_a_phone_call(sandbox: Store) -> None:
    actor = sign_in(sandbox, "sharma")
    app = CareApp(store=sandbox, actor=actor, sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        case_id = app.screen.case_id  # type: ignore[attr-defined]
        await new_activity(pilot, 1, "Spoke to Mr Henry about respite")
        await pilot.press("escape")
        await settle(pilot)
        await new_activity(pilot, 4, "Call from daughter re discharge")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
        await pilot.press("t")
        await settle(pilot)
        subjects = [r.subject for r in app.screen.timeline_rows.values()]  # type: ignore[attr-defined]
        assert "Spoke to Mr Henry about respite" in subjects
        assert "Call from daughter re discharge" in subjects
    # A case note is Completed at once (it needs no follow-up); the call stays open, mine.
    mine = {a.subject for a in worklists.my_activities(sandbox, actor)}
    assert "Call from daughter re discharge" in mine
    assert "Spoke to Mr Henry about respite" not in mine
    on_case = {a.subject: a.status for a in activities.case_activities(sandbox, actor, case_id)}
    assert on_case["Spoke to Mr Henry about respite"] is ActivityStatus.COMPLETED
    timeline = case_timeline.timeline(sandbox, actor, case_id)
    assert timeline[0].author == "Priya Sharma"


async def test_bad_date_is_shown_beside_the_field_and_nothing_is_lost(sandbox: Store) -> None:
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "sharma"), sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        await pilot.press(*"Visit notes", "tab")
        when = app.screen.query_one("#when")
        when.value = "31/02/2026 10:00"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ActivityScreen)
        error = app.screen.query_one("#when-error")
        assert "not a real date" in str(error.render())
        assert app.screen.query_one("#subject").value == "Visit notes"  # type: ignore[attr-defined]


async def test_form_needing_a_manager_is_completed_then_closed_by_the_manager(
    sandbox: Store,
) -> None:
    from caretui.rules.forms import load_spec, visible_fields
    from tests.store.test_case_record_ops import _complete_answers

    practitioner = sign_in(sandbox, "sharma")
    case_id = worklists.primary_cases(sandbox, practitioner)[0].case_id
    existing = [
        f
        for f in forms.case_forms(sandbox, practitioner, case_id)
        if f.form_type == "indicative_budget" and f.status is not FormStatus.CLOSED
    ]
    assert not existing
    form_id = create_form(
        sandbox,
        practitioner,
        case_id=case_id,
        form_type="indicative_budget",
        responsible_user_id=practitioner.id,
    )
    answers = _complete_answers(load_spec("indicative_budget"), visible_fields)
    save_form(sandbox, practitioner, form_id, answers, expected_version=1)

    app = CareApp(store=sandbox, actor=practitioner, sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        app.push_screen(FormScreen(sandbox, practitioner, form_id))
        await settle(pilot)
        await wait_until(pilot, lambda: getattr(app.screen, "spec", None) is not None)
        status = app.screen.query_one("#status")
        status.value = FormStatus.COMPLETE.value  # type: ignore[attr-defined]
        await settle(pilot)  # as a person would: the choice is made, then ctrl+s
        await pilot.press("ctrl+s")
        await settle(pilot)
        notes = [str(n.message) for n in app._notifications]
        await wait_until(pilot, lambda: isinstance(app.screen, DashboardScreen), why=notes)

    manager = sign_in(sandbox, "clarke")
    assert form_id in [f.form_id for f in worklists.forms_awaiting_closure(sandbox, manager)]
    app = CareApp(store=sandbox, actor=manager, sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press("6")
        await settle(pilot)
        table = screen.query_one("#table-closeforms", RecordTable)
        table.move_cursor(row=[r.key for r in table.shown].index(f"f{form_id}"))
        await pilot.press("enter")
        await settle(pilot)
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, FormScreen) and app.screen.detail is not None,
        )
        await pilot.press("c")
        await settle(pilot)
        assert "Close this form?" in str(app.screen.query_one("#notice-title").render())
        await pilot.press("y")
        await settle(pilot)
        await wait_until(
            pilot,
            lambda: (
                form_id
                not in [f.form_id for f in worklists.forms_awaiting_closure(sandbox, manager)]
            ),
        )


async def test_students_note_waits_for_countersignature(sandbox: Store) -> None:
    student = sign_in(sandbox, "evans")
    app = CareApp(store=sandbox, actor=student, sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await new_activity(pilot, 1, "Student visit note")
    manager = sign_in(sandbox, "clarke")
    waiting = [a.subject for a in worklists.awaiting_countersignature(sandbox, manager)]
    assert "Student visit note" in waiting


async def test_viewer_is_refused_a_write_with_a_clear_message(sandbox: Store) -> None:
    viewer = sign_in(sandbox, "lee")
    case_id = search.find_people_and_cases(sandbox, viewer, "a", 50)
    case = next(h.case_id for h in case_id if h.case_id)
    app = CareApp(store=sandbox, actor=viewer, sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        app.open_case(case)
        await settle(pilot)
        app.push_screen(ActivityScreen(sandbox, viewer, case_id=case, kind=ActivityType.CASE_NOTE))
        await settle(pilot)
        assert "save" not in {a.binding.action for a in app.screen.active_bindings.values()}
        await pilot.press("ctrl+s")  # not offered, and pressing it says why (issue 14)
        await settle(pilot)
        said = [str(n.message) for n in app._notifications]
        assert "Viewers can read records but not change them." in said


async def test_manager_countersigns_a_students_entry_from_the_dashboard(sandbox: Store) -> None:
    manager = sign_in(sandbox, "clarke")
    waiting = worklists.awaiting_countersignature(sandbox, manager)
    assert waiting
    app = CareApp(store=sandbox, actor=manager, sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("8")
        await settle(pilot)
        assert app.screen.active_panel == "countersign"  # type: ignore[attr-defined]
        await pilot.press("c")
        await settle(pilot)
    assert len(worklists.awaiting_countersignature(sandbox, manager)) == len(waiting) - 1
