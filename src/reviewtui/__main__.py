"""`python -m reviewtui`: the same entry point as the `reviewtui` console script."""

from reviewtui.cli import main

raise SystemExit(main())
