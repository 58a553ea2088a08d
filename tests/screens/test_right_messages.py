"""Issue 14, three messages that were wrong: the palette's open case, a case's related
people, and the closure checklist's jump to the failing form or activity. At 80x24."""

from __future__ import annotations

from caretui.app import CareApp
from caretui.screens.case import CaseScreen
from caretui.screens.person_relationships import CaseRelationshipsScreen
from caretui.store.db import Store
from caretui.widgets.record_table import RecordTable
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
