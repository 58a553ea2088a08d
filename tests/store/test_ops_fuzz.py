"""Fuzz: random users doing random things with random input, on SQLite and PostgreSQL.

Whatever is typed and whoever types it, an op either succeeds (and only if the
permission table allows it, with an audit entry) or refuses with a practitioner's
message, having written nothing at all. The audit chain verifies after every step.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from caretui.rules.errors import PracticeError
from caretui.rules.permissions import Action, Actor, PermissionDenied, allowed
from caretui.rules.roles import Role
from caretui.rules.vocab import ActivityType
from caretui.store.db import Store
from caretui.store.ops.accounts import (
    create_team,
    create_user,
    record_access_review,
    set_user_disabled,
    update_user,
)
from caretui.store.ops.activities import create_activity, update_activity
from caretui.store.ops.cases import create_case
from caretui.store.ops.involvements import add_involvement
from caretui.store.ops.people import create_person
from caretui.store.ops.safeguarding import review_safeguarding
from tests.factories import World, make_world
from tests.store.test_permissions_enforced import (
    activity,
    chain_head,
    context,
    everyone,
    fingerprint,
    safeguarding,
    team_of,
    viewer_account,
)

# Text as people type it, and as they paste it: blank, long, odd characters, NULs.
typed = st.one_of(
    st.text(max_size=40),
    st.text(min_size=60, max_size=300),
    st.sampled_from(["", "   ", "a\x00b", "O'Brien", "Zoë Ng 😀", "x" * 121, "line\nbreak"]),
)
days = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


Run = Callable[[World, Actor, int, dict[str, Any], Any], Any]


def _activity(w: World, a: Actor, c: int, d: dict[str, Any], p: Any) -> Any:
    return create_activity(
        w.store,
        a,
        case_id=c,
        type=d["type"],
        subject=d["text"],
        notes=d["more"],
        responsible_team_id=team_of(w, c),
        due_date=d["day"],
    )


def _update(w: World, a: Actor, c: int, d: dict[str, Any], p: Any) -> Any:
    return update_activity(w.store, a, p, expected_version=1, subject=d["text"], outcome=d["more"])


def _review(w: World, a: Actor, c: int, d: dict[str, Any], p: Any) -> Any:
    return review_safeguarding(w.store, a, p, expected_version=1, stage=d["text"], notes=d["more"])


def _person(w: World, a: Actor, c: int, d: dict[str, Any], p: Any) -> Any:
    return create_person(
        w.store, a, first_name=d["text"], last_name=d["more"], date_of_birth=d["day"]
    )


def _case(w: World, a: Actor, c: int, d: dict[str, Any], p: Any) -> Any:
    return create_case(
        w.store,
        a,
        person_id=p,
        referral_date=d["day"] or date(2026, 11, 1),
        responsible_team_id=w.north,
        referral_reason=d["text"],
        referral_source=d["more"],
    )


def _user(w: World, a: Actor, c: int, d: dict[str, Any], p: Any) -> Any:
    return create_user(
        w.store,
        a,
        login=d["text"],
        name=d["more"],
        role=d["role"],
        team="North",
        designation=d["text"],
        access_ends=d["day"],
    )


def _edit_user(w: World, a: Actor, c: int, d: dict[str, Any], p: Any) -> Any:
    return update_user(
        w.store,
        a,
        p,
        expected_version=1,
        designation=d["text"],
        name=d["more"],
        access_ends=d["day"],
    )


def _access_review(w: World, a: Actor, c: int, d: dict[str, Any], p: Any) -> Any:
    return record_access_review(w.store, a, p, outcome=d["text"], access_ends=d["day"])


def _disable(w: World, a: Actor, c: int, d: dict[str, Any], p: Any) -> Any:
    return set_user_disabled(w.store, a, p, disabled=True, reason=d["text"])


def _involvement(w: World, a: Actor, c: int, d: dict[str, Any], p: Any) -> Any:
    return add_involvement(
        w.store,
        a,
        case_id=c,
        user_id=None,
        team_id=team_of(w, c),
        role=d["text"],
        start_date=d["day"] or date(2026, 11, 1),
    )


def _team(w: World, a: Actor, c: int, d: dict[str, Any], p: Any) -> Any:
    return create_team(w.store, a, d["text"])


def _nothing(w: World, c: int) -> None:
    return None


def _person_without_case(w: World, c: int) -> int:
    return create_person(w.store, w.practitioner, first_name="Ivy", last_name="Shaw")


# op: (action checked, on a case?, set-up by a permitted user, the call with random input)
FUZZED: dict[str, tuple[Action, bool, Callable[[World, int], Any], Run]] = {
    "create_activity": (Action.ADD_ACTIVITY, True, _nothing, _activity),
    "update_activity": (Action.EDIT_ACTIVITY, True, activity, _update),
    "review_safeguarding": (Action.ADD_SAFEGUARDING, True, safeguarding, _review),
    "add_involvement": (Action.ADD_INVOLVEMENT, True, _nothing, _involvement),
    "create_person": (Action.EDIT_PERSON, False, _nothing, _person),
    "create_case": (Action.CREATE_CASE, False, _person_without_case, _case),
    "create_team": (Action.MANAGE_USERS, False, _nothing, _team),
    "create_user": (Action.MANAGE_USERS, False, _nothing, _user),
    "update_user": (Action.MANAGE_USERS, False, viewer_account, _edit_user),
    "set_user_disabled": (Action.MANAGE_USERS, False, viewer_account, _disable),
    "record_access_review": (Action.REVIEW_ACCESS, False, viewer_account, _access_review),
}


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_users_and_input_never_write_without_permission_or_half_way(
    store: Store, data: st.DataObject
) -> None:
    w = getattr(store, "_fuzz_world", None)
    if w is None:
        w = make_world(store)
        store._fuzz_world = w  # type: ignore[attr-defined]
    name = data.draw(st.sampled_from(sorted(FUZZED)), label="op")
    action, on_case, prepare, call = FUZZED[name]
    actor = data.draw(st.sampled_from(everyone(w)), label="actor")
    case_id = data.draw(st.sampled_from([w.case, w.south_case]), label="case")
    inputs = {
        "text": data.draw(typed, label="text"),
        "more": data.draw(typed, label="more"),
        "day": data.draw(st.one_of(st.none(), days), label="day"),
        "type": data.draw(st.sampled_from(list(ActivityType)), label="type"),
        "role": data.draw(st.sampled_from(list(Role)), label="role"),
    }
    may = allowed(actor, action, context(w, case_id) if on_case else None)
    prepared = prepare(w, case_id)

    before, head = fingerprint(store), chain_head(store)
    try:
        call(w, actor, case_id, inputs, prepared)
    except PermissionDenied:
        assert not may, f"{name} by {actor.role.value}: refused though the table allows it"
        refused = True
    except PracticeError as exc:
        assert str(exc).strip(), "a refusal without a message"
        refused = True
    else:
        assert may, f"{name} by {actor.role.value} succeeded though the table forbids it"
        refused = False
    after = chain_head(store)  # walks and verifies the whole chain
    if refused:
        assert fingerprint(store) == before, f"{name} refused but left a partial change"
        assert after == head
    else:
        assert after[0] > head[0], f"{name} wrote without an audit entry"
