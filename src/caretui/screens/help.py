"""Help (``?`` or ``f1``): every key of the screen underneath, with what it does."""

from __future__ import annotations

import re

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from caretui.widgets.worker_errors import ReportsWorkerErrors

KEY_NAMES = {
    "question_mark": "?",
    "slash": "/",
    "escape": "esc",
    "enter": "enter",
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
}

MOVING = (
    ("tab / shift+tab", "Next / previous field or panel"),
    ("↑ ↓, j k, pgup pgdn", "Move in lists"),
    ("enter", "Open the selected row"),
)


def key_label(key: str) -> str:
    return " ".join(KEY_NAMES.get(k, k) for k in key.split(","))


class HelpScreen(ReportsWorkerErrors, ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 78; max-width: 100%; height: 22; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    """
    BINDINGS = [
        Binding("escape,question_mark,f1", "dismiss", "Close help", id="help.close"),
    ]

    def __init__(self, under: Screen[object]) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(self._table())

    def rows(self) -> list[tuple[str, str]]:
        """(keys, what they do) for every described binding of the screen underneath."""
        out: list[tuple[str, str]] = []
        # Keys are grouped by what they do, not by their words alone: a table's "home"
        # (first row) and the app's H (home dashboard) are both described "Home".
        seen: set[tuple[str, str]] = set()
        bindings = self.under.active_bindings
        # A screen may say more than a binding's words (the dashboard names its panels).
        describe = getattr(self.under, "describe_key", None)

        def does_what(binding: Binding) -> tuple[str, str]:
            return binding.action, describe(binding) if describe else binding.description

        for active in bindings.values():
            does = does_what(active.binding)
            if not does[1] or does in seen:
                continue
            seen.add(does)
            keys = [k for k, a in bindings.items() if does_what(a.binding) == does]
            out.append((" ".join(key_label(k) for k in keys), does[1]))
        return [*out, *MOVING]

    def _table(self) -> Table:
        title = screen_name(self.under)
        table = Table(
            title=f"Keys on this screen ({title})", box=None, expand=True, title_justify="left"
        )
        table.add_column("key", style="bold", no_wrap=True)
        table.add_column("does")
        for keys, does in self.rows():
            table.add_row(keys, does)
        table.add_row("", "")
        table.add_row(Text("esc", style="bold"), "Close this help")
        return table


def screen_name(screen: object) -> str:
    """What a practitioner calls a screen: 'TransferWizard' is 'Transfer wizard'."""
    name = type(screen).__name__.removesuffix("Screen") or "Screen"
    words = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name).split()
    return " ".join([words[0], *(w.lower() for w in words[1:])])
