"""Consent (R2; standards of practice, seed 002 section 2), kept on the person with its history.

- 2.1 consent is obtained from the person or their representative, recorded and
  *regularly confirmed*; the record says its nature: by word of mouth, in writing, through
  a guardian or representative, or other means. The banner shows when it was last confirmed.
- 2.4 the person may refuse or withdraw consent at any time; their reasons are recorded
  *where known*, so a reason is asked for but not required.
- 2.5 and the Mental Capacity Act 2005 (section 2's five principles): work goes on without
  consent only on a lawful basis, with its legal justification recorded; for a person who
  lacks capacity, that is a best-interests decision, named and dated.

History is a list of :class:`ConsentEvent` in the order they happened (by date; events of
one day in the order given). :func:`consent_status` reads where it has got to.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from caretui.rules.wording import Choice, as_member, blank, day_month_year


class ConsentNature(Choice):
    """How consent was given (standard 2.1's four)."""

    SPOKEN = "spoken", "Spoken (word of mouth)"
    WRITTEN = "written", "In writing"
    REPRESENTATIVE = "representative", "Through a guardian or representative"
    OTHER = "other", "Other means (describe)"


class LawfulBasis(Choice):
    """Why work may go on without consent (standards 2.4, 2.5; seed 003's safeguarding duty)."""

    SAFEGUARDING = "safeguarding", "Safeguarding concern (Care Act 2014 section 42)"
    LACKS_CAPACITY = (
        "lacks_capacity",
        "Lacks capacity: best-interests decision (Mental Capacity Act 2005)",
    )
    RISK_TO_OTHERS = "risk_to_others", "Serious risk to the health or safety of others"
    LEGAL_DUTY = "legal_duty", "Required by law or by a court"

    @property
    def grounds(self) -> str:
        """The words after "proceeding on" in the banner."""
        return {
            "safeguarding": "safeguarding grounds",
            "lacks_capacity": "a best-interests decision",
            "risk_to_others": "risk to others",
            "legal_duty": "a legal duty",
        }[self.value]


class ConsentEventKind(Choice):
    GIVEN = "given", "Consent given"
    RECONFIRMED = "reconfirmed", "Consent re-confirmed"
    NO_CONSENT = "no_consent", "No consent: proceeding on a lawful basis"
    REFUSED = "refused", "Consent refused"
    WITHDRAWN = "withdrawn", "Consent withdrawn"


class ConsentState(StrEnum):
    NOT_RECORDED = "not_recorded"
    GIVEN = "given"
    NO_CONSENT = "no_consent"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class ConsentEvent:
    """One entry of the consent history; ``by`` is who obtained, re-confirmed or recorded it."""

    kind: ConsentEventKind | str | None
    on: date | None
    by: str = ""
    nature: ConsentNature | str | None = None
    representative_name: str = ""
    representative_relationship: str = ""
    other_means: str = ""
    to_share_information: bool = True
    lawful_basis: LawfulBasis | str | None = None
    justification: str = ""
    best_interests_ref: str = ""
    best_interests_on: date | None = None
    reason: str = ""


@dataclass(frozen=True)
class ConsentStatus:
    """Where the history has got to: what the person banner and the case Details show."""

    state: ConsentState = ConsentState.NOT_RECORDED
    since: date | None = None
    last_confirmed: date | None = None
    nature: ConsentNature | None = None
    representative: str = ""
    other_means: str = ""
    to_share_information: bool = True
    lawful_basis: LawfulBasis | None = None
    best_interests_ref: str = ""
    reason: str = ""

    @property
    def may_proceed(self) -> bool:
        """Consent is in place, or there is a recorded lawful basis to go on without it."""
        return self.state in (ConsentState.GIVEN, ConsentState.NO_CONSENT)

    @property
    def summary(self) -> str:
        """One line for the person banner: 'Consent: written, confirmed 3 Mar 2026'."""
        when = day_month_year(self.since) if self.since else ""
        why = f": {self.reason.strip()}" if not blank(self.reason) else " (no reason given)"
        if self.state is ConsentState.GIVEN and self.last_confirmed:
            text = f"Consent: {self._how()}, confirmed {day_month_year(self.last_confirmed)}"
            return text if self.to_share_information else f"{text}; not to sharing information"
        if self.state is ConsentState.NO_CONSENT:
            grounds = self.lawful_basis.grounds if self.lawful_basis else "no recorded basis"
            ref = f" ({self.best_interests_ref.strip()})" if self.best_interests_ref else ""
            return f"No consent: proceeding on {grounds}{ref} since {when}"
        if self.state is ConsentState.REFUSED:
            return f"Consent refused {when}{why}"
        if self.state is ConsentState.WITHDRAWN:
            return f"Consent withdrawn {when}{why}"
        return "Consent: not recorded"

    def _how(self) -> str:
        if self.nature is ConsentNature.REPRESENTATIVE:
            return f"through {self.representative}" if self.representative else "representative"
        if self.nature is ConsentNature.OTHER:
            return f"other means ({self.other_means})" if self.other_means else "other means"
        return self.nature.value if self.nature else "nature not recorded"


def _representative(event: ConsentEvent) -> str:
    name, relationship = event.representative_name.strip(), event.representative_relationship
    return f"{name} ({relationship.strip()})" if not blank(relationship) else name


def _ordered(history: Iterable[ConsentEvent]) -> list[ConsentEvent]:
    return sorted(history, key=lambda e: e.on or date.min)


def _given(status: ConsentStatus, event: ConsentEvent, on: date) -> ConsentStatus:
    """Consent given, or re-confirmed (which may say how, if that has changed)."""
    nature = as_member(ConsentNature, event.nature)
    renewal = status.state is ConsentState.GIVEN and nature is None
    return ConsentStatus(
        state=ConsentState.GIVEN,
        since=status.since if status.state is ConsentState.GIVEN else on,
        last_confirmed=on,
        nature=status.nature if renewal else nature,
        representative=status.representative if renewal else _representative(event),
        other_means=status.other_means if renewal else event.other_means.strip(),
        to_share_information=event.to_share_information,
    )


def consent_status(history: Iterable[ConsentEvent]) -> ConsentStatus:
    """The current consent, when it was last confirmed, and the banner's one line."""
    status = ConsentStatus()
    for event in _ordered(history):
        kind = as_member(ConsentEventKind, event.kind)
        if kind is None or event.on is None:
            continue
        if kind in (ConsentEventKind.GIVEN, ConsentEventKind.RECONFIRMED):
            status = _given(status, event, event.on)
        elif kind is ConsentEventKind.NO_CONSENT:
            status = ConsentStatus(
                state=ConsentState.NO_CONSENT,
                since=event.on,
                lawful_basis=as_member(LawfulBasis, event.lawful_basis),
                best_interests_ref=event.best_interests_ref.strip(),
            )
        else:
            state = ConsentState(kind.value)  # refused or withdrawn
            status = ConsentStatus(state=state, since=event.on, reason=event.reason)
    return status


# --- what an entry still needs ------------------------------------------------------------------


def _nature_problems(event: ConsentEvent, problems: dict[str, str]) -> None:
    nature = as_member(ConsentNature, event.nature)
    if nature is ConsentNature.REPRESENTATIVE:
        if blank(event.representative_name):
            problems["representative_name"] = "Give the name of the guardian or representative."
        if blank(event.representative_relationship):
            problems["representative_relationship"] = (
                "Say who the representative is to the person (e.g. daughter, deputy, LPA)."
            )
    if nature is ConsentNature.OTHER and blank(event.other_means):
        problems["other_means"] = "Describe how consent was given (e.g. Makaton, a nod)."


def _lawful_basis_problems(event: ConsentEvent, problems: dict[str, str]) -> None:
    basis = as_member(LawfulBasis, event.lawful_basis)
    if basis is None:
        problems["lawful_basis"] = "Without consent, choose the lawful basis to go on."
        return
    if blank(event.justification):
        problems["justification"] = "Record the legal justification: why this basis applies."
    if basis is LawfulBasis.LACKS_CAPACITY:
        if blank(event.best_interests_ref):
            problems["best_interests_ref"] = (
                "Give the best-interests decision this rests on (its reference or title)."
            )
        decided = event.best_interests_on
        if decided is None:
            problems["best_interests_on"] = "Give the date of the best-interests decision."
        elif event.on is not None and decided > event.on:
            problems["best_interests_on"] = (
                "The best-interests decision must be made before going on without consent."
            )


_WHO = {
    ConsentEventKind.GIVEN: "Say who obtained the consent.",
    ConsentEventKind.RECONFIRMED: "Say who re-confirmed the consent with the person.",
    ConsentEventKind.NO_CONSENT: "Say who made this decision.",
    ConsentEventKind.REFUSED: "Say who the person told.",
    ConsentEventKind.WITHDRAWN: "Say who the person told.",
}


def consent_event_problems(
    event: ConsentEvent, *, today: date, history: Iterable[ConsentEvent] = ()
) -> dict[str, str]:
    """What a new consent entry still needs, by field; ``history`` is what is already recorded."""
    kind = as_member(ConsentEventKind, event.kind)
    if kind is None:
        return {
            "kind": "Choose what to record: consent given, re-confirmed, refused or "
            "withdrawn, or no consent with the lawful basis to go on."
        }
    problems: dict[str, str] = {}
    earlier = _ordered(history)
    last_on = next((e.on for e in reversed(earlier) if e.on), None)
    if event.on is None:
        problems["on"] = "Give the date."
    elif event.on > today:
        problems["on"] = f"The date cannot be in the future (today is {day_month_year(today)})."
    elif last_on and event.on < last_on:
        problems["on"] = (
            f"The last consent entry is dated {day_month_year(last_on)}: this cannot be earlier."
        )
    if blank(event.by):
        problems["by"] = _WHO[kind]
    if kind is ConsentEventKind.GIVEN and as_member(ConsentNature, event.nature) is None:
        problems["nature"] = "Choose how consent was given: spoken, written, representative, other."
    if kind in (ConsentEventKind.GIVEN, ConsentEventKind.RECONFIRMED):
        _nature_problems(event, problems)
    if kind is ConsentEventKind.NO_CONSENT:
        _lawful_basis_problems(event, problems)
    current = consent_status(earlier).state
    if kind in (ConsentEventKind.RECONFIRMED, ConsentEventKind.WITHDRAWN) and (
        current is not ConsentState.GIVEN
    ):
        problems["kind"] = (
            "Consent is not in place, so it cannot be re-confirmed: record it as given instead."
            if kind is ConsentEventKind.RECONFIRMED
            else "Consent is not in place, so it cannot be withdrawn: record a refusal instead."
        )
    return problems
