"""Shared fixtures: an isolated environment for every test, and real stores.

``store_url`` / ``store`` run a test against a fresh SQLite file and against a fresh
database on a real PostgreSQL server. The server is started once per test session (per
xdist worker) by pytest-postgresql's executor from Debian's ``postgresql`` binaries.
PostgreSQL refuses to run as root, and CI runs as root: then the server runs as the
unprivileged ``postgres`` user (created by the Debian package) through ``runuser``. A
developer running as themselves takes the same path without ``runuser``.

Without the binaries the PostgreSQL tests skip with the reason, except in CI (``CI`` set),
where they fail: CI must run them.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

PG_MISSING = "PostgreSQL server binaries not found (apt-get install postgresql)"
TEMPLATE_DB = "caretui_template"
# The tests' today, at a pinned evening hour that moves on as the suite runs: what the
# sandbox records as "earlier today" is the same whenever the suite is run.
TODAY = "2026-11-24T22:00"
_db_numbers = itertools.count(1)


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the user's real store or config; pin today's date."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("CARETUI_TODAY", TODAY)
    monkeypatch.delenv("CARETUI_DATABASE_URL", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)


# --- PostgreSQL -------------------------------------------------------------------------------


def find_pg_ctl() -> str | None:
    found = shutil.which("pg_ctl")
    if found:
        return found
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    return candidates[-1] if candidates else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_unprivileged_user(pg_ctl: str, base: Path) -> str:
    """A pg_ctl that runs as the 'postgres' user, for when the tests run as root."""
    try:
        account = pwd.getpwnam("postgres")
    except KeyError:
        account = pwd.getpwnam("nobody")
    os.chown(base, account.pw_uid, account.pw_gid)
    wrapper = base / "pg_ctl-unprivileged"
    # From a folder the postgres user can enter: the checkout may sit under /root.
    wrapper.write_text(
        f'#!/bin/sh\ncd "{base}" || exit 1\nexec runuser -u {account.pw_name} -- "{pg_ctl}" "$@"\n'
    )
    wrapper.chmod(stat.S_IRWXU)
    return str(wrapper)


@pytest.fixture(scope="session")
def postgresql_server() -> Iterator[tuple[str, int]]:
    """A running PostgreSQL server as (host, port), with a migrated template database."""
    pg_ctl = find_pg_ctl()
    if pg_ctl is None:
        if os.environ.get("CI"):
            pytest.fail(f"{PG_MISSING}; CI must run the PostgreSQL tests.")
        pytest.skip(PG_MISSING)
    try:
        from pytest_postgresql.executors import PostgreSQLExecutor
    except ImportError:  # pytest-postgresql before 8
        from pytest_postgresql.executor import PostgreSQLExecutor  # type: ignore[no-redef]

    base = Path(tempfile.mkdtemp(prefix="caretui-pg-"))
    base.chmod(0o700)
    executable = _as_unprivileged_user(pg_ctl, base) if os.geteuid() == 0 else pg_ctl
    port = _free_port()
    executor = PostgreSQLExecutor(
        executable=executable,
        host="127.0.0.1",
        port=port,
        datadir=str(base / "data"),
        unixsocketdir=str(base),
        logfile=str(base / "postgresql.log"),
        startparams="-w",
        dbname="postgres",
        user="postgres",
        postgres_options="-c fsync=off -c synchronous_commit=off -c full_page_writes=off",
    )
    executor.start()
    try:
        _wait_until_ready(port)
        _make_template(port)
        yield "127.0.0.1", port
    finally:
        executor.stop()
        shutil.rmtree(base, ignore_errors=True)


def _admin(port: int):  # type: ignore[no-untyped-def]
    import psycopg

    return psycopg.connect(
        host="127.0.0.1", port=port, user="postgres", dbname="postgres", autocommit=True
    )


def _wait_until_ready(port: int, seconds: float = 60.0) -> None:
    import time

    import psycopg

    deadline = time.monotonic() + seconds
    while True:
        try:
            with _admin(port):
                return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def _url(port: int, dbname: str) -> str:
    return f"postgresql+psycopg://postgres@127.0.0.1:{port}/{dbname}"


def _make_template(port: int) -> None:
    from caretui.store.db import open_store

    with _admin(port) as conn:
        conn.execute(f"CREATE DATABASE {TEMPLATE_DB}")
    store = open_store(_url(port, TEMPLATE_DB))
    store.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty (migrated) store: a SQLite file, or a database on the server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    _host, port = request.getfixturevalue("postgresql_server")
    name = f"caretui_test_{os.getpid()}_{next(_db_numbers)}"
    with _admin(port) as conn:
        conn.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE_DB}")
    try:
        yield _url(port, name)
    finally:
        with _admin(port) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def store(store_url: str):  # type: ignore[no-untyped-def]
    from caretui.store.db import open_store

    opened = open_store(store_url)
    try:
        yield opened
    finally:
        opened.dispose()


# --- CI must not skip what it can run ----------------------------------------------------------

_skipped_postgres: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped and "postgres" in report.keywords:
        _skipped_postgres.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if os.environ.get("CI") and _skipped_postgres:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter) -> None:  # type: ignore[no-untyped-def]
    if os.environ.get("CI") and _skipped_postgres:
        terminalreporter.write_line(
            f"CI: {len(_skipped_postgres)} PostgreSQL test(s) were skipped; they must run. "
            f"First: {_skipped_postgres[0]}",
            red=True,
        )
