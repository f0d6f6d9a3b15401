"""REST calls and websocket commands to Home Assistant, over one HTTP session.

A ``HassClient`` acts as one signed-in user (or as nobody, for onboarding and
signing in). Its websocket is opened on the first command and authenticated
once; later commands reuse it with increasing ids.
"""

from __future__ import annotations

from typing import Any

import aiohttp

REQUEST_TIMEOUT = aiohttp.ClientTimeout(total=60)


class HassClient:
    """Talk to Home Assistant at ``url`` as the user ``access`` belongs to."""

    def __init__(
        self, session: aiohttp.ClientSession, url: str, access: str | None = None
    ) -> None:
        """Use ``session``; without ``access`` only unauthenticated calls work."""
        self.session = session
        self.url = url
        self.access = access
        self._socket: aiohttp.ClientWebSocketResponse | None = None
        self._next_id = 1

    def signed_in(self, access: str) -> HassClient:
        """Return a client for the user ``access`` belongs to, on the same session."""
        return HassClient(self.session, self.url, access)

    def _headers(self, access: str | None = None) -> dict[str, str]:
        token = access or self.access
        return {"Authorization": f"Bearer {token}"} if token else {}

    async def status(self, path: str, access: str | None = None) -> int:
        """GET ``path`` and return only the status (for probes; never raises on 4xx)."""
        async with self.session.get(
            f"{self.url}{path}", headers=self._headers(access)
        ) as response:
            return response.status

    async def get(self, path: str) -> Any:
        """GET ``path`` and return its JSON."""
        async with self.session.get(
            f"{self.url}{path}", headers=self._headers()
        ) as response:
            response.raise_for_status()
            return await response.json()

    async def post(self, path: str, body: dict[str, Any]) -> Any:
        """POST JSON to ``path`` and return its JSON; raise with the body on an error."""
        async with self.session.post(
            f"{self.url}{path}", json=body, headers=self._headers()
        ) as response:
            if response.status >= 400:
                raise RuntimeError(
                    f"POST {path} answered {response.status}: {await response.text()}"
                )
            return await response.json()

    async def post_form(self, path: str, data: dict[str, str]) -> Any:
        """POST a form to ``path`` (the token endpoint takes no JSON)."""
        async with self.session.post(f"{self.url}{path}", data=data) as response:
            response.raise_for_status()
            return await response.json()

    async def command(self, command: dict[str, Any]) -> Any:
        """Send a websocket command and return its result; raise if it failed."""
        reply = await self.command_reply(command)
        if not reply.get("success"):
            raise RuntimeError(f"{command['type']} failed: {reply.get('error')}")
        return reply["result"]

    async def command_reply(self, command: dict[str, Any]) -> dict[str, Any]:
        """Send a websocket command and return the whole reply."""
        socket = await self._connected()
        message_id = self._next_id
        self._next_id += 1
        await socket.send_json({"id": message_id, **command})
        while True:
            reply: dict[str, Any] = await socket.receive_json()
            if reply.get("id") == message_id:
                return reply

    async def _connected(self) -> aiohttp.ClientWebSocketResponse:
        """Open and authenticate the websocket once."""
        if self._socket is not None and not self._socket.closed:
            return self._socket
        socket = await self.session.ws_connect(f"{self.url}/api/websocket")
        await socket.receive_json()  # auth_required
        await socket.send_json({"type": "auth", "access_token": self.access})
        if (await socket.receive_json())["type"] != "auth_ok":
            await socket.close()
            raise RuntimeError("websocket authentication failed")
        self._socket = socket
        self._next_id = 1
        return socket

    async def close(self) -> None:
        """Close the websocket, if open."""
        if self._socket is not None:
            await self._socket.close()
            self._socket = None
