"""rules/, store/ and sandbox/ never import Textual: the core works without a screen.

The sandbox builds on the store, so the store never imports the sandbox.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "caretui"
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
