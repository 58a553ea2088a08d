"""Care Act timescales (D2).

Full Care Act assessments are completed within 28 days of receipt of initial contact
(case management policy, seed 003 section 4.1). The clock starts at the case's
referral (initial contact) date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

ASSESSMENT_DAYS = 28
DUE_SOON_DAYS = 7


@dataclass(frozen=True)
class AssessmentClock:
    due: date
    days_left: int  # negative when overdue
    completed_on: date | None

    @property
    def done(self) -> bool:
        return self.completed_on is not None

    @property
    def overdue(self) -> bool:
        return not self.done and self.days_left < 0

    @property
    def due_soon(self) -> bool:
        return not self.done and 0 <= self.days_left <= DUE_SOON_DAYS

    @property
    def label(self) -> str:
        """Short words for a table cell: 'Overdue 5d', 'Due in 3d', 'Due today', 'Done'."""
        if self.done:
            return "Done"
        if self.days_left < 0:
            return f"Overdue {-self.days_left}d"
        if self.days_left == 0:
            return "Due today"
        return f"Due in {self.days_left}d"

    @property
    def sentence(self) -> str:
        if self.completed_on is not None:
            return f"Care Act assessment completed {self.completed_on:%d %b %Y}"
        when = f"{self.due:%d %b %Y}"
        if self.days_left < 0:
            days = -self.days_left
            return f"Care Act assessment overdue by {days} day{'s' * (days != 1)} (due {when})"
        if self.days_left == 0:
            return f"Care Act assessment due today ({when})"
        days = self.days_left
        return f"Care Act assessment due in {days} day{'s' * (days != 1)} ({when})"


def assessment_clock(
    referral_date: date, completed_on: date | None, today: date
) -> AssessmentClock:
    due = referral_date + timedelta(days=ASSESSMENT_DAYS)
    return AssessmentClock(due=due, days_left=(due - today).days, completed_on=completed_on)


def age_on(date_of_birth: date, today: date) -> int:
    years = today.year - date_of_birth.year
    if (today.month, today.day) < (date_of_birth.month, date_of_birth.day):
        years -= 1
    return years
