"""Readable at 80 columns (issue 14): no status cell is cut, on the dashboard panels, the
case Timeline and the case Activities list; Activities read newest first."""

from __future__ import annotations

from caretui.app import CareApp
from caretui.screens.audit import WhoViewedScreen
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
    assert used <= table.size.width, f"{table.id} scrolls sideways: {table.widths}"
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


# --- every list a practitioner reaches, at 80 columns ----------------------------------------

DETAIL_LINES = (
    "#items-detail",
    "#timeline-detail",
    "#dash-detail",
    "#accounts-detail",
    "#audit-detail",
    "#who-detail",
    "#signin-detail",
)


# Columns that hold a person's, worker's, team's or provider's name, or a role: read whole
# whatever kind the screen declares them.
NAMES = frozenset(
    {"Person", "Name", "By", "Who", "Worker", "Responsible", "Requested by", "Student"}
    | {"Provider", "Recorded by", "Team", "Role", "My role"}
)


def assert_readable(table: RecordTable) -> int:
    """Every loaded row of ``table``: statuses whole; each name whole in its cell or, where
    its column gave way, in the row's detail line; free text cut only after a whole word
    and then in the detail line in full. Returns how many names were read."""
    assert_statuses_whole(table)
    names = 0
    for row in range(table.row_count):
        drawn = table.get_row_at(row)
        key = table.coordinate_to_cell_key((row, 0)).row_key.value
        whole = next(r for r in table.records if r.key == key)
        detail = table.detail_text(key)
        for n, col in enumerate(table.cols):
            value = whole.cells[n].plain
            if not value:
                continue
            if n not in table.shown_columns:
                assert f"{col.name}: {value}" in detail, f"{table.id}: {col.name} is lost"
                names += col.kind == "name" or col.name in NAMES
                continue
            cell = drawn[table.shown_columns.index(n)].plain
            assert len(cell) <= table.widths[n]
            if col.kind == "name" or col.name in NAMES:
                assert cell == value, f"{table.id}: the name {value!r} was cut to {cell!r}"
                names += 1
            elif cell != value:
                assert col.kind == "text", f"{table.id}: {col.name} {value!r} was cut"
                assert f"{col.name}: {value}" in detail
                kept = cell.removesuffix("…")
                assert value.startswith(kept), f"{table.id}: {cell!r}"
                if " " in value[: table.widths[n]]:
                    assert value[len(kept)] == " ", f"{table.id}: a word cut short in {cell!r}"
    return names


def assert_screen_readable(app: CareApp) -> int:
    """Every list on the screen is readable, and its detail line is the highlighted row's."""
    from textual.widgets import Static

    screen = app.screen
    names = 0
    for table in screen.query(RecordTable):
        if not table.row_count or not table.size.width:
            continue  # empty, or in a tab not shown
        names += assert_readable(table)
        lines = [s for s in screen.query(Static) if f"#{s.id}" in DETAIL_LINES]
        if table.has_focus and lines:
            shown = str(lines[0].render())
            assert shown == table.detail_text(), f"{type(screen).__name__}: {shown!r}"
    return names


async def _walk(pilot, keys: str, seen: set[str]) -> int:  # type: ignore[no-untyped-def]
    """Open each list with its key from the screen on top now, check it, go back."""
    app = pilot.app
    home = app.screen
    names = 0
    for key in keys:
        await pilot.press(key)
        await settle(pilot, 0.1)
        if app.screen is home:
            continue  # nothing to open here for this role
        seen.add(type(app.screen).__name__)
        names += assert_screen_readable(app)
        await pilot.press("escape")
        await settle(pilot, 0.1)
        assert app.screen is home
    return names


async def _as_practitioner(sandbox: Store, walk) -> None:  # type: ignore[no-untyped-def]
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "sharma"), sandbox=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 0.1)
        assert isinstance(app.screen, DashboardScreen)
        await walk(pilot)


async def test_the_dashboard_waiting_list_and_search_keep_names_and_statuses_whole(
    sandbox: Store,
) -> None:
    """Issue 14, at 80x24 for a practitioner: no status and no name is cut."""

    async def walk(pilot) -> None:  # type: ignore[no-untyped-def]
        names, seen = 0, set()
        for key in "1234567890":
            await pilot.press(key)
            await settle(pilot, 0.1)
            names += assert_screen_readable(pilot.app)
        names += await _walk(pilot, "W", seen)
        await pilot.press("slash", *"ha")
        await settle(pilot, 0.1)
        await pilot.press("down")
        names += assert_screen_readable(pilot.app)
        assert names > 50, "names were read"
        assert seen == {"WaitingListScreen"}

    await _as_practitioner(sandbox, walk)


async def test_a_cases_lists_keep_names_and_statuses_whole(sandbox: Store) -> None:
    """The Timeline and each list of the case menu, on cases that have each kind of item."""

    async def walk(pilot) -> None:  # type: ignore[no-untyped-def]
        names, seen = 0, set()
        for case_id in (12, 18, 31):  # activities, involvements, forms, safeguarding, DoLS
            pilot.app.open_case(case_id)
            await settle(pilot, 0.1)
            assert isinstance(pilot.app.screen, CaseScreen)
            await pilot.press("t")
            await settle(pilot, 0.1)
            names += assert_screen_readable(pilot.app)
            names += await _walk(pilot, "iafgl", seen)
            await pilot.press("escape")
            await settle(pilot, 0.1)
        assert names > 30, "names were read"
        assert seen == {
            "InvolvementsScreen",
            "CaseActivitiesScreen",
            "CaseFormsScreen",
            "SafeguardingScreen",
            "DolsScreen",
        }

    await _as_practitioner(sandbox, walk)


async def test_a_persons_lists_keep_names_and_statuses_whole(sandbox: Store) -> None:
    """Each list of the person menu, on people who have each kind of item."""

    async def walk(pilot) -> None:  # type: ignore[no-untyped-def]
        names, seen = 0, set()
        for person_id in (1, 3, 9, 174, 221):  # attachments, alerts, s.117, relations, consent
            pilot.app.open_person(person_id)
            await settle(pilot, 0.1)
            names += await _walk(pilot, "arfsvtio", seen)
            await pilot.press("escape")
            await settle(pilot, 0.1)
        assert names > 10, "names were read"
        assert seen == {
            "AlertsScreen",
            "RelationshipsScreen",
            "AttachmentsScreen",
            "Section117Screen",
            "ServicesScreen",
            "PersonActivitiesScreen",
            "ConsentScreen",
            "PersonCasesScreen",
        }

    await _as_practitioner(sandbox, walk)


async def test_the_audit_trail_accounts_and_who_viewed_keep_names_whole(
    sandbox: Store,
) -> None:
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "morgan"), sandbox=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 0.1)
        seen: set[str] = set()
        assert await _walk(pilot, "AU", seen) > 10
        assert seen == {"AuditScreen", "AccountsScreen"}
        app.open_person(90)
        await settle(pilot, 0.1)
        await pilot.press("escape")
        app.push_screen(WhoViewedScreen(sandbox, app.actor, 90))
        await settle(pilot, 0.1)
        assert assert_screen_readable(app) >= 1, "who viewed the record, by name"
