"""A person's key safe (guide P3): how to get in, and the code, hidden until revealed.

Revealing the code is written to the audit trail with the name and the time; view-only
accounts have neither the reveal nor the edit key.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from caretui.rules.errors import PracticeError
from caretui.rules.permissions import Action, Actor, allowed
from caretui.store.db import Store
from caretui.store.errors import StaleRecord
from caretui.store.ops.alerts import reveal_key_safe, save_key_safe
from caretui.store.queries import alerts
from caretui.widgets.keybar import KeyBar
from caretui.widgets.notice import Notice
from caretui.widgets.record_dialog import DialogField, RecordDialog
from caretui.widgets.role_keys import RoleKeys
from caretui.widgets.worker_errors import ReportsWorkerErrors


class KeySafeScreen(RoleKeys, ReportsWorkerErrors, Screen[None]):
    """Access information, and the code hidden until revealed (and the reveal audited)."""

    DEFAULT_CSS = """
    KeySafeScreen #items-title { text-style: bold; padding: 0 1; }
    KeySafeScreen #key-safe-body { padding: 1 1; }
    KeySafeScreen #items-hint { color: $text-muted; padding: 0 1; }
    """
    BINDINGS = [
        Binding("v", "reveal", "Reveal code", id="key_safe.reveal"),
        Binding("e", "edit", "Edit", id="key_safe.edit"),
        Binding("escape", "back", "Back", id="key_safe.back"),
    ]

    # View-only accounts see no reveal or edit key (the store refuses them anyway).
    role_needs = {"reveal": Action.REVEAL_KEY_SAFE, "edit": Action.EDIT_KEY_SAFE}

    def __init__(self, store: Store, actor: Actor, person_id: int, person: str = "") -> None:
        super().__init__()
        self.store = store
        self.actor = actor
        self.person_id = person_id
        self.person = person
        self.info: alerts.KeySafeInfo | None = None
        self.code: str | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(f"Key safe — {self.person} (P{self.person_id})", id="items-title")
        with VerticalScroll():
            yield Static("Loading…", id="key-safe-body")
        yield Static(
            self.offered_keys(
                "v reveal the code (recorded in the audit trail) · e edit · escape back"
            ),
            id="items-hint",
        )
        yield KeyBar()

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="key-safe")
    def load(self) -> None:
        try:
            info = alerts.key_safe_info(self.store, self.actor, self.person_id)
        except PracticeError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", timeout=12)
            return
        self.app.call_from_thread(self._show, info)

    def _settle(
        self,
        error: StaleRecord,
        info: alerts.KeySafeInfo,
        base: dict[str, str],
        yours: dict[str, str],
    ) -> None:
        from caretui.widgets.conflicts import NOT_SAVED, settle_stale_dialog

        self._show(info)

        def settled(kept: dict[str, Any] | None) -> None:
            if kept is None:
                self.notify(NOT_SAVED.split(":")[0] + ".", severity="warning", timeout=10)
            else:
                self._edit(settled=kept)

        settle_stale_dialog(self, error, self._fields(info), base=base, yours=yours, then=settled)

    def _show(self, info: alerts.KeySafeInfo) -> None:
        self.info = info
        body = self.query_one("#key-safe-body", Static)
        if not info.exists:
            body.update(
                self.offered(
                    "No access information or key safe is recorded for this person.\n"
                    "Press e to record how to get in (and the key safe code, if there is one)."
                )
            )
            return
        text = Text()
        text.append("Access information\n", style="bold")
        text.append((info.access_information or "none recorded") + "\n\n")
        text.append("Key safe code  ", style="bold")
        if not info.has_code:
            text.append("none recorded")
        elif self.code is None:
            text.append("•••• (hidden: press v to reveal)" if self.key_offered("v") else "••••")
        else:
            text.append(f" {self.code} ", style="bold reverse")
            text.append("  revealed: your name and the time are in the audit trail")
        if info.updated_at:
            text.append(
                f"\n\nLast changed by {info.updated_by or 'unknown'} on "
                f"{info.updated_at:%d %b %Y %H:%M}",
                style="dim",
            )
        body.update(text)

    def action_back(self) -> None:
        self.dismiss(None)

    def action_reveal(self) -> None:
        if self.info is None:
            return
        if not self.info.has_code:
            self.notify("No key safe code is recorded for this person.")
            return
        if not allowed(self.actor, Action.REVEAL_KEY_SAFE):
            self.notify(
                "Your account is view only, so it cannot reveal key safe codes.",
                severity="warning",
            )
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._reveal()

        self.app.push_screen(
            Notice(
                "Reveal the key safe code?",
                f"The code for {self.person}'s key safe will be shown, and your name and the "
                "time are written to the audit trail. Reveal it only when you are about to "
                "visit.",
                keys="enter or y: reveal · escape or n: cancel",
                warning=True,
            ),
            confirmed,
        )

    @work(thread=True, exit_on_error=False, group="key-safe-reveal")
    def _reveal(self) -> None:
        try:
            code = reveal_key_safe(self.store, self.actor, self.person_id)
        except PracticeError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", timeout=12)
            return
        self.code = code
        if self.info is not None:
            self.app.call_from_thread(self._show, self.info)

    def action_edit(self) -> None:
        self._edit()

    def _edit(self, settled: dict[str, str] | None = None) -> None:
        """``settled``: what was kept from a conflict, saved at once."""
        if not allowed(self.actor, Action.EDIT_KEY_SAFE):
            self.notify(
                f"Your role cannot {Action.EDIT_KEY_SAFE.value}. Ask the person's worker.",
                severity="warning",
            )
            return
        fields = self._fields(self.info)
        version = self.info.version if self.info else None
        dialog = RecordDialog(
            f"Key safe: {self.person}", fields, typed=settled, save_at_once=settled is not None
        )

        def save(values: dict[str, Any] | None) -> None:
            if values is None:
                return
            typing = (dialog.baseline_typing, dialog.saved_typing)
            self._save(values["access_information"], values["code"] or None, version, typing)

        self.app.push_screen(dialog, save)

    def _fields(self, info: alerts.KeySafeInfo | None) -> list[DialogField]:
        return [
            DialogField(
                "access_information",
                "Access information",
                "textarea",
                value=info.access_information if info else "",
            ),
            DialogField(
                "code",
                "New code",
                help="leave blank to keep the code as it is"
                if info and info.has_code
                else "the key safe code, if there is one",
            ),
        ]

    @work(thread=True, exit_on_error=False, group="key-safe-save")
    def _save(
        self, access: str, code: str | None, version: int | None, typing: tuple[dict, dict]
    ) -> None:
        try:
            save_key_safe(
                self.store,
                self.actor,
                self.person_id,
                access_information=access,
                code=code,
                expected_version=version,
            )
        except StaleRecord as exc:
            # Someone saved first: read theirs, then compare it with what was typed.
            try:
                info = alerts.key_safe_info(self.store, self.actor, self.person_id)
            except PracticeError as again:
                self.app.call_from_thread(self.notify, str(again), severity="error")
                return
            self.app.call_from_thread(self._settle, exc, info, *typing)
            return
        except PracticeError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", timeout=12)
            self.load()
            return
        self.code = None
        self.app.call_from_thread(self.notify, "Key safe details saved.")
        self.load()
