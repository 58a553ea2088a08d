"""Tick boxes read without colour: ticked, unticked and the cursor differ in glyphs."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Input

from caretui.widgets.tick_list import TickList
from tests.widgets.test_form_view import SIZE, FormHost


def row_texts(ticks: TickList[str]) -> list[str]:
    """The list's rows as plain text, as a terminal without colour shows them."""
    return [
        ticks.render_line(y).text.rstrip() for y in range(ticks.scrollable_content_region.height)
    ]


class TickHost(App[None]):
    def compose(self) -> ComposeResult:
        yield Input(id="before")
        yield TickList[str](
            ("Bathing", "bath", True),
            ("Stairs", "stairs"),
            ("Getting in and out of bed, a chair or a car safely and without help", "bed"),
            id="ticks",
        )


async def test_ticked_and_unticked_rows_differ_in_plain_text() -> None:
    app = TickHost()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        rows = row_texts(app.query_one(TickList))
        assert rows[0].startswith(" [x] Bathing")
        assert rows[1].startswith(" [ ] Stairs")


async def test_the_cursor_shows_on_the_first_row_as_soon_as_the_list_has_focus() -> None:
    app = TickHost()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        ticks = app.query_one(TickList)
        assert not any("▶" in row for row in row_texts(ticks))
        await pilot.press("tab")
        await pilot.pause()
        assert row_texts(ticks)[0].startswith("▶[x] Bathing")
        await pilot.press("down", "space")
        await pilot.pause()
        rows = row_texts(ticks)
        assert rows[0].startswith(" [x] Bathing")
        assert rows[1].startswith("▶[x] Stairs")
        assert ticks.selected == ["bath", "stairs"]


async def test_a_long_option_wraps_whole_under_its_tick_box() -> None:
    app = TickHost()
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        rows = row_texts(app.query_one(TickList))
        joined = " ".join(row[5:].strip() for row in rows[2:] if row.strip())
        assert rows[2].startswith(" [ ] Getting")
        assert "…" not in joined
        assert "without help" in joined


async def test_a_form_multichoice_shows_its_ticks_in_plain_text() -> None:
    app = FormHost("ot_referral", {"function_concern": ["Stairs"]})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.form.focus_field("function_concern")
        await pilot.pause()
        ticks = app.query_one("#input-function_concern", TickList)
        rows = row_texts(ticks)
        assert rows[0].startswith("▶[ ] Bathing")
        assert any(row.startswith(" [x] Stairs") for row in rows)
        await pilot.press("space")
        await pilot.pause()
        assert row_texts(ticks)[0].startswith("▶[x] Bathing")
        assert app.form.answers["function_concern"] == ["Bathing", "Stairs"]
