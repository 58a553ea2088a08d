"""Signing in, the screen lock and unlocking: each is noted in the audit trail."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from caretui.rules import clock
from caretui.rules.permissions import (
    Actor,
)
from caretui.store.db import Store
from caretui.store.errors import (
    SignInRefused,
)
from caretui.store.models import (
    User,
)
from caretui.store.ops.writing import record_audit, transaction
from caretui.store.queries.signin import account_for, actor_from_user


def sign_in(store: Store, login: str, *, today: date | None = None) -> Actor:
    """Map a login to an account, refuse ended or disabled accounts, note the sign-in.

    The command line lets a user in with ``store.signin.check_sign_in`` (a read, without
    loading this module) and notes the sign-in later with :func:`note_sign_in`.
    """
    with transaction(store) as session:
        actor = account_for(session, login, today or clock.today())
        _note_sign_in(session, store, actor)
        return actor


def _note_sign_in(session: Session, store: Store, actor: Actor) -> None:
    user = session.get(User, actor.id)
    assert user is not None
    before, user.last_sign_in = user.last_sign_in, clock.now()
    session.add(user)
    record_audit(
        session,
        store,
        actor,
        "user.sign_in",
        "user",
        user.id,
        detail={"last_sign_in": {"from": before, "to": user.last_sign_in}},
    )


def note_sign_in(store: Store, actor: Actor) -> None:
    """Record the sign-in (last sign-in date and the audit trail) for an actor let in."""
    with transaction(store) as session:
        _note_sign_in(session, store, actor)


def note_session_lock(store: Store, actor: Actor, *, idle_minutes: float) -> None:
    """The screen locked itself after ``idle_minutes`` without use (access protocol:
    an unattended terminal shows nothing); written so a system admin can see when."""
    with transaction(store) as session:
        record_audit(
            session,
            store,
            actor,
            "session.locked",
            "user",
            actor.id,
            detail={"idle_minutes": idle_minutes},
        )


def unlock_session(store: Store, login: str) -> Actor:
    """The user came back to a locked screen: their account is checked again (it may have
    been disabled or reached its end date meanwhile) and the unlock, or its refusal, is
    written to the audit trail."""
    refused: SignInRefused | None = None
    with transaction(store) as session:
        try:
            actor = account_for(session, login, clock.today())
        except SignInRefused as exc:
            refused = exc
            user = session.exec(select(User).where(User.login == login)).first()
            if user is not None:
                actor = actor_from_user(user)
                detail = {"reason": str(exc)}
                record_audit(
                    session,
                    store,
                    actor,
                    "session.unlock_refused",
                    "user",
                    actor.id,
                    detail=detail,
                )
        else:
            record_audit(session, store, actor, "session.unlocked", "user", actor.id)
    if refused is not None:
        raise refused
    return actor
