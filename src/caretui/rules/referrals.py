"""The front door (R1, issue 12): a new contact, and the screening decision that follows it.

Standards of practice, seed 002 section 1:

- 1.1 record the referral's source and date; decline when the service cannot meet the
  needs, and tell the referrer on what basis; tell both the person and the referrer when
  the person goes on a waiting list, and the likely waiting time (``rules.waiting``);
- 1.2 prioritise referrals by level of need (Urgent, Normal, Low: the priorities the
  practice's own forms offer, seed 004);
- 1.3 decline in writing and, if possible, suggest alternative services.

The date and time of initial contact start the Care Act clock (seed 003 section 4.1,
``rules.timescales``), so both are required. Declines and information-and-advice close the
referral with a Client Level Data ``Event_Outcome`` (../shared/CLD.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from caretui.rules.wording import Choice, as_member, blank, day_month_year, squash

# --- option lists ------------------------------------------------------------------------------


class ReferralSource(Choice):
    """Who made the referral (standard 1.1: "including the source ... of referral")."""

    SELF = "self"
    FAMILY_OR_CARER = "family_or_carer"
    GP = "gp", "GP"
    HOSPITAL = "hospital"
    COMMUNITY_HEALTH = "community_health"
    POLICE = "police"
    HOUSING = "housing"
    OTHER_COUNCIL = "other_council"
    OTHER = "other"

    @property
    def needs_referrer(self) -> bool:
        """A referral made by someone else names them, so they can be told the decision."""
        return self is not ReferralSource.SELF


class RouteOfAccess(Choice):
    """CLD ``Request_Route_of_Access``: how the person came to the council.

    ../shared/CLD.md gives this list only by example ("discharge from hospital, community
    route, planned transition from children's services") and says to follow the
    specification where it is silent; the public transformation code names the field but
    never its values. So the values are the routes of access SALT's short-term tables
    defined and CLD kept, spelled as councils' systems send them; they cover CLD.md's three
    examples and the six options of the forms' Office Use Only section
    (forms/sections/cld.toml), whose words are the labels. Read typed text with
    :func:`as_member`, which ignores case, spaces and punctuation; check the spelling
    against the specification before the first return.
    """

    PLANNED_ENTRY = (
        "Planned Entry (Transition)",
        "Planned entry (transition from children's services)",
    )
    DISCHARGE_FROM_HOSPITAL = "Discharge from Hospital", "Discharge from hospital"
    DIVERSION_FROM_HOSPITAL = "Diversion from Hospital Services", "Diversion from hospital services"
    SELF_FUNDER_DEPLETED_FUNDS = "Self-funder with depleted funds"
    PRISON = "Prison"
    COMMUNITY_OR_OTHER = "Community/Other route", "Community or other route"


class Priority(Choice):
    """How soon a referral needs a worker: the urgency told at the door, the waiting list's order.

    One scale for both, so the screener starts from what the caller said. Sort by
    :attr:`rank` (Urgent first), never by the value's spelling.
    """

    URGENT = "urgent"
    NORMAL = "normal"
    LOW = "low"

    @property
    def rank(self) -> int:
        return list(Priority).index(self)


Urgency = Priority
"""The urgency recorded with a new contact is a :class:`Priority`."""


# --- a new contact -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ContactDraft:
    """What the new-contact form holds before it is saved; choices may still be text."""

    contact_date: date | None = None
    contact_time: time | None = None
    source: ReferralSource | str | None = None
    referrer_name: str = ""
    referrer_contact: str = ""
    route: RouteOfAccess | str | None = None
    reason: str = ""
    urgency: Priority | str | None = None

    @property
    def contact_at(self) -> datetime | None:
        """When the initial contact was made: the Care Act clock starts here."""
        if self.contact_date is None or self.contact_time is None:
            return None
        return datetime.combine(self.contact_date, self.contact_time)


def contact_problems(draft: ContactDraft, *, now: datetime) -> dict[str, str]:
    """What the new-contact form still needs, by field, in a practitioner's words."""
    problems: dict[str, str] = {}
    if draft.contact_date is None:
        problems["contact_date"] = (
            "Give the date of the initial contact: the Care Act 28 days count from it."
        )
    if draft.contact_time is None:
        problems["contact_time"] = "Give the time of the initial contact too, e.g. 14:30."
    when = draft.contact_at
    if draft.contact_date and (when or datetime.combine(draft.contact_date, time.min)) > now:
        problems["contact_date"] = (
            f"The initial contact cannot be in the future: it is now {now:%H:%M} on "
            f"{day_month_year(now.date())}."
        )
    source = as_member(ReferralSource, draft.source)
    if source is None:
        problems["source"] = "Choose who made the referral (the referral source)."
    elif source.needs_referrer:
        if blank(draft.referrer_name):
            problems["referrer_name"] = "Give the referrer's name: who called or wrote."
        if blank(draft.referrer_contact):
            problems["referrer_contact"] = (
                "Give the referrer's phone number or email, so they can be told the decision."
            )
    if as_member(RouteOfAccess, draft.route) is None:
        problems["route"] = "Choose the route of access (how the person came to us)."
    if blank(draft.reason):
        problems["reason"] = "Say why the person is referred: what help is asked for."
    if as_member(Priority, draft.urgency) is None:
        problems["urgency"] = "Choose how urgent it is: Urgent, Normal or Low."
    return problems


# --- the screening decision --------------------------------------------------------------------


class ScreeningOutcome(Choice):
    ACCEPT = "accept", "Accept and open a case"
    WAITING_LIST = "waiting_list", "Place on the team's waiting list"
    DECLINE = "decline", "Decline, with the reason and alternative services"
    ADVICE_ONLY = "advice_only", "Information and advice only"

    @property
    def closes_referral(self) -> bool:
        """Declines and advice end the referral there, with a CLD event outcome."""
        return self in (ScreeningOutcome.DECLINE, ScreeningOutcome.ADVICE_ONLY)


class DeclineReason(Choice):
    """Why a referral is declined; each closes the request with its own CLD outcome."""

    NEEDS_NOT_MET_HERE = "needs_not_met_here", "Needs cannot be met by this service"
    NOT_APPROPRIATE = "not_appropriate", "Referral not appropriate for us"
    SUPPORT_NOT_WANTED = "support_not_wanted", "The person does not want support"
    SELF_FUNDING = "self_funding", "Self-funding: arranging their own care"
    NHS_FUNDED = "nhs_funded", "Fully NHS-funded care"
    MOVED_AWAY = "moved_away", "Has moved to another council's area"
    DECEASED = "deceased", "The person has died"
    OTHER = "other", "Another reason (say what)"

    @property
    def cld_outcome(self) -> str:
        return DECLINE_CLD_OUTCOMES[self]

    @property
    def alternatives_expected(self) -> bool:
        """Standard 1.3 asks for alternatives "if possible"; after a death it is not."""
        return self is not DeclineReason.DECEASED


NO_SERVICES_OTHER_REASON = "NFA - No services offered: Other reason"
INFORMATION_AND_ADVICE = "NFA - Information & Advice / Signposting only"

DECLINE_CLD_OUTCOMES: dict[DeclineReason, str] = {
    DeclineReason.NEEDS_NOT_MET_HERE: NO_SERVICES_OTHER_REASON,
    DeclineReason.NOT_APPROPRIATE: NO_SERVICES_OTHER_REASON,
    DeclineReason.SUPPORT_NOT_WANTED: "NFA - Support declined",
    DeclineReason.SELF_FUNDING: "NFA - Self-funded client (Inc. 12wk disregard)",
    DeclineReason.NHS_FUNDED: "NFA - 100% NHS funded care",
    DeclineReason.MOVED_AWAY: "NFA - Moved to another LA",
    DeclineReason.DECEASED: "NFA - Deceased",
    DeclineReason.OTHER: NO_SERVICES_OTHER_REASON,
}
"""The CLD event outcome each decline closes the request with."""

CLD_EVENT_OUTCOMES: tuple[str, ...] = (
    "Progress to Reablement/ST-Max",
    "Progress to Assessment",
    "Admitted to hospital",
    "Progress to Re-assessment / Unplanned Review",
    "Progress to Support Planning / Services",
    "Progress to End of Life Care",
    "No change in package",
    "Service ended as planned",
    "Progress to financial assessment",
    "Provision of service",
    "NFA - Moved to another LA",
    "NFA - 100% NHS funded care",
    "NFA - Self-funded client (Inc. 12wk disregard)",
    "NFA - Support declined",
    INFORMATION_AND_ADVICE,
    "NFA - Deceased",
    NO_SERVICES_OTHER_REASON,
    "NFA - Support ended: Other reason",
    "NFA- Other",
)
"""CLD ``Event_Outcome``, spelled as ../shared/CLD.md lists it (the export writes these)."""


def read_cld_event_outcome(text: str) -> str | None:
    """The specification's spelling of an outcome typed or imported any other way, or None.

    The transformation code itself spells some two ways ('NFA - 100% NHS-funded care');
    case, spaces and dashes do not count.
    """
    wanted = squash(text)
    return next((o for o in CLD_EVENT_OUTCOMES if squash(o) == wanted), None) if wanted else None


def cld_event_outcome(
    outcome: ScreeningOutcome | str, decline_reason: DeclineReason | str | None = None
) -> str | None:
    """The CLD event outcome a screening decision closes the request with.

    None while the request stays open (accepted, or waiting for a worker) and for a decline
    whose reason is not chosen yet.
    """
    chosen = as_member(ScreeningOutcome, outcome)
    if chosen is ScreeningOutcome.ADVICE_ONLY:
        return INFORMATION_AND_ADVICE
    if chosen is ScreeningOutcome.DECLINE:
        reason = as_member(DeclineReason, decline_reason)
        return reason.cld_outcome if reason else None
    return None


class InformMethod(Choice):
    """How the person and the referrer are told the decision."""

    LETTER = "letter"
    EMAIL = "email"
    PHONE = "phone", "Phone call"
    IN_PERSON = "in_person"

    @property
    def in_writing(self) -> bool:
        return self in (InformMethod.LETTER, InformMethod.EMAIL)


@dataclass(frozen=True)
class ScreeningDecision:
    """The front-door team's decision on a referral; the store stamps who made it and when."""

    outcome: ScreeningOutcome | str | None = None
    team_id: int | None = None
    worker_id: int | None = None
    priority: Priority | str | None = None
    decline_reason: DeclineReason | str | None = None
    reason_detail: str = ""
    alternative_services: str = ""
    no_alternative_because: str = ""
    advice_given: str = ""
    informed_how: InformMethod | str | None = None


def decline_problems(decision: ScreeningDecision) -> dict[str, str]:
    """What a decline still needs (standards 1.1 and 1.3): the basis, alternatives, in writing."""
    problems: dict[str, str] = {}
    reason = as_member(DeclineReason, decision.decline_reason)
    if reason is None:
        problems["decline_reason"] = "Choose why the referral is declined."
    elif reason is DeclineReason.OTHER and blank(decision.reason_detail):
        problems["reason_detail"] = "Say what the other reason is: the referrer is told it."
    if (
        (reason is None or reason.alternatives_expected)
        and blank(decision.alternative_services)
        and blank(decision.no_alternative_because)
    ):
        problems["alternative_services"] = (
            "Suggest alternative services, or say why none could be suggested."
        )
    how = as_member(InformMethod, decision.informed_how)
    if how is None or not how.in_writing:
        problems["informed_how"] = "A decline is sent in writing: choose letter or email."
    return problems


def screening_problems(decision: ScreeningDecision) -> dict[str, str]:
    """What the screening decision still needs, by field, for the outcome chosen."""
    outcome = as_member(ScreeningOutcome, decision.outcome)
    if outcome is None:
        return {"outcome": "Choose the decision: accept, waiting list, decline, or advice only."}
    if outcome is ScreeningOutcome.DECLINE:
        return decline_problems(decision)
    problems: dict[str, str] = {}
    if outcome is ScreeningOutcome.ACCEPT and decision.team_id is None:
        problems["team_id"] = "Choose the team responsible for the case."
    if outcome is ScreeningOutcome.WAITING_LIST:
        if decision.team_id is None:
            problems["team_id"] = "Choose the team whose waiting list the referral joins."
        if as_member(Priority, decision.priority) is None:
            problems["priority"] = "Choose the priority: Urgent, Normal or Low."
        if as_member(InformMethod, decision.informed_how) is None:
            problems["informed_how"] = (
                "Say how the person and the referrer are told the likely waiting time."
            )
    if outcome is ScreeningOutcome.ADVICE_ONLY:
        if blank(decision.advice_given):
            problems["advice_given"] = (
                "Say what information or advice was given, or where the person was signposted."
            )
        if as_member(InformMethod, decision.informed_how) is None:
            problems["informed_how"] = "Say how the person and the referrer were told."
    return problems


class ReferralStatus(Choice):
    """Where a referral has got to: the front door's queue, a waiting list, or decided."""

    AWAITING_SCREENING = "awaiting_screening"
    WAITING = "waiting", "On the waiting list"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    ADVICE_ONLY = "advice_only", "Information and advice only"


SCREENED_STATUS: dict[ScreeningOutcome, ReferralStatus] = {
    ScreeningOutcome.ACCEPT: ReferralStatus.ACCEPTED,
    ScreeningOutcome.WAITING_LIST: ReferralStatus.WAITING,
    ScreeningOutcome.DECLINE: ReferralStatus.DECLINED,
    ScreeningOutcome.ADVICE_ONLY: ReferralStatus.ADVICE_ONLY,
}
"""The referral's status after each screening outcome."""
