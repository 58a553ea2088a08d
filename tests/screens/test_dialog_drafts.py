"""Small dialogs keep what is typed as a draft: escape loses nothing, saving clears it."""

from __future__ import annotations

from textual.widgets import Input, Select

from caretui.app import CareApp
from caretui.screens.case_items import SafeguardingScreen
from caretui.store.db import Store
from caretui.store.queries import drafts, worklists
from caretui.widgets.record_dialog import RecordDialog
from tests.screens.conftest import settle, sign_in, wait_until
from tests.screens.test_walkthrough import SMALL


async def test_a_new_safeguarding_record_survives_escape_and_is_cleared_by_saving(
    sandbox: Store,
) -> None:
    actor = sign_in(sandbox, "sharma")
    case_id = worklists.primary_cases(sandbox, actor)[0].case_id
    key = f"case:{case_id}:safeguarding:new"
    app = CareApp(store=sandbox, actor=actor, sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        app.open_case(case_id)
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, SafeguardingScreen)
        await pilot.press("n")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, RecordDialog)
        dialog.query_one("#f-source", Input).value = "District nurse on her weekly visit"
        await pilot.press("escape")
        await settle(pilot)
        await wait_until(pilot, lambda: drafts.draft(sandbox, actor, key) is not None)
        assert isinstance(app.screen, SafeguardingScreen)

        await pilot.press("n")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, RecordDialog)
        source = dialog.query_one("#f-source", Input)
        await wait_until(pilot, lambda: source.value == "District nurse on her weekly visit")
        dialog.query_one("#f-concern_type", Select).value = dialog.fields[1].options[0][1]
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, RecordDialog)
    assert drafts.draft(sandbox, actor, key) is None
