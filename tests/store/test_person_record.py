"""The person record (P2-P8) and its lock-down (S3), through queries and ops, on both stores."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlmodel import col, select

from caretui.rules import clock
from caretui.rules.errors import FormInvalid
from caretui.rules.permissions import PermissionDenied
from caretui.rules.vocab import ActivityStatus, ActivityType
from caretui.store.errors import DomainError, NotFound, StaleRecord
from caretui.store.models import AuditEntry
from caretui.store.ops.activities import create_activity
from caretui.store.ops.alerts import add_alert, end_alert, reveal_key_safe, save_key_safe
from caretui.store.ops.attachments import add_attachment, export_attachment
from caretui.store.ops.involvements import add_involvement
from caretui.store.ops.people import create_person, restrict_person, update_person
from caretui.store.ops.relationships import add_relationship, update_relationship
from caretui.store.ops.section117 import (
    create_section117,
    set_section117_organisation,
    update_section117,
)
from caretui.store.ops.services import add_service_provision
from caretui.store.queries import (
    activities,
    alerts,
    attachments,
    case_record,
    case_timeline,
    people,
    relationships,
    search,
    section117,
    services,
    worklists,
)
from tests.factories import World, make_world


@pytest.fixture
def world(store) -> World:  # type: ignore[no-untyped-def]
    return make_world(store)


def audit_rows(world: World, action: str) -> list[AuditEntry]:
    with world.store.read() as s:
        return list(
            s.exec(
                select(AuditEntry).where(AuditEntry.action == action).order_by(col(AuditEntry.id))
            ).all()
        )


# --- P2 alerts and hazards -------------------------------------------------------------------


def test_alerts_are_listed_current_first_and_drive_the_banner_bell(world: World) -> None:
    s, p = world.store, world.practitioner
    add_alert(s, p, person_id=world.person, kind="alert", category="Lives alone")
    dog = add_alert(
        s,
        world.student,
        person_id=world.person,
        kind="hazard",
        category="Dog in the property",
        description="Large dog; ask for it to be shut away before entering.",
    )
    old = add_alert(
        s,
        p,
        person_id=world.person,
        kind="alert",
        category="Hospital admission",
        start_date=clock.today() - timedelta(days=60),
    )
    (row,) = [a for a in alerts.person_alerts(s, p, world.person) if a.id == old]
    end_alert(s, p, old, end_date=clock.today() - timedelta(days=1), expected_version=row.version)
    rows = alerts.person_alerts(s, p, world.person)
    assert [(r.kind_label, r.category, r.current) for r in rows] == [
        ("Hazard", "Dog in the property", True),
        ("Alert", "Lives alone", True),
        ("Alert", "Hospital admission", False),
    ]
    assert rows[0].recorded_by == "Sam Evans"
    assert [h.id for h in alerts.current_hazards(s, p, world.person)] == [dog]
    assert case_record.person_banner(s, p, world.person).current_alerts == 2
    with pytest.raises(PermissionDenied, match="view only"):
        add_alert(s, world.viewer, person_id=world.person, kind="alert", category="X")
    with pytest.raises(DomainError, match="already ended"):
        end_alert(s, p, old, end_date=clock.today(), expected_version=row.version + 1)


# --- P3 key safe -----------------------------------------------------------------------------


def test_revealing_the_key_safe_is_audited_with_who_and_when_and_viewers_cannot(
    world: World,
) -> None:
    s = world.store
    save_key_safe(
        s,
        world.cso,
        world.person,
        access_information="Key safe left of the front door, behind the drainpipe.",
        code="4821",
        expected_version=None,
    )
    info = alerts.key_safe_info(s, world.practitioner, world.person)
    assert info.exists and info.has_code and "drainpipe" in info.access_information
    assert "4821" not in repr(info)
    assert reveal_key_safe(s, world.practitioner, world.person) == "4821"
    (entry,) = audit_rows(world, "key_safe.reveal")
    assert (entry.user_login, entry.person_id) == ("sharma", world.person)
    assert entry.at.date() == clock.today()
    assert all("4821" not in str(e.detail) for e in audit_rows(world, "key_safe.create"))
    with pytest.raises(PermissionDenied, match="view only"):
        reveal_key_safe(s, world.viewer, world.person)
    assert len(audit_rows(world, "key_safe.reveal")) == 1


def test_key_safe_edits_check_the_version_and_keep_the_code_unless_changed(world: World) -> None:
    s, p = world.store, world.practitioner
    save_key_safe(
        s, p, world.person, access_information="Round the back", code="1111", expected_version=None
    )
    version = alerts.key_safe_info(s, p, world.person).version
    save_key_safe(s, p, world.person, access_information="By the garage", expected_version=version)
    assert reveal_key_safe(s, p, world.person) == "1111"
    with pytest.raises(StaleRecord, match="changed by Priya Sharma"):
        save_key_safe(s, p, world.person, access_information="x", expected_version=version)
    with pytest.raises(PermissionDenied):
        save_key_safe(s, world.student, world.person, access_information="x", expected_version=None)


def test_no_key_safe_says_so(world: World) -> None:
    assert not alerts.key_safe_info(world.store, world.practitioner, world.person).exists
    with pytest.raises(NotFound, match="No key safe code"):
        reveal_key_safe(world.store, world.practitioner, world.person)


# --- P4 relationships ------------------------------------------------------------------------


def test_relationships_list_people_on_record_and_external_contacts_with_details(
    world: World,
) -> None:
    s, p = world.store, world.practitioner
    daughter = create_person(
        s, p, first_name="Anita", last_name="Patel", phone="07700 900123", town="Leeds"
    )
    add_relationship(
        s, p, person_id=world.person, relationship_type="Daughter", related_person_id=daughter
    )
    add_relationship(
        s,
        p,
        person_id=world.person,
        relationship_type="GP",
        contact_name="Dr R. Shah",
        organisation="Trinity Medical Centre",
        phone="01924 302000",
    )
    rows = relationships.relationships(s, p, world.person)
    assert [(r.relationship_type, r.name, r.phone, r.kind) for r in rows] == [
        ("Daughter", "Anita Patel", "07700 900123", "Person on record"),
        ("GP", "Dr R. Shah", "01924 302000", "External contact"),
    ]
    assert rows[0].address == "Leeds" and rows[1].organisation == "Trinity Medical Centre"
    with pytest.raises(FormInvalid):
        add_relationship(
            s, p, person_id=world.person, relationship_type="GP", contact_name="X", phone="12"
        )


def test_a_contacts_details_are_corrected_and_the_relationship_ended(world: World) -> None:
    s, p = world.store, world.practitioner
    gp = add_relationship(
        s,
        p,
        person_id=world.person,
        relationship_type="GP",
        contact_name="Dr R. Shah",
        phone="01924 302000",
        start_date=date(2024, 5, 1),
    )
    update_relationship(s, p, gp, expected_version=1, phone="01924 302111")
    (row,) = relationships.relationships(s, p, world.person)
    assert (row.phone, row.version) == ("01924 302111", 2)
    (entry,) = audit_rows(world, "relationship.update")
    assert entry.detail == {"phone": {"from": "01924 302000", "to": "01924 302111"}}
    assert entry.person_id == world.person

    # A colleague who opened it before that save is told, not allowed to overwrite.
    with pytest.raises(StaleRecord, match="changed by Priya Sharma"):
        update_relationship(s, world.colleague, gp, expected_version=1, phone="01924 302999")
    with pytest.raises(DomainError, match="cannot end before it starts"):
        update_relationship(s, p, gp, expected_version=2, end_date=date(2024, 1, 1))
    with pytest.raises(FormInvalid):
        update_relationship(s, p, gp, expected_version=2, phone="12")
    with pytest.raises(DomainError, match="contact's name"):
        update_relationship(s, p, gp, expected_version=2, contact_name=" ")
    with pytest.raises(PermissionDenied):
        update_relationship(s, world.viewer, gp, expected_version=2, end_date=clock.today())

    update_relationship(s, p, gp, expected_version=2, end_date=clock.today())
    (row,) = relationships.relationships(s, p, world.person)
    assert row.end_date == clock.today()
    update_relationship(s, p, gp, expected_version=3, end_date=clock.today())  # no change
    assert len(audit_rows(world, "relationship.update")) == 2


# --- P5 attachments --------------------------------------------------------------------------


def test_attachments_are_added_by_admin_and_exported_as_a_copy(
    world: World, tmp_path: Path
) -> None:
    s = world.store
    letter = tmp_path / "gp-letter.pdf"
    letter.write_bytes(b"%PDF-1.4 made-up letter")
    with pytest.raises(PermissionDenied, match="admin / cso"):
        add_attachment(s, world.practitioner, person_id=world.person, title="GP", path=letter)
    added = add_attachment(
        s, world.cso, person_id=world.person, title="Letter from GP", path=letter
    )
    (row,) = attachments.attachments(s, world.practitioner, world.person)
    assert (row.id, row.title, row.filename, row.media_type, row.added_by, row.size) == (
        added,
        "Letter from GP",
        "gp-letter.pdf",
        "application/pdf",
        "Lucy Fox",
        "23 bytes",
    )
    out = tmp_path / "exports"
    out.mkdir()
    first = export_attachment(s, world.viewer, added, out)
    second = export_attachment(s, world.practitioner, added, out)
    assert first.read_bytes() == letter.read_bytes()
    assert (first.name, second.name) == ("gp-letter.pdf", "gp-letter (2).pdf")
    assert len(audit_rows(world, "attachment.export")) == 2
    with pytest.raises(DomainError, match="no folder"):
        export_attachment(s, world.practitioner, added, tmp_path / "missing")
    with pytest.raises(DomainError, match="no file"):
        add_attachment(s, world.cso, person_id=world.person, title="x", path=tmp_path / "no")


# --- P6 Section 117, P7 services ---------------------------------------------------------------


def test_section_117_organisation_responsible_is_not_for_practitioners(world: World) -> None:
    s = world.store
    start = clock.today() - timedelta(days=30)
    with pytest.raises(PermissionDenied, match="organisation responsible"):
        create_section117(
            s,
            world.practitioner,
            person_id=world.person,
            detention_section="3",
            start_date=start,
            organisation_responsible="Wakefield CCG",
        )
    made = create_section117(
        s,
        world.practitioner,
        person_id=world.person,
        detention_section="3",
        start_date=start,
        aftercare_summary="Supported living placement",
    )
    (row,) = section117.section117_entitlements(s, world.viewer, world.person)
    assert (row.id, row.organisation_responsible, row.recorded_by) == (made, "", "Priya Sharma")
    set_section117_organisation(
        s, world.cso, made, "NHS West Yorkshire ICB", expected_version=row.version
    )
    (row,) = section117.section117_entitlements(s, world.viewer, world.person)
    assert row.organisation_responsible == "NHS West Yorkshire ICB"
    with pytest.raises(PermissionDenied):
        set_section117_organisation(s, world.practitioner, made, "x", expected_version=row.version)


def test_a_section_117_entitlement_is_reviewed_and_a_stale_review_refused(world: World) -> None:
    s, p = world.store, world.practitioner
    start = clock.today() - timedelta(days=400)
    made = create_section117(s, p, person_id=world.person, detention_section="3", start_date=start)
    update_section117(
        s,
        p,
        made,
        expected_version=1,
        status="Ended",
        end_date=clock.today(),
        aftercare_summary="Aftercare no longer needed: reviewed with the care coordinator.",
    )
    (row,) = section117.section117_entitlements(s, world.viewer, world.person)
    assert (row.status, row.end_date, row.version) == ("Ended", clock.today(), 2)
    (entry,) = audit_rows(world, "section117.update")
    assert entry.detail["status"] == {"from": "Entitled", "to": "Ended"}
    with pytest.raises(StaleRecord, match="changed by Priya Sharma"):
        update_section117(s, world.colleague, made, expected_version=1, status="Entitled")
    with pytest.raises(DomainError, match="cannot end before it starts"):
        update_section117(s, p, made, expected_version=2, end_date=start - timedelta(days=1))
    with pytest.raises(PermissionDenied):
        update_section117(s, world.student, made, expected_version=2, status="Entitled")
    with pytest.raises(ValueError, match="organisation_responsible"):
        update_section117(s, world.cso, made, expected_version=2, organisation_responsible="x")


def test_service_provisions_are_added_by_admin_and_listed_current_first(world: World) -> None:
    s = world.store
    with pytest.raises(PermissionDenied):
        add_service_provision(
            s,
            world.practitioner,
            person_id=world.person,
            service_type="Home care",
            start_date=clock.today(),
        )
    add_service_provision(
        s,
        world.cso,
        person_id=world.person,
        service_type="Day centre",
        start_date=date(2025, 1, 6),
        end_date=date(2025, 6, 30),
        status="Ended",
    )
    add_service_provision(
        s,
        world.cso,
        person_id=world.person,
        service_type="Home care",
        provider="Carewell",
        start_date=date(2026, 9, 1),
        units_per_week=14,
        weekly_cost=350.0,
    )
    rows = services.service_provisions(s, world.practitioner, world.person)
    assert [(r.service_type, r.status) for r in rows] == [
        ("Home care", "Active"),
        ("Day centre", "Ended"),
    ]


# --- P8 all activities -----------------------------------------------------------------------


def test_all_activities_span_the_persons_cases_and_filter(world: World) -> None:
    s, p = world.store, world.practitioner
    for days, kind, done in (
        (1, ActivityType.PHONE_CALL, True),
        (5, ActivityType.CASE_NOTE, True),
        (20, ActivityType.APPOINTMENT, False),
    ):
        create_activity(
            s,
            p,
            case_id=world.case,
            type=kind,
            subject=f"{kind.label} {days}",
            responsible_team_id=world.north,
            occurred_at=clock.now() - timedelta(days=days),
            completed=done,
        )
    every = activities.person_activities(s, world.viewer, world.person)
    assert [r.subject for r in every] == ["Phone Call 1", "Case Note 5", "Appointment 20"]
    calls = activities.person_activities(
        s, p, world.person, types=frozenset({ActivityType.PHONE_CALL, ActivityType.APPOINTMENT})
    )
    assert [r.subject for r in calls] == ["Phone Call 1", "Appointment 20"]
    open_ = activities.person_activities(s, p, world.person, status=ActivityStatus.OPEN)
    assert [r.subject for r in open_] == ["Appointment 20"]
    recent = activities.person_activities(
        s, p, world.person, date_from=clock.today() - timedelta(days=5), date_to=clock.today()
    )
    assert [r.subject for r in recent] == ["Phone Call 1", "Case Note 5"]


# --- person details --------------------------------------------------------------------------


def test_editing_person_details_checks_nhs_number_and_version(world: World) -> None:
    s, p = world.store, world.practitioner
    detail = people.person_record(s, p, world.person)
    with pytest.raises(FormInvalid) as problem:
        update_person(
            s,
            p,
            world.person,
            expected_version=detail.version,
            nhs_number="943 476 5918",
            postcode="WF1",
        )
    assert set(problem.value.problems) == {"nhs_number", "postcode"}
    update_person(
        s,
        p,
        world.person,
        expected_version=detail.version,
        nhs_number="943 476 5919",
        phone="01924302000",
        address_line1="12 Westgate",
    )
    after = people.person_record(s, p, world.person)
    assert (after.nhs_number, after.phone, after.version) == (
        "9434765919",
        "01924 302000",
        detail.version + 1,
    )
    assert after.banner.address.startswith("12 Westgate") and after.updated_by == "Priya Sharma"
    with pytest.raises(StaleRecord, match="Priya Sharma"):
        update_person(s, world.colleague, world.person, expected_version=detail.version, phone="")
    with pytest.raises(PermissionDenied):
        update_person(s, world.student, world.person, expected_version=after.version, phone="")
    (entry,) = audit_rows(world, "person.update")
    assert entry.detail["nhs_number"] == {"from": "", "to": "9434765919"}


# --- S3 lock-down: nothing leaks, opening is refused saying whom to ask -------------------------


def test_a_restricted_person_leaks_nothing_through_any_query(world: World) -> None:
    s, p, other = world.store, world.practitioner, world.colleague
    add_involvement(
        s,
        p,
        case_id=world.case,
        user_id=other.id,
        team_id=world.north,
        role="Secondary Worker",
        start_date=clock.today(),
    )
    create_activity(
        s,
        p,
        case_id=world.case,
        type=ActivityType.TASK,
        subject="Order grab rails",
        responsible_team_id=world.north,
        responsible_user_id=other.id,
    )
    create_activity(
        s,
        p,
        case_id=world.case,
        type=ActivityType.PHONE_CALL,
        subject="Call the daughter back",
        responsible_team_id=world.north,
    )
    brother = create_person(s, p, first_name="Ravi", last_name="Kumar")
    add_relationship(
        s, p, person_id=brother, relationship_type="Brother", related_person_id=world.person
    )
    restrict_person(s, world.sysadmin, world.person, [p.id])
    secret = ("Patel", "Jonathan", "1948", "WF1")

    def leaks(value: object) -> list[str]:
        return [w for w in secret if w in repr(value)]

    visible = [
        search.search_people(s, other, "pat jon").hits,
        search.search_people(s, other, "12/03/1948").hits,
        search.search_people(s, other, f"P{world.person}").hits,
        search.search_people(s, other, f"C{world.case}").hits,
        search.find_people_and_cases(s, other, "Patel"),
        search.find_people_and_cases(s, other, f"P{world.person}"),
        worklists.secondary_cases(s, other),
        worklists.my_activities(s, other),
        worklists.team_activities(s, other),
        worklists.forms_awaiting_closure(s, world.manager),
        worklists.closures_awaiting(s, world.manager),
        relationships.relationships(s, other, brother),
        case_record.person_banner(s, other, brother),
    ]
    assert worklists.team_activities(s, other) and worklists.my_activities(s, other)
    for value in visible:
        assert leaks(value) == [], value
    refused = [
        lambda: people.person_record(s, other, world.person),
        lambda: case_record.person_banner(s, other, world.person),
        lambda: case_record.case_detail(s, other, world.case),
        lambda: case_timeline.timeline(s, other, world.case),
        lambda: activities.person_activities(s, other, world.person),
        lambda: alerts.person_alerts(s, other, world.person),
        lambda: alerts.key_safe_info(s, other, world.person),
        lambda: relationships.relationships(s, other, world.person),
        lambda: attachments.attachments(s, other, world.person),
        lambda: section117.section117_entitlements(s, other, world.person),
        lambda: services.service_provisions(s, other, world.person),
        lambda: reveal_key_safe(s, other, world.person),
        lambda: add_alert(s, other, person_id=world.person, kind="alert", category="x"),
    ]
    for call in refused:
        with pytest.raises(NotFound, match="restricted") as refusal:
            call()
        assert leaks(str(refusal.value)) == []
    with pytest.raises(NotFound) as refusal:
        people.person_record(s, other, world.person)
    assert "Chris Morgan" in str(refusal.value)
    assert people.person_record(s, p, world.person).last_name == "Patel"
    assert people.person_record(s, world.sysadmin, world.person).last_name == "Patel"


def test_only_a_system_admin_restricts_a_record(world: World) -> None:
    with pytest.raises(PermissionDenied):
        restrict_person(world.store, world.manager, world.person, [world.manager.id])
