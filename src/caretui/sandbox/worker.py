"""A helper process for big sandbox builds: generates chunks of people on another core.

Run as ``python -m caretui.sandbox.worker`` by ``bulk``. It reads one pickled job from
stdin (the bulk plan, its chunks, the CREATE TABLE statements and a scratch folder),
writes each chunk into its own SQLite file there, and reports each file on stdout as a
frame (see ``frames``). A process started this way never re-runs the caller's main
script and inherits none of its threads.
"""

from __future__ import annotations

import pickle
import sys
from pathlib import Path

from caretui.sandbox.chunks import generate_chunk
from caretui.sandbox.frames import write_frame
from caretui.sandbox.rows import write_chunk_file


def main() -> int:
    plan, chunks, tables, folder = pickle.load(sys.stdin.buffer)
    out = sys.stdout.buffer
    for index, start, count in chunks:
        rows, issued = generate_chunk(plan, index, start, count)
        path = Path(folder) / f"chunk-{index:06d}.db"
        counts = write_chunk_file(rows, path, tables)
        write_frame(out, (str(path), issued, counts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
