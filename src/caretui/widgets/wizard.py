"""The wizard frame: the steps of a long piece of work, where you are, what is still missing.

A strip at the top lists the steps (the current one reversed; ``✓`` when a step has all it
needs, ``(2)`` when two answers are missing; at 80 columns the other steps shrink to their
numbers). Under it one line says what stands between the practitioner and finishing, and a
second line carries the step's own note (an eligibility decision, a failing check).
``ctrl+pagedown``/``ctrl+pageup`` (or ``]``/``[`` outside a text box) go to the next and
previous step, ``ctrl+g`` to the next missing answer, wherever it is (again: the one after).

Form steps are :class:`StepForm`: the form renderer over one section, so every wizard asks
its questions exactly as forms do. Other steps are any widget the host screen builds. The
frame never writes: the host (``screens.wizard.WizardScreen``) keeps the answers, the draft
and the finishing op.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from caretui.rules.closure import Checklist
from caretui.rules.forms import Section
from caretui.widgets.form_sections import SectionStrip
from caretui.widgets.form_view import FormView

__all__ = ["ChecklistView", "StepForm", "WizardFrame"]


class StepForm(FormView):
    """A form step: one section of a spec. Moving between steps is the wizard's business."""

    def on_mount(self) -> None:
        self.query_one("#form-missing").display = False  # the wizard's line says it all

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return action not in ("next_section", "previous_section", "next_missing")


NAV_BINDINGS: list[BindingType] = [
    Binding(
        "ctrl+pagedown",
        "next_step",
        "Next step",
        key_display="^PgDn",
        priority=True,
        id="wizard.next",
        tooltip="Go to the wizard's next step",
    ),
    Binding(
        "ctrl+pageup",
        "previous_step",
        "Back a step",
        key_display="^PgUp",
        priority=True,
        id="wizard.back",
        tooltip="Go back to the previous step",
    ),
    Binding("right_square_bracket", "next_step", show=False, id="wizard.next_key"),
    Binding("left_square_bracket", "previous_step", show=False, id="wizard.back_key"),
    Binding(
        "ctrl+g",
        "to_missing",
        "To missing",
        id="wizard.missing",
        tooltip="Go to the next answer still needed before the wizard can finish",
    ),
]
"""The frame's keys; a wizard screen binds them (``action_next_step`` and so on) so they
work wherever the cursor is, even before a step has taken it."""


class WizardFrame(Vertical):
    """Steps strip, the missing line, the step note and the current step's body."""

    DEFAULT_CSS = """
    WizardFrame { height: 1fr; }
    WizardFrame > #wizard-missing {
        height: 1; padding: 0 1; color: $text-warning; text-wrap: nowrap; text-overflow: ellipsis;
    }
    WizardFrame > #wizard-missing.-done { color: $text-success; }
    WizardFrame > #wizard-note { height: auto; max-height: 3; padding: 0 1; background: $boost; }
    WizardFrame > #wizard-note.-empty { display: none; }
    WizardFrame > #wizard-body { height: 1fr; }
    WizardFrame .wizard-step { height: 1fr; }
    """

    class StepShown(Message):
        """The frame moved to a step; the host builds or refreshes it."""

        def __init__(self, frame: WizardFrame, index: int) -> None:
            super().__init__()
            self.frame = frame
            self.index = index

    class MissingWanted(Message):
        """ctrl+g: the host goes to the next missing answer."""

    def __init__(self, titles: Sequence[str] = (), *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.titles = list(titles)
        self.index = 0

    def compose(self) -> ComposeResult:
        yield SectionStrip(self._sections(), id="wizard-steps")
        yield Static("", id="wizard-missing")
        yield Static("", id="wizard-note", classes="-empty")
        with Vertical(id="wizard-body"):
            for index in range(len(self.titles)):
                yield Vertical(id=f"step-{index}", classes="wizard-step")

    def _sections(self) -> tuple[Section, ...]:
        return tuple(Section(f"step_{i}", t, ()) for i, t in enumerate(self.titles))

    @property
    def strip(self) -> SectionStrip:
        return self.query_one(SectionStrip)

    def step_container(self, index: int) -> Vertical:
        return self.query_one(f"#step-{index}", Vertical)

    async def set_titles(self, titles: Sequence[str]) -> None:
        """Lay out the steps (once the host knows them)."""
        self.titles = list(titles)
        strip = self.strip
        strip.sections = self._sections()
        strip.needed = [0] * len(self.titles)
        body = self.query_one("#wizard-body", Vertical)
        await body.remove_children()
        steps = [Vertical(id=f"step-{i}", classes="wizard-step") for i in range(len(self.titles))]
        for step in steps[1:]:
            step.display = False
        await body.mount_all(steps)

    async def fill_step(self, index: int, widget: Widget) -> None:
        container = self.step_container(index)
        await container.remove_children()
        await container.mount(widget)

    def step_filled(self, index: int) -> bool:
        return bool(self.step_container(index).children)

    async def show_step(self, index: int) -> None:
        index = max(0, min(index, len(self.titles) - 1))
        self.index = index
        for number, step in enumerate(self.query_one("#wizard-body", Vertical).children):
            step.display = number == index
        self.strip.show(index, self.strip.needed)
        self.post_message(self.StepShown(self, index))

    def show_missing(self, needed: Sequence[Sequence[str]]) -> None:
        """What each step still needs, as labels; the line names them, nearest first."""
        self.strip.show(self.index, [len(n) for n in needed])
        line = self.query_one("#wizard-missing", Static)
        total = sum(len(n) for n in needed)
        line.set_class(total == 0, "-done")
        if total == 0:
            line.update("✓ Everything needed is answered: ctrl+s to finish.")
            return
        here = list(needed[self.index]) if self.index < len(needed) else []
        others = [
            f"{i + 1} {self.titles[i]} ({len(n)})"
            for i, n in enumerate(needed)
            if n and i != self.index
        ]
        parts = []
        if here:
            parts.append("This step: " + ", ".join(here))
        if others:
            parts.append("Also: " + ", ".join(others))
        line.update(Text(f"Needed to finish ({total}): " + " · ".join(parts)))

    def show_note(self, note: str | Text) -> None:
        widget = self.query_one("#wizard-note", Static)
        widget.set_class(not note, "-empty")
        widget.update(note)

    async def action_next_step(self) -> None:
        if self.index < len(self.titles) - 1:
            await self.show_step(self.index + 1)

    async def action_previous_step(self) -> None:
        if self.index > 0:
            await self.show_step(self.index - 1)

    def action_to_missing(self) -> None:
        self.post_message(self.MissingWanted())


class ChecklistView(OptionList):
    """The closure checklist: each check passed or failing, with the items that fail it.

    ``enter`` on a check or an item opens the list where it is put right; ``a``, ``f``,
    ``l`` and ``i`` open Activities, Forms, Deprivations of Liberty and Involvements, as they
    do on the case record. The list opens on the item to put right: the one highlighted
    here, or else the first item failing the check (not the list's first row).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "jump('activities')", "Activities", id="checklist.activities"),
        Binding("f", "jump('forms')", "Forms", id="checklist.forms"),
        Binding("l", "jump('dols')", "DoLS", id="checklist.dols"),
        Binding("i", "jump('involvements')", "Involvements", id="checklist.involvements"),
    ]
    DEFAULT_CSS = """
    ChecklistView, ChecklistView:focus { height: 1fr; border: none; padding: 0 1; }
    """

    class Jump(Message):
        """Open the case list named ``menu`` to put a failing item right: the item with
        ``item_id`` (None when the check has nothing failing)."""

        def __init__(self, menu: str, item_id: int | None = None) -> None:
            super().__init__()
            self.menu = menu
            self.item_id = item_id

    def __init__(self, checklist: Checklist | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._targets: dict[str, str] = {}
        self._items: dict[str, int] = {}  # option id: the failing item it shows
        self._first: dict[str, int] = {}  # list name: its first failing item
        if checklist is not None:
            self.show(checklist)

    def show(self, checklist: Checklist) -> None:
        highlighted = self.highlighted
        self.clear_options()
        self._targets, self._items, self._first = {}, {}, {}
        options: list[Option] = []
        for line in checklist.lines:
            mark = Text(
                "✓ " if line.passed else "✗ ", style="bold green" if line.passed else "bold red"
            )
            words = Text.assemble(
                mark,
                (line.title, "bold"),
                ("  passed" if line.passed else f"  failing: {len(line.failing)}", "dim"),
            )
            options.append(Option(words, id=f"line:{line.key}"))
            self._targets[f"line:{line.key}"] = line.jump
            if line.failing:
                self._first.setdefault(line.jump, line.failing[0].id)
                self._items[f"line:{line.key}"] = line.failing[0].id
            for item in line.failing:
                option_id = f"item:{line.key}:{item.id}"
                options.append(Option(Text(f"    • {item.label}"), id=option_id))
                self._targets[option_id] = line.jump
                self._items[option_id] = item.id
            if not line.passed:
                options.append(
                    Option(Text(f"    {line.how_to_fix}", style="italic"), disabled=True)
                )
        self.add_options(options)
        if options:
            self.highlighted = min(highlighted or 0, len(options) - 1)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id or ""
        target = self._targets.get(option_id)
        if target:
            self.post_message(self.Jump(target, self._items.get(option_id)))

    def action_jump(self, menu: str) -> None:
        """The list, on the highlighted item if it is one of that list's, else on the
        list's first failing item."""
        item_id = self._first.get(menu)
        if self.highlighted is not None:
            option_id = self.get_option_at_index(self.highlighted).id or ""
            if self._targets.get(option_id) == menu and option_id in self._items:
                item_id = self._items[option_id]
        self.post_message(self.Jump(menu, item_id))


def plain(value: Any) -> str:
    """A value as a short line of text for a summary step."""
    if value in (None, "", []):
        return "—"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)
