"""`python -m harvester` is `harvest`."""

from harvester.cli import app

app()
