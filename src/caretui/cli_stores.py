"""Opening the live store and the sandbox for a shell command, and failing in words.

A command that cannot go on prints ``caretui: <why>`` and exits with :data:`EXIT_STORE`
when the store or its configuration cannot be used, else with :data:`EXIT_REFUSED`.
As in :mod:`caretui.cli`, heavy modules are imported inside the functions that need them.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    from caretui.store.db import Store

EXIT_REFUSED = 1
EXIT_STORE = 2


def fail(message: str, code: int = EXIT_REFUSED) -> NoReturn:
    print(f"caretui: {message}", file=sys.stderr)
    raise SystemExit(code)


# --- opening stores ---------------------------------------------------------------------


def read_config():  # type: ignore[no-untyped-def]
    """The configuration; a command fails in words when it cannot be read."""
    from caretui.config import ConfigError, load_config

    try:
        return load_config()
    except ConfigError as exc:
        fail(str(exc), EXIT_STORE)


def open_live() -> Store:
    from caretui.store.db import open_store
    from caretui.store.errors import StoreError

    config = read_config()
    try:
        return open_store(config.live_url, sandbox=False, key=_live_key(config))
    except StoreError as exc:
        fail(str(exc), EXIT_STORE)


def _live_key(config) -> str | None:  # type: ignore[no-untyped-def]
    """The live store's encryption key when ``[store] encrypt = true`` (SQLite only)."""
    from pathlib import Path

    from sqlalchemy.engine import make_url

    from caretui.store import keys

    url = make_url(config.live_url)
    if not config.encrypt or url.get_backend_name() != "sqlite":
        return None
    path = Path(url.database or "")
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
    from pathlib import Path

    from sqlalchemy.engine import make_url

    from caretui.store.db import open_store
    from caretui.store.errors import StoreError

    url = read_config().sandbox_url
    path = Path(make_url(url).database or "")
    if not path.exists() or path.stat().st_size == 0:
        if not build_if_missing:
            fail("There is no sandbox yet. Build it with: caretui sandbox --reset")
        build_sandbox_with_progress(url, persons=0)
    try:
        return open_store(url, sandbox=True)
    except StoreError as exc:
        fail(f"{exc} (rebuild the sandbox with: caretui sandbox --reset)", EXIT_STORE)


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
