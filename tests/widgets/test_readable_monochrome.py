"""Under NO_COLOR every word stays readable: text too close to its background in grey is
moved away from it; text already far from it keeps its own grey."""

from __future__ import annotations

from rich.color import Color as RichColor
from rich.segment import Segment
from rich.style import Style
from textual.color import Color

from caretui.app import CareApp
from caretui.widgets.readable_monochrome import LEAST_CONTRAST, ReadableMonochrome

NEAR_BLACK = Color(30, 30, 30)


def _brightness(style: Style | None, part: str = "color") -> float:
    assert style is not None
    colour = getattr(style, part)
    assert colour is not None
    return Color.from_rich_color(colour).brightness


def test_red_text_on_near_black_becomes_a_readable_grey() -> None:
    [segment] = ReadableMonochrome().apply(
        [Segment("OVERDUE 32d", Style(color=RichColor.parse("#c03030"), bold=True))], NEAR_BLACK
    )
    assert segment.text == "OVERDUE 32d" and segment.style is not None and segment.style.bold
    colour = segment.style.color
    assert colour is not None
    r, g, b = colour.get_truecolor()
    assert r == g == b  # grey
    assert _brightness(segment.style) - NEAR_BLACK.brightness >= LEAST_CONTRAST - 0.01


def test_text_already_readable_keeps_its_grey_and_dark_text_on_light_goes_darker() -> None:
    white_on_black = Style(color=RichColor.parse("#eeeeee"), bgcolor=RichColor.parse("#101010"))
    [kept] = ReadableMonochrome().apply([Segment("Open", white_on_black)], NEAR_BLACK)
    assert _brightness(kept.style) > 0.9
    grey_on_light = Style(color=RichColor.parse("#aaaaaa"), bgcolor=RichColor.parse("#dddddd"))
    [moved] = ReadableMonochrome().apply([Segment("Open", grey_on_light)], NEAR_BLACK)
    gap = _brightness(moved.style, "bgcolor") - _brightness(moved.style)
    assert gap >= LEAST_CONTRAST - 0.01


def test_the_app_uses_it_under_no_color(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NO_COLOR", "1")
    app = CareApp(store=None, actor=None, sandbox=True)  # type: ignore[arg-type]
    assert any(isinstance(f, ReadableMonochrome) for f in app._filters)
