"""Pure domain logic: target normalisation and DNS validators (no I/O)."""
