"""Which tools fit a task in words: a small weighted word match, no dependencies.

Each tool is a bag of words from its name (weighted most), category,
description and argument names. A request's words, and the words they usually
stand for in a home ("dim" is a light's brightness, "thermostat" is climate),
score by how rare they are among the tools, so "light" counts more than "entity".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
import math
import re

from ...framework.tool import Tool

_WORD = re.compile(r"[a-z0-9]+")
_NAME_WEIGHT = 3.0
_CATEGORY_WEIGHT = 1.5
_DESCRIPTION_WEIGHT = 1.0
_ARGUMENT_WEIGHT = 0.75
# Words a request usually means by another word tools use.
_SYNONYM_WEIGHT = 0.8
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "can",
        "could",
        "do",
        "does",
        "for",
        "from",
        "get",
        "give",
        "how",
        "i",
        "in",
        "into",
        "is",
        "it",
        "its",
        "me",
        "my",
        "of",
        "on",
        "or",
        "our",
        "please",
        "show",
        "so",
        "tell",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "this",
        "to",
        "up",
        "us",
        "was",
        "we",
        "what",
        "when",
        "where",
        "which",
        "who",
        "will",
        "with",
        "would",
        "you",
        "your",
        "ha",
        "tool",
        "tools",
    ]
)
SYNONYMS: dict[str, tuple[str, ...]] = {
    "dim": ("light", "brightness"),
    "brighten": ("light", "brightness"),
    "lamp": ("light",),
    "bulb": ("light",),
    "colour": ("color", "light"),
    "color": ("light",),
    "thermostat": ("climate", "temperature"),
    "heating": ("climate",),
    "heat": ("climate",),
    "cooling": ("climate",),
    "aircon": ("climate",),
    "warmer": ("climate", "temperature"),
    "colder": ("climate", "temperature"),
    "blind": ("cover",),
    "shade": ("cover",),
    "curtain": ("cover",),
    "garage": ("cover",),
    "shutter": ("cover",),
    "music": ("media", "player"),
    "song": ("media", "player"),
    "tv": ("media", "player"),
    "volume": ("media", "player"),
    "speaker": ("media", "player"),
    "play": ("media", "player"),
    "pause": ("media", "player"),
    "door": ("lock", "cover"),
    "unlock": ("lock",),
    "shopping": ("todo", "list"),
    "grocery": ("todo", "list"),
    "chore": ("todo",),
    "task": ("todo",),
    "milk": ("todo", "item"),
    "appointment": ("calendar", "event"),
    "meeting": ("calendar", "event"),
    "schedule": ("calendar",),
    "agenda": ("calendar", "event"),
    "tomorrow": ("calendar", "forecast"),
    "rain": ("weather", "forecast"),
    "sunny": ("weather", "forecast"),
    "snapshot": ("camera", "image"),
    "see": ("camera", "image"),
    "picture": ("camera", "image"),
    "photo": ("camera", "image"),
    "electricity": ("energy",),
    "power": ("energy",),
    "solar": ("energy",),
    "consumption": ("energy",),
    "usage": ("energy",),
    "yesterday": ("history",),
    "last": ("history",),
    "ago": ("history",),
    "happened": ("logbook", "history"),
    "trend": ("statistic", "history"),
    "average": ("statistic",),
    "notify": ("notification",),
    "remind": ("notification",),
    "message": ("notification", "send"),
    "alert": ("notification",),
    "card": ("dashboard",),
    "view": ("dashboard",),
    "lovelace": ("dashboard",),
    "panel": ("dashboard",),
    "whenever": ("automation",),
    "rule": ("automation",),
    "routine": ("script", "automation"),
    "mood": ("scene",),
    "room": ("area",),
    "rooms": ("area",),
    "rename": ("update",),
    "change": ("update",),
    "edit": ("update",),
    "modify": ("update",),
    "add": ("create", "add"),
    "new": ("create",),
    "make": ("create",),
    "remove": ("delete", "remove"),
    "undo": ("change", "undo"),
    "revert": ("undo",),
    "robot": ("vacuum", "lawn", "mower"),
    "mow": ("lawn", "mower"),
    "ask": ("converse", "assist"),
    "assistant": ("assist", "converse"),
    "jinja": ("template",),
    "log": ("logs", "logbook"),
    "error": ("logs",),
    "reboot": ("restart",),
    "yaml": ("yaml", "file"),
    "config": ("configuration", "file"),
    "who": ("overview",),
    "home": ("overview",),
    "open": ("cover",),
    "find": ("search",),
    "which": ("search",),
    "status": ("state",),
    "sensor": ("state", "entity"),
    "temperature": ("state",),
    "humidity": ("state",),
    "done": ("update", "status", "complete"),
    "complete": ("update", "status"),
    "mark": ("update",),
    "disable": ("enabled",),
    "enable": ("enabled",),
    "turn": ("control",),
}


def words(text: str) -> list[str]:
    """Return the words of ``text``: lower case, singular, without stop words."""
    return [
        _singular(word)
        for word in _WORD.findall(text.lower().replace("_", " "))
        if word not in STOP_WORDS
    ]


def _singular(word: str) -> str:
    """Return ``word`` without a plural ending (lights, entities), roughly."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


@dataclass(frozen=True, slots=True)
class ToolDocument:
    """A tool's weighted words."""

    tool: Tool
    weights: dict[str, float]


def document(tool: Tool) -> ToolDocument:
    """Weigh the words a tool is known by."""
    weights: dict[str, float] = {}
    for text, weight in (
        (tool.name.removeprefix("ha_"), _NAME_WEIGHT),
        (str(tool.category), _CATEGORY_WEIGHT),
        (tool.description, _DESCRIPTION_WEIGHT),
        (" ".join(tool.argument_names), _ARGUMENT_WEIGHT),
    ):
        for word in set(words(text)):
            weights[word] = max(weights.get(word, 0.0), weight)
    return ToolDocument(tool, weights)


def rank(task: str, tools: Iterable[Tool]) -> list[tuple[Tool, float]]:
    """Return the tools by how well they fit ``task``, best first, with scores > 0."""
    documents = [document(tool) for tool in tools]
    frequency: Counter[str] = Counter(word for doc in documents for word in doc.weights)

    def rarity(word: str) -> float:
        return math.log(1 + len(documents) / (1 + frequency[word]))

    query: dict[str, float] = {}
    for word in words(task):
        query[word] = 1.0
        for meant in SYNONYMS.get(word, ()):
            query.setdefault(meant, _SYNONYM_WEIGHT)
    scored = [
        (
            doc.tool,
            sum(
                weight * doc.weights[word] * rarity(word)
                for word, weight in query.items()
                if word in doc.weights
            ),
        )
        for doc in documents
    ]
    return sorted((pair for pair in scored if pair[1] > 0), key=lambda pair: -pair[1])
