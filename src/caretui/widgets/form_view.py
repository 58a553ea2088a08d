"""One renderer for every form spec (C6): a keyboard form that works in an 80x24 terminal.

The form's sections are steps: a strip at the top names them, with how many required
answers each still needs, and ``ctrl+pagedown``/``ctrl+pageup`` (or ``]``/``[`` outside a
text box) move between them; ``tab`` past a section's last field goes on to the next one.
Each section scrolls on its own. Short answers sit beside their label, long ones under it,
so nothing needs a horizontal scroll at 80 columns. Required fields carry ``*`` and a line
above the form lists what is still needed before it can be completed (``ctrl+g`` goes to the
first). A typed value is checked when the field is left, and a message appears right under
it; the text stays as typed. Questions appear and disappear as the answers they hang from
change. The Office Use Only section is set apart in a warning colour, and forms with a
calculator (the Indicative Budget Tool, the carers forms) show their figure live, always
labelled indicative.

The widget never saves: it posts :class:`FormView.Changed` after every change so the host can
keep a draft, and the host reads :attr:`FormView.answers` to save.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import (
    ContentSwitcher,
    DataTable,
    Input,
    Label,
    Select,
    SelectionList,
    Static,
    TextArea,
)

from caretui.rules.form_answers import (
    clean_answers,
    display_value,
    initial_answers,
    locked_fields,
    normalise,
    option_pairs,
)
from caretui.rules.forms import (
    Field,
    FormSpec,
    Section,
    check_value,
    is_blank,
    missing_before_complete,
    validate,
    visible_fields,
)
from caretui.widgets.keybar import KeyBar
from caretui.widgets.worker_errors import ReportsWorkerErrors

__all__ = [
    "FieldBox",
    "FormView",
    "OptionBar",
    "RowDialog",
    "SectionBody",
    "SectionPane",
    "SectionStrip",
    "TableField",
]

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


def _table_text(field: Field, rows: Any) -> Table | Text:
    """A table answer drawn as text, for reading."""
    if not isinstance(rows, list) or not rows:
        return Text("—", style="dim")
    table = Table(box=None, show_edge=False, pad_edge=False, expand=True, header_style="bold")
    for column in field.columns:
        table.add_column(column.label, overflow="fold")
    for row in rows:
        if isinstance(row, dict):
            table.add_row(*(display_value(c, row.get(c.key)) for c in field.columns))
    return table


class TableField(Vertical):
    """A table answer: ``a`` adds a row, ``enter`` or ``e`` edits it, ``x`` removes it.

    Each row opens in a small dialog that is itself a form of the table's columns, so a
    row is checked exactly as a form is. ``u`` puts back the row last removed.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add_row", "Add row", id="form.table.add", tooltip="Add a row to the table"),
        Binding("e", "edit_row", "Edit row", id="form.table.edit", show=False),
        Binding("x", "remove_row", "Remove row", id="form.table.remove"),
        Binding("u", "undo_remove", "Undo remove", id="form.table.undo", show=False),
    ]
    DEFAULT_CSS = """
    TableField { height: auto; }
    TableField DataTable { height: auto; max-height: 8; }
    TableField .table-hint { color: $text-muted; }
    """

    class RowsChanged(Message):
        """A row was added, edited, removed or put back."""

        def __init__(self, table_field: TableField) -> None:
            super().__init__()
            self.table_field = table_field

        @property
        def control(self) -> TableField:
            return self.table_field

    def __init__(self, field: Field, rows: Any, *, today: date | None, id: str) -> None:
        super().__init__(id=id)
        self.field = field
        self.today = today
        self.rows: list[dict[str, Any]] = [
            dict(r) for r in (rows if isinstance(rows, list) else []) if isinstance(r, dict)
        ]
        self._removed: tuple[int, dict[str, Any]] | None = None

    def compose(self) -> ComposeResult:
        table: DataTable[str] = DataTable(cursor_type="row", zebra_stripes=True)
        table.add_columns(*(c.label for c in self.field.columns))
        yield table
        yield Static("", classes="table-hint")

    def on_mount(self) -> None:
        self._redraw()

    @property
    def table(self) -> DataTable[str]:
        return self.query_one(DataTable)

    def _redraw(self, cursor: int | None = None) -> None:
        table = self.table
        table.clear()
        for index, row in enumerate(self.rows):
            table.add_row(
                *(display_value(c, row.get(c.key)) or "—" for c in self.field.columns),
                key=str(index),
            )
        if self.rows:
            table.move_cursor(row=min(cursor or 0, len(self.rows) - 1))
        hint = "a add · enter edit · x remove" + (" · u undo" if self._removed else "")
        if not self.rows:
            hint = "No rows yet: a adds one."
        self.query_one(".table-hint", Static).update(hint)

    def _changed(self, cursor: int | None = None) -> None:
        self._redraw(cursor)
        self.post_message(self.RowsChanged(self))

    def _row_dialog(self, values: dict[str, Any], title: str) -> RowDialog:
        return RowDialog(self.field, values, title=title, today=self.today)

    def action_add_row(self) -> None:
        def added(values: dict[str, Any] | None) -> None:
            if values is not None:
                self.rows.append(values)
                self._changed(len(self.rows) - 1)

        self.app.push_screen(self._row_dialog({}, f"Add a row: {self.field.label}"), added)

    def action_edit_row(self) -> None:
        if not self.rows:
            self.action_add_row()
            return
        index = self.table.cursor_row

        def edited(values: dict[str, Any] | None) -> None:
            if values is not None:
                self.rows[index] = values
                self._changed(index)

        self.app.push_screen(
            self._row_dialog(self.rows[index], f"Row {index + 1}: {self.field.label}"), edited
        )

    @on(DataTable.RowSelected)
    def _open_row(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit_row()

    def action_remove_row(self) -> None:
        if not self.rows:
            return
        index = self.table.cursor_row
        self._removed = (index, self.rows.pop(index))
        self._changed(index)
        self.notify(f"Row {index + 1} removed: u puts it back.", timeout=4)

    def action_undo_remove(self) -> None:
        if self._removed is None:
            return
        index, row = self._removed
        self._removed = None
        self.rows.insert(min(index, len(self.rows)), row)
        self._changed(index)


class RowDialog(ReportsWorkerErrors, ModalScreen[dict[str, Any] | None]):
    """One table row as a small form of the table's columns; ``ctrl+s`` keeps it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "keep", "Keep row", id="form.row.keep", priority=True),
        Binding("escape", "cancel", "Cancel", id="form.row.cancel"),
    ]
    DEFAULT_CSS = """
    RowDialog { align: center middle; }
    RowDialog > Vertical {
        width: 78; max-width: 100%; height: auto; max-height: 22;
        border: round $accent; background: $surface;
    }
    RowDialog FormView { height: auto; max-height: 18; }
    RowDialog FormView > #form-missing { display: none; }
    RowDialog FormView > ContentSwitcher { height: auto; max-height: 16; }
    RowDialog FormView SectionPane { height: auto; max-height: 16; }
    RowDialog FormView SectionBody { height: auto; max-height: 14; }
    """

    def __init__(
        self, field: Field, values: dict[str, Any], *, title: str, today: date | None = None
    ) -> None:
        super().__init__()
        self.spec = FormSpec(
            key=f"row-{field.key}",
            title=title,
            description="",
            sections=(Section(key="row", title=title, fields=field.columns),),
        )
        self.values = values
        self.today = today

    def compose(self) -> ComposeResult:
        with Vertical():
            yield FormView(self.spec, self.values, today=self.today, id="row-form")
        yield KeyBar()

    def action_keep(self) -> None:
        view = self.query_one(FormView)
        values = view.answers
        problems = validate(self.spec, values, completing=True, today=view.today)
        view.show_errors(problems)
        if not problems:
            self.dismiss(values)

    def action_cancel(self) -> None:
        self.dismiss(None)


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
                return Static(_table_text(f, value), classes="field-value", id=control_id)
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
            return SelectionList[str](
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


# --- sections ---------------------------------------------------------------------------------


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


# --- the form ---------------------------------------------------------------------------------


class FormView(Vertical):
    """Any form spec drawn as a keyboard form; ``answers`` holds what is typed.

    ``answers`` given are shown as they are; blanks are filled from ``prefill`` (values the
    host knows from the record, by :data:`caretui.rules.form_spec_check.PREFILL_SOURCES`
    name) and then from the spec's defaults. ``readonly`` shows every answer as text.

    A section's fields are built the first time it is opened, so a long form opens at once;
    until then its answers are the ones given.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+pagedown",
            "next_section",
            "Next section",
            id="form.next_section",
            key_display="^PgDn",
            priority=True,
            tooltip="Go to the form's next section",
        ),
        Binding(
            "ctrl+pageup",
            "previous_section",
            "Previous section",
            show=False,
            id="form.previous_section",
            key_display="^PgUp",
            priority=True,
            tooltip="Go to the form's previous section",
        ),
        Binding("right_square_bracket", "next_section", show=False, id="form.next_section_key"),
        Binding(
            "left_square_bracket", "previous_section", show=False, id="form.previous_section_key"
        ),
        Binding(
            "ctrl+g",
            "next_missing",
            "To missing",
            id="form.next_missing",
            tooltip="Go to the next answer needed before the form can be completed",
        ),
        Binding("tab", "next_field", "Next field", show=False, id="form.next_field"),
        Binding("shift+tab", "previous_field", "Previous field", show=False, id="form.prev_field"),
    ]
    DEFAULT_CSS = """
    FormView { height: 1fr; }
    FormView > #form-missing {
        height: 1; padding: 0 1; color: $text-warning; text-wrap: nowrap; text-overflow: ellipsis;
    }
    FormView > #form-missing.-done { color: $text-success; }
    FormView > ContentSwitcher { height: 1fr; }
    FormView > #form-calculator {
        height: auto; padding: 0 1; background: $boost; border-top: solid $accent;
    }
    """

    class Changed(Message):
        """Something was typed or chosen; the host may keep a draft of ``form_view.answers``."""

        def __init__(self, form_view: FormView, key: str | None = None) -> None:
            super().__init__()
            self.form_view = form_view
            self.key = key

        @property
        def control(self) -> FormView:
            return self.form_view

    def __init__(
        self,
        spec: FormSpec,
        answers: Mapping[str, Any] | None = None,
        *,
        readonly: bool = False,
        prefill: Mapping[str, Any] | None = None,
        today: date | None = None,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.spec = spec
        self.readonly = readonly
        self._today = today
        given = dict(answers or {})
        self.initial = given if readonly else initial_answers(spec, given, prefill)
        self.locked = locked_fields(spec, prefill)
        self.section_index = 0
        self.errors: dict[str, str] = {}
        self._built: set[int] = set()
        self._last: dict[str, Any] | None = None

    @property
    def today(self) -> date:
        from caretui.rules import clock

        return self._today or clock.today()

    # --- drawing ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        strip = SectionStrip(self.spec.sections, id="form-sections")
        strip.readonly = self.readonly
        strip.display = len(self.spec.sections) > 1
        yield strip
        missing = Static("", id="form-missing")
        missing.display = not self.readonly
        yield missing
        shown = {f.key for f in visible_fields(self.spec, self.initial)}
        with ContentSwitcher(initial="section-0", id="form-body"):
            for index, section in enumerate(self.spec.sections):
                pane = SectionPane(
                    id=f"section-{index}",
                    classes="office-use" if section.office_use_only else "",
                )
                with pane:
                    title = section.title
                    if section.office_use_only:
                        title = "OFFICE USE ONLY · " + title.split(":", 1)[-1].strip()
                    yield Static(title, classes="section-title")
                    if section.help and not self.readonly:
                        yield Static(section.help, classes="section-help")
                    body = SectionBody(id=f"section-body-{index}")
                    body.can_focus = self.readonly
                    with body:
                        if index == 0:
                            self._built.add(0)
                            yield from self._field_boxes(section, shown)
        if self.spec.calculator:
            yield Static("", id="form-calculator")

    def _field_boxes(self, section: Section, shown: set[str]) -> list[FieldBox]:
        boxes = []
        for f in section.fields:
            box = FieldBox(
                f,
                self.initial.get(f.key),
                locked=self.readonly or f.key in self.locked,
                readonly_form=self.readonly,
                today=self._today,
            )
            box.error = self.errors.get(f.key, "")
            box.display = f.key in shown
            boxes.append(box)
        return boxes

    async def _build(self, index: int) -> None:
        """Build a section's fields the first time it is opened, from the answers so far."""
        if index in self._built:
            return
        self._built.add(index)
        shown = {f.key for f in visible_fields(self.spec, self._raw())}
        body = self.query_one(f"#section-body-{index}", SectionBody)
        await body.mount_all(self._field_boxes(self.spec.sections[index], shown))

    def on_mount(self) -> None:
        self._refresh_state()
        self._last = self.answers
        focused = self.screen.focused
        if focused is None or not isinstance(focused, Input | TextArea):
            self.call_after_refresh(self._focus_in_section, "first")

    # --- reading ------------------------------------------------------------------------------

    def _boxes(self) -> list[FieldBox]:
        return list(self.query(FieldBox).results(FieldBox))

    def _box(self, key: str) -> FieldBox | None:
        boxes = self.query(f"#field-{key}").results(FieldBox)
        return next(iter(boxes), None)

    def _raw(self) -> dict[str, Any]:
        raw = dict(self.initial)
        if self.readonly:
            return raw
        for box in self._boxes():
            if box.field.holds_answer:
                raw[box.field.key] = box.raw_value()
        return raw

    @property
    def answers(self) -> dict[str, Any]:
        """The answers to store: every shown field (blank when unanswered), dates as ISO,
        NHS numbers as digits; a value that does not parse is kept as typed."""
        return clean_answers(self.spec, self._raw(), today=self.today, every_field=True)

    @property
    def missing(self) -> list[Field]:
        """Required answers still to give before the form can be completed."""
        return missing_before_complete(self.spec, self.answers)

    # --- reacting -----------------------------------------------------------------------------

    def _key_of(self, widget: Widget | None) -> str | None:
        node: Any = widget
        while node is not None and node is not self:
            if isinstance(node, FieldBox):
                return node.field.key
            node = node.parent
        return None

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    @on(OptionBar.Changed)
    @on(SelectionList.SelectedChanged)
    @on(TableField.RowsChanged)
    def _changed(self, event: Message) -> None:
        event.stop()
        if self._last is None:
            return
        key = self._key_of(getattr(event, "control", None))
        raw = self._raw()
        box = self._box(key) if key is not None else None
        if box is not None and box.error:
            box.recheck(raw.get(box.field.key), self.today)
            self._note_error(box)
        answers = clean_answers(self.spec, raw, today=self.today, every_field=True)
        if answers == self._last:
            return
        self._last = answers
        self._refresh_state()
        self.post_message(self.Changed(self, key))

    def _note_error(self, box: FieldBox) -> None:
        if box.error:
            self.errors[box.field.key] = box.error
        else:
            self.errors.pop(box.field.key, None)

    @on(Input.Blurred)
    def _left_input(self, event: Input.Blurred) -> None:
        """Check a typed value as the practitioner moves on, and show it tidily if it is good."""
        event.stop()
        box = self._box(self._key_of(event.input) or "")
        if box is None:
            return
        box.recheck(event.value, self.today)
        self._note_error(box)
        if not box.error:
            box.tidy()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        """A long answer is checked for length as the practitioner leaves it."""
        if isinstance(event.widget, TextArea):
            box = self._box(self._key_of(event.widget) or "")
            if box is not None:
                box.recheck(event.widget.text, self.today)
                self._note_error(box)

    def _refresh_state(self) -> None:
        answers = self.answers if not self.readonly else dict(self.initial)
        shown = {f.key for f in visible_fields(self.spec, answers)}
        for box in self._boxes():
            box.display = box.field.key in shown
        missing = [] if self.readonly else missing_before_complete(self.spec, answers)
        needed = [0] * len(self.spec.sections)
        for f in missing:
            needed[self.spec.section_of(f.key)] += 1
        self.query_one(SectionStrip).show(self.section_index, needed)
        self._show_missing(missing)
        if self.spec.calculator:
            self._show_calculator(answers)

    def _show_missing(self, missing: list[Field]) -> None:
        line = self.query_one("#form-missing", Static)
        line.set_class(not missing, "-done")
        strays = [m for k, m in self.errors.items() if k not in self._field_keys]
        if strays:
            line.update(Text(" ".join(strays)))
        elif not missing:
            line.update("✓ Everything needed to complete the form is answered.")
        else:
            names = ", ".join(f.label for f in missing)
            line.update(Text(f"Needed to complete ({len(missing)}): {names}"))

    @property
    def _field_keys(self) -> set[str]:
        return {f.key for f in self.spec.fields}

    def _show_calculator(self, answers: Mapping[str, Any]) -> None:
        from caretui.rules.budget import BandTableError, carers_budget, indicative_budget

        panel = self.query_one("#form-calculator", Static)
        try:
            if self.spec.calculator == "carers_budget":
                carers = carers_budget(answers)
                text = Text(carers.sentence, style="bold")
                if carers.shown:
                    text.append("\n" + carers.label, style="italic")
            else:
                budget = indicative_budget(answers)
                text = Text(budget.sentence, style="bold")
                text.append("\n" + budget.label, style="italic")
        except BandTableError as exc:
            text = Text(f"The budget band table cannot be used: {exc}", style="bold")
        panel.update(text)

    # --- errors -------------------------------------------------------------------------------

    def show_errors(self, errors: Mapping[str, str]) -> None:
        """Put each message beside its field and go to the first; clear the others.

        Nothing typed changes. Messages for fields the form does not have are shown on the
        summary line, so none is lost.
        """
        self.errors = {k: m for k, m in errors.items() if m}
        for box in self._boxes():
            box.set_error(self.errors.get(box.field.key))
        self._refresh_state()
        shown = {f.key for f in visible_fields(self.spec, self._raw())}
        first = next(
            (f.key for f in self.spec.fields if f.key in self.errors and f.key in shown), None
        )
        if first is not None:
            self.call_later(self.focus_field, first)

    async def focus_field(self, key: str) -> None:
        """Open the section holding a field and put the cursor in it."""
        await self.show_section(self.spec.section_of(key), focus=None)
        box = self._box(key)
        if box is None:
            return

        def focus() -> None:
            control = box.control
            if control.focusable:
                control.focus(scroll_visible=False)
            box.scroll_visible(animate=False)

        self.call_after_refresh(focus)

    # --- sections -----------------------------------------------------------------------------

    async def show_section(self, index: int, *, focus: str | None = "first") -> None:
        """Make a section current; ``focus`` is "first", "last" or None (leave focus alone).

        A negative index counts from the end: -1 is the last section (Office Use Only on a
        Client Level Data form).
        """
        count = len(self.spec.sections)
        index = max(0, min(index + count if index < 0 else index, count - 1))
        await self._build(index)
        self.section_index = index
        self.query_one(ContentSwitcher).current = f"section-{index}"
        self._refresh_state()
        if focus is not None:
            self.call_after_refresh(self._focus_in_section, focus)

    def _section_chain(self) -> list[Widget]:
        body = self.query_one(f"#section-body-{self.section_index}")
        return [w for w in self.screen.focus_chain if body in w.ancestors_with_self]

    def _focus_in_section(self, where: str) -> None:
        chain = self._section_chain()
        if not chain:
            return
        if where == "first":
            # A section opens at its top, heading and guidance in sight, whatever the
            # layout still settling would make of scrolling to the first field.
            chain[0].focus(scroll_visible=False)
            self.query_one(f"#section-body-{self.section_index}").scroll_home(animate=False)
        else:
            chain[-1].focus()

    async def action_next_section(self) -> None:
        if self.section_index < len(self.spec.sections) - 1:
            await self.show_section(self.section_index + 1)

    async def action_previous_section(self) -> None:
        if self.section_index > 0:
            await self.show_section(self.section_index - 1)

    async def action_next_field(self) -> None:
        """Next field; past a section's last field, the next section's first."""
        chain = self._section_chain()
        last = len(self.spec.sections) - 1
        if chain and self.screen.focused is chain[-1] and self.section_index < last:
            await self.show_section(self.section_index + 1, focus="first")
        else:
            self.screen.focus_next()

    async def action_previous_field(self) -> None:
        """Previous field; before a section's first field, the previous section's last."""
        chain = self._section_chain()
        if chain and self.screen.focused is chain[0] and self.section_index > 0:
            await self.show_section(self.section_index - 1, focus="last")
        else:
            self.screen.focus_previous()

    async def action_next_missing(self) -> None:
        """The next required answer still blank, after the field the cursor is in."""
        missing = self.missing
        if not missing:
            self.notify("Everything needed to complete the form is answered.", timeout=3)
            return
        order = [f.key for f in self.spec.fields]
        here = self._key_of(self.screen.focused)
        start = order.index(here) if here in order else -1
        later = [f for f in missing if order.index(f.key) > start]
        await self.focus_field((later or missing)[0].key)
