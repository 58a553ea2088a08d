"""Acting on the dashboard's highlighted case without opening it first (issue 14).

``n`` records a new activity on it, ``F`` creates a form on it and ``T`` transfers it,
with the same pickers, defaults and wizard as on the case record. The keys are shown only
to roles that may do these things (:data:`NEEDS`; the store refuses them anyway).
"""

from __future__ import annotations

from textual import work
from textual.binding import Binding

from caretui.rules.activities import PURPOSE
from caretui.rules.errors import PracticeError
from caretui.rules.form_types import FORM_TYPES
from caretui.rules.permissions import Action, Actor
from caretui.rules.vocab import ActivityType
from caretui.screens.front_door_panels import FrontDoorPanels
from caretui.store.db import Store
from caretui.store.queries import staff
from caretui.widgets.choose_one import ChooseOne
from caretui.widgets.record_table import RecordTable
from caretui.widgets.user_lookup import NOBODY, UserLookup

CASE_PANELS = ("primary", "secondary", "activities", "team", "forms")
"""Panels whose rows belong to a case that these keys may act on."""
NEEDS = {
    "row_activity": Action.ADD_ACTIVITY,
    "row_form": Action.CREATE_FORM,
    "row_transfer": Action.TRANSFER_CASE,
}


class CaseRowKeys(FrontDoorPanels):
    """The dashboard's keys for the highlighted row's case."""

    store: Store
    actor: Actor
    case_for: dict[str, dict[str, int]]

    BINDINGS = [
        Binding("n", "row_activity", "New activity", id="dashboard.new_activity"),
        Binding("F", "row_form", "New form", id="dashboard.new_form"),
        Binding("T", "row_transfer", "Transfer", id="dashboard.transfer"),
    ]

    def _row_case(self) -> int | None:
        pane = self.query_one("TabbedContent").active  # type: ignore[attr-defined]
        panel = pane.removeprefix("pane-")
        if panel not in CASE_PANELS:
            return None
        key = self.query_one(f"#table-{panel}", RecordTable).current_key
        return self.case_for.get(panel, {}).get(key or "")

    def row_key_here(self, action: str) -> bool | None:
        """Whether a row key is offered on this panel; None for actions that are not row
        keys. Whether the role may take it at all is :data:`NEEDS` (see ``RoleKeys``)."""
        if action not in NEEDS:
            return None
        # Only where the rows are cases, activities or forms: the waiting list and the
        # referrals keep the key bar for their own keys (allocate, screen).
        panel = getattr(self, "active_panel", None) if self.is_mounted else None
        return panel is None or panel in CASE_PANELS

    def _case_or_say(self) -> int | None:
        case_id = self._row_case()
        if case_id is None:
            self.notify("Highlight a case (or one of its activities or forms) first.")
        return case_id

    def action_row_activity(self) -> None:
        case_id = self._case_or_say()
        if case_id is None:
            return
        from caretui.screens.activity import ActivityScreen
        from caretui.screens.visit_check import hazards_then

        def chosen(kind: ActivityType | None) -> None:
            if kind is None:
                return
            hazards_then(
                self,
                self.store,
                self.actor,
                case_id,
                kind,
                lambda: self.app.push_screen(
                    ActivityScreen(self.store, self.actor, case_id=case_id, kind=kind),
                    lambda _saved: self.action_refresh(),  # type: ignore[attr-defined]
                ),
            )

        choices = [(f"{k.label}: {PURPOSE[k]}", k) for k in ActivityType]
        self.app.push_screen(
            ChooseOne(f"New activity on case {case_id}: which type?", choices, jump=True),
            chosen,
        )

    def action_row_form(self) -> None:
        case_id = self._case_or_say()
        if case_id is None:
            return

        def chosen_type(form_type: str | None) -> None:
            if form_type is None:
                return

            def chosen_user(user: staff.LookupUser | int | None) -> None:
                if user is None:
                    return
                user_id = user.id if isinstance(user, staff.LookupUser) else None
                self._create_form(case_id, form_type, user_id)

            lookup = UserLookup(
                self.store, "Responsible user for the form", preselect=self.actor.id
            )
            self.app.push_screen(lookup, chosen_user)

        choices = [
            (t.label + (" (needs a manager to close)" if t.needs_manager else ""), t.key)
            for t in FORM_TYPES
        ]
        title = f"New form on case {case_id}: which form type?"
        self.app.push_screen(ChooseOne(title, choices, jump=True), chosen_type)

    @work(thread=True, exit_on_error=False, group="dashboard-write")
    def _create_form(self, case_id: int, form_type: str, user_id: int | None) -> None:
        from caretui.store.ops.forms import create_form

        try:
            form_id = create_form(
                self.store,
                self.actor,
                case_id=case_id,
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
            lambda _s: self.action_refresh(),  # type: ignore[attr-defined]
        )

    def action_row_transfer(self) -> None:
        case_id = self._case_or_say()
        if case_id is None:
            return
        from caretui.screens.transfer import TransferWizard

        self.app.push_screen(
            TransferWizard(self.store, self.actor, case_id),
            lambda _done: self.action_refresh(),  # type: ignore[attr-defined]
        )
