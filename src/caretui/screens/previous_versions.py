"""Previous versions of an amended entry (K1, standards 6): the original stays readable.

Each earlier version is shown struck through with who wrote it and who replaced it,
above the current text.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from caretui.store.queries.activities import ActivityDetail
from caretui.widgets.keybar import KeyBar
from caretui.widgets.worker_errors import ReportsWorkerErrors

LABELS = {
    "subject": "Subject",
    "notes": "Notes",
    "outcome": "Outcome",
    "occurred_at": "Date and time",
    "due_date": "Due date",
    "contact": "With",
    "stage": "Stage",
}


def _show(value: Any) -> str:
    if value in (None, ""):
        return "(blank)"
    text = str(value)
    if len(text) >= 16 and text[10:11] == "T":  # an ISO date-time from the revision store
        return f"{text[8:10]}/{text[5:7]}/{text[:4]} {text[11:16]}"
    return text


class PreviousVersionsScreen(ReportsWorkerErrors, ModalScreen[None]):
    DEFAULT_CSS = """
    PreviousVersionsScreen { align: center middle; }
    PreviousVersionsScreen > VerticalScroll {
        width: 78; max-width: 100%; height: 22; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    """
    BINDINGS = [Binding("escape", "dismiss", "Close", id="versions.close")]

    def __init__(self, detail: ActivityDetail) -> None:
        super().__init__()
        self.detail = detail

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(self._render_versions())
        yield KeyBar()

    def _render_versions(self) -> Text:
        d = self.detail
        out = Text()
        out.append(f"{d.type.label} {d.id}: previous versions\n\n", style="bold")
        for version in d.previous:
            out.append(
                f"Version {version.version}, written by {version.written_by} on "
                f"{version.written_at:%d %b %Y %H:%M}; replaced by {version.replaced_by} on "
                f"{version.replaced_at:%d %b %Y %H:%M}\n",
                style="italic",
            )
            for key, value in version.content.items():
                if value in (None, ""):
                    continue
                out.append(f"  {LABELS.get(key, key)}: ")
                out.append(_show(value), style="strike")
                out.append("\n")
            out.append("\n")
        out.append("Current version\n", style="bold")
        out.append(f"  Subject: {d.subject}\n  Notes: {d.notes or '(blank)'}\n")
        if d.outcome:
            out.append(f"  Outcome: {d.outcome}\n")
        out.append(f"\n{d.authorship.line}\n", style="dim")
        return out
