"""Settling a conflicting save: what every versioned record's screen does when someone else
saved first.

Two moments call for it. A save the store refused as stale (``StaleRecord``): the screen
rereads the record and compares. And a draft restored over a newer version than the one it
was typed over (``DraftKeeper.moved_on``): the draft is compared before anything is saved.
Either way the practitioner sees theirs beside theirs typed, field by field, in the
conflict view, and what they choose is saved against the version they have now seen.
Nothing is overwritten unseen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from caretui.rules.merge import ConflictField, compare, resolve
from caretui.widgets.conflict_view import ConflictScreen

if TYPE_CHECKING:
    from textual.screen import Screen

    from caretui.store.errors import StaleRecord
    from caretui.store.queries.drafts import DraftRow
    from caretui.widgets.record_dialog import DialogField


NOT_SAVED = (
    "Nothing is saved: what you typed is kept as a draft. Open it again to compare it with theirs."
)


def conflict_field(f: DialogField) -> ConflictField:
    """A dialog field as the conflict view shows it (values are the typed text)."""
    labels = {str(value): label for label, value in f.options}
    return ConflictField(
        f.key,
        f.label,
        joinable=f.kind == "textarea",
        multiline=f.kind == "textarea",
        show=(lambda value: labels.get(str(value), str(value))) if f.kind == "choice" else None,
    )


def settle(
    owner: Screen[Any],
    *,
    what: str,
    by: str,
    at: datetime | None,
    fields: Iterable[ConflictField],
    base: Mapping[str, Any],
    theirs: Mapping[str, Any],
    yours: Mapping[str, Any],
    then: Callable[[dict[str, Any] | None], None],
    since: str = "",
) -> None:
    """Show where ``theirs`` and ``yours`` differ (both against ``base``, the record as the
    typing began); ``then`` gets the values to save against theirs, or None when the
    practitioner went back without choosing. With no difference, ``then`` has yours at once.
    """
    changes = compare(list(fields), base, theirs, yours)
    if not changes:
        then(dict(yours))
        return

    def chosen(choices: Any) -> None:
        kept = None if choices is None else resolve(yours, changes, choices)
        # Once the view is off the screen stack: ``then`` may push a screen of its own.
        owner.call_after_refresh(then, kept)

    owner.app.push_screen(ConflictScreen(what, by, at, changes, since=since), chosen)


def settle_stale(
    owner: Screen[Any],
    error: StaleRecord,
    *,
    fields: Iterable[ConflictField],
    base: Mapping[str, Any],
    theirs: Mapping[str, Any],
    yours: Mapping[str, Any],
    then: Callable[[dict[str, Any] | None], None],
) -> None:
    """A save refused as stale: ``error`` says who saved first and when."""
    settle(
        owner,
        what=error.what,
        by=error.by,
        at=error.at,
        fields=fields,
        base=base,
        theirs=theirs,
        yours=yours,
        then=then,
    )


def settle_stale_dialog(
    owner: Screen[Any],
    error: StaleRecord,
    fields: list[DialogField],
    *,
    base: Mapping[str, Any],
    yours: Mapping[str, Any],
    then: Callable[[dict[str, Any] | None], None],
) -> None:
    """A small dialog's save refused as stale; ``fields`` hold the record as saved now."""
    settle_stale(
        owner,
        error,
        fields=[conflict_field(f) for f in fields],
        base=base,
        theirs={f.key: "" if f.value is None else str(f.value) for f in fields},
        yours=yours,
        then=then,
    )


def settle_draft(
    owner: Screen[Any],
    draft: DraftRow,
    what: str,
    *,
    fields: Iterable[ConflictField],
    base: Mapping[str, Any],
    theirs: Mapping[str, Any],
    yours: Mapping[str, Any],
    then: Callable[[dict[str, Any] | None], None],
) -> None:
    """A draft typed over an older version (``base``) than the record now saved."""
    settle(
        owner,
        what=what,
        by="Someone else",
        at=None,
        fields=fields,
        base=base,
        theirs=theirs,
        yours=yours,
        then=then,
        since=f"of {draft.updated_at:%d %b at %H:%M}",
    )
