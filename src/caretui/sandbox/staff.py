"""Who works in the sandbox: staff and teams as the generator sees them, and bulk mode's teams.

A ``Worker`` is a user a case can be given to; a ``TeamStaff`` is a team with the
people who hold cases, close forms and take the duty queue. The demo writes its
named teams and users by hand; ``make_bulk_staff`` makes the many generated ones,
named after West Yorkshire localities, for load testing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from random import Random

from caretui.rules.roles import Role
from caretui.sandbox import words
from caretui.sandbox.rows import Sink


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


def polish_feminine(surname: str, gender: str) -> str:
    """The form a woman's Polish surname takes: Kowalski becomes Kowalska."""
    if gender == "Female" and surname.endswith(("ski", "cki")):
        return surname[:-1] + "a"
    return surname


# --- bulk mode's teams -------------------------------------------------------------------

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
        return first, polish_feminine(rng.choice(heritage.surnames), gender)

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
