"""The audit trail viewer (S4), for system admins.

Filter by person, case, user, date and action as you type; enter shows one entry in
full. ``w`` opens "who has looked at this person's record" for the person filtered on
(or the highlighted entry's person), which exports to CSV for a subject access request.
``v`` walks the hash chain and says whether the trail is intact.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Header, Input, Static

from caretui.rules import clock
from caretui.rules.errors import PracticeError
from caretui.rules.permissions import Actor
from caretui.store.db import Store
from caretui.store.ops.viewing import export_who_viewed
from caretui.store.queries import audit_trail
from caretui.widgets.keybar import KeyBar
from caretui.widgets.record_dialog import DialogField, RecordDialog
from caretui.widgets.record_table import Col, RecordTable, record
from caretui.widgets.worker_errors import ReportsWorkerErrors

FILTERS = (
    ("person", "Person ID"),
    ("case", "Case ID"),
    ("user", "User name or login"),
    ("since", "From dd/mm/yyyy"),
    ("until", "To dd/mm/yyyy"),
    ("action", "Action, e.g. view"),
)


# At 80 columns the free text narrows to a whole word and "…", the login is whole, and the
# IDs go to the detail line under the list.
AUDIT_COLUMNS = (
    Col("When"),
    Col("Who", "name"),
    Col("Action", "text", min_width=12),
    Col("Person", priority=2),
    Col("Case", priority=1),
    Col("Detail", "text", min_width=12),
)
WHO_COLUMNS = (
    Col("When"),
    Col("Who", "name"),
    Col("What", "text", min_width=12),
    Col("From where", "text", priority=1),
)


class AuditScreen(ReportsWorkerErrors, Screen[None]):
    DEFAULT_CSS = """
    AuditScreen .filters { height: 1; margin: 0 1; }
    AuditScreen .filters Input { width: 1fr; margin-right: 1; background: $boost; }
    AuditScreen #audit-status { padding: 0 1; height: 1; color: $text-muted; }
    AuditScreen RecordTable { height: 1fr; }
    AuditScreen #audit-detail { padding: 0 1; height: auto; }
    """
    BINDINGS = [
        Binding("f", "filters", "Filter", id="audit.filter"),
        Binding("w", "who_viewed", "Who viewed this person", id="audit.who_viewed"),
        Binding("v", "verify", "Verify the chain", id="audit.verify"),
        Binding("x", "clear", "Clear filters", id="audit.clear"),
        Binding("ctrl+r,f5", "reload", "Reload", show=False, id="audit.refresh"),
        Binding("escape", "back", "Back", id="audit.back"),
    ]

    def __init__(self, store: Store, actor: Actor, *, person_id: int | None = None) -> None:
        super().__init__()
        self.store = store
        self.actor = actor
        self.first_person = person_id
        self.rows: dict[str, audit_trail.AuditRow] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        for start in (0, 3):
            with Horizontal(classes="filters"):
                for key, hint in FILTERS[start : start + 3]:
                    yield Input(placeholder=hint, id=f"audit-{key}", compact=True)
        yield Static("Loading the audit trail…", id="audit-status")
        yield RecordTable(AUDIT_COLUMNS, id="audit-table")
        # The highlighted entry's columns that do not fit at this width, and text cut short.
        yield Static("", id="audit-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        if self.first_person is not None:
            self.query_one("#audit-person", Input).value = str(self.first_person)
        self.query_one(RecordTable).focus()
        self.action_reload()

    # --- filtering and loading ---------------------------------------------------------------

    def _filters(self) -> dict[str, Any]:
        """The typed filters as query arguments; raises ValueError with a message."""
        from caretui.rules.validation import ValidationError, parse_date

        def text(key: str) -> str:
            return self.query_one(f"#audit-{key}", Input).value.strip()

        out: dict[str, Any] = {"user": text("user"), "action": text("action")}
        for key, name in (("person", "person_id"), ("case", "case_id")):
            value = text(key).upper().removeprefix("P").removeprefix("C")
            if value and not value.isdigit():
                raise ValueError(f"{key.title()} ID is a number, like 1234.")
            out[name] = int(value) if value else None
        for key in ("since", "until"):
            value = text(key)
            try:
                out[key] = parse_date(value) if value else None
            except ValidationError as exc:
                raise ValueError(str(exc)) from None
        return out

    @on(Input.Changed)
    def _changed(self) -> None:
        self.action_reload()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.query_one(RecordTable).focus()

    def action_reload(self) -> None:
        try:
            filters = self._filters()
        except ValueError as exc:
            self.query_one("#audit-status", Static).update(Text(str(exc), style="bold"))
            return
        self.load(filters)

    @work(thread=True, exclusive=True, exit_on_error=False, group="audit")
    def load(self, filters: dict[str, Any]) -> None:
        try:
            rows = audit_trail.audit_entries(self.store, self.actor, **filters)
        except PracticeError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", timeout=10)
            return
        self.app.call_from_thread(self._show, rows)

    def _show(self, rows: list[audit_trail.AuditRow]) -> None:
        self.rows = {str(r.id): r for r in rows}
        self.query_one(RecordTable).set_records(
            [
                record(
                    r.id,
                    (
                        f"{r.at:%d/%m/%y %H:%M}",
                        r.user_login,
                        r.action,
                        f"P{r.person_id}" if r.person_id else "",
                        r.case_id or "",
                        r.summary,
                    ),
                    (r.at, r.user_login, r.action, r.person_id or 0, r.case_id or 0, r.summary),
                )
                for r in rows
            ]
        )
        more = f" (newest {len(rows):,} shown)" if len(rows) >= audit_trail.AUDIT_LIMIT else ""
        self.query_one("#audit-status", Static).update(
            f"{len(rows):,} entries{more}, newest first. enter shows one in full. ? for keys"
            if rows
            else "No entries match these filters."
        )

    @property
    def current(self) -> audit_trail.AuditRow | None:
        key = self.query_one(RecordTable).current_key
        return self.rows.get(key) if key else None

    # --- actions -----------------------------------------------------------------------------

    @on(RecordTable.Detail, "#audit-table")
    def _detail(self, event: RecordTable.Detail) -> None:
        self.query_one("#audit-detail", Static).update(Text(event.text))

    @on(RecordTable.Open)
    def _open(self) -> None:
        row = self.current
        if row is not None:
            self.app.push_screen(AuditEntryScreen(row))

    def action_filters(self) -> None:
        self.query_one("#audit-person", Input).focus()

    def action_clear(self) -> None:
        with self.prevent(Input.Changed):
            for key, _ in FILTERS:
                self.query_one(f"#audit-{key}", Input).value = ""
        self.query_one(RecordTable).focus()
        self.action_reload()

    def action_back(self) -> None:
        if isinstance(self.focused, Input):
            self.query_one(RecordTable).focus()
            return
        self.dismiss(None)

    def action_who_viewed(self) -> None:
        try:
            person_id = self._filters()["person_id"]
        except ValueError:
            person_id = None
        if person_id is None and self.current is not None:
            person_id = self.current.person_id
        if person_id is None:
            self.notify("Type a person ID in the Person filter (f), or highlight their entry.")
            return
        self.app.push_screen(WhoViewedScreen(self.store, self.actor, person_id))

    def action_verify(self) -> None:
        self.notify("Checking every entry of the audit trail…", timeout=3)
        self.verify()

    @work(thread=True, exclusive=True, exit_on_error=False, group="audit-verify")
    def verify(self) -> None:
        from caretui.store import audit

        with self.store.read() as session:
            report = audit.verify(session)
        if report.ok:
            self.app.call_from_thread(
                self.notify, f"Audit trail intact: {report.entries:,} entries verified."
            )
        else:
            self.app.call_from_thread(
                self.notify,
                f"Audit trail BROKEN at entry {report.broken_at}: {report.reason}. "
                "Report it to your information governance lead.",
                severity="error",
                timeout=30,
            )


class AuditEntryScreen(ReportsWorkerErrors, ModalScreen[None]):
    """One audit entry in full."""

    DEFAULT_CSS = """
    AuditEntryScreen { align: center middle; }
    AuditEntryScreen > VerticalScroll {
        width: 78; max-width: 100%; height: auto; max-height: 22;
        border: round $accent; background: $surface; padding: 0 1;
    }
    """
    BINDINGS = [Binding("escape,enter", "dismiss", "Close", id="audit_entry.close")]

    def __init__(self, row: audit_trail.AuditRow) -> None:
        super().__init__()
        self.row = row

    def compose(self) -> ComposeResult:
        r = self.row
        text = Text()
        text.append(f"Audit entry {r.id}\n\n", style="bold")
        for label, value in (
            ("When", f"{r.at:%d %B %Y %H:%M:%S}"),
            ("Who", f"{r.user_name} ({r.user_login})"),
            ("Action", r.action),
            ("Record", f"{r.entity} {r.entity_id or ''}".strip()),
            ("Person", f"P{r.person_id}" if r.person_id else ""),
            ("Case", str(r.case_id or "")),
            ("From where", r.origin),
        ):
            if value:
                text.append(f"{label}: ", style="bold")
                text.append(f"{value}\n")
        if r.detail:
            text.append("\nWhat changed\n", style="bold")
            for part in r.summary.split("; "):
                text.append(f"  {part}\n")
        with VerticalScroll():
            yield Static(text)
        yield KeyBar()


class WhoViewedScreen(ReportsWorkerErrors, ModalScreen[None]):
    """Who has looked at a person's record, oldest first; ``e`` exports it as CSV."""

    DEFAULT_CSS = """
    WhoViewedScreen { align: center middle; }
    WhoViewedScreen > #who-box {
        width: 78; max-width: 100%; height: 22; max-height: 100%;
        border: round $accent; background: $surface;
    }
    WhoViewedScreen #who-title { text-style: bold; padding: 0 1; height: auto; }
    WhoViewedScreen RecordTable { height: 1fr; }
    WhoViewedScreen #who-detail { padding: 0 1; height: auto; }
    """
    BINDINGS = [
        Binding("e", "export", "Export CSV", id="who_viewed.export"),
        Binding("escape", "dismiss", "Close", id="who_viewed.close"),
    ]

    def __init__(self, store: Store, actor: Actor, person_id: int) -> None:
        super().__init__()
        self.store = store
        self.actor = actor
        self.person_id = person_id
        self.count = 0
        self.person_name = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="who-box"):  # the list scrolls, the lines around it stay
            yield Static(f"Who has looked at person P{self.person_id}'s record", id="who-title")
            # The team and job title of each person are in the CSV export.
            yield RecordTable(WHO_COLUMNS, id="who-table")
            # Where a view came from, and text cut short, for the highlighted row.
            yield Static("", id="who-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(RecordTable).focus()
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="who-viewed")
    def load(self) -> None:
        try:
            rows = audit_trail.who_viewed(self.store, self.actor, self.person_id)
            self.person_name = audit_trail.audited_person_name(
                self.store, self.actor, self.person_id
            )
        except PracticeError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", timeout=10)
            self.app.call_from_thread(self.dismiss, None)
            return
        self.app.call_from_thread(self._show, rows)

    def _show(self, rows: list[audit_trail.ViewRow]) -> None:
        self.count = len(rows)
        self.query_one(RecordTable).set_records(
            [
                record(
                    n,
                    (
                        f"{r.at:%d/%m/%y %H:%M}",
                        r.name,
                        r.what,
                        r.origin,
                    ),
                    (r.at, r.name, r.what, r.origin),
                )
                for n, r in enumerate(rows)
            ]
        )
        who = f"person P{self.person_id}"
        if self.person_name:
            who = f"{self.person_name} (P{self.person_id})"
        self.query_one("#who-title", Static).update(
            f"Who has looked at the record of {who}: {len(rows)} time(s). "
            "e exports CSV for a subject access request."
        )

    @on(RecordTable.Detail, "#who-table")
    def _detail(self, event: RecordTable.Detail) -> None:
        self.query_one("#who-detail", Static).update(Text(event.text))

    def action_export(self) -> None:
        default = Path.home() / f"who-viewed-P{self.person_id}-{clock.today():%Y-%m-%d}.csv"
        fields = [DialogField("path", "Save to", required=True, value=str(default))]

        def chosen(values: dict[str, Any] | None) -> None:
            if values is not None:
                self.export(Path(values["path"]))

        self.app.push_screen(
            RecordDialog(
                "Export who viewed this record (CSV)",
                fields,
                "The file is readable by you only. The export is recorded in the audit trail.",
            ),
            chosen,
        )

    @work(thread=True, exit_on_error=False, group="who-viewed-export")
    def export(self, path: Path) -> None:
        try:
            count = export_who_viewed(self.store, self.actor, self.person_id, path)
        except PracticeError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", timeout=12)
            return
        self.app.call_from_thread(self.notify, f"{count} row(s) written to {path}.", timeout=8)
