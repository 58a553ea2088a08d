"""Every form spec loads and is sound; the validator never crashes, whatever is typed."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from caretui.rules.budget import OUTCOMES, SEVERITIES
from caretui.rules.form_answers import (
    clean_answers,
    display_value,
    initial_answers,
    locked_fields,
    normalise,
)
from caretui.rules.form_spec_check import CLD_REQUIRED_FIELDS, check_spec
from caretui.rules.form_types import FORM_TYPES
from caretui.rules.forms import (
    Field,
    FormSpec,
    SpecError,
    all_specs,
    check_value,
    load_spec,
    missing_before_complete,
    parse_spec,
    spec_keys,
    validate,
    visible_fields,
)

TODAY = date(2026, 11, 24)
CLD_KINDS = [t for t in FORM_TYPES if t.cld]


def good_value(f: Field) -> Any:
    """A value each field type accepts, as a practitioner would give it."""
    if f.type in ("choice", "yesno"):
        return f.choices[0]
    if f.type == "multichoice":
        return [f.options[-1]]
    if f.type == "table":
        return [{c.key: good_value(c) for c in f.columns}]
    return {
        "date": "12/03/2026",
        "datetime": "12/03/2026 14:30",
        "number": str(int(f.minimum or 1)),
        "money": "£95.50",
        "nhs_number": "943 476 5919",
        "postcode": "wf1 2ab",
        "phone": "01924 302000",
        "email": "duty@wakefield.gov.uk",
    }.get(f.type, "Recorded")


def complete(spec: FormSpec, choose: Any = None) -> dict[str, Any]:
    """Answers giving every shown required field a good value (conditions can reveal more)."""
    answers: dict[str, Any] = {}
    while True:
        todo = [f for f in missing_before_complete(spec, answers)]
        if not todo:
            return answers
        for f in todo:
            answers[f.key] = choose(f) if choose else good_value(f)


# --- the catalogue ----------------------------------------------------------------------------


def test_every_form_type_has_a_spec_and_every_spec_a_form_type() -> None:
    assert sorted(t.key for t in FORM_TYPES) == spec_keys()


@pytest.mark.parametrize("key", spec_keys())
def test_spec_loads_and_has_no_problems(key: str) -> None:
    spec = load_spec(key)
    assert spec.key == key
    assert check_spec(spec) == []


def test_specs_are_read_once() -> None:
    assert load_spec("ot_review") is load_spec("ot_review")
    assert [s.key for s in all_specs()] == spec_keys()


def test_an_unknown_form_type_has_no_spec() -> None:
    for key in ("no_such_form", "../etc/passwd"):
        with pytest.raises(SpecError, match="no form spec"):
            load_spec(key)


@pytest.mark.parametrize("kind", CLD_KINDS, ids=lambda t: t.key)
def test_client_level_data_forms_end_with_office_use_only_holding_the_mandatory_fields(
    kind,  # type: ignore[no-untyped-def]
) -> None:
    spec = load_spec(kind.key)
    office = [s for s in spec.sections if s.office_use_only]
    assert len(office) == 1 and office[0] is spec.sections[-1]
    assert "Office Use Only" in office[0].title
    held = {f.key: f for f in office[0].fields}
    for key in CLD_REQUIRED_FIELDS:
        assert held[key].required, key
    assert held["cld_nhs_number"].type == "nhs_number"


@pytest.mark.parametrize("kind", CLD_KINDS, ids=lambda t: t.key)
def test_each_cld_form_starts_with_the_event_type_it_records(kind) -> None:  # type: ignore[no-untyped-def]
    expected = (
        "Request"
        if "referral" in kind.key
        else "Review"
        if "review" in kind.key
        else "Service"
        if kind.key in ("adult_interim_support_plan", "reablement_physio_input")
        else "Assessment"
    )
    spec = load_spec(kind.key)
    assert initial_answers(spec, {})["cld_event_type"] == expected
    client = "Carer" if kind.key.startswith("carers") else "Service user"
    assert initial_answers(spec, {})["cld_client_type"] == client


def test_forms_without_client_level_data_have_no_office_use_only() -> None:
    for kind in FORM_TYPES:
        if not kind.cld:
            assert not any(s.office_use_only for s in load_spec(kind.key).sections)


def test_the_indicative_budget_tool_rates_the_ten_eligibility_outcomes() -> None:
    spec = load_spec("indicative_budget")
    assert spec.calculator == "indicative_budget"
    for key, _words in OUTCOMES:
        f = spec.field(key)
        assert f.type == "choice" and f.options == SEVERITIES and f.required
    assert spec.field("wellbeing_impact").required
    assert len(OUTCOMES) == 10


def test_the_carers_conversation_follows_the_workflow_guide() -> None:
    spec = load_spec("carers_conversation_record")
    assert spec.calculator == "carers_budget"
    assert spec.field("caring_hours_band").options[-1] == "50+ hours"
    assert spec.field("level_of_caring_role").option_label("2").startswith("2: Moderate")
    assert [c.key for c in spec.field("support_plan").columns] == [
        "want_to_achieve",
        "support_needed",
        "cost",
    ]
    gp = spec.field("gp_contact").shown_when
    assert gp is not None and (gp.field, gp.equals) == ("gp_knows", "No")


# --- what check_spec catches ------------------------------------------------------------------

BROKEN = """
title = "Broken"
colour = "red"
[[sections]]
key = "s"
title = "S"
[[sections.fields]]
key = "a"
label = "A"
type = "choice"
[[sections.fields]]
key = "b"
label = "B"
shown_when = { field = "later", equals = "x" }
[[sections.fields]]
key = "a"
label = "Again"
type = "wobble"
requird = true
[[sections.fields]]
key = "c"
label = "C"
type = "yesno"
[[sections.fields]]
key = "d"
label = "D"
shown_when = { field = "c", equals = "Maybe" }
[[sections.fields]]
key = "e"
label = "E"
type = "text"
readonly = true
[[sections.fields]]
key = "f"
label = "F"
type = "table"
[[sections.fields]]
key = "g"
label = "G"
type = "text"
prefill = "person.shoe_size"
[[sections.fields]]
key = "Bad Key"
label = "H"
"""


def test_a_broken_spec_is_caught_with_every_problem_named() -> None:
    problems = "\n".join(check_spec(parse_spec("broken", BROKEN)))
    for words in (
        "not a form type",
        "unknown settings colour",
        "needs options",
        "not an earlier field",
        "used twice",
        "unknown type 'wobble'",
        "unknown settings requird",
        "waits for ['Maybe']",
        "read-only field needs a prefill",
        "a table needs columns",
        "prefill 'person.shoe_size'",
        "lower-case letters",
    ):
        assert words in problems, words


def test_a_cld_form_without_its_office_use_section_is_caught() -> None:
    spec = parse_spec(
        "ot_review",
        'title = "Occupational Therapy Review"\n[[sections]]\nkey = "s"\ntitle = "S"\n'
        '[[sections.fields]]\nkey = "a"\nlabel = "A"\n',
    )
    assert any("Office Use Only" in p for p in check_spec(spec))


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("title = ", "broken"),
        ("description = 'no title'", "needs a title"),
        ('title = "T"\n[[sections]]\ninclude = "nowhere"', "no shared section"),
        ('title = "T"\n[[sections]]\ninclude = "cld"\ndefaults = { colour = "red" }', "colour"),
        (
            'title = "T"\n[[sections]]\nkey = "s"\ntitle = "S"\n[[sections.fields]]\nkey = "a"',
            "label",
        ),
    ],
)
def test_a_spec_that_cannot_be_read_says_where(text: str, says: str) -> None:
    with pytest.raises(SpecError, match=says):
        parse_spec("broken", text)


# --- validating answers -----------------------------------------------------------------------


@pytest.mark.parametrize("key", spec_keys())
def test_a_fully_answered_form_can_be_completed(key: str) -> None:
    spec = load_spec(key)
    answers = complete(spec)
    assert validate(spec, answers, completing=True, today=TODAY) == {}
    cleaned = clean_answers(spec, answers, today=TODAY)
    assert validate(spec, cleaned, completing=True, today=TODAY) == {}


@pytest.mark.parametrize("key", spec_keys())
def test_every_option_of_every_choice_can_complete_the_form(key: str) -> None:
    spec = load_spec(key)
    answers = complete(spec, choose=lambda f: f.choices[-1] if f.choices else good_value(f))
    assert validate(spec, answers, completing=True, today=TODAY) == {}


def test_an_empty_form_saves_in_progress_but_cannot_be_completed() -> None:
    spec = load_spec("adult_conversation_record")
    assert validate(spec, {}, completing=False, today=TODAY) == {}
    problems = validate(spec, {}, completing=True, today=TODAY)
    assert set(problems) == {f.key for f in missing_before_complete(spec, {})}
    assert "before the form can be completed" in problems["reason"]
    assert "Choose an answer" in problems["cld_event_type"]


def test_required_field_counts_only_while_shown() -> None:
    spec = load_spec("ot_review")
    assert "concerns" not in {f.key for f in visible_fields(spec, {"equipment_in_use": "Yes"})}
    assert "concerns" not in validate(
        spec, {"equipment_in_use": "Yes"}, completing=True, today=TODAY
    )
    shown = {"equipment_in_use": "No"}
    assert "concerns" in {f.key for f in visible_fields(spec, shown)}
    assert "concerns" in validate(spec, shown, completing=True, today=TODAY)


def test_hiding_a_question_hides_the_questions_that_hang_from_it() -> None:
    spec = load_spec("carers_conversation_record")
    answers = {
        "next_actions": ["No further action"],
        "nfa_reason": "Other (please specify)",
        "nfa_note": "",
    }
    shown = {f.key for f in visible_fields(spec, answers)}
    assert {"nfa_reason", "nfa_note"} <= shown
    answers["next_actions"] = ["Carers review"]
    shown = {f.key for f in visible_fields(spec, answers)}
    assert "nfa_reason" not in shown and "nfa_note" not in shown
    assert "review_date" in shown


def test_hidden_answers_are_ignored_and_not_kept() -> None:
    spec = load_spec("ot_review")
    answers = {"equipment_in_use": "Yes", "concerns": "not now", "review_date": "31/02/2026"}
    answers_hidden_bad = {**answers, "concerns": ["not", "text"]}
    assert "concerns" not in validate(spec, answers_hidden_bad, completing=False, today=TODAY)
    assert "concerns" not in clean_answers(spec, answers, today=TODAY)


def test_saving_in_progress_checks_format_but_not_required() -> None:
    spec = load_spec("adult_care_support_plan_review")
    problems = validate(spec, {"cld_nhs_number": "123"}, completing=False, today=TODAY)
    assert list(problems) == ["cld_nhs_number"]
    assert "10 digits" in problems["cld_nhs_number"]


def test_bad_dates_and_nhs_numbers_get_messages_beside_the_field() -> None:
    spec = load_spec("adult_interim_support_plan")
    problems = validate(
        spec,
        {"start_date": "31/02/2026", "cld_nhs_number": "9434765918", "review_in_weeks": "20"},
        completing=False,
        today=TODAY,
    )
    assert "31/02/2026 is not a real date" in problems["start_date"]
    assert "last digit" in problems["cld_nhs_number"]
    assert "more than 12" in problems["review_in_weeks"]


def test_table_rows_are_checked_cell_by_cell() -> None:
    spec = load_spec("adult_interim_support_plan")
    rows = [{"provider": "Acme Care", "support": "Two calls a day", "weekly_cost": "lots"}]
    problems = validate(spec, {"services": rows}, completing=False, today=TODAY)
    assert problems["services"].startswith("Row 1, Weekly cost:")
    missing_support = [{"provider": "Acme Care"}]
    assert "services" not in validate(
        spec, {"services": missing_support}, completing=False, today=TODAY
    )
    problems = validate(spec, {"services": missing_support}, completing=True, today=TODAY)
    assert problems["services"] == "Row 1: Support is needed."
    assert (
        "at least one row"
        in validate(spec, {"services": []}, completing=True, today=TODAY)["services"]
    )


def test_choices_must_be_among_the_options() -> None:
    spec = load_spec("ot_review")
    problems = validate(
        spec, {"goals_met": "Mostly", "equipment_in_use": "Perhaps"}, completing=False, today=TODAY
    )
    assert problems["goals_met"] == "Choose one of: Fully, Partially, Not met."
    assert problems["equipment_in_use"] == "Choose one of: Yes, No."
    ticked = validate(
        load_spec("ot_referral"), {"function_concern": ["Juggling"]}, completing=False, today=TODAY
    )
    assert "Juggling" in ticked["function_concern"]


def test_long_text_is_refused_beyond_its_length() -> None:
    spec = load_spec("ot_referral")
    problem = validate(spec, {"referrer": "x" * 121}, completing=False, today=TODAY)
    assert problem["referrer"] == "Keep this to 120 characters (it is 121 now)."


def test_labelled_options_store_their_value_and_show_their_label() -> None:
    spec = load_spec("carers_conversation_record")
    level = spec.field("level_of_caring_role")
    assert validate(spec, {"level_of_caring_role": 2}, completing=False, today=TODAY) == {}
    assert display_value(level, "2") == "2: Moderate (more than 10 hours, more intensive care)"


# --- stored and shown values ------------------------------------------------------------------


def test_answers_are_stored_in_one_form_and_shown_in_another() -> None:
    spec = load_spec("adult_interim_support_plan")
    typed = {
        "start_date": "1/12/2026",
        "cld_nhs_number": "943-476-5919",
        "review_in_weeks": "4",
        "services": [{"provider": "Acme", "support": "Calls", "weekly_cost": "£1,200.5"}],
    }
    stored = clean_answers(spec, typed, today=TODAY)
    assert stored["start_date"] == "2026-12-01"
    assert stored["cld_nhs_number"] == "9434765919"
    assert stored["review_in_weeks"] == 4
    assert stored["services"][0]["weekly_cost"] == "1200.50"
    assert display_value(spec.field("start_date"), stored["start_date"]) == "01/12/2026"
    assert display_value(spec.field("cld_nhs_number"), "9434765919") == "943 476 5919"
    assert display_value(spec.field("services"), stored["services"]) == "1 row"


def test_a_value_that_does_not_parse_is_kept_as_typed() -> None:
    f = load_spec("ot_review").field("review_date")
    assert normalise(f, " 31/02/2026 ", today=TODAY) == "31/02/2026"
    assert check_value(f, "31/02/2026", today=TODAY) is not None


def test_prefill_and_defaults_fill_only_blanks_and_lock_only_what_the_record_gave() -> None:
    spec = load_spec("carers_conversation_record")
    record = {"person.name": "Timothy Guide", "person.nhs_number": "9434765919"}
    answers = initial_answers(spec, {"carer_name": "Old name", "cld_nhs_number": ""}, record)
    assert answers["carer_name"] == "Timothy Guide"  # read-only: the record is the truth
    assert answers["cld_nhs_number"] == "9434765919"  # editable, was blank
    assert answers["cld_client_type"] == "Carer"  # the spec's default
    kept = initial_answers(spec, {"cld_nhs_number": "4010232137"}, record)
    assert kept["cld_nhs_number"] == "4010232137"
    assert locked_fields(spec, record) == {"carer_name"}
    assert "date_of_birth" not in locked_fields(spec, record)  # not in the record: typed here


# --- the validator never crashes --------------------------------------------------------------

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True)
    | st.text(max_size=30)
    | st.sampled_from(["Yes", "No", "31/02/2026", "12/03/1948", "£9.999", "9434765919"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=8,
)
ALL_KEYS = sorted({f.key for s in all_specs() for f in s.fields})
answer_dicts = st.dictionaries(
    st.sampled_from(ALL_KEYS) | st.text(max_size=10), json_values, max_size=12
)


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=200, deadline=None)
@given(st.sampled_from(spec_keys()), answer_dicts, st.booleans())
def test_validate_never_raises_whatever_is_typed(key: str, typed: dict, completing: bool) -> None:
    spec = load_spec(key)
    problems = validate(spec, typed, completing=completing, today=TODAY)
    assert set(problems) <= {f.key for f in spec.fields}
    assert all(isinstance(m, str) and m for m in problems.values())
    cleaned = clean_answers(spec, typed, today=TODAY)
    assert set(cleaned) <= {f.key for f in visible_fields(spec, typed)}
    for f in spec.fields:
        display_value(f, typed.get(f.key))


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(spec_keys()), st.data())
def test_required_fields_are_enforced_exactly_when_shown_and_completing(
    key: str, data: st.DataObject
) -> None:
    spec = load_spec(key)
    answers = complete(spec)
    dropped = data.draw(st.sampled_from(sorted(answers)))
    del answers[dropped]
    shown = {f.key for f in visible_fields(spec, answers)}
    completing = validate(spec, answers, completing=True, today=TODAY)
    assert validate(spec, answers, completing=False, today=TODAY) == {}
    f = spec.field(dropped)
    if dropped in shown and f.required:
        assert dropped in completing
    else:
        assert dropped not in completing
