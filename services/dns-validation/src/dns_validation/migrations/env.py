"""Alembic environment: runs on the connection handed over by ``dns_validation.core.db``."""

from alembic import context

from dns_validation.queue.models import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - always driven through dns_validation.core.db.migrate
    raise RuntimeError("run migrations with `dns-validation migrate`")
context.configure(connection=connection, target_metadata=metadata)
with context.begin_transaction():
    context.run_migrations()
