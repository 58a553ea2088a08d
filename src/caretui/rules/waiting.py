"""The waiting list (R1, issue 12): its order, and how long a wait is likely to be.

Standard 1.1 (seed 002): when someone has to go on a waiting list, tell both the person and
the referrer, and advise them of the likely waiting time. The likely time is the median of
the waits that ended in the last 90 days for the same team and priority: a wait runs from
the day the referral joined the list to the day a worker was allocated. The median, not
the mean, so one referral that waited all winter does not make everyone's estimate long.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import median
from typing import Protocol, TypeVar

from caretui.rules.referrals import Priority
from caretui.rules.wording import as_member, plural

RECENT_DAYS = 90


@dataclass(frozen=True)
class PastWait:
    """One finished wait on a team's list (the store passes that team's only)."""

    joined: date
    allocated: date
    priority: Priority | str

    @property
    def days(self) -> int:
        return (self.allocated - self.joined).days


@dataclass(frozen=True)
class WaitEstimate:
    days: int | None
    based_on: int

    @property
    def phrase(self) -> str:
        """What to tell the person: 'usually about 12 days', 'no recent waits to go by'."""
        return likely_wait_phrase(self.days)


def likely_wait_phrase(days: int | None) -> str:
    if days is None:
        return "no recent waits to go by"
    if days == 0:
        return "usually allocated the same day"
    if days < 14:
        return f"usually about {plural(days, 'day')}"
    if days < 63:
        return f"usually about {plural(round(days / 7), 'week')}"
    return f"usually about {plural(round(days / 30.4), 'month')}"


def estimate_wait(
    waits: Iterable[PastWait], priority: Priority | str, *, today: date
) -> WaitEstimate:
    """The likely wait for ``priority``: the median of the last 90 days' waits, in whole days.

    Only waits that ended (a worker allocated) within the 90 days up to and including
    ``today`` count. A median halfway between two days rounds up: better to say a day
    too long than raise a hope a day too soon.
    """
    wanted = as_member(Priority, priority)
    since = today - timedelta(days=RECENT_DAYS)
    days = [
        wait.days
        for wait in waits
        if as_member(Priority, wait.priority) is wanted
        and since < wait.allocated <= today
        and wait.days >= 0
    ]
    if wanted is None or not days:
        return WaitEstimate(None, 0)
    middle = median(days)
    return WaitEstimate(int(middle) + (middle % 1 > 0), len(days))


# --- the list's order -------------------------------------------------------------------------


class Waiting(Protocol):
    """Anything on the list: a row shaped for the screen, an entry from the store."""

    @property
    def priority(self) -> Priority | str: ...

    @property
    def joined(self) -> date: ...


W = TypeVar("W", bound=Waiting)


def days_waiting(joined: date, today: date) -> int:
    return max((today - joined).days, 0)


def waiting_sort_key(priority: Priority | str, joined: date) -> tuple[int, date]:
    """Urgent first, then Normal, then Low; within each, the longest wait first.

    A priority that is not on the scale sorts last, so it is seen and corrected.
    """
    chosen = as_member(Priority, priority)
    return (chosen.rank if chosen else len(Priority), joined)


def order_waiting_list(rows: Iterable[W]) -> list[W]:
    """The waiting list in the order a manager allocates from it."""
    return sorted(rows, key=lambda row: waiting_sort_key(row.priority, row.joined))
