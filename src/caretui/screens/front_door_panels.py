"""The front door on the home dashboard (issue 12): Referrals to screen, and the Waiting list.

**Referrals to screen (n)** appears for a practitioner or manager whose team has referrals
awaiting screening (the front door team): who, when the initial contact was, the source,
the urgency and the Care Act clock; ``enter`` opens the screening decision.

**Waiting list (n)** is a manager's: the team's accepted referrals with no worker yet,
Urgent first, then the longest wait, each with its priority in words, the days waiting,
the Care Act clock and the likely wait to tell the person (standard 1.1). ``a``
allocates the highlighted one (see :mod:`caretui.screens.allocation`); ``enter`` opens
the case; ``W`` opens the team view of any team's list (:mod:`caretui.screens.waiting_list`).

``N`` starts a new contact from any panel. :class:`FrontDoorPanels` is the dashboard's
part that knows this; the dashboard lays the panels out with the others.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text

from caretui.rules.permissions import Actor
from caretui.rules.wording import plural
from caretui.screens.allocation import AllocatesFromWaitingList
from caretui.store.db import Store
from caretui.widgets.record_table import Record, care_act_cell, record

if TYPE_CHECKING:
    from caretui.store.queries.referrals import ReferralRow, WaitingRow


def referral_records(rows: list[ReferralRow], targets: dict[str, int]) -> list[Record]:
    out = []
    for r in rows:
        key = f"r{r.referral_id}"
        targets[key] = r.case_id
        person = r.person_name  # whole: the column gives way to the detail line instead
        if r.awaiting_countersignature:  # a student's contact: screening countersigns it
            person = f"{r.person_name} (student)"
        cells = (
            person,
            f"{r.contact_at:%d/%m %H:%M}",
            r.source_label,
            r.urgency_label,
            care_act_cell(r.care_act),
        )
        sort = (r.person_name, r.contact_at, r.source_label, r.urgency_label, r.days_since_contact)
        out.append(record(key, cells, sort))
    return out


def waiting_cells(r: WaitingRow) -> tuple[Any, ...]:
    """Person, priority (Urgent in bold, and in words), days waiting, Care Act, likely wait."""
    return (
        r.person_name,
        Text(r.priority_label, style="bold") if r.priority_rank == 0 else r.priority_label,
        plural(r.days_waiting, "day"),
        care_act_cell(r.care_act),
        r.likely_wait,
    )


def waiting_records(rows: list[WaitingRow], targets: dict[str, int]) -> list[Record]:
    """In the list's own order (priority, then the longest wait): sorting by ``s`` can change it."""
    out = []
    for rank, r in enumerate(rows):
        key = f"w{r.referral_id}"
        targets[key] = r.case_id
        sort = (r.person_name, rank, r.days_waiting, r.care_act.days_left, r.likely_wait)
        out.append(record(key, waiting_cells(r), sort))
    return out


class FrontDoorPanels(AllocatesFromWaitingList):
    """The dashboard's front-door panels and keys (``DashboardScreen`` is one)."""

    store: Store
    actor: Actor
    waiting_rows: dict[str, WaitingRow]

    def action_refresh(self, skip: tuple[str, ...] = ()) -> None:
        raise NotImplementedError

    def front_door_loaders(self, targets: dict[str, dict[str, int]]) -> dict[str, Any]:
        """Loaders for the panels this user has, run in the dashboard's worker thread."""
        store, actor = self.store, self.actor

        def to_screen() -> list[Record]:
            from caretui.store.queries import referrals

            return referral_records(referrals.referrals_to_screen(store, actor), targets["screen"])

        def waiting() -> list[Record]:
            from caretui.store.queries import referrals

            rows = referrals.waiting_list(store, actor)
            self.waiting_rows = {f"w{r.referral_id}": r for r in rows}
            return waiting_records(rows, targets["waiting"])

        return {"screen": to_screen, "waiting": waiting}

    # --- keys ---------------------------------------------------------------------------------

    def action_new_contact(self) -> None:
        from caretui.screens.new_contact import open_new_contact

        open_new_contact(self, self.store, self.actor)

    def open_screening(self, case_id: int) -> None:
        from caretui.screens.screening import ScreeningWizard

        self.app.push_screen(
            ScreeningWizard(self.store, self.actor, case_id),
            lambda _done: self.action_refresh(),
        )

    def after_allocation(self) -> None:
        self.action_refresh()
