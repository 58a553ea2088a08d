""" "Today" and "now" for the whole program.

Rules take a date when they need one; this module is where the program asks for it.
``CARETUI_TODAY=YYYY-MM-DD`` pins the date (snapshot tests, training sessions that
must look the same every time); the time of day still moves.
"""

from __future__ import annotations

import os
from datetime import date, datetime, time


def today() -> date:
    pinned = os.environ.get("CARETUI_TODAY")
    if pinned:
        return date.fromisoformat(pinned)
    return date.today()


def now() -> datetime:
    pinned = os.environ.get("CARETUI_TODAY")
    current = datetime.now().replace(tzinfo=None)
    if pinned:
        return datetime.combine(date.fromisoformat(pinned), current.time())
    return current


def start_of(day: date) -> datetime:
    return datetime.combine(day, time.min)
