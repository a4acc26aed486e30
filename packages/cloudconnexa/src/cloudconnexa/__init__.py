"""cloudconnexa."""
