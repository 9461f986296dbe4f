"""One pane per kind of phase; the facilitator screen shows the current phase's pane."""
