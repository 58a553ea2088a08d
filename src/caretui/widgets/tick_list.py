"""A list of tick boxes that reads the same without colour.

Textual's :class:`~textual.widgets.SelectionList` draws the same ``▐X▌`` before every
option and tells ticked from unticked by colour alone, so under ``NO_COLOR`` a system
admin could not see whom a lock-down lets in. :class:`TickList` draws ``[x]`` or ``[ ]``,
puts ``▶`` before the row the cursor is on as soon as the list has focus (not only after
the first arrow key), and wraps a long option instead of cutting it short. Every tick
list in caretui (form multichoices, the lock-down user list) is one of these.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar, Self

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Size
from textual.strip import Strip
from textual.widgets import SelectionList
from textual.widgets.selection_list import SelectionType

__all__ = ["CURSOR", "TICKED", "UNTICKED", "TickList"]

TICKED = "[x]"
UNTICKED = "[ ]"
CURSOR = "▶"
GUTTER = len(CURSOR) + len(TICKED) + 1


class TickList(SelectionList[SelectionType]):
    """A :class:`SelectionList` whose ticks and cursor are glyphs, not colours."""

    DEFAULT_CSS = """
    TickList {
        text-wrap: wrap;
        text-overflow: fold;
        & > .selection-list--button { color: $foreground; background: transparent; }
        & > .selection-list--button-highlighted { color: $foreground; background: transparent; }
        & > .selection-list--button-selected {
            color: $text-success; background: transparent; text-style: bold;
        }
        & > .selection-list--button-selected-highlighted {
            color: $text-success; background: transparent; text-style: bold;
        }
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = SelectionList.COMPONENT_CLASSES

    def _get_left_gutter_width(self) -> int:
        return GUTTER

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """Tall enough for every wrapped line: the options wrap beside the tick boxes."""
        return super().get_content_height(container, viewport, width - GUTTER)

    def on_focus(self, _event: events.Focus) -> None:
        """Put the cursor on the first option, so the first key acts on a row in sight."""
        self._show_cursor()
        self.refresh()

    def add_options(self, items: Iterable[Any]) -> Self:
        """Add options; a list focused while still empty (loading) gets its cursor now."""
        super().add_options(items)
        if self.has_focus:
            self._show_cursor()
        return self

    def _show_cursor(self) -> None:
        if self.highlighted is None and self.option_count:
            self.action_first()

    def on_blur(self, _event: events.Blur) -> None:
        self.refresh()

    def tick_text(self, index: int) -> str:
        """The glyphs before option ``index``: cursor (or a space), then the tick box."""
        value = self.get_option_at_index(index).value
        cursor = CURSOR if self.has_focus and self.highlighted == index else " "
        return cursor + (TICKED if value in self._selected else UNTICKED)

    def render_line(self, y: int) -> Strip:
        line = super(SelectionList, self).render_line(y)
        try:
            index, offset = self._lines[self.scroll_offset.y + y]
        except IndexError:
            return Strip([Segment(" " * GUTTER, self.rich_style), *line])
        underlying = next(iter(line)).style if line.cell_length else None
        underlying = underlying or self.rich_style
        meta = Style(meta={"option": index})
        if offset:
            return Strip([Segment(" " * GUTTER, underlying + meta), *line])
        component = "selection-list--button"
        if self.get_option_at_index(index).value in self._selected:
            component += "-selected"
        if self.highlighted == index:
            component += "-highlighted"
        button = underlying + self.get_component_rich_style(component) + meta
        glyphs = self.tick_text(index)
        return Strip(
            [
                Segment(glyphs[0], underlying + meta),
                Segment(glyphs[1:], button),
                Segment(" ", underlying + meta),
                *line,
            ]
        )
