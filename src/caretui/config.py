"""Where things live and what the user has configured.

The config file is TOML in the platformdirs config folder (``caretui/config.toml``);
stores live in the platformdirs data folder, so ``XDG_CONFIG_HOME`` and
``XDG_DATA_HOME`` move them. ``CARETUI_DATABASE_URL`` overrides the live store.
A PostgreSQL password never lives here: it comes from keyring (service ``caretui``).

A store's address is checked here as text (a blank one is refused) and handed on as a
:class:`StoreAddress` that names the setting it came from, so a message about it can say
what to change; whether it is an address caretui can open, and whether its file or
folder is usable, is the store's to check (``caretui.store.address``). This module
imports no database code: the rules read ``config_dir`` from it.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

APP_NAME = "caretui"
KEYRING_SERVICE = "caretui"
URL_ENV = "CARETUI_DATABASE_URL"
CREATE_LIVE = "caretui admin create-team NAME"
CREATE_SANDBOX = "caretui sandbox --reset"


class ConfigError(Exception):
    """The config file cannot be used; the message says what to fix."""


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_path() -> Path:
    return config_dir() / "config.toml"


@dataclass(frozen=True)
class StoreAddress:
    """Where a store is, and what a message about it needs to say what to do."""

    url: str
    named_by: str = "the store's address"  # the settings that choose it
    chosen: bool = True  # a setting names it (not the data folder's own store)
    what: str = "caretui store"  # "caretui store" or "sandbox", as a message names it
    create_with: str = CREATE_LIVE  # the command that makes a new one


@dataclass
class Config:
    database_url: str | None = None
    sandbox_path: str | None = None
    theme: str | None = None
    keymap: dict[str, str] = field(default_factory=dict)
    idle_lock_minutes: float = 15  # [session] idle_minutes; 0 turns the lock off
    encrypt: bool = False  # [store] encrypt: SQLCipher for a SQLite live store
    file: Path | None = None  # the config file this came from

    def _in_file(self, key: str) -> str:
        return f"{key} under [store] in {self.file or config_path()}"

    def live_address(self) -> StoreAddress:
        """The live store: ``CARETUI_DATABASE_URL``, else the config file's
        ``database_url``, else ``caretui.db`` in the data folder. Raises ConfigError
        for an address that cannot name a store."""
        env = os.environ.get(URL_ENV)
        if env:  # set but empty is unset, as shells mean it
            return StoreAddress(store_url(env, URL_ENV), URL_ENV)
        if self.database_url is not None:
            named_by = self._in_file("database_url")
            return StoreAddress(store_url(self.database_url, named_by), named_by)
        return StoreAddress(
            sqlite_url(data_dir() / "caretui.db"), f"{URL_ENV} or XDG_DATA_HOME", chosen=False
        )

    def sandbox_address(self) -> StoreAddress:
        """The sandbox: ``sandbox_path`` in the config file, else ``sandbox.db`` in the
        data folder. Raises ConfigError for a path that cannot name a file."""
        if self.sandbox_path is None:
            return StoreAddress(
                sqlite_url(data_dir() / "sandbox.db"),
                f"XDG_DATA_HOME or {self._in_file('sandbox_path')}",
                chosen=False,
                what="sandbox",
                create_with=CREATE_SANDBOX,
            )
        named_by = self._in_file("sandbox_path")
        value = self.sandbox_path.strip()
        if not value:
            raise ConfigError(
                f"{named_by} is blank: give the sandbox file's path, such as "
                "~/caretui/sandbox.db, or remove it to keep the sandbox in the data folder."
            )
        if "://" in value:
            raise ConfigError(
                f"{named_by} is a database address, but the sandbox is always a local file: "
                "give its path, such as ~/caretui/sandbox.db."
            )
        path = Path(value).expanduser().resolve()
        return StoreAddress(sqlite_url(path), named_by, what="sandbox", create_with=CREATE_SANDBOX)

    @property
    def live_url(self) -> str:
        return self.live_address().url

    @property
    def sandbox_url(self) -> str:
        return self.sandbox_address().url


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def normalise_url(value: str) -> str:
    """Accept a plain SQLite path as well as a URL; use psycopg 3 for PostgreSQL."""
    value = value.strip()
    if value.startswith(("postgres://", "postgresql://")):
        return "postgresql+psycopg://" + value.split("://", 1)[1]
    if "://" in value:
        return value
    return sqlite_url(Path(value).expanduser().resolve())


def store_url(value: str, named_by: str) -> str:
    """The URL of a store address as a person types it (a path or a URL), or ConfigError
    when it is blank; ``named_by`` is the setting it came from. Whether a URL is one
    caretui can open is the store's to say (``caretui.store.address``)."""
    if not value.strip():
        raise ConfigError(
            f"{named_by} is blank: set it to a store file's path or a postgresql:// address, "
            "or unset it to use the store in the data folder."
        )
    return normalise_url(value)


def load_config(path: Path | None = None) -> Config:
    path = path or config_path()
    if not path.exists():
        return Config(file=path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"The config file {path} could not be read: {exc}") from exc
    store = raw.get("store", {})
    ui = raw.get("ui", {})
    if "password" in store:
        raise ConfigError(
            f"{path} holds a database password. Remove it and store it with keyring instead: "
            f"keyring set {KEYRING_SERVICE} <database user>"
        )
    sandbox_path = store.get("sandbox_path")
    session = raw.get("session", {})
    idle = session.get("idle_minutes", ui.get("idle_lock_minutes", 15))
    if not isinstance(idle, int | float) or isinstance(idle, bool) or idle < 0:
        raise ConfigError(
            f"In {path}, [session] idle_minutes must be a number of minutes (0 turns the "
            f"screen lock off), not {idle!r}."
        )
    database_url = store.get("database_url")
    return Config(
        database_url=None if database_url is None else str(database_url),
        sandbox_path=None if sandbox_path is None else str(sandbox_path),
        theme=ui.get("theme"),
        keymap={str(k): str(v) for k, v in raw.get("keymap", {}).items()},
        idle_lock_minutes=float(idle),
        encrypt=bool(store.get("encrypt", False)),
        file=path,
    )
