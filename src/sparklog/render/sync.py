"""`sync status` as lines a person reads."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape

from sparklog.app.sync_views import SyncStatus


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else many or one + 's'}"


def render_status(out: Console, report: SyncStatus) -> None:
    current = report.syncing
    if current is None:
        out.print("This journal does not sync. Start with: sparklog sync init FOLDER")
        return
    out.print(f"folder    {escape(str(current.folder))}", soft_wrap=True)
    out.print(f"device    {escape(current.name)} ({current.device})")
    known = report.log
    if known is not None:
        out.print(f"unsent    {_plural(known.unsent, 'change')}")
        if not known.devices:
            out.print("others    none seen yet")
        for index, seen in enumerate(known.devices):
            label = "others   " if index == 0 else "         "
            when = (
                seen.last_change.astimezone().strftime("%Y-%m-%d %H:%M")
                if seen.last_change
                else "unknown"
            )
            changes = _plural(seen.changes, "change")
            out.print(f"{label} {seen.id}  last change {when}, {changes}")
    if report.problem is not None:
        out.print(f"folder    [bold]cannot be read:[/bold] {escape(report.problem)}")
        return
    if report.waiting:
        files = _plural(report.waiting, "new file")
        out.print(f"waiting   {files} to read; `sparklog sync` reads them")
    for skipped in report.skipped:
        out.print(f"skipped   {escape(skipped.name)}: {escape(skipped.reason)}", soft_wrap=True)
