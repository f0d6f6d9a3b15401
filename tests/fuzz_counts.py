"""What the generated-input tests tried, by answer class, printed after a run.

The property tests (hypothesis, in-process) and schemathesis (a real server)
add their cases here; tests/conftest.py prints the counts in pytest's summary,
so a run shows how much bad input was tried and how it was answered.
"""

from __future__ import annotations

from collections import Counter

COUNTS: dict[str, Counter[str]] = {}


def count(source: str, status: int) -> None:
    """Count one answer of ``source`` by its class (2xx, 4xx, 5xx)."""
    COUNTS.setdefault(source, Counter())[f"{status // 100}xx"] += 1


def summary() -> list[str]:
    """One line per source: cases tried, and how many of each answer class."""
    return [
        f"{source}: {sum(classes.values())} cases; "
        + ", ".join(f"{kind}: {classes[kind]}" for kind in ("2xx", "4xx", "5xx"))
        for source, classes in sorted(COUNTS.items())
    ]
