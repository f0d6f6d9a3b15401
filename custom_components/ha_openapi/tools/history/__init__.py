"""Looking back: state history, the logbook and long-term statistics, from the recorder."""

from . import logbook, state_history, statistics

__all__ = ["logbook", "state_history", "statistics"]
