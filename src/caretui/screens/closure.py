"""Closing a case (W2; practitioner guide pp.26-27, standards section 5).

The practitioner's wizard: the checklist computed from the record (each check passed or
failing, with the items that fail it; ``enter`` or ``a``/``f``/``l``/``i`` opens the list
where they are put right, and the checklist is computed again on return), the closure
reason, the closure summary, then ``ctrl+s`` sends it to the team manager. A request the
manager returned shows their reason on every step.

The manager's screen (:class:`ClosureDecisionScreen`, from the dashboard's "Closures to
authorise" or ``C`` on the case): the request, its summary and the checklist now; ``a``
authorises (the case closes and its involvements end), ``x`` returns it with a reason. A
closed case is reopened by a manager with a reason (:func:`ask_reopen`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header, Static

from caretui.rules.closure import Checklist
from caretui.rules.errors import PracticeError
from caretui.rules.forms import Field
from caretui.rules.vocab import CLOSURE_REASONS, ClosureStatus
from caretui.screens.wizard import Step, WizardScreen, wizard_spec
from caretui.store.ops.closure import (
    authorise_closure,
    reopen_case,
    request_closure,
    return_closure,
)
from caretui.store.queries import case_record, closure
from caretui.widgets.keybar import KeyBar
from caretui.widgets.record_dialog import ask_reason
from caretui.widgets.wizard import ChecklistView
from caretui.widgets.worker_errors import ReportsWorkerErrors

if TYPE_CHECKING:
    from caretui.screens.case import CaseScreen


@dataclass(frozen=True)
class ClosureContext:
    detail: case_record.CaseDetail
    checklist: Checklist
    latest: closure.ClosureRequestDetail | None


def _returned_line(latest: closure.ClosureRequestDetail | None) -> Text:
    if latest is None or latest.status is not ClosureStatus.RETURNED:
        return Text()
    when = f"{latest.decided_at:%d %b %Y}" if latest.decided_at else ""
    return Text.assemble(
        ("Returned by ", "bold"),
        (f"{latest.decided_by} {when}: ", "bold"),
        latest.return_reason,
    )


class ClosureWizard(WizardScreen):
    kind = "closure"
    heading = "Closure request"

    def fetch(self) -> ClosureContext:
        return ClosureContext(
            detail=case_record.case_detail(self.store, self.actor, self.case_id),
            checklist=closure.closure_checklist(self.store, self.actor, self.case_id),
            latest=closure.latest_closure_request(self.store, self.actor, self.case_id),
        )

    def setup(self, context: ClosureContext) -> None:
        self.context = context
        self.checklist = context.checklist
        self.person = context.detail.banner.name
        spec = wizard_spec("closure")
        sections = {s.key: s for s in spec.sections}
        self.steps = [
            Step("Checks", build=self._checks_step),
            Step("Status", spec, sections["status"]),
            Step("Summary", spec, sections["summary"]),
            Step("Send", build=self._send_step, rebuild=True),
        ]
        latest = context.latest
        if latest is not None and latest.status is ClosureStatus.RETURNED:
            self.answers.update({"closure_reason": latest.reason, **latest.summary})

    def adapt(self, field: Field) -> Field:
        if field.key == "closure_reason":
            return replace(field, options=CLOSURE_REASONS, option_labels=())
        return field

    def extra_problems(self) -> dict[str, str]:
        return {f"check:{line.key}": line.title for line in self.checklist.failing}

    def note(self, index: int) -> str | Text:
        text = _returned_line(self.context.latest)
        if index == 0:
            if text:
                text.append("\n")
            text.append(self.checklist.sentence(), style="bold")
        elif self.steps[index].title == "Send" and not text:
            text = Text("ctrl+s sends the request to your team manager; escape keeps a draft.")
        return text

    # --- the checklist ------------------------------------------------------------------------

    def _checks_step(self) -> Widget:
        return ChecklistView(self.checklist, id="closure-checklist")

    @on(ChecklistView.Jump)
    def _jump(self, event: ChecklistView.Jump) -> None:
        from caretui.screens import case_items

        screens = {
            "involvements": case_items.InvolvementsScreen,
            "activities": case_items.CaseActivitiesScreen,
            "forms": case_items.CaseFormsScreen,
            "dols": case_items.DolsScreen,
        }
        screen = screens[event.menu](self.store, self.actor, self.case_id, self.person)
        screen.highlight = event.item_id  # the failing item, not the list's first row
        self.app.push_screen(screen, lambda _r: self.recheck())

    @work(thread=True, exclusive=True, exit_on_error=False, group="closure-check")
    def recheck(self) -> None:
        try:
            checklist = closure.closure_checklist(self.store, self.actor, self.case_id)
        except PracticeError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self._rechecked, checklist)

    def _rechecked(self, checklist: Checklist) -> None:
        self.checklist = checklist
        for view in self.query(ChecklistView).results(ChecklistView):
            view.show(checklist)
        self.refresh_state()

    # --- sending ------------------------------------------------------------------------------

    def _send_step(self) -> Widget:
        a = self.answers
        text = Text()
        for label, key in (
            ("Closure reason", "closure_reason"),
            ("Goals met", "goals_met"),
            ("Progress against goals", "goals_notes"),
            ("Recommendations", "recommendations"),
            ("Onward referral", "onward_referral"),
        ):
            text.append(f"{label}\n", style="bold")
            text.append(f"{a.get(key) or '—'}\n\n")
        text.append(
            "Sent to your team manager, whose dashboard lists it under Closures to authorise. "
            "The case closes when they authorise it; if they return it you will see why here.",
            style="italic",
        )
        body = VerticalScroll(Static(text))
        body.can_focus = True
        return body

    @work(thread=True, exclusive=True, exit_on_error=False, group="wizard-finish")
    def finish(self) -> None:
        a = self.answers
        summary = {k: a.get(k, "") for k in ("goals_met", "goals_notes", "recommendations")}
        summary["onward_referral"] = a.get("onward_referral", "")
        try:
            request_closure(
                self.store,
                self.actor,
                self.case_id,
                reason=str(a.get("closure_reason") or ""),
                summary=summary,
                expected_version=self.context.detail.version,
            )
            self.discard_draft()
        except PracticeError as exc:
            self.app.call_from_thread(self.failed, exc)
            self.recheck()
            return
        self.app.call_from_thread(
            self.finished, "Closure requested: it waits for your team manager to authorise it."
        )


class ClosureDecisionScreen(ReportsWorkerErrors, Screen[bool]):
    """A team manager authorises or returns a closure request."""

    DEFAULT_CSS = """
    ClosureDecisionScreen #decision-title { height: 1; padding: 0 1; text-style: bold; }
    ClosureDecisionScreen #decision-body { height: 1fr; padding: 0 1; }
    ClosureDecisionScreen ChecklistView { height: auto; max-height: 10; }
    """
    BINDINGS = [
        Binding("a", "authorise", "Authorise closure", id="closure.authorise"),
        Binding("x", "return_request", "Return with a reason", id="closure.return"),
        Binding("escape", "back", "Back", id="closure.back"),
    ]

    def __init__(self, store: Any, actor: Any, case_id: int) -> None:
        super().__init__()
        self.store = store
        self.actor = actor
        self.case_id = case_id
        self.request: closure.ClosureRequestDetail | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Closure request — loading…", id="decision-title")
        with VerticalScroll(id="decision-body"):
            yield Static("", id="decision-request")
            yield ChecklistView(id="decision-checklist")
        yield KeyBar()

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="closure-decision")
    def load(self) -> None:
        try:
            detail = case_record.case_detail(self.store, self.actor, self.case_id)
            request = closure.latest_closure_request(self.store, self.actor, self.case_id)
            checklist = closure.closure_checklist(self.store, self.actor, self.case_id)
        except PracticeError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            self.app.call_from_thread(self.dismiss, False)
            return
        self.app.call_from_thread(self._show, detail, request, checklist)

    def _show(
        self,
        detail: case_record.CaseDetail,
        request: closure.ClosureRequestDetail | None,
        checklist: Checklist,
    ) -> None:
        self.request = request
        self.query_one("#decision-title", Static).update(
            f"Closure request — {detail.banner.name}, case {self.case_id}"
        )
        text = Text()
        if request is None or request.status is not ClosureStatus.PENDING:
            text.append("There is no closure request waiting on this case.")
        else:
            text.append("Requested by ", style="bold")
            text.append(f"{request.requested_by} on {request.requested_at:%d %b %Y at %H:%M}\n")
            text.append("Reason      ", style="bold")
            text.append(f"{request.reason}\n")
            for label, key in (
                ("Goals met", "goals_met"),
                ("Progress", "goals_notes"),
                ("Recommendations", "recommendations"),
                ("Onward referral", "onward_referral"),
            ):
                text.append(f"{label}: ", style="bold")
                text.append(f"{request.summary.get(key) or '—'}\n")
            text.append("\nThe record now: ", style="bold")
            text.append(checklist.sentence())
        self.query_one("#decision-request", Static).update(text)
        self.query_one(ChecklistView).show(checklist)

    @on(ChecklistView.Jump)
    def _jump(self, event: ChecklistView.Jump) -> None:
        event.stop()

    def _pending(self) -> int | None:
        if self.request is None or self.request.status is not ClosureStatus.PENDING:
            self.notify("There is no closure request waiting on this case.")
            return None
        return self.request.request_id

    def action_authorise(self) -> None:
        """Closing a case ends someone else's work on it: one key more to be sure."""
        from caretui.widgets.notice import Notice

        request_id = self._pending()
        if request_id is None or self.request is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._decide(
                    lambda: authorise_closure(self.store, self.actor, request_id),
                    "Closure authorised: the case is closed and its involvements have ended.",
                )

        self.app.push_screen(
            Notice(
                "Authorise the closure?",
                f"Case {self.case_id} closes ({self.request.reason}), and every open "
                f"involvement on it ends today. {self.request.requested_by} asked for it.",
                keys="y or enter: authorise · n or escape: not now",
            ),
            answered,
        )

    def action_return_request(self) -> None:
        request_id = self._pending()
        if request_id is None:
            return

        def returned(reason: str) -> None:
            self._decide(
                lambda: return_closure(self.store, self.actor, request_id, reason),
                "Closure request returned to the worker with your reason.",
            )

        ask_reason(
            self,
            "Return the closure request: what needs doing first?",
            f"closure:{request_id}:return",
            returned,
        )

    @work(thread=True, exit_on_error=False, group="closure-decide")
    def _decide(self, op: Any, message: str) -> None:
        try:
            op()
        except PracticeError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", timeout=12)
            return
        self.app.call_from_thread(self._done, message)

    def _done(self, message: str) -> None:
        self.notify(message, timeout=10)
        self.dismiss(True)

    def action_back(self) -> None:
        self.dismiss(False)


def ask_reopen(case: CaseScreen) -> None:
    """A manager reopens a closed case, saying why."""

    ask_reason(
        case,
        "Reopen the case: why does work need to continue?",
        f"case:{case.case_id}:reopen",
        lambda reason: _reopen(case, reason),
    )


def _reopen(case: CaseScreen, reason: str) -> None:
    def work_() -> None:
        try:
            reopen_case(case.store, case.actor, case.case_id, reason)
        except PracticeError as exc:
            case.app.call_from_thread(case.notify, str(exc), severity="error", timeout=12)
            return
        case.app.call_from_thread(case.notify, "Case reopened.")
        case.app.call_from_thread(case.load)

    case.run_worker(work_, thread=True, group="case-reopen", exit_on_error=False)


__all__ = ["ClosureDecisionScreen", "ClosureWizard", "ask_reopen"]
