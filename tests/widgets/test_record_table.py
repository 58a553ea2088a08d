"""RecordTable fits its columns to the terminal: whole status words, whole names (or none),
free text ending at a whole word and "…", low-priority columns hidden into the detail line,
and left/right scrolling sideways."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult

from caretui.widgets.record_table import Col, RecordTable, fit_columns, record, shorten

COLS = (
    Col("When"),
    Col("Subject", "text", min_width=12),
    Col("By", "name", priority=1),
    Col("Ref", priority=2),
    Col("Status", "status"),
)


def test_status_is_whole_text_narrows_and_low_priority_goes_first() -> None:
    natural = [16, 40, 14, 6, 40]
    shown, widths = fit_columns(COLS, natural, 78)
    assert widths[4] == 40, "the status column is never cut"
    assert 3 not in shown, "the lowest priority column is hidden first"
    assert widths[1] >= 12
    assert sum(w + 2 for w in widths.values()) <= 78


def test_everything_shows_when_there_is_room() -> None:
    shown, widths = fit_columns(COLS, [16, 20, 12, 6, 9], 120)
    assert shown == [0, 1, 2, 3, 4]
    assert widths == {0: 16, 1: 20, 2: 12, 3: 6, 4: 9}


class Host(App[None]):
    def __init__(self, columns: tuple[Col, ...], rows: list[tuple[str, ...]]) -> None:
        super().__init__()
        self.cols, self.rows = columns, rows
        self.details: list[str] = []

    def compose(self) -> ComposeResult:
        yield RecordTable(self.cols)

    def on_mount(self) -> None:
        table = self.query_one(RecordTable)
        table.set_records([record(n, row) for n, row in enumerate(self.rows)])
        table.focus()

    def on_record_table_detail(self, event: RecordTable.Detail) -> None:
        self.details.append(event.text)


async def test_cut_and_hidden_values_are_in_the_detail_line() -> None:
    subject = "Letter to Mr Henry with a copy of the support plan agreed"
    rows = [("20/11/2026 14:30", subject, "Priya Sharma", "A-1234", "Completed")]
    app = Host(COLS, rows)
    async with app.run_test(size=(60, 10)) as pilot:
        await pilot.pause()
        table = app.query_one(RecordTable)
        assert table.get_row_at(0)[-1].plain == "Completed"
        assert table.get_row_at(0)[1].plain.endswith("…")
        assert 3 not in table.shown_columns
        assert table.get_row_at(0)[2].plain == "Priya Sharma", "a name is never cut"
        assert table.detail_text() == f"Subject: {subject} · Ref: A-1234"
        assert app.details[-1] == table.detail_text()


async def test_a_name_that_does_not_fit_whole_goes_to_the_detail_line() -> None:
    subject = "Letter to Mr Henry"
    rows = [("20/11/2026 14:30", subject, "Priya Sharma", "A-1234", "Completed")]
    app = Host(COLS, rows)
    async with app.run_test(size=(50, 10)) as pilot:
        await pilot.pause()
        table = app.query_one(RecordTable)
        assert 2 not in table.shown_columns
        assert all("Priya" not in cell.plain for cell in table.get_row_at(0))
        assert "By: Priya Sharma" in table.detail_text()


def test_free_text_ends_at_a_whole_word() -> None:
    text = Text("Letter to Mr Henry with copy of support plan")
    assert shorten(text, 20).plain == "Letter to Mr Henry…"
    assert shorten(text, 60) is text
    assert shorten(Text("Occupational"), 8).plain == "Occupat…", "one long word is cut"


def test_ids_and_dates_give_way_before_a_title_is_cut_to_a_word_but_names_stay() -> None:
    cols = (
        Col("Form", "text", min_width=12),
        Col("Status", "status"),
        Col("Person", "name", priority=1),
        Col("Case", priority=3),
        Col("Created", priority=2),
    )
    shown, widths = fit_columns(cols, [27, 22, 18, 4, 10], 78)
    assert shown == [0, 1, 2], "the case number and date went to the detail line"
    assert widths[0] == 27 and widths[2] == 18


async def test_left_and_right_scroll_a_wide_table_sideways() -> None:
    wide = (*(Col(f"Column {n}") for n in range(8)), Col("Status", "status"))
    rows = [(*(f"value {n:02} {r}" for n in range(8)), "Open") for r in range(3)]
    app = Host(wide, rows)
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        table = app.query_one(RecordTable)
        assert table.virtual_size.width > table.size.width
        assert table.scroll_x == 0
        await pilot.press("right", "right")
        await pilot.pause(0.3)
        assert table.scroll_x > 0
        moved = table.scroll_x
        await pilot.press("left")
        await pilot.pause(0.3)
        assert table.scroll_x < moved
        assert table.cursor_row == 0, "left/right keep the highlighted row"


async def test_a_table_that_steps_asks_the_host_instead_of_scrolling() -> None:
    steps: list[int] = []

    class Stepping(App[None]):
        def compose(self) -> ComposeResult:
            yield RecordTable(("Name", "Status"), steps=True)

        def on_record_table_step(self, event: RecordTable.Step) -> None:
            steps.append(event.by)

    app = Stepping()
    async with app.run_test(size=(80, 10)) as pilot:
        app.query_one(RecordTable).focus()
        await pilot.press("right", "left")
        await pilot.pause()
    assert steps == [1, -1]
