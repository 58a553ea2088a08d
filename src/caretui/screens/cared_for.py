"""The carers forms' "People being cared for" table, its rows found on the record.

Seed 004 has the practitioner "Find" the cared-for person. ``a`` on the table opens
:class:`~caretui.widgets.cared_for_lookup.CaredForLookup` (the carer's related people
first); a person picked keeps their name, date of birth and ID as their record has them,
and the practitioner checks the relationship; someone not on the record (``ctrl+n``) is
typed, with no ID. Both the Carers Conversation and Review wizards and the form itself
(opened from the case's Forms) add rows this way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from textual.screen import Screen

from caretui.rules import clock
from caretui.rules.forms import Field, is_blank
from caretui.rules.permissions import Actor
from caretui.store.db import Store
from caretui.store.queries.carers import CaredForPerson
from caretui.widgets.cared_for_lookup import CaredForLookup
from caretui.widgets.form_table import TableField
from caretui.widgets.form_view import RowDialog

__all__ = ["CARED_FOR_TABLE", "open_cared_for_row"]

CARED_FOR_TABLE = "cared_for"
FROM_RECORD = frozenset({"full_name", "person_id", "date_of_birth"})
"""A cared-for person picked from the record: what their record says, not typed."""


def open_cared_for_row(
    screen: Screen[Any],
    store: Store,
    actor: Actor,
    carer: str,
    related: Sequence[CaredForPerson],
    event: TableField.RowOpened,
) -> bool:
    """Add a cared-for row by finding the person, or edit one; False for other tables."""
    field = event.table_field.field
    if field.key != CARED_FOR_TABLE:
        return False
    if event.values:  # editing a row: the person stays as picked or typed
        _row_dialog(screen, field, dict(event.values), event.title, event.done)
        return True
    rows = event.table_field.rows
    already = [r["person_id"] for r in rows if isinstance(r.get("person_id"), int)]

    def picked(choice: CaredForPerson | str | None) -> None:
        if choice is None:
            event.done(None)
        elif isinstance(choice, str):  # not on the record: the name is typed
            _row_dialog(screen, field, {}, "Someone not on the record", event.done)
        else:
            values = {
                "full_name": choice.name,
                "person_id": choice.person_id,
                "date_of_birth": choice.date_of_birth.isoformat() if choice.date_of_birth else "",
                "relationship": choice.relationship,
            }
            title = f"{choice.name} (P{choice.person_id}): check the relationship"
            _row_dialog(screen, field, values, title, event.done)

    screen.app.push_screen(CaredForLookup(store, actor, carer, related, already=already), picked)
    return True


def _row_dialog(
    screen: Screen[Any],
    field: Field,
    values: dict[str, Any],
    title: str,
    done: Callable[[dict[str, Any] | None], None],
) -> None:
    """The row's own questions; a person from the record keeps their name, date of birth
    and ID as the record has them, and a typed one has no ID."""
    if not is_blank(values.get("person_id")):
        columns = tuple(
            replace(c, readonly=True) if c.key in FROM_RECORD else c for c in field.columns
        )
    else:
        columns = tuple(c for c in field.columns if c.key != "person_id")
    screen.app.push_screen(
        RowDialog(replace(field, columns=columns), values, title=title, today=clock.today()),
        done,
    )
