"""`sparklog evening`: the guided end-of-day flow, meant for `alias eod='sparklog evening'`.

It asks only what today still misses (the three things, each ritual due and not
yet kept, then one optional observation) and saves every answer in its own
transaction the moment it is given, so Ctrl-C or a closed terminal never loses
what was already typed. What to ask is decided in `sparklog.core.evening`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from typing import TYPE_CHECKING

import typer

from sparklog.cli.context import now, open_store, state
from sparklog.cli.context import today as current_day
from sparklog.cli.prompting import ask, confirm, interactive
from sparklog.config import Config
from sparklog.core.evening import EveningPlan, plan_evening, read_observation
from sparklog.core.text import clean_text
from sparklog.errors import InputClosed, Interrupted, InvalidText, JournalBusy

if TYPE_CHECKING:
    from rich.console import Console
    from sqlmodel import Session

    from sparklog.store.db import Journal

SAVE_ATTEMPTS = 3
"""Tries to save one answer while another sparklog holds the journal; each try
already waits the busy timeout, so the whole wait stays bounded."""


class EveningFlow:
    """One run of the flow on one journal day (fixed at the start, even past midnight)."""

    def __init__(self, journal: Journal, day: date, config: Config, out: Console) -> None:
        self.journal = journal
        self.day = day
        self.config = config
        self.out = out

    def plan(self) -> EveningPlan:
        from sparklog.reports import streaks_report
        from sparklog.store.entries import entries_on

        with self.journal.transaction() as session:
            entries = entries_on(session, self.day)
            statuses = streaks_report(session, self.day, self.config).rituals
        return plan_evening(self.day, entries, statuses)

    def run(self) -> None:
        from rich.text import Text

        plan = self.plan()
        title = self.day.strftime("%A %d %B")
        if plan.complete:
            self.out.print(Text(f"All done for {title}: nothing left to ask.", style="green"))
            self.close()
            return
        self.out.print(Text(f"Good evening. {title}", style="bold"))
        self.out.print(
            Text("Enter skips a step. Each answer is saved as you give it.", style="dim")
        )
        self.three(plan)
        self.rituals(plan)
        if plan.observation:
            self.observation()
        self.close()

    def save(self, said: str, write: Callable[[Session], object]) -> None:
        """Save one answer in its own transaction, trying again while the journal is busy.

        When it stays busy the flow stops with one line that repeats what was
        typed (`said`), so the answer is still on screen to add later.
        """
        for attempt in range(1, SAVE_ATTEMPTS + 1):
            try:
                with self.journal.transaction() as session:
                    write(session)
                return
            except JournalBusy:
                if attempt == SAVE_ATTEMPTS:
                    raise JournalBusy(
                        f"the journal stayed busy (another sparklog is writing), so {said} was"
                        " not saved; run sparklog evening again in a moment"
                        " (what you answered before is saved)"
                    ) from None
                self.busy_retry(attempt)

    def busy_retry(self, attempt: int) -> None:
        """Say that the journal is busy before trying again."""
        from rich.text import Text

        self.out.print(
            Text(f"  The journal is busy; trying again ({attempt + 1} of {SAVE_ATTEMPTS}).", "dim")
        )

    def _text(self, question: str, what: str) -> str | None:
        """One line of entry text; None when the answer is empty (skip the step)."""
        from rich.text import Text

        while True:
            answer = ask(question)
            if not answer.strip():
                return None
            try:
                return clean_text(answer, what)
            except InvalidText as problem:
                self.out.print(Text(f"  {problem.message}", style="yellow"))

    def three(self, plan: EveningPlan) -> None:
        from rich.text import Text

        from sparklog.record import add_three
        from sparklog.render.evening import written_lines

        if not plan.slots:
            return
        self.out.print()
        who = self.config.partner_name or "your partner"
        self.out.print(Text(f"Three things you appreciated about {who} today", style="cyan"))
        if plan.written:
            written_lines(self.out, plan.written)
        for slot in plan.slots:
            text = self._text(f"  {slot}", f"item {slot}")
            if text is None:
                return
            self.save(
                f"item {slot} ({text!r})",
                partial(add_three, items=[(slot, text)], day=self.day, now=now()),
            )

    def rituals(self, plan: EveningPlan) -> None:
        from rich.text import Text

        from sparklog.store.rituals import add_check

        if not plan.rituals:
            return
        self.out.print()
        self.out.print(Text("Rituals due today", style="cyan"))
        for ritual in plan.rituals:
            if confirm(f"  Did you keep {ritual.name} today?", default=False):
                self.save(
                    f"the check-off of {ritual.name!r}",
                    partial(add_check, ritual=ritual, day=self.day, now=now()),
                )

    def observation(self) -> None:
        from rich.text import Text

        from sparklog.record import add_observation

        self.out.print()
        self.out.print(Text("Anything you noticed between you today? (optional)", style="cyan"))
        self.out.print(
            Text("  Start with - for a hard moment; it helps to see those too.", style="dim")
        )
        while True:
            answer = read_observation(ask("  Noticed"))
            if answer is None:
                return
            try:
                text = clean_text(answer.text, "observation")
            except InvalidText as problem:
                self.out.print(Text(f"  {problem.message}", style="yellow"))
                continue
            self.save(
                f"the observation ({text!r})",
                partial(
                    add_observation, text=text, day=self.day, now=now(), positive=answer.positive
                ),
            )
            return

    def close(self) -> None:
        from sparklog.render.evening import closing
        from sparklog.reports import day_report

        with self.journal.transaction() as session:
            report = day_report(session, self.day, self.config)
        self.out.print()
        closing(self.out, report)


def evening(ctx: typer.Context) -> None:
    """The end-of-day flow: asks only what today still misses.

    The three things, each ritual due today, one optional observation; Enter
    skips a step, every answer is saved at once, Ctrl-C keeps what was saved.
    Made for an alias: alias eod='sparklog evening' (see sparklog shell-init).
    """
    from sparklog.render.console import console

    day = current_day(ctx)
    config = state(ctx).config
    journal = open_store(ctx, write=True)
    try:
        EveningFlow(journal, day, config, console()).run()
    except KeyboardInterrupt:
        raise Interrupted("stopped; what you answered so far is saved") from None
    except InputClosed:
        if interactive():  # Ctrl-D at a prompt: the person chose to stop
            raise InputClosed("input ended (Ctrl-D); what you answered so far is saved") from None
        raise InputClosed(
            "standard input closed; sparklog evening needs answers typed in a terminal"
            " (anything answered before was kept)"
        ) from None
