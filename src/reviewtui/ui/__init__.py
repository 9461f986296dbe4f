"""The Textual app: screens, widgets, dialogs and styles. The only layer that imports textual."""
