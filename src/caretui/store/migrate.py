"""Bring a store's schema up to date with Alembic, on every start.

A store at the newest revision costs one small query (start-up time is benchmarked).
An older store is upgraded in place; Alembic's revisions only add and reshape, they never
drop a practitioner's data. A store written by a newer caretui is refused rather than
guessed at.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text

if TYPE_CHECKING:
    from alembic.config import Config

    from caretui.store.db import Store
    from caretui.store.errors import StoreError

MIGRATIONS = Path(__file__).with_name("migrations")

# The newest revision in migrations/versions. Checking a store against this constant
# avoids importing Alembic on every start; a test keeps it equal to the scripts' head.
HEAD = "0005"


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


@cache
def known_revisions() -> tuple[str, frozenset[str]]:
    """(head, every revision this program knows), read from the migration scripts."""
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(alembic_config())
    head = scripts.get_current_head()
    assert head is not None
    return head, frozenset(s.revision for s in scripts.walk_revisions())


def current_revision(store: Store) -> str | None:
    with store.engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade_store(store: Store, *, refuse_new: StoreError | None = None) -> None:
    """Bring the schema to the newest revision; with ``refuse_new``, a database with no
    caretui schema yet is left untouched and that error raised instead."""
    from caretui.store.errors import StoreError

    current = current_revision(store)
    if current == HEAD:
        return
    if current is None and refuse_new is not None:
        raise refuse_new
    _head, known = known_revisions()
    if current is not None and current not in known:
        raise StoreError(
            f"The store at {store.description} was written by a newer version of caretui "
            f"(schema {current}). Update caretui before opening it: nothing has been changed."
        )
    from alembic import command

    config = alembic_config()
    with store.write_engine.connect() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
        conn.commit()
