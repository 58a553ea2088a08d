"""Generated sandbox people: the same generator fills the demo caseloads and bulk mode.

Speed matters here (100 000 people must build in well under a minute on two cores),
so rows are plain dicts handed to a ``RowBuffer`` (see ``rows``) and big builds
generate people in chunks spread over worker processes (see ``bulk``). Everything
varied comes from seeded ``random.Random`` instances (one per chunk, so the result does
not depend on how many processes ran) and every date is an offset from the ``today``
given, so due and overdue work stays meaningful whenever the sandbox is built.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from random import Random

from caretui.rules.names import name_key
from caretui.rules.validation import nhs_check_digit
from caretui.rules.vocab import EMPLOYMENT_STATUSES, REFERRAL_SOURCES, CaseStatus, ClosureStatus
from caretui.sandbox import words
from caretui.sandbox.case_history import CaseHistory
from caretui.sandbox.records import ALERTS_BY_CATEGORY, CaseFacts
from caretui.sandbox.rows import RowBuffer
from caretui.sandbox.staff import TEAM_SCENARIOS, TeamStaff, Worker, polish_feminine

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
    # More person columns, written as given (language, interpreter, accommodation, ...:
    # the front door's fields, filled for story people by ``front_door_cast``).
    details: Mapping[str, object] = field(default_factory=dict)


CARE_ACT_STATES = ("done", "later", "soon", "overdue")
CARE_ACT_WEIGHTS = (0.55, 0.22, 0.1, 0.13)

_SCENARIOS = {s.key: s for s in words.SCENARIOS}
_HERITAGES = {h.key: h for h in words.HERITAGES}
_WORKING_AGE_EMPLOYMENT = tuple(e for e in EMPLOYMENT_STATUSES if e != "Retired")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")

# The CLD primary support reason the primary service user group already implies (a dict
# lookup, so generated people get it for free); sensory support does not say which sense.
SUPPORT_REASONS = {
    "Physical support": "Physical support: personal care support",
    "Support with memory and cognition": "Support with memory and cognition",
    "Learning disability support": "Learning disability support",
    "Mental health support": "Mental health support",
    "Social support": "Social support: social isolation or other",
}
_OT_SUPPORT_REASON = "Physical support: access and mobility only"


class PeopleMaker(CaseHistory):
    """Writes believable people with their case histories into a ``RowBuffer``."""

    def __init__(self, sink: RowBuffer, rng: Random, today: date, nhs: NhsNumbers) -> None:
        super().__init__(sink, rng, today)
        self.nhs = nhs
        self._older = [h.weight_older for h in words.HERITAGES]
        self._younger = [h.weight_younger for h in words.HERITAGES]
        self._sc_older = [s.weight_older for s in words.SCENARIOS]
        self._sc_younger = [s.weight_younger for s in words.SCENARIOS]

    # -- the person's own details --

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
        return first, polish_feminine(self.pick(heritage.surnames), gender)

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
        person = {
            "title": title,
            "first_name": first,
            "last_name": last,
            "preferred_name": spec.preferred_name if spec else "",
            "first_name_key": name_key(first),
            "last_name_key": name_key(last),
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
            "primary_support_reason": _OT_SUPPORT_REASON
            if scenario.key == "ot" and group == "Physical support"
            else SUPPORT_REASONS.get(group, ""),
            "created_at": self.at(first_contact),
            "updated_at": self.at(referral),
            "updated_by_id": admin_id,
        }
        if spec is not None and spec.details:
            person.update(spec.details)
        person_id = self.sink.add("person", person)

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

    # -- pieces of populate (the case itself is in ``case_history``) --

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
            for category in rng.sample(list(ALERTS_BY_CATEGORY), self.pick((1, 1, 1, 2))):
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
