"""The waiting list: its order, and the likely wait the person and referrer are told."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from caretui.rules.referrals import Priority
from caretui.rules.waiting import (
    PastWait,
    days_waiting,
    estimate_wait,
    likely_wait_phrase,
    order_waiting_list,
    waiting_sort_key,
)

TODAY = date(2026, 4, 10)


def wait(days: int, *, ended_days_ago: int = 5, priority: str = "normal") -> PastWait:
    allocated = TODAY - timedelta(days=ended_days_ago)
    return PastWait(allocated - timedelta(days=days), allocated, priority)


def test_the_likely_wait_is_the_median_of_recent_waits_for_the_priority() -> None:
    waits = [wait(10), wait(12), wait(40), wait(2, priority="urgent")]
    estimate = estimate_wait(waits, Priority.NORMAL, today=TODAY)
    assert (estimate.days, estimate.based_on) == (12, 3)
    assert estimate.phrase == "usually about 12 days"


def test_only_waits_ended_in_the_last_90_days_count() -> None:
    waits = [wait(5, ended_days_ago=89), wait(50, ended_days_ago=90), wait(60, ended_days_ago=-1)]
    estimate = estimate_wait(waits, "normal", today=TODAY)
    assert (estimate.days, estimate.based_on) == (5, 1)


def test_a_median_between_two_days_rounds_up() -> None:
    assert estimate_wait([wait(3), wait(4)], "Normal", today=TODAY).days == 4


def test_with_no_recent_waits_there_is_nothing_to_go_by() -> None:
    estimate = estimate_wait([wait(3, priority="low")], Priority.URGENT, today=TODAY)
    assert (estimate.days, estimate.based_on) == (None, 0)
    assert estimate.phrase == "no recent waits to go by"
    assert estimate_wait([wait(3)], "soonish", today=TODAY).days is None


def test_the_phrase_speaks_in_days_then_weeks_then_months() -> None:
    assert likely_wait_phrase(0) == "usually allocated the same day"
    assert likely_wait_phrase(1) == "usually about 1 day"
    assert likely_wait_phrase(13) == "usually about 13 days"
    assert likely_wait_phrase(14) == "usually about 2 weeks"
    assert likely_wait_phrase(45) == "usually about 6 weeks"
    assert likely_wait_phrase(100) == "usually about 3 months"


@dataclass(frozen=True)
class Row:
    name: str
    priority: str
    joined: date


def test_the_list_is_ordered_by_priority_then_longest_wait_first() -> None:
    rows = [
        Row("low, long", "low", date(2026, 1, 5)),
        Row("normal, recent", "normal", date(2026, 4, 1)),
        Row("urgent, recent", "urgent", date(2026, 4, 9)),
        Row("normal, long", "Normal", date(2026, 2, 1)),
        Row("unknown", "", date(2026, 1, 1)),
    ]
    assert [r.name for r in order_waiting_list(rows)] == [
        "urgent, recent",
        "normal, long",
        "normal, recent",
        "low, long",
        "unknown",
    ]


def test_days_waiting_counts_from_joining_and_is_never_negative() -> None:
    assert days_waiting(date(2026, 4, 1), TODAY) == 9
    assert days_waiting(date(2026, 4, 11), TODAY) == 0


@given(
    st.sampled_from(list(Priority)),
    st.sampled_from(list(Priority)),
    st.dates(),
    st.dates(),
)
def test_a_higher_priority_always_comes_before_a_lower_one_however_long_it_waited(
    a: Priority, b: Priority, joined_a: date, joined_b: date
) -> None:
    if a.rank < b.rank:
        assert waiting_sort_key(a, joined_a) < waiting_sort_key(b, joined_b)


@given(st.lists(st.integers(0, 200), min_size=1, max_size=30))
def test_the_estimate_lies_within_the_waits_it_is_based_on(days: list[int]) -> None:
    estimate = estimate_wait([wait(d) for d in days], "normal", today=TODAY)
    assert estimate.days is not None and min(days) <= estimate.days <= max(days)
    assert estimate.based_on == len(days)
