"""Transferring a case (W1; practitioner guide pp.24-25, standards section 5).

Two ways, as the guide describes them:

- **Within the team**: the responsible team stays; the responsible user changes to another
  member of that team ("the Lookup is disabled for the Responsible Team but not for the
  Responsible User").
- **To another team** ("Assign this record to another team"): a new responsible team, and
  the *Responsible User Decision*: **change** (the new worker is known: name them) or
  **clear** (not known yet: the case waits on the new team's queue).

Involvements follow the responsibility: the involvement that stood for the old responsible
user (or, with nobody named, the old team) ends on the day of the transfer and one starts
for the new. Everything here works on plain values; ``store.ops.transfer.transfer_case`` applies it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from caretui.rules.errors import PracticeError

ALLOCATED_WORKER = "Allocated Worker"
RESPONSIBLE_TEAM = "Responsible Team"
"""The involvement roles that stand for the case's responsible user and team."""


class TransferKind(StrEnum):
    WITHIN_TEAM = "within_team"
    ANOTHER_TEAM = "another_team"

    @property
    def label(self) -> str:
        return {
            "within_team": "Change the responsible user within the team",
            "another_team": "Assign this record to another team",
        }[self.value]


class UserDecision(StrEnum):
    CHANGE = "change"
    CLEAR = "clear"

    @property
    def label(self) -> str:
        return {
            "change": "Change on current record only (name the new worker)",
            "clear": "Clear on current record only (the new team allocates)",
        }[self.value]


class TransferInvalid(PracticeError):
    """A transfer that cannot be made as asked; the message says what to choose instead."""


@dataclass(frozen=True)
class Holder:
    """Who holds the case: a team and, if named, a user of that team."""

    team_id: int
    user_id: int | None = None


@dataclass(frozen=True)
class TransferPlan:
    kind: TransferKind
    before: Holder
    after: Holder


def plan_transfer(
    *,
    current: Holder,
    kind: TransferKind | str,
    team_id: int | None,
    decision: UserDecision | str | None,
    user_id: int | None,
    user_team_id: int | None = None,
) -> TransferPlan:
    """Check a transfer and say where the case goes.

    ``user_team_id`` is the chosen user's own team, so a worker of another team is refused
    (a case moves to their team by an "another team" transfer, not by naming them).
    """
    try:
        kind = TransferKind(kind)
        decision = None if decision in (None, "") else UserDecision(decision)
    except ValueError:
        raise TransferInvalid(
            "Choose how the case is transferred, and the user decision."
        ) from None
    if kind is TransferKind.WITHIN_TEAM:
        if user_id is None:
            raise TransferInvalid("Choose the team member who becomes the responsible user.")
        if user_id == current.user_id:
            raise TransferInvalid("That worker is already the responsible user.")
        if user_team_id is not None and user_team_id != current.team_id:
            raise TransferInvalid(
                "That worker is in another team. To move the case to their team, "
                "choose 'Assign this record to another team'."
            )
        return TransferPlan(kind, current, Holder(current.team_id, user_id))
    if team_id is None:
        raise TransferInvalid("Choose the team the case is going to.")
    if team_id == current.team_id:
        raise TransferInvalid(
            "The case is already with that team. To change the worker, choose "
            "'Change the responsible user within the team'."
        )
    if decision is None:
        raise TransferInvalid("Decide the responsible user: change (name them) or clear.")
    if decision is UserDecision.CLEAR:
        return TransferPlan(kind, current, Holder(team_id, None))
    if user_id is None:
        raise TransferInvalid("Name the new responsible user, or choose Clear.")
    if user_team_id is not None and user_team_id != team_id:
        raise TransferInvalid("The new responsible user must be a member of the new team.")
    return TransferPlan(kind, current, Holder(team_id, user_id))


@dataclass(frozen=True)
class OpenInvolvement:
    id: int
    user_id: int | None
    team_id: int
    role: str


@dataclass(frozen=True)
class NewInvolvement:
    user_id: int | None
    team_id: int
    role: str


def _stands_for(inv: OpenInvolvement, holder: Holder) -> bool:
    if holder.user_id is not None:
        return inv.user_id == holder.user_id
    return inv.user_id is None and inv.team_id == holder.team_id


def involvement_moves(
    plan: TransferPlan, open_involvements: Iterable[OpenInvolvement]
) -> tuple[list[int], list[NewInvolvement]]:
    """Which open involvements end and which start, so involvements follow the case.

    The old holder's involvement ends (their other roles on the case stay, e.g. a worker
    kept on as Secondary Worker); the new holder gets one, unless they already have a
    current involvement on the case.
    """
    current = list(open_involvements)
    ending = [
        inv.id
        for inv in current
        if _stands_for(inv, plan.before)
        and inv.role in (ALLOCATED_WORKER, RESPONSIBLE_TEAM)
        and not _stands_for(inv, plan.after)
    ]
    starting: list[NewInvolvement] = []
    if not any(_stands_for(inv, plan.after) and inv.id not in ending for inv in current):
        role = ALLOCATED_WORKER if plan.after.user_id is not None else RESPONSIBLE_TEAM
        starting.append(NewInvolvement(plan.after.user_id, plan.after.team_id, role))
    return ending, starting


def transfer_summary(
    *,
    from_team: str,
    from_user: str,
    to_team: str,
    to_user: str,
    reason: str,
    by: str,
    on: date,
) -> str:
    """The summary note recorded on the Timeline (standards 5.2: a written summary)."""
    before = f"{from_user} ({from_team})" if from_user else f"{from_team}, no named worker"
    after = f"{to_user} ({to_team})" if to_user else f"{to_team}, to be allocated by the team"
    lines = [
        f"Case transferred on {on:%d %B %Y} by {by}.",
        f"From: {before}.",
        f"To: {after}.",
    ]
    if reason.strip():
        lines += ["", reason.strip()]
    return "\n".join(lines)
