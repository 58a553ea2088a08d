"""New contact / referral (issue 12, R1 and R2): every referral comes through this door.

A wizard over the wizard frame: **Person** (find them first, as ``/`` does; ``enter``
picks someone on record, the last row makes a new person), **Details** (a new person's
record, with the Client Level Data about them), **Duplicates** (people on record who may
be the new person, each with why, listed before anyone is created; ``enter`` uses one,
and a new record anyway needs a reason), **Contact** (when, who made it, the route, why,
how urgent: the Care Act clock starts at the date and time of initial contact),
**Consent** (optional here) and **Check**. ``ctrl+s`` records it: the person (if new), a
case awaiting screening on the recorder's team, the referral and the consent. Whatever is
typed is a draft a second later, so escape, ``ctrl+q`` or a dropped connection lose
nothing: ``N`` again carries on. A practitioner or manager who may screen is then offered
"Screen it now".

Opened with :func:`open_new_contact` from the dashboard and person search (``N``) and
the palette ("New contact / referral").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import cache
from typing import Any, cast

from rich.text import Text
from textual import on, work
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from caretui.rules import clock
from caretui.rules.consent import (
    ConsentEventKind,
    ConsentNature,
    LawfulBasis,
    consent_event_problems,
)
from caretui.rules.duplicates import DuplicateCandidate, duplicate_lookups, override_problems
from caretui.rules.errors import PracticeError
from caretui.rules.forms import Condition, Field, Section, parse_spec
from caretui.rules.names import read_search
from caretui.rules.permissions import Action, Actor, PermissionDenied, allowed, require
from caretui.rules.referrals import Priority, ReferralSource, RouteOfAccess, contact_problems
from caretui.rules.roles import Role
from caretui.rules.wording import Choice
from caretui.screens import contact_answers as typed
from caretui.screens.contact_answers import with_options
from caretui.screens.referral_view import contact_summary, summary_step
from caretui.screens.wizard import Step, WizardScreen, wizard_spec
from caretui.store.db import Store
from caretui.store.queries import referrals, search
from caretui.store.queries.referrals import DuplicateRow
from caretui.widgets.contact_steps import DuplicateList, PersonFinder

PERSON, DETAILS, DUPLICATES, CONTACT, CONSENT, CHECK = range(6)

CLD_LISTS = {
    "gender": "cld_gender",
    "ethnicity": "cld_ethnicity",
    "primary_support_reason": "cld_primary_support_reason",
    "accommodation_status": "cld_accommodation_status",
    "employment_status": "cld_employment_status",
}
"""The person's Client Level Data answers, offered as the CLD section of the forms offers them."""

CHOICES: dict[str, Sequence[Choice]] = {
    "source": tuple(ReferralSource),
    "route": tuple(RouteOfAccess),
    "urgency": tuple(Priority),
    "consent_kind": (
        ConsentEventKind.GIVEN,
        ConsentEventKind.NO_CONSENT,
        ConsentEventKind.REFUSED,
    ),
    "consent_nature": tuple(ConsentNature),
    "lawful_basis": tuple(LawfulBasis),
}
"""Choices whose options are the rules' own lists: stored values, read as their labels."""

REFERRER = frozenset({"referrer_name", "referrer_contact"})


@cache
def cld_field(key: str) -> Field:
    """A question of the forms' Client Level Data section, for its option list."""
    spec = parse_spec("cld", 'title = "Client Level Data"\n[[sections]]\ninclude = "cld"\n')
    return spec.field(key)


class NewContactWizard(WizardScreen):
    kind = "new_contact"
    heading = "New contact / referral"
    resume_hint = "Press N on the dashboard to carry on."

    def __init__(self, store: Store, actor: Actor, search_text: str = "") -> None:
        super().__init__(store, actor, 0)
        self.search_text = search_text
        self.candidates: list[DuplicateRow] = []
        self.checked_for: Any = None
        self.say_duplicate_problem = False
        self.result: Any = None  # ops.referrals.ContactRecorded once recorded

    @property
    def draft_key(self) -> str:
        return "wizard:new_contact"

    def title_line(self) -> str:
        name = typed.person_name(self.answers)
        mode = typed.text(self.answers, "person_mode")
        if not name:
            return f"{self.heading}: find the person first"
        which = "new person" if mode == "new" else f"P{self.answers.get('person_id')}"
        return f"{self.heading} — {name} ({which})"

    def _retitle(self) -> None:
        self.person = typed.person_name(self.answers)
        self.query_one("#wizard-title", Static).update(self.title_line())

    # --- setting up ---------------------------------------------------------------------------

    def setup(self, context: Any) -> None:
        spec = wizard_spec("new_contact")
        sections: dict[str, Section] = {s.key: s for s in spec.sections}
        self.person_questions = sections["person"].fields
        self.steps = [
            Step("Person", build=self._person_step),
            Step("Details", spec, sections["person"], rebuild=True),
            Step("Duplicates", build=self._duplicates_step, rebuild=True),
            Step("Contact", spec, sections["contact"]),
            Step("Consent", spec, sections["consent"]),
            Step("Check", build=self._check_step, rebuild=True),
        ]
        now = clock.now()
        self.answers.update(
            contact_date=now.date().isoformat(),
            contact_time=f"{now:%H:%M}",
            consent_on=now.date().isoformat(),
        )

    def accepts(self, data: Any) -> bool:
        accepted = super().accepts(data)
        if accepted:
            self.call_after_refresh(self._after_restore)
        return accepted

    def _after_restore(self) -> None:
        self._retitle()
        self.check_duplicates_soon()

    def adapt(self, field: Field) -> Field:
        if field.key in CLD_LISTS:
            cld = cld_field(CLD_LISTS[field.key])
            return replace(field, options=cld.options, option_labels=cld.option_labels)
        if field.key in CHOICES:
            return with_options(field, CHOICES[field.key])
        if field.key in REFERRER:
            asks = tuple(s.value for s in ReferralSource if s.needs_referrer)
            return replace(field, required=True, shown_when=Condition("source", among=asks))
        return field

    # --- what is still needed -----------------------------------------------------------------

    @property
    def new(self) -> bool:
        return typed.text(self.answers, "person_mode") == "new"

    @property
    def chosen(self) -> bool:
        return typed.text(self.answers, "person_mode") in ("new", "existing")

    def extra_problems(self) -> dict[str, str]:
        problems = contact_problems(typed.contact_draft(self.answers), now=clock.now())
        bad_time = typed.time_problem(self.answers.get("contact_time"))
        if bad_time:
            problems["contact_time"] = bad_time
        event = typed.consent_event(self.answers, self.actor.name)
        if event is not None:
            found = consent_event_problems(event, today=clock.today())
            problems.update(typed.on_consent_fields(found))
        return problems

    def duplicate_problem(self) -> str:
        """Creating a person whom the check found may be someone on record needs a reason."""
        if not self.new:
            return ""
        # override_problems counts the candidates: the store's rows stand in for the rule's.
        found = cast(Sequence[DuplicateCandidate], self.candidates)
        reason = typed.text(self.answers, "duplicate_reason")
        return override_problems(found, reason).get("duplicate_reason", "")

    def needed(self) -> list[list[str]]:
        out = super().needed()
        if not self.chosen:
            out[PERSON].append("Who the contact is about")
        if self.duplicate_problem():
            out[DUPLICATES].append("Why a new record is needed")
        return out

    def note(self, index: int) -> str | Text:
        if index == PERSON and self.chosen:
            return Text.assemble(
                ("Chosen: ", "bold"),
                self.title_line().split(" — ", 1)[-1],
                " (pick another to change it)",
            )
        if index in (DETAILS, DUPLICATES) and not self.new:
            return "Only for a new person: the person chosen is already on record."
        if index == CHECK:
            return "ctrl+s records the contact; escape keeps it as a draft."
        return ""

    async def go_to_missing(self, *, following: bool = False) -> bool:
        self.say_duplicate_problem = True  # if that is where it goes (see step_ready)
        return await super().go_to_missing(following=following)

    # --- moving between steps: a person on record skips Details and Duplicates ------------------

    def _skipped(self, index: int) -> bool:
        return index in (DETAILS, DUPLICATES) and not self.new

    async def _move(self, by: int) -> None:
        index = self.frame.index + by
        while 0 <= index < len(self.steps) and self._skipped(index):
            index += by
        if 0 <= index < len(self.steps):
            await self.frame.show_step(index)

    async def action_next_step(self) -> None:
        if self.ready:
            await self._move(1)

    async def action_previous_step(self) -> None:
        if self.ready:
            await self._move(-1)

    # --- Person -------------------------------------------------------------------------------

    def _person_step(self) -> Widget:
        chosen = self.note(PERSON) if self.chosen else ""
        return PersonFinder(self.search_text, str(chosen).strip(), id="finder")

    @on(PersonFinder.Searched)
    def _search(self, event: PersonFinder.Searched) -> None:
        self.search_text = event.text
        self.find_people(event.text)

    @work(thread=True, exclusive=True, exit_on_error=False, group="contact-search")
    def find_people(self, text: str) -> None:
        try:
            found = search.search_people(self.store, self.actor, text)
        except PracticeError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self._found, text, found)

    def _found(self, text: str, found: search.PersonSearch) -> None:
        finders = list(self.query(PersonFinder).results(PersonFinder))
        if finders and finders[0].text == text:
            finders[0].show(found.hits, found.hint)

    @on(PersonFinder.Picked)
    async def _picked(self, event: PersonFinder.Picked) -> None:
        if event.person_id is None:
            self.answers["person_mode"] = "new"
            self._names_from_search()
            step = DETAILS
        else:
            self.answers.update(
                person_mode="existing", person_id=event.person_id, person_name=event.name
            )
            step = CONTACT
        self._retitle()
        self.changed()
        await self.frame.show_step(step)
        self.check_duplicates_soon()

    def _names_from_search(self) -> None:
        """What was searched for fills the new person's blanks: a name, a date, a number."""
        terms = read_search(self.search_text)
        a = self.answers
        if terms.kind == "name" and not (a.get("first_name") or a.get("last_name")):
            words = [w.capitalize() for w in self.search_text.split()]
            if len(words) > 1:
                a["first_name"], a["last_name"] = words[0], " ".join(words[1:])
            elif words:
                a["last_name"] = words[0]
        elif terms.kind == "dob" and terms.born and not a.get("date_of_birth"):
            a["date_of_birth"] = terms.born.isoformat()
        elif terms.kind == "nhs" and not a.get("nhs_number"):
            a["nhs_number"] = terms.nhs

    # --- Duplicates ---------------------------------------------------------------------------

    def _duplicates_step(self) -> Widget:
        return DuplicateList(typed.text(self.answers, "duplicate_reason"), id="duplicates")

    def step_ready(self, index: int) -> None:
        if index == DUPLICATES:
            self._show_duplicates()
            self.check_duplicates_soon()
            if self.say_duplicate_problem:
                self._duplicate_list_error()
        self.say_duplicate_problem = False

    def changed(self) -> None:
        super().changed()
        self._retitle()
        self.check_duplicates_soon()  # only when the name, birth, number or postcode changed

    def check_duplicates_soon(self) -> None:
        """Check again for people on record who may be this one, if what it reads changed."""
        if not self.new:
            return
        wanted = typed.new_person(self.answers)
        if wanted == self.checked_for:
            return
        if duplicate_lookups(wanted).empty:
            self.checked_for = wanted
            self.candidates = []
            self._show_duplicates()
            self.refresh_state()
            return
        self.check_duplicates(wanted)

    @work(thread=True, exclusive=True, exit_on_error=False, group="contact-duplicates")
    def check_duplicates(self, wanted: Any) -> None:
        rows = referrals.duplicate_candidates(self.store, self.actor, wanted)
        self.app.call_from_thread(self._duplicates_found, wanted, rows)

    def _duplicates_found(self, wanted: Any, rows: list[DuplicateRow]) -> None:
        if wanted != typed.new_person(self.answers):
            return  # typed on since: another check is on its way
        self.checked_for = wanted
        self.candidates = list(rows)
        self._show_duplicates()
        self.refresh_state()

    def _duplicate_list(self) -> DuplicateList | None:
        return next(iter(self.query(DuplicateList).results(DuplicateList)), None)

    def _show_duplicates(self) -> None:
        view = self._duplicate_list()
        if view is None:
            return
        looked = self.checked_for is not None and not duplicate_lookups(self.checked_for).empty
        view.show(self.candidates, checked=looked, name=typed.person_name(self.answers))

    def _duplicate_list_error(self) -> None:
        view = self._duplicate_list()
        if view is not None:
            view.show_error(self.duplicate_problem())
            # After the step's own first focus (on the list), into the reason.
            self.call_after_refresh(view.query_one("#dup-reason").focus)

    @on(DuplicateList.Picked)
    def _use_record(self, event: DuplicateList.Picked) -> None:
        self.use_record(event.row.person_id, event.row.name)

    @work(thread=True, exclusive=True, exit_on_error=False, group="contact-use-record")
    def use_record(self, person_id: int, name: str) -> None:
        """Use a person on record instead, unless they have a current case already."""
        found = search.search_people(self.store, self.actor, f"P{person_id}").hits
        hit = found[0] if found else None
        if hit is not None and hit.case_id is not None:
            self.app.call_from_thread(
                self.notify,
                f"{name} already has a current case ({hit.case}). Record this contact on "
                f"case {hit.case_id} as an activity instead.",
                severity="warning",
                timeout=12,
            )
            return
        self.app.call_from_thread(self._use_existing, person_id, name)

    async def _use_existing(self, person_id: int, name: str) -> None:
        self.answers.update(person_mode="existing", person_id=person_id, person_name=name)
        self.notify(f"The contact is recorded for {name} (P{person_id}): no new record.")
        self._retitle()
        self.changed()
        await self.frame.show_step(CONTACT)

    @on(DuplicateList.ReasonChanged)
    def _reason_typed(self, event: DuplicateList.ReasonChanged) -> None:
        self.answers["duplicate_reason"] = event.text
        self.changed()

    # --- Check --------------------------------------------------------------------------------

    def _check_step(self) -> Widget:
        return summary_step(contact_summary(self.answers, self.candidates))

    # --- recording ----------------------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="wizard-finish")
    def finish(self) -> None:
        from caretui.store.ops.referrals import LikelyDuplicates, record_contact

        a = self.answers
        contact = typed.contact_draft(a)
        consent = typed.consent_event(a, self.actor.name)
        try:
            if self.new:
                result = record_contact(
                    self.store,
                    self.actor,
                    contact=contact,
                    new_person=typed.new_person_fields(a, self.person_questions),
                    duplicate_reason=typed.text(a, "duplicate_reason"),
                    consent=consent,
                )
            else:
                result = record_contact(
                    self.store,
                    self.actor,
                    contact=contact,
                    person_id=int(a["person_id"]),
                    consent=consent,
                )
            self.discard_draft()
        except LikelyDuplicates as exc:
            self.app.call_from_thread(self._store_found_duplicates, list(exc.candidates))
            return
        except PracticeError as exc:
            self.app.call_from_thread(self.failed, exc)
            return
        self.result = result
        student = self.actor.role is Role.STUDENT
        self.app.call_from_thread(
            self.finished,
            f"Contact recorded for {typed.person_name(a)}: case {result.case_id} awaits "
            f"screening{' and, as a student entry, a countersignature' * student}.",
        )

    async def _store_found_duplicates(self, rows: list[DuplicateRow]) -> None:
        """The store's own check found people the screen's had not (typed since, or new)."""
        self.busy = False
        self.checked_for = typed.new_person(self.answers)
        self.candidates = rows
        self.notify(
            "Someone on record may be this person: use their record, or say why a new one "
            "is needed.",
            severity="warning",
            timeout=10,
        )
        self.say_duplicate_problem = True
        await self.frame.show_step(DUPLICATES)

    def problem_fields(self, problems: Mapping[str, str]) -> dict[str, str]:
        return typed.on_consent_fields(problems)


# --- opening it, and what follows -------------------------------------------------------------


def open_new_contact(screen: Screen[Any], store: Store, actor: Actor, text: str = "") -> None:
    """The new-contact wizard; once recorded, the offer to screen it now (or open the case)."""
    try:
        require(actor, Action.RECORD_CONTACT)
    except PermissionDenied as exc:
        screen.notify(str(exc), severity="warning", timeout=10)
        return
    wizard = NewContactWizard(store, actor, text)

    def done(recorded: bool | None) -> None:
        if recorded and wizard.result is not None:
            refresh = getattr(screen, "action_refresh", None)
            if refresh is not None:  # the dashboard: Referrals to screen has one more
                refresh()
            offer_screening(screen, store, actor, wizard.result.case_id, wizard.person)

    screen.app.push_screen(wizard, done)


def offer_screening(
    screen: Screen[Any], store: Store, actor: Actor, case_id: int, person: str
) -> None:
    from caretui.widgets.choose_one import ChooseOne

    choices: list[tuple[str, Any]] = []
    if allowed(actor, Action.SCREEN_REFERRAL):
        choices.append(("Screen it now (accept, waiting list, decline or advice)", "screen"))
    choices += [
        (f"Open the case ({case_id})", "case"),
        ("Not now: it waits on the team's Referrals to screen", None),
    ]

    def chosen(what: str | None) -> None:
        if what == "screen":
            from caretui.screens.screening import ScreeningWizard

            refresh = getattr(screen, "action_refresh", None)
            screen.app.push_screen(
                ScreeningWizard(store, actor, case_id), lambda _done: refresh and refresh()
            )
        elif what == "case":
            screen.app.open_case(case_id)  # type: ignore[attr-defined]

    screen.app.push_screen(
        ChooseOne(f"Contact recorded for {person}, case {case_id}", choices), chosen
    )
