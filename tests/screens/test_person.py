"""Person search and the person record by keyboard at 80x24, on a copy of the sandbox."""

from __future__ import annotations

import pytest
from sqlmodel import select
from textual.widgets import Input

from caretui.app import CareApp
from caretui.screens.dashboard import DashboardScreen
from caretui.screens.help import HelpScreen
from caretui.screens.person import PersonScreen
from caretui.screens.person_activities import PersonActivitiesScreen
from caretui.screens.person_alerts import AlertsScreen
from caretui.screens.person_key_safe import KeySafeScreen
from caretui.screens.person_relationships import RelationshipsScreen
from caretui.screens.person_search import PersonSearchScreen
from caretui.store.db import Store
from caretui.store.models import AuditEntry
from caretui.widgets.notice import Notice
from caretui.widgets.record_table import RecordTable
from tests.screens.conftest import sign_in
from tests.screens.test_walkthrough import SMALL, settle


def screen_text(app: CareApp) -> str:
    return " ".join(str(w.render()) for w in app.screen.query("Static"))


async def test_support_user_searches_opens_a_person_reveals_the_key_safe_and_jumps_to_a_relative(
    sandbox: Store,
) -> None:
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "fox"), sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("slash")
        await settle(pilot)
        assert isinstance(app.screen, PersonSearchScreen)
        await pilot.press(*"hai dor")
        await settle(pilot)
        results = app.screen.query_one("#search-results", RecordTable)
        assert results.row_count == 1
        assert "Dorothy Haigh" in str(results.records[0].cells[0])

        await pilot.press("enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        person = app.screen.person_id
        assert "Dorothy Haigh" in screen_text(app)

        await pilot.press("k")
        await settle(pilot)
        assert isinstance(app.screen, KeySafeScreen)
        assert "drainpipe" in screen_text(app) and "9288" not in screen_text(app)
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, Notice)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, KeySafeScreen)
        assert "9288" in screen_text(app)

        await pilot.press("escape", "r")
        await settle(pilot)
        assert isinstance(app.screen, RelationshipsScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen) and app.screen.person_id != person
        assert "Kenneth Haigh" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, RelationshipsScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen) and app.screen.person_id == person

    with sandbox.read() as s:
        (reveal,) = s.exec(select(AuditEntry).where(AuditEntry.action == "key_safe.reveal")).all()
        viewed = s.exec(
            select(AuditEntry.person_id).where(AuditEntry.action == "person.view")
        ).all()
    assert (reveal.user_login, reveal.person_id) == ("fox", person)
    assert person in viewed


async def test_search_by_id_and_date_of_birth_and_c_opens_the_case(sandbox: Store) -> None:
    from caretui.screens.case import CaseScreen

    app = CareApp(store=sandbox, actor=sign_in(sandbox, "sharma"), sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"P1")
        await settle(pilot)
        results = app.screen.query_one("#search-results", RecordTable)
        assert results.row_count == 1
        await pilot.press("ctrl+u")  # clear the box
        await pilot.press(*"12/03")
        await settle(pilot)
        assert results.row_count == 0 and "Keep typing" in screen_text(app)
        await pilot.press("ctrl+u", "P", "1", "down", "c")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)


async def test_a_restricted_person_shows_nothing_to_someone_not_named(sandbox: Store) -> None:
    irene = _irene(sandbox)
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "sharma"), sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"whitaker iren")
        await settle(pilot)
        by_name = app.screen.query_one("#search-results", RecordTable)
        assert [str(r.cells[0]) for r in by_name.records] == ["Restricted record"]
        assert "Whitaker" not in screen_text(app).replace("whitaker iren", "")
        await pilot.press("ctrl+u", *f"P{irene}")
        await settle(pilot)
        results = app.screen.query_one("#search-results", RecordTable)
        assert "Restricted record" in str(results.records[0].cells[0])
        assert "Whitaker" not in screen_text(app)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, PersonSearchScreen)
        notes = [str(n.message) for n in app._notifications]
        assert any("restricted" in n and "Chris Morgan" in n for n in notes)
    with sandbox.read() as s:
        (attempt,) = s.exec(
            select(AuditEntry).where(AuditEntry.action == "person.view_refused")
        ).all()
    assert (attempt.user_login, attempt.person_id) == ("sharma", irene)


async def test_alerts_all_activities_filters_and_help(sandbox: Store) -> None:
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "sharma"), sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        app.open_person(6)  # Arthur Crowther: a hazard on record
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        keys = " ".join(f"{k} {d}" for k, d in app.screen.rows())
        for words in ("Alerts and hazards", "Key safe", "Relationships", "All activities"):
            assert words in keys
        await pilot.press("escape", "a")
        await settle(pilot)
        assert isinstance(app.screen, AlertsScreen)
        table = app.screen.query_one(RecordTable)
        assert "HAZARD" in str(table.records[0].cells[0])
        await pilot.press("escape", "t")
        await settle(pilot)
        assert isinstance(app.screen, PersonActivitiesScreen)
        every = app.screen.query_one(RecordTable).row_count
        assert every > 0
        app.screen.filters = {"type": next(iter(app.screen.rows)).type}
        app.screen.load()
        await settle(pilot)
        assert app.screen.query_one(RecordTable).row_count <= every
        await pilot.press("x")
        await settle(pilot)
        assert app.screen.query_one(RecordTable).row_count == every


def _irene(store: Store) -> int:
    from caretui.store.models import Person

    with store.read() as s:
        (pid,) = s.exec(select(Person.id).where(Person.last_name == "Whitaker")).all()
        return pid  # type: ignore[return-value]


async def test_a_hazard_is_shown_before_a_visit_is_opened(sandbox: Store) -> None:
    from caretui.screens.activity import ActivityScreen
    from caretui.screens.case_items import CaseActivitiesScreen
    from caretui.store.models import Activity, Alert

    with sandbox.read() as s:
        hazard_people = select(Alert.person_id).where(
            Alert.kind == "hazard",
            Alert.end_date.is_(None),  # type: ignore[union-attr]
        )
        visit = s.exec(
            select(Activity)
            .where(Activity.type == "appointment", Activity.person_id.in_(hazard_people))  # type: ignore[attr-defined]
            .order_by(Activity.id)
        ).first()
    assert visit is not None
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "sharma"), sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        app.open_case(visit.case_id)
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CaseActivitiesScreen)
        (row,) = [r for r in screen.rows if r.activity_id == visit.id]
        screen.open(row)
        await settle(pilot)
        assert isinstance(app.screen, Notice)
        assert "Before you visit" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CaseActivitiesScreen)
        screen.open(row)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ActivityScreen)


async def test_editing_details_keeps_a_draft_and_shows_the_nhs_check_beside_the_field(
    sandbox: Store,
) -> None:
    from textual.widgets import Input

    from caretui.store.queries import drafts, people
    from caretui.widgets.record_dialog import RecordDialog

    actor = sign_in(sandbox, "fox")
    app = CareApp(store=sandbox, actor=actor, sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        app.open_person(1)
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, RecordDialog)
        app.screen.query_one("#f-phone", Input).value = "01924 302000"
        await pilot.pause(1.3)  # the draft is kept a second after the change
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        await pilot.press("e")
        await settle(pilot)
        assert app.screen.query_one("#f-phone", Input).value == "01924 302000"
        app.screen.query_one("#f-nhs_number", Input).value = "943 476 5918"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, RecordDialog)
        assert "last digit" in str(app.screen.query_one("#e-nhs_number").render())
        app.screen.query_one("#f-nhs_number", Input).value = "943 476 5919"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
    detail = people.person_record(sandbox, actor, 1)
    assert (detail.phone, detail.nhs_number) == ("01924 302000", "9434765919")
    assert drafts.draft(sandbox, actor, "person:1:details") is None


async def test_a_hazard_added_by_keyboard_rings_the_banner_bell(sandbox: Store) -> None:
    from caretui.widgets.banner import PersonBanner
    from caretui.widgets.record_dialog import RecordDialog

    app = CareApp(store=sandbox, actor=sign_in(sandbox, "sharma"), sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        app.open_person(1)
        await settle(pilot)
        before = app.screen.query_one(PersonBanner).banner.current_alerts  # type: ignore[union-attr]
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, RecordDialog)
        await pilot.press("tab", "enter", "down", "enter")  # About: the first choice
        await pilot.press("tab", "tab", *"Dog barks at the door; ask for it to be shut away")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, AlertsScreen)
        table = app.screen.query_one(RecordTable)
        assert "Dog in the property" in " ".join(str(c) for r in table.records for c in r.cells)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        banner = app.screen.query_one(PersonBanner).banner
        assert banner is not None and banner.current_alerts == before + 1


async def test_attachment_saved_as_a_copy_and_section_117_by_keyboard(
    sandbox: Store, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from textual.widgets import Input

    from caretui.screens.person_attachments import AttachmentsScreen
    from caretui.screens.person_section117 import Section117Screen
    from caretui.widgets.record_dialog import RecordDialog

    app = CareApp(store=sandbox, actor=sign_in(sandbox, "sharma"), sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        app.open_person(1)
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, AttachmentsScreen)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, RecordDialog)
        out = tmp_path / "exports"
        out.mkdir()
        app.screen.query_one("#f-folder", Input).value = str(out)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, AttachmentsScreen)
        assert [p.name for p in out.iterdir()] == [app.screen.rows[0].filename]
        await pilot.press("n")  # a practitioner: attachments are added by admin / CSO
        await settle(pilot)
        assert isinstance(app.screen, AttachmentsScreen)

        await pilot.press("escape", "s")
        await settle(pilot)
        assert isinstance(app.screen, Section117Screen)
        assert "No Section 117" in screen_text(app)
        await pilot.press("n")
        await settle(pilot)
        assert not app.screen.query("#f-organisation")  # not for practitioners
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, Section117Screen)
        (row,) = app.screen.rows
        assert (row.detention_section, row.status, row.organisation_responsible) == (
            "3",
            "Entitled",
            "",
        )


async def test_a_visit_opened_from_the_dashboard_shows_the_hazards_first(sandbox: Store) -> None:
    from caretui.rules.vocab import ActivityType
    from caretui.screens.activity import ActivityScreen
    from caretui.store.models import Alert, Case
    from caretui.store.ops.activities import create_activity

    actor = sign_in(sandbox, "sharma")
    with sandbox.read() as s:
        case = s.exec(
            select(Case)
            .where(
                Case.person_id.in_(  # type: ignore[attr-defined]
                    select(Alert.person_id).where(
                        Alert.kind == "hazard",
                        Alert.end_date.is_(None),  # type: ignore[union-attr]
                    )
                ),
                Case.closed_on.is_(None),  # type: ignore[union-attr]
                Case.responsible_team_id == actor.team_id,
            )
            .order_by(Case.id)
        ).first()
    assert case is not None
    visit = create_activity(
        sandbox,
        actor,
        case_id=case.id,  # type: ignore[arg-type]
        type=ActivityType.APPOINTMENT,
        subject="Home visit to review the care plan",
        responsible_team_id=actor.team_id,
        responsible_user_id=actor.id,
    )
    app = CareApp(store=sandbox, actor=actor, sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        table = app.screen.query_one("#table-activities", RecordTable)
        table.move_cursor(row=[r.key for r in table.shown].index(f"a{visit}"))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, Notice)
        assert "Before you visit" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ActivityScreen)


async def test_keys_pressed_before_the_results_arrive_apply_to_them(sandbox: Store) -> None:
    """A fast typist's down and c, sent before the search has answered, open the case."""
    from caretui.screens.case import CaseScreen

    app = CareApp(store=sandbox, actor=sign_in(sandbox, "sharma"), sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        await pilot.press(*"arm shir", "down", "c")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
        assert "Shirley Armitage" in screen_text(app)


async def test_a_system_admin_locks_a_record_down_from_the_person_record(sandbox: Store) -> None:
    from textual.widgets import SelectionList

    from caretui.screens.lockdown import LockDownScreen
    from caretui.store.queries import search

    admin = sign_in(sandbox, "morgan")
    sharma = sign_in(sandbox, "sharma")
    app = CareApp(store=sandbox, actor=admin, sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        app.open_person(1)
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        await pilot.press("L")
        await settle(pilot)
        assert isinstance(app.screen, LockDownScreen)
        choices = app.screen.query_one(SelectionList)
        ids = [choices.get_option_at_index(i).value for i in range(choices.option_count)]
        choices.highlighted = ids.index(sharma.id)
        await pilot.press("space", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
    okafor = sign_in(sandbox, "okafor")
    assert search.search_people(sandbox, okafor, "P1").hits[0].restricted
    assert not search.search_people(sandbox, sharma, "P1").hits[0].restricted


async def test_lock_down_is_not_offered_to_a_practitioner(sandbox: Store) -> None:
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "sharma"), sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        app.open_person(1)
        await settle(pilot)
        await pilot.press("L")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)


async def test_a_contacts_phone_is_corrected_and_a_stale_edit_keeps_what_was_typed(
    sandbox: Store,
) -> None:
    from textual.widgets import Input

    from caretui.rules.merge import in_words
    from caretui.store.ops.relationships import add_relationship, update_relationship
    from caretui.store.queries import drafts
    from caretui.widgets.conflict_view import ConflictScreen
    from caretui.widgets.record_dialog import RecordDialog

    sharma = sign_in(sandbox, "sharma")
    gp = add_relationship(
        sandbox, sharma, person_id=1, relationship_type="GP", contact_name="Dr Aziz"
    )
    app = CareApp(store=sandbox, actor=sharma, sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        app.open_person(1)
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, RelationshipsScreen)
        assert "e edit or end" in screen_text(app)
        table = app.screen.query_one(RecordTable)
        table.move_cursor(row=[r.id for r in app.screen.rows].index(gp))
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, RecordDialog)
        assert app.screen.query_one("#f-contact_name", Input).value == "Dr Aziz"
        app.screen.query_one("#f-phone", Input).value = "01924 302000"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, RelationshipsScreen)
        row = next(r for r in app.screen.rows if r.id == gp)
        assert (row.phone, row.version) == ("01924 302000", 2)

        # Someone else saves first: their change and the typing are compared, field by
        # field, and what is kept is saved against their version.
        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one("#f-phone", Input).value = "01924 302111"
        update_relationship(
            sandbox, sign_in(sandbox, "okafor"), gp, expected_version=2, organisation="Surgery"
        )
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConflictScreen)
        text = screen_text(app)
        assert "Daniel Okafor changed this relationship" in text
        words = {c.label: in_words(c) for c in app.screen.changes}
        assert words == {"Organisation": "Only they changed", "Phone": "Only you changed"}
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, RelationshipsScreen)
        row = next(r for r in app.screen.rows if r.id == gp)
        assert (row.organisation, row.phone, row.version) == ("Surgery", "01924 302111", 4)
        assert drafts.draft(sandbox, sharma, f"relationship:{gp}:edit") is None


async def test_down_pressed_before_the_results_arrive_moves_in_them(
    sandbox: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 14: a down sent while the search was still answering was lost, and the next
    letter went into the search box. Now the first down moves into the results as they
    arrive, each further down moves down them, and the list keeps the cursor."""
    import time

    from caretui.store.queries import search
    from tests.screens.test_type_ahead import burst

    found = search.search_people

    def slow(*args, **kwargs):  # type: ignore[no-untyped-def]
        time.sleep(0.3)  # a busy store
        return found(*args, **kwargs)

    monkeypatch.setattr(search, "search_people", slow)
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "sharma"), sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        burst(app, [*"haigh", "down", "down"])
        await pilot.pause(0.1)
        results = app.screen.query_one("#search-results", RecordTable)
        assert app.focused is results and results.row_count == 0  # nothing has arrived yet
        await settle(pilot)
        assert app.focused is results
        assert [str(r.cells[0]) for r in results.records] == ["Dorothy Haigh", "Kenneth Haigh"]
        assert results.cursor_row == 1  # the second down moved to Kenneth
        assert app.screen.query_one("#search-input", Input).value == "haigh"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        assert "Kenneth Haigh" in screen_text(app)


async def test_letters_typed_in_the_results_go_back_to_the_box_whole(sandbox: Store) -> None:
    """A letter typed in the list takes the cursor back to the search box at once: an s
    that follows it in a burst is a letter of the name, not the list's sort key."""
    from tests.screens.test_type_ahead import burst

    app = CareApp(store=sandbox, actor=sign_in(sandbox, "sharma"), sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"haigh", "down")
        await settle(pilot)
        results = app.screen.query_one("#search-results", RecordTable)
        assert app.focused is results
        burst(app, [*" ds"])
        await settle(pilot)
        assert app.screen.query_one("#search-input", Input).value == "haigh ds"
        assert results.sort_column is None
