"""The wizards' rules: carers' eligibility (reg. 3), next actions, budget, closure, transfer."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caretui.rules.budget import carers_budget, load_band_table
from caretui.rules.carers import (
    CARERS_REVIEW,
    NFA_REASONS,
    NO_FURTHER_ACTION,
    NONE_OF_THESE,
    OUTCOMES,
    PURCHASE_SERVICE,
    NextActions,
    a_year_after,
    assess,
    next_action_problems,
    prerequisite_problems,
)
from caretui.rules.closure import (
    ActivityFact,
    DolsFact,
    FormFact,
    InvolvementFact,
    closure_checklist,
    closure_problems,
)
from caretui.rules.transfer import (
    ALLOCATED_WORKER,
    RESPONSIBLE_TEAM,
    Holder,
    NewInvolvement,
    OpenInvolvement,
    TransferInvalid,
    TransferKind,
    involvement_moves,
    plan_transfer,
    transfer_summary,
)

TODAY = date(2026, 11, 24)

# --- carers' eligibility: Care and Support (Eligibility Criteria) Regulations 2014, reg. 3 --------

SEED_ELIGIBLE = {
    # Seed 004, section 2: outcomes not achieved, health deteriorating, two wellbeing areas
    # ticked (dignity; control over day-to-day life): "Decision - Eligibility indicated".
    "has_children": "No",
    "has_other_dependants": "No",
    "able_habitable_home": "Yes",
    "able_nutrition": "Yes",
    "able_relationships": "No",
    "able_work_learning": "Yes",
    "able_community": "Yes",
    "able_recreation": "No",
    "health_deteriorating": "Yes",
    "wellbeing_areas": [
        "Personal dignity and being treated with respect",
        "Control over day-to-day life",
    ],
}


def test_the_seeds_eligible_carer_is_eligible() -> None:
    result = assess(SEED_ELIGIBLE)
    assert result.indicated and result.regulation_met
    assert result.sentence == "Decision: eligibility indicated."
    assert result.unable == (
        "Developing and maintaining family or other relationships",
        "Engaging in recreational activities",
    )


def test_the_seeds_not_eligible_carer_whose_health_is_not_at_risk() -> None:
    # Seed 004: "Alternatively, if the Carer was not eligible": health question answered No,
    # so the wellbeing areas never open.
    answers = {**SEED_ELIGIBLE, "health_deteriorating": "No", "wellbeing_areas": []}
    result = assess(answers)
    assert not result.indicated and not result.regulation_met
    assert result.sentence.startswith("Decision: eligibility not indicated.")


def test_none_of_these_options_means_no_significant_impact() -> None:
    assert not assess({**SEED_ELIGIBLE, "wellbeing_areas": [NONE_OF_THESE]}).indicated


def test_an_outcome_about_children_counts_only_when_the_carer_has_children() -> None:
    every_able = {key: "Yes" for key, _w, _d in OUTCOMES}
    answers = {
        **every_able,
        "has_children": "No",
        "able_child_care": "No",
        "health_deteriorating": "Yes",
        "wellbeing_areas": ["Social and economic wellbeing"],
    }
    assert not assess(answers).indicated
    assert assess({**answers, "has_children": "Yes"}).indicated


def test_where_the_guide_and_the_regulation_differ_the_practitioner_is_told() -> None:
    # Reg. 3(2) reads "health ... or unable to achieve an outcome"; the guide's form asks
    # for both. Health at risk with every outcome achieved: not indicated, but flagged.
    every_able = {key: "Yes" for key, _w, _d in OUTCOMES}
    answers = {**every_able, "health_deteriorating": "Yes", "wellbeing_areas": ["Other"]}
    result = assess(answers)
    assert not result.indicated and result.regulation_met
    assert "discuss with your manager" in result.sentence


yes_no = st.sampled_from(["Yes", "No", ""])


@given(
    outcomes=st.fixed_dictionaries({key: yes_no for key, _w, _d in OUTCOMES}),
    has_children=yes_no,
    has_other=yes_no,
    health=yes_no,
    areas=st.lists(
        st.sampled_from(["Control over day-to-day life", "Other", NONE_OF_THESE]), max_size=3
    ),
    cares=st.booleans(),
)
def test_eligibility_over_every_combination_of_answers(
    outcomes: dict, has_children: str, has_other: str, health: str, areas: list, cares: bool
) -> None:
    answers = {
        **outcomes,
        "has_children": has_children,
        "has_other_dependants": has_other,
        "health_deteriorating": health,
        "wellbeing_areas": areas,
    }
    result = assess(answers, provides_necessary_care=cares)
    impact = any(a != NONE_OF_THESE for a in areas)
    # reg. 3(1)(a) and (c): no eligibility without caring or without a significant impact
    if not cares or not impact:
        assert not result.indicated and not result.regulation_met
    # the guide's decision is never wider than the regulation
    if result.indicated:
        assert result.regulation_met and result.unable and health == "Yes"
    # the decision is exactly the guide's three conditions
    assert result.indicated == (cares and bool(result.unable) and health == "Yes" and impact)
    assert result.regulation_met == (cares and (bool(result.unable) or health == "Yes") and impact)


def test_every_combination_of_the_three_conditions() -> None:
    for unable, health, impact in itertools.product([True, False], repeat=3):
        answers = {
            "able_nutrition": "No" if unable else "Yes",
            "health_deteriorating": "Yes" if health else "No",
            "wellbeing_areas": ["Other"] if impact else [NONE_OF_THESE],
        }
        assert assess(answers).indicated == (unable and health and impact)


# --- the suggested budget ---------------------------------------------------------------------


def test_the_seeds_example_gives_a_suggested_budget_of_600() -> None:
    # Seed 004: "The level of the caring role is: 2. Moderate", funds required: Yes,
    # "Suggested budget 600" (with a significant impact on wellbeing, 2).
    answers = {
        **SEED_ELIGIBLE,
        "level_of_caring_role": "2",
        "impact_on_wellbeing": "2",
        "funds_required": "Yes",
    }
    budget = carers_budget(answers, load_band_table())
    assert budget.shown and budget.amount == Decimal("600.00")
    assert not carers_budget({**answers, "funds_required": "No"}, load_band_table()).shown


@given(level=st.integers(0, 3), impact=st.integers(0, 3))
def test_the_suggested_budget_grows_with_the_caring_role_and_its_impact(
    level: int, impact: int
) -> None:
    table = load_band_table()

    def amount(lv: int, im: int) -> Decimal:
        answers = {"level_of_caring_role": str(lv), "impact_on_wellbeing": str(im)}
        return carers_budget({**answers, "funds_required": "Yes"}, table).amount

    assert amount(level, impact) >= 0
    if level < 3:
        assert amount(level + 1, impact) >= amount(level, impact)
    if impact < 3:
        assert amount(level, impact + 1) >= amount(level, impact)


# --- prerequisites and next actions --------------------------------------------------------------


def test_prerequisites_say_what_to_fix_and_where() -> None:
    assert prerequisite_problems("Carer", "Retired") == []
    problems = prerequisite_problems("Physical support", "")
    assert "(it is 'Physical support' now)" in problems[0]
    assert "Person details > Service user groups" in problems[0]
    assert "Person details > Employment status" in problems[1]


def plan(*actions: str, **kw) -> NextActions:  # type: ignore[no-untyped-def]
    return NextActions(actions=actions, **kw)


def test_a_budget_needs_purchase_service_and_a_review_in_a_year() -> None:
    review = {"review_date": a_year_after(TODAY), "review_team": "North"}
    both = plan(PURCHASE_SERVICE, CARERS_REVIEW, **review)
    assert next_action_problems(both, funds_required=True, today=TODAY, teams=["North"]) == {}
    only = plan(PURCHASE_SERVICE)
    assert (
        "Carers review"
        in next_action_problems(only, funds_required=True, today=TODAY)["next_actions"]
    )


def test_no_further_action_needs_a_reason_from_the_seeds_list() -> None:
    assert len(NFA_REASONS) == 6
    problems = next_action_problems(plan(NO_FURTHER_ACTION), funds_required=False, today=TODAY)
    assert "nfa_reason" in problems
    other = plan(NO_FURTHER_ACTION, nfa_reason="Other (please specify)")
    assert "nfa_note" in next_action_problems(other, funds_required=False, today=TODAY)
    mixed = plan(NO_FURTHER_ACTION, CARERS_REVIEW, nfa_reason=NFA_REASONS[0])
    assert (
        "cannot go with"
        in next_action_problems(mixed, funds_required=False, today=TODAY)["next_actions"]
    )


def test_a_review_is_passed_to_a_real_team_on_a_future_date() -> None:
    late = plan(CARERS_REVIEW, review_date=TODAY, review_team="Nowhere")
    problems = next_action_problems(late, funds_required=False, today=TODAY, teams=["North"])
    assert set(problems) == {"review_date", "review_team"}


def test_a_year_after_a_leap_day_is_the_28th() -> None:
    assert a_year_after(date(2028, 2, 29)) == date(2029, 2, 28)
    assert a_year_after(TODAY) == date(2027, 11, 24)


# --- closure checklist ---------------------------------------------------------------------------


def checklist(**kw):  # type: ignore[no-untyped-def]
    args = dict(
        activities=[],
        forms=[],
        dols=[],
        involvements=[],
        responsible_user_id=1,
        responsible_team_id=10,
        today=TODAY,
    )
    args.update(kw)
    return closure_checklist(**args)


def test_an_empty_record_passes_every_check() -> None:
    result = checklist()
    assert result.ready and [line.passed for line in result.lines] == [True] * 4


def test_each_line_lists_what_fails_it() -> None:
    result = checklist(
        activities=[ActivityFact(1, "Task: order rail"), ActivityFact(2, "Note", completed=True)],
        forms=[FormFact(3, "OT review (In Progress)"), FormFact(4, "CLD", closed=True)],
        dols=[
            DolsFact(5, "Standard, no end"),
            DolsFact(6, "Standard, ends tomorrow", actual_end=TODAY + timedelta(days=1)),
            DolsFact(7, "Standard, ended", actual_end=TODAY - timedelta(days=1)),
        ],
        involvements=[
            InvolvementFact(8, "Mine", user_id=1, team_id=10),
            InvolvementFact(9, "Team", user_id=None, team_id=10),
            InvolvementFact(10, "OT", user_id=2, team_id=11),
            InvolvementFact(11, "Ended today", user_id=3, team_id=10, end_date=TODAY),
        ],
    )
    failing = {line.key: [i.id for i in line.failing] for line in result.lines}
    assert failing == {"activities": [1], "forms": [3], "dols": [5, 6], "involvements": [10]}
    assert not result.ready
    assert result.sentence().startswith("Not yet: All activities completed (1 to do)")
    assert [line.jump for line in result.lines] == ["activities", "forms", "dols", "involvements"]


@given(
    st.lists(st.booleans(), max_size=5),
    st.lists(st.booleans(), max_size=5),
    st.lists(st.integers(-3, 3) | st.none(), max_size=4),
)
def test_ready_exactly_when_everything_is_done(
    activities: list[bool], forms: list[bool], dols: list[int | None]
) -> None:
    result = checklist(
        activities=[ActivityFact(i, "a", completed=c) for i, c in enumerate(activities)],
        forms=[FormFact(i, "f", closed=c) for i, c in enumerate(forms)],
        dols=[
            DolsFact(i, "d", actual_end=None if d is None else TODAY + timedelta(days=d))
            for i, d in enumerate(dols)
        ],
    )
    expected = all(activities) and all(forms) and all(d is not None and d <= 0 for d in dols)
    assert result.ready == expected


def test_a_closure_needs_a_reason_and_the_written_summary() -> None:
    problems = closure_problems("", {})
    assert set(problems) == {"closure_reason", "goals_met", "goals_notes", "recommendations"}
    good = {"goals_met": "Partially met", "goals_notes": "x", "recommendations": "None"}
    assert closure_problems("Needs met", good) == {}


# --- transfer -----------------------------------------------------------------------------

NOW = Holder(team_id=10, user_id=1)


def test_within_the_team_only_the_user_changes() -> None:
    result = plan_transfer(
        current=NOW, kind="within_team", team_id=None, decision=None, user_id=2, user_team_id=10
    )
    assert result.after == Holder(10, 2) and result.kind is TransferKind.WITHIN_TEAM


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": "within_team", "user_id": None}, "Choose the team member"),
        ({"kind": "within_team", "user_id": 1}, "already the responsible user"),
        ({"kind": "within_team", "user_id": 3, "user_team_id": 11}, "in another team"),
        ({"kind": "another_team", "team_id": None}, "Choose the team"),
        ({"kind": "sideways"}, "Choose how the case is transferred"),
        ({"kind": "another_team", "team_id": 10}, "already with that team"),
        ({"kind": "another_team", "team_id": 11}, "Decide the responsible user"),
        ({"kind": "another_team", "team_id": 11, "decision": "change"}, "Name the new"),
        (
            {
                "kind": "another_team",
                "team_id": 11,
                "decision": "change",
                "user_id": 3,
                "user_team_id": 12,
            },
            "member of the new team",
        ),
    ],
)
def test_a_transfer_that_cannot_be_made_says_why(kwargs: dict, message: str) -> None:
    args = {"team_id": None, "decision": None, "user_id": None, **kwargs}
    with pytest.raises(TransferInvalid, match=message):
        plan_transfer(current=NOW, **args)


def test_to_another_team_with_the_user_cleared_the_team_takes_the_case() -> None:
    result = plan_transfer(
        current=NOW, kind="another_team", team_id=11, decision="clear", user_id=5
    )
    assert result.after == Holder(11, None)


def test_involvements_follow_the_case() -> None:
    result = plan_transfer(
        current=NOW, kind="another_team", team_id=11, decision="change", user_id=3, user_team_id=11
    )
    open_ = [
        OpenInvolvement(1, 1, 10, ALLOCATED_WORKER),
        OpenInvolvement(2, 1, 10, "Secondary Worker"),
        OpenInvolvement(3, 4, 10, "Occupational Therapist"),
    ]
    ending, starting = involvement_moves(result, open_)
    assert ending == [1]
    assert starting == [NewInvolvement(3, 11, ALLOCATED_WORKER)]
    cleared = plan_transfer(current=NOW, kind="another_team", team_id=11, decision="clear",
                            user_id=None)  # fmt: skip
    assert involvement_moves(cleared, open_)[1] == [NewInvolvement(None, 11, RESPONSIBLE_TEAM)]


def test_a_new_worker_already_involved_keeps_their_involvement() -> None:
    result = plan_transfer(
        current=NOW, kind="within_team", team_id=None, decision=None, user_id=4, user_team_id=10
    )
    ending, starting = involvement_moves(
        result, [OpenInvolvement(1, 1, 10, ALLOCATED_WORKER), OpenInvolvement(3, 4, 10, "OT")]
    )
    assert ending == [1] and starting == []


def test_the_transfer_summary_reads_as_a_note() -> None:
    text = transfer_summary(
        from_team="North",
        from_user="Priya Sharma",
        to_team="South",
        to_user="",
        reason="Moved to Dewsbury.",
        by="Priya Sharma",
        on=TODAY,
    )
    assert text.splitlines()[:3] == [
        "Case transferred on 24 November 2026 by Priya Sharma.",
        "From: Priya Sharma (North).",
        "To: South, to be allocated by the team.",
    ]
    assert text.endswith("Moved to Dewsbury.")
