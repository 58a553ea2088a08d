"""The layers stay apart: rules/, store/ and sandbox/ never import Textual, the sandbox
builds on the store (never the reverse), the contracts in pyproject.toml hold
(lint-imports), and no module grows into a place everyone must edit."""

from __future__ import annotations

import ast
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "caretui"
STORE = sorted(PACKAGE.glob("store/**/*.py"))
SANDBOX = sorted(PACKAGE.glob("sandbox/**/*.py"))
CORE = sorted([*PACKAGE.glob("rules/**/*.py"), *STORE, *SANDBOX])


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_core_modules_exist() -> None:
    assert len(CORE) > 10


@pytest.mark.parametrize("path", CORE, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_rules_and_store_never_import_textual(path: Path) -> None:
    textual = {m for m in imported_modules(path) if m == "textual" or m.startswith("textual.")}
    assert not textual, f"{path.name} imports {sorted(textual)}"


@pytest.mark.parametrize("path", sorted(PACKAGE.glob("rules/**/*.py")), ids=lambda p: p.name)
def test_rules_never_touch_the_database(path: Path) -> None:
    banned = {"sqlalchemy", "sqlmodel", "caretui.store"}
    used = {m for m in imported_modules(path) if any(m.startswith(b) for b in banned)}
    assert not used, f"{path.name} imports {sorted(used)}"


@pytest.mark.parametrize("path", STORE, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_the_store_never_imports_the_sandbox(path: Path) -> None:
    used = {m for m in imported_modules(path) if m.startswith("caretui.sandbox")}
    assert not used, f"{path.name} imports {sorted(used)}"


def test_import_contracts_hold() -> None:
    """rules import no other layer; the store never imports screens, widgets, the sandbox
    or Textual; the sandbox never imports screens or widgets; widgets never import
    screens; and no two modules of a package import each other (pyproject.toml)."""
    lint = shutil.which("lint-imports")
    assert lint, "lint-imports is missing: pip install -e '.[test]'"
    done = subprocess.run(
        [lint, "--no-cache", "--no-logo"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]


# Data, not logic: migrations, word lists. Everything else is split by what it holds.
DATA = {"store/migrations/versions", "sandbox/words.py"}
LONGEST = 650


def test_no_module_is_a_place_everyone_must_edit() -> None:
    too_long = {
        str(path.relative_to(PACKAGE)): lines
        for path in PACKAGE.rglob("*.py")
        if not any(str(path.relative_to(PACKAGE)).startswith(d) for d in DATA)
        and (lines := len(path.read_text(encoding="utf-8").splitlines())) > LONGEST
    }
    assert not too_long, f"split these by what they hold: {too_long}"
