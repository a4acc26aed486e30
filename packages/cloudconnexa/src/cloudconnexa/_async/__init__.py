"""The asynchronous client (source of truth; ``_sync`` is generated from it)."""
