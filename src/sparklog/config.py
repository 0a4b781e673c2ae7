"""The optional TOML configuration file; every key has a default."""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

from sparklog.errors import ConfigError
from sparklog.paths import config_path

WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class Config(NamedTuple):
    rollover_hour: int = 4
    week_start: int = 0  # 0 = Monday, 6 = Sunday, as date.weekday()
    ratio_target: float = 5.0
    partner_name: str | None = None
    editor: str | None = None
    checkin_ritual: str | None = None
    """The ritual `checkin` checks off when a check-in ends (None: none)."""
    risk_hour: int = 18  # from this hour of the journal day on, an open streak is "at risk"
    sync_auto: bool = False
    """`[sync] auto = true`: writes send their change at once, daily views read new ones first."""
    path: Path | None = None


def _rollover(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 23:
        raise ConfigError(f"{where}: rollover_hour must be a whole hour from 0 to 23")
    return value


def _risk(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 23:
        raise ConfigError(f"{where}: risk_hour must be a whole hour from 0 to 23 (18 is 6 pm)")
    return value


def _week_start(value: Any, where: str) -> int:
    if isinstance(value, str) and value.strip().lower() in ("monday", "sunday"):
        return WEEKDAY_NAMES.index(value.strip().lower())
    raise ConfigError(f'{where}: week_start must be "monday" or "sunday"')


def _ratio(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 100:
        raise ConfigError(f"{where}: ratio_target must be a number above 0 (5 is the usual)")
    return float(value)


def _text(key: str, value: Any, where: str) -> str | None:
    if not isinstance(value, str):
        raise ConfigError(f"{where}: {key} must be a quoted string")
    return value.strip() or None


def _sync(value: Any, where: str) -> bool:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: sync must be a table ([sync] with auto = true or false)")
    for key in value:
        if key != "auto":
            raise ConfigError(f"{where}: unknown key sync.{key} (known keys: sync.auto)")
    auto = value.get("auto", False)
    if not isinstance(auto, bool):
        raise ConfigError(f"{where}: sync.auto must be true or false")
    return auto


def parse_config(data: dict[str, Any], path: Path | None) -> Config:
    """Check every key and value; the first problem is one error naming the key."""
    where = str(path) if path else "config"
    known = {
        "rollover_hour",
        "week_start",
        "ratio_target",
        "partner_name",
        "editor",
        "checkin_ritual",
        "risk_hour",
        "sync",
    }
    for key in data:
        if key not in known:
            names = ", ".join(sorted(known))
            raise ConfigError(f"{where}: unknown key {key!r} (known keys: {names})")
    return Config(
        rollover_hour=_rollover(data["rollover_hour"], where) if "rollover_hour" in data else 4,
        week_start=_week_start(data["week_start"], where) if "week_start" in data else 0,
        ratio_target=_ratio(data["ratio_target"], where) if "ratio_target" in data else 5.0,
        partner_name=(
            _text("partner_name", data["partner_name"], where) if "partner_name" in data else None
        ),
        editor=_text("editor", data["editor"], where) if "editor" in data else None,
        checkin_ritual=(
            _text("checkin_ritual", data["checkin_ritual"], where)
            if "checkin_ritual" in data
            else None
        ),
        risk_hour=_risk(data["risk_hour"], where) if "risk_hour" in data else 18,
        sync_auto=_sync(data["sync"], where) if "sync" in data else False,
        path=path,
    )


def load_config(path: Path | None = None) -> Config:
    """Read the configuration file; a missing file means every default."""
    path = path or config_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Config(path=path)
    except IsADirectoryError:
        raise ConfigError(f"{path}: is a folder, expected a TOML file") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror})") from None
    import tomllib  # only when there is a file: its import compiles several regexes

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: is not valid TOML ({exc})") from None
    return parse_config(data, path)
