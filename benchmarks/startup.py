"""Launch to dashboard rows visible, as a ratio to the shared floor app; prints JSON.

    python benchmarks/startup.py [--runs 7] [--persons 100000]

Uses ../shared/bench/tmuxtime.py (both programs alternate in one run, so machine noise
falls on both). The sandbox with ``--persons`` generated people is built first into a
scratch data folder unless it is already there. Target (issue 3): ratio at most 1.5.

caretui's modules are byte-compiled first, as they are for a practitioner: ``pip install``
compiles an installed package, and Python caches the bytecode of an editable one on its
first start. Only where ``PYTHONDONTWRITEBYTECODE`` is set (as in some containers) would
every start compile caretui's source again, which the floor's libraries never do.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "bench"
TARGET_RATIO = 1.5


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--data", type=Path, default=Path("/tmp/caretui-bench-data"))
    args = parser.parse_args(argv)

    env = {**os.environ, "XDG_DATA_HOME": str(args.data)}
    sandbox = args.data / "caretui" / "sandbox.db"
    if not sandbox.exists():
        subprocess.run(
            ["caretui", "sandbox", "--reset", "--persons", str(args.persons)], env=env, check=True
        )
    import caretui

    compileall.compile_dir(Path(caretui.__file__).parent, quiet=1)
    command = [
        sys.executable,
        str(SHARED / "tmuxtime.py"),
        "--runs",
        str(args.runs),
        "--size",
        "100x30",
        "--pattern",
        r"Primary Cases \(\d+\)",
        "--",
        "env",
        f"XDG_DATA_HOME={args.data}",
        "caretui",
        "sandbox",
        "--as",
        "sharma",
        "--vs-pattern",
        "Primary Cases",
        "--vs",
        sys.executable,
        str(SHARED / "floor_app.py"),
    ]
    out = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    lines = out.stdout.strip().splitlines()
    if not lines:
        print(json.dumps({"error": "tmuxtime printed nothing", "stderr": out.stderr[-2000:]}))
        return 1
    result = json.loads(lines[-1])
    result.update(persons=args.persons, target_ratio=TARGET_RATIO)
    result["ok"] = result.get("ratio_median", 99) <= TARGET_RATIO
    print(json.dumps(result))
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
