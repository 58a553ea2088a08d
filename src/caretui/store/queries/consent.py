"""A person's consent (R2) as the person record, the banner and the case Details show it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from caretui.rules.consent import (
    ConsentEvent,
    ConsentEventKind,
    ConsentNature,
    ConsentStatus,
    LawfulBasis,
    consent_status,
)
from caretui.rules.permissions import Actor
from caretui.rules.wording import as_member, day_month_year
from caretui.store.db import Store
from caretui.store.models import ConsentEvent as ConsentRecord
from caretui.store.queries.lockdown import person_for


@dataclass(frozen=True)
class ConsentRow:
    """One entry of the history, in words: 'Consent given', 'Spoken (word of mouth)', ..."""

    id: int
    kind_label: str
    on: date
    by_name: str
    nature_label: str
    detail: str


def _records(session: Session, person_id: int) -> list[ConsentRecord]:
    """The person's consent entries in the order they were recorded."""
    return list(
        session.exec(
            select(ConsentRecord)
            .where(ConsentRecord.person_id == person_id)
            .order_by(col(ConsentRecord.on), col(ConsentRecord.id))
        ).all()
    )


def as_event(row: ConsentRecord) -> ConsentEvent:
    """A stored entry as the rules read it."""
    return ConsentEvent(
        kind=row.kind,
        on=row.on,
        by=row.by_name,
        nature=row.nature or None,
        representative_name=row.representative_name,
        representative_relationship=row.representative_relationship,
        other_means=row.other_means,
        to_share_information=row.to_share_information,
        lawful_basis=row.lawful_basis or None,
        justification=row.justification,
        best_interests_ref=row.best_interests_ref,
        best_interests_on=row.best_interests_on,
        reason=row.reason,
    )


def consent_events(session: Session, person_id: int) -> list[ConsentEvent]:
    """The history as the rules read it, oldest first: what a new entry is checked against."""
    return [as_event(row) for row in _records(session, person_id)]


def status_in(session: Session, person_id: int) -> ConsentStatus | None:
    """Where the person's consent stands, or None when nothing has been recorded."""
    events = consent_events(session, person_id)
    return consent_status(events) if events else None


def summary_in(session: Session, person_id: int) -> str:
    """The banner's line ('Consent: written, confirmed 3 Mar 2026'); "" when none recorded."""
    status = status_in(session, person_id)
    return status.summary if status else ""


def _detail(row: ConsentRecord) -> str:
    parts: list[str] = []
    if row.nature == ConsentNature.REPRESENTATIVE and row.representative_name:
        who = row.representative_name
        parts.append(f"through {who} ({row.representative_relationship})")
    if row.nature == ConsentNature.OTHER and row.other_means:
        parts.append(row.other_means)
    given = row.kind in (ConsentEventKind.GIVEN, ConsentEventKind.RECONFIRMED)
    if given and not row.to_share_information:
        parts.append("not to sharing information")
    basis = as_member(LawfulBasis, row.lawful_basis)
    if basis is not None:
        parts.append(basis.label)
        if row.justification:
            parts.append(row.justification)
        if row.best_interests_ref:
            decided = f" ({day_month_year(row.best_interests_on)})" if row.best_interests_on else ""
            parts.append(f"best-interests decision {row.best_interests_ref}{decided}")
    if row.reason:
        parts.append(f"reason: {row.reason}")
    return "; ".join(parts)


def _row(row: ConsentRecord) -> ConsentRow:
    kind = as_member(ConsentEventKind, row.kind)
    nature = as_member(ConsentNature, row.nature)
    assert row.id is not None
    return ConsentRow(
        id=row.id,
        kind_label=kind.label if kind else row.kind,
        on=row.on,
        by_name=row.by_name,
        nature_label=nature.label if nature else "",
        detail=_detail(row),
    )


def consent_history(
    store: Store, actor: Actor, person_id: int
) -> tuple[ConsentStatus, list[ConsentRow]]:
    """Where consent stands and its history, newest first; refused for a restricted record."""
    with store.read() as session:
        person_for(session, actor, person_id)
        records = _records(session, person_id)
        status = consent_status(as_event(r) for r in records)
        return status, [_row(r) for r in reversed(records)]
