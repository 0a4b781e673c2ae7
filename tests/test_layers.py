"""The layers hold by construction: one write path, and imports at the top of modules.

Both checks read the sources (no import, no journal), so they hold for code
paths no other test happens to run.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import sparklog

PACKAGE = Path(sparklog.__file__).parent

WRITE_SIDE = {
    "sparklog.store.writes",
    "sparklog.store.entries",
    "sparklog.store.rituals",
    "sparklog.store.models",
    "sparklog.store.partner_writes",
}
"""Modules that change the journal; only the store and the write gate may import them."""

WRITE_NAMES = {("sparklog.store.exchange", "write_snapshot"), ("sparklog.app.journal", "write")}
"""Single functions that write, in modules that others may import for their reads."""

LAZY_IMPORT_LIMIT = 38
"""A command that writes imports its renderer inside its body (a read command's module
imports it at the top); memories, trends, the three dates commands, edit, delete, checkin
and ritual skip, unpause and unarchive add one each, nudge two for its date line (loaded
only when it speaks), and `prompt --answer` two (the journal and its editor). Tab
completion loads the read side only on a Tab press, the pager Rich only when it runs, and
`share --send` the partner channel (and age) only when it sends. The script's entry
(`sparklog.launch`) loads the command line once the garbage collector is off, and the
partner's news under a view loads the channel (two) only for a journal with a partner, and a
daily view the sync folder's code only with `[sync] auto`. An invite code's check loads
OpenSSL's hashing only when a code is made or read, not with every `--help`."""


def _sources(root: Path) -> Iterator[tuple[str, ast.Module]]:
    for path in sorted(root.rglob("*.py")):
        yield path.relative_to(root.parent).as_posix(), ast.parse(path.read_text(), str(path))


def _layer(name: str) -> str:
    """`app`, `store`, `cli`, ... for sparklog/<layer>/...; the module name for top-level files."""
    return name.split("/")[1].removesuffix(".py")


def write_path_breaches(root: Path) -> list[str]:
    """Every place outside `app/` and `store/` that could write the journal by itself.

    Imports of the write side, of a writing function, and `open_journal` calls
    that do not say `write=False`. Inside `app/`, only `app/journal.py` (the
    write gate) may reach the write side.
    """
    found: list[str] = []
    for name, tree in _sources(root):
        layer = _layer(name)
        if layer == "store" or name.endswith("app/journal.py"):
            continue
        for node in ast.walk(tree):
            where = f"{name}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Import):
                found += [
                    f"{where} imports {alias.name}"
                    for alias in node.names
                    if alias.name in WRITE_SIDE
                ]
            elif isinstance(node, ast.ImportFrom) and node.module:
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    writer = (node.module, alias.name) in WRITE_NAMES and layer != "app"
                    if node.module in WRITE_SIDE or full in WRITE_SIDE or writer:
                        found.append(f"{where} imports {full}")
            elif isinstance(node, ast.Call):
                func = node.func
                called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if called == "open_journal" and not any(
                    keyword.arg == "write"
                    and isinstance(keyword.value, ast.Constant)
                    and keyword.value.value is False
                    for keyword in node.keywords
                ):
                    found.append(f"{where} calls open_journal without write=False")
    return found


def lazy_imports(root: Path) -> list[str]:
    """Every import statement inside a function body (module-level TYPE_CHECKING blocks are not)."""
    found: list[str] = []

    def walk(node: ast.AST, name: str, function: str | None) -> None:
        for child in ast.iter_child_nodes(node):
            if function is not None and isinstance(child, ast.Import | ast.ImportFrom):
                found.append(f"{name}:{child.lineno} in {function}(): {ast.unparse(child)}")
            inner = function
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                inner = getattr(child, "name", "lambda")
            walk(child, name, inner)

    for name, tree in _sources(root):
        walk(tree, name, None)
    return found


def test_only_the_use_cases_write_the_journal() -> None:
    breaches = write_path_breaches(PACKAGE)
    assert not breaches, "writes outside sparklog.app's write gate:\n" + "\n".join(breaches)


def test_the_check_sees_a_write_outside_the_gate(tmp_path: Path) -> None:
    """A cli module writing through the store by itself is caught, in each form."""
    cli = tmp_path / "sparklog" / "cli"
    cli.mkdir(parents=True)
    (cli / "rogue.py").write_text(
        "from sparklog.store.entries import add_entry\n"
        "from sparklog.store import rituals\n"
        "from sparklog.app.journal import write\n"
        "def go(path):\n"
        "    from sparklog.store.db import open_journal\n"
        "    open_journal(path, write=True)\n"
        "    open_journal(path, write=False)\n"
    )
    found = write_path_breaches(tmp_path / "sparklog")
    assert [line.split(" ", 1)[1] for line in found] == [
        "imports sparklog.store.entries.add_entry",
        "imports sparklog.store.rituals",
        "imports sparklog.app.journal.write",
        "calls open_journal without write=False",
    ]


def test_few_imports_inside_functions() -> None:
    found = lazy_imports(PACKAGE)
    assert len(found) <= LAZY_IMPORT_LIMIT, (
        f"{len(found)} imports inside functions (at most {LAZY_IMPORT_LIMIT}):\n" + "\n".join(found)
    )


def test_the_count_sees_imports_in_functions_only(tmp_path: Path) -> None:
    package = tmp_path / "sparklog"
    package.mkdir()
    (package / "mod.py").write_text(
        "import os\n"
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    import json\n"
        "def f():\n"
        "    import re\n"
        "    def g():\n"
        "        from sys import argv\n"
        "class C:\n"
        "    def m(self):\n"
        "        import csv, io\n"
    )
    assert [line.split(" in ", 1)[1] for line in lazy_imports(package)] == [
        "f(): import re",
        "g(): from sys import argv",
        "m(): import csv, io",
    ]
