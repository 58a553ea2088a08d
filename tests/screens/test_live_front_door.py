"""Issue 12, done when: a fresh live store, set up only with the README's ``caretui admin``
commands, takes its first referral by keyboard at 80x24, on SQLite and on PostgreSQL.

The front door practitioner records a contact for a new person with consent; the front
door manager places it on North's waiting list; North's manager allocates it; the
allocated practitioner finds it on Primary Cases with the Care Act clock counting from
the initial contact, reads the referral on Details and adds a Case Note.
"""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from rich.console import Console
from textual.widgets import Static, TabbedContent

from caretui.app import CareApp
from caretui.cli import main
from caretui.rules.vocab import ActivityType, CaseStatus
from caretui.screens.activity import ActivityScreen
from caretui.screens.case import CaseScreen
from caretui.screens.dashboard import DashboardScreen
from caretui.screens.screening import ScreeningWizard
from caretui.store.db import Store, open_store
from caretui.store.queries import activities, referrals, worklists
from caretui.widgets.choose_one import ChooseOne
from caretui.widgets.worker_lookup import WorkerLookup
from tests.screens.conftest import settle, sign_in
from tests.screens.test_front_door import (
    choose,
    fill_contact,
    new_contact,
    next_step,
    notes,
    to_field,
    to_waiting_list,
    type_in,
)

SMALL = (80, 24)
FRONT_DOOR = "Adult Social Care Front Door"
NORTH = "North Community Assessment"
CONTACT_DAY = date(2026, 11, 20)  # four days before the tests' today: the clock runs from it

# The README's set-up, word for word but for the system admin's login.
SET_UP = [
    ["create-team", "Systems Support"],
    ["create-user", "sam", "--name", "Sam Support", "--role", "system_admin", "--team",
     "Systems Support"],
    ["create-team", FRONT_DOOR],
    ["create-team", NORTH],
    ["create-user", "farah", "--name", "Farah Iqbal", "--role", "practitioner", "--team",
     FRONT_DOOR, "--designation", "Social Worker"],
    ["create-user", "martin", "--name", "Martin Booth", "--role", "manager", "--team",
     FRONT_DOOR, "--designation", "Team Manager"],
    ["create-user", "helen", "--name", "Helen Clarke", "--role", "manager", "--team", NORTH,
     "--designation", "Team Manager"],
    ["create-user", "priya", "--name", "Priya Sharma", "--role", "practitioner", "--team",
     NORTH, "--designation", "Social Worker"],
]  # fmt: skip


@pytest.fixture
def live(store_url: str, monkeypatch: pytest.MonkeyPatch) -> Store:
    """A live store made from nothing by the shell commands, as a council's support desk would."""
    monkeypatch.setenv("CARETUI_DATABASE_URL", store_url)
    monkeypatch.setenv("USER", "sam")
    monkeypatch.setenv("LOGNAME", "sam")
    for command in SET_UP:
        assert main(["admin", *command]) == 0, command
    return open_store(store_url)


def plain(renderable: object) -> str:
    """What a practitioner reads, without styles."""
    console = Console(width=80, record=True, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


async def open_panel(pilot, key: str, pane: str) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press(key)
    await settle(pilot)
    assert pilot.app.screen.query_one(TabbedContent).active == pane


async def test_a_fresh_live_store_takes_its_first_referral_by_keyboard(live: Store) -> None:
    store = live
    # The front door practitioner: a new person, the contact, consent.
    app = CareApp(store=store, actor=sign_in(store, "farah"), sandbox=False)
    async with app.run_test(size=SMALL) as pilot:
        wizard = await new_contact(pilot)
        await pilot.press(*"edith marsden")
        await settle(pilot)
        await pilot.press("down", "enter")  # nobody found on a new store: New person
        await settle(pilot)
        await type_in(pilot, "date_of_birth", "14/02/1941")
        await type_in(pilot, "nhs_number", "9434765919")
        await type_in(pilot, "postcode", "WF1 2AB")
        await pilot.press("tab")
        await next_step(pilot)  # Duplicates: nobody
        await next_step(pilot)  # Contact
        await to_field(pilot, "contact_date")
        await pilot.press("ctrl+u", *f"{CONTACT_DAY:%d/%m/%Y}")
        await fill_contact(pilot)
        await next_step(pilot)
        await choose(pilot, "consent_kind", "Consent given")
        await choose(pilot, "consent_nature", "Spoken (word of mouth)")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ChooseOne), notes(app)
        case_id = wizard.result.case_id
        await pilot.press("up", "enter")  # Not now: it waits on Referrals to screen
        await settle(pilot)

    # The front door manager screens it onto North's waiting list.
    app = CareApp(store=store, actor=sign_in(store, "martin"), sandbox=False)
    async with app.run_test(size=SMALL) as pilot:
        await open_panel(pilot, "9", "pane-screen")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ScreeningWizard)
        await to_waiting_list(pilot, NORTH, "Urgent", "Phone call")
        assert isinstance(app.screen, DashboardScreen), notes(app)

    # North's manager allocates it to Priya.
    helen = sign_in(store, "helen")
    assert [r.case_id for r in referrals.waiting_list(store, helen)] == [case_id]
    app = CareApp(store=store, actor=helen, sandbox=False)
    async with app.run_test(size=SMALL) as pilot:
        await open_panel(pilot, "0", "pane-waiting")
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, WorkerLookup)
        await pilot.press(*"priya", "enter")
        await settle(pilot)
        assert "allocated to Priya Sharma" in notes(app)

    # Priya has it on Primary Cases, the Care Act clock from the initial contact.
    priya = sign_in(store, "priya")
    [row] = worklists.primary_cases(store, priya)
    assert row.case_id == case_id and row.status is CaseStatus.OPEN
    assert row.referral_date == CONTACT_DAY
    assert row.assessment.due == CONTACT_DAY + timedelta(days=28)
    app = CareApp(store=store, actor=priya, sandbox=False)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        case = app.screen
        assert isinstance(case, CaseScreen) and case.case_id == case_id
        details = plain(case.query_one("#details-body", Static).content)
        for words in ("Initial contact", "20 Nov 2026", "Dr Shah", "Consent", "Urgent"):
            assert words in details, words
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("c")  # the type picker jumps to Case Note by its first letter
        await settle(pilot)
        assert isinstance(app.screen, ActivityScreen)
        await pilot.press(*"First call to Edith", "tab", *"Visit booked for Thursday.")
        await pilot.press("ctrl+s")
        await settle(pilot)
    notes_on_case = activities.case_activities(store, priya, case_id)
    mine = [a for a in notes_on_case if a.subject == "First call to Edith"]
    assert mine and mine[0].type is ActivityType.CASE_NOTE
