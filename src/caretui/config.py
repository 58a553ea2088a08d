"""Where things live and what the user has configured.

The config file is TOML in the platformdirs config folder (``caretui/config.toml``);
stores live in the platformdirs data folder, so ``XDG_CONFIG_HOME`` and
``XDG_DATA_HOME`` move them. ``CARETUI_DATABASE_URL`` overrides the live store.
A PostgreSQL password never lives here: it comes from keyring (service ``caretui``).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

APP_NAME = "caretui"
KEYRING_SERVICE = "caretui"


class ConfigError(Exception):
    """The config file cannot be used; the message says what to fix."""


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_path() -> Path:
    return config_dir() / "config.toml"


@dataclass
class Config:
    database_url: str | None = None
    sandbox_path: Path | None = None
    theme: str | None = None
    keymap: dict[str, str] = field(default_factory=dict)
    idle_lock_minutes: float = 15  # [session] idle_minutes; 0 turns the lock off
    encrypt: bool = False  # [store] encrypt: SQLCipher for a SQLite live store

    @property
    def live_url(self) -> str:
        env = os.environ.get("CARETUI_DATABASE_URL")
        if env:
            return normalise_url(env)
        if self.database_url:
            return normalise_url(self.database_url)
        return sqlite_url(data_dir() / "caretui.db")

    @property
    def sandbox_url(self) -> str:
        path = self.sandbox_path or data_dir() / "sandbox.db"
        return sqlite_url(path)


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


def load_config(path: Path | None = None) -> Config:
    path = path or config_path()
    if not path.exists():
        return Config()
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
    return Config(
        database_url=store.get("database_url"),
        sandbox_path=Path(sandbox_path).expanduser() if sandbox_path else None,
        theme=ui.get("theme"),
        keymap={str(k): str(v) for k, v in raw.get("keymap", {}).items()},
        idle_lock_minutes=float(idle),
        encrypt=bool(store.get("encrypt", False)),
    )
