"""A small keyboard dialog for short records: an involvement, a DoLS, a safeguarding entry.

Fields are data (``DialogField``), so each caller only says what it asks for. Dates are
typed the way people type them; a bad one gets a message under the field and nothing
typed is lost. ``ctrl+s`` (or enter on the last field) saves, escape cancels.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.timer import Timer
from textual.widgets import Input, Label, Select, Static, TextArea

from caretui.widgets.keybar import KeyBar
from caretui.widgets.worker_errors import ReportsWorkerErrors

DRAFT_DELAY_S = 1.0


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

    def __init__(
        self,
        title: str,
        fields: list[DialogField],
        help_text: str = "",
        *,
        draft_key: str | None = None,
        keep_draft_on_save: bool = False,
        check: Callable[[dict[str, Any]], dict[str, str]] | None = None,
    ) -> None:
        super().__init__()
        # The rules' own check of the values, by field, shown before anything is saved.
        self.check = check
        # True when the caller removes the draft once the store has taken the values
        # (ItemsScreen.ask): a refused save then still has it.
        self.keep_draft_on_save = keep_draft_on_save
        self.title_text = title
        self.fields = fields
        self.help_text = help_text
        self.saved_typing: dict[str, str] = {}
        # With a key, what is typed is kept as a draft a second after each change and on
        # escape (the app writes it: see CareApp.keep_draft), and comes back next time.
        self.draft_key = draft_key
        self._draft_timer: Timer | None = None
        self._restoring = False

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
        load = getattr(self.app, "load_draft", None)
        if self.draft_key and load is not None:
            load(self.draft_key, self._restore)

    # --- drafts ---------------------------------------------------------------------------

    def typed_values(self) -> dict[str, str]:
        """What is in each field now, as text (a draft's shape)."""
        typed: dict[str, str] = {}
        for f in self.fields:
            widget = self.query_one(f"#f-{f.key}")
            if isinstance(widget, TextArea):
                typed[f.key] = widget.text
            elif isinstance(widget, Select):
                typed[f.key] = "" if widget.is_blank() else str(widget.value)
            else:
                typed[f.key] = widget.value  # type: ignore[attr-defined]
        return typed

    def _restore(self, typed: dict[str, str], when: str) -> None:
        self._restoring = True
        for f in self.fields:
            if f.key not in typed:
                continue
            widget = self.query_one(f"#f-{f.key}")
            value = typed[f.key]
            if isinstance(widget, TextArea):
                widget.text = value
            elif isinstance(widget, Select):
                chosen = [v for _label, v in f.options if str(v) == value]
                widget.value = chosen[0] if chosen else Select.NULL
            else:
                widget.value = value  # type: ignore[attr-defined]
        self.call_after_refresh(setattr, self, "_restoring", False)
        self.notify(f"Restored what you typed on {when} (not yet saved).", title="Draft restored")

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    def _draft_changed(self) -> None:
        if not self.draft_key or self._restoring:
            return
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(DRAFT_DELAY_S, self._keep_draft)

    def _keep_draft(self) -> None:
        keep = getattr(self.app, "keep_draft", None)
        if self.draft_key and keep is not None:
            keep(self.draft_key, self.typed_values(), self.title_text)

    def _initial_values(self) -> dict[str, str]:
        return {f.key: "" if f.value is None else str(f.value) for f in self.fields}

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
        strays = [m for k, m in errors.items() if k not in {f.key for f in self.fields}]
        if strays:
            self.notify(" ".join(strays), severity="warning", timeout=10)

    def action_save(self) -> None:
        values, errors = self.values()
        if self.check is not None:
            # The rules say what a blank answer needs in their own words; a date that
            # could not be read keeps its own message.
            required = {f.key: f"{f.label} is required." for f in self.fields}
            for key, message in self.check(values).items():
                if key not in errors or errors[key] == required.get(key):
                    errors[key] = message
        self.show_errors(errors)
        if errors:
            self.notify("Check the fields marked. Nothing you typed is lost.", severity="warning")
            return
        if self._draft_timer is not None:
            self._draft_timer.stop()
        # Kept for whoever writes the values: if the store refuses them, this goes back
        # into the draft, so nothing typed is lost (see ItemsScreen.ask).
        self.saved_typing = self.typed_values()
        discard = getattr(self.app, "discard_draft", None)
        if self.draft_key and discard is not None and not self.keep_draft_on_save:
            discard(self.draft_key)
        self.dismiss(values)

    def action_cancel(self) -> None:
        if self.draft_key and self._draft_timer is not None:
            self._draft_timer.stop()
            if self.typed_values() != self._initial_values():
                self._keep_draft()
                self.notify("What you typed is kept as a draft: open this again to carry on.")
        self.dismiss(None)


def ask_reason(
    screen: Screen[Any], title: str, draft_key: str, then: Callable[[str], None]
) -> None:
    """Ask for a reason in words (returning a form or a closure request, reopening a
    case); ``then`` gets it once given. What is typed is kept as a draft until then."""

    def given(values: dict[str, Any] | None) -> None:
        if values is not None:
            then(values["reason"])

    screen.app.push_screen(
        RecordDialog(
            title, [DialogField("reason", "Reason", "textarea", True)], draft_key=draft_key
        ),
        given,
    )
