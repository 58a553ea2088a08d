"""A real ``caretui sandbox`` in a real terminal, killed while the practitioner types.

Not Pilot: the program runs in its own process on a pseudo-terminal at 80x24 (pexpect),
its screen is read with a terminal emulator (pyte), and it is stopped the way a session
ends in life: SIGKILL (a crash, the machine losing power), SIGHUP (the terminal or the
SSH connection closing) and SIGTERM (the system shutting it down). Typing goes on without
a pause for several seconds; whatever ends the process half a second after the last key,
the draft holds everything typed up to at least a second before the end, and the next
start puts it back on screen (issue 13).
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pexpect
import pyte
import pytest
from sqlmodel import select

from caretui.store.db import open_store
from caretui.store.models import Draft

ROWS, COLUMNS = 24, 80
TAB, ENTER, DOWN, NEXT_STEP = "\t", "\r", "\x1b[B", "\x1b[6;5~"  # ctrl+pagedown
SPEED_S = 0.06  # between keys: a quick typist, 16 keys a second
TYPED_FOR_S = 4.0
# A Case Note's subject takes at most 200 characters; the typing stays well under.
WORDS = "Visited at home with her daughter and talked through respite options "


class Terminal:
    """caretui on a pseudo-terminal, with what a person would see on it."""

    def __init__(self, home: Path, login: str) -> None:
        env = {
            **os.environ,
            "XDG_DATA_HOME": str(home),
            "NO_COLOR": "1",
            "TERM": "xterm-256color",
            "COLUMNS": str(COLUMNS),
            "LINES": str(ROWS),
        }
        self.child = pexpect.spawn(
            sys.executable,
            ["-m", "caretui", "sandbox", "--as", login],
            env=env,
            dimensions=(ROWS, COLUMNS),
            encoding="utf-8",
            codec_errors="replace",
        )
        self.screen = pyte.Screen(COLUMNS, ROWS)
        self.stream = pyte.Stream(self.screen)
        self.output: list[str] = []

    def pump(self, seconds: float = 0.05) -> None:
        deadline = time.monotonic() + seconds
        while True:
            try:
                chunk = self.child.read_nonblocking(65536, timeout=0.02)
            except pexpect.TIMEOUT:
                chunk = ""
            except pexpect.EOF:
                return
            if chunk:
                self.output.append(chunk)
                self.stream.feed(chunk)
            if time.monotonic() >= deadline:
                return

    @property
    def text(self) -> str:
        return "\n".join(self.screen.display)

    def wait_for(self, wanted: str, seconds: float = 30.0) -> None:
        deadline = time.monotonic() + seconds
        while wanted not in self.text:
            assert self.child.isalive(), f"caretui ended early:\n{''.join(self.output)[-2000:]}"
            assert time.monotonic() < deadline, f"never saw {wanted!r} on:\n{self.text}"
            self.pump(0.1)

    def keys(self, *keys: str, then: str | None = None) -> None:
        for key in keys:
            self.child.send(key)
            self.pump(0.15)
        if then is not None:
            self.wait_for(then)

    def type_steadily(self, text: str, seconds: float) -> list[tuple[float, int]]:
        """Type without a pause for ``seconds``; (when, how many typed) after each key."""
        sent: list[tuple[float, int]] = []
        start = time.monotonic()
        n = 0
        while time.monotonic() - start < seconds:
            self.child.send(text[n % len(text)])
            n += 1
            sent.append((time.monotonic(), n))
            self.pump(SPEED_S)
        return sent

    def end(self, signum: int) -> int | None:
        """Stop the process with ``signum``; its exit status (None when killed)."""
        self.child.kill(signum)
        deadline = time.monotonic() + 15
        while self.child.isalive() and time.monotonic() < deadline:
            self.pump(0.1)
        assert not self.child.isalive(), f"caretui did not end on signal {signum}"
        self.child.close()
        return self.child.exitstatus


@pytest.fixture
def home(sandbox_file: Path, tmp_path: Path) -> Path:
    """A data folder holding a copy of the session's sandbox (as `caretui sandbox` finds it)."""
    folder = tmp_path / "caretui"
    folder.mkdir()
    shutil.copyfile(sandbox_file, folder / "sandbox.db")
    os.chmod(folder / "sandbox.db", 0o600)
    return tmp_path


@pytest.fixture
def terminals(home: Path) -> Iterator[Callable[[str], Terminal]]:
    started: list[Terminal] = []

    def start(login: str) -> Terminal:
        terminal = Terminal(home, login)
        started.append(terminal)
        terminal.wait_for("SANDBOX")
        return terminal

    yield start
    for terminal in started:
        if terminal.child.isalive():
            terminal.child.kill(signal.SIGKILL)


def drafts_in(home: Path) -> dict[str, dict]:
    store = open_store(f"sqlite:///{home / 'caretui' / 'sandbox.db'}", sandbox=True)
    try:
        with store.read() as session:
            return {d.key: dict(d.data) for d in session.exec(select(Draft)).all()}
    finally:
        store.dispose()


def typed_before(sent: list[tuple[float, int]], moment: float) -> int:
    return max((n for when, n in sent if when <= moment), default=0)


def expected(count: int) -> str:
    return "".join(WORDS[i % len(WORDS)] for i in range(count))


def check_kept(kept: str, sent: list[tuple[float, int]], ended_at: float) -> None:
    """Everything typed up to a second before the end is in the draft, in order."""
    total = sent[-1][1]
    assert expected(total).startswith(kept.rstrip()), (kept, expected(total))
    at_least = typed_before(sent, ended_at - 1.0)
    assert len(kept) >= at_least, f"{len(kept)} of {total} keys kept; {at_least} were due"


# --- a Case Note -----------------------------------------------------------------------


def open_new_case_note(terminal: Terminal) -> None:
    """From the dashboard: the highlighted case, n, Case Note."""
    terminal.wait_for("Primary Cases")
    terminal.keys(ENTER, then="Referral date")
    terminal.keys("n", then="New activity: which type?")
    terminal.keys(DOWN, ENTER, then="New Case Note")


@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGHUP], ids=["kill-9", "hang-up"])
def test_a_case_note_typed_without_a_pause_survives_the_end_of_the_process(
    terminals: Callable[[str], Terminal], home: Path, signum: int
) -> None:
    terminal = terminals("sharma")
    open_new_case_note(terminal)
    sent = terminal.type_steadily(WORDS, TYPED_FOR_S)
    time.sleep(0.5)
    ended_at = time.monotonic()
    status = terminal.end(signum)
    if signum == signal.SIGHUP:
        assert status == 128 + signum, "".join(terminal.output)[-2000:]
        assert "Traceback" not in "".join(terminal.output)

    [(key, data)] = [(k, d) for k, d in drafts_in(home).items() if k.startswith("activity:new:")]
    assert key.endswith(":case_note")
    check_kept(data["subject"], sent, ended_at)

    again = terminals("sharma")  # opening the case offers the unsaved Case Note
    again.wait_for("Primary Cases")
    again.keys(ENTER, then="Unfinished work on this case")
    again.keys(ENTER, then="Draft restored")
    again.wait_for(data["subject"][:40])


# --- a wizard's text box ----------------------------------------------------------------


def open_wellbeing_step(terminal: Terminal) -> None:
    """Sadia Hussain's Carers Conversation, at the wellbeing step's caring role box."""
    terminal.wait_for("Primary Cases")
    terminal.keys("/", *"sadia", then="1 person found.")
    terminal.keys(DOWN, "c", then="Referral date")
    terminal.keys("c", then="The answers are kept on form")  # the first step, ready
    terminal.keys(NEXT_STEP, then="Privacy notice explained")
    terminal.keys("y", NEXT_STEP, then="About the carer")
    terminal.keys(NEXT_STEP, then="Wellbeing conversation")
    terminal.keys(TAB, TAB)


@pytest.mark.parametrize(
    "signum",
    [signal.SIGKILL, signal.SIGHUP, signal.SIGTERM],
    ids=["kill-9", "hang-up", "terminate"],
)
def test_a_wizard_text_box_typed_without_a_pause_survives_the_end_of_the_process(
    terminals: Callable[[str], Terminal], home: Path, signum: int
) -> None:
    terminal = terminals("okafor")
    open_wellbeing_step(terminal)
    sent = terminal.type_steadily(WORDS, TYPED_FOR_S)
    time.sleep(0.5)
    ended_at = time.monotonic()
    status = terminal.end(signum)
    if signum != signal.SIGKILL:  # a hang-up or a shutdown is a clean exit
        assert status == 128 + signum, "".join(terminal.output)[-2000:]
        assert "Traceback" not in "".join(terminal.output)

    [data] = [d for k, d in drafts_in(home).items() if k.startswith("wizard:carers_conversation")]
    check_kept(data["answers"]["caring_role"], sent, ended_at)

    again = terminals("okafor")
    again.wait_for("Primary Cases")
    again.keys("/", *"sadia", then="1 person found.")
    again.keys(DOWN, "c", then="Unfinished work on this case")
    again.keys(ENTER, then="Wellbeing conversation")
    again.wait_for(data["answers"]["caring_role"][:40])


# --- keys in one burst ------------------------------------------------------------------


def test_down_and_c_sent_in_one_burst_open_the_case_not_type_into_the_search(
    terminals: Callable[[str], Terminal],
) -> None:
    """A fast typist's "down c" arrives in one read: down moves to the results before the
    app hands on the c, so c opens the case (it used to be typed into the box: "sadiac")."""
    terminal = terminals("okafor")
    terminal.wait_for("Primary Cases")
    terminal.keys("/", *"sadia", then="1 person found.")
    terminal.child.send(DOWN + "c")
    terminal.wait_for("Referral date")
    assert "sadiac" not in terminal.text
