"""The Carers Conversation and Carers Review (W3, W4; seed 004).

Eligibility follows the Care and Support (Eligibility Criteria) Regulations 2014,
regulation 3 ("Eligibility criteria: carers"):

    3(1) A carer's needs meet the eligibility criteria if—
      (a) the needs arise as a consequence of providing necessary care for an adult;
      (b) the effect of the carer's needs is that any of the circumstances specified in
          paragraph (2) apply to the carer; and
      (c) as a consequence of that fact there is, or is likely to be, a significant impact
          on the carer's well-being.
    3(2) The circumstances are—
      (a) the carer's physical or mental health is, or is at risk of, deteriorating;
      (b) the carer is unable to achieve any of the following outcomes— [the eight of 3(3):
          caring for a child; caring for other persons; a habitable home; nutrition;
          relationships; work, training, education or volunteering; local facilities and
          services; recreational activities].

The regulation joins 3(2)(a) and (b) with "or". The workflow guide (seed 004) and the form
it describes show "Eligibility indicated" only when an outcome is not achieved **and**
health is (at risk of) deteriorating **and** a wellbeing area is ticked; the wellbeing
areas open only after "Yes" to the health question. caretui follows the guide for the
decision the form shows (:func:`eligibility_indicated`), and also computes the regulation's
own test (:func:`regulation_3_met`) so the wizard can say when the two differ and the
practitioner should take it to their manager rather than decline on the form's word.

Next actions (seed 004 section 4): No further action with a reason, Purchase Service
(Personal Budget), Carers Review in a year passed to a team with a priority.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

CARER_GROUP = "Carer"

OUTCOMES: tuple[tuple[str, str, str | None], ...] = (
    ("able_child_care", "Carrying out any caring responsibilities for a child", "has_children"),
    ("able_care_others", "Providing care to other persons", "has_other_dependants"),
    ("able_habitable_home", "Maintaining a habitable home environment", None),
    ("able_nutrition", "Managing and maintaining nutrition", None),
    ("able_relationships", "Developing and maintaining family or other relationships", None),
    ("able_work_learning", "Engaging in work, training, education or volunteering", None),
    ("able_community", "Making use of facilities or services in the community", None),
    ("able_recreation", "Engaging in recreational activities", None),
)
"""Reg. 3(3)'s eight outcomes: (answer key, words, the question it hangs from, if any)."""

NONE_OF_THESE = "None of these options apply"

NO_FURTHER_ACTION = "No further action"
PURCHASE_SERVICE = "Purchase service (personal budget)"
CARERS_REVIEW = "Carers review"
ACTIONS = (NO_FURTHER_ACTION, PURCHASE_SERVICE, CARERS_REVIEW)

NFA_REASONS = (
    "Carer declined further involvement",
    "Person deceased",
    "Referral made to ASC for cared-for person",
    "Respite provided only",
    "Signposting, information and advice provided",
    "Other (please specify)",
)
"""The seed's list of reasons for No further action."""

PRIORITIES = ("Urgent", "Normal", "Low")

REVIEW_SUBJECT = "Carers Review"
"""Subject of the review activity a conversation books: how a later review finds it."""
PURCHASE_SUBJECT = "Purchase service (personal budget)"


@dataclass(frozen=True)
class Eligibility:
    unable: tuple[str, ...]
    """Words of the outcomes the carer cannot achieve."""
    health_at_risk: bool
    wellbeing_impact: bool
    indicated: bool
    """The decision the form shows, as the workflow guide defines it."""
    regulation_met: bool
    """Regulation 3 read on its own words (health *or* an outcome)."""

    @property
    def sentence(self) -> str:
        if self.indicated:
            return "Decision: eligibility indicated."
        text = "Decision: eligibility not indicated."
        if self.regulation_met:
            text += (
                " Regulation 3 may still be met (health or outcomes, with a significant "
                "impact on wellbeing): discuss with your manager before deciding."
            )
        return text


def _ticked(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def unable_outcomes(answers: Mapping[str, Any]) -> tuple[str, ...]:
    """The outcomes answered "No" (not able); an outcome about children or other adults
    counts only when the carer has them."""
    out = []
    for key, words, depends_on in OUTCOMES:
        if depends_on is not None and answers.get(depends_on) != "Yes":
            continue
        if answers.get(key) == "No":
            out.append(words)
    return tuple(out)


def assess(answers: Mapping[str, Any], *, provides_necessary_care: bool = True) -> Eligibility:
    """Eligibility from the eligibility section's answers (see the module docstring)."""
    unable = unable_outcomes(answers)
    health = answers.get("health_deteriorating") == "Yes"
    areas = _ticked(answers.get("wellbeing_areas"))
    impact = any(a != NONE_OF_THESE for a in areas)
    indicated = provides_necessary_care and bool(unable) and health and impact
    regulation = provides_necessary_care and (bool(unable) or health) and impact
    return Eligibility(unable, health, impact, indicated, regulation)


def eligibility_indicated(answers: Mapping[str, Any]) -> bool:
    return assess(answers).indicated


def regulation_3_met(answers: Mapping[str, Any]) -> bool:
    return assess(answers).regulation_met


# --- prerequisites -------------------------------------------------------------------------------


def prerequisite_problems(primary_group: str, employment_status: str) -> list[str]:
    """What must be on the carer's person record before a Carers Conversation starts,
    each with where to fix it (seed 004, section 1)."""
    problems = []
    if primary_group != CARER_GROUP:
        now = f" (it is '{primary_group}' now)" if primary_group else ""
        problems.append(
            f"The 'Carer' service user group must be the primary group{now}: add it under "
            "Person details > Service user groups and make it primary."
        )
    if not employment_status.strip():
        problems.append(
            "Employment status is not recorded: ask the carer, then record it under "
            "Person details > Employment status."
        )
    return problems


# --- next actions --------------------------------------------------------------------------------


@dataclass(frozen=True)
class NextActions:
    actions: tuple[str, ...]
    nfa_reason: str = ""
    nfa_note: str = ""
    review_date: date | None = None
    review_team: str = ""
    priority: str = "Normal"


def next_actions_from(answers: Mapping[str, Any]) -> NextActions:
    raw = answers.get("review_date")
    review = None
    if raw:
        try:
            review = date.fromisoformat(str(raw)[:10])
        except ValueError:
            review = None
    return NextActions(
        actions=tuple(a for a in _ticked(answers.get("next_actions")) if a in ACTIONS),
        nfa_reason=str(answers.get("nfa_reason") or ""),
        nfa_note=str(answers.get("nfa_note") or ""),
        review_date=review,
        review_team=str(answers.get("review_team") or ""),
        priority=str(answers.get("priority") or "Normal"),
    )


def a_year_after(day: date) -> date:
    """The default date of the Carers Review: a year on (28 Feb for 29 Feb)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def next_action_problems(
    plan: NextActions, *, funds_required: bool, today: date, teams: Sequence[str] = ()
) -> dict[str, str]:
    """What is wrong with the chosen next actions, by field (seed 004, sections 4 and 6)."""
    problems: dict[str, str] = {}
    chosen = set(plan.actions)
    if not chosen:
        problems["next_actions"] = "Choose at least one next action."
        return problems
    if NO_FURTHER_ACTION in chosen and len(chosen) > 1:
        problems["next_actions"] = "No further action cannot go with other actions."
    if funds_required and not {PURCHASE_SERVICE, CARERS_REVIEW} <= chosen:
        problems["next_actions"] = (
            "A carer's budget needs both Purchase service and a Carers review in a year."
        )
    if NO_FURTHER_ACTION in chosen:
        if plan.nfa_reason not in NFA_REASONS:
            problems["nfa_reason"] = "Choose the reason for no further action."
        elif plan.nfa_reason.startswith("Other") and not plan.nfa_note.strip():
            problems["nfa_note"] = "Say what the other reason is."
    if CARERS_REVIEW in chosen:
        if plan.review_date is None:
            problems["review_date"] = "Give the date of the review (normally a year from now)."
        elif plan.review_date <= today:
            problems["review_date"] = "The review must be scheduled after today."
        if not plan.review_team:
            problems["review_team"] = "Choose the team the review is passed to."
        elif teams and plan.review_team not in teams:
            problems["review_team"] = f"There is no team called '{plan.review_team}'."
    if plan.priority not in PRIORITIES:
        problems["priority"] = "Choose the priority: Urgent, Normal or Low."
    return problems
