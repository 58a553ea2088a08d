"""Closing a case (W2; practitioner guide pp.26-27, standards section 5).

Before a case status is changed to closed the guide asks for four checks, computed here
from plain facts about the case:

a. every activity is Completed;
b. every form is Closed;
c. every Deprivation of Liberty has an actual end date, and it has passed;
d. every involvement has an end date, and it has passed, except the responsible user's and
   the responsible team's own ("should not have an end date: leave them").

"Passed" counts today: an involvement ended today has ended, so a worker can tidy the
record and ask for closure on the same day.

The request then carries a closure reason and the written summary the standards ask for
(5.1, 5.2): progress against the goals, recommendations for further support, and any onward
referral. Only a team manager authorises it; ``store.ops.closure`` enforces that.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from caretui.rules.vocab import CLOSURE_REASONS

GOALS_MET = ("Fully met", "Partially met", "Not met")
SUMMARY_FIELDS = ("goals_met", "goals_notes", "recommendations", "onward_referral")


@dataclass(frozen=True)
class Item:
    """Something on the case the checklist looks at; ``label`` is what the line lists."""

    id: int
    label: str


@dataclass(frozen=True)
class ActivityFact(Item):
    completed: bool = False


@dataclass(frozen=True)
class FormFact(Item):
    closed: bool = False


@dataclass(frozen=True)
class DolsFact(Item):
    actual_end: date | None = None


@dataclass(frozen=True)
class InvolvementFact(Item):
    user_id: int | None = None
    team_id: int = 0
    end_date: date | None = None


@dataclass(frozen=True)
class ChecklistLine:
    """One check: passed, or failing with the items that fail it; ``jump`` names the list."""

    key: str
    title: str
    jump: str
    failing: tuple[Item, ...]
    how_to_fix: str

    @property
    def passed(self) -> bool:
        return not self.failing


@dataclass(frozen=True)
class Checklist:
    lines: tuple[ChecklistLine, ...]

    @property
    def ready(self) -> bool:
        return all(line.passed for line in self.lines)

    @property
    def failing(self) -> tuple[ChecklistLine, ...]:
        return tuple(line for line in self.lines if not line.passed)

    def sentence(self) -> str:
        if self.ready:
            return "Every check has passed."
        names = "; ".join(f"{line.title} ({len(line.failing)} to do)" for line in self.failing)
        return f"Not yet: {names}."


def _own(inv: InvolvementFact, responsible_user_id: int | None, responsible_team_id: int) -> bool:
    if inv.user_id is not None:
        return inv.user_id == responsible_user_id
    return inv.team_id == responsible_team_id


def closure_checklist(
    *,
    activities: Iterable[ActivityFact],
    forms: Iterable[FormFact],
    dols: Iterable[DolsFact],
    involvements: Iterable[InvolvementFact],
    responsible_user_id: int | None,
    responsible_team_id: int,
    today: date,
) -> Checklist:
    """The four checks of the guide, each with what fails it."""
    open_activities = tuple(a for a in activities if not a.completed)
    open_forms = tuple(f for f in forms if not f.closed)
    current_dols = tuple(d for d in dols if d.actual_end is None or d.actual_end > today)
    current_involvements = tuple(
        i
        for i in involvements
        if not _own(i, responsible_user_id, responsible_team_id)
        and (i.end_date is None or i.end_date > today)
    )
    return Checklist(
        (
            ChecklistLine(
                "activities",
                "All activities completed",
                "activities",
                open_activities,
                "Open each one and complete it (set Status to Completed, ctrl+s).",
            ),
            ChecklistLine(
                "forms",
                "All forms closed",
                "forms",
                open_forms,
                "Complete each form; one that needs a manager must be closed by them.",
            ),
            ChecklistLine(
                "dols",
                "Deprivations of Liberty ended and in the past",
                "dols",
                current_dols,
                "Record each authorisation's actual end date (e in the DoLS list).",
            ),
            ChecklistLine(
                "involvements",
                "Involvements ended, except the responsible user's and team's",
                "involvements",
                current_involvements,
                "End each other involvement (e in the Involvements list).",
            ),
        )
    )


def closure_problems(reason: str, summary: Mapping[str, Any]) -> dict[str, str]:
    """What is missing from a closure request, by field: reason and written summary."""
    problems: dict[str, str] = {}
    if reason not in CLOSURE_REASONS:
        problems["closure_reason"] = "Choose the closure reason."
    if summary.get("goals_met") not in GOALS_MET:
        problems["goals_met"] = "Say whether the goals were met: fully, partially or not."
    if not str(summary.get("goals_notes") or "").strip():
        problems["goals_notes"] = "Describe the progress against the goals set."
    if not str(summary.get("recommendations") or "").strip():
        problems["recommendations"] = (
            "Write the recommendations for any further support, equipment or follow-up (or 'None')."
        )
    return problems
