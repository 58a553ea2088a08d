"""Access review rules (S2, access protocol section 7)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from caretui.rules.access import (
    AccessStatus,
    access_status,
    add_months,
    can_sign_in_on,
    review_due_on,
)

TODAY = date(2026, 11, 24)


def status(**kw) -> AccessStatus:  # type: ignore[no-untyped-def]
    args = dict(access_ends=None, disabled=False, last_reviewed=None, created=TODAY, today=TODAY)
    args.update(kw)
    return access_status(**args)  # type: ignore[arg-type]


def test_a_new_account_is_reviewed_two_months_after_it_was_made() -> None:
    assert review_due_on(None, date(2026, 9, 24)) == date(2026, 11, 24)
    assert status(created=date(2026, 9, 24)) is AccessStatus.REVIEW_DUE
    assert status(created=date(2026, 9, 25)) is AccessStatus.OK


def test_a_review_restarts_the_two_months() -> None:
    assert status(created=date(2025, 1, 1), last_reviewed=date(2026, 11, 1)) is AccessStatus.OK


def test_end_dates_come_before_reviews_and_disabled_before_all() -> None:
    assert status(access_ends=TODAY - timedelta(days=1)) is AccessStatus.ENDED
    assert status(access_ends=TODAY + timedelta(days=14)) is AccessStatus.ENDING
    assert status(access_ends=TODAY + timedelta(days=15)) is AccessStatus.OK
    assert status(access_ends=TODAY - timedelta(days=1), disabled=True) is AccessStatus.DISABLED


def test_access_lasts_to_the_end_of_its_last_day() -> None:
    assert can_sign_in_on(TODAY, TODAY)
    assert not can_sign_in_on(TODAY - timedelta(days=1), TODAY)
    assert can_sign_in_on(None, TODAY)


def test_adding_months_keeps_to_the_end_of_short_months() -> None:
    assert add_months(date(2026, 12, 31), 2) == date(2027, 2, 28)
    assert add_months(date(2027, 12, 31), 2) == date(2028, 2, 29)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)))
def test_two_months_later_is_always_between_59_and_62_days(day: date) -> None:
    assert 59 <= (add_months(day, 2) - day).days <= 62
