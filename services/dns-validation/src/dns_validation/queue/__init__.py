"""The ``dns_requests`` table and the job repository (claiming, conditional writes)."""
