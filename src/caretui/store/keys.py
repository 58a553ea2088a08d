"""Encryption at rest for a laptop's SQLite store (SQLCipher), and where its key lives.

Turned on with ``[store] encrypt = true`` in ``config.toml`` and the optional extra
(``pip install 'caretui[encrypt]'``, which brings ``sqlcipher3``). The key is 32 random
bytes made when the store is created, held in the system keyring (service ``caretui``,
user ``store:<path of the store>``), never in the config file or the store.

Where there is no keyring (a headless server over SSH, a minimal desktop), the key can
come from a file instead: ``CARETUI_STORE_KEY_FILE=/path/to/key``, a file readable by
its owner only holding the 64 hex characters of the key. Keep a copy of the key
somewhere safe: a store whose key is lost cannot be read by anyone.
"""

from __future__ import annotations

import os
import re
import secrets
import sqlite3
import stat
from pathlib import Path
from typing import Any

from caretui.config import KEYRING_SERVICE

KEY_FILE_ENV = "CARETUI_STORE_KEY_FILE"
_HEX_KEY = re.compile(r"[0-9a-f]{64}")
PLAIN_HEADER = b"SQLite format 3\x00"


class KeyProblem(Exception):
    """The store's key cannot be had; the message says why and what to do."""


def keyring_user(path: Path) -> str:
    return f"store:{path.resolve()}"


def _no_keyring(reason: str) -> KeyProblem:
    return KeyProblem(
        f"The store is encrypted, but its key cannot be kept here: {reason}. This happens "
        "over SSH on a server or on a desktop without a keyring. Put the key in a file only "
        f"you can read (chmod 600) and set {KEY_FILE_ENV}=/path/to/that/file, or run caretui "
        "where a keyring is available."
    )


def _from_file(path: Path) -> str:
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
        text = path.read_text(encoding="ascii").strip().lower()
    except (OSError, UnicodeDecodeError) as exc:
        raise KeyProblem(f"The key file {path} ({KEY_FILE_ENV}) cannot be read: {exc}.") from exc
    if mode & 0o077:
        raise KeyProblem(
            f"The key file {path} can be read by other users, so it was not used. "
            f"Make it private with:  chmod 600 {path}"
        )
    if not _HEX_KEY.fullmatch(text):
        raise KeyProblem(f"The key file {path} must hold 64 hex characters (0-9, a-f).")
    return text


def store_key(path: Path, *, create: bool) -> str:
    """The key of the encrypted store at ``path``; with ``create``, make one if none yet."""
    key_file = os.environ.get(KEY_FILE_ENV)
    if key_file:
        return _from_file(Path(key_file).expanduser())
    try:
        import keyring
        from keyring.backends.fail import Keyring as NoKeyring
        from keyring.errors import KeyringError
    except ImportError as exc:  # pragma: no cover - keyring is a core dependency
        raise _no_keyring("the keyring package is missing") from exc
    if isinstance(keyring.get_keyring(), NoKeyring):
        raise _no_keyring("this computer has no keyring")
    try:
        key = keyring.get_password(KEYRING_SERVICE, keyring_user(path))
        if key is None and create:
            key = secrets.token_hex(32)
            keyring.set_password(KEYRING_SERVICE, keyring_user(path), key)
    except (KeyringError, RuntimeError) as exc:
        raise _no_keyring(f"the keyring refused ({exc})") from exc
    if key is None:
        raise KeyProblem(
            f"The key of the encrypted store {path} is not in this computer's keyring. "
            f"Restore it from your copy (keyring set {KEYRING_SERVICE} "
            f"'{keyring_user(path)}'), or point {KEY_FILE_ENV} at a file holding it."
        )
    if not _HEX_KEY.fullmatch(key):
        raise KeyProblem(f"The keyring's entry for {path} is not a caretui store key.")
    return key


def cipher_module() -> Any:
    try:
        from sqlcipher3 import dbapi2
    except ImportError as exc:
        raise KeyProblem(
            "Encrypting the store needs the optional SQLCipher package: "
            "pip install 'caretui[encrypt]'. Or set encrypt = false under [store] in "
            "config.toml."
        ) from exc
    return dbapi2


def connect(path: Path, key: str, timeout: float) -> Any:
    """A SQLCipher connection with the key applied before anything is read."""
    conn = cipher_module().connect(str(path), check_same_thread=False, timeout=timeout)
    conn.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is reported, not logged
    conn.execute(f"PRAGMA key = \"x'{key}'\"")
    return conn


def is_plain_sqlite(path: Path) -> bool:
    """True for an unencrypted SQLite file (an encrypted one's first bytes are random)."""
    try:
        with path.open("rb") as f:
            return f.read(16) == PLAIN_HEADER
    except OSError:
        return False


def encrypt_file(path: Path, key: str) -> None:
    """Encrypt an existing plain store in place (``caretui admin encrypt-store``).

    The encrypted copy is made beside it, checked, then moved over the original.
    """
    with sqlite3.connect(path) as plain:
        plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        tables = plain.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    target = path.with_name(path.name + ".encrypting")
    target.unlink(missing_ok=True)
    fd = os.open(target, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(fd)
    conn = cipher_module().connect(str(path))
    try:
        conn.execute(f"ATTACH DATABASE '{target}' AS encrypted KEY \"x'{key}'\"")
        conn.execute("SELECT sqlcipher_export('encrypted')")
        conn.execute("DETACH DATABASE encrypted")
    finally:
        conn.close()
    check = connect(target, key, 5.0)
    try:
        copied = check.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    finally:
        check.close()
    if copied != tables:
        target.unlink(missing_ok=True)
        raise KeyProblem("The encrypted copy did not match the store; nothing was changed.")
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    os.replace(target, path)
