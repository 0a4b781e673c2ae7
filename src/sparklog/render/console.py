"""One place that decides how output is drawn."""

from __future__ import annotations

import functools
import json
import os
import sys
from typing import Any

from rich.console import Console


class _Console(Console):
    """Rich's console, with a reader that goes away left to the entry point.

    A view is drawn in a moment, so whether stdout is a terminal is asked once:
    Rich asks on every line otherwise (two hundred times for a full week).
    """

    @functools.cached_property
    def is_terminal(self) -> bool:
        return bool(Console.is_terminal.__get__(self))

    def on_broken_pipe(self) -> None:
        # Rich would exit 1 here; `sparklog log | head` is no failure, so the
        # entry point turns this into a quiet exit 0.
        self.quiet = True
        raise BrokenPipeError


_terminal_width: int | None = None
"""Set while stdout goes to a pager: views are drawn as for the terminal behind it."""


def draw_for_terminal(width: int | None) -> None:
    """Draw stdout views as for a terminal `width` columns wide (None: ask stdout)."""
    global _terminal_width
    _terminal_width = width


def console(*, stderr: bool = False) -> Console:
    """Rich colour on a terminal; plain text when piped or with NO_COLOR.

    Markup is off: paths, names and entries are the user's words and print as
    typed (`[old]` stays, `[/x]` cannot break a view); styles come from `Text`.
    """
    _tolerate_narrow_encoding(sys.stderr if stderr else sys.stdout)
    # Rich's own NO_COLOR handling drops colours but keeps bold and dim; no colour
    # system at all gives the plain text the user asked for.
    plain = os.environ.get("NO_COLOR", "") != ""
    paged = _terminal_width is not None and not stderr
    out = _Console(
        stderr=stderr,
        markup=False,
        highlight=False,
        emoji=False,
        color_system=None if plain else "auto",
        force_terminal=True if paged else None,
        width=_terminal_width if paged else None,
    )
    out.size = out.size  # the terminal's size, read once rather than on every line
    return out


def _tolerate_narrow_encoding(stream: Any) -> None:
    """On a stream that cannot carry UTF-8 (PYTHONIOENCODING=ascii), show '?' for
    what it cannot encode instead of failing half-way through a view."""
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
    if encoding != "utf8" and hasattr(stream, "reconfigure"):
        stream.reconfigure(errors="replace")


def print_json(data: Any) -> None:
    """JSON to stdout, ASCII-escaped when stdout cannot carry UTF-8."""
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "")
    text = json.dumps(data, ensure_ascii=encoding != "utf8", indent=2)
    sys.stdout.write(text + "\n")
    sys.stdout.flush()
