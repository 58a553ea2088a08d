"""The Transfer wizard (W1; practitioner guide pp.24-25, standards section 5).

Steps, in the order a practitioner decides (issue 14): where it goes (to another team,
preselected, or within the team; the new team, the cursor on it; and the responsible user
decision, "the team allocates" preselected), the reason, the worker when one is named,
who holds the case now (with the assignment history), and a last look before ``ctrl+s``
transfers it. So from the dashboard: ``T``, choose the team, ``ctrl+s`` (it goes to the
reason), type it, ``ctrl+s``. The new responsible user sees the case on
their dashboard at once; the old responsibility involvement ends and a new one starts; a
transfer summary note goes on the Timeline.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from rich.table import Table
from rich.text import Text
from textual import work
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Static

from caretui.rules.errors import PracticeError
from caretui.rules.forms import Condition, Field
from caretui.rules.transfer import TransferKind, UserDecision
from caretui.screens.wizard import Step, WizardScreen, wizard_spec
from caretui.store.ops.transfer import transfer_case
from caretui.store.queries import case_record, staff


@dataclass(frozen=True)
class TransferContext:
    detail: case_record.CaseDetail
    history: list[case_record.AssignmentRow]
    teams: list[staff.TeamRow]
    members: dict[int, list[staff.TeamMember]]


def history_table(history: list[case_record.AssignmentRow]) -> Table:
    table = Table(box=None, expand=True, header_style="bold", pad_edge=False)
    table.add_column("From", no_wrap=True)
    table.add_column("To", no_wrap=True)
    table.add_column("Team")
    table.add_column("User")
    table.add_column("Note", overflow="fold")
    for row in history:
        table.add_row(
            f"{row.started_at:%d/%m/%Y}",
            f"{row.ended_at:%d/%m/%Y}" if row.ended_at else "now",
            row.team,
            row.user or "—",
            row.note,
        )
    return table


class TransferWizard(WizardScreen):
    kind = "transfer"
    heading = "Transfer"

    def fetch(self) -> TransferContext:
        return TransferContext(
            detail=case_record.case_detail(self.store, self.actor, self.case_id),
            history=case_record.assignment_history(self.store, self.case_id),
            teams=staff.teams(self.store),
            members=staff.team_members(self.store),
        )

    def setup(self, context: TransferContext) -> None:
        self.context = context
        self.person = context.detail.banner.name
        spec = wizard_spec("transfer")
        sections = {s.key: s for s in spec.sections}
        self.steps = [
            Step("To", spec, sections["how"], rebuild=True),
            Step("Reason", spec, sections["reason"]),
            Step("Worker", spec, sections["worker"], rebuild=True),
            Step("Now", build=self._now_step),
            Step("Check", build=self._check_step, rebuild=True),
        ]
        # The likely answers (a draft put back later keeps its own).
        self.answers.setdefault("kind", TransferKind.ANOTHER_TEAM.value)
        self.answers.setdefault("decision", UserDecision.CLEAR.value)

    # --- the questions, with the store's teams and people ---------------------------------

    @property
    def within(self) -> bool:
        return self.answers.get("kind") == TransferKind.WITHIN_TEAM

    def _target_team(self) -> int | None:
        if self.within:
            return self.context.detail.responsible_team_id
        team = self.answers.get("team")
        return int(team) if str(team or "").isdigit() else None

    def adapt(self, field: Field) -> Field:
        detail = self.context.detail
        if field.key == "team":
            others = [t for t in self.context.teams if t.id != detail.responsible_team_id]
            return replace(
                field,
                options=tuple(str(t.id) for t in others),
                option_labels=tuple((str(t.id), t.name) for t in others),
            )
        if field.key == "user":
            team = self._target_team()
            people = [
                m
                for m in self.context.members.get(team or -1, [])
                if m.id != detail.responsible_user_id
            ]
            field = replace(
                field,
                options=tuple(str(m.id) for m in people),
                option_labels=tuple(
                    (str(m.id), f"{m.name}, {m.designation}" if m.designation else m.name)
                    for m in people
                ),
            )
            if self.within:
                field = replace(field, shown_when=None)
        if field.key == "cleared" and self.within:
            return replace(field, shown_when=Condition("kind", equals=TransferKind.ANOTHER_TEAM))
        return field

    def extra_problems(self) -> dict[str, str]:
        problems: dict[str, str] = {}
        user = str(self.answers.get("user") or "")
        team = self._target_team()
        wants_user = self.within or self.answers.get("decision") == UserDecision.CHANGE
        if wants_user and user:
            members = {str(m.id) for m in self.context.members.get(team or -1, [])}
            if user not in members:
                problems["user"] = "Choose the new responsible user again: the team changed."
        return problems

    def _focus_step(self, index: int) -> None:
        """On the first step the cursor starts on the new team, the question left open."""
        if index == 0 and not self.within and self.answers.get("team") in (None, ""):
            found = self.query("#input-team")
            if found:
                found.first().focus()
                return
        super()._focus_step(index)

    def note(self, index: int) -> str | Text:
        if self.steps[index].title == "Check":
            return "ctrl+s transfers the case; escape keeps this as a draft."
        return ""

    # --- the steps that are not questions ---------------------------------------------------

    def _now_step(self) -> Widget:
        d = self.context.detail
        text = Text()
        text.append("Responsible user   ", style="bold")
        text.append(f"{d.responsible_user or 'none: with the team'}\n")
        text.append("Responsible team   ", style="bold")
        text.append(f"{d.responsible_team}\n\n")
        text.append("Assignment history\n", style="bold")
        body = VerticalScroll(Static(text), Static(history_table(self.context.history)))
        body.can_focus = True
        return body

    def plan_words(self) -> tuple[str, str]:
        teams = {t.id: t.name for t in self.context.teams}
        team = self._target_team()
        team_name = teams.get(team or -1, "the team chosen")
        user = str(self.answers.get("user") or "")
        wants_user = self.within or self.answers.get("decision") == UserDecision.CHANGE
        names = {str(m.id): m.name for ms in self.context.members.values() for m in ms}
        who = names.get(user, "the worker chosen") if wants_user else ""
        return team_name, who

    def _check_step(self) -> Widget:
        d = self.context.detail
        team_name, who = self.plan_words()
        text = Text()
        text.append("From  ", style="bold")
        text.append(f"{d.responsible_user or 'no named worker'} ({d.responsible_team})\n")
        text.append("To    ", style="bold")
        text.append(f"{who or 'no named worker: the team allocates'} ({team_name})\n\n")
        text.append("Reason\n", style="bold")
        text.append(str(self.answers.get("reason") or "—") + "\n\n")
        text.append(
            "The old responsible involvement ends today and a new one starts; the new "
            "worker (or the team's queue) has the case at once; a transfer summary note is "
            "added to the Timeline.",
            style="italic",
        )
        body = VerticalScroll(Static(text))
        body.can_focus = True
        return body

    # --- finishing -----------------------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="wizard-finish")
    def finish(self) -> None:
        a = self.answers
        user = str(a.get("user") or "")
        team = None if self.within else self._target_team()
        decision = None if self.within else a.get("decision")
        wants_user = self.within or decision == UserDecision.CHANGE
        try:
            transfer_case(
                self.store,
                self.actor,
                self.case_id,
                kind=str(a.get("kind")),
                team_id=team,
                decision=decision,
                user_id=int(user) if wants_user and user.isdigit() else None,
                reason=str(a.get("reason") or ""),
                expected_version=self.context.detail.version,
            )
            self.discard_draft()
        except PracticeError as exc:
            self.app.call_from_thread(self.failed, exc)
            return
        team_name, who = self.plan_words()
        self.app.call_from_thread(
            self.finished,
            f"Case transferred to {who + ', ' if who else ''}{team_name}. "
            "The transfer summary is on the Timeline.",
        )
