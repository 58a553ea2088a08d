"""The team view of a waiting list (issue 12 §6): the whole list of one team, full screen.

The manager's dashboard panel shows their own team's list beside the other panels; this
view shows any team's, for anyone who reads records: a front-door worker checking where
the people they accepted are waiting, a practitioner telling a caller how long the wait
usually is (standard 1.1), a manager looking across teams. Urgent first, then the
longest wait, each with its priority in words, the days waiting, the Care Act clock from
the initial contact, and the likely wait for the priority. ``t`` chooses another team;
``enter`` opens the case; the team's own manager allocates with ``a``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from textual import work
from textual.binding import Binding
from textual.widgets import Static

from caretui.rules.permissions import Action, Actor
from caretui.screens.allocation import AllocatesFromWaitingList
from caretui.screens.front_door_panels import waiting_cells
from caretui.screens.items import ItemsScreen
from caretui.store.db import Store
from caretui.store.queries import referrals
from caretui.store.queries.referrals import WaitingRow
from caretui.widgets.choose_one import ChooseOne
from caretui.widgets.record_table import Col


class WaitingListScreen(ItemsScreen, AllocatesFromWaitingList):
    """One team's waiting list (the signed-in worker's team first)."""

    heading = "Waiting list"
    columns = (
        Col("Person", "name"),
        Col("Priority", "status"),
        Col("Waiting", priority=2),
        Col("Care Act", "status"),
        Col("Likely wait", "text", priority=1, min_width=12),
    )
    hint = "enter open case · a allocate · t another team · ctrl+r reload · escape back"
    writes = {"allocate": Action.ALLOCATE_FROM_WAITING_LIST, "new": Action.RECORD_CONTACT}
    BINDINGS = [
        Binding("a", "allocate", "Allocate a worker", id="waiting_list.allocate"),
        Binding("t", "choose_team", "Another team", id="waiting_list.team"),
        Binding("ctrl+r,f5", "reload", "Reload", id="waiting_list.refresh"),
        Binding("n", "new", "New contact", show=False, id="waiting_list.new"),
        Binding("escape", "back", "Back", id="waiting_list.back"),
    ]

    def __init__(self, store: Store, actor: Actor, team_id: int | None = None) -> None:
        super().__init__(store, actor)
        self.team_id = team_id if team_id is not None else actor.team_id
        self.team_name = ""

    @property
    def title_text(self) -> str:
        return f"{self.heading}: loading…"

    def fetch(self) -> list[WaitingRow]:
        from caretui.store.queries import staff

        self.team_name = next(
            (t.name for t in staff.teams(self.store) if t.id == self.team_id), "this team"
        )
        return referrals.waiting_list(self.store, self.actor, self.team_id)

    def empty_text(self) -> str:
        return f"Nobody is on {self.team_name}'s waiting list."

    def cells(self, row: WaitingRow) -> Sequence[Any]:
        return waiting_cells(row)

    def _show(self, rows: list[Any]) -> None:
        super()._show(rows)
        by_priority = Counter(r.priority_label for r in rows)
        counts = ", ".join(f"{label} {n}" for label, n in by_priority.items())
        title = f"{self.heading}: {self.team_name} ({len(rows)})"
        if counts:
            title += f": {counts}"
        self.query_one("#items-title", Static).update(title)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "allocate":
            return self.may_allocate(self.team_id)
        return super().check_action(action, parameters)

    def why_not(self, action: str, parameters: tuple[object, ...]) -> str | None:
        why = super().why_not(action, parameters)
        if why is None and action == "allocate":  # a manager looking at another team's list
            return "Only the team's manager allocates from its waiting list."
        return why

    # --- keys -----------------------------------------------------------------------------

    def open(self, row: WaitingRow) -> None:
        self.app.open_case(row.case_id)  # type: ignore[attr-defined]

    def action_allocate(self) -> None:
        self.allocate(self.current)

    def after_allocation(self) -> None:
        self.load()

    def action_new(self) -> None:
        from caretui.screens.new_contact import open_new_contact

        open_new_contact(self, self.store, self.actor)

    def action_choose_team(self) -> None:
        self._team_choices()

    @work(thread=True, exclusive=True, exit_on_error=False, group="waiting-teams")
    def _team_choices(self) -> None:
        from caretui.store.queries import staff

        counts = referrals.waiting_counts(self.store)
        choices = [
            (f"{t.name}: {counts.get(t.id, 0)} waiting", t.id) for t in staff.teams(self.store)
        ]
        self.app.call_from_thread(self._choose_team, choices)

    def _choose_team(self, choices: list[tuple[str, int]]) -> None:
        def chosen(team_id: int | None) -> None:
            if team_id is not None and team_id != self.team_id:
                self.team_id = team_id
                self.query_one("#items-title", Static).update(f"{self.heading}: loading…")
                self.load()

        self.app.push_screen(ChooseOne("Whose waiting list?", choices), chosen)
