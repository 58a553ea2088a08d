"""Issue 13: start-up and the store's address, as a support desk meets them in the shell.

Whatever is wrong with where the store is (an address that is not one, a store in
memory, PostgreSQL without its driver, a mistyped path, a blank setting, a folder, a
read-only data folder), each command says so in one line starting ``caretui: ``, with
what to do, exits non-zero, shows no traceback and makes nothing: only the first-time
set-up (``caretui admin create-team`` / ``create-user``) creates a live store.

Each case runs the real program in a child process, as a person would. The live commands
read the address from ``CARETUI_DATABASE_URL``; the sandbox reads its own from
``sandbox_path`` under ``[store]`` in config.toml (it never uses the live store's).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from caretui.config import config_path, data_dir

# The program as the console script runs it; BLOCKED modules fail to import, as they do
# where they are not installed (a None in sys.modules makes `import` raise ImportError).
RUNNER = """
import sys
for name in {blocked!r}:
    sys.modules[name] = None
from caretui.cli import main
sys.exit(main(sys.argv[1:]))
"""

LIVE_COMMANDS = {"caretui": [], "users": ["users"], "audit verify": ["audit", "verify"]}
COMMANDS = [*LIVE_COMMANDS, "sandbox"]


def caretui(
    *argv: str,
    url: str | None = None,
    blocked: tuple[str, ...] = (),
    cwd: Path | None = None,
    wrap: list[str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run ``caretui ARGV`` in a child process (never on a terminal: stdin is empty)."""
    env = dict(os.environ)
    env.pop("CARETUI_DATABASE_URL", None)
    if url is not None:
        env["CARETUI_DATABASE_URL"] = url
    command = [sys.executable, "-c", RUNNER.format(blocked=blocked), *argv]
    return subprocess.run(
        [*(wrap or []), *command],
        env=env,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def said_in_one_line(done: subprocess.CompletedProcess[str]) -> str:
    """The one line on stderr, after checking the command failed in words."""
    assert done.returncode != 0, done.stdout
    assert "Traceback" not in done.stderr, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("caretui: "), done.stderr
    return lines[0]


def every_path(root: Path) -> set[Path]:
    return {root, *root.rglob("*")}


# --- a bad address, for every command -----------------------------------------------------------


@dataclass(frozen=True)
class Bad:
    """An address that cannot be a store, and what each kind of command must say."""

    name: str
    address: Callable[[Path], str]
    live_says: str
    sandbox_says: str
    blocked: tuple[str, ...] = ()


BAD = [
    Bad("not an address", lambda _: "not-a-url://x", "not a store address", "database address"),
    Bad(
        "port not a number",
        lambda _: "postgresql://carer:s3cret@localhost:notaport/caretui",
        "not a store address",
        "database address",
    ),
    Bad("in memory", lambda _: "sqlite://", "keeps nothing", "database address"),
    Bad(
        "PostgreSQL without psycopg",
        lambda _: "postgresql://carer@127.0.0.1:9/caretui",
        "pip install 'caretui[postgres]'",
        "database address",
        blocked=("psycopg",),
    ),
    Bad(
        "mistyped folder",
        lambda tmp: str(tmp / "no-such-folder" / "store.db"),
        "caretui admin create-team",
        "caretui sandbox --reset",
    ),
    Bad(
        "mistyped file",
        lambda tmp: str(tmp / "typo.db"),
        "caretui admin create-team",
        "caretui sandbox --reset",
    ),
    Bad("blank", lambda _: " ", "is blank", "is blank"),
    Bad("a folder", lambda tmp: str(tmp / "a-folder"), "is a folder", "is a folder"),
]


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("bad", BAD, ids=[b.name for b in BAD])
def test_a_bad_address_is_refused_in_one_line_and_nothing_is_made(
    bad: Bad, command: str, tmp_path: Path
) -> None:
    (tmp_path / "a-folder").mkdir()
    here = tmp_path / "working-folder"  # a blank or relative path would land here
    here.mkdir()
    address = bad.address(tmp_path)
    if command == "sandbox":
        config_path().parent.mkdir(parents=True)
        config_path().write_text(f'[store]\nsandbox_path = "{address}"\n', encoding="utf-8")
        url = None
    else:
        url = address
    before = every_path(tmp_path)

    done = caretui(*LIVE_COMMANDS.get(command, ["sandbox"]), url=url, blocked=bad.blocked, cwd=here)

    line = said_in_one_line(done)
    assert (bad.sandbox_says if command == "sandbox" else bad.live_says) in line
    assert "s3cret" not in line  # a password in the address is never shown
    assert every_path(tmp_path) == before  # no store, no folder, no sandbox made


def test_the_live_store_is_not_made_by_looking_for_it(tmp_path: Path) -> None:
    """The data folder's own store is missing until set up; asking for it makes nothing."""
    for argv in (["users"], ["audit", "verify"], ["admin", "access-review"]):
        line = said_in_one_line(caretui(*argv))
        assert "There is no caretui store" in line and "caretui admin create-team" in line
    assert not data_dir().exists()
    first = caretui()  # the first-time guide, as before: how to set up the first admin
    assert first.returncode == 1 and "Traceback" not in first.stderr
    assert "no accounts yet" in first.stderr and "--role system_admin" in first.stderr
    assert not data_dir().exists()


def test_the_first_time_set_up_still_creates_the_store_and_its_folder(tmp_path: Path) -> None:
    path = tmp_path / "new-folder" / "live.db"
    made = caretui("admin", "create-team", "Systems Support", url=str(path))
    assert made.returncode == 0, made.stderr
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700
    listed = caretui("users", "--json", url=str(path))
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.strip() == "[]"


@pytest.mark.postgres
def test_an_empty_postgresql_database_is_not_a_store_until_set_up(
    postgresql_server: tuple[str, int],
) -> None:
    import psycopg

    host, port = postgresql_server
    name = f"caretui_empty_{os.getpid()}"
    admin = {"host": host, "port": port, "user": "postgres", "autocommit": True}
    with psycopg.connect(dbname="postgres", **admin) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    url = f"postgresql://postgres@{host}:{port}/{name}"
    try:
        line = said_in_one_line(caretui("users", url=url))
        assert "holds no caretui store yet" in line and "caretui admin create-team" in line
        with psycopg.connect(dbname=name, **admin) as conn:
            tables = conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
            assert tables.fetchone() == (0,)  # nothing was made
        made = caretui("admin", "create-team", "Systems Support", url=url)
        assert made.returncode == 0, made.stderr
        assert caretui("users", "--json", url=url).returncode == 0
    finally:
        with psycopg.connect(dbname="postgres", **admin) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


# --- a read-only data folder --------------------------------------------------------------------

READ_ONLY_MISSING = "a way to make a folder read-only for root (unshare --mount, mount --bind)"


@pytest.fixture
def read_only() -> Iterator[Callable[[Path], list[str]]]:
    """Run a command with a folder read-only: ``wrap(folder)`` prefixes its command line.

    File modes do not stop root (the tests run as root in CI), so there the folder is
    bind-mounted read-only in a mount namespace of the child's own (``unshare``): the
    real "Read-only file system". Anyone else gets a folder without write permission.
    Where root cannot do that the test skips, except in CI (``CI`` set), where it fails.
    """
    if os.geteuid() != 0:
        changed: list[tuple[Path, int]] = []

        def without_write(folder: Path) -> list[str]:
            changed.append((folder, folder.stat().st_mode))
            folder.chmod(0o555)
            return []

        yield without_write
        for folder, mode in changed:
            folder.chmod(mode)
        return
    problem = _cannot_mount_read_only()
    if problem:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the read-only tests, but {problem}")
        pytest.skip(f"needs {READ_ONLY_MISSING}: {problem}")

    def mounted_read_only(folder: Path) -> list[str]:
        script = 'mount --bind -o ro "$0" "$0" && exec "$@"'
        return ["unshare", "--mount", "--propagation", "private", "sh", "-c", script, str(folder)]

    yield mounted_read_only


def _cannot_mount_read_only() -> str:
    """Why a read-only bind mount cannot be made here, or '' when it can."""
    if not (shutil.which("unshare") and shutil.which("mount")):
        return "unshare and mount are not installed (util-linux, mount)"
    with tempfile.TemporaryDirectory() as folder:
        probe = 'mount --bind -o ro "$0" "$0" && ! touch "$0/probe" 2>/dev/null'
        tried = subprocess.run(
            ["unshare", "--mount", "--propagation", "private", "sh", "-c", probe, folder],
            capture_output=True,
            text=True,
            check=False,
        )
        if tried.returncode != 0:
            return f"a read-only bind mount failed: {tried.stderr.strip() or tried.returncode}"
    return ""


@pytest.fixture(scope="module")
def built_sandbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from caretui.sandbox.build import build_sandbox

    path = tmp_path_factory.mktemp("sandbox") / "sandbox.db"
    build_sandbox(f"sqlite:///{path}")
    return path


@pytest.mark.parametrize(
    "argv", [["sandbox"], ["users", "--sandbox"], ["admin", "create-team", "Systems Support"]]
)
def test_an_empty_read_only_data_folder_is_named_with_how_to_choose_another(
    argv: list[str], read_only: Callable[[Path], list[str]]
) -> None:
    folder = data_dir()
    folder.mkdir(parents=True, mode=0o700)
    line = said_in_one_line(caretui(*argv, wrap=read_only(folder)))
    assert f"The folder {folder} is read-only" in line
    assert "XDG_DATA_HOME" in line  # how to choose another folder
    assert list(folder.iterdir()) == []


def test_a_read_only_folder_above_the_data_folder_is_named(
    read_only: Callable[[Path], list[str]],
) -> None:
    above = data_dir().parent  # XDG_DATA_HOME, without its caretui folder yet
    above.mkdir(parents=True)
    line = said_in_one_line(caretui("sandbox", wrap=read_only(above)))
    assert f"The folder {above} is read-only" in line and str(data_dir()) in line
    assert list(above.iterdir()) == []


@pytest.mark.parametrize(
    "argv",
    [
        ["sandbox"],
        ["users", "--sandbox"],
        ["audit", "verify", "--sandbox"],
        [],
        ["users"],
        ["audit", "verify"],
    ],
    ids=lambda argv: " ".join(argv) or "caretui",
)
def test_stores_in_a_read_only_data_folder_are_said_to_be_read_only_not_to_be_rebuilt(
    argv: list[str], built_sandbox: Path, read_only: Callable[[Path], list[str]]
) -> None:
    from caretui.store.db import open_store

    folder = data_dir()
    folder.mkdir(parents=True, mode=0o700)
    shutil.copy2(built_sandbox, folder / "sandbox.db")
    open_store(f"sqlite:///{folder / 'caretui.db'}").dispose()
    before = {p.name: p.read_bytes() for p in folder.iterdir()}

    line = said_in_one_line(caretui(*argv, wrap=read_only(folder)))

    assert f"The folder {folder} is read-only" in line
    assert "--reset" not in line  # a rebuild would throw the trainer's sandbox away
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
