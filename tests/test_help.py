"""`--help` for every command, and a bare group: read by a person, once, in plain words."""

from __future__ import annotations

import re

import pytest
from typer._click.core import Context

from sparklog.cli import COMMANDS, app
from sparklog.cli.metavars import plain_label
from tests.conftest import Invoke


def _command_paths() -> list[list[str]]:
    """Every command and subcommand, as the words a user types before --help."""
    import typer.main

    root = typer.main.get_command(app)
    ctx = Context(root, info_name="sparklog")
    paths: list[list[str]] = [[]]

    def walk(command: object, path: list[str]) -> None:
        lister = getattr(command, "list_commands", None)
        if lister is None:
            return
        for name in lister(ctx):
            sub = command.get_command(ctx, name)  # type: ignore[attr-defined]
            paths.append([*path, name])
            walk(sub, [*path, name])

    walk(root, [])
    return paths


PATHS = _command_paths()

# What Typer would print from Python's types: <bool>, <str>, <list[str]>, {NAME},
# and number bounds such as [x>=0] or [1<=x<=7].
PYTHON_LABELS = re.compile(r"<[a-z_]+(\[[^\]]*\])?>|\{[A-Z_]+\}|\[(-?\d+<=)?x(<=|>=)-?\d+\]")


def test_the_walk_finds_groups_and_their_subcommands() -> None:
    assert ["ritual", "add"] in PATHS
    assert ["gratitude", "list"] in PATHS
    assert len([p for p in PATHS if len(p) == 1]) >= len(COMMANDS)


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "sparklog")
def test_help_shows_plain_metavars(cli: Invoke, path: list[str]) -> None:
    result = cli(*path, "--help")
    assert result.exit_code == 0, result.stderr
    found = PYTHON_LABELS.findall(result.stdout)
    assert not PYTHON_LABELS.search(result.stdout), (path, found, result.stdout)


def test_the_pattern_catches_what_typer_prints_by_itself() -> None:
    for shown in ("<bool>", "<str>", "<list[str]>", "<int>", "{TEXT}", "[x>=0]", "[1<=x<=7]"):
        assert PYTHON_LABELS.search(f"│ --flag  {shown}  Help. │"), shown


def test_flags_show_nothing_after_their_name(cli: Invoke) -> None:
    out = cli("ritual", "add", "--help").stdout
    daily = next(line for line in out.splitlines() if "│ --daily" in line)
    assert re.search(r"--daily\s+Every day", daily), daily
    weekly = next(line for line in out.splitlines() if "│ --weekly" in line)
    assert re.search(r"--weekly\s+N\s+N times", weekly), weekly
    assert "Usage: sparklog ritual add [OPTIONS] NAME" in out


def test_a_repeatable_argument_reads_as_click_writes_it(cli: Invoke) -> None:
    assert "Usage: sparklog three [OPTIONS] [ITEM]..." in cli("three", "--help").stdout


def test_labels_for_values_without_a_metavar() -> None:
    from sparklog.core.entries import Lang

    assert plain_label(str) == "TEXT"
    assert plain_label(int) == "N"
    assert plain_label(list[str]) == "TEXT"
    assert plain_label(Lang) == "words|acts|gifts|time|touch"


@pytest.mark.parametrize("group", [[], ["gratitude"], ["ritual"]], ids=lambda g: " ".join(g))
def test_a_bare_group_prints_its_help_once(cli: Invoke, group: list[str]) -> None:
    result = cli(*group)
    assert result.exit_code == 2
    assert result.stdout.count("Usage: sparklog") == 1, result.stdout
    assert result.stderr.strip() == ""
    assert result.stdout.count("Show this message and exit.") == 1


def test_the_bare_root_help_is_the_same_as_help(cli: Invoke) -> None:
    assert cli().stdout.rstrip() == cli("--help").stdout.rstrip()
