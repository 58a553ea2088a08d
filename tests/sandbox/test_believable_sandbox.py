"""A believable sandbox (issue 14): finished forms pass their own checks, nothing is dated
after the build but what is booked.

Trainers open completed and closed forms in front of a classroom; a form "Complete" with
its questions empty, or an answer that is not one of the question's options, would not
survive a careful look.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from sqlmodel import select

from caretui.rules import clock
from caretui.rules.forms import load_spec, validate
from caretui.sandbox.build import build_sandbox
from caretui.store.db import open_store
from caretui.store.models import FormAnswer, FormInstance


@pytest.fixture(scope="module")
def sandbox_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo cast and 500 generated people, whose forms are made another way."""
    path = tmp_path_factory.mktemp("forms") / "sandbox.db"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CARETUI_TODAY", "2026-11-24")
        build_sandbox(f"sqlite:///{path}", persons=500)
    return path


def test_every_finished_sandbox_form_passes_its_own_checks(sandbox_file: Path) -> None:
    store = open_store(f"sqlite:///{sandbox_file}", sandbox=True)
    try:
        with store.read() as session:
            answers: dict[int, dict] = defaultdict(dict)
            for answer in session.exec(select(FormAnswer)).all():
                answers[answer.form_id][answer.field_key] = answer.value
            finished = [
                f for f in session.exec(select(FormInstance)).all() if f.status != "in_progress"
            ]
    finally:
        store.dispose()
    assert finished
    wrong = {}
    for form in finished:
        problems = validate(
            load_spec(form.form_type), answers[form.id], completing=True, today=clock.today()
        )
        if problems:
            wrong[form.id] = (form.form_type, sorted(problems))
    assert not wrong, wrong


def test_nothing_is_dated_after_the_build_but_booked_appointments(sandbox_file: Path) -> None:
    """No entry "amended at 10:00" when the clock read 06:30: a time after the build is
    only an appointment still to come."""
    from sqlalchemy import create_engine, inspect, text

    built_by = clock.now()
    engine = create_engine(f"sqlite:///{sandbox_file}")
    later: dict[str, int] = {}
    with engine.connect() as conn:
        for table in inspect(conn).get_table_names():
            for column in inspect(conn).get_columns(table):
                if "DATETIME" not in str(column["type"]).upper():
                    continue
                name = column["name"]
                query = f"SELECT count(*) FROM {table} WHERE {name} > :now"
                if (table, name) == ("activity", "occurred_at"):
                    query += " AND NOT (status = 'open' AND type = 'appointment')"
                count = conn.execute(text(query), {"now": built_by}).scalar()
                if count:
                    later[f"{table}.{name}"] = count
    engine.dispose()
    assert not later, later


def test_finished_carers_forms_name_whom_the_carer_cares_for(sandbox_file: Path) -> None:
    """Kenneth Haigh's Carers Conversation names Dorothy Haigh, by her ID, as his record's
    "Cared for" relationship does: the wizard's lookup would have kept her so."""
    from caretui.store.models import Case, Person

    store = open_store(f"sqlite:///{sandbox_file}", sandbox=True)
    try:
        with store.read() as session:
            dorothy = session.exec(
                select(Person).where(Person.first_name == "Dorothy", Person.last_name == "Haigh")
            ).one()
            kenneth = session.exec(
                select(Person).where(Person.first_name == "Kenneth", Person.last_name == "Haigh")
            ).one()
            rows = session.exec(
                select(FormAnswer)
                .join(FormInstance, FormInstance.id == FormAnswer.form_id)  # type: ignore[arg-type]
                .join(Case, Case.id == FormInstance.case_id)  # type: ignore[arg-type]
                .where(
                    Case.person_id == kenneth.id,
                    FormInstance.form_type == "carers_conversation_record",
                    FormInstance.status != "in_progress",
                    FormAnswer.field_key == "cared_for",
                )
            ).all()
    finally:
        store.dispose()
    assert rows
    for row in rows:
        [cared_for] = row.value
        assert cared_for["person_id"] == dorothy.id
        assert cared_for["full_name"] == "Dorothy Haigh"
        assert cared_for["relationship"] == "Cared for"


def test_no_task_is_due_before_it_was_set(sandbox_file: Path) -> None:
    """A task written on 1 December is not due on 26 November (some are overdue by now)."""
    from caretui.store.models import Activity

    store = open_store(f"sqlite:///{sandbox_file}", sandbox=True)
    try:
        with store.read() as session:
            tasks = [a for a in session.exec(select(Activity)).all() if a.due_date is not None]
    finally:
        store.dispose()
    assert tasks
    early = [(a.id, a.occurred_at, a.due_date) for a in tasks if a.due_date < a.occurred_at.date()]
    assert not early, early
