"""The `sparklog` command line: parse, call the domain, render.

Nothing imported at this level loads SQLAlchemy or draws with Rich, so `--help`,
`--version`, completion and `nudge` stay fast. The registry below imports the
one command a run needs. A read command's module imports its renderer at the
top, as it always draws; a command that writes loads its renderer when it
draws, and the write side in `sparklog.app.journal.write`.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
from collections.abc import Sequence
from typing import Any

import typer
from typer._click.core import Context
from typer._click.exceptions import NoArgsIsHelpError
from typer.core import TyperGroup
from typer.main import get_command_from_info, get_group_from_info
from typer.models import CommandInfo, TyperInfo

from sparklog import __version__, launch
from sparklog.cli.coercion import use_plain_coercion
from sparklog.cli.nudge import fast_path
from sparklog.errors import (
    EXIT_FAILURE,
    EXIT_USAGE,
    Interrupted,
    SparklogError,
)


def _say(line: str) -> None:
    sys.stderr.write(f"sparklog: {line}\n")
    sys.stderr.flush()


class SparklogGroup(TyperGroup):
    """The root command; it catches every error once and turns it into one line."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        use_plain_coercion(self)
        code = run_safely(
            lambda: super(SparklogGroup, self).main(
                args=args,
                prog_name=prog_name or "sparklog",
                complete_var=complete_var,
                standalone_mode=False,
                **extra,
            )
        )
        sys.exit(code)

    def invoke(self, ctx: Context) -> Any:
        # Typer would turn Ctrl-C into a silent exit 130; say what it means instead.
        try:
            result = super().invoke(ctx)
        except KeyboardInterrupt:
            raise Interrupted("stopped; nothing more was saved") from None
        except BrokenPipeError:
            # The reader went away (`sparklog log | head`); that is not an error.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(0) from None
        if ctx.invoked_subcommand != "sync":
            _send_after_write(ctx.obj)
        return result

    def list_commands(self, ctx: Context) -> list[str]:
        return [*COMMANDS, *(name for name in super().list_commands(ctx) if name not in COMMANDS)]

    def get_command(self, ctx: Context, cmd_name: str) -> Any:
        if cmd_name in COMMANDS and cmd_name not in self.commands:
            self.commands[cmd_name] = _load_command(cmd_name)
        return super().get_command(ctx, cmd_name)

    def resolve_command(self, ctx: Context, args: list[str]) -> Any:
        if args and args[0] not in COMMANDS and args[0] not in self.commands:
            # Not a command name: load them all so a typo gets its suggestion.
            for name in COMMANDS:
                self.get_command(ctx, name)
        return super().resolve_command(ctx, args)


def _send_after_write(app_state: Any) -> None:
    """With `[sync] auto`, a command that wrote sends its change once it is committed."""
    journal = getattr(app_state, "journal", None)
    if journal is not None and journal.writer is not None:
        from sparklog.cli.autosync import send_after_write

        send_after_write(app_state)


_VALIDATION_WORDING = (
    # The command-line parser's validation messages, in sparklog's own words.
    (r"Value error, ", ""),
    (
        r"Input should be a valid integer(, unable to parse string as an integer)?",
        "use a whole number",
    ),
    (r"Input should be greater than or equal to (-?\d+)", r"use \1 or more"),
    (r"Input should be less than or equal to (-?\d+)", r"use \1 or less"),
)


def _one_line(message: str) -> str:
    """A parser message as one plain line: no tabs or line breaks, no validator jargon."""
    for jargon, plain in _VALIDATION_WORDING:
        message = re.sub(jargon, plain, message)
    return " ".join(message.split())


def run_safely(call: Any) -> int:
    debug = os.environ.get("SPARKLOG_DEBUG", "") not in ("", "0")
    try:
        try:
            result = call()
        except (typer.Abort, KeyboardInterrupt):
            # Ctrl-C outside a command (while parsing): the same line as inside one.
            raise Interrupted("stopped; nothing more was saved") from None
    except SparklogError as exc:
        if debug:
            raise
        if isinstance(exc, Interrupted):
            sys.stderr.write("\n")  # finish the line the ^C was echoed on
        _say(exc.message)
        return exc.exit_code
    except NoArgsIsHelpError as exc:
        # Building the error drew the help already (Rich prints it to stdout as it
        # is formatted); a plain formatter hands it back as the message instead.
        shown = exc.format_message()
        if shown.strip():
            typer.echo(shown)
        return EXIT_USAGE
    except typer.TyperException as exc:
        if debug:
            raise
        message = _one_line(exc.format_message())
        ctx = getattr(exc, "ctx", None)
        if exc.exit_code == EXIT_USAGE and ctx is not None:
            message = f"{message} (see '{ctx.command_path} --help')"
        _say(message)
        return exc.exit_code
    except OSError as exc:
        # The system refused a path no command checked for (a name too long, a
        # loop of links): still one plain line naming it, not an "unexpected error".
        if debug:
            raise
        where = f" {exc.filename}" if exc.filename else ""
        _say(f"cannot use{where}: {exc.strerror or exc}")
        return EXIT_FAILURE
    except Exception as exc:
        if debug:
            raise
        _say(f"unexpected error: {exc!r}; run with SPARKLOG_DEBUG=1 for the details")
        return EXIT_FAILURE
    return result if isinstance(result, int) else 0


app = typer.Typer(
    cls=SparklogGroup,
    name="sparklog",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"sparklog {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db: str | None = typer.Option(
        None,
        "--db",
        envvar="SPARKLOG_DB",
        metavar="PATH",
        help="Journal file to use (default: your user data folder).",
        show_envvar=True,
    ),
    version: bool = typer.Option(
        False,
        "--version",
        callback=_version,
        is_eager=True,
        help="Show the version and exit.",
    ),
) -> None:
    """A private journal for noticing what is good in your partner and your relationship.

    Run `sparklog evening` at the end of the day, and `sparklog week` once a week.
    """
    from sparklog.cli.context import AppState

    source = ctx.get_parameter_source("db")
    ctx.obj = AppState(db_override=db, db_typed=source is not None and source.name == "COMMANDLINE")


COMMANDS: dict[str, str] = {
    "evening": "sparklog.cli.evening:evening",
    "three": "sparklog.cli.entries:three",
    "gratitude": "sparklog.cli.entries:gratitude_app",
    "observe": "sparklog.cli.observe:observe",
    "ritual": "sparklog.cli.rituals:ritual_app",
    "edit": "sparklog.cli.corrections:edit",
    "delete": "sparklog.cli.corrections:delete",
    "today": "sparklog.cli.today:today",
    "week": "sparklog.cli.week:week",
    "month": "sparklog.cli.calendar:month",
    "year": "sparklog.cli.calendar:year",
    "streaks": "sparklog.cli.streaks:streaks",
    "log": "sparklog.cli.log:log",
    "memories": "sparklog.cli.memories:memories",
    "trends": "sparklog.cli.trends:trends",
    "dates": "sparklog.cli.dates:dates_app",
    "prompt": "sparklog.cli.prompt:prompt",
    "checkin": "sparklog.cli.checkin:checkin",
    "share": "sparklog.cli.share:share",
    "partner": "sparklog.cli.partner:partner_app",
    "export": "sparklog.cli.data:export",
    "import": "sparklog.cli.data:import_journal",
    "backup": "sparklog.cli.data:backup",
    "lock": "sparklog.cli.lock:lock",
    "unlock": "sparklog.cli.lock:unlock",
    "passphrase": "sparklog.cli.lock:passphrase",
    "sync": "sparklog.cli.sync:sync_app",
    "info": "sparklog.cli.info:info",
    "nudge": "sparklog.cli.nudge:nudge",
    "shell-init": "sparklog.cli.shell:shell_init",
}
"""Every subcommand, in help order, as "module:attribute" (a function or a Typer group).

A run imports and builds only the command it runs; `--help` and completion load
them all. Importing every command module and turning every signature into
options up front would cost each run more than the work most commands do.
"""


PANELS: dict[str, str] = {
    **dict.fromkeys(("evening", "three", "gratitude", "observe", "ritual"), "Every day"),
    **dict.fromkeys(("edit", "delete"), "Corrections"),
    **dict.fromkeys(
        (
            "today",
            "week",
            "month",
            "year",
            "streaks",
            "log",
            "memories",
            "trends",
            "dates",
        ),
        "Looking back",
    ),
    **dict.fromkeys(("prompt", "checkin", "share", "partner"), "Together"),
    **dict.fromkeys(
        ("export", "import", "backup", "lock", "unlock", "passphrase", "sync", "info"),
        "Your data",
    ),
    **dict.fromkeys(("nudge", "shell-init"), "Shell"),
}
"""The heading each command is listed under in `sparklog --help`."""


def _load_command(name: str) -> Any:
    """Import one command and build it the way `app.command` / `app.add_typer` would."""
    module, _, attribute = COMMANDS[name].partition(":")
    target = getattr(importlib.import_module(module), attribute)
    launch.settled()
    if isinstance(target, typer.Typer):
        return use_plain_coercion(
            get_group_from_info(
                TyperInfo(target, name=name, rich_help_panel=PANELS.get(name)),
                pretty_exceptions_short=app.pretty_exceptions_short,
                rich_markup_mode=app.rich_markup_mode,
                suggest_commands=app.suggest_commands,
            )
        )
    return use_plain_coercion(
        get_command_from_info(
            CommandInfo(name=name, callback=target, rich_help_panel=PANELS.get(name)),
            pretty_exceptions_short=app.pretty_exceptions_short,
            rich_markup_mode=app.rich_markup_mode,
        )
    )


def main() -> None:
    """Console-script entry point."""
    if fast_path(sys.argv[1:]):  # a new shell's nudge skips option parsing entirely
        return
    app()
