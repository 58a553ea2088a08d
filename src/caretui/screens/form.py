"""A form on a case (C5): edit while In Progress, read only once Complete or Closed.

As in the guide, the form's Status is set to Complete and saved (``ctrl+s``) to complete
it: it closes at once, or waits on the team manager's dashboard if its type needs a
manager. A manager looking at such a form closes it with ``c`` or returns it with ``x``
and a reason. ``ctrl+g`` goes to the next answer still needed, and to Status once none
is. What is typed is kept as a draft (never more than about a second behind);
``ctrl+t`` throws it away.
"""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Header, Label, Select, Static

from caretui.rules import clock
from caretui.rules.errors import FormInvalid, PracticeError
from caretui.rules.forms import FormSpec, load_spec, validate
from caretui.rules.permissions import Action, Actor, allowed
from caretui.rules.vocab import FormStatus
from caretui.screens.cared_for import open_cared_for_row
from caretui.screens.form_conflicts import SettlesFormConflicts, saved_answers
from caretui.store.db import Store
from caretui.store.errors import StaleRecord
from caretui.store.ops.forms import close_form, return_form, save_form
from caretui.store.ops.viewing import record_view
from caretui.store.queries import carers, case_record, drafts, forms
from caretui.widgets.draft_keeper import DraftKeeper
from caretui.widgets.form_table import TableField
from caretui.widgets.form_view import FormView
from caretui.widgets.keybar import KeyBar
from caretui.widgets.record_dialog import ask_reason
from caretui.widgets.role_keys import RoleKeys
from caretui.widgets.worker_errors import ReportsWorkerErrors


def prefill_from(case: case_record.CaseDetail) -> dict[str, Any]:
    """What the record already knows, for the form's prefilled fields (PREFILL_SOURCES)."""
    banner = case.banner
    values: dict[str, Any] = {
        "person.name": banner.name,
        "person.date_of_birth": banner.date_of_birth.isoformat() if banner.date_of_birth else "",
        "person.nhs_number": banner.nhs_number,
        "person.address": banner.address,
        "person.phone": banner.phone,
        "case.referral_date": case.referral_date.isoformat(),
        "today": clock.today().isoformat(),
    }
    return {key: value for key, value in values.items() if value}


class FormScreen(SettlesFormConflicts, RoleKeys, ReportsWorkerErrors, Screen[bool]):
    DEFAULT_CSS = """
    FormScreen #form-title { text-style: bold; padding: 0 1; }
    FormScreen #form-meta { color: $text-muted; padding: 0 1; height: auto; }
    FormScreen #form-status { height: 1; padding: 0 1; background: $boost; }
    FormScreen #form-status Label { width: 10; }
    FormScreen #form-status Select { width: 30; }
    FormScreen FormView { height: 1fr; }
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="form.save", priority=True),
        Binding("ctrl+t", "discard_draft", "Discard draft", id="form.discard"),
        Binding("escape", "leave", "Back", id="form.back"),
        # The form's own key, here too so it works from the Status field (round to the first).
        Binding("ctrl+g", "next_missing", "To missing", id="form.next_missing"),
        Binding("ctrl+r,f5", "reload", "Reload", show=False, id="form.reload"),
        Binding("c", "close_form", "Close form (manager)", id="form.close"),
        Binding("x", "return_form", "Return to worker (manager)", id="form.return"),
    ]

    def __init__(self, store: Store, actor: Actor, form_id: int) -> None:
        super().__init__()
        self.store = store
        self.actor = actor
        self.form_id = form_id
        self.detail: forms.FormDetail | None = None
        self.carer = ""  # a carers form's carer, whose related people the lookup offers
        self.related: list[carers.CaredForPerson] = []
        self.spec: FormSpec | None = None
        self.prefill: dict[str, Any] | None = None
        self.drafts = DraftKeeper(
            self,
            store,
            actor,
            self.draft_key,
            read=lambda: self.view.answers,
            title=lambda: self.detail.title if self.detail else "form",
            versioned=True,
        )

    @property
    def draft_key(self) -> str:
        return f"form:{self.form_id}"

    @property
    def editable(self) -> bool:
        return (
            self.detail is not None
            and self.detail.status is FormStatus.IN_PROGRESS
            and allowed(self.actor, Action.CREATE_FORM)
        )

    @property
    def awaiting_manager(self) -> bool:
        return self.detail is not None and self.detail.status is FormStatus.COMPLETE

    # Hidden from roles that never have them, and pressing one says why (RoleKeys).
    role_needs = {
        "save": Action.CREATE_FORM,
        "discard_draft": Action.CREATE_FORM,
        "close_form": Action.CLOSE_FORM,
        "return_form": Action.CLOSE_FORM,
    }

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "save" and not self.editable:
            return False
        if action == "discard_draft" and not (self.editable and self.drafts.may_discard):
            return False
        if action == "next_missing" and not (self.editable and self.query("#form-view")):
            return False
        if action in ("close_form", "return_form") and not self.awaiting_manager:
            return False
        return super().check_action(action, parameters)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Loading the form…", id="form-title")
        yield Static("", id="form-meta")
        with Horizontal(id="form-status"):
            yield Label("Status")
            yield Select(
                [(s.label, s.value) for s in (FormStatus.IN_PROGRESS, FormStatus.COMPLETE)],
                value=FormStatus.IN_PROGRESS.value,
                allow_blank=False,
                compact=True,
                id="status",
            )
        yield KeyBar()

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="form-load")
    def load(self) -> None:
        try:
            detail = forms.form_detail(self.store, self.actor, self.form_id)
            case = case_record.case_detail(self.store, self.actor, detail.case_id)
            draft = drafts.draft(self.store, self.actor, self.draft_key)
            if detail.form_type in carers.CARERS_FORMS and detail.status is FormStatus.IN_PROGRESS:
                self.carer = case.banner.name
                self.related = carers.related_people(self.store, self.actor, detail.person_id)
            record_view(  # reads are audited (S4)
                self.store, self.actor, case_id=detail.case_id, item=("form", self.form_id)
            )
        except PracticeError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            self.app.call_from_thread(self.dismiss, False)
            return
        self.app.call_from_thread(self._show, detail, draft, prefill_from(case))

    def _show(
        self,
        detail: forms.FormDetail,
        draft: drafts.DraftRow | None,
        prefill: dict[str, Any] | None = None,
    ) -> None:
        self.detail = detail
        self.spec = load_spec(detail.form_type)
        answers = dict(detail.answers)
        if self.editable:
            restored = self.drafts.start(saved_answers(self.spec, detail, prefill), draft)
            if restored is not None and draft is not None and self.drafts.moved_on:
                self.call_after_refresh(self._settle_draft, draft, restored)
            elif restored is not None and draft is not None:
                answers.update(restored)
                self.notify(
                    f"Restored what you typed on {draft.updated_at:%d %b at %H:%M} (not yet "
                    "saved). ctrl+t discards it.",
                    title="Draft restored",
                )
        state = detail.status.label
        if self.awaiting_manager:
            state += " — waiting for a manager to close it"
        self.query_one("#form-title", Static).update(
            f"{detail.title} — form {detail.id}, case {detail.case_id} ({state})"
        )
        meta = detail.authorship.line
        if detail.responsible_user:
            meta += f". Responsible: {detail.responsible_user}"
        if detail.returned_reason and detail.status is FormStatus.IN_PROGRESS:
            meta += f"\nReturned by the manager: {detail.returned_reason}"
        if detail.closed_at:
            meta += f"\nClosed {detail.closed_at:%d %b %Y} by {detail.closed_by}"
        self.query_one("#form-meta", Static).update(meta)
        status = self.query_one("#status", Select)
        status.disabled = not self.editable
        if not self.editable:
            status.display = False
        self.prefill = prefill
        self._mount_view(answers)

    def _mount_view(self, answers: dict[str, Any]) -> None:
        assert self.spec is not None
        view = FormView(
            self.spec,
            answers,
            readonly=not self.editable,
            prefill=self.prefill,
            today=clock.today(),
            id="form-view",
            row_opener=self._open_row,
        )
        self.mount(view, before=self.query_one(KeyBar))
        self.refresh_bindings()

    def _open_row(self, event: TableField.RowOpened) -> bool:
        """A carers form's cared-for person is found on the record, as in the wizard."""
        if not self.carer:
            return False
        return open_cared_for_row(self, self.store, self.actor, self.carer, self.related, event)

    @property
    def view(self) -> FormView:
        return self.query_one("#form-view", FormView)

    # --- saving -----------------------------------------------------------------------------

    def action_save(self) -> None:
        if not self.editable or self.spec is None:
            return
        completing = self.query_one("#status", Select).value == FormStatus.COMPLETE.value
        answers = self.view.answers
        problems = validate(self.spec, answers, completing=completing, today=clock.today())
        self.view.show_errors(problems)
        if problems:
            self.notify(str(FormInvalid(problems)), severity="warning", timeout=8)
            return
        self.save(answers, completing)

    @work(thread=True, exclusive=True, exit_on_error=False, group="form-save")
    def save(self, answers: dict[str, Any], completing: bool) -> None:
        assert self.detail is not None
        try:
            status = save_form(
                self.store,
                self.actor,
                self.form_id,
                answers,
                expected_version=self.detail.version,
                complete=completing,
            )
            self.drafts.done_in_worker()
        except StaleRecord as exc:
            self._reread(exc)
            return
        except FormInvalid as exc:
            self.app.call_from_thread(self.view.show_errors, exc.problems)
            self.app.call_from_thread(self.notify, str(exc), severity="warning")
            return
        except PracticeError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", timeout=12)
            return
        if status is FormStatus.COMPLETE:
            message = "Form completed: it now waits for your team manager to close it."
        elif status is FormStatus.CLOSED:
            message = "Form completed and closed."
        else:
            message = "Form saved (In Progress)."
        self.app.call_from_thread(self._done, message)

    def _done(self, message: str) -> None:
        self.drafts.saved()
        self.notify(message)
        self.dismiss(True)

    # --- ctrl+g ------------------------------------------------------------------------------

    async def action_next_missing(self) -> None:
        if self.editable and self.query("#form-view"):
            await self.view.action_next_missing()

    @on(FormView.AllAnswered)
    def _all_answered(self, event: FormView.AllAnswered) -> None:
        """Nothing is missing: Status is next (Complete, then ctrl+s)."""
        event.stop()
        status = self.query_one("#status", Select)
        if status.display and not status.disabled:
            status.focus()

    # --- drafts ---------------------------------------------------------------------------------

    @on(FormView.Changed)
    def _changed(self) -> None:
        if self.editable:
            self.drafts.changed()
            self.refresh_bindings()

    def action_discard_draft(self) -> None:
        if self.spec is None or not self.editable:
            return
        labels = {f.key: f.label for f in self.spec.fields}
        saved = dict(self.detail.answers) if self.detail else {}

        async def put_back() -> None:
            await self.view.remove()
            self._mount_view(saved)

        self.drafts.ask_discard(labels, lambda: self.call_later(put_back))

    def action_leave(self) -> None:
        if self.editable and self.drafts.flush():
            self.notify("What you typed is kept as a draft; open the form again to carry on.")
        self.dismiss(False)

    def on_unmount(self) -> None:
        self.drafts.close()

    # --- manager ----------------------------------------------------------------------------------

    def action_close_form(self) -> None:
        """Closing a form ends the worker's work on it: one key more to be sure."""
        from caretui.widgets.notice import Notice

        def answered(yes: bool | None) -> None:
            if yes:
                self._manager(
                    lambda: close_form(self.store, self.actor, self.form_id), "Form closed."
                )

        who = self.detail.responsible_user if self.detail else ""
        self.app.push_screen(
            Notice(
                "Close this form?",
                f"{self.detail.title if self.detail else 'The form'} is closed and can no "
                "longer be changed" + (f" by {who}." if who else "."),
                keys="y or enter: close it · n or escape: not now",
            ),
            answered,
        )

    def action_return_form(self) -> None:
        def returned(reason: str) -> None:
            self._manager(
                lambda: return_form(self.store, self.actor, self.form_id, reason),
                "Form returned to the worker with your reason.",
            )

        ask_reason(
            self, "Return the form: what needs changing?", f"form:{self.form_id}:return", returned
        )

    @work(thread=True, exit_on_error=False, group="form-manager")
    def _manager(self, op: Any, message: str) -> None:
        try:
            op()
        except PracticeError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", timeout=12)
            return
        self.app.call_from_thread(self._done, message)
