"""A store that is busy when a practitioner saves: a message in words, nothing typed lost."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from caretui.app import CareApp
from caretui.screens.activity import ActivityScreen
from caretui.store import db
from caretui.store.db import Store
from tests.screens.conftest import sign_in
from tests.screens.test_walkthrough import SMALL, settle


async def test_saving_while_another_program_locks_the_store_keeps_what_was_typed(
    sandbox: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 200)
    sandbox.write_engine.dispose()  # new connections take the short timeout
    path = Path(make_url(sandbox.url).database or "")
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "sharma"), sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ActivityScreen)
        await pilot.press(*"Visited, all well")
        await settle(pilot)
        holder = sqlite3.connect(path, isolation_level=None)
        try:
            holder.execute("BEGIN EXCLUSIVE")
            await pilot.press("ctrl+s")
            await settle(pilot, 0.6)
            assert isinstance(app.screen, ActivityScreen)
            assert app.screen.query_one("#subject").value == "Visited, all well"  # type: ignore[attr-defined]
            assert any("busy" in n.message for n in app._notifications)
            assert not any("Traceback" in n.message for n in app._notifications)
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert any("saved" in n.message.lower() for n in app._notifications)
