"""A form's sections: each one's pane, its scrolling body, and the strip that names them all
with what each still needs. The wizard frame shows its steps in the same strip.
"""

from __future__ import annotations

from rich.text import Text
from textual.containers import Vertical, VerticalScroll
from textual.widget import Widget

from caretui.rules.forms import Section

__all__ = ["SectionBody", "SectionPane", "SectionStrip"]


class SectionPane(Vertical):
    """One section: its title and help stay in view while its fields scroll beneath."""

    DEFAULT_CSS = """
    SectionPane { height: 1fr; }
    SectionPane > .section-title { text-style: bold; background: $boost; padding: 0 1; }
    SectionPane > .section-help { color: $text-muted; padding: 0 1; }
    SectionPane.office-use { border-left: outer $warning; background: $warning 6%; }
    SectionPane.office-use > .section-title { background: $warning 35%; }
    """


class SectionBody(VerticalScroll, can_focus=False):
    """A section's fields; it takes focus itself only in a read-only form, to scroll."""

    DEFAULT_CSS = """
    SectionBody { height: 1fr; padding: 0 1; }
    SectionBody:focus { background-tint: $foreground 4%; }
    """


def _short_title(section: Section) -> str:
    return section.title.split(":", 1)[0]


class SectionStrip(Widget):
    """The form's sections in one line: the current one reversed, each with what it still needs.

    ``✓`` means every required answer in the section is given; ``(3)`` means three are not.
    When the titles do not fit, the other sections shrink to their numbers.
    """

    DEFAULT_CSS = """
    SectionStrip { height: 1; width: 1fr; background: $panel; }
    """

    def __init__(self, sections: tuple[Section, ...], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.sections = sections
        self.current = 0
        self.needed: list[int] = [0] * len(sections)
        self.readonly = False

    def show(self, current: int, needed: list[int]) -> None:
        self.current = current
        self.needed = needed
        self.refresh()

    def _mark(self, index: int) -> str:
        if self.readonly:
            return ""
        count = self.needed[index]
        return f" ({count})" if count else " ✓"

    def render(self) -> Text:
        width = self.size.width or 80
        for short in (False, True):
            text = Text(no_wrap=True, overflow="ellipsis")
            for index, section in enumerate(self.sections):
                current = index == self.current
                title = _short_title(section)
                words = f" {index + 1} {title}{self._mark(index)} "
                if short and not current:
                    words = f" {index + 1}{self._mark(index).strip()} "
                style = "bold reverse" if current else ""
                if section.office_use_only:
                    style += " italic"
                text.append(words, style=style.strip())
                if index < len(self.sections) - 1:
                    text.append("│", style="dim")
            if text.cell_len <= width or short:
                return text
        return text
