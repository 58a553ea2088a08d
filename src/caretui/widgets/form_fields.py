"""One field of a form: its label, its control, its help line and the message about what
was typed, laid out to fit 80 columns.

A short answer sits beside its label, a long one under it. Yes/no and short lists of
options are an :class:`OptionBar` (every option in sight), longer lists a drop-down,
tables a :class:`caretui.widgets.form_table.TableField`; a locked or read-only answer is
plain text. The form (:class:`caretui.widgets.form_view.FormView`) reads each
:class:`FieldBox` and says where an answer is wrong.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Input, Label, Select, SelectionList, Static, TextArea

from caretui.rules.form_answers import display_value, normalise, option_pairs
from caretui.rules.forms import Field, check_value, is_blank
from caretui.widgets.form_table import TableField, table_text
from caretui.widgets.tick_list import TickList

__all__ = ["FieldBox", "OptionBar"]

INPUT_TYPES = frozenset(
    {"text", "date", "datetime", "number", "money", "nhs_number", "postcode", "phone", "email"}
)
PLACEHOLDERS = {
    "date": "dd/mm/yyyy",
    "datetime": "dd/mm/yyyy hh:mm",
    "number": "a number",
    "money": "£",
    "nhs_number": "10 digits",
    "postcode": "e.g. WF1 2AB",
    "phone": "e.g. 01924 302000",
    "email": "name@example.org",
}
LABEL_WIDTH = 30
"""Columns for a label beside its answer; what is left (about 46) holds the answer."""
INLINE_ROOM = 44
"""The widest set of option buttons that still fits beside a label."""
STACKED_ROOM = 74
"""The widest set of option buttons that fits under a label at 80 columns."""


# --- controls ---------------------------------------------------------------------------------


class OptionBar(Widget, can_focus=True):
    """A one-line choice: ``left``/``right`` move, ``space``/``enter`` choose, a letter jumps.

    Used for yes/no and short lists of options, where a drop-down would hide what can be
    chosen. ``backspace`` clears the answer, so an optional question can be left unanswered
    again. Each option shows ``●`` when chosen and ``○`` when not, so it reads without colour.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "move(-1)", "Previous option", show=False, id="form.option.previous"),
        Binding("right", "move(1)", "Next option", show=False, id="form.option.next"),
        Binding("space,enter", "choose", "Choose", show=False, id="form.option.choose"),
        Binding("backspace,delete", "clear", "Clear answer", show=False, id="form.option.clear"),
    ]
    DEFAULT_CSS = """
    OptionBar { height: auto; width: 1fr; }
    OptionBar:focus { background: $boost; }
    """

    cursor: reactive[int] = reactive(0)
    value: reactive[str | None] = reactive(None)

    class Changed(Message):
        """The chosen option changed (``value`` is None when the answer was cleared)."""

        def __init__(self, bar: OptionBar, value: str | None) -> None:
            super().__init__()
            self.bar = bar
            self.value = value

        @property
        def control(self) -> OptionBar:
            return self.bar

    def __init__(
        self, options: list[tuple[str, str]], value: str | None = None, *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.options = options
        self.set_reactive(OptionBar.value, value)
        values = [v for _, v in options]
        self.set_reactive(OptionBar.cursor, values.index(value) if value in values else 0)

    def render(self) -> Text:
        text = Text(no_wrap=False)
        for index, (label, value) in enumerate(self.options):
            chosen = value == self.value
            style = "bold" if chosen else ""
            if self.has_focus and index == self.cursor:
                style += " reverse"
            text.append(("● " if chosen else "○ ") + label, style=style.strip())
            if index < len(self.options) - 1:
                text.append("   ")
        return text

    def watch_value(self, value: str | None) -> None:
        self.post_message(self.Changed(self, value))

    def action_move(self, by: int) -> None:
        self.cursor = (self.cursor + by) % len(self.options)

    def action_choose(self) -> None:
        self.value = self.options[self.cursor][1]

    def action_clear(self) -> None:
        self.value = None

    def _on_key(self, event: events.Key) -> None:
        """A letter chooses the one option starting with it (y for Yes, n for No)."""
        if event.character is None or not event.character.isalnum():
            return
        letter = event.character.lower()
        starting = [i for i, (label, _) in enumerate(self.options) if label.lower()[:1] == letter]
        if len(starting) == 1:
            event.stop()
            event.prevent_default()
            self.cursor = starting[0]
            self.action_choose()


# --- one field --------------------------------------------------------------------------------


def _option_room(pairs: list[tuple[str, str]]) -> int:
    return sum(len(label) + 5 for label, _ in pairs)


def _layout(field: Field, value: Any, locked: bool) -> tuple[str, bool]:
    """Which control draws a field, and whether it fits beside its label."""
    if locked or field.type == "info":
        return "static", field.type not in ("textarea", "table", "info", "multichoice")
    if field.type in INPUT_TYPES:
        return "input", True
    if field.type in ("choice", "yesno"):
        pairs = option_pairs(field, [str(value)] if not is_blank(value) else [])
        room = _option_room(pairs)
        if len(pairs) <= 6 and room <= STACKED_ROOM:
            return "options", room <= INLINE_ROOM and len(field.label) <= LABEL_WIDTH * 2
        return "select", max(len(label) for label, _ in pairs) <= 40
    if field.type == "multichoice":
        return "selection", False
    if field.type == "table":
        return "table", False
    return "textarea", False


class FieldBox(Vertical):
    """A field's label, its control, its help line and the message about what was typed."""

    DEFAULT_CSS = """
    FieldBox { height: auto; }
    FieldBox > .field-row { height: auto; }
    FieldBox > .field-row > .field-label { width: 30; padding-right: 1; }
    FieldBox > .field-row > Input, FieldBox > .field-row > Select { width: 1fr; }
    FieldBox Input, FieldBox TextArea { background: $boost; }
    FieldBox Input:focus, FieldBox TextArea:focus { background: $surface-lighten-2; }
    FieldBox .field-label { text-style: bold; }
    FieldBox:focus-within .field-label { text-style: bold reverse; }
    FieldBox.-invalid .field-label { color: $text-error; }
    FieldBox .field-help { color: $text-muted; }
    FieldBox .field-error { color: $text-error; text-style: bold; display: none; }
    FieldBox .field-info { color: $text-muted; text-style: italic; }
    FieldBox.inline .field-help, FieldBox.inline .field-error { padding-left: 30; }
    FieldBox .field-value { width: 1fr; }
    FieldBox TextArea { height: auto; min-height: 3; max-height: 8; }
    FieldBox SelectionList { height: auto; max-height: 12; border: none; padding: 0; }
    FieldBox.stacked { margin-top: 1; }
    """

    def __init__(
        self,
        field: Field,
        value: Any,
        *,
        locked: bool,
        readonly_form: bool,
        today: date | None,
    ) -> None:
        self.field = field
        self.initial = value
        self.locked = locked
        self.kind, inline = _layout(field, value, locked)
        self.today = today
        classes = "inline" if inline else "stacked"
        super().__init__(id=f"field-{field.key}", classes=classes)
        self.readonly_form = readonly_form
        self.error = ""

    def on_mount(self) -> None:
        if self.error:
            self.set_error(self.error)

    @property
    def label_text(self) -> str:
        star = " *" if self.field.required and not self.readonly_form else ""
        return self.field.label + star

    def compose(self) -> ComposeResult:
        f = self.field
        if f.type == "info":
            yield Static(f.label, classes="field-info")
            return
        label = Label(self.label_text, classes="field-label")
        if self.has_class("inline"):
            with Horizontal(classes="field-row"):
                yield label
                yield self._control()
        else:
            yield label
            yield self._control()
        if f.help and not self.readonly_form and not self.locked:
            yield Static(f.help, classes="field-help")
        yield Static("", classes="field-error", id=f"error-{f.key}")

    def _control(self) -> Widget:
        f = self.field
        value = self.initial
        control_id = f"input-{f.key}"
        if self.kind == "static":
            if f.type == "table":
                return Static(table_text(f, value), classes="field-value", id=control_id)
            shown = display_value(f, value) or "—"
            return Static(Text(shown), classes="field-value", id=control_id)
        if self.kind == "input":
            return Input(
                display_value(f, value),
                placeholder=PLACEHOLDERS.get(f.type, ""),
                compact=True,
                select_on_focus=False,
                id=control_id,
            )
        if self.kind == "textarea":
            return TextArea(
                "" if value is None else str(value),
                soft_wrap=True,
                compact=True,
                tab_behavior="focus",
                show_line_numbers=False,
                id=control_id,
            )
        extra = [str(value)] if not is_blank(value) and not isinstance(value, list) else []
        if self.kind == "options":
            return OptionBar(
                option_pairs(f, extra), None if is_blank(value) else str(value), id=control_id
            )
        if self.kind == "select":
            select: Select[str] = Select(
                option_pairs(f, extra),
                prompt="Choose…",
                compact=True,
                id=control_id,
                value=str(value) if not is_blank(value) else Select.NULL,
            )
            return select
        if self.kind == "selection":
            ticked = {str(v) for v in value} if isinstance(value, list) else set()
            pairs = option_pairs(f, sorted(ticked - set(f.options)))
            return TickList[str](
                *((label, option, option in ticked) for label, option in pairs), id=control_id
            )
        return TableField(f, value, today=self.today, id=control_id)

    @property
    def control(self) -> Widget:
        return self.query_one(f"#input-{self.field.key}")

    def raw_value(self) -> Any:
        """What the control holds now, as typed (the form normalises it)."""
        if self.kind == "static":
            return self.initial
        control = self.control
        if isinstance(control, Input):
            return control.value
        if isinstance(control, TextArea):
            return control.text
        if isinstance(control, OptionBar):
            return control.value
        if isinstance(control, Select):
            return None if control.is_blank() else control.value
        if isinstance(control, SelectionList):
            return list(control.selected)
        if isinstance(control, TableField):
            return [dict(r) for r in control.rows]
        return self.initial

    def set_error(self, message: str | None) -> None:
        """Show a message under the field, or clear it with None."""
        if self.field.type == "info":
            return
        self.error = message or ""
        box = self.query_one(f"#error-{self.field.key}", Static)
        box.update(Text(f"✗ {message}") if message else "")
        box.display = bool(message)
        self.set_class(bool(message), "-invalid")

    def recheck(self, value: Any, today: date) -> None:
        """Check again after a change; a "needed" message stays while the field is blank."""
        message = check_value(self.field, value, today=today)
        if message is None and self.error and is_blank(value):
            return
        self.set_error(message)

    def tidy(self) -> None:
        """Show a good typed value in its usual form (12/3/1948 becomes 12/03/1948)."""
        control = self.control
        if not isinstance(control, Input) or self.field.type == "text":
            return
        value = normalise(self.field, control.value, today=self.today)
        shown = display_value(self.field, value)
        if (
            shown
            and shown != control.value
            and not check_value(self.field, value, today=self.today)
        ):
            control.value = shown
