"""Helper tools: the storage-backed input_*, counter, timer and schedule helpers."""

from . import helpers

__all__ = ["helpers"]
