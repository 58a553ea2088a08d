"""The home dashboard's lists (D1, D2) and the case record's reads, on both stores."""

from __future__ import annotations

from datetime import timedelta
from itertools import pairwise

import pytest

from caretui.rules import clock
from caretui.rules.vocab import ActivityType
from caretui.store.errors import NotFound
from caretui.store.models import Person, PersonRestriction
from caretui.store.ops.activities import create_activity
from caretui.store.ops.involvements import add_involvement
from caretui.store.queries import case_record, case_timeline, lockdown, search, worklists
from tests.factories import World, make_world


@pytest.fixture
def world(store) -> World:  # type: ignore[no-untyped-def]
    return make_world(store)


def test_primary_cases_lists_cases_where_i_am_responsible_user(world: World) -> None:
    rows = worklists.primary_cases(world.store, world.practitioner)
    assert [(r.case_id, r.person) for r in rows] == [(world.case, "Jonathan Patel")]
    assert worklists.primary_cases(world.store, world.colleague) == []


def test_secondary_cases_come_from_open_involvements(world: World) -> None:
    add_involvement(
        world.store,
        world.practitioner,
        case_id=world.case,
        user_id=world.colleague.id,
        team_id=world.north,
        role="Occupational Therapist",
        start_date=clock.today(),
    )
    (row,) = worklists.secondary_cases(world.store, world.colleague)
    assert row.case_id == world.case
    assert row.involvement_role == "Occupational Therapist"
    assert row.responsible == "Priya Sharma"
    # The responsible user's own involvement never makes a case secondary for them.
    assert worklists.secondary_cases(world.store, world.practitioner) == []


def test_care_act_clock_runs_28_days_from_initial_contact(world: World) -> None:
    (mine,) = worklists.primary_cases(world.store, world.practitioner)
    assert mine.assessment.days_left == 18
    assert mine.assessment.label == "Due in 18d"
    (theirs,) = worklists.primary_cases(world.store, world.other_team)
    assert theirs.assessment.overdue
    assert theirs.assessment.label == "Overdue 12d"


def test_case_detail_carries_banner_and_counts(world: World) -> None:
    create_activity(
        world.store,
        world.practitioner,
        case_id=world.case,
        type=ActivityType.TASK,
        subject="Order grab rails",
        responsible_team_id=world.north,
        due_date=clock.today() + timedelta(days=2),
    )
    detail = case_record.case_detail(world.store, world.practitioner, world.case)
    assert detail.banner.name == "Jonathan Patel"
    assert detail.banner.age == 78
    assert detail.responsible_user == "Priya Sharma"
    assert detail.referral_source == "GP"
    assert detail.open_activities == 1


def test_timeline_is_newest_first(world: World) -> None:
    for n, days_ago in enumerate((5, 1, 3)):
        create_activity(
            world.store,
            world.practitioner,
            case_id=world.case,
            type=ActivityType.CASE_NOTE,
            subject=f"note {n}",
            responsible_team_id=world.north,
            occurred_at=clock.now() - timedelta(days=days_ago),
            completed=True,
        )
    rows = case_timeline.timeline(world.store, world.practitioner, world.case)
    notes = [r.subject for r in rows if r.kind == "activity"]
    assert notes == ["note 1", "note 2", "note 0"]
    assert all(a.at >= b.at for a, b in pairwise(rows))


def _restrict(world: World, named: int) -> None:
    with world.store.write() as s:
        person = s.get(Person, world.person)
        assert person is not None
        person.restricted = True
        s.add(person)
        s.add(PersonRestriction(person_id=world.person, user_id=named, added_at=clock.now()))


def test_restricted_person_is_masked_for_everyone_not_named(world: World) -> None:
    add_involvement(
        world.store,
        world.practitioner,
        case_id=world.case,
        user_id=world.colleague.id,
        team_id=world.north,
        role="Secondary Worker",
        start_date=clock.today(),
    )
    _restrict(world, named=world.practitioner.id)
    (row,) = worklists.secondary_cases(world.store, world.colleague)
    assert row.person == lockdown.RESTRICTED and row.date_of_birth is None
    assert "Patel" not in repr(search.find_people_and_cases(world.store, world.colleague, "P"))
    with pytest.raises(NotFound, match="restricted"):
        case_record.case_detail(world.store, world.colleague, world.case)
    with pytest.raises(NotFound, match="restricted"):
        case_timeline.timeline(world.store, world.colleague, world.case)
    assert case_record.case_detail(world.store, world.practitioner, world.case).banner.name == (
        "Jonathan Patel"
    )


def test_palette_finds_people_by_name_in_any_order_and_by_id(world: World) -> None:
    hits = search.find_people_and_cases(world.store, world.practitioner, "pat jon")
    assert [(h.label, h.case_id) for h in hits] == [("Jonathan Patel", world.case)]
    by_id = search.find_people_and_cases(world.store, world.practitioner, f"P{world.person}")
    assert by_id[0].person_id == world.person
    assert search.find_people_and_cases(world.store, world.practitioner, "zzz") == []
