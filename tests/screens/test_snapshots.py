"""SVG snapshots at 80x24 of the main screens (pytest --snapshot-update to accept changes)."""

from __future__ import annotations

from caretui.app import CareApp
from caretui.store.db import Store
from tests.screens.conftest import sign_in

SIZE = (80, 24)


async def _settle(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.app.workers.wait_for_complete()
    await pilot.pause(0.5)
    for node in pilot.app.screen.query("Input"):
        node.cursor_blink = False


def test_sign_in_picker(snap_compare, sandbox: Store) -> None:  # type: ignore[no-untyped-def]
    app = CareApp(store=sandbox, actor=None, sandbox=True)
    assert snap_compare(app, terminal_size=SIZE, run_before=_settle)


def test_dashboard(snap_compare, sandbox: Store) -> None:  # type: ignore[no-untyped-def]
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "sharma"), sandbox=True)
    assert snap_compare(app, terminal_size=SIZE, run_before=_settle)


def test_case_record(snap_compare, sandbox: Store) -> None:  # type: ignore[no-untyped-def]
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "sharma"), sandbox=True)

    async def open_case(pilot) -> None:  # type: ignore[no-untyped-def]
        await _settle(pilot)
        await pilot.press("enter")
        await _settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=open_case)


def test_case_timeline(snap_compare, sandbox: Store) -> None:  # type: ignore[no-untyped-def]
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "sharma"), sandbox=True)

    async def open_timeline(pilot) -> None:  # type: ignore[no-untyped-def]
        await _settle(pilot)
        await pilot.press("enter")
        await _settle(pilot)
        await pilot.press("t")
        await _settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=open_timeline)
