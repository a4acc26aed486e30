"""HTTP layer: routes, request gate (media type, body size, rate limit) and error handlers."""
