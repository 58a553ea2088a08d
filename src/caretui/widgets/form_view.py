"""One renderer for every form spec (C6): a keyboard form that works in an 80x24 terminal.

The form's sections are steps: a strip at the top names them, with how many required
answers each still needs, and ``ctrl+pagedown``/``ctrl+pageup`` (or ``]``/``[`` outside a
text box) move between them; ``tab`` past a section's last field goes on to the next one.
Each section scrolls on its own. Short answers sit beside their label, long ones under it,
so nothing needs a horizontal scroll at 80 columns. Required fields carry ``*`` and a line
above the form lists what is still needed before it can be completed (``ctrl+g`` goes to the
next, round to the first; a table answer takes the cursor in its rows). A typed value is
checked when the field is left, and a message appears right under it; the text stays as
typed. Questions appear and disappear as the answers they hang from
change. The Office Use Only section is set apart in a warning colour, and forms with a
calculator (the Indicative Budget Tool, the carers forms) show their figure live, always
labelled indicative.

The widget never saves: it posts :class:`FormView.Changed` after every change so the host can
keep a draft, and the host reads :attr:`FormView.answers` to save.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Input, Select, SelectionList, Static, TextArea

from caretui.rules.form_answers import clean_answers, initial_answers, locked_fields
from caretui.rules.forms import (
    Field,
    FormSpec,
    Section,
    missing_before_complete,
    validate,
    visible_fields,
)
from caretui.widgets.form_fields import FieldBox, OptionBar
from caretui.widgets.form_sections import SectionBody, SectionPane, SectionStrip
from caretui.widgets.form_table import TableField
from caretui.widgets.keybar import KeyBar
from caretui.widgets.worker_errors import ReportsWorkerErrors

__all__ = ["FormView", "RowDialog", "RowOpener"]

RowOpener = Callable[[TableField.RowOpened], bool]
"""A host's own way to add or edit a table's rows; True when it took the row."""


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

    class AllAnswered(Message):
        """ctrl+g with nothing missing: the host may go on to what comes next (its Status)."""

        def __init__(self, form_view: FormView) -> None:
            super().__init__()
            self.form_view = form_view

        @property
        def control(self) -> FormView:
            return self.form_view

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
        row_opener: RowOpener | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.spec = spec
        self.row_opener = row_opener
        self.readonly = readonly
        self._today = today
        given = dict(answers or {})
        self.initial = given if readonly else initial_answers(spec, given, prefill)
        self.locked = locked_fields(spec, prefill)
        self.section_index = 0
        self.errors: dict[str, str] = {}
        self._built: set[int] = set()
        self._last: dict[str, Any] | None = None
        self._going_to: str | None = None  # the field ctrl+g is moving the cursor to

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

    @on(TableField.RowOpened)
    def _open_row(self, event: TableField.RowOpened) -> None:
        event.stop()
        if self.row_opener is not None and self.row_opener(event):
            return  # the host opens this table's rows its own way (a lookup)
        table = event.table_field
        self.app.push_screen(
            RowDialog(table.field, event.values, title=event.title, today=table.today), event.done
        )

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

    def show_errors(self, errors: Mapping[str, str], *, focus: bool = True) -> None:
        """Put each message beside its field and go to the first (unless ``focus`` is
        False); clear the others.

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
        if first is not None and focus:
            self.call_later(self.focus_field, first)

    async def focus_field(self, key: str) -> None:
        """Open the section holding a field and put the cursor in it."""
        await self.show_section(self.spec.section_of(key), focus=None)
        box = self._box(key)
        if box is None:
            return
        self._going_to = key

        def focus() -> None:
            self._going_to = None
            control = box.control
            # A table answer takes the cursor in its list, where its keys (a: add) work.
            target = control if control.focusable else None
            if target is None:
                target = next((w for w in control.query("*") if w.focusable), None)
            if target is not None:
                target.focus(scroll_visible=False)
            box.scroll_visible(animate=False, immediate=True)

        # Twice after a refresh: a section built just now has to be laid out first.
        self.call_after_refresh(self.call_after_refresh, focus)

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
        """The next required answer still blank after the field the cursor is in, round to
        the first again after the last; with none, the host is told (its Status is next)."""
        missing = self.missing
        if not missing:
            self.post_message(self.AllAnswered(self))
            self.notify("Everything needed to complete the form is answered.", timeout=3)
            return
        order = [f.key for f in self.spec.fields]
        # A second press before the first has moved the cursor goes on from where the first
        # is going (the cursor moves after the section is laid out).
        here = self._going_to or self._key_of(self.screen.focused)
        start = order.index(here) if here in order else -1
        later = [f for f in missing if order.index(f.key) > start]
        await self.focus_field((later or missing)[0].key)


# --- a table's row ----------------------------------------------------------------------------


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
        view = FormView(self.spec, self.values, today=self.today, id="row-form")
        # A read-only column is filled by a lookup (a person picked from the record).
        view.locked |= {c.key for c in self.spec.fields if c.readonly}
        with Vertical():
            yield view
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
