"""SVG snapshots at 80x24 of the main screens (pytest --snapshot-update to accept changes)."""

from __future__ import annotations

from caretui.app import CareApp
from caretui.store.db import Store
from tests.screens.conftest import settle, sign_in

SIZE = (80, 24)


async def _settle(pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot, 0.5)
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


def test_activity_form(snap_compare, sandbox: Store) -> None:  # type: ignore[no-untyped-def]
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "sharma"), sandbox=True)

    async def new_phone_call(pilot) -> None:  # type: ignore[no-untyped-def]
        await _settle(pilot)
        await pilot.press("enter")
        await _settle(pilot)
        await pilot.press("n")
        await _settle(pilot)
        await pilot.press("down", "down", "down", "down", "enter")
        await _settle(pilot)
        pilot.app.screen.query_one("#when").value = "24/11/2026 10:30"
        await pilot.press(*"Call with daughter")
        await _settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=new_phone_call)


def test_client_level_data_form(snap_compare, sandbox: Store) -> None:  # type: ignore[no-untyped-def]
    """An in-progress CLD form from the sandbox (fixed times), at its Office Use Only."""
    from sqlmodel import col, select

    from caretui.rules.form_types import FORM_TYPES
    from caretui.screens.form import FormScreen
    from caretui.store.models import FormInstance

    actor = sign_in(sandbox, "sharma")
    cld = [t.key for t in FORM_TYPES if t.cld]
    with sandbox.read() as s:
        form_id = s.exec(
            select(FormInstance.id)
            .where(
                FormInstance.responsible_user_id == actor.id,
                FormInstance.status == "in_progress",
                col(FormInstance.form_type).in_(cld),
            )
            .order_by(FormInstance.id)
        ).first()
    assert form_id is not None
    app = CareApp(store=sandbox, actor=actor, sandbox=True)

    async def office_use_only(pilot) -> None:  # type: ignore[no-untyped-def]
        await _settle(pilot)
        pilot.app.push_screen(FormScreen(sandbox, actor, form_id))
        await _settle(pilot)
        from caretui.widgets.form_view import FormView

        await _settle(pilot)
        await pilot.app.screen.query_one(FormView).show_section(-1)
        await _settle(pilot)
        await pilot.pause(0.3)

    assert snap_compare(app, terminal_size=SIZE, run_before=office_use_only)


def test_case_timeline_no_color(  # type: ignore[no-untyped-def]
    snap_compare, sandbox: Store, monkeypatch
) -> None:
    """Issue 14: at 80x24 without colour the Timeline's statuses are whole words."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "sharma"), sandbox=True)

    async def open_timeline(pilot) -> None:  # type: ignore[no-untyped-def]
        assert pilot.app.no_color
        await _settle(pilot)
        await pilot.press("enter")
        await _settle(pilot)
        await pilot.press("t")
        await _settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=open_timeline)


def test_case_activities_no_color(  # type: ignore[no-untyped-def]
    snap_compare, sandbox: Store, monkeypatch
) -> None:
    """Issue 14: the case's Activities, newest first, statuses whole, without colour."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "sharma"), sandbox=True)

    async def open_activities(pilot) -> None:  # type: ignore[no-untyped-def]
        assert pilot.app.no_color
        await _settle(pilot)
        await pilot.press("enter")
        await _settle(pilot)
        await pilot.press("a")
        await _settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=open_activities)


def test_dashboard_no_color(snap_compare, sandbox: Store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Issue 14: at 80x24 without colour My Activities says OVERDUE in words, each
    person's name is whole and a subject ends at a whole word (in full on the line under)."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "sharma"), sandbox=True)

    async def open_dashboard(pilot) -> None:  # type: ignore[no-untyped-def]
        assert pilot.app.no_color
        await _settle(pilot)
        await pilot.press("3")
        await _settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=open_dashboard)
