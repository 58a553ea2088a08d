"""The front door's reads (R1, issue 12): likely duplicates, referrals to screen, the
waiting list with its likely waits, a case's referral, and a team's caseloads.

Rows are frozen dataclasses; restricted people are masked (``queries.lockdown``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, func, select

from caretui.rules import clock
from caretui.rules.duplicates import (
    ExistingPerson,
    NewPerson,
    duplicate_lookups,
    likely_duplicates,
)
from caretui.rules.permissions import Actor
from caretui.rules.referrals import (
    DeclineReason,
    InformMethod,
    Priority,
    ReferralSource,
    ReferralStatus,
    RouteOfAccess,
    ScreeningOutcome,
)
from caretui.rules.roles import CASE_HOLDERS
from caretui.rules.timescales import AssessmentClock, assessment_clock
from caretui.rules.vocab import CaseStatus
from caretui.rules.waiting import (
    RECENT_DAYS,
    PastWait,
    days_waiting,
    estimate_wait,
    order_waiting_list,
)
from caretui.rules.wording import Choice, as_member
from caretui.store.db import Store
from caretui.store.models import Case, Person, PersonNameWord, Referral, Team, User
from caretui.store.queries.consent import summary_in
from caretui.store.queries.lockdown import (
    RESTRICTED,
    is_hidden,
    person_for,
    person_name,
    restricted_refusal,
    unlocked_ids,
)
from caretui.store.queries.worklists import OPEN_CASE

# --- find before you create ---------------------------------------------------------------------

LOOKUP_CAP = 200
"""At most this many people per lookup: a day of birth or a postcode holds a handful, so
the cap only guards against odd data (thousands of records with one placeholder date)."""


@dataclass(frozen=True)
class DuplicateRow:
    """A person on record who may be the new person, and why; masked when restricted."""

    person_id: int
    name: str
    date_of_birth: date | None
    nhs_number: str
    postcode: str
    address: str
    because: str
    restricted: bool
    whom_to_ask: str = ""


_PERSON_COLUMNS = (
    Person.id,
    Person.first_name,
    Person.last_name,
    Person.date_of_birth,
    Person.nhs_number,
    Person.postcode,
    Person.restricted,
    Person.address_line1,
    Person.address_line2,
    Person.town,
)


def _lookup(session: Session, *where: Any, join_words: tuple[str, ...] = ()) -> list[Any]:
    stmt = select(*_PERSON_COLUMNS)
    if join_words:
        stmt = stmt.join(PersonNameWord, col(PersonNameWord.person_id) == Person.id).where(
            col(PersonNameWord.word).in_(join_words)
        )
    return list(session.exec(stmt.where(*where).limit(LOOKUP_CAP)).all())


def _possible_duplicates(session: Session, new: NewPerson) -> list[Any]:
    """Everyone an indexed lookup finds for ``new`` (``rules.duplicates.duplicate_lookups``):
    by NHS number, by date of birth, by surname at the postcode, by surname in the
    estimated year of birth. Each reads a few index entries, whoever is on record."""
    look = duplicate_lookups(new)
    rows: list[Any] = []
    if look.nhs_number:
        rows += _lookup(session, Person.nhs_number == look.nhs_number)
    if look.date_of_birth:
        rows += _lookup(session, Person.date_of_birth == look.date_of_birth)
    if look.surname_words and look.postcode:
        rows += _lookup(session, Person.postcode == look.postcode, join_words=look.surname_words)
    if look.surname_words and look.born_from and look.born_to:
        rows += _lookup(
            session,
            col(Person.date_of_birth) >= look.born_from,
            col(Person.date_of_birth) <= look.born_to,
            join_words=look.surname_words,
        )
    return rows


def duplicates_in(session: Session, actor: Actor, new: NewPerson) -> list[DuplicateRow]:
    """:func:`duplicate_candidates` in the caller's session (the new-contact op uses it)."""
    rows = {r.id: r for r in _possible_duplicates(session, new)}
    if not rows:
        return []
    unlocked = unlocked_ids(session, actor)
    hidden = {pid for pid, r in rows.items() if is_hidden(r.restricted, pid, unlocked)}
    existing = (
        ExistingPerson(
            id=r.id,
            first_name=r.first_name,
            last_name=r.last_name,
            date_of_birth=r.date_of_birth,
            nhs_number=r.nhs_number,
            postcode=r.postcode,
            restricted=r.id in hidden,
        )
        for r in rows.values()
    )
    refusal = restricted_refusal(session) if hidden else ""
    out = []
    for candidate in likely_duplicates(new, existing):
        r = rows[candidate.id]
        masked = candidate.id in hidden
        out.append(
            DuplicateRow(
                person_id=r.id,
                name=RESTRICTED if masked else person_name(r.first_name, r.last_name),
                date_of_birth=None if masked else r.date_of_birth,
                nhs_number="" if masked else r.nhs_number,
                postcode="" if masked else r.postcode,
                address=""
                if masked
                else ", ".join(
                    x for x in (r.address_line1, r.address_line2, r.town, r.postcode) if x
                ),
                because=candidate.sentence,
                restricted=masked,
                whom_to_ask=refusal if masked else "",
            )
        )
    return out


def duplicate_candidates(store: Store, actor: Actor, new: NewPerson) -> list[DuplicateRow]:
    """People on record who may be ``new``, strongest first, each with why (issue 12).

    Uses only indexed lookups (NHS number, date of birth, postcode, the name-word index),
    so it costs the same at 200 000 people as at 200; a restricted person the actor is
    not named on shows as "Restricted record" with whom to ask.
    """
    with store.read() as session:
        return duplicates_in(session, actor, new)


# --- referrals to screen ----------------------------------------------------------------------


def _label(kind: type[Choice], value: str) -> str:
    member = as_member(kind, value)
    return member.label if member else value


@dataclass(frozen=True)
class ReferralRow:
    """A referral awaiting the front door's screening decision. ``version`` is the
    referral's: pass it to ``screen_referral``."""

    referral_id: int
    case_id: int
    person_id: int
    person_name: str
    contact_at: datetime
    source_label: str
    urgency_label: str
    reason: str
    days_since_contact: int
    care_act: AssessmentClock
    awaiting_countersignature: bool
    version: int
    restricted: bool = False
    urgency: str = ""


def _front_door(
    session: Session, actor: Actor, team_id: int, status: CaseStatus
) -> list[tuple[Referral, Case, str, bool]]:
    """The team's referrals whose case is at ``status``: (referral, case, the person's
    name or "Restricted record", masked)."""
    rows = session.exec(
        select(Referral, Case, Person.first_name, Person.last_name, Person.restricted)
        .join(Case, col(Case.id) == Referral.case_id)
        .join(Person, col(Person.id) == Referral.person_id)
        .where(Case.status == status, Case.responsible_team_id == team_id)
    ).all()
    unlocked = unlocked_ids(session, actor)
    out = []
    for ref, case, first, last, restricted in rows:
        hidden = is_hidden(restricted, ref.person_id, unlocked)
        out.append((ref, case, RESTRICTED if hidden else person_name(first, last), hidden))
    return out


def referrals_to_screen(
    store: Store, actor: Actor, today: date | None = None, team_id: int | None = None
) -> list[ReferralRow]:
    """Referrals awaiting screening on the actor's team (the front door that received
    them), most urgent first, then the longest waiting."""
    today = today or clock.today()
    team = team_id if team_id is not None else actor.team_id
    with store.read() as session:
        rows = _front_door(session, actor, team, CaseStatus.REFERRAL)
    out = []
    for ref, case, name, hidden in rows:
        urgency = as_member(Priority, ref.urgency)
        out.append(
            ReferralRow(
                referral_id=ref.id,  # type: ignore[arg-type]
                case_id=ref.case_id,
                person_id=ref.person_id,
                person_name=name,
                contact_at=ref.contact_at,
                source_label=_label(ReferralSource, ref.source),
                urgency_label=urgency.label if urgency else ref.urgency,
                reason=ref.reason,
                days_since_contact=days_waiting(ref.contact_at.date(), today),
                care_act=assessment_clock(case.referral_date, case.assessment_completed_on, today),
                awaiting_countersignature=ref.awaiting_countersignature,
                version=ref.version,
                restricted=hidden,
                urgency=ref.urgency,
            )
        )
    rank = {p.value: p.rank for p in Priority}
    return sorted(out, key=lambda r: (rank.get(r.urgency, len(rank)), r.contact_at))


# --- the waiting list ------------------------------------------------------------------------


@dataclass(frozen=True)
class WaitingRow:
    """An accepted referral waiting for a worker. ``version`` is the referral's: pass it
    to ``allocate_from_waiting_list``."""

    referral_id: int
    case_id: int
    person_id: int
    person_name: str
    priority_label: str
    priority_rank: int
    waiting_since: date
    days_waiting: int
    care_act: AssessmentClock
    likely_wait: str
    version: int
    team_id: int = 0
    priority: str = ""
    restricted: bool = False

    @property
    def joined(self) -> date:
        return self.waiting_since


def past_waits(session: Session, team_id: int, today: date) -> list[PastWait]:
    """The team's waits that ended (a worker allocated) in the last 90 days."""
    since = datetime.combine(today - timedelta(days=RECENT_DAYS), datetime.min.time())
    rows = session.exec(
        select(Referral.waiting_since, Referral.allocated_at, Referral.waiting_priority).where(
            Referral.waiting_team_id == team_id,
            col(Referral.allocated_at) >= since,
            col(Referral.waiting_since).is_not(None),
        )
    ).all()
    return [PastWait(joined, at.date(), priority) for joined, at, priority in rows if at]


def likely_waits(waits: Iterable[PastWait], today: date) -> dict[str, str]:
    """What to tell a person of each priority: 'usually about 12 days'."""
    kept = list(waits)
    return {p.value: estimate_wait(kept, p, today=today).phrase for p in Priority}


def waiting_list(
    store: Store, actor: Actor, team_id: int | None = None, today: date | None = None
) -> list[WaitingRow]:
    """The team's waiting list (the actor's team by default): Urgent first, then Normal,
    then Low, the longest waiting first within each; each with the likely wait."""
    today = today or clock.today()
    team = team_id if team_id is not None else actor.team_id
    with store.read() as session:
        rows = _front_door(session, actor, team, CaseStatus.WAITING)
        phrases = likely_waits(past_waits(session, team, today), today)
    out = []
    for ref, case, name, hidden in rows:
        priority = as_member(Priority, ref.waiting_priority)
        joined = ref.waiting_since or today
        out.append(
            WaitingRow(
                referral_id=ref.id,  # type: ignore[arg-type]
                case_id=ref.case_id,
                person_id=ref.person_id,
                person_name=name,
                priority_label=priority.label if priority else ref.waiting_priority,
                priority_rank=priority.rank if priority else len(Priority),
                waiting_since=joined,
                days_waiting=days_waiting(joined, today),
                care_act=assessment_clock(case.referral_date, case.assessment_completed_on, today),
                likely_wait=phrases.get(ref.waiting_priority, "no recent waits to go by"),
                version=ref.version,
                team_id=team,
                priority=ref.waiting_priority,
                restricted=hidden,
            )
        )
    return order_waiting_list(out)


def waiting_counts(store: Store) -> dict[int, int]:
    """How many wait on each team's list (teams with none left out): the team view's
    choice of team, 'North Community Assessment: 7 waiting'."""
    with store.read() as session:
        rows = session.exec(
            select(Case.responsible_team_id, func.count())
            .where(Case.status == CaseStatus.WAITING)
            .group_by(col(Case.responsible_team_id))
        ).all()
    return {team: n for team, n in rows}


# --- a case's referral --------------------------------------------------------------------------


@dataclass(frozen=True)
class ReferralDetail:
    """Everything recorded at the front door, in words, for the case Details (issue 12 §7)."""

    referral_id: int
    case_id: int
    person_id: int
    contact_at: datetime
    source: str
    source_label: str
    referrer_name: str
    referrer_contact: str
    route: str
    route_label: str
    reason: str
    urgency: str
    urgency_label: str
    duplicate_reason: str
    status: str
    status_label: str
    outcome: str
    outcome_label: str
    decided_by: str
    decided_at: datetime | None
    decline_reason: str
    decline_reason_label: str
    reason_detail: str
    alternative_services: str
    no_alternative_because: str
    advice_given: str
    informed_how: str
    informed_how_label: str
    cld_outcome: str
    waiting_priority: str
    waiting_priority_label: str
    waiting_since: date | None
    waiting_team: str
    allocated_at: datetime | None
    allocated_by: str
    awaiting_countersignature: bool
    countersigned_by: str
    countersigned_at: datetime | None
    recorded_by: str
    recorded_at: datetime
    consent: str
    """The person's consent now ('Consent: spoken, confirmed 3 Mar 2026'), or 'Consent:
    not recorded'."""
    version: int


def _names(session: Session, ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = session.exec(select(User.id, User.name).where(col(User.id).in_(wanted))).all()
    return {uid: name for uid, name in rows if uid is not None}


def referral_for_case(store: Store, actor: Actor, case_id: int) -> ReferralDetail | None:
    """The referral the case came from, or None (cases opened before the front door);
    refused, saying whom to ask, for a restricted record."""
    with store.read() as session:
        ref = session.exec(select(Referral).where(Referral.case_id == case_id)).first()
        if ref is None:
            return None
        person_for(session, actor, ref.person_id)
        users = _names(
            session,
            (ref.decided_by_id, ref.allocated_by_id, ref.countersigned_by_id, ref.created_by_id),
        )
        team = session.get(Team, ref.waiting_team_id) if ref.waiting_team_id else None
        consent = summary_in(session, ref.person_id) or "Consent: not recorded"

        def who(user_id: int | None) -> str:
            return users.get(user_id, "") if user_id is not None else ""

        return ReferralDetail(
            referral_id=ref.id,  # type: ignore[arg-type]
            case_id=ref.case_id,
            person_id=ref.person_id,
            contact_at=ref.contact_at,
            source=ref.source,
            source_label=_label(ReferralSource, ref.source),
            referrer_name=ref.referrer_name,
            referrer_contact=ref.referrer_contact,
            route=ref.route,
            route_label=_label(RouteOfAccess, ref.route),
            reason=ref.reason,
            urgency=ref.urgency,
            urgency_label=_label(Priority, ref.urgency),
            duplicate_reason=ref.duplicate_reason,
            status=ref.status,
            status_label=_label(ReferralStatus, ref.status),
            outcome=ref.outcome,
            outcome_label=_label(ScreeningOutcome, ref.outcome) if ref.outcome else "",
            decided_by=who(ref.decided_by_id),
            decided_at=ref.decided_at,
            decline_reason=ref.decline_reason,
            decline_reason_label=_label(DeclineReason, ref.decline_reason)
            if ref.decline_reason
            else "",
            reason_detail=ref.reason_detail,
            alternative_services=ref.alternative_services,
            no_alternative_because=ref.no_alternative_because,
            advice_given=ref.advice_given,
            informed_how=ref.informed_how,
            informed_how_label=_label(InformMethod, ref.informed_how) if ref.informed_how else "",
            cld_outcome=ref.cld_outcome,
            waiting_priority=ref.waiting_priority,
            waiting_priority_label=_label(Priority, ref.waiting_priority)
            if ref.waiting_priority
            else "",
            waiting_since=ref.waiting_since,
            waiting_team=team.name if team else "",
            allocated_at=ref.allocated_at,
            allocated_by=who(ref.allocated_by_id),
            awaiting_countersignature=ref.awaiting_countersignature,
            countersigned_by=who(ref.countersigned_by_id),
            countersigned_at=ref.countersigned_at,
            recorded_by=who(ref.created_by_id),
            recorded_at=ref.created_at,
            consent=consent,
            version=ref.version,
        )


# --- allocating ---------------------------------------------------------------------------------


def _team_members(team_id: int) -> ColumnElement[bool]:
    return (
        (col(User.team_id) == team_id)
        & col(User.disabled).is_(False)
        & col(User.role).in_(CASE_HOLDERS)
    )


def caseloads(store: Store, team_id: int) -> dict[int, int]:
    """Open cases held by each active worker of the team (0 for none): the allocation
    lookup shows the count beside each name."""
    holder = aliased(User)
    with store.read() as session:
        members = session.exec(select(User.id).where(_team_members(team_id))).all()
        counts = session.exec(
            select(Case.responsible_user_id, func.count())
            .join(holder, col(holder.id) == Case.responsible_user_id)
            .where(col(holder.team_id) == team_id, OPEN_CASE)
            .group_by(col(Case.responsible_user_id))
        ).all()
    held = {uid: n for uid, n in counts if uid is not None}
    return {uid: held.get(uid, 0) for uid in members if uid is not None}
