"""caretui: keyboard-first case recording for adult social care."""

__version__ = "0.1.0"
