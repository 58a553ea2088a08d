"""S1: the permission table is what every op enforces, on SQLite and PostgreSQL.

Every public op in ``store/ops.py`` is found by introspection and must have a case here
(or be listed in ``OPEN_TO_ANYONE`` / ``NOT_ACTING`` with the reason), so a new op
without a case fails :func:`test_every_op_has_a_permission_case`.

For each op, every role's user tries it on a case of their own team and of the other
team. Where :func:`rules.permissions.allowed` says yes, the op succeeds; where it says
no, the op raises ``PermissionDenied`` and the store, audit chain included, is exactly
as it was.
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
import pkgutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time, timedelta
from itertools import count
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from sqlalchemy import text
from sqlmodel import SQLModel

from caretui.rules import clock
from caretui.rules.consent import ConsentEvent
from caretui.rules.permissions import Action, Actor, CaseContext, PermissionDenied, allowed
from caretui.rules.referrals import ContactDraft, ScreeningDecision
from caretui.rules.roles import Role
from caretui.rules.vocab import ActivityType, FormStatus
from caretui.store import audit
from caretui.store.db import Store
from caretui.store.models import Activity, FormInstance
from caretui.store.ops.accounts import (
    create_team,
    create_user,
    record_access_review,
    set_user_disabled,
    update_user,
)
from caretui.store.ops.activities import (
    complete_activity,
    countersign,
    create_activity,
    update_activity,
)
from caretui.store.ops.alerts import add_alert, end_alert, reveal_key_safe, save_key_safe
from caretui.store.ops.attachments import add_attachment, export_attachment
from caretui.store.ops.carers import finish_carers_form, start_carers_form
from caretui.store.ops.cases import create_case
from caretui.store.ops.closure import (
    authorise_closure,
    reopen_case,
    request_closure,
    return_closure,
)
from caretui.store.ops.consent import record_consent
from caretui.store.ops.drafts import discard_draft, save_draft
from caretui.store.ops.forms import close_form, create_form, return_form, save_form
from caretui.store.ops.involvements import add_involvement, end_involvement
from caretui.store.ops.people import create_person, restrict_person, update_person
from caretui.store.ops.referrals import (
    allocate_from_waiting_list,
    record_contact,
    screen_referral,
)
from caretui.store.ops.relationships import add_relationship, update_relationship
from caretui.store.ops.safeguarding import (
    create_dols,
    create_safeguarding,
    end_dols,
    review_safeguarding,
)
from caretui.store.ops.section117 import (
    create_section117,
    set_section117_organisation,
    update_section117,
)
from caretui.store.ops.services import add_service_provision
from caretui.store.ops.sessions import note_session_lock, note_sign_in, unlock_session
from caretui.store.ops.transfer import transfer_case
from caretui.store.ops.viewing import export_who_viewed, note_refused_open, record_view
from tests.factories import World, make_world
from tests.store.test_wizard_ops import _fill_cld, conversation_answers

_serial = count(1)


def fingerprint(store: Store) -> str:
    """A hash of every row of every table: equal fingerprints mean nothing was written."""
    digest = hashlib.sha256()
    with store.read() as session:
        for table in SQLModel.metadata.sorted_tables:
            key = ", ".join(f'"{c.name}"' for c in table.primary_key.columns) or "1"
            rows = session.execute(text(f'SELECT * FROM "{table.name}" ORDER BY {key}')).all()
            digest.update(f"{table.name}:{rows!r}".encode())
    return digest.hexdigest()


def chain_head(store: Store) -> tuple[int, str]:
    with store.read() as session:
        report = audit.verify(session)
        assert report.ok, report
        head = session.execute(text("SELECT hash FROM audit_entry ORDER BY id DESC LIMIT 1"))
        return report.entries, head.scalar_one()


# --- what each op needs ----------------------------------------------------------------------


@dataclass(frozen=True)
class OpCase:
    """How to try one op: the action it must check, setup by a permitted user, the call."""

    action: Action
    run: Callable[[World, Actor, int, Any], Any]  # (world, actor, case id, prepared)
    prepare: Callable[[World, int], Any] = lambda w, case_id: None
    on_case: bool = True  # scoped to a case: tried on the actor's team's case and another's


def owner(w: World, case_id: int) -> Actor:
    """The responsible worker of a world case: allowed to set things up on it."""
    return w.practitioner if case_id == w.case else w.other_team


def team_of(w: World, case_id: int) -> int:
    return w.north if case_id == w.case else w.south


def activity(w: World, case_id: int) -> int:
    return create_activity(
        w.store,
        owner(w, case_id),
        case_id=case_id,
        type=ActivityType.CASE_NOTE,
        subject="Home visit arranged",
        responsible_team_id=team_of(w, case_id),
    )


def student_activity(w: World, case_id: int) -> int:
    """An activity written by the student, awaiting a countersignature."""
    activity_id = activity(w, case_id)
    with w.store.write() as session:
        row = session.get(Activity, activity_id)
        assert row is not None
        row.created_by_id = w.student.id
        row.awaiting_countersignature = True
        session.add(row)
    return activity_id


def form(w: World, case_id: int, status: FormStatus = FormStatus.IN_PROGRESS) -> int:
    form_id = create_form(
        w.store,
        owner(w, case_id),
        case_id=case_id,
        form_type="reablement_physio_input",
        responsible_user_id=None,
    )
    if status is not FormStatus.IN_PROGRESS:
        with w.store.write() as session:
            row = session.get(FormInstance, form_id)
            assert row is not None
            row.status = status
            row.needs_manager = True
            session.add(row)
    return form_id


def involvement(w: World, case_id: int) -> int:
    return add_involvement(
        w.store,
        owner(w, case_id),
        case_id=case_id,
        user_id=None,
        team_id=team_of(w, case_id),
        role="Occupational Therapist",
        start_date=clock.today(),
    )


def safeguarding(w: World, case_id: int) -> int:
    return create_safeguarding(
        w.store,
        owner(w, case_id),
        case_id=case_id,
        concern_date=clock.today(),
        concern_type="Neglect",
    )


def dols(w: World, case_id: int) -> int:
    return create_dols(
        w.store,
        owner(w, case_id),
        case_id=case_id,
        authorisation_type="Standard",
        authorisation_start=clock.today() - timedelta(days=30),
    )


def new_person(w: World, case_id: int) -> int:
    return create_person(w.store, w.practitioner, first_name="Ada", last_name="Holt")


def viewer_account(w: World, case_id: int) -> int:
    return create_user(
        w.store,
        w.sysadmin,
        login=f"guest{next(_serial)}",
        name="Sam Guest",
        role=Role.VIEWER,
        team="North",
        access_ends=clock.today() + timedelta(days=20),
    )


def key_safe(w: World, case_id: int) -> int:
    person = new_person(w, case_id)
    save_key_safe(
        w.store,
        w.practitioner,
        person,
        access_information="Behind the drainpipe",
        code="4321",
        expected_version=None,
    )
    return person


def alert(w: World, case_id: int) -> int:
    return add_alert(
        w.store, w.practitioner, person_id=w.person, kind="hazard", category="Dog in the house"
    )


def a_file(w: World, case_id: int) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="caretui-attach-"))
    (folder / "letter.txt").write_text("Dear Mr Patel", encoding="utf-8")
    return folder / "letter.txt"


def attachment(w: World, case_id: int) -> tuple[int, Path]:
    attachment_id = add_attachment(
        w.store, w.cso, person_id=w.person, title="GP letter", path=a_file(w, case_id)
    )
    return attachment_id, Path(tempfile.mkdtemp(prefix="caretui-export-"))


def relationship(w: World, case_id: int) -> int:
    """An external contact on the world's person, added by their worker."""
    return add_relationship(
        w.store, w.practitioner, person_id=w.person, relationship_type="GP", contact_name="Dr Rao"
    )


def section117(w: World, case_id: int) -> int:
    return create_section117(
        w.store,
        w.practitioner,
        person_id=w.person,
        detention_section="3",
        start_date=clock.today(),
    )


# --- the wizards (issue 6): each try gets a fresh case shaped like the world's case ---

CLOSURE_SUMMARY = {
    "goals_met": "Fully met",
    "goals_notes": "Managing stairs safely with the new rail.",
    "recommendations": "None.",
    "onward_referral": "",
}


def fresh_case(w: World, case_id: int) -> int:
    """A new carer's case with the same team, responsible worker and involvement as
    ``case_id``, so the permission rule sees it exactly as it sees ``case_id``."""
    person = create_person(
        w.store,
        w.practitioner,
        first_name="Timothy",
        last_name="Guide",
        date_of_birth=date(1966, 6, 1),
        gender="Male",
        primary_service_user_group="Carer",
        employment_status="Retired",
    )
    return create_case(
        w.store,
        owner(w, case_id),
        person_id=person,
        referral_date=clock.today() - timedelta(days=3),
        responsible_team_id=team_of(w, case_id),
        responsible_user_id=owner(w, case_id).id,
    )


def closure_requested(w: World, case_id: int) -> int:
    return request_closure(
        w.store,
        owner(w, case_id),
        fresh_case(w, case_id),
        reason="Needs met",
        summary=CLOSURE_SUMMARY,
    )


def closed_case(w: World, case_id: int) -> int:
    request = closure_requested(w, case_id)
    authorise_closure(w.store, w.manager if case_id == w.case else w.south_manager, request)
    with w.store.read() as session:
        from caretui.store.models import ClosureRequest

        row = session.get(ClosureRequest, request)
        assert row is not None
        return row.case_id


def carers_form(w: World, case_id: int) -> int:
    form_id, _review = start_carers_form(
        w.store,
        owner(w, case_id),
        case_id=fresh_case(w, case_id),
        form_type="carers_conversation_record",
    )
    return form_id


def colleague_of(w: World, case_id: int) -> Actor:
    return w.colleague if case_id == w.case else w.south_manager


def contact(w: World, actor: Actor) -> int:
    """A referral recorded by ``actor`` for a new person: it awaits screening on their team."""
    serial = next(_serial)
    draft = ContactDraft(
        contact_date=clock.today() - timedelta(days=1),  # never later than now
        contact_time=time(9, 15),
        source="self",
        route="Community/Other route",
        reason="Struggling with stairs",
        urgency="normal",
    )
    new = {"first_name": f"Rose{serial}", "last_name": "Tyler"}
    return record_contact(w.store, actor, contact=draft, new_person=new).referral_id


def referral(w: World, case_id: int) -> int:
    """A referral awaiting screening on the team of ``case_id``."""
    return contact(w, owner(w, case_id))


def waiting(w: World, case_id: int) -> int:
    """A referral's case on the waiting list of the team of ``case_id``."""
    referral_id = referral(w, case_id)
    decision = ScreeningDecision(
        "waiting_list", team_id=team_of(w, case_id), priority="low", informed_how="letter"
    )
    screen_referral(w.store, owner(w, case_id), referral_id, decision, expected_version=1)
    with w.store.read() as session:
        from caretui.store.models import Referral

        row = session.get(Referral, referral_id)
        assert row is not None
        return row.case_id


ADVICE = ScreeningDecision("advice_only", advice_given="Age UK's handyperson", informed_how="phone")


CASES: dict[str, OpCase] = {
    "create_team": OpCase(
        Action.MANAGE_USERS,
        lambda w, a, c, p: create_team(w.store, a, f"Team {next(_serial)}"),
        on_case=False,
    ),
    "create_user": OpCase(
        Action.MANAGE_USERS,
        lambda w, a, c, p: create_user(
            w.store,
            a,
            login=f"new{next(_serial)}",
            name="New Starter",
            role=Role.PRACTITIONER,
            team="South",
        ),
        on_case=False,
    ),
    "record_view": OpCase(
        Action.VIEW_RECORDS, lambda w, a, c, p: record_view(w.store, a, case_id=c)
    ),
    "add_involvement": OpCase(
        Action.ADD_INVOLVEMENT,
        lambda w, a, c, p: add_involvement(
            w.store,
            a,
            case_id=c,
            user_id=None,
            team_id=team_of(w, c),
            role="Occupational Therapist",
            start_date=clock.today(),
        ),
    ),
    "end_involvement": OpCase(
        Action.ADD_INVOLVEMENT,
        lambda w, a, c, p: end_involvement(
            w.store, a, p, end_date=clock.today(), expected_version=1
        ),
        involvement,
    ),
    "create_activity": OpCase(
        Action.ADD_ACTIVITY,
        lambda w, a, c, p: create_activity(
            w.store,
            a,
            case_id=c,
            type=ActivityType.PHONE_CALL,
            subject="Called daughter",
            responsible_team_id=team_of(w, c),
        ),
    ),
    "update_activity": OpCase(
        Action.EDIT_ACTIVITY,
        lambda w, a, c, p: update_activity(
            w.store, a, p, expected_version=1, subject="Home visit rearranged"
        ),
        activity,
    ),
    "complete_activity": OpCase(
        Action.EDIT_ACTIVITY,
        lambda w, a, c, p: complete_activity(w.store, a, p, expected_version=1),
        activity,
    ),
    "countersign": OpCase(
        Action.COUNTERSIGN,
        lambda w, a, c, p: countersign(w.store, a, kind="activity", record_id=p),
        student_activity,
    ),
    "create_form": OpCase(
        Action.CREATE_FORM,
        lambda w, a, c, p: create_form(
            w.store, a, case_id=c, form_type="reablement_physio_input", responsible_user_id=None
        ),
    ),
    "save_form": OpCase(
        Action.CREATE_FORM,
        lambda w, a, c, p: save_form(w.store, a, p, {}, expected_version=1),
        form,
    ),
    "close_form": OpCase(
        Action.CLOSE_FORM,
        lambda w, a, c, p: close_form(w.store, a, p),
        lambda w, c: form(w, c, FormStatus.COMPLETE),
    ),
    "return_form": OpCase(
        Action.CLOSE_FORM,
        lambda w, a, c, p: return_form(w.store, a, p, "Please add the goals"),
        lambda w, c: form(w, c, FormStatus.COMPLETE),
    ),
    "create_safeguarding": OpCase(
        Action.ADD_SAFEGUARDING,
        lambda w, a, c, p: create_safeguarding(
            w.store, a, case_id=c, concern_date=clock.today(), concern_type="Financial abuse"
        ),
    ),
    "review_safeguarding": OpCase(
        Action.ADD_SAFEGUARDING,
        lambda w, a, c, p: review_safeguarding(
            w.store, a, p, expected_version=1, stage="Section 42 enquiry"
        ),
        safeguarding,
    ),
    "create_dols": OpCase(
        Action.ADD_DOLS,
        lambda w, a, c, p: create_dols(
            w.store,
            a,
            case_id=c,
            authorisation_type="Standard",
            authorisation_start=clock.today(),
        ),
    ),
    "end_dols": OpCase(
        Action.ADD_DOLS,
        lambda w, a, c, p: end_dols(
            w.store, a, p, actual_end_date=clock.today(), expected_version=1
        ),
        dols,
    ),
    "create_person": OpCase(
        Action.EDIT_PERSON,
        lambda w, a, c, p: create_person(w.store, a, first_name="Iris", last_name="Moss"),
        on_case=False,
    ),
    "create_case": OpCase(
        Action.CREATE_CASE,
        lambda w, a, c, p: create_case(
            w.store, a, person_id=p, referral_date=clock.today(), responsible_team_id=w.north
        ),
        new_person,
        on_case=False,
    ),
    "update_user": OpCase(
        Action.MANAGE_USERS,
        lambda w, a, c, p: update_user(
            w.store, a, p, expected_version=1, access_ends=clock.today() + timedelta(days=60)
        ),
        viewer_account,
        on_case=False,
    ),
    "set_user_disabled": OpCase(
        Action.MANAGE_USERS,
        lambda w, a, c, p: set_user_disabled(
            w.store, a, p, disabled=True, reason="Placement ended"
        ),
        viewer_account,
        on_case=False,
    ),
    "record_access_review": OpCase(
        Action.REVIEW_ACCESS,
        lambda w, a, c, p: record_access_review(w.store, a, p, outcome="Access still needed"),
        viewer_account,
        on_case=False,
    ),
    "export_who_viewed": OpCase(
        Action.VIEW_AUDIT,
        lambda w, a, c, p: export_who_viewed(w.store, a, w.person, p),
        lambda w, c: Path(tempfile.mkdtemp(prefix="caretui-sar-")) / "report.csv",
        on_case=False,
    ),
    # --- the person record (issue 5) ---
    "update_person": OpCase(
        Action.EDIT_PERSON,
        lambda w, a, c, p: update_person(w.store, a, p, expected_version=1, town="Ossett"),
        new_person,
        on_case=False,
    ),
    "restrict_person": OpCase(
        Action.RESTRICT_PERSON,
        lambda w, a, c, p: restrict_person(w.store, a, p, [w.practitioner.id]),
        new_person,
        on_case=False,
    ),
    "add_alert": OpCase(
        Action.ADD_ALERT,
        lambda w, a, c, p: add_alert(
            w.store, a, person_id=w.person, kind="alert", category="Lives alone"
        ),
        on_case=False,
    ),
    "end_alert": OpCase(
        Action.ADD_ALERT,
        lambda w, a, c, p: end_alert(w.store, a, p, end_date=clock.today(), expected_version=1),
        alert,
        on_case=False,
    ),
    "reveal_key_safe": OpCase(
        Action.REVEAL_KEY_SAFE,
        lambda w, a, c, p: reveal_key_safe(w.store, a, p),
        key_safe,
        on_case=False,
    ),
    "save_key_safe": OpCase(
        Action.EDIT_KEY_SAFE,
        lambda w, a, c, p: save_key_safe(
            w.store, a, p, access_information="Under the mat", code="1111", expected_version=None
        ),
        new_person,
        on_case=False,
    ),
    "add_relationship": OpCase(
        Action.ADD_RELATIONSHIP,
        lambda w, a, c, p: add_relationship(
            w.store, a, person_id=w.person, relationship_type="Daughter", contact_name="Sue Patel"
        ),
        on_case=False,
    ),
    "add_attachment": OpCase(
        Action.ADD_ATTACHMENT,
        lambda w, a, c, p: add_attachment(
            w.store, a, person_id=w.person, title="Assessment", path=p
        ),
        a_file,
        on_case=False,
    ),
    "export_attachment": OpCase(
        Action.VIEW_RECORDS,
        lambda w, a, c, p: export_attachment(w.store, a, p[0], p[1]),
        attachment,
        on_case=False,
    ),
    "create_section117": OpCase(
        Action.ADD_SECTION117,
        lambda w, a, c, p: create_section117(
            w.store, a, person_id=w.person, detention_section="3", start_date=clock.today()
        ),
        on_case=False,
    ),
    "update_section117": OpCase(
        Action.ADD_SECTION117,
        lambda w, a, c, p: update_section117(
            w.store, a, p, expected_version=1, status="Under review"
        ),
        section117,
        on_case=False,
    ),
    "update_relationship": OpCase(
        Action.ADD_RELATIONSHIP,
        lambda w, a, c, p: update_relationship(
            w.store, a, p, expected_version=1, phone="01632 960999"
        ),
        relationship,
        on_case=False,
    ),
    "set_section117_organisation": OpCase(
        Action.SET_S117_ORGANISATION,
        lambda w, a, c, p: set_section117_organisation(
            w.store, a, p, "Wakefield ICB", expected_version=1
        ),
        section117,
        on_case=False,
    ),
    "add_service_provision": OpCase(
        Action.ADD_SERVICE_PROVISION,
        lambda w, a, c, p: add_service_provision(
            w.store, a, person_id=w.person, service_type="Home care", start_date=clock.today()
        ),
        on_case=False,
    ),
    # --- the wizards (issue 6) ---
    "transfer_case": OpCase(
        Action.TRANSFER_CASE,
        lambda w, a, c, p: transfer_case(
            w.store,
            a,
            p,
            kind="within_team",
            user_id=colleague_of(w, c).id,
            reason="Going on leave",
        ),
        fresh_case,
    ),
    "request_closure": OpCase(
        Action.REQUEST_CLOSURE,
        lambda w, a, c, p: request_closure(
            w.store, a, p, reason="Needs met", summary=CLOSURE_SUMMARY
        ),
        fresh_case,
    ),
    "authorise_closure": OpCase(
        Action.AUTHORISE_CLOSURE,
        lambda w, a, c, p: authorise_closure(w.store, a, p),
        closure_requested,
    ),
    "return_closure": OpCase(
        Action.AUTHORISE_CLOSURE,
        lambda w, a, c, p: return_closure(w.store, a, p, "Add the daughter's views"),
        closure_requested,
    ),
    "reopen_case": OpCase(
        Action.AUTHORISE_CLOSURE,
        lambda w, a, c, p: reopen_case(w.store, a, p, "Two more falls"),
        closed_case,
    ),
    "start_carers_form": OpCase(
        Action.CREATE_FORM,
        lambda w, a, c, p: start_carers_form(
            w.store, a, case_id=p, form_type="carers_conversation_record"
        ),
        fresh_case,
    ),
    "finish_carers_form": OpCase(
        Action.CREATE_FORM,
        lambda w, a, c, p: finish_carers_form(
            w.store,
            a,
            p,
            _fill_cld(conversation_answers(), "carers_conversation_record"),
            expected_version=1,
        ),
        carers_form,
    ),
    # --- the front door (issue 12) ---
    "record_contact": OpCase(
        Action.RECORD_CONTACT, lambda w, a, c, p: contact(w, a), on_case=False
    ),
    "screen_referral": OpCase(
        Action.SCREEN_REFERRAL,
        lambda w, a, c, p: screen_referral(w.store, a, p, ADVICE, expected_version=1),
        referral,
    ),
    "allocate_from_waiting_list": OpCase(
        Action.ALLOCATE_FROM_WAITING_LIST,
        lambda w, a, c, p: allocate_from_waiting_list(
            w.store, a, p, owner(w, c).id, expected_version=2
        ),
        waiting,
    ),
    "record_consent": OpCase(
        Action.RECORD_CONSENT,
        lambda w, a, c, p: record_consent(
            w.store, a, p, ConsentEvent("given", clock.today(), by=a.name, nature="spoken")
        ),
        new_person,
        on_case=False,
    ),
}

# Ops any signed-in user may run on their own behalf: they touch no one's record.
OPEN_TO_ANYONE = {
    "note_sign_in": "notes the user's own sign-in",
    "save_draft": "keeps the user's own typed work",
    "discard_draft": "removes the user's own typed work",
    "note_refused_open": "notes that the user was refused a restricted record",
    "note_session_lock": "notes that the user's own screen locked itself",
}
# Ops that take no acting user: signing in is how an actor comes to exist.
NOT_ACTING = {
    "sign_in": "turns a login into an actor, refusing ended accounts",
    "unlock_session": "turns a login back into an actor at a locked screen, as sign_in does",
}


def public_ops() -> set[str]:
    """Every op: a public function of a module of store/ops/ whose first two parameters
    are the store and the acting user."""
    found = set()
    for module in ops_modules():
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or fn.__module__ != module.__name__:
                continue
            params = list(inspect.signature(fn).parameters)
            if params[:1] == ["store"] and (len(params) > 1 and params[1] in ("actor", "login")):
                found.add(name)
    return found


def ops_modules() -> list[ModuleType]:
    """Every module of the store's writers, each domain's ops."""
    import caretui.store.ops as package

    return [
        importlib.import_module(f"{package.__name__}.{info.name}")
        for info in pkgutil.iter_modules(package.__path__)
    ]


def test_every_op_has_a_permission_case() -> None:
    covered = set(CASES) | set(OPEN_TO_ANYONE) | set(NOT_ACTING)
    missing = public_ops() - covered
    assert not missing, f"ops with no permission case in this test: {sorted(missing)}"
    assert not covered - public_ops(), "cases for ops that no longer exist"


def everyone(w: World) -> list[Actor]:
    return [
        w.sysadmin,
        w.practitioner,
        w.colleague,
        w.other_team,
        w.manager,
        w.south_manager,
        w.student,
        w.viewer,
        w.cso,
    ]


def context(w: World, case_id: int) -> CaseContext:
    """The world's cases as the permission rule sees them, written out independently."""
    if case_id == w.case:
        return CaseContext(w.north, w.practitioner.id, frozenset({w.practitioner.id}))
    return CaseContext(w.south, w.other_team.id, frozenset({w.other_team.id}))


def check_op(w: World, name: str, case: OpCase) -> list[str]:
    """Try the op as everyone; return what did not match the table."""
    wrong: list[str] = []
    targets = [w.case, w.south_case] if case.on_case else [w.case]
    for actor in everyone(w):
        for case_id in targets:
            prepared = case.prepare(w, case_id)
            may = allowed(actor, case.action, context(w, case_id) if case.on_case else None)
            where = f"{name} by {actor.login} ({actor.role.value}) on case {case_id}"
            before, head = fingerprint(w.store), chain_head(w.store)
            try:
                case.run(w, actor, case_id, prepared)
            except PermissionDenied as exc:
                if may:
                    wrong.append(f"{where}: refused but the table allows it ({exc})")
                if fingerprint(w.store) != before or chain_head(w.store) != head:
                    wrong.append(f"{where}: refused but something was written")
                continue
            if not may:
                wrong.append(f"{where}: succeeded but the table forbids it")
            entries, _ = chain_head(w.store)
            if entries <= head[0]:
                wrong.append(f"{where}: succeeded without an audit entry")
    return wrong


@pytest.mark.parametrize("name", sorted(CASES))
def test_op_enforces_the_permission_table(store: Store, name: str) -> None:
    w = make_world(store)
    assert check_op(w, name, CASES[name]) == []


def test_open_ops_work_for_every_role(store: Store) -> None:
    w = make_world(store)
    for actor in everyone(w):
        save_draft(store, actor, "note", {"text": "half a thought"})
        discard_draft(store, actor, "note")
        note_sign_in(store, actor)
        note_refused_open(store, actor, w.person)
        note_session_lock(store, actor, idle_minutes=15)
        assert unlock_session(store, actor.login) == actor
    assert chain_head(store)[0] > 0


def test_readme_permission_table_is_generated_from_the_code() -> None:
    from caretui.rules.permissions import markdown_table

    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    assert markdown_table() in readme, (
        "README's permission table is out of date: "
        "paste the output of `python -m caretui.rules.permissions`"
    )
