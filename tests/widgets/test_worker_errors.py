"""A screen's worker that fails is reported to the practitioner, not lost."""

from __future__ import annotations

from textual import work
from textual.app import App
from textual.screen import Screen

from caretui.widgets.worker_errors import ReportsWorkerErrors


class Failing(ReportsWorkerErrors, Screen[None]):
    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exit_on_error=False)
    def load(self) -> None:
        raise OSError("database or disk is full")


class Host(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.errors: list[BaseException] = []

    def show_error(self, error: BaseException, doing: str = "") -> None:
        self.errors.append(error)

    def on_mount(self) -> None:
        self.push_screen(Failing())


async def test_a_failing_screen_worker_reaches_the_app() -> None:
    app = Host()
    async with app.run_test() as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
    assert [str(e) for e in app.errors] == ["database or disk is full"]
