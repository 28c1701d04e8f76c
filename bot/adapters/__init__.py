"""Platform adapters: translate payloads to core requests and replies back. No business logic."""
