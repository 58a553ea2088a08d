"""The store's schema comes only from Alembic migrations, and they match the models."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import MetaData, Table, text
from sqlmodel import SQLModel

from caretui.store import migrate
from caretui.store.db import open_store
from caretui.store.errors import StoreError
from caretui.store.models import Person
from caretui.store.ops.accounts import create_team, create_user
from caretui.store.queries import staff

FIRST_REVISION = "0001"


def test_building_from_the_first_migration_gives_exactly_the_models(store) -> None:  # type: ignore[no-untyped-def]
    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, SQLModel.metadata) == []
        assert migrate.current_revision(store) == migrate.known_revisions()[0]


def test_the_head_constant_matches_the_migration_scripts() -> None:
    assert migrate.known_revisions()[0] == migrate.HEAD


def test_reopening_a_populated_store_keeps_its_records(store_url: str) -> None:
    first = open_store(store_url)
    create_team(first, None, "North")
    create_user(first, None, login="morgan", name="Chris Morgan", role="system_admin", team="North")
    first.dispose()
    again = open_store(store_url)
    try:
        assert [u.login for u in staff.users(again)] == ["morgan"]
    finally:
        again.dispose()


def test_an_older_store_is_upgraded_on_start_without_losing_data(store_url: str) -> None:
    """A store left at the first revision (as an older caretui made it) is brought to head."""
    from alembic import command

    engine_store = open_store(store_url, upgrade=False)
    config = migrate.alembic_config()
    with engine_store.write_engine.connect() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "base")
        command.upgrade(config, FIRST_REVISION)
        conn.commit()
    ada = Person(
        first_name="Ada",
        last_name="Byron",
        first_name_key="ada",
        last_name_key="byron",
        date_of_birth=date(1950, 1, 1),
        created_at=datetime(2026, 1, 1),
        updated_at=datetime(2026, 1, 1),
    )
    with engine_store.write_engine.begin() as conn:
        # Only the columns the first revision had: today's model has more.
        table = Table("person", MetaData(), autoload_with=conn)
        row = ada.model_dump()
        conn.execute(table.insert(), {c.name: row[c.name] for c in table.columns if c.name != "id"})
    engine_store.dispose()
    upgraded = open_store(store_url)
    try:
        assert migrate.current_revision(upgraded) == migrate.known_revisions()[0]
        with upgraded.read() as s:
            assert s.exec(text("SELECT last_name FROM person")).all()[0][0] == "Byron"  # type: ignore[call-overload]
    finally:
        upgraded.dispose()


def test_a_store_from_a_newer_caretui_is_refused(store_url: str) -> None:
    first = open_store(store_url)
    with first.write() as s:
        s.exec(text("UPDATE alembic_version SET version_num = '9999'"))  # type: ignore[call-overload]
    first.dispose()
    with pytest.raises(StoreError, match="newer version of caretui"):
        open_store(store_url)
