"""One message at a time, in a line above the key bar (issue 14).

Textual shows each ``notify()`` as a toast stacked over the right half of the screen, where
toasts hide the fields being typed in. caretui shows them instead in a message line docked
just above the key bar: it takes its own rows, so it never covers a field, and it holds one
message; a new one replaces the old.

An ordinary message goes after its timeout, or as soon as the screen changes (it was about
the screen the practitioner has left). A message that matters (severity ``warning`` or
``error``: a refusal for the role, a save that could not be made, a returned closure request)
stays until the practitioner presses ``escape``, which dismisses it before doing anything
else; it follows the practitioner to a dialog opened on top of its screen, and goes with its
screen when that screen is closed. The line says "escape: dismiss" so no one is left guessing.

Screens with no key bar get the line at their foot. A screen whose class has
``SHOWS_MESSAGES = False`` (the lock screen: what is on record stays out of sight) shows none.
``App._notifications`` keeps Textual's record of recent notices, as before.
"""

from __future__ import annotations

from functools import partial
from time import time
from typing import TYPE_CHECKING, Any, ClassVar

from textual.actions import SkipAction
from textual.app import App
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.css.query import NoMatches
from textual.notifications import Notification, Notify
from textual.widgets import Static

if TYPE_CHECKING:
    from textual.screen import Screen

__all__ = ["MessageLine", "OneMessageAtATime", "matters"]

LATE_GRACE = 1.0
"""Seconds within which a message that matters, raised just as its screen closed (a worker's
notice racing the dismissal), moves to the screen beneath instead of going with it."""


def matters(notification: Notification) -> bool:
    """Whether a message stays until dismissed: warnings and errors do."""
    return notification.severity in ("warning", "error")


class MessageLine(Static):
    """The line above the key bar that shows the current message, or nothing."""

    DEFAULT_CSS = """
    MessageLine {
        dock: bottom;
        width: 1fr;
        height: auto;
        max-height: 5;
        margin-bottom: 1;
        padding: 0 1;
        background: $panel;
        border-left: outer $success;
        display: none;
    }
    MessageLine.-shown { display: block; }
    MessageLine.-bare { margin-bottom: 0; }
    MessageLine.-warning { border-left: outer $warning; background: $warning 20%; }
    MessageLine.-error { border-left: outer $error; background: $error 25%; }
    """

    notification: Notification | None = None

    def show(self, notification: Notification | None) -> None:
        """Show ``notification`` (None hides the line)."""
        if notification is self.notification:
            return
        self.notification = notification
        for severity in ("information", "warning", "error"):
            self.set_class(
                notification is not None and notification.severity == severity, f"-{severity}"
            )
        self.set_class(notification is not None, "-shown")
        if notification is not None:
            self.update(self._words(notification))

    @staticmethod
    def _words(notification: Notification) -> Content:
        body = (
            Content.from_markup(notification.message)
            if notification.markup
            else Content(notification.message)
        )
        parts: list[Content | str | tuple[str, str]] = []
        if matters(notification):
            parts.append(("⚠ ", "bold"))
        if notification.title:
            parts.append((f"{notification.title}: ", "bold"))
        parts.append(body)
        if matters(notification):
            parts.append(("  (escape: dismiss)", "italic"))
        return Content.assemble(*parts)


class OneMessageAtATime(App[int]):
    """The app's side: which message is current, on which screen, and for how long."""

    MESSAGE_BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "dismiss_message",
            "Dismiss message",
            priority=True,
            id="caretui.dismiss_message",
        )
    ]

    _message: Notification | None = None
    _message_home: Screen[Any] | None = None

    def watch_screen_changes(self) -> None:
        """Call once the app is running (``on_mount``)."""
        self.screen_change_signal.subscribe(self, self._screen_changed)

    # --- taking a message ---------------------------------------------------------------

    def _on_notify(self, event: Notify) -> None:
        event.prevent_default()  # Textual's own handler would stack a toast
        notification = event.notification
        self._notifications.add(notification)
        self._message = notification
        self._message_home = self._current_screen()
        if not matters(notification):
            self.set_timer(notification.timeout, partial(self._expire, notification.identity))
        self._show_message()

    def _expire(self, identity: str) -> None:
        if self._message is not None and self._message.identity == identity:
            self._message = None
            self._show_message()

    def clear_notifications(self) -> None:
        self._message = None
        super().clear_notifications()

    def _dismissable(self) -> bool:
        """Whether a message that matters is in sight (only such a message is dismissed)."""
        if self._message is None or not matters(self._message):
            return False  # cheap: the key bar asks on every key
        screen = self._current_screen()
        line = self._line(screen, make=False) if screen is not None else None
        return (
            self._message is not None
            and matters(self._message)
            and line is not None
            and line.notification is self._message
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """escape is the screen's own (Back, Cancel...) unless a message to dismiss is in
        sight: then the key bar says "esc Dismiss message" where it said "esc Back"."""
        if action == "dismiss_message":
            return self._dismissable()
        return super().check_action(action, parameters)

    def action_dismiss_message(self) -> None:
        """escape: a message that matters is dismissed first; the next escape does what it
        does on the screen."""
        if not self._dismissable():
            raise SkipAction()
        self._message = None
        self._show_message()

    def _screen_changed(self, screen: Screen[Any]) -> None:
        message = self._message
        if message is None or self._message_home is screen:
            return
        if matters(message):
            if self._message_home in self.screen_stack:
                return  # a dialog over its screen: it stays in sight
            if time() - message.raised_at < LATE_GRACE:
                self._message_home = screen
                return
        self._message = None

    # --- showing it ---------------------------------------------------------------------

    def _refresh_notifications(self) -> None:
        """Textual calls this when a screen resumes and when a notice goes."""
        self._show_message()

    def _current_screen(self) -> Screen[Any] | None:
        try:
            return self.screen
        except Exception:  # no screen yet (ScreenStackError)
            return None

    def _show_message(self) -> None:
        screen = self._current_screen()
        if screen is None or self._disable_notifications:
            return
        shown = self._message if getattr(screen, "SHOWS_MESSAGES", True) else None
        line = self._line(screen, make=shown is not None)
        if line is None:
            return
        before = line.notification
        line.show(shown)
        if shown is not before:
            self.refresh_bindings()  # escape: the screen's key, or "Dismiss message"
        if shown is not None and before is None:
            # The line took rows from the screen: keep the field being typed in in sight.
            focused = screen.focused
            if focused is not None:
                self.call_after_refresh(focused.scroll_visible, animate=False)

    def _line(self, screen: Screen[Any], *, make: bool) -> MessageLine | None:
        from caretui.widgets.keybar import KeyBar

        try:
            return screen.query_one(MessageLine)
        except NoMatches:
            pass
        if not make or not screen.is_attached or not screen.is_mounted:
            return None
        line = MessageLine()
        try:
            keybar = screen.query(KeyBar).first()
        except NoMatches:
            line.add_class("-bare")
            screen.mount(line)
        else:
            assert keybar.parent is not None
            keybar.parent.mount(line, before=keybar)
        return line
