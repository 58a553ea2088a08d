"""The person record's menus (guide p.29-37) share one list screen over a person.

Each menu is a list screen in its own module: alerts and hazards (``person_alerts``),
relationships (``person_relationships``), attachments (``person_attachments``), Section 117
(``person_section117``), services (``person_services``) and all activities
(``person_activities``); the key safe (``person_key_safe``) is a page, not a list.

Each list loads in a thread worker and reloads after a change; ``enter`` shows the
highlighted item, ``n`` adds one where the role may, and a key per list acts on the
highlighted row. Writes go through ``store.ops``, so a refusal arrives as the op's own
message (who can do it instead), never as a traceback.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from rich.text import Text
from textual.binding import Binding

from caretui.rules import clock
from caretui.rules.permissions import Actor
from caretui.screens.items import ItemsScreen
from caretui.store.db import Store
from caretui.widgets.notice import Info

__all__ = ["PersonItemsScreen", "day", "detail_lines", "today_text"]


def day(value: date | None) -> str:
    """A date as a practitioner reads it (dd/mm/yyyy); '' when there is none."""
    return f"{value:%d/%m/%Y}" if value else ""


def today_text() -> str:
    """Today as a date field is typed, for a dialog's default."""
    return f"{clock.today():%d/%m/%Y}"


def detail_lines(*pairs: tuple[str, Any]) -> Text:
    """An item's details, a label and its value a line; empty values are left out."""
    text = Text()
    for label, value in pairs:
        if value in (None, ""):
            continue
        text.append(f"{label:<20}", style="bold")
        text.append(f"{value}\n")
    return text


class PersonItemsScreen(ItemsScreen):
    """A list of one kind of item on a person record."""

    hint: ClassVar[str] = "enter view · n new · escape back"
    BINDINGS = [
        Binding("n", "new", "New", id="person_items.new"),
        Binding("escape", "back", "Back", id="person_items.back"),
    ]

    def __init__(self, store: Store, actor: Actor, person_id: int, person: str = "") -> None:
        super().__init__(store, actor, person)
        self.person_id = person_id

    @property
    def title_text(self) -> str:
        who = f" — {self.person}" if self.person else ""
        return f"{self.heading}{who} (P{self.person_id})"

    def show_detail(self, title: str, body: Text) -> None:
        self.app.push_screen(Info(title, body))
