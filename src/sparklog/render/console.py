"""One place that decides how output is drawn."""

from __future__ import annotations

import json
import sys
from typing import Any

from rich.console import Console


def console(*, stderr: bool = False) -> Console:
    """Rich colour on a terminal; plain text when piped or with NO_COLOR."""
    return Console(stderr=stderr, highlight=False, emoji=False)


def print_json(data: Any) -> None:
    """JSON to stdout, ASCII-escaped when stdout cannot carry UTF-8."""
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "")
    text = json.dumps(data, ensure_ascii=encoding != "utf8", indent=2)
    sys.stdout.write(text + "\n")
    sys.stdout.flush()
