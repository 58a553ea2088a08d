"""Which fields each activity type has (C4, practitioner guide pp.10-14).

Every type has a subject, a date/time, notes, a responsible user (optional: blank sends it
to the team's queue), a responsible team (required) and a status. The rest depend on the
type: who a call or letter was with and which way it went, where an appointment is, when a
task is due, and a letter's attached file.
"""

from __future__ import annotations

from dataclasses import dataclass

from caretui.rules.vocab import ActivityType


@dataclass(frozen=True)
class ActivityField:
    key: str
    label: str
    help: str = ""


DIRECTION = ActivityField("direction", "Direction", "Incoming or outgoing")
CONTACT = ActivityField("contact", "With", "Who the call, email or letter was with")
OUTCOME = ActivityField("outcome", "Outcome", "What was agreed or happened")
LOCATION = ActivityField("location", "Location", "Where the appointment is")
DUE = ActivityField("due_date", "Due date", "When this needs doing by")
ATTACHMENT = ActivityField("attachment", "File", "Path of the letter to attach")

EXTRA_FIELDS: dict[ActivityType, tuple[ActivityField, ...]] = {
    ActivityType.APPOINTMENT: (CONTACT, LOCATION, OUTCOME),
    ActivityType.CASE_NOTE: (),
    ActivityType.EMAIL: (DIRECTION, CONTACT),
    ActivityType.LETTER: (DIRECTION, CONTACT, ATTACHMENT),
    ActivityType.PHONE_CALL: (DIRECTION, CONTACT, OUTCOME),
    ActivityType.TASK: (DUE,),
}

PURPOSE: dict[ActivityType, str] = {
    ActivityType.APPOINTMENT: "An appointment you or another professional has had or will have.",
    ActivityType.CASE_NOTE: "An event or action to record that needs no further action.",
    ActivityType.EMAIL: "An email about this person worth keeping on the record.",
    ActivityType.LETTER: "A letter sent or received about the case, with the file attached.",
    ActivityType.PHONE_CALL: "A phone call with this person or people involved in their care.",
    ActivityType.TASK: "Something that needs doing: assign it to a worker or the team's queue.",
}

# Types that mean going out to see the person: a hazard is shown before they open.
VISIT_TYPES = frozenset({ActivityType.APPOINTMENT})


def fields_for(kind: ActivityType) -> tuple[ActivityField, ...]:
    return EXTRA_FIELDS[kind]


def has_field(kind: ActivityType, key: str) -> bool:
    return any(f.key == key for f in EXTRA_FIELDS[kind])
