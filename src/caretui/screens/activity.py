"""Create, view, edit and complete an activity (C4), keeping typed work as a draft.

The fields follow the activity type (``rules.activities``). ``ctrl+s`` saves; setting
Status to Completed and saving completes it, as in the guide. Whatever is typed is kept
as a draft (``widgets.draft_keeper``: never more than about a second behind), so escape,
``ctrl+q`` or a dropped SSH session lose nothing: opening the same activity again
restores it, and ``ctrl+t`` throws it away. ``ctrl+g`` goes to the next field still needed
(then Status), as in forms; ``ctrl+n`` names nobody, so the activity waits on the team's
queue.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Header, Input, Label, Select, Static, TextArea

from caretui.rules import clock
from caretui.rules.activities import PURPOSE, VISIT_TYPES, fields_for, has_field
from caretui.rules.errors import PracticeError
from caretui.rules.permissions import Action, Actor, PermissionDenied, allowed, require
from caretui.rules.roles import Role
from caretui.rules.vocab import ActivityStatus, ActivityType, Direction
from caretui.screens.activity_conflicts import (
    FIELD_LABELS,
    SettlesActivityConflicts,
    values_from_detail,
)
from caretui.store.db import Store
from caretui.store.errors import StaleRecord
from caretui.store.ops.activities import complete_activity, create_activity, update_activity
from caretui.store.ops.viewing import record_view
from caretui.store.queries import activities, case_record, drafts, staff
from caretui.store.queries.activities import ActivityDetail
from caretui.store.queries.staff import LookupUser
from caretui.widgets.draft_keeper import DraftKeeper
from caretui.widgets.keybar import KeyBar
from caretui.widgets.role_keys import RoleKeys
from caretui.widgets.user_lookup import NOBODY, UserLookup
from caretui.widgets.worker_errors import ReportsWorkerErrors

TEXT_FIELDS = ("subject", "when", "contact", "outcome", "location", "due_date", "attachment")


class ActivityScreen(SettlesActivityConflicts, RoleKeys, ReportsWorkerErrors, Screen[bool]):
    """One activity. Dismisses with True when something was saved."""

    DEFAULT_CSS = """
    ActivityScreen #purpose { color: $text-muted; padding: 0 1; }
    ActivityScreen #hazards { background: $error 30%; color: $text; padding: 0 1; display: none; }
    ActivityScreen #hazards.shown { display: block; }
    ActivityScreen VerticalScroll { padding: 0 1; }
    ActivityScreen .row { height: auto; }
    ActivityScreen .row Label { width: 20; padding: 0 1 0 0; }
    ActivityScreen #who { height: 1; border: none; min-width: 0; content-align: left middle; }
    ActivityScreen .row Input, ActivityScreen .row Select { width: 1fr; }
    ActivityScreen .error { color: $error; padding-left: 20; height: auto; display: none; }
    ActivityScreen .row { margin-bottom: 1; }
    ActivityScreen TextArea { height: 5; background: $boost; margin-bottom: 1; }
    ActivityScreen #who { width: 1fr; }
    ActivityScreen #authorship { color: $text-muted; padding: 1 1 0 1; }
    ActivityScreen #status-line { padding: 0 1; }
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="activity.save", priority=True),
        Binding("ctrl+o", "previous_versions", "Older versions", id="activity.previous"),
        Binding("ctrl+t", "discard_draft", "Discard draft", id="activity.discard"),
        Binding("ctrl+n", "team_queue", "No user: team queue", id="activity.team_queue"),
        Binding(
            "ctrl+g",
            "next_missing",
            "To missing",
            id="activity.next_missing",
            tooltip="Go to the next field still needed; with none, to Status",
        ),
        Binding("escape", "leave", "Back", id="activity.back"),
        Binding("ctrl+r,f5", "reload", "Reload", show=False, id="activity.reload"),
    ]

    def __init__(
        self,
        store: Store,
        actor: Actor,
        *,
        case_id: int,
        kind: ActivityType | None = None,
        activity_id: int | None = None,
        team_id: int | None = None,
    ) -> None:
        super().__init__()
        if kind is None:
            if activity_id is None:
                raise ValueError("an activity screen needs a type or an activity")
            kind = activities.activity_type(store, activity_id)
        self.store = store
        self.actor = actor
        self.case_id = case_id
        self.activity_id = activity_id
        self.kind = kind or ActivityType.CASE_NOTE
        self.detail: ActivityDetail | None = None
        self.responsible: tuple[int, str] | None = None  # (user id, name)
        self.default_team = team_id or actor.team_id
        self.teams: list[staff.TeamRow] = []
        self._loading = True
        self.drafts = DraftKeeper(
            self,
            store,
            actor,
            self.draft_key,
            read=self._values,
            title=self._draft_title,
            versioned=activity_id is not None,
        )

    @property
    def draft_key(self) -> str:
        if self.activity_id is not None:
            return f"activity:{self.activity_id}"
        return f"activity:new:{self.case_id}:{self.kind.value}"

    @property
    def read_only(self) -> bool:
        if self.detail is not None and self.detail.status is ActivityStatus.COMPLETED:
            return True
        return not allowed(self.actor, Action.ADD_ACTIVITY)

    # --- layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="title")
        yield Static("", id="hazards")
        yield Static(PURPOSE[self.kind], id="purpose")
        with VerticalScroll(id="fields"):
            yield from self._row(
                "subject", "Subject *", Input(compact=True, id="subject", max_length=200)
            )
            # The notes follow the subject: what is typed most comes first (issue 14).
            yield Label("Notes", classes="notes-label")
            yield TextArea(id="notes", soft_wrap=True, show_line_numbers=False, compact=True)
            yield from self._row(
                "when",
                "Date and time *",
                Input(compact=True, id="when", placeholder="24/11/2026 14:30"),
            )
            for field in fields_for(self.kind):
                if field.key == "direction":
                    widget: Any = Select(
                        [(d.value.capitalize(), d.value) for d in Direction],
                        compact=True,
                        id="direction",
                        prompt="Incoming or outgoing",
                    )
                else:
                    widget = Input(compact=True, id=field.key, placeholder=field.help)
                yield from self._row(field.key, field.label, widget)
            with Horizontal(classes="row"):
                yield Label("Responsible user")
                yield Button("Nobody: team queue", id="who")
            with Horizontal(classes="row"):
                yield Label("Responsible team *")
                yield Select([], id="team", prompt="Choose a team", compact=True)
            yield Static("", classes="error", id="team-error")
            with Horizontal(classes="row"):
                yield Label("Status")
                yield Select(
                    [(s.label, s.value) for s in ActivityStatus],
                    compact=True,
                    id="status",
                    value=ActivityStatus.OPEN.value,
                    allow_blank=False,
                )
            yield Static("", id="authorship")
        yield KeyBar()

    def _row(self, key: str, label: str, widget: Any) -> ComposeResult:
        with Horizontal(classes="row"):
            yield Label(label)
            yield widget
        yield Static("", classes="error", id=f"{key}-error")

    def on_mount(self) -> None:
        self._set_title()
        self.query_one("#when", Input).value = clock.now().strftime("%d/%m/%Y %H:%M")
        self.load()

    def _set_title(self) -> None:
        if self.activity_id is None:
            what = f"New {self.kind.label}"
        else:
            what = f"{self.kind.label} {self.activity_id}"
            if self.read_only:
                what += " (read only)"
        self.query_one("#title", Static).update(f"[b]{what}[/b] — case {self.case_id}")

    # --- workers --------------------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="activity-load")
    def load(self) -> None:
        try:
            teams = staff.teams(self.store)
            detail = (
                activities.activity_detail(self.store, self.actor, self.activity_id)
                if self.activity_id is not None
                else None
            )
            case = case_record.case_detail(self.store, self.actor, self.case_id)
            draft = drafts.draft(self.store, self.actor, self.draft_key)
            if self.activity_id is not None:  # reads are audited (S4)
                seen = ("activity", self.activity_id)
                record_view(self.store, self.actor, case_id=self.case_id, item=seen)
        except PracticeError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            self.app.call_from_thread(self.dismiss, False)
            return
        self.app.call_from_thread(self._fill, teams, detail, case, draft)

    def _fill(
        self,
        teams: list[staff.TeamRow],
        detail: ActivityDetail | None,
        case: case_record.CaseDetail,
        draft: drafts.DraftRow | None,
    ) -> None:
        self.teams = teams
        team_select = self.query_one("#team", Select)
        team_select.set_options([(t.name, t.id) for t in teams])
        hazards = [a for a in case.banner.alert_summary if a.startswith("Hazard")]
        if hazards and self.kind in VISIT_TYPES:
            box = self.query_one("#hazards", Static)
            box.update("⚠ Before you visit: " + "; ".join(hazards))
            box.add_class("shown")
        if detail is not None:
            self.detail = detail
            self.kind = detail.type
            self._apply(values_from_detail(detail))
            self.query_one("#authorship", Static).update(
                detail.authorship.line
                + (f"\nAttached: {detail.attachment_name}" if detail.attachment_name else "")
                + (
                    f"\n{len(detail.previous)} previous version(s): ctrl+o to read them"
                    if detail.previous
                    else ""
                )
            )
        else:
            team_select.value = self.default_team
            if self.kind is ActivityType.CASE_NOTE:
                # A case note records what happened: nothing follows it up.
                self.query_one("#status", Select).value = ActivityStatus.COMPLETED.value
            # As in CareDirector, a new activity belongs to its author until passed on.
            self.responsible = (self.actor.id, self.actor.name)
            self._show_responsible()
            note = (
                "Your entry will wait for a countersignature."
                if self.actor.role is Role.STUDENT
                else ""
            )
            self.query_one("#authorship", Static).update(
                f"Will be recorded as written by {self.actor.name}"
                + (f" ({self.actor.designation})" if self.actor.designation else "")
                + f". {note}"
            )
        if not self.read_only:
            restored = self.drafts.start(self._values(), draft)
            if restored is not None and draft is not None and self.drafts.moved_on:
                self._settle_draft(draft, restored)
            elif restored is not None and draft is not None:
                self._apply(restored)
                self.notify(
                    f"Restored what you typed on {draft.updated_at:%d %b at %H:%M} (not yet "
                    "saved). ctrl+t discards it.",
                    title="Draft restored",
                )
        self._set_title()
        self.refresh_bindings()
        if self.read_only:
            for widget in self.query("Input, TextArea, Select, Button"):
                widget.disabled = True
        self._loading = False
        self.query_one("#subject", Input).focus()

    def _apply(self, values: dict[str, Any]) -> None:
        for key in TEXT_FIELDS:
            if key in values and self.query(f"#{key}"):
                self.query_one(f"#{key}", Input).value = str(values[key] or "")
        if "notes" in values:
            self.query_one("#notes", TextArea).text = values["notes"] or ""
        if values.get("direction") and self.query("#direction"):
            self.query_one("#direction", Select).value = values["direction"]
        if values.get("team_id") is not None:
            self.query_one("#team", Select).value = values["team_id"]
        if "status" in values:
            self.query_one("#status", Select).value = values["status"]
        if "user_id" in values:
            uid, name = values.get("user_id"), values.get("user_name", "")
            self.responsible = (uid, name) if uid else None
            self._show_responsible()

    def _show_responsible(self) -> None:
        label = self.responsible[1] if self.responsible else "Nobody: team queue"
        # Read only (completed, or a role that may not change it): nothing to change.
        hint = "" if self.read_only else "  (enter to change)"
        self.query_one("#who", Button).label = f"{label}{hint}"

    # --- reading the form -------------------------------------------------------------------

    def _values(self) -> dict[str, Any]:
        values: dict[str, Any] = {
            key: self.query_one(f"#{key}", Input).value
            for key in TEXT_FIELDS
            if self.query(f"#{key}")
        }
        values["notes"] = self.query_one("#notes", TextArea).text
        if self.query("#direction"):
            direction = self.query_one("#direction", Select)
            values["direction"] = "" if direction.is_blank() else direction.value
        team = self.query_one("#team", Select)
        values["team_id"] = None if team.is_blank() else team.value
        values["status"] = self.query_one("#status", Select).value
        values["user_id"] = self.responsible[0] if self.responsible else None
        values["user_name"] = self.responsible[1] if self.responsible else ""
        return values

    def _clear_errors(self) -> None:
        for error in self.query(".error"):
            error.update("")  # type: ignore[attr-defined]
            error.display = False

    def _parsed(self) -> dict[str, Any] | None:
        """The typed values as op arguments, or None after showing what to fix."""
        from caretui.rules.validation import ValidationError, parse_date, parse_datetime

        self._clear_errors()
        values = self._values()
        errors: dict[str, str] = {}
        if not values["subject"].strip():
            errors["subject"] = "Give the activity a subject."
        try:
            when = parse_datetime(values["when"])
        except ValidationError as exc:
            errors["when"] = str(exc)
            when = None
        due = None
        if has_field(self.kind, "due_date") and values.get("due_date", "").strip():
            try:
                due = parse_date(values["due_date"])
            except ValidationError as exc:
                errors["due_date"] = str(exc)
        attachment = None
        if has_field(self.kind, "attachment") and values.get("attachment", "").strip():
            path = Path(values["attachment"].strip()).expanduser()
            try:
                attachment = (path.name, path.read_bytes())
            except OSError as exc:
                errors["attachment"] = f"That file cannot be read: {exc.strerror or exc}."
        if values["team_id"] is None:
            errors["team"] = "Choose the responsible team: it is required."
        for key, message in errors.items():
            error = self.query_one(f"#{key}-error", Static)
            error.update(message)
            error.display = True
        if errors:
            self.notify(
                f"{len(errors)} field(s) need attention. Nothing you typed is lost.",
                severity="warning",
            )
            return None
        fields: dict[str, Any] = {
            "subject": values["subject"].strip(),
            "notes": values["notes"],
            "occurred_at": self._keep_seconds(when),
            "responsible_user_id": values["user_id"],
            "responsible_team_id": values["team_id"],
        }
        for key in ("direction", "contact", "outcome", "location"):
            if has_field(self.kind, key):
                fields[key] = values.get(key, "").strip()
        if has_field(self.kind, "due_date"):
            fields["due_date"] = due
        return {
            "fields": fields,
            "completed": values["status"] == ActivityStatus.COMPLETED.value,
            "attachment": attachment,
        }

    def _keep_seconds(self, when: datetime | None) -> datetime | None:
        """An untouched date and time keeps its seconds, so it is not an amendment."""
        if (
            self.detail is not None
            and when is not None
            and when == self.detail.occurred_at.replace(second=0, microsecond=0)
        ):
            return self.detail.occurred_at
        return when

    # --- saving -----------------------------------------------------------------------------

    def action_save(self) -> None:
        if self.read_only:
            if not allowed(self.actor, Action.ADD_ACTIVITY):
                try:
                    require(self.actor, Action.ADD_ACTIVITY)
                except PermissionDenied as exc:
                    self.notify(str(exc), severity="error", timeout=10)
            else:
                self.notify("This activity is completed, so it is read only.", severity="warning")
            return
        parsed = self._parsed()
        if parsed is not None:
            self.save(parsed)

    @work(thread=True, exclusive=True, exit_on_error=False, group="activity-save")
    def save(self, parsed: dict[str, Any]) -> None:
        fields, completed = parsed["fields"], parsed["completed"]
        try:
            if self.activity_id is None:
                self.activity_id = create_activity(
                    self.store,
                    self.actor,
                    case_id=self.case_id,
                    type=self.kind,
                    completed=completed,
                    attachment=parsed["attachment"],
                    **fields,
                )
                self.drafts.done_in_worker()
                message = f"{self.kind.label} saved."
            else:
                assert self.detail is not None
                version = update_activity(
                    self.store,
                    self.actor,
                    self.activity_id,
                    expected_version=self.detail.version,
                    **fields,
                )
                if completed:
                    complete_activity(
                        self.store, self.actor, self.activity_id, expected_version=version
                    )
                self.drafts.done_in_worker()
                message = f"{self.kind.label} {'completed' if completed else 'saved'}."
        except StaleRecord as exc:
            self._reread(exc)
            return
        except PracticeError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", timeout=10)
            return
        self.app.call_from_thread(self._saved, message)

    def _saved(self, message: str) -> None:
        self.drafts.saved()
        self.notify(message)
        self.dismiss(True)

    # --- drafts -------------------------------------------------------------------------------

    def _draft_title(self) -> str:
        subject = self.query_one("#subject", Input).value.strip() or "untitled"
        return f"{self.kind.label}: {subject} (case {self.case_id})"

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    def _changed(self) -> None:
        if self._loading or self.read_only:
            return
        self.drafts.changed()
        self.refresh_bindings()

    def role_need(self, action: str, parameters: tuple[object, ...]) -> Action | None:
        if action in ("save", "team_queue"):
            return Action.ADD_ACTIVITY if self.activity_id is None else Action.EDIT_ACTIVITY
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "previous_versions":  # only an amended activity has older versions
            return self.detail is not None and bool(self.detail.previous)
        if action == "discard_draft":
            return not self._loading and self.drafts.may_discard
        if action in ("save", "team_queue", "next_missing") and self.read_only:
            return False  # nothing to save on a completed activity, or for a viewer
        return super().check_action(action, parameters)

    def why_not(self, action: str, parameters: tuple[object, ...]) -> str | None:
        why = super().why_not(action, parameters)
        if why is None and action == "save" and self.read_only:
            return "This activity is completed, so it is read only."
        return why

    def action_discard_draft(self) -> None:
        labels = {key: label for key, label in FIELD_LABELS.items() if self.query(f"#{key}")}
        baseline = self.drafts.baseline or {}

        def put_back() -> None:
            self._apply(baseline)
            self.refresh_bindings()

        self.drafts.ask_discard(labels, put_back)

    def action_leave(self) -> None:
        if not self._loading and self.drafts.flush():
            self.notify("What you typed is kept as a draft; open it again to carry on.")
        self.dismiss(False)

    def on_unmount(self) -> None:
        self.drafts.close()

    # --- other actions ------------------------------------------------------------------------

    @on(Button.Pressed, "#who")
    def _pick_user(self) -> None:
        def chosen(result: LookupUser | int | None) -> None:
            if result is None:
                return
            if result == NOBODY:
                self.responsible = None
            elif isinstance(result, LookupUser):
                self.responsible = (result.id, result.name)
                self.query_one("#team", Select).value = result.team_id
            self._show_responsible()
            self._changed()

        self.app.push_screen(UserLookup(self.store), chosen)

    def action_team_queue(self) -> None:
        """Nobody named: the activity waits on the responsible team's queue."""
        if self.read_only or self._loading:
            return
        self.responsible = None
        self._show_responsible()
        self._changed()
        self.notify("No responsible user: it goes to the team's queue.", timeout=3)

    def _missing(self) -> list[str]:
        """The fields still needed before a save, by id, in the order they are asked."""
        from caretui.rules.validation import ValidationError, parse_datetime

        values = self._values()
        missing = []
        if not values["subject"].strip():
            missing.append("subject")
        try:
            parse_datetime(values["when"])
        except ValidationError:
            missing.append("when")
        if values["team_id"] is None:
            missing.append("team")
        return missing

    def action_next_missing(self) -> None:
        """ctrl+g, as in forms: the next field still needed after the cursor, round to the
        first again; with none, Status (then ctrl+s)."""
        if self.read_only or self._loading:
            return
        missing = self._missing()
        fields = self.query_one("#fields")
        order = [w.id for w in self.focus_chain if fields in w.ancestors and w.id]
        here = self.focused.id if self.focused is not None else None
        start = order.index(here) if here in order else -1
        if missing:
            later = [key for key in missing if key in order and order.index(key) > start]
            target = (later or missing)[0]
        else:
            target = "status"
            self.notify("Everything needed is filled in: Status, then ctrl+s.", timeout=3)
        widget = self.query_one(f"#{target}")
        widget.focus(scroll_visible=False)
        (widget.parent or widget).scroll_visible(animate=False, immediate=True)

    def action_previous_versions(self) -> None:
        if self.detail is None or not self.detail.previous:
            self.notify("This activity has not been amended.")
            return
        from caretui.screens.previous_versions import PreviousVersionsScreen

        self.app.push_screen(PreviousVersionsScreen(self.detail))
