"""The conflict view: someone saved the record first, so compare theirs with yours.

A save refused as stale (``StaleRecord``) opens this over the form. One row per field
where what they saved differs from what was typed: the field, who changed it in words,
THEIRS beside YOURS, and what will be kept. The chosen side carries a ``▶`` and the
choice is written out, so nothing is told by colour alone (NO_COLOR). A row starts on the
side that changed the field; a field both changed waits for ``t``, ``y`` or ``b``.

The screen returns each field's choice (``rules.merge.resolve`` turns them into the
values to save against the new version) or None on escape: nothing is saved and what was
typed stays on the form.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len, set_cell_size
from rich.console import Console, ConsoleOptions, RenderResult
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Static

from caretui.rules.merge import (
    CHOICE_WORDS,
    Choice,
    FieldChange,
    Undecided,
    default_choice,
    in_words,
    undecided,
)
from caretui.widgets.keybar import KeyBar
from caretui.widgets.worker_errors import ReportsWorkerErrors

if TYPE_CHECKING:
    from caretui.store.errors import StaleRecord

MARK = "▶"
BLANK = "(blank)"
GAP = 2  # spaces between the two columns
CYCLE = (Choice.THEIRS, Choice.YOURS, Choice.BOTH)


# --- fitting text into a column ---------------------------------------------------------------


def flat(text: str) -> str:
    """All on one line: a preview shows the words, ``v`` shows the lines."""
    return " ".join(text.split())


def fit(text: str, width: int) -> str:
    """``text`` in at most ``width`` cells, cut after a whole word and ended with '…'."""
    if cell_len(text) <= width:
        return text
    room = max(width - 1, 0)
    cut = set_cell_size(text, room)
    space = cut.rfind(" ")
    if space >= room // 2:
        cut = cut[:space]
    return cut.rstrip() + "…"


def previews(theirs: str, yours: str, width: int) -> tuple[str, str]:
    """Both texts on one line each, from near where they first differ.

    Two long notes that share their beginning (both added a line to the same text) would
    otherwise look the same up to the ellipsis; each starts instead a few words before
    the difference, after an '…'.
    """
    a, b = flat(theirs), flat(yours)
    same = _shared_start(a, b)
    too_long = max(cell_len(a), cell_len(b)) > width
    if too_long and same > width - 12 and width > 16:
        space = a.rfind(" ", 0, same - 8)
        start = space + 1 if space > 0 else max(same - 8, 0)
        a, b = "…" + a[start:], "…" + b[start:]
    return fit(a, width), fit(b, width)


def _shared_start(a: str, b: str) -> int:
    """How many characters ``a`` and ``b`` share at their start."""
    for at, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return at
    return min(len(a), len(b))


def column_width(width: int) -> int:
    """The width of each side: a marker and a space before each, a gap between."""
    return max((width - GAP - 4) // 2, 4)


def side_by_side(left: Text, right: Text, width: int) -> Text:
    """One line: the left text padded to its column, then the right one."""
    column = column_width(width) + 2
    line = Text(no_wrap=True, overflow="crop")
    line.append_text(left)
    line.append(" " * max(column - left.cell_len, 0) + " " * GAP)
    line.append_text(right)
    return line


# --- what each row and the column heads draw ---------------------------------------------------


def row_heading(change: FieldChange, choice: Choice | None, clash: Style | None = None) -> Text:
    """'Notes: Both changed. Keep: theirs': the field, who changed it, what is kept."""
    head = Text.assemble((change.label, "bold"), ": ")
    head.append(in_words(change), style=clash if change.clash else None)
    head.append(". ")
    if choice is None:
        prompt = "Choose: t, y or b" if change.can_join else "Choose: t or y"
        head.append(prompt, style=Style(bold=True, reverse=True))
    else:
        head.append(CHOICE_WORDS[choice], style="bold")
    return head


class RowView:
    """One changed field, drawn to the width it is given (so its height is measured right)."""

    def __init__(self, change: FieldChange, choice: Choice | None, clash: Style | None) -> None:
        self.change = change
        self.choice = choice
        self.clash = clash

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        change, width = self.change, options.max_width
        yield row_heading(change, self.choice, self.clash)
        theirs, yours = (change.field.text(v) for v in (change.theirs, change.yours))
        shown = previews(theirs, yours, column_width(width))
        marks = (
            self.choice in (Choice.THEIRS, Choice.BOTH),
            self.choice in (Choice.YOURS, Choice.BOTH),
        )
        sides = [
            _side(marked, text, shown_text)
            for marked, text, shown_text in zip(marks, (theirs, yours), shown, strict=True)
        ]
        yield side_by_side(sides[0], sides[1], width)


def _side(marked: bool, value: str, shown: str) -> Text:
    mark = Text(f"{MARK} " if marked else "  ", style="bold")
    if not value:
        return mark + Text(BLANK, style="italic")
    return mark + Text(shown, style="bold" if marked else "")


class ColumnHeads:
    """THEIRS (who, when) over the left column, YOURS over the right one."""

    def __init__(self, by: str, at: datetime | None) -> None:
        self.theirs = f"THEIRS ({by}, {at:%H:%M})" if at else f"THEIRS ({by})"
        self.yours = "YOURS (as you typed)"

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        column = column_width(width) + 2
        if max(cell_len(self.theirs), cell_len(self.yours)) > column:
            # A long name: one head a line rather than a name cut short.
            yield Text(self.theirs, style="bold")
            yield Text(" " * (column + GAP) + self.yours, style="bold")
            return
        yield side_by_side(Text(self.theirs, style="bold"), Text(self.yours, style="bold"), width)


class ChangeRow(Widget, can_focus=True):
    """One field in the list; the focused one is the one ``t``, ``y``, ``b`` and ``v`` act on."""

    DEFAULT_CSS = """
    ChangeRow { height: auto; border-left: blank; padding: 0 1 0 0; margin-bottom: 1; }
    ChangeRow:last-of-type { margin-bottom: 0; }
    ChangeRow:focus { border-left: thick $accent; background: $boost; }
    ChangeRow > .change-row--clash { color: $text-warning; text-style: bold; }
    """
    COMPONENT_CLASSES = {"change-row--clash"}

    def __init__(self, change: FieldChange, choice: Choice | None) -> None:
        super().__init__(id=f"change-{change.key}")
        self.change = change
        self.choice = choice

    def render(self) -> RowView:
        clash = self.get_component_rich_style("change-row--clash", partial=True)
        return RowView(self.change, self.choice, clash)

    def choose(self, choice: Choice) -> None:
        self.choice = choice
        self.refresh(layout=True)


# --- the screens -----------------------------------------------------------------------------


class ConflictScreen(ReportsWorkerErrors, ModalScreen[dict[str, Choice] | None]):
    """Field by field, what they saved beside what you typed; returns what to keep of each.

    Dismissed with a choice for every field in ``changes`` (``ctrl+s``, once no clash is
    undecided) or None (escape: nothing to save, the typing stays where it was).
    """

    DEFAULT_CSS = """
    ConflictScreen { align: center middle; }
    ConflictScreen > #conflict {
        width: 80; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1 0 0;
    }
    ConflictScreen #conflict-heading { text-style: bold; padding: 0 0 0 1; }
    ConflictScreen #conflict-summary { padding: 0 0 1 1; color: $text-muted; }
    ConflictScreen #conflict-columns { padding: 0 2 0 1; border-bottom: solid $accent; }
    ConflictScreen #conflict-rows {
        height: 1fr; overflow-y: auto; scrollbar-gutter: stable; scrollbar-size-vertical: 1;
    }
    """

    BINDINGS = [
        Binding("down,j", "move(1)", "Fields", key_display="↑↓", id="conflict.next"),
        Binding("up,k", "move(-1)", "Fields", show=False, id="conflict.previous"),
        Binding("pagedown", "move(4)", show=False, id="conflict.page_down"),
        Binding("pageup", "move(-4)", show=False, id="conflict.page_up"),
        Binding("home", "move(-1000)", show=False, id="conflict.first"),
        Binding("end", "move(1000)", show=False, id="conflict.last"),
        Binding("t", "choose('theirs')", "Theirs", id="conflict.theirs"),
        Binding("y", "choose('yours')", "Yours", id="conflict.yours"),
        Binding("b", "choose('both')", "Both", id="conflict.both"),
        Binding("enter", "cycle", "Change", id="conflict.cycle"),
        Binding("v", "full_text", "Full text", id="conflict.full_text"),
        Binding("ctrl+s", "accept", "Save", id="conflict.save", priority=True),
        Binding("escape", "back", "Back", id="conflict.back"),
    ]

    def __init__(
        self,
        what: str,
        by: str,
        at: datetime | None,
        changes: list[FieldChange],
        *,
        since: str = "",
    ) -> None:
        """``since``, for a draft typed over an older version: when the draft was kept
        (the heading then says the record was saved after it)."""
        super().__init__()
        self.what = what
        self.by = by
        self.at = at
        self.since = since
        self.changes = list(changes)

    @classmethod
    def from_stale(cls, error: StaleRecord, changes: list[FieldChange]) -> ConflictScreen:
        """The view for a save the store refused as stale."""
        return cls(error.what, error.by, error.at, changes)

    def compose(self) -> ComposeResult:
        with Vertical(id="conflict"):
            yield Static(Text(self.heading()), id="conflict-heading")
            yield Static("", id="conflict-summary")
            yield Static(ColumnHeads(self.by, self.at), id="conflict-columns")
            # Not a VerticalScroll: its own up/down would scroll instead of moving field.
            with Vertical(id="conflict-rows"):
                for change in self.changes:
                    yield ChangeRow(change, default_choice(change))
        yield KeyBar()

    def on_mount(self) -> None:
        rows = self.rows()
        first = next((r for r in rows if r.choice is None), rows[0] if rows else None)
        if first is not None:
            first.focus()
        self._summarise()

    def heading(self) -> str:
        if self.since or self.at is None:
            return (
                f"{self.by} saved this {self.what} after your draft {self.since}. "
                "Choose what to keep for each field, then ctrl+s."
            )
        return (
            f"{self.by} changed this {self.what} at {self.at:%H:%M} since you opened it. "
            "Choose what to keep for each field, then ctrl+s."
        )

    @property
    def choices(self) -> dict[str, Choice | None]:
        return {row.change.key: row.choice for row in self.rows()}

    def rows(self) -> list[ChangeRow]:
        return list(self.query(ChangeRow))

    def current(self) -> ChangeRow | None:
        return self.focused if isinstance(self.focused, ChangeRow) else None

    def _summarise(self) -> None:
        count = len(self.changes)
        if not count:
            text = "What you typed and what they saved do not differ: ctrl+s to save."
        else:
            waiting = self.undecided()
            fields = f"{count} field{'s' * (count != 1)} differ{'s' * (count == 1)}"
            text = f"{fields}; to choose: {', '.join(waiting)}." if waiting else f"{fields}."
        self.query_one("#conflict-summary", Static).update(Text(text))

    def undecided(self) -> list[str]:
        return undecided(self.changes, self.choices)

    # --- actions --------------------------------------------------------------------------

    def action_move(self, by: int) -> None:
        rows = self.rows()
        if not rows:
            return
        row = self.current()
        at = rows.index(row) if row is not None else -by
        rows[max(0, min(len(rows) - 1, at + by))].focus()

    def action_choose(self, choice: str) -> None:
        row = self.current()
        if row is not None:
            self._choose(row, Choice(choice))

    def _choose(self, row: ChangeRow, choice: Choice) -> None:
        if choice is Choice.BOTH and not row.change.can_join:
            self.notify(
                f"{row.change.label} cannot keep both: only one value fits it. "
                "Press t to take theirs or y to keep yours.",
                severity="warning",
            )
            return
        row.choose(choice)
        self._summarise()

    def action_cycle(self) -> None:
        row = self.current()
        if row is None:
            return
        offered = [c for c in CYCLE if c is not Choice.BOTH or row.change.can_join]
        at = offered.index(row.choice) + 1 if row.choice in offered else 0
        self._choose(row, offered[at % len(offered)])

    def action_full_text(self) -> None:
        row = self.current()
        if row is None:
            return

        def chosen(choice: Choice | None) -> None:
            if choice is not None and row.is_attached:
                self._choose(row, choice)

        self.app.push_screen(FullTextScreen(row.change, row.choice, self.by, self.at), chosen)

    def action_accept(self) -> None:
        waiting = self.undecided()
        if waiting:
            self.notify(str(Undecided(waiting)), severity="warning", timeout=10)
            next(row for row in self.rows() if row.choice is None).focus()
            return
        self.dismiss({key: choice for key, choice in self.choices.items() if choice is not None})

    def action_back(self) -> None:
        self.dismiss(None)


class FullTextScreen(ReportsWorkerErrors, ModalScreen[Choice | None]):
    """One field in full, theirs above yours, to read before choosing (or choose here)."""

    DEFAULT_CSS = """
    FullTextScreen { align: center middle; }
    FullTextScreen > VerticalScroll {
        width: 80; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    FullTextScreen .side { text-style: bold; padding-top: 1; }
    """

    BINDINGS = [
        Binding("t", "choose('theirs')", "Take theirs", id="conflict_full.theirs"),
        Binding("y", "choose('yours')", "Keep yours", id="conflict_full.yours"),
        Binding("b", "choose('both')", "Both", id="conflict_full.both"),
        Binding("escape,v", "back", "Back", id="conflict_full.back"),
    ]

    def __init__(
        self, change: FieldChange, choice: Choice | None, by: str, at: datetime | None
    ) -> None:
        super().__init__()
        self.change = change
        self.choice = choice
        self.by = by
        self.at = at

    def compose(self) -> ComposeResult:
        change = self.change
        with VerticalScroll():
            yield Static(row_heading(change, self.choice), id="full-heading")
            for side, title, value in self._sides():
                marked = self.choice in (side, Choice.BOTH)
                yield Static(
                    Text(f"{MARK if marked else ' '} {title}"),
                    classes="side",
                    id=f"full-{side}-title",
                )
                yield Static(Text(change.field.text(value) or BLANK), id=f"full-{side}")
        yield KeyBar()

    def _sides(self) -> Iterator[tuple[Choice, str, Any]]:
        when = f" at {self.at:%H:%M}" if self.at else ""
        yield Choice.THEIRS, f"THEIRS: saved by {self.by}{when}", self.change.theirs
        yield Choice.YOURS, "YOURS: as you typed it", self.change.yours

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    def action_choose(self, choice: str) -> None:
        self.dismiss(Choice(choice))

    def action_back(self) -> None:
        self.dismiss(None)
