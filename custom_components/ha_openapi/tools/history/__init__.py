"""Looking back: state history, the logbook and long-term statistics, from the recorder."""

from . import energy, logbook, state_history, statistics

__all__ = ["energy", "logbook", "state_history", "statistics"]
