"""Every record reachable (issue 14), by keyboard at 80x24 on a copy of the sandbox.

A manager finds a closed case from the person record, reads it (read only, said in
words), and reopens it; a practitioner sees a returned closure on the dashboard with
the reason; a viewer on a closed case is offered no key that writes.
"""

from __future__ import annotations

from typing import Any

from caretui.app import CareApp
from caretui.rules.vocab import CaseStatus
from caretui.screens.case import CaseScreen
from caretui.screens.case_items import CaseFormsScreen, InvolvementsScreen
from caretui.screens.dashboard import DashboardScreen
from caretui.screens.person import PersonScreen
from caretui.screens.person_cases import PersonCasesScreen
from caretui.store.db import Store
from caretui.store.ops.closure import authorise_closure, request_closure, return_closure
from caretui.store.queries import case_record, closure
from caretui.widgets.keybar import KeyBar
from caretui.widgets.record_table import RecordTable
from tests.screens.conftest import sign_in
from tests.screens.test_walkthrough import SMALL, settle
from tests.screens.test_wizards import _case, _case_of, _type

SUMMARY = {
    "goals_met": "Fully met",
    "goals_notes": "Settled with her daughter in Leeds.",
    "recommendations": "None",
}


def keys_shown(app: CareApp) -> str:
    return str(app.screen.query_one(KeyBar).render())


def text_of(app: CareApp, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


def _close_jean(store: Store) -> tuple[int, int]:
    """Jean Barraclough's open case closed today (her earlier case closed in 2025):
    (her person ID, the case just closed)."""
    sharma, clarke = sign_in(store, "sharma"), sign_in(store, "clarke")
    case_id = _case_of(store, "sharma", "Jean Barraclough")
    request = request_closure(store, sharma, case_id, reason="Needs met", summary=SUMMARY)
    authorise_closure(store, clarke, request)
    return case_record.case_detail(store, clarke, case_id).person_id, case_id


async def _open_person(pilot: Any, app: CareApp, person_id: int) -> None:
    app.open_person(person_id)
    await settle(pilot)
    assert isinstance(app.screen, PersonScreen)


async def test_a_manager_lists_the_cases_reads_the_closed_one_and_reopens_it(
    sandbox: Store,
) -> None:
    person_id, case_id = _close_jean(sandbox)
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "clarke"), sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await _open_person(pilot, app, person_id)
        assert "2 closed: c or o lists them" in text_of(app, "#person-body")
        await pilot.press("c")  # no open case: the list of her cases
        await settle(pilot)
        assert isinstance(app.screen, PersonCasesScreen)
        screen = app.screen
        assert screen.rows[0].case_id == case_id
        assert all(r.closed for r in screen.rows)
        table = screen.query_one(RecordTable)
        first = [str(c) for c in table.get_row_at(0)]
        assert first == [str(case_id), first[1], "Closed 24/11/2026", "Needs met"]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen) and app.screen.case_id == case_id
        banner = text_of(app, "#case-closed")
        assert banner == "CLOSED on 24 Nov 2026: Needs met — read only"
        assert app.screen.query_one("#case-closed").display
        assert "Reopen case" in keys_shown(app)
        assert "New activity" not in keys_shown(app)
        summary = text_of(app, "#closure-summary")
        assert "Settled with her daughter in Leeds." in summary and "Helen Clarke" in summary

        await pilot.press("i")
        await settle(pilot)
        assert isinstance(app.screen, InvolvementsScreen)
        assert app.screen.rows, "the ended involvements are still there to read"
        assert "read only" in text_of(app, "#items-title")
        assert app.screen.check_action("new", ()) is False
        assert app.screen.check_action("end", ()) is False
        assert "n add" not in text_of(app, "#items-hint")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, CaseFormsScreen)
        assert app.screen.check_action("new", ()) is False
        await pilot.press("escape")
        await settle(pilot)

        assert isinstance(app.screen, CaseScreen)
        await pilot.press("R")
        await settle(pilot)
        await _type(pilot, "Jean moved back and fell again")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
        assert not app.screen.query_one("#case-closed").display
        assert "Reopen case" not in keys_shown(app)
    assert _case(sandbox, case_id).status == CaseStatus.OPEN


async def test_a_practitioner_sees_a_returned_closure_on_the_dashboard(sandbox: Store) -> None:
    sharma, clarke = sign_in(sandbox, "sharma"), sign_in(sandbox, "clarke")
    case_id = _case_of(sandbox, "sharma", "Walter Sykes")  # a request waits for the manager
    request = closure.latest_closure_request(sandbox, clarke, case_id)
    assert request is not None
    return_closure(sandbox, clarke, request.request_id, "Add Susan's views first.")
    app = CareApp(store=sandbox, actor=sharma, sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        table = app.screen.query_one("#table-primary", RecordTable)
        row = next(
            [str(c) for c in table.get_row_at(n)]
            for n in range(table.row_count)
            if str(case_id) in [str(c) for c in table.get_row_at(n)]
        )
        assert row[-1] == "Closure returned"
        note = text_of(app, "#empty-primary")
        assert f"case {case_id} (Walter Sykes): Add Susan's views first." in note
        assert "by Helen Clarke" in note


async def test_a_viewer_on_a_closed_case_is_offered_no_key_that_writes(sandbox: Store) -> None:
    person_id, case_id = _close_jean(sandbox)
    for login in ("lee", "sharma"):
        app = CareApp(store=sandbox, actor=sign_in(sandbox, login), sandbox=True)
        async with app.run_test(size=SMALL) as pilot:
            await settle(pilot)
            await _open_person(pilot, app, person_id)
            await pilot.press("o")
            await settle(pilot)
            assert isinstance(app.screen, PersonCasesScreen)
            assert app.screen.check_action("new", ()) is False
            await pilot.press("enter")
            await settle(pilot)
            case = app.screen
            assert isinstance(case, CaseScreen) and case.case_id == case_id
            assert "read only" in text_of(app, "#case-closed")
            keys = keys_shown(app)
            assert "New activity" not in keys and "Reopen" not in keys
            for action, params in (
                ("new_activity", ()),
                ("reopen", ()),
                ("wizard", ("transfer",)),
                ("wizard", ("carers_conversation",)),
            ):
                assert case.check_action(action, params) is False, (login, action)
            await pilot.press("a")
            await settle(pilot)
            assert app.screen.check_action("new", ()) is False
