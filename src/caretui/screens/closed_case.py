"""What a closed case says about itself (issue 14): the read-only line over the record and
the closure summary on its Details, both in words (no colour needed to tell)."""

from __future__ import annotations

from rich.text import Text

from caretui.rules.permissions import Actor
from caretui.rules.vocab import CaseStatus, ClosureStatus
from caretui.store.db import Store
from caretui.store.queries import case_record, closure

SUMMARY_LABELS = (
    ("Goals met", "goals_met"),
    ("Progress", "goals_notes"),
    ("Recommendations", "recommendations"),
    ("Onward referral", "onward_referral"),
)


def closed_line(detail: case_record.CaseDetail) -> str:
    """'CLOSED on 12 Oct 2026: Needs met — read only'; '' for a case that is not closed."""
    if detail.status is not CaseStatus.CLOSED:
        return ""
    when = f" on {detail.closed_on:%d %b %Y}" if detail.closed_on else ""
    why = f": {detail.closure_reason}" if detail.closure_reason else ""
    return f"CLOSED{when}{why} — read only"


def closure_summary(store: Store, actor: Actor, case_id: int) -> Text:
    """The authorised closure request's summary: who asked, who authorised, and what
    was said about the goals (a case closed at the front door has none)."""
    request = closure.latest_closure_request(store, actor, case_id)
    text = Text()
    if request is None or request.status is not ClosureStatus.AUTHORISED:
        text.append("\nClosure summary\n", style="bold")
        text.append("None recorded: the case was closed without a closure request.\n")
        return text
    text.append("\nClosure summary\n", style="bold")

    def line(label: str, value: str) -> None:
        text.append(f"{label:<22}", style="bold")
        text.append(f"{value}\n")

    line("Reason", request.reason)
    line("Requested by", f"{request.requested_by} on {request.requested_at:%d %b %Y}")
    if request.decided_at:
        line("Authorised by", f"{request.decided_by} on {request.decided_at:%d %b %Y}")
    for label, key in SUMMARY_LABELS:
        line(label, str(request.summary.get(key) or "none recorded"))
    return text
