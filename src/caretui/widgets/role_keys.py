"""Keys a role may never use are not offered; pressing one anyway says why (S1, issue 14).

A screen says which permission each of its actions needs (``role_needs``: the action's
name, without parameters, to an :class:`Action`, or a tuple of actions when any one will
do; ``role_need`` for actions that depend on their parameters). Its ``check_action``
then returns False for what the signed-in role never has, so the key bar and help (both
read the screen's bindings through ``check_action``) leave those keys out. Pressing such a
key anyway says in words why, naming the role ("Viewers can read records but not change
them."). Scope (own or team cases) is left to the store, which refuses with its own words.

Text that offers a key ("Press n to add one", a hint line "n new · escape back") goes
through :meth:`RoleKeys.offered` or :meth:`RoleKeys.offered_keys`, which leave out the
keys that are not there.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.actions import parse as parse_action
from textual.binding import Binding

from caretui.rules.permissions import Action, Actor, allowed, refusal

if TYPE_CHECKING:
    from textual.screen import Screen

Needs = Action | tuple[Action, ...]

_PRESS = re.compile(r"\s*Press (\S+) .*$", re.DOTALL)


class RoleKeys:
    """Mix into a Screen (before ``Screen`` in the bases): hides and explains role keys."""

    actor: Actor
    role_needs: ClassVar[dict[str, Needs]] = {}

    # --- what the role may do ---------------------------------------------------------------

    def role_need(self, action: str, parameters: tuple[object, ...]) -> Needs | None:
        """The permission ``action`` needs; None when it needs none."""
        return self.role_needs.get(action)

    def role_refuses(self, action: str, parameters: tuple[object, ...] = ()) -> Action | None:
        """The permission the role lacks for ``action``, or None when it may take it."""
        need = self.role_need(action, parameters)
        if need is None:
            return None
        needs = need if isinstance(need, tuple) else (need,)
        if any(allowed(self.actor, a) for a in needs):
            return None
        return needs[0]

    def why_not(self, action: str, parameters: tuple[object, ...]) -> str | None:
        """What to say when the key of a hidden action is pressed; None says nothing.
        A screen adds reasons of its own (a completed activity) by overriding this."""
        refused = self.role_refuses(action, parameters)
        return None if refused is None else refusal(self.actor.role, refused)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.role_refuses(action, parameters) is not None:
            return False
        return super().check_action(action, parameters)  # type: ignore[misc, no-any-return]

    # --- a hidden key pressed ------------------------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        screen: Screen[Any] = self  # type: ignore[assignment]
        if event.key in screen.active_bindings:
            return  # a key that is there does what it says
        for action, parameters in self._actions_for(event.key):
            why = self.why_not(action, parameters)
            if why:
                screen.notify(why, severity="warning", timeout=8)
                event.stop()
                event.prevent_default()
                return

    def _actions_for(self, key: str) -> list[tuple[str, tuple[object, ...]]]:
        """The actions (name, parameters) this screen binds ``key`` to, as the user mapped it."""
        screen: Screen[Any] = self  # type: ignore[assignment]
        found = []
        for namespace, bindings in screen._binding_chain:
            if namespace is not screen:
                continue
            for binding in bindings.key_to_bindings.get(key, ()):
                _ns, name, parameters = parse_action(binding.action)
                found.append((name, parameters))
        return found

    # --- text that offers keys -----------------------------------------------------------------

    def key_offered(self, key: str) -> bool:
        """Whether ``key`` (as in this screen's BINDINGS) does something here now."""
        for cls in type(self).__mro__:
            for binding in vars(cls).get("BINDINGS", ()):
                if isinstance(binding, Binding) and key in binding.key.split(","):
                    _ns, name, parameters = parse_action(binding.action)
                    return self.check_action(name, parameters) is not False
        return True  # not a key of this screen (enter, escape in a table): left as written

    def offered(self, text: str) -> str:
        """``text`` without its closing "Press n to add one." when n is not offered."""
        match = _PRESS.search(text)
        if match is None or self.key_offered(match.group(1)):
            return text
        return text[: match.start()]

    def offered_keys(self, hint: str) -> str:
        """A hint line ("enter open · n new · escape back", or "n: new") without the keys
        not offered."""
        parts = [p for p in hint.split(" · ") if self.key_offered(p.split(" ", 1)[0].rstrip(":"))]
        return " · ".join(parts)
