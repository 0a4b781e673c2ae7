"""The `sparklog` command line: parse, call the domain, render.

Nothing imported at this level loads SQLAlchemy or draws with Rich, so `--help`,
`--version`, completion and `nudge` stay fast; each command imports the store
inside its body.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any

import typer
from typer._click.exceptions import NoArgsIsHelpError
from typer.core import TyperGroup

from sparklog import __version__
from sparklog.errors import EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_USAGE, SparklogError


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


def run_safely(call: Any) -> int:
    debug = os.environ.get("SPARKLOG_DEBUG", "") not in ("", "0")
    try:
        result = call()
    except SparklogError as exc:
        if debug:
            raise
        _say(exc.message)
        return exc.exit_code
    except NoArgsIsHelpError as exc:
        if exc.ctx is not None:
            typer.echo(exc.ctx.get_help(), err=True)
        return EXIT_USAGE
    except typer.TyperException as exc:
        if debug:
            raise
        message = exc.format_message()
        ctx = getattr(exc, "ctx", None)
        if exc.exit_code == EXIT_USAGE and ctx is not None:
            message = f"{message} (see '{ctx.command_path} --help')"
        _say(message)
        return exc.exit_code
    except typer.Abort:
        _say("stopped; nothing more was saved")
        return EXIT_INTERRUPTED
    except KeyboardInterrupt:
        _say("stopped; nothing more was saved")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`sparklog log | head`); that is not an error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
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

    ctx.obj = AppState(db_override=db)


def _register() -> None:
    from sparklog.cli import entries, info, today

    app.add_typer(entries.gratitude_app, name="gratitude")
    app.command("three")(entries.three)
    app.command("today")(today.today)
    app.command("info")(info.info)


_register()


def main() -> None:
    """Console-script entry point."""
    app()
