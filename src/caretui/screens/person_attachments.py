"""A person's attachments (guide P5): letters and reports kept with the record.

Admin / CSO add a file with ``n``; ``enter`` or ``x`` saves a copy to a folder.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from textual.binding import Binding

from caretui.rules.permissions import Action
from caretui.screens.person_items import PersonItemsScreen
from caretui.store.ops.attachments import add_attachment, export_attachment
from caretui.store.queries import attachments
from caretui.widgets.record_dialog import DialogField
from caretui.widgets.record_table import Col


class AttachmentsScreen(PersonItemsScreen):
    heading = "Attachments"
    writes = {"new": Action.ADD_ATTACHMENT}
    columns = (
        Col("Title", "text", min_width=12),
        Col("File", "text", priority=2, min_width=12),
        Col("Size", priority=3),
        Col("Added"),
        Col("By", "name", priority=1),
    )
    empty = "No attachments. Admin / CSO add them with n."
    hint = "enter or x save a copy to a folder · n add a file (admin / CSO) · escape back"
    BINDINGS = [Binding("x", "export", "Save a copy", id="attachments.export")]

    def fetch(self) -> list[Any]:
        return attachments.attachments(self.store, self.actor, self.person_id)

    def cells(self, row: attachments.AttachmentRow) -> Sequence[Any]:
        return (row.title, row.filename, row.size, f"{row.added_at:%d/%m/%Y}", row.added_by)

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
