"""The tool framework: registry, policy, dispatch, errors, output bounds and audit.

It imports nothing from the integration package above it: the views hand the
dispatcher what it needs (the caller, the settings, the counters), and tools
register themselves with ``tool.TOOLS``.
"""
