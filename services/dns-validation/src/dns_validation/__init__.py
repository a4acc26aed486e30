"""dns_validation."""
