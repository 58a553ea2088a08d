"""The form renderer at 80x24, driven from the keyboard as a practitioner would."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from textual import on
from textual.app import App, ComposeResult
from textual.widgets import DataTable, Input, Select, SelectionList, Static, TextArea

from caretui.rules.form_answers import clean_answers, initial_answers
from caretui.rules.forms import load_spec, spec_keys
from caretui.widgets.form_fields import FieldBox, OptionBar
from caretui.widgets.form_sections import SectionBody, SectionPane, SectionStrip
from caretui.widgets.form_view import FormView, RowDialog
from tests.rules.test_form_specs import complete

SIZE = (80, 24)
TODAY = date(2026, 11, 24)


class FormHost(App[None]):
    """The smallest host: one form filling the screen, noting every Changed it is sent."""

    def __init__(
        self,
        key: str,
        answers: dict[str, Any] | None = None,
        *,
        readonly: bool = False,
        prefill: dict[str, Any] | None = None,
    ) -> None:
        super().__init__()
        self.spec = load_spec(key)
        self.given = answers or {}
        self.readonly = readonly
        self.prefill = prefill
        self.changes: list[str | None] = []

    def compose(self) -> ComposeResult:
        yield FormView(
            self.spec,
            self.given,
            readonly=self.readonly,
            prefill=self.prefill,
            today=TODAY,
            id="form",
        )

    @on(FormView.Changed)
    def _changed(self, event: FormView.Changed) -> None:
        self.changes.append(event.key)

    @property
    def form(self) -> FormView:
        return self.query_one("#form", FormView)


def focused_id(app: App[None]) -> str | None:
    return app.focused.id if app.focused is not None else None


def error_text(app: App[None], key: str) -> str:
    box = app.query_one(f"#field-{key}", FieldBox)
    return box.error if app.query_one(f"#error-{key}", Static).display else ""


async def test_tab_moves_field_to_field_and_on_into_the_next_section() -> None:
    app = FormHost("ot_review")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        seen = [focused_id(app)]
        for _ in range(7):
            await pilot.press("tab")
            await pilot.pause()
            seen.append(focused_id(app))
        assert seen == [
            "input-review_date",
            "input-method_of_contact",
            "input-equipment_in_use",
            "input-goals_met",
            "input-outcome",
            "input-changes",
            "input-further_input",
            "input-cld_event_type",
        ]
        assert app.form.section_index == 1
        await pilot.press("shift+tab")
        await pilot.pause()
        assert focused_id(app) == "input-further_input"
        assert app.form.section_index == 0


async def test_sections_change_with_ctrl_pagedown_and_brackets() -> None:
    app = FormHost("adult_conversation_record")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+pagedown")
        await pilot.pause()
        assert app.form.section_index == 1
        assert focused_id(app) == "input-what_matters"
        await pilot.press("ctrl+pageup")
        await pilot.pause()
        assert app.form.section_index == 0
        await pilot.press("tab", "right_square_bracket")  # from an option bar, not a text box
        await pilot.pause()
        assert app.form.section_index == 1
        await pilot.press("left_square_bracket")  # typed into a text area, not a section key
        await pilot.pause()
        assert app.form.section_index == 1
        assert app.query_one("#input-what_matters", TextArea).text == "["


async def test_a_bad_date_gets_a_message_under_the_field_and_the_text_is_kept() -> None:
    app = FormHost("ot_review")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert focused_id(app) == "input-review_date"
        await pilot.press(*"31/02/2026", "tab")
        await pilot.pause()
        date_input = app.query_one("#input-review_date", Input)
        message = app.query_one("#error-review_date", Static)
        assert date_input.value == "31/02/2026"
        assert "31/02/2026 is not a real date" in error_text(app, "review_date")
        assert message.region.y == date_input.region.y + 1
        assert message.region.x + 30 <= date_input.region.x + 1
        assert app.form.answers["review_date"] == "31/02/2026"

        await pilot.press("shift+tab", *["backspace"] * 10, *"1/3/2026", "tab")
        await pilot.pause()
        assert error_text(app, "review_date") == ""
        assert date_input.value == "01/03/2026"
        assert app.form.answers["review_date"] == "2026-03-01"


async def test_a_question_appears_when_the_answer_it_hangs_from_is_given() -> None:
    app = FormHost("ot_review")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        concerns = app.query_one("#field-concerns", FieldBox)
        assert not concerns.display
        await pilot.press("tab", "tab", "n")
        await pilot.pause()
        assert app.form.answers["equipment_in_use"] == "No"
        assert concerns.display
        assert "What is not working" in str(app.query_one("#form-missing", Static).render())
        await pilot.press("tab", *"Rail too low")
        await pilot.pause()
        assert app.form.answers["concerns"] == "Rail too low"
        await pilot.press("shift+tab", "y")
        await pilot.pause()
        assert not concerns.display
        assert "concerns" not in app.form.answers
        await pilot.press("n")
        await pilot.pause()
        assert app.form.answers["concerns"] == "Rail too low"  # nothing typed was lost


async def test_every_change_is_announced_and_none_on_opening() -> None:
    app = FormHost("ot_review", {"changes": "Moved bed downstairs"})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.changes == []
        await pilot.press(*"2")
        await pilot.pause()
        assert app.changes == ["review_date"]
        await pilot.press("tab", "right", "space")
        await pilot.pause()
        assert app.changes[-1] == "method_of_contact"
        assert app.form.answers["method_of_contact"] == "Telephone"
        await pilot.press("backspace")
        await pilot.pause()
        assert app.form.answers["method_of_contact"] == ""


@pytest.mark.parametrize("key", spec_keys())
async def test_answers_round_trip(key: str) -> None:
    spec = load_spec(key)
    given = clean_answers(spec, complete(spec), today=TODAY)
    app = FormHost(key, given)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        expected = clean_answers(spec, initial_answers(spec, given), today=TODAY, every_field=True)
        assert app.form.answers == expected
        for index in range(len(spec.sections)):
            await app.form.show_section(index)
            await pilot.pause()
        assert app.form.answers == expected
        assert app.form.missing == []


async def test_a_read_only_form_shows_its_answers_as_text() -> None:
    answers = {
        "review_date": "2026-03-01",
        "equipment_in_use": "No",
        "concerns": "Rail too low",
        "goals_met": "Partially",
        "cld_nhs_number": "9434765919",
    }
    app = FormHost("ot_review", answers, readonly=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for kind in (Input, TextArea, Select, OptionBar, SelectionList, DataTable):
            assert not app.query(kind), kind
        shown = str(app.query_one("#input-review_date", Static).render())
        assert shown == "01/03/2026"
        assert str(app.query_one("#input-concerns", Static).render()) == "Rail too low"
        assert focused_id(app) == "section-body-0"
        assert not app.query_one("#form-missing").display
        await pilot.press("tab")
        await pilot.pause()
        assert app.form.section_index == 1
        assert str(app.query_one("#input-cld_nhs_number", Static).render()) == "943 476 5919"
        assert app.form.answers == clean_answers(app.spec, answers, today=TODAY, every_field=True)


async def test_errors_from_saving_appear_beside_their_fields_in_any_section() -> None:
    app = FormHost("adult_conversation_record")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*"Mary")
        app.form.show_errors(
            {"cld_event_outcome": "Choose an answer before completing the form.", "x": "Stale."}
        )
        for _ in range(3):
            await pilot.pause()
        assert app.form.section_index == len(app.spec.sections) - 1
        assert focused_id(app) == "input-cld_event_outcome"
        assert error_text(app, "cld_event_outcome").startswith("Choose an answer")
        assert "Stale." in str(app.query_one("#form-missing", Static).render())
        await app.form.show_section(0)
        assert app.query_one("#input-conversation_date", Input).value == "Mary"


async def test_ctrl_g_goes_to_the_next_answer_still_needed() -> None:
    app = FormHost("ot_review", {"review_date": "2026-03-01"})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert focused_id(app) == "input-method_of_contact"
        strip = app.query_one(SectionStrip)
        assert strip.needed[0] == 5


async def test_table_rows_are_added_edited_checked_removed_and_put_back() -> None:
    app = FormHost("adult_interim_support_plan")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("tab", "tab", "tab")
        await pilot.pause()
        assert isinstance(app.focused, DataTable)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, RowDialog)
        await pilot.press(*"Acme", "tab", *"Calls", "tab", *"x", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, RowDialog)  # 'x' hours refused; nothing typed is lost
        assert "not a number" in app.screen.query_one("#field-hours_per_week", FieldBox).error
        await pilot.press("backspace", "7", "ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, RowDialog)
        row = {"provider": "Acme", "support": "Calls", "hours_per_week": 7, "weekly_cost": ""}
        assert app.form.answers["services"] == [row]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RowDialog)
        await pilot.press(*"!", "ctrl+s")
        await pilot.pause()
        assert app.form.answers["services"][0]["provider"] == "Acme!"
        await pilot.press("x")
        await pilot.pause()
        assert app.form.answers["services"] == []
        await pilot.press("u")
        await pilot.pause()
        assert app.form.answers["services"][0]["provider"] == "Acme!"
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert len(app.form.answers["services"]) == 1


async def test_ticking_options_of_a_multichoice() -> None:
    app = FormHost("ot_referral")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.form.focus_field("function_concern")
        await pilot.pause()
        await pilot.press("space", "down", "down", "space")
        await pilot.pause()
        assert app.form.answers["function_concern"] == ["Bathing", "Stairs"]


async def test_the_indicative_budget_shows_live_and_says_it_is_indicative() -> None:
    app = FormHost("indicative_budget", {"hygiene": "Critical", "toilet": "Substantial"})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        panel = app.query_one("#form-calculator", Static)
        before = str(panel.render())
        assert "Indicative budget: £" in before and "possibly to £0" in before
        await app.form.focus_field("nutrition")
        await pilot.pause()
        await pilot.press("c")  # Critical
        for _ in range(100):  # the panel follows within a few frames, however busy the box
            if str(panel.render()) != before:
                break
            await pilot.pause(0.05)
        after = str(panel.render())
        assert after != before and "Indicative only" in after


async def test_prefilled_record_details_are_read_only_where_the_spec_says() -> None:
    prefill = {"person.name": "Timothy Guide", "person.date_of_birth": "1966-06-01"}
    app = FormHost("carers_conversation_record", prefill=prefill)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert str(app.query_one("#input-carer_name", Static).render()) == "Timothy Guide"
        assert str(app.query_one("#input-date_of_birth", Static).render()) == "01/06/1966"
        assert isinstance(app.query_one("#input-address"), Input)  # not in the record: typed
        assert app.form.answers["date_of_birth"] == "1966-06-01"
        assert focused_id(app) == "input-address"


@pytest.mark.parametrize("readonly", [False, True], ids=["editing", "reading"])
@pytest.mark.parametrize("key", spec_keys())
async def test_every_section_fits_80_columns_without_scrolling_sideways(
    key: str, readonly: bool
) -> None:
    spec = load_spec(key)
    app = FormHost(key, clean_answers(spec, complete(spec), today=TODAY), readonly=readonly)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for index in range(len(spec.sections)):
            await app.form.show_section(index, focus=None)
            body = app.query_one(f"#section-body-{index}", SectionBody)
            # Layout settles over a frame or two (the scrollbar appears, widths follow).
            for _ in range(20):
                await pilot.pause(0.02)
                if body.max_scroll_x == 0:
                    break
            assert body.max_scroll_x == 0, (key, index)
            for box in body.query(FieldBox):
                assert box.region.right <= SIZE[0], (key, box.id)


async def test_office_use_only_is_set_apart() -> None:
    app = FormHost("ot_referral")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.form.show_section(-1)
        await pilot.pause()
        pane = app.query_one(f"#section-{len(app.spec.sections) - 1}", SectionPane)
        assert pane.has_class("office-use")
        title = str(pane.query_one(".section-title", Static).render())
        assert title.startswith("OFFICE USE ONLY")
        assert "Office Use Only" in str(app.query_one(SectionStrip).render())


def test_client_level_data_office_use_only_at_80x24(snap_compare) -> None:  # type: ignore[no-untyped-def]
    answers = {
        "cld_event_start": "2026-11-20",
        "cld_eligible_needs": "Yes",
        "cld_gender": "Female",
    }
    app = FormHost(
        "adult_conversation_record", answers, prefill={"person.nhs_number": "9434765919"}
    )

    async def office_use_only(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.pause()
        await pilot.app.form.show_section(-1)
        await pilot.pause(0.3)

    assert snap_compare(app, terminal_size=SIZE, run_before=office_use_only)
