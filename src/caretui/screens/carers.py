"""The Carers Conversation and Carers Review wizards (W3, W4; seed 004).

Both run over the forms engine: the wizard fills the case's Carers Conversation Record (or
Carers Support Plan Review) form, one step per part of the seed's workflow, and keeps a
draft of every answer. Before anything starts the carer's record must have the Carer
service user group as primary and an employment status (seed section 1); if not, the only
step says what to fix and where.

Conversation steps: Privacy Notice, the Carers Conversation's three sections (information
at referral, wellbeing conversation, eligibility and support plan, with the eligibility
decision and the suggested budget shown as answers are given), Person Details, Office Use
Only (Client Level Data), Next actions. A Carers Review picks up the review a conversation
booked (it does not start a duplicate), is prefilled from the last conversation or review,
shows the previous outcomes read only and asks whether they were met.

``ctrl+s`` completes the form and carries out the next actions: Purchase Service becomes a
task for the worker, a Carers Review a task on the chosen team's queue due on the date set
(a year on by default), No further action a case note with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from rich.text import Text
from textual import work
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Static

from caretui.rules import clock
from caretui.rules.carers import (
    CARERS_REVIEW,
    a_year_after,
    assess,
    next_action_problems,
    next_actions_from,
    prerequisite_problems,
)
from caretui.rules.cld_prefill import cld_prefill
from caretui.rules.errors import PracticeError
from caretui.rules.form_answers import clean_answers, normalise
from caretui.rules.forms import Field, FormSpec, Section, is_blank, load_spec
from caretui.screens.cared_for import open_cared_for_row
from caretui.screens.form import prefill_from
from caretui.screens.wizard import Step, WizardScreen, initial_for, wizard_spec
from caretui.store.ops.carers import finish_carers_form, start_carers_form
from caretui.store.queries import carers, case_record, forms, staff
from caretui.widgets.form_table import TableField

CONVERSATION = "carers_conversation_record"
OFFICE_STEP = "Office use"
REVIEW = "carers_support_plan_review"

NOT_CARRIED_TO_A_REVIEW = frozenset(
    {
        "caring_hours_band",  # asked again at every review (seed section 5)
        "method_of_contact",
        "support_plan",  # shown read only as the previous plan instead
        "next_actions",
        "nfa_reason",
        "nfa_note",
        "review_date",
        "review_team",
        "priority",
        "privacy_notice",
    }
)


@dataclass(frozen=True)
class CarersContext:
    detail: case_record.CaseDetail
    facts: carers.CarerFacts
    teams: list[staff.TeamRow]
    problems: list[str]
    form: forms.FormDetail | None = None
    review: carers.ScheduledReview | None = None
    related: tuple[carers.CaredForPerson, ...] = ()


class CarersWizard(WizardScreen):
    def __init__(self, store: Any, actor: Any, case_id: int, *, review: bool = False) -> None:
        super().__init__(store, actor, case_id)
        self.is_review = review
        self.kind = "carers_review" if review else "carers_conversation"
        self.heading = "Carers Review" if review else "Carers Conversation"
        self.form_type = REVIEW if review else CONVERSATION
        self.spec: FormSpec = load_spec(self.form_type)
        self.cld_filled: dict[str, Any] = {}
        """The Client Level Data answers filled in for the practitioner, as filled: one
        they have since changed is theirs, and is never filled again."""

    # --- loading -------------------------------------------------------------------------------

    def fetch(self) -> CarersContext:
        detail = case_record.case_detail(self.store, self.actor, self.case_id)
        facts = carers.carer_facts(self.store, self.actor, self.case_id)
        teams = staff.teams(self.store)
        problems = prerequisite_problems(facts.primary_group, facts.employment_status)
        if problems:
            return CarersContext(detail, facts, teams, problems)
        scheduled = carers.scheduled_review(self.store, facts.person_id)
        form_id, _review_id = start_carers_form(
            self.store, self.actor, case_id=self.case_id, form_type=self.form_type
        )
        form = forms.form_detail(self.store, self.actor, form_id)
        related = tuple(carers.related_people(self.store, self.actor, facts.person_id))
        return CarersContext(detail, facts, teams, [], form, scheduled, related)

    def accepts(self, data: Any) -> bool:
        form = getattr(self, "context", None) and self.context.form
        accepted = super().accepts(data) and form is not None and data.get("form_id") == form.id
        if accepted and isinstance(data.get("cld_filled"), dict):
            self.cld_filled = dict(data["cld_filled"])
        return accepted

    def draft_extra(self) -> dict[str, Any]:
        form = self.context.form
        return {"form_id": form.id if form else None, "cld_filled": dict(self.cld_filled)}

    def setup(self, context: CarersContext) -> None:
        self.context = context
        self.person = context.detail.banner.name
        if context.problems:
            self.steps = [Step("Before you start", build=self._prerequisites_step)]
            return
        facts = context.facts
        previous_plan = facts.previous_answers.get("support_plan") or []
        self.prefill = {
            **prefill_from(context.detail),
            "person.service_user_group": facts.primary_group,
            "person.employment_status": facts.employment_status,
            "person.gender": facts.gender,
            "person.ethnicity": facts.ethnicity,
            "previous.support_plan": previous_plan,
        }
        answers: dict[str, Any] = {}
        if self.is_review:
            known = {f.key for f in self.spec.fields}
            answers = {
                k: v
                for k, v in facts.previous_answers.items()
                if k in known and k not in NOT_CARRIED_TO_A_REVIEW and not k.startswith("cld_")
            }
        assert context.form is not None
        answers.update({k: v for k, v in context.form.answers.items() if v not in ("", [], None)})
        answers.setdefault("review_date", a_year_after(clock.today()).isoformat())
        answers.setdefault("priority", "Normal")
        answers.setdefault("review_team", self.actor.team_name)
        self.answers = initial_for(self.spec, answers, self.prefill)
        for f in self.spec.fields:  # prefilled tables keep only their own columns
            if f.type == "table" and f.key in self.answers:
                self.answers[f.key] = normalise(f, self.answers[f.key])
        self.steps = self._steps()
        self.fill_cld()

    def _steps(self) -> list[Step]:
        spec = self.spec
        sections = {s.key: s for s in spec.sections}
        office = next(s for s in spec.sections if s.office_use_only)
        steps = [Step("Picking up" if self.is_review else "Start", build=self._start_step)]
        if not self.is_review:
            privacy = wizard_spec("carers_privacy").sections[0]
            referral = sections["referral"]
            without_privacy = replace(
                referral, fields=tuple(f for f in referral.fields if f.key != "privacy_notice")
            )
            steps += [
                Step("Privacy Notice", spec, self._with_fields(privacy)),
                Step("Referral", spec, without_privacy),
                Step("Wellbeing", spec, sections["conversation"]),
                Step("Eligibility", spec, sections["eligibility"], calculator=True),
                Step("Person Details", spec, sections["person_details"]),
            ]
        else:
            steps += [
                Step("Caring", spec, sections["referral"]),
                Step("Review", spec, sections["conversation"]),
                Step("Eligibility", spec, sections["eligibility"], calculator=True),
            ]
        steps += [
            Step("Next actions", spec, sections["next_actions"]),
            Step(OFFICE_STEP, spec, office, rebuild=True),
        ]
        return steps

    def _with_fields(self, privacy: Section) -> Section:
        """The Privacy Notice step asks the carers form's own privacy_notice question."""
        return replace(
            privacy,
            fields=tuple(
                self.spec.field(f.key) if f.key == "privacy_notice" else f for f in privacy.fields
            ),
        )

    # --- questions with the store's teams --------------------------------------------------------

    def adapt(self, field: Field) -> Field:
        if field.key == "review_team":
            names = tuple(t.name for t in self.context.teams)
            return replace(field, type="choice", options=names, option_labels=())
        return field

    def extra_problems(self) -> dict[str, str]:
        if self.context.problems:
            return {"prerequisites": "Fix the carer's record first"}
        return next_action_problems(
            next_actions_from(self.answers),
            funds_required=self.answers.get("funds_required") == "Yes",
            today=clock.today(),
            teams=[t.name for t in self.context.teams],
        )

    def note(self, index: int) -> str | Text:
        if self.context.problems:
            return Text("Fix these on the person record, then start again.", style="bold")
        title = self.steps[index].title
        if title == "Eligibility":
            result = assess(self.answers)
            text = Text(result.sentence, style="bold")
            if result.unable:
                text.append(f"\nUnable to achieve: {'; '.join(result.unable)}.", style="")
            return text
        if title == OFFICE_STEP:
            return self._office_note()
        if title == "Next actions":
            plan = next_actions_from(self.answers)
            if CARERS_REVIEW in plan.actions and plan.review_date:
                return (
                    f"The Carers Review goes to {plan.review_team or 'the team chosen'}'s queue "
                    f"(Team Activities), due {plan.review_date:%d %b %Y}, {plan.priority} priority."
                )
        return ""

    # --- Client Level Data from the record and the earlier steps ----------------------------------

    def fill_cld(self) -> None:
        """Fill the CLD answers the record and the answers so far give: a blank one, or one
        still as it was filled (so it follows a changed earlier answer); never one the
        practitioner has changed."""
        form = self.context.form
        started = form.authorship.written_at.date() if form is not None else clock.today()
        given = cld_prefill(self.context.facts.record, self.answers, started=started)
        for key, value in given.items():
            current = self.answers.get(key)
            if is_blank(current) or current == self.cld_filled.get(key):
                self.answers[key] = value
                self.cld_filled[key] = value
        for key in list(self.cld_filled):  # an earlier answer no longer gives it
            if key not in given and self.answers.get(key) == self.cld_filled[key]:
                self.answers[key] = ""
                del self.cld_filled[key]

    def entering(self, index: int) -> None:
        if not self.context.problems and self.steps[index].title == OFFICE_STEP:
            self.fill_cld()

    def changed(self) -> None:
        """An earlier answer the CLD follows (eligible, method, next actions) may have
        changed: ctrl+s finishes with the CLD as it now follows, office step seen or not."""
        office = self.steps[self.step_index].title == OFFICE_STEP
        if not self.context.problems and not office:
            self.fill_cld()
        super().changed()

    def _office_note(self) -> Text:
        office = next(s for s in self.spec.sections if s.office_use_only)
        labels = {f.key: f.label for f in office.fields}
        filled = [
            labels[k]
            for k, v in self.cld_filled.items()
            if k in labels and self.answers.get(k) == v
        ]
        text = Text()
        if filled:
            text.append("Filled in from the record and earlier steps: ", style="bold")
            text.append(", ".join(filled) + ". Check them; change any that is wrong.")
        else:
            text.append("Nothing here could be filled in from the record: answer each.")
        return text

    # --- the cared-for person, found on the record ---------------------------------------------

    def open_row(self, event: TableField.RowOpened) -> bool:
        if self.context.problems:
            return False
        return open_cared_for_row(
            self, self.store, self.actor, self.person, self.context.related, event
        )

    # --- the steps that are not questions ------------------------------------------------------

    def _prerequisites_step(self) -> Widget:
        facts = self.context.facts
        text = Text()
        text.append(f"Before a {self.heading} can start\n\n", style="bold")
        ok = facts.primary_group == "Carer"
        text.append("✓ " if ok else "✗ ", style="bold green" if ok else "bold red")
        text.append(f"Primary service user group: {facts.primary_group or 'none recorded'}\n")
        ok = bool(facts.employment_status.strip())
        text.append("✓ " if ok else "✗ ", style="bold green" if ok else "bold red")
        text.append(f"Employment status: {facts.employment_status or 'not recorded'}\n\n")
        for problem in self.context.problems:
            text.append(f"• {problem}\n")
        body = VerticalScroll(Static(text))
        body.can_focus = True
        return body

    def _start_step(self) -> Widget:
        c = self.context
        facts = c.facts
        text = Text()
        text.append("✓ ", style="bold green")
        text.append(f"Primary service user group: {facts.primary_group}\n")
        text.append("✓ ", style="bold green")
        text.append(f"Employment status: {facts.employment_status}\n\n")
        if self.is_review:
            if c.review is not None:
                due = f"{c.review.due_date:%d %b %Y}" if c.review.due_date else "no date"
                text.append("Picking up the scheduled review: ", style="bold")
                text.append(f"{c.review.subject}, due {due}, from {c.review.team}'s queue. ")
                text.append("It is assigned to you and completed when you finish.\n\n")
            else:
                text.append("No Carers Review was scheduled for this carer.\n\n", style="bold")
            if facts.previous_form_id:
                text.append("Prefilled from the last ", style="bold")
                text.append(
                    f"{facts.previous_title} (form {facts.previous_form_id}); its outcomes "
                    "are shown read only in the Review step. Update everything to how things "
                    "are now.\n"
                )
        else:
            text.append(
                "Three parts, as in the workflow: the Privacy Notice, the Carers Conversation "
                "(three sections) and the Person Details form; then the next actions.\n"
            )
        assert c.form is not None
        text.append(f"\nThe answers are kept on form {c.form.id} ({c.form.title}).", style="dim")
        body = VerticalScroll(Static(text))
        body.can_focus = True
        return body

    # --- finishing -------------------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="wizard-finish")
    def finish(self) -> None:
        form = self.context.form
        if form is None:
            self.app.call_from_thread(self.failed, PracticeError("Fix the carer's record first."))
            return
        answers = clean_answers(self.spec, self.answers, today=clock.today(), every_field=True)
        review = self.context.review if self.is_review else None
        try:
            finish_carers_form(
                self.store,
                self.actor,
                form.id,
                answers,
                expected_version=form.version,
                review_activity_id=review.id if review else None,
            )
            self.discard_draft()
        except PracticeError as exc:
            self.app.call_from_thread(self.failed, exc)
            return
        plan = next_actions_from(answers)
        message = f"{self.heading} completed; it waits for your team manager to close the form."
        if CARERS_REVIEW in plan.actions and plan.review_date:
            message += (
                f" Carers Review booked for {plan.review_date:%d %b %Y} on "
                f"{plan.review_team}'s queue."
            )
        self.app.call_from_thread(self.finished, message)
