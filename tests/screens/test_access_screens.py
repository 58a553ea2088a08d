"""A system admin at 80x24, keyboard only: the audit trail, who viewed a record, accounts."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import col, select

from caretui.app import CareApp
from caretui.screens.accounts import AccountsScreen
from caretui.screens.audit import AuditEntryScreen, AuditScreen, WhoViewedScreen
from caretui.screens.dashboard import DashboardScreen
from caretui.screens.help import HelpScreen
from caretui.store.db import Store
from caretui.store.models import AuditEntry, Case, User
from caretui.store.ops.viewing import record_view
from caretui.widgets.record_dialog import RecordDialog
from caretui.widgets.record_table import RecordTable
from tests.screens.conftest import sign_in
from tests.screens.test_walkthrough import SMALL, settle


def some_case(store: Store) -> tuple[int, int]:
    with store.read() as s:
        case = s.exec(select(Case).where(Case.status == "open").order_by(col(Case.id))).first()
        assert case is not None and case.id is not None
        return case.id, case.person_id


def messages(app: CareApp) -> list[str]:
    return [n.message for n in app._notifications]


async def test_system_admin_sees_who_opened_a_record_and_exports_it(
    sandbox: Store, tmp_path: Path
) -> None:
    case_id, person_id = some_case(sandbox)
    record_view(sandbox, sign_in(sandbox, "okafor"), case_id=case_id)
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "morgan"), sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("A")
        await settle(pilot)
        assert isinstance(app.screen, AuditScreen)
        table = app.screen.query_one(RecordTable)
        assert table.row_count > 0

        await pilot.press("f", *str(person_id), "enter")
        await settle(pilot)
        assert table.row_count > 0
        assert {r.person_id for r in app.screen.rows.values()} == {person_id}
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AuditEntryScreen)
        await pilot.press("escape")

        await pilot.press("w")
        await settle(pilot)
        assert isinstance(app.screen, WhoViewedScreen)
        who = app.screen.query_one(RecordTable)
        assert any("Daniel Okafor" in str(r.cells) for r in who.records)

        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, RecordDialog)
        path = tmp_path / "sar.csv"
        field = app.screen.query_one("#f-path")
        field.value = str(path)  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Daniel Okafor" in path.read_text(encoding="utf-8")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, AuditScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
    with sandbox.read() as s:
        last = s.exec(select(AuditEntry).order_by(col(AuditEntry.id).desc())).first()
    assert last is not None and last.action == "audit.export_views"


async def test_bad_filters_say_what_to_type(sandbox: Store) -> None:
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "morgan"), sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("A")
        await settle(pilot)
        app.screen.query_one("#audit-since").value = "31/02/2026"  # type: ignore[attr-defined]
        await settle(pilot)
        status = str(app.screen.query_one("#audit-status").render())
        assert "2026" in status or "date" in status.lower()
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = " ".join(f"{k} {d}" for k, d in app.screen.rows())
        for words in ("Filter", "Who viewed", "Verify", "Clear filters"):
            assert words in text


async def test_practitioners_have_no_audit_or_accounts_keys(sandbox: Store) -> None:
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "sharma"), sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("A", "U")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("question_mark")
        await settle(pilot)
        text = " ".join(d for _k, d in app.screen.rows())  # type: ignore[attr-defined]
        assert "Audit trail" not in text and "Accounts" not in text


async def test_system_admin_extends_an_end_date_and_disables_an_account(sandbox: Store) -> None:
    app = CareApp(store=sandbox, actor=sign_in(sandbox, "morgan"), sandbox=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("U")
        await settle(pilot)
        assert isinstance(app.screen, AccountsScreen)
        screen = app.screen
        summary = str(screen.query_one("#accounts-summary").render())
        assert "past end date" in summary  # Alex Grant's access ended five days ago

        table = screen.query_one(RecordTable)
        keys = [r.key for r in table.records]
        grant = next(k for k in keys if screen.rows[k].login == "grant")
        table.move_cursor(row=[r.key for r in table.shown].index(grant))

        await pilot.press("e")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, RecordDialog)
        dialog.query_one("#f-access_ends").value = ""  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert any("needs an access end date" in m for m in messages(app))
        dialog = app.screen
        assert isinstance(dialog, RecordDialog)  # asked again, nothing typed lost
        dialog.query_one("#f-access_ends").value = "31/01/2027"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert screen.rows[grant].access_ends is not None
        assert f"{screen.rows[grant].access_ends:%d/%m/%Y}" == "31/01/2027"

        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, RecordDialog)
        await pilot.press(*"Secondment ended", "ctrl+s")
        await settle(pilot)
        assert screen.rows[grant].disabled

        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, RecordDialog)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen.rows[grant].last_outcome == "Access still needed"

        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = " ".join(f"{k} {d}" for k, d in app.screen.rows())
        for words in ("New account", "Edit, end date", "Review", "Disable", "Back"):
            assert words in text
    with sandbox.read() as s:
        user = s.exec(select(User).where(User.login == "grant")).one()
        actions = s.exec(
            select(AuditEntry.action).where(
                AuditEntry.entity_id == user.id, AuditEntry.entity == "user"
            )
        ).all()
    assert user.disabled
    assert {"user.update", "user.disable"} <= set(actions)
