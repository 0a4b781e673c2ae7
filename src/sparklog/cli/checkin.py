"""`sparklog checkin`: a short check-in conversation, three questions and a note for each.

The questions come from the check-in deck, none of them from the last three
check-ins (`sparklog.app.views.checkin_plan`, read through the read side, so the
first question shows at read speed). Each note is saved as a reflection the
moment it is typed, through the same use case as `prompt --answer`, so Ctrl-C
keeps what was saved. The write side loads in the background while the first
answer is typed, as in `evening`.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import typer

from sparklog.app import entries, rituals
from sparklog.app.journal import refuse_read_only
from sparklog.app.journal_ref import JournalRef
from sparklog.app.questions import checkin_plan
from sparklog.cli.context import journal_ref, now, state, today as current_day
from sparklog.cli.evening import WriteSide
from sparklog.cli.prompting import ask, interactive
from sparklog.config import Config
from sparklog.core.checkin import CheckinPlan
from sparklog.core.entries import Entry
from sparklog.core.prompts import Prompt
from sparklog.core.text import clean_text
from sparklog.errors import (
    InputClosed,
    Interrupted,
    InvalidText,
    JournalBusy,
    SparklogError,
    UsageError,
)
from sparklog.render.console import console

if TYPE_CHECKING:
    from rich.console import Console


def _notes(count: int) -> str:
    return f"{count} note" if count == 1 else f"{count} notes"


class CheckinFlow:
    """One check-in on one journal day (fixed at the start, even past midnight)."""

    def __init__(self, source: JournalRef, day: date, config: Config, out: Console) -> None:
        self.source = source
        self.day = day
        self.config = config
        self.out = out
        self.writes: WriteSide | None = None
        self.saved: list[Entry] = []

    def run(self) -> None:
        plan = checkin_plan(self.source, self.day, self.config.checkin_ritual)
        refuse_read_only(self.source)
        who = self.config.partner_name or "your partner"
        self.out.print(f"Check-in with {who}, {self.day:%A %d %B}", style="bold")
        self.out.print(
            "Talk each question through together; note what you want to keep.", style="dim"
        )
        self.out.print("Enter skips a note. Each note is saved as you give it.", style="dim")
        total = len(plan.questions)
        for number, question in enumerate(plan.questions, start=1):
            self.out.print()
            self.out.print(f"{number} of {total}  {question.text}", style="cyan")
            text = self.note()
            if text is not None:
                self.save(question, text)
        self.close(plan)

    def _asking(self) -> None:
        """Load the write side once the question is on screen (see `EveningFlow._asking`)."""
        if self.writes is None:
            self.writes = WriteSide()

    def note(self) -> str | None:
        """One note; None when Enter skips it. A note the journal refuses is asked again."""
        while True:
            answer = ask("  Note", on_screen=self._asking)
            if not answer.strip():
                return None
            try:
                return clean_text(answer, "note")
            except InvalidText as problem:
                self.out.print(f"  {problem.message}", style="yellow")

    def save(self, question: Prompt, text: str) -> None:
        assert self.writes is not None, "the write side starts with the first question"
        self.writes.ready()
        try:
            entry = entries.answer_prompt(self.source, question, text, day=self.day, now=now())
        except JournalBusy:
            raise JournalBusy(
                f"the journal stayed busy (another sparklog is writing), so the note {text!r}"
                f" was not saved ({self.kept()}); run sparklog checkin again in a moment"
            ) from None
        self.saved.append(entry)
        self.out.print("  Saved.", style="dim")

    def kept(self) -> str:
        """What this check-in saved, for the line that ends it early."""
        count = len(self.saved)
        if not count:
            return "nothing was saved"
        return f"{_notes(count)} {'was' if count == 1 else 'were'} saved and kept"

    def close(self, plan: CheckinPlan) -> None:
        self.out.print()
        checked = self.check_off(plan)
        if self.saved:
            line = f"Saved {_notes(len(self.saved))} as reflections for {self.day:%a %d %b}"
        else:
            line = "No notes saved"
        if checked:
            line += f"; {checked}"
        self.out.print(line + ".", style="green" if self.saved or checked else None)

    def check_off(self, plan: CheckinPlan) -> str | None:
        """Check off the configured ritual; what to say about it, or None for nothing.

        A name in the config that fits no ritual is one line, and the notes stay saved.
        """
        if plan.ritual_problem is not None:
            self.out.print(f"{plan.ritual_problem}; nothing was checked off.", style="yellow")
            return None
        if plan.ritual is None:
            return None
        if self.writes is not None:
            self.writes.ready()
        try:
            (done,) = rituals.done(
                self.source,
                [plan.ritual.name],
                day=self.day,
                now=now(),
                today=self.day,
                week_start=self.config.week_start,
            )
        except SparklogError as problem:  # renamed or archived meanwhile, or busy
            self.out.print(f"{problem.message}; nothing was checked off.", style="yellow")
            return None
        name = done.status.ritual.name
        return f"{name} checked off" if done.added else f"{name} was already checked off"


def checkin(ctx: typer.Context) -> None:
    """A check-in conversation: three questions to talk through, a short note for each.

    The questions are new ones, none from your last three check-ins. Enter skips
    a note; each note is saved as a reflection the moment you give it, so Ctrl-C
    keeps what was saved. With checkin_ritual = "Weekly check-in" in the config
    file, that ritual is checked off when the check-in ends.

    Example: sparklog checkin
    """

    if not interactive():
        raise UsageError(
            "sparklog checkin is a conversation typed in a terminal, and standard input"
            " is not one; nothing was saved (to keep one answer: sparklog prompt --answer)"
        )
    flow = CheckinFlow(journal_ref(ctx), current_day(ctx), state(ctx).config, console())
    try:
        flow.run()
    except KeyboardInterrupt:
        raise Interrupted(f"stopped; {flow.kept()}") from None
    except InputClosed:
        raise InputClosed(f"input ended (Ctrl-D); {flow.kept()}") from None
