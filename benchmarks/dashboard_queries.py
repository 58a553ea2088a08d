"""Dashboard queries and opening a case at sandbox scale; prints JSON.

    python benchmarks/dashboard_queries.py [--persons 100000] [--store PATH] [--runs 20]

Builds a sandbox with ``--persons`` generated people (or reuses ``--store``), then times
every dashboard query for the demo practitioner and manager, and opening a case (Details
plus Timeline) for their busiest case. Targets (issue 3): each dashboard query at most
30 ms, opening a case at most 100 ms (medians of warm runs).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from caretui.sandbox.build import build_sandbox
from caretui.store.db import open_store
from caretui.store.ops.sessions import sign_in
from caretui.store.queries import case_record, case_timeline, worklists

QUERY_TARGET_MS = 30.0
OPEN_CASE_TARGET_MS = 100.0


def timed(fn: Callable[[], Any], runs: int) -> dict[str, float]:
    fn()  # warm the page cache and statement cache
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return {
        "median_ms": round(statistics.median(samples), 2),
        "p95_ms": round(samples[max(0, int(len(samples) * 0.95) - 1)], 2),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--store", type=Path, help="reuse a sandbox file built earlier")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args(argv)

    if args.store and args.store.exists():
        path = args.store
    else:
        path = args.store or Path(tempfile.mkdtemp()) / "bench.db"
        build_sandbox(f"sqlite:///{path}", persons=args.persons)
    store = open_store(f"sqlite:///{path}", sandbox=True)

    results: dict[str, Any] = {"store": str(path), "people": _count_people(store)}
    for login in ("sharma", "clarke"):
        actor = sign_in(store, login)
        panel_fns: dict[str, Callable[[], Any]] = {
            "primary_cases": lambda a=actor: worklists.primary_cases(store, a),
            "secondary_cases": lambda a=actor: worklists.secondary_cases(store, a),
            "my_activities": lambda a=actor: worklists.my_activities(store, a),
            "team_activities": lambda a=actor: worklists.team_activities(store, a, limit=1000),
            "my_forms": lambda a=actor: worklists.my_forms(store, a),
        }
        if login == "clarke":
            panel_fns["forms_awaiting_closure"] = lambda a=actor: worklists.forms_awaiting_closure(
                store, a
            )
            panel_fns["closures_awaiting"] = lambda a=actor: worklists.closures_awaiting(store, a)
            panel_fns["awaiting_countersignature"] = lambda a=actor: (
                worklists.awaiting_countersignature(store, a)
            )
        results[login] = {name: timed(fn, args.runs) for name, fn in panel_fns.items()}

    actor = sign_in(store, "sharma")
    cases = worklists.primary_cases(store, actor)
    busiest = max(cases, key=lambda c: len(case_timeline.timeline(store, actor, c.case_id)))

    def open_case() -> None:
        case_record.case_detail(store, actor, busiest.case_id)
        case_timeline.timeline(store, actor, busiest.case_id)

    results["open_case"] = timed(open_case, args.runs)
    worst_query = max(
        v["median_ms"]
        for k, panel in results.items()
        if k in ("sharma", "clarke")
        for v in panel.values()
    )
    results["targets"] = {"query_ms": QUERY_TARGET_MS, "open_case_ms": OPEN_CASE_TARGET_MS}
    results["ok"] = (
        worst_query <= QUERY_TARGET_MS and results["open_case"]["median_ms"] <= OPEN_CASE_TARGET_MS
    )
    print(json.dumps(results, indent=2))
    return 0 if results["ok"] else 1


def _count_people(store) -> int:  # type: ignore[no-untyped-def]
    from sqlmodel import func, select

    from caretui.store.models import Person

    with store.read() as session:
        return session.exec(select(func.count()).select_from(Person)).one()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
