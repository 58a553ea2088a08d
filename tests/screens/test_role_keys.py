"""Screens hide the keys a role may never use (S1); the store refuses them anyway."""

from __future__ import annotations

from caretui.app import CareApp
from caretui.screens.case import CaseScreen
from caretui.screens.case_items import CaseActivitiesScreen
from caretui.screens.person_key_safe import KeySafeScreen
from caretui.store.db import Store
from caretui.store.queries import worklists
from tests.screens.conftest import settle, sign_in
from tests.screens.test_walkthrough import SMALL


def keys_shown(app: CareApp) -> set[str]:
    return {
        binding.action
        for _node, binding, enabled, _tip in app.screen.active_bindings.values()
        if enabled
    }


async def test_a_viewer_sees_no_key_to_write_and_a_practitioner_does(sandbox: Store) -> None:
    sharma = sign_in(sandbox, "sharma")
    case_id = worklists.primary_cases(sandbox, sharma)[0].case_id
    for login, may_write in (("lee", False), ("sharma", True)):
        app = CareApp(store=sandbox, actor=sign_in(sandbox, login), sandbox=True)
        async with app.run_test(size=SMALL) as pilot:
            await settle(pilot)
            app.open_case(case_id)
            await settle(pilot)
            assert isinstance(app.screen, CaseScreen)
            assert ("new_activity" in keys_shown(app)) is may_write, login
            assert ("wizard('transfer')" in keys_shown(app)) is may_write, login
            await pilot.press("a")
            await settle(pilot)
            assert isinstance(app.screen, CaseActivitiesScreen)
            assert ("new" in keys_shown(app)) is may_write, login
            await pilot.press("n")
            await settle(pilot)
            # n chooses a type for a practitioner; for a viewer it does nothing.
            assert isinstance(app.screen, CaseActivitiesScreen) is not may_write, login


async def test_a_viewer_has_no_key_safe_reveal(sandbox: Store) -> None:
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "lee"), sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        app.push_screen(KeySafeScreen(sandbox, app.actor, 1, "Dorothy Haigh"))  # type: ignore[arg-type]
        await settle(pilot)
        assert "reveal" not in keys_shown(app)
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, KeySafeScreen)


async def test_the_hint_line_leaves_out_the_keys_a_role_has_not(sandbox: Store) -> None:
    from textual.widgets import Static

    sharma = sign_in(sandbox, "sharma")
    case_id = worklists.primary_cases(sandbox, sharma)[0].case_id
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "lee"), sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        app.open_case(case_id)
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        hint = str(app.screen.query_one("#items-hint", Static).render())
        assert "n new" not in hint and "escape back" in hint


# --- issue 14: keys offered but not allowed ----------------------------------------------------

OFFERS = ("Press n", "Press e", "press v", "enter to change")
WRITING_KEYS = {"edit", "new", "save", "reveal", "end", "withdraw", "reconfirm", "team_queue"}


def words_on_screen(app: CareApp) -> str:
    """Every line of text the screen shows (titles, hints, empty lists, buttons)."""
    from textual.widgets import Button

    out = []
    for widget in app.screen.query("Static, Label, Button"):
        out.append(str(widget.label) if isinstance(widget, Button) else str(widget.render()))
    return "\n".join(out)


def notes(app: CareApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def help_rows(pilot, app: CareApp) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """What help (f1) lists for the screen on top, then help closed again."""
    from caretui.screens.help import HelpScreen

    await pilot.press("f1")
    await settle(pilot)
    assert isinstance(app.screen, HelpScreen)
    rows = app.screen.rows()
    await pilot.press("escape")
    await settle(pilot)
    return rows


async def assert_read_only(pilot, app: CareApp, where: str) -> None:  # type: ignore[no-untyped-def]
    shown = keys_shown(app)
    assert not shown & WRITING_KEYS, (where, shown & WRITING_KEYS)
    text = words_on_screen(app)
    assert not [o for o in OFFERS if o in text], (where, text)
    described = {does for _keys, does in await help_rows(pilot, app)}
    assert not described & {"Edit", "Edit details", "New", "Save", "Reveal code"}, where


async def press_and_hear(pilot, app: CareApp, key: str, screen: type) -> str:  # type: ignore[no-untyped-def]
    """Press a hidden key: the screen stays, and a notice says why."""
    app.clear_notifications()
    await pilot.press(key)
    await settle(pilot)
    assert isinstance(app.screen, screen), key
    said = notes(app)
    assert said, f"pressing {key} said nothing"
    return said[-1]


async def test_a_viewer_is_offered_no_writing_key_and_is_told_why(sandbox: Store) -> None:
    from caretui.screens.activity import ActivityScreen
    from caretui.screens.person import PersonScreen

    sharma = sign_in(sandbox, "sharma")
    case = worklists.primary_cases(sandbox, sharma)[0]
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "lee"), sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await press_and_hear(pilot, app, "n", type(app.screen))  # the dashboard's row key
        assert "Viewers can read records but not change them." in notes(app)

        app.open_case(case.case_id)
        await settle(pilot)
        await assert_read_only(pilot, app, "case")
        said = await press_and_hear(pilot, app, "n", CaseScreen)
        assert said == "Viewers can read records but not change them."
        said = await press_and_hear(pilot, app, "T", CaseScreen)
        assert said == "Viewers can read records but not change them."

        for key in "gl":  # safeguarding and DoLS: empty lists say nothing of n
            await pilot.press(key)
            await settle(pilot)
            await assert_read_only(pilot, app, key)
            said = await press_and_hear(pilot, app, "n", type(app.screen))
            assert said.startswith("Viewers can read records"), said
            await pilot.press("escape")
            await settle(pilot)

        await pilot.press("a")
        await settle(pilot)
        await assert_read_only(pilot, app, "activities")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ActivityScreen)
        await assert_read_only(pilot, app, "activity")
        said = await press_and_hear(pilot, app, "ctrl+s", ActivityScreen)
        assert said == "Viewers can read records but not change them."
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        await assert_read_only(pilot, app, "person")
        said = await press_and_hear(pilot, app, "e", PersonScreen)
        assert said == "Viewers can read records but not change them."


async def test_a_viewer_sees_the_key_safe_without_reveal_or_edit(sandbox: Store) -> None:
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "lee"), sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        app.push_screen(KeySafeScreen(sandbox, app.actor, 1, "Dorothy Haigh"))  # type: ignore[arg-type]
        await settle(pilot)
        await assert_read_only(pilot, app, "key safe")
        text = words_on_screen(app)
        assert "••••" in text and "reveal" not in text and "e edit" not in text, text
        said = await press_and_hear(pilot, app, "v", KeySafeScreen)
        assert said.startswith("Viewers can read records but not reveal a key safe code"), said
        said = await press_and_hear(pilot, app, "e", KeySafeScreen)
        assert said == "Viewers can read records but not change them."


async def test_a_practitioner_still_has_the_keys(sandbox: Store) -> None:
    sharma = sign_in(sandbox, "sharma")
    case_id = worklists.primary_cases(sandbox, sharma)[0].case_id
    app = CareApp(store=sandbox, actor=sharma, sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        app.open_case(case_id)
        await settle(pilot)
        await pilot.press("l")  # no DoLS on this case: n adds one, and the list says so
        await settle(pilot)
        assert "new" in keys_shown(app)
        assert "Nothing recorded yet. Press n to add." in words_on_screen(app)
        await pilot.press("escape")
        await settle(pilot)
        app.push_screen(KeySafeScreen(sandbox, app.actor, 1, "Dorothy Haigh"))  # type: ignore[arg-type]
        await settle(pilot)
        assert {"reveal", "edit"} <= keys_shown(app)
        text = words_on_screen(app)
        assert "press v to reveal" in text and "e edit" in text, text


async def test_help_lists_only_the_panels_a_practitioner_has(sandbox: Store) -> None:
    from caretui.screens.dashboard import DashboardScreen

    app = CareApp(store=sandbox, actor=sign_in(sandbox, "sharma"), sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        panels = [does for _keys, does in await help_rows(pilot, app) if does.startswith("Panel")]
        assert panels == [f"Panel: {p.title}" for p in screen.panels]
        titles = " ".join(panels)
        assert "Forms to close" not in titles and "Countersign" not in titles
        assert "Closures to authorise" not in titles
        await pilot.press("8")  # a manager's panel: not this practitioner's
        await settle(pilot)
        assert screen.active_panel == "primary"


async def test_a_students_case_menu_has_no_transfer_or_closure(sandbox: Store) -> None:
    from caretui.widgets.choose_one import ChooseOne

    sharma = sign_in(sandbox, "sharma")
    case_id = worklists.primary_cases(sandbox, sharma)[0].case_id
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "evans"), sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        app.open_case(case_id)
        await settle(pilot)
        described = {does for _keys, does in await help_rows(pilot, app)}
        assert not {"Transfer the case", "Request closure"} & described
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, ChooseOne)
        menu = " ".join(str(o.prompt) for o in app.screen.query_one("OptionList").options)  # type: ignore[attr-defined]
        assert "Activities" in menu and "Carers Conversation" in menu
        assert "Transfer" not in menu and "closure" not in menu.lower()
        await pilot.press("escape")
        await settle(pilot)
        said = await press_and_hear(pilot, app, "T", CaseScreen)
        assert said == "Students cannot transfer a case: practitioners and team managers can."
