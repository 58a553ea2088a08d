"""A DataTable of records that filters as you type and sorts by any column.

Rows are given as (key, cells, sort values); the table keeps its cursor on the same record
across a refresh, so a practitioner working down a list is not thrown back to the top.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

from caretui.rules.timescales import AssessmentClock

PAGE = 200
# Rows drawn before the first paint: more than any terminal shows, few enough that the
# table measures them quickly; the rest of the page follows straight after the paint.
FIRST_ROWS = 40


@dataclass(frozen=True)
class Record:
    key: str
    cells: tuple[Any, ...]
    sort: tuple[Any, ...]  # one sortable value per column
    search: str  # lower-cased text the filter matches against


def care_act_cell(clock: AssessmentClock) -> Text:
    """The Care Act assessment clock in a cell: words first, colour only as well."""
    if clock.overdue:
        return Text(f"OVERDUE {-clock.days_left}d", style="bold red")
    if clock.due_soon:
        return Text(clock.label, style="bold yellow")
    return Text(clock.label, style="dim" if clock.done else "")


def clip(text: str, width: int = 40) -> str:
    """Keep long subjects from pushing the other columns off an 80-column screen."""
    return text if len(text) <= width else text[: width - 1] + "…"


def record(key: str | int, cells: Sequence[Any], sort: Sequence[Any] | None = None) -> Record:
    """A row. Plain values become ``Text`` here (in the worker thread): the table would
    otherwise read them as console markup, so a note saying "[redacted]" would lose its
    brackets, and parsing markup for every cell slows a long list."""
    plain = tuple(c.plain if isinstance(c, Text) else ("" if c is None else str(c)) for c in cells)
    return Record(
        key=str(key),
        cells=tuple(
            c if isinstance(c, Text) else Text(p) for c, p in zip(cells, plain, strict=True)
        ),
        sort=tuple(sort) if sort is not None else tuple(p.lower() for p in plain),
        search=" ".join(plain).lower(),
    )


class RecordTable(DataTable[Any]):
    """Records with type-to-filter (via :meth:`set_filter`) and column sorting."""

    BINDINGS = [
        Binding("s", "cycle_sort", "Sort", id="table.sort"),
        Binding("S", "reverse_sort", "Reverse sort", show=False, id="table.reverse"),
        Binding("j", "cursor_down", "Down", show=False, id="table.down"),
        Binding("k", "cursor_up", "Up", show=False, id="table.up"),
    ]

    class Open(Message):
        """Enter on a row: the host opens the record with this key."""

        def __init__(self, table: RecordTable, key: str) -> None:
            super().__init__()
            self.table = table
            self.key = key

        @property
        def control(self) -> RecordTable:
            return self.table

    class Step(Message):
        """Left or right in a list: the host may move to the previous or next list."""

        def __init__(self, by: int) -> None:
            super().__init__()
            self.by = by

    def __init__(self, columns: Sequence[str], *, id: str | None = None) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, id=id)
        self.column_names = tuple(columns)
        self.records: list[Record] = []
        self.filter_text = ""
        self.sort_column: int | None = None
        self.sort_reverse = False
        self._shown: list[Record] = []
        self._loaded = 0

    def on_mount(self) -> None:
        self.add_columns(*self.column_names)
        if self.records:
            self._redraw()

    def set_records(self, records: list[Record]) -> None:
        """Show these records; given before the table is mounted, they wait for it."""
        self.records = records
        if self.columns:
            self._redraw()

    def set_filter(self, text: str) -> None:
        self.filter_text = text.lower().strip()
        if self.columns:
            self._redraw()

    @property
    def shown(self) -> list[Record]:
        words = self.filter_text.split()
        rows = [r for r in self.records if all(w in r.search for w in words)]
        if self.sort_column is not None:
            col = self.sort_column
            rows.sort(key=lambda r: _sortable(r.sort[col]), reverse=self.sort_reverse)
        return rows

    def extend_records(self, records: list[Record]) -> None:
        """More records after the first page (e.g. the older part of a long Timeline)."""
        known = {r.key for r in self.records}
        records = [r for r in records if r.key not in known]
        self.records.extend(records)
        if self.filter_text or self.sort_column is not None:
            self._redraw()
        else:
            self._shown.extend(records)

    def _redraw(self) -> None:
        """Show the matching records, adding rows a page at a time as the cursor nears
        the end, so a list of thousands opens as fast as a list of ten."""
        current = self.current_key
        self._shown, self._loaded = [], 0
        self.clear()
        self._shown = self.shown
        if not self._shown:
            return
        keys = [r.key for r in self._shown]
        at = keys.index(current) if current in keys else 0
        self._load_until(at + FIRST_ROWS)
        self.move_cursor(row=at)
        self.call_after_refresh(self._load_until, at + PAGE)

    def _load_until(self, count: int) -> None:
        upto = min(count, len(self._shown))
        if upto <= self._loaded:
            return
        start, self._loaded = self._loaded, upto  # before adding: add_row moves the cursor
        for row in self._shown[start:upto]:
            self.add_row(*row.cells, key=row.key)

    def watch_cursor_coordinate(self, old: Any, new: Any) -> None:
        super().watch_cursor_coordinate(old, new)
        if new.row >= self._loaded - PAGE // 4:
            self._load_until(self._loaded + PAGE)

    def action_scroll_bottom(self) -> None:
        self._load_until(len(self._shown))
        super().action_scroll_bottom()

    @property
    def total(self) -> int:
        """How many records match, loaded as rows or not yet."""
        return len(self._shown)

    @property
    def current_key(self) -> str | None:
        if self.row_count == 0 or self.cursor_row < 0:
            return None
        try:
            return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        except Exception:
            return None

    def action_cycle_sort(self) -> None:
        count = len(self.column_names)
        self.sort_column = 0 if self.sort_column is None else (self.sort_column + 1) % count
        self.sort_reverse = False
        self._redraw()
        self.notify(f"Sorted by {self.column_names[self.sort_column]}", timeout=2)

    def action_reverse_sort(self) -> None:
        if self.sort_column is None:
            self.sort_column = 0
        self.sort_reverse = not self.sort_reverse
        self._redraw()

    def action_cursor_left(self) -> None:
        self.post_message(self.Step(-1))

    def action_cursor_right(self) -> None:
        self.post_message(self.Step(1))

    def action_select_cursor(self) -> None:
        key = self.current_key
        if key is not None:
            self.post_message(self.Open(self, key))


def _sortable(value: Any) -> tuple[int, Any]:
    """Blanks last, everything else compared as itself."""
    if value is None or value == "":
        return (1, "")
    return (0, value)
