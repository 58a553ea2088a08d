"""The home dashboard (D1, D2): what is mine to do today.

Practitioners see My Cases (Primary and Secondary), My Activities, Team Activities and My
Forms; managers also see what waits for them. Each tab title carries its count. Each panel
loads in its own thread worker, so the first rows appear without waiting for the rest.
``f`` filters the list on show (then every letter typed goes into the filter box; ``enter``
keeps the filter, ``escape`` clears it: ``widgets.list_filter``); ``s`` sorts; ``enter``
opens the case; ``n``, ``F`` and ``T`` act on the highlighted case (``dashboard_case_keys``).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.lazy import Lazy
from textual.widgets import Header, Static, TabbedContent, TabPane

from caretui.rules.permissions import Action, Actor, allowed
from caretui.rules.wording import plural
from caretui.screens.dashboard_case_keys import NEEDS, CaseRowKeys
from caretui.screens.dashboard_panels import PANEL_KEYS, PANELS, returned_note
from caretui.store.db import Store
from caretui.store.queries import worklists
from caretui.widgets.keybar import KeyBar
from caretui.widgets.list_filter import FilterBox, FiltersList
from caretui.widgets.record_table import Record, RecordTable, care_act_cell, record
from caretui.widgets.role_keys import RoleKeys
from caretui.widgets.worker_errors import ReportsWorkerErrors

ACTIVITY_LIMIT = 1000


def _date(value: Any) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


class DashboardScreen(RoleKeys, ReportsWorkerErrors, CaseRowKeys, FiltersList):
    BINDINGS = [
        Binding("r,ctrl+r,f5", "refresh", "Refresh", id="dashboard.refresh"),
        Binding("o", "open_case", "Open the row's case", id="dashboard.open_case"),
        Binding("c", "countersign", "Countersign", id="dashboard.countersign"),
        Binding("a", "allocate", "Allocate a worker", id="dashboard.allocate"),
        Binding("N", "new_contact", "New contact", id="dashboard.new_contact"),
        Binding("W", "waiting_lists", "Waiting lists", id="dashboard.waiting_lists"),
        Binding("A", "audit", "Audit trail", id="dashboard.audit"),
        Binding("U", "accounts", "Accounts and access review", id="dashboard.accounts"),
        Binding("left", "previous_tab", "Previous panel", show=False, id="dashboard.left"),
        Binding("right", "next_tab", "Next panel", show=False, id="dashboard.right"),
        *[
            Binding(key, f"panel({n})", f"Panel {n}", show=False, id=f"dashboard.panel{n}")
            for n, key in enumerate(PANEL_KEYS, start=1)
        ],
        Binding("escape", "clear_filter", "Clear filter", show=False, id="dashboard.clear"),
    ]

    def __init__(
        self, store: Store, actor: Actor, *, primary_cases: list[worklists.CaseRow] | None = None
    ) -> None:
        super().__init__()
        self.store = store
        self.actor = actor
        # Primary Cases read before the app started, drawn with the first paint.
        self.primary_cases = primary_cases
        self._summary_counts = (0, 0, 0)
        # Under Primary Cases: the closure requests my manager returned, and why.
        self._returned_note = ""
        self._front_door_counts: dict[str, int] = {}
        self.panels = [p for p in PANELS if p.needs is None or allowed(actor, p.needs)]
        self.waiting_rows = {}
        # Which case each row opens, per panel.
        self.case_for: dict[str, dict[str, int]] = {p.id: {} for p in self.panels}

    # --- layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Loading your cases…", id="dash-summary")
        with TabbedContent(id="dash-tabs"):
            for n, panel in enumerate(self.panels):
                with TabPane(f"{panel.title} (…)", id=f"pane-{panel.id}"):
                    # left/right switch panels here, not scroll the table (KEYMAP).
                    table = RecordTable(panel.columns, id=f"table-{panel.id}", steps=True)
                    # Panels out of sight are built just after the first paint.
                    yield table if n == 0 else Lazy(table)
                    yield Static("", classes="empty", id=f"empty-{panel.id}")
        # What the highlighted row shows nowhere else at this width (hidden columns).
        yield Static("", id="dash-detail")
        yield FilterBox(id="dash-filter")
        yield KeyBar()

    def on_mount(self) -> None:
        for panel in self.panels:
            if panel.hidden_when_empty:  # shown once it has something in it
                self.query_one(TabbedContent).hide_tab(f"pane-{panel.id}")
        self.query_one("#table-primary", RecordTable).focus()
        if self.primary_cases is None:
            self.action_refresh()
            return
        self._show("primary", self._cases("primary", self.primary_cases))
        self.primary_cases = None
        # The other panels load once Primary Cases is on screen: a worker started now
        # would hold the interpreter while Textual draws the first frame.
        self.call_after_refresh(self.action_refresh, ("primary",))

    # --- loading --------------------------------------------------------------------------

    def action_refresh(self, skip: tuple[str, ...] = ()) -> None:
        a, s = self.actor, self.store
        loaders: dict[str, Callable[[], list[Record]]] = {
            "primary": lambda: self._cases("primary", worklists.primary_cases(s, a)),
            "secondary": lambda: self._cases("secondary", worklists.secondary_cases(s, a)),
            "activities": lambda: self._activities(
                "activities", worklists.my_activities(s, a, limit=ACTIVITY_LIMIT)
            ),
            "team": lambda: self._activities(
                "team", worklists.team_activities(s, a, limit=ACTIVITY_LIMIT)
            ),
            "forms": lambda: self._forms("forms", worklists.my_forms(s, a)),
            "closeforms": lambda: self._forms("closeforms", worklists.forms_awaiting_closure(s, a)),
            "closures": lambda: self._closures(worklists.closures_awaiting(s, a)),
            "countersign": lambda: self._activities(
                "countersign", worklists.awaiting_countersignature(s, a)
            ),
            **self.front_door_loaders(self.case_for),
        }
        self.load_panels([(p.id, loaders[p.id]) for p in self.panels if p.id not in skip])

    @work(thread=True, exclusive=True, exit_on_error=False, group="dashboard")
    def load_panels(self, panels: list[tuple[str, Callable[[], list[Record]]]]) -> None:
        """One panel after another, the first (Primary Cases) on screen soonest."""
        for panel_id, loader in panels:
            records = loader()
            self.app.call_from_thread(self._show, panel_id, records)
        self._warm_case_queries()

    def _warm_case_queries(self) -> None:
        """Open the first listed case once, unseen, so the statements that open a case are
        compiled before the practitioner presses enter."""
        from caretui.rules.errors import PracticeError
        from caretui.screens.case import fetch_case

        first = next(iter(self.case_for.get("primary", {}).values()), None)
        first = first or next(iter(self.case_for.get("secondary", {}).values()), None)
        if first is None:
            return
        with suppress(PracticeError):
            fetch_case(self.store, self.actor, first)

    def _show(self, panel_id: str, records: list[Record]) -> None:
        panel = next(p for p in self.panels if p.id == panel_id)
        count = f"{len(records)}+" if len(records) >= ACTIVITY_LIMIT else str(len(records))
        tabs = self.query_one(TabbedContent)
        tabs.get_tab(f"pane-{panel_id}").label = f"{panel.title} ({count})"
        if panel.hidden_when_empty:
            self._show_panel(panel_id, bool(records))
        note = self._returned_note if panel_id == "primary" else ""
        self.query_one(f"#empty-{panel_id}", Static).update(note if records else panel.empty)
        if panel_id in ("screen", "waiting"):
            self._front_door_counts[panel_id] = len(records)
        if panel_id in ("primary", "screen", "waiting"):
            self._summary(*self._summary_counts)
        try:
            table = self.query_one(f"#table-{panel_id}", RecordTable)
        except NoMatches:
            # Panels out of sight are built just after the first paint (Lazy): their
            # rows can arrive first, and wait for the table.
            self.call_after_refresh(self._fill_later, panel_id, records)
            return
        table.set_records(records)

    def _show_panel(self, panel_id: str, shown: bool) -> None:
        tabs = self.query_one(TabbedContent)
        pane = f"pane-{panel_id}"
        if shown:
            tabs.show_tab(pane)
            return
        if tabs.active == pane:
            tabs.active = "pane-primary"
        tabs.hide_tab(pane)

    def _hidden(self, panel_id: str) -> bool:
        return self.query_one(TabbedContent).get_tab(f"pane-{panel_id}").has_class("-hidden")

    def _fill_later(self, panel_id: str, records: list[Record]) -> None:
        try:
            self.query_one(f"#table-{panel_id}", RecordTable).set_records(records)
        except NoMatches:
            self.call_after_refresh(self._fill_later, panel_id, records)

    def _cases(self, panel_id: str, rows: list[worklists.CaseRow]) -> list[Record]:
        targets = self.case_for[panel_id]
        out = []
        overdue = soon = 0
        # Most urgent first: assessments not done, soonest due; then the rest by referral.
        rows = sorted(
            rows, key=lambda r: (r.assessment.done, r.assessment.days_left, r.referral_date)
        )
        for r in rows:
            targets[str(r.case_id)] = r.case_id
            overdue += r.assessment.overdue
            soon += r.assessment.due_soon
            if panel_id == "primary":
                status: Any = r.status.label
                if r.closure_returned:
                    status = Text("Closure returned", style="bold")
                cells: tuple[Any, ...] = (
                    r.person,
                    f"P{r.person_id}",
                    r.case_id,
                    _date(r.referral_date),
                    care_act_cell(r.assessment),
                    status,
                )
                sort: tuple[Any, ...] = (
                    r.person.lower(),
                    r.person_id,
                    r.case_id,
                    r.referral_date,
                    (r.assessment.done, r.assessment.days_left),
                    r.status.value,
                )
            else:
                cells = (
                    r.person,
                    f"P{r.person_id}",
                    r.case_id,
                    r.involvement_role,
                    r.responsible,
                    care_act_cell(r.assessment),
                )
                sort = (
                    r.person.lower(),
                    r.person_id,
                    r.case_id,
                    r.involvement_role,
                    r.responsible,
                    (r.assessment.done, r.assessment.days_left),
                )
            out.append(record(r.case_id, cells, sort))
        if panel_id == "primary":
            self._summary_counts = (len(rows), overdue, soon)
            self._returned_note = returned_note(rows)
        return out

    def _summary(self, cases: int, overdue: int, soon: int) -> None:
        parts = [f"{cases} open case{'s' * (cases != 1)} as responsible worker"]
        text = Text(", ".join(parts) + ". ")
        if overdue:
            text.append(
                f"{overdue} Care Act assessment{'s' * (overdue != 1)} OVERDUE",
                style="bold red",
            )
            text.append(". ")
        if soon:
            text.append(f"{soon} due within 7 days", style="bold yellow")
            text.append(". ")
        if not overdue and not soon:
            text.append("No Care Act assessments are due within 7 days. ")
        front_door = self._front_door_counts
        if front_door.get("screen"):
            words = f"{plural(front_door['screen'], 'referral')} to screen"
            text.append(f"{words} ({self._panel_key('screen')}). ", style="bold")
        if front_door.get("waiting"):
            words = f"{front_door['waiting']} on the waiting list"
            text.append(f"{words} ({self._panel_key('waiting')}). ", style="bold")
        text.append(" (? for keys)", style="dim")
        self.query_one("#dash-summary", Static).update(text)

    def _panel_key(self, panel_id: str) -> str:
        """'key 9': how to get to a panel whose tab may be out of sight at 80 columns."""
        at = next(n for n, p in enumerate(self.panels) if p.id == panel_id)
        return f"key {PANEL_KEYS[at]}" if at < len(PANEL_KEYS) else "right arrow"

    def _activities(self, panel_id: str, rows: list[worklists.ActivityRow]) -> list[Record]:
        targets = self.case_for[panel_id]
        out = []
        for r in rows:
            key = f"a{r.activity_id}"
            targets[key] = r.case_id
            when = r.due_date or r.occurred_at.date()
            when_cell: Any = _date(when)
            if r.overdue:
                when_cell = Text(f"{_date(when)} OVERDUE", style="bold red")
            subject = r.subject
            if r.awaiting_countersignature and panel_id != "countersign":
                subject += " (awaiting countersignature)"
            cells: tuple[Any, ...] = (
                when_cell,
                r.type.label,
                subject,
                r.person,
                r.case_id,
            )
            sort: tuple[Any, ...] = (when, r.type.label, r.subject.lower(), r.person, r.case_id)
            if panel_id == "countersign":
                cells = (*cells, r.author)
                sort = (*sort, r.author)
            out.append(record(key, cells, sort))
        return out

    def _forms(self, panel_id: str, rows: list[worklists.FormRow]) -> list[Record]:
        targets = self.case_for[panel_id]
        out = []
        for r in rows:
            key = f"f{r.form_id}"
            targets[key] = r.case_id
            if panel_id == "forms":
                status: Any = r.status.label
                if r.returned_reason:
                    status = Text(f"Returned: {r.returned_reason}", style="bold")
                elif r.needs_manager and r.status.value == "complete":
                    status = "Complete, with manager"
                cells: tuple[Any, ...] = (r.title, status, r.person, r.case_id, _date(r.created_at))
                sort: tuple[Any, ...] = (r.title, r.status.value, r.person, r.case_id, r.created_at)
            else:
                cells = (r.title, r.person, r.case_id, _date(r.completed_at), r.responsible)
                sort = (r.title, r.person, r.case_id, r.completed_at, r.responsible)
            out.append(record(key, cells, sort))
        return out

    def _closures(self, rows: list[worklists.ClosureRow]) -> list[Record]:
        targets = self.case_for["closures"]
        out = []
        for r in rows:
            key = f"c{r.request_id}"
            targets[key] = r.case_id
            cells = (r.person, r.case_id, r.reason, r.requested_by, _date(r.requested_at))
            sort = (r.person, r.case_id, r.reason, r.requested_by, r.requested_at)
            out.append(record(key, cells, sort))
        return out

    # --- keys and events -------------------------------------------------------------------

    @property
    def active_panel(self) -> str:
        pane = self.query_one(TabbedContent).active
        return pane.removeprefix("pane-")

    def _table(self) -> RecordTable:
        return self.query_one(f"#table-{self.active_panel}", RecordTable)

    @on(TabbedContent.TabActivated)
    def _tab_changed(self) -> None:
        table = self._table()
        table.set_filter(self.query_one(FilterBox).value)
        table.focus()
        self.query_one("#dash-detail", Static).update(Text(table.detail_text()))

    @on(RecordTable.Detail)
    def _detail(self, event: RecordTable.Detail) -> None:
        with suppress(NoMatches):
            if event.table is self._table():
                self.query_one("#dash-detail", Static).update(Text(event.text))

    @on(RecordTable.Open)
    def _open(self, event: RecordTable.Open) -> None:
        """Cases open the case record; activities, forms and closure requests open themselves."""
        panel = (event.table.id or "").removeprefix("table-")
        case_id = self.case_for.get(panel, {}).get(event.key)
        if case_id is None:
            return
        if event.key.startswith("a"):
            from caretui.screens.activity import ActivityScreen
            from caretui.screens.visit_check import hazards_then

            activity = ActivityScreen(
                self.store, self.actor, case_id=case_id, activity_id=int(event.key[1:])
            )
            # A visit shows the person's hazards first, wherever it is opened from (P2).
            hazards_then(
                self,
                self.store,
                self.actor,
                case_id,
                None,
                lambda: self.app.push_screen(activity, lambda _saved: self.action_refresh()),
                activity_id=int(event.key[1:]),
            )
            return
        if event.key.startswith("r"):
            self.open_screening(case_id)
            return
        if event.key.startswith("f"):
            from caretui.screens.form import FormScreen

            screen: Any = FormScreen(self.store, self.actor, int(event.key[1:]))
        elif event.key.startswith("c"):
            from caretui.screens.closure import ClosureDecisionScreen

            screen = ClosureDecisionScreen(self.store, self.actor, case_id)
        else:
            self.app.open_case(case_id)  # type: ignore[attr-defined]
            return
        self.app.push_screen(screen, lambda _saved: self.action_refresh())

    # Keys for what the role never does are hidden and say why when pressed (RoleKeys).
    role_needs = {
        **NEEDS,
        "new_contact": Action.RECORD_CONTACT,
        "waiting_lists": Action.VIEW_RECORDS,
        "audit": Action.VIEW_AUDIT,  # system admins only (S2, S4)
        "accounts": Action.MANAGE_USERS,
    }

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.row_key_here(action) is False:
            return False
        if action == "panel":  # only the panels this role has (help lists those)
            return bool(parameters) and int(str(parameters[0])) <= len(self.panels)
        if action == "countersign":
            return self.is_mounted and self.active_panel == "countersign"
        if action == "allocate":
            return self.is_mounted and self.active_panel == "waiting"
        return super().check_action(action, parameters)

    def describe_key(self, binding: Binding) -> str:
        """What help says a key does: a panel key names its panel."""
        if binding.action.startswith("panel("):
            number = int(binding.action.removeprefix("panel(").rstrip(")"))
            if number <= len(self.panels):
                return f"Panel: {self.panels[number - 1].title}"
        return binding.description

    def action_audit(self) -> None:
        from caretui.screens.audit import AuditScreen

        self.app.push_screen(AuditScreen(self.store, self.actor))

    def action_waiting_lists(self) -> None:
        from caretui.screens.waiting_list import WaitingListScreen

        screen = WaitingListScreen(self.store, self.actor)
        self.app.push_screen(screen, lambda _done: self.action_refresh())

    def action_accounts(self) -> None:
        from caretui.screens.accounts import AccountsScreen

        self.app.push_screen(AccountsScreen(self.store, self.actor))

    @on(TabbedContent.TabActivated)
    def _bindings_follow_the_panel(self) -> None:
        self.refresh_bindings()

    def action_countersign(self) -> None:
        """Countersign the highlighted student's entry (standards 6.2)."""
        key = self._table().current_key
        if key and key.startswith("a"):
            self.countersign(int(key[1:]))

    @work(thread=True, exit_on_error=False, group="dashboard-write")
    def countersign(self, activity_id: int) -> None:
        from caretui.rules.errors import PracticeError
        from caretui.store.ops.activities import countersign

        try:
            countersign(self.store, self.actor, kind="activity", record_id=activity_id)
        except PracticeError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", timeout=10)
            return
        self.app.call_from_thread(self.notify, "Countersigned.")
        self.app.call_from_thread(self.action_refresh)

    def action_open_case(self) -> None:
        table = self._table()
        key = table.current_key
        case_id = self.case_for.get(self.active_panel, {}).get(key or "")
        if case_id is not None:
            self.app.open_case(case_id)  # type: ignore[attr-defined]

    def filtered_table(self) -> RecordTable:
        return self._table()

    def action_panel(self, number: int) -> None:
        if 1 <= number <= len(self.panels):
            panel = self.panels[number - 1]
            if self._hidden(panel.id):
                self.notify(panel.empty)
                return
            self.query_one(TabbedContent).active = f"pane-{panel.id}"

    def action_allocate(self) -> None:
        self.allocate(self.waiting_rows.get(self._table().current_key or ""))

    def _step(self, by: int) -> None:
        ids = [p.id for p in self.panels if p.id == self.active_panel or not self._hidden(p.id)]
        at = ids.index(self.active_panel)
        self.query_one(TabbedContent).active = f"pane-{ids[(at + by) % len(ids)]}"

    @on(RecordTable.Step)
    def _step_message(self, event: RecordTable.Step) -> None:
        self._step(event.by)

    def action_next_tab(self) -> None:
        self._step(1)

    def action_previous_tab(self) -> None:
        self._step(-1)
