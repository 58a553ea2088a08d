"""Read at 80x24 without colour: whom a lock-down ticks, and who is signed in, in what role."""

from __future__ import annotations

import pytest

from caretui.app import SANDBOX_SHORT_TITLE, SANDBOX_TITLE, CareApp, fitted_header
from caretui.rules.roles import ROLE_LABELS, Role
from caretui.store.db import Store
from caretui.widgets.tick_list import TickList
from tests.screens.conftest import settle, sign_in
from tests.screens.test_snapshots import SIZE, _settle
from tests.widgets.test_conflict_view import screen_lines

LOGIN_OF_ROLE = {
    Role.VIEWER: "lee",
    Role.STUDENT: "evans",
    Role.PRACTITIONER: "sharma",
    Role.MANAGER: "clarke",
    Role.SYSTEM_ADMIN: "morgan",
    Role.ADMIN: "fox",
}


async def test_a_system_admin_sees_whom_the_lock_down_lets_in_without_colour(
    sandbox: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from caretui.screens.lockdown import LockDownScreen

    monkeypatch.setenv("NO_COLOR", "1")
    sharma = sign_in(sandbox, "sharma")
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "morgan"), sandbox=True)
    async with app.run_test(size=SIZE) as pilot:
        assert app.no_color
        await settle(pilot)
        app.open_person(1)
        await settle(pilot)
        await pilot.press("L")
        await settle(pilot)
        assert isinstance(app.screen, LockDownScreen)
        choices = app.screen.query_one(TickList)
        first = choices.get_option_at_index(0).prompt
        lines = screen_lines(app)
        assert any(f"▶[ ] {first}" in line for line in lines), "the cursor is seen at once"
        ids = [choices.get_option_at_index(i).value for i in range(choices.option_count)]
        choices.highlighted = ids.index(sharma.id)
        await pilot.press("space")
        await pilot.pause()
        lines = screen_lines(app)
        assert any("▶[x] Priya Sharma · Practitioner" in line for line in lines)
        assert any(f" [ ] {first}" in line for line in lines)
        assert sum("[x]" in line for line in lines) == 1


@pytest.mark.parametrize("role", list(LOGIN_OF_ROLE))
async def test_the_header_shows_the_whole_role_at_80_columns(sandbox: Store, role: Role) -> None:
    actor = sign_in(sandbox, LOGIN_OF_ROLE[role])
    assert actor.role is role
    for in_sandbox in (True, False):
        app = CareApp(store=sandbox, actor=actor, sandbox=in_sandbox)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            header = screen_lines(app)[0]
            assert f"{actor.name}, {ROLE_LABELS[role]}" in header, header
            assert ("caretui SANDBOX" in header) is in_sandbox, header
            assert "…" not in header


def test_a_long_name_goes_before_the_role_or_the_sandbox_marker() -> None:
    titles = (SANDBOX_TITLE, SANDBOX_SHORT_TITLE)
    role, team = "Viewer (read only)", "North Community Assessment"
    assert fitted_header(titles, "Jordan Lee", role, team, 80) == (
        "caretui SANDBOX",
        "Jordan Lee, Viewer (read only)",
    )
    assert fitted_header(titles, "Jordan Lee", role, team, 140) == (
        SANDBOX_TITLE,
        "Jordan Lee, Viewer (read only), North Community Assessment",
    )
    name = "Oluwaseun Adebayo-Richardson-Featherstonehaugh"
    assert fitted_header(titles, name, role, team, 80) == ("caretui SANDBOX", role)


def test_snapshot_lock_down_tick_list(snap_compare, sandbox: Store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Under NO_COLOR at 80x24: ticked and unticked told apart by [x] and [ ], the current
    row by ▶."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "morgan"), sandbox=True)
    assert app.no_color

    async def tick_two(pilot) -> None:  # type: ignore[no-untyped-def]
        await _settle(pilot)
        app.open_person(1)
        await _settle(pilot)
        await pilot.press("L")
        await _settle(pilot)
        await pilot.press("space", "down", "down", "space", "down")
        await _settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=tick_two)


async def test_words_a_practitioner_reads_not_class_names(sandbox: Store) -> None:
    """Help is titled by the screen's name in words; a dialog that only informs closes
    with "Close", not "Yes" and "No"."""
    from caretui.screens.help import screen_name
    from caretui.screens.transfer import TransferWizard
    from caretui.widgets.notice import Info

    assert screen_name(TransferWizard.__new__(TransferWizard)) == "Transfer wizard"
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "sharma"), sandbox=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(Info("Phone Call: Return call", "Called back."))
        await settle(pilot)
        shown = {b.description for b in app.screen._bindings.key_to_bindings.get("enter", [])}
        assert shown == {"Close"}
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, Info)
