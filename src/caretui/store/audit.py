"""The tamper-evident audit trail (S4).

Each entry's hash is SHA-256 over its own content and the previous entry's hash, so
editing or deleting any row breaks the chain from that row on. The newest entry's id
and hash are also kept in ``store_info`` (key ``audit_head``), so removing entries from
the end is caught too. Appends are serialised: SQLite writers already hold the write
lock (``BEGIN IMMEDIATE``); on PostgreSQL an advisory transaction lock is taken before
reading the chain's head, so concurrent writers queue instead of forking the chain.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import text
from sqlmodel import Session, col, select

from caretui.store.models import AuditEntry, StoreInfo

GENESIS = "0" * 64
_PG_AUDIT_LOCK = 0x6361726574  # "caret"
HEAD_KEY = "audit_head"


def _default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    raise TypeError(f"cannot audit {type(value).__name__}")


def canonical(value: Any) -> Any:
    """The JSON-safe form of a detail dict, exactly as it will be stored and hashed."""
    return json.loads(json.dumps(value, default=_default, sort_keys=True))


def entry_hash(
    *,
    prev_hash: str,
    at: datetime,
    user_id: int | None,
    user_login: str,
    action: str,
    entity: str,
    entity_id: int | None,
    person_id: int | None,
    case_id: int | None,
    detail: dict[str, Any],
    origin: str,
) -> str:
    body = json.dumps(
        [
            prev_hash,
            at.isoformat(timespec="microseconds"),
            user_id,
            user_login,
            action,
            entity,
            entity_id,
            person_id,
            case_id,
            detail,
            origin,
        ],
        sort_keys=True,
        separators=(",", ":"),
        default=_default,
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def append(
    session: Session,
    *,
    at: datetime,
    user_id: int | None,
    user_login: str,
    action: str,
    entity: str,
    entity_id: int | None = None,
    person_id: int | None = None,
    case_id: int | None = None,
    detail: dict[str, Any] | None = None,
    origin: str = "",
) -> AuditEntry:
    """Add one entry to the chain inside the caller's transaction."""
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_AUDIT_LOCK})
    head = session.exec(
        select(AuditEntry.hash).order_by(col(AuditEntry.id).desc()).limit(1)
    ).first()
    entry = AuditEntry(
        at=at,
        user_id=user_id,
        user_login=user_login,
        action=action,
        entity=entity,
        entity_id=entity_id,
        person_id=person_id,
        case_id=case_id,
        detail=canonical(detail or {}),
        origin=origin,
        prev_hash=head or GENESIS,
        hash="",
    )
    entry.hash = hash_of(entry)
    session.add(entry)
    session.flush()
    session.merge(StoreInfo(key=HEAD_KEY, value=f"{entry.id} {entry.hash}", updated_at=at))
    return entry


def hash_of(entry: AuditEntry) -> str:
    """The hash an entry should carry, from its stored content and its prev_hash."""
    return entry_hash(
        prev_hash=entry.prev_hash,
        at=entry.at,
        user_id=entry.user_id,
        user_login=entry.user_login,
        action=entry.action,
        entity=entry.entity,
        entity_id=entry.entity_id,
        person_id=entry.person_id,
        case_id=entry.case_id,
        detail=entry.detail,
        origin=entry.origin,
    )


@dataclass(frozen=True)
class ChainReport:
    entries: int
    broken_at: int | None  # id of the first entry that does not verify
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify(session: Session, batch: int = 5000) -> ChainReport:
    """Walk the whole chain in id order; report the first entry that fails."""
    prev = GENESIS
    count = 0
    last_id = 0
    while True:
        rows = session.exec(
            select(AuditEntry)
            .where(col(AuditEntry.id) > last_id)
            .order_by(col(AuditEntry.id))
            .limit(batch)
        ).all()
        if not rows:
            return _check_head(session, count, last_id, prev)
        for row in rows:
            count += 1
            if row.prev_hash != prev:
                return ChainReport(count, row.id, "an entry before it was removed or changed")
            expected = hash_of(row)
            if expected != row.hash:
                return ChainReport(count, row.id, "its content was changed after it was written")
            prev = row.hash
            last_id = row.id or last_id


def _check_head(session: Session, count: int, last_id: int, last_hash: str) -> ChainReport:
    """The walk ended: its last entry must be the head recorded when it was written."""
    row = session.get(StoreInfo, HEAD_KEY)
    if row is None:
        if count == 0:
            return ChainReport(entries=0, broken_at=None)
        return ChainReport(count, last_id, "the record of the trail's newest entry is missing")
    head_id, _, head_hash = row.value.partition(" ")
    if not head_id.isdigit() or (int(head_id), head_hash) != (last_id, last_hash):
        missing = int(head_id) if head_id.isdigit() else last_id
        if head_id.isdigit() and int(head_id) > last_id:
            return ChainReport(count, missing, "the newest entries, from this one on, were removed")
        return ChainReport(count, missing, "the trail's newest entry does not match its record")
    return ChainReport(entries=count, broken_at=None)


def head(session: Session) -> str:
    """The newest entry's id and hash, for noting outside the store (``audit verify``)."""
    row = session.get(StoreInfo, HEAD_KEY)
    return row.value if row else ""
