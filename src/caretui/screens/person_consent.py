"""Consent on the person record (R2; seed 002 section 2), newest first, with its history.

The line above the list says where consent stands (the banner's expanded view says the
same). ``n`` records consent given, no consent with the lawful basis to go on, or a
refusal; ``w`` withdraws consent (date, and the reason where known); ``c`` re-confirms it
(standard 2.1: "regularly confirmed"); ``enter`` reads an entry. The rules' messages
(``consent_event_problems``) appear beside the fields before anything is saved.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.binding import Binding

from caretui.rules import clock
from caretui.rules.consent import (
    ConsentEvent,
    ConsentEventKind,
    ConsentNature,
    ConsentState,
    ConsentStatus,
    LawfulBasis,
    consent_event_problems,
)
from caretui.rules.permissions import Action
from caretui.rules.wording import Choice
from caretui.screens import contact_answers as typed
from caretui.screens.person_items import PersonItemsScreen, day, detail_lines, today_text
from caretui.store.queries import consent
from caretui.widgets.record_dialog import DialogField
from caretui.widgets.record_table import Col

NEW_KINDS = (ConsentEventKind.GIVEN, ConsentEventKind.NO_CONSENT, ConsentEventKind.REFUSED)
YES_NO = (("Yes", "Yes"), ("No", "No"))


def options(members: Sequence[Choice]) -> tuple[tuple[str, str], ...]:
    return tuple((m.label, m.value) for m in members)


def on_field(value: str = "") -> DialogField:
    return DialogField("consent_on", "Date", "date", True, value=value or today_text())


def nature_fields(required: bool) -> list[DialogField]:
    how = "How consent was given" if required else "How, if it changed"
    return [
        DialogField("consent_nature", how, "choice", required, options(tuple(ConsentNature))),
        DialogField("representative_name", "Representative", help="if through a representative"),
        DialogField("representative_relationship", "Who they are", help="e.g. daughter, LPA"),
        DialogField("other_means", "Other means", help="if other: how, in words"),
        DialogField("to_share_information", "Also to share info", "choice", True, YES_NO, "Yes"),
    ]


FIELDS: dict[ConsentEventKind, list[DialogField]] = {
    ConsentEventKind.GIVEN: nature_fields(True),
    ConsentEventKind.RECONFIRMED: nature_fields(False),
    ConsentEventKind.NO_CONSENT: [
        DialogField("lawful_basis", "Lawful basis", "choice", True, options(tuple(LawfulBasis))),
        DialogField("justification", "Legal justification", "textarea", True),
        DialogField("best_interests_ref", "Best interests", help="if lacks capacity: reference"),
        DialogField("best_interests_on", "Decided on", "date", help="the best-interests date"),
    ],
    ConsentEventKind.REFUSED: [DialogField("consent_reason", "Reason (if known)", "textarea")],
    ConsentEventKind.WITHDRAWN: [DialogField("consent_reason", "Reason (if known)", "textarea")],
}
"""What each kind of entry asks, after its date."""


def as_history(status: ConsentStatus, rows: Sequence[consent.ConsentRow]) -> list[ConsentEvent]:
    """Enough of the history for the rules' checks: where consent stands, and the last date."""
    if status.state is ConsentState.NOT_RECORDED or not rows:
        return []
    return [
        ConsentEvent(
            kind=status.state.value,
            on=rows[0].on,
            nature=status.nature or ConsentNature.SPOKEN,
            lawful_basis=status.lawful_basis,
        )
    ]


class ConsentScreen(PersonItemsScreen):
    heading = "Consent"
    writes = {"new": Action.RECORD_CONSENT, "withdraw": Action.RECORD_CONSENT}
    columns = (
        Col("Date"),
        Col("Entry", "text", min_width=12),
        Col("How, or on what basis", "text", min_width=12, priority=2),
        Col("Recorded by", "name", priority=1),
    )
    empty = "No consent is recorded. Press n to record it."
    hint = "enter read · n record consent · w withdraw · c re-confirm · escape back"
    BINDINGS = [
        Binding("w", "withdraw", "Withdraw", id="consent.withdraw"),
        Binding("c", "reconfirm", "Re-confirm", id="consent.reconfirm"),
    ]

    status = ConsentStatus()

    @property
    def title_text(self) -> str:
        return f"{super().title_text}\n{self.status.summary}"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "reconfirm":
            return super().check_action("withdraw", parameters)
        return super().check_action(action, parameters)

    def fetch(self) -> list[Any]:
        status, rows = consent.consent_history(self.store, self.actor, self.person_id)
        self.status = status
        return rows

    def _show(self, rows: list[Any]) -> None:
        super()._show(rows)
        self.query_one("#items-title").update(self.title_text)  # type: ignore[attr-defined]

    def cells(self, row: consent.ConsentRow) -> Sequence[Any]:
        return (day(row.on), row.kind_label, row.nature_label, row.by_name)

    def open(self, row: consent.ConsentRow) -> None:
        self.show_detail(
            f"{row.kind_label}, {day(row.on)}",
            detail_lines(
                ("How", row.nature_label),
                ("Details", row.detail),
                ("Recorded by", row.by_name),
            ),
        )

    # --- recording -----------------------------------------------------------------------

    def action_new(self) -> None:
        if not self.may(Action.RECORD_CONSENT, "Ask the person's worker to record it."):
            return
        from caretui.widgets.choose_one import ChooseOne

        def chosen(kind: ConsentEventKind | None) -> None:
            if kind is not None:
                self.record(kind)

        self.app.push_screen(
            ChooseOne(f"Record consent: {self.person}", [(k.label, k) for k in NEW_KINDS]),
            chosen,
        )

    def action_withdraw(self) -> None:
        if self._given("withdrawn", "record that it was refused instead (n)"):
            self.record(ConsentEventKind.WITHDRAWN)

    def action_reconfirm(self) -> None:
        if self._given("re-confirmed", "record it as given (n)"):
            self.record(ConsentEventKind.RECONFIRMED)

    def _given(self, what: str, instead: str) -> bool:
        if not self.may(Action.RECORD_CONSENT, "Ask the person's worker to record it."):
            return False
        if self.status.state is not ConsentState.GIVEN:
            self.notify(
                f"Consent is not in place, so it cannot be {what}: {instead}.",
                severity="warning",
                timeout=8,
            )
            return False
        return True

    def record(self, kind: ConsentEventKind) -> None:
        from caretui.store.ops.consent import record_consent

        history = as_history(self.status, self.rows)
        by = self.actor.name

        def event(values: dict[str, Any]) -> ConsentEvent:
            found = typed.consent_event({**values, "consent_kind": kind.value}, by)
            assert found is not None
            return found

        def check(values: dict[str, Any]) -> dict[str, str]:
            problems = consent_event_problems(event(values), today=clock.today(), history=history)
            return typed.on_consent_fields(problems)

        self.ask(
            f"{kind.label}: {self.person}",
            [on_field(), *FIELDS[kind]],
            lambda values: record_consent(self.store, self.actor, self.person_id, event(values)),
            f"{kind.label}: it shows on the person banner (b).",
            help_text=f"Recorded by {by}. ctrl+s save · escape cancel",
            draft_key=f"person:{self.person_id}:consent:{kind.value}",
            check=check,
        )
