"""One renderer for every form spec (C6): a scrolling keyboard form that works at 80x24.

Sections follow one another with their titles (Office Use Only marked out); required
fields carry ``*``; a line at the top lists what is still missing before the form can be
completed; messages appear under the field they belong to and nothing typed is lost.
Conditional fields appear as soon as the answer that calls for them is given.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Input, Label, Select, SelectionList, Static, TextArea

from caretui.rules.forms import Field, FormSpec, missing_before_complete, visible_fields
from caretui.widgets.record_dialog import DialogField, RecordDialog
from caretui.widgets.record_table import RecordTable, record

INPUT_TYPES = ("text", "date", "number", "money", "nhs_number", "postcode")
PLACEHOLDERS = {
    "date": "dd/mm/yyyy",
    "nhs_number": "10 digits",
    "postcode": "e.g. WF1 2AB",
    "money": "£",
}


def show_value(field: Field, value: Any) -> str:
    if value in (None, "", []):
        return "—"
    if field.type == "multichoice":
        return ", ".join(map(str, value))
    if field.type == "table":
        return "; ".join(", ".join(str(row.get(c.key, "")) for c in field.columns) for row in value)
    return str(value)


class TableField(Vertical):
    """A table answer: rows listed, ``a`` adds a row, ``x`` removes the highlighted one."""

    BINDINGS = [
        Binding("a", "add_row", "Add row", id="form.table.add"),
        Binding("x", "remove_row", "Remove row", id="form.table.remove"),
    ]
    DEFAULT_CSS = """
    TableField { height: auto; }
    TableField RecordTable { height: auto; max-height: 8; }
    TableField .hint { color: $text-muted; }
    """

    def __init__(self, field: Field, rows: list[dict[str, Any]], *, id: str) -> None:
        super().__init__(id=id)
        self.field = field
        self.rows = list(rows)

    def compose(self) -> ComposeResult:
        yield RecordTable([c.label for c in self.field.columns])
        yield Static("a add a row · x remove the highlighted row", classes="hint")

    def on_mount(self) -> None:
        self._redraw()

    def _redraw(self) -> None:
        self.query_one(RecordTable).set_records(
            [
                record(n, [str(row.get(c.key, "")) for c in self.field.columns])
                for n, row in enumerate(self.rows)
            ]
        )

    def action_add_row(self) -> None:
        fields = [
            DialogField(
                c.key,
                c.label,
                "choice"
                if c.type in ("choice", "yesno")
                else c.type
                if c.type in ("date", "textarea")
                else "text",
                options=tuple((o, o) for o in c.choices),
            )
            for c in self.field.columns
        ]

        def added(values: dict[str, Any] | None) -> None:
            if values is None:
                return
            clean = {
                k: (f"{v:%d/%m/%Y}" if hasattr(v, "strftime") else v) for k, v in values.items()
            }
            self.rows.append(clean)
            self._redraw()
            self.post_message(FormView.Changed())

        self.app.push_screen(RecordDialog(f"Add a row: {self.field.label}", fields), added)

    def action_remove_row(self) -> None:
        key = self.query_one(RecordTable).current_key
        if key is None:
            return
        del self.rows[int(key)]
        self._redraw()
        self.post_message(FormView.Changed())


class FormView(VerticalScroll):
    DEFAULT_CSS = """
    FormView { padding: 0 1; }
    FormView .section { height: auto; }
    FormView .section-title { text-style: bold; margin-top: 1; background: $boost; }
    FormView .office-use { border-left: thick $warning; padding-left: 1; }
    FormView .section-help, FormView .field-help { color: $text-muted; }
    FormView .field { height: auto; margin-bottom: 1; }
    FormView .field Input, FormView .field Select { width: 1fr; }
    FormView .field TextArea { height: 4; background: $boost; }
    FormView .field SelectionList { height: auto; max-height: 8; }
    FormView .field-error { color: $error; display: none; }
    FormView .readonly-value { padding-left: 2; }
    FormView #missing { color: $warning; height: auto; }
    FormView #budget { border: round $accent; padding: 0 1; height: auto; }
    """

    class Changed(Message):
        """Something was typed or chosen: the host may keep a draft."""

    def __init__(
        self,
        spec: FormSpec,
        answers: dict[str, Any],
        *,
        readonly: bool = False,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.spec = spec
        self.initial = dict(answers)
        self.readonly = readonly
        self._ready = False

    # --- drawing ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        if self.spec.description:
            yield Static(self.spec.description, classes="section-help")
        yield Static("", id="missing")
        if self.spec.key == "indicative_budget":
            yield Static("", id="budget")
        for section in self.spec.sections:
            classes = "section office-use" if section.office_use_only else "section"
            with Vertical(classes=classes):
                yield Static(section.title, classes="section-title")
                if section.help:
                    yield Static(section.help, classes="section-help")
                for f in section.fields:
                    with Vertical(classes="field", id=f"field-{f.key}"):
                        yield Label(f.label + (" *" if f.required and not self.readonly else ""))
                        yield from self._widget(f)
                        if f.help and not self.readonly:
                            yield Static(f.help, classes="field-help")
                        yield Static("", classes="field-error", id=f"error-{f.key}")

    def _widget(self, f: Field) -> ComposeResult:
        value = self.initial.get(f.key)
        if self.readonly or f.readonly or f.type == "info":
            yield Static(show_value(f, value), classes="readonly-value")
        elif f.type in INPUT_TYPES:
            yield Input(
                "" if value is None else str(value),
                placeholder=PLACEHOLDERS.get(f.type, ""),
                compact=True,
                id=f"input-{f.key}",
            )
        elif f.type == "textarea":
            yield TextArea(str(value or ""), soft_wrap=True, compact=True, id=f"input-{f.key}")
        elif f.type in ("choice", "yesno"):
            select: Select[str] = Select(
                [(o, o) for o in f.choices], compact=True, prompt="Choose", id=f"input-{f.key}"
            )
            if value in f.choices:
                select.value = value
            yield select
        elif f.type == "multichoice":
            chosen = set(value or [])
            yield SelectionList[str](*[(o, o, o in chosen) for o in f.options], id=f"input-{f.key}")
        elif f.type == "table":
            yield TableField(f, list(value or []), id=f"input-{f.key}")

    def on_mount(self) -> None:
        self._refresh_conditions()
        self._ready = True

    # --- reading -------------------------------------------------------------------------------

    @property
    def answers(self) -> dict[str, Any]:
        if self.readonly:
            return dict(self.initial)
        out: dict[str, Any] = {}
        for f in self.spec.fields:
            if f.readonly or f.type == "info":
                if f.key in self.initial:
                    out[f.key] = self.initial[f.key]
                continue
            widget = self.query_one(f"#input-{f.key}")
            if isinstance(widget, Input):
                out[f.key] = widget.value.strip()
            elif isinstance(widget, TextArea):
                out[f.key] = widget.text
            elif isinstance(widget, Select):
                out[f.key] = None if widget.is_blank() else widget.value
            elif isinstance(widget, SelectionList):
                out[f.key] = list(widget.selected)
            elif isinstance(widget, TableField):
                out[f.key] = list(widget.rows)
        shown = {f.key for f in visible_fields(self.spec, out)}
        return {k: v for k, v in out.items() if k in shown}

    # --- reacting -------------------------------------------------------------------------------

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    @on(SelectionList.SelectedChanged)
    @on(Changed)
    def _changed(self, event: Message) -> None:
        if not self._ready:
            return
        self._refresh_conditions()
        if not isinstance(event, FormView.Changed):
            event.stop()
            self.post_message(FormView.Changed())

    def _refresh_conditions(self) -> None:
        answers = self.answers if not self.readonly else self.initial
        shown = {f.key for f in visible_fields(self.spec, answers)}
        for f in self.spec.fields:
            self.query_one(f"#field-{f.key}").display = f.key in shown
        if self.readonly:
            self.query_one("#missing", Static).update("")
        else:
            missing = missing_before_complete(self.spec, answers)
            self.query_one("#missing", Static).update(
                "Still needed before you can complete: " + ", ".join(f.label for f in missing)
                if missing
                else "Everything required is filled in."
            )
        if self.spec.key == "indicative_budget":
            self._show_budget(answers)

    def _show_budget(self, answers: dict[str, Any]) -> None:
        from caretui.config import config_dir
        from caretui.rules.budget import indicative_budget, load_band_table

        budget = indicative_budget(answers, load_band_table(config_dir()))
        text = Text(budget.sentence, style="bold")
        text.append(f"\n{budget.label}", style="italic")
        self.query_one("#budget", Static).update(text)

    def show_errors(self, errors: dict[str, str]) -> None:
        """Messages beside their fields; the first one scrolled into view."""
        first = None
        for f in self.spec.fields:
            box = self.query_one(f"#error-{f.key}", Static)
            message = errors.get(f.key, "")
            box.update(message)
            box.display = bool(message)
            if message and first is None:
                first = f.key
        if first is not None:
            self.query_one(f"#field-{first}").scroll_visible()
