"""The only writer: one function per thing a user does.

Every op takes the acting user, asks ``rules.permissions``, applies the rules, writes
the change and its audit entry in one transaction, and raises a
:class:`~caretui.store.errors.DomainError` (or ``PermissionDenied``) whose message a
practitioner can act on. Screens call these from thread workers and never write
themselves.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session, func, select

from caretui.rules import clock
from caretui.rules.permissions import (
    Action,
    Actor,
    CaseContext,
    PermissionDenied,
    require,
)
from caretui.rules.roles import Role
from caretui.store import audit
from caretui.store.db import Store, describe_operational_error
from caretui.store.errors import (
    DomainError,
    NotFound,
    SignInRefused,
    StaleRecord,
    StoreUnavailable,
)
from caretui.store.models import Case, Draft, Involvement, Person, Team, User

SHELL_LOGIN = "shell"


@contextmanager
def transaction(store: Store) -> Iterator[Session]:
    """A write transaction whose driver failures become messages, never tracebacks."""
    try:
        with store.write() as session:
            yield session
    except OperationalError as exc:
        raise StoreUnavailable(describe_operational_error(store.url, exc)) from exc
    except OSError as exc:  # e.g. the disk filled while SQLite grew its file
        raise StoreUnavailable(
            f"Nothing was saved: {exc.strerror or exc}. What you typed is kept as a draft."
        ) from exc


def record_audit(
    session: Session,
    store: Store,
    actor: Actor | None,
    action: str,
    entity: str,
    entity_id: int | None = None,
    *,
    person_id: int | None = None,
    case_id: int | None = None,
    detail: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> None:
    audit.append(
        session,
        at=at or clock.now(),
        user_id=actor.id if actor else None,
        user_login=actor.login if actor else SHELL_LOGIN,
        action=action,
        entity=entity,
        entity_id=entity_id,
        person_id=person_id,
        case_id=case_id,
        detail=detail,
        origin=store.origin,
    )


def changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """The audit detail of an edit: each changed field with its old and new value."""
    return {
        key: {"from": before.get(key), "to": value}
        for key, value in after.items()
        if before.get(key) != value
    }


def check_version(record: Any, expected: int | None, what: str, session: Session) -> None:
    """Refuse a stale save: the record moved on since the editor loaded ``expected``."""
    if expected is None or record.version == expected:
        return
    by_id = getattr(record, "updated_by_id", None)
    by = session.get(User, by_id).name if by_id and session.get(User, by_id) else "someone else"
    at = getattr(record, "updated_at", None) or clock.now()
    raise StaleRecord(what, by, at)


def case_context(session: Session, case: Case) -> CaseContext:
    involved = session.exec(
        select(Involvement.user_id).where(
            Involvement.case_id == case.id,
            Involvement.end_date.is_(None),  # type: ignore[union-attr]
        )
    ).all()
    return CaseContext(
        team_id=case.responsible_team_id,
        responsible_user_id=case.responsible_user_id,
        involved_user_ids=frozenset(u for u in involved if u is not None),
    )


def get_case(session: Session, case_id: int) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound(f"There is no case {case_id}.")
    return case


# --- accounts -----------------------------------------------------------------------


def actor_from_user(user: User, team_name: str = "") -> Actor:
    assert user.id is not None
    return Actor(
        id=user.id,
        login=user.login,
        name=user.name,
        role=Role(user.role),
        team_id=user.team_id,
        designation=user.designation,
        team_name=team_name,
    )


def sign_in(store: Store, login: str, *, today: date | None = None) -> Actor:
    """Map a login to an account, refuse ended or disabled accounts, note the sign-in."""
    today = today or clock.today()
    with transaction(store) as session:
        user = session.exec(select(User).where(User.login == login)).first()
        if user is None:
            admins = session.exec(
                select(User.name).where(User.role == Role.SYSTEM_ADMIN, User.disabled.is_(False))  # type: ignore[attr-defined]
            ).all()
            who = ", ".join(admins) if admins else "your system administrator"
            raise SignInRefused(
                f"There is no caretui account for the login '{login}'. "
                f"Ask {who} to add you (caretui admin create-user {login} ...)."
            )
        if user.disabled:
            raise SignInRefused(
                f"The account '{login}' has been disabled. Contact your system administrator."
            )
        if user.access_ends is not None and user.access_ends < today:
            raise SignInRefused(
                f"Access for '{login}' ended on {user.access_ends:%d %B %Y}. "
                "Ask your sponsoring manager to request an extension from Adults System "
                "Support (access protocol, section 7)."
            )
        team = session.get(Team, user.team_id)
        user.last_sign_in = clock.now()
        session.add(user)
        actor = actor_from_user(user, team.name if team else "")
        record_audit(session, store, actor, "user.sign_in", "user", user.id)
        return actor


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


# --- reading is audited too (S4) ----------------------------------------------------


def record_view(
    store: Store, actor: Actor, *, person_id: int | None = None, case_id: int | None = None
) -> None:
    """Note that the actor opened a person or case record."""
    if person_id is None and case_id is None:
        return
    with transaction(store) as session:
        if case_id is not None and person_id is None:
            case = get_case(session, case_id)
            person_id = case.person_id
        entity = "case" if case_id is not None else "person"
        record_audit(
            session,
            store,
            actor,
            f"{entity}.view",
            entity,
            case_id if case_id is not None else person_id,
            person_id=person_id,
            case_id=case_id,
        )


# --- drafts: typed work survives escape, ctrl+q and crashes ------------------------


def save_draft(store: Store, actor: Actor, key: str, data: dict[str, Any], title: str = "") -> None:
    """Keep typed work; drafts belong to their author and are not part of the record."""
    with transaction(store) as session:
        draft = session.exec(
            select(Draft).where(Draft.user_id == actor.id, Draft.key == key)
        ).first()
        if draft is None:
            draft = Draft(user_id=actor.id, key=key, title=title, data=data, updated_at=clock.now())
        else:
            draft.data = data
            draft.title = title or draft.title
            draft.updated_at = clock.now()
        session.add(draft)


def discard_draft(store: Store, actor: Actor, key: str) -> None:
    with transaction(store) as session:
        draft = session.exec(
            select(Draft).where(Draft.user_id == actor.id, Draft.key == key)
        ).first()
        if draft is not None:
            session.delete(draft)


def person_for_case(session: Session, case: Case) -> Person:
    person = session.get(Person, case.person_id)
    if person is None:
        raise NotFound(f"Case {case.id} has no person.")
    return person
