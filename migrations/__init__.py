"""Alembic migrations of the catalog; shipped in the package as harvester.migrations."""
