"""`sparklog shell-init`: the lines that make sparklog part of a shell's day.

The snippet is meant to be appended to the rc file once (not `eval`ed on every
start), so a new shell pays only for `sparklog nudge`, the fast path.
"""

from __future__ import annotations

from enum import StrEnum

import typer


class Shell(StrEnum):
    BASH = "bash"
    ZSH = "zsh"
    FISH = "fish"


_POSIX = """\
# sparklog: `eod` closes the day; a new interactive shell says when today is blank
alias eod='sparklog evening'
case $- in *i*) command -v sparklog >/dev/null 2>&1 && sparklog nudge ;; esac
"""

_FISH = """\
# sparklog: `eod` closes the day; a new interactive shell says when today is blank
alias eod 'sparklog evening'
if status is-interactive; and command -q sparklog
    sparklog nudge
end
"""


def snippet(shell: Shell) -> str:
    """The rc-file lines for one shell."""
    return _FISH if shell is Shell.FISH else _POSIX


def shell_init(
    shell: Shell = typer.Argument(
        ..., metavar="SHELL", help="Your shell: bash, zsh or fish.", case_sensitive=False
    ),
) -> None:
    """Print the `eod` alias and the nudge line for your shell rc file.

    Add them once: sparklog shell-init bash >> ~/.bashrc (zsh: ~/.zshrc,
    fish: ~/.config/fish/config.fish). Tab completion: sparklog --install-completion
    """
    typer.echo(snippet(shell), nl=False)
