"""What a tool is, the call it receives, and the registry every tool is listed in.

A tool is a name, a description written for an LLM, a voluptuous schema for its
arguments, a JSON schema for its result, a few flags and an async handler: the
same shape as Home Assistant's ``llm.Tool``, so the one definition feeds request
validation, the OpenAPI spec and (later) an LLM API. Tool modules declare tools
with ``TOOLS.tool(...)``; nothing else about dispatch, policy or output lives in them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass, field
import re
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from homeassistant.auth.models import User
from homeassistant.core import Context, HomeAssistant
import voluptuous as vol

from .output import Page, Truncation, paginate, query_scope
from .settings import FileAccess, Settings

if TYPE_CHECKING:
    from .audit import CallStats
    from .changes import ChangeJournal

MAX_DESCRIPTION_LENGTH = 300
_NAME_PATTERN = re.compile(r"^ha_[a-z][a-z0-9_]*$")
# What any tool's name must be to serve as a URL segment and an operationId;
# tools of other LLM APIs served through the bridge (HassTurnOn) keep theirs.
_OPERATION_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,63}$")


class ToolHost(Protocol):
    """What the dispatcher needs from the loaded integration: its settings and counters."""

    @property
    def settings(self) -> Settings:
        """The options in force."""

    @property
    def stats(self) -> CallStats:
        """Where calls are counted for diagnostics."""

    @property
    def journal(self) -> ChangeJournal:
        """Where writes keep what they replaced, for undo."""


def call_context(request_id: str, user: User, within: Context | None) -> Context:
    """Return the context a call acts and is audited in: its id is the request id.

    A call made within another context (an LLM conversation's, or the call of
    ha_call_tool that runs it) gets a child of that one, as an automation's run
    is a child of what triggered it; its user is that context's (none for a
    voice satellite's).
    """
    if within is None:
        return Context(user_id=user.id, id=request_id)
    return Context(user_id=within.user_id, parent_id=within.id, id=request_id)


class ToolCall:
    """One invocation of a tool: who calls, under which settings.

    A plain class with slots: one is made for every call, and what it holds
    beyond the caller (a context, cuts reported) is made only when used.
    """

    __slots__ = (
        "_context",
        "_within",
        "hass",
        "host",
        "journal",
        "request_id",
        "settings",
        "tool_name",
        "truncated",
        "user",
    )

    def __init__(
        self,
        *,
        hass: HomeAssistant,
        user: User,
        host: ToolHost,
        request_id: str,
        tool_name: str,
        context: Context | None = None,
    ) -> None:
        """Describe a call of ``tool_name`` by ``user`` under ``host``'s settings.

        ``context`` is the one the caller acts within, if it brings one (an
        LLM conversation's): the call's own context is made a child of it.
        """
        self.tool_name = tool_name
        self.hass = hass
        self.user = user
        # The loaded integration: its settings, counters and undo journal.
        self.host = host
        self.settings = host.settings
        # Where writes keep what they replaced, for undo.
        self.journal = host.journal
        self.request_id = request_id
        # What the handler cut short itself; the envelope reports it with the
        # size cap's cuts.
        self.truncated: tuple[Truncation, ...] = ()
        self._within = context
        self._context: Context | None = None

    @property
    def context(self) -> Context:
        """The call's own context, which actions run in: see ``call_context``.

        Made on first use, as most reads never act and never need one.
        """
        if self._context is None:
            self._context = call_context(self.request_id, self.user, self._within)
        return self._context

    def paginate(self, items: Sequence[Any], arguments: dict[str, Any]) -> Page:
        """Return the page of ``items`` the ``limit`` and ``cursor`` arguments ask for.

        Its cursor is bound to this tool and these arguments.
        """
        return paginate(items, arguments, query_scope(self.tool_name, arguments))

    def report_truncation(self, path: str, omitted: int, reason: str) -> None:
        """Say that the handler left ``omitted`` items out at ``path`` (a JSON Pointer)."""
        self.truncated = (*self.truncated, Truncation(path, omitted, reason))


type ToolHandler = Callable[[ToolCall, dict[str, Any]], Awaitable[Any]]


class ValidatedArguments(NamedTuple):
    """A request body's arguments once validated, and the names the caller gave."""

    passed: list[str]
    values: dict[str, Any]


@dataclass(frozen=True, kw_only=True, slots=True)
class Tool:
    """A capability offered to agents at ``POST /api/ha_openapi/<name>``."""

    name: str
    description: str
    # A subject the options can switch off as a whole (the integration's ToolCategory).
    category: str
    parameters: vol.Schema
    result: dict[str, Any]
    handler: ToolHandler
    read_only: bool = False
    destructive: bool = False
    requires_admin: bool = False
    # Integrations the tool needs: without them the dispatcher answers 503 and
    # /health lists the tool as unavailable.
    requires_components: tuple[str, ...] = field(default=())
    # The file access option the tool needs (file tools only).
    file_access: FileAccess | None = None
    # Why this installation can never run the tool (None: it can), e.g. add-ons
    # without a Supervisor: such a tool is left out of the spec.
    installation: Callable[[HomeAssistant], str | None] | None = None
    # The media type of a result the tool may send as it is (a BinaryResult)
    # instead of in the JSON envelope, e.g. image/jpeg.
    binary_result: str | None = None
    # Listed in the compact catalogue (the everyday tools, and those that reach
    # the rest).
    core: bool = False
    # Finds or runs other tools: listed only in the compact catalogue, as the
    # full one lists every tool itself.
    finder: bool = False
    # Runs another tool (ha_call_tool): that tool's policy and audit apply, and
    # the handler returns that call's ToolResponse.
    delegates: bool = False
    # The argument names the schema knows, in its order and as a set.
    argument_names: tuple[str, ...] = field(init=False, default=())
    # None when a key is not a plain name: the schema alone checks the names.
    argument_set: frozenset[str] | None = field(init=False, default=frozenset())
    # Recent request bodies and what validating them gave: agents repeat calls
    # (polling a state), and parsing and validating cost more than the lookup.
    validated: dict[bytes, ValidatedArguments] = field(
        init=False, default_factory=dict, compare=False, repr=False
    )

    def __post_init__(self) -> None:
        """Reject definitions that would break URLs, the spec or an LLM's catalogue."""
        if not _OPERATION_PATTERN.match(self.name):
            raise ValueError(
                f"tool name {self.name!r} must be letters, digits, _ or -, at most 64"
            )
        if not 0 < len(self.description) <= MAX_DESCRIPTION_LENGTH:
            raise ValueError(
                f"tool {self.name} description must be 1-{MAX_DESCRIPTION_LENGTH} characters"
            )
        if self.read_only and self.destructive:
            raise ValueError(
                f"tool {self.name} cannot be both read-only and destructive"
            )
        names: list[str] = []
        plain = True
        for key in self.parameters.schema:
            name = key.schema if isinstance(key, vol.Marker) else key
            if isinstance(name, str):
                names.append(name)
            else:
                # A key such as vol.Any("name", "area") (Assist's intents):
                # only the schema knows which names it takes.
                plain = False
        object.__setattr__(self, "argument_names", tuple(names))
        object.__setattr__(self, "argument_set", frozenset(names) if plain else None)


class ToolRegistry:
    """The tools this integration offers, by name."""

    def __init__(self) -> None:
        """Initialize an empty registry."""
        self._tools: dict[str, Tool] = {}

    def register(self, tool: Tool) -> None:
        """Add a tool; names are unique because they are URLs and operation ids."""
        if not _NAME_PATTERN.match(tool.name):
            raise ValueError(
                f"tool name {tool.name!r} must be snake_case with the ha_ prefix"
            )
        if tool.name in self._tools:
            raise ValueError(f"tool {tool.name} is already registered")
        self._tools[tool.name] = tool

    def tool(
        self,
        *,
        name: str,
        description: str,
        category: str,
        parameters: vol.Schema,
        result: dict[str, Any],
        read_only: bool = False,
        destructive: bool = False,
        requires_admin: bool = False,
        requires_components: tuple[str, ...] = (),
        file_access: FileAccess | None = None,
        installation: Callable[[HomeAssistant], str | None] | None = None,
        binary_result: str | None = None,
        core: bool = False,
        finder: bool = False,
        delegates: bool = False,
    ) -> Callable[[ToolHandler], ToolHandler]:
        """Register the decorated handler as a tool."""

        def decorator(handler: ToolHandler) -> ToolHandler:
            self.register(
                Tool(
                    name=name,
                    description=description,
                    category=category,
                    parameters=parameters,
                    result=result,
                    handler=handler,
                    read_only=read_only,
                    destructive=destructive,
                    requires_admin=requires_admin,
                    requires_components=requires_components,
                    file_access=file_access,
                    installation=installation,
                    binary_result=binary_result,
                    core=core,
                    finder=finder,
                    delegates=delegates,
                )
            )
            return handler

        return decorator

    def unregister(self, name: str) -> None:
        """Remove a tool; the spec cache of a loaded entry must be cleared after."""
        del self._tools[name]

    def get(self, name: str) -> Tool | None:
        """Return the tool called ``name``, if any."""
        return self._tools.get(name)

    def __iter__(self) -> Iterator[Tool]:
        """Iterate over the tools in registration order."""
        return iter(self._tools.values())

    def __len__(self) -> int:
        """Return the number of tools."""
        return len(self._tools)


TOOLS = ToolRegistry()
