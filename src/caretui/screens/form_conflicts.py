"""When someone else saved a form first: compare, choose, save against theirs.

The form screen's half of issue 13's promise (see widgets.conflicts): a save refused as
stale, ``ctrl+r`` with answers typed, and a draft restored over a newer version all open
the conflict view, question by question, rather than saving over the other person's
answers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work

from caretui.rules import clock
from caretui.rules.errors import PracticeError
from caretui.rules.form_answers import clean_answers, initial_answers
from caretui.rules.forms import Field, FormSpec
from caretui.rules.merge import ConflictField
from caretui.store.errors import StaleRecord
from caretui.store.queries import drafts, forms

if TYPE_CHECKING:
    from caretui.screens.form import FormScreen

    _Base = FormScreen
else:
    _Base = object


def saved_answers(
    spec: FormSpec, detail: forms.FormDetail, prefill: dict[str, Any] | None
) -> dict[str, Any]:
    """A form's saved answers as the screen shows them (what a draft is compared with)."""
    return clean_answers(
        spec,
        initial_answers(spec, dict(detail.answers), prefill),
        today=clock.today(),
        every_field=True,
    )


def conflict_field(field: Field) -> ConflictField:
    """A question as the conflict view shows it: choices by their labels, lists and
    tables as lines."""
    labels = dict(field.option_labels)

    def show(value: Any) -> str:
        if isinstance(value, list | tuple):
            return "\n".join(show(v) for v in value)
        if isinstance(value, dict):
            return ", ".join(f"{k}: {v}" for k, v in value.items() if v not in (None, ""))
        return labels.get(str(value), str(value))

    return ConflictField(
        field.key,
        field.label,
        joinable=field.type in ("text", "textarea"),
        multiline=field.type in ("textarea", "table", "multichoice"),
        show=show,
    )


class SettlesFormConflicts(_Base):
    """Mixed into FormScreen."""

    def action_reload(self) -> None:
        """ctrl+r: read the form again; answers typed are compared with any newer
        version rather than lost or saved over it."""
        if self.detail is None:
            return
        self._reread(None)

    @work(thread=True, exclusive=True, exit_on_error=False, group="form-reread")
    def _reread(self, error: StaleRecord | None) -> None:
        try:
            detail = forms.form_detail(self.store, self.actor, self.form_id)
        except PracticeError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", timeout=10)
            return
        self.app.call_from_thread(self._compare, error, detail)

    def _compare(self, error: StaleRecord | None, detail: forms.FormDetail) -> None:
        from caretui.widgets.conflicts import NOT_SAVED, settle

        assert self.detail is not None and self.spec is not None
        if error is None and detail.version == self.detail.version:
            self.notify("Up to date: no one has saved this form since you opened it.")
            return
        if error is None and not self.drafts.differs():
            self.call_later(self._show_again, detail, dict(detail.answers))
            self.notify("Reloaded: this is the form as saved now.", timeout=4)
            return
        base = self.drafts.baseline or {}
        theirs = saved_answers(self.spec, detail, self.prefill)
        yours = self.view.answers

        def settled(kept: dict[str, Any] | None) -> None:
            if kept is None:
                self.notify(NOT_SAVED, severity="warning", timeout=10)
                return
            self.call_later(self._take_theirs, detail, theirs, kept, error is not None)

        settle(
            self,
            what="form",
            by=error.by if error else detail.authorship.updated_by or detail.authorship.author,
            at=error.at if error else detail.authorship.updated_at,
            fields=[conflict_field(f) for f in self.spec.fields],
            base=base,
            theirs=theirs,
            yours=yours,
            then=settled,
        )

    def _settle_draft(self, draft: drafts.DraftRow, restored: dict[str, Any]) -> None:
        """A draft typed over an older version: compare it before anything is saved."""
        from caretui.widgets.conflicts import NOT_SAVED, settle_draft

        assert self.detail is not None and self.spec is not None
        assert self.drafts.typed_over is not None
        base, theirs, detail = self.drafts.typed_over, self.drafts.baseline or {}, self.detail

        def settled(kept: dict[str, Any] | None) -> None:
            if kept is None:
                self.notify(NOT_SAVED, severity="warning", timeout=10)
                self.dismiss(False)
                return
            self.call_later(self._take_theirs, detail, theirs, kept, True)

        settle_draft(
            self,
            draft,
            "form",
            fields=[conflict_field(f) for f in self.spec.fields],
            base=base,
            theirs=theirs,
            yours=restored,
            then=settled,
        )

    async def _show_again(self, detail: forms.FormDetail, answers: dict[str, Any]) -> None:
        self.detail = detail
        await self.view.remove()
        self._mount_view(answers)

    async def _take_theirs(
        self, detail: forms.FormDetail, theirs: dict[str, Any], kept: dict[str, Any], save: bool
    ) -> None:
        """Their version is now the one saved against; what was kept goes on screen (and
        is saved when the practitioner had asked to save)."""
        await self._show_again(detail, kept)
        self.drafts.rebase(theirs)
        if save:
            self.call_after_refresh(self.action_save)
