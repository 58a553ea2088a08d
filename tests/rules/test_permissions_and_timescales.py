"""The permission table and the Care Act clock."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caretui.rules.permissions import (
    TABLE,
    Action,
    Actor,
    CaseContext,
    PermissionDenied,
    Scope,
    allowed,
    markdown_table,
    refusal,
    require,
)
from caretui.rules.roles import Role, parse_role
from caretui.rules.timescales import age_on, assessment_clock


def actor(role: Role, uid: int = 1, team: int = 1) -> Actor:
    return Actor(id=uid, login="x", name="Alex Example", role=role, team_id=team)


def test_viewer_may_only_view() -> None:
    viewer = actor(Role.VIEWER)
    for action in Action:
        assert allowed(viewer, action) is (action is Action.VIEW_RECORDS)
    with pytest.raises(PermissionDenied, match="view only"):
        require(viewer, Action.ADD_ACTIVITY)


def test_only_managers_close_forms_and_authorise_closures() -> None:
    for role in Role:
        for action in (Action.CLOSE_FORM, Action.AUTHORISE_CLOSURE):
            assert (TABLE[role].get(action, Scope.NONE) is not Scope.NONE) is (role is Role.MANAGER)


@given(
    st.sampled_from(list(Role)),
    st.sampled_from(list(Action)),
    st.integers(1, 3),
    st.integers(1, 3),
    st.booleans(),
)
def test_scopes_mean_what_they_say(
    role: Role, action: Action, case_team: int, my_team: int, mine: bool
) -> None:
    me = actor(role, uid=7, team=my_team)
    case = CaseContext(team_id=case_team, responsible_user_id=7 if mine else 99)
    scope = TABLE[role].get(action, Scope.NONE)
    expected = {
        Scope.NONE: False,
        Scope.ANY: True,
        Scope.OWN: mine,
        Scope.TEAM: mine or case_team == my_team,
    }[scope]
    assert allowed(me, action, case) is expected


def test_refusal_says_who_can() -> None:
    with pytest.raises(PermissionDenied, match="manager"):
        require(actor(Role.PRACTITIONER), Action.CLOSE_FORM)


def test_a_refused_key_says_why_naming_the_role() -> None:
    """Issue 14: the words shown when a hidden key is pressed."""
    assert refusal(Role.VIEWER, Action.EDIT_PERSON) == (
        "Viewers can read records but not change them."
    )
    assert refusal(Role.VIEWER, Action.REVEAL_KEY_SAFE).startswith(
        "Viewers can read records but not reveal a key safe code: practitioners, "
    )
    assert refusal(Role.STUDENT, Action.TRANSFER_CASE) == (
        "Students cannot transfer a case: practitioners and team managers can."
    )
    assert refusal(Role.PRACTITIONER, Action.ADD_ATTACHMENT) == (
        "Practitioners cannot add an attachment: admins / CSOs can."
    )


@given(st.sampled_from(list(Role)), st.sampled_from(list(Action)))
def test_every_refusal_is_a_sentence(role: Role, action: Action) -> None:
    words = refusal(role, action)
    assert words.endswith(".") and "_" not in words and "none" not in words


def test_readme_table_lists_every_action_and_role() -> None:
    table = markdown_table()
    for action in Action:
        assert action.value in table
    assert table.count("\n") == len(Action) + 1


def test_roles_parse_as_typed() -> None:
    assert parse_role("CSO") is Role.ADMIN
    assert parse_role("system-admin") is Role.SYSTEM_ADMIN
    with pytest.raises(ValueError, match="Choose one of"):
        parse_role("boss")


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 1, 1)), st.integers(-60, 60))
def test_care_act_clock_is_28_days_from_initial_contact(referral: date, offset: int) -> None:
    today = referral + timedelta(days=28 + offset)
    clock = assessment_clock(referral, None, today)
    assert clock.due == referral + timedelta(days=28)
    assert clock.overdue is (offset > 0)
    assert clock.days_left == -offset
    assert not assessment_clock(referral, today, today).overdue


def test_care_act_labels() -> None:
    day = date(2026, 11, 1)
    assert assessment_clock(day, None, day + timedelta(days=30)).label == "Overdue 2d"
    assert assessment_clock(day, None, day + timedelta(days=28)).label == "Due today"
    assert assessment_clock(day, None, day).sentence.startswith("Care Act assessment due in 28")


def test_age_counts_birthdays() -> None:
    assert age_on(date(1948, 3, 12), date(2026, 3, 11)) == 77
    assert age_on(date(1948, 3, 12), date(2026, 3, 12)) == 78
