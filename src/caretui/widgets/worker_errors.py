"""Worker failures reach the practitioner.

Textual tells only the node that started a worker that it failed (``Worker.StateChanged``
does not bubble), so a screen's worker that raised would otherwise fail in silence: a
panel that never fills, a save that seems to do nothing. Every caretui screen mixes this
in; the app words the message (``CareApp.show_error``) and keeps running.
"""

from __future__ import annotations

from typing import Any

from textual.worker import Worker, WorkerState


class ReportsWorkerErrors:
    app: Any

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            show_error = getattr(self.app, "show_error", None)
            if show_error is not None:
                show_error(event.worker.error)
