"""Drafts keep what was typed, and only that (issue 13).

Opening a record and leaving it untouched stores nothing and says nothing; a wizard that
refuses to start leaves nothing behind; a draft can be thrown away, after a confirmation
that names what is lost, from the screen that restored it or from the case's "Unfinished
work" prompt.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import select
from textual.widgets import Input, TextArea

from caretui.app import CareApp
from caretui.rules.permissions import Actor
from caretui.rules.vocab import ActivityType
from caretui.screens.activity import ActivityScreen
from caretui.screens.carers import CarersWizard
from caretui.screens.case import CaseScreen
from caretui.screens.form import FormScreen
from caretui.screens.transfer import TransferWizard
from caretui.store.db import Store
from caretui.store.models import Draft
from caretui.store.ops.activities import create_activity
from caretui.store.ops.forms import create_form
from caretui.store.queries import drafts, worklists
from caretui.widgets.choose_one import ChooseOne
from caretui.widgets.notice import Notice
from tests.screens.conftest import settle, sign_in, wait_until
from tests.screens.test_walkthrough import SMALL


def _all_drafts(store: Store) -> list[Draft]:
    with store.read() as s:
        return list(s.exec(select(Draft)).all())


def _said(app: CareApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


def _case_of(store: Store, login: str, person: str) -> int:
    actor = sign_in(store, login)
    return next(c.case_id for c in worklists.primary_cases(store, actor) if c.person == person)


def _a_case_note(store: Store, actor: Actor, case_id: int, **fields: str) -> int:
    return create_activity(
        store,
        actor,
        case_id=case_id,
        type=ActivityType.CASE_NOTE,
        subject="Phoned the daughter",
        responsible_team_id=actor.team_id,
        **fields,
    )


async def _leave(pilot: Any) -> None:
    await pilot.press("escape")
    await settle(pilot)


async def test_opening_and_leaving_untouched_stores_nothing_and_says_nothing(
    sandbox: Store,
) -> None:
    sharma = sign_in(sandbox, "sharma")
    case_id = _case_of(sandbox, "sharma", "Leroy Henry")
    activity_id = _a_case_note(sandbox, sharma, case_id)
    form_id = create_form(
        sandbox, sharma, case_id=case_id, form_type="indicative_budget", responsible_user_id=None
    )
    before = len(_all_drafts(sandbox))
    app = CareApp(store=sandbox, actor=sharma, sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        app.open_case(case_id)
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
        screens = [
            ActivityScreen(sandbox, sharma, case_id=case_id, kind=ActivityType.CASE_NOTE),
            ActivityScreen(sandbox, sharma, case_id=case_id, activity_id=activity_id),
            FormScreen(sandbox, sharma, form_id),
        ]
        for screen in screens:
            app.push_screen(screen)
            await settle(pilot, 1.2)  # longer than a draft's maximum wait
            assert app.screen is screen
            await _leave(pilot)
            assert isinstance(app.screen, CaseScreen)
        await pilot.press("T")  # the transfer wizard, opened and left
        await settle(pilot, 1.2)
        assert isinstance(app.screen, TransferWizard)
        await _leave(pilot)
        assert not any("draft" in message for message in _said(app)), _said(app)
    assert len(_all_drafts(sandbox)) == before


async def test_a_wizard_that_refuses_to_start_leaves_no_draft_and_no_prompt(
    sandbox: Store,
) -> None:
    okafor = sign_in(sandbox, "okafor")
    case_id = _case_of(sandbox, "okafor", "Shamim Hussain")  # cared for, not a carer
    app = CareApp(store=sandbox, actor=okafor, sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        app.open_case(case_id)
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot, 1.2)
        assert isinstance(app.screen, CarersWizard)
        await _leave(pilot)
        await _leave(pilot)  # back to the dashboard, then the case again
        app.open_case(case_id)
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen), app.screen
    assert drafts.unfinished_on_case(sandbox, okafor, case_id) == []


async def test_a_restored_draft_is_discarded_with_ctrl_t_after_naming_what_is_lost(
    sandbox: Store,
) -> None:
    sharma = sign_in(sandbox, "sharma")
    case_id = _case_of(sandbox, "sharma", "Leroy Henry")
    activity_id = _a_case_note(sandbox, sharma, case_id, notes="She will visit on Sunday.")
    key = f"activity:{activity_id}"
    app = CareApp(store=sandbox, actor=sharma, sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        app.push_screen(ActivityScreen(sandbox, sharma, case_id=case_id, activity_id=activity_id))
        await settle(pilot)
        app.screen.query_one("#notes", TextArea).text = "She will visit on Saturday instead."
        await _leave(pilot)
        assert drafts.draft(sandbox, sharma, key) is not None
        assert any("kept as a draft" in message for message in _said(app))

        app.push_screen(ActivityScreen(sandbox, sharma, case_id=case_id, activity_id=activity_id))
        await settle(pilot)
        screen = app.screen
        notes = screen.query_one("#notes", TextArea)
        assert notes.text == "She will visit on Saturday instead."
        assert any("ctrl+t discards it" in message for message in _said(app))
        await pilot.press("ctrl+t")
        await settle(pilot)
        notice = app.screen
        assert isinstance(notice, Notice)
        assert "Notes" in notice.body and "cannot be undone" in notice.body
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        assert notes.text == "She will visit on Sunday."
        assert screen.query_one("#subject", Input).value == "Phoned the daughter"
    assert drafts.draft(sandbox, sharma, key) is None


async def test_unfinished_work_offers_to_discard_a_wizard_draft(sandbox: Store) -> None:
    sharma = sign_in(sandbox, "sharma")
    case_id = _case_of(sandbox, "sharma", "Leroy Henry")
    app = CareApp(store=sandbox, actor=sharma, sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        app.open_case(case_id)
        await settle(pilot)
        await pilot.press("T")
        await settle(pilot)
        await pilot.press("ctrl+pagedown", "w")  # How: within the team
        await settle(pilot, 1.2)
        await _leave(pilot)
        assert drafts.unfinished_on_case(sandbox, sharma, case_id)
        await _leave(pilot)

        app.open_case(case_id)
        await wait_until(pilot, lambda: isinstance(app.screen, ChooseOne))
        labels = [label for label, _value in app.screen.choices]  # type: ignore[attr-defined]
        assert "Discard the Transfer draft…" in labels, labels
        app.screen.dismiss(app.screen.choices[labels.index("Discard the Transfer draft…")][1])  # type: ignore[attr-defined]
        await settle(pilot)
        notice = app.screen
        assert isinstance(notice, Notice)
        assert "step 2" in notice.body and "answer" in notice.body
        await pilot.press("enter")
        await settle(pilot)
        await wait_until(pilot, lambda: not drafts.unfinished_on_case(sandbox, sharma, case_id))
        assert any("draft is discarded" in message for message in _said(app))


async def test_opening_the_case_offers_a_new_activity_typed_before_a_crash(sandbox: Store) -> None:
    """A Case Note typed and never saved (the terminal closed) is offered when the case is
    opened again, restored by one key; or discarded, the question naming its subject."""
    sharma = sign_in(sandbox, "sharma")
    case_id = _case_of(sandbox, "sharma", "Leroy Henry")
    key = f"activity:new:{case_id}:case_note"
    app = CareApp(store=sandbox, actor=sharma, sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        app.push_screen(
            ActivityScreen(sandbox, sharma, case_id=case_id, kind=ActivityType.CASE_NOTE)
        )
        await settle(pilot)
        await pilot.press(*"Spoke to daughter")
        await wait_until(
            pilot,
            lambda: (
                (kept := drafts.draft(sandbox, sharma, key)) is not None
                and kept.data.get("subject") == "Spoke to daughter"
            ),
        )

    app = CareApp(store=sandbox, actor=sharma, sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        app.open_case(case_id)
        await wait_until(pilot, lambda: isinstance(app.screen, ChooseOne))
        labels = [label for label, _value in app.screen.choices]  # type: ignore[attr-defined]
        assert labels[0].startswith("Carry on the new Case Note: Spoke to daughter"), labels
        assert "Discard the Case Note draft…" in labels
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ActivityScreen))
        await settle(pilot)
        assert app.screen.query_one("#subject", Input).value == "Spoke to daughter"
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("escape")  # back to the dashboard, then the case again
        await settle(pilot)
        app.open_case(case_id)
        await wait_until(pilot, lambda: isinstance(app.screen, ChooseOne))
        labels = [label for label, _value in app.screen.choices]  # type: ignore[attr-defined]
        app.screen.dismiss(app.screen.choices[labels.index("Discard the Case Note draft…")][1])  # type: ignore[attr-defined]
        await settle(pilot)
        assert isinstance(app.screen, Notice) and "Spoke to daughter" in app.screen.body
        await pilot.press("enter")
        await wait_until(pilot, lambda: drafts.draft(sandbox, sharma, key) is None)
