"""The sandbox sign-in picker (T1): choose a demo user to see the product through their role."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Header, Input, Static

from caretui.rules import clock
from caretui.rules.errors import PracticeError
from caretui.store.db import Store
from caretui.store.ops.sessions import sign_in
from caretui.store.queries import staff
from caretui.widgets.keybar import KeyBar
from caretui.widgets.record_table import Col, RecordTable, record
from caretui.widgets.worker_errors import ReportsWorkerErrors

# At 80 columns the name, role and access are whole; the job title, then the team, give
# way to the line under the list.
COLUMNS = (
    Col("Name", "name"),
    Col("Role", "status"),
    Col("Team", "name", priority=2),
    Col("Access", "status"),
    Col("Job title", "text", priority=1, min_width=12),
)


class SignInScreen(ReportsWorkerErrors, Screen[None]):
    DEFAULT_CSS = """
    SignInScreen #signin-detail { padding: 0 1; height: auto; }
    """
    BINDINGS = [
        Binding("escape", "app.quit", "Quit", id="signin.quit"),
        Binding("down", "focus_table", "Users", show=False, id="signin.down"),
    ]

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.users: dict[str, staff.UserRow] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(
            "[b]Training sandbox.[/b] Everyone here is made up. Pick a demo user to see "
            "caretui as their role does: type to filter, enter to sign in.",
            id="signin-intro",
        )
        yield Input(placeholder="Type a name, role or team", id="signin-filter", compact=True)
        yield RecordTable(COLUMNS, id="signin-users")
        # The highlighted user's columns that do not fit at this width.
        yield Static("", id="signin-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#signin-filter", Input).focus()
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="signin")
    def load(self) -> None:
        rows = staff.users(self.store, include_disabled=False)
        self.app.call_from_thread(self._show, rows)

    def _show(self, rows: list[staff.UserRow]) -> None:
        today = clock.today()
        self.users = {r.login: r for r in rows}
        records = []
        for r in rows:
            access: Any = ""
            # Short enough that the Access column stays on an 80-column screen beside
            # the longest team name ("Adult Social Care Front Door").
            if r.access_ends is not None:
                if r.access_ends < today:
                    access = Text("ENDED", style="bold red")
                else:
                    access = f"to {r.access_ends:%d/%m/%y}"
            records.append(record(r.login, (r.name, r.role_label, r.team, access, r.designation)))
        self.query_one(RecordTable).set_records(records)

    @on(Input.Changed, "#signin-filter")
    def _filter(self, event: Input.Changed) -> None:
        self.query_one(RecordTable).set_filter(event.value)

    @on(Input.Submitted, "#signin-filter")
    def _submitted(self) -> None:
        key = self.query_one(RecordTable).current_key
        if key:
            self.sign_in(key)

    @on(RecordTable.Open)
    def _open(self, event: RecordTable.Open) -> None:
        self.sign_in(event.key)

    @on(RecordTable.Detail)
    def _detail(self, event: RecordTable.Detail) -> None:
        self.query_one("#signin-detail", Static).update(Text(event.text))

    def action_focus_table(self) -> None:
        self.query_one(RecordTable).focus()

    @work(thread=True, exclusive=True, exit_on_error=False, group="signin-as")
    def sign_in(self, login: str) -> None:
        try:
            actor = sign_in(self.store, login)
        except PracticeError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", timeout=12)
            return
        self.app.call_from_thread(self.app.signed_in, actor)  # type: ignore[attr-defined]
