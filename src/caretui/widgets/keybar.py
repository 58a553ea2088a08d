"""The key bar at the foot of every screen: the screen's keys on one line.

Textual's ``Footer`` builds a widget per key and rebuilds them all whenever the focused
widget changes, which costs more than the rest of a case record to draw. The key bar
draws the same line as text: one widget, redrawn when the screen's bindings change. Keys
that do not fit are left off whole (``?`` lists them all).
Keys are shown as the user has mapped them (``App.get_key_display``); keys that do nothing
where the focus is are dimmed. The command palette's key sits at the right.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import RenderResult
from textual.screen import Screen
from textual.widget import Widget


class KeyBar(Widget):
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        width: 1fr;
        background: $footer-background;
        color: $footer-foreground;
    }
    KeyBar > .keybar--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyBar > .keybar--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    KeyBar > .keybar--disabled {
        text-style: dim;
    }
    """

    COMPONENT_CLASSES = {"keybar--key", "keybar--description", "keybar--disabled"}

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if self.is_attached and screen is self.screen:
            self.refresh()

    def render(self) -> RenderResult:
        key_style = self.get_component_rich_style("keybar--key")
        text_style = self.get_component_rich_style("keybar--description")
        dim = self.get_component_rich_style("keybar--disabled", partial=True)
        palette_key = self.app.COMMAND_PALETTE_BINDING
        line = Text(no_wrap=True, overflow="crop", end="")
        palette = Text(no_wrap=True, end="")
        seen: set[str] = set()
        parts: list[Text] = []
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if binding.key == palette_key and self.app.ENABLE_COMMAND_PALETTE:
                palette = Text.assemble(
                    (f" {self.app.get_key_display(binding)} ", key_style),
                    (f"{binding.description} ", text_style),
                )
                continue
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            part = Text.assemble(
                (f" {self.app.get_key_display(binding)} ", key_style),
                (f"{binding.description} ", text_style),
            )
            if not enabled:
                part.stylize(dim)
            parts.append(part)
        width = self.size.width
        for part in parts:  # whole keys only: a cut-off "W Wai" would say something else
            if line.cell_len + part.cell_len > width:
                break
            line.append_text(part)
        if palette and line.cell_len + palette.cell_len < width:
            line.append(" " * (width - line.cell_len - palette.cell_len))
            line.append_text(palette)
        return line
