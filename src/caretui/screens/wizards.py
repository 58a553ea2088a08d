"""Opening the wizards from the case record, and offering to carry on an unfinished one.

Kept out of ``screens/case.py`` so the case record only binds the keys: ``T`` transfer,
``C`` closure (a manager: authorise or return a request, reopen a closed case), ``c``
Carers Conversation, ``v`` Carers Review, ``s`` the screening decision on a referral.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from caretui.rules.permissions import Action, PermissionDenied, allowed, require
from caretui.rules.vocab import ActivityType, CaseStatus, ClosureStatus
from caretui.store.queries import closure, drafts

if TYPE_CHECKING:
    from caretui.screens.case import CaseScreen
    from caretui.screens.wizard import WizardScreen

ACTIONS = {
    "transfer": Action.TRANSFER_CASE,
    "closure": Action.REQUEST_CLOSURE,
    "carers_conversation": Action.CREATE_FORM,
    "carers_review": Action.CREATE_FORM,
    "screening": Action.SCREEN_REFERRAL,
}
"""What each wizard does, for a first check of the role before it opens (ops check again)."""

TITLES = {
    "transfer": "Transfer",
    "closure": "Closure request",
    "carers_conversation": "Carers Conversation",
    "carers_review": "Carers Review",
    "screening": "Screening decision",
}


def wizard_screen(case: CaseScreen, name: str) -> WizardScreen:
    if name == "transfer":
        from caretui.screens.transfer import TransferWizard

        return TransferWizard(case.store, case.actor, case.case_id)
    if name == "closure":
        from caretui.screens.closure import ClosureWizard

        return ClosureWizard(case.store, case.actor, case.case_id)
    if name == "screening":
        from caretui.screens.screening import ScreeningWizard

        return ScreeningWizard(case.store, case.actor, case.case_id)
    from caretui.screens.carers import CarersWizard

    return CarersWizard(case.store, case.actor, case.case_id, review=name == "carers_review")


def open_wizard(case: CaseScreen, name: str) -> None:
    """Open a wizard on the case, or, for closure, what the case's status calls for."""
    detail = case.detail
    if detail is None:
        return
    manager_closure = name == "closure" and allowed(case.actor, Action.AUTHORISE_CLOSURE)
    if not manager_closure:
        try:
            require(case.actor, ACTIONS[name])
        except PermissionDenied as exc:
            case.notify(str(exc), severity="warning", timeout=10)
            return
    if name == "screening" and detail.status is not CaseStatus.REFERRAL:
        case.notify(f"This case is not awaiting screening: it is {detail.status.label.lower()}.")
        return
    if name == "closure":
        from caretui.screens import closure as closure_screens

        manager = allowed(case.actor, Action.AUTHORISE_CLOSURE)
        if detail.status is CaseStatus.CLOSED:
            if manager:
                closure_screens.ask_reopen(case)
            else:
                case.notify(
                    f"This case closed on {detail.closed_on:%d %b %Y} ({detail.closure_reason})."
                    " Only a team manager can reopen it."
                    if detail.closed_on
                    else "This case is closed. Only a team manager can reopen it."
                )
            return
        if detail.status is CaseStatus.CLOSURE_REQUESTED:
            if manager:
                case.app.push_screen(
                    closure_screens.ClosureDecisionScreen(case.store, case.actor, case.case_id),
                    lambda _r: case.load(),
                )
            else:
                case.notify("Closure has been requested: it waits for your team manager.")
            return
    elif detail.status is CaseStatus.CLOSED:
        case.notify("This case is closed. A team manager can reopen it (C).")
        return
    elif name == "transfer" and detail.status is CaseStatus.CLOSURE_REQUESTED:
        case.notify(
            "This case waits for its closure to be authorised. The manager can return the "
            "request (C) before it is transferred.",
            severity="warning",
        )
        return
    case.app.push_screen(wizard_screen(case, name), lambda _r: case.load())


def offer_drafts(case: CaseScreen) -> None:
    """In a worker: say why a closure request came back, and offer unfinished wizards."""
    latest = closure.latest_closure_request(case.store, case.actor, case.case_id)
    if latest is not None and latest.status is ClosureStatus.RETURNED:
        case.app.call_from_thread(
            case.notify,
            f"{latest.decided_by} returned the closure request: {latest.return_reason} "
            "(C to carry on).",
            title="Closure returned",
            severity="warning",  # stays until dismissed (widgets.message_line)
        )
    waiting = drafts.unfinished_on_case(case.store, case.actor, case.case_id)
    if not waiting:
        return
    choices: list[tuple[str, Any]] = []
    for draft in waiting:
        kept = f"(kept {draft.updated_at:%d %b %H:%M})"
        kind = new_activity_kind(draft.key)
        if kind is not None:
            what = draft.title.split(f" (case {case.case_id})")[0]
            choices.append((f"Carry on the new {what} {kept}", kind))
        else:
            name = draft.key.split(":")[1]
            choices.append((f"Carry on the {TITLES.get(name, name)} {kept}", name))
    for draft in waiting:
        choices.append((f"Discard the {draft_title(draft)} draft…", draft))
    choices.append(("Not now (the drafts are kept)", None))

    def show() -> None:
        from caretui.widgets.choose_one import ChooseOne

        if case.app.screen is not case:  # the practitioner has moved on already
            return

        def chosen(picked: ActivityType | str | drafts.DraftRow | None) -> None:
            if isinstance(picked, ActivityType):
                from caretui.screens.activity import ActivityScreen

                case.app.push_screen(
                    ActivityScreen(case.store, case.actor, case_id=case.case_id, kind=picked),
                    lambda _r: case.load(),
                )
            elif isinstance(picked, str):
                open_when_ready(case, picked)
            elif picked is not None:
                confirm_discard(case, picked)

        case.app.push_screen(ChooseOne("Unfinished work on this case", choices), chosen)

    case.app.call_from_thread(show)


def new_activity_kind(key: str) -> ActivityType | None:
    """The type of a new activity's draft ("activity:new:<case>:<type>"), else None."""
    parts = key.split(":")
    if len(parts) == 4 and parts[:2] == ["activity", "new"]:
        return ActivityType(parts[3])
    return None


def draft_title(draft: drafts.DraftRow) -> str:
    kind = new_activity_kind(draft.key)
    return kind.label if kind is not None else TITLES.get(draft.key.split(":")[1], "wizard")


def confirm_discard(case: CaseScreen, draft: drafts.DraftRow) -> None:
    """Ask before throwing a wizard's draft away, naming what would be lost."""
    from caretui.rules.wording import plural
    from caretui.widgets.notice import Notice

    title = draft_title(draft)
    if new_activity_kind(draft.key) is not None:
        subject = draft.data.get("subject") or "no subject yet"
        body = (
            f"The new {title} ({subject}) kept on {draft.updated_at:%d %b at %H:%M}, with "
            f"everything typed in it, will be thrown away. This cannot be undone."
        )
    else:
        answers = draft.data.get("answers", {})
        given = sum(1 for value in answers.values() if value not in (None, "", [], {}))
        step = draft.data.get("step")
        where = f", at step {step + 1}" if isinstance(step, int) else ""
        body = (
            f"The {title} kept on {draft.updated_at:%d %b at %H:%M}{where}, with "
            f"{plural(given, 'answer')}, will be thrown away. This cannot be undone."
        )

    def answered(yes: bool | None) -> None:
        if yes:
            discard_in_worker(case, draft.key, title)

    case.app.push_screen(
        Notice(
            "Discard this draft?",
            body,
            keys="enter or y: discard the draft · escape or n: keep it",
            warning=True,
        ),
        answered,
    )


def discard_in_worker(case: CaseScreen, key: str, title: str) -> None:
    """Remove the draft (after any write queued for it), then say so."""
    from caretui.widgets.draft_keeper import forget

    def discard() -> None:
        forget(case.store, case.actor, key)
        case.app.call_from_thread(case.notify, f"The {title} draft is discarded.")

    case.run_worker(discard, thread=True, exit_on_error=False, group="discard-draft")


def open_when_ready(case: CaseScreen, name: str) -> None:
    """The case's details may still be on their way when a draft is picked."""
    if case.detail is None:
        case.set_timer(0.2, lambda: open_when_ready(case, name))
        return
    open_wizard(case, name)
