"""The ``caretui`` command.

Heavy modules (Textual, the store) are imported inside the functions that need them so
``caretui --help`` and the shell commands start quickly.
"""

from __future__ import annotations

import argparse
import gc
import getpass
import json
import sys
from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, NoReturn

from caretui import __version__

if TYPE_CHECKING:
    from caretui.rules.permissions import Actor
    from caretui.store.db import Store

EXIT_REFUSED = 1
EXIT_STORE = 2


def fail(message: str, code: int = EXIT_REFUSED) -> NoReturn:
    print(f"caretui: {message}", file=sys.stderr)
    raise SystemExit(code)


def _date(text: str) -> date:
    from caretui.rules.validation import ValidationError, parse_date

    try:
        return parse_date(text)
    except ValidationError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="caretui",
        description="Case records for adult social care, from the keyboard. "
        "With no command, opens the live store as the signed-in computer user.",
    )
    parser.add_argument("--version", action="version", version=f"caretui {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    sandbox = sub.add_parser(
        "sandbox",
        help="open the training sandbox of made-up people",
        description="Open the training sandbox: a separate store full of made-up people. "
        "It is built on first use.",
    )
    sandbox.add_argument("--as", dest="login", metavar="LOGIN", help="sign in as this demo user")
    sandbox.add_argument("--reset", action="store_true", help="rebuild the sandbox and exit")
    sandbox.add_argument(
        "--persons",
        type=int,
        default=0,
        metavar="N",
        help="with --reset: add N generated people (with cases, activities, forms)",
    )

    users = sub.add_parser("users", help="list the accounts")
    users.add_argument("--sandbox", action="store_true", help="the sandbox's accounts")
    users.add_argument("--json", action="store_true", help="print a JSON list")

    admin = sub.add_parser("admin", help="set up the live store from the shell")
    admin_sub = admin.add_subparsers(dest="admin_command", metavar="ACTION", required=True)
    team = admin_sub.add_parser("create-team", help="add a team")
    team.add_argument("name")
    user = admin_sub.add_parser("create-user", help="add an account")
    user.add_argument("login", help="the person's login name on this computer")
    user.add_argument("--name", required=True, help='full name, e.g. "Priya Sharma"')
    user.add_argument(
        "--role",
        required=True,
        help="practitioner, manager, admin (CSO), student, viewer or system_admin",
    )
    user.add_argument("--team", required=True, help="team name (create it first)")
    user.add_argument("--designation", default="", help='job title, e.g. "Social Worker"')
    user.add_argument(
        "--access-ends", type=_date, default=None, metavar="DATE", help="last day of access"
    )
    review = admin_sub.add_parser(
        "access-review",
        help="list accounts: end dates, last sign-in, reviews due (protocol section 7)",
    )
    review.add_argument("--json", action="store_true", help="print a JSON list")
    reviewed = admin_sub.add_parser("review", help="record the access review of one account")
    reviewed.add_argument("login")
    reviewed.add_argument(
        "--outcome", required=True, help='e.g. "Access still needed" or "Account closed"'
    )
    reviewed.add_argument(
        "--access-ends", type=_date, default=None, metavar="DATE", help="a new last day of access"
    )
    ends = admin_sub.add_parser("set-access-ends", help="change an account's last day of access")
    ends.add_argument("login")
    ends.add_argument("access_ends", type=_date, metavar="DATE")
    admin_sub.add_parser(
        "encrypt-store",
        help="encrypt the live SQLite store once (needs encrypt = true under [store])",
    )
    disable = admin_sub.add_parser("disable", help="disable an account (it is never deleted)")
    disable.add_argument("login")
    disable.add_argument("--reason", required=True, help='e.g. "left the council"')
    for p in (team, user, review, reviewed, ends, disable):
        p.add_argument("--sandbox", action="store_true", help="act on the sandbox instead")

    audit = sub.add_parser("audit", help="check the audit trail")
    audit_sub = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = audit_sub.add_parser("verify", help="walk the hash chain and report a break")
    verify.add_argument("--sandbox", action="store_true", help="verify the sandbox's trail")
    viewed = audit_sub.add_parser(
        "who-viewed",
        help="who has looked at a person's record (for a subject access request)",
    )
    viewed.add_argument("person_id", type=int, metavar="PERSON_ID")
    viewed.add_argument("--csv", dest="csv_file", metavar="FILE", help="write the report as CSV")
    viewed.add_argument("--sandbox", action="store_true", help="report from the sandbox")
    return parser


# --- opening stores ---------------------------------------------------------------------


def _config():  # type: ignore[no-untyped-def]
    from caretui.config import ConfigError, load_config

    try:
        return load_config()
    except ConfigError as exc:
        fail(str(exc), EXIT_STORE)


def open_live() -> Store:
    from caretui.store.db import open_store
    from caretui.store.errors import StoreError

    config = _config()
    try:
        return open_store(config.live_url, sandbox=False, key=_live_key(config))
    except StoreError as exc:
        fail(str(exc), EXIT_STORE)


def _live_key(config) -> str | None:  # type: ignore[no-untyped-def]
    """The live store's encryption key when ``[store] encrypt = true`` (SQLite only)."""
    from pathlib import Path

    from sqlalchemy.engine import make_url

    from caretui.store import keys

    url = make_url(config.live_url)
    if not config.encrypt or url.get_backend_name() != "sqlite":
        return None
    path = Path(url.database or "")
    if keys.is_plain_sqlite(path):
        fail(
            f"The store {path} is not encrypted, but config.toml asks for encryption "
            "(encrypt = true under [store]). Encrypt it once with:  caretui admin encrypt-store",
            EXIT_STORE,
        )
    new = not path.exists() or path.stat().st_size == 0
    try:
        return keys.store_key(path, create=new)
    except keys.KeyProblem as exc:
        fail(str(exc), EXIT_STORE)


def open_sandbox(*, build_if_missing: bool = True) -> Store:
    from pathlib import Path

    from sqlalchemy.engine import make_url

    from caretui.store.db import open_store
    from caretui.store.errors import StoreError

    url = _config().sandbox_url
    path = Path(make_url(url).database or "")
    if not path.exists() or path.stat().st_size == 0:
        if not build_if_missing:
            fail("There is no sandbox yet. Build it with: caretui sandbox --reset")
        _build_sandbox(url, persons=0)
    try:
        return open_store(url, sandbox=True)
    except StoreError as exc:
        fail(f"{exc} (rebuild the sandbox with: caretui sandbox --reset)", EXIT_STORE)


def _build_sandbox(url: str, *, persons: int) -> None:
    from caretui.sandbox.build import build_sandbox

    if sys.stderr.isatty():
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        with Progress(
            TextColumn("[bold]Building the sandbox[/]"),
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.completed:,}/{task.total:,}"),
            TimeElapsedColumn(),
            transient=False,
        ) as bar:
            task = bar.add_task("", total=1)

            def progress(stage: str, done: int, total: int) -> None:
                bar.update(task, description=stage, completed=done, total=max(total, 1))

            build_sandbox(url, persons=persons, progress=progress)
    else:
        print("Building the sandbox...", file=sys.stderr)
        build_sandbox(url, persons=persons)


def _shell_actor(store: Store) -> Actor | None:
    """Who runs an admin command: nobody on an empty store, else the signed-in login."""
    from caretui.store.errors import PracticeError
    from caretui.store.ops.sessions import sign_in
    from caretui.store.queries import staff

    if staff.user_count(store) == 0:
        return None
    login = getpass.getuser()
    if store.sandbox:  # the trainer acts as the sandbox's own system admin
        admins = [u for u in staff.users(store) if u.role.value == "system_admin"]
        login = admins[0].login if admins else login
    try:
        return sign_in(store, login)
    except PracticeError as exc:
        fail(str(exc))


# --- commands -----------------------------------------------------------------------------


def run_live() -> int:
    from caretui.store.errors import PracticeError
    from caretui.store.queries import staff
    from caretui.store.queries.signin import check_sign_in

    store = open_live()
    login = getpass.getuser()
    if staff.user_count(store) == 0:
        fail(
            f"The store at {store.description} has no accounts yet. Create a team and the "
            "first system admin, who can then add everyone else:\n"
            '  caretui admin create-team "Systems Support"\n'
            f'  caretui admin create-user {login} --name "Your Name" --role system_admin '
            '--team "Systems Support"\n'
            "To try caretui with made-up people instead, run: caretui sandbox"
        )
    try:
        actor = check_sign_in(store, login)
    except PracticeError as exc:
        fail(str(exc))
    return _run_app(store, actor, sandbox=False)


def run_sandbox(args: argparse.Namespace) -> int:
    if args.persons and not args.reset:
        fail("--persons adds people when the sandbox is rebuilt: use it with --reset.")
    if args.persons < 0:
        fail("--persons must be 0 or more.")
    if args.reset:
        import time

        started = time.perf_counter()
        _build_sandbox(_config().sandbox_url, persons=args.persons)
        print(f"Sandbox rebuilt in {time.perf_counter() - started:.1f}s.", file=sys.stderr)
        return 0
    store = open_sandbox()
    actor = None
    if args.login:
        from caretui.store.errors import PracticeError
        from caretui.store.queries.signin import check_sign_in

        try:
            actor = check_sign_in(store, args.login)
        except PracticeError as exc:
            fail(f"{exc} (run 'caretui users --sandbox' to see the demo users)")
    return _run_app(store, actor, sandbox=True)


def _run_app(store: Store, actor: Actor | None, *, sandbox: bool) -> int:
    from caretui.app import CareApp

    primary = None
    if actor is not None:
        # The first list a practitioner sees is read before the screen exists, so the
        # dashboard's first paint already has it (nothing is drawing yet to wait on it).
        from caretui.store.errors import PracticeError
        from caretui.store.queries.worklists import primary_cases

        try:
            primary = primary_cases(store, actor)
        except PracticeError:
            primary = None
    # Everything imported so far lives as long as the program: move it out of the
    # collector's sight, so a collection while the first screen is drawn (or any later
    # one) does not walk every module of SQLAlchemy, pydantic and Textual.
    gc.freeze()
    gc.enable()
    app = CareApp(store=store, actor=actor, sandbox=sandbox, primary_cases=primary)
    app.run()
    store.dispose()
    return app.return_code or 0


def run_users(args: argparse.Namespace) -> int:
    from caretui.store.queries import staff

    store = open_sandbox(build_if_missing=True) if args.sandbox else open_live()
    rows = staff.users(store)
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "login": r.login,
                        "name": r.name,
                        "role": r.role.value,
                        "team": r.team,
                        "access_ends": r.access_ends.isoformat() if r.access_ends else None,
                    }
                    for r in rows
                ],
                indent=2,
            )
        )
        return 0
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Sandbox accounts" if args.sandbox else "Accounts", box=None)
    for heading in ("login", "name", "role", "team", "access ends"):
        table.add_column(heading)
    for r in rows:
        ends = r.access_ends.strftime("%d %b %Y") if r.access_ends else ""
        if r.disabled:
            ends = (ends + " (disabled)").strip()
        table.add_row(r.login, r.name, r.role_label, r.team, ends)
    Console().print(table)
    return 0


def run_admin(args: argparse.Namespace) -> int:
    from caretui.rules.roles import parse_role
    from caretui.store.errors import PracticeError
    from caretui.store.ops.accounts import create_team, create_user

    if args.admin_command == "encrypt-store":
        return _encrypt_store()
    store = open_sandbox() if args.sandbox else open_live()
    actor = _shell_actor(store)
    try:
        if args.admin_command in ACCOUNT_COMMANDS:
            if actor is None:
                fail("There are no accounts yet: create the first system admin.")
            return ACCOUNT_COMMANDS[args.admin_command](store, actor, args)
        if args.admin_command == "create-team":
            create_team(store, actor, args.name)
            print(f"Team '{args.name}' created.")
        else:
            try:
                role = parse_role(args.role)
            except ValueError as exc:
                fail(str(exc))
            create_user(
                store,
                actor,
                login=args.login,
                name=args.name,
                role=role,
                team=args.team,
                designation=args.designation,
                access_ends=args.access_ends,
            )
            print(f"Account '{args.login}' created ({role.label}, {args.team}).")
    except PracticeError as exc:
        fail(str(exc))
    return 0


# --- accounts and access review (S2) --------------------------------------------------------


def _access_review(store: Store, actor: Actor, args: argparse.Namespace) -> int:
    from caretui.store.queries import access

    rows = access.access_review(store, actor)
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "login": r.login,
                        "name": r.name,
                        "role": r.role.value,
                        "team": r.team,
                        "designation": r.designation,
                        "access_ends": r.access_ends.isoformat() if r.access_ends else None,
                        "disabled": r.disabled,
                        "last_sign_in": r.last_sign_in.isoformat(timespec="minutes")
                        if r.last_sign_in
                        else None,
                        "last_reviewed": r.last_reviewed_at.isoformat(timespec="minutes")
                        if r.last_reviewed_at
                        else None,
                        "last_reviewed_by": r.last_reviewed_by or None,
                        "last_outcome": r.last_outcome or None,
                        "review_due": r.review_due_on.isoformat(),
                        "status": r.status.value,
                        "needs_action": r.status.needs_action,
                    }
                    for r in rows
                ],
                indent=2,
            )
        )
        return 0
    from rich.console import Console
    from rich.table import Table

    from caretui.rules.access import SHORT_ROLE

    def short(day: date | None) -> str:
        return f"{day:%d/%m/%y}" if day else ""

    table = Table(title="Access review", box=None, padding=(0, 1, 0, 0))
    for heading in ("login", "name", "role", "team", "ends", "last in", "review"):
        table.add_column(heading, no_wrap=True, overflow="ellipsis")
    table.columns[1].max_width = 14
    table.columns[3].max_width = 10
    words = {"past end date": "ENDED", "ends soon": "ending", "review due": "DUE"}
    for r in rows:
        table.add_row(
            r.login,
            r.name,
            SHORT_ROLE[r.role],
            r.team,
            short(r.access_ends),
            short(r.last_sign_in.date()) if r.last_sign_in else "never",
            words.get(r.status.value, "disabled" if r.disabled else short(r.review_due_on)),
        )
    Console().print(table)
    due = sum(r.status.needs_action for r in rows)
    print(f"{due} account(s) need action." if due else "No accounts need action.")
    return 0


def _user_id(store: Store, login: str) -> tuple[int, int]:
    from caretui.store.queries import staff

    for row in staff.users(store):
        if row.login == login:
            from caretui.store.models import User

            with store.read() as session:
                user = session.get(User, row.id)
                assert user is not None
                return row.id, user.version
    fail(f"There is no account with the login '{login}'.")


def _review(store: Store, actor: Actor, args: argparse.Namespace) -> int:
    from caretui.store.ops.accounts import record_access_review

    user_id, _ = _user_id(store, args.login)
    record_access_review(store, actor, user_id, outcome=args.outcome, access_ends=args.access_ends)
    print(f"Review of '{args.login}' recorded: {args.outcome}.")
    return 0


def _set_access_ends(store: Store, actor: Actor, args: argparse.Namespace) -> int:
    from caretui.store.ops.accounts import update_user

    user_id, version = _user_id(store, args.login)
    update_user(store, actor, user_id, expected_version=version, access_ends=args.access_ends)
    print(f"Access for '{args.login}' now ends on {args.access_ends:%d %B %Y}.")
    return 0


def _disable(store: Store, actor: Actor, args: argparse.Namespace) -> int:
    from caretui.store.ops.accounts import set_user_disabled

    user_id, _ = _user_id(store, args.login)
    set_user_disabled(store, actor, user_id, disabled=True, reason=args.reason)
    print(f"Account '{args.login}' disabled. Their records keep their name as author.")
    return 0


def _encrypt_store() -> int:
    """Encrypt a plain live store in place, then check it opens with its new key."""
    from pathlib import Path

    from sqlalchemy.engine import make_url

    from caretui.store import keys

    config = _config()
    url = make_url(config.live_url)
    if url.get_backend_name() != "sqlite":
        fail("Only a SQLite store is encrypted by caretui; a team database is the server's.")
    if not config.encrypt:
        fail("Set encrypt = true under [store] in config.toml first, then run this again.")
    path = Path(url.database or "")
    if not keys.is_plain_sqlite(path):
        fail(f"{path} is not a plain SQLite store (it may be encrypted already).")
    try:
        keys.encrypt_file(path, keys.store_key(path, create=True))
    except keys.KeyProblem as exc:
        fail(str(exc), EXIT_STORE)
    open_live().dispose()
    print(
        f"{path} is now encrypted; its key is in the keyring (service caretui). "
        "Keep a copy of the key somewhere safe: without it the store cannot be read."
    )
    return 0


ACCOUNT_COMMANDS: dict[str, Callable[[Store, Actor, argparse.Namespace], int]] = {
    "access-review": _access_review,
    "review": _review,
    "set-access-ends": _set_access_ends,
    "disable": _disable,
}


def run_audit(args: argparse.Namespace) -> int:
    from caretui.store import audit

    if args.audit_command == "who-viewed":
        return _who_viewed(args)
    store = open_sandbox(build_if_missing=False) if args.sandbox else open_live()
    with store.read() as session:
        report = audit.verify(session)
        head = audit.head(session)
    if report.ok:
        print(f"Audit trail intact: {report.entries:,} entries verified.")
        if head:
            print(f"Newest entry and its hash (note it to check the trail later): {head}")
        return 0
    print(
        f"Audit trail BROKEN at entry {report.broken_at}: {report.reason}. "
        "Entries from this one on cannot be trusted: "
        "report it to your information governance lead.",
        file=sys.stderr,
    )
    return 3


def _who_viewed(args: argparse.Namespace) -> int:
    from caretui.store.errors import PracticeError
    from caretui.store.ops.viewing import export_who_viewed
    from caretui.store.queries import audit_trail

    store = open_sandbox(build_if_missing=False) if args.sandbox else open_live()
    actor = _shell_actor(store)
    if actor is None:
        fail("There are no accounts yet.")
    try:
        if args.csv_file:
            count = export_who_viewed(store, actor, args.person_id, args.csv_file)
            print(
                f"{count} look(s) at person {args.person_id}'s record written to {args.csv_file}."
            )
            return 0
        rows = audit_trail.who_viewed(store, actor, args.person_id)
    except PracticeError as exc:
        fail(str(exc))
    if not rows:
        print(f"Nobody has opened person {args.person_id}'s record.")
    for r in rows:
        print(f"{r.at:%d %b %Y %H:%M}  {r.name} ({r.login}, {r.team})  {r.what}  [{r.origin}]")
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "sandbox": run_sandbox,
    "users": run_users,
    "admin": run_admin,
    "audit": run_audit,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command is None or (args.command == "sandbox" and not args.reset):
        # Opening the app imports thousands of long-lived objects and makes almost no
        # garbage: collecting while importing only slows the start (see _run_app).
        gc.disable()
    try:
        if args.command is None:
            return run_live()
        return COMMANDS[args.command](args)
    except BrokenPipeError:  # e.g. `caretui users --json | head`
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
