"""A person's alerts and hazards (guide P2): what a visitor must know before going in.

What is current shows on the person banner's bell. ``n`` adds one and ``e`` ends the
highlighted one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual.binding import Binding

from caretui.rules.permissions import Action
from caretui.screens.person_items import PersonItemsScreen, day, detail_lines, today_text
from caretui.store.ops.alerts import add_alert, end_alert
from caretui.store.queries import alerts
from caretui.widgets.record_dialog import DialogField
from caretui.widgets.record_table import Col

ALERT_CATEGORIES = (
    "Dog in the property",
    "Aggressive or violent behaviour",
    "Lone working risk",
    "Infection control",
    "Smoker in the property",
    "Hoarding or trip hazards",
    "Lives alone",
    "DNACPR in place",
    "Lasting Power of Attorney in place",
    "Safeguarding concern",
    "Other",
)


class AlertsScreen(PersonItemsScreen):
    heading = "Alerts and hazards"
    writes = {"new": Action.ADD_ALERT, "end": Action.ADD_ALERT}
    columns = (
        Col("Type", "text", min_width=8),
        Col("About", "text"),
        Col("Started", priority=1),
        Col("Status", "status"),
    )
    empty = "No alerts or hazards. Press n to add one (e.g. a dog in the property)."
    hint = "enter details · n add · e end the highlighted one · escape back"
    BINDINGS = [Binding("e", "end", "End alert", id="alerts.end")]

    def fetch(self) -> list[Any]:
        return alerts.person_alerts(self.store, self.actor, self.person_id)

    def cells(self, row: alerts.AlertRow) -> Sequence[Any]:
        kind = Text(row.kind_label.upper(), style="bold red") if row.kind == "hazard" else "Alert"
        status: Any = Text("Current", style="bold") if row.current else f"Ended {day(row.end_date)}"
        if row.current and row.end_date:
            status = Text(f"Current to {day(row.end_date)}", style="bold")
        return (kind, row.category, day(row.start_date), status)

    def open(self, row: alerts.AlertRow) -> None:
        self.show_detail(
            f"{row.kind_label}: {row.category}",
            detail_lines(
                ("Details", row.description or "none recorded"),
                ("Started", day(row.start_date)),
                ("Ended", day(row.end_date) or "current"),
                ("Recorded by", f"{row.recorded_by} on {row.recorded_at:%d %b %Y %H:%M}"),
            ),
        )

    def action_new(self) -> None:
        if not self.may(Action.ADD_ALERT, "Ask the person's worker to add it."):
            return
        fields = [
            DialogField(
                "kind",
                "Type",
                "choice",
                True,
                (("Hazard (visiting risk)", "hazard"), ("Alert", "alert")),
                value="hazard",
            ),
            DialogField(
                "category", "About", "choice", True, tuple((c, c) for c in ALERT_CATEGORIES)
            ),
            DialogField("start", "Start date", "date", True, value=today_text()),
            DialogField("description", "Details", "textarea"),
        ]

        self.ask(
            f"Add an alert or hazard: {self.person}",
            fields,
            lambda values: add_alert(
                self.store,
                self.actor,
                person_id=self.person_id,
                kind=values["kind"],
                category=values["category"],
                description=values["description"],
                start_date=values["start"],
            ),
            lambda values: f"{values['category']} added: it shows on the banner's bell.",
            draft_key=f"person:{self.person_id}:alert:new",
        )

    def action_end(self) -> None:
        row = self.current
        if row is None:
            return
        if row.end_date is not None:
            self.notify(f"This {row.kind} already ended on {day(row.end_date)}.")
            return
        if not self.may(Action.ADD_ALERT, "Ask the person's worker to end it."):
            return

        self.ask(
            f"End {row.kind}: {row.category}",
            [DialogField("end", "End date", "date", True, value=today_text())],
            lambda values: end_alert(
                self.store,
                self.actor,
                row.id,
                end_date=values["end"],
                expected_version=row.version,
            ),
            lambda values: f"{row.category} ends {day(values['end'])}.",
            row=row,
            again=self.action_end,
        )
