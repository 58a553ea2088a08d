"""Generated sandbox people: the same generator fills the demo caseloads and bulk mode.

Speed matters here (100 000 people must build in well under a minute on two cores),
so rows are plain dicts handed to a ``RowBuffer`` (see ``rows``) and big
builds generate people in chunks spread over worker processes. Everything varied
comes from seeded ``random.Random`` instances (one per chunk, so the result does not
depend on how many processes ran) and every date is an offset from the ``today``
given, so due and overdue work stays meaningful whenever the sandbox is built.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import subprocess
import sys
from bisect import bisect
from collections import Counter, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import accumulate
from pathlib import Path
from random import Random
from typing import Any

from caretui.rules.form_types import BY_KEY as FORM_TYPES_BY_KEY
from caretui.rules.roles import Role
from caretui.rules.validation import nhs_check_digit
from caretui.rules.vocab import (
    CLOSURE_REASONS,
    EMPLOYMENT_STATUSES,
    REFERRAL_SOURCES,
    ActivityStatus,
    CaseStatus,
    ClosureStatus,
    FormStatus,
)
from caretui.sandbox import words
from caretui.sandbox.frames import read_frame
from caretui.sandbox.rows import RowBuffer, Rows, Sink

# --- NHS numbers -----------------------------------------------------------------------------


class NhsNumbers:
    """Distinct numbers from the NHS test range (999 ...), in a scrambled, repeatable order.

    Real NHS numbers never start 999, so a sandbox number can never match a real
    patient. Stepping through the six free digits with a multiplier coprime to 10**6
    visits every value once before repeating (about 909 000 valid numbers). The check
    digit is the app's own rule, so every number passes the app's validation.
    """

    def __init__(self, first_step: int = 0) -> None:
        self._step = first_step

    def next(self) -> str:
        while True:
            six = (self._step * 7919 + 123_457) % 1_000_000
            self._step += 1
            nine = f"999{six:06d}"
            check = nhs_check_digit(nine)
            if check is not None:
                return f"{nine}{check}"


# --- staff and teams -----------------------------------------------------------------------


@dataclass(frozen=True)
class Worker:
    id: int
    login: str
    name: str
    role: str
    team_id: int
    designation: str = ""

    @property
    def involvement_role(self) -> str:
        """The role this worker takes when helping on someone else's case."""
        if "Occupational" in self.designation:
            return "Occupational Therapist"
        if "Rehabilitation" in self.designation:
            return "Sensory Impairment Officer"
        if self.role == Role.STUDENT:
            return "Social Work Assistant"
        if "Reviewing" in self.designation:
            return "Reviewing Officer"
        return "Secondary Worker"


@dataclass
class TeamStaff:
    """A team as the generator sees it: who can hold cases, who closes forms."""

    id: int
    name: str
    kind: str = "assessment"
    practitioners: list[Worker] = field(default_factory=list)
    managers: list[Worker] = field(default_factory=list)
    admins: list[Worker] = field(default_factory=list)
    students: list[Worker] = field(default_factory=list)

    @property
    def manager(self) -> Worker | None:
        return self.managers[0] if self.managers else None

    def any_member(self) -> Worker | None:
        for group in (self.admins, self.managers, self.practitioners):
            if group:
                return group[0]
        return None


# --- people and their cases ----------------------------------------------------------------


@dataclass
class PersonSpec:
    """A hand-written person: anything left empty is generated."""

    first: str
    last: str
    gender: str
    age: int
    scenario: str
    care_act: str = "done"  # overdue | soon | later | done
    reason: str = ""
    source: str = ""
    heritage: str = "white_british"
    ethnicity: str = ""
    title: str = ""
    preferred_name: str = ""
    address1: str = ""
    address2: str = ""
    town: str = ""
    postcode: str = ""
    phone: str = ""
    priority: str = "Normal"
    group: str = ""
    employment: str = ""
    relative: tuple[str, str] | None = None  # (relationship, first name)
    relative_on_record: bool = False  # the relative has their own record (linked later)
    hospital: str = ""  # where a hospital story happened, so activities agree with it
    ward: str = ""
    cared: tuple[str, str] | None = None  # carers: (relationship, first name) of the cared-for
    cared_on_record: bool = False  # the cared-for person has their own record (linked later)
    older_case: bool = False
    alerts: tuple[str, ...] = ()  # alert categories from words.ALERTS
    ended_alerts: tuple[str, ...] = ()
    key_safe: str = ""
    restricted: bool = False
    quiet: bool = False  # no open work and no unfinished forms (a case ready to close)
    closure: str = ""  # "pending" or "returned": a closure request on the open case
    return_reason: str = ""
    transferred_from: Worker | None = None  # held by another team before this one
    referred_days_ago: int | None = None  # pin the referral date within the care_act band


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


CARE_ACT_STATES = ("done", "later", "soon", "overdue")
CARE_ACT_WEIGHTS = (0.55, 0.22, 0.1, 0.13)

_SCENARIOS = {s.key: s for s in words.SCENARIOS}
_HERITAGES = {h.key: h for h in words.HERITAGES}
_ALERTS = {a[1]: a for a in words.ALERTS}
_WORKING_AGE_EMPLOYMENT = tuple(e for e in EMPLOYMENT_STATUSES if e != "Retired")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


def _polish_feminine(surname: str, gender: str) -> str:
    if gender == "Female" and surname.endswith(("ski", "cki")):
        return surname[:-1] + "a"
    return surname


class PeopleMaker:
    """Writes believable people with their case histories into a ``RowBuffer``."""

    def __init__(self, sink: RowBuffer, rng: Random, today: date, nhs: NhsNumbers) -> None:
        self.sink = sink
        self.rng = rng
        self._random = rng.random
        self.today = today
        self.nhs = nhs
        self._older = [h.weight_older for h in words.HERITAGES]
        self._younger = [h.weight_younger for h in words.HERITAGES]
        self._sc_older = [s.weight_older for s in words.SCENARIOS]
        self._sc_younger = [s.weight_younger for s in words.SCENARIOS]

    # -- small helpers --

    def pick(self, options: Sequence[Any]) -> Any:
        """``rng.choice`` without its pure-Python rejection sampling: called millions of times."""
        return options[int(self._random() * len(options))]

    def randint(self, low: int, high: int) -> int:
        return low + int(self._random() * (high - low + 1))

    def at(self, day: date, earliest: int = 8 * 60 + 30, latest: int = 17 * 60 + 30) -> datetime:
        """A plausible office-hours time on ``day``, to the nearest five minutes."""
        minutes = earliest + 5 * int(self._random() * max(1, (latest - earliest) // 5))
        return datetime(day.year, day.month, day.day, minutes // 60, minutes % 60)

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

    def address(self) -> tuple[str, str, str, str]:
        rng = self.rng
        town, districts, localities = self.pick(words.TOWNS)
        street = f"{self.pick(words.STREET_NAMES)} {self.pick(words.STREET_KINDS)}"
        letters = words.POSTCODE_LETTERS
        inward = f"{int(self._random() * 10)}{self.pick(letters)}{self.pick(letters)}"
        postcode = f"{self.pick(districts)} {inward}"
        if rng.random() < 0.22:
            return (
                f"Flat {self.randint(1, 40)} {self.pick(words.FLAT_BLOCKS)}",
                street,
                town,
                postcode,
            )
        line2 = self.pick(localities) if rng.random() < 0.5 else ""
        return f"{self.randint(1, 180)} {street}", line2, town, postcode

    def born(self, age: int) -> date:
        """A date of birth that makes someone ``age`` today."""
        birthday = self.today.replace(year=self.today.year - age, day=min(self.today.day, 28))
        return birthday - timedelta(days=self.randint(1, 364))

    def title(self, gender: str, age: int, settled: bool = False) -> str:
        """Mr, or Mrs / Miss / Ms in the proportions people of that age use them.

        ``settled`` (hand-written people) gives the commonest title for the age, so
        the people trainers talk about are not renamed by the random draw.
        """
        if gender != "Female":
            return "Mr"
        if settled:
            return "Mrs" if age >= 50 else "Ms"
        roll = self.rng.random()
        if age >= 60:
            return "Mrs" if roll < 0.75 else "Miss" if roll < 0.88 else "Ms"
        return "Ms" if roll < 0.5 else "Mrs" if roll < 0.8 else "Miss"

    def name_from(self, heritage: words.Heritage, gender: str) -> tuple[str, str]:
        first = self.pick(heritage.female if gender == "Female" else heritage.male)
        return first, _polish_feminine(self.pick(heritage.surnames), gender)

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
        completed = when + timedelta(minutes=20) if done else None
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
                "countersigned_at": when + timedelta(days=2) if countersigned_by else None,
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
        items = list(words.FORM_ANSWERS[form_type].items())
        keep = len(items) if answers is None else answers
        for key, value in items[:keep]:
            self.sink.add("form_answer", {"form_id": form_id, "field_key": key, "value": value})
        return form_id

    def alert(self, person_id: int, category: str, start: date, end: date | None, by: int | None):
        kind, _, description = _ALERTS[category]
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

    # -- the whole person --

    def populate(
        self,
        team: TeamStaff,
        worker: Worker | None,
        *,
        spec: PersonSpec | None = None,
        colleagues: Sequence[Worker] = (),
        care_act: str | None = None,
        extras: bool = True,
    ) -> CaseFacts:
        """One person with an open case, its history, and (sometimes) an older closed case."""
        rng = self.rng
        today = self.today
        if spec is not None:
            age = spec.age
            gender = spec.gender
            heritage = _HERITAGES[spec.heritage]
            scenario = _SCENARIOS[spec.scenario]
            first, last = spec.first, spec.last
        else:
            special = TEAM_SCENARIOS.get(team.kind) if rng.random() < 0.8 else None
            younger_work = special in ("learning_disability", "mental_health")
            older = rng.random() < (0.15 if younger_work else 0.8)
            age = min(98, 65 + int(rng.triangular(0, 33, 18))) if older else self.randint(18, 64)
            heritage = rng.choices(words.HERITAGES, self._older if older else self._younger)[0]
            if special:
                scenario = _SCENARIOS[special]
            else:
                weights = self._sc_older if older else self._sc_younger
                scenario = rng.choices(words.SCENARIOS, weights)[0]
            gender = "Female" if rng.random() < (0.58 if older else 0.5) else "Male"
            first, last = self.name_from(heritage, gender)
        dob = self.born(age)
        state = (spec.care_act if spec else care_act) or rng.choices(
            CARE_ACT_STATES, CARE_ACT_WEIGHTS
        )[0]
        referral = {
            "overdue": lambda: self.days_ago(35, 60),
            "soon": lambda: self.days_ago(21, 27),
            "later": lambda: self.days_ago(0, 20),
            "done": lambda: self.days_ago(32, 420),
        }[state]()
        if spec is not None and spec.referred_days_ago is not None:
            referral = today - timedelta(days=spec.referred_days_ago)
        older_case = spec.older_case if spec else rng.random() < 0.2
        first_contact = (
            referral - timedelta(days=self.randint(400, 1300)) if older_case else referral
        )

        title = (spec.title if spec else "") or self.title(gender, age, bool(spec))
        generated = self.address()
        address1 = (spec.address1 if spec else "") or generated[0]
        address2 = spec.address2 if spec and spec.address1 else generated[1]
        town = (spec.town if spec else "") or generated[2]
        postcode = (spec.postcode if spec else "") or generated[3]
        group = (spec.group if spec else "") or self.pick(scenario.groups)
        employment = (spec.employment if spec else "") or (
            "Retired" if age >= 66 else self.pick(_WORKING_AGE_EMPLOYMENT)
        )
        author = team.any_member()
        admin_id = team.admins[0].id if team.admins else None
        person_id = self.sink.add(
            "person",
            {
                "title": title,
                "first_name": first,
                "last_name": last,
                "preferred_name": spec.preferred_name if spec else "",
                "first_name_key": first.lower(),
                "last_name_key": last.lower(),
                "date_of_birth": dob,
                "gender": gender,
                "ethnicity": (spec.ethnicity if spec else "") or self.pick(heritage.ethnicities),
                "nhs_number": self.nhs.next(),
                "address_line1": address1,
                "address_line2": address2,
                "town": town,
                "postcode": postcode,
                "phone": (spec.phone if spec else "") or self.phone(),
                "primary_service_user_group": group,
                "employment_status": employment,
                "restricted": bool(spec and spec.restricted),
                "created_at": self.at(first_contact),
                "updated_at": self.at(referral),
                "updated_by_id": admin_id,
            },
        )

        relatives = words.RELATIVES_OF_OLDER if age >= 60 else words.RELATIVES_OF_YOUNGER
        rel, rel_gender, same_surname = self.pick(relatives)
        rel_first, rel_last = self.name_from(heritage, "Female" if rel_gender == "F" else "Male")
        if spec and spec.relative:
            rel, rel_first = spec.relative
            same_surname = rel not in ("friend", "neighbour")
        if same_surname:
            rel_last = last
        cared_rel, cared_name = ("husband" if gender == "Female" else "wife"), ""
        if scenario.key == "carer":
            if spec and spec.cared:
                cared_rel, cared_name = spec.cared
            else:
                cared_rel = self.pick(("husband", "wife", "mother", "son", "father"))
                cared_gender = "Female" if cared_rel in ("wife", "mother") else "Male"
                cared_name = self.name_from(heritage, cared_gender)[0]
        ctx = {
            "first": spec.preferred_name if spec and spec.preferred_name else first,
            "name": f"{title} {last}",
            "rel": rel,
            "rel_name": rel_first,
            "hospital": (spec.hospital if spec else "") or self.pick(words.HOSPITALS),
            "ward": (spec.ward if spec else "") or self.pick(words.WARDS),
            "mh_hospital": self.pick(words.MH_HOSPITALS),
            "gp": self.pick(words.GP_PRACTICES),
            "provider": self.pick(words.PROVIDERS),
            "day_centre": self.pick(words.DAY_CENTRES),
            "month": words.MONTHS[(today.month - 2) % 12],
            "weekday": self.pick(_WEEKDAYS),
            "cared_rel": cared_rel,
            "cared_name": cared_name or "their partner",
        }

        closed_case_id = None
        if older_case:
            earlier = worker or (team.practitioners[0] if team.practitioners else None)
            closed_case_id = self._closed_case(
                person_id, team, earlier, scenario, ctx, first_contact
            )

        reason = (spec.reason if spec and spec.reason else self.pick(scenario.reasons)).format_map(
            ctx
        )
        source = (spec.source if spec else "") or self.pick(scenario.sources)
        if source not in REFERRAL_SOURCES:
            source = self.pick(REFERRAL_SOURCES)
        transferred = spec.transferred_from if spec else None
        wait = self.randint(4, 9) if transferred else self.randint(0, 6)
        allocated = min(referral + timedelta(days=wait), today)
        completed_on = None
        if state == "done":
            late = rng.random() < 0.12
            completed_on = referral + timedelta(
                days=self.randint(29, 45) if late else self.randint(6, 27)
            )
            completed_on = min(completed_on, today - timedelta(days=1))
        closure = spec.closure if spec else ""
        if not spec and worker and state == "done" and team.manager:
            roll = rng.random()
            closure = "pending" if roll < 0.02 else "returned" if roll < 0.03 else ""
        quiet = bool(spec and spec.quiet) or closure == "pending"
        case_id = self.sink.next_id("case_record")
        received = self.at(referral)
        status = CaseStatus.CLOSURE_REQUESTED if closure == "pending" else CaseStatus.OPEN
        self.sink.add(
            "case_record",
            {
                "id": case_id,
                "person_id": person_id,
                "status": status,
                "referral_date": referral,
                "referral_source": source,
                "referral_reason": reason,
                "priority": (spec.priority if spec else "") or self.pick(words.REFERRAL_PRIORITIES),
                "responsible_user_id": worker.id if worker else None,
                "responsible_team_id": team.id,
                "assessment_completed_on": completed_on,
                "created_at": received,
                "created_by_id": admin_id or (author.id if author else None),
                "updated_at": self.at(allocated),
                "updated_by_id": worker.id if worker else admin_id,
            },
        )
        facts = CaseFacts(
            person_id=person_id,
            case_id=case_id,
            team_id=team.id,
            worker_id=worker.id if worker else None,
            referral_date=referral,
            allocated_on=allocated,
            first=first,
            last=last,
            name=f"{first} {last}",
            scenario=scenario.key,
            ctx=ctx,
            closed_case_id=closed_case_id,
        )
        manager_id = team.manager.id if team.manager else None
        self._assign(facts, team, worker, colleagues, received, allocated, manager_id, transferred)
        self._history(facts, team, worker, scenario, referral, today - timedelta(days=1), True)
        if not quiet:
            self._open_work(facts, team, worker, scenario)
        self._forms(facts, team, worker, scenario, state, referral, open_case=spec is None)
        if closure and worker and manager_id:
            self._closure_request(facts, worker.id, manager_id, closure, spec)

        # the person record around the case
        if not (spec and spec.relative_on_record):
            self.contact(
                person_id,
                rel.capitalize(),
                f"{rel_first} {rel_last}",
                on=first_contact,
                email=f"{rel_first.lower()}.{rel_last.lower()}@mail.example".replace(" ", "")
                if rng.random() < 0.3
                else "",
            )
        if scenario.key == "carer" and cared_name and not (spec and spec.cared_on_record):
            self.contact(person_id, "Cared for", f"{cared_name} {last}", on=first_contact)
        by = admin_id or (author.id if author else None)
        if spec is not None:
            for category in spec.alerts:
                self.alert(person_id, category, self.between(first_contact, referral), None, by)
            for category in spec.ended_alerts:
                start = self.between(first_contact, referral - timedelta(days=30))
                self.alert(person_id, category, start, self.between(start, referral), by)
            if spec.key_safe:
                self.key_safe(person_id, spec.key_safe, by, referral)
        elif extras:
            self._extras(facts, team, worker, scenario, first_contact, referral, age, by)
        return facts

    # -- pieces of populate --

    def _assign(
        self,
        facts: CaseFacts,
        team: TeamStaff,
        worker: Worker | None,
        colleagues: Sequence[Worker],
        received: datetime,
        allocated: date,
        manager_id: int | None,
        transferred_from: Worker | None = None,
    ) -> None:
        """Assignment history ending with the case's current holder, and their involvements.

        Each row ends at the moment the next begins, so the history reads as one chain:
        (the hospital team, ) the team's duty desk, perhaps an earlier worker, the worker.
        """
        rng = self.rng
        case_id = facts.case_id
        moment = received

        def then(day: date) -> datetime:
            nonlocal moment
            moment = max(self.at(day), moment + timedelta(minutes=5))
            return moment

        start = received
        duty_note, duty_by = "Duty", manager_id
        if transferred_from is not None:
            old = transferred_from
            moved = then(self.between(facts.referral_date + timedelta(days=2), allocated))
            self.assignment(case_id, old.team_id, old.id, start, moved, old.id, "Allocated")
            facts.earlier_worker, facts.handover = old, moved.date()
            self.involvement(
                case_id, old.id, old.team_id, "Allocated Worker", start.date(), moved.date()
            )
            start, duty_note, duty_by = moved, "Transferred on discharge", old.id
        if worker is None:
            note = duty_note if transferred_from else "Awaiting allocation"
            self.assignment(case_id, team.id, None, start, None, duty_by, note)
            return
        if allocated > start.date() or transferred_from is not None:
            allocated_at = then(allocated)
            self.assignment(case_id, team.id, None, start, allocated_at, duty_by, duty_note)
            start = allocated_at
        previous: list[Worker] = []
        if (self.today - allocated).days > 30 and rng.random() < 0.15:
            previous = [c for c in colleagues if c.id != worker.id and c.team_id == team.id]
        if previous:
            before = self.pick(previous)
            change = then(
                self.between(allocated + timedelta(days=7), self.today - timedelta(days=7))
            )
            self.assignment(case_id, team.id, before.id, start, change, manager_id, "Allocated")
            self.involvement(
                case_id, before.id, team.id, "Allocated Worker", start.date(), change.date()
            )
            self.assignment(case_id, team.id, worker.id, change, None, manager_id, "Reallocated")
            self.involvement(case_id, worker.id, team.id, "Allocated Worker", change.date())
        else:
            self.assignment(case_id, team.id, worker.id, start, None, manager_id, "Allocated")
            self.involvement(case_id, worker.id, team.id, "Allocated Worker", start.date())
        helper = self.pick(colleagues) if colleagues and rng.random() < 0.25 else worker
        if helper.id != worker.id:
            start = self.between(allocated, self.today)
            ended = rng.random() < 0.35 and start < self.today - timedelta(days=3)
            end = self.between(start, self.today - timedelta(days=1)) if ended else None
            role = helper.involvement_role
            if role == "Secondary Worker" and rng.random() < 0.15:
                role = "Best Interests Assessor"
            self.involvement(case_id, helper.id, helper.team_id, role, start, end)

    def _beats(self, scenario: words.Scenario, count: int) -> list[words.Beat]:
        pool = scenario.history
        chosen = sorted(self.rng.sample(range(len(pool)), min(count, len(pool))))
        beats = [pool[i] for i in chosen]
        for chance in (0.75, 0.35):
            if self._random() < chance:
                beats.insert(self.randint(0, len(beats)), self.pick(words.COMMON_HISTORY))
        return beats

    def _history(
        self,
        facts: CaseFacts,
        team: TeamStaff,
        worker: Worker | None,
        scenario: words.Scenario,
        start: date,
        end: date,
        open_case: bool,
    ) -> None:
        rng = self.rng
        age_days = (end - start).days
        count = self.randint(1, 2) if age_days < 7 else self.randint(4, 8)
        beats = self._beats(scenario, count)
        days = sorted(self.between(start, max(start, end)) for _ in beats)
        ctx = facts.ctx
        owner = worker or team.any_member()
        if owner is None:
            return
        student = team.students[0] if team.students else None
        manager = team.manager
        for beat, day in zip(beats, days, strict=True):
            kind, subject, notes, direction, contact, location, outcome = beat
            author = owner.id
            by_student = (
                open_case
                and student is not None
                and rng.random() < 0.06
                and kind in ("case_note", "phone_call", "appointment")
            )
            countersigner = None
            if by_student:
                assert student is not None
                author = student.id
                recent = (self.today - day).days <= 14
                countersigner = None if recent or manager is None else manager.id
            when = self.at(day)
            holder = worker
            if facts.handover and day <= facts.handover and facts.earlier_worker:
                holder = facts.earlier_worker  # written by the hospital team before handover
                author = holder.id if author == owner.id else author
            self.activity(
                facts,
                kind,
                subject.format_map(ctx),
                when=when,
                team_id=holder.team_id if holder else team.id,
                user_id=holder.id if holder else None,
                author_id=author,
                done=True,
                notes=notes.format_map(ctx),
                due=day + timedelta(days=self.randint(0, 5)) if kind == "task" else None,
                direction=direction,
                contact=contact.format_map(ctx),
                location=location.format_map(ctx),
                outcome=outcome,
                student=by_student,
                countersigned_by=countersigner,
            )

    def _open_work(
        self, facts: CaseFacts, team: TeamStaff, worker: Worker | None, scenario: words.Scenario
    ) -> None:
        rng = self.rng
        ctx = facts.ctx
        count = self.pick((0, 1, 1, 1, 2, 2))
        owner = worker or team.any_member()
        if owner is None or count == 0:
            return
        beats = rng.sample(scenario.open_work, min(count, len(scenario.open_work)))
        if rng.random() < 0.3:
            beats[-1] = self.pick(words.COMMON_OPEN)
        for beat in beats:
            kind, subject, notes, direction, contact, location, _ = beat
            queue = worker is None or rng.random() < 0.15
            due = None
            if kind == "appointment":
                when = self.at(self.today + timedelta(days=self.randint(1, 21)), 9 * 60, 16 * 60)
            else:
                when = self.at(self.today - timedelta(days=self.randint(0, 6)))
                if kind == "task":
                    due = self.today + timedelta(days=self.randint(-6, 14))
            self.activity(
                facts,
                kind,
                subject.format_map(ctx),
                when=when,
                team_id=team.id,
                user_id=None if queue else owner.id,
                author_id=owner.id,
                done=False,
                notes=notes.format_map(ctx),
                due=due,
                direction=direction,
                contact=contact.format_map(ctx),
                location=location.format_map(ctx),
            )

    def _forms(
        self,
        facts: CaseFacts,
        team: TeamStaff,
        worker: Worker | None,
        scenario: words.Scenario,
        state: str,
        referral: date,
        *,
        open_case: bool,
    ) -> None:
        """Closed forms for work done; on open cases perhaps one In Progress, one Complete.

        At most one unfinished form of a type per case, as the guide requires.
        """
        rng = self.rng
        owner = worker or team.any_member()
        if owner is None:
            return
        manager_id = team.manager.id if team.manager else None
        types = scenario.forms
        closed = (1 if state == "done" else self.pick((0, 0, 1))) + (rng.random() < 0.3)
        for form_type in types[:closed]:
            self.form(
                facts.case_id,
                form_type,
                FormStatus.CLOSED,
                created=self.between(referral, self.today - timedelta(days=1)),
                user_id=owner.id,
                author_id=owner.id,
                manager_id=manager_id,
            )
        if not open_case or worker is None:
            return
        unfinished = ""
        if rng.random() < 0.35:
            unfinished = self.pick(types)
            self.form(
                facts.case_id,
                unfinished,
                FormStatus.IN_PROGRESS,
                created=self.days_ago(0, 10),
                user_id=worker.id,
                author_id=worker.id,
                manager_id=manager_id,
                answers=self.randint(0, 2),
            )
        waiting = [t for t in types if FORM_TYPES_BY_KEY[t].needs_manager and t != unfinished]
        if waiting and rng.random() < 0.1:
            self.form(
                facts.case_id,
                waiting[0],
                FormStatus.COMPLETE,
                created=self.days_ago(3, 20),
                user_id=worker.id,
                author_id=worker.id,
                manager_id=manager_id,
            )

    def _closure_request(
        self, facts: CaseFacts, worker_id: int, manager_id: int, kind: str, spec: PersonSpec | None
    ) -> None:
        requested = self.days_ago(1, 4) if kind == "pending" else self.days_ago(10, 25)
        returned = kind == "returned"
        reason = (spec.return_reason if spec else "") or (
            "Please complete the outstanding review task and end the secondary involvement "
            "before closing."
        )
        self.sink.add(
            "closure_request",
            {
                "case_id": facts.case_id,
                "team_id": facts.team_id,
                "status": ClosureStatus.RETURNED if returned else ClosureStatus.PENDING,
                "closure_reason": "Needs met",
                "summary": self.pick(words.CLOSURE_SUMMARIES),
                "requested_by_id": worker_id,
                "requested_at": self.at(requested),
                "decided_by_id": manager_id if returned else None,
                "decided_at": self.at(requested + timedelta(days=2)) if returned else None,
                "return_reason": reason if returned else "",
            },
        )

    def _closed_case(
        self,
        person_id: int,
        team: TeamStaff,
        worker: Worker | None,
        scenario: words.Scenario,
        ctx: dict[str, str],
        referral: date,
    ) -> int | None:
        """An earlier episode, assessed, worked and closed with an authorised closure."""
        if worker is None:
            return None
        closed_on = referral + timedelta(days=self.randint(45, 240))
        reason = self.pick(CLOSURE_REASONS[:5])
        case_id = self.sink.next_id("case_record")
        opened = self.at(referral)
        self.sink.add(
            "case_record",
            {
                "id": case_id,
                "person_id": person_id,
                "status": CaseStatus.CLOSED,
                "referral_date": referral,
                "referral_source": self.pick(scenario.sources),
                "referral_reason": self.pick(scenario.reasons).format_map(ctx),
                "priority": "Normal",
                "responsible_user_id": worker.id,
                "responsible_team_id": team.id,
                "assessment_completed_on": referral + timedelta(days=self.randint(5, 26)),
                "closure_reason": reason,
                "closed_on": closed_on,
                "created_at": opened,
                "created_by_id": worker.id,
                "updated_at": self.at(closed_on),
                "updated_by_id": team.manager.id if team.manager else worker.id,
            },
        )
        facts = CaseFacts(
            person_id, case_id, team.id, worker.id, referral, referral, "", "", "", "", ctx
        )
        manager_id = team.manager.id if team.manager else None
        self.assignment(case_id, team.id, worker.id, opened, None, manager_id, "Allocated")
        self.involvement(case_id, worker.id, team.id, "Allocated Worker", referral)
        self._history(facts, team, worker, scenario, referral, closed_on, False)
        self.form(
            case_id,
            scenario.forms[0],
            FormStatus.CLOSED,
            created=referral + timedelta(days=3),
            user_id=worker.id,
            author_id=worker.id,
            manager_id=manager_id,
        )
        if manager_id is not None:
            self.sink.add(
                "closure_request",
                {
                    "case_id": case_id,
                    "team_id": team.id,
                    "status": ClosureStatus.AUTHORISED,
                    "closure_reason": reason,
                    "summary": self.pick(words.CLOSURE_SUMMARIES),
                    "requested_by_id": worker.id,
                    "requested_at": self.at(closed_on - timedelta(days=2)),
                    "decided_by_id": manager_id,
                    "decided_at": self.at(closed_on),
                },
            )
        return case_id

    def _extras(
        self,
        facts: CaseFacts,
        team: TeamStaff,
        worker: Worker | None,
        scenario: words.Scenario,
        known_since: date,
        referral: date,
        age: int,
        by: int | None,
    ) -> None:
        """Alerts, key safes, services and the rarer records, in realistic proportions."""
        rng = self.rng
        person_id = facts.person_id
        if rng.random() < 0.15:
            for category in rng.sample(list(_ALERTS), self.pick((1, 1, 1, 2))):
                start = self.between(known_since, referral)
                ended = rng.random() < 0.2
                end = self.between(start, self.today - timedelta(days=1)) if ended else None
                self.alert(person_id, category, start, end, by)
        if rng.random() < 0.12:
            self.key_safe(person_id, self.pick(words.KEY_SAFE_PLACES), by, referral)
        if rng.random() < 0.15:
            self.contact(
                person_id, "GP", "Duty doctor", on=known_since, organisation=facts.ctx["gp"]
            )
        if rng.random() < 0.15:
            self.service(person_id, self.between(referral, self.today), by, facts.ctx)
        author = worker.id if worker else by
        if author is None:
            return
        if rng.random() < 0.02:
            self.safeguarding(facts.case_id, referral, author)
        if age >= 70 and scenario.key == "dementia" and rng.random() < 0.1:
            start = self.between(referral, self.today)
            self.dols(facts.case_id, start, author, current=True)
        if scenario.key == "mental_health" and rng.random() < 0.3:
            self.section117(person_id, referral, author)
        if rng.random() < 0.01:
            self.attachment(person_id, f"Letter to {facts.ctx['name']}", referral, author)

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


# --- bulk mode -----------------------------------------------------------------------------

_LOCALITIES = (
    "Wakefield Central", "Wakefield East", "Wakefield West", "Pontefract", "Castleford",
    "Normanton", "Ossett and Horbury", "Hemsworth", "Knottingley", "Featherstone",
    "South Elmsall", "Dewsbury", "Batley", "Mirfield", "Spen Valley", "Huddersfield North",
    "Huddersfield South", "Holme Valley", "Halifax", "Calder Valley", "Brighouse", "Keighley",
    "Bradford North", "Bradford South", "Shipley", "Leeds East", "Leeds West", "Morley",
    "Wetherby", "Otley",
)  # fmt: skip
# kind: (team name ending, practitioners' designation)
_TEAM_KINDS = {
    "assessment": ("Community Assessment", "Social Worker"),
    "review": ("Review Team", "Reviewing Officer"),
    "hospital": ("Hospital Discharge Team", "Social Worker"),
    "reablement": ("Reablement Team", "Reablement Officer"),
    "ot": ("Occupational Therapy", "Occupational Therapist"),
    "sensory": ("Sensory Impairment Team", "Rehabilitation Officer"),
    "ld": ("Learning Disability Team", "Social Worker"),
    "mh": ("Mental Health Social Work", "Approved Mental Health Professional"),
}
# The order teams are made in: mostly community assessment, as in a real council.
_TEAM_PATTERN = (
    "assessment", "review", "assessment", "hospital", "ot", "assessment", "reablement",
    "sensory", "assessment", "ld", "mh", "review",
)  # fmt: skip
# Work a specialist team mostly takes on (the rest is the general mix).
TEAM_SCENARIOS = {
    "review": "review",
    "hospital": "discharge",
    "reablement": "discharge",
    "ot": "ot",
    "sensory": "sensory",
    "ld": "learning_disability",
    "mh": "mental_health",
}


def _login_for(first: str, last: str, taken: set[str]) -> str:
    base = "".join(ch for ch in f"{first[0]}{last}".lower() if ch.isalpha())
    login = base
    n = 1
    while login in taken:
        n += 1
        login = f"{base}{n}"
    taken.add(login)
    return login


def make_bulk_staff(
    sink: Sink, rng: Random, persons: int, today: date, taken: set[str]
) -> list[TeamStaff]:
    """Teams (one per ~2 500 people, at least 4), each with a manager and a CSO, some
    with a student, and one practitioner per ~30 people so caseloads come out ~20-35."""
    n_teams = max(4, round(persons / 2500))
    n_practitioners = max(n_teams, round(persons / 30))
    created = datetime.combine(today - timedelta(days=900), time(9, 0))
    teams: list[TeamStaff] = []
    made: Counter[str] = Counter()
    weights = [h.weight_younger for h in words.HERITAGES]

    def person_name() -> tuple[str, str]:
        heritage = rng.choices(words.HERITAGES, weights)[0]
        gender = "Female" if rng.random() < 0.75 else "Male"
        first = rng.choice(heritage.female if gender == "Female" else heritage.male)
        return first, _polish_feminine(rng.choice(heritage.surnames), gender)

    def user(team: TeamStaff, role: Role, designation: str) -> Worker:
        first, last = person_name()
        login = _login_for(first, last, taken)
        user_id = sink.add(
            "app_user",
            {
                "login": login,
                "name": f"{first} {last}",
                "role": role.value,
                "team_id": team.id,
                "designation": designation,
                "email": f"{login}@council.example",
                "phone": f"01632 961{rng.randrange(1000):03d}",
                "created_at": created,
            },
        )
        return Worker(user_id, login, f"{first} {last}", role.value, team.id, designation)

    for index in range(n_teams):
        kind = _TEAM_PATTERN[index % len(_TEAM_PATTERN)]
        ending, _ = _TEAM_KINDS[kind]
        locality = _LOCALITIES[made[kind] % len(_LOCALITIES)]
        again = made[kind] // len(_LOCALITIES)
        made[kind] += 1
        name = f"{locality} {ending}" + (f" {again + 1}" if again else "")
        team_id = sink.add("team", {"name": name, "created_at": created})
        team = TeamStaff(team_id, name, kind)
        team.managers.append(user(team, Role.MANAGER, "Team Manager"))
        team.admins.append(user(team, Role.ADMIN, "Customer Service Officer"))
        if index % 3 == 0:
            team.students.append(user(team, Role.STUDENT, "Student Social Worker"))
        teams.append(team)
    for index in range(n_practitioners):
        team = teams[index % n_teams]
        senior = len(team.practitioners) % 6 == 0
        designation = _TEAM_KINDS[team.kind][1]
        designation = f"Senior {designation}" if senior else designation
        team.practitioners.append(user(team, Role.PRACTITIONER, designation))
    return teams


CHUNK_PEOPLE = 2000
_NHS_STEPS_PER_CHUNK = 2400  # ~1 in 11 candidate numbers is skipped (check digit 10)
_NHS_FIRST_BULK_STEP = 10_000  # the demo people use the steps before this


_GOLDEN = 0.6180339887498949


@dataclass(frozen=True)
class BulkPlan:
    """Everything a helper process needs to generate any chunk of bulk people.

    ``capacity`` is each practitioner's share of new work (part-timers and seniors
    differ), as running totals over the practitioners of ``teams`` in order.
    """

    today: date
    teams: tuple[TeamStaff, ...]
    seed: int
    capacity: tuple[float, ...]


def generate_chunk(
    plan: BulkPlan, index: int, start: int, count: int
) -> tuple[Rows, dict[str, int]]:
    """People ``start`` to ``start + count``, numbered from 1 in every table.

    The same arguments always give the same rows, whichever process runs them.
    Cases are shared out along a golden-ratio sequence weighted by capacity, so
    caseloads come out even (about 20 to 35) rather than as lumpy as chance.
    """
    buffer = RowBuffer()
    rng = Random(plan.seed * 1_000_003 + index)
    nhs = NhsNumbers(_NHS_FIRST_BULK_STEP + index * _NHS_STEPS_PER_CHUNK)
    maker = PeopleMaker(buffer, rng, plan.today, nhs)
    teams = plan.teams
    practitioners = [(team, w) for team in teams for w in team.practitioners]
    total = plan.capacity[-1]
    for number in range(start, start + count):
        if rng.random() < 0.05:
            team = maker.pick(teams)
            maker.populate(team, None, colleagues=team.practitioners)
            continue
        share = ((number + 1) * _GOLDEN) % 1.0 * total
        team, worker = practitioners[min(bisect(plan.capacity, share), len(practitioners) - 1)]
        maker.populate(team, worker, colleagues=team.practitioners)
    return buffer.take()


def worker_count() -> int:
    """Processes to generate with: the CPUs this process may use, at most four."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(4, cpus))


def build_bulk(
    sink: Sink,
    persons: int,
    today: date,
    taken_logins: set[str],
    progress: Callable[[str, int, int], None] | None = None,
    *,
    seed: int = 20_240_517,
    workers: int | None = None,
    scratch: Path | None = None,
) -> None:
    """``persons`` more people across generated teams and staff, never the demo users.

    With a ``scratch`` folder, chunks are generated by helper processes while this one
    merges their files. If the helpers cannot be used, the remaining chunks are
    generated here: slower, but the same rows (and a genuine error in the generator
    then surfaces with its traceback).
    """
    rng = Random(seed)
    teams = make_bulk_staff(sink, rng, persons, today, taken_logins)
    sink.flush()
    shares = [rng.uniform(0.75, 1.12) for team in teams for _ in team.practitioners]
    plan = BulkPlan(today, tuple(teams), seed, tuple(accumulate(shares)))
    chunks = deque(
        (index, start, min(CHUNK_PEOPLE, persons - start))
        for index, start in enumerate(range(0, persons, CHUNK_PEOPLE))
    )
    workers = worker_count() if workers is None else workers
    done = 0

    def wrote() -> None:
        nonlocal done
        _, _, count = chunks.popleft()
        done += count
        if progress:
            progress("Generating people", done, persons)

    if scratch is not None and workers > 1 and len(chunks) > 1:
        with contextlib.suppress(WorkerFailed, OSError):
            _generate_in_workers(sink, plan, list(chunks), workers, scratch, wrote)
    while chunks:
        sink.write_chunk(*generate_chunk(plan, *chunks[0]))
        wrote()


class WorkerFailed(Exception):
    """A helper process stopped early; the build carries on without helpers."""


def _generate_in_workers(
    sink: Sink,
    plan: BulkPlan,
    chunks: list[tuple[int, int, int]],
    workers: int,
    scratch: Path,
    wrote: Callable[[], None],
) -> None:
    """Generate chunks in helper processes (``worker``), merging them in order.

    Chunk k is made by helper k mod ``workers`` into its own file in ``scratch``;
    this process merges the files into the store in chunk order.
    """
    import caretui

    package_root = str(Path(caretui.__file__).resolve().parent.parent)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
    command = [sys.executable, "-m", "caretui.sandbox.worker"]  # by name, never imported
    tables = dict(
        sink.connection.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table'"
        ).all()
    )
    helpers: list[subprocess.Popen[bytes]] = []
    try:
        for _ in range(workers):
            helpers.append(
                subprocess.Popen(
                    command,
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                    env=env,
                )
            )
        for number, helper in enumerate(helpers):
            assert helper.stdin is not None
            pickle.dump((plan, chunks[number::workers], tables, str(scratch)), helper.stdin)
            helper.stdin.close()
        for position in range(len(chunks)):
            stream = helpers[position % workers].stdout
            assert stream is not None
            report = read_frame(stream)
            if report is None:
                raise WorkerFailed("a sandbox helper process stopped early")
            path, issued, counts = report
            sink.merge_chunk_file(Path(path), issued, counts)
            wrote()
    finally:
        for helper in helpers:
            if helper.poll() is None:
                helper.kill()
            helper.wait()
            if helper.stdout is not None:
                helper.stdout.close()
