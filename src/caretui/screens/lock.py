"""Session lock: after a quiet spell the screen locks until the user confirms it is them.

Configured in ``config.toml`` as ``[session] idle_minutes`` (15 by default; 0 turns it
off). The lock covers the whole screen, so nothing of a record shows on an unattended
terminal, and leaves every screen underneath exactly as it was: typed work, filters
and open dialogs are all there after unlocking, and drafts are saved as usual.

On the live store the user types their login name to continue, and the account is
checked again (an account disabled or past its end date meanwhile cannot continue).
In the sandbox enter is enough.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from caretui.widgets.worker_errors import ReportsWorkerErrors

if TYPE_CHECKING:
    from caretui.app import CareApp
    from caretui.rules.permissions import Actor

CHECK_EVERY_SECONDS = 15.0


class IdleWatch:
    """Notes the time of the last key or mouse use and locks the app when it is too old."""

    def __init__(self, app: CareApp, idle_minutes: float) -> None:
        self.app = app
        self.idle_seconds = max(0.0, idle_minutes * 60)
        self.last_input = time.monotonic()

    def touch(self) -> None:
        self.last_input = time.monotonic()

    def start(self) -> None:
        if self.idle_seconds > 0:
            every = min(CHECK_EVERY_SECONDS, max(self.idle_seconds / 2, 0.5))
            self.app.set_interval(every, self.check, name="idle-lock")

    def check(self) -> None:
        if self.idle_seconds <= 0 or self.app.actor is None:
            return
        if isinstance(self.app.screen, LockScreen):
            return
        if time.monotonic() - self.last_input >= self.idle_seconds:
            minutes = self.idle_seconds / 60
            self.app.push_screen(LockScreen(minutes))
            self.note_lock(self.app.actor, minutes)

    def note_lock(self, actor: Actor, minutes: float) -> None:
        """The lock goes in the audit trail (who, when, after how long), off the UI thread."""
        from caretui.store.ops.sessions import note_session_lock

        store = self.app.store
        self.app.run_worker(
            lambda: note_session_lock(store, actor, idle_minutes=minutes),
            thread=True,
            group="idle-lock",
            exit_on_error=False,
        )


class LockScreen(ReportsWorkerErrors, ModalScreen[None]):
    """The whole screen hidden until the signed-in user confirms they are still here."""

    SHOWS_MESSAGES = False  # what is on record stays out of sight (widgets.message_line)

    DEFAULT_CSS = """
    LockScreen { align: center middle; background: $background; }
    LockScreen > Vertical {
        width: 70; max-width: 100%; height: auto;
        border: round $accent; background: $surface; padding: 1 2;
    }
    LockScreen #lock-message { height: auto; margin-bottom: 1; }
    LockScreen #lock-error { height: auto; color: $error; }
    LockScreen Input { width: 100%; }
    """
    # Nothing may open over the lock: these would otherwise reach records.
    BINDINGS = [
        Binding("ctrl+p", "stay", show=False, priority=True, id="lock.no_palette"),
        Binding("f1", "stay", show=False, priority=True, id="lock.no_help"),
        Binding("escape", "stay", show=False, priority=True, id="lock.no_escape"),
    ]
    KEEPS_FOCUS = True  # tab and shift+tab stay in the sign-in field (CareApp.action_move_focus)
    AUTO_FOCUS = "#lock-login"

    def __init__(self, idle_minutes: float) -> None:
        super().__init__()
        self.idle_minutes = idle_minutes

    @property
    def care_app(self) -> CareApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        app = self.care_app
        assert app.actor is not None
        minutes = f"{self.idle_minutes:g} minute{'s' * (self.idle_minutes != 1)}"
        if app.sandbox:
            ask = "Press enter to carry on."
        else:
            ask = "To carry on, type your login name (as you sign in) and press enter."
        with Vertical():
            yield Static(
                f"caretui locked after {minutes} without use, to keep records private.\n\n"
                f"Signed in as {app.actor.name}. Everything you were doing is kept as it "
                f"was.\n{ask}\nSomeone else? Press ctrl+q to quit; drafts are kept.",
                id="lock-message",
            )
            yield Input(placeholder="login name", id="lock-login", compact=True)
            yield Static("", id="lock-error")

    def action_stay(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _confirm(self, event: Input.Submitted) -> None:
        app = self.care_app
        assert app.actor is not None
        typed = event.value.strip()
        if not app.sandbox and typed != app.actor.login:
            event.input.value = ""
            self.query_one("#lock-error", Static).update(
                f"That is not the login of {app.actor.name}. Try again, or ctrl+q to quit."
            )
            return
        self.recheck(app.actor.login)

    @work(thread=True, exclusive=True, exit_on_error=False, group="unlock")
    def recheck(self, login: str) -> None:
        """The account may have been disabled or reached its end date while locked."""
        from caretui.rules.errors import PracticeError
        from caretui.store.ops.sessions import unlock_session

        try:
            unlock_session(self.care_app.store, login)
        except PracticeError as exc:
            self.app.call_from_thread(
                self.query_one("#lock-error", Static).update, f"{exc} Press ctrl+q to quit."
            )
            return
        self.app.call_from_thread(self._unlock)

    def _unlock(self) -> None:
        watch = getattr(self.app, "idle_watch", None)
        if watch is not None:
            watch.touch()
        self.dismiss(None)
