"""Who may do what (S1): one table of role x action x scope.

Every op in ``store/ops/`` asks :func:`require` before it writes, so no screen can
write what a role may not. Screens use :func:`allowed` only to hide or dim keys.

Scope says how far a role reaches:

- ``ANY``: every record.
- ``TEAM``: cases whose responsible team is the actor's team (and their own cases).
- ``OWN``: cases where the actor is the responsible user or has an open involvement.
- ``NONE``: never.

The README's permission table is generated from :data:`TABLE` by
``python -m caretui.rules.permissions``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from caretui.rules.errors import PracticeError
from caretui.rules.roles import ROLE_LABELS, Role


class Scope(StrEnum):
    ANY = "any"
    TEAM = "team"
    OWN = "own"
    NONE = "none"


class Action(StrEnum):
    VIEW_RECORDS = "view records"
    CREATE_CASE = "create a case"
    EDIT_CASE_DETAILS = "edit case details"
    ADD_INVOLVEMENT = "add or end an involvement"
    ADD_ACTIVITY = "record an activity"
    EDIT_ACTIVITY = "edit or complete an activity"
    COUNTERSIGN = "countersign a student's entry"
    CREATE_FORM = "create or edit a form"
    CLOSE_FORM = "close or return a form awaiting a manager"
    ADD_SAFEGUARDING = "record safeguarding"
    ADD_DOLS = "record a DoLS authorisation"
    TRANSFER_CASE = "transfer a case"
    REQUEST_CLOSURE = "request case closure"
    AUTHORISE_CLOSURE = "authorise or return a closure; reopen a case"
    EDIT_PERSON = "edit person details"
    ADD_ALERT = "add or end an alert or hazard"
    REVEAL_KEY_SAFE = "reveal a key safe code"
    EDIT_KEY_SAFE = "edit key safe details"
    ADD_RELATIONSHIP = "add a relationship or contact"
    ADD_ATTACHMENT = "add an attachment"
    ADD_SECTION117 = "record a Section 117 entitlement"
    SET_S117_ORGANISATION = "set Section 117 organisation responsible"
    ADD_SERVICE_PROVISION = "add a service provision"
    MANAGE_USERS = "manage users and teams"
    RESTRICT_PERSON = "lock down a person record"
    VIEW_AUDIT = "read the audit trail"
    REVIEW_ACCESS = "review user access"
    RECORD_CONTACT = "record a new contact or referral"
    SCREEN_REFERRAL = "screen a referral (accept, waiting list, decline, advice)"
    ALLOCATE_FROM_WAITING_LIST = "allocate a worker from the waiting list"
    RECORD_CONSENT = "record, withdraw or re-confirm consent"


A, T, OW = Scope.ANY, Scope.TEAM, Scope.OWN

_PRACTITIONER: dict[Action, Scope] = {
    Action.VIEW_RECORDS: A,
    Action.CREATE_CASE: A,
    Action.EDIT_CASE_DETAILS: OW,
    Action.ADD_INVOLVEMENT: OW,
    Action.ADD_ACTIVITY: T,
    Action.EDIT_ACTIVITY: T,
    Action.COUNTERSIGN: T,
    Action.CREATE_FORM: OW,
    Action.ADD_SAFEGUARDING: OW,
    Action.ADD_DOLS: OW,
    Action.TRANSFER_CASE: OW,
    Action.REQUEST_CLOSURE: OW,
    Action.ADD_ALERT: A,
    Action.REVEAL_KEY_SAFE: A,
    Action.EDIT_KEY_SAFE: A,
    Action.ADD_RELATIONSHIP: A,
    Action.ADD_SECTION117: A,
    Action.EDIT_PERSON: A,
    Action.RECORD_CONTACT: A,
    Action.SCREEN_REFERRAL: T,
    Action.RECORD_CONSENT: A,
}

TABLE: dict[Role, dict[Action, Scope]] = {
    Role.PRACTITIONER: _PRACTITIONER,
    Role.MANAGER: {
        **{action: (A if scope is A else T) for action, scope in _PRACTITIONER.items()},
        Action.CLOSE_FORM: T,
        Action.AUTHORISE_CLOSURE: T,
        Action.ALLOCATE_FROM_WAITING_LIST: T,
    },
    Role.STUDENT: {
        # A student records as a practitioner does; their entries wait for a countersignature.
        Action.VIEW_RECORDS: A,
        Action.ADD_INVOLVEMENT: OW,
        Action.ADD_ACTIVITY: T,
        Action.EDIT_ACTIVITY: T,
        Action.CREATE_FORM: OW,
        Action.ADD_ALERT: A,
        Action.REVEAL_KEY_SAFE: A,
        Action.ADD_RELATIONSHIP: A,
        # A student's contact waits for a countersignature: the screening decision gives it.
        Action.RECORD_CONTACT: A,
        Action.RECORD_CONSENT: A,
    },
    Role.ADMIN: {
        Action.VIEW_RECORDS: A,
        Action.CREATE_CASE: A,
        Action.ADD_ACTIVITY: T,
        Action.EDIT_ACTIVITY: T,
        Action.EDIT_PERSON: A,
        Action.ADD_ALERT: A,
        Action.REVEAL_KEY_SAFE: A,
        Action.EDIT_KEY_SAFE: A,
        Action.ADD_RELATIONSHIP: A,
        Action.ADD_ATTACHMENT: A,
        Action.ADD_SECTION117: A,
        Action.SET_S117_ORGANISATION: A,
        Action.ADD_SERVICE_PROVISION: A,
        Action.RECORD_CONTACT: A,
        Action.RECORD_CONSENT: A,
    },
    Role.VIEWER: {Action.VIEW_RECORDS: A},
    Role.SYSTEM_ADMIN: {
        Action.VIEW_RECORDS: A,
        Action.MANAGE_USERS: A,
        Action.RESTRICT_PERSON: A,
        Action.VIEW_AUDIT: A,
        Action.REVIEW_ACCESS: A,
    },
}

# Entries by these roles are marked "awaiting countersignature" (K1, standards 6.2).
NEEDS_COUNTERSIGNATURE = frozenset({Role.STUDENT})


@dataclass(frozen=True)
class Actor:
    """The signed-in user, as plain values the rules and ops can trust."""

    id: int
    login: str
    name: str
    role: Role
    team_id: int
    designation: str = ""
    team_name: str = ""

    @property
    def short_name(self) -> str:
        parts = self.name.split()
        return f"{parts[0][0]}. {' '.join(parts[1:])}" if len(parts) > 1 else self.name


@dataclass(frozen=True)
class CaseContext:
    """What a permission decision needs to know about a case."""

    team_id: int
    responsible_user_id: int | None
    involved_user_ids: frozenset[int] = field(default_factory=frozenset)


class PermissionDenied(PracticeError):
    """The acting user's role may not do this; the message says who can."""


def scope_for(role: Role, action: Action) -> Scope:
    return TABLE[role].get(action, Scope.NONE)


def allowed(actor: Actor, action: Action, case: CaseContext | None = None) -> bool:
    scope = scope_for(actor.role, action)
    if scope is Scope.NONE:
        return False
    if scope is Scope.ANY or case is None:
        return True
    own = actor.id == case.responsible_user_id or actor.id in case.involved_user_ids
    if scope is Scope.OWN:
        return own
    return own or case.team_id == actor.team_id


def who_can(action: Action) -> str:
    roles = [ROLE_LABELS[r].lower() for r in Role if scope_for(r, action) is not Scope.NONE]
    if not roles:
        return "nobody"
    return ", ".join(roles[:-1]) + (" or " if len(roles) > 1 else "") + roles[-1]


def require(actor: Actor, action: Action, case: CaseContext | None = None) -> None:
    """Raise PermissionDenied with a practitioner's message unless the actor may act."""
    scope = scope_for(actor.role, action)
    if scope is Scope.NONE:
        if actor.role is Role.VIEWER:
            raise PermissionDenied(
                "Your account is view only, so you cannot make changes. "
                "Ask your team manager if you need to record something."
            )
        raise PermissionDenied(
            f"As {ROLE_LABELS[actor.role].lower()} you cannot {action.value}. "
            f"This needs a {who_can(action)}."
        )
    if allowed(actor, action, case):
        return
    if scope is Scope.OWN:
        raise PermissionDenied(
            f"You can {action.value} only on cases you are responsible for or involved in. "
            "Ask the case's responsible worker or your team manager."
        )
    raise PermissionDenied(
        f"You can {action.value} only on your team's cases. Ask the responsible team's manager."
    )


ROLE_PLURALS: dict[Role, str] = {
    Role.PRACTITIONER: "Practitioners",
    Role.MANAGER: "Team managers",
    Role.ADMIN: "Admins / CSOs",
    Role.STUDENT: "Students",
    Role.VIEWER: "Viewers",
    Role.SYSTEM_ADMIN: "System admins",
}
"""Each role as a practitioner says it of everyone who has it ("Students can ...")."""

# Actions that read, not write: a viewer is told they may not do this, not "change".
_READS = frozenset({Action.VIEW_RECORDS, Action.REVEAL_KEY_SAFE, Action.VIEW_AUDIT})


def refusal(role: Role, action: Action) -> str:
    """Why a key is refused, naming the role: shown when a hidden key is pressed (issue 14).

    "Viewers can read records but not change them." A role that never has the action is
    told who does; an action the role has (on some cases) is refused by the store instead.
    """
    if role is Role.VIEWER and action not in _READS:
        return "Viewers can read records but not change them."
    has_it = [r for r in Role if scope_for(r, action) is not Scope.NONE]
    holders = [_lower_first(ROLE_PLURALS[r]) for r in has_it]
    if not holders:
        return f"Nobody can {action.value} here."
    who = ", ".join(holders[:-1]) + (" and " if len(holders) > 1 else "") + holders[-1]
    if role is Role.VIEWER:
        return f"Viewers can read records but not {action.value}: {who} can."
    return f"{ROLE_PLURALS[role]} cannot {action.value}: {who} can."


def _lower_first(words: str) -> str:
    return words[0].lower() + words[1:]


def markdown_table() -> str:
    """The permission table for the README, generated from :data:`TABLE`."""
    roles = list(Role)
    head = "| action | " + " | ".join(ROLE_LABELS[r] for r in roles) + " |"
    rule = "|---|" + "---|" * len(roles)
    marks = {Scope.ANY: "yes", Scope.TEAM: "team", Scope.OWN: "own", Scope.NONE: "—"}
    rows = [
        f"| {action.value} | " + " | ".join(marks[scope_for(r, action)] for r in roles) + " |"
        for action in Action
    ]
    return "\n".join([head, rule, *rows])


if __name__ == "__main__":
    print(markdown_table())
