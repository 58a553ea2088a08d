"""The person record (guide p.28-37): the banner over the person's details, and its menus.

The guide's "Menu > Related Items" are one key each (and listed under ``m``): alerts and
hazards, key safe, relationships, attachments, Section 117, services, all activities and
consent (``i``: consent to the referral and to share information, with its history).
``e`` edits the person's details, ``c`` opens their open case (or, with none, lists their
closed ones), ``o`` lists every case they have had, ``p`` jumps to a related person. A
restricted record is refused before anything is shown, saying whom to ask
(S3); opening a person record is written to the audit trail (S4).
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

from caretui.rules.errors import FormInvalid, PracticeError
from caretui.rules.permissions import Action, Actor, allowed
from caretui.rules.validation import format_nhs_number
from caretui.store.db import Store
from caretui.store.errors import StaleRecord
from caretui.store.ops.people import clean_person_fields, update_person
from caretui.store.ops.viewing import record_view
from caretui.store.queries import people
from caretui.widgets.banner import PersonBanner
from caretui.widgets.keybar import KeyBar
from caretui.widgets.record_dialog import DialogField, RecordDialog
from caretui.widgets.role_keys import RoleKeys
from caretui.widgets.worker_errors import ReportsWorkerErrors

MENU: tuple[tuple[str, str, str, str], ...] = (
    # key, screen name, label, count key
    ("a", "alerts", "Alerts and hazards", "alerts"),
    ("k", "key_safe", "Key safe", ""),
    ("r", "relationships", "Relationships", "relationships"),
    ("f", "attachments", "Attachments", "attachments"),
    ("s", "section117", "Section 117", "section117"),
    ("v", "services", "Services", "services"),
    ("t", "activities", "All activities", "activities"),
    ("i", "consent", "Consent", ""),
    ("o", "cases", "Cases", "cases"),
)


def fetch_person(store: Store, actor: Actor, person_id: int) -> people.PersonDetail:
    """What the person record shows; raises the refusal for a restricted record."""
    return people.person_record(store, actor, person_id)


class PersonScreen(RoleKeys, ReportsWorkerErrors, Screen[None]):
    DEFAULT_CSS = """
    PersonScreen #person-body { padding: 0 1; }
    """

    BINDINGS = [
        Binding("escape", "back", "Back", id="person.back"),
        Binding("ctrl+r,f5", "reload", "Reload", show=False, id="person.reload"),
        Binding("b", "toggle_banner", "Banner", id="person.banner"),
        Binding("e", "edit", "Edit details", id="person.edit"),
        Binding("c", "open_case", "Open case", id="person.case"),
        Binding("m", "menu", "Menu", id="person.menu"),
        *[
            Binding(
                key,
                f"open_menu('{name}')",
                label,
                show=name in ("alerts", "key_safe", "consent"),
                id=f"person.{name}",
            )
            for key, name, label, _count in MENU
        ],
        Binding("p", "related_person", "Related person", show=False, id="person.related"),
        Binding("L", "lock_down", "Lock down (system admin)", show=False, id="person.lockdown"),
    ]

    def __init__(
        self,
        store: Store,
        actor: Actor,
        person_id: int,
        opened: people.PersonDetail | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self.actor = actor
        self.person_id = person_id
        self.detail = opened

    def compose(self) -> ComposeResult:
        yield Header()
        yield PersonBanner(id="banner")
        with VerticalScroll():
            yield Static("Loading the person…", id="person-body")
        yield KeyBar()

    def on_mount(self) -> None:
        if self.detail is not None:
            self._show(self.detail)
            self.note_view()
        else:
            self.load(first=True)

    @work(thread=True, exclusive=True, exit_on_error=False, group="person")
    def load(self, first: bool = False) -> None:
        try:
            detail = fetch_person(self.store, self.actor, self.person_id)
        except PracticeError as exc:
            self.app.call_from_thread(self._refused, str(exc))
            return
        self.app.call_from_thread(self._show, detail)
        if first:
            record_view(self.store, self.actor, person_id=self.person_id)

    @work(thread=True, exit_on_error=False, group="person-view")
    def note_view(self) -> None:
        record_view(self.store, self.actor, person_id=self.person_id)

    def _refused(self, message: str) -> None:
        self.notify(message, severity="error", timeout=12)
        self.dismiss(None)

    def _show(self, detail: people.PersonDetail) -> None:
        self.detail = detail
        self.query_one(PersonBanner).show(detail.banner)
        self.query_one("#person-body", Static).update(
            _details_text(detail, may_edit=allowed(self.actor, Action.EDIT_PERSON))
        )

    # --- actions ------------------------------------------------------------------------

    def action_back(self) -> None:
        self.dismiss(None)

    def action_toggle_banner(self) -> None:
        banner = self.query_one(PersonBanner)
        banner.expanded = not banner.expanded

    def action_open_case(self) -> None:
        if self.detail is None:
            return
        if self.detail.open_case_id is None:
            if not self.detail.counts.get("cases"):
                self.notify(
                    f"{self.detail.banner.name} has no cases. A new case starts at the front "
                    "door (N New contact on the dashboard)."
                )
                return
            self.notify(f"{self.detail.banner.name} has no open case: here are their cases.")
            self.action_open_menu("cases")
            return
        self.app.open_case(self.detail.open_case_id)  # type: ignore[attr-defined]

    def action_open_menu(self, name: str) -> None:
        from caretui.screens.person_activities import PersonActivitiesScreen
        from caretui.screens.person_alerts import AlertsScreen
        from caretui.screens.person_attachments import AttachmentsScreen
        from caretui.screens.person_cases import PersonCasesScreen
        from caretui.screens.person_consent import ConsentScreen
        from caretui.screens.person_key_safe import KeySafeScreen
        from caretui.screens.person_relationships import RelationshipsScreen
        from caretui.screens.person_section117 import Section117Screen
        from caretui.screens.person_services import ServicesScreen

        if self.detail is None:
            return
        screens: dict[str, Any] = {
            "alerts": AlertsScreen,
            "key_safe": KeySafeScreen,
            "relationships": RelationshipsScreen,
            "attachments": AttachmentsScreen,
            "section117": Section117Screen,
            "services": ServicesScreen,
            "activities": PersonActivitiesScreen,
            "consent": ConsentScreen,
            "cases": PersonCasesScreen,
        }
        screen = screens[name](self.store, self.actor, self.person_id, self.detail.banner.name)
        self.app.push_screen(screen, lambda _r: self.load())

    def action_menu(self) -> None:
        from caretui.widgets.choose_one import ChooseOne

        def chosen(name: str | None) -> None:
            if name:
                self.action_open_menu(name)

        self.app.push_screen(
            ChooseOne(
                "Person record menu",
                [(f"{key}  {label}", name) for key, name, label, _count in MENU],
            ),
            chosen,
        )

    def action_related_person(self) -> None:
        if self.detail is None:
            return
        related = [r for r in self.detail.banner.related if r.person_id is not None]
        if not related:
            self.notify("No related people are on record. Press r to see contacts.")
            return
        from caretui.widgets.choose_one import ChooseOne

        def chosen(person_id: int | None) -> None:
            if person_id is not None:
                self.app.open_person(person_id)  # type: ignore[attr-defined]

        self.app.push_screen(
            ChooseOne(
                "Jump to a related person's record",
                [(f"{r.relationship}: {r.name}", r.person_id) for r in related],
            ),
            chosen,
        )

    @property
    def draft_key(self) -> str:
        return f"person:{self.person_id}:details"

    role_needs = {"lock_down": Action.RESTRICT_PERSON, "edit": Action.EDIT_PERSON}

    def action_lock_down(self) -> None:
        """S3: a system admin names who may still open this record."""
        if self.detail is None:
            return
        from caretui.screens.lockdown import LockDownScreen

        def done(locked: bool | None) -> None:
            if locked:
                self.notify("Record locked down: only the people you named can open it.")
                self.load()

        self.app.push_screen(
            LockDownScreen(self.store, self.actor, self.person_id, self.detail.banner.name), done
        )

    def action_edit(self) -> None:
        self._edit()

    def _edit(
        self,
        errors: dict[str, str] | None = None,
        typed: dict | None = None,
        *,
        settled: dict[str, str] | None = None,
    ) -> None:
        """The details dialog; what is typed is kept as a draft (and comes back) under
        ``draft_key``; ``typed`` and ``errors`` reopen it after the store refused it;
        ``settled`` holds what the practitioner kept from a conflict, saved at once."""
        if self.detail is None:
            return
        if not allowed(self.actor, Action.EDIT_PERSON):
            self.notify(
                "Your role cannot edit person details. Ask a practitioner, manager or "
                "admin / CSO on the team.",
                severity="warning",
            )
            return
        detail = self.detail
        saved = {f.key: str(f.value) for f in person_fields(detail, {})}
        dialog = PersonDialog(
            f"Edit details: {detail.banner.name}",
            person_fields(detail, typed or {}),
            help_text="ctrl+s save · escape cancel · dates like 12/03/1948",
            errors=errors or {},
            draft_key=self.draft_key,
            keep_draft_on_save=True,
            check=person_problems,
            saved=saved,
            versioned=True,
            what="person record",
            typed=settled,
            save_at_once=settled is not None,
        )

        def save(values: dict[str, Any] | None) -> None:
            if values is not None:
                typing = (dialog.baseline_typing, dialog.saved_typing)
                self._save_details(values, detail.version, typing)

        self.app.push_screen(dialog, save)

    def action_reload(self) -> None:
        """ctrl+r: read the record again (someone else may have changed it)."""
        self.load()
        self.notify("Reloaded: this is the record as saved now.", timeout=4)

    @work(thread=True, exit_on_error=False, group="person-save")
    def _save_details(
        self, values: dict[str, Any], version: int, typing: tuple[dict, dict]
    ) -> None:
        from caretui.widgets.draft_keeper import forget

        try:
            update_person(
                self.store, self.actor, self.person_id, expected_version=version, **values
            )
        except FormInvalid as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="warning")
            self.app.call_from_thread(self._edit, exc.problems, values)
            return
        except StaleRecord as exc:
            # Someone saved first: read theirs, then compare it with what was typed.
            try:
                detail = fetch_person(self.store, self.actor, self.person_id)
            except PracticeError as again:
                self.app.call_from_thread(self.notify, str(again), severity="error")
                return
            self.app.call_from_thread(self._settle, exc, detail, *typing)
            return
        except PracticeError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", timeout=12)
            self.load()
            return
        forget(self.store, self.actor, self.draft_key)
        self.app.call_from_thread(self.notify, "Person details saved.")
        self.load()

    def _settle(
        self,
        error: StaleRecord,
        detail: people.PersonDetail,
        base: dict[str, str],
        yours: dict[str, str],
    ) -> None:
        from caretui.widgets.conflicts import NOT_SAVED, settle_stale_dialog

        self._show(detail)

        def settled(kept: dict[str, Any] | None) -> None:
            if kept is None:
                self.notify(NOT_SAVED, severity="warning", timeout=10)
            else:
                self._edit(settled=kept)

        fields = person_fields(detail, {})
        settle_stale_dialog(self, error, fields, base=base, yours=yours, then=settled)


def person_problems(values: dict[str, Any]) -> dict[str, str]:
    """Every problem with the typed details at once, by field (a date that could not be
    read has its own message already)."""
    readable = {
        key: value
        for key, value in values.items()
        if not (key in ("date_of_birth", "date_of_death") and isinstance(value, str))
    }
    try:
        clean_person_fields(readable)
    except FormInvalid as exc:
        return dict(exc.problems)
    return {}


class PersonDialog(RecordDialog):
    """The details dialog: shows the store's objections beside the fields."""

    def __init__(self, *args: Any, errors: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.errors = errors

    def on_mount(self) -> None:
        # RecordDialog's own on_mount runs too (Textual calls each class's handler), after
        # this one: the errors go on once the fields are filled and focused.
        if self.errors:
            self.call_after_refresh(self._mark_errors)

    def _mark_errors(self) -> None:
        self.show_errors(self.errors)
        # The cursor goes to what needs fixing, not back to the first field.
        first = next((f.key for f in self.fields if f.key in self.errors), None)
        if first is not None:
            self.query_one(f"#f-{first}").focus()


def person_fields(detail: people.PersonDetail, typed: dict[str, Any]) -> list[DialogField]:
    def value(key: str) -> Any:
        raw = typed.get(key, getattr(detail, key))
        if hasattr(raw, "strftime"):
            return f"{raw:%d/%m/%Y}"
        if key == "nhs_number" and raw:
            return format_nhs_number(raw)
        return raw or ""

    def f(key: str, label: str, kind: str = "text", required: bool = False) -> DialogField:
        return DialogField(key, label, kind, required, value=value(key))

    return [
        f("title", "Title"),
        f("first_name", "First name", required=True),
        f("last_name", "Last name", required=True),
        f("preferred_name", "Preferred name"),
        f("date_of_birth", "Date of birth", "date"),
        f("date_of_death", "Date of death", "date"),
        f("nhs_number", "NHS number"),
        f("address_line1", "Address"),
        f("address_line2", "Address line 2"),
        f("town", "Town"),
        f("postcode", "Postcode"),
        f("phone", "Phone"),
        f("email", "Email"),
    ]


def _details_text(d: people.PersonDetail, *, may_edit: bool) -> Text:
    text = Text()

    def line(label: str, value: Any) -> None:
        text.append(f"{label:<20}", style="bold")
        text.append(f"{value}\n")

    name = " ".join(x for x in (d.title, d.first_name, d.last_name) if x)
    line("Name", name + (f' ("{d.preferred_name}")' if d.preferred_name else ""))
    born = f"{d.date_of_birth:%d %B %Y}" if d.date_of_birth else "not recorded"
    line("Date of birth", born + (" (estimated)" if d.date_of_birth_estimated else ""))
    if d.date_of_death:
        line("Date of death", f"{d.date_of_death:%d %B %Y}")
    line("NHS number", format_nhs_number(d.nhs_number) if d.nhs_number else "not recorded")
    line("Phone", d.phone or "not recorded")
    if d.email:
        line("Email", d.email)
    if d.gender:
        line("Gender", d.gender)
    if d.primary_service_user_group:
        line("Service user group", d.primary_service_user_group)
    if d.employment_status:
        line("Employment", d.employment_status)
    for label, value in (
        ("Ethnicity", d.ethnicity),
        ("Support reason", d.primary_support_reason),
        ("Accommodation", d.accommodation_status),
        ("Unpaid carer", d.has_unpaid_carer),
        ("Main language", d.main_language),
    ):
        if value:
            line(label, value)
    if d.interpreter_needed:
        line("Interpreter", "needed")
    if d.communication_needs:
        line("Communication", d.communication_needs)
    if d.open_case_id:
        who = d.banner.responsible_user or "unallocated"
        line("Open case", f"{d.open_case_id}: {who}, {d.banner.responsible_team} (c opens it)")
    elif d.counts.get("cases"):
        closed = d.counts["cases"]
        line("Open case", f"none ({closed} closed: c or o lists them)")
    else:
        line("Open case", "none")
    text.append("\n")
    for key, _name, label, count_key in MENU:
        count = f" ({d.counts[count_key]})" if count_key else ""
        text.append(f" {key} ", style="bold reverse")
        text.append(f" {label}{count}   ")
        if key in ("k", "s"):
            text.append("\n")
    text.append("\n")
    if may_edit:  # a view-only account is not offered a key it may never use (S1)
        text.append(" e ", style="bold reverse")
        text.append(" Edit details   ")
    text.append(" p ", style="bold reverse")
    text.append(" Related person   ")
    text.append(" b ", style="bold reverse")
    text.append(" More of the banner")
    if d.updated_by:
        text.append(
            f"\n\nDetails last changed by {d.updated_by} on {d.updated_at:%d %b %Y}.", style="dim"
        )
    return text
