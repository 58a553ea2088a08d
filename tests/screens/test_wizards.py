"""The wizards by keyboard at 80x24, on a copy of the sandbox: transfer, closure, carers.

Each walks its wizard end to end as a practitioner would, leaves it in the middle with
escape, and carries on from the draft when the case is opened again.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import select
from textual.widgets import Input, Select, SelectionList, TextArea

from caretui.app import CareApp
from caretui.rules import clock
from caretui.rules.carers import a_year_after
from caretui.rules.vocab import ActivityStatus, CaseStatus, FormStatus
from caretui.screens.activity import ActivityScreen
from caretui.screens.carers import CarersWizard
from caretui.screens.case import CaseScreen
from caretui.screens.case_items import CaseActivitiesScreen, ChooseOne
from caretui.screens.closure import ClosureDecisionScreen, ClosureWizard
from caretui.screens.dashboard import DashboardScreen
from caretui.screens.help import HelpScreen
from caretui.screens.transfer import TransferWizard
from caretui.screens.wizard import WizardScreen
from caretui.store.db import Store
from caretui.store.models import Case, Draft
from caretui.store.queries import case_record, case_timeline, closure, forms, staff, worklists
from caretui.widgets.cared_for_lookup import CaredForLookup
from caretui.widgets.form_fields import OptionBar
from caretui.widgets.form_table import TableField
from caretui.widgets.form_view import RowDialog
from caretui.widgets.record_table import RecordTable
from caretui.widgets.wizard import ChecklistView
from tests.screens.conftest import sign_in
from tests.screens.test_walkthrough import SMALL, settle


def _case_of(store: Store, login: str, person: str) -> int:
    actor = sign_in(store, login)
    return next(c.case_id for c in worklists.primary_cases(store, actor) if c.person == person)


def _case(store: Store, case_id: int) -> Case:
    with store.read() as s:
        case = s.get(Case, case_id)
        assert case is not None
        return case


def _drafts(store: Store, prefix: str) -> list[Draft]:
    with store.read() as s:
        return list(s.exec(select(Draft).where(Draft.key.startswith(prefix))).all())  # type: ignore[attr-defined]


async def _open_case(pilot: Any, app: CareApp, case_id: int) -> None:
    app.open_case(case_id)
    await settle(pilot)
    assert isinstance(app.screen, CaseScreen | ChooseOne)  # ChooseOne: a draft is offered


async def _type(pilot: Any, text: str) -> None:
    await pilot.press(*[" " if c == " " else c for c in text])


async def _pick_in_select(pilot: Any, app: CareApp, wanted: str) -> None:
    """Open the focused drop-down and move down to the option whose label starts so."""
    select_ = app.focused
    assert isinstance(select_, Select)
    labels = [str(label) for label, _value in select_._options]
    await pilot.press("enter")
    for _ in range(labels.index(next(label for label in labels if label.startswith(wanted)))):
        await pilot.press("down")
    await pilot.press("enter")
    await pilot.pause()


# --- W1 transfer ----------------------------------------------------------------------------------


async def test_transfer_to_another_team_by_keys_left_half_way_and_resumed(sandbox: Store) -> None:
    sharma = sign_in(sandbox, "sharma")
    case_id = _case_of(sandbox, "sharma", "Leroy Henry")
    app = CareApp(store=sandbox, actor=sharma, sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await _open_case(pilot, app, case_id)
        await pilot.press("T")
        await settle(pilot)
        assert isinstance(app.screen, TransferWizard)
        # To another team, the team allocating, are preselected; the cursor is on the team.
        assert app.screen.answers["kind"] == "another_team"
        await _pick_in_select(pilot, app, "South")
        await settle(pilot, 1.3)
        assert app.screen.answers["decision"] == "clear"  # type: ignore[attr-defined]
        await pilot.press("escape")  # leave half way
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
        assert _drafts(sandbox, f"wizard:transfer:case:{case_id}")
        await pilot.press("escape")
        await settle(pilot)

        await _open_case(pilot, app, case_id)  # opening the case offers the draft
        assert isinstance(app.screen, ChooseOne)
        await pilot.press("enter")
        await settle(pilot)
        wizard = app.screen
        assert isinstance(wizard, TransferWizard)
        assert wizard.frame.index == 0 and wizard.answers["decision"] == "clear"
        await pilot.press("ctrl+s")  # not yet: the reason is missing
        await settle(pilot)
        assert app.screen is wizard and wizard.frame.index == 1
        await _type(pilot, "Moving to Dewsbury")
        await pilot.press("ctrl+pagedown", "ctrl+pagedown")  # past Worker: nobody is named
        await settle(pilot)
        assert "Priya Sharma" in str(wizard.query_one("#step-3 Static").render())
        await pilot.press("ctrl+pagedown")
        await settle(pilot)
        assert "South Community Assessment" in str(wizard.query_one("#step-4 Static").render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)

    case = _case(sandbox, case_id)
    south = next(t.id for t in staff.teams(sandbox) if t.name.startswith("South"))
    assert (case.responsible_team_id, case.responsible_user_id) == (south, None)
    assert not _drafts(sandbox, f"wizard:transfer:case:{case_id}")
    history = case_record.assignment_history(sandbox, case_id)
    assert history[0].team.startswith("South") and history[0].note == "Moving to Dewsbury"
    notes = case_timeline.timeline(sandbox, sharma, case_id, limit=5)
    assert any(r.subject.startswith("Transfer summary") for r in notes)


async def test_wizard_keys_are_listed_in_help(sandbox: Store) -> None:
    sharma = sign_in(sandbox, "sharma")
    app = CareApp(store=sandbox, actor=sharma, sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await _open_case(pilot, app, _case_of(sandbox, "sharma", "Leroy Henry"))
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        described = {does for _keys, does in app.screen.rows()}
        assert {"Transfer the case", "Request closure", "Carers Conversation"} <= described
        await pilot.press("escape", "T")
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        described = {does for _keys, does in app.screen.rows()}  # type: ignore[attr-defined]
        assert {"Next step", "Back a step", "To missing", "Finish"} <= described


# --- W2 closure -----------------------------------------------------------------------------------


async def test_closure_shows_the_open_activity_then_is_sent_and_authorised(sandbox: Store) -> None:
    sharma = sign_in(sandbox, "sharma")
    case_id = _case_of(sandbox, "sharma", "Shirley Armitage")  # one open task
    app = CareApp(store=sandbox, actor=sharma, sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await _open_case(pilot, app, case_id)
        await pilot.press("C")
        await settle(pilot)
        wizard = app.screen
        assert isinstance(wizard, ClosureWizard)
        checklist = wizard.query_one(ChecklistView)
        assert app.focused is checklist
        assert not wizard.checklist.ready
        assert [line.key for line in wizard.checklist.failing] == ["activities"]
        note = str(wizard.query_one("#wizard-note").render())
        assert "All activities completed (1 to do)" in note
        await pilot.press("ctrl+s")  # refused: the checklist fails
        await settle(pilot)
        assert app.screen is wizard

        await pilot.press("a")  # jump to Activities, complete the open one
        await settle(pilot)
        assert isinstance(app.screen, CaseActivitiesScreen)
        rows = app.screen.rows  # newest first: the open task is not necessarily first
        open_row = next(n for n, r in enumerate(rows) if r.status is ActivityStatus.OPEN)
        app.screen.query_one(RecordTable).move_cursor(row=open_row)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ActivityScreen)
        app.screen.query_one("#status", Select).value = ActivityStatus.COMPLETED.value
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is wizard and wizard.checklist.ready

        await pilot.press("ctrl+pagedown")
        await settle(pilot)
        await _pick_in_select(pilot, app, "Needs met")
        await pilot.press("ctrl+pagedown")
        await settle(pilot)
        await pilot.press("f")  # goals: Fully met
        await settle(pilot, 1.3)
        await pilot.press("escape")  # leave half way
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
        await pilot.press("C")  # the wizard carries on from the draft
        await settle(pilot)
        wizard = app.screen
        assert isinstance(wizard, ClosureWizard) and wizard.frame.index == 2
        assert wizard.answers["goals_met"] == "Fully met"
        await pilot.press("tab")
        await _type(pilot, "Budgeting well")
        await pilot.press("tab")
        await _type(pilot, "None")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
    assert _case(sandbox, case_id).status == CaseStatus.CLOSURE_REQUESTED

    clarke = sign_in(sandbox, "clarke")
    app = CareApp(store=sandbox, actor=clarke, sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("7")
        await settle(pilot)
        table = app.screen.query_one("#table-closures", RecordTable)
        request = closure.latest_closure_request(sandbox, clarke, case_id)
        assert request is not None
        table.move_cursor(row=[r.key for r in table.shown].index(f"c{request.request_id}"))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ClosureDecisionScreen)
        assert "Budgeting well" in str(app.screen.query_one("#decision-request").render())
        await pilot.press("a")
        await settle(pilot)
        assert "Authorise the closure?" in str(app.screen.query_one("#notice-title").render())
        await pilot.press("y")  # closing someone's case is confirmed with one key
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
    case = _case(sandbox, case_id)
    assert case.status == CaseStatus.CLOSED and case.closure_reason == "Needs met"


async def test_a_practitioner_cannot_authorise_and_sees_a_returned_reason(sandbox: Store) -> None:
    sharma = sign_in(sandbox, "sharma")
    case_id = _case_of(sandbox, "sharma", "Walter Sykes")  # a request waits for the manager
    app = CareApp(store=sandbox, actor=sharma, sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await _open_case(pilot, app, case_id)
        await pilot.press("C")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)  # no decision screen for a practitioner
    clarke = sign_in(sandbox, "clarke")
    request = closure.latest_closure_request(sandbox, clarke, case_id)
    assert request is not None
    from caretui.store.ops.closure import return_closure

    return_closure(sandbox, clarke, request.request_id, "Add Susan's views first.")
    app = CareApp(store=sandbox, actor=sharma, sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await _open_case(pilot, app, case_id)
        await pilot.press("C")
        await settle(pilot)
        assert isinstance(app.screen, ClosureWizard)
        assert "Add Susan's views first." in str(app.screen.query_one("#wizard-note").render())


# --- W3, W4 carers --------------------------------------------------------------------------------

PREFERRED = {
    "gp_knows": "n",  # "No" opens the question about contacting the GP
    "gp_contact": "y",
    "cared_for_views": "y",
    "has_children": "n",
    "has_other_dependants": "n",
    "able_relationships": "n",
    "health_deteriorating": "y",
    "eligible": "y",
    "level_of_caring_role": "2",
    "impact_on_wellbeing": "2",
    "funds_required": "y",
    "communication_support": "n",
    "receives_payment": "n",
    "budget_as_agreed": "y",
    "outcomes_met": "p",
    "met": "f",
    "trans": "n",
    "gender_same_as_birth": "y",
}
TYPED = {
    "number": "1",
    "date": "24/11/2027",
    "money": "600",
}


def _focused_key(app: CareApp) -> str | None:
    node: Any = app.focused
    while node is not None:
        if (node.id or "").startswith("field-"):
            return node.id.removeprefix("field-")
        node = node.parent
    return None


def _still_needed(app: CareApp) -> bool:
    """The focused question is one the wizard's step still needs (always, off a wizard)."""
    wizard = app.screen
    node: Any = app.focused
    while node is not None and not hasattr(node, "field"):
        node = node.parent
    if node is None or not isinstance(wizard, WizardScreen):
        return True
    return node.field.label in wizard.needed()[wizard.frame.index]


async def _answer_focused(pilot: Any, app: CareApp, actions: list[str]) -> None:
    """Answer the focused question by keys, the way a practitioner would."""
    focused = app.focused
    key = _focused_key(app) or ""
    if isinstance(focused, OptionBar):
        if focused.value is None:
            await pilot.press(PREFERRED.get(key, "enter"))
    elif isinstance(focused, Input | TextArea) and not _still_needed(app):
        return  # an optional box (a seed's "Details"): a practitioner leaves it
    elif isinstance(focused, Input):
        if not focused.value:
            kind = focused.placeholder
            typed = {"dd/mm/yyyy": TYPED["date"], "a number": "1", "£": "600"}.get(kind, "Alice")
            await _type(pilot, typed)
    elif isinstance(focused, TextArea):
        if not focused.text:
            await _type(pilot, "Talked it through")
    elif isinstance(focused, Select):
        if focused.is_blank() and key in PREFERRED:
            await _pick_in_select(pilot, app, PREFERRED[key])
        elif focused.is_blank():
            await pilot.press("enter", "down", "enter")
    elif isinstance(focused, SelectionList):
        if not focused.selected:
            if key == "next_actions":
                for index in range(focused.option_count):
                    if focused.get_option_at_index(index).value in actions:
                        focused.highlighted = index
                        await pilot.press("space")
            else:
                await pilot.press("space")
    elif isinstance(focused, TableField) or (
        focused is not None and isinstance(focused.parent, TableField)
    ):
        table = focused if isinstance(focused, TableField) else focused.parent
        wizard = app.screen
        needs_marking = (
            isinstance(wizard, WizardScreen)
            and table.field.label
            in (  # type: ignore[union-attr]
                wizard.needed()[wizard.frame.index]
            )
        )
        if table.rows == [] or needs_marking:  # type: ignore[union-attr]
            await pilot.press("a" if table.rows == [] else "e")  # type: ignore[union-attr]
            await settle(pilot)
            if isinstance(app.screen, CaredForLookup):  # the carer's related people first
                await pilot.press("enter")
                await settle(pilot)
            assert isinstance(app.screen, RowDialog)
            for _ in range(8):
                await _answer_focused(pilot, app, actions)
                await pilot.press("tab")
                await pilot.pause()
            await pilot.press("ctrl+s")
            await settle(pilot)
    await pilot.pause()


async def _fill_step(pilot: Any, app: CareApp, actions: list[str]) -> None:
    wizard = app.screen
    assert isinstance(wizard, WizardScreen)
    index = wizard.frame.index
    for _ in range(60):
        if not wizard.needed()[index]:
            return
        await _answer_focused(pilot, app, actions)
        await pilot.press("tab")
        await pilot.pause()
    raise AssertionError(f"step {wizard.steps[index].title} still needs {wizard.needed()[index]}")


async def test_carers_conversation_books_a_review_that_a_later_review_picks_up(
    sandbox: Store,
) -> None:
    okafor = sign_in(sandbox, "okafor")
    case_id = _case_of(sandbox, "okafor", "Sadia Hussain")
    app = CareApp(store=sandbox, actor=okafor, sandbox=True)
    conversation = ["Purchase service (personal budget)", "Carers review"]
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await _open_case(pilot, app, case_id)
        await pilot.press("c")
        await settle(pilot)
        wizard = app.screen
        assert isinstance(wizard, CarersWizard)
        titles = [s.title for s in wizard.steps]
        assert titles[1:6] == ["Privacy Notice", "Referral", "Wellbeing", "Eligibility",
                               "Person Details"]  # fmt: skip
        await pilot.press("ctrl+pagedown")
        await settle(pilot)
        await pilot.press("y")  # the privacy notice was explained
        await pilot.press("ctrl+pagedown")
        await settle(pilot)
        await _fill_step(pilot, app, conversation)
        assert "gp_contact" in wizard.answers  # the conditional question appeared
        await settle(pilot, 1.3)
        await pilot.press("escape")  # leave in the middle
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await _open_case(pilot, app, case_id)
        assert isinstance(app.screen, ChooseOne)
        await pilot.press("enter")  # carry on
        await settle(pilot)
        wizard = app.screen
        assert isinstance(wizard, CarersWizard) and wizard.frame.index == 2
        assert wizard.answers["privacy_notice"] == "Yes"
        for _step in range(len(wizard.steps) - 3):
            await pilot.press("ctrl+pagedown")
            await settle(pilot)
            await _fill_step(pilot, app, conversation)
            if wizard.steps[wizard.frame.index].title == "Eligibility":
                note = str(wizard.query_one("#wizard-note").render())
                assert "eligibility indicated" in note
                calculator = str(wizard.query_one("#form-calculator").render())
                assert "Suggested budget: £600.00 a year" in calculator
        assert wizard.answers["review_date"] == a_year_after(clock.today()).isoformat()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen), wizard.needed()

    queue = worklists.team_activities(sandbox, okafor)
    booked = [a for a in queue if a.subject.startswith("Carers Review") and a.case_id == case_id]
    assert len(booked) == 1 and booked[0].due_date == a_year_after(clock.today())
    on_case = forms.case_forms(sandbox, okafor, case_id)
    assert [f.status for f in on_case if f.form_type == "carers_conversation_record"] == [
        FormStatus.COMPLETE
    ]

    # A year on: starting a conversation again is refused; the review picks up the booking.
    app = CareApp(store=sandbox, actor=okafor, sandbox=True)
    review = conversation  # the budget goes on: purchase again, and review in a year
    first_booking = booked[0].activity_id
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await _open_case(pilot, app, case_id)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)  # "Start the Carers Review instead"
        await pilot.press("v")
        await settle(pilot)
        wizard = app.screen
        assert isinstance(wizard, CarersWizard) and wizard.is_review
        start = str(wizard.query_one("#step-0 Static").render())
        assert "Picking up the scheduled review" in start
        cared_for = wizard.answers["cared_for"][0]  # from the conversation
        assert cared_for["full_name"] == "Shamim Hussain" and cared_for["person_id"]
        assert wizard.answers["previous_plan"][0]["want_to_achieve"] == "Alice"
        assert wizard.answers["previous_outcomes_met"] == [{"want_to_achieve": "Alice", "met": ""}]
        for _step in range(len(wizard.steps) - 1):
            await pilot.press("ctrl+pagedown")
            await settle(pilot)
            await _fill_step(pilot, app, review)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen), wizard.needed()
    rebooked = [
        a
        for a in worklists.team_activities(sandbox, okafor)
        if a.subject.startswith("Carers Review") and a.case_id == case_id
    ]
    assert [a.activity_id for a in rebooked] != [first_booking] and len(rebooked) == 1
    reviews = [f for f in forms.case_forms(sandbox, okafor, case_id) if "review" in f.form_type]
    assert [f.status for f in reviews] == [FormStatus.COMPLETE]
    answers = forms.form_detail(sandbox, okafor, reviews[0].form_id).answers
    assert answers["previous_outcomes_met"] == [{"want_to_achieve": "Alice", "met": "Fully met"}]


async def test_a_carer_without_the_carer_group_is_told_what_to_fix(sandbox: Store) -> None:
    okafor = sign_in(sandbox, "okafor")
    case_id = _case_of(sandbox, "okafor", "Shamim Hussain")  # cared for, not a carer
    app = CareApp(store=sandbox, actor=okafor, sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await _open_case(pilot, app, case_id)
        await pilot.press("c")
        await settle(pilot)
        wizard = app.screen
        assert isinstance(wizard, CarersWizard) and len(wizard.steps) == 1
        text = str(wizard.query_one("#step-0 Static").render())
        assert "Person details > Service user groups" in text
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is wizard


async def test_ctrl_q_straight_after_typing_keeps_the_draft(sandbox: Store) -> None:
    sharma = sign_in(sandbox, "sharma")
    case_id = _case_of(sandbox, "sharma", "Leroy Henry")
    app = CareApp(store=sandbox, actor=sharma, sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await _open_case(pilot, app, case_id)
        await pilot.press("T")
        await settle(pilot)
        await pilot.press("shift+tab", "w")  # from the team back to: Within the team; quit
        await pilot.pause()
        await pilot.press("ctrl+q")
    [draft] = _drafts(sandbox, f"wizard:transfer:case:{case_id}")
    assert draft.data["answers"]["kind"] == "within_team" and draft.data["step"] == 0


async def test_a_viewer_is_told_they_cannot_transfer(sandbox: Store) -> None:
    case_id = _case_of(sandbox, "sharma", "Leroy Henry")
    viewer = sign_in(sandbox, "lee")
    app = CareApp(store=sandbox, actor=viewer, sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await _open_case(pilot, app, case_id)
        for key in ("T", "C", "c"):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, CaseScreen)


async def test_a_manager_returns_a_request_by_keys_and_reopens_a_closed_case(
    sandbox: Store,
) -> None:
    clarke = sign_in(sandbox, "clarke")
    pending = _case_of(sandbox, "sharma", "Walter Sykes")
    app = CareApp(store=sandbox, actor=clarke, sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await _open_case(pilot, app, pending)
        await pilot.press("C")
        await settle(pilot)
        assert isinstance(app.screen, ClosureDecisionScreen)
        await pilot.press("x")
        await settle(pilot)
        await _type(pilot, "End the OT involvement first")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
    request = closure.latest_closure_request(sandbox, clarke, pending)
    assert request is not None and request.return_reason == "End the OT involvement first"
    assert _case(sandbox, pending).status == CaseStatus.OPEN

    from caretui.store.ops.closure import authorise_closure, request_closure

    closed = _case_of(sandbox, "sharma", "Jean Barraclough")  # nothing left to do on it
    sharma = sign_in(sandbox, "sharma")
    summary = {"goals_met": "Fully met", "goals_notes": "x", "recommendations": "None"}
    request_id = request_closure(sandbox, sharma, closed, reason="Needs met", summary=summary)
    authorise_closure(sandbox, clarke, request_id)
    app = CareApp(store=sandbox, actor=sharma, sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await _open_case(pilot, app, closed)
        await pilot.press("C")  # a practitioner cannot reopen
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
    app = CareApp(store=sandbox, actor=clarke, sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await _open_case(pilot, app, closed)
        await pilot.press("C")
        await settle(pilot)
        await _type(pilot, "Jean fell again")
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert _case(sandbox, closed).status == CaseStatus.OPEN


async def test_the_case_menu_lists_the_wizards(sandbox: Store) -> None:
    sharma = sign_in(sandbox, "sharma")
    app = CareApp(store=sandbox, actor=sharma, sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await _open_case(pilot, app, _case_of(sandbox, "sharma", "Leroy Henry"))
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, ChooseOne)
        await pilot.press(*["down"] * 5, "enter")  # after the five case lists: Transfer
        await settle(pilot)
        assert isinstance(app.screen, TransferWizard)
