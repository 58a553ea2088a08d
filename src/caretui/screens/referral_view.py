"""The referral in words: on the case's Details, at the top of the screening decision, and
on the new contact's last step before it is recorded.

Every line is a label and words; nothing is said by colour alone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich.text import Text

from caretui.rules.consent import ConsentEventKind, ConsentNature, LawfulBasis
from caretui.rules.referrals import Priority, ReferralSource, RouteOfAccess
from caretui.rules.vocab import CaseStatus
from caretui.rules.wording import Choice, as_member, day_month_year
from caretui.screens import contact_answers as typed

LABEL = 22


def _label(kind: type[Choice], value: Any) -> str:
    member = as_member(kind, value)
    return member.label if member else "—"


def lines(text: Text, pairs: Sequence[tuple[str, Any]]) -> Text:
    """``label  value`` a line each; empty values are left out."""
    for label, value in pairs:
        if value in (None, ""):
            continue
        text.append(f"{label:<{LABEL}}", style="bold")
        text.append(f"{value}\n")
    return text


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


def referral_text(r: Any, *, heading: bool = True) -> Text:
    """A recorded referral (``queries.referrals.ReferralDetail``)."""
    text = Text()
    if heading:
        text.append("\nReferral\n", style="bold underline")
    referrer = " · ".join(x for x in (r.referrer_name, r.referrer_contact) if x)
    lines(
        text,
        [
            ("Initial contact", when(r.contact_at)),
            ("Source", r.source_label),
            ("Referrer", referrer),
            ("Route of access", r.route_label),
            ("Urgency", r.urgency_label),
            ("Status", r.status_label),
            ("Consent", r.consent or "Consent: not recorded"),
        ],
    )
    if r.awaiting_countersignature:
        text.append("Recorded by a student: awaiting countersignature.\n", style="bold")
    if r.duplicate_reason:
        lines(text, [("New record because", r.duplicate_reason)])
    text.append("Reason for referral\n", style="bold")
    text.append(f"{r.reason or 'not recorded'}\n")
    text.append_text(decision_text(r))
    return text


def decision_text(r: Any) -> Text:
    """The screening decision, who made it and when; or that it is still to be made."""
    text = Text()
    if not r.outcome:
        text.append("\nScreening decision: ", style="bold")
        text.append("not made yet (awaiting screening)\n")
        return text
    text.append("\nScreening decision\n", style="bold")
    by = f"{r.decided_by}, {when(r.decided_at)}" if r.decided_by else when(r.decided_at)
    allocated = ""
    if r.allocated_at:
        allocated = f"{when(r.allocated_at)}" + (f" by {r.allocated_by}" if r.allocated_by else "")
    lines(
        text,
        [
            ("Decision", r.outcome_label),
            ("Decided by", by),
            ("Waiting list priority", r.waiting_priority_label),
            ("On the list since", day_month_year(r.waiting_since) if r.waiting_since else ""),
            ("Allocated", allocated),
            ("Declined because", r.decline_reason_label),
            ("Other reason", r.reason_detail),
            ("Alternatives offered", r.alternative_services),
            ("No alternatives", r.no_alternative_because),
            ("Advice given", r.advice_given),
            ("Told by", r.informed_how_label),
            ("CLD outcome", r.cld_outcome),
        ],
    )
    return text


# --- the new contact before it is recorded ----------------------------------------------------


def contact_summary(answers: Mapping[str, Any], candidates: Sequence[Any]) -> Text:
    """The new contact's Check step: what will be recorded, in words."""
    a = answers
    text = Text()
    text.append("Person\n", style="bold underline")
    if typed.text(a, "person_mode") == "existing":
        lines(text, [("On record", f"P{a.get('person_id')} {typed.text(a, 'person_name')}")])
    elif typed.text(a, "person_mode") == "new":
        born = typed.day(a.get("date_of_birth"))
        born_words = day_month_year(born) if born else "not known"
        if born and typed.yes(a, "dob_estimated"):
            born_words += " (estimated)"
        address = ", ".join(
            typed.text(a, k) for k in ("address_line1", "address_line2", "town", "postcode")
        )
        lines(
            text,
            [
                ("New person", typed.person_name(a) or "—"),
                ("Born", born_words),
                ("NHS number", typed.text(a, "nhs_number") or "not known"),
                ("Address", ", ".join(x for x in address.split(", ") if x) or "not known"),
            ],
        )
        if candidates:
            lines(
                text,
                [
                    ("May already be", f"{len(candidates)} on record"),
                    ("New record because", typed.text(a, "duplicate_reason") or "—"),
                ],
            )
    else:
        text.append("Not chosen yet: step 1.\n")
    contact = typed.contact_draft(a)
    source = as_member(ReferralSource, contact.source)
    referrer = " · ".join(x for x in (contact.referrer_name, contact.referrer_contact) if x)
    text.append("\nContact\n", style="bold underline")
    lines(
        text,
        [
            ("Initial contact", when(contact.contact_at) or "—"),
            ("Source", source.label if source else "—"),
            ("Referrer", referrer),
            ("Route of access", _label(RouteOfAccess, contact.route)),
            ("Urgency", _label(Priority, contact.urgency)),
            ("Reason", contact.reason or "—"),
        ],
    )
    text.append("\nConsent\n", style="bold underline")
    event = typed.consent_event(a, "")
    if event is None:
        text.append("Not recorded now: it can be added on the person record (i).\n")
        return text
    nature = as_member(ConsentNature, event.nature)
    basis = as_member(LawfulBasis, event.lawful_basis)
    rep = " ".join(x for x in (event.representative_name, event.representative_relationship) if x)
    return lines(
        text,
        [
            ("Consent", _label(ConsentEventKind, event.kind)),
            ("On", day_month_year(event.on) if event.on else "—"),
            ("How", nature.label if nature else ""),
            ("Representative", rep),
            ("Also to share", ("yes" if event.to_share_information else "no") if nature else ""),
            ("Lawful basis", basis.label if basis else ""),
            ("Reason", event.reason),
        ],
    )
