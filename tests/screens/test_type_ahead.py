"""Keys typed ahead, as a burst (a fast typist over SSH, where keys travel in packets),
land where they were meant to: the app reads every key before any field has caught up."""

from __future__ import annotations

from typing import Any

import pytest
from textual import events
from textual.app import ComposeResult
from textual.widgets import Input, TextArea

from caretui.app import CareApp
from caretui.screens.new_contact import NewContactWizard
from caretui.store.db import Store
from caretui.typeahead import TypeAhead
from tests.screens.conftest import settle, sign_in


def burst(app: Any, keys: list[str]) -> None:
    """Every key queued at once, as a terminal delivers a packet of them."""
    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else None))


class TwoFields(TypeAhead):
    BINDINGS = TypeAhead.TYPE_AHEAD_BINDINGS

    def compose(self) -> ComposeResult:
        yield Input(id="first", select_on_focus=False)
        yield Input(id="second", select_on_focus=False)
        yield TextArea(id="notes")


@pytest.mark.parametrize(
    ("keys", "first", "second"),
    [
        ([*"abd", "backspace", "c"], "abc", ""),
        ([*"abc", "left", "left", "X"], "aXbc", ""),
        ([*"ab", "tab", "c", "d"], "ab", "cd"),
        ([*"ab", "tab", "c", "ctrl+u", "e"], "ab", "e"),
        (["a", "tab", "b", "shift+tab", "c"], "ac", "b"),
        ([*"ab", "home", "X", "end", "Y"], "XabY", ""),
    ],
)
async def test_editing_and_moving_keys_keep_their_place_in_a_burst(
    keys: list[str], first: str, second: str
) -> None:
    app = TwoFields()
    async with app.run_test() as pilot:
        await pilot.pause()
        burst(app, keys)
        await pilot.pause(0.3)
        assert app.query_one("#first", Input).value == first
        assert app.query_one("#second", Input).value == second


async def test_a_burst_into_a_text_area_keeps_its_corrections() -> None:
    app = TwoFields()
    async with app.run_test() as pilot:
        app.query_one("#notes", TextArea).focus()
        await pilot.pause()
        burst(app, [*"Seen at hoem", "backspace", "backspace", *"me", "tab", "z"])
        await pilot.pause(0.3)
        assert app.query_one("#notes", TextArea).text == "Seen at home"
        assert app.query_one("#first", Input).value == "z"  # tab wrapped round to the first


async def test_a_new_persons_details_typed_in_one_burst(sandbox: Store) -> None:
    """Date of birth, tab to the NHS number, typed without waiting: each in its own field."""
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "iqbal"), sandbox=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("N")
        await settle(pilot)
        wizard = app.screen
        assert isinstance(wizard, NewContactWizard)
        await pilot.press(*"Quentin Yarrow")
        await settle(pilot)
        await pilot.press("down", "enter")  # nobody found: New person
        await settle(pilot)
        await pilot.press("tab", "tab")  # first name, last name, date of birth
        burst(app, [*"14/02/1941", "tab", "tab", *"9434765919", "tab", *"12 Mill Lane"])
        await settle(pilot)
        form = wizard.step_form(1)
        assert form is not None
        answers = form.answers
        assert str(answers["date_of_birth"]) == "1941-02-14"
        assert answers["nhs_number"] == "9434765919"
        assert answers["address_line1"] == "12 Mill Lane"
