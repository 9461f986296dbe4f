"""Modal dialogs: one module each."""
