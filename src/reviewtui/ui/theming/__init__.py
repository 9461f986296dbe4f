"""Themes: bundled and user theme files, validated, registered with the app, chosen and saved.

`spec` reads and checks one file, `catalogue` finds every file and what was wrong with any,
`variables` holds reviewtui's own theme variables, `settings` the saved choice, `choice` the
order in which a theme is picked at start, and `palette` the command palette's live preview.
"""
