"""The tool framework: registry, policy, dispatch, errors, output bounds and audit."""
