"""Bring a store's schema up to date (interim: create tables; Alembic replaces this)."""

from __future__ import annotations

from sqlmodel import SQLModel

from caretui.store import models  # noqa: F401  (registers the tables)


def upgrade_store(store) -> None:  # type: ignore[no-untyped-def]
    SQLModel.metadata.create_all(store.write_engine)
