"""`sparklog evening`: the guided end-of-day flow, meant for `alias eod='sparklog evening'`.

It asks only what today still misses (the three things, each ritual due and not
yet kept or answered, then one optional observation, with a horseman and a
reframe for a hard moment) and saves every answer in its own
transaction the moment it is given (through the same use cases as `three`,
`ritual done` and `observe`), so Ctrl-C or a closed terminal never loses
what was already typed. What to ask is decided in `sparklog.core.evening`.

What is missing is read through the read side, so the first question shows at
read speed; the write side (SQLModel) is imported in a background thread while
the person types, and the journal is opened for writing when the first answer
is saved (and kept open for the next ones).
"""

from __future__ import annotations

import contextlib
import importlib
import threading
from collections.abc import Callable
from datetime import date, datetime
from functools import partial
from typing import TYPE_CHECKING

import typer

from sparklog.app import entries, rituals
from sparklog.app.journal import WRITE_SIDE, refuse_read_only
from sparklog.app.journal_ref import JournalRef
from sparklog.app.questions import evening_plan
from sparklog.app.views import evening_close
from sparklog.cli.autosync import read_new_first
from sparklog.cli.context import journal_ref, now, state
from sparklog.cli.news import print_news
from sparklog.cli.prompting import ask, interactive
from sparklog.config import Config
from sparklog.core.dates import is_evening, journal_day
from sparklog.core.entries import Horseman
from sparklog.core.evening import (
    HORSEMEN,
    EveningPlan,
    ObservationAnswer,
    RitualAnswer,
    read_horseman,
    read_observation,
    read_ritual_answer,
    wording,
)
from sparklog.core.text import clean_text
from sparklog.errors import InputClosed, Interrupted, InvalidText, JournalBusy
from sparklog.render.console import console

if TYPE_CHECKING:
    from rich.console import Console


def _preload() -> None:
    with contextlib.suppress(Exception):  # the save imports it again and reports the problem
        importlib.import_module(WRITE_SIDE)


class WriteSide:
    """The write side's imports, started in a thread as the first question shows."""

    def __init__(self) -> None:
        # A daemon thread: Ctrl-C before any answer ends the process without waiting.
        self._loading = threading.Thread(target=_preload, name="sparklog-write-side", daemon=True)
        self._loading.start()

    def ready(self) -> None:
        """Wait for the imports, so the save does not import the same modules alongside."""
        self._loading.join()


SAVE_ATTEMPTS = 3
"""Tries to save one answer while another sparklog holds the journal; each try
already waits the busy timeout, so the whole wait stays bounded."""


class EveningFlow:
    """One run of the flow on one journal day (fixed at the start, even past midnight).

    `started` is the clock's reading at the start: the greeting and how the
    questions name the day follow it (`sparklog.core.evening.wording`).
    """

    def __init__(
        self,
        source: JournalRef,
        day: date,
        config: Config,
        out: Console,
        started: datetime,
    ) -> None:
        self.source = source
        self.day = day
        self.config = config
        self.out = out
        self.words = wording(started, day)
        self.writes: WriteSide | None = None

    def _asking(self) -> None:
        """Start loading the write side once a question is on screen, not before.

        Started earlier, the import would compete with drawing the question for
        the one interpreter lock: every write to the terminal hands the lock to
        the import and waits a switch interval to get it back, which put the
        first question on screen a few hundred milliseconds later.
        """
        if self.writes is None:
            self.writes = WriteSide()

    def run(self) -> None:
        plan = evening_plan(self.source, self.day, self.config)
        if plan.complete:
            self.out.print(f"All done for {self.words.title}: nothing left to ask.", style="green")
            self.close()
            return
        refuse_read_only(self.source)
        self.out.print(self.words.header, style="bold")
        self.out.print("Enter skips a step. Each answer is saved as you give it.", style="dim")
        self.three(plan)
        self.rituals(plan)
        if plan.observation:
            self.observation()
        self.close()

    def save(self, said: str, write: Callable[[], object]) -> None:
        """Save one answer in its own transaction, trying again while the journal is busy.

        When it stays busy the flow stops with one line that repeats what was
        typed (`said`), so the answer is still on screen to add later.
        """
        assert self.writes is not None, "the write side starts with the first question"
        self.writes.ready()
        for attempt in range(1, SAVE_ATTEMPTS + 1):
            try:
                write()
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
        self.out.print(
            f"  The journal is busy; trying again ({attempt + 1} of {SAVE_ATTEMPTS}).", style="dim"
        )

    def _text(self, question: str, what: str) -> str | None:
        """One line of entry text; None when the answer is empty (skip the step)."""
        while True:
            answer = ask(question, on_screen=self._asking)
            if not answer.strip():
                return None
            try:
                return clean_text(answer, what)
            except InvalidText as problem:
                self.out.print(f"  {problem.message}", style="yellow")

    def three(self, plan: EveningPlan) -> None:
        from sparklog.render.evening import written_lines

        if not plan.slots:
            return
        self.out.print()
        who = self.config.partner_name or "your partner"
        self.out.print(f"Three things you appreciated about {who} {self.words.when}", style="cyan")
        if plan.written:
            written_lines(self.out, plan.written)
        for slot in plan.slots:
            text = self._text(f"  {slot}", f"item {slot}")
            if text is None:
                return
            self.save(
                f"item {slot} ({text!r})",
                partial(entries.add_three, self.source, [(slot, text)], day=self.day, now=now()),
            )

    def rituals(self, plan: EveningPlan) -> None:
        if not plan.rituals:
            return
        self.out.print()
        self.out.print(f"Rituals due {self.words.when}", style="cyan")
        self.out.print(
            "  y kept · n not kept · s skip (excused, like a pause) · Enter: ask next time",
            style="dim",
        )
        for item in plan.rituals:
            name = item.ritual.name
            answer = self._ritual_answer(item.question(self.words.when))
            if answer == "kept":
                self.save(
                    f"the check-off of {name!r}",
                    partial(
                        rituals.done,
                        self.source,
                        [name],
                        day=self.day,
                        now=now(),
                        today=self.day,
                        week_start=self.config.week_start,
                    ),
                )
            elif answer == "not kept":
                self.save(
                    f"the answer for {name!r}",
                    partial(rituals.answer_no, self.source, name, day=self.day, now=now()),
                )
            elif answer == "skip":
                self.save(
                    f"the skip of {name!r}",
                    partial(
                        rituals.skip,
                        self.source,
                        name,
                        day=self.day,
                        now=now(),
                        today=self.day,
                        week_start=self.config.week_start,
                    ),
                )

    def _ritual_answer(self, question: str) -> RitualAnswer:
        while True:
            answer = read_ritual_answer(ask(f"  {question} [y/n/s]", on_screen=self._asking))
            if answer is not None:
                return answer
            self.out.print("  Answer y, n or s (Enter asks again next time).")

    def observation(self) -> None:
        self.out.print()
        self.out.print(
            f"Anything you noticed between you {self.words.when}? (optional)", style="cyan"
        )
        self.out.print("  Start with - for a hard moment; it helps to see those too.", style="dim")
        while True:
            answer = read_observation(ask("  Noticed", on_screen=self._asking))
            if answer is None:
                return
            try:
                text = clean_text(answer.text, "observation")
            except InvalidText as problem:
                self.out.print(f"  {problem.message}", style="yellow")
                continue
            if answer.positive:
                self._save_observation(text, answer)
            else:
                self.hard_moment(text, answer)
            return

    def hard_moment(self, text: str, answer: ObservationAnswer) -> None:
        """A horseman and a reframe for a hard moment, both optional.

        The observation is saved once, with what was chosen; Ctrl-C or a closed
        input during these two questions still saves it, without the rest.
        """
        horseman: Horseman | None = None
        reframe: str | None = None
        try:
            horseman = self._horseman()
            reframe = self._text(
                "  A kinder or more specific way to see it (Enter skips)", "reframe"
            )
        except (KeyboardInterrupt, InputClosed):
            self._save_observation(text, answer, horseman=horseman)
            raise
        self._save_observation(text, answer, horseman=horseman, reframe=reframe)

    def _horseman(self) -> Horseman | None:
        choices = " · ".join(f"{n} {h.value}" for n, h in enumerate(HORSEMEN, start=1))
        self.out.print(f"  Which horseman? {choices}", style="dim")
        while True:
            chosen = read_horseman(ask("  Horseman (1-4, Enter skips)", on_screen=self._asking))
            if chosen is not False:
                return chosen
            self.out.print("  Type 1 to 4 or a name (Enter skips).")

    def _save_observation(
        self,
        text: str,
        answer: ObservationAnswer,
        *,
        horseman: Horseman | None = None,
        reframe: str | None = None,
    ) -> None:
        self.save(
            f"the observation ({text!r})",
            partial(
                entries.add_observation,
                self.source,
                text,
                day=self.day,
                now=now(),
                positive=answer.positive,
                horseman=horseman,
                reframe=reframe,
            ),
        )

    def close(self) -> None:
        from sparklog.render import evening as ending

        report = evening_close(self.source, self.day, self.config)
        self.out.print()
        ending.closing(self.out, report, late=is_evening(now(), self.day, self.config.risk_hour))
        print_news(self.out, self.source, self.day, self.day, self.day, partner=report.partner)


def evening(ctx: typer.Context) -> None:
    """The end-of-day flow: asks only what today still misses.

    The three things, each ritual due today (y kept, n not kept, s skip), one
    optional observation (a hard moment may get a horseman and a reframe);
    Enter skips a step, every answer is saved at once, Ctrl-C keeps what was
    saved. Made for an alias: alias eod='sparklog evening' (see sparklog shell-init).
    """
    started = now()
    config = state(ctx).config
    day = journal_day(started, config.rollover_hour)
    source = journal_ref(ctx)
    read_new_first(ctx)
    try:
        EveningFlow(source, day, config, console(), started).run()
    except KeyboardInterrupt:
        raise Interrupted("stopped; what you answered so far is saved") from None
    except InputClosed:
        if interactive():  # Ctrl-D at a prompt: the person chose to stop
            raise InputClosed("input ended (Ctrl-D); what you answered so far is saved") from None
        raise InputClosed(
            "standard input closed; sparklog evening needs answers typed in a terminal"
            " (anything answered before was kept)"
        ) from None
