"""Alembic environment: runs on the connection harvest hands over, or on HARVEST_DB / alembic.ini's URL."""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import create_engine

from harvester.catalog.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copy
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    from harvester.catalog.db import to_url

    url = to_url(os.environ.get("HARVEST_DB") or config.get_main_option("sqlalchemy.url"))
    with create_engine(url).connect() as conn:
        _run(conn)
