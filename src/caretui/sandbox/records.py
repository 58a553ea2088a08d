"""The sandbox's rows, one writer a kind: activities, forms, involvements, alerts, ...

``RecordWriter`` holds the seeded random source and the day the sandbox is built for,
and writes each kind of record as a plain dict into a ``RowBuffer`` (see ``rows``).
The people generator builds on it, and the demo calls the same writers for the
records its stories need, so every row of a kind is shaped in one place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from random import Random
from typing import Any

from caretui.rules import clock
from caretui.rules.form_types import BY_KEY as FORM_TYPES_BY_KEY
from caretui.rules.vocab import ActivityStatus, FormStatus
from caretui.sandbox import words
from caretui.sandbox.form_fill import finished_answers
from caretui.sandbox.rows import RowBuffer
from caretui.sandbox.staff import Worker

ALERTS_BY_CATEGORY = {a[1]: a for a in words.ALERTS}


@dataclass
class CaseFacts:
    """What the demo needs to know about a generated case to add its own records."""

    person_id: int
    case_id: int
    team_id: int
    worker_id: int | None
    referral_date: date
    allocated_on: date
    first: str
    last: str
    name: str
    scenario: str
    ctx: dict[str, str]
    closed_case_id: int | None = None
    earlier_worker: Worker | None = None  # held the case, in another team, until handover
    handover: date | None = None


class RecordWriter:
    """Writes single records into a ``RowBuffer``, with believable times and values."""

    def __init__(self, sink: RowBuffer, rng: Random, today: date) -> None:
        self.sink = sink
        self.rng = rng
        self._random = rng.random
        self.today = today

    # -- small helpers --

    def pick(self, options: Sequence[Any]) -> Any:
        """``rng.choice`` without its pure-Python rejection sampling: called millions of times."""
        return options[int(self._random() * len(options))]

    def randint(self, low: int, high: int) -> int:
        return low + int(self._random() * (high - low + 1))

    def at(self, day: date, earliest: int = 8 * 60 + 30, latest: int = 17 * 60 + 30) -> datetime:
        """A plausible office-hours time on ``day``, to the nearest five minutes; on the
        sandbox's today, never later than the time it is built (nothing recorded "at 10:00"
        when the clock reads 06:30)."""
        minutes = earliest + 5 * int(self._random() * max(1, (latest - earliest) // 5))
        when = datetime(day.year, day.month, day.day, minutes // 60, minutes % 60)
        now = clock.now().replace(second=0, microsecond=0)
        if day == now.date() and when > now:
            earlier = now - timedelta(minutes=5 * (1 + minutes % 7))
            when = max(earlier, datetime(day.year, day.month, day.day))
        return when

    def days_ago(self, low: int, high: int) -> date:
        return self.today - timedelta(days=self.randint(low, high))

    def between(self, start: date, end: date) -> date:
        span = (end - start).days
        return start + timedelta(days=self.randint(0, span)) if span > 0 else start

    def phone(self) -> str:
        roll = self.rng.random()
        if roll < 0.45:
            return f"0113 496 0{int(self._random() * 1000):03d}"
        if roll < 0.7:
            return f"01632 960{int(self._random() * 1000):03d}"
        return f"07700 900{int(self._random() * 1000):03d}"

    # -- rows other modules add too --

    def activity(
        self,
        case: CaseFacts,
        kind: str,
        subject: str,
        *,
        when: datetime,
        team_id: int,
        user_id: int | None,
        author_id: int,
        done: bool,
        notes: str = "",
        due: date | None = None,
        direction: str = "",
        contact: str = "",
        location: str = "",
        outcome: str = "",
        student: bool = False,
        countersigned_by: int | None = None,
        attachment_id: int | None = None,
    ) -> int:
        created = when
        if when.date() >= self.today and not done:
            created = self.at(self.today - timedelta(days=self.randint(1, 7)))
        now = clock.now().replace(second=0, microsecond=0)
        completed = min(when + timedelta(minutes=20), max(when, now)) if done else None
        signed = min(when + timedelta(days=2), max(when, now)) if countersigned_by else None
        return self.sink.add(
            "activity",
            {
                "case_id": case.case_id,
                "person_id": case.person_id,
                "type": kind,
                "subject": subject[:200],
                "notes": notes,
                "occurred_at": when,
                "due_date": due,
                "direction": direction,
                "contact": contact[:200],
                "outcome": outcome if done else "",
                "location": location,
                "attachment_id": attachment_id,
                "responsible_user_id": user_id,
                "responsible_team_id": team_id,
                "status": ActivityStatus.COMPLETED if done else ActivityStatus.OPEN,
                "completed_at": completed,
                "awaiting_countersignature": student and countersigned_by is None,
                "countersigned_by_id": countersigned_by,
                "countersigned_at": signed,
                "created_by_id": author_id,
                "created_at": created,
                "updated_by_id": author_id,
                "updated_at": completed or created,
                "version": 1,
            },
        )

    def involvement(
        self,
        case_id: int,
        user_id: int | None,
        team_id: int,
        role: str,
        start: date,
        end: date | None = None,
        created_by: int | None = None,
    ) -> int:
        return self.sink.add(
            "involvement",
            {
                "case_id": case_id,
                "user_id": user_id,
                "team_id": team_id,
                "role": role,
                "start_date": start,
                "end_date": end,
                "created_by_id": created_by or user_id,
                "created_at": self.at(start),
            },
        )

    def assignment(
        self,
        case_id: int,
        team_id: int,
        user_id: int | None,
        start: datetime,
        end: datetime | None,
        changed_by: int | None,
        note: str = "",
    ) -> int:
        return self.sink.add(
            "case_assignment",
            {
                "case_id": case_id,
                "team_id": team_id,
                "user_id": user_id,
                "started_at": start,
                "ended_at": end,
                "changed_by_id": changed_by,
                "note": note,
            },
        )

    def form(
        self,
        case_id: int,
        form_type: str,
        status: str,
        *,
        created: date,
        user_id: int | None,
        author_id: int,
        manager_id: int | None,
        answers: int | None = None,
        returned_reason: str = "",
        student: bool = False,
    ) -> int:
        """One form instance with a few answers; closed ones record who closed them."""
        kind = FORM_TYPES_BY_KEY[form_type]
        created_at = self.at(created)
        completed_at = closed_at = None
        completed_by = closed_by = None
        if status != FormStatus.IN_PROGRESS:
            finished = min(created + timedelta(days=self.randint(1, 12)), self.today)
            completed_at = self.at(finished)
            completed_by = user_id or author_id
        if status == FormStatus.CLOSED:
            closed_at = completed_at + timedelta(days=1) if kind.needs_manager else completed_at
            assert closed_at is not None
            closed_at = min(closed_at, self.at(self.today))
            closed_by = (manager_id or completed_by) if kind.needs_manager else completed_by
        form_id = self.sink.add(
            "form_instance",
            {
                "case_id": case_id,
                "form_type": form_type,
                "status": status,
                "needs_manager": kind.needs_manager,
                "responsible_user_id": user_id,
                "created_by_id": author_id,
                "created_at": created_at,
                "completed_at": completed_at,
                "completed_by_id": completed_by,
                "closed_at": closed_at,
                "closed_by_id": closed_by,
                "returned_reason": returned_reason,
                "awaiting_countersignature": student,
                "updated_by_id": author_id,
                "updated_at": closed_at or completed_at or created_at,
            },
        )
        if status != FormStatus.IN_PROGRESS and completed_at is not None:
            # Finished forms hold complete answers that pass their own checks.
            items = list(finished_answers(form_type, completed_at.date()).items())
        else:
            items = list(words.FORM_ANSWERS[form_type].items())
        keep = len(items) if answers is None or status != FormStatus.IN_PROGRESS else answers
        for key, value in items[:keep]:
            self.sink.add("form_answer", {"form_id": form_id, "field_key": key, "value": value})
        return form_id

    def alert(self, person_id: int, category: str, start: date, end: date | None, by: int | None):
        kind, _, description = ALERTS_BY_CATEGORY[category]
        self.sink.add(
            "alert",
            {
                "person_id": person_id,
                "kind": kind,
                "category": category,
                "description": description,
                "start_date": start,
                "end_date": end,
                "created_by_id": by,
                "created_at": self.at(start),
            },
        )

    def key_safe(self, person_id: int, access: str, by: int | None, on: date) -> None:
        self.sink.add(
            "key_safe",
            {
                "person_id": person_id,
                "access_information": access,
                "code": f"{int(self._random() * 10000):04d}",
                "updated_by_id": by,
                "updated_at": self.at(on),
            },
        )

    def contact(
        self,
        person_id: int,
        relationship: str,
        name: str,
        *,
        on: date,
        organisation: str = "",
        related_person_id: int | None = None,
        email: str = "",
        address: str = "",
    ) -> None:
        self.sink.add(
            "relationship",
            {
                "person_id": person_id,
                "related_person_id": related_person_id,
                "relationship_type": relationship,
                "contact_name": "" if related_person_id else name,
                "organisation": organisation,
                "phone": "" if related_person_id else self.phone(),
                "email": email,
                "address": address,
                "start_date": on,
                "created_at": self.at(on),
            },
        )

    def service(
        self, person_id: int, start: date, by: int | None, ctx: dict[str, str], kind: int = -1
    ) -> None:
        choice = words.SERVICE_TYPES[kind] if kind >= 0 else self.pick(words.SERVICE_TYPES)
        service, rate, unit = choice
        units = float(self.pick((3, 5, 7, 10, 14, 21)) if unit == "hours" else 1)
        ended = self.rng.random() < 0.2
        provider = ctx["provider"] if service != "Day opportunities" else ctx["day_centre"]
        self.sink.add(
            "service_provision",
            {
                "person_id": person_id,
                "service_type": service,
                "provider": provider.removeprefix("the "),
                "start_date": start,
                "end_date": self.between(start, self.today) if ended else None,
                "units_per_week": units,
                "weekly_cost": round(units * rate, 2),
                "status": "Ended" if ended else "Active",
                "notes": f"{units:g} {unit} a week" if unit != "units" else "Monitoring charge",
                "created_by_id": by,
                "created_at": self.at(start),
            },
        )

    def safeguarding(self, case_id: int, referral: date, by: int, **override: Any) -> None:
        concern = self.between(referral, self.today)
        row = {
            "case_id": case_id,
            "concern_date": concern,
            "concern_type": self.pick(words.SAFEGUARDING_TYPES),
            "source": self.pick(("Home care provider", "Family", "Neighbour", "GP")),
            "stage": self.pick(("Concern", "Section 42 enquiry", "Closed")),
            "outcome": "",
            "notes": "Concern raised and discussed with the team manager the same day.",
            "created_by_id": by,
            "created_at": self.at(concern),
            "updated_by_id": by,
            "updated_at": self.at(concern),
        }
        row.update(override)
        self.sink.add("safeguarding", row)

    def dols(self, case_id: int, start: date, by: int, *, current: bool, notes: str = "") -> None:
        if current:
            ends, actual = start + timedelta(days=365), None
        else:
            ends = start + timedelta(days=180)
            actual = min(ends, self.today - timedelta(days=5))
        self.sink.add(
            "dols",
            {
                "case_id": case_id,
                "authorisation_type": "Standard",
                "authorisation_start": start,
                "authorisation_end": ends,
                "actual_end_date": actual,
                "notes": notes or "Standard authorisation granted by the supervisory body.",
                "created_by_id": by,
                "created_at": self.at(start),
            },
        )

    def section117(self, person_id: int, start: date, by: int, summary: str = "") -> None:
        self.sink.add(
            "section117",
            {
                "person_id": person_id,
                "detention_section": self.pick(("3", "3", "37")),
                "start_date": start,
                "status": "Entitled",
                "organisation_responsible": "",
                "aftercare_summary": summary
                or "Aftercare: supported accommodation, weekly visits from the care coordinator.",
                "created_by_id": by,
                "created_at": self.at(start),
            },
        )

    def attachment(
        self,
        person_id: int,
        title: str,
        on: date,
        by: int,
        *,
        filename: str = "",
        content: bytes | None = None,
        media_type: str = "text/plain",
    ) -> int:
        body = (
            content
            or (
                f"{title}\n\nDear {title.split(' to ')[-1]},\n\nThank you for meeting with us. "
                "This letter confirms the support we discussed.\n\nYours sincerely,\n"
                "Adult Social Care\n"
            ).encode()
        )
        return self.sink.add(
            "attachment",
            {
                "person_id": person_id,
                "title": title,
                "filename": filename or f"letter-{on:%Y%m%d}.txt",
                "media_type": media_type,
                "size_bytes": len(body),
                "content": body,
                "added_by_id": by,
                "added_at": self.at(on),
            },
        )
