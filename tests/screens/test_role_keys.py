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
