"""Before a visit (an appointment) is opened, the person's current hazards are shown (P2).

The practitioner confirms they have read them (enter) or goes back (escape); with no
current hazard the activity simply opens.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.screen import Screen

from caretui.rules.activities import VISIT_TYPES
from caretui.rules.errors import PracticeError
from caretui.rules.permissions import Actor
from caretui.rules.vocab import ActivityType
from caretui.store.db import Store
from caretui.store.queries import activities, alerts
from caretui.widgets.notice import Notice


def hazards_then(
    screen: Screen,
    store: Store,
    actor: Actor,
    case_id: int,
    kind: ActivityType | None,
    go: Callable[[], None],
    *,
    activity_id: int | None = None,
) -> None:
    """Run ``go`` at once for most activities; for a visit, after the hazards are read.

    Give ``kind``, or ``activity_id`` to have the type looked up first.
    """
    if kind is not None and kind not in VISIT_TYPES:
        go()
        return

    def fetch() -> None:
        try:
            looked_up = kind is None and activity_id is not None
            if looked_up and activities.activity_type(store, activity_id) not in VISIT_TYPES:  # type: ignore[arg-type]
                screen.app.call_from_thread(go)
                return
            hazards = alerts.case_hazards(store, actor, case_id)
        except PracticeError as exc:
            screen.app.call_from_thread(screen.notify, str(exc), severity="error")
            return
        screen.app.call_from_thread(_confirm, screen, hazards, go)

    screen.run_worker(fetch, thread=True, exit_on_error=False, group="visit-hazards")


def _confirm(screen: Screen, hazards: list[alerts.AlertRow], go: Callable[[], None]) -> None:
    if not hazards:
        go()
        return
    body = Text()
    for h in hazards:
        body.append(f"⚠ {h.category}", style="bold")
        body.append(f" (since {h.start_date:%d %b %Y})\n")
        if h.description:
            body.append(f"  {h.description}\n")
    body.append("\nPlan the visit with these in mind; tell your team if anything has changed.")

    def answered(read: bool | None) -> None:
        if read:
            go()

    screen.app.push_screen(
        Notice(
            f"Before you visit: {len(hazards)} hazard{'s' * (len(hazards) != 1)}",
            body,
            keys="enter or y: I have read this, open the visit · escape: back",
            warning=True,
        ),
        answered,
    )
