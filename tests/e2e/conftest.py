"""End-to-end tests drive a separate Home Assistant process, not the in-process test instance."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations() -> None:
    """Override the suite-wide fixture: these tests start no in-process Home Assistant."""
