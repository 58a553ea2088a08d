"""The front door on the home dashboard (issue 12): Referrals to screen, and the Waiting list.

**Referrals to screen (n)** appears for a practitioner or manager whose team has referrals
awaiting screening (the front door team): who, when the initial contact was, the source,
the urgency and the Care Act clock; ``enter`` opens the screening decision.

**Waiting list (n)** is a manager's: the team's accepted referrals with no worker yet,
Urgent first, then the longest wait, each with its priority in words, the days waiting,
the Care Act clock and the likely wait to tell the person (standard 1.1). ``a``
allocates the highlighted one: the team's workers are listed with their open cases, and
the chosen worker has the case on their Primary Cases at once. ``enter`` opens the case.

``N`` starts a new contact from any panel. :class:`FrontDoorPanels` is the dashboard's
part that knows this; the dashboard lays the panels out with the others.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work
from textual.screen import Screen

from caretui.rules.errors import PracticeError
from caretui.rules.permissions import Action, Actor, allowed
from caretui.store.db import Store
from caretui.widgets.record_table import Record, care_act_cell, clip, record
from caretui.widgets.worker_lookup import Worker, WorkerLookup

if TYPE_CHECKING:
    from caretui.store.queries.referrals import ReferralRow, WaitingRow


def referral_records(rows: list[ReferralRow], targets: dict[str, int]) -> list[Record]:
    out = []
    for r in rows:
        key = f"r{r.referral_id}"
        targets[key] = r.case_id
        person = clip(r.person_name, 26)
        if r.awaiting_countersignature:  # a student's contact: screening countersigns it
            person = clip(r.person_name, 16) + " (student)"
        cells = (
            person,
            f"{r.contact_at:%d/%m %H:%M}",
            clip(r.source_label, 16),
            r.urgency_label,
            care_act_cell(r.care_act),
        )
        sort = (r.person_name, r.contact_at, r.source_label, r.urgency_label, r.days_since_contact)
        out.append(record(key, cells, sort))
    return out


def waiting_records(rows: list[WaitingRow], targets: dict[str, int]) -> list[Record]:
    """In the list's own order (priority, then the longest wait): sorting by ``s`` can change it."""
    out = []
    for rank, r in enumerate(rows):
        key = f"w{r.referral_id}"
        targets[key] = r.case_id
        days = f"{r.days_waiting} day{'s' * (r.days_waiting != 1)}"
        cells = (
            clip(r.person_name, 20),
            Text(r.priority_label, style="bold") if r.priority_rank == 0 else r.priority_label,
            days,
            care_act_cell(r.care_act),
            clip(r.likely_wait, 26),
        )
        sort = (r.person_name, rank, r.days_waiting, r.care_act.days_left, r.likely_wait)
        out.append(record(key, cells, sort))
    return out


class FrontDoorPanels(Screen[None]):
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

    def allocate(self, key: str | None) -> None:
        row = self.waiting_rows.get(key or "")
        if row is None:
            self.notify("Highlight someone on the waiting list first.")
            return
        if not allowed(self.actor, Action.ALLOCATE_FROM_WAITING_LIST):
            self.notify(
                "Only the team manager allocates from the waiting list.", severity="warning"
            )
            return
        self.worker_choices(row)

    @work(thread=True, exclusive=True, exit_on_error=False, group="dashboard-allocate")
    def worker_choices(self, row: WaitingRow) -> None:
        from caretui.store.queries import referrals, staff

        team = self.actor.team_id
        loads = referrals.caseloads(self.store, team)
        workers = [
            Worker(m.id, m.name, m.designation, loads.get(m.id, 0))
            for m in staff.team_members(self.store).get(team, [])
        ]
        self.app.call_from_thread(self._choose_worker, row, workers)

    def _choose_worker(self, row: WaitingRow, workers: list[Worker]) -> None:
        def chosen(user_id: int | None) -> None:
            if user_id is not None:
                name = next(w.name for w in workers if w.id == user_id)
                self.allocate_to(row, user_id, name)

        title = (
            f"Allocate {row.person_name} (case {row.case_id}, {row.priority_label}, "
            f"waiting {row.days_waiting} days) to"
        )
        self.app.push_screen(WorkerLookup(title, workers), chosen)

    @work(thread=True, exit_on_error=False, group="dashboard-write")
    def allocate_to(self, row: WaitingRow, user_id: int, name: str) -> None:
        from caretui.store.ops.referrals import allocate_from_waiting_list

        app = self.app
        try:
            allocate_from_waiting_list(
                self.store, self.actor, row.case_id, user_id, expected_version=row.version
            )
        except PracticeError as exc:
            app.call_from_thread(self.notify, str(exc), severity="error", timeout=12)
            return
        app.call_from_thread(
            self.notify,
            f"{row.person_name} (case {row.case_id}) is allocated to {name}: it is on their "
            "Primary Cases.",
            timeout=10,
        )
        app.call_from_thread(self.action_refresh)
