"""The caretui application: global keys, the signed-in user, the sandbox marker.

Screens are imported where they are first shown, so the dashboard appears as soon as
possible after launch.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import events, work
from textual.app import App
from textual.binding import Binding
from textual.filter import Monochrome

from caretui.rules.permissions import Actor
from caretui.typeahead import TypeAhead
from caretui.widgets.message_line import OneMessageAtATime
from caretui.widgets.readable_monochrome import ReadableMonochrome

if TYPE_CHECKING:
    from caretui.store.db import Store
    from caretui.store.queries.worklists import CaseRow


def _people_and_cases() -> Any:
    """The palette's provider, imported when the palette first opens (not at start)."""
    from caretui.commands import PeopleAndCases

    return PeopleAndCases


SANDBOX_TITLE = "caretui SANDBOX (made-up people)"
SANDBOX_SHORT_TITLE = "caretui SANDBOX"
HEADER_ROOM = 18
"""Columns of the header line the icon (8) and the clock's space (10) take from the title."""


def fitted_header(
    titles: tuple[str, ...], name: str, role: str, team: str, width: int
) -> tuple[str, str]:
    """The header's title and who is signed in, as much as fits whole at ``width``.

    The role is never cut or dropped (a viewer must see they are read only), nor is the
    sandbox marker: first the team goes, then the title's longer wording (``titles`` runs
    from longest to shortest), then the name. A cut-off word would say something else, so
    nothing is shortened mid-word.
    """
    room = width - HEADER_ROOM
    shortest = titles[-1]
    for title in titles:
        for who in ([name, role, team], [name, role]):
            text = ", ".join(part for part in who if part)
            if len(title) + 3 + len(text) <= room:
                return title, text
    return shortest, role


class CareApp(OneMessageAtATime, TypeAhead):
    CSS_PATH = "caretui.tcss"
    TITLE = "caretui"
    ENABLE_COMMAND_PALETTE = True
    COMMAND_PALETTE_BINDING = "ctrl+p"
    COMMANDS = App.COMMANDS | {_people_and_cases}

    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="caretui.quit", priority=True),
        Binding("question_mark,f1", "help", "Help", id="caretui.help"),
        Binding("H", "home", "Home", id="caretui.home"),
        Binding("slash", "search", "Search people", id="caretui.search"),
        *TypeAhead.TYPE_AHEAD_BINDINGS,
        *OneMessageAtATime.MESSAGE_BINDINGS,
    ]

    def __init__(
        self,
        *,
        store: Store,
        actor: Actor | None,
        sandbox: bool,
        primary_cases: list[CaseRow] | None = None,
    ) -> None:
        super().__init__()
        # NO_COLOR: greys that keep every word readable (Textual's own filter leaves red
        # text a dark grey on near-black).
        self._filters = [
            ReadableMonochrome() if isinstance(f, Monochrome) else f for f in self._filters
        ]
        self.store = store
        self.actor: Actor | None = actor
        self.sandbox = sandbox
        # Read before the app started (see cli._run_app): the first dashboard shows it.
        self._primary_cases = primary_cases
        self._titles: tuple[str, ...] = (self.TITLE,)
        if sandbox:
            self._titles = (SANDBOX_TITLE, SANDBOX_SHORT_TITLE)
            self.title = SANDBOX_TITLE
            self.add_class("sandbox")

    def get_theme(self, theme_name: str) -> Any:
        """Textual looks themes up hundreds of times per screen; caretui registers none of
        its own after start, so each name is looked up once."""
        cache: dict[str, Any] = self.__dict__.setdefault("_theme_lookups", {})
        if theme_name not in cache:
            cache[theme_name] = super().get_theme(theme_name)
        return cache[theme_name]

    def on_mount(self) -> None:
        self.watch_screen_changes()
        self._apply_keymap()
        self._leave_on_signals()
        self.call_after_refresh(self._watch_idle)
        if self.actor is None:
            from caretui.screens.signin import SignInScreen

            self.push_screen(SignInScreen(self.store))
        else:
            self.show_dashboard()
            self.call_after_refresh(self.note_sign_in, self.actor)

    @work(thread=True, exit_on_error=False, group="sign-in")
    def note_sign_in(self, actor: Actor) -> None:
        """Signed in from the command line: note it once the dashboard is on its way."""
        from caretui.store.ops.sessions import note_sign_in

        note_sign_in(self.store, actor)

    def _watch_idle(self) -> None:
        """Lock the screen after ``[session] idle_minutes`` without a key or click."""
        from caretui.config import ConfigError, load_config
        from caretui.screens.lock import IdleWatch

        try:
            minutes = load_config().idle_lock_minutes
        except ConfigError:
            minutes = 15
        self.idle_watch = IdleWatch(self, minutes)
        self.idle_watch.start()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent) and hasattr(self, "idle_watch"):
            self.idle_watch.touch()
        await super().on_event(event)

    def _apply_keymap(self) -> None:
        from caretui.config import ConfigError, load_config

        try:
            config = load_config()
        except ConfigError as exc:
            self.notify(str(exc), severity="warning", timeout=10)
            return
        if config.keymap:
            self.set_keymap(config.keymap)
        if config.theme:
            try:
                self.theme = config.theme
            except Exception:
                self.notify(f"There is no theme called {config.theme!r}.", severity="warning")

    def signed_in(self, actor: Actor) -> None:
        self.actor = actor
        self.show_dashboard()

    def _fit_sub_title(self) -> None:
        if self.actor is not None:
            actor = self.actor
            self.title, self.sub_title = fitted_header(
                self._titles, actor.name, actor.role.label, actor.team_name, self.size.width
            )

    def on_resize(self) -> None:
        self._fit_sub_title()

    def show_dashboard(self) -> None:
        from caretui.screens.dashboard import DashboardScreen

        assert self.actor is not None
        self._fit_sub_title()
        dashboard = DashboardScreen(self.store, self.actor, primary_cases=self._primary_cases)
        self._primary_cases = None
        if len(self.screen_stack) > 1:
            self.switch_screen(dashboard)  # replaces the sign-in picker
        else:
            self.push_screen(dashboard)

    # --- global actions -----------------------------------------------------------------

    def action_help(self) -> None:
        from caretui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.screen))

    def action_home(self) -> None:
        from caretui.screens.dashboard import DashboardScreen

        if self.actor is None:
            return
        while len(self.screen_stack) > 2 and not isinstance(self.screen, DashboardScreen):
            self.pop_screen()
        if isinstance(self.screen, DashboardScreen):
            self.screen.action_refresh()

    def action_search(self) -> None:
        from caretui.screens.person_search import PersonSearchScreen

        if self.actor is None or isinstance(self.screen, PersonSearchScreen):
            return
        self.push_screen(PersonSearchScreen(self.store, self.actor))

    def open_person(self, person_id: int) -> None:
        """Fetch the person record, then show it; a restricted record is refused in words."""
        if self.actor is not None:
            self._fetch_and_open_person(self.actor, person_id)

    @work(thread=True, exclusive=True, exit_on_error=False, group="open-person")
    def _fetch_and_open_person(self, actor: Actor, person_id: int) -> None:
        from caretui.rules.errors import PracticeError
        from caretui.screens.person import PersonScreen, fetch_person
        from caretui.store.errors import RecordRestricted

        try:
            opened = fetch_person(self.store, actor, person_id)
        except PracticeError as exc:
            self.call_from_thread(self.notify, str(exc), severity="error", timeout=12)
            if isinstance(exc, RecordRestricted):
                from caretui.store.ops.viewing import note_refused_open

                note_refused_open(self.store, actor, person_id)
            return
        self.call_from_thread(
            self.push_screen, PersonScreen(self.store, actor, person_id, opened=opened)
        )

    def open_case(self, case_id: int) -> None:
        """Fetch the case, then show it whole: no half-drawn screen while the store works."""
        if self.actor is not None:
            self._fetch_and_open_case(self.actor, case_id)

    @work(thread=True, exclusive=True, exit_on_error=False, group="open-case")
    def _fetch_and_open_case(self, actor: Actor, case_id: int) -> None:
        from caretui.rules.errors import PracticeError
        from caretui.screens.case import CaseScreen, fetch_case

        try:
            opened = fetch_case(self.store, actor, case_id)
        except PracticeError as exc:
            self.call_from_thread(self.notify, str(exc), severity="error", timeout=12)
            return
        self.call_from_thread(
            self.push_screen, CaseScreen(self.store, actor, case_id, opened=opened)
        )

    # --- drafts ---------------------------------------------------------------------------

    @work(thread=True, exit_on_error=False, group="dialog-draft")
    def load_draft(self, key: str, restore: Any) -> None:
        """A small dialog's draft, handed to ``restore`` (widgets.record_dialog)."""
        from caretui.store.queries import drafts

        if self.actor is None:
            return
        draft = drafts.draft(self.store, self.actor, key)
        if draft is not None:
            self.call_from_thread(restore, draft)

    async def action_quit(self) -> None:
        """ctrl+q: what was typed in the last second goes into its draft first."""
        from caretui.widgets.draft_keeper import flush_all

        flush_all()
        self.exit()

    def _leave_on_signals(self) -> None:
        """SIGHUP (the terminal or SSH session closed) and SIGTERM are a quit, not a crash:
        every draft is written, then the app exits (128 + the signal's number)."""
        import asyncio
        import signal

        if self.is_headless:  # under test the test runner owns its signals
            return
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGHUP, signal.SIGTERM):
            loop.add_signal_handler(signum, self._signalled, signum)

    def _signalled(self, signum: int) -> None:
        import os
        import threading

        from caretui.widgets.draft_keeper import drain, flush_all

        flush_all()
        drain(timeout=10)
        # The drafts are safe; a terminal that has gone must not keep the process alive.
        guard = threading.Timer(3.0, os._exit, args=(128 + signum,))
        guard.daemon = True
        guard.start()
        self.exit(return_code=128 + signum)

    def show_error(self, error: BaseException, doing: str = "") -> None:
        """A worker failed: say so in words, log the detail, keep the app running."""
        from caretui.rules.errors import PracticeError

        if isinstance(error, PracticeError):
            self.notify(str(error), severity="error", timeout=10)
            return
        self.log.error(error)
        what = f" while {doing}" if doing else ""
        self.notify(
            f"Something went wrong{what}. Nothing you typed is lost. "
            f"If it happens again, tell IT support: {type(error).__name__}: {error}",
            severity="error",
            timeout=15,
        )

    def on_worker_state_changed(self, event: Any) -> None:
        from textual.worker import WorkerState

        if event.state is WorkerState.ERROR and event.worker.error is not None:
            self.show_error(event.worker.error)
