"""Every activity on every case of a person (guide P8), read only, with filters.

Activities are recorded and changed on the case record; here they are read.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual import work
from textual.binding import Binding
from textual.widgets import Static

from caretui.rules.errors import PracticeError
from caretui.rules.permissions import Action, allowed
from caretui.rules.vocab import ActivityStatus, ActivityType
from caretui.screens.person_items import PersonItemsScreen, day, detail_lines
from caretui.store.queries import activities, worklists
from caretui.widgets.notice import Info
from caretui.widgets.record_dialog import DialogField, RecordDialog
from caretui.widgets.record_table import Col


class PersonActivitiesScreen(PersonItemsScreen):
    """Every activity on every case of the person, read only (guide p.37)."""

    heading = "All activities"
    columns = (
        Col("Date"),
        Col("Type", "text", min_width=8, max_width=20),
        Col("Subject", "text", min_width=12),
        Col("Case", priority=1),
        Col("Status", "status"),
    )
    hint = "enter read · f filter · x clear filters · escape back"
    # n only says where activities are recorded: for roles that may record them.
    writes = {"new": Action.ADD_ACTIVITY}
    BINDINGS = [
        Binding("f", "filter", "Filter", id="person_activities.filter"),
        Binding("x", "clear_filters", "Clear filters", id="person_activities.clear"),
        Binding("n", "new", "New activity (on the case)", show=False, id="person_activities.new"),
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters: dict[str, Any] = {}

    def fetch(self) -> list[Any]:
        f = self.filters
        return activities.person_activities(
            self.store,
            self.actor,
            self.person_id,
            types=frozenset({f["type"]}) if f.get("type") else None,
            status=f.get("status"),
            date_from=f.get("from"),
            date_to=f.get("to"),
        )

    def empty_text(self) -> str:
        if self.filters:
            return "No activities match these filters. Press x to clear them."
        return "No activities are recorded on this person's cases."

    def _show(self, rows: list[Any]) -> None:
        super()._show(rows)
        title = f"{self.heading} — {self.person} (P{self.person_id}): {len(rows)}"
        if self.filters:
            title += f", filtered by {self._filter_words()}"
        self.query_one("#items-title", Static).update(title)

    def _filter_words(self) -> str:
        f = self.filters
        words = []
        if f.get("type"):
            words.append(f["type"].label)
        if f.get("status"):
            words.append(f["status"].label)
        if f.get("from") or f.get("to"):
            words.append(f"{day(f.get('from')) or 'start'} to {day(f.get('to')) or 'today'}")
        return ", ".join(words)

    def cells(self, row: worklists.ActivityRow) -> Sequence[Any]:
        return (
            f"{row.occurred_at:%d/%m/%Y}",
            row.type.label,
            row.subject,
            str(row.case_id),
            row.status.label,
        )

    def open(self, row: worklists.ActivityRow) -> None:
        self._read(row.activity_id)

    @work(thread=True, exit_on_error=False, group="person-activity")
    def _read(self, activity_id: int) -> None:
        try:
            a = activities.activity_detail(self.store, self.actor, activity_id)
        except PracticeError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        body = detail_lines(
            ("Case", a.case_id),
            ("When", f"{a.occurred_at:%d %b %Y %H:%M}"),
            ("Status", a.status.label),
            ("Responsible", a.responsible_user or a.responsible_team),
            ("Contact", a.contact),
            ("Location", a.location),
            ("Outcome", a.outcome),
        )
        body.append("\n" + (a.notes or "No notes.") + "\n\n")
        body.append(a.authorship.line, style="dim")
        if allowed(self.actor, Action.EDIT_ACTIVITY):
            body.append(
                "\nRead only here: open the case (c on the person record) to change it.",
                style="dim",
            )
        self.app.call_from_thread(self.app.push_screen, Info(f"{a.type.label}: {a.subject}", body))

    def action_new(self) -> None:
        self.notify("Activities are recorded on the case record: press escape, then c.")

    def action_filter(self) -> None:
        f = self.filters
        fields = [
            DialogField(
                "type",
                "Type",
                "choice",
                options=tuple((t.label, t) for t in ActivityType),
                value=f.get("type"),
                help="any type",
            ),
            DialogField(
                "status",
                "Status",
                "choice",
                options=tuple((s.label, s) for s in ActivityStatus),
                value=f.get("status"),
                help="any status",
            ),
            DialogField("from", "From", "date", value=day(f.get("from"))),
            DialogField("to", "To", "date", value=day(f.get("to"))),
        ]

        def chosen(values: dict[str, Any] | None) -> None:
            if values is None:
                return
            self.filters = {k: v for k, v in values.items() if v not in (None, "")}
            self.load()

        self.app.push_screen(
            RecordDialog("Filter activities", fields, "x clears every filter"), chosen
        )

    def action_clear_filters(self) -> None:
        if not self.filters:
            self.notify("No filters are set: every activity is shown.")
            return
        self.filters = {}
        self.load()
        self.notify("Filters cleared: every activity is shown.")
