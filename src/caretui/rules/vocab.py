"""Option lists and status words of the practice, in one place.

Values are what the store holds; labels are what a practitioner reads.
"""

from __future__ import annotations

from enum import StrEnum


class CaseStatus(StrEnum):
    """Where a case stands. A new contact opens a case at once, awaiting screening (issue 12),
    so the referral has a Timeline and the Care Act clock from the first minute."""

    REFERRAL = "referral"
    WAITING = "waiting"
    OPEN = "open"
    CLOSURE_REQUESTED = "closure_requested"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return CASE_STATUS_LABELS[self]

    @property
    def at_the_front_door(self) -> bool:
        """Not yet allocated work: awaiting screening, or on a team's waiting list."""
        return self in (CaseStatus.REFERRAL, CaseStatus.WAITING)


CASE_STATUS_LABELS: dict[CaseStatus, str] = {
    CaseStatus.REFERRAL: "Awaiting screening",
    CaseStatus.WAITING: "Waiting list",
    CaseStatus.OPEN: "Open",
    CaseStatus.CLOSURE_REQUESTED: "Closure requested",
    CaseStatus.CLOSED: "Closed",
}

ACTIVE_CASE_STATUSES = (
    CaseStatus.REFERRAL,
    CaseStatus.WAITING,
    CaseStatus.OPEN,
    CaseStatus.CLOSURE_REQUESTED,
)
"""A person's current case is in one of these: a person has at most one (not closed)."""


class ActivityType(StrEnum):
    APPOINTMENT = "appointment"
    CASE_NOTE = "case_note"
    EMAIL = "email"
    LETTER = "letter"
    PHONE_CALL = "phone_call"
    TASK = "task"

    @property
    def label(self) -> str:
        return ACTIVITY_LABELS[self]


ACTIVITY_LABELS: dict[ActivityType, str] = {
    ActivityType.APPOINTMENT: "Appointment",
    ActivityType.CASE_NOTE: "Case Note",
    ActivityType.EMAIL: "Email",
    ActivityType.LETTER: "Letter",
    ActivityType.PHONE_CALL: "Phone Call",
    ActivityType.TASK: "Task",
}


class ActivityStatus(StrEnum):
    OPEN = "open"
    COMPLETED = "completed"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class FormStatus(StrEnum):
    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return {"in_progress": "In Progress", "complete": "Complete", "closed": "Closed"}[
            self.value
        ]


class AlertKind(StrEnum):
    ALERT = "alert"
    HAZARD = "hazard"


class ClosureStatus(StrEnum):
    PENDING = "pending"
    AUTHORISED = "authorised"
    RETURNED = "returned"


class Direction(StrEnum):
    INCOMING = "incoming"
    OUTGOING = "outgoing"


REFERRAL_SOURCES = (
    "Self",
    "Family or friend",
    "GP",
    "Hospital discharge team",
    "Community health",
    "Police",
    "Housing",
    "Voluntary sector",
    "Other local authority",
)

INVOLVEMENT_ROLES = (
    "Allocated Worker",
    "Secondary Worker",
    "Occupational Therapist",
    "Social Work Assistant",
    "Reviewing Officer",
    "Best Interests Assessor",
    "Sensory Impairment Officer",
)

CLOSURE_REASONS = (
    "Needs met",
    "No eligible needs",
    "Moved out of area",
    "Person declined support",
    "Deceased",
    "Transferred to long-term team",
)

SERVICE_USER_GROUPS = (
    "Physical support",
    "Sensory support",
    "Support with memory and cognition",
    "Learning disability support",
    "Mental health support",
    "Social support",
    "Carer",
)

EMPLOYMENT_STATUSES = (
    "Employed full time",
    "Employed part time",
    "Self-employed",
    "Unemployed",
    "Retired",
    "Not in paid employment (caring)",
    "Student",
)
