"""Long output through a pager on a terminal, as git does it.

`log`, `gratitude list` and a Markdown export to the screen can run to
thousands of lines. On a terminal they go through `$PAGER` (default
`less -FRX`: it quits at once when the text fits one screen, keeps colours and
leaves the text on the screen afterwards); `--no-pager`, a pipe or a file gets
the text as it is. `PAGER=cat` (or an empty PAGER) turns paging off for good.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator

DEFAULT_PAGER = "less -FRX"


def pager_command() -> list[str] | None:
    """The pager to run, as argv, or None when paging is off."""
    chosen = os.environ.get("PAGER")
    text = DEFAULT_PAGER if chosen is None else chosen
    try:
        argv = shlex.split(text)
    except ValueError:
        return None
    if not argv or argv == ["cat"]:
        return None
    return argv


@contextlib.contextmanager
def paged(wanted: bool = True) -> Iterator[None]:
    """Everything written to stdout inside goes through the pager, when one applies.

    Standard output itself is pointed at the pager, so Rich views and raw text
    alike reach it; the views are drawn as for the terminal (colours, width).
    Quitting the pager early is a reader going away: a quiet exit 0.
    """
    argv = pager_command() if wanted and _is_terminal() else None
    if argv is None:
        yield
        return
    from sparklog.render import console as screen

    env = dict(os.environ)
    env.setdefault("LESS", "FRX")  # as git sets it, for a plain `less` in PAGER
    env.setdefault("LV", "-c")
    width = shutil.get_terminal_size().columns
    sys.stdout.flush()
    try:
        process = subprocess.Popen(argv, stdin=subprocess.PIPE, env=env)
    except OSError:
        yield  # no such pager: the text still reaches the screen
        return
    assert process.stdin is not None
    terminal = os.dup(sys.stdout.fileno())
    os.dup2(process.stdin.fileno(), sys.stdout.fileno())
    process.stdin.close()
    screen.draw_for_terminal(width)
    # Ctrl-C belongs to the pager while it runs (less uses it to stop a search);
    # only output is left to do here, and quitting the pager ends it.
    interrupt = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
        sys.stdout.flush()
    finally:
        screen.draw_for_terminal(None)
        with contextlib.suppress(BrokenPipeError):
            sys.stdout.flush()
        os.dup2(terminal, sys.stdout.fileno())
        os.close(terminal)
        process.wait()
        signal.signal(signal.SIGINT, interrupt)


def _is_terminal() -> bool:
    try:
        return os.isatty(sys.stdout.fileno())
    except (AttributeError, OSError, ValueError):
        return False  # a captured stream (tests, an embedding program) has no fd
