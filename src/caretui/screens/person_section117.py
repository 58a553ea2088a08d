"""A person's Section 117 aftercare entitlements (guide P6), under the Mental Health Act.

``n`` records one, ``e`` reviews it, and admin / CSO set the organisation responsible
with ``o``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.binding import Binding

from caretui.rules.permissions import Action, allowed
from caretui.screens.person_items import PersonItemsScreen, day, detail_lines, today_text
from caretui.store.ops.section117 import (
    create_section117,
    set_section117_organisation,
    update_section117,
)
from caretui.store.queries import section117
from caretui.widgets.record_dialog import DialogField
from caretui.widgets.record_table import Col

S117_STATUSES = ("Entitled", "Under review", "Ended")
S117_SECTIONS = ("3", "37", "45A", "47", "48")  # Mental Health Act sections giving s.117


class Section117Screen(PersonItemsScreen):
    heading = "Section 117 entitlements"
    writes = {
        "new": Action.ADD_SECTION117,
        "edit": Action.ADD_SECTION117,
        "organisation": Action.SET_S117_ORGANISATION,
    }
    columns = (
        Col("Section"),
        Col("Start"),
        Col("End", priority=1),
        Col("Status", "status"),
        Col("Organisation responsible", "text"),
    )
    empty = "No Section 117 entitlements. Press n to record one."
    hint = "enter view · n new · e review · o organisation responsible (admin / CSO) · escape back"
    BINDINGS = [
        Binding("e", "edit", "Review", id="section117.edit"),
        Binding("o", "organisation", "Organisation", id="section117.organisation"),
    ]

    def fetch(self) -> list[Any]:
        return section117.section117_entitlements(self.store, self.actor, self.person_id)

    def cells(self, row: section117.Section117Row) -> Sequence[Any]:
        return (
            f"s.{row.detention_section}",
            day(row.start_date),
            day(row.end_date),
            row.status,
            row.organisation_responsible or "not yet set",
        )

    def open(self, row: section117.Section117Row) -> None:
        self.show_detail(
            f"Section 117 (detained under s.{row.detention_section})",
            detail_lines(
                ("Start", day(row.start_date)),
                ("End", day(row.end_date) or "ongoing"),
                ("Status", row.status),
                ("Organisation", row.organisation_responsible or "not yet set (admin / CSO)"),
                ("Aftercare", row.aftercare_summary or "none recorded"),
                ("Recorded by", f"{row.recorded_by} on {row.recorded_at:%d %b %Y}"),
            ),
        )

    @staticmethod
    def _fields(row: section117.Section117Row | None = None) -> list[DialogField]:
        """The entitlement's fields, empty for a new one or as ``row`` has them."""
        return [
            DialogField(
                "section",
                "Detained under",
                "choice",
                True,
                tuple((f"Section {s}", s) for s in S117_SECTIONS),
                value=row.detention_section if row else "3",
            ),
            DialogField(
                "start",
                "Start date",
                "date",
                True,
                value=day(row.start_date) if row else today_text(),
            ),
            DialogField("end", "End date", "date", value=day(row.end_date) if row else None),
            DialogField(
                "status",
                "Status",
                "choice",
                True,
                tuple((s, s) for s in S117_STATUSES),
                value=row.status if row else "Entitled",
            ),
            DialogField(
                "summary", "Aftercare", "textarea", value=row.aftercare_summary if row else None
            ),
        ]

    def action_edit(self) -> None:
        """Review the entitlement: its status, end date and the aftercare provided."""
        row = self.current
        if row is None:
            return
        if not self.may(Action.ADD_SECTION117, "Ask the person's worker."):
            return
        self.ask(
            f"Review Section 117 (s.{row.detention_section}): {self.person}",
            self._fields(row),
            lambda values: update_section117(
                self.store,
                self.actor,
                row.id,
                expected_version=row.version,
                detention_section=values["section"],
                start_date=values["start"],
                end_date=values["end"],
                status=values["status"],
                aftercare_summary=values["summary"],
            ),
            "Section 117 entitlement updated.",
            draft_key=f"section117:{row.id}:review",
            row=row,
            again=self.action_edit,
        )

    def action_new(self) -> None:
        if not self.may(Action.ADD_SECTION117, "Ask the person's worker."):
            return
        fields = self._fields()
        sets_org = allowed(self.actor, Action.SET_S117_ORGANISATION)
        if sets_org:
            fields.append(DialogField("organisation", "Organisation responsible"))
        help_text = (
            "" if sets_org else "Organisation responsible is left for admin / CSO to fill in."
        )

        self.ask(
            f"New Section 117 entitlement: {self.person}",
            fields,
            lambda values: create_section117(
                self.store,
                self.actor,
                person_id=self.person_id,
                detention_section=values["section"],
                start_date=values["start"],
                end_date=values["end"],
                status=values["status"],
                aftercare_summary=values["summary"],
                organisation_responsible=values.get("organisation", ""),
            ),
            "Section 117 entitlement recorded.",
            draft_key=f"person:{self.person_id}:section117:new",
            help_text=help_text,
        )

    def action_organisation(self) -> None:
        row = self.current
        if row is None:
            return
        if not self.may(Action.SET_S117_ORGANISATION, "Admin / CSO fill this in."):
            return

        self.ask(
            "Organisation responsible for Section 117 aftercare",
            [
                DialogField(
                    "organisation",
                    "Organisation",
                    required=True,
                    value=row.organisation_responsible,
                )
            ],
            lambda values: set_section117_organisation(
                self.store,
                self.actor,
                row.id,
                values["organisation"],
                expected_version=row.version,
            ),
            "Organisation responsible saved.",
            row=row,
            again=self.action_organisation,
        )
