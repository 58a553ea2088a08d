"""The person banner (C2): who this is, how to reach them, what to watch for.

Collapsed it is two lines; expanded (``b``) it adds the case's responsible user and team,
the person's consent (R2: given and when last confirmed, refused, withdrawn, or the lawful
basis to go on without it), the current alerts and hazards, and related people with their
phone numbers. Alerts are shown as a bell with a count and the word, so the warning
survives 16 colours and NO_COLOR alike.
"""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from caretui.store.queries.case_record import Banner

BELL = "🔔"


class PersonBanner(Static):
    DEFAULT_CSS = """
    PersonBanner {
        height: auto; padding: 0 1; background: $boost; border-bottom: solid $accent;
    }
    """

    expanded: reactive[bool] = reactive(False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("Loading the person…", id=id)
        self.banner: Banner | None = None

    def show(self, banner: Banner) -> None:
        self.banner = banner
        self.refresh_banner()

    def watch_expanded(self) -> None:
        self.refresh_banner()

    def refresh_banner(self) -> None:
        b = self.banner
        if b is None:
            return
        text = Text()
        text.append(b.name, style="bold")
        text.append(f"  P{b.person_id}")
        if b.date_of_birth:
            text.append(f"  born {b.date_of_birth:%d %b %Y} ({b.age})")
        if b.current_alerts:
            count = b.current_alerts
            text.append("  ")
            text.append(f" {BELL} {count} ALERT{'S' * (count != 1)} ", style="bold white on red")
        if b.has_key_safe:
            text.append("  ")
            text.append("[Key safe]", style="bold")
        if b.restricted:
            text.append("  ")
            text.append("[Restricted record]", style="bold reverse")
        text.append("\n")
        text.append(b.address or "No address recorded", style="")
        if b.phone:
            text.append(f"  ☎ {b.phone}")
        if not self.expanded:
            hint = "  (b: more)"
            text.append(hint, style="dim")
        else:
            text.append("\n")
            who = b.responsible_user or "no responsible user"
            team = b.responsible_team or "no open case"
            text.append(f"Responsible: {who}, {team}")
            if b.nhs_number:
                text.append(f"  NHS {b.nhs_number[:3]} {b.nhs_number[3:6]} {b.nhs_number[6:]}")
            text.append(f"\n{b.consent or 'Consent: not recorded'}")
            for alert in b.alert_summary:
                text.append("\n")
                text.append(f"{BELL} {alert}", style="bold red")
            for rel in b.related:
                text.append("\n")
                phone = f", {rel.phone}" if rel.phone else ""
                jump = " (p: open)" if rel.person_id else ""
                text.append(f"{rel.relationship}: {rel.name}{phone}{jump}", style="")
        self.update(text)
