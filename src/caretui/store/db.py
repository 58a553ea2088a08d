"""Opening a store: SQLite by default, PostgreSQL for a team.

SQLite runs in WAL mode with foreign keys on and a busy timeout. Writes take the
write lock up front (``BEGIN IMMEDIATE``) so two writers queue instead of failing
half way, and the audit chain is appended by one writer at a time. PostgreSQL
serialises audit appends with an advisory lock (see ``store.audit``).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlmodel import Session, create_engine

from caretui.config import KEYRING_SERVICE, StoreAddress
from caretui.store.address import check_address, describe
from caretui.store.errors import StoreError, StoreMissing

BUSY_TIMEOUT_MS = 10_000


@dataclass
class Store:
    """An open store: engines plus what the audit trail records about where work happens."""

    url: str
    engine: Engine
    write_engine: Engine
    sandbox: bool

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def is_postgres(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    @property
    def origin(self) -> str:
        """Where work happens, for the audit trail: sandbox or live, and over SSH from
        which address (``SSH_CLIENT`` or ``SSH_CONNECTION``) or at a local terminal."""
        where = "sandbox" if self.sandbox else "live"
        ssh = (os.environ.get("SSH_CLIENT") or os.environ.get("SSH_CONNECTION") or "").split()
        return f"{where} ssh:{ssh[0]}" if ssh else f"{where} terminal"

    @property
    def description(self) -> str:
        url = make_url(self.url)
        if url.get_backend_name() == "sqlite":
            return str(url.database)
        return url.render_as_string(hide_password=True)

    @contextmanager
    def read(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction: everything inside commits together or not at all."""
        with Session(self.write_engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def dispose(self) -> None:
        self.engine.dispose()
        if self.write_engine is not self.engine:
            self.write_engine.dispose()


def _sqlite_pragmas(engine: Engine, *, immediate: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:  # type: ignore[no-untyped-def]
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def secure_sqlite_path(path: Path) -> None:
    """Create the store's folder owner-only, and refuse a store others can read."""
    folder = path.parent
    if not folder.exists():
        folder.mkdir(parents=True, mode=0o700)
    if path.exists():
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            raise StoreError(
                f"The store {path} can be read by other users of this computer, so it was "
                f"not opened. Make it private with:  chmod 600 {path}"
            )
    else:
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)


def _postgres_password(url_text: str) -> str:
    url = make_url(url_text)
    if url.password or not url.username:
        return url_text
    try:
        import keyring
        from keyring.errors import KeyringError

        password = keyring.get_password(KEYRING_SERVICE, url.username)
    except (ImportError, KeyringError, RuntimeError):
        password = None
    if password is None:
        return url_text  # peer/trust authentication, or .pgpass; the server will say
    return url.set(password=password).render_as_string(hide_password=False)


def _encrypted_engines(path: Path, key: str) -> tuple[Engine, Engine]:
    """SQLCipher engines: every connection gets the key before it reads anything."""
    from caretui.store import keys

    try:
        module = keys.cipher_module()
        if path.stat().st_size and keys.is_plain_sqlite(path):
            raise StoreError(
                f"The store {path} is not encrypted, but config.toml asks for encryption "
                "(encrypt = true under [store]). Encrypt it once with:  "
                "caretui admin encrypt-store"
            )
    except keys.KeyProblem as exc:
        raise StoreError(str(exc)) from exc

    def connect() -> object:
        return keys.connect(path, key, BUSY_TIMEOUT_MS / 1000)

    probe = connect()
    try:
        probe.execute("SELECT count(*) FROM sqlite_master")  # type: ignore[attr-defined]
    except module.DatabaseError as exc:
        raise StoreError(
            f"The encrypted store {path} could not be unlocked: the key is wrong, or the "
            "file is damaged. Check the keyring entry or key file, or restore from a backup."
        ) from exc
    finally:
        probe.close()  # type: ignore[attr-defined]
    url = f"sqlite:///{path}"
    return (
        create_engine(url, module=module, creator=connect),
        create_engine(url, module=module, creator=connect),
    )


def _looks_encrypted(path: Path) -> bool:
    """A non-empty file that does not start as every plain SQLite file does."""
    try:
        with path.open("rb") as f:
            head = f.read(16)
    except OSError:
        return False
    return bool(head) and head != b"SQLite format 3\x00"


def make_engines(url_text: str, key: str | None = None) -> tuple[Engine, Engine]:
    url = make_url(url_text)
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            secure_sqlite_path(Path(url.database))
        args = {"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000}
        if key is not None:
            read, write = _encrypted_engines(Path(url.database or ""), key)
        elif _looks_encrypted(Path(url.database or "")):
            raise StoreError(
                f"The store {url.database} is encrypted (or is not a caretui store). To open "
                "it, set encrypt = true under [store] in config.toml; its key comes from the "
                "keyring or CARETUI_STORE_KEY_FILE."
            )
        else:
            read = create_engine(url, connect_args=args)
            write = create_engine(url, connect_args=args)
        _sqlite_pragmas(read, immediate=False)
        _sqlite_pragmas(write, immediate=True)
        return read, write
    if url.get_backend_name() == "postgresql":
        try:
            engine = create_engine(_postgres_password(url_text), pool_pre_ping=True)
        except ImportError as exc:  # the driver, psycopg, is an optional extra
            raise StoreError(
                "A team database (PostgreSQL) needs the psycopg package, which is not "
                "installed here: install it with  pip install 'caretui[postgres]'"
            ) from exc
        return engine, engine
    raise StoreError(f"caretui stores records in SQLite or PostgreSQL, not {url.drivername}.")


def open_store(
    address: str | StoreAddress,
    *,
    sandbox: bool = False,
    upgrade: bool = True,
    key: str | None = None,
    create: bool = True,
) -> Store:
    """Open (and create or upgrade) a store, or raise StoreError with a message to act on.

    ``address`` is a URL, or a :class:`StoreAddress` whose messages name the setting it
    came from. ``create=False`` refuses (``StoreMissing``) where there is no caretui store
    yet, making nothing: only a first-time set-up creates a store. ``key`` opens a SQLite
    store encrypted with SQLCipher (see ``store.keys``).
    """
    if not isinstance(address, StoreAddress):
        address = StoreAddress(address)
    url = address.url
    try:
        check_address(address, create=create)
        read, write = make_engines(url, key)
        store = Store(url=url, engine=read, write_engine=write, sandbox=sandbox)
        try:
            _bring_up_to_date(store, address, upgrade=upgrade, create=create)
        except StoreMissing:
            store.dispose()
            raise
    except StoreError:
        raise
    except PermissionError as exc:
        raise StoreError(f"caretui may not use {exc.filename}: {exc.strerror}.") from exc
    except OperationalError as exc:
        raise StoreError(describe_operational_error(url, exc)) from exc
    except (SQLAlchemyError, OSError) as exc:
        raise StoreError(f"The store at {_safe(url)} could not be opened: {exc}") from exc
    return store


def _bring_up_to_date(store: Store, address: StoreAddress, *, upgrade: bool, create: bool) -> None:
    """Upgrade the schema (or just connect); without ``create``, a database (or SQLite
    file) without caretui's tables is not a store yet, and is left as it is."""
    from caretui.store.migrate import current_revision, upgrade_store

    missing = None
    if not create:
        missing = StoreMissing(
            f"{describe(address)} holds no {address.what} yet: check {address.named_by}, "
            f"or make a new {address.what} there with: {address.create_with}"
        )
    if upgrade:
        upgrade_store(store, refuse_new=missing)
    elif missing is not None and current_revision(store) is None:
        raise missing
    else:
        with store.engine.connect():
            pass


def _safe(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def describe_operational_error(url: str, exc: Exception) -> str:
    """Turn a driver's error into words a practitioner or their support desk can act on."""
    text = str(getattr(exc, "orig", exc)).lower()
    where = _safe(url)
    if "locked" in text or "busy" in text:
        return (
            "The records are busy: someone else is saving a large change. "
            "Nothing you typed is lost; try again in a moment."
        )
    if "disk is full" in text or "no space" in text or "database or disk is full" in text:
        return (
            "The disk holding the records is full, so nothing could be saved. Nothing you "
            "typed is lost (it is kept as a draft); free some space and save again."
        )
    if "readonly" in text or "read-only" in text:
        return (
            f"The store at {where} is read only, so nothing can be saved. What you typed "
            "stays on screen; ask IT support to make the store writable again."
        )
    if "unable to open" in text:
        return f"The store at {where} could not be opened. Check the folder exists and is yours."
    if "not a database" in text or "malformed" in text:
        return (
            f"The file at {where} is not a caretui store or is damaged. "
            "Restore it from a backup, or ask IT support."
        )
    if "password authentication failed" in text or "no password supplied" in text:
        return (
            f"The team database at {where} refused the password. Store it with: "
            f"keyring set {KEYRING_SERVICE} <database user>"
        )
    if "connection refused" in text or "could not connect" in text or "timeout" in text:
        return f"The team database at {where} cannot be reached. Check the network or VPN."
    return f"The store at {where} could not be used: {text}"
