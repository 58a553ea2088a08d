"""Person search (P1): results update as you type; enter opens the person, c their case.

Typed text is read as name prefixes in any order ("pat jon"), a person ID ("P123" or
"123"), a case ID ("C45"), a date of birth (12/03/1948, 1948-03-12, 12 Mar 1948), an
NHS number or a whole postcode (WF1 2AB). Each key press starts a fresh search in a thread
worker; an older search still running is cancelled, so the list always answers the latest
text.
"""

from __future__ import annotations

from typing import Any

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Header, Input, Static

from caretui.rules.errors import PracticeError
from caretui.rules.permissions import Action, Actor, allowed
from caretui.store.db import Store
from caretui.store.queries import search
from caretui.widgets.contact_steps import HIT_COLUMNS, hit_cells, hit_line
from caretui.widgets.keybar import KeyBar
from caretui.widgets.record_table import RecordTable, record
from caretui.widgets.role_keys import RoleKeys
from caretui.widgets.worker_errors import ReportsWorkerErrors

HINT = (
    "Type a name (any order: pat jon), an ID (P123), a date of birth (12/03/1948), an NHS "
    "number or a postcode (WF1 2AB)."
)
TABLE_KEYS = frozenset("cjksS/?HN")
KEYS = "down: the list · enter: open · c: their case · N: new contact · escape: back"


class SearchInput(Input):
    """The search box: down (the screen's ``to_results``) or enter moves to the results."""


class ResultsList(RecordTable):
    """The results: a letter typed here goes back to the search box with it; a down (or j)
    pressed before the results arrive moves down them once they are on screen."""

    def action_cursor_down(self) -> None:
        screen = self.screen
        if isinstance(screen, PersonSearchScreen) and screen.searching:
            screen.down_when_found()
            return
        super().action_cursor_down()

    def on_key(self, event: events.Key) -> None:
        if not event.is_printable or not event.character:
            return
        screen = self.screen
        if screen.focused is self and event.character in TABLE_KEYS:
            return  # the list's own keys
        # Also when the cursor has gone back to the box already: a key a fast typist sent
        # with the letter that took it there reaches the list, and belongs in the box.
        box = screen.query_one(SearchInput)
        # At once, not after the queue (Widget.focus): the next key belongs in the box.
        screen.set_focus(box)
        box.insert_text_at_cursor(event.character)
        event.stop()
        event.prevent_default()


class PersonSearchScreen(RoleKeys, ReportsWorkerErrors, Screen[None]):
    DEFAULT_CSS = """
    PersonSearchScreen #search-input { margin: 0 1; border: tall $accent; }
    PersonSearchScreen #search-hint { padding: 0 1; color: $text-muted; height: auto; }
    PersonSearchScreen RecordTable { height: 1fr; }
    PersonSearchScreen #search-keys { padding: 0 1; color: $text-muted; }
    PersonSearchScreen #search-row { padding: 0 1; height: auto; background: $boost; }
    """

    BINDINGS = [
        Binding("escape", "back", "Back", id="search.back"),
        Binding("c", "open_case", "Open case", id="search.case"),
        Binding("N,ctrl+n", "new_contact", "New contact", id="search.new_contact"),
        Binding("slash", "focus_input", "Search again", show=False, id="search.again"),
        # On the screen, with priority, not on the box: the app runs it before it hands on
        # the next key, so "down c" typed in one burst opens the case rather than typing c
        # into the box (a binding of the box runs only when the box reads its own queue).
        Binding(
            "down", "to_results", "To the results", show=False, priority=True, id="search.down"
        ),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "to_results":  # not in the list, where down moves down it
            return not isinstance(self.focused, RecordTable)
        return super().check_action(action, parameters)

    def action_to_results(self) -> None:
        self.set_focus(self.query_one(RecordTable))

    def __init__(self, store: Store, actor: Actor, text: str = "") -> None:
        super().__init__()
        self.store = store
        self.actor = actor
        self.initial = text
        self.hits: dict[str, search.PersonHit] = {}
        # Keys pressed before the results arrive (a fast typist's enter or c) wait for
        # them and then apply to the first person found; so do downs, which move down the
        # results once they are on screen (the first down only moves into them).
        self._shown_text: str | None = None
        self._pending: str | None = None
        # (the text they were pressed after, how many)
        self._pending_downs: tuple[str, int] = ("", 0)

    def compose(self) -> ComposeResult:
        yield Header()
        yield SearchInput(
            self.initial,
            placeholder="Name, ID, date of birth, NHS number or postcode",
            id="search-input",
        )
        yield Static(HINT, id="search-hint")
        yield ResultsList(HIT_COLUMNS, id="search-results")
        yield Static("", id="search-row")
        yield Static(self.offered_keys(KEYS), id="search-keys")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(SearchInput).focus()
        if self.initial:
            self.search(self.initial)

    # --- searching --------------------------------------------------------------------------

    @on(Input.Changed, "#search-input")
    def _typed(self, event: Input.Changed) -> None:
        self.search(event.value)

    @on(Input.Submitted, "#search-input")
    def _submitted(self) -> None:
        if self.hits:
            self.query_one(RecordTable).focus()

    @work(thread=True, exclusive=True, exit_on_error=False, group="person-search")
    def search(self, text: str) -> None:
        try:
            result = search.search_people(self.store, self.actor, text)
        except PracticeError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        records = [record(h.person_id, hit_cells(h)) for h in result.hits]
        self.app.call_from_thread(self._show, text, result, records)

    def _show(self, text: str, result: search.PersonSearch, records: list[Any]) -> None:
        if text != self.query_one(SearchInput).value:
            return  # typed on since: a newer search is on its way
        self._shown_text = text
        self.hits = {str(h.person_id): h for h in result.hits}
        table = self.query_one(RecordTable)
        table.set_records(records)
        (after, downs), self._pending_downs = self._pending_downs, ("", 0)
        if downs and records and after == text:
            table.move_cursor(row=min(downs, len(records) - 1))
        pending, self._pending = self._pending, None
        if pending and records:
            self.query_one(RecordTable).move_cursor(row=0)
            if pending == "case":
                self.action_open_case()
            else:
                self.app.open_person(result.hits[0].person_id)  # type: ignore[attr-defined]
        if not records:
            self.query_one("#search-row", Static).update("")
        found = len(result.hits)
        if not text.strip():
            hint = HINT
        elif result.hint:
            hint = result.hint
            if not found and allowed(self.actor, Action.RECORD_CONTACT):
                hint += " Not on record yet? ctrl+n records a new contact."
        else:
            hint = f"{found} {'person' if found == 1 else 'people'} found."
        self.query_one("#search-hint", Static).update(hint)

    @on(RecordTable.RowHighlighted, "#search-results")
    def _highlighted(self, event: RecordTable.RowHighlighted) -> None:
        """The highlighted person in full, so namesakes can be told apart at 80 columns."""
        hit = self.hits.get(event.row_key.value or "")
        self.query_one("#search-row", Static).update(hit_line(hit) if hit else "")

    # --- actions ----------------------------------------------------------------------------

    def down_when_found(self) -> None:
        """A down for results still on their way: the rows on screen, if any, answer
        older text."""
        text = self.query_one(SearchInput).value
        after, downs = self._pending_downs
        self._pending_downs = (text, downs + 1 if after == text else 1)

    @property
    def searching(self) -> bool:
        """Typed text whose results are not on screen yet (the box changes at once, the
        results a moment later)."""
        text = self.query_one(SearchInput).value
        return bool(text.strip()) and text != self._shown_text

    @property
    def current(self) -> search.PersonHit | None:
        key = self.query_one(RecordTable).current_key
        return self.hits.get(key) if key else None

    @on(RecordTable.Open, "#search-results")
    def _open(self, event: RecordTable.Open) -> None:
        hit = self.hits.get(event.key)
        if hit is not None:
            self.app.open_person(hit.person_id)  # type: ignore[attr-defined]

    def action_open_case(self) -> None:
        hit = self.current
        if hit is None and self.searching:
            self._pending = "case"
            return
        if hit is None:
            self.notify("Search for someone first, then pick them in the list.")
        elif hit.restricted:
            self.app.open_person(hit.person_id)  # type: ignore[attr-defined]
        elif hit.case_id is None:
            self.notify(
                f"{hit.name} has no open case. Press enter for their person record: "
                "c there lists their closed cases."
            )
        else:
            self.app.open_case(hit.case_id)  # type: ignore[attr-defined]

    role_needs = {"new_contact": Action.RECORD_CONTACT}

    def action_new_contact(self) -> None:
        """A new contact, its person search starting from what was typed here."""
        from caretui.screens.new_contact import open_new_contact

        open_new_contact(self, self.store, self.actor, self.query_one(SearchInput).value)

    def action_focus_input(self) -> None:
        self.query_one(SearchInput).focus()

    def action_back(self) -> None:
        self.dismiss(None)

    def on_key(self, event: events.Key) -> None:
        """enter pressed in the list before the results arrive waits for them (letters and
        down: :class:`ResultsList`)."""
        table = self.query_one(RecordTable)
        if self.focused is not table:
            return
        if event.key == "enter" and self.searching and not table.row_count:
            self._pending = "person"
            event.stop()
            return
