"""Route modules: requests (POST), checkdns (GET) and health probes."""
