"""A small keyboard dialog for short records: an involvement, a DoLS, a safeguarding entry.

Fields are data (``DialogField``), so each caller only says what it asks for. Dates are
typed the way people type them; a bad one gets a message under the field and nothing
typed is lost. ``ctrl+s`` (or enter on the last field) saves, escape cancels.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Label, Select, Static, TextArea

from caretui.widgets.conflicts import NOT_SAVED, conflict_field, settle_draft
from caretui.widgets.draft_keeper import DraftKeeper
from caretui.widgets.keybar import KeyBar
from caretui.widgets.worker_errors import ReportsWorkerErrors

if TYPE_CHECKING:
    from caretui.rules.merge import ConflictField


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
        Binding("ctrl+t", "discard_draft", "Discard draft", id="dialog.discard"),
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
        saved: dict[str, str] | None = None,
        versioned: bool = False,
        what: str = "record",
        typed: dict[str, str] | None = None,
        save_at_once: bool = False,
    ) -> None:
        """``versioned``: the dialog edits a saved record someone else may change too (a
        draft typed over an older version is compared with theirs before it is saved).
        ``typed``: values to put in the fields instead of any draft (a conflict already
        settled), saved at once with ``save_at_once``."""
        super().__init__()
        self.versioned = versioned
        self.what = what
        self.typed = typed
        self.save_at_once = save_at_once
        # The record as saved, as typed text: a draft is kept only while the fields differ
        # from it (by default, the values the fields open with).
        self.saved = saved
        # The rules' own check of the values, by field, shown before anything is saved.
        self.check = check
        # True when the caller removes the draft once the store has taken the values
        # (ItemsScreen.ask): a refused save then still has it.
        self.keep_draft_on_save = keep_draft_on_save
        self.title_text = title
        self.fields = fields
        self.help_text = help_text
        self.saved_typing: dict[str, str] = {}
        self.baseline_typing: dict[str, str] = {}
        # With a key, what is typed is kept as a draft (never more than about a second
        # behind, see widgets.draft_keeper), and comes back next time.
        self.draft_key = draft_key
        self.drafts: DraftKeeper | None = None
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
        store, actor = getattr(self.app, "store", None), getattr(self.app, "actor", None)
        if self.draft_key and store is not None and actor is not None:
            self.drafts = DraftKeeper(
                self,
                store,
                actor,
                self.draft_key,
                read=self.typed_values,
                title=lambda: self.title_text,
                versioned=self.versioned,
            )
            self.drafts.start(self._saved_values(), None)
            if self.typed is None:
                self.app.load_draft(self.draft_key, self._restore)  # type: ignore[attr-defined]
        if self.typed is not None:
            self._put(self.typed)
            if self.drafts is not None:
                self.drafts.changed()
            if self.save_at_once:
                self.call_after_refresh(self.action_save)

    def conflict_fields(self) -> list[ConflictField]:
        """The fields as the conflict view compares them: choices by their labels, free
        text that may be joined."""
        return [conflict_field(f) for f in self.fields]

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

    def _restore(self, draft: Any) -> None:
        if self.drafts is None:
            return
        typed = self.drafts.start(self._saved_values(), draft)
        if typed is None:
            return
        if self.drafts.moved_on:
            self._settle_draft(draft, typed)
            return
        self._put(typed)
        when = f"{draft.updated_at:%d %b at %H:%M}"
        self.notify(
            f"Restored what you typed on {when} (not yet saved). ctrl+t discards it.",
            title="Draft restored",
        )

    def _settle_draft(self, draft: Any, typed: dict[str, str]) -> None:
        """The draft was typed over an older version: compare it with what is saved now,
        then save what the practitioner keeps."""

        assert self.drafts is not None and self.drafts.typed_over is not None
        keeper, saved = self.drafts, self._saved_values()

        def settled(values: dict[str, Any] | None) -> None:
            if values is None:
                self.notify(NOT_SAVED, severity="warning", timeout=10)
                self.dismiss(None)
                return
            self._put(values)
            keeper.rebase(saved)
            self.action_save()

        settle_draft(
            self,
            draft,
            self.what,
            fields=self.conflict_fields(),
            base=keeper.typed_over,
            theirs=saved,
            yours=typed,
            then=settled,
        )

    def _put(self, typed: dict[str, str]) -> None:
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
        self.refresh_bindings()

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    def _draft_changed(self) -> None:
        if self.drafts is None or self._restoring:
            return
        self.drafts.changed()
        self.refresh_bindings()

    def _saved_values(self) -> dict[str, str]:
        if self.saved is not None:
            return dict(self.saved)
        return {f.key: "" if f.value is None else str(f.value) for f in self.fields}

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "discard_draft":
            return self.drafts is not None and self.drafts.may_discard
        return True

    def action_discard_draft(self) -> None:
        if self.drafts is None:
            return
        labels = {f.key: f.label for f in self.fields}
        self.drafts.ask_discard(labels, lambda: self._put(self._saved_values()))

    def on_unmount(self) -> None:
        if self.drafts is not None:
            self.drafts.close()

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
        # Kept for whoever writes the values: if the store refuses them, this stays in the
        # draft, so nothing typed is lost (see ItemsScreen.ask).
        self.saved_typing = self.typed_values()
        self.baseline_typing = self._saved_values()
        if self.drafts is not None:
            if self.keep_draft_on_save:
                self.drafts.flush()
            else:
                self.drafts.discard()
            self.drafts.saved()
        self.dismiss(values)

    def action_cancel(self) -> None:
        if self.drafts is not None and self.drafts.flush():
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
