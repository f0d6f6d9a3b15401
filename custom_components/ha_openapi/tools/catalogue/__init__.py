"""The catalogue: find the tools for a task, and call any of them by name.

With the compact catalogue option the spec and the LLM API list only the core
tools; these two reach every other tool the caller may use.
"""

from . import call_tool, find_tools

__all__ = ["call_tool", "find_tools"]
