"""Writing sandbox rows fast: plain tuples, ids handed out by the generator.

The sandbox never builds ORM objects. Rows are dicts turned at once into tuples
already in SQLite's storage format, and written in batches with the INSERT that
SQLAlchemy Core compiles for each table. Primary keys are assigned here rather than
by the database, so related rows can be generated before their parents are written.

Large builds generate people in chunks, possibly in other processes. A chunk numbers
its rows from 1 in every table it fills; ``Sink.write_chunk`` shifts those ids (and
the foreign keys that point at them) past the rows already written, so ids stay
contiguous and the result is the same however many processes did the work.
"""

from __future__ import annotations

import contextlib
import json
import operator
import sqlite3
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Table, insert
from sqlalchemy.dialects import sqlite
from sqlalchemy.engine import Connection, Dialect
from sqlmodel import SQLModel

from caretui.store import models  # noqa: F401  (registers the tables on the metadata)

# Rows of these tables are written once, before any chunk, and keep their ids.
SHARED_TABLES = frozenset({"team", "app_user"})
_CACHE_LIMIT = 400_000

Rows = dict[str, list[tuple[Any, ...]]]


def _cached(convert: Callable[[Any], str]) -> Callable[[Any], str]:
    """Memoise a converter: generated times repeat a lot (days x five-minute slots)."""
    seen: dict[Any, str] = {}

    def converted(value: Any) -> str:
        text = seen.get(value)
        if text is None:
            if len(seen) > _CACHE_LIMIT:
                seen.clear()
            text = seen[value] = convert(value)
        return text

    return converted


def _datetime_text(value: datetime) -> str:
    # Exactly what SQLAlchemy's SQLite DateTime stores (checked by the sandbox tests).
    return value.isoformat(" ", "microseconds")


def _date_text(value: date) -> str:
    return value.isoformat()


def _json_text(value: Any) -> str:
    return json.dumps(value)


def _cached_json() -> Callable[[Any], str]:
    """JSON text, memoised for the plain values form answers repeat (not dicts)."""
    remember = _cached(_json_text)

    def converted(value: Any) -> str:
        kind = type(value)
        if kind is str or kind is int:  # not bool or float: True == 1 == 1.0 as dict keys
            return remember(value)
        return _json_text(value)

    return converted


class TablePlan:
    """How one table's rows become tuples: column order, defaults and converters.

    A column type without a fast converter falls back to SQLAlchemy's own bind
    processor, so a new column type is slower rather than wrong.
    """

    def __init__(self, table: Table, dialect: Dialect) -> None:
        self.name = table.name
        self.columns = [c.name for c in table.columns]
        self.has_id = "id" in self.columns
        self.sql = str(insert(table).compile(dialect=dialect, column_keys=self.columns))
        self.template: dict[str, Any] = {}
        for column in table.columns:
            default = column.default
            arg = getattr(default, "arg", None) if default is not None else None
            if callable(arg):
                arg = {} if isinstance(column.type, JSON) else None
            self.template[column.name] = arg
        self.getter = operator.itemgetter(*self.columns)
        self.converters: list[tuple[int, Callable[[Any], Any]]] = []
        # (column index, table its id belongs to) for ids a chunk numbers locally
        self.local_ids: list[tuple[int, str]] = []
        for index, column in enumerate(table.columns):
            kind = column.type
            fast: Callable[[Any], Any] | None
            if isinstance(kind, DateTime):
                fast = _cached(_datetime_text)
            elif isinstance(kind, Date):
                fast = _cached(_date_text)
            elif isinstance(kind, Boolean):
                fast = int
            elif isinstance(kind, JSON):
                fast = _cached_json()
            else:
                fast = kind.dialect_impl(dialect).bind_processor(dialect)
            if fast is not None:
                self.converters.append((index, fast))
            if column.primary_key and column.name == "id" and table.name not in SHARED_TABLES:
                self.local_ids.append((index, table.name))
            for key in column.foreign_keys:
                target = key.column.table.name
                if target not in SHARED_TABLES:
                    self.local_ids.append((index, target))

    def to_tuple(self, row: dict[str, Any]) -> tuple[Any, ...]:
        if len(row) < len(self.columns):
            row = {**self.template, **row}
        values = list(self.getter(row))
        for index, convert in self.converters:
            value = values[index]
            if value is not None:
                values[index] = convert(value)
        return tuple(values)


@cache
def table_plans() -> dict[str, TablePlan]:
    """One plan per table, built once per process (SQLite dialect)."""
    dialect = sqlite.dialect()
    return {t.name: TablePlan(t, dialect) for t in SQLModel.metadata.sorted_tables}


class RowBuffer:
    """Rows per table as storage-format tuples, with primary keys handed out here."""

    def __init__(self) -> None:
        self.plans = table_plans()
        self.pending: Rows = {name: [] for name in self.plans}
        self.last_id: dict[str, int] = dict.fromkeys(self.plans, 0)

    def next_id(self, table: str) -> int:
        self.last_id[table] += 1
        return self.last_id[table]

    def add(self, table: str, row: dict[str, Any]) -> int:
        """Queue one row (missing columns take their defaults); return its id."""
        plan = self.plans[table]
        row_id = 0
        if plan.has_id:
            row_id = row.get("id") or self.next_id(table)
            row["id"] = row_id
        pending = self.pending[table]
        pending.append(plan.to_tuple(row))
        if len(pending) >= 8000:
            self.full(table)
        return row_id

    def full(self, table: str) -> None:
        """A table's batch is full; a buffer simply keeps it."""

    def take(self) -> tuple[Rows, dict[str, int]]:
        """Everything buffered, and how many ids each table handed out."""
        rows = {name: batch for name, batch in self.pending.items() if batch}
        issued = {name: n for name, n in self.last_id.items() if n}
        self.pending = {name: [] for name in self.plans}
        return rows, issued


class Sink(RowBuffer):
    """A row buffer that writes to the build's connection, one transaction a batch."""

    def __init__(self, connection: Connection) -> None:
        super().__init__()
        self.connection = connection
        self.counts: Counter[str] = Counter()

    def full(self, table: str) -> None:
        self.flush(table)

    def flush(self, table: str | None = None) -> None:
        for name in [table] if table else list(self.plans):
            batch = self.pending[name]
            if batch:
                self._write(name, batch)
                self.pending[name] = []

    def _write(self, table: str, batch: list[tuple[Any, ...]]) -> None:
        self.connection.exec_driver_sql(self.plans[table].sql, batch)
        self.connection.commit()
        self.counts[table] += len(batch)

    def write_chunk(self, rows: Rows, issued: dict[str, int]) -> None:
        """Write a chunk numbered from 1, moving its ids past everything written so far."""
        self.flush()
        shifts = self._shifts(issued)
        for table, batch in rows.items():
            moves = shifts[table]
            if moves:
                moved = []
                for row in batch:
                    values = list(row)
                    for index, by in moves:
                        value = values[index]
                        if value is not None:
                            values[index] = value + by
                    moved.append(tuple(values))
                batch = moved
            for start in range(0, len(batch), 8000):
                self._write(table, batch[start : start + 8000])
        self._advance(issued)

    def merge_chunk_file(self, path: Path, issued: dict[str, int], counts: dict[str, int]) -> None:
        """Copy a chunk written to its own SQLite file (see ``write_chunk_file``) into
        the store, shifting ids in SQL, then delete the file.

        The copy runs inside SQLite (INSERT ... SELECT), so the writing process does
        almost no Python work per row and keeps up with several generating helpers.
        """
        self.flush()
        shifts = self._shifts(issued)
        connection = self.connection
        connection.exec_driver_sql(f"ATTACH DATABASE '{_sql_text(str(path))}' AS chunk")
        try:
            for table, count in counts.items():
                plan = self.plans[table]
                moves = dict(shifts[table])
                columns = ", ".join(f'"{c}"' for c in plan.columns)
                chosen = ", ".join(
                    f'"{c}" + {moves[i]}' if i in moves else f'"{c}"'
                    for i, c in enumerate(plan.columns)
                )
                order = ' ORDER BY "id"' if plan.has_id else ""
                connection.exec_driver_sql(
                    f'INSERT INTO main."{table}" ({columns}) '
                    f'SELECT {chosen} FROM chunk."{table}"{order}'
                )
                self.counts[table] += count
            connection.commit()
        except BaseException:
            connection.rollback()
            raise
        finally:
            connection.exec_driver_sql("DETACH DATABASE chunk")
        path.unlink()
        self._advance(issued)

    def _shifts(self, issued: dict[str, int]) -> dict[str, list[tuple[int, int]]]:
        for table in issued:
            if table in SHARED_TABLES:
                raise ValueError(f"a chunk may not add rows to {table}")
        return {
            name: [
                (index, self.last_id[target])
                for index, target in plan.local_ids
                if self.last_id[target]
            ]
            for name, plan in self.plans.items()
        }

    def _advance(self, issued: dict[str, int]) -> None:
        for table, count in issued.items():
            self.last_id[table] += count


def _sql_text(value: str) -> str:
    return value.replace("'", "''")


def write_chunk_file(rows: Rows, path: Path, tables: dict[str, str]) -> dict[str, int]:
    """Write a generated chunk into a scratch SQLite file holding only bare tables.

    ``tables`` maps table name to its CREATE TABLE statement, taken from the store
    being built, so the file's columns are exactly the store's. Returns row counts.
    """
    plans = table_plans()
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as db:
        for pragma in ("journal_mode = OFF", "synchronous = OFF", "locking_mode = EXCLUSIVE"):
            db.execute(f"PRAGMA {pragma}")
        db.execute("BEGIN")
        for table, batch in rows.items():
            db.execute(tables[table])
            db.executemany(plans[table].sql, batch)
        db.execute("COMMIT")
    return {table: len(batch) for table, batch in rows.items()}
