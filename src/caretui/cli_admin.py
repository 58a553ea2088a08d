"""The commands a system admin runs from the shell: ``caretui admin`` (teams, accounts,
access reviews, encrypting the store) and ``caretui audit`` (the hash chain, who viewed a
record). What they change or report on, they do as the signed-in computer user (in the
sandbox, as its own system admin), through the same ops as the screens.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from caretui.cli_stores import (
    EXIT_STORE,
    fail,
    live_address,
    open_live,
    open_sandbox,
    read_config,
)

if TYPE_CHECKING:
    from caretui.rules.permissions import Actor
    from caretui.store.db import Store


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


def run_admin(args: argparse.Namespace) -> int:
    from caretui.rules.roles import parse_role
    from caretui.store.errors import PracticeError
    from caretui.store.ops.accounts import create_team, create_user

    if args.admin_command == "encrypt-store":
        return _encrypt_store()
    # Only the first-time set-up makes a live store where there is none (README).
    setting_up = args.admin_command in ("create-team", "create-user")
    store = open_sandbox() if args.sandbox else open_live(create=setting_up)
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
    from caretui.store import keys
    from caretui.store.address import check_address, sqlite_path
    from caretui.store.errors import StoreError

    config = read_config()
    address = live_address()
    try:
        path = sqlite_path(address)
        if path is not None:
            check_address(address, create=False)
    except StoreError as exc:
        fail(str(exc), EXIT_STORE)
    if path is None:
        fail("Only a SQLite store is encrypted by caretui; a team database is the server's.")
    if not config.encrypt:
        fail("Set encrypt = true under [store] in config.toml first, then run this again.")
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


# --- the audit trail ----------------------------------------------------------------------


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
