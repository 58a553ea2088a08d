"""Choosing the worker to allocate a case to, with each worker's open cases beside the name.

The manager sees at once who has room: "Priya Sharma · Social Worker · 34 open cases".
Type part of a name to narrow the list, ``enter`` allocates to the highlighted worker,
``escape`` allocates nobody. The screen hands over the team's workers and their counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from caretui.rules.names import fold
from caretui.rules.wording import plural
from caretui.widgets.down_to_list import DownToList, down_to_list
from caretui.widgets.keybar import KeyBar
from caretui.widgets.worker_errors import ReportsWorkerErrors


@dataclass(frozen=True)
class Worker:
    id: int
    name: str
    designation: str
    open_cases: int

    @property
    def line(self) -> str:
        parts = [self.name, self.designation, plural(self.open_cases, "open case")]
        return "  ·  ".join(p for p in parts if p)


class WorkerLookup(DownToList, ReportsWorkerErrors, ModalScreen[int | None]):
    """Returns the chosen worker's user id, or None when escaped."""

    DEFAULT_CSS = """
    WorkerLookup { align: center middle; }
    WorkerLookup > Vertical {
        width: 76; max-width: 100%; height: 18; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    WorkerLookup #worker-title { text-style: bold; height: auto; }
    WorkerLookup OptionList { height: 1fr; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="worker_lookup.cancel"),
        down_to_list("worker_lookup.down"),
    ]

    def __init__(self, title: str, workers: Sequence[Worker]) -> None:
        super().__init__()
        self.title_text = title
        self.choices = list(workers)
        self.shown: list[Worker] = list(workers)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(f"{self.title_text}\nType a name; enter allocates.", id="worker-title")
            yield Input(placeholder="Name", id="worker-filter", compact=True)
            yield OptionList(id="worker-list")
        yield KeyBar()

    def on_mount(self) -> None:
        self._show("")

    def _show(self, text: str) -> None:
        wanted = fold(text).split()
        self.shown = [w for w in self.choices if all(x in fold(w.name) for x in wanted)]
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([Option(w.line, id=str(w.id)) for w in self.shown])
        if self.shown:
            options.highlighted = 0
        elif not self.choices:
            options.add_option(
                Option("The team has no active workers to allocate to.", disabled=True)
            )
        else:
            options.add_option(Option("Nobody matches: try fewer letters.", disabled=True))

    @on(Input.Changed, "#worker-filter")
    def _filter(self, event: Input.Changed) -> None:
        self._show(event.value)

    @on(Input.Submitted, "#worker-filter")
    def _submit(self) -> None:
        index = self.query_one(OptionList).highlighted
        if index is not None and index < len(self.shown):
            self.dismiss(self.shown[index].id)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_index < len(self.shown):
            self.dismiss(self.shown[event.option_index].id)

    def action_cancel(self) -> None:
        self.dismiss(None)
