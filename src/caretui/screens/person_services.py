"""The services a person receives (guide P7), such as home care.

Service provisions are kept by admin / CSO, who add them with ``n``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from caretui.rules.permissions import Action
from caretui.screens.person_items import PersonItemsScreen, day, detail_lines, today_text
from caretui.store.ops.services import add_service_provision
from caretui.store.queries import services
from caretui.widgets.record_dialog import DialogField, RecordDialog
from caretui.widgets.record_table import Col

SERVICE_STATUSES = ("Active", "Suspended", "Ended")


class ServicesScreen(PersonItemsScreen):
    heading = "Service provisions"
    writes = {"new": Action.ADD_SERVICE_PROVISION}
    columns = (
        Col("Service", "text", min_width=12),
        Col("Provider", "name", priority=1),
        Col("Start"),
        Col("End", priority=2),
        Col("Status", "status"),
    )
    empty = "No services recorded. Admin / CSO add them with n."
    hint = "enter view · n add (admin / CSO) · escape back"

    def fetch(self) -> list[Any]:
        return services.service_provisions(self.store, self.actor, self.person_id)

    def cells(self, row: services.ServiceRow) -> Sequence[Any]:
        return (
            row.service_type,
            row.provider,
            day(row.start_date),
            day(row.end_date),
            row.status,
        )

    def open(self, row: services.ServiceRow) -> None:
        self.show_detail(
            f"{row.service_type}" + (f" — {row.provider}" if row.provider else ""),
            detail_lines(
                ("Start", day(row.start_date)),
                ("End", day(row.end_date) or "ongoing"),
                ("Status", row.status),
                ("Units a week", f"{row.units_per_week:g}" if row.units_per_week else ""),
                ("Weekly cost", f"£{row.weekly_cost:,.2f}" if row.weekly_cost else ""),
                ("Notes", row.notes),
                ("Recorded by", row.recorded_by),
            ),
        )

    def action_new(self) -> None:
        if not self.may(
            Action.ADD_SERVICE_PROVISION, "Service provisions are kept by admin / CSO."
        ):
            return
        fields = [
            DialogField("service", "Service", required=True, help="e.g. Home care"),
            DialogField("provider", "Provider"),
            DialogField("start", "Start date", "date", True, value=today_text()),
            DialogField("end", "End date", "date"),
            DialogField("units", "Units a week"),
            DialogField("cost", "Weekly cost (£)"),
            DialogField(
                "status",
                "Status",
                "choice",
                True,
                tuple((s, s) for s in SERVICE_STATUSES),
                value="Active",
            ),
            DialogField("notes", "Notes", "textarea"),
        ]

        def save(values: dict[str, Any] | None) -> None:
            if values is None:
                return
            from caretui.rules.validation import ValidationError, parse_money, parse_number

            try:
                units = float(parse_number(values["units"])) if values["units"] else None
                cost = float(parse_money(values["cost"])) if values["cost"] else None
            except ValidationError as exc:
                self.notify(str(exc), severity="warning")
                return
            self.run_op(
                lambda: add_service_provision(
                    self.store,
                    self.actor,
                    person_id=self.person_id,
                    service_type=values["service"],
                    provider=values["provider"],
                    start_date=values["start"],
                    end_date=values["end"],
                    units_per_week=units,
                    weekly_cost=cost,
                    status=values["status"],
                    notes=values["notes"],
                ),
                "Service provision added.",
            )

        self.app.push_screen(
            RecordDialog(
                f"Add a service: {self.person}",
                fields,
                draft_key=f"person:{self.person_id}:service:new",
            ),
            save,
        )
