"""`reviewtui serve`: reviewtui as its own SSH endpoint, one reviewtui process on its own pty per person."""
