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


def _collations(store) -> dict[str, str | None]:  # type: ignore[no-untyped-def]
    with store.read() as s:
        rows = s.exec(  # type: ignore[call-overload]
            text(
                "SELECT column_name, collation_name FROM information_schema.columns "
                "WHERE table_name = 'person_name_word' AND column_name IN ('word', 'sort_key')"
            )
        ).all()
    return dict(rows)


def test_a_store_from_before_names_in_every_script_finds_them_once_upgraded(
    store_url: str,
) -> None:
    """0005: a store at 0004 indexed only a-z; upgraded, its people are found by their
    words in any script, their name keys are folded, and on PostgreSQL the word columns
    compare in code-point order."""
    from alembic import command

    from caretui.store.ops.sessions import sign_in
    from caretui.store.queries import search

    old = open_store(store_url, upgrade=False)
    config = migrate.alembic_config()
    with old.write_engine.connect() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "base")
        command.upgrade(config, "0004")
        conn.commit()
    people = [
        ("Leroy مرحبا שלום", "O'Brien"),
        ("মোহাম্মদ", "Rahman"),
        ("Zoë", "王小明"),
    ]
    with old.write_engine.begin() as conn:
        person = Table("person", MetaData(), autoload_with=conn)
        words = Table("person_name_word", MetaData(), autoload_with=conn)
        for first, last in people:
            row = Person(
                first_name=first,
                last_name=last,
                first_name_key=first.lower(),  # as caretui wrote them before 0005
                last_name_key=last.lower(),
                created_at=datetime(2026, 1, 1),
                updated_at=datetime(2026, 1, 1),
            ).model_dump()
            (person_id,) = conn.execute(
                person.insert().returning(person.c.id),
                {c.name: row[c.name] for c in person.columns if c.name != "id"},
            ).one()
            # The index before 0005 held only the words a-z.
            conn.execute(
                words.insert(), {"person_id": person_id, "word": "x", "sort_key": last.lower()}
            )
    old.dispose()

    upgraded = open_store(store_url)
    try:
        assert migrate.current_revision(upgraded) == "0005"
        create_team(upgraded, None, "North")
        create_user(
            upgraded, None, login="morgan", name="Chris Morgan", role="system_admin", team="North"
        )
        admin = sign_in(upgraded, "morgan")

        def found(typed: str) -> list[str]:
            return [h.name for h in search.search_people(upgraded, admin, typed).hits]

        assert found("مرحبا") == found("שלום") == found("obrien") == ["Leroy مرحبا שלום O'Brien"]
        assert found("মোহা") == ["মোহাম্মদ Rahman"]
        assert found("王小") == found("zoe") == ["Zoë 王小明"]
        assert found("x") == []  # the old index is gone, not kept beside the new one
        with upgraded.read() as s:
            keys = s.exec(  # type: ignore[call-overload]
                text("SELECT last_name_key, first_name_key FROM person ORDER BY id")
            ).all()
        assert [tuple(k) for k in keys] == [
            ("obrien", "leroy مرحبا שלום"),
            ("rahman", "মোহাম্মদ"),
            ("王小明", "zoe"),
        ]
        if upgraded.is_postgres:
            assert _collations(upgraded) == {"word": "C", "sort_key": "C"}
    finally:
        upgraded.dispose()


def test_a_new_store_compares_name_words_in_code_point_order(store) -> None:  # type: ignore[no-untyped-def]
    """The migrations' schema says what the models say: alembic does not compare
    collations, so this does."""
    from caretui.store.models import PersonNameWord

    table = PersonNameWord.__table__  # type: ignore[attr-defined]
    if store.is_postgres:
        assert _collations(store) == {"word": "C", "sort_key": "C"}
        for column in ("word", "sort_key"):
            pg_type = table.c[column].type.dialect_impl(store.engine.dialect)
            assert pg_type.collation == "C"
    else:  # SQLite's own BINARY collation: UTF-8 bytes, in code-point order
        with store.read() as s:
            (sql,) = s.exec(  # type: ignore[call-overload]
                text("SELECT sql FROM sqlite_master WHERE name = 'person_name_word'")
            ).one()
        assert "COLLATE" not in sql.upper()
