"""A sandbox built once per test session; each test works on its own copy."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from caretui.rules.permissions import Actor
from caretui.store.db import Store, open_store


@pytest.fixture(scope="session")
def sandbox_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from caretui.store.sandbox import build_sandbox

    path = tmp_path_factory.mktemp("sandbox") / "sandbox.db"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CARETUI_TODAY", "2026-11-24")
        build_sandbox(f"sqlite:///{path}")
    return path


@pytest.fixture
def sandbox(sandbox_file: Path, tmp_path: Path) -> Iterator[Store]:
    copy = tmp_path / "sandbox.db"
    shutil.copyfile(sandbox_file, copy)
    os.chmod(copy, 0o600)
    store = open_store(f"sqlite:///{copy}", sandbox=True)
    yield store
    store.dispose()


def sign_in(store: Store, login: str) -> Actor:
    from caretui.store import ops

    return ops.sign_in(store, login)
