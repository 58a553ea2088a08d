"""The team view of the waiting list (issue 12 §6) by keyboard at 80x24, on the sandbox's
front door stories: North Community Assessment has people waiting in every priority."""

from __future__ import annotations

from caretui.app import CareApp
from caretui.rules.vocab import CaseStatus
from caretui.screens.dashboard import DashboardScreen
from caretui.screens.waiting_list import WaitingListScreen
from caretui.store.db import Store
from caretui.store.queries import case_record, referrals, worklists
from caretui.widgets.choose_one import ChooseOne
from caretui.widgets.record_table import RecordTable
from caretui.widgets.worker_lookup import WorkerLookup
from tests.screens.conftest import settle, sign_in

SMALL = (80, 24)
NORTH = "North Community Assessment"


def title(app: CareApp) -> str:
    from textual.widgets import Static

    return str(app.screen.query_one("#items-title", Static).render())


def notes(app: CareApp) -> str:
    return " ".join(str(n.message) for n in app._notifications)


async def open_team_view(pilot) -> WaitingListScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("W")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, WaitingListScreen)
    return screen


async def choose_team(pilot, team: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("t")
    await settle(pilot)
    chooser = pilot.app.screen
    assert isinstance(chooser, ChooseOne)
    labels = [label for label, _ in chooser.choices]
    at = next(n for n, label in enumerate(labels) if label.startswith(f"{team}:"))
    await pilot.press(*["down"] * at, "enter")
    await settle(pilot)


async def test_a_front_door_worker_reads_another_teams_list_without_allocating(
    sandbox: Store,
) -> None:
    """The front door sees where the people it accepted wait, Urgent first, and the likely
    wait to tell them; only North's own manager may allocate from North's list."""
    store = sandbox
    app = CareApp(store=store, actor=sign_in(store, "iqbal"), sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_team_view(pilot)
        assert title(app).startswith("Waiting list: Adult Social Care Front Door (0)")
        await choose_team(pilot, NORTH)
        expected = referrals.waiting_list(store, sign_in(store, "clarke"))
        assert title(app).startswith(f"Waiting list: {NORTH} ({len(expected)}): Urgent ")
        assert [r.case_id for r in screen.rows] == [r.case_id for r in expected]
        assert screen.rows[0].priority_label == "Urgent"
        assert screen.check_action("allocate", ()) is False
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, WaitingListScreen)  # no worker list offered
        first = screen.rows[0]
        await pilot.press("enter")
        await settle(pilot)
        assert getattr(app.screen, "case_id", None) == first.case_id


async def test_the_teams_manager_allocates_from_the_team_view(sandbox: Store) -> None:
    store = sandbox
    manager = sign_in(store, "clarke")
    app = CareApp(store=store, actor=manager, sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        dashboard = app.screen
        assert isinstance(dashboard, DashboardScreen)
        waiting = len(referrals.waiting_list(store, manager))
        summary = str(dashboard.query_one("#dash-summary").render())
        assert f"{waiting} on the waiting list (key 0)." in summary
        screen = await open_team_view(pilot)
        assert title(app).startswith(f"Waiting list: {NORTH} ({waiting})")
        chosen = screen.rows[0]
        await pilot.press("a")
        await settle(pilot)
        lookup = app.screen
        assert isinstance(lookup, WorkerLookup)
        assert all("open case" in w.line for w in lookup.shown)
        await pilot.press(*"okafor", "enter")
        await settle(pilot)
        assert "allocated to Daniel Okafor" in notes(app)
        assert isinstance(app.screen, WaitingListScreen)
        assert chosen.case_id not in [r.case_id for r in screen.rows]
        assert app.screen.query_one(RecordTable).row_count == waiting - 1
    okafor = sign_in(store, "okafor")
    assert chosen.case_id in {r.case_id for r in worklists.primary_cases(store, okafor)}
    assert case_record.case_detail(store, okafor, chosen.case_id).status is CaseStatus.OPEN


async def test_a_viewer_reads_the_list_and_has_no_allocate_key(sandbox: Store) -> None:
    store = sandbox
    app = CareApp(store=store, actor=sign_in(store, "lee"), sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_team_view(pilot)
        await choose_team(pilot, NORTH)
        assert screen.rows
        hint = str(screen.query_one("#items-hint").render())
        assert "allocate" not in hint and "another team" in hint
