"""Finding the person a carer cares for on the record (seed 004 section 2: "Find").

The carer's related people come first, each with their relationship to the carer, so
``enter`` usually picks the right one at once. Typing narrows them and searches everyone
on record as ``/`` does (a name in any order, a date of birth, an ID); someone found who
is not related to the carer says so. The last row, and ``ctrl+n`` from anywhere, is for
someone who is not on the record: the practitioner then types their name. ``escape``
picks nobody.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from caretui.rules.names import fold
from caretui.rules.permissions import Actor
from caretui.store.db import Store
from caretui.store.queries.carers import CaredForPerson
from caretui.store.queries.search import search_people
from caretui.widgets.down_to_list import DownToList, down_to_list
from caretui.widgets.keybar import KeyBar
from caretui.widgets.worker_errors import ReportsWorkerErrors

__all__ = ["NOT_ON_RECORD", "CaredForLookup"]

NOT_ON_RECORD = "not-on-record"
"""What the lookup returns when the person is not on the record: their name is typed."""

NOT_ON_RECORD_LINE = "Not on the record: type their name (ctrl+n)"


class CaredForLookup(DownToList, ReportsWorkerErrors, ModalScreen[CaredForPerson | str | None]):
    """Returns the person picked, ``NOT_ON_RECORD``, or None when escaped."""

    DEFAULT_CSS = """
    CaredForLookup { align: center middle; }
    CaredForLookup > Vertical {
        width: 78; max-width: 100%; height: 20; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    CaredForLookup #cared-title { text-style: bold; height: auto; }
    CaredForLookup #cared-help { color: $text-muted; height: auto; }
    CaredForLookup OptionList { height: 1fr; }
    CaredForLookup #cared-detail { height: 2; color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="cared_for.cancel"),
        Binding(
            "ctrl+n", "not_on_record", "Not on record", id="cared_for.not_on_record", priority=True
        ),
        down_to_list("cared_for.down"),
    ]

    def __init__(
        self,
        store: Store,
        actor: Actor,
        carer: str,
        related: Sequence[CaredForPerson],
        *,
        already: Sequence[int] = (),
    ) -> None:
        super().__init__()
        self.store = store
        self.actor = actor
        self.carer = carer
        self.related = list(related)
        self.already = set(already)
        self.shown: list[CaredForPerson] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(f"Who does {self.carer} care for?", id="cared-title")
            yield Static(
                "Their related people first. Type a name, date of birth or ID to search "
                "the record; enter picks.",
                id="cared-help",
            )
            yield Input(placeholder="Name, date of birth or ID", id="cared-filter", compact=True)
            yield OptionList(id="cared-list")
            yield Static("", id="cared-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self._show([], "")

    def _show(self, found: Sequence[CaredForPerson], text: str) -> None:
        wanted = fold(text).split()
        related_ids = {p.person_id: p for p in self.related}
        mine = [
            p
            for p in self.related
            if not wanted
            or all(w in fold(p.name) for w in wanted)
            or text.strip().lstrip("Pp") == str(p.person_id)
        ]
        others = [
            related_ids.get(p.person_id, p)
            for p in found
            if p.person_id not in {m.person_id for m in mine}
        ]
        self.shown = mine + others
        options = self.query_one(OptionList)
        options.clear_options()
        for person in self.shown:
            line = person.line
            if person.person_id in self.already:
                line += "  ·  already in the table"
            options.add_option(Option(line, id=str(person.person_id), disabled=person.restricted))
        if not self.shown and text.strip():
            options.add_option(Option("Nobody on the record matches.", disabled=True))
        elif not self.shown:
            options.add_option(
                Option("No related people on the carer's record: type to search.", disabled=True)
            )
        options.add_option(Option(NOT_ON_RECORD_LINE, id=NOT_ON_RECORD))
        first = next(
            (i for i, p in enumerate(self.shown) if not p.restricted),
            options.option_count - 1,
        )
        options.highlighted = first
        self._detail(first)

    def _detail(self, index: int | None) -> None:
        detail = self.query_one("#cared-detail", Static)
        if index is not None and index < len(self.shown):
            person = self.shown[index]
            detail.update(person.address or "No address recorded")
        else:
            detail.update("Someone not on the record: their name is typed, with no ID.")

    @work(thread=True, exclusive=True, exit_on_error=False, group="cared-for-search")
    def search(self, text: str) -> None:
        result = search_people(self.store, self.actor, text, limit=20)
        found = [
            CaredForPerson(
                person_id=h.person_id,
                name=h.name,
                date_of_birth=h.date_of_birth,
                address=h.address,
                relationship="",
                restricted=h.restricted,
            )
            for h in result.hits
        ]
        self.app.call_from_thread(self._show, found, text)

    @on(Input.Changed, "#cared-filter")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self._show([], event.value)
        if event.value.strip():
            self.search(event.value)

    @on(Input.Submitted, "#cared-filter")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self._pick(options.highlighted)

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._detail(event.option_index)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._pick(event.option_index)

    def _pick(self, index: int) -> None:
        options = self.query_one(OptionList)
        option = options.get_option_at_index(index)
        if option.id == NOT_ON_RECORD:
            self.dismiss(NOT_ON_RECORD)
        elif index < len(self.shown) and not option.disabled:
            person = self.shown[index]
            if person.person_id in self.already:
                self.notify(f"{person.name} is already in the table.", severity="warning")
                return
            self.dismiss(person)

    def action_not_on_record(self) -> None:
        self.dismiss(NOT_ON_RECORD)

    def action_cancel(self) -> None:
        self.dismiss(None)
