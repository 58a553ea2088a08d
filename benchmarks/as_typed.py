"""What the as-typed benchmarks share: a sandbox to search, each key press timed, the JSON.

``person_search.py`` and ``duplicate_check.py`` both time a read the way a screen runs it
on every key press, against a sandbox of generated people, and report the 95th percentile.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from sqlmodel import func, select

from caretui.rules.permissions import Actor
from caretui.sandbox.build import build_sandbox
from caretui.store.db import Store, open_store
from caretui.store.models import Person
from caretui.store.queries.signin import check_sign_in

TARGET_P95_MS = 16.0


def sandbox_from(doc: str | None, argv: list[str], *, unit: str) -> tuple[Store, Path, Actor, int]:
    """Parse ``--persons``, ``--store`` and ``--runs``; build the sandbox unless it is
    reused; open it and sign in as a practitioner. Returns the store, its file, the actor
    and the timed runs per key press."""
    parser = argparse.ArgumentParser(description=doc)
    parser.add_argument("--persons", type=int, default=200_000)
    parser.add_argument("--store", type=Path, help="reuse a sandbox file built earlier")
    parser.add_argument("--runs", type=int, default=5, help=f"timed runs of each {unit}")
    args = parser.parse_args(argv)
    if args.store and args.store.exists():
        path = args.store
    else:
        path = args.store or Path(tempfile.mkdtemp()) / "bench.db"
        build_sandbox(f"sqlite:///{path}", persons=args.persons)
    store = open_store(f"sqlite:///{path}", sandbox=True)
    return store, path, check_sign_in(store, "sharma"), args.runs


def time_presses(read: Callable[[Any], Any], presses: Iterable[Any], runs: int) -> tuple:
    """Run ``read`` once to warm it, then ``runs`` timed times, for each key press.
    Returns the milliseconds of every timed run and what the last press found."""
    timings: list[float] = []
    found = None
    for typed in presses:
        read(typed)  # warm
        for _ in range(runs):
            started = time.perf_counter()
            found = read(typed)
            timings.append((time.perf_counter() - started) * 1000)
    return timings, found


def report(
    store: Store, path: Path, name: str, detail: dict[str, Any], samples: list[float]
) -> int:
    """Print the JSON (every case's ``detail`` under ``name``, then the percentiles) and
    return the exit status: 0 when the 95th percentile meets the target."""
    samples = sorted(samples)
    p95 = samples[max(0, int(len(samples) * 0.95) - 1)]
    with store.read() as session:
        people = session.exec(select(func.count()).select_from(Person)).one()
    out = {
        "store": str(path),
        "people": people,
        name: detail,
        "samples": len(samples),
        "median_ms": round(statistics.median(samples), 2),
        "p95_ms": round(p95, 2),
        "max_ms": round(samples[-1], 2),
        "target_p95_ms": TARGET_P95_MS,
        "ok": p95 <= TARGET_P95_MS,
    }
    print(json.dumps(out, indent=2))
    store.dispose()
    return 0 if out["ok"] else 1
