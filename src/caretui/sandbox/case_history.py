"""A generated case's story: who held it, what was done, what is open, which forms.

``CaseHistory`` adds to the record writers the pieces a generated case is made of:
the chain of assignments and involvements, past activities drawn from the scenario's
beats, open work, forms in their lifecycle, and an earlier closed episode.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from caretui.rules.form_types import BY_KEY as FORM_TYPES_BY_KEY
from caretui.rules.vocab import CLOSURE_REASONS, CaseStatus, ClosureStatus, FormStatus
from caretui.sandbox import words
from caretui.sandbox.records import CaseFacts, RecordWriter
from caretui.sandbox.staff import TeamStaff, Worker


class CaseHistory(RecordWriter):
    """The parts of a generated case, written with the ``RecordWriter`` rows."""

    def _assign(
        self,
        facts: CaseFacts,
        team: TeamStaff,
        worker: Worker | None,
        colleagues: Sequence[Worker],
        received: datetime,
        allocated: date,
        manager_id: int | None,
        transferred_from: Worker | None = None,
    ) -> None:
        """Assignment history ending with the case's current holder, and their involvements.

        Each row ends at the moment the next begins, so the history reads as one chain:
        (the hospital team, ) the team's duty desk, perhaps an earlier worker, the worker.
        """
        rng = self.rng
        case_id = facts.case_id
        moment = received

        def then(day: date) -> datetime:
            nonlocal moment
            moment = max(self.at(day), moment + timedelta(minutes=5))
            return moment

        start = received
        duty_note, duty_by = "Duty", manager_id
        if transferred_from is not None:
            old = transferred_from
            moved = then(self.between(facts.referral_date + timedelta(days=2), allocated))
            self.assignment(case_id, old.team_id, old.id, start, moved, old.id, "Allocated")
            facts.earlier_worker, facts.handover = old, moved.date()
            self.involvement(
                case_id, old.id, old.team_id, "Allocated Worker", start.date(), moved.date()
            )
            start, duty_note, duty_by = moved, "Transferred on discharge", old.id
        if worker is None:
            note = duty_note if transferred_from else "Awaiting allocation"
            self.assignment(case_id, team.id, None, start, None, duty_by, note)
            return
        if allocated > start.date() or transferred_from is not None:
            allocated_at = then(allocated)
            self.assignment(case_id, team.id, None, start, allocated_at, duty_by, duty_note)
            start = allocated_at
        previous: list[Worker] = []
        if (self.today - allocated).days > 30 and rng.random() < 0.15:
            previous = [c for c in colleagues if c.id != worker.id and c.team_id == team.id]
        if previous:
            before = self.pick(previous)
            change = then(
                self.between(allocated + timedelta(days=7), self.today - timedelta(days=7))
            )
            self.assignment(case_id, team.id, before.id, start, change, manager_id, "Allocated")
            self.involvement(
                case_id, before.id, team.id, "Allocated Worker", start.date(), change.date()
            )
            self.assignment(case_id, team.id, worker.id, change, None, manager_id, "Reallocated")
            self.involvement(case_id, worker.id, team.id, "Allocated Worker", change.date())
        else:
            self.assignment(case_id, team.id, worker.id, start, None, manager_id, "Allocated")
            self.involvement(case_id, worker.id, team.id, "Allocated Worker", start.date())
        helper = self.pick(colleagues) if colleagues and rng.random() < 0.25 else worker
        if helper.id != worker.id:
            start = self.between(allocated, self.today)
            ended = rng.random() < 0.35 and start < self.today - timedelta(days=3)
            end = self.between(start, self.today - timedelta(days=1)) if ended else None
            role = helper.involvement_role
            if role == "Secondary Worker" and rng.random() < 0.15:
                role = "Best Interests Assessor"
            self.involvement(case_id, helper.id, helper.team_id, role, start, end)

    def _beats(self, scenario: words.Scenario, count: int) -> list[words.Beat]:
        pool = scenario.history
        chosen = sorted(self.rng.sample(range(len(pool)), min(count, len(pool))))
        beats = [pool[i] for i in chosen]
        for chance in (0.75, 0.35):
            if self._random() < chance:
                beats.insert(self.randint(0, len(beats)), self.pick(words.COMMON_HISTORY))
        return beats

    def _history(
        self,
        facts: CaseFacts,
        team: TeamStaff,
        worker: Worker | None,
        scenario: words.Scenario,
        start: date,
        end: date,
        open_case: bool,
    ) -> None:
        rng = self.rng
        age_days = (end - start).days
        count = self.randint(1, 2) if age_days < 7 else self.randint(4, 8)
        beats = self._beats(scenario, count)
        days = sorted(self.between(start, max(start, end)) for _ in beats)
        ctx = facts.ctx
        owner = worker or team.any_member()
        if owner is None:
            return
        student = team.students[0] if team.students else None
        manager = team.manager
        for beat, day in zip(beats, days, strict=True):
            kind, subject, notes, direction, contact, location, outcome = beat
            author = owner.id
            by_student = (
                open_case
                and student is not None
                and rng.random() < 0.06
                and kind in ("case_note", "phone_call", "appointment")
            )
            countersigner = None
            if by_student:
                assert student is not None
                author = student.id
                recent = (self.today - day).days <= 14
                countersigner = None if recent or manager is None else manager.id
            when = self.at(day)
            holder = worker
            if facts.handover and day <= facts.handover and facts.earlier_worker:
                holder = facts.earlier_worker  # written by the hospital team before handover
                author = holder.id if author == owner.id else author
            self.activity(
                facts,
                kind,
                subject.format_map(ctx),
                when=when,
                team_id=holder.team_id if holder else team.id,
                user_id=holder.id if holder else None,
                author_id=author,
                done=True,
                notes=notes.format_map(ctx),
                due=day + timedelta(days=self.randint(0, 5)) if kind == "task" else None,
                direction=direction,
                contact=contact.format_map(ctx),
                location=location.format_map(ctx),
                outcome=outcome,
                student=by_student,
                countersigned_by=countersigner,
            )

    def _open_work(
        self, facts: CaseFacts, team: TeamStaff, worker: Worker | None, scenario: words.Scenario
    ) -> None:
        rng = self.rng
        ctx = facts.ctx
        count = self.pick((0, 1, 1, 1, 2, 2))
        owner = worker or team.any_member()
        if owner is None or count == 0:
            return
        beats = rng.sample(scenario.open_work, min(count, len(scenario.open_work)))
        if rng.random() < 0.3:
            beats[-1] = self.pick(words.COMMON_OPEN)
        for beat in beats:
            kind, subject, notes, direction, contact, location, _ = beat
            queue = worker is None or rng.random() < 0.15
            due = None
            if kind == "appointment":
                when = self.at(self.today + timedelta(days=self.randint(1, 21)), 9 * 60, 16 * 60)
            else:
                when = self.at(self.today - timedelta(days=self.randint(0, 6)))
                if kind == "task":  # due after it was set; some by now overdue
                    due = when.date() + timedelta(days=self.randint(0, 14))
            self.activity(
                facts,
                kind,
                subject.format_map(ctx),
                when=when,
                team_id=team.id,
                user_id=None if queue else owner.id,
                author_id=owner.id,
                done=False,
                notes=notes.format_map(ctx),
                due=due,
                direction=direction,
                contact=contact.format_map(ctx),
                location=location.format_map(ctx),
            )

    def _forms(
        self,
        facts: CaseFacts,
        team: TeamStaff,
        worker: Worker | None,
        scenario: words.Scenario,
        state: str,
        referral: date,
        *,
        open_case: bool,
    ) -> None:
        """Closed forms for work done; on open cases perhaps one In Progress, one Complete.

        At most one unfinished form of a type per case, as the guide requires.
        """
        rng = self.rng
        owner = worker or team.any_member()
        if owner is None:
            return
        manager_id = team.manager.id if team.manager else None
        types = scenario.forms
        closed = (1 if state == "done" else self.pick((0, 0, 1))) + (rng.random() < 0.3)
        for form_type in types[:closed]:
            self.form(
                facts.case_id,
                form_type,
                FormStatus.CLOSED,
                created=self.between(referral, self.today - timedelta(days=1)),
                user_id=owner.id,
                author_id=owner.id,
                manager_id=manager_id,
            )
        if not open_case or worker is None:
            return
        unfinished = ""
        if rng.random() < 0.35:
            unfinished = self.pick(types)
            self.form(
                facts.case_id,
                unfinished,
                FormStatus.IN_PROGRESS,
                created=self.days_ago(0, 10),
                user_id=worker.id,
                author_id=worker.id,
                manager_id=manager_id,
                answers=self.randint(0, 2),
            )
        waiting = [t for t in types if FORM_TYPES_BY_KEY[t].needs_manager and t != unfinished]
        if waiting and rng.random() < 0.1:
            self.form(
                facts.case_id,
                waiting[0],
                FormStatus.COMPLETE,
                created=self.days_ago(3, 20),
                user_id=worker.id,
                author_id=worker.id,
                manager_id=manager_id,
            )

    def _closed_case(
        self,
        person_id: int,
        team: TeamStaff,
        worker: Worker | None,
        scenario: words.Scenario,
        ctx: dict[str, str],
        referral: date,
    ) -> int | None:
        """An earlier episode, assessed, worked and closed with an authorised closure."""
        if worker is None:
            return None
        closed_on = referral + timedelta(days=self.randint(45, 240))
        reason = self.pick(CLOSURE_REASONS[:5])
        case_id = self.sink.next_id("case_record")
        opened = self.at(referral)
        self.sink.add(
            "case_record",
            {
                "id": case_id,
                "person_id": person_id,
                "status": CaseStatus.CLOSED,
                "referral_date": referral,
                "referral_source": self.pick(scenario.sources),
                "referral_reason": self.pick(scenario.reasons).format_map(ctx),
                "priority": "Normal",
                "responsible_user_id": worker.id,
                "responsible_team_id": team.id,
                "assessment_completed_on": referral + timedelta(days=self.randint(5, 26)),
                "closure_reason": reason,
                "closed_on": closed_on,
                "created_at": opened,
                "created_by_id": worker.id,
                "updated_at": self.at(closed_on),
                "updated_by_id": team.manager.id if team.manager else worker.id,
            },
        )
        facts = CaseFacts(
            person_id, case_id, team.id, worker.id, referral, referral, "", "", "", "", ctx
        )
        manager_id = team.manager.id if team.manager else None
        self.assignment(case_id, team.id, worker.id, opened, None, manager_id, "Allocated")
        self.involvement(case_id, worker.id, team.id, "Allocated Worker", referral)
        self._history(facts, team, worker, scenario, referral, closed_on, False)
        self.form(
            case_id,
            scenario.forms[0],
            FormStatus.CLOSED,
            created=referral + timedelta(days=3),
            user_id=worker.id,
            author_id=worker.id,
            manager_id=manager_id,
        )
        if manager_id is not None:
            self.sink.add(
                "closure_request",
                {
                    "case_id": case_id,
                    "team_id": team.id,
                    "status": ClosureStatus.AUTHORISED,
                    "closure_reason": reason,
                    "summary": self.pick(words.CLOSURE_SUMMARIES),
                    "requested_by_id": worker.id,
                    "requested_at": self.at(closed_on - timedelta(days=2)),
                    "decided_by_id": manager_id,
                    "decided_at": self.at(closed_on),
                },
            )
        return case_id
