"""Person search as a practitioner types, at sandbox scale; prints JSON.

    python benchmarks/person_search.py [--persons 200000] [--store PATH] [--runs 5]

Builds a sandbox with ``--persons`` generated people (or reuses ``--store``), then times
``queries.search.search_people`` for every prefix of several searches, the way the search
screen runs it on each key press: names in any word order ("pat jon"), a surname alone,
a person ID, dates of birth typed three ways, and an NHS number. Target (issue 5): the
95th percentile of all these searches at most 16 ms in the store.
"""

from __future__ import annotations

import sys
from typing import Any

from as_typed import report, sandbox_from, time_presses
from sqlmodel import col, func, select

from caretui.store.models import Person
from caretui.store.queries import search


def typed_searches(store) -> list[str]:  # type: ignore[no-untyped-def]
    """Searches taken from the store, so each finds someone."""
    with store.read() as session:
        count = session.exec(select(func.count()).select_from(Person)).one()
        middle = session.exec(select(Person).where(Person.id == count // 2)).one()
        common = session.exec(
            select(Person.last_name_key)
            .group_by(col(Person.last_name_key))
            .order_by(func.count().desc())
            .limit(1)
        ).one()
    born = middle.date_of_birth
    return [
        "pat jon",
        "jonathan patel",
        f"{middle.last_name[:4]} {middle.first_name[:3]}",
        f"{middle.first_name} {middle.last_name}",
        common,
        "kaur",
        "sm",
        "m q",  # a common initial with a rare one: the rare word leads
        "a b",
        f"P{middle.id}",
        f"{born:%d/%m/%Y}",
        f"{born:%Y-%m-%d}",
        f"{born.day} {born:%b %Y}",
        middle.nhs_number,
    ]


def main(argv: list[str]) -> int:
    store, path, actor, runs = sandbox_from(__doc__, argv, unit="prefix")
    samples: list[float] = []
    per_search: dict[str, Any] = {}
    for text in typed_searches(store):
        prefixes = [text[:end] for end in range(1, len(text) + 1)]
        mine, result = time_presses(
            lambda prefix: search.search_people(store, actor, prefix), prefixes, runs
        )
        samples.extend(mine)
        per_search[text] = {
            "prefixes": len(text),
            "found_at_end": len(result.hits),
            "max_ms": round(max(mine), 2),
        }
    return report(store, path, "searches", per_search, samples)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
