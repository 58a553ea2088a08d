"""The Carers Conversation against seed 004, by keyboard at 80x24 on a copy of the sandbox.

The cared-for person is found on the carer's record (their related people first) and kept
by ID; each section offers the seed's details boxes; the Client Level Data step arrives
filled from the person record and the earlier steps.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from caretui.app import CareApp
from caretui.screens.carers import CarersWizard
from caretui.store.db import Store
from caretui.store.models import Draft, Person
from caretui.widgets.cared_for_lookup import NOT_ON_RECORD_LINE, CaredForLookup
from caretui.widgets.form_fields import FieldBox
from caretui.widgets.form_table import TableField
from caretui.widgets.form_view import RowDialog
from tests.screens.conftest import sign_in
from tests.screens.test_walkthrough import SMALL, settle
from tests.screens.test_wizards import _case_of, _focused_key, _open_case


def _person(store: Store, name: str) -> Person:
    first, last = name.split(" ", 1)
    with store.read() as s:
        found = s.exec(
            select(Person).where(Person.first_name == first, Person.last_name == last)
        ).first()
        assert found is not None
        return found


async def _to_step(pilot: Any, wizard: CarersWizard, title: str) -> None:
    index = [s.title for s in wizard.steps].index(title)
    await wizard.frame.show_step(index)
    await settle(pilot, 1.5)  # the Office Use Only step is a long form to draw


async def _tab_to(pilot: Any, app: CareApp, key: str) -> None:
    """tab through the step, as a practitioner would, to the answer ``key``."""
    for _ in range(40):
        if _focused_key(app) == key:
            return
        await pilot.press("tab")
        await pilot.pause()
    raise AssertionError(f"tab never reached {key}")


async def _start(pilot: Any, app: CareApp, store: Store) -> CarersWizard:
    await settle(pilot)
    await _open_case(pilot, app, _case_of(store, "okafor", "Sadia Hussain"))
    await pilot.press("c")
    await settle(pilot)
    wizard = app.screen
    assert isinstance(wizard, CarersWizard)
    return wizard


async def test_the_cared_for_person_is_picked_from_the_carers_relationships(
    sandbox: Store,
) -> None:
    shamim = _person(sandbox, "Shamim Hussain")
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "okafor"), sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        wizard = await _start(pilot, app, sandbox)
        await _to_step(pilot, wizard, "Referral")
        table = wizard.query_one("#field-cared_for TableField", TableField)
        await _tab_to(pilot, app, "cared_for")
        await pilot.press("a")
        await settle(pilot)
        lookup = app.screen
        assert isinstance(lookup, CaredForLookup)
        lines = [str(o.prompt) for o in lookup.query_one("#cared-list").options]  # type: ignore[attr-defined]
        assert lines[0].startswith("Shamim Hussain  ·  Cared for  ·  born ")
        assert lines[0].endswith(f"P{shamim.id}")
        assert lines[-1] == NOT_ON_RECORD_LINE  # someone not on the record: typed
        await pilot.press("enter")  # the first related person
        await settle(pilot)
        row = app.screen
        assert isinstance(row, RowDialog)
        assert row.query_one("#field-full_name", FieldBox).locked  # as the record has it
        assert row.query_one("#field-person_id", FieldBox).locked
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is wizard
        [picked] = wizard.answers["cared_for"]
        assert picked["person_id"] == shamim.id
        assert picked["full_name"] == "Shamim Hussain"
        assert picked["relationship"] == "Cared for"
        assert picked["date_of_birth"] == shamim.date_of_birth.isoformat()  # type: ignore[union-attr]
        shown = table.table.get_row_at(0)
        assert shown[:2] == ["Shamim Hussain", str(shamim.id)] and "Cared for" in shown

        # Someone not on the record: ctrl+n in the lookup, then their name is typed.
        await _tab_to(pilot, app, "cared_for")
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, CaredForLookup)
        await pilot.press("ctrl+n")
        await settle(pilot)
        row = app.screen
        assert isinstance(row, RowDialog)
        assert not row.query("#field-person_id")  # no ID for someone typed
        await pilot.press(*"Ghulam Hussain")
        await pilot.press("tab")
        await pilot.press("tab")
        await pilot.press(*"Husband")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is wizard
        typed = wizard.answers["cared_for"][1]
        assert typed["full_name"] == "Ghulam Hussain" and typed["relationship"] == "Husband"
        assert typed["person_id"] == ""


async def test_each_section_offers_the_seeds_details_boxes_and_keeps_them(
    sandbox: Store,
) -> None:
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "okafor"), sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        wizard = await _start(pilot, app, sandbox)
        await _to_step(pilot, wizard, "Referral")
        for key in ("gp_details", "communication_details", "payment_details"):
            box = wizard.query_one(f"#field-{key}", FieldBox)
            assert box.display  # offered whatever the question's answer
        await _tab_to(pilot, app, "communication_details")
        await pilot.press(*"Large print letters")
        await _to_step(pilot, wizard, "Eligibility")
        for key in ("habitable_home_details", "nutrition_details", "recreation_details"):
            assert wizard.query_one(f"#field-{key}", FieldBox).display
        await _tab_to(pilot, app, "recreation_details")
        await pilot.press(*"Gave up evening classes")
        await settle(pilot, 1.3)  # the draft is kept within about a second
        await pilot.press("escape")
        await settle(pilot)
    with sandbox.read() as s:
        draft = s.exec(select(Draft).where(Draft.key == wizard.draft_key)).one()
    answers = draft.data["answers"]
    assert answers["communication_details"] == "Large print letters"
    assert answers["recreation_details"] == "Gave up evening classes"


async def test_the_client_level_data_step_arrives_filled_from_the_record_and_earlier_steps(
    sandbox: Store,
) -> None:
    sadia = _person(sandbox, "Sadia Hussain")
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "okafor"), sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        wizard = await _start(pilot, app, sandbox)
        await _to_step(pilot, wizard, "Eligibility")
        await _tab_to(pilot, app, "eligible")
        await pilot.press("y")  # "Decision: is the carer eligible?" Yes
        await settle(pilot)
        await _to_step(pilot, wizard, "Office use")
        answers = wizard.answers
        assert answers["cld_gender"] == sadia.gender
        assert answers["cld_employment_status"] == "Paid: hours not known"  # part time
        assert answers["cld_ethnicity"] == "Asian or Asian British: Pakistani"
        assert answers["cld_eligible_needs"] == "Yes"  # from the Eligibility step
        # shown on the step, and changeable there
        gender = wizard.query_one("#field-cld_gender", FieldBox)
        assert not gender.locked and gender.raw_value() == sadia.gender
        assert wizard.query_one("#field-cld_eligible_needs", FieldBox).raw_value() == "Yes"
        note = str(wizard.query_one("#wizard-note").render())
        assert "Filled in from the record and earlier steps" in note
        missing = wizard.needed()[wizard.frame.index]
        assert "Gender" not in missing and "Eligible needs identified" not in missing

        # an earlier answer changed: the CLD follows it
        await _to_step(pilot, wizard, "Eligibility")
        await _tab_to(pilot, app, "eligible")
        await pilot.press("n")
        await settle(pilot)
        await _to_step(pilot, wizard, "Office use")
        assert wizard.query_one("#field-cld_eligible_needs", FieldBox).raw_value() == "No"


async def test_the_form_opened_from_the_case_finds_the_cared_for_person_too(
    sandbox: Store,
) -> None:
    from caretui.screens.form import FormScreen
    from caretui.store.ops.carers import start_carers_form

    okafor = sign_in(sandbox, "okafor")
    case_id = _case_of(sandbox, "okafor", "Sadia Hussain")
    form_id, _ = start_carers_form(
        sandbox, okafor, case_id=case_id, form_type="carers_conversation_record"
    )
    app = CareApp(store=sandbox, actor=okafor, sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        app.push_screen(FormScreen(sandbox, okafor, form_id))
        await settle(pilot, 1.5)
        await _tab_to(pilot, app, "cared_for")
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, CaredForLookup)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RowDialog)
        await pilot.press("ctrl+s")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormScreen)
        [row] = form.view.answers["cared_for"]
        assert row["person_id"] == _person(sandbox, "Shamim Hussain").id
