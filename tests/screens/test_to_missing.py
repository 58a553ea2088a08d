"""Issue 14, ctrl+g "to the first thing missing" at 80x24: each press goes on to the next
answer still needed, scrolled into sight; with none, to Status; a table answer is reached
with its keys in the key bar. The team queue is ctrl+n now, in the activity and the lookup."""

from __future__ import annotations

from typing import Any

from textual.geometry import Region
from textual.widgets import DataTable, Input

from caretui.app import CareApp
from caretui.rules.forms import load_spec, missing_before_complete
from caretui.rules.vocab import ActivityType
from caretui.screens.activity import ActivityScreen
from caretui.screens.form import FormScreen
from caretui.store.db import Store
from caretui.store.ops.forms import create_form
from caretui.store.queries import worklists
from caretui.widgets.form_fields import FieldBox
from caretui.widgets.form_view import FormView
from caretui.widgets.keybar import KeyBar
from caretui.widgets.user_lookup import UserLookup
from tests.rules.test_form_specs import complete
from tests.screens.conftest import settle, sign_in, wait_until

SIZE = (80, 24)
SCREEN = Region(0, 0, *SIZE)


async def _form(pilot: Any, store: Store, form_type: str, answers: dict[str, Any]) -> FormScreen:
    app = pilot.app
    sharma = app.actor
    case_id = worklists.primary_cases(store, sharma)[0].case_id
    form_id = create_form(
        store, sharma, case_id=case_id, form_type=form_type, responsible_user_id=sharma.id
    )
    if answers:
        from caretui.store.ops.forms import save_form

        save_form(store, sharma, form_id, answers, expected_version=1)
    app.push_screen(FormScreen(store, sharma, form_id))
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, FormScreen)
    await wait_until(pilot, lambda: bool(screen.query(FormView)))
    await settle(pilot)
    return screen


def _focused_key(app: CareApp) -> str | None:
    node: Any = app.focused
    while node is not None:
        if isinstance(node, FieldBox):
            return node.field.key
        node = node.parent
    return None


def _in_sight(app: CareApp) -> bool:
    """The focused field is on screen and inside the part of its section in view."""
    focused = app.focused
    assert focused is not None
    region = focused.region
    if not region or not SCREEN.contains_region(region):
        return False
    body = focused.parent
    while body is not None and not getattr(body, "is_scrollable", False):
        body = body.parent
    return body is None or body.region.contains_region(region)


def _keys(app: CareApp) -> str:
    return str(app.screen.query_one(KeyBar).render())


async def test_ctrl_g_goes_on_to_each_missing_answer_in_turn_and_round(sandbox: Store) -> None:
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "sharma"), sandbox=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _form(pilot, sandbox, "ot_review", {})
        view = screen.view
        wanted = [f.key for f in view.missing]
        assert len(wanted) >= 4
        screen.query_one("#status").focus()  # from outside the questions: the first is next
        await settle(pilot, 0.1)
        for key in wanted:  # each in turn, scrolled into sight (scrolling may take a moment)
            await pilot.press("ctrl+g")
            await wait_until(pilot, lambda k=key: _focused_key(app) == k and _in_sight(app), 5, key)
        await pilot.press("ctrl+g")  # round to the first again
        await wait_until(pilot, lambda: _focused_key(app) == wanted[0], why="round again")


async def test_ctrl_g_pressed_twice_at_once_goes_two_fields_on(sandbox: Store) -> None:
    """A second press before the cursor has arrived goes on from where the first is going."""
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "sharma"), sandbox=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _form(pilot, sandbox, "ot_review", {})
        wanted = [f.key for f in screen.view.missing]
        screen.query_one("#status").focus()
        await settle(pilot, 0.1)
        await screen.view.action_next_missing()
        await screen.view.action_next_missing()  # before the first has moved the cursor
        await wait_until(pilot, lambda: _focused_key(app) == wanted[1], why=_focused_key(app))


async def test_ctrl_g_with_nothing_missing_goes_to_status(sandbox: Store) -> None:
    answers = complete(load_spec("ot_review"))
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "sharma"), sandbox=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _form(pilot, sandbox, "ot_review", answers)
        assert not screen.view.missing
        await pilot.press("ctrl+g")
        await settle(pilot, 0.1)
        assert app.focused is screen.query_one("#status")
        await pilot.press("ctrl+g")  # from Status too: still nothing missing, Status stays
        await settle(pilot, 0.1)
        assert app.focused is screen.query_one("#status")


async def test_ctrl_g_reaches_a_missing_table_and_its_add_key_is_shown(sandbox: Store) -> None:
    spec = load_spec("carers_conversation_record")
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "sharma"), sandbox=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _form(pilot, sandbox, spec.key, {})
        tables = [f.key for f in missing_before_complete(spec, {}) if f.type == "table"]
        assert tables
        for _ in range(len(screen.view.missing)):
            await pilot.press("ctrl+g")
            await settle(pilot, 0.1)
            if _focused_key(app) == tables[0]:
                break
        assert _focused_key(app) == tables[0]
        assert isinstance(app.focused, DataTable)
        assert _in_sight(app)
        assert " a Add row " in _keys(app)


async def test_ctrl_g_on_an_activity_goes_to_what_is_missing_then_status(sandbox: Store) -> None:
    sharma = sign_in(sandbox, "sharma")
    case_id = worklists.primary_cases(sandbox, sharma)[0].case_id
    app = CareApp(store=sandbox, actor=sharma, sandbox=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        kind = ActivityType.APPOINTMENT
        app.push_screen(ActivityScreen(sandbox, sharma, case_id=case_id, kind=kind))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ActivityScreen)
        await wait_until(pilot, lambda: not screen._loading)
        keys = _keys(app)
        assert "^g To missing" in keys and "^n No user: team queue" in keys
        screen.query_one("#when", Input).value = ""
        screen.query_one("#notes").focus()
        await pilot.pause()
        await pilot.press("ctrl+g")  # after the notes: the date, not the subject above
        await pilot.pause()
        assert app.focused is screen.query_one("#when")
        await pilot.press("ctrl+g")  # round to the subject
        await pilot.pause()
        assert app.focused is screen.query_one("#subject")
        await pilot.press(*"Home visit")
        screen.query_one("#when", Input).value = "24/11/2026 10:00"
        await pilot.press("ctrl+g")  # nothing missing: Status, scrolled into sight
        await settle(pilot, 0.1)
        status = screen.query_one("#status")
        assert app.focused is status
        assert SCREEN.contains_region(status.region)
        assert screen.query_one("#fields").region.contains_region(status.region)


async def test_ctrl_n_is_the_team_queue_in_the_activity_and_the_lookup(sandbox: Store) -> None:
    sharma = sign_in(sandbox, "sharma")
    case_id = worklists.primary_cases(sandbox, sharma)[0].case_id
    app = CareApp(store=sandbox, actor=sharma, sandbox=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(
            ActivityScreen(sandbox, sharma, case_id=case_id, kind=ActivityType.PHONE_CALL)
        )
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ActivityScreen)
        await wait_until(pilot, lambda: not screen._loading)
        assert screen.responsible is not None
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert screen.responsible is None
        screen.query_one("#who").focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, UserLookup)
        assert isinstance(app.focused, Input)  # the name box
        assert "^n No user: team queue" in _keys(app)
        await pilot.press(*"sha")
        await settle(pilot)
        await pilot.press("ctrl+n")  # from the name box too
        await settle(pilot)
        assert app.screen is screen
        assert screen.responsible is None
