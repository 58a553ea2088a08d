"""The conflict view at 80x24: theirs beside yours, chosen field by field from the keyboard."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from textual.app import App

from caretui.rules.merge import Choice, ConflictField, FieldChange, compare, resolve
from caretui.store.errors import StaleRecord
from caretui.widgets.conflict_view import (
    ChangeRow,
    ConflictScreen,
    FullTextScreen,
    fit,
    previews,
)

SIZE = (80, 24)
AT = datetime(2026, 11, 24, 6, 25)
NOTES = (
    "Visited Mrs Okafor at home with her daughter present. She is managing the stairs "
    "with difficulty and has had two falls since the last review."
)
FIELDS = [
    ConflictField("subject", "Subject"),
    ConflictField("contact", "Contact"),
    ConflictField("outcome", "Outcome", joinable=True),
    ConflictField("due_date", "Due date", show=lambda d: f"{d:%d/%m/%Y}"),
    ConflictField("notes", "Notes", joinable=True, multiline=True),
]
BASE: dict[str, Any] = {
    "subject": "Home visit",
    "contact": "Daughter",
    "outcome": "",
    "due_date": date(2026, 12, 1),
    "notes": NOTES,
}
THEIRS = {
    **BASE,
    "subject": "Joint home visit with OT",
    "outcome": "Referred to falls clinic",
    "due_date": date(2026, 12, 8),
    "notes": NOTES + "\nGP rang: a falls referral is made.",
}
YOURS = {
    **BASE,
    "contact": "Daughter (Grace Okafor)",
    "outcome": "Carers assessment offered",
    "due_date": date(2026, 12, 15),
    "notes": NOTES + "\nDaughter asked about a carers assessment; leaflet given.",
}


class Host(App[None]):
    """The smallest host: opens the conflict view at once and keeps what it returns."""

    def __init__(self, changes: list[FieldChange] | None = None) -> None:
        super().__init__()
        self.changes = compare(FIELDS, BASE, THEIRS, YOURS) if changes is None else changes
        self.returned: list[dict[str, Choice] | None] = []

    def on_mount(self) -> None:
        view = ConflictScreen("activity", "Priya Sharma", AT, self.changes)
        self.push_screen(view, self.returned.append)


def rows(app: App[None]) -> dict[str, ChangeRow]:
    return {row.change.key: row for row in app.screen.query(ChangeRow)}


def focused_key(app: App[None]) -> str | None:
    return app.focused.change.key if isinstance(app.focused, ChangeRow) else None


def notices(app: App[None]) -> list[str]:
    return [str(n.message) for n in app._notifications]


def screen_lines(app: App[None]) -> list[str]:
    """The screen as plain text, a line per terminal row: what is read without colour."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


async def go_to(pilot: Any, key: str) -> None:
    await pilot.press("home")
    for _ in range(len(FIELDS)):
        if focused_key(pilot.app) == key:
            return
        await pilot.press("down")
    assert focused_key(pilot.app) == key


async def test_each_field_starts_on_the_side_that_changed_it_and_clashes_wait() -> None:
    app = Host()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ConflictScreen)
        assert screen.choices == {
            "subject": Choice.THEIRS,
            "contact": Choice.YOURS,
            "outcome": None,
            "due_date": None,
            "notes": None,
        }
        assert focused_key(app) == "outcome", "the first field to choose is where the cursor is"


async def test_choosing_field_by_field_returns_every_choice() -> None:
    app = Host()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("b")  # outcome: both
        await pilot.press("down", "y")  # due date: yours
        await pilot.press("down", "t")  # notes: theirs
        await pilot.press("home", "y")  # subject: overrule their change, keep yours
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.returned == [
            {
                "subject": Choice.YOURS,
                "contact": Choice.YOURS,
                "outcome": Choice.BOTH,
                "due_date": Choice.YOURS,
                "notes": Choice.THEIRS,
            }
        ]
        saved = resolve(YOURS, app.changes, app.returned[0])
        assert saved["outcome"] == "Referred to falls clinic\n\nCarers assessment offered"
        assert saved["notes"] == THEIRS["notes"]
        assert saved["subject"] == "Home visit"


async def test_enter_goes_round_the_choices_a_field_offers() -> None:
    app = Host()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        outcome = rows(app)["outcome"]
        seen = []
        for _ in range(4):
            await pilot.press("enter")
            seen.append(outcome.choice)
        assert seen == [Choice.THEIRS, Choice.YOURS, Choice.BOTH, Choice.THEIRS]
        await pilot.press("down")
        due = rows(app)["due_date"]
        for _ in range(3):
            await pilot.press("enter")
        assert due.choice is Choice.THEIRS, "a date goes theirs, yours, theirs: never both"


async def test_saving_is_refused_while_a_field_both_changed_is_undecided() -> None:
    app = Host()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("t", "end")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.returned == []
        assert isinstance(app.screen, ConflictScreen)
        assert "Choose what to keep for Due date and Notes: you both changed them." in notices(app)
        assert focused_key(app) == "due_date", "the cursor goes to the first one to choose"
        summary = str(app.screen.query_one("#conflict-summary").render())
        assert "to choose: Due date, Notes" in summary


async def test_escape_returns_nothing_to_save() -> None:
    app = Host()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("t", "escape")
        await pilot.pause()
        assert app.returned == [None]
        assert not isinstance(app.screen, ConflictScreen)


async def test_both_is_refused_on_a_field_that_holds_one_value() -> None:
    app = Host()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await go_to(pilot, "due_date")
        await pilot.press("b")
        await pilot.pause()
        assert rows(app)["due_date"].choice is None
        assert any("Due date cannot keep both" in n for n in notices(app))
        await go_to(pilot, "subject")
        await pilot.press("b")
        assert rows(app)["subject"].choice is Choice.THEIRS, "a refused b changes nothing"


async def test_the_choices_read_in_words_and_markers_without_colour(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = Host()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.no_color
        await pilot.press("b")
        lines = screen_lines(app)
        text = "\n".join(lines)
        assert (
            "Priya Sharma changed this activity at 06:25 since you opened it. Choose what"
        ) in text
        assert "to keep for each field, then ctrl+s." in text

        def row_lines(label: str) -> tuple[str, str]:
            at = next(
                i for i, line in enumerate(lines) if line.lstrip("│█ ").startswith(f"{label}: ")
            )
            return lines[at], lines[at + 1]

        head, sides = row_lines("Subject")
        assert "Only they changed. Keep: theirs" in head
        assert "▶ Joint home visit with OT" in sides
        assert "▶ Home visit" not in sides and "Home visit" in sides.split("OT", 1)[1]

        head, sides = row_lines("Contact")
        assert "Only you changed. Keep: yours" in head
        assert "▶ Daughter (Grace Okafor)" in sides and sides.count("▶") == 1

        head, sides = row_lines("Outcome")
        assert "Both changed. Keep: both (theirs, then yours)" in head
        assert "▶ Referred to falls clinic" in sides and "▶ Carers assessment offered" in sides
        assert head.lstrip("│ ")[0] == "█", "the field the keys act on is marked by a bar"

        head, sides = row_lines("Due date")
        assert "Both changed. Choose: t or y" in head
        assert "▶" not in sides and "08/12/2026" in sides and "15/12/2026" in sides

        head, sides = row_lines("Notes")
        assert "Both changed. Choose: t, y or b" in head
        assert "GP rang" in sides and "Daughter asked" in sides, "previews start at the change"

        assert "THEIRS (Priya Sharma, 06:25)" in text and "YOURS (as you typed)" in text
        assert " ".join(lines[-1].split()) == (
            "↑↓ Fields t Theirs y Yours b Both ⏎ Change v Full text ^s Save esc Back"
        )


async def test_v_shows_both_texts_in_full_and_a_choice_can_be_made_there() -> None:
    app = Host()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await go_to(pilot, "notes")
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, FullTextScreen)
        text = "\n".join(screen_lines(app))
        assert "THEIRS: saved by Priya Sharma at 06:25" in text
        assert "YOURS: as you typed it" in text
        assert "GP rang: a falls referral is made." in text
        assert "Daughter asked about a carers assessment; leaflet given." in text
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ConflictScreen)
        assert rows(app)["notes"].choice is Choice.YOURS
        await pilot.press("v", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ConflictScreen)
        assert rows(app)["notes"].choice is Choice.YOURS, "escape only closes the full text"


async def test_nothing_differing_can_be_saved_at_once() -> None:
    app = Host(changes=[])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("t", "down", "ctrl+s")
        await pilot.pause()
        assert app.returned == [{}]


def test_the_view_opens_from_the_refused_save() -> None:
    error = StaleRecord("activity", "Priya Sharma", AT)
    assert (error.what, error.by, error.at) == ("activity", "Priya Sharma", AT)
    assert str(error) == (
        "This activity was changed by Priya Sharma at 06:25 since you opened it. "
        "Your changes are kept: compare them with theirs before saving again."
    )
    view = ConflictScreen.from_stale(error, [])
    assert view.heading() == (
        "Priya Sharma changed this activity at 06:25 since you opened it. "
        "Choose what to keep for each field, then ctrl+s."
    )


def test_a_preview_ends_after_a_whole_word() -> None:
    assert fit("Referred to falls clinic", 30) == "Referred to falls clinic"
    assert fit("Referred to falls clinic", 20) == "Referred to falls…"
    assert fit("Supercalifragilistic", 10) == "Supercali…"


def test_previews_of_long_texts_start_near_where_they_differ() -> None:
    theirs, yours = previews(NOTES + " GP rang.", NOTES + " Daughter rang.", 32)
    assert theirs.startswith("…") and yours.startswith("…")
    assert theirs.endswith("GP rang.") and yours.endswith("Daughter rang.")
    assert previews("Home visit", "Joint visit", 32) == ("Home visit", "Joint visit")
    short = ("Home visit at 10 with the OT", "Home visit at 10 with the GP")
    assert previews(*short, 32) == short, "text that fits is shown from its start"


def test_conflict_view_at_80x24(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def choose_some(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.pause()
        await pilot.press("b", "down")
        await pilot.pause()

    assert snap_compare(Host(), terminal_size=SIZE, run_before=choose_some)
