"""A practitioner's day by keyboard, at 80x24 and larger, on a copy of the sandbox."""

from __future__ import annotations

import re

import pytest
from sqlmodel import select
from textual.widgets import Input

from caretui.app import CareApp
from caretui.screens.case import CaseScreen
from caretui.screens.dashboard import DashboardScreen
from caretui.screens.help import HelpScreen
from caretui.screens.signin import SignInScreen
from caretui.store.db import Store
from caretui.store.models import AuditEntry
from caretui.widgets.banner import PersonBanner
from caretui.widgets.keybar import KeyBar
from caretui.widgets.record_table import RecordTable
from tests.screens.conftest import settle, sign_in, wait_until

SMALL = (80, 24)
LARGE = (120, 40)


def tab_label(app: CareApp, pane: str) -> str:
    from textual.widgets import TabbedContent

    return str(app.screen.query_one(TabbedContent).get_tab(pane).label)


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "120x40"])
async def test_practitioner_signs_in_sees_counts_opens_a_case_and_goes_back(
    sandbox: Store, size: tuple[int, int]
) -> None:
    app = CareApp(store=sandbox, actor=None, sandbox=True)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen)
        await pilot.press(*"priya", "enter")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        await wait_until(pilot, lambda: "(…)" not in tab_label(app, "pane-secondary"))
        primary = int(re.search(r"\((\d+)\)", tab_label(app, "pane-primary"))[1])  # type: ignore[index]
        secondary = int(re.search(r"\((\d+)\)", tab_label(app, "pane-secondary"))[1])  # type: ignore[index]
        assert 15 <= primary <= 40
        assert secondary > 0
        assert "SANDBOX" in app.title

        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
        banner = app.screen.query_one(PersonBanner)
        assert banner.banner is not None and f"P{banner.banner.person_id}" in str(banner.render())
        await pilot.press("t")
        await settle(pilot)
        assert app.screen.query_one("#timeline-table", RecordTable).row_count > 0

        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("ctrl+q")
    assert app.return_code in (0, None)


async def test_opening_a_case_leaves_an_audit_entry(sandbox: Store) -> None:
    actor = sign_in(sandbox, "sharma")
    app = CareApp(store=sandbox, actor=actor, sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        case_id = app.screen.case_id  # type: ignore[attr-defined]
    with sandbox.read() as s:
        views = s.exec(
            select(AuditEntry).where(
                AuditEntry.action == "case.view", AuditEntry.case_id == case_id
            )
        ).all()
    assert [v.user_login for v in views] == ["sharma"]


async def test_panels_switch_with_number_keys_and_home_returns(sandbox: Store) -> None:
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "sharma"), sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        assert app.screen.active_panel == "activities"  # type: ignore[attr-defined]
        assert "My Activities (" in tab_label(app, "pane-activities")
        await pilot.press("right")
        assert app.screen.active_panel == "team"  # type: ignore[attr-defined]
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
        await pilot.press("H")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)


async def test_f_filters_the_list(sandbox: Store) -> None:
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "sharma"), sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#table-primary", RecordTable)
        before = table.row_count
        first = table.records[0].cells[0]
        await pilot.press("f", *str(first).split()[-1].lower())
        await settle(pilot)
        assert 0 < table.row_count < before


def case_views(store: Store) -> int:
    with store.read() as s:
        return len(s.exec(select(AuditEntry).where(AuditEntry.action == "case.view")).all())


async def test_every_letter_typed_after_f_goes_into_the_filter(sandbox: Store) -> None:
    """Issue 14: 'carers' filtered as 'arers' (c is a key of the list) and an o in it
    opened a case. Now f starts the filter and every letter typed goes into it."""
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "sharma"), sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        dashboard = app.screen
        assert isinstance(dashboard, DashboardScreen)
        box = dashboard.query_one("#dash-filter", Input)
        assert "f filters this list" in str(box.placeholder)
        assert "f Filter" in str(dashboard.query_one(KeyBar).render())
        await pilot.press("5")  # My Forms: one Carers Conversation Record
        await settle(pilot)
        table = dashboard.query_one("#table-forms", RecordTable)
        everything = table.row_count
        views = case_views(sandbox)

        await pilot.press("f", *"carers")
        await settle(pilot)
        assert box.value == "carers"
        assert table.row_count == 1 < everything
        assert "Carers Conversation Record" in str(table.shown[0].cells[0])

        await pilot.press("enter")  # back to the list, the filter kept
        assert app.focused is table and box.value == "carers" and table.row_count == 1

        await pilot.press("f", "o", "f", "s", "r")  # keys of the list, typed in the filter
        await settle(pilot)
        assert app.screen is dashboard and box.value == "carersofsr"
        assert table.row_count == 0 and table.sort_column is None
        assert case_views(sandbox) == views  # no case opened

        await pilot.press("escape")  # clears the filter, back to the list
        await settle(pilot)
        assert box.value == "" and table.row_count == everything and app.focused is table

        await pilot.press(*"xyz")  # letters that are not keys of the list do nothing
        await settle(pilot)
        assert box.value == "" and table.row_count == everything and app.focused is table

        await pilot.press("f", *"carers", "escape")  # escape in the box clears it too
        await settle(pilot)
        assert box.value == "" and table.row_count == everything and app.focused is table


async def test_help_lists_the_keys_of_the_screen(sandbox: Store) -> None:
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "sharma"), sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = " ".join(f"{k} {d}" for k, d in app.screen.rows())
        for words in ("Timeline", "Banner", "Menu", "Quit", "Home"):
            assert words in text
        # H (home dashboard) is not listed as the same thing as a table's home key.
        assert ("H", "Home") in app.screen.rows()
        await pilot.press("escape")
        assert isinstance(app.screen, CaseScreen)


async def test_manager_sees_the_manager_panels(sandbox: Store) -> None:
    from caretui.store.queries import worklists

    manager = sign_in(sandbox, "clarke")
    waiting = len(worklists.closures_awaiting(sandbox, manager))
    assert waiting > 0
    app = CareApp(store=sandbox, actor=manager, sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        assert "Forms to close (" in tab_label(app, "pane-closeforms")
        assert tab_label(app, "pane-closures") == f"Closures to authorise ({waiting})"


async def test_expired_viewer_is_refused_at_sign_in_with_who_to_ask(sandbox: Store) -> None:
    app = CareApp(store=sandbox, actor=None, sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press(*"alex", "enter")
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen)
        messages = [n.message for n in app._notifications]
        assert any("ended on" in m and "extension" in m for m in messages)


async def test_restricted_case_is_refused_to_someone_not_named(sandbox: Store) -> None:
    from caretui.store.models import Case, Person

    with sandbox.read() as s:
        case_id = s.exec(
            select(Case.id).join(Person, Person.id == Case.person_id).where(Person.restricted)
        ).first()
    assert case_id is not None
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "clarke"), sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        app.open_case(case_id)
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert any("restricted" in n.message for n in app._notifications)


async def test_palette_finds_a_person_by_name_and_opens_their_case(sandbox: Store) -> None:
    actor = sign_in(sandbox, "sharma")
    app = CareApp(store=sandbox, actor=actor, sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#table-primary", RecordTable)
        name = str(table.records[0].cells[0])
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        await pilot.press(*name.lower())
        await pilot.pause(1.0)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
        assert app.screen.detail is not None and app.screen.detail.banner.name == name
