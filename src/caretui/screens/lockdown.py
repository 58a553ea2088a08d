"""Locking a person record down (S3), for system admins.

The system admin ticks the users who may still open the record (space ticks, the
responsible worker and team manager are usually among them) and saves with ctrl+s;
everyone else then sees only "Restricted record". The store refuses anyone but a system
admin, whatever this screen shows.
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from caretui.rules.errors import PracticeError
from caretui.rules.permissions import Actor
from caretui.store.db import Store
from caretui.store.ops.people import restrict_person
from caretui.store.queries import staff
from caretui.widgets.keybar import KeyBar
from caretui.widgets.tick_list import TickList
from caretui.widgets.worker_errors import ReportsWorkerErrors


class LockDownScreen(ReportsWorkerErrors, ModalScreen[bool]):
    DEFAULT_CSS = """
    LockDownScreen { align: center middle; }
    LockDownScreen > Vertical {
        width: 76; max-width: 100%; height: auto; max-height: 22;
        border: round $error; background: $surface; padding: 0 1;
    }
    LockDownScreen #lock-title { text-style: bold; }
    LockDownScreen #lock-help { color: $text-muted; padding-bottom: 1; }
    LockDownScreen TickList { height: auto; max-height: 14; }
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "Lock down", id="lockdown.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="lockdown.cancel"),
    ]

    def __init__(self, store: Store, actor: Actor, person_id: int, name: str) -> None:
        super().__init__()
        self.store = store
        self.actor = actor
        self.person_id = person_id
        self.person_name = name

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(f"Lock down {self.person_name} (P{self.person_id})", id="lock-title")
            yield Static(
                "Tick who may still open this record (space); everyone else will see only "
                "'Restricted record'. ctrl+s locks it down, escape leaves it as it is.",
                id="lock-help",
            )
            yield TickList[int](id="lock-users")
        yield KeyBar()

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exit_on_error=False, group="lockdown")
    def load(self) -> None:
        people = staff.users(self.store, include_disabled=False)
        self.app.call_from_thread(self._show, people)

    def _show(self, people: list[staff.UserRow]) -> None:
        choices: TickList[int] = self.query_one(TickList)
        for user in people:
            choices.add_option((f"{user.name} · {user.role_label} · {user.team}", user.id))
        choices.focus()

    def action_save(self) -> None:
        chosen = list(self.query_one(TickList).selected)
        if not chosen:
            self.notify("Tick at least one person who may still open the record.")
            return
        self.save(chosen)

    @work(thread=True, exit_on_error=False, group="lockdown-save")
    def save(self, user_ids: list[int]) -> None:
        try:
            restrict_person(self.store, self.actor, self.person_id, user_ids)
        except PracticeError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", timeout=12)
            return
        self.app.call_from_thread(self.dismiss, True)

    def action_cancel(self) -> None:
        self.dismiss(False)
