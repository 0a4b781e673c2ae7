"""Build the benchmark journals through sparklog's own store code.

Three journals, each with the same four rituals (daily, weekdays, Mon+Thu and
once a week) defined through the ritual store, as `sparklog ritual add` does:

- ``empty``: a new journal, nothing logged yet;
- ``week``: the last seven days of use, built by the rules of ``sparklog.app.entries`` and
  written through the store, one call per item as the commands make them;
- ``years``: ten years of use (three things and a gratitude entry on most days,
  one to three observations a day with some negatives, horsemen and reframes,
  check-offs kept at realistic rates, three pauses, tags and love languages):
  the rituals and pauses through the ritual store, the ~26,000 entry, tag and
  check-off rows bulk-inserted through the store's own table models in one
  transaction, so the migrations' triggers fill the search index as usual.

Everything ends yesterday, so "today" is still open in every journal, as it is
for someone about to run `sparklog evening`. Run on its own to (re)build:
``uv run python bench/build.py``.
"""

from __future__ import annotations

import json
import random
import sqlite3
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sparklog.app.entries import new_gratitude, new_observation, new_three
from sparklog.core.dates import journal_day
from sparklog.core.entries import Horseman, Kind, Lang
from sparklog.core.rituals import Cadence
from sparklog.core.text import clean_text, tags_in
from sparklog.paths import stamp_path
from sparklog.store.db import open_journal
from sparklog.store.entries import add_entry
from sparklog.store.models import CheckRow, EntryRow, EntryTagRow
from sparklog.store.rituals import add_check, add_pause, add_ritual

if TYPE_CHECKING:
    from sqlmodel import Session

    from sparklog.core.rituals import Ritual

DATA = Path(__file__).resolve().parent / "data"
YEARS = 10
SEED = 20261121


@dataclass(frozen=True)
class RitualSpec:
    name: str
    cadence: str
    keep_rate: float  # how often a due unit is kept

    def due(self, day: date) -> bool:
        if self.cadence == "daily" or self.cadence.endswith("/week"):
            return True
        if self.cadence == "weekdays":
            return day.weekday() < 5
        names = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
        return names[day.weekday()] in self.cadence.split(",")


RITUALS = (
    RitualSpec("Morning coffee", "daily", 0.9),
    RitualSpec("Walk after dinner", "weekdays", 0.7),
    RitualSpec("Phone-free evening", "mon,thu", 0.75),
    RitualSpec("Date night", "1/week", 0.85),
)

THINGS = (
    "made coffee before I woke up #mornings",
    "listened to the whole story about my day",
    "fixed the bike without being asked",
    "laughed at my terrible joke #silly",
    "texted to ask how the interview went",
    "cooked the soup I love #cooking",
    "let me sleep in on a Saturday",
    "took the kids to the park so I could rest #kids",
    "held my hand on the walk home",
    "remembered my sister's birthday",
    "cleaned up the kitchen after the party",
    "brought me tea while I was working late",
    "sent a photo of the sunset #small-things",
    "was patient with my mother on the phone",
    "planned the weekend trip #travel",
)
GRATITUDE = (
    "You always notice when I'm tired and slow us down.",
    "Thank you for the note in my lunch bag #small-things",
    "The way you talked to the neighbour today was kind.",
    "I love how you sing in the car #silly",
    "You made the evening feel easy after a hard week.",
    "Grateful you booked the table for Friday #date",
    "You carried the heavy boxes up four floors #home",
    "You asked about my day and really listened.",
)
POSITIVE = (
    "Hugged me when I came home",
    "Said thank you for dinner",
    "Asked about my project and followed up",
    "Made a joke that broke the tension #silly",
    "Sat with me on the balcony for a while",
    "Offered to drive so I could rest",
)
NEGATIVE = (
    "Rolled eyes when I mentioned the budget",
    "Said I never help with the laundry",
    "Went quiet and left the room during the argument",
    "Answered my question with a complaint about me",
)
REFRAMES = (
    "They were tired; they did ask to talk later",
    "They did fold the towels on Sunday",
    "We both wanted the evening to go well",
)


def _stamp_at(day: date, hour: int, minute: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute).astimezone()


def _today() -> date:
    return journal_day(datetime.now().astimezone(), 4)


def _fresh(path: Path) -> None:
    for extra in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        extra.unlink(missing_ok=True)
    stamp_path(path).unlink(missing_ok=True)


def _define_rituals(session: Session, created: date) -> list[Ritual]:
    """The four rituals, through the ritual store as `sparklog ritual add` does."""
    return [
        add_ritual(session, spec.name, Cadence.parse(spec.cadence), created) for spec in RITUALS
    ]


def _days(first: date, last: date) -> Iterator[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def _pauses(first: date, last: date, rng: random.Random) -> list[tuple[int, date, date]]:
    """Two holidays and an illness, spread over the history (ritual index, first, last)."""
    span = (last - first).days
    found: list[tuple[int, date, date]] = []
    for index, length in ((0, 14), (1, 10), (2, 21)):
        start = first + timedelta(days=rng.randrange(30, max(31, span - 60)))
        found.append((index, start, start + timedelta(days=length - 1)))
    return found


def _checks(
    rituals: list[Ritual],
    first: date,
    last: date,
    pauses: list[tuple[int, date, date]],
    rng: random.Random,
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for index, spec in enumerate(RITUALS):
        ritual_id = rituals[index].id
        held = [(a, b) for i, a, b in pauses if i == index]
        for day in _days(first, last):
            if any(a <= day <= b for a, b in held):
                continue
            if spec.cadence.endswith("/week"):
                # Once a week, on a Friday or Saturday.
                keep = day.weekday() == (4 if day.isocalendar().week % 2 else 5)
            else:
                keep = spec.due(day)
            if keep and rng.random() < spec.keep_rate:
                rows.append(
                    {
                        "id": str(uuid.uuid4()),
                        "ritual_id": ritual_id,
                        "day": day,
                        "written_at": _stamp_at(day, 21, rng.randrange(60)).isoformat(
                            timespec="seconds"
                        ),
                    }
                )
    return rows


def _entry(kind: Kind, day: date, text: str, rng: random.Random, **extra: Any) -> dict[str, Any]:
    body = clean_text(text)
    return {
        "id": str(uuid.uuid4()),
        "kind": kind.value,
        "day": day,
        "written_at": _stamp_at(day, rng.choice((20, 21, 22, 23)), rng.randrange(60)).isoformat(
            timespec="seconds"
        ),
        "text": body,
        "lang": extra.get("lang"),
        "slot": extra.get("slot"),
        "positive": extra.get("positive"),
        "horseman": extra.get("horseman"),
        "reframe": extra.get("reframe"),
        "_tags": tags_in(body),
    }


def _history(first: date, last: date, rng: random.Random) -> list[dict[str, Any]]:
    langs = [lang.value for lang in Lang]
    horsemen = [h.value for h in Horseman]
    rows: list[dict[str, Any]] = []
    for day in _days(first, last):
        if rng.random() < 0.85:
            for slot, text in enumerate(rng.sample(THINGS, 3), start=1):
                rows.append(_entry(Kind.THREE, day, text, rng, slot=slot))
        if rng.random() < 0.8:
            rows.append(
                _entry(Kind.GRATITUDE, day, rng.choice(GRATITUDE), rng, lang=rng.choice(langs))
            )
        for _ in range(rng.randint(1, 3)):
            if rng.random() < 0.2:
                rows.append(
                    _entry(
                        Kind.OBSERVATION,
                        day,
                        rng.choice(NEGATIVE),
                        rng,
                        positive=False,
                        horseman=rng.choice(horsemen) if rng.random() < 0.5 else None,
                        reframe=rng.choice(REFRAMES) if rng.random() < 0.5 else None,
                    )
                )
            else:
                rows.append(
                    _entry(
                        Kind.OBSERVATION,
                        day,
                        rng.choice(POSITIVE),
                        rng,
                        positive=True,
                        lang=rng.choice(langs) if rng.random() < 0.6 else None,
                    )
                )
    return rows


def _finish(path: Path) -> None:
    """Fold the WAL into the file so a plain copy carries everything."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def build_empty(path: Path, today: date) -> None:
    _fresh(path)
    journal = open_journal(path, write=True)
    with journal.transaction() as session:
        _define_rituals(session, today - timedelta(days=1))
    journal.close()
    _finish(path)


def build_week(path: Path, today: date) -> None:
    """Seven days written the way the commands write them."""
    rng = random.Random(SEED + 7)
    _fresh(path)
    first, last = today - timedelta(days=7), today - timedelta(days=1)
    journal = open_journal(path, write=True)
    with journal.transaction() as session:
        rituals = _define_rituals(session, first)
        for check in _checks(rituals, first, last, [], rng):
            ritual = next(r for r in rituals if r.id == check["ritual_id"])
            add_check(session, ritual, check["day"], _stamp_at(check["day"], 21, 0))
        for day in _days(first, last):
            at = _stamp_at(day, 21, 30)
            for slot, text in enumerate(rng.sample(THINGS, 3), start=1):
                add_entry(session, new_three(slot, text, day=day, now=at))
            liked = new_gratitude(rng.choice(GRATITUDE), day=day, now=at, lang=Lang.WORDS)
            add_entry(session, liked)
            add_entry(session, new_observation(rng.choice(POSITIVE), day=day, now=at))
            if day.weekday() == 2:
                hard = new_observation(
                    rng.choice(NEGATIVE),
                    day=day,
                    now=at,
                    positive=False,
                    horseman=Horseman.CRITICISM,
                    reframe=rng.choice(REFRAMES),
                )
                add_entry(session, hard)
    journal.close()
    _finish(path)


def build_years(path: Path, today: date, years: int = YEARS, days: int = 0) -> dict[str, int]:
    """Years (or `days` days) of use, bulk-inserted in one transaction through the tables."""
    from sqlalchemy import insert

    rng = random.Random(SEED + years * 1000 + days)
    _fresh(path)
    last = today - timedelta(days=1)
    if days:
        first = last - timedelta(days=days - 1)
    else:
        first = last.replace(year=last.year - years) + timedelta(days=1)
    entries = _history(first, last, rng)
    tags = [{"entry_id": row["id"], "tag": tag} for row in entries for tag in row.pop("_tags")]
    pauses = _pauses(first, last, rng)
    journal = open_journal(path, write=True)
    with journal.transaction() as session:
        rituals = _define_rituals(session, first)
        for index, pause_first, pause_last in pauses:
            rituals[index] = add_pause(session, rituals[index], pause_first, pause_last)
        checks = _checks(rituals, first, last, pauses, rng)
        session.execute(insert(CheckRow), checks)
        session.execute(insert(EntryRow), entries)
        session.execute(insert(EntryTagRow), tags)
    journal.close()
    _finish(path)
    return {
        "days": (last - first).days + 1,
        "entries": len(entries),
        "tags": len(tags),
        "checks": len(checks),
        "pauses": len(pauses),
        "rituals": len(RITUALS),
    }


def journal_path(home: Path) -> Path:
    """Where sparklog puts its journal when XDG_DATA_HOME is `home/data`."""
    return home / "data" / "sparklog" / "sparklog.db"


def build_all(folder: Path = DATA) -> dict[str, Any]:
    """Build the journals; return their paths and what they hold.

    `month` (30 days) and `year` are built like `years`, for the side-by-side
    with jrnl at three sizes.
    """
    folder.mkdir(parents=True, exist_ok=True)
    today = _today()
    started = time.perf_counter()
    names = ("empty", "week", "month", "year", "years")
    paths = {name: journal_path(folder / name) for name in names}
    for path in paths.values():
        path.parent.mkdir(parents=True, exist_ok=True)
    build_empty(paths["empty"], today)
    build_week(paths["week"], today)
    build_years(paths["month"], today, days=30)
    build_years(paths["year"], today, years=1)
    counts = build_years(paths["years"], today)
    return {
        "paths": paths,
        "today": today,
        "years": counts,
        "seconds": time.perf_counter() - started,
        "bytes": {name: path.stat().st_size for name, path in paths.items()},
    }


def main() -> None:
    built = build_all()
    if "--json" in sys.argv:
        built["paths"] = {name: str(path) for name, path in built["paths"].items()}
        built["today"] = built["today"].isoformat()
        print(json.dumps(built))
        return
    print(f"built in {built['seconds']:.1f} s: {built['years']}")
    for name, size in built["bytes"].items():
        print(f"  {name}: {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
