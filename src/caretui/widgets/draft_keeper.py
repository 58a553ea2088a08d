"""Keeping what a practitioner types as a draft, never more than about a second behind.

Every screen that takes typing (an activity, a form, a wizard, person details, a small
record dialog) owns a :class:`DraftKeeper`. The screen says when something changed; the
keeper writes the draft :data:`QUIET_S` after typing pauses, and while typing goes on
without a pause, :data:`MAX_WAIT_S` after the first change not yet written (a trailing
debounce with a maximum wait). So a dropped connection or a killed process loses at most
the last second of typing.

A draft is kept only while what is on screen differs from what is saved (the keeper's
*baseline*): opening a record and leaving it untouched stores nothing and says nothing,
and typing a change and then undoing it removes the draft again.

Writes run in order on one background thread (:data:`WRITER`), so typing never waits for
the store and a later draft never lands before an earlier one. :func:`flush_all` and
:func:`drain` let the app write every open draft before it exits, including on SIGHUP
(the terminal or SSH session closed) and SIGTERM.
"""

from __future__ import annotations

import asyncio
import threading
import time
import weakref
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from textual.css.query import QueryError

from caretui.rules.errors import PracticeError

if TYPE_CHECKING:
    from textual.message_pump import MessagePump
    from textual.timer import Timer

    from caretui.rules.permissions import Actor
    from caretui.store.db import Store
    from caretui.store.queries.drafts import DraftRow

QUIET_S = 0.3
"""A pause in typing this long writes the draft."""
MAX_WAIT_S = 1.0
"""Typing that never pauses is written at least this often."""
BASE_KEY = "__saved_when_typed__"
"""In a versioned record's draft: the record as it was when the typing began, so a draft
restored after someone else saved the record is compared with theirs, never saved over it."""

WRITER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="caretui-drafts")
"""Every draft write, in the order the screens asked for them."""

_LIVE: weakref.WeakSet[DraftKeeper] = weakref.WeakSet()
_LOCK = threading.Lock()


def _plain(value: Any) -> Any:
    """How a value compares: blank is blank however a widget reports it."""
    if value is None or value == [] or value == {} or value is False:
        return ""
    if isinstance(value, str):
        return value.rstrip()
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items() if _plain(v) != ""}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def same(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Whether two sets of typed values say the same thing (blanks and trailing spaces aside)."""
    return _plain(dict(a)) == _plain(dict(b))


class DraftKeeper:
    """One screen's draft: ``read()`` gives what is typed now, ``title()`` names it in the
    drafts list. Call :meth:`start` once the saved values are on screen, :meth:`changed`
    on every change, :meth:`flush` when leaving, :meth:`saved` once the store took it."""

    def __init__(
        self,
        owner: MessagePump,
        store: Store,
        actor: Actor,
        key: str,
        *,
        read: Callable[[], dict[str, Any]],
        title: Callable[[], str],
        compare: Callable[[Mapping[str, Any]], Mapping[str, Any]] | None = None,
        versioned: bool = False,
    ) -> None:
        self.owner = owner
        self.store = store
        self.actor = actor
        self.key = key
        self.read = read
        self.title = title
        # What of the draft counts as typing (a wizard's step number does not).
        self.compare = compare or (lambda data: data)
        self.baseline: dict[str, Any] | None = None
        # The saved record the typing started from (see BASE_KEY), when it has moved on.
        self.versioned = versioned
        self.typed_over: dict[str, Any] | None = None
        self.stored = False
        self._timer: Timer | None = None
        self._written: dict[str, Any] | None = None
        self._first_unwritten: float | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        with _LOCK:
            _LIVE.add(self)

    # --- the screen's side ------------------------------------------------------------------

    def start(self, baseline: Mapping[str, Any], draft: DraftRow | None) -> dict[str, Any] | None:
        """The saved values are on screen (``baseline``); returns the draft's data to put
        back, or None when there is none or it says nothing beyond what is saved (such a
        draft is removed, so it is never offered again)."""
        self.baseline = dict(baseline)
        self.typed_over = None
        self._loop = asyncio.get_running_loop()
        if draft is None:
            return None
        data = dict(draft.data)
        over = data.pop(BASE_KEY, None)
        if self.differs(data):
            self.stored = True
            if self.versioned and isinstance(over, dict) and not same(over, self.baseline):
                self.typed_over = over
            return data
        self._submit(None)
        return None

    @property
    def may_discard(self) -> bool:
        """Whether to offer "Discard draft": a draft is kept, or typing waits to be
        written. Cheap enough for a screen's check_action, which runs on every key."""
        return self.baseline is not None and (self.stored or self._first_unwritten is not None)

    @property
    def moved_on(self) -> bool:
        """Whether the restored draft was typed over an older version of the record than
        the one on screen (someone saved since): compare before saving."""
        return self.typed_over is not None

    def differs(self, data: Mapping[str, Any] | None = None) -> bool:
        """Whether ``data`` (what is typed now by default) differs from what is saved."""
        if self.baseline is None:
            return False
        try:
            typed = self.read() if data is None else data
        except QueryError:  # the screen is still building its fields: nothing new typed
            return self.stored
        return not same(self.compare(typed), self.compare(self.baseline))

    def changed(self) -> None:
        """Something on screen changed: write it soon, and never later than MAX_WAIT_S."""
        if self.baseline is None:
            return
        now = time.monotonic()
        if self._first_unwritten is None:
            self._first_unwritten = now
        # (Textual's timers need a delay above zero.)
        delay = min(QUIET_S, max(0.01, self._first_unwritten + MAX_WAIT_S - now))
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.owner.set_timer(delay, self._due, name="draft")

    def flush(self) -> bool:
        """Write what is waiting now; True when a draft differing from the saved record is
        kept (so the screen may say so), False when there is nothing to keep."""
        if self.baseline is None:
            return False
        # Not only what changed() was told of: a key typed just before this may not have
        # reached the screen's change handler yet, but it is on screen.
        self._write_now()
        return self.stored

    def saved(self) -> None:
        """The store took the record (the saving worker removes the draft): stop writing."""
        self._cancel()
        self.baseline = None
        self.stored = False

    def done_in_worker(self) -> None:
        """From the worker whose save the store took: stop keeping, then remove the draft
        after any write already queued (so no earlier draft outlives the record)."""
        self.owner.app.call_from_thread(self.saved)
        forget(self.store, self.actor, self.key)

    def rebase(self, baseline: Mapping[str, Any]) -> None:
        """The saved record moved on (reloaded, or someone else's save was taken in): the
        draft now compares against ``baseline``."""
        self.baseline = dict(baseline)
        self.typed_over = None
        self._written = None
        self.changed()

    def discard(self) -> None:
        """Throw the draft away (the screen puts the saved values back itself)."""
        self._cancel()
        self.stored = False
        self._submit(None)

    def changed_fields(self, labels: Mapping[str, str]) -> list[str]:
        """The labels of what is typed differently from the saved record, in screen order."""
        if self.baseline is None:
            return []
        typed, base = _plain(self.compare(self.read())), _plain(self.compare(self.baseline))
        keys = [k for k in labels if typed.get(k, "") != base.get(k, "")]
        if not labels:
            keys = [k for k in {**base, **typed} if typed.get(k) != base.get(k)]
        return [labels.get(k, k.replace("_", " ").capitalize()) for k in keys]

    def ask_discard(self, labels: Mapping[str, str], then: Callable[[], None]) -> None:
        """Confirm throwing the draft away, naming what will be lost; ``then`` puts the
        saved values back on screen once it is gone."""
        from caretui.rules.wording import listed, plural
        from caretui.widgets.notice import Notice

        if not self.stored and not self.differs():
            self.owner.app.notify("There is no draft here: nothing typed differs from the record.")
            return
        names = self.changed_fields(labels)
        what = (
            f"your changes to {listed(names)}"
            if len(names) <= 4
            else f"your changes to {plural(len(names), 'answer')}"
        )
        body = (
            f"{self.title()}: {what} will be thrown away, and what is saved is shown again. "
            "This cannot be undone."
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self.discard()
                then()
                self.owner.app.notify("Draft discarded: the saved version is back.")

        self.owner.app.push_screen(
            Notice(
                "Discard this draft?",
                body,
                keys="enter or y: discard the draft · escape or n: keep it",
                warning=True,
            ),
            answered,
        )

    def close(self) -> None:
        """The screen is going: write what is waiting, then forget this keeper.

        The screen's own ways out (save, escape) flush while its fields are there; this
        catches the rest (ctrl+q, a hang-up) for typing not yet written. Once the fields
        are gone there is nothing left to read, and what they held was flushed already.
        """
        if self._first_unwritten is not None:
            self.flush()
        self._cancel()
        self.baseline = None
        with _LOCK:
            _LIVE.discard(self)

    # --- writing ----------------------------------------------------------------------------

    def _cancel(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._first_unwritten = None

    def _due(self) -> None:
        self._timer = None
        if self._first_unwritten is not None:
            self._write_now()

    def _write_now(self) -> None:
        pending = self._first_unwritten
        self._cancel()
        try:
            data = self.read()
        except QueryError:
            # The screen is rebuilding a part of itself (a form showing a follow-up
            # question): read it again in a moment rather than keep half of it.
            if pending is not None and self.baseline is not None:
                self._first_unwritten = pending
                self._timer = self.owner.set_timer(QUIET_S, self._due, name="draft")
            return
        if self.differs(data):
            if not (self.stored and self._written is not None and same(data, self._written)):
                self.stored = True
                self._submit(data)
        elif self.stored:
            self.stored = False
            self._submit(None)
        refresh = getattr(self.owner, "refresh_bindings", None)
        if refresh is not None:  # "Discard draft" comes and goes with the draft
            refresh()

    def _submit(self, data: dict[str, Any] | None) -> None:
        """Queue a write (``None`` removes the draft); it reports its own failure."""
        from caretui.store.ops.drafts import discard_draft, save_draft

        store, actor, key = self.store, self.actor, self.key
        self._written = None if data is None else dict(data)
        if data is None:
            future = WRITER.submit(discard_draft, store, actor, key)
        else:
            title = self.title()
            if self.versioned:
                data = {**data, BASE_KEY: self.typed_over or self.baseline}
            future = WRITER.submit(save_draft, store, actor, key, data, title)
        future.add_done_callback(self._report)

    def _report(self, future: Future[None]) -> None:
        error = future.exception()
        if error is None or self._loop is None or self._loop.is_closed():
            return
        message = (
            f"Your draft could not be kept: {error}"
            if isinstance(error, PracticeError)
            else f"Your draft could not be kept ({type(error).__name__}: {error})."
        )
        app = self.owner.app
        # Never wait on the app from here: it may itself be waiting for this thread.
        self._loop.call_soon_threadsafe(lambda: app.notify(message, severity="warning"))


def forget(store: Store, actor: Actor, key: str) -> None:
    """Remove a draft once the record is saved, after the writes queued before it."""
    from caretui.store.ops.drafts import discard_draft

    WRITER.submit(discard_draft, store, actor, key).result(timeout=30)


def flush_all() -> int:
    """Write every open screen's waiting draft (on the app's thread); how many kept."""
    with _LOCK:
        keepers = list(_LIVE)
    return sum(1 for keeper in keepers if keeper.flush())


def drain(timeout: float = 5.0) -> bool:
    """Wait until every queued draft is written; False if that took longer than ``timeout``."""
    try:
        WRITER.submit(lambda: None).result(timeout=timeout)
    except TimeoutError:
        return False
    return True
