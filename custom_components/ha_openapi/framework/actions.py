"""Several writes on one kind of thing as one tool with an ``action`` argument.

A model pays for every tool in its catalogue: a name, a description and an
argument schema each. Adding, changing, removing and moving a dashboard card
are four writes with nearly the same arguments; as one tool choosing among them
with ``action`` they cost a third. Reads stay tools of their own, so a
read-only catalogue (HA's MCP server option) keeps them.

Each action keeps its own schema and handler. The tool's schema lists every
argument of every action (for the spec and the LLM API); a call is checked
against the chosen action's schema, so an argument the action requires, or
does not take, is a 400 as it would be for a tool of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from homeassistant.core import HomeAssistant
import voluptuous as vol

from .schema import to_json_schema
from .settings import FileAccess
from .tool import Tool, ToolCall, ToolHandler

ACTION = "action"


@dataclass(frozen=True, kw_only=True, slots=True)
class Action:
    """One write a tool can do: its arguments and its handler."""

    parameters: vol.Schema
    handler: ToolHandler
    destructive: bool = False

    @property
    def argument_names(self) -> tuple[str, ...]:
        """Return the names of the arguments the action takes, in schema order."""
        return tuple(str(key) for key in self.parameters.schema)

    @property
    def required_names(self) -> tuple[str, ...]:
        """Return the names of the arguments the action cannot do without."""
        return tuple(
            str(key) for key in self.parameters.schema if isinstance(key, vol.Required)
        )


class ActionSchema(vol.Schema):  # type: ignore[misc]
    """Every action's arguments as one schema; a call is checked by its action's.

    ``schema`` (what the spec and the LLM API show) holds ``action`` and the
    arguments of all actions, each described by the first action taking it.
    """

    def __init__(self, actions: Mapping[str, Action]) -> None:
        """Build the combined schema of ``actions``; one argument, one meaning."""
        combined: dict[Any, Any] = {
            vol.Required(ACTION, description=_needs(actions)): vol.In(list(actions))
        }
        shapes: dict[str, Any] = {}
        markers: dict[str, vol.Marker] = {}
        defaults: dict[str, list[Any]] = {}
        validators: dict[str, Any] = {}
        for name, action in actions.items():
            for key, validator in action.parameters.schema.items():
                shape = _shape(validator)
                if (known := shapes.setdefault(str(key), shape)) != shape:
                    raise ValueError(
                        f"argument {key} of action {name} differs from another "
                        f"action's: {shape} and {known}"
                    )
                markers.setdefault(str(key), key)
                validators.setdefault(str(key), validator)
                defaults.setdefault(str(key), []).append(_default(key))
        for argument, marker in markers.items():
            # A default shown only where every action taking it has the same one.
            default, *others = defaults[argument]
            combined[
                vol.Optional(
                    argument,
                    description=getattr(marker, "description", None),
                    default=default
                    if all(other == default for other in others)
                    else vol.UNDEFINED,
                )
            ] = validators[argument]
        super().__init__(combined)
        self.actions = dict(actions)

    def __call__(self, data: Any) -> dict[str, Any]:
        """Validate ``data`` with the schema of the action it names."""
        if not isinstance(data, dict):
            raise vol.Invalid("expected an object of arguments")
        chosen = data.get(ACTION)
        action = self.actions.get(chosen) if isinstance(chosen, str) else None
        if action is None:
            raise vol.Invalid(
                f"expected one of {', '.join(self.actions)}", path=[ACTION]
            )
        arguments = {key: value for key, value in data.items() if key != ACTION}
        known = action.argument_names
        for key in arguments:
            if key not in known:
                raise vol.Invalid(
                    f"not an argument of {chosen}, which takes {', '.join(known)}",
                    path=[key],
                )
        values: dict[str, Any] = action.parameters(arguments)
        return {ACTION: chosen, **values}


def _needs(actions: Mapping[str, Action]) -> str:
    """Say which arguments each action requires, those all require once."""
    required = [action.required_names for action in actions.values()]
    common = [name for name in required[0] if all(name in names for names in required)]
    if not common:
        return "Needs " + "; ".join(
            f"{name}: {', '.join(action.required_names) or 'nothing'}"
            for name, action in actions.items()
        )
    more = [
        f"{name}: {', '.join(own)}"
        for name, action in actions.items()
        if (own := [arg for arg in action.required_names if arg not in common])
    ]
    return "; ".join([f"All need {', '.join(common)}", *more])


def _default(key: Any) -> Any:
    """Return the default of a schema key, or vol.UNDEFINED."""
    default = getattr(key, "default", vol.UNDEFINED)
    return default() if callable(default) else default


def _shape(validator: Any) -> Any:
    """Return the JSON types an argument takes (not its bounds or description)."""
    properties = to_json_schema(vol.Schema({vol.Optional("value"): validator}))
    return _types(properties["properties"]["value"])


def _types(schema: Any) -> Any:
    if not isinstance(schema, dict):
        return schema
    return {
        key: [_types(option) for option in value]
        if key == "anyOf"
        else _types(value)
        if key == "items"
        else value
        for key, value in schema.items()
        if key in ("type", "anyOf", "items")
    }


class ActionTool:
    """Collects the actions of one tool, then makes the tool."""

    def __init__(
        self,
        *,
        name: str,
        description: str,
        category: str,
        result: dict[str, Any],
        requires_admin: bool = False,
        requires_components: tuple[str, ...] = (),
        file_access: FileAccess | None = None,
        installation: Callable[[HomeAssistant], str | None] | None = None,
    ) -> None:
        """Describe the tool; ``action`` adds what it can do."""
        self.name = name
        self.description = description
        self.category = category
        self.result = result
        self.requires_admin = requires_admin
        self.requires_components = requires_components
        self.file_access = file_access
        self.installation = installation
        self.actions: dict[str, Action] = {}

    def action(
        self, name: str, parameters: vol.Schema, *, destructive: bool = False
    ) -> Callable[[ToolHandler], ToolHandler]:
        """Add the decorated handler as the action ``name``."""

        def decorator(handler: ToolHandler) -> ToolHandler:
            if name in self.actions:
                raise ValueError(f"action {name} is already defined")
            self.actions[name] = Action(
                parameters=parameters, handler=handler, destructive=destructive
            )
            return handler

        return decorator

    def tool(self) -> Tool:
        """Return the tool doing every action added; destructive if one is."""
        actions = dict(self.actions)

        async def run(call: ToolCall, arguments: dict[str, Any]) -> Any:
            return await actions[arguments.pop(ACTION)].handler(call, arguments)

        return Tool(
            name=self.name,
            description=self.description,
            category=self.category,
            parameters=ActionSchema(actions),
            result=self.result,
            handler=run,
            destructive=any(action.destructive for action in actions.values()),
            requires_admin=self.requires_admin,
            requires_components=self.requires_components,
            file_access=self.file_access,
            installation=self.installation,
        )
