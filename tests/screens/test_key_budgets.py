"""Issue 14, keystroke budgets: each task driven from the home dashboard at 80x24 with the
case highlighted on Primary Cases, counting every key but typed text."""

from __future__ import annotations

from typing import Any

from caretui.app import CareApp
from caretui.rules.vocab import ActivityStatus, ActivityType
from caretui.screens.activity import ActivityScreen
from caretui.screens.closure import ClosureWizard
from caretui.screens.dashboard import DashboardScreen
from caretui.screens.form import FormScreen
from caretui.screens.person import PersonScreen
from caretui.screens.transfer import TransferWizard
from caretui.store.db import Store
from caretui.store.queries import activities, case_record, forms, staff
from caretui.widgets.record_table import RecordTable
from tests.screens.conftest import settle, sign_in, wait_until

SIZE = (80, 24)


class Keys:
    """Presses keys through the pilot, counting them; typed text is not counted."""

    def __init__(self, pilot: Any) -> None:
        self.pilot = pilot
        self.count = 0

    async def press(self, *keys: str) -> None:
        for key in keys:
            self.count += 1
            await self.pilot.press(key)
            await settle(self.pilot, 0.2)

    async def type(self, text: str) -> None:
        await self.pilot.press(*text)
        await settle(self.pilot, 0.2)

    def within(self, budget: int) -> None:
        assert self.count <= budget, f"{self.count} keys, the budget is {budget}"


async def _dashboard(pilot: Any, app: CareApp) -> int:
    """The dashboard with Primary Cases' first row highlighted: its case."""
    await settle(pilot)
    assert isinstance(app.screen, DashboardScreen)
    table = app.screen.query_one("#table-primary", RecordTable)
    await wait_until(pilot, lambda: table.current_key is not None)
    return app.screen.case_for["primary"][table.current_key or ""]


async def test_a_case_note_in_four_keys(sandbox: Store) -> None:
    sharma = sign_in(sandbox, "sharma")
    app = CareApp(store=sandbox, actor=sharma, sandbox=True)
    async with app.run_test(size=SIZE) as pilot:
        case_id = await _dashboard(pilot, app)
        keys = Keys(pilot)
        await keys.press("n", "c")
        assert isinstance(app.screen, ActivityScreen)
        assert app.screen.kind is ActivityType.CASE_NOTE
        await keys.type("Spoke to daughter")
        await keys.press("tab")
        await keys.type("She will visit on Sunday.")
        await keys.press("ctrl+s")
        assert isinstance(app.screen, DashboardScreen)
    keys.within(4)
    [note] = [
        a
        for a in activities.case_activities(sandbox, sharma, case_id)
        if a.subject == "Spoke to daughter"
    ]
    assert note.type is ActivityType.CASE_NOTE and note.status is ActivityStatus.COMPLETED
    assert "Sunday" in activities.activity_detail(sandbox, sharma, note.activity_id).notes


async def test_a_phone_call_to_the_team_queue_in_six_keys(sandbox: Store) -> None:
    sharma = sign_in(sandbox, "sharma")
    app = CareApp(store=sandbox, actor=sharma, sandbox=True)
    async with app.run_test(size=SIZE) as pilot:
        case_id = await _dashboard(pilot, app)
        keys = Keys(pilot)
        await keys.press("n", "p")
        assert isinstance(app.screen, ActivityScreen)
        assert app.screen.kind is ActivityType.PHONE_CALL
        await keys.type("Ring GP about medication")
        await keys.press("ctrl+n")  # nobody named: the team queue
        await keys.press("ctrl+s")
        assert isinstance(app.screen, DashboardScreen)
    keys.within(6)
    [call] = [
        a
        for a in activities.case_activities(sandbox, sharma, case_id)
        if a.subject == "Ring GP about medication"
    ]
    detail = activities.activity_detail(sandbox, sharma, call.activity_id)
    assert detail.responsible_user_id is None
    assert detail.responsible_team_id == sharma.team_id
    assert call.status is ActivityStatus.OPEN


async def test_a_form_in_four_keys_is_the_signed_in_workers(sandbox: Store) -> None:
    sharma = sign_in(sandbox, "sharma")
    app = CareApp(store=sandbox, actor=sharma, sandbox=True)
    async with app.run_test(size=SIZE) as pilot:
        case_id = await _dashboard(pilot, app)
        before = {f.form_id for f in forms.case_forms(sandbox, sharma, case_id)}
        keys = Keys(pilot)
        await keys.press("F", "enter", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, FormScreen))
    keys.within(4)
    [new] = [f for f in forms.case_forms(sandbox, sharma, case_id) if f.form_id not in before]
    assert new.responsible == sharma.name


async def test_a_transfer_to_another_team_in_six_keys(sandbox: Store) -> None:
    sharma = sign_in(sandbox, "sharma")
    south = next(t for t in staff.teams(sandbox) if t.name.startswith("South"))
    app = CareApp(store=sandbox, actor=sharma, sandbox=True)
    async with app.run_test(size=SIZE) as pilot:
        case_id = await _dashboard(pilot, app)
        keys = Keys(pilot)
        await keys.press("T")
        assert isinstance(app.screen, TransferWizard)
        await keys.press("enter", "s", "enter")  # the team: South
        assert app.screen.answers["team"] == str(south.id)  # type: ignore[attr-defined]
        await keys.press("ctrl+s")  # not finished: to the reason
        await keys.type("Moving to Dewsbury")
        await keys.press("ctrl+s")
        assert isinstance(app.screen, DashboardScreen)
    keys.within(6)
    case = case_record.case_detail(sandbox, sign_in(sandbox, "sharma"), case_id)
    assert (case.responsible_team_id, case.responsible_user_id) == (south.id, None)


async def test_closure_readiness_in_two_keys(sandbox: Store) -> None:
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "sharma"), sandbox=True)
    async with app.run_test(size=SIZE) as pilot:
        await _dashboard(pilot, app)
        keys = Keys(pilot)
        await keys.press("enter", "C")
        wizard = app.screen
        assert isinstance(wizard, ClosureWizard) and wizard.frame.index == 0
        assert app.focused is wizard.query_one("#closure-checklist")  # the readiness checks
        assert wizard.checklist.lines  # each check, passed or failing, is on screen
    keys.within(2)


async def test_a_person_found_by_name_and_opened_in_three_keys(sandbox: Store) -> None:
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "sharma"), sandbox=True)
    async with app.run_test(size=SIZE) as pilot:
        await _dashboard(pilot, app)
        keys = Keys(pilot)
        await keys.press("slash")
        await keys.type("hai dor")
        await keys.press("enter", "enter")
        assert isinstance(app.screen, PersonScreen)
        text = " ".join(str(w.render()) for w in app.screen.query("Static"))
        assert "Dorothy Haigh" in text
    keys.within(3)
