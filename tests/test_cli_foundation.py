"""The ``caretui`` command as a support desk or a trainer uses it from the shell.

Each test runs with its own XDG data and config folders (the autouse fixture), so the
live store and the sandbox are fresh files. The login is set through ``USER``/``LOGNAME``,
which is where ``getpass.getuser`` looks first.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from caretui.cli import main
from caretui.rules.roles import Role

ROLES = {r.value for r in Role}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def login(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("USER", "jbloggs")
    monkeypatch.setenv("LOGNAME", "jbloggs")
    return "jbloggs"


def data_home() -> Path:
    return Path(os.environ["XDG_DATA_HOME"]) / "caretui"


def test_users_json_lists_the_sandbox_accounts_with_the_documented_keys(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _err = run(capsys, "users", "--sandbox", "--json")
    assert code == 0
    accounts = json.loads(out)
    assert len(accounts) >= 12
    assert all(set(a) == {"login", "name", "role", "team", "access_ends"} for a in accounts)
    assert {a["role"] for a in accounts} == ROLES
    viewers = [a for a in accounts if a["role"] == "viewer"]
    assert viewers and all(a["access_ends"] for a in viewers)
    assert len({a["team"] for a in accounts}) >= 3
    assert (data_home() / "sandbox.db").exists()
    assert not (data_home() / "caretui.db").exists()  # the sandbox never touches live data


def test_an_empty_live_store_says_how_to_create_the_first_system_admin(
    capsys: pytest.CaptureFixture[str], login: str
) -> None:
    code, _out, err = run(capsys)
    assert code == 1
    assert "no accounts yet" in err
    assert f"caretui admin create-user {login}" in err
    assert "--role system_admin" in err


def test_setting_up_a_live_store_from_the_shell(
    capsys: pytest.CaptureFixture[str], login: str
) -> None:
    assert run(capsys, "admin", "create-team", "Systems Support")[0] == 0
    code, out, _ = run(
        capsys,
        "admin",
        "create-user",
        login,
        "--name",
        "Jo Bloggs",
        "--role",
        "system_admin",
        "--team",
        "Systems Support",
    )
    assert code == 0, out
    assert run(capsys, "admin", "create-team", "North Community Assessment")[0] == 0
    code, _out, err = run(
        capsys,
        "admin",
        "create-user",
        "visitor",
        "--name",
        "Val Visitor",
        "--role",
        "viewer",
        "--team",
        "North Community Assessment",
    )
    assert code == 1
    assert "end date" in err.lower()
    code, _out, _err = run(
        capsys,
        "admin",
        "create-user",
        "visitor",
        "--name",
        "Val Visitor",
        "--role",
        "viewer",
        "--team",
        "North Community Assessment",
        "--access-ends",
        "31/01/2027",
    )
    assert code == 0
    code, out, _ = run(capsys, "users", "--json")
    accounts = {a["login"]: a for a in json.loads(out)}
    assert accounts[login]["role"] == "system_admin"
    assert accounts["visitor"]["access_ends"] == "2027-01-31"
    store = data_home() / "caretui.db"
    assert oct(store.stat().st_mode & 0o777) == "0o600"
    assert oct(store.parent.stat().st_mode & 0o777) == "0o700"


def test_an_unknown_login_is_told_who_can_add_them(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("USER", "admin1")
    monkeypatch.setenv("LOGNAME", "admin1")
    run(capsys, "admin", "create-team", "Systems Support")
    run(
        capsys,
        *("admin", "create-user", "admin1", "--name", "Ada Admin"),
        *("--role", "system_admin", "--team", "Systems Support"),
    )
    monkeypatch.setenv("USER", "stranger")
    monkeypatch.setenv("LOGNAME", "stranger")
    code, _out, err = run(capsys)
    assert code == 1
    assert "no caretui account for the login 'stranger'" in err
    assert "Ada Admin" in err


def test_a_bad_date_is_refused_in_words(capsys: pytest.CaptureFixture[str], login: str) -> None:
    with pytest.raises(SystemExit):
        main(
            [
                *("admin", "create-user", "x", "--name", "X"),
                *("--role", "viewer", "--team", "T", "--access-ends", "31/02/2027"),
            ]
        )
    assert "31/02/2027" in capsys.readouterr().err


def test_persons_needs_reset(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "sandbox", "--persons", "5")
    assert code == 1
    assert "--reset" in err


def test_database_url_selects_another_sqlite_store(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere" / "team.db"
    monkeypatch.setenv("CARETUI_DATABASE_URL", str(elsewhere))
    assert run(capsys, "admin", "create-team", "Hospital Discharge Team")[0] == 0
    assert elsewhere.exists()
    assert not (data_home() / "caretui.db").exists()


def test_the_console_script_rebuilds_a_bigger_sandbox_and_its_audit_trail_verifies() -> None:
    """The installed command, as a trainer runs it (not on a terminal: no progress bar)."""
    env = dict(os.environ)
    script = Path(sys.executable).with_name("caretui")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "caretui.cli"]
    built = subprocess.run(
        [*command, "sandbox", "--reset", "--persons", "300"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    assert "Sandbox rebuilt" in built.stderr
    from caretui.store.db import open_store
    from caretui.store.models import Person

    store = open_store(f"sqlite:///{data_home() / 'sandbox.db'}", sandbox=True)
    try:
        with store.read() as session:
            from sqlmodel import func, select

            people = session.exec(select(func.count()).select_from(Person)).one()
    finally:
        store.dispose()
    assert people >= 360  # the 60+ story people and the 300 generated
    verified = subprocess.run(
        [*command, "audit", "verify", "--sandbox"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert verified.returncode == 0, verified.stderr
    assert "intact" in verified.stdout
