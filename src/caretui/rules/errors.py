"""The root of every error that carries a message meant for a practitioner.

Screens catch :class:`PracticeError` and show ``str(error)``; anything else is a bug.
"""

from __future__ import annotations


class PracticeError(Exception):
    """Something cannot be done as asked; the message says why and what to do next."""


class FormInvalid(PracticeError):
    """Answers that cannot be saved as they are; ``problems`` maps field key to message."""

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = dict(problems)
        count = len(self.problems)
        super().__init__(
            f"{count} answer{'s' * (count != 1)} need{'s' * (count == 1)} attention "
            "(shown beside each field). Nothing you typed has been lost."
        )
