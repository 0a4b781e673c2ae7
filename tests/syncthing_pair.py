"""Two real Syncthing instances on loopback sharing one folder, for transport tests.

Each instance has its own HOME and config folder made by `syncthing generate`,
its GUI/REST API on 127.0.0.1 with its own API key, and listens on 127.0.0.1.
Both ports are 0 in its config, so the kernel picks free ones as Syncthing binds
them; they are read back from its log and its REST API. No port is chosen ahead
and left free for a moment, so pairs started at once (pytest-xdist workers,
another checkout's suite) never collide. Every way Syncthing could reach past
this machine is off: global and local discovery, relays, NAT traversal, STUN,
usage and crash reporting, upgrades.

Only alpha dials, and only once beta listens: beta knows alpha's device id with
no address. When both dial at once, each may drop the connection the other
opened, and when one dials a peer not listening yet, Syncthing waits at least
five seconds before its next try; either made a start or a resume take seconds
longer on some runs and not on others.

Every wait is bounded by a deadline and polls the REST API; nothing here sleeps
for a fixed time to let Syncthing "catch up".
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

FOLDER_ID = "sparklog"
LOOPBACK = "127.0.0.1"
START_TIMEOUT_S = 60.0
SYNC_TIMEOUT_S = 90.0
POLL_S = 0.2

# A proxy from the environment must never see these requests: loopback only.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


# Syncthing's log line once its REST API listens (the port it was given, 0, is in
# another line); v2 writes `GUI and API listening (address=127.0.0.1:N)`.
_API_LINE = re.compile(rb"GUI and API listening\D*?127\.0\.0\.1:(\d+)")


def available() -> bool:
    return shutil.which("syncthing") is not None


@dataclass
class Instance:
    """One Syncthing: its home, the shared folder's path on it, and its REST API."""

    name: str
    home: Path
    folder: Path
    device_id: str = ""
    api_key: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    api_port: int = 0  # known once it runs
    listen_port: int = 0
    process: subprocess.Popen[bytes] | None = None

    @property
    def config_dir(self) -> Path:
        return self.home / "config"

    @property
    def log(self) -> Path:
        return self.home / "syncthing.log"

    def request(self, method: str, path: str, body: Any = None, **params: str) -> Any:
        query = f"?{urllib.parse.urlencode(params)}" if params else ""
        request = urllib.request.Request(
            f"http://{LOOPBACK}:{self.api_port}{path}{query}",
            data=None if body is None else json.dumps(body).encode(),
            method=method,
            headers={"X-API-Key": self.api_key, "Content-Type": "application/json"},
        )
        with _OPENER.open(request, timeout=30) as response:
            body = response.read()
        return json.loads(body) if body.strip() else None

    def get(self, path: str, **params: str) -> Any:
        return self.request("GET", path, **params)

    def post(self, path: str, **params: str) -> Any:
        return self.request("POST", path, **params)

    def scan(self) -> None:
        """Look at the folder now (the watcher is off); returns once the scan is done."""
        self.post("/rest/db/scan", folder=FOLDER_ID)

    def log_tail(self) -> str:
        with contextlib.suppress(OSError):
            return self.log.read_text(errors="replace")[-4000:]
        return ""


def _generate(instance: Instance) -> None:
    instance.home.mkdir(parents=True)
    instance.folder.mkdir(parents=True, exist_ok=True)
    (instance.folder / ".stfolder").mkdir(exist_ok=True)
    done = subprocess.run(
        [
            "syncthing",
            "generate",
            f"--home={instance.config_dir}",
            "--no-default-folder",
            "--skip-port-probing",
        ],
        capture_output=True,
        text=True,
        env=_environment(instance),
        timeout=60,
        check=True,
    )
    found = re.search(r"Device ID:\s*([A-Z0-9-]{63})", done.stdout + done.stderr)
    assert found, done.stdout + done.stderr
    instance.device_id = found[1]


def _set(parent: ET.Element, tag: str, value: str) -> None:
    node = parent.find(tag)
    if node is None:
        node = ET.SubElement(parent, tag)
    node.text = value


def _configure(instance: Instance, peer: Instance) -> None:
    path = instance.config_dir / "config.xml"
    tree = ET.parse(path)
    root = tree.getroot()
    gui = root.find("gui")
    assert gui is not None
    _set(gui, "address", f"{LOOPBACK}:0")
    _set(gui, "apikey", instance.api_key)
    options = root.find("options")
    assert options is not None
    for tag, value in {
        "listenAddress": f"tcp://{LOOPBACK}:0",
        "globalAnnounceEnabled": "false",
        "localAnnounceEnabled": "false",
        "relaysEnabled": "false",
        "natEnabled": "false",
        "stunKeepaliveStartS": "0",  # no STUN
        "announceLANAddresses": "false",
        "startBrowser": "false",
        "urAccepted": "-1",  # usage reporting declined
        "crashReportingEnabled": "false",
        "autoUpgradeIntervalH": "0",
        "reconnectionIntervalS": "1",
        "minHomeDiskFree": "0",
    }.items():
        _set(options, tag, value)
    defaults = root.find("defaults")
    assert defaults is not None
    template_device = defaults.find("device")
    template_folder = defaults.find("folder")
    assert template_device is not None and template_folder is not None

    device = _copy(template_device)
    device.set("id", peer.device_id)
    device.set("name", peer.name)
    _set(device, "address", "dynamic")  # with discovery off: never dialled until _link
    root.insert(0, device)

    shared = _copy(template_folder)
    shared.set("id", FOLDER_ID)
    shared.set("label", FOLDER_ID)
    shared.set("path", str(instance.folder))
    shared.set("fsWatcherEnabled", "false")  # scans happen when a test asks
    shared.set("rescanIntervalS", "3600")
    for old in shared.findall("device"):
        shared.remove(old)
    for member in (instance, peer):
        ET.SubElement(shared, "device", {"id": member.device_id, "introducedBy": ""})
    _set(shared, "minDiskFree", "0")
    root.insert(0, shared)
    tree.write(path)


def _copy(element: ET.Element) -> ET.Element:
    return ET.fromstring(ET.tostring(element))


def _environment(instance: Instance) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.lower().endswith("_proxy") and not key.startswith("ST")
    }
    env.update(HOME=str(instance.home), STNOUPGRADE="1", STNORESTART="1", STNODEFAULTFOLDER="1")
    return env


def _start(instance: Instance) -> None:
    with instance.log.open("wb") as log:
        instance.process = subprocess.Popen(
            [
                "syncthing",
                "serve",
                f"--home={instance.config_dir}",
                "--no-browser",
                "--no-restart",
                "--no-default-folder",
                "--no-upgrade",
            ],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=_environment(instance),
        )


def _api_port(instance: Instance) -> bool:
    with contextlib.suppress(OSError):
        found = _API_LINE.search(instance.log.read_bytes())
        if found:
            instance.api_port = int(found[1])
    return instance.api_port != 0


def _listen_port(instance: Instance) -> bool:
    """The port its TCP listener was given, from the REST API, once it listens."""
    services = instance.get("/rest/system/status")["connectionServiceStatus"]
    for service in services.values():
        for address in service.get("lanAddresses") or []:
            found = re.fullmatch(rf"tcp://{re.escape(LOOPBACK)}:(\d+)", address)
            if found and not service.get("error") and found[1] != "0":
                instance.listen_port = int(found[1])
                return True
    return False


def _link(dialer: Instance, peer: Instance) -> None:
    """Give `dialer` the address `peer` listens on; it dials at once."""
    dialer.request(
        "PATCH",
        f"/rest/config/devices/{peer.device_id}",
        body={"addresses": [f"tcp://{LOOPBACK}:{peer.listen_port}"]},
    )


def _until(what: str, check: Any, timeout: float, *instances: Instance) -> None:
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        for instance in instances:
            if instance.process is not None and instance.process.poll() is not None:
                raise AssertionError(f"{instance.name} exited:\n{instance.log_tail()}")
        try:
            if check():
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError) as exc:
            last_error = exc
        time.sleep(POLL_S)  # polling interval, bounded by the deadline above
    logs = "\n".join(f"--- {i.name}\n{i.log_tail()}" for i in instances)
    raise AssertionError(f"timed out after {timeout}s waiting for {what} ({last_error})\n{logs}")


class SyncthingPair:
    """Two running instances, `a` and `b`, sharing FOLDER_ID between their folders."""

    def __init__(self, base: Path) -> None:
        self.a = Instance("alpha", base / "home-a", base / "folder-a")
        self.b = Instance("beta", base / "home-b", base / "folder-b")

    @property
    def both(self) -> tuple[Instance, Instance]:
        return self.a, self.b

    def start(self, timeout: float = START_TIMEOUT_S) -> None:
        for instance in self.both:
            _generate(instance)
        _configure(self.a, self.b)
        _configure(self.b, self.a)
        for instance in self.both:
            _start(instance)
        for instance in self.both:
            name = instance.name
            _until(f"{name}'s REST API port", lambda i=instance: _api_port(i), timeout, instance)
            _until(f"{name}'s REST API", lambda i=instance: _pong(i), timeout, instance)
            _until(f"{name} to listen", lambda i=instance: _listen_port(i), timeout, instance)
        _link(self.a, self.b)
        self.wait_connected(timeout)

    def connected(self) -> bool:
        return all(
            x.get("/rest/system/connections")["connections"].get(y.device_id, {}).get("connected")
            for x, y in ((self.a, self.b), (self.b, self.a))
        )

    def wait_connected(self, timeout: float = START_TIMEOUT_S) -> None:
        _until("the two instances to connect", self.connected, timeout, *self.both)

    def in_sync(self) -> bool:
        """Both idle, nothing needed, each holding the global state, each 100% for the other."""
        statuses = [x.get("/rest/db/status", folder=FOLDER_ID) for x in self.both]
        for status in statuses:
            if status["state"] != "idle" or status["needTotalItems"] != 0:
                return False
            if (status["localFiles"], status["localDirectories"]) != (
                status["globalFiles"],
                status["globalDirectories"],
            ):
                return False
        if statuses[0]["globalFiles"] != statuses[1]["globalFiles"]:
            return False
        for x, y in ((self.a, self.b), (self.b, self.a)):
            completion = x.get("/rest/db/completion", folder=FOLDER_ID, device=y.device_id)
            if completion["completion"] != 100 or completion["needItems"] != 0:
                return False
        return True

    def wait_in_sync(self, timeout: float = SYNC_TIMEOUT_S) -> None:
        """Scan both folders, then wait until the REST API says they match, twice running."""
        for instance in self.both:
            instance.scan()
        streak = [0]

        def settled() -> bool:
            streak[0] = streak[0] + 1 if self.in_sync() else 0
            return streak[0] >= 2

        _until("the folders to be in sync", settled, timeout, *self.both)

    def pause(self) -> None:
        """Cut the link both ways (for making a real conflict)."""
        self.a.post("/rest/system/pause", device=self.b.device_id)
        self.b.post("/rest/system/pause", device=self.a.device_id)
        _until("the link to drop", lambda: not self._any_connected(), START_TIMEOUT_S, *self.both)

    def resume(self) -> None:
        """Beta first: alpha dials the moment it resumes, and a paused peer refuses."""
        self.b.post("/rest/system/resume", device=self.a.device_id)
        self.a.post("/rest/system/resume", device=self.b.device_id)
        self.wait_connected()

    def _any_connected(self) -> bool:
        return any(
            x.get("/rest/system/connections")["connections"].get(y.device_id, {}).get("connected")
            for x, y in ((self.a, self.b), (self.b, self.a))
        )

    def close(self) -> None:
        """Ask each instance to shut down; one that does not within 20 s is killed."""
        for instance in self.both:
            if instance.process is None or instance.process.poll() is not None:
                continue
            with contextlib.suppress(urllib.error.URLError, ConnectionError, OSError):
                instance.post("/rest/system/shutdown")
        for instance in self.both:
            process = instance.process
            if process is None:
                continue
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=20)


def _pong(instance: Instance) -> bool:
    answer = instance.get("/rest/system/ping")
    return isinstance(answer, dict) and answer.get("ping") == "pong"


@contextlib.contextmanager
def syncthing_pair(base: Path) -> Iterator[SyncthingPair]:
    """Start a pair under `base`, yield it, and always shut both down."""
    pair = SyncthingPair(base)
    try:
        pair.start()
        yield pair
    finally:
        pair.close()


SLOW_AND_NEEDS_SYNCTHING = [
    pytest.mark.slow,
    # CI installs syncthing (.ci/run), so there this always runs.
    pytest.mark.skipif(
        not available() and not os.environ.get("CI"), reason="needs the syncthing package"
    ),
]
"""The marks of a test module that runs two Syncthing instances."""
