"""SVG snapshots at 80x24 of person search, the person record and its alerts."""

from __future__ import annotations

from caretui.app import CareApp
from caretui.store.db import Store
from tests.screens.conftest import sign_in
from tests.screens.test_snapshots import SIZE, _settle

DOROTHY_HAIGH = 1
ARTHUR_CROWTHER = 6


def test_person_search(snap_compare, sandbox: Store) -> None:  # type: ignore[no-untyped-def]
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "fox"), sandbox=True)

    async def search(pilot) -> None:  # type: ignore[no-untyped-def]
        await _settle(pilot)
        await pilot.press("slash", *"sun")
        await _settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=search)


def test_person_record(snap_compare, sandbox: Store) -> None:  # type: ignore[no-untyped-def]
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "fox"), sandbox=True)

    async def open_person(pilot) -> None:  # type: ignore[no-untyped-def]
        await _settle(pilot)
        pilot.app.open_person(DOROTHY_HAIGH)
        await _settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=open_person)


def test_person_alerts(snap_compare, sandbox: Store) -> None:  # type: ignore[no-untyped-def]
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "sharma"), sandbox=True)

    async def alerts(pilot) -> None:  # type: ignore[no-untyped-def]
        await _settle(pilot)
        pilot.app.open_person(ARTHUR_CROWTHER)
        await _settle(pilot)
        await pilot.press("a")
        await _settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=alerts)
