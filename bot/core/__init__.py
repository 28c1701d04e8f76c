"""The platform-neutral core: requests in, replies out. Imports no platform library."""
