r"""A control tool as data: what a domain can do, and the tool made from it.

Device control repeats one shape: an argument the entity may or may not support
(a feature bit), whose value must be one of its options or within its limits,
sent to an action, whose effect shows in the new state. A ``ControlDomain``
describes a domain in those terms, in the spirit of Home Assistant's
``ServiceIntentHandler`` and entity descriptions:

- ``actions``: what the ``action`` argument can ask for (on, open, arm_away...),
  each an ``Action``: the service, the feature it needs, what state it leads to;
- ``modifiers``: ``Field``\\ s sent with the action (a light's brightness, a code);
- ``settings``: ``Setting``\\ s, each its own action and step (a fan's speed).

``control_tool`` turns a description into a tool: the argument schema, the checks
against the entity, and the steps run by ``engine.async_run_steps``. A domain
with logic no table can say (a light's color modes, a climate's range) adds a
``check`` hook, run after the table's own checks.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from homeassistant.core import State
from homeassistant.helpers import config_validation as cv
import voluptuous as vol

from ...const import ToolCategory
from ...framework.errors import InvalidArguments
from ...framework.tool import Tool, ToolCall
from .engine import (
    CONTROL_RESULT,
    ActionExpectation,
    Expectation,
    Status,
    Step,
    Verify,
    all_of,
    async_run_steps,
    controllable_state,
    require,
    require_in_limits,
    require_option,
    supports,
)

# Extra checks for what a table cannot say; raises InvalidArguments (400) or a conflict.
type Check = Callable[[ToolCall, State, Mapping[str, Any]], None]


def words(value: Any) -> str:
    """Write a value as a person would (50, not 50.0; true, not True)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return format(value, "g")
    if isinstance(value, list):
        return ", ".join(words(item) for item in value)
    return str(value)


@dataclass(frozen=True, kw_only=True, slots=True)
class Field:
    """A tool argument, checked against the entity, then sent as action data."""

    name: str
    validator: Any
    description: str
    required: bool = False
    # supported_features bits the entity needs (any of them); 0 when none.
    feature: int = 0
    # Completes "<entity_id> ..." when the feature is missing.
    unsupported: str = ""
    # Attribute listing the values the entity accepts.
    options: str | None = None
    # Attributes holding the lowest and highest value the entity accepts.
    limits: tuple[str, str] | None = None
    # Key in the action data, when it is not the argument's name.
    key: str | None = None
    verify: Verify | None = None
    # Never echoed back in the step's description (a code); not for settings.
    secret: bool = False

    def schema(self) -> dict[Any, Any]:
        """Return the argument's entry in the tool's schema."""
        marker = vol.Required if self.required else vol.Optional
        return {marker(self.name, description=self.description): self.validator}

    def check(self, state: State, value: Any) -> None:
        """400 when the entity lacks the feature, the option or the range."""
        if self.feature:
            require(
                supports(state, self.feature),
                self.name,
                f"{state.entity_id} "
                f"{self.unsupported or 'does not support ' + self.name.replace('_', ' ')}",
            )
        if self.options:
            require_option(state, self.name, value, self.options)
        if self.limits:
            require_in_limits(state, self.name, value, self.limits)

    def data(self, value: Any) -> dict[str, Any]:
        """Return the action data for ``value``."""
        return {self.key or self.name: value}

    def described(self, value: Any) -> str:
        """How the request reads in a step ("brightness_pct 50")."""
        return f"{self.name} {words(value)}"


@dataclass(frozen=True, kw_only=True, slots=True)
class Setting(Field):
    """A field with its own action: one step each, in the table's order."""

    service: str
    # Further arguments sent in the same call, and those of them it cannot go without.
    companions: tuple[Field, ...] = ()
    requires: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True, slots=True)
class Action:
    """One value of the ``action`` argument."""

    service: str
    feature: int = 0
    expect: ActionExpectation | None = None
    # Completes "<entity_id> ..." when the feature is missing; by default the
    # message lists the actions the entity can do.
    unsupported: str = ""
    # How the request reads in a step; the action's name with spaces by default.
    says: str = ""


@dataclass(frozen=True, kw_only=True, slots=True)
class ControlDomain:
    """Everything a control tool for one kind of entity needs to know."""

    tool: str
    description: str
    domains: tuple[str, ...]
    actions: Mapping[str, Action] = field(default_factory=dict)
    # Whether the action argument must be given; with one action and none asked
    # for, there is no action argument and the default always applies.
    action_required: bool = False
    ask_action: bool = True
    default_action: str | None = None
    # Modifiers that only go with some actions; others go with any.
    modifiers: tuple[Field, ...] = ()
    modifier_actions: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    settings: tuple[Setting, ...] = ()
    settings_first: bool = False
    check: Check | None = None
    status: Status | None = None
    requires_admin: bool = False
    entity_description: str = "Entity id"

    def parameters(self) -> vol.Schema:
        """Return the tool's argument schema."""
        schema: dict[Any, Any] = {
            vol.Required("entity_id", description=self.entity_description): (
                cv.entity_id
            )
        }
        if self.actions and self.ask_action:
            marker = vol.Required if self.action_required else vol.Optional
            schema[
                marker(
                    "action",
                    description=f"Default {self.default_action}"
                    if self.default_action
                    else "What to do",
                )
            ] = vol.In(list(self.actions))
        for argument in (
            *self.modifiers,
            *self.settings,
            *(
                companion
                for setting in self.settings
                for companion in setting.companions
            ),
        ):
            schema.update(argument.schema())
        return vol.Schema(schema)

    def steps(
        self, call: ToolCall, state: State, arguments: Mapping[str, Any]
    ) -> list[Step]:
        """Check the request against the entity and turn it into steps, in order."""
        name = arguments.get("action", self.default_action)
        action_steps = [self.action_step(state, name, arguments)] if name else []
        setting_steps = [
            self._setting_step(state, setting, arguments)
            for setting in self.settings
            if setting.name in arguments
        ]
        for setting in self.settings:
            for companion in setting.companions:
                require(
                    setting.name in arguments or companion.name not in arguments,
                    companion.name,
                    f"only with {setting.name}",
                )
        if self.check:
            self.check(call, state, arguments)
        if self.settings_first:
            return setting_steps + action_steps
        return action_steps + setting_steps

    def action_step(
        self, state: State, name: str, arguments: Mapping[str, Any]
    ) -> Step:
        """Return the step for action ``name`` with the modifiers in ``arguments``."""
        action = self.actions[name]
        says = action.says or name.replace("_", " ")
        if action.feature and not supports(state, action.feature):
            can = [
                other
                for other, candidate in self.actions.items()
                if not candidate.feature or supports(state, candidate.feature)
            ]
            reason = action.unsupported or (
                f"cannot {says}; it can {', '.join(can)}"
                if can
                else f"cannot {says}; it supports none of {self.tool}'s actions"
            )
            # Without an action argument the refusal is about the entity itself.
            field_name = "action" if self.ask_action else "entity_id"
            raise InvalidArguments(
                f"{field_name}: {state.entity_id} {reason}", field=field_name
            )
        for modifier in self.modifiers:
            allowed = self.modifier_actions.get(modifier.name)
            require(
                modifier.name not in arguments or allowed is None or name in allowed,
                modifier.name,
                f"only with action {' or '.join(allowed or ())}",
            )
        data, described, expectations = _apply(state, self.modifiers, arguments)
        if action.expect:
            expectations.insert(0, action.expect(state, arguments))
        requested = f"{says} ({', '.join(described)})" if described else says
        return Step(action.service, data, requested, all_of(expectations))

    @staticmethod
    def _setting_step(
        state: State, setting: Setting, arguments: Mapping[str, Any]
    ) -> Step:
        """Return the step that applies one setting, with its companions."""
        for name in setting.requires:
            require(name in arguments, name, f"required with {setting.name}")
        data, described, expectations = _apply(
            state, (setting, *setting.companions), arguments
        )
        # The setting itself is given, so its words come first.
        requested, *companions = described
        if companions:
            requested += f" ({', '.join(companions)})"
        return Step(setting.service, data, requested, all_of(expectations))


def _apply(
    state: State, fields: tuple[Field, ...], arguments: Mapping[str, Any]
) -> tuple[dict[str, Any], list[str], list[Expectation]]:
    """Check the fields given against the entity; return their data, words and checks."""
    data: dict[str, Any] = {}
    described: list[str] = []
    expectations: list[Expectation] = []
    for argument in fields:
        if argument.name not in arguments:
            continue
        value = arguments[argument.name]
        argument.check(state, value)
        data |= argument.data(value)
        if not argument.secret:
            described.append(argument.described(value))
        if argument.verify:
            expectations.append(argument.verify(value, state))
    return data, described, expectations


def control_tool(description: ControlDomain) -> Tool:
    """Make the tool that ``description`` describes."""

    async def control(call: ToolCall, arguments: dict[str, Any]) -> dict[str, Any]:
        state = controllable_state(call, arguments["entity_id"], description.domains)
        return await async_run_steps(
            call,
            state.entity_id,
            state.domain,
            description.steps(call, state, arguments),
            description.status,
        )

    return Tool(
        name=description.tool,
        description=description.description,
        category=ToolCategory.CONTROL,
        parameters=description.parameters(),
        result=CONTROL_RESULT,
        handler=control,
        requires_admin=description.requires_admin,
    )
