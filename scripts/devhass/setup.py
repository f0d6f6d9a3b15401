"""Set Home Assistant up the way a user would, through its own REST and websocket APIs.

Onboard a new instance (or sign in to a known one), wait until it runs with the
demo entities, confirm the http settings (HA 2026.10+), add HA OpenAPI through
the config-flow REST API, create the non-admin user ``agent`` and make (or
reuse) long-lived tokens for both users.
"""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Awaitable, Callable
import json
import sys
import time

import aiohttp

from .client import REQUEST_TIMEOUT, HassClient
from .folder import Credentials, load_credentials, save_credentials
from .process import HassProcess

START_TIMEOUT = 600  # a first start installs integration requirements
# Off when the demo starts; the printed curl line turns it on.
DEMO_LIGHT = "light.bed_light"


async def async_set_up(process: HassProcess, url: str) -> Credentials:
    """Onboard, add the integration and make tokens; reuse what exists."""
    async with aiohttp.ClientSession(timeout=REQUEST_TIMEOUT) as session:
        anonymous = HassClient(session, url)
        await _wait_for_http(process, anonymous)
        stored = load_credentials(process.config_dir, url)
        admin = await _onboard_or_sign_in(process, anonymous, stored)
        await _wait_until_running(process, admin)
        if not await _demo_loaded(process, admin):
            # On a first start HA installs requirements while the demo already
            # loads its platforms, and the demo can lose that race; once they are
            # installed a restart always loads it.
            print(
                "The demo integration failed to load; restarting Home Assistant once",
                file=sys.stderr,
                flush=True,
            )
            await admin.close()
            await asyncio.to_thread(process.stop)
            process.start()
            await _wait_for_http(process, anonymous)
            admin = await _sign_in(anonymous, "admin", stored.admin_password)
            await _wait_until_running(process, admin)
            if not await _demo_loaded(process, admin):
                raise RuntimeError(
                    "the demo integration failed to load; see hass-console.log"
                )
        await _wait_for_entity(process, admin, DEMO_LIGHT)
        await _confirm_http_config(admin)
        await _ensure_config_entry(admin)
        await _ensure_agent_user(admin, stored)
        stored.admin_token = await _valid_token(admin, stored.admin_token, "admin")
        agent = await _sign_in(anonymous, "agent", stored.agent_password)
        stored.agent_token = await _valid_token(agent, stored.agent_token, "agent")
        await admin.close()
        await agent.close()
    save_credentials(process.config_dir, stored)
    return stored


async def _poll[T](
    process: HassProcess, waiting_for: str, check: Callable[[], Awaitable[T | None]]
) -> T:
    """Call ``check`` every second until it returns something other than None."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        process.check_alive()
        if (result := await check()) is not None:
            return result
        await asyncio.sleep(1)
    raise TimeoutError(
        f"gave up waiting for {waiting_for} after {START_TIMEOUT} s; see hass-console.log"
    )


async def _wait_for_http(process: HassProcess, anonymous: HassClient) -> None:
    async def answers() -> bool | None:
        try:
            # Any answer means the server is up. Not /api/: without a token it
            # answers 401, which Home Assistant counts as a failed login and
            # reports in a notification.
            await anonymous.status("/auth/providers")
        except aiohttp.ClientError:
            return None
        return True

    await _poll(process, f"Home Assistant to answer at {anonymous.url}", answers)


async def _onboard_or_sign_in(
    process: HassProcess, anonymous: HassClient, stored: Credentials
) -> HassClient:
    """Complete onboarding on a new instance; sign in as admin on a known one."""
    onboarded = await anonymous.status("/api/onboarding") == 404 or any(
        step["step"] == "user" and step["done"]
        for step in await anonymous.get("/api/onboarding")
    )
    if onboarded:
        return await _sign_in(anonymous, "admin", stored.admin_password)
    # Saved before the user exists, so a crash can't lose the password.
    save_credentials(process.config_dir, stored)
    client_id = f"{anonymous.url}/"
    created = await anonymous.post(
        "/api/onboarding/users",
        {
            "client_id": client_id,
            "name": "Admin",
            "username": "admin",
            "password": stored.admin_password,
            "language": "en",
        },
    )
    admin = anonymous.signed_in(await _token(anonymous, created["auth_code"]))
    await admin.post("/api/onboarding/core_config", {})
    await admin.post("/api/onboarding/analytics", {})
    await admin.post(
        "/api/onboarding/integration",
        {"client_id": client_id, "redirect_uri": f"{anonymous.url}/?auth_callback=1"},
    )
    return admin


async def _sign_in(anonymous: HassClient, username: str, password: str) -> HassClient:
    """Sign in through HA's login flow, as the frontend does."""
    client_id = f"{anonymous.url}/"
    flow = await anonymous.post(
        "/auth/login_flow",
        {
            "client_id": client_id,
            "handler": ["homeassistant", None],
            "redirect_uri": f"{anonymous.url}/?auth_callback=1",
        },
    )
    result = await anonymous.post(
        f"/auth/login_flow/{flow['flow_id']}",
        {"client_id": client_id, "username": username, "password": password},
    )
    if result.get("type") != "create_entry":
        raise RuntimeError(f"login as {username} failed: {result}")
    return anonymous.signed_in(await _token(anonymous, result["result"]))


async def _token(anonymous: HassClient, auth_code: str) -> str:
    reply = await anonymous.post_form(
        "/auth/token",
        {
            "grant_type": "authorization_code",
            "code": auth_code,
            "client_id": f"{anonymous.url}/",
        },
    )
    token: str = reply["access_token"]
    return token


async def _wait_until_running(process: HassProcess, admin: HassClient) -> None:
    """HA answers HTTP before it has started everything; wait for RUNNING."""

    async def running() -> bool | None:
        config = await admin.get("/api/config")
        return True if config.get("state") == "RUNNING" else None

    await _poll(process, "the RUNNING state", running)


async def _demo_loaded(process: HassProcess, admin: HassClient) -> bool:
    """Wait for the demo config entry to settle; return whether it loaded."""

    async def settled() -> bool | None:
        entries = await admin.get("/api/config/config_entries/entry?domain=demo")
        states = {entry["state"] for entry in entries}
        if "loaded" in states:
            return True
        if states & {"setup_error", "setup_retry", "migration_error"}:
            return False
        return None

    return await _poll(process, "the demo integration to set up", settled)


async def _wait_for_entity(
    process: HassProcess, admin: HassClient, entity_id: str
) -> None:
    """Wait for an entity: the demo integration adds them after HA reports RUNNING."""

    async def exists() -> bool | None:
        return True if await admin.status(f"/api/states/{entity_id}") == 200 else None

    await _poll(process, entity_id, exists)


async def _confirm_http_config(admin: HassClient) -> None:
    """Confirm the http settings we just reached HA through (HA 2026.10+).

    From 2026.10 HA moves the YAML http settings into storage on the first start
    as a trial, and reverts them (restarting) after five minutes unless a user
    confirms they work, which is what this does. Later starts use the stored
    settings, so the port stays the one of the first run.
    """
    reply = await admin.command_reply({"type": "http/config"})
    if not reply.get("success"):
        return  # before 2026.10: YAML is the http config
    if reply["result"].get("active_config_type") == "pending":
        await admin.command({"type": "http/config/promote"})


async def _ensure_config_entry(admin: HassClient) -> None:
    """Add HA OpenAPI through the config-flow REST API, as the UI does."""
    if await admin.get("/api/config/config_entries/entry?domain=ha_openapi"):
        return
    flow = await admin.post(
        "/api/config/config_entries/flow", {"handler": "ha_openapi"}
    )
    if flow.get("type") == "form":
        flow = await admin.post(
            f"/api/config/config_entries/flow/{flow['flow_id']}", {}
        )
    if flow.get("type") != "create_entry":
        raise RuntimeError(f"adding HA OpenAPI failed: {flow}")


async def _ensure_agent_user(admin: HassClient, stored: Credentials) -> None:
    """Create the non-admin user 'agent' unless it exists."""
    users = await admin.command({"type": "config/auth/list"})
    if any(user["username"] == "agent" for user in users if user.get("username")):
        return
    created = await admin.command(
        {
            "type": "config/auth/create",
            "name": "Agent (non-admin)",
            "group_ids": ["system-users"],
            "local_only": False,
        }
    )
    await admin.command(
        {
            "type": "config/auth_provider/homeassistant/create",
            "user_id": created["user"]["id"],
            "username": "agent",
            "password": stored.agent_password,
        }
    )


async def _valid_token(user: HassClient, token: str, who: str) -> str:
    """Return ``token`` if it is still one of ``user``'s, else a new long-lived token.

    A long-lived token names its refresh token in its ``iss`` claim. Looking the
    claim up never sends the token, so a revoked token is not a failed login (which
    Home Assistant would report in a notification).
    """
    if token and _refresh_token_id(token) in {
        refresh["id"] for refresh in await user.command({"type": "auth/refresh_tokens"})
    }:
        return token
    new_token: str = await user.command(
        {
            "type": "auth/long_lived_access_token",
            "client_name": f"HA OpenAPI development ({who}, {int(time.time())})",
            "lifespan": 3650,
        }
    )
    return new_token


def _refresh_token_id(token: str) -> str | None:
    """Return the ``iss`` claim of an access token (a JWT), unverified."""
    try:
        payload = token.split(".")[1]
        claims = json.loads(
            base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
        )
    except IndexError, ValueError:
        return None
    issuer = claims.get("iss") if isinstance(claims, dict) else None
    return issuer if isinstance(issuer, str) else None
