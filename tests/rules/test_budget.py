"""Indicative budgets come from the band table, and always say they are indicative."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caretui.config import config_dir
from caretui.rules.budget import (
    NO_SIGNIFICANT_IMPACT,
    OUTCOMES,
    SEVERITIES,
    BandTableError,
    carers_budget,
    carers_eligibility_indicated,
    indicative_budget,
    load_band_table,
    parse_band_table,
)

OUTCOME_KEYS = [key for key, _ in OUTCOMES]
TABLE = load_band_table()


def rated(*severities: str, **extra: str) -> dict[str, str]:
    """Answers rating the first outcomes with these severities, the rest None."""
    answers = {key: "None" for key in OUTCOME_KEYS}
    answers.update(zip(OUTCOME_KEYS, severities, strict=False))
    answers.update(extra)
    return answers


def test_the_built_in_table_is_in_order_and_says_it_is_indicative() -> None:
    limits = [b.max_points for b in TABLE.bands[:-1]]
    assert limits == sorted(limits)
    assert TABLE.bands[-1].max_points is None
    assert "ndicative" in TABLE.label and "£0" in TABLE.label
    assert set(TABLE.points) == set(SEVERITIES)


def test_points_come_from_each_outcomes_severity() -> None:
    budget = indicative_budget(rated("Critical", "Substantial", "Low"), TABLE)
    expected = TABLE.points["Critical"] + TABLE.points["Substantial"] + TABLE.points["Low"]
    assert budget.points == expected
    assert budget.outcomes_unable == 3
    assert budget.eligible


STEPS = parse_band_table(
    'label = "Indicative"\n[points]\nLow = 1\n'
    '[[bands]]\nname = "A"\nmax_points = 2\nweekly = 10\n'
    '[[bands]]\nname = "B"\nmax_points = 4\nweekly = 20\n'
    '[[bands]]\nname = "C"\nweekly = 30\n'
)


@pytest.mark.parametrize(("lows", "band"), [(2, "A"), (3, "B"), (4, "B"), (5, "C"), (10, "C")])
def test_a_total_at_a_bands_limit_falls_in_that_band(lows: int, band: str) -> None:
    assert indicative_budget(rated(*["Low"] * lows), STEPS).band == band


def test_totals_find_their_band_and_amounts() -> None:
    for severities in (("Low", "Low"), ("Critical", "Critical", "Moderate"), ("Critical",) * 10):
        budget = indicative_budget(rated(*severities), TABLE)
        band = next(b for b in TABLE.bands if b.max_points is None or budget.points <= b.max_points)
        assert budget.band == band.name
        assert budget.weekly_amount == band.weekly
        assert budget.annual_amount == band.weekly * TABLE.weeks_per_year
        assert budget.label == TABLE.label


def test_fewer_than_two_outcomes_is_not_eligible_and_comes_to_nothing() -> None:
    budget = indicative_budget(rated("Critical"), TABLE)
    assert not budget.eligible
    assert budget.weekly_amount == budget.annual_amount == Decimal(0)
    assert "at least 2 outcomes" in budget.reason
    assert "ndicative" in budget.label
    assert budget.sentence.startswith("Indicative budget: £0 a week.")


def test_no_significant_impact_on_wellbeing_is_not_eligible() -> None:
    answers = rated("Critical", "Critical", wellbeing_impact=NO_SIGNIFICANT_IMPACT)
    budget = indicative_budget(answers, TABLE)
    assert not budget.eligible and budget.weekly_amount == 0
    assert "wellbeing" in budget.reason


def test_an_unfinished_form_still_gives_a_figure() -> None:
    assert indicative_budget({}, TABLE).weekly_amount == 0
    partial = indicative_budget({"hygiene": "Critical", "toilet": "Substantial"}, TABLE)
    assert partial.eligible and partial.weekly_amount > 0


@given(
    st.lists(st.sampled_from(SEVERITIES), min_size=10, max_size=10),
    st.integers(0, 9),
)
def test_a_more_severe_rating_never_lowers_the_budget(severities: list[str], at: int) -> None:
    before = indicative_budget(rated(*severities), TABLE)
    worse = list(severities)
    worse[at] = SEVERITIES[min(SEVERITIES.index(worse[at]) + 1, len(SEVERITIES) - 1)]
    after = indicative_budget(rated(*worse), TABLE)
    assert after.points >= before.points
    assert after.weekly_amount >= before.weekly_amount


# --- a council's own table --------------------------------------------------------------------

COUNCIL = """
label = "Indicative only: may change, possibly to £0"
[points]
Low = 1
Critical = 5
[weights]
hygiene = 2
[[bands]]
name = "Small"
max_points = 5
weekly = 50.5
[[bands]]
name = "Large"
weekly = 500
"""


def test_a_council_replaces_the_table_from_the_config_folder() -> None:
    folder = config_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "budget_bands.toml"
    path.write_text(COUNCIL, encoding="utf-8")
    budget = indicative_budget(rated("Critical", "Low"))
    assert budget.points == 5 + 2  # hygiene (the second outcome) weighs double
    assert (budget.band, budget.weekly_amount) == ("Large", Decimal("500.00"))
    small = indicative_budget(rated("Low", "Low"))
    assert (small.band, small.weekly_amount, small.annual_amount) == (
        "Small",
        Decimal("50.50"),
        Decimal("2626.00"),
    )
    path.write_text(COUNCIL.replace("weekly = 500", "weekly = 600"), encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert indicative_budget(rated("Critical", "Low")).weekly_amount == Decimal("600.00")


def test_without_a_council_table_the_built_in_one_is_used(tmp_path: Path) -> None:
    assert load_band_table(tmp_path) is load_band_table(tmp_path / "nowhere")


def test_a_council_table_that_cannot_be_used_is_reported_not_ignored(tmp_path: Path) -> None:
    (tmp_path / "budget_bands.toml").write_text("label = 'x'\n[points]\n", encoding="utf-8")
    with pytest.raises(BandTableError, match=r"budget_bands.toml.*bands"):
        load_band_table(tmp_path)


@pytest.mark.parametrize(
    ("bands", "says"),
    [
        ('[[bands]]\nname = "B"\nmax_points = 9\nweekly = 1\n'
         '[[bands]]\nname = "A"\nmax_points = 1\nweekly = 0\n', "order"),
        ('[[bands]]\nname = "A"\nweekly = 1\n[[bands]]\nname = "B"\nweekly = 2\n', "last band"),
        ('[[bands]]\nname = "A"\nmax_points = 1\nweekly = -5\n', "not an amount"),
    ],
)  # fmt: skip
def test_a_broken_band_table_is_refused(bands: str, says: str) -> None:
    with pytest.raises(BandTableError, match=says):
        parse_band_table('label = "x"\n[points]\nLow = 1\n' + bands)


def test_a_table_without_bands_is_refused() -> None:
    with pytest.raises(BandTableError, match="no bands"):
        parse_band_table('label = "x"\nbands = []\n[points]\nLow = 1\n')


# --- the carers conversation ------------------------------------------------------------------

ELIGIBLE_CARER = {
    "able_nutrition": "No",
    "health_deteriorating": "Yes",
    "wellbeing_areas": ["Control over day-to-day life"],
}


def test_carer_eligibility_needs_an_outcome_not_met_health_at_risk_and_a_wellbeing_impact() -> None:
    assert carers_eligibility_indicated(ELIGIBLE_CARER)
    assert not carers_eligibility_indicated({**ELIGIBLE_CARER, "able_nutrition": "Yes"})
    assert not carers_eligibility_indicated({**ELIGIBLE_CARER, "health_deteriorating": "No"})
    none = {**ELIGIBLE_CARER, "wellbeing_areas": ["None of these options apply"]}
    assert not carers_eligibility_indicated(none)


def test_a_suggested_carers_budget_appears_only_when_funds_are_needed() -> None:
    answers = {**ELIGIBLE_CARER, "level_of_caring_role": "2", "impact_on_wellbeing": 2}
    hidden = carers_budget(answers, TABLE)
    assert not hidden.shown and hidden.amount == 0
    shown = carers_budget({**answers, "funds_required": "Yes"}, TABLE)
    assert shown.shown and shown.score == 4
    assert shown.amount == TABLE.carers_amounts[4]
    assert "indicative" in shown.label and "£0" in shown.label
    assert (
        shown.sentence == f"Eligibility indicated. Suggested budget: £{shown.amount:,.2f} a year."
    )
    unscored = carers_budget({"funds_required": "Yes"}, TABLE)
    assert not unscored.shown and "level of the caring role" in unscored.reason
