"""S4: the audit trail is complete, tamper-evident and one chain, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlmodel import col, select

from caretui import cli
from caretui.rules import clock
from caretui.rules.vocab import ActivityType
from caretui.store import audit
from caretui.store.db import Store, open_store
from caretui.store.models import AuditEntry
from caretui.store.ops.accounts import update_user
from caretui.store.ops.activities import complete_activity, create_activity, update_activity
from caretui.store.ops.viewing import record_view
from caretui.store.queries import audit_trail
from tests.factories import World, make_world


@pytest.fixture
def world(store: Store) -> World:
    return make_world(store)


def entries(store: Store) -> list[AuditEntry]:
    with store.read() as session:
        return list(session.exec(select(AuditEntry).order_by(col(AuditEntry.id))).all())


def verify(store: Store) -> audit.ChainReport:
    with store.read() as session:
        return audit.verify(session)


def tamper(store: Store, sql: str, **params: object) -> None:
    """What someone with direct database access might do, outside caretui."""
    with store.engine.begin() as conn:
        conn.execute(text(sql), params)


# --- tamper evidence ------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["first", "middle", "last"])
def test_editing_any_entry_is_detected_at_that_entry(world: World, where: str) -> None:
    rows = entries(world.store)
    victim = {"first": rows[0], "middle": rows[len(rows) // 2], "last": rows[-1]}[where]
    assert verify(world.store).ok
    tamper(world.store, "UPDATE audit_entry SET user_login = 'someone' WHERE id = :i", i=victim.id)
    report = verify(world.store)
    assert not report.ok
    assert report.broken_at == victim.id
    assert "changed" in report.reason


@pytest.mark.parametrize("where", ["first", "middle", "last"])
def test_deleting_any_entry_is_detected(world: World, where: str) -> None:
    rows = entries(world.store)
    index = {"first": 0, "middle": len(rows) // 2, "last": len(rows) - 1}[where]
    tamper(world.store, "DELETE FROM audit_entry WHERE id = :i", i=rows[index].id)
    report = verify(world.store)
    assert not report.ok
    if where == "last":
        assert report.broken_at == rows[index].id
        assert "removed" in report.reason
    else:
        assert report.broken_at == rows[index + 1].id


def test_rewriting_the_detail_of_a_case_note_entry_is_detected(world: World) -> None:
    create_activity(
        world.store,
        world.practitioner,
        case_id=world.case,
        type=ActivityType.CASE_NOTE,
        subject="Visited",
        responsible_team_id=world.north,
    )
    last = entries(world.store)[-1]
    tamper(
        world.store,
        "UPDATE audit_entry SET detail = :d WHERE id = :i",
        d='{"subject": "Never visited"}',
        i=last.id,
    )
    assert verify(world.store).broken_at == last.id


def test_an_untouched_trail_verifies(world: World) -> None:
    report = verify(world.store)
    assert report.ok and report.entries == len(entries(world.store))


# --- one chain under concurrent writers ----------------------------------------------------------


def test_concurrent_writers_keep_one_chain(store_url: str) -> None:
    """Several threads, each with its own connection pool, write at once; then verify."""
    setup = open_store(store_url)
    w = make_world(setup)
    before = len(entries(setup))
    writers, each = 6, 12
    errors: list[BaseException] = []
    start = threading.Barrier(writers)
    actors = [w.practitioner, w.colleague, w.manager, w.student, w.viewer, w.cso]

    def write(n: int) -> None:
        own = open_store(store_url, upgrade=False)
        try:
            start.wait()
            for i in range(each):
                if i % 3 == 0 and actors[n] is not w.viewer:
                    create_activity(
                        own,
                        actors[n],
                        case_id=w.case,
                        type=ActivityType.PHONE_CALL,
                        subject=f"Call {n}.{i}",
                        responsible_team_id=w.north,
                    )
                else:
                    record_view(own, actors[n], case_id=w.case)
        except BaseException as exc:
            errors.append(exc)
        finally:
            own.dispose()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    try:
        assert errors == []
        rows = entries(setup)
        assert len(rows) == before + writers * each
        prevs = [r.prev_hash for r in rows]
        assert len(set(prevs)) == len(prevs), "two entries follow the same entry: a fork"
        assert verify(setup).ok
    finally:
        setup.dispose()


# --- what each entry says ------------------------------------------------------------------------


def test_edits_record_each_changed_field_before_and_after(world: World) -> None:
    activity = create_activity(
        world.store,
        world.practitioner,
        case_id=world.case,
        type=ActivityType.TASK,
        subject="Order grab rails",
        responsible_team_id=world.north,
    )
    update_activity(
        world.store, world.practitioner, activity, expected_version=1, subject="Order rails"
    )
    complete_activity(world.store, world.practitioner, activity, expected_version=2)
    update, complete = entries(world.store)[-2:]
    assert update.detail == {"subject": {"from": "Order grab rails", "to": "Order rails"}}
    assert complete.detail == {"status": {"from": "open", "to": "completed"}}


def test_extending_an_end_date_is_audited_with_old_and_new_dates(world: World) -> None:
    old = clock.today() + timedelta(days=30)
    new = clock.today() + timedelta(days=90)
    update_user(world.store, world.sysadmin, world.viewer.id, expected_version=1, access_ends=new)
    last = entries(world.store)[-1]
    assert (last.action, last.user_login, last.entity_id) == (
        "user.update",
        "morgan",
        world.viewer.id,
    )
    assert last.detail == {"access_ends": {"from": old.isoformat(), "to": new.isoformat()}}


def test_reads_say_who_when_what_and_from_where(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SSH_CLIENT", raising=False)
    monkeypatch.setenv("SSH_CONNECTION", "10.20.30.40 51234 10.0.0.1 22")
    record_view(world.store, world.viewer, person_id=world.person)
    monkeypatch.delenv("SSH_CONNECTION")
    record_view(world.store, world.practitioner, case_id=world.case)
    over_ssh, at_desk = entries(world.store)[-2:]
    assert (over_ssh.action, over_ssh.user_login, over_ssh.person_id) == (
        "person.view",
        "lee",
        world.person,
    )
    assert over_ssh.origin == "live ssh:10.20.30.40"
    assert (at_desk.action, at_desk.case_id, at_desk.person_id) == (
        "case.view",
        world.case,
        world.person,
    )
    assert at_desk.origin == "live terminal"
    assert at_desk.at == clock.now() or at_desk.at <= clock.now()


# --- the audit viewer's queries -------------------------------------------------------------


def test_who_viewed_lists_every_look_at_a_person_in_order(world: World) -> None:
    record_view(world.store, world.viewer, person_id=world.person)
    record_view(world.store, world.colleague, case_id=world.case)
    record_view(world.store, world.other_team, case_id=world.south_case)  # someone else
    record_view(world.store, world.manager, case_id=world.case, item=("activity", 7))
    rows = audit_trail.who_viewed(world.store, world.sysadmin, world.person)
    assert [(r.login, r.what) for r in rows] == [
        ("lee", "Opened the person record"),
        ("okafor", f"Opened case {world.case}"),
        ("clarke", f"Opened activity 7 on case {world.case}"),
    ]
    assert rows[0].designation == "Health Liaison Officer" and rows[0].team == "North"
    csv_text = audit_trail.who_viewed_csv(rows)
    assert csv_text.splitlines()[0] == "When,Login,Name,Job title,Team,What,From where"
    assert "Jordan Lee" in csv_text.splitlines()[1]


def test_only_system_admins_read_the_audit_trail(world: World) -> None:
    from caretui.rules.permissions import PermissionDenied

    for actor in (world.practitioner, world.manager, world.viewer, world.cso):
        with pytest.raises(PermissionDenied):
            audit_trail.who_viewed(world.store, actor, world.person)
        with pytest.raises(PermissionDenied):
            audit_trail.audit_entries(world.store, actor)


def test_audit_entries_filter_by_person_case_user_date_and_action(world: World) -> None:
    record_view(world.store, world.viewer, person_id=world.person)
    admin = world.sysadmin
    by_person = audit_trail.audit_entries(world.store, admin, person_id=world.person)
    assert by_person and all(r.person_id == world.person for r in by_person)
    by_case = audit_trail.audit_entries(world.store, admin, case_id=world.south_case)
    assert {r.case_id for r in by_case} == {world.south_case}
    by_user = audit_trail.audit_entries(world.store, admin, user="jordan")
    assert {r.user_login for r in by_user} == {"lee"}
    views = audit_trail.audit_entries(world.store, admin, action="view")
    assert [r.action for r in views] == ["person.view"]
    today = clock.today()
    assert audit_trail.audit_entries(world.store, admin, since=today, until=today)
    assert audit_trail.audit_entries(world.store, admin, until=today - timedelta(days=1)) == []
    newest = audit_trail.audit_entries(world.store, admin)
    assert newest[0].id > newest[-1].id  # newest first


# --- the command line ----------------------------------------------------------------------------


@pytest.fixture
def live(tmp_path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """A live SQLite store the CLI opens, with the shell user as its system admin."""
    url = f"sqlite:///{tmp_path / 'live.db'}"
    monkeypatch.setenv("CARETUI_DATABASE_URL", url)
    monkeypatch.setattr(cli.getpass, "getuser", lambda: "morgan")
    store = open_store(url)
    w = make_world(store)
    yield w
    store.dispose()


def test_audit_verify_passes_then_fails_on_a_tampered_store(live: World, capsys) -> None:  # type: ignore[no-untyped-def]
    assert cli.main(["audit", "verify"]) == 0
    assert "intact" in capsys.readouterr().out
    middle = entries(live.store)[3]
    tamper(live.store, "UPDATE audit_entry SET action = 'person.create' WHERE id = :i", i=middle.id)
    assert cli.main(["audit", "verify"]) != 0
    err = capsys.readouterr().err
    assert f"BROKEN at entry {middle.id}" in err


def test_audit_verify_sandbox_checks_the_sandbox_not_the_live_store(
    live: World, tmp_path, capsys
) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    from caretui.config import data_dir

    data_dir().mkdir(parents=True, exist_ok=True)
    sandbox = data_dir() / "sandbox.db"
    with sqlite3.connect(tmp_path / "live.db") as src, sqlite3.connect(sandbox) as dst:
        src.backup(dst)
    sandbox.chmod(0o600)
    assert cli.main(["audit", "verify", "--sandbox"]) == 0
    copy = open_store(f"sqlite:///{sandbox}", sandbox=True)
    tamper(copy, "DELETE FROM audit_entry WHERE id = 2")
    copy.dispose()
    assert cli.main(["audit", "verify", "--sandbox"]) != 0
    assert cli.main(["audit", "verify"]) == 0  # the live store is untouched
    capsys.readouterr()


def test_who_viewed_exports_csv_and_the_export_is_audited(live: World, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    record_view(live.store, live.viewer, person_id=live.person)
    out = tmp_path / "sar.csv"
    assert cli.main(["audit", "who-viewed", str(live.person), "--csv", str(out)]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and "Jordan Lee" in lines[1] and "Opened the person record" in lines[1]
    assert out.stat().st_mode & 0o077 == 0
    assert entries(live.store)[-1].action == "audit.export_views"
    assert cli.main(["audit", "who-viewed", str(live.person)]) == 0
    assert "Jordan Lee" in capsys.readouterr().out
