"""Readable at 80 columns (issue 14): no status cell is cut, on the dashboard panels, the
case Timeline and the case Activities list; Activities read newest first."""

from __future__ import annotations

from caretui.app import CareApp
from caretui.screens.case import CaseScreen
from caretui.screens.case_items import CaseActivitiesScreen
from caretui.screens.dashboard import DashboardScreen
from caretui.store.db import Store
from caretui.widgets.record_table import RecordTable
from tests.screens.conftest import settle, sign_in, wait_until

SIZE = (80, 24)


def assert_statuses_whole(table: RecordTable) -> int:
    """Every status cell of every record is drawn in full, inside the table's width;
    returns how many status cells were read."""
    status_columns = [n for n, c in enumerate(table.cols) if c.kind == "status"]
    assert all(n in table.shown_columns for n in status_columns), "status is never hidden"
    used = sum(w + 2 * table.cell_padding for w in table.widths.values())
    assert used <= table.size.width, f"{table.id} fits without scrolling sideways"
    read = 0
    for row in range(table.row_count):
        drawn = table.get_row_at(row)
        key = table.coordinate_to_cell_key((row, 0)).row_key.value
        whole = next(r for r in table.records if r.key == key)
        for n in status_columns:
            cell = drawn[table.shown_columns.index(n)]
            assert cell.plain == whole.cells[n].plain, f"{table.id}: {cell.plain!r} was cut"
            assert cell.cell_len <= table.widths[n]
            read += 1
    return read


async def test_no_status_is_cut_on_any_dashboard_panel(sandbox: Store) -> None:
    for login in ("sharma", "clarke"):
        app = CareApp(store=sandbox, actor=sign_in(sandbox, login), sandbox=True)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, DashboardScreen)
            read = 0
            for number, panel in enumerate(screen.panels, start=1):
                if number > 10:
                    break
                await pilot.press("1234567890"[number - 1])
                await settle(pilot, 0.2)
                if screen.active_panel != panel.id:
                    continue  # hidden while empty
                read += assert_statuses_whole(screen.query_one(f"#table-{panel.id}", RecordTable))
            assert read > 0, "the panels with a status were read"


async def _open_case(pilot) -> CaseScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, CaseScreen)
    return pilot.app.screen


async def test_no_status_is_cut_on_the_timeline(sandbox: Store) -> None:
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "sharma"), sandbox=True)
    async with app.run_test(size=SIZE) as pilot:
        case = await _open_case(pilot)
        await pilot.press("t")
        await settle(pilot)
        table = case.query_one("#timeline-table", RecordTable)
        assert assert_statuses_whole(table) > 0
        assert {"Completed", "Open"} <= {table.get_row_at(r)[-1].plain for r in range(3)}


async def test_activities_read_newest_first_with_whole_statuses(sandbox: Store) -> None:
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "sharma"), sandbox=True)
    async with app.run_test(size=SIZE) as pilot:
        await _open_case(pilot)
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, CaseActivitiesScreen))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CaseActivitiesScreen)
        assert "newest first" in screen.title_text
        table = screen.query_one(RecordTable)
        assert assert_statuses_whole(table) > 0
        happened = [row.occurred_at for row in screen.rows]
        assert happened == sorted(happened, reverse=True)
        drawn = [table.get_row_at(r)[0].plain for r in range(table.row_count)]
        assert drawn == [f"{when:%d/%m/%Y}" for when in happened], "Date is when it happened"
