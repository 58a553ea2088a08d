"""The front door in the training sandbox (issue 12): what a trainer can rely on finding.

The rows are read back through the store's own front-door queries, so the sandbox stays
what the ops would have written: referrals to screen, a waiting list with likely waits,
declines with their CLD outcome, the consent history, and the near-duplicate pair.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from caretui.rules.consent import ConsentEvent, ConsentEventKind, ConsentNature, ConsentState
from caretui.rules.duplicates import NewPerson
from caretui.rules.permissions import Actor
from caretui.rules.referrals import (
    CLD_EVENT_OUTCOMES,
    INFORMATION_AND_ADVICE,
    InformMethod,
    Priority,
    ReferralSource,
    ScreeningDecision,
    ScreeningOutcome,
)
from caretui.rules.roles import Role
from caretui.rules.vocab import CaseStatus
from caretui.rules.waiting import RECENT_DAYS
from caretui.sandbox.build import build_sandbox
from caretui.sandbox.demo_cast import FRONT_DOOR, NORTH, STORIES
from caretui.sandbox.front_door import FrontDoorResult
from caretui.sandbox.front_door_cast import CONTACTS, NEAR_DUPLICATES, SMITH
from caretui.store import audit
from caretui.store.db import Store, open_store
from caretui.store.ops.consent import record_consent
from caretui.store.ops.referrals import allocate_from_waiting_list, screen_referral
from caretui.store.queries import consent as consent_queries
from caretui.store.queries import referrals, staff, worklists
from caretui.store.queries.signin import check_sign_in

PINNED_TODAY = "2026-03-02T22:00"  # an evening hour: builds are alike
TODAY = date.fromisoformat(PINNED_TODAY[:10])


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("front-door")
    with pytest.MonkeyPatch.context() as mp:
        for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
            mp.setenv(name, str(folder / name.lower()))
        mp.setenv("CARETUI_TODAY", PINNED_TODAY)
        mp.delenv("CARETUI_DATABASE_URL", raising=False)
        path = folder / "sandbox.db"
        build_sandbox(f"sqlite:///{path}")
        yield path


@pytest.fixture(autouse=True)
def _pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CARETUI_TODAY", PINNED_TODAY)


@pytest.fixture
def db(built: Path) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(built)
    yield connection
    connection.close()


@pytest.fixture
def store(built: Path) -> Iterator[Store]:
    opened = open_store(f"sqlite:///{built}", sandbox=True)
    yield opened
    opened.dispose()


def _actor(store: Store, login: str) -> Actor:
    return check_sign_in(store, login, today=TODAY)  # a read: the sandbox stays as built


def _person_id(db: sqlite3.Connection, name: str) -> int:
    first, last = name.split(" ", 1)
    rows = db.execute(
        "SELECT id FROM person WHERE first_name = ? AND last_name = ?", (first, last)
    ).fetchall()
    assert len(rows) == 1, name
    return rows[0][0]


# --- the team ------------------------------------------------------------------------------------


def test_the_front_door_team_has_a_practitioner_and_a_manager(store: Store) -> None:
    farah, martin = _actor(store, "iqbal"), _actor(store, "booth")
    assert (farah.name, farah.role, farah.team_name) == (
        "Farah Iqbal",
        Role.PRACTITIONER,
        FRONT_DOOR,
    )
    assert (martin.name, martin.role, martin.team_name) == (
        "Martin Booth",
        Role.MANAGER,
        FRONT_DOOR,
    )
    assert FRONT_DOOR == "Adult Social Care Front Door"


def test_the_readme_names_the_front_door_users() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    for name in ("Farah Iqbal", "Martin Booth", *NEAR_DUPLICATES):
        assert name in readme, name


# --- referrals awaiting screening ---------------------------------------------------------------


def test_referrals_await_screening_on_the_front_door_from_various_sources(
    store: Store, db: sqlite3.Connection
) -> None:
    rows = referrals.referrals_to_screen(store, _actor(store, "iqbal"), today=TODAY)
    assert len(rows) >= 4
    assert len({r.source_label for r in rows}) >= 4
    assert {r.urgency_label for r in rows} >= {"Urgent", "Normal", "Low"}
    for row in rows:
        assert row.contact_at < datetime.combine(TODAY, datetime.min.time())
        status, team, user, referred = db.execute(
            "SELECT c.status, t.name, c.responsible_user_id, c.referral_date "
            "FROM case_record c JOIN team t ON t.id = c.responsible_team_id WHERE c.id = ?",
            (row.case_id,),
        ).fetchone()
        assert (status, team, user) == (CaseStatus.REFERRAL.value, FRONT_DOOR, None)
        assert referred == row.contact_at.date().isoformat()  # the Care Act clock starts here
    assert any(r.contact_at.hour >= 18 for r in rows), "one contact came in out of hours"
    queue = db.execute(
        "SELECT count(*) FROM activity a JOIN team t ON t.id = a.responsible_team_id "
        "WHERE t.name = ? AND a.status = 'open' AND a.responsible_user_id IS NULL",
        (FRONT_DOOR,),
    ).fetchone()[0]
    assert queue >= 1, "the front door has its own Team Activities"


# --- the waiting list ----------------------------------------------------------------------------


def test_a_waiting_list_in_every_priority_with_a_likely_wait_for_each(store: Store) -> None:
    clarke = _actor(store, "clarke")
    assert clarke.team_name == NORTH
    rows = referrals.waiting_list(store, clarke, today=TODAY)
    assert {r.priority_label for r in rows} == {p.label for p in Priority}
    assert len({r.days_waiting for r in rows}) >= 5, "varied days waiting"
    assert [r.priority_rank for r in rows] == sorted(r.priority_rank for r in rows)
    for row in rows:
        assert row.likely_wait.startswith("usually"), (row.priority_label, row.likely_wait)
        assert row.days_waiting == (TODAY - row.waiting_since).days
    assert any(r.care_act.overdue for r in rows), "some have waited past the Care Act's 28 days"


def test_past_allocations_in_the_last_90_days_for_every_priority(db: sqlite3.Connection) -> None:
    since = (TODAY - timedelta(days=RECENT_DAYS)).isoformat()
    rows = db.execute(
        "SELECT r.waiting_priority, count(*) FROM referral r "
        "JOIN team t ON t.id = r.waiting_team_id JOIN case_record c ON c.id = r.case_id "
        "WHERE t.name = ? AND r.allocated_at >= ? AND r.waiting_since IS NOT NULL "
        "AND c.status = 'open' AND c.responsible_user_id IS NOT NULL GROUP BY 1",
        (NORTH, since),
    ).fetchall()
    assert {priority for priority, _ in rows} == {p.value for p in Priority}
    assert sum(n for _, n in rows) >= 6


# --- declines and advice ------------------------------------------------------------------------


def test_declined_referrals_are_closed_with_alternatives_a_cld_outcome_and_a_letter(
    store: Store, db: sqlite3.Connection
) -> None:
    declined = db.execute(
        "SELECT r.case_id, r.decline_reason, r.alternative_services, r.cld_outcome, "
        "r.informed_how, r.decided_at, c.status, c.closure_reason, c.closed_on "
        "FROM referral r JOIN case_record c ON c.id = r.case_id WHERE r.status = 'declined'"
    ).fetchall()
    assert len(declined) >= 2
    assert len({row[3] for row in declined}) >= 2, "different CLD outcomes"
    for case_id, reason, alternatives, cld, how, decided, status, closure, closed in declined:
        assert reason and alternatives and how in ("letter", "email")
        assert cld in CLD_EVENT_OUTCOMES and cld.startswith("NFA")
        assert status == CaseStatus.CLOSED.value and closure.startswith("Referral declined: ")
        assert closed == decided[:10]
        told = db.execute(
            "SELECT count(*) FROM activity WHERE case_id = ? AND type = ? AND status = 'completed' "
            "AND subject LIKE 'Referral declined: %'",
            (case_id, how),
        ).fetchone()[0]
        assert told == 1
        detail = referrals.referral_for_case(store, _actor(store, "iqbal"), case_id)
        assert detail is not None and detail.cld_outcome == cld
    advice = db.execute(
        "SELECT r.cld_outcome, r.advice_given, c.status, c.closure_reason FROM referral r "
        "JOIN case_record c ON c.id = r.case_id WHERE r.status = 'advice_only'"
    ).fetchall()
    assert advice == [
        (INFORMATION_AND_ADVICE, advice[0][1], "closed", "Information and advice only")
    ]
    assert advice[0][1]


def test_only_the_front_doors_closed_referrals_leave_a_person_without_a_current_case(
    db: sqlite3.Connection,
) -> None:
    without = db.execute(
        "SELECT p.id FROM person p WHERE NOT EXISTS (SELECT 1 FROM case_record c "
        "WHERE c.person_id = p.id AND c.status != 'closed')"
    ).fetchall()
    closed_referrals = db.execute(
        "SELECT person_id FROM referral WHERE status IN ('declined', 'advice_only')"
    ).fetchall()
    assert sorted(without) == sorted(closed_referrals)


# --- consent -------------------------------------------------------------------------------------


def test_consent_is_recorded_for_most_referred_people(db: sqlite3.Connection) -> None:
    referred, with_consent = db.execute(
        "SELECT count(DISTINCT r.person_id), count(DISTINCT e.person_id) FROM referral r "
        "LEFT JOIN consent_event e ON e.person_id = r.person_id"
    ).fetchone()
    assert referred == len(CONTACTS)
    assert with_consent >= 0.8 * referred


def test_one_person_has_withdrawn_consent_and_one_has_had_it_reconfirmed(
    store: Store, db: sqlite3.Connection
) -> None:
    clarke = _actor(store, "clarke")
    states = {}
    for (person_id,) in db.execute("SELECT DISTINCT person_id FROM consent_event"):
        status, history = consent_queries.consent_history(store, clarke, person_id)
        states[person_id] = (status, history)
    withdrawn = [s for s, _ in states.values() if s.state is ConsentState.WITHDRAWN]
    assert len(withdrawn) == 1
    assert withdrawn[0].since is not None and withdrawn[0].since < TODAY
    assert withdrawn[0].reason.strip()
    reconfirmed = [
        s
        for s, _ in states.values()
        if s.state is ConsentState.GIVEN
        and s.last_confirmed
        and s.since
        and s.last_confirmed > s.since
    ]
    assert reconfirmed
    assert any(s.state is ConsentState.NO_CONSENT and s.lawful_basis for s, _ in states.values())


# --- the duplicate check ------------------------------------------------------------------------


def test_the_near_duplicate_pair_is_found_by_the_duplicate_check(
    store: Store, db: sqlite3.Connection
) -> None:
    farah = _actor(store, "iqbal")
    smith, smyth = _person_id(db, "Catherine Smith"), _person_id(db, "Katherine Smyth")
    (born,) = db.execute("SELECT date_of_birth FROM person WHERE id = ?", (smith,)).fetchone()
    assert db.execute("SELECT date_of_birth FROM person WHERE id = ?", (smyth,)).fetchone() == (
        born,
    )
    dob = date.fromisoformat(born)
    typed = NewPerson(first_name="Catherine", last_name="Smyth", date_of_birth=dob)
    found = [row.person_id for row in referrals.duplicate_candidates(store, farah, typed)]
    assert set(found) == {smith, smyth}
    again = NewPerson(first_name="Katherine", last_name="Smyth", date_of_birth=dob)
    assert smith in [r.person_id for r in referrals.duplicate_candidates(store, farah, again)]
    (kept,) = db.execute(
        "SELECT duplicate_reason FROM referral WHERE person_id = ?", (smyth,)
    ).fetchone()
    assert "Catherine Smith" in kept
    assert SMITH.name == "Catherine Smith"


# --- the person details the front door added ----------------------------------------------------


def test_new_person_fields_are_filled_for_the_demo_people(db: sqlite3.Connection) -> None:
    language, interpreter = db.execute(
        "SELECT main_language, interpreter_needed FROM person WHERE id = ?",
        (_person_id(db, "Mohammed Rafiq"),),
    ).fetchone()
    assert (language, interpreter) == ("Urdu", 1)
    named = [f"{spec.first} {spec.last}" for _, spec in STORIES] + [c.person.name for c in CONTACTS]
    for name in named:
        language, accommodation, carer = db.execute(
            "SELECT main_language, accommodation_status, has_unpaid_carer FROM person WHERE id = ?",
            (_person_id(db, name),),
        ).fetchone()
        assert language and accommodation and carer in ("Yes", "No", "Unknown"), name
    reasons = db.execute(
        "SELECT count(*) FROM person WHERE primary_support_reason != ''"
    ).fetchone()[0]
    assert reasons >= 0.8 * db.execute("SELECT count(*) FROM person").fetchone()[0]


def test_case_sources_are_the_store_s_labels(db: sqlite3.Connection) -> None:
    sources = {
        s
        for (s,) in db.execute(
            "SELECT DISTINCT c.referral_source FROM case_record c JOIN referral r "
            "ON r.case_id = c.id"
        )
    }
    assert sources <= {s.label for s in ReferralSource}


def test_the_front_door_leaves_the_rest_of_the_demo_as_it_was(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Other stories (and the screens' snapshots) rely on the demo's other rows: the front
    door is written last, from its own random source, so they come out the same."""
    monkeypatch.setattr("caretui.sandbox.demo.build_front_door", lambda *a: FrontDoorResult())
    without = tmp_path / "without.db"
    build_sandbox(f"sqlite:///{without}")
    tables = ("person", "case_record", "case_assignment", "involvement", "activity", "relationship")
    with sqlite3.connect(without) as before, sqlite3.connect(built) as after:
        for table in tables:
            old = before.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
            new = after.execute(f"SELECT * FROM {table} ORDER BY id LIMIT ?", (len(old),))
            assert new.fetchall() == old, table
        assert before.execute("SELECT count(*) FROM referral").fetchone() == (0,)


def test_trainers_can_carry_the_stories_on_with_the_store_s_own_ops(
    built: Path, tmp_path: Path
) -> None:
    """Screening, allocation and consent go on from the rows as the ops left them (the
    versions, statuses and holders agree), and the audit chain verifies afterwards."""
    copy = tmp_path / "sandbox.db"
    shutil.copyfile(built, copy)
    copy.chmod(0o600)
    live = open_store(f"sqlite:///{copy}", sandbox=True)
    try:
        farah, helen = _actor(live, "iqbal"), _actor(live, "clarke")
        to_screen = {r.person_name: r for r in referrals.referrals_to_screen(live, farah)}
        smyth = to_screen["Katherine Smyth"]
        north = next(t.id for t in staff.teams(live) if t.name == NORTH)
        decision = ScreeningDecision(
            outcome=ScreeningOutcome.WAITING_LIST,
            team_id=north,
            priority=Priority.NORMAL,
            informed_how=InformMethod.LETTER,
        )
        screen_referral(live, farah, smyth.referral_id, decision, expected_version=smyth.version)
        waiting = {r.person_name: r for r in referrals.waiting_list(live, helen)}
        assert "Katherine Smyth" in waiting
        lumb = waiting["Bernard Lumb"]
        okafor = _actor(live, "okafor")
        allocate_from_waiting_list(
            live, helen, lumb.case_id, okafor.id, expected_version=lumb.version
        )
        assert lumb.case_id in [c.case_id for c in worklists.primary_cases(live, okafor)]
        marjorie = waiting["Marjorie Heseltine"].person_id
        again = ConsentEvent(ConsentEventKind.GIVEN, TODAY, helen.name, ConsentNature.SPOKEN)
        record_consent(live, helen, marjorie, again)
        status, _ = consent_queries.consent_history(live, helen, marjorie)
        assert status.state is ConsentState.GIVEN
        with live.read() as session:
            assert audit.verify(session).ok
    finally:
        live.dispose()
