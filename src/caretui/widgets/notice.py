"""A small modal that shows a few lines and asks for a yes (enter or y) or a no (escape or n).

Used to show a record's detail, to confirm revealing a key safe code, and to make sure a
practitioner has read the hazards before a visit.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from caretui.widgets.keybar import KeyBar
from caretui.widgets.worker_errors import ReportsWorkerErrors


class Notice(ReportsWorkerErrors, ModalScreen[bool]):
    DEFAULT_CSS = """
    Notice { align: center middle; }
    Notice > VerticalScroll {
        width: 76; max-width: 100%; height: auto; max-height: 20;
        border: round $accent; background: $surface; padding: 0 1;
    }
    Notice #notice-title { text-style: bold; padding-bottom: 1; }
    Notice #notice-keys { color: $text-muted; padding-top: 1; }
    Notice.warning > VerticalScroll { border: heavy $error; }
    """

    BINDINGS = [
        Binding("enter,y", "answer(True)", "Yes", id="notice.yes"),
        Binding("escape,n", "answer(False)", "No", id="notice.no"),
    ]

    def __init__(
        self,
        title: str,
        body: str | Text,
        *,
        keys: str = "enter or escape: close",
        warning: bool = False,
    ) -> None:
        super().__init__(classes="warning" if warning else "")
        self.title_text = title
        self.body = body
        self.keys = keys

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(self.title_text, id="notice-title")
            yield Static(self.body, id="notice-body")
            yield Static(self.keys, id="notice-keys")
        yield KeyBar()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class Info(Notice, inherit_bindings=False):
    """A Notice that only informs: one key closes it, and the key bar says "Close" (not a
    "Yes" and "No" that answer nothing)."""

    BINDINGS = [Binding("enter,escape", "answer(True)", "Close", id="info.close")]
