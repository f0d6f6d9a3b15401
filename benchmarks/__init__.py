"""Performance figures, printed by scripts/benchmark (not part of scripts/test)."""
