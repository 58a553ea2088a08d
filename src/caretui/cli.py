"""The ``caretui`` command.

Heavy modules (Textual, the store) are imported inside the functions that need them so
``caretui --help`` and the shell commands start quickly. Opening a store for a command is
in :mod:`caretui.cli_stores`; the admin and audit commands are in :mod:`caretui.cli_admin`.
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
from caretui.cli_admin import run_admin, run_audit
from caretui.cli_stores import (
    build_sandbox_at,
    fail,
    open_live,
    open_sandbox,
    sandbox_address,
)

if TYPE_CHECKING:
    from caretui.rules.permissions import Actor
    from caretui.store.db import Store


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


# --- commands -----------------------------------------------------------------------------


def run_live() -> int:
    from caretui.store.errors import PracticeError
    from caretui.store.queries import staff
    from caretui.store.queries.signin import check_sign_in

    def not_set_up(where: str) -> NoReturn:
        _set_up_first(f"No live store has been set up at {where} yet, so there are no accounts yet")

    login = getpass.getuser()
    store = open_live(first_run=not_set_up)
    if staff.user_count(store) == 0:
        _set_up_first(f"The store at {store.description} has no accounts yet")
    try:
        actor = check_sign_in(store, login)
    except PracticeError as exc:
        fail(str(exc))
    return _run_app(store, actor, sandbox=False)


def _set_up_first(why: str) -> NoReturn:
    """Say how a live store with no accounts (or none yet at all) is set up."""
    fail(
        f"{why}. Create a team and the first system admin, who can then add everyone "
        "else:\n"
        '  caretui admin create-team "Systems Support"\n'
        f'  caretui admin create-user {getpass.getuser()} --name "Your Name" '
        '--role system_admin --team "Systems Support"\n'
        "To try caretui with made-up people instead, run: caretui sandbox"
    )


def run_sandbox(args: argparse.Namespace) -> int:
    if args.persons and not args.reset:
        fail("--persons adds people when the sandbox is rebuilt: use it with --reset.")
    if args.persons < 0:
        fail("--persons must be 0 or more.")
    if args.reset:
        import time

        started = time.perf_counter()
        build_sandbox_at(sandbox_address(), persons=args.persons)
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
    from caretui.widgets.draft_keeper import drain

    drain(timeout=10)  # the drafts written as the app closed reach the store first
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
