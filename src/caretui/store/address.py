"""Checking a store's address before anything is opened or made there.

A SQLite store is a file: its address may name a folder, a file that is not there (a
mistyped path), or a folder caretui cannot write in (SQLite writes its journal beside
the store, so even reading needs that). Each is refused in one sentence that names the
setting to change (the :class:`~caretui.config.StoreAddress` knows which) and, for a
missing store, the command that makes one. Nothing is made unless asked (``create``):
a mistyped path must not become a new, empty store.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from caretui.config import StoreAddress
from caretui.store.errors import StoreError, StoreMissing

_NOT_WRITABLE = (errno.EROFS, errno.EACCES, errno.EPERM)


def parse(address: StoreAddress) -> URL:
    """The address as a URL caretui can open, or StoreError saying what is wrong with it."""
    named_by, text = address.named_by, address.url
    try:
        url = make_url(text)
    except (ArgumentError, ValueError):  # ValueError: a port that is not a number
        raise StoreError(
            f"{named_by} is {_shown(text)!r}, which is not a store address: give a file path "
            "such as /home/me/caretui.db or an address such as postgresql://user@host/caretui."
        ) from None
    backend = url.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise StoreError(
            f"{named_by} names a {backend} database, but caretui keeps its records in SQLite "
            "or PostgreSQL: give a file path or a postgresql:// address."
        )
    if backend == "sqlite" and url.database in (None, "", ":memory:"):
        raise StoreError(
            f"{named_by} is {text!r}, a store in memory that keeps nothing once caretui "
            "closes: give the store file's path, such as /home/me/caretui.db."
        )
    return url


def _shown(text: str) -> str:
    """An address as typed, with any password in it hidden."""
    text = text.replace("postgresql+psycopg://", "postgresql://", 1)
    scheme, sep, rest = text.partition("://")
    who, at, where = rest.rpartition("@")
    if sep and at and ":" in who:
        return f"{scheme}://{who.split(':', 1)[0]}:***@{where}"
    return text


def sqlite_path(address: StoreAddress) -> Path | None:
    """The file of a SQLite store; None for a database server."""
    url = parse(address)
    return Path(url.database or "") if url.get_backend_name() == "sqlite" else None


def check_address(address: StoreAddress, *, create: bool) -> None:
    """Refuse, in words, an address that cannot be a store; with ``create``, make a SQLite
    store's folder (owner-only) when it is missing. Whether a database server can be
    reached is the server's to say when caretui connects."""
    path = sqlite_path(address)
    if path is None:
        return
    try:
        _check_file(path, address, create=create)
    except OSError as exc:
        raise StoreError(
            f"caretui cannot use {exc.filename or path} ({exc.strerror}): check {address.named_by}."
        ) from exc


def _check_file(path: Path, address: StoreAddress, *, create: bool) -> None:
    what, named_by = address.what, address.named_by
    if path.is_dir():
        raise StoreError(
            f"{path} is a folder, not a {what} file: point {named_by} at a file, such as "
            f"{path / ('sandbox.db' if what == 'sandbox' else 'caretui.db')}."
        )
    folder = path.parent
    if not folder.exists():
        if not create:
            raise StoreMissing(
                f"There is no {what} at {path}, nor a folder {folder}: check {named_by}, "
                f"or make a new {what} there with: {address.create_with}"
            )
        _make_folder(folder, address)
    elif not folder.is_dir():
        raise StoreError(
            f"{folder} is a file, not a folder, so there is no {what} at {path}: check {named_by}."
        )
    there = path.exists() and path.stat().st_size > 0
    if not there and not create:
        raise StoreMissing(
            f"There is no {what} at {path}: check {named_by}, or make a new {what} there "
            f"with: {address.create_with}"
        )
    if not os.access(folder, os.W_OK):
        doing = (
            f"open the {what} in it (even reading writes a journal beside it)"
            if there
            else f"make the {what} in it"
        )
        raise StoreError(
            f"The folder {folder} is read-only, so caretui cannot {doing}: make the folder "
            f"writable, or choose another with {named_by}."
        )


def _make_folder(folder: Path, address: StoreAddress) -> None:
    try:
        folder.mkdir(parents=True, mode=0o700)
    except OSError as exc:
        if exc.errno not in _NOT_WRITABLE:
            raise
        blocked = next((p for p in folder.parents if p.exists()), folder.anchor)
        raise StoreError(
            f"The folder {blocked} is read-only, so caretui cannot make the folder {folder} "
            f"in it for the {address.what}: make it writable, or choose another with "
            f"{address.named_by}."
        ) from exc


def describe(address: StoreAddress) -> str:
    """The store as a message names it: a file's path, or a server address without its
    password."""
    path = sqlite_path(address)
    if path is not None:
        return str(path)
    return make_url(address.url).render_as_string(hide_password=True)
