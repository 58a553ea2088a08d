"""The referral in words: on the case's Details, at the top of the screening decision, and
on the new contact's last step before it is recorded.

Every line is a label and words; nothing is said by colour alone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from caretui.rules.consent import ConsentEventKind, ConsentNature, LawfulBasis
from caretui.rules.referrals import Priority, ReferralSource, RouteOfAccess
from caretui.rules.validation import format_nhs_number
from caretui.rules.vocab import CaseStatus
from caretui.rules.wording import Choice, as_member, day_month_year
from caretui.screens import contact_answers as typed

LABEL = 22


def _label(kind: type[Choice], value: Any) -> str:
    member = as_member(kind, value)
    return member.label if member else "—"


def pairs(rows: Sequence[tuple[str, Any]]) -> Table:
    """``label  value`` a line each, a long value wrapping under itself; empty ones left out."""
    table = Table.grid(padding=(0, 1))
    table.add_column(width=LABEL - 1, no_wrap=True, style="bold")
    table.add_column(ratio=1, overflow="fold")
    for label, value in rows:
        if value not in (None, ""):
            table.add_row(label, Text(str(value)))
    return table


def summary_step(content: RenderableType) -> VerticalScroll:
    """A wizard step that is something to read: it scrolls, and takes the focus to do so."""
    body = VerticalScroll(Static(content, classes="summary"))
    body.can_focus = True
    return body


def heading(words: str) -> Text:
    return Text(f"\n{words}", style="bold underline")


def when(value: Any) -> str:
    return f"{day_month_year(value.date())} at {value:%H:%M}" if value else ""


# --- the case's Details and the screening decision --------------------------------------------


def status_line(status: CaseStatus, *, may_screen: bool) -> Text:
    """A case at the front door says so first: awaiting screening, or on a waiting list."""
    text = Text()
    if status is CaseStatus.REFERRAL:
        text.append(f"{status.label.upper()}", style="bold reverse")
        text.append(
            ": s records the screening decision.\n\n"
            if may_screen
            else ": the front door team screens it.\n\n"
        )
    elif status is CaseStatus.WAITING:
        text.append(f"{status.label.upper()}", style="bold reverse")
        text.append(": no worker yet; the team manager allocates one from the waiting list.\n\n")
    return text


def referral_text(r: Any) -> Group:
    """A recorded referral (``queries.referrals.ReferralDetail``) and its screening decision."""
    referrer = " · ".join(x for x in (r.referrer_name, r.referrer_contact) if x)
    recorded = f"{r.recorded_by}, {when(r.recorded_at)}" if r.recorded_by else ""
    if r.awaiting_countersignature:
        recorded += " (a student's: awaiting countersignature)"
    elif r.countersigned_by:
        recorded += f" (countersigned by {r.countersigned_by})"
    parts: list[RenderableType] = [
        heading("Referral"),
        pairs(
            [
                ("Initial contact", when(r.contact_at)),
                ("Source", r.source_label),
                ("Referrer", referrer),
                ("Route of access", r.route_label),
                ("Urgency", r.urgency_label),
                ("Status", r.status_label),
                ("Consent", r.consent or "Consent: not recorded"),
                ("Recorded by", recorded),
                ("New record because", r.duplicate_reason),
                ("Reason for referral", r.reason or "not recorded"),
            ]
        ),
        *decision_text(r),
    ]
    return Group(*parts)


def decision_text(r: Any) -> list[RenderableType]:
    """The screening decision, who made it and when; or that it is still to be made."""
    if not r.outcome:
        return [heading("Screening decision"), Text("Not made yet: awaiting screening.")]
    by = f"{r.decided_by}, {when(r.decided_at)}" if r.decided_by else when(r.decided_at)
    allocated = when(r.allocated_at) + (f" by {r.allocated_by}" if r.allocated_by else "")
    since = day_month_year(r.waiting_since) if r.waiting_since else ""
    team = r.waiting_team
    return [
        heading("Screening decision"),
        pairs(
            [
                ("Decision", r.outcome_label),
                ("Decided by", by),
                ("Waiting list", f"{team}, since {since}" if team and since else team),
                ("Priority", r.waiting_priority_label),
                ("Allocated", allocated if r.allocated_at else ""),
                ("Declined because", r.decline_reason_label),
                ("Other reason", r.reason_detail),
                ("Alternatives offered", r.alternative_services),
                ("No alternatives", r.no_alternative_because),
                ("Advice given", r.advice_given),
                ("Told by", r.informed_how_label),
                ("CLD outcome", r.cld_outcome),
            ]
        ),
    ]


# --- the new contact before it is recorded ----------------------------------------------------


def contact_summary(answers: Mapping[str, Any], candidates: Sequence[Any]) -> Group:
    """The new contact's Check step: what will be recorded, in words."""
    a = answers
    parts: list[RenderableType] = [Text("Person", style="bold underline")]
    mode = typed.text(a, "person_mode")
    if mode == "existing":
        parts.append(
            pairs([("On record", f"P{a.get('person_id')} {typed.text(a, 'person_name')}")])
        )
    elif mode == "new":
        born = typed.day(a.get("date_of_birth"))
        born_words = day_month_year(born) if born else "not known"
        if born and typed.yes(a, "dob_estimated"):
            born_words += " (estimated)"
        address = [typed.text(a, k) for k in ("address_line1", "address_line2", "town", "postcode")]
        nhs = typed.text(a, "nhs_number")
        parts.append(
            pairs(
                [
                    ("New person", typed.person_name(a) or "—"),
                    ("Born", born_words),
                    ("NHS number", format_nhs_number(nhs) if nhs else "not known"),
                    ("Address", ", ".join(x for x in address if x) or "not known"),
                    ("May already be", f"{len(candidates)} on record" if candidates else ""),
                    ("New record because", typed.text(a, "duplicate_reason") if candidates else ""),
                ]
            )
        )
    else:
        parts.append(Text("Not chosen yet: step 1."))
    contact = typed.contact_draft(a)
    source = as_member(ReferralSource, contact.source)
    referrer = " · ".join(x for x in (contact.referrer_name, contact.referrer_contact) if x)
    parts += [
        heading("Contact"),
        pairs(
            [
                ("Initial contact", when(contact.contact_at) or "—"),
                ("Source", source.label if source else "—"),
                ("Referrer", referrer),
                ("Route of access", _label(RouteOfAccess, contact.route)),
                ("Urgency", _label(Priority, contact.urgency)),
                ("Reason", contact.reason or "—"),
            ]
        ),
        heading("Consent"),
    ]
    event = typed.consent_event(a, "")
    if event is None:
        parts.append(Text("Not recorded now: it can be added on the person record (i)."))
        return Group(*parts)
    nature = as_member(ConsentNature, event.nature)
    basis = as_member(LawfulBasis, event.lawful_basis)
    rep = event.representative_name
    if event.representative_relationship:
        rep = f"{rep} ({event.representative_relationship})"
    shares = "yes" if event.to_share_information else "no"
    parts.append(
        pairs(
            [
                ("Consent", _label(ConsentEventKind, event.kind)),
                ("On", day_month_year(event.on) if event.on else "—"),
                ("How", nature.label if nature else ""),
                ("Representative", rep),
                ("Also to share", shares if nature else ""),
                ("Lawful basis", basis.label if basis else ""),
                ("Reason", event.reason),
            ]
        )
    )
    return Group(*parts)
