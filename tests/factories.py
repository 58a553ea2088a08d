"""A small, readable world for store tests: two teams, one of each role, a few cases."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from caretui.rules import clock
from caretui.rules.permissions import Actor
from caretui.rules.roles import Role
from caretui.store.db import Store
from caretui.store.ops.accounts import create_team, create_user
from caretui.store.ops.cases import create_case
from caretui.store.ops.people import create_person
from caretui.store.ops.sessions import sign_in


@dataclass
class World:
    store: Store
    north: int
    south: int
    sysadmin: Actor
    practitioner: Actor  # Priya Sharma, North
    colleague: Actor  # Daniel Okafor, North
    other_team: Actor  # Megan Walsh, South
    manager: Actor  # Helen Clarke, North
    south_manager: Actor
    student: Actor
    viewer: Actor
    cso: Actor
    person: int
    case: int  # Priya's case
    south_case: int  # Megan's case


USERS = (
    ("sharma", "Priya Sharma", Role.PRACTITIONER, "North", "Social Worker"),
    ("okafor", "Daniel Okafor", Role.PRACTITIONER, "North", "Social Worker"),
    ("walsh", "Megan Walsh", Role.PRACTITIONER, "South", "Senior Social Worker"),
    ("clarke", "Helen Clarke", Role.MANAGER, "North", "Team Manager"),
    ("reid", "Graham Reid", Role.MANAGER, "South", "Team Manager"),
    ("evans", "Sam Evans", Role.STUDENT, "North", "Student Social Worker"),
    ("lee", "Jordan Lee", Role.VIEWER, "North", "Health Liaison Officer"),
    ("fox", "Lucy Fox", Role.ADMIN, "North", "Customer Service Officer"),
)


def make_world(store: Store) -> World:
    north = create_team(store, None, "North")
    create_user(
        store, None, login="morgan", name="Chris Morgan", role=Role.SYSTEM_ADMIN, team="North"
    )
    sysadmin = sign_in(store, "morgan")
    south = create_team(store, sysadmin, "South")
    actors: dict[str, Actor] = {}
    for login, name, role, team, designation in USERS:
        ends = clock.today() + timedelta(days=30) if role is Role.VIEWER else None
        create_user(
            store,
            sysadmin,
            login=login,
            name=name,
            role=role,
            team=team,
            designation=designation,
            access_ends=ends,
        )
        actors[login] = sign_in(store, login)
    practitioner, walsh = actors["sharma"], actors["walsh"]
    person = create_person(
        store,
        practitioner,
        first_name="Jonathan",
        last_name="Patel",
        date_of_birth=date(1948, 3, 12),
        postcode="WF1 2AB",
    )
    case = create_case(
        store,
        practitioner,
        person_id=person,
        referral_date=clock.today() - timedelta(days=10),
        responsible_team_id=north,
        responsible_user_id=practitioner.id,
        referral_source="GP",
        referral_reason="Falls at home; daughter worried about coping.",
    )
    other = create_person(store, walsh, first_name="Edna", last_name="Clough")
    south_case = create_case(
        store,
        walsh,
        person_id=other,
        referral_date=clock.today() - timedelta(days=40),
        responsible_team_id=south,
        responsible_user_id=walsh.id,
    )
    return World(
        store=store,
        north=north,
        south=south,
        sysadmin=sysadmin,
        practitioner=practitioner,
        colleague=actors["okafor"],
        other_team=walsh,
        manager=actors["clarke"],
        south_manager=actors["reid"],
        student=actors["evans"],
        viewer=actors["lee"],
        cso=actors["fox"],
        person=person,
        case=case,
        south_case=south_case,
    )
