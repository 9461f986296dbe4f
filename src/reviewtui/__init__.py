"""reviewtui: run outcome reviews from the terminal, recorded as an append-only event log."""

__version__ = "0.1.0"
