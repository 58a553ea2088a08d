"""Session lock: a quiet terminal locks; the user confirms it is them; nothing is lost."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from caretui.app import CareApp
from caretui.config import ConfigError, config_path, load_config
from caretui.screens.dashboard import DashboardScreen
from caretui.screens.lock import LockScreen
from caretui.store.db import Store
from caretui.store.ops.accounts import set_user_disabled
from tests.screens.conftest import sign_in
from tests.screens.test_walkthrough import SMALL, settle


def audit_actions(store: Store) -> list[str]:
    """The session.* entries of the audit trail, oldest first."""
    from sqlmodel import col, select

    from caretui.store.models import AuditEntry

    with store.read() as session:
        rows = session.exec(select(AuditEntry.action).order_by(col(AuditEntry.id))).all()
    return [a for a in rows if a.startswith("session.")]


def go_idle(app: CareApp) -> None:
    """As if the idle time had passed since the last key."""
    app.idle_watch.last_input -= app.idle_watch.idle_seconds + 1
    app.idle_watch.check()


async def test_a_quiet_screen_locks_and_typed_work_is_there_after_unlocking(
    sandbox: Store,
) -> None:
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "sharma"), sandbox=False)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("f", *"pat")  # f in a list filters it
        await settle(pilot)
        dashboard = app.screen
        assert dashboard.query_one("#dash-filter", Input).value == "pat"

        go_idle(app)
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)
        assert "Priya Sharma" in str(app.screen.query_one("#lock-message").render())

        await pilot.press("ctrl+p", "escape", "H")  # no palette, no way round the lock
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)

        app.screen.query_one(Input).value = ""
        await pilot.press(*"okafor", "enter")
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)
        assert "not the login" in str(app.screen.query_one("#lock-error").render())

        await pilot.press(*"sharma", "enter")
        await settle(pilot)
        assert app.screen is dashboard
        assert isinstance(app.screen, DashboardScreen)
        assert dashboard.query_one("#dash-filter", Input).value == "pat"
        await app.workers.wait_for_complete()
        assert audit_actions(sandbox)[-2:] == ["session.locked", "session.unlocked"]


async def test_an_account_disabled_while_locked_cannot_carry_on(sandbox: Store) -> None:
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "okafor"), sandbox=False)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        go_idle(app)
        await settle(pilot)
        okafor = sign_in(sandbox, "okafor")
        set_user_disabled(
            sandbox, sign_in(sandbox, "morgan"), okafor.id, disabled=True, reason="Left"
        )
        await pilot.press(*"okafor", "enter")
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)
        assert "disabled" in str(app.screen.query_one("#lock-error").render())


async def test_in_the_sandbox_enter_unlocks(sandbox: Store) -> None:
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "sharma"), sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        go_idle(app)
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)


async def test_keys_keep_the_session_awake(sandbox: Store) -> None:
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "sharma"), sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        app.idle_watch.last_input -= app.idle_watch.idle_seconds + 1
        await pilot.press("down")
        app.idle_watch.check()
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)


def write_config(text: str) -> Path:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_idle_minutes_come_from_the_session_table() -> None:
    assert load_config().idle_lock_minutes == 15
    write_config("[session]\nidle_minutes = 5\n")
    assert load_config().idle_lock_minutes == 5
    write_config("[session]\nidle_minutes = 0\n")
    assert load_config().idle_lock_minutes == 0


def test_a_bad_idle_time_says_what_to_write() -> None:
    write_config('[session]\nidle_minutes = "ten"\n')
    try:
        load_config()
    except ConfigError as exc:
        assert "idle_minutes must be a number of minutes" in str(exc)
    else:
        raise AssertionError("a bad idle time was accepted")
