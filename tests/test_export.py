"""`sparklog export`: complete JSON that round-trips, CSV and Markdown for people."""

from __future__ import annotations

import csv
import io
import json
import re
import stat
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from sparklog.app.entries import new_gratitude, new_observation, new_three
from sparklog.app.journal import write
from sparklog.app.journal_ref import JournalRef
from sparklog.core.entries import Horseman, Lang
from sparklog.store.db import open_journal
from sparklog.store.models import CheckRow, PauseRow, RitualRow
from tests.conftest import Invoke

# Text a journal must carry through every format unchanged.
UNUSUAL = [
    "You made coffee before I woke up ☕🫶🏽 #mornings",
    "👩‍❤️‍👨 family of emoji with joiners",
    "شكراً لأنك استمعت إليّ الليلة",  # right-to-left (Arabic)
    "תודה על הערב, mixed עברית and English",  # right-to-left (Hebrew) mixed
    "cafe\u0301 and n\u0303 with combining marks",
    "She said \"thank you\" and 'meant it', twice",
    "first line\nsecond line\n\nafter a blank line",
    "Robert'); DROP TABLE entry;--",
    "1 OR 1=1; SELECT * FROM entry_tag WHERE '' = ''",
    '=HYPERLINK("http://example.invalid"), a comma, and a tab\there',
    "# not a heading *not bold* _not italic_ [not](a link) <b>not html</b> | pipe",
    "- not a list item\n1. not a numbered one\n> not a quote",
    "back\\slash and `code` and ~strike~",
]

NOW = datetime(2026, 11, 21, 21, 0, tzinfo=timezone(timedelta(hours=1)))


@dataclass
class RitualSpec:
    name: str
    cadence: str
    created: date
    archived: date | None = None
    checks: list[date] = field(default_factory=list)
    pauses: list[tuple[date, date]] = field(default_factory=list)
    id: str = field(default_factory=lambda: str(uuid.uuid4()))


def add_rituals(path: Path, rituals: list[RitualSpec]) -> None:
    """Write ritual rows the way the ritual commands store them."""
    journal = open_journal(path, write=True)
    with journal.transaction() as session:
        for ritual in rituals:
            session.add(
                RitualRow(
                    id=ritual.id,
                    name=ritual.name,
                    name_key=ritual.name.lower(),
                    cadence=ritual.cadence,
                    created=ritual.created,
                    archived=ritual.archived,
                )
            )
            session.flush()
            for day in ritual.checks:
                session.add(
                    CheckRow(
                        id=str(uuid.uuid4()),
                        ritual_id=ritual.id,
                        day=day,
                        written_at=datetime.combine(day, datetime.min.time())
                        .replace(hour=22, tzinfo=NOW.tzinfo)
                        .isoformat(timespec="seconds"),
                    )
                )
            for first, last in ritual.pauses:
                session.add(
                    PauseRow(
                        id=str(uuid.uuid4()), ritual_id=ritual.id, first_day=first, last_day=last
                    )
                )
    journal.close()


def sample_journal(cli: Invoke) -> None:
    """A small journal with every kind of record, written through the commands."""
    assert cli("gratitude", "add", UNUSUAL[0], "--lang", "acts", "--tag", "coffee").exit_code == 0
    assert cli("gratitude", "add", UNUSUAL[2], "--date", "2026-11-16").exit_code == 0
    assert cli("gratitude", "add", UNUSUAL[6], "--date", "2026-11-09", "-l", "words").exit_code == 0
    assert cli("three", UNUSUAL[3], UNUSUAL[4], UNUSUAL[7], "--date", "2026-11-20").exit_code == 0
    observed = cli(
        "observe", UNUSUAL[5], "--negative", "--horseman", "contempt", "--reframe", UNUSUAL[1]
    )
    assert observed.exit_code == 0, observed.stderr
    assert cli("observe", UNUSUAL[10], "--date", "2026-11-16", "--tag", "kind").exit_code == 0


def sample_rituals(db: Path) -> list[RitualSpec]:
    rituals = [
        RitualSpec(
            "Morning coffee",
            "daily",
            date(2026, 11, 1),
            checks=[date(2026, 11, 20), date(2026, 11, 21), date(2026, 11, 9)],
            pauses=[(date(2026, 11, 2), date(2026, 11, 4))],
        ),
        RitualSpec("Date night", "1/week", date(2026, 11, 3), checks=[date(2026, 11, 14)]),
        RitualSpec("Sunday walk", "sun", date(2026, 10, 1), archived=date(2026, 11, 10)),
    ]
    add_rituals(db, rituals)
    return rituals


def export_json(cli: Invoke, *args: str) -> dict[str, Any]:
    result = cli(*args, "export")
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def without_stamp(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if key != "exported_at"}


def test_json_export_is_complete_and_round_trips(
    cli: Invoke, db_path: Path, tmp_path: Path, frozen: object
) -> None:
    sample_journal(cli)
    rituals = sample_rituals(db_path)
    first = export_json(cli)
    assert first["format"] == "sparklog"
    assert first["version"] == 2
    assert first["exported_at"] == "2026-11-21T21:00:00+01:00"
    assert first["deleted"] == []
    assert all(entry["edited_at"] is None for entry in first["entries"])
    assert sorted(entry["text"] for entry in first["entries"]) == sorted(
        UNUSUAL[i] for i in (0, 2, 3, 4, 5, 6, 7, 10)
    )
    by_text = {entry["text"]: entry for entry in first["entries"]}
    assert by_text[UNUSUAL[0]]["tags"] == ["coffee", "mornings"]
    assert by_text[UNUSUAL[0]]["lang"] == "acts"
    negative = by_text[UNUSUAL[5]]
    assert (negative["positive"], negative["horseman"], negative["reframe"]) == (
        False,
        "contempt",
        UNUSUAL[1],
    )
    assert sorted(e["slot"] for e in first["entries"] if e["kind"] == "three") == [1, 2, 3]
    assert {r["name"] for r in first["rituals"]} == {r.name for r in rituals}
    walk = next(r for r in first["rituals"] if r["name"] == "Sunday walk")
    assert walk == {
        "id": rituals[2].id,
        "name": "Sunday walk",
        "cadence": "sun",
        "created": "2026-10-01",
        "archived": "2026-11-10",
    }
    assert len(first["checks"]) == 4
    assert set(first["checks"][0]) == {"id", "ritual_id", "date", "written_at"}
    assert first["pauses"] == [
        {
            "id": first["pauses"][0]["id"],
            "ritual_id": rituals[0].id,
            "from": "2026-11-02",
            "to": "2026-11-04",
        }
    ]
    (tmp_path / "export.json").write_text(json.dumps(first), encoding="utf-8")
    other = str(tmp_path / "elsewhere" / "new.db")
    imported = cli("--db", other, "import", str(tmp_path / "export.json"))
    assert imported.exit_code == 0, imported.stderr
    again = export_json(cli, "--db", other)
    assert without_stamp(again) == without_stamp(first)


def test_rituals_made_with_the_commands_move_with_their_streaks(
    cli: Invoke, tmp_path: Path, frozen: object
) -> None:
    for args in (
        ("ritual", "add", "Morning coffee ☕", "--daily"),
        ("ritual", "add", "Date night", "--weekly", "1"),
        ("ritual", "add", "Sunday pancakes", "--on", "sun"),
        ("ritual", "done", "morning", "--date", "2026-11-19"),
        ("ritual", "done", "morning", "--date", "2026-11-20"),
        ("ritual", "done", "morning", "date"),
        ("ritual", "pause", "sunday", "--from", "2026-11-22", "--to", "2026-11-29"),
        ("ritual", "archive", "sunday"),
    ):
        done = cli(*args)
        assert done.exit_code == 0, (args, done.stderr)
    target = tmp_path / "export.json"
    assert cli("export", "--out", str(target)).exit_code == 0
    other = str(tmp_path / "other.db")
    assert cli("--db", other, "import", str(target)).exit_code == 0
    first = json.loads(target.read_text(encoding="utf-8"))
    assert without_stamp(export_json(cli, "--db", other)) == without_stamp(first)
    assert len(first["checks"]) == 4 and len(first["pauses"]) == 1
    here = json.loads(cli("ritual", "list", "--json").stdout)
    there = json.loads(cli("--db", other, "ritual", "list", "--json").stdout)
    assert here == there
    assert [r["streak"]["current"] for r in here if r["name"].startswith("Morning")] == [3]


def test_two_exports_are_identical_but_for_the_stamp(cli: Invoke, db_path: Path) -> None:
    sample_journal(cli)
    sample_rituals(db_path)
    one = cli("export").stdout
    two = cli("export").stdout

    def strip(text: str) -> str:
        return re.sub(r'"exported_at": "[^"]*"', "", text)

    assert strip(one) == strip(two)
    assert one.count("\n") > 10, "one record per line"


def test_since_and_until_limit_entries_and_checkoffs(
    cli: Invoke, db_path: Path, frozen: object
) -> None:
    sample_journal(cli)
    sample_rituals(db_path)
    result = cli("export", "--since", "2026-11-16", "--until", "2026-11-20")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert {e["date"] for e in data["entries"]} == {"2026-11-16", "2026-11-20"}
    assert [c["date"] for c in data["checks"]] == ["2026-11-20"]
    assert len(data["rituals"]) == 3, "check-offs need their rituals"
    assert data["pauses"] == [], "the pause ended before the range"
    wrong = cli("export", "--since", "2026-11-20", "--until", "2026-11-16")
    assert wrong.exit_code == 2
    assert len(wrong.err_lines) == 1


def test_out_writes_a_private_file_and_never_overwrites_without_force(
    cli: Invoke, tmp_path: Path
) -> None:
    cli("gratitude", "add", "first")
    target = tmp_path / "export.json"
    written = cli("export", "--out", str(target))
    assert written.exit_code == 0, written.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert json.loads(target.read_text(encoding="utf-8"))["entries"][0]["text"] == "first"
    target.write_text("keep me", encoding="utf-8")
    refused = cli("export", "--out", str(target))
    assert refused.exit_code != 0
    assert refused.err_lines == [f"sparklog: {target} already exists; pass --force to replace it"]
    assert target.read_text(encoding="utf-8") == "keep me"
    target.chmod(0o644)
    forced = cli("export", "--format", "csv", "--out", str(target), "--force")
    assert forced.exit_code == 0, forced.stderr
    assert target.read_text(encoding="utf-8").startswith("id,kind,date")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_the_summary_counts_only_what_the_format_holds(cli: Invoke, tmp_path: Path) -> None:
    cli("ritual", "add", "Tea")
    cli("ritual", "done", "Tea")
    cli("gratitude", "add", "first")
    said = {}
    for form in ("json", "csv", "markdown"):
        result = cli("export", "--format", form, "--out", str(tmp_path / f"out.{form}"))
        assert result.exit_code == 0, result.stderr
        said[form] = result.stdout.split(" to ")[0]
    assert said == {
        "json": "Exported 1 entry, 1 ritual, 1 check-off, 0 pauses",
        "csv": "Exported 1 entry",
        "markdown": "Exported 1 entry, 1 check-off",
    }


def test_interrupted_export_leaves_no_file(
    cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli("gratitude", "add", "first")

    def interrupted(*_args: Any, **_kwargs: Any) -> Iterator[str]:
        yield '{"format": "sparklog",'
        raise KeyboardInterrupt

    monkeypatch.setattr("sparklog.core.exchange.json_chunks", interrupted)
    target = tmp_path / "export.json"
    result = cli("export", "--out", str(target))
    assert result.exit_code == 130
    assert list(tmp_path.glob("*export.json*")) == []


def test_csv_has_one_row_per_entry_with_the_right_columns(cli: Invoke, frozen: object) -> None:
    sample_journal(cli)
    result = cli("export", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    reader = csv.DictReader(io.StringIO(result.stdout, newline=""))
    assert reader.fieldnames == [
        "id",
        "kind",
        "date",
        "written_at",
        "edited_at",
        "text",
        "tags",
        "lang",
        "slot",
        "positive",
        "horseman",
        "reframe",
        "prompt_id",
        "prompt",
    ]
    found = list(reader)
    assert len(found) == 8
    as_json = {e["id"]: e for e in export_json(cli)["entries"]}
    for row in found:
        entry = as_json[row["id"]]
        assert row["text"] == entry["text"]
        assert row["tags"].split() == entry["tags"]
        assert row["slot"] == ("" if entry["slot"] is None else str(entry["slot"]))
        assert row["positive"] == {None: "", True: "true", False: "false"}[entry["positive"]]
        assert row["reframe"] == (entry["reframe"] or "")
    assert {row["text"] for row in found} >= {UNUSUAL[6], UNUSUAL[7], UNUSUAL[2]}


def test_markdown_groups_entries_by_week_and_day(
    cli: Invoke, db_path: Path, frozen: object
) -> None:
    sample_journal(cli)
    sample_rituals(db_path)
    result = cli("export", "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert text.startswith("# sparklog journal\n")
    weeks = re.findall(r"^## Week of (.+)$", text, flags=re.M)
    assert weeks == ["Mon 09 Nov 2026", "Mon 16 Nov 2026"]
    days = re.findall(r"^### (.+)$", text, flags=re.M)
    assert days == [
        "Monday 09 November 2026",
        "Saturday 14 November 2026",
        "Monday 16 November 2026",
        "Friday 20 November 2026",
        "Saturday 21 November 2026",
    ]
    sections = dict(zip(days, re.split(r"^### .+$", text, flags=re.M)[1:], strict=True))
    assert "Date night" in sections["Saturday 14 November 2026"]
    friday = sections["Friday 20 November 2026"]
    assert "**1.**" in friday and "**3.**" in friday
    assert "Rituals kept:_ Morning coffee" in friday
    assert "Robert'); DROP TABLE entry;--" in friday
    monday = sections["Monday 16 November 2026"]
    assert UNUSUAL[2] in monday
    assert r"\# not a heading \*not bold\* \_not italic\_ \[not\](a link)" in monday
    # A multi-line entry stays inside its list item.
    assert (
        "- first line  \n  second line  \n    \n  after a blank line"
        in sections["Monday 09 November 2026"]
    )
    saturday = sections["Saturday 21 November 2026"]
    assert "**\u2212**" in saturday and "_Reframed:_" in saturday and "contempt" in saturday


def test_markdown_weeks_follow_the_configured_first_day(
    cli: Invoke, config_file: Path, frozen: object
) -> None:
    config_file.write_text('week_start = "sunday"\n', encoding="utf-8")
    cli("gratitude", "add", "saturday", "--date", "2026-11-21")
    cli("gratitude", "add", "sunday", "--date", "2026-11-15")
    text = cli("export", "-f", "markdown").stdout
    assert re.findall(r"^## Week of (.+)$", text, flags=re.M) == ["Sun 15 Nov 2026"]


def test_empty_journal_exports_empty_sections(cli: Invoke) -> None:
    data = export_json(cli)
    assert without_stamp(data) == {
        "format": "sparklog",
        "version": 2,
        "entries": [],
        "rituals": [],
        "checks": [],
        "pauses": [],
        "marks": [],
        "dates": [],
        "deleted": [],
        "revisions": [],
    }
    assert "Nothing written" in cli("export", "-f", "markdown").stdout
    assert cli("export", "-f", "csv").stdout.strip() == (
        "id,kind,date,written_at,edited_at,text,tags,lang,slot,positive,horseman,reframe,"
        "prompt_id,prompt"
    )


# --- the property: any journal survives export -> import -> export -------------

_PLAIN = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\n\t"),
    min_size=1,
    max_size=40,
)
TEXT = (
    st.lists(st.sampled_from(UNUSUAL) | _PLAIN, min_size=1, max_size=3)
    .map(" ".join)
    .filter(lambda text: bool(text.strip()))
)
DAYS = st.dates(min_value=date(2016, 1, 1), max_value=date(2026, 11, 21))
OFFSETS = st.sampled_from([-8, -5, 0, 1, 2, 5.5, 9, 13]).map(
    lambda hours: timezone(timedelta(hours=hours))
)
TAGS = st.lists(st.sampled_from(["mornings", "date-night", "kids", "ça_va", "日本"]), max_size=3)
LANGS = st.none() | st.sampled_from(list(Lang))


@st.composite
def journals(draw: st.DrawFn) -> dict[str, Any]:
    entries: list[dict[str, Any]] = []
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["gratitude", "observation"]))
        positive = draw(st.booleans())
        entries.append(
            {
                "kind": kind,
                "text": draw(TEXT),
                "day": draw(DAYS),
                "at": draw(st.integers(0, 86_399)),
                "offset": draw(OFFSETS),
                "tags": draw(TAGS),
                "lang": draw(LANGS),
                "positive": positive,
                "horseman": None if positive else draw(st.none() | st.sampled_from(list(Horseman))),
                "reframe": draw(st.none() | TEXT),
            }
        )
    threes = draw(st.dictionaries(DAYS, st.lists(TEXT, min_size=1, max_size=3), max_size=2))
    names = draw(
        st.lists(
            st.sampled_from(["Morning coffee", "Date night", "Walk 🌙", "قهوة", "Sunday pancakes"]),
            unique=True,
            max_size=3,
        )
    )
    rituals = [
        RitualSpec(
            name,
            draw(st.sampled_from(["daily", "weekdays", "mon,thu", "2/week", "sun"])),
            draw(DAYS),
            archived=draw(st.none() | DAYS),
            checks=draw(st.lists(DAYS, unique=True, max_size=4)),
            pauses=[
                (min(a, b), max(a, b)) for a, b in draw(st.lists(st.tuples(DAYS, DAYS), max_size=2))
            ],
        )
        for name in names
    ]
    return {"entries": entries, "threes": threes, "rituals": rituals}


def build(path: Path, journal: dict[str, Any]) -> None:
    """Write a generated journal through the same functions the commands use."""
    with write(JournalRef(path)) as changes:
        for item in journal["entries"]:
            when = datetime.combine(item["day"], datetime.min.time(), item["offset"]) + timedelta(
                seconds=item["at"]
            )
            if item["kind"] == "gratitude":
                new = new_gratitude(
                    item["text"], day=item["day"], now=when, tags=item["tags"], lang=item["lang"]
                )
            else:
                new = new_observation(
                    item["text"],
                    day=item["day"],
                    now=when,
                    positive=item["positive"],
                    horseman=item["horseman"],
                    reframe=item["reframe"],
                    tags=item["tags"],
                    lang=item["lang"],
                )
            changes.add_entry(new)
        for day, items in journal["threes"].items():
            for slot, text in enumerate(items, start=1):
                changes.add_entry(new_three(slot, text, day=day, now=NOW))
    add_rituals(path, journal["rituals"])


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(journal=journals())
def test_any_journal_survives_export_import_export(cli: Invoke, journal: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "a.db", Path(folder) / "b.db"
        build(source, journal)
        exported = Path(folder) / "export.json"
        written = cli("--db", str(source), "export", "--out", str(exported))
        assert written.exit_code == 0, written.stderr
        first = json.loads(exported.read_text(encoding="utf-8"))
        count = len(journal["entries"]) + sum(len(v) for v in journal["threes"].values())
        assert len(first["entries"]) == count
        assert sorted(e["text"] for e in first["entries"]) == sorted(
            [item["text"].strip() for item in journal["entries"]]
            + [text.strip() for items in journal["threes"].values() for text in items]
        )
        assert len(first["checks"]) == sum(len(r.checks) for r in journal["rituals"])
        imported = cli("--db", str(target), "import", str(exported))
        assert imported.exit_code == 0, imported.stderr
        again = export_json(cli, "--db", str(target))
        assert without_stamp(again) == without_stamp(first)


def test_csv_cells_that_a_spreadsheet_would_run_start_with_an_apostrophe(
    cli: Invoke, rows: Any, frozen: object
) -> None:
    risky = ['=HYPERLINK("http://example.invalid")', "+1 for the soup", "@home all day"]
    for text in risky:
        assert cli("gratitude", "add", text).exit_code == 0
    assert cli("gratitude", "add", "--", "-2 degrees and you warmed the car").exit_code == 0
    assert cli("observe", "it = fine", "--negative", "--reframe", "=SUM(A1:A9)").exit_code == 0
    result = cli("export", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    found = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    texts = sorted(row["text"] for row in found)
    assert texts == sorted(
        ["'" + text for text in [*risky, "-2 degrees and you warmed the car"]] + ["it = fine"]
    )
    assert [row["reframe"] for row in found if row["kind"] == "observation"] == ["'=SUM(A1:A9)"]
    # The journal itself and the JSON export keep the text exactly as written.
    assert ('=HYPERLINK("http://example.invalid")',) in rows("SELECT text FROM entry")
    assert risky[0] in {e["text"] for e in export_json(cli)["entries"]}


@pytest.mark.parametrize("lead", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_lead_is_neutralised_in_csv(lead: str) -> None:
    from sparklog.core.entries import Entry, Kind
    from sparklog.core.exchange import CSV_COLUMNS, csv_row

    entry = Entry(str(uuid.uuid4()), Kind.GRATITUDE, date(2026, 11, 20), NOW, f"{lead}x")
    text = CSV_COLUMNS.index("text")
    assert csv_row(entry)[text] == f"'{lead}x"
    plain = Entry(str(uuid.uuid4()), Kind.GRATITUDE, date(2026, 11, 20), NOW, f"x{lead}")
    assert csv_row(plain)[text] == f"x{lead}"
