"""harvester: code links and datasets from arXiv listings, in a SQL catalog."""

__version__ = "0.1.0"
