"""The session as it is used: opened, written (one path, one set of rules), exported, looked back on.

Between the entry points (cli.py, ui/, serve/) and the files (store/): no Textual, no TinyDB
calls of its own. Every command, from the CLI and the app alike, goes through here.
"""
