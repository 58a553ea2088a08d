"""Fuzz: random users doing random things with random input, on SQLite and PostgreSQL.

Whatever is typed and whoever types it, an op either succeeds (and only if the
permission table allows it, with an audit entry) or refuses with a practitioner's
message, having written nothing at all. The audit chain verifies after every step.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from caretui.rules.consent import ConsentEvent, ConsentEventKind, ConsentNature, LawfulBasis
from caretui.rules.errors import PracticeError
from caretui.rules.permissions import Action, Actor, CaseContext, PermissionDenied, allowed
from caretui.rules.referrals import (
    ContactDraft,
    DeclineReason,
    InformMethod,
    Priority,
    ReferralSource,
    ScreeningDecision,
    ScreeningOutcome,
)
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
from caretui.store.ops.consent import record_consent
from caretui.store.ops.involvements import add_involvement
from caretui.store.ops.people import create_person
from caretui.store.ops.referrals import (
    allocate_from_waiting_list,
    record_contact,
    screen_referral,
)
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


def choice_of(kind: Any) -> st.SearchStrategy[Any]:
    """A value of a defined list, or something not on it, or nothing."""
    return st.one_of(st.none(), st.sampled_from([m.value for m in kind]), typed)


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


def _contact_draft(d: dict[str, Any]) -> ContactDraft:
    return ContactDraft(
        contact_date=d["day"],
        contact_time=time(9, 30),
        source=d["choice"](ReferralSource),
        referrer_name=d["text"],
        referrer_contact=d["more"],
        route=d["choice"]([]) or "Community/Other route",
        reason=d["more"],
        urgency=d["choice"](Priority),
    )


def _contact(w: World, a: Actor, c: int, d: dict[str, Any], p: Any) -> Any:
    return record_contact(
        w.store,
        a,
        contact=_contact_draft(d),
        new_person={"first_name": d["text"], "last_name": d["more"], "date_of_birth": d["day"]},
        duplicate_reason=d["text"],
    )


def _screen(w: World, a: Actor, c: int, d: dict[str, Any], p: Any) -> Any:
    decision = ScreeningDecision(
        outcome=d["choice"](ScreeningOutcome),
        team_id=d["team"],
        worker_id=d["worker"],
        priority=d["choice"](Priority),
        decline_reason=d["choice"](DeclineReason),
        reason_detail=d["text"],
        alternative_services=d["more"],
        advice_given=d["more"],
        informed_how=d["choice"](InformMethod),
    )
    return screen_referral(w.store, a, p, decision, expected_version=1)


def _allocate(w: World, a: Actor, c: int, d: dict[str, Any], p: Any) -> Any:
    return allocate_from_waiting_list(w.store, a, p, d["worker"] or 0, expected_version=2)


def _consent(w: World, a: Actor, c: int, d: dict[str, Any], p: Any) -> Any:
    event = ConsentEvent(
        kind=d["choice"](ConsentEventKind),
        on=d["day"],
        by=d["text"],
        nature=d["choice"](ConsentNature),
        representative_name=d["more"],
        lawful_basis=d["choice"](LawfulBasis),
        justification=d["more"],
        reason=d["text"],
    )
    return record_consent(w.store, a, p, event)


def _recorder(w: World, c: int) -> Actor:
    """Who records the contact: a practitioner of the case's team (North or South)."""
    return w.practitioner if c == w.case else w.other_team


def _referral(w: World, c: int) -> int:
    """A contact awaiting screening on the team of case ``c``."""
    draft = ContactDraft(
        contact_date=date(2026, 11, 20),
        contact_time=time(10, 0),
        source="gp",
        referrer_name="Dr Shah",
        referrer_contact="01924 111222",
        route="Community/Other route",
        reason="Falls at home.",
        urgency="normal",
    )
    return record_contact(
        w.store,
        _recorder(w, c),
        contact=draft,
        new_person={"first_name": "Ada", "last_name": "Zorn"},
    ).referral_id


def _waiting_case(w: World, c: int) -> int:
    """A referral placed on the waiting list of case ``c``'s team: its case."""
    referral_id = _referral(w, c)
    decision = ScreeningDecision(
        "waiting_list", team_id=team_of(w, c), priority="normal", informed_how="letter"
    )
    screen_referral(w.store, _recorder(w, c), referral_id, decision, expected_version=1)
    with w.store.read() as session:
        from caretui.store.models import Referral

        row = session.get(Referral, referral_id)
        assert row is not None
        return row.case_id


def _at_the_front_door(w: World, c: int) -> CaseContext:
    """A referral case: its recorder's team, no worker yet."""
    return CaseContext(team_of(w, c), None, frozenset())


def _anywhere(w: World, c: int) -> None:
    return None


def _nothing(w: World, c: int) -> None:
    return None


def _person_without_case(w: World, c: int) -> int:
    return create_person(w.store, w.practitioner, first_name="Ivy", last_name="Shaw")


Where = Callable[[World, int], CaseContext | None]

# op: (action checked, the case it acts on as the permission rule sees it, set-up by a
# permitted user, the call with random input)
FUZZED: dict[str, tuple[Action, Where, Callable[[World, int], Any], Run]] = {
    "create_activity": (Action.ADD_ACTIVITY, context, _nothing, _activity),
    "update_activity": (Action.EDIT_ACTIVITY, context, activity, _update),
    "review_safeguarding": (Action.ADD_SAFEGUARDING, context, safeguarding, _review),
    "add_involvement": (Action.ADD_INVOLVEMENT, context, _nothing, _involvement),
    "create_person": (Action.EDIT_PERSON, _anywhere, _nothing, _person),
    "create_case": (Action.CREATE_CASE, _anywhere, _person_without_case, _case),
    "create_team": (Action.MANAGE_USERS, _anywhere, _nothing, _team),
    "create_user": (Action.MANAGE_USERS, _anywhere, _nothing, _user),
    "update_user": (Action.MANAGE_USERS, _anywhere, viewer_account, _edit_user),
    "set_user_disabled": (Action.MANAGE_USERS, _anywhere, viewer_account, _disable),
    "record_access_review": (Action.REVIEW_ACCESS, _anywhere, viewer_account, _access_review),
    # The front door (issue 12).
    "record_contact": (Action.RECORD_CONTACT, _anywhere, _nothing, _contact),
    "screen_referral": (Action.SCREEN_REFERRAL, _at_the_front_door, _referral, _screen),
    "allocate_from_waiting_list": (
        Action.ALLOCATE_FROM_WAITING_LIST,
        _at_the_front_door,
        _waiting_case,
        _allocate,
    ),
    "record_consent": (Action.RECORD_CONSENT, _anywhere, _person_without_case, _consent),
}


@settings(
    max_examples=200,
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
    action, where, prepare, call = FUZZED[name]
    actor = data.draw(st.sampled_from(everyone(w)), label="actor")
    case_id = data.draw(st.sampled_from([w.case, w.south_case]), label="case")
    inputs = {
        "text": data.draw(typed, label="text"),
        "more": data.draw(typed, label="more"),
        "day": data.draw(st.one_of(st.none(), days), label="day"),
        "type": data.draw(st.sampled_from(list(ActivityType)), label="type"),
        "role": data.draw(st.sampled_from(list(Role)), label="role"),
        "team": data.draw(st.sampled_from([w.north, w.south, None, 9999]), label="team"),
        "worker": data.draw(
            st.sampled_from([None, w.practitioner.id, w.other_team.id, w.viewer.id, 9999]),
            label="worker",
        ),
    }
    inputs["choice"] = lambda kind: data.draw(choice_of(kind) if kind else typed, label="choice")
    may = allowed(actor, action, where(w, case_id))
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
    event(f"{name}: {'refused' if refused else 'written'}")  # --hypothesis-show-statistics
    after = chain_head(store)  # walks and verifies the whole chain
    if refused:
        assert fingerprint(store) == before, f"{name} refused but left a partial change"
        assert after == head
    else:
        assert after[0] > head[0], f"{name} wrote without an audit entry"
