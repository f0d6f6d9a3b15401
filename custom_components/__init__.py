"""Custom integrations (this repository ships one: ha_openapi)."""
