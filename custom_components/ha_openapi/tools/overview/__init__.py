"""A compact, factual summary of the home."""

from . import home_overview

__all__ = ["home_overview"]
