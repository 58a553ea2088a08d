"""The duplicate check as a new person's name and date of birth are typed; prints JSON.

    python benchmarks/duplicate_check.py [--persons 200000] [--store PATH] [--runs 5]

Builds a sandbox with ``--persons`` generated people (or reuses ``--store``), then times
``queries.referrals.duplicate_candidates`` the way the new-person form runs it on each key
press: for several people, every prefix of the first name and the surname, typed after a
date of birth (exact, or only the year, estimated), a postcode or an NHS number, so each
press runs the lookups for real. Among them: the commonest surname at a busy postcode,
and an estimated year of birth with that surname (the widest lookup). Target (issue 12):
the 95th percentile at most 16 ms at 200 000 people.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from typing import Any

from as_typed import report, sandbox_from, time_presses
from sqlmodel import col, func, select

from caretui.rules.duplicates import NewPerson
from caretui.store.models import Person
from caretui.store.queries import referrals


def typed_people(store) -> dict[str, NewPerson]:  # type: ignore[no-untyped-def]
    """New people taken from the store, so each lookup finds someone to compare."""
    with store.read() as session:
        count = session.exec(select(func.count()).select_from(Person)).one()
        middle = session.exec(select(Person).where(Person.id == count // 2)).one()
        common = session.exec(
            select(Person.last_name)
            .group_by(col(Person.last_name))
            .order_by(func.count().desc())
            .limit(1)
        ).one()
        busy = session.exec(
            select(Person.postcode)
            .where(Person.postcode != "", Person.last_name == common)
            .group_by(col(Person.postcode))
            .order_by(func.count().desc())
            .limit(1)
        ).one()
    born = middle.date_of_birth
    return {
        "the same person, by date of birth": NewPerson(
            middle.first_name, middle.last_name, date_of_birth=born
        ),
        "the same person, by NHS number": NewPerson(
            middle.first_name, middle.last_name, nhs_number=middle.nhs_number
        ),
        "at their postcode": NewPerson(
            middle.first_name, middle.last_name, postcode=middle.postcode
        ),
        "the commonest surname where most have it": NewPerson("Margaret", common, postcode=busy),
        "the commonest surname, year of birth estimated": NewPerson(
            "John", common, date_of_birth=born, dob_estimated=True
        ),
        "someone new": NewPerson("Zebedee", "Quaintance", date_of_birth=born, postcode=busy),
    }


def keystrokes(person: NewPerson) -> list[NewPerson]:
    """What the form holds after each key of the first name, then of the surname."""
    first, last = person.first_name, person.last_name
    typed = [replace(person, first_name=first[:n], last_name="") for n in range(1, len(first) + 1)]
    typed += [replace(person, last_name=last[:n]) for n in range(1, len(last) + 1)]
    return typed


def main(argv: list[str]) -> int:
    store, path, actor, runs = sandbox_from(__doc__, argv, unit="key press")
    samples: list[float] = []
    per_person: dict[str, Any] = {}
    for label, person in typed_people(store).items():
        presses = keystrokes(person)
        mine, found = time_presses(
            lambda typed: referrals.duplicate_candidates(store, actor, typed), presses, runs
        )
        samples.extend(mine)
        per_person[label] = {
            "key_presses": len(presses),
            "found_at_end": len(found),
            "max_ms": round(max(mine), 2),
        }
    return report(store, path, "typed", per_person, samples)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
