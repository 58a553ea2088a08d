"""Domain errors: each carries a message a practitioner can act on."""

from __future__ import annotations

from datetime import datetime

from caretui.rules.errors import PracticeError
from caretui.rules.permissions import PermissionDenied


class StoreError(Exception):
    """The store cannot be used (it will not open, or a newer caretui wrote it); the
    message says why and what to do."""


class StoreMissing(StoreError):
    """There is no store at the address (nothing was created there); the message says
    which setting to check and the command that creates one."""


class DomainError(PracticeError):
    """Something the user asked for cannot be done; ``str(error)`` says why and what next."""


class NotFound(DomainError):
    pass


class RecordRestricted(NotFound):
    """A locked-down person record opened by someone not named on it (S3)."""


class StaleRecord(DomainError):
    """Someone else saved the record since it was opened; saving now would overwrite them.

    ``what``, ``by`` and ``at`` are kept so a screen can open the conflict view
    (``widgets.conflict_view``) and let the practitioner compare theirs with yours.
    """

    def __init__(self, what: str, by: str, at: datetime) -> None:
        self.what = what
        self.by = by
        self.at = at
        super().__init__(
            f"This {what} was changed by {by} at {at:%H:%M} since you opened it. "
            "Your changes are kept: compare them with theirs before saving again."
        )


class SignInRefused(DomainError):
    pass


class StoreUnavailable(DomainError):
    """The store refused the write (busy, full, read only); nothing was saved."""


__all__ = [
    "DomainError",
    "NotFound",
    "PermissionDenied",
    "PracticeError",
    "RecordRestricted",
    "SignInRefused",
    "StaleRecord",
    "StoreError",
    "StoreMissing",
    "StoreUnavailable",
]
