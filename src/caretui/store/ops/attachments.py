"""Files attached to a person's record (P5): added and saved out, each audited."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from caretui.rules.permissions import (
    Action,
    Actor,
    require,
)
from caretui.store.db import Store
from caretui.store.errors import (
    DomainError,
)
from caretui.store.models import (
    Attachment,
)
from caretui.store.ops.activities import store_attachment
from caretui.store.ops.people import person_for_write
from caretui.store.ops.writing import get_row, record_audit, transaction

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


def add_attachment(store: Store, actor: Actor, *, person_id: int, title: str, path: Any) -> int:
    """P5: keep a copy of a file on the person record (admin / CSO only)."""

    source = Path(path).expanduser()
    require(actor, Action.ADD_ATTACHMENT)
    if not source.is_file():
        raise DomainError(f"There is no file at {source}. Check the path and try again.")
    size = source.stat().st_size
    if size > MAX_ATTACHMENT_BYTES:
        raise DomainError(
            f"{source.name} is {size / 1024 / 1024:.0f} MB; attachments can be at most 20 MB."
        )
    try:
        content = source.read_bytes()
    except OSError as exc:
        raise DomainError(f"{source.name} could not be read: {exc.strerror}.") from exc
    with transaction(store) as session:
        person_for_write(session, actor, person_id, Action.ADD_ATTACHMENT)
        attachment_id = store_attachment(
            session,
            actor,
            person_id,
            title=title.strip() or source.name,
            file=(source.name, content),
        )
        record_audit(
            session,
            store,
            actor,
            "attachment.create",
            "attachment",
            attachment_id,
            person_id=person_id,
            detail={"filename": source.name, "size": len(content)},
        )
        return attachment_id


def export_attachment(store: Store, actor: Actor, attachment_id: int, folder: Any) -> Any:
    """P5: write a copy of an attachment into ``folder`` (audited); returns the new path.

    An existing file of the same name is never overwritten: the copy gets " (2)" etc.
    """
    from pathlib import Path

    target_folder = Path(folder).expanduser()
    if not target_folder.is_dir():
        raise DomainError(f"There is no folder {target_folder}. Choose a folder that exists.")
    with transaction(store) as session:
        row = get_row(session, Attachment, attachment_id, "attachment")
        person_for_write(session, actor, row.person_id, Action.VIEW_RECORDS)
        name = Path(row.filename).name or f"attachment-{attachment_id}"
        target = target_folder / name
        number = 2
        while target.exists():
            target = target_folder / f"{Path(name).stem} ({number}){Path(name).suffix}"
            number += 1
        try:
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with open(fd, "wb") as out:
                out.write(row.content)
        except OSError as exc:
            raise DomainError(
                f"The copy could not be written to {target_folder}: {exc.strerror}."
            ) from exc
        record_audit(
            session,
            store,
            actor,
            "attachment.export",
            "attachment",
            attachment_id,
            person_id=row.person_id,
            detail={"to": str(target)},
        )
        return target
