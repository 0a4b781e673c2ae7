"""Asking the user something, with Ctrl-C and a closed stdin handled the same everywhere."""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import typer
from typer._click import termui

from sparklog.errors import InputClosed, InvalidText, SparklogError, UsageError


def interactive() -> bool:
    """Whether a person is at the keyboard (stdin is a terminal)."""
    return sys.stdin.isatty()


def _closed() -> InputClosed:
    typer.echo()  # end the unanswered prompt's line
    return InputClosed("standard input closed before an answer was given; nothing more was saved")


@contextlib.contextmanager
def _answering() -> Iterator[None]:
    """Turn what a prompt can end with into sparklog's own outcomes.

    A closed stdin becomes one clear error, Ctrl-C goes up as an interrupt, and
    bytes the terminal's encoding cannot read are refused.
    """
    try:
        yield
    except typer.Abort as exc:
        if isinstance(exc.__context__, EOFError):
            raise _closed() from None
        raise KeyboardInterrupt from None
    except UnicodeDecodeError:
        raise _undecodable() from None


def _as_typed(text: str) -> str:
    """A typed answer is text as it was typed. Passed as the prompt's `value_proc`, it
    also keeps the prompt from building a Pydantic validator for it (a tenth of a
    second before the question could show)."""
    return text


def ask(question: str, *, on_screen: Callable[[], object] | None = None) -> str:
    """One line of text; an empty answer is returned as ''.

    `on_screen` is called once the question is written, as the answer is awaited.
    """
    suffix = " " if question.endswith("?") else ": "
    with _answering(), _shown(on_screen):
        answer: str = typer.prompt(
            question, default="", show_default=False, prompt_suffix=suffix, value_proc=_as_typed
        )
    return answer


@contextlib.contextmanager
def _shown(callback: Callable[[], object] | None) -> Iterator[None]:
    """Call `callback` between writing a prompt and reading its answer.

    The prompt writes the question, then reads the line through the parser's
    `visible_prompt_func` (which the test runner replaces too); wrapping that
    one call is the moment the question is on screen.
    """
    if callback is None:
        yield
        return
    reading = termui.visible_prompt_func

    def read(text: str) -> str:
        callback()
        return reading(text)

    termui.visible_prompt_func = read
    try:
        yield
    finally:
        termui.visible_prompt_func = reading


def _undecodable() -> InvalidText:
    """Typed bytes that stdin's encoding cannot read (e.g. PYTHONIOENCODING=ascii)."""
    typer.echo()
    encoding = getattr(sys.stdin, "encoding", None) or "its"
    return InvalidText(
        f"what was typed is not valid {encoding} text; use a UTF-8 locale"
        " (e.g. LANG=C.UTF-8); nothing more was saved"
    )


def secret(question: str) -> str:
    """A passphrase, typed without echo; the prompt goes to stderr, never into a pipe.

    From a pipe (no terminal) one line is read as it is, with no echo to hide.
    """
    closed = InputClosed(
        "no passphrase was given (standard input closed);"
        " set SPARKLOG_PASSPHRASE to run without a terminal"
    )
    if not interactive():
        typer.echo(f"{question}: ", err=True, nl=False)
        try:
            line = sys.stdin.readline()
        except UnicodeDecodeError:
            raise _undecodable() from None
        typer.echo(err=True)
        if not line:
            raise closed
        return line.rstrip("\r\n")
    try:
        answer: str = typer.prompt(
            question, hide_input=True, prompt_suffix=": ", err=True, value_proc=_as_typed
        )
    except typer.Abort as exc:
        if isinstance(exc.__context__, EOFError):
            typer.echo(err=True)
            raise closed from None
        raise KeyboardInterrupt from None
    return answer


def confirm(question: str, *, default: bool = False) -> bool:
    """A yes/no question; Enter takes the default, anything else unclear asks again."""
    hint = "[Y/n]" if default else "[y/N]"
    indent = question[: len(question) - len(question.lstrip())]
    while True:
        with _answering():
            answer: str = typer.prompt(
                f"{question} {hint}",
                default="",
                show_default=False,
                prompt_suffix=": ",
                value_proc=_as_typed,
            )
        word = answer.strip().lower()
        if not word:
            return default
        if word in ("y", "yes"):
            return True
        if word in ("n", "no"):
            return False
        typer.echo(f"{indent}Answer y or n (Enter means {'yes' if default else 'no'}).")


def editor_command(configured: str | None) -> str | None:
    """The editor to use: the config's `editor`, then $VISUAL, then $EDITOR."""
    for choice in (configured, os.environ.get("VISUAL"), os.environ.get("EDITOR")):
        if choice and choice.strip():
            return choice.strip()
    return None


def compose(configured_editor: str | None, question: str) -> str:
    """Entry text written in the editor, or typed at one prompt when there is none.

    The editor opens only for a person at a terminal; from a pipe the line is
    read as it comes. An editor closed with nothing written saves nothing.
    """
    editor = editor_command(configured_editor)
    if editor and interactive():
        written = write_in_editor(editor)
        if not written.strip():
            raise UsageError("nothing was written in the editor; nothing was saved")
        return written
    return ask(question)


def write_in_editor(editor: str, initial: str = "") -> str:
    """Let the user write in their editor; the text never touches a shared folder.

    The file lives in a fresh 0700 folder, is created 0600 (holding `initial`,
    the text to correct, if any), and is removed afterwards whatever happens,
    so a draft never outlives the command.
    """
    folder = Path(tempfile.mkdtemp(prefix="sparklog-"))
    try:
        draft = folder / "entry.txt"
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as opened:
            opened.write(initial)
        try:
            argv = [*shlex.split(editor), str(draft)]
        except ValueError:
            raise SparklogError(f"cannot read the editor command {editor!r}") from None
        try:
            status = subprocess.call(argv)
        except FileNotFoundError:
            raise SparklogError(f"the editor {argv[0]!r} was not found; set EDITOR") from None
        if status != 0:
            raise SparklogError(f"the editor exited with status {status}; nothing was saved")
        return draft.read_text(encoding="utf-8", errors="replace")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
