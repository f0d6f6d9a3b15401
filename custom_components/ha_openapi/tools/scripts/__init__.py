"""Script tools: list, read, create, update and delete scripts in scripts.yaml."""

from . import scripts

__all__ = ["scripts"]
