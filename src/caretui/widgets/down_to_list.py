"""A lookup's search box over its list: ``down`` in the box moves the cursor into the list.

The binding has priority, so the app runs it before it hands on the next key: "down enter"
typed in one burst picks from the list rather than submitting the box (a binding that
waited for the box to read its own queue would lose that race). In the list, ``down``
moves down it as usual.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Input, OptionList


def down_to_list(binding_id: str) -> Binding:
    return Binding("down", "to_list", "List", show=False, priority=True, id=binding_id)


class DownToList:
    """Mixed into a screen holding one ``Input`` and one ``OptionList``."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "to_list":  # from the box; in the list down moves down it
            return isinstance(self.focused, Input)  # type: ignore[attr-defined]
        return super().check_action(action, parameters)  # type: ignore[misc]

    def action_to_list(self) -> None:
        # At once, not after the queue (Widget.focus): the next key belongs to the list.
        self.set_focus(self.query_one(OptionList))  # type: ignore[attr-defined]
