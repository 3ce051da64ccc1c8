"""The Qt binding must not drop references when it delivers signals to Python.

PySide6 6.12.0 on Python 3.11 took one reference from None or from True on every signal
delivered to a Python callable; after enough clicks and keystrokes the interpreter aborted with
"none_dealloc". pyproject.toml keeps that version out; this test fails
on any version that does it again.
"""

from __future__ import annotations

import gc
import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QCheckBox, QPushButton

DELIVERIES = 500


class Emitter(QObject):
    flag = Signal(bool)
    number = Signal(int)


def references() -> tuple[int, int, int]:
    gc.collect()
    return sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)


def drift(deliver) -> list[int]:  # type: ignore[no-untyped-def]
    for _ in range(10):
        deliver()
    before = references()
    for _ in range(DELIVERIES):
        deliver()
    after = references()
    return [a - b for a, b in zip(after, before, strict=True)]


class Receiver(QObject):
    def on_flag(self, value: bool) -> None:
        self.value = value


def test_signals_delivered_to_python_keep_none_true_and_false_counted(qtbot) -> None:
    button, box, emitter, receiver = QPushButton(), QCheckBox(), Emitter(), Receiver()
    qtbot.addWidget(button)
    qtbot.addWidget(box)
    button.clicked.connect(lambda: None)
    box.toggled.connect(lambda _checked: None)
    emitter.flag.connect(receiver.on_flag)
    emitter.number.connect(lambda _n: None)
    for name, deliver in (("clicked", button.click), ("toggled", box.toggle),
                          ("Signal(bool) to a method", lambda: emitter.flag.emit(True)),
                          ("Signal(int) to a lambda", lambda: emitter.number.emit(7))):  # fmt: skip
        lost = [change for change in drift(deliver) if change <= -DELIVERIES // 2]
        assert not lost, f"{name}: references to None/True/False lost per delivery"
