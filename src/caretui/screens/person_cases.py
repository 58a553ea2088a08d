"""A person's cases, open and closed (issue 14): every case reachable from the person record.

``enter`` opens the highlighted case. A closed case opens read-only (the case record says
so in words), so its Involvements, Forms and closure summary can still be read, and a
team manager can reopen it from there. A new case starts at the front door, not here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.binding import Binding

from caretui.screens.person_items import PersonItemsScreen, day
from caretui.store.queries import case_record
from caretui.widgets.record_table import Col


def status_cell(row: case_record.PersonCaseRow) -> str:
    """'Closed 12/10/2026', or where the case stands ('Open', 'Waiting list')."""
    if row.closed:
        return f"Closed {day(row.closed_on)}".rstrip()
    return row.status.label


class PersonCasesScreen(PersonItemsScreen):
    heading = "Cases"
    columns = (
        Col("Case"),
        Col("Referred", priority=1),
        Col("Status", "status"),
        Col("Closure reason", "text", min_width=12),
    )
    empty = "No cases recorded. A new case starts at the front door (N New contact)."
    hint = "enter open the case (a closed one read only, reason in full) · escape back"
    BINDINGS = [Binding("o", "open_row", "Open case", id="cases.open")]

    def fetch(self) -> list[Any]:
        return case_record.person_cases(self.store, self.actor, self.person_id)

    def cells(self, row: case_record.PersonCaseRow) -> Sequence[Any]:
        return (
            row.case_id,
            day(row.referral_date),
            status_cell(row),
            row.closure_reason,
        )

    def open(self, row: case_record.PersonCaseRow) -> None:
        self.app.open_case(row.case_id)  # type: ignore[attr-defined]

    def action_open_row(self) -> None:
        row = self.current
        if row is not None:
            self.open(row)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "new":  # a case is opened at the front door, never from this list
            return False
        return super().check_action(action, parameters)

    def action_new(self) -> None:
        self.notify("A new case starts at the front door: N New contact on the dashboard.")
