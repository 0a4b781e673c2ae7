"""The `sparklog` script: one command, started quickly and left quickly.

A command runs for a fraction of a second, and a good part of that used to go to
the interpreter's housekeeping rather than to the journal:

- While Typer, Rich and sparklog's own modules load, the cyclic garbage collector
  runs again and again over objects that live as long as the process. `main`
  turns it off until the command's module is loaded (`settled`), then freezes
  what is loaded (the collector never scans it again) and turns it back on, so
  a long sync or import still has its garbage collected.
- At the end the interpreter tears every module down, object by object: about
  a tenth of a second once the write side (SQLAlchemy) is loaded, and
  nothing the journal needs. By then a command has committed or rolled back its
  transactions and closed its connections, and its output is written. So the
  script runs what the interpreter would run before its teardown (threads still
  working are waited for, exit handlers run), flushes the output and leaves.

Only this script does so. `python -m sparklog` and the tests call
`sparklog.cli.main`, which ends the ordinary way.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import os
import sys
from typing import NoReturn

from sparklog.errors import EXIT_INTERRUPTED

_starting = False
"""True between `main` turning the collector off and `settled` turning it back on."""


def settled() -> None:
    """The command's modules are loaded: freeze them and let the collector run again."""
    global _starting
    if _starting:
        _starting = False
        gc.freeze()
        gc.enable()


def _exit_code(code: object) -> int:
    """What `sys.exit(code)` would leave with, and its message written as Python would."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    sys.stderr.write(f"{code}\n")
    return 1


def _leave(code: int) -> NoReturn:
    """End the process as the interpreter would, without tearing its modules down."""
    threading = sys.modules.get("threading")
    if threading is not None:
        # A thread that is not a daemon is one the command wants finished.
        for thread in threading.enumerate():
            if thread is not threading.main_thread() and not thread.daemon:
                thread.join()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        # A reader that went away, or a stream closed already: nothing more to deliver.
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)


def main() -> NoReturn:
    """Console-script entry point: `sparklog.cli.main` without the interpreter's overhead."""
    global _starting
    _starting = True
    gc.disable()
    try:
        # Imported here, once the collector is off: loading Typer and Rich is most of a start.
        from sparklog.cli import main as run

        run()
        code = 0
    except SystemExit as exc:
        code = _exit_code(exc.code)
    except KeyboardInterrupt:
        # Ctrl-C while sparklog was still loading: nothing had started, nothing was saved.
        sys.stderr.write("\nsparklog: stopped; nothing was saved\n")
        code = EXIT_INTERRUPTED
    _leave(code)
