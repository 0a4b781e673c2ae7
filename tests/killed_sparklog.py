"""Run sparklog on a frozen clock and kill it -9 at the N-th step that writes something.

Usage: python killed_sparklog.py ISO-INSTANT N [sparklog arguments...]

A step is a call that changes a file or the journal: os.write, os.fsync,
os.link, os.rename, os.replace, os.unlink, and a SQLAlchemy session's flush
and commit. The process kills itself just before the N-th one, so a test can
stop a command at every point it could be stopped in real life, chosen by a
seeded generator. With N = 0 nothing is killed and the number of steps is
written to stderr as `STEPS=<n>`, so a test knows the range to choose from.
"""

import os
import signal
import sys
from typing import Any

import time_machine

time_machine.travel(sys.argv[1], tick=True).start()
target = int(sys.argv[2])
sys.argv = ["sparklog", *sys.argv[3:]]
steps = 0


def _step() -> None:
    global steps
    steps += 1
    if steps == target:
        os.kill(os.getpid(), signal.SIGKILL)


def _counted(call: Any) -> Any:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        _step()
        return call(*args, **kwargs)

    return wrapper


for name in ("write", "fsync", "link", "rename", "replace", "unlink"):
    setattr(os, name, _counted(getattr(os, name)))

from sqlalchemy.orm import Session  # noqa: E402

Session.flush = _counted(Session.flush)  # type: ignore[method-assign]
Session.commit = _counted(Session.commit)  # type: ignore[method-assign]

from sparklog.cli import main  # noqa: E402  (the clock must move before sparklog loads)

try:
    main()
finally:
    if target == 0:
        os.write(2, f"STEPS={steps}\n".encode())
