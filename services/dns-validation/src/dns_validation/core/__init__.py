"""Configuration, database engine and logging for the service."""
