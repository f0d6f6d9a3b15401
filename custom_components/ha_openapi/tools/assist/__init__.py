"""Assist: conversation agents, spoken to as the calling user."""

from . import conversation

__all__ = ["conversation"]
