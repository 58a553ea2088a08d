"""The dashboard's panels: what each lists and how its columns give way at 80 columns.

Each column is a :class:`Col`: statuses (the Care Act clock, an activity's due date that
says OVERDUE) keep whole words; a name is shown whole or, when it gives way, in the detail
line; subjects narrow to a whole word and "…"; IDs and secondary dates are hidden first,
into the detail line under the table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from caretui.rules.permissions import Action
from caretui.widgets.record_table import Col

if TYPE_CHECKING:
    from caretui.store.queries import worklists


@dataclass(frozen=True)
class Panel:
    id: str
    title: str
    columns: tuple[Col, ...]
    empty: str
    needs: Action | None = None  # the panel is there for roles that may do this
    hidden_when_empty: bool = False


# The date says OVERDUE when it is: it is the status of an activity, so never cut.
ACTIVITY_COLUMNS = (
    Col("Due / date", "status"),
    Col("Type", "text", min_width=8),
    Col("Subject", "text"),
    Col("Person", "name", priority=1),
    Col("Case", priority=2),
)

PANELS: tuple[Panel, ...] = (
    Panel(
        "primary",
        "Primary Cases",
        (
            Col("Person", "name"),
            Col("Person ID", priority=3),
            Col("Case", priority=2),
            Col("Referred", priority=1),
            Col("Care Act", "status"),
            Col("Status", "status"),
        ),
        "No open cases have you as the responsible user.",
    ),
    Panel(
        "secondary",
        "Secondary Cases",
        (
            Col("Person", "name"),
            Col("Person ID", priority=4),
            Col("Case", priority=3),
            Col("My role", "name", priority=1),
            Col("Responsible", "name", priority=2),
            Col("Care Act", "status"),
        ),
        "You have no open involvements on other workers' cases.",
    ),
    Panel(
        "activities",
        "My Activities",
        ACTIVITY_COLUMNS,
        "No open activities are assigned to you.",
    ),
    Panel(
        "team",
        "Team Activities",
        ACTIVITY_COLUMNS,
        "Your team's queue is empty.",
    ),
    Panel(
        "forms",
        "My Forms",
        (
            Col("Form", "text", min_width=12),
            Col("Status", "status"),
            Col("Person", "name", priority=1),
            Col("Case", priority=3),
            Col("Created", priority=2),
        ),
        "No forms in progress are yours.",
    ),
    Panel(
        "closeforms",
        "Forms to close",
        (
            Col("Form", "text", min_width=12),
            Col("Person", "name", priority=1),
            Col("Case", priority=4),
            Col("Completed", priority=2),
            Col("Responsible", "name", priority=3),
        ),
        "No completed forms are waiting for you.",
        needs=Action.CLOSE_FORM,
    ),
    Panel(
        "closures",
        "Closures to authorise",
        (
            Col("Person", "name"),
            Col("Case", priority=3),
            Col("Reason", "text"),
            Col("Requested by", "name", priority=2),
            Col("On", priority=1),
        ),
        "No closure requests are waiting.",
        needs=Action.CLOSE_FORM,
    ),
    Panel(
        "countersign",
        "Countersign",
        (
            Col("Date", "status"),
            Col("Type", "text", min_width=8),
            Col("Subject", "text"),
            Col("Person", "name", priority=2),
            Col("Case", priority=3),
            Col("Student", "name", priority=1),
        ),
        "No students' entries are waiting.",
        needs=Action.CLOSE_FORM,
    ),
    # The front door (issue 12): after the others, so their numbers stay as they were.
    Panel(
        "screen",
        "Referrals to screen",
        (
            Col("Person", "name"),
            Col("Contact", priority=1),
            Col("Source", "text", priority=2),
            Col("Urgency", "status"),
            Col("Care Act", "status"),
        ),
        "No referrals are waiting for your team to screen.",
        needs=Action.SCREEN_REFERRAL,
        hidden_when_empty=True,
    ),
    Panel(
        "waiting",
        "Waiting list",
        (
            Col("Person", "name"),
            Col("Priority", "status"),
            Col("Waiting", priority=1),
            Col("Care Act", "status"),
            Col("Likely wait", "text", priority=1, min_width=12),
        ),
        "Nobody is on your team's waiting list.",
        needs=Action.ALLOCATE_FROM_WAITING_LIST,
    ),
)
PANEL_KEYS = "1234567890"
"""Panel n's key; the tenth is 0."""


def returned_note(rows: list[worklists.CaseRow]) -> str:
    """The line under Primary Cases for each closure request the manager returned: whose
    case, who returned it and why (the row itself says "Closure returned")."""
    lines = []
    for r in rows:
        if r.closure_returned:
            by = f" by {r.closure_returned_by}" if r.closure_returned_by else ""
            lines.append(
                f"Closure returned{by} on case {r.case_id} ({r.person}): {r.closure_returned}"
                " (o opens the case)"
            )
    return "\n".join(lines)
