"""A person's relationships and contacts (guide P4): carers, family, professionals.

``enter`` opens a related person on record (or a contact's details), ``n`` adds one and
``e`` corrects it or ends the relationship. ``r`` on the person record opens the list; ``p``
on a case opens the same list for the case's person (:class:`CaseRelationshipsScreen`),
where ``enter`` on a related person opens their case.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual import work
from textual.binding import Binding

from caretui.rules import clock
from caretui.rules.permissions import Action
from caretui.screens.person_items import PersonItemsScreen, day, detail_lines
from caretui.store.ops.relationships import add_relationship, update_relationship
from caretui.store.queries import relationships, search
from caretui.widgets.record_dialog import DialogField, RecordDialog
from caretui.widgets.record_table import Col

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


class RelationshipsScreen(PersonItemsScreen):
    heading = "Relationships"
    writes = {"new": Action.ADD_RELATIONSHIP, "edit": Action.ADD_RELATIONSHIP}
    columns = (
        Col("Relationship", "text", min_width=12, max_width=30),
        Col("Name", "name"),
        Col("Phone", priority=1),
        Col("On record?", "status"),
    )
    empty = "No relationships or contacts recorded. Press n to add a contact."
    hint = (
        "enter open the person (or the contact's details) · n add contact · "
        "e edit or end · escape back"
    )
    BINDINGS = [Binding("e", "edit", "Edit or end", id="relationships.edit")]

    def fetch(self) -> list[Any]:
        return relationships.relationships(self.store, self.actor, self.person_id)

    def cells(self, row: relationships.RelationshipRow) -> Sequence[Any]:
        ended = f" (ended {day(row.end_date)})" if row.end_date else ""
        name = Text(row.name, style="bold") if row.restricted else row.name
        on_record = f"P{row.related_person_id}" if row.related_person_id else "contact"
        return (row.relationship_type + ended, name, row.phone, on_record)

    def open(self, row: relationships.RelationshipRow) -> None:
        if row.related_person_id is not None:
            self.app.open_person(row.related_person_id)  # type: ignore[attr-defined]
            return
        self.show_detail(
            f"{row.relationship_type}: {row.name}",
            detail_lines(
                ("Organisation", row.organisation),
                ("Phone", row.phone or "not recorded"),
                ("Email", row.email),
                ("Address", row.address),
                ("Since", day(row.start_date)),
                ("Ended", day(row.end_date)),
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
            DialogField("start_date", "Since", "date", value=day(row.start_date)),
            DialogField("end_date", "Ended", "date", value=day(row.end_date)),
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
                f"{row.name}: relationship ended {day(values['end_date'])}."
                if values["end_date"] and not row.end_date
                else f"{row.name}: relationship updated."
            ),
            help_text=on_record,
            draft_key=f"relationship:{row.id}:edit",
            row=row,
            again=self.action_edit,
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


class CaseRelationshipsScreen(RelationshipsScreen):
    """``p`` on a case: the case's person's relationships and contacts, the same list as
    on their person record; ``enter`` on a related person opens their current case (their
    person record when they have none), on a contact its details."""

    hint = (
        "enter open the person's case (or the contact's details) · n add contact · "
        "e edit or end · escape back"
    )

    def open(self, row: relationships.RelationshipRow) -> None:
        if row.related_person_id is None or row.restricted:
            super().open(row)  # a contact's details; a restricted record says why not
            return
        self._open_case_of(row.related_person_id)

    @work(thread=True, exit_on_error=False, group="relationship-case")
    def _open_case_of(self, person_id: int) -> None:
        hits = search.find_people_and_cases(self.store, self.actor, f"P{person_id}", 1)
        if hits and hits[0].case_id:
            self.app.call_from_thread(self.app.open_case, hits[0].case_id)  # type: ignore[attr-defined]
        else:  # no current case: their person record says so
            self.app.call_from_thread(self.app.open_person, person_id)  # type: ignore[attr-defined]
