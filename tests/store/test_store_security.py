"""The store on disk: owner-only files, refusal of a store others can read, and clear
messages (and nothing half written) when the store is read only, locked or full."""

from __future__ import annotations

import shutil
import sqlite3
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import event

from caretui import cli
from caretui.cli_stores import EXIT_STORE
from caretui.rules.vocab import ActivityType
from caretui.store import db
from caretui.store.db import open_store
from caretui.store.errors import StoreError, StoreUnavailable
from caretui.store.ops.activities import create_activity
from caretui.store.ops.people import create_person
from tests.factories import World, make_world
from tests.store.test_permissions_enforced import fingerprint


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_store_and_its_folder_are_readable_by_the_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "new-folder" / "caretui.db"
    store = open_store(f"sqlite:///{path}")
    try:
        make_world(store)
        assert mode(path.parent) == 0o700
        for part in path.parent.iterdir():  # the store and its -wal and -shm files
            assert mode(part) & 0o077 == 0, f"{part.name} is {oct(mode(part))}"
    finally:
        store.dispose()


@pytest.mark.parametrize("loose", [0o644, 0o640, 0o604])
def test_a_store_others_can_read_is_refused_with_the_command_to_fix_it(
    tmp_path: Path, loose: int
) -> None:
    path = tmp_path / "caretui.db"
    open_store(f"sqlite:///{path}").dispose()
    path.chmod(loose)
    with pytest.raises(StoreError) as refused:
        open_store(f"sqlite:///{path}")
    assert f"chmod 600 {path}" in str(refused.value)
    path.chmod(0o600)
    open_store(f"sqlite:///{path}").dispose()


def test_the_command_line_refuses_a_loose_live_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "live.db"
    open_store(f"sqlite:///{path}").dispose()
    path.chmod(0o644)
    monkeypatch.setenv("CARETUI_DATABASE_URL", str(path))
    with pytest.raises(SystemExit) as exited:
        cli.main(["audit", "verify"])
    assert exited.value.code == EXIT_STORE
    assert f"chmod 600 {path}" in capsys.readouterr().err


# --- faults: read only, locked, full ----------------------------------------------------------


@pytest.fixture
def world_file(tmp_path: Path) -> Iterator[tuple[World, Path]]:
    path = tmp_path / "store.db"
    store = open_store(f"sqlite:///{path}")
    world = make_world(store)
    store.dispose()
    with sqlite3.connect(path) as conn:  # everything into the main file
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    yield world, path


def test_a_read_only_store_opens_for_reading_and_refuses_writes_in_words(
    world_file: tuple[World, Path],
) -> None:
    world, path = world_file
    if shutil.which("chattr") is None:
        pytest.skip("chattr is needed to make a file read only even for root")
    # File modes do not stop root; the immutable flag does, for everyone.
    made = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
    if made.returncode != 0:
        pytest.skip(f"this file system cannot mark a file read only: {made.stderr!r}")
    try:
        store = open_store(f"sqlite:///{path}")
        try:
            before = fingerprint(store)
            with pytest.raises(StoreUnavailable) as refused:
                create_person(store, world.practitioner, first_name="Ada", last_name="Holt")
            assert "read only" in str(refused.value)
            assert "Traceback" not in str(refused.value)
            assert fingerprint(store) == before
        finally:
            store.dispose()
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def test_a_store_locked_by_another_program_says_busy_and_writes_nothing(
    world_file: tuple[World, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    world, path = world_file
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 200)
    store = open_store(f"sqlite:///{path}")
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        before = fingerprint(store)
        holder.execute("BEGIN EXCLUSIVE")
        with pytest.raises(StoreUnavailable) as refused:
            create_person(store, world.practitioner, first_name="Ada", last_name="Holt")
        assert "busy" in str(refused.value) and "Nothing you typed is lost" in str(refused.value)
        holder.execute("ROLLBACK")
        assert fingerprint(store) == before
        create_person(store, world.practitioner, first_name="Ada", last_name="Holt")
    finally:
        holder.close()
        store.dispose()


def test_a_full_store_says_so_and_writes_nothing(world_file: tuple[World, Path]) -> None:
    world, path = world_file
    store = open_store(f"sqlite:///{path}")
    try:
        before = fingerprint(store)

        @event.listens_for(store.write_engine, "connect")
        def _no_room(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
            pages = dbapi_conn.execute("PRAGMA page_count").fetchone()[0]
            dbapi_conn.execute(f"PRAGMA max_page_count = {pages}")

        store.write_engine.dispose()
        with pytest.raises(StoreUnavailable) as refused:
            create_activity(
                store,
                world.practitioner,
                case_id=world.case,
                type=ActivityType.CASE_NOTE,
                subject="Long note",
                notes="x" * 200_000,
                responsible_team_id=world.north,
            )
        assert "full" in str(refused.value) and "draft" in str(refused.value)
        assert fingerprint(store) == before
    finally:
        store.dispose()
