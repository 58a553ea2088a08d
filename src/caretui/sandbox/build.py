"""The training sandbox (T1): a separate SQLite store full of made-up people.

``build_sandbox`` always builds from scratch into a temporary file next to the target
and renames it over the target only once it is complete, so a crash or Ctrl+C never
leaves a half-built sandbox behind (and a trainer's existing sandbox survives a
failed rebuild). The schema comes from the migrations via ``open_store``; the rows
are written by ``demo`` (named users and story people) and ``bulk`` (generated people
for load testing) on a connection tuned for one-off bulk loading; big builds also use
helper processes and a private scratch folder beside the target, removed when the
build ends. Only one audit entry is written: the build itself.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import select

from caretui.rules import clock
from caretui.sandbox.bulk import build_bulk
from caretui.sandbox.demo import build_demo
from caretui.sandbox.demo_cast import DEMO_USERS
from caretui.sandbox.form_fill import fill_from_people
from caretui.sandbox.people import NhsNumbers
from caretui.sandbox.rows import Sink
from caretui.store import audit, name_index
from caretui.store.db import Store, open_store
from caretui.store.errors import StoreError
from caretui.store.models import StoreInfo

__all__ = [
    "Progress",
    "build_sandbox",
    "is_sandbox",
    "sandbox_facts",
]

Progress = Callable[[str, int, int], None]

_BULK_PRAGMAS = (
    "PRAGMA journal_mode = OFF",
    "PRAGMA synchronous = OFF",
    "PRAGMA foreign_keys = OFF",
    "PRAGMA temp_store = MEMORY",
    "PRAGMA cache_size = -65536",
    "PRAGMA locking_mode = EXCLUSIVE",
    "PRAGMA threads = 2",  # lets CREATE INDEX sort on a second core
)


def build_sandbox(url: str, *, persons: int = 0, progress: Progress | None = None) -> None:
    """Build a fresh sandbox at ``url`` (``sqlite:///path``), replacing any old one.

    ``persons`` adds that many generated people (with their own generated teams and
    staff) on top of the demo set. ``progress(stage, done, total)`` is called
    regularly so a command line can draw a progress bar.
    """
    if persons < 0:
        raise ValueError("persons must be 0 or more")
    target = _sqlite_path(url)
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    building = target.with_name(f".{target.name}.building-{os.getpid()}")
    scratch = target.with_name(f".{target.name}.chunks-{os.getpid()}")
    _remove_database_files(building)
    report = progress or _no_progress
    today = clock.today()  # every date in the sandbox is relative to this one day
    try:
        building_url = f"sqlite:///{building}"
        report("Creating the store", 0, 1)
        open_store(building_url, sandbox=True).dispose()  # the schema, from the migrations
        report("Creating the store", 1, 1)
        scratch.mkdir(mode=0o700, exist_ok=True)
        total_people = _fill(building_url, today, persons, report, scratch)
        _record_build(building_url, today, persons, total_people)
        report("Replacing the old sandbox", 0, 1)
        _remove_database_files(target, keep_main=True)
        os.replace(building, target)
        report("Replacing the old sandbox", 1, 1)
    except BaseException:
        _remove_database_files(building)
        raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def is_sandbox(store: Store) -> bool:
    """True when the store was built by ``build_sandbox`` (its StoreInfo says so)."""
    try:
        with store.read() as session:
            row = session.get(StoreInfo, "kind")
    except SQLAlchemyError:
        return False
    return row is not None and row.value == "sandbox"


def sandbox_facts(store: Store) -> dict[str, str]:
    """Everything StoreInfo records about the build (kind, built_at, persons, ...)."""
    with store.read() as session:
        return {row.key: row.value for row in session.exec(select(StoreInfo)).all()}


# --- building ---------------------------------------------------------------------------


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


def _sqlite_path(url: str) -> Path:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        raise StoreError(
            "The training sandbox is always a local SQLite file, never a team database. "
            "Give it a path such as sqlite:///home/me/sandbox.db."
        )
    if not parsed.database or parsed.database == ":memory:":
        raise StoreError("The training sandbox needs a file path, not an in-memory database.")
    return Path(parsed.database).expanduser().resolve()


def _remove_database_files(path: Path, *, keep_main: bool = False) -> None:
    """Remove a database file and its -wal/-shm/-journal companions.

    A stale -wal left beside a new file would be replayed into it, so the
    companions always go; ``keep_main`` leaves the main file for an atomic rename.
    """
    suffixes = ("-wal", "-shm", "-journal") if keep_main else ("", "-wal", "-shm", "-journal")
    for suffix in suffixes:
        with contextlib.suppress(FileNotFoundError):
            Path(f"{path}{suffix}").unlink()


def _bulk_engine(url: str) -> Engine:
    """An engine for this one-off load: no journal, no fsync, no FK checks.

    Safe only because the file is private to the build until it is renamed; the ids
    are assigned by the generator, which keeps every reference valid.
    """
    engine = create_engine(url)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
        cursor = dbapi_conn.cursor()
        for pragma in _BULK_PRAGMAS:
            cursor.execute(pragma)
        cursor.close()

    return engine


@contextlib.contextmanager
def _without_secondary_indexes(connection: Connection) -> Iterator[None]:
    """Drop the schema's own indexes during the load and recreate them afterwards.

    Building an index once over sorted data is several times faster than keeping it
    up to date row by row; the indexes are recreated from their exact stored SQL, so
    the schema ends up byte for byte what the migrations made.
    """
    indexes = connection.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
    ).all()
    for name, _ in indexes:
        connection.exec_driver_sql(f'DROP INDEX "{name}"')
    connection.commit()
    yield
    for _, sql in indexes:
        connection.exec_driver_sql(sql)
    connection.commit()


def _fill(url: str, today: date, persons: int, report: Progress, scratch: Path) -> int:
    engine = _bulk_engine(url)
    try:
        with engine.connect() as connection:
            with _without_secondary_indexes(connection):
                sink = Sink(connection)
                nhs = NhsNumbers()
                demo = build_demo(sink, today, nhs, report)
                sink.flush()
                if persons:
                    build_bulk(sink, persons, today, demo.logins, report, scratch=scratch)
                sink.flush()
                fill_from_people(connection)
                connection.commit()
                report("Indexing", 0, 2)
                name_index.rebuild(connection)
                connection.commit()
            report("Indexing", 1, 2)
            connection.exec_driver_sql("ANALYZE")
            connection.commit()
            report("Indexing", 2, 2)
            return sink.counts["person"]
    finally:
        engine.dispose()


def _record_build(url: str, today: date, persons: int, total_people: int) -> None:
    """StoreInfo rows and the single audit entry, through the ordinary store."""
    store = open_store(url, sandbox=True)
    try:
        now = clock.now()
        facts = {
            "kind": "sandbox",
            "built_at": now.isoformat(timespec="seconds"),
            "reference_date": today.isoformat(),
            "persons": str(total_people),
            "generated_persons": str(persons),
        }
        with store.write() as session:
            for key, value in facts.items():
                session.merge(StoreInfo(key=key, value=value, updated_at=now))
            audit.append(
                session,
                at=now,
                user_id=None,
                user_login="sandbox",
                action="sandbox.built",
                entity="store",
                detail={
                    "persons": total_people,
                    "generated_persons": persons,
                    "demo_users": [u.login for u in DEMO_USERS],
                },
                origin="sandbox",
            )
    finally:
        store.dispose()
