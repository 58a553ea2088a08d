"""The roles of DOMAIN.md and the words practitioners use for them."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    PRACTITIONER = "practitioner"
    MANAGER = "manager"
    ADMIN = "admin"
    STUDENT = "student"
    VIEWER = "viewer"
    SYSTEM_ADMIN = "system_admin"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


CASE_HOLDERS: frozenset[Role] = frozenset({Role.PRACTITIONER, Role.MANAGER})
"""The roles a case can be allocated to. A student works a case as an involvement under a
qualified worker who holds it (standards 6.2); viewers, admins and system admins hold none."""

ROLE_LABELS: dict[Role, str] = {
    Role.PRACTITIONER: "Practitioner",
    Role.MANAGER: "Team manager",
    Role.ADMIN: "Admin / CSO",
    Role.STUDENT: "Student",
    Role.VIEWER: "Viewer (read only)",
    Role.SYSTEM_ADMIN: "System admin",
}


def parse_role(text: str) -> Role:
    """Accept a role as typed on the command line: 'practitioner', 'CSO', 'system-admin'."""
    key = text.strip().lower().replace("-", "_").replace(" ", "_")
    aliases = {"cso": Role.ADMIN, "team_manager": Role.MANAGER, "sysadmin": Role.SYSTEM_ADMIN}
    if key in aliases:
        return aliases[key]
    try:
        return Role(key)
    except ValueError:
        choices = ", ".join(r.value for r in Role)
        raise ValueError(f"'{text}' is not a role. Choose one of: {choices}.") from None
