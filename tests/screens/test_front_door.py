"""The front door by keyboard at 80x24 (issue 12): a new contact, its screening, the waiting
list and the allocation, on a copy of the sandbox with a front door team added here."""

from __future__ import annotations

from datetime import date, time
from typing import Any

import pytest
from sqlmodel import col, select
from textual.widgets import Select, TabbedContent
from textual.widgets._select import SelectOverlay

from caretui.app import CareApp
from caretui.rules.referrals import ContactDraft
from caretui.rules.roles import Role
from caretui.rules.vocab import CaseStatus
from caretui.screens.dashboard import DashboardScreen
from caretui.screens.new_contact import NewContactWizard
from caretui.screens.screening import ScreeningWizard
from caretui.store.db import Store
from caretui.store.models import Activity, Person
from caretui.store.queries import case_record, referrals, worklists
from caretui.widgets.choose_one import ChooseOne
from caretui.widgets.contact_steps import DuplicateList
from caretui.widgets.form_fields import OptionBar
from caretui.widgets.record_table import RecordTable
from caretui.widgets.worker_lookup import WorkerLookup
from tests.screens.conftest import settle, sign_in, wait_until

SMALL = (80, 24)
FRONT_DOOR = "Front Door Training Room"  # apart from the sandbox's own front door team


# --- the front door team, and people to find -------------------------------------------------


@pytest.fixture
def front_door(sandbox: Store) -> Store:
    """A front door team with a practitioner and a manager, whatever the sandbox has."""
    from caretui.store.ops.accounts import create_team, create_user
    from caretui.store.queries import staff

    admin = sign_in(sandbox, "morgan")
    if FRONT_DOOR not in {t.name for t in staff.teams(sandbox)}:
        create_team(sandbox, admin, FRONT_DOOR)
    for login, name, role in (
        ("fdprac", "Fay Doorley", Role.PRACTITIONER),
        ("fdman", "Frank Gatley", Role.MANAGER),
    ):
        create_user(sandbox, admin, login=login, name=name, role=role, team=FRONT_DOOR)
    return sandbox


def add_person(store: Store, first: str, last: str, born: date, postcode: str = "") -> int:
    from caretui.store.ops.people import create_person

    actor = sign_in(store, "fdprac")
    details = {"postcode": postcode} if postcode else {}
    return create_person(
        store, actor, first_name=first, last_name=last, date_of_birth=born, **details
    )


def contact(reason: str = "Struggling at home since a fall.") -> ContactDraft:
    return ContactDraft(
        contact_date=date(2026, 11, 24),
        # Midnight: the suite pins the date, not the time of day, and a contact later
        # today than the suite runs would be in the future.
        contact_time=time(0, 0),
        source="gp",
        referrer_name="Dr Shah",
        referrer_contact="01924 111222",
        route="Community/Other route",
        reason=reason,
        urgency="normal",
    )


# --- keys ---------------------------------------------------------------------------------------


def in_field(app: CareApp, key: str) -> bool:
    node: Any = app.focused
    while node is not None:
        if getattr(node, "id", None) == f"field-{key}":
            return True
        node = node.parent
    return False


async def to_field(pilot, key: str) -> None:  # type: ignore[no-untyped-def]
    """tab until the cursor is in the answer ``key``, as a practitioner would."""
    for _ in range(40):
        if in_field(pilot.app, key):
            return
        await pilot.press("tab")
    raise AssertionError(f"tab never reached {key}; focus is on {pilot.app.focused}")


async def type_in(pilot, key: str, text: str) -> None:  # type: ignore[no-untyped-def]
    await to_field(pilot, key)
    await pilot.press(*text)


async def choose(pilot, key: str, label: str) -> None:  # type: ignore[no-untyped-def]
    """Choose an option by its words: arrows and space in a row of options, enter and
    arrows in a drop-down."""
    await to_field(pilot, key)
    control = pilot.app.focused
    if isinstance(control, OptionBar):
        labels = [words for words, _value in control.options]
        steps = (labels.index(label) - control.cursor) % len(labels)
        await pilot.press(*["right"] * steps, "space")
        return
    assert isinstance(control, Select), control
    await pilot.press("enter")
    overlay = control.query_one(SelectOverlay)
    prompts = [_plain(o.prompt) for o in overlay.options]
    now = overlay.highlighted or 0
    assert label in prompts, prompts
    wanted = prompts.index(label)
    await pilot.press(*(["down"] * (wanted - now) or ["up"] * (now - wanted)), "enter")


def _plain(prompt: Any) -> str:
    return str(getattr(prompt, "plain", prompt))


async def new_contact(pilot) -> NewContactWizard:  # type: ignore[no-untyped-def]
    """N on the dashboard, once it has loaded."""
    await settle(pilot)
    await pilot.press("N")
    await settle(pilot)
    assert isinstance(pilot.app.screen, NewContactWizard)
    return pilot.app.screen


async def next_step(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("ctrl+pagedown")
    await settle(pilot)


async def fill_contact(pilot) -> None:  # type: ignore[no-untyped-def]
    """The Contact step; the date and time of initial contact are left at now."""
    await choose(pilot, "source", "GP")
    await type_in(pilot, "referrer_name", "Dr Shah")
    await type_in(pilot, "referrer_contact", "01924 111222")
    await choose(pilot, "route", "Community or other route")
    await type_in(pilot, "reason", "Falls at home; struggling to wash.")
    await choose(pilot, "urgency", "Normal")


async def dot_brightwell(pilot, postcode: str = "") -> None:  # type: ignore[no-untyped-def]
    """A new person who may be Dorothea Brightwell (born 1 Feb 1938), up to Duplicates."""
    await new_contact(pilot)
    await pilot.press("ctrl+n")  # straight to a new person
    await settle(pilot)
    await type_in(pilot, "first_name", "Dot")
    await type_in(pilot, "last_name", "Brightwell")
    await type_in(pilot, "date_of_birth", "01/02/1938")
    if postcode:
        await type_in(pilot, "postcode", postcode)
    await pilot.press("tab")
    await next_step(pilot)


async def to_waiting_list(pilot, team: str, priority: str, told: str) -> None:  # type: ignore[no-untyped-def]
    """The screening decision, from its first step: onto ``team``'s waiting list."""
    await next_step(pilot)
    await choose(pilot, "outcome", "Place on the team's waiting list")
    await choose(pilot, "team_id", team)
    await choose(pilot, "priority", priority)
    await choose(pilot, "informed_how", told)
    await pilot.press("ctrl+s")
    await settle(pilot)


def notes(app: CareApp) -> str:
    return " ".join(str(n.message) for n in app._notifications)


def tab_label(app: CareApp, pane: str) -> str:
    return str(app.screen.query_one(TabbedContent).get_tab(pane).label)


async def open_panel(pilot, key: str, pane: str) -> None:  # type: ignore[no-untyped-def]
    await wait_until(pilot, lambda: "(…)" not in tab_label(pilot.app, pane))
    await pilot.press(key)
    await settle(pilot)
    assert pilot.app.screen.active_panel == pane.removeprefix("pane-")


# --- the paths ------------------------------------------------------------------------------------


async def test_new_person_with_consent_to_the_waiting_list_then_allocated(
    front_door: Store,
) -> None:
    """Contact, new person, consent, waiting list; the manager allocates; the worker has it."""
    store = front_door
    app = CareApp(store=store, actor=sign_in(store, "fdprac"), sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        wizard = await new_contact(pilot)
        await pilot.press(*"zebedee quint")
        await settle(pilot)
        await pilot.press("down", "enter")  # nobody found: the last row, "New person"
        await settle(pilot)
        assert wizard.answers["person_mode"] == "new"
        assert (wizard.answers["first_name"], wizard.answers["last_name"]) == ("Zebedee", "Quint")
        await type_in(pilot, "date_of_birth", "12/03/1948")
        await type_in(pilot, "nhs_number", "943 476 5911")  # a wrong check digit
        await pilot.press("tab")
        await settle(pilot)
        await next_step(pilot)
        await next_step(pilot)
        assert wizard.frame.index == 3  # Contact
        await fill_contact(pilot)
        await next_step(pilot)
        await choose(pilot, "consent_kind", "Consent given")
        await choose(pilot, "consent_nature", "Spoken (word of mouth)")
        await pilot.press("ctrl+s")
        await settle(pilot)
        # The NHS number with a wrong check digit stops it, beside its field.
        assert isinstance(app.screen, NewContactWizard) and wizard.frame.index == 1
        form = wizard.step_form(1)
        assert form is not None and "last digit" in form.errors.get("nhs_number", "")
        await to_field(pilot, "nhs_number")
        await pilot.press("ctrl+u", *"9434765919", "tab")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ChooseOne), notes(app)
        case_id = wizard.result.case_id
        await pilot.press("enter")  # Screen it now
        await settle(pilot)
        assert isinstance(app.screen, ScreeningWizard)
        await to_waiting_list(pilot, "North Community Assessment", "Normal", "Letter")
        assert isinstance(app.screen, DashboardScreen), notes(app)

    manager = sign_in(store, "clarke")
    detail = case_record.case_detail(store, manager, case_id)
    assert detail.status is CaseStatus.WAITING
    app = CareApp(store=store, actor=manager, sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await open_panel(pilot, "0", "pane-waiting")
        assert tab_label(app, "pane-waiting").startswith("Waiting list (")
        await pilot.press("f", *"zebedee", "enter")  # filter the list, back to it
        table = app.screen.query_one("#table-waiting", RecordTable)
        assert table.row_count == 1
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, WorkerLookup)
        assert any("Priya Sharma" in w.line and "open case" in w.line for w in app.screen.shown)
        await pilot.press(*"priya", "enter")
        await settle(pilot)
        assert "allocated to Priya Sharma" in notes(app)

    worker = sign_in(store, "sharma")
    assert case_id in {r.case_id for r in worklists.primary_cases(store, worker)}
    app = CareApp(store=store, actor=worker, sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#table-primary", RecordTable)
        assert str(case_id) in {r.key for r in table.records}


async def test_existing_person_found_goes_to_the_waiting_list(front_door: Store) -> None:
    """Contact, the person found on record (no new record), screened onto a waiting list."""
    store = front_door
    person_id = add_person(store, "Winifred", "Umbridge", date(1940, 5, 6))
    app = CareApp(store=store, actor=sign_in(store, "fdprac"), sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        wizard = await new_contact(pilot)
        await pilot.press(*"umbridge win")
        await settle(pilot)
        await pilot.press("down", "enter")  # the first found
        await settle(pilot)
        assert wizard.answers["person_mode"] == "existing"
        assert wizard.answers["person_id"] == person_id
        assert wizard.frame.index == 3  # straight to Contact: no Details, no Duplicates
        await fill_contact(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ChooseOne), notes(app)
        await pilot.press("up", "enter")  # Not now: it waits on Referrals to screen
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        await open_panel(pilot, "6", "pane-screen")
        assert tab_label(app, "pane-screen") == "Referrals to screen (1)"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ScreeningWizard)
        case_id = app.screen.case_id
        await to_waiting_list(pilot, "South Community Assessment", "Urgent", "Phone call")
        assert isinstance(app.screen, DashboardScreen), notes(app)
        # Screened, it leaves the panel, which hides again.
        assert app.screen.query_one(TabbedContent).get_tab("pane-screen").has_class("-hidden")
    with store.read() as s:
        assert s.exec(select(Person).where(Person.last_name == "Umbridge")).all().__len__() == 1
    south = sign_in(store, "reid")
    assert [r.case_id for r in referrals.waiting_list(store, south) if r.case_id == case_id]
    assert case_record.case_detail(store, south, case_id).person_id == person_id


async def test_decline_with_alternative_services_in_writing(front_door: Store) -> None:
    """A decline needs alternatives (or why none) and a letter or email (standard 1.3)."""
    from caretui.store.ops.referrals import record_contact

    store = front_door
    actor = sign_in(store, "fdprac")
    recorded = record_contact(
        store,
        actor,
        contact=contact(),
        new_person={"first_name": "Declan", "last_name": "Nolan", "postcode": "WF2 7QT"},
    )
    app = CareApp(store=store, actor=actor, sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await open_panel(pilot, "6", "pane-screen")
        await pilot.press("enter")
        await settle(pilot)
        wizard = app.screen
        assert isinstance(wizard, ScreeningWizard)
        await next_step(pilot)
        await choose(pilot, "outcome", "Decline, with the reason and alternative services")
        await choose(pilot, "decline_reason", "Needs cannot be met by this service")
        await choose(pilot, "informed_how", "Phone call")
        await pilot.press("ctrl+s")
        await settle(pilot)
        # Not saved: the rules' words beside the answers.
        assert isinstance(app.screen, ScreeningWizard)
        form = wizard.step_form(1)
        assert form is not None
        assert "alternative services" in form.errors.get("alternative_services", "")
        assert "in writing" in form.errors.get("informed_how", "")
        await type_in(pilot, "alternative_services", "Age UK befriending; the carers' centre.")
        await choose(pilot, "informed_how", "Letter")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen), notes(app)
        assert "Declined" in notes(app)
    detail = referrals.referral_for_case(store, actor, recorded.case_id)
    assert detail is not None and detail.outcome == "decline"
    assert detail.alternative_services.startswith("Age UK")
    assert detail.cld_outcome == "NFA - No services offered: Other reason"
    assert case_record.case_detail(store, actor, recorded.case_id).status is CaseStatus.CLOSED
    with store.read() as s:
        letters = s.exec(
            select(Activity).where(
                Activity.case_id == recorded.case_id, col(Activity.type) == "letter"
            )
        ).all()
    assert len(letters) == 1


async def test_a_likely_duplicate_needs_a_reason_before_a_new_record(front_door: Store) -> None:
    store = front_door
    existing = add_person(store, "Dorothea", "Brightwell", date(1938, 2, 1), "WF1 2AB")
    app = CareApp(store=store, actor=sign_in(store, "fdprac"), sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await dot_brightwell(pilot)
        wizard = app.screen
        assert isinstance(wizard, NewContactWizard) and wizard.frame.index == 2
        duplicates = app.screen.query_one(DuplicateList)
        await wait_until(pilot, lambda: bool(duplicates.rows))
        assert list(duplicates.rows) == [str(existing)]
        row = duplicates.rows[str(existing)]
        assert "same date of birth" in row.because.lower() and not row.restricted
        await next_step(pilot)
        await fill_contact(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        # Refused without a reason: back on the list, the rule's words under it.
        assert isinstance(app.screen, NewContactWizard) and wizard.frame.index == 2
        duplicates = app.screen.query_one(DuplicateList)  # the step is drawn afresh
        error = str(duplicates.query_one("#dup-error").render())
        assert "may be this person" in error and "say why" in error
        with store.read() as s:
            people = s.exec(select(Person).where(Person.last_name == "Brightwell")).all()
        assert len(people) == 1
        await pilot.press(*"Different person: the GP confirmed")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ChooseOne), notes(app)
        case_id = wizard.result.case_id
    detail = referrals.referral_for_case(store, sign_in(store, "fdprac"), case_id)
    assert detail is not None and detail.duplicate_reason.startswith("Different person")


async def test_escape_keeps_the_contact_as_a_draft(front_door: Store) -> None:
    store = front_door
    app = CareApp(store=store, actor=sign_in(store, "fdprac"), sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await new_contact(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        await type_in(pilot, "first_name", "Ottoline")
        await pilot.press("escape")
        await settle(pilot, 1.2)
        assert isinstance(app.screen, DashboardScreen)
        wizard = await new_contact(pilot)
        assert wizard.answers.get("first_name") == "Ottoline"
        assert "Ottoline" in str(app.screen.query_one("#wizard-title").render())


async def test_consent_is_withdrawn_and_the_banner_says_so(front_door: Store) -> None:
    from caretui.rules.consent import ConsentEvent

    store = front_door
    actor = sign_in(store, "fdprac")
    given = ConsentEvent(kind="given", on=date(2026, 11, 20), by=actor.name, nature="written")
    from caretui.store.ops.consent import record_consent

    person_id = add_person(store, "Cressida", "Ambler", date(1944, 7, 7))
    record_consent(store, actor, person_id, given)
    app = CareApp(store=store, actor=actor, sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        app.open_person(person_id)
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        assert "Consent: written, confirmed 20 Nov 2026" in str(
            app.screen.query_one("#items-title").render()
        )
        await pilot.press("w")
        await settle(pilot)
        await pilot.press("tab", *"Moving to live with her son", "ctrl+s")
        await settle(pilot)
        title = str(app.screen.query_one("#items-title").render())
        assert "Consent withdrawn 24 Nov 2026: Moving to live with her son" in title
        assert app.screen.query_one(RecordTable).row_count == 2
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        from caretui.widgets.banner import PersonBanner

        assert "Consent withdrawn 24 Nov 2026" in str(app.screen.query_one(PersonBanner).render())


async def test_the_palette_offers_a_new_contact_and_a_viewer_is_not_offered_it(
    front_door: Store,
) -> None:
    app = CareApp(store=front_door, actor=sign_in(front_door, "fdprac"), sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"new contact")
        await settle(pilot, 0.6)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, NewContactWizard)
    app = CareApp(store=front_door, actor=sign_in(front_door, "lee"), sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("N")  # a view-only account is not offered it
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)


# --- snapshots at 80x24 ----------------------------------------------------------------------


async def _still(pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot, 0.5)
    for node in pilot.app.screen.query("Input, TextArea"):
        node.cursor_blink = False  # type: ignore[attr-defined]
    pilot.app.clear_notifications()
    await pilot.pause(0.1)


def test_snapshot_contact_form(snap_compare, front_door: Store) -> None:  # type: ignore[no-untyped-def]
    app = CareApp(store=front_door, actor=sign_in(front_door, "fdprac"), sandbox=True)

    async def contact_step(pilot) -> None:  # type: ignore[no-untyped-def]
        await new_contact(pilot)
        await pilot.press(*"zebedee quint", "down", "enter")
        await settle(pilot)
        await next_step(pilot)
        await next_step(pilot)
        await to_field(pilot, "contact_time")
        await pilot.press("ctrl+u", *"00:00")  # never in the future (see contact())
        await fill_contact(pilot)
        await to_field(pilot, "contact_date")
        await _still(pilot)

    assert snap_compare(app, terminal_size=SMALL, run_before=contact_step)


def test_snapshot_duplicate_list(snap_compare, front_door: Store) -> None:  # type: ignore[no-untyped-def]
    add_person(front_door, "Dorothea", "Brightwell", date(1938, 2, 1), "WF1 2AB")
    add_person(front_door, "Derek", "Brightwell", date(1951, 9, 30), "WF1 2AB")
    app = CareApp(store=front_door, actor=sign_in(front_door, "fdprac"), sandbox=True)

    async def duplicates(pilot) -> None:  # type: ignore[no-untyped-def]
        await dot_brightwell(pilot, postcode="wf12ab")
        await wait_until(pilot, lambda: len(pilot.app.screen.query_one(DuplicateList).rows) == 2)
        await _still(pilot)

    assert snap_compare(app, terminal_size=SMALL, run_before=duplicates)


def test_snapshot_waiting_list(  # type: ignore[no-untyped-def]
    snap_compare, front_door: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Urgent first, then the longest wait; the likely wait from last weeks' allocations."""
    from datetime import timedelta

    from caretui.rules.referrals import ScreeningDecision
    from caretui.store.ops.referrals import (
        allocate_from_waiting_list,
        record_contact,
        screen_referral,
    )
    from caretui.store.queries import staff

    store = front_door
    today = date(2026, 11, 24)
    north = next(t.id for t in staff.teams(store) if t.name == "North Community Assessment")

    def on_the_list(first: str, last: str, priority: str, days_ago: int) -> int:
        day = today - timedelta(days=days_ago)
        monkeypatch.setenv("CARETUI_TODAY", day.isoformat())
        actor = sign_in(store, "fdprac")
        draft = contact()
        recorded = record_contact(
            store,
            actor,
            contact=ContactDraft(**{**draft.__dict__, "contact_date": day}),
            new_person={"first_name": first, "last_name": last},
        )
        decision = ScreeningDecision(
            outcome="waiting_list", team_id=north, priority=priority, informed_how="letter"
        )
        screen_referral(store, actor, recorded.referral_id, decision, expected_version=1)
        return recorded.case_id

    # One Normal wait that ended: 12 days on the list, allocated 30 days ago.
    ended = on_the_list("Ivor", "Bramley", "normal", 42)
    monkeypatch.setenv("CARETUI_TODAY", (today - timedelta(days=30)).isoformat())
    manager = sign_in(store, "clarke")
    sharma = next(u.id for u in staff.users(store) if u.login == "sharma")
    allocate_from_waiting_list(store, manager, ended, sharma, expected_version=2)
    for first, last, priority, days_ago in (
        ("Agnes", "Whitworth", "low", 40),
        ("Bernard", "Oyelaran", "urgent", 2),
        ("Constance", "Pike", "normal", 19),
        ("Dennis", "Lowther", "urgent", 9),
        ("Elsie", "Marchbank", "normal", 4),
    ):
        on_the_list(first, last, priority, days_ago)
    monkeypatch.setenv("CARETUI_TODAY", today.isoformat())
    app = CareApp(store=store, actor=sign_in(store, "clarke"), sandbox=True)

    async def waiting(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await open_panel(pilot, "0", "pane-waiting")
        await _still(pilot)

    assert snap_compare(app, terminal_size=SMALL, run_before=waiting)
