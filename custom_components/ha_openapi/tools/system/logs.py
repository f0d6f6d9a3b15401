"""ha_get_system_log and ha_get_error_log: what Home Assistant logged, with secrets masked.

Logs carry what integrations print: URLs with tokens, request headers, config
with passwords. Before a line leaves, the values of ``secrets.yaml``, bearer
and basic credentials, JSON Web Tokens (Home Assistant's access tokens) and the
values of keys that name a secret (token, password, api_key...) are masked.
"""

from __future__ import annotations

from collections.abc import Iterable
import os
from pathlib import Path
import re
from typing import Any

from homeassistant.const import KEY_DATA_LOGGING
from homeassistant.core import HomeAssistant
from homeassistant.helpers import config_validation as cv
from homeassistant.util import dt as dt_util
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
import voluptuous as vol

from ...const import ToolCategory
from ...framework.errors import Conflict, Unavailable
from ...framework.tool import TOOLS, ToolCall

MASK = "***"
MAX_ENTRIES = 200
MAX_LINES = 1000
# The tail of the log file read to find the lines asked for.
MAX_TAIL_BYTES = 2 * 1024 * 1024
MAX_TRACEBACK = 3000
LEVELS = ("debug", "info", "warning", "error", "critical")

_AUTHORIZATION = re.compile(r"\b(bearer|basic)(\s+)[\w.~+/-]+=*", re.IGNORECASE)
_JWT = re.compile(r"\beyJ[\w-]+\.[\w-]+\.[\w-]+")
_SECRET_VALUE = re.compile(
    r"(?P<key>[\w.-]*(?:token|password|passwd|secret|api[_-]?key)[\w.-]*)"
    r"(?P<sep>[\"']?\s*[:=]\s*)"
    r"(?P<value>\"[^\"]*\"|'[^']*'|[^\s\"',;&}]+)",
    re.IGNORECASE,
)
_LINE_START = re.compile(
    r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[+-]\d{2}:\d{2})? "
    r"(DEBUG|INFO|WARNING|ERROR|CRITICAL) "
)
_INTEGRATION = re.compile(r"^(?:homeassistant\.components|custom_components)\.(\w+)")


def secret_values(config_dir: str) -> list[str]:
    """Return the values in secrets.yaml worth masking, longest first; blocking."""
    try:
        text = Path(config_dir, "secrets.yaml").read_text(encoding="utf-8")
        secrets = YAML(typ="safe", pure=True).load(text)
    except OSError, YAMLError, UnicodeDecodeError:
        return []
    if not isinstance(secrets, dict):
        return []
    values = {str(value) for value in secrets.values() if value is not None}
    # Short values (ports, "on") would mask half the log and hide nothing.
    return sorted((value for value in values if len(value) >= 4), key=len, reverse=True)


def redact(text: str, secrets: Iterable[str]) -> str:
    """Mask secrets' values, credentials, tokens and values of secret-named keys.

    A value found after a secret-named key is masked wherever else it appears
    in ``text`` too (a traceback repeating the password, say).
    """
    found = [match["value"].strip("\"'") for match in _SECRET_VALUE.finditer(text)]
    found += [match[0].split()[-1] for match in _AUTHORIZATION.finditer(text)]
    found += _JWT.findall(text)
    for value in sorted(
        {*secrets, *(value for value in found if len(value) >= 4)},
        key=len,
        reverse=True,
    ):
        text = text.replace(value, MASK)
    text = _AUTHORIZATION.sub(lambda match: f"{match[1]}{match[2]}{MASK}", text)
    return _SECRET_VALUE.sub(lambda match: f"{match['key']}{match['sep']}{MASK}", text)


def integration_of(logger: str) -> str | None:
    """Return the integration a logger belongs to, if it names one."""
    match = _INTEGRATION.match(logger)
    return match[1] if match else None


def _moment(timestamp: float) -> str:
    return dt_util.as_local(dt_util.utc_from_timestamp(timestamp)).isoformat(
        timespec="seconds"
    )


_FILTERS = {
    vol.Optional("text", description="Only entries with this text (any case)"): vol.All(
        cv.string, vol.Length(min=1, max=200)
    ),
    vol.Optional(
        "integration",
        description="Only this integration or logger",
    ): vol.All(cv.string, vol.Length(min=1, max=200)),
}


@TOOLS.tool(
    name="ha_get_system_log",
    description=(
        "Logged warnings and errors (Settings > System > Logs) with counts, filterable; secrets masked."
    ),
    category=ToolCategory.SYSTEM,
    parameters=vol.Schema(
        {
            vol.Optional("level", description="Only this level"): vol.In(
                ("warning", "error", "critical")
            ),
            **_FILTERS,
            vol.Optional(
                "include_traceback",
                default=False,
                description="Add the traceback's end",
            ): cv.boolean,
            vol.Optional(
                "limit",
                default=50,
                description=f"At most this many, 1 to {MAX_ENTRIES}.",
            ): vol.All(vol.Coerce(int), vol.Range(min=1, max=MAX_ENTRIES)),
        }
    ),
    result={
        "type": "object",
        "properties": {
            "entries": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "level": {"type": "string"},
                        "logger": {"type": "string"},
                        "integration": {"type": ["string", "null"]},
                        "message": {"type": "string"},
                        "source": {"type": "string"},
                        "count": {"type": "integer"},
                        "first_seen": {"type": "string"},
                        "last_seen": {"type": "string"},
                        "traceback": {"type": "string"},
                    },
                    "required": ["level", "logger", "message", "count", "last_seen"],
                },
            },
            "more": {"type": "integer", "description": "Matching entries left out."},
        },
        "required": ["entries", "more"],
    },
    read_only=True,
    requires_admin=True,
    requires_components=("system_log",),
)
async def get_system_log(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Read the system log's deduplicated entries, newest first."""
    handler = call.hass.data["system_log"]
    secrets = await call.hass.async_add_executor_job(
        secret_values, call.hass.config.config_dir
    )
    wanted_level = args.get("level")
    wanted_integration = (args.get("integration") or "").lower()
    wanted_text = (args.get("text") or "").casefold()
    entries = []
    for record in handler.records.to_list():
        logger = str(record["name"])
        message = redact("\n".join(record["message"]), secrets)
        if wanted_level and record["level"].lower() != wanted_level:
            continue
        if wanted_integration and wanted_integration not in logger.lower():
            continue
        if wanted_text and wanted_text not in message.casefold():
            continue
        source = record["source"]
        entry: dict[str, Any] = {
            "level": record["level"].lower(),
            "logger": logger,
            "integration": integration_of(logger),
            "message": message,
            "source": ":".join(str(part) for part in source)
            if isinstance(source, (list, tuple))
            else str(source),
            "count": record["count"],
            "first_seen": _moment(record["first_occurred"]),
            "last_seen": _moment(record["timestamp"]),
        }
        if args["include_traceback"] and record.get("exception"):
            entry["traceback"] = redact(record["exception"], secrets)[-MAX_TRACEBACK:]
        entries.append(entry)
    return {
        "entries": entries[: args["limit"]],
        "more": max(0, len(entries) - args["limit"]),
    }


def _tail(path: str) -> list[str]:
    """Return the log's records (a line and its continuation lines) from its end; blocking."""
    with open(path, "rb") as file:
        file.seek(0, os.SEEK_END)
        size = file.tell()
        file.seek(max(0, size - MAX_TAIL_BYTES))
        data = file.read()
    lines = data.decode("utf-8", errors="replace").splitlines()
    if size > MAX_TAIL_BYTES:
        lines = lines[1:]  # cut in the middle
    records: list[str] = []
    for line in lines:
        if _LINE_START.match(line) or not records:
            records.append(line)
        else:
            records[-1] += "\n" + line
    return records


@TOOLS.tool(
    name="ha_get_error_log",
    description=(
        "Tail of home-assistant.log with tracebacks, filtered by level, integration, text; secrets masked."
    ),
    category=ToolCategory.SYSTEM,
    parameters=vol.Schema(
        {
            vol.Optional("level", description="Minimum level"): vol.In(LEVELS),
            **_FILTERS,
            vol.Optional(
                "lines",
                default=100,
                description=f"Records to return, 1 to {MAX_LINES}.",
            ): vol.All(vol.Coerce(int), vol.Range(min=1, max=MAX_LINES)),
        }
    ),
    result={
        "type": "object",
        "properties": {
            "records": {"type": "array", "items": {"type": "string"}},
            "log_file": {"type": "string"},
        },
        "required": ["records", "log_file"],
    },
    read_only=True,
    requires_admin=True,
)
async def get_error_log(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Read the end of the log file in the executor, filter and mask it."""
    hass: HomeAssistant = call.hass
    if not (path := hass.data.get(KEY_DATA_LOGGING)):
        raise Unavailable(
            "Home Assistant is not writing a log file (it was started with "
            "--log-no-file, or logging to a file is off); ha_get_system_log has its "
            "warnings and errors"
        )

    def read() -> tuple[list[str], list[str]]:
        return _tail(str(path)), secret_values(hass.config.config_dir)

    try:
        records, secrets = await hass.async_add_executor_job(read)
    except FileNotFoundError:
        raise Conflict(
            f"the log file {os.path.basename(str(path))} does not exist yet"
        ) from None
    minimum = LEVELS.index(args["level"]) if "level" in args else 0
    wanted_integration = (args.get("integration") or "").lower()
    wanted_text = (args.get("text") or "").casefold()
    kept = []
    for record in records:
        level = _LINE_START.match(record)
        if level and LEVELS.index(level[1].lower()) < minimum:
            continue
        if not level and minimum:
            continue
        if wanted_integration and wanted_integration not in record.lower():
            continue
        masked = redact(record, secrets)
        if wanted_text and wanted_text not in masked.casefold():
            continue
        kept.append(masked)
    return {
        "records": kept[-args["lines"] :],
        "log_file": os.path.basename(str(path)),
    }
