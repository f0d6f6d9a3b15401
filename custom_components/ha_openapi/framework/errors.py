"""Errors a tool raises, and how Home Assistant's own exceptions map onto them.

Every failure reaches the caller as one JSON envelope with an HTTP status, a stable
machine-readable ``code`` and a short message an LLM can act on. Tools raise the
classes below; ``from_home_assistant`` translates what Home Assistant raises.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from difflib import get_close_matches
from http import HTTPStatus
from typing import Any

from homeassistant.exceptions import (
    HomeAssistantError,
    InvalidEntityFormatError,
    MaxLengthExceeded,
    ServiceNotFound,
    ServiceValidationError,
    TemplateError,
    Unauthorized,
)
import voluptuous as vol

MAX_MESSAGE_LENGTH = 1000
MAX_FIELD_LENGTH = 200
MAX_SUGGESTIONS = 10


class ToolError(Exception):
    """A failure to report to the caller as it is."""

    status = HTTPStatus.INTERNAL_SERVER_ERROR
    code = "error"

    def __init__(
        self,
        message: str,
        *,
        suggestions: list[str] | None = None,
        field: str | None = None,
    ) -> None:
        """Initialize with a message for the caller."""
        super().__init__(message)
        self.message = message
        self.suggestions = suggestions or []
        self.field = field

    def as_dict(self) -> dict[str, Any]:
        """Return the ``error`` member of the envelope, bounded whatever it names.

        An error can echo what the caller sent (thousands of unknown ids), so the
        message, the field and the suggestions are each capped: an error body
        always fits the smallest response size cap.
        """
        error: dict[str, Any] = {"code": self.code, "message": _bounded(self.message)}
        if self.field is not None:
            error["field"] = _bounded(self.field, MAX_FIELD_LENGTH)
        if self.suggestions:
            error["suggestions"] = [
                _bounded(suggestion, MAX_FIELD_LENGTH)
                for suggestion in self.suggestions[:MAX_SUGGESTIONS]
            ]
        return error


def _bounded(text: str, limit: int = MAX_MESSAGE_LENGTH) -> str:
    """Return ``text``, or its start and how much was left out."""
    if len(text) <= limit:
        return text
    return f"{text[: limit - 40]}... ({len(text) - limit + 40} more characters)"


class InvalidArguments(ToolError):
    """The arguments do not fit the tool's schema or the target's capabilities."""

    status = HTTPStatus.BAD_REQUEST
    code = "invalid_arguments"


class Forbidden(ToolError):
    """The caller is authenticated but may not do this (never 401: it counts as a failed login)."""

    status = HTTPStatus.FORBIDDEN
    code = "forbidden"


class NotFound(ToolError):
    """Something the caller named does not exist."""

    status = HTTPStatus.NOT_FOUND
    code = "not_found"


class Conflict(ToolError):
    """The request is valid, but the current state of what it names rules it out."""

    status = HTTPStatus.CONFLICT
    code = "conflict"


class Unavailable(ToolError):
    """The integration, or something a tool depends on, is not running."""

    status = HTTPStatus.SERVICE_UNAVAILABLE
    code = "unavailable"


class RequestTooLarge(ToolError):
    """The request body is larger than any tool's arguments can be."""

    status = HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    code = "request_too_large"


class HomeAssistantFailure(ToolError):
    """Home Assistant refused or failed the operation; its message is passed on."""

    status = HTTPStatus.INTERNAL_SERVER_ERROR
    code = "home_assistant_error"


class InternalError(ToolError):
    """Something failed that the caller cannot fix; the log has it under the request id."""

    status = HTTPStatus.INTERNAL_SERVER_ERROR
    code = "internal_error"

    def __init__(self, request_id: str) -> None:
        """Initialize for the request whose log entry holds the details."""
        super().__init__(
            "internal error; the Home Assistant log has the details under "
            f"request {request_id}"
        )


def close_matches(
    word: str, candidates: Iterable[str], limit: int = 3, cutoff: float = 0.6
) -> list[str]:
    """Return the candidates that look most like ``word``, best first."""
    return get_close_matches(word, list(candidates), n=limit, cutoff=cutoff)


def not_found(kind: str, name: str, candidates: Iterable[str]) -> NotFound:
    """Build a NotFound that names what is missing and what the caller may have meant."""
    suggestions = close_matches(name, candidates)
    message = f"{kind} {name} not found"
    if suggestions:
        message += f"; did you mean {' or '.join(suggestions)}?"
    return NotFound(message, suggestions=suggestions)


def describe_invalid(error: vol.Invalid, prefix: str = "") -> InvalidArguments:
    """Turn a schema error into a 400 that names the field and what was expected."""
    errors = getattr(error, "errors", None) or [error]
    first = errors[0]
    # str.__str__ so a group's virtual path part reads "brightness", not "<brightness>".
    path = ".".join(
        str.__str__(part) if isinstance(part, str) else str(part)
        for part in [prefix, *first.path]
        if part != ""
    )
    message = f"{path}: {first.msg}" if path else str(first.msg)
    if len(errors) > 1:
        message += (
            f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})"
        )
    return InvalidArguments(message, field=path or None)


def from_home_assistant(
    error: HomeAssistantError | vol.Invalid, message: str | None = None
) -> ToolError:
    """Map an exception raised by Home Assistant to the error the caller sees.

    Home Assistant's refusals of bad input are 400s, its permission refusals 403,
    what it cannot find 404; anything else it raises is its own failure (500,
    with its message passed on). ``message`` replaces the exception's own text
    (a translation key when HA had not loaded the integration's messages).
    """
    if isinstance(error, vol.Invalid):
        return describe_invalid(error)
    if isinstance(error, Unauthorized):
        return Forbidden("Home Assistant does not allow this user to do that")
    text = message or str(error)
    if isinstance(error, ServiceNotFound):
        return NotFound(text)
    if isinstance(error, MaxLengthExceeded):
        return InvalidArguments(
            f"{error.property_name}: longer than the {error.max_length} characters "
            "Home Assistant allows",
            field=error.property_name,
        )
    if isinstance(
        error, (ServiceValidationError, InvalidEntityFormatError, TemplateError)
    ):
        return InvalidArguments(text or "Home Assistant rejected the request")
    return HomeAssistantFailure(text or type(error).__name__)


@contextmanager
def refused_as_invalid(field: str) -> Iterator[None]:
    """Report a ValueError from a Home Assistant API that refuses input that way as a 400.

    The registries raise ValueError for a name that is taken once normalised
    ("Probe Room" and "ProbeRoom"); only wrap calls whose ValueErrors mean that.
    """
    try:
        yield
    except ValueError as err:
        raise InvalidArguments(f"{field}: {err}", field=field) from err
