"""Pick one of a few labelled choices: a type of activity or form, a team, a menu item."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from caretui.widgets.keybar import KeyBar
from caretui.widgets.worker_errors import ReportsWorkerErrors


class ChooseOne(ReportsWorkerErrors, ModalScreen[Any]):
    """Pick one of a few labelled choices with the arrow keys and enter."""

    DEFAULT_CSS = """
    ChooseOne { align: center middle; }
    ChooseOne OptionList { width: 76; max-width: 100%; height: auto; max-height: 20;
        border: round $accent; }
    ChooseOne #choose-title { width: 76; text-style: bold; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="choose.cancel")]

    def __init__(self, title: str, choices: list[tuple[str, Any]]) -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices

    def compose(self) -> ComposeResult:
        yield Static(self.title_text, id="choose-title")
        yield OptionList(*[Option(label) for label, _ in self.choices])
        yield KeyBar()

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices[event.option_index][1])

    def action_cancel(self) -> None:
        self.dismiss(None)
