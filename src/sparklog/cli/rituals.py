"""`sparklog ritual ...`: the couple's shared routines and their check-offs."""

from __future__ import annotations

import shlex
from datetime import date, timedelta

import typer

from sparklog.app import rituals as use
from sparklog.cli import complete, options
from sparklog.cli.context import day_option, journal_ref, now, risk_shown, state, today
from sparklog.core.dates import parse_day
from sparklog.core.rituals import PAUSE_AHEAD_DAYS, Cadence
from sparklog.errors import InvalidDate, UsageError
from sparklog.render import console as screen, rituals as show

ritual_app = typer.Typer(
    help="Shared rituals: define them, check them off, pause or archive them.",
    no_args_is_help=True,
)


NameArgument = typer.Argument(
    ...,
    metavar="NAME",
    help="Ritual name, or the start of it.",
    autocompletion=complete.active_rituals,
)


@ritual_app.command("add")
def ritual_add(
    ctx: typer.Context,
    name: str = typer.Argument(..., metavar="NAME", help="What you call the ritual."),
    daily: bool = typer.Option(False, "--daily", help="Every day (the default)."),
    weekdays: bool = typer.Option(False, "--weekdays", help="Monday to Friday."),
    on: str | None = typer.Option(
        None, "--on", metavar="DAYS", help="Named days, e.g. mon,thu or sat."
    ),
    weekly: int | None = typer.Option(
        None, "--weekly", metavar="N", help="N times a calendar week, any days (1 to 7)."
    ),
    shared: bool = typer.Option(
        False, "--shared", help="A couple's ritual: your check-offs go to your partner."
    ),
) -> None:
    """Define a ritual; it is daily unless you choose another cadence.

    Example: sparklog ritual add "Date night" --weekly 1 --shared
    """

    chosen = [flag for flag, given in _cadence_flags(daily, weekdays, on, weekly) if given]
    if len(chosen) > 1:
        raise UsageError(
            f"choose one cadence, not {' and '.join(chosen)}"
            " (--daily, --weekdays, --on DAYS or --weekly N)"
        )
    cadence = _cadence(weekdays, on, weekly)
    ritual = use.add(journal_ref(ctx), name, cadence, created=today(ctx), shared=shared)
    show.added_lines(screen.console(), ritual, done_command(ritual.name))


def _cadence_flags(
    daily: bool, weekdays: bool, on: str | None, weekly: int | None
) -> list[tuple[str, bool]]:
    return [
        ("--daily", daily),
        ("--weekdays", weekdays),
        ("--on", on is not None),
        ("--weekly", weekly is not None),
    ]


def _cadence(weekdays: bool, on: str | None, weekly: int | None) -> Cadence:
    if weekdays:
        return Cadence.weekdays()
    if on is not None:
        try:
            cadence = Cadence.parse(on)
        except UsageError:
            raise UsageError(f"--on takes day names like mon,thu, not {on!r}") from None
        if cadence.unit == "week":
            raise UsageError(f"--on takes day names like mon,thu, not {on!r}; use --weekly N")
        return cadence
    if weekly is not None:
        return Cadence.weekly(weekly)
    return Cadence.daily()


@ritual_app.command("list")
def ritual_list(
    ctx: typer.Context,
    json: bool = options.JsonOption,
    all_: bool = typer.Option(False, "--all", "-a", help="Include archived rituals."),
) -> None:
    """List rituals with their cadence, streak, strength, and today's / this week's state."""
    from sparklog.app.views import streaks_report

    report = streaks_report(journal_ref(ctx), today(ctx), state(ctx).config, include_archived=all_)
    if json:
        screen.print_json([status.list_json() for status in report.rituals])
        return
    show.render_ritual_list(
        screen.console(), report.rituals, today=today(ctx), late=risk_shown(ctx)
    )


@ritual_app.command("done")
def ritual_done(
    ctx: typer.Context,
    names: list[str] = typer.Argument(
        ...,
        metavar="NAME",
        help="One or more ritual names (or the start of them).",
        autocompletion=complete.active_rituals,
    ),
    date: str | None = options.DateOption,
) -> None:
    """Check rituals off for today (or --date); doing it twice changes nothing.

    Example: sparklog ritual done morn walk
    """

    day = day_option(ctx, date)
    checked = use.done(
        journal_ref(ctx),
        names,
        day=day,
        now=now(),
        today=today(ctx),
        week_start=state(ctx).config.week_start,
    )
    out = screen.console()
    for result in checked:
        out.print(show.check_line(result.status, day, added=result.added))


@ritual_app.command("undo")
def ritual_undo(
    ctx: typer.Context,
    name: str = NameArgument,
    date: str | None = options.DateOption,
) -> None:
    """Take back a check-off or a skip made by mistake (today's, or --date's).

    Example: sparklog ritual undo walk --date yesterday
    """

    day = day_option(ctx, date)
    undone = use.undo(journal_ref(ctx), name, day=day, now=now())
    show.undone_line(screen.console(), undone.ritual, day, undone.taken)


@ritual_app.command("skip")
def ritual_skip(
    ctx: typer.Context,
    name: str = NameArgument,
    date: str | None = options.DateOption,
) -> None:
    """Excuse one due day (today, or --date): it neither counts nor breaks the streak.

    Like a one-day pause. A day already checked off stays kept; ritual undo
    takes a skip back. Example: sparklog ritual skip walk --date yesterday
    """

    day = day_option(ctx, date)
    skipped = use.skip(
        journal_ref(ctx),
        name,
        day=day,
        now=now(),
        today=today(ctx),
        week_start=state(ctx).config.week_start,
    )
    show.skipped_line(screen.console(), skipped.status, day, skipped.outcome)


@ritual_app.command("rename")
def ritual_rename(
    ctx: typer.Context,
    old: str = typer.Argument(
        ...,
        metavar="OLD",
        help="Current name, or the start of it.",
        autocompletion=complete.active_rituals,
    ),
    new: str = typer.Argument(..., metavar="NEW", help="The new name."),
) -> None:
    """Rename a ritual; its check-offs, pauses and streak stay with it."""

    renamed = use.rename(journal_ref(ctx), old, new)
    show.renamed_line(screen.console(), renamed.before, renamed.after)


@ritual_app.command("pause")
def ritual_pause(
    ctx: typer.Context,
    name: str = NameArgument,
    first: str | None = typer.Option(
        None, "--from", metavar="DATE", help="First paused day (default: today)."
    ),
    last: str = typer.Option(
        ...,
        "--to",
        metavar="DATE",
        help="Last paused day; may be ahead, up to a year (YYYY-MM-DD or tomorrow).",
    ),
) -> None:
    """Pause a ritual for a holiday or an illness: paused days never break its streak.

    Dates may lie ahead so a trip can be planned. A pause that overlaps or
    touches one already planned is merged with it (extended). Example:
    sparklog ritual pause walk --from 2026-12-24 --to 2027-01-02
    """

    current = today(ctx)
    start = _pause_day(first, current, "--from") if first is not None else current
    end = _pause_day(last, current, "--to")
    if end < start:
        raise UsageError(f"--to ({end.isoformat()}) is before --from ({start.isoformat()})")
    paused = use.pause(journal_ref(ctx), name, first=start, last=end)
    show.paused_lines(
        screen.console(), paused.ritual, paused.first, paused.last, merged=paused.merged
    )


def _pause_day(text: str, current: date, option: str) -> date:
    """A pause date: any date word, or a day ahead (tomorrow, an ISO date within a year)."""
    word = text.strip().lower()
    if word == "tomorrow":
        return current + timedelta(days=1)
    try:
        ahead = date.fromisoformat(word)
    except ValueError:
        try:
            return parse_day(text, current)
        except InvalidDate as exc:
            raise InvalidDate(f"{option}: {exc.message}; or tomorrow") from None
    if ahead > current + timedelta(days=PAUSE_AHEAD_DAYS):
        raise InvalidDate(
            f"{option} {ahead.isoformat()} is more than a year ahead; pause for a shorter time"
        )
    return ahead


@ritual_app.command("archive")
def ritual_archive(ctx: typer.Context, name: str = NameArgument) -> None:
    """Stop tracking a ritual; its history is kept and shows in the log and export."""

    ritual = use.archive(journal_ref(ctx), name, day=today(ctx))
    show.archived_line(screen.console(), ritual)


@ritual_app.command("unpause")
def ritual_unpause(ctx: typer.Context, name: str = NameArgument) -> None:
    """Cancel the pause under way (it ends yesterday) or else the next planned one.

    Example: sparklog ritual unpause walk
    """

    done = use.unpause(journal_ref(ctx), name, today=today(ctx))
    show.unpaused_line(
        screen.console(), done.ritual, done.cancel.pause, done.cancel.ends, done.cancel.current
    )


@ritual_app.command("unarchive")
def ritual_unarchive(
    ctx: typer.Context,
    name: str = typer.Argument(
        ...,
        metavar="NAME",
        help="An archived ritual's name, or the start of it.",
        autocompletion=complete.archived_rituals,
    ),
) -> None:
    """Bring an archived ritual back; the days it was archived count as paused.

    Example: sparklog ritual unarchive "Date night"
    """

    back = use.unarchive(journal_ref(ctx), name, today=today(ctx))
    show.unarchived_line(screen.console(), back.ritual, back.paused)


def done_command(name: str) -> str:
    """The command that checks `name` off, as it would be typed in a shell.

    A name starting with '-' would be read as an option, so `--` goes first.
    """
    word = shlex.quote(name)
    return f"sparklog ritual done {'-- ' if name.startswith('-') else ''}{word}"
