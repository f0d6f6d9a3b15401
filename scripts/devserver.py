"""Run a real Home Assistant with HA OpenAPI loaded, set up the way a user would.

Used by ``scripts/develop`` (interactive) and by the end-to-end test. It writes a
config folder (demo entities, lovelace in storage mode, automation/script/scene
includes, the integration linked in), starts ``python -m homeassistant``, completes
onboarding through HA's onboarding REST API, adds the integration through the
config-flow REST API, and makes long-lived tokens for an admin and a non-admin
user. Running it again on the same folder reuses the users and tokens.

Needs only the standard library and aiohttp (a Home Assistant dependency).
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass
import json
import os
from pathlib import Path
import secrets
import shlex
import signal
import socket
import subprocess
import sys
import time
from typing import Any
from urllib.parse import urlsplit

import aiohttp

REPO = Path(__file__).resolve().parent.parent
INTEGRATION = REPO / "custom_components" / "ha_openapi"
CREDENTIALS_FILE = ".ha_openapi-dev.json"
START_TIMEOUT = 600  # first start installs integration requirements
REQUEST_TIMEOUT = aiohttp.ClientTimeout(total=60)
DEMO_LIGHT = (
    "light.bed_light"  # off when the demo starts; the printed curl line turns it on
)

CONFIGURATION_YAML = """\
# Written by scripts/devserver.py for HA OpenAPI development.
homeassistant:
  name: HA OpenAPI development
  time_zone: Europe/Amsterdam
  unit_system: metric
  country: NL
  latitude: 52.37
  longitude: 4.89
  elevation: 0

http:
  # Set per run by scripts/devserver.py (--host, --port).
  server_host: !env_var HA_OPENAPI_DEV_HOST 127.0.0.1
  server_port: !env_var HA_OPENAPI_DEV_PORT 8123

api:
config:
onboarding:
{frontend}recorder:
  purge_keep_days: 3
history:
logger:
  default: warning
  logs:
    custom_components.ha_openapi: debug

demo:
lovelace:
automation: !include automations.yaml
script: !include scripts.yaml
scene: !include scenes.yaml
"""


@dataclass
class Credentials:
    """What an agent author needs, kept in the config folder between runs."""

    url: str
    admin_password: str
    agent_password: str
    admin_token: str = ""
    agent_token: str = ""


class DevServer:
    """A Home Assistant process and the credentials to use it."""

    def __init__(
        self, config_dir: Path, host: str, port: int, *, frontend: bool = True
    ) -> None:
        self.config_dir = config_dir
        self.frontend = frontend
        self.url = f"http://{host}:{port}"
        self.host = host
        self.port = port
        self.client_id = f"{self.url}/"
        self.process: subprocess.Popen[bytes] | None = None
        self.credentials: Credentials | None = None

    # -- config folder ---------------------------------------------------------

    def prepare_config(self) -> None:
        """Write the config folder, keeping anything a previous run left."""
        self.config_dir.mkdir(parents=True, exist_ok=True)
        configuration = self.config_dir / "configuration.yaml"
        if not configuration.exists():
            configuration.write_text(
                CONFIGURATION_YAML.format(
                    frontend="frontend:\nlogbook:\n" if self.frontend else "",
                )
            )
        for name, empty in (
            ("automations.yaml", "[]\n"),
            ("scripts.yaml", "{}\n"),
            ("scenes.yaml", "[]\n"),
        ):
            if not (self.config_dir / name).exists():
                (self.config_dir / name).write_text(empty)
        custom = self.config_dir / "custom_components"
        custom.mkdir(exist_ok=True)
        link = custom / "ha_openapi"
        if link.is_symlink() or link.exists():
            if link.resolve() == INTEGRATION:
                return
            link.unlink()
        link.symlink_to(INTEGRATION, target_is_directory=True)

    # -- process ---------------------------------------------------------------

    def start(self) -> None:
        """Start ``hass``; its console output goes to hass-console.log in the config folder."""
        log = (self.config_dir / "hass-console.log").open("ab")
        environment = os.environ | {
            "HA_OPENAPI_DEV_HOST": self.host,
            "HA_OPENAPI_DEV_PORT": str(self.port),
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "homeassistant", "--config", str(self.config_dir)],
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        log.close()

    def stop(self, timeout: float = 60) -> None:
        """Stop ``hass`` cleanly (SIGTERM), killing it only if it hangs."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def _check_alive(self) -> None:
        if self.process is not None and self.process.poll() is not None:
            tail = (self.config_dir / "hass-console.log").read_text(errors="replace")[
                -3000:
            ]
            raise RuntimeError(f"hass exited with {self.process.returncode}:\n{tail}")

    # -- setup through HA's REST and WebSocket APIs ----------------------------

    async def async_set_up(self) -> Credentials:
        """Onboard, add the integration and make tokens; reuse what exists."""
        async with aiohttp.ClientSession(timeout=REQUEST_TIMEOUT) as session:
            await self._wait_for_http(session)
            stored = self._load_credentials()
            access = await self._onboard_or_login(session, stored)
            await self._wait_until_running(session, access)
            if not await self._demo_loaded(session, access):
                # On a first start HA installs requirements while the demo already
                # loads its platforms, and the demo can lose that race; once they
                # are installed a restart always loads it.
                print(
                    "The demo integration failed to load; restarting Home Assistant once",
                    file=sys.stderr,
                    flush=True,
                )
                await asyncio.to_thread(self.stop)
                self.start()
                await self._wait_for_http(session)
                access = await self._login(session, "admin", stored.admin_password)
                await self._wait_until_running(session, access)
                if not await self._demo_loaded(session, access):
                    raise RuntimeError(
                        "the demo integration failed to load; see hass-console.log"
                    )
            await self._wait_for_entity(session, access, DEMO_LIGHT)
            await self._confirm_http_config(session, access)
            await self._ensure_config_entry(session, access)
            await self._ensure_agent_user(session, access, stored)
            stored.admin_token = await self._valid_token(
                session, stored.admin_token, access, "admin"
            )
            agent_access = await self._login(session, "agent", stored.agent_password)
            stored.agent_token = await self._valid_token(
                session, stored.agent_token, agent_access, "agent"
            )
            self._save_credentials(stored)
            self.credentials = stored
            return stored

    async def _poll[T](
        self, waiting_for: str, check: Callable[[], Awaitable[T | None]]
    ) -> T:
        """Call ``check`` every second until it returns something other than None."""
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            self._check_alive()
            if (result := await check()) is not None:
                return result
            await asyncio.sleep(1)
        raise TimeoutError(
            f"gave up waiting for {waiting_for} after {START_TIMEOUT} s; see hass-console.log"
        )

    async def _wait_for_http(self, session: aiohttp.ClientSession) -> None:
        async def answers() -> bool | None:
            try:
                # 401 is enough: the HTTP server is up. (/api/onboarding is only
                # served until onboarding is complete.)
                async with session.get(f"{self.url}/api/") as response:
                    return True if response.status in (200, 401) else None
            except aiohttp.ClientError:
                return None

        await self._poll(f"Home Assistant to answer at {self.url}", answers)

    def _load_credentials(self) -> Credentials:
        path = self.config_dir / CREDENTIALS_FILE
        if path.exists():
            stored = Credentials(**json.loads(path.read_text()))
            stored.url = self.url
            return stored
        return Credentials(
            url=self.url,
            admin_password=secrets.token_urlsafe(12),
            agent_password=secrets.token_urlsafe(12),
        )

    def _save_credentials(self, credentials: Credentials) -> None:
        path = self.config_dir / CREDENTIALS_FILE
        path.write_text(json.dumps(asdict(credentials), indent=2))
        path.chmod(0o600)

    async def _onboard_or_login(
        self, session: aiohttp.ClientSession, stored: Credentials
    ) -> str:
        """Complete onboarding on a new instance; log in as admin on a known one."""
        async with session.get(f"{self.url}/api/onboarding") as response:
            # Once onboarding is complete the onboarding views are not registered.
            onboarded = response.status == 404 or any(
                step["step"] == "user" and step["done"]
                for step in await response.json()
            )
        if onboarded:
            return await self._login(session, "admin", stored.admin_password)
        self._save_credentials(
            stored
        )  # before the user exists, so a crash can't lose it
        auth_code = (
            await self._post(
                session,
                "/api/onboarding/users",
                {
                    "client_id": self.client_id,
                    "name": "Admin",
                    "username": "admin",
                    "password": stored.admin_password,
                    "language": "en",
                },
            )
        )["auth_code"]
        access = await self._token(session, auth_code)
        await self._post(session, "/api/onboarding/core_config", {}, access)
        await self._post(session, "/api/onboarding/analytics", {}, access)
        await self._post(
            session,
            "/api/onboarding/integration",
            {
                "client_id": self.client_id,
                "redirect_uri": f"{self.url}/?auth_callback=1",
            },
            access,
        )
        return access

    async def _login(
        self, session: aiohttp.ClientSession, username: str, password: str
    ) -> str:
        """Log in through HA's login flow, as the frontend does; return an access token."""
        flow = await self._post(
            session,
            "/auth/login_flow",
            {
                "client_id": self.client_id,
                "handler": ["homeassistant", None],
                "redirect_uri": f"{self.url}/?auth_callback=1",
            },
        )
        result = await self._post(
            session,
            f"/auth/login_flow/{flow['flow_id']}",
            {"client_id": self.client_id, "username": username, "password": password},
        )
        if result.get("type") != "create_entry":
            raise RuntimeError(f"login as {username} failed: {result}")
        return await self._token(session, result["result"])

    async def _token(self, session: aiohttp.ClientSession, auth_code: str) -> str:
        data = {
            "grant_type": "authorization_code",
            "code": auth_code,
            "client_id": self.client_id,
        }
        async with session.post(f"{self.url}/auth/token", data=data) as response:
            response.raise_for_status()
            token: str = (await response.json())["access_token"]
            return token

    async def _wait_until_running(
        self, session: aiohttp.ClientSession, access: str
    ) -> None:
        """HA answers HTTP before it has started everything; wait for RUNNING."""

        async def running() -> bool | None:
            config = await self._get(session, "/api/config", access)
            return True if config.get("state") == "RUNNING" else None

        await self._poll("the RUNNING state", running)

    async def _demo_loaded(self, session: aiohttp.ClientSession, access: str) -> bool:
        """Wait for the demo config entry to settle; return whether it loaded."""

        async def settled() -> bool | None:
            entries = await self._get(
                session, "/api/config/config_entries/entry?domain=demo", access
            )
            states = {entry["state"] for entry in entries}
            if "loaded" in states:
                return True
            if states & {"setup_error", "setup_retry", "migration_error"}:
                return False
            return None

        return await self._poll("the demo integration to set up", settled)

    async def _wait_for_entity(
        self, session: aiohttp.ClientSession, access: str, entity_id: str
    ) -> None:
        """Wait for an entity: the demo integration adds them after HA reports RUNNING."""
        headers = {"Authorization": f"Bearer {access}"}

        async def exists() -> bool | None:
            async with session.get(
                f"{self.url}/api/states/{entity_id}", headers=headers
            ) as response:
                return True if response.status == 200 else None

        await self._poll(entity_id, exists)

    async def _confirm_http_config(
        self, session: aiohttp.ClientSession, access: str
    ) -> None:
        """Confirm the http settings we just reached HA through (HA 2026.10+).

        From 2026.10 HA moves the YAML http settings into storage on the first
        start as a trial, and reverts them (restarting) after five minutes unless
        a user confirms they work, which is what this does. Later starts use the
        stored settings, so the port stays the one of the first run.
        """
        reply = await self._ws_reply(session, access, {"type": "http/config"})
        if not reply.get("success"):
            return  # before 2026.10: YAML is the http config
        if reply["result"].get("active_config_type") == "pending":
            await self._ws(session, access, {"type": "http/config/promote"})

    async def _ensure_config_entry(
        self, session: aiohttp.ClientSession, access: str
    ) -> None:
        """Add HA OpenAPI through the config-flow REST API, as the UI does."""
        entries = await self._get(
            session, "/api/config/config_entries/entry?domain=ha_openapi", access
        )
        if entries:
            return
        flow = await self._post(
            session,
            "/api/config/config_entries/flow",
            {"handler": "ha_openapi"},
            access,
        )
        if flow.get("type") == "form":
            flow = await self._post(
                session,
                f"/api/config/config_entries/flow/{flow['flow_id']}",
                {},
                access,
            )
        if flow.get("type") != "create_entry":
            raise RuntimeError(f"adding HA OpenAPI failed: {flow}")

    async def _ensure_agent_user(
        self, session: aiohttp.ClientSession, access: str, stored: Credentials
    ) -> None:
        """Create the non-admin user 'agent' unless it exists."""
        users = await self._ws(session, access, {"type": "config/auth/list"})
        if any(user["username"] == "agent" for user in users if user.get("username")):
            return
        created = await self._ws(
            session,
            access,
            {
                "type": "config/auth/create",
                "name": "Agent (non-admin)",
                "group_ids": ["system-users"],
                "local_only": False,
            },
        )
        await self._ws(
            session,
            access,
            {
                "type": "config/auth_provider/homeassistant/create",
                "user_id": created["user"]["id"],
                "username": "agent",
                "password": stored.agent_password,
            },
        )

    async def _valid_token(
        self, session: aiohttp.ClientSession, token: str, access: str, who: str
    ) -> str:
        """Return ``token`` if it still works, else a new long-lived token."""
        if token:
            async with session.get(
                f"{self.url}/api/", headers={"Authorization": f"Bearer {token}"}
            ) as response:
                if response.status == 200:
                    return token
        new_token: str = await self._ws(
            session,
            access,
            {
                "type": "auth/long_lived_access_token",
                "client_name": f"HA OpenAPI development ({who}, {int(time.time())})",
                "lifespan": 3650,
            },
        )
        return new_token

    async def _get(self, session: aiohttp.ClientSession, path: str, access: str) -> Any:
        headers = {"Authorization": f"Bearer {access}"}
        async with session.get(f"{self.url}{path}", headers=headers) as response:
            response.raise_for_status()
            return await response.json()

    async def _post(
        self,
        session: aiohttp.ClientSession,
        path: str,
        body: dict[str, Any],
        access: str | None = None,
    ) -> Any:
        headers = {"Authorization": f"Bearer {access}"} if access else {}
        async with session.post(
            f"{self.url}{path}", json=body, headers=headers
        ) as response:
            if response.status >= 400:
                raise RuntimeError(
                    f"POST {path} answered {response.status}: {await response.text()}"
                )
            return await response.json()

    async def _ws(
        self, session: aiohttp.ClientSession, access: str, command: dict[str, Any]
    ) -> Any:
        """Send one WebSocket command and return its result."""
        reply = await self._ws_reply(session, access, command)
        if not reply.get("success"):
            raise RuntimeError(f"{command['type']} failed: {reply.get('error')}")
        return reply["result"]

    async def _ws_reply(
        self, session: aiohttp.ClientSession, access: str, command: dict[str, Any]
    ) -> dict[str, Any]:
        """Send one WebSocket command and return the whole reply."""
        async with session.ws_connect(f"{self.url}/api/websocket") as socket:
            await socket.receive_json()  # auth_required
            await socket.send_json({"type": "auth", "access_token": access})
            if (await socket.receive_json())["type"] != "auth_ok":
                raise RuntimeError("WebSocket authentication failed")
            await socket.send_json({"id": 1, **command})
            reply: dict[str, Any] = await socket.receive_json()
        return reply


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


def _stored_port(config_dir: Path) -> int | None:
    """Return the port of an earlier run of this folder (HA 2026.10+ keeps it)."""
    path = config_dir / CREDENTIALS_FILE
    if not path.exists():
        return None
    url: str = json.loads(path.read_text())["url"]
    return urlsplit(url).port


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
    args = parser.parse_args()

    # SIGTERM (a supervisor, a test) ends the run like Ctrl-C, so hass is stopped too.
    signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)
    port = _stored_port(args.config) or args.port or _free_port(args.host)
    server = DevServer(
        args.config.resolve(), args.host, port, frontend=not args.no_frontend
    )
    server.prepare_config()
    print(
        f"Starting Home Assistant in {server.config_dir} ...",
        file=sys.stderr,
        flush=True,
    )
    server.start()
    try:
        credentials = asyncio.run(server.async_set_up())
        print(
            json.dumps(asdict(credentials)) if args.json else usage_text(credentials),
            flush=True,
        )
        assert server.process is not None
        server.process.wait()
    except KeyboardInterrupt:
        print("\nStopping Home Assistant ...", file=sys.stderr, flush=True)
    finally:
        server.stop()
    return server.process.returncode if server.process else 1


if __name__ == "__main__":
    os.umask(0o022)
    sys.exit(main())
