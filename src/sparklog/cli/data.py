"""`sparklog export`, `import` and `backup`: your journal out, back in, and copied."""

from __future__ import annotations

import json
import sqlite3
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from sparklog.app.exchange import import_snapshot
from sparklog.app.journal_ref import JournalRef
from sparklog.cli import options
from sparklog.cli.context import day_range, journal_ref, now, open_store, state, today
from sparklog.cli.paging import paged
from sparklog.core import exchange
from sparklog.core.exchange import BadImport, ExportFormat, ImportReport, Snapshot
from sparklog.errors import Conflict, SparklogError, StoreError, UsageError
from sparklog.store.files import is_journal_file, manual_backup, write_private_chunks

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from rich.console import Console

    Bar = Callable[[Console, str, int], AbstractContextManager[Callable[[int], None]]]

PROGRESS_FROM = 2000
"""Imports with at least this many items show a progress bar (on a terminal)."""

OutOption = typer.Option(
    None,
    "--out",
    "-o",
    metavar="FILE",
    help="Write to FILE (readable by you only) instead of standard output.",
    dir_okay=False,
)


def _utf8(stream: object) -> bool:
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
    return encoding in ("utf8", "utf8sig")


def _to_stdout(chunks: Iterable[str]) -> None:
    """An export is data: UTF-8 on stdout whatever the locale, never lossy."""
    stream = sys.stdout
    raw = getattr(stream, "buffer", None)
    if _utf8(stream) or raw is None:
        for chunk in chunks:
            stream.write(chunk)
        stream.flush()
        return
    stream.flush()
    for chunk in chunks:
        raw.write(chunk.encode("utf-8"))
    raw.flush()


def export(
    ctx: typer.Context,
    format: ExportFormat = typer.Option(
        ExportFormat.JSON,
        "--format",
        "-f",
        case_sensitive=False,
        help="json: everything, for import; csv: one row per entry, formulas made"
        " harmless; markdown: a readable journal.",
    ),
    since: str | None = options.SinceOption,
    until: str | None = options.UntilOption,
    out: Path | None = OutOption,
    force: bool = typer.Option(False, "--force", help="Replace FILE when it already exists."),
    no_pager: bool = options.NoPagerOption,
) -> None:
    """Export your journal, all of it or a range of days.

    JSON holds everything (entries, rituals, check-offs, pauses, day marks,
    deletions, the revisions a sync merge kept) and is what `sparklog import`
    reads. CSV is for spreadsheets, Markdown for reading. In
    CSV a cell that a spreadsheet would run as a formula (one starting with =,
    +, -, @, a tab or a carriage return) starts with an apostrophe instead.

    Example: sparklog export --out sparklog-export.json
    """
    from sparklog.store.exchange import read_snapshot  # through SQLModel, like an import

    first, last = day_range(ctx, since, until)
    if out is not None:
        out = out.expanduser()
        _not_the_journal(state(ctx).db_path, out, "an export")
        _check_out(out, force=force)
    journal = open_store(ctx)
    try:
        with journal.transaction() as session:
            snapshot = read_snapshot(session, first, last)
    finally:
        journal.close()
    if journal.key is not None:
        typer.echo(
            "sparklog: the journal is encrypted, but this export is plain text;"
            " keep it somewhere private",
            err=True,
        )
    stamp = now()
    if format is ExportFormat.CSV:
        chunks: Iterable[str] = exchange.csv_chunks(snapshot.entries)
    elif format is ExportFormat.MARKDOWN:
        chunks = exchange.markdown_chunks(
            snapshot,
            exported_at=stamp,
            week_start=state(ctx).config.week_start,
            first=first,
            last=last,
        )
    else:
        chunks = exchange.json_chunks(snapshot, stamp)
    if out is None:
        # Markdown is for reading: on a terminal it goes through the pager.
        with paged(format is ExportFormat.MARKDOWN and not no_pager):
            _to_stdout(chunks)
        return
    _write_out(out, chunks, force=force)
    typer.echo(f"Exported {_summary(snapshot, format)} to {out}.")


def _not_the_journal(db: Path, target: Path, what: str) -> None:
    """Refuse to write `what` over the journal or SQLite's files beside it, however named."""
    if is_journal_file(db, target):
        raise UsageError(
            f"{target} is the journal {db} (or one of its files); write {what} elsewhere"
        )


def _check_out(out: Path, *, force: bool) -> None:
    if out.is_dir():
        raise UsageError(f"{out} is a folder; give --out a file name")
    if not out.parent.is_dir():
        raise UsageError(f"the folder {out.parent} does not exist; create it first")
    if out.exists() and not force:
        raise Conflict(f"{out} already exists; pass --force to replace it")


def _write_out(out: Path, chunks: Iterable[str], *, force: bool) -> None:
    try:
        write_private_chunks(out, chunks, replace=force)
    except FileExistsError:
        raise Conflict(f"{out} already exists; pass --force to replace it") from None
    except OSError as exc:
        raise SparklogError(f"cannot write {out}: {exc.strerror or exc}") from None


def _summary(snapshot: Snapshot, format: ExportFormat) -> str:
    """What the file holds: CSV has only entries, Markdown entries and check-offs."""
    entries = len(snapshot.entries)
    parts = [f"{entries} {'entry' if entries == 1 else 'entries'}"]
    counts = [(len(snapshot.checks), "check-off")]
    if format is ExportFormat.JSON:
        counts = [(len(snapshot.rituals), "ritual"), *counts, (len(snapshot.pauses), "pause")]
        if snapshot.marks:
            counts.append((len(snapshot.marks), "day mark"))
    elif format is ExportFormat.CSV:
        counts = []
    for number, word in counts:
        parts.append(f"{number} {word}" + ("" if number == 1 else "s"))
    return ", ".join(parts)


def import_journal(
    ctx: typer.Context,
    file: str = typer.Argument(
        ..., metavar="FILE", help="A JSON file written by 'sparklog export', or - for stdin."
    ),
) -> None:
    """Import a JSON export: all of it or nothing, and nothing twice.

    The whole file is checked before anything is written, by the rules the
    command line keeps (text, tags, no date before 1900 or in the future, a
    pause at most a year ahead); a problem is named by its place in the file,
    like entries[3].date. Items already in the journal (same id) are skipped,
    so importing a file again adds nothing; a ritual named like one of yours
    (ignoring case) is merged into it. On a day both journals gave three
    things, the items written first keep the slots and the others stay as
    plain appreciations of that day.
    """
    from sparklog.core.incoming import read_document  # pydantic: only import pays for it
    from sparklog.render import console as screen, progress

    label = "standard input" if file == "-" else file
    err = screen.console(stderr=True)
    current = today(ctx)
    try:
        if err.is_terminal and _is_big(file):
            with err.status(f"Checking {label}…"):
                snapshot = read_document(_load_json(file), today=current)
        else:
            snapshot = read_document(_load_json(file), today=current)
    except BadImport as exc:
        raise BadImport(f"{label}: {exc.message}; nothing was imported") from None
    journal = journal_ref(ctx)
    try:
        report = _write(journal, snapshot, err, progress.counting)
    except BadImport as exc:
        raise BadImport(f"{label}: {exc.message}; nothing was imported") from None
    out = screen.console()
    for line in report.lines(label):
        out.print(line, soft_wrap=True)


def _is_big(file: str) -> bool:
    """Big enough that checking it takes a noticeable moment (stdin: unknown, so yes)."""
    if file == "-":
        return True
    try:
        return Path(file).expanduser().stat().st_size > 1_000_000
    except OSError:
        return False


def _load_json(file: str) -> object:
    """The parsed file, or BadImport naming why it cannot be read."""
    if file == "-":
        stream = sys.stdin
        raw_stream = getattr(stream, "buffer", None)
        data = raw_stream.read() if raw_stream is not None else stream.read().encode("utf-8")
    else:
        path = Path(file).expanduser()
        if path.is_dir():
            raise UsageError(f"{file} is a folder; give import the export file")
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise UsageError(f"there is no file {file}") from None
        except OSError as exc:
            raise SparklogError(f"cannot read {file}: {exc.strerror or exc}") from None
    if not data.strip():
        raise BadImport("the file is empty")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadImport("not UTF-8 text, so not a sparklog export") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"{exc.msg.removesuffix(' at')} at line {exc.lineno}, column {exc.colno}"
        if not text[exc.pos :].strip() or exc.msg.startswith("Unterminated"):
            raise BadImport(
                f"not valid JSON: it ends too early, as if cut short ({where})"
            ) from None
        raise BadImport(f"not valid JSON ({where})") from None
    except RecursionError:
        raise BadImport("not a sparklog export (nested too deeply)") from None


def _write(journal: JournalRef, snapshot: Snapshot, err: Console, bar: Bar) -> ImportReport:
    """One transaction; a transient progress bar on a terminal for big files."""
    if snapshot.size < PROGRESS_FROM or not err.is_terminal:
        return import_snapshot(journal, snapshot)
    with bar(err, "Importing", snapshot.size) as advance:
        return import_snapshot(journal, snapshot, progress=advance)


def backup(
    ctx: typer.Context,
    out: Path | None = typer.Option(
        None,
        "--out",
        "-o",
        metavar="FILE",
        help="Where to write the copy (a file, or a folder for a timestamped name)."
        " Default: the backups folder beside the journal. Never replaces a file.",
    ),
) -> None:
    """Copy the journal safely, even while another sparklog is writing to it.

    The copy is a complete journal file: use it with --db, or put it back in
    place of the journal to restore. sparklog also keeps the last 5 copies it
    takes by itself before upgrading a journal.
    """
    db = state(ctx).db_path
    if not db.exists():
        raise StoreError(f"there is no journal at {db} yet; nothing to back up")
    journal = open_store(ctx)  # refuses folders and foreign files
    journal.close()
    target = out.expanduser() if out is not None else None
    if target is not None:
        _not_the_journal(db, target, "the backup")
    if target is not None and not target.is_dir() and not target.parent.is_dir():
        raise UsageError(f"the folder {target.parent} does not exist; create it first")
    try:
        written = manual_backup(db, now(), target, key=journal.key)
    except FileExistsError:
        raise Conflict(
            f"{target} already exists; a backup never replaces a file, choose another name"
        ) from None
    except OSError as exc:
        raise StoreError(f"cannot write the backup: {exc.strerror or exc}") from None
    except sqlite3.Error as exc:
        raise StoreError(f"the backup of {db} failed: {exc}; nothing was written") from None
    size = written.stat().st_size
    typer.echo(f"Backed up the journal to {written} ({_size(size)}).")


def _size(count: int) -> str:
    if count < 1024 * 1024:
        return f"{max(1, round(count / 1024))} KB"
    return f"{count / (1024 * 1024):.1f} MB"
