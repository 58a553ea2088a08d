"""Pick one of a few labelled choices: a type of activity or form, a team, a menu item."""

from __future__ import annotations

from typing import Any

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from caretui.widgets.keybar import KeyBar
from caretui.widgets.worker_errors import ReportsWorkerErrors


class ChooseOne(ReportsWorkerErrors, ModalScreen[Any]):
    """Pick one of a few labelled choices with the arrow keys and enter.

    With ``jump``, a letter that starts exactly one choice's label chooses it at once
    (``c`` Case Note, ``p`` Phone Call); when several start so, it moves to the next of
    them. The title says so.
    """

    DEFAULT_CSS = """
    ChooseOne { align: center middle; }
    ChooseOne OptionList { width: 76; max-width: 100%; height: auto; max-height: 20;
        border: round $accent; }
    ChooseOne #choose-title { width: 76; text-style: bold; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="choose.cancel")]

    def __init__(self, title: str, choices: list[tuple[str, Any]], *, jump: bool = False) -> None:
        super().__init__()
        self.jump = jump
        self.title_text = title + ("  (a first letter chooses)" if jump else "")
        self.choices = choices

    def on_key(self, event: events.Key) -> None:
        """A letter starting exactly one choice's label chooses it."""
        if not self.jump or event.character is None or not event.character.isalpha():
            return
        letter = event.character.lower()
        starting = [v for label, v in self.choices if label[:1].lower() == letter]
        if not starting:
            return
        event.stop()
        event.prevent_default()
        if len(starting) == 1:
            self.dismiss(starting[0])
            return
        # Several start so: the letter moves to the next of them; enter chooses.
        options = self.query_one(OptionList)
        at = [i for i, (label, _) in enumerate(self.choices) if label[:1].lower() == letter]
        now = options.highlighted if options.highlighted is not None else -1
        options.highlighted = next((i for i in at if i > now), at[0])

    def compose(self) -> ComposeResult:
        yield Static(self.title_text, id="choose-title")
        yield OptionList(*[Option(label) for label, _ in self.choices])
        yield KeyBar()

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices[event.option_index][1])

    def action_cancel(self) -> None:
        self.dismiss(None)
