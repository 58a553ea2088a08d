"""A sandbox built once per test session; each test works on its own copy."""

from __future__ import annotations

import asyncio
import contextlib
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


async def settle(pilot, seconds: float = 0.3) -> None:  # type: ignore[no-untyped-def]
    """Wait until the app is quiet: no worker running or about to start, and no message
    waiting, for a few frames in a row, and at least ``seconds`` in all.

    A screen starts its loading worker only once it is mounted, so one wait for workers
    followed by a fixed pause can miss it on a loaded machine; this polls instead.
    """
    app = pilot.app
    loop = asyncio.get_running_loop()
    start = loop.time()
    deadline = start + 20.0
    quiet = 0
    while loop.time() < deadline:
        busy = [w for w in app.workers if not w.is_finished]
        if busy:
            quiet = 0
            remaining = max(0.1, deadline - loop.time())
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(app.workers.wait_for_complete(busy), remaining)
        else:
            quiet += 1
        await pilot.pause(0.05)
        if quiet >= 3 and loop.time() - start >= seconds:
            return


def sign_in(store: Store, login: str) -> Actor:
    from caretui.store import ops

    return ops.sign_in(store, login)
