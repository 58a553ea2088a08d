"""Opening the live store and the sandbox for a shell command, and failing in words.

A command that cannot go on prints ``caretui: <why>`` and exits with :data:`EXIT_STORE`
when the store or its configuration cannot be used, else with :data:`EXIT_REFUSED`.
As in :mod:`caretui.cli`, heavy modules are imported inside the functions that need them.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    from caretui.config import Config, StoreAddress
    from caretui.store.db import Store

EXIT_REFUSED = 1
EXIT_STORE = 2


def fail(message: str, code: int = EXIT_REFUSED) -> NoReturn:
    print(f"caretui: {message}", file=sys.stderr)
    raise SystemExit(code)


# --- opening stores ---------------------------------------------------------------------


def read_config() -> Config:
    """The configuration; a command fails in words when it cannot be read."""
    from caretui.config import ConfigError, load_config

    try:
        return load_config()
    except ConfigError as exc:
        fail(str(exc), EXIT_STORE)


def live_address() -> StoreAddress:
    """Where the live store is; a command fails in words when the setting is unusable."""
    from caretui.config import ConfigError

    try:
        return read_config().live_address()
    except ConfigError as exc:
        fail(str(exc), EXIT_STORE)


def sandbox_address() -> StoreAddress:
    """Where the sandbox is; a command fails in words when the setting is unusable."""
    from caretui.config import ConfigError

    try:
        return read_config().sandbox_address()
    except ConfigError as exc:
        fail(str(exc), EXIT_STORE)


def open_live(*, create: bool = False, first_run: Callable[[str], NoReturn] | None = None) -> Store:
    """The live store. Only a first-time set-up (``create``: ``caretui admin create-team``
    or ``create-user``) makes one where there is none; otherwise a missing store is
    refused, making nothing, so a mistyped address never becomes a new empty store.
    ``first_run`` is told where the data folder's own store would be when it is missing,
    to say how to set one up."""
    from caretui.store.address import check_address, describe
    from caretui.store.db import open_store
    from caretui.store.errors import StoreError, StoreMissing

    config = read_config()
    address = live_address()
    try:
        check_address(address, create=create)  # before a key is made for a new store
        key = _live_key(config, address)
        return open_store(address, sandbox=False, key=key, create=create)
    except StoreMissing as exc:
        if first_run is not None and not address.chosen:
            first_run(describe(address))
        fail(str(exc), EXIT_STORE)
    except StoreError as exc:
        fail(str(exc), EXIT_STORE)


def _live_key(config: Config, address: StoreAddress) -> str | None:
    """The live store's encryption key when ``[store] encrypt = true`` (SQLite only)."""
    from caretui.store import keys
    from caretui.store.address import sqlite_path

    path = sqlite_path(address)
    if not config.encrypt or path is None:
        return None
    if keys.is_plain_sqlite(path):
        fail(
            f"The store {path} is not encrypted, but config.toml asks for encryption "
            "(encrypt = true under [store]). Encrypt it once with:  caretui admin encrypt-store",
            EXIT_STORE,
        )
    new = not path.exists() or path.stat().st_size == 0
    try:
        return keys.store_key(path, create=new)
    except keys.KeyProblem as exc:
        fail(str(exc), EXIT_STORE)


def open_sandbox(*, build_if_missing: bool = True) -> Store:
    """The sandbox, built on first use when ``build_if_missing`` in the data folder (made
    if need be). A ``sandbox_path`` set in config.toml is built only by ``caretui sandbox
    --reset``, so a mistyped one makes nothing."""
    from caretui.store.address import check_address, sqlite_path
    from caretui.store.db import open_store
    from caretui.store.errors import StoreError, StoreMissing

    address = sandbox_address()
    try:
        path = sqlite_path(address)
        assert path is not None  # a sandbox is always a file (config.sandbox_address)
        check_address(address, create=build_if_missing and not address.chosen)
    except StoreError as exc:
        fail(str(exc), EXIT_STORE)
    if not path.exists() or path.stat().st_size == 0:
        build_sandbox_at(address, persons=0)
    try:
        return open_store(address, sandbox=True, create=False)
    except StoreMissing as exc:
        fail(str(exc), EXIT_STORE)
    except StoreError as exc:
        fail(f"{exc} (rebuild the sandbox with: caretui sandbox --reset)", EXIT_STORE)


def build_sandbox_at(address: StoreAddress, *, persons: int) -> None:
    """Build (or rebuild) the sandbox, or fail in words: its folder is made if need be."""
    from caretui.store.address import check_address, sqlite_path
    from caretui.store.errors import StoreError

    try:
        check_address(address, create=True)
        build_sandbox_with_progress(address.url, persons=persons)
    except StoreError as exc:
        fail(str(exc), EXIT_STORE)
    except OSError as exc:
        fail(
            f"The sandbox could not be built at {sqlite_path(address)}: {exc.strerror or exc}; "
            "nothing was changed.",
            EXIT_STORE,
        )


def build_sandbox_with_progress(url: str, *, persons: int) -> None:
    """Build the sandbox, with a progress bar on a terminal."""
    from caretui.sandbox.build import build_sandbox

    if sys.stderr.isatty():
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        with Progress(
            TextColumn("[bold]Building the sandbox[/]"),
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.completed:,}/{task.total:,}"),
            TimeElapsedColumn(),
            transient=False,
        ) as bar:
            task = bar.add_task("", total=1)

            def progress(stage: str, done: int, total: int) -> None:
                bar.update(task, description=stage, completed=done, total=max(total, 1))

            build_sandbox(url, persons=persons, progress=progress)
    else:
        print("Building the sandbox...", file=sys.stderr)
        build_sandbox(url, persons=persons)
