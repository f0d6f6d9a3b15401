"""Run a real Home Assistant with HA OpenAPI loaded, set up the way a user would.

Used by ``scripts/develop`` (interactive) and by the end-to-end test. It writes a
config folder, starts ``python -m homeassistant``, completes onboarding, adds the
integration through the config-flow REST API and makes long-lived tokens for an
admin and a non-admin user (see the ``devhass`` package for each part). Running
it again on the same folder reuses the users and tokens.
"""

from __future__ import annotations

import argparse
import asyncio
from dataclasses import asdict
import json
import os
from pathlib import Path
import shlex
import signal
import socket
import sys

from devhass import folder
from devhass.folder import Credentials
from devhass.process import HassProcess
from devhass.setup import DEMO_LIGHT, async_set_up


def usage_text(credentials: Credentials) -> str:
    """Return what to paste: URL, tokens and curl lines."""
    base = f"{credentials.url}/api/ha_openapi"
    admin = shlex.quote(f"Authorization: Bearer {credentials.admin_token}")
    body = shlex.quote(
        json.dumps(
            {
                "domain": "light",
                "service": "turn_on",
                "target": {"entity_id": DEMO_LIGHT},
                "data": {"brightness_pct": 40},
            }
        )
    )
    return f"""
Home Assistant with HA OpenAPI is running at {credentials.url}
  UI login: admin / {credentials.admin_password}   (non-admin: agent / {credentials.agent_password})

Admin token:
  {credentials.admin_token}
Non-admin token:
  {credentials.agent_token}

Try:
  curl -s -H {admin} {base}/openapi.json
  curl -s -H {admin} -H 'Content-Type: application/json' -d {body} {base}/ha_call_service
  curl -s -H {shlex.quote(f"Authorization: Bearer {credentials.agent_token}")} {base}/health

Open WebUI: Settings > Tools > add an OpenAPI server with URL {base} and the token as bearer key.
Press Ctrl-C to stop.
"""


def _free_port(host: str) -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        port: int = probe.getsockname()[1]
        return port


def _raise_keyboard_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main() -> int:
    """Start, set up, print, and wait for Ctrl-C."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--config", type=Path, required=True, help="config folder to use"
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument(
        "--port",
        type=int,
        default=8123,
        help="port of the first run (0 picks a free one); later runs keep it",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="print the credentials as JSON instead of text",
    )
    parser.add_argument(
        "--no-frontend",
        action="store_true",
        help="leave the web UI out of a new config folder (faster first start)",
    )
    parser.add_argument(
        "--skip-pip",
        action="store_true",
        help="never let Home Assistant install requirements into this venv",
    )
    args = parser.parse_args()

    # SIGTERM (a supervisor, a test) ends the run like Ctrl-C, so hass is stopped too.
    signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)
    config_dir = args.config.resolve()
    port = folder.stored_port(config_dir) or args.port or _free_port(args.host)
    folder.prepare(config_dir, args.host, port, frontend=not args.no_frontend)
    process = HassProcess(config_dir, args.host, port, skip_pip=args.skip_pip)
    print(f"Starting Home Assistant in {config_dir} ...", file=sys.stderr, flush=True)
    process.start()
    try:
        credentials = asyncio.run(async_set_up(process, f"http://{args.host}:{port}"))
        print(
            json.dumps(asdict(credentials)) if args.json else usage_text(credentials),
            flush=True,
        )
        process.wait()
    except KeyboardInterrupt:
        print("\nStopping Home Assistant ...", file=sys.stderr, flush=True)
    finally:
        process.stop()
    return process.returncode if process.returncode is not None else 1


if __name__ == "__main__":
    os.umask(0o022)
    sys.exit(main())
