"""Teams and user accounts (S1, S2): created, changed, disabled and reviewed by a system admin."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from caretui.rules import clock
from caretui.rules.permissions import (
    Action,
    Actor,
    PermissionDenied,
    require,
)
from caretui.rules.roles import Role
from caretui.store.db import Store
from caretui.store.errors import (
    DomainError,
    StaleRecord,
)
from caretui.store.models import (
    AccessReview,
    Team,
    User,
)
from caretui.store.ops.writing import add_record, changes, get_row, record_audit, transaction


def _require_admin_or_bootstrap(session: Session, actor: Actor | None) -> None:
    """An empty store may be set up from the shell; after that only system admins manage."""
    if actor is not None:
        require(actor, Action.MANAGE_USERS)
        return
    if session.exec(select(func.count()).select_from(User)).one() > 0:
        raise PermissionDenied(
            "Only a system administrator can add users and teams. "
            "Run this command signed in as a system admin."
        )


def create_team(store: Store, actor: Actor | None, name: str) -> int:
    name = " ".join(name.split())
    if not name:
        raise DomainError("A team needs a name.")
    with transaction(store) as session:
        _require_admin_or_bootstrap(session, actor)
        if session.exec(select(Team).where(Team.name == name)).first():
            raise DomainError(f"There is already a team called '{name}'.")
        team = Team(name=name, created_at=clock.now())
        session.add(team)
        session.flush()
        record_audit(session, store, actor, "team.create", "team", team.id, detail={"name": name})
        assert team.id is not None
        return team.id


def create_user(
    store: Store,
    actor: Actor | None,
    *,
    login: str,
    name: str,
    role: Role,
    team: str,
    designation: str = "",
    access_ends: date | None = None,
) -> int:
    role = Role(role)
    login = login.strip()
    if not login or " " in login:
        raise DomainError("A login is one word, as the person signs in to the computer.")
    if not name.strip():
        raise DomainError("A user needs a full name.")
    if role is Role.VIEWER and access_ends is None:
        raise DomainError(
            "A view-only account needs an access end date (--access-ends YYYY-MM-DD): "
            "the access protocol allows non-standard access only for a set period."
        )
    if access_ends is not None and access_ends < clock.today():
        raise DomainError("An account's access end date cannot be in the past.")
    with transaction(store) as session:
        empty = session.exec(select(func.count()).select_from(User)).one() == 0
        _require_admin_or_bootstrap(session, actor)
        if actor is None and empty and role is not Role.SYSTEM_ADMIN:
            raise DomainError(
                "The first account in a new store must be a system admin "
                "(--role system_admin), who can then add everyone else."
            )
        team_row = session.exec(select(Team).where(Team.name == team)).first()
        if team_row is None:
            raise DomainError(
                f"There is no team called '{team}'. Create it first: "
                f'caretui admin create-team "{team}"'
            )
        if session.exec(select(User).where(User.login == login)).first():
            raise DomainError(f"There is already an account with the login '{login}'.")
        user = User(
            login=login,
            name=" ".join(name.split()),
            role=role.value,
            team_id=team_row.id,  # type: ignore[arg-type]
            designation=designation,
            access_ends=access_ends,
            created_at=clock.now(),
        )
        session.add(user)
        try:
            session.flush()
        except IntegrityError as exc:
            raise DomainError(f"The account '{login}' could not be created: {exc.orig}") from exc
        record_audit(
            session,
            store,
            actor,
            "user.create",
            "user",
            user.id,
            detail={
                "login": login,
                "role": role.value,
                "team": team,
                "access_ends": access_ends,
            },
        )
        assert user.id is not None
        return user.id


USER_FIELDS = ("name", "role", "team_id", "designation", "email", "phone", "access_ends")


def _get_user(session: Session, user_id: int) -> User:
    user = get_row(session, User, user_id, "account")
    return user


def _keeps_a_system_admin(session: Session, user: User) -> None:
    """Refuse a change that would leave nobody able to manage accounts."""
    others = session.exec(
        select(func.count())
        .select_from(User)
        .where(
            User.role == Role.SYSTEM_ADMIN,
            col(User.disabled).is_(False),
            User.id != user.id,
        )
    ).one()
    if others == 0:
        raise DomainError(
            f"{user.name} is the only active system admin. Make someone else a system admin "
            "first, so that accounts can still be managed."
        )


def _check_access_ends(role: str, access_ends: date | None, changed: bool) -> None:
    if role == Role.VIEWER and access_ends is None:
        raise DomainError(
            "A view-only account needs an access end date: the access protocol allows "
            "non-standard access only for a set period."
        )
    if changed and access_ends is not None and access_ends < clock.today():
        raise DomainError(
            "An access end date cannot be in the past. To end someone's access now, "
            "disable the account instead."
        )


def update_user(
    store: Store, actor: Actor, user_id: int, *, expected_version: int, **fields: Any
) -> int:
    """Change an account's name, role, team, designation, contact details or end date.

    Every changed field is audited with its old and new value (so an extended end date
    shows who extended it, when, and from what). Returns the account's new version.
    """
    unknown = set(fields) - set(USER_FIELDS)
    if unknown:
        raise ValueError(f"not user fields: {sorted(unknown)}")
    if "role" in fields:
        fields["role"] = Role(fields["role"]).value
    if "name" in fields:
        fields["name"] = " ".join(str(fields["name"]).split())
        if not fields["name"]:
            raise DomainError("A user needs a full name.")
    with transaction(store) as session:
        require(actor, Action.MANAGE_USERS)
        user = _get_user(session, user_id)
        if user.version != expected_version:
            raise StaleRecord("account", "another system admin", clock.now())
        diff = changes({k: getattr(user, k) for k in fields}, fields)
        if not diff:
            return user.version
        if "team_id" in diff and session.get(Team, fields["team_id"]) is None:
            raise DomainError("Choose a team that exists.")
        if "role" in diff and user.role == Role.SYSTEM_ADMIN:
            _keeps_a_system_admin(session, user)
        _check_access_ends(
            fields.get("role", user.role),
            fields.get("access_ends", user.access_ends),
            "access_ends" in diff,
        )
        for key, value in fields.items():
            setattr(user, key, value)
        user.version += 1
        session.add(user)
        record_audit(session, store, actor, "user.update", "user", user.id, detail=diff)
        return user.version


def set_user_disabled(
    store: Store, actor: Actor, user_id: int, *, disabled: bool, reason: str = ""
) -> None:
    """Disable (or re-enable) an account. Accounts are never deleted: what a person
    recorded keeps its author."""
    if disabled and not reason.strip():
        raise DomainError("Say why the account is being disabled (for example: left the team).")
    with transaction(store) as session:
        require(actor, Action.MANAGE_USERS)
        user = _get_user(session, user_id)
        if user.disabled == disabled:
            state = "disabled" if disabled else "active"
            raise DomainError(f"The account '{user.login}' is already {state}.")
        if disabled and user.id == actor.id:
            raise DomainError("You cannot disable your own account.")
        if disabled and user.role == Role.SYSTEM_ADMIN:
            _keeps_a_system_admin(session, user)
        user.disabled = disabled
        user.version += 1
        session.add(user)
        record_audit(
            session,
            store,
            actor,
            "user.disable" if disabled else "user.enable",
            "user",
            user.id,
            detail={"disabled": {"from": not disabled, "to": disabled}, "reason": reason.strip()},
        )


def record_access_review(
    store: Store,
    actor: Actor,
    user_id: int,
    *,
    outcome: str,
    access_ends: date | None = None,
) -> int:
    """Record the two-monthly access review of one account (protocol section 7).

    With ``access_ends`` the end date moves in the same transaction and the audit entry
    shows it; an outcome of "Account closed" disables the account.
    """
    outcome = " ".join(outcome.split())
    if not outcome:
        raise DomainError("Choose the outcome of the review.")
    with transaction(store) as session:
        require(actor, Action.REVIEW_ACCESS)
        user = _get_user(session, user_id)
        detail: dict[str, Any] = {"login": user.login, "outcome": outcome}
        closing = outcome.lower().startswith("account closed")
        if access_ends is not None and access_ends != user.access_ends:
            _check_access_ends(user.role, access_ends, changed=True)
            detail["access_ends"] = {"from": user.access_ends, "to": access_ends}
            user.access_ends = access_ends
        if closing and not user.disabled:
            if user.id == actor.id:
                raise DomainError("You cannot close your own account.")
            if user.role == Role.SYSTEM_ADMIN:
                _keeps_a_system_admin(session, user)
            detail["disabled"] = {"from": False, "to": True}
            user.disabled = True
        if "access_ends" in detail or "disabled" in detail:
            user.version += 1
            session.add(user)
        review = AccessReview(
            user_id=user_id, reviewed_by_id=actor.id, reviewed_at=clock.now(), outcome=outcome
        )
        return add_record(session, store, actor, review, "access_review.record", detail=detail)
