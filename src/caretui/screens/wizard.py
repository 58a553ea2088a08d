"""What every wizard screen shares: steps over the wizard frame, answers, drafts, finishing.

A wizard screen lists its :class:`Step` objects once it has fetched what it needs (in a
thread worker). Form steps are one section of a spec, drawn by the form renderer; their
questions may hang from answers given in earlier steps. Every change is kept as a draft
(``wizard:<kind>:case:<id>``, never more than about a second behind), so escape,
``ctrl+q``, a crash or a dropped SSH session lose nothing: opening the wizard again
carries on at the same step, and opening the case offers to; ``ctrl+t`` throws it away.
``ctrl+s`` finishes once nothing is missing; until then it
goes to the first thing missing and says what it is.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header, Static

from caretui.rules import clock
from caretui.rules.errors import FormInvalid, PracticeError
from caretui.rules.form_answers import initial_answers
from caretui.rules.forms import Field, FormSpec, Section, parse_spec, validate
from caretui.rules.permissions import Actor
from caretui.store.db import Store
from caretui.store.errors import StaleRecord
from caretui.store.queries import drafts
from caretui.widgets.draft_keeper import DraftKeeper
from caretui.widgets.form_table import TableField
from caretui.widgets.form_view import FormView
from caretui.widgets.keybar import KeyBar
from caretui.widgets.wizard import NAV_BINDINGS, StepForm, WizardFrame
from caretui.widgets.worker_errors import ReportsWorkerErrors


@cache
def wizard_spec(name: str) -> FormSpec:
    """A wizard's questions, as data: ``caretui/forms/wizards/<name>.toml``."""
    path = resources.files("caretui.forms") / "wizards" / f"{name}.toml"
    return parse_spec(name, path.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Step:
    """A step: a form ``section`` of ``spec``, or a widget ``build`` makes.

    ``rebuild`` draws the step again each time it is shown, for steps whose options or
    summary depend on earlier answers.
    """

    title: str
    spec: FormSpec | None = None
    section: Section | None = None
    build: Callable[[], Widget] | None = None
    rebuild: bool = False
    calculator: bool = False


def step_spec(
    spec: FormSpec,
    section: Section,
    answers: Mapping[str, Any],
    adapt: Callable[[Field], Field] | None = None,
    *,
    calculator: bool = False,
) -> FormSpec:
    """One section as a form of its own; conditions on other steps' answers settled now."""
    keys = {f.key for f in section.fields}
    fields = []
    for f in section.fields:
        if adapt is not None:
            f = adapt(f)
        cond = f.shown_when
        if cond is not None and cond.field not in keys:
            if not cond.holds(answers.get(cond.field)):
                continue
            f = replace(f, shown_when=None)
        fields.append(f)
    return replace(
        spec,
        sections=(replace(section, fields=tuple(fields)),),
        calculator=spec.calculator if calculator else None,
    )


class WizardScreen(ReportsWorkerErrors, Screen[bool]):
    """The shared behaviour of the wizards; subclasses say what to fetch, ask and do."""

    kind: ClassVar[str] = "wizard"
    heading: ClassVar[str] = "Wizard"
    resume_hint: ClassVar[str] = "Open it again from the case to carry on."

    DEFAULT_CSS = """
    WizardScreen #wizard-title { height: 1; padding: 0 1; text-style: bold; }
    WizardScreen .summary { padding: 0 1; }
    """
    BINDINGS = [
        Binding("ctrl+s", "finish", "Finish", id="wizard.finish", priority=True),
        Binding("ctrl+t", "discard_draft", "Discard draft", id="wizard.discard"),
        Binding("escape", "leave", "Back", id="wizard.leave"),
        *NAV_BINDINGS,
    ]

    def __init__(self, store: Store, actor: Actor, case_id: int) -> None:
        super().__init__()
        self.store = store
        self.actor = actor
        self.case_id = case_id
        self.steps: list[Step] = []
        self.answers: dict[str, Any] = {}
        self.prefill: dict[str, Any] = {}
        self.person = ""
        self.ready = False
        self.busy = False
        self.step_index = 0

    @property
    def draft_key(self) -> str:
        return f"wizard:{self.kind}:case:{self.case_id}"

    @property
    def frame(self) -> WizardFrame:
        return self.query_one(WizardFrame)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(f"{self.heading} — loading…", id="wizard-title")
        yield WizardFrame(id="wizard")
        yield KeyBar()

    def on_mount(self) -> None:
        # Made here: a subclass may settle its draft key in its own __init__.
        self.drafts = DraftKeeper(
            self,
            self.store,
            self.actor,
            self.draft_key,
            read=self._draft_data,
            title=self._draft_title,
            compare=lambda data: {k: v for k, v in data.items() if k != "step"},
        )
        self.load()

    # --- what subclasses provide -------------------------------------------------------------

    def fetch(self) -> Any:
        """Everything the wizard needs from the store (runs in a thread)."""
        return None

    def setup(self, context: Any) -> None:
        """Set ``steps``, ``answers``, ``prefill`` and ``person`` from what was fetched."""

    def adapt(self, field: Field) -> Field:
        """A field as this wizard asks it now (e.g. options filled from the store)."""
        return field

    def extra_problems(self) -> dict[str, str]:
        """Problems beyond required answers, by field key (rules of the wizard)."""
        return {}

    def note(self, index: int) -> str | Text:
        """The line under the missing line for this step: a decision, a warning."""
        return ""

    def finish(self) -> None:
        """Carry out the wizard (a thread worker); call :meth:`finished` when done."""

    def draft_extra(self) -> dict[str, Any]:
        return {}

    def open_row(self, event: TableField.RowOpened) -> bool:
        """Add or edit a row of a table answer the wizard's own way; False: the row form."""
        return False

    def entering(self, index: int) -> None:
        """A step is about to be shown (and built again if it rebuilds): settle its answers."""

    # --- loading -------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="wizard-load")
    def load(self) -> None:
        try:
            context = self.fetch()
            draft = drafts.draft(self.store, self.actor, self.draft_key)
        except PracticeError as exc:
            self.app.call_from_thread(self.refused, str(exc))
            return
        self.app.call_from_thread(self._start, context, draft)

    def refused(self, message: str) -> None:
        self.notify(message, severity="error", timeout=12)
        self.dismiss(False)

    async def _start(self, context: Any, draft: drafts.DraftRow | None) -> None:
        self.setup(context)
        index = 0
        self.saved_answers = dict(self.answers)
        if draft is not None and not self.accepts(draft.data):
            draft = None
        restored = self.drafts.start(self._draft_data(), draft)
        if restored is not None and draft is not None:
            self.answers.update(restored.get("answers", {}))
            index = int(restored.get("step", 0))
            self.notify(
                f"Carrying on from {draft.updated_at:%d %b at %H:%M} (not yet finished). "
                "ctrl+t discards it.",
                title="Draft restored",
            )
        self.query_one("#wizard-title", Static).update(self.title_line())
        await self.frame.set_titles([s.title for s in self.steps])
        self.ready = True
        await self.frame.show_step(index)

    def title_line(self) -> str:
        """The line above the steps: what this is, about whom."""
        who = f" — {self.person}" if self.person else ""
        return f"{self.heading}{who}, case {self.case_id}"

    def accepts(self, data: Mapping[str, Any]) -> bool:
        """Whether a kept draft belongs to what is open now."""
        return isinstance(data.get("answers"), dict)

    # --- steps ---------------------------------------------------------------------------------

    def spec_of(self, step: Step) -> FormSpec | None:
        if step.spec is None or step.section is None:
            return None
        return step_spec(
            step.spec, step.section, self.answers, self.adapt, calculator=step.calculator
        )

    def _build(self, step: Step) -> Widget:
        spec = self.spec_of(step)
        if spec is not None:
            return StepForm(
                spec,
                self.answers,
                prefill=self.prefill,
                today=clock.today(),
                row_opener=self.open_row,
            )
        assert step.build is not None
        return step.build()

    @on(WizardFrame.StepShown)
    async def _step_shown(self, event: WizardFrame.StepShown) -> None:
        self.step_index = event.index
        step = self.steps[event.index]
        self.entering(event.index)
        if step.rebuild or not self.frame.step_filled(event.index):
            await self.frame.fill_step(event.index, self._build(step))
        self.call_after_refresh(self._focus_step, event.index)
        self.refresh_state()
        self._schedule_draft()
        self.step_ready(event.index)

    def step_ready(self, index: int) -> None:
        """The step is on screen and built: fill in what it shows from the store's answers."""

    def _focus_step(self, index: int) -> None:
        container = self.frame.step_container(index)
        chain = [w for w in self.focus_chain if container in w.ancestors_with_self]
        if chain:
            chain[0].focus()

    def step_form(self, index: int) -> StepForm | None:
        found = self.frame.step_container(index).query(StepForm)
        return next(iter(found.results(StepForm)), None)

    @on(FormView.Changed)
    def _form_changed(self, event: FormView.Changed) -> None:
        event.stop()
        self.answers.update(event.form_view.answers)
        self.changed()

    def changed(self) -> None:
        self.refresh_state()
        self._schedule_draft()

    def needed(self) -> list[list[str]]:
        """What each step still needs before the wizard can finish."""
        out: list[list[str]] = []
        where: dict[str, int] = {}
        labels: dict[str, str] = {}
        for index, step in enumerate(self.steps):
            spec = self.spec_of(step)
            missing: list[str] = []
            if spec is not None:
                problems = validate(spec, self.answers, completing=True, today=clock.today())
                missing = [f.label for f in spec.fields if f.key in problems]
                for f in spec.fields:
                    where[f.key] = index
                    labels[f.key] = f.label
            out.append(missing)
        for key, message in self.extra_problems().items():
            index = where.get(key, 0)
            label = labels.get(key, message)
            if label not in out[index]:
                out[index].append(label)
        return out

    def refresh_state(self) -> None:
        if not self.ready:
            return
        self.frame.show_missing(self.needed())
        self.frame.show_note(self.note(self.frame.index))

    @on(WizardFrame.MissingWanted)
    async def _to_missing(self) -> None:
        await self.go_to_missing()

    async def action_next_step(self) -> None:
        if self.ready:
            await self.frame.action_next_step()

    async def action_previous_step(self) -> None:
        if self.ready:
            await self.frame.action_previous_step()

    async def action_to_missing(self) -> None:
        """ctrl+g: the next thing missing after the cursor, round to the first again; with
        nothing missing, the last step, where the wizard is finished."""
        if not self.ready:
            return
        if not await self.go_to_missing(following=True):
            self.notify("Everything needed is answered: ctrl+s to finish.", timeout=4)
            if self.frame.index != len(self.steps) - 1:
                await self.frame.show_step(len(self.steps) - 1)

    def missing_places(self) -> list[tuple[int, str | None]]:
        """Each answer still needed, as (step, field key), in the order they are asked; a
        step whose need is no single answer (a failing check) is (step, None)."""
        places: list[tuple[int, str | None]] = []
        extra = self.extra_problems()
        for index, (step, needed) in enumerate(zip(self.steps, self.needed(), strict=True)):
            if not needed:
                continue
            spec = self.spec_of(step)
            keys: list[str | None] = []
            if spec is not None:
                problems = validate(spec, self.answers, completing=True, today=clock.today())
                asked = {f.key for f in spec.fields}
                problems.update({k: m for k, m in extra.items() if k in asked})
                keys = [f.key for f in spec.fields if f.key in problems]
            places.extend((index, key) for key in keys or [None])
        return places

    def _here(self) -> tuple[int, int]:
        """Where the cursor is: its step, and its place among that step's questions."""
        form = self.step_form(self.step_index)
        key = form._key_of(self.focused) if form is not None else None
        order = [f.key for f in form.spec.fields] if form is not None else []
        return self.step_index, order.index(key) if key in order else -1

    async def go_to_missing(self, *, following: bool = False) -> bool:
        """Open the step of the first thing missing (with ``following``, the first after
        the cursor, round to the first again) and put the cursor on it; False when nothing
        is missing."""
        places = self.missing_places()
        if not places:
            return False
        target = places[0]
        if following:
            here = self._here()

            def rank(place: tuple[int, str | None]) -> tuple[int, int]:
                index, key = place
                spec = self.spec_of(self.steps[index])
                order = [f.key for f in spec.fields] if spec is not None else []
                return index, order.index(key) if key in order else -1

            target = next((p for p in places if rank(p) > here), places[0])
        index, key = target
        if index != self.frame.index:
            await self.frame.show_step(index)
        self.call_after_refresh(self._focus_missing, index, key)
        return True

    def _focus_missing(self, index: int, key: str | None = None) -> None:
        """Say what is wrong beside each answer of the step, and put the cursor on ``key``
        (the first wrong one when None), scrolled into sight."""
        form = self.step_form(index)
        if form is None:
            return
        problems = validate(form.spec, self.answers, completing=True, today=clock.today())
        extra = self.extra_problems()
        problems.update({k: m for k, m in extra.items() if k in form._field_keys})
        if problems:
            form.show_errors(problems, focus=key is None)
        if key is not None:
            self.call_later(form.focus_field, key)

    # --- finishing and leaving -------------------------------------------------------------

    async def action_finish(self) -> None:
        if not self.ready or self.busy:
            return
        needed = self.needed()
        total = sum(len(n) for n in needed)
        if total:
            first = next(i for i, n in enumerate(needed) if n)
            self.notify(
                f"Not finished yet: {total} thing{'s' * (total != 1)} to do, first in step "
                f"{first + 1} ({self.steps[first].title}).",
                severity="warning",
            )
            await self.go_to_missing()
            return
        self.busy = True
        self.finish()

    def failed(self, error: PracticeError) -> None:
        """The finishing op refused: say why, and point at the answers it named."""
        self.busy = False
        if isinstance(error, StaleRecord):
            self.reread(error)
            return
        # FormInvalid, and the front door's ContactInvalid and ScreeningInvalid, name them.
        problems = getattr(error, "problems", None)
        if isinstance(error, FormInvalid) or isinstance(problems, dict):
            named = self.problem_fields(problems or {})
            for index in range(len(self.steps)):
                form = self.step_form(index)
                if form is not None:
                    mine = {k: m for k, m in named.items() if k in form._field_keys}
                    if mine:
                        form.show_errors(mine)
        self.notify(str(error), severity="error", timeout=12)

    @work(thread=True, exclusive=True, exit_on_error=False, group="wizard-reread")
    def reread(self, error: StaleRecord) -> None:
        """Someone changed the case or referral since the wizard opened: read it again, so
        the next ctrl+s decides on the record as it is now. The answers stay as typed."""
        try:
            context = self.fetch()
        except PracticeError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", timeout=12)
            return
        self.app.call_from_thread(self._reread, context, error)

    def _reread(self, context: Any, error: StaleRecord) -> None:
        self.context = context
        self.notify(
            f"{error.by} changed this {error.what} at {error.at:%H:%M} since you opened "
            "this. It is read again as it is now and your answers are kept: check them "
            "against theirs (ctrl+pageup back to the first step), then ctrl+s again.",
            severity="warning",
            timeout=15,
        )

    def problem_fields(self, problems: Mapping[str, str]) -> dict[str, str]:
        """The op's problems keyed by the answers they are about (when its names differ)."""
        return dict(problems)

    def finished(self, message: str) -> None:
        self.drafts.saved()
        self.notify(message, timeout=10)
        self.dismiss(True)

    def action_leave(self) -> None:
        if self.ready and self.drafts.flush():
            self.notify(f"{self.heading}: kept as a draft. {self.resume_hint}")
        self.dismiss(False)

    def _schedule_draft(self) -> None:
        if self.ready:
            self.drafts.changed()
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "discard_draft":
            return self.ready and self.drafts.may_discard
        return True

    def action_discard_draft(self) -> None:
        if not self.ready:
            return
        labels = {
            f.key: f.label for step in self.steps if step.spec is not None for f in step.spec.fields
        }

        async def start_again() -> None:
            self.answers = dict(self.saved_answers)
            self.drafts.rebase(self._draft_data())
            await self.frame.set_titles([s.title for s in self.steps])
            for index in range(len(self.steps)):
                self.frame.forget_step(index)
            await self.frame.show_step(0)

        self.drafts.ask_discard(labels, lambda: self.call_later(start_again))

    def on_unmount(self) -> None:
        """ctrl+q, or the app closing on a hang-up, within a second of typing: keep it."""
        self.drafts.close()

    def _draft_data(self) -> dict[str, Any]:
        return {"step": self.step_index, "answers": dict(self.answers), **self.draft_extra()}

    def _draft_title(self) -> str:
        return f"{self.heading}: {self.person}" if self.person else self.heading

    def discard_draft(self) -> None:
        """Call from the finishing worker once the op has succeeded."""
        self.drafts.done_in_worker()


def initial_for(spec: FormSpec, answers: Mapping[str, Any], prefill: Mapping[str, Any]) -> dict:
    """Answers with prefilled and default values for every field of the whole spec."""
    return initial_answers(spec, answers, prefill)
