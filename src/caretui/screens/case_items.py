"""The case record's menus (guide p.8-27): Involvements, Activities, Forms, Safeguarding, DoLS.

Each is a list screen over the case: ``enter`` opens the highlighted item, ``n`` adds one,
and item-specific keys (``e`` to end an involvement or DoLS) act on the highlighted row.
Every list loads in a thread worker and reloads after a change.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from rich.text import Text
from textual import work
from textual.binding import Binding

from caretui.rules import clock
from caretui.rules.activities import PURPOSE
from caretui.rules.errors import PracticeError
from caretui.rules.form_types import FORM_TYPES
from caretui.rules.permissions import Action, Actor
from caretui.rules.vocab import INVOLVEMENT_ROLES, ActivityStatus, ActivityType, FormStatus
from caretui.screens.items import ItemsScreen
from caretui.store.db import Store
from caretui.store.ops.forms import create_form
from caretui.store.ops.involvements import add_involvement, end_involvement
from caretui.store.ops.safeguarding import (
    create_dols,
    create_safeguarding,
    end_dols,
    review_safeguarding,
)
from caretui.store.queries import activities, forms, involvements, safeguarding, staff, worklists
from caretui.widgets.choose_one import ChooseOne
from caretui.widgets.record_dialog import DialogField
from caretui.widgets.record_table import Col
from caretui.widgets.user_lookup import NOBODY, UserLookup

SAFEGUARDING_TYPES = (
    "Physical abuse",
    "Domestic abuse",
    "Sexual abuse",
    "Psychological abuse",
    "Financial or material abuse",
    "Modern slavery",
    "Discriminatory abuse",
    "Organisational abuse",
    "Neglect and acts of omission",
    "Self-neglect",
)
SAFEGUARDING_STAGES = ("Concern", "Section 42 enquiry", "Safeguarding plan", "Closed")
DOLS_TYPES = ("Standard", "Urgent", "Community DoL (Court of Protection)")


def _d(value: date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


class CaseItemsScreen(ItemsScreen):
    """A list of one kind of item on a case."""

    BINDINGS = [
        Binding("n", "new", "New", id="items.new"),
        Binding("escape", "back", "Back", id="items.back"),
    ]

    def __init__(self, store: Store, actor: Actor, case_id: int, person: str = "") -> None:
        super().__init__(store, actor, person)
        self.case_id = case_id
        # A closed case's line ("CLOSED on …: … — read only"): its lists are read, not added to.
        self.read_only = ""

    @property
    def title_text(self) -> str:
        who = f" — {self.person}" if self.person else ""
        title = f"{self.heading}{who}, case {self.case_id}"
        return f"{title}\n{self.read_only}" if self.read_only else title

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """On a closed case the keys that would write are hidden (the store refuses them)."""
        if self.read_only and action in self.writes:
            return False
        return super().check_action(action, parameters)


class InvolvementsScreen(CaseItemsScreen):
    """C3: who is involved with the case; the secondary worker is found here."""

    heading = "Involvements"
    writes = {"new": Action.ADD_INVOLVEMENT, "end": Action.ADD_INVOLVEMENT}
    columns = (
        Col("Worker", "name"),
        Col("Role", "name"),
        Col("Team", "name", priority=2),
        Col("Start", priority=1),
        Col("End"),
    )
    hint = "n add · e end the highlighted involvement · escape back"
    BINDINGS = [Binding("e", "end", "End involvement", id="involvements.end")]

    def fetch(self) -> list[Any]:
        return involvements.involvements(self.store, self.actor, self.case_id)

    def cells(self, row: involvements.InvolvementRow) -> Sequence[Any]:
        end = _d(row.end_date) or Text("current", style="bold")
        return (row.user, row.role, row.team, _d(row.start_date), end)

    def open(self, row: involvements.InvolvementRow) -> None:
        self.notify(
            f"{row.user}, {row.role} ({row.team}) since {_d(row.start_date)}"
            + (f", ended {_d(row.end_date)}" if row.end_date else "")
        )

    def action_new(self) -> None:
        def chosen(user: staff.LookupUser | int | None) -> None:
            if user is None:
                return
            picked = user if isinstance(user, staff.LookupUser) else None
            self._ask_role(picked)

        self.app.push_screen(UserLookup(self.store, "Who is involved"), chosen)

    def _ask_role(self, user: staff.LookupUser | None) -> None:
        teams = staff.teams(self.store)
        fields = [
            DialogField(
                "role",
                "Role",
                "choice",
                True,
                tuple((r, r) for r in INVOLVEMENT_ROLES),
                value="Secondary Worker",
            ),
            DialogField(
                "team_id",
                "Team",
                "choice",
                True,
                tuple((t.name, t.id) for t in teams),
                value=user.team_id if user else self.actor.team_id,
            ),
            DialogField("start", "Start date", "date", True, value=f"{clock.today():%d/%m/%Y}"),
        ]
        who = user.name if user else "a team (no named worker)"

        self.ask(
            f"Add involvement: {who}",
            fields,
            lambda values: add_involvement(
                self.store,
                self.actor,
                case_id=self.case_id,
                user_id=user.id if user else None,
                team_id=values["team_id"],
                role=values["role"],
                start_date=values["start"],
            ),
            f"Involvement added for {who}.",
            draft_key=f"case:{self.case_id}:involvement:new",
        )

    def action_end(self) -> None:
        row = self.current
        if row is None:
            return
        if row.end_date is not None:
            self.notify(f"This involvement already ended on {_d(row.end_date)}.")
            return

        self.ask(
            f"End involvement: {row.user} ({row.role})",
            [DialogField("end", "End date", "date", True, value=f"{clock.today():%d/%m/%Y}")],
            lambda values: end_involvement(
                self.store,
                self.actor,
                row.id,
                end_date=values["end"],
                expected_version=row.version,
            ),
            lambda values: f"{row.user}'s involvement ends {_d(values['end'])}.",
            row=row,
            again=self.action_end,
        )


class CaseActivitiesScreen(CaseItemsScreen):
    """C4: the case's activities, newest first as on the Timeline; enter opens, n records
    a new one. Date is when it happened (the Timeline's date); a task's due date has its
    own column, which gives way to the detail line at 80 columns."""

    heading = "Activities, newest first"
    writes = {"new": Action.ADD_ACTIVITY}
    columns = (
        Col("Date"),
        Col("Type", "text", min_width=8, max_width=20),
        Col("Subject", "text", min_width=12),
        Col("Responsible", "name", priority=1),
        Col("Due", priority=2),
        Col("Status", "status"),
    )
    hint = "enter open · n new activity · escape back"

    def fetch(self) -> list[Any]:
        return activities.case_activities(self.store, self.actor, self.case_id)

    def row_id(self, row: worklists.ActivityRow) -> int:
        return row.activity_id

    def cells(self, row: worklists.ActivityRow) -> Sequence[Any]:
        status: Any = row.status.label
        if row.status is ActivityStatus.OPEN and row.overdue:
            status = Text("Open, overdue", style="bold red")
        if row.awaiting_countersignature:
            status = f"{row.status.label}, to countersign"  # whole at 80 columns
        return (
            _d(row.occurred_at.date()),
            row.type.label,
            row.subject,
            row.responsible or row.team,
            _d(row.due_date) if row.due_date else "",
            status,
        )

    def open(self, row: worklists.ActivityRow) -> None:
        from caretui.screens.activity import ActivityScreen
        from caretui.screens.visit_check import hazards_then

        hazards_then(
            self,
            self.store,
            self.actor,
            self.case_id,
            row.type,
            lambda: self.app.push_screen(
                ActivityScreen(
                    self.store, self.actor, case_id=self.case_id, activity_id=row.activity_id
                ),
                lambda _saved: self.action_reload(),
            ),
        )

    def action_new(self) -> None:
        from caretui.screens.activity import ActivityScreen
        from caretui.screens.visit_check import hazards_then

        def chosen(kind: ActivityType | None) -> None:
            if kind is not None:
                hazards_then(
                    self,
                    self.store,
                    self.actor,
                    self.case_id,
                    kind,
                    lambda: self.app.push_screen(
                        ActivityScreen(self.store, self.actor, case_id=self.case_id, kind=kind),
                        lambda _saved: self.action_reload(),
                    ),
                )

        choices = [(f"{k.label}: {PURPOSE[k]}", k) for k in ActivityType]
        self.app.push_screen(ChooseOne("New activity: which type?", choices, jump=True), chosen)


class CaseFormsScreen(CaseItemsScreen):
    """C5: the case's forms with their status; n creates one by type and responsible user."""

    heading = "Forms (Case)"
    writes = {"new": Action.CREATE_FORM}
    columns = (
        Col("Form", "text", min_width=12),
        Col("Status", "status"),
        Col("Responsible", "name", priority=1),
        Col("Created", priority=2),
    )
    hint = "enter open (edit while In Progress, view once Closed) · n new form · escape back"

    def fetch(self) -> list[Any]:
        return forms.case_forms(self.store, self.actor, self.case_id)

    def row_id(self, row: worklists.FormRow) -> int:
        return row.form_id

    def cells(self, row: worklists.FormRow) -> Sequence[Any]:
        status: Any = row.status.label
        if row.status is FormStatus.COMPLETE and row.needs_manager:
            status = "Complete · awaiting manager"
        if row.returned_reason and row.status is FormStatus.IN_PROGRESS:
            status = Text("Returned by manager", style="bold")
        return (row.title, status, row.responsible, f"{row.created_at:%d/%m/%Y}")

    def open(self, row: worklists.FormRow) -> None:
        from caretui.screens.form import FormScreen

        self.app.push_screen(
            FormScreen(self.store, self.actor, row.form_id), lambda _s: self.action_reload()
        )

    def action_new(self) -> None:
        def chosen_type(form_type: str | None) -> None:
            if form_type is None:
                return

            def chosen_user(user: staff.LookupUser | int | None) -> None:
                if user is None:
                    return
                user_id = user.id if isinstance(user, staff.LookupUser) else None
                self._create(form_type, user_id)

            # The worker creating the form is first in the list: enter keeps it theirs.
            lookup = UserLookup(
                self.store, "Responsible user for the form", preselect=self.actor.id
            )
            self.app.push_screen(lookup, chosen_user)

        choices = [
            (t.label + (" (needs a manager to close)" if t.needs_manager else ""), t.key)
            for t in FORM_TYPES
        ]
        self.app.push_screen(
            ChooseOne("New form: which form type?", choices, jump=True), chosen_type
        )

    @work(thread=True, exit_on_error=False, group="items-write")
    def _create(self, form_type: str, user_id: int | None) -> None:
        try:
            form_id = create_form(
                self.store,
                self.actor,
                case_id=self.case_id,
                form_type=form_type,
                responsible_user_id=user_id if user_id != NOBODY else None,
            )
        except PracticeError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", timeout=12)
            return
        from caretui.screens.form import FormScreen

        self.app.call_from_thread(
            self.app.push_screen,
            FormScreen(self.store, self.actor, form_id),
            lambda _s: self.action_reload(),
        )


class SafeguardingScreen(CaseItemsScreen):
    """C9: create a safeguarding record or review an existing one."""

    heading = "Adult Safeguarding"
    writes = {"new": Action.ADD_SAFEGUARDING}
    columns = (
        Col("Concern date"),
        Col("Type", "text", priority=1),
        Col("Stage", "status"),
        Col("Outcome", "text"),
    )
    hint = "enter review · n new safeguarding record · escape back"

    def fetch(self) -> list[Any]:
        return safeguarding.safeguarding_records(self.store, self.actor, self.case_id)

    def cells(self, row: safeguarding.SafeguardingRow) -> Sequence[Any]:
        return (_d(row.concern_date), row.concern_type, row.stage, row.outcome)

    def _fields(self, row: safeguarding.SafeguardingRow | None) -> list[DialogField]:
        return [
            DialogField(
                "concern_date",
                "Concern date",
                "date",
                True,
                value=_d(row.concern_date) if row else f"{clock.today():%d/%m/%Y}",
            ),
            DialogField(
                "concern_type",
                "Type of concern",
                "choice",
                True,
                tuple((t, t) for t in SAFEGUARDING_TYPES),
                value=row.concern_type if row else None,
            ),
            DialogField(
                "source",
                "Raised by",
                value=row.source if row else "",
                help="e.g. neighbour, district nurse",
            ),
            DialogField(
                "stage",
                "Stage",
                "choice",
                True,
                tuple((s, s) for s in SAFEGUARDING_STAGES),
                value=row.stage if row else "Concern",
            ),
            DialogField("outcome", "Outcome", value=row.outcome if row else ""),
            DialogField("notes", "Notes", "textarea", value=row.notes if row else ""),
        ]

    def open(self, row: safeguarding.SafeguardingRow) -> None:
        self.ask(
            "Review safeguarding record",
            self._fields(row),
            lambda values: review_safeguarding(
                self.store, self.actor, row.id, expected_version=row.version, **values
            ),
            "Safeguarding record reviewed.",
            draft_key=f"case:{self.case_id}:safeguarding:{row.id}",
            help_text=row.authorship_line,
            row=row,
            again=self._selected,
        )

    def action_new(self) -> None:
        self.ask(
            "New safeguarding record",
            self._fields(None),
            lambda values: create_safeguarding(
                self.store, self.actor, case_id=self.case_id, **values
            ),
            "Safeguarding record saved.",
            draft_key=f"case:{self.case_id}:safeguarding:new",
        )


class DolsScreen(CaseItemsScreen):
    """C10: Deprivation of Liberty authorisations with their actual end dates."""

    heading = "Deprivations of Liberty"
    writes = {"new": Action.ADD_DOLS, "end": Action.ADD_DOLS}
    columns = (
        Col("Type", "text", min_width=8),
        Col("Authorised from"),
        Col("Expected end", priority=1),
        Col("Actual end", "status"),
    )
    hint = "n new authorisation · e record the actual end date · escape back"
    BINDINGS = [Binding("e", "end", "Record actual end", id="dols.end")]

    def fetch(self) -> list[Any]:
        return safeguarding.dols_records(self.store, self.actor, self.case_id)

    def cells(self, row: safeguarding.DolsRow) -> Sequence[Any]:
        actual = _d(row.actual_end_date) or Text("not ended", style="bold")
        return (
            row.authorisation_type,
            _d(row.authorisation_start),
            _d(row.authorisation_end),
            actual,
        )

    def open(self, row: safeguarding.DolsRow) -> None:
        self.notify(
            f"{row.authorisation_type} authorisation from {_d(row.authorisation_start)}"
            + (f". {row.notes}" if row.notes else "")
        )

    def action_new(self) -> None:
        fields = [
            DialogField(
                "authorisation_type",
                "Type",
                "choice",
                True,
                tuple((t, t) for t in DOLS_TYPES),
                value="Standard",
            ),
            DialogField("authorisation_start", "Authorised from", "date", True),
            DialogField("authorisation_end", "Expected end", "date"),
            DialogField("notes", "Notes", "textarea"),
        ]

        self.ask(
            "New DoLS authorisation",
            fields,
            lambda values: create_dols(self.store, self.actor, case_id=self.case_id, **values),
            "DoLS authorisation recorded.",
            draft_key=f"case:{self.case_id}:dols:new",
        )

    def action_end(self) -> None:
        row = self.current
        if row is None:
            return

        self.ask(
            "Actual end of the authorisation",
            [DialogField("actual_end_date", "Actual end date", "date", True)],
            lambda values: end_dols(
                self.store,
                self.actor,
                row.id,
                actual_end_date=values["actual_end_date"],
                expected_version=row.version,
            ),
            "Actual end date recorded.",
            row=row,
            again=self.action_end,
        )
