"""The case record (C1, C2): the person banner over Details and the Timeline.

The case's menus (guide "Menu > Related Items") are one key each and also listed under
``m``: involvements, activities, forms, safeguarding, DoLS. ``enter`` on a Timeline row
opens that item. Opening a case is recorded in the audit trail (S4).

A closed case opens read-only (issue 14): a line in words says when it closed, why, and
that it is read only; its menus, Timeline and closure summary can be read, the keys that
would write are hidden, and a team manager has ``R`` to reopen it (the store checks).
"""

from __future__ import annotations

import gc
from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static, TabbedContent, TabPane

from caretui.rules.errors import PracticeError
from caretui.rules.permissions import Action, Actor, allowed
from caretui.rules.vocab import CaseStatus
from caretui.screens import closed_case
from caretui.store.db import Store
from caretui.store.ops.viewing import record_view
from caretui.store.queries import case_record, case_timeline, referrals
from caretui.widgets.banner import PersonBanner
from caretui.widgets.keybar import KeyBar
from caretui.widgets.record_table import Col, Record, RecordTable, record
from caretui.widgets.role_keys import Needs, RoleKeys
from caretui.widgets.worker_errors import ReportsWorkerErrors

ASSIGNMENTS_SHOWN = 6
FIRST_PAGE = 60  # a screenful or three; the older entries follow in the background

MENU: tuple[tuple[str, str, str], ...] = (
    ("i", "involvements", "Involvements"),
    ("a", "activities", "Activities"),
    ("f", "forms", "Forms (Case)"),
    ("g", "safeguarding", "Adult Safeguarding"),
    ("l", "dols", "Deprivations of Liberty"),
)

WIZARDS: tuple[tuple[str, str, str], ...] = (
    ("T", "transfer", "Transfer the case"),
    ("C", "closure", "Request closure (manager: authorise, return, reopen)"),
    ("c", "carers_conversation", "Carers Conversation"),
    ("v", "carers_review", "Carers Review"),
)


# The wizards' keys are shown to roles that can take at least one of these actions.
WIZARD_PERMISSIONS: dict[str, tuple[Action, ...]] = {
    "transfer": (Action.TRANSFER_CASE,),
    "closure": (Action.REQUEST_CLOSURE, Action.AUTHORISE_CLOSURE),
    "carers_conversation": (Action.CREATE_FORM,),
    "carers_review": (Action.CREATE_FORM,),
}


OpenedCase = tuple[
    case_record.CaseDetail,
    referrals.ReferralDetail | None,
    list[case_timeline.TimelineRow],
    list[Record],
]


def fetch_case(store: Store, actor: Actor, case_id: int) -> OpenedCase:
    """What the case record shows first: Details, banner and the newest Timeline page.

    Fetched before the screen is pushed (see ``CareApp.open_case``), so the database work
    does not compete with Textual building the screen.
    """
    detail = case_record.case_detail(store, actor, case_id)
    referral = referrals.referral_for_case(store, actor, case_id)
    rows = case_timeline.timeline(store, actor, case_id, limit=FIRST_PAGE)
    return detail, referral, rows, _records(rows)


def _records(rows: list[case_timeline.TimelineRow]) -> list[Record]:
    """Table records for Timeline rows, built in the worker thread, not the UI's."""
    out = []
    for r in rows:
        status: Any = r.status
        if r.awaiting_countersignature:  # short enough to stay whole at 80 columns
            status = Text(f"{r.status}, to countersign", style="bold")
        out.append(
            record(
                f"{r.kind}:{r.item_id}",
                (f"{r.at:%d/%m/%Y %H:%M}", r.type_label, r.subject, r.author, status),
                (r.at, r.type_label, r.subject.lower(), r.author, r.status),
            )
        )
    return out


# At 80 columns Status keeps its words; the subject narrows to a whole word, and By (a name,
# never cut) goes to the detail line when it does not fit whole.
TIMELINE_COLUMNS = (
    Col("When"),
    Col("Type", "text", min_width=8, max_width=20),
    Col("Subject", "text", min_width=12),
    Col("By", "name", priority=1),
    Col("Status", "status"),
)


class CaseScreen(RoleKeys, ReportsWorkerErrors, Screen[None]):
    DEFAULT_CSS = """
    CaseScreen #case-closed { text-style: bold; padding: 0 1; display: none; }
    """

    BINDINGS = [
        Binding("escape", "back", "Back", id="case.back"),
        # Shown only to a manager on a closed case, and early, so it is never cut off.
        Binding("R", "reopen", "Reopen case", id="case.reopen"),
        # Shown only on a case awaiting screening, and then first, so it is never cut off.
        Binding("s", "wizard('screening')", "Screen referral", id="case.screening"),
        Binding("b", "toggle_banner", "Banner", id="case.banner"),
        Binding("d", "tab('details')", "Details", id="case.details"),
        Binding("t", "tab('timeline')", "Timeline", id="case.timeline"),
        Binding("m", "menu", "Menu", id="case.menu"),
        Binding("n", "new_activity", "New activity", id="case.new"),
        *[
            Binding(key, f"open_menu('{name}')", label, id=f"case.{name}")
            for key, name, label in MENU
        ],
        Binding("o", "person_record", "Person record", show=False, id="case.person"),
        *[
            Binding(key, f"wizard('{name}')", label.split(" (")[0], show=False, id=f"case.{name}")
            for key, name, label in WIZARDS
        ],
        Binding("p", "related_person", "Related people", show=False, id="case.related"),
        Binding("ctrl+r,f5", "reload", "Reload", show=False, id="case.refresh"),
    ]

    def __init__(
        self, store: Store, actor: Actor, case_id: int, opened: OpenedCase | None = None
    ) -> None:
        super().__init__()
        self.store = store
        self.actor = actor
        self.case_id = case_id
        self.opened = opened
        self.detail: case_record.CaseDetail | None = None
        self.referral: referrals.ReferralDetail | None = None
        self.timeline_rows: dict[str, case_timeline.TimelineRow] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield PersonBanner(id="banner")
        yield Static("", id="case-closed")
        with TabbedContent(id="case-tabs", initial="details"):
            with TabPane("Details", id="details"), VerticalScroll():
                yield Static("Loading the case…", id="details-body")
                yield Static("", id="closure-summary")
            with TabPane("Timeline", id="timeline"):
                yield RecordTable(TIMELINE_COLUMNS, id="timeline-table")
                yield Static("", id="timeline-empty")
                yield Static("", id="timeline-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        if self.opened is None:
            self.load(first=True)
            self.offer_unfinished_work()
            return
        detail, referral, rows, records = self.opened
        self._show(detail, referral, rows, records)
        # Older entries, the audit note and the offer of an unfinished wizard wait until
        # the first page is on screen: a worker started now would compete with Textual
        # drawing the screen.
        self.call_after_refresh(self.call_after_refresh, self._after_first_paint, len(rows))

    def _after_first_paint(self, loaded: int) -> None:
        self.load_older(loaded, True)
        self.offer_unfinished_work()

    @work(thread=True, exclusive=True, exit_on_error=False, group="case")
    def load(self, first: bool = False) -> None:
        """Details and the newest Timeline page first; older entries follow in the background."""
        try:
            detail, referral, rows, records = fetch_case(self.store, self.actor, self.case_id)
        except PracticeError as exc:
            self.app.call_from_thread(self._refused, str(exc))
            return
        self.app.call_from_thread(self._show, detail, referral, rows, records)
        self._older(len(rows), note_view=first)

    @work(thread=True, exit_on_error=False, group="case-older")
    def load_older(self, loaded: int, note_view: bool) -> None:
        self._older(loaded, note_view=note_view)

    def _older(self, loaded: int, *, note_view: bool) -> None:
        if loaded == FIRST_PAGE:
            older = case_timeline.timeline(self.store, self.actor, self.case_id, offset=FIRST_PAGE)
            self.app.call_from_thread(self._more, older, _records(older))
        if note_view:
            record_view(self.store, self.actor, case_id=self.case_id)

    def _refused(self, message: str) -> None:
        self.notify(message, severity="error", timeout=12)
        self.dismiss(None)

    def _show(
        self,
        detail: case_record.CaseDetail,
        referral: referrals.ReferralDetail | None,
        rows: list[case_timeline.TimelineRow],
        records: list[Record],
    ) -> None:
        self.detail = detail
        self.referral = referral
        self.query_one(PersonBanner).show(detail.banner)
        self.query_one("#details-body", Static).update(self._details_text(detail, referral))
        closed = self.query_one("#case-closed", Static)
        closed.update(closed_case.closed_line(detail))
        closed.display = self.closed
        summary = self.query_one("#closure-summary", Static)
        summary.display = self.closed  # an open case's Details are as they were
        if self.closed:
            self.load_closure_summary()
        else:
            summary.update("")
        self.refresh_bindings()
        self.timeline_rows = {f"{r.kind}:{r.item_id}": r for r in rows}
        self.query_one("#timeline-table", RecordTable).set_records(records)
        empty = self.offered("Nothing recorded on this case yet. Press n to record an activity.")
        self.query_one("#timeline-empty", Static).update("" if rows else empty)
        self._count_label()

    @property
    def closed(self) -> bool:
        """A closed case is read only here (the store refuses writes to it anyway)."""
        return self.detail is not None and self.detail.status is CaseStatus.CLOSED

    @work(thread=True, exclusive=True, exit_on_error=False, group="case-closure")
    def load_closure_summary(self) -> None:
        text = closed_case.closure_summary(self.store, self.actor, self.case_id)
        self.app.call_from_thread(self.query_one("#closure-summary", Static).update, text)

    def action_reopen(self) -> None:
        """A team manager reopens the closed case, saying why (the store checks the role)."""
        if not self.closed:
            self.notify("This case is not closed.")
            return
        self.action_wizard("closure")

    def _more(self, rows: list[case_timeline.TimelineRow], records: list[Record]) -> None:
        self.timeline_rows.update({f"{r.kind}:{r.item_id}": r for r in rows})
        self.query_one("#timeline-table", RecordTable).extend_records(records)
        self._count_label()

    def _count_label(self) -> None:
        count = len(self.timeline_rows)
        self.query_one(TabbedContent).get_tab("timeline").label = f"Timeline ({count})"

    def _details_text(
        self, d: case_record.CaseDetail, referral: referrals.ReferralDetail | None = None
    ) -> Group:
        from caretui.screens.referral_view import referral_text, status_line

        head = status_line(d.status, may_screen=allowed(self.actor, Action.SCREEN_REFERRAL))
        text = head

        def line(label: str, value: Any, style: str = "") -> None:
            text.append(f"{label:<22}", style="bold")
            text.append(f"{value}\n", style=style)

        line("Case", f"{d.case_id} ({d.status.label})")
        line("Referral date", f"{d.referral_date:%d %B %Y}")
        line("Referral source", d.referral_source or "not recorded")
        line("Priority", d.priority)
        line("Responsible user", d.responsible_user or "none: with the team")
        line("Responsible team", d.responsible_team)
        clock = d.assessment
        style = "bold red" if clock.overdue else "bold yellow" if clock.due_soon else ""
        line("Care Act assessment", clock.sentence.removeprefix("Care Act assessment "), style)
        line("Open activities", d.open_activities)
        line("Forms not closed", d.open_forms)
        if d.closed_on:
            line("Closed", f"{d.closed_on:%d %B %Y}: {d.closure_reason}")
        parts: list[RenderableType] = [head]
        if referral is not None:
            head.rstrip()
            parts.append(referral_text(referral))
            text = Text()
        else:
            text.append("\nReason for referral\n", style="bold")
            text.append(d.referral_reason or "not recorded")
        parts.append(text)
        if d.assignments:
            text.append("\n\nAssignment history (newest first)\n", style="bold")
            for a in d.assignments[:ASSIGNMENTS_SHOWN]:
                until = f"{a.ended_at:%d/%m/%Y}" if a.ended_at else "now"
                holder = f"{a.team} · {a.user or 'no named worker'}"
                text.append(f"{a.started_at:%d/%m/%Y} to {until:<10}  {holder}\n")
                if a.changed_by or a.note:
                    by = f"by {a.changed_by}" if a.changed_by else ""
                    text.append(
                        f"{'':24}{by}{': ' if by and a.note else ''}{a.note}\n", style="dim"
                    )
            if len(d.assignments) > ASSIGNMENTS_SHOWN:
                text.append(f"and {len(d.assignments) - ASSIGNMENTS_SHOWN} earlier\n", style="dim")
        text.append("\n\nMenu: ", style="dim")
        text.append(
            " · ".join(f"{key} {label}" for key, _name, label in MENU)
            + " · m all · o person record",
            style="dim",
        )
        return Group(*parts)

    # --- wizards (W1-W4) ------------------------------------------------------------------

    def action_wizard(self, name: str) -> None:
        from caretui.screens import wizards

        wizards.open_wizard(self, name)

    @work(thread=True, exit_on_error=False, group="case-drafts")
    def offer_unfinished_work(self) -> None:
        """Opening the case offers to carry on a wizard or a new activity left unfinished."""
        from caretui.screens import wizards

        wizards.offer_drafts(self)

    # --- actions ------------------------------------------------------------------------

    def role_need(self, action: str, parameters: tuple[object, ...]) -> Needs | None:
        """Keys for what the role may never do are hidden, and say why when pressed."""
        if action == "new_activity":
            return Action.ADD_ACTIVITY
        if action == "reopen":
            return Action.AUTHORISE_CLOSURE
        if action == "wizard" and parameters == ("screening",):
            return Action.SCREEN_REFERRAL
        if action == "wizard" and parameters:
            return WIZARD_PERMISSIONS.get(str(parameters[0]))
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """On a closed case, every key that would write is hidden but a manager's reopen
        (the store refuses them anyway)."""
        if action == "reopen" and not self.closed:
            return False
        if action == "new_activity" and self.closed:
            return False
        if action == "wizard" and self.closed and parameters != ("closure",):
            return False
        if action == "wizard" and parameters == ("screening",):
            awaiting = self.detail is not None and self.detail.status is CaseStatus.REFERRAL
            if not awaiting:
                return False
        return super().check_action(action, parameters)

    def why_not(self, action: str, parameters: tuple[object, ...]) -> str | None:
        if action == "reopen" and not self.closed:
            return None
        why = super().why_not(action, parameters)
        if why is None and self.closed and action in ("new_activity", "wizard"):
            return "This case is closed: nothing new is recorded on it."
        return why

    def action_back(self) -> None:
        self.dismiss(None)

    def on_unmount(self) -> None:
        # A long Timeline leaves thousands of rows behind. Collect them once the screen
        # underneath is drawn, rather than in the middle of opening the next case.
        self.app.call_after_refresh(gc.collect)

    def action_reload(self) -> None:
        self.load()

    def action_toggle_banner(self) -> None:
        banner = self.query_one(PersonBanner)
        banner.expanded = not banner.expanded

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        if tab == "timeline":
            self.query_one("#timeline-table", RecordTable).focus()

    def _person(self) -> str:
        return self.detail.banner.name if self.detail else ""

    def action_open_menu(self, name: str) -> None:
        from caretui.screens import case_items

        screens = {
            "involvements": case_items.InvolvementsScreen,
            "activities": case_items.CaseActivitiesScreen,
            "forms": case_items.CaseFormsScreen,
            "safeguarding": case_items.SafeguardingScreen,
            "dols": case_items.DolsScreen,
        }
        screen = screens[name](self.store, self.actor, self.case_id, self._person())
        if self.closed and self.detail is not None:
            screen.read_only = closed_case.closed_line(self.detail)
        self.app.push_screen(screen, lambda _r: self.load())

    def action_menu(self) -> None:
        from caretui.widgets.choose_one import ChooseOne

        def chosen(name: str | None) -> None:
            if name in {w[1] for w in WIZARDS} | {"screening"}:
                self.action_wizard(name)  # type: ignore[arg-type]
            elif name:
                self.action_open_menu(name)

        wizards = WIZARDS
        if self.closed:  # nothing to write on a closed case: a manager may reopen it
            reopen = ("R", "closure", "Reopen the case (team manager)")
            wizards = (reopen,) if allowed(self.actor, Action.AUTHORISE_CLOSURE) else ()
        # Only what this role may do on this case: a student has no Transfer or Closure.
        wizards = tuple(w for w in wizards if self.check_action("wizard", (w[1],)))
        items = [(f"{key}  {label}", name) for key, name, label in (*MENU, *wizards)]
        if self.check_action("wizard", ("screening",)):
            items.insert(0, ("s  Screen the referral (accept, waiting list, decline)", "screening"))
        self.app.push_screen(ChooseOne("Case menu", items), chosen)

    def action_new_activity(self) -> None:
        if self.closed:
            self.notify("This case is closed: nothing new is recorded on it.")
            return
        from caretui.screens.case_items import CaseActivitiesScreen

        screen = CaseActivitiesScreen(self.store, self.actor, self.case_id, self._person())
        self.app.push_screen(screen, lambda _r: self.load())
        screen.call_after_refresh(screen.action_new)

    def action_person_record(self) -> None:
        if self.detail is not None:
            self.app.open_person(self.detail.person_id)  # type: ignore[attr-defined]

    def action_related_person(self) -> None:
        """The person's relationships and contacts, the same list as on their person record
        (a case whose person has only contacts showed "no related people" before)."""
        if self.detail is None:
            return
        from caretui.screens.person_relationships import CaseRelationshipsScreen

        self.app.push_screen(
            CaseRelationshipsScreen(self.store, self.actor, self.detail.person_id, self._person())
        )

    @on(RecordTable.Detail, "#timeline-table")
    def _detail(self, event: RecordTable.Detail) -> None:
        self.query_one("#timeline-detail", Static).update(Text(event.text))

    @on(RecordTable.Open, "#timeline-table")
    def _open_item(self, event: RecordTable.Open) -> None:
        row = self.timeline_rows.get(event.key)
        if row is None:
            return
        if row.kind == "activity":
            from caretui.screens.activity import ActivityScreen
            from caretui.screens.visit_check import hazards_then

            hazards_then(
                self,
                self.store,
                self.actor,
                self.case_id,
                None,
                lambda: self.app.push_screen(
                    ActivityScreen(
                        self.store, self.actor, case_id=self.case_id, activity_id=row.item_id
                    ),
                    lambda _r: self.load(),
                ),
                activity_id=row.item_id,
            )
        elif row.kind == "form":
            from caretui.screens.form import FormScreen

            self.app.push_screen(
                FormScreen(self.store, self.actor, row.item_id), lambda _r: self.load()
            )
        elif row.kind in ("involvement", "safeguarding", "dols"):
            self.action_open_menu({"involvement": "involvements"}.get(row.kind, row.kind))
        else:
            self.notify(f"{row.type_label}: {row.subject} ({row.status}), by {row.author}.")
