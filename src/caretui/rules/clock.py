""" "Today" and "now" for the whole program.

Rules take a date when they need one; this module is where the program asks for it.
``CARETUI_TODAY=YYYY-MM-DD`` pins the date (snapshot tests, training sessions that
must look the same every time); the time of day still moves. ``YYYY-MM-DDTHH:MM`` pins
the time of day too: the clock starts there when the program starts and runs on, so
what is "earlier today" is the same on every run (the test suite uses it).
"""

from __future__ import annotations

import os
import time as monotonic
from datetime import date, datetime, time, timedelta

_STARTED = monotonic.monotonic()


def today() -> date:
    pinned = os.environ.get("CARETUI_TODAY")
    if pinned:
        return now().date() if "T" in pinned else date.fromisoformat(pinned)
    return date.today()


def now() -> datetime:
    pinned = os.environ.get("CARETUI_TODAY")
    current = datetime.now().replace(tzinfo=None)
    if pinned and "T" in pinned:
        return datetime.fromisoformat(pinned) + timedelta(seconds=monotonic.monotonic() - _STARTED)
    if pinned:
        return datetime.combine(date.fromisoformat(pinned), current.time())
    return current


def start_of(day: date) -> datetime:
    return datetime.combine(day, time.min)
