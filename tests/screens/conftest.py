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
from caretui.widgets.draft_keeper import drain
from tests.conftest import TODAY


@pytest.fixture(scope="session")
def sandbox_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from caretui.sandbox.build import build_sandbox

    path = tmp_path_factory.mktemp("sandbox") / "sandbox.db"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CARETUI_TODAY", TODAY)
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
    """Wait until the app is quiet: no worker running and the same screen on top for
    ``seconds`` in a row (at most 20 s in all).

    A screen starts its loading worker only once it is mounted, and a worker that opens a
    screen finishes before that screen is mounted, so one wait for workers followed by a
    fixed pause can miss the next worker on a loaded machine; this polls instead. Drafts
    queued for writing are written before it returns.
    """
    app = pilot.app
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 20.0
    last_change = loop.time()
    screen = app.screen
    while loop.time() < deadline:
        busy = [w for w in app.workers if not w.is_finished]
        if busy:
            remaining = max(0.1, deadline - loop.time())
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(app.workers.wait_for_complete(busy), remaining)
            last_change = loop.time()
        if app.screen is not screen:
            screen = app.screen
            last_change = loop.time()
        await pilot.pause(0.05)
        # Drafts are written on their own thread: a test reads the store after this.
        await asyncio.to_thread(drain)
        if loop.time() - last_change >= seconds:
            return


async def wait_until(pilot, condition, seconds: float = 20.0, why: object = "") -> None:  # type: ignore[no-untyped-def]
    """Wait for ``condition()`` to hold, failing the test after ``seconds`` (with ``why``,
    e.g. the notifications on screen, in the message)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while not condition():
        if loop.time() >= deadline:
            said = why() if callable(why) else why
            raise AssertionError(f"the screen never reached the expected state {said}")
        await pilot.pause(0.05)


def sign_in(store: Store, login: str) -> Actor:
    from caretui.store.ops import sessions

    return sessions.sign_in(store, login)
