"""The reader process's frames, written to the program by a thread of their own.

A pipe holds a few kilobytes: without this, the reader would wait on the program for every
frame of the first sheet before it could read (and clean) the next. Frames queue here up to
``BUDGET`` bytes, so the reader goes on while the program works through them, and its memory
stays bounded when the program is slower (the budget fits in the room the reader's memory cap
leaves above its estimate, READER_LIMIT − READER_BUDGET). Frames keep their order.
"""

from __future__ import annotations

import pickle
import struct
import threading
from collections import deque
from typing import Any, BinaryIO

BUDGET = 16 << 20
STACK = 256 << 10  # the thread's stack: it only writes (the reader's memory is capped)


class FrameSender:
    def __init__(self, out: BinaryIO, budget: int = BUDGET) -> None:
        self.out = out
        self.budget = budget
        self.frames: deque[bytes] = deque()
        self.pending = 0  # bytes queued
        self.ending = False
        self.broken = False  # the program stopped reading
        self.changed = threading.Condition()
        self.thread = threading.Thread(target=self._write, name="frame sender", daemon=True)
        before = threading.stack_size(STACK)
        try:
            self.thread.start()
        finally:
            threading.stack_size(before)

    def send(self, message: tuple[Any, ...]) -> None:
        """Queue one message (waits while ``budget`` bytes are queued); raises BrokenPipeError
        once the program has stopped reading."""
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        with self.changed:
            while self.pending > self.budget and not self.broken and self.thread.is_alive():
                self.changed.wait(1.0)
            if self.broken or not self.thread.is_alive():
                raise BrokenPipeError("the program stopped reading")
            self.frames.append(data)
            self.pending += len(data)
            self.changed.notify_all()

    def _write(self) -> None:
        while True:
            with self.changed:
                while not self.frames and not self.ending:
                    self.changed.wait()
                if not self.frames:
                    return
                data = self.frames.popleft()
                last = not self.frames
            try:
                self.out.write(struct.pack("<I", len(data)))
                self.out.write(data)
                if last:
                    self.out.flush()  # the program may be waiting for it
            except BaseException:  # the pipe closed, or anything else: the reader must not wait
                with self.changed:
                    self.broken = True
                    self.frames.clear()
                    self.changed.notify_all()
                return
            with self.changed:
                self.pending -= len(data)
                self.changed.notify_all()

    def close(self) -> None:
        """Write what is queued, then stop."""
        with self.changed:
            self.ending = True
            self.changed.notify_all()
        self.thread.join()
