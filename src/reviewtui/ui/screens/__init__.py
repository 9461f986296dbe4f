"""One module per screen; each owns its bindings and handlers."""
