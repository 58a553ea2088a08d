"""Reading is audited too (S4): a record opened, an opening refused, who viewed a record."""

from __future__ import annotations

import os
from pathlib import Path

from caretui.rules.permissions import (
    Action,
    Actor,
    require,
)
from caretui.store.db import Store
from caretui.store.errors import (
    DomainError,
)
from caretui.store.ops.writing import get_case, record_audit, transaction


def record_view(
    store: Store,
    actor: Actor,
    *,
    person_id: int | None = None,
    case_id: int | None = None,
    item: tuple[str, int] | None = None,
) -> None:
    """Note that the actor opened a person or case record, or ``item`` (e.g.
    ``("activity", 12)``) of a case: reads are audited like writes (S4)."""
    if person_id is None and case_id is None:
        return
    require(actor, Action.VIEW_RECORDS)
    with transaction(store) as session:
        if case_id is not None and person_id is None:
            case = get_case(session, case_id)
            person_id = case.person_id
        if item is not None:
            entity, entity_id = item
        elif case_id is not None:
            entity, entity_id = "case", case_id
        else:
            entity, entity_id = "person", person_id  # type: ignore[assignment]
        record_audit(
            session,
            store,
            actor,
            f"{entity}.view",
            entity,
            entity_id,
            person_id=person_id,
            case_id=case_id,
        )


def note_refused_open(store: Store, actor: Actor, person_id: int) -> None:
    """Write to the audit trail that someone not named on a restricted record tried to
    open it, so system admins can see attempts as well as views (S3, S4)."""
    with transaction(store) as session:
        record_audit(
            session, store, actor, "person.view_refused", "person", person_id, person_id=person_id
        )


def export_who_viewed(store: Store, actor: Actor, person_id: int, path: Path) -> int:
    """Write a person's "who has looked at my record" report as CSV, readable by its
    owner only, for a subject access request; the export itself is audited.

    Returns how many looks the report lists.
    """
    from caretui.store.queries import audit_trail

    path = Path(path).expanduser()
    with transaction(store) as session:
        require(actor, Action.VIEW_AUDIT)
        rows = audit_trail.who_viewed(store, actor, person_id)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
                out.write(audit_trail.who_viewed_csv(rows))
        except OSError as exc:
            raise DomainError(
                f"The report could not be written to {path}: {exc.strerror or exc}. "
                "Choose a folder you can write to."
            ) from exc
        record_audit(
            session,
            store,
            actor,
            "audit.export_views",
            "person",
            person_id,
            person_id=person_id,
            detail={"rows": len(rows), "file": str(path)},
        )
        return len(rows)
