"""NO_COLOR that stays readable: greys, with every text at least a set contrast from its
background.

Textual's own NO_COLOR filter turns each colour into its grey, so red text ("OVERDUE")
becomes a dark grey on a near-black background: the words are there but hard to see. This
filter does the same and then moves any text too close to its background's grey away from
it, so a status that was told by colour still reads as plainly as the text around it.
"""

from __future__ import annotations

from functools import lru_cache

from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.filter import LineFilter

# How far apart (0 to 1, in perceived brightness) text and its background stay; muted text
# (hints, placeholders) at about this distance still looks quieter than ordinary text.
LEAST_CONTRAST = 0.45


def _grey(level: float) -> Color:
    value = round(max(0.0, min(1.0, level)) * 255)
    return Color(value, value, value)


@lru_cache(1024)
def readable_style(style: Style, background: Color) -> Style:
    """``style`` in greys, its text moved away from its background where they are close."""
    back = (
        Color.from_rich_color(style.bgcolor).monochrome
        if style.bgcolor is not None
        else background.monochrome
    )
    if style.color is None:
        return style + Style.from_color(None, back.rich_color if style.bgcolor else None)
    fore = Color.from_rich_color(style.color).monochrome
    if abs(fore.brightness - back.brightness) < LEAST_CONTRAST:
        darker = back.brightness >= 0.5
        fore = _grey(back.brightness + (-LEAST_CONTRAST if darker else LEAST_CONTRAST))
    background_colour = back.rich_color if style.bgcolor is not None else None
    return style + Style.from_color(fore.rich_color, background_colour)


class ReadableMonochrome(LineFilter):
    """Every colour to grey, text kept readable against its background."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        return [
            Segment(text, None if style is None else readable_style(style, background), None)
            for text, style, _ in segments
        ]
