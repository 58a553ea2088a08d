"""Every case reachable (issue 14): a person's cases, open and closed, and a returned
closure request on the practitioner's Primary Cases, read from the store."""

from __future__ import annotations

import pytest
from sqlmodel import col, select

from caretui.rules import clock
from caretui.rules.vocab import CaseStatus
from caretui.store.errors import RecordRestricted
from caretui.store.models import AuditEntry
from caretui.store.ops.cases import create_case
from caretui.store.ops.closure import authorise_closure, request_closure, return_closure
from caretui.store.ops.people import restrict_person
from caretui.store.ops.viewing import record_view
from caretui.store.queries import case_record, worklists
from tests.factories import World, make_world

SUMMARY = {
    "goals_met": "Fully met",
    "goals_notes": "Managing stairs safely with the new rail.",
    "recommendations": "None.",
    "onward_referral": "",
}


@pytest.fixture
def world(store) -> World:  # type: ignore[no-untyped-def]
    return make_world(store)


def _close(w: World, case_id: int, reason: str = "Needs met") -> None:
    request = request_closure(w.store, w.practitioner, case_id, reason=reason, summary=SUMMARY)
    authorise_closure(w.store, w.manager, request)


def test_a_person_s_cases_list_the_closed_one_with_its_dates_and_reason(world: World) -> None:
    _close(world, world.case)
    rows = case_record.person_cases(world.store, world.viewer, world.person)
    assert [r.case_id for r in rows] == [world.case]
    (row,) = rows
    assert row.closed and row.status is CaseStatus.CLOSED
    assert row.closure_reason == "Needs met"
    assert row.closed_on is not None and row.referral_date is not None
    assert row.responsible_team == "North"


def test_the_current_case_comes_before_closed_ones(world: World) -> None:
    _close(world, world.case)
    again = create_case(
        world.store,
        world.practitioner,
        person_id=world.person,
        referral_date=clock.today(),
        responsible_team_id=world.north,
    )
    rows = case_record.person_cases(world.store, world.manager, world.person)
    assert [r.case_id for r in rows] == [again, world.case]
    assert not rows[0].closed and rows[1].closed


def test_a_restricted_person_s_cases_are_refused_to_the_unnamed(world: World) -> None:
    restrict_person(world.store, world.sysadmin, world.person, [world.manager.id])
    with pytest.raises(RecordRestricted):
        case_record.person_cases(world.store, world.practitioner, world.person)


def test_reading_a_closed_case_is_audited_as_a_view(world: World) -> None:
    _close(world, world.case)
    detail = case_record.case_detail(world.store, world.viewer, world.case)
    assert detail.status is CaseStatus.CLOSED and detail.closure_reason == "Needs met"
    record_view(world.store, world.viewer, case_id=world.case)
    with world.store.read() as s:
        views = s.exec(
            select(AuditEntry).where(AuditEntry.action == "case.view").order_by(col(AuditEntry.id))
        ).all()
    assert [(v.case_id, v.user_id) for v in views][-1] == (world.case, world.viewer.id)


def test_a_returned_closure_is_marked_on_primary_cases_with_the_reason(world: World) -> None:
    request = request_closure(
        world.store, world.practitioner, world.case, reason="Needs met", summary=SUMMARY
    )
    (row,) = worklists.primary_cases(world.store, world.practitioner)
    assert row.closure_returned == ""
    return_closure(world.store, world.manager, request, "Add the daughter's views first.")
    (row,) = worklists.primary_cases(world.store, world.practitioner)
    assert row.closure_returned == "Add the daughter's views first."
    assert row.closure_returned_by == "Helen Clarke"
    # Asked again: the newest request is pending, so the mark goes.
    request_closure(
        world.store, world.practitioner, world.case, reason="Needs met", summary=SUMMARY
    )
    (row,) = worklists.primary_cases(world.store, world.practitioner)
    assert row.closure_returned == ""
