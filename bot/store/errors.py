"""The store's one error a person reads, importable without importing a database library."""


class DatabaseError(Exception):
    """The database URL is wrong or the database cannot be reached; one sentence for a person."""
