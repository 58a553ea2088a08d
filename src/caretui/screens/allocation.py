"""Allocating a worker from a team's waiting list (issue 12 §6), for any screen that lists it.

The manager highlights someone waiting and presses ``a``: the team's workers are listed
with their open cases beside each name, so the manager sees at once who has room; the
chosen worker has the case on their Primary Cases at once. The dashboard's Waiting list
panel and the team view of the waiting list both allocate this way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.screen import Screen

from caretui.rules.errors import PracticeError
from caretui.rules.permissions import Action, Actor, allowed
from caretui.store.db import Store
from caretui.widgets.worker_lookup import Worker, WorkerLookup

if TYPE_CHECKING:
    from caretui.store.queries.referrals import WaitingRow


class AllocatesFromWaitingList(Screen[None]):
    """A screen that lists a waiting list; ``after_allocation`` reloads what it shows."""

    store: Store
    actor: Actor

    def after_allocation(self) -> None:
        raise NotImplementedError

    def may_allocate(self, team_id: int) -> bool:
        """Only the team's own manager allocates from its list (the store checks it too)."""
        return allowed(self.actor, Action.ALLOCATE_FROM_WAITING_LIST) and (
            team_id == self.actor.team_id
        )

    def allocate(self, row: WaitingRow | None) -> None:
        if row is None:
            self.notify("Highlight someone on the waiting list first.")
            return
        if not self.may_allocate(row.team_id):
            self.notify(
                "Only the team's manager allocates from its waiting list.", severity="warning"
            )
            return
        self.worker_choices(row)

    @work(thread=True, exclusive=True, exit_on_error=False, group="allocate")
    def worker_choices(self, row: WaitingRow) -> None:
        from caretui.store.queries import referrals, staff

        loads = referrals.caseloads(self.store, row.team_id)
        workers = [
            Worker(m.id, m.name, m.designation, loads.get(m.id, 0))
            for m in staff.team_members(self.store).get(row.team_id, [])
        ]
        self.app.call_from_thread(self._choose_worker, row, workers)

    def _choose_worker(self, row: WaitingRow, workers: list[Worker]) -> None:
        if not workers:
            self.notify(
                "No one in the team can hold cases: a system admin adds practitioners "
                "with 'caretui admin create-user'.",
                severity="warning",
                timeout=10,
            )
            return

        def chosen(user_id: int | None) -> None:
            if user_id is not None:
                name = next(w.name for w in workers if w.id == user_id)
                self.allocate_to(row, user_id, name)

        title = (
            f"Allocate {row.person_name} (case {row.case_id}, {row.priority_label}, "
            f"waiting {row.days_waiting} days) to"
        )
        self.app.push_screen(WorkerLookup(title, workers), chosen)

    @work(thread=True, exit_on_error=False, group="allocate-write")
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
        app.call_from_thread(self.after_allocation)
