"""The new contact's own steps: find the person first, and the people who may be them.

Both only show what the screen hands them and say what was chosen (messages); the screen
reads the store in its workers. :class:`PersonFinder` is the ``/`` search as a step: type a
name, a date of birth, an NHS number, a postcode or an ID; ``down`` or ``enter`` goes to
the list, ``enter`` picks the highlighted person, and the last row, always there, is "New
person".
:class:`DuplicateList` lists people on record who may be the new person, each with why;
``enter`` uses that record instead, and a new record anyway needs a reason typed under
the list. A restricted person is only ever "Restricted record" and whom to ask.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Input, Label, Static, TextArea

from caretui.store.queries.lockdown import RESTRICTED
from caretui.store.queries.referrals import DuplicateRow
from caretui.store.queries.search import PersonHit
from caretui.widgets.record_table import Col, RecordTable, record

__all__ = ["NEW_PERSON", "DuplicateList", "PersonFinder", "hit_cells", "hit_line"]

NEW_PERSON = "new"
"""The key of the finder's last row: nobody listed is them."""

FINDER_HELP = (
    "Find the person first: a name (any order), a date of birth (12/03/1948), an NHS "
    "number, a postcode or an ID. enter picks; the last row makes a new person."
)
TABLE_KEYS = frozenset("jksS?")


class PersonFinder(Vertical):
    """Search as ``/`` does; the rows are people found, then "New person"."""

    DEFAULT_CSS = """
    PersonFinder { height: 1fr; }
    PersonFinder #finder-help { color: $text-muted; padding: 0 1; height: auto; }
    PersonFinder #finder-input { margin: 0 1; }
    PersonFinder RecordTable { height: 1fr; }
    PersonFinder #finder-row { padding: 0 1; height: auto; background: $boost; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "new_person", "New person", id="contact.new_person"),
    ]

    class Searched(Message):
        def __init__(self, finder: PersonFinder, text: str) -> None:
            super().__init__()
            self.finder = finder
            self.text = text

    class Picked(Message):
        """``person_id`` None: a new person."""

        def __init__(self, person_id: int | None, name: str) -> None:
            super().__init__()
            self.person_id = person_id
            self.name = name

    def __init__(self, text: str = "", chosen: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.initial = text
        self.chosen = chosen
        self.hits: dict[str, PersonHit] = {}

    def compose(self) -> ComposeResult:
        yield Static(FINDER_HELP, id="finder-help")
        yield Input(
            self.initial,
            placeholder="Name, date of birth, NHS number, postcode or ID",
            id="finder-input",
            compact=True,
        )
        yield RecordTable(HIT_COLUMNS, id="finder-results")
        yield Static(self.chosen, id="finder-row")

    def on_mount(self) -> None:
        self.show([], "")
        if self.initial:
            self.post_message(self.Searched(self, self.initial))

    @property
    def text(self) -> str:
        return self.query_one("#finder-input", Input).value

    def show(self, hits: Sequence[PersonHit], hint: str) -> None:
        """The people found for the text now in the box, and the way to a new person."""
        self.hits = {str(h.person_id): h for h in hits}
        rows = [record(h.person_id, hit_cells(h)) for h in hits]
        new = Text("New person", style="bold")
        rows.append(record(NEW_PERSON, (new, "", "nobody listed is them", "")))
        table = self.query_one(RecordTable)
        table.set_records(rows)
        table.move_cursor(row=0)  # the best match first, whatever was highlighted before
        found = len(hits)
        if not self.text.strip():
            words = FINDER_HELP
        elif hint:
            words = hint
        else:
            words = f"{found} {'person' if found == 1 else 'people'} found: enter picks one."
        self.query_one("#finder-help", Static).update(words)

    @on(Input.Changed, "#finder-input")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Searched(self, event.value))

    @on(Input.Submitted, "#finder-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one(RecordTable).focus()

    @on(RecordTable.RowHighlighted, "#finder-results")
    def _highlighted(self, event: RecordTable.RowHighlighted) -> None:
        hit = self.hits.get(event.row_key.value or "")
        line: Text | str = hit_line(hit) if hit else ""
        if event.row_key.value == NEW_PERSON:
            line = "enter: a new person record (the people who may be them are shown first)."
        self.query_one("#finder-row", Static).update(line)

    @on(RecordTable.Open, "#finder-results")
    def _open(self, event: RecordTable.Open) -> None:
        event.stop()
        if event.key == NEW_PERSON:
            self.action_new_person()
            return
        hit = self.hits.get(event.key)
        if hit is None:
            return
        if hit.restricted:
            self.notify(
                "A restricted record: only the people named on it can record for this "
                "person. Ask your team manager who they are.",
                severity="warning",
                timeout=10,
            )
            return
        if hit.case_id is not None:
            # One current case per person: a new contact for them is recorded on it.
            self.notify(
                f"{hit.name} already has a current case ({hit.case}). Record this contact "
                f"on case {hit.case_id} as an activity: / finds it, c opens the case.",
                severity="warning",
                timeout=12,
            )
            return
        self.post_message(self.Picked(hit.person_id, hit.name))

    def action_new_person(self) -> None:
        self.post_message(self.Picked(None, ""))

    def on_key(self, event: events.Key) -> None:
        """down from the box goes to the list; a letter typed in the list goes back."""
        box = self.query_one("#finder-input", Input)
        table = self.query_one(RecordTable)
        # Focus moves at once, not after the queue (Widget.focus), as in / search: the
        # next key a fast typist sent with this one belongs where the cursor went.
        if self.screen.focused is box and event.key == "down":
            self.screen.set_focus(table)
            event.stop()
        elif (
            self.screen.focused is table
            and event.is_printable
            and event.character not in TABLE_KEYS
        ):
            self.screen.set_focus(box)
            box.insert_text_at_cursor(event.character or "")
            event.stop()


# At 80 columns the name is whole and the open case in words; the address narrows to a whole
# word (the line under the list has it in full).
HIT_COLUMNS = (
    Col("Name", "name"),
    Col("Born (age)"),
    Col("Address", "text", min_width=12),
    Col("Open case", "status"),
)
DUPLICATE_COLUMNS = (
    Col("Name", "name"),
    Col("Born", priority=2),
    Col("Address", "text", priority=1, min_width=12),
    Col("Why", "text", min_width=12),
)


def hit_cells(h: PersonHit) -> tuple[Any, ...]:
    """A person found, as a row of the search's list (a restricted one only says so)."""
    if h.restricted:
        return (Text(RESTRICTED, style="bold"), "", "", "")
    case = str(h.case_id) if h.case_id else "none"
    return (h.name, h.born, h.address or "no address", case)


def hit_line(h: PersonHit) -> Text:
    """The highlighted person in full, so namesakes can be told apart at 80 columns."""
    text = Text()
    if h.restricted:
        text.append(f"P{h.person_id} {RESTRICTED}", style="bold")
        text.append(": only the people named on it can open it.")
        return text
    text.append(f"P{h.person_id} {h.name}", style="bold")
    text.append(f", born {h.born}" if h.date_of_birth else ", date of birth not known")
    text.append(f"\n{h.address or 'No address recorded'}\n{h.case}")
    return text


# --- likely duplicates ------------------------------------------------------------------------


class DuplicateList(VerticalScroll):
    """People on record who may be the new person; ``enter`` uses one, or give a reason."""

    DEFAULT_CSS = """
    DuplicateList { height: 1fr; padding: 0 1; }
    DuplicateList #dup-summary { height: auto; }
    DuplicateList RecordTable { height: auto; max-height: 7; }
    DuplicateList #dup-row { height: auto; background: $boost; }
    DuplicateList TextArea { height: 4; }
    DuplicateList #dup-error { color: $error; height: auto; }
    """

    class Picked(Message):
        def __init__(self, row: DuplicateRow) -> None:
            super().__init__()
            self.row = row

    class ReasonChanged(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, reason: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.reason = reason
        self.rows: dict[str, DuplicateRow] = {}

    def compose(self) -> ComposeResult:
        yield Static("Checking for people already on record…", id="dup-summary")
        yield RecordTable(DUPLICATE_COLUMNS, id="dup-table")
        yield Static("", id="dup-row")
        yield Label("Reason to make a new record anyway", id="dup-label")
        yield TextArea(self.reason, id="dup-reason", soft_wrap=True, compact=True)
        yield Static("", id="dup-error")

    def show(self, rows: Sequence[DuplicateRow], *, checked: bool, name: str) -> None:
        """``checked`` False: not enough typed yet to look (no name, date or number)."""
        self.rows = {str(r.person_id): r for r in rows}
        table = self.query_one(RecordTable)
        table.set_records([record(r.person_id, _duplicate_cells(r)) for r in rows])
        table.display = bool(rows)
        table.styles.height = min(len(rows) + 1, 7)
        for part in ("#dup-label", "#dup-reason", "#dup-row"):
            self.query_one(part).display = bool(rows)
        summary = self.query_one("#dup-summary", Static)
        if not checked:
            summary.update(
                "Type the person's name with a date of birth, NHS number or postcode "
                "(Details) to check who is already on record."
            )
        elif not rows:
            summary.update(f"No one on record looks like {name or 'this person'}: carry on.")
        else:
            count = len(rows)
            who = "1 person on record" if count == 1 else f"{count} people on record"
            summary.update(
                Text.assemble(
                    (f"{who} may be {name or 'this person'}. ", "bold"),
                    "enter on a row uses that record; or say below why a new one is needed.",
                )
            )
        if rows:
            self._describe(rows[0])

    def show_error(self, message: str) -> None:
        self.query_one("#dup-error", Static).update(message)

    def _describe(self, row: DuplicateRow) -> None:
        text = Text()
        if row.restricted:
            text.append(f"P{row.person_id} {RESTRICTED}", style="bold")
            text.append(f": {row.because} {row.whom_to_ask}".rstrip())
        else:
            text.append(f"P{row.person_id} {row.name}", style="bold")
            text.append(f": {row.because}")
        self.query_one("#dup-row", Static).update(text)

    @on(RecordTable.RowHighlighted, "#dup-table")
    def _highlighted(self, event: RecordTable.RowHighlighted) -> None:
        row = self.rows.get(event.row_key.value or "")
        if row is not None:
            self._describe(row)

    @on(RecordTable.Open, "#dup-table")
    def _open(self, event: RecordTable.Open) -> None:
        event.stop()
        row = self.rows.get(event.key)
        if row is None:
            return
        if row.restricted:
            self.notify(
                f"A restricted record: it cannot be used from here. {row.whom_to_ask}".strip(),
                severity="warning",
                timeout=12,
            )
            return
        self.post_message(self.Picked(row))

    @on(TextArea.Changed, "#dup-reason")
    def _reason(self, event: TextArea.Changed) -> None:
        event.stop()
        self.show_error("")
        self.post_message(self.ReasonChanged(event.text_area.text))


def _duplicate_cells(r: DuplicateRow) -> tuple[Any, ...]:
    if r.restricted:
        return (Text(RESTRICTED, style="bold"), "", "", r.because)
    born = f"{r.date_of_birth:%d/%m/%Y}" if r.date_of_birth else "not known"
    return (r.name, born, r.address or "no address", r.because)
