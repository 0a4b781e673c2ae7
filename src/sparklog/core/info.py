"""What `sparklog info` reports about a journal."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple


class JournalInfo(NamedTuple):
    path: Path
    exists: bool
    """False until the first write creates the file."""
    schema_version: int
    encrypted: bool
    entries: dict[str, int]
    """Entries per kind, every kind listed."""
    rituals: dict[str, int]
    """Active and archived rituals, and check-offs."""
