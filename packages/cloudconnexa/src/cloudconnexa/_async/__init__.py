"""The client implementation (hand-written in ``_async``; ``_sync`` is generated from it)."""
