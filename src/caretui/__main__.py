"""``python -m caretui``: the same as the ``caretui`` command."""

from caretui.cli import main

raise SystemExit(main())
