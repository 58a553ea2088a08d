"""Keeping ``person_name_word`` in step with people's names (P1 search).

``ops`` calls :func:`index_person` in the same transaction as any change to a name, so
search never finds a stale name; the sandbox builder calls :func:`rebuild` once after
writing its people in bulk.
"""

from __future__ import annotations

from sqlalchemy import delete, insert
from sqlalchemy.engine import Connection
from sqlmodel import Session

from caretui.rules.names import name_words, sort_key
from caretui.store.models import Person, PersonNameWord

BATCH = 10_000


def _rows(person_id: int, first: str, last: str, preferred: str) -> list[dict]:
    key = sort_key(first, last)
    return [
        {"person_id": person_id, "word": w, "sort_key": key}
        for w in sorted(name_words(first, last, preferred or ""))
    ]


def index_person(session: Session, person: Person) -> None:
    """Replace the person's name words with those of their current names."""
    assert person.id is not None
    session.execute(delete(PersonNameWord).where(PersonNameWord.person_id == person.id))  # type: ignore[arg-type]
    rows = _rows(person.id, person.first_name, person.last_name, person.preferred_name)
    if rows:
        session.execute(insert(PersonNameWord), rows)


def rebuild(connection: Connection) -> int:
    """Index every person from scratch (after a bulk load); returns the words written."""
    connection.execute(delete(PersonNameWord))
    people = connection.exec_driver_sql(
        "SELECT id, first_name, last_name, preferred_name FROM person ORDER BY id"
    ).all()
    written = 0
    batch: list[dict] = []
    for person_id, first, last, preferred in people:
        batch.extend(_rows(person_id, first, last, preferred))
        if len(batch) >= BATCH:
            connection.execute(insert(PersonNameWord), batch)
            written += len(batch)
            batch = []
    if batch:
        connection.execute(insert(PersonNameWord), batch)
        written += len(batch)
    return written
