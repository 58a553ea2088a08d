"""Keys typed ahead land where they were meant to, however fast they arrive.

Textual hands each key to the widget that has the cursor *when the key is read*, but it
runs an ordinary binding (tab to the next field, left arrow, ctrl+u) only after that
widget has caught up and passed the key back. Keys read in one burst are therefore
handed out before the binding moves the cursor: what follows a tab goes into the field
before it ("14/02/19419434765919"), and "abc", left, left, "X" gives "abcX". A burst is
what a fast typist sends over SSH, where keys travel in packets, and what a paste of
keystrokes is.

:class:`TypeAhead` runs such bindings as they are read, in the order typed:

- tab and shift+tab are priority bindings of the app (:meth:`TypeAhead.action_move_focus`);
  a form moves field by field and section by section (its ``action_next_field``), and a
  screen that keeps the cursor where it is says so with ``KEEPS_FOCUS`` (the lock);
- an editing key of the text field with the cursor (left, right, home, end, backspace,
  delete, ctrl+u, ...) runs its action in the field's own queue, after the keys it has
  still to read and before the ones that follow (:meth:`TypeAhead.on_event`): "abd",
  backspace, "c" gives "abc", not "abd".

Everything else goes the usual way.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.widgets import Input, TextArea


class TypeAhead(App[int]):
    """The app's part that reads keys in the order they were typed."""

    TYPE_AHEAD_BINDINGS = [
        Binding("tab", "move_focus(1)", show=False, priority=True, id="caretui.next_field"),
        Binding(
            "shift+tab", "move_focus(-1)", show=False, priority=True, id="caretui.previous_field"
        ),
    ]

    async def action_move_focus(self, by: int) -> None:
        """The next (``by`` 1) or previous (-1) field, moved as the key is read."""
        screen = self.screen
        if getattr(screen, "KEEPS_FOCUS", False):
            return
        node: Any = self.focused
        while node is not None and node is not screen:
            mover = getattr(node, "action_next_field" if by > 0 else "action_previous_field", None)
            if mover is not None:
                await mover()
                return
            node = node.parent
        if by > 0:
            screen.focus_next()
        else:
            screen.focus_previous()

    async def on_event(self, event: events.Event) -> None:
        if (
            isinstance(event, events.Key)
            and not event.is_forwarded
            and await self._run_focused_binding(event)
        ):
            return
        await super().on_event(event)

    async def _run_focused_binding(self, event: events.Key) -> bool:
        """An editing key of a text field (left, backspace, ctrl+u ...) runs in the field's
        own queue; False to leave the key to Textual."""
        focused = self.focused
        if not isinstance(focused, Input | TextArea) or self.screen.maximized is not None:
            return False
        if event.key not in _editing_keys(type(focused)):
            return False  # up, down and the rest may mean something to the screen around it
        if focused.check_consume_key(event.key, event.character):
            return False  # typing: the field reads it in order already
        if any(
            binding.priority
            for _node, bindings in self.screen._binding_chain
            for binding in bindings.key_to_bindings.get(event.key, ())
        ):
            return False  # Textual runs priority bindings as they are read already
        for binding in focused._bindings.key_to_bindings.get(event.key, ()):
            name, *_ = binding.action.partition("(")
            if hasattr(focused, f"action_{name}") and focused.check_action(name, ()):
                # After the keys the field has still to read, before the ones to come.
                focused.call_later(self.run_action, binding.action, focused)
                return True
        return False


@cache
def _editing_keys(field: type[Input | TextArea]) -> frozenset[str]:
    """The keys a text field binds for itself (not those of the scrolling it inherits)."""
    own = Input if issubclass(field, Input) else TextArea
    keys = {key.strip() for binding in own.BINDINGS for key in _keys_of(binding)}
    return frozenset(keys - {"up", "down", "pageup", "pagedown", "escape", "enter"})


def _keys_of(binding: Binding | tuple[str, ...]) -> list[str]:
    key = binding.key if isinstance(binding, Binding) else binding[0]
    return key.split(",")
