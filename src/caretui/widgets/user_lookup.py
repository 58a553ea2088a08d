"""The responsible-user lookup (guide pp.11-13).

Type part of a name to narrow the list; the highlighted user's profile, with their default
team, shows beside the list so the practitioner can fill in the responsible team.
``enter`` picks the user, ``ctrl+n`` picks nobody (the activity goes to the team's queue),
from the name box as from the list (``ctrl+x`` too, in the list: in the name box it cuts);
the key bar shows it.
With ``preselect``, that user (the signed-in worker) is first in the list, so ``enter``
picks them.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from caretui.store.db import Store
from caretui.store.queries import staff
from caretui.store.queries.staff import LookupUser
from caretui.widgets.keybar import KeyBar
from caretui.widgets.worker_errors import ReportsWorkerErrors

NOBODY = -1


class UserLookup(ReportsWorkerErrors, ModalScreen[LookupUser | int | None]):
    """Returns the chosen user, ``NOBODY`` to clear, or ``None`` when escaped."""

    DEFAULT_CSS = """
    UserLookup { align: center middle; }
    UserLookup > Vertical {
        width: 76; max-width: 100%; height: 20; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    UserLookup #lookup-title { text-style: bold; }
    UserLookup OptionList { height: 1fr; }
    UserLookup #profile { height: 4; color: $text-muted; }
    """

    BINDINGS = [
        Binding("escape", "dismiss_none", "Cancel", id="lookup.cancel"),
        # priority: the name box would otherwise keep the key.
        Binding("ctrl+n", "nobody", "No user: team queue", id="lookup.nobody", priority=True),
        Binding("ctrl+x", "nobody", "No user", show=False, id="lookup.nobody_list"),
        Binding("enter", "pick", "Choose", id="lookup.pick", show=True),
        Binding("down", "focus_list", "List", show=False, id="lookup.down"),
    ]

    def __init__(
        self,
        store: Store,
        title: str = "Responsible user",
        *,
        preselect: int | None = None,
        nobody: bool = True,
    ) -> None:
        super().__init__()
        self.store = store
        self.preselect = preselect
        self.nobody = nobody
        self.title_text = title
        self.users: list[LookupUser] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(f"{self.title_text}: type a name, enter to choose", id="lookup-title")
            yield Input(placeholder="Name or login", id="lookup-filter", compact=True)
            yield OptionList(id="lookup-list")
            yield Static("", id="profile")
        yield KeyBar()

    def on_mount(self) -> None:
        self.load("")

    @work(thread=True, exclusive=True, exit_on_error=False, group="lookup")
    def load(self, text: str) -> None:
        users = staff.lookup_users(self.store, text)
        if self.preselect is not None and not text:
            first = [u for u in users if u.id == self.preselect]
            if not first:
                first = [u for u in staff.lookup_users(self.store) if u.id == self.preselect]
            users = first + [u for u in users if u.id != self.preselect]
        self.app.call_from_thread(self._show, users)

    def _show(self, users: list[LookupUser]) -> None:
        self.users = users
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(
            [Option(f"{u.name}  ·  {u.designation or u.role.label}", id=str(u.id)) for u in users]
        )
        if users:
            options.highlighted = 0
            self._profile(users[0])
        else:
            self.query_one("#profile", Static).update("Nobody matches. Try fewer letters.")

    def _profile(self, user: LookupUser) -> None:
        contact = " · ".join(x for x in (user.email, user.phone) if x)
        self.query_one("#profile", Static).update(
            f"[b]{user.name}[/b] ({user.login}) — {user.role.label}\n"
            f"Default team: [b]{user.team}[/b]\n{user.designation}"
            + (f"\n{contact}" if contact else "")
        )

    @on(Input.Changed, "#lookup-filter")
    def _filter(self, event: Input.Changed) -> None:
        self.load(event.value)

    @on(Input.Submitted, "#lookup-filter")
    def _submit_filter(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None and self.users:
            self.dismiss(self.users[options.highlighted])

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if 0 <= event.option_index < len(self.users):
            self._profile(self.users[event.option_index])

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.users[event.option_index])

    def action_focus_list(self) -> None:
        self.query_one(OptionList).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "nobody":
            return self.nobody
        return True

    def action_pick(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None and self.users:
            self.dismiss(self.users[options.highlighted])

    def action_nobody(self) -> None:
        self.dismiss(NOBODY)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
