"""A small keyboard dialog for short records: an involvement, a DoLS, a safeguarding entry.

Fields are data (``DialogField``), so each caller only says what it asks for. Dates are
typed the way people type them; a bad one gets a message under the field and nothing
typed is lost. ``ctrl+s`` (or enter on the last field) saves, escape cancels.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static, TextArea

from caretui.widgets.keybar import KeyBar
from caretui.widgets.worker_errors import ReportsWorkerErrors


@dataclass(frozen=True)
class DialogField:
    key: str
    label: str
    kind: str = "text"  # text | date | choice | textarea
    required: bool = False
    options: tuple[tuple[str, Any], ...] = field(default_factory=tuple)
    value: Any = None
    help: str = ""


class RecordDialog(ReportsWorkerErrors, ModalScreen[dict[str, Any] | None]):
    """Returns the typed values (dates parsed) or None when cancelled."""

    DEFAULT_CSS = """
    RecordDialog { align: center middle; }
    RecordDialog > VerticalScroll {
        width: 76; max-width: 100%; height: auto; max-height: 22;
        border: round $accent; background: $surface; padding: 0 1;
    }
    RecordDialog #dialog-title { text-style: bold; padding-bottom: 1; }
    RecordDialog .row { height: auto; }
    RecordDialog .row Label { width: 20; padding: 0 1 0 0; }
    RecordDialog .row Input, RecordDialog .row Select { width: 1fr; }
    RecordDialog TextArea { height: 5; }
    RecordDialog .error { color: $error; padding-left: 20; height: auto; display: none; }
    RecordDialog .row { margin-bottom: 1; }
    RecordDialog #dialog-help { color: $text-muted; }
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="dialog.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
    ]

    def __init__(self, title: str, fields: list[DialogField], help_text: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.fields = fields
        self.help_text = help_text

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(self.title_text, id="dialog-title")
            if self.help_text:
                yield Static(self.help_text, id="dialog-help")
            for f in self.fields:
                label = f.label + (" *" if f.required else "")
                if f.kind == "textarea":
                    yield Label(label)
                    yield TextArea(str(f.value or ""), id=f"f-{f.key}", soft_wrap=True)
                else:
                    with Horizontal(classes="row"):
                        yield Label(label)
                        if f.kind == "choice":
                            yield Select(
                                list(f.options),
                                compact=True,
                                id=f"f-{f.key}",
                                prompt=f.help or "Choose",
                                value=Select.NULL if f.value is None else f.value,
                            )
                        else:
                            yield Input(
                                "" if f.value is None else str(f.value),
                                compact=True,
                                id=f"f-{f.key}",
                                placeholder=f.help or ("dd/mm/yyyy" if f.kind == "date" else ""),
                            )
                yield Static("", classes="error", id=f"e-{f.key}")
        yield KeyBar()

    def on_mount(self) -> None:
        first = self.query("Input, Select, TextArea").first()
        first.focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        inputs = list(self.query("Input, Select, TextArea"))
        if inputs and event.input is inputs[-1]:
            self.action_save()
        else:
            self.focus_next()

    def values(self) -> tuple[dict[str, Any], dict[str, str]]:
        from caretui.rules.validation import ValidationError, parse_date

        values: dict[str, Any] = {}
        errors: dict[str, str] = {}
        for f in self.fields:
            widget = self.query_one(f"#f-{f.key}")
            if isinstance(widget, TextArea):
                raw: Any = widget.text
            elif isinstance(widget, Select):
                raw = None if widget.is_blank() else widget.value
            else:
                raw = widget.value.strip()  # type: ignore[attr-defined]
            if raw in (None, ""):
                if f.required:
                    errors[f.key] = f"{f.label} is required."
                values[f.key] = None if f.kind in ("date", "choice") else ""
                continue
            if f.kind == "date":
                try:
                    raw = parse_date(raw)
                except ValidationError as exc:
                    errors[f.key] = str(exc)
            values[f.key] = raw
        return values, errors

    def show_errors(self, errors: dict[str, str]) -> None:
        for f in self.fields:
            error = self.query_one(f"#e-{f.key}", Static)
            error.update(errors.get(f.key, ""))
            error.display = f.key in errors

    def action_save(self) -> None:
        values, errors = self.values()
        self.show_errors(errors)
        if errors:
            self.notify("Check the fields marked. Nothing you typed is lost.", severity="warning")
            return
        self.dismiss(values)

    def action_cancel(self) -> None:
        self.dismiss(None)
