"""The training sandbox (T1): what a trainer can rely on finding, every time it is built."""

from __future__ import annotations

import re
import sqlite3
import stat
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import JSON, Boolean, Date, DateTime
from sqlalchemy.dialects import sqlite
from sqlmodel import col, select

from caretui.rules.form_types import BY_KEY
from caretui.rules.names import name_key
from caretui.rules.referrals import ReferralSource
from caretui.rules.roles import Role
from caretui.rules.timescales import assessment_clock
from caretui.rules.validation import ValidationError, check_nhs_number, nhs_check_digit
from caretui.rules.vocab import REFERRAL_SOURCES, ActivityType, CaseStatus, FormStatus
from caretui.sandbox import bulk as bulk_mode
from caretui.sandbox.build import build_sandbox, is_sandbox, sandbox_facts
from caretui.sandbox.demo_cast import DEMO_TEAMS, DEMO_USERS
from caretui.sandbox.people import NhsNumbers
from caretui.sandbox.rows import _date_text, _datetime_text, _json_text
from caretui.store import audit
from caretui.store.db import Store, open_store
from caretui.store.errors import StoreError
from caretui.store.models import Activity, FormAnswer, Person, StoreInfo

PINNED_TODAY = "2026-03-02"
PRACTITIONERS = ("sharma", "okafor", "walsh", "hughes", "begum")
POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][0-9A-Z]? [0-9][ABD-HJLNP-UW-Z]{2}$")


def _isolate(mp: pytest.MonkeyPatch, folder: Path) -> None:
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        mp.setenv(name, str(folder / name.lower()))
    mp.setenv("CARETUI_TODAY", PINNED_TODAY)
    mp.delenv("CARETUI_DATABASE_URL", raising=False)


def _url(path: Path) -> str:
    return f"sqlite:///{path}"


def is_valid_nhs_number(text: str) -> bool:
    """Whether the app's own NHS number rule (modulus 11) accepts the number."""
    try:
        check_nhs_number(text)
    except ValidationError:
        return False
    return True


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The default sandbox, built once for the module."""
    folder = tmp_path_factory.mktemp("sandbox")
    with pytest.MonkeyPatch.context() as mp:
        _isolate(mp, folder)
        path = folder / "sandbox.db"
        build_sandbox(_url(path))
        yield path


@pytest.fixture(scope="module")
def bulk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The sandbox with 500 generated people on top of the demo set."""
    folder = tmp_path_factory.mktemp("bulk")
    with pytest.MonkeyPatch.context() as mp:
        _isolate(mp, folder)
        path = folder / "sandbox.db"
        build_sandbox(_url(path), persons=500)
        yield path


@pytest.fixture
def db(built: Path) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(built)
    yield connection
    connection.close()


@pytest.fixture
def store(built: Path) -> Iterator[Store]:
    opened = open_store(_url(built), sandbox=True)
    yield opened
    opened.dispose()


def _today(db: sqlite3.Connection) -> date:
    """The day the sandbox was built for (its dates are relative to it)."""
    (value,) = db.execute("SELECT value FROM store_info WHERE key = 'reference_date'").fetchone()
    return date.fromisoformat(value)


def _user_id(db: sqlite3.Connection, login: str) -> int:
    return db.execute("SELECT id FROM app_user WHERE login = ?", (login,)).fetchone()[0]


def _scalar(db: sqlite3.Connection, sql: str, *args: object) -> int:
    return db.execute(sql, args).fetchone()[0]


# --- the store itself -----------------------------------------------------------------------


def test_store_says_it_is_a_sandbox_and_records_the_build(store: Store) -> None:
    assert is_sandbox(store)
    facts = sandbox_facts(store)
    assert facts["kind"] == "sandbox"
    assert facts["built_at"]
    assert int(facts["persons"]) >= 60
    assert facts["reference_date"] == PINNED_TODAY


def test_only_one_audit_entry_is_written_and_the_chain_verifies(store: Store) -> None:
    with store.read() as session:
        report = audit.verify(session)
        entries = session.exec(select(audit.AuditEntry)).all()
    assert report.ok
    assert [(e.action, e.entity, e.user_login, e.origin) for e in entries] == [
        ("sandbox.built", "store", "sandbox", "sandbox")
    ]


def test_a_live_store_is_not_a_sandbox(tmp_path: Path) -> None:
    live = open_store(_url(tmp_path / "live.db"))
    try:
        assert not is_sandbox(live)
    finally:
        live.dispose()


def test_every_reference_resolves_and_the_file_is_sound(db: sqlite3.Connection) -> None:
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_the_file_is_private_to_its_owner(built: Path) -> None:
    assert stat.S_IMODE(built.stat().st_mode) & 0o077 == 0


# --- teams and users ------------------------------------------------------------------------


def test_teams_include_the_five_named_teams(db: sqlite3.Connection) -> None:
    names = {name for (name,) in db.execute("SELECT name FROM team")}
    assert len(names) >= 3
    assert set(DEMO_TEAMS) <= names
    assert {
        "North Community Assessment",
        "South Community Assessment",
        "Hospital Discharge Team",
        "Occupational Therapy",
        "Adult Social Care Front Door",
    } <= names


def test_demo_users_are_exactly_the_named_accounts_and_cover_every_role(
    db: sqlite3.Connection,
) -> None:
    rows = db.execute(
        "SELECT u.login, u.name, u.role, t.name, u.designation, u.access_ends "
        "FROM app_user u JOIN team t ON t.id = u.team_id"
    ).fetchall()
    assert len(rows) >= 12
    assert {r[2] for r in rows} == {role.value for role in Role}
    stored = {r[0]: r for r in rows}
    for user in DEMO_USERS:
        _, name, role, team, designation, ends = stored[user.login]
        assert (name, role, team, designation) == (
            user.name,
            user.role.value,
            user.team,
            user.designation,
        )
        expected = None
        if user.access_days is not None:
            expected = (_today(db) + timedelta(days=user.access_days)).isoformat()
        assert ends == expected
    assert {u.login for u in DEMO_USERS} == {
        "sharma", "okafor", "walsh", "hughes", "begum", "clarke", "reid", "mensah",
        "fox", "nowak", "evans", "lee", "grant", "morgan", "iqbal", "booth",
    }  # fmt: skip


def test_viewer_lee_access_ends_within_30_days_and_grant_has_expired(
    db: sqlite3.Connection,
) -> None:
    today = _today(db)
    ends = {
        login: date.fromisoformat(value)
        for login, value in db.execute(
            "SELECT login, access_ends FROM app_user WHERE access_ends IS NOT NULL"
        )
    }
    assert today < ends["lee"] <= today + timedelta(days=30)
    assert ends["grant"] < today
    assert ends["evans"] == today + timedelta(days=120)


# --- people -----------------------------------------------------------------------------------


def test_at_least_sixty_people_with_believable_details(db: sqlite3.Connection) -> None:
    people = db.execute(
        "SELECT first_name, last_name, first_name_key, last_name_key, date_of_birth, "
        "nhs_number, postcode, phone, gender, ethnicity FROM person"
    ).fetchall()
    assert len(people) >= 60
    today = _today(db)
    ages = []
    for first, last, first_key, last_key, born, nhs, postcode, phone, gender, ethnic in people:
        assert (first_key, last_key) == (name_key(first), name_key(last))
        assert is_valid_nhs_number(nhs) and nhs.startswith("999"), nhs
        assert POSTCODE.match(postcode), postcode
        assert phone.startswith(("0113 496 0", "01632 960", "07700 900")), phone
        assert gender and ethnic
        ages.append((today - date.fromisoformat(born)).days // 365)
    assert len({p[5] for p in people}) == len(people), "NHS numbers are unique"
    older = sum(65 <= a <= 99 for a in ages)
    assert older / len(ages) > 0.6
    assert any(18 <= a < 65 for a in ages)
    assert len({p[9] for p in people}) >= 5, "a diverse set of ethnicities"


def test_nhs_check_digit_follows_modulus_11() -> None:
    assert is_valid_nhs_number("9434765919")  # the NHS's own worked example
    assert not is_valid_nhs_number("9434765918")
    assert not is_valid_nhs_number("943476591")
    assert nhs_check_digit("943476591") == 9
    numbers = NhsNumbers()
    issued = [numbers.next() for _ in range(2000)]
    assert len(set(issued)) == 2000
    assert all(is_valid_nhs_number(n) and n.startswith("999") for n in issued)


def test_carer_and_cared_for_are_both_on_record_and_linked_both_ways(
    db: sqlite3.Connection,
) -> None:
    pairs = db.execute(
        "SELECT a.person_id, a.related_person_id FROM relationship a "
        "JOIN relationship b ON b.person_id = a.related_person_id "
        "AND b.related_person_id = a.person_id "
        "WHERE a.relationship_type = 'Carer' AND b.relationship_type = 'Cared for'"
    ).fetchall()
    assert pairs
    for _, carer in pairs:
        group, employment = db.execute(
            "SELECT primary_service_user_group, employment_status FROM person WHERE id = ?",
            (carer,),
        ).fetchone()
        assert group == "Carer"
        assert employment


def test_family_contacts_have_phone_numbers(db: sqlite3.Connection) -> None:
    assert (
        _scalar(
            db,
            "SELECT count(*) FROM relationship WHERE related_person_id IS NULL "
            "AND relationship_type IN ('Daughter', 'Son', 'Husband', 'Wife', 'Niece') "
            "AND phone != '' AND contact_name != ''",
        )
        >= 30
    )


def test_restricted_person_is_named_for_okafor_only(db: sqlite3.Connection) -> None:
    restricted = db.execute("SELECT id FROM person WHERE restricted = 1").fetchall()
    assert len(restricted) == 1
    named = db.execute(
        "SELECT u.login FROM person_restriction r JOIN app_user u ON u.id = r.user_id "
        "WHERE r.person_id = ?",
        restricted[0],
    ).fetchall()
    assert named == [("okafor",)]
    holder = db.execute(
        "SELECT u.login FROM case_record c JOIN app_user u ON u.id = c.responsible_user_id "
        "WHERE c.person_id = ? AND c.status != 'closed'",
        restricted[0],
    ).fetchall()
    assert holder == [("okafor",)]


def test_current_and_ended_alerts_of_both_kinds_and_key_safes(db: sqlite3.Connection) -> None:
    today = _today(db).isoformat()
    kinds = dict(
        db.execute(
            "SELECT kind, count(*) FROM alert WHERE end_date IS NULL OR end_date >= ? "
            "GROUP BY kind",
            (today,),
        ).fetchall()
    )
    assert kinds.get("alert", 0) > 0 and kinds.get("hazard", 0) > 0
    assert _scalar(db, "SELECT count(*) FROM alert WHERE end_date < ?", today) > 0
    categories = {c for (c,) in db.execute("SELECT DISTINCT category FROM alert")}
    assert {"Dog at property", "Oxygen in use - no smoking", "Lives alone"} <= categories
    safes = db.execute("SELECT access_information, code FROM key_safe").fetchall()
    assert len(safes) >= 15
    assert all(re.fullmatch(r"\d{4}", code) and access for access, code in safes)


def test_person_records_around_the_cases(db: sqlite3.Connection) -> None:
    assert _scalar(db, "SELECT count(DISTINCT person_id) FROM section117") >= 2
    assert _scalar(db, "SELECT count(*) FROM section117 WHERE organisation_responsible != ''") == 0
    assert _scalar(db, "SELECT count(*) FROM service_provision") >= 15
    assert _scalar(db, "SELECT count(*) FROM attachment WHERE size_bytes = length(content)") >= 3
    pdf = db.execute(
        "SELECT content FROM attachment WHERE media_type = 'application/pdf'"
    ).fetchone()[0]
    assert pdf.startswith(b"%PDF-1.4") and pdf.rstrip().endswith(b"%%EOF")
    assert _scalar(db, "SELECT count(*) FROM safeguarding") >= 2
    today = _today(db).isoformat()
    assert _scalar(
        db, "SELECT count(*) FROM dols WHERE actual_end_date IS NOT NULL AND actual_end_date < ?",
        today,
    ) >= 1  # fmt: skip
    assert _scalar(db, "SELECT count(*) FROM dols WHERE actual_end_date IS NULL") >= 1


# --- cases and dashboards ------------------------------------------------------------------


def test_every_person_has_at_most_one_current_case_and_some_an_older_closed_one(
    db: sqlite3.Connection,
) -> None:
    current = db.execute(
        "SELECT p.id, count(c.id) FROM person p LEFT JOIN case_record c ON c.person_id = p.id "
        "AND c.status != 'closed' GROUP BY p.id"
    ).fetchall()
    assert {n for _, n in current} == {0, 1}  # 0: a referral the front door closed
    assert sum(n == 1 for _, n in current) > 0.9 * len(current)
    closed = db.execute(
        "SELECT closure_reason, closed_on FROM case_record WHERE status = 'closed'"
    ).fetchall()
    assert len(closed) >= 5
    assert all(reason and day for reason, day in closed)
    sources = {s for (s,) in db.execute("SELECT DISTINCT referral_source FROM case_record")}
    assert sources <= set(REFERRAL_SOURCES) | {s.label for s in ReferralSource}


def test_every_named_practitioner_has_15_to_40_primary_and_a_secondary_case(
    db: sqlite3.Connection,
) -> None:
    today = _today(db).isoformat()
    for login in (*PRACTITIONERS, "evans"):
        user = _user_id(db, login)
        primary = _scalar(
            db,
            "SELECT count(*) FROM case_record WHERE responsible_user_id = ? "
            "AND status IN ('open', 'closure_requested')",
            user,
        )
        secondary = _scalar(
            db,
            "SELECT count(DISTINCT c.id) FROM involvement i JOIN case_record c ON c.id = i.case_id "
            "WHERE i.user_id = ? AND (i.end_date IS NULL OR i.end_date >= ?) "
            "AND (c.responsible_user_id IS NULL OR c.responsible_user_id != ?) "
            "AND c.status IN ('open', 'closure_requested')",
            user,
            today,
            user,
        )
        if login != "evans":
            assert 15 <= primary <= 40, (login, primary)
        assert secondary >= 1, login
    assert _scalar(db, "SELECT count(*) FROM involvement WHERE end_date < ?", today) >= 3


def test_allocated_worker_involvement_and_assignment_history_match_the_case(
    db: sqlite3.Connection,
) -> None:
    mismatched = _scalar(
        db,
        "SELECT count(*) FROM case_record c JOIN case_assignment a "
        "ON a.case_id = c.id AND a.ended_at IS NULL "
        "WHERE a.team_id != c.responsible_team_id "
        "OR coalesce(a.user_id, 0) != coalesce(c.responsible_user_id, 0)",
    )
    assert mismatched == 0
    assert _scalar(
        db,
        "SELECT count(*) FROM case_record c WHERE c.status != 'closed' AND NOT EXISTS "
        "(SELECT 1 FROM case_assignment a WHERE a.case_id = c.id AND a.ended_at IS NULL)",
    ) == 0  # fmt: skip
    assert _scalar(
        db,
        "SELECT count(*) FROM (SELECT case_id FROM case_assignment WHERE ended_at IS NULL "
        "GROUP BY case_id HAVING count(*) > 1)",
    ) == 0  # fmt: skip
    assert _scalar(db, "SELECT count(*) FROM case_assignment WHERE ended_at < started_at") == 0
    missing = _scalar(
        db,
        "SELECT count(*) FROM case_record c WHERE c.responsible_user_id IS NOT NULL "
        "AND NOT EXISTS (SELECT 1 FROM involvement i WHERE i.case_id = c.id "
        "AND i.user_id = c.responsible_user_id AND i.role = 'Allocated Worker' "
        "AND i.end_date IS NULL)",
    )
    assert missing == 0
    transferred = _scalar(
        db,
        "SELECT count(DISTINCT a.case_id) FROM case_assignment a JOIN team t ON t.id = a.team_id "
        "JOIN case_record c ON c.id = a.case_id "
        "WHERE t.name = 'Hospital Discharge Team' AND c.responsible_team_id != a.team_id",
    )
    assert transferred >= 3


def test_care_act_assessments_are_overdue_due_soon_due_later_and_done_for_each_practitioner(
    db: sqlite3.Connection,
) -> None:
    today = _today(db)
    for login in PRACTITIONERS:
        states = set()
        for referred, completed in db.execute(
            "SELECT referral_date, assessment_completed_on FROM case_record "
            "WHERE responsible_user_id = ? AND status != 'closed'",
            (_user_id(db, login),),
        ):
            clock = assessment_clock(
                date.fromisoformat(referred),
                date.fromisoformat(completed) if completed else None,
                today,
            )
            if clock.done:
                states.add("done")
            elif clock.overdue:
                states.add("overdue")
            elif clock.due_soon:
                states.add("soon")
            else:
                states.add("later")
        assert states == {"done", "overdue", "soon", "later"}, login


def test_all_six_activity_types_are_present_open_and_completed(db: sqlite3.Connection) -> None:
    found = set(db.execute("SELECT DISTINCT type, status FROM activity").fetchall())
    for kind in ActivityType:
        assert (kind.value, "open") in found, kind
        assert (kind.value, "completed") in found, kind
    assert (
        _scalar(
            db,
            "SELECT count(*) FROM activity WHERE type IN ('phone_call', 'email', 'letter') "
            "AND direction NOT IN ('incoming', 'outgoing')",
        )
        == 0
    )
    assert (
        _scalar(db, "SELECT count(*) FROM activity WHERE type = 'task' AND due_date IS NULL") == 0
    )
    assert _scalar(
        db, "SELECT count(*) FROM activity WHERE status = 'completed' AND completed_at IS NULL"
    ) == 0  # fmt: skip


def test_activities_belong_to_their_case_person_and_reach_every_dashboard(
    db: sqlite3.Connection,
) -> None:
    assert (
        _scalar(
            db,
            "SELECT count(*) FROM activity a JOIN case_record c ON c.id = a.case_id "
            "WHERE a.person_id != c.person_id",
        )
        == 0
    )
    assert (
        _scalar(
            db,
            "SELECT count(*) FROM activity a JOIN app_user u ON u.id = a.responsible_user_id "
            "WHERE u.team_id != a.responsible_team_id",
        )
        == 0
    )
    for login in (*PRACTITIONERS, "evans"):
        mine = _scalar(
            db,
            "SELECT count(*) FROM activity WHERE responsible_user_id = ? AND status = 'open'",
            _user_id(db, login),
        )
        assert mine >= 1, login
    for (team,) in db.execute("SELECT id FROM team"):
        queue = _scalar(
            db,
            "SELECT count(*) FROM activity WHERE responsible_team_id = ? AND status = 'open' "
            "AND responsible_user_id IS NULL",
            team,
        )
        assert queue >= 1, team
    waiting = _scalar(
        db,
        "SELECT count(*) FROM activity WHERE awaiting_countersignature = 1 AND created_by_id = ?",
        _user_id(db, "evans"),
    )
    assert waiting >= 3


def test_forms_in_every_status_with_work_waiting_for_clarke_and_reid(
    db: sqlite3.Connection,
) -> None:
    statuses = {s for (s,) in db.execute("SELECT DISTINCT status FROM form_instance")}
    assert statuses == {s.value for s in FormStatus}
    types = {t for (t,) in db.execute("SELECT DISTINCT form_type FROM form_instance")}
    assert types <= set(BY_KEY)
    for login in PRACTITIONERS:
        mine = _scalar(
            db,
            "SELECT count(*) FROM form_instance WHERE responsible_user_id = ? "
            "AND status != 'closed'",
            _user_id(db, login),
        )
        assert mine >= 1, login
    for manager in ("clarke", "reid"):
        waiting = _scalar(
            db,
            "SELECT count(*) FROM form_instance f JOIN case_record c ON c.id = f.case_id "
            "JOIN app_user m ON m.team_id = c.responsible_team_id "
            "WHERE f.status = 'complete' AND f.needs_manager = 1 AND m.login = ?",
            manager,
        )
        assert waiting >= 1, manager
    assert (
        _scalar(
            db,
            "SELECT count(*) FROM form_instance WHERE status = 'complete' AND needs_manager = 0",
        )
        == 0
    )
    duplicates = _scalar(
        db,
        "SELECT count(*) FROM (SELECT case_id, form_type FROM form_instance "
        "WHERE status != 'closed' GROUP BY case_id, form_type HAVING count(*) > 1)",
    )
    assert duplicates == 0
    assert _scalar(db, "SELECT count(*) FROM form_instance WHERE returned_reason != ''") >= 1


def test_closure_pending_for_clarke_on_a_case_of_sharma_and_one_returned(
    db: sqlite3.Connection,
) -> None:
    pending = db.execute(
        "SELECT c.status, u.login, t.name FROM closure_request r "
        "JOIN case_record c ON c.id = r.case_id JOIN app_user u ON u.id = c.responsible_user_id "
        "JOIN team t ON t.id = r.team_id WHERE r.status = 'pending'"
    ).fetchall()
    assert (CaseStatus.CLOSURE_REQUESTED.value, "sharma", "North Community Assessment") in pending
    assert all(status == "closure_requested" for status, _, _ in pending)
    returned = db.execute(
        "SELECT c.status, r.return_reason FROM closure_request r "
        "JOIN case_record c ON c.id = r.case_id WHERE r.status = 'returned'"
    ).fetchall()
    assert returned and all(status == "open" and reason for status, reason in returned)
    walter = db.execute(
        "SELECT c.id FROM case_record c JOIN person p ON p.id = c.person_id "
        "WHERE p.first_name = 'Walter' AND p.last_name = 'Sykes' AND c.status != 'closed'"
    ).fetchone()[0]
    assert _scalar(
        db, "SELECT count(*) FROM activity WHERE case_id = ? AND status = 'open'", walter
    ) == 0  # fmt: skip
    assert _scalar(
        db, "SELECT count(*) FROM form_instance WHERE case_id = ? AND status != 'closed'", walter
    ) == 0  # fmt: skip


# --- storage ------------------------------------------------------------------------------


def test_rows_read_back_through_the_orm(store: Store) -> None:
    with store.read() as session:
        person = session.exec(select(Person).where(Person.last_name_key == "haigh")).first()
        assert person is not None and isinstance(person.date_of_birth, date)
        activity = session.exec(select(Activity).order_by(col(Activity.id).desc())).first()
        assert activity is not None and activity.created_at.year >= 2000
        assert isinstance(activity.awaiting_countersignature, bool)
        answer = session.exec(select(FormAnswer)).first()
        assert answer is not None and answer.value is not None
        assert session.get(StoreInfo, "kind") is not None


def test_fast_converters_store_exactly_what_sqlalchemy_would() -> None:
    dialect = sqlite.dialect()
    samples = (
        (DateTime(), _datetime_text, datetime(2026, 3, 2, 9, 5)),
        (DateTime(), _datetime_text, datetime(2026, 3, 2, 9, 5, 7, 120)),
        (Date(), _date_text, date(1931, 1, 9)),
        (JSON(), _json_text, {"eligible": "Yes", "level": 2}),
        (JSON(), _json_text, "Face to face"),
    )
    for kind, fast, value in samples:
        stored = kind.dialect_impl(dialect).bind_processor(dialect)
        assert stored is not None
        assert fast(value) == stored(value)
    boolean = Boolean().dialect_impl(dialect).bind_processor(dialect)
    assert boolean is None or boolean(True) == int(True)


# --- building -------------------------------------------------------------------------------


def _names_and_caseloads(path: Path) -> tuple[list[tuple[str, str]], list[tuple[str, int]]]:
    with sqlite3.connect(path) as db:
        names = db.execute("SELECT first_name, last_name FROM person ORDER BY id").fetchall()
        loads = db.execute(
            "SELECT u.login, count(*) FROM case_record c JOIN app_user u "
            "ON u.id = c.responsible_user_id GROUP BY u.login ORDER BY u.login"
        ).fetchall()
    return names, loads


def test_two_builds_give_the_same_people_and_caseloads(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _isolate(monkeypatch, tmp_path)
    again = tmp_path / "again.db"
    build_sandbox(_url(again))
    assert _names_and_caseloads(again) == _names_and_caseloads(built)


def test_dates_are_relative_to_the_day_of_the_build(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _isolate(monkeypatch, tmp_path)
    monkeypatch.setenv("CARETUI_TODAY", "2026-03-12")
    later = tmp_path / "later.db"
    build_sandbox(_url(later))
    query = "SELECT referral_date FROM case_record ORDER BY id LIMIT 50"
    with sqlite3.connect(built) as a, sqlite3.connect(later) as b:
        first = [date.fromisoformat(d) for (d,) in a.execute(query)]
        second = [date.fromisoformat(d) for (d,) in b.execute(query)]
    assert [y - x for x, y in zip(first, second, strict=True)] == [timedelta(days=10)] * 50


def test_persons_500_adds_500_people_without_touching_the_demo_caseloads(
    built: Path, bulk: Path
) -> None:
    with sqlite3.connect(built) as small, sqlite3.connect(bulk) as big:
        demo_people = _scalar(small, "SELECT count(*) FROM person")
        assert _scalar(big, "SELECT count(*) FROM person") == demo_people + 500
        facts = dict(big.execute("SELECT key, value FROM store_info").fetchall())
        assert facts["persons"] == str(demo_people + 500)
        assert facts["generated_persons"] == "500"
        assert _scalar(big, "SELECT count(*) FROM team") >= len(DEMO_TEAMS) + 4
        assert big.execute("PRAGMA foreign_key_check").fetchall() == []
        logins = "','".join(PRACTITIONERS)
        caseloads = (
            "SELECT u.login, count(*) FROM case_record c JOIN app_user u "
            f"ON u.id = c.responsible_user_id WHERE u.login IN ('{logins}') GROUP BY u.login"
        )
        assert big.execute(caseloads).fetchall() == small.execute(caseloads).fetchall()
        for table in ("referral", "consent_event"):  # generated people skip the front door
            count = f"SELECT count(*) FROM {table}"
            assert _scalar(big, count) == _scalar(small, count) > 0, table
        named = ", ".join("?" for _ in DEMO_TEAMS)
        generated = big.execute(
            "SELECT u.role, count(*) FROM app_user u JOIN team t ON t.id = u.team_id "
            f"WHERE t.name NOT IN ({named}) GROUP BY u.role",
            DEMO_TEAMS,
        ).fetchall()
        roles = dict(generated)
        assert roles["practitioner"] >= 10 and roles["manager"] >= 4
        per_person = _scalar(big, "SELECT count(*) FROM activity") / _scalar(
            big, "SELECT count(*) FROM person"
        )
        assert 5 <= per_person <= 12


def test_chunks_generated_in_worker_processes_match_chunks_generated_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _isolate(monkeypatch, tmp_path)
    monkeypatch.setattr(bulk_mode, "CHUNK_PEOPLE", 60)
    helped: list[int] = []
    in_helpers = bulk_mode._generate_in_workers

    def counted(sink, plan, chunks, *args):  # type: ignore[no-untyped-def]
        in_helpers(sink, plan, chunks, *args)
        helped.append(len(chunks))

    monkeypatch.setattr(bulk_mode, "_generate_in_workers", counted)
    results = []
    for workers in (1, 2):
        monkeypatch.setattr(bulk_mode, "worker_count", lambda n=workers: n)
        path = tmp_path / f"workers-{workers}.db"
        build_sandbox(_url(path), persons=150)
        with sqlite3.connect(path) as db:
            assert db.execute("PRAGMA foreign_key_check").fetchall() == []
            results.append(
                (
                    db.execute("SELECT * FROM person ORDER BY id").fetchall(),
                    db.execute("SELECT id, case_id, person_id, subject FROM activity").fetchall(),
                )
            )
    assert helped == [3], "the second build ran its three chunks in helper processes"
    assert results[0] == results[1]


def test_rebuilding_replaces_the_old_sandbox_and_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _isolate(monkeypatch, tmp_path)
    target = tmp_path / "sandbox.db"
    build_sandbox(_url(target))
    Path(f"{target}-wal").write_bytes(b"stale write-ahead log from an old sandbox")
    build_sandbox(_url(target))
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["sandbox.db"]
    with sqlite3.connect(target) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_failed_build_keeps_the_old_sandbox(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _isolate(monkeypatch, tmp_path)
    target = tmp_path / "sandbox.db"
    build_sandbox(_url(target))
    before = target.read_bytes()

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk unplugged")

    monkeypatch.setattr("caretui.sandbox.build.build_demo", broken)
    with pytest.raises(RuntimeError):
        build_sandbox(_url(target))
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == ["sandbox.db"]


def test_progress_is_reported_in_stages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _isolate(monkeypatch, tmp_path)
    seen: list[tuple[str, int, int]] = []
    build_sandbox(_url(tmp_path / "p.db"), persons=50, progress=lambda *a: seen.append(a))
    stages = [s for s, _, _ in seen]
    assert {"Demo people", "Generating people", "Indexing"} <= set(stages)
    assert ("Generating people", 50, 50) in seen
    assert all(0 <= done <= total for _, done, total in seen)


def test_only_sqlite_files_can_hold_a_sandbox() -> None:
    with pytest.raises(StoreError):
        build_sandbox("postgresql+psycopg://someone@localhost/caretui")
    with pytest.raises(StoreError):
        build_sandbox("sqlite:///:memory:")
    with pytest.raises(ValueError):
        build_sandbox("sqlite:///nowhere.db", persons=-1)
