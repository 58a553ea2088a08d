"""The carers conversation and carers review wizards (W3, W4)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import select

from caretui.rules import clock
from caretui.rules.permissions import (
    Action,
    Actor,
)
from caretui.rules.vocab import ActivityStatus, ActivityType, FormStatus
from caretui.store.db import Store
from caretui.store.errors import (
    DomainError,
)
from caretui.store.models import (
    Activity,
    FormInstance,
    Person,
    Team,
)
from caretui.store.ops.activities import case_note, insert_activity
from caretui.store.ops.forms import create_form, editable_form, write_answers
from caretui.store.ops.writing import (
    awaits_countersignature,
    check_version,
    open_case_for_write,
    person_for_case,
    record_audit,
    transaction,
)


def start_carers_form(
    store: Store, actor: Actor, *, case_id: int, form_type: str
) -> tuple[int, int | None]:
    """The Carers Conversation or Review form the wizard fills: the one In Progress, or new.

    A Carers Conversation is refused while a Carers Review is scheduled for the person
    (seed 004 section 5: starting a new conversation would duplicate it); a Carers Review
    picks up the scheduled review activity. Returns the form and that activity, if any.
    """
    from caretui.rules.carers import prerequisite_problems
    from caretui.store.queries.carers import scheduled_review_in

    with transaction(store) as session:
        case = open_case_for_write(session, actor, case_id, Action.CREATE_FORM)
        person = person_for_case(session, case)
        problems = prerequisite_problems(
            person.primary_service_user_group, person.employment_status
        )
        if problems:
            raise DomainError(" ".join(problems))
        review = scheduled_review_in(session, case.person_id)
        if form_type == "carers_conversation_record" and review is not None:
            raise DomainError(
                f"A Carers Review is scheduled for {review.due_date:%d %b %Y} "
                f"(activity {review.id}). Start the Carers Review instead (v), so the carer's "
                "record is not duplicated."
            )
        existing = session.exec(
            select(FormInstance).where(
                FormInstance.case_id == case_id,
                FormInstance.form_type == form_type,
                FormInstance.status == FormStatus.IN_PROGRESS,
            )
        ).first()
        review_id = review.id if review is not None else None
        if review is not None and review.responsible_user_id is None:
            review.responsible_user_id = actor.id  # "Assign step: Yes": it is now theirs
            review.updated_by_id = actor.id
            review.updated_at = clock.now()
            review.version += 1
            session.add(review)
            record_audit(
                session,
                store,
                actor,
                "activity.pick_up",
                "activity",
                review.id,
                person_id=case.person_id,
                case_id=review.case_id,
            )
        if existing is not None:
            return existing.id, review_id  # type: ignore[return-value]
    form_id = create_form(
        store, actor, case_id=case_id, form_type=form_type, responsible_user_id=actor.id
    )
    return form_id, review_id


def finish_carers_form(
    store: Store,
    actor: Actor,
    form_id: int,
    answers: dict[str, Any],
    *,
    expected_version: int,
    review_activity_id: int | None = None,
) -> list[int]:
    """Complete a Carers Conversation or Review and carry out its next actions (W3, W4).

    In one transaction: the form is completed (it waits for the manager, as its type
    says), the scheduled review being picked up is completed, and each next action is
    recorded: Purchase Service as a task for the worker, a Carers Review as a task on the
    chosen team's queue due on the scheduled date, No further action as a case note with
    its reason. Returns the activities created.
    """
    from caretui.rules.carers import (
        CARERS_REVIEW,
        NO_FURTHER_ACTION,
        PURCHASE_SERVICE,
        PURCHASE_SUBJECT,
        REVIEW_SUBJECT,
        next_action_problems,
        next_actions_from,
    )
    from caretui.rules.errors import FormInvalid
    from caretui.rules.forms import load_spec, validate

    with transaction(store) as session:
        form, case = editable_form(session, actor, form_id)
        check_version(form, expected_version, "form", session)
        spec = load_spec(form.form_type)
        today = clock.today()
        teams = {t.name: t.id for t in session.exec(select(Team)).all()}
        plan = next_actions_from(answers)
        problems = validate(spec, answers, completing=True, today=today)
        problems.update(
            next_action_problems(
                plan,
                funds_required=answers.get("funds_required") == "Yes",
                today=today,
                teams=list(teams),
            )
        )
        unknown = [
            row.get("person_id")
            for row in answers.get("cared_for") or []
            if isinstance(row, dict)
            and isinstance(row.get("person_id"), int)
            and session.get(Person, row["person_id"]) is None
        ]
        if unknown:
            problems["cared_for"] = (
                f"Nobody on the record has the ID {unknown[0]}: find the person again."
            )
        if problems:
            raise FormInvalid(problems)
        diff = write_answers(session, form, answers)
        now = clock.now()
        form.updated_by_id = actor.id
        form.updated_at = now
        form.completed_at = now
        form.completed_by_id = actor.id
        form.returned_reason = ""
        form.version += 1
        if form.needs_manager:
            form.status = FormStatus.COMPLETE
        else:
            form.status = FormStatus.CLOSED
            form.closed_at = now
            form.closed_by_id = actor.id
        if awaits_countersignature(actor):
            form.awaiting_countersignature = True
        session.add(form)
        record_audit(
            session,
            store,
            actor,
            "form.complete",
            "form",
            form.id,
            person_id=case.person_id,
            case_id=case.id,
            detail={**diff, "next_actions": list(plan.actions)},
        )
        if review_activity_id is not None:
            review = session.get(Activity, review_activity_id)
            if review is not None and review.status == ActivityStatus.OPEN:
                review.status = ActivityStatus.COMPLETED
                review.completed_at = now
                review.responsible_user_id = review.responsible_user_id or actor.id
                review.updated_by_id = actor.id
                review.updated_at = now
                review.version += 1
                session.add(review)
                record_audit(
                    session,
                    store,
                    actor,
                    "activity.complete",
                    "activity",
                    review.id,
                    person_id=case.person_id,
                    case_id=review.case_id,
                    detail={"picked_up_by_form": form.id},
                )
        created: list[int] = []
        note = str(answers.get("action_note") or "").strip()

        def task(subject: str, *, team_id: int, user_id: int | None, due: date | None) -> int:
            return insert_activity(
                session,
                store,
                actor,
                case,
                kind=ActivityType.TASK,
                subject=subject,
                responsible_team_id=team_id,
                responsible_user_id=user_id,
                now=now,
                detail={"type": ActivityType.TASK.value, "subject": subject, "from_form": form.id},
                notes=f"Priority: {plan.priority}." + (f"\n{note}" if note else ""),
                due_date=due,
            )

        if PURCHASE_SERVICE in plan.actions:
            created.append(
                task(
                    f"{PURCHASE_SUBJECT} ({plan.priority})",
                    team_id=actor.team_id,
                    user_id=actor.id,
                    due=None,
                )
            )
        if CARERS_REVIEW in plan.actions:
            created.append(
                task(
                    f"{REVIEW_SUBJECT} ({plan.priority})",
                    team_id=teams[plan.review_team],
                    user_id=None,
                    due=plan.review_date,
                )
            )
        if NO_FURTHER_ACTION in plan.actions:
            reason = plan.nfa_reason + (f": {plan.nfa_note.strip()}" if plan.nfa_note else "")
            created.append(
                case_note(
                    session,
                    store,
                    actor,
                    case,
                    f"{spec.title}: no further action",
                    f"Reason: {reason}",
                )
            )
        return created
