"""SVG snapshots at 80x24 of one step of each wizard (pytest --snapshot-update to accept)."""

from __future__ import annotations

from typing import Any

from caretui.app import CareApp
from caretui.store.db import Store
from caretui.store.ops.carers import finish_carers_form, start_carers_form
from caretui.store.queries import worklists
from tests.screens.conftest import sign_in

SIZE = (80, 24)


async def _settle(pilot: Any) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause(0.5)
    for node in pilot.app.screen.query("Input"):
        node.cursor_blink = False


def _wizard_at(login: str, person: str, key: str, steps: int, sandbox: Store):  # type: ignore[no-untyped-def]
    actor = sign_in(sandbox, login)
    case_id = next(c.case_id for c in worklists.primary_cases(sandbox, actor) if c.person == person)
    app = CareApp(store=sandbox, actor=actor, sandbox=True)

    async def run(pilot: Any) -> None:
        await _settle(pilot)
        pilot.app.open_case(case_id)
        await _settle(pilot)
        await pilot.press(key)
        await _settle(pilot)
        for _ in range(steps):
            await pilot.press("ctrl+pagedown")
            await _settle(pilot)

    return app, run


def test_transfer_wizard_how_step(snap_compare, sandbox: Store) -> None:  # type: ignore[no-untyped-def]
    app, run = _wizard_at("sharma", "Leroy Henry", "T", 0, sandbox)
    assert snap_compare(app, terminal_size=SIZE, run_before=run)


def test_closure_wizard_checklist(snap_compare, sandbox: Store) -> None:  # type: ignore[no-untyped-def]
    app, run = _wizard_at("sharma", "Peter Hinchliffe", "C", 0, sandbox)
    assert snap_compare(app, terminal_size=SIZE, run_before=run)


def test_carers_conversation_privacy_notice(snap_compare, sandbox: Store) -> None:  # type: ignore[no-untyped-def]
    app, run = _wizard_at("okafor", "Sadia Hussain", "c", 1, sandbox)
    assert snap_compare(app, terminal_size=SIZE, run_before=run)


def test_carers_review_previous_outcomes(snap_compare, sandbox: Store) -> None:  # type: ignore[no-untyped-def]
    """The review step of a Carers Review, the previous support plan shown read only."""
    okafor = sign_in(sandbox, "okafor")
    case_id = next(
        c.case_id for c in worklists.primary_cases(sandbox, okafor) if c.person == "Sadia Hussain"
    )
    form_id, _ = start_carers_form(
        sandbox, okafor, case_id=case_id, form_type="carers_conversation_record"
    )
    from tests.store.test_wizard_ops import _fill_cld, conversation_answers

    answers = conversation_answers(review_team=okafor.team_name)
    answers = _fill_cld(answers, "carers_conversation_record")
    finish_carers_form(sandbox, okafor, form_id, answers, expected_version=1)
    app, run = _wizard_at("okafor", "Sadia Hussain", "v", 2, sandbox)
    assert snap_compare(app, terminal_size=SIZE, run_before=run)


def test_carers_conversation_cared_for_lookup(snap_compare, sandbox: Store) -> None:  # type: ignore[no-untyped-def]
    """a on the table: the carer's related people first, with their relationship and ID,
    and the way to someone not on the record."""
    from tests.screens.test_carers_wizard import _tab_to

    app, run = _wizard_at("okafor", "Sadia Hussain", "c", 2, sandbox)

    async def lookup(pilot: Any) -> None:
        await run(pilot)
        await _tab_to(pilot, pilot.app, "cared_for")
        await pilot.press("a")
        await _settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=lookup)


def test_carers_conversation_office_use_prefilled(snap_compare, sandbox: Store) -> None:  # type: ignore[no-untyped-def]
    """The Client Level Data step, filled from Sadia's record: only what is missing is asked."""
    app, run = _wizard_at("okafor", "Sadia Hussain", "c", 7, sandbox)

    async def settled(pilot: Any) -> None:
        await run(pilot)
        await pilot.pause(1.0)

    assert snap_compare(app, terminal_size=SIZE, run_before=settled)
