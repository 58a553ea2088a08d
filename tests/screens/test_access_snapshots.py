"""SVG snapshots at 80x24 of the system admin's screens (--snapshot-update to accept)."""

from __future__ import annotations

from caretui.app import CareApp
from caretui.store.db import Store
from tests.screens.conftest import sign_in
from tests.screens.test_snapshots import SIZE, _settle


def test_accounts_and_access_review(snap_compare, sandbox: Store) -> None:  # type: ignore[no-untyped-def]
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "morgan"), sandbox=True)

    async def open_accounts(pilot) -> None:  # type: ignore[no-untyped-def]
        await _settle(pilot)
        await pilot.press("U")
        await _settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=open_accounts)


def test_session_lock(snap_compare, sandbox: Store) -> None:  # type: ignore[no-untyped-def]
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "sharma"), sandbox=False)

    async def go_idle(pilot) -> None:  # type: ignore[no-untyped-def]
        await _settle(pilot)
        app.idle_watch.last_input -= app.idle_watch.idle_seconds + 1
        app.idle_watch.check()
        await _settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=go_idle)
