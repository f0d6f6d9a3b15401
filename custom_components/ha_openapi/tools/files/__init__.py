"""Files in the configuration folder, jailed; YAML keys edited without losing a byte.

Every tool here needs the file access option (off by default): reading tools
need read-only, writing tools read-write. All are for administrators.
"""

from . import reading, writing, yaml_tools

__all__ = ["reading", "writing", "yaml_tools"]
