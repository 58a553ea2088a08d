"""S2: view-only accounts end, access is reviewed, accounts are disabled never deleted."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlmodel import col, select

from caretui import cli
from caretui.rules import clock
from caretui.rules.access import AccessStatus
from caretui.rules.roles import Role
from caretui.store.db import Store, open_store
from caretui.store.errors import DomainError, SignInRefused, StaleRecord
from caretui.store.models import AccessReview, AuditEntry, User
from caretui.store.ops.accounts import (
    create_user,
    record_access_review,
    set_user_disabled,
    update_user,
)
from caretui.store.ops.sessions import note_session_lock, sign_in, unlock_session
from caretui.store.queries import access, staff
from tests.factories import World, make_world


@pytest.fixture
def world(store: Store) -> World:
    return make_world(store)


def last_audit(store: Store) -> AuditEntry:
    with store.read() as session:
        entry = session.exec(select(AuditEntry).order_by(col(AuditEntry.id).desc())).first()
        assert entry is not None
        return entry


def version(store: Store, user_id: int) -> int:
    with store.read() as session:
        user = session.get(User, user_id)
        assert user is not None
        return user.version


def test_a_viewer_past_their_end_date_cannot_sign_in_and_is_told_whom_to_contact(
    world: World,
) -> None:
    ends = clock.today() + timedelta(days=30)
    sign_in(world.store, "lee", today=ends)  # the last day still works
    with pytest.raises(SignInRefused) as refused:
        sign_in(world.store, "lee", today=ends + timedelta(days=1))
    message = str(refused.value)
    assert f"ended on {ends:%d %B %Y}" in message
    assert "IT Service Desk" in message and "Chris Morgan" in message


def test_a_viewer_account_cannot_be_made_or_left_without_an_end_date(world: World) -> None:
    with pytest.raises(DomainError, match="end date"):
        create_user(
            world.store,
            world.sysadmin,
            login="guest",
            name="A Guest",
            role=Role.VIEWER,
            team="North",
        )
    with pytest.raises(DomainError, match="end date"):
        update_user(
            world.store, world.sysadmin, world.viewer.id, expected_version=1, access_ends=None
        )
    with pytest.raises(DomainError, match="end date"):
        update_user(
            world.store, world.sysadmin, world.colleague.id, expected_version=1, role=Role.VIEWER
        )


def test_an_end_date_cannot_be_set_in_the_past(world: World) -> None:
    with pytest.raises(DomainError, match="cannot be in the past"):
        create_user(
            world.store,
            world.sysadmin,
            login="late",
            name="Too Late",
            role=Role.VIEWER,
            team="North",
            access_ends=clock.today() - timedelta(days=1),
        )
    with pytest.raises(DomainError, match="disable the account"):
        update_user(
            world.store,
            world.sysadmin,
            world.viewer.id,
            expected_version=1,
            access_ends=clock.today() - timedelta(days=1),
        )


def test_changing_role_team_and_designation_is_audited_field_by_field(world: World) -> None:
    new = update_user(
        world.store,
        world.sysadmin,
        world.colleague.id,
        expected_version=1,
        role=Role.MANAGER,
        team_id=world.south,
        designation="Team Manager",
    )
    assert new == 2
    entry = last_audit(world.store)
    assert entry.action == "user.update"
    assert entry.detail == {
        "role": {"from": "practitioner", "to": "manager"},
        "team_id": {"from": world.north, "to": world.south},
        "designation": {"from": "Social Worker", "to": "Team Manager"},
    }
    assert sign_in(world.store, "okafor").role is Role.MANAGER
    with pytest.raises(StaleRecord):
        update_user(
            world.store, world.sysadmin, world.colleague.id, expected_version=1, name="D Okafor"
        )


def test_a_disabled_account_cannot_sign_in_but_keeps_its_records(world: World) -> None:
    with pytest.raises(DomainError, match="Say why"):
        set_user_disabled(world.store, world.sysadmin, world.colleague.id, disabled=True)
    set_user_disabled(
        world.store, world.sysadmin, world.colleague.id, disabled=True, reason="Left the council"
    )
    with pytest.raises(SignInRefused, match="disabled"):
        sign_in(world.store, "okafor")
    assert any(u.login == "okafor" and u.disabled for u in staff.users(world.store))
    assert last_audit(world.store).detail == {
        "disabled": {"from": False, "to": True},
        "reason": "Left the council",
    }
    set_user_disabled(world.store, world.sysadmin, world.colleague.id, disabled=False)
    assert sign_in(world.store, "okafor").login == "okafor"


def test_a_locked_screen_and_its_unlock_are_in_the_audit_trail(world: World) -> None:
    note_session_lock(world.store, world.colleague, idle_minutes=15)
    locked = last_audit(world.store)
    assert (locked.action, locked.user_login, locked.detail) == (
        "session.locked",
        "okafor",
        {"idle_minutes": 15},
    )
    assert unlock_session(world.store, "okafor") == world.colleague
    assert last_audit(world.store).action == "session.unlocked"


def test_an_unlock_refused_is_written_down_and_nothing_else_changes(world: World) -> None:
    set_user_disabled(
        world.store, world.sysadmin, world.colleague.id, disabled=True, reason="Left the council"
    )
    before = version(world.store, world.colleague.id)
    with pytest.raises(SignInRefused, match="disabled"):
        unlock_session(world.store, "okafor")
    refused = last_audit(world.store)
    assert (refused.action, refused.user_login) == ("session.unlock_refused", "okafor")
    assert "disabled" in refused.detail["reason"]
    assert version(world.store, world.colleague.id) == before


def test_signing_in_from_the_command_line_writes_nothing(world: World) -> None:
    """The command line lets a user in with a read (store.signin); the app notes the
    sign-in once the dashboard is on screen."""
    from caretui.store.queries.signin import check_sign_in

    before = last_audit(world.store).id
    assert check_sign_in(world.store, "okafor") == world.colleague
    assert last_audit(world.store).id == before
    with pytest.raises(SignInRefused, match="no caretui account"):
        check_sign_in(world.store, "nobody")


def test_the_last_system_admin_cannot_be_disabled_or_demoted(world: World) -> None:
    with pytest.raises(DomainError, match="own account"):
        set_user_disabled(
            world.store, world.sysadmin, world.sysadmin.id, disabled=True, reason="Testing"
        )
    with pytest.raises(DomainError, match="only active system admin"):
        update_user(
            world.store,
            world.sysadmin,
            world.sysadmin.id,
            expected_version=version(world.store, world.sysadmin.id),
            role=Role.PRACTITIONER,
        )


def test_the_access_review_lists_accounts_and_what_needs_doing(world: World) -> None:
    later = clock.today() + timedelta(days=70)
    rows = {r.login: r for r in access.access_review(world.store, world.sysadmin)}
    assert set(rows) >= {"morgan", "sharma", "lee"}
    lee = rows["lee"]
    assert (lee.role, lee.team, lee.status) == (Role.VIEWER, "North", AccessStatus.OK)
    assert lee.last_sign_in is not None
    assert lee.review_due_on == date(2027, 1, 24)
    # Seventy days on: Lee's access has ended, everyone else is due for review.
    rows = {r.login: r for r in access.access_review(world.store, world.sysadmin, later)}
    assert rows["lee"].status is AccessStatus.ENDED
    assert rows["sharma"].status is AccessStatus.REVIEW_DUE


def test_recording_a_review_extends_the_end_date_and_restarts_the_clock(world: World) -> None:
    new_end = clock.today() + timedelta(days=120)
    record_access_review(
        world.store,
        world.sysadmin,
        world.viewer.id,
        outcome="End date extended",
        access_ends=new_end,
    )
    row = next(r for r in access.access_review(world.store, world.sysadmin) if r.login == "lee")
    assert row.access_ends == new_end
    assert (row.last_outcome, row.last_reviewed_by) == ("End date extended", "Chris Morgan")
    entry = last_audit(world.store)
    assert entry.action == "access_review.record"
    assert entry.detail["access_ends"]["to"] == new_end.isoformat()
    with world.store.read() as session:
        assert len(session.exec(select(AccessReview)).all()) == 1


def test_a_review_that_closes_the_account_disables_it(world: World) -> None:
    record_access_review(
        world.store, world.sysadmin, world.viewer.id, outcome="Account closed: no longer needed"
    )
    with pytest.raises(SignInRefused):
        sign_in(world.store, "lee")


def test_cli_access_review_json(tmp_path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'live.db'}"
    monkeypatch.setenv("CARETUI_DATABASE_URL", url)
    monkeypatch.setattr(cli.getpass, "getuser", lambda: "morgan")
    store = open_store(url)
    make_world(store)
    store.dispose()
    assert cli.main(["admin", "access-review", "--json"]) == 0
    rows = {r["login"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["lee"]["role"] == "viewer" and rows["lee"]["access_ends"]
    assert rows["lee"]["status"] == "reviewed" and rows["lee"]["needs_action"] is False
    ends = clock.today() + timedelta(days=200)
    assert cli.main(["admin", "set-access-ends", "lee", ends.isoformat()]) == 0
    assert cli.main(["admin", "review", "lee", "--outcome", "Access still needed"]) == 0
    assert cli.main(["admin", "disable", "okafor", "--reason", "Left"]) == 0
    assert cli.main(["admin", "access-review"]) == 0
    out = capsys.readouterr().out
    assert "Access review" in out and "disabled" in out
    monkeypatch.setattr(cli.getpass, "getuser", lambda: "sharma")
    with pytest.raises(SystemExit):
        cli.main(["admin", "access-review"])
    assert "system admin" in capsys.readouterr().err
