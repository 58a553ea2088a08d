"""Accounts and access review (S2), for system admins.

One list of every account with role, team, access end date, last sign-in and what the
two-monthly review (access protocol, section 7) asks for: past end date, ending soon,
review due. From it a system admin creates accounts, changes role, team, designation
and end date, records a review, and disables an account (never deletes it: what a person
recorded keeps its author). Every change is written by ``store.ops`` and audited.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Header, Static

from caretui.rules.access import REVIEW_OUTCOMES, SHORT_ROLE, AccessStatus
from caretui.rules.errors import PracticeError
from caretui.rules.permissions import Actor
from caretui.rules.roles import ROLE_LABELS, Role
from caretui.store.db import Store
from caretui.store.ops.accounts import (
    create_user,
    record_access_review,
    set_user_disabled,
    update_user,
)
from caretui.store.queries import access, staff
from caretui.widgets.keybar import KeyBar
from caretui.widgets.record_dialog import DialogField, RecordDialog
from caretui.widgets.record_table import Col, RecordTable, record
from caretui.widgets.worker_errors import ReportsWorkerErrors

# At 80 columns the name, role and review are whole; the last sign-in, login, team and end
# date give way to the detail line under the list.
COLUMNS = (
    Col("Name", "name"),
    Col("Login", priority=3),
    Col("Role", "status"),
    Col("Team", "name", priority=2),
    Col("Ends", priority=1),
    Col("Last in", priority=4),
    Col("Review", "status"),
)
ROLE_CHOICES = tuple((label, role.value) for role, label in ROLE_LABELS.items())


def _d(value: date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


def _short(value: date | None) -> str:
    return f"{value:%d/%m/%y}" if value else ""


def status_cell(row: access.AccessRow) -> Text:
    """The review column: a word first (NO_COLOR), colour second; short for 80 columns."""
    if row.status is AccessStatus.DISABLED:
        return Text("disabled", style="dim")
    if row.status is AccessStatus.ENDED:
        return Text("ENDED", style="bold red")
    if row.status is AccessStatus.ENDING:
        return Text("ending", style="bold yellow")
    if row.status is AccessStatus.REVIEW_DUE:
        return Text("DUE", style="bold yellow")
    return Text("ok")


class AccountsScreen(ReportsWorkerErrors, Screen[None]):
    DEFAULT_CSS = """
    AccountsScreen #accounts-summary { padding: 0 1; height: auto; }
    AccountsScreen RecordTable { height: 1fr; }
    AccountsScreen #accounts-detail { padding: 0 1; height: auto; }
    """
    BINDINGS = [
        Binding("n", "new", "New account", id="accounts.new"),
        Binding("e", "edit", "Edit, end date", id="accounts.edit"),
        Binding("v", "review", "Review", id="accounts.review"),
        Binding("d", "disable", "Disable", id="accounts.disable"),
        Binding("ctrl+r,f5", "reload", "Reload", show=False, id="accounts.refresh"),
        Binding("escape", "back", "Back", id="accounts.back"),
    ]

    def __init__(self, store: Store, actor: Actor) -> None:
        super().__init__()
        self.store = store
        self.actor = actor
        self.rows: dict[str, access.AccessRow] = {}
        self.teams: list[staff.TeamRow] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Loading accounts…", id="accounts-summary")
        yield RecordTable(COLUMNS, id="accounts-table")
        # The highlighted account's columns that do not fit at this width.
        yield Static("", id="accounts-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(RecordTable).focus()
        self.action_reload()

    # --- loading ----------------------------------------------------------------------------

    def action_reload(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="accounts")
    def load(self) -> None:
        try:
            rows = access.access_review(self.store, self.actor)
            teams = staff.teams(self.store)
        except PracticeError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", timeout=10)
            return
        self.app.call_from_thread(self._show, rows, teams)

    def _show(self, rows: list[access.AccessRow], teams: list[staff.TeamRow]) -> None:
        self.rows = {str(r.id): r for r in rows}
        self.teams = teams
        self.query_one(RecordTable).set_records(
            [
                record(
                    r.id,
                    (
                        r.name,
                        r.login,
                        SHORT_ROLE[r.role],
                        r.team,
                        _short(r.access_ends),
                        _short(r.last_sign_in.date()) if r.last_sign_in else "never",
                        status_cell(r),
                    ),
                    (
                        r.name.lower(),
                        r.login,
                        r.role_label,
                        r.team,
                        r.access_ends,
                        r.last_sign_in,
                        (r.status.value, r.review_due_on),
                    ),
                )
                for r in rows
            ]
        )
        counts = {s: sum(r.status is s for r in rows) for s in AccessStatus}
        text = Text(f"{len(rows)} accounts. ")
        ended, ending, due = (
            counts[AccessStatus.ENDED],
            counts[AccessStatus.ENDING],
            counts[AccessStatus.REVIEW_DUE],
        )
        if ended:
            text.append(f"{ended} past end date", style="bold red")
            text.append(". ")
        if ending:
            text.append(f"{ending} ending within 14 days. ", style="bold yellow")
        if due:
            text.append(f"{due} due for the two-monthly review. ", style="bold yellow")
        if not (ended or ending or due):
            text.append("None needs action. ")
        text.append("(? for keys)", style="dim")
        self.query_one("#accounts-summary", Static).update(text)

    @property
    def current(self) -> access.AccessRow | None:
        key = self.query_one(RecordTable).current_key
        return self.rows.get(key) if key else None

    # --- writes ------------------------------------------------------------------------------

    def _team_field(self, value: int | None) -> DialogField:
        return DialogField(
            "team_id", "Team", "choice", True, tuple((t.name, t.id) for t in self.teams), value
        )

    def _ask(
        self,
        title: str,
        fields: list[DialogField],
        apply: Callable[[dict[str, Any]], str],
        help_text: str = "",
    ) -> None:
        """Ask, write in a worker; on a refusal say why and ask again with what was typed."""

        def answered(values: dict[str, Any] | None) -> None:
            if values is not None:
                self._write(title, fields, apply, help_text, values)

        self.app.push_screen(RecordDialog(title, fields, help_text), answered)

    @work(thread=True, exit_on_error=False, group="accounts-write")
    def _write(
        self,
        title: str,
        fields: list[DialogField],
        apply: Callable[[dict[str, Any]], str],
        help_text: str,
        values: dict[str, Any],
    ) -> None:
        try:
            done = apply(values)
        except PracticeError as exc:
            kept = [_refill(f, values.get(f.key)) for f in fields]
            self.app.call_from_thread(self.notify, str(exc), severity="error", timeout=12)
            self.app.call_from_thread(self._ask, title, kept, apply, help_text)
            return
        self.app.call_from_thread(self.notify, done)
        self.app.call_from_thread(self.action_reload)

    def action_new(self) -> None:
        fields = [
            DialogField("login", "Login", required=True, help="as they sign in to the computer"),
            DialogField("name", "Full name", required=True),
            DialogField("role", "Role", "choice", True, ROLE_CHOICES, Role.PRACTITIONER.value),
            self._team_field(self.actor.team_id),
            DialogField("designation", "Job title"),
            DialogField(
                "access_ends", "Access ends", "date", help="dd/mm/yyyy; required for viewers"
            ),
        ]
        team_names = {t.id: t.name for t in self.teams}

        def apply(v: dict[str, Any]) -> str:
            create_user(
                self.store,
                self.actor,
                login=v["login"],
                name=v["name"],
                role=Role(v["role"]),
                team=team_names.get(v["team_id"], ""),
                designation=v["designation"],
                access_ends=v["access_ends"],
            )
            return f"Account '{v['login']}' created."

        self._ask("New account", fields, apply)

    def action_edit(self) -> None:
        row = self.current
        if row is None:
            return
        fields = [
            DialogField("name", "Full name", required=True, value=row.name),
            DialogField("role", "Role", "choice", True, ROLE_CHOICES, row.role.value),
            self._team_field(row.team_id),
            DialogField("designation", "Job title", value=row.designation),
            DialogField("access_ends", "Access ends", "date", value=_d(row.access_ends)),
        ]

        def apply(v: dict[str, Any]) -> str:
            update_user(self.store, self.actor, row.id, expected_version=row.version, **v)
            return f"{row.name}'s account saved."

        self._ask(
            f"Edit account: {row.name} ({row.login})",
            fields,
            apply,
            "Changing an end date is recorded in the audit trail with the old and new date.",
        )

    def action_review(self) -> None:
        row = self.current
        if row is None:
            return
        last = (
            f"Last reviewed {row.last_reviewed_at:%d/%m/%Y} by {row.last_reviewed_by}: "
            f"{row.last_outcome}."
            if row.last_reviewed_at
            else "Not reviewed before."
        )
        fields = [
            DialogField(
                "outcome",
                "Outcome",
                "choice",
                True,
                tuple((o, o) for o in REVIEW_OUTCOMES),
                REVIEW_OUTCOMES[0],
            ),
            DialogField("access_ends", "New end date", "date", help="only if it changes"),
        ]

        def apply(v: dict[str, Any]) -> str:
            record_access_review(
                self.store, self.actor, row.id, outcome=v["outcome"], access_ends=v["access_ends"]
            )
            return f"Review of {row.name}'s access recorded."

        self._ask(
            f"Access review: {row.name}, {row.role_label}, {row.team}",
            fields,
            apply,
            f"{last} Access ends: {_d(row.access_ends) or 'no end date'}.",
        )

    def action_disable(self) -> None:
        row = self.current
        if row is None:
            return
        if row.disabled:
            self._ask(
                f"Enable account: {row.name} ({row.login})",
                [DialogField("reason", "Why", help="e.g. returned from leave")],
                lambda v: (
                    set_user_disabled(
                        self.store, self.actor, row.id, disabled=False, reason=v["reason"]
                    ),
                    f"{row.name} can sign in again.",
                )[1],
            )
            return
        self._ask(
            f"Disable account: {row.name} ({row.login})",
            [DialogField("reason", "Why", required=True, help="e.g. left the council")],
            lambda v: (
                set_user_disabled(
                    self.store, self.actor, row.id, disabled=True, reason=v["reason"]
                ),
                f"{row.name}'s account is disabled. Their records keep their name.",
            )[1],
            "The account is never deleted: everything they recorded keeps its author.",
        )

    def action_back(self) -> None:
        self.dismiss(None)

    @on(RecordTable.Detail)
    def _detail(self, event: RecordTable.Detail) -> None:
        self.query_one("#accounts-detail", Static).update(Text(event.text))

    @on(RecordTable.Open)
    def _open(self) -> None:
        self.action_edit()


def _refill(field: DialogField, value: Any) -> DialogField:
    """The same field, holding what the user typed (dates back in dd/mm/yyyy)."""
    from dataclasses import replace

    if isinstance(value, date):
        value = f"{value:%d/%m/%Y}"
    return replace(field, value=value)
