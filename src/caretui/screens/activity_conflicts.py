"""When someone else saved an activity first: compare, choose, save against theirs.

The activity screen's half of issue 13's promise (see widgets.conflicts): a save refused as
stale, ``ctrl+r`` with typing on screen, and a draft restored over a newer version all
open the conflict view rather than saving over what the other person wrote.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work

from caretui.rules.errors import PracticeError
from caretui.rules.merge import ConflictField
from caretui.rules.vocab import ActivityStatus
from caretui.store.errors import StaleRecord
from caretui.store.queries import activities, drafts
from caretui.store.queries.activities import ActivityDetail

if TYPE_CHECKING:
    from caretui.screens.activity import ActivityScreen

    _Base = ActivityScreen
else:
    _Base = object

FIELD_LABELS = {
    "subject": "Subject",
    "when": "Date and time",
    "direction": "Direction",
    "contact": "Contact",
    "outcome": "Outcome",
    "location": "Location",
    "due_date": "Due date",
    "attachment": "Attachment",
    "notes": "Notes",
    "user_id": "Responsible user",
    "team_id": "Responsible team",
    "status": "Status",
}


class SettlesActivityConflicts(_Base):
    """Mixed into ActivityScreen."""

    # --- someone else saved it first ---------------------------------------------------------

    def action_reload(self) -> None:
        """ctrl+r: read the activity again. Typing that differs is compared with any newer
        version rather than lost or saved over it."""
        if self.activity_id is None or self._loading:
            return
        if not self.drafts.differs():
            self._loading = True
            self.load()
            return
        self._reread(None)

    @work(thread=True, exclusive=True, exit_on_error=False, group="activity-reread")
    def _reread(self, error: StaleRecord | None) -> None:
        """Read the saved activity; with typing on screen, compare it with theirs."""
        assert self.activity_id is not None
        try:
            detail = activities.activity_detail(self.store, self.actor, self.activity_id)
        except PracticeError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", timeout=10)
            return
        self.app.call_from_thread(self._compare, error, detail)

    def _compare(self, error: StaleRecord | None, detail: ActivityDetail) -> None:
        from caretui.widgets.conflicts import NOT_SAVED, settle

        assert self.detail is not None
        if error is None and detail.version == self.detail.version:
            self.notify("Up to date: no one has saved this activity since you opened it.")
            return
        base, theirs, yours = (
            self.drafts.baseline or {},
            values_from_detail(detail),
            self._values(),
        )

        def settled(kept: dict[str, Any] | None) -> None:
            if kept is None:
                self.notify(NOT_SAVED, severity="warning", timeout=10)
                return
            self._take_theirs(detail, theirs, kept)
            if error is not None:  # the practitioner asked to save: save what they kept
                self.action_save()

        settle(
            self,
            what="activity",
            by=error.by if error else detail.authorship.updated_by or detail.authorship.author,
            at=error.at if error else detail.authorship.updated_at,
            fields=self._conflict_fields(base, theirs, yours),
            base=base,
            theirs=theirs,
            yours=yours,
            then=settled,
        )

    def _settle_draft(self, draft: drafts.DraftRow, restored: dict[str, Any]) -> None:
        """A draft typed over an older version: compare it before anything is saved."""
        from caretui.widgets.conflicts import NOT_SAVED, settle_draft

        assert self.detail is not None and self.drafts.typed_over is not None
        base, theirs, detail = self.drafts.typed_over, self._values(), self.detail

        def settled(kept: dict[str, Any] | None) -> None:
            if kept is None:
                self.notify(NOT_SAVED, severity="warning", timeout=10)
                self.dismiss(False)
                return
            self._take_theirs(detail, theirs, kept)
            self.action_save()

        settle_draft(
            self,
            draft,
            "activity",
            fields=self._conflict_fields(base, theirs, restored),
            base=base,
            theirs=theirs,
            yours=restored,
            then=settled,
        )

    def _take_theirs(
        self, detail: ActivityDetail, theirs: dict[str, Any], kept: dict[str, Any]
    ) -> None:
        """Their version is now the one saved against; what was kept goes on screen."""
        names = {theirs["user_id"]: theirs["user_name"], **self._names()}
        kept["user_name"] = names.get(kept.get("user_id"), "")
        self.detail = detail
        self._apply(kept)
        self.drafts.rebase(theirs)
        self.refresh_bindings()

    def _names(self) -> dict[Any, str]:
        return {self.responsible[0]: self.responsible[1]} if self.responsible else {}

    def _conflict_fields(self, *versions: dict[str, Any]) -> list[ConflictField]:
        teams = {t.id: t.name for t in self.teams}
        users = {v.get("user_id"): v.get("user_name", "") for v in versions}
        statuses = {s.value: s.value for s in ActivityStatus}
        shown = {
            "team_id": lambda v: teams.get(v, str(v)),
            "user_id": lambda v: users.get(v) or "Nobody: team queue",
            "status": lambda v: statuses.get(v, str(v)),
        }
        return [
            ConflictField(
                key,
                label,
                joinable=key in ("notes", "outcome"),
                multiline=key == "notes",
                show=shown.get(key),
            )
            for key, label in FIELD_LABELS.items()
            if key != "attachment" and self.query(f"#{key}")
        ]


def values_from_detail(d: ActivityDetail) -> dict[str, Any]:
    return {
        "subject": d.subject,
        "when": d.occurred_at.strftime("%d/%m/%Y %H:%M"),
        "contact": d.contact,
        "outcome": d.outcome,
        "location": d.location,
        "due_date": d.due_date.strftime("%d/%m/%Y") if d.due_date else "",
        "notes": d.notes,
        "direction": d.direction,
        "team_id": d.responsible_team_id,
        "status": d.status.value,
        "user_id": d.responsible_user_id,
        "user_name": d.responsible_user,
    }
