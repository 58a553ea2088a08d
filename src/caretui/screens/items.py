"""A list of one kind of item on a record: the shape every case and person menu shares.

A title line, the list, a hint line of this list's keys and the key bar. The list loads
in a thread worker and reloads after a change; ``enter`` opens the highlighted item and
``n`` adds one. Keys for writes the role may never make are hidden (S1); the store
refuses them anyway, and its message (who can do it instead) is what the practitioner
reads, never a traceback. Subclasses say what the list holds (``fetch``, ``cells``)
and what its keys do (``open``, ``action_new`` and their own bindings).
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Header, Static

from caretui.rules.errors import PracticeError
from caretui.rules.permissions import Action, Actor, allowed
from caretui.store.db import Store
from caretui.store.errors import StaleRecord
from caretui.widgets.conflicts import NOT_SAVED, settle_stale_dialog
from caretui.widgets.keybar import KeyBar
from caretui.widgets.record_dialog import DialogField, RecordDialog
from caretui.widgets.record_table import Col, RecordTable, record
from caretui.widgets.role_keys import RoleKeys
from caretui.widgets.worker_errors import ReportsWorkerErrors


class ItemsScreen(RoleKeys, ReportsWorkerErrors, Screen[None]):
    """A list of one kind of item, with its keys."""

    DEFAULT_CSS = """
    ItemsScreen #items-title { text-style: bold; padding: 0 1; }
    ItemsScreen #items-hint { color: $text-muted; padding: 0 1; height: auto; }
    ItemsScreen #items-detail { padding: 0 1; height: auto; }
    ItemsScreen RecordTable { height: 1fr; }
    """
    heading: ClassVar[str] = ""
    columns: ClassVar[tuple[str | Col, ...]] = ()
    empty: ClassVar[str] = "Nothing recorded yet. Press n to add."
    hint: ClassVar[str] = "enter open · n new · escape back"
    # The permission each writing key needs (S1): hidden from roles that never have it.
    writes: ClassVar[dict[str, Action]] = {}
    BINDINGS = [
        # Someone else may have changed the list since it was read (KEYMAP: reload).
        Binding("ctrl+r,f5", "reload", "Reload", show=False, id="items.reload"),
    ]

    def __init__(self, store: Store, actor: Actor, person: str = "") -> None:
        super().__init__()
        self.store = store
        self.actor = actor
        self.person = person
        self.rows: list[Any] = []
        # A save refused as stale: the conflict to settle when the row is edited again.
        self._pending_conflict: tuple[StaleRecord, dict[str, str], dict[str, str]] | None = None
        self._reopen: tuple[Any, ...] | None = None
        # The item to highlight once the list is loaded (its id: see row_id), e.g. the
        # failing form the closure checklist jumped from.
        self.highlight: Any = None

    # --- what each kind of list supplies ----------------------------------------------------

    @property
    @abstractmethod
    def title_text(self) -> str:
        """The line above the list: what it is, and whose."""

    @abstractmethod
    def fetch(self) -> list[Any]: ...

    @abstractmethod
    def cells(self, row: Any) -> Sequence[Any]: ...

    @abstractmethod
    def open(self, row: Any) -> None: ...

    @abstractmethod
    def action_new(self) -> None: ...

    def empty_text(self) -> str:
        """What an empty list says; "Press n to add" only where n adds."""
        return self.offered(self.empty)

    def row_id(self, row: Any) -> Any:
        """The id of the record a row shows (what :attr:`highlight` names)."""
        return getattr(row, "id", None)

    # --- keys a role has --------------------------------------------------------------------

    def role_need(self, action: str, parameters: tuple[object, ...]) -> Action | None:
        """A key whose action the role may never take is hidden, and says why when
        pressed (the store refuses it anyway); scope by case is left to the store."""
        return self.writes.get(action)

    @property
    def shown_hint(self) -> str:
        """The hint line without the keys this role does not have (see check_action)."""
        return self.offered_keys(self.hint)

    def may(self, action: Action, who: str) -> bool:
        """Say at once, in words, when the role may not: no dialog to fill in for nothing."""
        if allowed(self.actor, action):
            return True
        self.notify(f"Your role cannot {action.value}. {who}", severity="warning", timeout=8)
        return False

    # --- the list ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(self.title_text, id="items-title")
        yield RecordTable(self.columns)
        # The highlighted row's columns that do not fit at this width, and text cut short.
        yield Static("", id="items-detail")
        yield Static(self.shown_hint, id="items-hint")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(RecordTable).focus()
        self.load()

    def action_reload(self) -> None:
        self.load()

    def action_back(self) -> None:
        self.dismiss(None)

    @work(thread=True, exclusive=True, exit_on_error=False, group="items")
    def load(self) -> None:
        try:
            rows = self.fetch()
        except PracticeError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", timeout=12)
            return
        self.app.call_from_thread(self._show, rows)

    def _show(self, rows: list[Any]) -> None:
        self.rows = rows
        table = self.query_one(RecordTable)
        table.set_records([record(n, self.cells(row)) for n, row in enumerate(rows)])
        highlight, self.highlight = self.highlight, None
        if highlight is not None:
            at = next((n for n, row in enumerate(rows) if self.row_id(row) == highlight), None)
            if at is not None:
                table.move_to_key(str(at))
        reopen, self._reopen = self._reopen, None
        if reopen is not None:
            self._edit_again(table, *reopen)
        self.query_one("#items-hint", Static).update(
            self.shown_hint if rows else f"{self.empty_text()}  ·  {self.shown_hint}"
        )

    def _reopen_stale(
        self,
        error: StaleRecord,
        base: dict[str, str],
        yours: dict[str, str],
        row_id: Any,
        again: Callable[[], None],
    ) -> None:
        """Someone saved the row first: reload, then compare theirs with what was typed."""
        self._reopen = (error, base, yours, row_id, again)
        self.load()

    def _edit_again(
        self,
        table: RecordTable,
        error: StaleRecord,
        base: dict[str, str],
        yours: dict[str, str],
        row_id: Any,
        again: Callable[[], None],
    ) -> None:
        index = next((n for n, row in enumerate(self.rows) if row.id == row_id), None)
        if index is None:
            self.notify(f"{error} It is no longer on this list.", severity="error", timeout=12)
            return
        table.move_cursor(row=index)
        self._pending_conflict = (error, base, yours)
        again()

    @property
    def current(self) -> Any | None:
        key = self.query_one(RecordTable).current_key
        return self.rows[int(key)] if key is not None and int(key) < len(self.rows) else None

    @on(RecordTable.Detail)
    def _detail(self, event: RecordTable.Detail) -> None:
        self.query_one("#items-detail", Static).update(Text(event.text))

    @on(RecordTable.Open)
    def _selected(self) -> None:
        row = self.current
        if row is not None:
            self.open(row)

    # --- writing ----------------------------------------------------------------------------

    def ask(
        self,
        title: str,
        fields: list[DialogField],
        write: Callable[[dict[str, Any]], Any],
        done: str | Callable[[dict[str, Any]], str],
        *,
        help_text: str = "",
        draft_key: str | None = None,
        check: Callable[[dict[str, Any]], dict[str, str]] | None = None,
        row: Any = None,
        again: Callable[[], None] | None = None,
    ) -> None:
        """A dialog of ``fields`` (``help_text`` under its title); once saved,
        ``write(values)`` runs in a worker, ``done`` (or ``done(values)``) is said and the
        list reloads. Escape writes nothing; with a ``draft_key`` what was typed is kept.
        ``check(values)`` gives the rules' messages by field, shown before saving.

        ``row``: the saved record the dialog edits, and ``again`` the key's action that
        edits the highlighted row. If someone else saved the row first, the list reloads,
        the conflict view compares theirs with what was typed, and what is kept is saved
        against their version (``again`` opens the dialog on the row as it is now).
        """
        pending, self._pending_conflict = self._pending_conflict, None
        dialog = RecordDialog(
            title,
            fields,
            help_text,
            draft_key=draft_key,
            keep_draft_on_save=True,
            check=check,
            versioned=row is not None,
        )

        def save(values: dict[str, Any] | None) -> None:
            if values is None:
                return
            stale = None
            if row is not None and again is not None:
                stale = (dialog.baseline_typing, dialog.saved_typing, row.id, again)
            self._write(
                lambda: write(values),
                done(values) if callable(done) else done,
                keep=draft_key,
                stale=stale,
            )

        if pending is None or row is None:
            self.app.push_screen(dialog, save)
            return
        error, base, yours = pending

        def settled(kept: dict[str, Any] | None) -> None:
            if kept is None:
                self.notify(
                    NOT_SAVED if draft_key else "Nothing is saved: their version stands.",
                    severity="warning",
                    timeout=10,
                )
                return
            dialog.typed, dialog.save_at_once = kept, True
            self.app.push_screen(dialog, save)

        settle_stale_dialog(self, error, fields, base=base, yours=yours, then=settled)

    def run_op(self, op: Callable[[], Any], done: str | Callable[[Any], str]) -> None:
        """Run a write in a worker; say what happened (``done``, or ``done(result)``);
        reload the list."""
        self._write(op, done)

    @work(thread=True, exit_on_error=False, group="items-write")
    def _write(
        self,
        op: Callable[[], Any],
        done: str | Callable[[Any], str],
        keep: str | None = None,
        stale: tuple[dict[str, str], dict[str, str], Any, Callable[[], None]] | None = None,
    ) -> None:
        """``keep``: the dialog's draft key; refused, the typing stays in the draft the
        dialog kept; taken, the draft is removed. ``stale`` (the row as opened, what was
        typed, the row's id, the action that edits it): refused because someone else
        saved first, the list reloads and the conflict view opens (see :meth:`ask`)."""
        from caretui.widgets.draft_keeper import forget

        try:
            result = op()
        except StaleRecord as exc:
            if stale is None:
                self.app.call_from_thread(self.notify, str(exc), severity="error", timeout=12)
                self.app.call_from_thread(self.load)
                return
            base, yours, row_id, again = stale
            self.app.call_from_thread(self._reopen_stale, exc, base, yours, row_id, again)
            return
        except PracticeError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", timeout=12)
            return
        if keep is not None:
            forget(self.store, self.actor, keep)
        message = done(result) if callable(done) else done
        self.app.call_from_thread(self.notify, message, timeout=8)
        self.app.call_from_thread(self.load)
