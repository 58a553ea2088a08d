"""The person record's menus (guide p.29-37): alerts and hazards, key safe, relationships,
attachments, Section 117, services and all activities.

Each list loads in a thread worker and reloads after a change; ``enter`` shows the
highlighted item, ``n`` adds one where the role may, and a key per list acts on the
highlighted row. Writes go through ``store.ops``, so a refusal arrives as the op's own
message (who can do it instead), never as a traceback.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from caretui.rules import clock
from caretui.rules.errors import PracticeError
from caretui.rules.permissions import Action, Actor, allowed
from caretui.rules.vocab import ActivityStatus, ActivityType
from caretui.screens.items import ItemsScreen
from caretui.store.db import Store
from caretui.store.ops.alerts import add_alert, end_alert, reveal_key_safe, save_key_safe
from caretui.store.ops.attachments import add_attachment, export_attachment
from caretui.store.ops.relationships import add_relationship, update_relationship
from caretui.store.ops.section117 import (
    create_section117,
    set_section117_organisation,
    update_section117,
)
from caretui.store.ops.services import add_service_provision
from caretui.store.queries import (
    activities,
    alerts,
    attachments,
    relationships,
    section117,
    services,
    worklists,
)
from caretui.widgets.keybar import KeyBar
from caretui.widgets.notice import Notice
from caretui.widgets.record_dialog import DialogField, RecordDialog
from caretui.widgets.record_table import clip
from caretui.widgets.worker_errors import ReportsWorkerErrors

ALERT_CATEGORIES = (
    "Dog in the property",
    "Aggressive or violent behaviour",
    "Lone working risk",
    "Infection control",
    "Smoker in the property",
    "Hoarding or trip hazards",
    "Lives alone",
    "DNACPR in place",
    "Lasting Power of Attorney in place",
    "Safeguarding concern",
    "Other",
)
RELATIONSHIP_TYPES = (
    "Carer",
    "Cared for",
    "Husband",
    "Wife",
    "Partner",
    "Daughter",
    "Son",
    "Sister",
    "Brother",
    "Friend",
    "Neighbour",
    "GP",
    "Advocate",
    "Lasting Power of Attorney",
    "Other",
)
S117_STATUSES = ("Entitled", "Under review", "Ended")
S117_SECTIONS = ("3", "37", "45A", "47", "48")  # Mental Health Act sections giving s.117
SERVICE_STATUSES = ("Active", "Suspended", "Ended")


def _d(value: date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


def _today() -> str:
    return f"{clock.today():%d/%m/%Y}"


def _lines(*pairs: tuple[str, Any]) -> Text:
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
        self.app.push_screen(Notice(title, body))


# --- P2 alerts and hazards -----------------------------------------------------------------


class AlertsScreen(PersonItemsScreen):
    heading = "Alerts and hazards"
    writes = {"new": Action.ADD_ALERT, "end": Action.ADD_ALERT}
    columns = ("Type", "About", "Started", "Status")
    empty = "No alerts or hazards. Press n to add one (e.g. a dog in the property)."
    hint = "enter details · n add · e end the highlighted one · escape back"
    BINDINGS = [Binding("e", "end", "End alert", id="alerts.end")]

    def fetch(self) -> list[Any]:
        return alerts.person_alerts(self.store, self.actor, self.person_id)

    def cells(self, row: alerts.AlertRow) -> Sequence[Any]:
        kind = Text(row.kind_label.upper(), style="bold red") if row.kind == "hazard" else "Alert"
        status: Any = Text("Current", style="bold") if row.current else f"Ended {_d(row.end_date)}"
        if row.current and row.end_date:
            status = Text(f"Current to {_d(row.end_date)}", style="bold")
        return (kind, clip(row.category, 36), _d(row.start_date), status)

    def open(self, row: alerts.AlertRow) -> None:
        self.show_detail(
            f"{row.kind_label}: {row.category}",
            _lines(
                ("Details", row.description or "none recorded"),
                ("Started", _d(row.start_date)),
                ("Ended", _d(row.end_date) or "current"),
                ("Recorded by", f"{row.recorded_by} on {row.recorded_at:%d %b %Y %H:%M}"),
            ),
        )

    def action_new(self) -> None:
        if not self.may(Action.ADD_ALERT, "Ask the person's worker to add it."):
            return
        fields = [
            DialogField(
                "kind",
                "Type",
                "choice",
                True,
                (("Hazard (visiting risk)", "hazard"), ("Alert", "alert")),
                value="hazard",
            ),
            DialogField(
                "category", "About", "choice", True, tuple((c, c) for c in ALERT_CATEGORIES)
            ),
            DialogField("start", "Start date", "date", True, value=_today()),
            DialogField("description", "Details", "textarea"),
        ]

        self.ask(
            f"Add an alert or hazard: {self.person}",
            fields,
            lambda values: add_alert(
                self.store,
                self.actor,
                person_id=self.person_id,
                kind=values["kind"],
                category=values["category"],
                description=values["description"],
                start_date=values["start"],
            ),
            lambda values: f"{values['category']} added: it shows on the banner's bell.",
            draft_key=f"person:{self.person_id}:alert:new",
        )

    def action_end(self) -> None:
        row = self.current
        if row is None:
            return
        if row.end_date is not None:
            self.notify(f"This {row.kind} already ended on {_d(row.end_date)}.")
            return
        if not self.may(Action.ADD_ALERT, "Ask the person's worker to end it."):
            return

        self.ask(
            f"End {row.kind}: {row.category}",
            [DialogField("end", "End date", "date", True, value=_today())],
            lambda values: end_alert(
                self.store,
                self.actor,
                row.id,
                end_date=values["end"],
                expected_version=row.version,
            ),
            lambda values: f"{row.category} ends {_d(values['end'])}.",
        )


# --- P3 key safe ----------------------------------------------------------------------------


class KeySafeScreen(ReportsWorkerErrors, Screen[None]):
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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """View-only accounts see no reveal or edit key (the store refuses them anyway)."""
        if action == "reveal":
            return allowed(self.actor, Action.REVEAL_KEY_SAFE)
        if action == "edit":
            return allowed(self.actor, Action.EDIT_KEY_SAFE)
        return True

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
            "v reveal the code (recorded in the audit trail) · e edit · escape back",
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

    def _show(self, info: alerts.KeySafeInfo) -> None:
        self.info = info
        body = self.query_one("#key-safe-body", Static)
        if not info.exists:
            body.update(
                "No access information or key safe is recorded for this person.\n"
                "Press e to record how to get in (and the key safe code, if there is one)."
            )
            return
        text = Text()
        text.append("Access information\n", style="bold")
        text.append((info.access_information or "none recorded") + "\n\n")
        text.append("Key safe code  ", style="bold")
        if not info.has_code:
            text.append("none recorded")
        elif self.code is None:
            text.append("•••• (hidden: press v to reveal)")
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
        if not allowed(self.actor, Action.EDIT_KEY_SAFE):
            self.notify(
                f"Your role cannot {Action.EDIT_KEY_SAFE.value}. Ask the person's worker.",
                severity="warning",
            )
            return
        info = self.info
        fields = [
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

        def save(values: dict[str, Any] | None) -> None:
            if values is None:
                return
            self._save(values["access_information"], values["code"] or None)

        self.app.push_screen(RecordDialog(f"Key safe: {self.person}", fields), save)

    @work(thread=True, exit_on_error=False, group="key-safe-save")
    def _save(self, access: str, code: str | None) -> None:
        try:
            save_key_safe(
                self.store,
                self.actor,
                self.person_id,
                access_information=access,
                code=code,
                expected_version=self.info.version if self.info else None,
            )
        except PracticeError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", timeout=12)
            return
        self.code = None
        self.app.call_from_thread(self.notify, "Key safe details saved.")
        self.load()


# --- P4 relationships -------------------------------------------------------------------------


class RelationshipsScreen(PersonItemsScreen):
    heading = "Relationships"
    writes = {"new": Action.ADD_RELATIONSHIP, "edit": Action.ADD_RELATIONSHIP}
    columns = ("Relationship", "Name", "Phone", "On record?")
    empty = "No relationships or contacts recorded. Press n to add a contact."
    hint = (
        "enter open the person (or the contact's details) · n add contact · "
        "e edit or end · escape back"
    )
    BINDINGS = [Binding("e", "edit", "Edit or end", id="relationships.edit")]

    def fetch(self) -> list[Any]:
        return relationships.relationships(self.store, self.actor, self.person_id)

    def cells(self, row: relationships.RelationshipRow) -> Sequence[Any]:
        ended = f" (ended {_d(row.end_date)})" if row.end_date else ""
        name = Text(row.name, style="bold") if row.restricted else clip(row.name, 24)
        on_record = f"P{row.related_person_id}" if row.related_person_id else "contact"
        return (clip(row.relationship_type + ended, 20), name, row.phone, on_record)

    def open(self, row: relationships.RelationshipRow) -> None:
        if row.related_person_id is not None:
            self.app.open_person(row.related_person_id)  # type: ignore[attr-defined]
            return
        self.show_detail(
            f"{row.relationship_type}: {row.name}",
            _lines(
                ("Organisation", row.organisation),
                ("Phone", row.phone or "not recorded"),
                ("Email", row.email),
                ("Address", row.address),
                ("Since", _d(row.start_date)),
                ("Ended", _d(row.end_date)),
            ),
        )

    def action_edit(self) -> None:
        """Correct a contact's details, or the relationship itself (e.g. an end date when
        someone stops being the carer). A person on record keeps their own details."""
        row = self.current
        if row is None:
            return
        if row.restricted:
            self.notify("This relationship is to a restricted record.", severity="warning")
            return
        if not self.may(Action.ADD_RELATIONSHIP, "Ask the person's worker to change it."):
            return
        types = RELATIONSHIP_TYPES
        if row.relationship_type not in types:
            types = (row.relationship_type, *types)
        fields = [
            DialogField(
                "relationship_type",
                "Relationship",
                "choice",
                True,
                tuple((r, r) for r in types),
                value=row.relationship_type,
            ),
        ]
        if row.related_person_id is None:
            fields += [
                DialogField("contact_name", "Contact's name", required=True, value=row.name),
                DialogField("organisation", "Organisation", value=row.organisation),
                DialogField("phone", "Phone", value=row.phone),
                DialogField("email", "Email", value=row.email),
                DialogField("address", "Address", value=row.address),
            ]
        fields += [
            DialogField("start_date", "Since", "date", value=_d(row.start_date)),
            DialogField("end_date", "Ended", "date", value=_d(row.end_date)),
        ]
        on_record = (
            f"{row.name} (P{row.related_person_id}) is on record: their phone and address "
            "are changed on their own person record."
            if row.related_person_id
            else ""
        )
        self.ask(
            f"Edit relationship: {row.relationship_type}, {row.name}",
            fields,
            lambda values: update_relationship(
                self.store, self.actor, row.id, expected_version=row.version, **values
            ),
            lambda values: (
                f"{row.name}: relationship ended {_d(values['end_date'])}."
                if values["end_date"] and not row.end_date
                else f"{row.name}: relationship updated."
            ),
            help_text=on_record,
            draft_key=f"relationship:{row.id}:edit",
        )

    def action_new(self) -> None:
        if not self.may(Action.ADD_RELATIONSHIP, "Ask the person's worker to add it."):
            return
        fields = [
            DialogField(
                "type", "Relationship", "choice", True, tuple((r, r) for r in RELATIONSHIP_TYPES)
            ),
            DialogField("person", "Person on record", help="their ID (e.g. P123), or leave blank"),
            DialogField("name", "Contact's name", help="for someone not on record"),
            DialogField("organisation", "Organisation"),
            DialogField("phone", "Phone"),
            DialogField("email", "Email"),
            DialogField("address", "Address"),
        ]

        def save(values: dict[str, Any] | None) -> None:
            if values is None:
                return
            raw = values["person"].strip().lstrip("#").upper().removeprefix("P")
            if raw and not raw.isdigit():
                self.notify(
                    f"'{values['person']}' is not a person ID: type it like P123.",
                    severity="warning",
                )
                return
            self.run_op(
                lambda: add_relationship(
                    self.store,
                    self.actor,
                    person_id=self.person_id,
                    relationship_type=values["type"],
                    related_person_id=int(raw) if raw else None,
                    contact_name=values["name"],
                    organisation=values["organisation"],
                    phone=values["phone"],
                    email=values["email"],
                    address=values["address"],
                    start_date=clock.today(),
                ),
                "Relationship added.",
            )

        self.app.push_screen(
            RecordDialog(
                f"Add a relationship: {self.person}",
                fields,
                draft_key=f"person:{self.person_id}:relationship:new",
            ),
            save,
        )


# --- P5 attachments ---------------------------------------------------------------------------


class AttachmentsScreen(PersonItemsScreen):
    heading = "Attachments"
    writes = {"new": Action.ADD_ATTACHMENT}
    columns = ("Title", "File", "Size", "Added")
    empty = "No attachments. Admin / CSO add them with n."
    hint = "enter or x save a copy to a folder · n add a file (admin / CSO) · escape back"
    BINDINGS = [Binding("x", "export", "Save a copy", id="attachments.export")]

    def fetch(self) -> list[Any]:
        return attachments.attachments(self.store, self.actor, self.person_id)

    def cells(self, row: attachments.AttachmentRow) -> Sequence[Any]:
        return (clip(row.title, 26), clip(row.filename, 22), row.size, f"{row.added_at:%d/%m/%Y}")

    def open(self, row: attachments.AttachmentRow) -> None:
        self.action_export()

    def action_export(self) -> None:
        row = self.current
        if row is None:
            self.notify("There is no attachment to save.")
            return

        self.ask(
            f"Save a copy: {row.filename} ({row.size})",
            [DialogField("folder", "Folder", required=True, value=str(Path.cwd()))],
            lambda values: export_attachment(self.store, self.actor, row.id, values["folder"]),
            lambda path: f"Saved a copy as {path}",
            help_text=f"Added by {row.added_by} on {row.added_at:%d %b %Y}. The copy "
            "is saved in the folder you give; nothing there is overwritten.",
        )

    def action_new(self) -> None:
        if not self.may(Action.ADD_ATTACHMENT, "Attachments are added by admin / CSO."):
            return
        fields = [
            DialogField("path", "File", required=True, help="the file's path, e.g. ~/letter.pdf"),
            DialogField("title", "Title", help="what it is; the file name if left blank"),
        ]

        self.ask(
            f"Add an attachment: {self.person}",
            fields,
            lambda values: add_attachment(
                self.store,
                self.actor,
                person_id=self.person_id,
                title=values["title"],
                path=values["path"],
            ),
            "Attachment added.",
        )


# --- P6 Section 117 -----------------------------------------------------------------------------


class Section117Screen(PersonItemsScreen):
    heading = "Section 117 entitlements"
    writes = {
        "new": Action.ADD_SECTION117,
        "edit": Action.ADD_SECTION117,
        "organisation": Action.SET_S117_ORGANISATION,
    }
    columns = ("Section", "Start", "End", "Status", "Organisation responsible")
    empty = "No Section 117 entitlements. Press n to record one."
    hint = "enter view · n new · e review · o organisation responsible (admin / CSO) · escape back"
    BINDINGS = [
        Binding("e", "edit", "Review", id="section117.edit"),
        Binding("o", "organisation", "Organisation", id="section117.organisation"),
    ]

    def fetch(self) -> list[Any]:
        return section117.section117_entitlements(self.store, self.actor, self.person_id)

    def cells(self, row: section117.Section117Row) -> Sequence[Any]:
        return (
            f"s.{row.detention_section}",
            _d(row.start_date),
            _d(row.end_date),
            row.status,
            clip(row.organisation_responsible or "not yet set", 26),
        )

    def open(self, row: section117.Section117Row) -> None:
        self.show_detail(
            f"Section 117 (detained under s.{row.detention_section})",
            _lines(
                ("Start", _d(row.start_date)),
                ("End", _d(row.end_date) or "ongoing"),
                ("Status", row.status),
                ("Organisation", row.organisation_responsible or "not yet set (admin / CSO)"),
                ("Aftercare", row.aftercare_summary or "none recorded"),
                ("Recorded by", f"{row.recorded_by} on {row.recorded_at:%d %b %Y}"),
            ),
        )

    @staticmethod
    def _fields(row: section117.Section117Row | None = None) -> list[DialogField]:
        """The entitlement's fields, empty for a new one or as ``row`` has them."""
        return [
            DialogField(
                "section",
                "Detained under",
                "choice",
                True,
                tuple((f"Section {s}", s) for s in S117_SECTIONS),
                value=row.detention_section if row else "3",
            ),
            DialogField(
                "start", "Start date", "date", True, value=_d(row.start_date) if row else _today()
            ),
            DialogField("end", "End date", "date", value=_d(row.end_date) if row else None),
            DialogField(
                "status",
                "Status",
                "choice",
                True,
                tuple((s, s) for s in S117_STATUSES),
                value=row.status if row else "Entitled",
            ),
            DialogField(
                "summary", "Aftercare", "textarea", value=row.aftercare_summary if row else None
            ),
        ]

    def action_edit(self) -> None:
        """Review the entitlement: its status, end date and the aftercare provided."""
        row = self.current
        if row is None:
            return
        if not self.may(Action.ADD_SECTION117, "Ask the person's worker."):
            return
        self.ask(
            f"Review Section 117 (s.{row.detention_section}): {self.person}",
            self._fields(row),
            lambda values: update_section117(
                self.store,
                self.actor,
                row.id,
                expected_version=row.version,
                detention_section=values["section"],
                start_date=values["start"],
                end_date=values["end"],
                status=values["status"],
                aftercare_summary=values["summary"],
            ),
            "Section 117 entitlement updated.",
            draft_key=f"section117:{row.id}:review",
        )

    def action_new(self) -> None:
        if not self.may(Action.ADD_SECTION117, "Ask the person's worker."):
            return
        fields = self._fields()
        sets_org = allowed(self.actor, Action.SET_S117_ORGANISATION)
        if sets_org:
            fields.append(DialogField("organisation", "Organisation responsible"))
        help_text = (
            "" if sets_org else "Organisation responsible is left for admin / CSO to fill in."
        )

        self.ask(
            f"New Section 117 entitlement: {self.person}",
            fields,
            lambda values: create_section117(
                self.store,
                self.actor,
                person_id=self.person_id,
                detention_section=values["section"],
                start_date=values["start"],
                end_date=values["end"],
                status=values["status"],
                aftercare_summary=values["summary"],
                organisation_responsible=values.get("organisation", ""),
            ),
            "Section 117 entitlement recorded.",
            draft_key=f"person:{self.person_id}:section117:new",
            help_text=help_text,
        )

    def action_organisation(self) -> None:
        row = self.current
        if row is None:
            return
        if not self.may(Action.SET_S117_ORGANISATION, "Admin / CSO fill this in."):
            return

        self.ask(
            "Organisation responsible for Section 117 aftercare",
            [
                DialogField(
                    "organisation",
                    "Organisation",
                    required=True,
                    value=row.organisation_responsible,
                )
            ],
            lambda values: set_section117_organisation(
                self.store,
                self.actor,
                row.id,
                values["organisation"],
                expected_version=row.version,
            ),
            "Organisation responsible saved.",
        )


# --- P7 services --------------------------------------------------------------------------------


class ServicesScreen(PersonItemsScreen):
    heading = "Service provisions"
    writes = {"new": Action.ADD_SERVICE_PROVISION}
    columns = ("Service", "Provider", "Start", "End", "Status")
    empty = "No services recorded. Admin / CSO add them with n."
    hint = "enter view · n add (admin / CSO) · escape back"

    def fetch(self) -> list[Any]:
        return services.service_provisions(self.store, self.actor, self.person_id)

    def cells(self, row: services.ServiceRow) -> Sequence[Any]:
        return (
            clip(row.service_type, 22),
            clip(row.provider, 20),
            _d(row.start_date),
            _d(row.end_date),
            row.status,
        )

    def open(self, row: services.ServiceRow) -> None:
        self.show_detail(
            f"{row.service_type}" + (f" — {row.provider}" if row.provider else ""),
            _lines(
                ("Start", _d(row.start_date)),
                ("End", _d(row.end_date) or "ongoing"),
                ("Status", row.status),
                ("Units a week", f"{row.units_per_week:g}" if row.units_per_week else ""),
                ("Weekly cost", f"£{row.weekly_cost:,.2f}" if row.weekly_cost else ""),
                ("Notes", row.notes),
                ("Recorded by", row.recorded_by),
            ),
        )

    def action_new(self) -> None:
        if not self.may(
            Action.ADD_SERVICE_PROVISION, "Service provisions are kept by admin / CSO."
        ):
            return
        fields = [
            DialogField("service", "Service", required=True, help="e.g. Home care"),
            DialogField("provider", "Provider"),
            DialogField("start", "Start date", "date", True, value=_today()),
            DialogField("end", "End date", "date"),
            DialogField("units", "Units a week"),
            DialogField("cost", "Weekly cost (£)"),
            DialogField(
                "status",
                "Status",
                "choice",
                True,
                tuple((s, s) for s in SERVICE_STATUSES),
                value="Active",
            ),
            DialogField("notes", "Notes", "textarea"),
        ]

        def save(values: dict[str, Any] | None) -> None:
            if values is None:
                return
            from caretui.rules.validation import ValidationError, parse_money, parse_number

            try:
                units = float(parse_number(values["units"])) if values["units"] else None
                cost = float(parse_money(values["cost"])) if values["cost"] else None
            except ValidationError as exc:
                self.notify(str(exc), severity="warning")
                return
            self.run_op(
                lambda: add_service_provision(
                    self.store,
                    self.actor,
                    person_id=self.person_id,
                    service_type=values["service"],
                    provider=values["provider"],
                    start_date=values["start"],
                    end_date=values["end"],
                    units_per_week=units,
                    weekly_cost=cost,
                    status=values["status"],
                    notes=values["notes"],
                ),
                "Service provision added.",
            )

        self.app.push_screen(
            RecordDialog(
                f"Add a service: {self.person}",
                fields,
                draft_key=f"person:{self.person_id}:service:new",
            ),
            save,
        )


# --- P8 all activities ----------------------------------------------------------------------------


class PersonActivitiesScreen(PersonItemsScreen):
    """Every activity on every case of the person, read only (guide p.37)."""

    heading = "All activities"
    columns = ("Date", "Type", "Subject", "Case", "Status")
    hint = "enter read · f filter · x clear filters · escape back"
    BINDINGS = [
        Binding("f", "filter", "Filter", id="person_activities.filter"),
        Binding("x", "clear_filters", "Clear filters", id="person_activities.clear"),
        Binding("n", "new", "New", show=False, id="person_activities.new"),
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters: dict[str, Any] = {}

    def fetch(self) -> list[Any]:
        f = self.filters
        return activities.person_activities(
            self.store,
            self.actor,
            self.person_id,
            types=frozenset({f["type"]}) if f.get("type") else None,
            status=f.get("status"),
            date_from=f.get("from"),
            date_to=f.get("to"),
        )

    def empty_text(self) -> str:
        if self.filters:
            return "No activities match these filters. Press x to clear them."
        return "No activities are recorded on this person's cases."

    def _show(self, rows: list[Any]) -> None:
        super()._show(rows)
        title = f"{self.heading} — {self.person} (P{self.person_id}): {len(rows)}"
        if self.filters:
            title += f", filtered by {self._filter_words()}"
        self.query_one("#items-title", Static).update(title)

    def _filter_words(self) -> str:
        f = self.filters
        words = []
        if f.get("type"):
            words.append(f["type"].label)
        if f.get("status"):
            words.append(f["status"].label)
        if f.get("from") or f.get("to"):
            words.append(f"{_d(f.get('from')) or 'start'} to {_d(f.get('to')) or 'today'}")
        return ", ".join(words)

    def cells(self, row: worklists.ActivityRow) -> Sequence[Any]:
        return (
            f"{row.occurred_at:%d/%m/%Y}",
            row.type.label,
            clip(row.subject, 30),
            str(row.case_id),
            row.status.label,
        )

    def open(self, row: worklists.ActivityRow) -> None:
        self._read(row.activity_id)

    @work(thread=True, exit_on_error=False, group="person-activity")
    def _read(self, activity_id: int) -> None:
        try:
            a = activities.activity_detail(self.store, self.actor, activity_id)
        except PracticeError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        body = _lines(
            ("Case", a.case_id),
            ("When", f"{a.occurred_at:%d %b %Y %H:%M}"),
            ("Status", a.status.label),
            ("Responsible", a.responsible_user or a.responsible_team),
            ("Contact", a.contact),
            ("Location", a.location),
            ("Outcome", a.outcome),
        )
        body.append("\n" + (a.notes or "No notes.") + "\n\n")
        body.append(a.authorship.line, style="dim")
        body.append(
            "\nRead only here: open the case (c on the person record) to change it.", style="dim"
        )
        self.app.call_from_thread(
            self.app.push_screen, Notice(f"{a.type.label}: {a.subject}", body)
        )

    def action_new(self) -> None:
        self.notify("Activities are recorded on the case record: press escape, then c.")

    def action_filter(self) -> None:
        f = self.filters
        fields = [
            DialogField(
                "type",
                "Type",
                "choice",
                options=tuple((t.label, t) for t in ActivityType),
                value=f.get("type"),
                help="any type",
            ),
            DialogField(
                "status",
                "Status",
                "choice",
                options=tuple((s.label, s) for s in ActivityStatus),
                value=f.get("status"),
                help="any status",
            ),
            DialogField("from", "From", "date", value=_d(f.get("from"))),
            DialogField("to", "To", "date", value=_d(f.get("to"))),
        ]

        def chosen(values: dict[str, Any] | None) -> None:
            if values is None:
                return
            self.filters = {k: v for k, v in values.items() if v not in (None, "")}
            self.load()

        self.app.push_screen(
            RecordDialog("Filter activities", fields, "x clears every filter"), chosen
        )

    def action_clear_filters(self) -> None:
        if not self.filters:
            self.notify("No filters are set: every activity is shown.")
            return
        self.filters = {}
        self.load()
        self.notify("Filters cleared: every activity is shown.")
