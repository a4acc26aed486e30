"""dns_services_gateway."""
