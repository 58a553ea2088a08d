"""Issue 14, toasts: one message at a time at 80x24, in a line above the key bar that hides
no field; ordinary messages go with their screen, the ones that matter stay until escape."""

from __future__ import annotations

from typing import Any

from textual.geometry import Region

from caretui.app import CareApp
from caretui.rules.vocab import ActivityType
from caretui.screens.activity import ActivityScreen
from caretui.screens.dashboard import DashboardScreen
from caretui.store.db import Store
from caretui.store.queries import worklists
from caretui.widgets.keybar import KeyBar
from caretui.widgets.message_line import MessageLine
from tests.screens.conftest import settle, sign_in, wait_until

SIZE = (80, 24)


def _shown(app: CareApp) -> list[MessageLine]:
    """The message lines in sight on the current screen."""
    return [line for line in app.screen.query(MessageLine) if line.display]


def _said(app: CareApp) -> str:
    lines = _shown(app)
    return " ".join(str(line.render()) for line in lines)


def _keys(app: CareApp) -> str:
    return str(app.screen.query_one(KeyBar).render())


async def _note_screen(pilot: Any, store: Store) -> ActivityScreen:
    app = pilot.app
    sharma = app.actor
    case_id = worklists.primary_cases(store, sharma)[0].case_id
    app.push_screen(ActivityScreen(store, sharma, case_id=case_id, kind=ActivityType.CASE_NOTE))
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, ActivityScreen)
    await wait_until(pilot, lambda: not screen._loading)
    return screen


async def test_a_second_message_replaces_the_first(sandbox: Store) -> None:
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "sharma"), sandbox=True)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        app.notify("First message.")
        await pilot.pause()
        app.notify("Second message.")
        await pilot.pause()
        lines = _shown(app)
        assert len(lines) == 1
        assert "Second message." in _said(app)
        assert "First message." not in _said(app)
        # Textual's own toasts are never raised.
        assert not [t for t in app.screen.query("Toast") if t.display]


async def test_a_message_hides_no_field_and_sits_above_the_key_bar(sandbox: Store) -> None:
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "sharma"), sandbox=True)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        screen = await _note_screen(pilot, sandbox)
        # The status field is the last one, at the foot of the form: the most at risk.
        screen.query_one("#status").focus()
        await pilot.pause()
        app.notify(
            "A long message that takes more than one line at eighty columns, so that it "
            "needs two rows of the screen to be read whole, as some of caretui's do."
        )
        await settle(pilot)
        [line] = _shown(app)
        focused = app.focused
        assert focused is not None
        assert not line.region.overlaps(focused.region)
        assert Region(0, 0, *SIZE).contains_region(focused.region)
        keybar = screen.query_one(KeyBar)
        assert line.region.bottom == keybar.region.y  # right above the key bar
        # No field of the screen is under it.
        for widget in screen.query("Input, TextArea, Select, Button"):
            if widget.region:
                assert not line.region.overlaps(widget.region), widget


async def test_a_message_goes_with_the_screen_it_was_about(sandbox: Store) -> None:
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "sharma"), sandbox=True)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await _note_screen(pilot, sandbox)
        app.screen.notify("About this activity.", timeout=30)
        await settle(pilot)
        assert "About this activity." in _said(app)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert "About this activity." not in _said(app)


async def test_a_message_that_matters_stays_until_escape(sandbox: Store) -> None:
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "sharma"), sandbox=True)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        screen = await _note_screen(pilot, sandbox)
        app.notify("Your role cannot do that.", severity="warning", timeout=0.2)
        await settle(pilot, 0.5)  # well past its timeout
        app.notify("Not saved: someone else saved it first.", severity="error", timeout=0.2)
        await settle(pilot, 0.5)
        said = _said(app)
        assert "someone else saved it first" in said and "escape: dismiss" in said
        assert "Your role" not in said  # one at a time
        assert "esc Dismiss message" in _keys(app)
        await pilot.press("escape")  # dismisses the message, and only that
        await pilot.pause()
        assert app.screen is screen
        assert _said(app) == ""
        assert "esc Back" in _keys(app) and "Dismiss" not in _keys(app)
        await pilot.press("escape")  # now escape goes back as ever
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)


async def test_a_message_that_matters_follows_into_a_dialog_and_back(sandbox: Store) -> None:
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "sharma"), sandbox=True)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        app.notify("Closure returned: see the reason.", severity="warning")
        await settle(pilot)
        await pilot.press("question_mark")  # the help screen over the dashboard
        await settle(pilot)
        assert "Closure returned" in _said(app)
        await pilot.press("escape")  # dismisses it first
        await pilot.pause()
        assert _said(app) == ""
