"""Issue 14, three messages that were wrong: the palette's open case, a case's related
people, and the closure checklist's jump to the failing form or activity. At 80x24."""

from __future__ import annotations

import pytest
from textual.command import CommandList

from caretui.app import CareApp
from caretui.screens.case import CaseScreen
from caretui.screens.case_items import CaseActivitiesScreen, CaseFormsScreen
from caretui.screens.closure import ClosureWizard
from caretui.screens.person_relationships import CaseRelationshipsScreen
from caretui.store.db import Store
from caretui.store.queries import activities, forms
from caretui.widgets.record_table import RecordTable
from caretui.widgets.wizard import ChecklistView
from tests.screens.conftest import settle, sign_in, wait_until

SMALL = (80, 24)


async def _case(pilot, app: CareApp, case_id: int) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    app.open_case(case_id)
    await wait_until(pilot, lambda: isinstance(app.screen, CaseScreen))
    await settle(pilot)


async def test_p_on_a_case_lists_the_persons_contacts(sandbox: Store) -> None:
    """P76 (case 82) has a daughter and a GP as contacts, no one on record: p said "No
    related people are on record for this person"."""
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "sharma"), sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await _case(pilot, app, 82)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, CaseRelationshipsScreen)
        rows = [(r.relationship_type, r.name, r.related_person_id) for r in app.screen.rows]
        assert rows == [("Daughter", "Patricia Hudson", None), ("GP", "Duty doctor", None)]
        table = app.screen.query_one(RecordTable)
        assert table.row_count == 2
        notes = [str(n.message) for n in app._notifications]
        assert not any("No related people" in n for n in notes)


async def test_p_then_enter_on_a_person_on_record_opens_their_case(sandbox: Store) -> None:
    """Kenneth Haigh (case 3) is related to Dorothy Haigh (P1), whose case is 2."""
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "sharma"), sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await _case(pilot, app, 3)
        await pilot.press("p")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CaseRelationshipsScreen)
        at = next(n for n, r in enumerate(screen.rows) if r.related_person_id == 1)
        screen.query_one(RecordTable).move_cursor(row=at)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen) and app.screen.case_id == 2


async def _checklist(pilot, app: CareApp, case_id: int) -> ChecklistView:  # type: ignore[no-untyped-def]
    await _case(pilot, app, case_id)
    await pilot.press("C")
    await settle(pilot)
    assert isinstance(app.screen, ClosureWizard)
    return app.screen.query_one(ChecklistView)


async def test_f_from_the_closure_checklist_opens_forms_on_the_failing_form(
    sandbox: Store,
) -> None:
    """Case 76 lists forms 60, 59 and 61; only 61 is not closed. f opened Forms on the
    first row."""
    sharma = sign_in(sandbox, "sharma")
    assert [f.form_id for f in forms.case_forms(sandbox, sharma, 76)] == [60, 59, 61]
    app = CareApp(store=sandbox, actor=sharma, sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await _checklist(pilot, app, 76)
        await pilot.press("f")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CaseFormsScreen)
        assert screen.current is not None and screen.current.form_id == 61
        assert screen.query_one(RecordTable).cursor_row == 2


async def test_a_and_enter_from_the_checklist_open_activities_on_the_open_one(
    sandbox: Store,
) -> None:
    """Case 91: activities 596 and 597 are open, listed third and second."""
    sharma = sign_in(sandbox, "sharma")
    listed = [a.activity_id for a in activities.case_activities(sandbox, sharma, 91)]
    assert listed[:3] == [595, 597, 596]
    app = CareApp(store=sandbox, actor=sharma, sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        checklist = await _checklist(pilot, app, 91)
        await pilot.press("a")  # the first failing item of the check
        await settle(pilot)
        assert isinstance(app.screen, CaseActivitiesScreen)
        assert app.screen.current is not None and app.screen.current.activity_id == 596
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ClosureWizard)

        checklist = app.screen.query_one(ChecklistView)
        checklist.highlighted = checklist.get_option_index("item:activities:597")
        await pilot.press("enter")  # the item highlighted in the checklist
        await settle(pilot)
        assert isinstance(app.screen, CaseActivitiesScreen)
        assert app.screen.current is not None and app.screen.current.activity_id == 597


@pytest.mark.parametrize("login", ["sharma", "clarke", "fox"])
async def test_the_palette_says_p3_has_case_4_and_opens_it(sandbox: Store, login: str) -> None:
    """Issue 14 reported the palette saying P3 had "no open case" while case 4 is open."""
    app = CareApp(store=sandbox, actor=sign_in(sandbox, login), sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        for query in ("P3", "oldroyd marg", "C4"):
            await pilot.press("ctrl+p", *query)
            await settle(pilot, 0.5)
            palette = app.screen.query_one(CommandList)
            prompts = [str(option.prompt) for option in palette._options]
            assert prompts and prompts[0].startswith("Margaret Oldroyd — open case 4"), prompts
            assert not any("no open case" in p for p in prompts)
            await pilot.press("escape")
            await settle(pilot)
        await pilot.press("ctrl+p", *"P3")
        await settle(pilot, 0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen) and app.screen.case_id == 4


async def test_the_palette_opens_a_closed_case_by_its_id(sandbox: Store) -> None:
    """A case asked for by ID is that case, closed or not (not the person's open one), and a
    single-figure ID is searched at once."""
    from caretui.rules.vocab import CaseStatus
    from caretui.store.models import Case

    with sandbox.read() as session:
        closed = next(
            c
            for c in session.query(Case).order_by(Case.id)
            if c.status == CaseStatus.CLOSED.value
            and any(
                o.status != CaseStatus.CLOSED.value
                for o in session.query(Case).filter(Case.person_id == c.person_id)
            )
        )
        case_id = closed.id
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "sharma"), sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *f"case {case_id}")
        await settle(pilot, 0.5)
        prompts = [str(o.prompt) for o in app.screen.query_one(CommandList)._options]
        assert any(p.splitlines()[0].endswith(f"— closed case {case_id}") for p in prompts), prompts
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+p", *f"C{case_id}")
        await settle(pilot, 0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen) and app.screen.case_id == case_id
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+p", "4")  # one figure: person 4, found without a second key
        await settle(pilot, 0.5)
        prompts = [str(o.prompt) for o in app.screen.query_one(CommandList)._options]
        assert any("case" in p for p in prompts), prompts
