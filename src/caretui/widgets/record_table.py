"""A DataTable of records that filters as you type and sorts by any column.

Rows are given as (key, cells, sort values); the table keeps its cursor on the same record
across a refresh, so a practitioner working down a list is not thrown back to the top.

Columns fit the terminal (issue 14, readable at 80 columns): each is a :class:`Col` with a
kind and a priority. A status column is never cut; a name is shown whole or, when it gives
way, only in the detail line; free text gives way to its minimum width and ends at a whole
word with "…"; when even that is too wide, the lowest-priority columns are hidden and their
values go to the detail line (:class:`RecordTable.Detail`) for the highlighted row. A table
still wider than its space scrolls sideways with ``left``/``right``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

from caretui.rules.timescales import AssessmentClock

PAGE = 200
# Rows drawn before the first paint: more than any terminal shows, few enough that the
# table measures them quickly; the rest of the page follows straight after the paint.
FIRST_ROWS = 40
# Free text narrower than this (and cut short) makes IDs and secondary dates give way.
ROOMY = 24


@dataclass(frozen=True)
class Col:
    """A column and how it gives way on a narrow terminal.

    ``kind``: "status" is shown in whole words, never cut nor hidden; "name" (a person, a
    worker, a team, a provider, a role) is never cut: shown whole, or hidden into the detail
    line only when the columns do not fit;
    "text" (subjects, reasons) narrows to ``min_width`` and ends at a whole word with "…";
    "fixed" (dates, IDs) is shown whole or not at all. ``priority``: 0 is never hidden;
    otherwise the highest number is hidden first when the columns do not fit.
    ``max_width``: the widest free text is shown.
    """

    name: str
    kind: Literal["status", "name", "text", "fixed"] = "fixed"
    priority: int = 0
    min_width: int = 10
    max_width: int = 40


def fit_columns(
    cols: Sequence[Col], natural: Sequence[int], space: int, padding: int = 1
) -> tuple[list[int], dict[int, int]]:
    """Which columns to show and how wide, in ``space`` cells (each column also takes
    ``padding`` each side). ``natural``: the widest value (or heading) of each column.
    Returns the shown columns' indexes and their widths."""

    def least(n: int) -> int:
        if cols[n].kind == "text":
            return min(natural[n], max(cols[n].min_width, len(cols[n].name)))
        return natural[n]

    def most(n: int) -> int:
        if cols[n].kind == "text":
            return min(natural[n], max(cols[n].max_width, len(cols[n].name)))
        return natural[n]

    shown = list(range(len(cols)))
    hideable = sorted(
        (n for n, c in enumerate(cols) if c.priority > 0 and c.kind != "status"),
        key=lambda n: (cols[n].priority, n),
    )
    while sum(least(n) + 2 * padding for n in shown) > space and hideable:
        shown.remove(hideable.pop())
    widths = _spread(cols, shown, least, most, space, padding)
    # IDs and secondary dates also give way, lowest priority first, while free text is cut
    # to fewer than ROOMY cells (a form's title rather than "Adult…" beside its case
    # number); a name stays.
    while hideable and cols[hideable[-1]].kind == "fixed":
        if all(widths[n] >= min(most(n), ROOMY) for n in shown if cols[n].kind == "text"):
            break
        shown.remove(hideable.pop())
        widths = _spread(cols, shown, least, most, space, padding)
    return shown, widths


def _spread(
    cols: Sequence[Col],
    shown: list[int],
    least: Callable[[int], int],
    most: Callable[[int], int],
    space: int,
    padding: int,
) -> dict[int, int]:
    """Each shown column at its least, then the room left to free text, most important first."""
    widths = {n: least(n) for n in shown}
    spare = space - sum(w + 2 * padding for w in widths.values())
    for n in sorted((n for n in shown if cols[n].kind == "text"), key=lambda n: cols[n].priority):
        give = max(0, min(spare, most(n) - widths[n]))
        widths[n] += give
        spare -= give
    return widths


def _as_col(column: str | Col) -> Col:
    if isinstance(column, Col):
        return column
    return Col(column, "status") if column == "Status" else Col(column)


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


def shorten(cell: Text, width: int) -> Text:
    """Free text cut to ``width`` cells at the end of a whole word, then "…" (a single word
    longer than that is cut where it must be); the detail line has it in full."""
    if cell.cell_len <= width:
        return cell
    room = width - 1
    plain = cell.plain
    end = plain.rfind(" ", 0, room + 1)
    if end <= 0 or cell[:end].cell_len > room:
        short = cell.copy()
        short.truncate(width, overflow="ellipsis")
        return short
    short = cell[:end]
    short.rstrip()
    short.append("…")
    return short


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

    class Detail(Message):
        """The highlighted row's hidden and shortened values, for the host's detail line."""

        def __init__(self, table: RecordTable, text: str) -> None:
            super().__init__()
            self.table = table
            self.text = text

        @property
        def control(self) -> RecordTable:
            return self.table

    def __init__(
        self, columns: Sequence[str | Col], *, id: str | None = None, steps: bool = False
    ) -> None:
        """``steps``: left and right ask the host to move to another list (the dashboard's
        panels) instead of scrolling the table sideways."""
        super().__init__(cursor_type="row", zebra_stripes=True, id=id)
        self.cols = tuple(_as_col(c) for c in columns)
        self.column_names = tuple(c.name for c in self.cols)
        self.steps = steps
        self.shown_columns: list[int] = list(range(len(self.cols)))
        self.widths: dict[int, int] = {}
        self._layout: tuple[tuple[int, ...], tuple[tuple[int, int], ...]] | None = None
        self._natural = [len(c.name) for c in self.cols]
        self.records: list[Record] = []
        self.filter_text = ""
        self.sort_column: int | None = None
        self.sort_reverse = False
        self._shown: list[Record] = []
        self._loaded = 0
        self._keep: str | None = None  # the row the cursor stays on across a new layout

    def on_mount(self) -> None:
        self._fit()
        if self.records:
            self._redraw()

    def on_resize(self) -> None:
        if self._fit():
            self._redraw()

    def _measure(self, records: Sequence[Record]) -> None:
        for row in records:
            for n, cell in enumerate(row.cells):
                if cell.cell_len > self._natural[n]:
                    self._natural[n] = cell.cell_len

    def _fit(self) -> bool:
        """Choose the columns and widths for the table's width; True if they changed."""
        space = self.size.width - self.styles.scrollbar_size_vertical
        if space <= 0:
            space = 80  # not laid out yet: fitted again when it is
        shown, widths = fit_columns(self.cols, self._natural, space, self.cell_padding)
        layout = (tuple(shown), tuple(sorted(widths.items())))
        if layout == self._layout:
            return False
        self._layout, self.shown_columns, self.widths = layout, shown, widths
        current = self.current_key
        self.clear(columns=True)
        self._shown, self._loaded = [], 0
        for n in shown:
            self.add_column(self.cols[n].name, width=widths[n], key=str(n))
        if current is not None:
            self._keep = current
        return True

    def _cells(self, row: Record) -> list[Text]:
        out = []
        for n in self.shown_columns:
            out.append(shorten(row.cells[n], self.widths[n]))
        return out

    def detail_text(self, key: str | None = None) -> str:
        """What the row shows nowhere else on screen: hidden columns, and text cut short."""
        key = self.current_key if key is None else key
        row = next((r for r in self._shown if r.key == key), None)
        if row is None:
            return ""
        parts = []
        for n, col in enumerate(self.cols):
            value = row.cells[n].plain
            if not value:
                continue
            if n not in self.widths or row.cells[n].cell_len > self.widths[n]:
                parts.append(f"{col.name}: {value}")
        return " · ".join(parts)

    def _tell_detail(self) -> None:
        self.post_message(self.Detail(self, self.detail_text()))

    def set_records(self, records: list[Record]) -> None:
        """Show these records; given before the table is mounted, they wait for it."""
        self.records = records
        self._natural = [len(c.name) for c in self.cols]
        self._measure(records)
        if self.is_mounted:
            self._fit()
            self._redraw()

    def set_filter(self, text: str) -> None:
        self.filter_text = text.lower().strip()
        if self.is_mounted:
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
        self._measure(records)
        if self._fit() or self.filter_text or self.sort_column is not None:
            self._redraw()
        else:
            self._shown.extend(records)

    def _redraw(self) -> None:
        """Show the matching records, adding rows a page at a time as the cursor nears
        the end, so a list of thousands opens as fast as a list of ten."""
        current = self._keep or self.current_key
        self._keep = None
        self._shown, self._loaded = [], 0
        self.clear()
        self._shown = self.shown
        if not self._shown:
            self._tell_detail()
            return
        keys = [r.key for r in self._shown]
        at = keys.index(current) if current in keys else 0
        self._load_until(at + FIRST_ROWS)
        self.move_cursor(row=at)
        self.call_after_refresh(self._load_until, at + PAGE)

    def move_to_key(self, key: str) -> bool:
        """Put the cursor on the record with this key, if it is shown; False if not."""
        keys = [r.key for r in self._shown]
        if key not in keys:
            return False
        at = keys.index(key)
        self._load_until(at + FIRST_ROWS)
        self.move_cursor(row=at)
        return True

    def _load_until(self, count: int) -> None:
        upto = min(count, len(self._shown))
        if upto <= self._loaded:
            return
        start, self._loaded = self._loaded, upto  # before adding: add_row moves the cursor
        for row in self._shown[start:upto]:
            self.add_row(*self._cells(row), key=row.key)

    def watch_cursor_coordinate(self, old: Any, new: Any) -> None:
        super().watch_cursor_coordinate(old, new)
        if new.row >= self._loaded - PAGE // 4:
            self._load_until(self._loaded + PAGE)
        self._tell_detail()

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
        if self.steps:
            self.post_message(self.Step(-1))
        else:
            super().action_cursor_left()  # a row cursor: scrolls sideways

    def action_cursor_right(self) -> None:
        if self.steps:
            self.post_message(self.Step(1))
        else:
            super().action_cursor_right()

    def action_select_cursor(self) -> None:
        key = self.current_key
        if key is not None:
            self.post_message(self.Open(self, key))


def _sortable(value: Any) -> tuple[int, Any]:
    """Blanks last, everything else compared as itself."""
    if value is None or value == "":
        return (1, "")
    return (0, value)
