"""The root of every error that carries a message meant for a practitioner.

Screens catch :class:`PracticeError` and show ``str(error)``; anything else is a bug.
"""

from __future__ import annotations


class PracticeError(Exception):
    """Something cannot be done as asked; the message says why and what to do next."""
