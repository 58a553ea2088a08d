"""Access review (S2): which accounts are past their end date or due for review.

The access protocol (seed 001, section 7) asks the systems team to monitor access end
dates, contact people as an end date approaches, and confirm the user lists every two
months, closing accounts no longer needed. These rules decide what the review screen
and ``caretui admin access-review`` flag; they take ``today`` so they are testable.
"""

from __future__ import annotations

import calendar
from datetime import date
from enum import StrEnum

from caretui.rules.roles import Role

REVIEW_EVERY_MONTHS = 2
ENDING_SOON_DAYS = 14

REVIEW_OUTCOMES: tuple[str, ...] = (
    "Access still needed",
    "End date extended",
    "Account closed: no longer needed",
)


# Role names short enough for an 80-column list of accounts.
SHORT_ROLE: dict[Role, str] = {
    Role.PRACTITIONER: "Practitioner",
    Role.MANAGER: "Manager",
    Role.ADMIN: "Admin/CSO",
    Role.STUDENT: "Student",
    Role.VIEWER: "Viewer",
    Role.SYSTEM_ADMIN: "Sys admin",
}


class AccessStatus(StrEnum):
    DISABLED = "disabled"
    ENDED = "past end date"
    ENDING = "ends soon"
    REVIEW_DUE = "review due"
    OK = "reviewed"

    @property
    def needs_action(self) -> bool:
        return self in (AccessStatus.ENDED, AccessStatus.ENDING, AccessStatus.REVIEW_DUE)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day (31 Dec + 2 = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def review_due_on(last_reviewed: date | None, created: date) -> date:
    """Two months after the last review, or after the account was made if never reviewed."""
    return add_months(last_reviewed or created, REVIEW_EVERY_MONTHS)


def access_status(
    *,
    access_ends: date | None,
    disabled: bool,
    last_reviewed: date | None,
    created: date,
    today: date,
) -> AccessStatus:
    """The most pressing thing about one account, most urgent first."""
    if disabled:
        return AccessStatus.DISABLED
    if access_ends is not None and access_ends < today:
        return AccessStatus.ENDED
    if access_ends is not None and (access_ends - today).days <= ENDING_SOON_DAYS:
        return AccessStatus.ENDING
    if review_due_on(last_reviewed, created) <= today:
        return AccessStatus.REVIEW_DUE
    return AccessStatus.OK


def can_sign_in_on(access_ends: date | None, today: date) -> bool:
    """Access ends at the end of its last day."""
    return access_ends is None or today <= access_ends
