"""One way to filter a list, the same on every screen whose list has keys of its own.

``f`` in the list puts the cursor in the filter box under it. Every letter typed then goes
into the box, the list's own keys included (``s``, ``r``, ``o``, ``c``: they act on the
list only while the list has the cursor), and the list keeps the rows holding every word
typed. ``enter`` goes back to the list with the filter kept; ``escape`` clears the filter
and goes back to the list. A letter typed in the list that is not one of its keys does
nothing: a key never filters by surprise, and a filter never runs a key (issue 14).

The home dashboard filters this way (:class:`FiltersList`). Pickers whose whole purpose is
to find one thing start with the cursor in their search box and keep type-to-filter: the
sign-in picker, the worker and user lookups, person search and the new contact's finder.
The audit trail (``f`` jumps to its filter fields) and a person's activities (``f`` asks
for type, status and dates) filter by fields, with the same key.
"""

from __future__ import annotations

from textual import on
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input

from caretui.widgets.record_table import RecordTable

PLACEHOLDER = "f filters this list · enter keeps the filter · escape clears it"


class FilterBox(Input):
    """The filter box under a list; ``escape`` in it clears the filter."""

    BINDINGS = [Binding("escape", "clear", "Clear filter", show=False, id="list.clear_filter")]

    class Cleared(Message):
        """Escape in the box: the filter is cleared, the list takes the cursor back."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(
            placeholder=PLACEHOLDER,
            id=id,
            compact=True,
            select_on_focus=False,  # else the second letter typed replaces the first
        )

    def action_clear(self) -> None:
        self.value = ""
        self.post_message(self.Cleared())


class FiltersList(Screen[None]):
    """A screen whose list filters with ``f`` (see the module's docstring).

    The screen composes a :class:`FilterBox` and says which list it filters
    (:meth:`filtered_table`); the list is told whenever the box changes.
    """

    # Read as it is typed (priority), so the letters a fast typist sent with the f go into
    # the box, not to the list's keys; in a text field f is a letter (check_action).
    BINDINGS = [Binding("f", "start_filter", "Filter", id="list.filter", priority=True)]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "start_filter":
            return not isinstance(self.focused, Input)
        return super().check_action(action, parameters)

    def filtered_table(self) -> RecordTable:
        """The list the box filters (on the dashboard, the panel on show)."""
        return self.query_one(RecordTable)

    def action_start_filter(self) -> None:
        box = self.query_one(FilterBox)
        self.set_focus(box)  # at once, not after the queue (Widget.focus)
        box.cursor_position = len(box.value)

    def action_clear_filter(self) -> None:
        self.query_one(FilterBox).value = ""
        self.filtered_table().set_filter("")
        self.set_focus(self.filtered_table())

    @on(Input.Changed, "FilterBox")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.filtered_table().set_filter(event.value)

    @on(Input.Submitted, "FilterBox")
    def _filter_kept(self, event: Input.Submitted) -> None:
        event.stop()
        self.set_focus(self.filtered_table())

    @on(FilterBox.Cleared)
    def _filter_cleared(self) -> None:
        self.action_clear_filter()
