"""Every form spec loads and is sound; the validator never crashes on any answers."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from caretui.rules.budget import indicative_budget, load_band_table, parse_band_table
from caretui.rules.form_types import FORM_TYPES
from caretui.rules.forms import (
    all_specs,
    check_spec,
    load_spec,
    missing_before_complete,
    parse_spec,
    spec_keys,
    validate,
    visible_fields,
)

TODAY = date(2026, 11, 24)


def test_every_form_type_has_a_spec_and_every_spec_a_type() -> None:
    assert sorted(t.key for t in FORM_TYPES) == spec_keys()


@pytest.mark.parametrize("key", spec_keys())
def test_spec_has_no_problems(key: str) -> None:
    assert check_spec(load_spec(key)) == []


@pytest.mark.parametrize("kind", [t for t in FORM_TYPES if t.cld], ids=lambda t: t.key)
def test_client_level_data_forms_carry_the_mandatory_cld_fields(kind) -> None:  # type: ignore[no-untyped-def]
    spec = load_spec(kind.key)
    office = [s for s in spec.sections if s.office_use_only]
    assert len(office) == 1 and "Office Use Only" in office[0].title
    required = {f.key for f in office[0].fields if f.required}
    assert {"cld_event_type", "cld_event_outcome", "cld_primary_support_reason"} <= required


def test_a_broken_spec_is_caught() -> None:
    spec = parse_spec(
        "broken",
        """
title = "Broken"
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
""",
    )
    problems = " ".join(check_spec(spec))
    assert "needs options" in problems
    assert "not an earlier field" in problems
    assert "used twice" in problems
    assert "unknown type" in problems


def test_required_field_counts_only_while_shown() -> None:
    spec = load_spec("ot_review")
    base = {"equipment_in_use": "Yes"}
    assert "concerns" not in {f.key for f in missing_before_complete(spec, base)}
    shown = {"equipment_in_use": "No"}
    assert "concerns" in {f.key for f in visible_fields(spec, shown)}
    assert "concerns" in validate(spec, shown, completing=True, today=TODAY)


def test_saving_in_progress_checks_format_but_not_required() -> None:
    spec = load_spec("adult_care_support_plan_review")
    problems = validate(spec, {"cld_nhs_number": "123"}, completing=False, today=TODAY)
    assert list(problems) == ["cld_nhs_number"]
    assert "10 digits" in problems["cld_nhs_number"]


def test_bad_dates_and_nhs_numbers_get_messages_beside_the_field() -> None:
    spec = load_spec("adult_interim_support_plan")
    problems = validate(
        spec,
        {"start": "31/02/2026", "cld_nhs_number": "9434765918"},
        completing=False,
        today=TODAY,
    )
    assert "not a real date" in problems["start"]
    assert "last digit" in problems["cld_nhs_number"]


answers = st.dictionaries(
    st.sampled_from(sorted({f.key for s in all_specs() for f in s.fields})),
    st.one_of(
        st.none(), st.text(max_size=20), st.lists(st.text(max_size=5), max_size=3), st.integers()
    ),
    max_size=10,
)


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=150)
@given(st.sampled_from(spec_keys()), answers, st.booleans())
def test_validate_never_raises_whatever_is_typed(key: str, typed: dict, completing: bool) -> None:
    problems = validate(load_spec(key), typed, completing=completing, today=TODAY)
    assert all(isinstance(m, str) and m for m in problems.values())


def test_indicative_budget_is_banded_from_the_table_and_labelled_indicative() -> None:
    table = load_band_table()
    none = indicative_budget({}, table)
    assert (none.band, none.weekly_amount) == ("A", 0)
    some = indicative_budget({"hygiene": "Critical", "toilet": "Substantial"}, table)
    assert some.points == 10 and some.band == "C"
    assert "ndicative" in some.label and "£0" in some.label
    no_impact = indicative_budget(
        {"hygiene": "Critical", "wellbeing_impact": "No significant impact"}, table
    )
    assert no_impact.weekly_amount == 0


def test_a_council_can_replace_the_band_table(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "budget_bands.toml").write_text(
        'label = "Indicative only"\n[points]\nCritical = 1\n'
        '[[bands]]\nname = "X"\nmax_points = 100\nweekly = 7\n'
    )
    table = load_band_table(tmp_path)
    assert indicative_budget({"hygiene": "Critical"}, table).weekly_amount == 7


def test_bands_out_of_order_are_refused() -> None:
    with pytest.raises(ValueError, match="order"):
        parse_band_table(
            'label = "x"\n[points]\n[[bands]]\nname = "B"\nmax_points = 9\nweekly = 1\n'
            '[[bands]]\nname = "A"\nmax_points = 1\nweekly = 0\n'
        )
