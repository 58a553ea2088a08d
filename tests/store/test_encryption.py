"""Encryption at rest with SQLCipher: the key from keyring or a key file, never the disk."""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("sqlcipher3", reason="the optional 'encrypt' extra is not installed")

import keyring
from keyring.backend import KeyringBackend
from keyring.backends.fail import Keyring as NoKeyring

from caretui import cli
from caretui.config import KEYRING_SERVICE, config_path
from caretui.store import audit, keys
from caretui.store.db import open_store
from caretui.store.errors import StoreError
from tests.factories import make_world


class MemoryKeyring(KeyringBackend):
    """A real keyring backend that keeps its secrets in memory, for tests."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    before = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(before)


@pytest.fixture
def no_keyring() -> Iterator[None]:
    before = keyring.get_keyring()
    keyring.set_keyring(NoKeyring())
    yield
    keyring.set_keyring(before)


def test_an_encrypted_store_works_and_its_file_reveals_nothing(
    tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    path = tmp_path / "caretui.db"
    key = keys.store_key(path, create=True)
    assert memory_keyring.get_password(KEYRING_SERVICE, keys.keyring_user(path)) == key
    store = open_store(f"sqlite:///{path}", key=key)
    try:
        make_world(store)
        with store.read() as session:
            assert audit.verify(session).ok
    finally:
        store.dispose()
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert b"Patel" not in raw and b"Jonathan" not in raw
    assert not keys.is_plain_sqlite(path)
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(path).execute("SELECT count(*) FROM sqlite_master").fetchone()
    with pytest.raises(StoreError, match="could not be unlocked"):
        open_store(f"sqlite:///{path}", key=secrets.token_hex(32))
    with pytest.raises(StoreError, match="is encrypted"):
        open_store(f"sqlite:///{path}")
    assert keys.store_key(path, create=False) == key  # the same key next time


def test_without_a_keyring_the_message_gives_the_key_file_alternative(
    tmp_path: Path, no_keyring: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "caretui.db"
    with pytest.raises(keys.KeyProblem) as refused:
        keys.store_key(path, create=True)
    assert "no keyring" in str(refused.value) and keys.KEY_FILE_ENV in str(refused.value)

    key_file = tmp_path / "store.key"
    key_file.write_text(secrets.token_hex(32) + "\n")
    key_file.chmod(0o644)
    monkeypatch.setenv(keys.KEY_FILE_ENV, str(key_file))
    with pytest.raises(keys.KeyProblem, match="chmod 600"):
        keys.store_key(path, create=True)
    key_file.chmod(0o600)
    store = open_store(f"sqlite:///{path}", key=keys.store_key(path, create=True))
    make_world(store)
    store.dispose()


def test_a_lost_key_is_reported_with_how_to_restore_it(
    tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    with pytest.raises(keys.KeyProblem, match="not in this computer's keyring"):
        keys.store_key(tmp_path / "caretui.db", create=False)


def test_the_live_store_is_encrypted_from_config_and_a_plain_one_can_be_converted(
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "live.db"
    plain = open_store(f"sqlite:///{path}")
    make_world(plain)
    plain.dispose()
    monkeypatch.setenv("CARETUI_DATABASE_URL", str(path))
    monkeypatch.setattr(cli.getpass, "getuser", lambda: "morgan")
    config_path().parent.mkdir(parents=True, exist_ok=True)
    config_path().write_text("[store]\nencrypt = true\n", encoding="utf-8")

    with pytest.raises(SystemExit):
        cli.main(["audit", "verify"])
    assert "caretui admin encrypt-store" in capsys.readouterr().err

    assert cli.main(["admin", "encrypt-store"]) == 0
    assert not keys.is_plain_sqlite(path)
    assert cli.main(["audit", "verify"]) == 0  # everything is still there, chain intact
    assert "intact" in capsys.readouterr().out
    assert cli.main(["users", "--json"]) == 0
    assert '"login": "morgan"' in capsys.readouterr().out
