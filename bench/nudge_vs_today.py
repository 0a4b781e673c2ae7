"""How much `sparklog nudge` costs next to `sparklog today` on the same journal.

Run: uv run python bench/nudge_vs_today.py [RUNS]

It builds a small journal in a temporary folder (a few weeks of entries), then
runs each command RUNS times as a separate process, alternating them, and prints
the medians and the ratio. `nudge` runs from a shell rc file, so the target is
at most 0.3x of `today`.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _run(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "sparklog", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    return time.perf_counter() - started


def main(runs: int = 15) -> None:
    with tempfile.TemporaryDirectory() as folder:
        env = dict(
            os.environ,
            SPARKLOG_DB=str(Path(folder) / "journal.db"),
            SPARKLOG_CONFIG=str(Path(folder) / "config.toml"),
        )
        for days_ago in range(1, 30):
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "sparklog",
                    "three",
                    "a",
                    "b",
                    "c",
                    "--date",
                    f"{days_ago}d",
                ],
                env=env,
                stdout=subprocess.DEVNULL,
                check=True,
            )
        _run(["today"], env)  # warm the file cache for both
        _run(["nudge"], env)
        nudge: list[float] = []
        today: list[float] = []
        for _ in range(runs):
            nudge.append(_run(["nudge"], env))
            today.append(_run(["today"], env))
        n, t = statistics.median(nudge), statistics.median(today)
        print(f"runs per command: {runs}")
        print(f"nudge median: {n * 1000:.0f} ms")
        print(f"today median: {t * 1000:.0f} ms")
        print(f"ratio nudge/today: {n / t:.2f}x")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
