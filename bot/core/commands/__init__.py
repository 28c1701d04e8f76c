"""Command declarations (``spec``) and their handlers, written once for every platform."""
