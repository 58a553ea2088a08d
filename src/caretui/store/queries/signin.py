"""Who is signing in: the account for a login, or a refusal in words.

Only reads, so the command line can let a practitioner in without loading the writers
(``store.ops``): the dashboard appears sooner, and the sign-in is noted in the audit
trail by a worker once it is on screen (``ops.sessions.note_sign_in``).
``ops.sessions.sign_in`` is the same check with the note written in the same transaction.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from caretui.rules import clock
from caretui.rules.permissions import Actor
from caretui.rules.roles import Role
from caretui.store.db import Store
from caretui.store.errors import SignInRefused
from caretui.store.models import Team, User


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


def account_for(session: Session, login: str, today: date) -> Actor:
    """The account for ``login``; an unknown, disabled or ended one raises SignInRefused
    naming who can help."""
    user = session.exec(select(User).where(User.login == login)).first()
    if (
        user is not None
        and not user.disabled
        and (user.access_ends is None or user.access_ends >= today)
    ):
        team = session.get(Team, user.team_id)
        return actor_from_user(user, team.name if team else "")
    admins = session.exec(
        select(User.name).where(User.role == Role.SYSTEM_ADMIN, User.disabled.is_(False))  # type: ignore[attr-defined]
    ).all()
    who = ", ".join(admins) if admins else "your system administrator"
    if user is None:
        raise SignInRefused(
            f"There is no caretui account for the login '{login}'. "
            f"Ask {who} to add you (caretui admin create-user {login} ...)."
        )
    if user.disabled:
        raise SignInRefused(
            f"The account '{login}' has been disabled. If you still need access, "
            f"ask your manager to contact the system administrator ({who})."
        )
    assert user.access_ends is not None
    raise SignInRefused(
        f"Your access to caretui ended on {user.access_ends:%d %B %Y}. If you still "
        "need it, ask your manager to request an extension through the IT Service "
        f"Desk, or contact the system administrator ({who})."
    )


def check_sign_in(store: Store, login: str, *, today: date | None = None) -> Actor:
    """Let ``login`` in or refuse them, writing nothing (see ``ops.sessions.sign_in``)."""
    with store.read() as session:
        return account_for(session, login, today or clock.today())
