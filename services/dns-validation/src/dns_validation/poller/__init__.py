"""DNS lookups and the background poller."""
