"""How long a big training sandbox takes to build, and what it holds.

Usage: python benchmarks/build_sandbox.py [--persons N] [--keep PATH]

Builds into a temporary folder (or PATH with --keep) and prints one JSON object:
{"persons": N, "seconds": ..., "rows": {table: count}, "file_mb": ..., "stages": {...}},
where "stages" gives the second each build stage started. The target is 100 000
generated people in under two minutes on two cores (README, Benchmarks).
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=100_000, help="generated people to add")
    parser.add_argument("--keep", type=Path, help="build here and keep the file")
    parser.add_argument("--progress", action="store_true", help="print stages to stderr")
    args = parser.parse_args(argv)

    from caretui.sandbox.build import build_sandbox

    stages: dict[str, float] = {}

    def progress(stage: str, done: int, total: int) -> None:
        stages.setdefault(stage, round(time.perf_counter() - started, 2))
        if args.progress:
            print(f"{stage}: {done:,}/{total:,}", file=sys.stderr)

    with tempfile.TemporaryDirectory(prefix="caretui-bench-") as folder:
        path = args.keep.resolve() if args.keep else Path(folder) / "sandbox.db"
        started = time.perf_counter()
        build_sandbox(f"sqlite:///{path}", persons=args.persons, progress=progress)
        seconds = time.perf_counter() - started
        with sqlite3.connect(path) as db:
            tables = [
                name
                for (name,) in db.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' "
                    "AND name NOT LIKE 'sqlite_%' AND name != 'alembic_version' ORDER BY name"
                )
            ]
            rows = {t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
        file_mb = path.stat().st_size / 1_048_576
    print(
        json.dumps(
            {
                "persons": args.persons,
                "seconds": round(seconds, 2),
                "rows": rows,
                "file_mb": round(file_mb, 1),
                "stages": stages,
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
