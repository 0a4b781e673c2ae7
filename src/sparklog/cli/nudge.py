"""`sparklog nudge`: one line for a new shell when today has nothing logged yet.

On an important date's day and the day before it adds a line for it too
("Anniversary: 7 years tomorrow, Sun 14 Jun"); the dates ride in the same stamp.

It runs from a shell rc file on every new shell, so it has to be near-instant and
must never break the shell. It therefore reads the stamp file that every write
transaction keeps current (`<journal>.last`, the last journal day with anything
logged) instead of opening the journal: one small file read, no SQLAlchemy, and it
keeps working when the journal itself is encrypted. A journal written before stamps
existed has none; only then does a read-only stdlib `sqlite3` query answer.

The plain `sparklog nudge` (optionally with `--db PATH`) is answered by `fast_path`
before Typer parses anything: building the command line would cost more than
the whole answer.

Whatever goes wrong (no journal, an unreadable or damaged file, a bad config) it
prints the line or nothing, and exits 0.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import typer

NUDGE_LINE = "Nothing in your journal today yet. One kind thing you noticed? sparklog evening"


def logged_today(db: Path, today: date) -> bool | None:
    """True or False when known; None when the journal cannot tell (stay quiet then)."""
    # Only here: every command imports this module, and most never nudge.
    from sparklog.store import files

    stamp = files.read_stamp_file(db)
    if stamp is not None:
        return stamp.last_day is not None and stamp.last_day >= today
    if not db.exists():
        return False
    if not db.is_file():
        return None  # a pipe or a device could block the shell; never open one
    try:
        last = files.query_last_day(db)
    except (ValueError, OSError):
        return None
    return last is not None and last >= today


def dates_line(db: Path, today: date) -> str | None:
    """The line for a date today or tomorrow, from the stamp; None when there is none.

    Only the stamp is read: a journal without one (or an encrypted journal, whose
    stamp leaves the dates out) has no line to add.
    """
    from sparklog.core.important_dates import ImportantDate, nudge_line
    from sparklog.store import files

    stamp = files.read_stamp_file(db)
    if stamp is None or not stamp.dates:
        return None
    return nudge_line([ImportantDate.from_json(item) for item in stamp.dates], today)


def run(db_override: str | None) -> None:
    """Print the line when it is due; swallow every problem."""
    try:
        from sparklog.cli.context import quiet_today

        db, today = quiet_today(db_override)
        lines = []
        if logged_today(db, today) is False:
            lines.append(NUDGE_LINE)
        with contextlib.suppress(Exception):  # a damaged stamp costs the line, never the shell
            coming = dates_line(db, today)
            if coming:
                lines.append(coming)
        if lines:
            sys.stdout.write("".join(line + "\n" for line in lines))
            sys.stdout.flush()
    except (Exception, KeyboardInterrupt):
        # A shell starting up is never the place for an error message.
        return


def fast_path(argv: Sequence[str]) -> bool:
    """Answer `nudge` and `--db PATH nudge` directly; False leaves argv to Typer."""
    args = list(argv)
    if not args or args[-1] != "nudge":
        return False
    rest = args[:-1]
    if not rest:
        run(None)
        return True
    if len(rest) == 2 and rest[0] == "--db":
        run(rest[1])
        return True
    if len(rest) == 1 and rest[0].startswith("--db="):
        run(rest[0].removeprefix("--db="))
        return True
    return False


def nudge(ctx: typer.Context) -> None:
    """One line when today is still empty, for your shell rc file.

    It prints nothing otherwise, and always exits 0, even without a journal.
    Add it with: sparklog shell-init bash (or zsh, fish).
    """
    run(getattr(ctx.find_root().obj, "db_override", None))
