"""Two people, one record: nothing saved is overwritten unseen (issue 13).

Each test has two sessions on one store file, as two practitioners in two terminals
would: one edits on screen, the other saves first through the store.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from textual.widgets import Input, TextArea

from caretui.app import CareApp
from caretui.rules.merge import in_words
from caretui.rules.vocab import ActivityType
from caretui.screens.activity import ActivityScreen
from caretui.screens.person import PersonDialog, PersonScreen
from caretui.store.db import Store, open_store
from caretui.store.ops.activities import create_activity, update_activity
from caretui.store.ops.people import update_person
from caretui.store.queries import activities, drafts, people, worklists
from caretui.widgets.conflict_view import ConflictScreen
from tests.screens.conftest import settle, sign_in, wait_until
from tests.screens.test_walkthrough import SMALL


@pytest.fixture
def other(sandbox: Store) -> Iterator[Store]:
    """A second session on the same store file: the colleague's terminal."""
    store = open_store(sandbox.url, sandbox=True)
    yield store
    store.dispose()


def _an_activity(store: Store) -> tuple[int, int]:
    sharma = sign_in(store, "sharma")
    case_id = worklists.primary_cases(store, sharma)[0].case_id
    team = sharma.team_id
    activity_id = create_activity(
        store,
        sharma,
        case_id=case_id,
        type=ActivityType.CASE_NOTE,
        subject="Home visit",
        notes="Seen at home.",
        responsible_team_id=team,
    )
    return case_id, activity_id


async def _open_activity(pilot: Any, store: Store, case_id: int, activity_id: int) -> None:
    app = pilot.app
    app.push_screen(ActivityScreen(store, app.actor, case_id=case_id, activity_id=activity_id))
    await settle(pilot)
    assert isinstance(app.screen, ActivityScreen)
    screen = app.screen
    await wait_until(pilot, lambda: not screen._loading)  # the saved values are on screen


async def test_a_stale_activity_save_shows_theirs_beside_yours_and_keeps_both_notes(
    sandbox: Store, other: Store
) -> None:
    case_id, activity_id = _an_activity(sandbox)
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "sharma"), sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await _open_activity(pilot, sandbox, case_id, activity_id)
        screen = app.screen
        notes = screen.query_one("#notes", TextArea)
        notes.focus()
        notes.text = "Seen at home. Mr Henry asked about day care."
        screen.query_one("#subject", Input).value = "Home visit and day care"
        await settle(pilot)

        # Priya's colleague saves first, in another terminal.
        version = activities.activity_detail(other, sign_in(other, "sharma"), activity_id).version
        update_activity(
            other,
            sign_in(other, "okafor"),
            activity_id,
            expected_version=version,
            notes="Seen at home. Daughter to phone on Monday.",
        )
        await pilot.press("ctrl+s")
        await settle(pilot)
        view = app.screen
        assert isinstance(view, ConflictScreen)
        assert "Daniel Okafor changed this activity" in view.heading()
        words = {c.label: in_words(c) for c in view.changes}
        assert words == {
            "Subject": "Only you changed",
            "Notes": "Both changed",
        }
        # Notes both changed: saving waits for a choice.
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is view
        while view.current() is None or view.current().change.label != "Notes":
            await pilot.press("down")
        await pilot.press("b")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await wait_until(pilot, lambda: not isinstance(app.screen, ActivityScreen | ConflictScreen))

    saved = activities.activity_detail(sandbox, sign_in(sandbox, "sharma"), activity_id)
    assert saved.subject == "Home visit and day care"
    assert "Daughter to phone on Monday." in saved.notes
    assert "Mr Henry asked about day care." in saved.notes
    assert saved.version == version + 2
    assert drafts.draft(sandbox, sign_in(sandbox, "sharma"), f"activity:{activity_id}") is None


async def test_escape_from_the_conflict_saves_nothing_and_reopening_compares_again(
    sandbox: Store, other: Store
) -> None:
    """A draft typed over an older version is never restored over theirs unseen."""
    case_id, activity_id = _an_activity(sandbox)
    sharma = sign_in(sandbox, "sharma")
    app = CareApp(store=sandbox, actor=sharma, sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await _open_activity(pilot, sandbox, case_id, activity_id)
        app.screen.query_one("#notes", TextArea).text = "My own note."
        await settle(pilot)
        version = activities.activity_detail(other, sign_in(other, "sharma"), activity_id).version
        update_activity(
            other, sign_in(other, "okafor"), activity_id, expected_version=version, notes="Theirs."
        )
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConflictScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ActivityScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert drafts.draft(sandbox, sharma, f"activity:{activity_id}") is not None

        # Opened again later: the draft is compared with theirs, not put over it.
        app.push_screen(ActivityScreen(sandbox, sharma, case_id=case_id, activity_id=activity_id))
        await wait_until(pilot, lambda: isinstance(app.screen, ConflictScreen))
        view = app.screen
        assert "after your draft" in view.heading()
        assert [in_words(c) for c in view.changes] == ["Both changed"]
        await pilot.press("t", "ctrl+s")
        await settle(pilot)
    saved = activities.activity_detail(sandbox, sharma, activity_id)
    assert saved.notes == "Theirs."
    assert drafts.draft(sandbox, sharma, f"activity:{activity_id}") is None


async def test_person_details_conflict_keeps_their_email_and_your_phone(
    sandbox: Store, other: Store
) -> None:
    sharma = sign_in(sandbox, "sharma")
    app = CareApp(store=sandbox, actor=sharma, sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        app.open_person(1)
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, PersonDialog)
        phone = app.screen.query_one("#f-phone", Input)
        phone.focus()
        phone.value = "01924 555111"
        await settle(pilot)
        detail = people.person_record(other, sign_in(other, "okafor"), 1)
        update_person(
            other,
            sign_in(other, "okafor"),
            1,
            expected_version=detail.version,
            phone="01924 999000",
            email="leroy@example.org",
        )
        await pilot.press("ctrl+s")
        await settle(pilot)
        view = app.screen
        assert isinstance(view, ConflictScreen)
        words = {c.label: in_words(c) for c in view.changes}
        assert words == {"Phone": "Both changed", "Email": "Only they changed"}
        await pilot.press("y")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause(0.2)
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
    saved = people.person_record(sandbox, sharma, 1)
    assert (saved.phone, saved.email) == ("01924 555111", "leroy@example.org")


async def test_every_problem_is_shown_at_once_and_the_cursor_stays_put(sandbox: Store) -> None:
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "sharma"), sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        app.open_person(1)
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, PersonDialog)
        dialog.query_one("#f-date_of_birth", Input).value = "31/02/1950"
        dialog.query_one("#f-nhs_number", Input).value = "943 476 5918"  # bad check digit
        email = dialog.query_one("#f-email", Input)
        email.focus()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog
        shown = {
            key: str(dialog.query_one(f"#e-{key}").render())
            for key in ("date_of_birth", "nhs_number")
        }
        assert all(shown.values()), shown
        assert "check digit" in shown["nhs_number"].lower() or "nhs" in shown["nhs_number"].lower()
        assert app.focused is email


async def test_a_wizard_refused_as_stale_reads_the_case_again_and_then_finishes(
    sandbox: Store, other: Store
) -> None:
    """A case decision (here a transfer) is not merged field by field: refused, the
    wizard reads the case again, keeps the answers, and the next ctrl+s decides on the
    case as it now is."""
    from caretui.screens.case import CaseScreen
    from caretui.screens.transfer import TransferWizard
    from caretui.store.models import Case
    from caretui.store.ops.writing import transaction

    sharma = sign_in(sandbox, "sharma")
    okafor = sign_in(sandbox, "okafor")
    case_id = worklists.primary_cases(sandbox, sharma)[0].case_id
    app = CareApp(store=sandbox, actor=sharma, sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        app.open_case(case_id)
        await settle(pilot)
        await pilot.press("T")
        await settle(pilot)
        wizard = app.screen
        assert isinstance(wizard, TransferWizard)
        wizard.answers.update(
            kind="within_team", user=str(okafor.id), reason="Priya goes on leave."
        )
        opened_at = wizard.context.detail.version

        # The manager changes the case in another terminal meanwhile.
        clarke = sign_in(other, "clarke")
        with transaction(other) as session:
            case = session.get(Case, case_id)
            assert case is not None
            case.version += 1
            case.updated_by_id = clarke.id
            session.add(case)

        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is wizard
        said = [str(n.message) for n in app._notifications]
        assert any("Helen Clarke changed this case" in m and "answers are kept" in m for m in said)
        assert wizard.context.detail.version == opened_at + 1
        assert wizard.answers["reason"] == "Priya goes on leave."

        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
    with sandbox.read() as session:
        case = session.get(Case, case_id)
        assert case is not None and case.responsible_user_id == okafor.id
