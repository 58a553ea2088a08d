"""The screening decision (issue 12, R1; seed 002 section 1) on a referral awaiting screening.

Steps: **Referral** (what was recorded at the door, to read first), **Decision** and
**Check**. The decision is one of four: accept and open a case (the responsible team
required, a worker optional, each worker's open cases beside their name), place on a
team's waiting list (priority, and how the person and the referrer are told the likely
wait), decline (the reason, alternative services or why there are none, told by letter or
email: standard 1.3), or information and advice only (what, and how told). The rules'
messages (``screening_problems``) appear beside the answers they are about; ``ctrl+s``
records the decision once nothing is missing. Escape keeps a draft, offered again when
the case is opened.

Opened from the dashboard's "Referrals to screen" panel (``enter``), from a case
awaiting screening (``s``), and straight after a new contact is recorded.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from rich.console import Group
from rich.text import Text
from textual import work
from textual.widget import Widget

from caretui.rules.errors import PracticeError
from caretui.rules.forms import Field
from caretui.rules.referrals import (
    DeclineReason,
    InformMethod,
    Priority,
    ScreeningDecision,
    ScreeningOutcome,
    screening_problems,
)
from caretui.rules.wording import as_member, plural
from caretui.screens.contact_answers import with_options
from caretui.screens.referral_view import pairs, referral_text, summary_step
from caretui.screens.wizard import Step, WizardScreen, wizard_spec
from caretui.store.errors import DomainError
from caretui.store.queries import case_record, referrals, staff

REFERRAL, DECISION, CHECK = range(3)

CHOICES = {
    "outcome": tuple(ScreeningOutcome),
    "priority": tuple(Priority),
    "decline_reason": tuple(DeclineReason),
    "informed_how": tuple(InformMethod),
}


@dataclass(frozen=True)
class ScreeningContext:
    referral: Any  # queries.referrals.ReferralDetail
    detail: case_record.CaseDetail
    teams: list[staff.TeamRow]
    members: dict[int, list[staff.TeamMember]]
    caseloads: dict[int, dict[int, int]]


def worker_label(member: staff.TeamMember, open_cases: int) -> str:
    """'Priya Sharma, Social Worker: 34 open cases'."""
    who = f"{member.name}, {member.designation}" if member.designation else member.name
    return f"{who}: {plural(open_cases, 'open case')}"


def as_id(value: Any) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() else None


def decision_from(answers: dict[str, Any]) -> ScreeningDecision:
    """The decision the answers describe, only the parts its outcome asks for."""
    outcome = as_member(ScreeningOutcome, answers.get("outcome"))

    def text(key: str) -> str:
        return str(answers.get(key) or "").strip()

    placed = outcome in (ScreeningOutcome.ACCEPT, ScreeningOutcome.WAITING_LIST)
    declined = outcome is ScreeningOutcome.DECLINE
    return ScreeningDecision(
        outcome=outcome,
        team_id=as_id(answers.get("team_id")) if placed else None,
        worker_id=as_id(answers.get("worker_id")) if outcome is ScreeningOutcome.ACCEPT else None,
        priority=text("priority") or None if outcome is ScreeningOutcome.WAITING_LIST else None,
        decline_reason=text("decline_reason") or None if declined else None,
        reason_detail=text("reason_detail") if declined else "",
        alternative_services=text("alternative_services") if declined else "",
        no_alternative_because=text("no_alternative_because") if declined else "",
        advice_given=text("advice_given") if outcome is ScreeningOutcome.ADVICE_ONLY else "",
        informed_how=text("informed_how") or None,
    )


class ScreeningWizard(WizardScreen):
    kind = "screening"
    heading = "Screening decision"

    def fetch(self) -> ScreeningContext:
        referral = referrals.referral_for_case(self.store, self.actor, self.case_id)
        if referral is None:
            raise DomainError(f"Case {self.case_id} has no referral to screen.")
        if referral.outcome:
            raise DomainError(
                f"This referral was screened already: {referral.outcome_label}"
                f"{f' by {referral.decided_by}' if referral.decided_by else ''}."
            )
        teams = staff.teams(self.store)
        return ScreeningContext(
            referral=referral,
            detail=case_record.case_detail(self.store, self.actor, self.case_id),
            teams=teams,
            members=staff.team_members(self.store),
            caseloads={t.id: referrals.caseloads(self.store, t.id) for t in teams},
        )

    def setup(self, context: ScreeningContext) -> None:
        self.context = context
        self.person = context.detail.banner.name
        self.options_team: int | None = None
        spec = wizard_spec("screening")
        self.steps = [
            Step("Referral", build=self._referral_step),
            Step("Decision", spec, spec.sections[0]),
            Step("Check", build=self._check_step, rebuild=True),
        ]
        urgency = as_member(Priority, context.referral.urgency_label)
        if urgency is not None:
            self.answers["priority"] = urgency.value

    # --- the questions, with the store's teams and workers ------------------------------------

    def adapt(self, field: Field) -> Field:
        if field.key in CHOICES:
            return with_options(field, CHOICES[field.key])
        if field.key == "team_id":
            teams = self.context.teams
            return replace(
                field,
                options=tuple(str(t.id) for t in teams),
                option_labels=tuple((str(t.id), t.name) for t in teams),
            )
        if field.key == "worker_id":
            team = as_id(self.answers.get("team_id"))
            loads = self.context.caseloads.get(team or -1, {})
            members = self.context.members.get(team or -1, [])
            return replace(
                field,
                options=tuple(str(m.id) for m in members),
                option_labels=tuple(
                    (str(m.id), worker_label(m, loads.get(m.id, 0))) for m in members
                ),
                help=field.help if members else "Choose the team first: its workers are listed.",
            )
        return field

    def extra_problems(self) -> dict[str, str]:
        problems = screening_problems(decision_from(self.answers))
        return {("team_id" if k == "team" else k): m for k, m in problems.items()}

    def changed(self) -> None:
        super().changed()
        accepting = self.answers.get("outcome") == ScreeningOutcome.ACCEPT.value
        team = as_id(self.answers.get("team_id"))
        if accepting and team != self.options_team and self.frame.index == DECISION:
            # The workers offered are the chosen team's: draw the question again.
            self.options_team = team
            self.call_after_refresh(self._redraw_decision)

    def step_ready(self, index: int) -> None:
        if index == DECISION:
            self.options_team = as_id(self.answers.get("team_id"))

    async def _redraw_decision(self) -> None:
        await self.frame.fill_step(DECISION, self._build(self.steps[DECISION]))
        form = self.step_form(DECISION)
        if form is not None:
            await form.focus_field("team_id")

    def note(self, index: int) -> str | Text:
        if index == REFERRAL:
            return "Read the referral, then ctrl+pagedown (or ]) to decide."
        if index == CHECK:
            return "ctrl+s records the decision; escape keeps it as a draft."
        return ""

    # --- the steps that are not questions -----------------------------------------------------

    def _referral_step(self) -> Widget:
        d = self.context.detail
        clock = d.assessment.sentence.removeprefix("Care Act assessment ")
        about = pairs(
            [
                ("Person", f"{d.banner.name} (P{d.person_id})"),
                ("Case", f"{d.case_id}: {d.status.label}"),
                ("Care Act assessment", clock),
            ]
        )
        return summary_step(Group(about, referral_text(self.context.referral)))

    def plan(self) -> str:
        """The decision in a sentence, as the Check step and the message after say it."""
        decision = decision_from(self.answers)
        teams = {t.id: t.name for t in self.context.teams}
        team = teams.get(decision.team_id or -1, "the team chosen")
        outcome = as_member(ScreeningOutcome, decision.outcome)
        if outcome is ScreeningOutcome.ACCEPT:
            names = {m.id: m.name for ms in self.context.members.values() for m in ms}
            worker = names.get(decision.worker_id or -1)
            if worker:
                return (
                    f"Accepted: case {self.case_id} opens with {team}, on {worker}'s Primary Cases."
                )
            return (
                f"Accepted: case {self.case_id} opens with {team}, with no worker yet: "
                "the team's manager names one (T on the case)."
            )
        if outcome is ScreeningOutcome.WAITING_LIST:
            priority = as_member(Priority, decision.priority)
            said = f" ({priority.label})" if priority else ""
            return f"On {team}'s waiting list{said}: its manager allocates a worker from it."
        how = as_member(InformMethod, decision.informed_how)
        told = f" The {how.label.lower()} is on the Timeline." if how else ""
        if outcome is ScreeningOutcome.DECLINE:
            return f"Declined: the referral closes.{told}"
        if outcome is ScreeningOutcome.ADVICE_ONLY:
            return f"Information and advice only: the referral closes.{told}"
        return "No decision chosen yet (step 2)."

    def _check_step(self) -> Widget:
        decision = decision_from(self.answers)
        how = as_member(InformMethod, decision.informed_how)
        reason = as_member(DeclineReason, decision.decline_reason)
        details = pairs(
            [
                ("Declined because", reason.label if reason else ""),
                ("Other reason", decision.reason_detail),
                ("Alternatives", decision.alternative_services),
                ("No alternatives", decision.no_alternative_because),
                ("Advice given", decision.advice_given),
                ("Told by", how.label if how else "not recorded"),
            ]
        )
        return summary_step(Group(Text(self.plan() + "\n", style="bold"), details))

    # --- finishing ----------------------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="wizard-finish")
    def finish(self) -> None:
        from caretui.store.ops.referrals import screen_referral

        referral = self.context.referral
        try:
            screen_referral(
                self.store,
                self.actor,
                referral.referral_id,
                decision_from(self.answers),
                expected_version=referral.version,
            )
            self.discard_draft()
        except PracticeError as exc:
            self.app.call_from_thread(self.failed, exc)
            return
        self.app.call_from_thread(self.finished, self.plan())
