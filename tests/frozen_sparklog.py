"""Run sparklog in a new process whose clock starts at a given instant.

Usage: python frozen_sparklog.py ISO-INSTANT [sparklog arguments...]

Tests start separate processes through this, so the child sees the same frozen
day as the test that spawned it, whatever day the suite runs on. The clock
ticks from that instant, so timeouts inside the child still pass.
"""

import sys

import time_machine

time_machine.travel(sys.argv[1], tick=True).start()
sys.argv = ["sparklog", *sys.argv[2:]]

from sparklog.cli import main  # noqa: E402  (the clock must move before sparklog loads)

main()
