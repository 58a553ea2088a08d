"""How a sandbox helper process reports back: pickled values in length-prefixed frames.

A frame is an 8-byte little-endian length followed by that many bytes of pickle. The
helper (``worker``) writes one frame per finished chunk on its stdout; the build
(``bulk``) reads them in order. Both import this module and not each other.
"""

from __future__ import annotations

import pickle
import struct
from typing import IO, Any

FRAME = struct.Struct("<Q")


def write_frame(stream: IO[bytes], value: Any) -> None:
    """Send ``value`` (never None) as one frame and flush it to the reader."""
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(FRAME.pack(len(data)))
    stream.write(data)
    stream.flush()


def read_frame(stream: IO[bytes]) -> Any | None:
    """The next value sent with ``write_frame``, or None if the writer stopped first."""
    header = stream.read(FRAME.size)
    if len(header) != FRAME.size:
        return None
    (size,) = FRAME.unpack(header)
    return pickle.loads(stream.read(size))
