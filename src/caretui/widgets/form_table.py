"""A table answer on a form (a care plan's goals, a carer's support plan): its rows in a
list, each row added or edited in a small form of the table's columns.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Static

from caretui.rules.form_answers import display_value
from caretui.rules.forms import Field

__all__ = ["TableField", "table_text"]


def table_text(field: Field, rows: Any) -> Table | Text:
    """A table answer drawn as text, for reading."""
    if not isinstance(rows, list) or not rows:
        return Text("—", style="dim")
    table = Table(box=None, show_edge=False, pad_edge=False, expand=True, header_style="bold")
    for column in field.columns:
        table.add_column(column.label, overflow="fold")
    for row in rows:
        if isinstance(row, dict):
            table.add_row(*(display_value(c, row.get(c.key)) for c in field.columns))
    return table


class TableField(Vertical):
    """A table answer: ``a`` adds a row, ``enter`` or ``e`` edits it, ``x`` removes it.

    Each row opens in a small dialog that is itself a form of the table's columns, so a
    row is checked exactly as a form is. ``u`` puts back the row last removed.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add_row", "Add row", id="form.table.add", tooltip="Add a row to the table"),
        Binding("e", "edit_row", "Edit row", id="form.table.edit", show=False),
        Binding("x", "remove_row", "Remove row", id="form.table.remove"),
        Binding("u", "undo_remove", "Undo remove", id="form.table.undo", show=False),
    ]
    DEFAULT_CSS = """
    TableField { height: auto; }
    TableField DataTable { height: auto; max-height: 8; }
    TableField .table-hint { color: $text-muted; }
    """

    class RowOpened(Message):
        """A row is to be added or edited: the form around the table opens it as a small
        form of the table's columns and calls ``done`` with what was kept (or None)."""

        def __init__(
            self,
            table_field: TableField,
            values: dict[str, Any],
            title: str,
            done: Callable[[dict[str, Any] | None], None],
        ) -> None:
            super().__init__()
            self.table_field = table_field
            self.values = values
            self.title = title
            self.done = done

    class RowsChanged(Message):
        """A row was added, edited, removed or put back."""

        def __init__(self, table_field: TableField) -> None:
            super().__init__()
            self.table_field = table_field

        @property
        def control(self) -> TableField:
            return self.table_field

    def __init__(self, field: Field, rows: Any, *, today: date | None, id: str) -> None:
        super().__init__(id=id)
        self.field = field
        self.today = today
        self.rows: list[dict[str, Any]] = [
            dict(r) for r in (rows if isinstance(rows, list) else []) if isinstance(r, dict)
        ]
        self._removed: tuple[int, dict[str, Any]] | None = None

    def compose(self) -> ComposeResult:
        table: DataTable[str] = DataTable(cursor_type="row", zebra_stripes=True)
        table.add_columns(*(c.label for c in self.field.columns))
        yield table
        yield Static("", classes="table-hint")

    def on_mount(self) -> None:
        self._redraw()

    @property
    def table(self) -> DataTable[str]:
        return self.query_one(DataTable)

    def _redraw(self, cursor: int | None = None) -> None:
        table = self.table
        table.clear()
        for index, row in enumerate(self.rows):
            table.add_row(
                *(display_value(c, row.get(c.key)) or "—" for c in self.field.columns),
                key=str(index),
            )
        if self.rows:
            table.move_cursor(row=min(cursor or 0, len(self.rows) - 1))
        hint = "a add · enter edit · x remove" + (" · u undo" if self._removed else "")
        if not self.rows:
            hint = "No rows yet: a adds one."
        self.query_one(".table-hint", Static).update(hint)

    def _changed(self, cursor: int | None = None) -> None:
        self._redraw(cursor)
        self.post_message(self.RowsChanged(self))

    def _open(
        self, values: dict[str, Any], title: str, done: Callable[[dict[str, Any] | None], None]
    ) -> None:
        # A row is a small form: the form around this table opens it (form_view imports
        # this module, so this one never imports the form).
        self.post_message(self.RowOpened(self, values, title, done))

    def action_add_row(self) -> None:
        def added(values: dict[str, Any] | None) -> None:
            if values is not None:
                self.rows.append(values)
                self._changed(len(self.rows) - 1)

        self._open({}, f"Add a row: {self.field.label}", added)

    def action_edit_row(self) -> None:
        if not self.rows:
            self.action_add_row()
            return
        index = self.table.cursor_row

        def edited(values: dict[str, Any] | None) -> None:
            if values is not None:
                self.rows[index] = values
                self._changed(index)

        self._open(self.rows[index], f"Row {index + 1}: {self.field.label}", edited)

    @on(DataTable.RowSelected)
    def _open_row(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit_row()

    def action_remove_row(self) -> None:
        if not self.rows:
            return
        index = self.table.cursor_row
        self._removed = (index, self.rows.pop(index))
        self._changed(index)
        self.notify(f"Row {index + 1} removed: u puts it back.", timeout=4)

    def action_undo_remove(self) -> None:
        if self._removed is None:
            return
        index, row = self._removed
        self._removed = None
        self.rows.insert(min(index, len(self.rows)), row)
        self._changed(index)
